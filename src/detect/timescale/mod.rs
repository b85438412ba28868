//! Timescales: deadlines, frequencies and vague time words, as spans.
//!
//! A small compositional grammar, anchor × time × event, over the words of
//! `lexicons/time.toml` (see the `words` module):
//!
//! - an **anchor** opens a timescale and says what it does: "by", "before",
//!   "until" bound it; "from", "starting" start it; "within", "in", "over
//!   the next" count from the reference date; "for" gives a service's length;
//!   "on", "at", "during", "after", "when", "w/c", "the week of" …;
//! - the **time** after it is a day ("tomorrow", "Friday", "the 15th",
//!   "15 February", "23.7.21"), a period ("next week", "this month", "May",
//!   "summer 2027", "the spring term", "Key Stage 2"), a part of one ("the
//!   end of", "the start of", "mid-"), a count ("6 weeks", "a fortnight
//!   today", "5 days ago"), or a window ("the last 12 months");
//! - or an **event**: a plan event ("the next core group"), a life event in a
//!   clause ("she starts college", "YP turns 21"), or a blank ("`[date]`").
//!
//! Frequencies ("every Tuesday", "3 sessions per week", "at every visit",
//! "most evenings") and vague words ("ongoing", "asap") are found beside
//! them (the `frequency` module). Each part composes with the others, so "by the end
//! of" works with every period, event and day the grammar knows.
//!
//! Dates resolve against the reference date (`Doc::reference_date`): the
//! rules are in `design/timescales-measures.md`. When two readings are both
//! plausible ("Feb 18": a day, or February 2018?) the span carries the other
//! date too. A time that names the past or present, or a habit, is marked
//! `past`: in a concern it is not a plan timescale.
//!
//! The scan is left to right; at each token the longest reading wins and the
//! scan resumes after it, so spans never overlap.

mod frequency;
mod grammar;
mod point;
mod words;

use crate::lexicon::{Category, WordClass};
use crate::record::{Rule, TimeKind};
use crate::stage::{finding_at, Detector, Doc, Draft, FoundTime};
use crate::text::Shape;
use chrono::NaiveDate;
use words::{Piece, Words, W};

/// The detector of deadlines, frequencies and vague time words.
pub struct Timescales;

impl Detector for Timescales {
    fn name(&self) -> &'static str {
        "timescale"
    }

    fn detect(&self, doc: &Doc, draft: &mut Draft) {
        let start = draft.timescales.len();
        find(doc, &mut draft.timescales);
        for t in &draft.timescales[start..] {
            if t.kind != TimeKind::Vague {
                continue;
            }
            // The lexicon entry behind the span, looked up where the span
            // starts (a scan of every hit would be quadratic in long text).
            let entry = doc
                .hits_at(doc.tokens.first_at_or_after(t.span.start))
                .iter()
                .find(|h| h.category == Category::Time && doc.span(h.first, h.end) == t.span)
                .map(|h| doc.lex.entry(h.entry));
            let mut f = finding_at(doc, t.span, Rule::VagueTimescale);
            if let Some(e) = entry {
                if let Some(m) = &e.message {
                    f = f.message(m.clone());
                }
                if e.suggestion.is_some() {
                    f = f.suggestion(e.suggestion.clone());
                }
            }
            draft.findings.push(f);
        }
    }
}

/// One reading of the words at a token: where it ends and what it is.
#[derive(Debug, Clone, Copy)]
struct Reading {
    end: usize,
    /// None: words that name the past ("since January") and are read only
    /// so that no part of them is taken for a timescale.
    kind: Option<TimeKind>,
    date: Option<NaiveDate>,
    other: Option<NaiveDate>,
    past: bool,
}

impl Reading {
    fn of(end: usize, kind: TimeKind) -> Reading {
        Reading {
            end,
            kind: Some(kind),
            date: None,
            other: None,
            past: false,
        }
    }
}

/// Keeps the longest of several readings (the first offered on a tie, so
/// callers offer the most specific reading first).
#[derive(Default)]
struct Best(Option<Reading>);

impl Best {
    fn offer(&mut self, r: Option<Reading>) {
        if let Some(r) = r {
            if self.0.is_none_or(|b| r.end > b.end) {
                self.0 = Some(r);
            }
        }
    }
}

/// Finds every time expression in the statement.
pub fn find(doc: &Doc, out: &mut Vec<FoundTime>) {
    let scan = Scan {
        doc,
        words: Words::read(doc),
    };
    let n = doc.tokens.len();
    let mut i = 0;
    while i < n {
        match scan.at(i) {
            // A reading that runs past the last token (found by fuzzing: a
            // control character inside "spring\u{1}term") is no timescale.
            Some(r) if r.end > n || r.end <= i => i += 1,
            Some(r) => {
                if let Some(kind) = r.kind {
                    out.push(FoundTime {
                        span: doc.span(i, r.end),
                        kind,
                        date: r.date,
                        other_date: r.other.filter(|o| Some(*o) != r.date),
                        past: r.past,
                    });
                }
                i = r.end;
            }
            None => i += 1,
        }
    }
}

struct Scan<'d, 'a> {
    doc: &'d Doc<'a>,
    words: Words,
}

impl Scan<'_, '_> {
    /// The date relative timescales count from (read lazily: see `Doc::reference_date`).
    fn reference(&self) -> NaiveDate {
        self.doc.reference_date()
    }
    fn n(&self) -> usize {
        self.doc.tokens.len()
    }
    fn norm(&self, i: usize) -> &str {
        self.doc.norm_or_empty(i)
    }
    fn raw(&self, i: usize) -> &str {
        if i < self.n() {
            self.doc.tokens.raw(self.doc.text, i)
        } else {
            ""
        }
    }
    fn shape(&self, i: usize) -> Option<Shape> {
        (i < self.n()).then(|| self.doc.tokens.as_slice()[i].shape)
    }
    fn is_number(&self, i: usize) -> bool {
        self.shape(i) == Some(Shape::Number)
    }
    fn is_word(&self, i: usize) -> bool {
        self.shape(i) == Some(Shape::Word)
    }
    /// Token `i` is the punctuation mark `p`.
    fn is(&self, i: usize, p: &str) -> bool {
        self.shape(i) == Some(Shape::Punct) && self.norm(i) == p
    }
    /// Digits of a numeric token, with how many digits it has.
    fn number(&self, i: usize) -> Option<(u32, usize)> {
        if !self.is_number(i) {
            return None;
        }
        let s = self.norm(i);
        (s.len() <= 4)
            .then(|| s.parse().ok().map(|v| (v, s.len())))
            .flatten()
    }
    fn touch(&self, i: usize) -> bool {
        self.doc.touches_next(i)
    }
    fn class(&self, i: usize, c: WordClass) -> bool {
        self.doc.is(i, c)
    }
    fn capitalised(&self, i: usize) -> bool {
        self.raw(i).starts_with(|c: char| c.is_uppercase())
    }
    /// A determiner or possessive ("the", "her").
    fn det(&self, i: usize) -> bool {
        self.class(i, WordClass::Determiner) || self.class(i, WordClass::Possessive)
    }
    /// A party from the owner lexicons ("Mum", "the school", "YP").
    fn party(&self, i: usize) -> Option<usize> {
        self.doc
            .hits_at(i)
            .iter()
            .find(|h| h.category.is_party())
            .map(|h| h.end)
    }
    /// Where a clause or phrase stops: the end, punctuation other than a
    /// hyphen or apostrophe, a conjunction or a modal.
    fn boundary(&self, i: usize) -> bool {
        i >= self.n()
            || (self.shape(i) == Some(Shape::Punct) && !self.is(i, "-") && !self.is(i, "'"))
            || self.class(i, WordClass::Conjunction)
            || self.class(i, WordClass::Modal)
    }
    /// A word that only a noun phrase would hold here ("Monday club"): a
    /// lower-case word that is no time word, no small word and no party.
    fn noun_after(&self, i: usize) -> bool {
        if !self.is_word(i) || self.capitalised(i) || self.words.any(i) || self.party(i).is_some() {
            return false;
        }
        !WordClass::ALL
            .iter()
            .any(|c| !matches!(c, WordClass::PlanNoun | WordClass::NotAName) && self.class(i, *c))
    }
    /// The piece of kind `f` at `i`, with where it ends.
    fn get<T>(&self, i: usize, f: impl Fn(&Piece) -> Option<T>) -> Option<(T, usize)> {
        self.words.find(i, f)
    }
    /// Whether a piece of kind `w` starts at `i`; returns its end.
    fn word(&self, i: usize, w: W) -> Option<usize> {
        self.get(i, |p| (p.w == w).then_some(())).map(|(_, e)| e)
    }

    /// The longest reading that starts at token `i`.
    fn at(&self, i: usize) -> Option<Reading> {
        if !self.may_start(i) {
            return None;
        }
        self.readings_at(i)
    }

    /// Whether any reading can start at token `i`. Most tokens are no time
    /// word: nothing can start there but a number (a date or a clock time)
    /// or a determiner ("the 15th"). And every reading that starts at a
    /// determiner that is no time word goes on with a time word or a number
    /// straight after it ("the 15th", "the end of", "her next review"), so
    /// "the" before any other word starts nothing.
    fn may_start(&self, i: usize) -> bool {
        self.words.any(i)
            || self.is_number(i)
            || (self.det(i) && (self.words.any(i + 1) || self.is_number(i + 1)))
    }

    /// [`Scan::at`] without the test of the words at `i`.
    fn readings_at(&self, i: usize) -> Option<Reading> {
        let mut best = Best::default();
        if let Some(e) = self.word(i, W::Vague) {
            best.offer(Some(Reading {
                past: true,
                ..Reading::of(e, TimeKind::Vague)
            }));
        }
        if let Some(e) = self.word(i, W::Deadline) {
            best.offer(Some(Reading::of(e, TimeKind::Deadline)));
        }
        best.offer(self.anchored(i));
        best.offer(self.bare(i));
        best.offer(self.frequency(i));
        best.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan's shortcuts skip only tokens where every reading finds
    /// nothing: at each token of the corpus statements (and each again in
    /// lower and upper case), a token `may_start`, `may_start_frequency`
    /// or `may_start_time` turns away starts no reading, with or without
    /// an anchor before it. A new reader that starts on another kind of
    /// word fails here until the shortcut learns it.
    #[test]
    fn tokens_the_scan_skips_start_no_reading() {
        let mut tokens_skipped = 0;
        crate::detect::each_corpus_doc(|text, doc| {
            let scan = Scan {
                doc,
                words: Words::read(doc),
            };
            for i in 0..doc.tokens.len() {
                if !scan.may_start(i) {
                    tokens_skipped += 1;
                    assert!(scan.readings_at(i).is_none(), "token {i} of {text:?}");
                }
                if !scan.may_start_frequency(i) {
                    assert!(scan.frequency_readings(i).is_none(), "token {i} of {text:?}");
                }
                if !scan.may_start_time(i) {
                    for weak in [false, true] {
                        assert!(scan.time_readings(i, weak).is_none(), "token {i} of {text:?}");
                    }
                }
            }
        });
        assert!(tokens_skipped > 1000, "only {tokens_skipped} tokens skipped");
    }
}
