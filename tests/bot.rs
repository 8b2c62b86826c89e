//! The bot's handler tree, driven by teloxide_tests' `MockBot` (a fake Bot
//! API server inside the test process; no network).
//!
//! `MockBot::new` takes a process-wide lock that it holds until the bot is
//! dropped, so the tests in this file run one at a time even though cargo
//! runs them on several threads (teloxide_tests' README: create the bot
//! first, keep one bot per test).

use std::path::Path;
use std::sync::Arc;

use jawab::bot::commands::{AdminCommands, UserCommands};
use jawab::bot::keyboards::{self, Callback, TOPICS_PER_PAGE};
use jawab::bot::schema::schema;
use jawab::bot::{Admins, State};
use jawab::engine::{Engine, Live};
use jawab::knowledge::Knowledge;
use jawab::matcher::MatcherConfig;
use jawab::questions_log::QuestionLog;
use jawab::reply::{Reply, ReplyKind};
use jawab::texts;
use teloxide::dptree::deps;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButtonKind, InlineKeyboardMarkup, MessageId};
use teloxide::utils::command::BotCommands;
use teloxide_tests::mock_bot::DistributionKey;
use teloxide_tests::{
    MockBot, MockCallbackQuery, MockGroupChat, MockMe, MockMessageSticker, MockMessageText, MockSupergroupChat,
    MockUser,
};

type Mock = MockBot<jawab::bot::schema::Error, DistributionKey>;

/// An MSA question the knowledge base answers.
const QUESTION: &str = "كم استغرقت المحادثات بين بوتين والأسد؟";

fn knowledge_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"))
}

fn engine() -> Engine {
    Engine::load(knowledge_dir(), MatcherConfig::default()).unwrap()
}

fn state(dir: &Path, admins: &str) -> Arc<State> {
    // These tests are about replies; tests/question_log.rs checks the recording.
    State::new(
        Live::load(dir, MatcherConfig::default()).unwrap(),
        Admins::parse(admins).unwrap(),
        QuestionLog::disabled(),
    )
}

/// A bot over the real knowledge; the mock user (`MockUser::ID`) is an admin
/// only if `admin`.
fn mock<T: teloxide_tests::IntoUpdate>(update: T, admin: bool) -> Mock {
    mock_in(update, knowledge_dir(), admin)
}

fn mock_in<T: teloxide_tests::IntoUpdate>(update: T, dir: &Path, admin: bool) -> Mock {
    let mut bot = MockBot::new(update, schema::<Bot>());
    let admins = if admin { MockUser::ID.to_string() } else { String::new() };
    bot.dependencies(deps![state(dir, &admins)]);
    bot
}

fn callback_data(markup: &InlineKeyboardMarkup) -> Vec<String> {
    markup
        .inline_keyboard
        .iter()
        .flatten()
        .map(|b| match &b.kind {
            InlineKeyboardButtonKind::CallbackData(d) => d.clone(),
            other => panic!("not a callback button: {other:?}"),
        })
        .collect()
}

fn answer_data(ids: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<String> {
    ids.into_iter().map(|id| Callback::Answer(id.as_ref().to_string()).encode().unwrap()).collect()
}

/// The only message the bot sent: its text and buttons.
fn only_reply(bot: &Mock) -> (String, Option<InlineKeyboardMarkup>, Message) {
    let responses = bot.get_responses();
    assert_eq!(responses.sent_messages.len(), 1, "expected exactly one reply");
    let sent = &responses.sent_messages_text[0];
    (sent.bot_request.text.clone(), sent.message.reply_markup().cloned(), sent.message.clone())
}

/// The /start greeting for the real knowledge.
fn expected_start() -> String {
    let e = engine();
    let questions: Vec<&str> = keyboards::examples(e.knowledge()).iter().map(|e| e.questions[0].as_str()).collect();
    texts::start(&questions)
}

#[tokio::test]
async fn start_greets_with_three_example_buttons() {
    let mut bot = mock(MockMessageText::new().text("/start"), false);
    bot.dispatch().await;
    let (text, markup, _) = only_reply(&bot);
    let e = engine();
    let examples = keyboards::examples(e.knowledge());
    assert_eq!(examples.len(), 3);
    assert_eq!(text, expected_start());
    assert_eq!(callback_data(&markup.unwrap()), answer_data(examples.iter().map(|e| &e.id)));
}

#[tokio::test]
async fn help_lists_the_commands_and_admin_commands_only_for_admins() {
    let mut bot = mock(MockMessageText::new().text("/help"), false);
    bot.dispatch().await;
    assert_eq!(only_reply(&bot).0, UserCommands::descriptions().to_string());
    drop(bot);

    let mut bot = mock(MockMessageText::new().text("/help"), true);
    bot.dispatch().await;
    let text = only_reply(&bot).0;
    assert!(text.starts_with(&UserCommands::descriptions().to_string()));
    assert!(text.ends_with(&AdminCommands::descriptions().to_string()));
}

#[tokio::test]
async fn about_names_the_article() {
    let mut bot = mock(MockMessageText::new().text("/about"), false);
    bot.dispatch().await;
    let e = engine();
    let kb = e.knowledge();
    assert!(!kb.article.title.is_empty());
    assert_eq!(only_reply(&bot).0, texts::about(&kb.article.title, &kb.article.source, kb.entries.len()));
}

#[tokio::test]
async fn topics_are_paginated_buttons_and_a_press_answers_or_turns_the_page() {
    let mut bot = mock(MockMessageText::new().text("/topics"), false);
    bot.dispatch().await;
    let (text, markup, sent) = only_reply(&bot);
    let e = engine();
    let kb = e.knowledge();
    let pages = keyboards::topic_pages(kb);
    assert!(pages > 1, "the real knowledge needs more than one page");
    assert_eq!(text, texts::topics_page(1, pages));
    let data = callback_data(&markup.unwrap());
    let mut expected = answer_data(kb.entries.iter().take(TOPICS_PER_PAGE).map(|e| &e.id));
    expected.push(Callback::Topics(1).encode().unwrap());
    assert_eq!(data, expected);

    // Press the first question's button.
    let id = &kb.entries[0].id;
    bot.update(MockCallbackQuery::new().data(&data[0]).message(sent.clone()));
    bot.dispatch().await;
    let responses = bot.get_responses();
    assert_eq!(responses.answered_callback_queries.len(), 1);
    let (text, markup, _) = only_reply(&bot);
    let reply = e.reply_for(id).unwrap();
    assert_eq!(text, reply.text);
    assert_eq!(markup.map(|m| callback_data(&m)).unwrap_or_default(), answer_data(reply.related.iter().map(|o| &o.id)));

    // Press "next": the list message is edited in place to page 2.
    bot.update(MockCallbackQuery::new().data(Callback::Topics(1).encode().unwrap()).message(sent));
    bot.dispatch().await;
    let responses = bot.get_responses();
    assert_eq!(responses.answered_callback_queries.len(), 1);
    assert!(responses.sent_messages.is_empty());
    let edited = responses.edited_messages_text.last().expect("the page was not turned");
    assert_eq!(edited.bot_request.text, texts::topics_page(2, pages));
    let data = callback_data(&edited.message.reply_markup().unwrap().clone());
    assert_eq!(data[0], answer_data([&kb.entries[TOPICS_PER_PAGE].id])[0]);
    assert!(data.contains(&Callback::Topics(0).encode().unwrap()));
}

fn assert_answered(bot_text: &str, reply: &Reply, id: &str) {
    assert_eq!(reply.id(), Some(id), "the engine's decision changed: {reply:?}");
    assert_eq!(bot_text, reply.text);
}

#[tokio::test]
async fn a_question_is_answered_with_follow_up_buttons() {
    let mut bot = mock(MockMessageText::new().text(QUESTION), false);
    bot.dispatch().await;
    let (text, markup, _) = only_reply(&bot);
    let reply = engine().reply(QUESTION);
    assert_answered(&text, &reply, "talks-duration");
    assert!(!reply.related.is_empty());
    assert_eq!(callback_data(&markup.unwrap()), answer_data(reply.related.iter().map(|o| &o.id)));
}

#[tokio::test]
async fn a_dialect_question_is_answered() {
    // Levantine wording of "when did Putin first visit Damascus", written for this test.
    let question = "امتى اجا بوتين عدمشق اول مرة؟";
    let mut bot = mock(MockMessageText::new().text(question), false);
    bot.dispatch().await;
    let (text, _, _) = only_reply(&bot);
    assert_answered(&text, &engine().reply(question), "putin-damascus");
}

/// A question the engine is unsure about (found with `jawab ask --json`):
/// a bare "the forces", which the military-help entry only half covers.
const UNSURE: &str = "القوات";

#[tokio::test]
async fn a_suggestion_offers_buttons_and_a_press_answers() {
    let reply = engine().reply(UNSURE);
    assert_eq!(reply.kind, ReplyKind::Suggest, "the engine's decision changed: {reply:?}");
    let mut bot = mock(MockMessageText::new().text(UNSURE), false);
    bot.dispatch().await;
    let (text, markup, sent) = only_reply(&bot);
    assert_eq!(text, reply.text);
    let data = callback_data(&markup.unwrap());
    let shown = reply.suggestions.len().min(keyboards::MAX_SUGGESTIONS);
    assert_eq!(data, answer_data(reply.suggestions.iter().take(shown).map(|o| &o.id)));

    let chosen = &reply.suggestions[0].id;
    bot.update(MockCallbackQuery::new().data(&data[0]).message(sent));
    bot.dispatch().await;
    assert_eq!(bot.get_responses().answered_callback_queries.len(), 1);
    let (text, _, _) = only_reply(&bot);
    assert_eq!(text, engine().reply_for(chosen).unwrap().text);
}

#[tokio::test]
async fn a_stale_button_gets_a_polite_reply() {
    let mut bot = mock(MockCallbackQuery::new().data("a:removed-on-reload"), false);
    bot.dispatch().await;
    assert_eq!(bot.get_responses().answered_callback_queries.len(), 1);
    assert_eq!(only_reply(&bot).0, texts::STALE_BUTTON);

    bot.update(MockCallbackQuery::new().data("garbage"));
    bot.dispatch().await;
    let responses = bot.get_responses();
    assert_eq!(responses.answered_callback_queries[0].text.as_deref(), Some(texts::STALE_BUTTON));
    assert_eq!(only_reply(&bot).0, texts::STALE_BUTTON);
}

#[tokio::test]
async fn an_unrelated_question_gets_the_fallback() {
    let question = "ما هي عاصمة البرازيل وكم عدد سكانها؟";
    let mut bot = mock(MockMessageText::new().text(question), false);
    bot.dispatch().await;
    let (text, markup, _) = only_reply(&bot);
    assert_eq!(engine().reply(question).kind, ReplyKind::NoMatch);
    assert_eq!(text, texts::FALLBACK);
    assert!(markup.is_none());
}

#[tokio::test]
async fn emoji_only_and_unknown_commands_are_handled_politely() {
    let mut bot = mock(MockMessageText::new().text("🙂👍!!"), false);
    bot.dispatch().await;
    assert_eq!(only_reply(&bot).0, texts::EMPTY_QUESTION);

    bot.update(MockMessageText::new().text("/weather"));
    bot.dispatch().await;
    assert_eq!(only_reply(&bot).0, texts::UNKNOWN_COMMAND);

    // A t.me/<bot>?start=… link sends "/start <payload>": still the greeting.
    bot.update(MockMessageText::new().text("/start from-website"));
    bot.dispatch().await;
    assert_eq!(only_reply(&bot).0, expected_start());
}

#[tokio::test]
async fn a_sticker_gets_a_request_for_a_written_question() {
    let mut bot = mock(MockMessageSticker::new(), false);
    bot.dispatch().await;
    assert_eq!(only_reply(&bot).0, texts::NON_TEXT);
}

#[tokio::test]
async fn in_a_group_the_bot_is_silent_unless_addressed() {
    let group = MockGroupChat::new().build();
    let mut bot = mock(MockMessageText::new().text(QUESTION).chat(group.clone()), false);
    bot.dispatch().await;
    assert!(bot.get_responses().sent_messages.is_empty(), "answered a message not addressed to it");

    bot.update(MockMessageSticker::new().chat(group.clone()));
    bot.dispatch().await;
    assert!(bot.get_responses().sent_messages.is_empty(), "answered a sticker not addressed to it");

    // Someone else's bot.
    bot.update(MockMessageText::new().text("/topics@other_bot").chat(group.clone()));
    bot.dispatch().await;
    assert!(bot.get_responses().sent_messages.is_empty(), "answered another bot's command");

    // A mention (any case), stripped before matching; the reply quotes the asker.
    let asked = MockMessageText::new()
        .text(format!("@{} {QUESTION}", MockMe::USERNAME.to_uppercase()))
        .chat(group.clone())
        .id(501);
    bot.update(asked);
    bot.dispatch().await;
    let (text, _, sent) = only_reply(&bot);
    assert_answered(&text, &engine().reply(QUESTION), "talks-duration");
    assert_eq!(sent.reply_to_message().map(|m| m.id), Some(MessageId(501)));

    // A command with the bot's name.
    bot.update(MockMessageText::new().text(format!("/about@{}", MockMe::USERNAME)).chat(group).id(502));
    bot.dispatch().await;
    let (text, _, sent) = only_reply(&bot);
    let e = engine();
    assert_eq!(
        text,
        texts::about(&e.knowledge().article.title, &e.knowledge().article.source, e.knowledge().entries.len())
    );
    assert_eq!(sent.reply_to_message().map(|m| m.id), Some(MessageId(502)));
}

#[tokio::test]
async fn in_a_supergroup_a_reply_to_the_bot_is_addressed() {
    let chat = MockSupergroupChat::new().build();
    let me = MockMe::new().build();
    let from_bot = MockMessageText::new().text(texts::FALLBACK).chat(chat.clone()).from(me.user.clone()).id(700);
    let question =
        MockMessageText::new().text(QUESTION).chat(chat.clone()).reply_to_message(from_bot.clone().build()).id(701);
    let mut bot = mock(vec![from_bot.clone(), question], false);
    bot.dispatch().await;
    let (text, _, sent) = only_reply(&bot);
    assert_eq!(text, engine().reply(QUESTION).text);
    assert_eq!(sent.reply_to_message().map(|m| m.id), Some(MessageId(701)));

    // A sticker in reply to the bot gets the request for text.
    let sticker = MockMessageSticker::new().chat(chat).reply_to_message(from_bot.build()).id(702);
    bot.update(sticker);
    bot.dispatch().await;
    assert_eq!(only_reply(&bot).0, texts::NON_TEXT);
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

#[tokio::test]
async fn admin_reload_swaps_in_the_edited_knowledge() {
    let dir = copy_knowledge();
    let new_question = "ما لون الثلج في حديقة الكرملين الخلفية؟";
    let mut bot = mock_in(MockMessageText::new().text("/reload"), dir.path(), true);
    std::fs::write(dir.path().join("9-test.toml"), NEW_ENTRY).unwrap();
    bot.dispatch().await;
    let n = Knowledge::load(dir.path()).unwrap().entries.len();
    assert_eq!(n, engine().knowledge().entries.len() + 1);
    assert_eq!(only_reply(&bot).0, texts::reloaded(n));

    bot.update(MockMessageText::new().text(new_question));
    bot.dispatch().await;
    assert_eq!(
        only_reply(&bot).0,
        Engine::load(dir.path(), MatcherConfig::default()).unwrap().reply_for("test-added-entry").unwrap().text
    );
}

#[tokio::test]
async fn admin_reload_of_a_broken_file_reports_file_and_line_and_keeps_answering() {
    let dir = copy_knowledge();
    let mut bot = mock_in(MockMessageText::new().text("/reload"), dir.path(), true);
    let broken = dir.path().join("9-broken.toml");
    std::fs::write(&broken, "[[entry]]\nid = \"half-written\"\nquestions = [\"سؤال؟\"]\n").unwrap();
    bot.dispatch().await;
    let problems = Knowledge::load(dir.path()).unwrap_err().problems();
    assert!(problems.iter().any(|p| p.starts_with(&format!("{}:1:", broken.display()))), "{problems:?}");
    let text = only_reply(&bot).0;
    assert_eq!(text, texts::reload_failed(&problems));

    bot.update(MockMessageText::new().text(QUESTION));
    bot.dispatch().await;
    assert_answered(&only_reply(&bot).0, &engine().reply(QUESTION), "talks-duration");
}

#[tokio::test]
async fn a_non_admin_cannot_reload() {
    let dir = copy_knowledge();
    let mut bot = mock_in(MockMessageText::new().text("/reload"), dir.path(), false);
    // Were the reload to run, this entry would appear.
    std::fs::write(dir.path().join("9-test.toml"), NEW_ENTRY).unwrap();
    bot.dispatch().await;
    assert_eq!(only_reply(&bot).0, texts::ADMIN_ONLY);

    bot.update(MockMessageText::new().text("/topics"));
    bot.dispatch().await;
    let pages = keyboards::topic_pages(engine().knowledge());
    assert_eq!(only_reply(&bot).0, texts::topics_page(1, pages));
    bot.update(MockCallbackQuery::new().data("a:test-added-entry"));
    bot.dispatch().await;
    assert_eq!(only_reply(&bot).0, texts::STALE_BUTTON, "the refused reload happened anyway");
}
