//! Kind tie-breaks from the annotation rules: outcome, action, mixed, concern.

use smartplan::{Analyser, Context, Kind};

const CASES: &[(&str, &str)] = &[
    // A step taken when something happens is a task in a safety plan,
    // whoever takes it. Counter-cases: a skill shown on a share of
    // occasions, and the same doing with no trigger.
    (
        "If Mum and Dad start to fight, I will ring Nan from my room",
        "action",
    ),
    ("I will tell my teacher if someone at home hurts me", "action"),
    (
        "When asked a question, Kai will put his hand up in 4 out of 5 lessons",
        "outcome",
    ),
    ("I will text my aunt our code word", "outcome"),
    // A thing's change with a size to reach, written as a headline, is an
    // indicator of the outcome. Counter-case: a person's past doing.
    (
        "Fixed-term exclusions reduced by half over the school year",
        "outcome",
    ),
    ("Mum reduced her drinking last month", "concern"),
    // An ability denied now ("cannot", "can't", "is unable to") is how
    // things are. Counter-cases: a rule put the same way, passive or with
    // when it holds, and an ability to reach.
    ("R. cannot blend 4 phonemes into words", "concern"),
    ("Sam can't read a clock", "concern"),
    ("Sam is unable to dress himself", "concern"),
    ("The children cannot be left alone with Dad", "outcome"),
    ("Sam can read 20 words by July", "outcome"),
    // A line going on from a printed stem ("The young person …") is the
    // goal it describes, not a service. Counter-case: a plural noun first.
    (
        "adapts to the next stage of education with some guidance",
        "outcome",
    ),
    ("plans out the day ahead, needing occasional prompts", "outcome"),
    ("plans for contact agreed by the court", "concern"),
    // A bare imperative is an action.
    ("Attend the clinic", "action"),
    ("Complete the sleep diary", "action"),
    // Attending, engaging, completing or being referred is an action even when the family does it.
    ("Dad to attend all 10 sessions of the parenting course", "action"),
    ("Mum will engage with the drug service", "action"),
    ("Health visitor to weigh Ava every two weeks", "action"),
    // An agentless passive is a task.
    ("Ava will be registered with a dentist", "action"),
    ("Home conditions to be monitored", "action"),
    // Measuring with no level to reach is still to be done; a level to
    // reach is the outcome.
    ("Charlotte’s emotions to be measured", "action"),
    (
        "Charlotte’s emotions to be measured weekly using the SEN Feeling Chart",
        "action",
    ),
    ("Grace's anxiety to be rated at three or below", "outcome"),
    (
        "Grace's anxiety to be rated at 3 or below on her worry scale by July",
        "outcome",
    ),
    // A service with no verb is provision.
    ("Weekly 30-minute sessions with the school counsellor", "action"),
    // A heading that names the service, and its dose.
    ("Speech therapy: 90 minutes weekly", "action"),
    // Counter-case: a heading that names no service, and a result.
    ("Attendance: at least 95% every week", "outcome"),
    // X to ensure Y: action unless Y carries a measured target.
    ("Mum to ensure the children are safe", "action"),
    // A bare "Ensure …" or "Make sure …" over a clause is the instruction,
    // even when the clause alone would read as a state.
    ("Ensure appropriate support is in place asap", "action"),
    ("Ensure the home is clean and tidy", "action"),
    ("Make sure the children are fed and clean every day", "action"),
    // Counter-cases: a noun that opens the subject is no instruction.
    ("Support from the family is in place by June", "outcome"),
    ("Contact with Dad will be every Saturday", "action"),
    (
        "Mum to ensure Ella's attendance is 95% by the end of the summer term",
        "mixed",
    ),
    (
        "FSW to work with Mum so that the home conditions improve",
        "mixed",
    ),
    (
        "Mr Ahmed to take Yusuf to school every day so that his attendance goes from 70% to 95%",
        "mixed",
    ),
    // A learner's goal with the situation it is tested in and a bar to
    // reach is a capability, however active its verb.
    (
        "Given a visual model, __ will write his first name correctly in 4/5 trials.",
        "outcome",
    ),
    (
        "When given a task, Sam will start it within 2 minutes on 4 of 5 school days",
        "outcome",
    ),
    // Counter-cases: a professional given something still acts; no bar set.
    (
        "Given the referral, the school nurse will see Sam within 2 weeks",
        "action",
    ),
    (
        "Mum will be given a place on the parenting course by May",
        "action",
    ),
    // A wish and whoever's promise answers it: both.
    (
        "Rafi wants to ride his bike, so his foster carer will take him to the park every Saturday",
        "mixed",
    ),
    ("Rafi wants to ride his bike without stabilisers", "outcome"),
    // Changes in state, ability or behaviour.
    ("Ava will sleep in her own bed every night", "outcome"),
    ("Mum and dad will not argue in front of Ava", "outcome"),
    ("To improve his reading", "outcome"),
    ("Tom wants to feel safe at home", "outcome"),
    // A professional using something is a task; a parent using it is a change in behaviour.
    ("TA to use the feelings chart with Tyler every day", "action"),
    ("Mum will use the calm-down plan instead of smacking", "outcome"),
    // Worries and the present situation.
    ("We are worried that Ava is left alone at night", "concern"),
    ("Ava is not registered with a GP", "concern"),
    ("Tom finds it hard to make friends", "concern"),
    ("Dad is drinking 10 units of alcohol most evenings", "concern"),
    ("Mum may struggle to keep to the routine", "concern"),
    // What a professional may need to do is still their task.
    (
        "Practitioner may need to speak with the DSL to work out the way forward",
        "action",
    ),
    // A worry however long the subject that holds it.
    (
        "Children's social care and the school are worried that Kacey could be hurt in a fall",
        "concern",
    ),
    // Counter-case: "current" is no "currently".
    ("Continue with the current plan", "action"),
    (
        "There have been 4 police call-outs to the home since January",
        "concern",
    ),
];

#[test]
fn kind_tie_breaks() {
    let a = Analyser::builtin();
    let mut failures = Vec::new();
    for (text, want) in CASES {
        let r = a.analyse(
            text,
            &Context::new(smartplan::Reference::today(
                chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
            )),
        );
        if r.kind.name() != *want {
            failures.push(format!(
                "{text:?}: want {want}, got {} ({})",
                r.kind.name(),
                r.kind_reason
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_kind_has_a_plain_reason() {
    let a = Analyser::builtin();
    for (text, _) in CASES {
        let r = a.analyse(
            text,
            &Context::new(smartplan::Reference::today(
                chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
            )),
        );
        assert!(
            r.kind_reason.split_whitespace().count() >= 4,
            "{text:?}: {:?}",
            r.kind_reason
        );
        for jargon in ["modal", "imperative", "passive", "clause", "token", "lemma"] {
            assert!(
                !r.kind_reason.contains(jargon),
                "{text:?}: jargon in {:?}",
                r.kind_reason
            );
        }
    }
}

#[test]
fn section_outcome_does_not_turn_a_task_into_an_outcome() {
    let a = Analyser::builtin();
    let ctx = Context {
        section: Some(Kind::Outcome),
        ..Context::new(smartplan::Reference::today(
            chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
        ))
    };
    let r = a.analyse("Complete healthy living chart", &ctx);
    assert_eq!(r.kind, Kind::Action);
    assert!(r.findings.iter().any(|f| f.rule == "action-not-outcome"));
}

#[test]
fn section_decides_what_the_text_leaves_open() {
    let a = Analyser::builtin();
    let with = |section| Context {
        section: Some(section),
        ..Context::new(smartplan::Reference::today(
            chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
        ))
    };
    let bare = Context::new(smartplan::Reference::today(
        chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
    ));
    // A heading that names no problem and no change: the section says which.
    assert_eq!(a.analyse("Home conditions", &bare).kind, Kind::Action);
    assert_eq!(
        a.analyse("Home conditions", &with(Kind::Concern)).kind,
        Kind::Concern
    );
    // Naming a problem ("poor") makes it a concern whatever the section.
    assert_eq!(a.analyse("Poor home conditions", &bare).kind, Kind::Concern);
    assert_eq!(
        a.analyse("A settled bedtime routine", &with(Kind::Outcome)).kind,
        Kind::Outcome
    );
    // The text still wins where it is clear.
    assert_eq!(
        a.analyse("Complete the chart", &with(Kind::Outcome)).kind,
        Kind::Action
    );
}
