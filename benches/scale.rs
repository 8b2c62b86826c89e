//! Criterion benchmarks at scale: synthetic knowledge bases of 1k, 10k and
//! 100k entries × 5 phrasings ([`jawab::synth`]).
//!
//! `cargo bench --bench scale`. Benchmark ids:
//! - `decide/synthetic/<size>`: [`Engine::decide`], one question per
//!   iteration, cycling through 512 synthetic questions (a fifth off topic);
//! - `index/synthetic/<size>`: [`Engine::new`] from loaded knowledge.
//!
//! `cargo run --release --example scale` prints the README's table (median
//! and p99 per question, build time, memory) from the same knowledge bases.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use jawab::engine::Engine;
use jawab::knowledge::Knowledge;
use jawab::matcher::MatcherConfig;

const KNOWLEDGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge");
const SIZES: &[(usize, &str)] = &[(1_000, "1k"), (10_000, "10k"), (100_000, "100k")];

fn synthetic(size: usize) -> Knowledge {
    let real = Knowledge::load(KNOWLEDGE).expect("the real knowledge base loads");
    jawab::synth::knowledge(&real, size, 42)
}

fn decide(c: &mut Criterion) {
    let mut group = c.benchmark_group("decide/synthetic");
    for &(size, label) in SIZES {
        let engine = Engine::new(synthetic(size), MatcherConfig::default());
        let questions = jawab::synth::questions(engine.knowledge(), 512, 42);
        let mut next = questions.iter().cycle();
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| engine.decide(black_box(next.next().expect("cycle"))))
        });
    }
    group.finish();
}

fn index(c: &mut Criterion) {
    let mut group = c.benchmark_group("index/synthetic");
    group.sample_size(10);
    for &(size, label) in SIZES {
        let kb = synthetic(size);
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter_batched(
                || kb.clone(),
                |kb| Engine::new(kb, MatcherConfig::default()),
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    targets = decide, index
}
criterion_main!(benches);
