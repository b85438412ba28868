//! The ASCII fast path must split and fold exactly as the `tokenizers`
//! pipeline does; this holds them identical on plan-like and arbitrary ASCII.

use proptest::prelude::*;
use smartplan::text::{Tokenizer, Tokens};

type Described = Vec<(usize, usize, usize, usize, String, String)>;

fn describe(text: &str, t: &Tokens) -> Described {
    (0..t.len())
        .map(|i| {
            let k = t.get(i).unwrap();
            let _ = t.raw(text, i);
            (
                k.start,
                k.end,
                k.byte_start,
                k.byte_end,
                t.norm(i).to_string(),
                t.stem(i).to_string(),
            )
        })
        .collect()
}

fn both(text: &str) -> (Described, Described) {
    let (mut fast, mut slow) = (Tokens::default(), Tokens::default());
    Tokenizer.tokenize_ascii(text, &mut fast);
    Tokenizer.tokenize_unicode(text, &mut slow);
    (describe(text, &fast), describe(text, &slow))
}

#[test]
fn fast_path_matches_tokenizers_on_plan_statements() {
    let cases = [
        "Mum to attend all 6 sessions of the parenting course by 30/04/2025",
        "SW to visit fortnightly; HV (Daisy) to weigh Ava every 2 wks.",
        "Ms Smith to ensure the children's attendance improves from 63% to 85% by 23.7.21",
        "w/c 14th April: Dad's 1:1 support, 24/7 supervision, 10 units of alcohol",
        "Mr & Mrs O'Neill -- \"agreed\" at RCPC (05-07-2021)\r\n\tnext line",
        "\u{0b}vertical\u{0c}feed\u{1c}sep\u{1f}unit\u{7f}del",
        "",
        "   ",
        "a",
    ];
    for text in cases {
        let (fast, slow) = both(text);
        assert_eq!(fast, slow, "paths differ on {text:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn fast_path_matches_tokenizers_on_any_ascii(text in "[\\x00-\\x7f]{0,80}") {
        let (fast, slow) = both(&text);
        prop_assert_eq!(fast, slow);
    }

    #[test]
    fn fast_path_matches_on_plan_like_ascii(text in "([A-Za-z]{1,8}|[0-9]{1,4}|[ ./:%&'()\\-,;\\r\\n\\t]){0,30}") {
        let (fast, slow) = both(&text);
        prop_assert_eq!(fast, slow);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    /// Whatever NFKC does to a character (¼ → 1⁄4, ﬁ → fi, ㎏ → kg), tokens
    /// come out in order, never share a source character, and their byte and
    /// character offsets describe the same slice of the text.
    #[test]
    fn tokens_are_ordered_disjoint_slices_of_any_text(text in any::<String>()) {
        let t = Tokenizer.tokenize(&text);
        let mut last_byte = 0;
        let mut last_char = 0;
        for k in t.iter() {
            prop_assert!(k.byte_start >= last_byte && k.start >= last_char, "{:?} overlaps", k);
            prop_assert!(k.byte_start < k.byte_end && k.byte_end <= text.len());
            let raw = text.get(k.byte_start..k.byte_end);
            prop_assert!(raw.is_some(), "{:?} is not on a character boundary", k);
            prop_assert_eq!(text[..k.byte_start].chars().count(), k.start);
            prop_assert_eq!(raw.unwrap().chars().count(), k.end - k.start);
            last_byte = k.byte_end;
            last_char = k.end;
        }
    }
}
