//! `smartplan eval` on the bundled corpus must not fall below what was
//! measured when each detector landed (floors a little under the measured
//! figures, so noise from a new rule shows up as a failure, not drift).

mod common;

use smartplan::eval::{evaluate, parse_corpus};

#[test]
fn corpus_metrics_stay_above_their_floors() {
    let text = std::fs::read_to_string(common::repo_path("corpus/statements.jsonl")).unwrap();
    let items = parse_corpus(&text).unwrap();
    assert!(items.len() >= 400, "the corpus holds at least 400 statements");
    let r = evaluate(
        common::analyser(),
        &items,
        chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
    );
    println!("{}", r.to_table());
    let floors = [
        ("owner span F1", r.owner_spans.f1(), 0.93),
        ("owner label accuracy", r.owner_label.accuracy(), 0.92),
        ("kind accuracy", r.kind.accuracy(), 0.88),
        ("kind macro-F1", r.kind.macro_f1(), 0.88),
        ("timescale span F1", r.timescale_spans.f1(), 0.94),
        ("timescale label accuracy", r.timescale_label.accuracy(), 0.93),
        ("measure statement F1", r.measure_label.f1(), 0.92),
        ("measure span F1", r.measure_spans.f1(), 0.80),
        ("vague statement F1", r.vague_label.f1(), 0.80),
        ("vague term F1", r.vague_terms.f1(), 0.72),
        (
            "dates resolved",
            r.dates_right as f64 / r.dates_total.max(1) as f64,
            0.97,
        ),
        (
            "score AUC good vs poor",
            r.score_auc_good_vs_poor.unwrap_or(0.0),
            0.93,
        ),
    ];
    let below: Vec<String> = floors
        .iter()
        .filter(|(_, got, floor)| got < floor)
        .map(|(name, got, floor)| format!("{name}: {got:.3} < {floor}"))
        .collect();
    assert!(below.is_empty(), "below floor: {below:?}");
}

#[test]
fn the_seeds_file_parses_and_covers_the_guidance_examples() {
    let text = std::fs::read_to_string(common::repo_path("corpus/seeds.jsonl")).unwrap();
    let items = parse_corpus(&text).unwrap();
    assert!(items
        .iter()
        .any(|i| i.text == "Complete healthy living chart" && i.source_label.as_deref() == Some("poor")));
    assert!(items.iter().filter(|i| i.pair.is_some()).count() >= 4);
}
