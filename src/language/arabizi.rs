//! Arabizi: Arabic typed in Latin letters and digits (`emta zar bashar
//! moscow` for «امتى زار بشار موسكو»). Each Latin word is read as the
//! Arabic word of a vocabulary that it spells most cheaply with the tables
//! of `lang/ar/arabizi.toml` (a Latin letter or digit stands for one or a
//! few Arabic letters, a vowel may stand for none); a name in its English
//! form is looked up whole. A word that spells no word of the vocabulary is
//! written letter by letter, for typo tolerance to try.
//!
//! ```
//! use jawab::language::arabizi::{Reader, Vocabulary};
//! let vocab = Vocabulary::new(["امتي", "زار", "بشار", "موسكو", "شو", "حكوا", "الاجتماع"]);
//! let reader = Reader::new(jawab::language::data::arabic().arabizi.as_ref().unwrap(), &vocab);
//! assert_eq!(reader.arabic("emta zar bashar moscow?"), "امتي زار بشار موسكو");
//! assert_eq!(reader.arabic("shu 7akou bel ejtima3"), "شو حكوا بالاجتماع");
//! assert!(reader.is_english("when did putin visit moscow"));
//! assert!(!reader.is_english("emta zar putin moscow"));
//! ```

use std::borrow::Cow;
use std::collections::hash_map::Entry;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;

/// The tables of `lang/ar/arabizi.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Tables {
    /// Each Latin key with the Arabic it may stand for, most likely first
    /// (`""`: nothing, for a vowel).
    pub letters: Vec<Vec<String>>,
    /// Names and loanwords in their Latin form, with their Arabic.
    pub words: Vec<[String; 2]>,
    /// English and French words mixed into Arabizi, with the Arabic they
    /// stand for (`""`: a word left out). Unlike a name, such a word takes
    /// the article written before it («el earthquake» is «الزلزال»).
    #[serde(default)]
    pub loanwords: Vec<[String; 2]>,
    /// Short words that join the next one («el» + «zyara» → «الزيارة»).
    pub clitics: Vec<[String; 2]>,
    /// English words, which a message in Arabizi does not use.
    pub english: Vec<String>,
}

/// How much a reading costs: each step down a consonant's or a vowel's
/// list of choices, and an Arabic letter no Latin letter spelt.
const CONSONANT_STEP: f32 = 0.15;
const VOWEL_STEP: f32 = 0.05;
const UNWRITTEN_LETTER: f32 = 0.4;
/// What a key read only at the start or the end of a word costs more.
const PLACED_KEY: f32 = 0.05;
/// What a sun letter after a preposition costs as the article it
/// assimilates when it is not doubled («bezabt» for «بالضبط»).
const UNDOUBLED_SUN_LETTER: f32 = 0.3;
/// The Latin letters that begin a sun letter (ت ث د ذ ر ز س ش ص ض ط ظ ن),
/// which the article before it turns into.
const SUN_LETTERS: &[char] = &['t', 'd', 'r', 'z', 's', 'n', '6'];
/// What reading the letters of a consonant pair apart costs more: «sh»,
/// «kh», «th»… are one Arabic letter far more often than two («lesh» is
/// «ليش», not «لسه»).
const SPLIT_PAIR: f32 = 0.1;
/// What reading a doubled vowel apart costs instead: «ee», «oo» are one
/// long vowel, hardly ever a short one and the start of another key
/// («tasweet» is «تصويت», not «تسوه» with «et» as its ة).
const SPLIT_LONG_VOWEL: f32 = 0.2;
/// A Latin word this long or longer that spells no word may be a name of
/// the tables typed with one letter wrong, missing, extra or swapped
/// («dimasha» for «dimashq»).
const NEAR_NAME_LETTERS: usize = 6;
/// What leaving unwritten a final «i», «o» or «u» costs more: there they
/// are the ي of «souri», «fi», the و of «shu», «7akou» or the ه of
/// «ma3o», hardly ever a short vowel Arabic does not write.
const DROPPED_FINAL_VOWEL: f32 = 0.2;
/// What leaving a final «a» unwritten costs more: it is mostly the ة, ا or
/// ى that ends «mohemma», «2adima», «3ala», though a past verb may end in
/// a short one in careful writing («zara», «sharaka»).
const DROPPED_FINAL_A: f32 = 0.1;
/// What reading a final «t» as the ة of a construct costs more («zyaret
/// el assad»): a final «-et», «-at» is as often a verb's ت («2a3adet» is
/// «قعدت», not «قاعده»).
const CONSTRUCT_TA: f32 = 0.1;
/// How much a word's weight (how often the knowledge base uses it) lowers
/// its cost: `PRIOR × ln(1 + weight)`.
const PRIOR: f32 = 0.06;
/// The most a word's weight lowers its cost.
const MAX_PRIOR: f32 = 0.3;
/// The letters a writer may leave out: the long ا (typed as a short «a»
/// or not at all: «ta9rob» for «تقارب», «zur» for «زار»), the hamza, the
/// ة. The long و and ي are typed («o», «ou», «i», «ee», «y»): a word that
/// needs one the Latin does not have is another word («fatra» is not
/// «فاتورة», «band» not «بنود»).
const UNWRITTEN: &[char] = &['ا', 'ه', 'ء'];
/// The one-letter prepositions that may stand before the article: «b-»,
/// «f-», «w-», «l-», «k-».
const PREPOSITIONS: &[(char, &str)] = &[('b', "ب"), ('f', "ف"), ('w', "و"), ('l', "ل"), ('k', "ك")];
/// What the article costs when it is typed «l» glued to a word that
/// begins with a consonant («lkhbar»), and what a preposition before it
/// («bl7aki», «fl9ima») costs more.
const GLUED_ARTICLE: f32 = 0.2;
const GLUED_PREPOSITION: f32 = 0.1;
/// The suffixes a verb or a noun takes, as typed, with their Arabic: the
/// plural of a verb, the pronouns, a verb's plural with a pronoun.
const SUFFIXES: &[(&str, &str)] = &[
    ("ouhom", "وهم"),
    ("ohom", "وهم"),
    ("uhum", "وهم"),
    ("ouha", "وها"),
    ("oha", "وها"),
    ("hom", "هم"),
    ("hum", "هم"),
    ("houm", "هم"),
    ("ha", "ها"),
    ("na", "نا"),
    ("kom", "كم"),
    ("kum", "كم"),
    ("ou", "و"),
    ("o", "و"),
    ("u", "و"),
];
/// What reading such a suffix apart costs.
const SUFFIX: f32 = 0.25;
/// The prefixes of the present («b-») and the future («7a-», «ha-») that
/// dialects put before a verb's ي ت ن, as typed, with their Arabic.
const VERB_PREFIXES: &[(&str, &str)] =
    &[("b", "ب"), ("bi", "ب"), ("be", "ب"), ("7a", "ح"), ("7", "ح"), ("ha", "ه"), ("h", "ه")];
/// The letters of a present verb's person, as typed.
const PERSONS: &[(char, &str)] = &[('y', "ي"), ('t', "ت"), ('n', "ن")];
/// What reading such a prefix costs.
const VERB_PREFIX: f32 = 0.2;
/// The marks that end a clause: a word after them opens one.
const CLAUSE_END: &[char] = &[',', '.', '?', '!', ':', ';', '؟', '،', '؛'];
/// A reading costing more than this per Latin letter, plus a little, is
/// no reading: the word is spelt letter by letter, rather than forced onto
/// a known word it hardly spells.
const MAX_COST_PER_LETTER: f32 = 0.1;
const MAX_COST_BASE: f32 = 0.4;
/// A Latin word longer than this is spelt letter by letter, not searched
/// for: no word of the vocabulary is that long in Latin letters, and the
/// search's work grows with the word.
const MAX_SEARCHED_LETTERS: usize = 20;
/// How many Latin words of one text are searched for; the rest are spelt
/// letter by letter. A question has far fewer; a 4,096-character text of
/// Latin letters could have a thousand.
const MAX_SEARCHED_WORDS: usize = 40;

/// The Arabic words a Latin word may be read as, in a trie.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Per node: its children by letter, and whether a word ends there.
    nodes: Vec<Node>,
    /// The words, each written out once: a search that ends at a node
    /// copies its word rather than reading it back letter by letter.
    words: Vec<Box<str>>,
}

#[derive(Debug, Clone, Default)]
struct Node {
    /// By letter, in the order of `char`, for a binary search.
    children: Vec<(char, u32)>,
    /// The weight of the word ending here and its place in
    /// `Vocabulary::words` (`None`: no word ends here).
    word: Option<(u32, u32)>,
    /// The `letter_bit`s of its children's letters: most letters a search
    /// tries at a node have no child there, and this says so at once.
    letters: u64,
    /// The most the weight of a word here or below lowers its cost
    /// (`prior`): a search at this node costing more than the best found
    /// plus this has nothing cheaper to find.
    prior_below: f32,
}

/// How much a word's weight lowers the cost of reading it.
fn prior(weight: u32) -> f32 {
    PRIOR * (1.0 + weight as f32).ln().min(MAX_PRIOR / PRIOR)
}

/// The bit of a letter in a node's `letters`: one bit for each Arabic
/// letter and mark from U+0621 (ء) to U+065E, the last bit for every other
/// character.
///
/// ```text
/// ء → 1 << 0   ا → 1 << 6   ي → 1 << 41   a → 1 << 63
/// ```
fn letter_bit(c: char) -> u64 {
    1 << (c as u32).wrapping_sub(0x621).min(63)
}

/// The bit of the characters that have none of their own.
const OTHER_LETTER: u64 = 1 << 63;

impl Vocabulary {
    /// The vocabulary of these (normalised) words, each of weight 1.
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Vocabulary {
        Vocabulary::weighted(words.into_iter().map(|w| (w, 1)))
    }

    /// The vocabulary of these (normalised) words with their weights: of
    /// two readings that cost about the same, the heavier word wins. A word
    /// with the article is also there without it, when what is left is a
    /// word of three letters or more: «الله», «اليه», «اللي», «الان» begin
    /// with no article.
    pub fn weighted<'a>(words: impl IntoIterator<Item = (&'a str, u32)>) -> Vocabulary {
        let mut v = Vocabulary { nodes: vec![Node::default()], words: Vec::new() };
        for (w, weight) in words {
            v.insert(w, weight);
            if let Some(bare) = w.strip_prefix("ال").filter(|b| b.chars().count() >= 3) {
                v.insert(bare, weight);
            }
        }
        // A child is made after its parent, so it has the higher index.
        for at in (0..v.nodes.len()).rev() {
            let below = v.nodes[at].children.iter().map(|&(_, c)| v.nodes[c as usize].prior_below).fold(0.0, f32::max);
            let node = &mut v.nodes[at];
            node.prior_below = node.word.map_or(0.0, |(weight, _)| prior(weight)).max(below);
        }
        v
    }

    fn insert(&mut self, word: &str, weight: u32) {
        let mut at = 0usize;
        for c in word.chars() {
            let children = &self.nodes[at].children;
            at = match children.binary_search_by_key(&c, |&(l, _)| l) {
                Ok(i) => children[i].1 as usize,
                Err(i) => {
                    let next = self.nodes.len();
                    self.nodes.push(Node::default());
                    self.nodes[at].children.insert(i, (c, next as u32));
                    self.nodes[at].letters |= letter_bit(c);
                    next
                }
            };
        }
        let node = &mut self.nodes[at];
        node.word = match node.word {
            Some((w, text)) => Some((w.max(weight), text)),
            None => {
                self.words.push(word.into());
                Some((weight, self.words.len() as u32 - 1))
            }
        };
    }

    /// Whether the vocabulary has this word.
    fn contains(&self, word: &str) -> bool {
        self.follow(0, word.chars()).is_some_and(|at| self.nodes[at].word.is_some())
    }

    /// The child of node `at` by `letter`, if the trie has it.
    fn child(&self, at: usize, letter: char) -> Option<usize> {
        let node = &self.nodes[at];
        let bit = letter_bit(letter);
        if node.letters & bit == 0 {
            return None;
        }
        if node.letters & OTHER_LETTER == 0 {
            // Every child has a bit of its own, in the order of the
            // letters: the child's place is how many come before it.
            return Some(node.children[(node.letters & (bit - 1)).count_ones() as usize].1 as usize);
        }
        let children = &node.children;
        children.binary_search_by_key(&letter, |&(l, _)| l).ok().map(|i| children[i].1 as usize)
    }

    /// The word that ends at node `at` (empty if none does).
    fn spelling(&self, at: usize) -> &str {
        self.nodes[at].word.map_or("", |(_, text)| &self.words[text as usize])
    }

    /// The node reached from `at` by `letters`, if the trie has it.
    fn follow(&self, mut at: usize, letters: impl IntoIterator<Item = char>) -> Option<usize> {
        for c in letters {
            at = self.child(at, c)?;
        }
        Some(at)
    }
}

/// Reads Arabizi against a vocabulary.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    /// The Latin keys and their Arabic choices.
    keys: Keys<'a>,
    words: HashMap<&'a str, &'a str>,
    loanwords: HashMap<&'a str, &'a str>,
    clitics: HashMap<&'a str, &'a str>,
    english: HashSet<&'a str>,
    vocab: Cow<'a, Vocabulary>,
}

impl<'a> Reader<'a> {
    /// A reader of `tables` against `vocab`.
    pub fn new(tables: &'a Tables, vocab: &'a Vocabulary) -> Reader<'a> {
        Reader::with_vocabulary(tables, Cow::Borrowed(vocab))
    }

    /// A reader of `tables` that owns its vocabulary, to be made once and
    /// kept: making the key table and the word maps costs as much as
    /// reading a short question.
    ///
    /// ```
    /// use jawab::language::arabizi::{Reader, Vocabulary};
    /// let tables = jawab::language::data::arabic().arabizi.as_ref().unwrap();
    /// let reader = Reader::owning(tables, Vocabulary::new(["زار", "موسكو"]));
    /// assert_eq!(reader.arabic("zar moscow"), "زار موسكو");
    /// ```
    pub fn owning(tables: &'a Tables, vocab: Vocabulary) -> Reader<'a> {
        Reader::with_vocabulary(tables, Cow::Owned(vocab))
    }

    fn with_vocabulary(tables: &'a Tables, vocab: Cow<'a, Vocabulary>) -> Reader<'a> {
        Reader {
            keys: Keys::new(&tables.letters),
            words: tables.words.iter().map(|[l, a]| (l.as_str(), a.as_str())).collect(),
            loanwords: tables.loanwords.iter().map(|[l, a]| (l.as_str(), a.as_str())).collect(),
            clitics: tables.clitics.iter().map(|[l, a]| (l.as_str(), a.as_str())).collect(),
            english: tables.english.iter().map(String::as_str).collect(),
            vocab,
        }
    }

    /// Whether a Latin text reads as English rather than Arabizi: at least
    /// a quarter of its words, and two or more, are English words, and none
    /// has a digit standing for an Arabic letter.
    pub fn is_english(&self, text: &str) -> bool {
        let words = latin_words(text);
        self.english_words(&words.iter().map(Cow::as_ref).collect::<Vec<_>>())
    }

    /// `is_english` of a text's Latin words.
    fn english_words(&self, words: &[&str]) -> bool {
        let english = words.iter().filter(|w| self.english.contains(*w)).count();
        let arabizi =
            words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(|c| c.is_ascii_alphabetic()));
        !arabizi && english >= 2 && english * 4 >= words.len()
    }

    /// The text read: `None` if it is English (written in Latin letters,
    /// `is_latin`, and `is_english`), or else `arabic`.
    ///
    /// ```
    /// use jawab::language::arabizi::{Reader, Vocabulary};
    /// let tables = jawab::language::data::arabic().arabizi.as_ref().unwrap();
    /// let reader = Reader::owning(tables, Vocabulary::new(["زار", "موسكو"]));
    /// assert_eq!(reader.read("zar moscow"), Some("زار موسكو".to_string()));
    /// assert_eq!(reader.read("when did he visit moscow"), None);
    /// ```
    pub fn read(&self, text: &str) -> Option<String> {
        let tokens = Tokens::of(text);
        let all: Vec<&str> = tokens.latin.iter().map(Cow::as_ref).collect();
        if is_latin(text) && self.english_words(&all) {
            return None;
        }
        Some(self.arabic_of(&tokens, &all))
    }

    /// The text with every Latin word read as Arabic, the other words kept.
    pub fn arabic(&self, text: &str) -> String {
        let tokens = Tokens::of(text);
        let all: Vec<&str> = tokens.latin.iter().map(Cow::as_ref).collect();
        self.arabic_of(&tokens, &all)
    }

    /// `arabic` of a text's `tokens`, whose Latin words are `all`.
    fn arabic_of(&self, tokens: &Tokens, all: &[&str]) -> String {
        let mut out = Words::with_capacity(2 * tokens.tokens.iter().map(|(t, _)| t.len() + 1).sum::<usize>());
        // The Arabic of the clitics written apart before the next word, and
        // the Latin of the last of them.
        let mut pending = String::new();
        let mut last_clitic = "";
        let mut searches = MAX_SEARCHED_WORDS;
        // The Latin words before and after each short word, for «wjeh l
        // wjeh», «face a face», «face to face»: between a word and itself,
        // «l», «le», «li», «a», «to» is ل («وجه لوجه»), no article.
        let mut at = 0usize;
        // Whether the next word opens the text or a clause (after «,», «?»…).
        let mut opens = true;
        for (token, latin) in &tokens.tokens {
            let latin = &tokens.latin[latin.clone()];
            if latin.is_empty() {
                out.push(&mut pending, token);
                opens = token.ends_with(CLAUSE_END);
                continue;
            }
            for w in latin {
                let w: &str = w;
                at += 1;
                let opening = std::mem::replace(&mut opens, false);
                let between_itself = at >= 2 && at < all.len() && all[at - 2] == all[at];
                if between_itself && matches!(w, "l" | "le" | "li" | "a" | "to") && searches > 0 {
                    pending.push('ل');
                    last_clitic = "l";
                    continue;
                }
                // «hal» inside a clause is the Levantine, Iraqi and Gulf
                // «هال» (this) of the next word («3an hal zyara», «hal
                // marra»): the question particle هل opens its clause.
                let next_is_word = || all.get(at).is_some_and(|n| !self.clitics.contains_key(n));
                if w == "hal" && !opening && pending.is_empty() && searches > 0 && next_is_word() {
                    pending.push_str("هال");
                    last_clitic = "hal";
                    continue;
                }
                if searches == 0 {
                    out.push(&mut pending, &self.word(w, false));
                    continue;
                }
                searches -= 1;
                // An English or French word that says nothing the Arabic
                // needs («the», «about», «pls») is left out.
                if self.loanwords.get(w).is_some_and(|a| a.is_empty()) {
                    continue;
                }
                if let Some((&l, &c)) = self.clitics.get_key_value(w) {
                    pending.push_str(c);
                    last_clitic = l;
                    continue;
                }
                if let Some(joined) = self.word_after(w, &pending) {
                    pending.clear();
                    out.push(&mut pending, &joined);
                    continue;
                }
                let mut arabic = self.word(w, true);
                // «3am» before a number is the year «عام» («3am 2015»), not
                // the Levantine «عم» before a verb in the present.
                if w == "3am" && all.get(at).is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())) {
                    arabic = "عام".to_string();
                }
                // «ma3 ba3d», «m3a ba3dhom»: after «مع», «بعد» is «بعض»
                // (each other), its ض typed d as in every dialect's speech.
                if pending.is_empty()
                    && out.last() == Some("مع")
                    && let Some(rest) = arabic.strip_prefix("بعد")
                {
                    arabic = format!("بعض{rest}");
                }
                // The article of the clitics, or «لل» (ل with it).
                let article = ["ال", "لل"].into_iter().find(|a| pending.ends_with(a));
                let arabic = match (arabic.strip_prefix("ال"), article) {
                    // «el assad», «lel assad»: the article is written once.
                    (Some(rest), Some(_)) => rest.to_string(),
                    // A name takes no article: «l moscow» is «لموسكو», "to
                    // Moscow", «bel moscow» «بموسكو».
                    (None, Some(article))
                        if self.words.contains_key(w) && !self.vocab.contains(&format!("ال{arabic}")) =>
                    {
                        pending.truncate(pending.len() - article.len());
                        if last_clitic == "l" || article == "لل" {
                            pending.push('ل');
                        }
                        arabic
                    }
                    _ => arabic,
                };
                out.push(&mut pending, &arabic);
            }
            opens = token.ends_with(CLAUSE_END);
        }
        if !pending.is_empty() {
            out.push(&mut pending, "");
        }
        out.text
    }

    /// A Latin word read together with the Arabic of the clitics written
    /// apart before it («bil ijma3» → «بالاجماع»), when the vocabulary has
    /// a word that begins with them and the word spells its rest: a word
    /// after «bil» is a noun, whatever it would spell alone.
    fn word_after(&self, w: &str, clitics: &str) -> Option<String> {
        if clitics.is_empty()
            || self.words.contains_key(w)
            || self.loanwords.contains_key(w)
            || w.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let node = self.vocab.follow(0, clitics.chars())?;
        let chars: Vec<char> = w.chars().collect();
        if chars.len() > MAX_SEARCHED_LETTERS {
            return None;
        }
        let alone = self.reading(&chars);
        let limit = MAX_COST_BASE + MAX_COST_PER_LETTER * chars.len() as f32;
        // Only a reading at least as cheap as the word's alone.
        let joined = Search::new(self, &chars, limit).run(node, alone.clone());
        joined.filter(|j| Some(j) != alone.as_ref()).map(|(_, word)| word)
    }

    /// One Latin word as Arabic: digits as they are, a known name, the
    /// cheapest reading (if `search`), or else letter by letter.
    fn word(&self, w: &str, search: bool) -> String {
        if w.bytes().all(|b| b.is_ascii_digit()) {
            return w.to_string();
        }
        if let Some(&a) = self.words.get(w).or_else(|| self.loanwords.get(w)) {
            return a.to_string();
        }
        let chars: Vec<char> = w.chars().collect();
        match search.then(|| self.reading(&chars)).flatten() {
            Some((_, word)) => word,
            None => match search.then(|| self.near_name(&chars)).flatten() {
                Some(name) => name.to_string(),
                None => self.spell(&chars),
            },
        }
    }

    /// The Arabic of the one name of the tables a long Latin word is typed
    /// from with one slip: a letter wrong, missing, extra, or two swapped
    /// («dimasha», «moscuw», «vladmir»); none if it is near none or near
    /// names of different Arabic.
    fn near_name(&self, chars: &[char]) -> Option<&'a str> {
        if chars.len() < NEAR_NAME_LETTERS {
            return None;
        }
        let word: String = chars.iter().collect();
        let mut found: Option<&'a str> = None;
        for (&latin, &arabic) in &self.words {
            if latin.chars().count() < NEAR_NAME_LETTERS || strsim::osa_distance(&word, latin) != 1 {
                continue;
            }
            match found {
                Some(other) if other != arabic => return None,
                _ => found = Some(arabic),
            }
        }
        found
    }

    /// The cheapest word of the vocabulary a Latin word spells, with its
    /// cost.
    fn reading(&self, chars: &[char]) -> Option<(f32, String)> {
        if chars.len() > MAX_SEARCHED_LETTERS {
            return None;
        }
        let limit = MAX_COST_BASE + MAX_COST_PER_LETTER * chars.len() as f32;
        let mut best = Search::new(self, chars, limit).run(0, None);
        // The article before a sun letter is written as the doubled letter,
        // also behind a one-letter preposition: «ezzyara», «bezzabt» for
        // «الزيارة»، «بالضبط»; behind a preposition the doubling is often
        // not typed («bezabt»), which costs a little more.
        let preposition = chars.first().and_then(|c| PREPOSITIONS.iter().find(|(l, _)| l == c));
        for (at, arabic) in std::iter::once((0, "")).chain(preposition.map(|&(_, arabic)| (1, arabic))) {
            let (from, cost) = if chars.len() > at + 3 && is_vowel(chars[at]) && !is_vowel(chars[at + 1]) {
                if chars[at + 1] == chars[at + 2] {
                    (at + 2, 0.0)
                } else if !arabic.is_empty() && chars[at + 1] != 'l' {
                    (at + 1, UNDOUBLED_SUN_LETTER)
                } else {
                    continue;
                }
            } else if at == 1 && chars.len() >= 4 && SUN_LETTERS.contains(&chars[1]) {
                // The preposition typed on the sun letter, the article it
                // assimilates not typed at all («bdabt», «bzabt» for «بالضبط»).
                (1, UNDOUBLED_SUN_LETTER + GLUED_PREPOSITION)
            } else {
                continue;
            };
            // From the sun letter, as if it began the word: the vocabulary
            // may have the word with its preposition («بالضبط») or only with
            // the article, and then the preposition is put back.
            let with_preposition = with_article(arabic);
            let prefixes = [(with_preposition.as_str(), ""), ("ال", arabic)];
            for &(prefix, put_back) in &prefixes[..if arabic.is_empty() { 1 } else { 2 }] {
                let Some(node) = self.vocab.follow(0, prefix.chars()) else { continue };
                let found = Search::new(self, &chars[from..], limit).run_from(node, cost, best.clone());
                keep_cheaper(&mut best, found, |w| match put_back {
                    // «lezzyara»: ل before the article drops its alef.
                    "ل" => format!("ل{}", w.strip_prefix('ا').unwrap_or(&w)),
                    _ => format!("{put_back}{w}"),
                });
            }
        }
        // The article typed «l» and glued to its word («lkhbar», «l9ima»,
        // «lmoubahatat» for «الخبر»، «القمه»، «المباحثات»), also behind a
        // one-letter preposition («bl7aki», «fl9ima»): the word from the
        // consonant after the «l», with the article before it.
        let glued = match chars {
            ['l', ..] => Some((1, "")),
            [p, 'l', ..] => PREPOSITIONS.iter().find(|(l, _)| l == p).map(|&(_, a)| (2, a)),
            _ => None,
        };
        if let Some((at, preposition)) = glued.filter(|&(at, _)| {
            chars.len() >= at + 3 && chars[at] != 'l' && !is_vowel(chars[at]) && chars[at].is_ascii_alphanumeric()
        }) {
            let cost = if at == 1 { GLUED_ARTICLE } else { GLUED_ARTICLE + GLUED_PREPOSITION };
            let found = Search::new(self, &chars[at..], limit).run_from(0, cost, best.clone());
            keep_cheaper(&mut best, found, |w| {
                let bare = w.strip_prefix("ال").unwrap_or(&w);
                format!("{}{bare}", with_article(preposition))
            });
        }
        // A verb with the «b-» of the present or the «7a-», «ha-» of the
        // future typed on it («byemayez», «7ay7dar», «hay7dar»): the verb,
        // from its ي ت ن, with the prefix before it.
        for &(prefix, arabic) in VERB_PREFIXES {
            // The prefixes are ASCII: a byte is a letter.
            let at = prefix.len();
            if chars.len() < at + 4 || !chars.iter().copied().take(at).eq(prefix.bytes().map(char::from)) {
                continue;
            }
            let Some(&(_, person)) = PERSONS.iter().find(|(l, _)| *l == chars[at]) else { continue };
            let Some(node) = self.vocab.follow(0, person.chars()) else { continue };
            let found = Search::new(self, chars, limit).run_at(at + 1, node, VERB_PREFIX, best.clone());
            keep_cheaper(&mut best, found, |w| format!("{arabic}{w}"));
        }
        // A word with a suffix the vocabulary has the word without: the
        // plural «-ou» of a verb («akkadou» for «اكدو»), the pronouns «-hom»,
        // «-ha», «-na», «-kom» («ma3hom», «shaklaha»), both («na9chouhom»).
        for &(suffix, arabic) in SUFFIXES {
            // The suffixes are ASCII: a byte is a letter.
            let at = chars.len().saturating_sub(suffix.len());
            if at < 3 || !chars[at..].iter().copied().eq(suffix.bytes().map(char::from)) {
                continue;
            }
            let found = Search::new(self, &chars[..at], limit).run_from(0, SUFFIX, best.clone());
            keep_cheaper(&mut best, found, |w| format!("{w}{arabic}"));
        }
        best
    }

    /// A word spelt letter by letter with each key's first choice.
    fn spell(&self, latin: &[char]) -> String {
        let mut out = String::new();
        let mut pos = 0;
        while pos < latin.len() {
            match self.keys.letters.iter().find(|l| l.place == Place::Anywhere && latin[pos..].starts_with(&l.key)) {
                Some(letter) => {
                    out.push_str(letter.choices[0].arabic);
                    pos += letter.key.len();
                }
                None => pos += 1,
            }
        }
        out
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'é' | 'è')
}

/// Whether a text is written in Latin letters rather than Arabic: it has
/// Latin letters and more of them than Arabic ones.
///
/// ```
/// use jawab::language::arabizi::is_latin;
/// assert!(is_latin("emta zar bashar moscow?"));
/// assert!(!is_latin("متى زار putin موسكو"));
/// assert!(!is_latin("1944"));
/// ```
pub fn is_latin(text: &str) -> bool {
    let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let arabic = text.chars().filter(|c| ('\u{0600}'..='\u{06FF}').contains(c)).count();
    latin > 0 && latin > arabic
}

/// A one-letter preposition's Arabic with the article after it: «بال»,
/// «فال», or «لل» (ل before the article drops its alef); «ال» alone for
/// none.
fn with_article(preposition: &str) -> String {
    if preposition == "ل" { "لل".to_string() } else { format!("{preposition}ال") }
}

/// Takes `found`, a search's result bounded by `best`, as the best reading
/// when it is another, cheaper one, its word rewritten by `word` (the part
/// the search did not spell put back).
fn keep_cheaper(best: &mut Option<(f32, String)>, found: Option<(f32, String)>, word: impl FnOnce(String) -> String) {
    if found != *best {
        *best = found.map(|(cost, w)| (cost, word(w)));
    }
}

#[cfg(test)]
mod tests;

mod keys;
mod search;
mod words;
use keys::{Keys, Place};
use search::Search;
use words::{Tokens, Words, latin_words};
