//! Runs the engine on a few questions many times (or loads the knowledge 20
//! times with `load`, or builds the index of a synthetic knowledge base of
//! N entries with `build N`, or answers its question mix with `synth N [common|all] [PASSES]`),
//! for profilers: `valgrind --tool=callgrind target/release/examples/prof`.
use jawab::engine::Engine;
use jawab::matcher::{Matcher, MatcherConfig};
fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    if mode == "build" {
        let n = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(100_000);
        let real = jawab::knowledge::Knowledge::load("knowledge").unwrap();
        let kb = jawab::synth::knowledge(&real, n, 42);
        let start = std::time::Instant::now();
        let m = Matcher::new(&kb, MatcherConfig::default());
        eprintln!("index of {n} entries built in {:.0} ms", start.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(m);
        return;
    }
    if mode == "phases" {
        // `prof phases FILE`: how long reading, validating and indexing a knowledge file take.
        let path = std::env::args().nth(2).expect("a knowledge file");
        // Resident and peak memory so far, from /proc (Linux).
        let memory = || {
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let field = |name: &str| {
                status
                    .lines()
                    .find(|l| l.starts_with(name))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .unwrap_or("?")
                    .to_string()
            };
            format!("rss {} kB, peak {} kB", field("VmRSS:"), field("VmHWM:"))
        };
        let start = std::time::Instant::now();
        let sources = jawab::knowledge::Knowledge::read(&path).unwrap();
        let read = start.elapsed();
        eprintln!("read {:.0} ms; {}", read.as_secs_f64() * 1e3, memory());
        let kb = jawab::knowledge::Knowledge::from_sources(&sources).unwrap();
        drop(sources);
        let valid = start.elapsed();
        eprintln!("parse and validate {:.0} ms; {}", (valid - read).as_secs_f64() * 1e3, memory());
        let m = Matcher::new(&kb, MatcherConfig::default());
        let built = start.elapsed();
        eprintln!("index {:.0} ms; {}", (built - valid).as_secs_f64() * 1e3, memory());
        std::hint::black_box((kb, m));
        return;
    }
    if mode == "synth" {
        // `prof synth N [common|all] [PASSES]`: the synthetic question mix
        // over N entries (or only its common-word questions), 20 passes
        // unless told, with each class's median and mean time from the last.
        let n = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(100_000);
        let only_common = std::env::args().nth(3).as_deref() == Some("common");
        let passes: usize = std::env::args().nth(4).and_then(|n| n.parse().ok()).unwrap_or(20);
        let real = jawab::knowledge::Knowledge::load("knowledge").unwrap();
        let e = Engine::new(jawab::synth::knowledge(&real, n, 42), MatcherConfig::default());
        let questions: Vec<(bool, String)> = jawab::synth::questions(e.knowledge(), 5000, 42)
            .into_iter()
            .enumerate()
            .map(|(i, q)| (i % 10 == 3, q))
            .filter(|(common, _)| *common || !only_common)
            .collect();
        let mut times = Vec::new();
        for _ in 0..passes {
            times.clear();
            for (common, q) in &questions {
                let t = std::time::Instant::now();
                std::hint::black_box(e.decide(q));
                times.push((*common, t.elapsed().as_secs_f64() * 1e6));
            }
        }
        for (label, class) in [("common-word", true), ("others", false)] {
            let mut t: Vec<f64> = times.iter().filter(|x| x.0 == class).map(|x| x.1).collect();
            t.sort_by(f64::total_cmp);
            if let Some(&median) = t.get(t.len() / 2) {
                let mean = t.iter().sum::<f64>() / t.len() as f64;
                eprintln!("{label}: {} questions, median {median:.1} µs, mean {mean:.1} µs", t.len());
            }
        }
        return;
    }
    if mode == "load" {
        for _ in 0..20 {
            std::hint::black_box(Engine::load("knowledge", MatcherConfig::default()).unwrap());
        }
        return;
    }
    let e = Engine::load("knowledge", MatcherConfig::default()).unwrap();
    if let Some(q) = std::env::args().nth(2) {
        for _ in 0..10000 {
            std::hint::black_box(e.reply(&q));
        }
        return;
    }
    let qs = [
        "كم ساعة دامت المباحثات بين الرئيسين الروسي والسوري؟",
        "قديش طولت القعدة بين بوتين وبشار؟",
        "كم استغرقت المحادتات بين بوتن والاسد",
        "ما هي عاصمة البرازيل وكم عدد سكانها؟",
    ];
    for _ in 0..5000 {
        for q in qs {
            std::hint::black_box(e.reply(q));
        }
    }
}
