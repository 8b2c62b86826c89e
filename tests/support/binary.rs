//! Running the real binary: a clean environment, a copy of the knowledge,
//! the bot against the stand-in API, and stopping it.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::fake_api::FakeApi;

/// The token the bot is started with; no output may show it.
pub const TOKEN: &str = "4242:SECRET-token_never-printed";

/// The repository's knowledge.
pub fn knowledge() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge").to_string()
}

/// The binary, run in an empty directory (so no `.env` is read) with a
/// clean environment for the bot's variables.
pub fn jawab(dir: &Path) -> Command {
    jawab_with(dir, Path::new(&knowledge()))
}

/// The same, with another knowledge base.
pub fn jawab_with(dir: &Path, kb: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jawab"));
    cmd.current_dir(dir).arg("--knowledge").arg(kb);
    for var in jawab::config::VARS {
        cmd.env_remove(var);
    }
    cmd
}

/// Kills the bot if a test fails before it stops it.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Waits for the child to exit, at most `limit`.
pub fn wait_timeout(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// A copy of the knowledge base in `dir`, to edit while the bot runs.
pub fn copy_knowledge(dir: &Path) -> std::path::PathBuf {
    let kb = dir.join("knowledge");
    std::fs::create_dir(&kb).unwrap();
    for f in std::fs::read_dir(knowledge()).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, kb.join(f.file_name().unwrap())).unwrap();
    }
    kb
}

/// Runs `cmd` to the end: its output, and stdout and stderr as one text.
pub fn run(cmd: &mut Command) -> (Output, String) {
    let out = cmd.output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out, text)
}

/// Starts the bot in `dir` against `api`, with the repository's knowledge,
/// stderr piped.
pub fn start_bot(dir: &Path, api: &FakeApi, env: &[(&str, &str)]) -> Running {
    start_bot_with(dir, Path::new(&knowledge()), api, env)
}

/// The same, with the knowledge at `kb`.
pub fn start_bot_with(dir: &Path, kb: &Path, api: &FakeApi, env: &[(&str, &str)]) -> Running {
    let mut cmd = jawab_with(dir, kb);
    cmd.arg("bot").env("TELOXIDE_TOKEN", TOKEN).env("TELOXIDE_API_URL", &api.url);
    for (name, value) in env {
        cmd.env(name, value);
    }
    Running(cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap())
}

/// Waits until the bot has sent `n` messages, or fails with its stderr.
pub fn wait_for_sends(api: &FakeApi, child: &mut Child, n: usize, limit: Duration) {
    let start = Instant::now();
    while api.calls_to("sendMessage").len() < n && start.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
            panic!("the bot exited early ({status}); stderr:\n{}", stderr.replace(TOKEN, "<TOKEN>"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if api.calls_to("sendMessage").len() < n {
        child.kill().ok();
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        panic!("the bot sent fewer than {n} messages in {limit:?}; stderr:\n{}", stderr.replace(TOKEN, "<TOKEN>"));
    }
}

/// Stops the bot with SIGTERM and returns its stderr.
pub fn stop(child: &mut Child) -> String {
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let status = wait_timeout(child, Duration::from_secs(5));
    if status.is_none() {
        child.kill().ok();
    }
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(status.is_some_and(|s| s.success()), "not stopped cleanly by SIGTERM; stderr:\n{stderr}");
    stderr
}
