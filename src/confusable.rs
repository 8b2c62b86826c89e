//! Phrasings of different entries that the engine can hardly tell apart:
//! their [`Matcher::similarity`] is above the answer threshold, so a user
//! asking one may well be answered with the other entry. `jawab check`
//! lists them as warnings.
//!
//! ```
//! use jawab::confusable::near_duplicates;
//! use jawab::knowledge::Knowledge;
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
//! let found = near_duplicates(&kb, &matcher, 0.5);
//! assert_eq!(found.len(), 1);
//! assert!(found[0].to_string().starts_with("kb.toml:7: "), "{}", found[0]);
//! assert!(found[0].message.contains("\"talks-again\"") && found[0].message.contains("kb.toml:12"));
//! ```

use crate::knowledge::{Entry, Knowledge, Location, Problem};
use crate::matcher::Matcher;

/// The warnings for every pair of phrasings of different entries whose
/// similarity is above `threshold`, each at the first phrasing's line and
/// naming the other's, in file order.
///
/// Every pair is compared (585 phrasings: about 170,000 pairs): a surface
/// prefilter such as "shares a word" would miss pairs that match through
/// dialect synonyms, stems or typos. The pairs are spread over the cores.
pub fn near_duplicates(kb: &Knowledge, matcher: &Matcher, threshold: f32) -> Vec<Problem> {
    // (entry, phrasing) of every phrasing, in file order.
    let all: Vec<(usize, usize)> =
        kb.entries.iter().enumerate().flat_map(|(e, entry)| (0..entry.questions.len()).map(move |q| (e, q))).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    // Thread k takes every k-th first phrasing, so each gets long and short rows alike.
    let scan = |k: usize| {
        let mut found = Vec::new();
        for i in (k..all.len()).step_by(threads) {
            let (ea, qa) = all[i];
            for (j, &(eb, qb)) in all.iter().enumerate().skip(i + 1) {
                if ea == eb {
                    continue;
                }
                let s = matcher.similarity(&kb.entries[ea].questions[qa], &kb.entries[eb].questions[qb]);
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
            // A panic in a worker is a bug in the matcher: let it surface.
            handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        })
    };
    pairs.sort_by_key(|&(i, j, _)| (i, j));
    let at = |e: &Entry, q: usize| Location {
        file: e.location.file.clone(),
        line: e.question_lines.get(q).copied().unwrap_or(e.location.line),
    };
    pairs
        .into_iter()
        .map(|(i, j, s)| {
            let ((ea, qa), (eb, qb)) = (all[i], all[j]);
            let (a, b) = (&kb.entries[ea], &kb.entries[eb]);
            let message = format!(
                "entry {:?} phrasing {:?} is hard to tell from entry {:?} phrasing {:?} at {} \
                 (similarity {s:.3}, above the answer threshold {threshold})",
                a.id,
                a.questions[qa],
                b.id,
                b.questions[qb],
                at(b, qb)
            );
            Problem { location: at(a, qa), message }
        })
        .collect()
}
