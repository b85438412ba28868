//! Stage 3: what kind of statement this is — outcome, action, mixed or
//! concern — with the reason in plain words.
//!
//! Rules, in order (see design/scoring.md):
//! 1. A worry or a description of now ("We are worried …", "Dad is drinking
//!    …", "Mum may struggle …") with no commitment ("will", "to …") → concern.
//! 2. A bare instruction ("Complete the chart", "Attend all appointments")
//!    → action.
//! 3. Someone "to"/"will" + a task verb (attend, refer, visit …), an
//!    agentless passive ("to be monitored"), or a service with no verb
//!    ("Weekly sessions with …") → action; a professional using, keeping or
//!    following something is doing a task too.
//! 4. An action with an explicit change as its target ("so that …", "with
//!    the aim of …", "make sure … rises to 95%") → mixed.
//! 5. Otherwise a state, ability or behaviour ("Ava will sleep …", "Mum and
//!    Dad will not argue …", "To improve his reading") → outcome.
//!
//! The export's own section column is a hint: a row filed under needs that
//! reads as nothing else is a concern.

use crate::lexicon::Category;
use crate::record::{Kind, OwnerKind};
use crate::stage::{Decision, Doc, Draft};
use crate::text::Shape;

fn decision(kind: Kind, reason: impl Into<String>) -> Decision {
    Decision {
        kind,
        reason: reason.into(),
    }
}

const MODALS: &[&str] = &["will", "to", "must", "should", "shall", "can"];
/// Finite verbs that describe the present or past rather than commit anyone.
const PRESENT: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "may",
    "might",
    "does",
    "did",
    "doesn't",
    "isn't",
    "hasn't",
    "sometimes",
    "often",
    "still",
    "says",
    "said",
    "goes",
    "hides",
    "forgets",
    "refuses",
    "rates",
    "feels",
    "needs",
    "lacks",
    "struggles",
    "misses",
    "drinks",
    "uses",
    "lives",
    "spends",
    "smokes",
    "cannot",
    "can't",
    "reports",
];
const PARTICIPLES: &[&str] = &[
    "seen", "given", "kept", "taken", "made", "put", "done", "held", "left", "told", "shown", "run", "led",
    "sent", "met", "brought", "found", "paid", "set",
];

fn raw_cue<'a>(doc: &'a Doc, i: usize) -> Option<&'a str> {
    doc.hits_at(i)
        .iter()
        .find(|h| h.category == Category::KindCue)
        .and_then(|h| doc.lex.entry(h.entry).kind.as_deref())
}

fn cue_kind<'a>(doc: &'a Doc, i: usize) -> Option<&'a str> {
    // A verb of checking ("weigh", "record") leading a statement is a task verb too.
    raw_cue(doc, i).map(|k| if k == "evidence" { "instruction" } else { k })
}

fn norm<'a>(doc: &'a Doc, i: usize) -> &'a str {
    if i < doc.tokens.len() {
        doc.tokens.norm(i)
    } else {
        ""
    }
}

fn has_phrase(doc: &Doc, words: &[&str]) -> Option<usize> {
    let n = doc.tokens.len();
    (0..n.saturating_sub(words.len() - 1))
        .find(|&i| words.iter().enumerate().all(|(k, w)| norm(doc, i + k) == *w))
}

/// The wording that gives a task a changed state as its target.
fn change_target(doc: &Doc, draft: &Draft) -> Option<&'static str> {
    const LINKS: &[(&[&str], &str)] = &[
        (&["so", "that"], "so that"),
        (&["so", "she", "can"], "so she can"),
        (&["so", "he", "can"], "so he can"),
        (&["so", "they", "can"], "so they can"),
        (&["in", "order", "that"], "in order that"),
        (&["with", "the", "aim"], "with the aim"),
        (&["aiming", "for"], "aiming for"),
        (&["showing"], "showing"),
    ];
    for (words, name) in LINKS {
        if has_phrase(doc, words).is_some() {
            return Some(name);
        }
    }
    // "make sure / ensure … rises to 95%": a measured target after ensuring.
    let ensure = has_phrase(doc, &["ensure"]).or_else(|| has_phrase(doc, &["make", "sure"]));
    if ensure.is_some() && !draft.measures.is_empty() {
        return Some("a measured target");
    }
    None
}

/// Is the word at `i` a past participle ("monitored", "given")?
fn participle(doc: &Doc, i: usize) -> bool {
    let w = norm(doc, i);
    (w.len() > 4
        && w.ends_with("ed")
        && !matches!(w, "settled" | "prepared" | "interested" | "worried" | "scared"))
        || PARTICIPLES.contains(&w)
}

/// The first commitment word ("will", "to" + a word, "must" …) and its index.
fn commitment(doc: &Doc, from: usize) -> Option<usize> {
    (from..doc.tokens.len()).find(|&i| {
        let w = norm(doc, i);
        MODALS.contains(&w)
            && doc.tokens.get(i + 1).is_some_and(|t| t.shape == Shape::Word)
            // "to the home", "to her": a place or person, not a verb.
            && !(w == "to" && matches!(norm(doc, i + 1), "the" | "a" | "an" | "his" | "her" | "their" | "my" | "our" | "school" | "nursery" | "college" | "bed" | "him" | "them" | "me" | "us" | "mum" | "dad"))
            // "up to 3", "2 to 3", "from 63% to 90%": not a commitment.
            && !(w == "to" && i > 0 && matches!(norm(doc, i - 1), "up" | "due" | "back" | "next" | "close" | "according" | "%" | "from" | "referral" | "go" | "went" | "access"))
    })
}

pub fn classify(doc: &Doc, draft: &Draft) -> Decision {
    let n = doc.tokens.len();
    if n == 0 {
        return decision(Kind::Concern, "empty statement: nothing to commit to");
    }
    // Skip an opening phrase ending in a comma or colon ("By July, …",
    // "Agreed at conference: …") when a clause follows.
    let start = (0..n.min(12))
        .find(|&i| matches!(norm(doc, i), "," | ":") && i + 1 < n)
        .map(|i| i + 1)
        .filter(|_| cue_kind(doc, 0) != Some("instruction"))
        .unwrap_or(0);
    let doers: Vec<_> = draft.owners.iter().filter(|o| o.doer).collect();
    let subject = doers.first().copied();
    let commit = commitment(doc, 0);

    // 1. A worry or the present situation.
    let concern_cue = cue_kind(doc, 0) == Some("concern") || cue_kind(doc, start) == Some("concern");
    let worry = has_phrase(doc, &["worried"]).is_some() || has_phrase(doc, &["concerned"]).is_some();
    if concern_cue && (commit.is_none() || worry) {
        return decision(
            Kind::Concern,
            "describes a worry or the present situation, with no commitment to change",
        );
    }
    if has_phrase(doc, &["worried", "that"]).is_some() || has_phrase(doc, &["concerns", "around"]).is_some() {
        return decision(Kind::Concern, "records a worry, not a commitment to change");
    }
    let after_subject = subject.map(|s| doc.tokens.first_at_or_after(s.span.end));
    let finite = after_subject.and_then(|i| {
        let mut j = i;
        while j < n
            && (matches!(norm(doc, j), "and" | "," | ")" | "(" | "aged" | "also")
                || doc.tokens.get(j).is_some_and(|t| t.shape == Shape::Number)
                || draft
                    .owners
                    .iter()
                    .any(|o| o.doer && o.span.start == doc.tokens.as_slice()[j].start))
        {
            j += 1;
            // skip to the end of a coordinated doer
            if let Some(o) = draft
                .owners
                .iter()
                .find(|o| o.doer && o.span.start == doc.tokens.as_slice()[j - 1].start)
            {
                j = doc.tokens.first_at_or_after(o.span.end);
            }
        }
        (j < n).then_some(j)
    });
    let describes_now = |i: usize| {
        let w = norm(doc, i);
        // "is", "has", "finds", "goes": how things are now. A wish ("wants
        // to", "would like") is a goal, and so is an outcome.
        let now = PRESENT.contains(&w)
            || (w.len() > 3
                && w.ends_with('s')
                && !w.ends_with("ss")
                && !matches!(w, "wants" | "hopes" | "wishes" | "likes" | "aims" | "plans"));
        now && !matches!(norm(doc, i + 1), "to" | "agreed" | "signed")
    };
    let no_will = has_phrase(doc, &["will"]).is_none()
        && has_phrase(doc, &["must"]).is_none()
        && has_phrase(doc, &["should"]).is_none();
    // No party found: a capitalised opening word and a verb ("Tom finds …",
    // "Attendance is 63% …") still describe now.
    let finite = finite.or_else(|| {
        let opens = doc.tokens.get(start).is_some_and(|t| t.shape == Shape::Word)
            && doc
                .tokens
                .raw(doc.text, start)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
            && cue_kind(doc, start) != Some("instruction");
        (subject.is_none() && opens && start + 1 < n).then_some(start + 1)
    });
    if let Some(v) = finite {
        if describes_now(v) && no_will && norm(doc, v) != "to" {
            return decision(
                Kind::Concern,
                "describes how things are now, with no commitment to change",
            );
        }
    }
    if subject.is_none() && commit.is_none() && matches!(norm(doc, start), "there") {
        return decision(
            Kind::Concern,
            "describes how things are now, with no commitment to change",
        );
    }

    // 2. A bare instruction.
    let lead = if cue_kind(doc, 0) == Some("instruction") {
        0
    } else {
        start
    };
    let noun_subject = matches!(norm(doc, lead + 1), "to" | "is" | "are" | "will" | "has" | "was");
    if cue_kind(doc, lead) == Some("instruction")
        && !noun_subject
        && subject.is_none_or(|s| s.span.start > doc.tokens.as_slice()[lead].start)
    {
        let target = change_target(doc, draft);
        if let Some(t) = target {
            return decision(
                Kind::Mixed,
                format!("an instruction with a change for the child as its target (“{t}”)"),
            );
        }
        return decision(
            Kind::Action,
            "starts with an instruction: reads as a task, not a change for the child",
        );
    }

    // 3–5. Someone "to" / "will" do or become something.
    let Some(m) = commit else {
        // No verb of commitment at all.
        if subject.is_none() && (norm(doc, 0) == "to" || cue_kind(doc, 0) == Some("change")) {
            return decision(Kind::Outcome, "states an aim: what should be different");
        }
        // The export's own section decides what the text leaves open.
        match doc.ctx.section {
            Some(Kind::Concern) => {
                return decision(
                    Kind::Concern,
                    "filed under needs or worries and makes no commitment to change",
                )
            }
            Some(Kind::Outcome) if cue_kind(doc, 0) != Some("instruction") => {
                return decision(
                    Kind::Outcome,
                    "filed as an outcome and names no task: read as the change hoped for",
                )
            }
            _ => {}
        }
        // A verb saying how things are or were ("smells", "told", "was born").
        let now = (0..n).any(|i| {
            PRESENT.contains(&norm(doc, i))
                || matches!(
                    norm(doc, i),
                    "told" | "rated" | "rate" | "smells" | "born" | "lives"
                )
        });
        if now {
            return decision(
                Kind::Concern,
                "describes how things are now, with no commitment to change",
            );
        }
        return decision(
            Kind::Action,
            "names a service or task with no change described: reads as provision, not an outcome",
        );
    };
    let mut v = m + 1;
    while matches!(
        norm(doc, v),
        "both"
            | "also"
            | "each"
            | "then"
            | "jointly"
            | "continue"
            | "to"
            | "try"
            | "aim"
            | "attempt"
            | "endeavour"
            | "hopefully"
            | "all"
    ) && v + 1 < n
    {
        v += 1;
    }
    let verb = norm(doc, v);
    let negated = matches!(verb, "not" | "never" | "no");
    let professional = subject.is_some_and(|s| {
        matches!(
            s.kind,
            OwnerKind::Role | OwnerKind::Agency | OwnerKind::Collective
        )
    });
    let passive = verb == "be" && participle(doc, v + 1);
    let task = !negated
        && (raw_cue(doc, v) == Some("instruction")
            || (professional && raw_cue(doc, v) == Some("evidence"))
            || passive
            || (professional && cue_kind(doc, v) == Some("behaviour"))
            || (norm(doc, m) == "to" && verb == "have" && !matches!(norm(doc, v + 1), "no" | "a" | "an")));
    if task {
        if let Some(t) = change_target(doc, draft) {
            return decision(
                Kind::Mixed,
                format!(
                    "a task with a change for the child as its target (“{t}”): both an action and an outcome"
                ),
            );
        }
        if passive {
            return decision(
                Kind::Action,
                "says something will be done, without saying who does it: reads as a task",
            );
        }
        return decision(Kind::Action, "says someone is to do a task");
    }
    if negated {
        return decision(
            Kind::Outcome,
            "says what will stop or not happen: a change in behaviour or safety",
        );
    }
    if subject.is_some_and(|s| matches!(s.kind, OwnerKind::Family | OwnerKind::Named))
        && change_target(doc, draft) == Some("so that")
    {
        return decision(
            Kind::Mixed,
            "something the family will do, with a change for the child as its target (“so that”)",
        );
    }
    decision(
        Kind::Outcome,
        "describes what will be different: a state, ability or behaviour",
    )
}
