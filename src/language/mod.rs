//! Arabic as Jawab reads it, apart from any one article: everything here
//! serves any knowledge base.
//!
//! A text goes through these steps, in this order:
//! 1. [`normalize()`]: the character rules of [`normalize::RULES`] fold
//!    spelling differences away (hamzas, diacritics, tatweel, alef and yeh
//!    forms, Persian and dialect letters, Arabic-Indic digits, separators).
//! 2. [`lexicon`]: dialect words and phrases are rewritten to their MSA
//!    forms, stop words and stop phrases are dropped, names of things
//!    outside the article are marked, and the first question word gives the
//!    question its [`QuestionType`] ([`question`]); a word found nowhere
//!    is looked up again without a dialect verb's affixes ([`verb`]).
//! 3. [`stem`]: the matcher turns each content word into an index key: its
//!    light stem, or the stem of a form without a prefix, pronoun, past ت,
//!    dialect passive or verb affix, or a feminine ت, when the knowledge
//!    base knows that form better.
//! 4. [`spelling`]: the letters people swap for one another, which typo
//!    tolerance forgives more readily than other slips.
//!
//! ```
//! use jawab::language::{normalize, Kind, Lexicon, QuestionType};
//! let lex = Lexicon::new(&[("متى", &["امتى"][..])], &["في"]);
//! let a = lex.analyze_normalized(&normalize("إمتى وصل الأسد في موسكو؟"));
//! assert_eq!(a.qtype, Some(QuestionType::When));
//! let content: Vec<&str> = a.tokens.iter().filter(|t| t.kind == Kind::Content).map(|t| t.text.as_str()).collect();
//! assert_eq!(content, ["وصل", "الاسد", "موسكو"]);
//! ```

pub mod arabizi;
pub mod data;
pub mod lexicon;
pub mod normalize;
pub mod question;
pub mod spelling;
pub mod stem;
pub mod verb;

pub use lexicon::{Analysis, Kind, Lexicon, Token};
pub use normalize::{has_text, normalize, normalize_into};
pub use question::QuestionType;

/// Whether a word has at least `n` letters, counting no further than `n`
/// (stemming asks this of every form of every word).
fn has_chars(word: &str, n: usize) -> bool {
    n == 0 || word.chars().nth(n - 1).is_some()
}
