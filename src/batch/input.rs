//! Readers for audit exports: CSV/TSV (own streaming parser, so a malformed
//! line is reported with its line number and reading goes on), JSON Lines and
//! Excel `.xlsx`. Each yields a header and then one [`RawRow`] per data row.

use std::io::{self, Read};

/// One data row as read, before column mapping.
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    /// Physical line (CSV/JSONL) or sheet row (xlsx) where the row starts, 1-based.
    pub line: u64,
    /// The row's cells, in header order.
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
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// Windows-1252 (what older Excel saves as "CSV").
    Windows1252,
    /// Excel's "Unicode text"; read through [`Utf16Reader`] as UTF-8.
    Utf16Le,
    /// UTF-16, big-endian; read through [`Utf16Reader`] as UTF-8.
    Utf16Be,
}

impl Encoding {
    /// Why a cell is not text in this encoding, and what to do, for its
    /// error record.
    pub fn undecodable(self) -> &'static str {
        match self {
            Encoding::Utf16Le | Encoding::Utf16Be => {
                "the statement holds a broken UTF-16 character; correct it in the export and audit it again"
            }
            _ => {
                "the statement holds bytes that are not UTF-8 text, the file's encoding (often a character pasted in from a program that saves Windows-1252); correct that character in the export, or, if the whole file is Windows-1252, read it with --encoding windows-1252"
            }
        }
    }
}

/// A row with nothing in any cell (a blank line, a line of separators only,
/// an empty sheet row) is not a row, whatever the format: it gives no record.
pub fn is_blank_row(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// A reader of one export format: the header, then the rows one by one.
/// The bulk audit reads every format through this.
pub trait RowSource: Send {
    /// The header's column names, trimmed.
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
    /// What to say of a cell that is not text in the input's encoding.
    fn undecodable(&self) -> &'static str {
        Encoding::Utf8.undecodable()
    }
}

/// Streaming RFC 4180 reader over bytes. Quotes and delimiters are ASCII, so
/// it splits UTF-8 and Windows-1252 alike; cells are decoded afterwards.
pub struct DelimitedReader<R: Read> {
    src: Source<R>,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    eof: bool,
    consumed: u64,
    line: u64,
    delim: u8,
    encoding: Encoding,
    /// Windows-1252 chosen by looking: a cell that is valid UTF-8 is still
    /// read as UTF-8, so text pasted from elsewhere is never garbled.
    utf8_first: bool,
    max_record_bytes: usize,
    headers: Vec<String>,
    width: usize,
    scratch: Scratch,
}

/// Buffers for one record, kept between records so reading a row does not
/// allocate until its cells become strings.
#[derive(Default)]
struct Scratch {
    /// The record's bytes from where its first quoted cell opens, for
    /// recovery from an unclosed quote: no line of a record ends before a
    /// quote opens, so the line after the broken one starts in here.
    raw: Vec<u8>,
    /// Whether `raw` is being kept (a quoted cell has opened).
    keep_raw: bool,
    /// Bytes of the record read so far, for `max_record_bytes`.
    bytes: usize,
    /// The cells' bytes, one after another: cell `i` ends at `ends[i]`, and
    /// the open cell runs from the last end to the end of `data`. One
    /// buffer, not one per cell: fewer copies and no per-cell bookkeeping.
    data: Vec<u8>,
    ends: Vec<usize>,
}

impl Scratch {
    fn start(&mut self) {
        self.raw.clear();
        self.keep_raw = false;
        self.bytes = 0;
        self.data.clear();
        self.ends.clear();
    }
    /// Closes the open cell and opens the next (empty) one.
    fn next_field(&mut self) {
        self.ends.push(self.data.len());
    }
    /// Where the open cell starts in `data`.
    fn cur_start(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }
    /// Notes bytes taken into the record.
    fn took(&mut self, bytes: &[u8]) {
        self.bytes += bytes.len();
        if self.keep_raw {
            self.raw.extend_from_slice(bytes);
        }
    }
    /// Where cell `i` of a closed record lies in `data`.
    fn cell(&self, i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        start..self.ends[i]
    }
}

enum Field {
    Start,
    Unquoted,
    Quoted,
    AfterQuote,
}

/// The bytes a delimited file is split from: the file's own, or UTF-16
/// turned into UTF-8 as it is read.
enum Source<R: Read> {
    Plain(R),
    Utf16(Utf16Reader<R>),
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Plain(r) => r.read(out),
            Source::Utf16(r) => r.read(out),
        }
    }
}

/// Reads until `buf` is full or the source ends; how many bytes were read.
fn read_full(src: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut len = 0;
    while len < buf.len() {
        let n = src.read(&mut buf[len..])?;
        if n == 0 {
            break;
        }
        len += n;
    }
    Ok(len)
}

impl<R: Read + Send> DelimitedReader<R> {
    /// Sniffs encoding and delimiter from the first block unless given, strips
    /// a byte-order mark and reads the header line. A UTF-16 byte-order mark
    /// (or `Encoding::Utf16Le`/`Utf16Be`) reads the file as UTF-16.
    pub fn new(
        mut src: R,
        delim: Option<u8>,
        encoding: Option<Encoding>,
        max_record_bytes: usize,
    ) -> io::Result<Self> {
        let mut buf = vec![0u8; 1 << 16];
        let mut len = read_full(&mut src, &mut buf)?;
        let utf16 = match (encoding, &buf[..len.min(2)]) {
            (Some(Encoding::Utf16Le), _) | (None, [0xFF, 0xFE]) => Some(false),
            (Some(Encoding::Utf16Be), _) | (None, [0xFE, 0xFF]) => Some(true),
            _ => None,
        };
        let src = match utf16 {
            Some(big_endian) => {
                let mut t = Utf16Reader::with_head(buf[..len].to_vec(), src, big_endian);
                len = read_full(&mut t, &mut buf)?;
                Source::Utf16(t)
            }
            None => Source::Plain(src),
        };
        let mut pos = 0;
        if buf[..len].starts_with(b"\xEF\xBB\xBF") {
            pos = 3;
        }
        let sample = &buf[pos..len];
        let (encoding, utf8_first) = match (utf16, encoding) {
            (Some(false), _) => (Encoding::Utf16Le, false),
            (Some(true), _) => (Encoding::Utf16Be, false),
            (None, Some(e)) => (e, false),
            (None, None) => {
                let e = sniff_encoding(sample, len < buf.len());
                (e, e == Encoding::Windows1252)
            }
        };
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
            utf8_first,
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

    /// The encoding the file is read as (given, or found from its first bytes).
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
            // UTF-16 arrives as UTF-8, with a byte that is never UTF-8 where
            // a character was broken.
            Encoding::Utf8 | Encoding::Utf16Le | Encoding::Utf16Be => match std::str::from_utf8(bytes) {
                Ok(s) => out.push_str(s),
                Err(_) => {
                    *bad = true;
                    out.push_str(&String::from_utf8_lossy(bytes));
                }
            },
            Encoding::Windows1252 => match std::str::from_utf8(bytes) {
                Ok(s) if self.utf8_first => out.push_str(s),
                _ => out.push_str(&encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0),
            },
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
                // Take the run of ordinary bytes up to the next one that can
                // end a cell in one go (memchr), and the common byte that
                // ends it, a delimiter or a newline outside quotes, at once:
                // byte by byte, this parser spent 37 instructions a byte. Any
                // other byte goes through the state machine below.
                if self.pos < self.len {
                    let avail = &self.buf[self.pos..self.len];
                    match state {
                        Field::Start | Field::Unquoted
                            if !(matches!(state, Field::Start) && avail[0] == b'"') =>
                        {
                            let n = memchr::memchr2(self.delim, b'\n', avail).unwrap_or(avail.len());
                            // The run and the byte that ends it, if in the buffer.
                            let taken = &avail[..(n + 1).min(avail.len())];
                            s.took(taken);
                            s.data.extend_from_slice(&avail[..n]);
                            self.pos += taken.len();
                            self.consumed += taken.len() as u64;
                            any = true;
                            match taken.get(n) {
                                Some(&b) if b == self.delim => {
                                    s.next_field();
                                    state = Field::Start;
                                }
                                Some(_) => {
                                    self.line += 1;
                                    break;
                                }
                                None => state = Field::Unquoted,
                            }
                            continue;
                        }
                        Field::Quoted => {
                            let n = memchr::memchr(b'"', avail).unwrap_or(avail.len());
                            if n > 0 {
                                let run = &avail[..n];
                                self.line += run.iter().filter(|&&b| b == b'\n').count() as u64;
                                s.took(run);
                                s.data.extend_from_slice(run);
                                self.pos += n;
                                self.consumed += n as u64;
                                if s.bytes > self.max_record_bytes {
                                    unclosed = true;
                                    break;
                                }
                                continue;
                            }
                        }
                        _ => {}
                    }
                }
                let Some(b) = self.byte()? else {
                    if matches!(state, Field::Quoted) {
                        unclosed = true;
                    }
                    break;
                };
                any = true;
                if matches!(state, Field::Start) && b == b'"' {
                    s.keep_raw = true;
                }
                s.took(&[b]);
                if s.bytes > self.max_record_bytes && matches!(state, Field::Quoted) {
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
                            s.data.push(b);
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
                            s.data.push(b);
                        }
                    }
                    Field::AfterQuote => {
                        if b == b'"' {
                            s.data.push(b'"');
                            state = Field::Quoted;
                        } else if b == self.delim {
                            s.next_field();
                            state = Field::Start;
                        } else if b == b'\n' {
                            self.line += 1;
                            break;
                        } else if b != b'\r' {
                            s.data.push(b);
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
            if s.data.len() > s.cur_start() && s.data.last() == Some(&b'\r') {
                s.data.pop();
            }
            s.next_field();
            if s.ends == [0] {
                continue; // a blank line is not a row
            }
            row.line = start_line;
            row.undecodable.clear();
            row.error = None;
            row.warning = None;
            row.cells.truncate(s.ends.len());
            // One UTF-8 check for the whole record, not one per cell: a cell
            // of valid text is then text as it stands when it starts and ends
            // on a character boundary (a character split by a delimiter does
            // not, and is decoded on its own as before).
            let whole = match self.encoding {
                Encoding::Windows1252 if !self.utf8_first => None,
                _ => std::str::from_utf8(&s.data).ok(),
            };
            for i in 0..s.ends.len() {
                if i == row.cells.len() {
                    row.cells.push(String::new());
                }
                let range = s.cell(i);
                if let Some(text) = whole.and_then(|w| w.get(range.clone())) {
                    row.cells[i].clear();
                    row.cells[i].push_str(text);
                    continue;
                }
                let mut bad = false;
                self.decode_into(&s.data[range], &mut row.cells[i], &mut bad);
                if bad {
                    row.undecodable.push(i);
                }
            }
            if is_blank_row(&row.cells) {
                continue; // nor is a line of blank cells
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
        match &self.src {
            // The file's bytes, not the UTF-8 made from them.
            Source::Utf16(t) => t.raw_read,
            Source::Plain(_) => self.consumed,
        }
    }
    fn undecodable(&self) -> &'static str {
        self.encoding.undecodable()
    }
}

/// UTF-8, unless the sample holds more bytes that are not UTF-8 than
/// characters that are (multi-byte ones; a character cut at the end of a
/// partial sample does not count): then Windows-1252, as Excel writes it.
/// So one stray Windows-1252 byte in a UTF-8 file leaves the file UTF-8 (the
/// row holding it becomes an error record), while a Windows-1252 file, whose
/// accented letters are rarely valid UTF-8, stays Windows-1252.
pub fn sniff_encoding(sample: &[u8], complete: bool) -> Encoding {
    // Lead bytes of multi-byte characters in valid UTF-8.
    let multibyte = |valid: &[u8]| valid.iter().filter(|&&b| b >= 0xC0).count();
    let (mut utf8_chars, mut invalid) = (0, 0);
    let mut rest = sample;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => {
                utf8_chars += multibyte(rest);
                break;
            }
            Err(e) => {
                utf8_chars += multibyte(&rest[..e.valid_up_to()]);
                match e.error_len() {
                    Some(n) => {
                        invalid += 1;
                        rest = &rest[e.valid_up_to() + n..];
                    }
                    None => {
                        invalid += complete as usize;
                        break;
                    }
                }
            }
        }
    }
    if invalid > utf8_chars {
        Encoding::Windows1252
    } else {
        Encoding::Utf8
    }
}

/// UTF-16 read as UTF-8, a block at a time, its byte-order mark dropped. A
/// broken character (an unpaired surrogate, an odd last byte) becomes the
/// byte 0xFF, which is never UTF-8, so the cell holding it is reported as
/// not text rather than read with a guess.
pub struct Utf16Reader<R> {
    src: R,
    decoder: encoding_rs::Decoder,
    /// UTF-16 bytes read and not yet decoded.
    raw: Vec<u8>,
    raw_at: usize,
    raw_end: usize,
    src_done: bool,
    /// UTF-8 decoded and not yet handed out.
    out: Vec<u8>,
    out_at: usize,
    out_end: usize,
    finished: bool,
    /// Bytes read from `src`, for progress.
    pub raw_read: u64,
}

impl<R: Read> Utf16Reader<R> {
    /// Decodes UTF-16 from `src` (big-endian or little-endian) to UTF-8.
    pub fn new(src: R, big_endian: bool) -> Self {
        Self::with_head(Vec::new(), src, big_endian)
    }

    /// Starts from `head`, bytes already read from the front of `src`.
    pub fn with_head(head: Vec<u8>, src: R, big_endian: bool) -> Self {
        let encoding = if big_endian {
            encoding_rs::UTF_16BE
        } else {
            encoding_rs::UTF_16LE
        };
        let raw_end = head.len();
        let mut raw = head;
        raw.resize(raw.len().max(1 << 16), 0);
        Utf16Reader {
            src,
            decoder: encoding.new_decoder_with_bom_removal(),
            raw,
            raw_at: 0,
            raw_end,
            src_done: false,
            out: vec![0; 1 << 16],
            out_at: 0,
            out_end: 0,
            finished: false,
            raw_read: raw_end as u64,
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, dst: &mut [u8]) -> io::Result<usize> {
        use encoding_rs::DecoderResult;
        loop {
            if self.out_at < self.out_end {
                let n = dst.len().min(self.out_end - self.out_at);
                dst[..n].copy_from_slice(&self.out[self.out_at..self.out_at + n]);
                self.out_at += n;
                return Ok(n);
            }
            if self.finished {
                return Ok(0);
            }
            if self.raw_at == self.raw_end && !self.src_done {
                self.raw_at = 0;
                self.raw_end = self.src.read(&mut self.raw)?;
                self.raw_read += self.raw_end as u64;
                self.src_done = self.raw_end == 0;
            }
            let last = self.src_done;
            // One byte of `out` is kept free for the mark of a broken character.
            let room = self.out.len() - 1;
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.raw[self.raw_at..self.raw_end],
                &mut self.out[..room],
                last,
            );
            self.raw_at += read;
            self.out_at = 0;
            self.out_end = written;
            match result {
                DecoderResult::Malformed(..) => {
                    self.out[written] = 0xFF;
                    self.out_end += 1;
                }
                DecoderResult::InputEmpty if last => self.finished = true,
                DecoderResult::InputEmpty | DecoderResult::OutputFull => {}
            }
        }
    }
}

/// What the first bytes of an input say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// No bytes at all.
    Empty,
    /// A zip file: an Excel workbook (.xlsx), or not.
    Zip,
    /// An Excel 97–2003 workbook (.xls).
    OldExcel,
    /// UTF-16 text (with a byte-order mark, or zero bytes on one side of every pair).
    Utf16 {
        /// Whether the high byte of each pair comes first.
        big_endian: bool,
    },
    /// Text in a byte encoding: CSV, TSV or JSON Lines by its name.
    Text,
    /// Anything else: a PDF, an image, a program.
    Binary,
}

/// Looks at the first few KB of an input.
pub fn sniff_format(head: &[u8]) -> Format {
    match head {
        [] => return Format::Empty,
        [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => return Format::Zip,
        [0xD0, 0xCF, 0x11, 0xE0, ..] => return Format::OldExcel,
        [0xFF, 0xFE, ..] => return Format::Utf16 { big_endian: false },
        [0xFE, 0xFF, ..] => return Format::Utf16 { big_endian: true },
        _ => {}
    }
    if head.len() >= 4 {
        // UTF-16 without a mark: text in Latin letters has a zero byte in
        // (nearly) every pair, always on the same side.
        let pairs = head.len() / 2;
        let zero_at = |side: usize| head.chunks_exact(2).filter(|p| p[side] == 0).count();
        let (even, odd) = (zero_at(0), zero_at(1));
        if odd * 10 >= pairs * 9 && even == 0 {
            return Format::Utf16 { big_endian: false };
        }
        if even * 10 >= pairs * 9 && odd == 0 {
            return Format::Utf16 { big_endian: true };
        }
    }
    // Text holds no zero byte, and few other control characters.
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)) || b == 0x7F)
        .count();
    if head.contains(&0) || control * 20 > head.len() {
        Format::Binary
    } else {
        Format::Text
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
    /// Reads the first non-blank line, whose object's keys become the header;
    /// an error if it is not a JSON object.
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
            match serde_json::from_str(text.trim_start_matches('\u{feff}').trim()) {
                Ok(serde_json::Value::Object(m)) => r.headers = m.keys().cloned().collect(),
                _ => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!(
                            "line {} is not a JSON object, so the column names cannot be read from it. JSON Lines input holds one object a line, with the column names as keys, such as {{\"id\": \"1\", \"statement\": \"Mum to attend\"}}; if this is a CSV or TSV file, give it a .csv or .tsv name",
                            r.line
                        ),
                    ))
                }
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
        loop {
            let row = match self.pending.take() {
                Some(r) => Some(r),
                None => {
                    let mut buf = std::mem::take(&mut self.buf);
                    let row = self.next_line(&mut buf)?.then(|| self.parse(&buf, self.line));
                    self.buf = buf;
                    row
                }
            };
            match row {
                Some(r) if r.error.is_none() && is_blank_row(&r.cells) => continue,
                row => return Ok(row),
            }
        }
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
    /// Opens the first sheet (or the one named `sheet`, any case) of an `.xlsx`
    /// workbook, reading its rows on a thread of their own; the error says in
    /// plain words why the file cannot be read and what to do.
    pub fn open<RS: io::Read + io::Seek + Send + 'static>(
        mut src: RS,
        sheet: Option<&str>,
    ) -> Result<Self, String> {
        use calamine::Reader;
        check_shared_string_counts(&mut src)?;
        let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(src)
            .map_err(|e| {
                format!("this is a zip file but not an Excel workbook (.xlsx) that can be read ({e}); open it in Excel and save it as an Excel Workbook (.xlsx), or export the plan items as CSV")
            })?;
        let names = book.sheet_names();
        let name = match sheet {
            Some(s) => names
                .iter()
                .find(|n| n.eq_ignore_ascii_case(s))
                .cloned()
                .ok_or_else(|| {
                    let sheets = names.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>().join(", ");
                    format!("there is no sheet named “{s}”; the workbook's sheets are {sheets}: give one of these to --sheet")
                })?,
            None => names.first().cloned().ok_or("the workbook has no sheets")?,
        };
        let empty = {
            let sheets = names
                .iter()
                .map(|n| format!("“{n}”"))
                .collect::<Vec<_>>()
                .join(", ");
            let which = match (sheet, names.len()) {
                (Some(_), _) => format!("the sheet “{name}” is empty"),
                (None, 1) => format!("the workbook's only sheet, “{name}”, is empty"),
                (None, _) => format!("the first sheet, “{name}”, is empty"),
            };
            format!("{which}; the workbook's sheets are {sheets}: choose the one with the plan items with --sheet NAME")
        };
        let (tx, rx) = std::sync::mpsc::sync_channel(XLSX_ROWS_AHEAD);
        let reading = name.clone();
        std::thread::spawn(move || {
            if let Err(e) = send_rows(&mut book, &reading, &tx) {
                let _ = tx.send(Err(format!("cannot read sheet “{reading}”: {e}")));
            }
        });
        // The first row with anything in it holds the headers.
        let headers = loop {
            match rx.recv() {
                Ok(Ok((_, cells))) if is_blank_row(&cells) => continue,
                Ok(Ok((_, cells))) => break cells.into_iter().map(|h| h.trim().to_string()).collect(),
                Ok(Err(e)) => return Err(e),
                Err(_) => return Err(empty),
            }
        };
        Ok(XlsxReader { headers, rows: rx })
    }
}

/// The least XML one entry of the shared-string table takes: `<si/>`.
const SHARED_STRING_MIN_BYTES: u64 = 5;
/// How much of a shared-string part is read to find its `<sst>` tag, which
/// Excel and every other writer put within the first hundred bytes.
const SHARED_STRINGS_HEAD: u64 = 64 * 1024;
/// The most a deflated byte expands to (a 258-byte run from two bits).
const DEFLATE_MAX_RATIO: u64 = 1032;

/// Refuses a workbook whose shared-string table claims more entries than its
/// part can hold. calamine 0.38 reserves room for the declared
/// `uniqueCount` before reading a single entry, and an impossible one (a
/// 1 KB file said 844,444,444,444,444) aborts the process on the failed
/// allocation, with no message. `count` (string cells in the workbook) is
/// not checked: it can rightly exceed the table, and calamine ignores it.
/// The sheet's `<dimension>` needs no check: the cell reader reserves
/// nothing from it. Reads the zip's directory and at most
/// [`SHARED_STRINGS_HEAD`] bytes of each shared-string part; a zip that
/// cannot be read is left to calamine, which reports it.
fn check_shared_string_counts<RS: io::Read + io::Seek>(src: &mut RS) -> Result<(), String> {
    use quick_xml::events::Event;
    use zip::CompressionMethod;
    let archive_len = src.seek(io::SeekFrom::End(0)).map_err(|e| e.to_string())?;
    src.rewind().map_err(|e| e.to_string())?;
    let damaged = |why: String| {
        format!("the workbook's list of texts is damaged ({why}); open it in Excel and save it again, or export the sheet as CSV")
    };
    {
        let Ok(mut zip) = zip::ZipArchive::new(&mut *src) else {
            return Ok(());
        };
        // calamine finds the part as `{workbook folder}sharedStrings.xml`,
        // ignoring case; every part named so is checked.
        let parts: Vec<String> = zip
            .file_names()
            .filter_map(Result::ok)
            .filter(|n| {
                n.replace('\\', "/")
                    .to_ascii_lowercase()
                    .ends_with("sharedstrings.xml")
            })
            .map(|n| n.into_owned())
            .collect();
        for name in parts {
            let Ok(part) = zip.by_name(&name) else {
                continue;
            };
            // The declared size, but no more than the compressed bytes in
            // the file can give (a zip's sizes are only what it says).
            let compressed = part.compressed_size().min(archive_len);
            let size = part.size().min(match part.compression() {
                CompressionMethod::Stored => compressed,
                CompressionMethod::Deflated => compressed.saturating_mul(DEFLATE_MAX_RATIO),
                _ => u64::MAX,
            });
            // The same parser and settings as calamine's, so the `<sst>`
            // found here is the one it reserves from.
            let mut xml = quick_xml::Reader::from_reader(io::BufReader::new(part.take(SHARED_STRINGS_HEAD)));
            let config = xml.config_mut();
            config.check_end_names = false;
            config.trim_text(false);
            config.check_comments = false;
            config.expand_empty_elements = true;
            let mut buf = Vec::new();
            let claimed = loop {
                buf.clear();
                match xml.read_event_into(&mut buf) {
                    Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                        break declared_unique_count(e.attributes_raw());
                    }
                    Ok(Event::Eof) | Err(_) => {
                        // The part ended (or broke) before its table began:
                        // calamine stops there too, with an error. Beyond
                        // the bytes read, it would go on and trust whatever
                        // count it met.
                        if xml.get_mut().get_ref().limit() == 0 {
                            return Err(damaged(format!(
                                "its first {} KB hold no table",
                                SHARED_STRINGS_HEAD / 1024
                            )));
                        }
                        break None;
                    }
                    Ok(_) => {}
                }
            };
            if let Some(claimed) = claimed {
                if claimed > u128::from(size / SHARED_STRING_MIN_BYTES) {
                    return Err(damaged(format!("it claims {claimed} entries in {size} bytes")));
                }
            }
        }
    }
    src.rewind().map_err(|e| e.to_string())?;
    Ok(())
}

/// The largest `uniqueCount` in an `<sst>` tag's attributes, read more
/// loosely than calamine does (any leading zeros, any name ending so, digits
/// up to the first non-digit), so no count it would reserve from is missed.
fn declared_unique_count(attributes: &str) -> Option<u128> {
    let mut largest = None;
    for (at, _) in attributes.match_indices("uniqueCount") {
        let rest = attributes[at + "uniqueCount".len()..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix(['"', '\'']) else {
            continue;
        };
        let digits = value.bytes().take_while(u8::is_ascii_digit);
        let n = digits.fold(0u128, |n, d| {
            n.saturating_mul(10).saturating_add(u128::from(d - b'0'))
        });
        largest = largest.max(Some(n));
    }
    largest
}

/// Sends the sheet's rows in order, gaps between cells filled with blanks;
/// stops quietly when the audit has stopped listening.
/// Columns in an Excel sheet (A to XFD).
const EXCEL_COLUMNS: u32 = 16_384;

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
        // Excel's last column is XFD (16,384). A cell beyond it was not
        // written by Excel, and padding a row out to it would take memory
        // without limit (a 1 KB file asked for gigabytes).
        if c >= EXCEL_COLUMNS {
            let _ = tx.send(Err(format!(
                "row {} has a cell beyond column XFD, the last column Excel has: this workbook was not saved by Excel; open it in Excel and save it again",
                r as u64 + 1
            )));
            return Ok(());
        }
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
            if is_blank_row(&cells) {
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

    /// Serves bytes `step` at a time, so characters and pairs split across reads.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// UTF-16 comes out as the UTF-8 of the same text, whatever the block
    /// sizes, surrogate pairs included; a broken character becomes 0xFF.
    #[test]
    fn utf16_reads_as_the_same_text_in_any_block_size() {
        let text = "Zoë’s plan – 👧🏽 review\r\n".repeat(300);
        for big_endian in [false, true] {
            let mut bytes: Vec<u8> = Vec::new();
            for u in std::iter::once(0xFEFF).chain(text.encode_utf16()) {
                bytes.extend(if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                });
            }
            for step in [1, 2, 3, 7, 4096, 1 << 20] {
                let mut out = Vec::new();
                let mut r = Utf16Reader::new(Trickle(&bytes, step), big_endian);
                let mut block = [0u8; 5];
                loop {
                    let n = r.read(&mut block).unwrap();
                    if n == 0 {
                        break;
                    }
                    out.extend_from_slice(&block[..n]);
                }
                assert_eq!(String::from_utf8(out).unwrap(), text, "step {step}");
                assert_eq!(r.raw_read, bytes.len() as u64);
            }
        }
        let mut broken = Vec::new();
        for u in [0x61u16, 0xDC00, 0x62] {
            broken.extend(u.to_le_bytes());
        }
        broken.push(0x63); // an odd last byte
        let mut out = Vec::new();
        Utf16Reader::new(&broken[..], false)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, b"a\xFFb\xFF");
    }

    #[test]
    fn encoding_is_utf8_unless_invalid_bytes_outnumber_utf8_characters() {
        for (sample, complete, expected) in [
            (&b"plain ascii"[..], true, Encoding::Utf8),
            ("Zoë’s – ok".as_bytes(), true, Encoding::Utf8),
            // One stray byte among UTF-8 characters: UTF-8.
            (
                &b"Mum\x92s plan\nZo\xC3\xAB\xE2\x80\x99s plan"[..],
                true,
                Encoding::Utf8,
            ),
            // Windows-1252 letters, none of them UTF-8.
            (
                &b"Zo\xEB to see the nurse \x96 weekly"[..],
                true,
                Encoding::Windows1252,
            ),
            // A character cut by the end of a partial sample is not a fault...
            (&b"Zo\xC3"[..], false, Encoding::Utf8),
            // ...but at the real end of the file it is.
            (&b"Zo\xC3"[..], true, Encoding::Windows1252),
        ] {
            assert_eq!(
                sniff_encoding(sample, complete),
                expected,
                "{:?}",
                String::from_utf8_lossy(sample)
            );
        }
    }

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        let utf16le: Vec<u8> = "Statement\tWho\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let utf16be: Vec<u8> = "Statement\tWho\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        for (head, expected) in [
            (&b""[..], Format::Empty),
            (&b"PK\x03\x04rest"[..], Format::Zip),
            (&b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"[..], Format::OldExcel),
            (&b"\xFF\xFES\x00"[..], Format::Utf16 { big_endian: false }),
            (&b"\xFE\xFF\x00S"[..], Format::Utf16 { big_endian: true }),
            (&utf16le[..], Format::Utf16 { big_endian: false }),
            (&utf16be[..], Format::Utf16 { big_endian: true }),
            (&b"ID,Statement\r\n1,Caf\xE9\x0B\n"[..], Format::Text),
            (&b"%PDF-1.7\n\x00\x01\x02binary"[..], Format::Binary),
            (
                &b"\x1B\x01\x02\x03\x04\x05\x06\x07 mostly control"[..],
                Format::Binary,
            ),
        ] {
            assert_eq!(sniff_format(head), expected, "{head:?}");
        }
    }

    /// The record's text is checked as UTF-8 once, whole; a character whose
    /// bytes a delimiter parts is valid there, yet neither cell is text.
    #[test]
    fn a_character_split_by_a_delimiter_leaves_both_cells_undecodable() {
        let csv = b"id,a,b\n1,caf\xC3,\xA9t\xC3\xA9\n2,\xC3\xA9,ok\n";
        let mut r = DelimitedReader::new(&csv[..], Some(b','), Some(Encoding::Utf8), 1 << 20).unwrap();
        let split = r.next_row().unwrap().unwrap();
        assert_eq!(split.undecodable, vec![1, 2]);
        assert_eq!(split.cells, ["1", "caf\u{FFFD}", "\u{FFFD}t\u{E9}"]);
        let whole = r.next_row().unwrap().unwrap();
        assert!(whole.undecodable.is_empty());
        assert_eq!(whole.cells, ["2", "\u{E9}", "ok"]);
    }

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
