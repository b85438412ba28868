//! Plan checks over exports whose plans do not fit in memory: check state
//! spilled to temporary files and merged at the end gives the same plan
//! records as state held in memory, in the same order, whatever the row
//! order, history across plans of the same child included.

use smartplan::batch::input::{DelimitedReader, RawRow, RowSource};
use smartplan::batch::plan::Plans;
use smartplan::batch::{self, columns, Counts, Options};
use smartplan::summary::Summariser;
use smartplan::Analyser;

/// Rows served from memory in a chosen order.
struct Rows {
    headers: Vec<String>,
    rows: std::vec::IntoIter<RawRow>,
}

impl RowSource for Rows {
    fn headers(&self) -> &[String] {
        &self.headers
    }
    fn next_row(&mut self) -> std::io::Result<Option<RawRow>> {
        Ok(self.rows.next())
    }
}

/// The plan records, as JSON lines, of auditing `rows` with `plans`.
fn plan_lines(headers: &[String], rows: Vec<RawRow>, mut plans: Plans) -> Vec<String> {
    let analyser = Analyser::builtin();
    let cols = columns::Columns::map(headers, &columns::Given::default()).unwrap();
    assert!(cols.plan.is_some(), "the generated export has a plan column");
    plans.has_review_column = cols.review.is_some();
    plans.has_agreement_column = cols.agreed.is_some();
    plans.has_child_view_column = cols.child_view.is_some();
    let opt = Options {
        max_chars: 10_000,
        reference: smartplan::Reference::given(chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap()),
        strict: false,
        json: false,
        plan_facts: true,
    };
    let mut summary = Summariser::new();
    let mut counts = Counts::default();
    let src = Rows {
        headers: headers.to_vec(),
        rows: rows.into_iter(),
    };
    batch::process(Box::new(src), &cols, &opt, &analyser, |batch| {
        for d in &batch.rows {
            batch::account(d, &cols, headers, &mut summary, &mut plans, &mut counts)?;
        }
        Ok(())
    })
    .unwrap();
    plans
        .finish()
        .map(|p| serde_json::to_string(&p.unwrap()).unwrap())
        .collect()
}

#[test]
fn plan_checks_spilled_to_disk_match_checks_held_in_memory() {
    let mut csv = Vec::new();
    smartplan::cli::generate::write_export(&mut csv, 3_000, 11, ',', &[]).unwrap();
    let mut src = DelimitedReader::new(&csv[..], None, None, 1 << 20).unwrap();
    let headers = src.headers().to_vec();
    let mut rows = Vec::new();
    while let Some(r) = src.next_row().unwrap() {
        rows.push(r);
    }
    // As exported (plan by plan), and interleaved so that every plan is left
    // and met again after many others: spilled parts must be joined.
    let half = rows.len() / 2;
    let interleaved: Vec<RawRow> = rows[..half]
        .iter()
        .zip(&rows[half..])
        .flat_map(|(a, b)| [b.clone(), a.clone()])
        .chain(rows[2 * half..].iter().cloned())
        .collect();
    let dir = std::env::temp_dir();
    for order in [rows, interleaved] {
        let held = plan_lines(&headers, order.clone(), Plans::checking(dir.clone()));
        assert!(held.len() > 200, "{} plans: too few to spill often", held.len());
        // Reviews of earlier plans: spilled plans must still find their history.
        assert!(held.iter().any(|l| l.contains("\"moved\"")), "no scaling moved");
        assert!(
            held.iter()
                .any(|l| l.contains("first child protection plan for the child")),
            "no first child protection plan told from its reviews"
        );
        for limit in [1, 7, 64] {
            let spilled = plan_lines(
                &headers,
                order.clone(),
                Plans::checking_with_limit(dir.clone(), limit),
            );
            assert_eq!(spilled.len(), held.len(), "limit {limit}");
            for (s, h) in spilled.iter().zip(&held) {
                assert_eq!(s, h, "limit {limit}");
            }
        }
        let rows_in_plans: usize = held
            .iter()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["rows"]
                    .as_u64()
                    .unwrap() as usize
            })
            .sum();
        assert_eq!(rows_in_plans, order.len(), "every row counted in one plan");
    }
}
