//! Any bytes as an audit export file (CSV/TSV, any encoding): the reader and
//! the audit pipeline must not panic, every data row the reader reports must
//! come out as exactly one record per statement column, in order, every
//! record that is not analysed must say why, and the CSV output must read
//! back to the same cells.
//!
//! The bytes are read through `DelimitedReader` exactly as `smartplan audit`
//! reads a file (delimiter and encoding sniffed, the CLI's record limit), but
//! served in small reads so the buffer refill paths run on small inputs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smartplan::batch::input::RowSource;
use smartplan::batch::{self, columns, input, output, plan, Options};
use smartplan::record::Record;
use smartplan::summary::Summariser;
use smartplan::Analyser;
use std::io::Read;
use std::sync::OnceLock;

static ANALYSER: OnceLock<Analyser> = OnceLock::new();

/// The audit CLI's limit for `--max-chars 10000`.
const MAX_RECORD_BYTES: usize = 1 << 20;

/// Serves a byte slice at most `step` bytes per `read`.
struct Trickle {
    data: Vec<u8>,
    pos: usize,
    step: usize,
}

impl Read for Trickle {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = (self.data.len() - self.pos).min(self.step).min(out.len());
        out[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

fn reader(data: &[u8], max: usize) -> Option<input::DelimitedReader<Trickle>> {
    let step = 1 + data.len() % 7;
    let t = Trickle { data: data.to_vec(), pos: 0, step };
    input::DelimitedReader::new(t, None, None, max).ok()
}

fuzz_target!(|data: &[u8]| {
    // 1. The reader alone, with a tiny record limit too (the limit's recovery path).
    for max in [MAX_RECORD_BYTES, 16] {
        let Some(mut r) = reader(data, max) else { continue };
        let mut last = 0;
        while let Some(row) = r.next_row().expect("in-memory read cannot fail") {
            assert!(row.line > last, "row line {} after {last}", row.line);
            last = row.line;
            if row.error.is_none() {
                assert_eq!(row.cells.len(), r.headers().len(), "row not padded to the header");
            }
        }
    }

    // 2. The rows the reader reports, counted on their own.
    let Some(mut counter) = reader(data, MAX_RECORD_BYTES) else { return };
    let mut lines = Vec::new();
    while let Some(row) = counter.next_row().unwrap() {
        lines.push(row.line);
    }
    let headers = counter.headers().to_vec();
    if headers.is_empty() {
        return; // the CLI stops here: "the file is empty"
    }

    // 3. The audit pipeline. Headers with no statement column would stop the
    //    CLI; read the first column as the statement then, so the rest still runs.
    let cols = columns::Columns::map(&headers, &columns::Given::default()).unwrap_or_else(|_| {
        columns::Columns {
            text: vec![(0, None)],
            ..Default::default()
        }
    });
    let opt = Options {
        max_chars: 10_000,
        reference: smartplan::Reference::given(chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()),
        strict: false,
        json: true,
        plan_facts: true,
    };
    let src = reader(data, MAX_RECORD_BYTES).unwrap();
    let analyser = ANALYSER.get_or_init(Analyser::builtin);
    let mut done_rows = 0usize;
    let mut records = 0usize;
    let mut csv = Vec::new();
    let mut jsonl = Vec::new();
    let mut summary = Summariser::new();
    let mut plans = plan::Plans::default();
    let mut counts = batch::Counts::default();
    output::csv_header(&mut csv, &headers).unwrap();
    let mut expected_cells: Vec<Vec<String>> = Vec::new();
    batch::process(Box::new(src), &cols, &opt, analyser, |batch| {
        // The JSON rendered on the pool is the rows' own lines, in order.
        let mut whole = Vec::new();
        output::jsonl_batch(&mut whole, batch)?;
        let before = jsonl.len();
        for d in &batch.rows {
            d.write_jsonl(&mut jsonl)?;
        }
        assert_eq!(whole, jsonl[before..], "rendered JSON Lines differ from the rows'");
        jsonl.truncate(before);
        for d in &batch.rows {
            assert_eq!(d.row.line, lines[done_rows], "row {done_rows} out of order");
            done_rows += 1;
            assert_eq!(d.items.len(), cols.text.len(), "one record per statement column");
            if cols.id.is_none() {
                for (item, _) in &d.items {
                    assert!(item.id.starts_with(&format!("row-{done_rows}")), "id {} for row {done_rows}", item.id);
                }
            }
            for (_, rec) in &d.items {
                records += 1;
                if let Record::Unanalysed(u) = rec {
                    let why = u.error.as_deref().or(u.skipped.as_deref()).unwrap_or("");
                    assert!(!why.trim().is_empty(), "record without a reason: {u:?}");
                    if d.row.error.is_some() {
                        assert!(u.error.is_some(), "a broken row must give an error record");
                    }
                } else {
                    assert!(d.row.error.is_none(), "a broken row was analysed");
                }
                let cells = (0..headers.len())
                    .map(|i| output::neutralise(d.row.cells.get(i).map(|s| s.as_str()).unwrap_or("")).into_owned())
                    .collect();
                expected_cells.push(cells);
            }
            output::csv_rows(&mut csv, &d, headers.len())?;
            d.write_jsonl(&mut jsonl)?;
            batch::account(&d, &cols, &headers, &mut summary, &mut plans, &mut counts)?;
        }
        Ok(())
    })
    .expect("the pipeline reads from memory and cannot fail");
    assert_eq!(done_rows, lines.len(), "rows read vs rows out");
    assert_eq!(records, lines.len() * cols.text.len());
    assert_eq!(counts.records, records);
    assert_eq!(counts.analysed + counts.skipped + counts.errors, records);
    assert_eq!(jsonl.iter().filter(|&&b| b == b'\n').count(), records);
    for plan in plans.finish() {
        plan.expect("plan records are made from memory and the temporary folder");
    }
    let _ = summary.finish(None, Vec::new(), None, String::new());

    // 4. The CSV output reads back: one row per record, input cells as written (neutralised).
    let mut back = input::DelimitedReader::new(&csv[..], Some(b','), Some(input::Encoding::Utf8), usize::MAX)
        .expect("output header reads back");
    assert_eq!(back.headers().len(), headers.len() + output::EXTRA.len());
    let mut n = 0;
    while let Some(row) = back.next_row().unwrap() {
        assert!(row.error.is_none() && row.warning.is_none(), "output row {n}: {row:?}");
        assert!(row.undecodable.is_empty());
        assert_eq!(row.cells[..headers.len()], expected_cells[n][..], "output row {n} cells");
        n += 1;
    }
    assert_eq!(n, records, "CSV output rows vs records");
});
