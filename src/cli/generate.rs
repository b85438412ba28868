//! `smartplan generate`: synthetic case-management exports to try `audit` on,
//! and for tests and benchmarks. Every statement is invented; nothing comes
//! from real plans.

use super::shared::{Failure, Global};
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many statement rows to write.
    #[arg(long, default_value_t = 2000, value_name = "N")]
    pub rows: u64,
    /// Seed for the invented plans: the same seed gives the same file.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub seed: u64,
    /// File format.
    #[arg(long, default_value = "csv", value_parser = ["csv", "tsv"])]
    pub format: String,
    /// Also draw statements from a corpus (JSON Lines with a "text" key).
    #[arg(long, value_name = "FILE")]
    pub statements: Option<PathBuf>,
    /// Where to write the export (default: standard output).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

const CONCERNS: &[&str] = &[
    "Mum's drinking means the children are not always safe in the evenings",
    "Jayden has missed a lot of school this term",
    "There have been arguments between the adults that the children have heard",
    "The home is not always clean and there is little food in the cupboards",
    "Dad finds it hard to manage Leo's behaviour",
    "Ava's weight has dropped and she has missed health appointments",
    "Worries about who is visiting the home late at night",
    "Grandmother is struggling to care for the children on her own",
];
const OUTCOMES: &[&str] = &[
    "Mum will be sober when caring for the children",
    "Jayden will attend school at least 90% of the time by the end of the spring term",
    "The children will live in a home free from shouting and violence",
    "The home will be clean and safe and there will be food for every meal",
    "Leo's behaviour will improve",
    "Ava will be a healthy weight, checked by the school nurse each month",
    "The children will feel safe at home",
    "Things will get better for the family",
];
const ACTIONS: &[&str] = &[
    "Mum to engage with services",
    "SW to visit weekly and see the children on their own",
    "Mum to attend all six sessions at the alcohol service by 30/04/2026",
    "School to call Dad by 10am on any day Jayden is absent",
    "Dad to complete the parenting course within 8 weeks",
    "Health visitor to weigh Ava every two weeks and share the results with the core group",
    "Family to work with professionals as needed",
    "Professionals to monitor the situation",
    "Mum will try to keep the house tidy",
    "Mum has said she wants the children to stay with her and will ring the SW if she is struggling",
    "Early help worker to help Mum set up a weekly budget before the next review",
    "Ensure appropriate support is in place asap",
];
const OWNERS: &[&str] = &[
    "Mum",
    "Dad",
    "SW",
    "Social worker",
    "School",
    "Health visitor",
    "Professionals",
    "",
    "N/A",
    "Family",
    "Jo Smith (EHW)",
];
const DUES: &[&str] = &[
    "30/04/2026",
    "ongoing",
    "",
    "asap",
    "next review",
    "2026-03-31",
    "within 6 weeks",
    "N/A",
    "weekly",
    "end of term",
];
const TEAMS: &[&str] = &[
    "North",
    "South",
    "East",
    "West",
    "Disabled Children",
    "Early Help Hub",
];
const TYPES: &[&str] = &["CIN", "CP", "LAC", "EH"];
const WORKERS: &[&str] = &[
    "A. Worker",
    "B. Worker",
    "C. Worker",
    "D. Worker",
    "E. Worker",
    "F. Worker",
    "G. Worker",
];

/// splitmix64: small, fast and the same on every platform.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

fn field(s: &str, delim: char) -> String {
    if s.contains([delim, '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes `rows` synthetic rows. Plans hold 3–9 rows and are sometimes interleaved.
pub fn write_export(
    out: &mut dyn Write,
    rows: u64,
    seed: u64,
    delim: char,
    extra: &[String],
) -> io::Result<()> {
    let mut r = Rng(seed);
    let d = delim.to_string();
    let head = [
        "Row ID",
        "Plan ID",
        "Child ID",
        "Plan Type",
        "Team",
        "Worker",
        "Plan Start Date",
        "Section",
        "Statement",
        "Responsible Person",
        "By When",
        "Review Date",
    ];
    writeln!(out, "{}", head.join(&d))?;
    let mut plan = 0u64;
    let mut left = 0;
    let mut prev_plan = 0u64;
    let (mut ty, mut team, mut worker, mut date, mut review) = ("", "", "", String::new(), String::new());
    for i in 0..rows {
        if left == 0 {
            prev_plan = plan;
            plan += 1;
            left = 3 + r.below(7);
            ty = r.pick(TYPES);
            team = r.pick(TEAMS);
            worker = r.pick(WORKERS);
            let (y, m, dd) = (2019 + r.below(7), 1 + r.below(12), 1 + r.below(28));
            date = if r.below(3) == 0 {
                format!("{y}-{m:02}-{dd:02}")
            } else {
                format!("{dd:02}/{m:02}/{y}")
            };
            review = if r.below(5) == 0 {
                String::new()
            } else {
                format!("{:02}/{:02}/{}", dd, (m % 12) + 1, y)
            };
        }
        left -= 1;
        // Now and then a row belongs to the previous plan: plans are not always contiguous.
        let this_plan = if prev_plan > 0 && r.below(20) == 0 {
            prev_plan
        } else {
            plan
        };
        let (section, text) = match r.below(10) {
            0..=1 => ("Need", r.pick(CONCERNS).to_string()),
            2..=4 => ("Outcome", r.pick(OUTCOMES).to_string()),
            _ if !extra.is_empty() && r.below(3) == 0 => ("Action", extra[r.below(extra.len())].clone()),
            _ => ("Action", r.pick(ACTIONS).to_string()),
        };
        let text = match r.below(100) {
            0 => String::new(),
            1 => "N/A".into(),
            2 => format!("{text}\nto be discussed at core group"),
            3 => format!("={text}"),
            4 => format!("{text} - {}", r.pick(OWNERS)),
            _ => text,
        };
        let cells = [
            format!("R{:07}", i + 1),
            format!("PL-{:06}", this_plan),
            format!("C{:05}", this_plan * 7 % 99_991),
            ty.to_string(),
            team.to_string(),
            worker.to_string(),
            date.clone(),
            section.to_string(),
            text,
            r.pick(OWNERS).to_string(),
            r.pick(DUES).to_string(),
            review.clone(),
        ];
        let line: Vec<String> = cells.iter().map(|c| field(c, delim)).collect();
        out.write_all(line.join(&d).as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

pub fn run(_global: &Global, args: &Args) -> Result<i32, Failure> {
    let mut extra = Vec::new();
    if let Some(p) = &args.statements {
        let text = std::fs::read_to_string(p)
            .map_err(|e| Failure::usage(format!("cannot read {}: {e}", p.display())))?;
        for line in text.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    extra.push(t.to_string());
                }
            }
        }
    }
    let delim = if args.format == "tsv" { '\t' } else { ',' };
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => {
            Box::new(io::BufWriter::new(std::fs::File::create(p).map_err(|e| {
                Failure::usage(format!("cannot write {}: {e}", p.display()))
            })?))
        }
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    write_export(&mut out, args.rows, args.seed, delim, &extra)?;
    out.flush()?;
    Ok(0)
}
