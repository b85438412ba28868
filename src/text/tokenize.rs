//! Normalise and pre-tokenise, keeping offsets into the original text.
//!
//! Two paths with the same splitting rules:
//! - the `tokenizers` pipeline (NFKC, quote and dash folding, lower case,
//!   BERT-style white-space/punctuation split, digit runs) for any text;
//! - an ASCII fast path for the common case, where NFKC and the folds are the
//!   identity and a byte scan gives the same tokens several times faster;
//! - a near-ASCII fast path for text typed in Word or a case system, ASCII
//!   but for curly quotes, dashes, "£", accented Latin letters and the like
//!   ([`near_ascii_piece`]): for each of those characters the pipeline's
//!   result is fixed (one known token, white space, or one known letter of a
//!   word), so the same byte scan applies, counting characters as it goes.
//!
//! `tests/tokenize_differential.rs` holds the paths identical.

use super::stem::stem_word;
use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
use tokenizers::pre_tokenizers::digits::Digits;
use tokenizers::{NormalizedString, OffsetReferential, OffsetType, PreTokenizedString, PreTokenizer};
use unicode_categories::UnicodeCategories;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Letters (possibly with other non-digit, non-punctuation characters).
    Word,
    /// A run of digits.
    Number,
    /// One punctuation character.
    Punct,
}

/// One token: where it stands in the original text and its folded forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Character offsets (Unicode scalar values), half-open, into the original text.
    pub start: usize,
    /// One past the token's last character.
    pub end: usize,
    /// Byte offsets into the original text.
    pub byte_start: usize,
    /// One past the token's last byte.
    pub byte_end: usize,
    /// Word, number or punctuation.
    pub shape: Shape,
    norm: (u32, u32),
    stem: (u32, u32),
}

/// The byte that frames each folded form in the shared buffers: no token
/// contains it in practice, and the lexicon matcher searches the framed
/// buffers as they stand (`\x01mum\x01to\x01attend\x01`).
pub const SEPARATOR: char = '\u{1}';

/// The tokens of one statement. Folded forms live in two shared buffers so a
/// statement costs a handful of allocations, reused across statements.
#[derive(Debug, Default, Clone)]
pub struct Tokens {
    tokens: Vec<Token>,
    /// Each token's normal form with a [`SEPARATOR`] before it and one after
    /// the last (none at all until the first statement).
    norms: String,
    /// The same for the stems.
    stems: String,
    /// The ASCII path's lower-cased copy of the statement, kept for reuse.
    lower: String,
}

impl Tokens {
    /// How many tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }
    /// Whether there are no tokens (a blank statement).
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
    /// The tokens in text order.
    pub fn iter(&self) -> std::slice::Iter<'_, Token> {
        self.tokens.iter()
    }
    /// Token `i`, or `None` past the end.
    pub fn get(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i)
    }
    /// All the tokens, for indexing and binary search.
    pub fn as_slice(&self) -> &[Token] {
        &self.tokens
    }
    /// Normalised (NFKC, folded, lower-case) form of token `i`.
    pub fn norm(&self, i: usize) -> &str {
        let (a, b) = self.tokens[i].norm;
        &self.norms[a as usize..b as usize]
    }
    /// English stem of token `i` (numbers and punctuation are their own stem).
    pub fn stem(&self, i: usize) -> &str {
        let (a, b) = self.tokens[i].stem;
        &self.stems[a as usize..b as usize]
    }
    /// Token `i` exactly as written.
    pub fn raw<'t>(&self, text: &'t str, i: usize) -> &'t str {
        let t = &self.tokens[i];
        &text[t.byte_start..t.byte_end]
    }
    /// Index of the first token starting at or after character offset `char_pos`.
    pub fn first_at_or_after(&self, char_pos: usize) -> usize {
        self.tokens.partition_point(|t| t.start < char_pos)
    }

    /// The normal forms (or, with `stems`, the stems) of every token, each
    /// framed by [`SEPARATOR`]s: a statement's lexicon haystack, built as
    /// the tokens are (issue 17). Only for a statement with tokens.
    pub fn framed(&self, stems: bool) -> &str {
        debug_assert!(!self.is_empty());
        if stems {
            &self.stems
        } else {
            &self.norms
        }
    }

    /// Pushes to `out` the offset in [`Tokens::framed`] of the separator
    /// before each token.
    pub fn separator_offsets(&self, stems: bool, out: &mut Vec<usize>) {
        out.extend(
            self.tokens
                .iter()
                .map(|t| if stems { t.stem.0 } else { t.norm.0 } as usize - 1),
        );
    }

    fn clear(&mut self) {
        self.tokens.clear();
        self.norms.clear();
        self.norms.push(SEPARATOR);
        self.stems.clear();
        self.stems.push(SEPARATOR);
    }

    fn push(&mut self, start: usize, end: usize, byte_start: usize, byte_end: usize, norm: &str) {
        self.push_shaped(start, end, byte_start, byte_end, norm, shape_of(norm));
    }

    /// [`Tokens::push`] for a token whose shape the caller knows (the ASCII
    /// path reads it off the bytes, so it is not worked out again).
    fn push_shaped(
        &mut self,
        start: usize,
        end: usize,
        byte_start: usize,
        byte_end: usize,
        norm: &str,
        shape: Shape,
    ) {
        let n0 = self.norms.len() as u32;
        self.norms.push_str(norm);
        let n1 = self.norms.len() as u32;
        self.norms.push(SEPARATOR);
        let s0 = self.stems.len() as u32;
        stem_word(norm, &mut self.stems);
        let s1 = self.stems.len() as u32;
        self.stems.push(SEPARATOR);
        self.tokens.push(Token {
            start,
            end,
            byte_start,
            byte_end,
            shape,
            norm: (n0, n1),
            stem: (s0, s1),
        });
    }
}

fn shape_of(norm: &str) -> Shape {
    let mut chars = norm.chars();
    match chars.next() {
        Some(c) if c.is_numeric() => Shape::Number,
        Some(c) if is_punct(c) && chars.next().is_none() => Shape::Punct,
        _ => Shape::Word,
    }
}

/// Punctuation as the BERT pre-tokeniser defines it: ASCII punctuation or any
/// Unicode punctuation category.
fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_punctuation()
    } else {
        c.is_punctuation()
    }
}

/// Turns text into [`Tokens`]. Cheap to create; holds no state between calls.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tokenizer;

impl Tokenizer {
    /// Tokenises `text` into `out`, choosing the fast path when it applies.
    pub fn tokenize_into(&self, text: &str, out: &mut Tokens) {
        if text.is_ascii() {
            self.tokenize_ascii(text, out)
        } else if !self.tokenize_near_ascii(text, out) {
            self.tokenize_unicode(text, out)
        }
    }

    /// Tokenises `text` into a new [`Tokens`]; [`Tokenizer::tokenize_into`]
    /// reuses one instead.
    pub fn tokenize(&self, text: &str) -> Tokens {
        let mut out = Tokens::default();
        self.tokenize_into(text, &mut out);
        out
    }

    /// The `tokenizers` pipeline. Public so the differential test can run it
    /// on ASCII text too.
    pub fn tokenize_unicode(&self, text: &str, out: &mut Tokens) {
        out.clear();
        let mut normalized = NormalizedString::from(text);
        normalized.nfkc().map(fold_char).lowercase();
        let mut pre = PreTokenizedString::from(normalized);
        // Both pre-tokenisers only split strings; they cannot fail.
        let _ = BertPreTokenizer.pre_tokenize(&mut pre);
        let _ = Digits::new(false).pre_tokenize(&mut pre);
        let byte_splits = pre.get_splits(OffsetReferential::Original, OffsetType::Byte);
        let mut char_of_byte = CharIndex::new(text);
        // NFKC can expand one source character into several pieces that the
        // splitters then separate ("¼" → "1", "⁄", "4"), all pointing at the same
        // bytes. Such pieces are merged back into one token, so tokens never
        // overlap and every token is a slice of the original text.
        let mut pending: Option<(usize, usize, String)> = None;
        for (norm, (b0, b1), _) in byte_splits {
            if norm.is_empty() {
                continue;
            }
            if let Some((_, end, merged)) = pending.as_mut() {
                if b0 < *end {
                    merged.push_str(norm);
                    *end = (*end).max(b1);
                    continue;
                }
            }
            if let Some((p0, p1, merged)) = pending.take() {
                let c0 = char_of_byte.char_at(p0);
                let c1 = char_of_byte.char_at(p1);
                out.push(c0, c1, p0, p1, &merged);
            }
            pending = Some((b0, b1, norm.to_string()));
        }
        if let Some((p0, p1, merged)) = pending {
            let c0 = char_of_byte.char_at(p0);
            let c1 = char_of_byte.char_at(p1);
            out.push(c0, c1, p0, p1, &merged);
        }
    }

    /// ASCII fast path: same rules as [`Self::tokenize_unicode`].
    pub fn tokenize_ascii(&self, text: &str, out: &mut Tokens) {
        debug_assert!(text.is_ascii());
        out.clear();
        // Lower-cased whole, once: each token's normal form is a slice of it
        // (ASCII case folding keeps every byte where it was).
        let mut lower = std::mem::take(&mut out.lower);
        lower.clear();
        lower.push_str(text);
        lower.make_ascii_lowercase();
        let bytes = text.as_bytes();
        let class = |i: usize| ASCII_CLASS[bytes[i] as usize];
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            let shape = match class(i) {
                SPACE => {
                    i += 1;
                    continue;
                }
                PUNCT => {
                    i += 1;
                    Shape::Punct
                }
                DIGIT => {
                    while i < bytes.len() && class(i) == DIGIT {
                        i += 1;
                    }
                    Shape::Number
                }
                _ => {
                    while i < bytes.len() && class(i) == LETTER {
                        i += 1;
                    }
                    Shape::Word
                }
            };
            out.push_shaped(start, i, start, i, &lower[start..i], shape);
        }
        out.lower = lower;
    }

    /// Near-ASCII fast path: same rules as [`Self::tokenize_unicode`] for
    /// text whose every non-ASCII character is in its small set (curly
    /// quotes, dashes, no-break spaces, an ellipsis, £, °, Latin-1 letters;
    /// see DESIGN.md). Returns `false`, with `out` half-filled, on any other
    /// character.
    pub fn tokenize_near_ascii(&self, text: &str, out: &mut Tokens) -> bool {
        out.clear();
        // Each token's normal form is written to the end of `lower` and
        // pushed from there; `lower` is only scratch kept for reuse.
        let mut lower = std::mem::take(&mut out.lower);
        lower.clear();
        let done = near_ascii_tokens(text, out, &mut lower).is_some();
        out.lower = lower;
        done
    }
}

/// The near-ASCII scan; `None` at the first character outside the set.
fn near_ascii_tokens(text: &str, out: &mut Tokens, lower: &mut String) -> Option<()> {
    // Byte and character positions: they part at the first non-ASCII character.
    let (mut i, mut chars) = (0, 0);
    while i < text.len() {
        let (piece, len) = piece_at(text, i)?;
        let (start, char_start, norm_start) = (i, chars, lower.len());
        i += len;
        chars += 1;
        match piece {
            Piece::Space => continue,
            Piece::Punct(norm) => lower.push_str(norm),
            Piece::Digit => {
                // The table calls every non-ASCII byte a letter, so a digit
                // run stops at one.
                while i < text.len() && ASCII_CLASS[text.as_bytes()[i] as usize] == DIGIT {
                    i += 1;
                    chars += 1;
                }
                lower.push_str(&text[start..i]);
            }
            Piece::Letter(c) => {
                lower.push(c);
                while i < text.len() {
                    let (Piece::Letter(c), len) = piece_at(text, i)? else {
                        break;
                    };
                    lower.push(c);
                    i += len;
                    chars += 1;
                }
            }
        }
        out.push(char_start, chars, start, i, &lower[norm_start..]);
    }
    Some(())
}

/// One character as the near-ASCII path reads it: what the `tokenizers`
/// pipeline makes of it, wherever it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'t> {
    /// Removed by the white-space split.
    Space,
    /// A token of its own, with this normal form.
    Punct(&'t str),
    /// An ASCII digit: digits in a row are one token.
    Digit,
    /// Part of a word, with this lower-case form: anything in a row that is
    /// neither space, punctuation nor digit is one token.
    Letter(char),
}

/// The piece at byte `i` of `text` (a character boundary) and its length in
/// bytes, or `None` for a character outside the near-ASCII set.
fn piece_at(text: &str, i: usize) -> Option<(Piece<'_>, usize)> {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        let piece = match ASCII_CLASS[b as usize] {
            SPACE => Piece::Space,
            PUNCT => Piece::Punct(&text[i..i + 1]),
            DIGIT => Piece::Digit,
            _ => Piece::Letter(b.to_ascii_lowercase() as char),
        };
        return Some((piece, 1));
    }
    let c = text[i..].chars().next()?;
    near_ascii_piece(c).map(|piece| (piece, c.len_utf8()))
}

/// The non-ASCII characters the near-ASCII path takes, chosen from what real
/// exports hold and for each of which NFKC, [`fold_char`], lower-casing and
/// the splitters give one known result whatever stands around it. No
/// character here composes with a neighbour under NFKC (all are starters and
/// none is the second half of a composition), and none is a digit to
/// `char::is_numeric`. Anything else goes to [`Tokenizer::tokenize_unicode`].
fn near_ascii_piece(c: char) -> Option<Piece<'static>> {
    Some(match c {
        // Curly and low quotes, primes, the modifier apostrophe: unchanged
        // by NFKC (U+2033 ″ is not: NFKC makes it two primes), folded to ASCII.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => Piece::Punct("'"),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => Piece::Punct("\""),
        // Hyphens, dashes, minus: NFKC leaves them (U+2011 becomes U+2010),
        // folded to "-".
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => {
            Piece::Punct("-")
        }
        // A bullet is punctuation the folds leave alone.
        '\u{2022}' => Piece::Punct("\u{2022}"),
        // NFKC writes the ellipsis as "...", three full stops that all point
        // back at the one character, so the pipeline merges them into one
        // token.
        '\u{2026}' => Piece::Punct("..."),
        // No-break, figure and narrow no-break spaces: NFKC makes them a space.
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => Piece::Space,
        // Pound and degree signs: symbols, not punctuation, so part of a
        // word ("£" before a number is a word of its own after the digit split).
        '\u{00A3}' | '\u{00B0}' => Piece::Letter(c),
        // Latin-1 letters (and × ÷): precomposed, so NFKC keeps them, and
        // each lower-cases to one character of the same block.
        '\u{00C0}'..='\u{00DE}' if c != '\u{00D7}' => {
            Piece::Letter(char::from_u32(c as u32 + 0x20).unwrap_or(c))
        }
        '\u{00C0}'..='\u{00FF}' => Piece::Letter(c),
        _ => return None,
    })
}

/// What an ASCII byte is to the tokeniser: white space (as
/// `char::is_whitespace`), punctuation (as `u8::is_ascii_punctuation`), a
/// digit, or anything else (a letter or a control character).
const LETTER: u8 = 0;
const SPACE: u8 = 1;
const PUNCT: u8 = 2;
const DIGIT: u8 = 3;
const ASCII_CLASS: [u8; 256] = {
    let mut table = [LETTER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ') {
            SPACE
        } else if c.is_ascii_punctuation() {
            PUNCT
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            LETTER
        };
        b += 1;
    }
    table
};

/// Folds typographic variants to the plain forms the lexicons are written in.
/// One character in, one out, so offsets are untouched.
fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
        _ => c,
    }
}

/// Maps byte offsets to character offsets, walking forward (offsets arrive in order).
struct CharIndex<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharIndex<'t> {
    fn new(text: &'t str) -> Self {
        CharIndex {
            text,
            byte: 0,
            chars: 0,
        }
    }
    fn char_at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte table agrees with the predicates it stands for.
    #[test]
    fn ascii_classes_agree_with_the_char_predicates() {
        for b in 0u8..128 {
            let want = if (b as char).is_whitespace() {
                SPACE
            } else if b.is_ascii_punctuation() {
                PUNCT
            } else if b.is_ascii_digit() {
                DIGIT
            } else {
                LETTER
            };
            assert_eq!(ASCII_CLASS[b as usize], want, "byte {b}");
        }
    }

    fn norms(text: &str) -> Vec<String> {
        let t = Tokenizer.tokenize(text);
        (0..t.len()).map(|i| t.norm(i).to_string()).collect()
    }

    #[test]
    fn splits_punctuation_and_digit_runs() {
        assert_eq!(
            norms("Mum to attend 6wks, by 23.7.21"),
            ["mum", "to", "attend", "6", "wks", ",", "by", "23", ".", "7", ".", "21"]
        );
    }

    #[test]
    fn curly_quotes_fold_and_keep_char_offsets() {
        let text = "Zoë’s mum — 3rd";
        let t = Tokenizer.tokenize(text);
        let got: Vec<_> = (0..t.len())
            .map(|i| {
                (
                    t.norm(i).to_string(),
                    t.get(i).unwrap().start,
                    t.get(i).unwrap().end,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("zoë".to_string(), 0, 3),
                ("'".to_string(), 3, 4),
                ("s".to_string(), 4, 5),
                ("mum".to_string(), 6, 9),
                ("-".to_string(), 10, 11),
                ("3".to_string(), 12, 13),
                ("rd".to_string(), 13, 15)
            ]
        );
        assert_eq!(t.raw(text, 1), "’");
    }

    #[test]
    fn one_character_expanding_under_nfkc_stays_one_token() {
        let text = "Dad 1¼ hrs; ㎏ ½ ¼";
        let t = Tokenizer.tokenize(text);
        let got: Vec<_> = (0..t.len())
            .map(|i| (t.norm(i).to_string(), t.raw(text, i).to_string()))
            .collect();
        // NFKC writes "1¼" as "11⁄4" and the digit splitter reads "11" as one
        // run across both characters, so "1¼" is one token.
        let pairs = [
            ("dad", "Dad"),
            ("11⁄4", "1¼"),
            ("hrs", "hrs"),
            (";", ";"),
            ("kg", "㎏"),
            ("1⁄2", "½"),
            ("1⁄4", "¼"),
        ];
        let want: Vec<_> = pairs
            .iter()
            .map(|(n, r)| (n.to_string(), r.to_string()))
            .collect();
        assert_eq!(got, want);
        for w in t.as_slice().windows(2) {
            assert!(w[0].byte_end <= w[1].byte_start && w[0].end <= w[1].start);
        }
    }

    #[test]
    fn emoji_and_crlf_keep_offsets() {
        let text = "😀 Dad\r\nweekly";
        let t = Tokenizer.tokenize(text);
        let dad = (0..t.len()).find(|&i| t.norm(i) == "dad").unwrap();
        assert_eq!((t.get(dad).unwrap().start, t.get(dad).unwrap().end), (2, 5));
        let weekly = (0..t.len()).find(|&i| t.norm(i) == "weekly").unwrap();
        assert_eq!(t.get(weekly).unwrap().start, 7);
    }
}
