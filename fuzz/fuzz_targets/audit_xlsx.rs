//! Any bytes as an Excel workbook, read by `batch::input::XlsxReader` as
//! `smartplan audit` reads a `.xlsx` (calamine's streaming cell reader on a
//! thread of its own). The reader must not panic or hang, every row it gives
//! must be padded or cut to the header's width and carry a sheet row number,
//! and a read error must say what went wrong.
//!
//! Input layout: bytes starting with `PK` are the workbook file itself.
//! Anything else is `sheet1.xml \x1f sharedStrings.xml`, packed here into an
//! otherwise fixed workbook (a zip, stored uncompressed, CRCs right), so the
//! fuzzer works on the sheet XML instead of spending its time on zip
//! checksums.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smartplan::batch::input::{RowSource, XlsxReader};
use std::io::Cursor;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Statements" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// A zip of `files`, stored (no compression).
fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    fn u16le(out: &mut Vec<u8>, v: usize) {
        out.extend_from_slice(&(v as u16).to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: usize) {
        out.extend_from_slice(&(v as u32).to_le_bytes());
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let crc = crc32fast::hash(data) as usize;
        let offset = out.len();
        // Local file header: signature, version 2.0, no flags, stored, no time.
        u32le(&mut out, 0x0403_4b50);
        for v in [20, 0, 0, 0, 0] {
            u16le(&mut out, v);
        }
        for v in [crc, data.len(), data.len()] {
            u32le(&mut out, v);
        }
        u16le(&mut out, name.len());
        u16le(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Its central directory entry.
        u32le(&mut central, 0x0201_4b50);
        for v in [20, 20, 0, 0, 0, 0] {
            u16le(&mut central, v);
        }
        for v in [crc, data.len(), data.len()] {
            u32le(&mut central, v);
        }
        for v in [name.len(), 0, 0, 0, 0] {
            u16le(&mut central, v);
        }
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_at = out.len();
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    for v in [0, 0, files.len(), files.len()] {
        u16le(&mut out, v);
    }
    u32le(&mut out, central.len());
    u32le(&mut out, central_at);
    u16le(&mut out, 0);
    out
}

fn workbook(data: &[u8]) -> Vec<u8> {
    if data.starts_with(b"PK") {
        return data.to_vec();
    }
    let (sheet, strings) = match data.iter().position(|&b| b == 0x1f) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
    ])
}

fuzz_target!(|data: &[u8]| {
    let book = workbook(data);
    // The first sheet (audit's default) and a sheet named with --sheet.
    for sheet in [None, Some("statements")] {
        let Ok(mut reader) = XlsxReader::open(Cursor::new(book.clone()), sheet) else {
            continue;
        };
        let width = reader.headers().len();
        loop {
            match reader.next_row() {
                Ok(Some(row)) => {
                    // Not checked: that rows come in sheet order. Cells out of
                    // order (never written by Excel) split a row in two, one
                    // part carrying an earlier row's number (see fuzz/README.md).
                    assert!(row.line >= 1, "sheet rows count from 1: {}", row.line);
                    assert_eq!(
                        row.cells.len(),
                        width,
                        "row {} not fitted to the header",
                        row.line
                    );
                    assert!(row.error.is_none() && row.undecodable.is_empty());
                }
                Ok(None) => break,
                Err(e) => {
                    assert!(!e.to_string().is_empty(), "a read error says what went wrong");
                    break;
                }
            }
        }
    }
});
