//! Ways people write one word differently that normalisation leaves
//! alone, because they change letters rather than fold them: the silent
//! alef of a plural verb, letters that dialect speakers and fast typists
//! swap for one another, and the letters the Gulf and Iraq write for ق.
//!
//! ```
//! use jawab::language::spelling::{fold_confusable, fold_plural_alef};
//! assert_eq!(fold_plural_alef("حكوا"), "حكو");
//! assert_eq!(fold_confusable('ث'), 'ت');
//! ```

use super::has_chars;

/// Drops the silent alef after the plural waw of verbs, which many leave
/// out when typing: «اتقابلوا» and «اتقابلو» become one word (so do
/// «حكوا» and «حكو»). Words of three letters or fewer keep it («دوا»).
///
/// ```
/// use jawab::language::spelling::fold_plural_alef;
/// assert_eq!(fold_plural_alef("اتقابلوا"), "اتقابلو");
/// assert_eq!(fold_plural_alef("اتقابلو"), "اتقابلو");
/// assert_eq!(fold_plural_alef("دوا"), "دوا");
/// ```
pub fn fold_plural_alef(word: &str) -> &str {
    match word.strip_suffix("وا") {
        Some(stem) if has_chars(stem, 2) => &word[..word.len() - 'ا'.len_utf8()],
        _ => word,
    }
}

/// Folds letters that dialect speakers and fast typists swap for one
/// another: ث→ت (U+062B → U+062A), ذ→د (U+0630 → U+062F), ظ→ض (U+0638 →
/// U+0636), ص→س (U+0635 → U+0633), ق→ك (U+0642 → U+0643). Typo tolerance
/// counts such a swap as a smaller slip than any other edit, so «محادتات»
/// is one small slip from «محادثات».
///
/// ```
/// use jawab::language::spelling::fold_confusable;
/// let folded: String = "محادثات".chars().map(fold_confusable).collect();
/// assert_eq!(folded, "محادتات");
/// assert_eq!(fold_confusable('ب'), 'ب');
/// ```
pub fn fold_confusable(c: char) -> char {
    match c {
        'ث' => 'ت',
        'ذ' => 'د',
        'ظ' => 'ض',
        'ص' => 'س',
        'ق' => 'ك',
        c => c,
    }
}

/// The letter Gulf and Iraqi speakers write for ق, which they say as g:
/// ك («كال» for «قال», «الكعدة» for «القعدة»). گ, the letter made for that
/// g, is already ق once normalised. (Some of the Gulf say ق as j and write
/// ج, but too many words of their own have ج where a ق makes another word:
/// «جوه» is "inside", not «قوه», "force".)
pub const QAF_SPELLINGS: &[char] = &['ك'];

/// The word with one of its [`QAF_SPELLINGS`] written ق, one form for each
/// such letter, for a word of at least three letters; in order of the
/// letter's place. Most words with ك are written so (كان، كبير), so the
/// lexicon takes these forms only for a word it does not know, and only
/// when it knows the form.
///
/// ```
/// use jawab::language::spelling::with_qaf;
/// assert_eq!(with_qaf("الكعده").collect::<Vec<_>>(), ["القعده"]);
/// assert_eq!(with_qaf("كتك").collect::<Vec<_>>(), ["قتك", "كتق"]);
/// assert_eq!(with_qaf("جوه").count(), 0);
/// assert_eq!(with_qaf("زيارة").count(), 0);
/// assert_eq!(with_qaf("كم").count(), 0);
/// ```
pub fn with_qaf(word: &str) -> impl Iterator<Item = String> + '_ {
    let long = has_chars(word, 3);
    word.char_indices().filter(move |(_, c)| long && QAF_SPELLINGS.contains(c)).map(move |(i, c)| {
        let mut form = String::with_capacity(word.len() + 1);
        form.push_str(&word[..i]);
        form.push('ق');
        form.push_str(&word[i + c.len_utf8()..]);
        form
    })
}
