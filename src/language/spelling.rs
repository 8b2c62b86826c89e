//! Ways people write one word differently that normalisation leaves
//! alone, because they change letters rather than fold them: the silent
//! alef of a plural verb, and letters that dialect speakers and fast
//! typists swap for one another.
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
