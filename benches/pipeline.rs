//! Each pipeline stage on corpus statements, one thread, steady state (the
//! analyser is built once; cold start is measured on its own):
//! tokenising by the `tokenizers` path and by the ASCII fast path, lexicon
//! matching, and the whole analysis.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use smartplan::text::{Tokenizer, Tokens};
use smartplan::{Analyser, Context};
use std::hint::black_box;

mod common;

fn bench(c: &mut Criterion) {
    let texts = common::corpus_statements(true);
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
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Elements(texts.len() as u64));
    let mut toks = Tokens::default();
    g.bench_function("tokenise/tokenizers", |b| {
        b.iter(|| {
            for t in &texts {
                Tokenizer.tokenize_unicode(t, &mut toks);
                black_box(toks.len());
            }
        })
    });
    g.bench_function("tokenise/ascii-fast-path", |b| {
        b.iter(|| {
            for t in &texts {
                Tokenizer.tokenize_ascii(t, &mut toks);
                black_box(toks.len());
            }
        })
    });
    g.bench_function("tokenise+match", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(analyser.with_doc(t, &ctx, |doc| doc.hits.len()));
            }
        })
    });
    g.bench_function("analyse", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(analyser.analyse(t, &ctx).score);
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
