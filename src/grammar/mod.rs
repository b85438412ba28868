//! The grammar stage: computed once a statement, read by every detector and
//! the classifier. It finds
//!
//! - **segments**: sentences, bullet lines and ` / `-separated parts, each
//!   with its heading ("Goal:", "Safety goal:") set apart;
//! - **clauses**: each verb group (a modal and its verb, "X to" + verb, a
//!   finite verb) with its subject noun phrase, found by reading back from
//!   the verb over words that can make a noun phrase, so fronted phrases
//!   ("By February,", "Given a picture prompt,", "When …,") and asides
//!   (", with Grace's help,") fall away;
//! - **fragments**: a segment with no clause is a bare verb phrase ("Find a
//!   job"), a to-infinitive ("To improve my reading"), or a noun phrase
//!   ("Access to speech therapy", "Poor school attendance").
//!
//! Its knowledge is data: closed-class words from `lexicons/words.toml`,
//! open-class words from the WordNet-derived `lexicons/dictionary/`. It says
//! nothing about parties, kinds or time: the detectors and the classifier
//! decide those from its phrases.

mod read;
mod types;
mod verb;

pub use types::{Clause, Fragment, Input, Modality, Phrase, Segment, Tag, VerbGroup};

use crate::lexicon::{WordClass, WordInfo};
use crate::text::Shape;
use read::Reader;

/// The grammar of one statement. Buffers are reused between statements.
#[derive(Debug, Default, Clone)]
pub struct Grammar {
    tags: Vec<Tag>,
    /// The statement's sentences, bullet lines and ` / ` parts, in order.
    pub segments: Vec<Segment>,
    /// Each verb group with its subject, in text order.
    pub clauses: Vec<Clause>,
    /// Per segment while parsing: whether it has a main clause.
    with_main: Vec<bool>,
    /// Per segment while parsing: where its first subordinate clause opens.
    first_subordinate: Vec<Option<usize>>,
}

impl Grammar {
    /// What the grammar knows of token `i` (nothing past the end).
    pub fn tag(&self, i: usize) -> Tag {
        self.tags.get(i).copied().unwrap_or_default()
    }

    /// The clauses whose subject or verb lies in segment `s`.
    pub fn clauses_in(&self, s: usize) -> impl Iterator<Item = &Clause> + '_ {
        // Clauses come in segment order: start at this segment's first.
        let from = self.clauses.partition_point(|c| c.segment < s);
        self.clauses[from..].iter().take_while(move |c| c.segment == s)
    }

    /// The first main (not subordinate) clause, if any: what the statement
    /// as a whole commits to.
    pub fn main_clause(&self) -> Option<&Clause> {
        self.clauses.iter().find(|c| !c.subordinate)
    }

    /// How the grammar read a statement, one line a clause (`subject |
    /// modality | main verb | flags`) then one a fragment or heading: what
    /// the grammar tests compare, and what `cargo run --example grammar`
    /// prints for a developer tracing a misreading.
    pub fn outline(&self, text: &str, tokens: &crate::text::Tokens) -> Vec<String> {
        let toks = tokens.as_slice();
        let words = |a: usize, b: usize| {
            if a < b && b <= toks.len() {
                text[toks[a].byte_start..toks[b - 1].byte_end].to_string()
            } else {
                String::new()
            }
        };
        let mut out: Vec<String> = self
            .clauses
            .iter()
            .map(|c| {
                let v = c.verb;
                let mut flags = String::new();
                for (on, f) in [
                    (v.negated, "neg"),
                    (v.passive, "passive"),
                    (v.perfect, "perfect"),
                    (v.progressive, "ing"),
                    (v.copula, "copula"),
                    (c.subordinate, "sub"),
                ] {
                    if on {
                        flags.push(' ');
                        flags.push_str(f);
                    }
                }
                format!(
                    "{} | {:?} | {}{}",
                    c.subject.map_or(String::new(), |s| words(s.first, s.end)),
                    v.modality,
                    tokens.norm(v.main),
                    flags
                )
            })
            .collect();
        for s in &self.segments {
            match s.fragment {
                Fragment::BareVerb(v) => out.push(format!("bare {}", tokens.norm(v))),
                Fragment::ToInfinitive(v) => out.push(format!("to {}", tokens.norm(v))),
                Fragment::NounPhrase(h) => out.push(format!("np {}", tokens.norm(h))),
                Fragment::None => {}
            }
            if let Some((a, b)) = s.heading {
                out.push(format!("heading {}", words(a, b)));
            }
        }
        out
    }

    /// Parses one statement.
    pub fn parse(&mut self, input: &Input) {
        self.tags.clear();
        self.segments.clear();
        self.clauses.clear();
        let n = input.tokens.len();
        for i in 0..n {
            let t = input.tokens.as_slice()[i];
            let raw = input.tokens.raw(input.text, i);
            let info = if t.shape == Shape::Word {
                input.dictionary.get(input.tokens.norm(i))
            } else {
                WordInfo::default()
            };
            self.tags.push(Tag {
                info,
                classes: input.classes.get(i).copied().unwrap_or_default(),
                cap: raw.chars().next().is_some_and(char::is_uppercase),
                shape: Some(t.shape),
            });
        }
        let r = Reader {
            tags: &self.tags,
            input,
            has_quotes: input.text.contains(['“', '”', '"', '‘', '’']),
        };
        r.segments_into(&mut self.segments);
        for (si, seg) in self.segments.iter().enumerate() {
            r.clauses(si, seg, &mut self.clauses);
        }
        // Clauses come in segment order, so one walk says which segments
        // have a main one, and where the first subordinate one opens.
        let (with_main, first_subordinate) = (&mut self.with_main, &mut self.first_subordinate);
        with_main.clear();
        with_main.resize(self.segments.len(), false);
        first_subordinate.clear();
        first_subordinate.resize(self.segments.len(), None);
        for c in &self.clauses {
            if c.subordinate {
                let opens = c.subject.map_or(c.verb.first, |s| s.first);
                first_subordinate[c.segment].get_or_insert(opens);
            } else {
                with_main[c.segment] = true;
            }
        }
        // A segment with no main clause is a fragment up to the word that
        // joins its first subordinate clause ("No alcohol being drunk
        // around the children while she is at home").
        for (si, seg) in self.segments.iter_mut().enumerate() {
            seg.fragment = match (with_main[si], first_subordinate[si]) {
                (true, _) => Fragment::None,
                (false, None) => r.fragment(seg),
                // Only after a joining word: a clause that opens without
                // one ("The most important thing I can do …") belongs
                // inside the phrase before it.
                (false, Some(opens)) if opens > seg.first + 1 && r.is(opens - 1, WordClass::Conjunction) => r
                    .fragment(&Segment {
                        end: opens - 1,
                        ..*seg
                    }),
                (false, Some(_)) => Fragment::None,
            };
        }
    }
}

#[cfg(test)]
mod tests;
