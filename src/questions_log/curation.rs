//! The curators' side of the log: the inbox of questions to turn into
//! phrasings ([`Reader::inbox`]), what curators did with each (triage), and
//! the audit of every change they made, which `/undo` reads back ([`Desk`]).
//!
//! Nothing here names a user: the inbox is built from normalised questions
//! and the taps on their replies ([`super::Signal`]), never from who asked or
//! tapped. The audit names the admin (staff, from `JAWAB_ADMINS`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{DAY, LogError, Reader, store};

/// How many days the inbox looks back.
pub const INBOX_DAYS: u32 = 7;

/// How long "later" hides a question from the inbox.
pub const LATER_DAYS: u32 = 7;

/// The most items the inbox reads at once.
const INBOX_LIMIT: usize = 200;

/// One question in the inbox: not answered (suggestions only, or nothing)
/// in the last days, or answered and voted 👎, or answered through a
/// suggestion its asker tapped; grouped by its normalised text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// [`item_key`] of the question: what the inbox's buttons carry.
    pub key: String,
    /// The normalised question.
    pub question: String,
    /// How often it was asked and not answered.
    pub count: u64,
    /// How often of those it got suggestions.
    pub suggested: u64,
    /// How often it got nothing.
    pub none: u64,
    /// The suggestion its askers tapped most, if any: a proposed phrasing.
    pub chosen: Option<String>,
    /// The entry it was answered with and voted 👎 on, if any.
    pub doubtful: Option<String>,
    /// How many 👎 it got.
    pub down_votes: u64,
}

/// The key of a question in the inbox: FNV-1a (64 bits) of its normalised
/// text, in hex. Stable across runs, short enough for a button's 64 bytes.
///
/// ```
/// use jawab::questions_log::item_key;
/// assert_eq!(item_key("كم عمر بوتين").len(), 16);
/// assert_eq!(item_key("كم عمر بوتين"), item_key("كم عمر بوتين"));
/// assert_ne!(item_key("كم عمر بوتين"), item_key("كم عمر الاسد"));
/// ```
pub fn item_key(question: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in question.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// 👍 and 👎 counts of one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Votes {
    /// The entry.
    pub id: String,
    /// 👍.
    pub up: u64,
    /// 👎.
    pub down: u64,
}

/// What a curator did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Added the question as a phrasing of an entry.
    Added,
    /// Added it to an outside group: it is refused on purpose.
    Refused,
    /// Hid it from the inbox for [`LATER_DAYS`].
    Later,
}

impl Action {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Added => "added",
            Action::Refused => "refused",
            Action::Later => "later",
        }
    }

    fn parse(name: &str) -> Option<Action> {
        match name {
            "added" => Some(Action::Added),
            "refused" => Some(Action::Refused),
            "later" => Some(Action::Later),
            _ => None,
        }
    }
}

/// One change a curator made, as the audit keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its row (0 before it is recorded).
    pub id: i64,
    /// When, unix seconds.
    pub at: i64,
    /// The admin's Telegram user id.
    pub admin: u64,
    /// What was done.
    pub action: Action,
    /// The entry or outside group written to (`None` for "later").
    pub entry_id: Option<String>,
    /// The question, normalised.
    pub phrasing: String,
    /// The knowledge file written, with its bytes before and after
    /// (`None` for "later", which writes no file).
    pub file: Option<(PathBuf, Vec<u8>, Vec<u8>)>,
}

impl Reader {
    /// The inbox at time `now`: the questions of the last `days` days that
    /// were not answered, voted 👎 or answered through a tapped suggestion,
    /// without those curators have dealt with (or put off until later),
    /// most asked first (ties in text order).
    pub fn inbox(&self, now: i64, days: u32) -> Result<Vec<Item>, LogError> {
        let since = now - i64::from(days) * DAY;
        let handled = "question NOT IN (SELECT question FROM triage WHERE action != 'later' OR until > ?2)";
        let mut items: HashMap<String, Item> = HashMap::new();
        let new_item = |question: &str| Item {
            key: item_key(question),
            question: question.to_string(),
            count: 0,
            suggested: 0,
            none: 0,
            chosen: None,
            doubtful: None,
            down_votes: 0,
        };
        let sql = format!(
            "SELECT question, COUNT(*), SUM(decision = 'suggested'), SUM(decision = 'none')
             FROM questions WHERE decision IN ('suggested', 'none') AND asked_at > ?1 AND {handled}
             GROUP BY question ORDER BY COUNT(*) DESC, question LIMIT ?3"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.err())?;
        let rows = stmt
            .query_map(params![since, now, INBOX_LIMIT as i64], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?, r.get::<_, u64>(2)?, r.get::<_, u64>(3)?))
            })
            .map_err(self.err())?;
        for row in rows {
            let (question, count, suggested, none) = row.map_err(self.err())?;
            let item = items.entry(question.clone()).or_insert_with(|| new_item(&question));
            (item.count, item.suggested, item.none) = (count, suggested, none);
        }
        // The taps: the most chosen suggestion, the entry voted down.
        let sql = format!(
            "SELECT q.question, s.kind, s.entry_id, COUNT(*) AS n FROM signals s
             JOIN questions q ON q.reply_key = s.reply_key
             WHERE s.kind IN ('chose', 'down') AND s.at > ?1 AND q.{handled}
             GROUP BY q.question, s.kind, s.entry_id ORDER BY n DESC, s.entry_id LIMIT ?3"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.err())?;
        let rows = stmt
            .query_map(params![since, now, INBOX_LIMIT as i64], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, u64>(3)?))
            })
            .map_err(self.err())?;
        for row in rows {
            let (question, kind, entry, n) = row.map_err(self.err())?;
            let item = items.entry(question.clone()).or_insert_with(|| new_item(&question));
            if kind == "chose" {
                item.chosen.get_or_insert(entry);
            } else {
                item.down_votes += n;
                item.doubtful.get_or_insert(entry);
            }
        }
        let mut items: Vec<Item> = items.into_values().collect();
        items.sort_by(|a, b| (b.count + b.down_votes).cmp(&(a.count + a.down_votes)).then(a.question.cmp(&b.question)));
        Ok(items)
    }

    /// The 👍 and 👎 counts per entry since `since` (unix seconds), by id.
    pub fn votes(&self, since: i64) -> Result<Vec<Votes>, LogError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT entry_id, SUM(kind = 'up'), SUM(kind = 'down') FROM signals
                 WHERE kind IN ('up', 'down') AND at > ?1 GROUP BY entry_id ORDER BY entry_id",
            )
            .map_err(self.err())?;
        stmt.query_map([since], |r| Ok(Votes { id: r.get(0)?, up: r.get(1)?, down: r.get(2)? }))
            .map_err(self.err())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.err())
    }
}

/// Where curators' changes are recorded: the log's database, opened for
/// writing. Blocking: call it off the async workers.
#[derive(Debug)]
pub struct Desk {
    conn: Connection,
    path: PathBuf,
}

impl Desk {
    /// Opens (creating it if needed) the log at `path` for curating.
    pub fn open(path: impl AsRef<Path>) -> Result<Desk, LogError> {
        let path = path.as_ref();
        Ok(Desk { conn: store::open_for_writing(path)?, path: path.to_path_buf() })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> LogError + '_ {
        |cause| LogError::Sqlite { path: self.path.clone(), cause }
    }

    /// Records `change` in the audit and its question's triage, in one
    /// transaction; returns the audit row's id.
    pub fn record(&mut self, change: &Change) -> Result<i64, LogError> {
        let path = self.path.clone();
        let err = move |cause| LogError::Sqlite { path: path.clone(), cause };
        let tx = self.conn.transaction().map_err(&err)?;
        let (file, before, after) = match &change.file {
            Some((file, before, after)) => (Some(file.to_string_lossy().into_owned()), Some(before), Some(after)),
            None => (None, None, None),
        };
        tx.execute(
            "INSERT INTO audit (at, admin, action, entry_id, phrasing, file, before, after)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                change.at,
                change.admin as i64,
                change.action.as_str(),
                change.entry_id,
                change.phrasing,
                file,
                before,
                after
            ],
        )
        .map_err(&err)?;
        let id = tx.last_insert_rowid();
        let until = (change.action == Action::Later).then(|| change.at + i64::from(LATER_DAYS) * DAY);
        tx.execute(
            "INSERT INTO triage (question, action, at, until) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (question) DO UPDATE SET action = ?2, at = ?3, until = ?4",
            params![change.phrasing, change.action.as_str(), change.at, until],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok(id)
    }

    /// The last change not yet undone, if any.
    pub fn last_change(&self) -> Result<Option<Change>, LogError> {
        self.conn
            .query_row(
                "SELECT id, at, admin, action, entry_id, phrasing, file, before, after FROM audit
                 WHERE undone = 0 AND action IN ('added', 'refused', 'later') ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    let action: String = r.get(3)?;
                    let file: Option<String> = r.get(6)?;
                    let before: Option<Vec<u8>> = r.get(7)?;
                    let after: Option<Vec<u8>> = r.get(8)?;
                    Ok(Change {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        admin: r.get::<_, i64>(2)? as u64,
                        action: Action::parse(&action).unwrap_or(Action::Later),
                        entry_id: r.get(4)?,
                        phrasing: r.get(5)?,
                        file: match (file, before, after) {
                            (Some(f), Some(b), Some(a)) => Some((PathBuf::from(f), b, a)),
                            _ => None,
                        },
                    })
                },
            )
            .optional()
            .map_err(self.err())
    }

    /// Marks change `id` undone (by `admin`, at `at`) and puts its question
    /// back in the inbox.
    pub fn undone(&mut self, change: &Change, admin: u64, at: i64) -> Result<(), LogError> {
        let path = self.path.clone();
        let err = move |cause| LogError::Sqlite { path: path.clone(), cause };
        let tx = self.conn.transaction().map_err(&err)?;
        tx.execute("UPDATE audit SET undone = 1 WHERE id = ?1", [change.id]).map_err(&err)?;
        tx.execute(
            "INSERT INTO audit (at, admin, action, entry_id, phrasing) VALUES (?1, ?2, 'undo', ?3, ?4)",
            params![at, admin as i64, change.entry_id, change.phrasing],
        )
        .map_err(&err)?;
        tx.execute("DELETE FROM triage WHERE question = ?1", [&change.phrasing]).map_err(&err)?;
        tx.commit().map_err(&err)
    }
}
