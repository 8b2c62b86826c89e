//! The handler tree and its handlers. [`schema`] is generic over the bot
//! type: production runs it over `Throttle<Bot>`, the tests over a plain
//! `Bot` talking to a stand-in Bot API on 127.0.0.1.
//!
//! Its dependencies: an `Arc<`[`State`]`>` (given with `dptree::deps!`), and
//! the bot, the update and `Me`, which the dispatcher adds itself.
//!
//! Typed questions are recorded in the question log once their reply has
//! been sent or given up on (queued, never awaited), marked delivered or
//! not; messages without words, commands and button presses are not.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use teloxide::dispatching::{HandlerExt, UpdateFilterExt, UpdateHandler};
use teloxide::payloads::{
    AnswerCallbackQuerySetters, EditMessageReplyMarkupSetters, EditMessageTextSetters, SendMessageSetters,
};
use teloxide::prelude::*;
use teloxide::types::{Chat, MaybeInaccessibleMessage, Me};
use teloxide::utils::command::BotCommands;

use super::api::{Api, Error, HandlerResult, chat_kind, flatten, retried, send};
use super::commands::{AdminCommands, UserCommands};
use super::curation;
use super::keyboards::{self, Callback};
use super::{State, fit};
use crate::engine;
use crate::questions_log::{self, Outcome, Record, Signal, SignalKind};
use crate::reply::{Reply, ReplyKind};
use crate::texts;

/// The handler tree: admin commands (admins only, others are refused),
/// user commands, any other message (a question, or a polite word about
/// non-text messages), and button presses.
pub(crate) fn schema<R>() -> UpdateHandler<Error>
where
    R: Api,
{
    let admin = dptree::entry()
        .filter_command::<AdminCommands>()
        .branch(dptree::filter(is_admin).endpoint(admin_command::<R>))
        .branch(dptree::endpoint(refuse_admin::<R>));
    let user = dptree::entry().filter_command::<UserCommands>().endpoint(user_command::<R>);
    let messages = Update::filter_message().branch(admin).branch(user).branch(dptree::endpoint(message::<R>));
    dptree::entry().branch(messages).branch(Update::filter_callback_query().endpoint(callback::<R>))
}

fn is_admin(msg: Message, state: Arc<State>) -> bool {
    msg.from.as_ref().is_some_and(|u| state.admins.contains(u.id.0))
}

async fn user_command<R>(bot: R, msg: Message, cmd: UserCommands, state: Arc<State>) -> HandlerResult
where
    R: Api,
{
    let engine = state.live.snapshot();
    let kb = engine.knowledge();
    log::info!("command: chat={} command={cmd:?}", chat_kind(&msg.chat));
    match cmd {
        UserCommands::Start => {
            let examples = keyboards::examples(kb);
            let questions: Vec<&str> = examples.iter().map(|e| e.questions[0].as_str()).collect();
            send(&bot, &msg, &texts::start(&questions), keyboards::for_entries(&examples)).await
        }
        UserCommands::Help => {
            let mut text = UserCommands::descriptions().to_string();
            if is_admin(msg.clone(), state.clone()) {
                text = format!("{text}\n\n{}", AdminCommands::descriptions());
            }
            send(&bot, &msg, &text, None).await
        }
        UserCommands::Topics => {
            let (text, markup) = keyboards::topics(kb, 0);
            send(&bot, &msg, &text, Some(markup)).await
        }
        UserCommands::About => {
            let text = texts::about(&kb.article.title, &kb.article.source, kb.entries.len());
            send(&bot, &msg, &text, None).await
        }
        UserCommands::Privacy => send(&bot, &msg, texts::PRIVACY, None).await,
    }
}

async fn admin_command<R>(bot: R, msg: Message, cmd: AdminCommands, state: Arc<State>) -> HandlerResult
where
    R: Api,
{
    // What users asked, and the figures about it, are for an admin's eyes
    // only: never posted where others read.
    if cmd.shows_users_questions() && !msg.chat.is_private() {
        log::info!("admin command /{} refused outside a private chat ({})", cmd.name(), chat_kind(&msg.chat));
        return send(&bot, &msg, texts::ADMIN_PRIVATE_ONLY, None).await;
    }
    match cmd {
        AdminCommands::Reload => {
            let live = state.clone();
            // Reading and indexing files is blocking work: keep it off the async workers.
            let outcome = tokio::task::spawn_blocking(move || live.live.reload()).await;
            let text = match outcome {
                Ok(Ok(n)) => {
                    state.metrics.reload(true);
                    log::info!("knowledge reloaded by an admin: {n} entries");
                    texts::reloaded(n)
                }
                Ok(Err(crate::knowledge::LoadError::BuiltIn)) => texts::RELOAD_BUILT_IN.to_string(),
                Ok(Err(e)) => {
                    state.metrics.reload(false);
                    let problems = e.problems();
                    log::error!("reload by an admin failed, the old knowledge stays: {}", problems.join("; "));
                    texts::reload_failed(&problems)
                }
                Err(e) => {
                    log::error!("reload by an admin crashed, the old knowledge stays: {e}");
                    texts::RELOAD_CRASHED.to_string()
                }
            };
            send(&bot, &msg, &text, None).await
        }
        AdminCommands::Stats => {
            let s = state.clone();
            let read = tokio::task::spawn_blocking(move || s.log.reader()?.stats(questions_log::now(), None)).await;
            let text = match flatten(read, "/stats") {
                Some(stats) => {
                    let lost = questions_log::Lost {
                        flooded: state.counts.flooded.load(Ordering::Relaxed),
                        ..state.log.lost()
                    };
                    texts::stats(&stats.with_titles(state.live.snapshot().knowledge()), lost)
                }
                None => texts::LOG_UNAVAILABLE.to_string(),
            };
            send(&bot, &msg, &text, None).await
        }
        AdminCommands::Unanswered => curation::unanswered(bot, msg, state).await,
        AdminCommands::Undo => curation::undo(bot, msg, state).await,
        AdminCommands::Explain(question) => curation::explain(bot, msg, state, question).await,
    }
}

async fn refuse_admin<R>(bot: R, msg: Message, cmd: AdminCommands) -> HandlerResult
where
    R: Api,
{
    // A security event, logged at warn without the user's id (at debug, for
    // an operator who needs to know who tried).
    log::warn!("refused admin command /{} from a non-admin in a {} chat", cmd.name(), chat_kind(&msg.chat));
    if let Some(user) = &msg.from {
        log::debug!("the refused admin command came from user {}", user.id);
    }
    send(&bot, &msg, texts::ADMIN_ONLY, None).await
}

/// Whether a group message is a reply to one of the bot's own messages.
fn replies_to_bot(msg: &Message, me: &Me) -> bool {
    msg.reply_to_message().and_then(|m| m.from.as_ref()).is_some_and(|u| u.id == me.id)
}

/// Removes every `@username` mention (ASCII case-insensitive, as Telegram
/// treats usernames) from `text`; `None` if there was none.
pub(crate) fn strip_mention(text: &str, username: &str) -> Option<String> {
    if username.is_empty() {
        return None;
    }
    let needle = format!("@{}", username.to_ascii_lowercase());
    // ASCII lower-casing keeps every byte offset, so offsets in `lower` are offsets in `text`.
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut found = false;
    let mut from = 0;
    while let Some(i) = lower[from..].find(&needle).map(|i| i + from) {
        let end = i + needle.len();
        let continues = lower[end..].chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if !continues {
            out.push_str(&text[last..i]);
            last = end;
            found = true;
        }
        from = end;
    }
    out.push_str(&text[last..]);
    found.then_some(out)
}

async fn message<R>(bot: R, msg: Message, me: Me, state: Arc<State>) -> HandlerResult
where
    R: Api,
{
    let private = msg.chat.is_private();
    if !private && !msg.chat.is_group() && !msg.chat.is_supergroup() {
        return Ok(());
    }
    let Some(text) = msg.text() else {
        // Stickers, photos, voice…: in groups only when they answer the bot.
        if private || replies_to_bot(&msg, &me) {
            log::info!("question: chat={} decision=non-text", chat_kind(&msg.chat));
            send(&bot, &msg, texts::NON_TEXT, None).await?;
        }
        return Ok(());
    };
    let username = me.user.username.as_deref().unwrap_or("");
    let question = if private {
        strip_mention(text, username).unwrap_or_else(|| text.to_string())
    } else if let Some(stripped) = strip_mention(text, username) {
        stripped
    } else if replies_to_bot(&msg, &me) {
        text.to_string()
    } else {
        // Not addressed to the bot: people talking among themselves.
        return Ok(());
    };
    if question.trim_start().starts_with('/') {
        // A known command with words after it ("/start ref" from a t.me link):
        // teloxide's parser rejects the extra words, so run it without them.
        let word = question.split_whitespace().next().unwrap_or_default();
        if let Ok(cmd) = UserCommands::parse(word, username) {
            return user_command(bot, msg, cmd, state).await;
        }
        // A command this bot does not have.
        log::info!("question: chat={} decision=unknown-command", chat_kind(&msg.chat));
        return send(&bot, &msg, texts::UNKNOWN_COMMAND, None).await;
    }
    let started = Instant::now();
    let reply = state.live.snapshot().reply(&question);
    log_reply("question", &msg.chat, &reply, started);
    log::debug!("question in chat {}: {question:?}", msg.chat.id);
    let key = state.next_reply_key();
    let sent = send(&bot, &msg, &reply.text, keyboards::for_reply(&reply, Some(key))).await;
    state.metrics.question(decision(&reply), started.elapsed());
    // Only queued: the writer thread normalises and stores it.
    if let Some(record) = record(chat_kind(&msg.chat), &question, &reply, sent.is_ok(), Some(key)) {
        state.log.record(record);
    }
    sent
}

/// The record of a typed question and the engine's reply, for the question
/// log: the question cut as the engine cuts it. `None` for a message
/// without letters or digits ([`ReplyKind::Empty`]): it is no question, and
/// its normalised text would be empty.
fn record(
    chat_type: &'static str,
    question: &str,
    reply: &Reply,
    delivered: bool,
    reply_key: Option<i64>,
) -> Option<Record> {
    let (outcome, entry_id) = match &reply.kind {
        ReplyKind::Answer { id } => (Outcome::Answered, Some(id.clone())),
        ReplyKind::Suggest => (Outcome::Suggested, reply.suggestions.first().map(|o| o.id.clone())),
        ReplyKind::NoMatch => (Outcome::None, None),
        ReplyKind::Empty => return None,
    };
    let question = engine::cut(question).to_string();
    Some(Record {
        at: questions_log::now(),
        chat_type,
        question,
        outcome,
        entry_id,
        score: reply.score,
        delivered,
        reply_key,
    })
}

/// The decision of a reply, as the logs and the metrics name it.
fn decision(reply: &Reply) -> &'static str {
    match reply.kind {
        ReplyKind::Answer { .. } => "answer",
        ReplyKind::Suggest => "suggest",
        ReplyKind::NoMatch => "none",
        ReplyKind::Empty => "empty",
    }
}

fn log_reply(what: &str, chat: &Chat, reply: &Reply, started: Instant) {
    let decision = decision(reply);
    log::info!(
        "{what}: chat={} decision={decision} id={} score={:.3} took_us={}",
        chat_kind(chat),
        reply.id().unwrap_or("-"),
        reply.score,
        started.elapsed().as_micros()
    );
}

async fn callback<R>(bot: R, q: CallbackQuery, state: Arc<State>) -> HandlerResult
where
    R: Api,
{
    let parsed = q.data.as_deref().and_then(Callback::parse);
    let admin = state.admins.contains(q.from.id.0);
    let refused = parsed.as_ref().is_some_and(|c| c.for_admins() && !admin);
    // Stop the button's spinner first, saying why on a stale or refused
    // button, thanking for a vote.
    let mut answer = bot.answer_callback_query(q.id.clone());
    match &parsed {
        None => answer = answer.text(texts::STALE_BUTTON),
        Some(_) if refused => answer = answer.text(texts::ADMIN_ONLY),
        Some(Callback::Vote { .. }) => answer = answer.text(texts::VOTE_THANKS),
        Some(_) => {}
    }
    answer.await?;
    // Inline-mode messages have no chat to write to; this bot makes none.
    let Some(message) = &q.message else { return Ok(()) };
    let chat = message.chat();
    if refused {
        // Forged or forwarded: a curator's button pressed by someone else.
        log::warn!("refused an inbox button from a non-admin in a {} chat", chat_kind(chat));
        log::debug!("the refused inbox button came from user {}", q.from.id);
        bot.send_message(chat.id, texts::ADMIN_ONLY).await?;
        return Ok(());
    }
    match parsed {
        Some(Callback::Answer(id)) => answer_button(&bot, chat, &state, &id, None).await?,
        Some(Callback::Suggested { key, id }) => {
            // The asker's choice proposes their question as its phrasing.
            state.log.signal(Signal {
                at: questions_log::now(),
                kind: SignalKind::Chose,
                reply_key: Some(key),
                entry_id: id.clone(),
            });
            answer_button(&bot, chat, &state, &id, Some(key)).await?;
        }
        Some(Callback::Vote { up, key, id }) => {
            let kind = if up { SignalKind::Up } else { SignalKind::Down };
            log::info!("vote: chat={} {} id={id}", chat_kind(chat), kind.as_str());
            state.log.signal(Signal {
                at: questions_log::now(),
                kind,
                reply_key: (key != 0).then_some(key),
                entry_id: id,
            });
            // One vote per answer: its buttons go, the follow-ups stay.
            if let MaybeInaccessibleMessage::Regular(m) = message
                && let Some(markup) = m.reply_markup()
            {
                bot.edit_message_reply_markup(chat.id, m.id).reply_markup(keyboards::without_votes(markup)).await?;
            }
        }
        Some(Callback::Inbox { action, item, id }) => curation::button(bot, &q, state, action, item, id).await?,
        Some(Callback::Topics(page)) => {
            let engine = state.live.snapshot();
            let (text, markup) = keyboards::topics(engine.knowledge(), page);
            match message {
                // Turn the page in place.
                MaybeInaccessibleMessage::Regular(m) => {
                    bot.edit_message_text(chat.id, m.id, text).reply_markup(markup).await?;
                }
                MaybeInaccessibleMessage::Inaccessible(_) => {
                    bot.send_message(chat.id, text).reply_markup(markup).await?;
                }
            }
        }
        None => {
            log::info!("button: chat={} decision=stale", chat_kind(chat));
            bot.send_message(chat.id, texts::STALE_BUTTON).await?;
        }
    }
    Ok(())
}

/// The answer of entry `id`, for a pressed button; with 👍 / 👎 for the
/// question of `key` when the button was a suggestion for it.
async fn answer_button<R: Api>(bot: &R, chat: &Chat, state: &State, id: &str, key: Option<i64>) -> HandlerResult {
    // Not recorded in the question log: a button repeats one of the
    // knowledge base's own questions, not the user's words, and counting it
    // would inflate the answered share.
    let started = Instant::now();
    let reply = state.live.snapshot().reply_for(id);
    let (text, markup) = match &reply {
        Some(reply) => {
            log_reply("button", chat, reply, started);
            (reply.text.as_str(), keyboards::for_reply(reply, key))
        }
        None => {
            log::info!("button: chat={} decision=stale", chat_kind(chat));
            (texts::STALE_BUTTON, None)
        }
    };
    let text = fit(text);
    retried(|| {
        let mut req = bot.send_message(chat.id, text.clone());
        if let Some(markup) = markup.clone() {
            req = req.reply_markup(markup);
        }
        req.into_future()
    })
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_stripped_in_any_case_and_only_whole() {
        assert_eq!(strip_mention("@Jawab_Bot كم استغرقت؟", "jawab_bot").as_deref(), Some(" كم استغرقت؟"));
        assert_eq!(strip_mention("كم استغرقت؟ @jawab_botx", "jawab_bot"), None);
        assert_eq!(strip_mention("كم استغرقت؟", ""), None);
    }

    #[test]
    fn a_record_holds_the_decision_and_the_cut_question_and_none_for_no_words() {
        let r = record("group", "السلام عليكم", &Reply::no_topic(), false, None).unwrap();
        assert_eq!((r.outcome, r.entry_id, r.delivered), (Outcome::None, None, false));
        assert!(record("private", "🙂", &Reply::empty(), true, None).is_none());
        let long = "ب".repeat(engine::MAX_QUESTION_CHARS + 5);
        let r = record("private", &long, &Reply::no_topic(), true, Some(7)).unwrap();
        assert_eq!(r.reply_key, Some(7));
        assert_eq!(r.question.chars().count(), engine::MAX_QUESTION_CHARS);
    }
}
