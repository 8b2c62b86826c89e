//! The matcher: an inverted index over the knowledge base's words, scoring,
//! and the decision (answer, suggestions or no match).
//!
//! An index is built in two steps ([`Matcher::new`]): the knowledge base's
//! lexicon ([`Knowledge::lexicon`]), then the `index.rs` of its entries and
//! outside groups, whose own steps `index.rs` lists. A question is decided
//! in five ([`Matcher::decide_normalized`]):
//! 1. the lexicon reads the normalised question: its words with their kinds,
//!    and the question type ([`crate::language::lexicon`]);
//! 2. each content word is resolved against the vocabulary as it comes
//!    (`query.rs`): its term, or terms within a typo or two (`keys.rs`), and
//!    its weight;
//! 3. the entries sharing a term are ranked by score, best first, as far as
//!    needed (`ranking.rs`, `scoring.rs`);
//! 4. the best few are calibrated: their evidence becomes a confidence
//!    (`calibration.rs`);
//! 5. the confidence decides: answer, suggestions, or no match, with the
//!    outside groups' say (`decision.rs`).
//!
//! How a question is scored against an entry:
//! - every content word of the question carries a weight, its inverse
//!   document frequency over the entries: words found in one entry (حميميم)
//!   weigh more than words found everywhere (بوتين، سوريا). A word the
//!   knowledge base never uses weighs most of all, since it usually means the
//!   question is about something else ("زوجة بوتين");
//! - *coverage of the question*: the share of the question's weight that the
//!   entry's words (its phrasings, and with less weight its answer) match,
//!   exactly, after stemming, or within one or two typos;
//! - *coverage of the phrasing*: the share of the best phrasing's weight that
//!   the question matches, so an entry whose key words are missing loses;
//! - the question type (متى، كم، من، أين، لماذا، كيف) against the types of
//!   the entry's phrasings.
//!
//! ```
//! use jawab::knowledge::Knowledge;
//! use jawab::matcher::{Decision, Matcher, MatcherConfig};
//! let kb = Knowledge::from_str(r#"
//! [article]
//! title = "t"
//! paragraphs = 4
//! [[entry]]
//! id = "talks-duration"
//! questions = ["كم استغرقت المحادثات؟", "مدة المحادثات"]
//! answer = "نحو ثلاث ساعات."
//! paragraph = 4
//! "#, "kb.toml").unwrap();
//! let m = Matcher::new(&kb, MatcherConfig::default());
//! assert!(matches!(m.decide("كم ساعة استغرقت المحادثات"), Decision::Answer(_)));
//! assert!(matches!(m.decide("ما اسم زوجة بوتين"), Decision::NoMatch { .. }));
//! ```

mod calibration;
mod common;
mod decision;
mod explain;
mod index;
mod keys;
mod query;
mod ranking;
mod scoring;
mod settings;
mod similarity;
#[cfg(test)]
mod tests;

pub use calibration::{Calibration, EVIDENCE, Evidence};
pub use decision::Decision;
pub use query::MAX_WORDS;
pub use scoring::Scored;
pub use settings::{MatcherConfig, Stemmer, ThresholdError, Weights};

use std::sync::OnceLock;

use crate::knowledge::Knowledge;
use crate::language::arabizi::{self, Vocabulary};
use crate::language::{Kind, Lexicon, normalize};
use index::{Index, PARALLEL_ENTRIES};
use query::Resolver;

/// A term of the index: a key that some text of the knowledge base has.
type TermId = u32;

/// The index over one knowledge base, with the lexicon that reads its
/// questions and the settings that decide. Immutable once built,
/// `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Matcher {
    config: MatcherConfig,
    lexicon: Lexicon,
    index: Index,
    /// The reader of Arabizi against the knowledge's and the lexicon's
    /// words, made on the first Latin question.
    arabizi: OnceLock<arabizi::Reader<'static>>,
}

/// How a question reads, before it is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Arabic text, normalised (Arabizi already read as Arabic).
    Arabic(String),
    /// A message in English (or another Latin-script language than Arabizi).
    English,
}

impl Matcher {
    /// Builds the index of a knowledge base.
    pub fn new(kb: &Knowledge, config: MatcherConfig) -> Matcher {
        Matcher::build(kb, config, PARALLEL_ENTRIES)
    }

    /// Builds the index, analysing on all cores from `parallel_from` entries.
    fn build(kb: &Knowledge, config: MatcherConfig, parallel_from: usize) -> Matcher {
        // The lexicon reads the knowledge's texts as it will read questions.
        let lexicon = kb.lexicon();
        let index = Index::build(kb, &lexicon, config.stemmer, config.weights, parallel_from);
        Matcher { config, lexicon, index, arabizi: OnceLock::new() }
    }

    /// The configuration it was built with.
    pub fn config(&self) -> &MatcherConfig {
        &self.config
    }

    /// Decides what to do with a question (in Arabic or Arabizi).
    pub fn decide(&self, question: &str) -> Decision {
        match self.read(question) {
            Reading::Arabic(normalized) => self.decide_normalized(&normalized),
            Reading::English => Decision::NoMatch { best: None },
        }
    }

    /// How a question reads: normalised Arabic, with any Latin words read
    /// as Arabizi against the knowledge's and the lexicon's words; or
    /// English, when a Latin message reads as English.
    ///
    /// ```
    /// # use jawab::engine::Engine;
    /// # use jawab::matcher::{MatcherConfig, Reading};
    /// # let e = Engine::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"), MatcherConfig::default()).unwrap();
    /// let m = e.matcher();
    /// assert_eq!(m.read("متى زار بوتين؟"), Reading::Arabic("متي زار بوتين".into()));
    /// assert_eq!(m.read("zar putin dimashq?"), m.read("زار بوتين دمشق؟"));
    /// // «emta» reads as «امتا», a dialect spelling of «متى».
    /// assert_eq!(m.decide("emta zar putin dimashq?"), m.decide("متى زار بوتين دمشق؟"));
    /// assert_eq!(m.read("When did Putin visit Damascus?"), Reading::English);
    /// ```
    pub fn read(&self, question: &str) -> Reading {
        if !question.bytes().any(|b| b.is_ascii_alphabetic()) {
            return Reading::Arabic(normalize(question));
        }
        let Some(tables) = crate::language::data::arabic().arabizi.as_ref() else {
            return Reading::Arabic(normalize(question));
        };
        let reader = self.arabizi.get_or_init(|| {
            // A word weighs how many entries use it; question words, which
            // every entry may be asked with, weigh most; the lexicon's other
            // words least.
            let known = self
                .index
                .known_words
                .iter()
                .map(|(w, &t)| (w.as_str(), self.index.postings[t as usize].len() as u32 + 1));
            let lexicon = self.lexicon.vocabulary().map(|w| {
                let weight = if crate::language::question::question_word_of(w) { 50 } else { 3 };
                (w, weight)
            });
            arabizi::Reader::owning(tables, Vocabulary::weighted(lexicon.chain(known)))
        });
        match reader.read(question) {
            Some(arabic) => Reading::Arabic(normalize(&arabic)),
            None => Reading::English,
        }
    }

    /// Whether a normalised text has any word to look up (not only
    /// greetings, question words and fillers).
    ///
    /// ```
    /// # use jawab::engine::Engine;
    /// # use jawab::matcher::MatcherConfig;
    /// # let e = Engine::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"), MatcherConfig::default()).unwrap();
    /// assert!(!e.matcher().has_topic("السلام عليكم"));
    /// assert!(e.matcher().has_topic("كم استغرقت المحادثات"));
    /// ```
    pub fn has_topic(&self, normalized: &str) -> bool {
        let mut topic = false;
        self.lexicon.visit(normalized, |_, kind| topic |= is_topic(kind));
        topic
    }

    /// The questions of a message that asks several («كم استغرقت المحادثات
    /// ومتى زار بوتين دمشق؟»), in order: it is cut after a question or
    /// exclamation mark or a full stop, and before a question word behind
    /// «و» or «ف», where both sides have a word to look up. A message that
    /// asks one question is one part.
    ///
    /// ```
    /// # use jawab::engine::Engine;
    /// # use jawab::matcher::MatcherConfig;
    /// # let e = Engine::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"), MatcherConfig::default()).unwrap();
    /// let m = e.matcher();
    /// assert_eq!(m.questions("كم استغرقت المحادثات ومتى زار بوتين دمشق؟"), ["كم استغرقت المحادثات", "ومتى زار بوتين دمشق؟"]);
    /// assert_eq!(m.questions("متى وكيف زار الأسد موسكو؟"), ["متى وكيف زار الأسد موسكو؟"]);
    /// ```
    pub fn questions<'q>(&self, message: &'q str) -> Vec<&'q str> {
        let mut cuts = vec![0];
        let mut words =
            message.split_whitespace().map(|w| (w.as_ptr() as usize - message.as_ptr() as usize, w)).peekable();
        while let Some((_, word)) = words.next() {
            let Some(&(next_at, next)) = words.peek() else { break };
            let ends = word.ends_with(['?', '؟', '!', '.']);
            // The cheap test first: most words are not behind «و» or «ف».
            if ends || next.starts_with(['و', 'ف']) && self.lexicon.asks(&normalize(next)) {
                cuts.push(next_at);
            }
        }
        cuts.push(message.len());
        let mut parts: Vec<&str> = Vec::new();
        let mut start = 0;
        for &end in &cuts[1..] {
            let part = message[start..end].trim();
            // A part with nothing to look up («متى» of «متى وكيف…») stays
            // with the next one.
            if end == message.len() || self.has_topic(&normalize(part)) {
                if !part.is_empty() {
                    parts.push(part);
                }
                start = end;
            }
        }
        // The last part with nothing to look up joins the one before.
        if parts.len() > 1 && !self.has_topic(&normalize(parts[parts.len() - 1])) {
            parts.pop();
            let last = parts.pop().unwrap_or_default();
            let from = last.as_ptr() as usize - message.as_ptr() as usize;
            parts.push(message[from..].trim());
        }
        parts
    }

    /// Like [`Matcher::decide`], for a question already passed through
    /// [`crate::language::normalize()`] (so it is not normalised twice).
    pub fn decide_normalized(&self, normalized: &str) -> Decision {
        self.decide_with_topic(normalized).0
    }

    /// [`Matcher::decide_normalized`], and [`Matcher::has_topic`] of the
    /// same text from the same pass over its words.
    pub(crate) fn decide_with_topic(&self, normalized: &str) -> (Decision, bool) {
        // Each word is resolved as the lexicon yields it, without an
        // [`crate::language::Analysis`] holding a copy of every token.
        let mut r = Resolver::new(&self.index, 16);
        let qtype = self.lexicon.visit(normalized, |w, kind| r.word(w, kind));
        let topic = r.resolved_any();
        (decision::decide(&self.index, &self.config, &r.query(qtype)), topic)
    }
}

/// Whether a word of this kind is one to look up: in the article or
/// outside it, not a question word, a greeting or a filler.
fn is_topic(kind: Kind) -> bool {
    matches!(kind, Kind::Content | Kind::Offtopic)
}
