//! What every handler shares: the bot type it needs ([`Api`]), its error
//! and result types, sending a reply with retries for failures in transit,
//! and the chat kind the logs name.

use std::time::Duration;

use teloxide::RequestError;
use teloxide::payloads::SendMessageSetters;
use teloxide::prelude::*;
use teloxide::types::{Chat, InlineKeyboardMarkup, ReplyParameters};

use super::fit;
use crate::questions_log;

/// The error type of every handler.
pub(crate) type Error = Box<dyn std::error::Error + Send + Sync>;

/// What a handler returns.
pub(crate) type HandlerResult = Result<(), Error>;

/// What the handlers need of a bot: a [`Requester`] whose requests can be
/// awaited on any thread. `Bot` and `Throttle<Bot>` are both one.
pub(crate) trait Api:
    Requester<
        Err = RequestError,
        SendMessage: Send,
        EditMessageText: Send,
        EditMessageReplyMarkup: Send,
        AnswerCallbackQuery: Send,
    > + Clone
    + Send
    + Sync
    + 'static
{
}

impl<T> Api for T where
    T: Requester<
            Err = RequestError,
            SendMessage: Send,
            EditMessageText: Send,
            EditMessageReplyMarkup: Send,
            AnswerCallbackQuery: Send,
        > + Clone
        + Send
        + Sync
        + 'static
{
}

/// "private", "group", "supergroup" or "channel", for logs.
pub(crate) fn chat_kind(chat: &Chat) -> &'static str {
    if chat.is_private() {
        "private"
    } else if chat.is_group() {
        "group"
    } else if chat.is_supergroup() {
        "supergroup"
    } else {
        "channel"
    }
}

/// Sends `text` (cut to fit one message) to the chat of `msg`; outside
/// private chats as a reply to `msg`, so the asker sees it is for them.
pub(crate) async fn send<R>(bot: &R, msg: &Message, text: &str, markup: Option<InlineKeyboardMarkup>) -> HandlerResult
where
    R: Api,
{
    let text = fit(text);
    retried(|| {
        let mut req = bot.send_message(msg.chat.id, text.clone());
        if !msg.chat.is_private() {
            // If the question was deleted meanwhile, still answer.
            req = req.reply_parameters(ReplyParameters::new(msg.id).allow_sending_without_reply());
        }
        if let Some(markup) = markup.clone() {
            req = req.reply_markup(markup);
        }
        req.into_future()
    })
    .await?;
    Ok(())
}

/// The pauses before each new try of a request that failed in transit.
const RETRY_PAUSES: [Duration; 4] =
    [Duration::from_secs(1), Duration::from_secs(2), Duration::from_secs(4), Duration::from_secs(8)];

/// Makes the request `attempt` builds, again after each failure in transit
/// — a network error, a dropped connection, an answer that is not Telegram's
/// (a proxy's 502 page) — with the pauses of [`RETRY_PAUSES`]; Telegram's own
/// refusals are not retried (a 429 is waited out by `Throttle`). A reply
/// may so arrive twice, never not at all while Telegram can be reached.
pub(crate) async fn retried<T, F>(mut attempt: impl FnMut() -> F) -> Result<T, RequestError>
where
    F: std::future::Future<Output = Result<T, RequestError>>,
{
    for pause in RETRY_PAUSES {
        match attempt().await {
            Err(e) if in_transit(&e) => {
                log::warn!("a request failed in transit, trying again in {}s", pause.as_secs());
                tokio::time::sleep(pause).await;
            }
            done => return done,
        }
    }
    attempt().await
}

/// Whether a request failed on its way rather than being refused.
fn in_transit(e: &RequestError) -> bool {
    matches!(e, RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. })
}

/// The result of a read of the question log, with failures logged (the
/// admin gets a polite "not available").
pub(crate) fn flatten<T>(
    read: Result<Result<T, questions_log::LogError>, tokio::task::JoinError>,
    command: &str,
) -> Option<T> {
    match read {
        Ok(Ok(value)) => Some(value),
        Ok(Err(e)) => {
            log::warn!("{command}: {e}");
            None
        }
        Err(e) => {
            log::error!("{command}: reading the question log crashed: {e}");
            None
        }
    }
}
