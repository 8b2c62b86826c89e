//! The knowledge files as TOML gives them, with the spans the validator
//! turns into line numbers. Unknown keys are errors, so a misspelt field
//! is reported instead of ignored.

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    #[serde(default)]
    pub(super) article: Option<Spanned<RawArticle>>,
    #[serde(default)]
    pub(super) entry: Vec<Spanned<RawEntry>>,
    #[serde(default)]
    pub(super) outside: Vec<Spanned<RawOutside>>,
    #[serde(default)]
    pub(super) synonym: Vec<Spanned<RawSynonym>>,
    #[serde(default)]
    pub(super) stopwords: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) offtopic: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArticle {
    pub(super) title: String,
    #[serde(default)]
    pub(super) source: String,
    pub(super) paragraphs: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEntry {
    pub(super) id: Option<Spanned<String>>,
    pub(super) questions: Option<Spanned<Vec<Spanned<String>>>>,
    pub(super) answer: Option<Spanned<String>>,
    pub(super) paragraph: Option<Spanned<Paragraphs>>,
    #[serde(default)]
    pub(super) tags: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) related: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutside {
    pub(super) id: Option<Spanned<String>>,
    pub(super) questions: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum Paragraphs {
    One(i64),
    Many(Vec<i64>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSynonym {
    pub(super) canonical: Spanned<String>,
    pub(super) variants: Vec<Spanned<String>>,
}
