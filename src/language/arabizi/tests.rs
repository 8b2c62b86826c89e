//! The tests of `language::arabizi`: each rule of the reader and of
//! `lang/ar/arabizi.toml` on a small vocabulary.

use super::*;

fn tables() -> &'static Tables {
    crate::language::data::arabic().arabizi.as_ref().expect("lang/ar/arabizi.toml")
}

#[test]
fn digits_doubled_letters_and_silent_vowels() {
    let vocab = Vocabulary::new(["عمر", "بوتين", "حكوا", "طلب", "المساعده", "الزياره", "قال"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("3omr putin"), "عمر بوتين");
    assert_eq!(r.arabic("6alab el musa3ade"), "طلب المساعده");
    assert_eq!(r.arabic("ezzyara"), "الزياره", "the article written as a doubled letter");
    assert_eq!(r.arabic("2al"), "قال");
    // Years stay digits; Arabic words stay as they are.
    assert_eq!(r.arabic("sanat 2015 بوتين"), format!("{} 2015 بوتين", r.word("sanat", true)));
}

#[test]
fn clitics_apart_join_the_word_and_names_take_no_article() {
    let vocab = Vocabulary::new(["بالاجماع", "يجمع", "موسكو", "بالضبط", "الزياره"]);
    let r = Reader::new(tables(), &vocab);
    // Alone «ijma3» would be «يجمع»; after «bil» it is the noun.
    assert_eq!(r.arabic("ijma3"), "يجمع");
    assert_eq!(r.arabic("bil ijma3"), "بالاجماع");
    assert_eq!(r.arabic("el zyara"), "الزياره");
    // «l» before a name is the preposition, «bel» loses its article.
    assert_eq!(r.arabic("l moscow"), "لموسكو");
    assert_eq!(r.arabic("bel moscow"), "بموسكو");
    // «lel»: ل with the article, written once.
    assert_eq!(r.arabic("lel assad lel moscow"), "للاسد لموسكو");
    // The doubled sun letter behind a preposition, known with it.
    assert_eq!(r.arabic("bezzabt"), "بالضبط");
    // Not doubled, and «ل» with the article.
    assert_eq!(r.arabic("bezabt lezzyara"), "بالضبط للزياره");
    let vocab = Vocabulary::new(["وصل", "الصل"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("wesel"), "وصل", "a word that spells alone is no article");
}

#[test]
fn a_vowel_opening_a_word_is_written() {
    let vocab = Vocabulary::new(["اعاده", "عاده", "اعمار", "عمر"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("e3adet e3mar"), "اعاده اعمار");
    assert_eq!(r.arabic("3adet 3omr"), "عاده عمر");
}

#[test]
fn a_run_of_vowels_is_searched_in_bounded_work() {
    // Each «a» may be written «ا» or not at all: without remembering
    // where the search has been, 24 of them took seconds, 40 a minute.
    let data = crate::language::data::arabic();
    let synonyms = data.synonyms.iter().flat_map(|s| s.variants.iter().chain([&s.canonical]));
    let vocab = Vocabulary::new(synonyms.chain(&data.stopwords).map(String::as_str));
    let r = Reader::new(tables(), &vocab);
    let latin = ['a'; MAX_SEARCHED_LETTERS];
    let limit = MAX_COST_BASE + MAX_COST_PER_LETTER * latin.len() as f32;
    let mut search = Search::new(&r, &latin, limit);
    search.visit(0, 0, 0.0);
    assert!(search.expanded < 20_000, "{} states expanded", search.expanded);
    // Longer words are not searched at all, only spelt.
    let long = "ab".repeat(2000);
    assert_eq!(r.arabic(&long), r.spell(&long.chars().collect::<Vec<_>>()));
}

#[test]
fn a_consonant_pair_is_one_letter_and_a_final_vowel_is_written() {
    let vocab = Vocabulary::new(["كيش", "كسه", "قعدو", "قاعد", "اللي", "هل", "ساعه", "طاوله", "زياره"]);
    let r = Reader::new(tables(), &vocab);
    // «sh» is ش, though «كسه» spells every Latin letter as its first choice.
    assert_eq!(r.arabic("kesh"), "كيش");
    // A final «o» is written: «قعدو», not «قاعد» with the «o» left out.
    assert_eq!(r.arabic("2a3do"), "قعدو");
    // A vowel is an ه only at the end of a word.
    assert_eq!(r.arabic("elli"), "اللي");
    assert_eq!(r.arabic("sa3a tawle"), "ساعه طاوله");
    // A final «a» is written too, as the ة of «mohemma», «2adima».
    let vocab = Vocabulary::new(["مهم", "مهمه", "قديم", "قديمه"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("mohemma 2adima"), "مهمه قديمه");
    let vocab = Vocabulary::new(["كيش", "كسه", "قعدو", "قاعد", "اللي", "هل", "ساعه", "طاوله", "زياره"]);
    let r = Reader::new(tables(), &vocab);
    // Letters typed again and again for stress are read once.
    assert_eq!(r.arabic("leeesh ziyaraaaa"), "ليش زياره");
    assert_eq!(r.arabic("2000"), "2000");
}

#[test]
fn an_article_typed_l_is_glued_to_its_word() {
    let vocab = Vocabulary::new(["الخبر", "المباحثات", "حكي", "قمه", "لقا"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("lkhbar lmoubahatat"), "الخبر المباحثات");
    // The vocabulary has the word without the article.
    assert_eq!(r.arabic("l9ima"), "القمه");
    // Behind a preposition typed on it or apart.
    assert_eq!(r.arabic("bl7aki fl9ima"), "بالحكي فالقمه");
    assert_eq!(r.arabic("bi l7aki"), "بالحكي");
    // «l» before a vowel is a word's own ل.
    assert_eq!(r.arabic("liqa"), "لقا");
}

#[test]
fn a_verb_keeps_its_present_or_future_prefix() {
    let vocab = Vocabulary::new(["يحضر", "يميز", "هيدا"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("7ay7dar hay7dar byemayez"), "حيحضر هيحضر بيميز");
    assert_eq!(r.arabic("hayda"), "هيدا", "a word that spells alone keeps its reading");
}

#[test]
fn english_and_french_words_mixed_in_are_read_as_their_arabic() {
    let vocab = Vocabulary::new(["عن", "شو", "كانو", "الاعلام", "تبعو", "زلزال", "صار", "امتي"]);
    let r = Reader::new(tables(), &vocab);
    // The words that say nothing are left out, the others read.
    assert_eq!(r.arabic("tell me about the talks pls, 3an shu kanu"), "محادثات عن شو كانو");
    assert_eq!(r.arabic("emta sar el earthquake"), "امتي صار الزلزال");
    // The article is written once, and «to» is ل.
    assert_eq!(r.arabic("l medias tab3ou"), "الاعلام تبعو");
    assert_eq!(r.arabic("ra7 to moscow"), format!("{} لموسكو", r.word("ra7", true)));
    // The English possessive of a name.
    assert_eq!(r.arabic("putin's visit"), "بوتين زياره");
    // Between a word and itself, the short word is ل.
    let vocab = Vocabulary::new(["وجه", "الوجه"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("wjeh l wjeh"), "وجه لوجه");
    assert_eq!(r.arabic("face a face, face to face"), "وجه لوجه وجه لوجه");
    assert_eq!(r.arabic("l wjeh"), "الوجه");
}

#[test]
fn a_word_keeps_its_plural_or_pronoun_suffix() {
    let vocab = Vocabulary::new(["اكد", "ناقش", "شكل", "صوتو", "سوت", "كانو"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("akkadou na9chouhom shaklaha"), "اكدو ناقشوهم شكلها");
    // A word the vocabulary has whole keeps its reading.
    assert_eq!(r.arabic("sawato kanu"), "صوتو كانو");
}

#[test]
fn the_vocabulary_takes_off_an_article_only_before_a_word() {
    let vocab = Vocabulary::new(["الله", "اليه", "اللي", "الان", "الخبر"]);
    // «الله», «اليه», «اللي», «الان» begin with no article.
    for bare in ["له", "يه", "لي", "ان"] {
        assert!(!vocab.contains(bare), "{bare}");
    }
    assert!(vocab.contains("خبر") && vocab.contains("الخبر"));
}

#[test]
fn an_unknown_word_is_spelt_letter_by_letter() {
    let vocab = Vocabulary::new(["زار"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("kitab"), "كيتاب");
}

#[test]
fn english_is_told_from_arabizi() {
    let vocab = Vocabulary::new(["زار"]);
    let r = Reader::new(tables(), &vocab);
    assert!(r.is_english("How long did the talks last?"));
    assert!(!r.is_english("kam sa3a 6awalet el mo7adasat"));
    assert!(!r.is_english("putin"), "one name is no English sentence");
}

#[test]
fn the_french_article_l_apostrophe_is_read_apart() {
    let vocab = Vocabulary::new(["الاجتماع", "الازمه", "مع"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("l'ijtima3"), "الاجتماع");
    assert_eq!(r.arabic("m3a l'azma"), "مع الازمه");
    // An apostrophe after a digit is still a letter of its own.
    assert_eq!(latin_words("3'ayr l'ijtima3"), ["3'ayr", "l", "ijtima3"]);
}

#[test]
fn french_accents_are_read_as_the_plain_letter() {
    let vocab = Vocabulary::new(["قعدو"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(latin_words("tête-à-tête"), ["tete", "a", "tete"]);
    assert_eq!(r.arabic("9a3do tête à tête"), "قعدو وجه لوجه");
}

#[test]
fn a_doubled_vowel_is_one_long_vowel() {
    let vocab = Vocabulary::new(["تصويت", "تسوه"]);
    let r = Reader::new(tables(), &vocab);
    // Not «e» left out and «et» read as the ة.
    assert_eq!(r.arabic("tasweet"), "تصويت");
}

#[test]
fn a_long_name_typed_with_one_slip_is_the_name() {
    let vocab = Vocabulary::new(["زار"]);
    let r = Reader::new(tables(), &vocab);
    // One letter wrong, missing, extra, or two swapped.
    assert_eq!(r.arabic("dimasha"), "دمشق");
    assert_eq!(r.arabic("mosocw"), "موسكو");
    assert_eq!(r.arabic("vladimirr"), "فلاديمير");
    assert_eq!(r.arabic("kremiln"), "الكرملين");
    // A short word, or one two slips away, is spelt.
    assert_eq!(r.arabic("dimshaa"), r.spell(&"dimshaa".chars().collect::<Vec<_>>()));
    let near = |w: &str| r.near_name(&w.chars().collect::<Vec<_>>());
    assert_eq!(near("kremln"), Some("الكرملين"));
    assert_eq!(near("kremlin"), None, "a name typed right is no slip");
    assert_eq!(near("kerlmni"), None, "two neighbours swapped twice is two slips");
}

#[test]
fn news_is_khabar_with_a_short_vowel() {
    let vocab = Vocabulary::new(["خابر", "خبر", "الخبر"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("el 5abar khabar"), "الخبر خبر");
}

#[test]
fn hal_inside_a_clause_is_this() {
    let vocab = Vocabulary::new(["هل", "زار", "بشار", "الزياره", "عن", "سلام"]);
    let r = Reader::new(tables(), &vocab);
    // Inside a clause «hal» is «هال» on the next word.
    assert_eq!(r.arabic("3an hal zyara"), "عن هالزياره");
    // Opening the text or a clause, it is the question particle.
    assert_eq!(r.arabic("hal bashar zar"), "هل بشار زار");
    assert_eq!(r.arabic("salam, hal bashar zar"), "سلام هل بشار زار");
}

#[test]
fn after_with_ba3d_is_each_other() {
    let vocab = Vocabulary::new(["مع", "بعد", "حكو"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("7ako ma3 ba3d"), "حكو مع بعض");
    assert_eq!(r.arabic("m3a ba3dhom"), "مع بعضهم");
    // Elsewhere «ba3d» is «after».
    assert_eq!(r.arabic("ba3d ma3"), "بعد مع");
}

#[test]
fn a_preposition_on_a_sun_letter_has_the_article_untyped() {
    let vocab = Vocabulary::new(["بالضبط", "الناس", "بدات"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("bdabt"), "بالضبط");
    // Known only with the article, the preposition is put back.
    assert_eq!(r.arabic("bnas"), "بالناس");
    // A word that spells alone keeps its reading.
    assert_eq!(r.arabic("bdat"), "بدات");
}

#[test]
fn a_final_t_is_a_verbs_before_a_constructs_ta() {
    let vocab = Vocabulary::new(["قعدت", "قاعده", "ساعه"]);
    let r = Reader::new(tables(), &vocab);
    // «-et» is the verb's ت where both read at the same cost otherwise.
    assert_eq!(r.arabic("2a3adet"), "قعدت");
    // The ة of a construct, where no verb fits.
    assert_eq!(r.arabic("sa3et"), "ساعه");
}

#[test]
fn a_final_a2_is_the_alef_before_a_hamza() {
    let vocab = Vocabulary::new(["بنا", "لقا"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("liqa2"), "لقا");
    // «a2» read as one key: cheaper than «a» unwritten and «2» as ا.
    let (cost, word) = r.reading(&"bina2".chars().collect::<Vec<_>>()).expect("a reading");
    assert_eq!(word, "بنا");
    assert!(cost < 0.15, "cost {cost}");
}

#[test]
fn gh_is_ghain_only() {
    let vocab = Vocabulary::new(["لقا", "غير"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("ghir"), "غير");
    // «lugha» spells no word: it stays unknown, not «لقا».
    assert_ne!(r.arabic("lugha"), "لقا");
}

#[test]
fn he_and_she_end_in_no_alef() {
    let vocab = Vocabulary::new(["هو", "هوا", "هي", "هيا"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("howa huwa hiya heya"), "هو هو هي هي");
}

#[test]
fn a_long_waw_or_yeh_is_not_left_unwritten() {
    let vocab = Vocabulary::new(["فاتوره", "بنود", "تقارب", "زار"]);
    let r = Reader::new(tables(), &vocab);
    // A long ا the Latin leaves out is still read.
    assert_eq!(r.arabic("ta9rob zur"), "تقارب زار");
    // A و the Latin has no letter for: another word, not forced onto one.
    assert_ne!(r.arabic("fatra"), "فاتوره");
    assert_ne!(r.arabic("band"), "بنود");
}

#[test]
fn a_costly_reading_is_no_reading() {
    // «tal9» would need two letters the Latin does not have: it is spelt,
    // not read as «تلاقا».
    let vocab = Vocabulary::new(["تلاقا"]);
    let r = Reader::new(tables(), &vocab);
    assert_ne!(r.arabic("tal9"), "تلاقا");
}

#[test]
fn the_year_3am_before_a_number() {
    let vocab = Vocabulary::new(["عام", "عم"]);
    let r = Reader::new(tables(), &vocab);
    assert_eq!(r.arabic("3am 1944"), "عام 1944");
    assert_eq!(r.arabic("3am y7ki"), format!("عم {}", r.word("y7ki", true)));
}

#[test]
fn words_a_commoner_spelling_would_take() {
    let vocab = Vocabulary::new(["تقصر", "تاثير", "تابعت", "طبيعه", "حديث", "جاو", "الجو"]);
    let r = Reader::new(tables(), &vocab);
    // «2» for the hamza of «تأثير», which the vocabulary writes without it.
    assert_eq!(r.arabic("ta2sir ta2thir"), "تاثير تاثير");
    assert_eq!(r.arabic("tabi3et"), "طبيعه");
    assert_eq!(r.arabic("hadiyet"), "هديه");
    // The weather takes its article.
    assert_eq!(r.arabic("el jaw"), "الجو");
}

#[test]
fn a_child_is_found_by_its_letter_bit_or_by_a_search() {
    // «گ» (U+06AF) and Latin letters and digits have no bit of their own:
    // a node with such a child finds its children by binary search.
    let words = ["قال", "گال", "كال", "x1", "ءا", "زيارة"];
    let v = Vocabulary::new(words);
    for w in words {
        assert!(v.contains(w), "{w}");
        assert_eq!(v.spelling(v.follow(0, w.chars()).unwrap()), w);
    }
    assert!(!v.contains("قا") && !v.contains("گا"));
    assert_eq!(v.child(0, 'ف'), None);
    assert_eq!(v.child(v.child(0, 'ق').unwrap(), 'ب'), None);
}

#[test]
fn a_node_knows_the_most_a_word_below_gains_from_its_weight() {
    let v = Vocabulary::weighted([("زار", 50), ("زيارة", 1), ("بين", 3)]);
    let z = v.child(0, 'ز').unwrap();
    assert_eq!(v.nodes[z].prior_below, prior(50));
    assert_eq!(v.nodes[v.follow(0, "زي".chars()).unwrap()].prior_below, prior(1));
    assert_eq!(v.nodes[0].prior_below, prior(50));
    assert!(prior(1000) <= MAX_PRIOR);
}

#[test]
fn keys_of_three_letters_and_more_are_read_whole() {
    let row = |key: &str, arabic: &str| vec![key.to_string(), arabic.to_string()];
    let tables = Tables {
        letters: vec![row("tsh", "چ"), row("shch", "ڜ"), row("s", "س"), row("h", "ه"), row("c", "ك"), row("t", "ت")],
        ..Tables::default()
    };
    let vocab = Vocabulary::new(["چ", "ڜ"]);
    let r = Reader::new(&tables, &vocab);
    assert_eq!(r.arabic("tsh shch"), "چ ڜ");
    // Where a long key does not fit, its letters are read one by one.
    assert_eq!(r.arabic("shc"), "سهك");
    assert_eq!(r.arabic("shcs"), "سهكس");
    assert_eq!(r.arabic("tst"), "تست");
    assert_eq!(r.arabic("ts"), "تس");
}
