//! How alike two questions are as the engine sees them: what `jawab
//! compare` prints and what the near-duplicate warnings of `jawab check`
//! ([`crate::knowledge::near_duplicates`]) are made of.

use super::Matcher;
use super::query::{self, QueryWord};

impl Matcher {
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
        let wa = query::resolve(&self.index, &a);
        let wb = query::resolve(&self.index, &b);
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
