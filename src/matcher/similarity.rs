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
        self.similarity_of(&self.resolved(a), &self.resolved(b))
    }

    /// Every pair of `texts` (as `(i, j, similarity)` with `i < j`, in
    /// order) whose [`Matcher::similarity`] is above `threshold`: exactly
    /// the pairs comparing all of them would give, with the same values,
    /// without comparing most of them.
    ///
    /// Two questions with no term in common have similarity 0 (or 1 when
    /// neither has a content word and their types agree: those are paired
    /// apart). Beyond that, each text's words are taken heaviest first until
    /// they hold `1 - threshold` of its weight (its *prefix*): if neither
    /// text's prefix shares a term with the other, the words that do match
    /// hold at most `threshold` of each side's weight, so the similarity —
    /// matched weight over total weight, each word matching at most 1 — is
    /// at most `threshold`. So only the texts sharing a term with a prefix
    /// are compared, found through an inverted list of terms.
    ///
    /// ```
    /// # use jawab::engine::Engine;
    /// # use jawab::knowledge::Source;
    /// # let e = Engine::open(&Source::BuiltIn, Default::default()).unwrap();
    /// let m = e.matcher();
    /// let texts = ["كم استغرقت المحادثات؟", "ما عاصمة فرنسا؟", "قديش طولت المباحثات؟"];
    /// let pairs = m.similar_pairs(&texts, 0.5);
    /// assert_eq!(pairs.iter().map(|&(i, j, _)| (i, j)).collect::<Vec<_>>(), [(0, 2)]);
    /// assert_eq!(pairs[0].2, m.similarity(texts[0], texts[2]));
    /// ```
    pub fn similar_pairs(&self, texts: &[&str], threshold: f32) -> Vec<(usize, usize, f32)> {
        if threshold < 0.0 {
            // Every pair qualifies: nothing to prune.
            return self.all_similar_pairs(texts, threshold);
        }
        let all: Vec<Resolved> = texts.iter().map(|t| self.resolved(t)).collect();
        // Each text's terms, and the terms of its prefix, sorted, distinct.
        let (mut terms, mut prefixes) = (Vec::with_capacity(all.len()), Vec::with_capacity(all.len()));
        for r in &all {
            let mut all_terms: Vec<u32> = r.words.iter().flat_map(|w| w.matches.iter().map(|&(t, _)| t)).collect();
            all_terms.sort_unstable();
            all_terms.dedup();
            terms.push(all_terms.into_boxed_slice());
            let mut words: Vec<&QueryWord> = r.words.iter().collect();
            words.sort_by(|a, b| b.weight.total_cmp(&a.weight));
            let total: f32 = words.iter().map(|w| w.weight).sum();
            let need = (1.0 - threshold) * total;
            let mut held = 0.0f32;
            let mut prefix = Vec::new();
            for w in words {
                if held >= need && held > 0.0 {
                    break;
                }
                held += w.weight;
                prefix.extend(w.matches.iter().map(|&(t, _)| t));
            }
            prefix.sort_unstable();
            prefix.dedup();
            prefixes.push(prefix.into_boxed_slice());
        }
        // The texts holding each term.
        let mut postings: rustc_hash::FxHashMap<u32, Vec<u32>> = rustc_hash::FxHashMap::default();
        for (i, ts) in terms.iter().enumerate() {
            for &t in ts.iter() {
                postings.entry(t).or_default().push(i as u32);
            }
        }
        let shares = |a: &[u32], b: &[u32]| a.iter().any(|t| b.binary_search(t).is_ok());
        // Each pair is compared once, when its first text in order to find
        // the other through its prefix is reached: (i, j) found from i's
        // side with j < i was compared at j already if j's prefix shares a
        // term with i. Candidates are compared as they are found rather than
        // gathered, as a large knowledge base has millions of them.
        let mut found = Vec::new();
        let mut seen = vec![usize::MAX; all.len()];
        for i in 0..all.len() {
            for &t in prefixes[i].iter() {
                for &j in postings.get(&t).map_or(&[][..], Vec::as_slice) {
                    let j = j as usize;
                    if j == i || seen[j] == i {
                        continue;
                    }
                    seen[j] = i;
                    if j < i && shares(&prefixes[j], &terms[i]) {
                        continue;
                    }
                    let (a, b) = (i.min(j), i.max(j));
                    let s = self.similarity_of(&all[a], &all[b]);
                    if s > threshold {
                        found.push((a, b, s));
                    }
                }
            }
        }
        // Texts without a content word: alike when their types agree.
        let empty: Vec<usize> = (0..all.len()).filter(|&i| all[i].words.is_empty()).collect();
        for (k, &i) in empty.iter().enumerate() {
            for &j in &empty[k + 1..] {
                let s = self.similarity_of(&all[i], &all[j]);
                if s > threshold {
                    found.push((i, j, s));
                }
            }
        }
        found.sort_unstable_by_key(|&(i, j, _)| (i, j));
        found
    }

    /// The same as [`Matcher::similar_pairs`] by comparing every pair (each
    /// text analysed once): the reference the candidate search is tested
    /// against, and what it does for a negative threshold.
    ///
    /// ```
    /// # use jawab::engine::Engine;
    /// # use jawab::knowledge::Source;
    /// # let e = Engine::open(&Source::BuiltIn, Default::default()).unwrap();
    /// let m = e.matcher();
    /// let texts = ["كم استغرقت المحادثات؟", "ما عاصمة فرنسا؟", "قديش طولت المباحثات؟"];
    /// assert_eq!(m.all_similar_pairs(&texts, 0.5), m.similar_pairs(&texts, 0.5));
    /// ```
    pub fn all_similar_pairs(&self, texts: &[&str], threshold: f32) -> Vec<(usize, usize, f32)> {
        let all: Vec<Resolved> = texts.iter().map(|t| self.resolved(t)).collect();
        let mut found = Vec::new();
        for i in 0..all.len() {
            for j in i + 1..all.len() {
                let s = self.similarity_of(&all[i], &all[j]);
                if s > threshold {
                    found.push((i, j, s));
                }
            }
        }
        found
    }

    fn resolved(&self, text: &str) -> Resolved {
        let analysis = self.lexicon.analyze(text);
        let words = query::resolve(&self.index, &analysis);
        Resolved { qtype: analysis.qtype, words }
    }

    fn similarity_of(&self, a: &Resolved, b: &Resolved) -> f32 {
        let (wa, wb) = (&a.words, &b.words);
        let total: f32 = wa.iter().chain(wb).map(|w| w.weight).sum();
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
        let got: f32 = wa.iter().map(|x| x.weight * matched(x, wb)).sum::<f32>()
            + wb.iter().map(|y| y.weight * matched(y, wa)).sum::<f32>();
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

/// A text as [`Matcher::similarity`] compares it.
struct Resolved {
    qtype: Option<crate::language::QuestionType>,
    words: Vec<QueryWord>,
}
