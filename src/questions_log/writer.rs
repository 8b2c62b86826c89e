//! The writer thread: takes records off the queue, writes them in batches,
//! deletes old rows daily, and survives a database it cannot use.

use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode};

use super::store::{self, Row};
use super::{Counters, DAY, LogError, Message, Options, Record};
use crate::language::normalize;

/// The writer logs trouble at most this often (the first time at once), so
/// a broken database costs one log line per period, not one per question.
const COMPLAIN_EVERY: Duration = Duration::from_secs(600);

pub(super) fn run(path: &Path, options: &Options, queue: &Receiver<Message>, counters: &Counters) {
    let mut w = Writer { path, options, counters, conn: None, last_open: None, trouble: Trouble::default() };
    let mut next_retention = Instant::now();
    loop {
        w.ensure_open();
        if w.conn.is_some() && Instant::now() >= next_retention {
            w.retain();
            next_retention = Instant::now() + options.retention_every;
        }
        // Sleep until a record comes, the daily retention is due, or it is
        // time to try the database again.
        let wake = match (&w.conn, w.last_open) {
            (Some(_), _) => next_retention,
            (None, Some(t)) => t + options.retry_every,
            (None, None) => Instant::now(),
        };
        let first = match queue.recv_timeout(wake.saturating_duration_since(Instant::now())) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let mut rows = Vec::new();
        let mut signals = Vec::new();
        let mut flushes = Vec::new();
        let mut take = |m: Message| match m {
            Message::Record(r) => rows.push(row(r)),
            Message::Signal(s) => signals.push(s),
            Message::Flush(done) => flushes.push(done),
        };
        take(first);
        // Whatever else is already waiting goes into the same transaction.
        for _ in 1..options.batch.max(1) {
            match queue.try_recv() {
                Ok(m) => take(m),
                Err(_) => break,
            }
        }
        if !rows.is_empty() || !signals.is_empty() {
            w.write(&rows, &signals);
        }
        for done in flushes {
            let _ = done.send(());
        }
    }
    log::debug!("question log {}: writer stopped", path.display());
}

fn row(r: Record) -> Row {
    Row {
        asked_at: r.at,
        chat_type: r.chat_type,
        question: normalize(&r.question),
        outcome: r.outcome,
        entry_id: r.entry_id,
        score: r.score,
        delivered: r.delivered,
        reply_key: r.reply_key,
    }
}

struct Writer<'a> {
    path: &'a Path,
    options: &'a Options,
    counters: &'a Counters,
    conn: Option<Connection>,
    last_open: Option<Instant>,
    trouble: Trouble,
}

impl Writer<'_> {
    /// Opens the database if it is not open and the last try is long enough ago.
    fn ensure_open(&mut self) {
        if self.conn.is_some() || self.last_open.is_some_and(|t| t.elapsed() < self.options.retry_every) {
            return;
        }
        self.last_open = Some(Instant::now());
        match store::open_for_writing(self.path) {
            Ok(conn) => {
                if self.trouble.recover() {
                    log::info!("question log {}: usable again, recording questions", self.path.display());
                } else {
                    log::info!("question log {}: recording questions", self.path.display());
                }
                self.conn = Some(conn);
                self.counters.open.store(true, Ordering::Relaxed);
            }
            Err(e) => self.complain(&e),
        }
    }

    fn write(&mut self, rows: &[Row], signals: &[super::Signal]) {
        let n = rows.len() as u64;
        let Some(conn) = &mut self.conn else {
            // Already reported when opening failed.
            self.counters.unwritten.fetch_add(n, Ordering::Relaxed);
            return;
        };
        match store::insert(conn, rows, signals) {
            Ok(()) => {
                self.counters.written.fetch_add(n, Ordering::Relaxed);
            }
            Err(cause) => {
                self.counters.unwritten.fetch_add(n, Ordering::Relaxed);
                // Busy or locked: another process holds it; try again with the
                // next batch. Anything else (read-only, corrupt, disk full,
                // file gone): reopen later.
                if !is_busy(&cause) {
                    self.conn = None;
                    self.counters.open.store(false, Ordering::Relaxed);
                }
                self.complain(&LogError::Sqlite { path: self.path.to_path_buf(), cause });
            }
        }
    }

    fn retain(&mut self) {
        let Some(conn) = &self.conn else { return };
        let cutoff = super::now() - i64::from(self.options.retention_days) * DAY;
        match store::delete_before(conn, cutoff) {
            Ok(0) => {}
            Ok(n) => log::info!(
                "question log {}: deleted {n} question(s) older than {} days",
                self.path.display(),
                self.options.retention_days
            ),
            Err(cause) => {
                if !is_busy(&cause) {
                    self.conn = None;
                }
                self.complain(&LogError::Sqlite { path: self.path.to_path_buf(), cause });
            }
        }
    }

    fn complain(&mut self, e: &LogError) {
        if let Some(skipped) = self.trouble.due() {
            let lost = self.counters.unwritten.load(Ordering::Relaxed);
            let since =
                if skipped > 0 { format!(" ({skipped} more failure(s) since the last report)") } else { String::new() };
            log::error!(
                "{e}{since}; the bot keeps answering, {lost} question(s) not recorded since start; will retry every {}s",
                self.options.retry_every.as_secs()
            );
        } else {
            self.trouble.suppressed += 1;
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
}

/// Rate limiting for error reports.
#[derive(Default)]
struct Trouble {
    last_report: Option<Instant>,
    suppressed: u64,
}

impl Trouble {
    /// `Some(failures skipped since the last report)` when a report is due.
    fn due(&mut self) -> Option<u64> {
        if self.last_report.is_some_and(|t| t.elapsed() < COMPLAIN_EVERY) {
            return None;
        }
        self.last_report = Some(Instant::now());
        Some(std::mem::take(&mut self.suppressed))
    }

    /// Forgets past trouble; returns whether there was any.
    fn recover(&mut self) -> bool {
        let had = self.last_report.is_some();
        *self = Trouble::default();
        had
    }
}
