//! English stemming with a per-thread cache of distinct words.
//!
//! Plan text repeats a small vocabulary ("attend", "sessions", "weekly"), so
//! stemming each distinct word once and remembering it is much cheaper than
//! stemming every token. The cache is bounded: past `CACHE_LIMIT` words it is
//! cleared, so memory stays flat on any input.

use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
// foldhash (hashbrown's default) rather than SipHash: every token of every
// statement is looked up here, and SipHash was most of the lookup's cost.
use hashbrown::HashMap;

const CACHE_LIMIT: usize = 50_000;

thread_local! {
    static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
    static CACHE: RefCell<HashMap<Box<str>, Box<str>>> = RefCell::new(HashMap::default());
}

/// Appends the stem of a lower-case `word` to `out`.
pub fn stem_word(word: &str, out: &mut String) {
    if !word.bytes().any(|b| b.is_ascii_alphabetic()) && word.is_ascii() {
        // Numbers and punctuation are their own stem.
        out.push_str(word);
        return;
    }
    if word.len() <= 2 && word.is_ascii() {
        // The English stemmer leaves a word of under three letters as it is
        // ("to", "of", "is", "be"): no cache look-up for the commonest words.
        out.push_str(word);
        return;
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(stem) = cache.get(word) {
            out.push_str(stem);
            return;
        }
        let stem: Box<str> = STEMMER.with(|s| s.stem(word).into_owned().into_boxed_str());
        out.push_str(&stem);
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(word.into(), stem);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_share_a_stem() {
        let stem = |w: &str| {
            let mut s = String::new();
            stem_word(w, &mut s);
            s
        };
        assert_eq!(stem("monitored"), stem("monitoring"));
        assert_eq!(stem("monitored"), "monitor");
        assert_eq!(stem("sessions"), "session");
        assert_eq!(stem("23"), "23");
    }

    /// The stemmer itself leaves every ASCII word of one or two characters
    /// as it is, which the shortcut in `stem_word` relies on.
    #[test]
    fn stemmer_keeps_words_under_three_characters() {
        let stemmer = Stemmer::create(Algorithm::English);
        let bytes: Vec<u8> = (0x20..0x7f).collect();
        for &a in &bytes {
            let one = (a as char).to_string();
            assert_eq!(stemmer.stem(&one), one.as_str());
            for &b in &bytes {
                let two: String = [a as char, b as char].into_iter().collect();
                assert_eq!(stemmer.stem(&two), two.as_str(), "{two:?}");
            }
        }
    }
}
