//! The bot's commands. Their doc comments are the /help text and the
//! descriptions in Telegram's command menu, so they are in Arabic.

use teloxide::utils::command::BotCommands;

// Commands anyone can use. (teloxide prints the enum's doc comment as the
// heading of /help, so it is the Arabic heading.)
/// الأوامر المتاحة:
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub(crate) enum UserCommands {
    /// الترحيب وأمثلة على الأسئلة
    Start,
    /// كيف تستخدم البوت
    Help,
    /// قائمة الأسئلة التي أعرف أجوبتها
    Topics,
    /// مصدر المعلومات: المقال
    About,
    /// ما أسجّله عن الأسئلة وما لا أسجّله
    Privacy,
}

// Commands for the ids in `JAWAB_ADMINS` only; the doc comment is the heading
// of their part of /help.
/// أوامر المشرفين:
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub(crate) enum AdminCommands {
    /// إعادة تحميل قاعدة المعرفة من الملفات
    Reload,
    /// إحصاءات الأسئلة: عددها ونسب الإجابة وأكثرها طلبًا (في المحادثة الخاصة فقط)
    Stats,
    /// صندوق المراجعة: أسئلة آخر 7 أيام التي لم أجب عنها، مع أزرار لإضافتها (في المحادثة الخاصة فقط)
    Unanswered,
    /// التراجع عن آخر تغيير في قاعدة المعرفة (في المحادثة الخاصة فقط)
    Undo,
    /// كيف أقرأ سؤالًا وأي الأجوبة أقرب إليه، مثل: /explain كم استغرقت المحادثات؟
    Explain(String),
}

impl AdminCommands {
    /// The command's name as typed, for logs.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            AdminCommands::Reload => "reload",
            AdminCommands::Stats => "stats",
            AdminCommands::Unanswered => "unanswered",
            AdminCommands::Undo => "undo",
            AdminCommands::Explain(_) => "explain",
        }
    }

    /// Whether the reply shows what users asked or figures about it, and so
    /// is given only in a private chat.
    pub(crate) fn shows_users_questions(&self) -> bool {
        matches!(self, AdminCommands::Stats | AdminCommands::Unanswered | AdminCommands::Undo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_is_arabic_and_lists_every_command() {
        let help = UserCommands::descriptions().to_string();
        assert!(help.starts_with("الأوامر المتاحة:"), "{help}");
        for cmd in ["/start", "/help", "/topics", "/about", "/privacy"] {
            assert!(help.contains(cmd), "{help}");
        }
        // Only the command names are in Latin letters: no English from the Rust docs.
        let latin: String = help.split_whitespace().filter(|w| !w.starts_with('/')).collect();
        assert!(!latin.chars().any(|c| c.is_ascii_alphabetic()), "{help}");
        let admin = AdminCommands::descriptions().to_string();
        assert!(admin.starts_with("أوامر المشرفين:"), "{admin}");
        for cmd in ["/reload", "/stats", "/unanswered", "/undo", "/explain"] {
            assert!(admin.contains(cmd), "{admin}");
        }
    }
}
