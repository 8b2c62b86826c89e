//! Every user-facing Arabic string, in one place. Tests compare against
//! these, never against copied literals.

/// Introduces the "did you mean" suggestions.
pub const SUGGEST_INTRO: &str = "لم أتأكد تمامًا مما تقصده. هل تقصد أحد هذه الأسئلة؟";

/// The polite fallback when a question is outside the knowledge base.
pub const FALLBACK: &str = "عذرًا، لم أجد جوابًا لهذا السؤال في المقال الذي أعرفه. \
أنا أجيب عن زيارة الرئيس السوري بشار الأسد إلى موسكو ومحادثاته مع الرئيس الروسي \
فلاديمير بوتين، وعن تاريخ العلاقات السورية الروسية. اكتب /topics لترى الأسئلة التي أعرف أجوبتها.";

/// The reply to a message without a single letter or digit.
pub const EMPTY_QUESTION: &str =
    "لم أجد في رسالتك كلمات أبحث عنها. من فضلك اكتب سؤالك بالكلمات، مثل: كم استغرقت المحادثات؟";

/// The reply to a message with words but nothing to look up: a greeting,
/// thanks, or only question and filler words ("السلام عليكم"، "شو؟").
pub const NO_TOPIC: &str = "أهلًا بك! لم أجد في رسالتك موضوعًا أبحث عنه. اسألني مثلًا: \
كم استغرقت المحادثات بين بوتين والأسد؟ أو اكتب /topics لترى كل ما أعرفه.";

/// Heading of the topic list.
pub const TOPICS_HEADING: &str = "هذه الأسئلة التي أعرف أجوبتها:";

/// The terminal chat's greeting.
pub const CHAT_WELCOME: &str = "أهلًا بك في «جواب». اسألني عن زيارة الأسد إلى موسكو ولقائه بوتين، \
وعن تاريخ العلاقات السورية الروسية. اكتب /topics لقائمة المواضيع، و/quit للخروج.";

/// The terminal chat's prompt.
pub const CHAT_PROMPT: &str = "سؤالك: ";

/// The terminal chat's goodbye.
pub const CHAT_BYE: &str = "مع السلامة!";

/// Where an answer comes from: "المصدر: الفقرة 4 من المقال".
///
/// ```
/// assert_eq!(jawab::texts::source(&[4]), "المصدر: الفقرة 4 من المقال.");
/// assert_eq!(jawab::texts::source(&[3, 7]), "المصدر: الفقرتان 3 و7 من المقال.");
/// assert_eq!(jawab::texts::source(&[1, 2, 5]), "المصدر: الفقرات 1 و2 و5 من المقال.");
/// ```
pub fn source(paragraphs: &[u32]) -> String {
    let list = paragraphs.iter().map(u32::to_string).collect::<Vec<_>>().join(" و");
    match paragraphs.len() {
        0 => "المصدر: المقال.".to_string(),
        1 => format!("المصدر: الفقرة {list} من المقال."),
        2 => format!("المصدر: الفقرتان {list} من المقال."),
        _ => format!("المصدر: الفقرات {list} من المقال."),
    }
}

/// Offers follow-up questions after an answer.
pub const RELATED_INTRO: &str = "قد يهمك أيضًا:";
