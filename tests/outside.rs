//! Outside groups: questions the article does not answer, which get the
//! fallback instead of the nearest entry.

use jawab::engine::Engine;
use jawab::knowledge::Knowledge;
use jawab::matcher::{Decision, Matcher, MatcherConfig};

const ARTICLE: &str = "[article]\ntitle = \"t\"\nparagraphs = 11\n";

const TALKS: &str = r#"[[entry]]
id = "talks-duration"
questions = ["كم استغرقت المحادثات بين بوتين والأسد؟", "كم ساعة دامت المحادثات؟", "قديش طولت المباحثات؟", "مدة المحادثات"]
answer = "دامت المحادثات نحو ثلاث ساعات."
paragraph = 4

[[entry]]
id = "relations-history"
questions = ["كم عمر العلاقات بين سوريا وروسيا؟", "منذ متى العلاقات بين البلدين؟", "تاريخ العلاقات السورية الروسية", "علاقة سوريا بروسيا قديمة؟"]
answer = "علاقات قديمة تعود إلى عقود."
paragraph = 2
"#;

const OUTSIDE: &str = r#"[[outside]]
id = "putin-personal"
questions = ["كم عمر بوتين؟", "متى ولد بوتين؟", "بوتين قديش عمره؟", "كم سنة عمر الرئيس الروسي؟"]
"#;

fn matcher(text: &str) -> Matcher {
    Matcher::new(&Knowledge::from_str(text, "kb.toml").expect("valid"), MatcherConfig::default())
}

#[test]
fn a_question_closest_to_an_outside_group_gets_no_match() {
    let without = matcher(&format!("{ARTICLE}{TALKS}"));
    let with = matcher(&format!("{ARTICLE}{TALKS}{OUTSIDE}"));
    let q = "بوتين عمره كم سنة؟";
    // Without the group, the age of the relations is the nearest thing.
    assert!(!matches!(without.decide(q), Decision::NoMatch { best: None }), "{:?}", without.decide(q));
    assert_eq!(with.decide(q), Decision::NoMatch { best: None });
    // The entries still answer their own questions.
    for q in ["كم ساعة استمرت المحادثات بين بوتين والأسد؟", "كم عمر العلاقات بين سوريا وروسيا؟"]
    {
        assert!(matches!(with.decide(q), Decision::Answer(_)), "{q}: {:?}", with.decide(q));
    }
}

#[test]
fn outside_groups_are_never_offered() {
    let m = matcher(&format!("{ARTICLE}{TALKS}{OUTSIDE}"));
    for q in ["عمر", "بوتين", "كم", "كم عمر", "ولد", "الرئيس الروسي", "سنة", "كم سنة"]
    {
        match m.decide(q) {
            Decision::Answer(s) => assert!(s.entry < 2, "{q}"),
            Decision::Suggest(list) => assert!(list.iter().all(|s| s.entry < 2), "{q}"),
            Decision::NoMatch { best } => assert!(best.is_none_or(|s| s.entry < 2), "{q}"),
        }
    }
}

/// No phrasing of the real outside groups gets an answer, and every
/// phrasing of the real entries is still answered by its own entry.
#[test]
fn the_real_knowledge_declines_its_outside_phrasings() {
    let engine =
        Engine::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge"), MatcherConfig::default()).expect("loads");
    let kb = engine.knowledge();
    for g in &kb.outside {
        for q in &g.questions {
            // An entry that covers the question as well may be suggested, never answered.
            assert!(!matches!(engine.decide(q), Decision::Answer(_)), "{} {q}: {:?}", g.id, engine.decide(q));
        }
    }
    for (i, e) in kb.entries.iter().enumerate() {
        for q in &e.questions {
            let d = engine.decide(q);
            assert!(matches!(d, Decision::Answer(s) if s.entry == i), "{} {q}: {d:?}", e.id);
        }
    }
}

/// An off-topic name that an outside group uses still counts against the
/// entries: the group must not make it a known, harmless word.
#[test]
fn an_offtopic_name_in_an_outside_group_still_counts_as_offtopic() {
    // A top-level key goes before the first table.
    let offtopic = "offtopic = [\"الهند\"]\n";
    let treaty = r#"[[entry]]
id = "friendship-treaty"
questions = ["متى وقعت معاهدة الصداقة مع الاتحاد السوفيتي؟", "معاهدة الصداقة والتعاون", "امتى اتوقعت معاهدة الصداقة؟", "سنة معاهدة الصداقة مع السوفييت"]
answer = "وقعت سوريا معاهدة الصداقة والتعاون مع الاتحاد السوفيتي في أكتوبر 1980."
paragraph = 8
"#;
    let india =
        "[[outside]]\nid = \"other-countries\"\nquestions = [\"علاقة روسيا مع الهند\", \"هل زار بوتين الهند؟\"]\n";
    let q = "متى وقعت معاهدة الصداقة بين الهند والاتحاد السوفيتي؟";
    let share = |text: &str| {
        let m = matcher(text);
        let ev = m.evidence(q);
        assert_eq!(ev.first().map(|e| e.0), Some(0), "the entry ranks first");
        ev[0].1.offtopic
    };
    let alone = share(&format!("{offtopic}{ARTICLE}{treaty}"));
    let with_group = share(&format!("{offtopic}{ARTICLE}{treaty}{india}"));
    assert!(alone > 0.0, "{alone}");
    assert!(with_group > 0.0, "the group made the name harmless: {with_group}");
}

/// A bare topic that an entry covers as fully as a group ("مجلس الاتحاد")
/// goes to the entry: the group declines only what it covers better.
#[test]
fn a_group_declines_only_what_it_covers_better_than_the_entries() {
    let council = r#"[[entry]]
id = "federation-council"
questions = ["ماذا طلب بوتين من مجلس الاتحاد؟", "موافقة مجلس الاتحاد", "شو قرر مجلس الاتحاد الروسي؟", "مجلس الاتحاد وافق على ايش؟"]
answer = "طلب بوتين من مجلس الاتحاد الموافقة على استخدام القوات المسلحة خارج البلاد."
paragraph = 9
"#;
    let officials = "[[outside]]\nid = \"officials\"\nquestions = [\"مين رئيس مجلس الاتحاد؟\", \"رئيس مجلس الاتحاد\", \"مجلس الاتحاد\", \"اسم رئيسة مجلس الاتحاد\"]\n";
    let m = matcher(&format!("{ARTICLE}{TALKS}{council}{officials}"));
    // The group has the bare topic as a phrasing, yet the entry covers it as well.
    assert!(
        !matches!(m.decide("مجلس الاتحاد الروسي"), Decision::NoMatch { best: None }),
        "{:?}",
        m.decide("مجلس الاتحاد الروسي")
    );
    assert_eq!(m.decide("مين هو رئيس مجلس الاتحاد الروسي؟"), Decision::NoMatch { best: None });
    // Unless the question is one of the group's own phrasings: the curator's call.
    assert_eq!(m.decide("مجلس الاتحاد؟"), Decision::NoMatch { best: None });
}
