//! Labelled question sets and the accuracy report of `jawab eval`.
//!
//! A set is a UTF-8 text file, one question a line: `question<TAB>expected`,
//! where `expected` is the id of the entry that should answer it, several
//! ids separated by `|` when any of them is right, or `-` when the question
//! must not be answered. Blank lines and lines starting with `#` are skipped.
//!
//! ```
//! use jawab::eval::{parse, Expected};
//! let set = parse("# a comment\nكم ساعة؟\ttalks-duration\nما عاصمة فرنسا؟\t-\n", "set.tsv").unwrap();
//! assert_eq!(set[1].expected, Expected::Reject);
//! ```

use std::fmt::Write as _;

use crate::engine::Engine;
use crate::matcher::Decision;

/// What a labelled question expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// An answer from one of these entries.
    Entry(Vec<String>),
    /// No answer.
    Reject,
}

/// One labelled question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The line it is on.
    pub line: usize,
    /// The question.
    pub question: String,
    /// What should happen.
    pub expected: Expected,
}

/// Parses a labelled set; `name` is used in error messages.
pub fn parse(text: &str, name: &str) -> Result<Vec<Case>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((q, e)) = line.rsplit_once('\t') else {
            return Err(format!("{name}:{line_no}: expected question<TAB>id (or -)"));
        };
        let e = e.trim();
        let expected = if e == "-" {
            Expected::Reject
        } else if !e.is_empty() {
            Expected::Entry(e.split('|').map(|s| s.trim().to_string()).collect())
        } else {
            return Err(format!("{name}:{line_no}: missing expected id"));
        };
        out.push(Case { line: line_no, question: q.to_string(), expected });
    }
    Ok(out)
}

/// One question the engine got wrong.
#[derive(Debug, Clone)]
pub struct Miss {
    /// The case.
    pub case: Case,
    /// What the engine did: `answered ID`, `suggested ID, ID` or `none`.
    pub got: String,
    /// Its score.
    pub score: f32,
}

/// The results of running a labelled set.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Questions that expect an answer.
    pub answerable: usize,
    /// Of those, answered with a right entry.
    pub correct: usize,
    /// Of those, not answered but with a right entry among the suggestions.
    pub suggested: usize,
    /// Of those, with a right entry ranked first, whatever the decision: the
    /// accuracy that better thresholds alone could reach.
    pub ranked_first: usize,
    /// Questions that must not be answered.
    pub rejectable: usize,
    /// Of those, not answered (suggestions are fine).
    pub rejected: usize,
    /// Every miss, in file order.
    pub misses: Vec<Miss>,
    /// Ids named in the set that the knowledge base lacks.
    pub unknown_ids: Vec<String>,
}

impl Report {
    /// Share of answerable questions answered right, in [0, 1].
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.answerable)
    }

    /// Share of must-not-answer questions left unanswered, in [0, 1].
    pub fn rejection_rate(&self) -> f64 {
        ratio(self.rejected, self.rejectable)
    }

    /// The report as text: the figures, then every miss.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "accuracy: {:.1}% ({}/{} answered with the right entry; {} more had it among the suggestions)",
            100.0 * self.accuracy(),
            self.correct,
            self.answerable,
            self.suggested
        );
        let _ = writeln!(
            s,
            "ranked first: {:.1}% ({}/{} had a right entry first, whatever the decision)",
            100.0 * ratio(self.ranked_first, self.answerable),
            self.ranked_first,
            self.answerable
        );
        let _ = writeln!(
            s,
            "rejection rate: {:.1}% ({}/{} off-topic questions not answered)",
            100.0 * self.rejection_rate(),
            self.rejected,
            self.rejectable
        );
        for id in &self.unknown_ids {
            let _ = writeln!(s, "warning: the set names unknown entry {id:?}");
        }
        if !self.misses.is_empty() {
            let _ = writeln!(s, "misses:");
        }
        for m in &self.misses {
            let want = match &m.case.expected {
                Expected::Entry(ids) => ids.join("|"),
                Expected::Reject => "-".to_string(),
            };
            let _ = writeln!(
                s,
                "  line {}: {} | want {want}, got {} ({:.2})",
                m.case.line, m.case.question, m.got, m.score
            );
        }
        s
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Runs every case through the engine.
pub fn run(engine: &Engine, cases: &[Case]) -> Report {
    let kb = engine.knowledge();
    let id = |i: usize| kb.entries[i].id.as_str();
    let mut r = Report::default();
    for case in cases {
        let decision = engine.decide(&case.question);
        let got = match &decision {
            Decision::Answer(s) => format!("answered {}", id(s.entry)),
            Decision::Suggest(list) => {
                format!("suggested {}", list.iter().map(|s| id(s.entry)).collect::<Vec<_>>().join(", "))
            }
            Decision::NoMatch { .. } => "none".to_string(),
        };
        let ok = match &case.expected {
            Expected::Reject => {
                r.rejectable += 1;
                let ok = !matches!(decision, Decision::Answer(_));
                r.rejected += usize::from(ok);
                ok
            }
            Expected::Entry(ids) => {
                for want in ids {
                    if kb.entry(want).is_none() && !r.unknown_ids.contains(want) {
                        r.unknown_ids.push(want.clone());
                    }
                }
                r.answerable += 1;
                let is_right = |e: usize| ids.iter().any(|w| w == id(e));
                let first = match &decision {
                    Decision::Answer(s) => Some(s.entry),
                    Decision::Suggest(list) => list.first().map(|s| s.entry),
                    Decision::NoMatch { best } => best.map(|s| s.entry),
                };
                r.ranked_first += usize::from(first.is_some_and(is_right));
                match &decision {
                    Decision::Answer(s) if is_right(s.entry) => {
                        r.correct += 1;
                        true
                    }
                    Decision::Suggest(list) => {
                        r.suggested += usize::from(list.iter().any(|s| is_right(s.entry)));
                        false
                    }
                    _ => false,
                }
            }
        };
        if !ok {
            r.misses.push(Miss { case: case.clone(), got, score: decision.score() });
        }
    }
    r
}
