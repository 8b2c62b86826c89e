//! The matcher: an inverted index over the knowledge base's words, scoring,
//! and the decision (answer, suggestions or no match).
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

use std::borrow::Cow;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::knowledge::Knowledge;
use crate::normalize::normalize_into;
use crate::tokens::{
    Analysis, Kind, Lexicon, QuestionType, light_stem, without_passive, without_past_t, without_prefixes,
    without_pronoun,
};

/// Which stemmer turns words into index keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stemmer {
    /// Light stemming ([`crate::tokens::light_stem`]) with one-letter
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

/// How many numbers [`Evidence::to_array`] gives.
pub const EVIDENCE: usize = 9;

/// What an entry's confidence is computed from, each in [0, 1] unless said.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Evidence {
    /// The blended coverage score that ranks entries.
    pub score: f32,
    /// The score minus the best other entry's (may be negative).
    pub margin: f32,
    /// The share of the question's weight that all the entry's words match.
    pub union: f32,
    /// The best phrasing's coverage of the question.
    pub question: f32,
    /// The best phrasing's share that the question matches.
    pub phrasing: f32,
    /// The share of the question's weight that no word of the knowledge base matches.
    pub unknown: f32,
    /// 1 when the question type fits the entry, -1 when it contradicts it, 0 without a specific type.
    pub qtype_fit: f32,
    /// The weight of the rarest word matched, relative to a word found in one entry.
    pub rarest: f32,
    /// The share of the question's weight in names of things outside the
    /// article (the lexicon's `offtopic`).
    pub offtopic: f32,
}

impl Evidence {
    /// The evidence as a vector, in field order.
    pub fn to_array(&self) -> [f32; EVIDENCE] {
        [
            self.score,
            self.margin,
            self.union,
            self.question,
            self.phrasing,
            self.unknown,
            self.qtype_fit,
            self.rarest,
            self.offtopic,
        ]
    }
}

/// A logistic model from [`Evidence`] to the probability that the entry is
/// the right answer: `1 / (1 + e^-(bias + Σ weight·evidence))`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// The intercept.
    pub bias: f32,
    /// One weight per field of [`Evidence::to_array`].
    pub weights: [f32; EVIDENCE],
}

impl Calibration {
    /// The calibrated confidence in [0, 1].
    ///
    /// ```
    /// use jawab::matcher::{Calibration, Evidence};
    /// let c = Calibration { bias: 0.0, weights: [0.0; jawab::matcher::EVIDENCE] };
    /// assert_eq!(c.confidence(&Evidence::default()), 0.5);
    /// ```
    pub fn confidence(&self, e: &Evidence) -> f32 {
        let z: f32 = self.bias + self.weights.iter().zip(e.to_array()).map(|(w, x)| w * x).sum::<f32>();
        let p = 1.0 / (1.0 + (-z).exp());
        if p.is_finite() { p.clamp(0.0, 1.0) } else { 0.0 }
    }
}

impl Default for Calibration {
    /// Fitted on the development set by `examples/calibrate.rs`.
    fn default() -> Self {
        CALIBRATION
    }
}

/// The default calibration (see [`Calibration::default`]).
const CALIBRATION: Calibration = Calibration {
    bias: -3.2935195,
    weights: [4.843571, 10.080177, -0.69079256, -0.73526543, 3.253172, -5.899015, -0.14008309, 0.38623223, -6.6655474],
};

/// An entry's score and the coverages it is made of.
#[derive(Debug, Clone, Copy)]
struct Coverage {
    score: f32,
    union: f32,
    question: f32,
    phrasing: f32,
    qtype_fit: f32,
}

/// An entry (by its position in [`Knowledge::entries`]) and its confidence
/// in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// Index into the knowledge base's entries.
    pub entry: usize,
    /// Confidence in [0, 1].
    pub score: f32,
}

/// What to do with a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// High confidence: answer with this entry.
    Answer(Scored),
    /// Medium confidence: ask "did you mean" with these entries, best first.
    Suggest(Vec<Scored>),
    /// Low confidence: the question is outside the knowledge base. `best` is
    /// the closest entry, if any word matched at all.
    NoMatch {
        /// The closest entry.
        best: Option<Scored>,
    },
}

impl Decision {
    /// The confidence of the decision's best entry (0 when nothing matched).
    ///
    /// ```
    /// use jawab::matcher::Decision;
    /// assert_eq!(Decision::NoMatch { best: None }.score(), 0.0);
    /// ```
    pub fn score(&self) -> f32 {
        match self {
            Decision::Answer(s) => s.score,
            Decision::Suggest(list) => list.first().map_or(0.0, |s| s.score),
            Decision::NoMatch { best } => best.map_or(0.0, |s| s.score),
        }
    }

    /// A short name: `answered`, `suggested` or `none`.
    ///
    /// ```
    /// use jawab::matcher::Decision;
    /// assert_eq!(Decision::NoMatch { best: None }.kind(), "none");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Decision::Answer(_) => "answered",
            Decision::Suggest(_) => "suggested",
            Decision::NoMatch { .. } => "none",
        }
    }
}

type TermId = u32;

/// One phrasing of an entry: its terms are `phrasing_terms[start..end]`
/// of the entry (one list for all, so a large knowledge base does not pay
/// an allocation per phrasing).
#[derive(Debug, Clone, Copy)]
struct Phrasing {
    start: u32,
    end: u32,
    /// Sum of its terms' weights.
    weight: f32,
}

#[derive(Debug, Clone)]
struct EntryIndex {
    /// Sorted terms with their factor (1 in a phrasing, less in the answer only).
    terms: Box<[(TermId, f32)]>,
    /// For each of `terms`, the phrasings (the first 64) that contain it.
    masks: Box<[u64]>,
    phrasings: Box<[Phrasing]>,
    /// Each phrasing's sorted, distinct content terms, one after another.
    phrasing_terms: Box<[TermId]>,
    /// The specific question types its phrasings ask.
    qtypes: Vec<QuestionType>,
}

/// One content word of a question, resolved against the vocabulary.
#[derive(Debug, Clone)]
struct QueryWord {
    weight: f32,
    /// Whether it names something outside the article.
    offtopic: bool,
    /// What the word weighs when an entry does not match it: at least
    /// [`Weights::unmatched_floor`], so a missing common name still counts.
    miss: f32,
    /// Terms it matches, with similarity in (0, 1], best first.
    matches: Matches,
}

/// The most terms one question word is matched with (typo tolerance may
/// find several).
const MAX_MATCHES: usize = 3;

/// Up to [`MAX_MATCHES`] (term, similarity) pairs, kept inline: every word
/// of every question has one, so it must not cost an allocation.
#[derive(Debug, Clone, Copy, Default)]
struct Matches {
    items: [(TermId, f32); MAX_MATCHES],
    len: u8,
}

impl Matches {
    fn one(t: TermId, sim: f32) -> Matches {
        Matches { items: [(t, sim); MAX_MATCHES], len: 1 }
    }
}

impl std::ops::Deref for Matches {
    type Target = [(TermId, f32)];
    fn deref(&self) -> &Self::Target {
        &self.items[..self.len as usize]
    }
}

/// Only the first this many distinct content words of a question count: no
/// real question has more, and it bounds the work a long message causes.
pub const MAX_WORDS: usize = 48;

/// A question resolved against the vocabulary: its words, and every term
/// they match sorted by term, so entries and phrasings are compared with
/// one merge of two sorted lists.
#[derive(Debug, Clone)]
struct Query {
    words: Vec<QueryWord>,
    /// (term, index of the word in `words`, similarity), sorted by term.
    terms: Vec<(TermId, u16, f32)>,
    /// The question type, if it narrows the answer ([`QuestionType::is_specific`]).
    qtype: Option<QuestionType>,
}

impl Query {
    fn new(words: Vec<QueryWord>, qtype: Option<QuestionType>) -> Query {
        let mut terms: Vec<(TermId, u16, f32)> = words
            .iter()
            .enumerate()
            .flat_map(|(i, w)| w.matches.iter().map(move |&(t, sim)| (t, i as u16, sim)))
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        Query { words, terms, qtype: qtype.filter(|q| q.is_specific()) }
    }
}

/// A question's words as they are resolved ([`Matcher::resolve_word`]).
struct Resolver<'s> {
    words: Vec<QueryWord>,
    /// The keys resolved so far. A question has few words: a list beats a
    /// hash set here.
    seen: Vec<Cow<'s, str>>,
}

impl Resolver<'_> {
    fn new(capacity: usize) -> Self {
        Resolver { words: Vec::with_capacity(capacity), seen: Vec::with_capacity(capacity) }
    }
}

/// One entry in a term's postings.
#[derive(Debug, Clone, Copy)]
struct Posting {
    entry: u32,
    /// As in [`EntryIndex::terms`]: 1 in a phrasing, less in the answer only.
    factor: f32,
    /// As in [`EntryIndex::masks`].
    mask: u64,
}

/// What the question's words match in one entry, gathered from the
/// postings, for all the entry's words and for its phrasings' words only.
/// A word matched with similarity `b` covers `weight × b` of the question;
/// the question's whole weight is then `Σ miss + Σ (weight − miss) × b`,
/// so an unmatched word still weighs its `miss`.
#[derive(Debug, Clone, Copy)]
struct Acc {
    touched: bool,
    /// The word whose best match is being gathered (`u16::MAX`: none).
    word: u16,
    best: f32,
    best_in_phrasings: f32,
    covered: f32,
    extra: f32,
    in_phrasings: f32,
    in_phrasings_extra: f32,
    mask: u64,
}

impl Default for Acc {
    fn default() -> Self {
        Acc {
            touched: false,
            word: u16::MAX,
            best: 0.0,
            best_in_phrasings: 0.0,
            covered: 0.0,
            extra: 0.0,
            in_phrasings: 0.0,
            in_phrasings_extra: 0.0,
            mask: 0,
        }
    }
}

impl Acc {
    /// Adds the finished word's best matches to the sums.
    fn flush(&mut self, words: &[QueryWord]) {
        if let Some(w) = words.get(self.word as usize) {
            self.covered += w.weight * self.best;
            self.extra += (w.weight - w.miss) * self.best;
            self.in_phrasings += w.weight * self.best_in_phrasings;
            self.in_phrasings_extra += (w.weight - w.miss) * self.best_in_phrasings;
        }
        self.best = 0.0;
        self.best_in_phrasings = 0.0;
    }
}

/// Per-thread accumulators, one per entry, reused across questions so a
/// question costs what its postings cost, not what the knowledge base
/// weighs; only the entries it touched are reset.
#[derive(Debug, Default)]
struct Scratch {
    accs: Vec<Acc>,
    touched: Vec<u32>,
}

impl Scratch {
    /// Walks the postings of the question's terms, word by word, keeping
    /// each word's best match per entry (a word may match several terms).
    fn accumulate(&mut self, postings: &[Vec<Posting>], q: &Query, entries: usize, walked: impl Fn(TermId) -> bool) {
        if self.accs.len() < entries {
            self.accs.resize(entries, Acc::default());
        }
        for (i, word) in q.words.iter().enumerate() {
            for &(t, sim) in word.matches.iter().filter(|&&(t, _)| walked(t)) {
                for p in &postings[t as usize] {
                    let acc = &mut self.accs[p.entry as usize];
                    if !acc.touched {
                        acc.touched = true;
                        self.touched.push(p.entry);
                    }
                    if acc.word != i as u16 {
                        acc.flush(&q.words);
                        acc.word = i as u16;
                    }
                    acc.best = acc.best.max(sim * p.factor);
                    if p.factor >= 1.0 {
                        acc.best_in_phrasings = acc.best_in_phrasings.max(sim);
                    }
                    acc.mask |= p.mask;
                }
            }
        }
    }

    /// The touched entries with their finished sums; leaves every
    /// accumulator reset.
    fn drain<'a>(&'a mut self, words: &'a [QueryWord]) -> impl Iterator<Item = (u32, Acc)> + 'a {
        let accs = &mut self.accs;
        self.touched.drain(..).map(move |e| {
            let acc = &mut accs[e as usize];
            acc.flush(words);
            (e, std::mem::take(acc))
        })
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// A candidate entry and the bound on its score, ordered by bound (then by
/// entry, lower first) for the heap.
#[derive(Debug, Clone, Copy)]
struct Bounded {
    bound: f32,
    union: f32,
    mask: u64,
    entry: u32,
}

impl PartialEq for Bounded {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Bounded {}

impl PartialOrd for Bounded {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Bounded {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.bound.total_cmp(&other.bound).then(other.entry.cmp(&self.entry))
    }
}

/// One walk of the postings of some of the question's terms: the
/// candidates it found and not yet scored, in a heap by bound, and the best
/// entries scored so far. Scoring stops when no bound left can enter the
/// best `keep`; the candidates left stay in the heap, so a larger `keep`
/// goes on from there instead of walking the postings again. (The default
/// is the walk of no term: nothing to score.)
#[derive(Debug, Default)]
struct Walk {
    candidates: std::collections::BinaryHeap<Bounded>,
    /// The best entries scored, best first, at most [`Ranking::retain`].
    scored: Vec<(Scored, Coverage)>,
    /// Whether every term was walked, so each candidate's union coverage and
    /// mask are exact and need not be looked up in the entry.
    exact: bool,
    /// The bound on the score of an entry that is no candidate (it matches
    /// at most the left-out terms); `None` when no term was left out.
    outsider: Option<f32>,
}

impl Walk {
    /// Whether this walk's best entries are the ranking's: no term was left
    /// out, or none of the left-out terms can lift an entry that is no
    /// candidate above the best one found.
    fn settles(&self) -> bool {
        self.outsider.is_none_or(|outsider| self.scored.first().is_some_and(|s| s.0.score > outsider))
    }

    /// The best `keep` entries scored.
    fn best(&self, keep: usize) -> &[(Scored, Coverage)] {
        &self.scored[..keep.min(self.scored.len())]
    }
}

/// The entries that share a word with a question, scored best first as far
/// as asked: [`Ranking::best`] for a larger `keep` goes on where the last
/// call stopped, and finds exactly what a fresh ranking for that `keep`
/// would. [`Matcher::decide`] asks for the best two entries, and for the
/// best few only when the two do not answer.
///
/// Entries are scored in the order of a bound on their score
/// ([`Matcher::bound`]), until no bound can enter the best few. In a large
/// knowledge base the commonest terms are in so many entries that walking
/// their postings would cost more than all the rest. They are left out of
/// the walk (all but the question's rarest term, so there are candidates),
/// and each candidate's bound assumes it matches them fully, which keeps
/// the bounds true. An entry that is no candidate can at best match all the
/// left-out terms: while that could beat the best entry found, a new walk
/// takes the next rarest term too, so the best entry is always the exact
/// best.
#[derive(Debug)]
struct Ranking<'a> {
    m: &'a Matcher,
    q: &'a Query,
    /// The question's whole weight when nothing matches (see [`Acc`]).
    all_missed: f32,
    /// The question's distinct terms by how many entries they are in.
    order: Vec<(usize, TermId)>,
    /// How many of `order` the first walk takes; each next walk takes one more.
    first_walked: usize,
    /// The walks before `last`, which did not settle the ranking for the
    /// `keep` asked so far, in order (none unless terms were left out).
    earlier: Vec<Walk>,
    /// The last walk made: the one whose best entries are the ranking's.
    last: Walk,
    /// The most entries a walk keeps scored: the largest `keep` that may be
    /// asked for.
    retain: usize,
    /// Reused by [`Matcher::score_entry`].
    hits: Vec<Hit>,
}

impl<'a> Ranking<'a> {
    /// A ranking of `q` that can be asked for up to `retain` entries: its
    /// first walk is made, nothing is scored yet.
    fn new(m: &'a Matcher, q: &'a Query, retain: usize) -> Ranking<'a> {
        let mut order: Vec<(usize, TermId)> =
            q.terms.iter().map(|&(t, _, _)| (m.postings[t as usize].len(), t)).collect();
        order.sort_unstable();
        order.dedup();
        let first_walked = order.iter().filter(|&&(n, _)| n <= m.common_postings).count().max(1);
        let mut ranking = Ranking {
            m,
            q,
            all_missed: q.words.iter().map(|w| w.miss).sum(),
            order,
            first_walked,
            earlier: Vec::new(),
            last: Walk::default(),
            retain: retain.max(1),
            hits: Vec::with_capacity(q.terms.len()),
        };
        // A question whose words weigh nothing ranks no entry.
        if q.words.iter().map(|w| w.weight).sum::<f32>() > 0.0 {
            ranking.last = ranking.walk(first_walked);
        }
        ranking
    }

    /// The best `keep` entries (at least one is asked for; fewer are found
    /// when fewer score), best first. `keep` may grow from call to call, up
    /// to `retain`.
    ///
    /// The walks are those a fresh ranking for `keep` would make, in order:
    /// each is advanced to `keep` and asked again whether it settles the
    /// ranking. The last one still does (its best entry can only get
    /// better as more are scored). An earlier one is advanced too rather
    /// than passed over: were every bound at least its entry's score, its
    /// best would stay the same and it would still not settle; but bounds
    /// and scores are different sums of floats, a score is seen to exceed
    /// its bound by a rounding (some 1e-7), and the ranking must not depend
    /// on that.
    fn best(&mut self, keep: usize) -> &[(Scored, Coverage)] {
        // Callers ask for at most `retain`; were one to ask for more, the
        // ranking would hold only `retain`, so it gives those (tests catch it).
        debug_assert!(keep <= self.retain, "asked for {keep} entries of a ranking that keeps {}", self.retain);
        let keep = keep.clamp(1, self.retain);
        for i in 0..self.earlier.len() {
            let mut walk = std::mem::take(&mut self.earlier[i]);
            self.advance(&mut walk, keep);
            if walk.settles() {
                // The walks after it are not needed: it settles the ranking
                // for any larger `keep` too.
                self.earlier.truncate(i);
                self.last = walk;
                return self.last.best(keep);
            }
            self.earlier[i] = walk;
        }
        loop {
            let mut walk = std::mem::take(&mut self.last);
            self.advance(&mut walk, keep);
            if walk.settles() {
                self.last = walk;
                return self.last.best(keep);
            }
            // The next walk takes one more term.
            self.last = self.walk(self.first_walked + self.earlier.len() + 1);
            self.earlier.push(walk);
        }
    }

    /// The walk of the first `walked` terms of `order` (all when there are
    /// fewer), with nothing scored yet.
    fn walk(&self, walked: usize) -> Walk {
        let (m, q) = (self.m, self.q);
        let left_out = &self.order[walked.min(self.order.len())..];
        let walked = |t: TermId| !left_out.iter().any(|&(_, u)| u == t);
        let (assumed, assumed_extra) = m.assumed(q, walked);
        let candidates = m.candidates(q, self.all_missed, walked, (assumed, assumed_extra));
        let outsider =
            (!left_out.is_empty()).then(|| m.bound(assumed, assumed_extra, assumed, assumed_extra, self.all_missed));
        Walk {
            // Only the first few are usually scored: a heap hands them out
            // in order without sorting all.
            candidates: std::collections::BinaryHeap::from(candidates),
            scored: Vec::with_capacity(self.retain + 1),
            exact: assumed == 0.0,
            outsider,
        }
    }

    /// Scores the walk's candidates, best bound first, until its best `keep`
    /// are known: no bound left can beat the `keep`-th score.
    ///
    /// That test passing for `keep` means it passes for any smaller `keep`
    /// (the `keep`-th score is at most the smaller one's), so advancing for
    /// two and then for four scores the very candidates, in the same order,
    /// as advancing for four at once; and `scored` holds the best `retain`
    /// of them, whatever `keep` was asked first.
    fn advance(&mut self, walk: &mut Walk, keep: usize) {
        let (m, q) = (self.m, self.q);
        while let Some(&Bounded { bound, union, mask, entry: e }) = walk.candidates.peek() {
            // The candidate stays in the heap: a larger `keep` may need it.
            if walk.scored.len() >= keep && bound < walk.scored[keep - 1].0.score {
                break;
            }
            walk.candidates.pop();
            let entry = &m.entries[e as usize];
            let (union, mask) = if walk.exact { (union, mask) } else { m.union_coverage(entry, q, self.all_missed) };
            let cov = m.score_entry(entry, q, union, mask, &mut self.hits);
            if cov.score > 0.0 {
                // Kept in order of score, then entry: as every entry is
                // scored once, that order is total, and the new one goes
                // where sorting would put it.
                let before = |s: &Scored| s.score.total_cmp(&cov.score).then((e as usize).cmp(&s.entry)).is_gt();
                let at = walk.scored.partition_point(|(s, _)| before(s));
                walk.scored.insert(at, (Scored { entry: e as usize, score: cov.score }, cov));
                walk.scored.truncate(self.retain);
            }
        }
    }
}

/// `a / b`, or 0 when `b` is not positive.
fn ratio(a: f32, b: f32) -> f32 {
    if b > 0.0 { a / b } else { 0.0 }
}

/// A question term found in an entry's phrasings.
#[derive(Debug, Clone, Copy)]
struct Hit {
    term: TermId,
    /// The question word it matches (index in [`Query::words`]).
    word: u16,
    sim: f32,
    idf: f32,
    /// The phrasings that contain it, as in [`EntryIndex::masks`].
    mask: u64,
}

/// The bit of phrasing `i` in an entry's term masks; phrasings past the 64th
/// share the last bit, so they are never skipped wrongly, only checked.
fn phrasing_bit(i: usize) -> u64 {
    1u64 << i.min(63)
}

/// The index over one knowledge base. Immutable once built, `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Matcher {
    config: MatcherConfig,
    lexicon: Lexicon,
    snowball: Option<SnowballStemmer>,
    /// Stem counts before prefix resolution: decides whether "لبوتين" is
    /// "ل" + "بوتين" (see [`Matcher::key`]).
    base: HashMap<String, u32>,
    terms: HashMap<String, TermId>,
    term_text: Vec<String>,
    idf: Vec<f32>,
    unknown_weight: f32,
    /// The weight of a word found in a single entry.
    max_idf: f32,
    /// (hash of a term with one letter deleted, term), sorted: typo tolerance
    /// looks keys up here; a hash shared by another string costs a comparison.
    deletions: Vec<(u64, TermId)>,
    /// Term → the entries containing it, ascending.
    postings: Vec<Vec<Posting>>,
    /// Terms in more entries than this are not walked (see [`Ranking`]).
    common_postings: usize,
    /// The knowledge's entries, then its outside groups.
    entries: Vec<EntryIndex>,
    /// How many of `entries` are answerable entries (the rest are outside
    /// groups, which rank like entries but are never offered).
    answerable: usize,
    /// Per term: whether an answerable entry uses it (a word only the
    /// outside groups use is, for an entry, as good as unknown).
    in_entries: Vec<bool>,
    /// The keys of off-topic names that answerable entries use themselves:
    /// only these are ordinary words in a question. (Checking the term
    /// alone would let a name whose stem is an entry's word pass: «سلمان»
    /// stems to «سلم» of «السلمي».)
    offtopic_in_entries: HashSet<String>,
    /// Each word as the knowledge base writes it (normalised, rewritten) →
    /// its term: most of a question's words are among them, and finding
    /// their key ([`Matcher::key`]) again would try a dozen forms each.
    known_words: HashMap<String, TermId>,
}

/// rust-stemmers' stemmer is not `Debug`/`Clone`; this wrapper is.
struct SnowballStemmer(rust_stemmers::Stemmer);

impl std::fmt::Debug for SnowballStemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Snowball(Arabic)")
    }
}

impl Clone for SnowballStemmer {
    fn clone(&self) -> Self {
        SnowballStemmer(rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Arabic))
    }
}

/// The distinct words of the texts being indexed, with how often each occurs.
#[derive(Debug, Default)]
struct WordIds {
    ids: HashMap<String, u32>,
    text: Vec<String>,
    count: Vec<u32>,
}

impl WordIds {
    /// The id of one more occurrence of `w`.
    fn id(&mut self, w: &str) -> u32 {
        self.add(w, 1)
    }

    /// The id of `w`, counting `count` more occurrences.
    fn add(&mut self, w: &str, count: u32) -> u32 {
        let id = match self.ids.get(w) {
            Some(&id) => id,
            None => {
                let id = self.text.len() as u32;
                self.ids.insert(w.to_string(), id);
                self.text.push(w.to_string());
                self.count.push(0);
                id
            }
        };
        self.count[id as usize] += count;
        id
    }
}

/// The content words of a run of entries as ids of distinct words, flat (a
/// vector per text would cost an allocation per phrasing): each entry's
/// phrasings, then its answer.
#[derive(Debug, Default)]
struct Analysed {
    /// Every text's word ids, one text after another.
    ids: Vec<u32>,
    /// Per text: where its ids end in `ids`, and its question type.
    texts: Vec<(u32, Option<QuestionType>)>,
    /// Per entry: how many phrasings it has (its answer's text follows them).
    phrasings: Vec<u32>,
    /// The off-topic names answerable entries use (rare: a curator's slip).
    offtopic: Vec<String>,
}

impl Analysed {
    /// The index of each entry, once `ids` hold term ids.
    fn index(&self, answer_factor: f32) -> Vec<EntryIndex> {
        let mut texts = self.texts.iter().scan(0usize, |start, &(end, qtype)| {
            let ids = &self.ids[*start..end as usize];
            *start = end as usize;
            Some((ids, qtype))
        });
        let mut all: HashMap<TermId, f32> = HashMap::default();
        let mut in_phrasings: HashMap<TermId, u64> = HashMap::default();
        let mut out = Vec::with_capacity(self.phrasings.len());
        for &count in &self.phrasings {
            let mut phrasings = Vec::with_capacity(count as usize);
            let mut phrasing_terms: Vec<TermId> = Vec::new();
            let mut qtypes = Vec::new();
            for pi in 0..count as usize {
                let (ids, qtype) = texts.next().expect("a text per phrasing");
                let start = phrasing_terms.len();
                let mut terms = ids.to_vec();
                terms.sort_unstable();
                terms.dedup();
                for &t in &terms {
                    all.insert(t, 1.0);
                    *in_phrasings.entry(t).or_insert(0) |= phrasing_bit(pi);
                }
                phrasing_terms.extend_from_slice(&terms);
                phrasings.push(Phrasing { start: start as u32, end: phrasing_terms.len() as u32, weight: 0.0 });
                if let Some(q) = qtype.filter(|q| q.is_specific())
                    && !qtypes.contains(&q)
                {
                    qtypes.push(q);
                }
            }
            let (answer, _) = texts.next().expect("a text per answer");
            for &t in answer {
                all.entry(t).or_insert(answer_factor);
            }
            let mut terms: Vec<(TermId, f32)> = all.drain().collect();
            terms.sort_unstable_by_key(|&(t, _)| t);
            let masks = terms.iter().map(|(t, _)| in_phrasings.get(t).copied().unwrap_or(0)).collect();
            in_phrasings.clear();
            out.push(EntryIndex {
                terms: terms.into_boxed_slice(),
                masks,
                phrasings: phrasings.into_boxed_slice(),
                phrasing_terms: phrasing_terms.into_boxed_slice(),
                qtypes,
            });
        }
        out
    }
}

/// From this many entries on, the index is built with all cores.
const PARALLEL_ENTRIES: usize = 2000;

/// A term's postings are walked for every question while they are at most
/// this long, or one in this many entries: below a few thousand entries,
/// always, so small knowledge bases are scored exactly.
const COMMON_POSTINGS_MIN: usize = 1000;
/// See [`COMMON_POSTINGS_MIN`].
const COMMON_POSTINGS_DIVISOR: usize = 50;

/// The shortest key that typo tolerance applies to: shorter words are too
/// easily one letter away from another word.
const FUZZY_MIN_CHARS: usize = 4;

impl EntryIndex {
    fn terms_of(&self, p: &Phrasing) -> &[TermId] {
        &self.phrasing_terms[p.start as usize..p.end as usize]
    }
}

impl Matcher {
    /// Builds the index of a knowledge base.
    pub fn new(kb: &Knowledge, config: MatcherConfig) -> Matcher {
        Matcher::build(kb, config, PARALLEL_ENTRIES)
    }

    /// Builds the index, analysing on all cores from `parallel_from` entries.
    fn build(kb: &Knowledge, config: MatcherConfig, parallel_from: usize) -> Matcher {
        let snowball = (config.stemmer == Stemmer::Snowball)
            .then(|| SnowballStemmer(rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Arabic)));
        let mut m = Matcher {
            config,
            lexicon: Lexicon::from_knowledge(kb),
            snowball,
            base: HashMap::default(),
            terms: HashMap::default(),
            term_text: Vec::new(),
            idf: Vec::new(),
            unknown_weight: 0.0,
            max_idf: 0.0,
            deletions: Vec::new(),
            postings: Vec::new(),
            common_postings: 0,
            entries: Vec::with_capacity(kb.entries.len() + kb.outside.len()),
            answerable: kb.entries.len(),
            in_entries: Vec::new(),
            offtopic_in_entries: HashSet::default(),
            known_words: HashMap::default(),
        };
        // Pass 1: analyse everything once, keeping each text's content words
        // as ids of distinct words (a large knowledge base repeats its words
        // endlessly: each is stemmed and resolved once, and the texts cost
        // four bytes a word while the index is built).
        let lexicon = &m.lexicon;
        // The texts to index: each entry's phrasings and answer, then each
        // outside group's phrasings (with no answer).
        // (questions, answer, whether it is an answerable entry).
        let docs: Vec<(&[String], &str, bool)> = kb
            .entries
            .iter()
            .map(|e| (e.questions.as_slice(), e.answer.as_str(), true))
            .chain(kb.outside.iter().map(|g| (g.questions.as_slice(), "", false)))
            .collect();
        let analyse_all = |entries: &[(&[String], &str, bool)]| {
            let mut words = WordIds::default();
            let mut out = Analysed::default();
            let mut buf = String::new();
            let mut analyse = |text: &str, entry: bool, words: &mut WordIds, out: &mut Analysed| {
                normalize_into(text, &mut buf);
                let qtype = lexicon.visit(&buf, |w, kind| {
                    if matches!(kind, Kind::Content | Kind::Offtopic) {
                        out.ids.push(words.id(w));
                    }
                    if kind == Kind::Offtopic && entry {
                        out.offtopic.push(w.to_string());
                    }
                });
                out.texts.push((out.ids.len() as u32, qtype));
            };
            for &(questions, answer, entry) in entries {
                for q in questions {
                    analyse(q, entry, &mut words, &mut out);
                }
                analyse(answer, entry, &mut words, &mut out);
                out.phrasings.push(questions.len() as u32);
            }
            (out, words)
        };
        // A large knowledge base is analysed in parallel, in chunks whose
        // words are then renumbered as one pass in order would have.
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 8);
        let cores = if docs.len() >= parallel_from { threads } else { 1 };
        let mut analysed = in_chunks(&docs, cores, analyse_all);
        let mut words = WordIds::default();
        for (part, local) in &mut analysed {
            let global: Vec<u32> = local.text.iter().zip(&local.count).map(|(w, &c)| words.add(w, c)).collect();
            part.ids.iter_mut().for_each(|i| *i = global[*i as usize]);
        }
        let mut parts: Vec<Analysed> = analysed.into_iter().map(|(part, _)| part).collect();
        for (w, &count) in words.text.iter().zip(&words.count) {
            *m.base.entry(m.stem(w).into_owned()).or_insert(0) += count;
        }
        // Keyed as a question's words will be, once the stem counts are in.
        m.offtopic_in_entries = parts.iter().flat_map(|p| &p.offtopic).map(|w| m.key(w).into_owned()).collect();
        // Each distinct word's key (its stem, maybe without a prefix letter),
        // on all cores for a large knowledge base.
        let keys: Vec<String> = {
            let m = &m;
            let keys_of = |c: &[String]| c.iter().map(|w| m.key(w).into_owned()).collect::<Vec<_>>();
            in_chunks(&words.text, cores, keys_of).into_iter().flatten().collect()
        };
        // Pass 2: intern terms in order of first use, turning the word ids
        // into term ids in place.
        let mut df: Vec<u32> = Vec::new();
        let mut term_of: Vec<Option<TermId>> = vec![None; words.text.len()];
        for part in &mut parts {
            for w in &mut part.ids {
                *w = *term_of[*w as usize].get_or_insert_with(|| m.intern(&keys[*w as usize], &mut df));
            }
        }
        m.known_words = words.text.into_iter().zip(term_of).filter_map(|(w, t)| Some((w, t?))).collect();
        // Then each run of entries is indexed on its own core.
        let answer_factor = m.config.weights.answer_factor;
        let index_of = |p: &[Analysed]| p.iter().flat_map(|p| p.index(answer_factor)).collect::<Vec<_>>();
        for entry in in_chunks(&parts, parts.len(), index_of).into_iter().flatten() {
            for &(t, _) in &entry.terms {
                df[t as usize] += 1;
            }
            m.entries.push(entry);
        }
        let n = m.entries.len().max(1) as f32;
        m.idf = df.iter().map(|&d| (1.0 + n / d.max(1) as f32).ln()).collect();
        m.in_entries = vec![false; df.len()];
        for entry in &m.entries[..m.answerable] {
            for &(t, _) in &entry.terms {
                m.in_entries[t as usize] = true;
            }
        }
        m.max_idf = (1.0 + n).ln();
        m.unknown_weight = m.max_idf * m.config.weights.unknown_factor;
        // A term's postings are as many as the entries it is in.
        m.postings = df.iter().map(|&d| Vec::with_capacity(d as usize)).collect();
        m.common_postings = COMMON_POSTINGS_MIN.max(m.entries.len() / COMMON_POSTINGS_DIVISOR);
        for (e, entry) in m.entries.iter_mut().enumerate() {
            for (&(t, factor), &mask) in entry.terms.iter().zip(&entry.masks) {
                m.postings[t as usize].push(Posting { entry: e as u32, factor, mask });
            }
            for i in 0..entry.phrasings.len() {
                let weight = entry.terms_of(&entry.phrasings[i]).iter().map(|&t| m.idf[t as usize]).sum();
                entry.phrasings[i].weight = weight;
            }
        }
        let mut buf = String::new();
        for (id, text) in m.term_text.iter().enumerate() {
            if text.chars().count() >= FUZZY_MIN_CHARS {
                each_deletion(text, &mut buf, |d| m.deletions.push((hash(d), id as TermId)));
            }
        }
        m.deletions.sort_unstable();
        m
    }

    /// The configuration it was built with.
    pub fn config(&self) -> &MatcherConfig {
        &self.config
    }

    fn stem<'a>(&self, word: &'a str) -> std::borrow::Cow<'a, str> {
        match &self.snowball {
            Some(s) => s.0.stem(word),
            None => std::borrow::Cow::Borrowed(light_stem(word)),
        }
    }

    /// The index key of a word: the stem of whichever of its forms the
    /// knowledge base uses most, the word itself winning ties. The forms are
    /// the word without one-letter prefixes (و ف ب ل ك), without an attached
    /// pronoun («محادثاتهما»، see [`without_pronoun`]), without the ت of a
    /// past verb («عقدت» for «عقد»), and without the dialect passive prefix
    /// («اتذكرت»، «اتقوت», see [`without_passive`]). Each of those endings and
    /// beginnings is also part of many words, so it comes off only when the
    /// knowledge base knows the rest better than the whole.
    fn key<'a>(&self, word: &'a str) -> std::borrow::Cow<'a, str> {
        let mut best = self.stem(word);
        let mut best_count = self.base.get(best.as_ref()).copied().unwrap_or(0);
        let mut consider = |v: &'a str| {
            let s = self.stem(v);
            let c = self.base.get(s.as_ref()).copied().unwrap_or(0);
            if c > best_count {
                best = s;
                best_count = c;
            }
        };
        for (i, v) in std::iter::once(word).chain(without_prefixes(word)).enumerate() {
            if i > 0 {
                consider(v);
            }
            if let Some(p) = without_pronoun(v) {
                consider(p);
            }
            if let Some(p) = without_past_t(v) {
                consider(p);
            }
        }
        for p in without_passive(word).into_iter().flatten() {
            consider(p);
            if let Some(q) = without_pronoun(p).or_else(|| without_past_t(p)) {
                consider(q);
            }
        }
        best
    }

    /// The term of an index key ([`Matcher::key`]), new or known.
    fn intern(&mut self, key: &str, df: &mut Vec<u32>) -> TermId {
        if let Some(&t) = self.terms.get(key) {
            return t;
        }
        let t = self.term_text.len() as TermId;
        self.terms.insert(key.to_string(), t);
        self.term_text.push(key.to_string());
        df.push(0);
        t
    }

    /// The question's content words resolved against the vocabulary.
    fn resolve(&self, a: &Analysis) -> Vec<QueryWord> {
        let mut r = Resolver::new(a.tokens.len());
        for tok in &a.tokens {
            self.resolve_word(&mut r, &tok.text, tok.kind);
        }
        self.resolved(r)
    }

    /// Resolves one word of a question into `r` (content words and
    /// off-topic names; the others are skipped), once per key.
    fn resolve_word<'s>(&'s self, r: &mut Resolver<'s>, w: &str, kind: Kind) {
        if !matches!(kind, Kind::Content | Kind::Offtopic) || r.words.len() == MAX_WORDS {
            return;
        }
        // A word the knowledge base writes the same way has its term already.
        let cached = match kind {
            Kind::Content => self.known_words.get(w).copied(),
            _ => None,
        };
        let key = match cached {
            Some(t) => Cow::Borrowed(self.term_text[t as usize].as_str()),
            None => self.key(w),
        };
        if r.seen.contains(&key) {
            return;
        }
        // The key is kept to skip the word's repeats: borrowed from the
        // vocabulary when it is a term, so only unknown words allocate.
        let known = match cached {
            Some(t) => Some((self.term_text[t as usize].as_str(), t)),
            None => self.terms.get_key_value(key.as_ref()).map(|(k, &t)| (k.as_str(), t)),
        };
        r.seen.push(match known {
            Some((k, _)) => Cow::Borrowed(k),
            None => Cow::Owned(key.clone().into_owned()),
        });
        // An off-topic name no entry uses; the outside groups may (a
        // term an entry shares only by stem is no match).
        if kind == Kind::Offtopic && !self.offtopic_in_entries.contains(key.as_ref()) {
            let group_term = known.map(|(_, t)| t).filter(|&t| !self.in_entries[t as usize]);
            r.words.push(QueryWord {
                weight: self.unknown_weight * OFFTOPIC_FACTOR,
                offtopic: true,
                miss: 0.0,
                matches: group_term.map_or_else(Matches::default, |t| Matches::one(t, 1.0)),
            });
            return;
        }
        if let Some((_, t)) = known {
            r.words.push(QueryWord {
                weight: self.idf[t as usize],
                offtopic: false,
                miss: 0.0,
                matches: Matches::one(t, 1.0),
            });
            return;
        }
        let matches = self.fuzzy(&key);
        let weight = match matches.first() {
            Some(&(t, _)) => self.idf[t as usize],
            // One or two letters left alone ("و", "ال") say little.
            None if key.chars().count() <= 2 => self.unknown_weight * 0.3,
            None => self.unknown_weight,
        };
        r.words.push(QueryWord { weight, offtopic: false, miss: 0.0, matches });
    }

    /// The resolved words, each weighing at least the unmatched floor when missed.
    fn resolved(&self, r: Resolver<'_>) -> Vec<QueryWord> {
        let floor = self.config.weights.unmatched_floor * self.max_idf;
        let mut out = r.words;
        for w in &mut out {
            w.miss = w.weight.max(floor);
        }
        out
    }

    /// Terms within one or two edits of an unknown key, best first.
    fn fuzzy(&self, key: &str) -> Matches {
        let len = key.chars().count();
        if len < FUZZY_MIN_CHARS {
            return Matches::default();
        }
        let max_edits = if len >= 7 { 2 } else { 1 };
        let mut found: Vec<(TermId, f32)> = Vec::new();
        let folded: Vec<char> = key.chars().map(fold_confusable_char).collect();
        let mut probe = |k: &str| {
            let h = hash(k);
            let from = self.deletions.partition_point(|&(x, _)| x < h);
            // Another string with the same hash only costs a comparison.
            for &(_, t) in self.deletions[from..].iter().take_while(|&&(x, _)| x == h) {
                {
                    if found.iter().any(|&(f, _)| f == t) {
                        continue;
                    }
                    let text = &self.term_text[t as usize];
                    let d = strsim::osa_distance(key, text);
                    if d <= max_edits {
                        let longest = len.max(text.chars().count()) as f32;
                        // A swap of look-alike or sound-alike letters is a
                        // smaller slip than any other edit.
                        let same = text.chars().map(fold_confusable_char).eq(folded.iter().copied());
                        let d = if same { 0.5 } else { d as f32 * 1.5 };
                        found.push((t, (1.0 - d / longest).max(0.0)));
                    }
                }
            }
        };
        probe(key);
        // The deletions are made twice into one buffer rather than kept:
        // this runs for every unknown word of a question.
        let mut buf = String::with_capacity(key.len());
        each_deletion(key, &mut buf, &mut probe);
        // An exact term equal to one deletion of the key (an extra letter),
        // after the probes so a term they found keeps its own similarity.
        each_deletion(key, &mut buf, |d| {
            if let Some(&t) = self.terms.get(d)
                && !found.iter().any(|&(f, _)| f == t)
            {
                found.push((t, 1.0 - 1.5 / len as f32));
            }
        });
        found.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut out = Matches::default();
        for (slot, &f) in out.items.iter_mut().zip(&found) {
            *slot = f;
        }
        out.len = found.len().min(MAX_MATCHES) as u8;
        out
    }

    /// An analysed question resolved against the vocabulary.
    fn query(&self, a: &Analysis) -> Query {
        Query::new(self.resolve(a), a.qtype)
    }

    /// Scores every entry that shares a word with the question, best first:
    /// the best `keep` (at least one).
    fn score_all(&self, q: &Query, keep: usize) -> Vec<(Scored, Coverage)> {
        Ranking::new(self, q, keep).best(keep).to_vec()
    }

    /// The entries found through the walked terms' postings, each with the
    /// bound on its score, given what the left-out terms add at most
    /// ([`Matcher::assumed`]).
    fn candidates(
        &self,
        q: &Query,
        all_missed: f32,
        walked: impl Fn(TermId) -> bool,
        (assumed, assumed_extra): (f32, f32),
    ) -> Vec<Bounded> {
        let mut bounded: Vec<Bounded> = Vec::new();
        SCRATCH.with_borrow_mut(|scratch| {
            scratch.accumulate(&self.postings, q, self.entries.len(), walked);
            bounded.reserve(scratch.touched.len());
            for (e, acc) in scratch.drain(&q.words) {
                let union = ratio(acc.covered + assumed, all_missed + acc.extra + assumed_extra);
                let bound = self.bound(
                    acc.covered + assumed,
                    acc.extra + assumed_extra,
                    acc.in_phrasings + assumed,
                    acc.in_phrasings_extra + assumed_extra,
                    all_missed,
                );
                let bound = bound * self.qtype_factor(&self.entries[e as usize], q.qtype);
                bounded.push(Bounded { bound, union, mask: acc.mask, entry: e });
            }
        });
        bounded
    }

    /// What the terms left out of the walk add at most to any entry: each
    /// word's best similarity among its left-out terms, as in [`Acc`].
    fn assumed(&self, q: &Query, walked: impl Fn(TermId) -> bool) -> (f32, f32) {
        let (mut covered, mut extra) = (0.0f32, 0.0f32);
        for word in &q.words {
            let best = word.matches.iter().filter(|&&(t, _)| !walked(t)).map(|&(_, sim)| sim).fold(0.0f32, f32::max);
            covered += word.weight * best;
            extra += (word.weight - word.miss) * best;
        }
        (covered, extra)
    }

    /// An entry's score never exceeds the blend of its phrasings' words'
    /// coverage of the question (no single phrasing covers more) and all of
    /// its words' coverage (before the question-type factor), given the
    /// sums of [`Acc`].
    fn bound(&self, covered: f32, extra: f32, in_phrasings: f32, in_phrasings_extra: f32, all_missed: f32) -> f32 {
        let w = &self.config.weights;
        let union = ratio(covered, all_missed + extra);
        let phrasings = ratio(in_phrasings, all_missed + in_phrasings_extra);
        w.phrasing_weight * phrasings + (1.0 - w.phrasing_weight) * (1.0 - w.phrasing_share) * union
    }

    /// The share of the question's weight that all the entry's words match,
    /// and the phrasings those words are in: what [`Scratch::accumulate`]
    /// gathers, looked up in the entry for when the walk left terms out.
    fn union_coverage(&self, entry: &EntryIndex, q: &Query, all_missed: f32) -> (f32, u64) {
        let mut best = [0.0f32; MAX_WORDS];
        let mut mask = 0u64;
        for &(t, word, sim) in &q.terms {
            if let Ok(i) = entry.terms.binary_search_by_key(&t, |&(x, _)| x) {
                mask |= entry.masks[i];
                let b = &mut best[word as usize];
                *b = b.max(sim * entry.terms[i].1);
            }
        }
        let (mut covered, mut extra) = (0.0f32, 0.0f32);
        for (w, &b) in q.words.iter().zip(&best) {
            covered += w.weight * b;
            extra += (w.weight - w.miss) * b;
        }
        (ratio(covered, all_missed + extra), mask)
    }

    fn qtype_factor(&self, entry: &EntryIndex, qtype: Option<QuestionType>) -> f32 {
        match qtype {
            Some(q) if !entry.qtypes.contains(&q) => self.config.weights.qtype_mismatch,
            _ => 1.0,
        }
    }

    /// The score of an entry (and the coverages behind it, for [`Matcher::detail`]).
    fn score_entry(&self, entry: &EntryIndex, q: &Query, union_cov: f32, mask: u64, hits: &mut Vec<Hit>) -> Coverage {
        let w = &self.config.weights;
        // The question's terms this entry's phrasings contain, found once;
        // each phrasing is then judged from this short list instead of by
        // walking its terms against the question's.
        hits.clear();
        for &(t, word, sim) in &q.terms {
            if let Ok(i) = entry.terms.binary_search_by_key(&t, |&(x, _)| x)
                && entry.masks[i] != 0
            {
                hits.push(Hit { term: t, word, sim, idf: self.idf[t as usize], mask: entry.masks[i] });
            }
        }
        // Coverage of a phrasing that matches nothing: every word missed.
        let all_missed: f32 = q.words.iter().map(|w| w.miss).sum();
        // The best single phrasing: how much of the question it covers, and
        // how much of it the question covers.
        let (mut best_phrasing, mut best_q, mut best_p) = (0.0f32, 0.0f32, 0.0f32);
        // Per question word: the best similarity to a term of the phrasing,
        // and that term's weight.
        let mut best = [0.0f32; MAX_WORDS];
        let mut idf = [0.0f32; MAX_WORDS];
        for (pi, p) in entry.phrasings.iter().enumerate() {
            // A phrasing that shares no term with the question scores 0.
            let bit = phrasing_bit(pi);
            if p.weight <= 0.0 || mask & bit == 0 {
                continue;
            }
            // Past the 64th phrasing the bit is shared: check the terms.
            let contains =
                |h: &&Hit| h.mask & bit != 0 && (pi < 63 || entry.terms_of(p).binary_search(&h.term).is_ok());
            for h in hits.iter().filter(|h| contains(h)) {
                let k = h.word as usize;
                if h.sim > best[k] {
                    best[k] = h.sim;
                    idf[k] = h.idf;
                }
            }
            let (mut covered, mut all, mut got_p) = (0.0f32, all_missed, 0.0f32);
            for h in hits.iter() {
                let k = h.word as usize;
                let b = best[k];
                if b > 0.0 {
                    let qw = &q.words[k];
                    covered += qw.weight * b;
                    all += (qw.weight - qw.miss) * b;
                    got_p += b * idf[k];
                    // Count each word once, and leave the arrays clean.
                    best[k] = 0.0;
                    idf[k] = 0.0;
                }
            }
            let q_cov = if all > 0.0 { covered / all } else { 0.0 };
            let p_cov = (got_p / p.weight).min(1.0);
            let s = q_cov * ((1.0 - w.phrasing_share) + w.phrasing_share * p_cov);
            if s > best_phrasing {
                (best_phrasing, best_q, best_p) = (s, q_cov, p_cov);
            }
        }
        let union = union_cov * (1.0 - w.phrasing_share);
        let mut score = w.phrasing_weight * best_phrasing + (1.0 - w.phrasing_weight) * union;
        let fit = self.qtype_factor(entry, q.qtype);
        score = (score * fit).clamp(0.0, 1.0);
        Coverage { score, union: union_cov, question: best_q, phrasing: best_p, qtype_fit: fit }
    }

    /// The score of an entry, with the evidence behind it (margin left 0).
    fn detail(&self, entry: &EntryIndex, q: &Query, cov: Coverage) -> Evidence {
        let Coverage { score, union: union_cov, question: best_q, phrasing: best_p, qtype_fit: fit } = cov;
        let words = &q.words;
        let total: f32 = words.iter().map(|q| q.weight).sum();
        // Unknown: matching no word of any entry (outside groups aside).
        let unknown: f32 = words
            .iter()
            .filter(|q| !q.matches.iter().any(|&(t, _)| self.in_entries[t as usize]))
            .map(|q| q.weight)
            .sum();
        let offtopic: f32 = words.iter().filter(|q| q.offtopic).map(|q| q.weight).sum();
        let rarest = words
            .iter()
            .flat_map(|q| q.matches.iter())
            .filter(|&&(t, _)| entry.terms.binary_search_by_key(&t, |&(x, _)| x).is_ok())
            .map(|&(t, sim)| self.idf[t as usize] * sim)
            .fold(0.0f32, f32::max);
        Evidence {
            score,
            margin: 0.0,
            union: union_cov,
            question: best_q,
            phrasing: best_p,
            unknown: if total > 0.0 { unknown / total } else { 1.0 },
            qtype_fit: match q.qtype {
                None => 0.0,
                Some(_) if fit < 1.0 => -1.0,
                Some(_) => 1.0,
            },
            rarest: if self.max_idf > 0.0 { rarest / self.max_idf } else { 0.0 },
            offtopic: if total > 0.0 { offtopic / total } else { 0.0 },
        }
    }

    /// Decides what to do with a question.
    pub fn decide(&self, question: &str) -> Decision {
        self.decide_normalized(&crate::normalize::normalize(question))
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
        self.lexicon
            .analyze_normalized(normalized)
            .tokens
            .iter()
            .any(|t| matches!(t.kind, Kind::Content | Kind::Offtopic))
    }

    /// Like [`Matcher::decide`], for a question already passed through
    /// [`crate::normalize::normalize`] (so it is not normalised twice).
    pub fn decide_normalized(&self, normalized: &str) -> Decision {
        // Each word is resolved as the lexicon yields it, without an
        // [`Analysis`] holding a copy of every token.
        let mut r = Resolver::new(16);
        let qtype = self.lexicon.visit(normalized, |w, kind| self.resolve_word(&mut r, w, kind));
        self.decide_query(&Query::new(self.resolved(r), qtype))
    }

    fn decide_query(&self, q: &Query) -> Decision {
        let c = &self.config;
        // Most questions are answered, and the best two entries settle that
        // (the confidence weighs the margin to the second): the others are
        // scored only when it takes suggestions or a fallback. One ranking
        // serves both: the best few are scored on from where the best two
        // stopped, without walking the postings again.
        let n = c.max_suggestions.max(1);
        let mut ranking = Ranking::new(self, q, n + 1);
        if let Some(&(top, _)) = self.judged(q, ranking.best(2), 1).first()
            && !self.is_outside(top.entry)
            && top.score >= c.answer_threshold
        {
            return Decision::Answer(top);
        }
        let Some(judged) = self.without_outside(self.judged(q, ranking.best(n + 1), n)) else {
            return Decision::NoMatch { best: None };
        };
        let Some(&(top, _)) = judged.first() else { return Decision::NoMatch { best: None } };
        if top.score >= c.answer_threshold {
            return Decision::Answer(top);
        }
        if top.score >= c.suggest_threshold {
            let mut list: Vec<Scored> = judged
                .iter()
                .map(|&(s, _)| s)
                .filter(|s| s.score >= c.suggest_threshold)
                .take(c.max_suggestions.max(1))
                .collect();
            list.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
            return Decision::Suggest(list);
        }
        Decision::NoMatch { best: Some(top) }
    }

    /// The best `n` entries with their calibrated confidence and evidence,
    /// in rank order (by raw score), from the exact best `keep` (keep > n,
    /// so each has a margin to the next).
    fn judge(&self, q: &Query, keep: usize, n: usize) -> Vec<(Scored, Evidence)> {
        self.judged(q, Ranking::new(self, q, keep).best(keep), n)
    }

    /// The first `n` of `scored` (the exact best few of `q`'s ranking, best
    /// first) with their calibrated confidence and evidence, as
    /// [`Matcher::judge`] gives them.
    fn judged(&self, q: &Query, scored: &[(Scored, Coverage)], n: usize) -> Vec<(Scored, Evidence)> {
        scored
            .iter()
            .take(n)
            .enumerate()
            .map(|(i, &(s, cov))| {
                let mut e = self.detail(&self.entries[s.entry], q, cov);
                let other = scored.iter().enumerate().find(|&(j, _)| j != i).map_or(0.0, |(_, o)| o.0.score);
                e.margin = s.score - other;
                (Scored { entry: s.entry, score: self.config.calibration.confidence(&e) }, e)
            })
            .collect()
    }

    /// Like [`Matcher::judge`], with the outside groups taken out: `None`
    /// when one of them wins ([`Matcher::outside_wins`]), so the decision is
    /// no match whatever the entries' confidence.
    fn judge_entries(&self, q: &Query, keep: usize, n: usize) -> Option<Vec<(Scored, Evidence)>> {
        self.without_outside(self.judge(q, keep, n))
    }

    /// A judgement with the outside groups taken out, as in
    /// [`Matcher::judge_entries`].
    fn without_outside(&self, judged: Vec<(Scored, Evidence)>) -> Option<Vec<(Scored, Evidence)>> {
        if self.outside_wins(&judged) {
            return None;
        }
        Some(judged.into_iter().filter(|(s, _)| !self.is_outside(s.entry)).collect())
    }

    /// The evidence for the best few entries of a question, for fitting the
    /// calibration (`examples/calibrate.rs`); empty when an outside group
    /// wins (the decision is then no match whatever the confidence).
    #[doc(hidden)]
    pub fn evidence(&self, question: &str) -> Vec<(usize, Evidence)> {
        let n = self.config.max_suggestions.max(1);
        let judged = self.judge_entries(&self.query(&self.lexicon.analyze(question)), n + 1, n).unwrap_or_default();
        judged.into_iter().map(|(s, e)| (s.entry, e)).collect()
    }

    /// The best entries and outside groups for a question with their raw
    /// scores, for diagnostics. An index past the knowledge's entries is
    /// the outside group `index - entries.len()`.
    pub fn rank(&self, question: &str, n: usize) -> Vec<Scored> {
        let s = self.score_all(&self.query(&self.lexicon.analyze(question)), n);
        s.into_iter().take(n).map(|(s, _)| s).collect()
    }

    /// Whether the question is one the article does not answer: an outside
    /// group ranks first, and the question repeats one of its phrasings or
    /// its best phrasing covers more of the question than any entry's does.
    /// (A question that an entry covers as well — "مجلس الاتحاد" — is about
    /// the entry's topic even if a group asks something else about it.)
    fn outside_wins(&self, judged: &[(Scored, Evidence)]) -> bool {
        let Some((top, outside)) = judged.first() else { return false };
        if !self.is_outside(top.entry) {
            return false;
        }
        let entry = judged.iter().find(|(s, _)| !self.is_outside(s.entry));
        // A question that repeats one of the group's phrasings is the
        // curator's explicit call.
        let verbatim = outside.question > 0.99 && outside.phrasing > 0.99;
        verbatim || entry.is_none_or(|(_, e)| outside.question > e.question + OUTSIDE_EDGE)
    }

    /// Whether a ranked index is an outside group rather than an entry.
    fn is_outside(&self, index: usize) -> bool {
        index >= self.answerable
    }

    /// How alike two questions are as the engine sees them, in [0, 1]: the
    /// weighted share of their content words that match each other (after
    /// dialect rewriting, stemming and typo tolerance), lowered when their
    /// question types differ.
    ///
    /// ```
    /// # use jawab::knowledge::Knowledge;
    /// # use jawab::matcher::{Matcher, MatcherConfig};
    /// # let kb = Knowledge::from_str("[article]\ntitle='t'\nparagraphs=1\n[[entry]]\nid='a'\nquestions=['كم استغرقت المحادثات']\nanswer='ج'\nparagraph=1\n", "k.toml").unwrap();
    /// let m = Matcher::new(&kb, MatcherConfig::default());
    /// assert!(m.similarity("كم استغرقت المحادثات", "كم استغرقت المحادثات؟") > 0.99);
    /// assert!(m.similarity("كم استغرقت المحادثات", "ما عاصمة فرنسا") < 0.1);
    /// ```
    pub fn similarity(&self, a: &str, b: &str) -> f32 {
        let (a, b) = (self.lexicon.analyze(a), self.lexicon.analyze(b));
        let wa = self.resolve(&a);
        let wb = self.resolve(&b);
        let total: f32 = wa.iter().chain(&wb).map(|w| w.weight).sum();
        if total <= 0.0 {
            return if wa.is_empty() && wb.is_empty() && a.qtype == b.qtype { 1.0 } else { 0.0 };
        }
        let matched = |x: &QueryWord, ys: &[QueryWord]| -> f32 {
            ys.iter()
                .map(|y| {
                    let mut best = 0.0f32;
                    for &(t, s) in x.matches.iter() {
                        for &(u, r) in y.matches.iter() {
                            if t == u {
                                best = best.max(s * r);
                            }
                        }
                    }
                    best
                })
                .fold(0.0f32, f32::max)
        };
        let got: f32 = wa.iter().map(|x| x.weight * matched(x, &wb)).sum::<f32>()
            + wb.iter().map(|y| y.weight * matched(y, &wa)).sum::<f32>();
        let mut sim = got / total;
        if let (Some(p), Some(q)) = (a.qtype, b.qtype)
            && p != q
            && p.is_specific()
            && q.is_specific()
        {
            sim *= self.config.weights.qtype_mismatch;
        }
        sim.clamp(0.0, 1.0)
    }
}

impl Matcher {
    /// A human-readable account of how a question is seen and scored: its
    /// tokens, their index keys and weights, and the best entries. For
    /// curators and for tuning; the format may change.
    pub fn explain(&self, question: &str, kb: &Knowledge) -> String {
        use std::fmt::Write as _;
        let a = self.lexicon.analyze(question);
        let mut s = format!("qtype: {:?}\n", a.qtype);
        for t in &a.tokens {
            let _ = write!(s, "  {} [{:?}]", t.text, t.kind);
            if t.kind == Kind::Content {
                let _ = write!(s, " key={}", self.key(&t.text));
            }
            s.push('\n');
        }
        for w in self.resolve(&a) {
            let m: Vec<String> =
                w.matches.iter().map(|&(t, sim)| format!("{}~{sim:.2}", self.term_text[t as usize])).collect();
            let _ = writeln!(s, "  weight {:.2}: {}", w.weight, m.join(" "));
        }
        let n = self.config.max_suggestions.max(1);
        for (sc, e) in self.judge(&self.query(&a), n + 1, n) {
            let id = match kb.entries.get(sc.entry) {
                Some(entry) => entry.id.clone(),
                None => format!("outside:{}", kb.outside.get(sc.entry - kb.entries.len()).map_or("?", |g| &g.id)),
            };
            let _ = writeln!(s, "  {:.3} {id} {e:?}", sc.score);
        }
        s
    }
}

/// How much more of a question an outside group's phrasing must cover
/// than the best entry's for the group to decline it (see
/// [`Matcher::outside_wins`]).
const OUTSIDE_EDGE: f32 = 0.05;

/// How much more an unmatched off-topic word ("مصر" in a question about
/// Egypt's relations) weighs than an unknown word.
const OFFTOPIC_FACTOR: f32 = 2.0;

/// Folds letters that dialect speakers and fast typists swap for one another
/// (ث→ت, ذ→د, ظ→ض, ص→س, ق→ك), so "محادتات" is one small slip from "محادثات".
fn fold_confusable_char(c: char) -> char {
    match c {
        'ث' => 'ت',
        'ذ' => 'د',
        'ظ' => 'ض',
        'ص' => 'س',
        'ق' => 'ك',
        c => c,
    }
}

/// `f` applied to `items` cut into `pieces` runs of about equal length,
/// each on its own thread (on this one for a single piece), in order.
fn in_chunks<T: Sync, R: Send>(items: &[T], pieces: usize, f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let chunk = items.len().div_ceil(pieces.max(1)).max(1);
    if pieces <= 1 || items.len() <= chunk {
        return vec![f(items)];
    }
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items.chunks(chunk).map(|c| scope.spawn(move || f(c))).collect();
        // A panic in a worker is a bug: let it surface as it was.
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// The hash under which typo tolerance files a term's deletions.
fn hash(s: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(s)
}

/// Calls `f` with every string made by deleting one character of `s`, in
/// order, written into `buf` (one buffer serves them all).
fn each_deletion(s: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    for (i, c) in s.char_indices() {
        buf.clear();
        buf.push_str(&s[..i]);
        buf.push_str(&s[i + c.len_utf8()..]);
        f(buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletions_of_a_word() {
        let deletions = |s: &str| {
            let mut out = Vec::new();
            each_deletion(s, &mut String::new(), |d| out.push(d.to_string()));
            out
        };
        assert_eq!(deletions("abc"), vec!["bc", "ac", "ab"]);
        assert_eq!(deletions("بوت"), vec!["وت", "بت", "بو"]);
    }

    /// Analysing in parallel chunks numbers words and terms exactly as one
    /// pass in order does, so the index and every decision are the same.
    #[test]
    fn parallel_build_is_the_sequential_build() {
        let real = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
        let kb = crate::synth::knowledge(&real, 700, 11);
        let config = MatcherConfig::default();
        let (one, many) = (Matcher::build(&kb, config.clone(), usize::MAX), Matcher::build(&kb, config, 1));
        assert_eq!(one.term_text, many.term_text);
        assert_eq!(one.idf, many.idf);
        for q in crate::synth::questions(&kb, 100, 11) {
            assert_eq!(one.rank(&q, 5), many.rank(&q, 5), "{q}");
        }
    }

    /// A word the knowledge base writes takes its term from `known_words`
    /// without its key being chosen again: that term must be the one its
    /// key names, for every word, in the real knowledge base and a larger
    /// one built in parallel.
    #[test]
    fn known_words_hold_the_term_of_each_words_key() {
        let real = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
        let big = crate::synth::knowledge(&real, 3000, 5);
        for kb in [&real, &big] {
            let m = Matcher::new(kb, MatcherConfig::default());
            assert!(m.known_words.len() > 1000);
            for (w, &t) in &m.known_words {
                assert_eq!(m.term_text[t as usize], m.key(w), "{w}");
            }
        }
    }

    /// Leaving common terms out of the walk loosens the bounds but scores
    /// every candidate exactly: the best entry stays the best, and whatever
    /// else is ranked has its full-walk score. (What may be lost are
    /// runners-up sharing only common words with the question.)
    #[test]
    fn skipping_common_postings_keeps_the_exact_best() {
        let real = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
        let kb = crate::synth::knowledge(&real, 800, 5);
        let full = Matcher::new(&kb, MatcherConfig::default());
        let mut skipping = full.clone();
        skipping.common_postings = 8;
        let common = skipping.postings.iter().filter(|p| p.len() > 8).count();
        assert!(common > 50, "the test needs common terms, found {common}");
        let mut questions = crate::synth::questions(&kb, 150, 5);
        questions.extend(real.entries.iter().map(|e| e.questions[0].clone()));
        for q in &questions {
            let (all, some) = (full.rank(q, kb.entries.len()), skipping.rank(q, 4));
            assert_eq!(all.first(), some.first(), "{q}");
            for s in &some {
                assert!(all.contains(s), "{q}: {s:?} is not as in the full walk");
            }
        }
    }

    /// The quick path of [`Matcher::decide`] (the best two entries only)
    /// answers exactly when judging the best few would: same entry, same
    /// confidence. Checked on the real knowledge base, its entries' own
    /// phrasings, and synthetic questions that land on all three outcomes.
    #[test]
    fn answering_from_the_best_two_is_answering_from_the_best_few() {
        let kb = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
        let m = Matcher::new(&kb, MatcherConfig::default());
        let mut questions: Vec<String> = kb.entries.iter().flat_map(|e| e.questions.iter().cloned()).collect();
        questions.extend(crate::synth::questions(&kb, 300, 7));
        let n = m.config.max_suggestions.max(1);
        let (mut answered, mut not) = (0, 0);
        for q in &questions {
            let full = m.judge_entries(&m.query(&m.lexicon.analyze(q)), n + 1, n).unwrap_or_default();
            let expected = full.first().map(|&(s, _)| s).filter(|s| s.score >= m.config.answer_threshold);
            match (m.decide(q), expected) {
                (Decision::Answer(got), Some(want)) => {
                    assert_eq!(got, want, "{q}");
                    answered += 1;
                }
                (Decision::Answer(got), None) => panic!("{q}: answered {got:?}, the full judgement does not"),
                (other, Some(want)) => panic!("{q}: {other:?}, the full judgement answers {want:?}"),
                (_, None) => not += 1,
            }
        }
        assert!(answered > 100 && not > 20, "answered {answered}, not {not}");
    }

    /// A ranking asked for more entries goes on from where it stopped; what
    /// it gives must be exactly what a fresh ranking for that many gives:
    /// the same entries, scores and evidence. Checked as
    /// [`Matcher::decide`] asks (two, then the few) and for a longer chain,
    /// on the real knowledge base as it is, and on it and a synthetic one
    /// with terms left out of the walk (few postings count as common), so
    /// that some rankings take several walks.
    #[test]
    fn a_resumed_ranking_is_a_fresh_ranking() {
        let real = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
        let synth = crate::synth::knowledge(&real, 800, 3);
        let with_common = |kb: &Knowledge, common: usize| {
            let mut m = Matcher::new(kb, MatcherConfig::default());
            m.common_postings = common;
            (m, kb.clone())
        };
        let matchers = [
            (Matcher::new(&real, MatcherConfig::default()), real.clone()),
            with_common(&real, 1),
            with_common(&synth, 8),
            with_common(&synth, 0),
        ];
        let (mut resumed, mut several_walks) = (0, 0);
        for (m, kb) in &matchers {
            let mut questions: Vec<String> = kb.entries.iter().flat_map(|e| e.questions.iter().cloned()).collect();
            questions.extend(crate::synth::questions(kb, 300, 9));
            let n = m.config.max_suggestions.max(1);
            for q in &questions {
                let query = m.query(&m.lexicon.analyze(q));
                let entries = |s: &[(Scored, Coverage)]| s.iter().map(|&(s, _)| s).collect::<Vec<_>>();
                let fresh = |keep: usize| entries(&m.score_all(&query, keep));
                let left = |r: &Ranking| r.earlier.iter().chain([&r.last]).map(|w| w.candidates.len()).sum::<usize>();
                let mut ranking = Ranking::new(m, &query, n + 1);
                assert_eq!(m.judged(&query, ranking.best(2), 1), m.judge(&query, 2, 1), "{q}");
                let (left_at_two, walks_at_two) = (left(&ranking), ranking.earlier.len() + 1);
                assert_eq!(m.judged(&query, ranking.best(n + 1), n), m.judge(&query, n + 1, n), "{q}");
                assert_eq!(entries(ranking.best(n + 1)), fresh(n + 1), "{q}");
                resumed += usize::from(left(&ranking) < left_at_two);
                several_walks += usize::from(walks_at_two > 1);
                let mut chain = Ranking::new(m, &query, 12);
                for keep in [1, 2, 5, 12] {
                    assert_eq!(entries(chain.best(keep)), fresh(keep), "{q}: best {keep}");
                }
            }
        }
        // Some second calls had candidates left to score, and some walks
        // before the last to go over again.
        assert!(resumed > 500, "{resumed} rankings scored more when resumed");
        assert!(several_walks > 50, "{several_walks} rankings took several walks");
    }

    /// Prefixes, pronouns, the past ت and the dialect passive come off a
    /// word only when the knowledge base knows the rest better.
    #[test]
    fn affixes_come_off_only_when_the_knowledge_knows_the_rest_better() {
        let kb = Knowledge::from_str(
            r#"
[article]
title = "t"
paragraphs = 1
[[entry]]
id = "talks"
questions = ["كم استغرقت المحادثات؟", "متى عقد اللقاء؟", "ماذا ذكر البيان؟", "اين عقد الاجتماع؟", "كيف تعززت العلاقة؟"]
answer = "ثلاث ساعات من المحادثات، عقد اللقاء في موسكو وذكر البيان الاعمار."
paragraph = 1
[[entry]]
id = "deal"
questions = ["ما الاتفاق؟", "هل تم اتفاق؟"]
answer = "اتفاق."
paragraph = 1
"#,
            "kb.toml",
        )
        .unwrap();
        let m = Matcher::new(&kb, MatcherConfig::default());
        let key = |w: &str| m.key(w).into_owned();
        // An attached pronoun, the ت of a past verb, the dialect passive.
        assert_eq!(key("محادثاتهما"), key("المحادثات"));
        assert_eq!(key("عقدت"), key("عقد"));
        assert_eq!(key("اتذكر"), key("ذكر"));
        assert_eq!(key("اتعززت"), key("تعززت"));
        // Letters that only look like an affix stay: «اتفاق» is known whole.
        assert_eq!(key("اتفاق"), "اتفاق");
        // Nothing known behind the affix: the word keeps its own stem.
        assert_eq!(key("تفاهمهم"), light_stem("تفاهمهم"));
    }

    /// An off-topic name counts as off-topic even when its stem is a word
    /// of an entry («سلمان» → «سلم», as in «السلمي»), and not when an entry
    /// uses the name itself.
    #[test]
    fn off_topic_names_are_judged_by_the_name_not_its_stem() {
        let kb = Knowledge::from_str(
            r#"
offtopic = ["سلمان", "مصر"]
[article]
title = "t"
paragraphs = 1
[[entry]]
id = "talks"
questions = ["كم استغرقت المحادثات؟", "هل تحدثا عن الحل السلمي؟"]
answer = "ثلاث ساعات، وتحدثا عن الحل السلمي."
paragraph = 1
[[entry]]
id = "egypt"
questions = ["هل ذكر المقال مصر؟"]
answer = "لا."
paragraph = 1
"#,
            "kb.toml",
        )
        .unwrap();
        let m = Matcher::new(&kb, MatcherConfig::default());
        let offtopic = |q: &str| m.evidence(q).first().map(|(_, e)| e.offtopic);
        assert!(offtopic("كم استغرقت محادثات سلمان؟").is_some_and(|o| o > 0.3), "{:?}", m.evidence("سلمان"));
        assert_eq!(offtopic("كم استغرقت محادثات مصر؟"), Some(0.0));
    }

    /// The per-thread accumulators are shared by every matcher on a thread:
    /// a question must score the same whatever was asked before, of this
    /// knowledge base or of a smaller or larger one.
    #[test]
    fn scratch_leaves_no_trace_between_questions_or_matchers() {
        let real = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
        let mut small = real.clone();
        small.entries.truncate(3);
        for e in &mut small.entries {
            e.related.clear();
        }
        let big = Matcher::new(&real, MatcherConfig::default());
        let little = Matcher::new(&small, MatcherConfig::default());
        let questions = ["كم استغرقت المحادثات بين بوتين والأسد؟", "متى زار بوتين دمشق", "ما عاصمة البرازيل"];
        let alone: Vec<Vec<Scored>> = questions.iter().map(|q| big.rank(q, 5)).collect();
        for _ in 0..3 {
            for (q, expected) in questions.iter().zip(&alone) {
                little.rank(q, 5);
                assert_eq!(&big.rank(q, 5), expected, "{q}");
                big.rank("موسكو", 5);
            }
        }
    }
}
