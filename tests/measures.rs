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

/// Checks (statement, measure span) pairs: each span must be found.
fn assert_spans_found(class: &str, cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for &(text, span) in cases {
        let got = measures(text);
        if !got.iter().any(|(s, _)| s == span) {
            failures.push(format!("{text:?}: want {span:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{class}:\n{}", failures.join("\n"));
}

/// Checks statements that must hold no measure (why, statement).
fn assert_no_measure(class: &str, cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for &(why, text) in cases {
        let got = measures(text);
        if !got.is_empty() {
            failures.push(format!("{why}: {text:?} gave {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{class}:\n{}", failures.join("\n"));
}

#[test]
fn a_number_counts_the_plural_after_it_whatever_the_noun() {
    assert_spans_found(
        "counts",
        &[
            (
                "Jolene will say out loud 3 strategies she could use to calm herself",
                "3 strategies",
            ),
            (
                "The network will each come up with two places where he could apply",
                "two places",
            ),
            (
                "The student will read 40 sight words from the first-grade list",
                "40 sight words",
            ),
            ("I will apply for three jobs every week", "three jobs every week"),
            ("Maria will read aloud 92 words per minute", "92 words per minute"),
            ("Student will read at 30 WPM on most days", "30 WPM"),
            ("Oliver will be able to swim 100 metres on his own", "100 metres"),
            ("Speech therapy: 90 minutes weekly", "90 minutes"),
            (
                "Designated teacher to arrange 10 one-to-one maths tuition sessions",
                "10 one-to-one maths tuition sessions",
            ),
            (
                "Mum and Dad to attend all 4 speech and language appointments",
                "all 4 speech and language appointments",
            ),
            (
                "A trained member of staff to run a group for Sam and two other pupils",
                "two other pupils",
            ),
            (
                "Step-dad to complete 12 weekly sessions of the programme",
                "12 weekly sessions",
            ),
            (
                "Jordan to complete 8 hours of reparation at the garden",
                "8 hours of reparation",
            ),
            (
                "Speech and language therapy in 30-minute sessions",
                "30-minute sessions",
            ),
            (
                "Noor will write a five-sentence diary entry",
                "a five-sentence diary",
            ),
            (
                "Kai will have no more than 1 hitting incident a week",
                "no more than 1 hitting incident a week",
            ),
            ("Ella is self-harming 2-3 times a week", "2-3 times a week"),
        ],
    );
}

#[test]
fn numbers_that_name_age_or_time_count_nothing() {
    assert_no_measure(
        "not counts",
        &[
            (
                "'one' counts only after a limiter",
                "The family are living in one room in a B&B",
            ),
            (
                "an age glued to a noun",
                "Leo (aged 2) has not had his 12-month immunisations",
            ),
            (
                "a size in other units",
                "Children to be moved to a 3-bed house by Feb 2026",
            ),
            (
                "a length of time",
                "Support will be offered for 3 months afterwards",
            ),
            (
                "a phone number",
                "Mum to call 999 if Mr Taylor comes to the house",
            ),
            ("a school year", "Kayla to agree her Year 10 options by 28.2"),
            (
                "a deadline",
                "Intervention plan to be written within 15 working days",
            ),
            (
                "hours as a deadline",
                "Police to share the report within 24 hours",
            ),
            ("minutes as a frequency", "Staff to check on him every 30 minutes"),
            ("a window of months", "Jamal will read more over 3 months"),
        ],
    );
}

#[test]
fn ratios_count_out_of_a_whole() {
    assert_spans_found(
        "ratios",
        &[
            ("Mila will hand it to an adult in 4 of 5 trials", "4 of 5 trials"),
            (
                "The student will cut round a circle in 4 out of 5 trials",
                "4 out of 5 trials",
            ),
            ("__ will write his name correctly in 4/5 trials", "4/5 trials"),
            (
                "Poppy will know 32 of the 44 phonics sounds",
                "32 of the 44 phonics sounds",
            ),
            (
                "He will bring his score down to below 14 points out of 35",
                "below 14 points out of 35",
            ),
            (
                "the student will answer on four of five occasions",
                "four of five occasions",
            ),
        ],
    );
    assert_no_measure(
        "not ratios",
        &[
            (
                "a day and month",
                "Review meeting with Shannon and the college on 4/6",
            ),
            ("24/7", "Ella to be supervised 24/7"),
        ],
    );
}

#[test]
fn a_percentage_keeps_what_it_is_of() {
    assert_spans_found(
        "percentages",
        &[
            ("Carlos will write his name with 80% accuracy", "80% accuracy"),
            (
                "the student will ask for a break in 80% of opportunities",
                "80% of opportunities",
            ),
            (
                "Lina will hold up a cue card, 80 percent of the day",
                "80 percent of the day",
            ),
            (
                "Student will read with errors on fewer than 15% of the words",
                "fewer than 15% of the words",
            ),
            (
                "Speech will contain no more than 8% fluency failures",
                "no more than 8% fluency failures",
            ),
            ("Attendance to rise to 95% by July", "95%"),
        ],
    );
}

#[test]
fn limits_bound_a_count_a_rate_or_a_time_to_act() {
    assert_spans_found(
        "limits",
        &[
            (
                "Maria will read aloud with no more than 4 errors",
                "no more than 4 errors",
            ),
            (
                "Student will read making fewer than 3 errors",
                "fewer than 3 errors",
            ),
            (
                "PA to review the plan with YP at least every six months",
                "at least every six months",
            ),
            (
                "Child to be visited at home at least fortnightly",
                "at least fortnightly",
            ),
            (
                "NAME will use a calm-down strategy within 2 minutes of being asked",
                "within 2 minutes of being asked",
            ),
            ("__ will put on his shoes in under 5 minutes", "under 5 minutes"),
            ("We will offer up to £250 towards driving lessons", "up to £250"),
            (
                "Attendance matches or exceeds the national average by July",
                "matches or exceeds the national average",
            ),
            (
                "NAME will say /l/ in 3 or more data sessions",
                "3 or more data sessions",
            ),
            ("Kai to earn a thumbs up, at least 3 a day", "at least 3 a day"),
        ],
    );
    assert_no_measure(
        "not limits",
        &[
            ("an age", "Not in the care of anyone under 16"),
            ("a deadline", "Referral to be made within 6 weeks"),
            ("a window", "Mum will do more over the next 3 months"),
        ],
    );
    // "over" before a streak is a window, not a limit.
    assert_eq!(
        measures("The student will ask for help over four weeks in a row"),
        vec![("four weeks in a row".to_string(), "count".to_string())]
    );
}

#[test]
fn a_level_to_reach_follows_a_or_a_limiter() {
    assert_spans_found(
        "levels",
        &[
            (
                "Aisha will hold at least a Grade 4 in GCSE maths",
                "at least a Grade 4",
            ),
            (
                "Jonah will hold a Level 1 qualification in English",
                "a Level 1 qualification",
            ),
            (
                "Tyler will read and understand a Year 3 level text",
                "a Year 3 level text",
            ),
            ("To get a grade 6 in my chemistry test", "a grade 6"),
            (
                "Noah will achieve a grade 4 or above in English",
                "a grade 4 or above",
            ),
        ],
    );
    assert_no_measure(
        "not levels",
        &[
            (
                "a course",
                "The college to offer Kayleigh a place on the Level 1 childcare course",
            ),
            (
                "a school year",
                "Tom to be ready for secondary school by the end of Year 6",
            ),
        ],
    );
}

#[test]
fn an_instrument_is_named_by_the_words_before_a_general_head() {
    assert_spans_found(
        "instruments",
        &[
            (
                "Student will start tasks within 2 minutes, as measured by teacher data",
                "teacher data",
            ),
            (
                "R. cannot blend 4 phonemes, based on progress monitoring data",
                "progress monitoring data",
            ),
            (
                "Reading age will rise, measured on the Salford test",
                "the Salford test",
            ),
            (
                "Amelia's Boxall Profile will show progress",
                "Amelia's Boxall Profile",
            ),
            ("The allocated worker should have completed an Asset", "an Asset"),
            (
                "as measured by the school social worker log",
                "the school social worker log",
            ),
            ("checked by vocabulary quizzes", "vocabulary quizzes"),
            ("Kyle's Asset score will fall", "Kyle's Asset score"),
            (
                "Mr Davies is at high risk, with a Waterlow score of 18",
                "a Waterlow score of 18",
            ),
            ("Amir scored 16 on the GAD-7", "16 on the GAD-7"),
        ],
    );
    assert_no_measure(
        "not instruments",
        &[
            (
                "a common word before a score",
                "Mum's worry score for the children's safety is lower",
            ),
            ("a verb", "School to record attendance"),
            (
                "a verb after its subject",
                "Staff say his teacher records him as settled",
            ),
            ("a general head alone", "Dad to take a test"),
        ],
    );
    // The verb before a head is not part of the name.
    assert_spans_found(
        "instrument without its verb",
        &[("Student will improve, using teacher data", "teacher data")],
    );
}

#[test]
fn changes_money_and_durations_are_measures() {
    assert_spans_found(
        "changes and amounts",
        &[
            ("Missing episodes halved over two terms", "halved"),
            (
                "Proven reoffending cut by a third over the last 12 months",
                "by a third",
            ),
            (
                "Number of missing episodes reduced by 50% over the year",
                "by 50%",
            ),
            (
                "Callum is expected to pay £15 a week towards his rent",
                "£15 a week",
            ),
            ("Jade has rent arrears of £240", "£240"),
            (
                "Harry joins a playground game for at least 10 minutes",
                "at least 10 minutes",
            ),
            (
                "Ben will read with his carer for 15 minutes most evenings",
                "15 minutes",
            ),
        ],
    );
    assert_no_measure(
        "not changes",
        &[
            ("a date after 'by'", "Mum to register with a GP by 30 April"),
            ("a service's length", "The TA will support him for 3 months"),
        ],
    );
}
