//! Stage 3: what kind of statement this is — outcome, action, mixed or
//! concern — with the reason in plain words. (Baseline rules.)

use crate::analysis::{Doc, Draft};
use crate::lexicon::Category;
use crate::record::Kind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub kind: Kind,
    /// Why, for a practitioner ("starts with an instruction: reads as a task …").
    pub reason: String,
}

pub fn classify(doc: &Doc, draft: &Draft) -> Decision {
    let cue_at = |i: usize, kind: &str| {
        doc.hits_of(Category::KindCue)
            .any(|h| h.first == i && doc.lex.entry(h.entry).kind.as_deref() == Some(kind))
    };
    let any_cue = |kind: &str| {
        doc.hits_of(Category::KindCue)
            .any(|h| doc.lex.entry(h.entry).kind.as_deref() == Some(kind))
    };
    if let Some(Kind::Concern | Kind::Outcome | Kind::Action) = doc.ctx.section {
        // The export's own section is a strong hint but the text still decides below.
    }
    if cue_at(0, "instruction") {
        return Decision {
            kind: Kind::Action,
            reason: "starts with an instruction: reads as a task, not a change for the child".into(),
        };
    }
    let to_task = (0..doc.tokens.len().saturating_sub(1))
        .any(|i| doc.tokens.norm(i) == "to" && cue_at(i + 1, "instruction"));
    if any_cue("concern") {
        return Decision {
            kind: Kind::Concern,
            reason: "describes a worry or the present situation, with no commitment to change".into(),
        };
    }
    let target = draft
        .measures
        .iter()
        .any(|m| matches!(m.kind, "percentage" | "range" | "limit"));
    if to_task && target {
        return Decision {
            kind: Kind::Mixed,
            reason: "a task with a measured change as its target".into(),
        };
    }
    if to_task {
        return Decision {
            kind: Kind::Action,
            reason: "says someone is to do a task".into(),
        };
    }
    Decision {
        kind: Kind::Outcome,
        reason: "describes what will be different for the child".into(),
    }
}
