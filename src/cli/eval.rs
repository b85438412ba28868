//! `smartplan eval FILE`: precision, recall and F1 against a labelled corpus.

use super::shared::{load_analyser, Failure, Global};
use std::io::Write;

/// The labelled sets measured when no file is named, each reported apart.
const DEFAULT_SETS: &[&str] = &[
    "corpus/statements.jsonl",
    "corpus/seeds.jsonl",
    "corpus/plan-types.jsonl",
    "corpus/real-world.jsonl",
];

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labelled statements, JSON Lines (see corpus/README.md), each file
    /// reported as its own set; `-` reads standard input. Default: the
    /// bundled sets that exist (own corpus, seeds, plan types, real world).
    pub files: Vec<std::path::PathBuf>,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list the commonest timescale and measure span misses (missed
    /// labelled spans and spans found that are not labelled), up to N each.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "20")]
    pub misses: Option<usize>,
    /// Also give each set's headline figures per publisher (statements with a `source`).
    #[arg(long)]
    pub by_source: bool,
    /// List each statement whose kind was missed.
    #[arg(long)]
    pub kind_misses: bool,
}

pub fn run(global: &Global, args: &Args) -> Result<i32, Failure> {
    let analyser = load_analyser(global.lexicons.as_deref())?;
    let files: Vec<std::path::PathBuf> = if args.files.is_empty() {
        DEFAULT_SETS
            .iter()
            .map(std::path::PathBuf::from)
            .filter(|p| p.exists())
            .collect()
    } else {
        args.files.clone()
    };
    let today = chrono::Local::now().date_naive();
    let mut sets = Vec::new();
    for f in &files {
        let text = if f.as_os_str() == "-" {
            std::io::read_to_string(std::io::stdin())
        } else {
            std::fs::read_to_string(f)
        }
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", f.display())))?;
        let items =
            crate::eval::parse_corpus(&text).map_err(|e| Failure::usage(format!("{}: {e}", f.display())))?;
        let name = f
            .file_stem()
            .map_or("stdin".into(), |s| s.to_string_lossy().into_owned());
        let report = crate::eval::evaluate(&analyser, &items, today);
        let publishers = if args.by_source {
            crate::eval::by_publisher(&analyser, &items, today)
        } else {
            Vec::new()
        };
        sets.push((name, report, publishers));
    }
    // A closed pipe (`eval | head`) ends quietly: write errors go up, not panic.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        let json = match &sets[..] {
            [(_, report, publishers)] if publishers.is_empty() => serde_json::to_string_pretty(report),
            _ => serde_json::to_string_pretty(&serde_json::json!({
                "sets": sets.iter().map(|(name, report, publishers)| serde_json::json!({
                    "name": name,
                    "report": report,
                    "by_publisher": publishers.iter().map(|(p, h)| serde_json::json!({"publisher": p, "figures": h})).collect::<Vec<_>>(),
                })).collect::<Vec<_>>()
            })),
        };
        writeln!(out, "{}", json.map_err(std::io::Error::from)?)?;
        return Ok(0);
    }
    if sets.len() > 1 {
        writeln!(
            out,
            "headline figures (F1 unless marked P; owner = any owner found; time = deadline and frequency spans)"
        )?;
        writeln!(out, "{:<16}{}", "set", crate::eval::Headline::COLUMNS)?;
        for (name, report, _) in &sets {
            writeln!(out, "{:<16}{}", name, report.headline().row())?;
        }
        writeln!(out)?;
    }
    for (name, report, publishers) in &sets {
        if sets.len() > 1 {
            writeln!(out, "== {name} ==")?;
        }
        write!(out, "{}", report.to_table())?;
        if !publishers.is_empty() {
            writeln!(
                out,
                "\nby publisher\n{:<44}{}",
                "publisher",
                crate::eval::Headline::COLUMNS
            )?;
            for (p, h) in publishers {
                let short: String = p.chars().take(42).collect();
                writeln!(out, "{:<44}{}", short, h.row())?;
            }
        }
        if let Some(n) = args.misses {
            write!(out, "{}", report.misses_table(n))?;
        }
        if args.kind_misses {
            for m in report.misses.iter().filter(|m| m.starts_with("kind ")) {
                writeln!(out, "{m}")?;
            }
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(0)
}
