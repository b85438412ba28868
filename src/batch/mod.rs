//! Bulk audit: reads an export row by row, analyses statements in parallel
//! chunks (order kept, repeated statements analysed once), and writes one
//! record per statement cell plus plan records and a summary.

pub mod columns;
pub mod input;
pub mod output;
pub mod plan;

use crate::analysis::{Analyser, Context};
use crate::record::{Analysis, Kind, Record, Unanalysed, SCHEMA};
use crate::summary::Summariser;
use columns::Columns;
use input::{RawRow, RowSource};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

pub const CHUNK: usize = 2048;
/// Repeated statements remembered across chunks; each holds a full record,
/// so the bound keeps memory flat (about 4 KB a record).
const CACHE_MAX: usize = 4_096;

#[derive(Debug, Clone)]
pub struct Options {
    pub max_chars: usize,
    pub as_of: Option<chrono::NaiveDate>,
    pub strict: bool,
    /// Serialise each record to JSON on the worker threads (for JSON Lines output).
    pub json: bool,
}

/// One statement cell of one row, ready to analyse.
pub struct Item {
    pub id: String,
    pub text: String,
    pub section: Option<Kind>,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub as_of: Option<chrono::NaiveDate>,
    /// Why the item is not analysed: Err = error, Ok = skipped.
    pub not: Option<Result<String, String>>,
    pub concern_without_outcome: bool,
    pub outcome_without_action: bool,
}

/// A row and its items, after analysis.
pub struct Done {
    pub row: RawRow,
    pub items: Vec<(Item, Record)>,
    /// Each item's record as one JSON line, when `Options::json` asked for it.
    pub json: Vec<Vec<u8>>,
    pub plan_date: Option<chrono::NaiveDate>,
}

/// Counts for the closing line on stderr.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    pub rows: usize,
    pub records: usize,
    pub analysed: usize,
    pub skipped: usize,
    pub errors: usize,
    pub warnings: usize,
}

fn cell(row: &RawRow, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| row.cells.get(i)).map(|s| s.as_str())
}

pub fn date_of(cell: &str) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    let d = columns::parse_date(cell)?;
    if d.year() < 100 {
        d.with_year(d.year() + 2000)
    } else {
        Some(d)
    }
}

/// Splits a row into its statement items.
pub fn items_of(
    row: &RawRow,
    n: usize,
    cols: &Columns,
    opt: &Options,
) -> (Vec<Item>, Option<chrono::NaiveDate>) {
    let plan_date = cell(row, cols.date).and_then(date_of);
    let base_id = cell(row, cols.id)
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| format!("row-{n}"));
    let row_section = cell(row, cols.section).and_then(columns::section_of);
    let multi = cols.text.len() > 1;
    let blank = |i: usize| {
        row.cells
            .get(i)
            .is_none_or(|c| c.trim().is_empty() || plan::is_na(c))
    };
    let find_sec = |k: Kind| cols.text.iter().find(|(_, s)| *s == Some(k)).map(|(i, _)| *i);
    let mut out = Vec::with_capacity(cols.text.len());
    for (ci, sec) in &cols.text {
        let text = row.cells.get(*ci).cloned().unwrap_or_default();
        let section = row_section.or(*sec);
        let id = if multi {
            format!("{base_id}:{}", sec.map(|k| k.name()).unwrap_or("statement"))
        } else {
            base_id.clone()
        };
        let not = if let Some(e) = &row.error {
            Some(Err(e.clone()))
        } else if row.undecodable.contains(ci) {
            Some(Err(format!("line {}: the statement is not valid text in the file's encoding (try --encoding windows-1252)", row.line)))
        } else if text.trim().is_empty() {
            Some(Ok("blank statement".to_string()))
        } else if plan::is_na(&text) {
            Some(Ok(format!("marked not applicable (“{}”)", text.trim())))
        } else {
            let chars = text.chars().count();
            (chars > opt.max_chars).then(|| {
                Err(format!(
                    "the statement is {chars} characters long, over the limit of {} (--max-chars)",
                    opt.max_chars
                ))
            })
        };
        let this_blank = blank(*ci);
        out.push(Item {
            id,
            text,
            section,
            owner: cell(row, cols.owner)
                .map(str::to_string)
                .filter(|s| !s.trim().is_empty()),
            due: cell(row, cols.due)
                .map(str::to_string)
                .filter(|s| !s.trim().is_empty()),
            as_of: plan_date.or(opt.as_of),
            not,
            concern_without_outcome: multi
                && *sec == Some(Kind::Concern)
                && !this_blank
                && find_sec(Kind::Outcome).is_some_and(blank),
            outcome_without_action: multi
                && *sec == Some(Kind::Outcome)
                && !this_blank
                && find_sec(Kind::Action).is_some_and(blank),
        });
    }
    (out, plan_date)
}

/// What a statement's analysis depends on, apart from the plan date.
type Key = (String, Option<String>, Option<String>, Option<Kind>);
type Date = Option<chrono::NaiveDate>;

fn key_of(it: &Item) -> Key {
    (it.text.clone(), it.owner.clone(), it.due.clone(), it.section)
}

/// One analysis, shared by the rows that repeat its statement, with its JSON
/// line made once: a row's line is the same bytes with the row's id put in.
struct Shared {
    analysis: Analysis,
    /// The record as JSON with `"id":null`; `id_at` is where `null` starts.
    json: Vec<u8>,
    id_at: usize,
}

impl Shared {
    fn new(analysis: Analysis, json: bool) -> Self {
        debug_assert!(analysis.id.is_none());
        let (json, id_at) = if json {
            // `Record` is untagged, so an analysis serialises as its record does.
            let bytes = serde_json::to_vec(&analysis).unwrap_or_default();
            // `schema` comes first and is a constant, so the first `"id":null` is the id.
            let at = bytes.windows(9).position(|w| w == b"\"id\":null").map(|p| p + 5);
            (bytes, at.unwrap_or(0))
        } else {
            (Vec::new(), 0)
        };
        Shared {
            analysis,
            json,
            id_at,
        }
    }

    /// The record's JSON line with `id` in place.
    fn json_line(&self, id: &str) -> Vec<u8> {
        let mut line = Vec::with_capacity(self.json.len() + id.len() + 8);
        line.extend_from_slice(&self.json[..self.id_at]);
        // Serialising a &str cannot fail.
        let _ = serde_json::to_writer(&mut line, id);
        line.extend_from_slice(&self.json[self.id_at + 4..]);
        line.push(b'\n');
        line
    }
}

/// Analyses of one statement: shared by every plan date, or one per date
/// when the analysis read the date.
#[derive(Default, Clone)]
struct Analyses {
    any_date: Option<Arc<Shared>>,
    by_date: HashMap<Date, Arc<Shared>>,
}

impl Analyses {
    fn get(&self, date: Date) -> Option<&Arc<Shared>> {
        self.any_date.as_ref().or_else(|| self.by_date.get(&date))
    }
    fn len(&self) -> usize {
        self.any_date.is_some() as usize + self.by_date.len()
    }
}

/// Analyses items with a bounded cache of repeated statements; deterministic
/// whatever the thread count (the analyser is a pure function of its key).
///
/// Most statements never read the plan date ("Mum to engage with services"),
/// so one analysis serves every plan date: the analyser says whether it read
/// the date, and only the statements that did are analysed per date.
pub struct Engine<'a> {
    pub analyser: &'a Analyser,
    cache: HashMap<Key, Analyses>,
    cached: usize,
}

impl<'a> Engine<'a> {
    pub fn new(analyser: &'a Analyser) -> Self {
        Engine {
            analyser,
            cache: HashMap::new(),
            cached: 0,
        }
    }

    /// The record of each item, in order, and each one's JSON line when `json`.
    pub fn run(&mut self, items: &[Item], json: bool) -> (Vec<Record>, Vec<Vec<u8>>) {
        let keys: Vec<Option<Key>> = items
            .iter()
            .map(|it| it.not.is_none().then(|| key_of(it)))
            .collect();
        let mut fresh: HashMap<Key, Analyses> = HashMap::new();
        // Round one analyses each new statement once, at the first plan date
        // it comes with; round two, the statements that read the date at each
        // of their other dates.
        for _round in 0..2 {
            let mut todo: Vec<(&Key, Date)> = Vec::new();
            let mut queued: HashMap<&Key, Vec<Date>> = HashMap::new();
            for (it, k) in items.iter().zip(&keys) {
                let Some(k) = k else { continue };
                let known = self.cache.get(k).or_else(|| fresh.get(k));
                if known.is_some_and(|a| a.get(it.as_of).is_some()) {
                    continue;
                }
                let first_time = known.is_none();
                let dates = queued.entry(k).or_default();
                if (first_time && dates.is_empty()) || (!first_time && !dates.contains(&it.as_of)) {
                    dates.push(it.as_of);
                    todo.push((k, it.as_of));
                }
            }
            if todo.is_empty() {
                break;
            }
            let an = self.analyser;
            let done: Vec<(Arc<Shared>, bool)> = todo
                .par_iter()
                .map(|&(k, date)| {
                    let ctx = Context {
                        id: None,
                        as_of: date,
                        owner_cell: k.1.as_deref(),
                        due_cell: k.2.as_deref(),
                        section: k.3,
                    };
                    let (a, read_date) = an.analyse_noting_reference(&k.0, &ctx);
                    (Arc::new(Shared::new(a, json)), read_date)
                })
                .collect();
            for ((k, date), (a, read_date)) in todo.into_iter().zip(done) {
                let entry = match self.cache.get(k) {
                    // A cached statement that read the date, met at a new date.
                    Some(old) => fresh.entry(k.clone()).or_insert_with(|| old.clone()),
                    None => fresh.entry(k.clone()).or_default(),
                };
                if read_date {
                    entry.by_date.insert(date, a);
                } else {
                    entry.any_date = Some(a);
                }
            }
        }
        let out: Vec<(Record, Vec<u8>)> = items
            .par_iter()
            .zip(&keys)
            .map(|(it, k)| match (&it.not, k) {
                (Some(r), _) => {
                    let rec = Record::Unanalysed(Unanalysed {
                        schema: SCHEMA,
                        id: Some(it.id.clone()),
                        text: if r.is_err() {
                            it.text.chars().take(200).collect()
                        } else {
                            it.text.clone()
                        },
                        error: r.as_ref().err().cloned(),
                        skipped: r.as_ref().ok().cloned(),
                    });
                    let line = if json { json_line(&rec) } else { Vec::new() };
                    (rec, line)
                }
                (None, Some(k)) => {
                    let shared = fresh
                        .get(k)
                        .and_then(|a| a.get(it.as_of))
                        .or_else(|| self.cache.get(k).and_then(|a| a.get(it.as_of)))
                        .expect("analysed above");
                    let line = if json {
                        shared.json_line(&it.id)
                    } else {
                        Vec::new()
                    };
                    let mut a = shared.analysis.clone();
                    a.id = Some(it.id.clone());
                    (Record::Analysed(Box::new(a)), line)
                }
                (None, None) => unreachable!("every analysable item has a key"),
            })
            .collect();
        // Update the cache only after every record is resolved, so a clear
        // cannot drop a hit. Bounded by analyses held (about 4 KB each).
        for (k, a) in fresh {
            let n = a.len();
            let old = self.cache.insert(k, a).map_or(0, |o| o.len());
            self.cached = self.cached + n - old;
            if self.cached > CACHE_MAX {
                self.cache.clear();
                self.cached = 0;
            }
        }
        let (records, lines): (Vec<Record>, Vec<Vec<u8>>) = out.into_iter().unzip();
        (records, if json { lines } else { Vec::new() })
    }
}

fn json_line(rec: &Record) -> Vec<u8> {
    let mut v = serde_json::to_vec(rec).unwrap_or_default();
    v.push(b'\n');
    v
}

/// Reads all rows in chunks on a reader thread and hands each analysed chunk
/// to `sink` in input order. Returns the number of rows read.
pub fn process(
    mut src: Box<dyn RowSource>,
    cols: &Columns,
    opt: &Options,
    analyser: &Analyser,
    mut sink: impl FnMut(Vec<Done>, u64) -> std::io::Result<()>,
) -> Result<(), String> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<(Vec<RawRow>, u64), String>>(2);
    let strict = opt.strict;
    std::thread::scope(|s| {
        s.spawn(move || loop {
            let mut chunk = Vec::with_capacity(CHUNK);
            let mut fail = None;
            while chunk.len() < CHUNK {
                match src.next_row() {
                    Ok(Some(r)) => {
                        if strict {
                            if let Some(p) = r.error.as_ref().or(r.warning.as_ref()) {
                                fail = Some(format!("{p} (--strict stops at the first malformed line)"));
                                break;
                            }
                        }
                        chunk.push(r)
                    }
                    Ok(None) => break,
                    Err(e) => {
                        fail = Some(format!("cannot read the input: {e}"));
                        break;
                    }
                }
            }
            let end = chunk.len() < CHUNK;
            if !chunk.is_empty() && tx.send(Ok((chunk, src.bytes_read()))).is_err() {
                return;
            }
            if let Some(f) = fail {
                let _ = tx.send(Err(f));
                return;
            }
            if end {
                return;
            }
        });
        let mut engine = Engine::new(analyser);
        let mut n = 0usize;
        for msg in rx {
            let (rows, bytes) = msg?;
            let mut all_items = Vec::new();
            let mut shape = Vec::with_capacity(rows.len());
            for row in &rows {
                n += 1;
                let (items, date) = items_of(row, n, cols, opt);
                shape.push((items.len(), date));
                all_items.extend(items);
            }
            let (records, json) = engine.run(&all_items, opt.json);
            let mut json = json.into_iter();
            let mut it = all_items.into_iter().zip(records);
            let done: Vec<Done> = rows
                .into_iter()
                .zip(shape)
                .map(|(row, (k, plan_date))| Done {
                    row,
                    items: it.by_ref().take(k).collect(),
                    json: json.by_ref().take(k).collect(),
                    plan_date,
                })
                .collect();
            sink(done, bytes).map_err(|e| e.to_string())?;
        }
        Ok(())
    })
}

/// The row's group cells as `(column, value)`, for summaries and the report.
pub fn groups_of<'a>(done: &'a Done, cols: &Columns, headers: &'a [String]) -> Vec<(&'a str, &'a str)> {
    cols.group
        .iter()
        .map(|&i| {
            (
                headers[i].as_str(),
                done.row.cells.get(i).map(|s| s.as_str()).unwrap_or(""),
            )
        })
        .collect()
}

/// Feeds the summary and plan checks with one processed row.
pub fn account(
    done: &Done,
    cols: &Columns,
    headers: &[String],
    summary: &mut Summariser,
    plans: &mut plan::Plans,
    counts: &mut Counts,
) {
    counts.rows += 1;
    if done.row.warning.is_some() {
        counts.warnings += 1;
    }
    let groups = groups_of(done, cols, headers);
    let plan_id = cell(&done.row, cols.plan)
        .map(str::trim)
        .filter(|p| !p.is_empty());
    if let Some(p) = plan_id {
        plans.add_row(
            p,
            cell(&done.row, cols.review),
            cell(&done.row, cols.agreed),
            cell(&done.row, cols.child_view),
            &groups,
            &done.items.first().map(|i| i.0.id.clone()).unwrap_or_default(),
        );
    }
    for (item, rec) in &done.items {
        counts.records += 1;
        match rec {
            Record::Analysed(_) => counts.analysed += 1,
            Record::Unanalysed(u) if u.error.is_some() => counts.errors += 1,
            Record::Unanalysed(_) => counts.skipped += 1,
        }
        summary.add(rec, &groups, done.plan_date);
        if let Some(p) = plan_id {
            plans.add_item(
                p,
                &plan::Item {
                    id: item.id.clone(),
                    section: item.section,
                    record: rec,
                    concern_without_outcome: item.concern_without_outcome,
                    outcome_without_action: item.outcome_without_action,
                    owner_cell: item.owner.as_deref().is_some_and(|o| !plan::is_na(o)),
                    due_date_cell: item.due.as_deref().and_then(date_of).is_some(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, text: &str, owner: Option<&str>, due: Option<&str>, as_of: &str) -> Item {
        Item {
            id: id.into(),
            text: text.into(),
            section: None,
            owner: owner.map(str::to_string),
            due: due.map(str::to_string),
            as_of: as_of.parse().ok(),
            not: None,
            concern_without_outcome: false,
            outcome_without_action: false,
        }
    }

    /// Shared analyses and spliced JSON lines give each row exactly the record
    /// and line a fresh analysis of that row gives, across chunks and dates.
    #[test]
    fn cached_and_shared_records_equal_fresh_ones() {
        let analyser = Analyser::builtin();
        let texts = [
            "Mum to engage with services",
            "Dad to finish the course within 6 weeks",
            "SW to visit \"weekly\" by 30/04/2026",
            "Review on 3rd March",
        ];
        let dues = [None, Some("within 6 weeks"), Some("ongoing"), Some("30/04/2026")];
        let dates = ["2025-09-08", "2026-04-28", "2019-01-01"];
        let mut items = Vec::new();
        for n in 0..96 {
            items.push(item(
                &format!("R\"{n}"),
                texts[n % 4],
                (n % 3 == 0).then_some("Mum"),
                dues[n / 4 % 4],
                dates[n / 16 % 3],
            ));
        }
        let mut engine = Engine::new(&analyser);
        for chunk in [&items[..40], &items[40..], &items[..]] {
            let (records, lines) = engine.run(chunk, true);
            assert_eq!((records.len(), lines.len()), (chunk.len(), chunk.len()));
            for ((it, rec), line) in chunk.iter().zip(&records).zip(&lines) {
                let fresh = analyser.analyse(
                    &it.text,
                    &Context {
                        id: Some(&it.id),
                        as_of: it.as_of,
                        owner_cell: it.owner.as_deref(),
                        due_cell: it.due.as_deref(),
                        section: None,
                    },
                );
                assert_eq!(rec.analysis(), Some(&fresh), "{}", it.id);
                let mut want = serde_json::to_vec(&fresh).unwrap();
                want.push(b'\n');
                assert_eq!(String::from_utf8_lossy(line), String::from_utf8_lossy(&want));
            }
        }
        assert!(engine.cached > 0);
    }
}
