//! Stage 5: a proposed SMART rewrite, with `[slots]` for what the statement
//! does not say. (Not built yet: always none.)

use crate::analysis::{Doc, Draft};
use crate::classify::Decision;
use crate::record::Rewrite;
use crate::score::Scored;

pub fn propose(_doc: &Doc, _draft: &Draft, _decision: &Decision, _scored: &Scored) -> Option<Rewrite> {
    None
}
