//! The terminal chat, the same engine as the bot, and `jawab compare`.
//!
//! On a terminal the chat reads with `rustyline`: line editing, ↑ and ↓
//! through this session's questions, Ctrl-C to clear the line, Ctrl-D on an
//! empty line (or `/quit`) to leave. Piped, it reads plain lines.

use std::io::{self, BufRead, IsTerminal, Write};

use anyhow::{Context, Result};
use jawab::engine::Engine;
use jawab::texts;
use rustyline::error::ReadlineError;

use super::Status;

/// What the chat does with one line.
enum Turn {
    /// Print this and go on.
    Say(String),
    /// Nothing to say (an empty line).
    Skip,
    /// Leave the chat.
    Quit,
}

/// `jawab chat`: the terminal chat with the engine.
pub(crate) fn run(engine: &Engine) -> Result<Status> {
    println!("{}", texts::CHAT_WELCOME);
    if io::stdin().is_terminal() && io::stdout().is_terminal() {
        edited(engine)?;
    } else {
        piped(engine)?;
    }
    println!("{}", texts::CHAT_BYE);
    Ok(Status::Ok)
}

/// The chat on a terminal, with line editing and history.
fn edited(engine: &Engine) -> Result<()> {
    let mut editor = rustyline::DefaultEditor::new().context("cannot set up the terminal")?;
    loop {
        match editor.readline(texts::CHAT_PROMPT) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    // A history that cannot grow is no reason to stop the chat.
                    let _ = editor.add_history_entry(line.as_str());
                }
                match turn(engine, &line) {
                    Turn::Say(text) => println!("{text}\n"),
                    Turn::Skip => {}
                    Turn::Quit => return Ok(()),
                }
            }
            // Ctrl-C drops the line being typed; the chat goes on.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => return Ok(()),
            Err(e) => return Err(e).context("cannot read from the terminal"),
        }
    }
}

/// The chat over a pipe: one question per line, no prompt.
fn piped(engine: &Engine) -> Result<()> {
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let line = line.context("cannot read the input")?;
        match turn(engine, &line) {
            Turn::Say(text) => writeln!(out, "{text}\n")?,
            Turn::Skip => {}
            Turn::Quit => break,
        }
    }
    Ok(())
}

/// The reply to one line: a command as the bot answers it, or the answer.
fn turn(engine: &Engine, line: &str) -> Turn {
    let q = line.trim();
    match q {
        "" => Turn::Skip,
        "/quit" | "/exit" | "خروج" => Turn::Quit,
        _ if q.starts_with('/') => match jawab::bot::command_text(engine, q) {
            Some(text) if q.starts_with("/help") => Turn::Say(format!("{text}\n{}", texts::CHAT_QUIT_HELP)),
            Some(text) => Turn::Say(text),
            None => Turn::Say(texts::UNKNOWN_COMMAND.to_string()),
        },
        _ => {
            let reply = engine.reply(q);
            let mut text = reply.text.clone();
            if !reply.related.is_empty() {
                text.push_str(&format!("\n{}", texts::RELATED_INTRO));
                for r in &reply.related {
                    text.push_str(&format!("\n• {}", r.question));
                }
            }
            Turn::Say(text)
        }
    }
}

/// `jawab compare`: reads `question1<TAB>question2` lines and prints how
/// alike the engine finds them.
pub(crate) fn compare(engine: &Engine) -> Result<Status> {
    let stdin = io::stdin().lock();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut bad = false;
    for (i, line) in stdin.lines().enumerate() {
        let line = line.with_context(|| format!("stdin:{}: cannot read line", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        match line.split_once('\t') {
            Some((a, b)) => {
                let s = engine.matcher().similarity(a, b);
                writeln!(out, "{s:.3}\t{a}\t{b}")?;
                out.flush()?;
            }
            None => {
                eprintln!("stdin:{}: expected question1<TAB>question2", i + 1);
                bad = true;
            }
        }
    }
    Ok(if bad { Status::Error } else { Status::Ok })
}
