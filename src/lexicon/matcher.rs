//! Lexicon entries compiled into two aho-corasick automata, matched on whole
//! tokens.
//!
//! A statement's tokens are joined into two haystacks, one of normalised forms
//! and one of stems, each token framed by a separator byte that no token
//! contains: `\x01mum\x01to\x01attend\x01`. Each term is framed the same way,
//! so a match can only begin and end on token boundaries ("am" never hits
//! "Ams", "ten" never hits "attend"). Overlapping search finds every match;
//! then a match strictly inside a longer one is dropped (longest wins).

use super::entry::{Category, Lexicons, MatchMode};
use crate::text::{Tokenizer, Tokens, SEPARATOR as SEP};
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

/// A lexicon entry found in a statement, over tokens `first..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    /// The first token matched.
    pub first: usize,
    /// One past the last token matched.
    pub end: usize,
    /// The entry's index in [`Lexicons::entries`].
    pub entry: u32,
    /// The entry's category, so detectors can filter without looking it up.
    pub category: Category,
}

impl Hit {
    /// How many tokens the match covers.
    pub fn len(&self) -> usize {
        self.end - self.first
    }
    /// Whether the match covers no token (never, for a hit the matcher found).
    pub fn is_empty(&self) -> bool {
        self.end == self.first
    }
}

#[derive(Debug, Clone)]
struct Pattern {
    entry: u32,
    /// The entry's category.
    category: Category,
    /// Whether the entry's hits are set aside (see [`Matcher::with_side`]).
    side: bool,
    tokens: usize,
    /// The key's length less one: from a match's last byte back to its first.
    back: usize,
    /// For `MatchMode::Case`: the term's tokens exactly as written.
    exact: Option<Vec<String>>,
}

/// One automaton with its patterns, and for each match state the patterns
/// it reports, read off once at start-up so that a match costs a slice
/// instead of the DFA's per-pattern look-ups (issue 17).
#[derive(Debug, Clone)]
struct Compiled {
    dfa: DFA,
    patterns: Vec<Pattern>,
    /// Indexed by a match state's id shifted right by `shift`: the state's
    /// id and its range in `reported`.
    by_state: Vec<(StateID, u32, u32)>,
    shift: u32,
    /// Pattern indices, each match state's in the order the DFA gives them.
    reported: Vec<u32>,
}

impl Compiled {
    fn new(keys: &[String], patterns: Vec<Pattern>) -> Compiled {
        // A DFA, not the default NFA: every statement and cell is searched
        // twice, and the DFA halves the search's instructions (issue 17) for
        // about 70M more at start-up (~15 ms). No prefilter: every term starts
        // with the separator, which starts every token, so it skips nothing.
        // The DFA itself, not the `AhoCorasick` wrapper: its steps inline
        // into the search loop below instead of one dynamic call per match.
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(keys)
            .expect("lexicon automaton within size limits");
        // Each state is a prefix of some key, so walking the keys reaches
        // every match state. A state missed all the same would only be read
        // the slow way (see `Compiled::range`).
        let mut states = Vec::new();
        for key in keys {
            let mut sid = start(&dfa);
            for &byte in key.as_bytes() {
                sid = dfa.next_state(Anchored::No, sid, byte);
                if dfa.is_match(sid) {
                    states.push(sid);
                }
            }
        }
        states.sort_unstable();
        states.dedup();
        // Ids are multiples of a power of two; the table keeps each state's id
        // so a look-up never takes another state's row.
        let shift = states
            .iter()
            .map(|s| s.as_u32().trailing_zeros())
            .min()
            .unwrap_or(0);
        let rows = states.last().map_or(0, |s| (s.as_usize() >> shift) + 1);
        let mut by_state = vec![(StateID::ZERO, 0, 0); rows];
        let mut reported = Vec::new();
        for &sid in &states {
            let lo = reported.len() as u32;
            reported.extend((0..dfa.match_len(sid)).map(|i| dfa.match_pattern(sid, i).as_u32()));
            by_state[sid.as_usize() >> shift] = (sid, lo, reported.len() as u32);
        }
        Compiled {
            dfa,
            patterns,
            by_state,
            shift,
            reported,
        }
    }

    /// Where match state `sid`'s patterns start in `reported` and how many
    /// there are; `usize::MAX` for a state not in the table, to be read from
    /// the DFA.
    #[inline]
    fn range(&self, sid: StateID) -> (usize, usize) {
        match self.by_state.get(sid.as_usize() >> self.shift) {
            Some(&(id, lo, hi)) if id == sid => (lo as usize, (hi - lo) as usize),
            _ => (usize::MAX, self.dfa.match_len(sid)),
        }
    }
}

/// The compiled lexicons. Build once; share between threads.
#[derive(Debug, Clone)]
pub struct Matcher {
    by_stem: Option<Compiled>,
    by_word: Option<Compiled>,
    /// Per entry: whether its matches hide shorter ones inside them.
    shadows: Vec<bool>,
}

/// Per-thread buffers for matching, reused across statements.
#[derive(Debug, Default)]
pub struct MatchScratch {
    /// Byte offset in the haystack where each token's separator stands.
    starts: Vec<usize>,
    /// Where each walk (words, stems) reached a match state, and the state.
    events: [Vec<(u32, StateID)>; 2],
    raw: Vec<Hit>,
    /// `raw` sorted.
    sorted: Vec<Hit>,
    /// The same for the hits set aside, and those hits resolved.
    side_raw: Vec<Hit>,
    side_sorted: Vec<Hit>,
    side_hits: Vec<Hit>,
}

impl MatchScratch {
    /// The hits of the entries set aside ([`Matcher::with_side`]) in the
    /// last search, resolved among themselves as [`Matcher::find`] resolves
    /// its own, sorted by position.
    pub fn side_hits(&self) -> &[Hit] {
        &self.side_hits
    }
}

impl Matcher {
    /// The statement analyser's matcher: every category it reads.
    pub fn new(lex: &Lexicons) -> Self {
        Self::of(lex, Category::read_by_analyser)
    }

    /// A matcher over the entries of the categories `wanted` accepts; hits
    /// keep their entry's index in `lex`.
    pub fn of(lex: &Lexicons, wanted: impl Fn(Category) -> bool) -> Self {
        Self::with_side(lex, wanted, |_| false)
    }

    /// A matcher over the entries `wanted` or `side` accepts, in one search:
    /// [`Matcher::find`] gives the first kind's hits and leaves the side
    /// entries' in [`MatchScratch::side_hits`], each set exactly as a
    /// matcher of its own entries alone would find it (hits of one set never
    /// hide the other's). One search costs less than two (issue 17).
    pub fn with_side(
        lex: &Lexicons,
        wanted: impl Fn(Category) -> bool,
        side: impl Fn(Category) -> bool,
    ) -> Self {
        let tokenizer = Tokenizer;
        let mut stem_keys = Vec::new();
        let mut stem_patterns = Vec::new();
        let mut word_keys = Vec::new();
        let mut word_patterns = Vec::new();
        let mut toks = Tokens::default();
        for (id, entry) in lex.entries().iter().enumerate() {
            if !wanted(entry.category()) && !side(entry.category()) {
                continue;
            }
            for term in &entry.terms {
                tokenizer.tokenize_into(term, &mut toks);
                if toks.is_empty() {
                    continue;
                }
                let mut key = String::new();
                key.push(SEP);
                for i in 0..toks.len() {
                    key.push_str(if entry.mode == MatchMode::Stem {
                        toks.stem(i)
                    } else {
                        toks.norm(i)
                    });
                    key.push(SEP);
                }
                let exact = (entry.mode == MatchMode::Case)
                    .then(|| (0..toks.len()).map(|i| toks.raw(term, i).to_string()).collect());
                let pattern = Pattern {
                    entry: id as u32,
                    category: entry.category(),
                    side: side(entry.category()) && !wanted(entry.category()),
                    tokens: toks.len(),
                    back: key.len() - 1,
                    exact,
                };
                if entry.mode == MatchMode::Stem {
                    stem_keys.push(key);
                    stem_patterns.push(pattern);
                } else {
                    word_keys.push(key);
                    word_patterns.push(pattern);
                }
            }
        }
        let build = |keys: &[String], patterns: Vec<Pattern>| {
            (!keys.is_empty()).then(|| Compiled::new(keys, patterns))
        };
        Matcher {
            by_stem: build(&stem_keys, stem_patterns),
            by_word: build(&word_keys, word_patterns),
            shadows: lex.entries().iter().map(|e| e.shadows()).collect(),
        }
    }

    /// Finds every lexicon entry in `tokens`, longest match winning, sorted by
    /// position. `text` is the original statement (for case-exact terms).
    pub fn find(&self, text: &str, tokens: &Tokens, scratch: &mut MatchScratch, out: &mut Vec<Hit>) {
        out.clear();
        scratch.raw.clear();
        scratch.side_raw.clear();
        scratch.side_hits.clear();
        if tokens.is_empty() {
            return;
        }
        // Both haystacks are walked in one loop, a byte of each a step: each
        // walk is a chain of table loads that mostly miss the cache (each
        // DFA is about 1.8 MB), and two chains side by side overlap their
        // misses. The walk only notes where a match state was reached; the
        // hits are read from those notes below, as one walk at a time did.
        let ([word_events, stem_events], starts) = (&mut scratch.events, &mut scratch.starts);
        word_events.clear();
        stem_events.clear();
        walk_both(
            self.by_word
                .as_ref()
                .map(|c| (&c.dfa, tokens.framed(false).as_bytes(), &mut *word_events)),
            self.by_stem
                .as_ref()
                .map(|c| (&c.dfa, tokens.framed(true).as_bytes(), &mut *stem_events)),
        );
        let (mut word_hits, mut side_word_hits) = (0, 0);
        for (compiled, stems) in [(&self.by_word, false), (&self.by_stem, true)] {
            let Some(c) = compiled else { continue };
            let (run, side_run) = (scratch.raw.len(), scratch.side_raw.len());
            starts.clear();
            tokens.separator_offsets(stems, starts);
            let events = if stems {
                &scratch.events[1]
            } else {
                &scratch.events[0]
            };
            // The first separator not before the byte being read.
            let mut next_sep = 0;
            for &(at, sid) in events {
                let at = at as usize;
                while next_sep < starts.len() && starts[next_sep] < at {
                    next_sep += 1;
                }
                let (lo, count) = c.range(sid);
                for index in 0..count {
                    let pid = if lo != usize::MAX {
                        c.reported[lo + index] as usize
                    } else {
                        c.dfa.match_pattern(sid, index).as_usize()
                    };
                    let p = &c.patterns[pid];
                    let start = at - p.back;
                    // The separator before a token sits at its `starts`
                    // offset; a match ending on separator `next_sep` (the
                    // last one when past `starts`) starts on the one
                    // `p.tokens` before, unless a token held a separator.
                    let first = match next_sep.checked_sub(p.tokens) {
                        Some(f) if starts[f] == start => f,
                        _ => match starts.binary_search(&start) {
                            Ok(f) => f,
                            Err(_) => continue,
                        },
                    };
                    let end = first + p.tokens;
                    if let Some(exact) = &p.exact {
                        if !(first..end).zip(exact).all(|(i, w)| tokens.raw(text, i) == w) {
                            continue;
                        }
                    }
                    let hit = Hit {
                        first,
                        end,
                        entry: p.entry,
                        category: p.category,
                    };
                    if p.side {
                        scratch.side_raw.push(hit);
                    } else {
                        scratch.raw.push(hit);
                    }
                }
            }
            // The search reports hits nearly in order (by where they end,
            // and most cover one token), so an insertion sort of each run
            // does little work.
            insertion_sort(&mut scratch.raw[run..], hit_order);
            insertion_sort(&mut scratch.side_raw[side_run..], hit_order);
            if !stems {
                (word_hits, side_word_hits) = (scratch.raw.len(), scratch.side_raw.len());
            }
        }
        let (raw, sorted) = (&mut scratch.raw, &mut scratch.sorted);
        merge_runs(raw, word_hits, sorted);
        resolve_longest(sorted, &self.shadows, out);
        if !scratch.side_raw.is_empty() {
            let (raw, sorted) = (&mut scratch.side_raw, &mut scratch.side_sorted);
            merge_runs(raw, side_word_hits, sorted);
            resolve_longest(sorted, &self.shadows, &mut scratch.side_hits);
        }
    }
}

/// One automaton's walk: the DFA, its haystack, and where it notes the
/// offsets at which it reached a match state.
type Walk<'a> = (&'a DFA, &'a [u8], &'a mut Vec<(u32, StateID)>);

/// Walks both haystacks in one loop (see [`Matcher::find`]), noting each
/// offset where a walk is in a match state, in order. A walk that reaches
/// the dead state stops there, as a search on its own would.
fn walk_both(a: Option<Walk>, b: Option<Walk>) {
    let ((da, ha, ea), (db, hb, eb)) = match (a, b) {
        (Some(a), Some(b)) => (a, b),
        // One automaton (or none): nothing to pair it with.
        (a, b) => {
            for (dfa, hay, events) in [a, b].into_iter().flatten() {
                walk_one(dfa, hay, 0, start(dfa), events);
            }
            return;
        }
    };
    let (mut sa, mut sb) = (start(da), start(db));
    let both = ha.len().min(hb.len());
    for at in 0..both {
        sa = da.next_state(Anchored::No, sa, ha[at]);
        sb = db.next_state(Anchored::No, sb, hb[at]);
        let (special_a, special_b) = (da.is_special(sa), db.is_special(sb));
        if !(special_a || special_b) {
            continue;
        }
        if (special_a && da.is_dead(sa)) || (special_b && db.is_dead(sb)) {
            // Rare enough (never, for these automata) to finish one at a time.
            if !da.is_dead(sa) {
                note(da, sa, at, ea);
                walk_one(da, ha, at + 1, sa, ea);
            }
            if !db.is_dead(sb) {
                note(db, sb, at, eb);
                walk_one(db, hb, at + 1, sb, eb);
            }
            return;
        }
        note(da, sa, at, ea);
        note(db, sb, at, eb);
    }
    walk_one(da, ha, both, sa, ea);
    walk_one(db, hb, both, sb, eb);
}

/// Continues one walk from `sid` at byte `from` to the end of `hay`.
fn walk_one(dfa: &DFA, hay: &[u8], from: usize, mut sid: StateID, events: &mut Vec<(u32, StateID)>) {
    for (at, &byte) in hay.iter().enumerate().skip(from) {
        sid = dfa.next_state(Anchored::No, sid, byte);
        if dfa.is_special(sid) {
            if dfa.is_dead(sid) {
                return;
            }
            note(dfa, sid, at, events);
        }
    }
}

/// Notes `at` when `sid` is a match state.
#[inline(always)]
fn note(dfa: &DFA, sid: StateID, at: usize, events: &mut Vec<(u32, StateID)>) {
    if dfa.is_match(sid) {
        events.push((at as u32, sid));
    }
}

fn start(dfa: &DFA) -> StateID {
    dfa.start_state(Anchored::No)
        .expect("an unanchored search is built in")
}

/// Keeps the hits not strictly inside a longer shadowing hit, dropping
/// repeats. Equal spans of different entries all survive (one phrase can be
/// a frequency and an absolute). `shadows[entry]` says whether an entry's
/// hits take part in shadowing. `sorted` is in [`hit_order`], the order the
/// hits are given out in, so no sort follows.
fn resolve_longest(sorted: &[Hit], shadows: &[bool], out: &mut Vec<Hit>) {
    // A hit is inside another span when a shadowing hit that starts earlier
    // reaches at least as far, or one that starts with it reaches further.
    let mut reach = 0usize; // furthest end among shadowing hits starting earlier
    let mut i = 0;
    while i < sorted.len() {
        let first = sorted[i].first;
        let (mut j, mut run_reach) = (i, 0usize);
        while j < sorted.len() && sorted[j].first == first {
            if shadows[sorted[j].entry as usize] {
                run_reach = run_reach.max(sorted[j].end);
            }
            j += 1;
        }
        let mut last: Option<&Hit> = None;
        for h in &sorted[i..j] {
            // Repeats sit side by side (one entry's terms can fold alike).
            if last == Some(h) {
                continue;
            }
            last = Some(h);
            let inside = reach >= h.end || run_reach > h.end;
            if !inside || !shadows[h.entry as usize] {
                out.push(*h);
            }
        }
        reach = reach.max(run_reach);
        i = j;
    }
}

/// The order hits are given out in: by start, then end, then entry.
fn hit_order(a: &Hit, b: &Hit) -> bool {
    (a.first, a.end, a.entry) < (b.first, b.end, b.entry)
}

/// Merges the sorted runs `raw[..split]` and `raw[split..]` into `out`, in
/// [`hit_order`] (stably: a tie takes the first run's hit first).
fn merge_runs(raw: &[Hit], split: usize, out: &mut Vec<Hit>) {
    out.clear();
    out.reserve(raw.len());
    let (a, b) = raw.split_at(split);
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if hit_order(&b[j], &a[i]) {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

/// Sorts `v` by `less`, stably; quick when `v` is nearly sorted already.
fn insertion_sort<T: Copy>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let x = v[i];
        let mut j = i;
        while j > 0 && less(&x, &v[j - 1]) {
            v[j] = v[j - 1];
            j -= 1;
        }
        v[j] = x;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator for the tests' random hits.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }

        /// `len` hits starting before token `firsts`, up to `lens` tokens
        /// long, of the first `entries` entries.
        fn hits(&mut self, len: usize, firsts: u64, lens: u64, entries: u64) -> Vec<Hit> {
            (0..len)
                .map(|_| {
                    let first = self.next(firsts) as usize;
                    Hit {
                        first,
                        end: first + 1 + self.next(lens) as usize,
                        entry: self.next(entries) as u32,
                        category: Category::Word,
                    }
                })
                .collect()
        }
    }

    /// A matcher with the rewrite's words set aside finds what the
    /// analyser's matcher and a rewrite-only matcher find on their own.
    #[test]
    fn side_hits_equal_a_separate_matchers_hits() {
        let lex = Lexicons::builtin().unwrap();
        let both = Matcher::with_side(&lex, Category::read_by_analyser, |c| c == Category::Rewrite);
        let main = Matcher::new(&lex);
        let rewrite = Matcher::of(&lex, |c| c == Category::Rewrite);
        let mut found_side = 0;
        for text in [
            "Mum to engage with services and support Ava regularly, as appropriate",
            "Dad will try to attend all appointments with the drug and alcohol service ASAP",
            "Professionals to work together to ensure the children are safe and happy",
            "We are worried that Ava may not be kept safe when Dad has been drinking",
            "",
        ] {
            let tokens = crate::text::Tokenizer.tokenize(text);
            let (mut scratch, mut got, mut want) = (MatchScratch::default(), Vec::new(), Vec::new());
            both.find(text, &tokens, &mut scratch, &mut got);
            main.find(text, &tokens, &mut MatchScratch::default(), &mut want);
            assert_eq!(got, want, "{text}");
            rewrite.find(text, &tokens, &mut MatchScratch::default(), &mut want);
            assert_eq!(scratch.side_hits(), want, "{text}");
            found_side += want.len();
        }
        assert!(found_side > 0, "no rewrite words in the examples");
    }

    /// The two walks in one loop note the same match states, at the same
    /// offsets, as each walk on its own, whichever haystack is longer.
    #[test]
    fn walking_both_haystacks_at_once_equals_walking_each_alone() {
        let lex = Lexicons::builtin().unwrap();
        let m = Matcher::new(&lex);
        let (words, stems) = (&m.by_word.as_ref().unwrap().dfa, &m.by_stem.as_ref().unwrap().dfa);
        let mut noted = 0;
        for text in [
            "Mum to engage with services and support Ava regularly, as appropriate",
            "Dad will attend weekly sessions with the drug and alcohol service by 30/06/2026",
            "Professionals to work together to ensure the children are safe and happy",
            "Ava's attendance will be 95% or more every week; she will be on time",
            "x",
        ] {
            let tokens = crate::text::Tokenizer.tokenize(text);
            let (w, s) = (tokens.framed(false).as_bytes(), tokens.framed(true).as_bytes());
            // Each haystack against itself, the other, and a cut of either,
            // so that each side is sometimes the longer.
            for (a, b) in [(w, s), (s, w), (&w[..w.len() / 2], s), (w, &s[..s.len() / 3])] {
                let (mut got_a, mut got_b) = (Vec::new(), Vec::new());
                walk_both(Some((words, a, &mut got_a)), Some((stems, b, &mut got_b)));
                let (mut want_a, mut want_b) = (Vec::new(), Vec::new());
                walk_one(words, a, 0, start(words), &mut want_a);
                walk_one(stems, b, 0, start(stems), &mut want_b);
                assert_eq!((&got_a, &got_b), (&want_a, &want_b), "{text}");
                let mut alone = Vec::new();
                walk_both(Some((words, a, &mut alone)), None);
                assert_eq!(alone, want_a, "{text}");
                noted += want_a.len() + want_b.len();
            }
        }
        assert!(noted > 20, "the examples reach few match states ({noted})");
    }

    /// Resolving keeps exactly the hits that no longer shadowing span covers,
    /// once each, in order: the rule read off every pair of hits, on random
    /// hits with repeats, equal spans and entries that do not shadow.
    #[test]
    fn resolving_keeps_the_hits_no_longer_shadowing_span_covers() {
        let mut rng = Lcg(11);
        let shadows = [true, true, false, true, false];
        let mut kept = 0;
        for case in 0..500 {
            let len = rng.next(30) as usize;
            let mut hits = rng.hits(len, 10, 4, 5);
            hits.sort_by_key(|h| (h.first, h.end, h.entry));
            let mut want: Vec<Hit> = hits
                .iter()
                .filter(|h| {
                    !shadows[h.entry as usize]
                        || !hits.iter().any(|g| {
                            shadows[g.entry as usize]
                                && (g.first, g.end) != (h.first, h.end)
                                && g.first <= h.first
                                && g.end >= h.end
                        })
                })
                .copied()
                .collect();
            want.dedup();
            let mut got = Vec::new();
            resolve_longest(&hits, &shadows, &mut got);
            assert_eq!(got, want, "case {case}");
            kept += got.len();
        }
        assert!(kept > 500, "the cases keep few hits ({kept})");
    }

    /// The table read off at start-up gives every match state the search
    /// reaches the patterns the DFA itself reports, in the same order.
    #[test]
    fn match_states_table_gives_the_dfas_own_patterns() {
        let lex = Lexicons::builtin().unwrap();
        let m = Matcher::new(&lex);
        let mut checked = 0;
        for text in [
            "Mum to engage with services and support Ava regularly, as appropriate",
            "Dad will attend weekly sessions with the drug and alcohol service by 30/06/2026",
            "We are worried that Ava may not be kept safe when Dad has been drinking",
        ] {
            let tokens = crate::text::Tokenizer.tokenize(text);
            for (c, stems) in [
                (m.by_word.as_ref().unwrap(), false),
                (m.by_stem.as_ref().unwrap(), true),
            ] {
                let mut events = Vec::new();
                walk_one(
                    &c.dfa,
                    tokens.framed(stems).as_bytes(),
                    0,
                    start(&c.dfa),
                    &mut events,
                );
                for (_, sid) in events {
                    let (lo, count) = c.range(sid);
                    assert_ne!(lo, usize::MAX, "a match state missing from the table");
                    let want: Vec<u32> = (0..c.dfa.match_len(sid))
                        .map(|i| c.dfa.match_pattern(sid, i).as_u32())
                        .collect();
                    assert_eq!(c.reported[lo..lo + count], want[..], "{text}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 20, "the examples reach few match states ({checked})");
    }

    /// Each run sorted by insertion and the two merged give the order a full
    /// sort gives, for runs in any order, with repeats and ties.
    #[test]
    fn runs_sorted_and_merged_equal_a_full_sort() {
        let mut rng = Lcg(7);
        for case in 0..300 {
            let (len, split) = (rng.next(40) as usize, rng.next(41) as usize);
            let split = split.min(len);
            let mut raw = rng.hits(len, 12, 3, 4);
            let mut want = raw.clone();
            want.sort_by_key(|h| (h.first, h.end, h.entry));
            insertion_sort(&mut raw[..split], hit_order);
            insertion_sort(&mut raw[split..], hit_order);
            let mut got = Vec::new();
            merge_runs(&raw, split, &mut got);
            assert_eq!(got, want, "case {case}");
            let mut all = want.clone();
            all.reverse();
            insertion_sort(&mut all, |a, b| a < b);
            want.sort();
            assert_eq!(all, want, "case {case}");
        }
    }
}
