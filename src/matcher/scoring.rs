//! Scoring: how well an entry covers a question, and the evidence the
//! calibration turns into a confidence.
//!
//! The score of an entry blends two coverages:
//! - *the best phrasing*: for each phrasing, the share of the question's
//!   weight it covers (`q_cov`), times `(1 − phrasing_share) +
//!   phrasing_share × p_cov`, where `p_cov` is the share of the phrasing's
//!   own weight that the question matches; the best phrasing counts;
//! - *the union*: the share of the question's weight that any of the entry's
//!   words match (answer words at `answer_factor`), times `1 − phrasing_share`;
//!
//! `score = (phrasing_weight × best + (1 − phrasing_weight) × union) ×
//! qtype_factor`, clamped to [0, 1]. A question word matched with similarity
//! `b` covers `weight × b` of the question; one not matched still weighs its
//! `miss` (at least `unmatched_floor` of a word found in one entry).

use super::TermId;
use super::calibration::Evidence;
use super::index::{EntryIndex, Index, QuestionTypes, phrasing_bit};
use super::query::{MAX_WORDS, Query};
use super::settings::Weights;
use crate::language::QuestionType;

/// An entry (by its position in [`crate::knowledge::Knowledge::entries`],
/// or past them an outside group) and its score: raw while ranking,
/// calibrated confidence in [0, 1] once decided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// Index into the knowledge base's entries.
    pub entry: usize,
    /// Confidence in [0, 1].
    pub score: f32,
}

/// An entry's score and the coverages it is made of.
#[derive(Debug, Clone, Copy)]
pub(super) struct Coverage {
    pub(super) score: f32,
    pub(super) union: f32,
    pub(super) question: f32,
    pub(super) phrasing: f32,
    pub(super) qtype_fit: f32,
}

/// A question term found in an entry's phrasings.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub(super) term: TermId,
    /// The question word it matches (index in [`Query::words`]).
    pub(super) word: u16,
    pub(super) sim: f32,
    pub(super) idf: f32,
    /// The phrasings that contain it, as in [`EntryIndex::masks`].
    pub(super) mask: u64,
}

/// The factor on an entry's score for the question type: the mismatch
/// factor when the question asks for a specific type (when, how many…) that
/// none of the entry's phrasings asks (`asked`), else 1.
pub(super) fn qtype_factor(w: &Weights, asked: QuestionTypes, qtype: Option<QuestionType>) -> f32 {
    match qtype {
        Some(q) if !asked.contains(q) => w.qtype_mismatch,
        _ => 1.0,
    }
}

/// The score of an entry (and the coverages behind it, for [`evidence`]),
/// given its union coverage and phrasing mask ([`super::ranking`]).
pub(super) fn score(
    index: &Index,
    entry: &EntryIndex<'_>,
    q: &Query,
    union_cov: f32,
    mask: u64,
    hits: &mut Vec<Hit>,
) -> Coverage {
    let w = &index.weights;
    // The question's terms this entry's phrasings contain, found once;
    // each phrasing is then judged from this short list instead of by
    // walking its terms against the question's.
    hits.clear();
    for &(t, word, sim) in &q.terms {
        if let Ok(i) = entry.terms.binary_search_by_key(&t, |&(x, _)| x)
            && entry.masks[i] != 0
        {
            hits.push(Hit { term: t, word, sim, idf: index.idf[t as usize], mask: entry.masks[i] });
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
        let contains = |h: &&Hit| h.mask & bit != 0 && (pi < 63 || entry.terms_of(p).binary_search(&h.term).is_ok());
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
    let fit = qtype_factor(w, entry.qtypes, q.qtype);
    score = (score * fit).clamp(0.0, 1.0);
    Coverage { score, union: union_cov, question: best_q, phrasing: best_p, qtype_fit: fit }
}

/// The evidence behind an entry's score, for calibration (its margin
/// left 0: it depends on the other entries).
pub(super) fn evidence(index: &Index, entry: &EntryIndex<'_>, q: &Query, cov: Coverage) -> Evidence {
    let Coverage { score, union: union_cov, question: best_q, phrasing: best_p, qtype_fit: fit } = cov;
    let words = &q.words;
    let total: f32 = words.iter().map(|q| q.weight).sum();
    // Unknown: matching no word of any entry (outside groups aside).
    let unknown: f32 =
        words.iter().filter(|q| !q.matches.iter().any(|&(t, _)| index.in_entries[t as usize])).map(|q| q.weight).sum();
    let offtopic: f32 = words.iter().filter(|q| q.offtopic).map(|q| q.weight).sum();
    let rarest = words
        .iter()
        .flat_map(|q| q.matches.iter())
        .filter(|&&(t, _)| entry.terms.binary_search_by_key(&t, |&(x, _)| x).is_ok())
        .map(|&(t, sim)| index.idf[t as usize] * sim)
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
        rarest: if index.max_idf > 0.0 { rarest / index.max_idf } else { 0.0 },
        offtopic: if total > 0.0 { offtopic / total } else { 0.0 },
    }
}
