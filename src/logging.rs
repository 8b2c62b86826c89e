//! The process's logger: `env_logger`, with what other crates log at info,
//! warn or error cut to its first clause.
//!
//! Jawab's own records never carry what a user wrote or a user's or chat's
//! id at those levels. Other crates' records may: teloxide logs an update it
//! cannot parse, or a response body, with its whole content. Such a record
//! keeps the words before its first `:` or line break (the kind of event:
//! "Cannot parse an update.", "Failed to delete a webhook"), and its whole
//! text goes to the debug level, for an operator who asks for it.

use log::{Level, Log, Metadata, Record};

/// Installs the logger with an `env_logger` filter (`info`,
/// `warn,jawab=debug`…). A logger already installed is kept.
///
/// ```
/// jawab::logging::init("warn");
/// log::warn!("shown on standard error");
/// ```
pub fn init(filter: &str) {
    let inner = env_logger::Builder::new().parse_filters(filter).build();
    let max = inner.filter();
    if log::set_boxed_logger(Box::new(Private { inner })).is_ok() {
        log::set_max_level(max);
    }
}

/// Cuts other crates' records at info and above to their first clause.
struct Private {
    inner: env_logger::Logger,
}

impl Log for Private {
    fn enabled(&self, metadata: &Metadata) -> bool {
        self.inner.enabled(metadata)
    }

    fn log(&self, record: &Record) {
        if !self.inner.matches(record) {
            return;
        }
        if record.level() > Level::Info || is_own(record.target()) {
            return self.inner.log(record);
        }
        let text = record.args().to_string();
        let head = first_clause(&text);
        if head.len() == text.len() {
            return self.inner.log(record);
        }
        let cut = format!("{head} (details at debug level)");
        self.inner
            .log(&Record::builder().args(format_args!("{cut}")).level(record.level()).target(record.target()).build());
        let details = Metadata::builder().level(Level::Debug).target(record.target()).build();
        if self.inner.enabled(&details) {
            self.inner.log(&Record::builder().args(format_args!("{text}")).metadata(details).build());
        }
    }

    fn flush(&self) {
        self.inner.flush()
    }
}

/// Whether a log target is Jawab's own (the library or the binary).
fn is_own(target: &str) -> bool {
    target == "jawab" || target.starts_with("jawab::")
}

/// The text before the first `:` or line break, without trailing spaces.
fn first_clause(text: &str) -> &str {
    let end = text.find([':', '\n']).unwrap_or(text.len());
    text[..end].trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_keeps_the_words_before_its_first_colon_or_line_break() {
        assert_eq!(
            first_clause("Cannot parse an update.\nError: Object {\"text\": \"hi\"}"),
            "Cannot parse an update."
        );
        assert_eq!(
            first_clause("Failed to delete a webhook: InvalidJson { raw: \"x\" }"),
            "Failed to delete a webhook"
        );
        assert_eq!(first_clause("retrying getting updates in 2s"), "retrying getting updates in 2s");
    }

    #[test]
    fn own_targets_are_told_apart() {
        assert!(is_own("jawab"));
        assert!(is_own("jawab::bot"));
        assert!(!is_own("jawabber"));
        assert!(!is_own("teloxide::dispatching::dispatcher"));
    }
}
