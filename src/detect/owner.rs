//! Owners: who is responsible.
//!
//! Two sources of parties:
//! - the lexicons (roles, agencies, family terms, collective parties), found
//!   anywhere in the statement;
//! - names, found by grammar, never by a list: a title and surname ("Ms
//!   Smith", "Mr & Mrs O'Neill") anywhere, a placeholder ("(Name)", "X"), or a
//!   capitalised word that is not a known word and stands where a doer
//!   stands ("Ava will …", "Tom to …", "Daisy (FSW) …").
//!
//! A party is the *doer* when it heads a clause and a doer cue follows
//! ("will", "to", "must", a verb), alone or joined with others ("Mum and Dad
//! to …", "SW, HV and school to …"). An agentless passive ("Ibrahim will be
//! registered with a GP") has no doer, except a negated one, which reads as a
//! safety outcome for the child ("Lily will not be left alone …"). When no
//! clause has a doer, the agent after "by" / "from" is the doer ("supervised
//! by a contact worker", "Daily phone calls from Nan").
//!
//! A name with a role or relation in brackets is one span: "Daisy (FSW)".

use crate::lexicon::Category;
use crate::record::OwnerKind;
use crate::stage::{Detector, Doc, Draft, FoundOwner};
use crate::text::Shape;

pub struct Owners;

/// Words that open a clause or a statement and are never names, whatever
/// their capital letter. (Lexicon words are excluded separately.)
const NOT_NAMES: &[&str] = &[
    // Indefinite pronouns and "things": "Things will get better" names no one.
    "things",
    "everything",
    "everyone",
    "everybody",
    "something",
    "someone",
    "somebody",
    "anything",
    "anyone",
    "anybody",
    "nothing",
    "nobody",
    "the",
    "a",
    "an",
    "to",
    "by",
    "for",
    "from",
    "in",
    "on",
    "at",
    "of",
    "with",
    "all",
    "each",
    "every",
    "any",
    "no",
    "not",
    "if",
    "when",
    "where",
    "while",
    "once",
    "after",
    "before",
    "until",
    "during",
    "within",
    "this",
    "that",
    "these",
    "those",
    "there",
    "it",
    "he",
    "she",
    "they",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "him",
    "them",
    "weekly",
    "daily",
    "monthly",
    "fortnightly",
    "regular",
    "ongoing",
    "further",
    "more",
    "less",
    "both",
    "also",
    "please",
    "yes",
    "contact",
    "home",
    "safety",
    "plan",
    "review",
    "meeting",
    "referral",
    "sessions",
    "session",
    "appointment",
    "appointments",
    "visit",
    "visits",
    "time",
    "first",
    "next",
    "last",
    "new",
    "help",
    "parenting",
    "agreed",
    "signed",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "july",
    "september",
    "october",
    "november",
    "december",
    "term",
    "year",
    "week",
    "month",
    "day",
    "night",
    "evening",
    "morning",
    "work",
    "need",
    "needs",
    "outcome",
    "action",
    "goal",
    "target",
    "aim",
    "concern",
    "risk",
    "what",
    "who",
    "how",
    "why",
    "which",
    "ensure",
    "make",
    "keep",
    "be",
    "is",
    "are",
    "will",
    "can",
    "must",
    "should",
    "might",
    "so",
    "and",
    "or",
    "but",
    "as",
    "then",
    "than",
    "because",
    "consider",
    "up",
    "out",
    "over",
    "under",
    "transport",
    "attendance",
    "behaviour",
    "food",
    "money",
    "budget",
    "housing",
    "bedtime",
    "routine",
    "routines",
    "health",
    "education",
    "mental",
    "physical",
    "emotional",
    "sleep",
    "diary",
    "chart",
    "course",
    "programme",
    "test",
    "tests",
    "group",
    "direct",
    "private",
    "education",
    "room",
    "bedroom",
    "house",
    "home",
    "child",
    "children",
    "baby",
    "adult",
    "dog",
    "cat",
    "car",
    "bus",
    "phone",
    "text",
    "email",
    "letter",
    "report",
    "reports",
    "record",
    "records",
];

/// Months and weekdays: "Monday to Friday" is not a person doing something.
const CALENDAR: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "prof"];

/// Words that, right after a party, make it the one doing or showing something.
const MODALS: &[&str] = &[
    "will",
    "to",
    "must",
    "should",
    "shall",
    "can",
    "could",
    "would",
    "needs",
    "need",
    "has",
    "have",
    "is",
    "are",
    "was",
    "were",
    "may",
    "might",
    "wants",
    "want",
    "agrees",
    "agree",
    "agreed",
    "says",
    "said",
    "feels",
    "feel",
    "knows",
    "attends",
    "goes",
    "gets",
    "sleeps",
    "understands",
    "likes",
    "enjoys",
    "tells",
    "lives",
    "stays",
    "plays",
    "uses",
    "takes",
    "keeps",
    "continues",
    "does",
    "did",
    "won't",
    "cannot",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "her", "his", "their", "its", "our", "your", "my",
];

const PARTICIPLES: &[&str] = &[
    "seen", "given", "kept", "taken", "made", "put", "done", "held", "left", "told", "shown", "run", "led",
    "sent", "met", "brought", "found", "paid", "set", "heard", "known", "taught", "bought", "got", "gotten",
    "written",
];

/// A party found at a token range, before doer analysis.
#[derive(Debug, Clone, Copy)]
struct Party {
    first: usize,
    end: usize,
    kind: OwnerKind,
    /// Found by grammar (a name), so it needs a doer cue to count at all.
    name: bool,
}

fn is_word(doc: &Doc, i: usize) -> bool {
    doc.tokens.get(i).is_some_and(|t| t.shape == Shape::Word)
}

fn capitalised(doc: &Doc, i: usize) -> bool {
    is_word(doc, i)
        && doc
            .tokens
            .raw(doc.text, i)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
}

fn norm<'a>(doc: &'a Doc, i: usize) -> &'a str {
    if i < doc.tokens.len() {
        doc.tokens.norm(i)
    } else {
        ""
    }
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

/// The lexicon party starting at token `i`, if any: (end, kind).
fn lexicon_party(doc: &Doc, i: usize) -> Option<(usize, OwnerKind)> {
    doc.hits_at(i)
        .iter()
        .find_map(|h| party_kind(h.category).map(|k| (h.end, k)))
}

/// True when token `i` is covered by any lexicon hit (a known word).
fn known_word(doc: &Doc, i: usize) -> bool {
    // A month is also a name ("May (paternal aunt)"): where it stands decides.
    let month = CALENDAR.contains(&norm(doc, i));
    doc.hits_covering(i)
        .any(|h| !(month && h.category == Category::Time))
}

/// A surname after a title: capitalised words joined by apostrophes or
/// hyphens ("O'Neill", "Smith-Jones"). Returns the end token.
fn surname(doc: &Doc, i: usize) -> Option<usize> {
    if !capitalised(doc, i) {
        return None;
    }
    let mut end = i + 1;
    while matches!(norm(doc, end), "'" | "’" | "-")
        && capitalised(doc, end + 1)
        && adjacent(doc, end - 1, end + 1)
    {
        end += 2;
    }
    Some(end)
}

/// Tokens `a` and `b` are written with no space between them and what lies between.
fn adjacent(doc: &Doc, a: usize, b: usize) -> bool {
    (a..b).all(|k| doc.touches_next(k))
}

/// A title and surname: "Ms Smith", "Dr. Khan", "Mr & Mrs O'Neill".
fn titled_name(doc: &Doc, i: usize) -> Option<usize> {
    if !TITLES.contains(&norm(doc, i)) || !capitalised(doc, i) {
        return None;
    }
    let mut j = i + 1;
    if norm(doc, j) == "." {
        j += 1;
    }
    // "Mr and Mrs Ali", "Mr & Mrs O'Neill"
    if matches!(norm(doc, j), "and" | "&") && TITLES.contains(&norm(doc, j + 1)) {
        j += 2;
        if norm(doc, j) == "." {
            j += 1;
        }
    }
    surname(doc, j)
}

/// A name standing alone: a capitalised word that is not a known word, with
/// an optional second name ("Daisy Brown"). Whether it is a name at all is
/// decided by where it stands (see `doer_cue`).
fn bare_name(doc: &Doc, i: usize) -> Option<usize> {
    if !capitalised(doc, i) || known_word(doc, i) {
        return None;
    }
    let n = norm(doc, i);
    let len = n.chars().count();
    if NOT_NAMES.contains(&n) || WEEKDAYS.contains(&n) {
        return None;
    }
    // A single capital letter is a placeholder ("X to …"), but not "A" or "I".
    if len == 1 && matches!(n, "a" | "i") {
        return None;
    }
    if len > 4
        && ["ing", "tion", "ment", "ness", "ity", "ly", "ies"]
            .iter()
            .any(|s| n.ends_with(s))
    {
        return None;
    }
    let end = surname(doc, i)?;
    if capitalised(doc, end)
        && !known_word(doc, end)
        && !NOT_NAMES.contains(&norm(doc, end))
        && !MODALS.contains(&norm(doc, end))
    {
        return surname(doc, end);
    }
    Some(end)
}

/// "(Name)", "[name]": a placeholder for a name.
fn placeholder(doc: &Doc, i: usize) -> Option<usize> {
    if matches!(norm(doc, i), "(" | "[")
        && norm(doc, i + 1) == "name"
        && matches!(norm(doc, i + 2), ")" | "]")
    {
        Some(i + 3)
    } else {
        None
    }
}

/// A bracket after a name holding a role or relation: "(FSW)",
/// "(maternal grandmother)". Returns the end after ")".
fn role_bracket(doc: &Doc, i: usize) -> Option<usize> {
    if norm(doc, i) != "(" {
        return None;
    }
    let mut j = i + 1;
    if DETERMINERS.contains(&norm(doc, j)) {
        j += 1;
    }
    let (end, _) = lexicon_party(doc, j)?;
    (norm(doc, end) == ")").then_some(end + 1)
}

/// Skips a bracket that is not a role, e.g. "(aged 6)".
fn skip_bracket(doc: &Doc, i: usize) -> usize {
    if norm(doc, i) != "(" {
        return i;
    }
    (i + 1..doc.tokens.len().min(i + 8))
        .find(|&k| norm(doc, k) == ")")
        .map_or(i, |k| k + 1)
}

/// The party starting at `i` (after an optional determiner).
fn party_at(doc: &Doc, i: usize, names: bool) -> Option<Party> {
    if let Some((end, kind)) = lexicon_party(doc, i) {
        return Some(Party {
            first: i,
            end,
            kind,
            name: false,
        });
    }
    let det = DETERMINERS.contains(&norm(doc, i)) && i + 1 < doc.tokens.len();
    let k = if det { i + 1 } else { i };
    if let Some(end) = titled_name(doc, k).or_else(|| placeholder(doc, k)) {
        return Some(with_bracket(doc, k, end, OwnerKind::Named, true));
    }
    if let Some((end, kind)) = lexicon_party(doc, k) {
        return Some(Party {
            first: i,
            end,
            kind,
            name: false,
        });
    }
    if names && !det {
        if let Some(end) = bare_name(doc, k) {
            return Some(with_bracket(doc, k, end, OwnerKind::Named, true));
        }
    }
    None
}

fn with_bracket(doc: &Doc, first: usize, end: usize, kind: OwnerKind, name: bool) -> Party {
    Party {
        first,
        end: role_bracket(doc, end).unwrap_or(end),
        kind,
        name,
    }
}

/// Is token `i` a word that can follow a doer? Returns the index of the cue.
fn doer_cue(doc: &Doc, i: usize, all_names: bool) -> bool {
    let mut i = i;
    while matches!(norm(doc, i), "both" | "also" | "each" | "jointly" | "together") {
        i += 1;
    }
    let n = norm(doc, i);
    if n == "to" {
        // "Monday to Friday", "May to July", "2 to 3": not a doer.
        let next = norm(doc, i + 1);
        return is_word(doc, i + 1) && !CALENDAR.contains(&next);
    }
    if MODALS.contains(&n) {
        return true;
    }
    if all_names {
        return false;
    }
    // A known party followed by a verb-like word: "Mum attends", "Dad agreed".
    is_word(doc, i)
        && !n.ends_with("ing")
        && (n.ends_with("ed") || (n.ends_with('s') && !n.ends_with("ss")) || instruction(doc, i))
}

fn instruction(doc: &Doc, i: usize) -> bool {
    doc.hits_at(i).iter().any(|h| {
        h.category == Category::KindCue && doc.lex.entry(h.entry).kind.as_deref() == Some("instruction")
    })
}

/// After the doer's modal: "will be registered", "to be monitored" (passive,
/// so the doer is unnamed) — unless negated ("will not be left alone").
fn passive_after(doc: &Doc, i: usize) -> bool {
    let mut j = i;
    while matches!(norm(doc, j), "both" | "also" | "each") {
        j += 1;
    }
    if !matches!(
        norm(doc, j),
        "will" | "to" | "must" | "should" | "shall" | "is" | "are" | "can" | "needs" | "need"
    ) {
        return false;
    }
    j += 1;
    if matches!(norm(doc, j), "to") {
        j += 1;
    }
    if matches!(norm(doc, j), "continue") && norm(doc, j + 1) == "to" {
        j += 2;
    }
    if norm(doc, j) != "be" {
        return false;
    }
    let p = norm(doc, j + 1);
    let participle = (p.len() > 4 && p.ends_with("ed")) || PARTICIPLES.contains(&p);
    participle
        && !matches!(
            p,
            "supposed" | "prepared" | "settled" | "interested" | "bored" | "scared" | "worried" | "tired"
        )
}

/// Where clauses start: the first token and after . ! ? : ; , quotes and
/// line breaks.
fn clause_start(doc: &Doc, i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let prev = norm(doc, i - 1);
    if matches!(
        prev,
        "." | "!" | "?" | ":" | ";" | "," | "\"" | "“" | "-" | "–" | "•" | "*"
    ) {
        // A decimal point or an abbreviation's dot inside a word does not start a clause.
        return !(prev == "." && i >= 2 && doc.touches_next(i - 2) && doc.touches_next(i - 1));
    }
    // A line break between tokens (tokens never overlap: see text::tokenize).
    let t = doc.tokens.as_slice();
    doc.text[t[i - 1].byte_end..t[i].byte_start].contains('\n')
}

impl Detector for Owners {
    fn name(&self) -> &'static str {
        "owner"
    }

    fn detect(&self, doc: &Doc, draft: &mut Draft) {
        let n = doc.tokens.len();
        let mut found: Vec<FoundOwner> = Vec::new();
        // Found spans never overlap, so the only one that can overlap a new
        // span is the last one starting before it ends: a map lookup, not a
        // scan, keeps long statements linear.
        let mut by_start: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        let mut push = |p: Party, doer: bool, found: &mut Vec<FoundOwner>| {
            let span = doc.span(p.first, p.end);
            if let Some((_, &k)) = by_start.range(..span.end).next_back() {
                if found[k].span.overlaps(&span) {
                    found[k].doer |= doer;
                    return;
                }
            }
            by_start.insert(span.start, found.len());
            found.push(FoundOwner {
                span,
                kind: p.kind,
                doer,
            });
        };

        // 1. Clause subjects: a group of parties joined by "and", "&", ",",
        //    "or", "/", followed by a doer cue.
        let mut i = 0;
        let mut any_doer = false;
        while i < n {
            if !clause_start(doc, i) {
                i += 1;
                continue;
            }
            let mut group: Vec<Party> = Vec::new();
            let mut j = i;
            while let Some(p) = party_at(doc, j, true) {
                group.push(p);
                j = skip_bracket(doc, p.end);
                if matches!(norm(doc, j), "and" | "&" | "," | "or" | "/")
                    && party_at(doc, j + 1, true).is_some()
                {
                    j += 1;
                    if norm(doc, j) == "and" {
                        j += 1;
                    }
                } else {
                    break;
                }
            }
            if group.is_empty() {
                i += 1;
                continue;
            }
            // "Key worker at nursery to …", "Everyone in the core group to …"
            let mut cue_at = j;
            if matches!(norm(doc, j), "at" | "in" | "from" | "for" | "of") {
                if let Some(k) =
                    (j + 1..n.min(j + 6)).find(|&k| matches!(norm(doc, k), "to" | "will" | "must" | "should"))
                {
                    cue_at = k;
                }
            }
            let all_names = group.iter().all(|p| p.name);
            let possessive = matches!(norm(doc, j), "'" | "’") && norm(doc, j + 1) == "s";
            // "Kian's attendance to reach 90%", "Grace's anxiety score will
            // fall": the person whose state changes shows the change.
            if possessive && group.len() == 1 {
                if let Some(k) = (j + 2..n.min(j + 9)).find(|&k| matches!(norm(doc, k), "to" | "will")) {
                    if is_word(doc, k + 1) && !CALENDAR.contains(&norm(doc, k + 1)) && !passive_after(doc, k)
                    {
                        any_doer = true;
                        push(group[0], true, &mut found);
                        i = j.max(i + 1);
                        continue;
                    }
                }
            }
            let cue = !possessive && doer_cue(doc, cue_at, all_names);
            let named_by_bracket = group
                .iter()
                .any(|p| p.name && p.end > p.first + 1 && norm(doc, p.end - 1) == ")");
            if cue || named_by_bracket {
                let doer = !passive_after(doc, cue_at) || negated_passive(doc, cue_at);
                any_doer |= doer;
                for p in group {
                    push(p, doer, &mut found);
                }
            } else {
                // Lexicon parties are still mentioned; names are not names here.
                for p in group
                    .into_iter()
                    .filter(|p| !p.name || p.kind == OwnerKind::Named && is_titled(doc, p.first))
                {
                    push(p, false, &mut found);
                }
            }
            i = j.max(i + 1);
        }

        // 2. Every other mention: lexicon parties and titled names anywhere.
        //    When no clause has a doer, the agent after "by" / "from" is it.
        let mut k = 0;
        while k < n {
            match party_at(doc, k, false) {
                Some(p) => {
                    let agent = !any_doer && k > 0 && matches!(norm(doc, k - 1), "by" | "from");
                    push(p, agent, &mut found);
                    k = p.end;
                }
                None => k += 1,
            }
        }
        found.sort_by_key(|f| f.span.start);
        draft.owners.extend(found);
    }
}

fn is_titled(doc: &Doc, i: usize) -> bool {
    let k = if DETERMINERS.contains(&norm(doc, i)) {
        i + 1
    } else {
        i
    };
    titled_name(doc, k).is_some() || placeholder(doc, k).is_some()
}

fn negated_passive(doc: &Doc, i: usize) -> bool {
    (i..doc.tokens.len().min(i + 4)).any(|k| matches!(norm(doc, k), "not" | "never" | "no"))
}
