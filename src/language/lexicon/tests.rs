//! Golden tests of the lexicon: kinds, phrases, stop words, rewrites.

use super::*;

#[test]
fn kinds_and_phrases() {
    let lex = Lexicon::new(&[("يناير", &["كانون الثاني"][..])], &["في"]);
    let a = lex.analyze("في كانون الثاني ٢٠٢٠");
    let texts: Vec<_> = a.tokens.iter().map(|t| (t.text.as_str(), t.kind)).collect();
    assert_eq!(texts, vec![("في", Kind::Stop), ("يناير", Kind::Content), ("2020", Kind::Content)]);
}

#[test]
fn longest_phrase_wins_and_the_words_after_it_stay() {
    let lex = Lexicon::new(&[("كم", &["قد ايه", "قد ايه يعني"][..]), ("اكتوبر", &["تشرين الاول"][..])], &[]);
    let words = |q: &str| lex.analyze(q).tokens.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
    assert_eq!(words("قد ايه يعني طولت"), ["كم", "طولت"]);
    assert_eq!(words("قد ايه طولت"), ["كم", "طولت"]);
    // A phrase cut short by the end of the text is no phrase.
    assert_eq!(words("في تشرين"), ["في", "تشرين"]);
    assert_eq!(words("تشرين الاول تشرين الاول"), ["اكتوبر", "اكتوبر"]);
}

#[test]
fn a_stop_phrase_is_dropped_whole() {
    let lex = Lexicon::new(&[], &["من فضلك", "في ظل"]);
    let a = lex.analyze("من فضلك كم ساعة");
    // «من» opened the text but was "please", not "who".
    assert_eq!(a.qtype, Some(QuestionType::HowMuch));
    let words: Vec<_> = a.tokens.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(words, ["كم", "ساعه"]);
    assert_eq!(lex.analyze("في ظل الازمة").tokens.len(), 1);
    // Behind the conjunction و, too.
    assert_eq!(lex.analyze("ومن فضلك كم ساعة").qtype, Some(QuestionType::HowMuch));
    // Anywhere in the question.
    let words: Vec<_> = lex.analyze("كم ساعة من فضلك").tokens.into_iter().map(|t| t.text).collect();
    assert_eq!(words, ["كم", "ساعه"]);
    // Alone, a word of the phrase is no stop word («ظل» is "shadow"); a
    // question word stays one.
    assert_eq!(lex.analyze("ظل").tokens[0].kind, Kind::Content);
    assert!(!lex.is_stopword("من"));
    assert_eq!(lex.analyze("من زار موسكو").qtype, Some(QuestionType::Who));
    // A stop word is folded as the words of a text are («يسلموا» is written «يسلمو» too).
    let thanks = Lexicon::new(&[], &["يسلموا"]);
    assert_eq!(thanks.analyze("يسلموا").tokens[0].kind, Kind::Stop);
    assert_eq!(thanks.analyze("يسلمو").tokens[0].kind, Kind::Stop);
}

#[test]
fn rewrites_with_prefix() {
    let lex = Lexicon::new(&[("محادثات", &["مباحثات"][..])], &[]);
    assert_eq!(lex.analyze("والمباحثات").tokens[0].text, "محادثات");
    assert_eq!(lex.analyze("بمباحثات").tokens[0].text, "محادثات");
}

#[test]
fn rewrites_behind_dialect_affixes_only_what_is_no_word_of_its_own() {
    let lex = Lexicon::new(&[("كيف", &["شلون"][..]), ("قال", &["ذكرت"][..]), ("دعم", &["ايد"][..])], &["ايدك"]);
    let words = |q: &str| lex.analyze(q).tokens.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
    // An attached pronoun on a dialect word, the Egyptian passive prefix.
    assert_eq!(words("شلونها"), ["كيف"]);
    assert_eq!(words("اتذكرت"), ["قال"]);
    assert_eq!(lex.analyze("العلاقه شلونها").qtype, Some(QuestionType::How));
    // A stop word behind the conjunction و or ف is one; behind ب it is
    // not, nor is a two-letter rest.
    let lex2 = Lexicon::new(&[], &["كمان", "هيك", "شي"]);
    assert_eq!(lex2.analyze("وكمان").tokens[0].kind, Kind::Stop);
    assert_eq!(lex2.analyze("فهيك").tokens[0].kind, Kind::Stop);
    assert_eq!(lex2.analyze("بهيك").tokens[0].kind, Kind::Content);
    assert_eq!(lex2.analyze("وشي").tokens[0].kind, Kind::Content);
    // A stop word stays one, whatever its letters would be without the suffix.
    assert_eq!(lex.analyze("ايدك").tokens[0].kind, Kind::Stop);
    // A word the lexicon does not know behind the affix stays as written.
    assert_eq!(words("اتفاق"), ["اتفاق"]);
}

#[test]
fn dialect_verbs_are_found_negated_in_the_future_and_in_the_plural() {
    let lex = Lexicon::new(&[("ناقش", &["حكا", "يحكي"][..]), ("بيان", &["تصريح"][..])], &[]);
    let words = |q: &str| lex.analyze(q).tokens.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
    assert_eq!(words("ماحكاش"), ["ناقش"]);
    assert_eq!(words("حكاش"), ["ناقش"]);
    assert_eq!(words("هيحكي"), ["ناقش"]);
    assert_eq!(words("بيحكي"), ["ناقش"]);
    // A listed word is itself, not a prefixed verb («بيان» is no ب + «يان»).
    assert_eq!(words("بيان"), ["بيان"]);
    // Nothing listed behind the affixes: the word stays as written.
    assert_eq!(words("بيكتب"), ["بيكتب"]);
}

#[test]
fn the_gulf_and_iraqi_kaf_for_qaf_is_read_for_words_the_lexicon_knows_with_qaf() {
    let lex = Lexicon::new(&[("جلسة", &["قعدة"][..]), ("قال", &["قالوا"][..]), ("قبل", &["قبال"][..])], &["كان"]);
    let words = |q: &str| lex.analyze(q).tokens.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
    // A variant behind the article or a prefix, a variant, a canonical form.
    assert_eq!(words("الكعدة"), ["جلسه"]);
    assert_eq!(words("بالكعدة"), ["جلسه"]);
    assert_eq!(words("كالوا"), ["قال"]);
    assert_eq!(words("كبل"), ["قبل"]);
    // The plural of a dialect verb, through its affixes.
    assert_eq!(words("كالوها"), ["قال"]);
    // A word the lexicon knows keeps its ك; one it does not know at all stays as written.
    assert_eq!(lex.analyze("كان").tokens[0].kind, Kind::Stop);
    assert_eq!(words("الكرملين"), ["الكرملين"]);
    // ج is left alone: «جوه» is "inside".
    let lex2 = Lexicon::new(&[("قوة", &["قوه"][..])], &[]);
    assert_eq!(lex2.analyze("جوه").tokens[0].text, "جوه");
}

#[test]
fn did_is_a_light_verb_when_the_question_asks_when_where_or_how_long() {
    let lex = Lexicon::new(&[("فعل", &["سوى", "سووا"][..]), ("متى", &["امتى"][..]), ("ماذا", &["وش"][..])], &[]);
    let kinds = |q: &str| lex.analyze(q).tokens.iter().map(|t| (t.text.clone(), t.kind)).collect::<Vec<_>>();
    assert_eq!(kinds("امتى سوى الزياره")[1], ("فعل".to_string(), Kind::Stop));
    assert_eq!(kinds("كم سووا")[1], ("فعل".to_string(), Kind::Stop));
    // Asking what was done, it is the verb.
    assert_eq!(kinds("وش سووا")[1], ("فعل".to_string(), Kind::Content));
    assert_eq!(kinds("سووا مؤتمر")[0], ("فعل".to_string(), Kind::Content));
}

#[test]
fn a_short_stop_word_behind_the_article_is_another_word() {
    let lex = Lexicon::new(&[], &["دول", "مال", "اخبار"]);
    let kind = |q: &str| lex.analyze(q).tokens[0].kind;
    assert_eq!(kind("دول"), Kind::Stop);
    // «الدول» is "the countries", «المال» "money", «والدول» "and the countries".
    assert_eq!(kind("الدول"), Kind::Content);
    assert_eq!(kind("المال"), Kind::Content);
    assert_eq!(kind("والدول"), Kind::Content);
    // A longer stop word is one behind the article too, and so is a
    // two-letter one («الكل», everyone).
    assert_eq!(kind("الاخبار"), Kind::Stop);
    assert_eq!(Lexicon::new(&[], &["كل"]).analyze("الكل").tokens[0].kind, Kind::Stop);
    assert_eq!(kind("بالاخبار"), Kind::Stop);
}

#[test]
fn a_verb_behind_the_relative_article_is_read_as_the_verb() {
    let lex = Lexicon::new(&[("حضر", &["يحضر"][..])], &[]);
    let words = |q: &str| lex.analyze(q).tokens.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
    // Rewritten through the verb's affixes when the lexicon lists it.
    assert_eq!(words("منو الحيحضرو"), ["منو", "حضر"]);
    // Otherwise the verb without «ال» is left for the matcher to resolve.
    assert_eq!(words("الحيناقشو"), ["حيناقشو"]);
    // Nouns keep their article.
    assert_eq!(words("البيان الحياه"), ["البيان", "الحياه"]);
}

#[test]
fn raah_before_an_imperfect_is_the_future_and_went_before_a_noun() {
    let lex = Lexicon::with_offtopic(&[("زار", &["راح"][..]), ("تركيا", &["انقره"][..])], &[], &["تونس"]);
    let kinds = |q: &str| lex.analyze(q).tokens.iter().map(|t| (t.text.clone(), t.kind)).collect::<Vec<_>>();
    assert_eq!(kinds("راح يجتمعون")[0], ("راح".to_string(), Kind::Stop));
    assert_eq!(kinds("راح موسكو")[0], ("زار".to_string(), Kind::Content));
    assert_eq!(kinds("راح تركيا")[0], ("زار".to_string(), Kind::Content));
    assert_eq!(kinds("راح تونس")[0], ("زار".to_string(), Kind::Content));
    assert_eq!(kinds("وين راح")[1], ("زار".to_string(), Kind::Content));
}

#[test]
fn phrases_longer_than_the_lookahead_and_at_the_end() {
    let long = "واحد اثنان ثلاثه اربعه خمسه سته سبعه ثمانيه";
    let lex = Lexicon::new(&[("عدد", &[long, "واحد اثنان"][..])], &[]);
    let tokens = |t: &str| lex.analyze(t).tokens.into_iter().map(|t| t.text).collect::<Vec<_>>();
    assert_eq!(tokens(&format!("{long} زار")), ["عدد", "زار"]);
    assert_eq!(tokens("واحد اثنان ثلاثه"), ["عدد", "ثلاثه"]);
    // A phrase the text ends before is none.
    assert_eq!(tokens("زار واحد"), ["زار", "واحد"]);
}
