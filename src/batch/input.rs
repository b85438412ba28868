//! Readers for audit exports: CSV/TSV (own streaming parser, so a malformed
//! line is reported with its line number and reading goes on), JSON Lines and
//! Excel `.xlsx`. Each yields a header and then one [`RawRow`] per data row.

use std::io::{self, Read};

/// One data row as read, before column mapping.
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    /// Physical line (CSV/JSONL) or sheet row (xlsx) where the row starts, 1-based.
    pub line: u64,
    pub cells: Vec<String>,
    /// Cells that could not be decoded (index), read lossily.
    pub undecodable: Vec<usize>,
    /// A problem that makes the row unusable (unclosed quote, bad JSON).
    pub error: Option<String>,
    /// A problem that was repaired (short or long row).
    pub warning: Option<String>,
}

/// Text encoding of a delimited file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1252,
}

pub trait RowSource: Send {
    fn headers(&self) -> &[String];
    /// The next row, `None` at the end.
    fn next_row(&mut self) -> io::Result<Option<RawRow>>;
    /// Reads the next row into `row`, reusing its buffers where the reader
    /// can; false at the end (then `row` is unspecified).
    fn next_row_into(&mut self, row: &mut RawRow) -> io::Result<bool> {
        match self.next_row()? {
            Some(r) => {
                *row = r;
                Ok(true)
            }
            None => Ok(false),
        }
    }
    /// Bytes consumed so far (for progress), when known.
    fn bytes_read(&self) -> u64 {
        0
    }
}

/// Streaming RFC 4180 reader over bytes. Quotes and delimiters are ASCII, so
/// it splits UTF-8 and Windows-1252 alike; cells are decoded afterwards.
pub struct DelimitedReader<R: Read> {
    src: R,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    eof: bool,
    consumed: u64,
    line: u64,
    delim: u8,
    encoding: Encoding,
    max_record_bytes: usize,
    headers: Vec<String>,
    width: usize,
    scratch: Scratch,
}

/// Buffers for one record, kept between records so reading a row does not
/// allocate until its cells become strings.
#[derive(Default)]
struct Scratch {
    /// Every byte of the record, for recovery from an unclosed quote.
    raw: Vec<u8>,
    /// The cells' bytes; only the first `n` are this record's.
    fields: Vec<Vec<u8>>,
    n: usize,
}

impl Scratch {
    fn start(&mut self) {
        self.raw.clear();
        self.n = 0;
        self.next_field();
    }
    /// Opens the next (empty) cell.
    fn next_field(&mut self) {
        if self.fields.len() == self.n {
            self.fields.push(Vec::new());
        }
        self.fields[self.n].clear();
        self.n += 1;
    }
    fn cur(&mut self) -> &mut Vec<u8> {
        &mut self.fields[self.n - 1]
    }
    fn cells(&self) -> &[Vec<u8>] {
        &self.fields[..self.n]
    }
}

enum Field {
    Start,
    Unquoted,
    Quoted,
    AfterQuote,
}

impl<R: Read + Send> DelimitedReader<R> {
    /// Sniffs encoding and delimiter from the first block unless given, strips
    /// a byte-order mark and reads the header line.
    pub fn new(
        mut src: R,
        delim: Option<u8>,
        encoding: Option<Encoding>,
        max_record_bytes: usize,
    ) -> io::Result<Self> {
        let mut buf = vec![0u8; 1 << 16];
        let mut len = 0;
        while len < buf.len() {
            let n = src.read(&mut buf[len..])?;
            if n == 0 {
                break;
            }
            len += n;
        }
        let mut pos = 0;
        if buf[..len].starts_with(b"\xEF\xBB\xBF") {
            pos = 3;
        }
        let sample = &buf[pos..len];
        let encoding = encoding.unwrap_or_else(|| sniff_encoding(sample, len < buf.len()));
        let delim = delim.unwrap_or_else(|| sniff_delimiter(sample));
        let mut r = DelimitedReader {
            src,
            buf,
            pos,
            len,
            eof: false,
            consumed: pos as u64,
            line: 1,
            delim,
            encoding,
            max_record_bytes,
            headers: Vec::new(),
            width: 0,
            scratch: Scratch::default(),
        };
        if let Some(h) = r.next_row_raw()? {
            if let Some(e) = h.error {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("the header line is unreadable: {e}"),
                ));
            }
            r.headers = h.cells.into_iter().map(|c| c.trim().to_string()).collect();
            r.width = r.headers.len();
        }
        Ok(r)
    }

    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    fn byte(&mut self) -> io::Result<Option<u8>> {
        if self.pos == self.len {
            if self.eof {
                return Ok(None);
            }
            self.pos = 0;
            self.len = self.src.read(&mut self.buf)?;
            if self.len == 0 {
                self.eof = true;
                return Ok(None);
            }
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        self.consumed += 1;
        Ok(Some(b))
    }

    /// Pushes `bytes` back in front of what is left to read.
    fn unread(&mut self, bytes: &[u8]) {
        let mut v = bytes.to_vec();
        v.extend_from_slice(&self.buf[self.pos..self.len]);
        self.consumed -= bytes.len() as u64;
        self.len = v.len();
        self.pos = 0;
        if v.len() < 1 << 16 {
            v.resize(1 << 16, 0);
        }
        self.buf = v;
    }

    /// Decodes a cell into `out`, replacing what it held.
    fn decode_into(&self, bytes: &[u8], out: &mut String, bad: &mut bool) {
        out.clear();
        match self.encoding {
            Encoding::Utf8 => match std::str::from_utf8(bytes) {
                Ok(s) => out.push_str(s),
                Err(_) => {
                    *bad = true;
                    out.push_str(&String::from_utf8_lossy(bytes));
                }
            },
            Encoding::Windows1252 => {
                out.push_str(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0)
            }
        }
    }

    fn next_row_raw(&mut self) -> io::Result<Option<RawRow>> {
        let mut row = RawRow::default();
        Ok(self.next_row_raw_into(&mut row)?.then_some(row))
    }

    fn next_row_raw_into(&mut self, row: &mut RawRow) -> io::Result<bool> {
        let mut s = std::mem::take(&mut self.scratch);
        let read = self.read_record(&mut s, row);
        self.scratch = s;
        read
    }

    /// Reads one record into `row`, reusing its cells' buffers.
    fn read_record(&mut self, s: &mut Scratch, row: &mut RawRow) -> io::Result<bool> {
        loop {
            let start_line = self.line;
            s.start();
            let mut state = Field::Start;
            let mut any = false;
            let mut unclosed = false;
            loop {
                let Some(b) = self.byte()? else {
                    if matches!(state, Field::Quoted) {
                        unclosed = true;
                    }
                    break;
                };
                any = true;
                s.raw.push(b);
                if s.raw.len() > self.max_record_bytes && matches!(state, Field::Quoted) {
                    unclosed = true;
                    break;
                }
                match state {
                    Field::Start | Field::Unquoted => {
                        if b == b'"' && matches!(state, Field::Start) {
                            state = Field::Quoted;
                        } else if b == self.delim {
                            s.next_field();
                            state = Field::Start;
                        } else if b == b'\n' {
                            self.line += 1;
                            break;
                        } else {
                            s.cur().push(b);
                            state = Field::Unquoted;
                        }
                    }
                    Field::Quoted => {
                        if b == b'"' {
                            state = Field::AfterQuote;
                        } else {
                            if b == b'\n' {
                                self.line += 1;
                            }
                            s.cur().push(b);
                        }
                    }
                    Field::AfterQuote => {
                        if b == b'"' {
                            s.cur().push(b'"');
                            state = Field::Quoted;
                        } else if b == self.delim {
                            s.next_field();
                            state = Field::Start;
                        } else if b == b'\n' {
                            self.line += 1;
                            break;
                        } else if b != b'\r' {
                            s.cur().push(b);
                        }
                    }
                }
            }
            if !any {
                return Ok(false);
            }
            if unclosed {
                // Read the first physical line as the broken row, and go on from the next line.
                let first_nl = s.raw.iter().position(|&b| b == b'\n');
                let rest = match first_nl {
                    Some(i) => s.raw[i + 1..].to_vec(),
                    None => Vec::new(),
                };
                self.line = start_line + 1;
                self.unread(&rest);
                *row = RawRow {
                    line: start_line,
                    error: Some(format!(
                        "line {start_line}: a quoted cell opened on this line is never closed; the line was not read and reading went on from the next line"
                    )),
                    ..RawRow::default()
                };
                return Ok(true);
            }
            if s.cur().last() == Some(&b'\r') {
                s.cur().pop();
            }
            if s.n == 1 && s.fields[0].is_empty() {
                continue; // a blank line is not a row
            }
            row.line = start_line;
            row.undecodable.clear();
            row.error = None;
            row.warning = None;
            row.cells.truncate(s.n);
            for (i, f) in s.cells().iter().enumerate() {
                if i == row.cells.len() {
                    row.cells.push(String::new());
                }
                let mut bad = false;
                self.decode_into(f, &mut row.cells[i], &mut bad);
                if bad {
                    row.undecodable.push(i);
                }
            }
            if self.width > 0 && row.cells.len() != self.width {
                let n = row.cells.len();
                if n < self.width {
                    row.warning = Some(format!(
                        "line {start_line}: {n} cells where the header has {}; the missing cells were read as blank",
                        self.width
                    ));
                    row.cells.resize(self.width, String::new());
                } else {
                    row.warning = Some(format!(
                        "line {start_line}: {n} cells where the header has {}; the extra cells were ignored",
                        self.width
                    ));
                    row.cells.truncate(self.width);
                }
            }
            return Ok(true);
        }
    }
}

impl<R: Read + Send> RowSource for DelimitedReader<R> {
    fn headers(&self) -> &[String] {
        &self.headers
    }
    fn next_row(&mut self) -> io::Result<Option<RawRow>> {
        self.next_row_raw()
    }
    fn next_row_into(&mut self, row: &mut RawRow) -> io::Result<bool> {
        self.next_row_raw_into(row)
    }
    fn bytes_read(&self) -> u64 {
        self.consumed
    }
}

/// UTF-8 when the sample decodes (a character cut at the end of a partial
/// sample is allowed), else Windows-1252 as Excel writes it.
pub fn sniff_encoding(sample: &[u8], complete: bool) -> Encoding {
    match std::str::from_utf8(sample) {
        Ok(_) => Encoding::Utf8,
        Err(e) if !complete && e.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    }
}

/// The most frequent of `,` tab `;` `|` on the first line, outside quotes.
pub fn sniff_delimiter(sample: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let cands = [b',', b'\t', b';', b'|'];
    let mut quoted = false;
    for &b in sample {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && b == b'\n' {
            break;
        } else if !quoted {
            if let Some(i) = cands.iter().position(|&c| c == b) {
                counts[i] += 1;
            }
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], 4 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        cands[best]
    }
}

/// JSON Lines: the keys of the first object are the header.
pub struct JsonlReader<R: io::BufRead> {
    src: R,
    headers: Vec<String>,
    pending: Option<RawRow>,
    line: u64,
    consumed: u64,
    /// The line being read, reused from line to line.
    buf: Vec<u8>,
}

impl<R: io::BufRead + Send> JsonlReader<R> {
    pub fn new(src: R) -> io::Result<Self> {
        let mut r = JsonlReader {
            src,
            headers: Vec::new(),
            pending: None,
            line: 0,
            consumed: 0,
            buf: Vec::new(),
        };
        // The first object gives the header.
        let mut buf = Vec::new();
        if r.next_line(&mut buf)? {
            let text = String::from_utf8_lossy(&buf);
            if let Ok(serde_json::Value::Object(m)) =
                serde_json::from_str(text.trim_start_matches('\u{feff}').trim())
            {
                r.headers = m.keys().cloned().collect();
            }
            r.pending = Some(r.parse(&buf, r.line));
        }
        Ok(r)
    }

    /// Reads the next line that holds anything but white space (or a
    /// byte-order mark: files joined end to end leave one mid-file) into
    /// `buf`; false at the end.
    fn next_line(&mut self, buf: &mut Vec<u8>) -> io::Result<bool> {
        loop {
            buf.clear();
            let n = self.src.read_until(b'\n', buf)?;
            if n == 0 {
                return Ok(false);
            }
            self.consumed += n as u64;
            self.line += 1;
            let rest = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
            if !String::from_utf8_lossy(rest).trim().is_empty() {
                return Ok(true);
            }
        }
    }

    fn parse(&self, bytes: &[u8], line: u64) -> RawRow {
        let mut row = RawRow {
            line,
            cells: vec![String::new(); self.headers.len()],
            ..RawRow::default()
        };
        let Ok(text) = std::str::from_utf8(bytes) else {
            row.error = Some(format!("line {line}: not valid UTF-8"));
            return row;
        };
        let text = text.trim_start_matches('\u{feff}').trim();
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(m)) => {
                for (i, h) in self.headers.iter().enumerate() {
                    row.cells[i] = match m.get(h) {
                        None | Some(serde_json::Value::Null) => String::new(),
                        Some(serde_json::Value::String(s)) => s.clone(),
                        Some(v) => v.to_string(),
                    };
                }
            }
            Ok(_) => row.error = Some(format!("line {line}: not a JSON object")),
            Err(e) => row.error = Some(format!("line {line}: not valid JSON ({e})")),
        }
        row
    }
}

impl<R: io::BufRead + Send> RowSource for JsonlReader<R> {
    fn headers(&self) -> &[String] {
        &self.headers
    }
    fn next_row(&mut self) -> io::Result<Option<RawRow>> {
        if let Some(r) = self.pending.take() {
            return Ok(Some(r));
        }
        let mut buf = std::mem::take(&mut self.buf);
        let row = self.next_line(&mut buf)?.then(|| self.parse(&buf, self.line));
        self.buf = buf;
        Ok(row)
    }
    fn bytes_read(&self) -> u64 {
        self.consumed
    }
}

/// An Excel sheet, read as a stream of cells. A workbook is a zip, read with
/// calamine on a thread of its own that hands rows over a bounded channel, so
/// only the shared-strings table and a few thousand rows are in memory (the
/// whole sheet loaded at once took 537 MB for 200,000 rows).
pub struct XlsxReader {
    headers: Vec<String>,
    /// Sheet rows as `(1-based row number, cells)`, in order.
    rows: std::sync::mpsc::Receiver<Result<(u64, Vec<String>), String>>,
}

/// Rows decoded ahead of the audit.
const XLSX_ROWS_AHEAD: usize = 4096;

impl XlsxReader {
    pub fn open<RS: io::Read + io::Seek + Send + 'static>(
        src: RS,
        sheet: Option<&str>,
    ) -> Result<Self, String> {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(src)
            .map_err(|e| format!("this is not an Excel workbook (.xlsx) that can be read: {e}"))?;
        let names = book.sheet_names();
        let name = match sheet {
            Some(s) => names
                .iter()
                .find(|n| n.eq_ignore_ascii_case(s))
                .cloned()
                .ok_or_else(|| format!("no sheet named “{s}”; the workbook has: {}", names.join(", ")))?,
            None => names.first().cloned().ok_or("the workbook has no sheets")?,
        };
        let (tx, rx) = std::sync::mpsc::sync_channel(XLSX_ROWS_AHEAD);
        std::thread::spawn(move || {
            if let Err(e) = send_rows(&mut book, &name, &tx) {
                let _ = tx.send(Err(format!("cannot read sheet “{name}”: {e}")));
            }
        });
        // The first row holds the headers; a sheet without cells has none.
        let headers = match rx.recv() {
            Ok(Ok((_, cells))) => cells.into_iter().map(|h| h.trim().to_string()).collect(),
            Ok(Err(e)) => return Err(e),
            Err(_) => Vec::new(),
        };
        Ok(XlsxReader { headers, rows: rx })
    }
}

/// Sends the sheet's rows in order, gaps between cells filled with blanks;
/// stops quietly when the audit has stopped listening.
fn send_rows<RS: io::Read + io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    sheet: &str,
    tx: &std::sync::mpsc::SyncSender<Result<(u64, Vec<String>), String>>,
) -> Result<(), calamine::XlsxError> {
    let mut cells = book.worksheet_cells_reader(sheet)?;
    // Columns count from the sheet's first used one, as a range read does.
    let first_col = cells.dimensions().start.1;
    let mut row: Option<(u32, Vec<String>)> = None;
    while let Some(cell) = cells.next_cell()? {
        let (r, c) = cell.get_position();
        let c = c.saturating_sub(first_col);
        if row.as_ref().is_some_and(|(at, _)| *at != r) {
            let (at, done) = row.take().expect("checked above");
            if tx.send(Ok((at as u64 + 1, done))).is_err() {
                return Ok(());
            }
        }
        let (_, out) = row.get_or_insert_with(|| (r, Vec::new()));
        let c = c as usize;
        if out.len() < c {
            out.resize(c, String::new());
        }
        let text = cell_text(&calamine::Data::from(cell.get_value().clone()));
        if out.len() == c {
            out.push(text);
        } else {
            // A cell met twice (not written by Excel): the later one wins.
            out[c] = text;
        }
    }
    if let Some((at, done)) = row {
        let _ = tx.send(Ok((at as u64 + 1, done)));
    }
    Ok(())
}

fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
            base.checked_add_days(chrono::Days::new(serial.max(0.0) as u64))
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

impl RowSource for XlsxReader {
    fn headers(&self) -> &[String] {
        &self.headers
    }
    fn next_row(&mut self) -> io::Result<Option<RawRow>> {
        loop {
            let (line, mut cells) = match self.rows.recv() {
                Ok(Ok(row)) => row,
                Ok(Err(e)) => return Err(io::Error::new(io::ErrorKind::InvalidData, e)),
                Err(_) => return Ok(None),
            };
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            cells.resize(self.headers.len().max(cells.len()), String::new());
            cells.truncate(self.headers.len());
            return Ok(Some(RawRow {
                line,
                cells,
                ..RawRow::default()
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Filling a reused row gives exactly the row a fresh read gives, as the
    /// rows change width, break, repair and fail to decode.
    #[test]
    fn reused_rows_read_as_fresh_ones() {
        let mut csv = b"id,text,who\n1,plain,Mum\n2,short\n3,long,a,b,c\n\n4,\"line\nbreak\",SW\n".to_vec();
        csv.extend_from_slice(b"5,caf\xe9,x\n6,\"never closed\n7,after,Dad\n");
        for encoding in [Encoding::Utf8, Encoding::Windows1252] {
            let fresh: Vec<RawRow> = {
                let mut r = DelimitedReader::new(&csv[..], Some(b','), Some(encoding), 1 << 20).unwrap();
                std::iter::from_fn(|| r.next_row().unwrap()).collect()
            };
            let mut r = DelimitedReader::new(&csv[..], Some(b','), Some(encoding), 1 << 20).unwrap();
            // One row, reused from the widest record down and back.
            let mut row = RawRow::default();
            let mut reused = Vec::new();
            while r.next_row_into(&mut row).unwrap() {
                reused.push(row.clone());
            }
            assert_eq!(format!("{fresh:?}"), format!("{reused:?}"), "{encoding:?}");
            assert_eq!(fresh.len(), 7, "{fresh:?}");
            assert!(fresh.iter().any(|r| r.error.is_some()) && fresh.iter().any(|r| r.warning.is_some()));
        }
    }
}
