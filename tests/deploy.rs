//! Running the real binary as it is deployed: webhook mode with a stand-in
//! Bot API on 127.0.0.1 (setWebhook with the url and secret, updates
//! posted to the listener answered, a wrong or missing secret refused),
//! /healthz and /metrics in both modes, start-up that waits for the
//! network, a refused token, and stopping on SIGTERM.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use jawab::engine::Engine;
use jawab::knowledge::Source;
use serde_json::Value;
use support::binary::{TOKEN, start_bot, stop, wait_for_sends, wait_timeout};
use support::fake_api::{FakeApi, Script, private_text};
use support::http::{Answer, free_port, request};

const QUESTION: &str = "كم استغرقت المحادثات بين بوتين والأسد؟";
const SECRET: &str = "s3cret-Token_for-tests";

/// Asks `path` of the listener at `addr`, waiting for it to come up.
fn get(addr: &str, path: &str) -> Answer {
    let start = Instant::now();
    loop {
        if let Some(answer) = request(addr, "GET", path, &[], "") {
            return answer;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "nothing listens on {addr}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// /metrics once it counts the answered question (counted just after the
/// reply was sent, so a moment after the stand-in saw it).
fn answered_metrics(addr: &str) -> String {
    let start = Instant::now();
    loop {
        let answer = get(addr, "/metrics");
        assert_eq!(answer.status, 200, "{answer:?}");
        if metric(&answer.body, "jawab_questions_total{decision=\"answer\"}") == Some(1.0)
            || start.elapsed() > Duration::from_secs(5)
        {
            return answer.body;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn expected_answer() -> String {
    Engine::open(&Source::BuiltIn, Default::default()).unwrap().reply(QUESTION).text
}

/// The value of a metric line `name` (with its labels) in `text`.
fn metric(text: &str, name: &str) -> Option<f64> {
    text.lines().find_map(|l| l.strip_prefix(name).and_then(|v| v.trim().parse().ok()))
}

#[test]
fn webhook_mode_sets_the_webhook_answers_posts_and_refuses_a_wrong_secret() {
    let api = FakeApi::start(Script::default());
    let dir = tempfile::tempdir().unwrap();
    let addr = format!("127.0.0.1:{}", free_port());
    let url = format!("https://bot.example.org/telegram/{}", "hook");
    let env = [
        ("JAWAB_WEBHOOK_URL", url.as_str()),
        ("JAWAB_WEBHOOK_SECRET", SECRET),
        ("JAWAB_LISTEN", addr.as_str()),
        ("JAWAB_DB", "data/jawab.sqlite3"),
    ];
    let mut bot = start_bot(dir.path(), &api, &env);
    let set = api.wait_until(Duration::from_secs(15), |calls| calls.iter().any(|c| c.is("setWebhook")));
    let set = set.expect("setWebhook was not called").into_iter().find(|c| c.is("setWebhook")).unwrap();
    assert_eq!(set.body["url"], url.as_str());
    assert_eq!(set.body["secret_token"], SECRET);

    let health = get(&addr, "/healthz");
    assert_eq!(health.status, 200, "{health:?}");
    assert_eq!(health.body.trim_end().lines().count(), 1, "{health:?}");
    let status: Value = serde_json::from_str(&health.body).unwrap();
    assert_eq!(status["status"], "ok");
    assert_eq!(
        status["entries"].as_u64(),
        Some(Engine::open(&Source::BuiltIn, Default::default()).unwrap().knowledge().entries.len() as u64)
    );

    let update = private_text(1, QUESTION).to_string();
    let json = [("Content-Type", "application/json")];
    for secret in [None, Some("wrong"), Some("s3cret-Token_for-test")] {
        let mut headers = json.to_vec();
        if let Some(s) = secret {
            headers.push(("X-Telegram-Bot-Api-Secret-Token", s));
        }
        let answer = request(&addr, "POST", "/telegram/hook", &headers, &update).unwrap();
        assert_eq!(answer.status, 401, "{secret:?}: {answer:?}");
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(api.calls_to("sendMessage").is_empty(), "a refused update was answered");

    let mut headers = json.to_vec();
    headers.push(("X-Telegram-Bot-Api-Secret-Token", SECRET));
    let answer = request(&addr, "POST", "/telegram/hook", &headers, &update).unwrap();
    assert_eq!(answer.status, 200, "{answer:?}");
    wait_for_sends(&api, &mut bot.0, 1, Duration::from_secs(15));
    assert_eq!(api.calls_to("sendMessage")[0].body["text"], expected_answer().as_str());
    // The same update again (Telegram retries): answered once.
    assert_eq!(request(&addr, "POST", "/telegram/hook", &headers, &update).unwrap().status, 200);
    // A body that is no update: 200, so Telegram does not send it forever, and nothing sent.
    assert_eq!(
        request(&addr, "POST", "/telegram/hook", &headers, "{\"update_id\": 9, \"nonsense\": ").unwrap().status,
        200
    );
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(api.calls_to("sendMessage").len(), 1);

    let text = &answered_metrics(&addr);
    assert_eq!(metric(text, "jawab_questions_total{decision=\"answer\"}"), Some(1.0), "{text}");
    for name in [
        "jawab_reloads_total",
        "jawab_log_dropped_total",
        "jawab_updates_pending",
        "jawab_answer_seconds_bucket",
        "jawab_build_info",
    ] {
        assert!(text.contains(name), "{name} missing:\n{text}");
    }
    assert!(api.calls_to("getUpdates").is_empty(), "webhook mode polled");

    let started = Instant::now();
    let stderr = stop(&mut bot.0);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(!stderr.contains(SECRET) && !stderr.contains(TOKEN), "{stderr}");
}

#[test]
fn polling_mode_serves_health_and_metrics_when_told_where() {
    let api = FakeApi::start(Script { updates: vec![private_text(1, QUESTION)], ..Script::default() });
    let dir = tempfile::tempdir().unwrap();
    let addr = format!("127.0.0.1:{}", free_port());
    let mut bot = start_bot(dir.path(), &api, &[("JAWAB_LISTEN", addr.as_str())]);
    wait_for_sends(&api, &mut bot.0, 1, Duration::from_secs(15));
    assert_eq!(get(&addr, "/healthz").status, 200);
    let metrics = answered_metrics(&addr);
    assert_eq!(metric(&metrics, "jawab_questions_total{decision=\"answer\"}"), Some(1.0), "{metrics}");
    assert!(metrics.contains("jawab_build_info"));
    // No webhook route in polling mode.
    assert_eq!(request(&addr, "POST", "/", &[], "{}").unwrap().status, 404);
    stop(&mut bot.0);
}

#[test]
fn a_bot_started_with_the_api_unreachable_waits_and_then_serves() {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let listen = format!("127.0.0.1:{}", free_port());
    let mut cmd = support::binary::jawab(dir.path());
    cmd.arg("bot").env("TELOXIDE_TOKEN", TOKEN).env("TELOXIDE_API_URL", &url).env("JAWAB_LISTEN", &listen);
    let mut bot = support::binary::Running(
        cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped()).spawn().unwrap(),
    );
    // Not serving yet, and saying so.
    let health = get(&listen, "/healthz");
    assert_eq!(health.status, 503, "{health:?}");
    assert!(health.body.contains("\"connecting\""), "{health:?}");
    std::thread::sleep(Duration::from_millis(2500));
    assert!(bot.0.try_wait().unwrap().is_none(), "the bot gave up while the network was down");
    let api = FakeApi::start_at(
        &format!("127.0.0.1:{port}"),
        Script { updates: vec![private_text(1, QUESTION)], ..Script::default() },
    );
    // Its next try is at most 4 s away (1 s, then 2 s, then 4 s).
    wait_for_sends(&api, &mut bot.0, 1, Duration::from_secs(15));
    assert_eq!(api.calls_to("sendMessage")[0].body["text"], expected_answer().as_str());
    assert_eq!(get(&listen, "/healthz").status, 200);
    let stderr = stop(&mut bot.0);
    assert!(stderr.contains("cannot reach telegram"), "{stderr}");
    assert!(!stderr.contains(TOKEN), "{stderr}");
}

#[test]
fn a_stop_while_waiting_for_the_network_is_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = support::binary::jawab(dir.path());
    cmd.arg("bot").env("TELOXIDE_TOKEN", TOKEN).env("TELOXIDE_API_URL", format!("http://127.0.0.1:{}", free_port()));
    let mut bot = support::binary::Running(
        cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped()).spawn().unwrap(),
    );
    std::thread::sleep(Duration::from_millis(1500));
    let started = Instant::now();
    stop(&mut bot.0);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_refused_token_exits_2_at_once_naming_the_variable() {
    let api = FakeApi::start(Script { unauthorized: true, ..Script::default() });
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = support::binary::jawab(dir.path());
    cmd.arg("bot").env("TELOXIDE_TOKEN", TOKEN).env("TELOXIDE_API_URL", &api.url);
    let mut child = cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let status = wait_timeout(&mut child, Duration::from_secs(5));
    if status.is_none() {
        child.kill().ok();
    }
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.and_then(|s| s.code()), Some(2), "{stderr}");
    assert!(stderr.contains("TELOXIDE_TOKEN") && !stderr.contains(TOKEN), "{stderr}");
}

#[test]
fn webhook_settings_are_checked_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    for (env, says) in [
        (vec![("JAWAB_WEBHOOK_URL", "https://bot.example.org/hook")], "JAWAB_WEBHOOK_SECRET"),
        (vec![("JAWAB_WEBHOOK_URL", "not a url"), ("JAWAB_WEBHOOK_SECRET", "abc")], "JAWAB_WEBHOOK_URL"),
        (vec![("JAWAB_WEBHOOK_URL", "https://b.org/h"), ("JAWAB_WEBHOOK_SECRET", "has space")], "JAWAB_WEBHOOK_SECRET"),
        (vec![("JAWAB_LISTEN", "everywhere")], "JAWAB_LISTEN"),
        (
            vec![
                ("JAWAB_WEBHOOK_URL", "https://b.org/h"),
                ("JAWAB_WEBHOOK_SECRET", "abc"),
                ("JAWAB_WEBHOOK_SETUP", "maybe"),
            ],
            "JAWAB_WEBHOOK_SETUP",
        ),
    ] {
        let mut cmd: Command = support::binary::jawab(dir.path());
        cmd.arg("bot").env("TELOXIDE_TOKEN", TOKEN);
        for (k, v) in &env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let text = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{env:?}: {text}");
        assert!(text.contains(says), "{env:?}: {text}");
        assert!(!text.contains("has space"), "the secret was shown: {text}");
    }
}
