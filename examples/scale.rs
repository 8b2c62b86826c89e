//! Prints the scale table of the README: for the real knowledge base and
//! synthetic ones of 1k, 10k and 100k entries × 5 phrasings, the time to
//! build the index, the memory it takes, and the median and p99 time per
//! question (decide: normalise, analyse, match).
//!
//! `cargo run --release --example scale` (or `-- 1000 10000` for chosen
//! sizes). Each size runs in its own process, so its peak memory is its own.

use std::process::Command;
use std::time::Instant;

use jawab::engine::Engine;
use jawab::knowledge::Knowledge;
use jawab::matcher::MatcherConfig;

const KNOWLEDGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge");
const QUESTIONS: usize = 5000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, size] = args.as_slice()
        && flag == "--one"
    {
        one(size.parse().expect("a size"));
        return;
    }
    let sizes: Vec<usize> = if args.is_empty() {
        vec![0, 1_000, 10_000, 100_000]
    } else {
        args.iter().map(|a| a.parse().expect("a size")).collect()
    };
    println!(
        "| knowledge | phrasings | index build | index memory | peak memory | median / question | p99 / question | mean / question |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let me = std::env::current_exe().expect("own path");
    for size in sizes {
        let out = Command::new(&me).args(["--one", &size.to_string()]).output().expect("run a size");
        print!("{}", String::from_utf8_lossy(&out.stdout));
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
    }
    ask_json(&me);
}

/// Times `jawab ask --json` on 100k questions through the real knowledge
/// base, with the release binary beside this example's directory.
fn ask_json(me: &std::path::Path) {
    const N: usize = 100_000;
    let Some(jawab) = me.parent().and_then(|d| d.parent()).map(|d| d.join("jawab")).filter(|p| p.exists()) else {
        println!("\n(ask --json not timed: build the binary with `cargo build --release` first)");
        return;
    };
    let engine = Engine::new(Knowledge::load(KNOWLEDGE).expect("loads"), MatcherConfig::default());
    let mut input = String::new();
    for q in real_questions(&engine).iter().cycle().take(N) {
        input.push_str(q);
        input.push('\n');
    }
    let mut child = Command::new(&jawab)
        .args(["--knowledge", KNOWLEDGE, "ask", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start jawab");
    let start = Instant::now();
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, input.as_bytes()));
    let out = child.wait_with_output().expect("jawab runs");
    let elapsed = start.elapsed();
    writer.join().expect("writer").expect("write questions");
    let lines = out.stdout.iter().filter(|&&b| b == b'\n').count();
    println!("\n`jawab ask --json`: {lines} questions in {:.2} s (real knowledge base)", elapsed.as_secs_f64());
}

/// Measures one size (0: the real knowledge base) and prints its row.
fn one(size: usize) {
    let real = Knowledge::load(KNOWLEDGE).expect("the real knowledge base loads");
    let (label, kb) = if size == 0 {
        ("real".to_string(), real.clone())
    } else {
        (format!("{}k", size / 1000), jawab::synth::knowledge(&real, size, 42))
    };
    let phrasings: usize = kb.entries.iter().map(|e| e.questions.len()).sum();
    let before = rss_kb("VmRSS");
    let start = Instant::now();
    let engine = Engine::new(kb, MatcherConfig::default());
    let build = start.elapsed();
    let index_mb = (rss_kb("VmRSS").saturating_sub(before)) as f64 / 1024.0;
    let questions =
        if size == 0 { real_questions(&engine) } else { jawab::synth::questions(engine.knowledge(), QUESTIONS, 42) };
    // One warm-up pass, then each question timed alone.
    for q in &questions {
        std::hint::black_box(engine.decide(q));
    }
    let mut times: Vec<f64> = questions
        .iter()
        .map(|q| {
            let t = Instant::now();
            std::hint::black_box(engine.decide(std::hint::black_box(q)));
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    let mean = times.iter().sum::<f64>() / times.len().max(1) as f64;
    println!(
        "| {label} | {phrasings} | {:.1} ms | {index_mb:.0} MB | {:.0} MB | {:.1} µs | {:.1} µs | {mean:.1} µs |",
        build.as_secs_f64() * 1e3,
        rss_kb("VmHWM") as f64 / 1024.0,
        at(0.5),
        at(0.99),
    );
}

/// The real knowledge base's own phrasings, each with its last word
/// dropped (so none is an exact copy), as the questions for the real row.
fn real_questions(engine: &Engine) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    while out.len() < QUESTIONS {
        for e in &engine.knowledge().entries {
            for q in &e.questions {
                let words: Vec<&str> = q.split(' ').collect();
                out.push(words[..words.len().saturating_sub(1).max(1)].join(" "));
            }
        }
    }
    out.truncate(QUESTIONS);
    out
}

/// A field of /proc/self/status in kB (0 where there is none).
fn rss_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}
