//! What the bot answers: commands, questions, buttons, groups, reloads.

use serde_json::json;

use super::fake_api::{BOT_ID, BOT_USERNAME, message_update, private_text, sticker_message};
use super::*;
use crate::bot::commands::{AdminCommands, UserCommands};
use crate::bot::keyboards::{self, Callback, TOPICS_PER_PAGE};
use crate::knowledge::Knowledge;
use crate::reply::{Reply, ReplyKind};
use crate::texts;
use teloxide::utils::command::BotCommands;

/// An MSA question the knowledge base answers.
const QUESTION: &str = "كم استغرقت المحادثات بين بوتين والأسد؟";

/// A group and a supergroup (see `fake_api::chat`).
const GROUP: i64 = -100;
const SUPERGROUP: i64 = -100_200;

fn answer_data(ids: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<String> {
    ids.into_iter().map(|id| Callback::Answer(id.as_ref().to_string()).encode().unwrap()).collect()
}

/// The buttons of an answer of `id`: the follow-ups, then 👍 and 👎 for the
/// question of `key` (0: the answer to a button).
fn answer_buttons(reply: &Reply, id: &str, key: i64) -> Vec<String> {
    let mut data = answer_data(reply.related.iter().map(|o| &o.id));
    for up in [true, false] {
        data.push(Callback::Vote { up, key, id: id.to_string() }.encode().unwrap());
    }
    data
}

/// The reply key a typed question's answer carries on its 👍 button.
fn key_of(buttons: &[String]) -> i64 {
    match buttons.iter().rev().find_map(|b| Callback::parse(b)) {
        Some(Callback::Vote { key, .. } | Callback::Suggested { key, .. }) => key,
        other => panic!("no vote or suggestion button: {other:?} in {buttons:?}"),
    }
}

/// A press of the button with `data` on `message`, by the stand-in's user.
fn press(data: &str, message: &Value) -> Value {
    callback_update(0, "press", USER_ID, data, message.clone())
}

/// A press on a message of the bot's that the test did not see being sent.
fn press_on_old_message(data: &str) -> Value {
    press(data, &text_message(5, USER_ID, BOT_ID as i64, "رسالة قديمة"))
}

/// The /start greeting for the real knowledge.
fn expected_start() -> String {
    let e = engine();
    let questions: Vec<&str> = keyboards::examples(e.knowledge()).iter().map(|e| e.questions[0].as_str()).collect();
    texts::start(&questions)
}

#[test]
fn start_greets_with_three_example_buttons() {
    let mut bot = Running::start(state(false));
    let reply = only_reply(&bot.send(private_text(0, "/start")));
    let e = engine();
    let examples = keyboards::examples(e.knowledge());
    assert_eq!(examples.len(), 3);
    assert_eq!(reply.text, expected_start());
    assert_eq!(reply.buttons, answer_data(examples.iter().map(|e| &e.id)));
}

#[test]
fn help_lists_the_commands_and_admin_commands_only_for_admins() {
    let mut bot = Running::start(state(false));
    assert_eq!(only_reply(&bot.send(private_text(0, "/help"))).text, UserCommands::descriptions().to_string());
    drop(bot);

    let mut bot = Running::start(state(true));
    let text = only_reply(&bot.send(private_text(0, "/help"))).text;
    assert!(text.starts_with(&UserCommands::descriptions().to_string()));
    assert!(text.ends_with(&AdminCommands::descriptions().to_string()));
}

#[test]
fn about_names_the_article() {
    let mut bot = Running::start(state(false));
    let text = only_reply(&bot.send(private_text(0, "/about"))).text;
    let e = engine();
    let kb = e.knowledge();
    assert!(!kb.article.title.is_empty());
    assert_eq!(text, texts::about(&kb.article.title, &kb.article.source, kb.entries.len()));
}

#[test]
fn topics_are_paginated_buttons_and_a_press_answers_or_turns_the_page() {
    let mut bot = Running::start(state(false));
    let list = only_reply(&bot.send(private_text(0, "/topics")));
    let e = engine();
    let kb = e.knowledge();
    let pages = keyboards::topic_pages(kb);
    assert!(pages > 1, "the real knowledge needs more than one page");
    assert_eq!(list.text, texts::topics_page(1, pages));
    let mut expected = answer_data(kb.entries.iter().take(TOPICS_PER_PAGE).map(|e| &e.id));
    expected.push(Callback::Topics(1).encode().unwrap());
    assert_eq!(list.buttons, expected);

    // Press the first question's button.
    let id = &kb.entries[0].id;
    let calls = bot.send(press(&list.buttons[0], &list.message));
    assert_eq!(answered_callbacks(&calls).len(), 1);
    let answer = only_reply(&calls);
    let reply = e.reply_for(id).unwrap();
    assert_eq!(answer.text, reply.text);
    assert_eq!(answer.buttons, answer_buttons(&reply, id, 0));

    // Press "next": the list message is edited in place to page 2.
    let calls = bot.send(press(&Callback::Topics(1).encode().unwrap(), &list.message));
    assert_eq!(answered_callbacks(&calls).len(), 1);
    assert!(sent(&calls).is_empty());
    let edited = calls.iter().rfind(|c| c.is("editMessageText")).expect("the page was not turned");
    assert_eq!(edited.body["message_id"], list.message["message_id"]);
    assert_eq!(edited.body["text"], texts::topics_page(2, pages).as_str());
    let data = buttons(&edited.body["reply_markup"]);
    assert_eq!(data[0], answer_data([&kb.entries[TOPICS_PER_PAGE].id])[0]);
    assert!(data.contains(&Callback::Topics(0).encode().unwrap()));
}

fn assert_answered(bot_text: &str, reply: &Reply, id: &str) {
    assert_eq!(reply.id(), Some(id), "the engine's decision changed: {reply:?}");
    assert_eq!(bot_text, reply.text);
}

#[test]
fn a_question_is_answered_with_follow_up_buttons() {
    let mut bot = Running::start(state(false));
    let sent = only_reply(&bot.send(private_text(0, QUESTION)));
    let reply = engine().reply(QUESTION);
    assert_answered(&sent.text, &reply, "talks-duration");
    assert!(!reply.related.is_empty());
    let key = key_of(&sent.buttons);
    assert_ne!(key, 0);
    assert_eq!(sent.buttons, answer_buttons(&reply, "talks-duration", key));
    // Each question's reply has its own key.
    let again = only_reply(&bot.send(private_text(0, QUESTION)));
    assert_ne!(key_of(&again.buttons), key);
    // In a private chat the answer is no reply to the question.
    assert_eq!(sent.replies_to(), None);
}

#[test]
fn a_dialect_question_is_answered() {
    // Levantine wording of "when did Putin first visit Damascus", written for this test.
    let question = "امتى اجا بوتين عدمشق اول مرة؟";
    let mut bot = Running::start(state(false));
    let sent = only_reply(&bot.send(private_text(0, question)));
    assert_answered(&sent.text, &engine().reply(question), "putin-damascus");
}

/// A question the engine is unsure about (found with `jawab ask --json`):
/// a bare "the Russian support", which the military-help entry only half
/// covers.
const UNSURE: &str = "الدعم الروسي";

#[test]
fn a_suggestion_offers_buttons_and_a_press_answers() {
    let reply = engine().reply(UNSURE);
    assert_eq!(reply.kind, ReplyKind::Suggest, "the engine's decision changed: {reply:?}");
    let mut bot = Running::start(state(false));
    let sent = only_reply(&bot.send(private_text(0, UNSURE)));
    assert_eq!(sent.text, reply.text);
    let shown = reply.suggestions.len().min(keyboards::MAX_SUGGESTIONS);
    let key = key_of(&sent.buttons);
    let expected: Vec<String> = reply.suggestions[..shown]
        .iter()
        .map(|o| Callback::Suggested { key, id: o.id.clone() }.encode().unwrap())
        .collect();
    assert_eq!(sent.buttons, expected);

    // The chosen answer carries 👍 / 👎 for the question that was asked.
    let chosen = &reply.suggestions[0].id;
    let calls = bot.send(press(&sent.buttons[0], &sent.message));
    assert_eq!(answered_callbacks(&calls).len(), 1);
    let answer = only_reply(&calls);
    let expected = engine().reply_for(chosen).unwrap();
    assert_eq!(answer.text, expected.text);
    assert_eq!(answer.buttons, answer_buttons(&expected, chosen, key));
}

#[test]
fn a_stale_button_gets_a_polite_reply() {
    let mut bot = Running::start(state(false));
    let calls = bot.send(press_on_old_message("a:removed-on-reload"));
    assert_eq!(answered_callbacks(&calls).len(), 1);
    assert_eq!(only_reply(&calls).text, texts::STALE_BUTTON);

    let calls = bot.send(press_on_old_message("garbage"));
    assert_eq!(answered_callbacks(&calls)[0].body["text"], texts::STALE_BUTTON);
    assert_eq!(only_reply(&calls).text, texts::STALE_BUTTON);
}

#[test]
fn an_unrelated_question_gets_the_fallback() {
    let question = "ما هي عاصمة البرازيل وكم عدد سكانها؟";
    let mut bot = Running::start(state(false));
    let sent = only_reply(&bot.send(private_text(0, question)));
    assert_eq!(engine().reply(question).kind, ReplyKind::NoMatch);
    assert_eq!(sent.text, texts::FALLBACK);
    assert!(sent.buttons.is_empty() && sent.body.get("reply_markup").is_none());
}

#[test]
fn emoji_only_and_unknown_commands_are_handled_politely() {
    let mut bot = Running::start(state(false));
    assert_eq!(only_reply(&bot.send(private_text(0, "🙂👍!!"))).text, texts::EMPTY_QUESTION);
    assert_eq!(only_reply(&bot.send(private_text(0, "/weather"))).text, texts::UNKNOWN_COMMAND);
    // A t.me/<bot>?start=… link sends "/start <payload>": still the greeting.
    assert_eq!(only_reply(&bot.send(private_text(0, "/start from-website"))).text, expected_start());
}

#[test]
fn a_sticker_gets_a_request_for_a_written_question() {
    let mut bot = Running::start(state(false));
    let calls = bot.send(message_update(0, sticker_message(10, USER_ID, USER_ID)));
    assert_eq!(only_reply(&calls).text, texts::NON_TEXT);
}

#[test]
fn in_a_group_the_bot_is_silent_unless_addressed() {
    let mut bot = Running::start(state(false));
    let in_group = |id: i64, text: &str| message_update(0, text_message(id, GROUP, USER_ID, text));
    assert!(sent(&bot.send(in_group(500, QUESTION))).is_empty(), "answered a message not addressed to it");
    let sticker = message_update(0, sticker_message(500, GROUP, USER_ID));
    assert!(sent(&bot.send(sticker)).is_empty(), "answered a sticker not addressed to it");
    // Someone else's bot.
    assert!(sent(&bot.send(in_group(500, "/topics@other_bot"))).is_empty(), "answered another bot's command");

    // A mention (any case), stripped before matching; the reply quotes the asker.
    let asked = in_group(501, &format!("@{} {QUESTION}", BOT_USERNAME.to_uppercase()));
    let reply = only_reply(&bot.send(asked));
    assert_answered(&reply.text, &engine().reply(QUESTION), "talks-duration");
    assert_eq!(reply.replies_to(), Some(501));

    // A command with the bot's name.
    let reply = only_reply(&bot.send(in_group(502, &format!("/about@{BOT_USERNAME}"))));
    let e = engine();
    let kb = e.knowledge();
    assert_eq!(reply.text, texts::about(&kb.article.title, &kb.article.source, kb.entries.len()));
    assert_eq!(reply.replies_to(), Some(502));
}

#[test]
fn in_a_supergroup_a_reply_to_the_bot_is_addressed() {
    let mut bot = Running::start(state(false));
    let from_bot = json!({
        "message_id": 700, "date": 1_700_000_000, "chat": fake_api::chat(SUPERGROUP),
        "from": {"id": BOT_ID, "is_bot": true, "first_name": "Jawab", "username": BOT_USERNAME},
        "text": texts::FALLBACK
    });
    // The bot's own message, as the group sees it, gets nothing.
    assert!(sent(&bot.send(message_update(0, from_bot.clone()))).is_empty());
    let mut question = text_message(701, SUPERGROUP, USER_ID, QUESTION);
    question["reply_to_message"] = from_bot.clone();
    let reply = only_reply(&bot.send(message_update(0, question)));
    assert_eq!(reply.text, engine().reply(QUESTION).text);
    assert_eq!(reply.replies_to(), Some(701));

    // A sticker in reply to the bot gets the request for text.
    let mut sticker = sticker_message(702, SUPERGROUP, USER_ID);
    sticker["reply_to_message"] = from_bot;
    assert_eq!(only_reply(&bot.send(message_update(0, sticker))).text, texts::NON_TEXT);
}

fn copy_knowledge() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(knowledge_dir()).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    dir
}

const NEW_ENTRY: &str = r#"
[[entry]]
id = "test-added-entry"
questions = ["ما لون الثلج في حديقة الكرملين الخلفية؟", "لون الثلج بحديقة الكرملين", "شو لون ثلج حديقة الكرملين؟", "ايش لون الثلج في حديقة الكرملين؟"]
answer = "جواب أضيف في الاختبار."
paragraph = 1
"#;

#[test]
fn admin_reload_swaps_in_the_edited_knowledge() {
    let dir = copy_knowledge();
    let new_question = "ما لون الثلج في حديقة الكرملين الخلفية؟";
    let mut bot = Running::start(state_in(dir.path(), true, QuestionLog::disabled()));
    std::fs::write(dir.path().join("9-test.toml"), NEW_ENTRY).unwrap();
    let text = only_reply(&bot.send(private_text(0, "/reload"))).text;
    let n = Knowledge::load(dir.path()).unwrap().entries.len();
    assert_eq!(n, engine().knowledge().entries.len() + 1);
    assert_eq!(text, texts::reloaded(n));

    let text = only_reply(&bot.send(private_text(0, new_question))).text;
    let reloaded = Engine::load(dir.path(), MatcherConfig::default()).unwrap();
    assert_eq!(text, reloaded.reply_for("test-added-entry").unwrap().text);
}

#[test]
fn admin_reload_of_a_broken_file_reports_file_and_line_and_keeps_answering() {
    let dir = copy_knowledge();
    let mut bot = Running::start(state_in(dir.path(), true, QuestionLog::disabled()));
    let broken = dir.path().join("9-broken.toml");
    std::fs::write(&broken, "[[entry]]\nid = \"half-written\"\nquestions = [\"سؤال؟\"]\n").unwrap();
    let text = only_reply(&bot.send(private_text(0, "/reload"))).text;
    let problems = Knowledge::load(dir.path()).unwrap_err().problems();
    assert!(problems.iter().any(|p| p.starts_with(&format!("{}:1:", broken.display()))), "{problems:?}");
    assert_eq!(text, texts::reload_failed(&problems));

    let text = only_reply(&bot.send(private_text(0, QUESTION))).text;
    assert_answered(&text, &engine().reply(QUESTION), "talks-duration");
}

#[test]
fn a_non_admin_cannot_reload() {
    let dir = copy_knowledge();
    let mut bot = Running::start(state_in(dir.path(), false, QuestionLog::disabled()));
    // Were the reload to run, this entry would appear.
    std::fs::write(dir.path().join("9-test.toml"), NEW_ENTRY).unwrap();
    assert_eq!(only_reply(&bot.send(private_text(0, "/reload"))).text, texts::ADMIN_ONLY);

    let pages = keyboards::topic_pages(engine().knowledge());
    assert_eq!(only_reply(&bot.send(private_text(0, "/topics"))).text, texts::topics_page(1, pages));
    let calls = bot.send(press_on_old_message("a:test-added-entry"));
    assert_eq!(only_reply(&calls).text, texts::STALE_BUTTON, "the refused reload happened anyway");
}
