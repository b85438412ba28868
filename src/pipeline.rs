//! The pipeline that turns one statement into its [`Analysis`]:
//!
//! 1. tokenise (`text`) and find lexicon entries (`lexicon::Matcher`);
//! 2. detectors (`detect::*`) each add spans to a [`Draft`], independently;
//! 3. detectors review the whole draft (e.g. a vague word pinned down by a
//!    measure found by another detector drops to `info`);
//! 4. classify the kind (`classify`), score SMART and add the findings that
//!    depend on the kind (`score`);
//! 5. propose a rewrite (`rewrite`).

use crate::detect;
use crate::grammar::{self, Grammar};
use crate::lexicon::{Category, Hit, Lexicons, MatchScratch, Matcher, WordClasses};
use crate::record::{Analysis, Kind, MeasureSpan, OwnerKind, OwnerSpan, TimeKind, TimeSpan, SCHEMA};
use crate::stage::Detector;
use crate::stage::{CellValue, Context, Doc, Draft, Reference};
use crate::text::{Tokenizer, Tokens};
use hashbrown::HashMap;
use std::cell::RefCell;

#[derive(Default)]
struct Scratch {
    tokens: Tokens,
    matches: MatchScratch,
    hits: Vec<Hit>,
    classes: Vec<WordClasses>,
    grammar: Grammar,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The analyser: lexicons compiled once, detectors in order. `Sync`, so one
/// analyser serves every thread.
pub struct Analyser {
    /// Tells this analyser's remembered cell readings from another's.
    id: u64,
    lex: Lexicons,
    /// Also finds the rewrite's own words (`rewrite.toml`), which no
    /// detector reads, set aside for the rewrite.
    matcher: Matcher,
    detectors: Vec<Box<dyn Detector>>,
}

impl Analyser {
    /// An analyser with these lexicons: [`Lexicons::builtin`] for the built-in
    /// ones, [`Lexicons::with_overrides`] to add a team's own words. Building one
    /// compiles the matchers, so build it once and share it.
    pub fn new(lex: Lexicons) -> Self {
        let matcher = Matcher::with_side(&lex, Category::read_by_analyser, |c| c == Category::Rewrite);
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Analyser {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            lex,
            matcher,
            detectors: detect::all(),
        }
    }

    /// The analyser with the built-in lexicons.
    pub fn builtin() -> Self {
        Self::new(Lexicons::builtin().expect("built-in lexicons are valid (tested)"))
    }

    /// The lexicons it runs with (for their sources, or the plan words of an audit).
    pub fn lexicons(&self) -> &Lexicons {
        &self.lex
    }

    /// Runs `f` over the statement's tokens and lexicon hits, using this
    /// thread's reusable buffers.
    pub fn with_doc<R>(&self, text: &str, ctx: &Context, f: impl FnOnce(&Doc) -> R) -> R {
        self.with_doc_and_rewrite_words(text, ctx, |doc, _| f(doc))
    }

    /// [`Analyser::with_doc`], with the hits of the rewrite's own words.
    fn with_doc_and_rewrite_words<R>(
        &self,
        text: &str,
        ctx: &Context,
        f: impl FnOnce(&Doc, &[Hit]) -> R,
    ) -> R {
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            let Scratch {
                tokens,
                matches,
                hits,
                classes,
                grammar,
            } = &mut *s;
            Tokenizer.tokenize_into(text, tokens);
            self.matcher.find(text, tokens, matches, hits);
            word_classes(&self.lex, tokens.len(), hits, classes);
            grammar.parse(&grammar::Input {
                text,
                tokens,
                classes,
                dictionary: &self.lex.dictionary,
            });
            f(
                &Doc::new(text, tokens, hits, classes, grammar, &self.lex, ctx),
                matches.side_hits(),
            )
        })
    }

    /// Runs the detectors only: the spans before kind, score and rewrite.
    pub fn draft(&self, doc: &Doc) -> Draft {
        self.draft_by(doc, |_| true)
    }

    /// Runs the detectors whose name `wanted` accepts.
    fn draft_by(&self, doc: &Doc, wanted: impl Fn(&str) -> bool) -> Draft {
        let mut draft = Draft::default();
        // Walked twice rather than collected: a vector of them cost an
        // allocation a statement and a cell (issue 17).
        let chosen = || self.detectors.iter().filter(|d| wanted(d.name()));
        for d in chosen() {
            d.detect(doc, &mut draft);
        }
        for d in chosen() {
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
        self.with_doc_and_rewrite_words(text, ctx, |doc, rewrite_words| {
            let mut draft = self.draft(doc);
            (draft.due_cell, draft.owner_cell) = cells;
            let record = build_record(doc, draft, rewrite_words);
            (record, doc.reference_used())
        })
    }

    /// Reads the row's "by when" and "responsible" cells with the same
    /// detectors as the statement, so "ongoing" in a due cell is a vague
    /// timescale and "Professionals" in an owner cell is a collective owner.
    ///
    /// A cell's kind does not turn on the plan date ("within 6 weeks" is a
    /// deadline from any date). Its date does, but scoring reads the
    /// reference date through the statement's `Doc` before it compares them,
    /// so the record is marked as depending on the date then.
    fn read_cells(&self, ctx: &Context) -> (Option<CellValue<TimeKind>>, Option<CellValue<OwnerKind>>) {
        let bare = Context::new(ctx.reference);
        // The cell's strongest time: its kind, and its date when read one way
        // ("Feb 18" could be two dates).
        let read_due = |cell: &str, at: &Context| {
            self.with_doc(cell, at, |doc| {
                let draft = self.draft_by(doc, |name| name == "timescale");
                let best = draft.timescales.iter().max_by_key(|t| match t.kind {
                    TimeKind::Deadline => 3,
                    TimeKind::Frequency => 2,
                    TimeKind::Vague => 1,
                });
                let date = best.filter(|t| t.other_date.is_none()).and_then(|t| t.date);
                (best.map(|t| t.kind), date, doc.reference_used())
            })
        };
        CELL_KINDS.with(|k| k.borrow_mut().serve(self.id));
        let due = ctx.due_cell.map(str::trim).filter(|c| !c.is_empty()).map(|cell| {
            // A cell read before, without the reference date ("ongoing",
            // "by 31/03/2026") or at this one, reads the same now.
            if let Some((kind, date)) = CELL_KINDS.with(|k| k.borrow().due_at(cell, ctx.reference)) {
                return CellValue {
                    kind,
                    text: cell.to_string(),
                    date,
                };
            }
            let (kind, mut date, read) = read_due(cell, &bare);
            // A date counted from the reference ("within 6 weeks") is never
            // before it: keep only a date the cell writes out, the same from
            // a year later.
            if read && date.is_some() {
                let later = ctx.reference.date + chrono::Days::new(366);
                let again = read_due(
                    cell,
                    &Context::new(Reference {
                        date: later,
                        ..ctx.reference
                    }),
                );
                if again.1 != date {
                    date = None;
                }
            }
            CELL_KINDS.with(|k| {
                k.borrow_mut()
                    .remember_due(cell, (!read).then_some(ctx.reference), kind, date)
            });
            CellValue {
                kind,
                text: cell.to_string(),
                date,
            }
        });
        let owner = ctx
            .owner_cell
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|cell| {
                let kind = remembered(
                    |k| &mut k.owner,
                    cell,
                    || {
                        self.with_doc(cell, &bare, |doc| {
                            let draft = self.draft(doc);
                            let best = draft.owners.iter().map(|o| o.kind).max_by_key(|k| k.rank());
                            (best, doc.reference_used())
                        })
                    },
                );
                CellValue {
                    kind,
                    text: cell.to_string(),
                    date: None,
                }
            });
        (due, owner)
    }
}

/// The readings of the "by when" and "responsible" cells this thread has
/// made, by the cell's text, for one analyser (its lexicons decide them). A
/// reading that did not look at the reference date is kept for every date; a
/// due cell read at a date is kept for that date only (the rows of one plan
/// share it). So a remembered reading is the one a new reading would give,
/// and output does not depend on what a thread happened to read before.
#[derive(Default)]
struct CellKinds {
    /// The analyser these readings belong to ([`Analyser::id`]).
    analyser: u64,
    due: HashMap<String, DueReading>,
    due_on: HashMap<String, (Reference, DueReading)>,
    owner: HashMap<String, Option<OwnerKind>>,
}

/// A due cell's kind and the date it gives plainly.
type DueReading = (Option<TimeKind>, Option<chrono::NaiveDate>);

impl CellKinds {
    /// Forgets every reading when they were made by another analyser.
    fn serve(&mut self, analyser: u64) {
        if self.analyser != analyser {
            *self = CellKinds {
                analyser,
                ..CellKinds::default()
            };
        }
    }

    fn due_at(&self, cell: &str, at: Reference) -> Option<DueReading> {
        self.due.get(cell).copied().or_else(|| {
            self.due_on
                .get(cell)
                .filter(|(on, _)| *on == at)
                .map(|&(_, reading)| reading)
        })
    }

    /// Keeps a due cell's reading: for every date when `at` is `None` (the
    /// reading did not look at the date), else for `at` only.
    fn remember_due(
        &mut self,
        cell: &str,
        at: Option<Reference>,
        kind: Option<TimeKind>,
        date: Option<chrono::NaiveDate>,
    ) {
        match at {
            None => remember_in(&mut self.due, cell, (kind, date)),
            Some(at) => remember_in(&mut self.due_on, cell, (at, (kind, date))),
        }
    }
}

/// Cells remembered per table, at most: emptied when full, so memory stays
/// bounded on exports whose cells are all different.
const CELL_KINDS_MAX: usize = 4_096;

thread_local! {
    static CELL_KINDS: RefCell<CellKinds> = RefCell::new(CellKinds::default());
}

/// The kind of `cell` from this thread's table, else `read()` (the kind,
/// and whether the reading looked at the reference date).
fn remembered<K: Copy>(
    table: impl Fn(&mut CellKinds) -> &mut HashMap<String, Option<K>>,
    cell: &str,
    read: impl FnOnce() -> (Option<K>, bool),
) -> Option<K> {
    if let Some(kind) = CELL_KINDS.with(|k| table(&mut k.borrow_mut()).get(cell).copied()) {
        return kind;
    }
    let (kind, read_date) = read();
    if !read_date {
        CELL_KINDS.with(|k| remember_in(table(&mut k.borrow_mut()), cell, kind));
    }
    kind
}

fn remember_in<V>(table: &mut HashMap<String, V>, cell: &str, value: V) {
    if let Some(v) = table.get_mut(cell) {
        *v = value;
        return;
    }
    if table.len() >= CELL_KINDS_MAX {
        table.clear();
    }
    table.insert(cell.to_string(), value);
}

/// Moves the `word` hits out of `hits` into each token's word classes: a
/// small word is no party, time or measure, so the detectors never see it
/// among the hits.
fn word_classes(lex: &Lexicons, n: usize, hits: &mut Vec<Hit>, out: &mut Vec<WordClasses>) {
    out.clear();
    out.resize(n, WordClasses::default());
    hits.retain(|h| {
        if h.category != Category::Word {
            return true;
        }
        let e = lex.entry(h.entry);
        if let Some(c) = e.word_class {
            out[h.first].add(c);
            out[h.first].add_tags(e.tag_bits);
        }
        false
    });
}

fn build_record(doc: &Doc, mut draft: Draft, rewrite_words: &[Hit]) -> Analysis {
    let decision = crate::classify::classify(doc, &draft);
    // A concern describes what has happened or is happening: its past and
    // present times and its habits ("most evenings") are no plan timescale
    // (ANNOTATION).
    if decision.kind == Kind::Concern {
        draft.timescales.retain(|t| !t.past);
    }
    let scored = crate::score::score(doc, &mut draft, &decision);
    let rewrite = crate::rewrite::propose(doc, &draft, &decision, &scored, rewrite_words);
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
            date: t.date.map(crate::dates::iso),
            other_date: t.other_date.map(crate::dates::iso),
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
            .then(a.rule.id().cmp(b.rule.id()))
    });
    Analysis {
        schema: SCHEMA,
        id: doc.ctx.id.map(str::to_string),
        text: text.to_string(),
        kind: decision.kind,
        kind_reason: decision.reason,
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
