//! Stage 1 of the pipeline: text → tokens.
//!
//! normalise (NFKC, quotes, dashes, case) → pre-tokenise (white space,
//! punctuation, digit runs) → stem. Every token keeps its span in the text
//! exactly as given, in characters and in bytes.

mod stem;
mod tokenize;

pub use stem::stem_word;
pub use tokenize::{Shape, Token, Tokenizer, Tokens, SEPARATOR};
