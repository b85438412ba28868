//! `smartplan report`: an audit's output as one self-contained HTML page.

use super::Failure;
use crate::batch::output;
use crate::report::{parse_record_line, PlanRecord, ReportBuilder, ReportMeta, DEFAULT_LIMIT};
use crate::summary::Summary;
use std::io::{BufRead, BufReader, Write};
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
    std::fs::File::open(path)
        .map(BufReader::new)
        .map_err(|e| Failure::usage(format!("cannot open {}: {e}", path.display())))
}

fn lines(path: &Path, mut each: impl FnMut(&str) -> Result<(), String>) -> Result<(), Failure> {
    for (n, line) in open(path)?.lines().enumerate() {
        let line = line.map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
        if line.trim().is_empty() {
            continue;
        }
        each(&line).map_err(|e| Failure::usage(format!("{} line {}: {e}", path.display(), n + 1)))?;
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
            let summary: Summary = serde_json::from_reader(open(p)?)
                .map_err(|e| Failure::usage(format!("{} is not an audit summary: {e}", p.display())))?;
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
        lines(p, |line| {
            let r = parse_record_line(line)?;
            let groups: Vec<(&str, &str)> = r.group.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            builder.add_record(&r.record, &groups, r.plan_date);
            Ok(())
        })?;
    }
    if let Some(p) = &args.plans {
        lines(p, |line| {
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
