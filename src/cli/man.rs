//! `smartplan man`: the manual page in roff, made from the same definition as
//! `--help`. One page for `smartplan` and one per command (`smartplan-audit`, …),
//! as git and cargo do, so `man smartplan-audit` shows every audit option.

use super::shared::Failure;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The command whose page to print (default: the page for smartplan itself).
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Option<String>,
    /// Write every page (smartplan.1, smartplan-audit.1, …) into this folder
    /// instead, creating it if needed. Pages of an older smartplan there are
    /// replaced; no other file is touched.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `cli` is the whole command line's definition (the caller's `Cli::command()`).
pub fn run(args: &Args, cli: clap::Command) -> Result<i32, Failure> {
    // Built, so each command knows its full name, and without clap's own
    // `help` command, which needs no page.
    let mut tree = cli.disable_help_subcommand(true);
    tree.build();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(tree, dir))
            .map_err(|e| {
                Failure::usage(format!(
                    "cannot write the manual pages into {}: {e}",
                    dir.display()
                ))
            })?;
        return Ok(0);
    }
    let page = match args.command.as_deref() {
        None => tree,
        Some(name) => match tree.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = tree.get_subcommands().map(|s| s.get_name()).collect();
                return Err(Failure::usage(format!(
                    "there is no command “{name}”; pages exist for: {}",
                    names.join(", ")
                )));
            }
        },
    };
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(page).render(&mut out)?;
    out.flush()?;
    Ok(0)
}
