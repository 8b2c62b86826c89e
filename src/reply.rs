//! Turns a decision into the reply that both the command line and the bot
//! send: the same text, plus the structured parts (suggestions, follow-ups)
//! that the bot turns into buttons.
//!
//! ```
//! use jawab::engine::Engine;
//! use jawab::matcher::MatcherConfig;
//! use jawab::texts;
//! # let dir = env!("CARGO_MANIFEST_DIR");
//! let engine = Engine::load(format!("{dir}/knowledge"), MatcherConfig::default()).unwrap();
//! let reply = engine.reply("ما لون قطة الأسد؟");
//! assert!(!reply.matched());
//! assert!(reply.text.contains(texts::FALLBACK));
//! ```

use crate::knowledge::Knowledge;
use crate::matcher::Decision;
use crate::texts;

/// An entry offered to the user, with the question that names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// The entry's id.
    pub id: String,
    /// Its title question.
    pub question: String,
    /// Confidence in [0, 1] (1 for follow-ups, which are not scored).
    pub score: f32,
}

/// What kind of reply it is.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplyKind {
    /// An answer from the knowledge base.
    Answer {
        /// The entry answered.
        id: String,
    },
    /// "Did you mean" suggestions.
    Suggest,
    /// The question is outside the knowledge base.
    NoMatch,
    /// The message held no letters or digits.
    Empty,
}

/// The reply to one question.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The text to send, at most 4096 characters.
    pub text: String,
    /// What it is.
    pub kind: ReplyKind,
    /// The confidence of the decision, in [0, 1].
    pub score: f32,
    /// Suggested entries (for [`ReplyKind::Suggest`]).
    pub suggestions: Vec<Offer>,
    /// Follow-up entries (for [`ReplyKind::Answer`]), from the entry's `related`.
    pub related: Vec<Offer>,
    /// The other entries answered, when the message asked several questions
    /// ([`combine`]).
    pub also: Vec<String>,
}

impl Reply {
    /// Whether this is an answer from the knowledge base.
    pub fn matched(&self) -> bool {
        matches!(self.kind, ReplyKind::Answer { .. })
    }

    /// The answered entry's id, if any.
    pub fn id(&self) -> Option<&str> {
        match &self.kind {
            ReplyKind::Answer { id } => Some(id),
            _ => None,
        }
    }

    /// The reply to a message whose words are only greetings, question
    /// words or fillers: no match, with a friendly nudge instead of the
    /// "not in the article" fallback.
    pub fn no_topic() -> Reply {
        Reply {
            text: texts::NO_TOPIC.to_string(),
            kind: ReplyKind::NoMatch,
            score: 0.0,
            suggestions: Vec::new(),
            related: Vec::new(),
            also: Vec::new(),
        }
    }

    /// The reply to a message in English (or another Latin-script language):
    /// Jawab answers in Arabic, and reads Arabizi.
    pub fn english() -> Reply {
        Reply {
            text: texts::ENGLISH.to_string(),
            kind: ReplyKind::NoMatch,
            score: 0.0,
            suggestions: Vec::new(),
            related: Vec::new(),
            also: Vec::new(),
        }
    }

    /// The reply to a message without letters or digits.
    pub fn empty() -> Reply {
        Reply {
            text: texts::EMPTY_QUESTION.to_string(),
            kind: ReplyKind::Empty,
            score: 0.0,
            suggestions: Vec::new(),
            related: Vec::new(),
            also: Vec::new(),
        }
    }
}

/// Composes the reply for a decision.
pub fn compose(kb: &Knowledge, decision: &Decision) -> Reply {
    let score = decision.score();
    match decision {
        Decision::Answer(s) => {
            let e = &kb.entries[s.entry];
            let related: Vec<Offer> = e
                .related
                .iter()
                .filter_map(|id| kb.entry(id))
                .map(|r| Offer { id: r.id.clone(), question: r.questions[0].clone(), score: 1.0 })
                .collect();
            let text = format!("{}\n\n{}", e.answer, texts::source(&e.paragraphs));
            Reply {
                text,
                kind: ReplyKind::Answer { id: e.id.clone() },
                score,
                suggestions: Vec::new(),
                related,
                also: Vec::new(),
            }
        }
        Decision::Suggest(list) => {
            let suggestions: Vec<Offer> = list
                .iter()
                .map(|s| {
                    let e = &kb.entries[s.entry];
                    Offer { id: e.id.clone(), question: e.questions[0].clone(), score: s.score }
                })
                .collect();
            let mut text = texts::SUGGEST_INTRO.to_string();
            for (i, o) in suggestions.iter().enumerate() {
                text.push_str(&format!("\n{}. {}", i + 1, o.question));
            }
            Reply { text, kind: ReplyKind::Suggest, score, suggestions, related: Vec::new(), also: Vec::new() }
        }
        Decision::NoMatch { .. } => Reply {
            text: texts::FALLBACK.to_string(),
            kind: ReplyKind::NoMatch,
            score,
            suggestions: Vec::new(),
            related: Vec::new(),
            also: Vec::new(),
        },
    }
}

/// The reply to a message that asked several questions, from the answer to
/// each (at least one; all answers): each under the words that asked it, in
/// order. It is the first answer's (its entry, follow-ups) with the others'
/// entries in [`Reply::also`] and the lowest confidence.
///
/// ```
/// use jawab::engine::Engine;
/// use jawab::matcher::MatcherConfig;
/// # let dir = env!("CARGO_MANIFEST_DIR");
/// let engine = Engine::load(format!("{dir}/knowledge"), MatcherConfig::default()).unwrap();
/// let reply = engine.reply("كم استغرقت المحادثات؟ ومتى زار بوتين دمشق لأول مرة؟");
/// assert_eq!(reply.id(), Some("talks-duration"));
/// assert_eq!(reply.also, ["putin-damascus"]);
/// ```
pub fn combine(answers: Vec<(&str, Reply)>) -> Reply {
    let mut answers = answers.into_iter();
    let Some((question, mut reply)) = answers.next() else { return Reply::empty() };
    reply.text = texts::one_of_several(question, &reply.text);
    for (question, other) in answers {
        reply.text.push_str("\n\n");
        reply.text.push_str(&texts::one_of_several(question, &other.text));
        reply.also.extend(other.id().map(str::to_string));
        reply.score = reply.score.min(other.score);
    }
    reply
}
