//! The Latin keys of the tables, made once per reader in the form the
//! search reads them: each key's Arabic choices with the bit of their first
//! letter and what each costs, and the keys by their first Latin letter.

use super::*;

/// Where in a word a Latin key is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Anywhere,
    Start,
    End,
}

/// Which pair of Latin letters for one Arabic letter a key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pair {
    None,
    /// A doubled vowel («ee»: one long vowel).
    Vowels,
    /// Two consonants («sh», «kh»).
    Consonants,
}

/// One Arabic reading of a key.
#[derive(Debug, Clone)]
pub(super) struct Choice<'a> {
    /// The Arabic, possibly empty (a vowel written for no letter).
    pub(super) arabic: &'a str,
    /// Its letters, which a search follows down the trie.
    pub(super) letters: Box<[char]>,
    /// What it costs more than the key's first choice: a step for each
    /// choice before it, smaller for a vowel's.
    pub(super) cost: f32,
    /// The `letter_bit` of its first letter; 0 if it is empty.
    pub(super) first: u64,
    /// What it costs more when the key ends the word: a final «i», «o»,
    /// «u» or «a» read as no letter, a final «t» read as the ة of a
    /// construct.
    pub(super) at_end: f32,
}

/// One Latin key of the tables.
#[derive(Debug, Clone)]
pub(super) struct Letter<'a> {
    pub(super) key: Box<[char]>,
    /// Most likely first.
    pub(super) choices: Box<[Choice<'a>]>,
    pub(super) place: Place,
    /// Whether the key is a pair of letters for one Arabic letter; a search
    /// charges a one-letter key that splits such a pair.
    pub(super) pair: Pair,
    /// The `first` of all its choices: a search skips a key none of whose
    /// choices begins with a letter the trie has next.
    pub(super) firsts: u64,
    /// Whether one of its choices is empty, which follows from any node.
    pub(super) may_be_empty: bool,
}

/// The keys of the tables, longest first, and by first letter.
#[derive(Debug, Clone)]
pub(super) struct Keys<'a> {
    pub(super) letters: Vec<Letter<'a>>,
    /// The keys of `letters` (in its order) that begin with each Latin
    /// letter (indexed by the letter, all keys being Latin-1): a search
    /// looks at these alone.
    starting: Vec<Vec<Start>>,
}

/// A key as a search lists the keys at each position of a Latin word: what
/// it needs to know whether the key is there and may be read there.
#[derive(Debug, Clone, Copy)]
pub(super) struct Start {
    /// By index into `Keys::letters`.
    pub(super) letter: u16,
    /// How many Latin letters it has.
    pub(super) len: u8,
    /// Its second and third letters (`'\0'` past its end).
    then: [char; 2],
    pub(super) place: Place,
    pub(super) pair: Pair,
    /// What reading it costs more for its place: [`PLACED_KEY`] for a key
    /// of a word's start or end.
    pub(super) placed: f32,
}

impl Start {
    /// Whether `rest`, which begins with the key's first letter, goes on
    /// with the rest of the key: one or two letters compared, not a call
    /// to `memcmp`.
    pub(super) fn begins(&self, rest: &[char], letters: &[Letter]) -> bool {
        match self.len {
            0 | 1 => true,
            2 => rest.get(1) == Some(&self.then[0]),
            3 => rest.get(1) == Some(&self.then[0]) && rest.get(2) == Some(&self.then[1]),
            _ => rest.starts_with(&letters[self.letter as usize].key),
        }
    }
}

impl<'a> Keys<'a> {
    /// The keys of the tables' `letters` rows (a row is a key and its
    /// choices; a key «x$» is read only at a word's end, «^x» only at its
    /// start).
    pub(super) fn new(rows: &'a [Vec<String>]) -> Keys<'a> {
        let mut letters: Vec<Letter<'a>> = rows
            .iter()
            .filter(|row| row.len() >= 2)
            .map(|row| {
                let (key, place) = match (row[0].strip_prefix('^'), row[0].strip_suffix('$')) {
                    (Some(key), _) => (key, Place::Start),
                    (_, Some(key)) => (key, Place::End),
                    _ => (row[0].as_str(), Place::Anywhere),
                };
                let key: Box<[char]> = key.chars().collect();
                let consonants = key.iter().all(|&c| c.is_ascii_alphabetic() && !is_vowel(c));
                let pair = match &key[..] {
                    [a, b] if place == Place::Anywhere && is_vowel(*a) && a == b => Pair::Vowels,
                    [_, _] if place == Place::Anywhere && consonants => Pair::Consonants,
                    _ => Pair::None,
                };
                let step = if key.iter().all(|&c| is_vowel(c)) { VOWEL_STEP } else { CONSONANT_STEP };
                let choices: Box<[Choice]> =
                    row[1..].iter().enumerate().map(|(i, arabic)| Choice::new(&key, arabic, step * i as f32)).collect();
                let firsts = choices.iter().fold(0, |bits, c| bits | c.first);
                let may_be_empty = choices.iter().any(|c| c.arabic.is_empty());
                Letter { key, choices, place, pair, firsts, may_be_empty }
            })
            .collect();
        letters.sort_by_key(|l| std::cmp::Reverse(l.key.len()));
        let mut starting = vec![Vec::new(); LATIN_1];
        for (k, letter) in letters.iter().enumerate() {
            let at = |i: usize| letter.key.get(i).copied().unwrap_or('\0');
            let start = Start {
                letter: k as u16,
                len: letter.key.len() as u8,
                then: [at(1), at(2)],
                place: letter.place,
                pair: letter.pair,
                placed: if letter.place == Place::Anywhere { 0.0 } else { PLACED_KEY },
            };
            match letter.key.first() {
                // A key longer than a word that is searched is never read
                // by a search (spelling letter by letter still may).
                _ if letter.key.len() > MAX_SEARCHED_LETTERS => {}
                Some(&first) if (first as usize) < LATIN_1 => starting[first as usize].push(start),
                // A key that is not Latin-1 is never typed as Arabizi.
                _ => {}
            }
        }
        Keys { letters, starting }
    }

    /// The keys that begin with `c`.
    pub(super) fn starting(&self, c: char) -> &[Start] {
        self.starting.get(c as usize).map_or(&[], Vec::as_slice)
    }
}

/// How many characters Latin-1 has: the letters of the keys, accents
/// («é», «è») included.
const LATIN_1: usize = 256;

impl<'a> Choice<'a> {
    fn new(key: &[char], arabic: &'a str, cost: f32) -> Choice<'a> {
        let at_end = match key {
            ['i' | 'o' | 'u'] if arabic.is_empty() => DROPPED_FINAL_VOWEL,
            ['a'] if arabic.is_empty() => DROPPED_FINAL_A,
            [.., 't'] if arabic == "ه" => CONSTRUCT_TA,
            _ => 0.0,
        };
        let first = arabic.chars().next().map_or(0, letter_bit);
        Choice { arabic, letters: arabic.chars().collect(), cost, first, at_end }
    }
}
