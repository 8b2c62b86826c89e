//! The knowledge base states the article's facts in its own words: no answer
//! repeats six or more consecutive words of the article.
//!
//! The article is not part of the repository; the test reads it from
//! `JAWAB_ARTICLE` or `../shared/article.txt` and says so when neither exists.

use std::collections::HashSet;

use jawab::knowledge::Knowledge;
use jawab::language::normalize::normalize;

const RUN: usize = 6;

#[test]
fn answers_do_not_copy_the_article() {
    let path = std::env::var("JAWAB_ARTICLE")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/article.txt").to_string());
    let Ok(article) = std::fs::read_to_string(&path) else {
        eprintln!("note: no article at {path}; skipping the copied-wording check");
        return;
    };
    let kb = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
    assert_eq!(article.lines().filter(|l| !l.trim().is_empty()).count() as u32, kb.article.paragraphs);
    let words: Vec<String> = normalize(&article).split(' ').map(str::to_string).collect();
    let runs: HashSet<&[String]> = words.windows(RUN).collect();
    for e in &kb.entries {
        let answer: Vec<String> = normalize(&e.answer).split(' ').map(str::to_string).collect();
        for w in answer.windows(RUN) {
            assert!(!runs.contains(w), "entry {:?} copies the article: {}", e.id, w.join(" "));
        }
    }
}
