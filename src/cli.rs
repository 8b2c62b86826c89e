//! The command line: `jawab ask | check | compare | chat | eval | report | bot`.
//!
//! Exit codes follow ripgrep: 0 answered (or no problems), 1 not answered
//! (or problems found), 2 an error. Errors go to stderr, lowercase, naming
//! the file and line.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::engine::Engine;
use crate::knowledge::{Knowledge, LoadError};
use crate::matcher::{MatcherConfig, Stemmer};
use crate::reply::Reply;
use crate::texts;

/// Answers Arabic questions about Assad's visit to Moscow from a curated knowledge base.
#[derive(Debug, Parser)]
#[command(name = "jawab", version, about)]
pub struct Cli {
    /// The knowledge base: a .toml file or a directory of them.
    #[arg(long, global = true, env = "JAWAB_KNOWLEDGE", default_value = "knowledge")]
    pub knowledge: PathBuf,
    /// Answer directly at or above this confidence (0–1).
    #[arg(long, global = true, env = "JAWAB_ANSWER_THRESHOLD")]
    pub answer_threshold: Option<f32>,
    /// Offer "did you mean" suggestions at or above this confidence (0–1).
    #[arg(long, global = true, env = "JAWAB_SUGGEST_THRESHOLD")]
    pub suggest_threshold: Option<f32>,
    /// What to do; without a command, the Telegram bot if TELOXIDE_TOKEN is
    /// set, else the terminal chat.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer a question given as arguments, or with --json one question per line of stdin.
    Ask {
        /// Write one JSON object per question.
        #[arg(long)]
        json: bool,
        /// The question (words are joined with spaces).
        question: Vec<String>,
    },
    /// Validate a knowledge base and list its problems.
    Check {
        /// The knowledge to check (default: --knowledge).
        path: Option<PathBuf>,
    },
    /// Read question1<TAB>question2 lines on stdin; print their similarity (0–1).
    Compare,
    /// Chat with the engine in the terminal.
    Chat,
    /// Run the Telegram bot (needs TELOXIDE_TOKEN; see the README).
    Bot,
    /// Print the question log's figures (those of /stats and /unanswered), for cron jobs and dashboards.
    Report {
        /// Count decisions, top entries and unanswered questions over the last N days only
        /// (default: decisions and top entries over all rows, unanswered over 7 days).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=36_500))]
        days: Option<u32>,
        /// Print one JSON object (its shape is in the README).
        #[arg(long)]
        json: bool,
        /// The question log's database.
        #[arg(long, env = "JAWAB_DB", default_value = crate::questions_log::DEFAULT_DB)]
        db: PathBuf,
    },
    /// Run a labelled question file and print accuracy, rejection rate and every miss.
    Eval {
        /// Lines of question<TAB>expected-id (or - for "must not answer").
        file: PathBuf,
        /// The stemmer to index with.
        #[arg(long, value_enum, default_value_t = StemmerArg::Light)]
        stemmer: StemmerArg,
    },
}

/// `--stemmer` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StemmerArg {
    /// Jawab's light stemmer.
    Light,
    /// rust-stemmers' Snowball Arabic.
    Snowball,
}

impl Cli {
    /// The matcher configuration from the flags.
    pub fn config(&self) -> MatcherConfig {
        let mut c = MatcherConfig::default();
        if let Some(t) = self.answer_threshold {
            c.answer_threshold = t;
        }
        if let Some(t) = self.suggest_threshold {
            c.suggest_threshold = t;
        }
        c
    }

    fn engine(&self, config: MatcherConfig) -> Result<Engine, LoadError> {
        Engine::load(&self.knowledge, config)
    }
}

/// Exit codes.
pub mod exit {
    use std::process::ExitCode;
    /// Answered, or no problems.
    pub const OK: ExitCode = ExitCode::SUCCESS;
    /// Not answered, or problems found.
    pub fn no() -> ExitCode {
        ExitCode::from(1)
    }
    /// An error.
    pub fn error() -> ExitCode {
        ExitCode::from(2)
    }
}

/// Runs a parsed command line (without a subcommand: the bot when
/// `TELOXIDE_TOKEN` is set, otherwise the chat).
pub fn run(cli: Cli) -> Result<ExitCode> {
    let config = cli.config();
    if !(0.0..=1.0).contains(&config.answer_threshold) || !(0.0..=1.0).contains(&config.suggest_threshold) {
        anyhow::bail!("thresholds must be between 0 and 1");
    }
    match &cli.command {
        Some(Command::Check { path }) => check(path.as_ref().unwrap_or(&cli.knowledge), config),
        Some(Command::Ask { json, question }) => {
            let engine = cli.engine(config)?;
            if question.is_empty() {
                if *json {
                    return ask_json(&engine);
                }
                anyhow::bail!("ask needs a question, or --json to read questions from stdin");
            }
            let reply = engine.reply(&question.join(" "));
            if *json {
                let mut out = io::stdout().lock();
                writeln!(out, "{}", serde_json::to_string(&JsonReply::new(&question.join(" "), &reply))?)?;
            } else {
                writeln!(io::stdout().lock(), "{}", reply.text)?;
            }
            Ok(if reply.matched() { exit::OK } else { exit::no() })
        }
        Some(Command::Compare) => compare(&cli.engine(config)?),
        Some(Command::Eval { file, stemmer }) => {
            let mut config = config;
            config.stemmer = match stemmer {
                StemmerArg::Light => Stemmer::Light,
                StemmerArg::Snowball => Stemmer::Snowball,
            };
            let engine = cli.engine(config)?;
            let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
            let cases = crate::eval::parse(&text, &file.display().to_string()).map_err(anyhow::Error::msg)?;
            let report = crate::eval::run(&engine, &cases);
            write!(io::stdout().lock(), "{}", report.render())?;
            Ok(exit::OK)
        }
        Some(Command::Report { days, json, db }) => report(db, *days, *json, &cli.knowledge),
        Some(Command::Bot) => crate::bot::run(&cli.knowledge, config),
        None if crate::bot::token_configured() => crate::bot::run(&cli.knowledge, config),
        Some(Command::Chat) | None => chat(&cli.engine(config)?),
    }
}

fn check(path: &PathBuf, config: MatcherConfig) -> Result<ExitCode> {
    // Written, not printed: `jawab check | head` must not panic.
    let mut out = io::stdout().lock();
    match Knowledge::load(path) {
        Ok(kb) => {
            for w in &kb.warnings {
                writeln!(out, "warning: {w}")?;
            }
            let threshold = config.answer_threshold;
            let matcher = crate::matcher::Matcher::new(&kb, config);
            for w in crate::confusable::near_duplicates(&kb, &matcher, threshold) {
                writeln!(out, "warning: {w}")?;
            }
            let phrasings: usize = kb.entries.iter().map(|e| e.questions.len()).sum();
            let outside: usize = kb.outside.iter().map(|g| g.questions.len()).sum();
            writeln!(
                out,
                "{}: ok, {} entries, {} phrasings, {} outside groups ({} phrasings), {} synonyms, {} stopwords",
                path.display(),
                kb.entries.len(),
                phrasings,
                kb.outside.len(),
                outside,
                kb.synonyms.len(),
                kb.stopwords.len()
            )?;
            Ok(exit::OK)
        }
        Err(LoadError::Invalid(problems)) => {
            for p in &problems {
                writeln!(out, "{p}")?;
            }
            writeln!(out, "{} problem(s)", problems.len())?;
            Ok(exit::no())
        }
        Err(e) => Err(e.into()),
    }
}

fn report(db: &std::path::Path, days: Option<u32>, json: bool, knowledge: &std::path::Path) -> Result<ExitCode> {
    // An empty JAWAB_DB (as in .env.example) means the default, as for the bot.
    let db = if db.as_os_str().is_empty() { std::path::Path::new(crate::questions_log::DEFAULT_DB) } else { db };
    let mut report = crate::questions_log::Reader::open(db)?.report(crate::questions_log::now(), days)?;
    // Titles are a convenience: the report works without the knowledge.
    if let Ok(kb) = Knowledge::load(knowledge) {
        report.stats = report.stats.with_titles(&kb);
    }
    let mut out = io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
        return Ok(exit::OK);
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
    Ok(exit::OK)
}

/// One line of `ask --json`.
#[derive(Debug, Serialize)]
pub struct JsonReply<'a> {
    /// The question as given.
    pub question: &'a str,
    /// True only for an answer from the knowledge base.
    pub matched: bool,
    /// The answered entry.
    pub id: Option<&'a str>,
    /// Confidence in [0, 1].
    pub score: f32,
    /// The reply text.
    pub answer: &'a str,
    /// "Did you mean" suggestions.
    pub suggestions: Vec<JsonSuggestion<'a>>,
}

/// A suggestion in `ask --json`.
#[derive(Debug, Serialize)]
pub struct JsonSuggestion<'a> {
    /// The entry.
    pub id: &'a str,
    /// Its title question.
    pub question: &'a str,
    /// Confidence in [0, 1].
    pub score: f32,
}

impl<'a> JsonReply<'a> {
    /// The JSON form of a reply.
    pub fn new(question: &'a str, reply: &'a Reply) -> Self {
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
        }
    }
}

fn round(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

fn ask_json(engine: &Engine) -> Result<ExitCode> {
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
    Ok(if all { exit::OK } else { exit::no() })
}

fn compare(engine: &Engine) -> Result<ExitCode> {
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
    Ok(if bad { exit::error() } else { exit::OK })
}

fn chat(engine: &Engine) -> Result<ExitCode> {
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
    Ok(exit::OK)
}
