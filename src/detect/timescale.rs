//! Timescales: deadlines, frequencies and vague time words.
//! (Baseline: lexicon time words only; dates and relative times to come.)

use super::Detector;
use crate::analysis::{finding_at, Doc, Draft, FoundTime};
use crate::lexicon::{Category, Severity};
use crate::record::{Criterion, TimeKind};

pub struct Timescales;

impl Detector for Timescales {
    fn name(&self) -> &'static str {
        "timescale"
    }

    fn detect(&self, doc: &Doc, draft: &mut Draft) {
        for hit in doc.hits_of(Category::Time) {
            let entry = doc.lex.entry(hit.entry);
            let kind = match entry.kind.as_deref() {
                Some("frequency") => TimeKind::Frequency,
                Some("vague") => TimeKind::Vague,
                Some("event") | Some("school") | Some("deadline") => TimeKind::Deadline,
                _ => continue,
            };
            let span = doc.span(hit.first, hit.end);
            draft.timescales.push(FoundTime {
                span,
                kind,
                date: None,
            });
            if kind == TimeKind::Vague {
                draft.findings.push(finding_at(
                    doc,
                    span,
                    "vague-timescale",
                    Some(Criterion::Timely),
                    Severity::Warning,
                    entry
                        .message
                        .clone()
                        .unwrap_or_else(|| "This time word does not say by when.".into()),
                    entry.suggestion.clone().or_else(|| {
                        Some("give a date, e.g. by 30/04/2026, or a bounded time, e.g. within 6 weeks".into())
                    }),
                ));
            }
        }
    }
}
