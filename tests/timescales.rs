//! Timescales: each form DOMAIN.md lists, each trap, dates resolved against
//! the plan date, chrono's date cases, every resolvable deadline in the corpus.
//! The forms are checked on what the detector finds (`spans`); the corpus on
//! the record, where a concern's past times are dropped.

mod common;

use common::analyser;
use common::iso as date;
use smartplan::lexicon::Category;
use smartplan::record::Analysis;
use smartplan::Context;

fn run(text: &str, as_of: &str) -> Analysis {
    let ctx = Context {
        reference: smartplan::Reference::given_or_today(
            Some(date(as_of)),
            chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
        ),
        ..common::undated()
    };
    analyser().analyse(text, &ctx)
}

/// (span text, kind, date) of each timescale the detector finds.
fn spans(text: &str, as_of: &str) -> Vec<(String, String, Option<String>)> {
    common::detected_times(text, date(as_of))
        .into_iter()
        .map(|t| (t.text, t.kind, t.date))
        .collect()
}

/// (span text, kind, date) of each timescale in the record.
fn record_spans(text: &str, as_of: &str) -> Vec<(String, String, Option<String>)> {
    run(text, as_of)
        .timescales
        .into_iter()
        .map(|t| (t.text, t.kind.name().to_string(), t.date))
        .collect()
}

const AS_OF: &str = "2025-03-10"; // a Monday

/// (statement, span, kind, date or "" for none).
const FORMS: &[(&str, &str, &str, &str)] = &[
    // Day-first numeric dates.
    (
        "Mum to register Ava with a GP by 23.7.25",
        "by 23.7.25",
        "deadline",
        "2025-07-23",
    ),
    (
        "Dad to attend by 23/07/2025",
        "by 23/07/2025",
        "deadline",
        "2025-07-23",
    ),
    ("Review on 3/3/26", "on 3/3/26", "deadline", "2026-03-03"),
    (
        "Referral made by 05-07-2025",
        "by 05-07-2025",
        "deadline",
        "2025-07-05",
    ),
    // Written dates.
    (
        "Assessment complete by 3rd March 2026",
        "by 3rd March 2026",
        "deadline",
        "2026-03-03",
    ),
    (
        "Assessment complete by 3 Mar 26",
        "by 3 Mar 26",
        "deadline",
        "2026-03-03",
    ),
    (
        "Ava to start nursery by 1st of June",
        "by 1st of June",
        "deadline",
        "2025-06-01",
    ),
    (
        "Move to the new flat by Jan 2026",
        "by Jan 2026",
        "deadline",
        "2026-01-31",
    ),
    (
        "Sessions to start w/c 14th April",
        "w/c 14th April",
        "deadline",
        "2025-04-14",
    ),
    (
        "Dad to complete the course by 30 April",
        "by 30 April",
        "deadline",
        "2025-04-30",
    ),
    (
        "Tenancy to be secured by April 2025",
        "by April 2025",
        "deadline",
        "2025-04-30",
    ),
    (
        "Sessions starting 15th June",
        "starting 15th June",
        "deadline",
        "2025-06-15",
    ),
    ("Move by March", "by March", "deadline", "2025-03-31"),
    // Bounded relative times.
    (
        "Referral to CAMHS within 6 weeks",
        "within 6 weeks",
        "deadline",
        "2025-04-21",
    ),
    (
        "Visit within 10 working days",
        "within 10 working days",
        "deadline",
        "2025-03-24",
    ),
    ("Housing to reply in 6 wks", "in 6 wks", "deadline", "2025-04-21"),
    (
        "Mum to cut down over the next 3 months",
        "over the next 3 months",
        "deadline",
        "2025-06-10",
    ),
    (
        "Bed to be bought by the end of next month",
        "by the end of next month",
        "deadline",
        "2025-04-30",
    ),
    (
        "Forms sent by the end of the month",
        "by the end of the month",
        "deadline",
        "2025-03-31",
    ),
    (
        "Plan to be agreed within a fortnight",
        "within a fortnight",
        "deadline",
        "2025-03-24",
    ),
    (
        "Plan to be agreed within two weeks",
        "within two weeks",
        "deadline",
        "2025-03-24",
    ),
    // Event-anchored deadlines.
    (
        "Dad to finish the course by the next core group",
        "by the next core group",
        "deadline",
        "",
    ),
    (
        "Mum to see her GP before the RCPC",
        "before the RCPC",
        "deadline",
        "",
    ),
    (
        "Report shared prior to the review conference",
        "prior to the review conference",
        "deadline",
        "",
    ),
    (
        "Tom to see the nurse by the Child in Need review",
        "by the Child in Need review",
        "deadline",
        "",
    ),
    (
        "Cot bought before the baby is born",
        "before the baby is born",
        "deadline",
        "",
    ),
    (
        "Care package in place by discharge",
        "by discharge",
        "deadline",
        "",
    ),
    (
        "Statement filed before the final hearing",
        "before the final hearing",
        "deadline",
        "",
    ),
    (
        "Health check done by the LAC review",
        "by the LAC review",
        "deadline",
        "",
    ),
    (
        "Referral made within 5 working days of the ICPC",
        "within 5 working days of the ICPC",
        "deadline",
        "",
    ),
    // School periods.
    ("Reading age to rise by half term", "by half term", "deadline", ""),
    (
        "Attendance at 95% by the end of the spring term",
        "by the end of the spring term",
        "deadline",
        "",
    ),
    (
        "Reading at the expected standard by the end of Key Stage 2",
        "by the end of Key Stage 2",
        "deadline",
        "",
    ),
    (
        "Joe to read fluently by the end of Year 6",
        "by the end of Year 6",
        "deadline",
        "",
    ),
    (
        "Tutoring over the summer holidays",
        "over the summer holidays",
        "deadline",
        "",
    ),
    (
        "Place at college by September",
        "by September",
        "deadline",
        "2025-09-30",
    ),
    // Frequencies.
    ("Health visitor to visit weekly", "weekly", "frequency", ""),
    ("Family time fortnightly", "fortnightly", "frequency", ""),
    (
        "Mum to attend every Tuesday and Thursday",
        "every Tuesday and Thursday",
        "frequency",
        "",
    ),
    (
        "Ava to read three times a week",
        "three times a week",
        "frequency",
        "",
    ),
    ("Cream applied twice a day", "twice a day", "frequency", ""),
    (
        "Home conditions checked at every visit",
        "at every visit",
        "frequency",
        "",
    ),
    (
        "Progress reviewed at each core group",
        "at each core group",
        "frequency",
        "",
    ),
    ("Contact once a month", "once a month", "frequency", ""),
    (
        "Stays with Dad every other weekend",
        "every other weekend",
        "frequency",
        "",
    ),
    (
        "Ava to be in school before 9am on school days",
        "before 9am on school days",
        "frequency",
        "",
    ),
    ("Ava to be supervised 24/7", "24/7", "frequency", ""),
    ("Door to be locked at all times", "at all times", "frequency", ""),
    ("Teeth brushed each morning", "each morning", "frequency", ""),
    ("Nappy changed every 4 hours", "every 4 hours", "frequency", ""),
    ("Walk to school on school days", "on school days", "frequency", ""),
    // Vague.
    ("Support to be ongoing", "ongoing", "vague", ""),
    ("Mum to call the GP asap", "asap", "vague", ""),
    (
        "Dad to attend as soon as possible",
        "as soon as possible",
        "vague",
        "",
    ),
    ("Date TBC", "TBC", "vague", ""),
    ("Contact when appropriate", "when appropriate", "vague", ""),
    ("Review in due course", "in due course", "vague", ""),
    ("Help as and when", "as and when", "vague", ""),
    (
        "Contact suspended until further notice",
        "until further notice",
        "vague",
        "",
    ),
    ("The SW will visit soon", "soon", "vague", ""),
    ("The FSW will visit regularly", "regularly", "vague", ""),
    ("Respite as required", "as required", "vague", ""),
    ("Respite as needed", "as needed", "vague", ""),
    ("Respite when needed", "when needed", "vague", ""),
    ("Mum to tidy up at some point", "at some point", "vague", ""),
    ("Dad to work in the future", "in the future", "vague", ""),
    (
        "Parents to communicate going forward",
        "going forward",
        "vague",
        "",
    ),
];

#[test]
fn each_form_is_found_with_its_span_kind_and_date() {
    let mut failures = Vec::new();
    for &(text, span, kind, want_date) in FORMS {
        let got = spans(text, AS_OF);
        let want = (
            span.to_string(),
            kind.to_string(),
            (!want_date.is_empty()).then(|| want_date.to_string()),
        );
        if !got.contains(&want) {
            failures.push(format!("{text:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn deadline_with_frequency_gives_two_spans() {
    let got = spans("Contact weekly until 1 March 2026", AS_OF);
    assert_eq!(
        got,
        vec![
            ("weekly".into(), "frequency".into(), None),
            (
                "until 1 March 2026".into(),
                "deadline".into(),
                Some("2026-03-01".into())
            ),
        ]
    );
}

#[test]
fn by_month_and_two_digit_number_reads_the_number_as_a_year() {
    // DOMAIN's trap: in a plan written in 2015, "By July 16" means July 2016.
    assert_eq!(
        spans("By July 16 Sam will be in school", "2015-02-01"),
        vec![("By July 16".into(), "deadline".into(), Some("2016-07-31".into()))]
    );
    // An ordinal is a day; a number far from the plan's years is a day.
    assert_eq!(
        spans("by July 16th", "2015-02-01")[0].2.as_deref(),
        Some("2015-07-16")
    );
    assert_eq!(
        spans("by March 12", "2025-02-01")[0].2.as_deref(),
        Some("2025-03-12")
    );
}

#[test]
fn a_date_with_no_year_takes_its_next_occurrence_unless_just_past() {
    // Long past this year: next year's.
    assert_eq!(
        spans("by 14 Jan", "2025-11-10")[0].2.as_deref(),
        Some("2026-01-14")
    );
    // Today counts.
    assert_eq!(
        spans("by 10 March", "2025-03-10")[0].2.as_deref(),
        Some("2025-03-10")
    );
    // Just past: a deadline missed, kept as written (issue 20).
    assert_eq!(
        spans("by 14 Feb", "2025-03-10")[0].2.as_deref(),
        Some("2025-02-14")
    );
}

#[test]
fn impossible_dates_are_not_deadlines() {
    for text in ["by 31/06/2025", "by 29/02/2025", "by 31st June", "by 32/1/25"] {
        let got = spans(text, AS_OF);
        assert!(got.iter().all(|s| s.2.is_none()), "{text}: {got:?}");
        assert!(got.iter().all(|s| s.1 != "deadline"), "{text}: {got:?}");
    }
}

/// Statements in which no timescale may be found at all.
const TRAPS: &[(&str, &str)] = &[
    ("Mum may struggle to get up in the morning", "may as a modal verb"),
    (
        "May (aunt) will collect the children from school",
        "May as a name",
    ),
    ("May will collect the children", "May as a name"),
    ("Amy will go to the dentist", "Amy as a name"),
    (
        "Jan (maternal grandmother) will look after the baby",
        "Jan as a name",
    ),
    ("Jan will collect Ava from nursery", "Jan as a name"),
    ("Attendance rose to 63%", "percentage"),
    ("Ava rated her mood 4 on a scale from 1 to 5", "scale numbers"),
    ("Tom has 1:1 support in class", "1:1"),
    ("Tom is in Year 6", "Year 6 not in a deadline frame"),
    (
        "Tom is working at Key Stage 2",
        "Key Stage 2 not in a deadline frame",
    ),
    ("Lily, aged 5, is not brought to school", "age"),
    ("Lily is 5 years old", "age"),
    ("Dad drinks 10 units of alcohol", "units"),
    ("Call Mum on 07700 900123", "phone number"),
    ("The app is version 2.1.25", "version number"),
    ("Ava attends with her mum", "'ten' inside 'attends'"),
    ("Dad will maintain the tenancy", "'ten' inside 'tenancy'"),
    ("Ruby is 3 and has tooth decay", "bare number"),
];

#[test]
fn no_trap_yields_a_timescale() {
    let mut failures = Vec::new();
    for &(text, why) in TRAPS {
        let got = spans(text, AS_OF);
        if !got.is_empty() {
            failures.push(format!("{why}: {text:?} gave {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn twenty_four_seven_is_a_frequency_not_a_date() {
    let got = spans("Ella to be supervised 24/7", AS_OF);
    assert_eq!(got, vec![("24/7".into(), "frequency".into(), None)]);
}

#[test]
fn year_6_and_key_stage_2_are_deadlines_only_in_a_deadline_frame() {
    assert_eq!(spans("by the end of Year 6", AS_OF)[0].1, "deadline");
    assert!(spans("Tom is in Year 6 and loves football", AS_OF).is_empty());
    assert!(spans("Key Stage 2 results were good", AS_OF).is_empty());
}

#[test]
fn vague_time_is_flagged_with_a_concrete_suggestion() {
    let a = run("The social worker will visit as soon as possible", AS_OF);
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == "vague-timescale")
        .expect("flagged");
    assert_eq!(f.text.as_deref(), Some("as soon as possible"));
    assert!(f.suggestion.as_deref().unwrap_or("").contains("within 6 weeks"));
    let a = run("The social worker will visit by 30/04/2025", AS_OF);
    assert!(a.findings.iter().all(|f| f.rule != "vague-timescale"));
}

#[test]
fn every_vague_time_entry_flags_its_examples_and_ignores_the_rest() {
    let lex = analyser().lexicons();
    let mut failures = Vec::new();
    for e in lex.entries() {
        if e.category() != Category::Time || e.kind.as_deref() != Some("vague") {
            continue;
        }
        assert!(
            !e.flags.is_empty() && !e.ignores.is_empty(),
            "{:?} needs examples",
            e.terms
        );
        for s in &e.flags {
            if !run(s, AS_OF).findings.iter().any(|f| f.rule == "vague-timescale") {
                failures.push(format!("should flag: {s}"));
            }
        }
        for s in &e.ignores {
            if run(s, AS_OF).findings.iter().any(|f| f.rule == "vague-timescale") {
                failures.push(format!("should ignore: {s}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[derive(serde::Deserialize)]
struct ChronoCase {
    text: String,
    as_of: String,
    date: Option<String>,
    span: Option<String>,
}

#[test]
fn chrono_date_cases_all_pass() {
    let data = include_str!("data/chrono_date_cases.jsonl");
    let mut failures = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let c: ChronoCase = serde_json::from_str(line).unwrap();
        let got = spans(&c.text, &c.as_of);
        match (&c.date, &c.span) {
            (Some(d), Some(s)) => {
                if !got.iter().any(|g| g.0 == *s && g.2.as_deref() == Some(d)) {
                    failures.push(format!("{:?}: want {s:?} -> {d}, got {got:?}", c.text));
                }
            }
            _ => {
                if got.iter().any(|g| g.1 == "deadline" && g.2.is_some()) {
                    failures.push(format!("{:?}: want no dated deadline, got {got:?}", c.text));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_resolvable_corpus_deadline_resolves_to_its_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/statements.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("note: {} is absent; corpus date check skipped", path.display());
        return;
    };
    let items = smartplan::eval::parse_corpus(&text).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for item in &items {
        if item.dates.is_empty() {
            continue;
        }
        let got = record_spans(&item.text, item.as_of.as_deref().unwrap_or(AS_OF));
        for (span, want) in &item.dates {
            checked += 1;
            if !got
                .iter()
                .any(|g| g.0 == *span && g.2.as_deref() == Some(want.as_str()))
            {
                failures.push(format!("{}: {span:?} want {want}, got {got:?}", item.id));
            }
        }
    }
    assert!(checked > 0, "corpus has no dates to check");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A time that starts at a determiner which is no time word itself: the
/// scan skips a determiner unless a time word or a number follows it, so
/// each of these must still be found whole, from the determiner.
#[test]
fn times_that_start_at_a_determiner_are_found_from_it() {
    let cases = [
        (
            "Meeting to be held the week after next",
            "the week after next",
            "2025-03-30",
        ),
        (
            "Dad to ring the end of next week",
            "the end of next week",
            "2025-03-23",
        ),
        (
            "Mum will call the following Monday",
            "the following Monday",
            "2025-03-17",
        ),
        (
            "Review the first Monday of March",
            "the first Monday of March",
            "2025-03-03",
        ),
        (
            "Sam to go to the dentist the 20th of next month",
            "the 20th of next month",
            "2025-04-20",
        ),
        (
            "Kai to see the nurse the day after tomorrow",
            "the day after tomorrow",
            "2025-03-12",
        ),
        (
            "Visit the school the 3rd of July",
            "the 3rd of July",
            "2025-07-03",
        ),
    ];
    for (text, span, day) in cases {
        assert_eq!(
            spans(text, AS_OF),
            vec![(span.to_string(), "deadline".to_string(), Some(day.to_string()))],
            "{text}"
        );
    }
}
