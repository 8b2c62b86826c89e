//! The Telegram bot: the shared state, and [`run`], which starts long
//! polling over teloxide.
//!
//! The handlers live in `schema.rs`, the commands in `commands.rs`, the
//! buttons in `keyboards.rs`; every text in [`crate::texts`]; the settings
//! in [`crate::config`]. Only [`run`] is public: the rest is the bot's own.

mod api;
pub(crate) mod commands;
mod curation;
mod dispatch;
mod inbox;
pub(crate) mod keyboards;
mod polling;
pub(crate) mod schema;
#[cfg(test)]
mod tests;

use std::fmt;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use teloxide::RequestError;
use teloxide::adaptors::throttle::Limits;
use teloxide::error_handlers::ErrorHandler;
use teloxide::prelude::*;
use teloxide::types::BotCommand;
use teloxide::utils::command::BotCommands;

use crate::config::{Admins, BotSettings};
use crate::engine::Live;
use crate::matcher::MatcherConfig;
use crate::questions_log::{self, QuestionLog};
use api::Api;
use commands::UserCommands;

/// Telegram's limit on a message's length, in UTF-16 code units.
pub(crate) const MAX_MESSAGE_UTF16: usize = 4096;

/// What the handlers share: the live knowledge, the admins and the
/// question log.
#[derive(Debug)]
pub(crate) struct State {
    /// The knowledge, swapped atomically on reload.
    pub(crate) live: Live,
    /// Who may run admin commands.
    pub(crate) admins: Admins,
    /// Where questions are recorded (never waited for).
    pub(crate) log: QuestionLog,
    /// Questions dropped since start because their chat sent them faster
    /// than they were answered ([`dispatch::MAX_PENDING`]).
    pub(crate) flooded: Arc<std::sync::atomic::AtomicU64>,
    /// Where fetched updates are kept until handled (none in tests that do
    /// not ask for one).
    pub(crate) inbox: Option<Arc<inbox::Inbox>>,
    /// Held while a curator's change is made: one at a time.
    pub(crate) curating: std::sync::Mutex<()>,
    /// The next reply key ([`crate::questions_log::Record::reply_key`]):
    /// microseconds since the epoch at start, then one more per question,
    /// so keys do not repeat across restarts.
    reply_keys: std::sync::atomic::AtomicI64,
}

impl State {
    /// The shared state, ready for `dptree::deps!`, without an inbox.
    #[cfg(test)]
    pub(crate) fn new(live: Live, admins: Admins, log: QuestionLog) -> Arc<State> {
        State::with_inbox(live, admins, log, None)
    }

    /// The same, keeping fetched updates in `inbox`.
    pub(crate) fn with_inbox(live: Live, admins: Admins, log: QuestionLog, inbox: Option<inbox::Inbox>) -> Arc<State> {
        let start = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_micros());
        Arc::new(State {
            live,
            admins,
            log,
            flooded: Arc::default(),
            inbox: inbox.map(Arc::new),
            curating: std::sync::Mutex::new(()),
            reply_keys: std::sync::atomic::AtomicI64::new(i64::try_from(start).unwrap_or(1)),
        })
    }

    /// A new reply key, for a typed question's reply and its buttons.
    pub(crate) fn next_reply_key(&self) -> i64 {
        self.reply_keys.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }
}

/// Replaces every occurrence of the token in `text`. teloxide already hides
/// it in network errors; this guards everything the bot logs or prints.
pub(crate) fn redact(text: &str, token: &str) -> String {
    if token.is_empty() { text.to_string() } else { text.replace(token, "<token>") }
}

/// `text` cut to fit one Telegram message (4096 UTF-16 code units), on a
/// character boundary, with a mark when cut.
pub(crate) fn fit(text: &str) -> String {
    if text.encode_utf16().count() <= MAX_MESSAGE_UTF16 {
        return text.to_string();
    }
    let budget = MAX_MESSAGE_UTF16 - crate::texts::CUT_MARK.encode_utf16().count();
    let mut used = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if used + c.len_utf16() > budget {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
    }
    format!("{}{}", &text[..end], crate::texts::CUT_MARK)
}

/// Logs errors (of handlers, or of polling) with the token redacted; they
/// are never fatal.
struct LogErrors {
    what: &'static str,
    token: String,
}

impl LogErrors {
    /// Logs `error` at error level, described by [`describe`], the token redacted.
    fn log<E: fmt::Debug + 'static>(&self, error: &E) {
        log::error!("{}: {}", self.what, redact(&describe(error), &self.token));
    }
}

impl<E: fmt::Debug + Send + 'static> ErrorHandler<E> for LogErrors {
    fn handle_error(self: Arc<Self>, error: E) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        self.log(&error);
        Box::pin(async {})
    }
}

/// An error as the log may show it ([`describe_request`] for a request's).
fn describe<E: fmt::Debug + 'static>(error: &E) -> String {
    let any: &dyn std::any::Any = error;
    let request = any
        .downcast_ref::<RequestError>()
        .or_else(|| any.downcast_ref::<api::Error>().and_then(|e| e.downcast_ref::<RequestError>()));
    match request {
        Some(e) => describe_request(e),
        None => format!("{error:?}"),
    }
}

/// A request's error as the log may show it. A response that is not valid
/// JSON is told by its length and where it broke, never by its text: a
/// getUpdates body holds users' names, ids and messages, and serde's message
/// may quote a piece of it; a group's move to a supergroup, without the ids.
pub(crate) fn describe_request(e: &RequestError) -> String {
    match e {
        RequestError::InvalidJson { source, raw } => format!(
            "a response that is not valid JSON ({} bytes, a {:?} error at line {}, column {})",
            raw.len(),
            source.classify(),
            source.line(),
            source.column()
        ),
        RequestError::MigrateToChatId(_) => "the group has become a supergroup (MigrateToChatId)".to_string(),
        other => format!("{other:?}"),
    }
}

/// Runs the bot until Ctrl-C or SIGTERM: loads the knowledge from
/// `knowledge`, then long-polls Telegram with the (checked) `settings`.
pub fn run(settings: BotSettings, knowledge: &Path, config: MatcherConfig) -> anyhow::Result<()> {
    let live = Live::load(knowledge, config)?;
    log::info!(
        "knowledge loaded: {} entries; {} admin(s)",
        live.snapshot().knowledge().entries.len(),
        settings.admins.len()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start tokio")?;
    let token = settings.token().to_string();
    let api_url = settings.api_url.clone();
    let options = questions_log::Options { retention_days: settings.retention_days, ..Default::default() };
    log::info!(
        "question log: {} (rows kept {} days; no user ids, names or chat ids)",
        settings.db.display(),
        settings.retention_days
    );
    let inbox_path = inbox::path_beside(&settings.db);
    let inbox = match inbox::Inbox::open(&inbox_path) {
        Ok(inbox) => Some(inbox),
        Err(e) => {
            log::warn!(
                "inbox {}: cannot open it, fetched questions are not kept against a crash: {e}",
                inbox_path.display()
            );
            None
        }
    };
    let state = State::with_inbox(live, settings.admins, QuestionLog::open(&settings.db, options), inbox);
    let result = runtime.block_on(serve(token.clone(), api_url, state.clone()));
    // Leftover tasks (the throttle worker, signal listeners) need no waiting for.
    runtime.shutdown_timeout(Duration::from_millis(500));
    // The last questions are still queued: write them before leaving.
    if !state.log.flush(Duration::from_millis(1500)) {
        log::warn!("question log: not every question was written before stopping");
    }
    result.map_err(|e| anyhow::anyhow!(redact(&format!("{e:#}"), &token)))
}

async fn serve(token: String, api_url: Option<url::Url>, state: Arc<State>) -> anyhow::Result<()> {
    // As `Bot::from_env` makes it (a proxy from TELOXIDE_PROXY), with the checked settings.
    let bot = Bot::with_client(&token, teloxide::net::client_from_env());
    let bot = match api_url {
        Some(url) => bot.set_api_url(url),
        None => bot,
    };
    let bot = bot.throttle(Limits::default());
    let me = bot.get_me().await.context("cannot reach telegram (getMe)")?;
    log::info!("started as @{}", me.user.username.as_deref().unwrap_or("?"));
    set_commands(&bot).await;

    let (stop, stopping) = tokio::sync::watch::channel(false);
    on_stop_signals(stop)?;
    on_sighup(state.clone())?;
    poll(bot, me, state, token, stopping).await?;
    log::info!("stopped");
    Ok(())
}

/// How long the bot may go on answering what it has fetched once told to
/// stop; then it leaves, whatever is still queued.
const STOP_GRACE: Duration = Duration::from_millis(2500);

/// Long-polls Telegram through `bot` (whose getMe answer is `me`) with
/// [`polling::listener`], which skips an update it cannot read, and hands
/// each update to its chat's worker
/// ([`dispatch::Workers`], which never makes polling wait), until
/// `stopping` turns true or its sender is dropped. Polling errors are
/// logged and retried.
///
/// A stop ends polling (the listener's confirming poll included); the
/// replies being worked on get [`STOP_GRACE`] to finish.
async fn poll<R>(
    bot: R,
    me: teloxide::types::Me,
    state: Arc<State>,
    token: String,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<()>
where
    R: Api + Requester<Err = RequestError>,
    <R as Requester>::GetUpdates: Send,
{
    use futures::StreamExt as _;
    use teloxide::update_listeners::{AsUpdateStream as _, UpdateListener as _};
    let handler = schema::schema::<R>();
    let mut listener = polling::listener(bot.clone(), state.inbox.clone()).await;
    // What `schema` has branches for: messages and button presses.
    use teloxide::types::AllowedUpdate;
    listener.hint_allowed_updates(&mut [AllowedUpdate::Message, AllowedUpdate::CallbackQuery].into_iter());
    let listener_stop = listener.stop_token();
    let handler_errors = Arc::new(LogErrors { what: "handler error", token: token.clone() });
    let deps = dptree::deps![state.clone(), me, bot.clone()];
    let workers =
        dispatch::Workers::new(bot, handler, deps, handler_errors, state.flooded.clone(), state.inbox.clone());
    // What a stop or a crash left unanswered comes first.
    if let Some(inbox) = &state.inbox {
        match inbox.replay() {
            Ok((updates, given_up)) => {
                if !updates.is_empty() || given_up > 0 {
                    log::info!(
                        "inbox: answering {} question(s) fetched before the last stop; {given_up} older one(s) given up",
                        updates.len()
                    );
                }
                updates.into_iter().for_each(|u| workers.route(u));
            }
            Err(e) => log::error!("inbox {}: cannot read what was pending: {e}", inbox.path().display()),
        }
    }
    let polling_errors = LogErrors { what: "polling error (will retry)", token };
    {
        let updates = listener.as_stream();
        let mut updates = std::pin::pin!(updates);
        let mut told = false;
        loop {
            tokio::select! {
                next = updates.next() => match next {
                    Some(Ok(update)) => workers.route(update),
                    Some(Err(e)) => polling_errors.log(&e),
                    None => break,
                },
                // A dropped sender stops too: nothing could stop the bot otherwise.
                _ = stopping.wait_for(|stop| *stop), if !told => {
                    told = true;
                    listener_stop.stop();
                }
            }
        }
    }
    if tokio::time::timeout(STOP_GRACE, workers.finish()).await.is_err() {
        log::warn!("stopping {STOP_GRACE:?} after the signal: questions still queued were not answered");
    }
    Ok(())
}

/// Registers the command menu, in the default scope and for Arabic users.
/// A failure is logged: the bot works without a menu.
async fn set_commands<R: Requester>(bot: &R)
where
    R::Err: fmt::Display,
{
    use teloxide::payloads::SetMyCommandsSetters;
    // teloxide keeps the "/" prefix; the Bot API documents commands without it.
    let commands: Vec<BotCommand> = UserCommands::bot_commands()
        .into_iter()
        .map(|c| BotCommand::new(c.command.trim_start_matches('/'), c.description))
        .collect();
    if let Err(e) = bot.set_my_commands(commands.clone()).await {
        log::warn!("cannot set the command menu: {e}");
    }
    if let Err(e) = bot.set_my_commands(commands).language_code("ar").await {
        log::warn!("cannot set the arabic command menu: {e}");
    }
}

/// SIGTERM (systemd, docker, kill) and SIGINT (Ctrl-C) stop the bot: the
/// first of them sets `stop`, which [`poll`] watches.
fn on_stop_signals(stop: tokio::sync::watch::Sender<bool>) -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
    let mut int = signal(SignalKind::interrupt()).context("cannot listen for SIGINT")?;
    tokio::spawn(async move {
        let name = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
        };
        log::info!("{name} received, stopping");
        stop.send_replace(true);
    });
    Ok(())
}

/// SIGHUP reloads the knowledge, like /reload.
fn on_sighup(state: Arc<State>) -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut hup = signal(SignalKind::hangup()).context("cannot listen for SIGHUP")?;
    tokio::spawn(async move {
        while hup.recv().await.is_some() {
            let state = state.clone();
            match tokio::task::spawn_blocking(move || state.live.reload()).await {
                Ok(Ok(n)) => log::info!("SIGHUP: knowledge reloaded, {n} entries"),
                Ok(Err(e)) => {
                    log::error!("SIGHUP: reload failed, the old knowledge stays: {}", e.problems().join("; "))
                }
                Err(e) => log::error!("SIGHUP: reload crashed, the old knowledge stays: {e}"),
            }
        }
    });
    Ok(())
}
