//! Labelled question sets and the accuracy report of `jawab eval`.
//!
//! A set is a UTF-8 text file, one question a line:
//! `question<TAB>expected[<TAB>group]`, where `expected` is the id of the
//! entry that should answer it, several ids separated by `|` when any of
//! them is right, or `-` when the question must not be answered, and the
//! optional `group` names the dialect (or any other class) the question is
//! counted under; without it, the caller's default (the file's name for
//! `jawab eval`). Blank lines and lines starting with `#` are skipped.
//!
//! ```
//! use jawab::eval::{parse, Expected};
//! let set = parse("# a comment\nكم ساعة؟\ttalks-duration\nما عاصمة فرنسا؟\t-\tmsa\n", "set.tsv").unwrap();
//! assert_eq!(set[1].expected, Expected::Reject);
//! assert_eq!((set[0].group.as_deref(), set[1].group.as_deref()), (None, Some("msa")));
//! ```

use std::collections::BTreeMap;
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
    /// The group it is counted under, if the line names one.
    pub group: Option<String>,
}

/// Parses a labelled set; `name` is used in error messages.
pub fn parse(text: &str, name: &str) -> Result<Vec<Case>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(q), Some(e), group, None) = (fields.next(), fields.next(), fields.next(), fields.next()) else {
            return Err(format!("{name}:{line_no}: expected question<TAB>id (or -), and optionally <TAB>group"));
        };
        let e = e.trim();
        let group = match group.map(str::trim) {
            Some("") => return Err(format!("{name}:{line_no}: empty group after the second tab")),
            g => g.map(str::to_string),
        };
        let expected = if e == "-" {
            Expected::Reject
        } else if !e.is_empty() {
            Expected::Entry(e.split('|').map(|s| s.trim().to_string()).collect())
        } else {
            return Err(format!("{name}:{line_no}: missing expected id"));
        };
        out.push(Case { line: line_no, question: q.to_string(), expected, group });
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
    /// The figures of each group of questions ([`Case::group`]; the
    /// questions without one are under `""`).
    pub groups: BTreeMap<String, Tally>,
}

/// The figures of one group of questions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Questions that expect an answer.
    pub answerable: usize,
    /// Of those, answered with a right entry.
    pub correct: usize,
    /// Questions that must not be answered.
    pub rejectable: usize,
    /// Of those, not answered.
    pub rejected: usize,
}

impl Tally {
    /// Share of answerable questions answered right, in [0, 1].
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.answerable)
    }

    /// Share of must-not-answer questions left unanswered, in [0, 1].
    pub fn rejection_rate(&self) -> f64 {
        ratio(self.rejected, self.rejectable)
    }
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

    /// The report as text: the figures, per group when there are groups,
    /// then every miss.
    pub fn render(&self) -> String {
        let mut s = self.summary();
        if !self.misses.is_empty() {
            let _ = writeln!(s, "misses:");
        }
        for m in &self.misses {
            let want = match &m.case.expected {
                Expected::Entry(ids) => ids.join("|"),
                Expected::Reject => "-".to_string(),
            };
            let group = m.case.group.as_deref().map_or_else(String::new, |g| format!(" [{g}]"));
            let _ = writeln!(
                s,
                "  line {}{group}: {} | want {want}, got {} ({:.2})",
                m.case.line, m.case.question, m.got, m.score
            );
        }
        s
    }

    /// The figures alone, per group when there are groups: for sets that
    /// must stay unseen, whose misses nobody should read.
    pub fn summary(&self) -> String {
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
        let named = self.groups.keys().any(|g| !g.is_empty());
        if named {
            let _ = writeln!(s, "by group:");
            for (g, t) in &self.groups {
                let name = if g.is_empty() { "(none)" } else { g };
                let _ = writeln!(
                    s,
                    "  {name}: right answers {:.1}% ({}/{}), rejections {:.1}% ({}/{})",
                    100.0 * t.accuracy(),
                    t.correct,
                    t.answerable,
                    100.0 * t.rejection_rate(),
                    t.rejected,
                    t.rejectable
                );
            }
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
        let tally = r.groups.entry(case.group.clone().unwrap_or_default()).or_default();
        let ok = match &case.expected {
            Expected::Reject => {
                r.rejectable += 1;
                let ok = !matches!(decision, Decision::Answer(_));
                r.rejected += usize::from(ok);
                tally.rejectable += 1;
                tally.rejected += usize::from(ok);
                ok
            }
            Expected::Entry(ids) => {
                for want in ids {
                    if kb.entry(want).is_none() && !r.unknown_ids.contains(want) {
                        r.unknown_ids.push(want.clone());
                    }
                }
                r.answerable += 1;
                tally.answerable += 1;
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
                        tally.correct += 1;
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
