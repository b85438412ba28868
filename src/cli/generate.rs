//! `smartplan generate`: synthetic case-management exports to try `audit` on,
//! and for tests and benchmarks. Every statement is invented; nothing comes
//! from real plans.

use super::compose::Rng;
use super::shared::{Failure, Global};
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
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
    /// Compose every statement from parts (names, roles, dates, measures,
    /// clauses), so that nearly all are distinct, as in real exports; without
    /// it statements come from a few dozen templates and mostly repeat.
    #[arg(long)]
    pub distinct: bool,
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
/// Signs of Safety danger statements: some say what the worry means for the
/// child, some do not.
const DANGERS: &[&str] = &[
    "We are worried that if Dad drinks while caring for Leo, Leo could be hurt because no sober adult is watching him",
    "Social workers are worried that the shouting at home frightens the children and that Ava could be hurt if she is caught up in it",
    "We are worried that Mum's partner visits the home late at night",
    "The police were called to the house twice in March after arguments between the adults",
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
/// Safety goals; `{child}` is one of the plan's children.
const GOALS: &[&str] = &[
    "{child} will always be cared for by a sober adult, checked at every unannounced visit",
    "{child} will live in a home with no police call-outs for arguments for 6 months",
    "{child} will go to bed by 8pm on school nights, as the sleep diary shows",
    "{child} will tell her teacher or her nan when she feels unsafe, and say she knows how to at every visit",
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
/// Actions that name the family's own network or keeping the change going.
const NETWORK_ACTIONS: &[&str] = &[
    "Grandma Pat and Aunt Lou to meet Mum and the social worker by 30/04/2026 to agree who the children can call when they are worried",
    "Social worker to hold a family group conference by 31/05/2026 so the wider family can say how they will help",
    "Mum to write a relapse prevention plan with the recovery worker by 15/05/2026, so she knows what to do when the service closes",
];
const POLICE_ACTION: &str = "Police to tell the social worker of any call-out to the address within 24 hours";
const STRENGTHS: &[&str] = &[
    "Mum takes the children to school on time most days",
    "Dad has stayed sober for three months and the children say he is calmer",
    "Grandmother picks the children up from school every Tuesday and Thursday",
    "The children have a warm relationship with their aunt, who visits every weekend",
    "Mum has kept every appointment with the health visitor since June",
];
const CONTINGENCIES: &[&str] = &[
    "If Dad has been drinking, Mum will ring Grandma Pat, who will collect the children within the hour",
    "If Dad comes to the house, Mum will call the police on 999 and tell the social worker the next day",
    "If the plan is not working, the social worker will call a core group meeting within 5 working days",
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
const NAMES: &[&str] = &[
    "Ava", "Leo", "Jayden", "Mia", "Noah", "Ruby", "Kai", "Isla", "Finn", "Zara",
];
/// Who gives a scaling score.
const SCALERS: &[&str] = &["SW", "Mum", "Dad", "Nan"];

fn field(s: &str, delim: char) -> String {
    if s.contains([delim, '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One invented plan: what its rows share.
#[derive(Clone, Default)]
struct Plan {
    number: u64,
    ty: &'static str,
    team: &'static str,
    worker: &'static str,
    date: Option<chrono::NaiveDate>,
    /// Written day-first or ISO, as exports mix them.
    iso: bool,
    review: Option<chrono::NaiveDate>,
    /// (child id, name)
    children: Vec<(u64, &'static str)>,
    /// Safety-planning sections (danger statement, safety goal …) rather than need / outcome / action.
    safety: bool,
    /// The scaling the plan records, and whether it is in the Scaling column (else in a row).
    scaling: Vec<(&'static str, u8)>,
    scaling_column: bool,
    /// Outcomes are filed under the first child only (several children: one left out).
    one_child_outcomes: bool,
}

impl Plan {
    fn date_cell(&self) -> String {
        match self.date {
            Some(d) if self.iso => d.format("%Y-%m-%d").to_string(),
            Some(d) => d.format("%d/%m/%Y").to_string(),
            None => String::new(),
        }
    }
    fn review_cell(&self) -> String {
        self.review
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    }
    fn scaling_text(&self) -> String {
        self.scaling
            .iter()
            .map(|(who, n)| {
                if who.is_empty() {
                    n.to_string()
                } else {
                    format!("{who} {n}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A new plan; now and then a review of an earlier one (same children, the
/// plan date at or after its review date, the scaling moved).
fn new_plan(r: &mut Rng, number: u64, earlier: &[Plan]) -> Plan {
    use chrono::{Days, Months, NaiveDate};
    let review_of = (!earlier.is_empty() && r.below(4) == 0).then(|| earlier[r.below(earlier.len())].clone());
    let mut p = match review_of {
        Some(before) if before.review.is_some() => {
            let late = r.below(4) == 0;
            let date = before.review.map(|d| if late { d + Days::new(14) } else { d });
            Plan {
                number,
                date,
                scaling: before
                    .scaling
                    .iter()
                    .map(|&(who, n)| (who, (n as usize + r.below(5)).saturating_sub(2).min(10) as u8))
                    .collect(),
                ..before
            }
        }
        _ => {
            // Plans dated April 2025 to January 2026, a few months before the
            // templates' 2026 deadlines, as a live export's would be (dates
            // years earlier made every dated line look "more than two years
            // away"). Three draws still, so the rest of the stream is unchanged.
            let month = (r.below(7) * 12 + r.below(12)) % 10;
            let (y, m, d) = (
                2025 + (month + 3) as i32 / 12,
                1 + (month as u32 + 3) % 12,
                1 + r.below(28) as u32,
            );
            let kids = match r.below(6) {
                0 => 3,
                1 | 2 => 2,
                _ => 1,
            };
            let children = (0..kids)
                .map(|k| (number * 7 % 99_991 + k * 100_000, NAMES[r.below(NAMES.len())]))
                .collect();
            let scaling = match r.below(3) {
                0 => vec![],
                1 => vec![("", r.below(11) as u8)],
                _ => (0..1 + r.below(3))
                    .map(|k| (SCALERS[k], r.below(11) as u8))
                    .collect(),
            };
            Plan {
                number,
                ty: r.pick(TYPES),
                team: r.pick(TEAMS),
                worker: r.pick(WORKERS),
                date: NaiveDate::from_ymd_opt(y, m, d),
                iso: r.below(3) == 0,
                review: None,
                children,
                safety: r.below(5) < 2,
                scaling,
                scaling_column: r.below(2) == 0,
                one_child_outcomes: r.below(3) == 0,
            }
        }
    };
    p.number = number;
    // Reviews: mostly a month or three ahead; CP plans sometimes later than
    // the law allows, or with none.
    p.review = match r.below(10) {
        0 | 1 => None,
        2 if p.ty == "CP" => p.date.and_then(|d| d.checked_add_months(Months::new(7))),
        3 if p.ty == "CP" => p.date.and_then(|d| d.checked_add_months(Months::new(5))),
        n => p
            .date
            .and_then(|d| d.checked_add_months(Months::new(1 + n as u32 % 3))),
    };
    p
}

/// Writes `rows` synthetic rows. Plans hold 3–9 rows and are sometimes
/// interleaved; some use safety-planning sections (danger statements, safety
/// goals, what is working well, contingency plans, scaling), some list several
/// children, and some are later reviews of an earlier plan for the same child.
pub fn write_export(
    out: &mut dyn Write,
    rows: u64,
    seed: u64,
    delim: char,
    extra: &[String],
) -> io::Result<()> {
    write_export_with(out, rows, seed, delim, extra, false)
}

/// [`write_export`], with `distinct` statements composed from parts
/// (the `compose` module) instead of drawn from the templates: the
/// same plans, sections and cells, but nearly every statement new.
pub fn write_export_with(
    out: &mut dyn Write,
    rows: u64,
    seed: u64,
    delim: char,
    extra: &[String],
    distinct: bool,
) -> io::Result<()> {
    let mut r = Rng(seed);
    let d = delim.to_string();
    let head = [
        "Row ID",
        "Plan ID",
        "Child ID",
        "Child Name",
        "Plan Type",
        "Team",
        "Worker",
        "Plan Start Date",
        "Section",
        "Statement",
        "Responsible Person",
        "By When",
        "Review Date",
        "Scaling",
    ];
    writeln!(out, "{}", head.join(&d))?;
    let mut left = 0;
    let mut plan = Plan::default();
    let mut prev: Option<Plan> = None;
    // The last few plans, for reviews of them.
    let mut earlier: Vec<Plan> = Vec::new();
    // Each plan's rows in order, so its scaling row comes once.
    let mut row_in_plan = 0usize;
    for i in 0..rows {
        if left == 0 {
            if plan.number > 0 {
                earlier.push(plan.clone());
                if earlier.len() > 64 {
                    earlier.remove(0);
                }
                prev = Some(plan.clone());
            }
            plan = new_plan(&mut r, plan.number + 1, &earlier);
            left = 3 + r.below(7);
            row_in_plan = 0;
        }
        left -= 1;
        row_in_plan += 1;
        // Now and then a row belongs to the previous plan: plans are not always contiguous.
        let this = match &prev {
            Some(p) if r.below(20) == 0 => p,
            _ => &plan,
        };
        let child = this.children[r.below(this.children.len())];
        let mut child = child;
        let safety = this.safety;
        let (section, text) = match r.below(20) {
            // The plan's scaling, once, as a row when it is not in the column.
            _ if row_in_plan == 2 && !this.scaling.is_empty() && !this.scaling_column => (
                "Scaling",
                match (this.scaling.len(), distinct) {
                    (1, false) => format!("Scaled at {}/10", this.scaling[0].1),
                    (_, false) => format!("Scaling: {}", this.scaling_text()),
                    // Dated, as a composed plan's other rows are new too.
                    (1, true) => format!(
                        "Scaled at {}/10 at the meeting on {}",
                        this.scaling[0].1,
                        this.date_cell()
                    ),
                    (_, true) => format!("Scaling on {}: {}", this.date_cell(), this.scaling_text()),
                },
            ),
            0..=3 if safety => ("Danger statement", r.pick(DANGERS).to_string()),
            0..=3 => ("Need", r.pick(CONCERNS).to_string()),
            4..=8 => {
                if this.one_child_outcomes {
                    child = this.children[0];
                }
                if safety {
                    ("Safety goal", r.pick(GOALS).replace("{child}", child.1))
                } else {
                    ("Outcome", r.pick(OUTCOMES).to_string())
                }
            }
            9 | 13 if safety => ("What's working well", r.pick(STRENGTHS).to_string()),
            10 if safety => ("Contingency plan", r.pick(CONTINGENCIES).to_string()),
            11 if safety => ("Next steps", r.pick(NETWORK_ACTIONS).to_string()),
            12 if safety => ("Next steps", POLICE_ACTION.to_string()),
            _ if !extra.is_empty() && r.below(3) == 0 => ("Action", extra[r.below(extra.len())].clone()),
            _ if safety => ("Next steps", r.pick(ACTIONS).to_string()),
            _ => ("Action", r.pick(ACTIONS).to_string()),
        };
        let text = if distinct && section != "Scaling" {
            use super::compose::{child_name, statement, Shape};
            let shape = match section {
                "Need" | "Danger statement" => Shape::Concern,
                "Outcome" | "Safety goal" => Shape::Outcome,
                "What's working well" => Shape::Strength,
                "Contingency plan" => Shape::Contingency,
                _ => Shape::Action,
            };
            // Mostly the plan's own child; now and then another name.
            let name = if r.below(4) == 0 {
                child_name(&mut r)
            } else {
                child.1
            };
            statement(&mut r, shape, name)
        } else {
            text
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
            format!("PL-{:06}", this.number),
            format!("C{:05}", child.0),
            child.1.to_string(),
            this.ty.to_string(),
            this.team.to_string(),
            this.worker.to_string(),
            this.date_cell(),
            section.to_string(),
            text,
            r.pick(OWNERS).to_string(),
            r.pick(DUES).to_string(),
            this.review_cell(),
            if this.scaling_column {
                this.scaling_text()
            } else {
                String::new()
            },
        ];
        let line: Vec<String> = cells.iter().map(|c| field(c, delim)).collect();
        out.write_all(line.join(&d).as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

pub(crate) fn run(_global: &Global, args: &Args) -> Result<i32, Failure> {
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
    write_export_with(&mut out, args.rows, args.seed, delim, &extra, args.distinct)?;
    out.flush()?;
    Ok(0)
}
