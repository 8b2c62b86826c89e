//! Fits the confidence calibration (a logistic model over the matcher's
//! evidence) on a labelled set and prints it as Rust:
//! `cargo run --release --example calibrate -- tests/data/dev.tsv+tests/data/curator.tsv tests/data/holdout.tsv`
//! (sets joined with '+' are fitted on together; the second argument is only scored).
//!
//! Each question gives one sample, its first-ranked entry: label 1 when that
//! entry is a right answer, 0 otherwise (always 0 for questions that must
//! not be answered). Also prints a 5-fold cross-validated accuracy and, given
//! a second set, the figures on it.

use jawab::engine::Engine;
use jawab::eval::{self, Expected};
use jawab::matcher::{Calibration, EVIDENCE, MatcherConfig};

type Sample = ([f32; EVIDENCE], f32, usize, bool); // evidence, label, case index, ranked first

fn fit(samples: &[&Sample]) -> Calibration {
    let (mut b, mut w) = (0.0f64, [0.0f64; EVIDENCE]);
    let lambda = 1e-4;
    let rate = 2.0;
    for _ in 0..20000 {
        let (mut gb, mut gw) = (0.0f64, [0.0f64; EVIDENCE]);
        for (x, y, _, _) in samples {
            let z = b + w.iter().zip(x).map(|(w, x)| w * *x as f64).sum::<f64>();
            let p = 1.0 / (1.0 + (-z).exp());
            let e = p - *y as f64;
            gb += e;
            for i in 0..EVIDENCE {
                gw[i] += e * x[i] as f64;
            }
        }
        let n = samples.len() as f64;
        b -= rate * gb / n;
        for i in 0..EVIDENCE {
            w[i] -= rate * (gw[i] / n + lambda * w[i]);
        }
    }
    Calibration { bias: b as f32, weights: w.map(|x| x as f32) }
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: calibrate SET.tsv [OTHER.tsv]");
    // JAWAB_KNOWLEDGE chooses another knowledge base, as for the binary.
    let path_kb = std::env::var("JAWAB_KNOWLEDGE").unwrap_or_else(|_| "knowledge".into());
    let engine = Engine::load(&path_kb, MatcherConfig::default()).expect("load knowledge");
    // Several sets to fit on are joined with '+': dev.tsv+curator.tsv.
    let load = |paths: &str| -> Vec<eval::Case> {
        paths
            .split('+')
            .flat_map(|p| eval::parse(&std::fs::read_to_string(p).expect("read set"), p).expect("parse set"))
            .collect()
    };
    let samples_of = |cases: &[eval::Case]| -> Vec<Sample> {
        let kb = engine.knowledge();
        let mut out = Vec::new();
        for (ci, case) in cases.iter().enumerate() {
            for (rank, (entry, ev)) in engine.matcher().evidence(&case.question).into_iter().enumerate() {
                let right =
                    matches!(&case.expected, Expected::Entry(ids) if ids.iter().any(|i| *i == kb.entries[entry].id));
                if rank == 0 {
                    out.push((ev.to_array(), if right { 1.0 } else { 0.0 }, ci, true));
                }
            }
        }
        out
    };
    let cases = load(&path);
    let samples = samples_of(&cases);
    let all: Vec<&Sample> = samples.iter().collect();
    let c = fit(&all);
    println!("{c:?}");
    let (a, r) = decisions(&c, &all, &cases, |_| true);
    println!("fit on all, scored on all: accuracy {:.1}% rejection {:.1}%", 100.0 * a, 100.0 * r);
    let folds = 5;
    let (mut sa, mut sr) = (0.0, 0.0);
    for f in 0..folds {
        let train: Vec<&Sample> = samples.iter().filter(|s| s.2 % folds != f).collect();
        let (a, r) = decisions(&fit(&train), &all, &cases, |ci| ci % folds == f);
        sa += a;
        sr += r;
    }
    println!("5-fold cross-validated: accuracy {:.1}% rejection {:.1}%", 100.0 * sa / 5.0, 100.0 * sr / 5.0);
    // The new fit with its bias moved until it refuses as much of the fitted
    // sets as the shipped calibration does: the two then differ only in
    // what they answer, so the other set's figures compare like for like.
    let shipped = Calibration::default();
    let (sa, sr) = decisions(&shipped, &all, &cases, |_| true);
    println!("shipped calibration on the fitted sets: accuracy {:.1}% rejection {:.1}%", 100.0 * sa, 100.0 * sr);
    let matched = (0..=400)
        .map(|i| Calibration { bias: c.bias - i as f32 * 0.01, weights: c.weights })
        .find(|m| decisions(m, &all, &cases, |_| true).1 >= sr)
        .unwrap_or(c);
    let (ma, mr) = decisions(&matched, &all, &cases, |_| true);
    println!("{matched:?}\nthe fit at the shipped rejection: accuracy {:.1}% rejection {:.1}%", 100.0 * ma, 100.0 * mr);
    if let Some(other) = std::env::args().nth(2) {
        let oc = load(&other);
        let os = samples_of(&oc);
        let os: Vec<&Sample> = os.iter().collect();
        for (name, cal) in [("fit", &c), ("fit at the shipped rejection", &matched), ("shipped", &shipped)] {
            let (a, r) = decisions(cal, &os, &oc, |_| true);
            println!("{other} ({name}): accuracy {:.1}% rejection {:.1}%", 100.0 * a, 100.0 * r);
        }
    }
}

/// Accuracy and rejection rate of answering at confidence 0.5, over the
/// cases that `keep` selects.
fn decisions(c: &Calibration, samples: &[&Sample], cases: &[eval::Case], keep: impl Fn(usize) -> bool) -> (f64, f64) {
    let (mut right, mut answerable, mut rejected, mut rejectable) = (0, 0, 0, 0);
    for (ci, case) in cases.iter().enumerate().filter(|&(i, _)| keep(i)) {
        let first = samples.iter().find(|s| s.2 == ci && s.3);
        let answered =
            first.is_some_and(|s| c.bias + c.weights.iter().zip(s.0).map(|(w, x)| w * x).sum::<f32>() >= 0.0);
        match case.expected {
            Expected::Reject => {
                rejectable += 1;
                rejected += usize::from(!answered);
            }
            Expected::Entry(_) => {
                answerable += 1;
                right += usize::from(answered && first.is_some_and(|s| s.1 > 0.5));
            }
        }
    }
    (right as f64 / answerable.max(1) as f64, rejected as f64 / rejectable.max(1) as f64)
}
