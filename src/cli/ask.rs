//! `jawab ask`: answers a question given as arguments, or with `--json`
//! one question per line of stdin, one JSON object per answer.

use std::io::{self, BufRead, Write};

use anyhow::{Context, Result};
use jawab::engine::Engine;
use jawab::reply::Reply;
use serde::Serialize;

use super::Status;

/// Answers `question` (its words joined with spaces), as text or as one
/// JSON object; without words, `--json` reads the questions from stdin.
pub(crate) fn run(engine: &Engine, json: bool, question: &[String]) -> Result<Status> {
    if question.is_empty() {
        if json {
            return json_lines(engine);
        }
        anyhow::bail!("ask needs a question, or --json to read questions from stdin");
    }
    let question = question.join(" ");
    let reply = engine.reply(&question);
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(&JsonReply::new(&question, &reply))?)?;
    } else {
        writeln!(out, "{}", reply.text)?;
    }
    Ok(if reply.matched() { Status::Ok } else { Status::No })
}

/// One line of `ask --json`.
#[derive(Debug, Serialize)]
pub(crate) struct JsonReply<'a> {
    /// The question as given.
    question: &'a str,
    /// True only for an answer from the knowledge base.
    matched: bool,
    /// The answered entry.
    id: Option<&'a str>,
    /// Confidence in [0, 1].
    score: f32,
    /// The reply text.
    answer: &'a str,
    /// "Did you mean" suggestions.
    suggestions: Vec<JsonSuggestion<'a>>,
    /// The other entries answered, when the line asked several questions.
    also: &'a [String],
}

/// A suggestion in `ask --json`.
#[derive(Debug, Serialize)]
pub(crate) struct JsonSuggestion<'a> {
    /// The entry.
    id: &'a str,
    /// Its title question.
    question: &'a str,
    /// Confidence in [0, 1].
    score: f32,
}

impl<'a> JsonReply<'a> {
    /// The JSON form of a reply.
    pub(crate) fn new(question: &'a str, reply: &'a Reply) -> Self {
        JsonReply {
            question,
            matched: reply.matched(),
            id: reply.id(),
            score: round(reply.score),
            answer: &reply.text,
            suggestions: reply
                .suggestions
                .iter()
                .map(|o| JsonSuggestion { id: &o.id, question: &o.question, score: round(o.score) })
                .collect(),
            also: &reply.also,
        }
    }
}

fn round(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

/// Answers one question per line of stdin, one JSON object per line.
fn json_lines(engine: &Engine) -> Result<Status> {
    let mut stdin = io::BufReader::with_capacity(64 * 1024, io::stdin().lock());
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let mut all = true;
    let mut line = String::new();
    for i in 1.. {
        line.clear();
        if stdin.read_line(&mut line).with_context(|| format!("stdin:{i}: cannot read line"))? == 0 {
            break;
        }
        let question = line.strip_suffix('\n').unwrap_or(&line);
        let question = question.strip_suffix('\r').unwrap_or(question);
        let reply = engine.reply(question);
        all &= reply.matched();
        serde_json::to_writer(&mut out, &JsonReply::new(question, &reply))?;
        out.write_all(b"\n")?;
        // Every answer is out before waiting for the next question (a caller
        // piping questions in one by one waits for each); while more input
        // is already read, the answers go out together.
        if stdin.buffer().is_empty() {
            out.flush()?;
        }
    }
    out.flush()?;
    Ok(if all { Status::Ok } else { Status::No })
}
