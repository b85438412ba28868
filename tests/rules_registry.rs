//! The rule registry is the one list of rules: everything the analyser and
//! the plan checks raise is in it, and nothing in it is dead.

mod common;

use smartplan::rules::{Scope, RULES};
use std::collections::BTreeSet;

fn corpus_texts() -> Vec<String> {
    let mut texts = Vec::new();
    for file in ["corpus/statements.jsonl", "corpus/seeds.jsonl"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        for line in std::fs::read_to_string(path).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            texts.push(v["text"].as_str().unwrap().to_string());
        }
    }
    texts
}

#[test]
fn every_statement_rule_in_the_registry_is_raised_somewhere_in_the_corpus() {
    let a = common::analyser();
    let ctx = common::ctx();
    let mut seen = BTreeSet::new();
    for text in corpus_texts() {
        for f in a.analyse(&text, &ctx).findings {
            assert!(!f.rule.label().is_empty(), "{} has no label", f.rule);
            assert_eq!(f.criterion, f.rule.info().criterion, "{} on {text:?}", f.rule);
            seen.insert(f.rule.id());
        }
    }
    // Cells bring the column findings.
    let cells = smartplan::Context {
        owner_cell: Some("Professionals"),
        due_cell: Some("ongoing"),
        ..common::ctx()
    };
    for f in a.analyse("Mum to attend the course", &cells).findings {
        seen.insert(f.rule.id());
    }
    // Deadlines judged against the reference date: one years off, and one
    // too soon for long-standing work.
    for text in [
        "Mum to attend all six sessions at the alcohol service by 30/04/2028",
        "Dad to stop drinking within 1 week",
    ] {
        for f in a.analyse(text, &ctx).findings {
            seen.insert(f.rule.id());
        }
    }
    // A task filed as an outcome.
    let filed = smartplan::Context {
        section: Some(smartplan::Kind::Outcome),
        ..common::ctx()
    };
    for f in a.analyse("Complete the healthy living chart", &filed).findings {
        seen.insert(f.rule.id());
    }
    let dead: Vec<_> = RULES
        .iter()
        .filter(|r| r.scope == Scope::Statement && !seen.contains(r.id))
        .map(|r| r.id)
        .collect();
    assert!(dead.is_empty(), "rules nothing raises: {dead:?}");
}

#[test]
fn every_plan_check_written_is_in_the_registry_and_the_report_labels_it() {
    let dir = common::fresh_dir("rules-registry");
    // The sample, and a small export with an agreement column (the sample
    // has none) and every column the plan checks read, so each check is made
    // whatever the sample holds: two children, a child protection plan with
    // plan and review dates, a concern naming a service.
    let small = dir.join("small.csv");
    std::fs::write(
        &small,
        "Plan ID,Child ID,Plan Type,Plan Date,Review Date,Section,Statement,Agreed\n\
         P1,C1,CP,06/01/2025,01/03/2025,Outcome,Ava will sleep in her own bed every night,Yes\n\
         P1,C2,CP,06/01/2025,01/03/2025,Action,Mum to read Ava a story at 7pm,No\n\
         P1,C1,CP,06/01/2025,01/03/2025,Need,School says Ava falls asleep in class,Yes\n",
    )
    .unwrap();
    let mut seen = BTreeSet::new();
    for (i, input) in [common::repo_path("corpus/sample-export.csv"), small]
        .iter()
        .enumerate()
    {
        let plans = dir.join(format!("plans{i}.jsonl"));
        let out = common::run_smartplan(
            &[
                "audit",
                input.to_str().unwrap(),
                "--jsonl",
                dir.join(format!("a{i}.jsonl")).to_str().unwrap(),
                "--plans",
                plans.to_str().unwrap(),
            ],
            b"",
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        read_checks(&plans, &mut seen);
    }
    let dead: Vec<_> = RULES
        .iter()
        .filter(|r| r.scope == Scope::Plan && !seen.contains(r.id))
        .map(|r| r.id)
        .collect();
    assert!(dead.is_empty(), "plan checks no audit runs: {dead:?}");
}

fn read_checks(plans: &std::path::Path, seen: &mut BTreeSet<String>) {
    for line in std::fs::read_to_string(plans).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for c in v["checks"].as_array().unwrap() {
            let id = c["check"].as_str().unwrap().to_string();
            let rule =
                smartplan::rules::Rule::from_id(&id).unwrap_or_else(|| panic!("{id} is not registered"));
            assert_eq!(rule.info().scope, Scope::Plan);
            seen.insert(id);
        }
    }
}
