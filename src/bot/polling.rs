//! Long polling that one bad update cannot stop.
//!
//! teloxide's own listener parses a getUpdates answer as a whole: one update
//! the parser rejects (a lone UTF-16 surrogate in a text, `"\ud800"`) fails
//! every poll with the same offset, so nothing after it is ever answered.
//! This listener reads such an answer again leniently ([`lenient_updates`]):
//! every update that parses is dispatched, each one that does not is
//! skipped (its id logged) and the offset moves past it.
//!
//! Otherwise it polls as teloxide's does: a 10 s long poll, the webhook
//! deleted first if one is set, errors handed to the error handler and
//! retried with back-off (1 s, 2 s, 4 s… at most 32 s), a final poll on stop
//! that confirms what was fetched.

use std::sync::Arc;
use std::time::Duration;

use futures::{Stream, StreamExt, stream};
use serde_json::Value;
use teloxide::RequestError;
use teloxide::payloads::GetUpdatesSetters;
use teloxide::prelude::*;
use teloxide::stop::{StopFlag, StopToken, mk_stop_token};
use teloxide::types::{AllowedUpdate, Update, UpdateKind};
use teloxide::update_listeners::{StatefulListener, UpdateListener};

use super::describe_request;
use super::inbox::Inbox;

/// How long Telegram holds a poll open when there is nothing to fetch.
const LONG_POLL: Duration = Duration::from_secs(10);

/// The longest pause between failed polls.
const MAX_BACKOFF: Duration = Duration::from_secs(32);

/// What the listener keeps between polls.
pub(crate) struct State<R> {
    bot: R,
    /// The id after the last update fetched (confirmed by the next poll).
    offset: i32,
    allowed: Option<Vec<AllowedUpdate>>,
    stop_token: StopToken,
    stop_flag: StopFlag,
    /// Failed polls in a row.
    errors: u32,
    /// Set once the final, confirming poll has been made.
    done: bool,
    /// The pause before the next poll, after a failed one.
    pause: Option<Duration>,
    /// Where each batch is written before the next poll confirms it.
    inbox: Option<Arc<Inbox>>,
}

/// The polling listener over `bot`, after deleting a webhook if one is set;
/// each batch is written to `inbox` before it is handed on.
pub(crate) async fn listener<R>(bot: R, inbox: Option<Arc<Inbox>>) -> impl UpdateListener<Err = RequestError>
where
    R: Requester<Err = RequestError> + Send + Sync + 'static,
    R::GetUpdates: Send,
{
    match bot.get_webhook_info().await {
        Ok(info) if info.url.is_some() => {
            if let Err(e) = bot.delete_webhook().await {
                log::error!("cannot delete the webhook, polling may fail: {}", describe_request(&e));
            }
        }
        Ok(_) => {}
        Err(e) => log::error!("cannot read the webhook's settings: {}", describe_request(&e)),
    }
    let (stop_token, stop_flag) = mk_stop_token();
    let state =
        State { bot, offset: 0, allowed: None, stop_token, stop_flag, errors: 0, done: false, pause: None, inbox };
    let hints = |state: &mut State<R>, hint: &mut dyn Iterator<Item = AllowedUpdate>| {
        state.allowed = Some(hint.collect());
    };
    StatefulListener::new_with_hints(state, updates::<R>, |state: &mut State<R>| state.stop_token.clone(), Some(hints))
}

/// The stream of updates: one poll's batch after another.
fn updates<R>(state: &mut State<R>) -> impl Stream<Item = Result<Update, RequestError>> + Send + '_
where
    R: Requester<Err = RequestError> + Send + Sync + 'static,
    R::GetUpdates: Send,
{
    stream::unfold(state, |state| async move {
        let batch = next_batch(state).await?;
        Some((stream::iter(batch), state))
    })
    .flatten()
}

/// The next poll's updates (or its error), `None` once stopped.
async fn next_batch<R>(state: &mut State<R>) -> Option<Vec<Result<Update, RequestError>>>
where
    R: Requester<Err = RequestError> + Send + Sync + 'static,
    R::GetUpdates: Send,
{
    if state.done {
        return None;
    }
    if let Some(pause) = state.pause.take() {
        tokio::select! {
            () = tokio::time::sleep(pause) => {}
            () = state.stop_flag.clone() => {}
        }
    }
    if state.stop_flag.is_stopped() {
        return confirm(state).await;
    }
    let mut request = state.bot.get_updates().offset(state.offset).timeout(LONG_POLL.as_secs() as u32);
    if let Some(allowed) = &state.allowed {
        request = request.allowed_updates(allowed.clone());
    }
    let answer = tokio::select! {
        answer = request.send() => answer,
        () = state.stop_flag.clone() => return confirm(state).await,
    };
    let (updates, last) = match answer {
        Ok(updates) => {
            let last = updates.last().map(|u| u.id.0);
            (updates, last)
        }
        Err(RequestError::InvalidJson { raw, .. }) if let Some(read) = lenient_updates(&raw) => {
            for id in &read.skipped {
                log::warn!("update {id} could not be read and is skipped");
            }
            (read.updates, read.last)
        }
        Err(e) => {
            state.pause = Some(backoff(state.errors));
            state.errors = state.errors.saturating_add(1);
            return Some(vec![Err(e)]);
        }
    };
    state.errors = 0;
    if let Some(last) = last {
        state.offset = i32::try_from(last).map_or(i32::MAX, |id| id.saturating_add(1));
    }
    // An empty poll (a long poll that timed out) has nothing to keep.
    let updates = match &state.inbox {
        Some(inbox) if !updates.is_empty() => match inbox.keep(&updates) {
            Ok(new) => updates.into_iter().zip(new).filter_map(|(u, new)| new.then_some(u)).collect(),
            // Still answered, only not kept against a crash.
            Err(e) => {
                log::error!("inbox {}: cannot keep the fetched updates: {e}", inbox.path().display());
                updates
            }
        },
        _ => updates,
    };
    Some(updates.into_iter().map(Ok).collect())
}

/// The final poll: confirms the offset of what was fetched, so it is not
/// fetched again on the next start, and ends the stream.
async fn confirm<R>(state: &mut State<R>) -> Option<Vec<Result<Update, RequestError>>>
where
    R: Requester<Err = RequestError> + Send + Sync + 'static,
    R::GetUpdates: Send,
{
    state.done = true;
    let request = state.bot.get_updates().offset(state.offset).timeout(0).limit(1);
    if let Err(e) = tokio::time::timeout(Duration::from_secs(2), request.send()).await.unwrap_or(Ok(Vec::new())) {
        log::warn!("the last poll, which confirms what was fetched, failed: {}", describe_request(&e));
    }
    None
}

/// The pause after `errors` failed polls in a row: 1 s, 2 s, 4 s… at most
/// [`MAX_BACKOFF`].
fn backoff(errors: u32) -> Duration {
    Duration::from_secs(1u64 << errors.min(5)).min(MAX_BACKOFF)
}

/// What a getUpdates answer that did not parse as a whole still holds.
#[derive(Debug)]
pub(crate) struct Lenient {
    /// The updates that parse, in order.
    pub(crate) updates: Vec<Update>,
    /// The ids of those that do not.
    pub(crate) skipped: Vec<i64>,
    /// The last id of all, read or skipped: the offset moves past it.
    pub(crate) last: Option<u32>,
}

/// Reads a getUpdates answer update by update, with lone UTF-16 surrogates
/// (`\ud800` without its pair) read as U+FFFD; `None` if it is not a
/// successful answer with a list of updates even then.
pub(crate) fn lenient_updates(raw: &str) -> Option<Lenient> {
    let value: Value = serde_json::from_str(&without_lone_surrogates(raw)).ok()?;
    if value.get("ok")? != &Value::Bool(true) {
        return None;
    }
    let mut read = Lenient { updates: Vec::new(), skipped: Vec::new(), last: None };
    for item in value.get("result")?.as_array()? {
        let id = item.get("update_id").and_then(Value::as_i64);
        if let Some(id) = id.and_then(|id| u32::try_from(id).ok()) {
            read.last = Some(read.last.map_or(id, |last| last.max(id)));
        }
        // From text: teloxide's `Update` does not deserialize from a `Value`.
        match serde_json::from_str::<Update>(&item.to_string()) {
            Ok(update) if !matches!(update.kind, UpdateKind::Error(_)) => read.updates.push(update),
            _ => read.skipped.push(id.unwrap_or(-1)),
        }
    }
    Some(read)
}

/// One update as a webhook receives it, read the same way (lone surrogates
/// as U+FFFD); `None` if it is not one this bot can read.
pub(crate) fn lenient_update(raw: &str) -> Option<Update> {
    match serde_json::from_str::<Update>(&without_lone_surrogates(raw)) {
        Ok(update) if !matches!(update.kind, UpdateKind::Error(_)) => Some(update),
        _ => None,
    }
}

/// The JSON text with each `\uXXXX` escape of a lone surrogate replaced by
/// `\ufffd`; an escaped backslash is left alone.
fn without_lone_surrogates(raw: &str) -> String {
    let surrogate = |s: &str| -> Option<u16> {
        let hex = s.get(2..6)?;
        let code = u16::from_str_radix(hex, 16).ok()?;
        (s.starts_with("\\u") && (0xD800..0xE000).contains(&code)).then_some(code)
    };
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match surrogate(rest) {
            Some(high @ 0xD800..0xDC00) if surrogate(&rest[6..]).is_some_and(|low| low >= 0xDC00) => {
                let _ = high;
                out.push_str(&rest[..12]);
                rest = &rest[12..];
            }
            Some(_) => {
                out.push_str("\\ufffd");
                rest = &rest[6..];
            }
            // Any other escape: the backslash and the character it escapes.
            None => {
                let len = rest[1..].chars().next().map_or(1, |c| 1 + c.len_utf8());
                out.push_str(&rest[..len]);
                rest = &rest[len..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogates_become_replacement_characters_and_pairs_stay() {
        assert_eq!(without_lone_surrogates(r#""a\ud800b""#), r#""a\ufffdb""#);
        assert_eq!(without_lone_surrogates(r#""\udc00""#), r#""\ufffd""#);
        assert_eq!(without_lone_surrogates(r#""\ud83d\ude00""#), r#""\ud83d\ude00""#);
        assert_eq!(without_lone_surrogates(r#""\\ud800""#), r#""\\ud800""#, "an escaped backslash, then text");
        assert_eq!(without_lone_surrogates(r#""\ud800"#), r#""\ufffd"#);
        assert_eq!(without_lone_surrogates("\"ق\\\"\""), "\"ق\\\"\"");
    }

    #[test]
    fn an_update_that_does_not_parse_is_skipped_and_the_others_kept() {
        let message = |id: i64, text: &str| {
            format!(
                r#"{{"update_id":{id},"message":{{"message_id":{id},"date":1700000000,"chat":{{"id":7,"type":"private","first_name":"S"}},"from":{{"id":7,"is_bot":false,"first_name":"S"}},"text":"{text}"}}}}"#
            )
        };
        let raw = format!(
            r#"{{"ok":true,"result":[{},{},{{"update_id":12,"message":{{"date":"not a date"}}}}]}}"#,
            message(10, "hello"),
            message(11, "bad \\ud800 text")
        );
        assert!(serde_json::from_str::<Value>(&raw).is_err(), "the lone surrogate fails the whole answer");
        let read = lenient_updates(&raw).expect("a list of updates");
        let ids: Vec<u32> = read.updates.iter().map(|u| u.id.0).collect();
        assert_eq!(ids, [10, 11]);
        let texts: Vec<&str> = read
            .updates
            .iter()
            .map(|u| match &u.kind {
                UpdateKind::Message(m) => m.text().unwrap_or_default(),
                other => panic!("not a message: {other:?}"),
            })
            .collect();
        assert_eq!(texts, ["hello", "bad \u{fffd} text"]);
        assert_eq!(read.skipped, [12]);
        assert_eq!(read.last, Some(12));
        assert!(lenient_updates(r#"{"ok":false,"description":"x"}"#).is_none());
        assert!(lenient_updates(r#"{"ok":true,"result":[{"update_id":1,"#).is_none());
    }

    #[test]
    fn the_backoff_doubles_up_to_32_s() {
        let pauses: Vec<u64> = (0..8).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(pauses, [1, 2, 4, 8, 16, 32, 32, 32]);
    }
}
