//! Stage 3: what kind of statement this is — outcome, action, mixed or
//! concern — with the reason in plain words. It reads the grammar stage's
//! main clause (or, with none, the shape of the fragment) and the lexicon's
//! kind cues; rules, in order (see design/scoring.md):
//!
//! 1. A worry, or a description of how things are or were, with no
//!    commitment ("We are worried …", "Dad is drinking …", "Mum was
//!    arrested …", "Poor school attendance") → concern.
//! 2. A commitment ("will", "to", "must", "aims to", "wants to", "is
//!    responsible for"): a task when a professional does it, when the
//!    family attends, engages, completes, contacts or is referred (service
//!    verbs), or when it is done to someone (an agentless passive); the
//!    same task with a changed state as its target ("so that …", "ensure …
//!    95%") is mixed; anything else — a state, ability, behaviour or wish
//!    — is an outcome.
//! 3. A present state with no problem in it ("Children are safe at home",
//!    "Carers know where to get help") is an outcome-framework outcome.
//! 4. A fragment: a bare instruction is an action unless its verb is one of
//!    change or being ("Improve mobility", "Remain sober", "not kick");
//!    "to" + verb is an aim (outcome); a noun phrase of provision ("Access
//!    to speech therapy") is an action, one naming a problem a concern, one
//!    naming a result ("Missing episodes halved") an outcome.
//!
//! The export's own section column decides what the text leaves open.

use crate::grammar::{Clause, Fragment, Modality};
use crate::lexicon::{Category, VerbClass, VerbForms, WordClass};
use crate::record::{Kind, OwnerKind};
use crate::stage::{Decision, Doc, Draft};

fn decision(kind: Kind, reason: impl Into<String>) -> Decision {
    Decision {
        kind,
        reason: reason.into(),
    }
}

/// The first kind cue of `kind` in `first..end`, as written.
fn cue_in(doc: &Doc, first: usize, end: usize, kind: &str) -> Option<String> {
    doc.hits_of(Category::KindCue)
        .filter(|h| h.first >= first && h.first < end)
        .find(|h| doc.lex.entry(h.entry).kind.as_deref() == Some(kind))
        .map(|h| doc.span(h.first, h.end).text(doc.text).to_string())
}

/// The wording that gives a task a changed state as its target.
fn change_target(doc: &Doc, draft: &Draft) -> Option<String> {
    let n = doc.tokens.len();
    if let Some(t) = cue_in(doc, 0, n, "target") {
        return Some(t);
    }
    // "make sure / ensure … rises to 95%": a measured target after ensuring.
    // (Every hit covers a token, so this is "a cue at any token", read off
    // the hits once instead of token by token.)
    let ensure = doc
        .hits_of(Category::KindCue)
        .any(|h| doc.lex.entry(h.entry).kind.as_deref() == Some("ensure"));
    let numeric = draft
        .measures
        .iter()
        .any(|m| matches!(m.kind, "percentage" | "ratio" | "range" | "limit" | "count"));
    if ensure && numeric {
        return Some("a measured target".to_string());
    }
    // "… and check that Leo's weight moves from the 0.4th to the 9th
    // centile": a change with a measure in a clause the task governs.
    let governed_change = doc
        .grammar
        .clauses
        .iter()
        .any(|c| c.subordinate && doc.grammar.tag(c.verb.main).info.verb == VerbClass::Change);
    (governed_change && numeric).then(|| "a measured change".to_string())
}

/// Who a clause's subject is, for what their doing means: a professional's
/// doing is a task; a carer's is a task when it is one of the things carers
/// are asked to do, else a change in how they care; the child's (the
/// person the plan is about) is their outcome, unless they attend, engage,
/// sign up or contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    Professional,
    Carer,
    Child,
    /// No party: a thing, a service, a state.
    Thing,
}

fn actor(doc: &Doc, draft: &Draft, c: &Clause) -> Actor {
    let Some(s) = c.subject else { return Actor::Thing };
    // "[who] to share information": a slot for whoever is responsible;
    // "[which child or adult] will be …": someone whose state changes.
    if doc.tokens.norm(s.first) == "[" {
        return if s.first + 1 < doc.tokens.len() && doc.is(s.first + 1, WordClass::PersonQuestion) {
            Actor::Professional
        } else {
            Actor::Carer
        };
    }
    let span = doc.span(s.first, s.end);
    let Some(o) = draft
        .owners
        .iter()
        .filter(|o| o.span.overlaps(&span))
        .max_by_key(|o| o.kind.rank())
    else {
        return Actor::Thing;
    };
    let (first, end) = (
        doc.tokens.first_at_or_after(o.span.start),
        doc.tokens.first_at_or_after(o.span.end),
    );
    let hit_kind = |cat: Category| {
        (first..end).find_map(|k| {
            doc.hits_at(k)
                .iter()
                .find(|h| h.category == cat)
                .map(|h| doc.lex.entry(h.entry).kind.as_deref() == Some("child"))
        })
    };
    match o.kind {
        OwnerKind::Role | OwnerKind::Agency | OwnerKind::Collective => Actor::Professional,
        // "[who] to complete the chart", "NAME will …": anyone at all, so
        // a task reads as a task and a change as a change.
        OwnerKind::Named if crate::detect::owner::placeholder(doc, first, end) => Actor::Carer,
        OwnerKind::Named => {
            // "Dr Khan", "Daisy (FSW)": a professional; "Ms Smith", "Jan
            // (maternal grandmother)": a carer; "Ava": the child.
            if (first..end).any(|k| doc.is(k, WordClass::ProfessionalTitle)) {
                return Actor::Professional;
            }
            if (first..end).any(|k| {
                doc.hits_at(k)
                    .iter()
                    .any(|h| matches!(h.category, Category::Role | Category::Agency))
            }) {
                return Actor::Professional;
            }
            if (first..end).any(|k| doc.is(k, WordClass::Title)) || hit_kind(Category::Family) == Some(false)
            {
                return Actor::Carer;
            }
            Actor::Child
        }
        OwnerKind::Family => {
            let head = s.head;
            let child_word = hit_kind(Category::Family) == Some(true)
                || doc
                    .classes(head)
                    .any(&[WordClass::Speaker, WordClass::Addressee, WordClass::ThirdPerson])
                || doc.grammar.tag(head).info.noun == crate::lexicon::NounClass::Subject;
            if child_word {
                Actor::Child
            } else {
                Actor::Carer
            }
        }
    }
}

/// "We are worried that …", "There are concerns about …", "At the moment
/// …": the statement opens as a worry or a description of now.
fn worry_frame(doc: &Doc) -> Option<String> {
    let n = doc.tokens.len();
    let opening = doc.grammar.segments.first().map_or(0, |s| s.first);
    // Near the opening, or just after the first clause's verb however long
    // its subject ("Children's social care and the school are worried").
    let after_verb = doc
        .grammar
        .clauses
        .first()
        .filter(|c| !c.subordinate)
        .map_or(0, |c| c.verb.end + 2);
    let near = (opening + 6).max(after_verb).min(n);
    cue_in(doc, opening, near, "concern").or_else(|| {
        let now = (opening..(opening + 3).min(n)).any(|k| doc.kind_cue_at(k, "now"));
        cue_in(doc, opening, (opening + 3).min(n), "problem").filter(|_| now)
    })
}

/// The clause that says what the statement commits to: the first main
/// clause that commits, else the first main clause, else the first.
fn main_clause<'g>(doc: &'g Doc) -> Option<&'g Clause> {
    let g = doc.grammar;
    let main = g
        .clauses
        .iter()
        .find(|c| !c.subordinate && c.verb.modality.commits())
        .or_else(|| g.clauses.iter().find(|c| !c.subordinate));
    // "Jo said: “I will try to feel safe at home”": the speaker's own
    // commitment, in their words, is what the statement commits to.
    match main {
        Some(c) if !c.verb.modality.commits() && doc.is(c.verb.main, WordClass::SpeechVerb) => g
            .clauses
            .iter()
            .find(|o| {
                o.verb.first > c.verb.main
                    && o.verb.modality.commits()
                    && o.subject.is_some_and(|s| doc.is(s.head, WordClass::Speaker))
            })
            .or(main),
        _ => main,
    }
}

/// Decides the statement's kind from its grammar, kind cues and what the
/// detectors found, with the reason in plain words.
pub fn classify(doc: &Doc, draft: &Draft) -> Decision {
    if doc.tokens.is_empty() {
        return decision(Kind::Concern, "empty statement: nothing to commit to");
    }
    let committing = doc
        .grammar
        .clauses
        .iter()
        .any(|c| !c.subordinate && c.verb.modality.commits());
    if let Some(w) = worry_frame(doc) {
        if !committing
            || doc
                .grammar
                .clauses
                .first()
                .is_some_and(|c| !c.verb.modality.commits())
        {
            return decision(
                Kind::Concern,
                format!("records a worry or how things are now (“{w}”), not a commitment to change"),
            );
        }
    }
    let kind = match main_clause(doc) {
        Some(c) if instruction_over(doc, c).is_some() => match change_target(doc, draft) {
            Some(t) => decision(
                Kind::Mixed,
                format!("tells someone to make sure of a change for the child (“{t}”): both an action and an outcome"),
            ),
            None => decision(Kind::Action, "tells someone to make sure something happens: a task"),
        },
        Some(c) => clause_kind(doc, draft, c),
        None => fragment_kind(doc, draft),
    };
    // The export's own section decides what the text leaves open.
    match (doc.ctx.section, &kind) {
        (Some(Kind::Concern), d) if d.kind == Kind::Outcome && !committing => decision(
            Kind::Concern,
            "filed under needs or worries and makes no commitment to change",
        ),
        (Some(Kind::Outcome), d)
            if d.kind == Kind::Action && main_clause(doc).is_none() && !instruction_fragment(doc) =>
        {
            decision(
                Kind::Outcome,
                "filed as an outcome and names no task: read as the change hoped for",
            )
        }
        _ => kind,
    }
}

/// "Ensure appropriate support is in place", "Make sure the children are
/// fed": the clause is the object of an instruction that opens its segment,
/// so the statement is the instruction (a bare imperative is an action).
/// The instruction's token.
pub(crate) fn instruction_over(doc: &Doc, c: &Clause) -> Option<usize> {
    /// "Make sure that the children …": at most two words between the
    /// instruction and the clause's subject.
    const MOST_WORDS_BETWEEN: usize = 2;
    let subject = c.subject?;
    let seg = doc.grammar.segments.get(c.segment)?;
    let f = seg.first;
    let opener = doc.grammar.tag(f).info;
    // "Ensure appropriate support is in place": a verb that is never a noun
    // does not begin the subject, whatever the phrase reader took in.
    let subject_first = if subject.first == f && subject.end > f + 1 && !opener.is_noun() {
        f + 1
    } else {
        subject.first
    };
    (subject_first > f
        && subject_first - f - 1 <= MOST_WORDS_BETWEEN
        && (f + 1..subject_first).all(|k| doc.tokens.norm(k).chars().all(char::is_alphabetic))
        && opener.verb_forms.has(VerbForms::BASE)
        && (doc.kind_cue_at(f, "instruction") || doc.kind_cue_at(f, "service")))
    .then_some(f)
}

/// A commitment, a present state or a past event.
fn clause_kind(doc: &Doc, draft: &Draft, c: &Clause) -> Decision {
    let v = c.verb;
    let who = actor(doc, draft, c);
    match v.modality {
        // "R. cannot blend 4 phonemes", "Sam is unable to read": an ability
        // denied is how things are now. A rule put the same way ("cannot be
        // left alone with …", "cannot drink when caring for …") is passive
        // or says when it holds, and stays a commitment.
        Modality::Can if v.negated && !v.passive && !triggered(doc, draft, c) && !when_clause_in(doc, c) => {
            decision(
                Kind::Concern,
                "says what someone cannot do now, with no commitment to change",
            )
        }
        m if m.commits() => commitment_kind(doc, draft, c, who),
        Modality::May | Modality::Would => {
            // "Mum may attend the course": a hedged task; "Mum may struggle
            // to …", "Noah could be hurt if …": a worry. What a professional
            // may need to do ("may need to speak with the DSL") is their task.
            let task = doc.kind_cue_at(v.main, "service")
                || (who == Actor::Professional && doc.kind_cue_at(v.main, "instruction"));
            if task && !doc.kind_cue_at(v.main, "problem") {
                decision(Kind::Action, "says someone may do a task (a hedged action)")
            } else {
                decision(Kind::Concern, "says what might happen, not what will change")
            }
        }
        // "Missing episodes reduced by 50% over two terms", "Rent arrears
        // cleared and no new arrears for 3 months": a thing's change with a
        // size or a count to reach is an indicator of the outcome, written
        // as a headline.
        Modality::Past
            if who == Actor::Thing
                && !v.passive
                && v.first == v.main
                && (doc.grammar.tag(v.main).info.verb == VerbClass::Change
                    || doc.kind_cue_at(v.main, "change")
                    || doc.kind_cue_at(v.main, "result"))
                && !draft.measures.is_empty() =>
        {
            decision(
                Kind::Outcome,
                "names a result to be reached: what will be different",
            )
        }
        Modality::Past => decision(Kind::Concern, "describes what has happened, not what will change"),
        _ => present_kind(doc, draft, c),
    }
}

fn commitment_kind(doc: &Doc, draft: &Draft, c: &Clause, who: Actor) -> Decision {
    let v = c.verb;
    let target = change_target(doc, draft);
    // "Jess would like to study art, so the designated teacher will arrange
    // a taster day": a wish and the provision for it.
    if v.modality == Modality::Wish {
        let provision = doc.grammar.clauses.iter().any(|o| {
            o.verb.first > v.end
                && o.verb.modality.commits()
                && o.verb.modality != Modality::Wish
                && actor(doc, draft, o) != Actor::Thing
        });
        if provision {
            return decision(
                Kind::Mixed,
                "a wish for the child and the task that will bring it about: both an outcome and an action",
            );
        }
        return decision(
            Kind::Outcome,
            "states a wish: what the person wants to be different",
        );
    }
    // "Given a visual model, __ will write his first name in 4 of 5
    // trials": a goal with the setting it is tested in and a bar to reach
    // is the skill the learner will show, however active its verb.
    if who != Actor::Professional && tested_goal(doc, draft, c) {
        return decision(
            Kind::Outcome,
            "says what the learner will be able to do, in a set situation, to a stated standard",
        );
    }
    let task = is_task(doc, draft, c, who);
    // "FSW to improve home conditions": the task is the change itself.
    let target = target.or_else(|| {
        (who == Actor::Professional
            && !v.passive
            && doc.kind_cue_at(v.main, "change")
            && !doc.kind_cue_at(v.main, "instruction"))
        .then(|| doc.tokens.raw(doc.text, v.main).to_string())
    });
    match (task, target) {
        (Some(why), Some(t)) => decision(
            Kind::Mixed,
            format!(
                "{why}, with a change for the child as its target (“{t}”): both an action and an outcome"
            ),
        ),
        (Some(why), None) => decision(Kind::Action, why),
        (None, Some(t)) if matches!(who, Actor::Carer | Actor::Child) => decision(
            Kind::Mixed,
            format!("something the family will do, with a change for the child as its target (“{t}”)"),
        ),
        (None, _) if v.negated => decision(
            Kind::Outcome,
            "says what will stop or not happen: a change in behaviour or safety",
        ),
        (None, _) => decision(
            Kind::Outcome,
            "describes what will be different: a state, ability or behaviour",
        ),
    }
}

/// A joining word after the clause's verb opens a clause of when or why it
/// holds ("… when caring for the children", "… while Dad is at home").
fn when_clause_in(doc: &Doc, c: &Clause) -> bool {
    doc.grammar
        .segments
        .get(c.segment)
        .is_some_and(|seg| (c.verb.end..seg.end).any(|k| doc.opens_side_clause(k)))
}

/// The clause's segment holds its trigger (see [`triggered_segment`]).
fn triggered(doc: &Doc, draft: &Draft, c: &Clause) -> bool {
    doc.grammar
        .segments
        .get(c.segment)
        .is_some_and(|seg| triggered_segment(doc, draft, seg))
}

/// A segment holds a trigger ("if", "whenever", "unless", or a clause put
/// first with "when") and the statement no share of occasions to reach:
/// "When given a task, Sam will start it … in 8 out of 10 tasks" is a skill
/// measured over occasions, not a step taken when something happens.
pub(crate) fn triggered_segment(doc: &Doc, draft: &Draft, seg: &crate::grammar::Segment) -> bool {
    let fronted = seg.first < seg.end && doc.opens_side_clause(seg.first);
    let conditional = (seg.first..seg.end).any(|k| doc.is(k, WordClass::Conditional));
    let success_rate = draft
        .measures
        .iter()
        .any(|m| matches!(m.kind, "percentage" | "ratio"));
    (fronted || conditional) && !success_rate
}

/// The clause's segment sets the situation a goal is tested in ("Given a
/// prompt", "when given a task") and the statement sets a bar to reach (a
/// measure or a time limit).
fn tested_goal(doc: &Doc, draft: &Draft, c: &Clause) -> bool {
    let Some(seg) = doc.grammar.segments.get(c.segment) else {
        return false;
    };
    let condition = (seg.first..seg.end).any(|k| {
        doc.is(k, WordClass::Condition)
            && !(c.verb.first..c.verb.end).contains(&k)
            && !(k > 0
                && doc.classes(k - 1).any(&[
                    WordClass::Be,
                    WordClass::Have,
                    WordClass::Modal,
                    WordClass::Determiner,
                ]))
    });
    condition && (!draft.measures.is_empty() || draft.has_deadline())
}

/// Why the clause is a task, if it is one.
fn is_task(doc: &Doc, draft: &Draft, c: &Clause, who: Actor) -> Option<&'static str> {
    let v = c.verb;
    let main = v.main;
    if v.passive && !v.negated {
        // "Maya will be kept safe", "Tane is looked after": how someone is
        // kept is their outcome; "Ava will be registered" is a task.
        // "Grace's anxiety to be rated at 3 or below" is a level to reach;
        // "Charlotte's emotions to be measured", with no level, is the
        // measuring still to be done.
        let measuring = doc.kind_cue_at(main, "evidence")
            && draft.measures.iter().all(|m| {
                matches!(m.kind, "record" | "scale" | "test" | "standard" | "instrument")
                    && !m.span.text(doc.text).chars().any(|ch| ch.is_ascii_digit())
            });
        if doc.kind_cue_at(main, "care") && !doc.kind_cue_at(main, "instruction") && !measuring {
            return None;
        }
        return Some("says something will be done, without saying who does it: reads as a task");
    }
    if v.negated {
        return None;
    }
    let instruction = doc.kind_cue_at(main, "instruction") || doc.kind_cue_at(main, "evidence");
    if who == Actor::Professional {
        // A professional's doing is a task; "School will be a safe place"
        // or "Professionals will have a shared plan" too.
        return Some("says someone is to do a task");
    }
    if doc.kind_cue_at(main, "service") {
        return Some(
            "says someone is to attend, engage, complete or arrange something: a task, even for the family",
        );
    }
    // What a carer is asked to do for the child ("Mum to give Leo his
    // inhaler", "Dad to get a job"); how they behave is their change
    // ("Mum will use the calm-down plan", "Dad to stop drinking").
    if who == Actor::Carer && instruction && !doc.kind_cue_at(main, "behaviour") {
        return Some("says someone is to do a task");
    }
    // "If Dad comes home drunk, I will text my aunt": a step taken when
    // something happens is a task in a safety plan, whoever takes it; a
    // skill shown on a share of occasions ("when given a task, Sam will
    // start it in 8 of 10") is not.
    if instruction && triggered(doc, draft, c) {
        return Some("says what someone will do when something happens: a step in the plan, a task");
    }
    // Receiving a service ("Tyler to have 1:1 support from a TA").
    if (doc.is(main, WordClass::HaveOrGet) || doc.is(main, WordClass::ReceiveVerb))
        && doc.provision_after(main)
    {
        return Some("says someone is to receive a service: a task for whoever gives it");
    }
    // "Mum to ensure the children are safe": an instruction to make sure.
    if doc.kind_cue_at(main, "ensure") && instruction {
        return Some("says someone is to make sure something happens: a task");
    }
    // A thing as subject: provision ("Contact to be every Saturday",
    // "Support to continue") is a task; a state ("The home will be free of
    // …") is not.
    if who == Actor::Thing {
        if let Some(s) = c.subject {
            if doc.kind_cue_at(s.head, "provision") && doc.grammar.tag(main).info.verb != VerbClass::Change {
                return Some("says a service or arrangement is to be in place: a task");
            }
        }
    }
    None
}

/// A present finite clause: how things are.
fn present_kind(doc: &Doc, draft: &Draft, c: &Clause) -> Decision {
    let v = c.verb;
    let n = doc.tokens.len();
    // "Mum and Dad agree they will not drink": the promise is the clause after.
    if doc.is(v.main, WordClass::PromiseVerb) {
        if let Some(next) = doc
            .grammar
            .clauses
            .iter()
            .find(|o| o.verb.first > v.main && o.verb.modality.commits())
        {
            return commitment_kind(doc, draft, next, actor(doc, draft, next));
        }
    }
    // "Kayleigh needs support", "Sophie says she doesn't feel safe": a need
    // or a report of how things are.
    let reported = doc.is(v.main, WordClass::NeedVerb) || doc.is(v.main, WordClass::SpeechVerb);
    let problem = cue_in(doc, 0, n, "problem")
        .or_else(|| cue_in(doc, 0, n, "habit"))
        .or_else(|| reported.then(String::new));
    // "Leo is 2 years old and not yet walking": any clause saying what is
    // not, or is going on, makes a statement of how things are a concern.
    let describes_now = doc
        .grammar
        .clauses
        .iter()
        .any(|o| !o.verb.modality.commits() && (o.verb.negated || o.verb.progressive || o.verb.perfect));
    if v.progressive || v.perfect || v.negated || describes_now || problem.is_some() {
        return decision(
            Kind::Concern,
            "describes how things are now, with no commitment to change",
        );
    }
    // "Student reads a grade 3 text at 110 WPM by the year-end benchmark":
    // a present state by a deadline is a goal.
    if draft.has_deadline() {
        return decision(Kind::Outcome, "describes a state to be reached by a date");
    }
    // A number with no date is how things are now (a baseline).
    if !draft.measures.is_empty() {
        return decision(
            Kind::Concern,
            "gives facts about how things are now (a baseline), with no commitment to change",
        );
    }
    decision(
        Kind::Outcome,
        "describes a state that shows the change (how things will be when the plan works)",
    )
}

/// A fragment that opens with an instruction verb ("Complete the chart").
fn instruction_fragment(doc: &Doc) -> bool {
    doc.grammar.segments.iter().any(|s| match s.fragment {
        Fragment::BareVerb(v) => doc.kind_cue_at(v, "instruction") || doc.kind_cue_at(v, "service"),
        _ => false,
    })
}

/// A statement with no clause: its first segment's shape.
fn fragment_kind(doc: &Doc, draft: &Draft) -> Decision {
    let g = doc.grammar;
    let Some(seg) = g.segments.iter().find(|s| s.fragment != Fragment::None) else {
        return decision(
            Kind::Action,
            "names a service or task with no change described: reads as provision, not an outcome",
        );
    };
    let n = doc.tokens.len();
    match seg.fragment {
        Fragment::BareVerb(v) => {
            let t = doc.grammar.tag(v);
            let negated = v > seg.first && doc.grammar.tag(v - 1).negates_verb();
            let change = t.info.verb == VerbClass::Change || doc.kind_cue_at(v, "change");
            let being = doc.is(v, WordClass::Be) || doc.is(v, WordClass::LinkingVerb);
            // "Lead a healthier lifestyle", "become more independent": a
            // comparison says what will be different.
            let compared = (v + 1..seg.end)
                .any(|k| doc.is(k, WordClass::Comparative) || doc.tokens.norm(k).ends_with("ier"));
            // A verb that opens with its subject left out ("plans out the
            // day", "adapts to", "can manage"): an ability.
            let finite = t.info.verb_forms.has(VerbForms::THIRD) && !t.info.verb_forms.has(VerbForms::BASE);
            if negated
                || (change && !doc.kind_cue_at(v, "instruction"))
                || being
                || finite
                || (compared && !doc.kind_cue_at(v, "service"))
            {
                return decision(Kind::Outcome, "states an aim: what should be different");
            }
            if let Some(t) = change_target(doc, draft) {
                return decision(
                    Kind::Mixed,
                    format!("an instruction with a change for the child as its target (“{t}”)"),
                );
            }
            decision(
                Kind::Action,
                "starts with an instruction: reads as a task, not a change for the child",
            )
        }
        Fragment::ToInfinitive(v) => {
            // "To be discussed at the next core group": a task to be done.
            let passive = doc.is(v, WordClass::Be) && {
                let p = doc.grammar.tag(v + 1);
                p.info.verb_forms.has(VerbForms::PARTICIPLE) || doc.is(v + 1, WordClass::Participle)
            };
            if passive {
                return decision(
                    Kind::Action,
                    "says something is to be done, without saying who does it: reads as a task",
                );
            }
            if let Some(t) = change_target(doc, draft) {
                if doc.kind_cue_at(v, "instruction") || doc.kind_cue_at(v, "service") {
                    return decision(
                        Kind::Mixed,
                        format!("a task with a change for the child as its target (“{t}”): both an action and an outcome"),
                    );
                }
            }
            decision(Kind::Outcome, "states an aim: what should be different")
        }
        Fragment::NounPhrase(head) => {
            let first = seg.first;
            if first < n && doc.is(first, WordClass::Zero) {
                return decision(Kind::Outcome, "says what will not happen: a safety outcome");
            }
            // "Missing episodes halved", "Reoffending down by a quarter",
            // "School attendance of at least 90%": a result.
            let result = (first..seg.end).any(|k| {
                let t = doc.grammar.tag(k);
                (t.info.verb_forms.has(VerbForms::PAST)
                    && (t.info.verb == VerbClass::Change || doc.kind_cue_at(k, "change")))
                    || doc.kind_cue_at(k, "result")
            });
            if result || (!draft.measures.is_empty() && doc.kind_cue_at(head, "change")) {
                return decision(
                    Kind::Outcome,
                    "names a result to be reached: what will be different",
                );
            }
            // "Speech therapy: 90 minutes weekly": the heading names the
            // service, the line its dose.
            let heading_names_service = seg
                .heading
                .is_some_and(|(a, b)| (a..b).any(|k| doc.kind_cue_at(k, "provision")));
            if heading_names_service || (first..=head).any(|k| doc.kind_cue_at(k, "provision")) {
                return decision(
                    Kind::Action,
                    "names a service or support to be given: reads as provision, not an outcome",
                );
            }
            if cue_in(doc, first, n, "problem").is_some() || cue_in(doc, first, n, "concern").is_some() {
                return decision(
                    Kind::Concern,
                    "names a difficulty or risk, not a commitment to change",
                );
            }
            if !draft.measures.is_empty() {
                return decision(
                    Kind::Outcome,
                    "names a result to be reached: what will be different",
                );
            }
            match doc.ctx.section {
                Some(Kind::Concern) => decision(
                    Kind::Concern,
                    "filed under needs or worries and makes no commitment to change",
                ),
                Some(Kind::Outcome) => decision(
                    Kind::Outcome,
                    "filed as an outcome and names no task: read as the change hoped for",
                ),
                _ => decision(
                    Kind::Action,
                    "names a service or task with no change described: reads as provision, not an outcome",
                ),
            }
        }
        Fragment::None => decision(
            Kind::Action,
            "names a service or task with no change described: reads as provision, not an outcome",
        ),
    }
}
