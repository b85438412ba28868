//! `smartplan generate --distinct`: the export the audit bench measures by
//! default must look like a real one, where nearly every statement is new.

use std::collections::HashSet;

fn statements(distinct: bool, rows: u64) -> Vec<String> {
    let mut csv = Vec::new();
    smartplan::cli::generate::write_export_with(&mut csv, rows, 7, ',', &[], distinct).unwrap();
    let reader = smartplan::batch::input::DelimitedReader::new(&csv[..], None, None, 1 << 20).unwrap();
    let headers = smartplan::batch::input::RowSource::headers(&reader).to_vec();
    let col = headers.iter().position(|h| h == "Statement").unwrap();
    let mut reader = reader;
    let mut out = Vec::new();
    while let Some(row) = smartplan::batch::input::RowSource::next_row(&mut reader).unwrap() {
        assert!(row.error.is_none() && row.warning.is_none(), "{row:?}");
        out.push(row.cells[col].clone());
    }
    assert_eq!(out.len() as u64, rows);
    out
}

#[test]
fn distinct_export_has_nine_in_ten_statements_new_of_realistic_length() {
    let texts = statements(true, 20_000);
    let distinct = texts.iter().collect::<HashSet<_>>().len();
    assert!(
        distinct * 10 >= texts.len() * 9,
        "{distinct} of {} distinct",
        texts.len()
    );
    // The bundled corpora average 70-105 characters a statement.
    let mean = texts.iter().map(|t| t.chars().count()).sum::<usize>() / texts.len();
    assert!((60..=140).contains(&mean), "mean length {mean}");
}

#[test]
fn templated_export_repeats_its_statements() {
    // The counter-case: without --distinct, a few dozen templates.
    let texts = statements(false, 20_000);
    let distinct = texts.iter().collect::<HashSet<_>>().len();
    assert!(distinct < 1_000, "{distinct} distinct");
}
