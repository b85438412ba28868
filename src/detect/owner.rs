//! Owners: who is responsible. (Baseline: lexicon roles, agencies, family
//! terms and collective parties.)

use super::Detector;
use crate::analysis::{Doc, Draft, FoundOwner};
use crate::lexicon::Category;
use crate::record::OwnerKind;

pub struct Owners;

impl Detector for Owners {
    fn name(&self) -> &'static str {
        "owner"
    }

    fn detect(&self, doc: &Doc, draft: &mut Draft) {
        for hit in doc.hits {
            let kind = match hit.category {
                Category::Role => OwnerKind::Role,
                Category::Agency => OwnerKind::Agency,
                Category::Family => OwnerKind::Family,
                Category::Collective => OwnerKind::Collective,
                _ => continue,
            };
            // A party is the doer when it opens the statement (after "the").
            let lead = (0..hit.first).all(|k| matches!(doc.tokens.norm(k), "the" | "a" | "an" | "our"));
            draft.owners.push(FoundOwner {
                span: doc.span(hit.first, hit.end),
                kind,
                doer: lead,
            });
        }
    }
}
