//! The grammar's results: segments, clauses, phrases, verb groups. A leaf
//! module: the readers fill these in, the detectors read them.

use crate::lexicon::{Dictionary, WordClass, WordClasses, WordInfo};
use crate::text::{Shape, Tokens};

/// What the grammar reads: the tokens and each one's word classes.
pub struct Input<'a> {
    /// The statement.
    pub text: &'a str,
    /// Its tokens.
    pub tokens: &'a Tokens,
    /// Per token: the closed-class word classes it belongs to.
    pub classes: &'a [WordClasses],
    /// Parts of speech and verb forms of open-class words.
    pub dictionary: &'a Dictionary,
}

/// What the grammar knows of one token.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tag {
    /// What the dictionary says of the word.
    pub info: WordInfo,
    /// Its closed-class word classes ("will" is a modal).
    pub classes: WordClasses,
    /// Written with a capital first letter.
    pub cap: bool,
    /// Word, number or punctuation (`None` past the end).
    pub shape: Option<Shape>,
}

impl Tag {
    /// A word that negates what follows ("not", "never", "no"): the one
    /// reading of negation inside a verb group.
    pub fn negator(self) -> bool {
        self.classes.has(WordClass::Negator)
    }
    /// A negator before a verb ("not kick", "never hit"): not "no", a
    /// determiner, which negates a noun ("no contact").
    pub fn negates_verb(self) -> bool {
        self.negator() && !self.classes.has(WordClass::Determiner)
    }
    /// A past participle, by the dictionary or the irregular list
    /// ("registered", "seen"): after "be", a passive.
    pub fn participle(self) -> bool {
        self.info.verb_forms.has(crate::lexicon::VerbForms::PARTICIPLE)
            || self.classes.has(WordClass::Participle)
    }
}

/// A sentence, a bullet line or a ` / ` part, its heading set apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// The heading's tokens ("Safety goal"), without its colon.
    pub heading: Option<(usize, usize)>,
    /// The body: the tokens after the heading.
    pub first: usize,
    /// One past the body's last token.
    pub end: usize,
    /// How the body is built when it holds no clause.
    pub fragment: Fragment,
}

/// The shape of a segment with no subject and verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fragment {
    /// It holds a clause (or is empty).
    None,
    /// Opens with a verb: an instruction or an aim ("Find a job", "Improve
    /// mobility", "not kick other pupils"). The verb's token.
    BareVerb(usize),
    /// Opens with "to" and a verb ("To improve my reading age"). The verb.
    ToInfinitive(usize),
    /// A noun phrase ("Access to speech therapy"): its head token.
    NounPhrase(usize),
}

/// A noun phrase: its tokens, its head, and the owner of a possessive
/// ("Zoë's mum": head "mum", possessor "Zoë").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrase {
    /// The phrase's first token.
    pub first: usize,
    /// One past its last token.
    pub end: usize,
    /// The token it is about ("mum" in "Zoë's mum").
    pub head: usize,
    /// The possessive's tokens, when there is one ("Zoë" in "Zoë's mum").
    pub possessor: Option<(usize, usize)>,
    /// Where the phrase's own words end, before a place or group it is
    /// qualified by ("Key worker" in "Key worker at nursery").
    pub core_end: usize,
}

/// A verb group and its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clause {
    /// The segment it lies in (an index into [`Grammar::segments`](super::Grammar::segments)).
    pub segment: usize,
    /// Who or what does it, when the clause says.
    pub subject: Option<Phrase>,
    /// Its verb group.
    pub verb: VerbGroup,
    /// Inside a subordinate clause ("if …", "so that …", "who …", "that …").
    pub subordinate: bool,
}

/// What a verb group commits anyone to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modality {
    /// will, shall, is going to
    Will,
    /// "Mum to attend …"
    To,
    /// must, should, ought to, is to, has to, needs to
    Must,
    /// can, could, is able to
    Can,
    /// may, might: something possible, not promised
    May,
    /// would (without "like to"): a condition
    Would,
    /// wants to, would like to, hopes to, wishes to: a wish
    Wish,
    /// aims to, plans to, intends to, tries to
    Aim,
    /// agrees to, promises to, is expected to, is responsible for
    Promise,
    /// a present finite verb: how things are ("is", "reads", "agree")
    Present,
    /// a past finite verb: what happened ("was arrested", "told")
    Past,
}

impl Modality {
    /// A promise or a goal for the future, not a description of now.
    pub fn commits(self) -> bool {
        matches!(
            self,
            Modality::Will
                | Modality::To
                | Modality::Must
                | Modality::Can
                | Modality::Wish
                | Modality::Aim
                | Modality::Promise
        )
    }
}

/// A verb group: its tokens, its main verb, and how it is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerbGroup {
    /// The group's first token ("will" in "will not attend").
    pub first: usize,
    /// One past its last token.
    pub end: usize,
    /// The lexical verb ("attend" in "will not attend"); the form of "be" or
    /// "have" when that is all there is ("will be safe", "has a flat").
    pub main: usize,
    /// What it commits anyone to.
    pub modality: Modality,
    /// Holds "not", "never" or "no" ("will not attend").
    pub negated: bool,
    /// "be" + past participle: "will be registered", "is looked after".
    pub passive: bool,
    /// "have" + past participle: "has gone", "will have registered".
    pub perfect: bool,
    /// "be" + -ing: "is drinking".
    pub progressive: bool,
    /// The main verb is "be" with a complement: "will be safe".
    pub copula: bool,
}

impl VerbGroup {
    /// A group of one plain verb at `i` ("reads", "adapts").
    pub fn single_word(i: usize, modality: Modality) -> Self {
        VerbGroup {
            first: i,
            end: i + 1,
            main: i,
            modality,
            negated: false,
            passive: false,
            perfect: false,
            progressive: false,
            copula: false,
        }
    }
}
