//! Plan-level checks: rows grouped by plan id, checked for what the guidance
//! asks of a whole plan. Per row only the facts the checks need are kept.

use crate::record::{Kind, OwnerKind, Record};
use std::collections::HashMap;

/// The plans JSONL shape is defined once, beside the report that reads it.
pub use crate::report::{PlanCheck as Check, PlanRecord};

/// The facts of one statement that the plan checks read.
pub struct Item<'a> {
    pub id: String,
    pub section: Option<Kind>,
    pub record: &'a Record,
    /// The row had a concern cell and a blank outcome cell (side-by-side layout).
    pub concern_without_outcome: bool,
    /// The row had an outcome cell and a blank action cell.
    pub outcome_without_action: bool,
    /// The row's "responsible" cell names someone.
    pub owner_cell: bool,
    /// The row's "by when" cell holds a date.
    pub due_date_cell: bool,
}

#[derive(Default)]
struct Plan {
    rows: usize,
    concerns: usize,
    outcomes: usize,
    actions: usize,
    family_actions: usize,
    review: bool,
    child_view: bool,
    /// Row ids behind each check, and the plan's value of each group column
    /// (in `Plans::group_columns` order).
    lists: Lists,
}

/// Bounded ids kept per failure list, so a huge plan cannot grow without limit.
const MAX_IDS: usize = 50;

/// The lists of row ids a plan keeps (and its group values), all packed into
/// one buffer per plan: an audit holds every plan until the end, and most
/// lists hold a few short ids, so one allocation per plan instead of one per id.
#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    ConcernIds,
    OutcomeIds,
    NoOutcome,
    NoAction,
    Unowned,
    Undated,
    NotAgreed,
    Group,
}

#[derive(Default)]
struct Lists {
    /// Entries of `[list, length (u32 LE), bytes]`.
    packed: Vec<u8>,
    counts: [u8; 8],
}

impl Lists {
    /// Adds `id` to `list`, up to `MAX_IDS` a list.
    fn push(&mut self, list: List, id: &str) {
        let n = &mut self.counts[list as usize];
        if (*n as usize) < MAX_IDS {
            *n += 1;
            self.packed.push(list as u8);
            self.packed.extend_from_slice(&(id.len() as u32).to_le_bytes());
            self.packed.extend_from_slice(id.as_bytes());
        }
    }
    fn len(&self, list: List) -> usize {
        self.counts[list as usize] as usize
    }
    fn is_empty(&self, list: List) -> bool {
        self.len(list) == 0
    }
    fn to_vec(&self, list: List) -> Vec<String> {
        let mut out = Vec::with_capacity(self.len(list));
        let mut rest = &self.packed[..];
        while let Some((&tag, tail)) = rest.split_first() {
            let Some((n, tail)) = tail.split_first_chunk::<4>() else {
                break;
            };
            let n = u32::from_le_bytes(*n) as usize;
            if tag == list as u8 {
                out.push(String::from_utf8_lossy(&tail[..n]).into_owned());
            }
            rest = &tail[n..];
        }
        out
    }
}

#[derive(Default)]
pub struct Plans {
    /// Each plan id and its place in order of first appearance.
    index: HashMap<String, usize>,
    /// Check state, by place (empty when only counting).
    plans: Vec<Plan>,
    /// The group columns' names, from the first row (every row has the same).
    group_columns: Vec<String>,
    /// Only count plans (no plan records asked for): then a plan costs its id,
    /// not its check state.
    count_only: bool,
    pub has_agreement_column: bool,
    pub has_review_column: bool,
    pub has_child_view_column: bool,
}

/// Words that show the child's own view was recorded in a statement.
const CHILD_VIEW_CUES: &[&str] = &[
    "wishes and feelings",
    "child's view",
    "views of",
    "has said",
    "said that",
    "told",
    "wants to",
    "would like to",
    "voice of the child",
];

impl Plans {
    /// Plans that are counted but not checked, for an audit that writes no
    /// plan records: memory stays small however many plans the export holds.
    /// (Two plan ids with the same 64-bit hash would count once.)
    pub fn counting_only() -> Self {
        Plans {
            count_only: true,
            ..Plans::default()
        }
    }

    /// Adds one row. `cells` of the row give review date, agreement and child's view.
    pub fn add_row(
        &mut self,
        plan: &str,
        review: Option<&str>,
        agreed: Option<&str>,
        child_view: Option<&str>,
        group: &[(&str, &str)],
        row_id: &str,
    ) {
        let i = match self.index.get(plan) {
            Some(&i) => i,
            None => {
                let i = self.index.len();
                self.index.insert(plan.to_string(), i);
                i
            }
        };
        if self.count_only {
            return;
        }
        if i == self.plans.len() {
            self.plans.push(Plan::default());
        }
        let p = &mut self.plans[i];
        p.rows += 1;
        if review.is_some_and(|r| !r.trim().is_empty()) {
            p.review = true;
        }
        if child_view.is_some_and(|c| !c.trim().is_empty() && !is_na(c)) {
            p.child_view = true;
        }
        if let Some(a) = agreed {
            let a = a.trim().to_lowercase();
            if !matches!(a.as_str(), "yes" | "y" | "agreed" | "true" | "1" | "signed") {
                p.lists.push(List::NotAgreed, row_id);
            }
        }
        if p.rows == 1 {
            for (_, v) in group {
                p.lists.push(List::Group, v.trim());
            }
        }
        if self.group_columns.is_empty() {
            self.group_columns = group.iter().map(|(c, _)| c.to_string()).collect();
        }
    }

    pub fn add_item(&mut self, plan: &str, item: &Item) {
        let Some(p) = self.index.get(plan).and_then(|&i| self.plans.get_mut(i)) else {
            return;
        };
        if item.concern_without_outcome {
            p.lists.push(List::NoOutcome, &item.id);
        }
        if item.outcome_without_action {
            p.lists.push(List::NoAction, &item.id);
        }
        let Some(a) = item.record.analysis() else { return };
        let lower = a.text.to_lowercase();
        if CHILD_VIEW_CUES.iter().any(|c| lower.contains(c)) {
            p.child_view = true;
        }
        let kind = item.section.unwrap_or(a.kind);
        match kind {
            Kind::Concern => {
                p.concerns += 1;
                p.lists.push(List::ConcernIds, &item.id);
            }
            Kind::Outcome => {
                p.outcomes += 1;
                p.lists.push(List::OutcomeIds, &item.id);
            }
            Kind::Action | Kind::Mixed => {
                p.actions += 1;
                if a.owners.is_empty() && !item.owner_cell {
                    p.lists.push(List::Unowned, &item.id);
                }
                if !item.due_date_cell
                    && !a
                        .timescales
                        .iter()
                        .any(|t| t.date.is_some() || t.kind == crate::record::TimeKind::Deadline)
                {
                    p.lists.push(List::Undated, &item.id);
                }
                // The first party named is the doer in "X to …" / "X will …"; others are only mentioned.
                if a.owners.first().is_some_and(|o| o.kind == OwnerKind::Family) {
                    p.family_actions += 1;
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each plan's record, in order of first appearance, made one at a time
    /// so the records of a large export are never all in memory at once.
    pub fn finish(self) -> impl Iterator<Item = PlanRecord> {
        let group_columns = self.group_columns;
        let (agree_col, review_col, view_col) = (
            self.has_agreement_column,
            self.has_review_column,
            self.has_child_view_column,
        );
        let mut order: Vec<(String, usize)> = self.index.into_iter().collect();
        order.sort_unstable_by_key(|&(_, i)| i);
        order
            .into_iter()
            .map(|(id, _)| id)
            .zip(self.plans)
            .map(move |(id, p)| {
                let mut checks = Vec::new();
                let mut c = |check: &str, passed, message: String, rows: Vec<String>| {
                    checks.push(Check {
                        check: check.to_string(),
                        passed,
                        message,
                        rows: if passed { vec![] } else { rows },
                    })
                };
                let concern_ok = p.lists.is_empty(List::NoOutcome) && (p.concerns == 0 || p.outcomes > 0);
                c(
                    "concern-has-outcome",
                    concern_ok,
                    if concern_ok {
                        "Each concern has an outcome.".into()
                    } else {
                        "A concern has no outcome saying what needs to change.".into()
                    },
                    if p.lists.is_empty(List::NoOutcome) {
                        p.lists.to_vec(List::ConcernIds)
                    } else {
                        p.lists.to_vec(List::NoOutcome)
                    },
                );
                let outcome_ok = p.lists.is_empty(List::NoAction) && (p.outcomes == 0 || p.actions > 0);
                c(
                    "outcome-has-action",
                    outcome_ok,
                    if outcome_ok {
                        "Each outcome has at least one action.".into()
                    } else {
                        "An outcome has no action saying what will be done.".into()
                    },
                    if p.lists.is_empty(List::NoAction) {
                        p.lists.to_vec(List::OutcomeIds)
                    } else {
                        p.lists.to_vec(List::NoAction)
                    },
                );
                c(
                    "action-has-owner",
                    p.lists.is_empty(List::Unowned),
                    if p.lists.is_empty(List::Unowned) {
                        "Every action says who will do it.".into()
                    } else {
                        format!(
                            "{} action(s) do not say who will do it.",
                            p.lists.len(List::Unowned)
                        )
                    },
                    p.lists.to_vec(List::Unowned),
                );
                c(
                    "action-has-deadline",
                    p.lists.is_empty(List::Undated),
                    if p.lists.is_empty(List::Undated) {
                        "Every action has a deadline.".into()
                    } else {
                        format!("{} action(s) have no deadline.", p.lists.len(List::Undated))
                    },
                    p.lists.to_vec(List::Undated),
                );
                let family_ok = p.actions == 0 || p.family_actions < p.actions;
                c(
                    "not-family-alone",
                    family_ok,
                    if family_ok {
                        "Professionals share the actions with the family.".into()
                    } else {
                        "Every action falls on the family; none on a professional or service.".into()
                    },
                    vec![],
                );
                c(
                    "review-date-set",
                    p.review,
                    if p.review {
                        "A review date is set.".into()
                    } else if review_col {
                        "No review date is recorded for this plan.".into()
                    } else {
                        "The export has no review date column, so no review date could be found.".into()
                    },
                    vec![],
                );
                c(
                    "childs-view-recorded",
                    p.child_view,
                    if p.child_view {
                        "The child's view appears in the plan.".into()
                    } else if view_col {
                        "The child's view is not recorded for this plan.".into()
                    } else {
                        "No statement records the child's own view or wishes.".into()
                    },
                    vec![],
                );
                if agree_col {
                    let ok = p.lists.is_empty(List::NotAgreed);
                    c(
                        "agreement-recorded",
                        ok,
                        if ok {
                            "Agreement is recorded on every row.".into()
                        } else {
                            format!("{} row(s) do not record agreement.", p.lists.len(List::NotAgreed))
                        },
                        p.lists.to_vec(List::NotAgreed),
                    );
                }
                let passed = checks.iter().filter(|c| c.passed).count();
                let score = ((passed * 100) as f64 / checks.len() as f64).round() as u8;
                PlanRecord {
                    plan: id,
                    rows: p.rows,
                    score,
                    checks,
                    group: group_columns
                        .iter()
                        .cloned()
                        .zip(p.lists.to_vec(List::Group))
                        .collect(),
                }
            })
    }
}

pub fn is_na(s: &str) -> bool {
    // Asked of every cell of every row, so it compares without lowering a copy
    // (no non-ASCII character lowers to a letter of these words).
    let t = s.trim();
    ["n/a", "na", "-", "--", "—", "n.a.", "not applicable", "none"]
        .iter()
        .any(|w| t.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod na_tests {
    use super::is_na;

    #[test]
    fn not_applicable_cells_in_any_case() {
        for yes in [
            "N/A",
            " n/a ",
            "NA",
            "-",
            "--",
            "—",
            "N.A.",
            "Not Applicable",
            "NONE",
            "none",
        ] {
            assert!(is_na(yes), "{yes:?}");
        }
        for no in ["", "Mum", "n/a.", "nan", "Nobody", "none yet", "—-", "ＮＡ"] {
            assert!(!is_na(no), "{no:?}");
        }
    }
}
