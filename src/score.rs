//! Stage 4: SMART scoring and the findings that depend on the kind.
//! The rules are written down for practitioners in design/scoring.md.
//!
//! Each criterion scores 0 (missing), 1 (partly met) or 2 (met). The total
//! is a weighted sum scaled to 0–100: Specific 25, Measurable 25, Timely 25,
//! Realistic 15, Agreed 10 (agreement is usually recorded for the whole plan,
//! not each line, so it weighs least).

use crate::grammar::{Clause, Modality};
use crate::lexicon::{Category, Hit, WordClass};
use crate::record::{Criterion, CriterionScore, Finding, Kind, OwnerKind, Rule, Smart, TimeKind};
use crate::rules::Severity;
use crate::stage::{finding_at, Cue, DateSource, Decision, Doc, Draft, FoundTime, Scored, Span};
use chrono::{Days, Months, NaiveDate};
use std::borrow::Cow;

/// Weight of each criterion in the 0–100 total (they sum to 100).
pub const WEIGHTS: [(Criterion, u32); 5] = [
    (Criterion::Specific, 25),
    (Criterion::Measurable, 25),
    (Criterion::Agreed, 10),
    (Criterion::Realistic, 15),
    (Criterion::Timely, 25),
];

/// A deadline too short for the work: "stop drinking within 1 week". The
/// work is long-standing when the statement names a problem tagged so in
/// `problems.toml`; the deadline is too short when it means "at once" (a
/// time word tagged `at-once`) or falls within a week of the reference date.
fn too_short(doc: &Doc, draft: &Draft) -> Option<Span> {
    let heavy = doc
        .hits_of(Category::Problem)
        .any(|h| doc.lex.entry(h.entry).has_tag("long-standing"));
    if !heavy {
        return None;
    }
    draft.timescales.iter().find_map(|t| {
        if t.kind != TimeKind::Deadline {
            return None;
        }
        let at_once = doc
            .hits_of(Category::Time)
            .any(|h| doc.span(h.first, h.end) == t.span && doc.lex.entry(h.entry).has_tag("at-once"));
        // The reference date is read only when a date can matter, so most
        // statements stay independent of it (see `Doc::reference_used`).
        let within_a_week = || {
            t.date
                .is_some_and(|d| (0..8).contains(&(d - doc.reference_date()).num_days()))
        };
        (at_once || within_a_week()).then_some(t.span)
    })
}

/// Is this statement offered as an outcome, by its section or a label?
fn offered_as_outcome(doc: &Doc) -> bool {
    if doc.ctx.section == Some(Kind::Outcome) {
        return true;
    }
    // "Goal: …": the first word a label the kind cues know, then a colon.
    doc.tokens.len() > 1
        && doc.norm_or_empty(1) == ":"
        && doc.hits_at(0).iter().any(|h| {
            h.category == Category::KindCue && doc.lex.entry(h.entry).kind.as_deref() == Some("outcome-label")
        })
}

/// Scores the five SMART criteria and the 0–100 total, and adds to the draft
/// the findings that depend on the kind (e.g. a missing owner only matters in
/// an action or a mixed statement).
pub fn score(doc: &Doc, draft: &mut Draft, decision: &Decision) -> Scored {
    let kind = decision.kind;
    // "No 999 calls from the household": an outcome with no one to show
    // the change still says whose life it is about, when it names the
    // child, a relative or a person (not a service that helps).
    // A name with a rating after it ("Scaling: SW 5, Mum 9") is who rated,
    // not whose life it is.
    let rated = |o: &crate::stage::FoundOwner| {
        let toks = doc.tokens.as_slice();
        let next = toks.partition_point(|t| t.byte_start < o.span.byte_end);
        toks.get(next)
            .is_some_and(|t| t.shape == crate::text::Shape::Number)
    };
    let about = draft
        .owners
        .iter()
        .find(|o| matches!(o.kind, OwnerKind::Family | OwnerKind::Named) && !rated(o))
        .map(|o| o.span);
    keep_responsible_parties(draft, kind);
    let mut judging = Judging {
        doc,
        draft,
        kind,
        about,
        findings: Vec::new(),
    };
    let smart = Smart {
        specific: judging.specific(),
        measurable: judging.measurable(),
        agreed: judging.agreed(),
        realistic: judging.realistic(),
        timely: judging.timely(),
    };
    let findings = judging.findings;
    draft.findings.extend(findings);
    fill_example_dates(doc, &mut draft.findings);
    Scored {
        total: total(&smart),
        smart,
    }
}

/// Keeps, of the owners found, the responsible parties the record lists:
/// those doing the task or showing the change. A concern commits nobody.
fn keep_responsible_parties(draft: &mut Draft, kind: Kind) {
    if kind == Kind::Concern {
        draft.owners.clear();
    } else {
        // An agentless passive names no one to do a task ("Ibrahim will be
        // registered with a GP"); in an outcome its subject shows the change.
        let task = matches!(kind, Kind::Action | Kind::Mixed);
        // "The children will be looked after by an adult who is sober": an
        // outcome about the passive's subject is theirs, not its agent's.
        let about_subject = kind == Kind::Outcome && draft.owners.iter().any(|o| o.doer && o.passive);
        draft
            .owners
            .retain(|o| o.doer && !(task && o.passive) && !(about_subject && o.agent));
    }
}

/// The weighted sum of the criteria, scaled to 0–100.
fn total(smart: &Smart) -> u8 {
    let total: u32 = WEIGHTS
        .iter()
        .map(|&(c, w)| w * smart.get(c).score as u32)
        .sum::<u32>()
        / 2;
    total.min(100) as u8
}

/// What each criterion is judged on, and the findings the judging adds, in
/// the order the criteria are judged (the record lists them so).
struct Judging<'j, 'd> {
    doc: &'j Doc<'d>,
    draft: &'j Draft,
    kind: Kind,
    /// The first child, relative or person the statement names,
    /// responsible or not.
    about: Option<Span>,
    findings: Vec<Finding>,
}

impl Judging<'_, '_> {
    /// Specific: who and what, with no vague wording left open; for a
    /// concern, what is happening and what it means for the child. A task
    /// offered as an outcome is at most partly specific.
    fn specific(&mut self) -> CriterionScore {
        let mut s = if self.kind == Kind::Concern {
            self.concern_specific()
        } else {
            self.who_and_what()
        };
        if self.kind == Kind::Action && offered_as_outcome(self.doc) {
            self.findings.push(Finding::new(Rule::ActionNotOutcome));
            s.reasons.push(
                "offered as an outcome, but describes a task rather than a change for the child".into(),
            );
            s.score = s.score.min(1);
        }
        s
    }

    /// Specific for a concern: does it say what is happening, and what it
    /// means for the child?
    fn concern_specific(&mut self) -> CriterionScore {
        let (doc, draft) = (self.doc, self.draft);
        let mut s = CriterionScore::default();
        let label = concern_label(doc, draft);
        let facts = !draft.measures.is_empty() || !draft.timescales.is_empty() || doc.tokens.len() >= 8;
        // A label is no impact: "neglect" names the worry, not what it does.
        let impact = doc.hits_of(Category::KindCue).find(|h| {
            doc.lex.entry(h.entry).kind.as_deref() == Some("impact")
                && !label.is_some_and(|l| h.first < l.end && l.first < h.end)
        });
        s.score = facts as u8 + impact.is_some() as u8;
        if label.is_some() {
            // A label may be long, but it is no observation: never met.
            s.score = s.score.min(1);
        }
        s.reasons.push(match label {
            Some(l) => reason(&[
                "names a kind of worry (“",
                doc.span(l.first, l.end).text(doc.text),
                "”) but not what was seen or heard, or how often",
            ]),
            None if facts => "says what is happening, in enough detail to act on".into(),
            None => "too brief to say clearly what is happening".into(),
        });
        if let Some(l) = label {
            let entry = doc.lex.entry(l.entry);
            let mut f = finding_at(doc, doc.span(l.first, l.end), Rule::ConcernLabel);
            if let Some(m) = &entry.message {
                f = f.message(m.clone());
            }
            if entry.suggestion.is_some() {
                f = f.suggestion(entry.suggestion.clone());
            }
            self.findings.push(f);
        }
        s.reasons.push(match impact {
            Some(h) => reason(&[
                "says what it means for the child: “",
                doc.span(h.first, h.end).text(doc.text),
                "”",
            ]),
            None => "does not say how this affects the child".into(),
        });
        s
    }

    /// Specific for an outcome, action or mixed statement: who (in the text
    /// or the responsible-person column, one person rather than a group),
    /// and no vague wording left open.
    fn who_and_what(&mut self) -> CriterionScore {
        let (doc, draft, kind) = (self.doc, self.draft, self.kind);
        let mut s = CriterionScore::default();
        let needs_owner = matches!(kind, Kind::Action | Kind::Mixed);
        let owner = draft.owners.iter().max_by_key(|o| o.kind.rank());
        let cell_owner = draft.owner_cell.as_ref();
        let collective_cell = cell_owner.is_some_and(|c| c.kind == Some(OwnerKind::Collective));
        match (owner, cell_owner) {
            (Some(o), _) if o.kind != OwnerKind::Collective => {
                s.score = 2;
                let who = o.span.text(doc.text);
                s.reasons.push(if kind == Kind::Outcome {
                    reason(&["says whose change this is: ", who])
                } else {
                    reason(&["says who will do it: ", who])
                });
            }
            (_, Some(c)) if !collective_cell => {
                s.score = 2;
                s.reasons
                    .push(reason(&["the responsible-person column names who: ", &c.text]));
            }
            (Some(o), _) => {
                s.score = 1;
                let who = o.span.text(doc.text);
                s.reasons.push(reason(&[
                    "“",
                    who,
                    "” is a group, so no one person can be held to it",
                ]));
                self.findings
                    .push(finding_at(doc, o.span, Rule::CollectiveOwner).message(format!(
                        "“{who}” is a group, so no one person or service can be held to account for this."
                    )));
            }
            (None, Some(c)) => {
                s.score = 1;
                s.reasons.push(reason(&[
                    "the responsible-person column names a group: ",
                    &c.text,
                ]));
                self.findings.push(
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
                self.findings.push(Finding::new(Rule::MissingOwner));
            }
            (None, None) if kind == Kind::Outcome && self.about.is_some() => {
                s.score = 2;
                let who = self.about.map_or("", |a| a.text(doc.text));
                s.reasons
                    .push(reason(&["says whose life the change is about: ", who]));
            }
            (None, None) => {
                s.score = 1;
                s.reasons
                    .push("does not say whose change this is (the child, a parent …)".into());
            }
        }
        let open_vague: Vec<String> = draft
            .findings
            .iter()
            .filter(|f| f.rule == Rule::VagueTerm && f.severity >= Severity::Warning)
            .filter_map(|f| f.text.clone())
            .collect();
        if !open_vague.is_empty() {
            s.score = s.score.min(1);
            s.reasons.push(reason(&[
                "uses wording that could mean different things to different people: ",
                &open_vague.join(", "),
            ]));
        }
        s
    }

    /// Measurable: a measure, and evidence beyond a parent's word.
    fn measurable(&mut self) -> CriterionScore {
        let (doc, draft, kind) = (self.doc, self.draft, self.kind);
        let mut m = CriterionScore::default();
        let self_report = parent_self_report(doc, draft);
        let independent: Vec<_> = draft
            .measures
            .iter()
            .filter(|m| !self_report.iter().any(|s| s.overlaps(&m.span)))
            .collect();
        if let Some(first) = independent.first() {
            m.score = 2;
            m.reasons.push(if kind == Kind::Concern {
                reason(&["gives facts about how things are: ", first.span.text(doc.text)])
            } else {
                reason(&[
                    "says how progress will be counted or checked: ",
                    first.span.text(doc.text),
                ])
            });
        } else if let Some(how) = doc
            .hits_of(Category::KindCue)
            .find(|h| doc.lex.entry(h.entry).kind.as_deref() == Some("evidence"))
        {
            m.score = 1;
            m.reasons.push(reason(&[
                "says how it will be checked (“",
                doc.span(how.first, how.end).text(doc.text),
                "”) but not what result counts as success",
            ]));
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
                self.findings
                    .push(Finding::new(Rule::MissingMeasure).suggestion(Some(suggestion)));
            }
        }
        if let Some(span) = self_report.first().copied() {
            if independent.is_empty() {
                self.findings.push(finding_at(doc, span, Rule::SelfReportOnly));
            }
        }
        m
    }

    /// Agreed: agreement, a signature, or the family's own words.
    fn agreed(&mut self) -> CriterionScore {
        let doc = self.doc;
        let mut a = CriterionScore::default();
        if let Some(c) = self
            .draft
            .cues_of(Category::Agreement)
            .find(|c| records_agreement(doc, c))
        {
            a.score = 2;
            a.reasons.push(reason(&[
                "records that it was agreed: “",
                c.span.text(doc.text),
                "”",
            ]));
        } else if let Some(me) = first_person_commitment(doc) {
            a.score = 2;
            a.reasons.push(reason(&[
                "written in the person's own words: “",
                doc.span(me.first, me.end).text(doc.text),
                "”",
            ]));
        } else {
            a.score = 0;
            a.reasons.push(
                "does not record that the family agreed it or give their own words (this may be recorded for the whole plan)"
                    .into(),
            );
        }
        a
    }

    /// Realistic: no absolutes, no hedged promises, time enough for the work.
    fn realistic(&mut self) -> CriterionScore {
        let (doc, draft, kind) = (self.doc, self.draft, self.kind);
        let mut realistic = 2u8;
        let mut r_reasons: Vec<Cow<'static, str>> = Vec::new();
        for cue in draft
            .cues
            .iter()
            .filter(|c| matches!(c.category, Category::Absolute | Category::Hedge))
            .filter(|c| asked_of_someone(doc, kind, c))
        {
            let entry = doc.lex.entry(cue.entry);
            let words = cue.span.text(doc.text);
            let (rule, why) = if cue.category == Category::Absolute {
                realistic = 0;
                (
                    Rule::UnrealisticAbsolute,
                    reason(&[
                        "“",
                        words,
                        "” asks for something absolute that is unlikely to be met",
                    ]),
                )
            } else {
                realistic = realistic.min(1);
                (
                    Rule::HedgedCommitment,
                    reason(&[
                        "“",
                        words,
                        "” is a hedged promise: it may not happen and no one would be accountable",
                    ]),
                )
            };
            r_reasons.push(why);
            let mut f = finding_at(doc, cue.span, rule).suggestion(entry.suggestion.clone());
            if let Some(m) = &entry.message {
                f = f.message(m.clone());
            }
            self.findings.push(f);
        }
        if let Some(span) = too_short(doc, draft) {
            realistic = realistic.min(1);
            let when = span.text(doc.text);
            r_reasons.push(reason(&["“", when, "” is too short for a change of this size"]));
            self.findings.push(finding_at(doc, span, Rule::UnrealisticTimescale).message(format!(
                "“{when}” is too little time for a change like this; a plan that cannot be met loses the family's trust."
            )));
        }
        let mut r = CriterionScore {
            score: realistic,
            ..CriterionScore::default()
        };
        if r_reasons.is_empty() {
            r.reasons.push(
                "nothing suggests it cannot be achieved: no absolutes, hedges or rushed deadlines".into(),
            );
        } else {
            r.reasons = r_reasons;
        }
        r
    }

    /// Timely: a deadline beats a frequency, which beats a vague time word;
    /// then a deadline already past or years away is flagged.
    fn timely(&mut self) -> CriterionScore {
        let (doc, draft, kind) = (self.doc, self.draft, self.kind);
        let mut t = CriterionScore::default();
        let due = draft.due_cell.as_ref();
        let due_kind = due.and_then(|c| c.kind);
        if let Some(c) = due.filter(|c| c.kind == Some(TimeKind::Vague)) {
            self.findings.push(
                Finding::new(Rule::VagueTimescale)
                    .message(format!(
                        "The target-date column says “{}”, which does not say by when.",
                        c.text
                    ))
                    .suggestion(Some(
                        "put a date or a bounded time in the target-date column, e.g. {date} or within 6 weeks"
                            .into(),
                    )),
            );
        }
        let deadline = draft.timescales.iter().find(|t| t.kind == TimeKind::Deadline);
        let frequency = draft.timescales.iter().find(|t| t.kind == TimeKind::Frequency);
        let vague_time = draft.timescales.iter().find(|t| t.kind == TimeKind::Vague);
        if let Some(d) = deadline {
            t.score = 2;
            t.reasons.push(reason(&["says by when: ", d.span.text(doc.text)]));
        } else if due_kind == Some(TimeKind::Deadline) {
            t.score = 2;
            t.reasons.push(reason(&[
                "the target-date column gives a date: ",
                due.map_or("", |c| c.text.as_str()),
            ]));
        } else if let Some(f) = frequency {
            t.score = 1;
            t.reasons.push(reason(&[
                "says how often (",
                f.span.text(doc.text),
                ") but not by when it should be done or reviewed",
            ]));
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
                .push(reason(&["“", v.span.text(doc.text), "” does not say by when"]));
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
            self.findings
                .push(Finding::new(Rule::MissingTimescale).severity(severity));
        }
        if kind != Kind::Concern {
            self.past_or_distant_deadlines(&mut t);
        }
        t
    }

    /// A deadline already past cannot be met (Timely at most partly met);
    /// one years away is no plan. Reads the text's deadlines and the
    /// target-date column.
    fn past_or_distant_deadlines(&mut self, t: &mut CriterionScore) {
        let (doc, draft) = (self.doc, self.draft);
        let cell = draft
            .due_cell
            .as_ref()
            .and_then(|c| Some((c.date?, c.text.as_str())));
        let dated = draft
            .timescales
            .iter()
            .filter(|t| t.kind == TimeKind::Deadline)
            .filter_map(|t| Some((plain_date(t)?, Some(t.span))));
        // Walked, not collected: only the draft is read while the findings grow (issue 17).
        for (date, span) in dated.chain(cell.map(|(d, _)| (d, None))) {
            let Some(when) = DeadlineWhen::of(doc, date) else {
                continue;
            };
            let words = match span {
                Some(sp) => format!("“{}”", sp.text(doc.text)),
                None => format!("The target-date column's “{}”", cell.map_or("", |(_, t)| t)),
            };
            let finding = match span {
                Some(sp) => finding_at(doc, sp, when.rule()),
                None => Finding::new(when.rule()),
            };
            self.findings.push(finding.message(when.message(doc, &words)));
            if when == DeadlineWhen::Past {
                t.score = t.score.min(1);
                t.reasons.push(when.reason(doc));
            }
        }
    }
}

/// The spans where a parent or carer is the one telling ("Dad will tell the
/// SW …"), not "Sophie says …" or "the school will report".
fn parent_self_report(doc: &Doc, draft: &Draft) -> Vec<Span> {
    draft
        .cues_of(Category::SelfReport)
        .filter(|c| {
            let teller = doc
                .hits
                .iter()
                .find(|h| h.end <= c.tokens.0 && c.tokens.0 - h.end <= 1);
            // The child's own account is not a parent's self-report.
            teller.is_some_and(|h| {
                h.category == Category::Family && doc.lex.entry(h.entry).kind.as_deref() != Some("child")
            })
        })
        .map(|c| c.span)
        .collect()
}

/// A concern that only names a kind of worry ("There are concerns about
/// neglect"): it holds a label from `problems.toml` and nothing observed —
/// no event in the past tense ("was found"), no time or count ("on three
/// evenings", "twice"), no number, no quoted words. Returns the label.
fn concern_label<'d>(doc: &'d Doc, draft: &Draft) -> Option<&'d Hit> {
    let label = doc
        .hits_of(Category::Problem)
        .find(|h| doc.lex.entry(h.entry).kind.as_deref() == Some("label"))?;
    let happened = doc
        .grammar
        .clauses
        .iter()
        .any(|c| c.verb.modality == Modality::Past);
    let counted = !draft.measures.is_empty()
        || (0..doc.tokens.len()).any(|i| doc.tokens.as_slice()[i].shape == crate::text::Shape::Number);
    let quoted = doc.text.contains(['“', '”', '"']);
    if happened || counted || quoted {
        return None;
    }
    // The concern's past and habitual times were set aside before scoring
    // (they are no plan timescale); read them again: "most evenings" is an
    // observation of how often.
    let mut times = Vec::new();
    crate::detect::timescale::find(doc, &mut times);
    times.is_empty().then_some(label)
}

/// Whether an absolute or a hedge lies in what the statement asks someone
/// to do or achieve. A concern asks nothing of anyone ("not always safe"
/// says how often a problem happens). A hedge in a commitment always bears
/// on it ("may attend if she feels ready": the condition is the hedge). An
/// absolute in a statement that commits someone does not when it sits in a
/// clause that only says how things are or were ("the children are not
/// always safe, so Mum will …"), unless the statement has no other clause:
/// an outcome written in the present ("Ava is always collected by a sober
/// adult") states what is to be achieved.
fn asked_of_someone(doc: &Doc, kind: Kind, cue: &Cue) -> bool {
    if kind == Kind::Concern {
        return false;
    }
    if cue.category != Category::Absolute {
        return true;
    }
    let clause = clause_of(doc, cue.tokens.0);
    // "Tane is always looked after by a safe adult": how a child is kept
    // safe is a safety goal's standing rule, and holds all the time or not
    // at all; it asks no one for the impossible.
    let kept = clause.is_some_and(|c| c.verb.passive && doc.kind_cue_at(c.verb.main, "care"));
    if kept {
        return false;
    }
    let describes = |c: &Clause| matches!(c.verb.modality, Modality::Present | Modality::Past);
    let commits_elsewhere = doc.grammar.clauses.iter().any(|c| !describes(c));
    !(commits_elsewhere && clause.is_some_and(describes))
}

/// The clause token `i` belongs to: the last clause of its segment that
/// starts at or before it, else the segment's first (a fronted phrase
/// belongs to the clause after it).
fn clause_of<'g>(doc: &'g Doc, i: usize) -> Option<&'g Clause> {
    let g = doc.grammar;
    let seg = g
        .segments
        .iter()
        .position(|s| s.heading.map_or(s.first, |h| h.0) <= i && i < s.end)?;
    let start = |c: &Clause| c.subject.map_or(c.verb.first, |p| p.first.min(c.verb.first));
    g.clauses_in(seg)
        .filter(|c| start(c) <= i)
        .max_by_key(|c| start(c))
        .or_else(|| g.clauses_in(seg).min_by_key(|c| start(c)))
}

/// Whether an agreement cue records that a party agreed. A verb of agreeing
/// counts when someone did it ("Mum agreed", "agreed at the core group"),
/// not as a task ("to agree who …", "will sign") nor naming something agreed
/// elsewhere ("the agreed plan", "at agreed times"); a record or the
/// family's own words count as they stand.
fn records_agreement(doc: &Doc, cue: &Cue) -> bool {
    if doc.lex.entry(cue.entry).kind.as_deref() != Some("agreed") {
        return true;
    }
    let Some(before) = cue.tokens.0.checked_sub(1) else {
        return true;
    };
    ![
        WordClass::Modal,
        WordClass::Preposition,
        WordClass::Determiner,
        WordClass::Possessive,
    ]
    .iter()
    .any(|&c| doc.is(before, c))
}

/// A commitment in the first person ("I will go to bed by 8pm"): the
/// child's or parent's own words. Returns its subject.
fn first_person_commitment<'g>(doc: &'g Doc) -> Option<&'g crate::grammar::Phrase> {
    doc.grammar
        .clauses
        .iter()
        .filter(|c| c.verb.modality.commits())
        .filter_map(|c| c.subject.as_ref())
        .find(|p| doc.is(p.head, WordClass::Speaker))
}

/// A deadline's date when it reads one way only ("Feb 18" may be a day or
/// a year: neither is judged).
fn plain_date(t: &FoundTime) -> Option<NaiveDate> {
    t.date.filter(|_| t.other_date.is_none())
}

/// Where a deadline falls against the reference date, when it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DeadlineWhen {
    /// Before the reference date: it cannot be met.
    Past,
    /// More than two years after it: past any review of the plan.
    Distant,
}

impl DeadlineWhen {
    fn of(doc: &Doc, date: NaiveDate) -> Option<DeadlineWhen> {
        let reference = doc.reference_date();
        if date < reference {
            Some(DeadlineWhen::Past)
        } else if reference
            .checked_add_months(Months::new(24))
            .is_some_and(|far| date > far)
        {
            Some(DeadlineWhen::Distant)
        } else {
            None
        }
    }
    fn rule(self) -> Rule {
        match self {
            DeadlineWhen::Past => Rule::PastDeadline,
            DeadlineWhen::Distant => Rule::DistantDeadline,
        }
    }
    /// What is wrong, saying which date it was judged against.
    fn message(self, doc: &Doc, words: &str) -> String {
        let on = day(doc.ctx.reference.date);
        match (self, doc.ctx.reference.source) {
            (DeadlineWhen::Past, DateSource::PlanDate) => format!(
                "{words} is before the plan's own date ({on}), so it cannot be met: it may have been copied from an earlier plan."
            ),
            (DeadlineWhen::Past, DateSource::Given) => format!(
                "{words} had already passed on {on}, the date given to check against, so it cannot be met as written."
            ),
            (DeadlineWhen::Past, DateSource::Today) => {
                format!("{words} has already passed (today is {on}), so it cannot be met as written.")
            }
            (DeadlineWhen::Distant, DateSource::PlanDate) => format!(
                "{words} is more than two years after the plan's date ({on}); the plan will be reviewed long before then."
            ),
            (DeadlineWhen::Distant, _) => format!(
                "{words} is more than two years after {on}; the plan will be reviewed long before then."
            ),
        }
    }
    /// The Timely reason for a deadline already past.
    fn reason(self, doc: &Doc) -> Cow<'static, str> {
        match doc.ctx.reference.source {
            DateSource::PlanDate => {
                "the date given is before the plan's own date, so it cannot be met".into()
            }
            DateSource::Given | DateSource::Today => format!(
                "the date given had already passed on {}",
                day(doc.ctx.reference.date)
            )
            .into(),
        }
    }
}

/// A reason made of fixed words and words from the statement, joined in
/// one allocation of the exact size (`format!` cost three times as much).
fn reason(parts: &[&str]) -> Cow<'static, str> {
    Cow::Owned(parts.concat())
}

/// A date as a practitioner writes it: 30/04/2026.
fn day(date: NaiveDate) -> String {
    crate::dates::dmy(date)
}

/// Puts an example date into suggestions that ask for one (`{date}`, see
/// [`crate::rules`]): six weeks after the reference date, so an example is
/// never a date already gone. The reference date is read only when a
/// suggestion needs it.
pub fn fill_example_dates(doc: &Doc, findings: &mut [Finding]) {
    const MARK: &str = "{date}";
    let mut example = None;
    for s in findings.iter_mut().filter_map(|f| f.suggestion.as_mut()) {
        if s.contains(MARK) {
            let date = example.get_or_insert_with(|| day(doc.reference_date() + Days::new(42)));
            *s = s.replace(MARK, date);
        }
    }
}
