//! Owners: who is responsible.
//!
//! The grammar stage gives each clause's subject; this detector says which
//! subjects are parties and of what kind:
//!
//! - a lexicon party (roles, agencies, family, collective parties) heading
//!   the subject — the lexicons win over everything else;
//! - a pronoun: "I" and "you" are the plan's subject (family), "we" is a
//!   group no one can be held to, "he"/"she"/"they" the person the plan is
//!   about;
//! - a placeholder for a name ("__", "(name)", "NAME", "X", “Student”);
//! - a title and surname ("Ms Smith");
//! - a person noun from the dictionary: kin and carers are family, the
//!   people a plan is about ("the student", "the patient") are family too,
//!   people by their work ("a qualified occupational therapist", "the
//!   allocated worker") are roles, a generic adult is collective;
//! - a name: a capitalised word the dictionary does not know, or one it
//!   knows as a common noun standing alone as the subject of an active verb
//!   that only a person does ("Ruby will show …").
//!
//! A subject is the *doer* unless its verb is an agentless passive
//! ("Ibrahim will be registered"); a negated passive reads as a safety
//! outcome for the person ("Lily will not be left alone"). When no clause
//! has a party as its doer, the agent after "by", "from", "with" or
//! "between" is ("supervised by a contact worker", "Sessions with the school
//! counsellor"). Parties mentioned anywhere else are kept as mentions.
//!
//! "X's Y" is Y when Y is a party ("Zoë's mum" is the mother); otherwise
//! it is the person X whose Y changes ("Kian's attendance to reach 90%").

use crate::grammar::{Clause, Modality, Phrase};
use crate::lexicon::{Category, NounClass, VerbClass, VerbForms, WordClass, WordTag};
use crate::record::OwnerKind;
use crate::stage::{Detector, Doc, Draft, FoundOwner};
use crate::text::Shape;
use std::cell::Cell;

/// The detector of responsible parties.
pub struct Owners;

fn norm<'a>(doc: &'a Doc, i: usize) -> &'a str {
    doc.norm_or_empty(i)
}

fn is_word(doc: &Doc, i: usize) -> bool {
    doc.tokens.get(i).is_some_and(|t| t.shape == Shape::Word)
}

fn capitalised(doc: &Doc, i: usize) -> bool {
    is_word(doc, i) && doc.grammar.tag(i).cap
}

fn party_kind(c: Category) -> Option<OwnerKind> {
    Some(match c {
        Category::Role => OwnerKind::Role,
        Category::Agency => OwnerKind::Agency,
        Category::Family => OwnerKind::Family,
        Category::Collective => OwnerKind::Collective,
        _ => return None,
    })
}

/// A lexicon party within `first..end` that reaches its last word: the party
/// a phrase names ("the school's DSL" is the DSL).
fn lexicon_party(doc: &Doc, first: usize, end: usize) -> Option<(usize, OwnerKind)> {
    let mut best: Option<(usize, usize, OwnerKind)> = None;
    for i in first..end {
        for h in doc.hits_at(i) {
            if let Some(k) = party_kind(h.category) {
                if h.end <= end && best.is_none_or(|(_, e, _)| h.end > e) {
                    best = Some((h.first, h.end, k));
                }
            }
        }
    }
    best.filter(|&(_, e, _)| e == end || (e < end && !(e..end).any(|k| is_noun_word(doc, k))))
        .map(|(f, _, k)| (f, k))
}

/// A word that could head a noun phrase (so a party before it does not end
/// the phrase: "the school nurse" is not "the school").
fn is_noun_word(doc: &Doc, i: usize) -> bool {
    let t = doc.grammar.tag(i);
    is_word(doc, i) && (t.info.is_noun() || t.cap)
}

/// "__", "(name)", "[name]", "NAME", "XXX", "X", “Student”: a name left to fill in.
pub(crate) fn placeholder(doc: &Doc, first: usize, end: usize) -> bool {
    // The first word, and whether there is another: no list is needed (issue 17).
    let mut words = (first..end).filter(|&k| is_word(doc, k));
    let (one, more) = (words.next(), words.next().is_some());
    let underscores = (first..end).any(|k| norm(doc, k) == "_");
    if underscores && !more {
        return true;
    }
    match (one, more) {
        (Some(k), false) => {
            let raw = doc.tokens.raw(doc.text, k);
            let bracketed =
                k > first && matches!(norm(doc, k - 1), "(" | "[") && doc.is(k, WordClass::PlaceholderWord);
            let quoted = k > first && matches!(norm(doc, k - 1), "“" | "\"" | "‘");
            let caps = raw.len() >= 2
                && raw.chars().all(|c| c.is_ascii_uppercase())
                && doc.is(k, WordClass::PlaceholderWord);
            let letter = raw.chars().count() == 1
                && raw.chars().all(|c| c.is_uppercase())
                && !doc.classes(k).any(&[WordClass::Determiner, WordClass::Speaker]);
            bracketed || quoted && capitalised(doc, k) || caps || letter
        }
        _ => false,
    }
}

/// A title and surname: "Ms Smith", "Dr. Khan", "Mr & Mrs O'Neill".
fn titled(doc: &Doc, first: usize, end: usize) -> bool {
    (first..end).any(|k| {
        doc.is(k, WordClass::Title)
            && capitalised(doc, k)
            && (k + 1..end).any(|j| capitalised(doc, j) && !doc.is(j, WordClass::Title))
    })
}

/// What kind of party the words `first..end` (one part of a subject) name.
fn party_of(doc: &Doc, first: usize, end: usize, head: usize, clause: Option<&Clause>) -> Option<OwnerKind> {
    // The words before a bracket name the party; the bracket says their role.
    let bracket = (first..end).find(|&k| matches!(norm(doc, k), "(" | "[") && k > first);
    let core_end = bracket.unwrap_or(end);
    if placeholder(doc, first, end) {
        return Some(OwnerKind::Named);
    }
    if titled(doc, first, core_end) {
        return Some(OwnerKind::Named);
    }
    // A name with a role or relation in brackets: "Daisy (FSW)", "Jan
    // (maternal grandmother)", "Grace (Daniel's cousin)".
    if bracket.is_some_and(|b| role_bracket(doc, b, end)) && capitalised_words(doc, first, core_end) {
        return Some(OwnerKind::Named);
    }
    if let Some((_, k)) = lexicon_party(doc, first, core_end) {
        return Some(k);
    }
    let t = doc.grammar.tag(head);
    let c = t.classes;
    if c.any(&[WordClass::Speaker, WordClass::Addressee]) {
        return Some(OwnerKind::Family);
    }
    if c.has(WordClass::We) {
        return Some(OwnerKind::Collective);
    }
    if c.has(WordClass::ThirdPerson) {
        return (!doc.is(head, WordClass::DummySubject)).then_some(OwnerKind::Family);
    }
    if c.has(WordClass::Indefinite) {
        return doc
            .is(head, WordClass::IndefinitePerson)
            .then_some(OwnerKind::Collective);
    }
    if name_like(doc, first, core_end, clause) {
        return Some(OwnerKind::Named);
    }
    // A rare person noun written with a capital and no determiner is a
    // name ("Tom to attend", "Jack will"): "Student will …" is common enough
    // to be the noun.
    let bare = !(first..head).any(|k| {
        doc.classes(k)
            .any(&[WordClass::Determiner, WordClass::Possessive])
    });
    if bare && capitalised(doc, head) && t.info.noun.is_person() && t.info.noun_count < 3 && !t.info.plural {
        return Some(OwnerKind::Named);
    }
    let generic = doc.is(head, WordClass::GenericPerson);
    let indefinite = doc.is(first, WordClass::IndefiniteArticle);
    match t.info.noun {
        NounClass::Kin | NounClass::Subject => Some(OwnerKind::Family),
        _ if generic => Some(OwnerKind::Collective),
        NounClass::Work | NounClass::Person if indefinite && !(first + 1..head).any(|k| is_word(doc, k)) => {
            // "a worker", "someone" with no more said: nobody in particular.
            Some(OwnerKind::Collective)
        }
        NounClass::Work | NounClass::Person => Some(OwnerKind::Role),
        NounClass::Group if t.info.plural || doc.is(first, WordClass::Universal) => {
            Some(OwnerKind::Collective)
        }
        NounClass::Group if capitalised(doc, head) || doc.is(first, WordClass::DefiniteArticle) => {
            Some(OwnerKind::Agency)
        }
        _ => None,
    }
}

/// Every word of `first..end` capitalised and none a closed-class word: a
/// name as written ("Daisy", "May", "Grace").
fn capitalised_words(doc: &Doc, first: usize, end: usize) -> bool {
    let words: Vec<usize> = (first..end).filter(|&k| is_word(doc, k)).collect();
    !words.is_empty()
        && words.len() <= 3
        && words.iter().all(|&k| {
            capitalised(doc, k)
                && !doc.classes(k).any(&[
                    WordClass::Determiner,
                    WordClass::Possessive,
                    WordClass::NotAName,
                    WordClass::PlanNoun,
                    WordClass::Preposition,
                ])
        })
}

/// A bracket from `open` holding a role or relation: "(FSW)", "(maternal
/// grandmother)", "(Daniel's cousin)", "(contact worker)" — not "(aged 7)".
fn role_bracket(doc: &Doc, open: usize, end: usize) -> bool {
    let close = (open + 1..end)
        .find(|&k| matches!(norm(doc, k), ")" | "]"))
        .unwrap_or(end);
    // "___(name)": a bracket that says a blank is for a name is part of it.
    let names_blank = close == open + 2 && doc.is(open + 1, WordClass::PlaceholderWord);
    names_blank
        || (open + 1..close).any(|k| {
            doc.hits_at(k).iter().any(|h| party_kind(h.category).is_some())
                || doc.grammar.tag(k).info.noun.is_person()
        })
}

/// How often a verb may be seen in the dictionary's tagged texts and still
/// be a name when capitalised as a subject ("Rob" 10, "Bob" 6); common verbs
/// ("learn" 154, "continue" 215) are instructions.
const RARE_VERB_COUNT: u16 = 20;

/// A name: capitalised words the dictionary does not know as common words
/// ("Tomas", "Daisy Brown"), or a common word standing alone as the
/// subject of an active verb that only a person does ("Ruby will show …").
fn name_like(doc: &Doc, first: usize, end: usize, clause: Option<&Clause>) -> bool {
    // At most three words, kept in an array, not a vector (issue 17);
    // "X's" possessive tails count, but are not part of the name's words.
    let (mut kept, mut len, mut count) = ([0; 3], 0, 0);
    for k in (first..end).filter(|&k| is_word(doc, k)) {
        count += 1;
        if count > kept.len() {
            return false;
        }
        if norm(doc, k) != "s" {
            kept[len] = k;
            len += 1;
        }
    }
    let words = &kept[..len];
    if words.is_empty() || !words.iter().all(|&k| capitalised(doc, k)) {
        return false;
    }
    let blocked = |k: usize| {
        let c = doc.grammar.tag(k).classes;
        c.any(&[
            WordClass::NotAName,
            WordClass::PlanNoun,
            WordClass::Determiner,
            WordClass::Possessive,
            WordClass::Preposition,
            WordClass::Conjunction,
            WordClass::Question,
            WordClass::Indefinite,
            WordClass::Speaker,
            WordClass::We,
            WordClass::Addressee,
            WordClass::ThirdPerson,
            WordClass::Condition,
        ]) || (words.len() > 1 && doc.hits_covering(k).any(|h| h.category == Category::Time))
    };
    if words.iter().any(|&k| blocked(k)) {
        return false;
    }
    let info = |k: usize| doc.grammar.tag(k).info;
    let unknown = |k: usize| !info(k).is_known() || info(k).proper;
    let last = *words.last().expect("not empty");
    if words.len() > 1 {
        // "Daisy Brown", "Baby Mia": the last word a name the dictionary
        // does not know.
        return unknown(last) && !looks_like_a_common_word(doc, last);
    }
    let k = last;
    let w = info(k);
    if unknown(k) {
        return !looks_like_a_common_word(doc, k);
    }
    // A month or a weekday as the whole subject is a person: "May will
    // support Mum", "Jan to collect Lily".
    if doc.hits_covering(k).any(|h| h.category == Category::Time) {
        return true;
    }
    // A common word as a name, alone as a subject ("Lily to get to school",
    // "Harry to make more friends", "Ruby will show …"): never a person
    // noun or a group ("Student", "Staff"), never a describing word
    // ("Appropriate checks"); a thing's name always, an abstract word's
    // only as the subject of a verb only a person does.
    // Nor a plural ("Opportunities to practise …", "Interventions to
    // address …"): a name is one person.
    if w.noun.is_person() || w.noun == NounClass::Group || w.plural {
        return false;
    }
    if !w.is_noun() {
        // A verb's plain form as a name ("Rob to collect Lily") is a rare
        // verb; a common one opens an instruction ("Learn to budget"), and
        // an inflected one a phrase ("Given a prompt", "Tutoring to start").
        return w.verb_forms.is_verb()
            && w.verb_forms == VerbForms(VerbForms::BASE)
            && w.verb_count < RARE_VERB_COUNT
            && !w.adjective
            && !w.adverb;
    }
    if w.noun == NounClass::Concrete {
        return true;
    }
    clause.is_some_and(|c| {
        let v = c.verb;
        let verb = doc.grammar.tag(v.main).info.verb;
        !v.passive
            && !v.copula
            && matches!(
                verb,
                VerbClass::Communication
                    | VerbClass::Motion
                    | VerbClass::Perception
                    | VerbClass::Consumption
                    | VerbClass::Contact
                    | VerbClass::Body
                    | VerbClass::Cognition
                    | VerbClass::Emotion
                    | VerbClass::Competition
                    | VerbClass::Creation
            )
    })
}

/// Endings a name rarely has: a capitalised unknown word ending so is more
/// likely a misspelt or unusual common word ("Engagment", "Safeguarding").
fn looks_like_a_common_word(doc: &Doc, k: usize) -> bool {
    let n = norm(doc, k);
    n.chars().count() > 4
        && ["ing", "tion", "ment", "ness", "ity", "ly", "ies"]
            .iter()
            .any(|s| n.ends_with(s))
}

/// Per token (and one past the last): whether a party's own words start
/// there.
fn party_starts(doc: &Doc, starts: &mut Vec<bool>) {
    let n = doc.tokens.len();
    starts.clear();
    starts.resize(n + 1, false);
    for h in doc.hits.iter().filter(|h| party_kind(h.category).is_some()) {
        starts[h.first.min(n)] = true;
    }
}

/// Whether [`party_at`] can find a party at `k`: only where a party's words
/// or a title start at `k` or the next token. Most tokens have neither, and
/// asking `party_at` at each one was the owner stage's largest cost.
fn may_start_party(doc: &Doc, starts: &[bool], k: usize) -> bool {
    starts[k] || starts[k + 1] || doc.is(k, WordClass::Title) || doc.is(k + 1, WordClass::Title)
}

/// A lexicon party or a titled name starting at `k` (with a determiner or
/// possessive before it): (first, end, kind).
fn party_at(doc: &Doc, k: usize) -> Option<(usize, usize, OwnerKind)> {
    let n = doc.tokens.len();
    // "that" also joins a clause ("My wish is that Mum and Dad …"), so it
    // opens no party's name.
    let lead = doc
        .classes(k)
        .any(&[WordClass::Determiner, WordClass::Possessive])
        && !doc.is(k, WordClass::Conjunction);
    let best = |at: usize| {
        doc.hits_at(at)
            .iter()
            .filter_map(|h| party_kind(h.category).map(|p| (h.end, p)))
            .max()
    };
    // A party whose own words start with the determiner ("all agencies",
    // "the network"), else one after it ("the SW").
    let (at, party) = match best(k) {
        Some(p) => (k, Some(p)),
        None if lead => (k + 1, best(k + 1)),
        None => (k, None),
    };
    if let Some((end, kind)) = party {
        return Some((k, end, kind));
    }
    if doc.is(at, WordClass::Title) && capitalised(doc, at) && capitalised(doc, at + 1) {
        let mut e = at + 1;
        while e < n && (capitalised(doc, e) || matches!(norm(doc, e), "'" | "’" | "-" | "&")) {
            e += 1;
        }
        return Some((k, e, OwnerKind::Named));
    }
    None
}

/// The party right after the first preposition tagged `prep` at or after
/// token `from`, within a few words: "supervised by a contact worker",
/// "support from a TA".
fn agent_after(doc: &Doc, from: usize, prep: WordTag) -> Option<(usize, usize, OwnerKind)> {
    let n = doc.tokens.len();
    // A comma ends the phrase: in "have their own flat, with support from
    // family" the family helps with the flat, it does not provide it.
    let at = (from..n.min(from + 8))
        .take_while(|&k| !matches!(norm(doc, k), "," | ";"))
        .find(|&k| doc.is(k, WordClass::Preposition) && doc.classes(k).tagged(prep))?;
    party_at(doc, at + 1)
}

/// "and", "or" joining two parties ("Mum and Dad", "he or she").
fn joins_phrases(doc: &Doc, k: usize) -> bool {
    doc.classes(k).tagged(WordTag::JoinsPhrases)
}

/// A possessive party after token `v`: "improve Kian's school attendance".
fn possessor_after(doc: &Doc, v: usize) -> Option<(usize, usize, OwnerKind)> {
    let n = doc.tokens.len();
    let k =
        (v + 1..n.min(v + 6)).find(|&k| matches!(norm(doc, k + 1), "'" | "’") && norm(doc, k + 2) == "s")?;
    let first = if doc
        .classes(k.saturating_sub(1))
        .any(&[WordClass::Determiner, WordClass::Possessive])
        && k > v + 1
    {
        k - 1
    } else {
        k
    };
    party_of(doc, first, k + 1, k, None).map(|kind| (first, k + 1, kind))
}

/// A segment that opens with a verb giving an instruction: "Make sure …",
/// "Ensure …", "Check that …".
fn opens_with_instruction(doc: &Doc, first: usize) -> bool {
    let t = doc.grammar.tag(first);
    t.info.verb_forms.has(crate::lexicon::VerbForms::BASE)
        && (!t.info.is_noun() || t.info.verb_count > t.info.noun_count)
        && !doc
            .classes(first)
            .any(&[WordClass::Modal, WordClass::Be, WordClass::Have])
}

/// The parts of a subject joined by "and", "&", ",", "/", "or": each its own party.
fn parts(doc: &Doc, s: &Phrase, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut start = s.first;
    let mut depth = 0i32;
    let mut k = s.first;
    while k < s.end {
        match norm(doc, k) {
            "(" | "[" => depth += 1,
            ")" | "]" => depth -= 1,
            w if depth == 0 && (matches!(w, "&" | "," | "/") || joins_phrases(doc, k)) => {
                // "Mr & Mrs Khan" is one couple; "Drug and alcohol service"
                // one service.
                let couple = doc.is(k.saturating_sub(1), WordClass::Title) && doc.is(k + 1, WordClass::Title);
                // "I/we", "he/she": a slash between pronouns gives the one
                // party two ways of saying it.
                let couple = couple
                    || (w == "/"
                        && k > s.first
                        && personal_pronoun(doc, k - 1)
                        && personal_pronoun(doc, k + 1));
                let inside = doc
                    .hits_covering(k)
                    .any(|h| party_kind(h.category).is_some() && h.first < k && h.end > k + 1);
                if !couple && !inside {
                    if k > start {
                        out.push((start, k));
                    }
                    start = k + 1;
                    if start < s.end && doc.classes(start).tagged(WordTag::JoinsList) {
                        start += 1;
                    }
                }
            }
            _ => {}
        }
        k += 1;
    }
    if s.end > start {
        out.push((start, s.end));
    }
}

/// "I", "you", "we", "she", "they" …
fn personal_pronoun(doc: &Doc, k: usize) -> bool {
    doc.classes(k).any(&WordClass::PERSONAL_PRONOUNS)
}

/// The head of a part: its last word before a bracket.
fn head_of(doc: &Doc, first: usize, end: usize) -> usize {
    let stop = (first + 1..end)
        .find(|&k| matches!(norm(doc, k), "(" | "["))
        .unwrap_or(end);
    (first..stop)
        .rev()
        .find(|&k| is_word(doc, k) && norm(doc, k) != "s")
        .unwrap_or(first)
}

impl Detector for Owners {
    fn name(&self) -> &'static str {
        "owner"
    }

    fn detect(&self, doc: &Doc, draft: &mut Draft) {
        let g = doc.grammar;
        let Buffers {
            mut subject_parts,
            mut starts,
        } = SPARE.try_with(Cell::take).unwrap_or_default();
        let mut found: Vec<FoundOwner> = Vec::new();
        let push = |found: &mut Vec<FoundOwner>,
                    first: usize,
                    end: usize,
                    kind: OwnerKind,
                    doer: bool,
                    passive: bool| {
            // A role bracket belongs to the name; any other ("(aged 7)") does not.
            let end = match (first + 1..end).find(|&k| matches!(norm(doc, k), "(" | "[")) {
                Some(open) if !role_bracket(doc, open, end) => open,
                _ => end,
            };
            let span = doc.span(first, end);
            let text = span.text(doc.text);
            if let Some(f) = found
                .iter_mut()
                .find(|f| f.span.overlaps(&span) || f.span.text(doc.text).eq_ignore_ascii_case(text))
            {
                if doer && !f.doer {
                    (f.doer, f.passive) = (true, passive);
                }
                return;
            }
            found.push(FoundOwner {
                span,
                kind,
                doer,
                passive,
                agent: false,
            });
        };

        // 1. Subjects of main clauses; when none has a subject, the first
        //    subordinate one ("To revise … so that I achieve a grade 6") —
        //    but not in an instruction ("Make sure the children …").
        let instruction = g
            .segments
            .first()
            .is_some_and(|s| opens_with_instruction(doc, s.first));
        let main_subject = instruction || g.clauses.iter().any(|c| !c.subordinate && c.subject.is_some());
        let first_subordinate = g.clauses.iter().position(|c| c.subject.is_some());
        // "Rafi wants to ride his bike, so his foster carer will take him
        // to the park": the one who wishes is not the one who does; the
        // promise after the wish names who does.
        let wish = g
            .clauses
            .iter()
            .position(|c| !c.subordinate && c.verb.modality == Modality::Wish);
        let provider = wish.and_then(|w| {
            (w + 1..g.clauses.len())
                .find(|&k| g.clauses[k].verb.modality.commits() && g.clauses[k].subject.is_some())
                .filter(|&k| g.clauses[k].verb.modality != Modality::Wish)
        });
        for (ci, c) in g.clauses.iter().enumerate() {
            let Some(s) = c.subject else { continue };
            if provider.is_some() && (Some(ci) == wish || (c.subordinate && Some(ci) != provider)) {
                continue;
            }
            if c.subordinate && Some(ci) != provider && (main_subject || Some(ci) != first_subordinate) {
                continue;
            }
            // "he", "she", "they" after a party already found refer back to it;
            // in a clause beside a main one with no subject ("No alcohol
            // being drunk around the child while she is at home") to
            // someone the main one names as no doer.
            let pronoun = doc.is(s.head, WordClass::ThirdPerson) && s.end == s.first + 1;
            if pronoun && (found.iter().any(|f| f.doer) || c.subordinate) {
                continue;
            }
            let passive = c.verb.passive && !c.verb.negated;
            // "Tyler to have 1:1 support from a TA": the one who gives it is
            // responsible, not the one who receives it; "YP to receive the
            // book" with no giver named has no owner.
            let gives = agent_after(doc, c.verb.end, WordTag::Source)
                .or_else(|| agent_after(doc, c.verb.end, WordTag::Agent));
            let receives = doc.is(c.verb.main, WordClass::ReceiveVerb)
                || (gives.is_some() && doc.is(c.verb.main, WordClass::HaveOrGet));
            let doer = !receives;
            // "Everyone in the core group", "Staff at breakfast club": the
            // whole phrase is the span, the words before the place say who.
            let qualified =
                s.core_end < s.end && lexicon_party(doc, s.first, s.end).is_none_or(|(f, _)| f >= s.core_end);
            if qualified {
                // A group is the group named after it ("Everyone in the core
                // group"); one person is who they are ("Key worker at nursery").
                let head = head_of(doc, s.first, s.core_end);
                if let Some(kind) = party_of(doc, s.first, s.core_end, head, Some(c)) {
                    let end = if kind == OwnerKind::Collective {
                        s.end
                    } else {
                        s.core_end
                    };
                    push(&mut found, s.first, end, kind, doer, passive);
                }
                continue;
            }
            parts(doc, &s, &mut subject_parts);
            for &(first, end) in &subject_parts {
                let head = head_of(doc, first, end);
                if let Some((pf, pe)) = s.possessor.filter(|&(_, pe)| pe > first && pe <= end) {
                    // "Children's Social Care" is one agency; "Zoë's mum" the
                    // mother; "Kian's attendance" is Kian's to show.
                    let whole = lexicon_party(doc, first, end).filter(|&(f, _)| f <= pf.max(first));
                    let y = (pe + 2).min(end);
                    let named = whole
                        .map(|(_, k)| k)
                        .or_else(|| (y < end).then(|| party_of(doc, y, end, head, Some(c))).flatten());
                    if let Some(kind) = named {
                        push(&mut found, first, end, kind, doer, passive);
                        continue;
                    }
                    // The person whose state it is shows a change, but does
                    // no task: "Dad's contact to remain supervised". Done to
                    // it by someone unnamed ("Charlotte's emotions to be
                    // measured"), it is nobody's yet.
                    let ph = head_of(doc, pf.max(first), pe);
                    if c.verb.passive {
                        continue;
                    }
                    if let Some(kind) = party_of(doc, pf.max(first), pe, ph, Some(c)) {
                        push(&mut found, pf.max(first), pe, kind, doer, true);
                    }
                    continue;
                }
                if let Some(kind) = party_of(doc, first, end, head, Some(c)) {
                    push(&mut found, first, end, kind, doer, passive);
                }
            }
            if receives {
                if let Some((f, e, k)) = gives {
                    push(&mut found, f, e, k, true, false);
                }
            }
        }
        // "To improve Kian's school attendance": with no subject, the person
        // whose state a change is about shows it.
        if g.clauses.is_empty() {
            if let Some(v) = g.segments.iter().find_map(|s| match s.fragment {
                crate::grammar::Fragment::ToInfinitive(v) | crate::grammar::Fragment::BareVerb(v) => Some(v),
                _ => None,
            }) {
                if doc.grammar.tag(v).info.verb == VerbClass::Change || doc.is(v, WordClass::Be) {
                    if let Some((pf, pe, kind)) = possessor_after(doc, v) {
                        push(&mut found, pf, pe, kind, true, false);
                    }
                }
            }
        }
        // 2. The agent of a passive does it ("supervised by a contact
        //    worker", "Family to be supported by Early Help").
        for c in g.clauses.iter().filter(|c| c.verb.passive && !c.subordinate) {
            if let Some((f, e, k)) = agent_after(doc, c.verb.end, WordTag::Agent) {
                push(&mut found, f, e, k, true, false);
                let span = doc.span(f, e);
                if let Some(a) = found.iter_mut().find(|o| o.span == span && !o.passive) {
                    a.agent = true;
                }
            }
        }
        let any_doer = found.iter().any(|f| f.doer && !f.passive);

        // 3. In a line of provision, the one it comes from, is by or is
        //    between ("Daily phone calls from Nan", "Ongoing monitoring by
        //    school", "Consultation between the class teacher and SLP"),
        //    when no subject is a party.
        if !any_doer {
            for s in &g.segments {
                // "No 999 calls from the household": a count to bring
                // down, not a service someone gives.
                if doc.is(s.first, WordClass::Negator) {
                    continue;
                }
                if let crate::grammar::Fragment::NounPhrase(h) = s.fragment {
                    for prep in [WordTag::Source, WordTag::Agent, WordTag::Among] {
                        let Some((f, e, k)) = agent_after(doc, h, prep).filter(|&(f, _, _)| f < s.end) else {
                            continue;
                        };
                        push(&mut found, f, e, k, true, false);
                        // "between X and Y": Y too.
                        if e < doc.tokens.len() && doc.classes(e).tagged(WordTag::JoinsList) {
                            if let Some((f2, e2, k2)) = party_at(doc, e + 1) {
                                push(&mut found, f2, e2, k2, true, false);
                            }
                        }
                    }
                }
            }
        }

        // 4. Every other mention: lexicon parties and titled names anywhere.
        let n = doc.tokens.len();
        party_starts(doc, &mut starts);
        let mut k = 0;
        while k < n {
            if !may_start_party(doc, &starts, k) {
                k += 1;
                continue;
            }
            match party_at(doc, k) {
                Some((first, end, kind)) => {
                    push(&mut found, first, end, kind, false, false);
                    k = end.max(k + 1);
                }
                None => k += 1,
            }
        }
        found.sort_by_key(|f| f.span.start);
        // Moved, not copied, into a draft with none yet (issue 17).
        if draft.owners.is_empty() {
            draft.owners = found;
        } else {
            draft.owners.extend(found);
        }
        let _ = SPARE.try_with(|s| {
            s.set(Buffers {
                subject_parts,
                starts,
            })
        });
    }
}

/// The owner stage's working vectors, kept on the thread between statements
/// (issue 17).
#[derive(Default)]
struct Buffers {
    /// The parts of one subject (see [`parts`]).
    subject_parts: Vec<(usize, usize)>,
    /// See [`party_starts`].
    starts: Vec<bool>,
}

thread_local! {
    static SPARE: Cell<Buffers> = const {
        Cell::new(Buffers {
            subject_parts: Vec::new(),
            starts: Vec::new(),
        })
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The owner scan skips only tokens where `party_at` finds nothing: at
    /// each token of the corpus statements (and each again in lower and
    /// upper case) that `may_start_party` turns away, `party_at` is None.
    #[test]
    fn tokens_the_owner_scan_skips_start_no_party() {
        let (mut skipped, mut found) = (0, 0);
        crate::detect::each_corpus_doc(|text, doc| {
            let mut starts = Vec::new();
            party_starts(doc, &mut starts);
            for k in 0..doc.tokens.len() {
                if may_start_party(doc, &starts, k) {
                    found += usize::from(party_at(doc, k).is_some());
                } else {
                    skipped += 1;
                    assert_eq!(party_at(doc, k), None, "token {k} of {text:?}");
                }
            }
        });
        assert!(skipped > 1000 && found > 100, "{skipped} skipped, {found} found");
    }
}
