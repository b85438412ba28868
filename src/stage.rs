//! The types every stage shares, and nothing else: the statement as the
//! stages read it ([`Doc`]), what they have found so far ([`Draft`]), and the
//! pieces they find. Stages import this module; the pipeline that runs them
//! ([`crate::pipeline`]) sits above them all, so no stage imports its runner.

use crate::grammar::Grammar;
use crate::lexicon::{Category, Hit, Lexicons, WordClass, WordClasses};
use crate::record::{Finding, Kind, OwnerKind, Rule, TimeKind};
use crate::text::Tokens;
use chrono::NaiveDate;
use std::cell::Cell;

/// Where the reference date came from: it decides how a finding about a
/// past deadline is worded ("before the plan's date" or "already past").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateSource {
    /// The plan's own date, from the export.
    PlanDate,
    /// A date the user gave (`--as-of`, the API's `as_of`).
    Given,
    /// Today, as the front end read the clock.
    Today,
}

/// The date relative timescales count from, and where it came from. The core
/// never reads the clock: every front end supplies this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Reference {
    /// The date itself.
    pub date: NaiveDate,
    /// Where it came from.
    pub source: DateSource,
}

impl Reference {
    /// The plan's own date, read from the export.
    pub fn plan_date(date: NaiveDate) -> Self {
        Reference {
            date,
            source: DateSource::PlanDate,
        }
    }
    /// A date the user gave (`--as-of`, the API's `as_of`); use this in a library
    /// call so results do not change with the day it runs.
    pub fn given(date: NaiveDate) -> Self {
        Reference {
            date,
            source: DateSource::Given,
        }
    }
    /// Today's date, as the caller read the clock; a past deadline is then
    /// "already past".
    pub fn today(date: NaiveDate) -> Self {
        Reference {
            date,
            source: DateSource::Today,
        }
    }
    /// The date the user gave, else today (as the caller read the clock).
    pub fn given_or_today(given: Option<NaiveDate>, today: NaiveDate) -> Self {
        given.map_or(Self::today(today), Self::given)
    }
}

/// What the analyser knows about a statement beyond its text.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The row's id, copied into the record.
    pub id: Option<&'a str>,
    /// Reference date for relative timescales ("within 6 weeks") and for
    /// dates with no year: the plan date, or `--as-of`, or today.
    pub reference: Reference,
    /// A "responsible person" cell from the row, which counts as the owner.
    pub owner_cell: Option<&'a str>,
    /// A "by when" cell from the row, parsed like any timescale.
    pub due_cell: Option<&'a str>,
    /// The row's own section (need, outcome or action), when the export says.
    pub section: Option<Kind>,
}

impl Context<'_> {
    /// A context with nothing but its reference date.
    pub fn new(reference: Reference) -> Self {
        Context {
            id: None,
            reference,
            owner_cell: None,
            due_cell: None,
            section: None,
        }
    }
}

/// A place in the statement, in characters and bytes of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First character, counting characters (not bytes) as the record does.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// First byte, for slicing the text.
    pub byte_start: usize,
    /// One past the last byte.
    pub byte_end: usize,
}

impl Span {
    /// The span covering tokens `first..end` (end exclusive, `end > first`).
    pub fn of_tokens(tokens: &Tokens, first: usize, end: usize) -> Span {
        let a = tokens.as_slice()[first];
        let b = tokens.as_slice()[end - 1];
        Span {
            start: a.start,
            end: b.end,
            byte_start: a.byte_start,
            byte_end: b.byte_end,
        }
    }
    /// The words of the span in `text` (the statement it was found in).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.byte_start..self.byte_end]
    }
    /// Whether the two spans share at least one character.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// Whether `other` lies wholly inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Everything a detector may read about the statement.
pub struct Doc<'a> {
    /// The statement exactly as given.
    pub text: &'a str,
    /// Its tokens, with positions and normalised forms.
    pub tokens: &'a Tokens,
    /// Lexicon entries found, longest match winning, in text order.
    pub hits: &'a [Hit],
    /// The lexicons the analyser runs with, for looking up an entry's wording.
    pub lex: &'a Lexicons,
    /// The row's context: id, reference date and the owner and due cells.
    pub ctx: &'a Context<'a>,
    /// Length in tokens of the longest hit, for `hits_covering`.
    pub longest_hit: usize,
    /// The statement's clauses, subjects, verbs and fragments.
    pub grammar: &'a Grammar,
    /// Per token: the closed-class word classes it belongs to (`words.toml`).
    /// These are not among `hits`: a small word is no party, time or measure.
    classes: &'a [WordClasses],
    /// Set when a detector reads the reference date, so a batch can share one
    /// analysis between rows whose plan dates differ but cannot matter.
    reference_used: Cell<bool>,
}

impl<'a> Doc<'a> {
    /// The statement as the stages read it.
    pub fn new(
        text: &'a str,
        tokens: &'a Tokens,
        hits: &'a [Hit],
        classes: &'a [WordClasses],
        grammar: &'a Grammar,
        lex: &'a Lexicons,
        ctx: &'a Context<'a>,
    ) -> Self {
        let longest_hit = hits.iter().map(|h| h.end - h.first).max().unwrap_or(0);
        Doc {
            text,
            tokens,
            hits,
            lex,
            ctx,
            longest_hit,
            classes,
            grammar,
            reference_used: Cell::new(false),
        }
    }
    /// The reference date (plan date, `--as-of` or today), noting that it was read.
    pub fn reference_date(&self) -> NaiveDate {
        self.reference_used.set(true);
        self.ctx.reference.date
    }
    /// The plan date or `--as-of`, if given (not today), noting that it was read.
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.reference_used.set(true);
        (self.ctx.reference.source != DateSource::Today).then_some(self.ctx.reference.date)
    }
    /// The word classes of token `i` (none past the end).
    pub fn classes(&self, i: usize) -> WordClasses {
        self.classes.get(i).copied().unwrap_or_default()
    }
    /// Whether token `i` is a word of class `c` ("will" is a modal).
    pub fn is(&self, i: usize, c: WordClass) -> bool {
        self.classes(i).has(c)
    }
    /// Token `i` opens a side clause ("when", "if", "because"): a
    /// subordinating word that is not also a coordinator ("so", "but").
    pub fn opens_side_clause(&self, i: usize) -> bool {
        let c = self.classes(i);
        c.has(WordClass::Subordinator) && !c.has(WordClass::Coordinator)
    }
    /// Normalised form of token `i`, or "" past the end, so a pattern can look
    /// ahead without bounds checks.
    pub fn norm_or_empty(&self, i: usize) -> &str {
        if i < self.tokens.len() {
            self.tokens.norm(i)
        } else {
            ""
        }
    }
    /// Tokens `i` and `i + 1` touch (no space between them).
    pub fn touches_next(&self, i: usize) -> bool {
        let t = self.tokens.as_slice();
        i + 1 < t.len() && t[i].end == t[i + 1].start
    }
    /// Matches a sequence of normalised words at token `i`; returns where it ends.
    pub fn words_at(&self, i: usize, seq: &[&str]) -> Option<usize> {
        seq.iter()
            .enumerate()
            .all(|(k, w)| self.norm_or_empty(i + k) == *w)
            .then_some(i + seq.len())
    }
    /// The longest of several word sequences at token `i`; returns where it ends.
    pub fn longest_words_at(&self, i: usize, seqs: &[&[&str]]) -> Option<usize> {
        // Detectors try these lists at every token: compare the first word
        // before fetching any more (most sequences fail there).
        let first = self.norm_or_empty(i);
        seqs.iter()
            .filter(|s| s.first().is_none_or(|w| *w == first))
            .filter_map(|s| self.words_at(i, s))
            .max()
    }
    /// Whether anything so far has read the reference date.
    pub fn reference_used(&self) -> bool {
        self.reference_used.get()
    }
    /// The hits of one lexicon category, in text order.
    pub fn hits_of(&self, category: Category) -> impl Iterator<Item = &Hit> + '_ {
        self.hits.iter().filter(move |h| h.category == category)
    }
    /// The hits that start at token `i` (hits are in token order, so this is
    /// a binary search, not a scan: detectors call it for every token).
    pub fn hits_at(&self, i: usize) -> &[Hit] {
        let lo = self.hits.partition_point(|h| h.first < i);
        // Few hits start at one token: count them rather than search again.
        let hi = lo + self.hits[lo..].iter().take_while(|h| h.first == i).count();
        &self.hits[lo..hi]
    }
    /// Whether a kind cue of `kind` (`lexicons/kind_cues.toml`) covers
    /// token `i`.
    pub fn kind_cue_at(&self, i: usize, kind: &str) -> bool {
        self.hits_covering(i)
            .any(|h| h.category == Category::KindCue && self.lex.entry(h.entry).kind.as_deref() == Some(kind))
    }
    /// A service named within a few words after the verb at `v`: "to have
    /// 1:1 support", "to have a funded place" — what the subject receives.
    pub fn provision_after(&self, v: usize) -> bool {
        /// How far after the verb its object's head may lie.
        const OBJECT_REACH: usize = 5;
        (v + 1..self.tokens.len().min(v + OBJECT_REACH)).any(|k| self.kind_cue_at(k, "provision"))
    }
    /// The hits that cover token `i`.
    pub fn hits_covering(&self, i: usize) -> impl Iterator<Item = &Hit> + '_ {
        let hi = self.hits.partition_point(|h| h.first <= i);
        // No hit is longer than the longest one; start the search that far back.
        let reach = self.longest_hit;
        let lo = self.hits[..hi].partition_point(|h| h.first + reach <= i);
        self.hits[lo..hi].iter().filter(move |h| h.end > i)
    }
    /// The span covering tokens `first..end` (end exclusive).
    pub fn span(&self, first: usize, end: usize) -> Span {
        Span::of_tokens(self.tokens, first, end)
    }
}

/// A responsible party found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundOwner {
    /// Where the party is named.
    pub span: Span,
    /// What sort of party it is.
    pub kind: OwnerKind,
    /// True when the party stands where the doer of the statement stands
    /// (sentence subject, "X to …", "X will …"), not merely mentioned.
    pub doer: bool,
    /// The subject of an agentless passive ("Ava will be registered"): the
    /// owner of an outcome about them, no one's task in an action.
    pub passive: bool,
    /// The agent of a passive ("looked after by a safe adult"): who does
    /// a task, but not whose change an outcome about the subject is.
    pub agent: bool,
}

/// A time expression found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundTime {
    /// Where the time words are.
    pub span: Span,
    /// Deadline, frequency or vague.
    pub kind: TimeKind,
    /// The date a deadline resolves to, when it resolves to one.
    pub date: Option<NaiveDate>,
    /// The other plausible date when the words allow two ("Feb 18": the
    /// 18th, or February 2018?); `date` holds the likelier.
    pub other_date: Option<NaiveDate>,
    /// Nothing in the words points forward: they name the past or the
    /// present ("last Monday", "yesterday", "this term", "in June"), or a
    /// habit ("on Mondays", "3 times a week"). In a concern such words say
    /// what happened or happens, not a plan timescale; in a commitment a
    /// past date is still a deadline (one already missed).
    pub past: bool,
}

/// A measure found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundMeasure {
    /// Where the measure is.
    pub span: Span,
    /// What sort of measure, as the record names it (`count`, `percentage` ...).
    pub kind: &'static str,
}

/// A lexicon cue of one category found in the text (vague word, hedge,
/// absolute, agreement, self-report …), with the entry that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Where the cue is.
    pub span: Span,
    /// Which lexicon category matched.
    pub category: Category,
    /// The matching entry's index in the lexicons, for its message and suggestion.
    pub entry: u32,
    /// First and end token of the match.
    pub tokens: (usize, usize),
}

/// What the detectors have found so far. Each detector appends to its own
/// lists and to `findings`; none edits another's.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// Responsible parties found.
    pub owners: Vec<FoundOwner>,
    /// Time expressions found.
    pub timescales: Vec<FoundTime>,
    /// Measures found.
    pub measures: Vec<FoundMeasure>,
    /// Vague words and phrases left in the statement (after negation).
    pub vague: Vec<Cue>,
    /// Hedges, absolutes, agreement and self-report cues.
    pub cues: Vec<Cue>,
    /// Problems found so far, by every detector.
    pub findings: Vec<Finding>,
    /// The row's "by when" cell, read like any timescale (bulk audit).
    pub due_cell: Option<CellValue<TimeKind>>,
    /// The row's "responsible person" cell, read like any owner (bulk audit).
    pub owner_cell: Option<CellValue<OwnerKind>>,
}

/// What a row's own column says, when the export has one: the strongest
/// reading of the cell's text (`kind`), its date if it has one, and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellValue<K> {
    /// None when the cell names nothing the lexicons know (e.g. a person's
    /// name: "J. Bloggs"), which still counts as an owner.
    pub kind: Option<K>,
    /// The cell's text, as written.
    pub text: String,
    /// The date the cell gives, when it gives one plainly (due cells only):
    /// scoring checks it against the reference date.
    pub date: Option<NaiveDate>,
}

impl Draft {
    /// The cues of one category, in the order found.
    pub fn cues_of(&self, category: Category) -> impl Iterator<Item = &Cue> + '_ {
        self.cues.iter().filter(move |c| c.category == category)
    }
    /// Whether any timescale found is a deadline.
    pub fn has_deadline(&self) -> bool {
        self.timescales.iter().any(|t| t.kind == TimeKind::Deadline)
    }
    /// Whether any timescale found is a frequency.
    pub fn has_frequency(&self) -> bool {
        self.timescales.iter().any(|t| t.kind == TimeKind::Frequency)
    }
}

/// Where the items that start at each token lie in a list sorted by first
/// token: detectors ask "what starts here?" many times a token, and a
/// binary search each time cost more than this index, built once.
#[derive(Debug, Default)]
pub struct StartIndex {
    /// Items `at[i]..at[i + 1]` start at token `i`.
    at: Vec<u32>,
}

impl StartIndex {
    /// An empty index, for a buffer made before any statement.
    pub const fn new() -> Self {
        StartIndex { at: Vec::new() }
    }

    /// Indexes items whose first tokens are `firsts`, in order, over a
    /// statement of `tokens` tokens (the buffer is reused).
    pub fn fill(&mut self, firsts: impl Iterator<Item = usize>, tokens: usize) {
        self.at.clear();
        self.at.reserve(tokens + 1);
        let mut firsts = firsts.peekable();
        let mut k = 0u32;
        for i in 0..=tokens {
            while firsts.next_if(|&f| f < i).is_some() {
                k += 1;
            }
            self.at.push(k);
        }
    }

    /// The items of `items` (the list indexed) that start at token `i`.
    pub fn starting_at<'a, T>(&self, items: &'a [T], i: usize) -> &'a [T] {
        match (self.at.get(i), self.at.get(i + 1)) {
            (Some(&lo), Some(&hi)) => &items[lo as usize..hi as usize],
            _ => &[],
        }
    }
}

/// A finding of `rule`, with the registry's wording, pointing at `span`.
pub fn finding_at(doc: &Doc, span: Span, rule: Rule) -> Finding {
    Finding::new(rule).at(span.start, span.end, span.text(doc.text))
}

/// One detector: finds one kind of thing and adds it to the [`Draft`]. None
/// reads another's output in `detect`; in `review`, after all have run, a
/// detector may adjust its own findings in the light of the rest.
pub trait Detector: Send + Sync {
    /// A short name, for debugging and benches.
    fn name(&self) -> &'static str;
    /// Adds this detector's spans (and any findings that need nothing else).
    fn detect(&self, doc: &Doc, draft: &mut Draft);
    /// Adjusts this detector's findings once every detector has run.
    fn review(&self, _doc: &Doc, _draft: &mut Draft) {}
}

/// What kind of statement this is, and why in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The kind decided.
    pub kind: Kind,
    /// Why, for a practitioner ("starts with an instruction: reads as a task …").
    pub reason: String,
}

/// The SMART scores and the 0–100 total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    /// Each criterion's score and reasons.
    pub smart: crate::record::Smart,
    /// Overall 0–100.
    pub total: u8,
}

#[cfg(test)]
mod tests {
    use super::StartIndex;

    /// Each token gets exactly the items that start at it, in their order;
    /// tokens past the statement get none.
    #[test]
    fn start_index_gives_each_token_the_items_starting_there() {
        let items = [(0, 'a'), (0, 'b'), (2, 'c'), (5, 'd')];
        let mut index = StartIndex::new();
        index.fill(items.iter().map(|it| it.0), 6);
        for (token, want) in [
            (0, &items[0..2]),
            (1, &items[2..2]),
            (2, &items[2..3]),
            (3, &items[3..3]),
            (5, &items[3..4]),
            (6, &items[4..4]),
            (9, &items[4..4]),
        ] {
            assert_eq!(index.starting_at(&items, token), want, "token {token}");
        }
        // Filled again for a shorter statement, nothing of the last one stays.
        index.fill([1].into_iter(), 2);
        assert_eq!(index.starting_at(&items[..1], 1), &items[..1]);
        assert!(index.starting_at(&items[..1], 0).is_empty());
    }
}
