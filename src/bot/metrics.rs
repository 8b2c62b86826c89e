//! The bot's metrics in Prometheus' text format (`GET /metrics`), with
//! `prometheus-client`: questions by decision, a histogram of answer time,
//! reloads by result, and, read at each scrape, the question log's dropped
//! records, the updates waiting, the questions dropped for flooding, and
//! the build.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use super::dispatch::Counts;
use crate::questions_log::QuestionLog;

/// The label of a decision: answer, suggest, none or empty.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Decision {
    decision: &'static str,
}

/// The label of a reload's result: ok or failed.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Outcome {
    result: &'static str,
}

/// The metrics the handlers update, and the registry that encodes them.
#[derive(Debug)]
pub(crate) struct Metrics {
    questions: Family<Decision, Counter>,
    answer_seconds: Histogram,
    reloads: Family<Outcome, Counter>,
    registry: Registry,
}

/// The values kept elsewhere, read at each scrape.
#[derive(Debug)]
struct Live {
    log: QuestionLog,
    counts: Arc<Counts>,
}

impl Collector for Live {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let lost = self.log.lost();
        let counters = [
            ("jawab_log_dropped", "Question records dropped because the log's queue was full", lost.dropped),
            ("jawab_log_unwritten", "Question records the log could not write", lost.unwritten),
            (
                "jawab_flooded",
                "Questions dropped because their chat sent them faster than they were answered",
                self.counts.flooded.load(Ordering::Relaxed),
            ),
        ];
        for (name, help, value) in counters {
            let counter = ConstCounter::new(value);
            counter.encode(encoder.encode_descriptor(name, help, None, counter.metric_type())?)?;
        }
        let pending = ConstGauge::new(self.counts.pending.load(Ordering::Relaxed) as i64);
        let help = "Updates received and waiting for a worker";
        pending.encode(encoder.encode_descriptor("jawab_updates_pending", help, None, pending.metric_type())?)?;
        Ok(())
    }
}

/// The build, as a gauge of 1 with the version as a label.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Build {
    version: &'static str,
}

impl Metrics {
    /// The metrics, with the log's and the workers' counts read at each scrape.
    pub(crate) fn new(log: QuestionLog, counts: Arc<Counts>) -> Metrics {
        let mut registry = Registry::default();
        let questions = Family::<Decision, Counter>::default();
        registry.register("jawab_questions", "Typed questions by the decision taken", questions.clone());
        // 10 µs to about 2.6 s: matching takes microseconds, a reply's send far longer.
        let answer_seconds = Histogram::new(exponential_buckets(1e-5, 4.0, 10));
        registry.register(
            "jawab_answer_seconds",
            "Time from a question to its reply being sent, in seconds",
            answer_seconds.clone(),
        );
        // Every label from the start, at 0: a series that appears only later
        // reads as missing data to an alert.
        for decision in ["answer", "suggest", "none", "empty"] {
            questions.get_or_create(&Decision { decision }).inc_by(0);
        }
        let reloads = Family::<Outcome, Counter>::default();
        for result in ["ok", "failed"] {
            reloads.get_or_create(&Outcome { result }).inc_by(0);
        }
        registry.register("jawab_reloads", "Knowledge reloads by result", reloads.clone());
        let build = Family::<Build, prometheus_client::metrics::gauge::Gauge>::default();
        build.get_or_create(&Build { version: env!("CARGO_PKG_VERSION") }).set(1);
        registry.register("jawab_build_info", "The running build", build);
        registry.register_collector(Box::new(Live { log, counts }));
        Metrics { questions, answer_seconds, reloads, registry }
    }

    /// Counts a typed question and the time its reply took.
    pub(crate) fn question(&self, decision: &'static str, took: Duration) {
        self.questions.get_or_create(&Decision { decision }).inc();
        self.answer_seconds.observe(took.as_secs_f64());
    }

    /// Counts a reload.
    pub(crate) fn reload(&self, ok: bool) {
        self.reloads.get_or_create(&Outcome { result: if ok { "ok" } else { "failed" } }).inc();
    }

    /// Everything, in Prometheus' text format.
    pub(crate) fn encode(&self) -> String {
        let mut text = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &self.registry) {
            log::error!("metrics: cannot encode them: {e}");
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_the_operators_scrape_are_there_and_move() {
        let counts = Arc::new(Counts::default());
        let m = Metrics::new(QuestionLog::disabled(), counts.clone());
        m.question("answer", Duration::from_millis(3));
        m.question("answer", Duration::from_millis(5));
        m.question("none", Duration::from_micros(50));
        m.reload(true);
        counts.pending.store(4, Ordering::Relaxed);
        counts.flooded.store(2, Ordering::Relaxed);
        let text = m.encode();
        for line in [
            "jawab_questions_total{decision=\"answer\"} 2",
            "jawab_questions_total{decision=\"none\"} 1",
            "jawab_answer_seconds_count 3",
            "jawab_reloads_total{result=\"ok\"} 1",
            "jawab_log_dropped_total 0",
            "jawab_flooded_total 2",
            "jawab_updates_pending 4",
            &format!("jawab_build_info{{version=\"{}\"}} 1", env!("CARGO_PKG_VERSION")),
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing from:\n{text}");
        }
        assert!(text.contains("# TYPE jawab_answer_seconds histogram"), "{text}");
    }
}
