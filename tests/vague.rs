//! Vague wording: each class of wording the guidance rejects, each wording
//! that only looks like it, and when the statement pins a vague word down.

mod common;

use common::analyser;
use smartplan::record::Rule;
use smartplan::rules::Severity;

/// (text, severity) of each vague-wording finding (vague terms and vague
/// timescales) in `text`.
fn vague(text: &str) -> Vec<(String, Severity)> {
    analyser()
        .analyse(text, &common::ctx())
        .findings
        .into_iter()
        .filter(|f| matches!(f.rule, Rule::VagueTerm | Rule::VagueTimescale))
        .map(|f| (f.text.unwrap_or_default(), f.severity))
        .collect()
}

/// Each (statement, words) must be reported at warning or worse.
fn assert_flagged(class: &str, cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for &(text, words) in cases {
        let got = vague(text);
        if !got.iter().any(|(t, s)| t == words && *s >= Severity::Warning) {
            failures.push(format!("{text:?}: want {words:?} flagged, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{class}:\n{}", failures.join("\n"));
}

/// Each (statement, words) must raise no warning over those words (an
/// `info` note is allowed: it says the statement pins the word down).
fn assert_not_flagged(class: &str, cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for &(text, words) in cases {
        let got = vague(text);
        if got
            .iter()
            .any(|(t, s)| t.contains(words) && *s >= Severity::Warning)
        {
            failures.push(format!("{text:?}: {words:?} flagged: {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{class}:\n{}", failures.join("\n"));
}

/// Each (statement, words) must be reported as `info`: vague, but pinned.
fn assert_pinned(class: &str, cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for &(text, words) in cases {
        let got = vague(text);
        if !got.iter().any(|(t, s)| t == words && *s == Severity::Info) {
            failures.push(format!("{text:?}: want {words:?} as info, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{class}:\n{}", failures.join("\n"));
}

#[test]
fn time_words_that_bind_nobody_are_vague_wording() {
    assert_flagged(
        "vague time",
        &[
            ("Date of next PEP: TBC", "TBC"),
            (
                "Dad's time with the children to stay supervised until further notice",
                "until further notice",
            ),
            (
                "Worker to offer the victim a meeting with Ryan in due course",
                "in due course",
            ),
            (
                "Daniel will go to his first appointment at the jobs office (as scheduled)",
                "as scheduled",
            ),
            (
                "Around the time the plan is written, SW to check YP has a passport",
                "Around the time",
            ),
        ],
    );
}

#[test]
fn a_misspelt_vague_word_is_reported_as_written() {
    assert_flagged(
        "misspellings",
        &[
            ("Intervention plan to be reviewed regulary", "regulary"),
            ("Mum to provide apropriate care for the children", "apropriate"),
            ("Mum will get suport from the family centre", "suport"),
            ("Dad to be more consistant with bedtimes", "consistant"),
        ],
    );
    assert_not_flagged(
        "not misspellings",
        &[
            ("Ms Suport from the council will visit", "Suport"),
            ("Dad will attend the plastering course", "plastering"),
            ("Mum will not get suport from her family", "suport"),
        ],
    );
}

#[test]
fn open_ended_joint_work_is_vague() {
    assert_flagged(
        "joint work",
        &[
            ("YOT to work together with school and police", "work together"),
            (
                "Wrap around support from the team around the child",
                "Wrap around",
            ),
            ("Student will work towards better intelligibility", "work towards"),
            ("Kane aims to stay out of trouble", "stay out of trouble"),
        ],
    );
}

#[test]
fn a_change_with_no_target_is_vague() {
    assert_flagged(
        "changes",
        &[
            ("Mrs Hughes to reduce her drinking", "reduce"),
            ("Tomas will increase his reading comprehension", "increase"),
            ("Student will decrease off-task behaviour", "decrease"),
            ("Dylan's worry to go down on his 1-10 scale", "go down"),
            ("Attendance to improve from 63%", "improve"),
            ("Ella will be happier", "happier"),
            ("Lead a Healthier Lifestyle", "Healthier"),
        ],
    );
    assert_pinned(
        "changes with a target",
        &[
            ("Attendance will improve from 63% to 85%", "improve"),
            ("Dad to reduce his drinking to no more than 14 units a week", "reduce"),
            ("Zoë will feel safe at home, scoring 8 or more on her 0-10 safety scale", "feel safe"),
            (
                "Charlotte's emotions to be measured weekly using the Feeling Chart. Targets as to how to improve this will be discussed",
                "improve",
            ),
        ],
    );
}

#[test]
fn a_state_word_before_a_noun_names_a_thing() {
    assert_flagged(
        "states",
        &[
            ("Mum will keep the children safe", "safe"),
            ("Maya will be kept safe", "safe"),
            ("The children will see their dad safely", "safely"),
            ("Dad's drinking will be reduced", "reduced"),
        ],
    );
    assert_not_flagged(
        "names of things",
        &[
            ("Tane is always looked after by a safe adult", "safe"),
            ("Kerry to have a safe sleeping plan agreed with the HV", "safe"),
            ("Head teacher to arrange a reduced timetable for Amy", "reduced"),
        ],
    );
}

#[test]
fn names_of_programmes_and_services_are_not_vague() {
    assert_not_flagged(
        "names",
        &[
            (
                "Dad will attend the Building Better Relationships programme",
                "Better",
            ),
            (
                "PA to help Dan apply to Access to Work for a job coach",
                "Access to",
            ),
            (
                "Jess will start a Supported Internship at the hospital",
                "Supported",
            ),
            (
                "Psychologist to write a Positive Behaviour Support plan for Joe",
                "Positive",
            ),
            (
                "Police to carry out a Safe and Well check when Kara comes back",
                "Safe and Well",
            ),
            (
                "Daniel will phone the local employment support programme",
                "support",
            ),
            ("The support network will each come up with two places", "support"),
        ],
    );
    assert_flagged(
        "not names",
        &[
            ("Support for the family", "Support"),
            ("Ongoing Support from FSW", "Support"),
            ("Positive Relationships", "Positive"),
            ("School to support attendance", "support"),
            ("Mum needs support attending appointments", "support"),
            ("A discharge plan with voluntary support offered", "support"),
        ],
    );
}

#[test]
fn a_measure_pins_words_in_its_clause_or_before_it_not_after() {
    assert_pinned(
        "pinned",
        &[
            ("1:1 support for 15 hours a week from a trained teaching assistant", "support"),
            ("Provider to support Kayla with budgeting so that she pays her rent on time every month", "support"),
            ("Mum to ensure Tyler takes his medication every morning", "ensure"),
            ("Bob and Sue's attendance to be monitored daily", "monitored"),
            (
                "The pt's vomiting will improve within 36 hrs AEB: • soft, formed BM • fluid intake up to 1200 ml/day",
                "improve",
            ),
        ],
    );
    assert_flagged(
        "left open",
        &[
            (
                "Mum to use the Solihull approach every day so that he gets better at managing his anger",
                "better",
            ),
            (
                "Child to be visited at least fortnightly unless the plan asks for more frequent monitoring",
                "monitoring",
            ),
            (
                "Goal: Improve sleep AEB: - improved mood - 7 hours of sleep a night",
                "improved",
            ),
            ("Mum to ensure the children are fed", "ensure"),
        ],
    );
}

#[test]
fn a_deadline_says_when_not_what() {
    assert_flagged(
        "processes with a deadline",
        &[
            (
                "Mum to engage with services by 3rd March 2025",
                "engage with services",
            ),
            ("Parents to work with the SW within 6 weeks", "work with"),
            ("Support to continue until 31/03/2025", "Support"),
        ],
    );
    // "Continue" is never pinned: it has no end.
    assert_flagged(
        "continue",
        &[(
            "We will continue to offer up to £250 towards driving lessons",
            "continue to",
        )],
    );
}

#[test]
fn negation_and_make_sure_are_not_faults() {
    assert_not_flagged(
        "not faults",
        &[
            ("Dad does not need support with housing", "support"),
            ("There will be no unsupervised contact with Mr Cole", "no"),
            (
                "Foster carer to make sure Ben has a quiet place to do his homework each evening",
                "make sure",
            ),
            ("Police to respond to any calls as a priority", "any"),
            (
                "Dad to understand the impact of his drinking on the children",
                "understand",
            ),
        ],
    );
}

#[test]
fn a_vague_word_inside_something_concrete_is_not_vague() {
    assert_not_flagged(
        "inside a measure, a heading, a hyphenated word or a goal's condition",
        &[
            ("Zoë will score 8 or more on her 0-10 safety scale at every visit", "more"),
            ("Ali will say the sound with 75% accuracy in 3 or more data sessions", "more"),
            ("Objective 1 – High Support: the student will cut along the line in 3 of 4 trials", "Support"),
            ("Student will improve self-monitoring of the target sound with 90% accuracy", "monitoring"),
            ("Given access to agreed sensory equipment, the student will use a calming strategy in 4 of 5 trials", "access"),
            ("When given a picture support, Sam will ask for a break in 80% of opportunities", "support"),
        ],
    );
    assert_flagged(
        "the same words where they are the commitment",
        &[
            ("Sam will need more help at break times", "more"),
            ("High support from the team around the family", "support"),
            ("Kinship carers to be given support TBC", "support"),
            ("Given the concerns, SW to support Mum", "support"),
            ("School to monitor attendance", "monitor"),
            (
                "Liaise with school re: attendance within 10 working days",
                "Liaise with",
            ),
        ],
    );
}

#[test]
fn thinking_about_ones_own_problem_is_vague_weighing_an_option_is_not() {
    assert_flagged(
        "reflection",
        &[
            ("Dad to explore his drinking with the worker", "explore"),
            ("Mum to look at her worries about the baby", "look at"),
        ],
    );
    assert_not_flagged(
        "a named option to decide on",
        &[
            (
                "Children's Social Care to consider a parenting assessment in due course",
                "consider",
            ),
            ("Housing to look into rehousing the family soon", "look into"),
            ("School to look into suitable interventions", "look into"),
        ],
    );
}

#[test]
fn one_vague_phrase_is_reported_once() {
    // One entry matched over overlapping words is reported once, where it
    // starts first.
    let cases = [
        ("The children's basic needs will be met", vec!["basic needs"]),
        (
            "Ellie to continue to access her reduced timetable",
            vec!["to continue"],
        ),
    ];
    for (text, want) in cases {
        let got: Vec<String> = vague(text).into_iter().map(|(t, _)| t).collect();
        assert_eq!(got, want, "{text:?}");
    }
}

#[test]
fn an_unspecific_quantity_is_vague_only_in_a_commitment() {
    assert_flagged(
        "commitments",
        &[
            ("Mum to attend various appointments", "various"),
            ("Dad will go to some sessions", "some"),
            ("SW will phone several colleges with Sam", "several"),
        ],
    );
    assert_not_flagged(
        "accounts of what is or was",
        &[
            (
                "Mother has a long history of drinking, with several drink-driving convictions",
                "several",
            ),
            ("Dad missed some appointments last year", "some"),
        ],
    );
}

/// The vague words used to catch misspellings are kept per thread once
/// built. A team's own long vague word must still catch its misspelling
/// after the built-in analyser ran on the same thread, even when the
/// team's analyser is built where the other one stood (same stack slot).
#[test]
fn a_teams_own_vague_word_catches_its_misspelling_after_the_builtin_ran() {
    let own = "category = \"vague\"\n[[entry]]\nterms = [\"flourishing\"]\nmessage = \"Say what flourishing would look like.\"\nflags = [\"Jo to be flourishing\"]\n";
    // Built, used and dropped in turn, on one thread and in one frame.
    fn misspelt(lex: smartplan::lexicon::Lexicons) -> Vec<String> {
        let a = smartplan::Analyser::new(lex);
        a.analyse(
            "Jo will be flourshing at school by the end of March",
            &common::ctx(),
        )
        .findings
        .into_iter()
        .filter(|f| f.rule == Rule::VagueTerm)
        .filter_map(|f| f.text)
        .collect()
    }
    let builtin = || smartplan::lexicon::Lexicons::builtin().unwrap();
    let team = || smartplan::lexicon::Lexicons::with_overrides([("local.toml", own)]).unwrap();
    assert_eq!(misspelt(builtin()), Vec::<String>::new());
    assert_eq!(misspelt(team()), ["flourshing"]);
    assert_eq!(misspelt(builtin()), Vec::<String>::new());
}
