//! The analysis record, version 1: the one shape every front end emits.
//! See `schema/smartplan-record.schema.json` (a copy of the shared contract).

use serde::Serialize;
use std::sync::Arc;

pub const SCHEMA: &str = "smartplan/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Outcome,
    Action,
    Mixed,
    Concern,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Outcome, Kind::Action, Kind::Mixed, Kind::Concern];
    pub fn name(self) -> &'static str {
        match self {
            Kind::Outcome => "outcome",
            Kind::Action => "action",
            Kind::Mixed => "mixed",
            Kind::Concern => "concern",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum OwnerKind {
    Named,
    Family,
    Role,
    Agency,
    Collective,
}

impl OwnerKind {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum TimeKind {
    Deadline,
    Frequency,
    Vague,
}

impl TimeKind {
    pub fn name(self) -> &'static str {
        match self {
            TimeKind::Deadline => "deadline",
            TimeKind::Frequency => "frequency",
            TimeKind::Vague => "vague",
        }
    }
}

pub use crate::rules::{Criterion, Rule, Severity};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnerSpan {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: OwnerKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeSpan {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: TimeKind,
    /// ISO date a deadline resolves to, else null.
    pub date: Option<String>,
    /// The other plausible date when the words allow two ("Feb 18": the
    /// 18th, or February 2018?); only present then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureSpan {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub criterion: Option<Criterion>,
    pub severity: Severity,
    pub message: String,
    pub suggestion: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
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
    pub fn message(mut self, message: impl Into<String>) -> Finding {
        self.message = message.into();
        self
    }
    pub fn suggestion(mut self, suggestion: Option<String>) -> Finding {
        self.suggestion = suggestion;
        self
    }
    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct CriterionScore {
    pub score: u8,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Smart {
    pub specific: CriterionScore,
    pub measurable: CriterionScore,
    pub agreed: CriterionScore,
    pub realistic: CriterionScore,
    pub timely: CriterionScore,
}

impl Smart {
    pub fn get(&self, c: Criterion) -> &CriterionScore {
        match c {
            Criterion::Specific => &self.specific,
            Criterion::Measurable => &self.measurable,
            Criterion::Agreed => &self.agreed,
            Criterion::Realistic => &self.realistic,
            Criterion::Timely => &self.timely,
        }
    }
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rewrite {
    pub text: String,
    pub slots: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Alternative>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alternative {
    pub text: String,
    pub slots: Vec<String>,
    /// Which reading this alternative takes (e.g. "outcome", "action").
    pub reading: String,
}

/// One statement's analysis: the contract record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    pub schema: &'static str,
    pub id: Option<String>,
    pub text: String,
    pub kind: Kind,
    /// Why the statement was read as this kind, in plain words (an addition
    /// to the contract's fields; nothing is renamed).
    pub kind_reason: String,
    pub score: u8,
    pub smart: Smart,
    pub owners: Vec<OwnerSpan>,
    pub timescales: Vec<TimeSpan>,
    pub measures: Vec<MeasureSpan>,
    pub findings: Vec<Finding>,
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
    pub schema: &'static str,
    pub id: Option<String>,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
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
    Analysed(Arc<Analysis>),
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
    pub fn analysis(&self) -> Option<&Analysis> {
        match self {
            Record::Analysed(a) => Some(a),
            Record::Unanalysed(_) => None,
        }
    }
}
