//! smartplan: checks the statements in children's plans against SMART.
//!
//! The pipeline, one module a stage:
//! [`text`] (normalise, tokenise, stem) → [`lexicon`] (whole-token matching)
//! → [`detect`] (owners, timescales, measures, vague wording, cues)
//! → [`classify`] (kind) → [`score`] (SMART and findings) → [`rewrite`].
//! [`stage`] holds the types they share; [`pipeline`] runs them;
//! [`record`] is the output contract.
//!
//! # Analysing a statement
//!
//! Build one [`Analyser`] and share it (it is `Sync`; building it compiles
//! the lexicons). Give each statement a [`Context`] with the date relative
//! timescales count from: a fixed date, so the result does not change with
//! the day the code runs. The result is an [`Analysis`], the same record
//! `smartplan check --format json` prints.
//!
//! ```
//! use smartplan::record::{OwnerKind, TimeKind};
//! use smartplan::{Analyser, Context, Kind, Reference};
//!
//! // The built-in lexicons; `Analyser::new(Lexicons::with_overrides(..)?)`
//! // adds an area's own words.
//! let analyser = Analyser::builtin();
//! let as_of = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
//! let ctx = Context::new(Reference::given(as_of));
//!
//! let a = analyser.analyse(
//!     "Mum to attend all 10 sessions of the parenting course by 30 June 2026",
//!     &ctx,
//! );
//! assert_eq!(a.kind, Kind::Action);
//! // Who is to do it, and where the words are (in characters, not bytes).
//! let owner = &a.owners[0];
//! assert_eq!((owner.text.as_str(), owner.kind), ("Mum", OwnerKind::Family));
//! assert_eq!((owner.start, owner.end), (0, 3));
//! // By when, resolved to a date.
//! let due = &a.timescales[0];
//! assert_eq!(due.kind, TimeKind::Deadline);
//! assert_eq!(due.date.as_deref(), Some("2026-06-30"));
//! // Nothing to fix, so no findings and no rewrite.
//! assert!(a.findings.is_empty());
//! assert!(a.rewrite.is_none());
//! ```
//!
//! A vague statement gets findings, each with a stable rule id and, when it
//! is about particular words, those words; and a rewrite with `[slots]` for
//! what it does not say:
//!
//! ```
//! # use smartplan::{Analyser, Context, Reference};
//! # let analyser = Analyser::builtin();
//! # let ctx = Context::new(Reference::given(chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()));
//! let a = analyser.analyse("Mum to engage with services as appropriate", &ctx);
//! let ids: Vec<&str> = a.findings.iter().map(|f| f.rule.id()).collect();
//! assert!(ids.contains(&"missing-timescale") && ids.contains(&"vague-term"));
//! let words: Vec<&str> = a.findings.iter().filter_map(|f| f.text.as_deref()).collect();
//! assert!(words.contains(&"as appropriate"));
//! let rewrite = a.rewrite.expect("a vague statement gets a rewrite");
//! assert!(rewrite.slots.iter().any(|s| s.starts_with("[by when")));
//! ```

#![warn(missing_docs)]

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
