//! Aggregates analysis records into the figures a QA dashboard shows: counts,
//! score distribution, each criterion's distribution, each finding's count and
//! share, kinds — overall, per group column value and per month of plan date.
//!
//! `smartplan audit --summary FILE` writes a [`Summary`] as JSON, and
//! `smartplan report` draws its charts and tables from the same struct, so the
//! numbers in a chart, its table and the JSON are one set of numbers.

use crate::record::{Analysis, Criterion, Record};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The tally under `key`, allocating the key only when it is new (an audit
/// adds hundreds of thousands of records to a few dozen keys).
fn slot<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key).expect("inserted above")
}

/// Width of a score-distribution bucket: 0–9, 10–19, …, 90–100 (100 joins the last).
pub const SCORE_BUCKETS: usize = 10;

/// Counts for one criterion: statements scoring 0, 1 and 2.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionCounts {
    pub missing: usize,
    pub partly: usize,
    pub met: usize,
}

/// A finding's count: statements with at least one finding of this rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct FindingCount {
    pub count: usize,
    /// Share of analysed statements, 0–1.
    pub share: f64,
}

/// The figures for one slice of rows (all rows, one team, one month …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub rows: usize,
    pub analysed: usize,
    pub skipped: usize,
    pub errors: usize,
    /// Mean score of analysed statements (0 when none).
    pub mean_score: f64,
    /// Statements per score bucket: index i holds scores 10·i … 10·i+9 (the last holds 90–100).
    pub score_distribution: Vec<usize>,
    pub criteria: BTreeMap<String, CriterionCounts>,
    pub findings: BTreeMap<String, FindingCount>,
    pub kinds: BTreeMap<String, usize>,
    #[serde(skip)]
    score_sum: u64,
}

impl Default for Tally {
    fn default() -> Self {
        Self::new()
    }
}

impl Tally {
    pub fn new() -> Self {
        Tally {
            rows: 0,
            analysed: 0,
            skipped: 0,
            errors: 0,
            mean_score: 0.0,
            score_distribution: vec![0; SCORE_BUCKETS],
            criteria: Criterion::ALL
                .iter()
                .map(|c| (c.name().to_string(), CriterionCounts::default()))
                .collect(),
            findings: BTreeMap::new(),
            kinds: BTreeMap::new(),
            score_sum: 0,
        }
    }

    pub fn add(&mut self, record: &Record) {
        self.rows += 1;
        match record {
            Record::Analysed(a) => self.add_analysis(a),
            Record::Unanalysed(u) if u.error.is_some() => self.errors += 1,
            Record::Unanalysed(_) => self.skipped += 1,
        }
    }

    fn add_analysis(&mut self, a: &Analysis) {
        self.analysed += 1;
        self.score_sum += a.score as u64;
        let bucket = (a.score as usize / 10).min(SCORE_BUCKETS - 1);
        self.score_distribution[bucket] += 1;
        for c in Criterion::ALL {
            let counts = slot(&mut self.criteria, c.name());
            match a.smart.get(c).score {
                0 => counts.missing += 1,
                1 => counts.partly += 1,
                _ => counts.met += 1,
            }
        }
        let mut rules: Vec<&str> = a.findings.iter().map(|f| f.rule.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        for rule in rules {
            slot(&mut self.findings, rule).count += 1;
        }
        *slot(&mut self.kinds, a.kind.name()) += 1;
    }

    /// Fills the derived figures (mean, shares). Call once, after the last `add`.
    pub fn finish(&mut self) {
        self.mean_score = if self.analysed == 0 {
            0.0
        } else {
            self.score_sum as f64 / self.analysed as f64
        };
        for f in self.findings.values_mut() {
            f.share = if self.analysed == 0 {
                0.0
            } else {
                f.count as f64 / self.analysed as f64
            };
        }
    }
}

/// What a whole audit adds up to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// `smartplan <version>`.
    pub generated_by: String,
    /// When the audit ran (RFC 3339), and on what.
    pub generated_at: String,
    pub input: Option<String>,
    pub lexicons: Vec<String>,
    pub overall: Tally,
    /// Number of plans, when rows were grouped into plans.
    pub plans: Option<usize>,
    /// First and last plan date seen (YYYY-MM-DD).
    pub date_range: Option<(String, String)>,
    /// Column name → cell value → figures.
    pub groups: BTreeMap<String, BTreeMap<String, Tally>>,
    /// Month of plan date (YYYY-MM) → figures.
    pub months: BTreeMap<String, Tally>,
}

/// Builds a [`Summary`] one record at a time, in bounded memory (one tally
/// per distinct group value and month).
#[derive(Debug, Clone)]
pub struct Summariser {
    summary: Summary,
    /// First and last plan date, written into `date_range` at the end.
    dates: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// Reused for each record's month key.
    month: String,
}

impl Default for Summariser {
    fn default() -> Self {
        Self::new()
    }
}

impl Summariser {
    pub fn new() -> Self {
        Summariser {
            summary: Summary {
                generated_by: format!("smartplan {}", env!("CARGO_PKG_VERSION")),
                overall: Tally::new(),
                ..Summary::default()
            },
            dates: None,
            month: String::new(),
        }
    }

    /// Adds one row: its record, its group cells (`(column, value)`) and its plan date.
    pub fn add(&mut self, record: &Record, groups: &[(&str, &str)], plan_date: Option<chrono::NaiveDate>) {
        self.summary.overall.add(record);
        for (column, value) in groups {
            let value = if value.trim().is_empty() {
                "(blank)"
            } else {
                value.trim()
            };
            slot(slot(&mut self.summary.groups, column), value).add(record);
        }
        if let Some(d) = plan_date {
            use std::fmt::Write;
            self.month.clear();
            let _ = write!(self.month, "{}", d.format("%Y-%m"));
            slot(&mut self.summary.months, &self.month).add(record);
            let (first, last) = self.dates.get_or_insert((d, d));
            *first = (*first).min(d);
            *last = (*last).max(d);
        }
    }

    pub fn finish(
        mut self,
        input: Option<String>,
        lexicons: Vec<String>,
        plans: Option<usize>,
        generated_at: String,
    ) -> Summary {
        let s = &mut self.summary;
        s.input = input;
        s.lexicons = lexicons;
        s.plans = plans;
        s.generated_at = generated_at;
        s.date_range = self
            .dates
            .map(|(a, b)| (a.format("%Y-%m-%d").to_string(), b.format("%Y-%m-%d").to_string()));
        s.overall.finish();
        for t in s.groups.values_mut().flat_map(|g| g.values_mut()) {
            t.finish();
        }
        for t in s.months.values_mut() {
            t.finish();
        }
        self.summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analyser, Context};
    use crate::record::{Unanalysed, SCHEMA};

    #[test]
    fn tallies_add_up_per_group_and_month() {
        let analyser = Analyser::builtin();
        let ctx = Context::default();
        let a = Record::Analysed(std::sync::Arc::new(
            analyser.analyse("Mum to engage with services", &ctx),
        ));
        let b = Record::Analysed(std::sync::Arc::new(analyser.analyse("SW to visit weekly", &ctx)));
        let skipped = Record::Unanalysed(Unanalysed {
            schema: SCHEMA,
            id: None,
            text: String::new(),
            error: None,
            skipped: Some("blank".into()),
        });
        let d = chrono::NaiveDate::from_ymd_opt(2025, 3, 4);
        let mut s = Summariser::new();
        s.add(&a, &[("team", "North")], d);
        s.add(&b, &[("team", "South")], d);
        s.add(&skipped, &[("team", "North")], None);
        let sum = s.finish(None, vec![], None, String::new());
        assert_eq!(sum.overall.rows, 3);
        assert_eq!(sum.overall.analysed + sum.overall.skipped + sum.overall.errors, 3);
        assert_eq!(sum.groups["team"]["North"].rows, 2);
        assert_eq!(sum.months["2025-03"].analysed, 2);
        assert_eq!(sum.overall.score_distribution.iter().sum::<usize>(), 2);
        let crit = sum.overall.criteria["timely"];
        assert_eq!(crit.missing + crit.partly + crit.met, 2);
        assert_eq!(sum.date_range, Some(("2025-03-04".into(), "2025-03-04".into())));
    }
}
