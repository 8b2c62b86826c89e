//! The matcher's own tests: the index build, the ranking's shortcuts and
//! the quick path of a decision give exactly what the plain way gives.

use super::query::Query;
use super::ranking::{self, Ranking};
use super::scoring::Coverage;
use super::*;
use crate::language::stem::light_stem;

/// Analysing in parallel chunks numbers words and terms exactly as one
/// pass in order does, so the index and every decision are the same.
#[test]
fn parallel_build_is_the_sequential_build() {
    let real = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
    let kb = crate::synth::knowledge(&real, 700, 11);
    let config = MatcherConfig::default();
    let (one, many) = (Matcher::build(&kb, config.clone(), usize::MAX), Matcher::build(&kb, config, 1));
    assert_eq!(one.index.term_text, many.index.term_text);
    assert_eq!(one.index.idf, many.index.idf);
    for q in crate::synth::questions(&kb, 100, 11) {
        assert_eq!(one.rank(&q, 5), many.rank(&q, 5), "{q}");
    }
}

/// A word the knowledge base writes takes its term from `known_words`
/// without its key being chosen again: that term must be the one its
/// key names, for every word, in the real knowledge base and a larger
/// one built in parallel.
#[test]
fn known_words_hold_the_term_of_each_words_key() {
    let real = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
    let big = crate::synth::knowledge(&real, 3000, 5);
    for kb in [&real, &big] {
        let m = Matcher::new(kb, MatcherConfig::default());
        assert!(m.index.known_words.len() > 1000);
        for (w, &t) in &m.index.known_words {
            assert_eq!(m.index.term_text[t as usize], m.index.keys.key(w), "{w}");
        }
    }
}

/// A matcher like `m` whose rankings leave out of their first walk the
/// terms in more than `over` entries: with the bitmaps of those terms, as
/// an index is built, or without, so that the bounds assume every
/// left-out term matched (the path for a term with no bitmap).
fn leaving_out(m: &Matcher, over: usize, bitmaps: bool) -> Matcher {
    let mut m = m.clone();
    if bitmaps {
        m.index.leave_out_over(over);
    } else {
        m.index.common_postings = over;
        m.index.common = Default::default();
    }
    m
}

/// Leaving common terms out of the walk loosens the bounds but scores
/// every candidate exactly: the best entry stays the best, and whatever
/// else is ranked has its full-walk score. (What may be lost are
/// runners-up sharing only common words with the question.) Checked
/// with the left-out terms' bitmaps and without.
#[test]
fn skipping_common_postings_keeps_the_exact_best() {
    let real = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
    let kb = crate::synth::knowledge(&real, 800, 5);
    let full = Matcher::new(&kb, MatcherConfig::default());
    assert_eq!(full.index.common.len(), 0, "800 entries have no term past the walk's threshold");
    let mut questions = crate::synth::questions(&kb, 150, 5);
    questions.extend(real.entries.iter().map(|e| e.questions[0].clone()));
    for bitmaps in [true, false] {
        let skipping = leaving_out(&full, 8, bitmaps);
        let common = skipping.index.postings.iter().filter(|p| p.len() > 8).count();
        assert!(common > 50, "the test needs common terms, found {common}");
        assert_eq!(skipping.index.common.len(), if bitmaps { common } else { 0 });
        for q in &questions {
            let (all, some) = (full.rank(q, kb.entries.len()), skipping.rank(q, 4));
            assert_eq!(all.first(), some.first(), "{q}");
            for s in &some {
                assert!(all.contains(s), "{q}: {s:?} is not as in the full walk");
            }
        }
    }
}

/// The quick path of [`Matcher::decide`] (the best two entries only)
/// answers exactly when judging the best few would: same entry, same
/// confidence. Checked on the real knowledge base, its entries' own
/// phrasings, and synthetic questions that land on all three outcomes.
#[test]
fn answering_from_the_best_two_is_answering_from_the_best_few() {
    let kb = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
    let m = Matcher::new(&kb, MatcherConfig::default());
    let mut questions: Vec<String> = kb.entries.iter().flat_map(|e| e.questions.iter().cloned()).collect();
    questions.extend(crate::synth::questions(&kb, 300, 7));
    let n = m.config.max_suggestions.max(1);
    let (mut answered, mut not) = (0, 0);
    for q in &questions {
        let query = Query::of_analysis(&m.index, &m.lexicon.analyze(q));
        let full = decision::calibrated_entries(&m.index, &m.config.calibration, &query, n + 1, n).unwrap_or_default();
        let expected = full.first().map(|&(s, _)| s).filter(|s| s.score >= m.config.answer_threshold);
        match (m.decide(q), expected) {
            (Decision::Answer(got), Some(want)) => {
                assert_eq!(got, want, "{q}");
                answered += 1;
            }
            (Decision::Answer(got), None) => panic!("{q}: answered {got:?}, the full judgement does not"),
            (other, Some(want)) => panic!("{q}: {other:?}, the full judgement answers {want:?}"),
            (_, None) => not += 1,
        }
    }
    assert!(answered > 100 && not > 20, "answered {answered}, not {not}");
}

/// A ranking asked for more entries goes on from where it stopped; what
/// it gives must be exactly what a fresh ranking for that many gives:
/// the same entries, scores and evidence. Checked as
/// [`Matcher::decide`] asks (two, then the few) and for a longer chain,
/// on the real knowledge base as it is, and on it and a synthetic one
/// with terms left out of the walk (few postings count as common), so
/// that some rankings take several walks (with the left-out terms' bitmaps,
/// and without).
#[test]
fn a_resumed_ranking_is_a_fresh_ranking() {
    let real = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
    let synth = crate::synth::knowledge(&real, 800, 3);
    let with_common = |kb: &Knowledge, common: usize, bitmaps: bool| {
        (leaving_out(&Matcher::new(kb, MatcherConfig::default()), common, bitmaps), kb.clone())
    };
    let matchers = [
        (Matcher::new(&real, MatcherConfig::default()), real.clone()),
        with_common(&real, 1, true),
        with_common(&real, 1, false),
        with_common(&synth, 8, true),
        with_common(&synth, 8, false),
        with_common(&synth, 0, true),
    ];
    let (mut resumed, mut several_walks) = (0, 0);
    for (m, kb) in &matchers {
        let mut questions: Vec<String> = kb.entries.iter().flat_map(|e| e.questions.iter().cloned()).collect();
        questions.extend(crate::synth::questions(kb, 300, 9));
        let n = m.config.max_suggestions.max(1);
        for q in &questions {
            let query = Query::of_analysis(&m.index, &m.lexicon.analyze(q));
            let entries = |s: &[(Scored, Coverage)]| s.iter().map(|&(s, _)| s).collect::<Vec<_>>();
            let fresh = |keep: usize| entries(&ranking::best_entries(&m.index, &query, keep));
            let left = |r: &Ranking| r.earlier.iter().chain([&r.last]).map(|w| w.candidates.len()).sum::<usize>();
            let mut ranking = Ranking::new(&m.index, &query, n + 1);
            let cal = &m.config.calibration;
            assert_eq!(
                decision::calibrated(&m.index, cal, &query, ranking.best(2), 1),
                decision::calibrated_best(&m.index, cal, &query, 2, 1),
                "{q}"
            );
            let (left_at_two, walks_at_two) = (left(&ranking), ranking.earlier.len() + 1);
            assert_eq!(
                decision::calibrated(&m.index, cal, &query, ranking.best(n + 1), n),
                decision::calibrated_best(&m.index, cal, &query, n + 1, n),
                "{q}"
            );
            assert_eq!(entries(ranking.best(n + 1)), fresh(n + 1), "{q}");
            resumed += usize::from(left(&ranking) < left_at_two);
            several_walks += usize::from(walks_at_two > 1);
            let mut chain = Ranking::new(&m.index, &query, 12);
            for keep in [1, 2, 5, 12] {
                assert_eq!(entries(chain.best(keep)), fresh(keep), "{q}: best {keep}");
            }
        }
    }
    // Some second calls had candidates left to score, and some walks
    // before the last to go over again.
    assert!(resumed > 500, "{resumed} rankings scored more when resumed");
    assert!(several_walks > 50, "{several_walks} rankings took several walks");
}

/// A matcher over these entries, behind a one-paragraph article.
fn matcher_of(entries: &str) -> Matcher {
    let text = format!("[article]\ntitle = \"t\"\nparagraphs = 1\n{entries}");
    Matcher::new(&Knowledge::from_str(&text, "kb.toml").unwrap(), MatcherConfig::default())
}

/// Prefixes, pronouns, the past ت and the dialect passive come off a
/// word only when the knowledge base knows the rest better.
#[test]
fn affixes_come_off_only_when_the_knowledge_knows_the_rest_better() {
    let m = matcher_of(
        r#"
[[entry]]
id = "talks"
questions = ["كم استغرقت المحادثات؟", "متى عقد اللقاء؟", "ماذا نشر البيان؟", "اين عقد الاجتماع؟", "كيف تعززت العلاقة؟"]
answer = "ثلاث ساعات من المحادثات، عقد اللقاء في موسكو ونشر البيان الاعمار."
paragraph = 1
[[entry]]
id = "deal"
questions = ["ما الانتخابات؟", "هل تمت انتخابات؟"]
answer = "انتخابات."
paragraph = 1
"#,
    );
    let key = |w: &str| m.index.keys.key(w).into_owned();
    // An attached pronoun, the ت of a past verb, the dialect passive.
    assert_eq!(key("محادثاتهما"), key("المحادثات"));
    assert_eq!(key("عقدت"), key("عقد"));
    assert_eq!(key("اتنشر"), key("نشر"));
    assert_eq!(key("اتعززت"), key("تعززت"));
    // Letters that only look like an affix stay: «انتخابات» is known whole.
    assert_eq!(key("انتخابات"), light_stem("انتخابات"));
    // Nothing known behind the affix: the word keeps its own stem.
    assert_eq!(key("تفاهمهم"), light_stem("تفاهمهم"));
}

/// A feminine noun's ت before a dual or a pronoun, and a dialect verb's
/// negation, tense prefix, plural و and imperfect ي come off when the
/// knowledge knows the rest.
#[test]
fn feminine_t_and_dialect_verb_affixes_come_off() {
    let m = matcher_of(
        r#"
[[entry]]
id = "talks"
questions = ["ما صيغة المحادثات؟", "متى كانت الزيارة؟", "هل تعاون البلدان؟", "هل زار دمشق؟"]
answer = "جلستان."
paragraph = 1
"#,
    );
    let key = |w: &str| m.index.keys.key(w).into_owned();
    assert_eq!(key("صيغتين"), key("صيغه"));
    assert_eq!(key("الصيغتان"), key("صيغه"));
    assert_eq!(key("زيارتهم"), key("الزياره"));
    assert_eq!(key("بيتعاونو"), key("تعاون"));
    assert_eq!(key("ماتعاونوش"), key("تعاون"));
    // A ت of the word's own stays when the knowledge knows nothing shorter.
    assert_eq!(key("بيروت"), light_stem("بيروت"));
}

/// An off-topic name counts as off-topic even when its stem is a word
/// of an entry («سلمان» → «سلم», as in «السلمي»), and not when an entry
/// uses the name itself.
#[test]
fn off_topic_names_are_judged_by_the_name_not_its_stem() {
    let kb = Knowledge::from_str(
        r#"
offtopic = ["سلمان", "مصر"]
[article]
title = "t"
paragraphs = 1
[[entry]]
id = "talks"
questions = ["كم استغرقت المحادثات؟", "هل تحدثا عن الحل السلمي؟"]
answer = "ثلاث ساعات، وتحدثا عن الحل السلمي."
paragraph = 1
[[entry]]
id = "egypt"
questions = ["هل ذكر المقال مصر؟"]
answer = "لا."
paragraph = 1
"#,
        "kb.toml",
    )
    .unwrap();
    let m = Matcher::new(&kb, MatcherConfig::default());
    let offtopic = |q: &str| m.evidence(q).first().map(|(_, e)| e.offtopic);
    assert!(offtopic("كم استغرقت محادثات سلمان؟").is_some_and(|o| o > 0.3), "{:?}", m.evidence("سلمان"));
    assert_eq!(offtopic("كم استغرقت محادثات مصر؟"), Some(0.0));
}

/// The per-thread accumulators are shared by every matcher on a thread:
/// a question must score the same whatever was asked before, of this
/// knowledge base or of a smaller or larger one.
#[test]
fn scratch_leaves_no_trace_between_questions_or_matchers() {
    let real = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
    let mut small = real.clone();
    small.entries.truncate(3);
    for e in &mut small.entries {
        e.related.clear();
    }
    let big = Matcher::new(&real, MatcherConfig::default());
    let little = Matcher::new(&small, MatcherConfig::default());
    let questions = ["كم استغرقت المحادثات بين بوتين والأسد؟", "متى زار بوتين دمشق", "ما عاصمة البرازيل"];
    let alone: Vec<Vec<Scored>> = questions.iter().map(|q| big.rank(q, 5)).collect();
    for _ in 0..3 {
        for (q, expected) in questions.iter().zip(&alone) {
            little.rank(q, 5);
            assert_eq!(&big.rank(q, 5), expected, "{q}");
            big.rank("موسكو", 5);
        }
    }
}

/// A typo in a word the lexicon rewrites («المباحتات» for «المباحثات»,
/// read as «محادثات») finds the canonical word's term, as the word itself
/// would; a word the lexicon knows as it is («اموال», canonical for
/// «فلوس») is never taken for a typo of a variant («احوال»).
#[test]
fn a_typo_in_a_lexicon_variant_finds_its_canonical_term() {
    let real = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
    let m = Matcher::new(&real, MatcherConfig::default());
    let key = |w: &str| m.index.keys.key(w).into_owned();
    let found = m.index.variant_typos.matches(&key("مباحتات"));
    assert_eq!(found.first().map(|&(t, _)| t), m.index.terms.get(&key("محادثات")).copied());
    assert!(found.first().is_some_and(|&(_, sim)| sim < 1.0), "a typo is no exact match");
    assert!(m.index.variant_typos.matches(&key("اموال")).is_empty());
    let entry = |q: &str| match m.decide(q) {
        Decision::Answer(s) => Some(s.entry),
        _ => None,
    };
    assert!(entry("مين شارك بالمباحثات").is_some());
    assert_eq!(entry("مين شارك بالمباحتات"), entry("مين شارك بالمباحثات"));
}

/// The evidence the calibration is fitted on reads a question as the
/// engine does: Arabizi is transliterated first, English has none.
#[test]
fn evidence_reads_arabizi_as_the_engine_does() {
    let m = matcher_of(
        r#"
[[entry]]
id = "date"
questions = ["متى زار الأسد موسكو؟", "موعد زيارة بشار لموسكو"]
answer = "زار الأسد موسكو بعد الزلزال."
paragraph = 1
"#,
    );
    let arabizi = m.evidence("emta zar bashar moscow?");
    assert_eq!(arabizi.first().map(|e| e.0), Some(0), "{arabizi:?}");
    let super::Reading::Arabic(read) = m.read("emta zar bashar moscow?") else { panic!("read as English") };
    assert_eq!(arabizi, m.evidence(&read));
    assert!(m.evidence("when did the president visit the city?").is_empty());
}

/// One pass over the words gives the decision and whether there is a word
/// to look up, each as its own pass gives it.
#[test]
fn deciding_tells_the_topic_as_has_topic_does() {
    let real = Knowledge::load(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge")).unwrap();
    let m = Matcher::new(&real, MatcherConfig::default());
    let texts = ["السلام عليكم", "شكرا جزيلا", "كم استغرقت المحادثات", "ما هي عاصمة البرازيل", "متى", ""];
    let mut topics = 0;
    for text in texts.iter().map(|t| normalize(t)).chain(crate::synth::questions(&real, 200, 3)) {
        let (decision, topic) = m.decide_with_topic(&text);
        assert_eq!(topic, m.has_topic(&text), "{text}");
        assert_eq!(decision, m.decide_normalized(&text), "{text}");
        topics += topic as usize;
    }
    assert!(topics > 100 && topics < 206, "{topics} of 206 with a topic");
}
