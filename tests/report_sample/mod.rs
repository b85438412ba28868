//! A sample audit for the report tests: a few hundred invented statements
//! with teams, workers, plan types and plan dates, analysed by the real
//! analyser. Point the browser test at a real audit instead with
//! SMARTPLAN_REPORT_RECORDS (and SMARTPLAN_REPORT_SUMMARY, SMARTPLAN_REPORT_PLANS).
#![allow(dead_code)]

use smartplan::record::Record;
use smartplan::report::{PlanCheck, PlanRecord};
use smartplan::summary::{Summariser, Summary};
use smartplan::{Analyser, Context, Reference};

/// No date given; "today" pinned so the sample never depends on the day.
fn undated() -> Context<'static> {
    Context::new(Reference::today(
        chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
    ))
}

pub const HOSTILE: &str = r#"<script>document.title='pwned'</script> support <img src=x onerror="document.body.setAttribute('data-xss','1')"> as needed"#;

const STATEMENTS: &[&str] = &[
    "Mum to attend all 6 sessions of the parenting course by 30/04/2025",
    "Dad will engage with services",
    "Social worker to visit the children at home every two weeks",
    "School to monitor attendance",
    "Ruby will be safe",
    "Mum to try to keep the home clean as soon as possible",
    "All agencies to work together to support the family",
    "Health visitor to weigh baby Leo every week until the review on 12/06/2025",
    "Kai will attend school on at least 95% of days by the end of the summer term",
    "Parents to reduce their drinking",
    "Concerns remain about the state of the home",
    "Mum will ensure the children are supervised at all times",
    "Dad to complete the drug testing programme with three clear tests by 01/07/2025",
    "Family support worker to help Mum with routines ongoing",
    "Grandma to collect the children from school on Mondays and Fridays",
    "Mum to work with the domestic abuse service",
];

const TEAMS: &[&str] = &["North", "South", "East <West>"];
const TYPES: &[&str] = &["Child protection", "Child in need"];

pub struct Row {
    pub record: Record,
    pub team: String,
    pub worker: String,
    pub plan_type: String,
    pub plan: String,
    pub date: chrono::NaiveDate,
}

impl Row {
    pub fn groups(&self) -> [(&str, &str); 3] {
        [
            ("team", self.team.as_str()),
            ("worker", self.worker.as_str()),
            ("plan type", self.plan_type.as_str()),
        ]
    }
}

/// `n` rows (the first is the hostile statement), spread over 12 workers,
/// three teams, two plan types and six months of 2025; 4 rows a plan.
pub fn rows(n: usize) -> Vec<Row> {
    rows_with_workers(n, 12)
}

pub fn rows_with_workers(n: usize, workers: usize) -> Vec<Row> {
    let analyser = Analyser::builtin();
    let ctx = undated();
    let analysed: Vec<Record> = STATEMENTS
        .iter()
        .map(|s| Record::Analysed(std::sync::Arc::new(analyser.analyse(s, &ctx))))
        .collect();
    let hostile = Record::Analysed(std::sync::Arc::new(analyser.analyse(
        HOSTILE,
        &Context {
            id: Some("r-hostile"),
            ..undated()
        },
    )));
    (0..n)
        .map(|i| {
            let record = if i == 0 {
                hostile.clone()
            } else {
                analysed[(i * 7 + i / 5) % analysed.len()].clone()
            };
            let plan = i / 4;
            Row {
                record,
                team: TEAMS[plan % TEAMS.len()].to_string(),
                worker: format!("Worker {}", plan % workers + 1),
                plan_type: TYPES[plan % TYPES.len()].to_string(),
                plan: format!("P{plan:05}"),
                date: chrono::NaiveDate::from_ymd_opt(2025, 1 + (plan % 6) as u32, 1 + (plan % 28) as u32)
                    .unwrap(),
            }
        })
        .collect()
}

pub fn summary(rows: &[Row]) -> Summary {
    let mut s = Summariser::new();
    for r in rows {
        s.add(&r.record, &r.groups(), Some(r.date));
    }
    let plans = rows.last().map(|r| r.plan[1..].parse::<usize>().unwrap() + 1);
    s.finish(
        Some("sample-export.csv".into()),
        vec!["vague.toml".into(), "time.toml".into()],
        plans,
        "2026-11-23T10:00:00Z".into(),
    )
}

/// One plan record per 4 rows: score the mean of its rows, a check that fails when any row lacks an owner.
pub fn plans(rows: &[Row]) -> Vec<PlanRecord> {
    rows.chunks(4)
        .map(|c| {
            let scores: Vec<u32> = c
                .iter()
                .filter_map(|r| r.record.analysis())
                .map(|a| a.score as u32)
                .collect();
            let no_owner: Vec<String> = c
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    r.record
                        .analysis()
                        .is_some_and(|a| a.findings.iter().any(|f| f.rule == "missing-owner"))
                })
                .map(|(i, _)| format!("row-{i}"))
                .collect();
            PlanRecord {
                plan: c[0].plan.clone(),
                rows: c.len(),
                score: (scores.iter().sum::<u32>() / scores.len().max(1) as u32) as u8,
                checks: vec![PlanCheck {
                    check: "every-action-has-owner".into(),
                    passed: no_owner.is_empty(),
                    message: if no_owner.is_empty() {
                        String::new()
                    } else {
                        "some actions name nobody to do them".into()
                    },
                    rows: no_owner,
                }],
                group: [("team".to_string(), c[0].team.clone())].into_iter().collect(),
                scaling: None,
            }
        })
        .collect()
}

/// Records JSONL as an audit would write it, with the row's group cells and plan date beside the contract fields.
pub fn records_jsonl(rows: &[Row]) -> String {
    let mut out = String::new();
    for r in rows {
        let mut v = serde_json::to_value(&r.record).unwrap();
        v["group"] = serde_json::json!({"team": r.team, "worker": r.worker, "plan type": r.plan_type});
        v["plan_date"] = r.date.format("%Y-%m-%d").to_string().into();
        out.push_str(&v.to_string());
        out.push('\n');
    }
    out
}

/// The values of `attr="…"` inside the element text from `start` to the next `end`.
pub fn attr_values<'a>(html: &'a str, start: &str, end: &str, attr: &str) -> Vec<&'a str> {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in the page"));
    let part = &html[from..];
    let part = &part[..part.find(end).unwrap_or(part.len())];
    let needle = format!(" {attr}=\"");
    part.match_indices(&needle)
        .map(|(i, _)| {
            let v = &part[i + needle.len()..];
            &v[..v.find('"').unwrap()]
        })
        .collect()
}

/// The `data-value` numbers of chart `id`'s bars.
pub fn chart_values(html: &str, id: &str) -> Vec<f64> {
    attr_values(html, &format!("data-chart=\"{id}\""), "</svg>", "data-value")
        .into_iter()
        .map(|v| v.parse().unwrap())
        .collect()
}

/// The `data-value` numbers of table `id`, row by row.
pub fn table_rows(html: &str, id: &str) -> Vec<Vec<f64>> {
    let from = html
        .find(&format!("data-table=\"{id}\""))
        .unwrap_or_else(|| panic!("table {id} not in the page"));
    let part = &html[from..];
    let part = &part[part.find("<tbody>").unwrap()..part.find("</table>").unwrap()];
    part.split("<tr")
        .skip(1)
        .map(|tr| {
            tr.split(" data-value=\"")
                .skip(1)
                .map(|v| v[..v.find('"').unwrap()].parse().unwrap())
                .collect()
        })
        .collect()
}
