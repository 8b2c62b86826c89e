//! The Telegram bot: settings from the environment, the shared state, and
//! [`run`], which starts long polling over teloxide.
//!
//! The handlers live in [`schema`], the commands in [`commands`], the
//! buttons in [`keyboards`]; every text in [`crate::texts`].

pub mod commands;
pub mod keyboards;
pub mod schema;

use std::collections::HashSet;
use std::ffi::OsString;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::error_handlers::ErrorHandler;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, UserId};
use teloxide::update_listeners;
use teloxide::utils::command::BotCommands;

use crate::engine::Live;
use crate::matcher::MatcherConfig;
use crate::questions_log::{self, QuestionLog};
use commands::UserCommands;

/// The environment variable holding the bot token.
pub const TOKEN_VAR: &str = "TELOXIDE_TOKEN";
/// The environment variable holding an own Bot API server's url.
pub const API_URL_VAR: &str = "TELOXIDE_API_URL";
/// The environment variable listing the admins' user ids.
pub const ADMINS_VAR: &str = "JAWAB_ADMINS";

/// Telegram's limit on a message's length, in UTF-16 code units.
pub const MAX_MESSAGE_UTF16: usize = 4096;

/// The user ids allowed to run admin commands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Admins(HashSet<u64>);

impl Admins {
    /// Parses a comma-separated list of user ids; blanks between commas are
    /// ignored, anything else that is not a number is an error naming it.
    ///
    /// ```
    /// use jawab::bot::Admins;
    /// let admins = Admins::parse(" 12, 34 ,").unwrap();
    /// assert!(admins.contains(teloxide::types::UserId(34)));
    /// assert_eq!(Admins::parse("").unwrap(), Admins::default());
    /// assert!(Admins::parse("12,abc").unwrap_err().to_string().contains("\"abc\""));
    /// ```
    pub fn parse(list: &str) -> Result<Admins, ConfigError> {
        let mut ids = HashSet::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let id = item.parse::<u64>().map_err(|_| ConfigError::BadAdmin(item.to_string()))?;
            ids.insert(id);
        }
        Ok(Admins(ids))
    }

    /// Whether this user is an admin.
    pub fn contains(&self, id: UserId) -> bool {
        self.0.contains(&id.0)
    }

    /// How many admins there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no admins.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What the handlers share: the live knowledge, the admins and the
/// question log.
#[derive(Debug)]
pub struct State {
    /// The knowledge, swapped atomically on reload.
    pub live: Live,
    /// Who may run admin commands.
    pub admins: Admins,
    /// Where questions are recorded (never waited for).
    pub log: QuestionLog,
}

impl State {
    /// The shared state, ready for `dptree::deps!`.
    pub fn new(live: Live, admins: Admins, log: QuestionLog) -> Arc<State> {
        Arc::new(State { live, admins, log })
    }
}

/// A bad setting. The messages name the variable and, except for the
/// token, the bad value.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// No token.
    #[error("TELOXIDE_TOKEN is not set: put the token from @BotFather in .env or the environment")]
    NoToken,
    /// A token that cannot be one (its value is never shown).
    #[error("TELOXIDE_TOKEN does not look like a bot token (expected <digits>:<secret>, as @BotFather gives it)")]
    BadToken,
    /// A malformed API url.
    #[error("TELOXIDE_API_URL {0:?} is not a valid http(s) url: {1}")]
    BadApiUrl(String, String),
    /// A variable that is not valid unicode.
    #[error("{0} is not valid utf-8")]
    NotUnicode(&'static str),
    /// An admin id that is not a number.
    #[error(
        "JAWAB_ADMINS: {0:?} is not a telegram user id (expected comma-separated numbers, e.g. 123456789,987654321)"
    )]
    BadAdmin(String),
    /// A retention that is not a positive number of days.
    #[error("JAWAB_RETENTION_DAYS: {0:?} is not a number of days (expected a whole number from 1, e.g. 90)")]
    BadRetention(String),
}

/// The bot's settings.
pub struct Settings {
    token: String,
    /// The admins.
    pub admins: Admins,
    /// The question log's database (`JAWAB_DB`).
    pub db: PathBuf,
    /// Days its rows are kept (`JAWAB_RETENTION_DAYS`).
    pub retention_days: u32,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the token.
        f.debug_struct("Settings")
            .field("token", &"<redacted>")
            .field("admins", &self.admins)
            .field("db", &self.db)
            .field("retention_days", &self.retention_days)
            .finish()
    }
}

impl Settings {
    /// Reads and checks the settings from the process environment.
    pub fn from_env() -> Result<Settings, ConfigError> {
        Settings::from_lookup(|name| std::env::var_os(name))
    }

    /// Reads and checks the settings through `get` (the environment, or a
    /// map in tests). It accepts exactly what `Bot::from_env` can use
    /// without panicking, so that call cannot fail afterwards.
    pub fn from_lookup(get: impl Fn(&str) -> Option<OsString>) -> Result<Settings, ConfigError> {
        let text = |name: &'static str| -> Result<Option<String>, ConfigError> {
            get(name).map(|v| v.into_string().map_err(|_| ConfigError::NotUnicode(name))).transpose()
        };
        let token = text(TOKEN_VAR)?.filter(|t| !t.trim().is_empty()).ok_or(ConfigError::NoToken)?;
        if !looks_like_token(&token) {
            return Err(ConfigError::BadToken);
        }
        if let Some(url) = text(API_URL_VAR)? {
            // As Bot::from_env: trailing slashes dropped, then parsed.
            let trimmed = url.trim_end_matches('/');
            match url::Url::parse(trimmed) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => {}
                Ok(u) => {
                    return Err(ConfigError::BadApiUrl(url.clone(), format!("unsupported scheme {:?}", u.scheme())));
                }
                Err(e) => return Err(ConfigError::BadApiUrl(url.clone(), e.to_string())),
            }
        }
        let admins = Admins::parse(&text(ADMINS_VAR)?.unwrap_or_default())?;
        // A path need not be unicode; an empty one means the default.
        let db = get(questions_log::DB_VAR)
            .filter(|p| !p.is_empty())
            .map_or_else(|| PathBuf::from(questions_log::DEFAULT_DB), PathBuf::from);
        let retention_days = match text(questions_log::RETENTION_VAR)? {
            None => questions_log::DEFAULT_RETENTION_DAYS,
            Some(v) if v.trim().is_empty() => questions_log::DEFAULT_RETENTION_DAYS,
            Some(v) => v.trim().parse::<u32>().ok().filter(|&d| d > 0).ok_or(ConfigError::BadRetention(v))?,
        };
        Ok(Settings { token, admins, db, retention_days })
    }
}

/// Whether a non-empty token is configured (it decides what a bare
/// `jawab` starts).
pub fn token_configured() -> bool {
    std::env::var_os(TOKEN_VAR).is_some_and(|t| !t.to_string_lossy().trim().is_empty())
}

fn looks_like_token(token: &str) -> bool {
    token.split_once(':').is_some_and(|(id, secret)| {
        !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_digit())
            && !secret.is_empty()
            && secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    })
}

/// Replaces every occurrence of the token in `text`. teloxide already hides
/// it in network errors; this guards everything the bot logs or prints.
///
/// ```
/// assert_eq!(jawab::bot::redact("GET /bot1:abc/getMe failed", "1:abc"), "GET /bot<token>/getMe failed");
/// ```
pub fn redact(text: &str, token: &str) -> String {
    if token.is_empty() { text.to_string() } else { text.replace(token, "<token>") }
}

/// `text` cut to fit one Telegram message (4096 UTF-16 code units), on a
/// character boundary, with a mark when cut.
///
/// ```
/// use jawab::bot::{fit, MAX_MESSAGE_UTF16};
/// assert_eq!(fit("قصير"), "قصير");
/// let long = "😀".repeat(3000); // 2 UTF-16 units each
/// assert!(fit(&long).encode_utf16().count() <= MAX_MESSAGE_UTF16);
/// ```
pub fn fit(text: &str) -> String {
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

impl<E: fmt::Debug + Send + 'static> ErrorHandler<E> for LogErrors {
    fn handle_error(self: Arc<Self>, error: E) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        log::error!("{}: {}", self.what, redact(&format!("{error:?}"), &self.token));
        Box::pin(async {})
    }
}

/// Runs the bot until Ctrl-C or SIGTERM: checks the settings, loads the
/// knowledge from `knowledge`, then long-polls Telegram.
pub fn run(knowledge: &std::path::Path, config: MatcherConfig) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let live = Live::load(knowledge, config)?;
    log::info!(
        "knowledge loaded: {} entries; {} admin(s)",
        live.snapshot().knowledge().entries.len(),
        settings.admins.len()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start tokio")?;
    let token = settings.token.clone();
    let options = questions_log::Options { retention_days: settings.retention_days, ..Default::default() };
    log::info!(
        "question log: {} (rows kept {} days; no user ids, names or chat ids)",
        settings.db.display(),
        settings.retention_days
    );
    let state = State::new(live, settings.admins, QuestionLog::open(&settings.db, options));
    let result = runtime.block_on(serve(token.clone(), state.clone()));
    // Leftover tasks (the throttle worker, signal listeners) need no waiting for.
    runtime.shutdown_timeout(Duration::from_secs(1));
    // The last questions are still queued: write them before leaving.
    if !state.log.flush(Duration::from_secs(2)) {
        log::warn!("question log: not every question was written before stopping");
    }
    result.map_err(|e| anyhow::anyhow!(redact(&format!("{e:#}"), &token)))?;
    Ok(crate::cli::exit::OK)
}

async fn serve(token: String, state: Arc<State>) -> anyhow::Result<()> {
    // The settings were checked, so this cannot panic; it reads TELOXIDE_API_URL exactly as teloxide documents.
    let bot = Bot::from_env().throttle(Limits::default());
    let me = bot.get_me().await.context("cannot reach telegram (getMe)")?;
    log::info!("started as @{}", me.user.username.as_deref().unwrap_or("?"));
    set_commands(&bot).await;

    let mut dispatcher = Dispatcher::builder(bot.clone(), schema::schema::<Throttle<Bot>>())
        .dependencies(dptree::deps![state.clone()])
        .default_handler(|upd| async move { log::debug!("ignored update {}", upd.id.0) })
        .error_handler(Arc::new(LogErrors { what: "handler error", token: token.clone() }))
        .enable_ctrlc_handler()
        .build();
    on_sigterm(dispatcher.shutdown_token())?;
    on_sighup(state)?;
    let listener = update_listeners::polling_default(bot).await;
    let listener_errors = Arc::new(LogErrors { what: "polling error (will retry)", token });
    dispatcher.try_dispatch_with_listener(listener, listener_errors).await.context("cannot reach telegram (getMe)")?;
    log::info!("stopped");
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

/// SIGTERM (systemd, docker, kill) stops the dispatcher gracefully, as
/// teloxide's own handler does for Ctrl-C.
fn on_sigterm(token: teloxide::dispatching::ShutdownToken) -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
    tokio::spawn(async move {
        if term.recv().await.is_none() {
            return;
        }
        log::info!("SIGTERM received, stopping");
        // The dispatcher may still be starting: try again for a while.
        for _ in 0..100 {
            match token.shutdown() {
                Ok(done) => return done.await,
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const TOKEN: &str = "123456:secret_TOKEN-value";

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, OsString> = vars.iter().map(|(k, v)| (k.to_string(), OsString::from(v))).collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn token_is_required_and_never_shown() {
        assert!(matches!(settings(&[]), Err(ConfigError::NoToken)));
        assert!(matches!(settings(&[(TOKEN_VAR, "  ")]), Err(ConfigError::NoToken)));
        let err = settings(&[(TOKEN_VAR, "not a token")]).unwrap_err();
        assert!(matches!(err, ConfigError::BadToken));
        assert!(!err.to_string().contains("not a token"));
        let ok = settings(&[(TOKEN_VAR, TOKEN)]).unwrap();
        assert!(!format!("{ok:?}").contains(TOKEN));
    }

    #[test]
    fn api_url_is_checked_like_teloxide_does() {
        assert!(settings(&[(TOKEN_VAR, TOKEN), (API_URL_VAR, "http://127.0.0.1:8081/")]).is_ok());
        let err = settings(&[(TOKEN_VAR, TOKEN), (API_URL_VAR, "not a url")]).unwrap_err();
        assert!(err.to_string().contains("TELOXIDE_API_URL \"not a url\""), "{err}");
        let err = settings(&[(TOKEN_VAR, TOKEN), (API_URL_VAR, "")]).unwrap_err();
        assert!(matches!(err, ConfigError::BadApiUrl(..)));
    }

    #[test]
    fn admins_are_parsed_and_bad_items_named() {
        let s = settings(&[(TOKEN_VAR, TOKEN), (ADMINS_VAR, "1,2")]).unwrap();
        assert!(s.admins.contains(UserId(2)) && !s.admins.contains(UserId(3)));
        let err = settings(&[(TOKEN_VAR, TOKEN), (ADMINS_VAR, "1, @me")]).unwrap_err();
        assert_eq!(err.to_string().matches("JAWAB_ADMINS").count(), 1);
        assert!(err.to_string().contains("\"@me\""));
        assert!(Admins::parse("-5").is_err());
    }

    #[test]
    fn question_log_settings_have_defaults_and_bad_retention_is_named() {
        let s = settings(&[(TOKEN_VAR, TOKEN)]).unwrap();
        assert_eq!(s.db, PathBuf::from(questions_log::DEFAULT_DB));
        assert_eq!(s.retention_days, questions_log::DEFAULT_RETENTION_DAYS);
        let s =
            settings(&[(TOKEN_VAR, TOKEN), ("JAWAB_DB", "/tmp/x.sqlite3"), ("JAWAB_RETENTION_DAYS", " 30 ")]).unwrap();
        assert_eq!((s.db, s.retention_days), (PathBuf::from("/tmp/x.sqlite3"), 30));
        for bad in ["0", "-1", "ninety", "9.5"] {
            let err = settings(&[(TOKEN_VAR, TOKEN), ("JAWAB_RETENTION_DAYS", bad)]).unwrap_err();
            assert!(matches!(err, ConfigError::BadRetention(_)), "{bad}");
            let text = err.to_string();
            assert!(text.contains("JAWAB_RETENTION_DAYS") && text.contains(&format!("{bad:?}")), "{text}");
        }
    }

    #[test]
    fn fit_cuts_on_char_boundaries() {
        let text = "ب".repeat(5000);
        let cut = fit(&text);
        assert_eq!(cut.encode_utf16().count(), MAX_MESSAGE_UTF16);
        assert!(cut.ends_with(crate::texts::CUT_MARK));
        let exact = "ب".repeat(MAX_MESSAGE_UTF16);
        assert_eq!(fit(&exact), exact);
    }
}
