//! Vague wording: words that leave what, how much or when open.
//!
//! Precision first. A vague word is not reported when negated ("does not
//! need support"), nor when it sits inside a longer known phrase (the
//! matcher's longest-match rule: "family support worker" is a role). It drops
//! to `info` when the same statement pins it down: by a measure, by a
//! timescale, or either, as the entry's tags say (`needs-measure`,
//! `needs-time`).

use crate::lexicon::Category;
use crate::record::{Rule, TimeKind};
use crate::rules::Severity;
use crate::stage::{finding_at, Cue, Detector, Doc, Draft};

pub struct Vagueness;

impl Detector for Vagueness {
    fn name(&self) -> &'static str {
        "vague"
    }

    fn detect(&self, doc: &Doc, draft: &mut Draft) {
        for hit in doc.hits_of(Category::Vague) {
            if negated(doc, hit.first) {
                continue;
            }
            draft.vague.push(Cue {
                span: doc.span(hit.first, hit.end),
                category: hit.category,
                entry: hit.entry,
                tokens: (hit.first, hit.end),
            });
        }
    }

    fn review(&self, doc: &Doc, draft: &mut Draft) {
        let has_measure = !draft.measures.is_empty();
        let has_time = draft
            .timescales
            .iter()
            .any(|t| matches!(t.kind, TimeKind::Deadline | TimeKind::Frequency));
        let mut findings = Vec::new();
        // Vague timescales, sorted (they do not overlap one another), so each
        // cue is a binary search rather than a scan: linear, not quadratic.
        let mut vague_times: Vec<_> = (draft.timescales.iter())
            .filter(|t| t.kind == TimeKind::Vague)
            .map(|t| t.span)
            .collect();
        vague_times.sort();
        for cue in &draft.vague {
            // A vague time word is reported once, by the timescale detector.
            let before = vague_times.partition_point(|t| t.start < cue.span.end);
            if vague_times[..before]
                .iter()
                .rev()
                .take(4)
                .any(|t| t.overlaps(&cue.span))
            {
                continue;
            }
            let entry = doc.lex.entry(cue.entry);
            let pinned = if entry.has_tag("needs-measure") {
                has_measure
            } else if entry.has_tag("needs-time") {
                has_time
            } else {
                has_measure || has_time
            };
            let never_pinned = entry.has_tag("always");
            let (severity, message) = if pinned && !never_pinned {
                (
                    Severity::Info,
                    format!(
                        "{} Here the statement pins it down elsewhere, so no change is needed.",
                        entry.message.as_deref().unwrap_or_default()
                    ),
                )
            } else {
                (
                    entry.severity.unwrap_or(Severity::Warning),
                    entry.message.clone().unwrap_or_default(),
                )
            };
            findings.push(
                finding_at(doc, cue.span, Rule::VagueTerm)
                    .severity(severity)
                    .message(message)
                    .suggestion(entry.suggestion.clone()),
            );
        }
        draft.findings.extend(findings);
    }
}

/// True when a negation stands just before token `i` in the same clause
/// ("not", "no", "without"), so the vague word is not being relied on.
pub(crate) fn negated(doc: &Doc, i: usize) -> bool {
    let lo = i.saturating_sub(3);
    // Hits are in text order: look only at those starting shortly before `i`
    // (a negation phrase is a few tokens), not at every hit in the statement,
    // which made a statement with many vague words quadratic.
    let upto = doc.hits.partition_point(|h| h.first < i);
    let from = doc.hits[..upto].partition_point(|h| h.first + 16 < lo);
    doc.hits[from..upto].iter().any(|h| {
        h.category == Category::Negation && h.end <= i && h.end >= lo && {
            // No clause break between the negation and the word.
            (h.end..i).all(|k| !matches!(doc.tokens.norm(k), "," | ";" | "." | "and" | "but" | "or"))
        }
    })
}
