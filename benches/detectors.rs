//! The timescale and measure detectors on corpus statements, steady state:
//! the analyser is built once outside the timing loop (cold start is its own
//! bench). One thread, so statements per second is per core.
//!
//! `detectors` includes tokenising and lexicon matching (`with_doc`), which
//! the detectors need; `tokenise-match` is that cost alone, so the
//! detectors' own share is the difference.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use smartplan::analysis::{Analyser, Context, Draft};
use smartplan::detect::measure::Measures;
use smartplan::detect::timescale::Timescales;
use smartplan::detect::Detector;
use std::hint::black_box;

/// Corpus statements when the corpus is present, else a few made-up ones.
fn statements() -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/statements.jsonl");
    if let Ok(text) = std::fs::read_to_string(&path) {
        if let Ok(items) = smartplan::eval::parse_corpus(&text) {
            if !items.is_empty() {
                return items.into_iter().map(|i| i.text).collect();
            }
        }
    }
    eprintln!("note: {} absent; benchmarking made-up statements", path.display());
    [
        "Mum to make sure Ava's attendance rises from 63% to 85% by 23/07/2025",
        "Dad to attend all 6 sessions of the parenting course within 6 weeks",
        "Health visitor to weigh the baby every two weeks until the RCPC",
        "Ava will sleep in her own bed every night, shown in the sleep diary",
        "Support to be ongoing",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn bench(c: &mut Criterion) {
    let texts = statements();
    let analyser = Analyser::builtin();
    let ctx = Context {
        as_of: chrono::NaiveDate::from_ymd_opt(2025, 3, 10),
        ..Context::default()
    };
    let mut g = c.benchmark_group("detectors");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function(BenchmarkId::new("tokenise-match", texts.len()), |b| {
        b.iter(|| {
            for t in &texts {
                black_box(analyser.with_doc(t, &ctx, |doc| doc.hits.len()));
            }
        })
    });
    g.bench_function(BenchmarkId::new("timescale+measure", texts.len()), |b| {
        b.iter(|| {
            for t in &texts {
                black_box(analyser.with_doc(t, &ctx, |doc| {
                    let mut draft = Draft::default();
                    Timescales.detect(doc, &mut draft);
                    Measures.detect(doc, &mut draft);
                    draft.timescales.len() + draft.measures.len()
                }));
            }
        })
    });
    g.finish();
    c.bench_function("cold-start/Analyser::builtin", |b| {
        b.iter(|| black_box(Analyser::builtin()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
