//! The real binary against a stand-in Bot API on 127.0.0.1: a question is
//! answered, a 429 on sendMessage is retried, SIGHUP reloads, polling
//! faults are survived, SIGTERM and SIGINT stop it; and the settings
//! errors. The token never appears in the output.

mod support;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jawab::engine::Engine;
use jawab::matcher::MatcherConfig;
use serde_json::json;
use support::binary::{
    Running, TOKEN, copy_knowledge, jawab, jawab_with, knowledge, run, start_bot, stop, wait_for_sends, wait_timeout,
};
use support::fake_api::{FakeApi, Fault, Script, private_text};

const QUESTION: &str = "كم استغرقت المحادثات بين بوتين والأسد؟";

#[test]
fn answers_through_the_api_retries_a_429_and_stops_on_sigterm() {
    let api = FakeApi::start(Script {
        updates: vec![private_text(1, QUESTION)],
        throttle_first_sends: 1,
        ..Script::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kb = copy_knowledge(dir.path());
    let mut running = Running(
        jawab_with(dir.path(), &kb)
            .arg("bot")
            .env("TELOXIDE_TOKEN", TOKEN)
            .env("TELOXIDE_API_URL", &api.url)
            .env("RUST_LOG", "debug")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let child = &mut running.0;

    // The 429 asks for a one-second pause; allow some slack.
    let start = Instant::now();
    while api.calls_to("sendMessage").iter().filter(|c| c.status == 200).count() == 0
        && start.elapsed() < Duration::from_secs(20)
    {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
            panic!("the bot exited early ({status}); stderr:\n{}", stderr.replace(TOKEN, "<TOKEN>"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }

    let sends = api.calls_to("sendMessage");
    let expected = Engine::load(knowledge(), MatcherConfig::default()).unwrap().reply(QUESTION);
    assert!(expected.matched());
    assert_eq!(sends.len(), 2, "one 429, then the retry: {sends:?}");
    assert_eq!(sends[0].status, 429);
    assert_eq!(sends[1].status, 200);
    for send in &sends {
        assert_eq!(send.body["chat_id"], 777);
        assert_eq!(send.body["text"], expected.text.as_str());
    }
    // The start-up protocol: who am I, the command menu in two languages, polling.
    assert!(!api.calls_to("getMe").is_empty());
    let menus = api.calls_to("setMyCommands");
    assert_eq!(menus.len(), 2);
    assert!(menus.iter().any(|c| c.body["language_code"] == "ar"));
    let commands = menus[0].body["commands"].as_array().cloned().unwrap_or_default();
    assert!(commands.iter().any(|c| c["command"] == "topics"), "{commands:?}");
    assert!(api.calls_to("getUpdates").len() >= 2);
    // The stand-in saw the token (it is in the path), so the test would notice it below.
    assert!(api.calls().iter().all(|c| c.path.contains(TOKEN)));

    // SIGHUP reloads: first a valid addition, then a broken file (the error is logged, the bot stays up).
    let pid = child.id().to_string();
    let entries = jawab::knowledge::Knowledge::load(&kb).unwrap().entries.len();
    std::fs::write(kb.join("9-added.toml"), ADDED_ENTRY).unwrap();
    assert!(Command::new("kill").args(["-HUP", &pid]).status().unwrap().success());
    std::thread::sleep(Duration::from_millis(1000));
    std::fs::write(kb.join("9-broken.toml"), "[[entry]]\nid = \"half-written\"\n").unwrap();
    assert!(Command::new("kill").args(["-HUP", &pid]).status().unwrap().success());
    std::thread::sleep(Duration::from_millis(1000));
    assert!(child.try_wait().unwrap().is_none(), "a broken reload stopped the bot");

    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = wait_timeout(child, Duration::from_secs(5));
    if status.is_none() {
        child.kill().ok();
    }
    let mut stdout = String::new();
    let mut stderr = String::new();
    child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    // Shown with --nocapture, or when an assertion below fails.
    println!("bot stderr:\n{}", stderr.replace(TOKEN, "<TOKEN>"));
    let status = status.unwrap_or_else(|| panic!("still running 5 s after SIGTERM; stderr:\n{stderr}"));
    assert!(status.success(), "exit {status:?}; stderr:\n{stderr}");

    assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN), "the token leaked:\n{stdout}\n{stderr}");
    assert!(!stderr.contains("SECRET"), "part of the token leaked:\n{stderr}");
    // The logs: the username at start, one line for the question, no message text at info.
    assert!(stderr.contains("started as @jawab_test_bot"), "{stderr}");
    let question_lines: Vec<&str> =
        stderr.lines().filter(|l| l.contains(" INFO ") && l.contains("question:")).collect();
    assert_eq!(question_lines.len(), 1, "{stderr}");
    assert!(question_lines[0].contains("chat=private") && question_lines[0].contains("decision=answer"));
    assert!(question_lines[0].contains(&format!("id={}", expected.id().unwrap())));
    assert!(stderr.lines().filter(|l| l.contains(" INFO ")).all(|l| !l.contains(QUESTION)));
    assert!(stderr.contains(&format!("SIGHUP: knowledge reloaded, {} entries", entries + 1)), "{stderr}");
    let broken = kb.join("9-broken.toml");
    assert!(
        stderr.contains("SIGHUP: reload failed") && stderr.contains(&format!("{}:1:", broken.display())),
        "{stderr}"
    );
    // The question log, at its default path under the working directory,
    // holds the question: written before the bot stopped.
    let rows = jawab::questions_log::Reader::open(dir.path().join("data/jawab.sqlite3")).unwrap().rows().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].outcome, jawab::questions_log::Outcome::Answered);
    assert_eq!(rows[0].entry_id.as_deref(), expected.id());
    assert_eq!(rows[0].question, jawab::language::normalize::normalize(QUESTION));
    assert_eq!(rows[0].chat_type, "private");
}

#[test]
fn malformed_retention_is_exit_2_naming_the_variable_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let (out, text) =
        run(jawab(dir.path()).arg("bot").env("TELOXIDE_TOKEN", TOKEN).env("JAWAB_RETENTION_DAYS", "ninety"));
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("JAWAB_RETENTION_DAYS") && text.contains("\"ninety\""), "{text}");
    assert!(!text.contains("panicked") && !text.contains(TOKEN), "{text}");
    // Nothing was started, so no database either.
    assert!(!dir.path().join("data").exists());
}

const ADDED_ENTRY: &str = r#"
[[entry]]
id = "test-added-entry"
questions = ["ما لون الثلج في حديقة الكرملين الخلفية؟"]
answer = "جواب أضيف في الاختبار."
paragraph = 1
"#;

#[test]
fn missing_token_is_exit_2_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let (out, text) = run(jawab(dir.path()).arg("bot"));
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("TELOXIDE_TOKEN"), "{text}");
    assert!(!text.contains("panicked"), "{text}");
}

#[test]
fn malformed_admins_are_exit_2_naming_the_variable_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let (out, text) =
        run(jawab(dir.path()).arg("bot").env("TELOXIDE_TOKEN", TOKEN).env("JAWAB_ADMINS", "12345, alice"));
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("JAWAB_ADMINS") && text.contains("\"alice\""), "{text}");
    assert!(!text.contains(TOKEN) && !text.contains("SECRET"), "{text}");
}

#[test]
fn bad_api_url_or_token_is_exit_2_without_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let (out, text) =
        run(jawab(dir.path()).arg("bot").env("TELOXIDE_TOKEN", TOKEN).env("TELOXIDE_API_URL", "not a url"));
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("TELOXIDE_API_URL") && !text.contains(TOKEN) && !text.contains("panicked"), "{text}");

    let bad = "this is SECRET";
    let (out, text) = run(jawab(dir.path()).arg("bot").env("TELOXIDE_TOKEN", bad));
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("TELOXIDE_TOKEN") && !text.contains(bad), "{text}");
}

#[test]
fn polling_survives_network_errors_and_5xx_and_ctrl_c_stops_it() {
    let api = FakeApi::start(Script {
        poll_faults: vec![Fault::Drop, Fault::BadGateway],
        updates: vec![private_text(1, QUESTION)],
        ..Script::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let mut running = Running(
        jawab(dir.path())
            .arg("bot")
            .env("TELOXIDE_TOKEN", TOKEN)
            .env("TELOXIDE_API_URL", &api.url)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let child = &mut running.0;
    // teloxide waits 10 s after a 5xx and backs off 1 s, 2 s… after errors.
    let start = Instant::now();
    while api.calls_to("sendMessage").is_empty() && start.elapsed() < Duration::from_secs(40) {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the bot stopped on a polling error ({status})");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let polls: Vec<u16> = api.calls_to("getUpdates").iter().map(|c| c.status).collect();
    assert!(polls.starts_with(&[0, 502, 200]), "{polls:?}");
    let sends = api.calls_to("sendMessage");
    assert_eq!(sends.len(), 1, "the question was not answered after the faults");
    let expected = Engine::load(knowledge(), MatcherConfig::default()).unwrap().reply(QUESTION);
    assert_eq!(sends[0].body["text"], expected.text.as_str());

    // Ctrl-C this time (teloxide's own handler), SIGTERM in the test above.
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let status = wait_timeout(child, Duration::from_secs(5)).expect("still running 5 s after SIGINT");
    assert!(status.success());
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    println!("bot stderr:\n{}", stderr.replace(TOKEN, "<TOKEN>"));
    // The errors were logged, without the token.
    assert!(stderr.contains("polling error"), "{stderr}");
    assert!(!stderr.contains(TOKEN) && !stderr.contains("SECRET"), "the token leaked");
}

/// The bot, run in `dir` against the stand-in `api` with `env` set, its
/// stdout dropped and its stderr piped (read by [`stop`]).
#[test]
fn a_malformed_body_is_logged_without_anything_a_user_wrote() {
    let api = FakeApi::start(Script {
        poll_faults: vec![Fault::NotJson],
        updates: vec![private_text(1, QUESTION)],
        ..Script::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let mut running = start_bot(dir.path(), &api, &[]);
    let child = &mut running.0;
    // teloxide backs off 1 s after a polling error.
    wait_for_sends(&api, child, 1, Duration::from_secs(20));
    let stderr = stop(child);
    assert!(stderr.contains("not valid JSON"), "the bad body was not reported:\n{stderr}");
    for private in ["Rania", "rania_private", "98765", "0999123456", "my number"] {
        assert!(!stderr.contains(private), "{private:?} reached the log:\n{stderr}");
    }
}

#[test]
fn an_admins_lists_are_answered_only_in_private() {
    let group = |id: i64, text: &str| {
        json!({"update_id": id, "message": {
            "message_id": id, "date": 1_700_000_000,
            "chat": support::fake_api::chat(-100), "from": support::fake_api::user(777), "text": text
        }})
    };
    let api = FakeApi::start(Script {
        updates: vec![
            private_text(1, "ما هي عاصمة البرازيل؟"),
            group(2, "/unanswered@jawab_test_bot"),
            group(3, "/stats@jawab_test_bot"),
            private_text(4, "/unanswered"),
        ],
        ..Script::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let mut running = start_bot(dir.path(), &api, &[("JAWAB_ADMINS", "777")]);
    let child = &mut running.0;
    wait_for_sends(&api, child, 4, Duration::from_secs(20));
    stop(child);
    let sends = api.calls_to("sendMessage");
    let in_group: Vec<&str> =
        sends.iter().filter(|c| c.body["chat_id"] == -100).map(|c| c.body["text"].as_str().unwrap()).collect();
    assert_eq!(in_group, [jawab::texts::ADMIN_PRIVATE_ONLY; 2], "{sends:?}");
}

#[test]
fn a_stop_signal_during_a_burst_from_one_chat_stops_within_5_s() {
    for signal in ["-TERM", "-INT"] {
        // 70 questions from one chat (more than teloxide's worker queue of
        // 64 held), then one from each of 300 chats: ten seconds of replies
        // at Telegram's 30 a second.
        let mut burst: Vec<_> = (1..=70).map(|id| private_text(id, QUESTION)).collect();
        for (i, chat) in (2001..=2300).enumerate() {
            burst.push(json!({"update_id": 71 + i as i64, "message": support::fake_api::text_message(1, chat, chat, QUESTION)}));
        }
        let api = FakeApi::start(Script { updates: burst, ..Script::default() });
        let dir = tempfile::tempdir().unwrap();
        let mut running = start_bot(dir.path(), &api, &[]);
        let child = &mut running.0;
        wait_for_sends(&api, child, 2, Duration::from_secs(20));
        assert!(Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap().success());
        let start = Instant::now();
        let status = wait_timeout(child, Duration::from_secs(5));
        let mut stderr = String::new();
        if status.is_none() {
            child.kill().ok();
        }
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let status = status.unwrap_or_else(|| panic!("still running 5 s after {signal}; stderr:\n{stderr}"));
        assert!(status.success(), "{signal}: exit {status:?}; stderr:\n{stderr}");
        println!("{signal}: stopped in {:?}", start.elapsed());
        // The question log was flushed: every question answered before the stop is in it.
        let sends = api.calls_to("sendMessage");
        let answers = sends.iter().filter(|c| c.body["text"] != jawab::texts::FLOODED).count();
        let rows = jawab::questions_log::Reader::open(dir.path().join("data/jawab.sqlite3")).unwrap().rows().unwrap();
        assert!(rows.len() >= answers, "{} rows for {answers} answers", rows.len());
        assert!(answers < 300, "{signal}: everything was answered before the signal ({answers})");
    }
}

/// A getUpdates answer that no strict parser reads: update 2's text has a
/// lone UTF-16 surrogate, update 3 is not an update at all.
const UNREADABLE_POLL: &str = concat!(
    r#"{"ok":true,"result":["#,
    r#"{"update_id":1,"message":{"message_id":1,"date":1700000000,"chat":{"id":777,"type":"private","first_name":"S"},"from":{"id":777,"is_bot":false,"first_name":"S"},"text":"كم استغرقت المحادثات بين بوتين والأسد؟"}},"#,
    r#"{"update_id":2,"message":{"message_id":2,"date":1700000000,"chat":{"id":777,"type":"private","first_name":"S"},"from":{"id":777,"is_bot":false,"first_name":"S"},"text":"كم استغرقت المحادثات \ud800 بين بوتين والأسد؟"}},"#,
    r#"{"update_id":3,"message":{"message_id":"three","date":"never"}},"#,
    r#"{"update_id":4,"message":{"message_id":4,"date":1700000000,"chat":{"id":777,"type":"private","first_name":"S"},"from":{"id":777,"is_bot":false,"first_name":"S"},"text":"كم استغرقت المحادثات بين بوتين والأسد؟"}}"#,
    "]}"
);

#[test]
fn polling_survives_an_update_that_does_not_parse() {
    let api = FakeApi::start(Script { poll_faults: vec![Fault::Body(UNREADABLE_POLL)], ..Script::default() });
    let dir = tempfile::tempdir().unwrap();
    let mut running = start_bot(dir.path(), &api, &[]);
    let child = &mut running.0;
    wait_for_sends(&api, child, 3, Duration::from_secs(20));
    // Updates that come after it are fetched and answered too.
    api.push(private_text(5, QUESTION));
    wait_for_sends(&api, child, 4, Duration::from_secs(20));
    let stderr = stop(child);
    let expected = Engine::load(knowledge(), MatcherConfig::default()).unwrap().reply(QUESTION);
    let sends = api.calls_to("sendMessage");
    assert_eq!(sends.len(), 4, "{sends:?}");
    assert!(sends.iter().all(|c| c.body["text"] == expected.text.as_str()), "{sends:?}");
    assert!(stderr.contains("update 3 could not be read and is skipped"), "{stderr}");
    // The poll after the bad answer confirms all four.
    let offsets: Vec<i64> = api.calls_to("getUpdates").iter().filter_map(|c| c.body["offset"].as_i64()).collect();
    assert!(offsets.contains(&5), "{offsets:?}");
}

#[test]
fn a_chats_backlog_does_not_delay_other_chats() {
    // 100 questions from one chat, then one from each of 20 others, all in
    // the first poll.
    let flooder = 777;
    let mut updates: Vec<_> = (1..=100).map(|id| private_text(id, QUESTION)).collect();
    for (i, chat) in (1001..=1020).enumerate() {
        updates.push(
            json!({"update_id": 101 + i as i64, "message": support::fake_api::text_message(1, chat, chat, QUESTION)}),
        );
    }
    let api = FakeApi::start(Script { updates, ..Script::default() });
    let dir = tempfile::tempdir().unwrap();
    let mut running = start_bot(dir.path(), &api, &[]);
    let child = &mut running.0;
    let polled = |calls: &[support::fake_api::Call]| calls.iter().any(|c| c.is("getUpdates") && c.status == 200);
    api.wait_until(Duration::from_secs(20), polled).expect("the bot did not poll");
    let others_answered = |calls: &[support::fake_api::Call]| {
        (1001..=1020).all(|chat| calls.iter().any(|c| c.is("sendMessage") && c.body["chat_id"] == chat))
    };
    let answered = api.wait_until(Duration::from_secs(5), others_answered);
    // The flooding chat: its first question, five waiting, one note; the rest dropped.
    std::thread::sleep(Duration::from_secs(2));
    let stderr = stop(child);
    assert!(answered.is_some(), "the other 20 chats were not all answered within 5 s; stderr:\n{stderr}");
    let to_flooder: Vec<String> = api
        .calls_to("sendMessage")
        .iter()
        .filter(|c| c.body["chat_id"] == flooder)
        .map(|c| c.body["text"].as_str().unwrap().to_string())
        .collect();
    let notes = to_flooder.iter().filter(|t| *t == jawab::texts::FLOODED).count();
    assert_eq!(notes, 1, "{to_flooder:?}");
    assert!(to_flooder.len() <= 7, "more than 1 + 5 answers and a note: {}", to_flooder.len());
}

#[test]
fn a_reply_lost_in_transit_is_sent_again_until_delivered() {
    let api = FakeApi::start(Script {
        updates: vec![private_text(1, QUESTION)],
        send_faults: vec![Fault::Drop, Fault::BadGateway],
        ..Script::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let mut running = start_bot(dir.path(), &api, &[]);
    let child = &mut running.0;
    // A dropped connection, then a proxy's 502 (teloxide waits 10 s on a 5xx), then delivered.
    wait_for_sends(&api, child, 3, Duration::from_secs(40));
    stop(child);
    let sends = api.calls_to("sendMessage");
    let statuses: Vec<u16> = sends.iter().map(|c| c.status).collect();
    assert_eq!(statuses, [0, 502, 200], "{sends:?}");
    let expected = Engine::load(knowledge(), MatcherConfig::default()).unwrap().reply(QUESTION);
    assert!(sends.iter().all(|c| c.body["text"] == expected.text.as_str()));
}

#[test]
fn no_question_is_lost_across_three_kill_9_restarts() {
    // 200 questions from 200 chats: about seven seconds of replies.
    let updates = (1..=200)
        .map(|id| json!({"update_id": id, "message": support::fake_api::text_message(1, 5000 + id, 5000 + id, QUESTION)}))
        .collect();
    let api = FakeApi::start(Script { updates, ..Script::default() });
    let dir = tempfile::tempdir().unwrap();
    let start = || start_bot(dir.path(), &api, &[]);
    let answered = |api: &FakeApi| api.calls_to("sendMessage").iter().filter(|c| c.status == 200).count();
    for round in 1..=3 {
        let mut running = start();
        let before = answered(&api);
        wait_for_sends(&api, &mut running.0, before + 15, Duration::from_secs(20));
        running.0.kill().unwrap();
        running.0.wait().unwrap();
        println!("round {round}: {} replies so far", answered(&api));
    }
    let mut running = start();
    let chats_answered = |calls: &[support::fake_api::Call]| {
        let mut chats: Vec<i64> = calls
            .iter()
            .filter(|c| c.is("sendMessage") && c.status == 200)
            .filter_map(|c| c.body["chat_id"].as_i64())
            .collect();
        chats.sort_unstable();
        chats.dedup();
        chats.len()
    };
    let done = api.wait_until(Duration::from_secs(40), |calls| chats_answered(calls) == 200);
    let stderr = stop(&mut running.0);
    let got = chats_answered(&api.calls());
    assert!(done.is_some(), "{got} of 200 chats answered; stderr of the last run:\n{stderr}");
}

/// The resident memory of process `pid` at its peak, in kB (Linux).
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn six_thousand_queued_questions_fit_in_80_mb() {
    // One question from each of 6,000 chats, all fetched at once: minutes of
    // replies at Telegram's 30 a second, so nearly all of them wait.
    let updates = (1..=6000)
        .map(|id| json!({"update_id": id, "message": support::fake_api::text_message(1, 10_000 + id, 10_000 + id, QUESTION)}))
        .collect();
    let api = FakeApi::start(Script { updates, ..Script::default() });
    let dir = tempfile::tempdir().unwrap();
    // A line per question would fill the unread stderr pipe and block the bot.
    let mut running = start_bot(dir.path(), &api, &[("RUST_LOG", "warn")]);
    let child = &mut running.0;
    // Every update fetched and confirmed: a poll past the last one.
    let past_all = |calls: &[support::fake_api::Call]| {
        calls.iter().any(|c| c.is("getUpdates") && c.body["offset"].as_i64().is_some_and(|o| o > 6000))
    };
    if api.wait_until(Duration::from_secs(30), past_all).is_none() {
        let polls: Vec<String> =
            api.calls_to("getUpdates").iter().map(|c| format!("{} {}", c.status, c.body["offset"])).collect();
        println!("polls {polls:?}, {} sends", api.calls_to("sendMessage").len());
        let stderr = stop(child);
        panic!("the 6,000 updates were not all fetched; stderr:\n{}", &stderr[..stderr.len().min(3000)]);
    }
    std::thread::sleep(Duration::from_secs(2));
    let peak = peak_rss_kb(child.id()).expect("/proc/PID/status");
    let answered = api.calls_to("sendMessage").len();
    stop(child);
    println!("peak resident memory {} MB with {} of 6000 answered", peak / 1024, answered);
    assert!(answered < 6000, "all answered before measuring");
    assert!(peak < 80 * 1024, "peak resident memory {} MB", peak / 1024);
}

#[test]
fn a_reply_that_never_gets_through_is_logged_undelivered() {
    // Every try of the reply's sendMessage loses its connection: the first and four more.
    let api = FakeApi::start(Script {
        updates: vec![private_text(1, QUESTION)],
        send_faults: vec![Fault::Drop; 5],
        ..Script::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let mut running = start_bot(dir.path(), &api, &[]);
    // Tried again after 1, 2, 4 and 8 s.
    wait_for_sends(&api, &mut running.0, 5, Duration::from_secs(40));
    std::thread::sleep(Duration::from_millis(500));
    stop(&mut running.0);
    let rows = jawab::questions_log::Reader::open(dir.path().join("data/jawab.sqlite3")).unwrap().rows().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(!rows[0].delivered, "{rows:?}");
    let stats = jawab::questions_log::Reader::open(dir.path().join("data/jawab.sqlite3"))
        .unwrap()
        .stats(jawab::questions_log::now(), None)
        .unwrap();
    assert_eq!(stats.decisions.undelivered, 1);
}

#[test]
fn a_stop_while_a_reply_is_being_retried_takes_under_5_s() {
    // 502s: teloxide waits 10 s on each before the bot can try again.
    let api = FakeApi::start(Script {
        updates: vec![private_text(1, QUESTION)],
        send_faults: vec![Fault::BadGateway; 5],
        ..Script::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let mut running = start_bot(dir.path(), &api, &[]);
    let tried = |calls: &[support::fake_api::Call]| calls.iter().any(|c| c.is("sendMessage"));
    assert!(api.wait_until(Duration::from_secs(20), tried).is_some(), "no reply was tried");
    let start = Instant::now();
    stop(&mut running.0);
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
}
