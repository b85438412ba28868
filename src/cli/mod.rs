//! The `smartplan` command line: a thin front over the library.
//! Exit codes: 0 done, 1 findings at or above `--fail-on`, 2 usage or input error.
//! A closed pipe (`smartplan … | head`) ends quietly with 0.

mod audit;
mod check;
mod completions;
mod compose;
mod eval;
pub mod generate;
mod man;
mod report;
mod rewrite;
mod serve;
mod shared;

use clap::{CommandFactory, Parser, Subcommand};
use shared::Global;

/// Examples shown by `smartplan --help` (not by `-h`, which stays one screen).
const EXAMPLES: &str = "\
Examples:
  smartplan check \"Mum to engage with services as appropriate\"
  smartplan check - < statements.txt
  smartplan audit export.csv --jsonl out/audit.jsonl --summary out/summary.json --html out/report.html
  smartplan serve

Each command has its own help: smartplan help audit, or smartplan audit --help.
Nothing is sent anywhere: every command works offline.";

/// The `smartplan` command line as clap reads it. Public so that tests and
/// packaging can build the clap command (`Cli::command()`, from
/// `clap::CommandFactory`) for completions and manual pages.
#[derive(Debug, Parser)]
#[command(
    name = "smartplan",
    version,
    propagate_version = true,
    about = "Checks statements in children's plans against SMART: who, what, by when, how we will know.",
    long_about = "Checks statements in children's plans against SMART: who, what, by when, how we will know.\n\n\
        Scores each statement 0-100 on Specific, Measurable, Agreed, Realistic and Timely, \
        lists what is missing or vague, and proposes a better wording with [slots] for the facts \
        the statement does not give: one statement at a time (check, rewrite), a whole \
        case-management export (audit, then report), or a local page (serve).",
    after_long_help = EXAMPLES
)]
pub struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Score every statement of a case-management export (CSV, TSV, JSON Lines or Excel).
    #[command(after_long_help = "\
Examples:
  smartplan audit corpus/sample-export.csv --jsonl out/audit.jsonl --summary out/summary.json --html out/report.html
  smartplan audit export.xlsx --sheet Plans --columns
  smartplan audit - --summary summary.json < export.csv")]
    Audit(Box<audit::Args>),
    /// Check one statement, or one statement per line on standard input.
    #[command(after_long_help = "\
Examples:
  smartplan check \"Mum to attend all 6 parenting sessions by 30/04/2026\"
  smartplan check --format json \"Dad to engage with services\"
  smartplan check - --fail-on error < statements.txt")]
    Check(check::Args),
    /// Write an invented case-management export to try audit on, or to time it.
    Generate(generate::Args),
    /// Measure the analyser against a labelled corpus (JSON Lines).
    Eval(eval::Args),
    /// Turn an audit's records and summary into one HTML page to open, email and print.
    Report(report::Args),
    /// A local web page for checking statements as you type, and a JSON API.
    Serve(serve::Args),
    /// Propose a SMART rewrite of a statement, with [slots] for what it does not say.
    Rewrite(rewrite::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell or elvish).
    #[command(after_long_help = "\
Examples:
  smartplan completions bash > ~/.local/share/bash-completion/completions/smartplan
  smartplan completions zsh > ~/.zfunc/_smartplan
  smartplan completions fish > ~/.config/fish/completions/smartplan.fish")]
    Completions(completions::Args),
    /// Print the manual page, or write one page per command into a folder.
    #[command(after_long_help = "\
Examples:
  smartplan man | man -l -
  smartplan man --dir ~/.local/share/man/man1")]
    Man(man::Args),
}

/// Runs the command line on the process's arguments and returns the exit
/// code: 0 done, 1 findings at or above `--fail-on`, 2 usage or input error.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Every command says its version as the program's, as `--version` does
        // at the top (clap would say `smartplan-check 0.1.0`).
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayVersion => {
            println!("smartplan {}", env!("CARGO_PKG_VERSION"));
            return 0;
        }
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match &cli.command {
        Command::Audit(args) => audit::run(&cli.global, args),
        Command::Check(args) => check::run(&cli.global, args),
        Command::Eval(args) => eval::run(&cli.global, args),
        Command::Report(args) => report::run(args),
        Command::Serve(args) => serve::run(&cli.global, args),
        Command::Rewrite(args) => rewrite::run(&cli.global, args),
        Command::Generate(args) => generate::run(&cli.global, args),
        Command::Completions(args) => completions::run(args, Cli::command()),
        Command::Man(args) => man::run(args, Cli::command()),
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
