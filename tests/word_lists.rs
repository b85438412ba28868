//! Holds the line of issue 14: the analysis core compares no token with an
//! English word written in Rust. Words live in `lexicons/` (closed-class
//! words in `words.toml`, read as word classes and tags); code holds the
//! grammar. Read from `src/` as text, so new code is covered the day it is
//! written.
//!
//! What counts as comparing a token with a word: a string literal of two or
//! more lower-case letters
//! - compared (`==`, `!=`) with a token's text (`norm(…)`, `norm_or_empty(…)`,
//!   `raw(…)`, `stem(…)`, or a variable bound to one),
//! - among the patterns of a `matches!` or the arms of a `match` on one,
//! - passed to `words_at` / `longest_words_at`,
//! - or listed in a `const` array of strings (a word list), unless the
//!   const is named as a list of endings (`…ENDINGS`, `…SUFFIXES`):
//!   morphology is spelling, not vocabulary.
//!
//! Not counted: punctuation and digits, the one-letter pieces the tokeniser
//! splits off after an apostrophe ("s" of "'s", "t" of "n't"), kind, tag
//! and value names compared with a lexicon entry's fields, messages, and
//! the words a rewrite writes.

use std::path::{Path, PathBuf};

/// The analysis core, as folders and files under `src/`.
const CORE: &[&str] = &[
    "grammar",
    "detect",
    "text",
    "lexicon",
    "classify.rs",
    "score.rs",
    "rewrite.rs",
    "stage.rs",
    "pipeline.rs",
    "dates.rs",
];

fn core_files() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = CORE.iter().map(|c| src.join(c)).collect();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in std::fs::read_dir(&p).unwrap() {
                stack.push(e.unwrap().path());
            }
        } else if p.extension().is_some_and(|e| e == "rs") && p.file_name().is_some_and(|n| n != "tests.rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The code without comments and without its `#[cfg(test)]` module, string
/// literals kept, newlines kept (so offsets give line numbers).
fn code_of(src: &str) -> String {
    let src = match src.find("#[cfg(test)]\nmod ") {
        Some(i) => &src[..i],
        None => src,
    };
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'"' {
            let start = i;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str(&src[start..i.min(b.len())]);
        } else if b[i] == b'\'' && i + 2 < b.len() && (b[i + 2] == b'\'' || b[i + 1] == b'\\') {
            // A char literal ('"' would otherwise open a string).
            let close = if b[i + 1] == b'\\' { i + 3 } else { i + 1 };
            let end = src[close..].find('\'').map_or(b.len(), |k| close + k + 1);
            out.push_str("' '");
            i = end;
        } else {
            let c = src[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Byte ranges of the string literals of two or more lower-case letters.
fn word_literals(code: &str) -> Vec<(usize, usize)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' {
            let start = i;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            let inner = &code[start + 1..i.min(b.len())];
            if inner.len() >= 2 && inner.bytes().all(|c| c.is_ascii_lowercase()) {
                out.push((start, i + 1));
            }
        }
        i += 1;
    }
    out
}

const TOKEN_TEXT: &[&str] = &["norm(", "norm_or_empty(", ".raw(", ".stem("];

/// Variables bound to a token's text: `let w = self.norm(i);`.
fn token_variables(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (k, _) in code.match_indices("let ") {
        if k > 0 && (code.as_bytes()[k - 1].is_ascii_alphanumeric() || code.as_bytes()[k - 1] == b'_') {
            continue;
        }
        let rest = &code[k + "let ".len()..];
        let rest = &rest[..rest.find(';').unwrap_or(rest.len())];
        let Some((name, expr)) = rest.split_once('=') else {
            continue;
        };
        let name = name.trim().trim_start_matches("mut ").trim();
        let expr = expr.trim();
        if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && TOKEN_TEXT.iter().any(|t| expr.contains(t))
            && expr.ends_with(')')
            && !expr.contains("||")
            && !expr.contains("&&")
        {
            out.push(name.to_string());
        }
    }
    out
}

/// Whether `expr` is a token's text: a call that reads one, or a variable
/// bound to one.
fn is_token_text(expr: &str, vars: &[String]) -> bool {
    let e = expr.trim().trim_start_matches(['!', '(', '&', '*']);
    TOKEN_TEXT.iter().any(|t| e.contains(t)) || vars.iter().any(|v| v == e)
}

/// The expression just before byte `end` (an operand of `==`): back over
/// balanced brackets, names, dots and `::`.
fn operand_before(code: &str, end: usize) -> &str {
    let b = code.as_bytes();
    let mut i = end;
    while i > 0 && b[i - 1] == b' ' {
        i -= 1;
    }
    let stop = i;
    let mut depth = 0i32;
    while i > 0 {
        let c = b[i - 1];
        match c {
            b')' | b']' => depth += 1,
            b'(' | b'[' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b':' => {}
            _ => break,
        }
        i -= 1;
    }
    &code[i..stop]
}

/// The text of the bracketed group opening at byte `open` (`(` or `{`).
fn group(code: &str, open: usize) -> &str {
    let b = code.as_bytes();
    let (o, c) = (b[open], if b[open] == b'(' { b')' } else { b'}' });
    let mut depth = 0;
    let mut i = open;
    while i < b.len() {
        if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
        } else if b[i] == o {
            depth += 1;
        } else if b[i] == c {
            depth -= 1;
            if depth == 0 {
                return &code[open..=i];
            }
        }
        i += 1;
    }
    &code[open..]
}

/// The words written in Rust that a core file compares tokens with, as
/// `file:line: "word"`.
fn word_comparisons(rel: &str, src: &str) -> Vec<String> {
    let code = code_of(src);
    let vars = token_variables(&code);
    let literals = word_literals(&code);
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut hits: Vec<usize> = Vec::new();
    // `norm(i) == "to"`, `w != "agree"`
    for &(a, _) in &literals {
        let before = code[..a].trim_end();
        if (before.ends_with("==") || before.ends_with("!="))
            && is_token_text(operand_before(before, before.len() - 2), &vars)
        {
            hits.push(a);
        }
    }
    // `matches!(self.norm(k), "and" | "or")`, `match w { "will" => … }`
    let macro_or_match = code
        .match_indices("matches!(")
        .map(|(k, m)| (k + m.len() - 1, true))
        .chain(code.match_indices("match ").filter_map(|(k, _)| {
            let brace = k + code[k..].find('{')?;
            Some((brace, false))
        }));
    for (open, is_macro) in macro_or_match {
        let body = group(&code, open);
        let (scrutinee, arms) = if is_macro {
            let inner = &body[1..body.len().saturating_sub(1)];
            match top_level_comma(inner) {
                Some(c) => (&inner[..c], &inner[c..]),
                None => continue,
            }
        } else {
            let start = code[..open].rfind("match ").unwrap() + "match ".len();
            (&code[start..open], body)
        };
        if !is_token_text(scrutinee, &vars) {
            continue;
        }
        let arms_at = arms.as_ptr() as usize - code.as_ptr() as usize;
        hits.extend(
            literals
                .iter()
                .map(|&(a, _)| a)
                .filter(|&a| a >= arms_at && a < arms_at + arms.len()),
        );
    }
    // `words_at(i, &["in", "a", "row"])`
    for (k, m) in code.match_indices("words_at(") {
        let body = group(&code, k + m.len() - 1);
        hits.extend(
            literals
                .iter()
                .map(|&(a, _)| a)
                .filter(|&a| a > k && a < k + m.len() + body.len()),
        );
    }
    // `const X: &[&str] = &["not", "never"];`
    for (k, _) in code.match_indices("const ") {
        let Some(len) = code[k..].find(';') else { continue };
        let decl = &code[k..k + len];
        let name = decl["const ".len()..].split(':').next().unwrap_or("").trim();
        if decl.contains("&str") && !name.ends_with("ENDINGS") && !name.ends_with("SUFFIXES") {
            hits.extend(literals.iter().map(|&(a, _)| a).filter(|&a| a > k && a < k + len));
        }
    }
    hits.sort();
    hits.dedup();
    hits.into_iter()
        .map(|a| {
            let end = a + 1 + code[a + 1..].find('"').unwrap();
            format!("src/{rel}:{}: {}", line_of(a), &code[a..=end])
        })
        .collect()
}

fn top_level_comma(s: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

#[test]
fn the_analysis_core_compares_no_token_with_an_english_word() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for p in core_files() {
        let rel = p.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        found.extend(word_comparisons(&rel, &std::fs::read_to_string(&p).unwrap()));
    }
    assert!(
        found.is_empty(),
        "English words written in Rust in the analysis core; put them in lexicons/ \
         (a word class or tag in words.toml, or a kind in the category's file):\n{}",
        found.join("\n")
    );
}

/// The checker finds each way a word list has been written in the core, and
/// passes what is not one (counter-cases).
#[test]
fn the_checker_finds_word_comparisons_and_passes_kind_names() {
    let cases: &[(&str, usize)] = &[
        ("fn f() { if self.norm(i) == \"to\" {} }", 1),
        ("fn f() { let w = self.norm(i); if w != \"agree\" {} }", 1),
        ("fn f() { matches!(self.norm(k), \"and\" | \"or\" | \",\") }", 2),
        (
            "fn f() { matches!(\n    doc.norm_or_empty(i - 1),\n    \"at\" | \"in\"\n) }",
            2,
        ),
        (
            "fn f() { match w { \"will\" | \"shall\" => 1, _ => 0 } }\nfn g() { let w = self.norm(i); }",
            2,
        ),
        ("fn f() { doc.words_at(i, &[\"in\", \"a\", \"row\"]) }", 2),
        ("const NOT_WHO: &[&str] = &[\"scaling\", \"sw\"];", 2),
        // Counter-cases: punctuation, clitics, kinds, tags, values, suffixes, messages.
        ("fn f() { matches!(self.norm(i), \",\" | \";\" | \"s\") }", 0),
        ("fn f() { if self.norm(i + 2) == \"t\" {} }", 0),
        ("fn f() { if m.kind == \"range\" || value == \"pm\" {} }", 0),
        (
            "fn f() { e.has_tag(\"always\"); matches!(kind, \"scale\" | \"record\") }",
            0,
        ),
        ("const ENDINGS: [&str; 2] = [\"ing\", \"ly\"];", 0),
        ("fn f() { w.ends_with(\"ly\"); format!(\"by {t}\"); }", 0),
        ("fn f() { // norm(i) == \"to\"\n }", 0),
    ];
    for (src, want) in cases {
        let got = word_comparisons("x.rs", src);
        assert_eq!(got.len(), *want, "{src}\n{got:?}");
    }
}
