//! The lexicon: dialect and spelling equivalences, stop words and phrases,
//! off-topic names, and the question type, applied to normalised text.
//!
//! It turns a normalised text into tokens, each with its [`Kind`]: a
//! dialect word is rewritten to its MSA form («امتى» → «متى»), a phrase of
//! several words to its canonical words («قد ايه» → «كم») or dropped («لو
//! سمحت»), and every word is classed as content, a question word, a stop
//! word, or a name of something outside the article.
//!
//! ```
//! use jawab::language::{Lexicon, QuestionType};
//! let lex = Lexicon::new(&[("متى", &["امتى", "إيمتى"][..])], &["في"]);
//! let a = lex.analyze("إيمتى وصل الأسد في موسكو؟");
//! assert_eq!(a.qtype, Some(QuestionType::When));
//! ```

use rustc_hash::FxHashMap as HashMap;

use super::normalize::{normalize, normalize_into};
use super::question::{QuestionType, prefixed_question, question_noun, question_word};
use super::spelling::{fold_plural_alef, with_qaf};
use super::stem::{strip_article, without_attached, without_passive, without_prefixes};
use super::verb;

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

/// The canonical form of the dialects' "did, made" («سوّى»، «عمل»), which
/// is also the light verb of a noun («سوّى زيارة», paid a visit).
const LIGHT_VERB: &str = "فعل";

/// The index in `Lexicon::canons` of a stop phrase's (empty) canonical tokens.
const DROP: u32 = 0;

/// How many words after its first a phrase lookup keeps at hand; a longer
/// phrase reads the text again.
const LOOKAHEAD: usize = 6;

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
/// In [`WordInfo::flags`]: a canonical form of one word (its tokens are
/// [`WordInfo::canon`] unless the word is also a variant, which rewrites
/// to the same).
const CANONICAL: u8 = 16;

impl Lexicon {
    /// Builds a lexicon from (canonical, variants) pairs and stop words; all
    /// are normalised here, so they may be written with hamzas and diacritics.
    /// A stop word of several words («لو سمحت») is dropped as one phrase; its
    /// words alone are not stop words.
    ///
    /// ```
    /// use jawab::language::Lexicon;
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
    /// use jawab::language::{Kind, Lexicon};
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
            if let [word] = lex.canons[canon as usize].as_slice() {
                let word = word.clone();
                let info = lex.words.entry(word).or_default();
                info.flags |= CANONICAL;
                if info.flags & REWRITE == 0 {
                    info.canon = canon;
                }
            }
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
        // must not make the question ask "who". Its words alone are no stop
        // words (unless listed): «بعد» of «بعد اذنك» still says "after".
        for w in stopwords {
            normalize_into(w, &mut buf);
            if buf.contains(' ') {
                let words = words_of(&buf);
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
    /// Every word the lexicon knows, normalised: its variants, the words of
    /// its phrases and canonical forms, its stop words and off-topic names,
    /// and the question words (for reading Arabizi against).
    pub fn vocabulary(&self) -> impl Iterator<Item = &str> {
        let phrases = self.phrases.values().flatten().flat_map(|(words, _)| words.iter());
        self.words
            .keys()
            .chain(self.canons.iter().flatten())
            .chain(phrases)
            .map(String::as_str)
            .chain(super::question::QUESTION_WORDS.iter().map(|&(w, _, _)| w))
    }

    /// Every one-word variant with its canonical tokens, normalised.
    ///
    /// ```
    /// use jawab::language::Lexicon;
    /// let lex = Lexicon::new(&[("محادثات", &["مباحثات"][..])], &[]);
    /// let all: Vec<_> = lex.variants().collect();
    /// assert_eq!(all, [("مباحثات", &["محادثات".to_string()][..])]);
    /// ```
    pub fn variants(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.words
            .iter()
            .filter(|(_, i)| i.flags & REWRITE != 0)
            .filter_map(|(w, i)| Some((w.as_str(), self.canons.get(i.canon as usize)?.as_slice())))
    }

    fn canon(&self, word: &str) -> Option<&Vec<String>> {
        let info = self.words.get(word).filter(|i| i.flags & REWRITE != 0)?;
        self.canons.get(info.canon as usize)
    }

    /// The canonical tokens of a word the lexicon knows as a one-word
    /// variant or as a canonical form itself.
    fn known(&self, word: &str) -> Option<&Vec<String>> {
        let info = self.words.get(word).filter(|i| i.flags & (REWRITE | CANONICAL) != 0)?;
        self.canons.get(info.canon as usize)
    }

    /// The canonical tokens of a word written with the Gulf and Iraqi ك
    /// for ق ([`with_qaf`]: «الكعده» is «القعده», «كالو» is «قالو»): the
    /// first form with ق that the lexicon knows, as written, without its
    /// article or a one-letter prefix, without an attached pronoun or a
    /// dialect verb's affixes.
    fn with_qaf(&self, word: &str) -> Option<&Vec<String>> {
        with_qaf(word).find_map(|form| {
            let bare = strip_article(&form);
            std::iter::once(form.as_str())
                .chain((bare != form).then_some(bare))
                .chain(without_prefixes(&form))
                .chain(without_attached(&form))
                .find_map(|v| self.known(v))
                .or_else(|| verb::find_bare(&form, |v| self.known(v)))
                .or_else(|| verb::find_bare(bare, |v| self.known(v)))
        })
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
    /// use jawab::language::normalize::normalize;
    /// use jawab::language::{Kind, Lexicon, QuestionType};
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
            let mut kind = kind.unwrap_or_else(|| self.classify(w, rewritten, position, &mut qtype));
            // «متى سوّى الزيارة»: "did" in a question that asks when, where
            // or how long is the light verb of a noun, which says what was
            // done (as «قام بزيارة» is «زار»); asking what, it is the verb.
            if kind == Kind::Content
                && w == LIGHT_VERB
                && matches!(qtype, Some(QuestionType::When | QuestionType::Where | QuestionType::HowMuch))
            {
                kind = Kind::Stop;
            }
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
            // «راح» before an imperfect is the future, not "went" («راح تطلع»),
            // unless the next word is a name («راح تركيا»).
            if word == "راح"
                && let Some(next) = words.clone().next()
                && verb::is_future_before(next)
                && (self.flags(next) & CANONICAL == 0 && !self.forms(next).is_offtopic())
            {
                emit(word, false, Some(Kind::Stop));
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
                    // «الحيحضرو» is «اللي حيحضرو»: the verb, without the
                    // relative article, is what the matcher resolves.
                    let word = match kind {
                        Kind::Content => verb::without_relative(word).unwrap_or(word),
                        _ => word,
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
        // The words after `first` are read once for all the phrases that
        // begin with it: a common first word («ما», «في») begins dozens.
        let mut ahead = [""; LOOKAHEAD];
        let mut read = 0;
        let mut words = rest.clone();
        list.iter()
            .find(|(p, _)| {
                let tail = &p[1..];
                if tail.len() > LOOKAHEAD {
                    let mut words = rest.clone();
                    return tail.iter().all(|a| words.next() == Some(a.as_str()));
                }
                while read < tail.len()
                    && let Some(w) = words.next()
                {
                    ahead[read] = w;
                    read += 1;
                }
                read >= tail.len() && tail.iter().zip(&ahead).all(|(a, b)| a == b)
            })
            .map(|(p, canon)| (p.len(), &self.canons[*canon as usize]))
    }

    /// Whether a normalised word is a question word, in MSA or a dialect
    /// form the lexicon rewrites to one, also behind و ف ب ل («ومتي»،
    /// «وليش»): the word a second question of a message begins with.
    ///
    /// ```
    /// use jawab::language::Lexicon;
    /// let lex = Lexicon::new(&[("لماذا", &["ليش"][..])], &[]);
    /// assert!(lex.asks("ومتي") && lex.asks("ليش") && lex.asks("وليش"));
    /// assert!(!lex.asks("وزير"));
    /// ```
    pub fn asks(&self, word: &str) -> bool {
        let asks = |w: &str| {
            question_word(w).is_some() || self.canon(w).is_some_and(|c| c.len() == 1 && question_word(&c[0]).is_some())
        };
        asks(word) || prefixed_question(word).is_some() || word.strip_prefix(['و', 'ف']).is_some_and(asks)
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
    /// "and Xi", not "and a thing"). Behind the article, a rest of three
    /// letters is no stop word: those are pronouns, demonstratives and
    /// particles, which never take it, and «ال» before them makes a word of
    /// its own («الدول» is "the countries", not «دول» "these"; «المال» is
    /// "money", not the Iraqi «مال» "of"). A rest of four letters or more
    /// («الاخبار») or of two («الكل», everyone) is one.
    fn is_stop(&self) -> bool {
        let conjunction = self.text.starts_with(['و', 'ف']) && self.variants[0].1 & STOP != 0;
        // Letters are counted only for a stop word behind an article, which
        // few words are.
        let three = || super::has_chars(self.bare.0, 3) && !super::has_chars(self.bare.0, 4);
        let article = self.bare.1 & STOP != 0 && !three();
        self.word & STOP != 0 || article || conjunction
    }

    /// An off-topic name as written, behind an article or a prefix letter.
    fn is_offtopic(&self) -> bool {
        (self.word | self.bare.1 | self.variants[0].1 | self.variants[1].1) & OFFTOPIC != 0
    }

    /// The canonical tokens: the word as written, else without its article,
    /// else without a one-letter prefix ("وقديش" → "كم"), else, unless it
    /// is a stop word or an off-topic name, without a dialect verb's passive
    /// prefix ([`without_passive`]) or an attached pronoun or feminine ending
    /// ([`without_attached`]): «اتذكرت»، «شلونها»، «تانية», or without the
    /// negation, tense or plural of a dialect verb ([`verb::find_bare`]):
    /// «ماحكاش»، «هيتكلموا», also behind the relative article
    /// ([`verb::without_relative`]: «الحيحضرو»), and last with the Gulf and
    /// Iraqi ك for ق ([`Lexicon::with_qaf`]: «الكعده»). Those last forms
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
            [short, alef, without_attached(self.text)]
                .into_iter()
                .flatten()
                .find_map(|v| lex.canon(v))
                .or_else(|| verb::find_bare(self.text, |v| lex.canon(v)))
                .or_else(|| verb::without_relative(self.text).and_then(|r| verb::find_bare(r, |v| lex.canon(v))))
                .or_else(|| lex.with_qaf(self.text))
        }
    }
}

#[cfg(test)]
mod tests;
