//! Measures: each kind ANNOTATION.md counts as a measure, each trap that is
//! not one, and the topic-based suggestion for a statement with none.

mod common;

use common::analyser;
use smartplan::detect::measure::suggest_measure;
use smartplan::Context;

fn ctx() -> Context<'static> {
    Context {
        reference: smartplan::Reference::given_or_today(
            chrono::NaiveDate::from_ymd_opt(2025, 3, 10),
            chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
        ),
        ..common::undated()
    }
}

/// (span text, kind) of each measure found.
fn measures(text: &str) -> Vec<(String, String)> {
    analyser()
        .analyse(text, &ctx())
        .measures
        .into_iter()
        .map(|m| (m.text, m.kind))
        .collect()
}

/// (statement, measure span, kind).
const FORMS: &[(&str, &str, &str)] = &[
    (
        "Attendance to rise from 63% to 85% by July",
        "from 63% to 85%",
        "range",
    ),
    ("Attendance to be 95%", "95%", "percentage"),
    (
        "Dad to attend all 6 sessions of the course",
        "all 6 sessions",
        "all-or-none",
    ),
    ("Mum to attend 3 sessions", "3 sessions", "count"),
    (
        "Ava to receive 15 hours a week of nursery",
        "15 hours a week",
        "count",
    ),
    (
        "Tom will settle 4 out of 5 occasions",
        "4 out of 5 occasions",
        "ratio",
    ),
    ("Sam scored 9/10 in the spelling test", "9/10", "ratio"),
    (
        "Ava to read at least 3 times a week",
        "at least 3 times a week",
        "limit",
    ),
    (
        "Dad to drink no more than 2 units a day",
        "no more than 2 units a day",
        "limit",
    ),
    (
        "Fewer than 5 behaviour points a week",
        "Fewer than 5 behaviour points a week",
        "limit",
    ),
    (
        "Ava to score 6 or more on the 0-10 scale",
        "6 or more on the 0-10 scale",
        "scale",
    ),
    ("Progress measured by the SDQ", "the SDQ", "scale"),
    (
        "Progress measured by the Outcomes Star",
        "the Outcomes Star",
        "scale",
    ),
    (
        "Home conditions assessed with the Graded Care Profile 2",
        "the Graded Care Profile 2",
        "scale",
    ),
    ("Home conditions assessed with GCP2", "GCP2", "scale"),
    (
        "Ava to rate her worry on a Likert scale",
        "a Likert scale",
        "scale",
    ),
    ("Ava to use the feelings chart", "the feelings chart", "scale"),
    (
        "Checked against the attendance register",
        "the attendance register",
        "record",
    ),
    ("Shown in attendance records", "attendance records", "record"),
    ("Mum to keep a sleep diary", "a sleep diary", "record"),
    ("Mum to keep a food diary", "a food diary", "record"),
    ("The SW to update the chronology", "the chronology", "record"),
    ("Checked in her health records", "her health records", "record"),
    ("Dad to have a hair strand test", "a hair strand test", "test"),
    ("Dad to provide a drug test", "a drug test", "test"),
    ("Breathalyser at each visit", "Breathalyser", "test"),
    (
        "Ava to sleep in her own bed every night",
        "every night",
        "all-or-none",
    ),
    (
        "Mum to attend all appointments",
        "all appointments",
        "all-or-none",
    ),
    (
        "There will be no missed appointments",
        "no missed appointments",
        "all-or-none",
    ),
    ("Dad to attend every session", "every session", "all-or-none"),
];

#[test]
fn each_measure_form_is_found_with_its_span_and_kind() {
    let mut failures = Vec::new();
    for &(text, span, kind) in FORMS {
        let got = measures(text);
        if !got.contains(&(span.to_string(), kind.to_string())) {
            failures.push(format!("{text:?}: want ({span:?}, {kind}), got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Statements with no measure at all.
const NOT_MEASURES: &[(&str, &str)] = &[
    ("Health visitor to visit weekly", "a bare frequency"),
    (
        "The social worker will visit every two weeks",
        "a bare frequency with a number",
    ),
    ("Mum to register Ava with a GP by 23/07/2025", "a date"),
    (
        "Mum to register Ava with a GP by 3rd March 2025",
        "a written date",
    ),
    ("Housing to reply by Jan 2026", "a month and year"),
    ("Lily, aged 5, will go to the dentist", "an age"),
    ("Lily is 5 years old", "an age"),
    (
        "Tom to be ready for secondary school by the end of Year 6",
        "Year 6",
    ),
    ("Tom to read fluently by the end of Key Stage 2", "Key Stage 2"),
    ("Tom to have 1:1 support in class", "1:1"),
    ("Ella to be supervised 24/7", "24/7"),
    ("Referral to CAMHS within 6 weeks", "a bounded time"),
    (
        "By 2025 the family will have moved",
        "a year that dates the statement",
    ),
    ("Mum to contact the school before 9am", "a clock time"),
];

#[test]
fn numbers_that_are_not_measures_yield_none() {
    let mut failures = Vec::new();
    for &(text, why) in NOT_MEASURES {
        let got = measures(text);
        if !got.is_empty() {
            failures.push(format!("{why}: {text:?} gave {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn units_of_alcohol_are_a_count_not_a_date() {
    assert_eq!(
        measures("Dad drinks 10 units of alcohol a day"),
        vec![("10 units of alcohol a day".to_string(), "count".to_string())]
    );
}

#[test]
fn a_rating_range_belongs_to_its_scale() {
    assert_eq!(
        measures("Ava will rate her mood at least 4 on a scale from 1 to 5"),
        vec![(
            "at least 4 on a scale from 1 to 5".to_string(),
            "limit".to_string()
        )]
    );
}

fn suggestion(text: &str) -> String {
    analyser().with_doc(text, &ctx(), suggest_measure)
}

#[test]
fn suggestion_follows_the_statements_topic() {
    let cases: &[(&str, &str)] = &[
        ("Kian's school attendance will improve", "attendance records"),
        ("Dad will reduce his drinking", "breathalyser"),
        ("Mum will stop using cannabis", "drug test"),
        ("Ava will have a better bedtime routine", "sleep diary"),
        ("Jayden's reading will improve", "reading age"),
        ("Ava will be able to talk about her feelings", "0–10 scale"),
        (
            "The home will be kept clean and tidy",
            "home conditions checklist",
        ),
        (
            "Mum will take Ava to her dental appointments",
            "out of those offered",
        ),
        ("The baby will gain weight", "weight records"),
        ("Things will get better for the family", "counted or checked"),
    ];
    let mut failures = Vec::new();
    for &(text, want) in cases {
        let got = suggestion(text);
        if !got.contains(want) {
            failures.push(format!("{text:?}: want …{want}…, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
