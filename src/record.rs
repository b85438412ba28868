//! The analysis record, version 1: the one shape every front end emits.
//! See `schema/smartplan-record.schema.json` (a copy of the shared contract).

use serde::Serialize;
use std::borrow::Cow;
use std::sync::Arc;

/// The `schema` value every record carries, so a reader of saved output knows
/// which version of the contract it holds.
pub const SCHEMA: &str = "smartplan/1";

/// What a statement is: the change hoped for, a task, both, or a worry
/// (see the shared ANNOTATION.md for how each is told apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A change in the child's life or safety ("Sam attends school every day").
    Outcome,
    /// A task someone is to do ("Mum to attend the parenting course").
    Action,
    /// A task and the change it is for, in one statement.
    Mixed,
    /// A worry, risk, need or description of how things are now: it commits
    /// nobody to anything.
    Concern,
}

impl Kind {
    /// Every kind, in the order reports and summaries list them.
    pub const ALL: [Kind; 4] = [Kind::Outcome, Kind::Action, Kind::Mixed, Kind::Concern];
    /// The lowercase name used in records and summaries.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Outcome => "outcome",
            Kind::Action => "action",
            Kind::Mixed => "mixed",
            Kind::Concern => "concern",
        }
    }
    /// Reads a kind from its name (a record read back, a section column's
    /// value), ignoring case and surrounding space; `None` for anything else.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
    }
}

/// What sort of party an owner is; decides how specific the owner counts as
/// (see [`OwnerKind::rank`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum OwnerKind {
    /// A person named in the statement ("Sarah", "Mr Jones").
    Named,
    /// A family member by relationship ("Mum", "Dad", "Nan").
    Family,
    /// A professional by role ("the social worker", "the health visitor").
    Role,
    /// An organisation or service ("CAMHS", "the school").
    Agency,
    /// A group no one person answers for ("all agencies", "the core group", "everyone").
    Collective,
}

impl OwnerKind {
    /// The lowercase name used in records (`"named"`, `"family"` ...).
    pub fn name(self) -> &'static str {
        match self {
            OwnerKind::Named => "named",
            OwnerKind::Family => "family",
            OwnerKind::Role => "role",
            OwnerKind::Agency => "agency",
            OwnerKind::Collective => "collective",
        }
    }
    /// How specific a party is: named > family/role > agency > collective.
    pub fn rank(self) -> u8 {
        match self {
            OwnerKind::Named => 4,
            OwnerKind::Family | OwnerKind::Role => 3,
            OwnerKind::Agency => 2,
            OwnerKind::Collective => 1,
        }
    }
}

/// What sort of time expression a timescale is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum TimeKind {
    /// A point in time the work is due by ("by 30 June 2026", "within 6 weeks").
    Deadline,
    /// How often something happens ("weekly", "twice a month").
    Frequency,
    /// Time words with no checkable point ("soon", "ongoing", "as needed").
    Vague,
}

impl TimeKind {
    /// The lowercase name used in records (`"deadline"`, `"frequency"`, `"vague"`).
    pub fn name(self) -> &'static str {
        match self {
            TimeKind::Deadline => "deadline",
            TimeKind::Frequency => "frequency",
            TimeKind::Vague => "vague",
        }
    }
}

pub use crate::rules::{Criterion, Rule, Severity};

/// A responsible party found in the statement, with where it sits in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnerSpan {
    /// The words naming the party, exactly as written.
    pub text: String,
    /// First character of the span (counting characters, not bytes).
    pub start: usize,
    /// One past the last character of the span.
    pub end: usize,
    /// What sort of party it is.
    pub kind: OwnerKind,
}

/// A time expression found in the statement, with where it sits and, for a
/// deadline, the date it resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeSpan {
    /// The time words exactly as written.
    pub text: String,
    /// First character of the span (counting characters, not bytes).
    pub start: usize,
    /// One past the last character of the span.
    pub end: usize,
    /// Deadline, frequency or vague.
    pub kind: TimeKind,
    /// ISO date a deadline resolves to, else null.
    pub date: Option<String>,
    /// The other plausible date when the words allow two ("Feb 18": the
    /// 18th, or February 2018?); only present then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_date: Option<String>,
}

/// Words that make the statement checkable (a count, a percentage, a record
/// kept), with where they sit in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureSpan {
    /// The measure's words exactly as written.
    pub text: String,
    /// First character of the span (counting characters, not bytes).
    pub start: usize,
    /// One past the last character of the span.
    pub end: usize,
    /// What sort of measure it is, e.g. `count`, `percentage`, `record`.
    pub kind: String,
}

/// One problem with the statement (or a note about it), in plain words, and
/// where in the text it is when it has a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Which rule raised it; its [`Rule::id`] is the stable kebab-case id.
    pub rule: Rule,
    /// The SMART criterion it counts against, if any.
    pub criterion: Option<Criterion>,
    /// How much it matters: error, warning or info.
    pub severity: Severity,
    /// What is wrong, in words a practitioner understands.
    pub message: String,
    /// What to do about it, when there is something to suggest.
    pub suggestion: Option<String>,
    /// First character of the words it is about, when it points at words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// One past the last character of the words it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// The words it is about, exactly as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Finding {
    /// A finding of `rule` with the registry's wording and severity, placed
    /// nowhere; [`Finding::at`] points it at words of the statement.
    pub fn new(rule: Rule) -> Finding {
        let info = rule.info();
        Finding {
            rule,
            criterion: info.criterion,
            severity: info.severity,
            message: info.message.to_string(),
            suggestion: Some(info.suggestion.to_string()),
            start: None,
            end: None,
            text: None,
        }
    }
    /// Points the finding at characters `start..end`, which read `text`.
    pub fn at(mut self, start: usize, end: usize, text: &str) -> Finding {
        self.start = Some(start);
        self.end = Some(end);
        self.text = Some(text.to_string());
        self
    }
    /// Replaces the registry's message with one specific to this statement.
    pub fn message(mut self, message: impl Into<String>) -> Finding {
        self.message = message.into();
        self
    }
    /// Replaces the registry's suggestion (`None` for no suggestion).
    pub fn suggestion(mut self, suggestion: Option<String>) -> Finding {
        self.suggestion = suggestion;
        self
    }
    /// Overrides the registry's severity, e.g. to lower a vague word that a
    /// measure pins down to info.
    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }
}

/// How well one SMART criterion is met, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct CriterionScore {
    /// 0 missing, 1 partly met, 2 met.
    pub score: u8,
    /// Why it scored so, in plain words. Most reasons are fixed wording,
    /// borrowed rather than copied into a new string each statement (issue 17).
    pub reasons: Vec<Cow<'static, str>>,
}

/// The five SMART criteria, each scored 0–2 with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Smart {
    /// Says who does what.
    pub specific: CriterionScore,
    /// Says how anyone will know it has been done or achieved.
    pub measurable: CriterionScore,
    /// Records that the family or child agreed to it.
    pub agreed: CriterionScore,
    /// Nothing in it warns that it cannot be done.
    pub realistic: CriterionScore,
    /// Says when.
    pub timely: CriterionScore,
}

impl Smart {
    /// The score of one criterion, for code that walks [`Criterion::ALL`].
    pub fn get(&self, c: Criterion) -> &CriterionScore {
        match c {
            Criterion::Specific => &self.specific,
            Criterion::Measurable => &self.measurable,
            Criterion::Agreed => &self.agreed,
            Criterion::Realistic => &self.realistic,
            Criterion::Timely => &self.timely,
        }
    }
    /// The score of one criterion, to change it.
    pub fn get_mut(&mut self, c: Criterion) -> &mut CriterionScore {
        match c {
            Criterion::Specific => &mut self.specific,
            Criterion::Measurable => &mut self.measurable,
            Criterion::Agreed => &mut self.agreed,
            Criterion::Realistic => &mut self.realistic,
            Criterion::Timely => &mut self.timely,
        }
    }
}

/// A proposed SMART rewording of the statement, with placeholders for the facts
/// it does not give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rewrite {
    /// The proposed wording, with `[placeholders]` where facts are missing.
    pub text: String,
    /// The placeholders left in `text`, in order (e.g. `"[who]"`, `"[by when]"`).
    pub slots: Vec<String>,
    /// Other rewordings when the statement can be read more than one way.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
}

/// Another rewording, for a different reading of the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alternative {
    /// The proposed wording, with `[placeholders]` where facts are missing.
    pub text: String,
    /// The placeholders left in `text`, in order.
    pub slots: Vec<String>,
    /// Which reading this alternative takes (e.g. "outcome", "action").
    pub reading: String,
}

/// One statement's analysis: the contract record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The row's id when the input had one.
    pub id: Option<String>,
    /// The statement exactly as read (after decoding).
    pub text: String,
    /// What the statement is.
    pub kind: Kind,
    /// Why the statement was read as this kind, in plain words (an addition
    /// to the contract's fields; nothing is renamed).
    pub kind_reason: String,
    /// Overall SMART quality, 0–100; higher is better.
    pub score: u8,
    /// Each SMART criterion's score and reasons.
    pub smart: Smart,
    /// The responsible parties found, in text order.
    pub owners: Vec<OwnerSpan>,
    /// The time expressions found, in text order.
    pub timescales: Vec<TimeSpan>,
    /// The measures found, in text order.
    pub measures: Vec<MeasureSpan>,
    /// The problems found; empty when there are none.
    pub findings: Vec<Finding>,
    /// A proposed SMART rewrite; `None` when the statement needs none.
    pub rewrite: Option<Rewrite>,
    /// What the row's "by when" cell was read as, if it had one. Not part of
    /// the contract record (never serialised): the plan checks read it, so a
    /// plan's "every action has a deadline" agrees with the statement's score.
    #[serde(skip)]
    pub due_cell: Option<TimeKind>,
}

/// A row that could not be analysed (blank, undecodable, too long): still a
/// record, so no row is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unanalysed {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The row's id when the input had one.
    pub id: Option<String>,
    /// The cell as far as it could be read.
    pub text: String,
    /// Why the row could not be analysed (undecodable, over the size limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why the row was left out on purpose (e.g. a blank cell).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

/// Either kind of record a front end writes for one input row.
///
/// The analysis sits behind an `Arc` so a batch can hand one analysis to every
/// row that repeats its statement without copying it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Record {
    /// The statement was analysed.
    Analysed(Arc<Analysis>),
    /// The row could not be, or was not to be, analysed.
    Unanalysed(Unanalysed),
}

impl Analysis {
    /// Every span as `(start, end, text)`: owners, timescales, measures, and
    /// the findings that point at text.
    pub fn spans(&self) -> impl Iterator<Item = (usize, usize, &str)> + '_ {
        let owners = self.owners.iter().map(|s| (s.start, s.end, s.text.as_str()));
        let times = self.timescales.iter().map(|s| (s.start, s.end, s.text.as_str()));
        let measures = self.measures.iter().map(|s| (s.start, s.end, s.text.as_str()));
        let findings = self
            .findings
            .iter()
            .filter_map(|f| Some((f.start?, f.end?, f.text.as_deref()?)));
        owners.chain(times).chain(measures).chain(findings)
    }

    /// Checks what the contract promises of any record: each span lies in the
    /// text and slices to its own text, and scores are in range. The fuzz
    /// targets and the hostile-input tests hold every record to this.
    pub fn check_contract(&self) -> Result<(), String> {
        let chars: Vec<char> = self.text.chars().collect();
        for (start, end, text) in self.spans() {
            if start >= end || end > chars.len() {
                return Err(format!(
                    "span {start}..{end} is empty or lies outside the {} characters",
                    chars.len()
                ));
            }
            let sliced: String = chars[start..end].iter().collect();
            if sliced != text {
                return Err(format!(
                    "span {start}..{end} is {sliced:?}, not its text {text:?}"
                ));
            }
        }
        if self.score > 100 {
            return Err(format!("score {} is over 100", self.score));
        }
        match Criterion::ALL.iter().find(|c| self.smart.get(**c).score > 2) {
            Some(c) => Err(format!(
                "{} scores {}, over 2",
                c.name(),
                self.smart.get(*c).score
            )),
            None => Ok(()),
        }
    }
}

impl Record {
    /// The analysis, if the row was analysed.
    pub fn analysis(&self) -> Option<&Analysis> {
        match self {
            Record::Analysed(a) => Some(a),
            Record::Unanalysed(_) => None,
        }
    }
}
