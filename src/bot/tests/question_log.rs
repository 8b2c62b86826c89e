//! The question log through the bot: what it records, that an unusable
//! database never stops an answer, and /stats and /unanswered.

use std::path::PathBuf;

use super::fake_api::{message_update, private_text, user};
use super::*;
use crate::language::normalize;
use crate::questions_log::tests::{OFF_TOPIC, QUESTION, UNSURE, expected_stats, expected_unanswered, rows, seeded};
use crate::questions_log::{self, Counts, Decisions, INBOX_DAYS, Lost, Options, Outcome, QuestionLog, Stats};
use crate::reply::ReplyKind;
use crate::texts;

/// The real knowledge with this log; the stand-in's user is an admin if `admin`.
fn state_with(log: QuestionLog, admin: bool) -> Arc<State> {
    state_in(knowledge_dir(), admin, log)
}

#[test]
fn the_log_records_what_the_bot_decided_and_nothing_about_who_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/jawab.sqlite3");
    let state = state_with(QuestionLog::open(&db, Options::default()), false);
    let mut bot = Running::start(state.clone());
    let e = engine();
    let answered = e.reply(QUESTION);
    assert_eq!(only_reply(&bot.send(private_text(0, QUESTION))).text, answered.text);

    let unsure = e.reply(UNSURE);
    assert_eq!(unsure.kind, ReplyKind::Suggest, "the engine's decision changed: {unsure:?}");
    assert_eq!(only_reply(&bot.send(private_text(0, UNSURE))).text, unsure.text);

    let off = e.reply(OFF_TOPIC);
    assert_eq!(off.kind, ReplyKind::NoMatch);
    assert_eq!(only_reply(&bot.send(private_text(0, OFF_TOPIC))).text, off.text);

    // Not questions: no rows. Emoji only, a command, a button press.
    for update in ["🙂👍", "/topics"] {
        bot.send(private_text(0, update));
    }
    let old = text_message(5, USER_ID, fake_api::BOT_ID as i64, "رسالة قديمة");
    bot.send(callback_update(0, "press", USER_ID, "a:talks-duration", old));

    // In a group, the mention is not part of the recorded question.
    let mention = format!("@{} {QUESTION}", fake_api::BOT_USERNAME);
    bot.send(message_update(0, text_message(20, -100, USER_ID, &mention)));

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
    assert_eq!(
        columns,
        ["id", "asked_at", "chat_type", "question", "decision", "entry_id", "score", "delivered", "reply_key"]
    );
    assert!(rows.iter().all(|r| r.delivered), "every reply reached the stand-in");
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").unwrap();
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(tables, ["audit", "questions", "signals", "triage"]);
    // A tap is kept without who tapped: exactly these columns.
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info('signals') ORDER BY cid").unwrap();
    let columns: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(columns, ["id", "at", "kind", "reply_key", "entry_id"]);
    // And no user id, chat id or name in any stored text.
    let user = user(USER_ID);
    let name = user["first_name"].as_str().unwrap();
    for row in &rows {
        for text in [&row.question, &row.chat_type] {
            assert!(!text.contains(&USER_ID.to_string()) && !text.contains(name), "{text}");
        }
    }
}

/// Asks a question through a bot whose log is at `db`; checks the answer is
/// the engine's and that the record was counted as unwritten.
fn answers_without_a_usable_log(db: PathBuf) {
    let state = state_with(QuestionLog::open(&db, Options::default()), true);
    let mut bot = Running::start(state.clone());
    assert_eq!(
        only_reply(&bot.send(private_text(0, QUESTION))).text,
        engine().reply(QUESTION).text,
        "{}",
        db.display()
    );
    assert!(state.log.flush(WAIT));
    assert_eq!(state.log.written(), 0);
    assert_eq!(state.log.lost(), Lost { unwritten: 1, ..Lost::default() }, "{}", db.display());
    // The admin learns that the log is not available.
    assert_eq!(only_reply(&bot.send(private_text(0, "/stats"))).text, texts::LOG_UNAVAILABLE);
    assert_eq!(only_reply(&bot.send(private_text(0, "/unanswered"))).text, texts::LOG_UNAVAILABLE);
}

#[test]
fn a_corrupt_database_does_not_stop_answers_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("garbage.sqlite3");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(&db, &garbage).unwrap();
    answers_without_a_usable_log(db.clone());
    assert_eq!(std::fs::read(&db).unwrap(), garbage, "the corrupt file was changed");
}

#[test]
fn a_database_path_that_cannot_be_a_file_does_not_stop_answers() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the file should be.
    answers_without_a_usable_log(dir.path().to_path_buf());
    // A "directory" that is a regular file: nothing can be created under it.
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "not a directory").unwrap();
    answers_without_a_usable_log(file.join("data/jawab.sqlite3"));
}

#[test]
fn a_locked_database_does_not_stop_answers_and_recording_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("locked.sqlite3");
    let state = state_with(QuestionLog::open(&db, Options::default()), false);
    let mut bot = Running::start(state.clone());
    assert!(state.log.flush(WAIT), "the writer did not start");
    // Another process holds the write lock.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    assert_eq!(only_reply(&bot.send(private_text(0, OFF_TOPIC))).text, texts::FALLBACK);
    assert!(state.log.flush(WAIT));
    assert_eq!(state.log.lost().unwritten, 1);
    other.execute_batch("COMMIT").unwrap();

    assert_eq!(only_reply(&bot.send(private_text(0, QUESTION))).text, engine().reply(QUESTION).text);
    assert!(state.log.flush(WAIT));
    let rows = rows(&db);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].outcome, Outcome::Answered);
}

#[test]
fn stats_and_unanswered_for_admins_on_a_seeded_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.sqlite3");
    let mut bot = Running::start(state_with(QuestionLog::open(&db, Options::default()), true));
    seeded(&db);
    let text = only_reply(&bot.send(private_text(0, "/stats"))).text;
    let kb = engine();
    let stats = expected_stats().with_titles(kb.knowledge());
    // Titles come from the live knowledge; an entry no longer there shows its id.
    assert_eq!(
        stats.top_entries[0].question.as_deref(),
        Some(kb.knowledge().entry("talks-duration").unwrap().questions[0].as_str())
    );
    assert_eq!(stats.top_entries[1].question, None);
    assert_eq!(text, texts::stats(&stats, Lost::default()));

    assert_inbox(&bot.send(private_text(0, "/unanswered")));
}

/// /unanswered on the seeded log: the count, then its most asked question
/// with its buttons.
fn assert_inbox(calls: &[Call]) {
    let sent = sent(calls);
    let expected = expected_unanswered();
    assert_eq!(sent.len(), 2, "{calls:?}");
    assert_eq!(sent[0].text, texts::inbox_header(expected.len(), INBOX_DAYS));
    let first = &expected[0];
    assert_eq!(sent[1].text, texts::inbox_item(&first.question, first.count, None, None, 0));
    assert!(sent[1].buttons.iter().all(|b| b.starts_with("i:")), "{:?}", sent[1].buttons);
}

#[test]
fn stats_and_unanswered_are_refused_to_others() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.sqlite3");
    let mut bot = Running::start(state_with(QuestionLog::open(&db, Options::default()), false));
    seeded(&db);
    assert_eq!(only_reply(&bot.send(private_text(0, "/stats"))).text, texts::ADMIN_ONLY);
    assert_eq!(only_reply(&bot.send(private_text(0, "/unanswered"))).text, texts::ADMIN_ONLY);
}

#[test]
fn stats_on_an_empty_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.sqlite3");
    let state = state_with(QuestionLog::open(&db, Options::default()), true);
    let mut bot = Running::start(state.clone());
    assert!(state.log.flush(WAIT));
    let empty = Stats {
        questions: Counts::default(),
        window_days: None,
        decisions: Decisions::default(),
        top_entries: Vec::new(),
        votes: Vec::new(),
    };
    assert_eq!(only_reply(&bot.send(private_text(0, "/stats"))).text, texts::stats(&empty, Lost::default()));
    assert_eq!(only_reply(&bot.send(private_text(0, "/unanswered"))).text, texts::inbox_empty(INBOX_DAYS));
}

#[test]
fn an_admins_lists_are_never_posted_in_a_group() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.sqlite3");
    let mut bot = Running::start(state_with(QuestionLog::open(&db, Options::default()), true));
    seeded(&db);
    for chat in [-100, -100_200] {
        for command in ["/stats", "/unanswered", "/undo"] {
            let text = format!("{command}@{}", fake_api::BOT_USERNAME);
            let reply =
                only_reply(&bot.send(message_update(0, fake_api::text_message(900, chat, fake_api::USER_ID, &text))));
            assert_eq!(reply.text, texts::ADMIN_PRIVATE_ONLY, "{command} in chat {chat}");
            for asked in [OFF_TOPIC, UNSURE] {
                assert!(!reply.text.contains(asked), "{command} posted a user's question in chat {chat}");
            }
        }
    }
    // In private the same admin still gets them.
    assert_inbox(&bot.send(private_text(0, "/unanswered")));
    // /reload shows no user's words: it stays available in a group.
    let reload = format!("/reload@{}", fake_api::BOT_USERNAME);
    let reply = only_reply(&bot.send(message_update(0, fake_api::text_message(901, -100, fake_api::USER_ID, &reload))));
    assert_ne!(reply.text, texts::ADMIN_PRIVATE_ONLY);
}
