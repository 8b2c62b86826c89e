//! The curators' commands for the terminal, for those who keep the
//! knowledge in git: `jawab explain`, `jawab inbox`, `jawab add-phrasing`.
//! The same engine, thresholds and safe writes as the bot's `/explain`,
//! `/unanswered` and its ➕ button.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, Result};
use jawab::curation;
use jawab::engine::Engine;
use jawab::questions_log::{self, INBOX_DAYS};
use serde::Serialize;

use super::Status;

/// How many entries `inbox` offers per question, as the bot's buttons.
const CANDIDATES: usize = 3;

/// `jawab explain QUESTION`: how the engine reads and ranks it.
pub(crate) fn explain(engine: &Engine, question: &[String]) -> Result<Status> {
    let question = question.join(" ");
    if question.trim().is_empty() {
        anyhow::bail!("explain: give a question, e.g. jawab explain \"كم استغرقت المحادثات؟\"");
    }
    write!(io::stdout().lock(), "{}", engine.explain(&question))?;
    Ok(Status::Ok)
}

/// One inbox item as `inbox --json` prints it.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    item: &'a questions_log::Item,
    /// The entries the bot's ➕ buttons would offer, closest first.
    candidates: Vec<&'a str>,
}

/// `jawab inbox`: the questions waiting for a curator, with the entries the
/// engine would offer for each.
pub(crate) fn inbox(engine: &Engine, db: &Path, json: bool) -> Result<Status> {
    let items = questions_log::Reader::open(db)?.inbox(questions_log::now(), INBOX_DAYS)?;
    let kb = engine.knowledge();
    let shown: Vec<Shown> = items
        .iter()
        .map(|item| Shown {
            item,
            candidates: curation::candidates(engine, item, CANDIDATES)
                .into_iter()
                .map(|(i, _)| kb.entries[i].id.as_str())
                .collect(),
        })
        .collect();
    let mut out = io::stdout().lock();
    if json {
        let all = serde_json::json!({ "format": 1, "days": INBOX_DAYS, "items": shown });
        writeln!(out, "{all}")?;
        return Ok(Status::Ok);
    }
    if shown.is_empty() {
        writeln!(out, "the inbox is empty (last {INBOX_DAYS} days)")?;
        return Ok(Status::Ok);
    }
    writeln!(out, "{} question(s) waiting (last {INBOX_DAYS} days), most asked first:", shown.len())?;
    for s in &shown {
        let i = s.item;
        write!(out, "  {:>5}  {}  ({} suggested, {} none", i.count, i.question, i.suggested, i.none)?;
        if let Some(chosen) = &i.chosen {
            write!(out, "; chosen: {chosen}")?;
        }
        if let Some(doubtful) = &i.doubtful {
            write!(out, "; 👎 {} on {doubtful}", i.down_votes)?;
        }
        writeln!(out, ")\n         closest: {}", s.candidates.join(", "))?;
    }
    Ok(Status::Ok)
}

/// `jawab add-phrasing ID QUESTION`: the phrasing written into its entry
/// (or outside group), the file's formatting kept, after the whole new
/// knowledge validates; a warning if it is close to another entry's.
pub(crate) fn add_phrasing(engine: &Engine, knowledge: &Path, id: &str, question: &[String]) -> Result<Status> {
    let question = question.join(" ");
    let plan = curation::plan_add(knowledge, id, &question).context("add-phrasing: nothing was written")?;
    for (other, phrasing) in curation::near_duplicates(engine, id, question.trim()) {
        eprintln!("warning: {:?} is hard to tell from {other}'s phrasing {phrasing:?}", question.trim());
    }
    let edit = &plan.edit;
    curation::replace(&edit.file, &edit.before, &edit.after).context("add-phrasing: nothing was written")?;
    writeln!(io::stdout().lock(), "added to {} {:?} in {}", edit.kind, edit.target, edit.file.display())?;
    Ok(Status::Ok)
}
