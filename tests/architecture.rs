//! The source tree's floor plan, held by a test: no file imports another that
//! (directly or not) imports it back, and the analysis core reads no file,
//! clock or front end. Read from `src/` as text, so a new file is covered the
//! day it is added.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (e.g. `["detect", "owner"]`) of every source file.
fn modules() -> BTreeMap<Vec<String>, PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = p.strip_prefix(&root).unwrap();
            let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
            let last = parts.pop().unwrap();
            // A unit-test module in its own file reaches across on purpose.
            if last == "tests.rs" {
                continue;
            }
            let stem = last.trim_end_matches(".rs");
            if !matches!(stem, "mod" | "lib" | "main") {
                parts.push(stem.to_string());
            }
            if stem == "main" {
                parts.push("#main".into());
            }
            out.insert(parts, p);
        }
    }
    out
}

/// Code without comments, string literals and `#[cfg(test)]` modules: tests
/// may reach across (a unit test of the summary may run the analyser).
fn code_of(src: &str) -> String {
    let src = match src.find("#[cfg(test)]\nmod ") {
        Some(i) => &src[..i],
        None => src,
    };
    let mut out = String::with_capacity(src.len());
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"r#\"") {
            let end = src[i + 3..].find("\"#").map_or(b.len(), |k| i + 3 + k + 2);
            out.push_str("\"\"");
            i = end;
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i += 1;
        } else if b[i] == b'\'' && i + 2 < b.len() && (b[i + 2] == b'\'' || b[i + 1] == b'\\') {
            // a char literal ('"' would otherwise open a string)
            let end = src[i + 1..].find('\'').map_or(b.len(), |k| i + 1 + k + 1);
            let end = if b[i + 1] == b'\\' {
                src[i + 3..].find('\'').map_or(b.len(), |k| i + 3 + k + 1)
            } else {
                end
            };
            out.push_str("' '");
            i = end;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |q| format!("{prefix}{q}")))
        .collect()
}

/// The paths a file refers to: its `use` trees (re-exports too: a module that
/// re-exports its child depends on it) and inline `crate::`/`super::` paths.
fn paths_in(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = &rest[..i];
        let boundary = before.is_empty()
            || before.ends_with(|c: char| c.is_whitespace() || c == ';' || c == '{' || c == '}');
        let Some(end) = rest[i..].find(';') else { break };
        if boundary {
            out.extend(expand(&rest[i + 4..i + end]));
        }
        rest = &rest[i + end..];
    }
    let b = code.as_bytes();
    for key in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(k) = code[from..].find(key) {
            let s = from + k;
            from = s + key.len();
            if s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'_' || b[s - 1] == b':') {
                continue;
            }
            let end = code[s..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| s + e);
            out.push(code[s..end].trim_end_matches(':').to_string());
        }
    }
    out
}

/// The module a path lands in: the longest prefix that is a known module.
fn resolve(
    path: &str,
    here: &[String],
    is_mod_file: bool,
    mods: &BTreeMap<Vec<String>, PathBuf>,
    children: &BTreeSet<String>,
) -> Option<Vec<String>> {
    let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = match segs.first().copied() {
        Some("crate") => vec![],
        Some("super") => {
            // `super` of a mod.rs is its parent; of a leaf file, its folder's module.
            let mut b = here.to_vec();
            b.pop();
            if is_mod_file {
                b.pop();
            }
            b
        }
        Some("self") => {
            let mut b = here.to_vec();
            if !is_mod_file {
                b.pop();
            }
            b
        }
        Some(first) if children.contains(first) => {
            let mut b = here.to_vec();
            b.push(first.to_string());
            let mut best = b.clone();
            for s in &segs[1..] {
                b.push(s.to_string());
                if mods.contains_key(&b) {
                    best = b.clone();
                }
            }
            return Some(best);
        }
        _ => return None,
    };
    let mut rest = &segs[1..];
    while rest.first() == Some(&"super") {
        base.pop();
        rest = &rest[1..];
    }
    let mut best = base.clone();
    for s in rest {
        base.push(s.to_string());
        if mods.contains_key(&base) {
            best = base.clone();
        }
    }
    Some(best)
}

fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mods = modules();
    let mut g = BTreeMap::new();
    for (m, path) in &mods {
        let src = std::fs::read_to_string(path).unwrap();
        let code = code_of(&src);
        let is_mod_file = path.file_name().is_some_and(|n| n == "mod.rs" || n == "lib.rs");
        let here = m.clone();
        let children: BTreeSet<String> = code
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                let l = l.strip_prefix("pub ").unwrap_or(l);
                let l = l.strip_prefix("pub(crate) ").unwrap_or(l);
                l.strip_prefix("mod ")
                    .map(|r| r.trim_end_matches(';').trim().to_string())
            })
            .collect();
        let mut deps = BTreeSet::new();
        let mut paths = paths_in(&code);
        // A parent's own code naming a child module (`html::page(..)`).
        let bytes = code.as_bytes();
        for c in &children {
            let key = format!("{c}::");
            let mut from = 0;
            while let Some(k) = code[from..].find(&key) {
                let at = from + k;
                from = at + key.len();
                let before = at.checked_sub(1).map(|i| bytes[i]);
                if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':') {
                    continue;
                }
                paths.push(key.trim_end_matches(':').to_string());
            }
        }
        for p in paths {
            if let Some(t) = resolve(&p, &here, is_mod_file, &mods, &children) {
                if &t != m && mods.contains_key(&t) && !t.is_empty() {
                    deps.insert(t);
                }
            }
        }
        g.insert(m.clone(), deps);
    }
    g
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "lib".into()
    } else {
        m.join("::")
    }
}

#[test]
fn no_file_in_src_imports_one_that_imports_it_back() {
    // Every strongly connected group of more than one file is a loop.
    let g = graph();
    let loops: Vec<String> = strongly_connected(&g)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| c.iter().map(|m| name(m)).collect::<Vec<_>>().join(" ⇄ "))
        .collect();
    assert!(loops.is_empty(), "import loops in src/:\n{}", loops.join("\n"));
}

/// Tarjan's strongly connected components.
fn strongly_connected(g: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
    struct T<'a> {
        g: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on: BTreeSet<&'a Vec<String>>,
        out: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a Vec<String>) {
        let i = t.index.len();
        t.index.insert(v, i);
        t.low.insert(v, i);
        t.stack.push(v);
        t.on.insert(v);
        for w in &t.g[v] {
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut c = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                c.push(w.clone());
                if w == v {
                    break;
                }
            }
            t.out.push(c);
        }
    }
    let mut t = T {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

/// The analysis core: what turns a statement into its record.
const CORE: &[&str] = &[
    "text", "lexicon", "stage", "rules", "dates", "grammar", "detect", "classify", "score", "rewrite",
    "pipeline", "record",
];
const FRONTS: &[&str] = &["cli", "batch", "report", "serve", "summary", "eval"];

#[test]
fn the_core_imports_no_front_end_and_reads_no_file_or_clock() {
    let g = graph();
    let mods = modules();
    let mut faults = Vec::new();
    for (m, deps) in &g {
        if !m.first().is_some_and(|top| CORE.contains(&top.as_str())) {
            continue;
        }
        for d in deps {
            if d.first().is_some_and(|top| FRONTS.contains(&top.as_str())) {
                faults.push(format!("{} imports {}", name(m), name(d)));
            }
        }
        let code = code_of(&std::fs::read_to_string(&mods[m]).unwrap());
        for io in [
            "std::fs",
            "File::",
            "read_dir",
            "Local::now",
            "Utc::now",
            "SystemTime",
            "Instant::now",
            "std::env",
            "std::net",
            "stdin",
            "stdout",
        ] {
            if code.contains(io) {
                faults.push(format!("{} uses {io}", name(m)));
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}
