//! Light stemming, and the forms of a word without its affixes that the
//! matcher and the lexicon look up in the vocabulary.
//!
//! Arabic glues conjunctions, prepositions, the article and pronouns onto
//! words. The stemmer takes off only what is safe to take off always (the
//! article, common suffixes); the other affixes are offered as candidate
//! forms, and the vocabulary decides: «لبوتين» is «ل» + «بوتين» because the
//! knowledge knows «بوتين», while «بوتين» keeps its «ب».
//!
//! ```
//! use jawab::language::stem::{light_stem, without_prefixes};
//! assert_eq!(light_stem("والمحادثات"), "محادث");
//! assert_eq!(without_prefixes("لبوتين").collect::<Vec<_>>(), ["بوتين"]);
//! ```

use super::has_chars;

/// The one-letter prefixes (normalised) that may stand before a word:
/// و (and), ف (so), ب (with), ل (for), ك (like). Whether one is stripped
/// depends on the vocabulary, see [`prefix_variants`].
pub const PREFIX_LETTERS: &[char] = &['و', 'ف', 'ب', 'ل', 'ك'];

/// The article forms, longest first: وال، بال، كال، فال، and the Levantine
/// and Gulf هال ("this": هالزيارة), then لل، ال.
const ARTICLES: &[&str] = &["وال", "بال", "كال", "فال", "هال", "لل", "ال"];

/// Suffixes removed in this order, each at most once (after the Light10
/// stemmer of Larkey et al., with و for verb plurals, whose alef
/// [`super::spelling::fold_plural_alef`] has dropped): ها، ان، ات، ون، ين، و، يه، ه، ي. (Removing يا too, so that سوريا meets
/// السورية, was measured and lost accuracy on the development set.)
const SUFFIXES: &[&str] = &["ها", "ان", "ات", "ون", "ين", "و", "يه", "ه", "ي"];

/// A stem keeps at least this many letters.
const MIN_STEM: usize = 3;

/// Removes the definite article (with a leading و ب ك ف, or the لل form),
/// when at least two letters remain.
///
/// ```
/// use jawab::language::stem::strip_article;
/// assert_eq!(strip_article("والرييس"), "رييس");
/// assert_eq!(strip_article("للاسد"), "اسد");
/// assert_eq!(strip_article("الي"), "الي");
/// ```
pub fn strip_article(word: &str) -> &str {
    for a in ARTICLES {
        if let Some(rest) = word.strip_prefix(a)
            && has_chars(rest, 2)
        {
            return rest;
        }
    }
    word
}

/// Light stemming of one normalised word: the article, then the suffixes of
/// `SUFFIXES` in order, never leaving fewer than three letters.
/// One-letter prefixes are not removed here (see [`prefix_variants`]):
/// "بوتين" must not lose its ب.
///
/// ```
/// use jawab::language::stem::light_stem;
/// assert_eq!(light_stem("الزياره"), "زيار");
/// assert_eq!(light_stem("زيارات"), "زيار");
/// assert_eq!(light_stem("بوتين"), "بوت");
/// assert_eq!(light_stem("متي"), "متي");
/// ```
pub fn light_stem(word: &str) -> &str {
    let mut w = strip_article(word);
    for s in SUFFIXES {
        if let Some(rest) = w.strip_suffix(s)
            && has_chars(rest, MIN_STEM)
        {
            w = rest;
        }
    }
    w
}

/// The word without one-letter prefixes, as candidates for the vocabulary:
/// the word itself; without its first letter if that is one of
/// [`PREFIX_LETTERS`]; and without two (و or ف, then ب ل or ك: "وبالاسد").
/// At least three letters always remain.
///
/// ```
/// use jawab::language::stem::prefix_variants;
/// assert_eq!(prefix_variants("لبوتين"), vec!["لبوتين", "بوتين"]);
/// assert_eq!(prefix_variants("فبموسكو"), vec!["فبموسكو", "بموسكو", "موسكو"]);
/// assert_eq!(prefix_variants("بين"), vec!["بين"]);
/// ```
pub fn prefix_variants(word: &str) -> Vec<&str> {
    std::iter::once(word).chain(without_prefixes(word)).collect()
}

/// The variants of [`prefix_variants`] after the word itself, without
/// allocating (the matcher calls it for every word of every question).
///
/// ```
/// use jawab::language::stem::without_prefixes;
/// assert_eq!(without_prefixes("وبالاسد").collect::<Vec<_>>(), vec!["بالاسد", "الاسد"]);
/// ```
pub fn without_prefixes(word: &str) -> impl Iterator<Item = &str> {
    let mut out = [None, None];
    let mut chars = word.char_indices();
    if let Some((_, first)) = chars.next()
        && PREFIX_LETTERS.contains(&first)
        && has_chars(word, MIN_STEM + 1)
    {
        let rest = &word[first.len_utf8()..];
        out[0] = Some(rest);
        if let Some((_, second)) = chars.next()
            && matches!(first, 'و' | 'ف')
            && matches!(second, 'ب' | 'ل' | 'ك')
            && has_chars(word, MIN_STEM + 2)
        {
            out[1] = Some(&rest[second.len_utf8()..]);
        }
    }
    out.into_iter().flatten()
}

/// The attached pronouns a noun or verb may end in, longest first: هما
/// (their two), كما (your two), هم (their), كم (your), نا (our, us). The
/// light stemmer leaves them on («محادثاتهما»), since a word may end in
/// these letters itself («تفاهم»); whether one is taken off depends on the
/// vocabulary, see [`without_pronoun`].
pub const PRONOUN_SUFFIXES: &[&str] = &["هما", "كما", "هم", "كم", "نا"];

/// The word without an attached pronoun of [`PRONOUN_SUFFIXES`], if one
/// ends it and at least three letters remain.
///
/// ```
/// use jawab::language::stem::without_pronoun;
/// assert_eq!(without_pronoun("محادثاتهما"), Some("محادثات"));
/// assert_eq!(without_pronoun("علاقاتنا"), Some("علاقات"));
/// assert_eq!(without_pronoun("مهم"), None);
/// ```
pub fn without_pronoun(word: &str) -> Option<&str> {
    PRONOUN_SUFFIXES.iter().find_map(|s| word.strip_suffix(s)).filter(|rest| has_chars(rest, MIN_STEM))
}

/// The word without an attached pronoun, as the lexicon looks it up: those
/// of [`PRONOUN_SUFFIXES`] and ها، ه، ك («شلونها» is «شلون», how), if at
/// least three letters remain. ه is also ة once normalised, so the feminine
/// of a listed word is found too («تانية» is «تاني»). The lexicon rewrites a
/// word this way only when it lists the rest as a variant.
///
/// ```
/// use jawab::language::stem::without_attached;
/// assert_eq!(without_attached("شلونها"), Some("شلون"));
/// assert_eq!(without_attached("ازيك"), Some("ازي"));
/// assert_eq!(without_attached("وجه"), None);
/// ```
pub fn without_attached(word: &str) -> Option<&str> {
    PRONOUN_SUFFIXES
        .iter()
        .chain(&["ها", "ه", "ك"])
        .find_map(|s| word.strip_suffix(s))
        .filter(|rest| has_chars(rest, MIN_STEM))
}

/// The word without the ت that ends a verb in the past for "she" or "it"
/// («عقدت»، «وصلت»), if at least three letters remain. Nouns end in ت too
/// («بيروت»), so the matcher uses this form only when it knows it.
///
/// ```
/// use jawab::language::stem::without_past_t;
/// assert_eq!(without_past_t("عقدت"), Some("عقد"));
/// assert_eq!(without_past_t("بات"), None);
/// ```
pub fn without_past_t(word: &str) -> Option<&str> {
    word.strip_suffix('ت').filter(|rest| has_chars(rest, MIN_STEM))
}

/// The word without the prefix of Egyptian and Levantine passive and
/// reflexive verbs, in its two readings: without ات or ان («اتذكرت» for
/// ذُكرت, «انبحثت» for بُحثت), and without the alef alone, where the ت
/// belongs to the verb («اتقوت» for تقوّت). Only forms of at least three
/// letters. Many words begin with these letters («اتفاق»، «انتخابات»), so
/// the matcher and the lexicon use these forms only when they know them.
///
/// ```
/// use jawab::language::stem::without_passive;
/// assert_eq!(without_passive("اتذكرت"), [Some("ذكرت"), Some("تذكرت")]);
/// assert_eq!(without_passive("انبحث"), [Some("بحث"), None]);
/// assert_eq!(without_passive("اتم"), [None, None]);
/// ```
pub fn without_passive(word: &str) -> [Option<&str>; 2] {
    let long = |rest: &&str| has_chars(rest, MIN_STEM);
    let short = word.strip_prefix("ات").or_else(|| word.strip_prefix("ان")).filter(long);
    let alef = word.strip_prefix("ات").map(|_| &word['ا'.len_utf8()..]).filter(long);
    [short, alef]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_golden() {
        let cases = [
            ("المحادثات", "محادث"),
            ("محادثات", "محادث"),
            ("والاسد", "اسد"),
            ("للاسد", "اسد"),
            ("الزياره", "زيار"),
            ("زيارتها", "زيارت"),
            ("العسكريه", "عسكر"),
            ("اتكلمو", "اتكلم"),
            ("سوريا", "سوريا"),
            ("1944", "1944"),
            ("من", "من"),
        ];
        for (w, s) in cases {
            assert_eq!(light_stem(w), s, "word {w}");
        }
    }
}
