//! The matcher's settings: thresholds, the stemmer, the scoring weights and
//! the calibration. `jawab` reads the thresholds from the command line or
//! the environment ([`crate::config`]); the rest are chosen on the
//! development set.
//!
//! ```
//! use jawab::matcher::MatcherConfig;
//! let mut c = MatcherConfig::default();
//! assert!(c.check_thresholds().is_ok());
//! c.answer_threshold = 1.5;
//! assert!(c.check_thresholds().unwrap_err().to_string().contains("between 0 and 1"));
//! ```

use super::calibration::Calibration;

/// Which stemmer turns words into index keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stemmer {
    /// Light stemming ([`crate::language::stem::light_stem`]) with one-letter
    /// prefixes removed only when the vocabulary knows the rest.
    #[default]
    Light,
    /// The Snowball Arabic stemmer (rust-stemmers), for comparison; it
    /// over-stems some names.
    Snowball,
}

/// Tunable numbers of the matcher.
#[derive(Debug, Clone, PartialEq)]
pub struct MatcherConfig {
    /// A score at or above this answers directly.
    pub answer_threshold: f32,
    /// A score at or above this (and below the answer threshold) offers
    /// "did you mean" suggestions; below it there is no match.
    pub suggest_threshold: f32,
    /// The most suggestions offered.
    pub max_suggestions: usize,
    /// How words become index keys.
    pub stemmer: Stemmer,
    /// The scoring weights.
    pub weights: Weights,
    /// From evidence to confidence.
    pub calibration: Calibration,
}

/// The numbers inside the score; the defaults were chosen on the
/// development question set (`tests/data/dev.tsv`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// How much a match in an entry's answer counts against one in a
    /// phrasing: answers are long and mention many things in passing.
    pub answer_factor: f32,
    /// Weight of a question word the knowledge base never uses, relative to
    /// a word found in a single entry.
    pub unknown_factor: f32,
    /// Share of the score that depends on the best phrasing's coverage.
    pub phrasing_share: f32,
    /// Score factor when a specific question type (متى، كم، من، أين، لماذا،
    /// كيف) fits none of the entry's phrasings.
    pub qtype_mismatch: f32,
    /// How much the best single phrasing counts against all of the entry's
    /// words together.
    pub phrasing_weight: f32,
    /// An unmatched question word weighs at least this share of the rarest
    /// word's weight: "بوتين" is weak evidence for an entry, but an entry
    /// without it is a poor answer to a question about Putin.
    pub unmatched_floor: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            answer_factor: 0.4,
            unknown_factor: 0.8,
            phrasing_share: 0.3,
            qtype_mismatch: 0.5,
            phrasing_weight: 0.5,
            unmatched_floor: 0.5,
        }
    }
}

impl Default for MatcherConfig {
    fn default() -> Self {
        MatcherConfig {
            answer_threshold: 0.5,
            suggest_threshold: 0.3,
            max_suggestions: 3,
            stemmer: Stemmer::Light,
            weights: Weights::default(),
            calibration: Calibration::default(),
        }
    }
}

impl MatcherConfig {
    /// Checks that both thresholds are confidences, from 0 to 1.
    pub fn check_thresholds(&self) -> Result<(), ThresholdError> {
        let (answer, suggest) = (self.answer_threshold, self.suggest_threshold);
        if (0.0..=1.0).contains(&answer) && (0.0..=1.0).contains(&suggest) {
            Ok(())
        } else {
            Err(ThresholdError { answer, suggest })
        }
    }
}

/// A threshold that is no confidence (outside 0 to 1, or not a number).
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("thresholds must be between 0 and 1 (answer threshold {answer}, suggest threshold {suggest})")]
pub struct ThresholdError {
    /// The answer threshold given.
    pub answer: f32,
    /// The suggest threshold given.
    pub suggest: f32,
}
