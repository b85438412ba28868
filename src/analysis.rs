//! The pipeline that turns one statement into its [`Analysis`]:
//!
//! 1. tokenise (`text`) and find lexicon entries (`lexicon::Matcher`);
//! 2. detectors (`detect::*`) each add spans to a [`Draft`], independently;
//! 3. detectors review the whole draft (e.g. a vague word pinned down by a
//!    measure found by another detector drops to `info`);
//! 4. classify the kind (`classify`), score SMART and add the findings that
//!    depend on the kind (`score`);
//! 5. propose a rewrite (`rewrite`).

use crate::detect::{self, Detector};
use crate::lexicon::{Category, Hit, LexiconError, Lexicons, MatchScratch, Matcher};
use crate::record::{Analysis, Finding, Kind, MeasureSpan, OwnerKind, OwnerSpan, TimeKind, TimeSpan, SCHEMA};
use crate::text::{Tokenizer, Tokens};
use chrono::NaiveDate;
use std::cell::{Cell, RefCell};
use std::path::Path;

/// What the analyser knows about a statement beyond its text.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// The row's id, copied into the record.
    pub id: Option<&'a str>,
    /// Reference date for relative timescales ("within 6 weeks") and for
    /// dates with no year: the plan date, or `--as-of`, or today.
    pub as_of: Option<NaiveDate>,
    /// A "responsible person" cell from the row, which counts as the owner.
    pub owner_cell: Option<&'a str>,
    /// A "by when" cell from the row, parsed like any timescale.
    pub due_cell: Option<&'a str>,
    /// The row's own section (need, outcome or action), when the export says.
    pub section: Option<Kind>,
}

impl Context<'_> {
    pub fn reference_date(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

/// A place in the statement, in characters and bytes of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
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
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.byte_start..self.byte_end]
    }
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Everything a detector may read about the statement.
pub struct Doc<'a> {
    pub text: &'a str,
    pub tokens: &'a Tokens,
    /// Lexicon entries found, longest match winning, in text order.
    pub hits: &'a [Hit],
    pub lex: &'a Lexicons,
    pub ctx: &'a Context<'a>,
    /// Length in tokens of the longest hit, for `hits_covering`.
    pub longest_hit: usize,
    /// Set when a detector reads the reference date, so a batch can share one
    /// analysis between rows whose plan dates differ but cannot matter.
    reference_used: Cell<bool>,
}

impl Doc<'_> {
    /// The reference date (plan date, `--as-of` or today), noting that it was read.
    pub fn reference_date(&self) -> NaiveDate {
        self.reference_used.set(true);
        self.ctx.reference_date()
    }
    /// The plan date or `--as-of`, if given, noting that it was read.
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.reference_used.set(true);
        self.ctx.as_of
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
    pub fn hits_of(&self, category: Category) -> impl Iterator<Item = &Hit> + '_ {
        self.hits.iter().filter(move |h| h.category == category)
    }
    /// The hits that start at token `i` (hits are in token order, so this is
    /// a binary search, not a scan: detectors call it for every token).
    pub fn hits_at(&self, i: usize) -> &[Hit] {
        let lo = self.hits.partition_point(|h| h.first < i);
        let hi = lo + self.hits[lo..].partition_point(|h| h.first == i);
        &self.hits[lo..hi]
    }
    /// The hits that cover token `i`.
    pub fn hits_covering(&self, i: usize) -> impl Iterator<Item = &Hit> + '_ {
        let hi = self.hits.partition_point(|h| h.first <= i);
        // No hit is longer than the longest one; start the search that far back.
        let reach = self.longest_hit;
        let lo = self.hits[..hi].partition_point(|h| h.first + reach <= i);
        self.hits[lo..hi].iter().filter(move |h| h.end > i)
    }
    pub fn span(&self, first: usize, end: usize) -> Span {
        Span::of_tokens(self.tokens, first, end)
    }
}

/// A responsible party found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundOwner {
    pub span: Span,
    pub kind: OwnerKind,
    /// True when the party stands where the doer of the statement stands
    /// (sentence subject, "X to …", "X will …"), not merely mentioned.
    pub doer: bool,
}

/// A time expression found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundTime {
    pub span: Span,
    pub kind: TimeKind,
    pub date: Option<NaiveDate>,
}

/// A measure found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundMeasure {
    pub span: Span,
    pub kind: &'static str,
}

/// A lexicon cue of one category found in the text (vague word, hedge,
/// absolute, agreement, self-report …), with the entry that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub span: Span,
    pub category: Category,
    pub entry: u32,
    /// First and end token of the match.
    pub tokens: (usize, usize),
}

/// What the detectors have found so far. Each detector appends to its own
/// lists and to `findings`; none edits another's.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub owners: Vec<FoundOwner>,
    pub timescales: Vec<FoundTime>,
    pub measures: Vec<FoundMeasure>,
    /// Vague words and phrases left in the statement (after negation).
    pub vague: Vec<Cue>,
    /// Hedges, absolutes, agreement and self-report cues.
    pub cues: Vec<Cue>,
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
    pub text: String,
}

impl Draft {
    pub fn cues_of(&self, category: Category) -> impl Iterator<Item = &Cue> + '_ {
        self.cues.iter().filter(move |c| c.category == category)
    }
    pub fn has_deadline(&self) -> bool {
        self.timescales.iter().any(|t| t.kind == TimeKind::Deadline)
    }
    pub fn has_frequency(&self) -> bool {
        self.timescales.iter().any(|t| t.kind == TimeKind::Frequency)
    }
}

/// Makes a finding that points at `span`.
pub fn finding_at(
    doc: &Doc,
    span: Span,
    rule: &str,
    criterion: Option<crate::record::Criterion>,
    severity: crate::record::Severity,
    message: impl Into<String>,
    suggestion: Option<String>,
) -> Finding {
    Finding {
        rule: rule.to_string(),
        criterion,
        severity,
        message: message.into(),
        suggestion,
        start: Some(span.start),
        end: Some(span.end),
        text: Some(span.text(doc.text).to_string()),
    }
}

#[derive(Default)]
struct Scratch {
    tokens: Tokens,
    matches: MatchScratch,
    hits: Vec<Hit>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The analyser: lexicons compiled once, detectors in order. `Sync`, so one
/// analyser serves every thread.
pub struct Analyser {
    lex: Lexicons,
    matcher: Matcher,
    detectors: Vec<Box<dyn Detector>>,
}

impl Analyser {
    pub fn new(lex: Lexicons) -> Self {
        let matcher = Matcher::new(&lex);
        Analyser {
            lex,
            matcher,
            detectors: detect::all(),
        }
    }

    /// The analyser with the built-in lexicons.
    pub fn builtin() -> Self {
        Self::new(Lexicons::builtin().expect("built-in lexicons are valid (tested)"))
    }

    /// The analyser with the built-in lexicons and, if given, a directory of
    /// the user's lexicon files merged over them.
    pub fn with_lexicons(dir: Option<&Path>) -> Result<Self, LexiconError> {
        let lex = match dir {
            Some(d) => Lexicons::with_overrides(d)?,
            None => Lexicons::builtin()?,
        };
        Ok(Self::new(lex))
    }

    pub fn lexicons(&self) -> &Lexicons {
        &self.lex
    }

    /// Runs `f` over the statement's tokens and lexicon hits, using this
    /// thread's reusable buffers.
    pub fn with_doc<R>(&self, text: &str, ctx: &Context, f: impl FnOnce(&Doc) -> R) -> R {
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            let Scratch {
                tokens,
                matches,
                hits,
            } = &mut *s;
            Tokenizer.tokenize_into(text, tokens);
            self.matcher.find(text, tokens, matches, hits);
            let longest_hit = hits.iter().map(|h| h.end - h.first).max().unwrap_or(0);
            let doc = Doc {
                text,
                tokens,
                hits,
                lex: &self.lex,
                ctx,
                longest_hit,
                reference_used: Cell::new(false),
            };
            f(&doc)
        })
    }

    /// Runs the detectors only: the spans before kind, score and rewrite.
    pub fn draft(&self, doc: &Doc) -> Draft {
        self.draft_by(doc, |_| true)
    }

    /// Runs the detectors whose name `wanted` accepts.
    fn draft_by(&self, doc: &Doc, wanted: impl Fn(&str) -> bool) -> Draft {
        let mut draft = Draft::default();
        let chosen: Vec<&dyn Detector> = self
            .detectors
            .iter()
            .map(|d| d.as_ref())
            .filter(|d| wanted(d.name()))
            .collect();
        for d in &chosen {
            d.detect(doc, &mut draft);
        }
        for d in &chosen {
            d.review(doc, &mut draft);
        }
        draft
    }

    /// Analyses one statement.
    pub fn analyse(&self, text: &str, ctx: &Context) -> Analysis {
        self.analyse_noting_reference(text, ctx).0
    }

    /// Analyses one statement and says whether the result depends on the
    /// reference date: when it does not, the same record serves every plan date.
    pub fn analyse_noting_reference(&self, text: &str, ctx: &Context) -> (Analysis, bool) {
        let cells = self.read_cells(ctx);
        self.with_doc(text, ctx, |doc| {
            let mut draft = self.draft(doc);
            (draft.due_cell, draft.owner_cell) = cells;
            let record = build_record(doc, draft);
            (record, doc.reference_used())
        })
    }

    /// Reads the row's "by when" and "responsible" cells with the same
    /// detectors as the statement, so "ongoing" in a due cell is a vague
    /// timescale and "Professionals" in an owner cell is a collective owner.
    ///
    /// Only a cell's kind and text reach the record, and a kind does not turn
    /// on the plan date ("within 6 weeks" is a deadline from any date), so
    /// reading the cells never makes the record depend on the date.
    fn read_cells(&self, ctx: &Context) -> (Option<CellValue<TimeKind>>, Option<CellValue<OwnerKind>>) {
        let bare = Context {
            as_of: ctx.as_of,
            ..Context::default()
        };
        let due = ctx.due_cell.map(str::trim).filter(|c| !c.is_empty()).map(|cell| {
            self.with_doc(cell, &bare, |doc| {
                let draft = self.draft_by(doc, |name| name == "timescale");
                let best = draft.timescales.iter().max_by_key(|t| match t.kind {
                    TimeKind::Deadline => 3,
                    TimeKind::Frequency => 2,
                    TimeKind::Vague => 1,
                });
                CellValue {
                    kind: best.map(|t| t.kind),
                    text: cell.to_string(),
                }
            })
        });
        let owner = ctx
            .owner_cell
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|cell| {
                self.with_doc(cell, &bare, |doc| {
                    let draft = self.draft(doc);
                    let best = draft.owners.iter().map(|o| o.kind).max_by_key(|k| k.rank());
                    CellValue {
                        kind: best,
                        text: cell.to_string(),
                    }
                })
            });
        (due, owner)
    }
}

fn build_record(doc: &Doc, mut draft: Draft) -> Analysis {
    let decision = crate::classify::classify(doc, &draft);
    let scored = crate::score::score(doc, &mut draft, &decision);
    let rewrite = crate::rewrite::propose(doc, &draft, &decision, &scored);
    let text = doc.text;
    let owners = draft
        .owners
        .iter()
        .map(|o| OwnerSpan {
            text: o.span.text(text).into(),
            start: o.span.start,
            end: o.span.end,
            kind: o.kind,
        })
        .collect();
    let timescales = draft
        .timescales
        .iter()
        .map(|t| TimeSpan {
            text: t.span.text(text).into(),
            start: t.span.start,
            end: t.span.end,
            kind: t.kind,
            date: t.date.map(|d| d.format("%Y-%m-%d").to_string()),
        })
        .collect();
    let measures = draft
        .measures
        .iter()
        .map(|m| MeasureSpan {
            text: m.span.text(text).into(),
            start: m.span.start,
            end: m.span.end,
            kind: m.kind.into(),
        })
        .collect();
    let due_cell = draft.due_cell.as_ref().and_then(|c| c.kind);
    let mut findings = draft.findings;
    findings.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.severity.cmp(&a.severity))
            .then(a.rule.cmp(&b.rule))
    });
    Analysis {
        schema: SCHEMA,
        id: doc.ctx.id.map(str::to_string),
        text: text.to_string(),
        kind: decision.kind,
        kind_reason: decision.reason.clone(),
        score: scored.total,
        smart: scored.smart,
        owners,
        timescales,
        measures,
        findings,
        rewrite,
        due_cell,
    }
}
