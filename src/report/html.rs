//! The page: escaping, layout, tables, the print style and the small inline
//! filter script (hashed into the Content-Security-Policy).

use super::markup::escape;
use super::model::{PlanFigures, Weak, WeakPlan};
use super::svg::{self, Bar};
use crate::record::Criterion;
use crate::rules::label_of;
use crate::sha256;
use crate::summary::{PlanCheckCount, Summary, Tally};
use std::fmt::Write;

/// Group values drawn one by one; the rest are summed as "Others".
pub const TOP_GROUPS: usize = 20;

const STYLE: &str = r#"
:root{color-scheme:light}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111;margin:0 auto;max-width:1200px;padding:16px 24px}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin:1.4em 0 .4em;border-bottom:2px solid #0072B2;padding-bottom:2px}h3{font-size:1.05em;margin:1em 0 .3em}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}.meta dt{font-weight:600}.meta dd{margin:0}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0}.card{border:1px solid #bbb;border-radius:6px;padding:8px 14px;min-width:150px}
.card .n{font-size:1.8em;font-weight:700;display:block}.card .l{color:#333}
figure{margin:10px 0 18px;break-inside:avoid;page-break-inside:avoid}
.pair{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:18px;align-items:start}
figcaption{font-weight:600;margin-bottom:4px}
svg.chart{width:100%;height:auto;max-width:640px}svg text{font:12px system-ui,Arial,sans-serif;fill:#111}
table{border-collapse:collapse;font-size:13px;width:100%}caption{text-align:left;font-weight:600;padding:2px 0}
th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
thead th{background:#eef3f8}tbody th{min-width:6em}
.scroll{max-height:420px;overflow:auto}
details{margin:6px 0}summary{cursor:pointer;color:#0a4f80}
.stmt{max-width:38em}.rw{color:#064;}.f{margin:0;padding-left:1.1em}.q{background:#fff3c4}
.filter{margin:8px 0;padding:6px;border:1px solid #bbb;border-radius:4px}
.muted{color:#555}.skip{position:absolute;left:-9999px}
@page{size:A4;margin:14mm}
@media print{body{max-width:none;padding:0;font-size:11px}.pair{grid-template-columns:1fr}.scroll{max-height:none;overflow:visible}.filter,.noprint{display:none}details.all::details-content{content-visibility:visible;display:block}details.all>summary{list-style:none;cursor:auto;color:inherit;font-weight:600}h2{break-after:avoid}tr{break-inside:avoid}a{color:inherit;text-decoration:none}}
"#;

/// Runs once: marks the page so a check can see scripts ran, shows the filter
/// box (hidden when scripts are off) and filters the drill-down rows by text.
const SCRIPT: &str = r#"(function(){var d=document;d.documentElement.setAttribute('data-script','ran');var box=d.getElementById('filter-box');var q=d.getElementById('filter');if(!box||!q)return;box.hidden=false;function run(){var t=q.value.trim().toLowerCase();var n=0;var rows=d.querySelectorAll('table[data-filter] tbody tr');for(var i=0;i<rows.length;i++){var m=!t||rows[i].textContent.toLowerCase().indexOf(t)>=0;rows[i].hidden=!m;if(m)n++;}d.getElementById('filter-count').textContent=t?n+' of '+rows.length+' rows match':'';}q.addEventListener('input',run);})();"#;

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 * 100.0 / d as f64
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn num_td(v: f64, shown: &str) -> String {
    format!(
        r#"<td class="n" data-value="{}">{}</td>"#,
        svg::fmt_value(v),
        escape(shown)
    )
}

fn pct_s(v: f64) -> String {
    format!("{v:.1}%")
}

fn table_open(out: &mut String, id: &str, caption: &str, heads: &[&str]) {
    let _ = write!(
        out,
        r#"<table data-table="{id}"><caption>{}</caption><thead><tr>"#,
        escape(caption)
    );
    for (i, h) in heads.iter().enumerate() {
        let class = if i == 0 { "" } else { r#" class="n""# };
        let _ = write!(out, r#"<th scope="col"{class}>{}</th>"#, escape(h));
    }
    out.push_str("</tr></thead><tbody>");
}

/// A chart with its table beside it.
fn figure(out: &mut String, caption: &str, chart: &str, table: &str) {
    let _ = write!(
        out,
        r#"<figure><figcaption>{}</figcaption><div class="pair"><div>{chart}</div><div class="scroll">{table}</div></div></figure>"#,
        escape(caption)
    );
}

/// The report page, section by section, in the order a reader meets them.
pub(crate) fn page(s: &Summary, plans: &PlanFigures, weak: &[Weak], weak_plans: &[WeakPlan]) -> String {
    let plan_count = s.plans.or((plans.count > 0).then_some(plans.count));
    let mut b = String::with_capacity(64 * 1024);
    audited_header(&mut b, s, plan_count);
    b.push_str("<main>");
    headline_section(&mut b, &s.overall, plan_count);
    scores_section(&mut b, &s.overall);
    if !s.groups.is_empty() {
        groups_section(&mut b, s);
    }
    if !s.months.is_empty() {
        trend_section(&mut b, s);
    }
    if plans.count > 0 {
        plans_section(&mut b, plans);
    }
    weakest_section(&mut b, weak, weak_plans);
    b.push_str("</main>");
    footer(&mut b, s);
    document(s, &b)
}

/// The page header: title and the "What was audited" list (input, rows,
/// plans, dates, version, word lists, run time).
fn audited_header(b: &mut String, s: &Summary, plan_count: Option<usize>) {
    let o = &s.overall;
    b.push_str(r#"<header><h1>SMART plan audit</h1><p class="muted">How well the statements in children's plans say who will do what, by when, and how we will know.</p>"#);
    b.push_str(
        r#"<section aria-labelledby="audited-h"><h2 id="audited-h">What was audited</h2><dl class="meta">"#,
    );
    meta_item(
        b,
        "Input",
        s.input.as_deref().unwrap_or("(not recorded)"),
        "m-input",
    );
    meta_item(
        b,
        "Rows",
        &format!(
            "{} rows: {} statements analysed, {} blank or skipped, {} could not be read",
            o.rows, o.analysed, o.skipped, o.errors
        ),
        "m-rows",
    );
    if let Some(p) = plan_count {
        meta_item(b, "Plans", &p.to_string(), "m-plans");
    }
    meta_item(
        b,
        "Plan dates",
        &s.date_range
            .as_ref()
            .map(|(a, z)| format!("{a} to {z}"))
            .unwrap_or_else(|| "no plan dates in the input".into()),
        "m-dates",
    );
    meta_item(b, "Checked by", &s.generated_by, "m-version");
    meta_item(
        b,
        "Word lists",
        &if s.lexicons.is_empty() {
            "built-in".to_string()
        } else {
            s.lexicons.join(", ")
        },
        "m-lexicons",
    );
    meta_item(
        b,
        "Run at",
        if s.generated_at.is_empty() {
            "(not recorded)"
        } else {
            &s.generated_at
        },
        "m-when",
    );
    b.push_str("</dl></section></header>");
}

/// One term and value of the "What was audited" list.
fn meta_item(b: &mut String, term: &str, value: &str, id: &str) {
    let _ = write!(
        b,
        r#"<dt>{}</dt><dd id="{id}">{}</dd>"#,
        escape(term),
        escape(value)
    );
}

/// The "Headline figures" section: the cards, then the criteria, findings
/// and kinds charts.
fn headline_section(b: &mut String, o: &Tally, plan_count: Option<usize>) {
    b.push_str(r#"<section aria-labelledby="head-h"><h2 id="head-h">Headline figures</h2>"#);
    headline_cards(b, o, plan_count);
    criteria_figure(b, o);
    findings_figure(b, o);
    kinds_figure(b, o);
    b.push_str("</section>");
}

/// The headline cards: rows, statements, plans, mean score and the share
/// meeting each criterion.
fn headline_cards(b: &mut String, o: &Tally, plan_count: Option<usize>) {
    b.push_str(r#"<div class="cards">"#);
    card(b, "h-rows", o.rows as f64, &o.rows.to_string(), "rows audited");
    card(
        b,
        "h-analysed",
        o.analysed as f64,
        &o.analysed.to_string(),
        "statements analysed",
    );
    if let Some(p) = plan_count {
        card(b, "h-plans", p as f64, &p.to_string(), "plans audited");
    }
    let mean = round1(o.mean_score);
    card(
        b,
        "h-mean",
        mean,
        &format!("{mean:.1}"),
        "mean score (out of 100)",
    );
    for c in Criterion::ALL {
        let cc = o.criteria.get(c.name()).copied().unwrap_or_default();
        let v = round1(pct(cc.met, o.analysed));
        card(
            b,
            &format!("h-met-{}", c.name()),
            v,
            &pct_s(v),
            &format!("{} met", c.label()),
        );
    }
    b.push_str("</div>");
}

/// One headline card: a big figure and what it counts.
fn card(b: &mut String, id: &str, v: f64, shown: &str, label: &str) {
    let _ = write!(
        b,
        r#"<div class="card" id="{id}" data-value="{}"><span class="n">{}</span><span class="l">{}</span></div>"#,
        svg::fmt_value(v),
        escape(shown),
        escape(label)
    );
}

/// Statements meeting, partly meeting and missing each SMART criterion.
fn criteria_figure(b: &mut String, o: &Tally) {
    let crit_rows: Vec<(String, Vec<svg::Part>)> = Criterion::ALL
        .iter()
        .map(|c| {
            let cc = o.criteria.get(c.name()).copied().unwrap_or_default();
            (
                c.label().to_string(),
                vec![
                    (cc.met, "met", svg::GREEN),
                    (cc.partly, "partly", svg::YELLOW),
                    (cc.missing, "missing", svg::VERMILLION),
                ],
            )
        })
        .collect();
    let chart = svg::stacked(
        "criteria",
        "Statements meeting each SMART criterion",
        "For each criterion, the share of analysed statements that meet it, partly meet it, or miss it.",
        &crit_rows,
    );
    let mut t = String::new();
    table_open(
        &mut t,
        "criteria",
        "Statements per criterion",
        &["Criterion", "Met", "Partly", "Missing", "% met"],
    );
    for c in Criterion::ALL {
        let cc = o.criteria.get(c.name()).copied().unwrap_or_default();
        let _ = write!(
            t,
            r#"<tr data-key="{}"><th scope="row">{}</th>{}{}{}{}</tr>"#,
            c.name(),
            escape(c.label()),
            num_td(cc.met as f64, &cc.met.to_string()),
            num_td(cc.partly as f64, &cc.partly.to_string()),
            num_td(cc.missing as f64, &cc.missing.to_string()),
            num_td(round1(pct(cc.met, o.analysed)), &pct_s(pct(cc.met, o.analysed)))
        );
    }
    t.push_str("</tbody></table>");
    figure(b, "Each SMART criterion: met, partly met, missing", &chart, &t);
}

/// The commonest findings: the top 15 charted, every one in the table.
fn findings_figure(b: &mut String, o: &Tally) {
    let mut findings: Vec<(&String, usize)> = o.findings.iter().map(|(k, f)| (k, f.count)).collect();
    findings.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown_findings = &findings[..findings.len().min(15)];
    let bars: Vec<Bar> = shown_findings
        .iter()
        .map(|(rule, n)| Bar {
            label: label_of(rule),
            value: *n as f64,
            shown: format!("{n} ({})", pct_s(pct(*n, o.analysed))),
        })
        .collect();
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let chart = svg::hbars(
        "findings",
        "Commonest findings",
        "Number of statements with each finding, commonest first.",
        &bars,
        max,
        svg::VERMILLION,
    );
    let mut t = String::new();
    table_open(
        &mut t,
        "findings",
        "Statements with each finding",
        &["Finding", "Statements", "Share"],
    );
    for (rule, n) in &findings {
        let _ = write!(
            t,
            r#"<tr data-key="{}"><th scope="row">{}</th>{}{}</tr>"#,
            escape(rule),
            escape(&label_of(rule)),
            num_td(*n as f64, &n.to_string()),
            num_td(round1(pct(*n, o.analysed)), &pct_s(pct(*n, o.analysed)))
        );
    }
    if findings.is_empty() {
        t.push_str(r#"<tr><td colspan="3">No findings.</td></tr>"#);
    }
    t.push_str("</tbody></table>");
    figure(b, "Commonest findings", &chart, &t);
}

/// How many statements are outcomes, actions, mixed or concerns.
fn kinds_figure(b: &mut String, o: &Tally) {
    let bars: Vec<Bar> = o
        .kinds
        .iter()
        .map(|(k, n)| Bar {
            label: kind_label(k).into(),
            value: *n as f64,
            shown: format!("{n} ({})", pct_s(pct(*n, o.analysed))),
        })
        .collect();
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let chart = svg::hbars(
        "kinds",
        "Kinds of statement",
        "How many statements are outcomes, actions, mixed or concerns.",
        &bars,
        max,
        svg::BLUE,
    );
    let mut t = String::new();
    table_open(
        &mut t,
        "kinds",
        "Statements of each kind",
        &["Kind", "Statements", "Share"],
    );
    for (k, n) in &o.kinds {
        let _ = write!(
            t,
            r#"<tr data-key="{}"><th scope="row">{}</th>{}{}</tr>"#,
            escape(k),
            escape(kind_label(k)),
            num_td(*n as f64, &n.to_string()),
            num_td(round1(pct(*n, o.analysed)), &pct_s(pct(*n, o.analysed)))
        );
    }
    t.push_str("</tbody></table>");
    figure(b, "Kinds of statement", &chart, &t);
}

/// The "Scores" section: statements in each band of ten points.
fn scores_section(b: &mut String, o: &Tally) {
    b.push_str(r#"<section aria-labelledby="dist-h"><h2 id="dist-h">Scores</h2>"#);
    let labels: Vec<String> = (0..o.score_distribution.len())
        .map(|i| {
            if i + 1 == o.score_distribution.len() {
                format!("{}–100", i * 10)
            } else {
                format!("{}–{}", i * 10, i * 10 + 9)
            }
        })
        .collect();
    let bars: Vec<Bar> = o
        .score_distribution
        .iter()
        .zip(&labels)
        .map(|(n, l)| Bar {
            label: l.clone(),
            value: *n as f64,
            shown: n.to_string(),
        })
        .collect();
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let chart = svg::columns(
        "scores",
        "Score distribution",
        "Number of statements in each band of score, from 0 to 100.",
        &bars,
        max,
        svg::BLUE,
    );
    let mut t = String::new();
    table_open(
        &mut t,
        "scores",
        "Statements per score band",
        &["Score", "Statements", "Share"],
    );
    for (n, l) in o.score_distribution.iter().zip(&labels) {
        let _ = write!(
            t,
            r#"<tr><th scope="row">{}</th>{}{}</tr>"#,
            escape(l),
            num_td(*n as f64, &n.to_string()),
            num_td(round1(pct(*n, o.analysed)), &pct_s(pct(*n, o.analysed)))
        );
    }
    t.push_str("</tbody></table>");
    figure(b, "Score distribution", &chart, &t);
    b.push_str("</section>");
}

/// The "By team, worker and plan type" section: one part per group column.
fn groups_section(b: &mut String, s: &Summary) {
    b.push_str(r#"<section aria-labelledby="groups-h"><h2 id="groups-h">By team, worker and plan type</h2>"#);
    for (col, values) in &s.groups {
        group_section(b, col, values.iter().collect(), &s.overall);
    }
    b.push_str("</section>");
}

/// The "Trend by month of plan date" section: mean score per month.
fn trend_section(b: &mut String, s: &Summary) {
    b.push_str(r#"<section aria-labelledby="months-h"><h2 id="months-h">Trend by month of plan date</h2>"#);
    let bars: Vec<Bar> = s
        .months
        .iter()
        .map(|(m, t)| {
            let v = round1(t.mean_score);
            Bar {
                label: m.clone(),
                value: v,
                shown: format!("{v:.0}"),
            }
        })
        .collect();
    let chart = svg::columns(
        "months",
        "Mean score by month",
        "Mean score of the statements in plans dated in each month.",
        &bars,
        100.0,
        svg::BLUE,
    );
    let mut t = String::new();
    table_open(
        &mut t,
        "months",
        "Mean score per month",
        &["Month", "Statements", "Mean score"],
    );
    for (m, tl) in &s.months {
        let v = round1(tl.mean_score);
        let _ = write!(
            t,
            r#"<tr><th scope="row">{}</th>{}{}</tr>"#,
            escape(m),
            num_td(tl.analysed as f64, &tl.analysed.to_string()),
            num_td(v, &format!("{v:.1}"))
        );
    }
    t.push_str("</tbody></table>");
    figure(b, "Mean score by month of plan date", &chart, &t);
    b.push_str("</section>");
}

/// The "Plans" section: mean plan score, plans passing each plan-level
/// check, and the same by group.
fn plans_section(b: &mut String, plans: &PlanFigures) {
    b.push_str(r#"<section aria-labelledby="plans-h"><h2 id="plans-h">Plans</h2>"#);
    let _ = write!(
        b,
        r#"<p id="plans-mean" data-value="{}">{} plans; mean plan score {:.1}.</p>"#,
        svg::fmt_value(round1(plans.mean)),
        plans.count,
        plans.mean
    );
    let checks = &plans.checks;
    let ids = checks.ordered_ids();
    let bars: Vec<Bar> = ids
        .iter()
        .map(|c| {
            let n = &checks.overall[*c];
            let v = round1(pct(n.passing, n.plans));
            Bar {
                label: label_of(c),
                value: v,
                shown: pct_s(v),
            }
        })
        .collect();
    let chart = svg::hbars(
        "plan-checks",
        "Plans passing each check",
        "Share of plans passing each plan-level check.",
        &bars,
        100.0,
        svg::GREEN,
    );
    let mut t = String::new();
    table_open(
        &mut t,
        "plan-checks",
        "Plans passing each check",
        &["Check", "Plans", "Passing", "% passing"],
    );
    for c in &ids {
        let n = &checks.overall[*c];
        let v = round1(pct(n.passing, n.plans));
        let _ = write!(
            t,
            r#"<tr data-key="{}"><th scope="row">{}</th>{}{}{}</tr>"#,
            escape(c),
            escape(&label_of(c)),
            num_td(n.plans as f64, &n.plans.to_string()),
            num_td(n.passing as f64, &n.passing.to_string()),
            num_td(v, &pct_s(v))
        );
    }
    t.push_str("</tbody></table>");
    figure(b, "Plan-level checks", &chart, &t);
    b.push_str(r#"<p class="muted">“Plans” counts the plans a check applies to: the review timing check applies to child protection plans, “every child” to plans with several children, “each concern says its impact” to plans with concerns, “every service named” to plans that name one.</p>"#);
    for (col, values) in &checks.groups {
        plan_checks_by_group(b, col, values, &ids);
    }
    b.push_str("</section>");
}

/// The "Weakest plans and statements" section: the filter box, then the
/// lowest-scoring plans and statements.
fn weakest_section(b: &mut String, weak: &[Weak], weak_plans: &[WeakPlan]) {
    b.push_str(r#"<section aria-labelledby="drill-h"><h2 id="drill-h">Weakest plans and statements</h2>"#);
    b.push_str(r#"<div id="filter-box" class="filter noprint" hidden><label for="filter">Filter the lists below by any word (team, worker, finding, text): </label><input id="filter" type="search" size="30" autocomplete="off"> <span id="filter-count" aria-live="polite"></span></div>"#);
    if !weak_plans.is_empty() {
        weakest_plans(b, weak_plans);
    }
    weakest_statements(b, weak);
    b.push_str("</section>");
}

/// The lowest-scoring plans, each with the checks it fails.
fn weakest_plans(b: &mut String, weak_plans: &[WeakPlan]) {
    let _ = write!(
        b,
        r#"<h3>The {} lowest-scoring plans</h3><div class="scroll"><table data-filter data-table="weak-plans"><caption>Lowest-scoring plans, lowest first, with the checks they fail</caption><thead><tr><th scope="col">Plan</th><th scope="col" class="n">Score</th><th scope="col" class="n">Rows</th><th scope="col">Group</th><th scope="col">Fails</th></tr></thead><tbody>"#,
        weak_plans.len()
    );
    for p in weak_plans {
        let p = &p.plan;
        let group: Vec<String> = p.group.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        let _ = write!(
            b,
            r#"<tr><th scope="row">{}</th>{}{}<td>{}</td><td><ul class="f">"#,
            escape(&p.plan),
            num_td(p.score as f64, &p.score.to_string()),
            num_td(p.rows as f64, &p.rows.to_string()),
            escape(&group.join("; "))
        );
        for c in &p.checks {
            let _ = write!(b, "<li><strong>{}</strong>", escape(&label_of(&c.check)));
            if !c.message.is_empty() {
                let _ = write!(b, ": {}", escape(&c.message));
            }
            if !c.rows.is_empty() {
                let _ = write!(
                    b,
                    r#" <span class="muted">(rows {})</span>"#,
                    escape(&c.rows.join(", "))
                );
            }
            b.push_str("</li>");
        }
        b.push_str("</ul></td></tr>");
    }
    b.push_str("</tbody></table></div>");
}

/// The lowest-scoring statements, each with its findings and proposed rewrite.
fn weakest_statements(b: &mut String, weak: &[Weak]) {
    let _ = write!(b, r#"<h3>The {} lowest-scoring statements</h3>"#, weak.len());
    if weak.is_empty() {
        b.push_str("<p>No statements were analysed.</p>");
        return;
    }
    b.push_str(r#"<div class="scroll"><table data-filter data-table="weak"><caption>Lowest-scoring statements, lowest first, with their findings and a proposed rewrite ([brackets] mark facts to fill in)</caption><thead><tr><th scope="col">Row</th><th scope="col" class="n">Score</th><th scope="col">Statement and proposed rewrite</th><th scope="col">Findings</th><th scope="col">Group</th></tr></thead><tbody>"#);
    for w in weak {
        let group: Vec<String> = w.groups.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        let _ = write!(
            b,
            r#"<tr><th scope="row">{}</th>{}<td class="stmt"><div class="t">{}</div><div class="muted">{}</div>"#,
            escape(&w.id),
            num_td(w.score as f64, &w.score.to_string()),
            escape(&w.text),
            escape(kind_label(w.kind.name()))
        );
        if let Some(r) = &w.rewrite {
            let _ = write!(
                b,
                r#"<div class="rw"><strong>Rewrite:</strong> {}</div>"#,
                escape(r)
            );
        }
        b.push_str(r#"</td><td><ul class="f">"#);
        for (rule, msg, q) in &w.findings {
            let _ = write!(b, "<li><strong>{}</strong>", escape(&label_of(rule)));
            if let Some(q) = q {
                let _ = write!(b, r#" <span class="q">“{}”</span>"#, escape(q));
            }
            if !msg.is_empty() {
                let _ = write!(b, ": {}", escape(msg));
            }
            b.push_str("</li>");
        }
        let _ = write!(b, "</ul></td><td>{}</td></tr>", escape(&group.join("; ")));
    }
    b.push_str("</tbody></table></div>");
}

/// The footer: what made the page, and that a score is a guide.
fn footer(b: &mut String, s: &Summary) {
    let _ = write!(
        b,
        r#"<footer><p class="muted">Made by {} without any network access: charts are drawn into the page, and nothing is fetched when it opens. A score is a guide for review, not a judgement of the work with the family.</p></footer>"#,
        escape(&s.generated_by)
    );
}

/// The whole document around the body: head with the hashed CSP, the style
/// and the filter script.
fn document(s: &Summary, body: &str) -> String {
    let csp = format!(
        "default-src 'none'; style-src {}; script-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        sha256::csp_hash(STYLE),
        sha256::csp_hash(SCRIPT)
    );
    let mut page = String::with_capacity(body.len() + STYLE.len() + SCRIPT.len() + 512);
    let _ = write!(
        page,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="{csp}"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>SMART plan audit{}</title><style>{STYLE}</style></head><body>{body}<script>{SCRIPT}</script></body></html>"#,
        s.input
            .as_deref()
            .map(|i| format!(" – {}", escape(i)))
            .unwrap_or_default()
    );
    page.push('\n');
    page
}

fn kind_label(k: &str) -> &'static str {
    match k {
        "outcome" => "Outcome (what should change)",
        "action" => "Action (who does what)",
        "mixed" => "Mixed (outcome and action)",
        "concern" => "Concern (a worry, not a plan)",
        _ => "Other",
    }
}

/// Group values shown side by side in a plan-checks-by-group table, at most.
const PLAN_GROUP_COLUMNS: usize = 12;

/// Plans passing each check for each value of one group column (team,
/// worker, plan type): checks down the side, the values with most plans across.
fn plan_checks_by_group(
    b: &mut String,
    col: &str,
    values: &std::collections::BTreeMap<String, std::collections::BTreeMap<String, PlanCheckCount>>,
    ids: &[&str],
) {
    let plans_of = |m: &std::collections::BTreeMap<String, PlanCheckCount>| {
        m.values().map(|c| c.plans).max().unwrap_or(0)
    };
    let mut shown: Vec<(&String, usize)> = values.iter().map(|(v, m)| (v, plans_of(m))).collect();
    shown.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let all = shown.len();
    shown.truncate(PLAN_GROUP_COLUMNS);
    let id = format!("plan-checks-{}", slug(col));
    let mut heads: Vec<String> = vec!["Check".into()];
    heads.extend(shown.iter().map(|(v, _)| v.to_string()));
    let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
    let caption = if all > shown.len() {
        format!(
            "% of plans passing each check by {col}: the {} with most plans of {all}",
            shown.len()
        )
    } else {
        format!("% of plans passing each check by {col}")
    };
    let _ = write!(b, "<h3>Plan checks by {}</h3><div class=\"scroll\">", escape(col));
    table_open(b, &id, &caption, &heads);
    b.push_str(r#"<tr data-key="plans"><th scope="row">Plans</th>"#);
    for (_, n) in &shown {
        b.push_str(&num_td(*n as f64, &n.to_string()));
    }
    b.push_str("</tr>");
    for c in ids {
        let _ = write!(
            b,
            r#"<tr data-key="{}"><th scope="row">{}</th>"#,
            escape(c),
            escape(&label_of(c))
        );
        for (v, _) in &shown {
            match values[*v].get(*c) {
                Some(n) if n.plans > 0 => {
                    let p = round1(pct(n.passing, n.plans));
                    b.push_str(&num_td(
                        p,
                        &format!("{} ({} of {})", pct_s(p), n.passing, n.plans),
                    ));
                }
                _ => b.push_str(r#"<td class="n">–</td>"#),
            }
        }
        b.push_str("</tr>");
    }
    b.push_str("</tbody></table></div>");
}

/// One group column: mean score of the top values by rows, with "Others".
fn group_section(b: &mut String, col: &str, mut values: Vec<(&String, &Tally)>, overall: &Tally) {
    values.sort_by(|a, b| b.1.rows.cmp(&a.1.rows).then(a.0.cmp(b.0)));
    // The three commonest findings overall, as columns of the table.
    let mut top: Vec<(&String, usize)> = overall.findings.iter().map(|(k, f)| (k, f.count)).collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<&String> = top.into_iter().take(3).map(|t| t.0).collect();

    struct Line {
        label: String,
        rows: usize,
        analysed: usize,
        mean: f64,
        finds: Vec<usize>,
    }
    let line = |label: String, t: &Tally| Line {
        label,
        rows: t.rows,
        analysed: t.analysed,
        mean: t.mean_score,
        finds: top
            .iter()
            .map(|r| t.findings.get(*r).map_or(0, |f| f.count))
            .collect(),
    };
    let mut lines: Vec<Line> = values
        .iter()
        .take(TOP_GROUPS)
        .map(|(v, t)| line((*v).clone(), t))
        .collect();
    let rest = &values[values.len().min(TOP_GROUPS)..];
    if !rest.is_empty() {
        let mut o = Line {
            label: format!("Others ({} more)", rest.len()),
            rows: 0,
            analysed: 0,
            mean: 0.0,
            finds: vec![0; top.len()],
        };
        let mut sum = 0.0;
        for (_, t) in rest {
            o.rows += t.rows;
            o.analysed += t.analysed;
            sum += t.mean_score * t.analysed as f64;
            for (i, r) in top.iter().enumerate() {
                o.finds[i] += t.findings.get(*r).map_or(0, |f| f.count);
            }
        }
        o.mean = if o.analysed == 0 {
            0.0
        } else {
            sum / o.analysed as f64
        };
        lines.push(o);
    }
    let id = format!("group-{}", slug(col));
    let bars: Vec<Bar> = lines
        .iter()
        .map(|l| {
            let v = round1(l.mean);
            Bar {
                label: l.label.clone(),
                value: v,
                shown: format!("{v:.0} ({} rows)", l.rows),
            }
        })
        .collect();
    let chart = svg::hbars(
        &id,
        &format!("Mean score by {col}"),
        &format!("Mean statement score for each {col}, the {TOP_GROUPS} with most rows first."),
        &bars,
        100.0,
        svg::BLUE,
    );
    let mut heads: Vec<String> = vec![col.to_string(), "Rows".into(), "Mean score".into()];
    heads.extend(top.iter().map(|r| format!("% {}", label_of(r))));
    let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
    let write_rows = |t: &mut String, lines: &[Line]| {
        for l in lines {
            let v = round1(l.mean);
            let _ = write!(
                t,
                r#"<tr><th scope="row">{}</th>{}{}"#,
                escape(&l.label),
                num_td(l.rows as f64, &l.rows.to_string()),
                num_td(v, &format!("{v:.1}"))
            );
            for n in &l.finds {
                let p = pct(*n, l.analysed);
                t.push_str(&num_td(round1(p), &pct_s(p)));
            }
            t.push_str("</tr>");
        }
    };
    let mut t = String::new();
    table_open(&mut t, &id, &format!("Mean score by {col}"), &heads);
    write_rows(&mut t, &lines);
    t.push_str("</tbody></table>");
    let _ = write!(b, "<h3>By {}</h3>", escape(col));
    figure(
        b,
        &format!("Mean score by {col} ({} values)", values.len()),
        &chart,
        &t,
    );
    if values.len() > TOP_GROUPS {
        let all: Vec<Line> = values.iter().map(|(v, t)| line((*v).clone(), t)).collect();
        let _ = write!(
            b,
            r#"<details class="all"><summary>All {} values of {}</summary><div class="scroll">"#,
            values.len(),
            escape(col)
        );
        table_open(b, &format!("{id}-all"), &format!("Every {col}"), &heads);
        write_rows(b, &all);
        b.push_str("</tbody></table></div></details>");
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_and_script_hold_nothing_that_ends_their_element() {
        assert!(!STYLE.contains("</"));
        assert!(!SCRIPT.contains("</"));
    }
}
