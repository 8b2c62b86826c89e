//! From normalised text to the tokens the matcher compares: dialect
//! rewriting through the lexicon, word kinds, the question type, and light
//! stemming.
//!
//! ```
//! use jawab::tokens::{light_stem, Lexicon, QuestionType};
//! assert_eq!(light_stem("والمحادثات"), "محادث");
//! let lex = Lexicon::new(&[("متى", &["امتى", "إيمتى"][..])], &["في"]);
//! let a = lex.analyze("إيمتى وصل الأسد في موسكو؟");
//! assert_eq!(a.qtype, Some(QuestionType::When));
//! ```

use rustc_hash::FxHashMap as HashMap;

use crate::knowledge::Knowledge;
use crate::normalize::{normalize, normalize_into};

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
const QUESTION_WORDS: &[(&str, QuestionType, bool)] = &[
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
/// «في أي مدينة» asks where, «في أي يوم» asks when, though "أي" alone says
/// only "which". Those of time also make a "how many" right after them ask
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
];

/// The type a noun gives a question when it follows "أي" (see
/// [`QUESTION_NOUNS`]).
fn question_noun(word: &str) -> Option<QuestionType> {
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
/// use jawab::tokens::prefixed_question;
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

fn question_word(token: &str) -> Option<(QuestionType, bool)> {
    QUESTION_WORDS.iter().find(|(w, _, _)| *w == token).map(|&(_, t, anywhere)| (t, anywhere))
}

/// How much a token says about the topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A topic word: it is matched and weighted.
    Content,
    /// A question word: it sets the question type and is not matched.
    Question,
    /// A function word or dialect filler: ignored.
    Stop,
    /// A word naming something the article is not about (another country,
    /// another leader): matched like content, and weighs heavily when unmatched.
    Offtopic,
}

/// One token of an analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalised word, after dialect rewriting.
    pub text: String,
    /// What it is.
    pub kind: Kind,
}

/// A text as the matcher sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Its tokens, in order.
    pub tokens: Vec<Token>,
    /// The type of the first question word found, if any.
    pub qtype: Option<QuestionType>,
}

/// Drops the silent alef after the plural waw of verbs, which many leave
/// out when typing: «اتقابلوا» and «اتقابلو» become one word (so do
/// «حكوا» and «حكو»). Words of three letters or fewer keep it («دوا»).
///
/// ```
/// use jawab::tokens::fold_plural_alef;
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

/// The one-letter prefixes (normalised) that may stand before a word:
/// و (and), ف (so), ب (with), ل (for), ك (like). Whether one is stripped
/// depends on the vocabulary, see [`prefix_variants`].
pub const PREFIX_LETTERS: &[char] = &['و', 'ف', 'ب', 'ل', 'ك'];

/// The article forms, longest first: وال، بال، كال، فال، and the Levantine
/// and Gulf هال ("this": هالزيارة), then لل، ال.
const ARTICLES: &[&str] = &["وال", "بال", "كال", "فال", "هال", "لل", "ال"];

/// Suffixes removed in this order, each at most once (after the Light10
/// stemmer of Larkey et al., with و for verb plurals, whose alef
/// [`fold_plural_alef`] has dropped): ها، ان، ات، ون، ين، و، يه، ه، ي. (Removing يا too, so that سوريا meets
/// السورية, was measured and lost accuracy on the development set.)
const SUFFIXES: &[&str] = &["ها", "ان", "ات", "ون", "ين", "و", "يه", "ه", "ي"];

/// A stem keeps at least this many letters.
const MIN_STEM: usize = 3;

/// Whether a word has at least `n` letters, counting no further than `n`
/// (stemming asks this of every form of every word).
fn has_chars(word: &str, n: usize) -> bool {
    n == 0 || word.chars().nth(n - 1).is_some()
}

/// Removes the definite article (with a leading و ب ك ف, or the لل form),
/// when at least two letters remain.
///
/// ```
/// use jawab::tokens::strip_article;
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
/// [`SUFFIXES`] in order, never leaving fewer than three letters.
/// One-letter prefixes are not removed here (see [`prefix_variants`]):
/// "بوتين" must not lose its ب.
///
/// ```
/// use jawab::tokens::light_stem;
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
/// use jawab::tokens::prefix_variants;
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
/// use jawab::tokens::without_prefixes;
/// assert_eq!(without_prefixes("وبالاسد").collect::<Vec<_>>(), vec!["بالاسد", "الاسد"]);
/// ```
pub fn without_prefixes(word: &str) -> impl Iterator<Item = &str> {
    let mut out = [None, None];
    let mut chars = word.char_indices();
    if let Some((_, first)) = chars.next() {
        let len = word.chars().count();
        if PREFIX_LETTERS.contains(&first) && len > MIN_STEM {
            let rest = &word[first.len_utf8()..];
            out[0] = Some(rest);
            if let Some((_, second)) = chars.next()
                && matches!(first, 'و' | 'ف')
                && matches!(second, 'ب' | 'ل' | 'ك')
                && len > MIN_STEM + 1
            {
                out[1] = Some(&rest[second.len_utf8()..]);
            }
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
/// use jawab::tokens::without_pronoun;
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
/// use jawab::tokens::without_attached;
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
/// use jawab::tokens::without_past_t;
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
/// use jawab::tokens::without_passive;
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

/// A multi-word variant and its canonical tokens (an index into
/// `Lexicon::canons`).
type Phrase = (Vec<String>, u32);

/// What the lexicon knows of one word: the tables it is in ([`REWRITE`],
/// [`PHRASE`], [`STOP`], [`OFFTOPIC`]) and, for a one-word variant, its
/// canonical tokens (an index into `Lexicon::canons`).
#[derive(Debug, Clone, Copy, Default)]
struct WordInfo {
    flags: u8,
    canon: u32,
}

/// The dialect and spelling equivalences and the stop words, compiled from
/// a knowledge base for fast rewriting.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Every word of the lexicon's tables (one-word variants, first words
    /// of phrases, stop words, off-topic names): most words of a text are in
    /// none, and one lookup per form of a word says so for all four.
    words: HashMap<String, WordInfo>,
    /// The canonical tokens of each synonym; the first, [`DROP`], is empty:
    /// a stop phrase's, which drops it.
    canons: Vec<Vec<String>>,
    /// First word of a multi-word variant or stop phrase → (all its words,
    /// index of its canonical tokens in `canons`), longest first.
    phrases: HashMap<String, Vec<Phrase>>,
}

/// The index in `Lexicon::canons` of a stop phrase's (empty) canonical tokens.
const DROP: u32 = 0;

/// A normalised text's words, as the lexicon keeps them.
fn words_of(normalized: &str) -> Vec<String> {
    normalized.split(' ').map(|w| fold_plural_alef(w).to_string()).collect()
}

/// In [`WordInfo::flags`]: a one-word variant.
const REWRITE: u8 = 1;
/// In [`WordInfo::flags`]: the first word of a multi-word variant.
const PHRASE: u8 = 2;
/// In [`WordInfo::flags`]: a stop word.
const STOP: u8 = 4;
/// In [`WordInfo::flags`]: an off-topic name.
const OFFTOPIC: u8 = 8;

impl Lexicon {
    /// Builds a lexicon from (canonical, variants) pairs and stop words; all
    /// are normalised here, so they may be written with hamzas and diacritics.
    /// A stop word of several words («لو سمحت») is dropped as one phrase, and
    /// each of its words but a question word is a stop word alone.
    ///
    /// ```
    /// use jawab::tokens::Lexicon;
    /// let lex = Lexicon::new(&[("كم", &["قد ايه"][..])], &[]);
    /// let a = lex.analyze("قد إيه استمرت المحادثات");
    /// assert_eq!(a.tokens[0].text, "كم");
    /// ```
    pub fn new(synonyms: &[(&str, &[&str])], stopwords: &[&str]) -> Lexicon {
        Lexicon::with_offtopic(synonyms, stopwords, &[])
    }

    /// Like [`Lexicon::new`], with words that name things outside the article.
    ///
    /// ```
    /// use jawab::tokens::{Kind, Lexicon};
    /// let lex = Lexicon::with_offtopic(&[], &[], &["مصر"]);
    /// assert_eq!(lex.analyze("علاقات مصر").tokens[1].kind, Kind::Offtopic);
    /// ```
    pub fn with_offtopic(synonyms: &[(&str, &[&str])], stopwords: &[&str], offtopic: &[&str]) -> Lexicon {
        // The tables are built from normalised words; one buffer serves all.
        let mut lex = Lexicon { canons: vec![Vec::new()], ..Lexicon::default() };
        let mut buf = String::new();
        for (canonical, variants) in synonyms {
            let canon = lex.canons.len() as u32;
            lex.canons.push(words_of(&normalize(canonical)));
            for v in *variants {
                normalize_into(v, &mut buf);
                if buf.contains(' ') {
                    lex.add_phrase(words_of(&buf), canon);
                } else if !buf.is_empty() {
                    lex.mark(fold_plural_alef(&buf), REWRITE, Some(canon));
                }
            }
        }
        // A stop phrase is dropped whole: «من فضلك» is "please", and its «من»
        // must not make the question ask "who". Each of its words is also a
        // stop word on its own, but a question word stays a question word.
        for w in stopwords {
            normalize_into(w, &mut buf);
            if buf.contains(' ') {
                let words = words_of(&buf);
                words.iter().filter(|w| question_word(w).is_none()).for_each(|w| lex.mark(w, STOP, None));
                lex.add_phrase(words, DROP);
            } else if !buf.is_empty() {
                lex.mark(fold_plural_alef(&buf), STOP, None);
            }
        }
        // Longest phrases first, so "تشرين الاول" wins over a shorter match.
        for list in lex.phrases.values_mut() {
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        for w in offtopic {
            normalize_into(w, &mut buf);
            if !buf.is_empty() {
                lex.mark(fold_plural_alef(&buf), OFFTOPIC, None);
            }
        }
        lex
    }

    /// Puts `word` in the table `flag`, with its canonical tokens if it is a variant.
    fn mark(&mut self, word: &str, flag: u8, canon: Option<u32>) {
        let info = match self.words.get_mut(word) {
            Some(info) => info,
            None => self.words.entry(word.to_string()).or_default(),
        };
        info.flags |= flag;
        if let Some(c) = canon {
            info.canon = c;
        }
    }

    fn add_phrase(&mut self, words: Vec<String>, canon: u32) {
        self.mark(&words[0], PHRASE, None);
        match self.phrases.get_mut(&words[0]) {
            Some(list) => list.push((words, canon)),
            None => {
                self.phrases.insert(words[0].clone(), vec![(words, canon)]);
            }
        }
    }

    /// The tables `word` is in, as written ([`WordInfo::flags`]; 0 for none).
    fn flags(&self, word: &str) -> u8 {
        self.words.get(word).map_or(0, |i| i.flags)
    }

    /// The canonical tokens of a one-word variant.
    fn canon(&self, word: &str) -> Option<&Vec<String>> {
        let info = self.words.get(word).filter(|i| i.flags & REWRITE != 0)?;
        self.canons.get(info.canon as usize)
    }

    /// The lexicon of a loaded knowledge base.
    pub fn from_knowledge(kb: &Knowledge) -> Lexicon {
        let pairs: Vec<(&str, Vec<&str>)> = kb
            .synonyms
            .iter()
            .map(|s| (s.canonical.as_str(), s.variants.iter().map(String::as_str).collect()))
            .collect();
        let pairs: Vec<(&str, &[&str])> = pairs.iter().map(|(c, v)| (*c, v.as_slice())).collect();
        let stop: Vec<&str> = kb.stopwords.iter().map(String::as_str).collect();
        let off: Vec<&str> = kb.offtopic.iter().map(String::as_str).collect();
        Lexicon::with_offtopic(&pairs, &stop, &off)
    }

    /// Normalises and analyses a text.
    pub fn analyze(&self, text: &str) -> Analysis {
        let mut buf = String::new();
        normalize_into(text, &mut buf);
        self.analyze_normalized(&buf)
    }

    /// Analyses an already normalised text.
    pub fn analyze_normalized(&self, normalized: &str) -> Analysis {
        // A question has few words: one allocation holds them all.
        let mut tokens = Vec::with_capacity(16);
        let qtype = self.visit(normalized, |w, kind| tokens.push(Token { text: w.to_string(), kind }));
        Analysis { tokens, qtype }
    }

    /// Calls `f` with each token of an already normalised text and its kind,
    /// in order, without allocating for them; returns the question type.
    /// [`Lexicon::analyze_normalized`] collects the same tokens.
    ///
    /// ```
    /// use jawab::normalize::normalize;
    /// use jawab::tokens::{Kind, Lexicon, QuestionType};
    /// let lex = Lexicon::new(&[("متى", &["امتى"][..])], &[]);
    /// let mut content = Vec::new();
    /// let qtype = lex.visit(&normalize("امتى الزيارة؟"), |w, kind| {
    ///     if kind == Kind::Content {
    ///         content.push(w.to_string())
    ///     }
    /// });
    /// assert_eq!(qtype, Some(QuestionType::When));
    /// assert_eq!(content, ["الزياره"]);
    /// ```
    pub fn visit(&self, normalized: &str, mut f: impl FnMut(&str, Kind)) -> Option<QuestionType> {
        // Words are taken one at a time (no vector per text: the index
        // analyses hundreds of thousands); a phrase looks ahead on a copy.
        let mut words = normalized.split(' ').filter(|w| !w.is_empty()).map(fold_plural_alef);
        let (mut qtype, mut position, mut after_ay) = (None, 0, false);
        // Whether the last word was a noun of time («سنة», «يوم», «الساعة»).
        let mut after_time_noun = false;
        // `kind`: already known for a word that is no question word.
        let mut emit = |w: &str, rewritten: bool, kind: Option<Kind>| {
            let kind = kind.unwrap_or_else(|| self.classify(w, rewritten, position, &mut qtype));
            // «في أي مدينة»: the noun after "أي" says more than "أي" did.
            if after_ay
                && kind == Kind::Content
                && matches!(qtype, None | Some(QuestionType::What))
                && let Some(t) = question_noun(w)
            {
                qtype = Some(t);
            }
            // «سنة كام», «الساعة كام»: "how many" after a noun of time asks
            // when (before it, «كم سنة», it asks how long).
            if after_time_noun && kind == Kind::Question && w == "كم" && qtype == Some(QuestionType::HowMuch) {
                qtype = Some(QuestionType::When);
            }
            after_ay = kind == Kind::Question && w == "اي";
            after_time_noun =
                kind == Kind::Content && (question_noun(w) == Some(QuestionType::When) || strip_article(w) == "ساعه");
            f(w, kind);
            position += 1;
        };
        while let Some(word) = words.next() {
            // The word as written, without its article, and without one-letter
            // prefixes: one lookup each tells every table it is in.
            let forms = self.forms(word);
            // A phrase may open behind the conjunction و or ف: «ومن فضلك»، «وقد ايه».
            let phrase = match word.strip_prefix(['و', 'ف']) {
                _ if forms.word & PHRASE != 0 => self.phrase_at(word, words.clone()),
                Some(rest) if self.flags(rest) & PHRASE != 0 => self.phrase_at(rest, words.clone()),
                _ => None,
            };
            if let Some((len, canon)) = phrase {
                canon.iter().for_each(|w| emit(w, true, None));
                // The phrase's first word is already taken.
                if len > 1 {
                    words.nth(len - 2);
                }
                continue;
            }
            let rewrite = forms.rewrite(self);
            match rewrite {
                Some(canon) => canon.iter().for_each(|w| emit(w, true, None)),
                None if question_word(word).is_some() => emit(word, false, None),
                None if forms.word == 0
                    && let Some(q) = prefixed_question(word) =>
                {
                    emit(q, false, None)
                }
                None => {
                    let kind = if forms.is_stop() {
                        Kind::Stop
                    } else if forms.is_offtopic() {
                        Kind::Offtopic
                    } else {
                        Kind::Content
                    };
                    emit(word, false, Some(kind));
                }
            }
        }
        qtype
    }

    /// What one (canonical) word is; the first question word sets the
    /// question type if it may stand anywhere, was rewritten from dialect,
    /// or opens the question.
    fn classify(&self, w: &str, rewritten: bool, position: usize, qtype: &mut Option<QuestionType>) -> Kind {
        match question_word(w) {
            Some((qt, anywhere)) => {
                if qtype.is_none() && (anywhere || rewritten || position == 0) {
                    *qtype = Some(qt);
                }
                Kind::Question
            }
            None if self.is_stopword(w) => Kind::Stop,
            None if self.is_offtopic(w) => Kind::Offtopic,
            None => Kind::Content,
        }
    }

    /// The longest phrase starting with `first` and going on with `rest`:
    /// its length in words and its canonical tokens.
    fn phrase_at<'w>(&self, first: &str, rest: impl Iterator<Item = &'w str> + Clone) -> Option<(usize, &Vec<String>)> {
        let list = self.phrases.get(first)?;
        list.iter()
            .find(|(p, _)| {
                let mut words = rest.clone();
                p[1..].iter().all(|a| words.next() == Some(a.as_str()))
            })
            .map(|(p, canon)| (p.len(), &self.canons[*canon as usize]))
    }

    /// Whether a normalised word is a stop word, also behind an article
    /// ("الاخبار" when "اخبار" is listed) or behind the conjunction و or ف
    /// when three letters remain («وكمان»).
    pub fn is_stopword(&self, word: &str) -> bool {
        self.forms(word).is_stop()
    }

    /// Whether a normalised word names something outside the article (another
    /// country, another leader), also behind an article or a prefix letter.
    pub fn is_offtopic(&self, word: &str) -> bool {
        self.forms(word).is_offtopic()
    }

    /// The forms of a word with the tables each is in: one lookup per form.
    fn forms<'a>(&self, word: &'a str) -> Forms<'a> {
        let flag = |w: &str| self.flags(w);
        let bare = strip_article(word);
        let mut variants = [("", 0u8); 2];
        for (slot, v) in variants.iter_mut().zip(without_prefixes(word)) {
            *slot = (v, flag(v));
        }
        Forms { word: flag(word), bare: (bare, if bare != word { flag(bare) } else { 0 }), variants, text: word }
    }
}

/// A word as written, without its article ([`strip_article`]) and without
/// one-letter prefixes ([`without_prefixes`]), each with its
/// [`WordInfo::flags`] (0 for a form that is not there).
#[derive(Debug, Clone, Copy)]
struct Forms<'a> {
    text: &'a str,
    word: u8,
    bare: (&'a str, u8),
    variants: [(&'a str, u8); 2],
}

impl Forms<'_> {
    /// A stop word as written, behind an article ("الاخبار" when "اخبار" is
    /// listed) or behind the conjunction و or ف («وكمان»، «فهيك»), if three
    /// letters remain: the letters ب ل ك begin too many words of their own
    /// («بكرة» is no «كره»), and a two-letter rest is often a name («وشي» is
    /// "and Xi", not "and a thing").
    fn is_stop(&self) -> bool {
        let conjunction = self.text.starts_with(['و', 'ف']) && self.variants[0].1 & STOP != 0;
        (self.word | self.bare.1) & STOP != 0 || conjunction
    }

    /// An off-topic name as written, behind an article or a prefix letter.
    fn is_offtopic(&self) -> bool {
        (self.word | self.bare.1 | self.variants[0].1 | self.variants[1].1) & OFFTOPIC != 0
    }

    /// The canonical tokens: the word as written, else without its article,
    /// else without a one-letter prefix ("وقديش" → "كم"), else, unless it
    /// is a stop word or an off-topic name, without a dialect verb's passive
    /// prefix ([`without_passive`]) or an attached pronoun or feminine ending
    /// ([`without_attached`]): «اتذكرت»، «شلونها»، «تانية». Those last forms
    /// are looked up only here, as few words get so far.
    fn rewrite<'l>(&self, lex: &'l Lexicon) -> Option<&'l Vec<String>> {
        if self.word & REWRITE != 0 {
            lex.canon(self.text)
        } else if self.bare.1 & REWRITE != 0 {
            lex.canon(self.bare.0)
        } else if let Some((v, _)) = self.variants.iter().find(|(_, f)| f & REWRITE != 0) {
            lex.canon(v)
        } else if self.is_stop() || self.is_offtopic() {
            // «ايدك» (thanks) is a stop word although «ايد» is a variant.
            None
        } else {
            let [short, alef] = without_passive(self.text);
            [short, alef, without_attached(self.text)].into_iter().flatten().find_map(|v| lex.canon(v))
        }
    }
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
        assert_eq!(t("أي رئيس زار موسكو"), Some(QuestionType::What));
        // "How many" after a noun of time asks when; before it, how long.
        assert_eq!(t("الزيارة كانت سنة كم"), Some(QuestionType::When));
        assert_eq!(t("الساعة كم بدأ اللقاء"), Some(QuestionType::When));
        assert_eq!(t("كم سنة"), Some(QuestionType::HowMuch));
        assert_eq!(t("المحادثات كم ساعة"), Some(QuestionType::HowMuch));
        // The noun stays a word to match.
        let a = lex.analyze("في أي مدينة");
        assert_eq!(a.tokens.last().map(|t| (t.text.as_str(), t.kind)), Some(("مدينه", Kind::Content)));
    }

    #[test]
    fn kinds_and_phrases() {
        let lex = Lexicon::new(&[("يناير", &["كانون الثاني"][..])], &["في"]);
        let a = lex.analyze("في كانون الثاني ٢٠٢٠");
        let texts: Vec<_> = a.tokens.iter().map(|t| (t.text.as_str(), t.kind)).collect();
        assert_eq!(texts, vec![("في", Kind::Stop), ("يناير", Kind::Content), ("2020", Kind::Content)]);
    }

    #[test]
    fn longest_phrase_wins_and_the_words_after_it_stay() {
        let lex = Lexicon::new(&[("كم", &["قد ايه", "قد ايه يعني"][..]), ("اكتوبر", &["تشرين الاول"][..])], &[]);
        let words = |q: &str| lex.analyze(q).tokens.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
        assert_eq!(words("قد ايه يعني طولت"), ["كم", "طولت"]);
        assert_eq!(words("قد ايه طولت"), ["كم", "طولت"]);
        // A phrase cut short by the end of the text is no phrase.
        assert_eq!(words("في تشرين"), ["في", "تشرين"]);
        assert_eq!(words("تشرين الاول تشرين الاول"), ["اكتوبر", "اكتوبر"]);
    }

    #[test]
    fn a_stop_phrase_is_dropped_whole() {
        let lex = Lexicon::new(&[], &["من فضلك", "في ظل"]);
        let a = lex.analyze("من فضلك كم ساعة");
        // «من» opened the text but was "please", not "who".
        assert_eq!(a.qtype, Some(QuestionType::HowMuch));
        let words: Vec<_> = a.tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(words, ["كم", "ساعه"]);
        assert_eq!(lex.analyze("في ظل الازمة").tokens.len(), 1);
        // Behind the conjunction و, too.
        assert_eq!(lex.analyze("ومن فضلك كم ساعة").qtype, Some(QuestionType::HowMuch));
        // Anywhere in the question.
        let words: Vec<_> = lex.analyze("كم ساعة من فضلك").tokens.into_iter().map(|t| t.text).collect();
        assert_eq!(words, ["كم", "ساعه"]);
        // Each word of the phrase is a stop word alone; a question word stays one.
        assert_eq!(lex.analyze("ظل").tokens[0].kind, Kind::Stop);
        assert!(!lex.is_stopword("من"));
        assert_eq!(lex.analyze("من زار موسكو").qtype, Some(QuestionType::Who));
        // A stop word is folded as the words of a text are («يسلموا» is written «يسلمو» too).
        let thanks = Lexicon::new(&[], &["يسلموا"]);
        assert_eq!(thanks.analyze("يسلموا").tokens[0].kind, Kind::Stop);
        assert_eq!(thanks.analyze("يسلمو").tokens[0].kind, Kind::Stop);
    }

    #[test]
    fn rewrites_with_prefix() {
        let lex = Lexicon::new(&[("محادثات", &["مباحثات"][..])], &[]);
        assert_eq!(lex.analyze("والمباحثات").tokens[0].text, "محادثات");
        assert_eq!(lex.analyze("بمباحثات").tokens[0].text, "محادثات");
    }

    #[test]
    fn rewrites_behind_dialect_affixes_only_what_is_no_word_of_its_own() {
        let lex = Lexicon::new(&[("كيف", &["شلون"][..]), ("قال", &["ذكرت"][..]), ("دعم", &["ايد"][..])], &["ايدك"]);
        let words = |q: &str| lex.analyze(q).tokens.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
        // An attached pronoun on a dialect word, the Egyptian passive prefix.
        assert_eq!(words("شلونها"), ["كيف"]);
        assert_eq!(words("اتذكرت"), ["قال"]);
        assert_eq!(lex.analyze("العلاقه شلونها").qtype, Some(QuestionType::How));
        // A stop word behind the conjunction و or ف is one; behind ب it is
        // not, nor is a two-letter rest.
        let lex2 = Lexicon::new(&[], &["كمان", "هيك", "شي"]);
        assert_eq!(lex2.analyze("وكمان").tokens[0].kind, Kind::Stop);
        assert_eq!(lex2.analyze("فهيك").tokens[0].kind, Kind::Stop);
        assert_eq!(lex2.analyze("بهيك").tokens[0].kind, Kind::Content);
        assert_eq!(lex2.analyze("وشي").tokens[0].kind, Kind::Content);
        // A stop word stays one, whatever its letters would be without the suffix.
        assert_eq!(lex.analyze("ايدك").tokens[0].kind, Kind::Stop);
        // A word the lexicon does not know behind the affix stays as written.
        assert_eq!(words("اتفاق"), ["اتفاق"]);
    }
}
