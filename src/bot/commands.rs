//! The bot's commands. Their doc comments are the /help text and the
//! descriptions in Telegram's command menu, so they are in Arabic.

use teloxide::utils::command::BotCommands;

/// Commands anyone can use.
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase", description = "الأوامر المتاحة:")]
pub enum UserCommands {
    /// الترحيب وأمثلة على الأسئلة
    Start,
    /// كيف تستخدم البوت
    Help,
    /// قائمة الأسئلة التي أعرف أجوبتها
    Topics,
    /// مصدر المعلومات: المقال
    About,
}

/// Commands for the ids in `JAWAB_ADMINS` only.
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase", description = "أوامر المشرفين:")]
pub enum AdminCommands {
    /// إعادة تحميل قاعدة المعرفة من الملفات
    Reload,
}

impl AdminCommands {
    /// The command's name as typed, for logs.
    pub fn name(&self) -> &'static str {
        match self {
            AdminCommands::Reload => "reload",
        }
    }
}
