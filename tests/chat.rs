//! The terminal chat on a real pseudo-terminal, as a person types into it:
//! the bot's commands with the bot's texts, ↑ for the last question,
//! Ctrl-C to clear a line, Ctrl-D or /quit to leave with exit code 0.
//! And the built-in knowledge, from a directory without any.

use std::process::Command;

use jawab::engine::Engine;
use jawab::knowledge::Source;
use jawab::texts;
use rexpect::process::WaitStatus;

/// A chat in an empty directory (so the built-in knowledge answers), on a pty.
fn chat() -> (rexpect::session::PtySession, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jawab"));
    cmd.current_dir(dir.path()).arg("chat").env_remove("JAWAB_KNOWLEDGE").env_remove("TELOXIDE_TOKEN");
    // A terminal that can edit lines (rustyline treats a dumb one as a pipe).
    cmd.env("TERM", "xterm");
    let mut p = rexpect::session::spawn_command(cmd, Some(15_000)).unwrap();
    p.exp_string(&bytes(texts::CHAT_PROMPT.trim_end())).unwrap();
    (p, dir)
}

/// A line of `text` that a terminal shows whole (its first line, short),
/// as rexpect reads it: each byte of the UTF-8 as one character.
fn snippet(text: &str) -> String {
    bytes(&text.lines().next().unwrap().chars().take(20).collect::<String>())
}

/// `text` as rexpect reads it: each byte one character.
fn bytes(text: &str) -> String {
    text.bytes().map(char::from).collect()
}

#[test]
fn commands_history_ctrl_c_and_ctrl_d_behave_as_a_person_expects() {
    let engine = Engine::open(&Source::BuiltIn, Default::default()).unwrap();
    let about = jawab::bot::command_text(&engine, "/about").unwrap();
    let (mut p, _dir) = chat();
    p.send_line("/help").unwrap();
    p.exp_string("/topics").unwrap();
    p.exp_string("/quit").unwrap();
    p.send_line("/about").unwrap();
    p.exp_string(&snippet(&about)).unwrap();
    p.exp_string(&bytes(texts::CHAT_PROMPT.trim_end())).unwrap();
    // ↑ then Enter asks the last question again.
    p.send("\x1b[A").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string(&snippet(&about)).unwrap();
    // Keys typed once the prompt is back (between prompts the terminal is
    // not in raw mode, and Ctrl-C there is the shell's interrupt).
    p.exp_string(&bytes(texts::CHAT_PROMPT.trim_end())).unwrap();
    // Ctrl-C drops the line and the chat goes on.
    p.send("كم عمر").unwrap();
    p.flush().unwrap();
    p.send_control('c').unwrap();
    p.exp_string(&bytes(texts::CHAT_PROMPT.trim_end())).unwrap();
    p.send_line("/start").unwrap();
    p.exp_string("/privacy").unwrap();
    p.exp_string(&bytes(texts::CHAT_PROMPT.trim_end())).unwrap();
    // Ctrl-D at an empty prompt ends it, with exit code 0.
    p.send_control('d').unwrap();
    p.exp_string(&bytes(texts::CHAT_BYE)).unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(p.process().wait().unwrap(), WaitStatus::Exited(_, 0)));
}

#[test]
fn quit_ends_the_chat_and_questions_are_answered_from_the_built_in_knowledge() {
    let engine = Engine::open(&Source::BuiltIn, Default::default()).unwrap();
    let question = "كم استغرقت المحادثات؟";
    let (mut p, _dir) = chat();
    p.send_line(question).unwrap();
    p.exp_string(&snippet(&engine.reply(question).text)).unwrap();
    p.send_line("/quit").unwrap();
    p.exp_string(&bytes(texts::CHAT_BYE)).unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(p.process().wait().unwrap(), WaitStatus::Exited(_, 0)));
}

#[test]
fn ask_works_from_any_directory_and_a_given_path_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jawab"));
        cmd.current_dir(dir.path()).args(args).env_remove("JAWAB_KNOWLEDGE").env_remove("TELOXIDE_TOKEN");
        cmd.output().unwrap()
    };
    let out = run(&["ask", "كم استغرقت المحادثات؟"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let engine = Engine::open(&Source::BuiltIn, Default::default()).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), engine.reply("كم استغرقت المحادثات؟").text);
    let out = run(&["--knowledge", "missing-folder", "ask", "كم استغرقت المحادثات؟"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing-folder"));
    // The other commands that read the knowledge do too.
    let out = run(&["explain", "كم استغرقت المحادثات؟"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("decision: answer talks-duration"));
}
