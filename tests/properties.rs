//! Properties that must hold for any input: normalisation is idempotent and
//! never panics, the matcher always returns a valid decision with a score in
//! [0, 1], and the loader reports an error instead of panicking.

use std::sync::OnceLock;

use jawab::engine::Engine;
use jawab::knowledge::Knowledge;
use jawab::language::normalize::{has_text, normalize};
use jawab::matcher::{Decision, MatcherConfig};
use proptest::prelude::*;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"), MatcherConfig::default()).unwrap()
    })
}

/// Arabic letters, diacritics, tatweel, digits of three scripts, direction
/// marks, punctuation, emoji, and some Latin: the input users really send,
/// shuffled.
fn arabicish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        proptest::char::range('\u{0600}', '\u{06FF}'),
        proptest::char::range('\u{064B}', '\u{0652}'),
        Just('\u{0640}'),
        proptest::char::range('\u{200B}', '\u{200F}'),
        proptest::char::range('\u{FB50}', '\u{FDFF}'),
        proptest::char::range('\u{FE70}', '\u{FEFF}'),
        proptest::char::range('0', '9'),
        proptest::char::range('a', 'z'),
        Just(' '),
        Just('؟'),
        Just('🙂'),
        any::<char>(),
    ];
    proptest::collection::vec(pieces, 0..60).prop_map(|v| v.into_iter().collect())
}

/// Latin letters (capitals and accents among them), the digits and
/// apostrophe of Arabizi, spaces, punctuation and a few Arabic letters:
/// messages the Arabizi reader reads.
fn latinish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        8 => proptest::char::range('a', 'z'),
        2 => proptest::char::range('A', 'Z'),
        2 => proptest::char::range('2', '9'),
        3 => Just(' '),
        1 => Just('\''),
        1 => prop_oneof![Just('é'), Just('è'), Just('à'), Just('ç')],
        1 => prop_oneof![Just('?'), Just(','), Just('.'), Just('-')],
        1 => proptest::char::range('\u{0621}', '\u{064A}'),
    ];
    proptest::collection::vec(pieces, 0..120).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalize_is_idempotent(s in arabicish()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once.clone());
        prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
    }

    #[test]
    fn normalize_is_idempotent_on_any_unicode(s in any::<String>()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn has_text_is_whether_normalize_leaves_anything(s in any::<String>(), a in arabicish()) {
        prop_assert_eq!(has_text(&s), !normalize(&s).is_empty());
        prop_assert_eq!(has_text(&a), !normalize(&a).is_empty());
    }

    #[test]
    fn every_question_gets_a_valid_decision(s in arabicish()) {
        let e = engine();
        let d = e.decide(&s);
        let score = d.score();
        prop_assert!((0.0..=1.0).contains(&score), "score {}", score);
        match &d {
            Decision::Answer(a) => prop_assert!(a.entry < e.knowledge().entries.len()),
            Decision::Suggest(list) => {
                prop_assert!(!list.is_empty() && list.len() <= 3);
                for s in list {
                    prop_assert!((0.0..=1.0).contains(&s.score));
                }
            }
            Decision::NoMatch { .. } => {}
        }
        let reply = e.reply(&s);
        prop_assert!(!reply.text.is_empty() && reply.text.chars().count() <= 4096);
    }

    #[test]
    fn every_latin_message_gets_a_reply(s in latinish()) {
        let e = engine();
        let d = e.decide(&s);
        prop_assert!((0.0..=1.0).contains(&d.score()), "score {}", d.score());
        let reply = e.reply(&s);
        prop_assert!(!reply.text.is_empty() && reply.text.chars().count() <= 4096);
        // Reading it again gives the same reply: the reader keeps nothing
        // of one message for the next.
        prop_assert_eq!(e.reply(&s).text, reply.text);
    }

    #[test]
    fn similarity_is_in_range_and_symmetric(a in arabicish(), b in arabicish()) {
        let m = engine().matcher();
        let (x, y) = (m.similarity(&a, &b), m.similarity(&b, &a));
        prop_assert!((0.0..=1.0).contains(&x));
        prop_assert!((x - y).abs() < 1e-4, "{} vs {}", x, y);
    }

    #[test]
    fn loader_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = Knowledge::from_sources(&[("fuzz.toml".into(), bytes)]);
    }

    #[test]
    fn loader_never_panics_on_toml_like_text(s in "(\\[\\[entry\\]\\]\n|id = \"[a-z-]{0,6}\"\n|questions = \\[\"[ا-ي ]{0,8}\"\\]\n|answer = \"[ا-ي ]{0,8}\"\n|paragraph = -?[0-9]{1,3}\n|related = \\[\"[a-z]{0,3}\"\\]\n|\\[article\\]\ntitle = \"t\"\nparagraphs = [0-9]\n|[\\[\\]\"=\n])*") {
        let _ = Knowledge::from_str(&s, "fuzz.toml");
    }
}

#[test]
fn huge_input_is_handled() {
    let long = "كم استغرقت المحادثات ".repeat(10_000); // about 200 kB
    let once = normalize(&long);
    assert_eq!(normalize(&once), once);
    let d = engine().decide(&long);
    assert!((0.0..=1.0).contains(&d.score()));
}
