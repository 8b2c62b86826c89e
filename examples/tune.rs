//! Grid search of the matcher's weights and thresholds on a labelled set:
//! `cargo run --release --example tune -- tests/data/dev.tsv`.
//! Prints the best settings by the smaller of accuracy and rejection rate.

use jawab::engine::Engine;
use jawab::eval;
use jawab::knowledge::Knowledge;
use jawab::matcher::{MatcherConfig, Weights};

fn main() {
    let path = std::env::args().nth(1).expect("usage: tune SET.tsv");
    let text = std::fs::read_to_string(&path).expect("read set");
    let cases = eval::parse(&text, &path).expect("parse set");
    let kb = Knowledge::load("knowledge").expect("load knowledge");
    let mut results = Vec::new();
    for answer_factor in [0.3, 0.4, 0.5] {
        for unknown_factor in [1.0, 1.3, 1.6] {
            for phrasing_share in [0.3, 0.5, 0.7] {
                for qtype_mismatch in [0.6, 0.75] {
                    for phrasing_weight in [0.5, 0.7, 0.9] {
                        for coverage_exponent in [1.0, 1.5] {
                            let weights = Weights {
                                answer_factor,
                                unknown_factor,
                                phrasing_share,
                                qtype_mismatch,
                                coverage_exponent,
                                phrasing_weight,
                            };
                            for answer_threshold in [0.3, 0.35, 0.4, 0.45, 0.5, 0.55] {
                                for min_margin in [0.0, 0.03, 0.06] {
                                    let config = MatcherConfig {
                                        answer_threshold,
                                        min_margin,
                                        weights,
                                        ..MatcherConfig::default()
                                    };
                                    let engine = Engine::new(kb.clone(), config);
                                    let r = eval::run(&engine, &cases);
                                    let key = r.accuracy().min(r.rejection_rate())
                                        + 0.001 * (r.accuracy() + r.rejection_rate());
                                    results.push((
                                        key,
                                        r.accuracy(),
                                        r.rejection_rate(),
                                        format!("{weights:?} t={answer_threshold} m={min_margin}"),
                                    ));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    results.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, acc, rej, cfg) in results.iter().take(15) {
        println!("{:.1}% {:.1}% {cfg}", 100.0 * acc, 100.0 * rej);
    }
}
