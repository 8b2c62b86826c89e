//! The curators' inbox through the real handler tree: a chosen suggestion
//! and a 👎 reach it, its buttons write the knowledge safely, /undo puts it
//! back, and nobody else can press them.

use std::path::PathBuf;

use super::fake_api::private_text;
use super::*;
use crate::bot::keyboards::{Callback, InboxAction};
use crate::questions_log::{INBOX_DAYS, Item, Options, Reader};
use crate::reply::ReplyKind;
use crate::texts;

/// A question the engine is unsure about (it gets suggestions), written
/// for these tests.
const UNSURE: &str = "الدعم الروسي";

/// Off topic, written for these tests.
const OFF_TOPIC: &str = "ما لون قطة الجيران في موسكو؟";

/// A copy of the real knowledge and a question log, in a temporary
/// directory.
struct Desk {
    dir: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("knowledge")).unwrap();
        for f in std::fs::read_dir(knowledge_dir()).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, dir.path().join("knowledge").join(f.file_name().unwrap())).unwrap();
        }
        Desk { dir }
    }

    fn knowledge(&self) -> PathBuf {
        self.dir.path().join("knowledge")
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("log.sqlite3")
    }

    fn state(&self, admin: bool) -> Arc<State> {
        state_in(&self.knowledge(), admin, QuestionLog::open(self.db(), Options::default()))
    }

    /// Every knowledge file with its bytes.
    fn files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        crate::knowledge::Knowledge::read(self.knowledge()).unwrap()
    }

    fn inbox(&self) -> Vec<Item> {
        Reader::open(self.db()).unwrap().inbox(crate::questions_log::now(), INBOX_DAYS).unwrap()
    }
}

fn press(data: &str, message: &Value) -> Value {
    callback_update(0, "press", USER_ID, data, message.clone())
}

fn edited(calls: &[Call]) -> Vec<&Call> {
    calls.iter().filter(|c| c.is("editMessageText")).collect()
}

/// The inbox item's message after /unanswered (the one after the header).
fn first_item(bot: &mut Running) -> Sent {
    let sent = sent(&bot.send(private_text(0, "/unanswered")));
    assert_eq!(sent.len(), 2, "a header and one item: {:?}", sent.iter().map(|s| &s.text).collect::<Vec<_>>());
    sent.into_iter().nth(1).unwrap()
}

#[test]
fn a_chosen_suggestion_is_accepted_with_one_tap_and_undone_byte_for_byte() {
    let desk = Desk::new();
    let before = desk.files();
    let state = desk.state(true);
    let mut bot = Running::start(state.clone());
    let asked = only_reply(&bot.send(private_text(0, UNSURE)));
    assert_eq!(engine().reply(UNSURE).kind, ReplyKind::Suggest, "the engine's decision changed");
    // The asker taps the first suggestion: that is the proposal.
    let chosen = match Callback::parse(&asked.buttons[0]) {
        Some(Callback::Suggested { id, .. }) => id,
        other => panic!("not a suggestion button: {other:?}"),
    };
    bot.send(press(&asked.buttons[0], &asked.message));
    assert!(state.log.flush(WAIT));
    let items = desk.inbox();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0].chosen.as_deref(), Some(chosen.as_str()));

    let item = first_item(&mut bot);
    let title = state.live.snapshot().knowledge().entry(&chosen).unwrap().questions[0].clone();
    assert!(item.text.contains(&title), "the proposal names the chosen entry: {}", item.text);
    assert!(item.text.contains(&format!("({chosen})")), "and its id: {}", item.text);
    let accept = Callback::Inbox {
        action: InboxAction::Add { force: false },
        item: items[0].key.clone(),
        id: Some(chosen.clone()),
    };
    assert_eq!(item.buttons[0], accept.encode().unwrap(), "the chosen entry's button comes first");

    let calls = bot.send(press(&item.buttons[0], &item.message));
    let edit = edited(&calls);
    assert_eq!(edit.len(), 1, "{calls:?}");
    assert_eq!(edit[0].body["message_id"], item.message["message_id"], "edited in place");
    let edit_text = edit[0].body["text"].as_str().unwrap();
    assert!(edit_text.starts_with("✅") && edit_text.contains(&chosen), "{edit_text}");
    // The next item follows: there is none.
    assert_eq!(only_reply(&calls).text, texts::INBOX_DONE);
    // The phrasing is in its entry's file, every comment kept, no other file touched.
    let after = desk.files();
    let file = &state.live.snapshot().knowledge().entry(&chosen).unwrap().location.file.clone();
    for ((path, old), (_, new)) in before.iter().zip(&after) {
        if path == file {
            let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
            for comment in old.lines().filter(|l| l.trim_start().starts_with('#')) {
                assert!(new.lines().any(|l| l == comment), "comment lost: {comment}");
            }
            assert_eq!(new.lines().count(), old.lines().count() + 1);
        } else {
            assert_eq!(old, new, "{} changed", path.display());
        }
    }
    // The same question is now answered with that entry, and it left the inbox.
    assert_eq!(state.live.snapshot().reply(UNSURE).id(), Some(chosen.as_str()));
    assert!(desk.inbox().is_empty());

    // /undo: the files byte for byte, the old behaviour, the item back.
    let undo = only_reply(&bot.send(private_text(0, "/undo")));
    assert_eq!(undo.text, texts::undone(&items[0].question, Some(&chosen)));
    assert_eq!(desk.files(), before);
    assert_eq!(state.live.snapshot().reply(UNSURE).kind, ReplyKind::Suggest);
    assert_eq!(desk.inbox().len(), 1);
    assert_eq!(only_reply(&bot.send(private_text(0, "/undo"))).text, texts::NOTHING_TO_UNDO);
}

#[test]
fn a_thumbs_down_reaches_the_inbox_and_the_vote_buttons_go() {
    let desk = Desk::new();
    let state = desk.state(true);
    let mut bot = Running::start(state.clone());
    let question = "كم استغرقت المحادثات بين بوتين والأسد؟";
    let answer = only_reply(&bot.send(private_text(0, question)));
    let down = answer.buttons.iter().find(|b| b.starts_with("v:-:")).expect("no 👎 on the answer").clone();
    let calls = bot.send(press(&down, &answer.message));
    let thanks = calls.iter().find(|c| c.is("answerCallbackQuery") && c.body["text"] == texts::VOTE_THANKS);
    assert!(thanks.is_some(), "{calls:?}");
    let markup = calls.iter().find(|c| c.is("editMessageReplyMarkup")).expect("the vote buttons stay");
    assert!(!markup.body["reply_markup"].to_string().contains("v:"), "{}", markup.body);
    assert!(state.log.flush(WAIT));
    let items = desk.inbox();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!((items[0].doubtful.as_deref(), items[0].down_votes, items[0].count), (Some("talks-duration"), 1, 0));
    // /stats counts it.
    let stats = only_reply(&bot.send(private_text(0, "/stats"))).text;
    assert!(stats.contains("talks-duration: 👍 0 · 👎 1"), "{stats}");
    // The doubtful entry is not offered again for it.
    let item = first_item(&mut bot);
    assert!(!item.buttons.iter().any(|b| b.ends_with(":talks-duration")), "{:?}", item.buttons);
}

#[test]
fn not_in_the_article_refuses_on_purpose_and_later_hides_it() {
    let desk = Desk::new();
    let state = desk.state(true);
    let mut bot = Running::start(state.clone());
    for q in [OFF_TOPIC, UNSURE] {
        bot.send(private_text(0, q));
    }
    assert!(state.log.flush(WAIT));
    assert_eq!(desk.inbox().len(), 2);

    // Later: hidden (for 7 days), the next item follows; no file changes.
    let before = desk.files();
    let item = first_item(&mut bot);
    let later = item.buttons.iter().find(|b| b.starts_with("i:l:")).unwrap().clone();
    let calls = bot.send(press(&later, &item.message));
    assert!(edited(&calls)[0].body["text"].as_str().unwrap().starts_with("⏳"));
    let next = only_reply(&calls);
    assert_eq!(desk.inbox().len(), 1);
    assert_eq!(desk.files(), before);

    // Not in the article: into an outside group, for good; the question now gets the fallback.
    let refuse = next.buttons.iter().find(|b| b.starts_with("i:x:")).unwrap().clone();
    let question = desk.inbox()[0].question.clone();
    let calls = bot.send(press(&refuse, &next.message));
    let text = edited(&calls)[0].body["text"].as_str().unwrap().to_string();
    assert!(text.starts_with("🚫"), "{text}");
    assert_eq!(only_reply(&calls).text, texts::INBOX_DONE);
    assert!(desk.inbox().is_empty());
    let kb = state.live.snapshot();
    assert!(kb.knowledge().outside.iter().any(|g| g.questions.contains(&question)), "{question}");
    assert!(!kb.reply(&question).matched());
    // /undo twice: the refusal, then the "later".
    bot.send(private_text(0, "/undo"));
    assert_eq!(desk.files(), before);
    bot.send(private_text(0, "/undo"));
    assert_eq!(desk.inbox().len(), 2);
}

#[test]
fn a_forged_inbox_button_from_a_non_admin_changes_nothing() {
    let desk = Desk::new();
    let state = desk.state(false);
    let mut bot = Running::start(state.clone());
    bot.send(private_text(0, UNSURE));
    assert!(state.log.flush(WAIT));
    let key = desk.inbox()[0].key.clone();
    let before = desk.files();
    for action in [InboxAction::Add { force: true }, InboxAction::Refuse { force: true }, InboxAction::Later] {
        let id = matches!(action, InboxAction::Add { .. }).then(|| "talks-duration".to_string());
        let data = Callback::Inbox { action, item: key.clone(), id }.encode().unwrap();
        let calls = bot.send(press(&data, &text_message(5, USER_ID, fake_api::BOT_ID as i64, "x")));
        assert_eq!(only_reply(&calls).text, texts::ADMIN_ONLY);
        assert!(calls.iter().any(|c| c.is("answerCallbackQuery") && c.body["text"] == texts::ADMIN_ONLY));
        assert!(edited(&calls).is_empty());
    }
    assert_eq!(desk.files(), before);
    assert_eq!(desk.inbox().len(), 1);
    assert_eq!(only_reply(&bot.send(private_text(0, "/undo"))).text, texts::ADMIN_ONLY);
}

#[test]
fn a_read_only_knowledge_or_an_invalid_result_changes_nothing_and_says_why() {
    use std::os::unix::fs::PermissionsExt;
    let desk = Desk::new();
    let state = desk.state(true);
    let mut bot = Running::start(state.clone());
    bot.send(private_text(0, UNSURE));
    assert!(state.log.flush(WAIT));
    let key = desk.inbox()[0].key.clone();
    let before = desk.files();
    let entries = state.live.snapshot().knowledge().entries.len();
    let add = |id: &str| {
        Callback::Inbox { action: InboxAction::Add { force: true }, item: key.clone(), id: Some(id.to_string()) }
            .encode()
            .unwrap()
    };
    let message = text_message(5, USER_ID, fake_api::BOT_ID as i64, "x");

    std::fs::set_permissions(desk.knowledge(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let calls = bot.send(press(&add("talks-duration"), &message));
    std::fs::set_permissions(desk.knowledge(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let text = edited(&calls)[0].body["text"].as_str().unwrap().to_string();
    assert!(text.starts_with(&texts::curation_failed("")) && text.contains("read-only"), "{text}");

    // An id that is not in the knowledge (renamed since the button was made).
    let calls = bot.send(press(&add("renamed-since"), &message));
    let text = edited(&calls)[0].body["text"].as_str().unwrap().to_string();
    assert!(text.contains("renamed-since"), "{text}");

    assert_eq!(desk.files(), before);
    assert_eq!(state.live.snapshot().knowledge().entries.len(), entries);
    assert_eq!(desk.inbox().len(), 1, "the question stays in the inbox");
    assert_eq!(only_reply(&bot.send(private_text(0, "/undo"))).text, texts::NOTHING_TO_UNDO);
}

#[test]
fn a_phrasing_close_to_an_entrys_is_flagged_before_it_is_written() {
    // Off topic, but worded like the talks-duration entry's phrasings: as an
    // outside group's phrasing it could take that entry's questions.
    let question = "كم استغرقت المحادثات بين بوتين وماكرون؟";
    let desk = Desk::new();
    let state = desk.state(true);
    let mut bot = Running::start(state.clone());
    assert!(!state.live.snapshot().reply(question).matched(), "the engine's decision changed");
    bot.send(private_text(0, question));
    assert!(state.log.flush(WAIT));
    let item = first_item(&mut bot);
    let refuse = item.buttons.iter().find(|b| b.starts_with("i:x:")).unwrap().clone();
    let before = desk.files();
    let calls = bot.send(press(&refuse, &item.message));
    let warning = edited(&calls)[0];
    let text = warning.body["text"].as_str().unwrap();
    assert!(text.starts_with("⚠️") && text.contains("talks-duration"), "{text}");
    assert!(sent(&calls).is_empty(), "the item stays on screen");
    assert_eq!(desk.files(), before, "nothing is written before the curator confirms");
    let anyway = buttons(&warning.body["reply_markup"])[0].clone();
    assert!(anyway.starts_with("i:X:"), "{anyway}");
    bot.send(press(&anyway, &item.message));
    assert_ne!(desk.files(), before);
    assert!(desk.inbox().is_empty());
}
