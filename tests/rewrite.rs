//! The rewrite: shaped like the guidance's corrections, never inventing a fact,
//! and better than the statement once its slots are filled.

use proptest::prelude::*;
use smartplan::lexicon::Category;
use smartplan::record::{Analysis, Criterion, Kind};
use smartplan::rewrite::{HOW_OFTEN, UNTIL, WHO};
use smartplan::rules::Severity;
use smartplan::{Analyser, Context};
use std::sync::LazyLock;

static AN: LazyLock<Analyser> = LazyLock::new(Analyser::builtin);

fn ctx() -> Context<'static> {
    Context {
        reference: smartplan::Reference::given_or_today(
            chrono::NaiveDate::from_ymd_opt(2026, 1, 10),
            chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
        ),
        ..Context::new(smartplan::Reference::today(
            chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
        ))
    }
}

fn analyse(text: &str) -> Analysis {
    AN.analyse(text, &ctx())
}

/// The rewrite with every `[slot]` blanked out (same length in chars, so
/// offsets still line up), and the char ranges the slots covered.
fn outside_slots(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::new();
    let mut ranges = Vec::new();
    let mut depth_start = None;
    for (i, c) in text.chars().enumerate() {
        match (c, depth_start) {
            ('[', None) => {
                depth_start = Some(i);
                out.push(' ');
            }
            (']', Some(s)) => {
                ranges.push((s, i + 1));
                depth_start = None;
                out.push(' ');
            }
            (_, Some(_)) => out.push(' '),
            (c, None) => out.push(c),
        }
    }
    (out, ranges)
}

fn digit_groups(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(str::to_string)
        .collect()
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .collect()
}

const MONTHS: [&str; 12] = [
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
];

/// Every fact in `rewrite` outside its slots is in `input`: digit groups,
/// month names, capitalised words (bar the first word of the sentence) and
/// services the lexicons know (case-insensitive). Returns what was invented.
fn invented(input: &str, rewrite: &str) -> Vec<String> {
    let (plain, _) = outside_slots(rewrite);
    let in_digits = digit_groups(input);
    let in_words: Vec<String> = words(input).iter().map(|w| w.to_lowercase()).collect();
    let mut bad = Vec::new();
    for g in digit_groups(&plain) {
        if !in_digits.contains(&g) {
            bad.push(g);
        }
    }
    for (i, w) in words(&plain).into_iter().enumerate() {
        let low = w.to_lowercase();
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let month = MONTHS.contains(&low.as_str()) && capital;
        if (month || (capital && i > 0)) && !in_words.contains(&low) {
            bad.push(w.to_string());
        }
    }
    let input_low = input.to_lowercase();
    AN.with_doc(&plain, &ctx(), |doc| {
        for h in doc.hits_of(Category::Agency) {
            let s = doc.span(h.first, h.end).text(&plain).to_lowercase();
            if !input_low.contains(&s) {
                bad.push(s);
            }
        }
    });
    bad
}

/// A plausible value for each slot, so the filled rewrite can be analysed.
fn fill(text: &str) -> String {
    const TABLE: &[(&str, &str)] = &[
        ("[who", "the social worker"),
        ("[what kind", "two-bedroom"),
        ("[by when", "by 30/04/2026"),
        ("[until when", "until 30/04/2026"),
        ("[how often", "weekly"),
        ("[which record", "the attendance register"),
        ("[how, and by whom", "weekly visits by the social worker"),
        ("[which sessions", "all 6 sessions of the parenting course"),
        ("[what good looks like", "at school on at least 9 days in 10"),
        ("[which child", "Kian"),
        ("[level now", "60%"),
        ("[target level", "90%"),
        ("[how much", "6"),
        ("[how many", "6"),
    ];
    let mut out = text.to_string();
    for slot in smartplan::rewrite::slots_in(text) {
        let value = TABLE
            .iter()
            .find(|(p, _)| slot.starts_with(p))
            .map(|(_, v)| *v)
            .unwrap_or("at least 6 home visits");
        out = out.replace(&slot, value);
    }
    out
}

fn load_corpus() -> Option<Vec<(String, String)>> {
    load_corpus_files(&["statements"])
}

/// Every bundled corpus: own statements, seeds, other plan types, real-world.
fn load_all_corpora() -> Option<Vec<(String, String)>> {
    load_corpus_files(&["statements", "seeds", "plan-types", "real-world"])
}

fn load_corpus_files(names: &[&str]) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for name in names {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("corpus/{name}.jsonl"));
        let Ok(body) = std::fs::read_to_string(&path) else {
            eprintln!("note: {} absent; corpus checks skipped", path.display());
            return None;
        };
        out.extend(
            body.lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| Some((v["id"].as_str()?.to_string(), v["text"].as_str()?.to_string()))),
        );
    }
    Some(out)
}

/// Problems with a rewrite as a statement in its own right: vague wording
/// left outside slots, or a kind that does not match what it set out to be.
fn rewrite_problems(a: &Analysis) -> Vec<String> {
    let Some(r) = &a.rewrite else { return vec![] };
    let mut out = Vec::new();
    for s in &r.slots {
        if !(s.starts_with('[') && s.ends_with(']') && s.len() > 2 && r.text.contains(s.as_str())) {
            out.push(format!("bad slot {s}"));
        }
    }
    let b = analyse(&r.text);
    // Vague wording is judged once the slots are filled: "improve their
    // behaviour from [level now] to [target level]" is pinned by the levels
    // the worker writes in.
    let filled = analyse(&fill(&r.text));
    for f in &filled.findings {
        if f.rule == "vague-term" && f.severity >= Severity::Warning {
            out.push(format!("vague left: {:?}", f.text));
        }
    }
    let ok = match a.kind {
        Kind::Action => matches!(b.kind, Kind::Action | Kind::Mixed),
        Kind::Outcome | Kind::Concern => matches!(b.kind, Kind::Outcome | Kind::Mixed),
        Kind::Mixed => b.kind != Kind::Concern,
    };
    if !ok {
        out.push(format!("{} rewrite reads as {}", a.kind.name(), b.kind.name()));
    }
    out
}

/// The rewrite of `text`, or "" when there is none.
fn rewrite_of(text: &str) -> String {
    analyse(text).rewrite.map(|r| r.text).unwrap_or_default()
}

/// Runs a table of (statement, words the rewrite must hold, words it must not).
fn check_table(table: &[(&str, &[&str], &[&str])]) {
    let mut failures = Vec::new();
    for (text, must, must_not) in table {
        let r = rewrite_of(text);
        for m in *must {
            if !r.contains(m) {
                failures.push(format!("{text}\n  -> {r:?}\n  lacks {m:?}"));
            }
        }
        for m in *must_not {
            if r.contains(m) {
                failures.push(format!("{text}\n  -> {r:?}\n  has {m:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// Fault 1 (issue 22): "[how often]" on a one-off task, a state, a rule or a
// frequency already given. Counter-cases: work that recurs still asks it.
#[test]
fn how_often_is_asked_only_of_work_that_recurs() {
    check_table(&[
        (
            "Mum to book a dental check-up for Sam by 14/02/2027",
            &[],
            &[HOW_OFTEN],
        ),
        (
            "Housing officer to refer Sam to CAMHS",
            &["by when"],
            &[HOW_OFTEN],
        ),
        (
            "Find a new place to live",
            &["[who] to find a new place to live"],
            &[HOW_OFTEN],
        ),
        (
            "Mother will obtain a two-bedroom apartment with running water.",
            &["by when"],
            &[HOW_OFTEN],
        ),
        (
            "SW to complete the referral to the housing team",
            &["by when"],
            &[HOW_OFTEN],
        ),
        (
            "Dad will not drink when caring for the children",
            &[],
            &[HOW_OFTEN],
        ),
        ("Zane will keep his hands and feet to himself.", &[], &[HOW_OFTEN]),
        (
            "Your PA will meet you face to face at least every eight weeks.",
            &[],
            &[HOW_OFTEN],
        ),
        // What is helped with decides: signing up is done once.
        (
            "We will help and support you to sign up with a GP and a dentist.",
            &["by when"],
            &[HOW_OFTEN, UNTIL],
        ),
        (
            "The support worker will help the staff find ways of talking with Daniel.",
            &["by when"],
            &[HOW_OFTEN],
        ),
        // A verb of one-off work joined to an ongoing one.
        (
            "Student will meet the counsellor and pick a course that teaches cooking.",
            &["by when"],
            &[HOW_OFTEN, "as shown by"],
        ),
        // One occasion as the object.
        (
            "Daniel will go along to his first appointment at the jobs office.",
            &["by when"],
            &[HOW_OFTEN],
        ),
        // Work that could recur, given one date: done once, nothing asked.
        (
            "Daniel, with Grace's help, will phone the employment programme. (next week)",
            &[],
            &[HOW_OFTEN, "as shown by"],
        ),
        // A vague time word on work that recurs asks how often, never by
        // when as well.
        (
            "Children's Services to review the case in due course",
            &["review the case [how often]"],
            &["by when"],
        ),
        (
            "We will check in with you regulary",
            &["[how often]"],
            &["by when"],
        ),
        // Counter-cases: recurring work with no frequency.
        (
            "Mum to attend the parenting course",
            &["attend the parenting course [how often]"],
            &[],
        ),
        ("SW to visit the family", &["visit the family [how often]"], &[]),
        (
            "Dad will visit and support the children.",
            &["Dad will visit and give [what help] to the children [how often]"],
            &[],
        ),
        ("We will help you to attend your appointments.", &[HOW_OFTEN], &[]),
    ]);
}

// Fault 2: the key missing piece not asked for — who does an instruction or
// a passive task. Counter-cases keep their named doer.
#[test]
fn a_missing_doer_is_asked_where_the_subject_goes() {
    check_table(&[
        ("Find a Job", &["[who] to find a Job"], &["led by"]),
        (
            "Child to be seen at least once every 15 working days.",
            &["to be seen by [who] at least once"],
            &[],
        ),
        (
            "Administer prn analgesia.",
            &["[who] to administer prn analgesia"],
            &[],
        ),
        // An instruction over a clause: its doer goes before the instruction.
        (
            "Ensure the home is clean and tidy",
            &["[who] to take [which steps] so that the home is clean"],
            &["look like"],
        ),
        (
            "Make sure the children achieve their potential",
            &["[who] to take [which steps] so that the children"],
            &[],
        ),
        // Counter-cases: someone is named.
        ("Mum to attend the parenting course", &["Mum to attend"], &[WHO]),
        (
            "Mum to ensure the children are fed",
            &["Mum to take [which steps] so that the children are fed"],
            &[WHO],
        ),
        (
            "Prevention officer to carry out an assessment with the YP.",
            &["Prevention officer to carry out"],
            &[WHO],
        ),
    ]);
}

// Fault 3: a deadline slot when a date is given, or on a standing rule.
#[test]
fn no_deadline_slot_when_a_date_is_given_or_the_statement_is_a_standing_rule() {
    check_table(&[
        (
            "Dad will not drink when caring for the children",
            &["checked by [how, and by whom]"],
            &["by when"],
        ),
        (
            "Mum and Dad agree they will not drink any alcohol while Kai is in their care.",
            &[],
            &["by when"],
        ),
        (
            "Zane will keep his hands and feet to himself.",
            &["checked by"],
            &["by when"],
        ),
        ("Complete my GED by this time next year.", &[], &["by when"]),
        (
            "Put $400 into an emergency fund within 3 months.",
            &[],
            &["by when"],
        ),
        // Counter-cases: a change or a one-off task with no date asks by when.
        (
            "Patient will walk 60 feet.",
            &["Patient will walk 60 feet [by when, dd/mm/yyyy]."],
            &[],
        ),
        ("Mum to book a dental check-up for Sam", &["[by when"], &[]),
    ]);
}

// Fault 4: a generic template instead of the concern. The person and the
// worry stay; a negated state is turned into the outcome.
#[test]
fn a_concern_becomes_an_outcome_about_the_person_it_names() {
    check_table(&[
        (
            "Maria is not taking her prescribed medication.",
            &["Maria will take her prescribed medication"],
            &["What needs to change", " not "],
        ),
        // The worry stays, in its own words, inside the slot for the good
        // wanted instead: the rewrite does not lose it.
        (
            "Noah (3) has been left with unsuitable adults on four occasions since June.",
            &["Noah (3) will be [what good looks like instead of “has been left with unsuitable adults on four occasions since June”"],
            &["What needs to change"],
        ),
        // Each verb joined to the turned one takes its base form too.
        (
            "Kyle is not attending school or seeing his friends.",
            &["Kyle will attend school or see his friends"],
            &["seeing"],
        ),
        // A negated verb that ends the statement, nothing after it.
        ("Sam does not attend", &["Sam will attend"], &[" not "]),
        ("Mum doesn't attend", &["Mum will attend"], &["n't"]),
        // Counter-case: a concern that names nobody asks whose it is, and
        // quotes the whole worry.
        (
            "There are concerns about Mum's drinking",
            &["[which child or adult] will be [what good looks like instead of “There are concerns about Mum's drinking”"],
            &["There are concerns about Mum's drinking ["],
        ),
    ]);
}

// Fault 5: a measure slot when the measure is there.
#[test]
fn no_measure_slot_when_a_record_or_number_is_named() {
    check_table(&[
        (
            "SW to visit Sam 6 times by 30/04/2026.",
            &[],
            &["as shown by", "measured by"],
        ),
        ("Patient will walk 60 feet.", &[], &["as shown by", "measured by"]),
        // Work at a stated frequency is counted against it; a service is
        // asked how often and by whom, not for a record.
        (
            "Case and intervention plan to be reviewed in supervision every 3 months.",
            &["reviewed by [who]"],
            &["as shown by"],
        ),
        (
            "Independent travel training from Year 9",
            &["provided by [who]"],
            &["as shown by"],
        ),
        // A vague word an example explains keeps its words.
        (
            "Mum will get support such as a family support worker.",
            &["support such as a family support worker"],
            &["[what “support”", "give [what help]"],
        ),
        // Counter-case: no example, so the slot stays.
        (
            "Mum will get appropriate support.",
            &["[what “appropriate support” will look like"],
            &[],
        ),
        // A slot leaves the "to" that leads into a verb with its verb.
        (
            "Opportunities to practise sharing in small groups",
            &["[what “Opportunities” will look like, in a way anyone can check] to practise"],
            &["Opportunities to”"],
        ),
        // A phrase dropped whole needs the verb it led into.
        (
            "Mum to continue with the course",
            &["Mum to continue with the course"],
            &["Mum with"],
        ),
        ("Mum to continue to attend", &["Mum to attend"], &["continue"]),
        // A vague verb whose means follows ("by slowing …") is kept.
        (
            "Sam will work towards clearer speech by slowing his rate of speech.",
            &["work towards clearer speech by slowing"],
            &["in place of"],
        ),
        // Counter-case: nothing says how it will be known.
        (
            "Patient will walk from the bed to the bathroom.",
            &["as shown by [which record"],
            &[],
        ),
    ]);
}

// Fault 6: a vague word swapped for a slot that breaks the sentence.
#[test]
fn more_better_improve_become_a_from_to_slot_in_a_whole_sentence() {
    check_table(&[
        // The change word keeps its direction; the levels are asked.
        (
            "The student will improve their behaviour.",
            &["The student will improve their behaviour from [level now] to [target level]"],
            &["raise", "[level now] to [target level] from"],
        ),
        (
            "Improve mobility",
            &["Improve mobility from [level now] to [target level]"],
            &[],
        ),
        (
            "Patient will show improvement.",
            &["show improvement from [level now] to [target level]"],
            &["change"],
        ),
        // Before the noun it describes, the levels follow the noun.
        (
            "Goal: improved skin turgor and fewer falls",
            &["improved skin turgor from [level now] to [target level]"],
            &["improved from"],
        ),
        (
            "Patient will feel less anxious.",
            &["feel less anxious (from [level now] to [target level])"],
            &[],
        ),
        (
            "Tomas will increase his reading comprehension, fluency and decoding skills.",
            &["Tomas will increase his reading comprehension, fluency and decoding skills from [level now]"],
            &[],
        ),
        // Counter-case: a change already measured keeps its words.
        (
            "The child will raise their reading fluency from 45 to 85 words per minute within six months.",
            &[],
            &["["],
        ),
    ]);
}

// Fault 7: the owner slot misplaced or doubled ("[measured by] by [who]").
#[test]
fn owner_slot_is_never_read_as_who_measures_and_never_doubled() {
    let Some(corpus) = load_all_corpora() else { return };
    for (id, text) in &corpus {
        let r = rewrite_of(text);
        assert!(!r.contains("observation] by [who]"), "{id}: {r}");
        assert!(!r.contains("by whom] by [who]"), "{id}: {r}");
        assert!(!r.contains("[measured by]"), "{id}: {r}");
    }
}

// Fault 8: multi-sentence cells got their slots on the last sentence only.
#[test]
fn each_sentence_of_a_cell_gets_its_own_slots() {
    check_table(&[
        (
            "Find a flat. Register with a GP.",
            &["[who] to find a flat [by when, dd/mm/yyyy]. [who] to register with a GP [by when, dd/mm/yyyy]."],
            &[],
        ),
        // Counter-case: a date in the second sentence meets Timely for both.
        (
            "The support network will each come up with two places where Daniel could apply for work. The list will be given to Daniel within one month.",
            &[],
            &["by when"],
        ),
    ]);
}

#[test]
fn statements_meeting_every_criterion_get_no_rewrite() {
    let Some(corpus) = load_all_corpora() else { return };
    let mut met = 0;
    for (id, text) in &corpus {
        let a = analyse(text);
        let all_met = [Criterion::Specific, Criterion::Measurable, Criterion::Timely]
            .iter()
            .all(|&c| a.smart.get(c).score == 2)
            && !a.findings.iter().any(|f| f.rule == "hedged-commitment");
        if all_met {
            met += 1;
            assert!(
                a.rewrite.is_none(),
                "{id}: {text}\n  -> {:?}",
                a.rewrite.map(|r| r.text)
            );
        }
    }
    assert!(met > 50, "only {met} statements meet every criterion?");
}

#[test]
fn every_corpus_rewrite_invents_nothing_and_reads_back_as_its_kind() {
    let Some(corpus) = load_all_corpora() else { return };
    let mut rewritten = 0;
    let mut clean = 0;
    for (id, text) in &corpus {
        let a = analyse(text);
        let Some(r) = &a.rewrite else { continue };
        rewritten += 1;
        let bad = invented(text, &r.text);
        assert!(
            bad.is_empty(),
            "{id}: {text}\n  -> {}\n  invented {bad:?}",
            r.text
        );
        let p = rewrite_problems(&a);
        if p.is_empty() {
            clean += 1;
        } else {
            eprintln!("{id}: {text}\n  -> {}\n  {p:?}", r.text);
        }
    }
    eprintln!(
        "corpora: {} statements, {rewritten} rewritten, {clean} read back as their kind with no open vague word",
        corpus.len()
    );
    // 94%, not 95%: 570 of 600 today. Most misses are concerns with no one
    // to name ("There have been 4 police call-outs …"), whose "[which
    // child or adult] will be …" reads back as a task. Known, open.
    assert!(clean * 100 >= rewritten * 94, "{clean}/{rewritten}");
}

#[test]
fn corpus_filled_rewrites_score_no_lower_than_the_statement() {
    let Some(corpus) = load_corpus() else { return };
    let (mut rewritten, mut higher, mut lower) = (0, 0, 0);
    for (id, text) in &corpus {
        let a = analyse(text);
        let Some(r) = &a.rewrite else { continue };
        rewritten += 1;
        let filled = fill(&r.text);
        let b = analyse(&filled);
        if b.score > a.score {
            higher += 1;
        } else {
            eprintln!("{id}: {text} ({})\n  -> {filled} ({})", a.score, b.score);
            lower += (b.score < a.score) as usize;
        }
    }
    eprintln!("corpus: {rewritten} rewritten, {higher} score higher once filled, {lower} lower");
    assert!(higher * 100 >= rewritten * 85, "{higher}/{rewritten}");
    assert!(lower * 100 <= rewritten * 3, "{lower}/{rewritten}");
}

#[test]
fn owner_and_due_columns_are_not_asked_for_again() {
    let c = Context {
        owner_cell: Some("J. Bloggs"),
        due_cell: Some("30/04/2026"),
        ..ctx()
    };
    let r = AN
        .analyse("Find a new flat", &c)
        .rewrite
        .map(|r| r.text)
        .unwrap_or_default();
    assert!(!r.contains(WHO) && !r.contains("[by when"), "{r}");
    let c2 = Context {
        owner_cell: Some("J. Bloggs"),
        due_cell: Some("ongoing"),
        ..ctx()
    };
    let r = AN.analyse("Find a new flat", &c2).rewrite.unwrap();
    assert!(!r.text.contains(WHO), "{}", r.text);
    assert!(r.slots.iter().any(|s| s.starts_with("[by when")), "{}", r.text);
}

#[test]
fn hedge_is_dropped_and_the_doer_kept() {
    check_table(&[
        (
            "Mum to try to attend the course",
            &["Mum to attend the course"],
            &["try", "will will", "to will"],
        ),
        (
            "Mum hopes to attend the course",
            &["Mum will attend the course"],
            &["hopes"],
        ),
        (
            "Dad should try to attend the course",
            &["Dad should attend the course"],
            &["try", "should will"],
        ),
        (
            "Mum to engage with services",
            &["Mum to attend [which sessions or appointments, how many]"],
            &["engage"],
        ),
    ]);
}

#[test]
fn words_in_quotation_marks_are_kept_as_said() {
    for text in [
        "Mum to read with Jo every night because Jo said “I want to try to read to Mum”",
        "Jo said \"I will try to feel safe at home\"",
    ] {
        let r = rewrite_of(text);
        let quote_end = text.rfind(['”', '"']).unwrap();
        let quote_start = text.find(['“', '"']).unwrap();
        assert!(
            r.is_empty() || r.contains(&text[quote_start..quote_end]),
            "{text} -> {r}"
        );
    }
}

#[test]
fn rewrite_command_reads_stdin_lines_and_writes_one_json_object_each() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_smartplan"))
        .args(["rewrite", "--format", "json", "--as-of", "2026-01-10"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Mum to engage with services\n\nThere are concerns about Mum's drinking\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["rewrite"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Mum to attend ["));
    assert_eq!(lines[1]["kind"], "concern");
    let bad = Command::new(env!("CARGO_BIN_EXE_smartplan"))
        .args(["rewrite", "--as-of", "32/01/2026", "x"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

fn statement() -> impl Strategy<Value = String> {
    let owner = prop::sample::select(vec![
        "",
        "Mum",
        "Dad",
        "The social worker",
        "Ms Patel",
        "Professionals",
        "CAMHS",
        "The school",
        "Nana Rose",
    ]);
    let link = prop::sample::select(vec!["to", "will", "will try to", "should", "needs to", "must"]);
    let verb = prop::sample::select(vec![
        "attend",
        "engage with",
        "complete",
        "support",
        "monitor",
        "make sure",
        "work with",
        "continue to attend",
    ]);
    let object = prop::sample::select(vec![
        "the parenting course",
        "services",
        "Kian's school attendance",
        "the healthy living chart",
        "Amara at home",
        "Tyler's dental appointments",
        "the Early Help team",
    ]);
    let extra = prop::sample::select(vec![
        "",
        " regularly",
        " as appropriate",
        " where possible",
        " in March",
    ]);
    let number = prop::option::of(1u32..60);
    let date = prop::option::of((1u32..29, 1u32..13, 2024u32..2028));
    (owner, link, verb, object, extra, number, date).prop_map(|(o, l, v, ob, ex, n, d)| {
        let mut s = if o.is_empty() {
            format!("{v} {ob}")
        } else {
            format!("{o} {l} {v} {ob}")
        };
        s.push_str(ex);
        if let Some(n) = n {
            s.push_str(&format!(" {n} times"));
        }
        if let Some((dd, mm, yy)) = d {
            s.push_str(&format!(" by {dd:02}/{mm:02}/{yy}"));
        }
        s
    })
}

proptest! {
    #[test]
    fn generated_rewrites_invent_no_name_date_number_or_service(text in statement()) {
        let a = analyse(&text);
        if let Some(r) = &a.rewrite {
            for s in &r.slots {
                prop_assert!(s.starts_with('[') && s.ends_with(']') && r.text.contains(s.as_str()));
            }
            for t in std::iter::once(&r.text).chain(r.alternatives.iter().map(|a| &a.text)) {
                let bad = invented(&text, t);
                prop_assert!(bad.is_empty(), "{} -> {} invented {:?}", text, t, bad);
            }
        }
    }
}

// Vague words side by side are one phrase: "appropriate support" gets one
// slot, not one slot a word. Counter-case: vague words apart keep their own.
#[test]
fn neighbouring_vague_words_share_one_slot() {
    check_table(&[
        (
            "Ensure appropriate support is in place asap",
            &["[what “appropriate support” will look like"],
            &["[what “appropriate” will", "[what “support” will"],
        ),
        (
            "Things will get better and the family will get appropriate help",
            &["get better (from [level now] to [target level])"],
            &[],
        ),
    ]);
}

// A concern is turned round about the person it worries about, not about
// the writers ("We are worried that …"); one that names no worry (a report
// of what someone did, a consequence) is left as written; a worry with no
// clause keeps its topic. Counter-case: a plain worry still gets its slot.
#[test]
fn a_concern_is_turned_round_about_who_it_worries_about() {
    check_table(&[
        (
            "We are worried that Ava is left alone at night",
            &["Ava will be [what good looks like instead"],
            &["We will"],
        ),
        // A worry with no one named asks whose it is, and quotes the words
        // that made it a worry so the good wanted keeps their direction.
        (
            "negative peer relationships",
            &["[whose] peer relationships will be [what good looks like instead of “negative”"],
            &["led by", "will change"],
        ),
        (
            "poor school attendance",
            &["[whose] school attendance will be [what good looks like instead of “poor”"],
            &["[which child", "poor school"],
        ),
        // A record of the past with no one to turn it round for, or
        // someone's "history of" a problem, cannot change: no template.
        (
            "Proven offending by an adult or child in the household within the last 12 months",
            &[],
            &["["],
        ),
        (
            "Mother has a long history of problem drinking, with several convictions.",
            &[],
            &["["],
        ),
        // A worry of a plan line's length is quoted whole in its slot.
        (
            "Mum is feeling low and not sleeping, and has said she cannot cope with the baby at night",
            &["instead of “is feeling low and not sleeping, and has said she cannot cope with the baby at night”"],
            &["…"],
        ),
        // Someone named is still turned round, whatever the window.
        (
            "Over the last 6 months Reece has missed 20 days of school.",
            &["Reece will be [what good looks like instead of “has missed 20 days of school”"],
            &[],
        ),
        // "cannot" and "can't" are a modal and its "not": turned round word
        // for word, an initial ("R.") kept as the name.
        (
            "Phonics: R. cannot blend 4 phonemes into words.",
            &["R. will blend 4 phonemes into words [by when, dd/mm/yyyy]."],
            &["cannot", "[which child"],
        ),
        ("Sam can't read.", &["Sam will read"], &["can't"]),
        (
            "If Dad does not keep to this agreement, the Local Authority may need to take legal advice",
            &[],
            &["will be [what good looks like instead"],
        ),
        (
            "Grandparents are looking after the children every weekend",
            &[],
            &["will be [what good looks like instead"],
        ),
        (
            "There are concerns about neglect",
            &["[which child or adult] will be [what good looks like instead"],
            &[],
        ),
    ]);
}

// A young person's own wish stays in their words; a line that goes on from
// a printed stem keeps its small first letter. Counter-cases: a wish in the
// professionals' voice, and a promise in the first person, are rewritten.
#[test]
fn own_wishes_are_kept_and_stem_lines_stay_joined_to_their_stem() {
    check_table(&[
        ("I want my life to get better.", &[], &["["]),
        ("I would like to see my dad more", &[], &["["]),
        ("We want Sam to be safe", &["[what “safe” will look like"], &[]),
        ("I will go to school every day", &["by when"], &[]),
        (
            "is confident making food after appropriate guidance",
            &["is confident making food after [what kind, in place of “appropriate”] guidance"],
            &["Is confident"],
        ),
        (
            "adapts to the next stage of education with some guidance",
            &["adapts to the next stage"],
            &["Adapts", "provided by"],
        ),
        ("be kind to others", &["Be kind to others"], &[]),
        // A goal put in the present still gets what it lacks; a line that
        // says what is gets nothing.
        (
            "the pupil remembers to take her medication without being prompted",
            &["as shown by", "by when"],
            &[],
        ),
        ("My safe adults are Nan and my big sister", &[], &["["]),
        ("Nan lives around the corner and has a key to the house", &[], &["["]),
        // The word opening a goal's condition is no subject: the promise
        // after it is read and given its date.
        (
            "Given specially designed teaching, student will start tasks within 2 minutes in 80% of opportunities, as shown by teacher data.",
            &["teacher data [by when, dd/mm/yyyy]."],
            &[],
        ),
    ]);
}

// A slot takes in the word it belongs with: "more independent" is one
// comparison, and "help and support you" one verb the replacement takes in
// whole. Counter-case: "more" before a noun compares on its own.
#[test]
fn a_slot_takes_in_the_word_it_belongs_with() {
    check_table(&[
        (
            "become more independent with dressing",
            &["more independent (from [level now] to [target level]) with dressing"],
            &["more (from"],
        ),
        (
            "Sam will be more independent while living at home",
            &["more independent (from [level now] to [target level]) while"],
            &["while (from"],
        ),
        (
            "We will help and support you to sign up with a GP.",
            &["We will give [what help] to you"],
            &["[what “support” will look like", "help and"],
        ),
        (
            "Mum to spend more time with the children",
            &["more time (from [level now] to [target level]) with"],
            &[],
        ),
    ]);
}

// A step taken whenever something happens has its trigger for a time and
// is its own plan: no date, record or frequency slot. Counter-cases: a
// skill measured over occasions still needs a date; a task with no trigger
// still gets its slots.
#[test]
fn a_contingency_step_gets_no_date_or_record_slot() {
    check_table(&[
        ("Mum to call 999 if Mr Taylor comes to the house", &[], &["[by when", "[how often]", "[which record"]),
        (
            "If Dad comes home drunk, I will text my aunt our code word",
            &[],
            &["[by when", "[which record"],
        ),
        (
            "When frustrated, Sam will use a calm-down strategy within 2 minutes on 80% of recorded occasions",
            &["[by when, dd/mm/yyyy]"],
            &[],
        ),
        (
            "We will tell you as soon as possible if we are running late",
            &[],
            &["[by when"],
        ),
        ("Mum to book a dental check-up for Sam", &["[by when, dd/mm/yyyy]"], &[]),
    ]);
}

// What a rewrite leaves as written: a condition says when the promise
// holds; "support" with no person after it cannot become "give … to";
// "my" says who does it. Counter-cases: the same words as the promise itself.
#[test]
fn conditions_objects_and_the_speaker_are_left_as_written() {
    check_table(&[
        (
            "We will continue to pay for your bus pass if you are still supported by the leaving care team",
            &[],
            &["[what help]"],
        ),
        (
            "Leaving care team to support you to find a flat",
            &["give [what help] to you"],
            &[],
        ),
        (
            "Teacher to support the pupil's reading",
            &["support the pupil's reading"],
            &["give [what help] to the"],
        ),
        (
            "Book my college interview",
            &["Book my college interview [by when"],
            &["[who]"],
        ),
        ("Book the college interview", &["led by [who]"], &[]),
    ]);
}

// A task's own slots go before the purpose it serves; how the purpose will
// be shown goes after it. Counter-case: with no purpose, they stay in order
// at the end.
#[test]
fn a_tasks_slots_go_before_the_purpose_it_serves() {
    check_table(&[
        (
            "Dad to work with the youth worker so that he stays calm at home",
            &["youth worker [how often] [until when, dd/mm/yyyy] so that he stays calm at home, as shown by"],
            &[],
        ),
        (
            "Dad to work with the youth worker",
            &["youth worker [how often], as shown by [which record, count or observation] [until when"],
            &[],
        ),
    ]);
}

// A later sentence's passive is done by the doer the cell named before it.
// Counter-case: alone, the passive asks who.
#[test]
fn a_passive_after_a_named_doer_asks_no_one_new() {
    check_table(&[
        (
            "The SW will find two youth clubs near Ava's home. The list will be given to Ava.",
            &[],
            &["by [who]"],
        ),
        ("The list will be given to Ava.", &["given by [who] to Ava"], &[]),
    ]);
}

// A task given a date is done by then: no "[how often]". "as needed" beside
// a date stays (it may say when an aid is used). A hedge after "and" only
// goes: the first "to" or "will" still governs. A describing word before
// its noun gets a slot that asks for a describing word.
#[test]
fn a_dated_task_keeps_its_wording_and_asks_nothing_twice() {
    check_table(&[
        (
            "PA to review the care plan with Mia by 30/06/2026",
            &[],
            &["[how often]"],
        ),
        ("PA to review the care plan with Mia", &["[how often]"], &[]),
        // A line opened by "no" is a rule kept all the time: how it is
        // checked, not by when.
        (
            "No smoking in the flat while the baby is at home",
            &["checked by [how, and by whom]"],
            &["[by when"],
        ),
        (
            "Mia will go to her room and try to calm down when she is upset",
            &["and calm down"],
            &["will calm", "try"],
        ),
        (
            "YP to find suitable accommodation",
            &["[what kind, in place of “suitable”] accommodation"],
            &["[what “suitable” will look like"],
        ),
    ]);
    let a = analyse("Mia will read 3 books by July, using a reading ruler as needed");
    if let Some(r) = &a.rewrite {
        assert!(r.text.contains("as needed"), "{}", r.text);
    }
    // Counter-case: with no date, "as needed" is asked by when.
    assert!(rewrite_of("Mia will use a reading ruler as needed").contains("[by when"));
}

// Someone's own words keep their hedge and their wish: a rewrite must not
// make a child promise more than they said. An account of what happened is
// the evidence, not a state to turn round: no template. Counter-cases: the
// same hedge and wish about someone else, and a state that goes on.
#[test]
fn own_words_and_accounts_of_what_happened_are_not_rewritten_into_promises() {
    check_table(&[
        ("I will try to tell my teacher when I feel sad", &[], &["I will tell"]),
        ("I want to live with my aunt", &[], &["I will live"]),
        ("Sam will try to tell his teacher when he feels sad", &["Sam will tell"], &["try"]),
        ("Sam wants to live with his aunt", &["Sam will live"], &["wants"]),
        ("Kai was left alone at home last night while Mum went out", &[], &["[what good looks like"]),
        (
            "Dad is drinking every night when the children are at home",
            &["Dad will be [what good looks like instead of “is drinking every night when the children are at home”"],
            &[],
        ),
    ]);
    // The counter-cases above need a rewrite to test; these need none.
    assert!(
        analyse("Kai was left alone at home last night while Mum went out")
            .rewrite
            .is_none()
    );
}
