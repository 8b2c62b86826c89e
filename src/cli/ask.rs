//! `jawab ask`: answers a question given as arguments, or with `--json`
//! one question per line of stdin, one JSON object per answer.

use std::io::{self, BufRead, Write};

use anyhow::{Context, Result};
use jawab::engine::{Engine, MAX_QUESTION_CHARS};
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
    /// Present (true) when the line was not valid UTF-8 and was read with
    /// U+FFFD for its bad bytes.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    lossy: bool,
    /// Present (true) when the line was longer than [`MAX_LINE_BYTES`] and
    /// was cut there.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    cut: bool,
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
            lossy: false,
            cut: false,
        }
    }
}

fn round(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

/// The longest line `ask --json` reads, in bytes; the rest of a longer line
/// is skipped unread. A question is cut to [`MAX_QUESTION_CHARS`] characters
/// anyway, and that many characters take at most four bytes each.
pub(crate) const MAX_LINE_BYTES: usize = MAX_QUESTION_CHARS * 4;

/// A line of standard input as `ask --json` reads it.
struct Line {
    text: String,
    lossy: bool,
    cut: bool,
}

/// The next line of `input` without its line ending (`None` at the end):
/// at most [`MAX_LINE_BYTES`] of it kept, read lossily if it is not UTF-8.
/// `buf` is reused from line to line.
fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Option<Line>> {
    buf.clear();
    let (mut any, mut cut) = (false, false);
    loop {
        let chunk = match input.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let newline = chunk.iter().position(|&b| b == b'\n');
        let line = &chunk[..newline.unwrap_or(chunk.len())];
        // A CRLF ending is no part of the line, even at the bound.
        let line = if newline.is_some() { line.strip_suffix(b"\r").unwrap_or(line) } else { line };
        let room = MAX_LINE_BYTES - buf.len();
        cut |= line.len() > room;
        buf.extend_from_slice(&line[..line.len().min(room)]);
        let used = newline.map_or(chunk.len(), |i| i + 1);
        input.consume(used);
        if newline.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    // A character split by the cut is dropped, not turned into U+FFFD.
    if cut
        && let Err(e) = std::str::from_utf8(buf)
        && e.error_len().is_none()
    {
        buf.truncate(e.valid_up_to());
    }
    let text = String::from_utf8_lossy(buf);
    let lossy = matches!(text, std::borrow::Cow::Owned(_));
    Ok(Some(Line { text: text.into_owned(), lossy, cut }))
}

/// Answers one question per line of stdin, one JSON object per line, to the
/// end of the input: a line that is not UTF-8 is read lossily and one longer
/// than [`MAX_LINE_BYTES`] is cut, each marked in its object.
fn json_lines(engine: &Engine) -> Result<Status> {
    let mut stdin = io::BufReader::with_capacity(64 * 1024, io::stdin().lock());
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let mut all = true;
    let mut buf = Vec::new();
    for i in 1.. {
        let Some(line) = read_line(&mut stdin, &mut buf).with_context(|| format!("stdin:{i}: cannot read line"))?
        else {
            break;
        };
        let reply = engine.reply(&line.text);
        all &= reply.matched();
        let json = JsonReply { lossy: line.lossy, cut: line.cut, ..JsonReply::new(&line.text, &reply) };
        serde_json::to_writer(&mut out, &json)?;
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
