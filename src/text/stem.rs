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
    static RECENT: RefCell<Recent> = RefCell::new(Recent::new());
}

/// Appends the stem of a lower-case `word` to `out`.
pub fn stem_word(word: &str, out: &mut String) {
    // A word's first letter settles the second test; `is_ascii` runs last.
    if (word.len() <= 2 || !word.bytes().any(|b| b.is_ascii_alphabetic())) && word.is_ascii() {
        // The English stemmer leaves a word of under three letters as it is
        // ("to", "of", "is", "be"), and numbers and punctuation are their own
        // stem: no look-up for the commonest tokens.
        out.push_str(word);
        return;
    }
    let Some(key) = RecentKey::of(word) else {
        return stem_uncached_word(word, out);
    };
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        let slot = &mut recent.slots[key.slot()];
        if slot.key == key {
            out.push_str(&slot.stem);
            return;
        }
        let start = out.len();
        stem_uncached_word(word, out);
        *slot = RecentSlot {
            key,
            stem: out[start..].into(),
        };
    })
}

/// [`stem_word`] without the table of recent short words.
fn stem_uncached_word(word: &str, out: &mut String) {
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

/// A small direct-mapped table in front of `CACHE` for words of up to 16
/// bytes (nearly every word of a plan): the word itself, read as two
/// integers, is both the key and, mixed, the slot, so a hit costs a few
/// integer operations and no string hashing or comparison. A word whose slot
/// holds another word falls through to `CACHE` and takes the slot over.
struct Recent {
    slots: Box<[RecentSlot]>,
}

const RECENT_SLOTS_LOG2: u32 = 12;

impl Recent {
    fn new() -> Self {
        Recent {
            slots: (0..1 << RECENT_SLOTS_LOG2)
                .map(|_| RecentSlot::default())
                .collect(),
        }
    }
}

#[derive(Default)]
struct RecentSlot {
    /// The empty key (length 0) never matches: `stem_word` only keys words
    /// of three bytes or more.
    key: RecentKey,
    stem: Box<str>,
}

/// A word of up to 16 bytes, exactly: its length and two reads of its bytes
/// that together cover all of them (the first and last eight bytes of a
/// longer word, the first and last four of a shorter one, and so on), each
/// a fixed-size load rather than a copy of the word.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
struct RecentKey {
    low: u64,
    high: u64,
    len: usize,
}

impl RecentKey {
    fn of(word: &str) -> Option<RecentKey> {
        let bytes = word.as_bytes();
        let len = bytes.len();
        let (low, high) = match len {
            17.. => return None,
            8.. => (
                u64::from_le_bytes(bytes[..8].try_into().ok()?),
                u64::from_le_bytes(bytes[len - 8..].try_into().ok()?),
            ),
            4.. => (
                u32::from_le_bytes(bytes[..4].try_into().ok()?).into(),
                u32::from_le_bytes(bytes[len - 4..].try_into().ok()?).into(),
            ),
            1.. => (
                u64::from(bytes[0]) | u64::from(bytes[len / 2]) << 8,
                bytes[len - 1].into(),
            ),
            0 => (0, 0),
        };
        Some(RecentKey { low, high, len })
    }

    fn slot(self) -> usize {
        let mixed =
            (self.low ^ self.high.rotate_left(29) ^ self.len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> (64 - RECENT_SLOTS_LOG2)) as usize
    }
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

    /// Words of every length up to the table's limit that differ in one byte
    /// have different keys: the two reads cover the whole word.
    #[test]
    fn recent_keys_tell_apart_words_differing_in_any_byte() {
        let mut seen = std::collections::HashSet::new();
        for len in 0..=16 {
            let plain = "a".repeat(len);
            let key = RecentKey::of(&plain).unwrap();
            assert!(seen.insert((key.low, key.high, key.len)), "{plain:?}");
            for at in 0..len {
                let mut word = plain.clone().into_bytes();
                word[at] = b'b';
                let word = String::from_utf8(word).unwrap();
                let key = RecentKey::of(&word).unwrap();
                assert!(seen.insert((key.low, key.high, key.len)), "{word:?}");
            }
        }
        assert!(RecentKey::of(&"a".repeat(17)).is_none());
    }

    /// Through the table of recent words (filled, then hit, with more words
    /// than slots so words take each other's slots), every word of the
    /// corpora and lexicons gets the stemmer's own stem.
    #[test]
    fn stem_word_gives_the_stemmers_stem_for_corpus_and_lexicon_words() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut text = String::new();
        for dir in ["corpus", "lexicons"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.is_file() {
                    text.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
                }
            }
        }
        let mut words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        words.sort();
        words.dedup();
        // Past the table's size, so slots are shared; and words that differ
        // only past a zero byte or in length.
        for n in 0..(2 << RECENT_SLOTS_LOG2) {
            words.push(format!("w{n}ing"));
        }
        words.extend(["a\0", "a\0\0", "ab\0s", "ab\0\0s"].map(String::from));
        assert!(words.len() > 3 << RECENT_SLOTS_LOG2, "{}", words.len());
        let stemmer = Stemmer::create(Algorithm::English);
        let want = |w: &str| {
            if w.is_ascii() && !w.bytes().any(|b| b.is_ascii_alphabetic()) {
                w.to_string()
            } else {
                stemmer.stem(w).into_owned()
            }
        };
        for round in 0..2 {
            for word in &words {
                let mut got = String::from("x");
                stem_word(word, &mut got);
                assert_eq!(got[1..], want(word), "{word:?} in round {round}");
            }
        }
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
