//! Any bytes, as a question: normalisation is idempotent, and the engine's
//! decision and reply are well formed (confidence in [0, 1], at most three
//! suggestions, a reply of at most 4096 characters), never a panic.
#![no_main]

use std::sync::LazyLock;

use jawab::engine::Engine;
use jawab::matcher::{Decision, MatcherConfig};
use jawab::language::normalize::normalize;
use libfuzzer_sys::fuzz_target;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    Engine::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../knowledge"), MatcherConfig::default())
        .expect("the real knowledge base loads")
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = normalize(&text);
    assert_eq!(normalize(&once), once, "normalisation is idempotent");
    let decision = ENGINE.decide(&text);
    assert!((0.0..=1.0).contains(&decision.score()), "score {} out of range", decision.score());
    if let Decision::Suggest(list) = &decision {
        assert!(!list.is_empty() && list.len() <= 3);
    }
    let reply = ENGINE.reply(&text);
    assert!(!reply.text.is_empty());
    assert!(reply.text.chars().count() <= 4096);
});
