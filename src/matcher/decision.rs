//! The decision: answer with the best entry, offer "did you mean"
//! suggestions, or say the question is outside the knowledge, from the
//! calibrated confidence of the best few entries.
//!
//! The steps of a decision ([`decide`]):
//! 1. rank the entries and outside groups ([`Ranking`]) and calibrate the
//!    best two ([`calibrated`]); if the best is an entry whose confidence
//!    reaches the answer threshold, answer with it;
//! 2. otherwise rank on to the best few and calibrate them; if an outside
//!    group wins ([`outside_wins`]), there is no match;
//! 3. among the entries left, answer at the answer threshold, suggest those
//!    at the suggest threshold, or there is no match.

use super::calibration::{Calibration, Evidence};
use super::index::Index;
use super::query::Query;
use super::ranking::Ranking;
use super::scoring::{self, Coverage, Scored};
use super::settings::MatcherConfig;

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

/// What to do with a resolved question.
pub(super) fn decide(index: &Index, c: &MatcherConfig, q: &Query) -> Decision {
    // Most questions are answered, and the best two entries settle that
    // (the confidence weighs the margin to the second): the others are
    // scored only when it takes suggestions or a fallback. One ranking
    // serves both: the best few are scored on from where the best two
    // stopped, without walking the postings again.
    let n = c.max_suggestions.max(1);
    let mut ranking = Ranking::new(index, q, n + 1);
    if let Some(&(top, _)) = calibrated(index, &c.calibration, q, ranking.best(2), 1).first()
        && !index.is_outside(top.entry)
        && top.score >= c.answer_threshold
    {
        return Decision::Answer(top);
    }
    let Some(judged) = entries_unless_outside_wins(index, calibrated(index, &c.calibration, q, ranking.best(n + 1), n))
    else {
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
pub(super) fn calibrated_best(
    index: &Index,
    calibration: &Calibration,
    q: &Query,
    keep: usize,
    n: usize,
) -> Vec<(Scored, Evidence)> {
    calibrated(index, calibration, q, Ranking::new(index, q, keep).best(keep), n)
}

/// The first `n` of `scored` (the exact best few of `q`'s ranking, best
/// first) with their calibrated confidence and evidence, as
/// [`calibrated_best`] gives them.
pub(super) fn calibrated(
    index: &Index,
    calibration: &Calibration,
    q: &Query,
    scored: &[(Scored, Coverage)],
    n: usize,
) -> Vec<(Scored, Evidence)> {
    scored
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, &(s, cov))| {
            let mut e = scoring::evidence(index, &index.entries.get(s.entry), q, cov);
            let other = scored.iter().enumerate().find(|&(j, _)| j != i).map_or(0.0, |(_, o)| o.0.score);
            e.margin = s.score - other;
            (Scored { entry: s.entry, score: calibration.confidence(&e) }, e)
        })
        .collect()
}

/// Like [`calibrated_best`], with the outside groups taken out: `None`
/// when one of them wins ([`outside_wins`]), so the decision is no match
/// whatever the entries' confidence.
pub(super) fn calibrated_entries(
    index: &Index,
    calibration: &Calibration,
    q: &Query,
    keep: usize,
    n: usize,
) -> Option<Vec<(Scored, Evidence)>> {
    entries_unless_outside_wins(index, calibrated_best(index, calibration, q, keep, n))
}

/// The calibrated entries without the outside groups, as in
/// [`calibrated_entries`]: `None` when an outside group wins.
fn entries_unless_outside_wins(index: &Index, judged: Vec<(Scored, Evidence)>) -> Option<Vec<(Scored, Evidence)>> {
    if outside_wins(index, &judged) {
        return None;
    }
    Some(judged.into_iter().filter(|(s, _)| !index.is_outside(s.entry)).collect())
}

/// Whether the question is one the article does not answer: an outside
/// group ranks first, and either the question repeats one of its phrasings,
/// or the calibrated model finds the group more likely than the best entry
/// (or no entry is among the best few) and the group covers more of the
/// question. Groups and entries are judged by the same model, on the same
/// evidence, so a group never wins by raw coverage alone; and an entry that
/// covers the question as well keeps it («مجلس الاتحاد» is about the entry
/// even if a group asks something else about the council).
fn outside_wins(index: &Index, judged: &[(Scored, Evidence)]) -> bool {
    let Some((top, _)) = judged.first() else { return false };
    if !index.is_outside(top.entry) {
        return false;
    }
    // A question that repeats one of the group's phrasings is the curator's
    // explicit call.
    let outside = &judged[0].1;
    if outside.question > 0.99 && outside.phrasing > 0.99 {
        return true;
    }
    let Some((entry, covered)) = judged.iter().find(|(s, _)| !index.is_outside(s.entry)) else { return true };
    top.score > entry.score && outside.question > covered.question
}
