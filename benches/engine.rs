//! Criterion benchmarks for the engine on the real knowledge base.
//!
//! Run with `cargo bench --bench engine`. Benchmark ids (stable, quoted in
//! the README):
//! - `answer/real_kb/<label>`: [`Engine::reply`] (normalise, match, compose);
//! - `decide/real_kb/<label>`: [`Engine::decide`] only (match, no reply text);
//! - `normalize/<label>`: [`normalize`] on a short question and a 4 kB text;
//! - `load/real_kb`: [`Engine::load`] (read + parse + validate + index);
//! - `index/real_kb`: [`Engine::new`] from an already loaded [`Knowledge`].
//!
//! The questions are written for these benchmarks, not taken from
//! `tests/data/*.tsv`; `check_questions` makes sure each still takes the path
//! its label names, so a knowledge change cannot silently turn, say, the
//! "dialect" benchmark into a no-match benchmark.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use jawab::engine::{Engine, MAX_QUESTION_CHARS};
use jawab::knowledge::Knowledge;
use jawab::language::normalize::normalize;
use jawab::matcher::MatcherConfig;
use jawab::reply::ReplyKind;

const KNOWLEDGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge");

/// Modern Standard Arabic, answered (talks-duration).
const MSA: &str = "كم ساعة دامت المباحثات بين الرئيسين الروسي والسوري؟";
/// Levantine dialect, answered (talks-duration).
const DIALECT: &str = "قديش طولت القعدة بين بوتين وبشار؟";
/// Typos in two words (المحادتات، بوتن), answered (talks-duration).
const TYPO: &str = "كم استغرقت المحادتات بين بوتن والاسد";
/// Nothing to do with the article: no match.
const OFFTOPIC: &str = "ما هي عاصمة البرازيل وكم عدد سكانها؟";
/// Arabizi (Latin letters and digits) for the same question.
const ARABIZI: &str = "kam istaghraqat el mo7adathat bein putin w assad";

/// Sentences cycled to build the long inputs: on-topic words, diacritics,
/// tatweel, Arabic-Indic digits and punctuation, so every rule has work.
const SENTENCES: &[&str] = &[
    "زارَ الرئيسُ السوري بشار الأسد العاصمةَ الروسية موسكو والتقى بالرئيس فلاديمير بوتين،",
    "واستمرت المحادثـــات بينهما نحو ٣ ساعات في الكرملين بحضور الوفدين الرسميين.",
    "ناقش الجانبان إعادة الإعمار والتسوية السياسية ووحدة الأراضي السورية وسيادتها!",
    "وتأتي الزيارة بعد الزلزال المدمّر وفي ظل العقوبات والعزلة التي تواجهها روسيا؟",
    "وقد ذُكّر بمعاهدة الصداقة الموقعة عام 1980 وبالدعم العسكري منذ ٢٠١٥ في حميميم.",
];

/// Cycles [`SENTENCES`] until the text is at least `fits(text)` long, then
/// cuts it back on a char boundary with `cut`.
fn long_text(fits: impl Fn(&str) -> bool, cut: impl Fn(&str) -> &str) -> String {
    let mut text = String::new();
    for s in SENTENCES.iter().cycle() {
        if fits(&text) {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(s);
    }
    cut(&text).to_string()
}

/// Exactly 4000 characters (under [`MAX_QUESTION_CHARS`], so none is cut off).
fn long_question() -> String {
    const CHARS: usize = 4000;
    const _: () = assert!(CHARS <= MAX_QUESTION_CHARS);
    let text = long_text(
        |t| t.chars().count() >= CHARS,
        |t| match t.char_indices().nth(CHARS) {
            Some((i, _)) => &t[..i],
            None => t,
        },
    );
    assert_eq!(text.chars().count(), CHARS);
    text
}

/// At most 4096 bytes, cut on a char boundary.
fn text_4kb() -> String {
    const BYTES: usize = 4096;
    let text = long_text(
        |t| t.len() >= BYTES,
        |t| {
            let mut end = BYTES.min(t.len());
            while !t.is_char_boundary(end) {
                end -= 1;
            }
            &t[..end]
        },
    );
    assert!(text.len() > BYTES - 4 && text.len() <= BYTES);
    text
}

fn load_engine() -> Engine {
    Engine::load(KNOWLEDGE, MatcherConfig::default()).expect("the real knowledge base loads")
}

/// The benchmarked questions, by label.
fn questions() -> Vec<(&'static str, String)> {
    vec![
        ("msa", MSA.to_string()),
        ("dialect", DIALECT.to_string()),
        ("typo", TYPO.to_string()),
        ("offtopic", OFFTOPIC.to_string()),
        ("arabizi", ARABIZI.to_string()),
        ("long_4000_chars", long_question()),
        // The worst Latin input known: runs of one vowel, each of which may
        // be written or not, in words as long as are searched.
        ("latin_vowel_runs_4000_chars", vec!["a".repeat(20); 190].join(" ")),
    ]
}

/// Each labelled question still takes the path its label names.
fn check_questions(engine: &Engine) {
    for q in [MSA, DIALECT, TYPO, ARABIZI] {
        assert_eq!(engine.reply(q).id(), Some("talks-duration"), "{q}");
    }
    assert_eq!(engine.reply(OFFTOPIC).kind, ReplyKind::NoMatch, "{OFFTOPIC}");
}

fn answer(c: &mut Criterion) {
    let engine = load_engine();
    check_questions(&engine);
    let questions = questions();

    let mut group = c.benchmark_group("answer/real_kb");
    for (label, q) in &questions {
        group.bench_with_input(BenchmarkId::from_parameter(label), q.as_str(), |b, q| {
            b.iter(|| engine.reply(black_box(q)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("decide/real_kb");
    for (label, q) in &questions {
        group.bench_with_input(BenchmarkId::from_parameter(label), q.as_str(), |b, q| {
            b.iter(|| engine.decide(black_box(q)))
        });
    }
    group.finish();
}

fn normalize_text(c: &mut Criterion) {
    let mut group = c.benchmark_group("normalize");
    for (label, text) in [("short_question", MSA.to_string()), ("text_4kb", text_4kb())] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), text.as_str(), |b, t| {
            b.iter(|| normalize(black_box(t)))
        });
    }
    group.finish();
}

fn load_and_index(c: &mut Criterion) {
    c.bench_function("load/real_kb", |b| {
        b.iter(|| Engine::load(black_box(KNOWLEDGE), MatcherConfig::default()).unwrap())
    });

    let kb: Knowledge = load_engine().knowledge().clone();
    let config = MatcherConfig::default();
    c.bench_function("index/real_kb", |b| b.iter(|| Engine::new(black_box(kb.clone()), config.clone())));
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    targets = answer, normalize_text, load_and_index
}
criterion_main!(benches);
