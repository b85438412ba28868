//! Stage 2: detectors. Each finds one kind of thing and adds it to the
//! [`Draft`](crate::stage::Draft); none reads another's output in `detect`. In `review`, after all
//! have run, a detector may adjust its own findings in the light of the rest.

pub mod cues;
pub mod measure;
pub mod owner;
pub mod timescale;
pub mod vague;

use crate::stage::Detector;

/// The detectors, in the order they run.
pub fn all() -> Vec<Box<dyn Detector>> {
    vec![
        Box::new(timescale::Timescales),
        Box::new(measure::Measures),
        Box::new(owner::Owners),
        Box::new(cues::Cues),
        Box::new(vague::Vagueness),
    ]
}

/// Runs `f` over each corpus statement, as written, lower-cased and
/// upper-cased, for the tests that check a detector's shortcuts at every
/// token.
#[cfg(test)]
pub(crate) fn each_corpus_doc(mut f: impl FnMut(&str, &crate::stage::Doc)) {
    let analyser = crate::Analyser::builtin();
    let plan_date = chrono::NaiveDate::from_ymd_opt(2025, 9, 8).expect("a date");
    let ctx = crate::Context::new(crate::Reference::given(plan_date));
    let files = [
        include_str!("../../corpus/statements.jsonl"),
        include_str!("../../corpus/real-world.jsonl"),
        include_str!("../../corpus/plan-types.jsonl"),
        include_str!("../../corpus/seeds.jsonl"),
    ];
    for line in files.iter().flat_map(|f| f.lines()) {
        let row: serde_json::Value = serde_json::from_str(line).expect("a corpus line");
        let text = row["text"].as_str().expect("a text");
        for text in [text.to_string(), text.to_lowercase(), text.to_uppercase()] {
            analyser.with_doc(&text, &ctx, |doc| f(&text, doc));
        }
    }
}
