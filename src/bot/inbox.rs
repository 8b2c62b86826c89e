//! Updates kept on disk from the moment they are fetched until they are
//! handled, so that a crash loses no question.
//!
//! Telegram forgets an update once the next poll's offset confirms it, and
//! the bot confirms a batch as soon as it has fetched it. Each batch is
//! therefore written here first, in one transaction; an update is marked
//! done once handled (its reply delivered, or given up on). At start, the
//! updates still pending and fetched less than [`REPLAY_WITHIN`] ago are
//! handled first; older ones are given up. An update fetched again (the
//! bot stopped between writing a batch and confirming it) is not handled
//! twice.
//!
//! The file holds whole updates — names, ids, texts — so it is apart from
//! the question log (`<log>-inbox.sqlite3`, beside it); an update's body is
//! erased as soon as it is done, and its id, kept to know it if it comes
//! again, a day later.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, params};
use teloxide::types::Update;

/// How old a pending update may be and still be answered after a restart.
pub(crate) const REPLAY_WITHIN: Duration = Duration::from_secs(5 * 60);

/// How long a done update's id is kept, to know it if it comes again:
/// as long as Telegram keeps an update that was not confirmed.
const KEEP_DONE: Duration = Duration::from_secs(24 * 60 * 60);

/// The pending updates, on disk.
pub(crate) struct Inbox {
    path: PathBuf,
    conn: Mutex<Connection>,
    /// When done ids were last deleted, unix seconds.
    pruned_at: std::sync::atomic::AtomicI64,
}

impl std::fmt::Debug for Inbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inbox").field("path", &self.path).finish()
    }
}

/// The inbox file of the question log at `log`: `data/jawab.sqlite3` →
/// `data/jawab-inbox.sqlite3`.
pub(crate) fn path_beside(log: &Path) -> PathBuf {
    let stem = log.file_stem().map_or_else(|| "jawab".into(), |s| s.to_string_lossy().into_owned());
    log.with_file_name(format!("{stem}-inbox.sqlite3"))
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

impl Inbox {
    /// Opens (creating it and its directory if needed) the inbox at `path`.
    pub(crate) fn open(path: &Path) -> rusqlite::Result<Inbox> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // A directory that cannot be made fails the open below, with its path.
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(1))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             CREATE TABLE IF NOT EXISTS updates (
                 id INTEGER PRIMARY KEY,
                 fetched_at INTEGER NOT NULL,
                 done_at INTEGER,
                 body TEXT NOT NULL
             );",
        )?;
        Ok(Inbox { path: path.to_path_buf(), conn: Mutex::new(conn), pruned_at: Default::default() })
    }

    /// Where it is.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Writes a fetched batch, in one transaction; returns, for each update,
    /// whether it is new (one already here is pending or done already).
    pub(crate) fn keep(&self, updates: &[Update]) -> rusqlite::Result<Vec<bool>> {
        let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let tx = conn.transaction()?;
        let mut new = Vec::with_capacity(updates.len());
        {
            let mut insert =
                tx.prepare_cached("INSERT OR IGNORE INTO updates (id, fetched_at, body) VALUES (?1, ?2, ?3)")?;
            let at = now();
            for update in updates {
                let body = serde_json::to_string(update).unwrap_or_default();
                new.push(insert.execute(params![update.id.0, at, body])? > 0);
            }
        }
        tx.commit()?;
        // At most once a minute: the ids done longer ago than KEEP_DONE.
        let at = now();
        if at - self.pruned_at.load(std::sync::atomic::Ordering::Relaxed) >= 60 {
            self.pruned_at.store(at, std::sync::atomic::Ordering::Relaxed);
            if let Err(e) = prune(&conn, at) {
                log::warn!("inbox {}: cannot delete old ids: {e}", self.path.display());
            }
        }
        Ok(new)
    }

    /// Marks update `id` handled.
    pub(crate) fn done(&self, id: u32) -> rusqlite::Result<()> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        // The body goes at once: what a user wrote stays no longer than needed.
        conn.prepare_cached("UPDATE updates SET done_at = ?2, body = '' WHERE id = ?1")?.execute(params![id, now()])?;
        Ok(())
    }

    /// At start: the pending updates fetched within [`REPLAY_WITHIN`], in
    /// order, and how many older ones were given up; done rows past
    /// [`KEEP_DONE`] are deleted.
    pub(crate) fn replay(&self) -> rusqlite::Result<(Vec<Update>, usize)> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let now = now();
        let given_up = conn.execute(
            "UPDATE updates SET done_at = ?1, body = '' WHERE done_at IS NULL AND fetched_at < ?2",
            params![now, now - REPLAY_WITHIN.as_secs() as i64],
        )?;
        prune(&conn, now)?;
        let mut select = conn.prepare("SELECT body FROM updates WHERE done_at IS NULL ORDER BY id")?;
        let bodies: Vec<String> = select.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?;
        // A body that no longer reads (written by another version) is given up.
        let updates = bodies.iter().filter_map(|b| serde_json::from_str(b).ok()).collect();
        Ok((updates, given_up))
    }

    /// How many updates are waiting to be handled.
    #[cfg(test)]
    pub(crate) fn pending(&self) -> rusqlite::Result<u64> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        conn.query_row("SELECT COUNT(*) FROM updates WHERE done_at IS NULL", [], |row| row.get(0))
    }
}

/// Deletes the ids done longer than [`KEEP_DONE`] before `now`.
fn prune(conn: &Connection, now: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM updates WHERE done_at < ?1", params![now - KEEP_DONE.as_secs() as i64])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(id: u32, text: &str) -> Update {
        let json = format!(
            r#"{{"update_id":{id},"message":{{"message_id":{id},"date":1700000000,"chat":{{"id":7,"type":"private","first_name":"S"}},"from":{{"id":7,"is_bot":false,"first_name":"S"}},"text":"{text}"}}}}"#
        );
        serde_json::from_str(&json).unwrap()
    }

    fn ids(updates: &[Update]) -> Vec<u32> {
        updates.iter().map(|u| u.id.0).collect()
    }

    #[test]
    fn a_batch_is_kept_until_done_and_replayed_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_beside(&dir.path().join("data/jawab.sqlite3"));
        assert_eq!(path, dir.path().join("data/jawab-inbox.sqlite3"));
        let inbox = Inbox::open(&path).unwrap();
        assert_eq!(inbox.keep(&[update(1, "a"), update(2, "b"), update(3, "c")]).unwrap(), [true; 3]);
        inbox.done(2).unwrap();
        // Fetched again (not confirmed before a crash): nothing new to handle.
        assert_eq!(inbox.keep(&[update(2, "b"), update(3, "c"), update(4, "d")]).unwrap(), [false, false, true]);
        assert_eq!(inbox.pending().unwrap(), 3);
        let body: String =
            inbox.conn.lock().unwrap().query_row("SELECT body FROM updates WHERE id = 2", [], |r| r.get(0)).unwrap();
        assert_eq!(body, "", "a done update keeps its id only");
        drop(inbox);

        let inbox = Inbox::open(&path).unwrap();
        let (again, given_up) = inbox.replay().unwrap();
        assert_eq!(ids(&again), [1, 3, 4]);
        assert_eq!(given_up, 0);
        let text = |u: &Update| match &u.kind {
            teloxide::types::UpdateKind::Message(m) => m.text().unwrap_or_default().to_string(),
            _ => String::new(),
        };
        assert_eq!(text(&again[1]), "c", "the update reads back whole");
    }

    #[test]
    fn an_old_pending_update_is_given_up_at_start() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = Inbox::open(&dir.path().join("inbox.sqlite3")).unwrap();
        inbox.keep(&[update(1, "old"), update(2, "new")]).unwrap();
        let old = now() - REPLAY_WITHIN.as_secs() as i64 - 1;
        inbox.conn.lock().unwrap().execute("UPDATE updates SET fetched_at = ?1 WHERE id = 1", [old]).unwrap();
        let (again, given_up) = inbox.replay().unwrap();
        assert_eq!((ids(&again), given_up), (vec![2], 1));
        let body: String =
            inbox.conn.lock().unwrap().query_row("SELECT body FROM updates WHERE id = 1", [], |r| r.get(0)).unwrap();
        assert_eq!(body, "", "a given-up update keeps its id only");
        assert_eq!(inbox.pending().unwrap(), 1);
    }
}
