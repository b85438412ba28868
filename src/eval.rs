//! Evaluation against a labelled corpus (`corpus/*.jsonl`, labels per the
//! annotation rules): precision, recall and F1 per label and per span type,
//! accuracy and a confusion matrix for kind, AUC of score for good vs poor.

use crate::pipeline::Analyser;
use crate::record::{Analysis, Kind, OwnerKind, TimeKind};
use crate::rules::{Rule, Severity};
use crate::stage::{Context, Reference};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// One labelled statement.
#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    /// The item's id in its corpus file, for naming it in misses.
    pub id: String,
    /// The statement.
    pub text: String,
    /// The reference date the labels assume (ISO), when the item gives one.
    #[serde(default)]
    pub as_of: Option<String>,
    /// The labelled kind (`outcome`, `action`, `mixed`, `concern`).
    pub kind: String,
    /// The labelled owner kind (`named`, `family` ... or `none`).
    pub owner: String,
    /// The owner words a reader marked, as written.
    #[serde(default)]
    pub owner_spans: Vec<String>,
    /// The labelled timescale (`deadline`, `frequency`, `both`, `vague`, `none`).
    pub timescale: String,
    /// The time words a reader marked, as written.
    #[serde(default)]
    pub timescale_spans: Vec<String>,
    /// Deadline span → the ISO date it should resolve to.
    #[serde(default)]
    pub dates: BTreeMap<String, String>,
    /// Whether the statement has a measure.
    pub measure: bool,
    /// The measure words a reader marked, as written.
    #[serde(default)]
    pub measure_spans: Vec<String>,
    /// Whether the statement is vague as it stands.
    pub vague: bool,
    /// The vague words a reader marked, as written.
    #[serde(default)]
    pub vague_terms: Vec<String>,
    /// A verdict on the statement from its source (`good`, `poor`), used for
    /// the score's AUC.
    #[serde(default)]
    pub source_label: Option<String>,
    /// Free-form tags (`trap:…`, `date:…`) for finding what a change broke.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The id of the item that corrects this one, in before/after pairs.
    #[serde(default)]
    pub pair: Option<String>,
    /// Who published the statement this one was paraphrased from (the
    /// real-world set): "Publisher - page (address)".
    #[serde(default)]
    pub source: Option<String>,
}

impl Item {
    /// The publisher: the source up to its first " - ".
    pub fn publisher(&self) -> Option<&str> {
        self.source
            .as_deref()
            .map(|s| s.split(" - ").next().unwrap_or(s).trim())
    }
}

/// Reads a corpus file: one labelled item a line (JSON Lines), blank lines
/// skipped. The error names the line that would not parse.
pub fn parse_corpus(text: &str) -> Result<Vec<Item>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// Counts for precision / recall / F1.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Prf {
    /// Found and labelled (true positives).
    pub tp: usize,
    /// Found but not labelled (false positives).
    pub fp: usize,
    /// Labelled but not found (false negatives).
    pub fn_: usize,
}

impl Prf {
    /// Share of what was found that was labelled (0 when nothing was found).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Share of what was labelled that was found (0 when nothing was labelled).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// F1, or None when there was nothing to find and nothing was found.
    pub fn f1_if_any(&self) -> Option<f64> {
        (self.tp + self.fp + self.fn_ > 0).then(|| self.f1())
    }
    /// Precision, or None when nothing was found.
    pub fn precision_if_any(&self) -> Option<f64> {
        (self.tp + self.fp > 0).then(|| self.precision())
    }
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add_bool(&mut self, gold: bool, pred: bool) {
        match (gold, pred) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            _ => {}
        }
    }
    /// Multiset match of span texts (case and surrounding space ignored).
    fn add_spans(&mut self, gold: &[String], pred: &[String]) {
        self.add_spans_noting(gold, pred, None);
    }
    /// As `add_spans`, counting each missed gold span and each false span
    /// in `misses` (keyed "missed: text" / "false: text").
    fn add_spans_noting(
        &mut self,
        gold: &[String],
        pred: &[String],
        misses: Option<&mut BTreeMap<String, usize>>,
    ) {
        let mut left: Vec<String> = gold.iter().map(|s| s.trim().to_lowercase()).collect();
        let mut false_spans = Vec::new();
        for p in pred {
            let p = p.trim().to_lowercase();
            if let Some(i) = left.iter().position(|g| *g == p) {
                left.swap_remove(i);
                self.tp += 1;
            } else {
                self.fp += 1;
                false_spans.push(p);
            }
        }
        self.fn_ += left.len();
        if let Some(m) = misses {
            for g in left {
                *m.entry(format!("missed: {g}")).or_default() += 1;
            }
            for p in false_spans {
                *m.entry(format!("false: {p}")).or_default() += 1;
            }
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Label accuracy with a confusion matrix (gold → predicted → count).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Confusion {
    /// Labelled value → predicted value → how many items.
    pub matrix: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Confusion {
    fn add(&mut self, gold: &str, pred: &str) {
        *self
            .matrix
            .entry(gold.into())
            .or_default()
            .entry(pred.into())
            .or_default() += 1;
    }
    /// How many items were counted.
    pub fn total(&self) -> usize {
        self.matrix.values().flat_map(|r| r.values()).sum()
    }
    /// Share of items whose prediction matched the label.
    pub fn accuracy(&self) -> f64 {
        let right: usize = self
            .matrix
            .iter()
            .map(|(g, r)| r.get(g).copied().unwrap_or(0))
            .sum();
        ratio(right, self.total())
    }
    fn labels(&self) -> Vec<String> {
        let mut l: Vec<String> = self.matrix.keys().cloned().collect();
        for r in self.matrix.values() {
            l.extend(r.keys().cloned());
        }
        l.sort();
        l.dedup();
        l
    }
    /// Precision, recall and F1 for each value, as if it were a yes/no label.
    pub fn per_label(&self) -> BTreeMap<String, Prf> {
        let mut m = BTreeMap::new();
        for label in self.labels() {
            let mut prf = Prf::default();
            for (g, row) in &self.matrix {
                for (p, &n) in row {
                    match (g == &label, p == &label) {
                        (true, true) => prf.tp += n,
                        (false, true) => prf.fp += n,
                        (true, false) => prf.fn_ += n,
                        _ => {}
                    }
                }
            }
            m.insert(label, prf);
        }
        m
    }
    /// Mean F1 over the labelled values, each counting the same however common.
    pub fn macro_f1(&self) -> f64 {
        let golds: Vec<&String> = self.matrix.keys().collect();
        let per = self.per_label();
        let f: Vec<f64> = golds.iter().map(|g| per[*g].f1()).collect();
        if f.is_empty() {
            0.0
        } else {
            f.iter().sum::<f64>() / f.len() as f64
        }
    }
}

/// How the analyser did on a labelled set: every figure [`evaluate`] measures,
/// plus the misses for error analysis.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// How many items were scored.
    pub statements: usize,
    /// Kind: labelled against predicted.
    pub kind: Confusion,
    /// Owner kind (the most specific doer): labelled against predicted.
    pub owner_label: Confusion,
    /// Owner words found, matched against the labelled ones.
    pub owner_spans: Prf,
    /// Whether a responsible party was found at all, against labelled owner ≠ none.
    pub owner_statement: Prf,
    /// Timescale label: labelled against predicted.
    pub timescale_label: Confusion,
    /// Deadline and frequency spans only: labelled spans that are not also
    /// vague terms, against the spans found as deadline or frequency.
    pub concrete_timescale_spans: Prf,
    /// Time words found, matched against the labelled ones.
    pub timescale_spans: Prf,
    /// Gold deadlines with a date: how many the analyser resolved to that date.
    pub dates_right: usize,
    /// Labelled deadlines with a date.
    pub dates_total: usize,
    /// Whether the statement has a measure.
    pub measure_label: Prf,
    /// Measure words found, matched against the labelled ones.
    pub measure_spans: Prf,
    /// Whether the statement is vague (a vague word or vague time left at
    /// warning or worse).
    pub vague_label: Prf,
    /// Vague words found, matched against the labelled ones.
    pub vague_terms: Prf,
    /// Area under the ROC curve of `score`, good vs poor source labels.
    pub score_auc_good_vs_poor: Option<f64>,
    /// Mean score of the statements labelled good.
    pub mean_score_good: Option<f64>,
    /// Mean score of the statements labelled poor.
    pub mean_score_poor: Option<f64>,
    /// Parts of the record not yet measured by this corpus.
    pub not_evaluated: Vec<String>,
    /// Statements where a label was missed, for error analysis.
    #[serde(skip)]
    pub misses: Vec<String>,
    /// Timescale span misses (gold spans not found, spans found but not gold) → count.
    #[serde(skip)]
    pub timescale_misses: BTreeMap<String, usize>,
    /// Measure span misses → count.
    #[serde(skip)]
    pub measure_misses: BTreeMap<String, usize>,
}

/// The owner label the record implies: the most specific doer.
pub fn owner_label(a: &Analysis) -> &'static str {
    if a.kind == Kind::Concern {
        return "none";
    }
    a.owners
        .iter()
        .map(|o| o.kind)
        .max_by_key(|k| k.rank())
        .map(OwnerKind::name)
        .unwrap_or("none")
}

/// The timescale label the record implies.
pub fn timescale_label(a: &Analysis) -> &'static str {
    let has = |k: TimeKind| a.timescales.iter().any(|t| t.kind == k);
    match (
        has(TimeKind::Deadline),
        has(TimeKind::Frequency),
        has(TimeKind::Vague),
    ) {
        (true, true, _) => "both",
        (true, false, _) => "deadline",
        (false, true, _) => "frequency",
        (false, false, true) => "vague",
        _ => "none",
    }
}

/// Vague wording the record reports: vague terms and vague time words.
pub fn vague_spans(a: &Analysis) -> Vec<String> {
    a.findings
        .iter()
        .filter(|f| matches!(f.rule, Rule::VagueTerm | Rule::VagueTimescale))
        .filter_map(|f| f.text.clone())
        .collect()
}

/// Whether the record leaves a vague word or vague time word open, at
/// warning or worse: the statement-level "vague" label.
pub fn is_vague(a: &Analysis) -> bool {
    a.findings
        .iter()
        .any(|f| matches!(f.rule, Rule::VagueTerm | Rule::VagueTimescale) && f.severity >= Severity::Warning)
}

/// Scores the analyser on labelled items. `today` is the reference date for
/// items that carry no `as_of` of their own.
pub fn evaluate(analyser: &Analyser, items: &[Item], today: chrono::NaiveDate) -> Report {
    let mut r = Report {
        statements: items.len(),
        ..Report::default()
    };
    let mut scored: Vec<(bool, u8)> = Vec::new();
    for item in items {
        let as_of = item.as_of.as_deref().and_then(crate::dates::read_date);
        let ctx = Context::new(Reference::given_or_today(as_of, today));
        let a = analyser.analyse(&item.text, &ctx);
        r.kind.add(&item.kind, a.kind.name());
        r.owner_label.add(&item.owner, owner_label(&a));
        let owners: Vec<String> = a.owners.iter().map(|o| o.text.clone()).collect();
        r.owner_spans.add_spans(&item.owner_spans, &owners);
        r.timescale_label.add(&item.timescale, timescale_label(&a));
        r.owner_statement
            .add_bool(item.owner != "none", owner_label(&a) != "none");
        let times: Vec<String> = a.timescales.iter().map(|t| t.text.clone()).collect();
        r.timescale_spans
            .add_spans_noting(&item.timescale_spans, &times, Some(&mut r.timescale_misses));
        let vague_words: Vec<String> = item.vague_terms.iter().map(|v| v.trim().to_lowercase()).collect();
        let concrete_gold: Vec<String> = (item.timescale_spans.iter())
            .filter(|s| !vague_words.contains(&s.trim().to_lowercase()))
            .cloned()
            .collect();
        let concrete_found: Vec<String> = (a.timescales.iter())
            .filter(|t| t.kind != TimeKind::Vague)
            .map(|t| t.text.clone())
            .collect();
        r.concrete_timescale_spans
            .add_spans(&concrete_gold, &concrete_found);
        for (span, date) in &item.dates {
            r.dates_total += 1;
            let got = a
                .timescales
                .iter()
                .any(|t| t.text.trim() == span.trim() && t.date.as_deref() == Some(date));
            if got {
                r.dates_right += 1;
            } else {
                r.misses
                    .push(format!("date {} {:?} -> want {date}", item.id, span));
            }
        }
        let measures: Vec<String> = a.measures.iter().map(|m| m.text.clone()).collect();
        r.measure_label.add_bool(item.measure, !a.measures.is_empty());
        r.measure_spans
            .add_spans_noting(&item.measure_spans, &measures, Some(&mut r.measure_misses));
        r.vague_label.add_bool(item.vague, is_vague(&a));
        r.vague_terms.add_spans(&item.vague_terms, &vague_spans(&a));
        if item.kind != a.kind.name() {
            r.misses.push(format!(
                "kind {} want {} got {}: {}",
                item.id,
                item.kind,
                a.kind.name(),
                item.text
            ));
        }
        match item.source_label.as_deref() {
            Some("good") => scored.push((true, a.score)),
            Some("poor") => scored.push((false, a.score)),
            _ => {}
        }
    }
    let good: Vec<u8> = scored.iter().filter(|s| s.0).map(|s| s.1).collect();
    let poor: Vec<u8> = scored.iter().filter(|s| !s.0).map(|s| s.1).collect();
    if !good.is_empty() && !poor.is_empty() {
        r.score_auc_good_vs_poor = Some(auc(&good, &poor));
        r.mean_score_good = Some(good.iter().map(|&x| x as f64).sum::<f64>() / good.len() as f64);
        r.mean_score_poor = Some(poor.iter().map(|&x| x as f64).sum::<f64>() / poor.len() as f64);
    }
    r.not_evaluated = vec!["rewrite (checked by tests/rewrite.rs, not by labels)".into()];
    r
}

/// Probability a random good statement outscores a random poor one (ties count half).
pub fn auc(good: &[u8], poor: &[u8]) -> f64 {
    let mut wins = 0.0;
    for g in good {
        for p in poor {
            wins += match g.cmp(p) {
                std::cmp::Ordering::Greater => 1.0,
                std::cmp::Ordering::Equal => 0.5,
                std::cmp::Ordering::Less => 0.0,
            };
        }
    }
    wins / (good.len() * poor.len()) as f64
}

impl Report {
    /// The report as a plain-text table, for `smartplan eval` and test logs.
    pub fn to_table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "statements: {}", self.statements);
        let _ = writeln!(
            s,
            "\n{:<22} {:>9} {:>9} {:>9}",
            "span / label", "precision", "recall", "F1"
        );
        let rows: [(&str, &Prf); 8] = [
            ("owner (statement)", &self.owner_statement),
            ("owner spans", &self.owner_spans),
            ("timescale spans", &self.timescale_spans),
            ("concrete timescales", &self.concrete_timescale_spans),
            ("measure (statement)", &self.measure_label),
            ("measure spans", &self.measure_spans),
            ("vague (statement)", &self.vague_label),
            ("vague terms", &self.vague_terms),
        ];
        for (name, p) in rows {
            let _ = writeln!(
                s,
                "{:<22} {:>9.3} {:>9.3} {:>9.3}",
                name,
                p.precision(),
                p.recall(),
                p.f1()
            );
        }
        let _ = writeln!(s);
        for (name, c) in [
            ("kind", &self.kind),
            ("owner label", &self.owner_label),
            ("timescale label", &self.timescale_label),
        ] {
            let _ = writeln!(
                s,
                "{name}: accuracy {:.3}, macro-F1 {:.3}",
                c.accuracy(),
                c.macro_f1()
            );
            for (label, p) in c.per_label() {
                let _ = writeln!(
                    s,
                    "  {:<12} P {:.3} R {:.3} F1 {:.3}",
                    label,
                    p.precision(),
                    p.recall(),
                    p.f1()
                );
            }
        }
        let _ = writeln!(s, "\nkind confusion (rows: labelled, columns: predicted)");
        let labels: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        let _ = write!(s, "{:<10}", "");
        for l in &labels {
            let _ = write!(s, "{:>9}", l);
        }
        let _ = writeln!(s);
        let empty = BTreeMap::new();
        for g in &labels {
            let row = self.kind.matrix.get(*g).unwrap_or(&empty);
            let _ = write!(s, "{:<10}", g);
            for p in &labels {
                let _ = write!(s, "{:>9}", row.get(*p).copied().unwrap_or(0));
            }
            let _ = writeln!(s);
        }
        let _ = writeln!(
            s,
            "\ndeadline dates resolved: {}/{}",
            self.dates_right, self.dates_total
        );
        if let Some(auc) = self.score_auc_good_vs_poor {
            let _ = writeln!(
                s,
                "score AUC, good vs poor: {auc:.3} (mean good {:.1}, mean poor {:.1})",
                self.mean_score_good.unwrap_or(0.0),
                self.mean_score_poor.unwrap_or(0.0)
            );
        }
        for n in &self.not_evaluated {
            let _ = writeln!(s, "not evaluated: {n}");
        }
        s
    }
}

impl Report {
    /// The `n` commonest timescale and measure span misses, commonest first.
    pub fn misses_table(&self, n: usize) -> String {
        let mut s = String::new();
        for (name, m) in [
            ("timescale", &self.timescale_misses),
            ("measure", &self.measure_misses),
        ] {
            let mut rows: Vec<(&String, &usize)> = m.iter().collect();
            rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let _ = writeln!(
                s,
                "\n{name} span misses ({} distinct), commonest first:",
                rows.len()
            );
            for (text, count) in rows.into_iter().take(n) {
                let _ = writeln!(s, "{count:>4}  {text}");
            }
        }
        s
    }
}

/// The figures a set is judged on, in one row. A figure is None when the
/// set gives it nothing to measure (no labelled spans and none found).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Headline {
    /// How many items were scored.
    pub statements: usize,
    /// Share of items given the labelled kind.
    pub kind_accuracy: f64,
    /// F1 of "has an owner" per statement.
    pub owner_f1: Option<f64>,
    /// F1 of the owner words.
    pub owner_span_f1: Option<f64>,
    /// F1 of the deadline and frequency words.
    pub concrete_timescale_f1: Option<f64>,
    /// F1 of "has a measure" per statement.
    pub measure_f1: Option<f64>,
    /// F1 of "is vague" per statement.
    pub vague_f1: Option<f64>,
    /// Precision of the owner words.
    pub owner_precision: Option<f64>,
    /// Precision of the deadline and frequency words.
    pub timescale_precision: Option<f64>,
    /// Precision of "has a measure" per statement.
    pub measure_precision: Option<f64>,
    /// AUC of the score, good against poor statements.
    pub score_auc: Option<f64>,
}

impl Headline {
    /// Column heads that line up with [`Headline::row`].
    pub const COLUMNS: &'static str =
        "     n  kind owner ownsp  time  meas vague | P:own  time  meas |   AUC";
    /// The figures as one fixed-width line under [`Headline::COLUMNS`]; `-` for
    /// a figure the set gives nothing to measure.
    pub fn row(&self) -> String {
        let f = |x: Option<f64>| x.map_or("    -".to_string(), |v| format!("{v:>5.3}"));
        format!(
            "{:>6} {:>5.3} {} {} {} {} {} | {} {} {} | {}",
            self.statements,
            self.kind_accuracy,
            f(self.owner_f1),
            f(self.owner_span_f1),
            f(self.concrete_timescale_f1),
            f(self.measure_f1),
            f(self.vague_f1),
            f(self.owner_precision),
            f(self.timescale_precision),
            f(self.measure_precision),
            f(self.score_auc),
        )
    }
}

impl Report {
    /// The report's headline figures, for comparing sets in one table.
    pub fn headline(&self) -> Headline {
        Headline {
            statements: self.statements,
            kind_accuracy: self.kind.accuracy(),
            owner_f1: self.owner_statement.f1_if_any(),
            owner_span_f1: self.owner_spans.f1_if_any(),
            concrete_timescale_f1: self.concrete_timescale_spans.f1_if_any(),
            measure_f1: self.measure_label.f1_if_any(),
            vague_f1: self.vague_label.f1_if_any(),
            owner_precision: self.owner_spans.precision_if_any(),
            timescale_precision: self.concrete_timescale_spans.precision_if_any(),
            measure_precision: self.measure_label.precision_if_any(),
            score_auc: self.score_auc_good_vs_poor,
        }
    }
}

/// The set's figures per publisher (items with a `source`), largest first.
pub fn by_publisher(
    analyser: &Analyser,
    items: &[Item],
    today: chrono::NaiveDate,
) -> Vec<(String, Headline)> {
    let mut groups: BTreeMap<&str, Vec<Item>> = BTreeMap::new();
    for i in items {
        if let Some(p) = i.publisher() {
            groups.entry(p).or_default().push(i.clone());
        }
    }
    let mut out: Vec<(String, Headline)> = groups
        .into_iter()
        .map(|(p, its)| (p.to_string(), evaluate(analyser, &its, today).headline()))
        .collect();
    out.sort_by(|a, b| b.1.statements.cmp(&a.1.statements).then(a.0.cmp(&b.0)));
    out
}

/// Used by tests: per-tag miss counts help find what a change broke.
pub fn tag_counts(items: &[Item]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for i in items {
        for t in &i.tags {
            *m.entry(t.clone()).or_insert(0) += 1;
        }
    }
    m
}
