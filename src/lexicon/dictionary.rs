//! The open-class dictionary: which words can be nouns, verbs, adjectives
//! and adverbs, in which forms, and how often each reading was seen.
//!
//! The lists under `lexicons/dictionary/` are derived once from WordNet 3.0
//! by `scripts/wordnet/derive.py` and embedded here; the grammar stage reads
//! them to tell a verb from a noun ("will support", "the support"), a common
//! word from a name ("Attendance will rise", "Tomas will read"), and a
//! person ("the student", "a qualified occupational therapist") from a thing.
//! Plan-specific knowledge (roles, agencies, family) stays in the TOML
//! lexicons, which take precedence over these lists.

use hashbrown::HashMap;

/// What a noun names, as far as the grammar cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NounClass {
    /// Not a noun.
    #[default]
    None,
    /// Family and carers by relation (mother, grandparent, guardian).
    Kin,
    /// The people a plan is about (student, pupil, patient, resident, child).
    Subject,
    /// People by their work (officer, nurse, manager, practitioner).
    Work,
    /// Any other person (friend, neighbour, adult).
    Person,
    /// Groups and organisations (team, network, school, staff).
    Group,
    /// Acts, states, attributes, events, feelings, times: what is done or felt.
    Abstract,
    /// Things, places, substances, body parts.
    Concrete,
}

impl NounClass {
    /// A person of some kind.
    pub fn is_person(self) -> bool {
        matches!(
            self,
            NounClass::Kin | NounClass::Subject | NounClass::Work | NounClass::Person
        )
    }
    fn parse(s: &str) -> NounClass {
        match s {
            "person-kin" => NounClass::Kin,
            "person-subject" => NounClass::Subject,
            "person-work" => NounClass::Work,
            "person" => NounClass::Person,
            "group" => NounClass::Group,
            "act" | "attribute" | "cognition" | "communication" | "event" | "feeling" | "motive"
            | "phenomenon" | "process" | "relation" | "state" | "time" | "quantity" | "possession"
            | "Tops" => NounClass::Abstract,
            _ => NounClass::Concrete,
        }
    }
}

/// The WordNet file a verb's commonest sense sits in: roughly what kind of
/// doing it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VerbClass {
    /// Not a verb, or a sense the grammar does not sort.
    #[default]
    None,
    /// Bodily acts ("sleep", "breathe").
    Body,
    /// Changes of state or amount ("improve", "reduce", "stay").
    Change,
    /// Thinking and knowing ("understand", "learn", "decide").
    Cognition,
    /// Saying and telling ("tell", "discuss", "report").
    Communication,
    /// Contests and fights ("fight", "win", "compete").
    Competition,
    /// Taking in and using ("drink", "eat", "use").
    Consumption,
    /// Touching and handling ("hit", "kick", "wash").
    Contact,
    /// Making ("write", "build", "paint").
    Creation,
    /// Feeling ("worry", "enjoy", "fear").
    Emotion,
    /// Moving ("go", "walk", "meet").
    Motion,
    /// Sensing ("see", "hear", "notice").
    Perception,
    /// Having and giving ("have", "get", "pay").
    Possession,
    /// Dealing with others ("engage", "visit", "participate").
    Social,
    /// Being, lasting and containing ("be", "attend", "contain").
    Stative,
    /// Weather ("rain", "snow").
    Weather,
}

impl VerbClass {
    fn parse(s: &str) -> VerbClass {
        match s {
            "body" => VerbClass::Body,
            "change" => VerbClass::Change,
            "cognition" => VerbClass::Cognition,
            "communication" => VerbClass::Communication,
            "competition" => VerbClass::Competition,
            "consumption" => VerbClass::Consumption,
            "contact" => VerbClass::Contact,
            "creation" => VerbClass::Creation,
            "emotion" => VerbClass::Emotion,
            "motion" => VerbClass::Motion,
            "perception" => VerbClass::Perception,
            "possession" => VerbClass::Possession,
            "social" => VerbClass::Social,
            "stative" => VerbClass::Stative,
            "weather" => VerbClass::Weather,
            _ => VerbClass::None,
        }
    }
}

/// The forms a verb token can be (a bit each; "put" is all of base, past
/// and participle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VerbForms(pub u8);

impl VerbForms {
    /// The base form ("attend").
    pub const BASE: u8 = 1;
    /// The third person singular ("attends").
    pub const THIRD: u8 = 2;
    /// The past tense ("attended").
    pub const PAST: u8 = 4;
    /// The past participle ("attended", "gone").
    pub const PARTICIPLE: u8 = 8;
    /// The -ing form ("attending").
    pub const ING: u8 = 16;
    /// Whether the form can be `f` (one of the constants above).
    pub fn has(self, f: u8) -> bool {
        self.0 & f != 0
    }
    /// Whether the form can be a verb at all.
    pub fn is_verb(self) -> bool {
        self.0 != 0
    }
}

/// Everything the dictionary knows of one written form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordInfo {
    /// What the noun reading names, if the word can be a noun.
    pub noun: NounClass,
    /// How often the noun reading was seen (0 when rare or never).
    pub noun_count: u16,
    /// The form is a noun's plural ("students").
    pub plural: bool,
    /// Only ever a proper name in WordNet (a place, a person).
    pub proper: bool,
    /// What kind of doing the verb's commonest sense is.
    pub verb: VerbClass,
    /// Which verb forms the written form can be.
    pub verb_forms: VerbForms,
    /// How often the verb reading was seen (0 when rare or never).
    pub verb_count: u16,
    /// The form can be an adjective.
    pub adjective: bool,
    /// How often the adjective reading was seen (0 when rare or never).
    pub adjective_count: u16,
    /// The form can be an adverb.
    pub adverb: bool,
}

impl WordInfo {
    /// Known to the dictionary in any part of speech.
    pub fn is_known(&self) -> bool {
        self.noun != NounClass::None || self.verb_forms.is_verb() || self.adjective || self.adverb
    }
    /// Known to the dictionary as a noun.
    pub fn is_noun(&self) -> bool {
        self.noun != NounClass::None
    }
    /// A describing word: an adjective read at least as often as a noun
    /// ("independent", "anxious"), or an adverb that is no noun ("often",
    /// "loudly"), as after "more" or "less".
    pub fn describes(&self) -> bool {
        (self.adjective && self.adjective_count >= self.noun_count) || (self.adverb && !self.is_noun())
    }
}

/// The embedded lists, keyed by lower-case form.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    words: HashMap<&'static str, WordInfo>,
}

const VERBS: &str = include_str!("../../lexicons/dictionary/verbs.tsv");
const NOUNS: &str = include_str!("../../lexicons/dictionary/nouns.tsv");
const ADJECTIVES: &str = include_str!("../../lexicons/dictionary/adjectives.tsv");
const ADVERBS: &str = include_str!("../../lexicons/dictionary/adverbs.tsv");

fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

fn count(s: Option<&&str>) -> u16 {
    s.and_then(|c| c.parse::<u32>().ok())
        .map_or(0, |c| c.min(u16::MAX as u32) as u16)
}

impl Dictionary {
    /// The built-in lists.
    pub fn builtin() -> Dictionary {
        let mut words: HashMap<&'static str, WordInfo> = HashMap::with_capacity(160_000);
        for r in rows(NOUNS) {
            let (class, n) = (NounClass::parse(r.get(1).copied().unwrap_or("")), count(r.get(2)));
            let proper = r.get(3).is_some_and(|p| *p == "proper");
            let e = words.entry(r[0]).or_default();
            (e.noun, e.noun_count, e.proper) = (class, n, proper);
            if let Some(pl) = r.get(4).filter(|p| !p.is_empty() && **p != r[0]) {
                let e = words.entry(*pl).or_default();
                if e.noun == NounClass::None {
                    (e.noun, e.noun_count, e.plural, e.proper) = (class, n, true, proper);
                }
            }
        }
        for r in rows(VERBS) {
            let (class, n) = (VerbClass::parse(r.get(1).copied().unwrap_or("")), count(r.get(2)));
            let forms: Vec<&'static str> = r.get(3).map_or(Vec::new(), |f| f.split(' ').collect());
            let mut put = |form: &'static str, bit: u8| {
                let e = words.entry(form).or_default();
                e.verb_forms.0 |= bit;
                if e.verb == VerbClass::None || bit == VerbForms::BASE {
                    (e.verb, e.verb_count) = (class, n);
                }
            };
            put(r[0], VerbForms::BASE);
            for (form, bit) in forms.into_iter().zip([
                VerbForms::THIRD,
                VerbForms::PAST,
                VerbForms::PARTICIPLE,
                VerbForms::ING,
            ]) {
                put(form, bit);
            }
        }
        for r in rows(ADJECTIVES) {
            let e = words.entry(r[0]).or_default();
            e.adjective = true;
            e.adjective_count = count(r.get(1));
        }
        for r in rows(ADVERBS) {
            words.entry(r[0]).or_default().adverb = true;
        }
        Dictionary { words }
    }

    /// What the dictionary knows of a lower-case form.
    pub fn get(&self, norm: &str) -> WordInfo {
        self.words.get(norm).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_classes_and_counts_read_as_written() {
        let d = Dictionary::builtin();
        let w = d.get("attended");
        assert!(w.verb_forms.has(VerbForms::PAST) && w.verb_forms.has(VerbForms::PARTICIPLE));
        assert!(d.get("went").verb_forms.has(VerbForms::PAST));
        assert!(d.get("written").verb_forms.has(VerbForms::PARTICIPLE));
        assert!(d.get("improves").verb_forms.has(VerbForms::THIRD));
        assert_eq!(d.get("improve").verb, VerbClass::Change);
        assert_eq!(d.get("students").noun, NounClass::Subject);
        assert!(d.get("students").plural);
        assert_eq!(d.get("children").noun, NounClass::Subject);
        assert_eq!(d.get("grandparent").noun, NounClass::Kin);
        assert_eq!(d.get("officer").noun, NounClass::Work);
        assert_eq!(d.get("network").noun, NounClass::Group);
        assert_eq!(d.get("attendance").noun, NounClass::Abstract);
        let support = d.get("support");
        assert!(support.is_noun() && support.verb_forms.has(VerbForms::BASE));
        assert!(d.get("qualified").adjective);
        assert!(!d.get("tomas").is_known());
    }
}
