//! Every record the analyser emits validates against the contract's schema,
//! and spans slice the text at the character offsets they claim.

mod common;

use common::{analyser, assert_valid_record};

const STATEMENTS: &[&str] = &[
    "Mum to engage with services as appropriate",
    "Mum to attend all 6 sessions of the parenting course by 30/04/2025",
    // A date with two readings: the record carries `other_date`.
    "Mum to register Ava with a GP by July 26",
    "Complete healthy living chart",
    "Bob and Sue want to feel safe",
    "We are worried that Ava is left alone at night",
    "Zoë’s “support” from the HV 😀 to continue\r\nweekly",
    "",
    "   ",
    "!!!",
];

#[test]
fn every_record_validates_against_the_schema() {
    for text in STATEMENTS {
        let a = analyser().analyse(text, &common::undated());
        let json = serde_json::to_value(&a).unwrap();
        assert_valid_record(&json);
    }
}

#[test]
fn spans_slice_the_text_at_their_character_offsets() {
    for text in STATEMENTS {
        let a = analyser().analyse(text, &common::undated());
        let chars: Vec<char> = text.chars().collect();
        let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
        for o in &a.owners {
            assert_eq!(slice(o.start, o.end), o.text);
        }
        for t in &a.timescales {
            assert_eq!(slice(t.start, t.end), t.text);
        }
        for m in &a.measures {
            assert_eq!(slice(m.start, m.end), m.text);
        }
        for f in &a.findings {
            if let (Some(s), Some(e), Some(t)) = (f.start, f.end, &f.text) {
                assert_eq!(&slice(s, e), t);
            }
        }
    }
}

#[test]
fn an_unanalysed_record_validates_too() {
    let r = smartplan::record::Record::Unanalysed(smartplan::record::Unanalysed {
        schema: smartplan::record::SCHEMA,
        id: Some("row-3".into()),
        text: String::new(),
        error: Some("the cell is longer than 10,000 characters".into()),
        skipped: None,
    });
    assert_valid_record(&serde_json::to_value(&r).unwrap());
}

#[test]
fn the_schema_check_rejects_a_broken_record() {
    let a = analyser().analyse("SW to visit weekly", &common::undated());
    let mut json = serde_json::to_value(&a).unwrap();
    json["score"] = serde_json::json!(150);
    assert!(!common::schema_validator().is_valid(&json));
    let mut json = serde_json::to_value(&a).unwrap();
    json["kind"] = serde_json::json!("wish");
    assert!(!common::schema_validator().is_valid(&json));
}
