//! Phrasings of different entries that the engine can hardly tell apart:
//! their similarity (the matcher's `Matcher::similarity`, passed in) is
//! above the answer threshold, so a user
//! asking one may well be answered with the other entry. An entry's
//! phrasing close to an `[[outside]]` group's is the same risk the other
//! way: the user may get the fallback instead of the answer. `jawab check`
//! lists both as warnings.
//!
//! ```
//! use jawab::knowledge::{near_duplicates, Knowledge};
//! use jawab::matcher::{Matcher, MatcherConfig};
//! let kb = Knowledge::from_str(r#"
//! [article]
//! title = "t"
//! paragraphs = 2
//! [[entry]]
//! id = "talks"
//! questions = ["كم استغرقت المحادثات بين الرئيسين؟"]
//! answer = "ثلاث ساعات."
//! paragraph = 1
//! [[entry]]
//! id = "talks-again"
//! questions = ["كم استغرقت المحادثات بين الرئيسين اليوم؟"]
//! answer = "ساعتين."
//! paragraph = 2
//! "#, "kb.toml").unwrap();
//! let matcher = Matcher::new(&kb, MatcherConfig::default());
//! let found = near_duplicates(&kb, |a, b| matcher.similarity(a, b), 0.5);
//! assert_eq!(found.len(), 1);
//! assert!(found[0].to_string().starts_with("kb.toml:7: "), "{}", found[0]);
//! assert!(found[0].message.contains("\"talks-again\"") && found[0].message.contains("kb.toml:12"));
//! ```

use super::{Knowledge, Location, Problem, tables};

/// One phrasing of an entry or an outside group.
struct Phrasing<'k> {
    /// Its table's kind and place: two phrasings of one table are not compared.
    owner: (&'static str, usize),
    /// "entry \"id\"" or "outside group \"id\"", for the message.
    name: String,
    text: &'k str,
    location: Location,
}

impl Phrasing<'_> {
    fn outside(&self) -> bool {
        self.owner.0 == "outside"
    }
}

/// Every phrasing of the entries, then of the outside groups, in file order.
fn phrasings(kb: &Knowledge) -> Vec<Phrasing<'_>> {
    tables(&kb.entries, &kb.outside)
        .flat_map(|t| {
            let name =
                if t.kind == "entry" { format!("entry {:?}", t.id) } else { format!("outside group {:?}", t.id) };
            t.questions.iter().enumerate().map(move |(q, text)| Phrasing {
                owner: (t.kind, t.index),
                name: name.clone(),
                text,
                location: t.question_at(q),
            })
        })
        .collect()
}

/// The warnings for every pair of phrasings whose similarity is above
/// `threshold` — of two different entries, or of an entry and an outside
/// group (two groups both get the fallback, so they are not compared) —
/// each at the first phrasing's line and naming the other's, in order.
///
/// Every pair is compared (about 860 phrasings: some 370,000 pairs): a
/// surface prefilter such as "shares a word" would miss pairs that match
/// through dialect synonyms, stems or typos. The pairs are spread over the
/// cores.
pub fn near_duplicates(kb: &Knowledge, similarity: impl Fn(&str, &str) -> f32 + Sync, threshold: f32) -> Vec<Problem> {
    let all = phrasings(kb);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    // Thread k takes every k-th first phrasing, so each gets long and short rows alike.
    let similarity = &similarity;
    let scan = |k: usize| {
        let mut found = Vec::new();
        for i in (k..all.len()).step_by(threads) {
            let a = &all[i];
            for (j, b) in all.iter().enumerate().skip(i + 1) {
                if a.owner == b.owner || (a.outside() && b.outside()) {
                    continue;
                }
                let s = similarity(a.text, b.text);
                if s > threshold {
                    found.push((i, j, s));
                }
            }
        }
        found
    };
    let mut pairs: Vec<(usize, usize, f32)> = if threads == 1 {
        scan(0)
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|k| scope.spawn(move || scan(k))).collect();
            // A panic in a worker is a bug in the similarity: let it surface.
            handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        })
    };
    pairs.sort_by_key(|&(i, j, _)| (i, j));
    report(&all, pairs, threshold)
}

/// The same warnings as [`near_duplicates`], from `pairs`, which finds the
/// pairs of texts above `threshold` itself — [`crate::matcher::Matcher::similar_pairs`],
/// which compares only the pairs that can be above it:
///
/// ```
/// # use jawab::engine::Engine;
/// # use jawab::knowledge::{near_duplicates, near_duplicates_among, Source};
/// # let e = Engine::open(&Source::BuiltIn, Default::default()).unwrap();
/// let (kb, m) = (e.knowledge(), e.matcher());
/// let fast = near_duplicates_among(kb, |texts| m.similar_pairs(texts, 0.5), 0.5);
/// assert_eq!(fast, near_duplicates(kb, |a, b| m.similarity(a, b), 0.5));
/// ```
pub fn near_duplicates_among(
    kb: &Knowledge,
    pairs: impl FnOnce(&[&str]) -> Vec<(usize, usize, f32)>,
    threshold: f32,
) -> Vec<Problem> {
    let all = phrasings(kb);
    let texts: Vec<&str> = all.iter().map(|p| p.text).collect();
    let mut found: Vec<(usize, usize, f32)> = pairs(&texts)
        .into_iter()
        .map(|(i, j, s)| (i.min(j), i.max(j), s))
        .filter(|&(i, j, s)| {
            let (a, b) = (&all[i], &all[j]);
            s > threshold && i != j && a.owner != b.owner && !(a.outside() && b.outside())
        })
        .collect();
    found.sort_by_key(|&(i, j, _)| (i, j));
    found.dedup_by_key(|&mut (i, j, _)| (i, j));
    report(&all, found, threshold)
}

/// The warning of each pair, at its first phrasing.
fn report(all: &[Phrasing], pairs: Vec<(usize, usize, f32)>, threshold: f32) -> Vec<Problem> {
    pairs
        .into_iter()
        .map(|(i, j, s)| {
            let (a, b) = (&all[i], &all[j]);
            let risk = if b.outside() { ", so the question may get the fallback" } else { "" };
            let message = format!(
                "{} phrasing {:?} is hard to tell from {} phrasing {:?} at {} \
                 (similarity {s:.3}, above the answer threshold {threshold}){risk}",
                a.name, a.text, b.name, b.text, b.location
            );
            Problem { location: a.location.clone(), message }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::{Matcher, MatcherConfig};

    fn kb() -> Knowledge {
        Knowledge::from_str(
            r#"
[article]
title = "t"
paragraphs = 2
[[entry]]
id = "talks"
questions = ["كم استغرقت المحادثات بين الرئيسين؟", "متى وصل الأسد؟"]
answer = "ثلاث ساعات."
paragraph = 1
[[outside]]
id = "other-talks"
questions = ["كم استغرقت المحادثات بين الرئيسين في بكين؟", "كم عمر بوتين؟"]
[[outside]]
id = "more-other-talks"
questions = ["كم استغرقت المحادثات بين الرئيسين في باريس؟"]
"#,
            "kb.toml",
        )
        .unwrap()
    }

    /// The candidate search finds exactly the pairs the all-pairs scan
    /// finds, at several thresholds, on synthetic knowledge (many shared
    /// common words, names shared by a few entries) and on a knowledge base
    /// with phrasings that have no content word at all.
    #[test]
    fn the_candidate_search_reports_exactly_what_all_pairs_report() {
        let base = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
        for (entries, seed) in [(150, 1), (250, 7)] {
            let kb = crate::synth::knowledge(&base, entries, seed);
            let matcher = Matcher::new(&kb, MatcherConfig::default());
            let texts: Vec<&str> = phrasings(&kb).iter().map(|p| p.text).collect();
            // Every pair, compared: a negative threshold prunes nothing.
            let every = matcher.similar_pairs(&texts, -1.0);
            assert_eq!(every.len(), texts.len() * (texts.len() - 1) / 2);
            assert_eq!(every, matcher.all_similar_pairs(&texts, -1.0));
            for threshold in [0.2, 0.3, 0.5, 0.8] {
                let expected: Vec<_> = every.iter().copied().filter(|&(_, _, s)| s > threshold).collect();
                assert_eq!(matcher.similar_pairs(&texts, threshold), expected, "{entries} entries at {threshold}");
                // The comparison means something only where pairs are found.
                assert!(!expected.is_empty() || threshold > 0.3, "no pair at {threshold}");
            }
        }
        // The warnings themselves, both ways.
        let kb = crate::synth::knowledge(&base, 60, 3);
        let matcher = Matcher::new(&kb, MatcherConfig::default());
        let all = near_duplicates(&kb, |a, b| matcher.similarity(a, b), 0.3);
        assert_eq!(near_duplicates_among(&kb, |t| matcher.similar_pairs(t, 0.3), 0.3), all);
        assert!(!all.is_empty());
        let kb = Knowledge::from_str(
            "[article]\ntitle='t'\nparagraphs=1\n\
             [[entry]]\nid='a'\nquestions=['متى؟', 'كم استغرقت المحادثات؟']\nanswer='ج'\nparagraph=1\n\
             [[entry]]\nid='b'\nquestions=['متى؟؟ يعني', 'قديش طولت المباحثات؟']\nanswer='ج'\nparagraph=1\n",
            "k.toml",
        )
        .unwrap();
        let matcher = Matcher::new(&kb, MatcherConfig::default());
        let all = near_duplicates(&kb, |a, b| matcher.similarity(a, b), 0.5);
        assert_eq!(near_duplicates_among(&kb, |t| matcher.similar_pairs(t, 0.5), 0.5), all);
        assert_eq!(all.len(), 2, "{all:#?}");
    }

    #[test]
    fn an_entry_close_to_an_outside_group_is_a_warning_two_groups_are_not() {
        let kb = kb();
        let matcher = Matcher::new(&kb, MatcherConfig::default());
        let found = near_duplicates(&kb, |a, b| matcher.similarity(a, b), 0.5);
        let messages: Vec<String> = found.iter().map(|p| p.to_string()).collect();
        // The entry's first phrasing against each group's first; not the two
        // groups against each other, and nothing for the unrelated phrasings.
        assert_eq!(found.len(), 2, "{messages:#?}");
        for (m, group, line) in [(&messages[0], "other-talks", 12), (&messages[1], "more-other-talks", 15)] {
            assert!(m.starts_with("kb.toml:7: entry \"talks\""), "{m}");
            assert!(m.contains(&format!("outside group \"{group}\"")) && m.contains(&format!("kb.toml:{line}")), "{m}");
            assert!(m.ends_with("so the question may get the fallback"), "{m}");
        }
    }
}
