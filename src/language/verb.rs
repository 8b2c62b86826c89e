//! Dialect verb affixes, taken off by rule so that a lexicon lists a verb
//! in one or two forms and still knows it negated, in the future or in the
//! plural: «ماحكاش» and «هيحكوا» are found through «حكا» and «يحكي»-like
//! forms a dialect table lists.
//!
//! Every rule leaves at least three letters, and the lexicon rewrites a word
//! through these forms only when it lists what remains and knows nothing of
//! the word itself (see [`super::Lexicon`]): many words begin with ب or end
//! in ش of their own («بيان»، «نقاش»).

use super::has_chars;

/// A verb keeps at least this many letters.
const MIN_VERB: usize = 3;

/// The letters an imperfect verb begins with (ي ت ن ا: he, she or you, we,
/// I), which a tense prefix must stand before.
const IMPERFECT: &[char] = &['ي', 'ت', 'ن', 'ا'];

/// The imperfect's letters without its ا, which also opens the article and
/// too many nouns and names to tell a verb by.
const IMPERFECT_NOT_ALEF: &[char] = &['ي', 'ت', 'ن'];

/// The tense and aspect prefixes of the dialects, one letter before an
/// imperfect verb (ي ت ن ا): ب (Egyptian and Levantine present: «بيحكي»),
/// ح and ه (future: «حيحكي»، «هيحكي») and غ (Maghrebi future: «غيهضر»).
pub const TENSE_PREFIXES: &[char] = &['ب', 'ح', 'ه', 'غ'];

/// The Maghrebi present prefixes ك and ت, which stand only before ي here
/// («كيهضر»، «تيناقشو»): before ت they would take «كتاب» for «تاب».
pub const PRESENT_PREFIXES: &[char] = &['ك', 'ت'];

/// The verb without the negation of Egyptian, Levantine and Maghrebi
/// Arabic: ما before it and ش after it («ماحكاش»), or the ش alone when ما
/// is written apart («ما حكاش»).
///
/// ```
/// use jawab::language::verb::without_negation;
/// assert_eq!(without_negation("ماحكاش"), Some("حكا"));
/// assert_eq!(without_negation("حكاش"), Some("حكا"));
/// assert_eq!(without_negation("جيش"), None);
/// ```
pub fn without_negation(word: &str) -> Option<&str> {
    let rest = word.strip_suffix('ش')?;
    let rest = rest.strip_prefix("ما").filter(|r| has_chars(r, MIN_VERB)).unwrap_or(rest);
    Some(rest).filter(|r| has_chars(r, MIN_VERB))
}

/// The verb without a prefix of [`TENSE_PREFIXES`] or
/// [`PRESENT_PREFIXES`].
///
/// ```
/// use jawab::language::verb::without_tense;
/// assert_eq!(without_tense("هيتكلمو"), Some("يتكلمو"));
/// assert_eq!(without_tense("بنحكي"), Some("نحكي"));
/// assert_eq!(without_tense("كيهضر"), Some("يهضر"));
/// assert_eq!(without_tense("بحث"), None);
/// assert_eq!(without_tense("كتاب"), None);
/// ```
pub fn without_tense(word: &str) -> Option<&str> {
    let first = word.chars().next()?;
    let rest = &word[first.len_utf8()..];
    let fits = (TENSE_PREFIXES.contains(&first) && rest.starts_with(IMPERFECT))
        || (PRESENT_PREFIXES.contains(&first) && rest.starts_with('ي'));
    Some(rest).filter(|r| fits && has_chars(r, MIN_VERB))
}

/// The verb without the و of the plural («حكو»، «يتكلمو»), whose alef
/// normalisation has already dropped.
///
/// ```
/// use jawab::language::verb::without_plural;
/// assert_eq!(without_plural("يتكلمو"), Some("يتكلم"));
/// assert_eq!(without_plural("حكو"), None);
/// ```
pub fn without_plural(word: &str) -> Option<&str> {
    word.strip_suffix('و').filter(|r| has_chars(r, MIN_VERB))
}

/// The verb behind the relative article of Sudanese and Egyptian speech,
/// «ال» for «اللي» («الحيحضرو» "those who will attend", «البيقولو» "those
/// who say»): «ال» before a verb with a tense prefix ([`without_tense`]),
/// or before an imperfect in the plural («اليحضرو»). Nouns begin so too
/// («البيان»، «الحياه»), so the rest must have at least five letters with a
/// tense prefix, four with the plural و; and the matcher still takes the
/// verb's forms only where the knowledge knows them.
///
/// ```
/// use jawab::language::verb::without_relative;
/// assert_eq!(without_relative("الحيحضرو"), Some("حيحضرو"));
/// assert_eq!(without_relative("اليحضرو"), Some("يحضرو"));
/// assert_eq!(without_relative("البيان"), None);
/// assert_eq!(without_relative("الحياه"), None);
/// assert_eq!(without_relative("الرييس"), None);
/// ```
pub fn without_relative(word: &str) -> Option<&str> {
    let rest = word.strip_prefix("ال")?;
    let tensed = has_chars(rest, 5) && without_tense(rest).is_some();
    let plural = has_chars(rest, 4) && rest.starts_with(IMPERFECT_NOT_ALEF) && rest.ends_with('و');
    Some(rest).filter(|_| tensed || plural)
}

/// Whether «راح» before `next` is the future of Levantine, Iraqi and Gulf
/// Arabic («راح يجتمعون», "they will meet") rather than "went" («راح
/// موسكو»): `next` is an imperfect of three letters or more, ي ت ن (not ا,
/// which opens the article and too many names).
///
/// ```
/// use jawab::language::verb::is_future_before;
/// assert!(is_future_before("يجتمعون") && is_future_before("تطلع"));
/// assert!(!is_future_before("موسكو") && !is_future_before("الاسد") && !is_future_before("تل"));
/// ```
pub fn is_future_before(next: &str) -> bool {
    next.starts_with(IMPERFECT_NOT_ALEF) && has_chars(next, MIN_VERB)
}

/// The forms of a word with its dialect verb affixes off, in the order the
/// lexicon tries them: negation, tense, plural, then each pair and all
/// three; `f` is called with each until it returns `Some`.
///
/// ```
/// use jawab::language::verb::find_bare;
/// let listed = ["تكلم", "يحكي"];
/// let look = |v: &str| listed.contains(&v).then(|| v.to_string());
/// assert_eq!(find_bare("ماتكلموش", look), Some("تكلم".to_string()));
/// assert_eq!(find_bare("بيحكي", look), Some("يحكي".to_string()));
/// assert_eq!(find_bare("مكتب", look), None);
/// ```
pub fn find_bare<'w, T>(word: &'w str, mut f: impl FnMut(&'w str) -> Option<T>) -> Option<T> {
    for (i, w) in [Some(word), without_negation(word)].into_iter().flatten().enumerate() {
        let tense = without_tense(w);
        let forms = [(i > 0).then_some(w), tense, without_plural(w), tense.and_then(without_plural)];
        if let Some(t) = forms.into_iter().flatten().find_map(&mut f) {
            return Some(t);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(word: &str) -> Vec<String> {
        let mut out = Vec::new();
        find_bare(word, |v| {
            out.push(v.to_string());
            None::<()>
        });
        out
    }

    #[test]
    fn forms_golden() {
        assert_eq!(all("ماحكوش"), ["حكو"]);
        assert_eq!(all("هيتكلمو"), ["يتكلمو", "هيتكلم", "يتكلم"]);
        assert_eq!(all("مابيحكوش"), ["بيحكو", "يحكو", "بيحك", "يحك"]);
        assert_eq!(all("كتاب"), Vec::<String>::new());
    }
}
