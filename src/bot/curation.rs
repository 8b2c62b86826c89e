//! The curators' inbox in Telegram: `/unanswered` shows the questions users
//! could not get answered one message at a time, each with buttons that add
//! it to an entry, mark it outside the article, or put it off; `/undo` takes
//! the last change back; `/explain` shows how the engine reads a question.
//!
//! The work — reading the log, editing and validating the files, reloading
//! — is blocking and runs in `spawn_blocking`, one change at a time
//! ([`State::curating`]); the safe writes themselves are
//! [`crate::curation`]'s, the audit and triage [`crate::questions_log::Desk`]'s.

use std::sync::Arc;

use teloxide::payloads::EditMessageTextSetters;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, MaybeInaccessibleMessage};

use super::api::{Api, HandlerResult, flatten, send};
use super::keyboards::{Callback, InboxAction};
use super::{State, fit};
use crate::curation::{self, Plan};
use crate::engine::Engine;
use crate::questions_log::{self, Action, Change, Desk, INBOX_DAYS, Item, LATER_DAYS, LogError};
use crate::texts;

/// The most "➕ add to …" buttons on an item.
const MAX_CANDIDATES: usize = 3;

/// The longest button label, in characters.
const MAX_LABEL_CHARS: usize = 40;

/// An item's message: its text and buttons.
type Shown = (String, InlineKeyboardMarkup);

/// `/unanswered`: how many questions wait, then the first of them.
pub(super) async fn unanswered<R: Api>(bot: R, msg: Message, state: Arc<State>) -> HandlerResult {
    let s = state.clone();
    let read = tokio::task::spawn_blocking(move || -> Result<_, LogError> {
        let items = inbox(&s)?;
        let first = items.first().map(|item| shown(&s.live.snapshot(), item));
        Ok((items.len(), first))
    })
    .await;
    match flatten(read, "/unanswered") {
        None => send(&bot, &msg, texts::LOG_UNAVAILABLE, None).await,
        Some((_, None)) => send(&bot, &msg, &texts::inbox_empty(INBOX_DAYS), None).await,
        Some((n, Some((text, markup)))) => {
            send(&bot, &msg, &texts::inbox_header(n, INBOX_DAYS), None).await?;
            send(&bot, &msg, &text, Some(markup)).await
        }
    }
}

/// `/undo`: the last change put back (file and engine).
pub(super) async fn undo<R: Api>(bot: R, msg: Message, state: Arc<State>) -> HandlerResult {
    let admin = msg.from.as_ref().map_or(0, |u| u.id.0);
    let s = state.clone();
    let done = tokio::task::spawn_blocking(move || undo_last(&s, admin)).await;
    let text = done.unwrap_or_else(|e| {
        log::error!("/undo crashed: {e}");
        texts::curation_failed("internal error")
    });
    send(&bot, &msg, &text, None).await
}

/// `/explain QUESTION`: how the live engine reads and ranks it.
pub(super) async fn explain<R: Api>(bot: R, msg: Message, state: Arc<State>, question: String) -> HandlerResult {
    if question.trim().is_empty() {
        return send(&bot, &msg, texts::EXPLAIN_USAGE, None).await;
    }
    let text = state.live.snapshot().explain(&question);
    send(&bot, &msg, &text, None).await
}

/// A press of an inbox button (by an admin: the caller checked).
pub(super) async fn button<R: Api>(
    bot: R,
    q: &CallbackQuery,
    state: Arc<State>,
    action: InboxAction,
    item: String,
    id: Option<String>,
) -> HandlerResult {
    let Some(message) = &q.message else { return Ok(()) };
    let chat = message.chat().id;
    let admin = q.from.id.0;
    let s = state.clone();
    let acted = tokio::task::spawn_blocking(move || act(&s, admin, action, &item, id.as_deref())).await;
    let (text, markup, next) = match acted {
        Ok(acted) => acted,
        Err(e) => {
            log::error!("inbox button crashed: {e}");
            (texts::curation_failed("internal error"), None, None)
        }
    };
    match message {
        MaybeInaccessibleMessage::Regular(m) => {
            let mut edit = bot.edit_message_text(chat, m.id, fit(&text));
            if let Some(markup) = markup {
                edit = edit.reply_markup(markup);
            }
            edit.await?;
        }
        MaybeInaccessibleMessage::Inaccessible(_) => {
            let mut sent = bot.send_message(chat, fit(&text));
            if let Some(markup) = markup {
                sent = sent.reply_markup(markup);
            }
            sent.await?;
        }
    }
    if let Some(next) = next {
        let mut sent = bot.send_message(chat, fit(&next.0));
        if !next.1.inline_keyboard.is_empty() {
            sent = sent.reply_markup(next.1);
        }
        sent.await?;
    }
    Ok(())
}

/// The inbox as it is now.
fn inbox(state: &State) -> Result<Vec<Item>, LogError> {
    // Questions still queued for the writer belong in the inbox too.
    state.log.flush(std::time::Duration::from_millis(500));
    state.log.reader()?.inbox(questions_log::now(), INBOX_DAYS)
}

/// What a press did: the new text of its message, its buttons if it still
/// needs some (a warning), and the next item to show (after a change).
fn act(
    state: &State,
    admin: u64,
    action: InboxAction,
    key: &str,
    id: Option<&str>,
) -> (String, Option<InlineKeyboardMarkup>, Option<Shown>) {
    // One change at a time: two admins tapping at once must not both edit
    // the same file from the same bytes.
    let _one = state.curating.lock().unwrap_or_else(|e| e.into_inner());
    let items = match inbox(state) {
        Ok(items) => items,
        Err(e) => {
            log::warn!("inbox: {e}");
            return (texts::LOG_UNAVAILABLE.to_string(), None, None);
        }
    };
    let Some(item) = items.iter().find(|i| i.key == key) else {
        return (texts::INBOX_GONE.to_string(), None, None);
    };
    let engine = state.live.snapshot();
    let question = item.question.as_str();
    let planned = match (action, id) {
        (InboxAction::Add { force }, Some(id)) => {
            let close = if force { Vec::new() } else { curation::near_duplicates(&engine, id, question) };
            if !close.is_empty() {
                let again = InboxAction::Add { force: true };
                let buttons = [
                    inbox_button(texts::INBOX_ADD_ANYWAY, again, key, Some(id)),
                    inbox_button(texts::INBOX_REFUSE, InboxAction::Refuse { force: false }, key, None),
                    inbox_button(texts::INBOX_LATER, InboxAction::Later, key, None),
                ];
                return (texts::inbox_near_duplicates(question, &close), Some(column(buttons)), None);
            }
            files(state).and_then(|root| curation::plan_add(root, id, question)).map(|plan| (Action::Added, plan))
        }
        (InboxAction::Refuse { force }, _) => {
            let group = curation::closest_outside(&engine, question);
            let target = group.as_deref().unwrap_or(curation::DEFAULT_OUTSIDE);
            let close = if force { Vec::new() } else { curation::near_duplicates(&engine, target, question) };
            if !close.is_empty() {
                let buttons = [
                    inbox_button(texts::INBOX_REFUSE_ANYWAY, InboxAction::Refuse { force: true }, key, None),
                    inbox_button(texts::INBOX_LATER, InboxAction::Later, key, None),
                ];
                return (texts::inbox_near_duplicates(question, &close), Some(column(buttons)), None);
            }
            files(state)
                .and_then(|root| curation::plan_refuse(root, question, group.as_deref()))
                .map(|plan| (Action::Refused, plan))
        }
        (InboxAction::Later, _) => {
            let change = change(admin, Action::Later, question, None);
            let text = match record(state, &change) {
                Ok(()) => texts::inbox_later(question, LATER_DAYS),
                Err(e) => texts::curation_failed(&e.to_string()),
            };
            return (text, None, next(state));
        }
        (InboxAction::Add { .. }, None) => return (texts::STALE_BUTTON.to_string(), None, None),
    };
    let (action, plan) = match planned {
        Ok(planned) => planned,
        Err(e) => {
            log::warn!("inbox: a change was refused: {e}");
            return (texts::curation_failed(&e.to_string()), None, None);
        }
    };
    match write(state, admin, action, question, &plan) {
        Ok(()) => {
            let file = plan.edit.file.display().to_string();
            let target = &plan.edit.target;
            let text = match action {
                Action::Added => {
                    let title = plan.knowledge.entry(target).map_or(target.as_str(), |e| e.questions[0].as_str());
                    texts::inbox_added(question, title, target, &file)
                }
                _ => texts::inbox_refused(question, target, &file),
            };
            (text, None, next(state))
        }
        Err(e) => {
            log::warn!("inbox: a change was refused: {e}");
            (texts::curation_failed(&e), None, None)
        }
    }
}

/// Writes `plan`, reloads, and records it in the audit; if the audit cannot
/// be written the file is put back, so every change on disk can be undone.
fn write(state: &State, admin: u64, action: Action, question: &str, plan: &Plan) -> Result<(), String> {
    // Opened first: a log that cannot be written refuses before any file changes.
    let mut desk = desk(state).map_err(|e| e.to_string())?;
    curation::apply(&state.live, plan).map_err(|e| e.to_string())?;
    let edit = &plan.edit;
    let mut change = change(admin, action, question, Some(edit.target.clone()));
    change.file = Some((edit.file.clone(), edit.before.clone(), edit.after.clone()));
    if let Err(e) = desk.record(&change) {
        if let Err(back) = curation::revert(&state.live, edit) {
            log::error!("inbox: the audit failed ({e}) and so did putting the file back: {back}");
        }
        return Err(e.to_string());
    }
    log::info!("inbox: an admin {} a phrasing of {}", action.as_str(), edit.target);
    Ok(())
}

/// The knowledge's files, unless the built-in knowledge is in use.
fn files(state: &State) -> Result<&std::path::Path, curation::CurationError> {
    state.live.path().ok_or(curation::CurationError::BuiltIn)
}

fn record(state: &State, change: &Change) -> Result<(), LogError> {
    desk(state)?.record(change).map(|_| ())
}

fn desk(state: &State) -> Result<Desk, LogError> {
    Desk::open(state.log.path().ok_or(LogError::Disabled)?)
}

fn change(admin: u64, action: Action, question: &str, entry_id: Option<String>) -> Change {
    Change { id: 0, at: questions_log::now(), admin, action, entry_id, phrasing: question.to_string(), file: None }
}

/// The next item to show, or a note that none is left (`None` if the log
/// cannot be read).
fn next(state: &State) -> Option<Shown> {
    let items = inbox(state).ok()?;
    Some(match items.first() {
        Some(item) => shown(&state.live.snapshot(), item),
        None => (texts::INBOX_DONE.to_string(), InlineKeyboardMarkup::new(Vec::<Vec<InlineKeyboardButton>>::new())),
    })
}

/// `/undo`'s work: the reply to the admin.
fn undo_last(state: &State, admin: u64) -> String {
    let _one = state.curating.lock().unwrap_or_else(|e| e.into_inner());
    let mut desk = match desk(state) {
        Ok(desk) => desk,
        Err(e) => return texts::curation_failed(&e.to_string()),
    };
    let change = match desk.last_change() {
        Ok(Some(change)) => change,
        Ok(None) => return texts::NOTHING_TO_UNDO.to_string(),
        Err(e) => return texts::curation_failed(&e.to_string()),
    };
    if let Some((file, before, after)) = &change.file {
        let edit = curation::Edit {
            file: file.clone(),
            before: before.clone(),
            after: after.clone(),
            target: change.entry_id.clone().unwrap_or_default(),
            kind: "entry",
        };
        if let Err(e) = curation::revert(&state.live, &edit) {
            log::warn!("/undo refused: {e}");
            return texts::curation_failed(&e.to_string());
        }
    }
    if let Err(e) = desk.undone(&change, admin, questions_log::now()) {
        log::error!("/undo: the file is back but the audit could not say so: {e}");
    }
    log::info!("/undo: an admin undid a change ({})", change.action.as_str());
    let id = change.file.as_ref().and(change.entry_id.as_deref());
    texts::undone(&change.phrasing, id)
}

/// An item's message: the question and its buttons — the chosen
/// suggestion first, then the entries the engine ranks closest (not the
/// one voted down), then "not in the article" and "later".
fn shown(engine: &Engine, item: &Item) -> Shown {
    let kb = engine.knowledge();
    // An entry by its first question and its id, as curators know it.
    let title = |id: &str| kb.entry(id).map(|e| format!("{} ({id})", e.questions[0]));
    let picked = curation::candidates(engine, item, MAX_CANDIDATES);
    let mut rows: Vec<Vec<InlineKeyboardButton>> = picked
        .iter()
        .filter_map(|&(i, chosen)| {
            let e = &kb.entries[i];
            let mark = if chosen { texts::INBOX_CHOSEN } else { texts::INBOX_ADD };
            let label = format!("{mark}{}", label(&e.questions[0]));
            inbox_button(&label, InboxAction::Add { force: false }, &item.key, Some(&e.id))
        })
        .map(|b| vec![b])
        .collect();
    rows.extend(
        [
            inbox_button(texts::INBOX_REFUSE, InboxAction::Refuse { force: false }, &item.key, None),
            inbox_button(texts::INBOX_LATER, InboxAction::Later, &item.key, None),
        ]
        .into_iter()
        .flatten()
        .map(|b| vec![b]),
    );
    let chosen = item.chosen.as_deref().and_then(title);
    let doubtful = item.doubtful.as_deref().and_then(title);
    let text = texts::inbox_item(&item.question, item.count, chosen.as_deref(), doubtful.as_deref(), item.down_votes);
    (text, InlineKeyboardMarkup::new(rows))
}

/// A button's label: the question whole, or its first words.
fn label(question: &str) -> String {
    if question.chars().count() <= MAX_LABEL_CHARS {
        return question.to_string();
    }
    let mut out = String::new();
    for word in question.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > MAX_LABEL_CHARS - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = question.chars().take(MAX_LABEL_CHARS - 1).collect();
    }
    out.push('…');
    out
}

fn inbox_button(label: &str, action: InboxAction, key: &str, id: Option<&str>) -> Option<InlineKeyboardButton> {
    let data = Callback::Inbox { action, item: key.to_string(), id: id.map(str::to_string) }.encode()?;
    Some(InlineKeyboardButton::callback(label, data))
}

fn column<const N: usize>(buttons: [Option<InlineKeyboardButton>; N]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(buttons.into_iter().flatten().map(|b| vec![b]).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_keep_whole_words_and_at_least_twelve_letters() {
        assert_eq!(label("كم استغرقت المحادثات؟"), "كم استغرقت المحادثات؟");
        let long = "ما الذي قاله الرئيسان عن العلاقات الثنائية بين البلدين في المؤتمر الصحفي؟";
        let l = label(long);
        assert!(l.ends_with('…') && l.chars().count() <= MAX_LABEL_CHARS, "{l}");
        assert!(long.starts_with(l.trim_end_matches('…')), "{l}");
        assert!(l.chars().filter(|c| c.is_alphabetic()).count() >= 12, "{l}");
    }
}
