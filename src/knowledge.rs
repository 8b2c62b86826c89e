//! The knowledge base: its schema, loading and validation.
//!
//! A knowledge base is one TOML file or a directory of `*.toml` files (read
//! in name order). Any file may hold `[[entry]]` tables, `[[synonym]]` tables,
//! a `stopwords` list and the `[article]` table (exactly once in the whole
//! knowledge base). The README documents every field.
//!
//! Loading collects every problem it finds, each with its file and line,
//! instead of stopping at the first: a curator fixes them all in one go.
//!
//! ```
//! use jawab::knowledge::Knowledge;
//! let toml = r#"
//! [article]
//! title = "زيارة الأسد إلى موسكو"
//! paragraphs = 11
//!
//! [[entry]]
//! id = "talks-duration"
//! questions = ["كم استغرقت المحادثات؟"]
//! answer = "استمرت المحادثات نحو ثلاث ساعات."
//! paragraph = 4
//! "#;
//! let kb = Knowledge::from_str(toml, "inline.toml").unwrap();
//! assert_eq!(kb.entries[0].id, "talks-duration");
//! ```

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::normalize::{has_text, normalize, normalize_into};

/// The longest answer Telegram can send in one message.
pub const MAX_ANSWER_CHARS: usize = 4096;

/// A place in a knowledge file, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as given to the loader.
    pub file: PathBuf,
    /// The 1-based line.
    pub line: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// One question-and-answer entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Unique id: lowercase `a-z`, `0-9` and `-`.
    pub id: String,
    /// The ways people ask it; the first is its title in topic lists.
    pub questions: Vec<String>,
    /// The Arabic reply.
    pub answer: String,
    /// The article paragraphs (1-based) the answer rests on.
    pub paragraphs: Vec<u32>,
    /// Topic groups, for listing.
    pub tags: Vec<String>,
    /// Ids of entries offered as follow-ups.
    pub related: Vec<String>,
    /// Where the entry starts, and where each question is.
    pub location: Location,
    /// The line of each question, in the same order as `questions`.
    pub question_lines: Vec<usize>,
}

/// A group of questions the article does not answer although they use its
/// names and words ("how old is Putin?"). A question closest to one of
/// them gets the polite fallback instead of the nearest entry's answer.
#[derive(Debug, Clone)]
pub struct Outside {
    /// Unique id, in the same namespace as the entries' ids.
    pub id: String,
    /// The ways people ask such questions.
    pub questions: Vec<String>,
    /// Where the `[[outside]]` table is.
    pub location: Location,
    /// The line of each question, in the same order as `questions`.
    pub question_lines: Vec<usize>,
}

/// An entry or an outside group, as the checks that treat both alike see
/// it: ids and phrasings are shared by the two.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Table<'k> {
    /// "entry" or "outside".
    pub(crate) kind: &'static str,
    /// Its place among the tables of its kind.
    pub(crate) index: usize,
    pub(crate) id: &'k str,
    pub(crate) questions: &'k [String],
    pub(crate) location: &'k Location,
    pub(crate) question_lines: &'k [usize],
}

impl Table<'_> {
    /// Where question `q` is (the table's line if that is unknown).
    pub(crate) fn question_at(&self, q: usize) -> Location {
        Location {
            file: self.location.file.clone(),
            line: self.question_lines.get(q).copied().unwrap_or(self.location.line),
        }
    }
}

/// The entries, then the outside groups, as [`Table`]s, in file order.
pub(crate) fn tables<'k>(entries: &'k [Entry], outside: &'k [Outside]) -> impl Iterator<Item = Table<'k>> {
    let entries = entries.iter().enumerate().map(|(index, e)| Table {
        kind: "entry",
        index,
        id: &e.id,
        questions: &e.questions,
        location: &e.location,
        question_lines: &e.question_lines,
    });
    let groups = outside.iter().enumerate().map(|(index, g)| Table {
        kind: "outside",
        index,
        id: &g.id,
        questions: &g.questions,
        location: &g.location,
        question_lines: &g.question_lines,
    });
    entries.chain(groups)
}

/// Words or phrases that mean the same as a canonical form.
#[derive(Debug, Clone)]
pub struct Synonym {
    /// What every variant is rewritten to.
    pub canonical: String,
    /// The dialect forms or spellings.
    pub variants: Vec<String>,
    /// Where the `[[synonym]]` table is.
    pub location: Location,
}

/// The article the knowledge rests on.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// Its title, as shown by the bot's /about.
    pub title: String,
    /// Where it was published, if known.
    pub source: String,
    /// How many paragraphs it has: entries must cite one of them.
    pub paragraphs: u32,
}

/// A whole, validated knowledge base.
#[derive(Debug, Clone, Default)]
pub struct Knowledge {
    /// The article.
    pub article: Article,
    /// The entries, in file and then file-position order.
    pub entries: Vec<Entry>,
    /// Questions outside the article, see [`Outside`].
    pub outside: Vec<Outside>,
    /// Dialect and spelling equivalences.
    pub synonyms: Vec<Synonym>,
    /// Words that carry no topic, and phrases («لو سمحت»), normalised.
    pub stopwords: Vec<String>,
    /// Words naming things outside the article: other countries, other
    /// leaders. A question using one is most likely about something else.
    pub offtopic: Vec<String>,
    /// Problems that do not stop loading, e.g. an entry with few phrasings.
    pub warnings: Vec<Problem>,
}

/// One problem found in a knowledge file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub location: Location,
    /// What is wrong, lowercase.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Why a knowledge base could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The path could not be read.
    #[error("cannot read knowledge {}: {cause}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error (in the message, so not also a `source`).
        cause: std::io::Error,
    },
    /// A directory without any `*.toml` file.
    #[error("no .toml files in knowledge directory {}", .0.display())]
    Empty(PathBuf),
    /// The files were read but hold problems.
    #[error("invalid knowledge: {} problem(s)\n{}", .0.len(), list(.0))]
    Invalid(Vec<Problem>),
}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
}

impl LoadError {
    /// The problems, one per line, for showing to a curator.
    ///
    /// ```
    /// use jawab::knowledge::Knowledge;
    /// let err = Knowledge::from_str("[[entry]]\nid = 1\n", "kb.toml").unwrap_err();
    /// assert!(err.problems().iter().any(|p| p.starts_with("kb.toml:2:")));
    /// ```
    pub fn problems(&self) -> Vec<String> {
        match self {
            LoadError::Invalid(p) => p.iter().map(|p| p.to_string()).collect(),
            other => vec![other.to_string()],
        }
    }
}

// ---------------------------------------------------------------- raw TOML

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    article: Option<Spanned<RawArticle>>,
    #[serde(default)]
    entry: Vec<Spanned<RawEntry>>,
    #[serde(default)]
    outside: Vec<Spanned<RawOutside>>,
    #[serde(default)]
    synonym: Vec<Spanned<RawSynonym>>,
    #[serde(default)]
    stopwords: Vec<Spanned<String>>,
    #[serde(default)]
    offtopic: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    title: String,
    #[serde(default)]
    source: String,
    paragraphs: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Option<Spanned<String>>,
    questions: Option<Spanned<Vec<Spanned<String>>>>,
    answer: Option<Spanned<String>>,
    paragraph: Option<Spanned<Paragraphs>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutside {
    id: Option<Spanned<String>>,
    questions: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Paragraphs {
    One(i64),
    Many(Vec<i64>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSynonym {
    canonical: Spanned<String>,
    variants: Vec<Spanned<String>>,
}

// ---------------------------------------------------------------- loading

/// The fewest phrasings an entry should have before `check` stops warning.
pub const RECOMMENDED_QUESTIONS: usize = 4;

impl Knowledge {
    /// Loads a knowledge base from a `.toml` file or a directory of them.
    ///
    /// ```no_run
    /// use jawab::knowledge::Knowledge;
    /// let kb = Knowledge::load("knowledge").unwrap();
    /// println!("{} entries", kb.entries.len());
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Knowledge, LoadError> {
        let path = path.as_ref();
        let io = |cause| LoadError::Io { path: path.to_path_buf(), cause };
        let meta = std::fs::metadata(path).map_err(io)?;
        let files = if meta.is_dir() {
            let mut files = Vec::new();
            for item in std::fs::read_dir(path).map_err(io)? {
                let p = item.map_err(io)?.path();
                if p.extension().is_some_and(|e| e == "toml") && p.is_file() {
                    files.push(p);
                }
            }
            files.sort();
            if files.is_empty() {
                return Err(LoadError::Empty(path.to_path_buf()));
            }
            files
        } else {
            vec![path.to_path_buf()]
        };
        let mut sources = Vec::with_capacity(files.len());
        for file in files {
            let bytes = std::fs::read(&file).map_err(|cause| LoadError::Io { path: file.clone(), cause })?;
            sources.push((file, bytes));
        }
        Self::from_sources(&sources)
    }

    /// Parses and validates one knowledge file held in memory; `name` is used
    /// in error messages.
    ///
    /// ```
    /// use jawab::knowledge::Knowledge;
    /// let err = Knowledge::from_str("[article]\ntitle = \"t\"\nparagraphs = 3\n[[entry]]\nid = \"x\"\n", "a.toml")
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("a.toml:4: entry \"x\" has no questions"));
    /// ```
    #[allow(clippy::should_implement_trait)] // it needs a file name, unlike FromStr
    pub fn from_str(text: &str, name: impl AsRef<Path>) -> Result<Knowledge, LoadError> {
        Self::from_sources(&[(name.as_ref().to_path_buf(), text.as_bytes().to_vec())])
    }

    /// Parses and validates several files' contents, as if they were the
    /// `*.toml` files of one directory.
    pub fn from_sources(sources: &[(PathBuf, Vec<u8>)]) -> Result<Knowledge, LoadError> {
        let mut v = Validator::default();
        for (file, bytes) in sources {
            v.file(file, bytes);
        }
        v.finish()
    }
}

/// The byte offsets where a text's lines start, to turn offsets into line
/// numbers without rescanning the text for every one.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(
            std::iter::once(0)
                .chain(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    /// The 1-based line of a byte offset.
    fn at(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    article: Option<(Article, Location)>,
    entries: Vec<Entry>,
    outside: Vec<Outside>,
    related_at: Vec<Vec<usize>>,
    synonyms: Vec<Synonym>,
    stopwords: Vec<String>,
    offtopic: Vec<String>,
    /// The first file read, for problems that belong to no line.
    first_file: Option<PathBuf>,
}

impl Validator {
    fn problem(&mut self, file: &Path, line: usize, message: String) {
        let location = Location { file: file.to_path_buf(), line };
        self.problems.push(Problem { location, message });
    }

    fn file(&mut self, file: &Path, bytes: &[u8]) {
        if self.first_file.is_none() {
            self.first_file = Some(file.to_path_buf());
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
                self.problem(file, Lines::new(good).at(good.len()), "the file is not valid utf-8".into());
                return;
            }
        };
        let lines = Lines::new(text);
        let raw: RawFile = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let line = e.span().map_or(1, |s| lines.at(s.start));
                let msg = e.message().trim().to_lowercase();
                self.problem(file, line, format!("toml: {msg}"));
                return;
            }
        };
        let at = |offset: usize| lines.at(offset);
        if let Some(a) = raw.article {
            let line = at(a.span().start);
            let a = a.into_inner();
            if let Some((_, first)) = &self.article {
                let message = format!("[article] given twice (first at {first})");
                self.problem(file, line, message);
            } else {
                if a.paragraphs == 0 {
                    self.problem(file, line, "[article] paragraphs must be at least 1".into());
                }
                let article = Article { title: a.title, source: a.source, paragraphs: a.paragraphs };
                self.article = Some((article, Location { file: file.to_path_buf(), line }));
            }
        }
        for raw in raw.entry {
            self.entry(file, text, &lines, raw);
        }
        for raw in raw.outside {
            self.outside(file, text, &lines, raw);
        }
        for s in raw.synonym {
            let line = at(s.span().start);
            let s = s.into_inner();
            let canonical = s.canonical.get_ref().trim().to_string();
            if !has_text(&canonical) {
                self.problem(file, at(s.canonical.span().start), "synonym has an empty canonical form".into());
                continue;
            }
            let mut variants = Vec::new();
            for v in s.variants {
                if !has_text(v.get_ref()) {
                    self.problem(file, at(v.span().start), "synonym has an empty variant".into());
                } else {
                    variants.push(v.into_inner());
                }
            }
            let location = Location { file: file.to_path_buf(), line };
            self.synonyms.push(Synonym { canonical, variants, location });
        }
        for w in raw.stopwords {
            let line = at(w.span().start);
            let w = w.into_inner();
            let n = normalize(&w);
            if n.is_empty() {
                self.problem(file, line, format!("stopword {w:?} has no letters"));
            } else {
                // A phrase ("لو سمحت") stays whole: the lexicon drops it as
                // one, and makes each of its words a stop word.
                self.stopwords.push(n);
            }
        }
        for w in raw.offtopic {
            let line = at(w.span().start);
            let w = w.into_inner();
            let n = normalize(&w);
            if n.is_empty() || n.contains(' ') {
                self.problem(file, line, format!("offtopic word {w:?} must be one word"));
            } else {
                self.offtopic.push(n);
            }
        }
    }

    /// The line of a table's `[[header]]`, which is the line a curator
    /// looks for. The span of an array-of-tables item starts at its first key
    /// (toml 1 starts it at the header itself): searching back from just past
    /// the header suits both.
    fn header_line(text: &str, lines: &Lines, span_start: usize, header: &str) -> usize {
        let end = (span_start + header.len()).min(text.len());
        lines.at(text.get(..end).and_then(|t| t.rfind(header)).unwrap_or(span_start))
    }

    /// A table's id, checked; problems name the `kind` ("entry", "outside")
    /// and are reported at the id, or at the table's `line` when it has none.
    fn id(&mut self, file: &Path, lines: &Lines, id: &Option<Spanned<String>>, line: usize, kind: &str) -> String {
        match id {
            Some(id) if valid_id(id.get_ref()) => id.get_ref().clone(),
            Some(id) => {
                let message = format!("{kind} id {:?} must be lowercase a-z, 0-9 and '-'", id.get_ref());
                self.problem(file, lines.at(id.span().start), message);
                id.get_ref().clone()
            }
            None => {
                self.problem(file, line, format!("[[{kind}]] has no id"));
                String::new()
            }
        }
    }

    /// The non-empty questions of a list, with their lines.
    fn questions(
        &mut self,
        file: &Path,
        lines: &Lines,
        qs: Vec<Spanned<String>>,
        name: &str,
    ) -> (Vec<String>, Vec<usize>) {
        let (mut questions, mut question_lines) = (Vec::new(), Vec::new());
        for q in qs {
            let qline = lines.at(q.span().start);
            if !has_text(q.get_ref()) {
                self.problem(file, qline, format!("{name} has an empty question"));
                continue;
            }
            questions.push(q.into_inner());
            question_lines.push(qline);
        }
        (questions, question_lines)
    }

    fn entry(&mut self, file: &Path, text: &str, lines: &Lines, raw: Spanned<RawEntry>) {
        let at = |offset: usize| lines.at(offset);
        let line = Self::header_line(text, lines, raw.span().start, "[[entry]]");
        let raw = raw.into_inner();
        let id = self.id(file, lines, &raw.id, line, "entry");
        let name = if id.is_empty() { "entry".to_string() } else { format!("entry {id:?}") };
        let mut questions = Vec::new();
        let mut question_lines = Vec::new();
        match raw.questions {
            None => self.problem(file, line, format!("{name} has no questions")),
            Some(qs) => {
                let qs_line = at(qs.span().start);
                let qs = qs.into_inner();
                if qs.is_empty() {
                    self.problem(file, qs_line, format!("{name} has no questions"));
                } else if qs.len() < RECOMMENDED_QUESTIONS {
                    let message = format!(
                        "{name} has {} question(s); {RECOMMENDED_QUESTIONS} or more phrasings match users better",
                        qs.len()
                    );
                    self.warnings.push(Problem { location: Location { file: file.into(), line: qs_line }, message });
                }
                (questions, question_lines) = self.questions(file, lines, qs, &name);
            }
        }
        let answer = match raw.answer {
            None => {
                self.problem(file, line, format!("{name} has no answer"));
                String::new()
            }
            Some(a) => {
                let aline = at(a.span().start);
                let a = a.into_inner();
                let chars = a.trim().chars().count();
                if chars == 0 {
                    self.problem(file, aline, format!("{name} has an empty answer"));
                } else if chars > MAX_ANSWER_CHARS {
                    let message = format!(
                        "{name} answer has {chars} characters; at most {MAX_ANSWER_CHARS} fit in a telegram message"
                    );
                    self.problem(file, aline, message);
                }
                a.trim().to_string()
            }
        };
        let mut paragraphs = Vec::new();
        match raw.paragraph {
            None => self.problem(file, line, format!("{name} has no paragraph")),
            Some(p) => {
                let pline = at(p.span().start);
                let list = match p.into_inner() {
                    Paragraphs::One(n) => vec![n],
                    Paragraphs::Many(v) => v,
                };
                if list.is_empty() {
                    self.problem(file, pline, format!("{name} has an empty paragraph list"));
                }
                for n in list {
                    match u32::try_from(n) {
                        Ok(n) if n >= 1 => paragraphs.push(n),
                        _ => self.problem(file, pline, format!("{name} cites paragraph {n}; paragraphs start at 1")),
                    }
                }
            }
        }
        let tags = raw.tags.into_iter().map(Spanned::into_inner).collect();
        let related_at = raw.related.iter().map(|r| at(r.span().start)).collect();
        let related = raw.related.into_iter().map(Spanned::into_inner).collect();
        let location = Location { file: file.to_path_buf(), line };
        self.related_at.push(related_at);
        self.entries.push(Entry { id, questions, answer, paragraphs, tags, related, location, question_lines });
    }

    fn outside(&mut self, file: &Path, text: &str, lines: &Lines, raw: Spanned<RawOutside>) {
        let line = Self::header_line(text, lines, raw.span().start, "[[outside]]");
        let raw = raw.into_inner();
        let id = self.id(file, lines, &raw.id, line, "outside");
        let name = if id.is_empty() { "[[outside]]".to_string() } else { format!("outside {id:?}") };
        let (mut questions, mut question_lines) = (Vec::new(), Vec::new());
        match raw.questions {
            Some(qs) if !qs.get_ref().is_empty() => {
                (questions, question_lines) = self.questions(file, lines, qs.into_inner(), &name);
            }
            Some(qs) => self.problem(file, lines.at(qs.span().start), format!("{name} has no questions")),
            None => self.problem(file, line, format!("{name} has no questions")),
        }
        let location = Location { file: file.to_path_buf(), line };
        self.outside.push(Outside { id, questions, location, question_lines });
    }

    fn finish(mut self) -> Result<Knowledge, LoadError> {
        let article = match self.article.take() {
            Some((a, _)) => a,
            None => {
                // Only worth saying when the files were readable: a syntax
                // error already explains a missing table.
                if self.problems.is_empty() {
                    let file = self.first_file.clone().unwrap_or_default();
                    let message = "no [article] table: say which article the knowledge rests on (title, paragraphs)";
                    self.problem(&file, 1, message.into());
                }
                Article::default()
            }
        };
        let mut first_id: HashMap<&str, &Location> = HashMap::default();
        // Each phrasing's first table and place in it; its location is
        // written out only for a repeat.
        let mut first_phrasing: HashMap<String, (Table, usize)> = HashMap::default();
        let mut key = String::new();
        let mut found = Vec::new();
        // Ids are shared by entries and outside groups; so is every phrasing.
        for table in tables(&self.entries, &self.outside) {
            let Table { kind, id, questions, location, .. } = table;
            if !id.is_empty() {
                if let Some(prev) = first_id.get(id) {
                    found.push((location.clone(), format!("duplicate id {id:?} (first at {prev})")));
                } else {
                    first_id.insert(id, location);
                }
            }
            for (i, q) in questions.iter().enumerate() {
                normalize_into(q, &mut key);
                match first_phrasing.get(&key) {
                    Some((other, j)) => {
                        let message = format!(
                            "question {q:?} of {kind} {id:?} is the same phrasing as one of {} {:?} at {}",
                            other.kind,
                            other.id,
                            other.question_at(*j)
                        );
                        found.push((table.question_at(i), message));
                    }
                    None => {
                        first_phrasing.insert(key.clone(), (table, i));
                    }
                }
            }
        }
        for entry in &self.entries {
            for &p in &entry.paragraphs {
                if article.paragraphs > 0 && p > article.paragraphs {
                    let message = format!(
                        "entry {:?} cites paragraph {p}, but the article has {} paragraphs",
                        entry.id, article.paragraphs
                    );
                    found.push((entry.location.clone(), message));
                }
            }
        }
        let outside_ids: HashSet<&str> = self.outside.iter().map(|g| g.id.as_str()).collect();
        for (entry, lines) in self.entries.iter().zip(&self.related_at) {
            for (r, &line) in entry.related.iter().zip(lines) {
                let here = Location { file: entry.location.file.clone(), line };
                if r == &entry.id {
                    found.push((here, format!("entry {:?} lists itself as related", entry.id)));
                } else if !first_id.contains_key(r.as_str()) || outside_ids.contains(r.as_str()) {
                    found.push((here, format!("entry {:?} has unknown related id {r:?}", entry.id)));
                }
            }
        }
        // A variant that means two different things cannot be rewritten.
        let mut variant_of: HashMap<String, (&str, &Location)> = HashMap::default();
        for s in &self.synonyms {
            for v in &s.variants {
                let key = normalize(v);
                match variant_of.get(&key) {
                    Some((c, prev)) if normalize(c) != normalize(&s.canonical) => {
                        let message =
                            format!("variant {v:?} is given for both {c:?} (at {prev}) and {:?}", s.canonical);
                        found.push((s.location.clone(), message));
                    }
                    Some(_) => {}
                    None => {
                        variant_of.insert(key, (&s.canonical, &s.location));
                    }
                }
            }
        }
        for (location, message) in found {
            self.problems.push(Problem { location, message });
        }
        if self.problems.is_empty() && self.entries.is_empty() {
            let file = self.first_file.clone().unwrap_or_default();
            self.problem(&file, 1, "the knowledge base has no entries".into());
        }
        if !self.problems.is_empty() {
            self.problems.sort_by(|a, b| (&a.location.file, a.location.line).cmp(&(&b.location.file, b.location.line)));
            self.problems.dedup();
            return Err(LoadError::Invalid(self.problems));
        }
        let mut seen = HashSet::default();
        // Already normalised when read.
        self.stopwords.retain(|w| seen.insert(w.clone()));
        Ok(Knowledge {
            article,
            entries: self.entries,
            outside: self.outside,
            synonyms: self.synonyms,
            stopwords: self.stopwords,
            offtopic: self.offtopic,
            warnings: self.warnings,
        })
    }
}

impl Knowledge {
    /// The entry with this id.
    ///
    /// ```
    /// # use jawab::knowledge::Knowledge;
    /// # let kb = Knowledge::from_str("[article]\ntitle='t'\nparagraphs=1\n[[entry]]\nid='a'\nquestions=['س']\nanswer='ج'\nparagraph=1\n", "k.toml").unwrap();
    /// assert_eq!(kb.entry("a").unwrap().answer, "ج");
    /// assert!(kb.entry("b").is_none());
    /// ```
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }
}
