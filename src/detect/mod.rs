//! Stage 2: detectors. Each finds one kind of thing and adds it to the
//! [`Draft`]; none reads another's output in `detect`. In `review`, after all
//! have run, a detector may adjust its own findings in the light of the rest.

pub mod cues;
pub mod measure;
pub mod owner;
pub mod timescale;
pub mod vague;

use crate::analysis::{Doc, Draft};

pub trait Detector: Send + Sync {
    /// A short name, for debugging and benches.
    fn name(&self) -> &'static str;
    /// Adds this detector's spans (and any findings that need nothing else).
    fn detect(&self, doc: &Doc, draft: &mut Draft);
    /// Adjusts this detector's findings once every detector has run.
    fn review(&self, _doc: &Doc, _draft: &mut Draft) {}
}

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
