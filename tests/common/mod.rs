//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use smartplan::{Analyser, Context};

pub fn analyser() -> &'static Analyser {
    static A: OnceLock<Analyser> = OnceLock::new();
    A.get_or_init(Analyser::builtin)
}

/// The reference date most tests analyse at: 8 September 2025.
pub fn ctx() -> Context<'static> {
    Context {
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 9, 8),
        ..Context::default()
    }
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

/// A fresh, empty folder for one test case: `group` names the test file,
/// `name` the case.
pub fn fresh_dir(group: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("smartplan-{group}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs the `smartplan` binary with `args`, standard input closed.
pub fn smartplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smartplan"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs `smartplan audit` with `args` at a fixed reference date.
pub fn audit(args: &[&str]) -> Output {
    let mut all = vec!["audit", "--as-of", "2026-01-10"];
    all.extend_from_slice(args);
    smartplan(&all)
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A path as an argument.
pub fn arg(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}
