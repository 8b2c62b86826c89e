//! Every setting Jawab reads from its environment (the process's, or the
//! `.env` file the command line loads into it): each variable's name, its
//! default, and how it is checked, in one place.
//!
//! One rule holds for every variable: unset, empty or only blanks means its
//! default, so `.env.example`'s `JAWAB_DB=` is the default path. A flag on
//! the command line wins over its variable. A bad value is an error that
//! names the variable and, except for the token, the value.
//!
//! ```
//! use jawab::config::{self, Env};
//! let env = Env::from_pairs(&[("JAWAB_DB", ""), ("JAWAB_ANSWER_THRESHOLD", "0.6")]);
//! assert_eq!(config::db(&env, None), std::path::PathBuf::from(config::DEFAULT_DB));
//! assert_eq!(config::matcher(&env, None, None).unwrap().answer_threshold, 0.6);
//! assert_eq!(config::matcher(&env, Some(0.7), None).unwrap().answer_threshold, 0.7);
//! ```

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::knowledge::Source;
use crate::matcher::{MatcherConfig, ThresholdError};

/// The bot token from @BotFather; set, it makes a bare `jawab` the bot.
pub const TOKEN_VAR: &str = "TELOXIDE_TOKEN";
/// An own Bot API server's url (default: Telegram's).
pub const API_URL_VAR: &str = "TELOXIDE_API_URL";
/// The admins' Telegram user ids, comma-separated (default: none).
pub const ADMINS_VAR: &str = "JAWAB_ADMINS";
/// The knowledge base: a `.toml` file or a directory of them.
pub const KNOWLEDGE_VAR: &str = "JAWAB_KNOWLEDGE";
/// The question log's SQLite database.
pub const DB_VAR: &str = "JAWAB_DB";
/// How many days the question log keeps its rows.
pub const RETENTION_VAR: &str = "JAWAB_RETENTION_DAYS";
/// The confidence at or above which a question is answered.
pub const ANSWER_THRESHOLD_VAR: &str = "JAWAB_ANSWER_THRESHOLD";
/// The confidence at or above which "did you mean" suggestions are offered.
pub const SUGGEST_THRESHOLD_VAR: &str = "JAWAB_SUGGEST_THRESHOLD";
/// The public HTTPS url Telegram posts updates to; set, the bot runs in
/// webhook mode.
pub const WEBHOOK_URL_VAR: &str = "JAWAB_WEBHOOK_URL";
/// The secret Telegram sends with each update in webhook mode.
pub const WEBHOOK_SECRET_VAR: &str = "JAWAB_WEBHOOK_SECRET";
/// Whether the bot calls setWebhook at start (default true).
pub const WEBHOOK_SETUP_VAR: &str = "JAWAB_WEBHOOK_SETUP";
/// Where the HTTP listener (webhook, /healthz, /metrics) listens.
pub const LISTEN_VAR: &str = "JAWAB_LISTEN";
/// The log filter, as `env_logger` reads it (`error`, `warn`, `info`, `debug`).
pub const LOG_VAR: &str = "RUST_LOG";

/// Every variable above, for documentation and tests.
pub const VARS: &[&str] = &[
    TOKEN_VAR,
    API_URL_VAR,
    ADMINS_VAR,
    KNOWLEDGE_VAR,
    DB_VAR,
    RETENTION_VAR,
    ANSWER_THRESHOLD_VAR,
    SUGGEST_THRESHOLD_VAR,
    WEBHOOK_URL_VAR,
    WEBHOOK_SECRET_VAR,
    WEBHOOK_SETUP_VAR,
    LISTEN_VAR,
    LOG_VAR,
];

/// Where the HTTP listener listens in webhook mode when `JAWAB_LISTEN` is not set.
pub const DEFAULT_LISTEN: &str = "0.0.0.0:8443";

/// The knowledge base when neither `--knowledge` nor `JAWAB_KNOWLEDGE` says
/// (relative to the working directory).
pub const DEFAULT_KNOWLEDGE: &str = "knowledge";
/// The question log when neither `--db` nor `JAWAB_DB` says (relative to the
/// working directory).
pub const DEFAULT_DB: &str = "data/jawab.sqlite3";
/// How many days the question log keeps rows when `JAWAB_RETENTION_DAYS` is not set.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;
/// The log filter of the bot, which logs one line per question (nothing
/// about who asked).
pub const DEFAULT_BOT_LOG: &str = "info";
/// The log filter of the command line, which only warns.
pub const DEFAULT_CLI_LOG: &str = "warn";

/// Where the variables are read from: the process environment, or a map
/// (for tests and examples).
#[derive(Debug, Clone)]
pub struct Env(Vars);

#[derive(Debug, Clone)]
enum Vars {
    Process,
    Map(HashMap<String, OsString>),
}

impl Env {
    /// The process environment (after `.env` has been loaded into it).
    pub fn process() -> Env {
        Env(Vars::Process)
    }

    /// Variables given as pairs; any other is unset.
    ///
    /// ```
    /// let env = jawab::config::Env::from_pairs(&[("JAWAB_DB", "/tmp/x.sqlite3")]);
    /// assert!(env.get("JAWAB_DB").is_some() && env.get("JAWAB_KNOWLEDGE").is_none());
    /// ```
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Env {
        Env(Vars::Map(pairs.iter().map(|(k, v)| (k.to_string(), OsString::from(v))).collect()))
    }

    /// A variable's value, or `None` when it is unset, empty or only blanks:
    /// the one rule by which every setting falls back to its default.
    ///
    /// ```
    /// let env = jawab::config::Env::from_pairs(&[("A", "  "), ("B", " x ")]);
    /// assert_eq!(env.get("A"), None);
    /// assert_eq!(env.get("B").as_deref(), Some(std::ffi::OsStr::new(" x ")));
    /// ```
    pub fn get(&self, name: &str) -> Option<OsString> {
        let value = match &self.0 {
            Vars::Process => std::env::var_os(name),
            Vars::Map(map) => map.get(name).cloned(),
        };
        value.filter(|v| !v.to_string_lossy().trim().is_empty())
    }

    /// A variable's value as text, trimmed; a value that is not UTF-8 is an
    /// error naming the variable.
    fn text(&self, name: &'static str) -> Result<Option<String>, ConfigError> {
        self.get(name)
            .map(|v| v.into_string().map(|s| s.trim().to_string()).map_err(|_| ConfigError::NotUnicode(name)))
            .transpose()
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
    /// A malformed webhook url.
    #[error("JAWAB_WEBHOOK_URL {0:?} is not a valid http(s) url: {1}")]
    BadWebhookUrl(String, String),
    /// Webhook mode without its secret.
    #[error(
        "JAWAB_WEBHOOK_SECRET is not set: webhook mode needs a secret (1-256 characters of A-Z, a-z, 0-9, _ and -)"
    )]
    NoWebhookSecret,
    /// A secret Telegram would refuse (its value is never shown).
    #[error("JAWAB_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")]
    BadWebhookSecret,
    /// A malformed listening address.
    #[error("JAWAB_LISTEN {0:?} is not an address:port (e.g. 0.0.0.0:8443 or 127.0.0.1:8080)")]
    BadListen(String),
    /// A malformed yes/no.
    #[error("{0}: {1:?} is not true or false")]
    BadBool(&'static str, String),
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
    /// A threshold variable that is not a number.
    #[error("{0}: {1:?} is not a number (expected a confidence from 0 to 1, e.g. 0.5)")]
    BadThreshold(&'static str, String),
    /// Thresholds outside 0 to 1.
    #[error(transparent)]
    Thresholds(#[from] ThresholdError),
}

/// The knowledge base: `flag` (`--knowledge`), else `JAWAB_KNOWLEDGE` (a
/// path given so must exist: loading it says so if not), else the
/// [`DEFAULT_KNOWLEDGE`] folder of the working directory if there is one,
/// else the knowledge compiled into the binary. A path need not be UTF-8.
///
/// ```
/// use jawab::config::{knowledge, Env};
/// use jawab::knowledge::Source;
/// let env = Env::from_pairs(&[("JAWAB_KNOWLEDGE", "kb.toml")]);
/// assert_eq!(knowledge(&env, None), Source::Files("kb.toml".into()));
/// ```
pub fn knowledge(env: &Env, flag: Option<PathBuf>) -> Source {
    knowledge_in(env, flag, Path::new("."))
}

/// [`knowledge`], for a working directory `dir`.
///
/// ```
/// use jawab::config::{knowledge_in, Env};
/// use jawab::knowledge::Source;
/// let empty = tempfile::tempdir().unwrap();
/// assert_eq!(knowledge_in(&Env::from_pairs(&[]), None, empty.path()), Source::BuiltIn);
/// ```
pub fn knowledge_in(env: &Env, flag: Option<PathBuf>, dir: &Path) -> Source {
    let given = flag.filter(|p| !p.as_os_str().is_empty()).or_else(|| env.get(KNOWLEDGE_VAR).map(PathBuf::from));
    match given {
        Some(path) => Source::Files(path),
        None if dir.join(DEFAULT_KNOWLEDGE).is_dir() => Source::Files(DEFAULT_KNOWLEDGE.into()),
        None => Source::BuiltIn,
    }
}

/// The question log's database: `flag` (`--db`), else `JAWAB_DB`, else
/// [`DEFAULT_DB`].
pub fn db(env: &Env, flag: Option<PathBuf>) -> PathBuf {
    path(env, flag, DB_VAR, DEFAULT_DB)
}

fn path(env: &Env, flag: Option<PathBuf>, var: &str, default: &str) -> PathBuf {
    flag.filter(|p| !p.as_os_str().is_empty()).or_else(|| env.get(var).map(PathBuf::from)).unwrap_or(default.into())
}

/// The matcher's settings: the defaults, with the thresholds from the flags
/// (`--answer-threshold`, `--suggest-threshold`), else the variables, checked.
///
/// ```
/// use jawab::config::{matcher, Env};
/// let env = Env::from_pairs(&[("JAWAB_SUGGEST_THRESHOLD", "abc")]);
/// assert!(matcher(&env, None, None).unwrap_err().to_string().contains("JAWAB_SUGGEST_THRESHOLD"));
/// assert!(matcher(&Env::from_pairs(&[]), Some(1.5), None).is_err());
/// ```
pub fn matcher(env: &Env, answer: Option<f32>, suggest: Option<f32>) -> Result<MatcherConfig, ConfigError> {
    let mut c = MatcherConfig::default();
    if let Some(t) = threshold(env, answer, ANSWER_THRESHOLD_VAR)? {
        c.answer_threshold = t;
    }
    if let Some(t) = threshold(env, suggest, SUGGEST_THRESHOLD_VAR)? {
        c.suggest_threshold = t;
    }
    c.check_thresholds()?;
    Ok(c)
}

fn threshold(env: &Env, flag: Option<f32>, var: &'static str) -> Result<Option<f32>, ConfigError> {
    if flag.is_some() {
        return Ok(flag);
    }
    env.text(var)?.map(|v| v.parse::<f32>().map_err(|_| ConfigError::BadThreshold(var, v))).transpose()
}

/// How many days the question log keeps rows: `JAWAB_RETENTION_DAYS`, a whole
/// number from 1, else [`DEFAULT_RETENTION_DAYS`].
pub fn retention_days(env: &Env) -> Result<u32, ConfigError> {
    match env.text(RETENTION_VAR)? {
        None => Ok(DEFAULT_RETENTION_DAYS),
        Some(v) => v.parse::<u32>().ok().filter(|&d| d > 0).ok_or(ConfigError::BadRetention(v)),
    }
}

/// The log filter: `RUST_LOG`, else the bot's or the command line's default.
pub fn log_filter(env: &Env, bot: bool) -> Result<String, ConfigError> {
    let default = if bot { DEFAULT_BOT_LOG } else { DEFAULT_CLI_LOG };
    Ok(env.text(LOG_VAR)?.unwrap_or_else(|| default.to_string()))
}

/// Whether a token is set (it decides what a bare `jawab` starts).
///
/// ```
/// use jawab::config::{token_configured, Env};
/// assert!(!token_configured(&Env::from_pairs(&[("TELOXIDE_TOKEN", " ")])));
/// assert!(token_configured(&Env::from_pairs(&[("TELOXIDE_TOKEN", "1:a")])));
/// ```
pub fn token_configured(env: &Env) -> bool {
    env.get(TOKEN_VAR).is_some()
}

/// The user ids allowed to run admin commands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Admins(HashSet<u64>);

impl Admins {
    /// Parses a comma-separated list of user ids; blanks between commas are
    /// ignored, anything else that is not a number is an error naming it.
    ///
    /// ```
    /// use jawab::config::Admins;
    /// let admins = Admins::parse(" 12, 34 ,").unwrap();
    /// assert!(admins.contains(34) && !admins.contains(35));
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

    /// Whether this Telegram user id is an admin's.
    pub fn contains(&self, user_id: u64) -> bool {
        self.0.contains(&user_id)
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

/// The bot's settings, checked, so that starting it cannot fail on them.
pub struct BotSettings {
    token: String,
    /// Telegram's Bot API, or an own server (`TELOXIDE_API_URL`, trailing
    /// slashes dropped).
    pub api_url: Option<url::Url>,
    /// The admins (`JAWAB_ADMINS`).
    pub admins: Admins,
    /// The question log's database (`JAWAB_DB`).
    pub db: PathBuf,
    /// Days its rows are kept (`JAWAB_RETENTION_DAYS`).
    pub retention_days: u32,
    /// Webhook mode, if `JAWAB_WEBHOOK_URL` is set; long polling otherwise.
    pub webhook: Option<Webhook>,
    /// Where the HTTP listener listens (`JAWAB_LISTEN`; in webhook mode
    /// [`DEFAULT_LISTEN`] if unset; in polling mode none unless set).
    pub listen: Option<std::net::SocketAddr>,
}

/// Webhook mode's settings.
#[derive(Clone)]
pub struct Webhook {
    /// The public url Telegram posts to (`JAWAB_WEBHOOK_URL`); its path is
    /// the path the listener serves.
    pub url: url::Url,
    secret: String,
    /// Whether to call setWebhook at start (`JAWAB_WEBHOOK_SETUP`).
    pub setup: bool,
}

impl Webhook {
    /// The secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token`:
    /// never log it.
    pub fn secret(&self) -> &str {
        &self.secret
    }
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("url", &self.url.as_str())
            .field("secret", &"<redacted>")
            .field("setup", &self.setup)
            .finish()
    }
}

impl fmt::Debug for BotSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the token.
        f.debug_struct("BotSettings")
            .field("token", &"<redacted>")
            .field("api_url", &self.api_url.as_ref().map(url::Url::as_str))
            .field("admins", &self.admins)
            .field("db", &self.db)
            .field("retention_days", &self.retention_days)
            .field("webhook", &self.webhook)
            .field("listen", &self.listen)
            .finish()
    }
}

impl BotSettings {
    /// Reads and checks the bot's settings.
    ///
    /// ```
    /// use jawab::config::{BotSettings, Env};
    /// let env = Env::from_pairs(&[("TELOXIDE_TOKEN", "123:abc"), ("JAWAB_ADMINS", "7"), ("TELOXIDE_API_URL", "")]);
    /// let s = BotSettings::from_env(&env).unwrap();
    /// assert!(s.admins.contains(7) && s.api_url.is_none());
    /// assert!(!format!("{s:?}").contains("123:abc"));
    /// ```
    pub fn from_env(env: &Env) -> Result<BotSettings, ConfigError> {
        let token = env.text(TOKEN_VAR)?.ok_or(ConfigError::NoToken)?;
        if !looks_like_token(&token) {
            return Err(ConfigError::BadToken);
        }
        let api_url = env.text(API_URL_VAR)?.map(|u| api_url(&u)).transpose()?;
        let admins = Admins::parse(&env.text(ADMINS_VAR)?.unwrap_or_default())?;
        let webhook = webhook(env)?;
        let listen = match env.text(LISTEN_VAR)? {
            Some(addr) => Some(addr.trim().parse().map_err(|_| ConfigError::BadListen(addr.clone()))?),
            None if webhook.is_some() => DEFAULT_LISTEN.parse().ok(),
            None => None,
        };
        Ok(BotSettings {
            token,
            api_url,
            admins,
            db: db(env, None),
            retention_days: retention_days(env)?,
            webhook,
            listen,
        })
    }

    /// The token, for the bot's requests only: never log it.
    pub(crate) fn token(&self) -> &str {
        &self.token
    }
}

/// Webhook mode's settings, if `JAWAB_WEBHOOK_URL` is set.
///
/// ```
/// use jawab::config::{webhook, Env};
/// let env = Env::from_pairs(&[("JAWAB_WEBHOOK_URL", "https://bot.example.org/tg/hook"), ("JAWAB_WEBHOOK_SECRET", "s3cret_-x")]);
/// let hook = webhook(&env).unwrap().unwrap();
/// assert_eq!((hook.url.path(), hook.secret(), hook.setup), ("/tg/hook", "s3cret_-x", true));
/// assert!(webhook(&Env::from_pairs(&[("JAWAB_WEBHOOK_URL", "https://x.org/")])).is_err());
/// assert!(webhook(&Env::from_pairs(&[])).unwrap().is_none());
/// ```
pub fn webhook(env: &Env) -> Result<Option<Webhook>, ConfigError> {
    let Some(text) = env.text(WEBHOOK_URL_VAR)? else { return Ok(None) };
    let url = match url::Url::parse(text.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => u,
        Ok(u) => return Err(ConfigError::BadWebhookUrl(text.clone(), format!("unsupported scheme {:?}", u.scheme()))),
        Err(e) => return Err(ConfigError::BadWebhookUrl(text.clone(), e.to_string())),
    };
    let secret = env.text(WEBHOOK_SECRET_VAR)?.ok_or(ConfigError::NoWebhookSecret)?;
    let valid = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if secret.len() > 256 || !secret.chars().all(valid) {
        return Err(ConfigError::BadWebhookSecret);
    }
    let setup = match env.text(WEBHOOK_SETUP_VAR)?.map(|v| v.trim().to_ascii_lowercase()) {
        None => true,
        Some(v) if ["true", "1", "yes", "on"].contains(&v.as_str()) => true,
        Some(v) if ["false", "0", "no", "off"].contains(&v.as_str()) => false,
        Some(v) => return Err(ConfigError::BadBool(WEBHOOK_SETUP_VAR, v)),
    };
    Ok(Some(Webhook { url, secret, setup }))
}

/// An http(s) url, as teloxide takes it: trailing slashes dropped.
fn api_url(text: &str) -> Result<url::Url, ConfigError> {
    match url::Url::parse(text.trim_end_matches('/')) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(u),
        Ok(u) => Err(ConfigError::BadApiUrl(text.to_string(), format!("unsupported scheme {:?}", u.scheme()))),
        Err(e) => Err(ConfigError::BadApiUrl(text.to_string(), e.to_string())),
    }
}

fn looks_like_token(token: &str) -> bool {
    token.split_once(':').is_some_and(|(id, secret)| {
        !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_digit())
            && !secret.is_empty()
            && secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "123456:secret_TOKEN-value";

    fn settings(vars: &[(&str, &str)]) -> Result<BotSettings, ConfigError> {
        BotSettings::from_env(&Env::from_pairs(vars))
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
        assert_eq!(ok.token(), TOKEN);
    }

    #[test]
    fn api_url_is_checked_like_teloxide_does() {
        let s = settings(&[(TOKEN_VAR, TOKEN), (API_URL_VAR, "http://127.0.0.1:8081/")]).unwrap();
        assert_eq!(s.api_url.map(|u| u.to_string()).as_deref(), Some("http://127.0.0.1:8081/"));
        let err = settings(&[(TOKEN_VAR, TOKEN), (API_URL_VAR, "not a url")]).unwrap_err();
        assert!(err.to_string().contains("TELOXIDE_API_URL \"not a url\""), "{err}");
        let err = settings(&[(TOKEN_VAR, TOKEN), (API_URL_VAR, "ftp://example.com")]).unwrap_err();
        assert!(matches!(err, ConfigError::BadApiUrl(..)));
        // Empty means the default, as for every variable: Telegram's own API.
        assert!(settings(&[(TOKEN_VAR, TOKEN), (API_URL_VAR, "")]).unwrap().api_url.is_none());
    }

    #[test]
    fn admins_are_parsed_and_bad_items_named() {
        let s = settings(&[(TOKEN_VAR, TOKEN), (ADMINS_VAR, "1,2")]).unwrap();
        assert!(s.admins.contains(2) && !s.admins.contains(3));
        let err = settings(&[(TOKEN_VAR, TOKEN), (ADMINS_VAR, "1, @me")]).unwrap_err();
        assert_eq!(err.to_string().matches("JAWAB_ADMINS").count(), 1);
        assert!(err.to_string().contains("\"@me\""));
        assert!(Admins::parse("-5").is_err());
    }

    #[test]
    fn question_log_settings_have_defaults_and_bad_retention_is_named() {
        let s = settings(&[(TOKEN_VAR, TOKEN)]).unwrap();
        assert_eq!(s.db, PathBuf::from(DEFAULT_DB));
        assert_eq!(s.retention_days, DEFAULT_RETENTION_DAYS);
        let s = settings(&[(TOKEN_VAR, TOKEN), (DB_VAR, "/tmp/x.sqlite3"), (RETENTION_VAR, " 30 ")]).unwrap();
        assert_eq!((s.db, s.retention_days), (PathBuf::from("/tmp/x.sqlite3"), 30));
        for bad in ["0", "-1", "ninety", "9.5"] {
            let err = settings(&[(TOKEN_VAR, TOKEN), (RETENTION_VAR, bad)]).unwrap_err();
            assert!(matches!(err, ConfigError::BadRetention(_)), "{bad}");
            let text = err.to_string();
            assert!(text.contains(RETENTION_VAR) && text.contains(&format!("{bad:?}")), "{text}");
        }
    }

    /// Unset, empty and blank are all the default, for every variable.
    #[test]
    fn empty_means_the_default_everywhere() {
        for blank in ["", "  ", "\t"] {
            let vars: Vec<(&str, &str)> = VARS.iter().map(|&v| (v, blank)).collect();
            let env = Env::from_pairs(&vars);
            let dir = tempfile::tempdir().unwrap();
            assert_eq!(knowledge_in(&env, None, dir.path()), Source::BuiltIn);
            std::fs::create_dir(dir.path().join(DEFAULT_KNOWLEDGE)).unwrap();
            assert_eq!(knowledge_in(&env, None, dir.path()), Source::Files(DEFAULT_KNOWLEDGE.into()));
            assert_eq!(db(&env, None), PathBuf::from(DEFAULT_DB));
            assert_eq!(matcher(&env, None, None).unwrap(), MatcherConfig::default());
            assert_eq!(retention_days(&env).unwrap(), DEFAULT_RETENTION_DAYS);
            assert_eq!(log_filter(&env, true).unwrap(), DEFAULT_BOT_LOG);
            assert!(!token_configured(&env));
            let with_token: Vec<(&str, &str)> =
                vars.iter().copied().filter(|&(k, _)| k != TOKEN_VAR).chain([(TOKEN_VAR, TOKEN)]).collect();
            let s = BotSettings::from_env(&Env::from_pairs(&with_token)).unwrap();
            assert!(s.admins.is_empty() && s.api_url.is_none() && s.db.as_os_str() == DEFAULT_DB);
        }
    }

    #[test]
    fn flags_win_over_variables() {
        let env = Env::from_pairs(&[(KNOWLEDGE_VAR, "a"), (DB_VAR, "b"), (ANSWER_THRESHOLD_VAR, "0.9")]);
        assert_eq!(knowledge(&env, Some("x".into())), Source::Files("x".into()));
        assert_eq!(knowledge(&env, None), Source::Files("a".into()));
        assert_eq!(db(&env, Some("y".into())), PathBuf::from("y"));
        assert_eq!(matcher(&env, Some(0.4), None).unwrap().answer_threshold, 0.4);
        assert_eq!(matcher(&env, None, None).unwrap().answer_threshold, 0.9);
    }

    #[test]
    fn thresholds_are_numbers_from_0_to_1() {
        let env = Env::from_pairs(&[(ANSWER_THRESHOLD_VAR, "half")]);
        let err = matcher(&env, None, None).unwrap_err().to_string();
        assert!(err.contains(ANSWER_THRESHOLD_VAR) && err.contains("\"half\""), "{err}");
        let env = Env::from_pairs(&[(SUGGEST_THRESHOLD_VAR, "-0.1")]);
        assert!(matcher(&env, None, None).unwrap_err().to_string().contains("between 0 and 1"));
        assert!(matcher(&Env::from_pairs(&[]), Some(f32::NAN), None).is_err());
    }
}
