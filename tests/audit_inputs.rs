//! What `smartplan audit` makes of the files people give it: UTF-16 and
//! mixed encodings read without garbling, blank rows treated alike in every
//! format, its own earlier output re-audited without taking its results for
//! the export's columns, and every input error naming the file and saying
//! what to do.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{arg as s, audit, smartplan, stderr};

fn dir(name: &str) -> PathBuf {
    common::case_dir("inputs", name)
}

fn records(out: &Output) -> Vec<serde_json::Value> {
    assert!(out.status.success(), "stderr: {}", stderr(out));
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn texts(recs: &[serde_json::Value]) -> Vec<&str> {
    recs.iter().map(|r| r["text"].as_str().unwrap()).collect()
}

/// Excel's "Unicode text": tab-separated UTF-16 with a byte-order mark.
const UNICODE_TEXT: &str = "Row ID\tStatement\tResponsible\nr1\tZoë’s mum to attend the clinic weekly\tMum\nr2\tSW to see Zoë on her own – every visit\tSW\n";

fn utf16(text: &str, big_endian: bool, mark: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for unit in mark.then_some(0xFEFF).into_iter().chain(text.encode_utf16()) {
        let bytes = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend_from_slice(&bytes);
    }
    out
}

#[test]
fn utf16_exports_are_read_with_correct_text() {
    let d = dir("utf16");
    let expected = [
        "Zoë’s mum to attend the clinic weekly",
        "SW to see Zoë on her own – every visit",
    ];
    for (name, big_endian, mark, option) in [
        ("le.txt", false, true, None),
        ("be.txt", true, true, None),
        ("le-no-mark.txt", false, false, None),
        ("be-named.txt", true, false, Some("utf-16be")),
        ("le-named.csv", false, true, Some("utf-16le")),
    ] {
        let p = d.join(name);
        std::fs::write(&p, utf16(UNICODE_TEXT, big_endian, mark)).unwrap();
        let mut args = vec![s(&p)];
        if let Some(e) = option {
            args.extend(["--encoding".to_string(), e.to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = audit(&args);
        let recs = records(&out);
        assert_eq!(texts(&recs), expected, "{name}");
        assert_eq!(recs[0]["id"], "r1", "{name}");
    }
    // JSON Lines saved as UTF-16 too.
    let p = d.join("u.jsonl");
    std::fs::write(
        &p,
        utf16(
            "{\"id\":\"j1\",\"statement\":\"Zoë’s mum to attend\"}\n",
            false,
            true,
        ),
    )
    .unwrap();
    assert_eq!(texts(&records(&audit(&[&s(&p)]))), ["Zoë’s mum to attend"]);
}

/// A broken UTF-16 character (an unpaired surrogate) makes its row an error
/// record; the rows around it are read.
#[test]
fn a_broken_utf16_character_is_an_error_record() {
    let d = dir("utf16-broken");
    let mut bytes = utf16("Statement\nMum to attend\nbad ", false, true);
    bytes.extend_from_slice(&0xD800u16.to_le_bytes());
    bytes.extend(utf16(" here\nDad to call\n", false, false));
    let p = d.join("b.txt");
    std::fs::write(&p, bytes).unwrap();
    let recs = records(&audit(&[&s(&p)]));
    assert_eq!(recs.len(), 3);
    assert!(recs[0]["score"].is_number() && recs[2]["score"].is_number());
    assert!(
        recs[1]["error"]
            .as_str()
            .unwrap()
            .contains("line 3: the statement holds a broken UTF-16 character"),
        "{}",
        recs[1]
    );
}

/// One stray Windows-1252 byte near the top of a UTF-8 file: the file is
/// still read as UTF-8, so no other row is garbled; the row with the byte
/// is an error record saying what to do, and the summary counts it.
#[test]
fn a_stray_windows_1252_byte_garbles_no_row() {
    let d = dir("stray");
    let mut bytes = b"ID,Statement\nr1,Mum\x92s worker to visit weekly\n".to_vec();
    for i in 2..40 {
        bytes.extend_from_slice(format!("r{i},Zoë’s mum to attend the clinic – week {i}\n").as_bytes());
    }
    let p = d.join("stray.csv");
    std::fs::write(&p, &bytes).unwrap();
    let summary = d.join("summary.json");
    let out = audit(&[
        &s(&p),
        "--summary",
        &s(&summary),
        "--jsonl",
        &s(&d.join("o.jsonl")),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let recs: Vec<serde_json::Value> = std::fs::read_to_string(d.join("o.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 39);
    let error = recs[0]["error"].as_str().unwrap();
    assert!(
        error.starts_with("line 2: the statement holds bytes that are not UTF-8 text"),
        "{error}"
    );
    assert!(error.contains("--encoding windows-1252"), "{error}");
    for (i, r) in recs[1..].iter().enumerate() {
        assert_eq!(
            r["text"],
            format!("Zoë’s mum to attend the clinic – week {}", i + 2)
        );
    }
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
    assert_eq!(summary["overall"]["errors"], 1, "{}", summary["overall"]);
    assert_eq!(summary["overall"]["analysed"], 38);
}

/// A Windows-1252 export (Excel's older CSV) is read as Windows-1252, but a
/// row pasted in as UTF-8 is still read as UTF-8, not garbled.
#[test]
fn a_windows_1252_file_keeps_its_utf8_rows() {
    let d = dir("cp1252");
    let mut bytes = b"Statement\nZo\xEB\x92s mum to see the nurse \x96 weekly\nCaf\xE9 visits with Mum \x96 Zo\xEB\x92s choice\n".to_vec();
    bytes.extend_from_slice("Zoë’s dad to call – daily\n".as_bytes());
    let p = d.join("cp.csv");
    std::fs::write(&p, &bytes).unwrap();
    let out = audit(&[&s(&p)]);
    assert_eq!(
        texts(&records(&out)),
        [
            "Zoë’s mum to see the nurse – weekly",
            "Café visits with Mum – Zoë’s choice",
            "Zoë’s dad to call – daily"
        ]
    );
    assert!(
        stderr(&out).contains("reading") && stderr(&out).contains("as Windows-1252"),
        "{}",
        stderr(&out)
    );
}

/// One rule for every format: a row with nothing in any cell is not a row
/// and gives no record (a row with only an id gives a "skipped" record).
#[test]
fn rows_of_blank_cells_give_no_record_in_csv_xlsx_or_jsonl() {
    let d = dir("blank-rows");
    let rows: [[&str; 3]; 5] = [
        ["r1", "Mum to attend the clinic weekly", "Mum"],
        ["", "", ""],
        [" ", "  ", ""],
        ["r4", "", ""],
        ["r5", "SW to visit", "SW"],
    ];
    let csv = d.join("a.csv");
    let mut text = String::from("ID,Statement,Who\n");
    for r in rows {
        text += &format!("{}\n", r.join(","));
    }
    std::fs::write(&csv, text).unwrap();
    let xlsx = d.join("a.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let shaded = rust_xlsxwriter::Format::new().set_background_color("#FFFF00");
    for (c, h) in ["ID", "Statement", "Who"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            // Empty cells with a style: present in the sheet, with nothing in them.
            if cell.is_empty() {
                ws.write_blank(r as u32 + 1, c as u16, &shaded).unwrap();
            } else {
                ws.write_string(r as u32 + 1, c as u16, *cell).unwrap();
            }
        }
    }
    book.save(&xlsx).unwrap();
    let jsonl = d.join("a.jsonl");
    let mut lines = String::new();
    for r in rows {
        lines += &serde_json::json!({"ID": r[0], "Statement": r[1], "Who": r[2]}).to_string();
        lines.push('\n');
    }
    std::fs::write(&jsonl, lines).unwrap();
    for p in [&csv, &xlsx, &jsonl] {
        let recs = records(&audit(&[&s(p)]));
        let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["r1", "r4", "r5"], "{}", p.display());
        assert_eq!(recs[1]["skipped"], "blank statement", "{}", p.display());
    }
}

/// Auditing smartplan's own CSV or xlsx output: its result columns (the
/// `agreed` score among them) are recognised and not read as the export's,
/// and the new results replace them, so the output is what the first audit
/// gave.
#[test]
fn re_auditing_its_own_output_reads_only_the_exports_columns() {
    let d = dir("re-audit");
    let export = d.join("e.csv");
    std::fs::write(
        &export,
        "Plan ID,Row ID,Statement,Responsible\nP1,1,Mum to attend the clinic weekly,Mum\nP1,2,SW to visit by 30/04/2026,SW\n",
    )
    .unwrap();
    let (csv, xlsx, plans) = (d.join("first.csv"), d.join("first.xlsx"), d.join("plans.jsonl"));
    let out = audit(&[
        &s(&export),
        "--csv",
        &s(&csv),
        "--xlsx",
        &s(&xlsx),
        "--plans",
        &s(&plans),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let first_plans = std::fs::read_to_string(&plans).unwrap();
    assert!(!first_plans.contains("agreement-recorded"), "{first_plans}");
    for earlier in [&csv, &xlsx] {
        let columns = audit(&[&s(earlier), "--columns"]);
        let shown = String::from_utf8_lossy(&columns.stdout);
        assert!(
            shown.contains("agreement       (not found)"),
            "{}: {shown}",
            earlier.display()
        );
        assert!(
            stderr(&columns).contains("is an earlier audit's output"),
            "{}",
            stderr(&columns)
        );
        let again = d.join("again.csv");
        let again_plans = d.join("again-plans.jsonl");
        let out = audit(&[&s(earlier), "--csv", &s(&again), "--plans", &s(&again_plans)]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(
            std::fs::read_to_string(&again_plans).unwrap(),
            first_plans,
            "{}",
            earlier.display()
        );
        if earlier == &csv {
            assert_eq!(std::fs::read(&again).unwrap(), std::fs::read(&csv).unwrap());
        }
    }
}

/// A file written with `bytes` under `name` in `d`.
fn file(d: &Path, name: &str, bytes: &[u8]) -> String {
    let p = d.join(name);
    std::fs::write(&p, bytes).unwrap();
    s(&p)
}

/// A workbook whose first sheet is empty.
fn workbook_with_empty_first_sheet(d: &Path) -> String {
    let p = d.join("book.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().set_name("Cover").unwrap();
    let ws = book.add_worksheet();
    ws.set_name("Plan items").unwrap();
    ws.write_string(0, 0, "Statement").unwrap();
    ws.write_string(1, 0, "Mum to attend").unwrap();
    book.save(&p).unwrap();
    s(&p)
}

/// Each input error names the file and says what to do; exit 2.
#[test]
fn input_errors_name_the_file_and_say_what_to_do() {
    let d = dir("messages");
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    std::fs::create_dir(d.join("exports")).unwrap();
    let cases: Vec<(&str, Vec<String>, &[&str])> = vec![
        (
            "binary file named .csv",
            vec![file(&d, "photo.csv", &binary)],
            &[
                "photo.csv is not a CSV, TSV, JSON Lines or Excel (.xlsx) file",
                "export the plan items",
            ],
        ),
        (
            "binary file named .jsonl",
            vec![file(&d, "photo.jsonl", &binary)],
            &[
                "photo.jsonl is not a CSV, TSV, JSON Lines or Excel (.xlsx) file",
                "export the plan items",
            ],
        ),
        (
            "a folder",
            vec![s(&d.join("exports"))],
            &["exports is a folder, not a file: name a file inside it"],
        ),
        (
            "no such file",
            vec![s(&d.join("nope.csv"))],
            &[
                "cannot open",
                "nope.csv: there is no such file; check the name and the folder",
            ],
        ),
        (
            "CSV named .jsonl",
            vec![file(&d, "plans.jsonl", b"ID,Statement\n1,Mum to attend\n")],
            &[
                "plans.jsonl: line 1 is not a JSON object",
                "give it a .csv or .tsv name",
            ],
        ),
        (
            "old Excel workbook",
            vec![file(
                &d,
                "old.xls",
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            )],
            &[
                "old.xls is an Excel 97–2003 workbook (.xls)",
                "save it as an Excel Workbook (.xlsx) or CSV UTF-8",
            ],
        ),
        (
            "empty file",
            vec![file(&d, "empty.csv", b"")],
            &[
                "empty.csv is empty: there is nothing to audit",
                "export the plan items",
            ],
        ),
        (
            "blank lines only",
            vec![file(&d, "blank.csv", b"\n ,\n\n")],
            &[
                "blank.csv holds only blank lines",
                "column names on the first line",
            ],
        ),
        (
            "empty first sheet",
            vec![workbook_with_empty_first_sheet(&d)],
            &[
                "book.xlsx: the first sheet, “Cover”, is empty",
                "“Cover”, “Plan items”",
                "--sheet NAME",
            ],
        ),
        (
            "no such sheet",
            vec![
                workbook_with_empty_first_sheet(&d),
                "--sheet".into(),
                "Plans".into(),
            ],
            &[
                "book.xlsx: there is no sheet named “Plans”",
                "“Cover”, “Plan items”: give one of these to --sheet",
            ],
        ),
    ];
    for (case, args, expected) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = audit(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{case}: {err}");
        for e in expected {
            assert!(err.contains(e), "{case}: expected “{e}” in: {err}");
        }
        assert!(err.len() < 600, "{case}: {} bytes of message: {err}", err.len());
    }
    // Standard input is named as such.
    let out = common::run_smartplan(&["audit", "-"], &binary);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("standard input is not a CSV, TSV, JSON Lines or Excel (.xlsx) file"),
        "{}",
        stderr(&out)
    );
    // The right sheet named, the same workbook reads.
    let book = workbook_with_empty_first_sheet(&d);
    assert_eq!(
        texts(&records(&audit(&[&book, "--sheet", "Plan items"]))),
        ["Mum to attend"]
    );
}

/// `report` given an export instead of an audit's output says what it reads
/// and how to make a report from an export.
#[test]
fn report_given_an_export_says_what_it_reads() {
    let d = dir("report-messages");
    let export = file(&d, "export.csv", b"ID,Statement\n1,Mum to attend\n");
    let binary = file(&d, "book.xlsx", &[0x50, 0x4B, 3, 4, 0xFF, 0xFE, 0, 0, 0x80, 0x81]);
    let page = s(&d.join("r.html"));
    let records = d.join("r.jsonl");
    let made = audit(&[&export, "--jsonl", &s(&records)]);
    assert!(made.status.success());
    let records = s(&records);
    let cases: [(&str, Vec<&str>, &[&str]); 4] = [
        (
            "CSV as records",
            vec!["--records", &export],
            &[
                "export.csv line 1 is not what --records reads (it is not JSON)",
                "`smartplan audit EXPORT --jsonl FILE`",
                "`smartplan audit EXPORT --html report.html`",
            ],
        ),
        (
            "workbook as records",
            vec!["--records", &binary],
            &[
                "book.xlsx line 1 is not what --records reads (it is not text)",
                "`smartplan audit EXPORT --html report.html`",
            ],
        ),
        (
            "CSV as summary",
            vec!["--summary", &export],
            &[
                "export.csv is not an audit summary (it is not JSON)",
                "`smartplan audit EXPORT --summary FILE`",
            ],
        ),
        (
            "CSV as plans",
            vec!["--records", &records, "--plans", &export],
            &[
                "export.csv line 1 is not what --plans reads (it is not JSON)",
                "`smartplan audit EXPORT --plans FILE`",
            ],
        ),
    ];
    for (case, args, expected) in cases {
        let mut all = vec!["report", "-o", &page];
        all.extend(args);
        let out = smartplan(&all);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{case}: {err}");
        for e in expected {
            assert!(err.contains(e), "{case}: expected “{e}” in: {err}");
        }
        assert!(!Path::new(&page).exists(), "{case}");
    }
    // The page never replaces its own input.
    let before = std::fs::read(&records).unwrap();
    let out = smartplan(&["report", "--records", &records, "-o", &records]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is the input file"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&records).unwrap(), before);
}

/// Writes a one-sheet workbook (deflated, as Excel saves) from its sheet
/// XML and, if given, its shared-string table.
fn write_workbook(path: &Path, sheet: &[u8], shared_strings: Option<&[u8]>) {
    use std::io::Write;
    let strings_type = r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#;
    let strings_rel = r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#;
    let (strings_type, strings_rel) = match shared_strings {
        Some(_) => (strings_type, strings_rel),
        None => ("", ""),
    };
    let types = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{strings_type}</Types>"#
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let book = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Statements" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let book_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{strings_rel}</Relationships>"#
    );
    let mut parts = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", book_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(strings) = shared_strings {
        parts.push(("xl/sharedStrings.xml", strings));
    }
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in parts {
        z.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
}

/// A workbook whose sheet XML names a cell far beyond Excel's last column
/// (XFD): it is refused with a message, not padded out to that column (a
/// 1 KB file once took 600 MB and more).
#[test]
fn a_cell_beyond_excels_last_column_is_refused_not_padded() {
    let d = dir("beyond-xfd");
    let sheet = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Statement</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Mum to attend</t></is></c></row><row r="3"><c r="AAAAAA3" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#;
    let path = d.join("odd.xlsx");
    write_workbook(&path, sheet.as_bytes(), None);
    let start = std::time::Instant::now();
    let out = audit(&[&s(&path), "--jsonl", &s(&d.join("out.jsonl"))]);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("beyond column XFD") && err.contains("row 3"),
        "{err}"
    );
}

/// A workbook whose shared-string table claims more entries than its bytes
/// can hold (the fuzzer's 1 KB file said 844,444,444,444,444): calamine
/// reserved memory for them all and the audit aborted with no message. It
/// is refused with a message naming the file, exit 2, and no output. A
/// table whose counts are merely wrong but possible, or whose `count` (uses
/// in the sheets) far exceeds its entries, as Excel writes for repeated
/// texts, is still read.
#[test]
fn a_workbook_whose_shared_string_count_is_impossible_is_refused() {
    let d = dir("impossible-shared-strings");
    let sheet = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>"#;
    let table = |counts: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" {counts}><si><t>Statement</t></si><si><t>Mum to attend</t></si></sst>"#
        )
    };
    // As the fuzz target packs its input: sheet XML, 0x1F, shared strings.
    let found = std::fs::read(common::repo_path(
        "fuzz/seeds/audit_xlsx/impossible_unique_count.xml",
    ))
    .unwrap();
    let split = found.iter().position(|&b| b == 0x1f).unwrap();
    let (found_sheet, found_strings) = (&found[..split], &found[split + 1..]);
    let refused: [(&str, &[u8], Vec<u8>); 4] = [
        ("found-by-fuzzer", found_sheet, found_strings.to_vec()),
        (
            "huge",
            sheet.as_bytes(),
            table(r#"count="2" uniqueCount="844444444444444""#).into_bytes(),
        ),
        (
            "zero-padded",
            sheet.as_bytes(),
            table(r#"uniqueCount="000000000000000000000000000099999999999""#).into_bytes(),
        ),
        (
            "prefixed",
            sheet.as_bytes(),
            table(r#"x:uniqueCount="9" uniqueCount='4000000000'"#)
                .replace("<sst ", "<x:sst xmlns:x=\"urn:x\" ")
                .into_bytes(),
        ),
    ];
    for (case, sheet, strings) in &refused {
        let path = d.join(format!("{case}.xlsx"));
        write_workbook(&path, sheet, Some(strings));
        let output = d.join(format!("{case}.jsonl"));
        let out = audit(&[&s(&path), "--jsonl", &s(&output)]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{case}: {err}");
        assert!(
            err.contains(&format!("{case}.xlsx"))
                && err.contains("list of texts is damaged")
                && err.contains("save it again"),
            "{case}: {err}"
        );
        assert!(!output.exists(), "{case}: an output file was written");
    }
    for (case, counts) in [
        ("honest", r#"count="2" uniqueCount="2""#),
        ("uses-beyond-entries", r#"count="5000000" uniqueCount="2""#),
        ("a-few-too-many", r#"count="9" uniqueCount="9""#),
        ("no-counts", ""),
    ] {
        let path = d.join(format!("{case}.xlsx"));
        write_workbook(&path, sheet.as_bytes(), Some(table(counts).as_bytes()));
        let out = audit(&[&s(&path)]);
        assert_eq!(texts(&records(&out)), ["Mum to attend"], "{case}");
    }
}
