//! A small stand-in for the Telegram Bot API on 127.0.0.1, for tests of the
//! bot: HTTP/1.1 with keep-alive and Content-Length bodies (teloxide sends
//! JSON; multipart is only for file uploads, which the bot never does).
//! Every request is recorded; the answers are scripted, and updates can be
//! added while the bot runs ([`FakeApi::push`]).
//!
//! The integration tests (`tests/bot_process.rs`) run the real binary
//! against it; the bot's own tests (`src/bot/tests/`) include this file and
//! run the real handler tree and HTTP client against it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// One request the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    /// The Bot API method as the bot spelled it (teloxide writes `SendMessage`;
    /// the API ignores case).
    pub method: String,
    /// The request path (it holds the token).
    pub path: String,
    /// The JSON body (`Null` if there was none or it was not JSON).
    pub body: Value,
    /// The HTTP status the stand-in answered with (0: the connection was dropped).
    pub status: u16,
    /// What it answered with: the `result` of a successful call, else `Null`.
    pub result: Value,
}

impl Call {
    /// Whether this is a call to `method` (in any case).
    pub fn is(&self, method: &str) -> bool {
        self.method.eq_ignore_ascii_case(method)
    }
}

/// A fault the stand-in can answer a getUpdates or a sendMessage with.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// Close the connection without answering (a network error).
    Drop,
    /// `502 Bad Gateway` with an HTML page, as a proxy in trouble sends.
    BadGateway,
    /// `200 OK` with a body cut short: JSON that does not parse, holding a
    /// user's name, username, id and message ([`PRIVATE_BODY`]).
    NotJson,
    /// `200 OK` with this body, as written (JSON a parser may reject).
    Body(&'static str),
}

/// The body [`Fault::NotJson`] answers: private data, then the cut.
pub const PRIVATE_BODY: &str = r#"{"ok":true,"result":[{"update_id":1,"message":{"message_id":5,"date":1700000000,"chat":{"id":98765,"type":"private","first_name":"Rania"},"from":{"id":98765,"is_bot":false,"first_name":"Rania","username":"rania_private"},"text":"my number is 0999123456"#;

/// The script: what the stand-in answers.
#[derive(Default)]
pub struct Script {
    /// The first getUpdates calls fail like this, in order.
    pub poll_faults: Vec<Fault>,
    /// Updates waiting before the bot starts; more can be pushed later.
    pub updates: Vec<Value>,
    /// How many sendMessage calls get a 429 before one succeeds.
    pub throttle_first_sends: usize,
    /// The first sendMessage calls fail like this, in order.
    pub send_faults: Vec<Fault>,
    /// getMe answers 401 Unauthorized, as for a revoked token.
    pub unauthorized: bool,
}

#[derive(Default)]
struct Shared {
    calls: Vec<Call>,
    polls: usize,
    /// Updates not yet confirmed by a getUpdates offset past them.
    pending: Vec<Value>,
    sends: usize,
}

enum Answer {
    Json(u16, Value),
    Html(u16, &'static str),
    Raw(u16, &'static str, &'static str),
    Close,
}

/// A running stand-in. Its threads end with the test process.
pub struct FakeApi {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    shared: Arc<(Mutex<Shared>, Condvar)>,
}

/// The bot's own user id and username, as getMe gives them.
pub const BOT_ID: u64 = 4242;
/// See [`BOT_ID`].
pub const BOT_USERNAME: &str = "jawab_test_bot";

/// The user the update builders write as, unless told otherwise.
pub const USER_ID: i64 = 777;

impl FakeApi {
    /// Starts listening on a random port.
    pub fn start(script: Script) -> FakeApi {
        FakeApi::start_at("127.0.0.1:0", script)
    }

    /// Starts listening at `addr` (`127.0.0.1:<port>`).
    pub fn start_at(addr: &str, script: Script) -> FakeApi {
        let listener = TcpListener::bind(addr).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let shared = Shared { pending: script.updates.clone(), ..Shared::default() };
        let shared = Arc::new((Mutex::new(shared), Condvar::new()));
        let script = Arc::new(script);
        let s = shared.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (s, script) = (s.clone(), script.clone());
                thread::spawn(move || serve(stream, &s, &script));
            }
        });
        FakeApi { url, shared }
    }

    /// Every request so far.
    pub fn calls(&self) -> Vec<Call> {
        self.shared.0.lock().unwrap().calls.clone()
    }

    /// The requests to one method.
    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.calls().into_iter().filter(|c| c.is(method)).collect()
    }

    /// Adds an update for the next getUpdates (a waiting long poll answers at once).
    pub fn push(&self, update: Value) {
        let (lock, wake) = &*self.shared;
        lock.lock().unwrap().pending.push(update);
        wake.notify_all();
    }

    /// Waits until a call satisfies `done` (given every call so far), at most
    /// `limit`; returns the calls then, or `None` on time-out.
    pub fn wait_until(&self, limit: Duration, done: impl Fn(&[Call]) -> bool) -> Option<Vec<Call>> {
        let (lock, wake) = &*self.shared;
        let deadline = Instant::now() + limit;
        let mut s = lock.lock().unwrap();
        loop {
            if done(&s.calls) {
                return Some(s.calls.clone());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            s = wake.wait_timeout(s, left).unwrap().0;
        }
    }
}

fn serve(stream: TcpStream, shared: &(Mutex<Shared>, Condvar), script: &Script) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    // Keep-alive: one request after another on the same connection.
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or("").to_string();
        let mut length = 0;
        let mut boundary = None;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                } else if name.eq_ignore_ascii_case("content-type") {
                    boundary = value.split_once("boundary=").map(|(_, b)| b.trim().trim_matches('"').to_string());
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body: Value = match &boundary {
            Some(boundary) => form(&String::from_utf8_lossy(&body), boundary),
            None => serde_json::from_slice(&body).unwrap_or(Value::Null),
        };
        let method = path.rsplit('/').next().unwrap_or("").to_string();
        let answer = respond(&method, &body, shared, script);
        let (status, kind, text, result) = match answer {
            Answer::Json(status, value) => {
                let result = value.get("result").cloned().unwrap_or(Value::Null);
                (status, "application/json", value.to_string(), result)
            }
            Answer::Html(status, page) => (status, "text/html", page.to_string(), Value::Null),
            Answer::Raw(status, kind, body) => (status, kind, body.to_string(), Value::Null),
            Answer::Close => {
                record(shared, Call { method, path, body, status: 0, result: Value::Null });
                return;
            }
        };
        let reason = match status {
            200 => "OK",
            401 => "Unauthorized",
            429 => "Too Many Requests",
            _ => "Bad Gateway",
        };
        let head =
            format!("HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n", text.len());
        // Recorded before the answer leaves: the bot's next request is made
        // only once it has this answer, so the calls are in the order the bot
        // made them (recorded after writing, another connection's request
        // could overtake this one in the list).
        record(shared, Call { method, path, body, status, result });
        if writer.write_all(head.as_bytes()).and_then(|_| writer.write_all(text.as_bytes())).is_err() {
            return;
        }
    }
}

/// A multipart/form-data body (teloxide sends setWebhook so) as a JSON
/// object of its text fields.
fn form(body: &str, boundary: &str) -> Value {
    let mut fields = serde_json::Map::new();
    for part in body.split(&format!("--{boundary}")) {
        let Some((head, value)) = part.split_once("\r\n\r\n") else { continue };
        let Some(name) = head.split("name=\"").nth(1).and_then(|n| n.split('"').next()) else { continue };
        fields.insert(name.to_string(), Value::String(value.trim_end_matches("\r\n").to_string()));
    }
    Value::Object(fields)
}

fn record(shared: &(Mutex<Shared>, Condvar), call: Call) {
    let (lock, wake) = shared;
    lock.lock().unwrap().calls.push(call);
    wake.notify_all();
}

fn respond(method: &str, body: &Value, shared: &(Mutex<Shared>, Condvar), script: &Script) -> Answer {
    let ok = |result: Value| Answer::Json(200, json!({"ok": true, "result": result}));
    let (lock, wake) = shared;
    match method.to_ascii_lowercase().as_str() {
        "getme" if script.unauthorized => {
            Answer::Json(401, json!({"ok": false, "error_code": 401, "description": "Unauthorized"}))
        }
        "getme" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Jawab", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "has_main_web_app": false
        })),
        "getwebhookinfo" => ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0})),
        "getupdates" => {
            let fault = {
                let mut s = lock.lock().unwrap();
                s.polls += 1;
                script.poll_faults.get(s.polls - 1).copied()
            };
            match fault {
                Some(Fault::Drop) => return Answer::Close,
                Some(Fault::BadGateway) => return Answer::Html(502, "<html><body>502 Bad Gateway</body></html>"),
                Some(Fault::NotJson) => return Answer::Raw(200, "application/json", PRIVATE_BODY),
                Some(Fault::Body(body)) => return Answer::Raw(200, "application/json", body),
                None => {}
            }
            // An offset confirms every update before it.
            let offset = body.get("offset").and_then(Value::as_i64).unwrap_or(0);
            let mut s = lock.lock().unwrap();
            s.pending.retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            // A short long poll, so the bot does not spin, woken by a push; a
            // shutdown poll (timeout 0) is answered at once.
            if s.pending.is_empty() && body.get("timeout").and_then(Value::as_u64).unwrap_or(0) > 0 {
                s = wake.wait_timeout(s, Duration::from_millis(200)).unwrap().0;
            }
            ok(Value::Array(s.pending.clone()))
        }
        "sendmessage" => {
            let n = {
                let mut s = lock.lock().unwrap();
                s.sends += 1;
                s.sends
            };
            match script.send_faults.get(n - 1) {
                Some(Fault::Drop) => return Answer::Close,
                Some(Fault::BadGateway) => return Answer::Html(502, "<html><body>502 Bad Gateway</body></html>"),
                Some(Fault::NotJson) => return Answer::Raw(200, "application/json", PRIVATE_BODY),
                Some(Fault::Body(body)) => return Answer::Raw(200, "application/json", body),
                None => {}
            }
            if n <= script.throttle_first_sends {
                return Answer::Json(
                    429,
                    json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1",
                           "parameters": {"retry_after": 1}}),
                );
            }
            let chat_id = body["chat_id"].as_i64().unwrap_or(0);
            ok(sent_message(1000 + n as i64, chat_id, body))
        }
        "editmessagetext" | "editmessagereplymarkup" => {
            let chat_id = body["chat_id"].as_i64().unwrap_or(0);
            ok(sent_message(body["message_id"].as_i64().unwrap_or(0), chat_id, body))
        }
        // setMyCommands, deleteWebhook, answerCallbackQuery…
        _ => ok(json!(true)),
    }
}

/// The message the bot sent or edited, as the API returns it: its text and
/// buttons, in the chat it went to.
fn sent_message(message_id: i64, chat_id: i64, body: &Value) -> Value {
    let mut message = json!({
        "message_id": message_id, "date": 1_700_000_000,
        "chat": chat(chat_id),
        "from": {"id": BOT_ID, "is_bot": true, "first_name": "Jawab", "username": BOT_USERNAME},
        "text": body["text"].as_str().unwrap_or("")
    });
    if let Some(markup) = body.get("reply_markup") {
        message["reply_markup"] = markup.clone();
    }
    message
}

/// A chat as the API describes it: private for positive ids (a user's own),
/// a group for ids from -999 to -1, a supergroup below.
pub fn chat(id: i64) -> Value {
    match id {
        1.. => json!({"id": id, "type": "private", "first_name": "Sami"}),
        -999..=-1 => json!({"id": id, "type": "group", "title": "Friends"}),
        _ => json!({"id": id, "type": "supergroup", "title": "Readers"}),
    }
}

/// A user, not a bot.
pub fn user(id: i64) -> Value {
    json!({"id": id, "is_bot": false, "first_name": "Sami"})
}

/// A text message from `from` in chat `chat_id`, with message id `message_id`.
pub fn text_message(message_id: i64, chat_id: i64, from: i64, text: &str) -> Value {
    json!({
        "message_id": message_id, "date": 1_700_000_000,
        "chat": chat(chat_id), "from": user(from), "text": text
    })
}

/// A sticker from `from` in chat `chat_id`.
pub fn sticker_message(message_id: i64, chat_id: i64, from: i64) -> Value {
    json!({
        "message_id": message_id, "date": 1_700_000_000,
        "chat": chat(chat_id), "from": user(from),
        "sticker": {"file_id": "sticker", "file_unique_id": "sticker", "type": "regular",
                    "width": 512, "height": 512, "is_animated": false, "is_video": false}
    })
}

/// A message update.
pub fn message_update(update_id: i64, message: Value) -> Value {
    json!({"update_id": update_id, "message": message})
}

/// A press of a button with `data` by `from`, on `message` (as the API sent it).
pub fn callback_update(update_id: i64, query_id: &str, from: i64, data: &str, message: Value) -> Value {
    json!({
        "update_id": update_id,
        "callback_query": {
            "id": query_id, "from": user(from), "chat_instance": "1", "data": data, "message": message
        }
    })
}

/// A private text message from user 777, as getUpdates returns it.
pub fn private_text(update_id: i64, text: &str) -> Value {
    message_update(update_id, text_message(10, USER_ID, USER_ID, text))
}
