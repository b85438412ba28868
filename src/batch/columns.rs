//! Finds the columns of an export by header name (case-insensitive, with the
//! aliases case-management systems use) or by the names given on the command line.

use crate::record::Kind;

/// Column indices found in the header.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Statement columns and the section each implies (None: the row says, or the analyser decides).
    pub text: Vec<(usize, Option<Kind>)>,
    pub id: Option<usize>,
    pub plan: Option<usize>,
    pub child: Option<usize>,
    pub owner: Option<usize>,
    pub due: Option<usize>,
    pub date: Option<usize>,
    pub review: Option<usize>,
    pub section: Option<usize>,
    pub agreed: Option<usize>,
    pub child_view: Option<usize>,
    pub group: Vec<usize>,
    /// Warnings (duplicate headers).
    pub warnings: Vec<String>,
}

/// Names given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Given {
    pub text: Option<String>,
    pub id: Option<String>,
    pub plan: Option<String>,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub date: Option<String>,
    pub section: Option<String>,
    pub group: Vec<String>,
}

pub fn norm(h: &str) -> String {
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

pub fn list(headers: &[String]) -> String {
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
    pub fn map(headers: &[String], given: &Given) -> Result<Columns, String> {
        let mut c = Columns::default();
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
                let sec = STATEMENT
                    .iter()
                    .find(|(n, _)| *n == norm(name))
                    .and_then(|(_, k)| *k);
                c.text.push((i, sec));
            }
        } else {
            for (i, h) in headers.iter().enumerate() {
                let n = norm(h);
                if headers[..i].iter().any(|p| norm(p) == n) {
                    continue;
                }
                if let Some((_, k)) = STATEMENT.iter().find(|(s, _)| *s == n) {
                    c.text.push((i, *k));
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

/// Section named in a row's section cell.
pub fn section_of(cell: &str) -> Option<Kind> {
    // Read on every row: most cells are a plain name ("Outcome"), matched
    // without normalising a copy; the keys are already in normal form.
    let t = cell.trim();
    if let Some((_, k)) = STATEMENT.iter().find(|(s, _)| s.eq_ignore_ascii_case(t)) {
        return *k;
    }
    section_of_normalised(cell)
}

/// [`section_of`] without the quick match: the cell normalised like a header.
fn section_of_normalised(cell: &str) -> Option<Kind> {
    let n = norm(cell);
    STATEMENT
        .iter()
        .find(|(s, _)| *s == n)
        .and_then(|(_, k)| *k)
        .or_else(|| Kind::parse(&n))
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
        for c in &cells {
            assert_eq!(section_of(c), section_of_normalised(c), "{c:?}");
        }
        assert_eq!(section_of("  OUTCOME "), Some(Kind::Outcome));
        assert_eq!(section_of("What needs to change?"), Some(Kind::Outcome));
    }
}
