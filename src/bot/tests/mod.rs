//! The bot's tests: its helpers here, and in the files beside this one the
//! real handler tree, dispatcher and HTTP client driven through a stand-in
//! Bot API on 127.0.0.1 (`tests/support/fake_api.rs`, shared with the tests
//! of the real binary).
//!
//! Each update is followed by a sentinel: a button press in the same chat.
//! teloxide handles one chat's updates one at a time, in order, so once the
//! sentinel is answered every request the update caused has been made, and
//! "exactly one reply" or "no reply" can be asserted without waiting on a
//! clock.

mod curation;
mod dispatch;
mod question_log;
mod replies;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use teloxide::prelude::*;

use super::*;
use crate::config::Admins;
use crate::engine::Engine;
use crate::questions_log::QuestionLog;
#[allow(dead_code)]
#[path = "../../../tests/support/fake_api.rs"]
mod fake_api;
use fake_api::{Call, FakeApi, Script, USER_ID, callback_update, text_message};

/// A token of the right shape; the stand-in accepts any.
const TOKEN: &str = "4242:TEST-token";

/// How long a test waits for the bot before it fails.
const WAIT: Duration = Duration::from_secs(10);

/// The data of the sentinel's button: no button of the bot carries it.
const SENTINEL: &str = "sentinel";

fn knowledge_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"))
}

/// The engine over the real knowledge, to compare the bot's replies with.
fn engine() -> Engine {
    Engine::load(knowledge_dir(), MatcherConfig::default()).unwrap()
}

/// The shared state over the knowledge at `dir`, with the stand-in's user
/// as the only admin if `admin`.
fn state_in(dir: &Path, admin: bool, log: QuestionLog) -> Arc<State> {
    let admins = if admin { USER_ID.to_string() } else { String::new() };
    State::new(Live::load(dir, MatcherConfig::default()).unwrap(), Admins::parse(&admins).unwrap(), log)
}

/// The real knowledge, no question log (tests/question_log checks recording).
fn state(admin: bool) -> Arc<State> {
    state_in(knowledge_dir(), admin, QuestionLog::disabled())
}

/// A bot running the real dispatcher over a real `Bot` whose requests go
/// to a stand-in API; stopped when dropped.
struct Running {
    api: FakeApi,
    stop: tokio::sync::watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// The next update id, and the next sentinel's.
    next: i64,
    /// How many calls earlier exchanges account for.
    seen: usize,
}

impl Running {
    /// Starts the bot with `state` and waits until it polls.
    fn start(state: Arc<State>) -> Running {
        let api = FakeApi::start(Script::default());
        let bot = Bot::new(TOKEN).set_api_url(api.url.parse().unwrap());
        let (stop, stopping) = tokio::sync::watch::channel(false);
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let me = bot.get_me().await.unwrap();
                handle_updates(bot, me, state, TOKEN.to_string(), stopping, Feed::Polling).await.unwrap()
            });
        });
        api.wait_until(WAIT, |calls| calls.iter().any(|c| c.is("getUpdates"))).expect("the bot did not poll");
        Running { api, stop, thread: Some(thread), next: 1, seen: 0 }
    }

    /// Sends `update` (its `update_id` is set here) and returns the requests
    /// the bot made for it, polling left out.
    fn send(&mut self, mut update: Value) -> Vec<Call> {
        let chat = chat_of(&update).expect("an update in a chat");
        update["update_id"] = Value::from(self.id());
        self.api.push(update);
        let id = self.id();
        let query = format!("sentinel-{id}");
        let sentinel = text_message(1, chat, USER_ID, "");
        self.api.push(callback_update(id, &query, USER_ID, SENTINEL, sentinel));
        // The sentinel is answered once the update is handled; its own
        // message follows.
        let is_sentinel = |c: &Call| c.is("answerCallbackQuery") && c.body["callback_query_id"] == query.as_str();
        let calls = self
            .api
            .wait_until(WAIT, |calls| {
                calls[self.seen..]
                    .iter()
                    .position(is_sentinel)
                    .is_some_and(|i| calls[self.seen + i..].iter().any(|c| c.is("sendMessage")))
            })
            .expect("the bot did not handle the update in time");
        let from = self.seen;
        let upto = from + calls[from..].iter().position(is_sentinel).unwrap();
        self.seen = calls.len();
        calls[from..upto].iter().filter(|c| !c.is("getUpdates")).cloned().collect()
    }

    fn id(&mut self) -> i64 {
        self.next += 1;
        self.next - 1
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // A test that failed may have left the bot in any state, so the wait
        // is bounded.
        self.stop.send_replace(true);
        if let Some(thread) = self.thread.take() {
            let deadline = std::time::Instant::now() + WAIT;
            while !thread.is_finished() && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            if thread.is_finished() && !std::thread::panicking() {
                thread.join().expect("the dispatcher failed");
            }
        }
    }
}

/// The chat an update belongs to (as teloxide distributes updates).
fn chat_of(update: &Value) -> Option<i64> {
    update["message"]["chat"]["id"].as_i64().or_else(|| update["callback_query"]["message"]["chat"]["id"].as_i64())
}

/// A message the bot sent: the request and what the API answered.
struct Sent {
    text: String,
    /// The buttons' callback data, row by row flattened.
    buttons: Vec<String>,
    /// The request.
    body: Value,
    /// The message as the API returned it (to press its buttons).
    message: Value,
}

impl Sent {
    fn of(call: &Call) -> Sent {
        Sent {
            text: call.body["text"].as_str().unwrap_or_default().to_string(),
            buttons: buttons(&call.body["reply_markup"]),
            body: call.body.clone(),
            message: call.result.clone(),
        }
    }

    /// The message it replies to, if any (outside private chats).
    fn replies_to(&self) -> Option<i64> {
        self.body["reply_parameters"]["message_id"].as_i64()
    }
}

/// Every button's callback data, in order.
fn buttons(markup: &Value) -> Vec<String> {
    let rows = markup["inline_keyboard"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .map(|b| b["callback_data"].as_str().unwrap_or_else(|| panic!("not a callback button: {b}")).to_string())
        .collect()
}

/// The messages sent, in order.
fn sent(calls: &[Call]) -> Vec<Sent> {
    calls.iter().filter(|c| c.is("sendMessage")).map(Sent::of).collect()
}

/// The only message sent.
fn only_reply(calls: &[Call]) -> Sent {
    let sent = sent(calls);
    assert_eq!(sent.len(), 1, "expected exactly one reply: {calls:?}");
    sent.into_iter().next().unwrap()
}

/// How many button presses were answered.
fn answered_callbacks(calls: &[Call]) -> Vec<&Call> {
    calls.iter().filter(|c| c.is("answerCallbackQuery")).collect()
}

#[test]
fn the_token_is_redacted() {
    assert_eq!(redact("GET /bot1:abc/getMe failed", "1:abc"), "GET /bot<token>/getMe failed");
    assert_eq!(redact("nothing to hide", ""), "nothing to hide");
}

#[test]
fn a_body_that_is_not_json_is_described_without_its_text() {
    let raw = r#"{"ok":true,"result":[{"text":"call me on 0999123456"#;
    let source = serde_json::from_str::<Value>(raw).unwrap_err();
    let error = teloxide::RequestError::InvalidJson { source: Arc::new(source), raw: raw.into() };
    let from_handler: api::Error = Box::new(error.clone());
    for text in [describe(&error), describe(&from_handler)] {
        assert!(text.contains("not valid JSON") && text.contains(&format!("{} bytes", raw.len())), "{text}");
        assert!(!text.contains("0999123456"), "{text}");
    }
}

#[test]
fn fit_cuts_on_char_boundaries() {
    assert_eq!(fit("قصير"), "قصير");
    let long = "😀".repeat(3000); // 2 UTF-16 units each
    assert!(fit(&long).encode_utf16().count() <= MAX_MESSAGE_UTF16);
    let text = "ب".repeat(5000);
    let cut = fit(&text);
    assert_eq!(cut.encode_utf16().count(), MAX_MESSAGE_UTF16);
    assert!(cut.ends_with(crate::texts::CUT_MARK));
    let exact = "ب".repeat(MAX_MESSAGE_UTF16);
    assert_eq!(fit(&exact), exact);
}

/// The harness itself: a message in a chat nobody addressed the bot in gets
/// no reply, and the sentinel's own reply never leaks into the next
/// exchange.
#[test]
fn the_sentinel_separates_exchanges() {
    let mut bot = Running::start(state(false));
    let group = -5;
    assert!(sent(&bot.send(fake_api::message_update(0, text_message(3, group, USER_ID, "مرحبا")))).is_empty());
    let calls = bot.send(fake_api::private_text(0, "/about"));
    assert_eq!(only_reply(&calls).text, texts_about());
    for c in &calls {
        assert_ne!(c.body["text"], crate::texts::STALE_BUTTON, "a sentinel's reply was counted: {calls:?}");
    }
}

fn texts_about() -> String {
    let e = engine();
    let kb = e.knowledge();
    crate::texts::about(&kb.article.title, &kb.article.source, kb.entries.len())
}
