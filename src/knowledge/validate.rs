//! The validator: reads each file's raw tables, checks every field, and
//! gathers every problem with its file and line, so a curator fixes them all
//! in one go; then the checks across files (ids, phrasings, related ids,
//! synonyms).

use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use toml::Spanned;

use super::pieces::{self, PIECE_BYTES};
use super::raw::{Paragraphs, RawEntry, RawFile, RawOutside};
use super::{
    Article, Entry, Knowledge, LoadError, Location, MAX_ANSWER_CHARS, Outside, Problem, RECOMMENDED_QUESTIONS, Synonym,
    Table, tables,
};
use crate::language::{has_text, normalize, normalize_into};

/// The byte offsets where a text's lines start, to turn offsets into line
/// numbers without rescanning the text for every one.
struct Lines {
    starts: Vec<usize>,
    /// Where the piece being read starts in the text: its spans count from there.
    base: usize,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts, base: 0 }
    }

    /// The 1-based line of a byte offset into the piece being read.
    fn at(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= self.base + offset).max(1)
    }
}

/// How far the validator had got, to go back to when a file read in pieces
/// has to be read whole after all.
struct Mark {
    problems: usize,
    warnings: usize,
    article: bool,
    entries: usize,
    outside: usize,
    synonyms: usize,
    stopwords: usize,
    offtopic: usize,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[derive(Default)]
pub(super) struct Validator {
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
    /// Whether a file could not be read as TOML: its tables are unknown, so
    /// a reference to one of them from another file is no problem of that file.
    unreadable: bool,
}

impl Validator {
    fn problem(&mut self, file: &Path, line: usize, message: String) {
        let location = Location { file: file.to_path_buf(), line };
        self.problems.push(Problem { location, message });
    }

    pub(super) fn file(&mut self, file: &Path, bytes: &[u8]) {
        self.file_cut(file, bytes, PIECE_BYTES);
    }

    /// As [`Validator::file`], reading a file of `piece_bytes` or more in
    /// pieces of about that size.
    pub(super) fn file_cut(&mut self, file: &Path, bytes: &[u8], piece_bytes: usize) {
        if self.first_file.is_none() {
            self.first_file = Some(file.to_path_buf());
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
                self.problem(file, Lines::new(good).at(good.len()), "the file is not valid utf-8".into());
                self.unreadable = true;
                return;
            }
        };
        let mut lines = Lines::new(text);
        let cuts = if text.len() >= piece_bytes { pieces::cuts(text, piece_bytes) } else { vec![0] };
        if cuts.len() > 1 {
            let mark = self.mark();
            if self.pieces(file, text, &mut lines, &cuts) {
                return;
            }
            self.rewind(mark);
            lines.base = 0;
        }
        let raw: RawFile = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let line = e.span().map_or(1, |s| lines.at(s.start));
                let msg = e.message().trim().to_lowercase();
                self.problem(file, line, format!("toml: {msg}"));
                self.unreadable = true;
                return;
            }
        };
        self.tables(file, text, &lines, raw);
    }

    /// Reads a file piece by piece (see [`pieces`]); false, with some of it
    /// taken in, when it must be read whole: a piece is not TOML on its own,
    /// or the pieces together might not read as the whole file does (a
    /// second `[article]`, an inline table among the arrays of tables).
    fn pieces(&mut self, file: &Path, text: &str, lines: &mut Lines, cuts: &[usize]) -> bool {
        let mut article = false;
        for (i, &start) in cuts.iter().enumerate() {
            let end = cuts.get(i + 1).copied().unwrap_or(text.len());
            let piece = &text[start..end];
            let Ok(raw) = toml::from_str::<RawFile>(piece) else { return false };
            let inline = |span: std::ops::Range<usize>| piece.as_bytes().get(span.start) == Some(&b'{');
            if (article && raw.article.is_some())
                || raw.entry.iter().any(|t| inline(t.span()))
                || raw.outside.iter().any(|t| inline(t.span()))
                || raw.synonym.iter().any(|t| inline(t.span()))
            {
                return false;
            }
            article |= raw.article.is_some();
            lines.base = start;
            self.tables(file, piece, lines, raw);
        }
        true
    }

    fn mark(&self) -> Mark {
        Mark {
            problems: self.problems.len(),
            warnings: self.warnings.len(),
            article: self.article.is_some(),
            entries: self.entries.len(),
            outside: self.outside.len(),
            synonyms: self.synonyms.len(),
            stopwords: self.stopwords.len(),
            offtopic: self.offtopic.len(),
        }
    }

    fn rewind(&mut self, mark: Mark) {
        self.problems.truncate(mark.problems);
        self.warnings.truncate(mark.warnings);
        if !mark.article {
            self.article = None;
        }
        self.entries.truncate(mark.entries);
        self.related_at.truncate(mark.entries);
        self.outside.truncate(mark.outside);
        self.synonyms.truncate(mark.synonyms);
        self.stopwords.truncate(mark.stopwords);
        self.offtopic.truncate(mark.offtopic);
    }

    /// Takes in the tables of one file, or of one piece of it (`text`).
    fn tables(&mut self, file: &Path, text: &str, lines: &Lines, raw: RawFile) {
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
            self.entry(file, text, lines, raw);
        }
        for raw in raw.outside {
            self.outside(file, text, lines, raw);
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

    pub(super) fn finish(mut self) -> Result<Knowledge, LoadError> {
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
        let all: Vec<Table> = tables(&self.entries, &self.outside).collect();
        // Each phrasing's first table and place in it, by the hash of its
        // normalised text (a map of the texts would take as much memory as
        // the knowledge itself); texts whose hashes collide are told apart
        // in `collided`. Its location is written out only for a repeat.
        let mut first_phrasing: HashMap<u64, (u32, u32)> = HashMap::default();
        let mut collided: HashMap<u64, Vec<(u32, u32)>> = HashMap::default();
        let text_of = |(t, q): (u32, u32)| normalize(&all[t as usize].questions[q as usize]);
        let mut key = String::new();
        let mut found = Vec::new();
        // Ids are shared by entries and outside groups; so is every phrasing.
        for (t, table) in all.iter().enumerate() {
            let Table { kind, id, questions, location, .. } = *table;
            if !id.is_empty() {
                if let Some(prev) = first_id.get(id) {
                    found.push((location.clone(), format!("duplicate id {id:?} (first at {prev})")));
                } else {
                    first_id.insert(id, location);
                }
            }
            for (i, q) in questions.iter().enumerate() {
                normalize_into(q, &mut key);
                let hash = rustc_hash::FxBuildHasher.hash_one(&key);
                let here = (t as u32, i as u32);
                let first = match first_phrasing.get(&hash) {
                    None => {
                        first_phrasing.insert(hash, here);
                        None
                    }
                    Some(&first) if text_of(first) == key => Some(first),
                    Some(_) => {
                        let others = collided.entry(hash).or_default();
                        let same = others.iter().copied().find(|&o| text_of(o) == key);
                        if same.is_none() {
                            others.push(here);
                        }
                        same
                    }
                };
                if let Some((other, j)) = first {
                    let other = &all[other as usize];
                    let message = format!(
                        "question {q:?} of {kind} {id:?} is the same phrasing as one of {} {:?} at {}",
                        other.kind,
                        other.id,
                        other.question_at(j as usize)
                    );
                    found.push((table.question_at(i), message));
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
                } else if outside_ids.contains(r.as_str()) || (!first_id.contains_key(r.as_str()) && !self.unreadable) {
                    found.push((here, format!("entry {:?} has unknown related id {r:?}", entry.id)));
                }
            }
        }
        // A variant that means two different things cannot be rewritten,
        // within the knowledge base or against the language's own tables.
        let lang = crate::language::data::arabic();
        let lang_at: Vec<Location> =
            lang.synonyms.iter().map(|s| Location { file: s.file.into(), line: s.line }).collect();
        let mut variant_of: HashMap<String, (&str, &Location)> = HashMap::default();
        for (s, at) in lang.synonyms.iter().zip(&lang_at) {
            for v in &s.variants {
                variant_of.entry(normalize(v)).or_insert((&s.canonical, at));
            }
        }
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
