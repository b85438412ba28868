//! Writers for audit results: JSON Lines (the contract record), CSV and xlsx
//! (input columns + kind, score, criteria, findings, rewrite). Files are
//! written under a temporary name beside the target and renamed when complete.

use super::{Batch, Done};
use crate::record::{Criterion, Record};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file written to `<name>.partial` and renamed on `commit`.
pub struct Atomic {
    tmp: PathBuf,
    target: PathBuf,
    pub w: BufWriter<File>,
}

/// The folder an output file goes in ("." for a bare name), made if missing:
/// a user may name a new folder ("out/audit.jsonl"), and temporary files
/// (xlsx rows, spilled plan checks) go beside the output, nowhere else.
pub fn folder_of(target: &Path) -> io::Result<PathBuf> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot make folder {}: {e}", dir.display())))?;
    Ok(dir)
}

impl Atomic {
    pub fn create(target: &Path) -> io::Result<Atomic> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = target.with_file_name(format!(".{name}.partial"));
        folder_of(target)?;
        let f = File::create(&tmp)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", target.display())))?;
        Ok(Atomic {
            tmp,
            target: target.to_path_buf(),
            w: BufWriter::with_capacity(1 << 16, f),
        })
    }
    pub fn commit(mut self) -> io::Result<()> {
        self.w.flush()?;
        std::fs::rename(&self.tmp, &self.target)
    }
}

/// A cell a spreadsheet would run as a formula gets a leading `'`.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

pub const EXTRA: [&str; 10] = [
    "kind",
    "score",
    "specific",
    "measurable",
    "agreed",
    "realistic",
    "timely",
    "findings",
    "rewrite",
    "status",
];

/// The added cells for one record.
pub fn extra_cells(rec: &Record) -> Vec<String> {
    match rec {
        Record::Analysed(a) => {
            let mut v = vec![a.kind.name().to_string(), a.score.to_string()];
            for c in Criterion::ALL {
                v.push(a.smart.get(c).score.to_string());
            }
            v.push(
                a.findings
                    .iter()
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            );
            v.push(a.rewrite.as_ref().map(|r| r.text.clone()).unwrap_or_default());
            v.push("analysed".into());
            v
        }
        Record::Unanalysed(u) => {
            let mut v = vec![String::new(); 9];
            v.push(match (&u.error, &u.skipped) {
                (Some(e), _) => format!("error: {e}"),
                (_, Some(s)) => format!("skipped: {s}"),
                _ => String::new(),
            });
            v
        }
    }
}

fn csv_field(buf: &mut String, s: &str) {
    let s = neutralise(s);
    if s.contains([',', '"', '\n', '\r']) {
        buf.push('"');
        buf.push_str(&s.replace('"', "\"\""));
        buf.push('"');
    } else {
        buf.push_str(&s);
    }
}

pub fn csv_header(out: &mut dyn Write, headers: &[String]) -> io::Result<()> {
    let mut line = String::new();
    for (i, h) in headers.iter().map(|s| s.as_str()).chain(EXTRA).enumerate() {
        if i > 0 {
            line.push(',');
        }
        csv_field(&mut line, h);
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

pub fn csv_rows(out: &mut dyn Write, d: &Done, width: usize) -> io::Result<()> {
    let mut line = String::new();
    for (_, rec) in &d.items {
        line.clear();
        for i in 0..width {
            if i > 0 {
                line.push(',');
            }
            csv_field(&mut line, d.row.cells.get(i).map(|s| s.as_str()).unwrap_or(""));
        }
        for c in extra_cells(rec) {
            line.push(',');
            csv_field(&mut line, &c);
        }
        line.push_str("\r\n");
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Writes a batch's JSON Lines: the pieces rendered on the pool when there
/// are some, else row by row.
pub fn jsonl_batch(out: &mut dyn Write, batch: &Batch) -> io::Result<()> {
    if batch.jsonl.is_empty() {
        return batch.rows.iter().try_for_each(|d| d.write_jsonl(out));
    }
    batch.jsonl.iter().try_for_each(|piece| out.write_all(piece))
}

/// The xlsx report: a frozen header, autofilter, a colour scale on scores and a summary sheet.
pub struct XlsxOut {
    book: rust_xlsxwriter::Workbook,
    row: u32,
    width: u16,
    target: PathBuf,
}

fn xe(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

impl XlsxOut {
    pub fn new(target: &Path, headers: &[String]) -> io::Result<XlsxOut> {
        let mut book = rust_xlsxwriter::Workbook::new();
        // Rows go to a temporary file beside the output as they are written, so
        // memory stays flat; nothing is written anywhere else.
        book.set_tempdir(folder_of(target)?).map_err(xe)?;
        book.set_zip_compression_level(3);
        let ws = book.add_worksheet_with_constant_memory().map_err(xe)?;
        ws.set_name("Statements").map_err(xe)?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (i, h) in headers.iter().map(|s| s.as_str()).chain(EXTRA).enumerate() {
            ws.write_string_with_format(0, i as u16, neutralise(h), &bold)
                .map_err(xe)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xe)?;
        Ok(XlsxOut {
            book,
            row: 1,
            width: (headers.len() + EXTRA.len()) as u16,
            target: target.to_path_buf(),
        })
    }
    pub fn write(&mut self, d: &Done, width: usize) -> io::Result<()> {
        let ws = self.book.worksheet_from_index(0).map_err(xe)?;
        for (_, rec) in &d.items {
            if self.row >= 1_048_575 {
                return Err(io::Error::other(
                    "more rows than an Excel sheet holds (1,048,576); write --csv or --jsonl instead",
                ));
            }
            for i in 0..width {
                let s = d.row.cells.get(i).map(|s| s.as_str()).unwrap_or("");
                ws.write_string(self.row, i as u16, neutralise(s)).map_err(xe)?;
            }
            for (j, c) in extra_cells(rec).into_iter().enumerate() {
                let col = (width + j) as u16;
                match (j, rec) {
                    (1..=6, Record::Analysed(_)) => {
                        ws.write_number(self.row, col, c.parse::<f64>().unwrap_or(0.0))
                    }
                    _ => ws.write_string(self.row, col, neutralise(&c)),
                }
                .map_err(xe)?;
            }
            self.row += 1;
        }
        Ok(())
    }
    pub fn finish(mut self, summary: &crate::summary::Summary, input_width: usize) -> io::Result<()> {
        let last = self.row.saturating_sub(1).max(1);
        {
            let ws = self.book.worksheet_from_index(0).map_err(xe)?;
            ws.autofilter(0, 0, last, self.width - 1).map_err(xe)?;
            let score_col = (input_width + 1) as u16;
            let scale = rust_xlsxwriter::ConditionalFormat3ColorScale::new();
            ws.add_conditional_format(1, score_col, last, score_col, &scale)
                .map_err(xe)?;
        }
        let ws = self.book.add_worksheet();
        ws.set_name("Summary").map_err(xe)?;
        let o = &summary.overall;
        let mut r = 0u32;
        let mut put = |ws: &mut rust_xlsxwriter::Worksheet, k: &str, v: f64| -> io::Result<()> {
            ws.write_string(r, 0, k).map_err(xe)?;
            ws.write_number(r, 1, v).map_err(xe)?;
            r += 1;
            Ok(())
        };
        put(ws, "rows", o.rows as f64)?;
        put(ws, "analysed", o.analysed as f64)?;
        put(ws, "skipped", o.skipped as f64)?;
        put(ws, "errors", o.errors as f64)?;
        put(ws, "mean score", (o.mean_score * 10.0).round() / 10.0)?;
        for (name, c) in &o.criteria {
            put(ws, &format!("{name}: met"), c.met as f64)?;
            put(ws, &format!("{name}: partly"), c.partly as f64)?;
            put(ws, &format!("{name}: missing"), c.missing as f64)?;
        }
        for (rule, f) in &o.findings {
            put(ws, &format!("finding {rule}"), f.count as f64)?;
        }
        if let Some(p) = &summary.plan_checks {
            plan_checks_sheet(self.book.add_worksheet(), p)?;
        }
        // Zipped straight into the file: a finished workbook held in memory
        // was 150 MB at 1,000,000 rows.
        let mut a = Atomic::create(&self.target)?;
        self.book.save_to_writer(&mut a.w).map_err(xe)?;
        a.commit()
    }
}

/// The "Plan checks" sheet: % of plans passing each check, overall and for
/// each value of each group column (team, worker, plan type), one column each.
fn plan_checks_sheet(ws: &mut rust_xlsxwriter::Worksheet, p: &crate::summary::PlanChecks) -> io::Result<()> {
    ws.set_name("Plan checks").map_err(xe)?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let share = rust_xlsxwriter::Format::new().set_num_format("0.0%");
    let ids = p.ordered_ids();
    let mut columns: Vec<(
        String,
        &std::collections::BTreeMap<String, crate::summary::PlanCheckCount>,
    )> = vec![("all plans".into(), &p.overall)];
    for (col, values) in &p.groups {
        columns.extend(values.iter().map(|(v, m)| (format!("{col}: {v}"), m)));
    }
    ws.write_string_with_format(0, 0, "check", &bold).map_err(xe)?;
    ws.write_string_with_format(1, 0, "plans", &bold).map_err(xe)?;
    // A sheet holds 16,384 columns.
    for (j, (name, m)) in columns.iter().take(16_000).enumerate() {
        let col = (j + 1) as u16;
        ws.write_string_with_format(0, col, neutralise(name), &bold)
            .map_err(xe)?;
        let plans = m.values().map(|c| c.plans).max().unwrap_or(0);
        ws.write_number(1, col, plans as f64).map_err(xe)?;
        for (i, id) in ids.iter().enumerate() {
            if let Some(c) = m.get(*id).filter(|c| c.plans > 0) {
                ws.write_number_with_format(i as u32 + 2, col, c.share, &share)
                    .map_err(xe)?;
            }
        }
    }
    for (i, id) in ids.iter().enumerate() {
        ws.write_string(i as u32 + 2, 0, crate::rules::label_of(id))
            .map_err(xe)?;
    }
    ws.set_freeze_panes(1, 1).map_err(xe)?;
    Ok(())
}
