//! `smartplan rewrite`: the proposed SMART rewrite of one statement, or of
//! each line on standard input.

use super::shared::{load_analyser, statements_from, Failure, Global};
use crate::stage::{Context, Reference};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The statement to rewrite. Without it, or with `-`, statements are read from standard input, one per line.
    pub text: Option<String>,
    /// Output: `human` (the statement and its rewrite) or `json` (one object per line).
    #[arg(long, default_value = "human", value_parser = ["human", "json"])]
    pub format: String,
    /// Reference date for relative timescales (default: today).
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date_arg)]
    pub as_of: Option<chrono::NaiveDate>,
}

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    kind: &'static str,
    score: u8,
    rewrite: Option<&'a crate::record::Rewrite>,
}

pub fn run(global: &Global, args: &Args) -> Result<i32, Failure> {
    let statements = statements_from(
        args.text.as_deref(),
        false,
        "nothing to rewrite: give a statement, e.g. smartplan rewrite \"Mum to engage with services\", or pipe statements in, one per line",
    )?;
    let analyser = load_analyser(global.lexicons.as_deref())?;
    let ctx = Context::new(Reference::given_or_today(
        args.as_of,
        chrono::Local::now().date_naive(),
    ));
    let mut out = io::BufWriter::new(io::stdout().lock());
    for (i, text) in statements.iter().enumerate() {
        let a = analyser.analyse(text, &ctx);
        if args.format == "json" {
            let line = Line {
                text: &a.text,
                kind: a.kind.name(),
                score: a.score,
                rewrite: a.rewrite.as_ref(),
            };
            serde_json::to_writer(&mut out, &line).map_err(io::Error::from)?;
            writeln!(out)?;
            continue;
        }
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}", a.text)?;
        match &a.rewrite {
            // Left as written: nothing the rewrite can mend, or words best
            // kept as they are (a young person's own wish, a record of the past).
            None => writeln!(out, "  left as written ({}, {}/100)", a.kind.name(), a.score)?,
            Some(r) => {
                writeln!(out, "  rewrite: {}", r.text)?;
                if !r.slots.is_empty() {
                    writeln!(out, "  fill in: {}", r.slots.join(" "))?;
                }
                for alt in &r.alternatives {
                    writeln!(out, "  or, as {}: {}", alt.reading, alt.text)?;
                }
            }
        }
    }
    out.flush()?;
    Ok(0)
}
