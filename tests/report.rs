//! The HTML report: every chart's numbers equal its table's and the summary's;
//! statement text cannot run; the page stays the same size however many rows.

mod report_sample;

use report_sample::*;
use smartplan::record::Criterion;
use smartplan::report::{ReportBuilder, ReportMeta};
use smartplan::summary::Summary;

fn render(rows: &[Row], with_plans: bool) -> (String, Summary) {
    let summary = summary(rows);
    let mut b = ReportBuilder::with_summary(summary.clone(), 50);
    for r in rows {
        b.add_record(&r.record, &r.groups(), Some(r.date));
    }
    if with_plans {
        for p in plans(rows) {
            b.add_plan(&p);
        }
    }
    (b.render(), summary)
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn column(rows: &[Vec<f64>], i: usize) -> Vec<f64> {
    rows.iter().map(|r| r[i]).collect()
}

#[test]
fn score_chart_table_and_summary_agree() {
    let (html, s) = render(&rows(300), false);
    let want: Vec<f64> = s.overall.score_distribution.iter().map(|&n| n as f64).collect();
    assert_eq!(want.iter().sum::<f64>(), s.overall.analysed as f64);
    assert_eq!(chart_values(&html, "scores"), want);
    assert_eq!(column(&table_rows(&html, "scores"), 0), want);
}

#[test]
fn criteria_chart_table_and_summary_agree() {
    let (html, s) = render(&rows(300), false);
    let mut want = vec![];
    for c in Criterion::ALL {
        let cc = s.overall.criteria[c.name()];
        want.extend([cc.met as f64, cc.partly as f64, cc.missing as f64]);
    }
    assert_eq!(chart_values(&html, "criteria"), want);
    let table: Vec<f64> = table_rows(&html, "criteria")
        .iter()
        .flat_map(|r| r[..3].to_vec())
        .collect();
    assert_eq!(table, want);
}

#[test]
fn findings_chart_shows_the_commonest_with_the_tables_counts() {
    let (html, s) = render(&rows(300), false);
    let mut want: Vec<f64> = s.overall.findings.values().map(|f| f.count as f64).collect();
    want.sort_by(|a, b| b.partial_cmp(a).unwrap());
    assert!(!want.is_empty(), "the sample has findings");
    let table = column(&table_rows(&html, "findings"), 0);
    assert_eq!(table, want);
    let chart = chart_values(&html, "findings");
    assert_eq!(chart, want[..want.len().min(15)].to_vec());
    // Rule ids are shown as plain English.
    assert!(html.contains("No owner: nobody is named to do it"));
}

#[test]
fn headline_figures_equal_the_summary() {
    let (html, s) = render(&rows(300), true);
    let card = |id: &str| -> f64 {
        attr_values(&html, &format!("id=\"{id}\""), ">", "data-value")[0]
            .parse()
            .unwrap()
    };
    assert_eq!(card("h-rows"), s.overall.rows as f64);
    assert_eq!(card("h-analysed"), s.overall.analysed as f64);
    assert_eq!(card("h-plans"), s.plans.unwrap() as f64);
    assert_eq!(card("h-mean"), round1(s.overall.mean_score));
    let timely = s.overall.criteria["timely"];
    assert_eq!(
        card("h-met-timely"),
        round1(timely.met as f64 * 100.0 / s.overall.analysed as f64)
    );
    let first = rows(300).iter().map(|r| r.date).min().unwrap();
    let last = rows(300).iter().map(|r| r.date).max().unwrap();
    let range = format!("{first} to {last}");
    for needle in [
        "sample-export.csv",
        range.as_str(),
        "vague.toml, time.toml",
        "2026-11-23T10:00:00Z",
        &s.generated_by,
    ] {
        assert!(html.contains(needle), "the page states {needle}");
    }
}

#[test]
fn group_and_month_charts_agree_with_their_tables_and_the_summary() {
    let (html, s) = render(&rows(300), false);
    let teams = &s.groups["team"];
    let chart = chart_values(&html, "group-team");
    let table = table_rows(&html, "group-team");
    assert_eq!(chart, column(&table, 1));
    let mut want_rows: Vec<f64> = teams.values().map(|t| t.rows as f64).collect();
    want_rows.sort_by(|a, b| b.partial_cmp(a).unwrap());
    assert_eq!(column(&table, 0), want_rows);
    let months_chart = chart_values(&html, "months");
    let want: Vec<f64> = s.months.values().map(|t| round1(t.mean_score)).collect();
    assert_eq!(months_chart.len(), 6);
    assert_eq!(months_chart, want);
    assert_eq!(column(&table_rows(&html, "months"), 1), want);
    // A group column's column name with markup is escaped in ids, captions and cells.
    assert!(html.contains("East &lt;West&gt;"));
    assert!(!html.contains("East <West>"));
}

#[test]
fn five_hundred_workers_show_the_top_twenty_and_others() {
    let rows = rows_with_workers(4 * 500, 500);
    let (html, s) = render(&rows, false);
    assert_eq!(s.groups["worker"].len(), 500);
    let chart = chart_values(&html, "group-worker");
    assert_eq!(chart.len(), 21);
    assert!(html.contains("Others (480 more)"));
    let table = table_rows(&html, "group-worker");
    assert_eq!(column(&table, 0).iter().sum::<f64>(), rows.len() as f64);
    // Every value is still listed, folded away.
    assert_eq!(table_rows(&html, "group-worker-all").len(), 500);
}

#[test]
fn one_group_value_draws_one_bar() {
    let rows: Vec<Row> = rows(40)
        .into_iter()
        .map(|mut r| {
            r.team = "Only team".into();
            r
        })
        .collect();
    let (html, _) = render(&rows, false);
    assert_eq!(chart_values(&html, "group-team").len(), 1);
    assert!(!html.contains("Others ("));
}

#[test]
fn hostile_statement_shows_as_text_and_cannot_run() {
    let (html, _) = render(&rows(300), false);
    // The hostile row scores lowest or near it, so it is in the drill-down.
    assert!(html.contains("r-hostile"), "hostile row listed in the drill-down");
    assert!(html.contains("&lt;script&gt;document.title="));
    assert!(html.contains("&lt;img src=x onerror=&quot;"));
    assert!(!html.contains("<img"));
    assert_eq!(html.matches("<script").count(), 1, "only the page's own script");
}

#[test]
fn csp_allows_only_the_pages_own_hashed_style_and_script() {
    let (html, _) = render(&rows(50), false);
    let between = |a: &str, z: &str| -> String {
        let i = html.find(a).unwrap() + a.len();
        html[i..i + html[i..].find(z).unwrap()].to_string()
    };
    let csp = between("http-equiv=\"Content-Security-Policy\" content=\"", "\"");
    let script = between("<script>", "</script>");
    let style = between("<style>", "</style>");
    assert!(csp.starts_with("default-src 'none';"));
    assert!(csp.contains(&format!(
        "script-src {};",
        smartplan::report::sha256::csp_hash(&script)
    )));
    assert!(csp.contains(&format!(
        "style-src {};",
        smartplan::report::sha256::csp_hash(&style)
    )));
    assert!(!csp.contains("unsafe"));
    // Nothing is fetched: no src or href attributes at all, no remote URLs but the SVG namespace.
    assert!(!html.contains(" src=\"") && !html.contains(" href="));
    assert_eq!(
        html.matches("http").count(),
        html.matches("http://www.w3.org/2000/svg").count() + 1,
        "only the namespace and http-equiv"
    );
    assert!(html.contains("@page{size:A4"));
}

#[test]
fn drill_down_lists_the_lowest_scores_first_with_rewrites() {
    let mut rows = rows(300);
    if let smartplan::Record::Analysed(a) = &mut rows[0].record {
        std::sync::Arc::make_mut(a).rewrite = Some(smartplan::record::Rewrite {
            text: "[who] to <b>visit</b> [by when]".into(),
            slots: vec![],
            alternatives: vec![],
        });
    }
    let (html, _) = render(&rows, true);
    let scores = column(&table_rows(&html, "weak"), 0);
    assert_eq!(scores.len(), 50);
    assert!(
        scores.windows(2).all(|w| w[0] <= w[1]),
        "lowest first: {scores:?}"
    );
    assert!(html.contains("<strong>Rewrite:</strong> [who] to &lt;b&gt;visit&lt;/b&gt; [by when]"));
    let plan_scores = column(&table_rows(&html, "weak-plans"), 0);
    assert_eq!(plan_scores.len(), 50);
    assert!(plan_scores.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn page_size_does_not_grow_with_rows() {
    let small = render(&rows(1_000), true).0.len();
    let big = render(&rows(100_000), true).0.len();
    eprintln!("report size: 1,000 rows {small} bytes; 100,000 rows {big} bytes");
    assert!(
        big < small + small / 20,
        "1,000 rows {small} bytes, 100,000 rows {big} bytes"
    );
}

#[test]
fn builder_without_a_summary_makes_the_same_figures() {
    let rows = rows(300);
    let s = summary(&rows);
    let mut b = ReportBuilder::new(ReportMeta {
        input: Some("sample-export.csv".into()),
        ..ReportMeta::default()
    });
    for r in &rows {
        b.add_record(&r.record, &r.groups(), Some(r.date));
    }
    let html = b.render();
    let want: Vec<f64> = s.overall.score_distribution.iter().map(|&n| n as f64).collect();
    assert_eq!(chart_values(&html, "scores"), want);
    assert_eq!(
        chart_values(&html, "group-team"),
        render(&rows, false).0.pipe(|h| chart_values(&h, "group-team"))
    );
}

trait Pipe: Sized {
    fn pipe<R>(self, f: impl FnOnce(Self) -> R) -> R {
        f(self)
    }
}
impl<T> Pipe for T {}

#[test]
fn cli_report_from_records_alone_matches_the_summary() {
    let dir = std::env::temp_dir().join(format!("smartplan-report-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rows = rows(200);
    let s = summary(&rows);
    let records = dir.join("records.jsonl");
    std::fs::write(&records, records_jsonl(&rows)).unwrap();
    let summary_path = dir.join("summary.json");
    std::fs::write(&summary_path, serde_json::to_string(&s).unwrap()).unwrap();
    let plans_path = dir.join("plans.jsonl");
    let plans: Vec<String> = plans(&rows)
        .iter()
        .map(|p| serde_json::to_string(p).unwrap())
        .collect();
    std::fs::write(&plans_path, plans.join("\n")).unwrap();
    let bin = env!("CARGO_BIN_EXE_smartplan");
    let run = |args: &[&std::ffi::OsStr], out: &std::path::Path| {
        let st = std::process::Command::new(bin)
            .arg("report")
            .args(args)
            .arg("-o")
            .arg(out)
            .status()
            .unwrap();
        assert!(st.success());
        std::fs::read_to_string(out).unwrap()
    };
    let both = run(
        &[
            "--summary".as_ref(),
            summary_path.as_os_str(),
            "--records".as_ref(),
            records.as_os_str(),
            "--plans".as_ref(),
            plans_path.as_os_str(),
        ],
        &dir.join("a.html"),
    );
    let alone = run(&["--records".as_ref(), records.as_os_str()], &dir.join("b.html"));
    for id in [
        "scores",
        "criteria",
        "findings",
        "group-team",
        "group-worker",
        "months",
    ] {
        assert_eq!(chart_values(&both, id), chart_values(&alone, id), "chart {id}");
    }
    let want: Vec<f64> = s.overall.score_distribution.iter().map(|&n| n as f64).collect();
    assert_eq!(chart_values(&alone, "scores"), want);
    assert!(both.contains("data-chart=\"plan-checks\""));
    // No input at all is a usage error.
    let st = std::process::Command::new(bin)
        .args(["report", "-o"])
        .arg(dir.join("c.html"))
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&st.stderr).contains("--records"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_empty_audit_renders_a_page_that_says_so() {
    let html = ReportBuilder::new(ReportMeta::default()).render();
    assert_eq!(attr_values(&html, "id=\"h-rows\"", ">", "data-value"), vec!["0"]);
    assert!(html.contains("No statements were analysed."));
    assert!(html.contains("no plan dates in the input"));
    assert_eq!(chart_values(&html, "scores"), vec![0.0; 10]);
}

/// Every plan-level check an audit of the bundled sample makes has a label
/// written for it (the mechanical fallback gave "Childs view recorded"), and
/// a check added later without one fails here.
#[test]
fn plan_checks_have_written_labels_with_apostrophes() {
    let labels = [
        ("concern-has-outcome", "Each concern has an outcome"),
        ("outcome-has-action", "Each outcome has an action"),
        ("action-has-owner", "Every action says who"),
        ("action-has-deadline", "Every action has a deadline"),
        ("not-family-alone", "Not every action on the family"),
        ("review-date-set", "Review date set"),
        ("childs-view-recorded", "Child's view recorded"),
    ];
    for (check, label) in labels {
        assert_eq!(smartplan::rules::label_of(check), label);
    }
    assert_eq!(
        smartplan::rules::label_of("agreement-recorded"),
        "Agreement recorded"
    );

    let dir = std::env::temp_dir().join(format!("smartplan-check-labels-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plans = dir.join("plans.jsonl");
    let page = dir.join("report.html");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_smartplan"))
        .arg("audit")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/sample-export.csv"))
        .arg("--plans")
        .arg(&plans)
        .arg("--html")
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut seen = std::collections::BTreeSet::new();
    for line in std::fs::read_to_string(&plans).unwrap().lines() {
        let plan: serde_json::Value = serde_json::from_str(line).unwrap();
        for c in plan["checks"].as_array().unwrap() {
            seen.insert(c["check"].as_str().unwrap().to_string());
        }
    }
    for check in &seen {
        assert!(
            smartplan::rules::Rule::from_id(check).is_some(),
            "{check} has no row (and no label) in the rule registry"
        );
    }
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Child&#39;s view recorded"));
    assert!(!html.contains("Childs view"));
    let _ = std::fs::remove_dir_all(&dir);
}
