//! A small stand-in for the Telegram Bot API on 127.0.0.1, for running the
//! real binary in tests: HTTP/1.1 with keep-alive and Content-Length bodies
//! (teloxide sends JSON; multipart is only for file uploads, which the bot
//! never does). Every request is recorded; the answers are scripted.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

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
    /// The HTTP status the stand-in answered with.
    pub status: u16,
}

/// A fault the stand-in can answer a getUpdates with.
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// Close the connection without answering (a network error).
    Drop,
    /// `502 Bad Gateway` with an HTML page, as a proxy in trouble sends.
    BadGateway,
}

/// The script: what the stand-in answers.
#[derive(Default)]
pub struct Script {
    /// The first getUpdates calls fail like this, in order.
    pub poll_faults: Vec<Fault>,
    /// The updates the first successful getUpdates returns.
    pub updates: Vec<Value>,
    /// How many sendMessage calls get a 429 before one succeeds.
    pub throttle_first_sends: usize,
}

#[derive(Default)]
struct Shared {
    calls: Vec<Call>,
    polls: usize,
    delivered: bool,
    sends: usize,
}

enum Answer {
    Json(u16, Value),
    Html(u16, &'static str),
    Close,
}

/// A running stand-in. Its threads end with the test process.
pub struct FakeApi {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    shared: Arc<Mutex<Shared>>,
}

impl FakeApi {
    /// Starts listening on a random port.
    pub fn start(script: Script) -> FakeApi {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Mutex::new(Shared::default()));
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
        self.shared.lock().unwrap().calls.clone()
    }

    /// The requests to one method.
    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.calls().into_iter().filter(|c| c.method.eq_ignore_ascii_case(method)).collect()
    }
}

fn serve(stream: TcpStream, shared: &Mutex<Shared>, script: &Script) {
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
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let method = path.rsplit('/').next().unwrap_or("").to_string();
        let (status, kind, text) = match respond(&method, &body, shared, script) {
            Answer::Json(status, value) => (status, "application/json", value.to_string()),
            Answer::Html(status, page) => (status, "text/html", page.to_string()),
            Answer::Close => {
                shared.lock().unwrap().calls.push(Call { method, path, body, status: 0 });
                return;
            }
        };
        shared.lock().unwrap().calls.push(Call { method, path, body, status });
        let reason = match status {
            200 => "OK",
            429 => "Too Many Requests",
            _ => "Bad Gateway",
        };
        let head =
            format!("HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n", text.len());
        if writer.write_all(head.as_bytes()).and_then(|_| writer.write_all(text.as_bytes())).is_err() {
            return;
        }
    }
}

const BOT_ID: u64 = 4242;

fn respond(method: &str, body: &Value, shared: &Mutex<Shared>, script: &Script) -> Answer {
    let ok = |result: Value| Answer::Json(200, json!({"ok": true, "result": result}));
    match method.to_ascii_lowercase().as_str() {
        "getme" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Jawab", "username": "jawab_test_bot",
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "has_main_web_app": false
        })),
        "getwebhookinfo" => ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": 0})),
        "getupdates" => {
            let (poll, first) = {
                let mut s = shared.lock().unwrap();
                s.polls += 1;
                let fault = script.poll_faults.get(s.polls - 1).copied();
                (fault, fault.is_none() && !std::mem::replace(&mut s.delivered, true))
            };
            match poll {
                Some(Fault::Drop) => return Answer::Close,
                Some(Fault::BadGateway) => return Answer::Html(502, "<html><body>502 Bad Gateway</body></html>"),
                None => {}
            }
            if first {
                return ok(Value::Array(script.updates.clone()));
            }
            // A short long poll, so the bot does not spin; a shutdown poll (timeout 0) is answered at once.
            if body.get("timeout").and_then(Value::as_u64).unwrap_or(0) > 0 {
                thread::sleep(Duration::from_millis(200));
            }
            ok(json!([]))
        }
        "sendmessage" => {
            let n = {
                let mut s = shared.lock().unwrap();
                s.sends += 1;
                s.sends
            };
            if n <= script.throttle_first_sends {
                return Answer::Json(
                    429,
                    json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1",
                           "parameters": {"retry_after": 1}}),
                );
            }
            let chat_id = body["chat_id"].as_i64().unwrap_or(0);
            ok(json!({
                "message_id": 1000 + n, "date": 1_700_000_000,
                "chat": {"id": chat_id, "type": "private", "first_name": "User"},
                "from": {"id": BOT_ID, "is_bot": true, "first_name": "Jawab", "username": "jawab_test_bot"},
                "text": body["text"].as_str().unwrap_or("")
            }))
        }
        // setMyCommands, deleteWebhook, answerCallbackQuery…
        _ => ok(json!(true)),
    }
}

/// A private text message from user 777, as getUpdates returns it.
pub fn private_text(update_id: i64, text: &str) -> Value {
    json!({
        "update_id": update_id,
        "message": {
            "message_id": 10, "date": 1_700_000_000,
            "chat": {"id": 777, "type": "private", "first_name": "Sami"},
            "from": {"id": 777, "is_bot": false, "first_name": "Sami"},
            "text": text
        }
    })
}
