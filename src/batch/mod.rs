//! Bulk audit: reads an export row by row, analyses statements in parallel
//! chunks (order kept, repeated statements analysed once), and writes one
//! record per statement cell plus plan records and a summary.

pub mod columns;
mod engine;
pub mod input;
pub mod output;
pub mod plan;

pub use engine::{Engine, JsonLine, Statement};

use crate::analysis::Analyser;
use crate::record::{Kind, Record};
use crate::summary::Summariser;
use columns::Columns;
use input::{RawRow, RowSource};

pub const CHUNK: usize = 2048;

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
    pub statement: Statement,
    pub as_of: Option<chrono::NaiveDate>,
    /// Why the item is not analysed: Err = error, Ok = skipped.
    pub not: Option<Result<String, String>>,
    pub concern_without_outcome: bool,
    pub outcome_without_action: bool,
}

/// A row and its items, after analysis.
pub struct Done {
    pub row: RawRow,
    /// Each statement cell and its record. An analysed record is shared by
    /// every row that repeats the statement, so it carries no id: the row's
    /// id is `Item::id` (the JSON lines have it in place).
    pub items: Vec<(Item, Record)>,
    /// Each item's record as one JSON line, when `Options::json` asked for it.
    pub json: Vec<JsonLine>,
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
            statement: Statement {
                text,
                section,
                owner: cell(row, cols.owner)
                    .map(str::to_string)
                    .filter(|s| !s.trim().is_empty()),
                due: cell(row, cols.due)
                    .map(str::to_string)
                    .filter(|s| !s.trim().is_empty()),
            },
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

/// Reads all rows in chunks and hands each analysed chunk to `sink` in input
/// order. Returns how many statements were analysed (the other records came
/// from the cache of repeated statements).
///
/// Three stages overlap, as tasks on the current rayon pool: reading and
/// splitting chunk N+1, analysing chunk N, and (on this thread) sinking chunk
/// N-1 (output, summary, plans), which must see chunks in order. No thread of
/// its own is started, so `--threads N` does the whole job on N threads: with
/// one, the stages simply take turns.
pub fn process(
    mut src: Box<dyn RowSource>,
    cols: &Columns,
    opt: &Options,
    analyser: &Analyser,
    mut sink: impl FnMut(Vec<Done>, u64) -> std::io::Result<()>,
) -> Result<usize, String> {
    let mut rows_read = 0usize;
    let mut engine = Engine::new(analyser);
    // The chunk read but not yet analysed, and the one analysed but not yet sunk.
    let mut next = read_chunk(src.as_mut(), &mut rows_read, cols, opt);
    let mut pending: Option<(Vec<Done>, u64)> = None;
    loop {
        let (chunk, last, failed) = match next {
            Read::Chunk(c) => (Some(c), false, None),
            Read::Last(c, failed) => (c, true, failed),
        };
        let mut analysed = None;
        let mut read = None;
        let mut sunk = Ok(());
        rayon::in_place_scope(|scope| {
            if let Some(c) = &chunk {
                let (engine, analysed) = (&mut engine, &mut analysed);
                scope.spawn(move |_| *analysed = Some(engine.run(&c.items, opt.json)));
            }
            if !last {
                let (src, n, read) = (&mut src, &mut rows_read, &mut read);
                scope.spawn(move |_| *read = Some(read_chunk(src.as_mut(), n, cols, opt)));
            }
            if let Some((done, bytes)) = pending.take() {
                sunk = sink(done, bytes);
            }
        });
        sunk.map_err(|e| e.to_string())?;
        if let (Some(c), Some((records, json))) = (chunk, analysed) {
            pending = Some(c.assemble(records, json));
        }
        if last {
            if let Some((done, bytes)) = pending.take() {
                sink(done, bytes).map_err(|e| e.to_string())?;
            }
            return failed.map_or(Ok(engine.analyses), Err);
        }
        next = read.expect("the scope read the next chunk");
    }
}

/// A chunk from [`read_chunk`]: a full one, or the last (possibly empty, and
/// with why reading stopped early, if it did).
enum Read {
    Chunk(Chunk),
    Last(Option<Chunk>, Option<String>),
}

/// Reads up to [`CHUNK`] rows and splits them into items.
fn read_chunk(src: &mut dyn RowSource, rows_read: &mut usize, cols: &Columns, opt: &Options) -> Read {
    let mut chunk = Chunk::default();
    let mut failed = None;
    while chunk.rows.len() < CHUNK {
        match src.next_row() {
            Ok(Some(r)) => {
                if opt.strict {
                    if let Some(p) = r.error.as_ref().or(r.warning.as_ref()) {
                        failed = Some(format!("{p} (--strict stops at the first malformed line)"));
                        break;
                    }
                }
                *rows_read += 1;
                let (items, date) = items_of(&r, *rows_read, cols, opt);
                chunk.shape.push((items.len(), date));
                chunk.items.extend(items);
                chunk.rows.push(r);
            }
            Ok(None) => break,
            Err(e) => {
                failed = Some(format!("cannot read the input: {e}"));
                break;
            }
        }
    }
    chunk.bytes = src.bytes_read();
    let full = chunk.rows.len() == CHUNK;
    match (full, failed) {
        (true, None) => Read::Chunk(chunk),
        (_, failed) => Read::Last((!chunk.rows.is_empty()).then_some(chunk), failed),
    }
}

/// Rows read, split into items.
#[derive(Default)]
struct Chunk {
    rows: Vec<RawRow>,
    items: Vec<Item>,
    /// Per row: how many items, and its plan date.
    shape: Vec<(usize, Option<chrono::NaiveDate>)>,
    /// Input bytes read so far, for the progress bar.
    bytes: u64,
}

impl Chunk {
    fn assemble(self, records: Vec<Record>, json: Vec<JsonLine>) -> (Vec<Done>, u64) {
        let mut json = json.into_iter();
        let mut it = self.items.into_iter().zip(records);
        let done = self
            .rows
            .into_iter()
            .zip(self.shape)
            .map(|(row, (k, plan_date))| Done {
                row,
                items: it.by_ref().take(k).collect(),
                json: json.by_ref().take(k).collect(),
                plan_date,
            })
            .collect();
        (done, self.bytes)
    }
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
) -> std::io::Result<()> {
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
            done.items.first().map_or("", |i| i.0.id.as_str()),
        )?;
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
                    section: item.statement.section,
                    record: rec,
                    concern_without_outcome: item.concern_without_outcome,
                    outcome_without_action: item.outcome_without_action,
                    owner_cell: item.statement.owner.as_deref().is_some_and(|o| !plan::is_na(o)),
                    due_date_cell: item.statement.due.as_deref().and_then(date_of).is_some(),
                },
            );
        }
    }
    Ok(())
}
