//! A compact JSON writer for records, byte for byte what `serde_json`'s
//! compact writer gives, but quicker on strings: it skips eight ordinary bytes
//! at a time where `serde_json` looks at each one, and writes straight into a
//! byte vector. A record's strings (reasons, messages, rewrites) are most of
//! its bytes, and serialising was a tenth of an audit's instructions on an
//! export of distinct statements (issue 17).
//!
//! It covers what records hold: strings, integers, booleans, options,
//! sequences, structs, unit enum variants and maps keyed by strings. Anything
//! else (a float, a map keyed by a number) is an [`Unsupported`] error, and
//! [`to_vec`] then falls back to `serde_json`, so the output never differs.

use serde::ser::{self, Serialize};
use std::fmt;

/// Serialises `value` as compact JSON onto the end of `out`, exactly as
/// `serde_json::to_writer` would.
pub fn to_vec<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let start = out.len();
    if value.serialize(&mut Writer { out: &mut *out }).is_ok() {
        return Ok(());
    }
    out.truncate(start);
    serde_json::to_writer(out, value)
}

/// Writes `s` as a JSON string, escaped as `serde_json` escapes it: `"`, `\`
/// and control characters only, the common ones by their short forms.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Most strings need no escape: copy them whole.
    if may_need_escaping(bytes) {
        write_escaped(out, bytes);
    } else {
        out.extend_from_slice(bytes);
    }
    out.push(b'"');
}

/// Whether `bytes` holds a byte to escape: sixteen bytes at a time with
/// SSE2 (part of every x86-64 processor), where the eight-byte test below
/// spent a fifth of the writer's instructions on a record's long strings.
#[cfg(target_arch = "x86_64")]
fn may_need_escaping(bytes: &[u8]) -> bool {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    const LANES: usize = 16;
    if bytes.len() < LANES {
        return may_need_escaping_by_words(bytes);
    }
    // SAFETY: SSE2 is in the x86-64 baseline, so these intrinsics are always
    // available; every load reads the 16 bytes at `from..from + 16`, and the
    // callers below keep `from + 16 <= bytes.len()`.
    let escapes_at = |from: usize| unsafe {
        let v = _mm_loadu_si128(bytes.as_ptr().add(from).cast::<__m128i>());
        let last_control = _mm_set1_epi8(0x1f);
        // A byte is at most 0x1f exactly when max(byte, 0x1f) is 0x1f.
        let control = _mm_cmpeq_epi8(_mm_max_epu8(v, last_control), last_control);
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        _mm_movemask_epi8(_mm_or_si128(control, _mm_or_si128(quote, backslash))) != 0
    };
    let mut from = 0;
    while from + LANES <= bytes.len() {
        if escapes_at(from) {
            return true;
        }
        from += LANES;
    }
    // The last sixteen bytes (again, in part).
    from < bytes.len() && escapes_at(bytes.len() - LANES)
}

#[cfg(not(target_arch = "x86_64"))]
fn may_need_escaping(bytes: &[u8]) -> bool {
    may_need_escaping_by_words(bytes)
}

/// Whether `bytes` may hold a byte to escape (never false when it does),
/// eight bytes at a time.
fn may_need_escaping_by_words(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    if words
        .by_ref()
        .any(|w| may_need_escape(u64::from_le_bytes(w.try_into().expect("eight bytes"))))
    {
        return true;
    }
    let rest = words.remainder();
    if rest.is_empty() {
        return false;
    }
    // The last eight bytes (again, in part), or the few there are padded
    // with a letter.
    let mut last = [b'a'; 8];
    match bytes.len().checked_sub(8) {
        Some(from) => last.copy_from_slice(&bytes[from..]),
        None => last[..rest.len()].copy_from_slice(rest),
    }
    may_need_escape(u64::from_le_bytes(last))
}

fn write_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 0xf) as usize]);
            }
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `word` may be one to escape: a control byte, `"` or
/// `\`. Never false when one is; sometimes true when none is.
fn may_need_escape(word: u64) -> bool {
    let has_zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGHS != 0;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0;
    below_space || has_zero(word ^ (ONES * b'"' as u64)) || has_zero(word ^ (ONES * b'\\' as u64))
}

fn write_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

fn write_i64(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    write_u64(out, n.unsigned_abs());
}

/// A value this writer leaves to `serde_json`.
#[derive(Debug)]
pub struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value the record writer leaves to serde_json")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

struct Writer<'o> {
    out: &'o mut Vec<u8>,
}

/// A sequence, map or struct being written: whether an element has been
/// written yet (the next one needs a comma).
struct Compound<'w, 'o> {
    w: &'w mut Writer<'o>,
    first: bool,
    /// The `}` that closes the variant's object, for a variant with fields.
    close_variant: bool,
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        if !self.first {
            self.w.out.push(b',');
        }
        self.first = false;
    }
    /// Writes a struct's field name. Field names are the record types' Rust
    /// identifiers, which never hold a byte to escape, so they are copied
    /// without the check (a tenth of the writer's instructions went on it);
    /// the tests compare every record with `serde_json`'s bytes.
    fn key(&mut self, key: &'static str) {
        let bytes = key.as_bytes();
        debug_assert!(!may_need_escaping(bytes), "field name {key:?} needs escaping");
        let out = &mut *self.w.out;
        out.reserve(bytes.len() + 4);
        if !self.first {
            out.push(b',');
        }
        self.first = false;
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\":");
    }
    fn close(self, bracket: u8) {
        self.w.out.push(bracket);
        if self.close_variant {
            self.w.out.push(b'}');
        }
    }
}

type Result<T> = std::result::Result<T, Unsupported>;

impl<'w, 'o> ser::Serializer for &'w mut Writer<'o> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'w, 'o>;
    type SerializeTuple = Compound<'w, 'o>;
    type SerializeTupleStruct = Compound<'w, 'o>;
    type SerializeTupleVariant = Compound<'w, 'o>;
    type SerializeMap = Compound<'w, 'o>;
    type SerializeStruct = Compound<'w, 'o>;
    type SerializeStructVariant = Compound<'w, 'o>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        write_i64(self.out, v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        write_u64(self.out, v);
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_f64(self, _: f64) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<()> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w, 'o>> {
        Ok(self.open(None, b'['))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w, 'o>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'w, 'o>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'w, 'o>> {
        Ok(self.open(Some(variant), b'['))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w, 'o>> {
        Ok(self.open(None, b'{'))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'w, 'o>> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'w, 'o>> {
        Ok(self.open(Some(variant), b'{'))
    }
}

impl<'o> Writer<'o> {
    /// Starts a sequence or object (`bracket`), inside `{"variant":` for an
    /// enum variant with fields, as serde_json writes one.
    fn open<'w>(&'w mut self, variant: Option<&str>, bracket: u8) -> Compound<'w, 'o> {
        if let Some(v) = variant {
            self.out.push(b'{');
            write_str(self.out, v);
            self.out.push(b':');
        }
        self.out.push(bracket);
        Compound {
            w: self,
            first: true,
            close_variant: variant.is_some(),
        }
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.comma();
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<()> {
        self.close(b']');
        Ok(())
    }
}

/// Tuples of every sort are written as sequences.
macro_rules! written_as_seq {
    ($($kind:ident :: $add:ident),*) => {$(
        impl ser::$kind for Compound<'_, '_> {
            type Ok = ();
            type Error = Unsupported;
            fn $add<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
                ser::SerializeSeq::serialize_element(self, value)
            }
            fn end(self) -> Result<()> {
                ser::SerializeSeq::end(self)
            }
        }
    )*};
}

written_as_seq!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.comma();
        key.serialize(KeyWriter(&mut *self.w))?;
        self.w.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<()> {
        self.close(b'}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        self.key(key);
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<()> {
        self.close(b'}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<()> {
        ser::SerializeStruct::end(self)
    }
}

/// A map key: a string only (`serde_json` also quotes numbers and booleans;
/// those go to it instead).
struct KeyWriter<'w, 'o>(&'w mut Writer<'o>);

impl ser::Serializer for KeyWriter<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = ser::Impossible<(), Unsupported>;
    type SerializeTuple = ser::Impossible<(), Unsupported>;
    type SerializeTupleStruct = ser::Impossible<(), Unsupported>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = ser::Impossible<(), Unsupported>;
    type SerializeStruct = ser::Impossible<(), Unsupported>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_str(self, v: &str) -> Result<()> {
        write_str(self.0.out, v);
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_i8(self, _: i8) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_i16(self, _: i16) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_i32(self, _: i32) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_i64(self, _: i64) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_u8(self, _: u8) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_u16(self, _: u16) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_u32(self, _: u32) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_u64(self, _: u64) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_f32(self, _: f32) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_f64(self, _: f64) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_char(self, _: char) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_unit(self) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(Unsupported)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Unsupported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn same_as_serde_json<T: Serialize + ?Sized>(value: &T) {
        let mut ours = b"prefix ".to_vec();
        to_vec(value, &mut ours).unwrap();
        let mut theirs = b"prefix ".to_vec();
        serde_json::to_writer(&mut theirs, value).unwrap();
        assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
    }

    /// Every byte that needs escaping, alone and in runs longer than the
    /// eight-byte skip, next to multi-byte characters.
    #[test]
    fn strings_escape_as_serde_json_escapes_them() {
        let mut cases: Vec<String> = (0u8..0x80).map(|b| (b as char).to_string()).collect();
        let all: String = (0u8..0x80).map(char::from).collect();
        cases.push(all.clone());
        cases.push(all.repeat(3));
        cases.push(String::new());
        cases.push("Mum will attend “weekly” – 100% of sessions\u{7f}\u{2028}".into());
        // Every place in strings shorter than, as long as and longer than
        // the eight- and sixteen-byte steps (and the overlapping last step).
        let plain = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";
        for len in [7, 8, 15, 16, 17, 31, 33, 46] {
            for at in 0..=len {
                for special in ["\"", "\\", "\n", "\u{1}", "\u{1f}", " ", "\u{7f}", "é"] {
                    let mut s = plain[..len].to_string();
                    s.insert_str(at, special);
                    cases.push(s);
                }
            }
        }
        for s in &cases {
            same_as_serde_json(s.as_str());
        }
    }

    #[test]
    fn numbers_options_sequences_and_maps_write_as_serde_json_writes_them() {
        same_as_serde_json(&(0u8, 255u8, u64::MAX, i64::MIN, -7i32, 0usize, true, false));
        same_as_serde_json(&vec![Some(1usize), None]);
        same_as_serde_json(&Vec::<String>::new());
        same_as_serde_json(&BTreeMap::from([("a\"b", 1), ("c", 2)]));
        same_as_serde_json(&BTreeMap::<String, u8>::new());
        #[derive(serde::Serialize)]
        enum Variant {
            Unit,
            Newtype(u8),
            Tuple(u8, &'static str),
            Struct { x: u8, y: Option<u8> },
        }
        same_as_serde_json(&[
            Variant::Unit,
            Variant::Newtype(1),
            Variant::Tuple(2, "t"),
            Variant::Struct { x: 3, y: None },
        ]);
        same_as_serde_json(&((), 'q', [(); 0], Some(())));
        // Left to serde_json: a float, and a map keyed by numbers.
        same_as_serde_json(&(1.5f64, f64::NAN));
        same_as_serde_json(&BTreeMap::from([(1, "one")]));
    }

    /// Whole records of the sample statements, findings, rewrites and all.
    #[test]
    fn records_write_as_serde_json_writes_them() {
        let analyser = crate::Analyser::builtin();
        let ctx = crate::Context::new(crate::Reference::plan_date(
            chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
        ));
        for text in [
            "Mum to attend the \"Freedom\" programme weekly by 30/04/2026",
            "We are worried that Dad has not engaged\twith the drug service\nand Ava may not be safe",
            "CAMHS say Ava is frightened at night; school to report 95% attendance",
            "Professionals to work together with the family to improve things soon",
        ] {
            same_as_serde_json(&analyser.analyse(text, &ctx));
        }
    }
}
