//! The command line: `jawab ask | check | compare | chat | eval | report |
//! explain | inbox | add-phrasing | bot`.
//!
//! Each command returns a [`Status`]; `main` turns it into the exit code.
//! Errors go to stderr, lowercase, naming the file and line.

mod ask;
mod chat;
mod check;
mod curate;
mod report;

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use jawab::config::{self, BotSettings, Env};
use jawab::engine::Engine;
use jawab::knowledge::Source;
use jawab::matcher::{MatcherConfig, Stemmer};

/// Answers Arabic questions about Assad's visit to Moscow from a curated knowledge base.
///
/// Settings come from flags, else from the environment or `.env` (an empty
/// variable means its default).
#[derive(Debug, Parser)]
#[command(name = "jawab", version, about)]
pub(crate) struct Args {
    /// The knowledge base: a .toml file or a directory of them [env: JAWAB_KNOWLEDGE] [default: knowledge, if that folder is here, else the built-in knowledge]
    #[arg(long, global = true, value_name = "PATH")]
    knowledge: Option<PathBuf>,
    /// Answer directly at or above this confidence (0–1) [env: JAWAB_ANSWER_THRESHOLD] [default: 0.5]
    #[arg(long, global = true, value_name = "CONFIDENCE")]
    answer_threshold: Option<f32>,
    /// Offer "did you mean" suggestions at or above this confidence (0–1) [env: JAWAB_SUGGEST_THRESHOLD] [default: 0.3]
    #[arg(long, global = true, value_name = "CONFIDENCE")]
    suggest_threshold: Option<f32>,
    /// What to do; without a command, the Telegram bot if TELOXIDE_TOKEN is
    /// set, else the terminal chat.
    #[command(subcommand)]
    command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Answer a question given as arguments, or with --json one question per line of stdin.
    Ask {
        /// Write one JSON object per question.
        #[arg(long)]
        json: bool,
        /// The question (words are joined with spaces).
        question: Vec<String>,
    },
    /// Validate a knowledge base: its problems on stderr, a count of its warnings per kind.
    Check {
        /// The knowledge to check (default: --knowledge).
        path: Option<PathBuf>,
        /// List every warning, not only their counts.
        #[arg(long, short = 'v', alias = "verbose")]
        warnings: bool,
    },
    /// Read question1<TAB>question2 lines on stdin; print their similarity (0–1).
    Compare,
    /// Chat with the engine in the terminal.
    Chat,
    /// Run the Telegram bot (needs TELOXIDE_TOKEN; see the README).
    Bot,
    /// Set, delete or show the bot's webhook (JAWAB_WEBHOOK_URL, JAWAB_WEBHOOK_SECRET), for a deploy step.
    Webhook {
        /// What to do.
        #[arg(value_enum)]
        action: WebhookArg,
    },
    /// Print the question log's figures (those of /stats and /unanswered), for cron jobs and dashboards.
    Report {
        /// Count decisions, top entries and unanswered questions over the last N days only
        /// (default: decisions and top entries over all rows, unanswered over 7 days).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=36_500))]
        days: Option<u32>,
        /// Print one JSON object (its shape is in the README).
        #[arg(long)]
        json: bool,
        /// The question log's database [env: JAWAB_DB] [default: data/jawab.sqlite3]
        #[arg(long, value_name = "PATH")]
        db: Option<PathBuf>,
    },
    /// Show how the engine reads a question and which entries it ranks closest, with their confidence.
    Explain {
        /// The question (words are joined with spaces).
        #[arg(required = true)]
        question: Vec<String>,
    },
    /// List the curators' inbox: recent questions that were not answered, voted 👎, or answered
    /// through a chosen suggestion, with the closest entries.
    Inbox {
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// The question log's database [env: JAWAB_DB] [default: data/jawab.sqlite3]
        #[arg(long, value_name = "PATH")]
        db: Option<PathBuf>,
    },
    /// Add a phrasing to an entry (or outside group) in its knowledge file, keeping the file's
    /// comments and formatting; nothing is written unless the whole knowledge stays valid.
    AddPhrasing {
        /// The entry's or outside group's id.
        id: String,
        /// The new phrasing (words are joined with spaces).
        #[arg(required = true)]
        question: Vec<String>,
    },
    /// Run labelled question files and print accuracy, rejection rate (per group) and every miss.
    Eval {
        /// Lines of question<TAB>expected-id (or - for "must not answer"), optionally <TAB>group;
        /// a line without a group counts under its file's name when several files are given.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print the figures only, not the misses (for sets that must stay unseen).
        #[arg(long)]
        summary: bool,
        /// The stemmer to index with.
        #[arg(long, value_enum, default_value_t = StemmerArg::Light)]
        stemmer: StemmerArg,
    },
}

/// `--stemmer` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum StemmerArg {
    /// Jawab's light stemmer.
    Light,
    /// rust-stemmers' Snowball Arabic.
    Snowball,
}

/// `webhook` actions.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum WebhookArg {
    /// Tell Telegram to post updates to JAWAB_WEBHOOK_URL with JAWAB_WEBHOOK_SECRET.
    Set,
    /// Remove the webhook (long polling works again).
    Delete,
    /// Show the webhook Telegram has.
    Info,
}

/// How a command ended; `main` decides the exit code of each, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// Answered, or no problems found.
    Ok,
    /// Not answered, or problems found.
    No,
    /// An error that did not stop the command (a bad input line).
    Error,
}

impl Args {
    /// Whether these arguments run the bot (which logs at info).
    pub(crate) fn runs_bot(&self, env: &Env) -> bool {
        matches!(self.command, Some(Command::Bot)) || (self.command.is_none() && config::token_configured(env))
    }
}

/// Runs the parsed command line (without a subcommand: the bot when
/// `TELOXIDE_TOKEN` is set, otherwise the chat).
pub(crate) fn run(args: Args, env: &Env) -> Result<Status> {
    let config = config::matcher(env, args.answer_threshold, args.suggest_threshold)?;
    let knowledge = config::knowledge(env, args.knowledge);
    let engine = |config: MatcherConfig| Engine::open(&knowledge, config);
    match args.command {
        Some(Command::Check { path, warnings }) => {
            let source = path.map_or_else(|| knowledge.clone(), Source::Files);
            check::run(&source, config, warnings)
        }
        Some(Command::Ask { json, question }) => ask::run(&engine(config)?, json, &question),
        Some(Command::Compare) => chat::compare(&engine(config)?),
        Some(Command::Eval { files, summary, stemmer }) => {
            let stemmer = match stemmer {
                StemmerArg::Light => Stemmer::Light,
                StemmerArg::Snowball => Stemmer::Snowball,
            };
            eval(&engine(MatcherConfig { stemmer, ..config })?, &files, summary)
        }
        Some(Command::Explain { question }) => curate::explain(&engine(config)?, &question),
        Some(Command::Inbox { json, db }) => curate::inbox(&engine(config)?, &config::db(env, db), json),
        Some(Command::AddPhrasing { id, question }) => {
            let Some(files) = knowledge.path() else {
                anyhow::bail!("add-phrasing: the built-in knowledge is in use; give --knowledge or JAWAB_KNOWLEDGE");
            };
            curate::add_phrasing(&engine(config)?, files, &id, &question)
        }
        Some(Command::Report { days, json, db }) => report::run(&config::db(env, db), days, json, &knowledge),
        Some(Command::Bot) => bot(env, &knowledge, config),
        Some(Command::Webhook { action }) => {
            let action = match action {
                WebhookArg::Set => jawab::bot::WebhookAction::Set,
                WebhookArg::Delete => jawab::bot::WebhookAction::Delete,
                WebhookArg::Info => jawab::bot::WebhookAction::Info,
            };
            println!("{}", jawab::bot::webhook(&BotSettings::from_env(env)?, action)?);
            Ok(Status::Ok)
        }
        None if config::token_configured(env) => bot(env, &knowledge, config),
        Some(Command::Chat) | None => chat::run(&engine(config)?),
    }
}

/// `jawab eval`: the accuracy report of labelled sets, per group (a line's
/// own, else its file's name when there are several files).
fn eval(engine: &Engine, files: &[PathBuf], summary: bool) -> Result<Status> {
    use std::io::Write;
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        let mut parsed = jawab::eval::parse(&text, &file.display().to_string()).map_err(anyhow::Error::msg)?;
        if files.len() > 1 {
            let name = file.file_stem().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            parsed.iter_mut().filter(|c| c.group.is_none()).for_each(|c| c.group = Some(name.clone()));
        }
        cases.extend(parsed);
    }
    let report = jawab::eval::run(engine, &cases);
    let text = if summary { report.summary() } else { report.render() };
    write!(std::io::stdout().lock(), "{text}")?;
    Ok(Status::Ok)
}

/// The bot, once its settings are checked (before the knowledge is loaded).
fn bot(env: &Env, knowledge: &Source, config: MatcherConfig) -> Result<Status> {
    jawab::bot::run(BotSettings::from_env(env)?, knowledge, config)?;
    Ok(Status::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The help names every variable a flag stands for, as `config` spells it.
    #[test]
    fn help_names_the_variables_behind_the_flags() {
        let mut cmd = Args::command();
        let help = cmd.render_long_help().to_string();
        for var in [config::KNOWLEDGE_VAR, config::ANSWER_THRESHOLD_VAR, config::SUGGEST_THRESHOLD_VAR] {
            assert!(help.contains(&format!("[env: {var}]")), "{var} missing from:\n{help}");
        }
        assert!(help.contains(&format!("[default: {}, if that folder is here", config::DEFAULT_KNOWLEDGE)), "{help}");
        let report = cmd.find_subcommand_mut("report").unwrap().render_long_help().to_string();
        assert!(report.contains(&format!("[env: {}]", config::DB_VAR)), "{report}");
        assert!(report.contains(&format!("[default: {}]", config::DEFAULT_DB)), "{report}");
        let defaults = MatcherConfig::default();
        assert!(help.contains(&format!("[default: {}]", defaults.answer_threshold)), "{help}");
        assert!(help.contains(&format!("[default: {}]", defaults.suggest_threshold)), "{help}");
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Args::command().debug_assert();
    }
}
