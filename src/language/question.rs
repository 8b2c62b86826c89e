//! Question words and what they ask for: a date, a number, a person, a
//! place, a reason, a manner, a thing, or yes or no.
//!
//! ```
//! use jawab::language::question::{prefixed_question, QuestionType};
//! assert_eq!(prefixed_question("ومتي"), Some("متي"));
//! assert!(QuestionType::When.is_specific() && !QuestionType::YesNo.is_specific());
//! ```

use super::stem::strip_article;

/// What kind of answer a question asks for, from its question word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuestionType {
    /// متى: a date or time.
    When,
    /// كم: a number, a duration, an amount.
    HowMuch,
    /// من: a person or a party.
    Who,
    /// أين: a place.
    Where,
    /// لماذا: a reason.
    Why,
    /// كيف: a manner.
    How,
    /// ماذا، ما: a thing or an event.
    What,
    /// هل: yes or no.
    YesNo,
}

impl QuestionType {
    /// Whether the type narrows what the answer can be. "هل" and "ماذا" fit
    /// almost any entry, so they are not held against one.
    pub fn is_specific(self) -> bool {
        !matches!(self, QuestionType::What | QuestionType::YesNo)
    }
}

/// The MSA question words (normalised), their types, and whether they count
/// anywhere in the question. "من" is also the preposition "from", so it
/// counts as "who" only at the start or when a dialect form ("مين") was
/// rewritten to it.
pub(crate) const QUESTION_WORDS: &[(&str, QuestionType, bool)] = &[
    ("متي", QuestionType::When, true),
    ("كم", QuestionType::HowMuch, true),
    ("من", QuestionType::Who, false),
    ("اين", QuestionType::Where, true),
    ("لماذا", QuestionType::Why, true),
    ("لم", QuestionType::Why, false),
    ("كيف", QuestionType::How, true),
    ("ماذا", QuestionType::What, true),
    ("ما", QuestionType::What, false),
    ("اي", QuestionType::What, false),
    ("هل", QuestionType::YesNo, false),
];

/// Nouns that, right after "أي" ("which"), say what a question asks for:
/// «في أي مدينة» asks where, «في أي يوم» asks when, «أي رئيس» who, though
/// "أي" alone says only "which". Those of time also make a "how many" right after them ask
/// when («سنة كام»). Normalised, without the article; the noun stays a
/// content word.
const QUESTION_NOUNS: &[(&str, QuestionType)] = &[
    ("مدينه", QuestionType::Where),
    ("مكان", QuestionType::Where),
    ("بلد", QuestionType::Where),
    ("دوله", QuestionType::Where),
    ("عاصمه", QuestionType::Where),
    ("يوم", QuestionType::When),
    ("تاريخ", QuestionType::When),
    ("سنه", QuestionType::When),
    ("عام", QuestionType::When),
    ("شهر", QuestionType::When),
    ("وقت", QuestionType::When),
    ("رييس", QuestionType::Who),
    ("زعيم", QuestionType::Who),
    ("شخص", QuestionType::Who),
    ("مسوول", QuestionType::Who),
    ("طرف", QuestionType::Who),
];

/// The type a noun gives a question when it follows "أي" (see
/// [`QUESTION_NOUNS`]).
pub(crate) fn question_noun(word: &str) -> Option<QuestionType> {
    let bare = strip_article(word);
    QUESTION_NOUNS.iter().find(|(n, _)| *n == bare).map(|&(_, t)| t)
}

/// A question word behind a one-letter prefix, و ف ب or ل: «ومتى»، «وكم»،
/// «بكم»، «ولماذا»، «بأي»، «لمن». The prefix rules leave these alone (the
/// words are too short, and «كم» must keep its ك), so the question word is
/// looked up here. «ولم»، «لما» and «بما» are left out: they are far more
/// often "and did not", "when" (a conjunction) and "since" than questions.
///
/// ```
/// use jawab::language::question::prefixed_question;
/// assert_eq!(prefixed_question("ومتي"), Some("متي"));
/// assert_eq!(prefixed_question("بكم"), Some("كم"));
/// assert_eq!(prefixed_question("ولم"), None);
/// assert_eq!(prefixed_question("لما"), None);
/// assert_eq!(prefixed_question("وزير"), None);
/// ```
pub fn prefixed_question(word: &str) -> Option<&str> {
    let rest = word.strip_prefix(['و', 'ف', 'ب', 'ل'])?;
    let conjunction = matches!(word, "ولم" | "فلم" | "لما" | "بما");
    (!conjunction && question_word(rest).is_some()).then_some(rest)
}

/// Whether a normalised word is an MSA question word.
pub(crate) fn question_word_of(token: &str) -> bool {
    question_word(token).is_some()
}

pub(crate) fn question_word(token: &str) -> Option<(QuestionType, bool)> {
    QUESTION_WORDS.iter().find(|(w, _, _)| *w == token).map(|&(_, t, anywhere)| (t, anywhere))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::lexicon::{Kind, Lexicon};

    #[test]
    fn question_types() {
        let lex = Lexicon::new(&[("من", &["مين"][..]), ("متى", &["امتى"][..]), ("لماذا", &["ليش"][..])], &["في"]);
        let t = |q: &str| lex.analyze(q).qtype;
        assert_eq!(t("من زار موسكو"), Some(QuestionType::Who));
        assert_eq!(t("زار موسكو مين"), Some(QuestionType::Who));
        // "من" in the middle is the preposition "from".
        assert_eq!(t("طلب مساعدة من روسيا"), None);
        assert_eq!(t("الزيارة كانت امتى"), Some(QuestionType::When));
        assert_eq!(t("ليش الزيارة مهمة"), Some(QuestionType::Why));
        assert_eq!(t("كم ساعة"), Some(QuestionType::HowMuch));
        // A noun after "أي" tells what it asks, with or without a preposition.
        assert_eq!(t("في أي مدينة عقدت المحادثات"), Some(QuestionType::Where));
        assert_eq!(t("بأي مدينة اجتمعوا"), Some(QuestionType::Where));
        assert_eq!(t("أي رئيس سافر إلى موسكو"), Some(QuestionType::Who));
        assert_eq!(t("أي شيء قال بوتين"), Some(QuestionType::What));
        // A question word behind و ف ب ل, as follow-up questions begin.
        assert_eq!(t("ومتى زار بوتين دمشق"), Some(QuestionType::When));
        assert_eq!(t("وكم ساعة"), Some(QuestionType::HowMuch));
        assert_eq!(t("ولماذا طلب المساعدة"), Some(QuestionType::Why));
        assert_eq!(t("فمن زار من"), Some(QuestionType::Who));
        // «لما» is "when" the conjunction, «ولم» "and did not".
        assert_eq!(t("ولم يذكر المقال اليوم"), None);
        assert_eq!(lex.analyze("ومتى").tokens[0].kind, Kind::Question);
        assert_eq!(t("أي يوم وصل الأسد"), Some(QuestionType::When));
        assert_eq!(t("الزيارة كانت في أي سنة"), Some(QuestionType::When));
        // A noun that is not in the list leaves "which" asking what.
        assert_eq!(t("أي اتفاق وقعه الرئيسان"), Some(QuestionType::What));
        // "How many" after a noun of time asks when; before it, how long.
        assert_eq!(t("الزيارة كانت سنة كم"), Some(QuestionType::When));
        assert_eq!(t("الساعة كم بدأ اللقاء"), Some(QuestionType::When));
        assert_eq!(t("كم سنة"), Some(QuestionType::HowMuch));
        assert_eq!(t("المحادثات كم ساعة"), Some(QuestionType::HowMuch));
        // The noun stays a word to match.
        let a = lex.analyze("في أي مدينة");
        assert_eq!(a.tokens.last().map(|t| (t.text.as_str(), t.kind)), Some(("مدينه", Kind::Content)));
    }
}
