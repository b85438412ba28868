//! Issue 16.6: an English grammar checker that shares nothing with
//! smartplan's own grammar reader (harper-core) reads the rewrite of every
//! corpus statement, each slot replaced by a neutral phrase of its kind, and
//! finds no grammar error that the statement itself did not already have.

use harper_core::linting::{LintGroup, Linter};
use harper_core::spell::FstDictionary;
use harper_core::{Dialect, Document};
use smartplan::{Analyser, Context};
use std::sync::Arc;

/// A neutral phrase of the kind each slot asks for, so the filled rewrite is
/// a sentence a checker can read.
fn neutral(slot: &str) -> &'static str {
    const TABLE: &[(&str, &str)] = &[
        ("[who", "the social worker"),
        ("[what kind", "two-bedroom"),
        ("[by when", "by the review"),
        ("[until when", "until the review"),
        ("[how often", "every week"),
        ("[which record", "the school register"),
        ("[how, and by whom", "home visits"),
        ("[level now", "the present level"),
        ("[target level", "the agreed level"),
        ("[which child or adult", "the child"),
        ("[what good looks like", "safe at home"),
        ("[in place of", "explain the steps"),
        ("[what “", "stated"),
    ];
    TABLE
        .iter()
        .find(|(p, _)| slot.starts_with(p))
        .map(|(_, v)| *v)
        .unwrap_or("the agreed thing")
}

fn fill(text: &str) -> String {
    let mut out = text.to_string();
    for slot in smartplan::rewrite::slots_in(text) {
        // A slot that holds the statement's own words ("[less anxious: …]")
        // reads as those words.
        let value = match slot.split_once(':') {
            Some((words, _)) if !slot.starts_with("[in place of") && !slot.starts_with("[what") => {
                words.trim_start_matches('[').to_string()
            }
            _ => neutral(&slot).to_string(),
        };
        out = out.replace(&slot, &value);
    }
    // A filled slot that opens the sentence starts with a capital.
    let mut c = out.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Grammar errors harper finds, as "kind: message" lines. Spelling is left
/// out: plan statements are full of names and abbreviations.
fn grammar_errors(linter: &mut LintGroup, dict: &Arc<FstDictionary>, text: &str) -> Vec<String> {
    let doc = Document::new_plain_english(text, dict);
    linter
        .lint(&doc)
        .into_iter()
        // Spelling and sentence length are not grammar: plan statements are
        // full of names and abbreviations, and long sentences are the worker's.
        .filter(|l| {
            !matches!(
                l.lint_kind,
                harper_core::linting::LintKind::Spelling | harper_core::linting::LintKind::Readability
            )
        })
        .map(|l| format!("{:?}: {}", l.lint_kind, l.message))
        .collect()
}

#[test]
fn every_corpus_rewrite_with_its_slots_filled_adds_no_grammar_error() {
    let an = Analyser::builtin();
    let ctx = Context::new(smartplan::Reference::given(
        chrono::NaiveDate::from_ymd_opt(2026, 1, 10).unwrap(),
    ));
    let dict = FstDictionary::curated();
    let mut linter = LintGroup::new_curated(dict.clone(), Dialect::British);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let (mut rewritten, mut added) = (0, Vec::new());
    for name in ["statements", "seeds", "plan-types", "real-world"] {
        let Ok(body) = std::fs::read_to_string(root.join(format!("{name}.jsonl"))) else {
            eprintln!("note: corpus/{name}.jsonl absent; skipped");
            continue;
        };
        for line in body.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let (Some(id), Some(text)) = (v["id"].as_str(), v["text"].as_str()) else {
                continue;
            };
            let Some(r) = an.analyse(text, &ctx).rewrite else {
                continue;
            };
            rewritten += 1;
            let before = grammar_errors(&mut linter, &dict, text);
            let filled = fill(&r.text);
            let mut after = grammar_errors(&mut linter, &dict, &filled);
            // Errors the statement already had are the worker's words, kept as written.
            for e in &before {
                if let Some(k) = after.iter().position(|a| a == e) {
                    after.remove(k);
                }
            }
            if !after.is_empty() {
                added.push(format!("{id}: {text}\n  -> {filled}\n  {after:?}"));
            }
        }
    }
    eprintln!(
        "{rewritten} rewrites read; {} with a grammar error the statement did not have",
        added.len()
    );
    for a in &added {
        eprintln!("{a}");
    }
    assert!(
        added.is_empty(),
        "{} rewrites add grammar errors (listed above)",
        added.len()
    );
}
