//! Any statement, any reference date, optional owner and due cells: the
//! analyser must not panic and every span must point into the text.
//!
//! Input layout (so a seed file is simply a statement): fields separated by
//! the ASCII unit separator 0x1F — `text \x1f as_of \x1f owner \x1f due`.
//! `as_of` is days from 0001-01-01 or `YYYY-MM-DD`; missing fields are None.
//! Bytes are read lossily as UTF-8 (`check` rejects invalid UTF-8 before the
//! analyser ever sees it; that path has its own test).
#![no_main]

use libfuzzer_sys::fuzz_target;
use smartplan::{Analyser, Context};
use std::sync::OnceLock;

static ANALYSER: OnceLock<Analyser> = OnceLock::new();

fn as_of(field: Option<&str>) -> chrono::NaiveDate {
    let default = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    let Some(f) = field else { return default };
    f.trim()
        .parse::<i32>()
        .ok()
        .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
        .or_else(|| chrono::NaiveDate::parse_from_str(f.trim(), "%Y-%m-%d").ok())
        .unwrap_or(default)
}

fuzz_target!(|data: &[u8]| {
    let analyser = ANALYSER.get_or_init(Analyser::builtin);
    let all = String::from_utf8_lossy(data);
    let mut fields = all.split('\u{1f}');
    let text = fields.next().unwrap_or("");
    let as_of = as_of(fields.next());
    let ctx = Context {
        owner_cell: fields.next(),
        due_cell: fields.next(),
        ..Context::new(smartplan::Reference::given(as_of))
    };
    let a = analyser.analyse(text, &ctx);
    assert_eq!(a.text, text);
    if let Err(e) = a.check_contract() {
        panic!("{e}");
    }
    serde_json::to_string(&a).expect("record serialises");
});
