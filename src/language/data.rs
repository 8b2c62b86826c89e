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
const FILES: &[(&str, &str)] = &[
    ("lang/ar/arabizi.toml", include_str!("../../lang/ar/arabizi.toml")),
    ("lang/ar/closed.toml", include_str!("../../lang/ar/closed.toml")),
    ("lang/ar/lexicon.toml", include_str!("../../lang/ar/lexicon.toml")),
    ("lang/ar/dialects/egyptian-levantine.toml", include_str!("../../lang/ar/dialects/egyptian-levantine.toml")),
    ("lang/ar/dialects/gulf.toml", include_str!("../../lang/ar/dialects/gulf.toml")),
    ("lang/ar/dialects/iraqi.toml", include_str!("../../lang/ar/dialects/iraqi.toml")),
    ("lang/ar/dialects/maghrebi.toml", include_str!("../../lang/ar/dialects/maghrebi.toml")),
    ("lang/ar/dialects/sudanese-yemeni.toml", include_str!("../../lang/ar/dialects/sudanese-yemeni.toml")),
];

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
    /// Words and phrases that carry no topic, as written in the files,
    /// then the closed classes' forms made by rule ([`closed_forms`]).
    pub stopwords: Vec<String>,
    /// How to read Arabizi (`lang/ar/arabizi.toml`).
    pub arabizi: Option<super::arabizi::Tables>,
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
    #[serde(default)]
    closed: Option<Closed>,
    #[serde(default)]
    arabizi: Option<super::arabizi::Tables>,
}

/// A closed class and its clitics: `words` are function words; each of
/// them, and each of `hosts` with each of `pronouns` attached, is also one
/// behind each of `conjunctions`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Closed {
    /// The conjunctions that may stand before any of the forms (و، ف).
    #[serde(default)]
    pub conjunctions: Vec<String>,
    /// The function words.
    #[serde(default)]
    pub words: Vec<String>,
    /// Words that take an attached pronoun (prepositions, the dialects' "of").
    #[serde(default)]
    pub hosts: Vec<String>,
    /// The attached pronouns.
    #[serde(default)]
    pub pronouns: Vec<String>,
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
        if let Some(closed) = raw.closed {
            data.stopwords.extend(closed_forms(&closed));
        }
        if let Some(tables) = raw.arabizi {
            data.arabizi = Some(tables);
        }
    }
    data.problems.extend(conflicts(&data.synonyms));
    data
}

/// The tables that cannot all be applied: a variant given two meanings,
/// and a canonical form that another table rewrites (rewriting is done
/// once, so the chain would never be followed).
fn conflicts(synonyms: &[Synonym]) -> Vec<String> {
    use super::normalize::normalize;
    let mut problems = Vec::new();
    let mut variant_of: std::collections::HashMap<String, &Synonym> = std::collections::HashMap::new();
    for s in synonyms {
        let canonical = normalize(&s.canonical);
        for v in &s.variants {
            let key = normalize(v);
            match variant_of.get(&key) {
                Some(other) if normalize(&other.canonical) != canonical => problems.push(format!(
                    "{}:{}: variant {v:?} is given for both {:?} (at {}:{}) and {:?}",
                    s.file, s.line, other.canonical, other.file, other.line, s.canonical
                )),
                Some(_) => {}
                None => {
                    variant_of.insert(key, s);
                }
            }
        }
    }
    for s in synonyms {
        if let Some(other) = variant_of.get(&normalize(&s.canonical))
            && normalize(&other.canonical) != normalize(&s.canonical)
        {
            problems.push(format!(
                "{}:{}: canonical {:?} is itself a variant of {:?} (at {}:{})",
                s.file, s.line, s.canonical, other.canonical, other.file, other.line
            ));
        }
    }
    problems
}

/// Every form of a closed class, normalised: each word, each host with
/// each pronoun, and all of those behind each conjunction. A form that is
/// a question word, or one behind a prefix letter («بكم»، «فمن»), is left
/// out: it must keep asking.
///
/// ```
/// use jawab::language::data::{closed_forms, Closed};
/// let closed = Closed {
///     conjunctions: vec!["و".into()],
///     words: vec!["هذا".into()],
///     hosts: vec!["على".into(), "ب".into()],
///     pronouns: vec!["ه".into(), "كم".into()],
/// };
/// let forms = closed_forms(&closed);
/// for f in ["هذا", "وهذا", "عليه", "وعليه", "عليكم", "به", "وبه"] {
///     assert!(forms.iter().any(|x| x == f), "{f}");
/// }
/// assert!(!forms.iter().any(|x| x == "بكم"), "«بكم» asks how much");
/// ```
pub fn closed_forms(closed: &Closed) -> Vec<String> {
    use super::normalize::normalize;
    use super::question::{prefixed_question, question_word};
    let mut bare: Vec<String> = closed.words.iter().map(|w| normalize(w)).collect();
    for host in &closed.hosts {
        let host = normalize(host);
        for p in &closed.pronouns {
            bare.push(format!("{host}{}", normalize(p)));
        }
    }
    let mut out = Vec::with_capacity(bare.len() * (1 + closed.conjunctions.len()));
    for form in bare.iter().filter(|f| !f.is_empty()) {
        out.push(form.clone());
        for c in &closed.conjunctions {
            out.push(format!("{}{form}", normalize(c)));
        }
    }
    out.retain(|f| question_word(f).is_none() && prefixed_question(f).is_none());
    out.sort();
    out.dedup();
    out
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

    /// Every file of `lang/ar/` is compiled in: one not listed in `FILES`
    /// would be silently left out.
    #[test]
    fn every_language_file_is_listed() {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "toml") {
                    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
                    out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
                }
            }
        }
        let mut found = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lang"), &mut found);
        found.sort();
        let mut listed: Vec<String> = FILES.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(found, listed);
    }

    #[test]
    fn a_variant_with_two_meanings_and_a_chain_are_problems() {
        let text = "[[synonym]]\ncanonical = \"كيف\"\nvariants = [\"شلون\"]\n[[synonym]]\ncanonical = \"ماذا\"\nvariants = [\"شلون\", \"كيف\"]\n";
        let data = read(&[("x.toml", text)]);
        assert_eq!(
            data.problems,
            [
                "x.toml:4: variant \"شلون\" is given for both \"كيف\" (at x.toml:1) and \"ماذا\"",
                "x.toml:1: canonical \"كيف\" is itself a variant of \"ماذا\" (at x.toml:4)"
            ]
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
