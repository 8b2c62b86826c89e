//! The index over one knowledge base: its terms with their weights, each
//! term's postings, each entry's terms and phrasings, and the keys that
//! resolve a word to a term. Built once per load, immutable after.
//!
//! The index build, in order ([`Index::build`]):
//! 1. analyse every phrasing and answer once with the lexicon, keeping each
//!    text's content words as ids of distinct words (in parallel for a large
//!    knowledge base);
//! 2. count each word's stem, then give each distinct word its key
//!    ([`Keys::key`]): the stem of its best-known form;
//! 3. intern the keys as terms, in order of first use;
//! 4. index each entry (its terms, its phrasings' terms, its question types);
//! 5. weigh each term by its inverse document frequency, file the
//!    postings, and make the bitmaps of the terms too common to walk
//!    ([`CommonTerms`]);
//! 6. make the typo keys ([`TypoKeys`]), and those of the lexicon's
//!    variants that are no term ([`VariantTypos`]).

use indexmap::IndexMap;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap, FxHashSet as HashSet};

use super::TermId;
use super::common::{CommonTerms, TermBits};
use super::keys::{Keys, TypoKeys, VariantTypos};
use super::settings::{Stemmer, Weights};
use crate::knowledge::Knowledge;
use crate::language::normalize_into;
use crate::language::{Kind, Lexicon, QuestionType};

/// One phrasing of an entry: its terms are `phrasing_terms[start..end]`
/// of the entry (one list for all, so a large knowledge base does not pay
/// an allocation per phrasing).
#[derive(Debug, Clone, Copy)]
pub(super) struct Phrasing {
    pub(super) start: u32,
    pub(super) end: u32,
    /// Sum of its terms' weights.
    pub(super) weight: f32,
}

/// One entry's part of the index, borrowed from [`Entries`].
#[derive(Debug, Clone, Copy)]
pub(super) struct EntryIndex<'a> {
    /// Sorted terms with their factor (1 in a phrasing, less in the answer only).
    pub(super) terms: &'a [(TermId, f32)],
    /// For each of `terms`, the phrasings (the first 64) that contain it.
    pub(super) masks: &'a [u64],
    pub(super) phrasings: &'a [Phrasing],
    /// Each phrasing's sorted, distinct content terms, one after another.
    phrasing_terms: &'a [TermId],
    /// The specific question types its phrasings ask ([`QuestionTypes`]).
    pub(super) qtypes: QuestionTypes,
}

impl EntryIndex<'_> {
    /// The terms of one of its phrasings.
    pub(super) fn terms_of(&self, p: &Phrasing) -> &[TermId] {
        &self.phrasing_terms[p.start as usize..p.end as usize]
    }
}

/// Every entry's part of the index, each kind of item in one array for all
/// entries with each entry's run in it, rather than arrays per entry: a
/// large knowledge base would pay five allocations an entry.
#[derive(Debug, Clone, Default)]
pub(super) struct Entries {
    terms: Vec<(TermId, f32)>,
    masks: Vec<u64>,
    phrasings: Vec<Phrasing>,
    phrasing_terms: Vec<TermId>,
    /// Per entry: its question types, one byte, which the ranking's bounds
    /// read for thousands of entries without the entry's other runs.
    qtypes: Vec<QuestionTypes>,
    /// Per entry: where its runs end in `terms` (and `masks`), `phrasings`
    /// and `phrasing_terms`.
    ends: Vec<[u32; 3]>,
}

/// A set of question types, a bit each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct QuestionTypes(u8);

impl QuestionTypes {
    /// The set with `q` added.
    fn with(self, q: QuestionType) -> QuestionTypes {
        QuestionTypes(self.0 | 1 << (q as u8))
    }

    /// Whether `q` is in the set.
    pub(super) fn contains(self, q: QuestionType) -> bool {
        self.0 & 1 << (q as u8) != 0
    }
}

impl Entries {
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Entry `e`'s part.
    pub(super) fn get(&self, e: usize) -> EntryIndex<'_> {
        let start = if e == 0 { [0; 3] } else { self.ends[e - 1] };
        let end = self.ends[e];
        let run = |k: usize| start[k] as usize..end[k] as usize;
        EntryIndex {
            terms: &self.terms[run(0)],
            masks: &self.masks[run(0)],
            phrasings: &self.phrasings[run(1)],
            phrasing_terms: &self.phrasing_terms[run(2)],
            qtypes: self.qtypes[e],
        }
    }

    /// Entry `e`'s question types, as [`EntryIndex::qtypes`] has them.
    pub(super) fn qtypes(&self, e: usize) -> QuestionTypes {
        self.qtypes[e]
    }

    /// Closes the entry whose items were pushed since the last one, with
    /// its question types.
    fn close(&mut self, qtypes: QuestionTypes) {
        self.qtypes.push(qtypes);
        let len = |n: usize| n as u32;
        self.ends.push([len(self.terms.len()), len(self.phrasings.len()), len(self.phrasing_terms.len())]);
    }

    /// Appends the entries of `other`.
    fn append(&mut self, other: Entries) {
        let base = self.ends.last().copied().unwrap_or([0; 3]);
        self.terms.extend(other.terms);
        self.masks.extend(other.masks);
        self.phrasings.extend(other.phrasings);
        self.phrasing_terms.extend(other.phrasing_terms);
        self.qtypes.extend(other.qtypes);
        self.ends.extend(other.ends.iter().map(|end| std::array::from_fn(|k| base[k] + end[k])));
    }
}

/// One entry in a term's postings.
#[derive(Debug, Clone, Copy)]
pub(super) struct Posting {
    pub(super) entry: u32,
    /// As in [`EntryIndex::terms`]: 1 in a phrasing, less in the answer only.
    pub(super) factor: f32,
    /// As in [`EntryIndex::masks`].
    pub(super) mask: u64,
}

/// The bit of phrasing `i` in an entry's term masks; phrasings past the 64th
/// share the last bit, so they are never skipped wrongly, only checked.
pub(super) fn phrasing_bit(i: usize) -> u64 {
    1u64 << i.min(63)
}

/// The index over one knowledge base. Immutable once built, `Send + Sync`.
#[derive(Debug, Clone)]
pub(super) struct Index {
    /// The weights it was built with, which scoring uses too.
    pub(super) weights: Weights,
    /// How words become keys.
    pub(super) keys: Keys,
    pub(super) terms: HashMap<String, TermId>,
    pub(super) term_text: Vec<String>,
    pub(super) idf: Vec<f32>,
    pub(super) unknown_weight: f32,
    /// The weight of a word found in a single entry.
    pub(super) max_idf: f32,
    /// Terms within a typo or two of a key.
    pub(super) typos: TypoKeys,
    /// The lexicon's variants within a typo or two of a key.
    pub(super) variant_typos: VariantTypos,
    /// Term → the entries containing it, ascending.
    pub(super) postings: Vec<Vec<Posting>>,
    /// Terms in more entries than this are not walked (see
    /// [`super::ranking::Ranking`]).
    pub(super) common_postings: usize,
    /// Those terms' entries, as bitmaps.
    pub(super) common: CommonTerms,
    /// The knowledge's entries, then its outside groups.
    pub(super) entries: Entries,
    /// How many of `entries` are answerable entries (the rest are outside
    /// groups, which rank like entries but are never offered).
    pub(super) answerable: usize,
    /// Per term: whether an answerable entry uses it (a word only the
    /// outside groups use is, for an entry, as good as unknown).
    pub(super) in_entries: Vec<bool>,
    /// The keys of off-topic names that answerable entries use themselves:
    /// only these are ordinary words in a question. (Checking the term
    /// alone would let a name whose stem is an entry's word pass: «سلمان»
    /// stems to «سلم» of «السلمي».)
    pub(super) offtopic_in_entries: HashSet<String>,
    /// Each word as the knowledge base writes it (normalised, rewritten) →
    /// its term: most of a question's words are among them, and finding
    /// their key ([`Keys::key`]) again would try a dozen forms each.
    pub(super) known_words: HashMap<String, TermId>,
}

/// The distinct words of the texts being indexed, each (its id being its
/// place) with how often it occurs; each word is kept once, as a large
/// knowledge base has hundreds of thousands of them.
#[derive(Debug, Default)]
struct WordIds(IndexMap<String, u32, FxBuildHasher>);

impl WordIds {
    /// The id of one more occurrence of `w`.
    fn id(&mut self, w: &str) -> u32 {
        self.add(w, 1)
    }

    /// The id of `w`, counting `count` more occurrences.
    fn add(&mut self, w: &str, count: u32) -> u32 {
        let id = match self.0.get_full_mut(w) {
            Some((id, _, c)) => {
                *c += count;
                id
            }
            None => self.0.insert_full(w.to_string(), count).0,
        };
        id as u32
    }
}

/// The content words of a run of entries as ids of distinct words, flat (a
/// vector per text would cost an allocation per phrasing): each entry's
/// phrasings, then its answer.
#[derive(Debug, Default)]
struct Analysed {
    /// Every text's word ids, one text after another.
    ids: Vec<u32>,
    /// Per text: where its ids end in `ids`, and its question type.
    texts: Vec<(u32, Option<QuestionType>)>,
    /// Per entry: how many phrasings it has (its answer's text follows them).
    phrasings: Vec<u32>,
    /// The off-topic names answerable entries use (rare: a curator's slip).
    offtopic: Vec<String>,
}

impl Analysed {
    /// The index of each entry, once `ids` hold term ids.
    fn index(&self, answer_factor: f32) -> Entries {
        let mut texts = self.texts.iter().scan(0usize, |start, &(end, qtype)| {
            let ids = &self.ids[*start..end as usize];
            *start = end as usize;
            Some((ids, qtype))
        });
        let mut all: HashMap<TermId, f32> = HashMap::default();
        let mut in_phrasings: HashMap<TermId, u64> = HashMap::default();
        let mut out = Entries::default();
        let mut terms: Vec<TermId> = Vec::new();
        for &count in &self.phrasings {
            let phrasing_terms_start = out.phrasing_terms.len();
            let mut qtypes = QuestionTypes::default();
            for pi in 0..count as usize {
                let (ids, qtype) = texts.next().expect("a text per phrasing");
                let start = out.phrasing_terms.len() - phrasing_terms_start;
                terms.clear();
                terms.extend_from_slice(ids);
                terms.sort_unstable();
                terms.dedup();
                for &t in &terms {
                    all.insert(t, 1.0);
                    *in_phrasings.entry(t).or_insert(0) |= phrasing_bit(pi);
                }
                out.phrasing_terms.extend_from_slice(&terms);
                let end = out.phrasing_terms.len() - phrasing_terms_start;
                out.phrasings.push(Phrasing { start: start as u32, end: end as u32, weight: 0.0 });
                if let Some(q) = qtype.filter(|q| q.is_specific()) {
                    qtypes = qtypes.with(q);
                }
            }
            let (answer, _) = texts.next().expect("a text per answer");
            for &t in answer {
                all.entry(t).or_insert(answer_factor);
            }
            let first = out.terms.len();
            out.terms.extend(all.drain());
            out.terms[first..].sort_unstable_by_key(|&(t, _)| t);
            let masks = out.terms[first..].iter().map(|(t, _)| in_phrasings.get(t).copied().unwrap_or(0));
            out.masks.extend(masks);
            in_phrasings.clear();
            out.close(qtypes);
        }
        out
    }
}

/// From this many entries on, the index is built with all cores.
pub(super) const PARALLEL_ENTRIES: usize = 2000;

/// A term's postings are walked for every question while they are at most
/// this long, or one in this many entries: below a few thousand entries,
/// always, so small knowledge bases are scored exactly.
const COMMON_POSTINGS_MIN: usize = 1000;
/// See [`COMMON_POSTINGS_MIN`].
const COMMON_POSTINGS_DIVISOR: usize = 50;

impl Index {
    /// Builds the index of a knowledge base, whose texts `lexicon` analyses,
    /// analysing on all cores from `parallel_from` entries.
    pub(super) fn build(
        kb: &Knowledge,
        lexicon: &Lexicon,
        stemmer: Stemmer,
        weights: Weights,
        parallel_from: usize,
    ) -> Index {
        let mut m = Index {
            weights,
            keys: Keys::new(stemmer),
            terms: HashMap::default(),
            term_text: Vec::new(),
            idf: Vec::new(),
            unknown_weight: 0.0,
            max_idf: 0.0,
            typos: TypoKeys::default(),
            variant_typos: VariantTypos::default(),
            postings: Vec::new(),
            common_postings: 0,
            common: CommonTerms::default(),
            entries: Entries::default(),
            answerable: kb.entries.len(),
            in_entries: Vec::new(),
            offtopic_in_entries: HashSet::default(),
            known_words: HashMap::default(),
        };
        // Pass 1: analyse everything once, keeping each text's content words
        // as ids of distinct words (a large knowledge base repeats its words
        // endlessly: each is stemmed and resolved once, and the texts cost
        // four bytes a word while the index is built).
        // The texts to index: each entry's phrasings and answer, then each
        // outside group's phrasings (with no answer).
        // (questions, answer, whether it is an answerable entry).
        let docs: Vec<(&[String], &str, bool)> = kb
            .entries
            .iter()
            .map(|e| (e.questions.as_slice(), e.answer.as_str(), true))
            .chain(kb.outside.iter().map(|g| (g.questions.as_slice(), "", false)))
            .collect();
        let analyse_all = |entries: &[(&[String], &str, bool)]| {
            let mut words = WordIds::default();
            let mut out = Analysed::default();
            let mut buf = String::new();
            let mut analyse = |text: &str, entry: bool, words: &mut WordIds, out: &mut Analysed| {
                normalize_into(text, &mut buf);
                let qtype = lexicon.visit(&buf, |w, kind| {
                    if matches!(kind, Kind::Content | Kind::Offtopic) {
                        out.ids.push(words.id(w));
                    }
                    if kind == Kind::Offtopic && entry {
                        out.offtopic.push(w.to_string());
                    }
                });
                out.texts.push((out.ids.len() as u32, qtype));
            };
            for &(questions, answer, entry) in entries {
                for q in questions {
                    analyse(q, entry, &mut words, &mut out);
                }
                analyse(answer, entry, &mut words, &mut out);
                out.phrasings.push(questions.len() as u32);
            }
            (out, words)
        };
        // A large knowledge base is analysed in parallel, in chunks whose
        // words are then renumbered as one pass in order would have.
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 8);
        let cores = if docs.len() >= parallel_from { threads } else { 1 };
        let mut analysed = in_chunks(&docs, cores, analyse_all);
        let mut words = WordIds::default();
        for (part, local) in &mut analysed {
            let global: Vec<u32> = local.0.iter().map(|(w, &c)| words.add(w, c)).collect();
            part.ids.iter_mut().for_each(|i| *i = global[*i as usize]);
        }
        let mut parts: Vec<Analysed> = analysed.into_iter().map(|(part, _)| part).collect();
        for (w, &count) in &words.0 {
            m.keys.count(w, count);
        }
        // Keyed as a question's words will be, once the stem counts are in.
        m.offtopic_in_entries = parts.iter().flat_map(|p| &p.offtopic).map(|w| m.keys.key(w).into_owned()).collect();
        // Each distinct word's key (its stem, maybe without a prefix letter),
        // on all cores for a large knowledge base.
        // (Borrowed when a word is its own key.)
        let keys: Vec<std::borrow::Cow<str>> = {
            let k = &m.keys;
            let words: Vec<&str> = words.0.keys().map(String::as_str).collect();
            in_chunks(&words, cores, |c| keys_of(k, c)).into_iter().flatten().collect()
        };
        // Pass 2: intern terms in order of first use, turning the word ids
        // into term ids in place.
        let mut df: Vec<u32> = Vec::new();
        let mut term_of: Vec<Option<TermId>> = vec![None; words.0.len()];
        for part in &mut parts {
            for w in &mut part.ids {
                *w = *term_of[*w as usize].get_or_insert_with(|| m.intern(&keys[*w as usize], &mut df));
            }
        }
        drop(keys);
        m.known_words = words.0.into_keys().zip(term_of).filter_map(|(w, t)| Some((w, t?))).collect();
        // Then each run of entries is indexed on its own core.
        let answer_factor = m.weights.answer_factor;
        // Each part is dropped once indexed: a large knowledge base's parts
        // and index do not fit in memory together for long.
        let mut indexed = each_on_its_thread(parts, |p| p.index(answer_factor)).into_iter();
        m.entries = indexed.next().unwrap_or_default();
        for entries in indexed {
            m.entries.append(entries);
        }
        for &(t, _) in &m.entries.terms {
            df[t as usize] += 1;
        }
        let n = m.entries.len().max(1) as f32;
        m.idf = df.iter().map(|&d| (1.0 + n / d.max(1) as f32).ln()).collect();
        m.in_entries = vec![false; df.len()];
        for e in 0..m.answerable {
            for &(t, _) in m.entries.get(e).terms {
                m.in_entries[t as usize] = true;
            }
        }
        m.max_idf = (1.0 + n).ln();
        m.unknown_weight = m.max_idf * m.weights.unknown_factor;
        // A term's postings are as many as the entries it is in.
        m.postings = df.iter().map(|&d| Vec::with_capacity(d as usize)).collect();
        let mut weights = Vec::with_capacity(m.entries.phrasings.len());
        for e in 0..m.entries.len() {
            let entry = m.entries.get(e);
            for (&(t, factor), &mask) in entry.terms.iter().zip(entry.masks) {
                m.postings[t as usize].push(Posting { entry: e as u32, factor, mask });
            }
            for p in entry.phrasings {
                weights.push(entry.terms_of(p).iter().map(|&t| m.idf[t as usize]).sum());
            }
        }
        for (p, weight) in m.entries.phrasings.iter_mut().zip(weights) {
            p.weight = weight;
        }
        m.leave_out_over(COMMON_POSTINGS_MIN.max(m.entries.len() / COMMON_POSTINGS_DIVISOR));
        m.typos = TypoKeys::new(&m.term_text);
        // A variant whose key is a term is found without it.
        let mut pairs: Vec<(String, TermId)> = lexicon
            .variants()
            .filter_map(|(variant, canon)| {
                let [word] = canon else { return None };
                let key = m.keys.key(variant);
                let target = *m.terms.get(m.keys.key(word).as_ref())?;
                (!m.terms.contains_key(key.as_ref())).then(|| (key.into_owned(), target))
            })
            .collect();
        // The lexicon's table has no order of its own.
        pairs.sort_unstable();
        let words = lexicon.vocabulary().map(|w| m.keys.key(w).into_owned()).collect();
        m.variant_typos = VariantTypos::new(pairs, words);
        m
    }

    /// The term of an index key ([`Keys::key`]), new or known.
    fn intern(&mut self, key: &str, df: &mut Vec<u32>) -> TermId {
        if let Some(&t) = self.terms.get(key) {
            return t;
        }
        let t = self.term_text.len() as TermId;
        self.terms.insert(key.to_string(), t);
        self.term_text.push(key.to_string());
        df.push(0);
        t
    }

    /// Leaves the terms in more than `n` entries out of the first walk of
    /// a ranking, with the bitmaps that keep the bounds close.
    pub(super) fn leave_out_over(&mut self, n: usize) {
        self.common_postings = n;
        let entries = self.entries.len();
        let common = self.postings.iter().enumerate().filter(|(_, p)| p.len() > n);
        self.common = common
            .map(|(t, p)| (t as TermId, TermBits::new(entries, p.iter().map(|p| (p.entry, p.factor >= 1.0)))))
            .collect();
    }

    /// Whether a ranked index is an outside group rather than an entry.
    pub(super) fn is_outside(&self, index: usize) -> bool {
        index >= self.answerable
    }
}

/// `f` applied to each of `items`, each on its own thread (on this one for a
/// single item), in order; each item is dropped when its thread is done.
fn each_on_its_thread<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    if items.len() <= 1 {
        return items.into_iter().map(f).collect();
    }
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items.into_iter().map(|item| scope.spawn(move || f(item))).collect();
        // A panic in a worker is a bug: let it surface as it was.
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// The key of each of `words`.
fn keys_of<'w>(keys: &Keys, words: &[&'w str]) -> Vec<std::borrow::Cow<'w, str>> {
    words.iter().map(|w| keys.key(w)).collect()
}

/// `f` applied to `items` cut into `pieces` runs of about equal length,
/// each on its own thread (on this one for a single piece), in order.
fn in_chunks<T: Sync, R: Send>(items: &[T], pieces: usize, f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let chunk = items.len().div_ceil(pieces.max(1)).max(1);
    if pieces <= 1 || items.len() <= chunk {
        return vec![f(items)];
    }
    each_on_its_thread(items.chunks(chunk).collect(), f)
}
