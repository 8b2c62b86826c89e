//! The search for the cheapest word of the vocabulary a Latin word spells.

use super::*;

/// Whether `rest` begins with `key`: `starts_with` without the call to
/// `memcmp`, which costs more than comparing one or two letters.
fn begins(rest: &[char], key: &[char]) -> bool {
    key.len() <= rest.len() && key.iter().zip(rest).all(|(a, b)| a == b)
}

/// Which pair of Latin letters for one Arabic letter begins at a position.
#[derive(Debug, Clone, Copy)]
enum Pair {
    None,
    /// A doubled vowel («ee»: one long vowel).
    Vowels,
    /// Two consonants («sh», «kh»).
    Consonants,
}

/// One search for the cheapest word a Latin word spells: depth first
/// through the vocabulary's trie, cut off once it costs more than the best
/// found, and where it has already been as cheaply.
pub(super) struct Search<'r, 'a> {
    reader: &'r Reader<'a>,
    latin: &'r [char],
    limit: f32,
    /// The Arabic spelt so far.
    spelt: String,
    /// The best word found, with its cost.
    best: Option<(f32, String)>,
    /// The lowest cost each (Latin position, trie node) was reached at. A
    /// trie node is one spelling, so a second visit at no lower cost has
    /// nothing new to find; without this, a vowel that may be written or
    /// not doubles the work at each letter («aaaa…»).
    seen: HashMap<(usize, usize), f32>,
    /// The keys of `reader.letters` (by index, in its order) that the Latin
    /// word has at each position: `keys[starts[pos]..starts[pos + 1]]`.
    /// Found once per search rather than at every state it expands.
    keys: Vec<u16>,
    starts: Vec<usize>,
    /// Whether a pair of `reader.pairs` begins at each position: none, a
    /// vowel pair or a consonant pair.
    pairs: Vec<Pair>,
    /// How many states were expanded, for the tests.
    #[cfg(test)]
    pub(super) expanded: usize,
}

impl<'r, 'a> Search<'r, 'a> {
    pub(super) fn new(reader: &'r Reader<'a>, latin: &'r [char], spelt: &str, limit: f32) -> Self {
        let mut keys = Vec::new();
        let mut starts = Vec::with_capacity(latin.len() + 1);
        let mut pairs = Vec::with_capacity(latin.len());
        for pos in 0..latin.len() {
            starts.push(keys.len());
            let rest = &latin[pos..];
            keys.extend((0..reader.letters.len()).filter(|&k| begins(rest, &reader.letters[k].0)).map(|k| k as u16));
            pairs.push(match reader.pairs.iter().find(|p| begins(rest, p)) {
                Some(p) if is_vowel(p[0]) => Pair::Vowels,
                Some(_) => Pair::Consonants,
                None => Pair::None,
            });
        }
        starts.push(keys.len());
        Search {
            reader,
            latin,
            limit,
            spelt: spelt.to_string(),
            best: None,
            seen: HashMap::default(),
            keys,
            starts,
            pairs,
            #[cfg(test)]
            expanded: 0,
        }
    }

    /// The best word spelt from trie node `at`, or `best` if none is cheaper.
    pub(super) fn run(self, at: usize, best: Option<(f32, String)>) -> Option<(f32, String)> {
        self.run_from(at, 0.0, best)
    }

    /// The best word spelt from trie node `at`, reached at `cost`, or
    /// `best` if none is cheaper.
    pub(super) fn run_from(self, at: usize, cost: f32, best: Option<(f32, String)>) -> Option<(f32, String)> {
        self.run_at(0, at, cost, best)
    }

    /// The best word spelt on from Latin position `pos` and trie node `at`,
    /// reached at `cost`, or `best` if none is cheaper.
    pub(super) fn run_at(
        mut self,
        pos: usize,
        at: usize,
        cost: f32,
        best: Option<(f32, String)>,
    ) -> Option<(f32, String)> {
        self.best = best;
        self.go(pos, at, cost);
        self.best
    }

    /// Spells on from Latin position `pos` and trie node `at`.
    pub(super) fn go(&mut self, pos: usize, at: usize, cost: f32) {
        let (reader, latin) = (self.reader, self.latin);
        // A word's weight can lower its cost by at most `MAX_PRIOR`.
        let bound = self.best.as_ref().map_or(self.limit, |(c, _)| c.min(self.limit)) + MAX_PRIOR;
        if cost > bound {
            return;
        }
        match self.seen.entry((pos, at)) {
            Entry::Occupied(e) if *e.get() <= cost => return,
            Entry::Occupied(mut e) => {
                e.insert(cost);
            }
            Entry::Vacant(e) => {
                e.insert(cost);
            }
        }
        #[cfg(test)]
        {
            self.expanded += 1;
        }
        if pos == latin.len() {
            if let Some(weight) = reader.vocab.nodes[at].word {
                let cost = cost - PRIOR * (1.0 + weight as f32).ln().min(MAX_PRIOR / PRIOR);
                let better = |(c, w): &(f32, String)| cost < *c || (cost == *c && self.spelt < *w);
                if cost <= self.limit && self.best.as_ref().is_none_or(better) {
                    self.best = Some((cost, self.spelt.clone()));
                }
            }
            // Letters the writer left out at the end («zyar» for «زيارة»).
            self.unwritten(pos, at, cost);
            return;
        }
        // A doubled consonant is one Arabic letter (the shadda).
        if pos > 0 && latin[pos] == latin[pos - 1] && !is_vowel(latin[pos]) {
            self.go(pos + 1, at, cost);
        }
        for k in self.starts[pos]..self.starts[pos + 1] {
            let (key, choices, place) = &reader.letters[self.keys[k] as usize];
            let fits = match place {
                Place::Anywhere => true,
                Place::Start => pos == 0,
                Place::End => pos + key.len() == latin.len(),
            };
            if !fits {
                continue;
            }
            let step = if key.iter().all(|&c| is_vowel(c)) { VOWEL_STEP } else { CONSONANT_STEP };
            let mut placed = if *place == Place::Anywhere { 0.0 } else { PLACED_KEY };
            if key.len() == 1 {
                match self.pairs[pos] {
                    Pair::Vowels => placed += SPLIT_LONG_VOWEL,
                    Pair::Consonants => placed += SPLIT_PAIR,
                    Pair::None => {}
                }
            }
            let last = pos + key.len() == latin.len();
            for (i, arabic) in choices.iter().enumerate() {
                // A vowel opening a word is written (the alef of a hamza,
                // or ي و): only the keys read at a word's start may drop it.
                if pos == 0 && arabic.is_empty() && *place == Place::Anywhere {
                    continue;
                }
                let dropped = match key[..] {
                    ['i' | 'o' | 'u'] if last && arabic.is_empty() => DROPPED_FINAL_VOWEL,
                    ['a'] if last && arabic.is_empty() => DROPPED_FINAL_A,
                    [.., 't'] if last && arabic == "ه" => CONSTRUCT_TA,
                    _ => 0.0,
                };
                if let Some(next) = reader.vocab.follow(at, arabic) {
                    let len = self.spelt.len();
                    self.spelt.push_str(arabic);
                    self.go(pos + key.len(), next, cost + placed + dropped + step * i as f32);
                    self.spelt.truncate(len);
                }
            }
        }
        self.unwritten(pos, at, cost);
    }

    /// Goes on past an Arabic letter no Latin letter spelt.
    fn unwritten(&mut self, pos: usize, at: usize, cost: f32) {
        for &(letter, next) in &self.reader.vocab.nodes[at].children {
            if UNWRITTEN.contains(&letter) {
                self.spelt.push(letter);
                self.go(pos, next as usize, cost + UNWRITTEN_LETTER);
                self.spelt.pop();
            }
        }
    }
}
