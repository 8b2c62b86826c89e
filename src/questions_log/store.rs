//! The database itself: opening it, the versioned schema, inserting a batch
//! of rows, and deleting old ones. Everything here is blocking; the bot
//! calls it from the writer thread or from `spawn_blocking`, never from an
//! async task.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, params};

use super::{LogError, Outcome, Signal};

/// The schema, one migration per version: migration `i` takes the database
/// from `PRAGMA user_version` `i` to `i + 1`. Only ever append: a database
/// written by an older jawab is brought up to date in order.
const MIGRATIONS: &[&str] = &[
    // 1: one row per question. `asked_at` is unix seconds (UTC); `question`
    // is the normalised text; `entry_id` is the answered entry or, for a
    // suggestion, the first one offered. No user id, name or chat id, ever.
    "CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        asked_at INTEGER NOT NULL,
        chat_type TEXT NOT NULL,
        question TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('answered', 'suggested', 'none')),
        entry_id TEXT,
        score REAL NOT NULL
    );
    CREATE INDEX questions_asked_at ON questions (asked_at);",
    // 2: whether the reply reached Telegram (0: every try failed). Rows of
    // version 1 were written before the reply was sent, and count as sent.
    "ALTER TABLE questions ADD COLUMN delivered INTEGER NOT NULL DEFAULT 1;",
    // 3: the curators' inbox. `reply_key` is the number the reply's buttons
    // carry (not an id of anyone), so a vote or a tapped suggestion finds its
    // question. `signals` are those taps: 'up' / 'down' on an answer, 'chose'
    // for a suggestion, never who tapped. `triage` is what curators did with
    // a question ('added', 'refused', or 'later' until `until`). `audit` is
    // every change curators made, with the file's bytes before and after, so
    // /undo can put it back.
    "ALTER TABLE questions ADD COLUMN reply_key INTEGER;
    CREATE INDEX questions_reply_key ON questions (reply_key);
    CREATE TABLE signals (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('up', 'down', 'chose')),
        reply_key INTEGER,
        entry_id TEXT NOT NULL
    );
    CREATE INDEX signals_at ON signals (at);
    CREATE TABLE triage (
        question TEXT PRIMARY KEY,
        action TEXT NOT NULL CHECK (action IN ('added', 'refused', 'later')),
        at INTEGER NOT NULL,
        until INTEGER
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        admin INTEGER NOT NULL,
        action TEXT NOT NULL,
        entry_id TEXT,
        phrasing TEXT,
        file TEXT,
        before BLOB,
        after BLOB,
        undone INTEGER NOT NULL DEFAULT 0
    );",
];

/// The schema version this jawab writes and reads.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// How long a statement waits for another connection's lock before it gives up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(1);

/// One row, ready to insert.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub asked_at: i64,
    pub chat_type: &'static str,
    pub question: String,
    pub outcome: Outcome,
    pub entry_id: Option<String>,
    pub score: f32,
    pub delivered: bool,
    pub reply_key: Option<i64>,
}

fn sqlite(path: &Path) -> impl Fn(rusqlite::Error) -> LogError + '_ {
    move |cause| LogError::Sqlite { path: path.to_path_buf(), cause }
}

/// Opens (creating it and its directory if needed) and migrates the
/// database at `path`, for the writer.
pub(crate) fn open_for_writing(path: &Path) -> Result<Connection, LogError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|cause| LogError::CreateDir { dir: dir.to_path_buf(), cause })?;
    }
    let mut conn = Connection::open(path).map_err(sqlite(path))?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite(path))?;
    // WAL: /stats and `jawab report` read while the writer writes, without
    // blocking each other. A log may lose its last batch on power loss, so
    // NORMAL syncing is enough. (A corrupt file fails here, on its first read.)
    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)).map_err(sqlite(path))?;
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(sqlite(path))?;
    migrate(&mut conn, path)?;
    Ok(conn)
}

/// Opens an existing database for reading (`/stats`, `jawab report`),
/// checking that it is a question log this jawab understands.
pub(crate) fn open_for_reading(path: &Path) -> Result<Connection, LogError> {
    if !path.is_file() {
        return Err(LogError::Missing(path.to_path_buf()));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(sqlite(path))?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite(path))?;
    match version(&conn).map_err(sqlite(path))? {
        0 => Err(LogError::NotALog(path.to_path_buf())),
        v if v > SCHEMA_VERSION => {
            Err(LogError::NewerSchema { path: path.to_path_buf(), found: v, known: SCHEMA_VERSION })
        }
        _ => Ok(conn),
    }
}

fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies the migrations the database has not had yet, each in its own
/// transaction with its version bump, so a crash leaves a whole version.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), LogError> {
    let found = version(conn).map_err(sqlite(path))?;
    if found > SCHEMA_VERSION {
        return Err(LogError::NewerSchema { path: path.to_path_buf(), found, known: SCHEMA_VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction().map_err(sqlite(path))?;
        tx.execute_batch(sql).map_err(sqlite(path))?;
        tx.pragma_update(None, "user_version", i + 1).map_err(sqlite(path))?;
        tx.commit().map_err(sqlite(path))?;
        log::info!("question log {}: schema version {}", path.display(), i + 1);
    }
    Ok(())
}

/// Inserts `rows` and `signals` in one transaction: one disk sync per
/// batch, not per row.
pub(crate) fn insert(conn: &mut Connection, rows: &[Row], signals: &[Signal]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO questions (asked_at, chat_type, question, decision, entry_id, score, delivered, reply_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for r in rows {
            let decision = r.outcome.as_str();
            stmt.execute(params![
                r.asked_at,
                r.chat_type,
                r.question,
                decision,
                r.entry_id,
                r.score,
                r.delivered,
                r.reply_key
            ])?;
        }
        let mut stmt =
            tx.prepare_cached("INSERT INTO signals (at, kind, reply_key, entry_id) VALUES (?1, ?2, ?3, ?4)")?;
        for s in signals {
            stmt.execute(params![s.at, s.kind.as_str(), s.reply_key, s.entry_id])?;
        }
    }
    tx.commit()
}

/// Deletes the rows asked, and the signals given, before `cutoff` (unix
/// seconds); returns how many questions.
pub(crate) fn delete_before(conn: &Connection, cutoff: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM signals WHERE at < ?1", [cutoff])?;
    conn.execute("DELETE FROM questions WHERE asked_at < ?1", [cutoff])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/log.sqlite3");
        let conn = open_for_writing(&path).unwrap();
        assert_eq!(version(&conn).unwrap(), SCHEMA_VERSION);
        drop(conn);
        // Opening again applies nothing and keeps the table.
        let conn = open_for_writing(&path).unwrap();
        let n: i64 = conn.query_row("SELECT COUNT(*) FROM questions", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0);
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        drop(conn);
        let err = open_for_writing(&path).unwrap_err().to_string();
        assert!(err.contains("newer") && err.contains(&path.display().to_string()), "{err}");
        let err = open_for_reading(&path).unwrap_err().to_string();
        assert!(err.contains("newer"), "{err}");
    }

    #[test]
    fn a_version_1_log_keeps_its_rows_and_counts_them_delivered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.sqlite3");
        let old = Connection::open(&path).unwrap();
        old.execute_batch(MIGRATIONS[0]).unwrap();
        old.execute(
            "INSERT INTO questions (asked_at, chat_type, question, decision, entry_id, score)
             VALUES (1, 'private', 'سؤال', 'none', NULL, 0.1)",
            [],
        )
        .unwrap();
        old.pragma_update(None, "user_version", 1).unwrap();
        drop(old);
        let conn = open_for_writing(&path).unwrap();
        assert_eq!(version(&conn).unwrap(), SCHEMA_VERSION);
        let delivered: bool = conn.query_row("SELECT delivered FROM questions", [], |r| r.get(0)).unwrap();
        assert!(delivered);
    }

    #[test]
    fn a_database_that_is_not_a_question_log_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.sqlite3");
        Connection::open(&path).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
        let err = open_for_reading(&path).unwrap_err();
        assert!(matches!(err, LogError::NotALog(_)), "{err}");
        assert!(matches!(open_for_reading(&dir.path().join("nope")), Err(LogError::Missing(_))));
    }
}
