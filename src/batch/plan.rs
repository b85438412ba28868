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
    concern_ids: Vec<String>,
    outcome_ids: Vec<String>,
    no_outcome: Vec<String>,
    no_action: Vec<String>,
    unowned: Vec<String>,
    undated: Vec<String>,
    family_actions: usize,
    review: bool,
    child_view: bool,
    not_agreed: Vec<String>,
    group: std::collections::BTreeMap<String, String>,
}

/// Bounded ids kept per failure list, so a huge plan cannot grow without limit.
const MAX_IDS: usize = 50;

fn push(v: &mut Vec<String>, id: &str) {
    if v.len() < MAX_IDS {
        v.push(id.to_string());
    }
}

#[derive(Default)]
pub struct Plans {
    order: Vec<String>,
    index: HashMap<String, usize>,
    plans: Vec<Plan>,
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
        let i = *self.index.entry(plan.to_string()).or_insert_with(|| {
            self.order.push(plan.to_string());
            self.plans.push(Plan::default());
            self.plans.len() - 1
        });
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
                push(&mut p.not_agreed, row_id);
            }
        }
        for (c, v) in group {
            p.group
                .entry((*c).to_string())
                .or_insert_with(|| v.trim().to_string());
        }
    }

    pub fn add_item(&mut self, plan: &str, item: &Item) {
        let Some(&i) = self.index.get(plan) else { return };
        let p = &mut self.plans[i];
        if item.concern_without_outcome {
            push(&mut p.no_outcome, &item.id);
        }
        if item.outcome_without_action {
            push(&mut p.no_action, &item.id);
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
                push(&mut p.concern_ids, &item.id);
            }
            Kind::Outcome => {
                p.outcomes += 1;
                push(&mut p.outcome_ids, &item.id);
            }
            Kind::Action | Kind::Mixed => {
                p.actions += 1;
                if a.owners.is_empty() && !item.owner_cell {
                    push(&mut p.unowned, &item.id);
                }
                if !item.due_date_cell
                    && !a
                        .timescales
                        .iter()
                        .any(|t| t.date.is_some() || t.kind == crate::record::TimeKind::Deadline)
                {
                    push(&mut p.undated, &item.id);
                }
                // The first party named is the doer in "X to …" / "X will …"; others are only mentioned.
                if a.owners.first().is_some_and(|o| o.kind == OwnerKind::Family) {
                    p.family_actions += 1;
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    pub fn finish(self) -> Vec<PlanRecord> {
        let (agree_col, review_col, view_col) = (
            self.has_agreement_column,
            self.has_review_column,
            self.has_child_view_column,
        );
        self.order
            .into_iter()
            .zip(self.plans)
            .map(|(id, p)| {
                let mut checks = Vec::new();
                let mut c = |check: &str, passed, message: String, rows: Vec<String>| {
                    checks.push(Check {
                        check: check.to_string(),
                        passed,
                        message,
                        rows: if passed { vec![] } else { rows },
                    })
                };
                let concern_ok = p.no_outcome.is_empty() && (p.concerns == 0 || p.outcomes > 0);
                c(
                    "concern-has-outcome",
                    concern_ok,
                    if concern_ok {
                        "Each concern has an outcome.".into()
                    } else {
                        "A concern has no outcome saying what needs to change.".into()
                    },
                    if p.no_outcome.is_empty() {
                        p.concern_ids.clone()
                    } else {
                        p.no_outcome.clone()
                    },
                );
                let outcome_ok = p.no_action.is_empty() && (p.outcomes == 0 || p.actions > 0);
                c(
                    "outcome-has-action",
                    outcome_ok,
                    if outcome_ok {
                        "Each outcome has at least one action.".into()
                    } else {
                        "An outcome has no action saying what will be done.".into()
                    },
                    if p.no_action.is_empty() {
                        p.outcome_ids.clone()
                    } else {
                        p.no_action.clone()
                    },
                );
                c(
                    "action-has-owner",
                    p.unowned.is_empty(),
                    if p.unowned.is_empty() {
                        "Every action says who will do it.".into()
                    } else {
                        format!("{} action(s) do not say who will do it.", p.unowned.len())
                    },
                    p.unowned.clone(),
                );
                c(
                    "action-has-deadline",
                    p.undated.is_empty(),
                    if p.undated.is_empty() {
                        "Every action has a deadline.".into()
                    } else {
                        format!("{} action(s) have no deadline.", p.undated.len())
                    },
                    p.undated.clone(),
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
                    let ok = p.not_agreed.is_empty();
                    c(
                        "agreement-recorded",
                        ok,
                        if ok {
                            "Agreement is recorded on every row.".into()
                        } else {
                            format!("{} row(s) do not record agreement.", p.not_agreed.len())
                        },
                        p.not_agreed.clone(),
                    );
                }
                let passed = checks.iter().filter(|c| c.passed).count();
                let score = ((passed * 100) as f64 / checks.len() as f64).round() as u8;
                PlanRecord {
                    plan: id,
                    rows: p.rows,
                    score,
                    checks,
                    group: p.group,
                }
            })
            .collect()
    }
}

pub fn is_na(s: &str) -> bool {
    let t = s.trim().to_lowercase();
    matches!(
        t.as_str(),
        "n/a" | "na" | "-" | "--" | "—" | "n.a." | "not applicable" | "none"
    )
}
