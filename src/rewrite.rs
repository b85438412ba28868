//! Stage 5: a proposed SMART rewrite, with `[slots]` for what the statement
//! does not say. Shaped like the guidance's corrected examples: for an action,
//! who will do what, how often, measured how, by when; for an outcome, the
//! change for the child with a measure and a date; a concern gets the outcome
//! it calls for. Everything kept comes from the statement's own tokens; the
//! only other words are template words and slots, so no fact is invented.

use crate::lexicon::Category;
use crate::record::{Alternative, Criterion, Kind, OwnerKind, Rewrite, TimeKind};
use crate::rules::{Rule, Severity};
use crate::stage::{Decision, Doc, Draft, FoundMeasure, Scored, Span};
use serde::Deserialize;
use std::sync::LazyLock;

/// The slot for a missing deadline. The example is a pattern, not a date,
/// so it cannot be mistaken for a fact.
pub const WHEN: &str = "[by when, dd/mm/yyyy]";
pub const WHO: &str = "[who]";
pub const HOW_OFTEN: &str = "[how often]";
pub const MEASURED_BY: &str = "[measured by]";
pub const USING: &str = "[which scale, chart or record]";
pub const GOOD: &str = "[what good looks like for the child]";

#[derive(Deserialize)]
struct Phrasing {
    default: String,
    replace: Vec<Replace>,
    #[serde(default)]
    reword: Vec<Replace>,
}

#[derive(Deserialize)]
struct Replace {
    terms: Vec<String>,
    with: String,
}

static PHRASING: LazyLock<Phrasing> = LazyLock::new(|| {
    toml::from_str(include_str!("../lexicons/rewrite.toml")).expect("lexicons/rewrite.toml is valid (tested)")
});

/// What stands in place of a vague phrase: the longest listed beginning wins.
pub fn replacement(vague: &str) -> String {
    let low = vague.to_lowercase().replace('’', "'");
    let best = PHRASING
        .replace
        .iter()
        .flat_map(|r| r.terms.iter().map(move |t| (t, r)))
        .filter(|(t, _)| {
            low.strip_prefix(t.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
        .max_by_key(|(t, _)| t.len());
    match best {
        Some((_, r)) => r.with.clone(),
        // Brackets in the quoted words would break the slot apart.
        None => PHRASING.default.replace("{text}", &vague.replace(['[', ']'], "")),
    }
}

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
    Drop,
    Put(String),
}

/// Connectors between a doer at the start and the verb ("Mum will …",
/// "Dad is to …"), which the rewrite replaces by a plain "to".
const CONNECTORS: &[&[&str]] = &[
    &["will", "need", "to"],
    &["is", "to"],
    &["are", "to"],
    &["needs", "to"],
    &["need", "to"],
    &["has", "to"],
    &["have", "to"],
    &["to"],
    &["will"],
    &["shall"],
    &["should"],
    &["must"],
];

fn token_range(doc: &Doc, span: Span) -> Option<(usize, usize)> {
    let toks = doc.tokens.as_slice();
    // Tokens are in text order: binary searches keep long statements linear.
    let first = toks.partition_point(|t| t.byte_start < span.byte_start);
    let end = toks.partition_point(|t| t.byte_end <= span.byte_end);
    (first < end).then_some((first, end))
}

pub fn propose(doc: &Doc, draft: &Draft, decision: &Decision, scored: &Scored) -> Option<Rewrite> {
    let sc = |c| scored.smart.get(c).score;
    let hedges: Vec<_> = draft.cues_of(Category::Hedge).collect();
    let need_s = sc(Criterion::Specific) < 2;
    let need_m = sc(Criterion::Measurable) < 2;
    let need_t = sc(Criterion::Timely) < 2;
    let need_r = !hedges.is_empty() && sc(Criterion::Realistic) < 2;
    if !(need_s || need_m || need_t || need_r) || doc.tokens.is_empty() {
        return None;
    }
    if decision.kind == Kind::Concern {
        // The child the concern is about, when it opens with a first name
        // (one word: "Ms Patel" is more likely a worker than the child).
        let whom = draft
            .owners
            .iter()
            .find(|o| {
                o.kind == OwnerKind::Named
                    && o.span.start == doc.tokens.as_slice()[0].start
                    && !o.span.text(doc.text).contains(char::is_whitespace)
            })
            .map(|o| format!(" for {}", o.span.text(doc.text)))
            .unwrap_or_default();
        let text = format!(
            "What needs to change{whom}: {GOOD}, {MEASURED_BY}, {}.",
            when_clause(draft)
        );
        return Some(Rewrite {
            slots: slots_in(&text),
            text,
            alternatives: Vec::new(),
        });
    }
    let (main, ensured) = build(doc, draft, decision.kind, need_m, need_t, false);
    let mut alternatives = Vec::new();
    // An instruction to "make sure" something happens reads also as the
    // outcome it wants: offer that reading second.
    if matches!(decision.kind, Kind::Action | Kind::Mixed) && ensured && starts_with_ensure(doc) {
        let (alt, _) = build(doc, draft, Kind::Outcome, need_m, need_t, true);
        if alt != main {
            alternatives.push(Alternative {
                slots: slots_in(&alt),
                text: alt,
                reading: "outcome".into(),
            });
        }
    }
    // An outcome nobody is named for reads also as the work that would bring
    // it about (the guidance's "Bob and Sue" correction is such a plan).
    let professional = draft
        .owners
        .iter()
        .any(|o| o.doer && matches!(o.kind, OwnerKind::Role | OwnerKind::Agency));
    if decision.kind == Kind::Outcome && (need_s || need_m) && !professional {
        let alt = if is_passive(doc) && !draft.owners.is_empty() {
            main.clone()
        } else if is_passive(doc) {
            // "… to be measured": the same task with someone to do it.
            build(doc, draft, Kind::Action, need_m, need_t, false).0
        } else {
            let body = main.trim_end_matches('.');
            let lead = body.split(' ').next().unwrap_or("");
            let body = if matches!(lead, "The" | "His" | "Her" | "Their" | "All" | "Each") {
                let mut c = body.chars();
                c.next()
                    .map(|f| f.to_lowercase().chain(c).collect())
                    .unwrap_or_default()
            } else {
                body.to_string()
            };
            format!("{WHO} to take [which steps, how often] so that {body}.")
        };
        if alt != main && !main.starts_with("To ") {
            alternatives.push(Alternative {
                slots: slots_in(&alt),
                text: alt,
                reading: "action".into(),
            });
        }
    }
    alternatives.truncate(3);
    for a in &mut alternatives {
        a.text = sentence(std::mem::take(&mut a.text));
    }
    let main = sentence(main);
    Some(Rewrite {
        slots: slots_in(&main),
        text: main,
        alternatives,
    })
}

fn starts_with_ensure(doc: &Doc) -> bool {
    let n = doc.tokens.len();
    (0..n.min(4)).any(|i| {
        matches!(doc.tokens.norm(i), "ensure" | "ensuring")
            || (doc.tokens.norm(i) == "make" && i + 1 < n && doc.tokens.norm(i + 1) == "sure")
    })
}

fn when_clause(draft: &Draft) -> String {
    match &draft.due_cell {
        Some(c) if c.kind == Some(TimeKind::Deadline) => {
            let t = c.text.trim();
            if t.to_lowercase().starts_with("by ") {
                t.to_string()
            } else {
                format!("by {t}")
            }
        }
        _ => WHEN.to_string(),
    }
}

/// "to be measured", "will be seen": "be" after a modal, then a participle.
fn is_passive(doc: &Doc) -> bool {
    let n = doc.tokens.len();
    (1..n.saturating_sub(1)).any(|i| {
        let p = doc.tokens.norm(i + 1);
        doc.tokens.norm(i) == "be"
            && matches!(doc.tokens.norm(i - 1), "to" | "will" | "should" | "must")
            && ["ed", "en", "wn", "ne", "pt", "lt"]
                .iter()
                .any(|e| p.ends_with(e))
    })
}

/// An instruction verb at `i` — not a noun sharing its stem ("Attendance is …").
fn is_instruction_at(doc: &Doc, i: usize) -> bool {
    let noun = i + 1 < doc.tokens.len()
        && matches!(
            doc.tokens.norm(i + 1),
            "is" | "are" | "was" | "were" | "has" | "have"
        );
    !noun
        && doc.hits_at(i).iter().any(|h| {
            h.category == Category::KindCue && doc.lex.entry(h.entry).kind.as_deref() == Some("instruction")
        })
}

/// The statement rebuilt: the doer first, hedges dropped, vague wording
/// replaced, then what is missing of how often, measured how and by when.
/// Returns the text and whether an open "ensure" was replaced; `outcome_of_ensure`
/// drops the "ensure" and its doer, leaving the change it asks for.
fn build(
    doc: &Doc,
    draft: &Draft,
    kind: Kind,
    need_m: bool,
    need_t: bool,
    outcome_of_ensure: bool,
) -> (String, bool) {
    let n = doc.tokens.len();
    let mut ops = vec![Op::Keep; n];
    // Someone's own words in quotation marks are kept exactly as said.
    let mut quoted = vec![false; n];
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
    let set = |ops: &mut Vec<Op>, (a, b): (usize, usize), put: Option<String>| {
        if ops[a..b].iter().any(|o| *o != Op::Keep) || quoted[a..b].iter().any(|&q| q) {
            return;
        }
        for o in &mut ops[a..b] {
            *o = Op::Drop;
        }
        if let Some(p) = put.filter(|p| !p.is_empty()) {
            ops[a] = Op::Put(p);
        }
    };
    // A hedge goes; where it carried the commitment ("will try to") a
    // plain "will" stays in its place.
    for h in draft.cues_of(Category::Hedge) {
        let (a, b) = h.tokens;
        // "Mum hopes to attend" → "Mum will attend"; "Mum to try to attend"
        // and "Dad should try to" already carry their own commitment.
        let before = if a > 0 { doc.tokens.norm(a - 1) } else { "" };
        let carries = a > 0
            && (doc.tokens.norm(a) == "will"
                || (doc.tokens.norm(b - 1) == "to"
                    && !matches!(
                        before,
                        "to" | "will" | "should" | "must" | "shall" | "would" | "can" | "could"
                    )));
        set(&mut ops, h.tokens, carries.then(|| "will".to_string()));
    }
    for r in &PHRASING.reword {
        for t in &r.terms {
            let words: Vec<&str> = t.split(' ').collect();
            for i in 0..n.saturating_sub(words.len() - 1) {
                if words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| doc.tokens.norm(i + k) == *w)
                {
                    set(&mut ops, (i, i + words.len()), Some(r.with.clone()));
                }
            }
        }
    }
    // Looked up once per vague word: sets, so long statements stay linear.
    let open_starts: std::collections::HashSet<usize> = draft
        .findings
        .iter()
        .filter(|f| f.rule == Rule::VagueTerm && f.severity >= Severity::Warning)
        .filter_map(|f| f.start)
        .collect();
    let open_vague = |s: &Span| open_starts.contains(&s.start);
    let mut measure_order: Vec<&FoundMeasure> = draft.measures.iter().collect();
    measure_order.sort_by_key(|m| m.span.start);
    let mut slot_when = false;
    let mut slot_often = false;
    let mut ensured = false;
    for v in &draft.vague {
        // A word that is part of an instrument's name ("healthy living chart")
        // names the instrument, not a quality: inside a measure, or just before
        // one with at most one word between.
        // Only the measure that may contain the word and the one just after it matter.
        let at = measure_order.partition_point(|m| m.span.start <= v.span.start);
        let near = measure_order[at.saturating_sub(1)..(at + 1).min(measure_order.len())].iter();
        let names_instrument = near.into_iter().any(|m| {
            m.span.contains(&v.span)
                || token_range(doc, m.span).is_some_and(|(a, _)| {
                    a >= v.tokens.1
                        && a - v.tokens.1 <= 1
                        && (v.tokens.1..a)
                            .all(|i| doc.tokens.raw(doc.text, i).chars().all(char::is_alphabetic))
                })
        });
        if !open_vague(&v.span) || names_instrument {
            continue;
        }
        let mut put = replacement(v.span.text(doc.text));
        if put.ends_with(" so that") {
            ensured = true;
            if outcome_of_ensure {
                put.clear();
            }
        }
        slot_often |= put.contains(HOW_OFTEN);
        set(&mut ops, v.tokens, Some(put));
    }
    for t in draft.timescales.iter().filter(|t| t.kind == TimeKind::Vague) {
        if let Some(r) = token_range(doc, t.span) {
            // "regularly" leaves open how often, not by when.
            if replacement(t.span.text(doc.text)) == HOW_OFTEN {
                set(&mut ops, r, Some(HOW_OFTEN.to_string()));
                slot_often = true;
            } else {
                set(&mut ops, r, Some(when_clause(draft)));
                slot_when = true;
            }
        }
    }

    // Who: a doer at the start keeps its place as "X to …"; otherwise the
    // row's owner cell or a [who] slot, placed where the grammar allows.
    let doer = draft
        .owners
        .iter()
        .filter(|o| o.doer && o.kind != OwnerKind::Collective)
        .max_by_key(|o| o.kind.rank());
    let collective = draft
        .owners
        .iter()
        .find(|o| o.doer && o.kind == OwnerKind::Collective);
    let who = draft
        .owner_cell
        .as_ref()
        .map(|c| c.text.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| WHO.to_string());
    let mut prefix = String::new();
    let mut suffix_who = String::new();
    let acts = matches!(kind, Kind::Action | Kind::Mixed);
    let first_kept = |ops: &[Op]| ops.iter().position(|o| *o != Op::Drop).unwrap_or(n);
    if let Some((a, b)) = doer.and_then(|o| token_range(doc, o.span)) {
        let start_ok = a == 0 || (a == 1 && doc.tokens.norm(0) == "the");
        if start_ok {
            // Skip dropped hedges, then a connector.
            let mut i = b;
            while i < n && ops[i] == Op::Drop {
                i += 1;
            }
            let conn = CONNECTORS.iter().find(|c| {
                (0..c.len()).all(|k| i + k < n && doc.tokens.norm(i + k) == c[k] && ops[i + k] == Op::Keep)
            });
            let hedged = i < n && ops[i] == Op::Put("will".into());
            if hedged {
                i += 1;
                while i < n && ops[i] == Op::Drop {
                    i += 1;
                }
            }
            // An outcome keeps its own wording ("Evie will sleep …"): only an
            // action is put as "X to …".
            let conn = conn.map(|c| c.len()).or(hedged.then_some(0)).filter(|_| acts);
            if let Some(c) = conn {
                let owner_text = doc.span(a, b).text(doc.text);
                for o in &mut ops[..i + c] {
                    *o = Op::Drop;
                }
                prefix = format!("{owner_text} to ");
            }
        }
    } else if let Some((a, b)) = collective.filter(|_| acts).and_then(|o| token_range(doc, o.span)) {
        // "Professionals to …": the group gives way to one person or service.
        let conn = CONNECTORS.iter().find(|c| {
            (0..c.len()).all(|k| b + k < n && doc.tokens.norm(b + k) == c[k] && ops[b + k] == Op::Keep)
        });
        match conn {
            Some(c) if a == 0 || (a == 1 && doc.tokens.norm(0) == "the") => {
                for o in &mut ops[..b + c.len()] {
                    *o = Op::Drop;
                }
                prefix = format!("{who} to ");
            }
            _ => suffix_who = format!(", led by {who}"),
        }
    } else if acts {
        let f = first_kept(&ops);
        if f < n && is_instruction_at(doc, f) {
            prefix = format!("{who} to ");
        } else if is_passive(doc) {
            // "… to be supervised by her foster carers" already says who.
            if draft.owners.is_empty() {
                suffix_who = format!(" by {who}");
            }
        } else {
            suffix_who = format!(", led by {who}");
        }
    }

    // "To improve X" as an outcome: "X to [change …]", so the change reads last.
    let to_slot = match ops.get(1) {
        Some(Op::Put(p))
            if kind == Kind::Outcome && n > 2 && doc.tokens.norm(0) == "to" && p.starts_with('[') =>
        {
            Some(p.clone())
        }
        _ => None,
    };
    let mut body = match &to_slot {
        Some(p) => {
            let mut rest = ops.clone();
            rest[0] = Op::Drop;
            rest[1] = Op::Drop;
            let r = render(doc, &rest, false);
            format!("{} to {p}", r.trim_end_matches(['.', ',', ';', ':', '!', ' ']))
        }
        None => render(doc, &ops, !prefix.is_empty()),
    };
    // Closing punctuation goes, and a joining word left dangling by a
    // replacement at the end; the clauses below end the sentence.
    loop {
        let before = body.len();
        body = body.trim_end_matches(['.', ',', ';', ':', '!', ' ']).to_string();
        for tail in [" so that", " for", " with"] {
            if let Some(b) = body.strip_suffix(tail) {
                body = b.to_string();
            }
        }
        if body.len() == before {
            break;
        }
    }
    let has_measure = !draft.measures.is_empty();
    // "to be measured", "to record": a verb of measuring right after "be" or "to".
    let measuring_verb = (1..n).any(|i| {
        ops[i] == Op::Keep
            && matches!(doc.tokens.norm(i - 1), "be" | "to")
            && matches!(
                doc.tokens.stem(i),
                "measur" | "record" | "assess" | "monitor" | "score" | "rate"
            )
    });
    let mut out = prefix;
    out.push_str(&body);
    if (acts || is_passive(doc)) && need_m && !draft.has_frequency() && !slot_often && !has_measure {
        out.push(' ');
        out.push_str(HOW_OFTEN);
    }
    if need_m && !has_measure {
        if measuring_verb {
            out.push_str(" using ");
            out.push_str(USING);
        } else {
            out.push_str(", ");
            out.push_str(MEASURED_BY);
        }
    }
    out.push_str(&suffix_who);
    if need_t && !draft.has_deadline() && !slot_when {
        out.push_str(", ");
        out.push_str(&when_clause(draft));
    }
    out.push('.');
    (out, ensured)
}

/// A sentence starts with a capital (a template change, never a new name:
/// only the first letter of a word already there).
fn sentence(mut s: String) -> String {
    if let Some(c) = s.chars().next().filter(|c| c.is_lowercase()) {
        s.replace_range(..c.len_utf8(), &c.to_uppercase().to_string());
    }
    s
}

/// The kept tokens as written, with the original spacing, replacements in place.
fn render(doc: &Doc, ops: &[Op], lower_first: bool) -> String {
    let toks = doc.tokens.as_slice();
    let mut out = String::new();
    let mut prev: Option<usize> = None;
    let mut first = true;
    for (i, op) in ops.iter().enumerate() {
        let piece = match op {
            Op::Drop => continue,
            Op::Keep => {
                let raw = doc.tokens.raw(doc.text, i);
                if first
                    && lower_first
                    && is_instruction_at(doc, i)
                    && !raw.chars().skip(1).any(char::is_uppercase)
                {
                    let mut c = raw.chars();
                    c.next()
                        .map(|f| f.to_lowercase().chain(c).collect())
                        .unwrap_or_default()
                } else {
                    raw.to_string()
                }
            }
            Op::Put(p) => p.clone(),
        };
        if !first {
            let spaced = match prev {
                Some(p) if p + 1 == i && matches!(op, Op::Keep) => toks[p].byte_end < toks[i].byte_start,
                _ => !piece.starts_with([',', '.', ';', ':', ')']),
            };
            if spaced {
                out.push(' ');
            }
        }
        out.push_str(&piece);
        first = false;
        prev = Some(i);
    }
    out.trim_start_matches([',', ';', ':', ' ']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_phrasing_parses_and_prefers_the_longest_beginning() {
        assert_eq!(
            replacement("engage with services"),
            "attend [which sessions or appointments, how many]"
        );
        assert_eq!(replacement("Monitored"), "checked and recorded [what, and how]");
        assert!(replacement("stable").starts_with("[what “stable”"));
    }

    #[test]
    fn slots_are_listed_once_in_order() {
        assert_eq!(
            slots_in("[who] to go [how often], [who]."),
            vec!["[who]", "[how often]"]
        );
    }
}
