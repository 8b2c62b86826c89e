//! Shows how the engine sees each question given as an argument:
//! `cargo run --release --example explain -- "كم استغرقت المحادثات؟"`.

use jawab::engine::Engine;
use jawab::matcher::MatcherConfig;

fn main() {
    let engine = Engine::load("knowledge", MatcherConfig::default()).expect("load knowledge");
    for q in std::env::args().skip(1) {
        println!("{q}\n{}", engine.matcher().explain(&q, engine.knowledge()));
    }
}
