//! Reading the log: the figures of `/stats`, `/unanswered` and `jawab report`.
//!
//! "Today" is the current UTC day; "the last N days" are the N × 24 hours
//! before now.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;

use super::{DAY, LogError, Outcome, store};
use crate::knowledge::Knowledge;

/// How many days `/unanswered` looks back.
pub const UNANSWERED_DAYS: u32 = 7;
/// How many questions `/unanswered` lists.
pub const UNANSWERED_LIMIT: usize = 10;
/// How many entries `/stats` lists as the most asked.
pub const TOP_ENTRIES: usize = 5;
/// The version of the `report --json` shape; it changes only if a field
/// is removed or changes meaning (new fields may be added).
pub const REPORT_FORMAT: u32 = 1;

/// How many questions were asked when.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Since 00:00 UTC today.
    pub today: u64,
    /// In the last 7 × 24 hours.
    pub last_7_days: u64,
    /// All rows kept.
    pub all: u64,
}

/// Shares of the decisions, each in [0, 1] (rounded to 3 decimals; 0 when
/// there were no questions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Shares {
    /// Answered.
    pub answered: f64,
    /// Suggestions only.
    pub suggested: f64,
    /// Not answered.
    pub none: f64,
}

/// The decisions taken on the questions of a window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Decisions {
    /// Questions in the window.
    pub questions: u64,
    /// Answered.
    pub answered: u64,
    /// Suggestions only.
    pub suggested: u64,
    /// Not answered.
    pub none: u64,
    /// The same as shares.
    pub shares: Shares,
    /// Questions whose reply could not be delivered (any decision).
    pub undelivered: u64,
}

/// One of the most asked entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopEntry {
    /// The entry's id.
    pub id: String,
    /// Its first question in the live knowledge (`None` if the knowledge
    /// was not given or no longer has the entry).
    pub question: Option<String>,
    /// How often it was answered.
    pub count: u64,
}

/// What `/stats` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Questions today, in 7 days and in all.
    pub questions: Counts,
    /// The window of `decisions` and `top_entries` in days; `None`: all rows.
    pub window_days: Option<u32>,
    /// The decisions in the window.
    pub decisions: Decisions,
    /// The most answered entries in the window, most first (ties by id).
    pub top_entries: Vec<TopEntry>,
    /// The 👍 / 👎 counts per entry in the window, by id.
    pub votes: Vec<super::Votes>,
}

impl Stats {
    /// Fills in each top entry's first question from `kb`.
    pub fn with_titles(mut self, kb: &Knowledge) -> Stats {
        for t in &mut self.top_entries {
            t.question = kb.entry(&t.id).and_then(|e| e.questions.first().cloned());
        }
        self
    }
}

/// A question that was not answered (suggestions or nothing), grouped by
/// its normalised text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unanswered {
    /// The normalised text.
    pub question: String,
    /// How often it was asked.
    pub count: u64,
    /// How often of those it got suggestions.
    pub suggested: u64,
    /// How often it got nothing.
    pub none: u64,
}

/// `jawab report`: [`Stats`] and the unanswered questions, the
/// `--json` object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// [`REPORT_FORMAT`].
    pub format: u32,
    /// When the report was made, unix seconds.
    pub generated_at: i64,
    /// The figures of `/stats`.
    #[serde(flatten)]
    pub stats: Stats,
    /// The window of `unanswered`, in days.
    pub unanswered_days: u32,
    /// The most frequent unanswered or suggested-only questions, most first.
    pub unanswered: Vec<Unanswered>,
}

/// One stored row, as it is in the database.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Unix seconds.
    pub asked_at: i64,
    /// "private", "group" or "supergroup".
    pub chat_type: String,
    /// The normalised question.
    pub question: String,
    /// The decision.
    pub outcome: Outcome,
    /// The entry.
    pub entry_id: Option<String>,
    /// The score.
    pub score: f64,
    /// Whether the reply reached Telegram.
    pub delivered: bool,
}

/// A read-only view of the log.
#[derive(Debug)]
pub struct Reader {
    pub(super) conn: Connection,
    path: PathBuf,
}

fn share(part: u64, of: u64) -> f64 {
    if of == 0 { 0.0 } else { (part as f64 / of as f64 * 1000.0).round() / 1000.0 }
}

impl Reader {
    /// Opens the log at `path`; an error if it does not exist or is not a
    /// question log this jawab can read.
    pub fn open(path: impl AsRef<Path>) -> Result<Reader, LogError> {
        let path = path.as_ref();
        Ok(Reader { conn: store::open_for_reading(path)?, path: path.to_path_buf() })
    }

    pub(super) fn err(&self) -> impl Fn(rusqlite::Error) -> LogError + '_ {
        |cause| LogError::Sqlite { path: self.path.clone(), cause }
    }

    /// The figures of `/stats` at time `now`; `days` limits the decisions
    /// and top entries to the last `days` days (`None`: all rows).
    pub fn stats(&self, now: i64, days: Option<u32>) -> Result<Stats, LogError> {
        let today = now - now.rem_euclid(DAY);
        let week = now - 7 * DAY;
        let since = days.map_or(i64::MIN, |d| now - i64::from(d) * DAY);
        let (today, last_7_days, all) = self
            .conn
            .query_row(
                "SELECT COUNT(*) FILTER (WHERE asked_at >= ?1), COUNT(*) FILTER (WHERE asked_at > ?2), COUNT(*)
                 FROM questions",
                [today, week],
                |r| Ok((r.get::<_, u64>(0)?, r.get::<_, u64>(1)?, r.get::<_, u64>(2)?)),
            )
            .map_err(self.err())?;
        let mut decisions = Decisions::default();
        let mut stmt = self
            .conn
            .prepare("SELECT decision, COUNT(*) FROM questions WHERE asked_at > ?1 GROUP BY decision")
            .map_err(self.err())?;
        let rows =
            stmt.query_map([since], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?))).map_err(self.err())?;
        for row in rows {
            let (decision, n) = row.map_err(self.err())?;
            match Outcome::parse(&decision) {
                Some(Outcome::Answered) => decisions.answered += n,
                Some(Outcome::Suggested) => decisions.suggested += n,
                Some(Outcome::None) => decisions.none += n,
                None => {}
            }
            decisions.questions += n;
        }
        decisions.undelivered = self
            .conn
            .query_row("SELECT COUNT(*) FROM questions WHERE delivered = 0 AND asked_at > ?1", [since], |r| r.get(0))
            .map_err(self.err())?;
        let q = decisions.questions;
        decisions.shares = Shares {
            answered: share(decisions.answered, q),
            suggested: share(decisions.suggested, q),
            none: share(decisions.none, q),
        };
        let mut stmt = self
            .conn
            .prepare(
                "SELECT entry_id, COUNT(*) AS n FROM questions
                 WHERE decision = 'answered' AND entry_id IS NOT NULL AND asked_at > ?1
                 GROUP BY entry_id ORDER BY n DESC, entry_id LIMIT ?2",
            )
            .map_err(self.err())?;
        let top_entries = stmt
            .query_map(rusqlite::params![since, TOP_ENTRIES as i64], |r| {
                Ok(TopEntry { id: r.get(0)?, question: None, count: r.get(1)? })
            })
            .map_err(self.err())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.err())?;
        let votes = self.votes(since)?;
        Ok(Stats { questions: Counts { today, last_7_days, all }, window_days: days, decisions, top_entries, votes })
    }

    /// The `limit` most frequent unanswered or suggested-only questions of
    /// the last `days` days, grouped by normalised text, most first (ties
    /// in text order).
    pub fn unanswered(&self, now: i64, days: u32, limit: usize) -> Result<Vec<Unanswered>, LogError> {
        let since = now - i64::from(days) * DAY;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT question, COUNT(*) AS n, SUM(decision = 'suggested'), SUM(decision = 'none')
                 FROM questions WHERE decision IN ('suggested', 'none') AND asked_at > ?1
                 GROUP BY question ORDER BY n DESC, question LIMIT ?2",
            )
            .map_err(self.err())?;
        stmt.query_map(rusqlite::params![since, limit as i64], |r| {
            Ok(Unanswered { question: r.get(0)?, count: r.get(1)?, suggested: r.get(2)?, none: r.get(3)? })
        })
        .map_err(self.err())?
        .collect::<Result<Vec<_>, _>>()
        .map_err(self.err())
    }

    /// Everything `jawab report` prints.
    pub fn report(&self, now: i64, days: Option<u32>) -> Result<Report, LogError> {
        let unanswered_days = days.unwrap_or(UNANSWERED_DAYS);
        Ok(Report {
            format: REPORT_FORMAT,
            generated_at: now,
            stats: self.stats(now, days)?,
            unanswered_days,
            unanswered: self.unanswered(now, unanswered_days, UNANSWERED_LIMIT)?,
        })
    }

    /// Every row, oldest first (for tests and exports).
    pub fn rows(&self) -> Result<Vec<Row>, LogError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT asked_at, chat_type, question, decision, entry_id, score, delivered FROM questions ORDER BY id",
            )
            .map_err(self.err())?;
        stmt.query_map([], |r| {
            let decision: String = r.get(3)?;
            let outcome = Outcome::parse(&decision).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, decision.into())
            })?;
            Ok(Row {
                asked_at: r.get(0)?,
                chat_type: r.get(1)?,
                question: r.get(2)?,
                outcome,
                entry_id: r.get(4)?,
                score: r.get(5)?,
                delivered: r.get(6)?,
            })
        })
        .map_err(self.err())?
        .collect::<Result<Vec<_>, _>>()
        .map_err(self.err())
    }
}
