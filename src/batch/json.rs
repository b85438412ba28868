//! The JSON writer for analysis records, byte for byte what `serde_json`'s
//! compact writer makes of the derived `Serialize` in `record.rs`, but
//! quicker: field names and punctuation are copied as whole constants, and
//! strings skip sixteen ordinary bytes at a time where `serde_json` looks at
//! each one. A record's strings (reasons, messages, rewrites) are most of its
//! bytes, and serialising was a tenth of an audit's instructions on an export
//! of distinct statements (issue 17).

use crate::record::{Analysis, CriterionScore, Finding};

/// Writes `a` as compact JSON onto the end of `out`, exactly as
/// `serde_json::to_writer` writes it, without serde: the serde path pushed
/// each field name, quote and colon on its own, half the writer's
/// instructions (issue 17). The field order and skipped fields follow
/// `record.rs`; the tests compare every corpus record with `serde_json`'s
/// bytes, so a field added there and not here fails them.
pub fn write_analysis(out: &mut Vec<u8>, a: &Analysis) {
    out.extend_from_slice(b"{\"schema\":");
    write_str(out, a.schema);
    out.extend_from_slice(b",\"id\":");
    write_opt_str(out, a.id.as_deref());
    out.extend_from_slice(b",\"text\":");
    write_str(out, &a.text);
    out.extend_from_slice(b",\"kind\":");
    write_name(out, a.kind.name());
    out.extend_from_slice(b",\"kind_reason\":");
    write_str(out, &a.kind_reason);
    out.extend_from_slice(b",\"score\":");
    write_u64(out, a.score.into());
    let smart = &a.smart;
    out.extend_from_slice(b",\"smart\":{\"specific\":");
    write_criterion(out, &smart.specific);
    out.extend_from_slice(b",\"measurable\":");
    write_criterion(out, &smart.measurable);
    out.extend_from_slice(b",\"agreed\":");
    write_criterion(out, &smart.agreed);
    out.extend_from_slice(b",\"realistic\":");
    write_criterion(out, &smart.realistic);
    out.extend_from_slice(b",\"timely\":");
    write_criterion(out, &smart.timely);
    out.extend_from_slice(b"},\"owners\":");
    write_seq(out, &a.owners, |out, o| {
        write_span_start(out, &o.text, o.start, o.end);
        write_name(out, o.kind.name());
        out.push(b'}');
    });
    out.extend_from_slice(b",\"timescales\":");
    write_seq(out, &a.timescales, |out, t| {
        write_span_start(out, &t.text, t.start, t.end);
        write_name(out, t.kind.name());
        out.extend_from_slice(b",\"date\":");
        write_opt_str(out, t.date.as_deref());
        if let Some(other) = &t.other_date {
            out.extend_from_slice(b",\"other_date\":");
            write_str(out, other);
        }
        out.push(b'}');
    });
    out.extend_from_slice(b",\"measures\":");
    write_seq(out, &a.measures, |out, m| {
        write_span_start(out, &m.text, m.start, m.end);
        write_str(out, &m.kind);
        out.push(b'}');
    });
    out.extend_from_slice(b",\"findings\":");
    write_seq(out, &a.findings, write_finding);
    out.extend_from_slice(b",\"rewrite\":");
    match &a.rewrite {
        None => out.extend_from_slice(b"null"),
        Some(r) => {
            write_text_and_slots(out, &r.text, &r.slots);
            if !r.alternatives.is_empty() {
                out.extend_from_slice(b",\"alternatives\":");
                write_seq(out, &r.alternatives, |out, alt| {
                    write_text_and_slots(out, &alt.text, &alt.slots);
                    out.extend_from_slice(b",\"reading\":");
                    write_str(out, &alt.reading);
                    out.push(b'}');
                });
            }
            out.push(b'}');
        }
    }
    out.push(b'}');
}

/// A rewrite's or an alternative's object up to the end of its `"slots"`.
fn write_text_and_slots(out: &mut Vec<u8>, text: &str, slots: &[String]) {
    out.extend_from_slice(b"{\"text\":");
    write_str(out, text);
    out.extend_from_slice(b",\"slots\":");
    write_seq(out, slots, |out, s| write_str(out, s));
}

fn write_criterion(out: &mut Vec<u8>, c: &CriterionScore) {
    out.extend_from_slice(b"{\"score\":");
    write_u64(out, c.score.into());
    out.extend_from_slice(b",\"reasons\":");
    write_seq(out, &c.reasons, |out, r| write_str(out, r));
    out.push(b'}');
}

/// An owner's, timescale's or measure's object up to its `"kind":`.
fn write_span_start(out: &mut Vec<u8>, text: &str, start: usize, end: usize) {
    out.extend_from_slice(b"{\"text\":");
    write_str(out, text);
    out.extend_from_slice(b",\"start\":");
    write_u64(out, start as u64);
    out.extend_from_slice(b",\"end\":");
    write_u64(out, end as u64);
    out.extend_from_slice(b",\"kind\":");
}

fn write_finding(out: &mut Vec<u8>, f: &Finding) {
    out.extend_from_slice(b"{\"rule\":");
    write_name(out, f.rule.id());
    out.extend_from_slice(b",\"criterion\":");
    match f.criterion {
        Some(c) => write_name(out, c.name()),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"severity\":");
    write_name(out, f.severity.name());
    out.extend_from_slice(b",\"message\":");
    write_str(out, &f.message);
    out.extend_from_slice(b",\"suggestion\":");
    write_opt_str(out, f.suggestion.as_deref());
    if let Some(start) = f.start {
        out.extend_from_slice(b",\"start\":");
        write_u64(out, start as u64);
    }
    if let Some(end) = f.end {
        out.extend_from_slice(b",\"end\":");
        write_u64(out, end as u64);
    }
    if let Some(text) = &f.text {
        out.extend_from_slice(b",\"text\":");
        write_str(out, text);
    }
    out.push(b'}');
}

/// `[a,b,…]`, each element written by `write`.
fn write_seq<T>(out: &mut Vec<u8>, items: &[T], write: impl Fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

fn write_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => write_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// Writes a name the code defines (a kind, rule id, severity), which never
/// holds a byte to escape, as a JSON string without the check.
fn write_name(out: &mut Vec<u8>, name: &'static str) {
    let bytes = name.as_bytes();
    debug_assert!(!may_need_escaping(bytes), "name {name:?} needs escaping");
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    out.extend_from_slice(bytes);
    out.push(b'"');
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
    // A record's numbers are mostly scores and character offsets: one to
    // three digits, written without the general loop's variable-length copy.
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
    if n < 100 {
        out.extend_from_slice(&[b'0' + (n / 10) as u8, b'0' + (n % 10) as u8]);
        return;
    }
    if n < 1000 {
        out.extend_from_slice(&[
            b'0' + (n / 100) as u8,
            b'0' + (n / 10 % 10) as u8,
            b'0' + (n % 10) as u8,
        ]);
        return;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
            let mut ours = b"prefix ".to_vec();
            write_str(&mut ours, s);
            let theirs = format!("prefix {}", serde_json::to_string(s).unwrap());
            assert_eq!(String::from_utf8_lossy(&ours), theirs);
        }
    }

    /// Around each place the digit count changes, and the extremes.
    #[test]
    fn numbers_write_as_serde_json_writes_them() {
        let mut cases = vec![0, 1, u64::MAX, u64::MAX - 1];
        for digits in 1..20 {
            let p = 10u64.pow(digits);
            cases.extend([p - 1, p, p + 1]);
        }
        for n in cases {
            let mut ours = Vec::new();
            write_u64(&mut ours, n);
            assert_eq!(String::from_utf8_lossy(&ours), serde_json::to_string(&n).unwrap());
        }
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
            written_directly_as_serde_json_writes_it(&analyser.analyse(text, &ctx));
        }
    }

    fn written_directly_as_serde_json_writes_it(analysis: &Analysis) {
        let mut ours = b"prefix ".to_vec();
        write_analysis(&mut ours, analysis);
        let mut theirs = b"prefix ".to_vec();
        serde_json::to_writer(&mut theirs, analysis).unwrap();
        assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
    }

    /// `write_analysis` spells out the record's fields itself: every record
    /// of the corpora, with and without an id, at the corpus's own dates, so
    /// each optional field (a second date, a finding placed nowhere, no
    /// rewrite) is written both ways; alternative rewordings, which no
    /// rewrite offers today, are added to a few.
    #[test]
    fn corpus_records_written_directly_as_serde_json_writes_them() {
        let analyser = crate::Analyser::builtin();
        let (mut other_dates, mut alternatives, mut unplaced, mut no_rewrite) = (0, 0, 0, 0);
        let corpora = ["statements", "real-world", "plan-types", "seeds"];
        for name in corpora {
            let path = format!("{}/corpus/{name}.jsonl", env!("CARGO_MANIFEST_DIR"));
            let lines = std::fs::read_to_string(&path).unwrap();
            for (n, line) in lines.lines().filter(|l| !l.trim().is_empty()).enumerate() {
                let row: serde_json::Value = serde_json::from_str(line).unwrap();
                let text = row["text"].as_str().unwrap();
                let as_of = row["as_of"].as_str().unwrap_or("2026-01-10");
                let date = chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
                let mut ctx = crate::Context::new(crate::Reference::plan_date(date));
                ctx.id = (n % 2 == 0).then_some("row \"7\"");
                let a = analyser.analyse(text, &ctx);
                other_dates += a.timescales.iter().filter(|t| t.other_date.is_some()).count();
                // No rewrite offers alternatives today; give one of them
                // some, so their writing is checked all the same.
                if let (Some(r), true) = (&a.rewrite, alternatives < 3) {
                    let mut with_alternative = a.clone();
                    let alt = crate::record::Alternative {
                        text: r.text.clone(),
                        slots: r.slots.clone(),
                        reading: "outcome \"as read\"".into(),
                    };
                    with_alternative.rewrite.as_mut().unwrap().alternatives = vec![alt.clone(), alt];
                    written_directly_as_serde_json_writes_it(&with_alternative);
                    alternatives += 1;
                }
                unplaced += a.findings.iter().filter(|f| f.start.is_none()).count();
                no_rewrite += a.rewrite.is_none() as usize;
                written_directly_as_serde_json_writes_it(&a);
            }
        }
        assert!(
            other_dates > 0 && alternatives > 0 && unplaced > 0 && no_rewrite > 0,
            "the corpora no longer hold every optional field: {other_dates} {alternatives} {unplaced} {no_rewrite}"
        );
    }
}
