//! The terminal chat, the same engine as the bot, and `jawab compare`.

use std::io::{self, BufRead, IsTerminal, Write};

use anyhow::{Context, Result};
use jawab::engine::Engine;
use jawab::texts;

use super::Status;

/// `jawab chat`: the terminal chat with the engine.
pub(crate) fn run(engine: &Engine) -> Result<Status> {
    let tty = io::stdin().is_terminal();
    let mut out = io::stdout().lock();
    writeln!(out, "{}", texts::CHAT_WELCOME)?;
    let mut lines = io::stdin().lock().lines();
    loop {
        if tty {
            write!(out, "{}", texts::CHAT_PROMPT)?;
            out.flush()?;
        }
        let Some(line) = lines.next() else { break };
        let line = line.context("cannot read from the terminal")?;
        let q = line.trim();
        match q {
            "" => continue,
            "/quit" | "/exit" | "خروج" => break,
            "/topics" => {
                writeln!(out, "{}", texts::TOPICS_HEADING)?;
                for e in &engine.knowledge().entries {
                    writeln!(out, "• {}", e.questions[0])?;
                }
            }
            _ => {
                let reply = engine.reply(q);
                writeln!(out, "{}", reply.text)?;
                if !reply.related.is_empty() {
                    writeln!(out, "{}", texts::RELATED_INTRO)?;
                    for r in &reply.related {
                        writeln!(out, "• {}", r.question)?;
                    }
                }
            }
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", texts::CHAT_BYE)?;
    Ok(Status::Ok)
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
