//! The QA dashboard: one self-contained HTML page (inline SVG charts, tables
//! beside them, a drill-down of the weakest plans and statements) built from
//! an audit's [`Summary`] and its records.
//!
//! [`ReportBuilder`] is streaming: feed it records and plan records one at a
//! time; it keeps only the `limit` lowest-scoring statements and plans (a
//! bounded heap) plus, when it builds the summary itself, one tally per group
//! value and month. Memory and page size do not grow with the row count.

mod html;
mod markup;
mod model;
pub use crate::sha256;
mod svg;

pub use crate::batch::plan::{PlanCheck, PlanRecord};
pub use markup::escape;
use model::{PlanFigures, Weak, WeakPlan};

use crate::record::{
    Analysis, Criterion, CriterionScore, Finding, Kind, Record, Rewrite, Severity, Smart, Unanalysed, SCHEMA,
};
use crate::summary::{PlanCheckTally, Summariser, Summary};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// How many of the lowest-scoring statements and plans the drill-down keeps.
pub const DEFAULT_LIMIT: usize = 50;
/// Longest statement text kept for the drill-down, in characters.
const MAX_TEXT: usize = 1_000;

/// What the page says was audited, when the builder makes the summary itself.
#[derive(Debug, Clone, Default)]
pub struct ReportMeta {
    /// Input file name.
    pub input: Option<String>,
    /// Lexicon files used.
    pub lexicons: Vec<String>,
    /// When the audit ran (RFC 3339).
    pub generated_at: String,
    /// Drill-down length (0 means [`DEFAULT_LIMIT`]).
    pub limit: usize,
}

/// Heap entry ordered by (score, arrival): the max is the best-scoring, latest
/// arrival — the first to drop when the heap is over its limit, so ties keep
/// the earlier rows and the result does not depend on anything but input order.
struct Ranked<T> {
    score: u8,
    seq: u64,
    item: T,
}
impl<T> PartialEq for Ranked<T> {
    fn eq(&self, o: &Self) -> bool {
        (self.score, self.seq) == (o.score, o.seq)
    }
}
impl<T> Eq for Ranked<T> {}
impl<T> PartialOrd for Ranked<T> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl<T> Ord for Ranked<T> {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.score, self.seq).cmp(&(o.score, o.seq))
    }
}

/// Keeps the `limit` lowest-scoring items seen.
pub(crate) struct Lowest<T> {
    limit: usize,
    heap: BinaryHeap<Ranked<T>>,
}

impl<T> Lowest<T> {
    pub fn new(limit: usize) -> Self {
        Lowest {
            limit,
            heap: BinaryHeap::with_capacity(limit + 1),
        }
    }
    /// Whether an item with this score would be kept (so callers can skip building it).
    pub fn wants(&self, score: u8, seq: u64) -> bool {
        self.limit > 0
            && (self.heap.len() < self.limit
                || self.heap.peek().is_some_and(|m| (score, seq) < (m.score, m.seq)))
    }
    pub fn push(&mut self, score: u8, seq: u64, item: T) {
        if !self.wants(score, seq) {
            return;
        }
        self.heap.push(Ranked { score, seq, item });
        if self.heap.len() > self.limit {
            self.heap.pop();
        }
    }
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.heap.len()
    }
    /// Lowest score first, then input order.
    pub fn into_sorted(self) -> Vec<T> {
        self.heap.into_sorted_vec().into_iter().map(|r| r.item).collect()
    }
}

/// Builds the report one record at a time.
pub struct ReportBuilder {
    meta: ReportMeta,
    /// Given up front (from `audit --summary`), or built here from the records.
    summary: Option<Summary>,
    summariser: Option<Summariser>,
    statements: Lowest<Weak>,
    plans: Lowest<WeakPlan>,
    /// Plans passing each check, overall and per group value.
    plan_checks: PlanCheckTally,
    seq: u64,
}

impl ReportBuilder {
    /// A builder that makes the summary from the records it is given.
    pub fn new(meta: ReportMeta) -> Self {
        let limit = if meta.limit == 0 {
            DEFAULT_LIMIT
        } else {
            meta.limit
        };
        ReportBuilder {
            meta,
            summary: None,
            summariser: Some(Summariser::new()),
            statements: Lowest::new(limit),
            plans: Lowest::new(limit),
            plan_checks: PlanCheckTally::default(),
            seq: 0,
        }
    }

    /// A builder that draws its figures from a finished summary; records and
    /// plans then only feed the drill-down.
    pub fn with_summary(summary: Summary, limit: usize) -> Self {
        let mut b = Self::new(ReportMeta {
            input: summary.input.clone(),
            lexicons: summary.lexicons.clone(),
            generated_at: summary.generated_at.clone(),
            limit,
        });
        b.summariser = None;
        b.summary = Some(summary);
        b
    }

    /// Replaces the figures with a finished summary (the audit command builds
    /// its summary while it streams, so it hands it over at the end).
    pub fn set_summary(&mut self, summary: Summary) {
        self.summariser = None;
        self.summary = Some(summary);
    }

    /// Adds one row: its record, its group cells (`(column, value)`) and plan date.
    pub fn add_record(
        &mut self,
        record: &Record,
        groups: &[(&str, &str)],
        plan_date: Option<chrono::NaiveDate>,
    ) {
        let id = record.analysis().and_then(|a| a.id.as_deref());
        self.add_record_as(id, record, groups, plan_date)
    }

    /// As [`Self::add_record`], with the row's id given apart from the record
    /// (a batch shares one record between the rows that repeat a statement).
    pub fn add_record_as(
        &mut self,
        id: Option<&str>,
        record: &Record,
        groups: &[(&str, &str)],
        plan_date: Option<chrono::NaiveDate>,
    ) {
        self.seq += 1;
        if let Some(s) = self.summariser.as_mut() {
            s.add(record, groups, plan_date);
        }
        let Some(a) = record.analysis() else { return };
        if !self.statements.wants(a.score, self.seq) {
            return;
        }
        let weak = Weak {
            seq: self.seq,
            id: id.map_or_else(|| format!("row {}", self.seq), str::to_string),
            text: truncate(&a.text, MAX_TEXT),
            score: a.score,
            kind: a.kind,
            findings: a
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .map(|f| (f.rule.id().to_string(), f.message.clone(), f.text.clone()))
                .collect(),
            rewrite: a.rewrite.as_ref().map(|r| truncate(&r.text, MAX_TEXT)),
            groups: groups
                .iter()
                .map(|(c, v)| (c.to_string(), v.to_string()))
                .collect(),
        };
        self.statements.push(a.score, self.seq, weak);
    }

    /// Adds one plan record.
    pub fn add_plan(&mut self, plan: &PlanRecord) {
        self.plan_checks.add(plan);
        let seq = self.plan_checks.plans() as u64;
        if self.plans.wants(plan.score, seq) {
            let mut kept = plan.clone();
            kept.checks.retain(|c| !c.passed);
            for c in &mut kept.checks {
                c.rows.truncate(20);
            }
            self.plans.push(plan.score, seq, WeakPlan { seq, plan: kept });
        }
    }

    /// The finished page.
    pub fn render(self) -> String {
        let plan_count = self.plan_checks.plans();
        let summary = match (self.summary, self.summariser) {
            (Some(s), _) => s,
            (None, Some(s)) => s.finish(
                self.meta.input.clone(),
                self.meta.lexicons.clone(),
                (plan_count > 0).then_some(plan_count),
                self.meta.generated_at.clone(),
            ),
            (None, None) => Summariser::new().finish(None, vec![], None, String::new()),
        };
        let plans = PlanFigures {
            count: plan_count,
            mean: self.plan_checks.mean_score(),
            checks: self.plan_checks.finish(),
        };
        html::page(
            &summary,
            &plans,
            &self.statements.into_sorted(),
            &self.plans.into_sorted(),
        )
    }
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// One line of records JSONL read back: the record, plus the optional extra
/// keys an audit may add beside the contract fields (`group`: column → cell,
/// `plan_date`: YYYY-MM-DD).
pub(crate) struct RecordLine {
    pub record: Record,
    pub group: Vec<(String, String)>,
    pub plan_date: Option<chrono::NaiveDate>,
}

/// Reads one records-JSONL line back into a [`Record`] (the fields the
/// report uses; spans are not needed and are left empty).
pub(crate) fn parse_record_line(line: &str) -> Result<RecordLine, String> {
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let obj = v.as_object().ok_or("a record must be a JSON object")?;
    let s = |k: &str| obj.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let group = obj
        .get("group")
        .and_then(|g| g.as_object())
        .map(|g| {
            g.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let plan_date = s("plan_date").and_then(|d| crate::dates::read_date(&d));
    let id = s("id");
    let text = s("text").unwrap_or_default();
    let kind = s("kind").and_then(|k| Kind::parse(&k));
    let score = obj.get("score").and_then(|x| x.as_u64());
    let record = match (kind, score) {
        (Some(kind), Some(score)) => {
            let mut smart = Smart::default();
            for c in Criterion::ALL {
                let cs = obj.get("smart").and_then(|m| m.get(c.name()));
                *smart.get_mut(c) = CriterionScore {
                    score: cs
                        .and_then(|x| x.get("score"))
                        .and_then(|x| x.as_u64())
                        .unwrap_or(0)
                        .min(2) as u8,
                    reasons: vec![],
                };
            }
            let findings = obj
                .get("findings")
                .and_then(|f| f.as_array())
                .map(|fs| fs.iter().filter_map(parse_finding).collect())
                .unwrap_or_default();
            let rewrite = obj
                .get("rewrite")
                .and_then(|r| r.get("text"))
                .and_then(|t| t.as_str())
                .map(|t| Rewrite {
                    text: t.to_string(),
                    slots: vec![],
                    alternatives: vec![],
                });
            Record::Analysed(std::sync::Arc::new(Analysis {
                schema: SCHEMA,
                id,
                text,
                kind,
                kind_reason: String::new(),
                score: score.min(100) as u8,
                smart,
                owners: vec![],
                timescales: vec![],
                measures: vec![],
                findings,
                rewrite,
                due_cell: None,
            }))
        }
        _ => {
            let error = s("error");
            let skipped = s("skipped");
            if error.is_none() && skipped.is_none() {
                return Err("neither an analysis (kind and score) nor an error or skipped record".into());
            }
            Record::Unanalysed(Unanalysed {
                schema: SCHEMA,
                id,
                text,
                error,
                skipped,
            })
        }
    };
    Ok(RecordLine {
        record,
        group,
        plan_date,
    })
}

fn parse_finding(f: &serde_json::Value) -> Option<Finding> {
    // A rule this version does not know is left out: its label would be a guess.
    let rule = crate::rules::Rule::from_id(f.get("rule")?.as_str()?)?;
    let severity = match f.get("severity").and_then(|s| s.as_str()) {
        Some("error") => Severity::Error,
        Some("info") => Severity::Info,
        _ => Severity::Warning,
    };
    let criterion = f
        .get("criterion")
        .and_then(|c| c.as_str())
        .and_then(|c| Criterion::ALL.into_iter().find(|k| k.name() == c));
    let st = |k: &str| f.get(k).and_then(|x| x.as_str()).map(str::to_string);
    Some(Finding {
        rule,
        criterion,
        severity,
        message: st("message").unwrap_or_default(),
        suggestion: st("suggestion"),
        start: None,
        end: None,
        text: st("text"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowest_keeps_the_n_lowest_scores_and_earliest_on_ties() {
        let mut l = Lowest::new(3);
        for (seq, score) in [50u8, 10, 90, 10, 30, 10, 70].into_iter().enumerate() {
            l.push(score, seq as u64, (seq, score));
        }
        assert_eq!(l.len(), 3);
        assert_eq!(l.into_sorted(), vec![(1, 10), (3, 10), (5, 10)]);
    }

    #[test]
    fn lowest_with_zero_limit_keeps_nothing() {
        let mut l = Lowest::new(0);
        l.push(1, 1, ());
        assert_eq!(l.len(), 0);
    }

    #[test]
    fn record_line_round_trips_the_fields_the_report_uses() {
        let a = crate::Analyser::builtin().analyse(
            "Mum to engage with services",
            &crate::Context::new(crate::Reference::today(
                chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
            )),
        );
        let mut v = serde_json::to_value(&a).unwrap();
        v["group"] = serde_json::json!({"team": "North"});
        v["plan_date"] = "2025-02-03".into();
        let line = parse_record_line(&v.to_string()).unwrap();
        let b = line.record.analysis().unwrap();
        assert_eq!(b.score, a.score);
        assert_eq!(b.findings.len(), a.findings.len());
        assert_eq!(b.smart.timely.score, a.smart.timely.score);
        assert_eq!(line.group, vec![("team".to_string(), "North".to_string())]);
        assert_eq!(line.plan_date, chrono::NaiveDate::from_ymd_opt(2025, 2, 3));
        assert!(parse_record_line("{\"text\":\"x\"}").is_err());
        assert!(parse_record_line("{\"text\":\"x\",\"error\":\"too long\"}").is_ok());
    }
}
