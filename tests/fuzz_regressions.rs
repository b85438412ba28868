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
        as_of,
        owner_cell: fields.next(),
        due_cell: fields.next(),
        ..Context::default()
    };
    let a = analyser.analyse(text, &ctx);
    let chars: Vec<char> = text.chars().collect();
    for f in &a.findings {
        if let (Some(s), Some(e), Some(t)) = (f.start, f.end, &f.text) {
            assert!(s <= e && e <= chars.len());
            assert_eq!(chars[s..e].iter().collect::<String>(), *t);
        }
    }
    assert!(a.score <= 100);
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
