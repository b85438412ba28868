//! `smartplan check`: one statement, or one per line on standard input.

use super::shared::{load_analyser, statements_from, Failure, Global};
use crate::record::{Analysis, Criterion, Record, Unanalysed, SCHEMA};
use crate::rules::{Rule, Severity};
use crate::stage::{Context, Reference};
use std::io::{self, IsTerminal, Write};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The statement to check. Without it, or with `-`, statements are read from standard input, one per line.
    pub text: Option<String>,
    /// Output: `human` (marked-up text and findings) or `json` (the analysis record, one per line).
    #[arg(long, default_value = "human", value_parser = ["human", "json"])]
    pub format: String,
    /// Reference date for relative timescales (default: today).
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date_arg)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Exit with 1 when any finding is at or above this level.
    #[arg(long, value_name = "LEVEL", value_parser = ["info", "warning", "error"])]
    pub fail_on: Option<String>,
    /// Colour: auto (when writing to a terminal), always or never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
}

pub fn run(global: &Global, args: &Args) -> Result<i32, Failure> {
    let statements = statements_from(
        args.text.as_deref(),
        true,
        "nothing to check: give a statement, e.g. smartplan check \"Mum to attend all 6 sessions by 30/04/2026\", or pipe statements in, one per line",
    )?;
    let analyser = load_analyser(global.lexicons.as_deref())?;
    let ctx = Context::new(Reference::given_or_today(
        args.as_of,
        chrono::Local::now().date_naive(),
    ));
    let fail_on = args.fail_on.as_deref().map(|l| match l {
        "info" => Severity::Info,
        "warning" => Severity::Warning,
        _ => Severity::Error,
    });
    let colour = match args.color.as_str() {
        "always" => true,
        "never" => false,
        _ => io::stdout().is_terminal(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let json = args.format == "json";
    let mut failed = false;
    // Statements piped in are analysed a chunk at a time on every core, and
    // written in input order (issue 17: the same speed a statement as an
    // audit, in the audit's chunks and the same way, each chunk one job).
    let mut chunks = statements.chunks(crate::batch::CHUNK).enumerate();
    crate::batch::ordered::in_order(
        crate::batch::ordered::in_flight(),
        || chunks.next(),
        |(c, chunk)| {
            let mut bytes = Vec::new();
            let mut fails = false;
            for (k, text) in chunk.iter().enumerate() {
                let one = One {
                    index: c * crate::batch::CHUNK + k,
                    json,
                    colour,
                    fail_on,
                };
                fails |= one.render(&mut bytes, &analyser, &ctx, text)?;
            }
            io::Result::Ok((bytes, fails))
        },
        |rendered| {
            let (bytes, fails) = rendered?;
            failed |= fails;
            out.write_all(&bytes)
        },
    )?;
    out.flush()?;
    Ok(if failed { 1 } else { 0 })
}

/// How one statement of a `check` run is written.
struct One {
    /// Its line on standard input, from 0 (human output puts a blank line
    /// before every statement but the first line's).
    index: usize,
    json: bool,
    colour: bool,
    fail_on: Option<Severity>,
}

impl One {
    /// Writes the statement's output to `out`, and says whether it has a
    /// finding at `--fail-on`.
    fn render(
        &self,
        out: &mut Vec<u8>,
        analyser: &crate::Analyser,
        ctx: &Context,
        text: &str,
    ) -> io::Result<bool> {
        if text.trim().is_empty() {
            // One record per input line, so a blank line is kept as skipped.
            if self.json {
                let skipped = Record::Unanalysed(Unanalysed {
                    schema: SCHEMA,
                    id: None,
                    text: text.to_string(),
                    error: None,
                    skipped: Some("blank statement".into()),
                });
                serde_json::to_writer(&mut *out, &skipped).map_err(io::Error::from)?;
                out.push(b'\n');
            }
            return Ok(false);
        }
        let analysis = analyser.analyse(text, ctx);
        let fails = self
            .fail_on
            .is_some_and(|level| analysis.findings.iter().any(|f| f.severity >= level));
        if self.json {
            crate::batch::json::write_analysis(out, &analysis);
            out.push(b'\n');
        } else {
            if self.index > 0 {
                out.push(b'\n');
            }
            write_human(out, &analysis, self.colour)?;
        }
        Ok(fails)
    }
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// The text with control characters (terminal escapes, bell, backspace) and
/// bidi overrides shown as visible symbols, one char for one, so a crafted
/// statement cannot drive the terminal or reorder what the reader sees.
/// Our own colour codes are added around it, never through it.
fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\t')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if !s.chars().any(bad) {
        return s.into();
    }
    s.chars()
        .map(|c| match c {
            c if !bad(c) => c,
            '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            _ => '\u{fffd}',
        })
        .collect()
}

/// The statement with its spans marked, the five criteria, the findings.
pub fn write_human(out: &mut impl Write, a: &Analysis, colour: bool) -> io::Result<()> {
    let p = Paint(colour);
    // Marks: owner ⟨…⟩ blue, timescale green, measure cyan, vague (warning or worse) yellow.
    let mut marks: Vec<(usize, usize, &str, &str)> = Vec::new();
    for o in &a.owners {
        marks.push((o.start, o.end, "34", "who"));
    }
    for t in &a.timescales {
        marks.push((
            t.start,
            t.end,
            if t.kind.name() == "vague" { "33" } else { "32" },
            "when",
        ));
    }
    for m in &a.measures {
        marks.push((m.start, m.end, "36", "measure"));
    }
    for f in &a.findings {
        if let (Some(s), Some(e)) = (f.start, f.end) {
            if f.rule == Rule::VagueTerm && f.severity >= Severity::Warning {
                marks.push((s, e, "33;4", "vague"));
            }
        }
    }
    marks.sort();
    // One char for one, so the spans' char offsets still index it.
    let chars: Vec<char> = printable(&a.text.replace(['\r', '\n'], " ")).chars().collect();
    let mut line = String::new();
    let mut legend = Vec::new();
    let mut pos = 0;
    for (s, e, code, name) in &marks {
        if *s < pos {
            continue; // overlapping mark: the first one shown wins
        }
        line.extend(&chars[pos..*s]);
        let piece: String = chars[*s..*e].iter().collect();
        line.push_str(&p.wrap(code, &format!("[{piece}]")));
        legend.push(format!("{name}: {piece}"));
        pos = *e;
    }
    line.extend(&chars[pos.min(chars.len())..]);
    writeln!(out, "{line}")?;
    writeln!(out, "  kind: {} ({})", a.kind.name(), a.kind_reason)?;
    writeln!(out, "  score: {}/100", a.score)?;
    for c in Criterion::ALL {
        let cs = a.smart.get(c);
        let dots = match cs.score {
            2 => p.wrap("32", "met"),
            1 => p.wrap("33", "partly"),
            _ => p.wrap("31", "missing"),
        };
        writeln!(out, "  {:<11} {:<7} {}", c.name(), dots, cs.reasons.join("; "))?;
    }
    if !a.findings.is_empty() {
        writeln!(out, "  findings:")?;
    }
    for f in &a.findings {
        let sev = match f.severity {
            Severity::Error => p.wrap("31", "error"),
            Severity::Warning => p.wrap("33", "warning"),
            Severity::Info => p.wrap("2", "info"),
        };
        let at = f
            .text
            .as_deref()
            .map(|t| format!(" “{}”", printable(t)))
            .unwrap_or_default();
        writeln!(out, "    {sev} {}{at}: {}", f.rule.id(), printable(&f.message))?;
        if let Some(s) = &f.suggestion {
            writeln!(out, "      try: {}", printable(s))?;
        }
    }
    if let Some(r) = &a.rewrite {
        writeln!(out, "  rewrite: {}", printable(&r.text))?;
    }
    Ok(())
}
