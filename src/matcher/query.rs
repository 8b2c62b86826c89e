//! The query: a question's words resolved against the index's vocabulary,
//! each with its weight and the terms it matches (itself, or terms within a
//! typo or two), and the question type.

use std::borrow::Cow;

use super::TermId;
use super::index::Index;
use super::keys::Matches;
use crate::language::{Analysis, Kind, QuestionType};

/// One content word of a question, resolved against the vocabulary.
#[derive(Debug, Clone)]
pub(super) struct QueryWord {
    pub(super) weight: f32,
    /// Whether it names something outside the article.
    pub(super) offtopic: bool,
    /// What the word weighs when an entry does not match it: at least
    /// [`super::Weights::unmatched_floor`], so a missing common name still counts.
    pub(super) miss: f32,
    /// Terms it matches, with similarity in (0, 1], best first.
    pub(super) matches: Matches,
}

/// Only the first this many distinct content words of a question count: no
/// real question has more, and it bounds the work a long message causes.
pub const MAX_WORDS: usize = 48;

/// A question resolved against the vocabulary: its words, and every term
/// they match sorted by term, so entries and phrasings are compared with
/// one merge of two sorted lists.
#[derive(Debug, Clone)]
pub(super) struct Query {
    pub(super) words: Vec<QueryWord>,
    /// (term, index of the word in `words`, similarity), sorted by term.
    pub(super) terms: Vec<(TermId, u16, f32)>,
    /// The question type, if it narrows the answer ([`QuestionType::is_specific`]).
    pub(super) qtype: Option<QuestionType>,
}

impl Query {
    pub(super) fn new(words: Vec<QueryWord>, qtype: Option<QuestionType>) -> Query {
        let mut terms: Vec<(TermId, u16, f32)> = words
            .iter()
            .enumerate()
            .flat_map(|(i, w)| w.matches.iter().map(move |&(t, sim)| (t, i as u16, sim)))
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        Query { words, terms, qtype: qtype.filter(|q| q.is_specific()) }
    }
}

/// How much more an unmatched off-topic word ("مصر" in a question about
/// Egypt's relations) weighs than an unknown word.
const OFFTOPIC_FACTOR: f32 = 2.0;

/// A question's words as they are resolved, one at a time
/// ([`Resolver::word`]).
pub(super) struct Resolver<'s> {
    index: &'s Index,
    words: Vec<QueryWord>,
    /// The keys resolved so far. A question has few words: a list beats a
    /// hash set here.
    seen: Vec<Cow<'s, str>>,
}

impl<'s> Resolver<'s> {
    pub(super) fn new(index: &'s Index, capacity: usize) -> Self {
        Resolver { index, words: Vec::with_capacity(capacity), seen: Vec::with_capacity(capacity) }
    }

    /// Resolves one word of a question (content words and off-topic names;
    /// the others are skipped), once per key.
    pub(super) fn word(&mut self, w: &str, kind: Kind) {
        let index: &'s Index = self.index;
        if !super::is_topic(kind) || self.words.len() == MAX_WORDS {
            return;
        }
        // A word the knowledge base writes the same way has its term already.
        let cached = match kind {
            Kind::Content => index.known_words.get(w).copied(),
            _ => None,
        };
        let key = match cached {
            Some(t) => Cow::Borrowed(index.term_text[t as usize].as_str()),
            None => index.keys.key(w),
        };
        if self.seen.contains(&key) {
            return;
        }
        // The key is kept to skip the word's repeats: borrowed from the
        // vocabulary when it is a term, so only unknown words allocate.
        let known = match cached {
            Some(t) => Some((index.term_text[t as usize].as_str(), t)),
            None => index.terms.get_key_value(key.as_ref()).map(|(k, &t)| (k.as_str(), t)),
        };
        self.seen.push(match known {
            Some((k, _)) => Cow::Borrowed(k),
            None => Cow::Owned(key.clone().into_owned()),
        });
        // An off-topic name no entry uses; the outside groups may (a
        // term an entry shares only by stem is no match).
        if kind == Kind::Offtopic && !index.offtopic_in_entries.contains(key.as_ref()) {
            let group_term = known.map(|(_, t)| t).filter(|&t| !index.in_entries[t as usize]);
            self.words.push(QueryWord {
                weight: index.unknown_weight * OFFTOPIC_FACTOR,
                offtopic: true,
                miss: 0.0,
                matches: group_term.map_or_else(Matches::default, |t| Matches::one(t, 1.0)),
            });
            return;
        }
        if let Some((_, t)) = known {
            self.words.push(QueryWord {
                weight: index.idf[t as usize],
                offtopic: false,
                miss: 0.0,
                matches: Matches::one(t, 1.0),
            });
            return;
        }
        let mut matches = index.typos.matches(&key, &index.term_text, &index.terms);
        if matches.is_empty() {
            matches = index.variant_typos.matches(&key);
        }
        let weight = match matches.first() {
            Some(&(t, _)) => index.idf[t as usize],
            // One or two letters left alone ("و", "ال") say little.
            None if key.chars().count() <= 2 => index.unknown_weight * 0.3,
            None => index.unknown_weight,
        };
        self.words.push(QueryWord { weight, offtopic: false, miss: 0.0, matches });
    }

    /// Whether any word was resolved: the first word to look up always is
    /// (the others may repeat its key), so this is whether the question
    /// has one ([`super::Matcher::has_topic`]).
    pub(super) fn resolved_any(&self) -> bool {
        !self.words.is_empty()
    }

    /// The resolved words, each weighing at least the unmatched floor when missed.
    pub(super) fn words(self) -> Vec<QueryWord> {
        let floor = self.index.weights.unmatched_floor * self.index.max_idf;
        let mut out = self.words;
        for w in &mut out {
            w.miss = w.weight.max(floor);
        }
        out
    }

    /// The query of the words resolved, with the question type.
    pub(super) fn query(self, qtype: Option<QuestionType>) -> Query {
        Query::new(self.words(), qtype)
    }
}

/// The content words of an analysed text resolved against the vocabulary.
pub(super) fn resolve(index: &Index, a: &Analysis) -> Vec<QueryWord> {
    let mut r = Resolver::new(index, a.tokens.len());
    for tok in &a.tokens {
        r.word(&tok.text, tok.kind);
    }
    r.words()
}

impl Query {
    /// An analysed question resolved against the vocabulary.
    pub(super) fn of_analysis(index: &Index, a: &Analysis) -> Query {
        Query::new(resolve(index, a), a.qtype)
    }
}
