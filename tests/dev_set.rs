//! Accuracy on the labelled question sets in `tests/data/`.
//!
//! `dev.tsv` is the development set: the matcher's weights and thresholds
//! were chosen on it, so it gates the test suite. `holdout.tsv` was written
//! by someone who saw neither the knowledge base nor the development set,
//! and nothing was fitted on it (it has decided which changes were kept):
//! its figures estimate accuracy on questions nobody has seen, and its gate
//! only catches a collapse. `curator.tsv` was written by a curator who saw
//! neither of the other two; the confidence calibration is fitted on it
//! together with `dev.tsv`. `fresh.tsv` was written last, from the article
//! alone, and was measured only after the changes it reports on had been
//! chosen.

use jawab::engine::Engine;
use jawab::eval::{self, Report};
use jawab::matcher::MatcherConfig;

/// The issue asks for 95% on both, on the development set: it meets both
/// (191/201 right answers, 83/83 rejections), so its floors are the issue's
/// 95% and 98% rejections (one miss allowed). The other floors are their sets'
/// measured figures, so any regression fails the suite; raise them as the
/// engine improves.
const DEV_MIN_ACCURACY: f64 = 0.95;
const DEV_MIN_REJECTION: f64 = 0.98;
const HOLDOUT_MIN_ACCURACY: f64 = 0.95;
const HOLDOUT_MIN_REJECTION: f64 = 0.96;
const CURATOR_MIN_ACCURACY: f64 = 0.95;
const CURATOR_MIN_REJECTION: f64 = 0.98;
const FRESH_MIN_ACCURACY: f64 = 0.93;
/// One question below 0.1.0's 56/60: the dialect phrasings of this
/// version cost one refusal here.
const FRESH_MIN_REJECTION: f64 = 0.91;

fn run(set: &str) -> Report {
    let dir = env!("CARGO_MANIFEST_DIR");
    let engine = Engine::load(format!("{dir}/knowledge"), MatcherConfig::default()).expect("knowledge loads");
    let path = format!("{dir}/tests/data/{set}");
    let text = std::fs::read_to_string(&path).expect("set is readable");
    let cases = eval::parse(&text, &path).expect("set parses");
    let report = eval::run(&engine, &cases);
    println!("{set}:\n{}", report.render());
    assert!(report.unknown_ids.is_empty(), "{set} names unknown ids: {:?}", report.unknown_ids);
    report
}

#[test]
fn dev_set_is_big_and_varied_enough() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{dir}/tests/data/dev.tsv")).unwrap();
    let cases = eval::parse(&text, "dev.tsv").unwrap();
    let rejects = cases.iter().filter(|c| c.expected == eval::Expected::Reject).count();
    assert!(cases.len() - rejects >= 150, "answerable: {}", cases.len() - rejects);
    assert!(rejects >= 50, "must-not-match: {rejects}");
    // Arabic-Indic digits, diacritics and dialect forms are all represented.
    assert!(cases.iter().any(|c| c.question.chars().any(|ch| ('٠'..='٩').contains(&ch))));
    assert!(cases.iter().any(|c| c.question.chars().any(|ch| ('\u{064B}'..='\u{0652}').contains(&ch))));
    for dialect in ["شو", "إيه", "وش", "شنو", "مين", "ليش"] {
        assert!(
            cases.iter().any(|c| c.question.split_whitespace().any(|w| w.trim_matches('؟') == dialect)),
            "{dialect}"
        );
    }
}

/// Fails when a set's right answers or correct rejections fall below its floors.
fn gate(set: &str, min_accuracy: f64, min_rejection: f64) {
    let r = run(set);
    assert!(r.accuracy() >= min_accuracy, "{set} accuracy {:.3}", r.accuracy());
    assert!(r.rejection_rate() >= min_rejection, "{set} rejection {:.3}", r.rejection_rate());
}

#[test]
fn dev_set_accuracy() {
    gate("dev.tsv", DEV_MIN_ACCURACY, DEV_MIN_REJECTION);
}

#[test]
fn holdout_set_accuracy() {
    gate("holdout.tsv", HOLDOUT_MIN_ACCURACY, HOLDOUT_MIN_REJECTION);
}

#[test]
fn curator_set_accuracy() {
    gate("curator.tsv", CURATOR_MIN_ACCURACY, CURATOR_MIN_REJECTION);
}

#[test]
fn fresh_set_accuracy() {
    gate("fresh.tsv", FRESH_MIN_ACCURACY, FRESH_MIN_REJECTION);
}

/// The frozen sets (`tests/data/frozen/`) are measured, never tuned on:
/// their checksums, written when they were, must still hold, and every set
/// there must be listed.
#[test]
fn the_frozen_sets_are_unchanged() {
    use sha2::{Digest, Sha256};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/frozen");
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).expect("SHA256SUMS");
    let mut listed = Vec::new();
    for line in sums.lines().filter(|l| !l.trim().is_empty()) {
        let (hash, file) = line.split_once("  ").expect("sha256sum's format: <hash>  <file>");
        let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let got: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(got, hash, "{file} changed after it was frozen");
        listed.push(file.to_string());
    }
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tsv"))
        .collect();
    present.sort();
    listed.sort();
    assert_eq!(present, listed, "every frozen set has a checksum");
    assert!(listed.len() >= 8);
}

/// A multi-group set's figures per group, against floors (group, right
/// answers, rejections), and the whole set's against `all`; every group of
/// the set must have a floor.
fn gate_groups(dir: &str, all: (f64, f64), floors: &[(&str, f64, f64)]) {
    let root = env!("CARGO_MANIFEST_DIR");
    let engine = Engine::load(format!("{root}/knowledge"), MatcherConfig::default()).expect("knowledge loads");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(format!("{root}/tests/data/{dir}")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "tsv") {
            let text = std::fs::read_to_string(&path).unwrap();
            cases.extend(eval::parse(&text, &path.display().to_string()).expect("set parses"));
        }
    }
    let report = eval::run(&engine, &cases);
    // The figures only: these sets' misses are not for reading.
    println!("{dir}:\n{}", report.summary());
    assert!(report.unknown_ids.is_empty(), "{dir} names unknown ids: {:?}", report.unknown_ids);
    let groups: Vec<&String> = report.groups.keys().collect();
    assert_eq!(groups, floors.iter().map(|f| f.0).collect::<Vec<_>>(), "every group has a floor");
    assert!(report.accuracy() >= all.0, "{dir} right answers {:.3}", report.accuracy());
    assert!(report.rejection_rate() >= all.1, "{dir} rejections {:.3}", report.rejection_rate());
    for &(group, accuracy, rejection) in floors {
        let t = &report.groups[group];
        assert!(t.accuracy() >= accuracy, "{dir}/{group} right answers {:.3}", t.accuracy());
        assert!(t.rejection_rate() >= rejection, "{dir}/{group} rejections {:.3}", t.rejection_rate());
    }
}

/// The dialect development sets (`tests/data/dialect-dev/`, eight rounds,
/// some covering only some groups, with Arabizi sets up to `arabizi-9`),
/// tuned on: floors at their measured figures, rounded down (a group at
/// 100% gets 0.99).
#[test]
fn dialect_development_sets() {
    gate_groups(
        "dialect-dev",
        (0.974, 0.992),
        &[
            ("arabizi", 0.94, 0.98),
            ("egyptian", 0.98, 0.99),
            ("gulf", 0.98, 0.98),
            ("iraqi", 0.98, 0.99),
            ("levantine", 0.98, 0.99),
            ("maghrebi", 0.97, 0.99),
            ("msa", 0.97, 0.99),
            ("sudanese-yemeni", 0.97, 0.99),
        ],
    );
}

/// The frozen sets (`tests/data/frozen/`, all rounds), measured only. Their
/// misses are not read, so a floor must not make a change hinge on one
/// question: the whole set's floors sit three answers and one refusal under
/// its measured figures (95.4% and 97.2% of 3,466 + 1,026), each group's two
/// or more questions below its own.
#[test]
fn frozen_sets() {
    gate_groups(
        "frozen",
        (0.953, 0.969),
        &[
            ("arabizi", 0.87, 0.95),
            ("egyptian", 0.94, 0.93),
            ("gulf", 0.96, 0.94),
            ("iraqi", 0.95, 0.96),
            ("levantine", 0.96, 0.95),
            ("maghrebi", 0.96, 0.96),
            ("msa", 0.95, 0.94),
            ("sudanese-yemeni", 0.97, 0.96),
        ],
    );
}
