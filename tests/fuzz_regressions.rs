//! Inputs the fuzzer (`fuzz/`, target `analyser`) found that broke the
//! analyser, each named after what it broke. Input layout as in the target:
//! `text \x1f as_of \x1f owner \x1f due`.

use chrono::NaiveDate;
use smartplan::{Analyser, Context};

/// Runs one fuzz input through the analyser with the same checks as the target.
fn run(data: &str) {
    let analyser = Analyser::builtin();
    let mut fields = data.split('\u{1f}');
    let text = fields.next().unwrap_or("");
    let as_of = fields
        .next()
        .and_then(|f| {
            f.trim()
                .parse::<i32>()
                .ok()
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .or_else(|| NaiveDate::parse_from_str(f.trim(), "%Y-%m-%d").ok())
        })
        .or(NaiveDate::from_ymd_opt(2024, 3, 1));
    let ctx = Context {
        owner_cell: fields.next(),
        due_cell: fields.next(),
        ..Context::new(smartplan::Reference::given(as_of.expect("a default date")))
    };
    let a = analyser.analyse(text, &ctx);
    if let Err(e) = a.check_contract() {
        panic!("{text:?}: {e}");
    }
}

/// The committed seed corpus passes the target's checks, so the fuzzer starts
/// from inputs that work and a seed that breaks is caught by `cargo test`.
#[test]
fn committed_fuzz_seeds_pass_the_target_checks() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/analyser");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        run(&String::from_utf8_lossy(&bytes));
        n += 1;
    }
    assert!(n >= 20, "only {n} seeds");
}

/// Cells and reference dates at the edges of the calendar chrono supports.
#[test]
fn extreme_reference_dates_with_relative_timescales() {
    for days in ["1", "-1", "3652059", "-2147483648", "2147483647", "0"] {
        run(&format!("Mum to attend within 999999 weeks by end of March, next Friday\u{1f}{days}\u{1f}Mum\u{1f}within 6 months"));
    }
}

/// Runs bytes through the audit reader and pipeline as `smartplan audit` does
/// (delimiter and encoding sniffed), with the `audit_csv` target's checks:
/// one record per statement column per row, in order, and a reason on every
/// record that is not analysed. Headers with no statement column read the
/// first column as the statement, as the target does.
fn run_audit(data: &[u8]) -> usize {
    use smartplan::batch::{self, columns, input, output, Options};
    use smartplan::record::Record;
    let Ok(src) = input::DelimitedReader::new(std::io::Cursor::new(data.to_vec()), None, None, 1 << 20)
    else {
        return 0;
    };
    let headers = input::RowSource::headers(&src).to_vec();
    let cols =
        columns::Columns::map(&headers, &columns::Given::default()).unwrap_or_else(|_| columns::Columns {
            text: vec![(0, None)],
            ..Default::default()
        });
    let opt = Options {
        max_chars: 10_000,
        reference: smartplan::Reference::given(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()),
        strict: false,
        json: true,
        plan_facts: true,
    };
    let analyser = Analyser::builtin();
    let mut rows = 0;
    let mut last_line = 0;
    batch::process(Box::new(src), &cols, &opt, &analyser, |batch| {
        // The JSON rendered on the pool is the rows' lines, in order.
        let (mut whole, mut by_row) = (Vec::new(), Vec::new());
        output::jsonl_batch(&mut whole, batch)?;
        for d in &batch.rows {
            d.write_jsonl(&mut by_row)?;
        }
        assert_eq!(whole, by_row);
        for d in &batch.rows {
            rows += 1;
            assert!(d.row.line > last_line);
            last_line = d.row.line;
            assert_eq!(d.items.len(), cols.text.len());
            for (_, rec) in &d.items {
                if let Record::Unanalysed(u) = rec {
                    assert!(u
                        .error
                        .as_deref()
                        .or(u.skipped.as_deref())
                        .is_some_and(|r| !r.trim().is_empty()));
                }
            }
        }
        Ok(())
    })
    .unwrap();
    rows
}

/// Found by `audit_csv`: a Windows-1252 export whose statement holds "¼"
/// (0xBC). NFKC turns it into three tokens "1 ⁄ 4" sharing the one
/// character's bytes, and the owner detector's line-break check sliced the
/// text between two of them backwards and panicked (src/detect/owner.rs).
/// Fixed in the tokeniser, which now merges pieces of one source character.
#[test]
fn fraction_character_expanding_into_overlapping_tokens_in_owner_detector() {
    let crash: &[u8] = b"R\t\x01\x00\x00\x08r\n7R1\xf7\xbcum) to attend, weekly\tMum\nR2\t\"tab\tin quo'es\"ow ID\tStatement\t\x01\x00\x00\x08r\n7R1\xf7\xbcum) to attend, weekly\tMum\nR2\t\"tab\tin quo'es\"\tSW\n";
    assert_eq!(run_audit(crash), 4);
    // The same fault in a plain export with a statement column.
    assert_eq!(
        run_audit(b"Statement,Owner\r\nMum to attend \xbc of the sessions,Mum\r\n"),
        1
    );
    assert_eq!(
        run_audit("Statement\nDad to do 1¼ hours each week\n".as_bytes()),
        1
    );
}

/// The committed `audit_csv` seeds pass the audit checks.
#[test]
fn committed_audit_csv_seeds_pass_the_target_checks() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/audit_csv");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        run_audit(&std::fs::read(e.path()).unwrap());
        n += 1;
    }
    assert!(n >= 30, "only {n} seeds");
}

/// The analyser fuzz target (2026-12-06, 30-minute run): a timescale read
/// across a control character ran one token past the statement's end.
#[test]
fn timescale_across_a_control_character_stays_inside_the_statement() {
    run("Mum to= make sure Leah's punctuaytl iimproves so that se is late no more tbefore times in a half term by the end of the spring\u{1}term\u{1f}1012-03-01");
}

/// The analyser fuzz target (2026-12-06, 30-minute run on ebef6d3, at 24
/// minutes): a concern whose negated verb ends the statement ("… hasn't
/// tie") was turned round with its suffix put one token past the end.
/// Fixed in the rewrite (b591dba) the same day, found there by a
/// differential run.
#[test]
fn concern_ending_on_its_negated_verb_is_turned_round_inside_the_statement() {
    run("\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}no\0\0\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}no\0\0\0/es \0\0/e hasn't tie");
}
