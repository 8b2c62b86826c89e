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

/// The reply to a message in English: in Arabic and in English, that Jawab
/// answers in Arabic and may be asked in Arabizi.
pub const ENGLISH: &str = "أجيب بالعربية عن زيارة الرئيس السوري بشار الأسد إلى موسكو ولقائه بوتين. \
اكتب سؤالك بالعربية، أو بالعربيزي (العربية بحروف لاتينية، مثل: emta zar bashar moscow?).\n\n\
I answer in Arabic about Syrian president Bashar al-Assad's visit to Moscow and his talks with Putin. \
Please ask in Arabic, or in Arabizi (Arabic in Latin letters, e.g. emta zar bashar moscow?).";

/// One answer of several to one message, under the words that asked it.
///
/// ```
/// assert_eq!(jawab::texts::one_of_several("كم استغرقت؟", "ثلاث ساعات."), "❓ كم استغرقت؟\nثلاث ساعات.");
/// ```
pub fn one_of_several(question: &str, answer: &str) -> String {
    format!("❓ {question}\n{answer}")
}

/// Heading of the topic list.
pub const TOPICS_HEADING: &str = "هذه الأسئلة التي أعرف أجوبتها:";

/// The terminal chat's greeting.
pub const CHAT_WELCOME: &str = "أهلًا بك في «جواب». اسألني عن زيارة الأسد إلى موسكو ولقائه بوتين، \
وعن تاريخ العلاقات السورية الروسية. اكتب /topics لقائمة المواضيع، و/help للأوامر، و/quit للخروج.";

/// Added to /help in the terminal chat.
pub const CHAT_QUIT_HELP: &str = "/quit - الخروج (أو Ctrl-D)";

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

// ------------------------------------------------------------------ the bot

/// /start: the greeting. `examples` are questions the bot can answer (the
/// bot takes them from the live knowledge base).
///
/// ```
/// let text = jawab::texts::start(&["س1؟", "س2؟"]);
/// assert!(text.contains("• س1؟\n• س2؟"));
/// assert!(text.contains("/privacy"));
/// ```
pub fn start(examples: &[&str]) -> String {
    let list = examples.iter().map(|q| format!("• {q}")).collect::<Vec<_>>().join("\n");
    format!(
        "أهلًا وسهلًا بك في «جواب»! 🌿\n\n\
أنا بوت يجيب عن الأسئلة حول مقال إخباري واحد: زيارة الرئيس السوري بشار الأسد إلى موسكو \
ومحادثاته مع الرئيس الروسي فلاديمير بوتين، وتاريخ العلاقات السورية الروسية.\n\n\
اكتب سؤالك كما يخطر لك، بالفصحى أو بلهجتك، وسأبحث عن جوابه في المقال. جرّب مثلًا:\n\
{list}\n\n\
اكتب /topics لترى كل الأسئلة التي أعرف أجوبتها، و/about لتعرف مصدر المعلومات، و/help للمساعدة، \
و/privacy لتعرف ما أسجّله عن الأسئلة."
    )
}

/// /privacy: what the bot records about a question, and what it does not.
pub const PRIVACY: &str = "ما أسجّله وما لا أسجّله:\n\
• أسجّل نص السؤال بعد توحيد إملائه، وما فعلته به (أجبت، أو اقترحت أسئلة قريبة، أو لم أجد جوابًا)، \
ووقته، ونوع المحادثة (خاصة أو مجموعة)، وتقييمك للجواب إن ضغطت 👍 أو 👎.\n\
• لا أسجّل من سأل: لا اسمك ولا معرّفك ولا رقم المحادثة.\n\
• يرى المشرفون الأسئلة التي لم أجب عنها ليحسّنوا الأجوبة، وتُحذف السجلات بعد مدة يحددها المشغّل \
(90 يومًا ما لم يغيّرها).";

/// /about: the article the answers come from.
///
/// ```
/// let text = jawab::texts::about("العنوان", "المصدر", 35);
/// assert!(text.contains("«العنوان»") && text.contains("المصدر") && text.contains("35"));
/// ```
pub fn about(title: &str, source: &str, entries: usize) -> String {
    let mut text = format!("أستقي أجوبتي كلها من مقال واحد:\n«{title}»");
    if !source.trim().is_empty() {
        text.push_str(&format!("\n{source}"));
    }
    text.push_str(&format!(
        "\n\nفي قاعدة معرفتي {entries} سؤالًا وجوابًا كتبها محرّرون من نص المقال، ويذكر كل جواب رقم الفقرة التي يستند إليها. \
ما ليس في المقال لا أجيب عنه."
    ));
    text
}

/// Heading of one page of the /topics list.
///
/// ```
/// use jawab::texts;
/// assert_eq!(texts::topics_page(1, 1), texts::TOPICS_HEADING);
/// assert!(texts::topics_page(2, 5).starts_with(texts::TOPICS_HEADING));
/// ```
pub fn topics_page(page: usize, pages: usize) -> String {
    if pages <= 1 {
        TOPICS_HEADING.to_string()
    } else {
        format!("{TOPICS_HEADING}\n(الصفحة {page} من {pages}، اضغط سؤالًا لترى جوابه)")
    }
}

/// The /topics button to the next page (Arabic reads right to left, so
/// "next" points left).
pub const TOPICS_NEXT: &str = "التالي ◀";

/// The /topics button to the previous page.
pub const TOPICS_PREV: &str = "▶ السابق";

/// The reply to a sticker, photo, voice note, document, location…
pub const NON_TEXT: &str = "شكرًا لك! لكني أفهم الأسئلة المكتوبة فقط. من فضلك اكتب سؤالك نصًّا، \
مثل: كم استغرقت المحادثات بين بوتين والأسد؟";

/// The reply to a command the bot does not know.
pub const UNKNOWN_COMMAND: &str = "لا أعرف هذا الأمر. اكتب /help لترى الأوامر المتاحة، أو اكتب سؤالك مباشرة.";

/// The reply to a button whose question is no longer in the knowledge base
/// (it was removed by a reload) or whose data the bot does not understand.
pub const STALE_BUTTON: &str = "عذرًا، هذا الزر قديم ولم يعد سؤاله متاحًا. اكتب /topics لترى الأسئلة الحالية.";

/// The refusal of an admin command to someone who is not an admin.
pub const ADMIN_ONLY: &str = "عذرًا، هذا الأمر مخصص لمشرفي البوت فقط.";

/// /stats or /unanswered asked outside a private chat: they show what users
/// asked, so they are answered only to an admin, in private.
pub const ADMIN_PRIVATE_ONLY: &str =
    "هذا الأمر يعرض أسئلة المستخدمين وأرقامهم، لذلك لا أجيب عنه إلا في محادثة خاصة معي. اكتب لي الأمر في الخاص.";

/// A chat sent more questions than can wait for an answer: the extra ones
/// are dropped (sent once until the chat has caught up).
pub const FLOODED: &str = "تصلني أسئلتك أسرع مما أستطيع الإجابة عنها، فسأجيب عن الأسئلة الخمسة الأولى وأتجاوز ما بعدها. انتظر وصول الأجوبة ثم أرسل ما بقي من أسئلتك.";

/// /reload succeeded.
///
/// ```
/// assert!(jawab::texts::reloaded(35).contains("35"));
/// ```
pub fn reloaded(entries: usize) -> String {
    format!("تم تحميل قاعدة المعرفة من جديد: {entries} سؤالًا وجوابًا متاحة الآن.")
}

/// /reload failed: the problems, one per line (file:line: message); the old
/// knowledge stays live.
///
/// ```
/// let text = jawab::texts::reload_failed(&["kb.toml:3: entry has no answer".to_string()]);
/// assert!(text.contains("kb.toml:3: entry has no answer"));
/// ```
pub fn reload_failed(problems: &[String]) -> String {
    format!("لم أحمّل قاعدة المعرفة الجديدة لأن فيها أخطاء، وما زالت القاعدة السابقة تعمل:\n{}", problems.join("\n"))
}

/// /reload when the knowledge compiled into the binary is in use: there
/// are no files to read again.
pub const RELOAD_BUILT_IN: &str = "أستخدم قاعدة المعرفة المدمجة في البرنامج، فلا ملفات أعيد تحميلها. \
لتعديل المعرفة شغّلني مع مجلد المعرفة (--knowledge أو JAWAB_KNOWLEDGE).";

/// /reload could not run at all (an internal error, not a knowledge problem).
pub const RELOAD_CRASHED: &str = "تعذّر إعادة التحميل بسبب خطأ داخلي، وما زالت القاعدة السابقة تعمل.";

/// Appended when a reply had to be cut to fit one Telegram message.
pub const CUT_MARK: &str = "\n…";

// ------------------------------------------------------------ question log

/// /stats or /unanswered when the question log cannot be read (missing,
/// locked, corrupt, or switched off). The bot keeps answering.
pub const LOG_UNAVAILABLE: &str =
    "عذرًا، سجل الأسئلة غير متاح الآن، فلا أستطيع عرض الإحصاءات. ما زلت أجيب عن الأسئلة كالمعتاد.";

/// "آخر 7 أيام", with the counted noun Arabic asks for after the number.
///
/// ```
/// assert_eq!(jawab::texts::last_days(7), "آخر 7 أيام");
/// assert_eq!(jawab::texts::last_days(30), "آخر 30 يومًا");
/// assert_eq!(jawab::texts::last_days(1), "آخر يوم");
/// ```
pub fn last_days(days: u32) -> String {
    match days {
        1 => "آخر يوم".to_string(),
        2 => "آخر يومين".to_string(),
        3..=10 => format!("آخر {days} أيام"),
        _ => format!("آخر {days} يومًا"),
    }
}

fn percent(share: f64) -> String {
    format!("{}٪", (share * 100.0).round())
}

/// /stats: how many questions, how they were decided, the most asked
/// entries (with their first question when the live knowledge has it), the
/// replies that could not be delivered, and the records lost since start,
/// if any.
///
/// ```
/// use jawab::questions_log::{Counts, Decisions, Lost, Shares, Stats, TopEntry, Votes};
/// let stats = Stats {
///     questions: Counts { today: 2, last_7_days: 5, all: 9 },
///     window_days: None,
///     decisions: Decisions { questions: 9, answered: 6, suggested: 2, none: 1,
///         shares: Shares { answered: 0.667, suggested: 0.222, none: 0.111 }, undelivered: 0 },
///     top_entries: vec![TopEntry { id: "talks".into(), question: Some("كم استغرقت؟".into()), count: 4 }],
///     votes: vec![Votes { id: "talks".into(), up: 5, down: 2 }],
/// };
/// let text = jawab::texts::stats(&stats, Lost::default());
/// assert!(text.contains("67٪") && text.contains("1. كم استغرقت؟ (4)"));
/// assert!(text.contains("talks: 👍 5 · 👎 2"));
/// assert!(jawab::texts::stats(&stats, Lost { dropped: 3, ..Lost::default() }).contains('3'));
/// assert!(jawab::texts::stats(&stats, Lost { flooded: 7, ..Lost::default() }).contains("7 سؤالًا دون إجابة"));
/// assert!(!text.contains("لم تصل"));
/// let mut lost_replies = stats.clone();
/// lost_replies.decisions.undelivered = 2;
/// assert!(jawab::texts::stats(&lost_replies, Lost::default()).contains("لم تصل إلى أصحابها أجوبة 2 سؤالًا"));
/// ```
pub fn stats(stats: &crate::questions_log::Stats, lost: crate::questions_log::Lost) -> String {
    let q = &stats.questions;
    let d = &stats.decisions;
    let mut text =
        format!("إحصاءات الأسئلة:\n• اليوم: {}\n• {}: {}\n• الكل: {}", q.today, last_days(7), q.last_7_days, q.all);
    let window = match stats.window_days {
        Some(days) => format!("في {}", last_days(days)),
        None => "من كل الأسئلة".to_string(),
    };
    if d.questions == 0 {
        text.push_str("\n\nلا أسئلة مسجلة بعد.");
    } else {
        text.push_str(&format!(
            "\n\n{window}: أجبت عن {}، واقترحت أسئلة قريبة لـ{}، ولم أجد جوابًا لـ{}.",
            percent(d.shares.answered),
            percent(d.shares.suggested),
            percent(d.shares.none)
        ));
    }
    if !stats.top_entries.is_empty() {
        text.push_str("\n\nأكثر الأسئلة طلبًا:");
        for (i, t) in stats.top_entries.iter().enumerate() {
            text.push_str(&format!("\n{}. {} ({})", i + 1, t.question.as_deref().unwrap_or(&t.id), t.count));
        }
    }
    if !stats.votes.is_empty() {
        text.push_str("\n\nتقييم المستخدمين للأجوبة:");
        for v in &stats.votes {
            text.push_str(&format!("\n• {}: 👍 {} · 👎 {}", v.id, v.up, v.down));
        }
    }
    if lost.dropped > 0 {
        text.push_str(&format!("\n\nلم يُسجَّل منذ التشغيل {} سؤالًا لازدحام السجل.", lost.dropped));
    }
    if lost.unwritten > 0 {
        text.push_str(&format!("\n\nتعذّر حفظ {} سؤالًا منذ التشغيل لأن قاعدة السجل لم تكن متاحة.", lost.unwritten));
    }
    if stats.decisions.undelivered > 0 {
        text.push_str(&format!(
            "\n\nلم تصل إلى أصحابها أجوبة {} سؤالًا: تعذّر إرسالها بعد كل المحاولات.",
            stats.decisions.undelivered
        ));
    }
    if lost.flooded > 0 {
        text.push_str(&format!(
            "\n\nتجاوزتُ منذ التشغيل {} سؤالًا دون إجابة لأن أصحابها أرسلوها أسرع مما أستطيع الإجابة عنه.",
            lost.flooded
        ));
    }
    text
}

// ------------------------------------------------------------ curators

/// The 👍 button under an answer.
pub const VOTE_UP: &str = "👍";

/// The 👎 button under an answer.
pub const VOTE_DOWN: &str = "👎";

/// Shown briefly after a 👍 or 👎.
pub const VOTE_THANKS: &str = "شكرًا! رأيك يساعدنا على تحسين الأجوبة.";

/// The start of an inbox button that adds the question to an entry.
pub const INBOX_ADD: &str = "➕ ";

/// The start of the button for the suggestion the asker chose.
pub const INBOX_CHOSEN: &str = "✅ ";

/// The inbox button that marks a question as outside the article.
pub const INBOX_REFUSE: &str = "🚫 ليس في المقال";

/// The inbox button that hides a question for a while.
pub const INBOX_LATER: &str = "⏳ لاحقًا";

/// After a near-duplicate warning: add it all the same.
pub const INBOX_ADD_ANYWAY: &str = "✅ أضفه رغم ذلك";

/// After a near-duplicate warning: mark it outside the article all the same.
pub const INBOX_REFUSE_ANYWAY: &str = "🚫 علّمه خارج المقال رغم ذلك";

/// An inbox button whose question is no longer in the inbox.
pub const INBOX_GONE: &str =
    "هذا السؤال لم يعد في صندوق المراجعة (عولج أو انتهت مدته). اكتب /unanswered لترى الأسئلة الحالية.";

/// /undo with nothing to undo.
pub const NOTHING_TO_UNDO: &str = "لا يوجد تغيير أتراجع عنه.";

/// /explain without a question.
pub const EXPLAIN_USAGE: &str = "اكتب السؤال بعد الأمر، مثل: /explain كم استغرقت المحادثات؟";

/// The inbox is empty.
///
/// ```
/// assert!(jawab::texts::inbox_empty(7).contains("آخر 7 أيام"));
/// ```
pub fn inbox_empty(days: u32) -> String {
    format!("صندوق المراجعة فارغ: لا أسئلة تنتظرك من {}.", last_days(days))
}

/// The inbox's first message: how many questions wait.
///
/// ```
/// assert!(jawab::texts::inbox_header(4, 7).contains('4'));
/// ```
pub fn inbox_header(items: usize, days: u32) -> String {
    format!(
        "📥 في صندوق المراجعة {items} سؤالًا من {} تنتظرك، الأكثر تكرارًا أولًا. \
لكل سؤال أزرار: ➕ يضيفه صياغةً لأحد الأسئلة، و🚫 يعلّمه خارج المقال، و⏳ يؤجله أسبوعًا.",
        last_days(days)
    )
}

/// One inbox item: the question as recorded, how often it went
/// unanswered, the suggestion its askers chose and the entry voted 👎, if
/// any (by their first questions).
///
/// ```
/// let text = jawab::texts::inbox_item("كم دامت القعدة", 3, Some("كم استغرقت المحادثات؟"), None, 0);
/// assert!(text.contains("كم دامت القعدة") && text.contains('3') && text.contains("كم استغرقت المحادثات؟"));
/// ```
pub fn inbox_item(question: &str, count: u64, chosen: Option<&str>, doubtful: Option<&str>, down: u64) -> String {
    let mut text = format!("❓ {question}");
    if count > 0 {
        text.push_str(&format!("\nسُئل {count} مرة ولم أجب عنه."));
    }
    if let Some(chosen) = chosen {
        text.push_str(&format!("\nاختار السائل من اقتراحاتي: «{chosen}»."));
    }
    if let Some(doubtful) = doubtful {
        text.push_str(&format!("\nأجبتُ عنه بجواب «{doubtful}» فقيّمه المستخدمون 👎 ({down})."));
    }
    text
}

/// A phrasing was added to an entry.
///
/// ```
/// assert!(jawab::texts::inbox_added("كم دامت", "كم استغرقت؟", "talks", "knowledge/1.toml").contains("/undo"));
/// ```
pub fn inbox_added(question: &str, title: &str, id: &str, file: &str) -> String {
    format!("✅ أضفتُ «{question}» إلى «{title}» ({id}) في {file}، وصرتُ أجيب عنه. للتراجع: /undo")
}

/// A question was added to an outside group.
///
/// ```
/// assert!(jawab::texts::inbox_refused("كم عمر بوتين", "putin-personal", "knowledge/outside.toml").contains("putin-personal"));
/// ```
pub fn inbox_refused(question: &str, group: &str, file: &str) -> String {
    format!("🚫 أضفتُ «{question}» إلى الأسئلة الخارجة عن المقال ({group}) في {file}: سأعتذر عنه عمدًا. للتراجع: /undo")
}

/// A question was put off.
///
/// ```
/// assert!(jawab::texts::inbox_later("كم عمر بوتين", 7).contains("7"));
/// ```
pub fn inbox_later(question: &str, days: u32) -> String {
    format!("⏳ أخفيتُ «{question}» من الصندوق {days} أيام.")
}

/// Before writing: the question is close to other tables' phrasings (at
/// most five listed, each with its id).
///
/// ```
/// let text = jawab::texts::inbox_near_duplicates("كم دامت", &[("visit-date".into(), "متى كانت الزيارة؟".into())]);
/// assert!(text.contains("visit-date") && text.contains("متى كانت الزيارة؟"));
/// ```
pub fn inbox_near_duplicates(question: &str, close: &[(String, String)]) -> String {
    let mut text = format!("⚠️ لم أكتب شيئًا بعد: «{question}» قريب جدًا من صياغات أخرى، فقد يختلط بها:");
    for (id, phrasing) in close.iter().take(5) {
        text.push_str(&format!("\n• «{phrasing}» ({id})"));
    }
    if close.len() > 5 {
        text.push_str(&format!("\n• و{} غيرها", close.len() - 5));
    }
    text
}

/// A change was refused: nothing was written, the knowledge is as it was.
///
/// ```
/// assert!(jawab::texts::curation_failed("knowledge is read-only").contains("read-only"));
/// ```
pub fn curation_failed(reason: &str) -> String {
    format!("لم أغيّر شيئًا، وما زالت قاعدة المعرفة كما كانت:\n{reason}")
}

/// /undo put a change back.
///
/// ```
/// assert!(jawab::texts::undone("كم دامت", Some("talks")).contains("talks"));
/// ```
pub fn undone(question: &str, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("↩️ تراجعتُ عن آخر تغيير: أزلتُ «{question}» من {id}، وعادت الملفات كما كانت."),
        None => format!("↩️ تراجعتُ عن آخر تغيير: أعدتُ «{question}» إلى صندوق المراجعة."),
    }
}

/// The inbox has no more questions.
pub const INBOX_DONE: &str = "انتهت الأسئلة التي تنتظر المراجعة. شكرًا! 🎉";
