//! Ranking: the entries that share a term with a question, scored best
//! first as far as a decision needs, without scoring them all.
//!
//! The postings of the question's terms are walked once, gathering for each
//! entry touched an upper bound on its score ([`bound`]); candidates are
//! then scored ([`scoring::score`]) in the order of their bounds until no
//! bound left can enter the best few.

use std::collections::BinaryHeap;

use super::TermId;
use super::common::{Has, TermBits};
use super::index::{EntryIndex, Index, Posting};
use super::query::{MAX_WORDS, Query, QueryWord};
use super::scoring::{self, Coverage, Hit, Scored, qtype_factor};
use super::settings::Weights;

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
pub(super) struct Bounded {
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
pub(super) struct Walk {
    pub(super) candidates: BinaryHeap<Bounded>,
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
/// would. A decision ([`super::decision`]) asks for the best two entries, and for the
/// best few only when the two do not answer.
///
/// Entries are scored in the order of a bound on their score
/// ([`bound`]), until no bound can enter the best few. In a large
/// knowledge base the commonest terms are in so many entries that walking
/// their postings would cost more than all the rest. They are left out of
/// the walk (all but the question's rarest term, so there are candidates),
/// and each candidate's bound takes what the candidate has of them from
/// their bitmaps (`common.rs`), so it is as close as a walk of every term
/// would make it (a term without a bitmap is assumed matched in full, which
/// keeps the bound true but loose). An entry that is no candidate can at best match all the
/// left-out terms: while that could beat the best entry found, a new walk
/// takes the next rarest term too, so the best entry is always the exact
/// best.
#[derive(Debug)]
pub(super) struct Ranking<'a> {
    index: &'a Index,
    q: &'a Query,
    /// The question's whole weight when nothing matches (see [`Acc`]).
    all_missed: f32,
    /// The question's distinct terms by how many entries they are in.
    order: Vec<(usize, TermId)>,
    /// How many of `order` the first walk takes; each next walk takes one more.
    first_walked: usize,
    /// The walks before `last`, which did not settle the ranking for the
    /// `keep` asked so far, in order (none unless terms were left out).
    pub(super) earlier: Vec<Walk>,
    /// The last walk made: the one whose best entries are the ranking's.
    pub(super) last: Walk,
    /// The most entries a walk keeps scored: the largest `keep` that may be
    /// asked for.
    retain: usize,
    /// Reused by [`scoring::score`].
    hits: Vec<Hit>,
}

impl<'a> Ranking<'a> {
    /// A ranking of `q` that can be asked for up to `retain` entries: its
    /// first walk is made, nothing is scored yet.
    pub(super) fn new(index: &'a Index, q: &'a Query, retain: usize) -> Ranking<'a> {
        let mut order: Vec<(usize, TermId)> =
            q.terms.iter().map(|&(t, _, _)| (index.postings[t as usize].len(), t)).collect();
        order.sort_unstable();
        order.dedup();
        let first_walked = order.iter().filter(|&&(n, _)| n <= index.common_postings).count().max(1);
        let mut ranking = Ranking {
            index,
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
    pub(super) fn best(&mut self, keep: usize) -> &[(Scored, Coverage)] {
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
        let (index, q) = (self.index, self.q);
        let left_out = &self.order[walked.min(self.order.len())..];
        let walked = |t: TermId| !left_out.iter().any(|&(_, u)| u == t);
        let left_out = LeftOut::new(index, q, walked);
        let candidates = candidates(index, q, self.all_missed, walked, &left_out);
        // An entry that is no candidate may have every left-out term.
        let outsider = (!left_out.is_empty()).then(|| {
            let all = left_out.sums(&q.words, index.weights.answer_factor, |_| Has::Phrasing);
            bound(&index.weights, all.covered, all.extra, all.in_phrasings, all.in_phrasings_extra, self.all_missed)
        });
        Walk {
            // Only the first few are usually scored: a heap hands them out
            // in order without sorting all.
            candidates: BinaryHeap::from(candidates),
            scored: Vec::with_capacity(self.retain + 1),
            exact: left_out.is_empty(),
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
        let (index, q) = (self.index, self.q);
        while let Some(&Bounded { bound, union, mask, entry: e }) = walk.candidates.peek() {
            // The candidate stays in the heap: a larger `keep` may need it.
            if walk.scored.len() >= keep && bound < walk.scored[keep - 1].0.score {
                break;
            }
            walk.candidates.pop();
            let entry = &index.entries.get(e as usize);
            let (union, mask) = if walk.exact { (union, mask) } else { union_coverage(entry, q, self.all_missed) };
            let cov = scoring::score(index, entry, q, union, mask, &mut self.hits);
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

/// The best `keep` entries (at least one) that share a word with the
/// question, with their raw scores, best first.
pub(super) fn best_entries(index: &Index, q: &Query, keep: usize) -> Vec<(Scored, Coverage)> {
    Ranking::new(index, q, keep).best(keep).to_vec()
}

/// The entries found through the walked terms' postings, each with the
/// bound on its score, counting what each has of the left-out terms.
fn candidates(
    index: &Index,
    q: &Query,
    all_missed: f32,
    walked: impl Fn(TermId) -> bool,
    left_out: &LeftOut<'_>,
) -> Vec<Bounded> {
    let answer_factor = index.weights.answer_factor;
    let mut bounded: Vec<Bounded> = Vec::new();
    SCRATCH.with_borrow_mut(|scratch| {
        scratch.accumulate(&index.postings, q, index.entries.len(), walked);
        bounded.reserve(scratch.touched.len());
        for (e, acc) in scratch.drain(&q.words) {
            let more = if left_out.is_empty() {
                Acc::default()
            } else {
                left_out.sums(&q.words, answer_factor, |bits| bits.map_or(Has::Phrasing, |b| b.has(e)))
            };
            // Only a walk of every term uses it ([`Walk::exact`]).
            let union = if left_out.is_empty() { ratio(acc.covered, all_missed + acc.extra) } else { 0.0 };
            let bound = bound(
                &index.weights,
                acc.covered + more.covered,
                acc.extra + more.extra,
                acc.in_phrasings + more.in_phrasings,
                acc.in_phrasings_extra + more.in_phrasings_extra,
                all_missed,
            );
            let bound = bound * qtype_factor(&index.weights, index.entries.qtypes(e as usize), q.qtype);
            bounded.push(Bounded { bound, union, mask: acc.mask, entry: e });
        }
    });
    bounded
}

/// The question's terms a walk leaves out, by word: (word, similarity, the
/// term's bitmap ([`super::common::CommonTerms`]), if it has one).
struct LeftOut<'a>(Vec<(u16, f32, Option<&'a TermBits>)>);

impl<'a> LeftOut<'a> {
    fn new(index: &'a Index, q: &Query, walked: impl Fn(TermId) -> bool) -> LeftOut<'a> {
        let terms = q.words.iter().enumerate().flat_map(|(i, w)| w.matches.iter().map(move |&(t, sim)| (i, t, sim)));
        LeftOut(terms.filter(|&(_, t, _)| !walked(t)).map(|(i, t, sim)| (i as u16, sim, index.common.get(t))).collect())
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What the left-out terms add at most to an entry's sums, as in
    /// [`Acc`], given what it has of each (`has`, from the term's bitmap;
    /// a term in its answer only counts `answer_factor` of its similarity):
    /// each word's best match among them. Added to the walked terms' sums
    /// rather than taken as the larger of the two for a word that has both,
    /// it can only overstate a bound, never understate it. An entry that
    /// has them all in a phrasing gets what a term without a bitmap is
    /// assumed to give.
    fn sums(&self, words: &[QueryWord], answer_factor: f32, has: impl Fn(Option<&TermBits>) -> Has) -> Acc {
        let mut acc = Acc::default();
        for &(word, sim, bits) in &self.0 {
            if acc.word != word {
                acc.flush(words);
                acc.word = word;
            }
            match has(bits) {
                Has::Phrasing => {
                    acc.best = acc.best.max(sim);
                    acc.best_in_phrasings = acc.best_in_phrasings.max(sim);
                }
                Has::AnswerOnly => acc.best = acc.best.max(sim * answer_factor),
                Has::Nothing => {}
            }
        }
        acc.flush(words);
        acc
    }
}

/// An entry's score never exceeds the blend of its phrasings' words'
/// coverage of the question (no single phrasing covers more) and all of
/// its words' coverage (before the question-type factor), given the
/// sums of [`Acc`].
fn bound(w: &Weights, covered: f32, extra: f32, in_phrasings: f32, in_phrasings_extra: f32, all_missed: f32) -> f32 {
    let union = ratio(covered, all_missed + extra);
    let phrasings = ratio(in_phrasings, all_missed + in_phrasings_extra);
    w.phrasing_weight * phrasings + (1.0 - w.phrasing_weight) * (1.0 - w.phrasing_share) * union
}

/// The share of the question's weight that all the entry's words match,
/// and the phrasings those words are in: what [`Scratch::accumulate`]
/// gathers, looked up in the entry for when the walk left terms out.
fn union_coverage(entry: &EntryIndex<'_>, q: &Query, all_missed: f32) -> (f32, u64) {
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

/// `a / b`, or 0 when `b` is not positive.
fn ratio(a: f32, b: f32) -> f32 {
    if b > 0.0 { a / b } else { 0.0 }
}
