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
