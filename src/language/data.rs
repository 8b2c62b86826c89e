//! The language data compiled into Jawab: the files of `lang/ar/`, which
//! hold what is true of Arabic whatever the article — stop words and stop
//! phrases, dialect and spelling equivalences. A knowledge base adds its
//! article's own names and words (`Knowledge::lexicon` joins the two).
//!
//! The files are part of the binary, so a build always has them; their
//! format is the lexicon part of a knowledge file (`stopwords = [...]` and
//! `[[synonym]]` tables), and a problem in one names its file and line
//! ([`problems`]; a test keeps the shipped files free of them).
//!
//! ```
//! let data = jawab::language::data::arabic();
//! assert!(data.stopwords.iter().any(|w| w == "يعني"));
//! assert!(data.synonyms.iter().any(|s| s.canonical == "متى" && s.variants.iter().any(|v| v == "امتى")));
//! ```

use std::sync::LazyLock;

use serde::Deserialize;
use toml::Spanned;

use super::normalize::has_text;

/// The files of `lang/ar/`, in the order they are read.
const FILES: &[(&str, &str)] = &[("lang/ar/lexicon.toml", include_str!("../../lang/ar/lexicon.toml"))];

/// Words or phrases that mean the same as a canonical form, and where the
/// table is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym {
    /// What every variant is rewritten to.
    pub canonical: String,
    /// The dialect forms or spellings.
    pub variants: Vec<String>,
    /// The file it is in.
    pub file: &'static str,
    /// The line of its `[[synonym]]` table.
    pub line: usize,
}

/// The language data of one language.
#[derive(Debug, Clone, Default)]
pub struct LanguageData {
    /// Dialect and spelling equivalences, in file order.
    pub synonyms: Vec<Synonym>,
    /// Words and phrases that carry no topic, as written in the files.
    pub stopwords: Vec<String>,
    /// Problems found while reading the files, each `file:line: message`;
    /// the entries they concern are left out.
    pub problems: Vec<String>,
}

/// Arabic: the files of `lang/ar/`, read once.
pub fn arabic() -> &'static LanguageData {
    static DATA: LazyLock<LanguageData> = LazyLock::new(|| {
        let data = read(FILES);
        for p in &data.problems {
            log::error!("language data: {p}");
        }
        data
    });
    &DATA
}

/// The problems of the shipped language files (none, in a release).
pub fn problems() -> &'static [String] {
    &arabic().problems
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    stopwords: Vec<Spanned<String>>,
    #[serde(default)]
    synonym: Vec<Spanned<RawSynonym>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSynonym {
    canonical: Spanned<String>,
    variants: Vec<Spanned<String>>,
}

/// Reads language files given as (name, text).
fn read(files: &[(&'static str, &str)]) -> LanguageData {
    let mut data = LanguageData::default();
    for &(name, text) in files {
        let line = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let raw: RawFile = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let at = e.span().map_or(1, |s| line(s.start));
                data.problems.push(format!("{name}:{at}: toml: {}", e.message().trim().to_lowercase()));
                continue;
            }
        };
        for w in raw.stopwords {
            if has_text(w.get_ref()) {
                data.stopwords.push(w.into_inner());
            } else {
                data.problems.push(format!(
                    "{name}:{}: stopword {:?} has no letters",
                    line(w.span().start),
                    w.get_ref()
                ));
            }
        }
        for s in raw.synonym {
            let at = line(s.span().start);
            let s = s.into_inner();
            if !has_text(s.canonical.get_ref()) {
                data.problems
                    .push(format!("{name}:{}: synonym has an empty canonical form", line(s.canonical.span().start)));
                continue;
            }
            let mut variants = Vec::new();
            for v in s.variants {
                if has_text(v.get_ref()) {
                    variants.push(v.into_inner());
                } else {
                    data.problems.push(format!("{name}:{}: synonym has an empty variant", line(v.span().start)));
                }
            }
            data.synonyms.push(Synonym {
                canonical: s.canonical.into_inner().trim().to_string(),
                variants,
                file: name,
                line: at,
            });
        }
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_files_have_no_problems() {
        assert_eq!(problems(), &[] as &[String]);
        let data = arabic();
        assert!(
            data.stopwords.len() > 500 && data.synonyms.len() > 100,
            "{} {}",
            data.stopwords.len(),
            data.synonyms.len()
        );
    }

    #[test]
    fn problems_name_the_file_and_line() {
        let bad = "stopwords = [\"في\", \"؟\"]\n[[synonym]]\ncanonical = \"متى\"\nvariants = [\"امتى\", \"!\"]\n";
        let data = read(&[("x.toml", bad)]);
        assert_eq!(
            data.problems,
            ["x.toml:1: stopword \"؟\" has no letters", "x.toml:4: synonym has an empty variant"]
        );
        assert_eq!(data.stopwords, ["في"]);
        assert_eq!(data.synonyms[0].variants, ["امتى"]);
        assert_eq!(data.synonyms[0].line, 2);
        let data = read(&[("y.toml", "stopwords = [\n\"في\",\nplural = 1\n")]);
        assert!(data.problems[0].starts_with("y.toml:3: toml:"), "{:?}", data.problems);
    }
}
