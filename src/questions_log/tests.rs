//! The question log as a whole: retention, and the figures the reader
//! computes; with the fixtures the bot's tests of /stats and /unanswered
//! share. (The bot's recording is tested in `src/bot/tests/`.)

use std::path::Path;
use std::time::{Duration, Instant};

use super::*;
use crate::language::normalize;

/// How long a test waits for the writer.
pub(crate) const WAIT: Duration = Duration::from_secs(10);

/// Questions with a known decision on the real knowledge: answered, unsure
/// (suggestions only), off topic.
pub(crate) const QUESTION: &str = "كم استغرقت المحادثات بين بوتين والأسد؟";
/// See [`QUESTION`].
pub(crate) const UNSURE: &str = "الدعم الروسي";
/// See [`QUESTION`].
pub(crate) const OFF_TOPIC: &str = "ما هي عاصمة البرازيل وكم عدد سكانها؟";

/// Every row of the log at `path`.
pub(crate) fn rows(path: &Path) -> Vec<Row> {
    Reader::open(path).unwrap().rows().unwrap()
}

/// Records `question` as asked `days_ago` days ago, its reply delivered.
pub(crate) fn seed(log: &QuestionLog, days_ago: i64, question: &str, outcome: Outcome, entry: Option<&str>) {
    log.record(record_of(days_ago, question, outcome, entry));
}

#[test]
fn retention_deletes_old_rows_at_start_and_then_periodically() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.sqlite3");
    let keep_all = Options { retention_days: 100_000, ..Options::default() };
    let log = QuestionLog::open(&db, keep_all);
    seed(&log, 120, "قديم جدا", Outcome::None, None);
    seed(&log, 91, "قديم", Outcome::None, None);
    seed(&log, 89, "حديث نسبيا", Outcome::None, None);
    seed(&log, 0, "اليوم", Outcome::None, None);
    assert!(log.flush(WAIT));
    assert_eq!(rows(&db).len(), 4);
    drop(log);

    // At start: rows older than 90 days go.
    let log = QuestionLog::open(&db, Options { retention_days: 90, ..Options::default() });
    assert!(log.flush(WAIT));
    let left: Vec<String> = rows(&db).into_iter().map(|r| r.question).collect();
    assert_eq!(left, [normalize("حديث نسبيا"), normalize("اليوم")]);
    drop(log);

    // Then every `retention_every` (a day in the bot): a row recorded after
    // the start is deleted once it is too old, and recent ones stay.
    let periodic = Options { retention_days: 30, retention_every: Duration::from_millis(200), ..Options::default() };
    let log = QuestionLog::open(&db, periodic);
    assert!(log.flush(WAIT));
    assert_eq!(rows(&db).len(), 1, "the start-up retention of 30 days");
    seed(&log, 31, "أضيف قديما", Outcome::None, None);
    seed(&log, 1, "أضيف حديثا", Outcome::None, None);
    assert!(log.flush(WAIT));
    let started = Instant::now();
    while rows(&db).iter().any(|r| r.question == normalize("أضيف قديما")) {
        assert!(started.elapsed() < WAIT, "the periodic retention did not run");
        std::thread::sleep(Duration::from_millis(50));
    }
    let left: Vec<String> = rows(&db).into_iter().map(|r| r.question).collect();
    assert_eq!(left, [normalize("اليوم"), normalize("أضيف حديثا")]);
}

/// A log with known rows: 9 questions, 5 today, 7 in the last 7 days; the
/// reply to the 30-day-old off-topic one was not delivered.
pub(crate) fn seeded(db: &Path) {
    let log = QuestionLog::open(db, Options::default());
    let (a, b) = ("talks-duration", "visit-date");
    seed(&log, 0, QUESTION, Outcome::Answered, Some(a));
    seed(&log, 0, QUESTION, Outcome::Answered, Some(a));
    seed(&log, 0, "متى وصل الأسد؟", Outcome::Answered, Some(b));
    seed(&log, 0, UNSURE, Outcome::Suggested, Some(b));
    seed(&log, 0, UNSURE, Outcome::None, None);
    seed(&log, 3, OFF_TOPIC, Outcome::None, None);
    seed(&log, 3, QUESTION, Outcome::Answered, Some(a));
    log.record(Record { delivered: false, ..record_of(30, "سؤال قديم؟", Outcome::None, None) });
    seed(&log, 30, "متى وصل الأسد؟", Outcome::Answered, Some("removed-entry"));
    assert!(log.flush(WAIT));
}

pub(crate) fn expected_stats() -> Stats {
    Stats {
        questions: Counts { today: 5, last_7_days: 7, all: 9 },
        window_days: None,
        decisions: Decisions {
            questions: 9,
            answered: 5,
            suggested: 1,
            none: 3,
            shares: Shares { answered: 0.556, suggested: 0.111, none: 0.333 },
            undelivered: 1,
        },
        top_entries: vec![
            TopEntry { id: "talks-duration".into(), question: None, count: 3 },
            TopEntry { id: "removed-entry".into(), question: None, count: 1 },
            TopEntry { id: "visit-date".into(), question: None, count: 1 },
        ],
        votes: Vec::new(),
    }
}

pub(crate) fn expected_unanswered() -> Vec<Unanswered> {
    vec![
        Unanswered { question: normalize(UNSURE), count: 2, suggested: 1, none: 1 },
        Unanswered { question: normalize(OFF_TOPIC), count: 1, suggested: 0, none: 1 },
    ]
}

#[test]
fn the_reader_computes_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.sqlite3");
    seeded(&db);
    let reader = Reader::open(&db).unwrap();
    let now = now();
    assert_eq!(reader.stats(now, None).unwrap(), expected_stats());
    assert_eq!(reader.unanswered(now, UNANSWERED_DAYS, 10).unwrap(), expected_unanswered());
    // Limited to the last 7 days: the 30-day-old rows are out of the shares and top entries.
    let week = reader.stats(now, Some(7)).unwrap();
    assert_eq!(week.questions, expected_stats().questions);
    assert_eq!((week.decisions.questions, week.decisions.answered, week.decisions.none), (7, 4, 2));
    assert_eq!(week.decisions.undelivered, 0, "the undelivered reply is 30 days old");
    let rows = rows(&db);
    assert_eq!(
        rows.iter().filter(|r| !r.delivered).map(|r| r.question.as_str()).collect::<Vec<_>>(),
        [normalize("سؤال قديم؟")]
    );
    let ids: Vec<&str> = week.top_entries.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["talks-duration", "visit-date"]);
    // A longer window for unanswered questions reaches the old one; a limit cuts.
    let month = reader.unanswered(now, 31, 10).unwrap();
    assert_eq!(month.len(), 3);
    assert_eq!(reader.unanswered(now, 31, 1).unwrap(), expected_unanswered()[..1]);
}

fn record(question: &str) -> Record {
    Record { score: 0.1, ..record_of(0, question, Outcome::None, None) }
}

/// The record of `question` asked `days_ago` days ago, delivered.
fn record_of(days_ago: i64, question: &str, outcome: Outcome, entry: Option<&str>) -> Record {
    Record {
        at: now() - days_ago * DAY,
        chat_type: "private",
        question: question.to_string(),
        outcome,
        entry_id: entry.map(str::to_string),
        score: 0.5,
        delivered: true,
        reply_key: None,
    }
}

#[test]
fn a_full_queue_drops_and_counts_without_waiting() {
    // A log whose writer never reads: the queue holds one record.
    let (sender, receiver) = mpsc::sync_channel(1);
    let log = QuestionLog { sender: Some(sender), counters: Arc::default(), path: None };
    let started = Instant::now();
    for i in 0..5 {
        log.record(record(&format!("سؤال {i}")));
    }
    assert!(started.elapsed() < Duration::from_secs(1), "record() waited");
    assert_eq!(log.lost(), Lost { dropped: 4, ..Lost::default() });
    // The one that fitted is the first.
    match receiver.try_recv().unwrap() {
        Message::Record(r) => assert_eq!(r.question, "سؤال 0"),
        other => panic!("{other:?}"),
    }
    assert!(receiver.try_recv().is_err());
    // Room again: the next one is queued, not dropped.
    log.record(record("سؤال 5"));
    assert_eq!(log.lost().dropped, 4);
    assert!(receiver.try_recv().is_ok());
}

#[test]
fn a_stopped_writer_counts_records_as_unwritten() {
    let (sender, receiver) = mpsc::sync_channel(4);
    drop(receiver);
    let log = QuestionLog { sender: Some(sender), counters: Arc::default(), path: None };
    log.record(record("س"));
    assert_eq!(log.lost(), Lost { unwritten: 1, ..Lost::default() });
    assert!(!log.flush(Duration::from_millis(100)));
}

#[test]
fn powers_of_ten() {
    let hits: Vec<u64> = (1..=1000).filter(|&n| is_power_of_ten(n)).collect();
    assert_eq!(hits, [1, 10, 100, 1000]);
}
