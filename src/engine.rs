//! The engine: a knowledge base and its index, as one immutable snapshot,
//! and [`Live`], which holds the current snapshot and swaps in a new one
//! atomically on reload.
//!
//! ```
//! use jawab::engine::Live;
//! use jawab::matcher::MatcherConfig;
//! # let dir = env!("CARGO_MANIFEST_DIR");
//! let live = Live::load(format!("{dir}/knowledge"), MatcherConfig::default()).unwrap();
//! let engine = live.snapshot(); // cheap: one atomic load
//! let reply = engine.reply("كم استغرقت المحادثات بين بوتين والأسد؟");
//! assert_eq!(reply.id(), Some("talks-duration"));
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arc_swap::ArcSwap;

use crate::knowledge::{Knowledge, LoadError, Source};
use crate::matcher::{Decision, Matcher, MatcherConfig, Reading};
use crate::reply::{Reply, combine, compose};

/// Questions are cut to this many characters before matching and before
/// they are recorded ([`cut`]): no real question is longer, and it bounds
/// the work any message can cause.
pub const MAX_QUESTION_CHARS: usize = 4096;

/// The most questions of one message answered together.
pub const MAX_ANSWERS: usize = 3;

/// One knowledge base with its index.
#[derive(Debug, Clone)]
pub struct Engine {
    knowledge: Knowledge,
    matcher: Matcher,
}

impl Engine {
    /// Indexes a loaded knowledge base.
    pub fn new(knowledge: Knowledge, config: MatcherConfig) -> Engine {
        let matcher = Matcher::new(&knowledge, config);
        Engine { knowledge, matcher }
    }

    /// Loads, validates and indexes the knowledge at `path`.
    pub fn load(path: impl AsRef<Path>, config: MatcherConfig) -> Result<Engine, LoadError> {
        Ok(Engine::new(Knowledge::load(path)?, config))
    }

    /// Loads, validates and indexes the knowledge from `source`.
    ///
    /// ```
    /// use jawab::engine::Engine;
    /// use jawab::knowledge::Source;
    /// let engine = Engine::open(&Source::BuiltIn, Default::default()).unwrap();
    /// assert_eq!(engine.reply("كم استغرقت المحادثات؟").id(), Some("talks-duration"));
    /// ```
    pub fn open(source: &Source, config: MatcherConfig) -> Result<Engine, LoadError> {
        Ok(Engine::new(source.load()?, config))
    }

    /// The knowledge base.
    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// The index.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Decides what to do with a question (cut to [`MAX_QUESTION_CHARS`]).
    pub fn decide(&self, question: &str) -> Decision {
        self.matcher.decide(cut(question))
    }

    /// The reply to a message: to each of its questions when it asks two or
    /// three that are answered with different entries, else to the whole.
    pub fn reply(&self, message: &str) -> Reply {
        let message = cut(message);
        let parts = self.matcher.questions(message);
        if parts.len() > 1 {
            let mut answers: Vec<(&str, Reply)> = Vec::new();
            for part in parts {
                let reply = self.reply_to_one(part);
                if reply.matched() && !answers.iter().any(|(_, a)| a.id() == reply.id()) {
                    answers.push((part, reply));
                }
            }
            if answers.len() > 1 {
                answers.truncate(MAX_ANSWERS);
                return combine(answers);
            }
        }
        self.reply_to_one(message)
    }

    /// The reply to one question.
    fn reply_to_one(&self, question: &str) -> Reply {
        let normalized = match self.matcher.read(question) {
            Reading::Arabic(normalized) => normalized,
            Reading::English => return Reply::english(),
        };
        if normalized.is_empty() {
            return Reply::empty();
        }
        let (decision, topic) = self.matcher.decide_with_topic(&normalized);
        if matches!(decision, Decision::NoMatch { best: None }) && !topic {
            return Reply::no_topic();
        }
        compose(&self.knowledge, &decision)
    }

    /// How the engine reads and ranks a message, for curators (`jawab
    /// explain`, `/explain`): the reply's decision and entries, then the
    /// words, what the lexicon made of each, and the closest entries with
    /// their confidence and evidence. The format may change.
    ///
    /// ```
    /// # use jawab::engine::Engine;
    /// # use jawab::matcher::MatcherConfig;
    /// # let engine = Engine::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"), MatcherConfig::default()).unwrap();
    /// let text = engine.explain("كم استغرقت المحادثات؟");
    /// assert!(text.starts_with("decision: answer talks-duration"), "{text}");
    /// ```
    pub fn explain(&self, message: &str) -> String {
        let reply = self.reply(message);
        let decision = match &reply.kind {
            crate::reply::ReplyKind::Answer { id } => {
                let also = reply.also.iter().map(|a| format!(" + {a}")).collect::<String>();
                format!("answer {id}{also} (confidence {:.3})", reply.score)
            }
            crate::reply::ReplyKind::Suggest => {
                let ids: Vec<&str> = reply.suggestions.iter().map(|o| o.id.as_str()).collect();
                format!("suggest {} (confidence {:.3})", ids.join(", "), reply.score)
            }
            crate::reply::ReplyKind::NoMatch => format!("none (confidence {:.3})", reply.score),
            crate::reply::ReplyKind::Empty => "empty: no words".to_string(),
        };
        format!(
            "decision: {decision}
{}",
            self.matcher.explain(cut(message), &self.knowledge)
        )
    }

    /// The reply for one entry, as if its question had been asked (a pressed
    /// button): `None` for an unknown id.
    pub fn reply_for(&self, id: &str) -> Option<Reply> {
        let entry = self.knowledge.entries.iter().position(|e| e.id == id)?;
        let decision = Decision::Answer(crate::matcher::Scored { entry, score: 1.0 });
        Some(compose(&self.knowledge, &decision))
    }
}

/// A question cut to its first [`MAX_QUESTION_CHARS`] characters, on a
/// character boundary.
///
/// ```
/// use jawab::engine::{cut, MAX_QUESTION_CHARS};
/// assert_eq!(cut("قصير"), "قصير");
/// assert_eq!(cut(&"ب".repeat(MAX_QUESTION_CHARS + 1)).chars().count(), MAX_QUESTION_CHARS);
/// ```
pub fn cut(question: &str) -> &str {
    match question.char_indices().nth(MAX_QUESTION_CHARS) {
        Some((i, _)) => &question[..i],
        None => question,
    }
}

/// The live engine: readers take cheap snapshots, a reload builds a whole
/// new engine and swaps it in at once. A failed reload changes nothing.
#[derive(Debug)]
pub struct Live {
    current: ArcSwap<Engine>,
    source: Source,
    config: MatcherConfig,
}

impl Live {
    /// Loads the knowledge at `path`; it is also what [`Live::reload`] reads.
    pub fn load(path: impl Into<PathBuf>, config: MatcherConfig) -> Result<Live, LoadError> {
        Live::open(Source::Files(path.into()), config)
    }

    /// Loads the knowledge from `source`; it is also what [`Live::reload`]
    /// reads.
    pub fn open(source: Source, config: MatcherConfig) -> Result<Live, LoadError> {
        let engine = Engine::open(&source, config.clone())?;
        Ok(Live { current: ArcSwap::from_pointee(engine), source, config })
    }

    /// The current engine. Holding it keeps that knowledge alive even if a
    /// reload happens meanwhile.
    pub fn snapshot(&self) -> Arc<Engine> {
        self.current.load_full()
    }

    /// Loads the knowledge again and, if it is valid, swaps it in. Returns
    /// the number of entries now live; on error the old knowledge stays.
    /// The built-in knowledge has no files to read again:
    /// [`LoadError::BuiltIn`].
    pub fn reload(&self) -> Result<usize, LoadError> {
        if self.source == Source::BuiltIn {
            return Err(LoadError::BuiltIn);
        }
        let engine = Engine::open(&self.source, self.config.clone())?;
        let n = engine.knowledge.entries.len();
        self.current.store(Arc::new(engine));
        Ok(n)
    }

    /// Where the knowledge is read from, if from files.
    pub fn path(&self) -> Option<&Path> {
        self.source.path()
    }

    /// Where the knowledge comes from.
    pub fn source(&self) -> &Source {
        &self.source
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn engine_is_send_and_sync() {
        assert_send_sync::<Engine>();
        assert_send_sync::<Live>();
    }

    fn real() -> Engine {
        Engine::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"), MatcherConfig::default()).unwrap()
    }

    #[test]
    fn greetings_and_bare_question_words_get_a_nudge_not_the_fallback() {
        let e = real();
        // Thanks in dialect are no question either, warmed up or not ("تسلم"
        // and "يسلمو" had been matched as typos of "سلم").
        for q in ["السلام عليكم", "مرحبا، شكرا!", "شو؟", "يسلمو", "تسلم ايدك", "شكرا كتير", "مشكور اخوي"]
        {
            let r = e.reply(q);
            assert_eq!(r.text, crate::texts::NO_TOPIC, "{q}");
            assert!(!r.matched());
        }
        // Words the knowledge base does not know are a question it cannot answer.
        assert_eq!(e.reply("ما لون قطة الجيران؟").text, crate::texts::FALLBACK);
        assert_eq!(e.reply("🙂🙂").text, crate::texts::EMPTY_QUESTION);
    }

    /// Arabizi is answered as its Arabic would be, a Latin name inside an
    /// Arabic question too; English gets the note about Arabic and Arabizi,
    /// never "not in the article". (Questions written for this test.)
    #[test]
    fn arabizi_is_read_and_english_gets_a_bilingual_note() {
        let e = real();
        for (arabizi, id) in [
            ("kam sa3a tawalet el mo7adathat bein putin w el assad", "talks-duration"),
            ("emta zar putin dimashq awwal marra?", "putin-damascus"),
            ("shu 7akou putin w bashar?", "talks-topics"),
            ("متى زار putin دمشق أول مرة؟", "putin-damascus"),
        ] {
            assert_eq!(e.reply(arabizi).id(), Some(id), "{arabizi}");
        }
        assert_eq!(e.reply("shu esm mart putin?").text, crate::texts::FALLBACK);
        for english in ["When did Assad visit Moscow?", "what is the weather in moscow"] {
            let r = e.reply(english);
            assert_eq!(r.text, crate::texts::ENGLISH, "{english}");
            assert!(!r.matched());
            assert_eq!(e.decide(english), Decision::NoMatch { best: None });
        }
    }

    /// Two or three questions in one message get their answers, each under
    /// its question, at most three; parts that are one question, or do not
    /// both answer, get the reply to the whole. (Written for this test.)
    #[test]
    fn several_questions_in_one_message_get_several_answers() {
        let e = real();
        let r = e.reply("كم استغرقت المحادثات ومتى زار بوتين دمشق؟");
        assert_eq!((r.id(), r.also.as_slice()), (Some("talks-duration"), &["putin-damascus".to_string()][..]));
        assert!(r.text.contains(&e.reply_for("putin-damascus").unwrap().text), "{}", r.text);
        let four = "كم استغرقت المحادثات؟ متى زار بوتين دمشق لأول مرة؟ متى أقيمت العلاقات الدبلوماسية؟ من أعلن طلب المساعدة العسكرية؟";
        let r = e.reply(four);
        assert_eq!(1 + r.also.len(), MAX_ANSWERS, "{:?}", r.also);
        // One question with two question words is one question.
        assert!(e.reply("متى وكيف زار الأسد موسكو؟").also.is_empty());
        // A second part that gets no answer leaves the reply to the whole.
        let r = e.reply("كم استغرقت المحادثات وكم عمر بوتين؟");
        assert!(r.also.is_empty(), "{r:?}");
    }

    #[test]
    fn truncates_on_a_char_boundary() {
        let long = "ب".repeat(MAX_QUESTION_CHARS + 10);
        assert_eq!(cut(&long).chars().count(), MAX_QUESTION_CHARS);
        assert_eq!(cut("قصير"), "قصير");
    }
}
