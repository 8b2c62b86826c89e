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
mod metrics;
mod polling;
pub(crate) mod schema;
mod server;
#[cfg(test)]
mod tests;

use std::fmt;
use std::future::Future;
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
use crate::knowledge::Source;
use crate::matcher::MatcherConfig;
use crate::questions_log::{self, QuestionLog};
use crate::texts;
use api::Api;
use commands::UserCommands;

/// The text the bot sends for a user command (`/start`, `/help`, `/topics`,
/// `/about`, `/privacy`), for the terminal chat, which shows the same:
/// buttons become a list of their questions. `None` if `line` is no such
/// command.
///
/// ```
/// use jawab::engine::Engine;
/// use jawab::knowledge::Source;
/// let engine = Engine::open(&Source::BuiltIn, Default::default()).unwrap();
/// assert!(jawab::bot::command_text(&engine, "/about").unwrap().contains("المقال"));
/// assert!(jawab::bot::command_text(&engine, "/help").unwrap().contains("/topics"));
/// assert_eq!(jawab::bot::command_text(&engine, "كم استغرقت المحادثات؟"), None);
/// ```
pub fn command_text(engine: &crate::engine::Engine, line: &str) -> Option<String> {
    let word = line.split_whitespace().next()?;
    let kb = engine.knowledge();
    Some(match UserCommands::parse(word, "").ok()? {
        UserCommands::Start => {
            let examples = keyboards::examples(kb);
            texts::start(&examples.iter().map(|e| e.questions[0].as_str()).collect::<Vec<_>>())
        }
        UserCommands::Help => UserCommands::descriptions().to_string(),
        UserCommands::Topics => {
            let list: Vec<String> = kb.entries.iter().map(|e| format!("• {}", e.questions[0])).collect();
            format!("{}\n{}", texts::TOPICS_HEADING, list.join("\n"))
        }
        UserCommands::About => texts::about(&kb.article.title, &kb.article.source, kb.entries.len()),
        UserCommands::Privacy => texts::PRIVACY.to_string(),
    })
}

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
    /// than they were answered ([`dispatch::MAX_PENDING`]), and updates
    /// waiting now.
    pub(crate) counts: Arc<dispatch::Counts>,
    /// Where fetched updates are kept until handled (none in tests that do
    /// not ask for one).
    pub(crate) inbox: Option<Arc<inbox::Inbox>>,
    /// What `/metrics` shows.
    pub(crate) metrics: metrics::Metrics,
    /// Telegram answered getMe: the bot can serve (for /healthz).
    pub(crate) connected: std::sync::atomic::AtomicBool,
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
        let counts: Arc<dispatch::Counts> = Arc::default();
        Arc::new(State {
            metrics: metrics::Metrics::new(log.clone(), counts.clone()),
            live,
            admins,
            log,
            counts,
            inbox: inbox.map(Arc::new),
            connected: std::sync::atomic::AtomicBool::new(false),
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
/// `knowledge` (files, or the built-in knowledge), then long-polls Telegram with the (checked) `settings`.
pub fn run(settings: BotSettings, knowledge: &Source, config: MatcherConfig) -> anyhow::Result<()> {
    let live = Live::open(knowledge.clone(), config)?;
    log::info!(
        "knowledge loaded from {knowledge}: {} entries; {} admin(s)",
        live.snapshot().knowledge().entries.len(),
        settings.admins.len()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start tokio")?;
    let token = settings.token().to_string();
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
    let state = State::with_inbox(live, settings.admins.clone(), QuestionLog::open(&settings.db, options), inbox);
    let result = runtime.block_on(serve(&settings, state.clone()));
    // Leftover tasks (the throttle worker, signal listeners) need no waiting for.
    runtime.shutdown_timeout(Duration::from_millis(500));
    // The last questions are still queued: write them before leaving.
    if !state.log.flush(Duration::from_millis(1500)) {
        log::warn!("question log: not every question was written before stopping");
    }
    result.map_err(|e| anyhow::anyhow!(redact(&format!("{e:#}"), &token)))
}

async fn serve(settings: &BotSettings, state: Arc<State>) -> anyhow::Result<()> {
    let token = settings.token().to_string();
    // As `Bot::from_env` makes it (a proxy from TELOXIDE_PROXY), with the checked settings.
    let bot = Bot::with_client(&token, teloxide::net::client_from_env());
    let bot = match &settings.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    };
    let bot = bot.throttle(Limits::default());
    let (stop, mut stopping) = tokio::sync::watch::channel(false);
    on_stop_signals(stop)?;
    // Health and metrics answer from the start, while Telegram is still out of reach.
    let (hook, updates) = match &settings.webhook {
        Some(w) => {
            let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
            let path = w.url.path().to_string();
            (Some(server::Hook { path, secret: w.secret().to_string(), updates: sender }), Some(receiver))
        }
        None => (None, None),
    };
    let listening = match settings.listen {
        Some(addr) => {
            let listener =
                tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?;
            log::info!(
                "listening on {addr}: /healthz, /metrics{}",
                if hook.is_some() { " and the webhook" } else { "" }
            );
            let router = server::router(state.clone(), hook, stopping.clone());
            Some(tokio::spawn(server::serve(listener, router, stopping.clone())))
        }
        None => None,
    };
    let Some(me) = get_me(&bot, &mut stopping).await? else {
        log::info!("stopped before telegram could be reached");
        return Ok(());
    };
    log::info!("started as @{}", me.user.username.as_deref().unwrap_or("?"));
    state.connected.store(true, std::sync::atomic::Ordering::Relaxed);
    set_commands(&bot).await;
    on_sighup(state.clone())?;
    let feed = match (&settings.webhook, updates) {
        (Some(w), Some(updates)) => {
            if w.setup {
                set_webhook(&bot, w).await?;
            }
            Feed::Webhook(updates)
        }
        _ => Feed::Polling,
    };
    handle_updates(bot, me, state, token, stopping, feed).await?;
    if let Some(listening) = listening {
        let _ = tokio::time::timeout(Duration::from_millis(500), listening).await;
    }
    log::info!("stopped");
    Ok(())
}

/// Where updates come from.
enum Feed {
    /// Long polling (getUpdates).
    Polling,
    /// The webhook's listener.
    Webhook(tokio::sync::mpsc::UnboundedReceiver<teloxide::types::Update>),
}

/// Tells Telegram where to post updates: the url, the secret and the
/// kinds of update the handlers take. An error stops the bot: without a
/// webhook it would get nothing.
async fn set_webhook<R: Requester<Err = RequestError>>(bot: &R, webhook: &crate::config::Webhook) -> anyhow::Result<()>
where
    R::SetWebhook: Send,
{
    use teloxide::payloads::SetWebhookSetters;
    use teloxide::types::AllowedUpdate;
    bot.set_webhook(webhook.url.clone())
        .secret_token(webhook.secret().to_string())
        .allowed_updates([AllowedUpdate::Message, AllowedUpdate::CallbackQuery])
        .await
        .map_err(|e| anyhow::anyhow!("setWebhook failed: {}", describe_request(&e)))?;
    log::info!("webhook set: telegram posts updates to {}", webhook.url);
    Ok(())
}

/// What `jawab webhook` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookAction {
    /// setWebhook with `JAWAB_WEBHOOK_URL` and `JAWAB_WEBHOOK_SECRET`.
    Set,
    /// deleteWebhook: back to long polling.
    Delete,
    /// getWebhookInfo.
    Info,
}

/// `jawab webhook set|delete|info`, for a deploy step when several replicas
/// run with `JAWAB_WEBHOOK_SETUP=false`: what Telegram answered, one line.
pub fn webhook(settings: &BotSettings, action: WebhookAction) -> anyhow::Result<String> {
    let token = settings.token().to_string();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().context("cannot start tokio")?;
    let bot = Bot::with_client(&token, teloxide::net::client_from_env());
    let bot = match &settings.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    };
    let done = runtime.block_on(async {
        match action {
            WebhookAction::Set => {
                let Some(w) = &settings.webhook else {
                    anyhow::bail!("{} is not set: nothing to set", crate::config::WEBHOOK_URL_VAR);
                };
                set_webhook(&bot, w).await?;
                Ok(format!("webhook set to {}", w.url))
            }
            WebhookAction::Delete => {
                bot.delete_webhook().await.map_err(|e| anyhow::anyhow!("deleteWebhook: {}", describe_request(&e)))?;
                Ok("webhook deleted: the bot can long-poll again".to_string())
            }
            WebhookAction::Info => {
                let info = bot
                    .get_webhook_info()
                    .await
                    .map_err(|e| anyhow::anyhow!("getWebhookInfo: {}", describe_request(&e)))?;
                let url = info.url.as_ref().map_or("(none)".to_string(), |u| u.to_string());
                Ok(format!("url: {url}; pending updates: {}", info.pending_update_count))
            }
        }
    });
    done.map_err(|e| anyhow::anyhow!(redact(&format!("{e:#}"), &token)))
}

/// The longest pause between two tries of getMe while Telegram cannot be
/// reached.
const GET_ME_MAX_PAUSE: Duration = Duration::from_secs(32);

/// Asks Telegram who the bot is, again and again while the network is down
/// (1 s, doubling to [`GET_ME_MAX_PAUSE`]), until it answers or a stop
/// signal comes (`None`). Telegram refusing the token is an error at once,
/// naming the variable.
async fn get_me<R: Requester<Err = RequestError>>(
    bot: &R,
    stopping: &mut tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<Option<teloxide::types::Me>> {
    let mut pause = Duration::from_secs(1);
    let mut tries = 0u32;
    loop {
        let error = tokio::select! {
            me = bot.get_me().into_future() => match me {
                Ok(me) => return Ok(Some(me)),
                Err(e) => e,
            },
            _ = stopping.wait_for(|stop| *stop) => return Ok(None),
        };
        if let RequestError::Api(api) = &error {
            anyhow::bail!("{}: telegram refused the token ({api}); check it with @BotFather", crate::config::TOKEN_VAR);
        }
        tries += 1;
        log::warn!(
            "cannot reach telegram (getMe, try {tries}): {}; trying again in {}s",
            describe_request(&error),
            pause.as_secs()
        );
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = stopping.wait_for(|stop| *stop) => return Ok(None),
        }
        pause = (pause * 2).min(GET_ME_MAX_PAUSE);
    }
}

/// How long the bot may go on answering what it has fetched once told to
/// stop; then it leaves, whatever is still queued.
const STOP_GRACE: Duration = Duration::from_millis(2500);

/// Hands each update — from long polling ([`polling::listener`], which
/// skips an update it cannot read) or from the webhook — to its chat's
/// worker ([`dispatch::Workers`], which never makes the feed wait), until
/// `stopping` turns true or its sender is dropped. Polling errors are
/// logged and retried.
///
/// A stop ends the feed (polling's confirming poll included); the replies
/// being worked on get [`STOP_GRACE`] to finish.
async fn handle_updates<R>(
    bot: R,
    me: teloxide::types::Me,
    state: Arc<State>,
    token: String,
    mut stopping: tokio::sync::watch::Receiver<bool>,
    feed: Feed,
) -> anyhow::Result<()>
where
    R: Api + Requester<Err = RequestError>,
    <R as Requester>::GetUpdates: Send,
{
    let handler = schema::schema::<R>();
    let handler_errors = Arc::new(LogErrors { what: "handler error", token: token.clone() });
    let deps = dptree::deps![state.clone(), me, bot.clone()];
    let workers =
        dispatch::Workers::new(bot.clone(), handler, deps, handler_errors, state.counts.clone(), state.inbox.clone());
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
    match feed {
        Feed::Polling => poll(bot, &state, token, &mut stopping, &workers).await,
        Feed::Webhook(mut updates) => loop {
            tokio::select! {
                next = updates.recv() => match next {
                    Some(update) => workers.route(update),
                    None => break,
                },
                _ = stopping.wait_for(|stop| *stop) => break,
            }
        },
    }
    if tokio::time::timeout(STOP_GRACE, workers.finish()).await.is_err() {
        log::warn!("stopping {STOP_GRACE:?} after the signal: questions still queued were not answered");
    }
    Ok(())
}

/// Long-polls Telegram until `stopping`, routing each update to `workers`.
async fn poll<R>(
    bot: R,
    state: &State,
    token: String,
    stopping: &mut tokio::sync::watch::Receiver<bool>,
    workers: &dispatch::Workers<R>,
) where
    R: Api + Requester<Err = RequestError>,
    <R as Requester>::GetUpdates: Send,
{
    use futures::StreamExt as _;
    use teloxide::types::AllowedUpdate;
    use teloxide::update_listeners::{AsUpdateStream as _, UpdateListener as _};
    let mut listener = polling::listener(bot, state.inbox.clone()).await;
    // What `schema` has branches for: messages and button presses.
    listener.hint_allowed_updates(&mut [AllowedUpdate::Message, AllowedUpdate::CallbackQuery].into_iter());
    let listener_stop = listener.stop_token();
    let polling_errors = LogErrors { what: "polling error (will retry)", token };
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
            let reloading = state.clone();
            match tokio::task::spawn_blocking(move || reloading.live.reload()).await {
                Ok(Ok(n)) => {
                    state.metrics.reload(true);
                    log::info!("SIGHUP: knowledge reloaded, {n} entries")
                }
                Ok(Err(e @ crate::knowledge::LoadError::BuiltIn)) => log::warn!("SIGHUP: {e}"),
                Ok(Err(e)) => {
                    state.metrics.reload(false);
                    log::error!("SIGHUP: reload failed, the old knowledge stays: {}", e.problems().join("; "))
                }
                Err(e) => log::error!("SIGHUP: reload crashed, the old knowledge stays: {e}"),
            }
        }
    });
    Ok(())
}
