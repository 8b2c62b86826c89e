//! The curators' inbox through the real binary and the stand-in Bot API: a
//! question that gets only suggestions reaches `/unanswered`; one tap on
//! the right entry writes it into that entry's file, comments intact, and
//! the question is answered; `/undo` restores the files byte for byte and
//! the old behaviour. A non-admin's forged button changes nothing. And the
//! terminal's `jawab inbox`, `add-phrasing` and `explain`.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use jawab::engine::Engine;
use jawab::knowledge::Knowledge;
use jawab::matcher::MatcherConfig;
use jawab::reply::ReplyKind;
use jawab::texts;
use serde_json::Value;
use support::binary::{Running, copy_knowledge, jawab_with, run, start_bot_with, stop, wait_for_sends};
use support::fake_api::{Call, FakeApi, Script, USER_ID, callback_update, message_update, private_text, text_message};

/// Gets only suggestions from the shipped knowledge (checked below);
/// written for this test.
const UNSURE: &str = "الدعم الروسي";

/// A user who is not an admin.
const STRANGER: i64 = 888;

const WAIT: Duration = Duration::from_secs(15);

fn files(kb: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    Knowledge::read(kb).unwrap()
}

/// The messages sent, from the `from`-th on.
fn sends(api: &FakeApi, from: usize) -> Vec<Call> {
    api.calls_to("sendMessage").into_iter().skip(from).collect()
}

fn buttons(call: &Call) -> Vec<String> {
    let rows = call.body["reply_markup"]["inline_keyboard"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .flat_map(|r| r.as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["callback_data"].as_str().map(str::to_string))
        .collect()
}

/// Pushes `update` and waits for `n` more messages.
fn exchange(api: &FakeApi, bot: &mut Running, update: Value, n: usize) -> Vec<Call> {
    let before = api.calls_to("sendMessage").len();
    api.push(update);
    wait_for_sends(api, &mut bot.0, before + n, WAIT);
    sends(api, before)
}

/// Waits until the question log at `db` holds `n` questions. The bot queues
/// a question for its writer thread after replying, and the inbox reads what
/// is written: an admin's command that races the user's reply (they are in
/// different chats, handled at once) may not see it yet.
fn wait_for_logged(db: &Path, n: i64) {
    let start = std::time::Instant::now();
    let count = || -> Option<i64> {
        let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
        conn.query_row("SELECT COUNT(*) FROM questions", [], |r| r.get(0)).ok()
    };
    while count().unwrap_or(0) < n {
        assert!(start.elapsed() < WAIT, "the question log at {} did not reach {n} questions", db.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn one_tap_adds_a_phrasing_and_undo_restores_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let kb = copy_knowledge(dir.path());
    let db = dir.path().join("data/jawab.sqlite3");
    let engine = Engine::load(&kb, MatcherConfig::default()).unwrap();
    let suggested = engine.reply(UNSURE);
    assert_eq!(suggested.kind, ReplyKind::Suggest, "the engine's decision changed: {suggested:?}");
    let right = suggested.suggestions[0].id.clone();
    let before = files(&kb);

    let api = FakeApi::start(Script::default());
    let db_var = db.to_string_lossy().into_owned();
    let env = [("JAWAB_ADMINS", "777"), ("JAWAB_DB", db_var.as_str())];
    let mut bot = start_bot_with(dir.path(), &kb, &api, &env);

    // A user asks; only suggestions.
    let reply = exchange(&api, &mut bot, private_text(1, UNSURE), 1);
    assert_eq!(reply[0].body["text"], suggested.text.as_str());
    wait_for_logged(&db, 1);

    // The admin opens the inbox: a header, then the question with its buttons.
    let inbox = exchange(&api, &mut bot, private_text(2, "/unanswered"), 2);
    let item = &inbox[1];
    let item_text = item.body["text"].as_str().unwrap();
    assert!(item_text.contains(&jawab::language::normalize(UNSURE)), "{item_text}");
    let add = buttons(item).into_iter().find(|b| b.starts_with("i:+:") && b.ends_with(&format!(":{right}")));
    let add = add.unwrap_or_else(|| panic!("no ➕ for {right}: {:?}", buttons(item)));
    let label = item.body["reply_markup"].to_string();
    let title = &engine.knowledge().entry(&right).unwrap().questions[0];
    assert!(label.contains(&format!("➕ {}", title.chars().take(12).collect::<String>())), "{label}");

    // A stranger forges the same button: refused, nothing written.
    let forged = callback_update(3, "forged", STRANGER, &add, item.result.clone());
    let refused = exchange(&api, &mut bot, forged, 1);
    assert_eq!(refused[0].body["text"], texts::ADMIN_ONLY);
    assert_eq!(files(&kb), before);

    // The admin taps it: the message is edited in place, the file holds the phrasing.
    let edits = api.calls_to("editMessageText").len();
    let next = exchange(&api, &mut bot, callback_update(4, "tap", USER_ID, &add, item.result.clone()), 1);
    assert_eq!(next[0].body["text"], texts::INBOX_DONE);
    let edit = api.calls_to("editMessageText").into_iter().nth(edits).expect("the item was not edited");
    assert_eq!(edit.body["message_id"], item.result["message_id"]);
    let file = engine.knowledge().entry(&right).unwrap().location.file.clone();
    let changed = Knowledge::load(&kb).unwrap();
    let entry = changed.entry(&right).unwrap();
    assert_eq!(entry.questions.last(), Some(&jawab::language::normalize(UNSURE)));
    assert_eq!(entry.location.file, file);
    for ((path, old), (_, new)) in before.iter().zip(&files(&kb)) {
        let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
        if *path == file {
            let comments =
                |t: &str| t.lines().filter(|l| l.trim_start().starts_with('#')).map(String::from).collect::<Vec<_>>();
            assert_eq!(comments(&old), comments(&new), "a comment line changed in {}", path.display());
        } else {
            assert_eq!(old, new, "{} changed", path.display());
        }
    }

    // Asked again: answered with that entry.
    let answered = Engine::load(&kb, MatcherConfig::default()).unwrap().reply(UNSURE);
    assert_eq!(answered.id(), Some(right.as_str()));
    let reply = exchange(&api, &mut bot, private_text(5, UNSURE), 1);
    assert_eq!(reply[0].body["text"], answered.text.as_str());

    // /undo: every file byte for byte, and the suggestions again.
    let undo = exchange(&api, &mut bot, private_text(6, "/undo"), 1);
    assert!(undo[0].body["text"].as_str().unwrap().starts_with("↩️"), "{}", undo[0].body);
    assert_eq!(files(&kb), before);
    let reply = exchange(&api, &mut bot, private_text(7, UNSURE), 1);
    assert_eq!(reply[0].body["text"], suggested.text.as_str());

    // In a group the inbox is not shown.
    let group = message_update(8, text_message(9, -100, USER_ID, "/unanswered@jawab_test_bot"));
    let note = exchange(&api, &mut bot, group, 1);
    assert_eq!(note[0].body["text"], texts::ADMIN_PRIVATE_ONLY);

    let stderr = stop(&mut bot.0);
    assert!(!stderr.contains(UNSURE), "a user's words were logged: {stderr}");

    // The terminal sees the same inbox: the question is back in it.
    let (out, text) = run(jawab_with(dir.path(), &kb).args(["inbox", "--json", "--db"]).arg(&db));
    assert!(out.status.success(), "{text}");
    let inbox: Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = inbox["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{inbox}");
    assert_eq!(items[0]["question"], jawab::language::normalize(UNSURE).as_str());
    assert_eq!(items[0]["candidates"][0], right.as_str());
}

#[test]
fn add_phrasing_and_explain_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let kb = copy_knowledge(dir.path());
    let before = files(&kb);
    // Written for this test: Iraqi "how long did the sitting with Putin last".
    let phrasing = "شكد طولت گعدة بشار ويا بوتين";
    let (out, text) = run(jawab_with(dir.path(), &kb).args(["add-phrasing", "talks-duration", phrasing]));
    assert!(out.status.success(), "{text}");
    assert!(text.contains("talks-duration"), "{text}");
    let kb_after = Knowledge::load(&kb).unwrap();
    assert_eq!(kb_after.entry("talks-duration").unwrap().questions.last().map(String::as_str), Some(phrasing));
    let changed = files(&kb).iter().zip(&before).filter(|(a, b)| a != b).count();
    assert_eq!(changed, 1);

    // Refusals: an unknown id, a duplicate (the result would not validate), a read-only file.
    let now = files(&kb);
    for (args, says) in [
        (vec!["add-phrasing", "no-such-entry", "سؤال"], "no-such-entry"),
        (vec!["add-phrasing", "visit-date", phrasing], "same phrasing"),
    ] {
        let (out, text) = run(jawab_with(dir.path(), &kb).args(&args));
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(text.contains(says), "{text}");
    }
    use std::os::unix::fs::PermissionsExt;
    let file = kb_after.entry("talks-duration").unwrap().location.file.clone();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (out, text) = run(jawab_with(dir.path(), &kb).args(["add-phrasing", "talks-duration", "كم دامت"]));
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("read-only"), "{text}");
    assert_eq!(files(&kb), now);

    let (out, text) = run(jawab_with(dir.path(), &kb).args(["explain", "كم", "استغرقت", "المحادثات؟"]));
    assert!(out.status.success(), "{text}");
    assert!(text.starts_with("decision: answer talks-duration"), "{text}");
}
