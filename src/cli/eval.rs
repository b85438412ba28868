//! `smartplan eval FILE`: precision, recall and F1 against a labelled corpus.

use super::shared::{load_analyser, Failure, Global};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labelled statements, JSON Lines (see corpus/README.md); `-` reads standard input.
    #[arg(default_value = "corpus/statements.jsonl")]
    pub files: Vec<std::path::PathBuf>,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list the commonest timescale and measure span misses (missed
    /// labelled spans and spans found that are not labelled), up to N each.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "20")]
    pub misses: Option<usize>,
}

pub fn run(global: &Global, args: &Args) -> Result<i32, Failure> {
    let analyser = load_analyser(global.lexicons.as_deref())?;
    let mut items = Vec::new();
    for f in &args.files {
        let text = if f.as_os_str() == "-" {
            std::io::read_to_string(std::io::stdin())
        } else {
            std::fs::read_to_string(f)
        }
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", f.display())))?;
        items.extend(
            crate::eval::parse_corpus(&text).map_err(|e| Failure::usage(format!("{}: {e}", f.display())))?,
        );
    }
    let report = crate::eval::evaluate(&analyser, &items, chrono::Local::now().date_naive());
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(std::io::Error::from)?
        );
    } else {
        print!("{}", report.to_table());
    }
    if let Some(n) = args.misses {
        print!("{}", report.misses_table(n));
    }
    Ok(0)
}
