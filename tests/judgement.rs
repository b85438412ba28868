//! Judgements a team manager would sign (issue 16): each case with the
//! counter-cases that must keep their verdict.

mod common;

use smartplan::{Analysis, Context, Reference};

fn analyse_at(text: &str, ctx: &Context) -> Analysis {
    common::analyser().analyse(text, ctx)
}

fn has(a: &Analysis, rule: &str) -> bool {
    a.findings.iter().any(|f| f.rule == rule)
}

fn score_of(a: &Analysis, criterion: &str) -> u8 {
    match criterion {
        "specific" => a.smart.specific.score,
        "agreed" => a.smart.agreed.score,
        "realistic" => a.smart.realistic.score,
        "timely" => a.smart.timely.score,
        other => panic!("no criterion {other}"),
    }
}

#[test]
fn absolutes_and_hedges_judge_only_what_a_commitment_asks() {
    // (statement, unrealistic-absolute or hedged-commitment expected)
    let cases = [
        ("The children are not always safe in the evenings", false),
        ("Mum's drinking means the children are not always safe in the evenings", false),
        ("The home is not always clean and there is little food in the cupboards", false),
        (
            "The children are not always safe in the evenings, so Mum will arrange a babysitter by 30/10/2025",
            false,
        ),
        // Counter-cases: commitments keep their findings.
        ("Mum will always put the children first", true),
        ("Home to be clean at all times", true),
        // How a child is kept safe is a safety goal's standing rule:
        // publishers of safety planning rate it good as written.
        ("Ava will always be cared for by a sober adult", false),
        ("Mum will try to keep the house tidy", true),
        ("Dad to stop drinking immediately", true),
        ("HV to visit weekly where possible", true),
    ];
    let mut wrong = Vec::new();
    for (text, expected) in cases {
        let a = analyse_at(text, &common::ctx());
        let got = has(&a, "unrealistic-absolute") || has(&a, "hedged-commitment");
        if got != expected {
            wrong.push(format!(
                "{text:?}: expected {expected}, got {got} ({:?})",
                a.smart.realistic
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn agreed_is_met_only_by_a_party_agreeing_or_their_own_words() {
    // (statement, Agreed met expected)
    let cases = [
        ("Social worker to do direct work with Amelia about her wishes and feelings within 4 weeks", false),
        (
            "Grandma Pat and Aunt Lou to meet Mum and the social worker by 30/10/2025 to agree who the children can call",
            false,
        ),
        ("Contact will follow the agreed plan", false),
        ("Dad to sign a written agreement by 30/10/2025", false),
        ("Mum will sign the safety plan by 30/10/2025", false),
        // Counter-cases: a party agreed, or speaks in their own words.
        ("Mum agreed to attend the parenting course by 30/11/2025", true),
        ("I will go to bed by 8pm every school night (Riley's words)", true),
        ("I will go to bed by 8pm every school night", true),
        ("Contact with Dad on Saturdays, agreed at the core group", true),
        ("Mum has signed the safety plan", true),
        ("Mum has said she wants the children to stay with her", true),
    ];
    let mut wrong = Vec::new();
    for (text, expected) in cases {
        let a = analyse_at(text, &common::ctx());
        let got = score_of(&a, "agreed") == 2;
        if got != expected {
            wrong.push(format!(
                "{text:?}: expected {expected}, got {got} ({:?})",
                a.smart.agreed
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn deadline_already_past_is_flagged_saying_against_which_date() {
    let text = "Dad to attend all 10 sessions of the parenting course by 1 January 2020";
    let day = common::day(2025, 9, 8);
    // (reference, words the message must hold)
    let cases = [
        (
            Reference::plan_date(day),
            "before the plan's own date (08/09/2025)",
        ),
        (
            Reference::given(day),
            "already passed on 08/09/2025, the date given",
        ),
        (Reference::today(day), "already passed (today is 08/09/2025)"),
    ];
    for (reference, words) in cases {
        let a = analyse_at(text, &Context::new(reference));
        let f = a
            .findings
            .iter()
            .find(|f| f.rule == "past-deadline")
            .unwrap_or_else(|| panic!("no past-deadline at {reference:?}: {:?}", a.findings));
        assert!(f.message.contains(words), "{reference:?}: {}", f.message);
        assert_eq!(f.text.as_deref(), Some("by 1 January 2020"));
        assert!(score_of(&a, "timely") < 2, "{reference:?}: {:?}", a.smart.timely);
        // The example date is six weeks on from the reference, never fixed.
        assert_eq!(
            f.suggestion.as_deref(),
            Some("give a date still to come, e.g. by 20/10/2025, or a bounded time, e.g. within 6 weeks")
        );
    }
    // Counter-cases: a date still to come, a relative time, and a concern's
    // past date keep their verdicts.
    for text in [
        "Dad to attend all 10 sessions of the parenting course by 1 January 2026",
        "Dad to attend all 10 sessions of the parenting course within 6 weeks",
        "Police were called to the home on 3 March 2024 after Dad pushed Mum",
    ] {
        let a = analyse_at(text, &common::ctx());
        assert!(!has(&a, "past-deadline"), "{text:?}: {:?}", a.findings);
    }
    let future = analyse_at(
        "Dad to attend all 10 sessions of the parenting course by 1 January 2026",
        &common::ctx(),
    );
    assert_eq!(score_of(&future, "timely"), 2);
}

#[test]
fn deadline_in_the_due_column_before_the_plan_date_is_flagged() {
    let day = common::day(2025, 9, 8);
    let ctx = Context {
        due_cell: Some("30/04/2019"),
        ..Context::new(Reference::plan_date(day))
    };
    let a = analyse_at("Mum to attend all six sessions at the alcohol service", &ctx);
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == "past-deadline")
        .expect("flagged");
    assert!(f.message.contains("30/04/2019") && f.message.contains("before the plan's own date"));
    let ok = Context {
        due_cell: Some("30/10/2025"),
        ..Context::new(Reference::plan_date(day))
    };
    let a = analyse_at("Mum to attend all six sessions at the alcohol service", &ok);
    assert!(!has(&a, "past-deadline"), "{:?}", a.findings);
}

#[test]
fn deadline_more_than_two_years_after_the_plan_date_is_info() {
    let a = analyse_at(
        "Mum to attend all six sessions at the alcohol service by 30/04/2028",
        &common::ctx(),
    );
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == "distant-deadline")
        .expect("flagged");
    assert_eq!(f.severity, smartplan::rules::Severity::Info);
    assert_eq!(score_of(&a, "timely"), 2, "an info costs nothing");
    let near = analyse_at(
        "Mum to attend all six sessions at the alcohol service by 30/04/2027",
        &common::ctx(),
    );
    assert!(!has(&near, "distant-deadline"), "{:?}", near.findings);
}

#[test]
fn no_suggestion_carries_a_fixed_example_date() {
    let fixed = |s: &str| {
        s.split(|c: char| !(c.is_ascii_digit() || c == '/'))
            .any(|w| w.matches('/').count() == 2 && w.len() >= 8)
    };
    for r in smartplan::rules::RULES {
        let bare = r.suggestion.replace("{date}", "");
        assert!(!fixed(&bare), "{}: {}", r.id, r.suggestion);
    }
    for e in common::analyser().lexicons().entries() {
        if let Some(s) = &e.suggestion {
            assert!(!fixed(s), "{}: {s}", e.source);
        }
    }
    // A suggestion that gives an example date gives one six weeks after the
    // reference; the commonest ones give none, so they never read the date.
    for (reference, example) in [
        (Reference::given(common::day(2025, 9, 8)), "20/10/2025"),
        (Reference::today(common::day(2027, 1, 1)), "12/02/2027"),
    ] {
        let a = analyse_at(
            "Dad to attend the course by 1 January 2020",
            &Context::new(reference),
        );
        let f = a
            .findings
            .iter()
            .find(|f| f.rule == "past-deadline")
            .expect("flagged");
        let s = f.suggestion.as_deref().unwrap_or_default();
        assert!(s.contains(example) && !s.contains("{date}"), "{s}");
        let (vague, read) = common::analyser().analyse_noting_reference(
            "Mum to contact the GP as soon as possible",
            &Context::new(reference),
        );
        let f = vague
            .findings
            .iter()
            .find(|f| f.rule == "vague-timescale")
            .expect("flagged");
        assert!(!f.suggestion.as_deref().unwrap_or_default().contains("{date}"));
        assert!(!read, "a vague time word's suggestion reads no date");
    }
}

#[test]
fn concern_that_only_names_a_category_is_a_label_not_an_observation() {
    // (statement, concern-label expected)
    let cases = [
        (
            "There are concerns about neglect and the home conditions are poor",
            true,
        ),
        ("There is a worry about drinking", true),
        ("There are concerns about domestic abuse", true),
        ("There are concerns about Mum's mental health", true),
        // Counter-cases: observations of what was seen, when, how often.
        (
            "Ava, 4, was found alone at home after 9pm on three evenings in March",
            false,
        ),
        (
            "Mum's drinking means the children are not always safe in the evenings",
            false,
        ),
        (
            "Police were called to the home twice in April after Dad pushed Mum",
            false,
        ),
        (
            "The home is not always clean and there is little food in the cupboards",
            false,
        ),
    ];
    let mut wrong = Vec::new();
    for (text, expected) in cases {
        let a = analyse_at(text, &common::ctx());
        let got = has(&a, "concern-label");
        if got != expected {
            wrong.push(format!(
                "{text:?}: expected {expected}, got {got} ({:?})",
                a.findings
            ));
        }
        if got && score_of(&a, "specific") == 2 {
            wrong.push(format!("{text:?}: a label scores Specific met"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The observation keeps its score; the label's suggestion is an observation.
    let label = analyse_at(
        "There are concerns about neglect and the home conditions are poor",
        &common::ctx(),
    );
    let f = label.findings.iter().find(|f| f.rule == "concern-label").unwrap();
    assert!(f.suggestion.as_deref().unwrap_or_default().contains("how often"));
    let observed = analyse_at(
        "Ava, 4, was found alone at home after 9pm on three evenings in March",
        &common::ctx(),
    );
    assert!(
        observed.score > label.score,
        "{} vs {}",
        observed.score,
        label.score
    );
}
