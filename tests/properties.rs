//! Properties the analyser must keep for any input: spans point into the text
//! and slice to their own text, spans of one kind don't overlap, scores stay in
//! range, analysis is deterministic (also across threads), and surrounding
//! white space or curly quotes don't change the findings.

mod common;

use chrono::NaiveDate;
use common::{analyser, ctx};
use proptest::prelude::*;
use smartplan::{Analysis, Context};

/// Pieces that plan statements are made of, including the awkward ones.
const PIECES: &[&str] = &[
    "Mum",
    "Dad",
    "Ms Patel",
    "the social worker",
    "SW",
    "school",
    "health visitor",
    "professionals",
    "all agencies",
    "Kian",
    "Ava's",
    "O'Neill",
    "to",
    "will",
    "should",
    "must",
    "may",
    "try to",
    "attend",
    "ensure",
    "support",
    "monitor",
    "engage with",
    "improve",
    "reduce",
    "visit",
    "record",
    "appropriate",
    "as needed",
    "ongoing",
    "regularly",
    "asap",
    "when possible",
    "some",
    "better",
    "by",
    "within",
    "weekly",
    "fortnightly",
    "every 2 weeks",
    "by the end of",
    "term",
    "March",
    "31/03/2025",
    "23.7.21",
    "1st",
    "3rd",
    "2025-12-19",
    "6wks",
    "6 weeks",
    "95%",
    "from 78% to 92%",
    "all 6 sessions",
    "0",
    "12",
    "100",
    "not",
    "no",
    "never",
    "always",
    ",",
    ".",
    ";",
    ":",
    "(",
    ")",
    "\"",
    "'",
    "-",
    "–",
    "/",
    "?",
    "!",
    "😊",
    "☀️",
    "👨‍👩‍👧",
    "café",
    "naïve",
    "Zoë",
    "é",
    "e\u{301}",
    "שלום",
    "مرحبا",
    "\r\n",
    "\n",
    "\t",
    "  ",
    "\u{a0}",
    "\u{200b}",
];

fn plan_like() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(PIECES), prop::bool::weighted(0.85)), 0..24).prop_map(
        |parts| {
            let mut s = String::new();
            for (p, space) in parts {
                s.push_str(p);
                if space {
                    s.push(' ');
                }
            }
            s
        },
    )
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![3 => plan_like(), 1 => any::<String>(), 1 => "[ -~]{0,80}"]
}

/// (start, end, text) of one span.
type Spanned = (usize, usize, String);

/// Every span, grouped by kind.
fn spans_by_kind(a: &Analysis) -> Vec<(&'static str, Vec<Spanned>)> {
    vec![
        (
            "owners",
            a.owners
                .iter()
                .map(|s| (s.start, s.end, s.text.clone()))
                .collect(),
        ),
        (
            "timescales",
            a.timescales
                .iter()
                .map(|s| (s.start, s.end, s.text.clone()))
                .collect(),
        ),
        (
            "measures",
            a.measures
                .iter()
                .map(|s| (s.start, s.end, s.text.clone()))
                .collect(),
        ),
        (
            "findings",
            a.findings
                .iter()
                .filter_map(|f| Some((f.start?, f.end?, f.text.clone()?)))
                .collect(),
        ),
    ]
}

/// The record contract (`Analysis::check_contract`: spans non-empty, inside
/// the text and slicing to their own text; scores in range), and spans of one
/// kind never overlapping.
fn check_spans(text: &str, a: &Analysis) -> Result<(), TestCaseError> {
    prop_assert_eq!(&a.text, text);
    check_contract(a)?;
    for (kind, spans) in spans_by_kind(a) {
        if kind == "findings" {
            continue; // several findings may point at one phrase (e.g. vague + hedge)
        }
        let mut sorted = spans.clone();
        sorted.sort();
        for w in sorted.windows(2) {
            prop_assert!(
                w[0].1 <= w[1].0,
                "{kind} spans overlap: {:?} and {:?}",
                w[0],
                w[1]
            );
        }
    }
    Ok(())
}

/// `Analysis::check_contract` as a property failure.
fn check_contract(a: &Analysis) -> Result<(), TestCaseError> {
    a.check_contract().map_err(TestCaseError::fail)
}

/// Findings as (rule, severity, span text with quotes straightened).
fn finding_keys(a: &Analysis) -> Vec<(String, String, Option<String>)> {
    let mut v: Vec<_> = a
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                format!("{:?}", f.severity),
                f.text.as_deref().map(straighten),
            )
        })
        .collect();
    v.sort();
    v
}

fn straighten(s: &str) -> String {
    s.replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
}

fn curl(s: &str) -> String {
    let mut out = String::new();
    let mut open_d = true;
    for (i, c) in s.chars().enumerate() {
        match c {
            '"' => {
                out.push(if open_d { '\u{201c}' } else { '\u{201d}' });
                open_d = !open_d;
            }
            // an apostrophe inside a word is a right single quote; at a word start an opening one
            '\'' => out.push(
                if i == 0 || s[..s.char_indices().nth(i).unwrap().0].ends_with(' ') {
                    '\u{2018}'
                } else {
                    '\u{2019}'
                },
            ),
            c => out.push(c),
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn spans_lie_in_the_text_and_slice_to_their_text(text in any_text()) {
        let a = analyser().analyse(&text, &ctx());
        check_spans(&text, &a)?;
    }

    #[test]
    fn spans_hold_with_owner_and_due_cells(text in plan_like(), owner in plan_like(), due in plan_like(),
                                          days in 1i32..1_000_000) {
        let c = Context {
            reference: smartplan::Reference::given(NaiveDate::from_num_days_from_ce_opt(days).unwrap()),
            owner_cell: Some(&owner),
            due_cell: Some(&due),
            ..common::undated()
        };
        let a = analyser().analyse(&text, &c);
        check_spans(&text, &a)?;
        check_contract(&a)?;
    }

    #[test]
    fn scores_stay_in_range(text in any_text()) {
        check_contract(&analyser().analyse(&text, &ctx()))?;
    }

    #[test]
    fn analysis_is_deterministic(text in any_text()) {
        let a = analyser().analyse(&text, &ctx());
        let b = analyser().analyse(&text, &ctx());
        prop_assert_eq!(&a, &b);
        let t = text.clone();
        let c = std::thread::spawn(move || analyser().analyse(&t, &ctx())).join().unwrap();
        prop_assert_eq!(&a, &c);
    }

    #[test]
    fn surrounding_white_space_does_not_change_findings(text in plan_like(),
                                                        pre in "[ \t\r\n]{0,4}", post in "[ \t\r\n]{0,4}") {
        let a = analyser().analyse(&text, &ctx());
        let padded = format!("{pre}{text}{post}");
        let b = analyser().analyse(&padded, &ctx());
        prop_assert_eq!(finding_keys(&a), finding_keys(&b), "padded: {:?}", padded);
        prop_assert_eq!(a.kind, b.kind);
        prop_assert_eq!(a.score, b.score);
    }

    #[test]
    fn curly_quotes_give_the_same_findings_as_straight(text in plan_like()) {
        let curly = curl(&text);
        let a = analyser().analyse(&text, &ctx());
        let b = analyser().analyse(&curly, &ctx());
        prop_assert_eq!(finding_keys(&a), finding_keys(&b), "curly: {:?}", curly);
        prop_assert_eq!(a.kind, b.kind);
        prop_assert_eq!(a.score, b.score);
    }
}

/// One analyser shared by many threads gives each statement the record it
/// gets alone, whatever the interleaving.
#[test]
fn records_are_identical_across_threads() {
    let texts: Vec<String> = (0..64)
        .map(|i| {
            format!(
                "{} to attend {} sessions by {}/03/2025 and support Kian as needed",
                PIECES[i % 12],
                i,
                1 + i % 28
            )
        })
        .collect();
    let alone: Vec<Analysis> = texts.iter().map(|t| analyser().analyse(t, &ctx())).collect();
    let handles: Vec<_> = (0..4)
        .map(|k| {
            let texts = texts.clone();
            std::thread::spawn(move || {
                texts
                    .iter()
                    .cycle()
                    .skip(k * 7)
                    .take(texts.len())
                    .map(|t| (t.clone(), analyser().analyse(t, &ctx())))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        for (t, a) in h.join().unwrap() {
            let i = texts.iter().position(|x| *x == t).unwrap();
            assert_eq!(a, alone[i], "thread result differs for {t:?}");
        }
    }
}

/// The audit shares one analysis between rows whose plan dates differ when
/// the analyser says it never read the date. That claim must hold: analysed
/// at other dates, such a statement gives the same record. Statements that
/// count from the date ("within 6 weeks") must say they read it.
#[test]
fn analyses_that_do_not_read_the_plan_date_are_the_same_at_any_date() {
    let corpus = std::fs::read_to_string(common::repo_path("corpus/statements.jsonl")).unwrap();
    let texts: Vec<String> = corpus
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    assert!(texts.len() > 500);
    let dates =
        ["2019-01-31", "2025-09-08", "2026-12-25", "2031-06-30"].map(|d| d.parse::<NaiveDate>().unwrap());
    let cells: [(Option<&str>, Option<&str>); 5] = [
        (None, None),
        (Some("Mum"), Some("30/04/2026")),
        (Some("SW"), Some("within 6 weeks")),
        (None, Some("ongoing")),
        (Some("Professionals"), Some("end of term")),
    ];
    let (mut independent, mut dependent) = (0, 0);
    for text in &texts {
        for (owner, due) in cells {
            let at = |as_of| Context {
                reference: smartplan::Reference::given(as_of),
                owner_cell: owner,
                due_cell: due,
                ..common::undated()
            };
            let (first, read) = analyser().analyse_noting_reference(text, &at(dates[0]));
            if read {
                dependent += 1;
                continue;
            }
            independent += 1;
            for d in &dates[1..] {
                let (other, _) = analyser().analyse_noting_reference(text, &at(*d));
                assert_eq!(
                    first, other,
                    "{text:?} (owner {owner:?}, due {due:?}) said it did not read the date"
                );
            }
        }
    }
    assert!(
        independent > 1000 && dependent > 100,
        "{independent} independent, {dependent} dependent"
    );
    for relative in [
        "Dad to finish the course within 6 weeks",
        "SW to visit by the end of next month",
        "Review on 3rd March",
    ] {
        assert!(
            analyser().analyse_noting_reference(relative, &ctx()).1,
            "{relative:?} counts from the date"
        );
    }
}
