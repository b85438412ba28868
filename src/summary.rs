//! Aggregates analysis records into the figures a QA dashboard shows: counts,
//! score distribution, each criterion's distribution, each finding's count and
//! share, kinds — overall, per group column value and per month of plan date.
//!
//! `smartplan audit --summary FILE` writes a [`Summary`] as JSON, and
//! `smartplan report` draws its charts and tables from the same struct, so the
//! numbers in a chart, its table and the JSON are one set of numbers.

use crate::batch::plan::PlanRecord;
use crate::record::{Criterion, Kind, Record};
use hashbrown::HashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Width of a score-distribution bucket: 0–9, 10–19, …, 90–100 (100 joins the last).
pub const SCORE_BUCKETS: usize = 10;

/// Counts for one criterion: statements scoring 0, 1 and 2.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionCounts {
    /// Statements scoring 0 (missing).
    pub missing: usize,
    /// Statements scoring 1 (partly met).
    pub partly: usize,
    /// Statements scoring 2 (met).
    pub met: usize,
}

/// A finding's count: statements with at least one finding of this rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct FindingCount {
    /// Statements with at least one finding of the rule.
    pub count: usize,
    /// Share of analysed statements, 0–1.
    pub share: f64,
}

/// The figures for one slice of rows (all rows, one team, one month …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// Records in the slice (one per statement cell).
    pub rows: usize,
    /// Records that hold an analysis.
    pub analysed: usize,
    /// Records for cells left out on purpose (blank, "N/A").
    pub skipped: usize,
    /// Records for cells that could not be read or analysed.
    pub errors: usize,
    /// Mean score of analysed statements (0 when none).
    pub mean_score: f64,
    /// Statements per score bucket: index i holds scores 10·i … 10·i+9 (the last holds 90–100).
    pub score_distribution: Vec<usize>,
    /// Criterion name → how many statements scored 0, 1 and 2.
    pub criteria: BTreeMap<String, CriterionCounts>,
    /// Rule id → statements with that finding.
    pub findings: BTreeMap<String, FindingCount>,
    /// Kind name → statements of that kind.
    pub kinds: BTreeMap<String, usize>,
}

impl Default for Tally {
    fn default() -> Self {
        Counter::default().tally(&[])
    }
}

impl Tally {
    /// The figures for a set of records.
    pub fn of<'r>(records: impl IntoIterator<Item = &'r Record>) -> Tally {
        let mut rules = Rules::default();
        let mut counter = Counter::default();
        for r in records {
            counter.add(&rules.contribution(r));
        }
        counter.tally(&rules.names)
    }
}

/// Finding rules numbered as they are first met, so a tally counts them in a
/// vector rather than a map keyed by strings.
#[derive(Debug, Clone, Default)]
struct Rules {
    names: Vec<String>,
    index: HashMap<String, usize>,
    /// This record's rule numbers (reused between records).
    scratch: Vec<usize>,
}

impl Rules {
    /// What `record` adds to each tally it joins, read once however many it joins.
    fn contribution(&mut self, record: &Record) -> Contribution<'_> {
        let a = match record {
            Record::Analysed(a) => a,
            Record::Unanalysed(u) if u.error.is_some() => return Contribution::Error,
            Record::Unanalysed(_) => return Contribution::Skipped,
        };
        self.scratch.clear();
        for f in &a.findings {
            let n = match self.index.get(f.rule.id()) {
                Some(&n) => n,
                None => {
                    self.names.push(f.rule.id().to_string());
                    self.index.insert(f.rule.id().to_string(), self.names.len() - 1);
                    self.names.len() - 1
                }
            };
            self.scratch.push(n);
        }
        // A rule counts statements, not findings: two vague words are one statement.
        self.scratch.sort_unstable();
        self.scratch.dedup();
        Contribution::Analysed {
            score: a.score,
            criteria: Criterion::ALL.map(|c| a.smart.get(c).score),
            kind: a.kind,
            rules: &self.scratch,
        }
    }
}

enum Contribution<'a> {
    Analysed {
        score: u8,
        criteria: [u8; 5],
        kind: Kind,
        rules: &'a [usize],
    },
    Skipped,
    Error,
}

/// A tally while records are added: plain counters, turned into a [`Tally`]
/// (named maps, mean and shares) once at the end.
#[derive(Debug, Clone, Default)]
struct Counter {
    rows: usize,
    analysed: usize,
    skipped: usize,
    errors: usize,
    score_sum: u64,
    buckets: [usize; SCORE_BUCKETS],
    /// Per criterion (in `Criterion::ALL` order): statements scoring 0, 1, 2.
    criteria: [[usize; 3]; 5],
    /// Per kind, in `Kind::ALL` order.
    kinds: [usize; 4],
    /// Per rule number (see [`Rules`]).
    rules: Vec<usize>,
}

impl Counter {
    fn add(&mut self, c: &Contribution) {
        self.rows += 1;
        match *c {
            Contribution::Error => self.errors += 1,
            Contribution::Skipped => self.skipped += 1,
            Contribution::Analysed {
                score,
                criteria,
                kind,
                rules,
            } => {
                self.analysed += 1;
                self.score_sum += score as u64;
                self.buckets[(score as usize / 10).min(SCORE_BUCKETS - 1)] += 1;
                for (counts, s) in self.criteria.iter_mut().zip(criteria) {
                    counts[(s as usize).min(2)] += 1;
                }
                self.kinds[kind as usize] += 1;
                for &r in rules {
                    if self.rules.len() <= r {
                        self.rules.resize(r + 1, 0);
                    }
                    self.rules[r] += 1;
                }
            }
        }
    }

    fn tally(&self, rule_names: &[String]) -> Tally {
        let share = |n: usize| {
            if self.analysed == 0 {
                0.0
            } else {
                n as f64 / self.analysed as f64
            }
        };
        Tally {
            rows: self.rows,
            analysed: self.analysed,
            skipped: self.skipped,
            errors: self.errors,
            mean_score: share(self.score_sum as usize),
            score_distribution: self.buckets.to_vec(),
            criteria: Criterion::ALL
                .iter()
                .zip(&self.criteria)
                .map(|(c, &[missing, partly, met])| {
                    (c.name().to_string(), CriterionCounts { missing, partly, met })
                })
                .collect(),
            findings: self
                .rules
                .iter()
                .enumerate()
                .filter(|(_, &n)| n > 0)
                .map(|(r, &count)| {
                    (
                        rule_names[r].clone(),
                        FindingCount {
                            count,
                            share: share(count),
                        },
                    )
                })
                .collect(),
            kinds: Kind::ALL
                .iter()
                .zip(self.kinds)
                .filter(|(_, n)| *n > 0)
                .map(|(k, n)| (k.name().to_string(), n))
                .collect(),
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
    /// The input file, as the user named it.
    pub input: Option<String>,
    /// Where the lexicons came from: "built-in", then any files given with
    /// `--lexicons`.
    pub lexicons: Vec<String>,
    /// The figures for every row.
    pub overall: Tally,
    /// Number of plans, when rows were grouped into plans.
    pub plans: Option<usize>,
    /// First and last plan date seen (YYYY-MM-DD).
    pub date_range: Option<(String, String)>,
    /// Column name → cell value → figures.
    pub groups: BTreeMap<String, BTreeMap<String, Tally>>,
    /// Month of plan date (YYYY-MM) → figures.
    pub months: BTreeMap<String, Tally>,
    /// Plans passing each plan-level check, overall and per group value,
    /// when plans were checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_checks: Option<PlanChecks>,
}

/// How many plans one plan-level check was made on, and how many passed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanCheckCount {
    /// Plans the check applies to (some checks apply only to some plans:
    /// child protection review timing to child protection plans).
    pub plans: usize,
    /// Plans that passed.
    pub passing: usize,
    /// Share passing, 0–1.
    pub share: f64,
}

/// Plan-level check figures: overall, and per group column and value (team,
/// worker, plan type). Keys are check ids (`rules::RULES`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanChecks {
    /// Check id → plans checked and passing, over every plan.
    pub overall: BTreeMap<String, PlanCheckCount>,
    /// Column → value → check → count.
    pub groups: BTreeMap<String, BTreeMap<String, BTreeMap<String, PlanCheckCount>>>,
}

impl PlanChecks {
    /// Check ids in the registry's order (ids this version does not know last).
    pub fn ordered_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.overall.keys().map(String::as_str).collect();
        let rank = |id: &str| crate::rules::Rule::from_id(id).map_or(usize::MAX, |r| r as usize);
        ids.sort_by_key(|id| (rank(id), id.to_string()));
        ids
    }
}

/// (plans checked, plans passing) by check index.
type CheckCounts = Vec<(usize, usize)>;

/// Adds up plan records' checks as they stream past: plain counters indexed
/// by check, turned into named maps once at the end.
#[derive(Debug, Clone, Default)]
pub(crate) struct PlanCheckTally {
    /// Check ids in the order first met, and each one's index.
    ids: Vec<String>,
    index: HashMap<String, usize>,
    overall: CheckCounts,
    /// Per group column, in the order first met: value → counts by check index.
    groups: Vec<(String, HashMap<String, CheckCounts>)>,
    /// This plan's checks as (index, passed), reused between plans.
    scratch: Vec<(usize, bool)>,
    plans: usize,
    score_sum: u64,
}

/// The tally of one value of one group column (a blank value is
/// "(blank)"), made when new; the value's key is allocated only then.
fn group_slot<'g, T: Default>(
    groups: &'g mut Vec<(String, HashMap<String, T>)>,
    column: &str,
    value: &str,
) -> &'g mut T {
    let value = if value.trim().is_empty() {
        "(blank)"
    } else {
        value.trim()
    };
    let values = match groups.iter().position(|(name, _)| name == column) {
        Some(i) => &mut groups[i].1,
        None => {
            groups.push((column.to_string(), HashMap::default()));
            &mut groups.last_mut().expect("just pushed").1
        }
    };
    values.entry_ref(value).or_default()
}

fn bump(counts: &mut CheckCounts, checks: &[(usize, bool)]) {
    for &(i, passed) in checks {
        if counts.len() <= i {
            counts.resize(i + 1, (0, 0));
        }
        counts[i].0 += 1;
        counts[i].1 += passed as usize;
    }
}

impl PlanCheckTally {
    pub fn add(&mut self, plan: &PlanRecord) {
        self.plans += 1;
        self.score_sum += plan.score as u64;
        self.scratch.clear();
        for c in &plan.checks {
            let i = match self.index.get(&c.check) {
                Some(&i) => i,
                None => {
                    self.ids.push(c.check.clone());
                    self.index.insert(c.check.clone(), self.ids.len() - 1);
                    self.ids.len() - 1
                }
            };
            self.scratch.push((i, c.passed));
        }
        bump(&mut self.overall, &self.scratch);
        for (column, value) in &plan.group {
            bump(group_slot(&mut self.groups, column, value), &self.scratch);
        }
    }
    /// Plans added.
    pub fn plans(&self) -> usize {
        self.plans
    }
    /// Mean plan score (0 when none).
    pub fn mean_score(&self) -> f64 {
        if self.plans == 0 {
            0.0
        } else {
            self.score_sum as f64 / self.plans as f64
        }
    }
    pub fn finish(&self) -> PlanChecks {
        let named = |counts: &[(usize, usize)]| -> BTreeMap<String, PlanCheckCount> {
            counts
                .iter()
                .enumerate()
                .filter(|(_, c)| c.0 > 0)
                .map(|(i, &(n, ok))| {
                    let c = PlanCheckCount {
                        plans: n,
                        passing: ok,
                        share: ok as f64 / n as f64,
                    };
                    (self.ids[i].clone(), c)
                })
                .collect()
        };
        PlanChecks {
            overall: named(&self.overall),
            groups: self
                .groups
                .iter()
                .map(|(col, values)| {
                    (
                        col.clone(),
                        values.iter().map(|(v, c)| (v.clone(), named(c))).collect(),
                    )
                })
                .collect(),
        }
    }
}

/// Builds a [`Summary`] one record at a time, in bounded memory (one counter
/// per distinct group value and month).
#[derive(Debug, Clone, Default)]
pub struct Summariser {
    rules: Rules,
    overall: Counter,
    /// Per group column, in the order first met: cell value → counter.
    groups: Vec<(String, HashMap<String, Counter>)>,
    /// Per (year, month) of plan date.
    months: BTreeMap<(i32, u32), Counter>,
    /// First and last plan date.
    dates: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
}

impl Summariser {
    /// An empty summariser; give it records with [`Summariser::add`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one row: its record, its group cells (`(column, value)`) and its plan date.
    pub fn add(&mut self, record: &Record, groups: &[(&str, &str)], plan_date: Option<chrono::NaiveDate>) {
        use chrono::Datelike;
        let c = self.rules.contribution(record);
        self.overall.add(&c);
        for (column, value) in groups {
            group_slot(&mut self.groups, column, value).add(&c);
        }
        if let Some(d) = plan_date {
            self.months.entry((d.year(), d.month())).or_default().add(&c);
            let (first, last) = self.dates.get_or_insert((d, d));
            *first = (*first).min(d);
            *last = (*last).max(d);
        }
    }

    /// The summary of every record added, with the run's details (input name,
    /// lexicon files, plan count, when it ran) put in as given.
    pub fn finish(
        self,
        input: Option<String>,
        lexicons: Vec<String>,
        plans: Option<usize>,
        generated_at: String,
    ) -> Summary {
        let names = &self.rules.names;
        let month = |(y, m): (i32, u32)| {
            chrono::NaiveDate::from_ymd_opt(y, m, 1)
                .expect("a month of a real date")
                .format("%Y-%m")
                .to_string()
        };
        Summary {
            generated_by: format!("smartplan {}", env!("CARGO_PKG_VERSION")),
            generated_at,
            input,
            lexicons,
            overall: self.overall.tally(names),
            plans,
            date_range: self
                .dates
                .map(|(a, b)| (a.format("%Y-%m-%d").to_string(), b.format("%Y-%m-%d").to_string())),
            groups: self
                .groups
                .iter()
                .map(|(col, values)| {
                    let tallies = values.iter().map(|(v, c)| (v.clone(), c.tally(names))).collect();
                    (col.clone(), tallies)
                })
                .collect(),
            months: self
                .months
                .iter()
                .map(|(&ym, c)| (month(ym), c.tally(names)))
                .collect(),
            plan_checks: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Analyser;
    use crate::record::{Unanalysed, SCHEMA};
    use crate::stage::Context;

    #[test]
    fn tallies_add_up_per_group_and_month() {
        let analyser = Analyser::builtin();
        let ctx = Context::new(crate::Reference::today(
            chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
        ));
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
