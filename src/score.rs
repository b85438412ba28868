//! Stage 4: SMART scoring and the findings that depend on the kind.
//! The rules are written down for practitioners in design/scoring.md.
//!
//! Each criterion scores 0 (missing), 1 (partly met) or 2 (met). The total
//! is a weighted sum scaled to 0–100: Specific 25, Measurable 25, Timely 25,
//! Realistic 15, Agreed 10 (agreement is usually recorded for the whole plan,
//! not each line, so it weighs least).

use crate::lexicon::Category;
use crate::record::{Criterion, Finding, Kind, OwnerKind, Rule, Smart, TimeKind};
use crate::rules::Severity;
use crate::stage::{finding_at, Decision, Doc, Draft, Scored, Span};

/// Weight of each criterion in the 0–100 total (they sum to 100).
pub const WEIGHTS: [(Criterion, u32); 5] = [
    (Criterion::Specific, 25),
    (Criterion::Measurable, 25),
    (Criterion::Agreed, 10),
    (Criterion::Realistic, 15),
    (Criterion::Timely, 25),
];

/// Long-standing problems that cannot be put right in days.
const HEAVY_WORK: &[&str] = &[
    "drinking",
    "drink",
    "alcohol",
    "drugs",
    "drug",
    "cocaine",
    "cannabis",
    "heroin",
    "abstinent",
    "abstain",
    "sober",
    "weight",
    "debt",
    "debts",
    "arrears",
    "house",
    "housing",
    "move",
    "anger",
    "relationship",
    "mental",
    "depression",
    "anxiety",
    "self-harm",
    "self-harming",
    "smoking",
];

/// A deadline too short for the work: "stop drinking within 1 week".
fn too_short(doc: &Doc, draft: &Draft) -> Option<Span> {
    let heavy = (0..doc.tokens.len()).any(|i| HEAVY_WORK.contains(&doc.tokens.norm(i)));
    if !heavy {
        return None;
    }
    draft.timescales.iter().find_map(|t| {
        if t.kind != TimeKind::Deadline {
            return None;
        }
        let text = t.span.text(doc.text).to_lowercase();
        let short_words = [
            "within 1 week",
            "within one week",
            "within a week",
            "within 2 days",
            "within 3 days",
            "within 24 hours",
            "within 48 hours",
            "by tomorrow",
            "immediately",
            "straight away",
            "within 1 day",
            "within a day",
        ];
        // The plan date is read only when it can matter, so most statements
        // stay independent of it (see `Doc::reference_used`).
        let by_date = || {
            t.date.is_some_and(|d| {
                doc.as_of()
                    .is_some_and(|now| (0..8).contains(&(d - now).num_days()))
            })
        };
        (short_words.iter().any(|w| text.contains(w)) || by_date()).then_some(t.span)
    })
}

/// Is this statement offered as an outcome, by its section or a label?
fn offered_as_outcome(doc: &Doc) -> bool {
    if doc.ctx.section == Some(Kind::Outcome) {
        return true;
    }
    let t = doc.tokens;
    t.len() > 1 && matches!(t.norm(0), "outcome" | "goal" | "aim" | "target") && t.norm(1) == ":"
}

pub fn score(doc: &Doc, draft: &mut Draft, decision: &Decision) -> Scored {
    let kind = decision.kind;
    // The record lists responsible parties: those doing the task or showing
    // the change. A concern commits nobody.
    if kind == Kind::Concern {
        draft.owners.clear();
    } else {
        // An agentless passive names no one to do a task ("Ibrahim will be
        // registered with a GP"); in an outcome its subject shows the change.
        let task = matches!(kind, Kind::Action | Kind::Mixed);
        draft.owners.retain(|o| o.doer && !(task && o.passive));
    }
    let mut smart = Smart::default();
    let mut findings: Vec<Finding> = Vec::new();
    let needs_owner = matches!(kind, Kind::Action | Kind::Mixed);
    let owner = draft.owners.iter().max_by_key(|o| o.kind.rank()).cloned();
    let cell_owner = draft.owner_cell.clone();

    // ---- Specific: who, what, no vague wording left open.
    let open_vague: Vec<String> = draft
        .findings
        .iter()
        .filter(|f| f.rule == Rule::VagueTerm && f.severity >= Severity::Warning)
        .filter_map(|f| f.text.clone())
        .collect();
    let s = smart.get_mut(Criterion::Specific);
    if kind == Kind::Concern {
        // A concern: does it say what is happening, and what it means for the child?
        let facts = !draft.measures.is_empty() || !draft.timescales.is_empty() || doc.tokens.len() >= 8;
        let impact = doc
            .hits_of(Category::KindCue)
            .find(|h| doc.lex.entry(h.entry).kind.as_deref() == Some("impact"));
        s.score = facts as u8 + impact.is_some() as u8;
        s.reasons.push(if facts {
            "says what is happening, in enough detail to act on".into()
        } else {
            "too brief to say clearly what is happening".into()
        });
        s.reasons.push(match impact {
            Some(h) => format!(
                "says what it means for the child: “{}”",
                doc.span(h.first, h.end).text(doc.text)
            ),
            None => "does not say how this affects the child".into(),
        });
    } else {
        let collective_cell = cell_owner
            .as_ref()
            .is_some_and(|c| c.kind == Some(OwnerKind::Collective));
        match (&owner, &cell_owner) {
            (Some(o), _) if o.kind != OwnerKind::Collective => {
                s.score = 2;
                let who = o.span.text(doc.text);
                s.reasons.push(if kind == Kind::Outcome {
                    format!("says whose change this is: {who}")
                } else {
                    format!("says who will do it: {who}")
                });
            }
            (_, Some(c)) if !collective_cell => {
                s.score = 2;
                s.reasons
                    .push(format!("the responsible-person column names who: {}", c.text));
            }
            (Some(o), _) => {
                s.score = 1;
                let who = o.span.text(doc.text);
                s.reasons
                    .push(format!("“{who}” is a group, so no one person can be held to it"));
                findings.push(finding_at(doc, o.span, Rule::CollectiveOwner).message(format!(
                    "“{who}” is a group, so no one person or service can be held to account for this."
                )));
            }
            (None, Some(c)) => {
                s.score = 1;
                s.reasons
                    .push(format!("the responsible-person column names a group: {}", c.text));
                findings.push(
                    Finding::new(Rule::CollectiveOwner)
                        .message(format!(
                            "The responsible-person column says “{}”, a group no one can be held to.",
                            c.text
                        ))
                        .suggestion(Some(
                            "name one person or service responsible in that column".into(),
                        )),
                );
            }
            (None, None) if needs_owner => {
                s.score = 0;
                s.reasons.push("does not say who will do it".into());
                findings.push(Finding::new(Rule::MissingOwner));
            }
            (None, None) => {
                s.score = 1;
                s.reasons
                    .push("does not say whose change this is (the child, a parent …)".into());
            }
        }
        if !open_vague.is_empty() {
            s.score = s.score.min(1);
            s.reasons.push(format!(
                "uses wording that could mean different things to different people: {}",
                open_vague.join(", ")
            ));
        }
    }

    // action-not-outcome: a task offered as an outcome.
    if kind == Kind::Action && offered_as_outcome(doc) {
        findings.push(Finding::new(Rule::ActionNotOutcome));
        smart
            .get_mut(Criterion::Specific)
            .reasons
            .push("offered as an outcome, but describes a task rather than a change for the child".into());
        let s = smart.get_mut(Criterion::Specific);
        s.score = s.score.min(1);
    }

    // ---- Measurable: a measure, and evidence beyond a parent's word.
    // Self-report counts only when a parent or carer is the one telling:
    // "Dad will tell the SW …", not "Sophie says …" or "the school will report".
    let self_report: Vec<Span> = draft
        .cues_of(Category::SelfReport)
        .filter(|c| {
            let teller = doc
                .hits
                .iter()
                .find(|h| h.end <= c.tokens.0 && c.tokens.0 - h.end <= 1);
            teller.is_some_and(|h| {
                h.category == Category::Family
                    && !matches!(
                        doc.tokens.norm(h.first),
                        "child" | "children" | "baby" | "young" | "yp" | "i"
                    )
            })
        })
        .map(|c| c.span)
        .collect();
    let independent: Vec<_> = draft
        .measures
        .iter()
        .filter(|m| !self_report.iter().any(|s| s.overlaps(&m.span)))
        .collect();
    let m = smart.get_mut(Criterion::Measurable);
    if let Some(first) = independent.first() {
        m.score = 2;
        m.reasons.push(if kind == Kind::Concern {
            format!("gives facts about how things are: {}", first.span.text(doc.text))
        } else {
            format!(
                "says how progress will be counted or checked: {}",
                first.span.text(doc.text)
            )
        });
    } else if let Some(how) = doc
        .hits_of(Category::KindCue)
        .find(|h| doc.lex.entry(h.entry).kind.as_deref() == Some("evidence"))
    {
        m.score = 1;
        m.reasons.push(format!(
            "says how it will be checked (“{}”) but not what result counts as success",
            doc.span(how.first, how.end).text(doc.text)
        ));
    } else if !self_report.is_empty() {
        m.score = 1;
        m.reasons
            .push("the only proof is what a parent says, which is not safe evidence on its own".into());
    } else if kind == Kind::Concern {
        m.score = 1;
        m.reasons
            .push("does not give facts such as how often or how much".into());
    } else if kind == Kind::Action && (draft.has_frequency() || draft.has_deadline()) {
        m.score = 1;
        m.reasons
            .push("says when, but not how we will check it has been done".into());
    } else {
        m.score = 0;
        m.reasons
            .push("nothing says how we will know it has happened".into());
        if matches!(kind, Kind::Outcome | Kind::Mixed) {
            let suggestion = crate::detect::measure::suggest_measure(doc);
            findings.push(Finding::new(Rule::MissingMeasure).suggestion(Some(suggestion)));
        }
    }
    if let Some(span) = self_report.first().copied() {
        if independent.is_empty() {
            findings.push(finding_at(doc, span, Rule::SelfReportOnly));
        }
    }

    // ---- Agreed: agreement, a signature, or the family's own words.
    let a = smart.get_mut(Criterion::Agreed);
    if let Some(c) = draft.cues_of(Category::Agreement).next() {
        a.score = 2;
        a.reasons
            .push(format!("records that it was agreed: “{}”", c.span.text(doc.text)));
    } else {
        a.score = 0;
        a.reasons.push(
            "does not record that the family agreed it or give their own words (this may be recorded for the whole plan)"
                .into(),
        );
    }

    // ---- Realistic: no absolutes, no hedged promises, time enough for the work.
    let mut realistic = 2u8;
    let mut r_reasons: Vec<String> = Vec::new();
    for cue in draft
        .cues
        .iter()
        .filter(|c| matches!(c.category, Category::Absolute | Category::Hedge))
    {
        let entry = doc.lex.entry(cue.entry);
        let words = cue.span.text(doc.text);
        let (rule, reason) = if cue.category == Category::Absolute {
            realistic = 0;
            (
                Rule::UnrealisticAbsolute,
                format!("“{words}” asks for something absolute that is unlikely to be met"),
            )
        } else {
            realistic = realistic.min(1);
            (
                Rule::HedgedCommitment,
                format!("“{words}” is a hedged promise: it may not happen and no one would be accountable"),
            )
        };
        r_reasons.push(reason);
        let mut f = finding_at(doc, cue.span, rule).suggestion(entry.suggestion.clone());
        if let Some(m) = &entry.message {
            f = f.message(m.clone());
        }
        findings.push(f);
    }
    if let Some(span) = too_short(doc, draft) {
        realistic = realistic.min(1);
        let when = span.text(doc.text);
        r_reasons.push(format!("“{when}” is too short for a change of this size"));
        findings.push(finding_at(doc, span, Rule::UnrealisticTimescale).message(format!(
            "“{when}” is too little time for a change like this; a plan that cannot be met loses the family's trust."
        )));
    }
    let r = smart.get_mut(Criterion::Realistic);
    r.score = realistic;
    if r_reasons.is_empty() {
        r.reasons
            .push("nothing suggests it cannot be achieved: no absolutes, hedges or rushed deadlines".into());
    } else {
        r.reasons = r_reasons;
    }

    // ---- Timely: a deadline beats a frequency, which beats a vague time word.
    let t = smart.get_mut(Criterion::Timely);
    let due = draft.due_cell.clone();
    let due_kind = due.as_ref().and_then(|c| c.kind);
    if let Some(c) = due.as_ref().filter(|c| c.kind == Some(TimeKind::Vague)) {
        findings.push(
            Finding::new(Rule::VagueTimescale)
                .message(format!(
                    "The target-date column says “{}”, which does not say by when.",
                    c.text
                ))
                .suggestion(Some(
                    "put a date or a bounded time in the target-date column, e.g. 30/04/2026 or within 6 weeks".into(),
                )),
        );
    }
    let deadline = draft.timescales.iter().find(|t| t.kind == TimeKind::Deadline);
    let frequency = draft.timescales.iter().find(|t| t.kind == TimeKind::Frequency);
    let vague_time = draft.timescales.iter().find(|t| t.kind == TimeKind::Vague);
    if let Some(d) = deadline {
        t.score = 2;
        t.reasons.push(format!("says by when: {}", d.span.text(doc.text)));
    } else if due_kind == Some(TimeKind::Deadline) {
        t.score = 2;
        t.reasons.push(format!(
            "the target-date column gives a date: {}",
            due.as_ref().map_or("", |c| c.text.as_str())
        ));
    } else if let Some(f) = frequency {
        t.score = 1;
        t.reasons.push(format!(
            "says how often ({}) but not by when it should be done or reviewed",
            f.span.text(doc.text)
        ));
    } else if due_kind == Some(TimeKind::Frequency) {
        t.score = 1;
        t.reasons
            .push("the target-date column says how often, but not by when".into());
    } else if kind == Kind::Concern {
        t.score = 1;
        t.reasons
            .push("a concern needs no deadline; the plan's actions should give one".into());
    } else if let Some(v) = vague_time {
        t.score = 0;
        t.reasons
            .push(format!("“{}” does not say by when", v.span.text(doc.text)));
    } else if due_kind == Some(TimeKind::Vague) {
        t.score = 0;
        t.reasons
            .push("the target-date column does not give a date".into());
    } else {
        t.score = 0;
        t.reasons.push("does not say by when".into());
        let severity = if kind == Kind::Outcome {
            Severity::Warning
        } else {
            Severity::Error
        };
        findings.push(Finding::new(Rule::MissingTimescale).severity(severity));
    }

    draft.findings.extend(findings);
    let total: u32 = WEIGHTS
        .iter()
        .map(|&(c, w)| w * smart.get(c).score as u32)
        .sum::<u32>()
        / 2;
    Scored {
        total: total.min(100) as u8,
        smart,
    }
}
