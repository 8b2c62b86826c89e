//! Runs the engine on a few questions many times (or loads the knowledge 20
//! times with `load`), for profilers: `valgrind --tool=callgrind target/release/examples/prof`.
use jawab::engine::Engine;
use jawab::matcher::MatcherConfig;
fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
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
