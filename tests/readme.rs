//! Follows README.md as a newcomer would, on a fresh copy of the repository:
//! every command of every ```sh block runs, in README order, in one working
//! folder, with `smartplan` on PATH, and must succeed; a ```text block right
//! after an ```sh block is the output of that block's last command, where `…`
//! stands for anything.
//!
//! Handled specially, and only these (any other `cargo`, `sudo` or `apt-get`
//! command fails the test, so a new one has to be thought about here):
//! - `cargo install --locked --path .` is not run: the binary this test run
//!   built (the same package and profile) is put on PATH instead, where the
//!   install would have put it. `.ci/run` runs the README's first command as
//!   written, install included (checked below).
//! - The README's test command is not run (it would run this test again);
//!   `.ci/run` must run exactly that command (checked below).
//! - `smartplan serve` runs in the background on a free port (`--port 0`)
//!   instead of 8080, which may be taken; later commands' `127.0.0.1:8080`
//!   is replaced by the address it prints; it is stopped at the end.
//!
//! HOME is a temporary folder, so commands that write under `~` stay inside it.

mod common;

use common::run_bounded;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const INSTALL: &str = "cargo install --locked --path .";
const README_PORT: &str = "127.0.0.1:8080";
const TIMEOUT: Duration = Duration::from_secs(120);

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fenced block: its info string, its lines, and the README line it starts on.
struct Block {
    lang: String,
    lines: Vec<String>,
    at: usize,
}

fn blocks(readme: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in readme.lines().enumerate() {
        match (open.take(), line.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    lang: info.trim().to_string(),
                    lines: vec![],
                    at: i + 1,
                })
            }
            (None, None) => {}
            (Some(b), Some(_)) => out.push(b),
            (Some(mut b), None) => {
                b.lines.push(line.to_string());
                open = Some(b);
            }
        }
    }
    assert!(
        open.is_none(),
        "README.md has a fenced block that is never closed"
    );
    out
}

/// The commands of an `sh` block: lines joined where they end in `\`, blank
/// lines and `#` comments left out.
fn commands(block: &Block) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in &block.lines {
        if let Some(head) = line.strip_suffix('\\') {
            pending.push_str(head);
            continue;
        }
        pending.push_str(line);
        let command = std::mem::take(&mut pending).trim().to_string();
        if !command.is_empty() && !command.starts_with('#') {
            out.push(command);
        }
    }
    out
}

/// The README's test command: the whole of the second `sh` block.
fn test_command(blocks: &[Block]) -> String {
    let sh: Vec<&Block> = blocks.iter().filter(|b| b.lang == "sh").collect();
    let cmds = commands(sh[1]);
    assert_eq!(
        cmds.len(),
        1,
        "the README's second command block is the test command alone"
    );
    cmds[0].clone()
}

/// Kills the background server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `smartplan serve …` on a free port; returns it and the address it listens on.
fn start_server(command: &str, bin: &Path) -> (Server, String) {
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    assert!(
        !args.contains(&"--port"),
        "README serve command already names a port: {command}"
    );
    let mut child = Command::new(bin)
        .args(&args)
        .args(["--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start smartplan serve");
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("smartplan serve said where it listens within 30 s");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (server, addr)
}

/// Runs one command with bash in `dir`; returns its standard output, or panics
/// with both outputs when it fails or takes longer than TIMEOUT.
fn run(command: &str, dir: &Path, env_path: &str, home: &Path, logs: &Path) -> String {
    let mut cmd = Command::new("bash");
    cmd.args(["-e", "-o", "pipefail", "-c", command])
        .current_dir(dir)
        .env("PATH", env_path)
        .env("HOME", home);
    let what = format!("README command `{command}`");
    let (status, stdout, stderr) = run_bounded(cmd, logs, "command", TIMEOUT, &what);
    assert!(
        status.success(),
        "README command failed ({status}): {command}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    stdout
}

/// Panics unless every piece of `expected` between `…`s is found, in order, in `actual`.
fn assert_shows(expected: &[String], actual: &str, command: &str, at: usize) {
    let mut from = 0;
    for line in expected {
        for piece in line.split('…').map(str::trim).filter(|p| !p.is_empty()) {
            match actual[from..].find(piece) {
                Some(i) => from += i + piece.len(),
                None => panic!(
                    "README.md line {at}: the output shown for `{command}` has “{piece}”, \
                     which the real output lacks (after what matched before it):\n{actual}"
                ),
            }
        }
    }
}

/// The repository's top-level tracked files and folders: what a fresh clone has.
fn tracked_top_level() -> Vec<String> {
    let out = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(repo())
        .output();
    let mut names: Vec<String> = match out {
        Ok(o) if o.status.success() && !o.stdout.is_empty() => o
            .stdout
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).split('/').next().unwrap().to_string())
            .collect(),
        // Not a git checkout (a source archive): everything but build output.
        _ => std::fs::read_dir(repo())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !["target", "out", ".git"].contains(&n.as_str()))
            .collect(),
    };
    names.sort();
    names.dedup();
    names
}

#[test]
fn readme_commands_run_as_written_on_a_fresh_copy() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let blocks = blocks(&readme);
    let test_command = test_command(&blocks);
    let ci = std::fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == test_command),
        ".ci/run does not run the README's test command `{test_command}`"
    );

    let root = std::env::temp_dir().join(format!("smartplan-readme-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (clone, home, bin, logs) = (
        root.join("smartplan"),
        root.join("home"),
        root.join("bin"),
        root.join("logs"),
    );
    for d in [&clone, &home, &bin, &logs] {
        std::fs::create_dir_all(d).unwrap();
    }
    for name in tracked_top_level() {
        std::os::unix::fs::symlink(repo().join(&name), clone.join(&name)).unwrap();
    }
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_smartplan"));
    let env_path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());

    let mut installed = false;
    let mut server: Option<(Server, String)> = None;
    let mut ran = 0;
    // The last command of the latest sh block, and its output.
    let mut previous: Option<(String, String)> = None;
    for block in &blocks {
        if block.lang == "text" {
            if let Some((command, output)) = previous.take() {
                assert_shows(&block.lines, &output, &command, block.at);
            }
            continue;
        }
        previous = None;
        if block.lang != "sh" {
            continue;
        }
        let mut last = None;
        for command in commands(block) {
            if command == test_command {
                continue;
            }
            let mut command = command.clone();
            if let Some(rest) = command.strip_prefix(INSTALL) {
                assert!(
                    !installed && ran == 0,
                    "the install is the README's first command"
                );
                std::os::unix::fs::symlink(&binary, bin.join("smartplan")).unwrap();
                installed = true;
                command = rest.trim_start().trim_start_matches("&&").trim().to_string();
                assert!(
                    ci.lines().any(|l| l.trim() == format!("{INSTALL} && {command}")),
                    ".ci/run does not run the README's first command as written"
                );
                if command.is_empty() {
                    continue;
                }
            }
            let first = command.split_whitespace().next().unwrap_or("");
            assert!(
                !["cargo", "sudo", "apt-get", "apt"].contains(&first),
                "README.md line {}: this test does not know how to follow `{command}`",
                block.at
            );
            assert!(
                installed,
                "README.md line {}: `{command}` runs before smartplan is installed",
                block.at
            );
            if command.starts_with("smartplan serve") {
                assert!(server.is_none(), "the README starts serve twice");
                server = Some(start_server(&command, &binary));
                last = Some((command, String::new()));
                continue;
            }
            if let Some((_, addr)) = &server {
                command = command.replace(README_PORT, addr);
            } else {
                assert!(
                    !command.contains(README_PORT),
                    "README.md line {}: `{command}` needs smartplan serve started before it",
                    block.at
                );
            }
            let output = run(&command, &clone, &env_path, &home, &logs);
            ran += 1;
            last = Some((command, output));
        }
        previous = last;
    }
    assert!(
        installed,
        "the README's first command installs smartplan ({INSTALL})"
    );
    assert!(server.is_some(), "the README shows smartplan serve");
    assert!(ran >= 10, "only {ran} README commands ran");
    // The first command's promise: these files in out/.
    for name in [
        "audit.jsonl",
        "summary.json",
        "audit.xlsx",
        "plans.jsonl",
        "report.html",
    ] {
        let f = clone.join("out").join(name);
        assert!(
            f.metadata().map(|m| m.len() > 0).unwrap_or(false),
            "{} not written",
            f.display()
        );
    }
    assert!(home.join(".local/share/man/man1/smartplan-audit.1").is_file());
    assert!(home
        .join(".local/share/bash-completion/completions/smartplan")
        .is_file());
    drop(server);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn readme_starts_with_the_main_job_then_the_tests() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let blocks = blocks(&readme);
    let first_section = readme.lines().find(|l| l.starts_with("## ")).unwrap();
    assert_eq!(first_section, "## Start here");
    assert_eq!(blocks[0].lang, "sh", "the README's first block is a command");
    let first = commands(&blocks[0]);
    assert_eq!(first.len(), 1);
    assert!(
        first[0].starts_with(&format!("{INSTALL} && smartplan audit corpus/sample-export.csv ")),
        "{}",
        first[0]
    );
    assert_eq!(
        blocks[1].lang, "sh",
        "the README's second block is the test command"
    );
    let test = test_command(&blocks);
    assert!(test.contains("cargo test --release"), "{test}");
}
