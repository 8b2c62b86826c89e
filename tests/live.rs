//! The live engine: atomic reloads, failed reloads that keep the old
//! knowledge, and answering from many threads while reloading.

use std::fs;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use jawab::engine::Live;
use jawab::matcher::MatcherConfig;

const ARTICLE: &str = "[article]\ntitle = \"t\"\nparagraphs = 11\n";

fn entry(id: &str, question: &str, answer: &str) -> String {
    format!(
        "[[entry]]\nid = \"{id}\"\nquestions = [\"{question}\", \"{question} بالتفصيل\"]\nanswer = \"{answer}\"\nparagraph = 4\n"
    )
}

#[test]
fn failed_reload_keeps_the_live_knowledge() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kb.toml");
    fs::write(&file, format!("{ARTICLE}{}", entry("duration", "كم استغرقت المحادثات", "ثلاث ساعات"))).unwrap();
    let live = Live::load(&file, MatcherConfig::default()).unwrap();
    assert_eq!(live.snapshot().reply("كم استغرقت المحادثات").id(), Some("duration"));

    // A broken file: the reload fails, names the file and line, and the old
    // knowledge keeps answering.
    fs::write(&file, format!("{ARTICLE}[[entry]]\nid = \"x\"\nquestions = [\"q\"\n")).unwrap();
    let err = live.reload().unwrap_err();
    let shown = err.problems().join("\n");
    assert!(shown.contains(&format!("{}:", file.display())), "{shown}");
    assert_eq!(live.snapshot().reply("كم استغرقت المحادثات").id(), Some("duration"));

    // A good file again: swapped in, with the new entry count.
    let two = format!(
        "{ARTICLE}{}{}",
        entry("duration", "كم استغرقت المحادثات", "ثلاث ساعات"),
        entry("place", "اين جرت الزيارة", "في موسكو")
    );
    fs::write(&file, two).unwrap();
    assert_eq!(live.reload().unwrap(), 2);
    assert_eq!(live.snapshot().reply("اين جرت الزيارة").id(), Some("place"));
}

#[test]
fn a_snapshot_outlives_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kb.toml");
    fs::write(&file, format!("{ARTICLE}{}", entry("old", "كم استغرقت المحادثات", "قديم"))).unwrap();
    let live = Live::load(&file, MatcherConfig::default()).unwrap();
    let before = live.snapshot();
    fs::write(&file, format!("{ARTICLE}{}", entry("new", "كم استغرقت المحادثات", "جديد"))).unwrap();
    live.reload().unwrap();
    assert_eq!(before.reply("كم استغرقت المحادثات").id(), Some("old"));
    assert_eq!(live.snapshot().reply("كم استغرقت المحادثات").id(), Some("new"));
}

#[test]
fn answers_from_many_threads_while_reloading() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kb.toml");
    let version = |v: &str| format!("{ARTICLE}{}", entry(v, "كم استغرقت المحادثات", v));
    fs::write(&file, version("a")).unwrap();
    let live = Arc::new(Live::load(&file, MatcherConfig::default()).unwrap());
    let done = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let live = Arc::clone(&live);
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let mut answered = 0u32;
                while !done.load(Ordering::Relaxed) || answered == 0 {
                    let reply = live.snapshot().reply("كم استغرقت المحادثات");
                    // Every answer comes whole from one version or the other.
                    match reply.id() {
                        Some("a") => assert!(reply.text.starts_with('a')),
                        Some("b") => assert!(reply.text.starts_with('b')),
                        other => panic!("unexpected reply {other:?}: {}", reply.text),
                    }
                    answered += 1;
                }
                answered
            })
        })
        .collect();
    for i in 0..100 {
        fs::write(&file, version(if i % 2 == 0 { "b" } else { "a" })).unwrap();
        live.reload().unwrap();
    }
    done.store(true, Ordering::Relaxed);
    for r in readers {
        assert!(r.join().unwrap() > 0);
    }
}
