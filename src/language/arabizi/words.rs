//! A text's Latin words, as the reader reads them, and the Arabic it
//! writes for them.

use std::borrow::Cow;

/// The Latin words of a text, lower-cased: letters, digits and the
/// apostrophe of «3'» (Arabic letters, punctuation and spaces separate).
/// A letter typed three times or more, to stress it («leeesh»,
/// «ziyaraaa»), is read as typed once.
pub(super) fn latin_words(text: &str) -> Vec<Cow<'_, str>> {
    let mut words = Vec::new();
    push_latin_words(text, &mut words);
    words
}

/// [`latin_words`] added to `words`.
pub(super) fn push_latin_words<'t>(text: &'t str, words: &mut Vec<Cow<'t, str>>) {
    let pieces =
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || matches!(c, 'é' | 'è') || folded(c) != c));
    for w in pieces.filter(|w| !w.is_empty()) {
        // The English possessive of a name: «putin's» is «putin».
        let w = match w.strip_suffix("'s").or_else(|| w.strip_suffix("'S")) {
            Some(name) if name.ends_with(|c: char| c.is_ascii_alphabetic()) => name,
            _ => w,
        };
        let w = w.trim_matches('\'');
        if is_plain(w) {
            if !w.is_empty() {
                words.push(Cow::Borrowed(w));
            }
            continue;
        }
        let mut out = String::with_capacity(w.len());
        let mut run = (' ', 0);
        for c in w.chars().flat_map(char::to_lowercase).map(folded) {
            run = if c == run.0 { (c, run.1 + 1) } else { (c, 1) };
            out.push(c);
            if run.1 == 3 && c.is_alphabetic() {
                out.truncate(out.len() - 2 * c.len_utf8());
            } else if run.1 > 3 && c.is_alphabetic() {
                out.pop();
            }
        }
        // The French article «l'» glued to its word («l'ijtima3»,
        // «l'azma»): the article apart, as «l ijtima3».
        match out.strip_prefix("l'") {
            Some(rest) if rest.starts_with(|c: char| c.is_alphanumeric()) => {
                let rest = rest.to_string();
                words.push(Cow::Borrowed("l"));
                words.push(Cow::Owned(rest));
            }
            _ if !out.is_empty() => words.push(Cow::Owned(out)),
            _ => {}
        }
    }
}

/// The words of a text apart by spaces, each with the place of its Latin
/// words in `latin`.
pub(super) struct Tokens<'t> {
    pub(super) tokens: Vec<(&'t str, std::ops::Range<usize>)>,
    pub(super) latin: Vec<Cow<'t, str>>,
}

impl<'t> Tokens<'t> {
    pub(super) fn of(text: &'t str) -> Tokens<'t> {
        let mut latin = Vec::new();
        let tokens = text
            .split_whitespace()
            .map(|t| {
                let from = latin.len();
                push_latin_words(t, &mut latin);
                (t, from..latin.len())
            })
            .collect();
        Tokens { tokens, latin }
    }
}

/// The words a text is read as, apart by spaces.
pub(super) struct Words {
    pub(super) text: String,
    /// How many, and where the last begins.
    count: usize,
    last: usize,
}

impl Words {
    pub(super) fn with_capacity(bytes: usize) -> Words {
        Words { text: String::with_capacity(bytes), count: 0, last: 0 }
    }

    /// Adds the word of the clitics `pending` and `word`, and empties
    /// `pending`.
    pub(super) fn push(&mut self, pending: &mut String, word: &str) {
        if self.count > 0 {
            self.text.push(' ');
        }
        self.count += 1;
        self.last = self.text.len();
        self.text.push_str(pending);
        self.text.push_str(word);
        pending.clear();
    }

    pub(super) fn last(&self) -> Option<&str> {
        (self.count > 0).then(|| &self.text[self.last..])
    }
}

/// Whether a Latin word is read as it is typed: lower-case ASCII letters,
/// digits and apostrophes, no letter three times running, no French «l'».
fn is_plain(w: &str) -> bool {
    let b = w.as_bytes();
    b.iter().all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'\'')
        && !b.windows(3).any(|t| t[0] == t[1] && t[1] == t[2] && t[0].is_ascii_alphabetic())
        && !w.starts_with("l'")
}

/// A letter with an accent French spelling puts on it, as the plain
/// letter («tête» is «tete», «à» is «a»); «é», «è» are keys of their own.
fn folded(c: char) -> char {
    match c {
        'ê' | 'ë' | 'Ê' | 'Ë' => 'e',
        'à' | 'â' | 'À' | 'Â' => 'a',
        'î' | 'ï' | 'Î' | 'Ï' => 'i',
        'ô' | 'Ô' => 'o',
        'û' | 'ù' | 'Û' | 'Ù' => 'u',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_typed_as_it_is_read_is_borrowed_others_are_rewritten() {
        let words = latin_words("emta zar Bashar moscooow l'ijtima3?");
        assert_eq!(words, ["emta", "zar", "bashar", "moscow", "l", "ijtima3"]);
        assert!(matches!(words[0], Cow::Borrowed(_)));
        assert!(matches!(words[2], Cow::Owned(_)));
    }

    #[test]
    fn plain_words() {
        for plain in ["3am", "leesh", "3'ayr", "2015"] {
            assert!(is_plain(plain), "{plain}");
        }
        for rewritten in ["Putin", "leeesh", "l'azma", "tête"] {
            assert!(!is_plain(rewritten), "{rewritten}");
        }
    }

    #[test]
    fn words_are_written_apart_with_their_clitics() {
        let mut out = Words::with_capacity(16);
        assert_eq!(out.last(), None);
        let mut pending = "و".to_string();
        out.push(&mut pending, "مع");
        assert!(pending.is_empty());
        assert_eq!(out.last(), Some("ومع"));
        out.push(&mut pending, "بعض");
        assert_eq!((out.text.as_str(), out.last()), ("ومع بعض", Some("بعض")));
    }
}
