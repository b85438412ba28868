//! Measures: what shows progress, as spans with a kind.
//!
//! - `percentage` ("85%", "80% accuracy", "80% of opportunities") and
//!   `range` ("from 63% to 85%");
//! - `count`: a number with the thing it counts. Any plural after a number
//!   other than one is counted ("3 strategies", "40 sight words", "two
//!   places"), with what may follow it ("of alcohol", "a week", "per
//!   minute", "in a row"); a thing after "1"/"one" only after a limiter;
//! - `ratio`: "4 out of 5 trials", "3 of her last 4 drug tests", "4/5 trials";
//! - `limit`: "at least 3 times a week", "no more than 4 errors", "within 2
//!   minutes", "at least every 6 months", "3 or more data sessions";
//! - `scale`, `record`, `test`, `standard`: instruments named in
//!   `lexicons/measures.toml`, with what names them before ("the sleep
//!   diary", "teacher data", "the school's phonics check") and a score on
//!   a scale ("6 or more on the 0-10 scale");
//! - `level`: "a Grade 4", "a Level 1 qualification", "a Year 3 level text";
//! - `amount` ("£15 a week"), `change` ("halved", "cut by a third");
//! - `all-or-none` on countable things ("all appointments", "every night",
//!   "no missed appointments", "no new arrears for 3 months in a row").
//!
//! The words are data (`lexicons/measures.toml`: grammar kinds such as
//! `limiter`, `ratio`, `label`; `lexicons/words.toml`: closed-class words);
//! this file holds how they combine. Numbers that are not measures are
//! refused here, without reading the timescale detector: dates (23/07/2021,
//! 3rd March, "on 4/6"), clock times, ages ("aged 5", "5 years old",
//! "6-year-old"), "Year 6", "Key Stage 2", "1:1", "24/7", years, and spans of
//! days, weeks or months ("within 6 weeks", "for 3 months").

use crate::lexicon::{Category, WordClass};
use crate::stage::{Detector, Doc, Draft, FoundMeasure, StartIndex};
use crate::text::Shape;
use std::cell::Cell;

/// The detector of measures (counts, percentages, records ...).
pub struct Measures;

impl Detector for Measures {
    fn name(&self) -> &'static str {
        "measure"
    }

    fn detect(&self, doc: &Doc, draft: &mut Draft) {
        BUFFERS.with(|b| {
            let mut b = b.borrow_mut();
            b.fill(doc);
            let s = Scan {
                doc,
                marks: &b.marks,
                mark_starts: &b.mark_starts,
                words: &b.words,
                starts: &b.starts,
                heads: &b.heads,
                number_at: Cell::new((usize::MAX, None)),
            };
            let n = doc.tokens.len();
            let mut i = 0;
            while i < n {
                match s.at(i) {
                    Some((first, end, kind)) => {
                        draft.measures.push(FoundMeasure {
                            span: doc.span(first, end),
                            kind,
                        });
                        i = end;
                    }
                    None => i += 1,
                }
            }
        });
    }
}

thread_local! {
    /// The marks of the statement in hand, in buffers reused across
    /// statements (a fresh allocation per statement showed in profiles).
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::new(Buffers::default());
}

/// What a lexicon hit is to this detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    Scale,
    Record,
    Test,
    Standard,
    Count,
    Countable,
    Unit,
    Limiter,
    Bound,
    Partitive,
    Range,
    RangeJoiner,
    Per,
    Rate,
    Streak,
    AllOrNone,
    Label,
    Age,
    Past,
    TimeLead,
    Frame,
    Clock,
    Rank,
    Modifier,
    Change,
    Fraction,
    /// From the time lexicon: a unit of time (value in `Mark::unit`).
    TimeUnit,
    /// A repeating part of the day or calendar ("night", "school day").
    Period,
    /// A complete frequency word ("weekly", "fortnightly").
    Frequency,
    /// "once", "twice".
    Times,
    /// "st", "nd", "rd", "th".
    Ordinal,
    Month,
    Weekday,
    /// A number word; its value goes to `Scan::words`, not to the marks.
    NumberWord,
}

/// What each lexicon kind is to this detector, by the kind's position in
/// its category's `kinds()`, and the flag of each measure tag: built once,
/// so reading a statement's hits compares no strings.
struct Tables {
    measure: Vec<Option<Lex>>,
    time: Vec<Option<Lex>>,
    tag_flags: Vec<u16>,
}

fn tables() -> &'static Tables {
    static TABLES: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| Tables {
        measure: Category::Measure
            .kinds()
            .iter()
            .map(|k| {
                Some(match *k {
                    "scale" => Lex::Scale,
                    "record" => Lex::Record,
                    "test" => Lex::Test,
                    "standard" => Lex::Standard,
                    "count" => Lex::Count,
                    "countable" => Lex::Countable,
                    "unit" => Lex::Unit,
                    "limiter" => Lex::Limiter,
                    "bound" => Lex::Bound,
                    "partitive" => Lex::Partitive,
                    "range" => Lex::Range,
                    "range-joiner" => Lex::RangeJoiner,
                    "per" => Lex::Per,
                    "rate" => Lex::Rate,
                    "streak" => Lex::Streak,
                    "all-or-none" => Lex::AllOrNone,
                    "label" => Lex::Label,
                    "age" => Lex::Age,
                    "past" => Lex::Past,
                    "time-lead" => Lex::TimeLead,
                    "frame" => Lex::Frame,
                    "clock" => Lex::Clock,
                    "rank" => Lex::Rank,
                    "modifier" => Lex::Modifier,
                    "change" => Lex::Change,
                    "fraction" => Lex::Fraction,
                    _ => return None,
                })
            })
            .collect(),
        time: Category::Time
            .kinds()
            .iter()
            .map(|k| {
                Some(match *k {
                    "number" => Lex::NumberWord,
                    "unit" => Lex::TimeUnit,
                    "period" => Lex::Period,
                    "frequency" => Lex::Frequency,
                    "times" => Lex::Times,
                    "ordinal" => Lex::Ordinal,
                    "month" => Lex::Month,
                    "weekday" => Lex::Weekday,
                    _ => return None,
                })
            })
            .collect(),
        tag_flags: Category::Measure
            .tags()
            .iter()
            .map(|t| match *t {
                "needs-count" => NEEDS_COUNT,
                "needs-modifier" => NEEDS_MODIFIER,
                "needs-name" => NEEDS_NAME,
                "strict" => STRICT,
                "any-noun" => ANY_NOUN,
                "level" => LEVEL,
                _ => 0,
            })
            .collect(),
    })
}

/// Which unit of time a `TimeUnit` or `Unit` hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Span {
    None,
    /// Seconds and minutes: short enough to time a behaviour.
    Short,
    Hour,
    /// Days, weeks, fortnights, months, years.
    Long,
}

/// Flags from the entry's tags and value.
const NEEDS_COUNT: u16 = 1;
const NEEDS_MODIFIER: u16 = 2;
const STRICT: u16 = 4;
const ANY_NOUN: u16 = 8;
const DURATION: u16 = 16;
const LATENCY: u16 = 32;
const WHOLE: u16 = 64;
const PERCENT: u16 = 128;
const NEEDS_NAME: u16 = 256;
const LEVEL: u16 = 512;

#[derive(Debug, Clone, Copy)]
struct Mark {
    first: usize,
    end: usize,
    lex: Lex,
    flags: u16,
    unit: Span,
}

struct Scan<'d, 'a> {
    doc: &'d Doc<'a>,
    /// Lexicon hits this detector reads, by start, longest first.
    marks: &'d [Mark],
    /// Where the marks starting at each token are.
    mark_starts: &'d StartIndex,
    /// Number words and their values, by token.
    words: &'d [(usize, u32)],
    /// Per token: the kinds of mark that start there (one bit per `Lex`),
    /// so the many "is this a …" questions cost no search.
    starts: &'d [u64],
    /// Where instrument heads start, in order.
    heads: &'d [usize],
    /// The last token `number` read and what it found: the readers that
    /// start at a number each ask it again for the same token.
    number_at: Cell<(usize, Option<usize>)>,
}

/// What `Scan` reads, filled from a statement's hits.
#[derive(Default)]
struct Buffers {
    marks: Vec<Mark>,
    mark_starts: StartIndex,
    words: Vec<(usize, u32)>,
    starts: Vec<u64>,
    heads: Vec<usize>,
}

/// The bit of a number word in `Scan::starts`.
const NUMBER_WORD: u64 = 1 << 63;
/// The bits of the kinds `known_noun` reads.
const NOUNS: u64 = 1 << Lex::Count as u32
    | 1 << Lex::Countable as u32
    | 1 << Lex::Unit as u32
    | 1 << Lex::TimeUnit as u32
    | 1 << Lex::Period as u32
    | 1 << Lex::Record as u32
    | 1 << Lex::Test as u32
    | 1 << Lex::Scale as u32;

/// A noun phrase after a number: where it ends, and whether it is one bare
/// unit of time ("6 weeks") and which.
#[derive(Debug, Clone, Copy)]
struct Np {
    end: usize,
    bare: Span,
    /// The phrase is one bare `Period` ("3 nights").
    bare_period: bool,
    /// Its head is a countable event ("sessions"), or a short unit of time.
    countable: bool,
    short: bool,
}

impl Buffers {
    fn fill(&mut self, doc: &Doc) {
        let tables = tables();
        let Buffers {
            marks,
            mark_starts,
            words,
            starts,
            heads,
        } = self;
        marks.clear();
        words.clear();
        heads.clear();
        starts.clear();
        for h in doc.hits {
            let by_kind = match h.category {
                Category::Measure => &tables.measure,
                Category::Time => &tables.time,
                _ => continue,
            };
            let e = doc.lex.entry(h.entry);
            let Some(Some(lex)) = e.kind_index.map(|k| by_kind[k as usize]) else {
                continue;
            };
            let value = e.value.as_deref();
            let lex = match lex {
                Lex::NumberWord => {
                    if let Some(v) = value
                        .and_then(|v| v.parse().ok())
                        .filter(|_| h.end == h.first + 1)
                    {
                        words.push((h.first, v));
                    }
                    continue;
                }
                Lex::Times if value.is_none() => continue, // the word "times"
                lex => lex,
            };
            let mut flags = 0;
            if h.category == Category::Measure {
                for (p, bit) in tables.tag_flags.iter().enumerate() {
                    if e.tag_bits & 1 << p != 0 {
                        flags |= bit;
                    }
                }
            }
            let unit = match (lex, value) {
                (Lex::TimeUnit | Lex::Unit, Some("minute" | "second")) => Span::Short,
                (Lex::TimeUnit, Some("hour")) => Span::Hour,
                (Lex::TimeUnit, _) => Span::Long,
                _ => Span::None,
            };
            flags |= match (lex, value) {
                (Lex::TimeLead, Some("duration")) => DURATION,
                (Lex::TimeLead, Some("latency")) => LATENCY,
                (Lex::Change, Some("whole")) => WHOLE,
                (Lex::Unit, Some("percent")) => PERCENT,
                _ => 0,
            };
            marks.push(Mark {
                first: h.first,
                end: h.end,
                lex,
                flags,
                unit,
            });
        }
        marks.sort_unstable_by_key(|m| (m.first, std::cmp::Reverse(m.end), m.lex as u8));
        let n = doc.tokens.len();
        mark_starts.fill(marks.iter().map(|m| m.first), n);
        starts.resize(n + 1, 0);
        for m in marks.iter() {
            starts[m.first] |= 1 << m.lex as u32;
            if matches!(m.lex, Lex::Scale | Lex::Record | Lex::Test | Lex::Standard) {
                heads.push(m.first);
            }
        }
        for w in words.iter() {
            starts[w.0] |= NUMBER_WORD;
        }
    }
}

impl<'d, 'a> Scan<'d, 'a> {
    fn n(&self) -> usize {
        self.doc.tokens.len()
    }
    fn norm(&self, i: usize) -> &str {
        self.doc.norm_or_empty(i)
    }
    fn shape(&self, i: usize) -> Option<Shape> {
        self.doc.tokens.get(i).map(|t| t.shape)
    }
    /// Tokens `i` and `i + 1` touch.
    fn touch(&self, i: usize) -> bool {
        self.doc.touches_next(i)
    }
    fn punct(&self, i: usize, p: &str) -> bool {
        self.shape(i) == Some(Shape::Punct) && self.norm(i) == p
    }
    /// A hyphen glued to the tokens on both sides ("30-minute").
    fn glued_hyphen(&self, i: usize) -> bool {
        i > 0 && self.punct(i, "-") && self.touch(i - 1) && self.touch(i)
    }
    fn capitalised(&self, i: usize) -> bool {
        i < self.n()
            && self
                .doc
                .tokens
                .raw(self.doc.text, i)
                .starts_with(char::is_uppercase)
    }

    /// The marks starting at `i`, longest first.
    fn marks_at(&self, i: usize) -> &[Mark] {
        self.mark_starts.starting_at(self.marks, i)
    }
    /// The longest mark of one of `kinds` starting at `i`.
    fn mark(&self, i: usize, kinds: &[Lex]) -> Option<Mark> {
        // Most tokens start none of them: ask the bits before searching.
        if !kinds.iter().any(|&k| self.is(i, k)) {
            return None;
        }
        self.marks_at(i).iter().find(|m| kinds.contains(&m.lex)).copied()
    }
    fn is(&self, i: usize, lex: Lex) -> bool {
        self.starts.get(i).is_some_and(|s| s & (1 << lex as u32) != 0)
    }
    fn number_word(&self, i: usize) -> bool {
        self.starts.get(i).is_some_and(|s| s & NUMBER_WORD != 0)
    }
    /// The end of a mark of `lex` at `i`.
    fn end_of(&self, i: usize, lex: Lex) -> Option<usize> {
        self.mark(i, &[lex]).map(|m| m.end)
    }
    fn instrument_head(&self, i: usize) -> Option<Mark> {
        self.mark(i, &[Lex::Scale, Lex::Record, Lex::Test, Lex::Standard])
    }
    /// A noun the lexicons know as something counted or timed. Not a verb
    /// that shares its stem ("reported", "weekly"), nor a general head
    /// ("data") that names an instrument only with a word before it.
    fn known_noun(&self, i: usize) -> Option<Mark> {
        if self.starts.get(i).is_none_or(|s| s & NOUNS == 0) {
            return None;
        }
        let at = self.marks_at(i);
        let m = at.iter().find(|m| {
            matches!(
                m.lex,
                Lex::Count
                    | Lex::Countable
                    | Lex::Unit
                    | Lex::TimeUnit
                    | Lex::Period
                    | Lex::Record
                    | Lex::Test
                    | Lex::Scale
            ) && m.flags & (NEEDS_MODIFIER | NEEDS_NAME) == 0
        })?;
        if m.end == i + 1 && self.trailing(i) {
            return None;
        }
        // The unit of time it is, whichever entry matched first.
        let unit = at
            .iter()
            .filter(|x| x.end == m.end)
            .map(|x| x.unit)
            .find(|u| *u != Span::None)
            .unwrap_or(Span::None);
        let countable = at.iter().any(|x| x.end == m.end && x.lex == Lex::Countable);
        let period = at.iter().any(|x| x.end == m.end && x.lex == Lex::Period);
        Some(Mark {
            unit,
            lex: if countable {
                Lex::Countable
            } else if period {
                Lex::Period
            } else {
                m.lex
            },
            ..*m
        })
    }

    /// A closed-class word ("the", "will", "with", "and", "she"): no part of
    /// a noun phrase's modifiers or head.
    fn closed(&self, i: usize) -> bool {
        let c = self.doc.classes(i);
        c.any(&WordClass::FUNCTION_WORDS) || c.has(WordClass::Participle)
    }
    /// A word that may stand in a noun phrase: letters, not a closed-class
    /// word, not a time word that stands on its own ("weekly", "Monday").
    fn open(&self, i: usize) -> bool {
        self.shape(i) == Some(Shape::Word)
            && !self.closed(i)
            && !self.is(i, Lex::Frequency)
            && !self.is(i, Lex::Month)
            && !self.is(i, Lex::Weekday)
            && !self.number_word(i)
    }
    /// A word that reads as a plural noun: "strategies", "words", "GCSEs".
    fn plural(&self, i: usize) -> bool {
        let w = self.norm(i);
        w.len() > 3
            && w.ends_with('s')
            && !(w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") || w.ends_with("wards"))
    }
    /// An adverb or participle that ends a noun phrase rather than naming
    /// the thing ("words correctly", "incidents reported").
    fn trailing(&self, i: usize) -> bool {
        let w = self.norm(i);
        (w.len() > 4 && w.ends_with("ly")) || (w.len() > 4 && w.ends_with("ed"))
    }

    /// A word glued to others by hyphens ("after-school", "one-to-one",
    /// "end-of-unit", "0-10"): where it ends, if `i` starts one.
    fn compound(&self, i: usize) -> Option<usize> {
        let mut e = i + 1;
        while self.glued_hyphen(e) && matches!(self.shape(e + 1), Some(Shape::Word | Shape::Number)) {
            e += 2;
        }
        (e > i + 1).then_some(e)
    }

    /// The value of a number word or digits at `i` (1 for "one"; None for
    /// digits that do not parse, such as a decimal's first part).
    fn value(&self, i: usize) -> Option<u32> {
        if let Ok(k) = self.words.binary_search_by_key(&i, |w| w.0) {
            return Some(self.words[k].1);
        }
        self.norm(i).parse().ok()
    }

    /// A number that may be a measure: digits (with a decimal part, an
    /// ordinal or a glued unit) or a number word; never part of a date,
    /// time, age, school year, 1:1 or 24/7. Returns where it ends.
    fn number(&self, i: usize) -> Option<usize> {
        let (at, found) = self.number_at.get();
        if at == i {
            return found;
        }
        let found = self.read_number(i);
        self.number_at.set((i, found));
        found
    }

    /// [`Scan::number`], read afresh.
    fn read_number(&self, i: usize) -> Option<usize> {
        let word = self.number_word(i);
        if !word && self.shape(i) != Some(Shape::Number) {
            return None;
        }
        let prev = i.checked_sub(1);
        // The middle of a date, time, ratio or compound ("1:1", "one-to-one").
        if prev.is_some_and(|p| {
            self.touch(p)
                && (matches!(self.norm(p), "/" | ":" | "." | "-") || self.shape(p) == Some(Shape::Word))
        }) {
            return None; // also "KS2", "HbA1c", "Y9"
        }
        if prev.is_some_and(|p| self.is(p, Lex::Label) || self.is(p, Lex::Month)) {
            return None; // "aged 5", "Year 6", "March 3"
        }
        if word {
            return (!self.is(i + 1, Lex::Age)).then_some(i + 1);
        }
        let mut e = i + 1;
        if self.touch(i) {
            if let Some(m) = self.mark(e, &[Lex::Unit]) {
                return Some(m.end); // "600ml", "6kg"
            }
            match self.norm(e) {
                "." if self.shape(e + 1) == Some(Shape::Number)
                    && !(self.touch(e + 1) && matches!(self.norm(e + 2), "." | "/")) =>
                {
                    e += 2; // 6.5, 0.4
                    if self.touch(e - 1) {
                        if let Some(m) = self.mark(e, &[Lex::Unit]) {
                            return Some(m.end); // "6.5kg"
                        }
                    }
                }
                // "2-3 times" is a range; "05-07-2025" a date.
                "-" if self.shape(e + 1) == Some(Shape::Number)
                    && self.touch(e + 1)
                    && matches!(self.norm(e + 2), "-" | "/" | ".") =>
                {
                    return None;
                }
                "/" | ":" | "." if self.shape(e + 1) == Some(Shape::Number) => return None,
                _ if self.is(e, Lex::Clock) => return None, // "9am"
                _ => {}
            }
        }
        if self.touch(e - 1) && self.is(e, Lex::Ordinal) {
            e += 1;
        }
        // Dates: "3rd March", "3 of March", a year.
        if self.is(e, Lex::Month) || self.is(e + 1, Lex::Month) && self.is(e, Lex::Partitive) {
            return None;
        }
        let digits = self.norm(i);
        if digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")) {
            return None;
        }
        if self.is(e, Lex::Age) {
            return None; // "5 years old"
        }
        if self.punct(e, "(") || prev.is_some_and(|p| self.punct(p, "(")) && self.punct(e, ")") {
            return None; // "Ruby (3)"
        }
        Some(e)
    }

    /// A number and, glued to it, the second half of a range ("2-3").
    fn number_or_range(&self, i: usize) -> Option<usize> {
        let a = self.number(i)?;
        if self.glued_hyphen(a) && self.shape(a + 1) == Some(Shape::Number) {
            return Some(a + 2);
        }
        Some(a)
    }

    /// A percentage: "85%", "12.5%", "80 percent".
    fn percent(&self, i: usize) -> Option<usize> {
        if self.shape(i) != Some(Shape::Number) {
            return None;
        }
        let mut e = i + 1;
        if self.punct(e, ".") && self.shape(e + 1) == Some(Shape::Number) {
            e += 2;
        }
        if self.punct(e, "%") {
            return Some(e + 1);
        }
        self.mark(e, &[Lex::Unit])
            .filter(|m| m.flags & PERCENT != 0)
            .map(|m| m.end)
    }

    /// A percentage and what it is of: "80% accuracy", "80% of opportunities",
    /// "80 percent of the day".
    fn percent_phrase(&self, i: usize) -> Option<usize> {
        let p = self.percent(i)?;
        if let Some(k) = self.end_of(p, Lex::Partitive) {
            if let Some(np) = self.noun_phrase(k, false) {
                return Some(np.end);
            }
        }
        // What is counted: "fluency failures", or one word ("accuracy",
        // "correct").
        if let Some(np) = self
            .noun_phrase(p, true)
            .filter(|np| !self.capitalised(p) && np.end <= p + 3)
        {
            return Some(np.end);
        }
        let word = self.open(p)
            && !self.capitalised(p)
            && !self.is(p, Lex::TimeLead)
            && !self.is(p, Lex::Limiter)
            && !self.trailing(p);
        Some(if word { p + 1 } else { p })
    }

    /// A value in a range: a percentage, a number, a level word.
    fn range_value(&self, i: usize) -> Option<usize> {
        if let Some(e) = self.percent(i).or_else(|| self.end_of(i, Lex::Rank)) {
            return Some(e);
        }
        let e = self.number(i)?;
        // "6y4m": an age in years and months.
        if self.touch(e - 1) && self.norm(e).starts_with('y') {
            let mut k = e;
            while k < self.n()
                && self.touch(k - 1)
                && matches!(self.shape(k), Some(Shape::Word | Shape::Number))
            {
                k += 1;
            }
            return Some(k);
        }
        Some(e)
    }

    /// The longest measure starting at `i`: (first, end, kind).
    fn at(&self, i: usize) -> Option<(usize, usize, &'static str)> {
        let mut best: Option<(usize, usize, &'static str)> = None;
        let mut offer = |r: Option<(usize, &'static str)>| {
            if let Some((e, kind)) = r {
                if best.is_none_or(|b| e > b.1) {
                    best = Some((i, e, kind));
                }
            }
        };
        // Most tokens start nothing: ask only what can start here.
        let head_near = {
            let h = self.heads.partition_point(|&h| h < i);
            self.heads.get(h).is_some_and(|&h| h <= i + 12)
        };
        if head_near {
            offer(self.instrument(i));
        }
        if self.number_word(i) || self.shape(i) == Some(Shape::Number) {
            offer(self.percent_phrase(i).map(|e| (e, "percentage")));
            offer(self.bounded(i).map(|e| (e, "limit")));
            offer(self.ratio(i).map(|e| (e, "ratio")));
            offer(self.count(i, false).map(|e| (e, "count")));
            offer(self.score(i).map(|e| (e, "scale")));
        }
        if self.starts.get(i).is_some_and(|s| *s != 0) {
            offer(self.range(i).map(|e| (e, "range")));
            offer(self.limit(i).map(|e| (e, "limit")));
            offer(self.rate(i).map(|e| (e, "count")));
            offer(self.all_or_none(i).map(|e| (e, "all-or-none")));
            offer(self.level(i, false).map(|e| (e, "level")));
            // "a five-sentence paragraph": the article belongs to the size.
            offer(self.article(i).and_then(|k| self.sized(k)).map(|e| (e, "count")));
            offer(self.change(i).map(|e| (e, "change")));
        }
        offer(self.amount(i).map(|e| (e, "amount")));
        best
    }

    /// A limiter and what it limits: "at least 3 times a week", "no more
    /// than 4 errors", "within 2 minutes of being asked", "at least every 6
    /// months", "at least fortnightly", "matches or exceeds the national
    /// average", "at least a Grade 4".
    fn limit(&self, i: usize) -> Option<usize> {
        let lim = self.mark(i, &[Lex::Limiter])?;
        let j = lim.end;
        let counted = self
            .score(j)
            .or_else(|| self.ratio(j))
            .or_else(|| self.bounded(j))
            .or_else(|| self.count(j, true))
            .or_else(|| self.rate(j))
            .or_else(|| self.amount(j));
        if lim.flags & NEEDS_COUNT != 0 {
            // "under 16" is an age, "within 6 weeks" a deadline, and "over"
            // before days, weeks or terms a window ("over 4 weeks in a row").
            let e = counted.filter(|&e| e > j + 1)?;
            let span = self.number_or_range(j).and_then(|a| self.noun_phrase(a, false));
            if span.is_some_and(|np| np.bare == Span::Long || np.bare == Span::Hour || np.bare_period) {
                return None;
            }
            return Some(self.being(e));
        }
        counted
            .or_else(|| self.percent_phrase(j))
            .or_else(|| self.level(j, true))
            .or_else(|| self.end_of(j, Lex::Frequency))
            .or_else(|| self.every(j))
            .or_else(|| {
                let m = self.instrument(j)?;
                (m.1 == "standard").then_some(m.0)
            })
            .or_else(|| {
                // "at least 85", "below the 98th centile"
                let k = if self.doc.is(j, WordClass::Determiner) {
                    j + 1
                } else {
                    j
                };
                let e = self.number(k)?;
                // "at least 85", "at least 3 a day"
                Some(
                    self.noun_phrase(e, false)
                        .map_or_else(|| self.per(e).unwrap_or(e), |np| np.end),
                )
            })
    }

    /// "… of being asked" after a time limit.
    fn being(&self, e: usize) -> usize {
        if self.is(e, Lex::Partitive)
            && self.doc.is(e + 1, WordClass::Be)
            && self.shape(e + 2) == Some(Shape::Word)
        {
            return e + 3;
        }
        e
    }

    /// "every 6 months", "every eight weeks" (after a limiter).
    fn every(&self, j: usize) -> Option<usize> {
        let m = self.mark(j, &[Lex::Per]).filter(|m| m.flags & ANY_NOUN == 0)?;
        let k = self.number(m.end).unwrap_or(m.end);
        self.mark(k, &[Lex::TimeUnit, Lex::Period]).map(|u| u.end)
    }

    /// A number with a bound and what it counts: "3 or more data sessions",
    /// "4 or below", "three or more times".
    fn bounded(&self, i: usize) -> Option<usize> {
        let a = self.number(i)?;
        let b = self.end_of(a, Lex::Bound)?;
        Some(self.noun_phrase(b, false).map_or(b, |np| self.tail(np)))
    }

    /// "from 63% to 85%", "from 3 to at least 6", "between 55 and 60 kg".
    fn range(&self, i: usize) -> Option<usize> {
        let k = self.end_of(i, Lex::Range)?;
        let k = if self.doc.is(k, WordClass::Determiner) {
            k + 1
        } else {
            k
        };
        let a = self.range_value(k)?;
        let b = self
            .end_of(a, Lex::RangeJoiner)
            .or_else(|| self.punct(a, "-").then_some(a + 1))?;
        let b = self.end_of(b, Lex::Limiter).unwrap_or(b);
        let b = if self.doc.is(b, WordClass::Determiner) {
            b + 1
        } else {
            b
        };
        let e = self.range_value(b)?;
        // "to the 9th centile", "towards the 95% target", "to 85 words per minute"
        Some(self.noun_phrase(e, false).map_or(e, |np| self.tail(np)))
    }

    /// "4 out of 5 trials", "3 of her last 4 drug tests", "14 points out of
    /// 35", "4/5 school days".
    fn ratio(&self, i: usize) -> Option<usize> {
        if let Some(e) = self.fraction(i) {
            return match self.noun_phrase(e, false) {
                Some(np) => Some(self.tail(np)),
                // "on 4/6" is a date.
                None => (!(i > 0 && self.is(i - 1, Lex::TimeLead))).then_some(e),
            };
        }
        let a = self.number(i)?;
        // A counted thing may stand before "out of" ("5 nights out of 7").
        let before = self.noun_phrase(a, false).map(|np| np.end);
        let joiner = |k: usize| self.mark(k, &[Lex::Partitive]);
        let j = match before.and_then(|k| joiner(k).filter(|m| m.end > m.first + 1)) {
            Some(m) => m,
            None => joiner(a)?,
        };
        let e = self.number(j.end)?;
        // "4 of 5" needs the second number to be the larger: "2 of 3".
        if j.end == j.first + 1 {
            if let (Some(x), Some(y)) = (self.value(i), self.value(j.end)) {
                if x > y {
                    return None;
                }
            }
        }
        Some(self.noun_phrase(e, false).map_or(e, |np| self.tail(np)))
    }

    /// "9/10": a fraction with no third part (then it would be a date), not
    /// 24/7 or 1/1.
    fn fraction(&self, i: usize) -> Option<usize> {
        if self.shape(i) != Some(Shape::Number) || i > 0 && self.touch(i - 1) {
            return None;
        }
        if self.touch(i)
            && self.punct(i + 1, "/")
            && self.touch(i + 1)
            && self.shape(i + 2) == Some(Shape::Number)
        {
            let glued_after = self.touch(i + 2) && matches!(self.norm(i + 3), "/" | "." | "-");
            let small = self.norm(i).len() <= 2 && self.norm(i + 2).len() <= 2;
            if !glued_after
                && small
                && self.norm(i) != "24"
                && !(self.norm(i) == "1" && self.norm(i + 2) == "1")
            {
                return Some(i + 3);
            }
        }
        None
    }

    /// The noun phrase a number counts, starting at `k`: modifiers, then a
    /// head. The head is a noun the lexicons know ("contact sessions"), else
    /// the last plural before the phrase ends ("40 sight words", "3
    /// strategies she could use", "10 one-to-one maths tuition sessions").
    /// Without `plural` (after "one", a percentage, the second number of a
    /// ratio), a phrase with no plural ends at its last word ("1 hitting
    /// incident a week", "85% correct").
    fn noun_phrase(&self, k: usize, plural: bool) -> Option<Np> {
        let mut j = k;
        let mut last_word: Option<usize> = None;
        let mut last_plural: Option<usize> = None;
        let limit = (k + 8).min(self.n());
        while j < limit {
            // A known noun ends the phrase, with any known noun after it.
            if let Some(m) = self.known_noun(j) {
                let mut e = m.end;
                while let Some(next) = self.known_noun(e) {
                    e = next.end;
                }
                let bare = j == k && e == m.end;
                return Some(Np {
                    end: e,
                    bare: if bare { m.unit } else { Span::None },
                    bare_period: bare && m.lex == Lex::Period,
                    countable: m.lex == Lex::Countable,
                    short: m.unit == Span::Short,
                });
            }
            if let Some(e) = self
                .compound(j)
                .filter(|_| self.shape(j) == Some(Shape::Word) || j > k)
            {
                last_word = Some(e);
                if self.plural(e - 1) {
                    last_plural = Some(e);
                }
                j = e;
                continue;
            }
            // "Grade 2" inside a phrase ("two Grade 2 level short stories").
            if self.level_word(j).is_some() && self.shape(j + 1) == Some(Shape::Number) {
                j += 2;
                continue;
            }
            // "two other pupils", "12 weekly sessions"
            if self.is(j, Lex::Modifier)
                || self.is(j, Lex::Frequency) && (self.known_noun(j + 1).is_some() || self.open(j + 1))
            {
                j += 1;
                continue;
            }
            // "the given words": a participle before a noun.
            if self.doc.is(j, WordClass::Participle)
                && self.open(j + 1)
                && !self.trailing(j + 1)
                && last_word.is_none()
            {
                last_word = Some(j + 1);
                j += 1;
                continue;
            }
            if !self.open(j) {
                // "speech and language appointments": "and" between modifiers.
                if plural
                    && last_word.is_some()
                    && self.doc.is(j, WordClass::Conjunction)
                    && self.is(j, Lex::RangeJoiner)
                    && self.open(j + 1)
                {
                    j += 1;
                    continue;
                }
                break;
            }
            if self.plural(j) && !self.trailing(j) {
                last_plural = Some(j + 1);
            }
            last_word = Some(j + 1);
            j += 1;
        }
        let plain = |end| Np {
            end,
            bare: Span::None,
            bare_period: false,
            countable: false,
            short: false,
        };
        if let Some(e) = last_plural {
            return Some(plain(e));
        }
        if plural {
            return None;
        }
        let mut e = last_word?;
        while e > k && self.trailing(e - 1) {
            e -= 1;
        }
        (e > k).then(|| plain(e))
    }

    /// What may follow a counted thing: "of alcohol", then a rate ("a
    /// week", "per minute", "ml/day", "correct per minute") or a streak ("in
    /// a row").
    fn tail(&self, np: Np) -> usize {
        self.rate_tail(self.of_tail(np))
    }

    /// "of" and a short phrase with no determiner that ends the clause,
    /// after an amount: "units of alcohol", "hours of maths tutoring",
    /// "members of staff", "signs of coercive control". Not after events
    /// and minutes, where it names the content ("12 sessions of CBT", "10
    /// minutes of reading practice").
    fn of_tail(&self, np: Np) -> usize {
        let e = np.end;
        if np.countable || np.short || !self.is(e, Lex::Partitive) {
            return e;
        }
        let Some(of) = self.noun_phrase(e + 1, false) else {
            return e;
        };
        let ends_clause = of.end >= self.n()
            || !self.open(of.end)
                && !self.doc.classes(of.end).any(&[
                    WordClass::Determiner,
                    WordClass::Possessive,
                    WordClass::ThirdPerson,
                    WordClass::Participle,
                ])
            || self.per(of.end).is_some();
        if ends_clause && of.end <= e + 4 {
            of.end
        } else {
            e
        }
    }

    /// A rate or a streak after a counted thing, if any.
    fn rate_tail(&self, e: usize) -> usize {
        let mut e = e;
        // "correct per minute": one word before a rate.
        if let Some(x) = self.per(e).or_else(|| {
            (self.open(e) && !self.is(e, Lex::Per))
                .then(|| self.per(e + 1))
                .flatten()
        }) {
            e = x;
        }
        if let Some(x) = self.end_of(e, Lex::Streak) {
            e = x;
        }
        e
    }

    /// A rate after a count: "a week", "per session", "each day", "every
    /// week", "/day", "per 100 words".
    fn per(&self, e: usize) -> Option<usize> {
        let (k, any) = if self.punct(e, "/") && self.touch(e) && e > 0 && self.touch(e - 1) {
            (e + 1, true)
        } else {
            let m = self.mark(e, &[Lex::Per])?;
            (m.end, m.flags & ANY_NOUN != 0)
        };
        let k = self.number(k).unwrap_or(k);
        if let Some(m) = self
            .mark(k, &[Lex::TimeUnit, Lex::Period])
            .or_else(|| self.mark(k, &[Lex::Unit]).filter(|m| m.unit == Span::Short))
        {
            return Some(m.end);
        }
        if any {
            if let Some(m) = self.known_noun(k) {
                return Some(m.end);
            }
            if self.open(k) {
                return Some(k + 1);
            }
        }
        None
    }

    /// "6 sessions", "15 hours a week", "3 strategies", "two friends",
    /// "30-minute sessions", "no more than 1 hitting incident" (a thing
    /// after "one" counts only after a limiter (`limited`) or with a rate:
    /// "1 day a week").
    fn count(&self, i: usize, limited: bool) -> Option<usize> {
        let a = self.number_or_range(i)?;
        if self.glued_hyphen(a) {
            return self.sized(i);
        }
        let single = a == i + 1 && self.value(i) == Some(1);
        // "600ml of formula a day": the unit glued to the number is the head.
        let glued_unit = a > i + 1 && self.is(a - 1, Lex::Unit) && self.touch(a - 2);
        let np = if glued_unit {
            Np {
                end: a,
                bare: Span::None,
                bare_period: false,
                countable: false,
                short: false,
            }
        } else {
            self.noun_phrase(a, !single)?
        };
        let of = self.of_tail(np);
        let e = self.rate_tail(of);
        let extra = e > of; // "a week", "in a row"
        if single && !limited && !extra {
            return None; // "one room", "share one mattress"
        }
        // A time span's preposition, or "every" ("every 30 minutes").
        let lead = i.checked_sub(1).and_then(|p| {
            self.mark(p, &[Lex::TimeLead])
                .or_else(|| self.mark(p, &[Lex::AllOrNone]).filter(|_| self.is(p, Lex::Per)))
        });
        match np.bare {
            // "6 weeks" is a duration: not a count.
            Span::Long if !extra => return None,
            Span::Hour | Span::Short if !extra => {
                let allowed = match lead {
                    None => true,
                    Some(m) => m.flags & DURATION != 0 || m.flags & LATENCY != 0 && np.bare == Span::Short,
                };
                // "3 hours later", "in 6 weeks' time"
                if !allowed || self.is(np.end, Lex::Past) || self.punct(np.end, "'") {
                    return None;
                }
            }
            _ => {}
        }
        if np.bare_period && !extra && lead.is_some() {
            return None; // "for 3 nights", "over 3 terms"
        }
        Some(e)
    }

    /// A thing with its size glued to the number: "30-minute sessions", "a
    /// five-sentence paragraph", "3-word sentences"; not an age or a length
    /// of time ("12-month immunisations", "a 6-week course") nor a size in
    /// other units ("3-bed house", "2-inch letters").
    fn sized(&self, i: usize) -> Option<usize> {
        let a = self.number(i)?;
        if !self.glued_hyphen(a) {
            return None;
        }
        let size = self.known_noun(a + 1).filter(|m| {
            let unit = self
                .marks_at(a + 1)
                .iter()
                .any(|x| x.end == m.end && x.lex == Lex::Unit);
            match m.unit {
                Span::Long => false,
                Span::Short | Span::Hour => true,
                // A count ("3-word sentences"), not a unit of size ("2-inch").
                Span::None => !unit && matches!(m.lex, Lex::Count | Lex::Countable),
            }
        })?;
        let np = self.noun_phrase(size.end, false)?;
        Some(self.tail(np))
    }

    /// A target rate: "twice a day", "once every 2 weeks", "every other day".
    fn rate(&self, i: usize) -> Option<usize> {
        if let Some(m) = self.mark(i, &[Lex::Rate]) {
            return self.mark(m.end, &[Lex::TimeUnit, Lex::Period]).map(|u| u.end);
        }
        let k = self.end_of(i, Lex::Times)?;
        if let Some(x) = self.per(k) {
            return Some(x);
        }
        self.every(k)
    }

    /// "all appointments", "all 6 sessions", "every night", "no missed
    /// appointments", "no 999 calls", "each of her lessons", "no new
    /// arrears for 3 months in a row".
    fn all_or_none(&self, i: usize) -> Option<usize> {
        let lead = self.mark(i, &[Lex::AllOrNone])?;
        let strict = lead.flags & STRICT != 0;
        // "at every visit" is a frequency frame, not a measure.
        let every = strict && self.is(i, Lex::Per);
        let frame = |p: usize| {
            self.is(p, Lex::Frame)
                || (self.mark(p, &[Lex::TimeLead])).is_some_and(|m| m.flags & (DURATION | LATENCY) == 0)
        };
        if every && i > 0 && frame(i - 1) {
            return None;
        }
        let mut k = lead.end;
        let mut counted = false;
        if let Some(x) = self.number(k) {
            k = x;
            counted = true;
            if let Some(y) = self.end_of(k, Lex::Partitive) {
                k = y;
            }
        }
        if !strict
            && self
                .doc
                .classes(k)
                .any(&[WordClass::Possessive, WordClass::Determiner])
        {
            k += 1; // "all his lessons", "all the appointments"
        }
        let np = self.noun_phrase(k, true).or_else(|| self.noun_phrase(k, false))?;
        let e = np.end;
        // "no" needs a countable thing, and "every" one straight after
        // ("every night", not "every Tuesday").
        let inside = &self.marks[self.marks.partition_point(|m| m.first < k)..];
        let inside = &inside[..inside.partition_point(|m| m.first < e)];
        let head_ok = counted
            || inside
                .iter()
                .any(|m| m.end <= e && (m.lex == Lex::Countable || !strict && m.lex == Lex::Count));
        if !head_ok {
            return None;
        }
        if every
            && !inside
                .iter()
                .any(|m| m.first == k && m.end == e && m.lex == Lex::Countable)
        {
            return None;
        }
        let e = self.tail(np);
        // "no rent arrears for 3 months": how long a none must last.
        let none = self
            .doc
            .hits_at(i)
            .iter()
            .any(|h| h.category == Category::Negation);
        Some(if none { self.kept_up(e) } else { e })
    }

    /// How long a none must last: "… for 3 months in a row", "… to the
    /// house for 6 months running".
    fn kept_up(&self, e: usize) -> usize {
        let mut k = e;
        // One short phrase between ("to the house").
        if !self.is(k, Lex::TimeLead) && self.doc.is(k, WordClass::Preposition) {
            let mut x = k + 1;
            while x < self.n()
                && x <= k + 3
                && !self.is(x, Lex::TimeLead)
                && (self.open(x) || self.doc.is(x, WordClass::Determiner))
            {
                x += 1;
            }
            k = x;
        }
        let Some(m) = self.mark(k, &[Lex::TimeLead]).filter(|m| m.flags & DURATION != 0) else {
            return e;
        };
        let Some(x) = self.number(m.end) else {
            return e;
        };
        let x = self
            .noun_phrase(x, false)
            .filter(|np| np.bare != Span::None || np.bare_period);
        match x {
            Some(np) => self.end_of(np.end, Lex::Streak).unwrap_or(np.end),
            None => e,
        }
    }

    /// A score on a scale: "6 or more on the 0-10 scale", "16 on the GAD-7".
    fn score(&self, i: usize) -> Option<usize> {
        let a = self.number(i)?;
        let b = self.end_of(a, Lex::Bound).unwrap_or(a);
        let b = if self.punct(b, "+") { b + 1 } else { b };
        if !self.doc.is(b, WordClass::Preposition) {
            return None;
        }
        self.instrument(b + 1).filter(|m| m.1 == "scale").map(|m| m.0)
    }

    /// A level to reach: "a Grade 4", "a Level 1 qualification", "a Year 3
    /// level text", "a 3rd grade word list", "(at least) level 3".
    fn level(&self, i: usize, limited: bool) -> Option<usize> {
        let k = match self.article(i) {
            Some(k) => k,
            None if limited => i,
            None => return None,
        };
        let e = if let Some(l) = self.level_word(k) {
            let n = l;
            if !(self.shape(n) == Some(Shape::Number) || self.value(n).is_some()) {
                return None;
            }
            let mut e = n + 1;
            if self.touch(n) && self.is(e, Lex::Ordinal) {
                e += 1;
            }
            e
        } else if self.shape(k) == Some(Shape::Number) && self.touch(k) && self.is(k + 1, Lex::Ordinal) {
            self.level_word(k + 2)?
        } else {
            return None;
        };
        let e = self.end_of(e, Lex::Bound).unwrap_or(e);
        Some(self.noun_phrase(e, false).map_or(e, |np| np.end))
    }

    /// "a", "an" (and "each"): where the word ends.
    fn article(&self, i: usize) -> Option<usize> {
        self.mark(i, &[Lex::Per])
            .filter(|m| m.flags & ANY_NOUN == 0 && !self.is(i, Lex::AllOrNone))
            .map(|m| m.end)
    }

    /// A word naming a level ("Grade", "Level", "Year", "Key Stage").
    fn level_word(&self, i: usize) -> Option<usize> {
        self.marks_at(i)
            .iter()
            .find(|m| m.lex == Lex::Label && m.flags & LEVEL != 0)
            .map(|m| m.end)
    }

    /// Money: "£240", "$400", "£1,200", "£15 a week".
    fn amount(&self, i: usize) -> Option<usize> {
        if self.shape(i + 1) != Some(Shape::Number)
            || !self.touch(i)
            || !matches!(self.norm(i), "£" | "$" | "€")
        {
            return None;
        }
        let mut e = i + 2;
        while self.touch(e - 1)
            && matches!(self.norm(e), "," | ".")
            && self.touch(e)
            && self.shape(e + 1) == Some(Shape::Number)
        {
            e += 2;
        }
        Some(self.per(e).unwrap_or(e))
    }

    /// A change by an amount: "halved", "(cut) by a third", "(increased) by
    /// 50%", "(increase) by 12 months".
    fn change(&self, i: usize) -> Option<usize> {
        if let Some(m) = self.mark(i, &[Lex::Change]).filter(|m| m.flags & WHOLE != 0) {
            return Some(m.end);
        }
        // `i` is the last word ("by") of a change phrase.
        let lo = self.marks.partition_point(|m| m.first + 4 < i);
        let hi = self.marks.partition_point(|m| m.first < i);
        if !self.marks[lo..hi]
            .iter()
            .any(|m| m.lex == Lex::Change && m.end == i + 1 && m.flags & WHOLE == 0)
        {
            return None;
        }
        let k = i + 1;
        self.percent(k)
            .or_else(|| self.end_of(k, Lex::Fraction))
            .or_else(|| {
                let a = self.number(k)?;
                Some(self.noun_phrase(a, false).map_or(a, |np| np.end))
            })
    }

    /// An instrument with what names it: "the sleep diary", "teacher data",
    /// "Mum's hair strand test", "clear hair strand tests", "the Borg
    /// scale", "Kyle's Asset score"; then "of 18" or "from 1 to 5".
    fn instrument(&self, i: usize) -> Option<(usize, &'static str)> {
        // Never from the "s" of a possessive.
        if i > 1 && self.punct(i - 1, "'") && self.touch(i - 1) {
            return None;
        }
        let mut k = i;
        let mut determined = false;
        // "the", "her", not "that" (a conjunction too) or "every" (a count).
        if self.instrument_head(i).is_some() {
            // "the register": the lexicon's phrase holds its determiner.
        } else if self
            .doc
            .classes(k)
            .any(&[WordClass::Determiner, WordClass::Possessive])
            && !self.doc.is(k, WordClass::Conjunction)
            && !self.is(k, Lex::AllOrNone)
        {
            k += 1;
            determined = true;
        } else if self.capitalised(k) && self.possessive(k) {
            k += 3; // "Mum's", "Ryan's"
            determined = true;
        } else if !self.may_start_phrase(i) {
            return None;
        }
        // Modifiers, then the last instrument head reachable.
        let mut best: Option<(usize, Lex)> = None;
        let mut modified = false;
        let mut named = false;
        let mut j = k;
        let mut words = 0;
        while j < self.n() && words <= 5 {
            words += 1;
            if let Some(m) = self.instrument_head(j) {
                let ok = if m.flags & NEEDS_NAME != 0 {
                    named || best.is_some()
                } else {
                    m.flags & NEEDS_MODIFIER == 0 || modified
                };
                // A general head before an object is a verb: "his teacher
                // records him", "the school tests them".
                let verb = m.flags & (NEEDS_NAME | NEEDS_MODIFIER) != 0 && self.object(m.end);
                if ok && !verb {
                    best = Some((m.end, m.lex));
                }
                modified = true;
                named = true;
                j = m.end;
                continue;
            }
            // A possessive inside ("the children's records"): the phrase
            // starts after it.
            if self.possessive(j) {
                return None;
            }
            if let Some(e) = self.compound(j) {
                modified = true;
                j = e;
                continue;
            }
            let word = self.open(j) || determined && self.is(j, Lex::Frequency);
            if !word {
                break;
            }
            // "School shares attendance records": with nothing to mark the
            // phrase's start, a plural before the head is a verb or a noun
            // of its own; the phrase starts later.
            if !determined && self.plural(j) && best.is_none() {
                return None;
            }
            modified = true;
            named |= self.capitalised(j) && j > 0;
            j += 1;
        }
        let (e, lex) = best?;
        let name = match lex {
            Lex::Scale => "scale",
            Lex::Test => "test",
            Lex::Standard => "standard",
            _ => "record",
        };
        let e = if let Some(x) = self.range(e) {
            x // "a scale from 1 to 5"
        } else if let Some(x) = self
            .marks_at(e)
            .iter()
            .any(|m| m.lex == Lex::Partitive && m.end == e + 1)
            .then(|| self.number(e + 1))
            .flatten()
        {
            x // "a breathalyser reading of 0", "the benchmark of 90"
        } else {
            e
        };
        Some((e, name))
    }

    /// A word and a glued "'s" ("Mum's", "the school's").
    fn possessive(&self, k: usize) -> bool {
        self.shape(k) == Some(Shape::Word)
            && self.touch(k)
            && self.punct(k + 1, "'")
            && self.touch(k + 1)
            && self.norm(k + 2) == "s"
    }

    /// A pronoun, determiner or possessive: what stands after a verb, not
    /// after a noun phrase's head.
    fn object(&self, i: usize) -> bool {
        self.doc.classes(i).any(&[
            WordClass::ThirdPerson,
            WordClass::Speaker,
            WordClass::Addressee,
            WordClass::We,
            WordClass::Determiner,
            WordClass::Possessive,
        ])
    }

    /// Whether an undetermined noun phrase may start at `i`: a word that is
    /// not a verb by where it stands ("will use teacher data", "using the
    /// log", "Complete the chart").
    fn may_start_phrase(&self, i: usize) -> bool {
        if !(self.open(i) || self.instrument_head(i).is_some() || self.compound(i).is_some()) {
            return false;
        }
        let after_open = i > 0 && self.open(i - 1);
        if i > 0 && self.doc.is(i - 1, WordClass::Modal) {
            return false;
        }
        let verb_cue = self.doc.hits_at(i).iter().any(|h| {
            h.category == Category::KindCue
                && matches!(
                    self.doc.lex.entry(h.entry).kind.as_deref(),
                    Some("instruction" | "behaviour")
                )
        });
        let w = self.norm(i);
        let verb_form = w.len() > 4 && (w.ends_with("ing") || w.ends_with("ed"));
        !((verb_cue || verb_form) && !after_open)
    }
}

/// A suggestion of what could be counted for this statement, for the
/// `missing-measure` finding: the suggestion of the topic the statement
/// mentions that is listed first in `lexicons/measures.toml` (`kind =
/// "topic"`, specific before general), else a general one.
pub fn suggest_measure(doc: &Doc) -> String {
    doc.hits_of(Category::MeasureTopic)
        .filter(|h| doc.lex.entry(h.entry).suggestion.is_some())
        .map(|h| h.entry)
        .min()
        .and_then(|id| doc.lex.entry(id).suggestion.clone())
        .unwrap_or_else(|| {
            "add something that can be counted or checked, e.g. attendance records, a 0–10 scale, a number of sessions".into()
        })
}
