//! Jawab (جواب, "answer"): answers Arabic questions about one news article
//! from a curated question-and-answer knowledge base.
//!
//! The pipeline: [`normalize`] folds spelling differences, [`tokens`]
//! rewrites dialect forms and stems, [`matcher`] scores the knowledge base's
//! entries and decides, [`reply`] turns the decision into Arabic text. The
//! [`engine`] holds a knowledge base and its index and swaps them atomically
//! on reload; the command line ([`cli`]) and the bot share it.
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
pub mod cli;
pub mod confusable;
pub mod engine;
pub mod eval;
pub mod knowledge;
pub mod matcher;
pub mod normalize;
pub mod questions_log;
pub mod reply;
pub mod synth;
pub mod texts;
pub mod tokens;
