//! `jawab`: the command line and, with `TELOXIDE_TOKEN` set, the bot.
//!
//! Exit codes follow ripgrep and are decided here, once: 0 answered (or no
//! problems), 1 not answered (or problems found), 2 an error.

#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

use clap::Parser;
use cli::Status;
use jawab::config::{self, Env};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        // A reader that stopped early (`jawab chat | head`) is not an error.
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) => {
            exit_code(Status::Ok)
        }
        Err(e) => {
            eprintln!("jawab: {e:#}");
            exit_code(Status::Error)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    // A missing .env is normal; a broken one is worth an error.
    if let Err(e) = dotenvy::dotenv()
        && !e.not_found()
    {
        anyhow::bail!("cannot read .env: {e}");
    }
    let args = cli::Args::parse();
    let env = Env::process();
    // The bot reports each question at info; the command line only warns.
    let filter = config::log_filter(&env, args.runs_bot(&env))?;
    jawab::logging::init(&filter);
    Ok(exit_code(cli::run(args, &env)?))
}

/// The exit code of a command's outcome.
fn exit_code(status: Status) -> ExitCode {
    match status {
        Status::Ok => ExitCode::SUCCESS,
        Status::No => ExitCode::from(1),
        Status::Error => ExitCode::from(2),
    }
}
