//! The `jawab` binary, run as a user runs it.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use jawab::knowledge::Knowledge;
use jawab::texts;
use serde_json::Value;

const ANSWERABLE: &str = "كم استغرقت المحادثات بين بوتين والأسد؟";
const ANSWERABLE_ID: &str = "talks-duration";
const OFF_TOPIC: &str = "ما حالة الطقس في القاهرة اليوم؟";

/// The binary, run from the crate root, untouched by the caller's settings.
fn jawab() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jawab"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    for var in ["JAWAB_KNOWLEDGE", "JAWAB_ANSWER_THRESHOLD", "JAWAB_SUGGEST_THRESHOLD", "JAWAB_DB"] {
        c.env_remove(var);
    }
    c.env_remove("RUST_LOG");
    // Set, but empty: a developer's .env (read from the crate root) cannot
    // fill it in and turn a bare `jawab` into the Telegram bot.
    c.env("TELOXIDE_TOKEN", "");
    c
}

/// Runs with `stdin` as standard input.
fn run(mut c: Command, stdin: &str) -> Output {
    c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn jawab");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_string();
    let writer = std::thread::spawn(move || input.write_all(stdin.as_bytes()));
    let out = child.wait_with_output().expect("wait for jawab");
    writer.join().unwrap().expect("write stdin");
    out
}

/// Runs with `stdin` (any bytes) as standard input.
fn run_bytes(mut c: Command, stdin: Vec<u8>) -> Output {
    c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn jawab");
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || input.write_all(&stdin));
    let out = child.wait_with_output().expect("wait for jawab");
    writer.join().unwrap().expect("write stdin");
    out
}

fn args(list: &[&str]) -> Command {
    let mut c = jawab();
    c.args(list);
    c
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is utf-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is utf-8")
}

fn knowledge() -> Knowledge {
    Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).expect("the real knowledge loads")
}

fn answer_of(id: &str) -> String {
    knowledge().entry(id).unwrap_or_else(|| panic!("no entry {id}")).answer.clone()
}

// ---------------------------------------------------------------- ask

#[test]
fn ask_answers_a_known_question() {
    let o = run(args(&["ask", ANSWERABLE]), "");
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(&answer_of(ANSWERABLE_ID)), "{out}");
    assert!(!out.contains(texts::FALLBACK));
}

#[test]
fn ask_joins_words_given_as_separate_arguments() {
    let mut list = vec!["ask"];
    list.extend(ANSWERABLE.split(' '));
    let o = run(args(&list), "");
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(stdout(&o).contains(&answer_of(ANSWERABLE_ID)));
}

#[test]
fn ask_off_topic_falls_back_and_exits_1() {
    let o = run(args(&["ask", OFF_TOPIC]), "");
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
    assert_eq!(stdout(&o).trim_end(), texts::FALLBACK);
}

#[test]
fn ask_without_a_question_is_an_error() {
    let o = run(args(&["ask"]), "");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("--json"), "{}", stderr(&o));
}

#[test]
fn a_missing_knowledge_path_is_an_error() {
    let o = run(args(&["--knowledge", "/nonexistent", "ask", ANSWERABLE]), "");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "stdout: {}", stdout(&o));
    let err = stderr(&o);
    assert!(err.starts_with(|c: char| c.is_lowercase()), "{err}");
    // After the program name, the message itself starts lowercase too.
    let message = err.strip_prefix("jawab: ").unwrap_or(&err);
    assert!(message.starts_with(|c: char| c.is_lowercase()), "{err}");
    assert!(err.contains("/nonexistent"), "{err}");
}

#[test]
fn a_threshold_outside_0_1_is_an_error() {
    let o = run(args(&["--answer-threshold", "1.5", "ask", ANSWERABLE]), "");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("threshold"), "{}", stderr(&o));
}

// ---------------------------------------------------------------- invalid knowledge, check

const INVALID: &str = r#"[article]
title = "زيارة الأسد إلى موسكو"
paragraphs = 11

[[entry]]
id = "talks"
questions = ["كم استغرقت المحادثات؟", "كم ساعة دام اللقاء؟", "ما مدة المباحثات؟", "قديش طولت المحادثات؟"]
answer = "نحو ثلاث ساعات."
paragraph = 4

[[entry]]
id = "talks"
questions = ["أين جرت الزيارة؟", "وين صارت الزيارة؟", "في أي مدينة التقيا؟", "مكان اللقاء"]
answer = "في موسكو."
paragraph = 99
"#;

/// The lines of the two `[[entry]]` headers of [`INVALID`].
fn invalid_headers() -> (usize, usize) {
    let lines: Vec<usize> =
        INVALID.lines().enumerate().filter(|(_, l)| *l == "[[entry]]").map(|(i, _)| i + 1).collect();
    (lines[0], lines[1])
}

fn invalid_file() -> (tempfile::TempDir, String) {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("kb.toml");
    std::fs::write(&path, INVALID).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

#[test]
fn ask_with_invalid_knowledge_names_file_and_line() {
    let (_dir, path) = invalid_file();
    let o = run(args(&["--knowledge", &path, "ask", ANSWERABLE]), "");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "stdout: {}", stdout(&o));
    let err = stderr(&o);
    let (_, second) = invalid_headers();
    assert!(err.contains(&format!("{path}:{second}:")), "{err}");
}

#[test]
fn check_lists_every_problem_with_file_and_line() {
    let (_dir, path) = invalid_file();
    let o = run(args(&["check", &path]), "");
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
    // Problems go to stderr, each with its file and line.
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let out = stderr(&o);
    let (first, second) = invalid_headers();
    let at = format!("{path}:{second}:");
    assert!(
        out.lines().any(|l| l.starts_with(&at) && l.contains("duplicate id") && l.contains(&format!("{path}:{first}"))),
        "no duplicate-id problem at {at}:\n{out}"
    );
    assert!(
        out.lines().any(|l| l.starts_with(&at) && l.contains("paragraph 99")),
        "no paragraph-99 problem at {at}:\n{out}"
    );
    assert!(out.contains("2 problem"), "{out}");
}

#[test]
fn check_of_the_real_knowledge_is_clean() {
    let o = run(args(&["check", "--warnings"]), "");
    assert_eq!(o.status.code(), Some(0), "stdout: {}\nstderr: {}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    // The only warnings are phrasings of different entries (or of an entry
    // and an outside group) that are hard to tell apart: for the curators,
    // they do not fail the check.
    let other: Vec<&str> =
        out.lines().filter(|l| l.starts_with("warning") && !l.contains("is hard to tell from")).collect();
    assert!(other.is_empty(), "{other:#?}");
    let entries = knowledge().entries.len();
    assert!(out.contains(&format!("ok, {entries} entries")), "{out}");
}

#[test]
fn check_read_only_in_part_ends_quietly() {
    // `jawab check | head -1`: the reader goes away after one line of many.
    // Two entries of 40 alike phrasings: 1600 warnings, far more than a
    // pipe holds, so the writer meets the closed pipe.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.toml");
    let entry = |id: &str, n: usize| {
        let questions: Vec<String> =
            (0..40).map(|i| format!("\"كم استغرقت المحادثات بين بوتين والأسد {} {i}؟\"", n + i)).collect();
        format!(
            "[[entry]]\nid = \"{id}\"\nquestions = [{}]\nanswer = \"ثلاث ساعات.\"\nparagraph = 1\n",
            questions.join(", ")
        )
    };
    let toml = format!("[article]\ntitle = \"t\"\nparagraphs = 2\n{}{}", entry("a", 0), entry("b", 1000));
    std::fs::write(&path, toml).unwrap();
    let mut child = args(&["check", "--warnings", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn jawab");
    let mut lines = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    lines.read_line(&mut first).unwrap();
    assert!(first.starts_with("warning: "), "{first}");
    drop(lines);
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
}

// ---------------------------------------------------------------- ask --json

const JSON_KEYS: [&str; 7] = ["question", "matched", "id", "score", "answer", "suggestions", "also"];

fn check_json_line(line: &str, question: &str) -> Value {
    let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not json ({e}): {line}"));
    let obj = v.as_object().unwrap_or_else(|| panic!("not an object: {line}"));
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut want = JSON_KEYS.to_vec();
    want.sort_unstable();
    assert_eq!(keys, want, "{line}");
    assert_eq!(v["question"], question);
    let score = v["score"].as_f64().unwrap_or_else(|| panic!("score not a number: {line}"));
    assert!((0.0..=1.0).contains(&score), "{line}");
    assert!(v["matched"].is_boolean(), "{line}");
    assert!(v["answer"].is_string(), "{line}");
    assert!(v["also"].as_array().is_some_and(|a| a.iter().all(Value::is_string)), "{line}");
    for s in v["suggestions"].as_array().unwrap_or_else(|| panic!("suggestions not an array: {line}")) {
        let s = s.as_object().unwrap_or_else(|| panic!("suggestion not an object: {line}"));
        let mut keys: Vec<&str> = s.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["id", "question", "score"], "{line}");
        assert!(s["id"].is_string() && s["question"].is_string(), "{line}");
        assert!((0.0..=1.0).contains(&s["score"].as_f64().unwrap()), "{line}");
    }
    if v["matched"] == true {
        assert!(v["id"].is_string(), "{line}");
    } else {
        assert!(v["id"].is_null(), "{line}");
    }
    v
}

#[test]
fn ask_json_writes_one_object_per_line_in_order() {
    let questions = [ANSWERABLE, OFF_TOPIC, "🙂🤔👍", ""];
    let input: String = questions.iter().map(|q| format!("{q}\n")).collect();
    let o = run(args(&["ask", "--json"]), &input);
    // Not every question was answered.
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), questions.len(), "{out}");
    let values: Vec<Value> = lines.iter().zip(questions).map(|(l, q)| check_json_line(l, q)).collect();

    assert_eq!(values[0]["matched"], true);
    assert_eq!(values[0]["id"], ANSWERABLE_ID);
    assert!(values[0]["answer"].as_str().unwrap().contains(&answer_of(ANSWERABLE_ID)));
    for v in &values[1..] {
        assert_eq!(v["matched"], false, "{v}");
        assert!(v["id"].is_null(), "{v}");
    }
    assert_eq!(values[1]["answer"], texts::FALLBACK);
    assert_eq!(values[2]["answer"], texts::EMPTY_QUESTION);
    assert_eq!(values[3]["answer"], texts::EMPTY_QUESTION);
}

#[test]
fn ask_json_reads_bad_utf8_lossily_cuts_long_lines_and_goes_on() {
    let mut input = b"\xff\xfe\xfd \xd9\n".to_vec();
    // 8 MB of one line (an odd byte first, so the cut splits a «ب»), then a question.
    input.push(b'x');
    input.extend("ب".repeat(4 << 20).as_bytes());
    input.extend(format!("\n{ANSWERABLE}\n").as_bytes());
    let o = run_bytes(args(&["ask", "--json"]), input);
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{}", &out[..out.len().min(500)]);
    let parse = |l: &str| -> Value { serde_json::from_str(l).unwrap() };
    let (bad, long, last) = (parse(lines[0]), parse(lines[1]), parse(lines[2]));
    assert_eq!(bad["lossy"], true);
    assert_eq!(bad["question"], "\u{fffd}\u{fffd}\u{fffd} \u{fffd}");
    assert_eq!(bad["answer"], texts::EMPTY_QUESTION);
    assert_eq!(long["cut"], true);
    assert!(long.get("lossy").is_none(), "a character split by the cut is dropped: {}", &lines[1][..200]);
    let kept = long["question"].as_str().unwrap();
    assert_eq!(kept.len(), jawab::engine::MAX_QUESTION_CHARS * 4 - 1);
    assert!(kept.starts_with('x') && kept.chars().skip(1).all(|c| c == 'ب'));
    // The line after them is answered as usual, with neither mark.
    check_json_line(lines[2], ANSWERABLE);
    assert_eq!(last["id"], ANSWERABLE_ID);
}

#[test]
fn ask_json_exits_0_when_every_question_is_answered() {
    let o = run(args(&["ask", "--json"]), &format!("{ANSWERABLE}\n"));
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1);
    assert_eq!(check_json_line(out.lines().next().unwrap(), ANSWERABLE)["id"], ANSWERABLE_ID);
}

#[test]
fn ask_json_with_a_question_argument_writes_one_object() {
    let o = run(args(&["ask", "--json", OFF_TOPIC]), "");
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert_eq!(check_json_line(out.trim_end(), OFF_TOPIC)["matched"], false);
}

#[test]
fn ask_json_answers_each_line_before_stdin_closes() {
    let mut child = args(&["ask", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn jawab");
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    writeln!(stdin, "{ANSWERABLE}").unwrap();
    stdin.flush().unwrap();

    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let r = BufReader::new(stdout).read_line(&mut line).map(|_| line);
        let _ = tx.send(r);
    });
    let got = rx.recv_timeout(Duration::from_secs(20));
    // Stdin is still open here: the answer came while more input could follow.
    drop(stdin);
    let status = child.wait().unwrap();
    let line = got.expect("no answer within 20 s while stdin was open").expect("read stdout");
    assert_eq!(check_json_line(line.trim_end(), ANSWERABLE)["id"], ANSWERABLE_ID);
    assert_eq!(status.code(), Some(0));
}

// ---------------------------------------------------------------- compare

fn scores(out: &str) -> Vec<f32> {
    out.lines()
        .map(|l| {
            let first = l.split('\t').next().unwrap();
            let s: f32 = first.parse().unwrap_or_else(|e| panic!("{first:?} is not a number ({e}): {l}"));
            assert!((0.0..=1.0).contains(&s), "{l}");
            s
        })
        .collect()
}

#[test]
fn compare_scores_pairs() {
    let input = format!(
        "{ANSWERABLE}\t{ANSWERABLE}\n{ANSWERABLE}\t{OFF_TOPIC}\nكم استغرقت المحادثات؟\tكَمْ إستغرقت المحادثات!!\n"
    );
    let o = run(args(&["compare"]), &input);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    let s = scores(&out);
    assert_eq!(s.len(), 3, "{out}");
    assert!(s[0] >= 0.99, "identical: {out}");
    assert!(s[1] < 0.3, "unrelated: {out}");
    assert!(s[2] >= 0.99, "same up to diacritics, hamza and punctuation: {out}");
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn compare_reports_a_line_without_tab_and_exits_2() {
    let input = format!("{ANSWERABLE}\t{ANSWERABLE}\n\nلا يوجد فاصل هنا\n{ANSWERABLE}\t{OFF_TOPIC}\n");
    let o = run(args(&["compare"]), &input);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("stdin:3:"), "{err}");
    assert!(!err.contains("stdin:1:") && !err.contains("stdin:4:"), "{err}");
    // The good pairs around it are still scored.
    assert_eq!(scores(&stdout(&o)).len(), 2);
}

// ---------------------------------------------------------------- chat

#[test]
fn chat_answers_lists_topics_and_says_goodbye() {
    let o = run(args(&["chat"]), "كم استغرقت المحادثات؟\n/topics\n/quit\n");
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with(texts::CHAT_WELCOME), "{out}");
    let answer = out.find(&answer_of(ANSWERABLE_ID)).expect("the answer");
    let heading = out.find(texts::TOPICS_HEADING).expect("the topics heading");
    let bye = out.find(texts::CHAT_BYE).expect("the goodbye");
    assert!(answer < heading && heading < bye, "{out}");
    // Every entry's title question is listed.
    for e in &knowledge().entries {
        assert!(out.contains(&format!("• {}", e.questions[0])), "{} missing from topics", e.id);
    }
}

#[test]
fn chat_ends_at_end_of_input() {
    let o = run(args(&["chat"]), &format!("{OFF_TOPIC}\n"));
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains(texts::FALLBACK), "{out}");
    assert!(out.trim_end().ends_with(texts::CHAT_BYE), "{out}");
}

#[test]
fn no_subcommand_without_token_starts_the_chat() {
    let o = run(jawab(), "/quit\n");
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with(texts::CHAT_WELCOME), "{out}");
    assert!(out.contains(texts::CHAT_BYE), "{out}");
}

// ---------------------------------------------------------------- eval

#[test]
fn eval_prints_accuracy_and_rejection_rate() {
    let o = run(args(&["eval", "tests/data/dev.tsv"]), "");
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    assert!(out.lines().any(|l| l.starts_with("accuracy:")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("rejection rate:")), "{out}");
}

#[test]
fn eval_of_a_missing_file_is_an_error() {
    let o = run(args(&["eval", "tests/data/no-such-set.tsv"]), "");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("no-such-set.tsv"), "{}", stderr(&o));
}

// ---------------------------------------------------------------- check: near duplicates

#[test]
fn check_warns_about_phrasings_of_different_entries_that_collide() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.toml");
    // Line numbers matter: the warning names both phrasings' lines.
    let toml = "[article]\ntitle = \"t\"\nparagraphs = 2\n\n\
[[entry]]\nid = \"talks-duration\"\nquestions = [\n  \"كم استغرقت المحادثات بين بوتين والأسد؟\",\n  \"ما عاصمة سوريا؟\",\n]\nanswer = \"ثلاث ساعات.\"\nparagraph = 1\n\n\
[[entry]]\nid = \"talks-length\"\nquestions = [\n  \"ما لون العلم الروسي؟\",\n  \"كم استغرقت المحادثات بين بوتين والاسد امس\",\n]\nanswer = \"ساعتين.\"\nparagraph = 2\n";
    std::fs::write(&path, toml).unwrap();
    let line_of = |needle: &str| toml.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let (a, b) = (line_of("والأسد؟"), line_of("والاسد امس"));
    let p = path.to_str().unwrap();
    // By default a count per kind, in a few lines.
    let o = run(args(&["check", p]), "");
    assert_eq!(o.status.code(), Some(0), "warnings do not fail the check; stderr: {}", stderr(&o));
    let out = stdout(&o);
    // Both entries also have fewer phrasings than recommended.
    assert!(out.starts_with("3 warning(s)"), "{out}");
    assert!(out.lines().any(|l| l.trim() == "1  phrasings hard to tell from another entry's"), "{out}");
    assert!(out.lines().any(|l| l.trim() == "2  entries with few phrasings"), "{out}");
    assert!(!out.contains("is hard to tell from"), "{out}");
    assert!(out.lines().count() <= 5, "{out}");
    // --warnings (or -v) lists them.
    let o = run(args(&["check", "-v", p]), "");
    let out = stdout(&o);
    let warnings: Vec<&str> = out.lines().filter(|l| l.contains("is hard to tell from")).collect();
    assert_eq!(warnings.len(), 1, "{out}");
    let w = warnings[0];
    assert!(w.starts_with(&format!("warning: {p}:{a}: ")), "{w}");
    assert!(w.contains("\"talks-duration\"") && w.contains("\"talks-length\""), "{w}");
    assert!(w.contains(&format!("{p}:{b}")), "{w}");
    assert!(out.contains("ok, 2 entries"), "{out}");
    // A stricter threshold than their similarity: no warning.
    let o = run(args(&["--answer-threshold", "1", "check", "--warnings", p]), "");
    assert_eq!(o.status.code(), Some(0));
    assert!(!stdout(&o).contains("is hard to tell from"), "{}", stdout(&o));
}

#[test]
fn a_toml_error_in_one_file_is_blamed_on_that_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    std::fs::create_dir(&kb).unwrap();
    std::fs::write(kb.join("article.toml"), "[article]\ntitle = \"t\"\nparagraphs = 3\n").unwrap();
    // It points at an entry of the broken file: no follow-on error for it.
    let a = "[[entry]]\nid = \"talks\"\nquestions = [\"كم استغرقت المحادثات؟\"]\nanswer = \"ثلاث ساعات.\"\nparagraph = 1\nrelated = [\"visit-date\"]\n";
    std::fs::write(kb.join("a.toml"), a).unwrap();
    let b =
        "[[entry]]\nid = \"visit-date\"\nquestions = [\"متى كانت الزيارة؟\"\nanswer = \"في آذار.\"\nparagraph = 2\n";
    std::fs::write(kb.join("b.toml"), b).unwrap();
    let o = run(args(&["check", kb.to_str().unwrap()]), "");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let problems: Vec<&str> = err.lines().filter(|l| l.contains(".toml:")).collect();
    assert_eq!(problems.len(), 1, "{err}");
    let b_path = kb.join("b.toml").display().to_string();
    assert!(problems[0].starts_with(&format!("{b_path}:")) && problems[0].contains("toml:"), "{err}");
    assert!(!err.contains("a.toml") && !err.contains("article.toml"), "another file was blamed: {err}");
}

// ---------------------------------------------------------------- report

use jawab::questions_log::{DAY, Options, Outcome, QuestionLog, Record};

fn seed_log(path: &std::path::Path) {
    let log = QuestionLog::open(path, Options::default());
    let now = jawab::questions_log::now();
    let add = |days_ago: i64, question: &str, outcome: Outcome, entry: Option<&str>| {
        log.record(Record {
            at: now - days_ago * DAY,
            chat_type: "private",
            question: question.to_string(),
            outcome,
            entry_id: entry.map(str::to_string),
            score: 0.7,
            // One reply today could not be delivered.
            delivered: !(days_ago == 0 && outcome == Outcome::None),
            reply_key: None,
        })
    };
    add(0, ANSWERABLE, Outcome::Answered, Some(ANSWERABLE_ID));
    add(0, ANSWERABLE, Outcome::Answered, Some(ANSWERABLE_ID));
    add(0, OFF_TOPIC, Outcome::None, None);
    add(2, OFF_TOPIC, Outcome::None, None);
    add(2, "المساعدات بعد الزلزال", Outcome::Suggested, Some("earthquake-aid"));
    add(20, "سؤال قديم", Outcome::None, None);
    add(20, ANSWERABLE, Outcome::Answered, Some("gone-entry"));
    assert!(log.flush(std::time::Duration::from_secs(10)));
}

#[test]
fn report_json_has_the_documented_shape_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.sqlite3");
    seed_log(&db);
    let o = run(args(&["report", "--json", "--db", db.to_str().unwrap()]), "");
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "one object on one line: {out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = [
        "format",
        "generated_at",
        "questions",
        "window_days",
        "decisions",
        "top_entries",
        "votes",
        "unanswered_days",
        "unanswered",
    ];
    expected.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, expected);
    assert_eq!(v["format"], 1);
    let now = jawab::questions_log::now();
    assert!((now - 60..=now + 1).contains(&v["generated_at"].as_i64().unwrap()));
    assert_eq!(v["questions"], serde_json::json!({"today": 3, "last_7_days": 5, "all": 7}));
    assert_eq!(v["window_days"], Value::Null);
    assert_eq!(
        v["decisions"],
        serde_json::json!({"questions": 7, "answered": 3, "suggested": 1, "none": 3,
            "shares": {"answered": 0.429, "suggested": 0.143, "none": 0.429}, "undelivered": 1})
    );
    let title = knowledge().entry(ANSWERABLE_ID).unwrap().questions[0].clone();
    assert_eq!(
        v["top_entries"],
        serde_json::json!([
            {"id": ANSWERABLE_ID, "question": title, "count": 2},
            {"id": "gone-entry", "question": null, "count": 1},
        ])
    );
    assert_eq!(v["votes"], serde_json::json!([]));
    assert_eq!(v["unanswered_days"], 7);
    let off = jawab::language::normalize::normalize(OFF_TOPIC);
    let aid = jawab::language::normalize::normalize("المساعدات بعد الزلزال");
    assert_eq!(
        v["unanswered"],
        serde_json::json!([
            {"question": off, "count": 2, "suggested": 0, "none": 2},
            {"question": aid, "count": 1, "suggested": 1, "none": 0},
        ])
    );

    // --days 1: only today's questions in the decisions, top entries and unanswered.
    let o = run(args(&["report", "--json", "--days", "1", "--db", db.to_str().unwrap()]), "");
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["window_days"], 1);
    assert_eq!(v["questions"]["all"], 7, "the counts stay whole");
    assert_eq!(v["decisions"]["questions"], 3);
    assert_eq!(v["top_entries"].as_array().unwrap().len(), 1);
    assert_eq!(v["unanswered_days"], 1);
    assert_eq!(v["unanswered"], serde_json::json!([{"question": off, "count": 1, "suggested": 0, "none": 1}]));
}

#[test]
fn report_prints_the_figures_as_text_with_jawab_db() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("log.sqlite3");
    seed_log(&db);
    let mut c = args(&["report"]);
    c.env("JAWAB_DB", &db);
    let o = run(c, "");
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("questions: 3 today, 5 in the last 7 days, 7 in all"), "{out}");
    assert!(out.contains("3 answered (42.9%), 1 suggested (14.3%), 3 none (42.9%)"), "{out}");
    assert!(out.lines().any(|l| l.contains(ANSWERABLE_ID) && l.trim_start().starts_with('2')), "{out}");
    assert!(out.contains(&jawab::language::normalize::normalize(OFF_TOPIC)), "{out}");
}

#[test]
fn report_on_a_missing_or_foreign_database_is_exit_2_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere/jawab.sqlite3");
    let o = run(args(&["report", "--db", missing.to_str().unwrap()]), "");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains(missing.to_str().unwrap()) && err.contains("does not exist"), "{err}");
    assert!(!missing.exists(), "report must not create the database");

    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, vec![7u8; 4096]).unwrap();
    let o = run(args(&["report", "--json", "--db", garbage.to_str().unwrap()]), "");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains(garbage.to_str().unwrap()) && !err.contains("panicked"), "{err}");

    let o = run(args(&["report", "--days", "0", "--db", garbage.to_str().unwrap()]), "");
    assert_eq!(o.status.code(), Some(2), "--days 0 is refused by the argument parser");
}
