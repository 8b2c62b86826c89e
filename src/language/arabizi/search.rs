//! The search for the cheapest word of the vocabulary a Latin word spells.

use super::keys::Pair;
use super::*;

/// What a search keeps between its states, kept between searches on each
/// thread so that one search allocates nothing once its thread has searched
/// a word as long before.
#[derive(Debug, Default)]
struct Scratch {
    /// The lowest cost each (Latin position, trie node) was reached at. A
    /// trie node is one spelling, so a second visit at no lower cost has
    /// nothing new to find; without this, a vowel that may be written or
    /// not doubles the work at each letter («aaaa…»).
    seen: HashMap<u64, f32>,
    /// The keys of `reader.keys` that the Latin word has at each position
    /// and that may be read there (a key of a word's start only at 0, of
    /// its end only where it ends the word): `steps[starts[pos]..starts[pos
    /// + 1]]`. Found once per search rather than at every state it expands.
    steps: Vec<Step>,
    starts: Vec<u32>,
}

/// A key a search may read at a position, with what reading it there
/// costs before any choice.
#[derive(Debug, Clone, Copy)]
struct Step {
    /// By index into `reader.keys.letters`.
    letter: u16,
    /// How many Latin letters it reads.
    len: u8,
    /// Whether it ends the word.
    last: bool,
    /// A key read only at a word's start or end costs a little more; a
    /// one-letter key that splits a pair of letters for one Arabic letter
    /// («s» of «sh», «e» of «ee») costs more.
    placed: f32,
}

/// A scratch that grew past this many states on a pathological word is
/// not kept: clearing it would cost every later search as much.
const KEPT_STATES: usize = 4096;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// The best word a search has: the one it was given, or a trie node (a
/// node ends one word, written out only when the search ends).
#[derive(Debug)]
enum Best {
    Given(String),
    Node(usize),
}

/// One search for the cheapest word a Latin word spells: depth first
/// through the vocabulary's trie, cut off once it costs more than the best
/// found, and where it has already been as cheaply. What a state has spelt
/// is its trie node's spelling, from the root: a search that begins at the
/// node of a prefix («ال») finds words with it.
pub(super) struct Search<'r, 'a> {
    reader: &'r Reader<'a>,
    vocab: &'r Vocabulary,
    latin: &'r [char],
    limit: f32,
    /// The best word found, with its cost.
    best: Option<(f32, Best)>,
    /// The cost a word must not exceed to be kept: the best's, or the limit.
    bound: f32,
    scratch: Scratch,
    /// How many states were expanded, for the tests.
    #[cfg(test)]
    pub(super) expanded: usize,
}

impl Drop for Search<'_, '_> {
    fn drop(&mut self) {
        if self.scratch.seen.capacity() <= KEPT_STATES {
            let scratch = std::mem::take(&mut self.scratch);
            // On a thread being torn down there is nothing to give it back to.
            let _ = SCRATCH.try_with(|s| *s.borrow_mut() = scratch);
        }
    }
}

impl<'r, 'a> Search<'r, 'a> {
    pub(super) fn new(reader: &'r Reader<'a>, latin: &'r [char], limit: f32) -> Self {
        let mut scratch = SCRATCH.try_with(|s| std::mem::take(&mut *s.borrow_mut())).unwrap_or_default();
        scratch.seen.clear();
        scratch.steps.clear();
        scratch.starts.clear();
        let letters = &reader.keys.letters;
        for pos in 0..latin.len() {
            scratch.starts.push(scratch.steps.len() as u32);
            let rest = &latin[pos..];
            let first = scratch.steps.len();
            let mut pair = Pair::None;
            for start in reader.keys.starting(latin[pos]) {
                if !start.begins(rest, letters) {
                    continue;
                }
                let len = start.len as usize;
                if pair == Pair::None {
                    pair = start.pair;
                }
                let last = len == rest.len();
                let fits = match start.place {
                    Place::Anywhere => true,
                    Place::Start => pos == 0,
                    Place::End => last,
                };
                if fits {
                    scratch.steps.push(Step { letter: start.letter, len: start.len, last, placed: start.placed });
                }
            }
            // The pair is known once every key at the position is.
            let split = match pair {
                Pair::Vowels => SPLIT_LONG_VOWEL,
                Pair::Consonants => SPLIT_PAIR,
                Pair::None => 0.0,
            };
            for step in &mut scratch.steps[first..] {
                if step.len == 1 {
                    step.placed += split;
                }
            }
        }
        scratch.starts.push(scratch.steps.len() as u32);
        Search {
            reader,
            vocab: &reader.vocab,
            latin,
            limit,
            best: None,
            bound: limit,
            scratch,
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
        self.best = best.map(|(c, w)| (c, Best::Given(w)));
        self.bound = self.best.as_ref().map_or(self.limit, |(c, _)| c.min(self.limit));
        self.visit(pos, at, cost);
        self.best.take().map(|(c, best)| match best {
            Best::Given(w) => (c, w),
            Best::Node(n) => (c, self.vocab.spelling(n).to_string()),
        })
    }

    /// Whether the word of node `at` comes before the best found in the
    /// order of `str`, which settles a tie in cost.
    fn before_best(&self, at: usize) -> bool {
        let word = self.vocab.spelling(at);
        match &self.best {
            None => true,
            Some((_, Best::Given(w))) => word < w.as_str(),
            Some((_, Best::Node(n))) => word < self.vocab.spelling(*n),
        }
    }

    /// Spells on from Latin position `pos` and trie node `at`, reached at
    /// `cost`, if that may still find a better word (`worth`): checked
    /// here, before the call, as most states are not worth it.
    pub(super) fn visit(&mut self, pos: usize, at: usize, cost: f32) {
        if self.worth(at, cost) {
            self.go(pos, at, cost);
        }
    }

    /// Spells on from Latin position `pos` and trie node `at`, a state
    /// `worth` going on from.
    fn go(&mut self, pos: usize, at: usize, cost: f32) {
        let (reader, vocab, latin) = (self.reader, self.vocab, self.latin);
        let node = &vocab.nodes[at];
        match self.scratch.seen.entry(((pos as u64) << 32) | at as u64) {
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
            if let Some((weight, _)) = node.word {
                let cost = cost - prior(weight);
                let better = match &self.best {
                    None => true,
                    Some((c, _)) => cost < *c || (cost == *c && self.before_best(at)),
                };
                if cost <= self.limit && better {
                    self.best = Some((cost, Best::Node(at)));
                    self.bound = cost;
                }
            }
            // Letters the writer left out at the end («zyar» for «زيارة»).
            self.unwritten(pos, at, cost);
            return;
        }
        // A doubled consonant is one Arabic letter (the shadda). The state
        // is as worth it as this one: nothing was found since.
        if pos > 0 && latin[pos] == latin[pos - 1] && !is_vowel(latin[pos]) {
            self.go(pos + 1, at, cost);
        }
        let (first, end) = (self.scratch.starts[pos] as usize, self.scratch.starts[pos + 1] as usize);
        let here = node.letters;
        for k in first..end {
            let Step { letter, len, last, placed } = self.scratch.steps[k];
            let letter = &reader.keys.letters[letter as usize];
            if letter.firsts & here == 0 && !letter.may_be_empty {
                continue;
            }
            let next_pos = pos + len as usize;
            for choice in &letter.choices {
                let next = match &choice.letters[..] {
                    // A vowel opening a word is written (the alef of a hamza,
                    // or ي و): only the keys read at a word's start may drop it.
                    [] if pos == 0 && letter.place == Place::Anywhere => continue,
                    [] => at,
                    _ if choice.first & here == 0 => continue,
                    letters => match vocab.follow(at, letters.iter().copied()) {
                        Some(next) => next,
                        None => continue,
                    },
                };
                let dropped = if last { choice.at_end } else { 0.0 };
                self.visit(next_pos, next, cost + placed + dropped + choice.cost);
            }
        }
        self.unwritten(pos, at, cost);
    }

    /// Whether a state at trie node `at` reached at `cost` may yet find a
    /// word better than the best found: the weight of a word below can
    /// lower its cost by the node's `prior_below`, and no more.
    fn worth(&self, at: usize, cost: f32) -> bool {
        cost <= self.bound + self.vocab.nodes[at].prior_below
    }

    /// Goes on past an Arabic letter no Latin letter spelt.
    fn unwritten(&mut self, pos: usize, at: usize, cost: f32) {
        if self.vocab.nodes[at].letters & UNWRITTEN.iter().fold(0, |bits, &c| bits | letter_bit(c)) == 0 {
            return;
        }
        for &letter in UNWRITTEN {
            if let Some(next) = self.vocab.child(at, letter) {
                self.visit(pos, next, cost + UNWRITTEN_LETTER);
            }
        }
    }
}
