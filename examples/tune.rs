//! Sweeps the answer and suggestion thresholds on a labelled set:
//! `cargo run --release --example tune -- tests/data/dev.tsv`.
//! For each pair: accuracy, rejection rate, how many unanswered questions had
//! the right entry among the suggestions, and how many must-not-answer
//! questions were offered suggestions anyway.

use jawab::engine::Engine;
use jawab::eval::{self, Expected};
use jawab::knowledge::Knowledge;
use jawab::matcher::{Decision, MatcherConfig};

fn main() {
    let path = std::env::args().nth(1).expect("usage: tune SET.tsv");
    let text = std::fs::read_to_string(&path).expect("read set");
    let cases = eval::parse(&text, &path).expect("parse set");
    let kb = Knowledge::load("knowledge").expect("load knowledge");
    println!("answer suggest  accuracy rejection  helpful-suggestions off-topic-suggested");
    for answer_threshold in [0.4, 0.45, 0.5, 0.55, 0.6] {
        for suggest_threshold in [0.1, 0.2, 0.3] {
            let config = MatcherConfig { answer_threshold, suggest_threshold, ..MatcherConfig::default() };
            let engine = Engine::new(kb.clone(), config);
            let r = eval::run(&engine, &cases);
            let noisy = cases
                .iter()
                .filter(|c| c.expected == Expected::Reject)
                .filter(|c| matches!(engine.decide(&c.question), Decision::Suggest(_)))
                .count();
            println!(
                "{answer_threshold:6} {suggest_threshold:7}  {:7.1}% {:8.1}%  {:19} {noisy:19}",
                100.0 * r.accuracy(),
                100.0 * r.rejection_rate(),
                r.suggested
            );
        }
    }
}
