//! Bulk audit: reads an export row by row, analyses statements in parallel
//! chunks (order kept, repeated statements analysed once), and writes one
//! record per statement cell plus plan records and a summary.

pub mod cleanup;
pub mod columns;
mod engine;
pub mod input;
pub(crate) mod json;
pub mod ordered;
pub mod output;
pub mod plan;
pub mod plan_facts;

pub use engine::{Engine, Item, JsonLine, Statement};

use crate::pipeline::Analyser;
use crate::record::{Kind, Record};
use crate::stage::Reference;
use crate::summary::Summariser;
use columns::{Columns, Section};
use input::{RawRow, RowSource};

/// Rows per chunk, at most; a chunk also ends once its cells hold
/// `CHUNK_BYTES`, so exports of long statements keep the same memory.
/// Small on purpose: a chunk's records, JSON lines and row buffers (about
/// 6 KB a row) are freed and allocated again for the next chunk, and at 256
/// rows that memory stays in the core's cache; at 2,048 it did not, and one
/// thread took 16% more CPU time on a distinct export (issue 17).
pub const CHUNK: usize = 256;
/// Bytes of cell text per chunk, at most (see [`CHUNK`]).
pub const CHUNK_BYTES: usize = 1 << 16;

/// How a bulk audit reads and analyses rows; the same for every row.
#[derive(Debug, Clone)]
pub struct Options {
    /// Longest statement analysed, in characters (`--max-chars`); a longer
    /// cell gets an error record instead.
    pub max_chars: usize,
    /// The reference date for rows with no plan date: `--as-of`, or today.
    pub reference: Reference,
    /// `--strict`: stop at the first malformed line (an error or warning from
    /// the reader) instead of recording it and going on.
    pub strict: bool,
    /// Serialise each record to JSON on the worker threads (for JSON Lines output).
    pub json: bool,
    /// Read what the plan checks need from each statement beside its
    /// analysis (`plan_facts`), on the worker threads and once per distinct
    /// statement. Without it the plan checks see no strengths, scaling,
    /// network, named parties or child's-view wording.
    pub plan_facts: bool,
}

/// A row and its items, after analysis.
pub struct Done {
    /// The row as read, its cells in header order.
    pub row: RawRow,
    /// Each statement cell and its record. An analysed record is shared by
    /// every row that repeats the statement, so it carries no id: the row's
    /// id is `Item::id` (the JSON lines have it in place).
    pub items: Vec<(Item, Record)>,
    /// Each item's record as one JSON line, when `Options::json` asked for it.
    pub json: Vec<JsonLine>,
    /// Each item's plan facts, when `Options::plan_facts` asked for them.
    pub facts: Vec<Option<std::sync::Arc<plan_facts::Facts>>>,
    /// The plan date read from the row's date column, when it has one.
    pub plan_date: Option<chrono::NaiveDate>,
}

impl Done {
    /// Writes the row's records as JSON Lines, each with the row's id.
    pub fn write_jsonl(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        if self.json.len() == self.items.len() {
            for ((item, _), line) in self.items.iter().zip(&self.json) {
                line.write(&item.id, out)?;
            }
            return Ok(());
        }
        // Records in a batch carry no id (see `Done::items`): put the row's back.
        for (item, rec) in &self.items {
            match rec {
                Record::Analysed(a) => {
                    let mut a = crate::record::Analysis::clone(a);
                    a.id = Some(item.id.clone());
                    serde_json::to_writer(&mut *out, &a)?;
                }
                Record::Unanalysed(u) => serde_json::to_writer(&mut *out, u)?,
            }
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// Counts for the closing line on stderr.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    /// Input rows read.
    pub rows: usize,
    /// Records written (one per statement cell of each row).
    pub records: usize,
    /// Records that hold an analysis.
    pub analysed: usize,
    /// Records for cells left out on purpose (blank, "N/A").
    pub skipped: usize,
    /// Records for cells that could not be read or analysed.
    pub errors: usize,
    /// Rows the reader warned about (more or fewer cells than the header).
    pub warnings: usize,
}

fn cell(row: &RawRow, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| row.cells.get(i)).map(|s| s.as_str())
}

/// Splits a row into its statement items, added to `out` (the chunk's, so a
/// row makes no list of its own); returns the row's plan date. `undecodable`
/// says why a cell that is not text in the input's encoding was not read,
/// and what to do.
pub fn items_of(
    row: &RawRow,
    n: usize,
    cols: &Columns,
    opt: &Options,
    undecodable: &str,
    out: &mut Vec<Item>,
) -> Option<chrono::NaiveDate> {
    let plan_date = cell(row, cols.date).and_then(crate::dates::read_date);
    let mut base_id = cell(row, cols.id)
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| format!("row-{n}"));
    let row_section = cell(row, cols.section).and_then(|c| cols.section_of(c));
    let multi = cols.text.len() > 1;
    let blank = |i: usize| {
        row.cells
            .get(i)
            .is_none_or(|c| c.trim().is_empty() || plan::is_na(c))
    };
    let find_sec = |k: Kind| {
        cols.text
            .iter()
            .find(|(_, s)| *s == Some(Section::Kind(k)))
            .map(|(i, _)| *i)
    };
    for (ci, sec) in &cols.text {
        let text = row.cells.get(*ci).cloned().unwrap_or_default();
        let section = row_section.or(*sec);
        let id = if multi {
            format!("{base_id}:{}", sec.map(|k| k.name()).unwrap_or("statement"))
        } else {
            // The one statement column: the row's id is moved, not copied (issue 17).
            std::mem::take(&mut base_id)
        };
        let not = if let Some(e) = &row.error {
            Some(Err(e.clone()))
        } else if row.undecodable.contains(ci) {
            Some(Err(format!("line {}: {undecodable}", row.line)))
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
        // Only the side-by-side layout (several statement columns) asks.
        let this_blank = multi && blank(*ci);
        out.push(Item {
            id,
            statement: Statement {
                text,
                section: section.and_then(columns::Section::kind),
                owner: cell(row, cols.owner)
                    .filter(|s| !s.trim().is_empty())
                    .map(str::to_string),
                due: cell(row, cols.due)
                    .filter(|s| !s.trim().is_empty())
                    .map(str::to_string),
            },
            reference: plan_date.map_or(opt.reference, Reference::plan_date),
            section,
            not,
            concern_without_outcome: multi
                && *sec == Some(Section::Kind(Kind::Concern))
                && !this_blank
                && find_sec(Kind::Outcome).is_some_and(blank),
            outcome_without_action: multi
                && *sec == Some(Section::Kind(Kind::Outcome))
                && !this_blank
                && find_sec(Kind::Action).is_some_and(blank),
        });
    }
    plan_date
}

/// Why [`process`] stopped before the end.
#[derive(Debug)]
pub enum Stopped {
    /// The input: unreadable from here on, or a malformed line under
    /// `--strict`. The message does not name the file; the caller does.
    Input(String),
    /// An output could not be written (the sink's error).
    Output(std::io::Error),
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stopped::Input(why) => write!(f, "the input: {why}"),
            Stopped::Output(e) => write!(f, "{e}"),
        }
    }
}

/// An analysed chunk as the sink receives it, rows in input order.
pub struct Batch {
    /// The chunk's rows, each with its records.
    pub rows: Vec<Done>,
    /// The rows' records as JSON Lines (when `Options::json`), rendered in
    /// the chunk's task, so the sink only has to write them.
    pub jsonl: Option<Vec<u8>>,
    /// Input bytes read so far, for the progress bar.
    pub bytes_read: u64,
    /// The pool thread that analysed the chunk, and frees it.
    made_by: usize,
}

/// Reads all rows in chunks and hands each analysed chunk to `sink` in input
/// order. Returns how many statements were analysed (the other records came
/// from the caches of repeated statements).
///
/// A chunk is one job ([`ordered::in_order`]): read and split here, then
/// analysed and rendered as JSON whole on whichever pool thread takes it,
/// while this thread reads the chunks after it and sinks (output, summary,
/// plans) the ones before it, in order. No thread of its own is started, so
/// `--threads N` does the whole job on N threads.
///
/// Each pool thread keeps its own cache of repeated statements, used by no
/// other thread. What the caches hold depends on which thread took which
/// chunk, but a record does not: the analyser is a pure function of the
/// statement, so output is the same whatever the thread count or timing.
pub fn process(
    mut src: Box<dyn RowSource>,
    cols: &Columns,
    opt: &Options,
    analyser: &Analyser,
    mut sink: impl FnMut(&Batch) -> std::io::Result<()>,
) -> Result<usize, Stopped> {
    use std::sync::Mutex;
    let mut rows_read = 0usize;
    let reader = opt
        .plan_facts
        .then(|| plan_facts::Reader::new(analyser.lexicons()));
    let threads = rayon::current_num_threads();
    let workers: Vec<Worker> = (0..threads)
        .map(|_| Worker {
            engine: Mutex::new(Engine::reading_facts(analyser, reader.as_ref())),
            sunk: Mutex::new(Vec::new()),
        })
        .collect();
    // Rows already sunk, whose buffers the reader fills again: reading then
    // allocates nothing per row once the first chunks have passed.
    let spare = std::cell::RefCell::new(Vec::<RawRow>::new());
    let (mut failed, mut at_end) = (None, false);
    let in_flight = ordered::in_flight();
    ordered::in_order(
        in_flight,
        || {
            if at_end {
                return None;
            }
            match read_chunk(src.as_mut(), &mut rows_read, cols, opt, &mut spare.borrow_mut()) {
                Read::Chunk(c) => Some(c),
                Read::Last(c, why) => {
                    (at_end, failed) = (true, why);
                    c
                }
            }
        },
        |chunk| analyse_chunk(chunk, &workers, analyser, reader.as_ref(), opt.json),
        |batch| {
            sink(&batch)?;
            recycle(batch, &workers, in_flight, &mut spare.borrow_mut());
            Ok(())
        },
    )
    .map_err(Stopped::Output)?;
    if let Some(why) = failed {
        return Err(Stopped::Input(why));
    }
    Ok(workers
        .into_iter()
        .map(|w| w.engine.into_inner().map_or(0, |e| e.analyses))
        .sum())
}

/// What each pool thread keeps for the chunks it analyses.
struct Worker<'a> {
    /// Its cache of repeated statements.
    engine: std::sync::Mutex<Engine<'a>>,
    /// Chunks it analysed that have been sunk, for it to free: memory freed
    /// on the thread that allocated it is simply reused, while memory freed
    /// on another thread goes back through the allocator's cross-thread
    /// path. Freed on the sinking thread, chunks made two threads take 14%
    /// more CPU time than one, two thirds of it in the allocator (issue 17).
    sunk: std::sync::Mutex<Vec<Batch>>,
}

/// Analyses one chunk with the calling thread's engine (its cache of
/// repeated statements) and renders it, as one task. First frees the chunks
/// this thread made that have been sunk since its last task.
fn analyse_chunk(
    chunk: Chunk,
    workers: &[Worker],
    analyser: &Analyser,
    reader: Option<&plan_facts::Reader>,
    json: bool,
) -> Batch {
    let at = rayon::current_thread_index().unwrap_or(usize::MAX);
    let worker = workers.get(at);
    if let Some(w) = worker {
        // Taken out first, so the sink is not kept waiting on the lock
        // while they are freed.
        let sunk = std::mem::take(&mut *w.sunk.lock().unwrap_or_else(|e| e.into_inner()));
        drop(sunk);
    }
    let ran = match worker.and_then(|w| w.engine.try_lock().ok()) {
        Some(mut engine) => engine.run(&chunk.items, json),
        // Only a thread outside the pool, or a task nested in another on the
        // same thread, finds no engine of its own free: a fresh one gives
        // the same records, just without the cache.
        None => Engine::reading_facts(analyser, reader).run(&chunk.items, json),
    };
    chunk.assemble(ran, at)
}

/// A chunk from [`read_chunk`]: a full one, or the last (possibly empty, and
/// with why reading stopped early, if it did).
enum Read {
    Chunk(Chunk),
    Last(Option<Chunk>, Option<String>),
}

/// A row whose cells hold more than this is not kept for reuse, so one long
/// statement does not pin its buffer for the rest of the run.
const SPARE_ROW_BYTES: usize = 16 * 1024;

/// After a chunk is sunk: keeps its rows for the reader to fill again (the
/// reader allocated them), and hands the rest to the thread that made it, to
/// be freed there (see [`Worker::sunk`]), unless that thread already holds
/// `in_flight` of them.
fn recycle(mut batch: Batch, workers: &[Worker], in_flight: usize, spare: &mut Vec<RawRow>) {
    for d in &mut batch.rows {
        if d.row.cells.iter().map(String::capacity).sum::<usize>() <= SPARE_ROW_BYTES {
            spare.push(std::mem::take(&mut d.row));
        }
    }
    if let Some(w) = workers.get(batch.made_by) {
        let mut sunk = w.sunk.lock().unwrap_or_else(|e| e.into_inner());
        // A thread that has stopped taking chunks does not hold on to memory.
        if sunk.len() < in_flight {
            sunk.push(batch);
        }
    }
}

/// Reads up to [`CHUNK`] rows or [`CHUNK_BYTES`] of cells (into `spare` rows
/// where there are some) and splits them into items.
fn read_chunk(
    src: &mut dyn RowSource,
    rows_read: &mut usize,
    cols: &Columns,
    opt: &Options,
    spare: &mut Vec<RawRow>,
) -> Read {
    // At its full size at once: grown by doubling, the items were copied
    // about twice over.
    let mut chunk = Chunk {
        rows: Vec::with_capacity(CHUNK),
        items: Vec::with_capacity(CHUNK * cols.text.len().max(1)),
        shape: Vec::with_capacity(CHUNK),
        bytes: 0,
    };
    let mut failed = None;
    let mut at_end = false;
    let mut cell_bytes = 0;
    while chunk.rows.len() < CHUNK && cell_bytes < CHUNK_BYTES {
        let mut r = spare.pop().unwrap_or_default();
        match src.next_row_into(&mut r).map(|more| more.then_some(r)) {
            Ok(Some(r)) => {
                if opt.strict {
                    if let Some(p) = r.error.as_ref().or(r.warning.as_ref()) {
                        failed = Some(format!("{p} (--strict stops at the first malformed line)"));
                        break;
                    }
                }
                *rows_read += 1;
                cell_bytes += r.cells.iter().map(String::len).sum::<usize>();
                let before = chunk.items.len();
                let date = items_of(&r, *rows_read, cols, opt, src.undecodable(), &mut chunk.items);
                chunk.shape.push((chunk.items.len() - before, date));
                chunk.rows.push(r);
            }
            Ok(None) => {
                at_end = true;
                break;
            }
            Err(e) => {
                failed = Some(format!("cannot read it: {e}"));
                break;
            }
        }
    }
    chunk.bytes = src.bytes_read();
    match (at_end, failed) {
        (false, None) => Read::Chunk(chunk),
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
    /// The chunk's rows with their records, made on pool thread `made_by`.
    fn assemble(self, ran: engine::Ran, made_by: usize) -> Batch {
        let engine::Ran { records, json, facts } = ran;
        let rendered = !json.is_empty();
        let mut json = json.into_iter();
        let mut facts = facts.into_iter();
        let mut it = self.items.into_iter().zip(records);
        let rows: Vec<Done> = self
            .rows
            .into_iter()
            .zip(self.shape)
            .map(|(row, (k, plan_date))| Done {
                row,
                items: it.by_ref().take(k).collect(),
                json: json.by_ref().take(k).collect(),
                facts: facts.by_ref().take(k).collect(),
                plan_date,
            })
            .collect();
        let jsonl = rendered.then(|| {
            let mut out = Vec::with_capacity(rows.len() * 1600);
            for d in &rows {
                d.write_jsonl(&mut out).expect("writing to memory cannot fail");
            }
            out
        });
        Batch {
            rows,
            jsonl,
            bytes_read: self.bytes,
            made_by,
        }
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
        plans.add_row(&plan::Row {
            plan: p,
            row_id: done.items.first().map_or("", |i| i.0.id.as_str()),
            plan_date: done.plan_date,
            review: cell(&done.row, cols.review),
            agreed: cell(&done.row, cols.agreed),
            child_view: cell(&done.row, cols.child_view),
            child: cell(&done.row, cols.child),
            child_name: cell(&done.row, cols.child_name),
            child_protection: plans.checks()
                && cell(&done.row, cols.plan_type).is_some_and(|t| cols.words.is_cp(t)),
            scaling: cell(&done.row, cols.scaling),
            group: &groups,
        })?;
    }
    for (n, (item, rec)) in done.items.iter().enumerate() {
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
                    id: &item.id,
                    section: item.section,
                    record: rec,
                    facts: done.facts.get(n).and_then(|f| f.as_deref()),
                    concern_without_outcome: item.concern_without_outcome,
                    outcome_without_action: item.outcome_without_action,
                    owner_cell: item.statement.owner.as_deref().is_some_and(|o| !plan::is_na(o)),
                    due_date_cell: item
                        .statement
                        .due
                        .as_deref()
                        .and_then(crate::dates::read_date)
                        .is_some(),
                },
            );
        }
    }
    Ok(())
}
