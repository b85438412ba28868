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
mod shared;

use clap::{Parser, Subcommand};
pub use shared::{Failure, Global};

#[derive(Debug, Parser)]
#[command(
    name = "smartplan",
    version,
    about = "Checks statements in children's plans against SMART: who, what, by when, how we will know."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
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
        Command::Audit(args) => audit::run(&cli.global, args),
        Command::Check(args) => check::run(&cli.global, args),
        Command::Eval(args) => eval::run(&cli.global, args),
        Command::Report(args) => report::run(args),
        Command::Serve(args) => serve::run(&cli.global, args),
        Command::Rewrite(args) => rewrite::run(&cli.global, args),
        Command::Generate(args) => generate::run(&cli.global, args),
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
