//! What the plan checks read from one statement, beyond its analysis: words
//! of the plan lexicon (strengths, the family's network, keeping the change
//! going, scaling), the services and professionals it names or that do it,
//! whether a concern says what it means for the child, and the names it uses.
//!
//! Read once per distinct statement, beside its analysis and on the same
//! threads, and cached with it; the plan checks then only add up a few flags
//! per row. Nothing here changes a statement's analysis: the plan words have
//! a matcher of their own.

use crate::lexicon::{Category, Hit, Lexicons, MatchScratch, Matcher};
use crate::pipeline::Analyser;
use crate::record::Analysis;
use crate::stage::{Context, Doc, Reference};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Words that show the child's own view was recorded in a statement.
const CHILD_VIEW_CUES: &[&str] = &[
    "wishes and feelings",
    "child's view",
    "views of",
    "has said",
    "said that",
    "told",
    "wants to",
    "would like to",
    "voice of the child",
];

/// One 0–10 scaling score and who gave it, if the statement says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    /// Who gave the score ("Mum", "SW"), when the statement says.
    pub who: Option<Box<str>>,
    /// The score in tenths (3.5 is 35), 0–100.
    pub tenths: u8,
}

impl Score {
    /// The score as written in messages: "3", "3.5".
    pub fn shown(&self) -> String {
        if self.tenths.is_multiple_of(10) {
            (self.tenths / 10).to_string()
        } else {
            format!("{}.{}", self.tenths / 10, self.tenths % 10)
        }
    }
}

/// What the plan checks read from one statement (and its "responsible" cell).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Wording that records the child's own view.
    pub child_view: bool,
    /// Wording that says what a worry means for the child (the "impact"
    /// cues statement scoring reads for a concern).
    pub impact: bool,
    /// Wording that records a strength ("what is working well").
    pub strength: bool,
    /// The family's own network (relatives, friends, the safety network).
    pub network: bool,
    /// How the change will be kept up once professionals step back.
    pub sustain: bool,
    /// Scaling scores the statement gives, when it says they are scaling.
    pub scores: Vec<Score>,
    /// Parties (services and professionals) the statement names, by the
    /// plan lexicon's party name.
    pub named: Vec<Box<str>>,
    /// Parties among those who are to do it, and in the "responsible" cell.
    pub doers: Vec<Box<str>>,
    /// Hashes of its capitalised words, to tell which children it names.
    pub names: Vec<u32>,
}

/// Reads [`Facts`]; built once a run from the analyser's lexicons.
pub struct Reader {
    matcher: Matcher,
    /// Role or service words (lower case) → the party they belong to; an
    /// empty name for words that name no party.
    parties: HashMap<String, String>,
    /// The role and agency lexicons' terms, lower case: a party is named
    /// only by one of them (or its plural), not by a word that merely shares
    /// a stem ("house" is not "housing").
    terms: HashSet<String>,
    /// This reader's number (from 1), for what threads remember of it.
    id: u64,
}

thread_local! {
    static SCRATCH: RefCell<(MatchScratch, Vec<Hit>)> = RefCell::new(Default::default());
    /// What each statement's words say, and the parties each "responsible"
    /// cell names: exports repeat statements with many different cells and
    /// dates, and a few dozen cells ("Mum", "SW") across every statement.
    static TEXTS: RefCell<Remembered<Words>> = RefCell::new(Remembered::default());
    static CELLS: RefCell<Remembered<Vec<Box<str>>>> = RefCell::new(Remembered::default());
}

/// Statements or cells remembered per thread, at most.
const REMEMBERED: usize = 4096;

/// Values remembered by text for one reader at a time (another run's
/// lexicons may read the same words otherwise).
struct Remembered<V> {
    reader: u64,
    by_text: HashMap<String, Rc<V>>,
}

impl<V> Default for Remembered<V> {
    fn default() -> Self {
        Remembered {
            reader: 0,
            by_text: HashMap::new(),
        }
    }
}

/// The value remembered for `text` in `cache` for reader `id`, else `make`'s (then remembered).
fn remembered<V>(
    cache: &'static std::thread::LocalKey<RefCell<Remembered<V>>>,
    id: u64,
    text: &str,
    make: impl FnOnce() -> V,
) -> Rc<V> {
    let known = cache.with(|c| {
        let c = c.borrow();
        (c.reader == id).then(|| c.by_text.get(text).cloned()).flatten()
    });
    if let Some(v) = known {
        return v;
    }
    let v = Rc::new(make());
    cache.with(|c| {
        let c = &mut *c.borrow_mut();
        if c.reader != id || c.by_text.len() >= REMEMBERED {
            c.reader = id;
            c.by_text.clear();
        }
        c.by_text.insert(text.to_string(), v.clone());
    });
    v
}

/// What a statement's words alone say: its facts but the doers, and where
/// each party it names stands (characters), to tell the doers once its
/// analysis is known.
#[derive(Default)]
struct Words {
    facts: Facts,
    parties: Vec<(Box<str>, usize, usize)>,
}

/// Names kept per statement, at most.
const MAX_NAMES: usize = 16;
/// Scores kept per statement, at most.
const MAX_SCORES: usize = 6;

impl Reader {
    /// A reader with the plan lexicon's words (parties, sections) and the role and
    /// agency terms of `lex`, built once per audit.
    pub fn new(lex: &Lexicons) -> Reader {
        let mut parties = HashMap::new();
        for e in lex.entries().iter().filter(|e| e.category() == Category::Plan) {
            let name = match e.kind.as_deref() {
                Some("party") => e.display().to_string(),
                Some("not-a-party") => String::new(),
                _ => continue,
            };
            for t in &e.terms {
                parties.insert(t.trim().to_lowercase(), name.clone());
            }
        }
        let terms = lex
            .entries()
            .iter()
            .filter(|e| matches!(e.category(), Category::Role | Category::Agency))
            .flat_map(|e| e.terms.iter().map(|t| t.trim().to_lowercase()))
            .collect();
        static READERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Reader {
            matcher: Matcher::of(lex, |c| c == Category::Plan),
            parties,
            terms,
            id: READERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The party role or service words belong to: their group in the plan
    /// lexicon, else the words themselves (singular); `None` for words that
    /// name no party or are no role or service term.
    pub fn party(&self, words: &str) -> Option<String> {
        let lower = words.trim().to_lowercase();
        let singular = lower.strip_suffix('s').unwrap_or(&lower);
        let key = [lower.as_str(), singular]
            .into_iter()
            .find(|k| self.terms.contains(*k) || self.parties.contains_key(*k))?;
        match self.parties.get(key) {
            Some(name) if name.is_empty() => None,
            Some(name) => Some(name.clone()),
            None => Some(key.to_string()),
        }
    }

    /// The facts of a statement with its analysis and its "responsible" cell.
    pub fn read(&self, analyser: &Analyser, text: &str, owner_cell: Option<&str>, a: &Analysis) -> Facts {
        let words = remembered(&TEXTS, self.id, text, || self.words(analyser, text));
        let mut f = words.facts.clone();
        // The record's owners are the doers (scoring keeps only them).
        for (party, start, end) in &words.parties {
            if a.owners.iter().any(|o| o.start <= *start && *end <= o.end) {
                push_unique(&mut f.doers, party);
            }
        }
        if let Some(cell) = owner_cell.map(str::trim).filter(|c| !c.is_empty()) {
            let parties = remembered(&CELLS, self.id, cell, || self.cell_parties(analyser, cell));
            for party in parties.iter() {
                push_unique(&mut f.doers, party);
            }
        }
        f
    }

    /// What a statement's words say, before its analysis is known.
    fn words(&self, analyser: &Analyser, text: &str) -> Words {
        let ctx = Context::new(Reference::today(chrono::NaiveDate::MIN));
        let mut w = Words::default();
        let f = &mut w.facts;
        let lower = text.to_lowercase();
        f.child_view = CHILD_VIEW_CUES.iter().any(|c| lower.contains(c));
        analyser.with_doc(text, &ctx, |doc| {
            f.impact = doc
                .hits_of(Category::KindCue)
                .any(|h| doc.lex.entry(h.entry).kind.as_deref() == Some("impact"));
            for h in doc
                .hits
                .iter()
                .filter(|h| matches!(h.category, Category::Role | Category::Agency))
            {
                let span = doc.span(h.first, h.end);
                if let Some(party) = self.party(span.text(text)) {
                    push_unique(&mut f.named, &party);
                    w.parties.push((party.into(), span.start, span.end));
                }
            }
            SCRATCH.with(|s| {
                let (scratch, hits) = &mut *s.borrow_mut();
                self.matcher.find(text, doc.tokens, scratch, hits);
                let mut scaling = false;
                for h in hits.iter() {
                    let negated = negated(doc, h.first);
                    match doc.lex.entry(h.entry).kind.as_deref() {
                        Some("strength") if !negated && !sdq(doc, h.end) => f.strength = true,
                        Some("network") if !negated => f.network = true,
                        Some("sustain") if !negated => f.sustain = true,
                        Some("scaling") => scaling = true,
                        _ => {}
                    }
                }
                if scaling {
                    f.scores = read_scores(text);
                }
            });
            for i in 0..doc.tokens.len() {
                let raw = doc.tokens.raw(text, i);
                if f.names.len() < MAX_NAMES
                    && raw.chars().count() > 1
                    && raw.chars().next().is_some_and(char::is_uppercase)
                    && raw.chars().all(char::is_alphabetic)
                {
                    let h = name_hash(raw);
                    if !f.names.contains(&h) {
                        f.names.push(h);
                    }
                }
            }
        });
        w
    }

    /// The parties a "responsible" cell names.
    fn cell_parties(&self, analyser: &Analyser, cell: &str) -> Vec<Box<str>> {
        let ctx = Context::new(Reference::today(chrono::NaiveDate::MIN));
        analyser.with_doc(cell, &ctx, |doc| {
            let mut parties = Vec::new();
            for h in doc
                .hits
                .iter()
                .filter(|h| matches!(h.category, Category::Role | Category::Agency))
            {
                if let Some(party) = self.party(doc.span(h.first, h.end).text(cell)) {
                    push_unique(&mut parties, &party);
                }
            }
            parties
        })
    }
}

fn push_unique(v: &mut Vec<Box<str>>, s: &str) {
    if !v.iter().any(|x| &**x == s) {
        v.push(s.into());
    }
}

/// Whether a negation ("not", "no", "never") stands just before token `i`:
/// "Ava is not doing well" records no strength.
fn negated(doc: &Doc, i: usize) -> bool {
    doc.hits_of(Category::Negation)
        .any(|n| n.end <= i && i <= n.end + 1)
}

/// "Strengths and Difficulties Questionnaire" is a measure, not a strength.
fn sdq(doc: &Doc, end: usize) -> bool {
    end + 1 < doc.tokens.len() && doc.tokens.norm(end) == "and" && doc.tokens.norm(end + 1) == "difficulties"
}

/// A deterministic hash of a name, lower case (FNV-1a): the same in every
/// run and on every thread, so plan state spilled to disk compares equal.
pub fn name_hash(name: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for c in name.chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            h ^= b as u32;
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

/// Words around a score that name nobody: "Scaling: SW 3", "scaled at 4".
const NOT_WHO: &[&str] = &[
    "scaling",
    "scaled",
    "scale",
    "safety",
    "score",
    "scores",
    "rating",
    "rated",
    "judgement",
    "question",
    "at",
    "as",
    "of",
    "is",
    "was",
    "by",
    "the",
    "on",
    "a",
    "it",
    "their",
    "her",
    "his",
    "gave",
    "give",
    "given",
    "overall",
    "current",
    "currently",
    "today",
    "now",
];
/// The words (lower case) that mark a scaling statement, as `read_scores` reads them.
const CUE_WORDS: &[&str] = &["scaling", "scaled", "scale", "score", "rating", "judgement"];

/// The 0–10 scores a scaling statement or cell gives, each with who gave it
/// when the words before it say: "Scaling: SW 3, Mum 6" is SW 3 and Mum 6;
/// "scaled at 4/10" is 4, by nobody named. A number counts when it ends its
/// part of the text or is written out of 10 ("4/10", "4 out of 10"), so
/// "review in 6 weeks" and "3/10/2025" are not scores.
pub fn read_scores(text: &str) -> Vec<Score> {
    let mut out = Vec::new();
    for part in split_parts(text) {
        if out.len() >= MAX_SCORES {
            break;
        }
        if let Some((at, tenths)) = score_in(part) {
            out.push(Score {
                who: who_of(&part[..at]),
                tenths,
            });
        }
    }
    out
}

/// Splits at commas, semicolons, line breaks, " and ", " & ", "|" and the
/// end of a sentence.
fn split_parts(text: &str) -> Vec<&str> {
    let mut parts = vec![text];
    for sep in [",", ";", "\n", " and ", " & ", "|", ". "] {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
}

/// The first score in a part: where its number starts, and its value in tenths.
fn score_in(part: &str) -> Option<(usize, u8)> {
    let b = part.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'/')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let whole: u32 = part[start..i].parse().unwrap_or(u32::MAX);
        let mut tenths = whole.saturating_mul(10);
        if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            tenths += (b[i + 1] - b'0') as u32;
            i += 2;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
        let rest = &part[i..];
        let out_of = out_of_ten(rest);
        let ends = rest
            .trim_matches(|c: char| c.is_whitespace() || ".)!".contains(c))
            .is_empty();
        let denominator = rest.trim_start().starts_with('/') || rest.trim_start().starts_with("out of");
        if tenths <= 100 && (out_of.is_some() || (ends && !denominator)) {
            return Some((start, tenths as u8));
        }
    }
    None
}

/// "/10" or " out of 10" at the start of `rest` (not "/10/2025"): the bytes it takes.
fn out_of_ten(rest: &str) -> Option<usize> {
    let t = rest.trim_start();
    let skipped = rest.len() - t.len();
    let after = t
        .strip_prefix("/10")
        .or_else(|| t.strip_prefix("out of 10"))
        .or_else(|| t.strip_prefix("out of ten"))?;
    if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '/') {
        return None;
    }
    Some(skipped + t.len() - after.len())
}

/// Who gave a score, from the words before it: those after the last scaling
/// word, else those before it ("Mum scaled 6"), without filler.
fn who_of(before: &str) -> Option<Box<str>> {
    let words: Vec<&str> = before
        .split(|c: char| c.is_whitespace() || ":=-–()".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let keep = |range: &[usize]| -> Vec<&str> {
        range
            .iter()
            .map(|&i| words[i])
            .filter(|w| !NOT_WHO.contains(&w.to_lowercase().as_str()))
            .collect()
    };
    let last_cue = lower.iter().rposition(|w| CUE_WORDS.contains(&w.as_str()));
    let after: Vec<usize> = (last_cue.map_or(0, |c| c + 1)..words.len()).collect();
    let mut who = keep(&after);
    if who.is_empty() {
        if let Some(c) = last_cue {
            who = keep(&(0..c).collect::<Vec<_>>());
        }
    }
    let who = who.join(" ");
    let who = who.trim_matches(|c: char| !c.is_alphanumeric());
    (!who.is_empty()).then(|| who.chars().take(24).collect::<String>().into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(text: &str) -> Vec<(Option<String>, String)> {
        read_scores(text)
            .into_iter()
            .map(|s| (s.who.as_deref().map(str::to_string), s.shown()))
            .collect()
    }

    #[test]
    fn scaling_scores_with_who_gave_them() {
        let who = |w: &str| Some(w.to_string());
        for (text, want) in [
            (
                "Scaling: SW 3, Mum 6",
                vec![(who("SW"), "3".into()), (who("Mum"), "6".into())],
            ),
            ("scaled at 4/10", vec![(None, "4".into())]),
            (
                "Mum scaled 6/10 and the social worker 3/10",
                vec![(who("Mum"), "6".into()), (who("social worker"), "3".into())],
            ),
            ("Safety scale 4.5", vec![(None, "4.5".into())]),
            (
                "Worker scaling 3; Dad 5 out of 10",
                vec![(who("Worker"), "3".into()), (who("Dad"), "5".into())],
            ),
            ("Scaling: SW 3, review in 6 weeks", vec![(who("SW"), "3".into())]),
        ] {
            assert_eq!(scores(text), want, "{text:?}");
        }
        for none in [
            "Scaled on 3/10/2025",
            "Scaling 12",
            "Mum attended 4 out of 5 sessions",
            "scaling to follow",
        ] {
            assert_eq!(scores(none), vec![], "{none:?}");
        }
    }
}
