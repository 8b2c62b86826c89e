//! Index keys and typo keys.
//!
//! A word's index key is its stem, or the stem of one of its forms without
//! an affix when the knowledge base knows that form better ([`Keys::key`]).
//! A key the vocabulary does not know is matched to terms within one or
//! two edits through the typo keys: every term with one letter deleted,
//! hashed and sorted, looked up with the unknown key's own deletions
//! (symmetric delete, as in SymSpell).

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use super::TermId;
use super::settings::Stemmer;
use crate::language::spelling::fold_confusable;
use crate::language::stem::{light_stem, without_passive, without_past_t, without_prefixes, without_pronoun};
use crate::language::verb;

/// The shortest key that typo tolerance applies to: shorter words are too
/// easily one letter away from another word.
const FUZZY_MIN_CHARS: usize = 4;

/// The most terms one question word is matched with (typo tolerance may
/// find several).
pub(super) const MAX_MATCHES: usize = 3;

/// Up to [`MAX_MATCHES`] (term, similarity) pairs, kept inline: every word
/// of every question has one, so it must not cost an allocation.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Matches {
    items: [(TermId, f32); MAX_MATCHES],
    len: u8,
}

impl Matches {
    pub(super) fn one(t: TermId, sim: f32) -> Matches {
        Matches { items: [(t, sim); MAX_MATCHES], len: 1 }
    }
}

impl std::ops::Deref for Matches {
    type Target = [(TermId, f32)];
    fn deref(&self) -> &Self::Target {
        &self.items[..self.len as usize]
    }
}

/// rust-stemmers' stemmer is not `Debug`/`Clone`; this wrapper is.
struct SnowballStemmer(rust_stemmers::Stemmer);

impl std::fmt::Debug for SnowballStemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Snowball(Arabic)")
    }
}

impl Clone for SnowballStemmer {
    fn clone(&self) -> Self {
        SnowballStemmer(rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Arabic))
    }
}

/// How words become index keys: the stemmer, and how often the knowledge
/// base uses each stem (before affixes are resolved), which decides whether
/// "لبوتين" is "ل" + "بوتين" (see [`Keys::key`]).
#[derive(Debug, Clone)]
pub(super) struct Keys {
    snowball: Option<SnowballStemmer>,
    /// Stem → how many times the knowledge base's words have it.
    pub(super) base: HashMap<String, u32>,
}

impl Keys {
    /// Keys with no stem counts yet (they are added as the words are).
    pub(super) fn new(stemmer: Stemmer) -> Keys {
        let snowball = (stemmer == Stemmer::Snowball)
            .then(|| SnowballStemmer(rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Arabic)));
        Keys { snowball, base: HashMap::default() }
    }

    /// Counts `count` more occurrences of a word of the knowledge base.
    pub(super) fn count(&mut self, word: &str, count: u32) {
        *self.base.entry(self.stem(word).into_owned()).or_insert(0) += count;
    }

    pub(super) fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match &self.snowball {
            Some(s) => s.0.stem(word),
            None => Cow::Borrowed(light_stem(word)),
        }
    }

    /// The index key of a word: the stem of whichever of its forms the
    /// knowledge base uses most, the word itself winning ties. The forms are
    /// the word without one-letter prefixes (و ف ب ل ك), without an attached
    /// pronoun («محادثاتهما»، see [`without_pronoun`]), without the ت of a
    /// past verb («عقدت» for «عقد»), without the dialect passive prefix
    /// («اتذكرت»، «اتقوت», see [`without_passive`]), and without a dialect
    /// verb's affixes and then its imperfect ي («بيتعاونوا» for «تعاون», see
    /// [`verb::find_bare`]); each also with a feminine ت off its stem
    /// («الصيغتين» for «صيغة»). Each of those endings and
    /// beginnings is also part of many words, so it comes off only when the
    /// knowledge base knows the rest better than the whole.
    pub(super) fn key<'a>(&self, word: &'a str) -> Cow<'a, str> {
        let mut best = self.stem(word);
        let mut best_count = self.base.get(best.as_ref()).copied().unwrap_or(0);
        let mut consider = |v: &'a str| {
            let s = self.stem(v);
            // A feminine noun's ة is written ت before a dual ending or a
            // pronoun («الصيغتين»، «زيارتهم»), which the stem then ends in.
            let feminine = match &s {
                Cow::Borrowed(b) => without_past_t(b).map(Cow::Borrowed),
                Cow::Owned(o) => without_past_t(o).map(|x| Cow::Owned(x.to_string())),
            };
            for s in std::iter::once(s).chain(feminine) {
                let c = self.base.get(s.as_ref()).copied().unwrap_or(0);
                if c > best_count {
                    best = s;
                    best_count = c;
                }
            }
        };
        for v in std::iter::once(word).chain(without_prefixes(word)) {
            // The word itself too: its stem may end in a feminine ت.
            consider(v);
            if let Some(p) = without_pronoun(v) {
                consider(p);
            }
            if let Some(p) = without_past_t(v) {
                consider(p);
            }
            verb::find_bare(v, |p| {
                consider(p);
                // The imperfect's ي, when the knowledge has the verb's
                // noun or past form («يتعاون» → «تعاون»).
                if let Some(q) = p.strip_prefix('ي').filter(|q| q.chars().nth(2).is_some()) {
                    consider(q);
                }
                None::<()>
            });
        }
        for p in without_passive(word).into_iter().flatten() {
            consider(p);
            if let Some(q) = without_pronoun(p).or_else(|| without_past_t(p)) {
                consider(q);
            }
        }
        best
    }
}

/// The typo keys: (hash of a term with one letter deleted, term), sorted.
/// Typo tolerance looks keys up here; a hash shared by another string costs
/// a comparison.
#[derive(Debug, Clone, Default)]
pub(super) struct TypoKeys {
    /// A 32-bit hash: a large knowledge base has millions of deletions, and
    /// a hash shared by chance costs only a comparison.
    deletions: Vec<(u32, TermId)>,
}

impl TypoKeys {
    /// The typo keys of every term long enough to have some.
    pub(super) fn new(term_text: &[String]) -> TypoKeys {
        let mut deletions = Vec::new();
        let mut buf = String::new();
        for (id, text) in term_text.iter().enumerate() {
            if text.chars().count() >= FUZZY_MIN_CHARS {
                each_deletion(text, &mut buf, |d| deletions.push((hash(d), id as TermId)));
            }
        }
        deletions.sort_unstable();
        TypoKeys { deletions }
    }

    /// Terms within one or two edits of an unknown key, best first:
    /// `term_text` and `terms` are the index's terms, by id and by text.
    pub(super) fn matches(&self, key: &str, term_text: &[String], terms: &HashMap<String, TermId>) -> Matches {
        let len = key.chars().count();
        if len < FUZZY_MIN_CHARS {
            return Matches::default();
        }
        let max_edits = if len >= 7 { 2 } else { 1 };
        let mut found: Vec<(TermId, f32)> = Vec::new();
        let folded: Vec<char> = key.chars().map(fold_confusable).collect();
        let mut probe = |k: &str| {
            let h = hash(k);
            let from = self.deletions.partition_point(|&(x, _)| x < h);
            // Another string with the same hash only costs a comparison.
            for &(_, t) in self.deletions[from..].iter().take_while(|&&(x, _)| x == h) {
                {
                    if found.iter().any(|&(f, _)| f == t) {
                        continue;
                    }
                    let text = &term_text[t as usize];
                    let d = strsim::osa_distance(key, text);
                    if d <= max_edits {
                        let longest = len.max(text.chars().count()) as f32;
                        // A swap of look-alike or sound-alike letters is a
                        // smaller slip than any other edit.
                        let same = text.chars().map(fold_confusable).eq(folded.iter().copied());
                        let d = if same { 0.5 } else { d as f32 * 1.5 };
                        found.push((t, (1.0 - d / longest).max(0.0)));
                    }
                }
            }
        };
        probe(key);
        // The deletions are made twice into one buffer rather than kept:
        // this runs for every unknown word of a question.
        let mut buf = String::with_capacity(key.len());
        each_deletion(key, &mut buf, &mut probe);
        // An exact term equal to one deletion of the key (an extra letter),
        // after the probes so a term they found keeps its own similarity.
        each_deletion(key, &mut buf, |d| {
            if let Some(&t) = terms.get(d)
                && !found.iter().any(|&(f, _)| f == t)
            {
                found.push((t, 1.0 - 1.5 / len as f32));
            }
        });
        found.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut out = Matches::default();
        for (slot, &f) in out.items.iter_mut().zip(&found) {
            *slot = f;
        }
        out.len = found.len().min(MAX_MATCHES) as u8;
        out
    }
}

/// The hash under which typo tolerance files a term's deletions.
fn hash(s: &str) -> u32 {
    use std::hash::BuildHasher;
    let h = rustc_hash::FxBuildHasher.hash_one(s);
    (h ^ (h >> 32)) as u32
}

/// Calls `f` with every string made by deleting one character of `s`, in
/// order, written into `buf` (one buffer serves them all).
fn each_deletion(s: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    for (i, c) in s.char_indices() {
        buf.clear();
        buf.push_str(&s[..i]);
        buf.push_str(&s[i + c.len_utf8()..]);
        f(buf);
    }
}

/// The shortest key matched to the lexicon's variants by a typo.
const VARIANT_TYPO_MIN_CHARS: usize = 5;

/// The lexicon's one-word variants that are no term of the index, by key,
/// with the term their canonical word is: a typo in a dialect word or a
/// synonym («المباحتات» for «المباحثات», which the lexicon reads as
/// «محادثات») finds what the word stands for, as the word itself would.
#[derive(Debug, Clone, Default)]
pub(super) struct VariantTypos {
    typos: TypoKeys,
    keys: Vec<String>,
    by_key: HashMap<String, TermId>,
    targets: Vec<TermId>,
    /// Keys of words the lexicon knows as they are (its canonical words,
    /// stop words, names): such a word is no typo («اموال» is not «احوال»).
    words: rustc_hash::FxHashSet<String>,
}

impl VariantTypos {
    /// From (variant's key, its canonical word's term) pairs, the first
    /// pair of a key winning, and the keys of the words the lexicon knows.
    pub(super) fn new(
        pairs: impl IntoIterator<Item = (String, TermId)>,
        words: rustc_hash::FxHashSet<String>,
    ) -> VariantTypos {
        let mut v = VariantTypos { words, ..VariantTypos::default() };
        for (key, target) in pairs {
            if !v.by_key.contains_key(&key) {
                v.by_key.insert(key.clone(), v.keys.len() as TermId);
                v.keys.push(key);
                v.targets.push(target);
            }
        }
        v.typos = TypoKeys::new(&v.keys);
        v
    }

    /// The term of the variant within a typo or two of `key` (the closest),
    /// with the typo's similarity; none when no variant is that close.
    pub(super) fn matches(&self, key: &str) -> Matches {
        // A word of four letters is one letter from too many variants.
        if key.chars().count() < VARIANT_TYPO_MIN_CHARS || self.words.contains(key) {
            return Matches::default();
        }
        match self.typos.matches(key, &self.keys, &self.by_key).first() {
            Some(&(v, sim)) => Matches::one(self.targets[v as usize], sim),
            None => Matches::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletions_of_a_word() {
        let deletions = |s: &str| {
            let mut out = Vec::new();
            each_deletion(s, &mut String::new(), |d| out.push(d.to_string()));
            out
        };
        assert_eq!(deletions("abc"), vec!["bc", "ac", "ab"]);
        assert_eq!(deletions("بوت"), vec!["وت", "بت", "بو"]);
    }
}
