//! `smartplan audit` end to end: input formats, encodings, columns, bad input,
//! plan checks, formula neutralising and thread-count determinism.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("smartplan-audit-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn audit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smartplan"))
        .arg("audit")
        .args(["--as-of", "2026-01-10"])
        .args(args)
        .output()
        .unwrap()
}

fn write(d: &Path, name: &str, bytes: &[u8]) -> String {
    let p = d.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

/// Each line of a JSON Lines file.
fn json_lines(p: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The plan record's check named `id`.
fn plan_check(plan: &serde_json::Value, id: &str) -> serde_json::Value {
    plan["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == id)
        .unwrap()
        .clone()
}

fn records(out: &Output) -> Vec<serde_json::Value> {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const CSV: &str = "ID,Statement,Responsible Person,By When\nr1,Mum to attend the alcohol service weekly,,\nr2,\"SW to visit\nthe children\",SW,30/04/2026\nr3,N/A,,\nr4,,,\n";

#[test]
fn csv_rows_become_records_in_order_with_blank_and_na_skipped() {
    let d = dir("csv");
    let f = write(&d, "a.csv", CSV.as_bytes());
    let recs = records(&audit(&[&f]));
    let ids: Vec<_> = recs
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["r1", "r2", "r3", "r4"]);
    assert!(recs[0]["score"].is_number());
    assert_eq!(recs[1]["text"], "SW to visit\nthe children");
    assert!(recs[2]["skipped"].as_str().unwrap().contains("not applicable"));
    assert_eq!(recs[3]["skipped"], "blank statement");
}

#[test]
fn tsv_and_semicolon_delimiters_are_sniffed() {
    let d = dir("tsv");
    for (name, sep) in [("a.tsv", "\t"), ("b.txt", ";")] {
        let f = write(&d, name, CSV.replace(',', sep).as_bytes());
        let recs = records(&audit(&[&f]));
        assert_eq!(recs.len(), 4, "{name}");
        assert_eq!(recs[0]["text"], "Mum to attend the alcohol service weekly");
    }
}

#[test]
fn jsonl_input_is_read_by_key() {
    let d = dir("jsonl");
    let f = write(
        &d,
        "a.jsonl",
        b"{\"id\":\"j1\",\"outcome\":\"Leo will attend school every day\"}\nnot json\n{\"id\":\"j3\",\"outcome\":\"n/a\"}\n",
    );
    let recs = records(&audit(&[&f]));
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["id"], "j1");
    assert!(recs[1]["error"].as_str().unwrap().contains("line 2"));
    assert!(recs[2]["skipped"].is_string());
}

/// Blank lines are not rows, whatever white space or byte-order mark they
/// hold (files joined end to end leave a mark mid-file); line numbers count
/// every line.
#[test]
fn jsonl_blank_and_byte_order_mark_lines_are_not_rows() {
    let d = dir("jsonl-blank");
    let f = write(
        &d,
        "b.jsonl",
        "\u{feff}{\"id\":\"j1\",\"outcome\":\"Leo will attend school every day\"}\n\n\u{feff}\n \u{a0} \nnot json\n{\"id\":\"j6\",\"outcome\":\"Mum to attend\"}\n"
            .as_bytes(),
    );
    let recs = records(&audit(&[&f]));
    assert_eq!(recs.len(), 3, "{recs:?}");
    assert_eq!(recs[0]["id"], "j1");
    assert!(
        recs[1]["error"].as_str().unwrap().contains("line 5"),
        "{}",
        recs[1]
    );
    assert_eq!(recs[2]["id"], "j6");
}

#[test]
fn xlsx_input_first_sheet_and_named_sheet() {
    let d = dir("xlsx");
    let p = d.join("a.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Other").unwrap();
    ws.write_string(0, 0, "Action").unwrap();
    ws.write_string(1, 0, "Dad to complete the parenting course within 8 weeks")
        .unwrap();
    let ws = book.add_worksheet();
    ws.set_name("Plans").unwrap();
    ws.write_string(0, 0, "What will happen").unwrap();
    ws.write_string(0, 1, "Who").unwrap();
    ws.write_string(1, 0, "Attend the clinic").unwrap();
    ws.write_string(1, 1, "Mum").unwrap();
    ws.write_string(2, 0, "Visit weekly").unwrap();
    book.save(&p).unwrap();
    let f = p.to_string_lossy();
    let recs = records(&audit(&[&f]));
    assert_eq!(recs.len(), 1);
    assert_eq!(
        recs[0]["text"],
        "Dad to complete the parenting course within 8 weeks"
    );
    let recs = records(&audit(&[&f, "--sheet", "plans"]));
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[1]["text"], "Visit weekly");
}

/// The sheet is read cell by cell as a stream: a table that starts below
/// and to the right of A1, a blank row, a missing cell and a number id come
/// through as a range read gives them.
#[test]
fn xlsx_streamed_keeps_offsets_gaps_and_numbers() {
    let d = dir("xlsx-stream");
    let p = d.join("b.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["Row ID", "Statement", "Who"].iter().enumerate() {
        ws.write_string(2, 1 + c as u16, *h).unwrap();
    }
    ws.write_number(3, 1, 101.0).unwrap();
    ws.write_string(3, 2, "Mum to attend the clinic by 30/04/2026")
        .unwrap();
    ws.write_string(3, 3, "Mum").unwrap();
    ws.write_string(5, 1, "R2").unwrap();
    ws.write_string(5, 2, "Visit weekly").unwrap();
    ws.write_string(6, 1, "R3").unwrap();
    ws.write_string(6, 3, "SW").unwrap();
    book.save(&p).unwrap();
    let recs = records(&audit(&[&p.to_string_lossy()]));
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["101", "R2", "R3"]);
    assert_eq!(recs[0]["text"], "Mum to attend the clinic by 30/04/2026");
    assert_eq!(recs[1]["text"], "Visit weekly");
    assert!(recs[2]["skipped"].is_string(), "{}", recs[2]);
}

#[test]
fn xlsx_that_is_a_zip_of_something_else_is_a_clear_input_error() {
    let d = dir("badzip");
    let p = d.join("fake.xlsx");
    // A valid zip holding a text file, not a workbook: build one with the writer's own zip by saving
    // a workbook and replacing it with a stored zip of a plain file is overkill; a minimal zip will do.
    let mut z = Vec::new();
    let name = b"notes.txt";
    let data = b"hello";
    let crc = crc32(data);
    z.extend_from_slice(&[0x50, 0x4b, 3, 4, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    z.extend_from_slice(&crc.to_le_bytes());
    z.extend_from_slice(&(data.len() as u32).to_le_bytes());
    z.extend_from_slice(&(data.len() as u32).to_le_bytes());
    z.extend_from_slice(&(name.len() as u16).to_le_bytes());
    z.extend_from_slice(&[0, 0]);
    z.extend_from_slice(name);
    z.extend_from_slice(data);
    let cd = z.len() as u32;
    z.extend_from_slice(&[0x50, 0x4b, 1, 2, 20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    z.extend_from_slice(&crc.to_le_bytes());
    z.extend_from_slice(&(data.len() as u32).to_le_bytes());
    z.extend_from_slice(&(data.len() as u32).to_le_bytes());
    z.extend_from_slice(&(name.len() as u16).to_le_bytes());
    z.extend_from_slice(&[0; 12]);
    z.extend_from_slice(&0u32.to_le_bytes());
    z.extend_from_slice(name);
    let cd_len = z.len() as u32 - cd;
    z.extend_from_slice(&[0x50, 0x4b, 5, 6, 0, 0, 0, 0, 1, 0, 1, 0]);
    z.extend_from_slice(&cd_len.to_le_bytes());
    z.extend_from_slice(&cd.to_le_bytes());
    z.extend_from_slice(&[0, 0]);
    std::fs::write(&p, z).unwrap();
    let out = audit(&[&p.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not an Excel workbook"), "{}", stderr(&out));
}

fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

#[test]
fn utf8_bom_and_windows_1252_are_decoded() {
    let d = dir("enc");
    let mut bom = b"\xEF\xBB\xBFStatement\n".to_vec();
    bom.extend_from_slice("Zoë to see the nurse\n".as_bytes());
    let recs = records(&audit(&[&write(&d, "bom.csv", &bom)]));
    assert_eq!(recs[0]["text"], "Zoë to see the nurse");
    let cp = b"Statement\nZo\xEB to see the nurse \x96 weekly\n";
    let recs = records(&audit(&[&write(&d, "cp.csv", cp)]));
    assert_eq!(recs[0]["text"], "Zoë to see the nurse – weekly");
    let recs = records(&audit(&[&write(&d, "cp2.csv", cp), "--encoding", "windows-1252"]));
    assert_eq!(recs[0]["text"], "Zoë to see the nurse – weekly");
}

#[test]
fn invalid_utf8_cell_in_a_utf8_file_is_an_error_record() {
    let d = dir("badutf8");
    let f = write(&d, "a.csv", b"Statement\nMum to attend\nbad \xFF byte\n");
    let recs = records(&audit(&[&f, "--encoding", "utf-8"]));
    assert_eq!(recs.len(), 2);
    assert!(recs[0]["score"].is_number());
    assert!(recs[1]["error"]
        .as_str()
        .unwrap()
        .contains("line 3: the statement holds bytes that are not UTF-8 text"));
}

#[test]
fn column_aliases_are_matched_case_insensitively() {
    let d = dir("alias");
    let f = write(&d, "a.csv", b"PLAN_ID,what needs to change,WHO,by when,Plan Start Date\np,Mum to stop drinking,mum,next week,23/07/2021\n");
    let out = audit(&[&f, "--columns"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("“what needs to change” (column 2) — section outcome"),
        "{text}"
    );
    assert!(text.contains("responsible     “WHO”"), "{text}");
    assert!(text.contains("target date     “by when”"), "{text}");
    assert!(text.contains("plan date       “Plan Start Date”"), "{text}");
}

#[test]
fn missing_statement_column_lists_headers_and_exits_2() {
    let d = dir("missing");
    let f = write(&d, "a.csv", b"Foo,Bar\n1,2\n");
    let out = audit(&[&f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("“Foo”, “Bar”"));
    let out = audit(&[&f, "--text-column", "Baz"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn owner_and_due_cells_reach_the_analyser() {
    let d = dir("owner");
    let with = write(
        &d,
        "a.csv",
        b"Action,Responsible,Target date\nAttend the clinic,Mum,30/04/2026\n",
    );
    let without = write(
        &d,
        "b.csv",
        b"Action,Responsible,Target date\nAttend the clinic,,\n",
    );
    let a = &records(&audit(&[&with]))[0];
    let b = &records(&audit(&[&without]))[0];
    assert!(
        a["smart"]["specific"]["score"].as_u64() > b["smart"]["specific"]["score"].as_u64(),
        "{a}\n{b}"
    );
    assert!(a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["rule"] != "missing-owner"));
    assert!(b["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "missing-owner"));
}

#[test]
fn malformed_lines_are_reported_and_the_run_goes_on() {
    let d = dir("malformed");
    let f = write(&d, "a.csv", b"ID,Statement,Who\nr1,SW to visit weekly\nr2,Mum to attend,Mum,extra\nr3,\"never closed,Mum\nr4,Dad to call school,Dad\n");
    let out = audit(&[&f]);
    let recs = records(&out);
    let err = stderr(&out);
    assert!(err.contains("line 2: 2 cells where the header has 3"), "{err}");
    assert!(err.contains("line 3: 4 cells"), "{err}");
    assert_eq!(recs.len(), 4);
    assert!(recs[0]["score"].is_number());
    assert!(recs[1]["score"].is_number());
    assert!(recs[2]["error"].as_str().unwrap().contains("line 4"));
    assert_eq!(recs[3]["id"], "r4");
    let strict = audit(&[&f, "--strict"]);
    assert_eq!(strict.status.code(), Some(2));
}

#[test]
fn oversized_cell_is_an_error_record() {
    let d = dir("big");
    let long = "a".repeat(50);
    let f = write(
        &d,
        "a.csv",
        format!("Statement\n{long}\nSW to visit\n").as_bytes(),
    );
    let recs = records(&audit(&[&f, "--max-chars", "20"]));
    assert!(recs[0]["error"].as_str().unwrap().contains("50 characters"));
    assert!(recs[1]["score"].is_number());
}

#[test]
fn duplicate_headers_first_wins_with_a_warning() {
    let d = dir("dup");
    let f = write(&d, "a.csv", b"Statement,Statement\nfirst one,second one\n");
    let out = audit(&[&f]);
    assert!(stderr(&out).contains("repeats the header"));
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["text"], "first one");
}

#[test]
fn empty_file_is_an_error_and_header_only_gives_no_records() {
    let d = dir("empty");
    let out = audit(&[&write(&d, "e.csv", b"")]);
    assert_eq!(out.status.code(), Some(2));
    let out = audit(&[&write(&d, "h.csv", b"Statement\n")]);
    assert!(records(&out).is_empty());
    assert!(stderr(&out).contains("0 rows read"));
}

/// Cells a spreadsheet could run as a formula: `= + - @`, their fullwidth
/// forms, the same after spaces or line breaks, a leading tab or CR.
const FORMULA_LIKE: [&str; 10] = [
    "=HYPERLINK(\"x\")",
    "+44 1234",
    "＝1+1",
    "－5",
    "＋1",
    "＠SUM(A1)",
    " =1+1",
    "\n@cmd",
    "  \r\n-2",
    "\t-1",
];
const PLAIN: [&str; 4] = ["Mum to attend", "e-mail the school", " plain", "1+1=2"];

/// The output's statement cells, read back with smartplan's own CSV reader.
fn first_cells_of_csv(p: &Path) -> Vec<String> {
    use smartplan::batch::input::{DelimitedReader, Encoding, RowSource};
    let f = std::fs::File::open(p).unwrap();
    let mut r = DelimitedReader::new(f, Some(b','), Some(Encoding::Utf8), 1 << 20).unwrap();
    std::iter::from_fn(|| r.next_row().unwrap())
        .map(|row| row.cells[0].clone())
        .collect()
}

/// The named part of a zip file, as text.
fn zip_part(p: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(p).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// Whether cell `at` (such as "A2") of the first sheet has a style with
/// Excel's quote prefix.
fn quote_prefixed(sheet: &str, styles: &str, at: &str) -> bool {
    let cell = sheet
        .split(&format!("<c r=\"{at}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no cell {at}"));
    let tag = &cell[..cell.find('>').unwrap()];
    let Some(style) = tag.split(" s=\"").nth(1) else {
        return false;
    };
    let index: usize = style[..style.find('"').unwrap()].parse().unwrap();
    let xfs = styles.split("<cellXfs").nth(1).unwrap();
    let xf = xfs.split("<xf ").nth(index + 1).unwrap();
    xf[..xf.find('>').unwrap()].contains("quotePrefix=\"1\"")
}

#[test]
fn formula_like_cells_are_neutralised_in_csv_and_marked_as_text_in_xlsx() {
    let d = dir("formula");
    let cells: Vec<&str> = FORMULA_LIKE.iter().chain(&PLAIN).copied().collect();
    let mut input = String::from("Statement,Who\n");
    for c in &cells {
        input += &format!("\"{}\",Mum\n", c.replace('"', "\"\""));
    }
    let f = write(&d, "a.csv", input.as_bytes());
    let csv = d.join("o.csv");
    let xlsx = d.join("o.xlsx");
    let out = audit(&[
        &f,
        "--csv",
        &csv.to_string_lossy(),
        "--xlsx",
        &xlsx.to_string_lossy(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = first_cells_of_csv(&csv);
    assert_eq!(written.len(), cells.len());
    for (c, w) in cells.iter().zip(&written) {
        let expected = if FORMULA_LIKE.contains(c) {
            format!("'{c}")
        } else {
            c.to_string()
        };
        assert_eq!(w, &expected, "CSV cell {c:?}");
    }
    // The xlsx keeps the text exactly and marks the cell as text.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range("Statements").unwrap();
    let (sheet, styles) = (
        zip_part(&xlsx, "xl/worksheets/sheet1.xml"),
        zip_part(&xlsx, "xl/styles.xml"),
    );
    for (i, c) in cells.iter().enumerate() {
        assert_eq!(
            range.get_value((i as u32 + 1, 0)).unwrap().to_string(),
            *c,
            "xlsx cell {c:?}"
        );
        let at = format!("A{}", i + 2);
        assert_eq!(
            quote_prefixed(&sheet, &styles, &at),
            FORMULA_LIKE.contains(c),
            "xlsx style of {c:?}"
        );
    }
    assert!(book.sheet_names().contains(&"Summary".to_string()));
}

#[test]
fn plan_checks_group_non_contiguous_rows_in_order_of_first_appearance() {
    let d = dir("plans");
    let f = write(
        &d,
        "a.csv",
        b"Plan ID,Row ID,Section,Statement,Responsible,By when,Review date,Team\n\
P2,1,Need,Mum drinks in the evenings,,,01/05/2026,North\n\
P1,2,Outcome,Leo will attend school every day,,,,South\n\
P2,3,Outcome,Mum will be sober when caring for the children,,,,North\n\
P1,4,Action,Mum to attend the alcohol service,Mum,,,South\n\
P2,5,Action,SW to visit weekly,SW,30/04/2026,,North\n",
    );
    let plans = d.join("plans.jsonl");
    let out = audit(&[
        &f,
        "--plans",
        &plans.to_string_lossy(),
        "--jsonl",
        &d.join("o.jsonl").to_string_lossy(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let plans = json_lines(&plans);
    assert_eq!(plans[0]["plan"], "P2");
    assert_eq!(plans[0]["rows"], 3);
    assert_eq!(plans[0]["group"]["Team"], "North");
    let check = plan_check;
    assert_eq!(check(&plans[0], "review-date-set")["passed"], true);
    assert_eq!(check(&plans[1], "review-date-set")["passed"], false);
    assert_eq!(check(&plans[1], "action-has-deadline")["passed"], false);
    assert_eq!(check(&plans[1], "action-has-deadline")["rows"][0], "4");
    assert_eq!(check(&plans[1], "not-family-alone")["passed"], false);
    assert_eq!(check(&plans[0], "not-family-alone")["passed"], true);
    assert!(plans[1]["score"].as_u64().unwrap() < plans[0]["score"].as_u64().unwrap());
}

/// A "by when" cell that the analyser reads as a deadline ("within 6 weeks")
/// satisfies the plan's deadline check, as it does the statement's Timely
/// score; a vague one ("ongoing") satisfies neither.
#[test]
fn plan_deadline_check_reads_the_due_cell_as_the_score_does() {
    let d = dir("plans-due");
    let f = write(
        &d,
        "a.csv",
        b"Plan ID,Row ID,Section,Statement,By when
P1,1,Action,Mum to attend the parenting course,within 6 weeks
P1,2,Action,SW to visit the family,30/04/2026
P2,3,Action,Dad to attend the alcohol service,ongoing
",
    );
    let plans = d.join("plans.jsonl");
    let o = d.join("o.jsonl");
    let out = audit(&[
        &f,
        "--plans",
        &plans.to_string_lossy(),
        "--jsonl",
        &o.to_string_lossy(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let deadline: Vec<serde_json::Value> = json_lines(&plans)
        .iter()
        .map(|p| plan_check(p, "action-has-deadline"))
        .collect();
    assert_eq!(deadline[0]["passed"], true, "{}", deadline[0]);
    assert_eq!(deadline[1]["passed"], false);
    assert_eq!(deadline[1]["rows"][0], "3");
    let timely: Vec<u64> = json_lines(&o)
        .iter()
        .map(|r| r["smart"]["timely"]["score"].as_u64().unwrap())
        .collect();
    assert_eq!(timely[0], 2);
    assert!(timely[2] < 2);
}

#[test]
fn side_by_side_statement_columns_give_one_record_each_with_suffixed_ids() {
    let d = dir("multi");
    let f = write(
        &d,
        "a.csv",
        b"Plan,ID,Need,Outcome,Action\nP,7,Mum drinks,,SW to visit weekly\n",
    );
    let plans = d.join("p.jsonl");
    let out = audit(&[&f, "--plans", &plans.to_string_lossy()]);
    let recs = records(&audit(&[&f]));
    assert!(out.status.success());
    let ids: Vec<_> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["7:concern", "7:outcome", "7:action"]);
    let p: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&plans).unwrap().lines().next().unwrap()).unwrap();
    let c = p["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "concern-has-outcome")
        .unwrap();
    assert_eq!(c["passed"], false);
    assert_eq!(c["rows"][0], "7:concern");
}

#[test]
fn output_is_byte_identical_with_one_and_two_threads() {
    let outs = audit_on_threads("threads", &["--rows", "20000", "--seed", "3"], &["1", "2"]);
    assert_eq!(String::from_utf8_lossy(&outs[0].0).lines().count(), 20000);
    assert!(outs[0].0 == outs[1].0, "jsonl differs");
    assert!(outs[0].1 == outs[1].1, "csv differs");
    assert_eq!(outs[0].2, outs[1].2);
    assert!(outs[0].3 == outs[1].3, "plans differ");
}

/// A run's outputs: JSON Lines, CSV, summary (its time taken out) and plans.
type Outputs = (Vec<u8>, Vec<u8>, serde_json::Value, Vec<u8>);

/// Generates an export with `generate` and audits it once on each of
/// `threads`, writing every output that depends on the rows' order.
fn audit_on_threads(name: &str, generate: &[&str], threads: &[&str]) -> Vec<Outputs> {
    let d = dir(name);
    let src = d.join("g.csv");
    let gen = Command::new(env!("CARGO_BIN_EXE_smartplan"))
        .arg("generate")
        .args(generate)
        .args(["-o", &src.to_string_lossy()])
        .status()
        .unwrap();
    assert!(gen.success());
    threads
        .iter()
        .map(|t| {
            let j = d.join(format!("o{t}.jsonl"));
            let c = d.join(format!("o{t}.csv"));
            let s = d.join(format!("s{t}.json"));
            let p = d.join(format!("p{t}.jsonl"));
            let out = audit(&[
                &src.to_string_lossy(),
                "--threads",
                t,
                "--jsonl",
                &j.to_string_lossy(),
                "--csv",
                &c.to_string_lossy(),
                "--summary",
                &s.to_string_lossy(),
                "--plans",
                &p.to_string_lossy(),
            ]);
            assert!(out.status.success(), "{}", stderr(&out));
            let mut summary: serde_json::Value = serde_json::from_slice(&std::fs::read(&s).unwrap()).unwrap();
            summary["generated_at"] = serde_json::Value::Null;
            (
                std::fs::read(&j).unwrap(),
                std::fs::read(&c).unwrap(),
                summary,
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// Chunks are analysed as whole tasks on whichever thread is free, each
/// thread with its own cache of repeated statements, and written back in
/// input order: more threads than cores, on an export whose statements are
/// nearly all distinct, must still give the one-thread bytes.
#[test]
fn distinct_export_is_byte_identical_on_one_and_three_threads() {
    let outs = audit_on_threads(
        "threads-distinct",
        &["--distinct", "--rows", "6000", "--seed", "11"],
        &["1", "3"],
    );
    let ids: Vec<String> = String::from_utf8_lossy(&outs[0].0)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids.len(), 6000);
    assert_eq!(ids[0], "\"R0000001\"");
    assert_eq!(ids[5999], "\"R0006000\"");
    assert!(outs[0].0 == outs[1].0, "jsonl differs");
    assert!(outs[0].1 == outs[1].1, "csv differs");
    assert_eq!(outs[0].2, outs[1].2);
    assert!(outs[0].3 == outs[1].3, "plans differ");
}
