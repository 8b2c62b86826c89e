//! `jawab check`: validates a knowledge base. Problems go to stderr, each
//! as `file:line: message`; warnings (few phrasings, phrasings hard to tell
//! apart) are counted per kind, or listed with `--warnings`; then a summary
//! line on stdout.

use std::io::{self, Write};

use anyhow::Result;
use jawab::knowledge::{LoadError, Problem, Source, near_duplicates_among};
use jawab::matcher::{Matcher, MatcherConfig};

use super::Status;

/// Whether a warning's message is of a kind.
type Is = fn(&str) -> bool;

/// The kinds of warnings, as the summary counts them: a name, and whether
/// a warning's message is of that kind.
const KINDS: &[(&str, Is)] = &[
    ("entries with few phrasings", |m| m.contains("or more phrasings match users better")),
    ("phrasings hard to tell from an outside group's", |m| m.contains("hard to tell from outside group")),
    ("phrasings hard to tell from another entry's", |m| m.contains("hard to tell from entry")),
];

/// Validates the knowledge from `source`: its problems, or its warnings
/// (all of them if `all_warnings`, else a count per kind) and a summary.
pub(crate) fn run(source: &Source, config: MatcherConfig, all_warnings: bool) -> Result<Status> {
    // Written, not printed: `jawab check | head` must not panic.
    let mut out = io::stdout().lock();
    let kb = match source.load() {
        Ok(kb) => kb,
        Err(LoadError::Invalid(problems)) => {
            let mut err = io::stderr().lock();
            for p in &problems {
                writeln!(err, "{p}")?;
            }
            writeln!(err, "{source}: {} problem(s)", problems.len())?;
            return Ok(Status::No);
        }
        Err(e) => return Err(e.into()),
    };
    let threshold = config.answer_threshold;
    let matcher = Matcher::new(&kb, config);
    let mut warnings: Vec<Problem> = kb.warnings.clone();
    warnings.extend(near_duplicates_among(&kb, |texts| matcher.similar_pairs(texts, threshold), threshold));
    if all_warnings {
        for w in &warnings {
            writeln!(out, "warning: {w}")?;
        }
    } else if !warnings.is_empty() {
        writeln!(out, "{} warning(s) (`jawab check --warnings` lists them):", warnings.len())?;
        let mut counted = 0;
        for (name, is) in KINDS {
            let n = warnings.iter().filter(|w| is(&w.message)).count();
            if n > 0 {
                writeln!(out, "  {n:>5}  {name}")?;
                counted += n;
            }
        }
        if counted < warnings.len() {
            writeln!(out, "  {:>5}  other", warnings.len() - counted)?;
        }
    }
    let phrasings: usize = kb.entries.iter().map(|e| e.questions.len()).sum();
    let outside: usize = kb.outside.iter().map(|g| g.questions.len()).sum();
    let lang = jawab::language::data::arabic();
    writeln!(
        out,
        "{source}: ok, {} entries, {} phrasings, {} outside groups ({} phrasings), {} synonyms, {} stopwords \
         (and from lang/ar: {} synonyms, {} stopwords)",
        kb.entries.len(),
        phrasings,
        kb.outside.len(),
        outside,
        kb.synonyms.len(),
        kb.stopwords.len(),
        lang.synonyms.len(),
        lang.stopwords.len()
    )?;
    Ok(Status::Ok)
}
