//! `jawab report`: the question log's figures (those of /stats and
//! /unanswered), as text or one JSON object, for cron jobs and dashboards.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Result;
use jawab::knowledge::Source;
use jawab::questions_log;

use super::Status;

/// Prints the question log's figures at `db`, with the entries' titles from
/// `knowledge` when it loads.
pub(crate) fn run(db: &Path, days: Option<u32>, json: bool, knowledge: &Source) -> Result<Status> {
    let mut report = questions_log::Reader::open(db)?.report(questions_log::now(), days)?;
    // Titles are a convenience: the report works without the knowledge.
    if let Ok(kb) = knowledge.load() {
        report.stats = report.stats.with_titles(&kb);
    }
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
        return Ok(Status::Ok);
    }
    let s = &report.stats;
    let q = &s.questions;
    let d = &s.decisions;
    let window = s.window_days.map_or_else(|| "all questions".to_string(), |n| format!("last {n} days"));
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    writeln!(out, "questions: {} today, {} in the last 7 days, {} in all", q.today, q.last_7_days, q.all)?;
    writeln!(
        out,
        "decisions ({window}): {} questions, {} answered ({}), {} suggested ({}), {} none ({})",
        d.questions,
        d.answered,
        pct(d.shares.answered),
        d.suggested,
        pct(d.shares.suggested),
        d.none,
        pct(d.shares.none)
    )?;
    writeln!(out, "most asked entries ({window}):")?;
    for t in &s.top_entries {
        writeln!(out, "  {:>5}  {}  {}", t.count, t.id, t.question.as_deref().unwrap_or("(not in the knowledge)"))?;
    }
    writeln!(out, "unanswered or suggested only (last {} days):", report.unanswered_days)?;
    for u in &report.unanswered {
        writeln!(out, "  {:>5}  {}  ({} suggested, {} none)", u.count, u.question, u.suggested, u.none)?;
    }
    Ok(Status::Ok)
}
