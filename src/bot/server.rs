//! The bot's HTTP listener (axum): `GET /healthz` and `GET /metrics`
//! always, and in webhook mode the webhook itself — `POST` on the path of
//! `JAWAB_WEBHOOK_URL`, refused with 401 unless it carries the secret
//! Telegram was given. An accepted update is kept in the inbox, handed to
//! the workers, and answered 200 at once (the reply goes through the API).

use std::sync::Arc;

use axum::Router;
use axum::extract::State as Extract;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use teloxide::types::Update;
use tokio::sync::{mpsc, watch};

use super::State;
use super::polling::lenient_update;

/// The header Telegram sends the webhook's secret in.
pub(crate) const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The webhook's side: where it listens, what it expects, where updates go.
pub(crate) struct Hook {
    /// The path of the public url.
    pub(crate) path: String,
    /// The secret (never logged).
    pub(crate) secret: String,
    /// Where accepted updates go.
    pub(crate) updates: mpsc::UnboundedSender<Update>,
}

#[derive(Clone)]
struct Shared {
    state: Arc<State>,
    hook: Option<Arc<Hook>>,
    stopping: watch::Receiver<bool>,
}

/// The routes: health and metrics, and the webhook if `hook` is given.
pub(crate) fn router(state: Arc<State>, hook: Option<Hook>, stopping: watch::Receiver<bool>) -> Router {
    let path = hook.as_ref().map(|h| h.path.clone());
    let shared = Shared { state, hook: hook.map(Arc::new), stopping };
    let mut router = Router::new().route("/healthz", get(health)).route("/metrics", get(metrics));
    if let Some(path) = path {
        router = router.route(&path, post(webhook));
    }
    router.with_state(shared)
}

/// Serves `router` on `listener` until `stopping` turns true.
pub(crate) async fn serve(listener: tokio::net::TcpListener, router: Router, mut stopping: watch::Receiver<bool>) {
    let stop = async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    if let Err(e) = axum::serve(listener, router).with_graceful_shutdown(stop).await {
        log::error!("http listener: {e}");
    }
}

/// One line of JSON: 200 while the bot can serve; 503 until Telegram has
/// answered getMe, once it is stopping, or without knowledge.
async fn health(Extract(s): Extract<Shared>) -> Response {
    let entries = s.state.live.snapshot().knowledge().entries.len();
    let log = if s.state.log.path().is_none() {
        "off"
    } else if s.state.log.writable() {
        "writable"
    } else {
        "unavailable"
    };
    let status = if *s.stopping.borrow() {
        "stopping"
    } else if entries == 0 {
        "no knowledge"
    } else if !s.state.connected.load(std::sync::atomic::Ordering::Relaxed) {
        "connecting"
    } else {
        "ok"
    };
    let body = serde_json::json!({ "status": status, "entries": entries, "question_log": log }).to_string();
    let code = if status == "ok" { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (code, [(header::CONTENT_TYPE, "application/json")], format!("{body}\n")).into_response()
}

async fn metrics(Extract(s): Extract<Shared>) -> Response {
    let content = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    ([(header::CONTENT_TYPE, content)], s.state.metrics.encode()).into_response()
}

/// An update from Telegram: refused without the secret; else kept, handed
/// on, and answered 200 (also when it cannot be read, so that Telegram does
/// not send it again and again).
async fn webhook(Extract(s): Extract<Shared>, headers: HeaderMap, body: String) -> StatusCode {
    let Some(hook) = &s.hook else { return StatusCode::NOT_FOUND };
    let given = headers.get(SECRET_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
    if !same(given, hook.secret.as_bytes()) {
        log::warn!("webhook: a request without the right secret was refused");
        return StatusCode::UNAUTHORIZED;
    }
    let Some(update) = lenient_update(&body) else {
        let id = serde_json::from_str::<serde_json::Value>(&body).ok().and_then(|v| v["update_id"].as_i64());
        log::warn!("webhook: skipped an update that cannot be read (update id {})", id.unwrap_or(-1));
        return StatusCode::OK;
    };
    if let Some(inbox) = &s.state.inbox {
        match inbox.keep(std::slice::from_ref(&update)) {
            // Sent again by Telegram: already handled or on its way.
            Ok(new) if new.first() == Some(&false) => return StatusCode::OK,
            Ok(_) => {}
            Err(e) => log::error!("inbox {}: cannot keep an update: {e}", inbox.path().display()),
        }
    }
    if hook.updates.send(update).is_err() {
        // Stopping: Telegram will send it again to the next start.
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    StatusCode::OK
}

/// Whether `a` equals `b`, in a time that does not tell how much of them
/// matched.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd") && !same(b"ab", b"abc") && !same(b"", b"a"));
    }
}
