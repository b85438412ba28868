//! Cues that bear on Realistic and Agreed: hedges and escape clauses,
//! absolutes, self-report as the only evidence, records of agreement.
//! This detector only collects them; scoring decides what they mean.

use crate::lexicon::Category;
use crate::stage::{Cue, Detector, Doc, Draft};

/// The detector of hedges, absolutes, self-report and agreement cues.
pub struct Cues;

impl Detector for Cues {
    fn name(&self) -> &'static str {
        "cues"
    }

    fn detect(&self, doc: &Doc, draft: &mut Draft) {
        for hit in doc.hits {
            if matches!(
                hit.category,
                Category::Hedge | Category::Absolute | Category::SelfReport | Category::Agreement
            ) {
                draft.cues.push(Cue {
                    span: doc.span(hit.first, hit.end),
                    category: hit.category,
                    entry: hit.entry,
                    tokens: (hit.first, hit.end),
                });
            }
        }
    }
}
