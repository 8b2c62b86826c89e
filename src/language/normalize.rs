//! Arabic text normalisation: the first step of reading a text.
//!
//! Users type the same word in many ways: with or without hamzas and
//! diacritics, with tatweel, with Arabic-Indic digits, with invisible
//! direction marks pasted from other apps. Every rule below folds one of
//! those differences away. The rules run in the order of [`RULES`]; each one
//! is a small function with the characters it touches in its documentation
//! and golden tests beside it.
//!
//! ```
//! use jawab::language::normalize::normalize;
//! assert_eq!(normalize("إمتى زار بوتين دمشق؟"), "امتي زار بوتين دمشق");
//! assert_eq!(normalize("المُحادَثاتُ ١٩٤٤"), "المحادثات 1944");
//! ```

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// What a character rule does with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Keep this (possibly changed) character and pass it to the next rule.
    Keep(char),
    /// Remove the character.
    Drop,
    /// Replace the character by a word break.
    Space,
}

/// One normalisation rule that looks at one character at a time.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// A short name, used in documentation and tests.
    pub name: &'static str,
    /// The rule itself.
    pub apply: fn(char) -> Action,
}

/// The character rules, in the order they run (after NFKC and lower-casing;
/// elongation and spaces are folded after them, see [`normalize`]).
pub const RULES: &[Rule] = &[
    Rule { name: "diacritics", apply: strip_diacritics },
    Rule { name: "tatweel", apply: strip_tatweel },
    Rule { name: "hamza", apply: drop_lone_hamza },
    Rule { name: "alef", apply: fold_alef },
    Rule { name: "yeh", apply: fold_yeh },
    Rule { name: "teh-marbuta", apply: fold_teh_marbuta },
    Rule { name: "hamza-carriers", apply: fold_hamza_carriers },
    Rule { name: "persian-letters", apply: fold_persian_letters },
    Rule { name: "dialect-letters", apply: fold_dialect_letters },
    Rule { name: "digits", apply: fold_digits },
    Rule { name: "separators", apply: separators_to_space },
];

/// Normalises `text` for matching: NFKC, lower-case, then every rule of
/// [`RULES`] in order; then an Arabic letter typed three or more times in a
/// row becomes one ([`elongation`]), and runs of spaces become one space,
/// trimmed at both ends.
///
/// The result is stable: normalising it again gives the same string.
///
/// ```
/// use jawab::language::normalize::normalize;
/// assert_eq!(normalize("  شـــو   صار؟!  🙂 "), "شو صار");
/// assert_eq!(normalize("Putin بوتين"), "putin بوتين");
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// Like [`normalize`], but writes into `out` (cleared first) so a caller can
/// reuse one buffer for many questions.
///
/// ```
/// use jawab::language::normalize::normalize_into;
/// let mut buf = String::new();
/// normalize_into("مَرْحَبًا", &mut buf);
/// assert_eq!(buf, "مرحبا");
/// ```
pub fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    let mut state = Written::default();
    actions(text, |action| push(action, out, &mut state));
}

/// Calls `f` with what NFKC, lower-casing and the rules do to each character
/// of `text`, in order.
fn actions(text: &str, f: impl FnMut(Action)) {
    // Most questions are already in NFKC; checking is much cheaper than
    // composing, so only the rare rest (presentation forms, ligatures) pays.
    if !text.chars().all(nfkc_stable) && is_nfkc_quick(text.chars()) != IsNormalized::Yes {
        rule_actions(text.nfkc(), f);
    } else {
        rule_actions(text.chars(), f);
    }
}

/// Calls `f` with what lower-casing and the rules do to each character.
fn rule_actions(chars: impl Iterator<Item = char>, mut f: impl FnMut(Action)) {
    let common = &*COMMON;
    for c in chars {
        match common.get(c as usize) {
            Some(&Some(action)) => f(action),
            _ => lower(c).for_each(|l| f(apply_rules(l))),
        }
    }
}

/// Whether [`normalize`] leaves anything of `text`, found without building
/// the normalised string (the loader asks it of every phrasing).
///
/// ```
/// use jawab::language::normalize::has_text;
/// assert!(has_text("؟ شو صار"));
/// assert!(!has_text(" ـ ؟! ً "));
/// // Presentation forms go through NFKC first: the lam-alef ligature is two
/// // letters, an isolated fatha mark is none.
/// assert!(has_text("\u{FEFB}"));
/// assert!(!has_text("\u{FE70}"));
/// ```
pub fn has_text(text: &str) -> bool {
    let mut kept = false;
    actions(text, |a| kept |= matches!(a, Action::Keep(_)));
    kept
}

/// A character in lower case: Latin and other scripts' capitals lowered,
/// Arabic and everything without case as it is. A few capitals lower to
/// several characters.
fn lower(c: char) -> impl Iterator<Item = char> {
    let keep = c.is_ascii() || is_arabic(c) || c.is_lowercase() || !c.is_uppercase();
    let (one, many) = if keep { (Some(c.to_ascii_lowercase()), None) } else { (None, Some(c.to_lowercase())) };
    one.into_iter().chain(many.into_iter().flatten())
}

/// The characters below U+0700 (ASCII, Latin, Greek, Cyrillic and the
/// Arabic block: nearly every character of a question) with what the rules
/// do to them, worked out once from [`RULES`] so each costs one lookup;
/// `None` for the few capitals that lower to several characters.
static COMMON: std::sync::LazyLock<Vec<Option<Action>>> = std::sync::LazyLock::new(|| {
    (0..0x700u32)
        .map(|u| {
            let c = char::from_u32(u)?;
            let mut l = lower(c);
            match (l.next(), l.next()) {
                (Some(one), None) => Some(apply_rules(one)),
                _ => None,
            }
        })
        .collect()
});

/// Characters that NFKC leaves alone in any context and that the rules treat
/// the same composed or not: ASCII and the basic Arabic block, except the
/// combining maddah and hamzas (U+0653–U+0655), which compose with a
/// preceding letter, and the compatibility letters U+0675–U+0678.
fn nfkc_stable(c: char) -> bool {
    c.is_ascii()
        || (('\u{0600}'..='\u{06FF}').contains(&c) && !matches!(c, '\u{0653}'..='\u{0655}' | '\u{0675}'..='\u{0678}'))
}

/// What [`push`] remembers of the text written so far.
#[derive(Default)]
struct Written {
    /// A space is pending: written only before the next kept character, so
    /// the output never starts or ends with a space, nor holds two in a row.
    space: bool,
    /// The letter whose elongated run is being folded ([`elongation`]).
    run: Option<char>,
    /// The last two characters written, the last first ('\0' for none):
    /// kept here rather than read back from the output for every letter.
    last: [char; 2],
}

impl Written {
    fn wrote(&mut self, c: char) {
        self.last = [c, self.last[0]];
    }
}

fn push(action: Action, out: &mut String, state: &mut Written) {
    match action {
        Action::Keep(k) => {
            if state.space && !out.is_empty() {
                out.push(' ');
                state.wrote(' ');
                state.run = None;
            }
            state.space = false;
            if !elongation(k, out, state) {
                out.push(k);
                state.wrote(k);
            }
        }
        Action::Drop => {}
        Action::Space => state.space = true,
    }
}

/// Folds elongation: an Arabic letter (hamza ء U+0621 to yeh ي U+064A)
/// typed three or more times in a row for emphasis is one letter
/// («ليييش» → «ليش», «زاااار» → «زار»). No Arabic word has a letter three
/// times running; twice is left alone («ممكن»، «الله»). Digits and Latin
/// letters are not touched (Arabizi folds its own elongation).
///
/// Called with each kept letter `k` before it is written; true when `k` is
/// not to be written. `state.run` is the letter of the run being folded.
fn elongation(k: char, out: &mut String, state: &mut Written) -> bool {
    if state.run == Some(k) {
        return true;
    }
    state.run = None;
    if !('\u{0621}'..='\u{064A}').contains(&k) {
        return false;
    }
    if state.last == [k, k] {
        out.pop();
        state.run = Some(k);
        // What came before the run is no longer needed: the next letter
        // written is not `k`, which the run takes.
        state.last = [k, '\0'];
        return true;
    }
    false
}

/// Runs every rule of [`RULES`] on one character.
fn apply_rules(mut c: char) -> Action {
    for rule in RULES {
        match (rule.apply)(c) {
            Action::Keep(k) => c = k,
            other => return other,
        }
    }
    Action::Keep(c)
}

/// Removes Arabic diacritics: tashkeel (fathatan ً U+064B … sukun ْ U+0652,
/// and the rarer marks U+0653–U+065F: maddah ٓ, hamza above ٔ and below ٕ),
/// superscript alef ٰ (U+0670) and the Quranic annotation marks (U+0610–U+061A,
/// U+06D6–U+06ED).
pub fn strip_diacritics(c: char) -> Action {
    match c {
        '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0610}'..='\u{061A}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}' => Action::Drop,
        _ => Action::Keep(c),
    }
}

/// Removes tatweel ـ (U+0640), the stretching stroke: `شـــو` → `شو`.
pub fn strip_tatweel(c: char) -> Action {
    if c == '\u{0640}' { Action::Drop } else { Action::Keep(c) }
}

/// Removes the lone hamza ء (U+0621), which dialect spelling usually leaves
/// out: `وزراء` → `وزرا`, `لقاء` → `لقا`.
pub fn drop_lone_hamza(c: char) -> Action {
    if c == '\u{0621}' { Action::Drop } else { Action::Keep(c) }
}

/// Folds the alef forms أ (U+0623), إ (U+0625), آ (U+0622) and ٱ (U+0671)
/// into the bare alef ا (U+0627).
pub fn fold_alef(c: char) -> Action {
    match c {
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' => Action::Keep('\u{0627}'),
        _ => Action::Keep(c),
    }
}

/// Folds alef maksura ى (U+0649) into yeh ي (U+064A): `متى` → `متي`.
pub fn fold_yeh(c: char) -> Action {
    if c == '\u{0649}' { Action::Keep('\u{064A}') } else { Action::Keep(c) }
}

/// Folds teh marbuta ة (U+0629) into heh ه (U+0647): `الزيارة` → `الزياره`.
pub fn fold_teh_marbuta(c: char) -> Action {
    if c == '\u{0629}' { Action::Keep('\u{0647}') } else { Action::Keep(c) }
}

/// Folds the hamza carriers ؤ (U+0624) into waw و (U+0648) and ئ (U+0626)
/// into yeh ي (U+064A): `رئيس` → `رييس`.
pub fn fold_hamza_carriers(c: char) -> Action {
    match c {
        '\u{0624}' => Action::Keep('\u{0648}'),
        '\u{0626}' => Action::Keep('\u{064A}'),
        _ => Action::Keep(c),
    }
}

/// Folds the Persian and Urdu letter forms that Arabic keyboards on some
/// phones produce: farsi yeh ی (U+06CC) → ي, keheh ک (U+06A9) → ك,
/// heh doachashmee ھ (U+06BE) and heh goal ہ (U+06C1) → ه.
pub fn fold_persian_letters(c: char) -> Action {
    match c {
        '\u{06CC}' => Action::Keep('\u{064A}'),
        '\u{06A9}' => Action::Keep('\u{0643}'),
        '\u{06BE}' | '\u{06C1}' => Action::Keep('\u{0647}'),
        _ => Action::Keep(c),
    }
}

/// Folds the extra letters that Iraqi, Gulf and Levantine writers use for
/// sounds of their dialects into the letters MSA spells those words with:
/// tcheh چ (U+0686) → ك (Iraqi/Gulf «چم» = «كم», «الحچي» = «الحكي»),
/// gaf گ (U+06AF) → ق (the g of «گال» = «قال»), veh ڤ (U+06A4) → ف,
/// peh پ (U+067E) → ب, jeh ژ (U+0698) → ز.
pub fn fold_dialect_letters(c: char) -> Action {
    match c {
        '\u{0686}' => Action::Keep('\u{0643}'),
        '\u{06AF}' => Action::Keep('\u{0642}'),
        '\u{06A4}' => Action::Keep('\u{0641}'),
        '\u{067E}' => Action::Keep('\u{0628}'),
        '\u{0698}' => Action::Keep('\u{0632}'),
        _ => Action::Keep(c),
    }
}

/// Folds Arabic-Indic digits ٠–٩ (U+0660–U+0669) and Persian digits ۰–۹
/// (U+06F0–U+06F9) into ASCII 0–9: `١٩٤٤` → `1944`.
pub fn fold_digits(c: char) -> Action {
    match c {
        '\u{0660}'..='\u{0669}' => Action::Keep(ascii_digit(c as u32 - 0x0660)),
        '\u{06F0}'..='\u{06F9}' => Action::Keep(ascii_digit(c as u32 - 0x06F0)),
        _ => Action::Keep(c),
    }
}

fn ascii_digit(d: u32) -> char {
    char::from_digit(d, 10).unwrap_or('0')
}

/// Turns everything that is not a letter or a digit into a word break:
/// punctuation (، ؛ ؟ « » “ ” and ASCII), symbols and emoji, white space,
/// the invisible marks RLM (U+200F), LRM (U+200E), ZWJ (U+200D), ZWNJ
/// (U+200C), ALM (U+061C), BOM (U+FEFF), and any combining mark the rules
/// above left.
pub fn separators_to_space(c: char) -> Action {
    // The Arabic letters and digits first: the general test is slow for them.
    if matches!(c, '\u{0621}'..='\u{064A}' | '\u{0660}'..='\u{0669}' | '\u{0671}'..='\u{06D3}')
        || (c.is_alphanumeric() && !is_mark(c))
    {
        Action::Keep(c)
    } else {
        Action::Space
    }
}

/// The Arabic block (U+0600–U+06FF), which has no letter case.
fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// Combining marks of any script: the general categories Mn, Mc and Me.
/// Stray marks would otherwise glue onto neighbouring words.
fn is_mark(c: char) -> bool {
    use unicode_normalization::char::is_combining_mark;
    is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Golden cases: (input, expected) for each rule, in [`RULES`] order.
    const GOLDEN: &[(&str, &str)] = &[
        // diacritics
        ("المُحَادَثَاتُ", "المحادثات"),
        ("مُوسْكُو", "موسكو"),
        ("رَحْمٰن", "رحمن"),
        // tatweel
        ("بـــوتين", "بوتين"),
        // lone hamza
        ("وزراء", "وزرا"),
        ("لقاء", "لقا"),
        // alef
        ("أين إيران آذار ٱلسلام", "اين ايران اذار السلام"),
        // yeh
        ("متى مستشفى", "متي مستشفي"),
        // teh marbuta
        ("الزيارة سوريا", "الزياره سوريا"),
        // hamza carriers
        ("رئيس مؤتمر", "رييس موتمر"),
        // persian letters
        ("کی", "كي"),
        // dialect letters
        ("شچد طوّلوا بالحچي", "شكد طولوا بالحكي"),
        ("گال", "قال"),
        ("ڤيتو پوتين ژ", "فيتو بوتين ز"),
        // digits
        ("١٩٤٤ ۲۰۱۵", "1944 2015"),
        // elongation, after the letter rules: «ى» is «ي» by then
        ("ليييييش زاااار متىىى", "ليش زار متي"),
        ("ممكن الله ههههه", "ممكن الله ه"),
        ("كـــــلاااام", "كلام"),
        ("2000 www", "2000 www"),
        ("لا ااا", "لا ا"),
        ("ا ااا", "ا ا"),
        ("بببب ابب", "ب ابب"),
        ("ااباا ممممم مم", "ااباا م مم"),
        // separators, invisible marks, emoji
        ("متى؟!", "متي"),
        ("«الكرملين»، بيان", "الكرملين بيان"),
        ("بوتين\u{200F}الأسد", "بوتين الاسد"),
        ("مح\u{200C}ادثات", "مح ادثات"),
        ("🙂 شو 🤔", "شو"),
        // NFKC: presentation forms become base letters
        ("\u{FEFB}", "لا"),
        // Latin is lower-cased
        ("PUTIN Moscow", "putin moscow"),
        // nothing left
        ("؟؟ !!", ""),
    ];

    #[test]
    fn golden() {
        for (input, expected) in GOLDEN {
            assert_eq!(normalize(input), *expected, "input: {input:?}");
        }
    }

    #[test]
    fn every_rule_is_listed_once() {
        let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }

    #[test]
    fn idempotent_on_golden() {
        for (input, _) in GOLDEN {
            let once = normalize(input);
            assert_eq!(normalize(&once), once);
        }
    }
}
