//! The rule registry: every finding a statement can raise and every check a
//! plan is put through, in one typed table. Scoring, the plan checks, the
//! summary, the report, eval and the CLI all read it, so a rule has one id,
//! one label a practitioner reads in the report, and one default wording.
//!
//! Messages and suggestions are written for a social worker, not a linguist.
//! Where a finding quotes the statement, its message is built where the
//! finding is raised (it needs the words); the registry's message is the
//! default and the wording used when nothing is quoted.
//!
//! A suggestion never carries a fixed example date: `{date}` in one (here or
//! in a lexicon) is filled with a date six weeks after the statement's
//! reference date when the finding is raised (`score::fill_example_dates`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A SMART letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Criterion {
    /// Says who does what.
    Specific,
    /// Says how anyone will know it has been done or achieved.
    Measurable,
    /// Records that the family or child agreed to it.
    Agreed,
    /// Nothing in it warns that it cannot be done.
    Realistic,
    /// Says by when, or how often.
    Timely,
}

impl Criterion {
    /// The five letters in SMART order, for code that walks every criterion.
    pub const ALL: [Criterion; 5] = [
        Criterion::Specific,
        Criterion::Measurable,
        Criterion::Agreed,
        Criterion::Realistic,
        Criterion::Timely,
    ];
    /// The lowercase name records and summaries use (`"specific"` ...).
    pub fn name(self) -> &'static str {
        match self {
            Criterion::Specific => "specific",
            Criterion::Measurable => "measurable",
            Criterion::Agreed => "agreed",
            Criterion::Realistic => "realistic",
            Criterion::Timely => "timely",
        }
    }
    /// The letter as the report names it for a practitioner.
    pub fn label(self) -> &'static str {
        match self {
            Criterion::Specific => "Specific (who and what)",
            Criterion::Measurable => "Measurable (how we will know)",
            Criterion::Agreed => "Agreed (with the family)",
            Criterion::Realistic => "Realistic",
            Criterion::Timely => "Timely (by when / how often)",
        }
    }
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing; no change needed.
    Info,
    /// A weakness a reviewer should fix.
    Warning,
    /// The statement fails a SMART criterion because of this.
    Error,
}

impl Severity {
    /// The lowercase name records use (`"info"`, `"warning"`, `"error"`).
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Whether a rule is about one statement or a whole plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Raised on one statement, in its record's findings.
    Statement,
    /// Checked on a whole plan, in its plan record.
    Plan,
}

/// One rule's fixed facts.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// The rule this row describes.
    pub rule: Rule,
    /// Stable kebab-case id, as records and reports carry it.
    pub id: &'static str,
    /// Whether it is about a statement or a plan.
    pub scope: Scope,
    /// The SMART letter a statement rule weakens (plan checks have none).
    pub criterion: Option<Criterion>,
    /// How much it matters, by default (a detector may lower it).
    pub severity: Severity,
    /// A short name for charts and tables.
    pub label: &'static str,
    /// What is wrong, when the finding quotes nothing.
    pub message: &'static str,
    /// What to write instead.
    pub suggestion: &'static str,
}

macro_rules! rules {
    ($( $variant:ident => $id:literal, $scope:ident, $crit:expr, $sev:ident, $label:literal, $message:literal, $suggestion:literal; )*) => {
        /// Every rule smartplan can raise. Ids never change within a record version.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule { $(#[doc = concat!("`", $id, "`: ", $label, ".")] $variant),* }

        /// The registry, one row a rule, in the order reports list them.
        pub const RULES: &[RuleInfo] = &[
            $(RuleInfo {
                rule: Rule::$variant,
                id: $id,
                scope: Scope::$scope,
                criterion: $crit,
                severity: Severity::$sev,
                label: $label,
                message: $message,
                suggestion: $suggestion,
            }),*
        ];
    };
}

rules! {
    MissingOwner => "missing-owner", Statement, Some(Criterion::Specific), Error,
        "No owner: nobody is named to do it",
        "This does not say who will do it, so no one is responsible for making it happen.",
        "name the person or service responsible, e.g. “the social worker will …” or “Mum will …”";
    CollectiveOwner => "collective-owner", Statement, Some(Criterion::Specific), Warning,
        "Owner is a group (“professionals”, “all agencies”)",
        "The owner is a group, so no one person or service can be held to account for this.",
        "name one person or service responsible, e.g. “the social worker” or “the school's DSL”";
    VagueTerm => "vague-term", Statement, Some(Criterion::Specific), Warning,
        "Vague wording",
        "This wording could mean different things to different people.",
        "say exactly what will be done or what will be different, in a way anyone could check";
    ActionNotOutcome => "action-not-outcome", Statement, Some(Criterion::Specific), Warning,
        "A task written as an outcome",
        "This is written as an outcome but reads as a task: it says what someone will do, not what will be different for the child.",
        "say what will change for the child and how you will know, e.g. “Ava will … by [date], shown by …”; keep the task as an action";
    ConcernLabel => "concern-label", Statement, Some(Criterion::Specific), Warning,
        "A concern that names a worry but says nothing seen",
        "This concern names a kind of worry but not what was seen or heard, how often, or what it means for the child.",
        "say what was seen or heard, how often, and what it meant for the child, e.g. “Ava, 4, was found alone at home after 9pm on three evenings in March”";
    MissingMeasure => "missing-measure", Statement, Some(Criterion::Measurable), Warning,
        "No measure: how we will know",
        "Nothing says how we will know this has been achieved.",
        "say what will be counted or checked, e.g. a number, a record or a scale";
    SelfReportOnly => "self-report-only", Statement, Some(Criterion::Measurable), Warning,
        "Relies on a parent's own word",
        "The only evidence here is what a parent says. Their own report is not safe evidence on its own.",
        "add a check that does not rely on the parent's word, e.g. test results, school records or what is seen on visits";
    HedgedCommitment => "hedged-commitment", Statement, Some(Criterion::Realistic), Warning,
        "Hedged promise (“will try to”, “if possible”)",
        "A hedged promise means no one can say whether it was done.",
        "say plainly what will be done; if it depends on something, say what";
    UnrealisticAbsolute => "unrealistic-absolute", Statement, Some(Criterion::Realistic), Warning,
        "Asks for something absolute (“never”, “always”)",
        "An absolute like this sets the family up to fail and cannot be checked.",
        "agree a step that can be met and checked, with the specialist service where one is involved";
    UnrealisticTimescale => "unrealistic-timescale", Statement, Some(Criterion::Realistic), Warning,
        "Too little time for the change asked",
        "This is too little time for a change like this; a plan that cannot be met loses the family's trust.",
        "agree steps with the specialist service and a date they think can be met";
    MissingTimescale => "missing-timescale", Statement, Some(Criterion::Timely), Error,
        "No timescale",
        "This does not say by when, so no one can tell if it is late.",
        "add a date (dd/mm/yyyy) or a bounded time, e.g. within 6 weeks";
    VagueTimescale => "vague-timescale", Statement, Some(Criterion::Timely), Warning,
        "Vague timescale (“ongoing”, “asap”)",
        "This time word does not say by when.",
        "give a date (dd/mm/yyyy) or a bounded time, e.g. within 6 weeks";
    PastDeadline => "past-deadline", Statement, Some(Criterion::Timely), Warning,
        "Deadline already past",
        "This deadline has already passed, so it cannot be met as written.",
        "give a date still to come, e.g. by {date}, or a bounded time, e.g. within 6 weeks";
    DistantDeadline => "distant-deadline", Statement, Some(Criterion::Timely), Info,
        "Deadline more than two years away",
        "This deadline is more than two years after the plan's date; the plan will be reviewed long before then.",
        "add a step to reach by the next review, e.g. by {date}, and keep the long-term date as the aim";

    ConcernHasOutcome => "concern-has-outcome", Plan, None, Warning,
        "Each concern has an outcome",
        "A concern has no outcome saying what needs to change.",
        "for each worry, say what good would look like for the child";
    OutcomeHasAction => "outcome-has-action", Plan, None, Warning,
        "Each outcome has an action",
        "An outcome has no action saying what will be done.",
        "for each outcome, say who will do what, by when";
    ActionHasOwner => "action-has-owner", Plan, None, Warning,
        "Every action says who",
        "Some actions do not say who will do them.",
        "name the person or service responsible for each action";
    ActionHasDeadline => "action-has-deadline", Plan, None, Warning,
        "Every action has a deadline",
        "Some actions have no deadline.",
        "give each action a date or a bounded time";
    NotFamilyAlone => "not-family-alone", Plan, None, Warning,
        "Not every action on the family",
        "Every action falls on the family; none on a professional or service.",
        "say what each professional and service will do to help";
    ReviewDateSet => "review-date-set", Plan, None, Warning,
        "Review date set",
        "No review date is recorded for this plan.",
        "set the date the plan will be reviewed";
    ChildsViewRecorded => "childs-view-recorded", Plan, None, Warning,
        "Child's view recorded",
        "The child's view is not recorded for this plan.",
        "record what the child says they want, in their own words where possible";
    AgreementRecorded => "agreement-recorded", Plan, None, Warning,
        "Agreement recorded",
        "Agreement is not recorded on every row.",
        "record that the family agreed the plan, or what they did not agree";
    StrengthsRecorded => "strengths-recorded", Plan, None, Warning,
        "Strengths recorded",
        "No strength of the family is recorded: nothing says what is working well.",
        "record what is already working well: what the family does now that keeps the child safe or well";
    ConcernSaysImpact => "concern-says-impact", Plan, None, Warning,
        "Each concern says its impact",
        "A concern does not say what it means for the child's safety, health or wellbeing.",
        "for each worry, say how it affects the child, e.g. “… so Ava goes to school hungry” or “… which frightens the children”";
    ScalingRecorded => "scaling-recorded", Plan, None, Warning,
        "Scaling (0–10) recorded",
        "No scaling from 0 to 10 of how safe the child is is recorded.",
        "ask each person (worker, parents, child, network) where they rate the child's safety from 0 to 10, and record who said what, e.g. “Scaling: SW 3, Mum 6”";
    ChangeSustained => "change-sustained", Plan, None, Warning,
        "Family network, change kept up",
        "No action names the family's own network or says how the change will last once professionals step back.",
        "add an action saying who in the family's own network will help (grandparents, friends, neighbours) and how the family will keep the change going when services close";
    EveryChildIncluded => "every-child-included", Plan, None, Warning,
        "Every child has an outcome",
        "A child on this plan has no outcome naming them or filed under them.",
        "give each child at least one outcome of their own, naming them";
    EveryProfessionalActs => "every-professional-acts", Plan, None, Warning,
        "Every service named has an action",
        "A service or professional named in the concerns or outcomes has no action of their own.",
        "say what each service or professional named in the plan will do, and by when";
    CpReviewOnTime => "cp-review-on-time", Plan, None, Warning,
        "Child protection review on time",
        "The review date is later than a child protection plan allows: the first review within 3 months of the initial conference, then no more than 6 months apart.",
        "set the review conference within 3 months of the initial conference, then no more than 6 months after the last review";
}

impl Rule {
    /// This rule's row in [`RULES`].
    pub fn info(self) -> &'static RuleInfo {
        // RULES is in declaration order (the macro writes both), so the
        // variant's number is its row; the registry test holds this.
        &RULES[self as usize]
    }
    /// The stable kebab-case id records carry (`"missing-owner"`).
    pub fn id(self) -> &'static str {
        self.info().id
    }
    /// A short name for charts and tables.
    pub fn label(self) -> &'static str {
        self.info().label
    }
    /// The rule with this id, if there is one.
    pub fn from_id(id: &str) -> Option<Rule> {
        RULES.iter().find(|r| r.id == id).map(|r| r.rule)
    }
}

/// The label for a rule id read back from a record, or the id made readable
/// when this version does not know it.
pub fn label_of(id: &str) -> String {
    match Rule::from_id(id) {
        Some(r) => r.label().to_string(),
        None => {
            let words = id.replace(['-', '_'], " ");
            let mut c = words.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => "(unnamed finding)".into(),
            }
        }
    }
}

/// A rule reads as its id (`missing-owner`), in messages and in tests.
impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, id: &&str) -> bool {
        self.id() == *id
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        Rule::from_id(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown rule “{id}”")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_finds_its_own_row_and_ids_are_unique_kebab_case() {
        let mut ids = std::collections::HashSet::new();
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.rule as usize, i, "{} is out of order", r.id);
            assert_eq!(Rule::from_id(r.id), Some(r.rule));
            assert!(ids.insert(r.id), "{} twice", r.id);
            assert!(
                r.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                r.id
            );
            assert!(!r.label.is_empty() && !r.message.is_empty() && !r.suggestion.is_empty());
            assert_eq!(r.criterion.is_some(), r.scope == Scope::Statement, "{}", r.id);
        }
    }

    #[test]
    fn unknown_ids_are_made_readable() {
        assert_eq!(label_of("odd-new-rule"), "Odd new rule");
        assert_eq!(label_of("missing-owner"), Rule::MissingOwner.label());
    }
}
