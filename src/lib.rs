//! smartplan: checks the statements in children's plans against SMART.
//!
//! The pipeline, one module a stage:
//! [`text`] (normalise, tokenise, stem) → [`lexicon`] (whole-token matching)
//! → [`detect`] (owners, timescales, measures, vague wording, cues)
//! → [`classify`] (kind) → [`score`] (SMART and findings) → [`rewrite`].
//! [`stage`] holds the types they share; [`pipeline`] runs them;
//! [`record`] is the output contract.

pub mod batch;
pub mod classify;
pub mod cli;
pub mod dates;
pub mod detect;
pub mod eval;
pub mod grammar;
pub mod lexicon;
pub mod pipeline;
pub mod record;
pub mod report;
pub mod rewrite;
pub mod rules;
pub mod score;
pub mod serve;
pub mod sha256;
pub mod stage;
pub mod summary;
pub mod text;

pub use pipeline::Analyser;
pub use record::{Analysis, Kind, Record};
pub use stage::{Context, DateSource, Reference};
