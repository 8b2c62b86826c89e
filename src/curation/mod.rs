//! Changing the knowledge files from the bot or the terminal, safely: a
//! phrasing added to an entry (or to an outside group, so a question is
//! refused on purpose), with the file's comments, order and formatting kept.
//!
//! Every change goes the same way: [`plan_add`] (or [`plan_refuse`]) reads
//! every knowledge file, edits the one that holds the table (`edit.rs`, with
//! `toml_edit`) and validates the whole new knowledge in memory; only then
//! [`apply`] writes the file — a temporary file beside it, then a rename, so
//! a reader sees the old file or the new one, never half — and reloads the
//! engine. A refusal at any step changes nothing and says why. [`revert`]
//! puts a file back byte for byte (`/undo`).
//!
//! ```
//! use jawab::curation::{apply, plan_add};
//! use jawab::engine::Live;
//! use jawab::matcher::MatcherConfig;
//! # let dir = tempfile::tempdir().unwrap();
//! # let file = dir.path().join("kb.toml");
//! # std::fs::write(&file, "[article]\ntitle = 't'\nparagraphs = 1\n\n[[entry]]\nid = 'talks'\nquestions = [\n  'كم استغرقت المحادثات؟',\n]\nanswer = 'ثلاث ساعات.'\nparagraph = 1\n").unwrap();
//! let live = Live::load(&file, MatcherConfig::default()).unwrap();
//! let plan = plan_add(live.path().unwrap(), "talks", "قديش طولت القعدة").unwrap();
//! apply(&live, &plan).unwrap();
//! assert!(std::fs::read_to_string(&file).unwrap().contains("  \"قديش طولت القعدة\",\n]"));
//! assert_eq!(live.snapshot().knowledge().entries[0].questions.len(), 2);
//! ```

mod edit;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::engine::{Engine, Live};
use crate::knowledge::{Knowledge, LoadError};
use crate::questions_log::Item;

/// The outside group a refused question goes to when the engine finds none
/// closer; created in the file of the last outside group if missing.
pub const DEFAULT_OUTSIDE: &str = "not-in-article";

/// One knowledge file's change: its bytes before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The file.
    pub file: PathBuf,
    /// What it held.
    pub before: Vec<u8>,
    /// What it will hold.
    pub after: Vec<u8>,
    /// The entry or outside group the phrasing went to.
    pub target: String,
    /// "entry" or "outside".
    pub kind: &'static str,
}

/// A change ready to write: the edit and the knowledge it makes (already
/// validated).
#[derive(Debug, Clone)]
pub struct Plan {
    /// The file's change.
    pub edit: Edit,
    /// The whole knowledge once it is written.
    pub knowledge: Knowledge,
}

/// Why a change was refused. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum CurationError {
    /// The phrasing has no words.
    #[error("the phrasing is empty")]
    Empty,
    /// No entry or outside group has this id.
    #[error("no entry or outside group has the id {0:?}")]
    UnknownId(String),
    /// The knowledge is the built-in one: there is no file to write.
    #[error("the built-in knowledge is in use: start jawab with --knowledge or JAWAB_KNOWLEDGE to edit files")]
    BuiltIn,
    /// The knowledge could not be read, or is invalid as it is on disk.
    #[error("{0}")]
    Load(#[from] LoadError),
    /// The file could not be edited as TOML.
    #[error("{}: cannot edit it: {cause}", file.display())]
    Edit {
        /// The file.
        file: PathBuf,
        /// Why.
        cause: String,
    },
    /// The knowledge would not be valid with the change.
    #[error("the change would make the knowledge invalid:\n{}", .0.join("\n"))]
    Invalid(Vec<String>),
    /// The file or its directory is read-only.
    #[error("{} is read-only", .0.display())]
    ReadOnly(PathBuf),
    /// The file changed since the change was planned (or since the change
    /// to undo was made).
    #[error("{} has changed since; reload and try again", .0.display())]
    Changed(PathBuf),
    /// Writing failed.
    #[error("cannot write {}: {cause}", file.display())]
    Write {
        /// The file.
        file: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
}

/// Plans adding `question` to the entry or outside group `id` of the
/// knowledge at `root` (a file or a directory).
pub fn plan_add(root: &Path, id: &str, question: &str) -> Result<Plan, CurationError> {
    let question = question.trim();
    if question.is_empty() {
        return Err(CurationError::Empty);
    }
    let sources = Knowledge::read(root)?;
    let kb = Knowledge::from_sources(&sources)?;
    let (kind, file) = if let Some(e) = kb.entry(id) {
        ("entry", e.location.file.clone())
    } else if let Some(g) = kb.outside.iter().find(|g| g.id == id) {
        ("outside", g.location.file.clone())
    } else {
        return Err(CurationError::UnknownId(id.to_string()));
    };
    plan(sources, &file, kind, id, |text| edit::add_question(text, kind, id, question))
}

/// Plans refusing `question` on purpose: adding it to the outside group
/// `group` if given (the one the engine ranks closest), else to
/// [`DEFAULT_OUTSIDE`], which is created after the last outside group (or
/// the last entry) if the knowledge has none.
pub fn plan_refuse(root: &Path, question: &str, group: Option<&str>) -> Result<Plan, CurationError> {
    let sources = Knowledge::read(root)?;
    let kb = Knowledge::from_sources(&sources)?;
    let id = group.unwrap_or(DEFAULT_OUTSIDE);
    if kb.outside.iter().any(|g| g.id == id) {
        return plan_add(root, id, question);
    }
    let question = question.trim();
    if question.is_empty() {
        return Err(CurationError::Empty);
    }
    let file = match (kb.outside.last(), kb.entries.last()) {
        (Some(g), _) => g.location.file.clone(),
        (None, Some(e)) => e.location.file.clone(),
        (None, None) => return Err(CurationError::UnknownId(id.to_string())),
    };
    plan(sources, &file, "outside", id, |text| edit::add_outside_group(text, id, question))
}

fn plan(
    mut sources: Vec<(PathBuf, Vec<u8>)>,
    file: &Path,
    kind: &'static str,
    id: &str,
    change: impl FnOnce(&str) -> Result<String, String>,
) -> Result<Plan, CurationError> {
    let at = sources.iter().position(|(f, _)| f == file).ok_or_else(|| CurationError::Changed(file.to_path_buf()))?;
    let before = sources[at].1.clone();
    let text = String::from_utf8(before.clone())
        .map_err(|_| CurationError::Edit { file: file.to_path_buf(), cause: "not utf-8".into() })?;
    let after = change(&text).map_err(|cause| CurationError::Edit { file: file.to_path_buf(), cause })?.into_bytes();
    sources[at].1 = after.clone();
    let knowledge = Knowledge::from_sources(&sources).map_err(|e| CurationError::Invalid(e.problems()))?;
    Ok(Plan { edit: Edit { file: file.to_path_buf(), before, after, target: id.to_string(), kind }, knowledge })
}

/// The phrasings of other entries and of outside groups that `question`,
/// added to `id`, would be hard to tell from (the warnings `jawab check`
/// would give): each as `(its table's id, the phrasing)`.
pub fn near_duplicates(engine: &Engine, id: &str, question: &str) -> Vec<(String, String)> {
    let threshold = engine.matcher().config().answer_threshold;
    let kb = engine.knowledge();
    // An id that is no entry is an outside group, perhaps one yet to be made.
    let target_is_outside = kb.entry(id).is_none();
    let entries = kb.entries.iter().map(|e| (&e.id, &e.questions, false));
    let groups = kb.outside.iter().map(|g| (&g.id, &g.questions, true));
    let mut found = Vec::new();
    for (other, questions, outside) in entries.chain(groups) {
        // Two outside groups both get the fallback: no risk between them.
        if other == id || (outside && target_is_outside) {
            continue;
        }
        for q in questions {
            if engine.matcher().similarity(question, q) > threshold {
                found.push((other.clone(), q.clone()));
            }
        }
    }
    found
}

/// The entries to offer for an inbox item, at most `n`, each as its index
/// and whether its askers chose it: the suggestion they chose first, then
/// the entries the engine ranks closest, without the one voted down.
pub fn candidates(engine: &Engine, item: &Item, n: usize) -> Vec<(usize, bool)> {
    let kb = engine.knowledge();
    let mut picked: Vec<(usize, bool)> = Vec::new();
    if let Some(i) = item.chosen.as_deref().and_then(|id| kb.entries.iter().position(|e| e.id == id)) {
        picked.push((i, true));
    }
    for s in engine.matcher().rank(&item.question, n + 4) {
        if picked.len() >= n {
            break;
        }
        let Some(e) = kb.entries.get(s.entry) else { continue };
        if !picked.iter().any(|&(i, _)| i == s.entry) && item.doubtful.as_deref() != Some(e.id.as_str()) {
            picked.push((s.entry, false));
        }
    }
    picked.truncate(n);
    picked
}

/// The outside group the engine ranks closest to `question`, if any.
pub fn closest_outside(engine: &Engine, question: &str) -> Option<String> {
    let kb = engine.knowledge();
    let n = kb.entries.len();
    let ranked = engine.matcher().rank(question, 16);
    ranked.into_iter().find(|s| s.entry >= n).and_then(|s| kb.outside.get(s.entry - n)).map(|g| g.id.clone())
}

/// Writes `plan` and reloads `live` (whose knowledge is at the plan's
/// root); returns the number of entries now live. If the reload fails
/// (the files changed meanwhile), the file is put back.
pub fn apply(live: &Live, plan: &Plan) -> Result<usize, CurationError> {
    let edit = &plan.edit;
    replace(&edit.file, &edit.before, &edit.after)?;
    match live.reload() {
        Ok(n) => Ok(n),
        Err(e) => {
            if let Err(back) = replace(&edit.file, &edit.after, &edit.before) {
                log::error!("curation: {back}; the file keeps the change, the engine does not");
            }
            Err(CurationError::Invalid(e.problems()))
        }
    }
}

/// Puts `edit`'s file back as it was before it and reloads `live`, if the
/// file still holds what the edit wrote.
pub fn revert(live: &Live, edit: &Edit) -> Result<usize, CurationError> {
    replace(&edit.file, &edit.after, &edit.before)?;
    live.reload().map_err(|e| CurationError::Invalid(e.problems()))
}

/// Writes the file on disk only if it holds `expected` bytes, and only
/// unless it or its directory is read-only.
///
/// The new bytes go to a temporary file in the same directory, synced,
/// then renamed over the old one (with its permissions), so a reader or a
/// crash sees the whole old file or the whole new one.
pub fn replace(file: &Path, expected: &[u8], bytes: &[u8]) -> Result<(), CurationError> {
    let write = |cause| CurationError::Write { file: file.to_path_buf(), cause };
    let meta = fs::metadata(file).map_err(write)?;
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Checked explicitly: root may write to a read-only file or directory,
    // but an operator who made them read-only meant no changes.
    if meta.permissions().readonly() {
        return Err(CurationError::ReadOnly(file.to_path_buf()));
    }
    if fs::metadata(&dir).map_err(write)?.permissions().readonly() {
        return Err(CurationError::ReadOnly(dir));
    }
    if fs::read(file).map_err(write)? != expected {
        return Err(CurationError::Changed(file.to_path_buf()));
    }
    let name = file.file_name().map_or_else(|| "knowledge".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.jawab-new"));
    let written = (|| {
        let mut out = fs::File::create(&temp)?;
        out.write_all(bytes)?;
        out.set_permissions(meta.permissions())?;
        out.sync_all()?;
        fs::rename(&temp, file)
    })();
    if let Err(cause) = written {
        let _ = fs::remove_file(&temp);
        return Err(write(cause));
    }
    // The rename itself is durable once the directory is synced; a
    // directory that cannot be opened for it is no reason to fail.
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
