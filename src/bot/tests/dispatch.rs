//! The workers on their own, with a handler tree of the test's: order
//! within a chat, and a handler that panics.

use std::sync::Mutex;

use teloxide::dispatching::UpdateHandler;
use teloxide::types::Update;

use super::*;
use crate::bot::dispatch::Workers;

/// Update `id`: a message with `text` in chat `chat`. (From text:
/// teloxide's `Update` does not deserialize from a `Value`.)
fn update(id: i64, chat: i64, text: &str) -> Update {
    let json = fake_api::message_update(id, fake_api::text_message(id, chat, chat, text));
    serde_json::from_str(&json.to_string()).unwrap()
}

#[test]
fn a_handler_that_panics_frees_its_chat_and_its_worker() {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = seen.clone();
    let handler: UpdateHandler<api::Error> = dptree::entry().endpoint(move |u: Update| {
        let log = log.clone();
        async move {
            let text = match &u.kind {
                teloxide::types::UpdateKind::Message(m) => m.text().unwrap_or_default().to_string(),
                _ => String::new(),
            };
            if text == "panic" {
                panic!("a handler bug");
            }
            log.lock().unwrap().push(text);
            Ok(())
        }
    });
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        // Never called: the handler sends nothing.
        let bot = Bot::new(TOKEN).set_api_url("http://127.0.0.1:9".parse().unwrap());
        let errors = Arc::new(LogErrors { what: "test", token: TOKEN.to_string() });
        let workers = Workers::new(bot, handler, DependencyMap::new(), errors, Arc::default(), None);
        // More panics than there are workers, then ordinary updates of the same chats.
        let n = crate::bot::dispatch::MAX_ACTIVE as i64 + 2;
        for chat in 1..=n {
            workers.route(update(chat, chat, "panic"));
        }
        for chat in 1..=n {
            workers.route(update(n + chat, chat, &format!("after {chat}")));
        }
        tokio::time::timeout(WAIT, workers.finish()).await.expect("the workers did not finish");
    });
    let mut seen = seen.lock().unwrap().clone();
    seen.sort();
    let mut want: Vec<String> =
        (1..=crate::bot::dispatch::MAX_ACTIVE as i64 + 2).map(|c| format!("after {c}")).collect();
    want.sort();
    assert_eq!(seen, want);
}
