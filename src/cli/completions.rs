//! `smartplan completions SHELL`: a completion script for the shell, made from
//! the same definition as `--help`, so it offers exactly the real commands and
//! options.

use super::shared::Failure;
use clap_complete::Shell;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `cli` is the whole command line's definition (the caller's `Cli::command()`).
pub fn run(args: &Args, mut cli: clap::Command) -> Result<i32, Failure> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cli, "smartplan", &mut out);
    std::io::Write::flush(&mut out)?;
    Ok(0)
}
