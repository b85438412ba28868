//! Linguistic knowledge as data: the lexicon files under `lexicons/`.
//!
//! Each file is TOML with a `category` and a list of `[[entry]]` tables (the
//! format is documented in `lexicons/README.md`). The built-in files are
//! embedded in the binary; a directory given with `--lexicons DIR` adds
//! entries to them, overrides entries with the same term, removes entries
//! (`remove = true`) or replaces a whole category (`replace = true`).
//!
//! The entries are compiled once into aho-corasick automata by [`Matcher`].

mod dictionary;
mod entry;
mod matcher;

pub use dictionary::{Dictionary, NounClass, VerbClass, VerbForms, WordInfo};

pub use entry::{
    Category, Entry, LexiconError, Lexicons, MatchMode, WordClass, WordClasses, WordTag, BUILTIN,
};
pub use matcher::{Hit, MatchScratch, Matcher};
