//! Diagnostics: how a question is read and scored, for curators and for
//! tuning (`examples/explain.rs`, `examples/calibrate.rs`).

use super::calibration::Evidence;
use super::decision;
use super::query::{self, Query};
use super::scoring::Scored;
use super::{Matcher, ranking};
use crate::knowledge::Knowledge;
use crate::language::Kind;

impl Matcher {
    /// A human-readable account of how a question is seen and scored: its
    /// tokens, their index keys and weights, and the best entries. For
    /// curators and for tuning; the format may change.
    pub fn explain(&self, question: &str, kb: &Knowledge) -> String {
        use std::fmt::Write as _;
        let normalized = match self.read(question) {
            super::Reading::Arabic(normalized) => normalized,
            super::Reading::English => return "read as English\n".to_string(),
        };
        let a = self.lexicon.analyze_normalized(&normalized);
        let mut s = format!("read: {normalized}\nqtype: {:?}\n", a.qtype);
        for t in &a.tokens {
            let _ = write!(s, "  {} [{:?}]", t.text, t.kind);
            if t.kind == Kind::Content {
                let _ = write!(s, " key={}", self.index.keys.key(&t.text));
            }
            s.push('\n');
        }
        for w in query::resolve(&self.index, &a) {
            let m: Vec<String> =
                w.matches.iter().map(|&(t, sim)| format!("{}~{sim:.2}", self.index.term_text[t as usize])).collect();
            let _ = writeln!(s, "  weight {:.2}: {}", w.weight, m.join(" "));
        }
        let n = self.config.max_suggestions.max(1);
        let q = Query::of_analysis(&self.index, &a);
        for (sc, e) in decision::calibrated_best(&self.index, &self.config.calibration, &q, n + 1, n) {
            let id = match kb.entries.get(sc.entry) {
                Some(entry) => entry.id.clone(),
                None => format!("outside:{}", kb.outside.get(sc.entry - kb.entries.len()).map_or("?", |g| &g.id)),
            };
            let _ = writeln!(s, "  {:.3} {id} {e:?}", sc.score);
        }
        s
    }

    /// The evidence for the best few entries of a question, for fitting the
    /// calibration (`examples/calibrate.rs`); empty when an outside group
    /// wins (the decision is then no match whatever the confidence).
    /// The question is read as the engine reads it (Arabizi transliterated;
    /// English has no evidence).
    pub fn evidence(&self, question: &str) -> Vec<(usize, Evidence)> {
        let n = self.config.max_suggestions.max(1);
        let super::Reading::Arabic(normalized) = self.read(question) else { return Vec::new() };
        let q = Query::of_analysis(&self.index, &self.lexicon.analyze_normalized(&normalized));
        let judged =
            decision::calibrated_entries(&self.index, &self.config.calibration, &q, n + 1, n).unwrap_or_default();
        judged.into_iter().map(|(s, e)| (s.entry, e)).collect()
    }

    /// The best entries and outside groups for a question with their raw
    /// scores, for diagnostics. An index past the knowledge's entries is
    /// the outside group `index - entries.len()`.
    pub fn rank(&self, question: &str, n: usize) -> Vec<Scored> {
        let q = Query::of_analysis(&self.index, &self.lexicon.analyze(question));
        let s = ranking::best_entries(&self.index, &q, n);
        s.into_iter().take(n).map(|(s, _)| s).collect()
    }
}
