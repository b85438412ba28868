//! The `smartplan` command line: a thin front over the library.
//! Exit codes: 0 done, 1 findings at or above `--fail-on`, 2 usage or input error.
//! A closed pipe (`smartplan … | head`) ends quietly with 0.

mod audit;
mod check;
mod eval;
pub mod generate;
mod report;
mod rewrite;
mod serve;

use crate::analysis::Analyser;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "smartplan",
    version,
    about = "Checks statements in children's plans against SMART: who, what, by when, how we will know."
)]
pub struct Cli {
    /// A folder of lexicon files (*.toml) that add to or override the built-in word lists.
    #[arg(long, global = true, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score every statement of a case-management export (CSV, TSV, JSON Lines or Excel).
    Audit(Box<audit::Args>),
    /// Check one statement, or one statement per line on standard input.
    Check(check::Args),
    /// Write a synthetic case-management export (tests, benchmarks).
    #[command(hide = true)]
    Generate(generate::Args),
    /// Measure the analyser against a labelled corpus (JSON Lines).
    Eval(eval::Args),
    /// Turn an audit's records and summary into one HTML page to open, email and print.
    Report(report::Args),
    /// A local web page for checking statements as you type, and a JSON API.
    Serve(serve::Args),
    /// Propose a SMART rewrite of a statement, with [slots] for what it does not say.
    Rewrite(rewrite::Args),
}

/// Failure of a command, with the exit code it maps to.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure {
            code: 2,
            message: e.to_string(),
        }
    }
}

/// The statements a one-at-a-time command works on: its argument, or standard
/// input, one per line. With `keep_blank`, blank lines stay (so records line
/// up with input lines). When there is nothing to work on, the usage error
/// says `nothing`.
pub fn statements_from(text: Option<&str>, keep_blank: bool, nothing: &str) -> Result<Vec<String>, Failure> {
    use std::io::BufRead;
    let statements = match text {
        Some(t) => vec![t.to_string()],
        None => {
            let mut v = Vec::new();
            for line in std::io::stdin().lock().lines() {
                let line = line.map_err(|e| match e.kind() {
                    std::io::ErrorKind::InvalidData => Failure::usage(
                        "standard input is not UTF-8 text: save the file as UTF-8 (in Excel: CSV UTF-8) and try again",
                    ),
                    _ => Failure::usage(format!("cannot read standard input: {e}")),
                })?;
                if keep_blank || !line.trim().is_empty() {
                    v.push(line.trim_end_matches('\r').to_string());
                }
            }
            v
        }
    };
    if statements.iter().all(|s| s.trim().is_empty()) {
        return Err(Failure::usage(nothing));
    }
    Ok(statements)
}

/// Opens a file the user named, to read; when it cannot be, the message
/// names it and says what to do.
pub fn open_input(path: &std::path::Path) -> Result<std::fs::File, Failure> {
    let shown = path.display();
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(Failure::usage(format!(
            "{shown} is a folder, not a file: name a file inside it"
        )));
    }
    std::fs::File::open(path).map_err(|e| {
        Failure::usage(match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("cannot open {shown}: there is no such file; check the name and the folder")
            }
            std::io::ErrorKind::PermissionDenied => format!(
                "cannot open {shown}: you do not have permission to read it; ask for access or copy it somewhere you can read"
            ),
            _ => format!("cannot open {shown}: {e}"),
        })
    })
}

pub fn load_analyser(dir: Option<&std::path::Path>) -> Result<Analyser, Failure> {
    Analyser::with_lexicons(dir).map_err(|e| Failure::usage(e.to_string()))
}

/// Parses a `YYYY-MM-DD` option.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("expected a date as YYYY-MM-DD, got “{s}”"))
}

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match &cli.command {
        Command::Audit(args) => audit::run(&cli, args),
        Command::Check(args) => check::run(&cli, args),
        Command::Eval(args) => eval::run(&cli, args),
        Command::Report(args) => report::run(args),
        Command::Serve(args) => serve::run(&cli, args),
        Command::Rewrite(args) => rewrite::run(&cli, args),
        Command::Generate(args) => generate::run(&cli, args),
    };
    match result {
        Ok(code) => code,
        Err(f) if f.message.contains("Broken pipe") => 0,
        Err(f) => {
            eprintln!("smartplan: {}", f.message);
            f.code
        }
    }
}
