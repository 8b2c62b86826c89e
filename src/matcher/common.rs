//! The common terms: those in more entries than a walk of the postings
//! takes ([`super::index::Index::common_postings`]), each with a bitmap of
//! the entries that contain it, in a phrasing or in the answer only.
//!
//! A ranking leaves these terms out of its walk ([`super::ranking`]), so
//! the bound on a candidate's score must allow for them. Without a bitmap
//! it can only assume the candidate matches them all, which for a question
//! made of common words is far above most candidates' scores: thousands
//! are scored before the bound rules the rest out. With one, a bit per
//! left-out term tells what the candidate really has of them, and its
//! bound is what a walk of every term would give.
//!
//! Each bitmap costs two bits for every entry of the knowledge base, and a
//! term gets one only when its postings (16 bytes each) number more than
//! `common_postings`, at least one in fifty entries: so a bitmap weighs at
//! most four fifths of its term's postings, and far less for the commonest.

use rustc_hash::FxHashMap as HashMap;

use super::TermId;

/// The entries containing one common term: a bit per entry.
#[derive(Debug, Clone, Default)]
pub(super) struct TermBits {
    in_phrasing: Vec<u64>,
    in_answer_only: Vec<u64>,
}

/// What an entry has of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Has {
    /// Not the term.
    Nothing,
    /// The term in a phrasing.
    Phrasing,
    /// The term in its answer only.
    AnswerOnly,
}

impl TermBits {
    /// The bitmap among `entries` entries of those given, each with
    /// whether it has the term in a phrasing (else in its answer only).
    pub(super) fn new(entries: usize, of: impl IntoIterator<Item = (u32, bool)>) -> TermBits {
        let words = entries.div_ceil(64);
        let (mut in_phrasing, mut in_answer_only) = (vec![0u64; words], vec![0u64; words]);
        for (e, phrasing) in of {
            let (word, bit) = (e as usize / 64, 1u64 << (e % 64));
            if phrasing {
                in_phrasing[word] |= bit;
            } else {
                in_answer_only[word] |= bit;
            }
        }
        TermBits { in_phrasing, in_answer_only }
    }

    /// What entry `e` has of the term.
    pub(super) fn has(&self, e: u32) -> Has {
        let (word, bit) = (e as usize / 64, 1u64 << (e % 64));
        if self.in_phrasing.get(word).is_some_and(|w| w & bit != 0) {
            Has::Phrasing
        } else if self.in_answer_only.get(word).is_some_and(|w| w & bit != 0) {
            Has::AnswerOnly
        } else {
            Has::Nothing
        }
    }
}

/// The bitmaps of every term in more than a given number of entries.
#[derive(Debug, Clone, Default)]
pub(super) struct CommonTerms(HashMap<TermId, TermBits>);

impl FromIterator<(TermId, TermBits)> for CommonTerms {
    fn from_iter<I: IntoIterator<Item = (TermId, TermBits)>>(iter: I) -> Self {
        CommonTerms(iter.into_iter().collect())
    }
}

impl CommonTerms {
    /// The bitmap of term `t`, if it is common.
    pub(super) fn get(&self, t: TermId) -> Option<&TermBits> {
        self.0.get(&t)
    }

    /// How many terms have a bitmap.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.0.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bitmap_tells_phrasing_answer_and_absence_apart() {
        let bits = TermBits::new(130, [(0, true), (63, false), (64, true), (129, false)]);
        assert_eq!(bits.has(0), Has::Phrasing);
        assert_eq!(bits.has(63), Has::AnswerOnly);
        assert_eq!(bits.has(64), Has::Phrasing);
        assert_eq!(bits.has(129), Has::AnswerOnly);
        for e in [1, 62, 65, 128] {
            assert_eq!(bits.has(e), Has::Nothing, "{e}");
        }
        // An entry past the bitmap (none is asked for, but it must not panic).
        assert_eq!(bits.has(10_000), Has::Nothing);
    }

    #[test]
    fn only_the_terms_given_have_a_bitmap() {
        let common: CommonTerms = [(1, TermBits::new(5, [(4, true)]))].into_iter().collect();
        assert_eq!(common.len(), 1);
        assert!(common.get(0).is_none() && common.get(2).is_none());
        assert_eq!(common.get(1).map(|b| b.has(4)), Some(Has::Phrasing));
    }
}
