//! Finds the columns of an export by header name (case-insensitive, with the
//! aliases case-management systems use) or by the names given on the command line.

use crate::lexicon::{Category, Lexicons};
use crate::record::Kind;
use std::sync::OnceLock;

/// What a statement is filed under: one of the kinds the analyser knows, or
/// a safety-planning section with no kind of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// Need, concern, danger statement (concern); outcome, safety goal
    /// (outcome); action, next steps (action).
    Kind(Kind),
    /// What is working well: the family's strengths.
    Strength,
    /// What will happen if things go wrong: who does what, on what trigger.
    Contingency,
    /// The family's safety network.
    Network,
    /// A 0–10 scaling judgement.
    Scaling,
    /// The child's own view.
    ChildView,
}

impl Section {
    /// The kind the analyser is told; a statement under "what's working
    /// well" or a contingency is read as its words say.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Section::Kind(k) => Some(k),
            _ => None,
        }
    }
    /// The section's name in records and summaries (`strength`, `child-view`,
    /// or the kind's name).
    pub fn name(self) -> &'static str {
        match self {
            Section::Kind(k) => k.name(),
            Section::Strength => "strength",
            Section::Contingency => "contingency",
            Section::Network => "network",
            Section::Scaling => "scaling",
            Section::ChildView => "child-view",
        }
    }
    /// A plan lexicon section's `value`.
    fn parse(value: &str) -> Option<Section> {
        Some(match value {
            "strength" => Section::Strength,
            "contingency" => Section::Contingency,
            "network" => Section::Network,
            "scaling" => Section::Scaling,
            "child-view" => Section::ChildView,
            other => Section::Kind(Kind::parse(other)?),
        })
    }
    /// Whether a column with this heading holds statements (a "Scaling" or
    /// "Child's view" column holds values).
    fn holds_statements(self) -> bool {
        !matches!(self, Section::Scaling | Section::ChildView)
    }
}

/// The plan lexicon's section names and child-protection plan types, in
/// normal form (as a header is read: lowercase, no punctuation).
#[derive(Debug, Clone, Default)]
pub struct PlanWords {
    sections: Vec<(String, Section)>,
    cp_types: Vec<String>,
}

impl PlanWords {
    /// Reads the section names and child protection plan types from the plan
    /// lexicon of `lex` (built-in or the user's `--lexicons`).
    pub fn from_lexicons(lex: &Lexicons) -> PlanWords {
        let mut w = PlanWords::default();
        for e in lex.entries().iter().filter(|e| e.category() == Category::Plan) {
            match (e.kind.as_deref(), e.value.as_deref()) {
                (Some("section"), Some(v)) => {
                    if let Some(s) = Section::parse(v) {
                        w.sections.extend(e.terms.iter().map(|t| (norm(t), s)));
                    }
                }
                (Some("plan-type"), Some("cp")) => w.cp_types.extend(e.terms.iter().map(|t| norm(t))),
                _ => {}
            }
        }
        w
    }
    /// The built-in lexicon's words.
    pub fn builtin() -> &'static PlanWords {
        static WORDS: OnceLock<PlanWords> = OnceLock::new();
        WORDS.get_or_init(|| {
            PlanWords::from_lexicons(&Lexicons::builtin().expect("built-in lexicons are valid (tested)"))
        })
    }
    fn section(&self, normalised: &str) -> Option<Section> {
        self.sections
            .iter()
            .find(|(n, _)| n == normalised)
            .map(|(_, s)| *s)
    }
    /// Whether a plan type cell names a child protection plan.
    pub fn is_cp(&self, cell: &str) -> bool {
        let t = cell.trim();
        if t.is_empty() || self.cp_types.iter().any(|c| c.eq_ignore_ascii_case(t)) {
            return !t.is_empty();
        }
        // Asked on every row: most cells ("CIN", "LAC") are letters and
        // single spaces, which normalising would not change.
        let plain = t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ') && !t.contains("  ");
        !plain && self.cp_types.contains(&norm(t))
    }
}

/// Column indices found in the header.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Statement columns and the section each implies (None: the row says, or the analyser decides).
    pub text: Vec<(usize, Option<Section>)>,
    /// The row id column.
    pub id: Option<usize>,
    /// The plan id column, which groups rows into plans.
    pub plan: Option<usize>,
    /// The child id column.
    pub child: Option<usize>,
    /// The "responsible person" column.
    pub owner: Option<usize>,
    /// The "by when" column.
    pub due: Option<usize>,
    /// The plan date column: relative timescales count from it.
    pub date: Option<usize>,
    /// The review date column.
    pub review: Option<usize>,
    /// The column that says what each row is (need, outcome, action ...).
    pub section: Option<usize>,
    /// The column recording agreement.
    pub agreed: Option<usize>,
    /// The column for the child's view.
    pub child_view: Option<usize>,
    /// The child's name, when the export has it beside the child id.
    pub child_name: Option<usize>,
    /// The plan type (CP, CIN, …): child protection plans have statutory review times.
    pub plan_type: Option<usize>,
    /// A 0–10 scaling judgement ("4", "SW 3, Mum 6").
    pub scaling: Option<usize>,
    /// Columns to break the summary down by (`--group-by`, or the usual ones).
    pub group: Vec<usize>,
    /// Warnings (duplicate headers).
    pub warnings: Vec<String>,
    /// Section names and plan types from the plan lexicon.
    pub words: PlanWords,
}

/// Names given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Given {
    /// `--text-column`: the statement column.
    pub text: Option<String>,
    /// `--id-column`.
    pub id: Option<String>,
    /// `--plan-column`.
    pub plan: Option<String>,
    /// `--owner-column`.
    pub owner: Option<String>,
    /// `--due-column`.
    pub due: Option<String>,
    /// `--date-column`.
    pub date: Option<String>,
    /// `--section-column`.
    pub section: Option<String>,
    /// `--group-by`: columns to break the summary down by.
    pub group: Vec<String>,
}

pub(crate) fn norm(h: &str) -> String {
    let s: String = h
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '?' | '"' | '(' | ')'))
        .map(|c| {
            if matches!(c, '_' | '-' | '/' | '.') {
                ' '
            } else {
                c
            }
        })
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

const STATEMENT: &[(&str, Option<Kind>)] = &[
    ("statement", None),
    ("text", None),
    ("plan item", None),
    ("need", Some(Kind::Concern)),
    ("needs", Some(Kind::Concern)),
    ("concern", Some(Kind::Concern)),
    ("need concern", Some(Kind::Concern)),
    ("worry", Some(Kind::Concern)),
    ("outcome", Some(Kind::Outcome)),
    ("outcomes", Some(Kind::Outcome)),
    ("what needs to change", Some(Kind::Outcome)),
    ("desired outcome", Some(Kind::Outcome)),
    ("action", Some(Kind::Action)),
    ("actions", Some(Kind::Action)),
    ("what will happen", Some(Kind::Action)),
    ("task", Some(Kind::Action)),
];
const ID: &[&str] = &["id", "row id", "item id", "record id", "line id"];
const PLAN: &[&str] = &["plan id", "plan", "plan ref", "plan reference", "plan no"];
const CHILD: &[&str] = &["child id", "child", "person id", "child ref", "client id"];
const OWNER: &[&str] = &[
    "responsible",
    "who",
    "responsible person",
    "owner",
    "lead",
    "by whom",
    "who will do this",
];
const DUE: &[&str] = &[
    "target date",
    "by when",
    "due",
    "due date",
    "deadline",
    "timescale",
    "when",
];
const DATE: &[&str] = &["plan date", "start date", "plan start date", "date", "plan start"];
const REVIEW: &[&str] = &["review date", "next review", "next review date", "review"];
const SECTION: &[&str] = &["section", "item type", "element", "row type"];
const AGREED: &[&str] = &[
    "agreed",
    "agreement",
    "signed",
    "parent agreed",
    "agreed by family",
];
const CHILD_VIEW: &[&str] = &[
    "childs view",
    "child view",
    "views of the child",
    "voice of the child",
    "childs wishes",
];
const CHILD_NAME: &[&str] = &[
    "child name",
    "childs name",
    "name of child",
    "child first name",
    "childs first name",
    "child forename",
    "first name",
    "forename",
];
const PLAN_TYPE: &[&str] = &[
    "plan type",
    "type of plan",
    "plan category",
    "category of plan",
    "type",
];
const SCALING: &[&str] = &[
    "scaling",
    "scaling score",
    "safety scale",
    "safety scaling",
    "scale",
    "scaling 0 10",
    "safety judgement",
    "safety rating",
];
/// Columns worth a breakdown in the summary and a place in the plan record.
pub const GROUP_DEFAULT: &[&str] = &["plan type", "team", "worker", "social worker", "type"];

fn find(headers: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|n| headers.iter().position(|h| norm(h) == *n))
}

fn named(headers: &[String], name: &str, what: &str) -> Result<usize, String> {
    let n = norm(name);
    headers.iter().position(|h| norm(h) == n).ok_or_else(|| {
        format!(
            "no column named “{name}” for {what}; the headers are: {}",
            list(headers)
        )
    })
}

pub(crate) fn list(headers: &[String]) -> String {
    if headers.is_empty() {
        "(none)".into()
    } else {
        headers
            .iter()
            .map(|h| format!("“{h}”"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Columns {
    /// Maps the headers with the built-in plan lexicon's section names.
    pub fn map(headers: &[String], given: &Given) -> Result<Columns, String> {
        Self::map_with(headers, given, PlanWords::builtin().clone())
    }

    /// Maps the headers; a heading the plan lexicon names as a section
    /// ("Danger statement", "What's working well") is a statement column.
    pub fn map_with(headers: &[String], given: &Given, words: PlanWords) -> Result<Columns, String> {
        let mut c = Columns {
            words,
            ..Columns::default()
        };
        // Duplicate names: the first wins (position() finds it), and we say so.
        for (i, h) in headers.iter().enumerate() {
            if !h.is_empty() && headers[..i].iter().any(|p| norm(p) == norm(h)) {
                c.warnings.push(format!(
                    "column {} repeats the header “{h}”; the first column of that name is used",
                    i + 1
                ));
            }
        }
        let pick = |g: &Option<String>, names: &[&str], what: &str| -> Result<Option<usize>, String> {
            match g {
                Some(n) => named(headers, n, what).map(Some),
                None => Ok(find(headers, names)),
            }
        };
        if let Some(t) = &given.text {
            for name in t.split(',') {
                let i = named(headers, name, "the statement")?;
                let sec = c.heading_section(&norm(name)).flatten();
                c.text.push((i, sec));
            }
        } else {
            for (i, h) in headers.iter().enumerate() {
                let n = norm(h);
                if headers[..i].iter().any(|p| norm(p) == n) {
                    continue;
                }
                if let Some(sec) = c.heading_section(&n) {
                    c.text.push((i, sec));
                }
            }
        }
        if c.text.is_empty() {
            return Err(format!(
                "no statement column found (looked for: statement, need, outcome, action, “what needs to change”, “what will happen”; or name it with --text-column); the headers are: {}",
                list(headers)
            ));
        }
        c.id = pick(&given.id, ID, "the row id")?;
        c.plan = pick(&given.plan, PLAN, "the plan id")?;
        c.owner = pick(&given.owner, OWNER, "the responsible person")?;
        c.due = pick(&given.due, DUE, "the target date")?;
        c.date = pick(&given.date, DATE, "the plan date")?;
        c.section = pick(&given.section, SECTION, "the section")?;
        c.child = find(headers, CHILD);
        c.review = find(headers, REVIEW);
        c.agreed = find(headers, AGREED);
        c.child_view = find(headers, CHILD_VIEW);
        c.child_name = find(headers, CHILD_NAME);
        c.plan_type = find(headers, PLAN_TYPE);
        c.scaling = find(headers, SCALING);
        if given.group.is_empty() {
            for name in GROUP_DEFAULT {
                if let Some(i) = find(headers, &[name]) {
                    if !c.group.contains(&i) {
                        c.group.push(i);
                    }
                }
            }
        } else {
            for g in &given.group {
                c.group.push(named(headers, g, "--group-by")?);
            }
        }
        Ok(c)
    }

    /// How each column was read, for `--columns`.
    pub fn describe(&self, headers: &[String]) -> String {
        let h = |i: Option<usize>| {
            i.map(|i| format!("“{}” (column {})", headers[i], i + 1))
                .unwrap_or_else(|| "(not found)".into())
        };
        let mut s = String::new();
        for (i, k) in &self.text {
            s += &format!(
                "statement:      {} — section {}\n",
                h(Some(*i)),
                k.map(|k| k.name()).unwrap_or("from the row or the wording")
            );
        }
        for (name, i) in [
            ("row id", self.id),
            ("plan id", self.plan),
            ("child id", self.child),
            ("responsible", self.owner),
            ("target date", self.due),
            ("plan date", self.date),
            ("review date", self.review),
            ("section", self.section),
            ("agreement", self.agreed),
            ("child's view", self.child_view),
            ("child's name", self.child_name),
            ("plan type", self.plan_type),
            ("scaling", self.scaling),
        ] {
            s += &format!("{name:<15} {}\n", h(i));
        }
        for g in &self.group {
            s += &format!("group by:       {}\n", h(Some(*g)));
        }
        for w in &self.warnings {
            s += &format!("warning: {w}\n");
        }
        s
    }
}

impl Columns {
    /// The section a statement column's heading implies: `Some(None)` for a
    /// statement column of no particular section, `None` for no statement column.
    fn heading_section(&self, normalised: &str) -> Option<Option<Section>> {
        if let Some((_, k)) = STATEMENT.iter().find(|(s, _)| *s == normalised) {
            return Some(k.map(Section::Kind));
        }
        self.words
            .section(normalised)
            .filter(|s| s.holds_statements())
            .map(Some)
    }

    /// Section named in a row's section cell.
    pub fn section_of(&self, cell: &str) -> Option<Section> {
        // Read on every row: most cells are a plain name ("Outcome"), matched
        // without normalising a copy; the keys are already in normal form.
        let t = cell.trim();
        if let Some((_, k)) = STATEMENT.iter().find(|(s, _)| s.eq_ignore_ascii_case(t)) {
            return k.map(Section::Kind);
        }
        if let Some((_, s)) = self
            .words
            .sections
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(t))
        {
            return Some(*s);
        }
        self.section_of_normalised(cell)
    }

    /// [`Columns::section_of`] without the quick match: the cell normalised like a header.
    fn section_of_normalised(&self, cell: &str) -> Option<Section> {
        let n = norm(cell);
        match STATEMENT.iter().find(|(s, _)| *s == n) {
            Some((_, k)) => k.map(Section::Kind),
            None => Kind::parse(&n)
                .map(Section::Kind)
                .or_else(|| self.words.section(&n)),
        }
    }
}

#[cfg(test)]
mod section_tests {
    use super::*;

    /// The quick match on a plain cell gives what normalising the cell gives.
    #[test]
    fn section_quick_match_agrees_with_normalising() {
        let mut cells: Vec<String> = STATEMENT.iter().map(|(s, _)| s.to_string()).collect();
        cells.extend(STATEMENT.iter().map(|(s, _)| format!("  {} ", s.to_uppercase())));
        cells.extend(
            [
                "Mixed",
                "ACTION",
                "What needs to change?",
                "need/concern",
                "\u{feff}Outcome",
                "outcome_s",
                "what  needs to change",
                "",
                "Statement",
                "Tâche",
            ]
            .map(String::from),
        );
        let cols = Columns {
            words: PlanWords::builtin().clone(),
            ..Columns::default()
        };
        cells.extend(cols.words.sections.iter().map(|(s, _)| s.clone()));
        cells.extend(["Danger Statement", "What's working well?", "CONTINGENCY PLAN"].map(String::from));
        for c in &cells {
            assert_eq!(cols.section_of(c), cols.section_of_normalised(c), "{c:?}");
        }
        assert_eq!(cols.section_of("  OUTCOME "), Some(Section::Kind(Kind::Outcome)));
        assert_eq!(
            cols.section_of("What needs to change?"),
            Some(Section::Kind(Kind::Outcome))
        );
        assert_eq!(
            cols.section_of("Danger statement"),
            Some(Section::Kind(Kind::Concern))
        );
        assert_eq!(cols.section_of("Safety goal"), Some(Section::Kind(Kind::Outcome)));
        assert_eq!(cols.section_of("What’s working well?"), Some(Section::Strength));
        assert_eq!(cols.section_of("Contingency plan"), Some(Section::Contingency));
    }
}
