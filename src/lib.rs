//! Jawab (جواب, "answer"): answers Arabic questions about one news article
//! from a curated question-and-answer knowledge base.
//!
//! The pipeline: [`language`] reads Arabic (normalisation, the lexicon of
//! dialect forms and stop words, question types, stemming), [`knowledge`]
//! loads and validates the knowledge base, [`matcher`] indexes its entries,
//! scores them and decides, [`reply`] turns the decision into Arabic text
//! (every string in [`texts`]). The [`engine`] holds a knowledge base and its
//! index and swaps them atomically on reload; the command line (the `jawab`
//! binary) and the [`bot`] share it. [`config`] reads every setting, [`logging`]
//! keeps users' words out of the log;
//! [`questions_log`] records what the bot was asked; [`eval`] measures
//! accuracy on labelled sets.
//!
//! ```
//! use jawab::engine::Engine;
//! use jawab::matcher::MatcherConfig;
//! # let dir = env!("CARGO_MANIFEST_DIR");
//! let engine = Engine::load(format!("{dir}/knowledge"), MatcherConfig::default()).unwrap();
//! let reply = engine.reply("قديش طولت المباحثات بين بوتين والاسد؟");
//! assert_eq!(reply.id(), Some("talks-duration"));
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bot;
pub mod config;
pub mod curation;
pub mod engine;
pub mod eval;
pub mod knowledge;
pub mod language;
pub mod logging;
pub mod matcher;
pub mod questions_log;
pub mod reply;
#[cfg(any(test, feature = "synth"))]
pub mod synth;
pub mod texts;
