//! The question log: what the bot records (through teloxide_tests'
//! `MockBot`), retention, unusable databases, /stats and /unanswered.
//!
//! As in tests/bot.rs, each test builds its `MockBot` first: `MockBot::new`
//! takes a process-wide lock, so the bot tests here run one at a time.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jawab::bot::schema::schema;
use jawab::bot::{Admins, State};
use jawab::engine::{Engine, Live};
use jawab::matcher::MatcherConfig;
use jawab::normalize::normalize;
use jawab::questions_log::{
    self, Counts, DAY, Decisions, Lost, Options, Outcome, QuestionLog, Reader, Record, Shares, Stats, TopEntry,
    UNANSWERED_DAYS, Unanswered,
};
use jawab::reply::ReplyKind;
use jawab::texts;
use teloxide::dptree::deps;
use teloxide::prelude::*;
use teloxide_tests::mock_bot::DistributionKey;
use teloxide_tests::{MockBot, MockCallbackQuery, MockGroupChat, MockMe, MockMessageText, MockUser};

type Mock = MockBot<jawab::bot::schema::Error, DistributionKey>;

const QUESTION: &str = "كم استغرقت المحادثات بين بوتين والأسد؟";
/// The engine is unsure about it: suggestions (as in tests/bot.rs).
const UNSURE: &str = "القوات";
const OFF_TOPIC: &str = "ما هي عاصمة البرازيل وكم عدد سكانها؟";
const WAIT: Duration = Duration::from_secs(10);

fn knowledge_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"))
}

fn engine() -> Engine {
    Engine::load(knowledge_dir(), MatcherConfig::default()).unwrap()
}

fn state(log: QuestionLog, admin: bool) -> Arc<State> {
    let admins = if admin { MockUser::ID.to_string() } else { String::new() };
    State::new(Live::load(knowledge_dir(), MatcherConfig::default()).unwrap(), Admins::parse(&admins).unwrap(), log)
}

fn mock<T: teloxide_tests::IntoUpdate>(update: T, state: &Arc<State>) -> Mock {
    let mut bot = MockBot::new(update, schema::<Bot>());
    bot.dependencies(deps![state.clone()]);
    bot
}

fn only_reply(bot: &Mock) -> String {
    let responses = bot.get_responses();
    assert_eq!(responses.sent_messages.len(), 1, "expected exactly one reply");
    responses.sent_messages_text[0].bot_request.text.clone()
}

fn rows(path: &Path) -> Vec<questions_log::Row> {
    Reader::open(path).unwrap().rows().unwrap()
}

#[tokio::test]
async fn the_log_records_what_the_bot_decided_and_nothing_about_who_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/jawab.sqlite3");
    let state = state(QuestionLog::open(&db, Options::default()), false);
    let mut bot = mock(MockMessageText::new().text(QUESTION), &state);
    bot.dispatch().await;
    let e = engine();
    let answered = e.reply(QUESTION);
    assert_eq!(only_reply(&bot), answered.text);

    bot.update(MockMessageText::new().text(UNSURE));
    bot.dispatch().await;
    let unsure = e.reply(UNSURE);
    assert_eq!(unsure.kind, ReplyKind::Suggest, "the engine's decision changed: {unsure:?}");
    assert_eq!(only_reply(&bot), unsure.text);

    bot.update(MockMessageText::new().text(OFF_TOPIC));
    bot.dispatch().await;
    let off = e.reply(OFF_TOPIC);
    assert_eq!(off.kind, ReplyKind::NoMatch);
    assert_eq!(only_reply(&bot), off.text);

    // Not questions: no rows. Emoji only, a command, a button press.
    for update in ["🙂👍", "/topics"] {
        bot.update(MockMessageText::new().text(update));
        bot.dispatch().await;
    }
    bot.update(MockCallbackQuery::new().data("a:talks-duration"));
    bot.dispatch().await;

    // In a group, the mention is not part of the recorded question.
    let group = MockGroupChat::new().build();
    bot.update(MockMessageText::new().text(format!("@{} {QUESTION}", MockMe::USERNAME)).chat(group));
    bot.dispatch().await;

    assert!(state.log.flush(WAIT), "the writer did not catch up");
    let rows = rows(&db);
    assert_eq!(rows.len(), 4, "{rows:?}");
    let expect = [
        ("private", QUESTION, Outcome::Answered, answered.id().map(str::to_string), answered.score),
        ("private", UNSURE, Outcome::Suggested, Some(unsure.suggestions[0].id.clone()), unsure.score),
        ("private", OFF_TOPIC, Outcome::None, None, off.score),
        ("group", QUESTION, Outcome::Answered, answered.id().map(str::to_string), answered.score),
    ];
    let now = questions_log::now();
    for (row, (chat, question, outcome, entry, score)) in rows.iter().zip(expect) {
        assert_eq!(row.chat_type, chat);
        assert_eq!(row.question, normalize(question), "stored normalised");
        assert_eq!(row.outcome, outcome);
        assert_eq!(row.entry_id, entry);
        assert!((row.score - f64::from(score)).abs() < 1e-6, "{} vs {score}", row.score);
        assert!((now - 60..=now + 1).contains(&row.asked_at), "{} is not now ({now})", row.asked_at);
    }
    assert_eq!(rows[0].entry_id.as_deref(), Some("talks-duration"));
    assert_ne!(rows[0].question, QUESTION, "the test needs a question that normalisation changes");
    assert_eq!(state.log.written(), 4);
    assert_eq!(state.log.lost(), Lost::default());

    // The table has no place for who asked: exactly these columns.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info('questions') ORDER BY cid").unwrap();
    let columns: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(columns, ["id", "asked_at", "chat_type", "question", "decision", "entry_id", "score"]);
    let tables: i64 =
        conn.query_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).unwrap();
    assert_eq!(tables, 1);
    // And no user id, chat id or name in any stored text.
    let user = MockUser::new().build();
    for row in &rows {
        for text in [&row.question, &row.chat_type] {
            assert!(!text.contains(&user.id.0.to_string()) && !text.contains(&user.first_name), "{text}");
        }
    }
}

/// Records `question` as asked `days_ago` days ago.
fn seed(log: &QuestionLog, days_ago: i64, question: &str, outcome: Outcome, entry: Option<&str>) {
    log.record(Record {
        at: questions_log::now() - days_ago * DAY,
        chat_type: "private",
        question: question.to_string(),
        outcome,
        entry_id: entry.map(str::to_string),
        score: 0.5,
    });
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

/// Asks a question through a bot whose log is at `db`; checks the answer is
/// the engine's and that the record was counted as unwritten.
async fn answers_without_a_usable_log(db: PathBuf) {
    let state = state(QuestionLog::open(&db, Options::default()), true);
    let mut bot = mock(MockMessageText::new().text(QUESTION), &state);
    bot.dispatch().await;
    assert_eq!(only_reply(&bot), engine().reply(QUESTION).text, "{}", db.display());
    assert!(state.log.flush(WAIT));
    assert_eq!(state.log.written(), 0);
    assert_eq!(state.log.lost(), Lost { dropped: 0, unwritten: 1 }, "{}", db.display());
    // The admin learns that the log is not available.
    bot.update(MockMessageText::new().text("/stats"));
    bot.dispatch().await;
    assert_eq!(only_reply(&bot), texts::LOG_UNAVAILABLE);
    bot.update(MockMessageText::new().text("/unanswered"));
    bot.dispatch().await;
    assert_eq!(only_reply(&bot), texts::LOG_UNAVAILABLE);
}

#[tokio::test]
async fn a_corrupt_database_does_not_stop_answers_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("garbage.sqlite3");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(&db, &garbage).unwrap();
    answers_without_a_usable_log(db.clone()).await;
    assert_eq!(std::fs::read(&db).unwrap(), garbage, "the corrupt file was changed");
}

#[tokio::test]
async fn a_database_path_that_cannot_be_a_file_does_not_stop_answers() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the file should be.
    answers_without_a_usable_log(dir.path().to_path_buf()).await;
    // A "directory" that is a regular file: nothing can be created under it.
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "not a directory").unwrap();
    answers_without_a_usable_log(file.join("data/jawab.sqlite3")).await;
}

#[tokio::test]
async fn a_locked_database_does_not_stop_answers_and_recording_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("locked.sqlite3");
    let state = state(QuestionLog::open(&db, Options::default()), false);
    let mut bot = mock(MockMessageText::new().text(OFF_TOPIC), &state);
    assert!(state.log.flush(WAIT), "the writer did not start");
    // Another process holds the write lock.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    bot.dispatch().await;
    assert_eq!(only_reply(&bot), texts::FALLBACK);
    assert!(state.log.flush(WAIT));
    assert_eq!(state.log.lost().unwritten, 1);
    other.execute_batch("COMMIT").unwrap();

    bot.update(MockMessageText::new().text(QUESTION));
    bot.dispatch().await;
    assert_eq!(only_reply(&bot), engine().reply(QUESTION).text);
    assert!(state.log.flush(WAIT));
    let rows = rows(&db);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].outcome, Outcome::Answered);
}

/// A log with known rows: 9 questions, 5 today, 7 in the last 7 days.
fn seeded(db: &Path) {
    let log = QuestionLog::open(db, Options::default());
    let (a, b) = ("talks-duration", "visit-date");
    seed(&log, 0, QUESTION, Outcome::Answered, Some(a));
    seed(&log, 0, QUESTION, Outcome::Answered, Some(a));
    seed(&log, 0, "متى وصل الأسد؟", Outcome::Answered, Some(b));
    seed(&log, 0, UNSURE, Outcome::Suggested, Some(b));
    seed(&log, 0, UNSURE, Outcome::None, None);
    seed(&log, 3, OFF_TOPIC, Outcome::None, None);
    seed(&log, 3, QUESTION, Outcome::Answered, Some(a));
    seed(&log, 30, "سؤال قديم؟", Outcome::None, None);
    seed(&log, 30, "متى وصل الأسد؟", Outcome::Answered, Some("removed-entry"));
    assert!(log.flush(WAIT));
}

fn expected_stats() -> Stats {
    Stats {
        questions: Counts { today: 5, last_7_days: 7, all: 9 },
        window_days: None,
        decisions: Decisions {
            questions: 9,
            answered: 5,
            suggested: 1,
            none: 3,
            shares: Shares { answered: 0.556, suggested: 0.111, none: 0.333 },
        },
        top_entries: vec![
            TopEntry { id: "talks-duration".into(), question: None, count: 3 },
            TopEntry { id: "removed-entry".into(), question: None, count: 1 },
            TopEntry { id: "visit-date".into(), question: None, count: 1 },
        ],
    }
}

fn expected_unanswered() -> Vec<Unanswered> {
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
    let now = questions_log::now();
    assert_eq!(reader.stats(now, None).unwrap(), expected_stats());
    assert_eq!(reader.unanswered(now, UNANSWERED_DAYS, 10).unwrap(), expected_unanswered());
    // Limited to the last 7 days: the 30-day-old rows are out of the shares and top entries.
    let week = reader.stats(now, Some(7)).unwrap();
    assert_eq!(week.questions, expected_stats().questions);
    assert_eq!((week.decisions.questions, week.decisions.answered, week.decisions.none), (7, 4, 2));
    let ids: Vec<&str> = week.top_entries.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["talks-duration", "visit-date"]);
    // A longer window for unanswered questions reaches the old one; a limit cuts.
    let month = reader.unanswered(now, 31, 10).unwrap();
    assert_eq!(month.len(), 3);
    assert_eq!(reader.unanswered(now, 31, 1).unwrap(), expected_unanswered()[..1]);
}

#[tokio::test]
async fn stats_and_unanswered_for_admins_on_a_seeded_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.sqlite3");
    let state = state(QuestionLog::open(&db, Options::default()), true);
    let mut bot = mock(MockMessageText::new().text("/stats"), &state);
    seeded(&db);
    bot.dispatch().await;
    let kb = engine();
    let stats = expected_stats().with_titles(kb.knowledge());
    // Titles come from the live knowledge; an entry no longer there shows its id.
    assert_eq!(
        stats.top_entries[0].question.as_deref(),
        Some(kb.knowledge().entry("talks-duration").unwrap().questions[0].as_str())
    );
    assert_eq!(stats.top_entries[1].question, None);
    assert_eq!(only_reply(&bot), texts::stats(&stats, Lost::default()));

    bot.update(MockMessageText::new().text("/unanswered"));
    bot.dispatch().await;
    assert_eq!(only_reply(&bot), texts::unanswered(&expected_unanswered(), UNANSWERED_DAYS));
}

#[tokio::test]
async fn stats_and_unanswered_are_refused_to_others() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.sqlite3");
    let state = state(QuestionLog::open(&db, Options::default()), false);
    let mut bot = mock(MockMessageText::new().text("/stats"), &state);
    seeded(&db);
    bot.dispatch().await;
    assert_eq!(only_reply(&bot), texts::ADMIN_ONLY);
    bot.update(MockMessageText::new().text("/unanswered"));
    bot.dispatch().await;
    assert_eq!(only_reply(&bot), texts::ADMIN_ONLY);
}

#[tokio::test]
async fn stats_on_an_empty_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.sqlite3");
    let state = state(QuestionLog::open(&db, Options::default()), true);
    let mut bot = mock(MockMessageText::new().text("/stats"), &state);
    assert!(state.log.flush(WAIT));
    bot.dispatch().await;
    let empty = Stats {
        questions: Counts::default(),
        window_days: None,
        decisions: Decisions::default(),
        top_entries: Vec::new(),
    };
    assert_eq!(only_reply(&bot), texts::stats(&empty, Lost::default()));
    bot.update(MockMessageText::new().text("/unanswered"));
    bot.dispatch().await;
    assert_eq!(only_reply(&bot), texts::unanswered(&[], UNANSWERED_DAYS));
}
