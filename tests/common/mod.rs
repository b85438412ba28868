//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use smartplan::{Analyser, Context, Reference};

pub fn analyser() -> &'static Analyser {
    static A: OnceLock<Analyser> = OnceLock::new();
    A.get_or_init(Analyser::builtin)
}

/// The reference date most tests analyse at: 8 September 2025.
pub fn ctx() -> Context<'static> {
    Context::new(Reference::given(day(2025, 9, 8)))
}

/// A context with no date given: "today" is pinned to 8 September 2025 so
/// results never depend on the day the tests run.
pub fn undated() -> Context<'static> {
    Context::new(Reference::today(day(2025, 9, 8)))
}

pub fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// Runs the `smartplan` binary with `args` and `stdin`. Standard input is fed
/// from a thread, so a large input cannot stall against a full output pipe.
pub fn run_smartplan(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smartplan"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run smartplan");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

pub fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The record schema, a copy of the shared contract kept in `schema/`.
pub fn schema_validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let text = std::fs::read_to_string(repo_path("schema/smartplan-record.schema.json")).unwrap();
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        jsonschema::validator_for(&schema).expect("schema compiles")
    })
}

/// Panics with every schema error when `record` does not validate.
pub fn assert_valid_record(record: &serde_json::Value) {
    let v = schema_validator();
    let errors: Vec<String> = v
        .iter_errors(record)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "record breaks the schema: {errors:?}\n{record}"
    );
}
