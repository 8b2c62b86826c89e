//! Synthetic knowledge bases and questions, for measuring the engine at
//! sizes far beyond one article's (`benches/scale.rs`, `examples/scale.rs`).
//!
//! The text is realistic enough to load the index the way real Arabic
//! does: the real knowledge base's vocabulary (so its common names are as
//! common here), words generated from Arabic letters (names and rare terms,
//! most shared by a few entries, one unique to each entry), and a question
//! word in front of every phrasing. Everything is drawn from a seeded
//! generator, so a size always gives the same knowledge base.
//!
//! ```
//! use jawab::engine::Engine;
//! use jawab::knowledge::Knowledge;
//! use jawab::matcher::MatcherConfig;
//! # let dir = env!("CARGO_MANIFEST_DIR");
//! let real = Knowledge::load(format!("{dir}/knowledge")).unwrap();
//! let kb = jawab::synth::knowledge(&real, 200, 7);
//! assert_eq!(kb.entries.len(), 200);
//! assert!(kb.entries.iter().all(|e| e.questions.len() == jawab::synth::PHRASINGS));
//! let engine = Engine::new(kb, MatcherConfig::default());
//! for q in jawab::synth::questions(engine.knowledge(), 20, 7) {
//!     let _ = engine.decide(&q);
//! }
//! ```

use crate::knowledge::{Entry, Knowledge, Location};

/// Phrasings per synthetic entry.
pub const PHRASINGS: usize = 5;

/// The question words a phrasing starts with.
const QUESTION_WORDS: &[&str] = &["متى", "كم", "من", "أين", "لماذا", "هل", "ما", "كيف", "ماذا", "شو", "امتى", "مين"];

/// Letters generated words are made of.
const LETTERS: &[char] = &[
    'ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش', 'ص', 'ض', 'ط', 'ظ', 'ع', 'غ', 'ف', 'ق', 'ك', 'ل',
    'م', 'ن', 'ه', 'و', 'ي', 'ة', 'ى', 'أ', 'إ',
];

/// SplitMix64: small, fast and good enough to draw test data.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `0..n` skewed towards 0, as word frequencies are.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * n as f64) as usize).min(n - 1)
    }

    fn pick<'a>(&mut self, list: &'a [String]) -> &'a str {
        &list[self.below(list.len())]
    }
}

fn generated_word(rng: &mut Rng) -> String {
    let len = 3 + rng.below(5);
    (0..len).map(|_| LETTERS[rng.below(LETTERS.len())]).collect()
}

/// The words of the real knowledge base, most frequent first.
fn vocabulary(base: &Knowledge) -> Vec<String> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for e in &base.entries {
        for text in e.questions.iter().chain(std::iter::once(&e.answer)) {
            for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 2) {
                *counts.entry(w).or_insert(0) += 1;
            }
        }
    }
    let mut words: Vec<(&str, usize)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    words.into_iter().map(|(w, _)| w.to_string()).collect()
}

/// A knowledge base of `entries` synthetic entries with [`PHRASINGS`]
/// phrasings each, with `base`'s article, synonyms, stop words and
/// off-topic names (so dialect rewriting works as on the real one).
pub fn knowledge(base: &Knowledge, entries: usize, seed: u64) -> Knowledge {
    let mut rng = Rng(seed);
    let vocab = vocabulary(base);
    let vocab = if vocab.is_empty() { vec!["زيارة".to_string()] } else { vocab };
    // Names and rare terms: each is shared by a few entries on average.
    let pool: Vec<String> = (0..(entries / 2).max(200)).map(|_| generated_word(&mut rng)).collect();
    let mut out = Knowledge {
        article: base.article.clone(),
        entries: Vec::with_capacity(entries),
        outside: Vec::new(),
        synonyms: base.synonyms.clone(),
        stopwords: base.stopwords.clone(),
        offtopic: base.offtopic.clone(),
        warnings: Vec::new(),
    };
    let location = Location { file: "synthetic.toml".into(), line: 1 };
    for i in 0..entries {
        // What the entry is about: a word of its own, two shared ones, and
        // a few of the article's words.
        let own = format!("{}{}", generated_word(&mut rng), LETTERS[i % LETTERS.len()]);
        let shared = [rng.pick(&pool).to_string(), rng.pick(&pool).to_string()];
        let common: Vec<&str> = (0..4).map(|_| vocab[rng.skewed(vocab.len())].as_str()).collect();
        let questions = (0..PHRASINGS)
            .map(|p| {
                let mut words = vec![QUESTION_WORDS[rng.below(QUESTION_WORDS.len())].to_string()];
                words.push(own.clone());
                if p % 2 == 0 {
                    words.push(shared[0].clone());
                }
                words.push(shared[1].clone());
                words.extend(common.iter().skip(p % 2).take(1 + p % 3).map(|w| w.to_string()));
                words.join(" ")
            })
            .collect();
        let answer: Vec<&str> = (0..15)
            .map(|k| match k {
                0 => own.as_str(),
                1 => shared[0].as_str(),
                _ => vocab[rng.skewed(vocab.len())].as_str(),
            })
            .collect();
        out.entries.push(Entry {
            id: format!("synthetic-{i}"),
            questions,
            answer: answer.join(" "),
            paragraphs: vec![1],
            tags: Vec::new(),
            related: Vec::new(),
            location: location.clone(),
            question_lines: vec![1; PHRASINGS],
        });
    }
    out
}

/// `n` questions about `kb`'s entries as users type them: a phrasing with
/// a word dropped, a letter changed or words of another entry mixed in; one
/// in five off topic (words of no entry), and one in ten made only of the
/// knowledge's most common words (whose postings are the longest to walk).
pub fn questions(kb: &Knowledge, n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed ^ 0x5EED);
    let common = common_words(kb, 40);
    (0..n)
        .map(|i| {
            if kb.entries.is_empty() || i % 5 == 4 {
                let words: Vec<String> = (0..4).map(|_| generated_word(&mut rng)).collect();
                return format!("{} {}؟", QUESTION_WORDS[rng.below(QUESTION_WORDS.len())], words.join(" "));
            }
            if i % 10 == 3 && !common.is_empty() {
                let words: Vec<&str> = (0..3 + rng.below(2)).map(|_| common[rng.below(common.len())]).collect();
                return format!("{} {}؟", QUESTION_WORDS[rng.below(QUESTION_WORDS.len())], words.join(" "));
            }
            let e = &kb.entries[rng.below(kb.entries.len())];
            let mut words: Vec<String> =
                e.questions[rng.below(e.questions.len())].split(' ').map(str::to_string).collect();
            match i % 4 {
                0 if words.len() > 2 => {
                    words.remove(1 + rng.below(words.len() - 1));
                }
                1 => {
                    let w = 1 + rng.below(words.len() - 1);
                    let mut chars: Vec<char> = words[w].chars().collect();
                    let c = rng.below(chars.len());
                    chars[c] = LETTERS[rng.below(LETTERS.len())];
                    words[w] = chars.into_iter().collect();
                }
                2 => {
                    let other = &kb.entries[rng.below(kb.entries.len())];
                    words.push(other.answer.split(' ').next().unwrap_or_default().to_string());
                }
                _ => {}
            }
            words.join(" ") + "؟"
        })
        .collect()
}

/// The `n` words the phrasings of `kb` use most, after their first (the
/// question word), most used first.
fn common_words(kb: &Knowledge, n: usize) -> Vec<&str> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for q in kb.entries.iter().flat_map(|e| &e.questions) {
        for w in q.split(' ').skip(1) {
            *counts.entry(w).or_default() += 1;
        }
    }
    let mut words: Vec<(&str, usize)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    words.into_iter().take(n).map(|(w, _)| w).collect()
}

/// `kb` as one knowledge file, for measuring the binary on it (`jawab
/// check`, `jawab ask`): the article, its synonyms, stop words and
/// off-topic names, and the entries.
pub fn to_toml(kb: &Knowledge) -> String {
    use std::fmt::Write as _;
    let quote = |s: &str| toml_edit::Value::from(s).to_string();
    let list = |items: &[String]| items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", ");
    let mut out = String::new();
    let a = &kb.article;
    let _ = writeln!(out, "stopwords = [{}]", list(&kb.stopwords));
    let _ = writeln!(out, "offtopic = [{}]", list(&kb.offtopic));
    let _ = writeln!(
        out,
        "\n[article]\ntitle = {}\nsource = {}\nparagraphs = {}",
        quote(&a.title),
        quote(&a.source),
        a.paragraphs
    );
    for s in &kb.synonyms {
        let _ = writeln!(out, "\n[[synonym]]\ncanonical = {}\nvariants = [{}]", quote(&s.canonical), list(&s.variants));
    }
    for e in &kb.entries {
        let paragraphs = e.paragraphs.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
        let _ = writeln!(
            out,
            "\n[[entry]]\nid = {}\nquestions = [{}]\nanswer = {}\nparagraph = [{paragraphs}]",
            quote(&e.id),
            list(&e.questions),
            quote(&e.answer)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Knowledge {
        Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap()
    }

    #[test]
    fn the_toml_file_loads_back_as_the_same_knowledge() {
        let kb = knowledge(&base(), 50, 3);
        let back = Knowledge::from_str(&to_toml(&kb), "synthetic.toml").unwrap();
        assert_eq!(back.entries.len(), 50);
        for (a, b) in kb.entries.iter().zip(&back.entries) {
            assert_eq!(
                (&a.id, &a.questions, &a.answer, &a.paragraphs),
                (&b.id, &b.questions, &b.answer, &b.paragraphs)
            );
        }
        assert_eq!(back.synonyms.len(), kb.synonyms.len());
    }

    #[test]
    fn same_seed_same_knowledge_and_ids_unique() {
        let b = base();
        let (x, y) = (knowledge(&b, 300, 1), knowledge(&b, 300, 1));
        assert_eq!(
            x.entries.iter().map(|e| &e.questions).collect::<Vec<_>>(),
            y.entries.iter().map(|e| &e.questions).collect::<Vec<_>>()
        );
        let ids: std::collections::HashSet<&str> = x.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), 300);
        assert_ne!(knowledge(&b, 300, 2).entries[0].questions, x.entries[0].questions);
    }

    #[test]
    fn most_questions_find_their_entry() {
        // The synthetic questions must exercise real matching, not only
        // misses: most on-topic ones reach an entry.
        let kb = knowledge(&base(), 500, 3);
        let engine = crate::engine::Engine::new(kb, crate::matcher::MatcherConfig::default());
        let qs = questions(engine.knowledge(), 200, 3);
        let found = qs.iter().filter(|q| !matches!(engine.decide(q), crate::matcher::Decision::NoMatch { .. })).count();
        assert!(found > 100, "only {found} of 200 found an entry");
    }
}
