//! Where the knowledge comes from: files on disk, or the shipped knowledge
//! compiled into the binary, so that `jawab` answers from any directory.

use std::fmt;
use std::path::{Path, PathBuf};

use super::{Knowledge, LoadError};

/// The shipped `knowledge/` files, compiled in, in name order (a test
/// checks that the list is the folder).
pub const BUILT_IN: &[(&str, &str)] = &[
    ("knowledge/1-visit.toml", include_str!("../../knowledge/1-visit.toml")),
    ("knowledge/2-context.toml", include_str!("../../knowledge/2-context.toml")),
    ("knowledge/3-history.toml", include_str!("../../knowledge/3-history.toml")),
    ("knowledge/article.toml", include_str!("../../knowledge/article.toml")),
    ("knowledge/lexicon.toml", include_str!("../../knowledge/lexicon.toml")),
    ("knowledge/outside.toml", include_str!("../../knowledge/outside.toml")),
];

/// Where a knowledge base is read from.
///
/// ```
/// use jawab::knowledge::Source;
/// let kb = Source::BuiltIn.load().unwrap();
/// assert!(kb.entry("talks-duration").is_some());
/// assert_eq!(Source::BuiltIn.path(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A `.toml` file or a directory of them.
    Files(PathBuf),
    /// The shipped knowledge, compiled into the binary ([`BUILT_IN`]).
    BuiltIn,
}

impl Source {
    /// The files with their bytes, as [`Knowledge::from_sources`] takes them.
    pub fn read(&self) -> Result<Vec<(PathBuf, Vec<u8>)>, LoadError> {
        match self {
            Source::Files(path) => Knowledge::read(path),
            Source::BuiltIn => {
                Ok(BUILT_IN.iter().map(|(name, text)| (PathBuf::from(name), text.as_bytes().to_vec())).collect())
            }
        }
    }

    /// Loads and validates the knowledge.
    pub fn load(&self) -> Result<Knowledge, LoadError> {
        Knowledge::from_sources(&self.read()?)
    }

    /// The file or directory, if the knowledge is on disk.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Files(path) => Some(path),
            Source::BuiltIn => None,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Files(path) => write!(f, "{}", path.display()),
            Source::BuiltIn => f.write_str("the built-in knowledge"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_list_is_the_shipped_folder_and_loads_the_same() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge");
        let on_disk = Knowledge::read(dir).unwrap();
        let names: Vec<String> =
            on_disk.iter().map(|(p, _)| format!("knowledge/{}", p.file_name().unwrap().to_string_lossy())).collect();
        let built_in: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
        assert_eq!(built_in, names, "add a new knowledge file to BUILT_IN");
        for ((_, bytes), (_, text)) in on_disk.iter().zip(BUILT_IN) {
            assert_eq!(bytes, text.as_bytes());
        }
        let kb = Source::BuiltIn.load().unwrap();
        assert_eq!(kb.entries.len(), Knowledge::load(dir).unwrap().entries.len());
    }
}
