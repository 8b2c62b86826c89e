//! The question log: what the bot was asked and what it decided, in an
//! embedded SQLite database, so curators see where the knowledge falls short
//! (`/stats`, `/unanswered`, `jawab report`).
//!
//! Each row holds the time (unix seconds, UTC), the chat type, the
//! normalised question, the decision (answered / suggested / none), the
//! entry and the score. Never a user id, a name or a chat id: a [`Record`]
//! has no field that could carry one.
//!
//! Recording never slows an answer: [`QuestionLog::record`] only puts the
//! record on a bounded queue (it never waits); a background thread
//! normalises the text and writes batches in one transaction each. When the
//! queue is full the record is dropped and counted. When the database is
//! missing, locked, read-only or corrupt, the writer logs it (not once per
//! question), counts what it could not write, and tries to open it again
//! later; the bot answers as before.
//!
//! ```
//! use jawab::questions_log::{Options, Outcome, QuestionLog, Reader, Record};
//! # let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("data/jawab.sqlite3");
//! let log = QuestionLog::open(&path, Options::default());
//! log.record(Record {
//!     at: jawab::questions_log::now(),
//!     chat_type: "private",
//!     question: "كم استغرقت المحادثات؟".to_string(),
//!     outcome: Outcome::Answered,
//!     entry_id: Some("talks-duration".to_string()),
//!     score: 0.98,
//!     delivered: true,
//!     reply_key: None,
//! });
//! assert!(log.flush(std::time::Duration::from_secs(5)));
//! let rows = Reader::open(&path).unwrap().rows().unwrap();
//! assert_eq!(rows[0].question, "كم استغرقت المحادثات");
//! ```

mod curation;
mod stats;
mod store;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub use curation::{Action, Change, Desk, INBOX_DAYS, Item, LATER_DAYS, Votes, item_key};
pub use stats::{
    Counts, Decisions, REPORT_FORMAT, Reader, Report, Row, Shares, Stats, TOP_ENTRIES, TopEntry, UNANSWERED_DAYS,
    UNANSWERED_LIMIT, Unanswered,
};
pub use store::SCHEMA_VERSION;

/// Seconds in a day: "today" and the day windows are UTC days.
pub const DAY: i64 = 86_400;

/// The current time in unix seconds.
pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// What the bot did with a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Answered from the knowledge base.
    Answered,
    /// "Did you mean" suggestions only.
    Suggested,
    /// Not answered: the fallback, or the nudge for a greeting.
    None,
}

impl Outcome {
    /// The name stored in the database.
    ///
    /// ```
    /// assert_eq!(jawab::questions_log::Outcome::Suggested.as_str(), "suggested");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::Suggested => "suggested",
            Outcome::None => "none",
        }
    }

    /// The outcome stored as `name`.
    pub fn parse(name: &str) -> Option<Outcome> {
        match name {
            "answered" => Some(Outcome::Answered),
            "suggested" => Some(Outcome::Suggested),
            "none" => Some(Outcome::None),
            _ => None,
        }
    }
}

/// One question to record. The writer stores `question` normalised
/// ([`crate::language::normalize()`]), so the asking thread does no work for
/// it; the bot cuts it first, as the engine does ([`crate::engine::cut`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// When it was asked, unix seconds (UTC).
    pub at: i64,
    /// "private", "group" or "supergroup" — a fixed word, never an id.
    pub chat_type: &'static str,
    /// The question as the engine saw it (without the bot's @mention, cut
    /// to [`crate::engine::MAX_QUESTION_CHARS`]).
    pub question: String,
    /// What the bot did.
    pub outcome: Outcome,
    /// The answered entry or, for suggestions, the first one offered.
    pub entry_id: Option<String>,
    /// The decision's confidence, in [0, 1].
    pub score: f32,
    /// Whether the reply reached Telegram (false: every try failed).
    pub delivered: bool,
    /// The number the reply's buttons carry, so that a vote or a tapped
    /// suggestion finds this question ([`Signal`]); not an id of anyone.
    pub reply_key: Option<i64>,
}

/// What a user's tap said about a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SignalKind {
    /// 👍 on an answer.
    Up,
    /// 👎 on an answer: the question goes to the inbox, its entry doubtful.
    Down,
    /// A "did you mean" suggestion was tapped: the question goes to the
    /// inbox as a proposed phrasing of that entry.
    Chose,
}

impl SignalKind {
    /// The name stored in the database.
    ///
    /// ```
    /// assert_eq!(jawab::questions_log::SignalKind::Chose.as_str(), "chose");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SignalKind::Up => "up",
            SignalKind::Down => "down",
            SignalKind::Chose => "chose",
        }
    }
}

/// A tap on a reply's button, to record. Never who tapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    /// When, unix seconds.
    pub at: i64,
    /// What it said.
    pub kind: SignalKind,
    /// The [`Record::reply_key`] of the question it is about (`None`: a
    /// reply to a button, not to a typed question).
    pub reply_key: Option<i64>,
    /// The entry voted on, or the suggestion chosen.
    pub entry_id: String,
}

/// How the log behaves. `Default` is what the bot uses.
#[derive(Debug, Clone)]
pub struct Options {
    /// Rows older than this many days are deleted.
    pub retention_days: u32,
    /// How often the old rows are deleted (the first time: at start).
    pub retention_every: Duration,
    /// How many records may wait for the writer; more are dropped.
    pub capacity: usize,
    /// The most records written in one transaction.
    pub batch: usize,
    /// How long the writer waits before it tries an unusable database again.
    pub retry_every: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            retention_days: crate::config::DEFAULT_RETENTION_DAYS,
            retention_every: Duration::from_secs(DAY as u64),
            capacity: 4096,
            batch: 256,
            retry_every: Duration::from_secs(60),
        }
    }
}

/// Why the log cannot be used. Messages are lowercase and name the file.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// No database at that path.
    #[error("question log {} does not exist", .0.display())]
    Missing(PathBuf),
    /// Its directory could not be created.
    #[error("cannot create the question log's directory {}: {cause}", dir.display())]
    CreateDir {
        /// The directory.
        dir: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// SQLite refused: locked, read-only, corrupt, not a database…
    #[error("question log {}: {cause}", path.display())]
    Sqlite {
        /// The database.
        path: PathBuf,
        /// SQLite's error.
        cause: rusqlite::Error,
    },
    /// A database without the question log's schema.
    #[error("{} is not a jawab question log (schema version 0)", .0.display())]
    NotALog(PathBuf),
    /// Written by a newer jawab.
    #[error("question log {}: schema version {found} is newer than this jawab knows ({known})", path.display())]
    NewerSchema {
        /// The database.
        path: PathBuf,
        /// Its version.
        found: u32,
        /// This jawab's.
        known: u32,
    },
    /// The log is off (tests, tools).
    #[error("the question log is off")]
    Disabled,
}

/// Records lost since start, by cause.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Lost {
    /// Dropped because the queue was full.
    pub dropped: u64,
    /// Not written because the database could not be used.
    pub unwritten: u64,
    /// Not answered (nor written): their chat sent them faster than they
    /// could be answered. Counted by the bot, not by the log.
    pub flooded: u64,
}

#[derive(Debug, Default)]
struct Counters {
    dropped: AtomicU64,
    unwritten: AtomicU64,
    written: AtomicU64,
    /// The writer has the database open.
    open: std::sync::atomic::AtomicBool,
}

enum Message {
    Record(Record),
    Signal(Signal),
    /// Answered once everything queued before it has been handled.
    Flush(mpsc::Sender<()>),
}

/// The handle the bot records through; cheap to clone, `Send + Sync`.
/// The writer thread stops when the last handle is dropped, after writing
/// what is queued.
#[derive(Debug, Clone)]
pub struct QuestionLog {
    sender: Option<SyncSender<Message>>,
    counters: Arc<Counters>,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Message::Record(_) => f.write_str("Record"),
            Message::Signal(_) => f.write_str("Signal"),
            Message::Flush(_) => f.write_str("Flush"),
        }
    }
}

impl QuestionLog {
    /// Starts the writer for the database at `path` (created, with its
    /// directory, if missing). It never fails: an unusable database is
    /// logged by the writer, which keeps trying to open it.
    pub fn open(path: impl Into<PathBuf>, options: Options) -> QuestionLog {
        let path = path.into();
        let (sender, receiver) = mpsc::sync_channel(options.capacity.max(1));
        let counters = Arc::new(Counters::default());
        let spawned = std::thread::Builder::new().name("question-log".into()).spawn({
            let (path, counters) = (path.clone(), counters.clone());
            move || writer::run(&path, &options, &receiver, &counters)
        });
        if let Err(e) = spawned {
            log::error!(
                "question log {}: cannot start the writer thread: {e}; questions are not recorded",
                path.display()
            );
            return QuestionLog { sender: None, counters, path: Some(path) };
        }
        QuestionLog { sender: Some(sender), counters, path: Some(path) }
    }

    /// A log that records nothing and has no statistics (for tests and
    /// tools that do not need one).
    pub fn disabled() -> QuestionLog {
        QuestionLog { sender: None, counters: Arc::default(), path: None }
    }

    /// Queues a record for the writer, without ever waiting. If the queue
    /// is full the record is dropped and counted (logged at 1, 10, 100…
    /// drops, so a flood does not flood the log too).
    pub fn record(&self, record: Record) {
        self.queue(Message::Record(record));
    }

    /// Queues a button tap ([`Signal`]) the same way: never waits, dropped
    /// and counted when the queue is full.
    pub fn signal(&self, signal: Signal) {
        self.queue(Message::Signal(signal));
    }

    fn queue(&self, message: Message) {
        let Some(sender) = &self.sender else { return };
        match sender.try_send(message) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                let n = self.counters.dropped.fetch_add(1, Ordering::Relaxed) + 1;
                if is_power_of_ten(n) {
                    log::warn!("question log: queue full, {n} record(s) dropped since start");
                }
            }
            Err(TrySendError::Disconnected(_)) => {
                self.counters.unwritten.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Waits until everything queued so far has been handled by the writer
    /// (written, or counted as unwritten), at most `timeout`. Returns
    /// whether it was. For shutdown and tests.
    pub fn flush(&self, timeout: Duration) -> bool {
        let Some(sender) = &self.sender else { return true };
        let deadline = Instant::now() + timeout;
        let (done, wait) = mpsc::channel();
        let mut message = Message::Flush(done);
        loop {
            match sender.try_send(message) {
                Ok(()) => break,
                Err(TrySendError::Full(m)) if Instant::now() < deadline => {
                    message = m;
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(_) => return false,
            }
        }
        wait.recv_timeout(deadline.saturating_duration_since(Instant::now())).is_ok()
    }

    /// Records lost since start.
    pub fn lost(&self) -> Lost {
        Lost {
            dropped: self.counters.dropped.load(Ordering::Relaxed),
            unwritten: self.counters.unwritten.load(Ordering::Relaxed),
            flooded: 0,
        }
    }

    /// Whether the writer has the database open and writable (`false`
    /// also before it first opened it, or when the log is off).
    pub fn writable(&self) -> bool {
        self.sender.is_some() && self.counters.open.load(Ordering::Relaxed)
    }

    /// Records written since start.
    pub fn written(&self) -> u64 {
        self.counters.written.load(Ordering::Relaxed)
    }

    /// The database file, if the log is on.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Opens the database for reading (blocking: call it off the async
    /// workers).
    pub fn reader(&self) -> Result<Reader, LogError> {
        Reader::open(self.path.as_deref().ok_or(LogError::Disabled)?)
    }
}

fn is_power_of_ten(mut n: u64) -> bool {
    while n >= 10 && n.is_multiple_of(10) {
        n /= 10;
    }
    n == 1
}

#[cfg(test)]
pub(crate) mod tests;
