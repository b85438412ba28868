//! Vague wording: words that leave what, how much or when open.
//!
//! Precision first. A vague word is not reported when negated ("does not
//! need support"), nor when it sits inside a longer known phrase (the
//! matcher's longest-match rule: "family support worker" is a role), nor in
//! a title-cased name ("Building Better Relationships", "Access to Work"),
//! nor as the first part of a compound noun naming a thing ("the employment
//! support programme"), nor, for words that only describe a state, before a
//! noun ("a safe adult", "a reduced timetable"). A misspelt vague word
//! ("regulary") is reported as written. A word drops to `info` when the
//! statement pins it down, as the entry's tags say (`needs-measure`,
//! `needs-time`, `always`; see `lexicons/vague.toml`): a measure pins a word
//! in its own clause or in a clause after it, within one sentence or bullet.

use crate::lexicon::{Category, Lexicons, WordClass};
use crate::record::{Rule, TimeKind};
use crate::rules::Severity;
use crate::stage::{finding_at, Cue, Detector, Doc, Draft, Span};
use crate::text::Shape;
use std::cell::RefCell;

/// The detector of vague wording left open.
pub struct Vagueness;

impl Detector for Vagueness {
    fn name(&self) -> &'static str {
        "vague"
    }

    fn detect(&self, doc: &Doc, draft: &mut Draft) {
        let title_case = title_cased(doc);
        // The last hit kept, so one entry matched twice over overlapping
        // words ("basic needs" and "needs will be met") is reported once.
        let mut last: Option<(u32, usize)> = None;
        let mut phrases = PhraseStarts::default();
        for hit in doc.hits_of(Category::Vague) {
            if negated(doc, hit.first) {
                continue;
            }
            if last.is_some_and(|(entry, end)| entry == hit.entry && hit.first < end) {
                continue;
            }
            if in_heading(doc, hit.first)
                || hyphen_compound(doc, hit.first)
                || in_condition(doc, hit.first, phrases.start_of(doc, hit.first))
            {
                continue;
            }
            let entry = doc.lex.entry(hit.entry);
            if entry.has_tag("reflective") && !doc.is(hit.end, WordClass::Possessive) {
                continue;
            }
            if entry.has_tag("in-commitment") && tells_what_is(doc, hit.first) {
                continue;
            }
            if entry.has_tag("predicative") && stands_before_noun(doc, hit.end) {
                continue;
            }
            if !title_case && in_name(doc, hit.first, hit.end) {
                continue;
            }
            if entry.has_tag("process-verb") && hit.end == hit.first + 1 && compound_noun(doc, hit.first) {
                continue;
            }
            last = Some((hit.entry, hit.end));
            // "more independent", "less anxious", "more often": a comparison
            // is one phrase with the word it compares, when that word
            // describes (read as an adjective or adverb more than a noun).
            let end = if hit.end == hit.first + 1
                && doc.is(hit.first, WordClass::Comparative)
                && doc.grammar.tag(hit.end).info.describes()
            {
                hit.end + 1
            } else {
                hit.end
            };
            draft.vague.push(Cue {
                span: doc.span(hit.first, end),
                category: hit.category,
                entry: hit.entry,
                tokens: (hit.first, end),
            });
        }
        misspellings(doc, &mut draft.vague);
    }

    fn review(&self, doc: &Doc, draft: &mut Draft) {
        // Only the vague words get findings here: with none, nothing is
        // read, and nothing allocated (issue 17).
        if draft.vague.is_empty() {
            return;
        }
        let clauses = Clauses::of(doc);
        let at = |span: &Span| clauses.at(doc.tokens.first_at_or_after(span.start));
        let mut measures: Vec<_> = draft.measures.iter().map(|m| at(&m.span)).collect();
        let mut frequencies: Vec<_> = (draft.timescales.iter())
            .filter(|t| t.kind == TimeKind::Frequency)
            .map(|t| at(&t.span))
            .collect();
        let frequency_pins = Pins::of(&mut frequencies);
        // What a change needs is a target: not an instrument named alone
        // ("go down on his 1-10 scale"), unless it is kept at a set
        // frequency ("measured weekly using the Feeling Chart"), nor a
        // starting point alone ("improve from 63%").
        let mut targets: Vec<_> = (draft.measures.iter())
            .filter(|m| {
                let place = at(&m.span);
                match target(doc, m) {
                    Target::Yes => true,
                    Target::No => false,
                    Target::IfKept => frequency_pins.in_sentence(place),
                }
            })
            .map(|m| at(&m.span))
            .collect();
        let has_time = draft
            .timescales
            .iter()
            .any(|t| matches!(t.kind, TimeKind::Deadline | TimeKind::Frequency));
        // Vague timescales, sorted (they do not overlap one another), so each
        // cue is a binary search rather than a scan: linear, not quadratic.
        let mut vague_times: Vec<_> = (draft.timescales.iter())
            .filter(|t| t.kind == TimeKind::Vague)
            .map(|t| t.span)
            .collect();
        vague_times.sort();
        // Measures by start, each with the furthest end of any measure
        // starting at or before it: one binary search says whether some
        // measure holds a cue.
        let mut by_start: Vec<(usize, usize)> = draft
            .measures
            .iter()
            .map(|m| (m.span.start, m.span.end))
            .collect();
        by_start.sort_unstable();
        let mut furthest = 0;
        for m in &mut by_start {
            furthest = furthest.max(m.1);
            m.1 = furthest;
        }
        let (measure_pins, target_pins) = (Pins::of(&mut measures), Pins::of(&mut targets));
        for cue in &draft.vague {
            // A word inside a measure is part of what it counts ("8 or more
            // on her 0-10 scale", "3 or more sessions"): it is not vague.
            let starting_before = by_start.partition_point(|&(start, _)| start <= cue.span.start);
            if starting_before > 0 && by_start[starting_before - 1].1 >= cue.span.end {
                continue;
            }
            // A vague time word is reported once, by the timescale detector.
            let before = vague_times.partition_point(|t| t.start < cue.span.end);
            if vague_times[..before]
                .iter()
                .rev()
                .take(4)
                .any(|t| t.overlaps(&cue.span))
            {
                continue;
            }
            let entry = doc.lex.entry(cue.entry);
            let here = clauses.at(cue.tokens.0);
            let pinned = if entry.has_tag("always") {
                false
            } else if entry.has_tag("needs-time") {
                has_time
            } else if entry.has_tag("needs-measure") {
                target_pins.pin(here)
            } else {
                measure_pins.pin(here) || frequency_pins.pin(here)
            };
            let (severity, message) = if pinned {
                (
                    Severity::Info,
                    format!(
                        "{} Here the statement pins it down elsewhere, so no change is needed.",
                        entry.message.as_deref().unwrap_or_default()
                    ),
                )
            } else {
                (
                    entry.severity.unwrap_or(Severity::Warning),
                    entry.message.clone().unwrap_or_default(),
                )
            };
            draft.findings.push(
                finding_at(doc, cue.span, Rule::VagueTerm)
                    .severity(severity)
                    .message(message)
                    .suggestion(entry.suggestion.clone()),
            );
        }
    }
}

/// True when a negation stands just before token `i` in the same clause
/// ("not", "no", "without"), so the vague word is not being relied on.
pub(crate) fn negated(doc: &Doc, i: usize) -> bool {
    let lo = i.saturating_sub(3);
    // Hits are in text order: look only at those starting shortly before `i`
    // (a negation phrase is a few tokens), not at every hit in the statement,
    // which made a statement with many vague words quadratic.
    let upto = doc.hits.partition_point(|h| h.first < i);
    let from = doc.hits[..upto].partition_point(|h| h.first + 16 < lo);
    doc.hits[from..upto].iter().any(|h| {
        h.category == Category::Negation && h.end <= i && h.end >= lo && {
            // No clause break between the negation and the word.
            (h.end..i).all(|k| {
                doc.tokens.get(k).is_some_and(|t| t.shape != Shape::Punct)
                    && !doc.is(k, WordClass::Conjunction)
            })
        }
    })
}

enum Target {
    Yes,
    No,
    /// An instrument: a target when it is kept at a set frequency.
    IfKept,
}

/// Whether a measure sets a target a change can be checked against: a
/// starting point alone ("from 63%") does not; an instrument does only with
/// a score on it ("8 or more on the 0-10 scale") or when kept at a set
/// frequency.
fn target(doc: &Doc, m: &crate::stage::FoundMeasure) -> Target {
    let first = doc.tokens.first_at_or_after(m.span.start);
    let baseline = m.kind != "range"
        && first > 0
        && doc.hits_at(first - 1).iter().any(|h| {
            h.category == Category::Measure && doc.lex.entry(h.entry).kind.as_deref() == Some("range")
        });
    let scored = doc.tokens.get(first).is_some_and(|t| t.shape == Shape::Number);
    if baseline {
        Target::No
    } else if matches!(m.kind, "scale" | "record" | "test") && !scored {
        Target::IfKept
    } else {
        Target::Yes
    }
}

/// Where a token stands: its list item, its sentence, its clause (in
/// that order, so places sort by item, then sentence, then clause).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    item: u32,
    sentence: u32,
    clause: u32,
}

struct Clauses {
    of_token: Vec<Place>,
}

impl Clauses {
    fn of(doc: &Doc) -> Self {
        let n = doc.tokens.len();
        let mut of_token = Vec::with_capacity(n);
        let mut at = Place {
            item: 0,
            sentence: 0,
            clause: 0,
        };
        for i in 0..n {
            match boundary(doc, i) {
                Some(Boundary::Item) => {
                    at = Place {
                        item: at.item + 1,
                        sentence: 0,
                        clause: 0,
                    }
                }
                Some(Boundary::Sentence) => {
                    at.sentence += 1;
                    at.clause = 0;
                }
                None if doc.is(i, WordClass::Subordinator) => at.clause += 1,
                None => {}
            }
            of_token.push(at);
        }
        Clauses { of_token }
    }
    fn at(&self, i: usize) -> Place {
        self.of_token.get(i).copied().unwrap_or(Place {
            item: u32::MAX,
            sentence: 0,
            clause: 0,
        })
    }
}

/// Places that may pin a word down (a measure, a frequency, a target),
/// sorted so that asking costs a binary search, not a walk over them all.
/// Within one list item a place pins a word in another sentence ("…
/// measured using the Feeling Chart. Targets as to how to improve this …")
/// or in the same clause or a later one ("support Kayla … so that she pays
/// on time every month"), not an earlier one ("… every day so that he gets
/// better"). Across items, the items pin the words that lead into the list
/// ("will improve within 36 hours AEB: • fluid intake up to 1200 ml a
/// day"), not each other.
struct Pins<'a> {
    /// The places, sorted (in the caller's vector: no copy, issue 17).
    places: &'a [Place],
}

impl<'a> Pins<'a> {
    fn of(places: &'a mut [Place]) -> Self {
        places.sort_unstable();
        Pins { places }
    }

    /// The places in list item `item`: sorted by sentence, then clause.
    fn in_item(&self, item: u32) -> &'a [Place] {
        let lo = self.places.partition_point(|p| p.item < item);
        let hi = self.places.partition_point(|p| p.item <= item);
        &self.places[lo..hi]
    }

    /// Some place lies in the item and sentence of `at`.
    fn in_sentence(&self, at: Place) -> bool {
        let item = self.in_item(at.item);
        let k = item.partition_point(|p| p.sentence < at.sentence);
        item.get(k).is_some_and(|p| p.sentence == at.sentence)
    }

    fn pin(&self, word: Place) -> bool {
        // From another item: only a word in the first item is pinned.
        let past_first_item = self.places.last().is_some_and(|p| p.item > 0);
        if word.item == 0 && past_first_item {
            return true;
        }
        // From the same item: another sentence, or a clause no earlier.
        let places = self.in_item(word.item);
        let (Some(first), Some(last)) = (places.first(), places.last()) else {
            return false;
        };
        if first.sentence != word.sentence || last.sentence != word.sentence {
            return true;
        }
        // All in the word's sentence: the last holds the furthest clause.
        last.clause >= word.clause
    }
}

enum Boundary {
    /// A bullet, a dash or slash standing apart, a line break.
    Item,
    /// A full stop, semicolon, colon, "!" or "?".
    Sentence,
}

fn boundary(doc: &Doc, i: usize) -> Option<Boundary> {
    let t = doc.tokens.as_slice();
    // Bytes, not chars: a newline byte is never inside another character.
    if i > 0 && doc.text.as_bytes()[t[i - 1].byte_end..t[i].byte_start].contains(&b'\n') {
        return Some(Boundary::Item);
    }
    if t[i].shape != Shape::Punct {
        return None;
    }
    let apart = (i == 0 || !doc.touches_next(i - 1)) && !doc.touches_next(i);
    match doc.tokens.norm(i) {
        "•" | "·" => Some(Boundary::Item),
        "-" | "/" | "*" if apart => Some(Boundary::Item),
        // A full stop inside a number or an abbreviation ("6.5") ends nothing.
        "." if doc.touches_next(i) && i + 1 < t.len() => None,
        "." | ";" | ":" | "!" | "?" => Some(Boundary::Sentence),
        _ => None,
    }
}

/// Token `i` is in a sentence that only tells what is or was: it has
/// clauses, and none of them commits anyone or sets a goal ("Mother has a
/// long history of drinking, with several convictions").
fn tells_what_is(doc: &Doc, i: usize) -> bool {
    // Segments come in order: the first that ends after `i` holds it, if any does.
    let segments = &doc.grammar.segments;
    let s = segments.partition_point(|s| s.end.max(s.first + 1) <= i);
    if segments.get(s).is_none_or(|seg| seg.first > i) {
        return false;
    }
    let mut clauses = doc.grammar.clauses_in(s).peekable();
    clauses.peek().is_some() && clauses.all(|c| !c.verb.modality.commits())
}

/// Token `i` is in a heading set apart by a colon ("Objective 1 – High
/// Support: …"): a label, not a commitment. A "heading" that opens with a
/// verb is an instruction cut by a colon ("Liaise with school re: …").
fn in_heading(doc: &Doc, i: usize) -> bool {
    let label = |first: usize| {
        let info = doc.grammar.tag(first).info;
        !info.verb_forms.is_verb() || info.is_noun()
    };
    (doc.grammar.segments.iter()).any(|s| {
        s.heading
            .is_some_and(|(first, end)| (first..end).contains(&i) && label(first))
    })
}

/// Token `i` is the second part of a hyphenated word ("self-monitoring",
/// "peer-support"): a different word from the vague one.
fn hyphen_compound(doc: &Doc, i: usize) -> bool {
    i >= 2
        && doc.tokens.norm(i - 1) == "-"
        && doc.touches_next(i - 2)
        && doc.touches_next(i - 1)
        && doc.tokens.as_slice()[i - 2].shape == Shape::Word
}

/// Token `i` is in the condition that opens a goal ("Given access to
/// sensory equipment, …", "When given a task, …"): the phrase from a
/// condition word to the next comma names the setting the goal is tested
/// in, not something anyone promises. `k` is where `i`'s phrase starts.
fn in_condition(doc: &Doc, i: usize, k: usize) -> bool {
    let opens = |k: usize| k < i && doc.is(k, WordClass::Condition);
    opens(k) || (doc.is(k, WordClass::Conjunction) && opens(k + 1))
}

/// Where the phrase holding a token starts: after the last comma, colon,
/// full stop or list break before it. Read forwards as the hits come, in
/// token order, so a statement costs one walk, not one per hit.
#[derive(Default)]
struct PhraseStarts {
    read: usize,
    start: usize,
}

impl PhraseStarts {
    fn start_of(&mut self, doc: &Doc, i: usize) -> usize {
        if i < self.read {
            *self = PhraseStarts::default();
        }
        for t in self.read..i {
            if matches!(doc.tokens.norm(t), "," | ";" | ":" | ".") || sentence_break(doc, t) {
                self.start = t + 1;
            }
        }
        self.read = i;
        self.start
    }
}

/// Token `i` ends a sentence or a list item.
fn sentence_break(doc: &Doc, i: usize) -> bool {
    boundary(doc, i).is_some()
}

/// Token `e` is a noun the word before it describes: an open word, not a
/// closed-class word, a number or punctuation ("a safe adult", "a reduced
/// timetable"; not "safe and warm", "reduced from").
fn stands_before_noun(doc: &Doc, e: usize) -> bool {
    doc.tokens.get(e).is_some_and(|t| t.shape == Shape::Word) && !closed(doc, e) && !adverb(doc, e)
}

fn closed(doc: &Doc, i: usize) -> bool {
    doc.classes(i).any(&WordClass::FUNCTION_WORDS)
}

fn adverb(doc: &Doc, i: usize) -> bool {
    let w = doc.norm_or_empty(i);
    w.len() > 4 && w.ends_with("ly")
}

fn capitalised(doc: &Doc, i: usize) -> bool {
    i < doc.tokens.len() && doc.tokens.raw(doc.text, i).starts_with(char::is_uppercase)
}

/// Whether the statement is written in title case ("Lead a Healthier
/// Lifestyle"): then capitals mark no names.
fn title_cased(doc: &Doc) -> bool {
    let (mut words, mut caps) = (0, 0);
    for i in 0..doc.tokens.len() {
        if doc.tokens.as_slice()[i].shape == Shape::Word && doc.tokens.norm(i).len() >= 4 {
            words += 1;
            caps += usize::from(capitalised(doc, i));
        }
    }
    words > 0 && caps * 5 >= words * 4
}

/// Whether tokens `first..end` sit in a title-cased name of two or more
/// capitalised words, which may be joined by small words ("Building Better
/// Relationships", "Access to Work", "Safe and Well check", "a Positive
/// Behaviour Support plan"). A run that opens a sentence is a name only
/// with three capitalised words or more ("Supported lodgings" is not).
fn in_name(doc: &Doc, first: usize, end: usize) -> bool {
    if !(first..end).all(|i| capitalised(doc, i) || closed(doc, i)) || !capitalised(doc, first) {
        return false;
    }
    // Grow the run both ways over capitalised words and single joining
    // words; across a joining word, a word in capitals is a party ("Support
    // from FSW"), not part of the name.
    let joins = |i: usize| closed(doc, i) && !capitalised(doc, i);
    let word = |i: usize| capitalised(doc, i) && !acronym(doc, i);
    let mut a = first;
    while a > 0
        && (capitalised(doc, a - 1) && !sentence_break(doc, a - 1) || a > 1 && joins(a - 1) && word(a - 2))
    {
        a -= 1;
    }
    let n = doc.tokens.len();
    let mut b = end;
    while b < n && (capitalised(doc, b) || b + 1 < n && joins(b) && word(b + 1)) {
        b += 1;
    }
    let caps = (a..b).filter(|&i| capitalised(doc, i)).count();
    let opens_sentence = a == 0 || sentence_break(doc, a) || sentence_break(doc, a - 1);
    caps >= 2 && (!opens_sentence || caps >= 3)
}

/// A word in capitals ("FSW", "CAMHS").
fn acronym(doc: &Doc, i: usize) -> bool {
    let raw = doc.tokens.raw(doc.text, i);
    raw.chars().count() > 1 && raw.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Whether the process word at `i` is the first part of a compound noun
/// that names a thing: a determiner or another word before it, a plain noun
/// after it ("the support network", "the employment support programme",
/// "progress monitoring data"); not a verb ("to support attendance", "will
/// support Kayla") nor a noun before a preposition ("support from the TA").
fn compound_noun(doc: &Doc, i: usize) -> bool {
    // "School monitoring attendance": a verb's -ing or -ed form is a verb.
    let this = doc.norm_or_empty(i);
    if this.ends_with("ing") || this.ends_with("ed") {
        return false;
    }
    if i == 0
        || !(doc
            .classes(i - 1)
            .any(&[WordClass::Determiner, WordClass::Possessive])
            || open(doc, i - 1))
    {
        return false;
    }
    let next = i + 1;
    let w = doc.norm_or_empty(next);
    // A participle or an adverb after it makes it a verb ("support offered").
    let verb_like = w.ends_with("ed") || w.ends_with("ing") || adverb(doc, next);
    let vague_next = doc.hits_covering(next).any(|h| h.category == Category::Vague);
    open(doc, next) && !capitalised(doc, next) && !verb_like && !vague_next
}

fn open(doc: &Doc, i: usize) -> bool {
    doc.tokens.get(i).is_some_and(|t| t.shape == Shape::Word)
        && !closed(doc, i)
        && !doc.is(i, WordClass::Participle)
}

thread_local! {
    /// The one-word vague terms of seven letters or more, for the lexicons
    /// in use (keyed by their version), built on first use in each thread.
    static LONG_TERMS: RefCell<(u64, LongTerms)> = const {
        RefCell::new((0, LongTerms { terms: Vec::new(), by_len: Vec::new() }))
    };
}

/// The long vague terms, in lexicon order, with their indices by length: a
/// word is only compared with terms one letter shorter, as long, or one
/// letter longer (no other can be one edit away).
struct LongTerms {
    terms: Vec<(String, u32)>,
    by_len: Vec<Vec<usize>>,
}

impl LongTerms {
    fn new(terms: Vec<(String, u32)>) -> Self {
        let mut by_len: Vec<Vec<usize>> = Vec::new();
        for (k, (t, _)) in terms.iter().enumerate() {
            if by_len.len() <= t.len() {
                by_len.resize(t.len() + 1, Vec::new());
            }
            by_len[t.len()].push(k);
        }
        LongTerms { terms, by_len }
    }

    /// The entry of the first term (in lexicon order) that `w` misspells.
    fn misspelt_by(&self, w: &str) -> Option<u32> {
        let near = |t: &str| one_edit(w, t) && !same_stem(w, t);
        (w.len().saturating_sub(1)..=w.len() + 1)
            .filter_map(|n| {
                self.by_len
                    .get(n)?
                    .iter()
                    .copied()
                    .find(|&k| near(&self.terms[k].0))
            })
            .min()
            .map(|k| self.terms[k].1)
    }
}

/// Misspelt vague words: a word the lexicons do not know that is one
/// letter away from a vague term of seven letters or more ("regulary",
/// "apropriate", "suport"), and not the same word with another ending
/// ("supporter" is not "supported").
fn misspellings(doc: &Doc, out: &mut Vec<Cue>) {
    let candidate = |i: usize| {
        let w = doc.tokens.norm(i);
        doc.tokens.as_slice()[i].shape == Shape::Word
            && (6..=16).contains(&w.len())
            && w.bytes().all(|b| b.is_ascii_lowercase())
            && doc.classes(i).is_empty()
            && doc.hits_covering(i).next().is_none()
            && !(capitalised(doc, i) && i > 0 && !sentence_break(doc, i - 1))
    };
    // The first candidate, if any: the scan below starts there.
    let Some(first) = (0..doc.tokens.len()).position(candidate) else {
        return;
    };
    LONG_TERMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let key = doc.lex.version();
        if cache.0 != key {
            *cache = (key, LongTerms::new(long_vague_terms(doc.lex)));
        }
        for i in (first..doc.tokens.len()).filter(|&i| candidate(i)) {
            let w = doc.tokens.norm(i);
            if negated(doc, i) {
                continue;
            }
            if let Some(entry) = cache.1.misspelt_by(w) {
                out.push(Cue {
                    span: doc.span(i, i + 1),
                    category: Category::Vague,
                    entry,
                    tokens: (i, i + 1),
                });
            }
        }
    });
}

fn long_vague_terms(lex: &Lexicons) -> Vec<(String, u32)> {
    let mut terms = Vec::new();
    for (id, e) in lex.entries().iter().enumerate() {
        if e.category() != Category::Vague {
            continue;
        }
        for t in &e.terms {
            let t = t.to_lowercase();
            if t.len() >= 7 && t.bytes().all(|b| b.is_ascii_lowercase()) {
                terms.push((t, id as u32));
            }
        }
    }
    terms
}

/// Whether `a` and `b` differ by exactly one letter added, dropped or changed.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    // One letter added, dropped or changed leaves the first letter or the
    // last as it was (in words of two letters or more): most terms of a
    // near length are turned away here, before comparing whole words.
    if long.len() >= 2 && short.first() != long.first() && short.last() != long.last() {
        return false;
    }
    if a == b {
        return false;
    }
    let head = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[head + 1..] == long[head + 1..]
    } else {
        short[head..] == long[head + 1..]
    }
}

/// Whether two words are one word with different endings ("supporter",
/// "supported").
fn same_stem(a: &str, b: &str) -> bool {
    const ENDINGS: [&str; 8] = ["ers", "er", "ed", "es", "s", "ing", "ly", "ment"];
    let strip = |w: &'_ str| -> String {
        ENDINGS
            .iter()
            .find_map(|e| w.strip_suffix(e))
            .unwrap_or(w)
            .to_string()
    };
    strip(a) == strip(b)
}

#[cfg(test)]
mod tests {
    use super::one_edit;

    /// Edit distance by the textbook table, for comparison.
    fn distance(a: &[u8], b: &[u8]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, &x) in a.iter().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, &y) in b.iter().enumerate() {
                let here = (prev + usize::from(x != y)).min(row[j] + 1).min(row[j + 1] + 1);
                prev = row[j + 1];
                row[j + 1] = here;
            }
        }
        row[b.len()]
    }

    /// `one_edit` is an edit distance of exactly one, for words and every
    /// word one or two changes, additions or deletions from them, at the
    /// first letter, the last and in between.
    #[test]
    fn one_edit_is_an_edit_distance_of_one() {
        let words = ["", "a", "ab", "ba", "regularly", "support", "appropriate", "aa"];
        let mut near: Vec<String> = Vec::new();
        for w in words {
            let w = w.as_bytes();
            for at in 0..=w.len() {
                for c in [b'a', b'b', b'z'] {
                    let mut added = w.to_vec();
                    added.insert(at, c);
                    near.push(String::from_utf8(added.clone()).unwrap());
                    if at < w.len() {
                        let mut changed = w.to_vec();
                        changed[at] = c;
                        near.push(String::from_utf8(changed).unwrap());
                        let mut dropped = added.clone();
                        dropped.remove(at + 1);
                        dropped.remove(at.min(dropped.len() - 1));
                        near.push(String::from_utf8(dropped).unwrap());
                    }
                }
            }
            near.push(String::from_utf8(w.to_vec()).unwrap());
        }
        for a in &near {
            for b in &near {
                assert_eq!(
                    one_edit(a, b),
                    distance(a.as_bytes(), b.as_bytes()) == 1,
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
