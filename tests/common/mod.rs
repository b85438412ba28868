//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
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

/// A date written `yyyy-mm-dd`, as the test tables write them.
pub fn iso(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a yyyy-mm-dd date")
}

/// One time the timescale detector finds, before scoring keeps or drops it.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectedTime {
    pub text: String,
    pub kind: String,
    pub date: Option<String>,
    pub other_date: Option<String>,
    pub past: bool,
}

/// Every time the detector finds in `text`, read against `as_of`.
pub fn detected_times(text: &str, as_of: chrono::NaiveDate) -> Vec<DetectedTime> {
    let ctx = Context::new(Reference::given(as_of));
    let a = analyser();
    a.with_doc(text, &ctx, |doc| {
        a.draft(doc)
            .timescales
            .iter()
            .map(|t| DetectedTime {
                text: t.span.text(text).to_string(),
                kind: t.kind.name().to_string(),
                date: t.date.map(|d| d.to_string()),
                other_date: t.other_date.map(|d| d.to_string()),
                past: t.past,
            })
            .collect()
    })
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

/// A fresh, empty folder under the system's temporary one, named for the test
/// and this process.
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("smartplan-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A program a test needs, found on PATH, or a panic saying which Debian
/// package brings it and that scripts/install-test-tools.sh installs it.
pub fn on_path(name: &str, package: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(name))
                .find(|f| f.is_file())
        })
        .unwrap_or_else(|| {
            panic!("this test needs `{name}` (Debian's {package}): run scripts/install-test-tools.sh")
        })
}

/// Runs `cmd` to its end with no input, its output in files under `logs`
/// (named `tag`, so nothing can fill a pipe and stall it); returns its exit
/// status, standard output and standard error. Kills it and panics, naming
/// `what`, when it takes longer than `timeout`.
pub fn run_bounded(
    mut cmd: Command,
    logs: &std::path::Path,
    tag: &str,
    timeout: std::time::Duration,
    what: &str,
) -> (std::process::ExitStatus, String, String) {
    let out_path = logs.join(format!("{tag}.out"));
    let err_path = logs.join(format!("{tag}.err"));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{what} did not finish within {timeout:?}:\n{}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let read = |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_default();
    (status, read(&out_path), read(&err_path))
}

/// A fresh, empty folder for one test case: `group` names the test file,
/// `name` the case.
pub fn case_dir(group: &str, name: &str) -> PathBuf {
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
