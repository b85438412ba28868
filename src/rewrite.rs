//! Stage 5: a proposed SMART rewrite, with `[slots]` for what the statement
//! does not say (issue 22).
//!
//! The rewrite is built from the statement's grammar, sentence by sentence:
//! the words are kept as written, only the vague part is replaced, and each
//! slot goes where its words would go — an owner slot as the subject (or
//! "by `[who]`" after a passive verb), a frequency after the verb phrase, a
//! deadline or a check at the end of its clause. A criterion the statement
//! already meets gets no slot; a statement that meets them all gets no
//! rewrite. The slot fits the task: a one-off task gets a deadline, never a
//! frequency; a standing rule ("Dad will not drink …") gets how it will be
//! checked, not a deadline; work that recurs gets how often. A concern
//! becomes the outcome it calls for, about the person it names.
//!
//! Everything kept comes from the statement's own tokens; the only other
//! words are the template words below and `lexicons/rewrite.toml`'s
//! replacements, so no name, date, number or service is ever invented.

use crate::grammar::{Clause, Fragment, Modality, Segment};
use crate::lexicon::{Category, Hit, VerbForms, WordClass, WordTag};
use crate::record::{Criterion, Kind, OwnerKind, Rewrite, TimeKind};
use crate::rules::{Rule, Severity};
use crate::stage::{Decision, Doc, Draft, Scored, Span};
use crate::text::Shape;
use std::borrow::Cow;
use std::cell::Cell;

/// The slot for a missing deadline. The example is a pattern, not a date,
/// so it cannot be mistaken for a fact.
pub const WHEN: &str = "[by when, dd/mm/yyyy]";
/// How long work that recurs goes on.
pub const UNTIL: &str = "[until when, dd/mm/yyyy]";
/// The slot for a missing owner.
pub const WHO: &str = "[who]";
/// The slot for a missing frequency, for work that recurs.
pub const HOW_OFTEN: &str = "[how often]";
/// What will show the change or the work happened, after "as shown by".
pub const SHOWN_BY: &str = "[which record, count or observation]";
/// How a standing rule will be checked, after "checked by".
pub const CHECKED_BY: &str = "[how, and by whom]";
/// A change from one level to another, after "from".
pub const FROM_TO: &str = "from [level now] to [target level]";
/// The most words one slot takes in when vague words stand side by side
/// ("appropriate support").
const LONGEST_SHARED_SLOT: usize = 4;
/// A vague phrase the rewrite lexicon has no replacement for.
const DEFAULT: &str = "[what “{text}” will look like, in a way anyone can check]";
/// A vague verb with no listed replacement: the slot holds the verb wanted.
const DEFAULT_VERB: &str = "[in place of “{text}”: what they will do or say that shows it]";
/// The slot for a vague describing word before its noun ("suitable
/// accommodation" → "[what kind, in place of “suitable”] accommodation").
const DEFAULT_DESCRIBING: &str = "[what kind, in place of “{text}”]";
/// A concern that cannot be turned round word for word: the good that is
/// wanted instead, left for the worker to say (never a made-up standard).
const INSTEAD: &str = "[what good looks like instead, as seen or recorded]";
/// As [`INSTEAD`], quoting the worry the good is wanted in place of.
const INSTEAD_OF: &str = "[what good looks like instead of “{text}”, as seen or recorded]";
/// The most words of a worry quoted in its slot. Readers found a quote cut
/// at 12 words lost what mattered ("… can't cope" without "with the
/// baby"), so a worry of a plan line's length is quoted whole.
const LONGEST_QUOTED_WORRY: usize = 25;
/// The person a concern is about, when its grammar names nobody.
const WHOSE: &str = "[which child or adult]";
/// Whose the thing a worry is about is ("[whose] school attendance").
const WHOSE_POSSESSIVE: &str = "[whose]";

/// The `[slots]` in a text, in order, each as written (`^\[.+\]$`).
pub fn slots_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(a) = rest.find('[') {
        match rest[a..].find(']') {
            Some(b) if b > 1 => {
                let s = rest[a..a + b + 1].to_string();
                if !out.contains(&s) {
                    out.push(s);
                }
                rest = &rest[a + b + 1..];
            }
            _ => break,
        }
    }
    out
}

#[derive(Clone, PartialEq)]
enum Op {
    Keep,
    /// Kept, with its first letter in lower case (a verb no longer first).
    Lower,
    Drop,
    Put(String),
}

/// What a committing sentence asks of someone, which decides its slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Task {
    /// Done once: a deadline, never a frequency.
    OneOff,
    /// Work that recurs or a service provided: how often, until when, by whom.
    Ongoing,
    /// A rule kept all the time: how it will be checked, no deadline.
    Standing,
    /// A step taken whenever its trigger happens: the trigger is its time
    /// and the step its whole plan, so no slot is added.
    Contingency,
    /// A change for someone: a measure and a date.
    Change,
}

/// The kinds of `rewrite.toml` entries, in the order of
/// `Category::Rewrite.kinds()`, so a hit's kind is compared as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordKind {
    Replace,
    Reword,
    Change,
    Comparative,
    Ongoing,
    Standing,
    Helping,
    Single,
    Account,
    Unfilled,
    Example,
    Once,
}

/// How many kinds there are (the last variant's index plus one).
const WORD_KINDS: usize = WordKind::Once as usize + 1;
/// Tokens whose kinds [`Words`] keeps as bits: the rest are searched for.
const MARKED_TOKENS: usize = 128;

/// The rewrite lexicon's entry kinds, as read at a token.
struct Words<'a> {
    doc: &'a Doc<'a>,
    /// Sorted by first token.
    hits: Cow<'a, [Hit]>,
    /// Per kind, a bit for each of the first [`MARKED_TOKENS`] tokens where an
    /// entry of the kind starts: the rewrite asks "is this word of kind K?"
    /// about 30 times a statement, and nearly always the answer is no.
    starts: [u128; WORD_KINDS],
}

impl<'a> Words<'a> {
    fn new(doc: &'a Doc<'a>, hits: Cow<'a, [Hit]>) -> Self {
        let mut starts = [0u128; WORD_KINDS];
        for h in hits.iter().filter(|h| h.first < MARKED_TOKENS) {
            let kind = doc.lex.entry(h.entry).kind_index;
            if let Some(bits) = kind.and_then(|k| starts.get_mut(k as usize)) {
                *bits |= 1 << h.first;
            }
        }
        Words { doc, hits, starts }
    }

    /// The longest entry of `kind` starting at token `i`: (end, value).
    fn at(&self, i: usize, kind: WordKind) -> Option<(usize, Option<&str>)> {
        if i < MARKED_TOKENS && self.starts[kind as usize] & (1 << i) == 0 {
            return None;
        }
        // Hits are sorted by first token: only those starting at `i` are read.
        let from = self.hits.partition_point(|h| h.first < i);
        self.hits[from..]
            .iter()
            .take_while(|h| h.first == i)
            .filter(|h| self.doc.lex.entry(h.entry).kind_index == Some(kind as u8))
            .max_by_key(|h| h.end)
            .map(|h| (h.end, self.doc.lex.entry(h.entry).value.as_deref()))
    }
    fn is(&self, i: usize, kind: WordKind) -> bool {
        self.at(i, kind).is_some()
    }
}

/// The most sentences (segments) a statement may have and still be rewritten.
const MOST_SENTENCES_REWRITTEN: usize = 40;

/// The rewrite of one statement, or none when nothing is missing.
/// `rewrite_words` are the hits of the rewrite's own words (`rewrite.toml`)
/// in the statement.
pub fn propose(
    doc: &Doc,
    draft: &Draft,
    decision: &Decision,
    scored: &Scored,
    rewrite_words: &[Hit],
) -> Option<Rewrite> {
    let short = |c| scored.smart.get(c).score < 2;
    let hedged = draft.cues_of(Category::Hedge).next().is_some() && short(Criterion::Realistic);
    // A statement that meets every criterion the rewrite can mend is left as written.
    let needed = hedged
        || [Criterion::Specific, Criterion::Measurable, Criterion::Timely]
            .into_iter()
            .any(short);
    // A cell of more sentences than any plan line holds (a pasted document)
    // gets no rewrite: one would not help, and slots are placed per sentence,
    // which would cost time with the square of its length.
    if doc.grammar.segments.len() > MOST_SENTENCES_REWRITTEN {
        return None;
    }
    if doc.tokens.is_empty() || !needed {
        return None;
    }
    // The matcher gives them in token order: copied and sorted only if not.
    let hits = if rewrite_words.is_sorted_by_key(|h| h.first) {
        Cow::Borrowed(rewrite_words)
    } else {
        let mut hits = rewrite_words.to_vec();
        hits.sort_by_key(|h| h.first);
        Cow::Owned(hits)
    };
    let words = Words::new(doc, hits);
    // "The Local Authority expects you to: (insert detail)": the form's
    // prompt is still there, so the statement is yet to be written.
    let unfilled = (1..doc.tokens.len())
        .any(|k| words.is(k, WordKind::Unfilled) && matches!(doc.tokens.norm(k - 1), "(" | "["));
    if unfilled {
        return None;
    }
    // "I want my life to get better": a young person's own wish, in their
    // own words, is theirs to keep; the plan's actions say how it is met.
    let own_wish = doc.grammar.clauses.iter().any(|c| {
        c.subject.is_some_and(|s| doc.is(s.head, WordClass::Speaker))
            && (c.verb.modality == Modality::Wish || doc.is(c.verb.main, WordClass::WishVerb))
    });
    if own_wish {
        return None;
    }
    let mut b = Builder::new(doc, draft, decision, scored, &words);
    let changed = if decision.kind == Kind::Concern {
        b.concern()
    } else {
        b.commitment()
    };
    if !changed {
        return None;
    }
    // "is confident making food …", "adapts to the next stage …": a line
    // that goes on from a stem the form printed ("The young person …")
    // keeps its small first letter, so it still joins the stem.
    let goes_on_from_stem = doc.text.starts_with(|c: char| c.is_lowercase())
        && (doc
            .grammar
            .clauses
            .first()
            .is_some_and(|c| c.verb.first == 0 && c.subject.is_none())
            || doc.classes(0).has(WordClass::Modal)
            || (doc.classes(0).has(WordClass::Be) && doc.classes(0).tagged(WordTag::Present)))
        && b.ops[0] == Op::Keep
        && b.before[0].is_empty();
    let rendered = b.render();
    let text = if goes_on_from_stem {
        rendered
    } else {
        sentence(rendered)
    };
    (text != doc.text.trim()).then(|| Rewrite {
        slots: slots_in(&text),
        text,
        alternatives: Vec::new(),
    })
}

struct Builder<'a> {
    doc: &'a Doc<'a>,
    draft: &'a Draft,
    kind: Kind,
    words: &'a Words<'a>,
    ops: Vec<Op>,
    /// Text put before token `i` (an owner slot as subject).
    before: Vec<String>,
    /// Text put after token `i` (slots at the end of a clause).
    after: Vec<String>,
    /// For each token, whether it lies inside quotation marks.
    quoted: Vec<bool>,
    need_s: bool,
    need_m: bool,
    need_t: bool,
    /// A slot or a replacement was made.
    changed: bool,
    /// The change words already asked from what level to what level.
    from_to_asked: Vec<usize>,
    /// For each token, whether it lies in a condition.
    conditional: Vec<bool>,
    /// The first tokens of the vague cues, sorted.
    vague_starts: Vec<usize>,
    /// The segments given slots, with their index (a buffer kept for reuse).
    chosen: Vec<(usize, Segment)>,
    /// The statement speaks in the first person: "I", "we", "my", "our".
    speaks: bool,
}

/// The per-token vectors of a [`Builder`], kept on the thread between
/// statements: seven fresh vectors a rewrite cost as many allocations (issue 17).
#[derive(Default)]
struct Buffers {
    ops: Vec<Op>,
    before: Vec<String>,
    after: Vec<String>,
    quoted: Vec<bool>,
    conditional: Vec<bool>,
    vague_starts: Vec<usize>,
    chosen: Vec<(usize, Segment)>,
}

thread_local! {
    /// The buffers of the last [`Builder`] dropped on this thread.
    static SPARE: Cell<Option<Buffers>> = const { Cell::new(None) };
}

impl Drop for Builder<'_> {
    fn drop(&mut self) {
        let buffers = Buffers {
            ops: std::mem::take(&mut self.ops),
            before: std::mem::take(&mut self.before),
            after: std::mem::take(&mut self.after),
            quoted: std::mem::take(&mut self.quoted),
            conditional: std::mem::take(&mut self.conditional),
            vague_starts: std::mem::take(&mut self.vague_starts),
            chosen: std::mem::take(&mut self.chosen),
        };
        // Gone at thread exit: the buffers are then simply freed.
        let _ = SPARE.try_with(|s| s.set(Some(buffers)));
    }
}

impl<'a> Builder<'a> {
    fn new(
        doc: &'a Doc<'a>,
        draft: &'a Draft,
        decision: &Decision,
        scored: &Scored,
        words: &'a Words<'a>,
    ) -> Self {
        let n = doc.tokens.len();
        let sc = |c| scored.smart.get(c).score;
        let Buffers {
            mut ops,
            mut before,
            mut after,
            mut quoted,
            mut conditional,
            mut vague_starts,
            chosen,
        } = SPARE.try_with(Cell::take).ok().flatten().unwrap_or_default();
        ops.clear();
        ops.resize_with(n, || Op::Keep);
        for texts in [&mut before, &mut after] {
            texts.truncate(n);
            texts.iter_mut().for_each(String::clear);
            texts.resize_with(n, String::new);
        }
        // Someone's own words in quotation marks are kept exactly as said.
        quoted.clear();
        quoted.resize(n, false);
        let mut open: Option<&str> = None;
        for (i, q) in quoted.iter_mut().enumerate() {
            let raw = doc.tokens.raw(doc.text, i);
            match (open, raw) {
                (None, "“" | "\"") => open = Some(if raw == "“" { "”" } else { "\"" }),
                (Some(close), r) if r == close => open = None,
                (Some(_), _) => *q = true,
                _ => {}
            }
        }
        Builder {
            doc,
            draft,
            kind: decision.kind,
            words,
            ops,
            before,
            after,
            quoted,
            need_s: sc(Criterion::Specific) < 2,
            need_m: sc(Criterion::Measurable) < 2,
            need_t: sc(Criterion::Timely) < 2,
            changed: false,
            from_to_asked: Vec::new(),
            conditional: {
                conditions(doc, &mut conditional);
                conditional
            },
            speaks: (0..n).any(|k| {
                let c = doc.classes(k);
                c.any(&[WordClass::Speaker, WordClass::We])
                    || (c.has(WordClass::Possessive) && c.tagged(WordTag::FirstPerson))
            }),
            vague_starts: {
                vague_starts.clear();
                vague_starts.extend(draft.vague.iter().map(|c| c.tokens.0));
                vague_starts.sort_unstable();
                vague_starts
            },
            chosen,
        }
    }

    fn n(&self) -> usize {
        self.doc.tokens.len()
    }

    /// Replaces tokens `a..b` by `put` (nothing when empty), unless they are
    /// quoted or already changed.
    fn set(&mut self, (a, b): (usize, usize), put: &str) -> bool {
        if b > self.n()
            || self.ops[a..b].iter().any(|o| *o != Op::Keep)
            || self.quoted[a..b].iter().any(|&q| q)
        {
            return false;
        }
        for o in &mut self.ops[a..b] {
            *o = Op::Drop;
        }
        if !put.is_empty() {
            self.ops[a] = Op::Put(put.to_string());
        }
        self.changed = true;
        true
    }

    /// Takes tokens `a..b`, just after the slot made for `pa..pb`, into it:
    /// false, changing nothing, when they are quoted or already changed.
    fn set_again(&mut self, (pa, pb): (usize, usize), (a, b): (usize, usize)) -> bool {
        debug_assert!(pa < pb && pb == a);
        b <= self.n() && matches!(self.ops[pa], Op::Put(_)) && self.set((a, b), "")
    }

    fn append(&mut self, i: usize, text: &str) {
        self.after[i].push_str(text);
        self.changed = true;
    }

    fn token_range(&self, span: Span) -> Option<(usize, usize)> {
        let toks = self.doc.tokens.as_slice();
        let first = toks.partition_point(|t| t.byte_start < span.byte_start);
        let end = toks.partition_point(|t| t.byte_end <= span.byte_end);
        (first < end).then_some((first, end))
    }

    /// A hedge goes; where it carried the commitment ("Mum hopes to attend")
    /// a plain "will" stays in its place. A wish is reworded as a promise.
    fn drop_hedges(&mut self) {
        let doc = self.doc;
        // Someone's own words ("I will try to help my brothers", "I want to
        // live in a flat", "We will try to include your views") keep their
        // hedge and their wish: a rewrite that made a child promise more
        // than they said would put a duty on them.
        if self.speaks {
            return;
        }
        for h in self.draft.cues_of(Category::Hedge) {
            let (a, b) = h.tokens;
            // "should try to" keeps its own modal; "Mum to try to" its "to".
            if doc.is(a, WordClass::Modal) {
                let modal = doc.tokens.raw(doc.text, a).to_string();
                let end = if doc.is(b, WordClass::To) { b + 1 } else { b };
                self.set((a, end), &modal);
                continue;
            }
            let before_modal = a > 0 && doc.classes(a - 1).any(&[WordClass::Modal, WordClass::To]);
            // "should try to attend": the hedge's own "to" goes with it.
            if before_modal && doc.is(b, WordClass::To) && !doc.is(b - 1, WordClass::To) {
                self.set((a, b + 1), "");
                continue;
            }
            // "… to get somewhere safe and try to help": after "and" the
            // first "to" still governs, so the hedge only goes.
            let coordinated = a > 0 && doc.is(a - 1, WordClass::Coordinator);
            let carries = a > 0 && doc.is(b - 1, WordClass::To) && !before_modal && !coordinated;
            self.set(h.tokens, if carries { "will" } else { "" });
        }
        for i in 0..self.n() {
            if let Some((end, Some(v))) = self.words.at(i, WordKind::Reword) {
                let v = v.to_string();
                self.set((i, end), &v);
            }
        }
    }

    /// The vague words the analyser left open, each replaced where it stands.
    fn replace_vague(&mut self) {
        let doc = self.doc;
        let mut open: Vec<usize> = self
            .draft
            .findings
            .iter()
            .filter(|f| f.rule == Rule::VagueTerm && f.severity >= Severity::Warning)
            .filter_map(|f| f.start)
            .collect();
        open.sort_unstable();
        let mut last_default: Option<(usize, usize)> = None;
        for v in &self.draft.vague {
            if open.binary_search(&v.span.start).is_err() || self.names_instrument(v.span, v.tokens) {
                continue;
            }
            let (a, b) = v.tokens;
            // "… if you are still supported by the service": a condition
            // says when the promise holds, not what is promised; a slot
            // there would turn it into something else.
            if self.in_condition(a) {
                continue;
            }
            // "extra support in place, e.g. an FSW": the example says what
            // the word means.
            if self.example_after(b) {
                continue;
            }
            if self.words.is(a, WordKind::Change) {
                self.change_at(a);
                continue;
            }
            if self.words.is(a, WordKind::Comparative) {
                // "less anxious (from [level now] to [target level])": the
                // words stay whole, and the levels follow the word compared,
                // a describing word or a noun ("more time").
                let next = b == a + 1 && b < self.n() && {
                    let info = doc.grammar.tag(b).info;
                    let function_word =
                        doc.classes(b).any(&WordClass::FUNCTION_WORDS) || doc.is(b, WordClass::Subordinator);
                    !function_word
                        && (info.describes()
                            || (info.is_noun() && doc.grammar.tag(b).shape == Some(Shape::Word)))
                };
                let end = if next { b + 1 } else { b };
                if self.ops[a..end].iter().all(|o| *o == Op::Keep) && !self.quoted[a..end].iter().any(|&q| q)
                {
                    self.append(end - 1, &format!(" ({FROM_TO})"));
                }
                continue;
            }
            let as_verb = self.used_as_verb(a);
            // "will work towards better intelligibility by slowing their
            // rate of speech": the means that follows says what they will
            // do, so the verb stays.
            if as_verb && !self.words.is(a, WordKind::Replace) && self.means_after(b) {
                continue;
            }
            let put = match self.words.at(a, WordKind::Replace) {
                // A verb's replacement ("give [what help] to") fits only
                // where the word is a verb: "employment support programme"
                // names a service and keeps its words.
                Some((_, Some(v))) if !v.starts_with('[') && !v.is_empty() && !as_verb => None,
                Some((_, v)) => Some(v.unwrap_or("").to_string()),
                None if as_verb => Some(slot_of(DEFAULT_VERB, v.span.text(doc.text))),
                None => None,
            };
            // A replacement that gives to someone ("give [what help] to")
            // needs a person after it: "support the student's need" stays
            // as written. "help and support you": the verb it is joined to
            // goes into it, which says what the help is.
            let gives_to = put
                .as_deref()
                .is_some_and(|p| !p.starts_with('[') && p.ends_with(" to"));
            if gives_to && !self.person_at(b) {
                continue;
            }
            // "visit and support the children": a verb of its own stays.
            let a = if gives_to && self.joined_to_verb(a) && self.words.is(a - 2, WordKind::Helping) {
                a - 2
            } else {
                a
            };
            // A phrase dropped whole ("continue to" attend) needs the verb
            // it led into: "Mum to continue with the course" keeps it.
            let next = if doc.is(b, WordClass::To) { b + 1 } else { b };
            let leaves_no_verb = next < self.n()
                && doc.grammar.tag(next).shape == Some(Shape::Word)
                && !doc.grammar.tag(next).info.verb_forms.has(VerbForms::BASE);
            if put.as_deref() == Some("") && leaves_no_verb {
                continue;
            }
            match put {
                Some(put) => {
                    self.set((a, b), &put);
                }
                None if self.describes_noun_after(a, b) => {
                    // "suitable accommodation": before its noun a describing
                    // word's slot asks for a describing word.
                    self.set((a, b), &slot_of(DEFAULT_DESCRIBING, v.span.text(doc.text)));
                }
                None => {
                    // "Opportunities to practise": the "to" that leads into
                    // a verb stays outside the slot, with its verb.
                    let b = if b > a + 1 && self.to_verb_at(b - 1) {
                        b - 1
                    } else {
                        b
                    };
                    // Vague words side by side ("appropriate support") are
                    // one phrase and get one slot.
                    // A noun phrase's few words, not a run of them: a run-on
                    // cell of vague words stays linear.
                    let first = match last_default {
                        Some((pa, pb))
                            if pb == a
                                && b - pa <= LONGEST_SHARED_SLOT
                                && self.set_again((pa, pb), (a, b)) =>
                        {
                            pa
                        }
                        _ => a,
                    };
                    if first == a && !self.set((a, b), "") {
                        continue;
                    }
                    let slot = slot_of(DEFAULT, doc.span(first, b).text(doc.text));
                    self.ops[first] = Op::Put(slot);
                    last_default = Some((first, b));
                }
            }
        }
        let has_deadline = self.draft.has_deadline();
        // Sized at the first vague time: most statements have none (issue 17).
        let mut contingent: Vec<Option<bool>> = Vec::new();
        for t in self.draft.timescales.iter().filter(|t| t.kind == TimeKind::Vague) {
            if let Some(r) = self.token_range(t.span) {
                // "… tell you as soon as possible if we are running late":
                // in a step taken when its trigger happens, "as soon as
                // possible" says how fast, and a date could not stand there.
                // Segments are in text order: found by binary search, and
                // each one's answer kept, so a run-on cell stays linear.
                let segs = &doc.grammar.segments;
                let si = segs.partition_point(|s| s.first <= r.0).checked_sub(1);
                if let Some(si) = si.filter(|&si| r.0 < segs[si].end) {
                    contingent.resize(segs.len(), None);
                    let in_contingency =
                        *contingent[si].get_or_insert_with(|| self.contingency(si, &segs[si]));
                    if in_contingency {
                        continue;
                    }
                }
                // "regularly" leaves open how often, not by when.
                let often = self.words.at(r.0, WordKind::Replace).and_then(|(_, v)| v) == Some(HOW_OFTEN);
                // With a date given elsewhere, "as needed" stays: it may say
                // when aids are used ("using a pencil grip as needed"), and
                // the date already makes the statement timely.
                if !often && has_deadline {
                    continue;
                }
                let put = if often {
                    Cow::Borrowed(HOW_OFTEN)
                } else {
                    self.when_clause()
                };
                self.set(r, &put);
            }
        }
    }

    /// An example follows token `b` closely, in the same sentence.
    fn example_after(&self, b: usize) -> bool {
        const MOST_WORDS_BEFORE_EXAMPLE: usize = 4;
        let doc = self.doc;
        (b..(b + MOST_WORDS_BEFORE_EXAMPLE).min(self.n()))
            .take_while(|&k| {
                !matches!(doc.tokens.norm(k), "." | ";" | "!" | "?") || self.words.is(k, WordKind::Example)
            })
            .any(|k| self.words.is(k, WordKind::Example))
    }

    /// The clause going on from token `b` says how it is done: "by" and a
    /// verb's -ing form ("by slowing their rate of speech").
    fn means_after(&self, b: usize) -> bool {
        const MOST_WORDS_BEFORE_MEANS: usize = 6;
        let doc = self.doc;
        (b..(b + MOST_WORDS_BEFORE_MEANS).min(self.n().saturating_sub(1)))
            .take_while(|&k| !self.punct(k))
            .any(|k| {
                doc.is(k, WordClass::Preposition)
                    && doc.classes(k).tagged(WordTag::Agent)
                    && doc.grammar.tag(k + 1).info.verb_forms.has(VerbForms::ING)
            })
    }

    /// The vague words `a..b` describe the noun right after them ("a
    /// healthier lifestyle"), which is not vague itself.
    fn describes_noun_after(&self, a: usize, b: usize) -> bool {
        let doc = self.doc;
        b == a + 1
            && doc.grammar.tag(a).info.describes()
            && !doc.grammar.tag(a).info.is_noun()
            && self.plain_noun(b)
            && self.vague_starts.binary_search(&b).is_err()
    }

    /// Token `i` is a noun and no more: no verb, no function word.
    fn plain_noun(&self, i: usize) -> bool {
        let t = self.doc.grammar.tag(i);
        i < self.n()
            && t.shape == Some(Shape::Word)
            && t.info.is_noun()
            && (!t.info.verb_forms.is_verb() || t.info.noun_count >= t.info.verb_count)
            && !self.doc.classes(i).any(&WordClass::FUNCTION_WORDS)
    }

    /// Token `i` is used as a verb: in a verb group, a fragment's verb, or
    /// right after "to" or a modal.
    fn used_as_verb(&self, i: usize) -> bool {
        self.joined_to_verb(i) || self.used_as_verb_alone(i)
    }

    /// "help and support you": token `i` is a verb joined to the verb two
    /// tokens before it.
    fn joined_to_verb(&self, i: usize) -> bool {
        let doc = self.doc;
        i >= 2
            && doc.is(i - 1, WordClass::Conjunction)
            && doc.grammar.tag(i).info.verb_forms.is_verb()
            && self.used_as_verb_alone(i - 2)
    }

    /// A person starts at token `i`, or after one determiner or possessive:
    /// a pronoun, a name or a party the lexicons know.
    fn person_at(&self, i: usize) -> bool {
        let doc = self.doc;
        let party = |k: usize| {
            k < self.n()
                && (doc.classes(k).any(&WordClass::PERSONAL_PRONOUNS)
                    || (doc.grammar.tag(k).cap
                        && doc.grammar.tag(k).shape == Some(Shape::Word)
                        && !doc.grammar.tag(k).info.is_known())
                    || doc.hits_at(k).iter().any(|h| h.category.is_party()))
        };
        party(i)
            || (i + 1 < self.n()
                && doc
                    .classes(i)
                    .any(&[WordClass::Determiner, WordClass::Possessive])
                && party(i + 1))
    }

    /// Token `i` lies in a condition (see [`conditions`]).
    fn in_condition(&self, i: usize) -> bool {
        self.conditional.get(i).copied().unwrap_or(false)
    }

    /// [`Self::used_as_verb`], without looking at the verb it is joined to.
    fn used_as_verb_alone(&self, i: usize) -> bool {
        let doc = self.doc;
        let g = doc.grammar;
        // Clauses and segments are in text order, and verb groups do not
        // overlap: the one that could hold `i` is found by binary search.
        let in_group = g.clauses[..g.clauses.partition_point(|c| c.verb.first <= i)]
            .last()
            .is_some_and(|c| i < c.verb.end);
        let fragment_verb = g.segments[..g.segments.partition_point(|s| s.first <= i)]
            .last()
            .is_some_and(
                |s| matches!(s.fragment, Fragment::BareVerb(v) | Fragment::ToInfinitive(v) if v == i),
            );
        in_group
            || fragment_verb
            || self.opens_instruction(i)
            || (i > 0
                && doc.grammar.tag(i).info.verb_forms.is_verb()
                && doc.classes(i - 1).any(&[WordClass::Modal, WordClass::To]))
    }

    /// A word naming an instrument ("healthy living chart") is not vague:
    /// inside a measure, or just before one with at most one word between.
    fn names_instrument(&self, span: Span, (_, vend): (usize, usize)) -> bool {
        self.draft.measures.iter().any(|m| {
            m.span.contains(&span)
                || self.token_range(m.span).is_some_and(|(a, _)| {
                    a >= vend
                        && a - vend <= 1
                        && (vend..a).all(|i| {
                            self.doc
                                .tokens
                                .raw(self.doc.text, i)
                                .chars()
                                .all(char::is_alphabetic)
                        })
                })
        })
    }

    /// "improve": as a verb with an object, "raise … from [now] to [target]";
    /// as a verb on its own, "change from … to …"; as a noun, "a change from …".
    fn change_at(&mut self, i: usize) {
        let doc = self.doc;
        let clause = doc.grammar.clauses.iter().find(|c| c.verb.main == i);
        let verb = clause.is_some() || self.used_as_verb(i);
        let object_follows = i + 1 < self.n() && {
            let next = i + 1;
            !self.punct(next)
                && !doc.is(next, WordClass::Preposition)
                && !doc.is(next, WordClass::Conjunction)
        };
        let passive = clause.is_some_and(|c| c.verb.passive);
        // The word keeps its direction ("improve", "increase"); the levels it
        // moves between are what it leaves open.
        if self.ops[i] != Op::Keep || self.quoted[i] || self.from_to_asked.contains(&i) {
            return;
        }
        self.from_to_asked.push(i);
        if !verb && !passive && self.plain_noun(i + 1) {
            // "improved skin turgor [from … to …]": after the noun it describes.
            let mut end = i + 1;
            while end < self.n() && end < i + 4 && self.plain_noun(end) {
                end += 1;
            }
            self.append(end - 1, &format!(" {FROM_TO}"));
        } else if verb && object_follows && !passive {
            // "improve their behaviour [from … to …]": after the object.
            let end = self.clause_end(i);
            let at = self.last_word_before(end, i);
            self.append(at, &format!(" {FROM_TO}"));
        } else {
            // "will improve [from … to …] in 24 hours", "show improvement
            // [from … to …]".
            self.append(i, &format!(" {FROM_TO}"));
        }
    }

    fn punct(&self, i: usize) -> bool {
        self.doc.tokens.as_slice()[i].shape == Shape::Punct
    }

    /// Where the sentence holding token `i` ends.
    fn clause_end(&self, i: usize) -> usize {
        self.doc
            .grammar
            .segments
            .iter()
            .find(|s| s.first <= i && i < s.end)
            .map_or(self.n(), |s| s.end)
    }

    /// The last token before `end` (and from `floor` on) that is not
    /// closing punctuation: where a slot is put after.
    fn last_word_before(&self, end: usize, floor: usize) -> usize {
        let mut at = end.saturating_sub(1).max(floor);
        while at > floor
            && self.punct(at)
            && matches!(
                self.doc.tokens.raw(self.doc.text, at),
                "." | "," | ";" | ":" | "!" | "?" | "•" | "-" | "–"
            )
        {
            at -= 1;
        }
        at
    }

    fn when_clause(&self) -> Cow<'a, str> {
        match &self.draft.due_cell {
            Some(c) if c.kind == Some(TimeKind::Deadline) => {
                let t = c.text.trim();
                // Only "B" and "b", "Y" and "y" lower-case to "b" and "y".
                if t.get(..3).is_some_and(|by| by.eq_ignore_ascii_case("by ")) {
                    Cow::Borrowed(t)
                } else {
                    Cow::Owned(format!("by {t}"))
                }
            }
            _ => Cow::Borrowed(WHEN),
        }
    }

    /// The owner for a task nobody is named for: the row's owner column, or a slot.
    fn who(&self) -> String {
        self.draft
            .owner_cell
            .as_ref()
            .map(|c| c.text.trim().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| WHO.to_string())
    }

    /// A sentence before segment `si` has a subject doing something in the
    /// active: who a later passive's doer is.
    fn named_before(&self, si: usize) -> bool {
        self.doc
            .grammar
            .clauses
            .iter()
            .any(|c| c.segment < si && !c.subordinate && !c.verb.passive && c.subject.is_some())
    }

    /// The main clause of a segment: its first clause that is not subordinate.
    fn main_clause(&self, si: usize) -> Option<&'a Clause> {
        self.doc.grammar.clauses_in(si).find(|c| !c.subordinate)
    }

    /// What the task in a segment is, from its verb (or its shape).
    fn task(&self, si: usize, seg: &Segment) -> Task {
        let main = self.main_clause(si);
        let verb = main.map(|c| c.verb.main).or(match seg.fragment {
            Fragment::BareVerb(v) | Fragment::ToInfinitive(v) => Some(v),
            _ => None,
        });
        let has_freq = self.draft.has_frequency();
        let negated_promise = self
            .doc
            .grammar
            .clauses_in(si)
            .any(|c| c.verb.negated && c.verb.modality.commits());
        if self.contingency(si, seg) {
            return Task::Contingency;
        }
        // "No alcohol being drunk around the children": a line opened by
        // "no" is a rule kept all the time.
        let rule_line =
            matches!(seg.fragment, Fragment::NounPhrase(_)) && self.doc.is(seg.first, WordClass::Zero);
        if negated_promise || rule_line || verb.is_some_and(|v| self.words.is(v, WordKind::Standing)) {
            return Task::Standing;
        }
        if verb.is_some_and(|v| self.words.is(v, WordKind::Change)) {
            return Task::Change;
        }
        let acts = matches!(self.kind, Kind::Action | Kind::Mixed);
        if !acts {
            return Task::Change;
        }
        if has_freq
            || matches!(seg.fragment, Fragment::NounPhrase(_))
            || verb.is_some_and(|v| self.recurs(v, seg))
        {
            return Task::Ongoing;
        }
        Task::OneOff
    }

    /// The work of the verb at `v` goes on: its verb is one of ongoing work,
    /// what it helps with is not done once ("help you to sign up" is),
    /// no verb joined to it is done once ("meet the counsellor and pick a
    /// course") and its object is no single occasion ("go to his first
    /// appointment").
    fn recurs(&self, v: usize, seg: &Segment) -> bool {
        if !self.words.is(v, WordKind::Ongoing) {
            return false;
        }
        let doc = self.doc;
        let end = self.clause_reach(v, seg);
        let base = |k: usize| {
            let info = doc.grammar.tag(k).info;
            info.verb_forms.has(VerbForms::BASE) && info.verb_count >= info.noun_count
        };
        for k in v + 1..end {
            if self.words.is(k, WordKind::Single) {
                return false;
            }
            let helped = self.words.is(v, WordKind::Helping)
                && ((doc.is(k - 1, WordClass::To) && base(k))
                    || (k > v + 1
                        && base(k)
                        && doc.grammar.tag(k - 1).info.is_noun()
                        && !doc.is(k - 1, WordClass::To)));
            let joined = doc.is(k - 1, WordClass::Coordinator) && base(k);
            if (helped || joined) && self.words.is(k, WordKind::Once) {
                return false;
            }
        }
        true
    }

    /// Token `k` is "to" with a verb's base form after it ("to practise").
    fn to_verb_at(&self, k: usize) -> bool {
        self.doc.is(k, WordClass::To) && self.doc.grammar.tag(k + 1).info.verb_forms.has(VerbForms::BASE)
    }

    /// A timescale of `kind` starts in tokens `from..to`.
    fn time_between(&self, kind: TimeKind, from: usize, to: usize) -> bool {
        self.draft
            .timescales
            .iter()
            .any(|t| t.kind == kind && self.token_range(t.span).is_some_and(|(a, _)| a >= from && a < to))
    }

    /// Where the clause of the verb at `v` stops: at the segment's end, a
    /// comma, a purpose ("so that") or a joining word that opens another
    /// clause ("when", "if").
    fn clause_reach(&self, v: usize, seg: &Segment) -> usize {
        let doc = self.doc;
        (v + 1..seg.end)
            .find(|&k| self.punct(k) || doc.is(k, WordClass::Purpose) || doc.opens_side_clause(k))
            .unwrap_or(seg.end)
    }

    /// A step taken whenever something happens ("If Dad comes home drunk,
    /// I will text my aunt", "Mum will ring the SW if she is struggling",
    /// "When shouting starts, I can go to my room"): its time is its
    /// trigger, so it is kept like a rule, never given a date.
    fn contingency(&self, si: usize, seg: &Segment) -> bool {
        self.main_clause(si).is_some() && crate::classify::triggered_segment(self.doc, self.draft, seg)
    }

    /// Whether a segment asks something of someone: a promise or aim, an
    /// instruction, or a service named.
    fn commits(&self, si: usize, seg: &Segment) -> bool {
        self.instruction_in(si).is_some()
            || match self.main_clause(si) {
                Some(c) => c.verb.modality.commits(),
                None => !matches!(seg.fragment, Fragment::None),
            }
    }

    /// Token `i` is the instruction its segment opens with.
    fn opens_instruction(&self, i: usize) -> bool {
        let segs = &self.doc.grammar.segments;
        let si = segs.partition_point(|s| s.first <= i);
        si > 0 && segs[si - 1].first == i && self.instruction_in(si - 1) == Some(i)
    }

    /// The instruction a segment opens with, over the clause it asks for
    /// ("Ensure the home is clean"): its token.
    fn instruction_in(&self, si: usize) -> Option<usize> {
        let doc = self.doc;
        doc.grammar
            .clauses_in(si)
            .find_map(|c| crate::classify::instruction_over(doc, c))
    }

    fn commitment(&mut self) -> bool {
        self.drop_hedges();
        self.replace_vague();
        let doc = self.doc;
        let segs = || {
            doc.grammar
                .segments
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, s)| s.first < s.end)
        };
        let mut chosen = std::mem::take(&mut self.chosen);
        chosen.clear();
        chosen.extend(segs().filter(|(si, _)| {
            self.main_clause(*si).is_some_and(|c| {
                c.verb.modality.commits()
                        // "the pupil remembers to take her medication", "Mum
                        // and Dad agree they will not drink": a goal put in
                        // the present, a verb of doing after it or a promise,
                        // is the state wanted. One that says what is ("Nan
                        // lives around the corner", "Tane is always looked
                        // after") is left.
                        || (self.kind == Kind::Outcome
                            && c.verb.modality == Modality::Present
                            && !c.verb.negated
                            && !c.verb.copula
                            && !c.verb.passive
                            && !doc.classes(c.verb.main).any(&[WordClass::Be, WordClass::Have])
                            && !self.draft.has_frequency()
                            && (doc.is(c.verb.main, WordClass::PromiseVerb) || self.to_verb_at(c.verb.end)))
            }) || self.instruction_in(*si).is_some()
        }));
        if chosen.is_empty() {
            // A cell of fragments ("Find a job", "Speech therapy / weekly"):
            // the first that is an instruction or a service.
            // Each instruction gets its own slots; a run of noun phrases
            // ("Speech therapy / weekly / IEP term") is one service.
            chosen
                .extend(segs().filter(|(_, s)| {
                    matches!(s.fragment, Fragment::BareVerb(_) | Fragment::ToInfinitive(_))
                }));
            if chosen.is_empty() {
                chosen.extend(segs().filter(|(si, s)| self.commits(*si, s)).take(1));
            }
        }
        // Nothing in the cell asks anything of anyone ("Erin told her
        // caseworker …"): slots would be tacked onto a report of what
        // happened, so only the vague words are replaced.
        let acts = matches!(self.kind, Kind::Action | Kind::Mixed);
        let has_owner = self.draft.owners.iter().any(|o| o.kind != OwnerKind::Collective)
            || self
                .draft
                .owner_cell
                .as_ref()
                .is_some_and(|c| c.kind != Some(OwnerKind::Collective));
        let has_measure = !self.draft.measures.is_empty();
        // "Complete my GED": the one speaking does it.
        let speaks = self.speaks;
        let who_done = !acts || !self.need_s || has_owner || speaks;
        for (k, &(si, seg)) in chosen.iter().enumerate() {
            let mut task = self.task(si, &seg);
            let main = self.main_clause(si);
            let verb_at = main.map(|c| c.verb.first).or(match seg.fragment {
                Fragment::BareVerb(v) | Fragment::ToInfinitive(v) => Some(v),
                Fragment::NounPhrase(h) => Some(h),
                Fragment::None => self.instruction_in(si),
            });
            if verb_at.is_none() {
                continue;
            }
            // "Develop budgeting skills" with nothing to measure it by: the
            // change asks from what level to what level.
            let verb = main.map(|c| c.verb.main).or(match seg.fragment {
                Fragment::BareVerb(v) | Fragment::ToInfinitive(v) => Some(v),
                _ => None,
            });
            if let Some(v) = verb.filter(|&v| self.need_m && !has_measure && self.ops[v] == Op::Keep) {
                if self.words.is(v, WordKind::Change) {
                    self.change_at(v);
                }
            }
            // Each chosen sentence's slots go at the end of its words, which
            // run on over the parts that follow it (bullets, "(next week)")
            // up to the next chosen sentence.
            let end = chosen.get(k + 1).map_or(self.n(), |(_, next)| next.first);
            // A task's slots go before the purpose it serves ("Dad to attend
            // the course [by when] so that the children are safe"); how the
            // purpose will be shown goes after it.
            let purpose = match verb_at {
                Some(v) if acts => {
                    (v + 1..end).find(|&k| doc.is(k, WordClass::Purpose) && !self.punct(k - 1))
                }
                _ => None,
            };
            let at = self.last_word_before(purpose.unwrap_or(end), seg.first);
            let mut shown = String::new();
            let mut suffix = String::new();
            // Who: as the subject of an instruction, after a passive verb,
            // else as who leads the work.
            // Each sentence names its own doer: "[who] to find a flat. [who]
            // to register with a GP."
            if !who_done {
                let who = self.who();
                // An instruction opens its sentence with a verb more often
                // read as a verb than a noun ("Find", not "Core group").
                let base = |v: usize| {
                    let info = doc.grammar.tag(v).info;
                    v == seg.first
                        && info.verb_forms.has(VerbForms::BASE)
                        && info.verb_count >= info.noun_count
                };
                match (main, seg.fragment) {
                    (None, Fragment::BareVerb(v)) if self.ops[v] == Op::Keep && base(v) => {
                        self.before[v] = format!("{who} to ");
                        if !doc
                            .tokens
                            .raw(doc.text, v)
                            .chars()
                            .skip(1)
                            .any(char::is_uppercase)
                        {
                            self.ops[v] = Op::Lower;
                        }
                        self.changed = true;
                    }
                    // "Ensure support is in place": the instruction's doer
                    // goes before it, as for any instruction.
                    _ if self.instruction_in(si).is_some() => {
                        let f = seg.first;
                        self.before[f] = format!("{who} to ");
                        if self.ops[f] == Op::Keep {
                            self.ops[f] = Op::Lower;
                        }
                        self.changed = true;
                    }
                    // "The support network will each find two places. The
                    // list will be given to Daniel": a later sentence's
                    // passive is done by the doer named before it.
                    (Some(c), _) if c.verb.passive && self.named_before(si) => {}
                    (Some(c), _) if c.verb.passive && self.ops[c.verb.end - 1] != Op::Drop => {
                        self.append(c.verb.end - 1, &format!(" by {who}"));
                    }
                    // A subject is its own doer, even one the owner reader
                    // does not know ("We", "Student").
                    (Some(_), _) | (None, Fragment::ToInfinitive(_)) => {}
                    (None, Fragment::NounPhrase(_)) => {
                        suffix.push_str(", provided by ");
                        suffix.push_str(&who);
                    }
                    _ => {
                        suffix.push_str(", led by ");
                        suffix.push_str(&who);
                    }
                }
            }
            // A task given a date is done by then: "reviewed no later than
            // (date)", "will phone the programme. (next week)" are not asked
            // how often.
            let dated = self.time_between(TimeKind::Deadline, seg.first, end);
            // "We will check in with you regularly", "review the case in
            // due course": for work that recurs, with no frequency or date,
            // the vague time word asks how often, not by when.
            if task == Task::Ongoing && !self.draft.has_frequency() && !dated {
                let when = self.when_clause();
                for op in &mut self.ops[seg.first..end] {
                    if matches!(op, Op::Put(p) if *p == *when) {
                        *op = Op::Put(HOW_OFTEN.to_string());
                    }
                }
            }
            let put_often = self
                .ops
                .iter()
                .any(|o| matches!(o, Op::Put(p) if p.contains(HOW_OFTEN)));
            let put_when = self
                .ops
                .iter()
                .any(|o| matches!(o, Op::Put(p) if p.contains("[by when")));
            let put_change = self
                .ops
                .iter()
                .any(|o| matches!(o, Op::Put(p) if p.contains(FROM_TO)))
                || self.after.iter().any(|a| a.contains(FROM_TO));
            let frequency = self.draft.has_frequency() || put_often;
            // "Daniel will phone the programme. (next week)": work that
            // could recur, given one date and no frequency, is done once.
            let provision = matches!(seg.fragment, Fragment::NounPhrase(_)) && main.is_none();
            if task == Task::Ongoing && dated && !frequency && !provision {
                task = Task::OneOff;
            }
            if task == Task::Ongoing
                && self.need_m
                && !has_measure
                && !frequency
                && !dated
                && !self.time_between(TimeKind::Frequency, seg.first, seg.end)
            {
                suffix.insert_str(0, &format!(" {HOW_OFTEN}"));
            }
            if self.need_m && !has_measure && !put_change {
                let to = if purpose.is_some() {
                    &mut shown
                } else {
                    &mut suffix
                };
                match task {
                    Task::Standing => {
                        to.push_str(", checked by ");
                        to.push_str(CHECKED_BY);
                    }
                    Task::OneOff | Task::Contingency => {}
                    // Work at a stated frequency is counted against it, and a
                    // service is measured by how often and how long it runs.
                    Task::Ongoing if self.draft.has_frequency() || provision => {}
                    _ => {
                        to.push_str(", as shown by ");
                        to.push_str(SHOWN_BY);
                    }
                }
            }
            if self.need_t
                && !self.draft.has_deadline()
                && !put_when
                && !matches!(task, Task::Standing | Task::Contingency)
            {
                if task == Task::Ongoing {
                    // Work that recurs at a stated frequency needs no date to
                    // be timely; without one it is asked how often, then until when.
                    if !frequency {
                        suffix.push(' ');
                        suffix.push_str(UNTIL);
                    }
                } else {
                    suffix.push(' ');
                    suffix.push_str(&self.when_clause());
                }
            }
            if !suffix.is_empty() {
                self.append(at, &suffix);
            }
            if !shown.is_empty() {
                let last = self.last_word_before(end, seg.first);
                self.append(last, &shown);
            }
        }
        self.chosen = chosen;
        self.changed
    }

    /// A concern becomes the outcome it calls for, about the person it
    /// names: "R. cannot blend 4 phonemes" → "R. will blend 4 phonemes …";
    /// otherwise that person and a slot for what will be different instead.
    fn concern(&mut self) -> bool {
        let doc = self.doc;
        let n = self.n();
        let mut main = doc.grammar.main_clause().copied();
        // "We are worried that Ava is left alone": the worry is about the
        // clause it introduces, and its subject is who the change is for.
        if let Some(c) = main {
            let writers = c
                .subject
                .is_some_and(|s| doc.classes(s.head).any(&[WordClass::We, WordClass::Speaker]));
            if writers {
                let about = doc
                    .grammar
                    .clauses
                    .iter()
                    .find(|o| o.verb.first > c.verb.end && o.subject.is_some());
                if let Some(o) = about {
                    main = Some(*o);
                }
            }
        }
        let subject = main.and_then(|c| c.subject).filter(|s| {
            // "There are concerns …", "It is …": no one to name.
            !doc.is(s.head, WordClass::Indefinite)
                && !matches!(doc.grammar.tag(s.head).shape, Some(Shape::Punct))
                && !doc.is(s.head, WordClass::DummySubject)
        });
        let turned = main.filter(|c| {
            c.verb.negated
                && matches!(c.verb.modality, Modality::Present | Modality::Can)
                && c.subject.is_some()
        });
        if let (Some(c), Some(s)) = (turned, subject) {
            if let Some(lemma) = self.base_form(c.verb.main) {
                // Subject, "will", the verb in its base form, the rest kept.
                let seg = doc.grammar.segments[c.segment];
                // The full stop that ends the sentence stays with it.
                let stop = seg.end.max(c.verb.end);
                let keep_stop = stop < n && doc.tokens.norm(stop) == ".";
                for i in 0..n {
                    if i < s.first
                        || (i >= s.end && i < c.verb.end)
                        || (i >= stop && !(keep_stop && i == stop))
                    {
                        self.ops[i] = Op::Drop;
                    }
                }
                self.before[s.first] = String::new();
                self.after[s.end - 1] = format!(" will {lemma}");
                // "is not taking her medication or going to her appointments":
                // each verb joined to the first takes its base form too.
                let seg_end = doc.grammar.segments[c.segment].end;
                for k in c.verb.end + 1..seg_end {
                    let joined = doc.is(k - 1, WordClass::Coordinator)
                        && doc.grammar.tag(k).info.verb_forms.has(VerbForms::ING)
                        && doc.grammar.tag(c.verb.main).info.verb_forms.has(VerbForms::ING);
                    if joined {
                        if let Some(base) = self.base_form(k) {
                            self.set((k, k + 1), &base);
                        }
                    }
                }
                let end = self.last_word_before(seg.end, c.verb.end);
                let mut suffix = String::new();
                if self.draft.measures.is_empty() {
                    suffix.push_str(", as shown by ");
                    suffix.push_str(SHOWN_BY);
                }
                suffix.push(' ');
                suffix.push_str(&self.when_clause());
                // A verb that ends the statement ("Sam does not attend")
                // has no word after it: the suffix follows the new verb.
                if end >= c.verb.end && end < n && !(keep_stop && end == stop) {
                    self.after[end].push_str(&suffix);
                } else {
                    self.after[s.end - 1].push_str(&suffix);
                }
                self.changed = true;
                return true;
            }
        }
        // Turning a worry round needs a worry: a report of what someone did
        // ("Erin rang her sister …") or of what may follow ("If …, the
        // Local Authority may …") names none, and a template would lose it.
        let worry_at = |k: usize| {
            doc.hits_at(k).iter().any(|h| {
                h.category == Category::Problem
                    || (h.category == Category::KindCue
                        && matches!(
                            doc.lex.entry(h.entry).kind.as_deref(),
                            Some("problem" | "habit" | "concern")
                        ))
            })
        };
        let negated = main.is_some_and(|c| c.verb.negated);
        if !negated && !(0..n).any(worry_at) {
            return false;
        }
        // An account of what happened ("Mum was arrested for drink-driving
        // …", "Erin told her caseworker …") is the evidence, not the state
        // to change: a template would only lose it.
        if main.is_some_and(|c| c.verb.modality == Modality::Past) {
            return false;
        }
        // So is a record of the past: a risk found "in the last 12 months"
        // with no one named to turn it round for, or someone's "history of"
        // a problem. Neither can change, and a template would lose it.
        let account = |k: usize| self.words.is(k, WordKind::Account);
        let history_held = main.is_some_and(|c| {
            doc.is(c.verb.main, WordClass::Have) && (c.verb.end..(c.verb.end + 4).min(n)).any(account)
        });
        if history_held || (subject.is_none() && (0..n).any(account)) {
            return false;
        }
        // The person the worry is about, then the good wanted instead.
        for o in &mut self.ops {
            *o = Op::Drop;
        }
        // "poor school attendance": with no clause, the thing the worry is
        // about, less the words that make it a worry, is what will change.
        let topic = match (main, doc.grammar.segments.first().map(|s| (s.first, s.fragment))) {
            (None, Some((first, Fragment::NounPhrase(head)))) if subject.is_none() => {
                // Only the describing words in front go ("poor", "low"); a
                // worry word anywhere else is the topic itself.
                let from = (first..head).find(|&k| !worry_at(k)).unwrap_or(head);
                let kept: Vec<usize> = (from..=head).collect();
                kept.iter()
                    .all(|&k| doc.grammar.tag(k).shape == Some(Shape::Word) && !worry_at(k))
                    .then_some((kept, first))
            }
            _ => None,
        };
        if let Some((kept, seg_first)) = topic {
            for &k in &kept {
                self.ops[k] = Op::Keep;
            }
            let first = kept[0];
            let last = *kept.last().expect("not empty");
            // "poor school attendance": whose it is, and the good wanted in
            // place of the words that made it a worry, which are quoted so
            // the direction is not lost.
            self.before[first] = format!("{WHOSE_POSSESSIVE} ");
            let worry = if first > seg_first {
                doc.span(seg_first, first).text(doc.text).trim()
            } else {
                ""
            };
            self.after[last] = format!(" will be {} {}.", instead_of(worry), self.when_clause());
            self.changed = true;
            return true;
        }
        let subject = subject.map(|mut s| {
            // The subject's own words, never the verb read into it.
            if let Some(c) = main {
                s.end = s.end.min(c.verb.first).max(s.first + 1);
            }
            // "Kayleigh needs support": a verb read into the subject goes.
            if s.end > s.first + 1 && doc.grammar.tag(s.end - 1).info.verb_forms.has(VerbForms::THIRD) {
                s.end -= 1;
            }
            s
        });
        let who = match subject {
            Some(s) => {
                let first = s.possessor.map_or(s.first, |p| p.0);
                for i in first..s.end {
                    self.ops[i] = Op::Keep;
                }
                None
            }
            None => Some(WHOSE.to_string()),
        };
        let last = match subject {
            Some(s) => s.end - 1,
            None => 0,
        };
        if let Some(w) = who {
            self.before[0] = w;
        }
        // The worry stays in the slot, in its own words, so the good wanted
        // instead is asked of it and not of a blank ("Mum will be [what good
        // looks like instead of “was arrested for drink-driving …”]").
        // With no one named, the whole statement is the worry ("There were
        // three domestic abuse incidents …").
        let (from, to) = match (main, subject) {
            (Some(c), Some(_)) => (c.verb.first, doc.grammar.segments[c.segment].end),
            _ => (0, n),
        };
        let end = self.last_word_before(to, from) + 1;
        let words: Vec<&str> = doc.span(from, end).text(doc.text).split_whitespace().collect();
        let mut worry = words[..words.len().min(LONGEST_QUOTED_WORRY)].join(" ");
        if words.len() > LONGEST_QUOTED_WORRY {
            worry.push_str(" …");
        }
        self.after[last] = format!(" will be {} {}.", instead_of(&worry), self.when_clause());
        self.changed = true;
        true
    }

    /// The base form of the verb at `i` ("taking" → "take", "goes" → "go"),
    /// found by taking its ending off and asking the dictionary.
    fn base_form(&self, i: usize) -> Option<String> {
        let doc = self.doc;
        let w = doc.tokens.norm(i);
        let dict = &doc.lex.dictionary;
        let is_base = |c: &str| dict.get(c).verb_forms.has(VerbForms::BASE);
        if is_base(w) {
            return Some(w.to_string());
        }
        let mut candidates = Vec::new();
        if let Some(stem) = w.strip_suffix("ing") {
            candidates.push(stem.to_string());
            candidates.push(format!("{stem}e"));
            let b = stem.as_bytes();
            if b.len() > 2 && b[b.len() - 1] == b[b.len() - 2] {
                candidates.push(stem[..stem.len() - 1].to_string());
            }
        }
        if let Some(stem) = w.strip_suffix("ies") {
            candidates.push(format!("{stem}y"));
        }
        if let Some(stem) = w.strip_suffix("es") {
            candidates.push(stem.to_string());
        }
        if let Some(stem) = w.strip_suffix('s') {
            candidates.push(stem.to_string());
        }
        candidates.into_iter().find(|c| is_base(c))
    }

    /// The kept tokens as written, with the original spacing, replacements
    /// and slots in place.
    fn render(&self) -> String {
        let doc = self.doc;
        let toks = doc.tokens.as_slice();
        // Room for the statement, what is put in and a space a token, so
        // the text is written without growing (issue 17).
        let put: usize = self
            .before
            .iter()
            .chain(&self.after)
            .map(String::len)
            .sum::<usize>()
            + self
                .ops
                .iter()
                .map(|o| match o {
                    Op::Put(p) => p.len(),
                    _ => 0,
                })
                .sum::<usize>();
        let mut out = String::with_capacity(doc.text.len() + put + toks.len());
        let mut prev: Option<usize> = None;
        let push = |out: &mut String, piece: &str, spaced: bool| {
            if out.is_empty() {
                out.push_str(piece.trim_start());
                return;
            }
            let tight =
                piece.starts_with([',', '.', ';', ':', ')', '!', '?']) || out.ends_with(['(', '“', '‘']);
            if spaced && !tight && !out.ends_with(' ') && !piece.starts_with(' ') {
                out.push(' ');
            }
            out.push_str(piece);
        };
        for i in 0..toks.len() {
            if !self.before[i].is_empty() {
                push(&mut out, self.before[i].trim_end(), true);
                prev = None;
            }
            match &self.ops[i] {
                Op::Drop => {}
                Op::Put(p) => {
                    push(&mut out, p, true);
                    prev = None;
                }
                op @ (Op::Keep | Op::Lower) => {
                    let raw = doc.tokens.raw(doc.text, i);
                    let piece: Cow<str> = if *op == Op::Lower {
                        let mut c = raw.chars();
                        c.next()
                            .map(|f| f.to_lowercase().chain(c).collect())
                            .unwrap_or_default()
                    } else {
                        Cow::Borrowed(raw)
                    };
                    let spaced = match prev {
                        Some(p) if p + 1 == i => toks[p].byte_end < toks[i].byte_start,
                        _ => true,
                    };
                    push(&mut out, &piece, spaced);
                    prev = Some(i);
                }
            }
            if !self.after[i].is_empty() {
                out.push_str(&self.after[i]);
                prev = None;
            }
        }
        tidy(out)
    }
}

/// Marks, for each token, whether it lies in a condition: after "if", "unless" or
/// "whenever", up to the comma that ends a condition put first ("If Mum
/// needs support, she will …"), or to the end of its segment. After a verb,
/// "if" asks whether ("it can be seen if they are …") and opens none. One
/// pass, so a long cell stays linear.
fn conditions(doc: &Doc, out: &mut Vec<bool>) {
    let n = doc.tokens.len();
    out.clear();
    out.resize(n, false);
    for seg in &doc.grammar.segments {
        // Inside a condition, and whether a comma ends it.
        let mut open: Option<bool> = None;
        let end = seg.end.min(n);
        for (k, inside) in out.iter_mut().enumerate().take(end).skip(seg.first) {
            if open == Some(true) && doc.tokens.norm(k) == "," {
                open = None;
            }
            *inside = open.is_some();
            if doc.is(k, WordClass::Conditional) {
                let asks_whether = k > seg.first && {
                    let v = doc.grammar.tag(k - 1).info;
                    v.verb_forms.is_verb() && !v.is_noun()
                };
                if !asks_whether {
                    let fronted = k == seg.first || doc.grammar.tag(k - 1).shape == Some(Shape::Punct);
                    open = Some(fronted);
                }
            }
        }
    }
}

/// The slot for the good wanted in place of a `worry` (the statement's
/// words), quoting it when there is one.
fn instead_of(worry: &str) -> String {
    if worry.is_empty() {
        INSTEAD.to_string()
    } else {
        slot_of(INSTEAD_OF, worry)
    }
}

/// A slot `template` with its `{text}` the statement's `words`, less any
/// bracket that would break the slot. Written in one string (issue 17).
fn slot_of(template: &str, words: &str) -> String {
    let (open, close) = template
        .split_once("{text}")
        .expect("a slot template holds {text}");
    let mut out = String::with_capacity(template.len() + words.len());
    out.push_str(open);
    out.extend(words.chars().filter(|c| !matches!(c, '[' | ']')));
    out.push_str(close);
    out
}

/// Spaces and commas left over where words were dropped.
fn tidy(mut out: String) -> String {
    // Trimmed in place, not copied (issue 17).
    out.truncate(out.trim_end().len());
    let kept = out.trim_start().trim_start_matches([',', ';', ':', ' ']).len();
    out.drain(..out.len() - kept);
    for (from, to) in [
        ("  ", " "),
        (" ,", ","),
        (",,", ","),
        (" .", "."),
        (", .", "."),
        (",.", "."),
    ] {
        while out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out
}

/// A sentence starts with a capital (a template change, never a new name:
/// only the first letter of a word already there).
fn sentence(mut s: String) -> String {
    if let Some(c) = s.chars().next().filter(|c| c.is_lowercase()) {
        s.replace_range(..c.len_utf8(), &c.to_uppercase().to_string());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_kinds_are_the_rewrite_lexicon_kinds_in_order() {
        use WordKind::*;
        let kinds = [
            Replace,
            Reword,
            Change,
            Comparative,
            Ongoing,
            Standing,
            Helping,
            Single,
            Account,
            Unfilled,
            Example,
            Once,
        ];
        let names: Vec<String> = kinds.iter().map(|k| format!("{k:?}").to_lowercase()).collect();
        assert_eq!(names, Category::Rewrite.kinds());
        assert!(kinds.iter().enumerate().all(|(i, k)| *k as usize == i));
    }

    #[test]
    fn slots_are_listed_once_in_order() {
        assert_eq!(
            slots_in("[who] to go [how often], [who]."),
            vec!["[who]", "[how often]"]
        );
    }
}
