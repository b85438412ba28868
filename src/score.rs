//! Stage 4: SMART scoring and the findings that depend on the kind.
//! (Baseline; the full rules are written down in DESIGN.md.)

use crate::analysis::{Doc, Draft};
use crate::classify::Decision;
use crate::lexicon::{Category, Severity};
use crate::record::{Criterion, CriterionScore, Finding, Kind, OwnerKind, Smart, TimeKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub smart: Smart,
    /// Overall 0–100.
    pub total: u8,
}

fn missing(rule: &str, criterion: Criterion, severity: Severity, message: &str, suggestion: &str) -> Finding {
    Finding {
        rule: rule.into(),
        criterion: Some(criterion),
        severity,
        message: message.into(),
        suggestion: Some(suggestion.into()),
        start: None,
        end: None,
        text: None,
    }
}

pub fn score(doc: &Doc, draft: &mut Draft, decision: &Decision) -> Scored {
    let kind = decision.kind;
    // The record lists responsible parties: those doing the task or showing
    // the change. A concern commits nobody.
    if kind == Kind::Concern {
        draft.owners.clear();
    } else {
        draft.owners.retain(|o| o.doer);
    }
    let mut smart = Smart::default();
    let needs_owner = matches!(kind, Kind::Action | Kind::Mixed);
    let owner = draft
        .owners
        .iter()
        .filter(|o| o.doer)
        .max_by_key(|o| o.kind.rank());
    let has_owner_cell = draft.owner_cell.is_some();

    // Specific
    let open_vague: Vec<_> = draft
        .findings
        .iter()
        .filter(|f| f.rule == "vague-term" && f.severity >= Severity::Warning)
        .filter_map(|f| f.text.clone())
        .collect();
    let s = smart.get_mut(Criterion::Specific);
    match (owner, has_owner_cell) {
        (Some(o), _) if o.kind != OwnerKind::Collective => {
            s.score = 2;
            s.reasons.push(format!("names who: {}", o.span.text(doc.text)));
        }
        (Some(o), _) => {
            s.score = 1;
            s.reasons.push(format!(
                "“{}” is a group nobody can be held to",
                o.span.text(doc.text)
            ));
        }
        (None, true) => {
            s.score = 2;
            s.reasons
                .push("the row's responsible-person column names who".into());
        }
        (None, false) if needs_owner => {
            s.score = 0;
            s.reasons.push("does not say who will do it".into());
        }
        (None, false) => {
            s.score = 1;
            s.reasons.push("does not name whose change this is".into());
        }
    }
    if !open_vague.is_empty() {
        s.score = s.score.min(1);
        s.reasons
            .push(format!("vague wording left open: {}", open_vague.join(", ")));
    }
    if needs_owner && owner.is_none() && !has_owner_cell {
        draft.findings.push(missing(
            "missing-owner",
            Criterion::Specific,
            Severity::Error,
            "This action does not say who will do it.",
            "name the person or service responsible, e.g. “the social worker will …”",
        ));
    }
    if let Some(o) = owner.filter(|o| o.kind == OwnerKind::Collective) {
        draft.findings.push(crate::analysis::finding_at(
            doc,
            o.span,
            "collective-owner",
            Some(Criterion::Specific),
            Severity::Warning,
            "A group like this cannot be held to account for the task.",
            Some("name one person or service responsible".into()),
        ));
    }

    // Measurable
    let m = smart.get_mut(Criterion::Measurable);
    if let Some(first) = draft.measures.first() {
        m.score = 2;
        m.reasons.push(format!("measure: {}", first.span.text(doc.text)));
    } else if kind == Kind::Action && (draft.has_frequency() || draft.has_deadline()) {
        m.score = 1;
        m.reasons
            .push("says when, but not how progress will be counted or checked".into());
    } else {
        m.score = 0;
        m.reasons
            .push("nothing says how we will know it has happened".into());
        if matches!(kind, Kind::Outcome | Kind::Mixed) {
            let suggestion = crate::detect::measure::suggest_measure(doc);
            draft.findings.push(missing(
                "missing-measure",
                Criterion::Measurable,
                Severity::Warning,
                "Nothing says how we will know this has been achieved.",
                &suggestion,
            ));
        }
    }

    // Agreed
    let a = smart.get_mut(Criterion::Agreed);
    if let Some(c) = draft.cues_of(Category::Agreement).next() {
        a.score = 2;
        a.reasons
            .push(format!("records agreement: {}", c.span.text(doc.text)));
    } else {
        a.score = 0;
        a.reasons.push("no record of agreement in the statement".into());
    }

    // Realistic
    let r = smart.get_mut(Criterion::Realistic);
    let warnings: Vec<_> = draft
        .cues
        .iter()
        .filter(|c| matches!(c.category, Category::Hedge | Category::Absolute))
        .map(|c| c.span.text(doc.text).to_string())
        .collect();
    if warnings.is_empty() {
        r.score = 2;
        r.reasons.push("no warning signs".into());
    } else {
        r.score = 1;
        r.reasons
            .push(format!("wording that may not hold: {}", warnings.join(", ")));
    }

    // Timely
    let t = smart.get_mut(Criterion::Timely);
    let due_cell = draft
        .due_cell
        .as_ref()
        .is_some_and(|c| c.kind == Some(TimeKind::Deadline));
    if let Some(d) = draft.timescales.iter().find(|t| t.kind == TimeKind::Deadline) {
        t.score = 2;
        t.reasons.push(format!("deadline: {}", d.span.text(doc.text)));
    } else if due_cell {
        t.score = 2;
        t.reasons
            .push("the row's target-date column gives a deadline".into());
    } else if let Some(f) = draft.timescales.iter().find(|t| t.kind == TimeKind::Frequency) {
        t.score = 1;
        t.reasons.push(format!(
            "says how often ({}) but not by when",
            f.span.text(doc.text)
        ));
    } else if let Some(v) = draft.timescales.iter().find(|t| t.kind == TimeKind::Vague) {
        t.score = 0;
        t.reasons
            .push(format!("“{}” does not say by when", v.span.text(doc.text)));
    } else {
        t.score = 0;
        t.reasons.push("no timescale".into());
        if kind != Kind::Concern {
            let severity = if kind == Kind::Outcome {
                Severity::Warning
            } else {
                Severity::Error
            };
            draft.findings.push(missing(
                "missing-timescale",
                Criterion::Timely,
                severity,
                "This does not say by when.",
                "add a date or a bounded time, e.g. by 30/04/2026 or within 6 weeks",
            ));
        }
    }

    let sum: u32 = Criterion::ALL.iter().map(|&c| smart.get(c).score as u32).sum();
    let _ = CriterionScore::default;
    Scored {
        total: (sum * 100 / 10) as u8,
        smart,
    }
}
