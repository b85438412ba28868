//! What the report keeps of an audit for its page: the weakest statements
//! and plans, and the plan figures. Built by [`super::ReportBuilder`], drawn
//! by the page.

use crate::batch::plan::PlanRecord;
use crate::record::Kind;
use crate::summary::PlanChecks;

/// A statement kept for the drill-down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weak {
    pub seq: u64,
    pub id: String,
    pub text: String,
    pub score: u8,
    pub kind: Kind,
    /// (rule, message, quoted text)
    pub findings: Vec<(String, String, Option<String>)>,
    pub rewrite: Option<String>,
    pub groups: Vec<(String, String)>,
}

/// A plan kept for the drill-down.
#[derive(Debug, Clone, PartialEq)]
pub struct WeakPlan {
    pub seq: u64,
    pub plan: PlanRecord,
}

/// Plan-level figures gathered from the plan records.
pub struct PlanFigures {
    pub count: usize,
    pub mean: f64,
    /// Plans passing each check, overall and per group value.
    pub checks: PlanChecks,
}
