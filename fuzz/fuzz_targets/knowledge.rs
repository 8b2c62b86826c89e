//! Any bytes, as a knowledge file: the loader returns knowledge or an
//! error naming the file, never a panic; what loads can be indexed and
//! asked.
#![no_main]

use jawab::engine::Engine;
use jawab::knowledge::Knowledge;
use jawab::matcher::MatcherConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let sources = vec![("fuzz.toml".into(), data.to_vec())];
    match Knowledge::from_sources(&sources) {
        Ok(kb) => {
            let question = kb.entries.first().and_then(|e| e.questions.first()).cloned().unwrap_or_default();
            let outside = kb.outside.first().and_then(|g| g.questions.first()).cloned().unwrap_or_default();
            let engine = Engine::new(kb, MatcherConfig::default());
            let _ = engine.reply(&question);
            let _ = engine.reply(&outside);
        }
        Err(e) => assert!(e.to_string().contains("fuzz.toml"), "the error names the file: {e}"),
    }
});
