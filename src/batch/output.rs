//! Writers for audit results: JSON Lines (the contract record), CSV and xlsx
//! (input columns + kind, score, criteria, findings, rewrite). A file is
//! written under a temporary name beside the file it replaces and renamed
//! when complete; a device or pipe is written straight through.

use super::cleanup;
use super::{Batch, Done};
use crate::record::{Criterion, Record};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// An output being written: a regular file goes to `.<name>.partial` beside
/// the file it replaces (through a symbolic link, the file the link points
/// at, so the link stays a link) and is renamed on `commit`; a character
/// device or FIFO (`/dev/null`, a named pipe) is written straight through,
/// so the node itself is never replaced. Dropped without `commit`, the
/// temporary file is removed.
pub struct Atomic {
    /// The temporary file and the file it becomes; None when written straight through.
    rename: Option<(PathBuf, PathBuf)>,
    /// The writer; write through it, then [`Atomic::commit`].
    pub w: BufWriter<Named>,
    committed: bool,
}

/// A file whose write errors say which output they are about ("cannot
/// write out/audit.jsonl: the disk is full"), as the user named it.
pub struct Named {
    file: File,
    shown: PathBuf,
}

impl Write for Named {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf).map_err(|e| write_error(&self.shown, e))
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush().map_err(|e| write_error(&self.shown, e))
    }
}

/// An error writing the output `path`, naming it and, where there is one,
/// what to do.
pub fn write_error(path: &Path, e: io::Error) -> io::Error {
    let hint = match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            "; free some space or write the output somewhere else"
        }
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            "; you cannot write there: choose another folder"
        }
        _ => "",
    };
    io::Error::new(e.kind(), format!("cannot write {}: {e}{hint}", path.display()))
}

/// The file that writing `path` reaches: symbolic links followed to the end
/// (the last one may point at a file that does not exist yet).
pub fn landing(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other(format!(
        "{} is a chain of more than 40 symbolic links",
        path.display()
    )))
}

/// Whether a node is a character device (/dev/null) and whether a FIFO.
fn special_kind(m: &fs::Metadata) -> (bool, bool) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        (m.file_type().is_char_device(), m.file_type().is_fifo())
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        (false, false)
    }
}

/// A character device or FIFO: written straight through, never replaced.
fn is_stream(m: &fs::Metadata) -> bool {
    let (device, fifo) = special_kind(m);
    device || fifo
}

fn is_char_device(m: &fs::Metadata) -> bool {
    special_kind(m).0
}

/// Why `path` (an existing node, not a regular file, device or FIFO)
/// cannot take an output, if it cannot.
fn unwritable(path: &Path, m: &fs::Metadata) -> Option<String> {
    let what = if m.is_dir() {
        "a folder"
    } else if m.is_file() || is_stream(m) {
        return None;
    } else {
        "a disk device or socket, not a file"
    };
    Some(format!(
        "{} is {what}: name a file for the output (such as {})",
        path.display(),
        path.join("audit.jsonl").display()
    ))
}

/// The folder an output's temporary files go in, made if missing: beside
/// the file the output lands in (a user may name a new folder,
/// "out/audit.jsonl"), or the system's temporary folder when the output is
/// a device or pipe. Temporary files (xlsx rows, spilled plan checks) go
/// nowhere else.
pub fn folder_of(target: &Path) -> io::Result<PathBuf> {
    if fs::metadata(target).is_ok_and(|m| is_stream(&m)) {
        return Ok(std::env::temp_dir());
    }
    let landing = landing(target)?;
    let dir = match landing.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot make folder {}: {e}", dir.display())))?;
    Ok(dir)
}

impl Atomic {
    /// Starts writing `target` (to a temporary file beside it, or straight to a
    /// device or pipe). Refuses a folder or disk device, with a message naming
    /// it; makes the folder if it is missing.
    pub fn create(target: &Path) -> io::Result<Atomic> {
        let fail = |e: io::Error| write_error(target, e);
        let existing = fs::metadata(target).ok();
        if let Some(why) = existing.as_ref().and_then(|m| unwritable(target, m)) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, why));
        }
        let writer = |file| {
            BufWriter::with_capacity(
                1 << 16,
                Named {
                    file,
                    shown: target.into(),
                },
            )
        };
        if existing.as_ref().is_some_and(is_stream) {
            let file = fs::OpenOptions::new().write(true).open(target).map_err(fail)?;
            return Ok(Atomic {
                rename: None,
                w: writer(file),
                committed: false,
            });
        }
        let dir = folder_of(target)?;
        let landing = landing(target).map_err(fail)?;
        let name = landing
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut list = cleanup::partials();
        let (tmp, file) = fresh_partial(&dir, &name).map_err(fail)?;
        list.push(tmp.clone());
        drop(list);
        // The replacement keeps the old file's permissions: an export a user
        // made private stays private.
        if let Some(m) = existing {
            let _ = fs::set_permissions(&tmp, m.permissions());
        }
        Ok(Atomic {
            rename: Some((tmp, landing)),
            w: writer(file),
            committed: false,
        })
    }

    /// Flushes and puts the file in place; until then the old file, if any, is
    /// untouched.
    pub fn commit(mut self) -> io::Result<()> {
        self.w.flush()?;
        self.committed = true;
        let Some((tmp, landing)) = &self.rename else {
            return Ok(());
        };
        let mut list = cleanup::partials();
        let renamed = fs::rename(tmp, landing);
        if renamed.is_err() {
            let _ = fs::remove_file(tmp);
        }
        cleanup::forget(&mut list, tmp);
        renamed.map_err(|e| write_error(&self.w.get_ref().shown, e))
    }
}

impl Drop for Atomic {
    fn drop(&mut self) {
        if let (false, Some((tmp, _))) = (self.committed, &self.rename) {
            let mut list = cleanup::partials();
            let _ = fs::remove_file(tmp);
            cleanup::forget(&mut list, tmp);
        }
    }
}

/// Creates `.<name>.partial` in `dir`, new: what an interrupted run left
/// under that name (a file, or a link that would lead the write elsewhere)
/// is removed first and never followed or read. Should that name still be
/// taken (a folder), the process id makes another.
fn fresh_partial(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let plain = dir.join(format!(".{name}.partial"));
    let _ = fs::remove_file(&plain);
    let new = |p: &Path| fs::OpenOptions::new().write(true).create_new(true).open(p);
    match new(&plain) {
        Ok(f) => Ok((plain, f)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let other = dir.join(format!(".{name}.{}.partial", std::process::id()));
            let _ = fs::remove_file(&other);
            new(&other).map(|f| (other, f))
        }
        Err(e) => Err(e),
    }
}

/// What makes two paths the same file: the device and inode of an existing
/// file (so another spelling or a hard link is caught), else the absolute
/// path it would be created at.
#[derive(PartialEq, Eq)]
enum FileId {
    Node(u64, u64),
    Path(PathBuf),
}

fn file_id(path: &Path, m: Option<&fs::Metadata>) -> FileId {
    #[cfg(unix)]
    if let Some(m) = m {
        use std::os::unix::fs::MetadataExt;
        return FileId::Node(m.dev(), m.ino());
    }
    let _ = m;
    let at = landing(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = match at.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let full = fs::canonicalize(&at)
        .or_else(|_| fs::canonicalize(dir).map(|d| d.join(at.file_name().unwrap_or_default())))
        .or_else(|_| std::path::absolute(&at))
        .unwrap_or(at);
    FileId::Path(full)
}

/// Checks the outputs before anything is read or written: none may be an
/// input (its device and inode, whatever the spelling or link), no two may
/// be the same file (a device such as /dev/null excepted), and none may be a
/// folder or a disk device. `outputs` pairs each path with the option that
/// named it, for the message.
pub fn check_outputs(inputs: &[&Path], outputs: &[(&str, &Path)]) -> Result<(), String> {
    let nothing = "nothing was read or written";
    let input_ids: Vec<(&Path, FileId)> = inputs
        .iter()
        .filter_map(|&p| Some((p, file_id(p, Some(&fs::metadata(p).ok()?)))))
        .collect();
    let mut seen: Vec<(&str, &Path, FileId)> = Vec::new();
    for &(option, path) in outputs {
        let meta = fs::metadata(path).ok();
        if let Some(why) = meta.as_ref().and_then(|m| unwritable(path, m)) {
            return Err(format!("{option} {why}; {nothing}"));
        }
        let id = file_id(path, meta.as_ref());
        if let Some((input, _)) = input_ids.iter().find(|(_, i)| meta.is_some() && *i == id) {
            return Err(format!(
                "{option} {} is the input file {}: writing there would destroy it. Choose another name for the output; {nothing}",
                path.display(),
                input.display()
            ));
        }
        // Two outputs thrown away in /dev/null harm nothing; two in one file
        // or pipe would be interleaved.
        let device = meta.as_ref().is_some_and(is_char_device);
        if let Some((first, first_path, _)) = seen.iter().find(|(_, _, s)| *s == id).filter(|_| !device) {
            return Err(format!(
                "{first} {} and {option} {} are the same file: give each output a file of its own; {nothing}",
                first_path.display(),
                path.display()
            ));
        }
        seen.push((option, path, id));
    }
    Ok(())
}

/// Whether a spreadsheet could take the cell for a formula: it starts with
/// `= + - @` (or their fullwidth forms `＝＋－＠`, which some spreadsheets
/// read alike), perhaps after spaces or line breaks, or with a tab or
/// carriage return.
pub fn formula_like(s: &str) -> bool {
    let starts_formula = |c: char| matches!(c, '=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠');
    match s.chars().next() {
        Some('\t' | '\r') => true,
        Some(c) if starts_formula(c) => true,
        Some(c) if c.is_whitespace() => s.trim_start().chars().next().is_some_and(starts_formula),
        _ => false,
    }
}

/// A CSV cell a spreadsheet could run as a formula gets a leading `'` (a
/// CSV file has no styles; the xlsx output marks such cells with the
/// quote-prefix style instead and keeps the text as it was).
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// The columns the audit adds after the input's own, in CSV and xlsx output.
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

/// Where the columns an audit adds ([`EXTRA`]) start, when `headers` end
/// with all of them in order: the file is an earlier audit's CSV or xlsx
/// output. Those columns are the earlier results, never the export's own
/// (its `agreed` score is not an agreement column).
pub fn own_columns(headers: &[String]) -> Option<usize> {
    let at = headers.len().checked_sub(EXTRA.len())?;
    headers[at..].iter().zip(EXTRA).all(|(h, e)| h == e).then_some(at)
}

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

/// Writes the CSV header: the input's headers, then [`EXTRA`].
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

/// Writes one CSV line per record of the row: the row's first `width` cells
/// (made safe from spreadsheet formulas), then the [`EXTRA`] columns.
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

/// Writes a batch's JSON Lines: as rendered in the chunk's task when they
/// were, else row by row.
pub fn jsonl_batch(out: &mut dyn Write, batch: &Batch) -> io::Result<()> {
    match &batch.jsonl {
        Some(lines) => out.write_all(lines),
        None => batch.rows.iter().try_for_each(|d| d.write_jsonl(out)),
    }
}

/// The xlsx report: a frozen header, autofilter, a colour scale on scores and a summary sheet.
pub(crate) struct XlsxOut {
    book: rust_xlsxwriter::Workbook,
    row: u32,
    width: u16,
    target: PathBuf,
    /// Excel's quote prefix: the cell shows and keeps its text exactly and
    /// is never read as a formula, even when edited.
    as_text: rust_xlsxwriter::Format,
}

/// Writes a text cell, marked as text when it looks like a formula.
fn text_cell(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    s: &str,
    as_text: &rust_xlsxwriter::Format,
) -> io::Result<()> {
    if formula_like(s) {
        ws.write_string_with_format(row, col, s, as_text)
    } else {
        ws.write_string(row, col, s)
    }
    .map(|_| ())
    .map_err(xe)
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
        let bold_text = bold.clone().set_quote_prefix();
        for (i, h) in headers.iter().map(|s| s.as_str()).chain(EXTRA).enumerate() {
            let format = if formula_like(h) { &bold_text } else { &bold };
            ws.write_string_with_format(0, i as u16, h, format).map_err(xe)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xe)?;
        Ok(XlsxOut {
            book,
            row: 1,
            width: (headers.len() + EXTRA.len()) as u16,
            target: target.to_path_buf(),
            as_text: rust_xlsxwriter::Format::new().set_quote_prefix(),
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
                text_cell(ws, self.row, i as u16, s, &self.as_text)?;
            }
            for (j, c) in extra_cells(rec).into_iter().enumerate() {
                let col = (width + j) as u16;
                match (j, rec) {
                    (1..=6, Record::Analysed(_)) => ws
                        .write_number(self.row, col, c.parse::<f64>().unwrap_or(0.0))
                        .map(|_| ())
                        .map_err(xe)?,
                    _ => text_cell(ws, self.row, col, &c, &self.as_text)?,
                }
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
