//! Loading and validating knowledge bases: every problem kind is reported
//! with its file and line, and the real knowledge base is sound.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use jawab::knowledge::{Knowledge, LoadError, MAX_ANSWER_CHARS};
use jawab::language::normalize::normalize;

const NAME: &str = "kb.toml";

const ARTICLE: &str = "[article]\ntitle = \"زيارة الأسد إلى موسكو\"\nparagraphs = 11\n";

/// Four phrasings, so that no warning is given.
const QUESTIONS: &str =
    r#"questions = ["كم استغرقت المحادثات؟", "كم ساعة دام اللقاء؟", "ما مدة المباحثات؟", "قديش طولت المحادثات؟"]"#;

fn real_knowledge() -> Knowledge {
    Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).expect("the real knowledge base loads")
}

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The problems of an invalid text; panics if it loads or fails otherwise.
fn problems(text: &str) -> Vec<String> {
    match Knowledge::from_str(text, NAME) {
        Ok(kb) => panic!("expected problems, but it loaded with {} entries:\n{text}", kb.entries.len()),
        Err(e @ LoadError::Invalid(_)) => e.problems(),
        Err(e) => panic!("expected LoadError::Invalid, got {e:?}"),
    }
}

/// Asserts that a problem at `name:line:` mentions every one of `words`.
fn assert_problem(problems: &[String], name: &str, line: usize, words: &[&str]) {
    let prefix = format!("{name}:{line}:");
    assert!(
        problems.iter().any(|p| p.starts_with(&prefix) && words.iter().all(|w| p.contains(w))),
        "no problem at {prefix} mentioning {words:?}; got:\n{}",
        problems.join("\n")
    );
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} not in the text")) + 1
}

/// The 1-based line of the last line of `text` containing `needle`.
fn last_line_of(text: &str, needle: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    lines.iter().rposition(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} not in the text")) + 1
}

/// A valid entry with this id and a first question, and four phrasings.
fn entry(id: &str, first: &str) -> String {
    format!(
        "[[entry]]\nid = \"{id}\"\nquestions = [\"{first}\", \"{first} أولا\", \"{first} ثانيا\", \"{first} ثالثا\"]\nanswer = \"جواب {id}\"\nparagraph = 1\n"
    )
}

// ---------------------------------------------------------------- baseline

#[test]
fn a_valid_text_loads_without_problems_or_warnings() {
    let text = format!(
        "{ARTICLE}\n[[entry]]\nid = \"talks\"\n{QUESTIONS}\nanswer = \"نحو ثلاث ساعات.\"\nparagraph = [4, 5]\ntags = [\"الزيارة\"]\n"
    );
    let kb = Knowledge::from_str(&text, NAME).expect("valid");
    assert_eq!(kb.entries.len(), 1);
    assert_eq!(kb.article.paragraphs, 11);
    let e = kb.entry("talks").expect("the entry");
    assert_eq!(e.questions.len(), 4);
    assert_eq!(e.paragraphs, vec![4, 5]);
    assert_eq!(e.location.line, line_of(&text, "[[entry]]"));
    assert!(kb.warnings.is_empty(), "{:?}", kb.warnings);
}

// ---------------------------------------------------------------- each problem kind

#[test]
fn toml_syntax_error_names_its_line() {
    let text = format!("{ARTICLE}\n[[entry]]\nid = \"talks\"\nanswer = \"never closed\nparagraph = 1\n");
    let p = problems(&text);
    assert_problem(&p, NAME, line_of(&text, "never closed"), &["toml"]);
}

#[test]
fn unknown_field_is_an_error() {
    let text = format!(
        "{ARTICLE}\n[[entry]]\nid = \"talks\"\n{QUESTIONS}\nanswer = \"ساعات\"\nparagraph = 1\nanwser = \"typo\"\n"
    );
    assert_problem(&problems(&text), NAME, line_of(&text, "anwser"), &["unknown field", "anwser"]);
}

#[test]
fn every_problem_names_its_file() {
    // A file that cannot be parsed must not cause follow-on problems
    // without a file name (such as ":1: no [article] table").
    let text = format!("{ARTICLE}\n[[entry]]\nid = \"talks\"\nanswer = \"never closed\nparagraph = 1\n");
    let p = problems(&text);
    let prefix = format!("{NAME}:");
    assert!(p.iter().any(|p| p.contains("toml:")), "{p:?}");
    assert!(p.iter().all(|p| p.starts_with(&prefix)), "problems without the file name:\n{}", p.join("\n"));

    // An article but no entry at all.
    let p = problems(ARTICLE);
    assert!(p.iter().any(|p| p.contains("no entries")), "{p:?}");
    assert!(p.iter().all(|p| p.starts_with(&prefix)), "problems without the file name:\n{}", p.join("\n"));
}

#[test]
fn missing_id_is_an_error() {
    let text = format!("{ARTICLE}\n[[entry]]\n{QUESTIONS}\nanswer = \"ساعات\"\nparagraph = 1\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "[[entry]]"), &["no id"]);
}

#[test]
fn missing_questions_is_an_error() {
    let text = format!("{ARTICLE}\n[[entry]]\nid = \"talks\"\nanswer = \"ساعات\"\nparagraph = 1\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "[[entry]]"), &["\"talks\"", "no questions"]);
}

#[test]
fn empty_questions_list_is_an_error() {
    let text = format!("{ARTICLE}\n[[entry]]\nid = \"talks\"\nquestions = []\nanswer = \"ساعات\"\nparagraph = 1\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "questions"), &["\"talks\"", "no questions"]);
}

#[test]
fn missing_answer_is_an_error() {
    let text = format!("{ARTICLE}\n[[entry]]\nid = \"talks\"\n{QUESTIONS}\nparagraph = 1\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "[[entry]]"), &["\"talks\"", "no answer"]);
}

#[test]
fn missing_paragraph_is_an_error() {
    let text = format!("{ARTICLE}\n[[entry]]\nid = \"talks\"\n{QUESTIONS}\nanswer = \"ساعات\"\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "[[entry]]"), &["\"talks\"", "no paragraph"]);
}

#[test]
fn id_with_bad_characters_is_an_error() {
    for bad in ["Talks", "talks duration", "talks_duration", "مدة"] {
        let text = format!("{ARTICLE}\n[[entry]]\nid = \"{bad}\"\n{QUESTIONS}\nanswer = \"ساعات\"\nparagraph = 1\n");
        assert_problem(&problems(&text), NAME, line_of(&text, "id ="), &[bad, "lowercase"]);
    }
}

#[test]
fn duplicate_ids_across_files_name_the_first_location() {
    let first = format!("{ARTICLE}\n{}", entry("talks", "كم استغرقت المحادثات"));
    let second = format!("# another file\n{}", entry("talks", "متى وصل الأسد"));
    let sources = vec![
        (PathBuf::from("a.toml"), first.clone().into_bytes()),
        (PathBuf::from("b.toml"), second.clone().into_bytes()),
    ];
    let err = Knowledge::from_sources(&sources).expect_err("duplicate id");
    let p = err.problems();
    let first_at = format!("a.toml:{}", line_of(&first, "[[entry]]"));
    assert_problem(&p, "b.toml", line_of(&second, "[[entry]]"), &["duplicate id", "\"talks\"", &first_at]);
}

#[test]
fn duplicate_ids_in_one_file_point_at_the_second_entry() {
    let text = format!("{ARTICLE}\n{}\n{}", entry("talks", "كم استغرقت المحادثات"), entry("talks", "متى وصل الأسد"));
    let p = problems(&text);
    let headers: Vec<usize> =
        text.lines().enumerate().filter(|(_, l)| l.starts_with("[[entry]]")).map(|(i, _)| i + 1).collect();
    assert_eq!(headers.len(), 2);
    let first_at = format!("{NAME}:{}", headers[0]);
    assert_problem(&p, NAME, headers[1], &["duplicate id", "\"talks\"", &first_at]);
}

#[test]
fn each_entry_problem_is_reported_at_its_own_entry() {
    // Entry-level problems (no id, no answer, paragraph beyond the article…)
    // must name the line of that entry's own [[entry]] header.
    let text = format!(
        "{ARTICLE}\n{}\n{}\n[[entry]]\nid = \"third\"\n{QUESTIONS}\nparagraph = 1\n",
        entry("first", "سؤال اول"),
        entry("second", "سؤال ثان").replace("paragraph = 1", "paragraph = 12"),
    );
    let p = problems(&text);
    let headers: Vec<usize> =
        text.lines().enumerate().filter(|(_, l)| l.starts_with("[[entry]]")).map(|(i, _)| i + 1).collect();
    assert_problem(&p, NAME, headers[1], &["\"second\"", "paragraph 12", "11 paragraphs"]);
    assert_problem(&p, NAME, headers[2], &["\"third\"", "no answer"]);
}

#[test]
fn empty_answer_is_an_error() {
    let text = format!("{ARTICLE}\n[[entry]]\nid = \"talks\"\n{QUESTIONS}\nanswer = \"   \"\nparagraph = 1\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "answer ="), &["\"talks\"", "empty answer"]);
}

#[test]
fn answer_over_the_telegram_limit_is_an_error() {
    let long = "ب".repeat(MAX_ANSWER_CHARS + 1);
    let text = format!("{ARTICLE}\n[[entry]]\nid = \"talks\"\n{QUESTIONS}\nanswer = \"{long}\"\nparagraph = 1\n");
    assert_problem(
        &problems(&text),
        NAME,
        line_of(&text, "answer ="),
        &["\"talks\"", &(MAX_ANSWER_CHARS + 1).to_string()],
    );

    // Exactly at the limit is fine: the limit counts characters, not bytes.
    let fits = "ب".repeat(MAX_ANSWER_CHARS);
    let text = format!("{ARTICLE}\n[[entry]]\nid = \"talks\"\n{QUESTIONS}\nanswer = \"{fits}\"\nparagraph = 1\n");
    Knowledge::from_str(&text, NAME).expect("an answer of exactly the limit loads");
}

#[test]
fn paragraph_zero_is_an_error() {
    let text = format!("{ARTICLE}\n[[entry]]\nid = \"talks\"\n{QUESTIONS}\nanswer = \"ساعات\"\nparagraph = 0\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "paragraph ="), &["\"talks\"", "paragraph 0"]);
    let text = format!("{ARTICLE}\n[[entry]]\nid = \"talks\"\n{QUESTIONS}\nanswer = \"ساعات\"\nparagraph = [2, -1]\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "paragraph ="), &["\"talks\"", "paragraph -1"]);
}

#[test]
fn paragraph_beyond_the_article_is_an_error() {
    let text = format!("{ARTICLE}\n[[entry]]\nid = \"talks\"\n{QUESTIONS}\nanswer = \"ساعات\"\nparagraph = [3, 12]\n");
    assert_problem(
        &problems(&text),
        NAME,
        line_of(&text, "[[entry]]"),
        &["\"talks\"", "paragraph 12", "11 paragraphs"],
    );
    // The last paragraph itself is fine.
    let text = text.replace("[3, 12]", "[3, 11]");
    Knowledge::from_str(&text, NAME).expect("paragraph 11 of 11 loads");
}

#[test]
fn the_same_phrasing_in_two_entries_is_an_error() {
    // Differs only by hamza, diacritics and punctuation: still the same phrasing.
    let text = format!(
        "{ARTICLE}\n{}\n[[entry]]\nid = \"second\"\nquestions = [\"متى وصل الرئيس\", \"كَمْ اسْتَغْرَقَتِ المُحادَثاتُ!!\", \"سؤال آخر\", \"سؤال رابع\"]\nanswer = \"ج\"\nparagraph = 1\n",
        entry("first", "كم إستغرقت المحادثات؟")
    );
    let p = problems(&text);
    let first_at = format!("{NAME}:{}", line_of(&text, "questions"));
    let dup_line = last_line_of(&text, "اسْتَغْرَقَتِ");
    assert_problem(&p, NAME, dup_line, &["same phrasing", "\"second\"", "\"first\"", &first_at]);
}

#[test]
fn unknown_related_id_is_an_error() {
    let text = format!("{ARTICLE}\n{}related = [\"nowhere\"]\n", entry("talks", "كم استغرقت المحادثات"));
    assert_problem(&problems(&text), NAME, line_of(&text, "related"), &["\"talks\"", "unknown related", "\"nowhere\""]);
}

#[test]
fn known_related_id_is_fine() {
    let text = format!(
        "{ARTICLE}\n{}related = [\"place\"]\n\n{}",
        entry("talks", "كم استغرقت المحادثات"),
        entry("place", "اين جرت الزيارة")
    );
    let kb = Knowledge::from_str(&text, NAME).expect("a forward reference to a later entry is fine");
    assert_eq!(kb.entry("talks").unwrap().related, vec!["place".to_string()]);
}

#[test]
fn entry_relating_to_itself_is_an_error() {
    let text = format!("{ARTICLE}\n{}related = [\"talks\"]\n", entry("talks", "كم استغرقت المحادثات"));
    assert_problem(&problems(&text), NAME, line_of(&text, "related"), &["\"talks\"", "itself"]);
}

#[test]
fn missing_article_is_an_error() {
    let text = format!("# no article here\n\n{}", entry("talks", "كم استغرقت المحادثات"));
    assert_problem(&problems(&text), NAME, 1, &["[article]"]);
}

#[test]
fn article_given_twice_is_an_error() {
    let a = format!("{ARTICLE}\n{}", entry("talks", "كم استغرقت المحادثات"));
    let b = format!("# again\n{ARTICLE}");
    let sources = vec![(PathBuf::from("a.toml"), a.into_bytes()), (PathBuf::from("b.toml"), b.clone().into_bytes())];
    let p = Knowledge::from_sources(&sources).expect_err("two articles").problems();
    assert_problem(&p, "b.toml", line_of(&b, "[article]"), &["[article]", "a.toml:1"]);
}

#[test]
fn invalid_utf8_is_an_error_at_its_line() {
    let mut bytes = format!("{ARTICLE}\n[[entry]]\nid = \"talks\"\nanswer = \"").into_bytes();
    let line = String::from_utf8(bytes.clone()).unwrap().lines().count();
    bytes.extend_from_slice(b"\xff\xfe\"\nparagraph = 1\n");
    let err = Knowledge::from_sources(&[(PathBuf::from(NAME), bytes)]).expect_err("invalid utf-8");
    assert!(matches!(err, LoadError::Invalid(_)), "{err:?}");
    assert_problem(&err.problems(), NAME, line, &["utf-8"]);
}

#[test]
fn an_empty_directory_is_load_error_empty() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not knowledge").unwrap();
    match Knowledge::load(dir.path()) {
        Err(LoadError::Empty(p)) => assert_eq!(p, dir.path()),
        other => panic!("expected LoadError::Empty, got {other:?}"),
    }
}

#[test]
fn a_nonexistent_path_is_load_error_io() {
    let dir = tempfile::TempDir::new().unwrap();
    let missing = dir.path().join("missing");
    let err = Knowledge::load(&missing).expect_err("nothing there");
    match &err {
        LoadError::Io { path, .. } => assert_eq!(path, &missing),
        other => panic!("expected LoadError::Io, got {other:?}"),
    }
    let p = err.problems();
    assert_eq!(p.len(), 1);
    assert!(p[0].contains(&missing.display().to_string()), "{p:?}");
}

#[test]
fn a_directory_is_read_as_its_toml_files_in_name_order() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(dir.path().join("b.toml"), entry("second", "متى وصل الأسد")).unwrap();
    std::fs::write(dir.path().join("a.toml"), format!("{ARTICLE}\n{}", entry("first", "كم استغرقت المحادثات")))
        .unwrap();
    std::fs::write(dir.path().join("ignored.txt"), "[[entry]]\nnot toml at all = = =").unwrap();
    let kb = Knowledge::load(dir.path()).expect("valid directory");
    let ids: Vec<&str> = kb.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["first", "second"]);
    assert_eq!(kb.entries[1].location.file, dir.path().join("b.toml"));
}

// ---------------------------------------------------------------- all at once, warnings, lexicon

#[test]
fn all_problems_of_a_file_are_reported_at_once() {
    let text = format!(
        "{ARTICLE}
[[entry]]
id = \"Bad Id\"
{QUESTIONS}
answer = \"ج\"
paragraph = 0

[[entry]]
id = \"empty-answer\"
questions = [\"متى وصل الأسد\", \"متى وصل الرئيس السوري\", \"ما موعد الوصول\", \"وقت الوصول\"]
answer = \"\"
paragraph = 1
related = [\"nowhere\"]
"
    );
    let p = problems(&text);
    assert_problem(&p, NAME, line_of(&text, "Bad Id"), &["lowercase"]);
    assert_problem(&p, NAME, line_of(&text, "paragraph = 0"), &["paragraph 0"]);
    assert_problem(&p, NAME, line_of(&text, "answer = \"\""), &["\"empty-answer\"", "empty answer"]);
    assert_problem(&p, NAME, line_of(&text, "nowhere"), &["unknown related", "\"nowhere\""]);
    assert_eq!(p.len(), 4, "{p:#?}");
    // Sorted by line.
    let lines: Vec<usize> = p.iter().map(|p| p.split(':').nth(1).unwrap().parse().unwrap()).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
}

#[test]
fn problems_of_several_files_are_all_reported() {
    let a = format!("{ARTICLE}\n[[entry]]\nid = \"a\"\n{QUESTIONS}\nanswer = \"ج\"\nparagraph = 0\n");
    let b = "[[entry]]\nid = \"b\"\nquestions = [\"متى وصل الأسد\"]\nparagraph = 1\n".to_string();
    let sources =
        vec![(PathBuf::from("a.toml"), a.clone().into_bytes()), (PathBuf::from("b.toml"), b.clone().into_bytes())];
    let p = Knowledge::from_sources(&sources).expect_err("problems in both").problems();
    assert_problem(&p, "a.toml", line_of(&a, "paragraph = 0"), &["paragraph 0"]);
    assert_problem(&p, "b.toml", line_of(&b, "[[entry]]"), &["\"b\"", "no answer"]);
}

#[test]
fn few_questions_load_with_a_warning() {
    let text = format!(
        "{ARTICLE}\n[[entry]]\nid = \"talks\"\nquestions = [\"كم استغرقت المحادثات؟\", \"ما مدة المباحثات؟\"]\nanswer = \"ساعات\"\nparagraph = 1\n"
    );
    let kb = Knowledge::from_str(&text, NAME).expect("few questions are only a warning");
    assert_eq!(kb.entries.len(), 1);
    let warnings: Vec<String> = kb.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_problem(&warnings, NAME, line_of(&text, "questions"), &["\"talks\"", "2 question"]);
}

#[test]
fn a_multi_word_stopword_is_dropped_whole() {
    let text = format!(
        "stopwords = [\"من فضلك\", \"لو سمحت\", \"في\"]\n\n{ARTICLE}\n{}",
        entry("talks", "كم استغرقت المحادثات")
    );
    let kb = Knowledge::from_str(&text, NAME).expect("valid");
    assert!(kb.stopwords.iter().any(|s| s == "من فضلك"), "{:?}", kb.stopwords);
    let lex = kb.lexicon();
    // «في» is a stop word of its own; «سمحت», alone, is no stop word just
    // because a phrase holds it.
    assert_eq!(lex.analyze("في").tokens[0].kind, jawab::language::Kind::Stop);
    assert_eq!(lex.analyze("سمحت").tokens[0].kind, jawab::language::Kind::Content);
    // The phrase goes as one: its «من» ("please") does not make the question ask "who".
    let a = lex.analyze("من فضلك كم استغرقت المحادثات");
    assert_eq!(a.qtype, Some(jawab::language::QuestionType::HowMuch));
    assert_eq!(a.tokens.len(), 3, "{:?}", a.tokens);
}

#[test]
fn a_stopword_without_letters_is_an_error() {
    let text = format!("stopwords = [\"في\", \"؟!\"]\n\n{ARTICLE}\n{}", entry("talks", "كم استغرقت المحادثات"));
    assert_problem(&problems(&text), NAME, 1, &["stopword", "no letters"]);
}

#[test]
fn a_variant_of_two_canonicals_is_an_error() {
    let text = format!(
        "{ARTICLE}\n{}\n[[synonym]]\ncanonical = \"قطار\"\nvariants = [\"ترين\", \"قاطرة\"]\n\n[[synonym]]\ncanonical = \"سيارة\"\nvariants = [\"عربية\", \"ترين\"]\n",
        entry("talks", "كم استغرقت المحادثات")
    );
    let p = problems(&text);
    let second = last_line_of(&text, "[[synonym]]");
    let first = line_of(&text, "[[synonym]]");
    assert_problem(&p, NAME, second, &["\"ترين\"", "\"قطار\"", "\"سيارة\"", &format!("{NAME}:{first}")]);
}

/// The language's own tables count too: a knowledge base cannot give a
/// variant of theirs another meaning.
#[test]
fn a_variant_of_the_language_tables_cannot_mean_something_else() {
    let lang = jawab::language::data::arabic();
    let how = lang.synonyms.iter().find(|s| s.canonical == "كيف" && s.variants.iter().any(|v| v == "شلون")).unwrap();
    let text = format!(
        "{ARTICLE}\n{}\n[[synonym]]\ncanonical = \"ماذا\"\nvariants = [\"شو\", \"شلون\"]\n",
        entry("talks", "كم استغرقت المحادثات")
    );
    let at = format!("{}:{}", how.file, how.line);
    assert_problem(&problems(&text), NAME, line_of(&text, "[[synonym]]"), &["\"شلون\"", "\"كيف\"", "\"ماذا\"", &at]);
}

#[test]
fn the_same_variant_for_the_same_canonical_is_fine() {
    let text = format!(
        "{ARTICLE}\n{}\n[[synonym]]\ncanonical = \"كيف\"\nvariants = [\"شلون\"]\n\n[[synonym]]\ncanonical = \"كَيْف\"\nvariants = [\"شلون\", \"كيفاش\"]\n",
        entry("talks", "كم استغرقت المحادثات")
    );
    let kb = Knowledge::from_str(&text, NAME).expect("same canonical after normalisation");
    assert_eq!(kb.synonyms.len(), 2);
}

// ---------------------------------------------------------------- the real knowledge base

#[test]
fn real_knowledge_loads_without_warnings() {
    let kb = real_knowledge();
    let warnings: Vec<String> = kb.warnings.iter().map(|w| w.to_string()).collect();
    assert!(warnings.is_empty(), "warnings:\n{}", warnings.join("\n"));
    assert!(kb.article.paragraphs >= 1);
    assert!(!kb.article.title.trim().is_empty());
}

#[test]
fn real_knowledge_has_at_least_35_entries() {
    let kb = real_knowledge();
    assert!(kb.entries.len() >= 35, "only {} entries", kb.entries.len());
}

#[test]
fn every_real_entry_is_complete() {
    let kb = real_knowledge();
    let n = kb.article.paragraphs;
    for e in &kb.entries {
        let at = &e.location;
        assert!(e.questions.len() >= 4, "{at}: {} has {} questions", e.id, e.questions.len());
        assert!(!e.answer.trim().is_empty(), "{at}: {} has an empty answer", e.id);
        assert!(e.answer.chars().count() <= MAX_ANSWER_CHARS, "{at}: {} answer too long", e.id);
        assert!(!e.paragraphs.is_empty(), "{at}: {} cites no paragraph", e.id);
        for &p in &e.paragraphs {
            assert!((1..=n).contains(&p), "{at}: {} cites paragraph {p} of {n}", e.id);
        }
        assert!(!e.tags.is_empty(), "{at}: {} has no tag", e.id);
        assert!(e.tags.iter().all(|t| !t.trim().is_empty()), "{at}: {} has an empty tag", e.id);
    }
}

/// (line, question, expected ids) of a labelled set; `-` lines have no ids.
fn labelled(name: &str) -> Vec<(usize, String, Vec<String>)> {
    // The labels' own parser: the same lines `jawab eval` reads.
    let cases = jawab::eval::parse(&data(name), name).unwrap_or_else(|e| panic!("{e}"));
    let out: Vec<(usize, String, Vec<String>)> = cases
        .into_iter()
        .map(|c| {
            let ids = match c.expected {
                jawab::eval::Expected::Entry(ids) => ids,
                jawab::eval::Expected::Reject => Vec::new(),
            };
            (c.line, c.question, ids)
        })
        .collect();
    assert!(out.len() > 50, "{name} has only {} questions", out.len());
    out
}

/// Every labelled set in `tests/data/` and its folders, by path below it.
fn labelled_sets() -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "tsv") {
                out.push(path.strip_prefix(base).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
    out.sort();
    assert!(out.len() >= 12, "{out:?}");
    out
}

#[test]
fn every_id_of_the_labelled_sets_exists() {
    let kb = real_knowledge();
    let mut unknown = Vec::new();
    for set in labelled_sets() {
        for (line, _, ids) in labelled(&set) {
            for id in ids {
                if kb.entry(&id).is_none() {
                    unknown.push(format!("{set}:{line}: {id}"));
                }
            }
        }
    }
    assert!(unknown.is_empty(), "unknown ids:\n{}", unknown.join("\n"));
}

#[test]
fn the_test_sets_stay_unseen_by_the_knowledge_base() {
    let kb = real_knowledge();
    let mut phrasings: HashSet<String> = HashSet::new();
    let outside = kb.outside.iter().flat_map(|g| &g.questions);
    for q in kb.entries.iter().flat_map(|e| &e.questions).chain(outside) {
        phrasings.insert(normalize(q));
    }
    let mut leaked = Vec::new();
    for set in labelled_sets() {
        for (line, q, _) in labelled(&set) {
            if phrasings.contains(&normalize(&q)) {
                leaked.push(format!("{set}:{line}: {q}"));
            }
        }
    }
    assert!(
        leaked.is_empty(),
        "questions of the test sets that are phrasings of the knowledge base:\n{}",
        leaked.join("\n")
    );
}

// ---------------------------------------------------------------- outside groups

const OUTSIDE: &str = "[[outside]]\nid = \"putin-personal\"\nquestions = [\"كم عمر بوتين؟\", \"مين زوجة بوتين؟\"]\n";

#[test]
fn outside_groups_load_with_their_lines() {
    let text = format!("{ARTICLE}\n{}\n{OUTSIDE}", entry("talks", "كم استغرقت المحادثات"));
    let kb = Knowledge::from_str(&text, NAME).expect("valid");
    assert_eq!(kb.entries.len(), 1);
    let g = &kb.outside[0];
    assert_eq!(g.id, "putin-personal");
    assert_eq!(g.questions, ["كم عمر بوتين؟", "مين زوجة بوتين؟"]);
    assert_eq!(g.location.line, line_of(&text, "[[outside]]"));
    let line = line_of(&text, "كم عمر بوتين");
    assert_eq!(g.question_lines, [line, line]);
}

#[test]
fn outside_problems_name_file_and_line() {
    let base = format!("{ARTICLE}\n{}\n", entry("talks", "كم استغرقت المحادثات"));
    // No id, a bad id, no questions, an empty list, an empty question, an unknown field.
    let text = format!("{base}[[outside]]\nquestions = [\"كم عمر بوتين\"]\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "[[outside]]"), &["[[outside]]", "no id"]);
    let text = format!("{base}[[outside]]\nid = \"Putin Age\"\nquestions = [\"كم عمر بوتين\"]\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "Putin Age"), &["outside id", "lowercase"]);
    let text = format!("{base}[[outside]]\nid = \"age\"\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "[[outside]]"), &["\"age\"", "no questions"]);
    let text = format!("{base}[[outside]]\nid = \"age\"\nquestions = []\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "questions = []"), &["\"age\"", "no questions"]);
    let text = format!("{base}[[outside]]\nid = \"age\"\nquestions = [\"؟!\"]\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "؟!"), &["\"age\"", "empty question"]);
    let text = format!("{base}[[outside]]\nid = \"age\"\nquestions = [\"كم عمر بوتين\"]\nanswer = \"لا\"\n");
    assert_problem(&problems(&text), NAME, line_of(&text, "answer = \"لا\""), &["unknown field", "answer"]);
}

#[test]
fn outside_ids_and_phrasings_must_not_clash_with_entries() {
    let base = format!("{ARTICLE}\n{}\n", entry("talks", "كم استغرقت المحادثات"));
    // The same id as an entry.
    let text = format!("{base}[[outside]]\nid = \"talks\"\nquestions = [\"كم عمر بوتين\"]\n");
    assert_problem(&problems(&text), NAME, last_line_of(&text, "[[outside]]"), &["duplicate id", "\"talks\""]);
    // An entry's phrasing, spelled differently.
    let text = format!("{base}[[outside]]\nid = \"age\"\nquestions = [\"كم استغرقت المحادثات؟!\"]\n");
    assert_problem(&problems(&text), NAME, last_line_of(&text, "كم استغرقت المحادثات"), &["\"age\"", "\"talks\""]);
    // Two groups with the same phrasing.
    let text = format!("{base}{OUTSIDE}[[outside]]\nid = \"age\"\nquestions = [\"كم عُمر بوتين\"]\n");
    assert_problem(&problems(&text), NAME, last_line_of(&text, "بوتين"), &["\"age\"", "\"putin-personal\""]);
    // An entry cannot offer an outside group as a follow-up.
    let text =
        format!("{ARTICLE}\n{}related = [\"putin-personal\"]\n\n{OUTSIDE}", entry("talks", "كم استغرقت المحادثات"));
    assert_problem(&problems(&text), NAME, line_of(&text, "related"), &["unknown related id", "putin-personal"]);
}

#[test]
fn the_real_outside_groups_load() {
    let kb = real_knowledge();
    assert!(kb.outside.len() >= 10, "{} outside groups", kb.outside.len());
    assert!(kb.outside.iter().all(|g| g.questions.len() >= 5), "every group has several phrasings");
}
