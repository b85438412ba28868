//! What each time word is, read from the `time` lexicon hits: the
//! vocabulary the grammar in this module combines. Every English word the
//! grammar knows comes from `lexicons/time.toml` (or the closed-class
//! `word` lexicon); the code here only turns an entry's kind, value and tags
//! into a [`W`].

use crate::dates::Unit;
use crate::lexicon::{Category, Entry};
use crate::stage::{Doc, StartIndex};
use std::cell::Cell;

/// What a time word (or phrase) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum W {
    Month(u32),
    /// 1 (Monday) … 7 (Sunday), or 0 for the weekend.
    Weekday(u32),
    Day(i64),
    Holiday(u32, u32),
    Season,
    School(School),
    Event,
    EventVerb,
    Placeholder,
    /// A number word; None for "a few".
    Number(Option<u32>),
    Article,
    Ordinal,
    OrdinalWord(u32),
    /// "once", "twice"; None for "times".
    Times(Option<u32>),
    Unit(Unit),
    Per,
    Anchor(Anchor),
    Relative(Rel),
    Edge(Edge),
    Of,
    To,
    Offset(Offset),
    Tail,
    Streak,
    Limiter,
    Every(Every),
    Age,
    Genitive,
    Clock(u32),
    Meridiem(bool),
    Version,
    Period,
    Frequency,
    Deadline,
    Vague,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum School {
    Term,
    Holiday,
    Year,
    Stage,
}

/// What an anchor word does to the time after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    Bound,
    Start,
    Week,
    WeekOf,
    Within,
    In,
    During,
    Over,
    Throughout,
    On,
    At,
    For,
    After,
    When,
    Since,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rel {
    This,
    Next,
    Coming,
    Last,
    AfterNext,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Edge {
    Start,
    End,
    Middle,
    Early,
    Late,
    Later,
    Whole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Offset {
    Ago,
    Hence,
    FromNow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Every {
    Each,
    Other,
    Most,
}

/// One time word or phrase over tokens `first..end`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Piece {
    pub first: usize,
    pub end: usize,
    pub w: W,
    pub plural: bool,
    pub routine: bool,
    pub life: bool,
    /// Also an ordinary word or name ("may", "sat"): needs a frame.
    pub common: bool,
}

/// The time words of a statement, indexed by the token they start at,
/// longest first.
pub(super) struct Words {
    pieces: Vec<Piece>,
    /// Where the pieces starting at each token are.
    starts: StartIndex,
}

thread_local! {
    /// The buffers of the last [`Words`] dropped on this thread, for the next
    /// statement's: a statement and its cells each read their time words, and
    /// two fresh vectors each time cost allocations (issue 17).
    static SPARE: Cell<(Vec<Piece>, StartIndex)> = const { Cell::new((Vec::new(), StartIndex::new())) };
}

impl Drop for Words {
    fn drop(&mut self) {
        let buffers = (std::mem::take(&mut self.pieces), std::mem::take(&mut self.starts));
        // Gone at thread exit: the buffers are then simply freed.
        let _ = SPARE.try_with(|s| s.set(buffers));
    }
}

impl Words {
    pub fn read(doc: &Doc) -> Words {
        let (mut pieces, mut starts) = SPARE.try_with(Cell::take).unwrap_or_default();
        pieces.clear();
        pieces.extend(doc.hits_of(Category::Time).filter_map(|h| {
            let e = doc.lex.entry(h.entry);
            Some(Piece {
                first: h.first,
                end: h.end,
                w: word_of(e)?,
                plural: e.has_tag("plural"),
                routine: e.has_tag("routine"),
                life: e.has_tag("life"),
                common: e.has_tag("common-word"),
            })
        }));
        // Hits come in token order; longest first among those at one token.
        pieces.sort_by(|a, b| a.first.cmp(&b.first).then(b.end.cmp(&a.end)));
        starts.fill(pieces.iter().map(|p| p.first), doc.tokens.len());
        Words { pieces, starts }
    }

    /// The pieces that start at token `i`, longest first.
    pub fn at(&self, i: usize) -> &[Piece] {
        self.starts.starting_at(&self.pieces, i)
    }

    /// The longest piece at `i` that `f` accepts, with what `f` made of it.
    pub fn find<T>(&self, i: usize, f: impl Fn(&Piece) -> Option<T>) -> Option<(T, usize)> {
        self.at(i).iter().find_map(|p| f(p).map(|t| (t, p.end)))
    }

    /// Whether some piece of any length starts at `i`.
    pub fn any(&self, i: usize) -> bool {
        !self.at(i).is_empty()
    }
}

fn int<T: std::str::FromStr>(e: &Entry) -> Option<T> {
    e.value.as_deref().and_then(|v| v.parse().ok())
}

/// The grammar's reading of a lexicon entry (None: a kind it does not use).
fn word_of(e: &Entry) -> Option<W> {
    let value = e.value.as_deref().unwrap_or("");
    Some(match e.kind.as_deref()? {
        "month" => W::Month(int(e)?),
        "weekday" if value == "weekend" => W::Weekday(0),
        "weekday" => W::Weekday(int(e)?),
        "day" => W::Day(int(e)?),
        "holiday" => {
            let (m, d) = value.split_once('-')?;
            W::Holiday(m.parse().ok()?, d.parse().ok()?)
        }
        "season" => W::Season,
        "school" => W::School(match value {
            "term" => School::Term,
            "holiday" => School::Holiday,
            "year" => School::Year,
            _ => School::Stage,
        }),
        "event" => W::Event,
        "event-verb" => W::EventVerb,
        "placeholder" => W::Placeholder,
        "number" => W::Number(int(e)),
        "article" => W::Article,
        "ordinal" => W::Ordinal,
        "ordinal-word" => W::OrdinalWord(int(e)?),
        "times" => W::Times(int(e)),
        "unit" => W::Unit(Unit::parse(value)?),
        "per" => W::Per,
        "anchor" => W::Anchor(match value {
            "bound" => Anchor::Bound,
            "start" => Anchor::Start,
            "week" => Anchor::Week,
            "week-of" => Anchor::WeekOf,
            "within" => Anchor::Within,
            "in" => Anchor::In,
            "during" => Anchor::During,
            "over" => Anchor::Over,
            "throughout" => Anchor::Throughout,
            "on" => Anchor::On,
            "at" => Anchor::At,
            "for" => Anchor::For,
            "after" => Anchor::After,
            "when" => Anchor::When,
            "since" => Anchor::Since,
            _ => return None,
        }),
        "relative" => W::Relative(match value {
            "this" => Rel::This,
            "next" => Rel::Next,
            "coming" => Rel::Coming,
            "last" => Rel::Last,
            "after-next" => Rel::AfterNext,
            _ => return None,
        }),
        "edge" => W::Edge(match value {
            "start" => Edge::Start,
            "end" => Edge::End,
            "middle" => Edge::Middle,
            "early" => Edge::Early,
            "late" => Edge::Late,
            "later" => Edge::Later,
            "whole" => Edge::Whole,
            _ => return None,
        }),
        "of" => W::Of,
        "to" => W::To,
        "offset" => W::Offset(match value {
            "ago" => Offset::Ago,
            "hence" => Offset::Hence,
            "from-now" => Offset::FromNow,
            _ => return None,
        }),
        "tail" => W::Tail,
        "streak" => W::Streak,
        "limiter" => W::Limiter,
        "every" => W::Every(match value {
            "other" => Every::Other,
            "most" => Every::Most,
            _ => Every::Each,
        }),
        "age" => W::Age,
        "genitive" => W::Genitive,
        "clock" => W::Clock(int(e)?),
        "meridiem" => W::Meridiem(value == "pm"),
        "version" => W::Version,
        "period" => W::Period,
        "frequency" => W::Frequency,
        "deadline" => W::Deadline,
        "vague" => W::Vague,
        _ => return None,
    })
}
