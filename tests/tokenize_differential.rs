//! The ASCII and near-ASCII fast paths must split and fold exactly as the
//! `tokenizers` pipeline does; this holds them identical on plan-like and
//! arbitrary ASCII, and on ASCII mixed with every character of the
//! near-ASCII set.

use proptest::prelude::*;
use smartplan::text::{Shape, Tokenizer, Tokens};

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

/// A framed haystack and the offsets of its separators.
type Framed = (String, Vec<usize>);

/// Everything a caller can read from the tokens: each token as
/// [`describe`] gives it, its shape, and the framed haystacks and separator
/// offsets the lexicon matcher searches.
fn describe_all(text: &str, t: &Tokens) -> Everything {
    let framed = [false, true].map(|stems| {
        if t.is_empty() {
            return (String::new(), Vec::new());
        }
        let mut offsets = Vec::new();
        t.separator_offsets(stems, &mut offsets);
        (t.framed(stems).to_string(), offsets)
    });
    let shapes = t.iter().map(|k| k.shape).collect();
    (describe(text, t), shapes, framed)
}

/// The near-ASCII path's tokens and the pipeline's, or `None` when the
/// near-ASCII path turns the text down.
fn near_and_unicode(text: &str) -> Option<(Tokens, Tokens)> {
    let (mut near, mut slow) = (Tokens::default(), Tokens::default());
    // Reused buffers: a longer statement first, as in a batch.
    Tokenizer.tokenize_near_ascii("Earlier statement, longer – to leave state behind £1", &mut near);
    if !Tokenizer.tokenize_near_ascii(text, &mut near) {
        return None;
    }
    Tokenizer.tokenize_unicode(text, &mut slow);
    Some((near, slow))
}

fn assert_near_ascii_matches(text: &str) {
    let (near, slow) =
        near_and_unicode(text).unwrap_or_else(|| panic!("near-ASCII path turned down {text:?}"));
    assert_eq!(
        describe_all(text, &near),
        describe_all(text, &slow),
        "paths differ on {text:?}"
    );
}

/// `tokenize_into`, whichever path it picks, gives the pipeline's tokens.
fn assert_tokenize_into_matches(text: &str) {
    let (mut t, mut slow) = (Tokens::default(), Tokens::default());
    Tokenizer.tokenize_into(text, &mut t);
    Tokenizer.tokenize_unicode(text, &mut slow);
    assert_eq!(describe_all(text, &t), describe_all(text, &slow), "{text:?}");
}

/// Every non-ASCII character the near-ASCII path takes, found by asking it
/// about each character on its own.
fn near_ascii_set() -> Vec<char> {
    let mut t = Tokens::default();
    (0x80..=0x10FFFF)
        .filter_map(char::from_u32)
        .filter(|c| Tokenizer.tokenize_near_ascii(&c.to_string(), &mut t))
        .collect()
}

/// Everything both paths give for ASCII `text`, shapes and framed haystacks
/// included (the ASCII path sets shapes from its byte classes).
fn both(text: &str) -> (Everything, Everything) {
    let (mut fast, mut slow) = (Tokens::default(), Tokens::default());
    // Reused buffers: a longer statement first, as in a batch.
    Tokenizer.tokenize_ascii("Earlier statement, longer - to leave 23 states behind", &mut fast);
    Tokenizer.tokenize_ascii(text, &mut fast);
    Tokenizer.tokenize_unicode(text, &mut slow);
    (describe_all(text, &fast), describe_all(text, &slow))
}

type Everything = (Described, Vec<Shape>, [Framed; 2]);

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

/// What the pipeline makes of each character of the near-ASCII set between
/// letters: its normal form, or `None` where it is white space and splits
/// the letters apart. The set must be exactly this table.
const NEAR_ASCII_TABLE: &[(char, Option<&str>)] = &[
    ('\u{2018}', Some("'")),
    ('\u{2019}', Some("'")),
    ('\u{201A}', Some("'")),
    ('\u{201B}', Some("'")),
    ('\u{2032}', Some("'")),
    ('\u{02BC}', Some("'")),
    ('\u{201C}', Some("\"")),
    ('\u{201D}', Some("\"")),
    ('\u{201E}', Some("\"")),
    ('\u{201F}', Some("\"")),
    ('\u{2010}', Some("-")),
    ('\u{2011}', Some("-")),
    ('\u{2012}', Some("-")),
    ('\u{2013}', Some("-")),
    ('\u{2014}', Some("-")),
    ('\u{2015}', Some("-")),
    ('\u{2212}', Some("-")),
    ('\u{2022}', Some("\u{2022}")),
    ('\u{2026}', Some("...")),
    ('\u{00A0}', None),
    ('\u{2007}', None),
    ('\u{202F}', None),
];

/// The Latin-1 characters the set takes as letters of a word: "£", "°" and
/// U+00C0 to U+00FF, each with its lower-case form.
fn latin1_letters() -> Vec<(char, char)> {
    let mut letters = vec![('£', '£'), ('°', '°')];
    for c in ('\u{C0}'..='\u{FF}').filter(|c| *c != '×' && *c != '÷') {
        let lower = if c <= '\u{DE}' {
            char::from_u32(c as u32 + 0x20).unwrap()
        } else {
            c
        };
        letters.push((c, lower));
    }
    letters.extend([('×', '×'), ('÷', '÷')]);
    letters
}

#[test]
fn near_ascii_set_is_exactly_the_table() {
    let mut want: Vec<char> = NEAR_ASCII_TABLE.iter().map(|(c, _)| *c).collect();
    want.extend(latin1_letters().iter().map(|(c, _)| *c));
    want.sort();
    assert_eq!(near_ascii_set(), want);
}

/// Each punctuation or space character of the set: the pipeline gives the
/// normal form the table says, alone, between letters, digits and spaces,
/// and doubled; the near-ASCII path gives the same tokens.
#[test]
fn near_ascii_punctuation_and_spaces_match_the_pipeline_one_by_one() {
    for &(c, norm) in NEAR_ASCII_TABLE {
        let between = format!("Mum{c}s");
        let mut slow = Tokens::default();
        Tokenizer.tokenize_unicode(&between, &mut slow);
        let norms: Vec<&str> = (0..slow.len()).map(|i| slow.norm(i)).collect();
        match norm {
            Some(n) => assert_eq!(norms, ["mum", n, "s"], "{c:?}"),
            None => assert_eq!(norms, ["mum", "s"], "{c:?}"),
        }
        for text in [
            between,
            c.to_string(),
            format!("{c}{c}"),
            format!("12{c}34 {c} £5{c}."),
            format!("É{c}\t{c}é {c}Zoë{c}"),
        ] {
            assert_near_ascii_matches(&text);
        }
    }
}

/// Each letter of the set: lower-cased as the table says, kept in one word
/// with the ASCII letters around it, split from digits; the near-ASCII path
/// gives the same tokens.
#[test]
fn near_ascii_letters_match_the_pipeline_one_by_one() {
    for (c, lower) in latin1_letters() {
        let word = format!("Ab{c}Cd");
        let mut slow = Tokens::default();
        Tokenizer.tokenize_unicode(&word, &mut slow);
        let norms: Vec<&str> = (0..slow.len()).map(|i| slow.norm(i)).collect();
        assert_eq!(norms, [format!("ab{lower}cd")], "{c:?}");
        for text in [
            word,
            c.to_string(),
            format!("{c}{c}"),
            format!("{c}50 50{c}, {c}\u{2019}{c}"),
            format!("x\u{1}{c}\u{7f} {c}\u{a0}{c}\u{2026}"),
        ] {
            assert_near_ascii_matches(&text);
        }
    }
}

#[test]
fn near_ascii_path_turns_down_characters_outside_the_set() {
    // NFKC expands ½ and ″, composes a combining accent, and changes µ;
    // İ lower-cases to two characters; emoji and other scripts are not in.
    for c in [
        '½', '″', '\u{301}', 'µ', 'ª', '²', 'İ', '😀', 'Ā', '\u{85}', '\u{2009}',
    ] {
        assert!(near_and_unicode(&format!("Mum's {c} plan")).is_none(), "{c:?}");
    }
    // Whole statements: the fast path takes them, or `tokenize_into` falls back.
    assert_tokenize_into_matches("Zoë’s mum will attend 1½ hrs");
}

#[test]
fn near_ascii_matches_on_typed_plan_statements() {
    let cases = [
        "Mohammed’s Year 9 options will be discussed with him and his carers before 28th February",
        "Chloé to attend “Triple P” sessions – weekly – until 30/04/2025…",
        "Dad to repay £250 of rent arrears by 5\u{a0}June; Renée’s room kept at 18°C",
        "• SW to visit fortnightly • HV to weigh Zoë every 2\u{202f}wks…  ‘agreed’",
        "ÉLODIE—SCHOOL—ÇA‘ÇA’",
    ];
    for text in cases {
        assert_near_ascii_matches(text);
        assert_tokenize_into_matches(text);
    }
}

/// Characters for the mixed proptest: ASCII of every class and every
/// character of the near-ASCII set.
fn near_ascii_text() -> impl Strategy<Value = String> {
    let mut pool: Vec<char> = (0u8..128).map(char::from).collect();
    pool.extend(near_ascii_set());
    let pool = std::sync::Arc::new(pool);
    let piece = prop_oneof![
        3 => "[A-Za-z]{1,6}",
        2 => "[0-9]{1,3}",
        2 => "[ .,'\\-]",
        3 => prop::sample::select((*pool).clone()).prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..30).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn near_ascii_path_matches_tokenizers_on_mixed_text(text in near_ascii_text()) {
        let (near, slow) = near_and_unicode(&text).expect("every character is in the set");
        prop_assert_eq!(describe_all(&text, &near), describe_all(&text, &slow));
    }
}
