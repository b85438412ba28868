//! Every lexicon entry that raises findings carries example statements; this
//! runs them all. `flags`: the analysis reports a finding (warning or worse)
//! over the entry's match. `ignores`: no finding (warning or worse) over any
//! match of the entry.

mod common;

use smartplan::lexicon::Lexicons;
use smartplan::rules::Severity;

fn entry_spans(entry_id: u32, text: &str) -> Vec<(usize, usize)> {
    let a = common::analyser();
    a.with_doc(text, &common::undated(), |doc| {
        doc.hits
            .iter()
            .filter(|h| h.entry == entry_id)
            .map(|h| {
                let s = doc.span(h.first, h.end);
                (s.start, s.end)
            })
            .collect()
    })
}

fn flagged_over(text: &str, spans: &[(usize, usize)]) -> Vec<String> {
    let a = common::analyser().analyse(text, &common::undated());
    a.findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .filter(|f| match (f.start, f.end) {
            (Some(s), Some(e)) => spans.iter().any(|&(a, b)| s < b && a < e),
            _ => false,
        })
        .map(|f| format!("{} “{}”", f.rule, f.text.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn every_flagging_entry_has_examples_both_ways() {
    let lex = Lexicons::builtin().unwrap();
    let mut missing = Vec::new();
    for e in lex.entries().iter().filter(|e| e.raises_findings()) {
        if e.flags.is_empty() || e.ignores.is_empty() {
            missing.push(format!("{} ({})", e.display(), e.source));
        }
    }
    assert!(
        missing.is_empty(),
        "entries without flags/ignores examples: {missing:#?}"
    );
}

#[test]
fn every_flags_example_raises_a_finding_on_its_entry() {
    let lex = common::analyser().lexicons();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (id, e) in lex.entries().iter().enumerate() {
        for example in &e.flags {
            checked += 1;
            let spans = entry_spans(id as u32, example);
            if spans.is_empty() {
                failures.push(format!(
                    "{}: “{}” is not matched in {example:?}",
                    e.source,
                    e.display()
                ));
            } else if flagged_over(example, &spans).is_empty() {
                failures.push(format!(
                    "{}: “{}” matched but raised no finding in {example:?}",
                    e.source,
                    e.display()
                ));
            }
        }
    }
    assert!(checked > 0);
    assert!(
        failures.is_empty(),
        "{} of {checked} flags examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn no_ignores_example_raises_a_finding_on_its_entry() {
    let lex = common::analyser().lexicons();
    let mut failures = Vec::new();
    for (id, e) in lex.entries().iter().enumerate() {
        for example in &e.ignores {
            let spans = entry_spans(id as u32, example);
            let flagged = flagged_over(example, &spans);
            if !flagged.is_empty() {
                failures.push(format!(
                    "{}: “{}” flagged in {example:?}: {flagged:?}",
                    e.source,
                    e.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
