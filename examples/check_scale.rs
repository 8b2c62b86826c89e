//! Whole-process figures for big knowledge bases: writes synthetic
//! knowledge files of 1k, 10k and 100k entries × 5 phrasings
//! (`jawab::synth`), then runs the release binary on each — `jawab check`
//! and `jawab ask` (load and one question) — three times, and prints the
//! median wall time and peak memory (from `/usr/bin/time`, if present);
//! then pipes 20,000 questions of the synthetic mix (`jawab::synth::questions`:
//! near phrasings, typos, off-topic and common-word-only questions) into
//! `jawab ask --json` and prints the mean cost per question beyond the load
//! (the run's time less the one-question run's, over the questions).
//!
//! `cargo build --release && cargo run --release --features synth --example check_scale`
//! (or `-- 1000 10000` for chosen sizes). With `--verify` first, it checks
//! instead, in-process, that the candidate search of `jawab check` finds
//! exactly the pairs that comparing every pair finds (slow: all pairs).

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use jawab::knowledge::Knowledge;

const KNOWLEDGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge");
const RUNS: usize = 3;
/// Questions piped into `ask --json` for the per-question column.
const MIX: usize = 20_000;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let verifying = args.first().is_some_and(|a| a == "--verify");
    if verifying {
        args.remove(0);
    }
    let sizes: Vec<usize> = match args.iter().map(|a| a.parse()).collect::<Result<Vec<_>, _>>() {
        Ok(sizes) if !sizes.is_empty() => sizes,
        _ => vec![1_000, 10_000, 100_000],
    };
    let jawab = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target/release/jawab"));
    assert!(jawab.exists(), "build the binary first: cargo build --release");
    let base = Knowledge::load(KNOWLEDGE).expect("the shipped knowledge");
    if verifying {
        for size in sizes {
            verify(&base, size);
        }
        return;
    }
    let dir = std::env::temp_dir().join("jawab-check-scale");
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    println!(
        "| entries | phrasings | `jawab check` | peak memory | `jawab ask` (load + 1 question) | peak memory | per question, `ask --json` of {MIX} |"
    );
    println!("|---|---|---|---|---|---|---|");
    for size in sizes {
        let kb = jawab::synth::knowledge(&base, size, 42);
        let file = dir.join(format!("synthetic-{size}.toml"));
        std::fs::write(&file, jawab::synth::to_toml(&kb)).expect("write the file");
        let phrasings: usize = kb.entries.iter().map(|e| e.questions.len()).sum();
        let check = median(&jawab, &["--knowledge", file.to_str().unwrap(), "check"]);
        let ask = median(&jawab, &["--knowledge", file.to_str().unwrap(), "ask", "كم استغرقت المحادثات؟"]);
        let mut mix = jawab::synth::questions(&kb, MIX, 42).join("\n");
        mix.push('\n');
        let questions = dir.join(format!("questions-{size}.txt"));
        std::fs::write(&questions, mix).expect("write the questions");
        let piped = median_piped(&jawab, &["--knowledge", file.to_str().unwrap(), "ask", "--json"], &questions);
        let per_question = (piped - ask.0).max(0.0) / MIX as f64 * 1e6;
        println!(
            "| {size} | {phrasings} | {:.2} s | {} | {:.2} s | {} | {per_question:.0} µs |",
            check.0, check.1, ask.0, ask.1
        );
    }
}

/// Compares the candidate search with every pair on a synthetic
/// knowledge base of `size` entries, at the answer threshold.
fn verify(base: &Knowledge, size: usize) {
    let kb = if size == 0 { base.clone() } else { jawab::synth::knowledge(base, size, 42) };
    let matcher = jawab::matcher::Matcher::new(&kb, Default::default());
    let threshold = matcher.config().answer_threshold;
    let texts: Vec<&str> = kb
        .entries
        .iter()
        .flat_map(|e| &e.questions)
        .chain(kb.outside.iter().flat_map(|g| &g.questions))
        .map(String::as_str)
        .collect();
    let start = Instant::now();
    let fast = matcher.similar_pairs(&texts, threshold);
    let fast_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let every = matcher.all_similar_pairs(&texts, threshold);
    let every_s = start.elapsed().as_secs_f64();
    let n = texts.len() as u64;
    println!(
        "{size} entries, {n} phrasings, {} pairs compared by the all-pairs scan: {} above {threshold} ({every_s:.1} s); \
         the candidate search: {} ({fast_s:.2} s); identical: {}",
        n * (n - 1) / 2,
        every.len(),
        fast.len(),
        fast == every
    );
    assert_eq!(fast, every, "the candidate search differs at {size} entries");
}

/// The median wall time of `RUNS` runs with `input` as standard input.
fn median_piped(jawab: &PathBuf, args: &[&str], input: &std::path::Path) -> f64 {
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let stdin = std::fs::File::open(input).expect("the questions");
        let start = Instant::now();
        let out = Command::new(jawab).args(args).stdin(stdin).output().expect("run jawab");
        times.push(start.elapsed().as_secs_f64());
        // 1 says some question went unanswered, which off-topic ones do.
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "ask --json failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    middle(times)
}

/// The median of some run times.
fn middle(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The median wall time of `RUNS` runs, and the peak memory of the last.
fn median(jawab: &PathBuf, args: &[&str]) -> (f64, String) {
    let mut times = Vec::new();
    let mut peak = "?".to_string();
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = Command::new("/usr/bin/time")
            .arg("-f")
            .arg("%M")
            .arg(jawab)
            .args(args)
            .output()
            .or_else(|_| Command::new(jawab).args(args).output())
            .expect("run jawab");
        times.push(start.elapsed().as_secs_f64());
        let err = String::from_utf8_lossy(&out.stderr);
        if let Some(kb) = err.lines().last().and_then(|l| l.trim().parse::<u64>().ok()) {
            peak = format!("{} MB", kb / 1024);
        }
    }
    (middle(times), peak)
}
