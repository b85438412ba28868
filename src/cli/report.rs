//! `smartplan report`: an audit's output as one self-contained HTML page.

use super::shared::Failure;
use crate::batch::output;
use crate::report::{parse_record_line, PlanRecord, ReportBuilder, ReportMeta, DEFAULT_LIMIT};
use crate::summary::Summary;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The audit's summary JSON (`smartplan audit --summary`). Without it the
    /// figures are worked out again from the records.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// The audit's records, one JSON record a line.
    #[arg(long, value_name = "FILE")]
    pub records: Option<PathBuf>,
    /// The audit's plan records, one JSON object a line.
    #[arg(long, value_name = "FILE")]
    pub plans: Option<PathBuf>,
    /// How many of the lowest-scoring statements and plans to list.
    #[arg(long, default_value_t = DEFAULT_LIMIT, value_name = "N")]
    pub limit: usize,
    /// Where to write the page.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

fn open(path: &Path) -> Result<BufReader<std::fs::File>, Failure> {
    super::shared::open_input(path).map(BufReader::new)
}

/// What to do when a file given to `report` is not what it reads.
const FROM_AN_EXPORT: &str =
    "to make a report straight from an export, run `smartplan audit EXPORT --html report.html`";

/// Reads `path` a line at a time; a line that is not text, or that `each`
/// refuses, stops with a message naming the file, its line, what `option`
/// reads (`made_by`: the audit option that writes it) and what to do.
fn lines(
    path: &Path,
    option: &str,
    made_by: &str,
    mut each: impl FnMut(&str) -> Result<(), String>,
) -> Result<(), Failure> {
    let wrong = |n: usize, why: String| {
        Failure::usage(format!(
            "{} line {n} is not what {option} reads ({why}): it reads the JSON Lines that `smartplan audit EXPORT {made_by} FILE` writes; {FROM_AN_EXPORT}",
            path.display()
        ))
    };
    for (n, line) in open(path)?.lines().enumerate() {
        let line = line.map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => wrong(n + 1, "it is not text".into()),
            _ => Failure::usage(format!("cannot read {}: {e}", path.display())),
        })?;
        if line.trim().is_empty() {
            continue;
        }
        each(&line).map_err(|e| {
            // A parser's position ("expected value at line 1 column 1") means
            // nothing to a reader; that the line is not JSON does.
            let not_json = serde_json::from_str::<serde::de::IgnoredAny>(&line).is_err();
            wrong(n + 1, if not_json { "it is not JSON".into() } else { e })
        })?;
    }
    Ok(())
}

pub fn run(args: &Args) -> Result<i32, Failure> {
    if args.summary.is_none() && args.records.is_none() {
        return Err(Failure::usage(
            "nothing to report: give --records R.jsonl (and --summary S.json if you have it), e.g. smartplan report --summary S.json --records R.jsonl -o report.html",
        ));
    }
    crate::batch::cleanup::remove_partials_on_interrupt();
    let inputs: Vec<&Path> = [&args.summary, &args.records, &args.plans]
        .into_iter()
        .filter_map(|p| p.as_deref())
        .collect();
    output::check_outputs(&inputs, &[("-o", &args.output)]).map_err(Failure::usage)?;
    let mut builder = match &args.summary {
        Some(p) => {
            let mut text = Vec::new();
            open(p)?
                .read_to_end(&mut text)
                .map_err(|e| Failure::usage(format!("cannot read {}: {e}", p.display())))?;
            let summary: Summary = serde_json::from_slice(&text).map_err(|e| {
                let why = match serde_json::from_slice::<serde::de::IgnoredAny>(&text) {
                    Err(_) => "it is not JSON".to_string(),
                    Ok(_) => e.to_string(),
                };
                Failure::usage(format!(
                    "{} is not an audit summary ({why}): --summary reads the JSON that `smartplan audit EXPORT --summary FILE` writes; {FROM_AN_EXPORT}",
                    p.display()
                ))
            })?;
            ReportBuilder::with_summary(summary, args.limit)
        }
        None => ReportBuilder::new(ReportMeta {
            input: args
                .records
                .as_ref()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned()),
            lexicons: vec![],
            generated_at: String::new(),
            limit: args.limit,
        }),
    };
    if let Some(p) = &args.records {
        lines(p, "--records", "--jsonl", |line| {
            let r = parse_record_line(line)?;
            let groups: Vec<(&str, &str)> = r.group.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            builder.add_record(&r.record, &groups, r.plan_date);
            Ok(())
        })?;
    }
    if let Some(p) = &args.plans {
        lines(p, "--plans", "--plans", |line| {
            let plan: PlanRecord =
                serde_json::from_str(line).map_err(|e| format!("not a plan record: {e}"))?;
            builder.add_plan(&plan);
            Ok(())
        })?;
    }
    let page = builder.render();
    let mut page_file = output::Atomic::create(&args.output)?;
    page_file.w.write_all(page.as_bytes())?;
    page_file.commit()?;
    Ok(0)
}
