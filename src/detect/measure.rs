//! Measures: numbers with what they count, limits, scales, instruments, records.
//! (Baseline: lexicon instruments and records, and percentages.)

use super::Detector;
use crate::analysis::{Doc, Draft, FoundMeasure};
use crate::lexicon::Category;
use crate::text::Shape;

pub struct Measures;

impl Detector for Measures {
    fn name(&self) -> &'static str {
        "measure"
    }

    fn detect(&self, doc: &Doc, draft: &mut Draft) {
        for hit in doc.hits_of(Category::Measure) {
            let kind = match doc.lex.entry(hit.entry).kind.as_deref() {
                Some("record") => "record",
                Some("scale") => "scale",
                _ => "instrument",
            };
            draft.measures.push(FoundMeasure {
                span: doc.span(hit.first, hit.end),
                kind,
            });
        }
        let t = doc.tokens;
        for i in 0..t.len() {
            if t.as_slice()[i].shape == Shape::Number && i + 1 < t.len() && t.norm(i + 1) == "%" {
                draft.measures.push(FoundMeasure {
                    span: doc.span(i, i + 2),
                    kind: "percentage",
                });
            }
        }
        draft.measures.sort_by_key(|m| m.span);
    }
}

/// A suggestion of what could be counted for this statement, for the
/// `missing-measure` finding. (Baseline: a general suggestion.)
pub fn suggest_measure(_doc: &Doc) -> String {
    "add something that can be counted or checked, e.g. attendance records, a 0–10 scale, a number of sessions".into()
}
