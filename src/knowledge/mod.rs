//! The knowledge base: its schema, loading and validation.
//!
//! A knowledge base is one TOML file or a directory of `*.toml` files (read
//! in name order). Any file may hold `[[entry]]` tables, `[[synonym]]` tables,
//! a `stopwords` list and the `[article]` table (exactly once in the whole
//! knowledge base). `docs/knowledge.md` documents every field
//! and every message of the validator (`validate.rs`).
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

mod near_duplicates;
mod pieces;
mod raw;
mod source;
mod validate;

use std::fmt;
use std::path::{Path, PathBuf};

pub use near_duplicates::{near_duplicates, near_duplicates_among};
pub use source::{BUILT_IN, Source};

use crate::language::Lexicon;
use validate::Validator;

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
    /// A reload of the built-in knowledge: it has no files to read again.
    #[error("the built-in knowledge is in use: there are no files to reload (give --knowledge or JAWAB_KNOWLEDGE)")]
    BuiltIn,
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
        Self::from_sources(&Self::read(path)?)
    }

    /// The files of a knowledge base — the `.toml` file, or the directory's
    /// `*.toml` files in name order — with their bytes, as [`Knowledge::load`]
    /// reads them (for [`Knowledge::from_sources`]).
    ///
    /// ```no_run
    /// use jawab::knowledge::Knowledge;
    /// let files = Knowledge::read("knowledge").unwrap();
    /// assert!(Knowledge::from_sources(&files).is_ok());
    /// ```
    pub fn read(path: impl AsRef<Path>) -> Result<Vec<(PathBuf, Vec<u8>)>, LoadError> {
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
        Ok(sources)
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

    /// The lexicon of the knowledge base: the language's own tables
    /// ([`crate::language::data::arabic`]), then the article's synonyms,
    /// stop words and off-topic names, compiled for analysing texts.
    ///
    /// ```
    /// # use jawab::knowledge::Knowledge;
    /// # let kb = Knowledge::from_str("stopwords=['يعني']\n[article]\ntitle='t'\nparagraphs=1\n[[entry]]\nid='a'\nquestions=['س']\nanswer='ج'\nparagraph=1\n", "k.toml").unwrap();
    /// assert!(kb.lexicon().is_stopword("يعني"));
    /// ```
    pub fn lexicon(&self) -> Lexicon {
        let lang = crate::language::data::arabic();
        let tables = lang.synonyms.iter().map(|s| (&s.canonical, &s.variants));
        let pairs: Vec<(&str, Vec<&str>)> = tables
            .chain(self.synonyms.iter().map(|s| (&s.canonical, &s.variants)))
            .map(|(c, v)| (c.as_str(), v.iter().map(String::as_str).collect()))
            .collect();
        let pairs: Vec<(&str, &[&str])> = pairs.iter().map(|(c, v)| (*c, v.as_slice())).collect();
        let stop: Vec<&str> = lang.stopwords.iter().chain(&self.stopwords).map(String::as_str).collect();
        let off: Vec<&str> = self.offtopic.iter().map(String::as_str).collect();
        Lexicon::with_offtopic(&pairs, &stop, &off)
    }
}
