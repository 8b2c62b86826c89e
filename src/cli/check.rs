//! `jawab check`: validates a knowledge base and lists its problems, or its
//! warnings (few phrasings, phrasings hard to tell apart) and a summary.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Result;
use jawab::knowledge::{Knowledge, LoadError, near_duplicates};
use jawab::matcher::{Matcher, MatcherConfig};

use super::Status;

/// Validates the knowledge at `path`: its problems, or its warnings and a
/// summary line.
pub(crate) fn run(path: &Path, config: MatcherConfig) -> Result<Status> {
    // Written, not printed: `jawab check | head` must not panic.
    let mut out = io::stdout().lock();
    match Knowledge::load(path) {
        Ok(kb) => {
            for w in &kb.warnings {
                writeln!(out, "warning: {w}")?;
            }
            let threshold = config.answer_threshold;
            let matcher = Matcher::new(&kb, config);
            for w in near_duplicates(&kb, |a, b| matcher.similarity(a, b), threshold) {
                writeln!(out, "warning: {w}")?;
            }
            let phrasings: usize = kb.entries.iter().map(|e| e.questions.len()).sum();
            let outside: usize = kb.outside.iter().map(|g| g.questions.len()).sum();
            let lang = jawab::language::data::arabic();
            writeln!(
                out,
                "{}: ok, {} entries, {} phrasings, {} outside groups ({} phrasings), {} synonyms, {} stopwords \
                 (and from lang/ar: {} synonyms, {} stopwords)",
                path.display(),
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
        Err(LoadError::Invalid(problems)) => {
            for p in &problems {
                writeln!(out, "{p}")?;
            }
            writeln!(out, "{} problem(s)", problems.len())?;
            Ok(Status::No)
        }
        Err(e) => Err(e.into()),
    }
}
