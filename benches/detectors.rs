//! The timescale and measure detectors on corpus statements, steady state:
//! the analyser is built once outside the timing loop (cold start is its own
//! bench). One thread, so statements per second is per core.
//!
//! `detectors` includes tokenising and lexicon matching (`with_doc`), which
//! the detectors need; `tokenise-match` is that cost alone, so the
//! detectors' own share is the difference.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use smartplan::detect::measure::Measures;
use smartplan::detect::timescale::Timescales;
use smartplan::stage::Detector;
use smartplan::stage::{Context, Draft};
use smartplan::Analyser;
use std::hint::black_box;

mod common;

fn bench(c: &mut Criterion) {
    let texts = common::corpus_statements(false);
    let analyser = Analyser::builtin();
    let ctx = Context {
        reference: smartplan::Reference::given_or_today(
            chrono::NaiveDate::from_ymd_opt(2025, 3, 10),
            chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
        ),
        ..Context::new(smartplan::Reference::today(
            chrono::NaiveDate::from_ymd_opt(2025, 9, 8).unwrap(),
        ))
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
