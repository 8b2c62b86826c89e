//! Inline keyboards and the data their buttons carry.
//!
//! Telegram gives a button at most 64 bytes of callback data, so a button
//! carries an entry's id (`a:<id>`) or a page of /topics (`t:<page>`), never
//! text. An entry may disappear on reload; the handler then finds no entry
//! for the id and says so politely.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup};

use crate::knowledge::{Entry, Knowledge};
use crate::reply::{Reply, ReplyKind};
use crate::texts;

/// Telegram's limit on a button's callback data, in bytes.
pub(crate) const MAX_CALLBACK_BYTES: usize = 64;

/// Questions per page of /topics: eight buttons plus the page buttons fit a
/// phone screen.
pub(crate) const TOPICS_PER_PAGE: usize = 8;

/// The most "did you mean" buttons under one reply.
pub(crate) const MAX_SUGGESTIONS: usize = 3;

/// What a pressed button asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Callback {
    /// Answer the entry with this id.
    Answer(String),
    /// Show this page (0-based) of /topics.
    Topics(usize),
    /// A "did you mean" suggestion for the question whose reply carried
    /// `key` ([`crate::questions_log::Record::reply_key`]): answer `id`,
    /// and propose the question as its phrasing.
    Suggested {
        /// The question's reply key.
        key: i64,
        /// The chosen entry.
        id: String,
    },
    /// 👍 (`up`) or 👎 on the answer `id` to the question of `key` (0: a
    /// reply to a button, not to a typed question).
    Vote {
        /// 👍 or 👎.
        up: bool,
        /// The question's reply key, or 0.
        key: i64,
        /// The answered entry.
        id: String,
    },
    /// A curator's button on an inbox item (the question's
    /// [`crate::questions_log::item_key`]).
    Inbox {
        /// What to do.
        action: InboxAction,
        /// The item's key.
        item: String,
        /// The entry to add the question to (for [`InboxAction::Add`]).
        id: Option<String>,
    },
}

/// What a curator's inbox button does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InboxAction {
    /// Add the question as a phrasing of the entry (`force`: even though it
    /// is close to another entry's phrasing).
    Add {
        /// Past the near-duplicate warning.
        force: bool,
    },
    /// Add it to an outside group: refused on purpose.
    Refuse {
        /// Past the near-duplicate warning.
        force: bool,
    },
    /// Hide it for a while.
    Later,
}

impl InboxAction {
    fn code(self) -> &'static str {
        match self {
            InboxAction::Add { force: false } => "+",
            InboxAction::Add { force: true } => "!",
            InboxAction::Refuse { force: false } => "x",
            InboxAction::Refuse { force: true } => "X",
            InboxAction::Later => "l",
        }
    }

    fn parse(code: &str) -> Option<InboxAction> {
        Some(match code {
            "+" => InboxAction::Add { force: false },
            "!" => InboxAction::Add { force: true },
            "x" => InboxAction::Refuse { force: false },
            "X" => InboxAction::Refuse { force: true },
            "l" => InboxAction::Later,
            _ => return None,
        })
    }
}

impl Callback {
    /// The callback data, or `None` if it would not fit in 64 bytes.
    pub(crate) fn encode(&self) -> Option<String> {
        let data = match self {
            Callback::Answer(id) => format!("a:{id}"),
            Callback::Topics(page) => format!("t:{page}"),
            Callback::Suggested { key, id } => format!("s:{key}:{id}"),
            Callback::Vote { up, key, id } => format!("v:{}:{key}:{id}", if *up { '+' } else { '-' }),
            Callback::Inbox { action, item, id } => match id {
                Some(id) => format!("i:{}:{item}:{id}", action.code()),
                None => format!("i:{}:{item}", action.code()),
            },
        };
        (data.len() <= MAX_CALLBACK_BYTES).then_some(data)
    }

    /// Parses callback data; `None` for anything this bot did not make.
    pub(crate) fn parse(data: &str) -> Option<Callback> {
        // Longer than Telegram carries: forged.
        if data.len() > MAX_CALLBACK_BYTES {
            return None;
        }
        let (kind, rest) = data.split_once(':')?;
        let some_id = |id: &str| (!id.is_empty()).then(|| id.to_string());
        match kind {
            "a" => some_id(rest).map(Callback::Answer),
            "t" => rest.parse().ok().map(Callback::Topics),
            "s" => {
                let (key, id) = rest.split_once(':')?;
                Some(Callback::Suggested { key: key.parse().ok()?, id: some_id(id)? })
            }
            "v" => {
                let (up, rest) = rest.split_once(':')?;
                let (key, id) = rest.split_once(':')?;
                let up = match up {
                    "+" => true,
                    "-" => false,
                    _ => return None,
                };
                Some(Callback::Vote { up, key: key.parse().ok()?, id: some_id(id)? })
            }
            "i" => {
                let (code, rest) = rest.split_once(':')?;
                let action = InboxAction::parse(code)?;
                let (item, id) = match rest.split_once(':') {
                    Some((item, id)) => (item, Some(some_id(id)?)),
                    None => (rest, None),
                };
                let valid = item.len() == 16 && item.bytes().all(|b| b.is_ascii_hexdigit());
                let needs_id = matches!(action, InboxAction::Add { .. });
                (valid && needs_id == id.is_some()).then(|| Callback::Inbox { action, item: item.to_string(), id })
            }
            _ => None,
        }
    }

    /// Whether only an admin may press it.
    pub(crate) fn for_admins(&self) -> bool {
        matches!(self, Callback::Inbox { .. })
    }
}

/// A button that answers an entry, labelled with its question; `None` if
/// its id is too long for callback data.
pub(crate) fn answer_button(id: &str, question: &str) -> Option<InlineKeyboardButton> {
    let data = Callback::Answer(id.to_string()).encode()?;
    Some(InlineKeyboardButton::callback(question, data))
}

fn column(buttons: impl IntoIterator<Item = InlineKeyboardButton>) -> Option<InlineKeyboardMarkup> {
    let rows: Vec<Vec<InlineKeyboardButton>> = buttons.into_iter().map(|b| vec![b]).collect();
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

/// The buttons under a reply to a typed question whose reply carries
/// `key` (`None`: a reply to a button): an answer's follow-up questions and
/// a row of 👍 / 👎, or the (at most three) "did you mean" suggestions; none
/// for other replies.
pub(crate) fn for_reply(reply: &Reply, key: Option<i64>) -> Option<InlineKeyboardMarkup> {
    match &reply.kind {
        ReplyKind::Answer { id } => {
            let mut rows: Vec<Vec<InlineKeyboardButton>> =
                reply.related.iter().filter_map(|o| answer_button(&o.id, &o.question)).map(|b| vec![b]).collect();
            rows.extend(votes(id, key.unwrap_or(0)));
            (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
        }
        ReplyKind::Suggest => {
            let offers = &reply.suggestions[..reply.suggestions.len().min(MAX_SUGGESTIONS)];
            column(offers.iter().filter_map(|o| {
                let suggested = key.and_then(|key| Callback::Suggested { key, id: o.id.clone() }.encode());
                match suggested {
                    Some(data) => Some(InlineKeyboardButton::callback(o.question.as_str(), data)),
                    None => answer_button(&o.id, &o.question),
                }
            }))
        }
        ReplyKind::NoMatch | ReplyKind::Empty => None,
    }
}

/// The 👍 / 👎 row under an answer of `id`; none if its data would not fit.
fn votes(id: &str, key: i64) -> Option<Vec<InlineKeyboardButton>> {
    let up = Callback::Vote { up: true, key, id: id.to_string() }.encode()?;
    let down = Callback::Vote { up: false, key, id: id.to_string() }.encode()?;
    Some(vec![
        InlineKeyboardButton::callback(texts::VOTE_UP, up),
        InlineKeyboardButton::callback(texts::VOTE_DOWN, down),
    ])
}

/// `markup` without its 👍 / 👎 row (once a vote is in).
pub(crate) fn without_votes(markup: &InlineKeyboardMarkup) -> InlineKeyboardMarkup {
    let is_vote = |b: &InlineKeyboardButton| match &b.kind {
        InlineKeyboardButtonKind::CallbackData(d) => d.starts_with("v:"),
        _ => false,
    };
    let rows = markup.inline_keyboard.iter().filter(|row| !row.iter().any(is_vote)).cloned().collect::<Vec<_>>();
    InlineKeyboardMarkup::new(rows)
}

/// One button per entry, for /start's examples.
pub(crate) fn for_entries(entries: &[&Entry]) -> Option<InlineKeyboardMarkup> {
    column(entries.iter().filter_map(|e| answer_button(&e.id, &e.questions[0])))
}

/// How many pages /topics has.
pub(crate) fn topic_pages(kb: &Knowledge) -> usize {
    kb.entries.len().div_ceil(TOPICS_PER_PAGE).max(1)
}

/// One page of /topics: its heading and its buttons (one per question, then
/// the page buttons). A page past the end (the knowledge shrank on reload)
/// shows the last page.
pub(crate) fn topics(kb: &Knowledge, page: usize) -> (String, InlineKeyboardMarkup) {
    let pages = topic_pages(kb);
    let page = page.min(pages - 1);
    let mut rows: Vec<Vec<InlineKeyboardButton>> = kb
        .entries
        .iter()
        .skip(page * TOPICS_PER_PAGE)
        .take(TOPICS_PER_PAGE)
        .filter_map(|e| answer_button(&e.id, &e.questions[0]))
        .map(|b| vec![b])
        .collect();
    // Telegram lays a row out left to right; for Arabic readers "next" is on the left.
    let mut nav = Vec::new();
    if page + 1 < pages {
        nav.push(page_button(texts::TOPICS_NEXT, page + 1));
    }
    if page > 0 {
        nav.push(page_button(texts::TOPICS_PREV, page - 1));
    }
    if !nav.is_empty() {
        rows.push(nav);
    }
    (texts::topics_page(page + 1, pages), InlineKeyboardMarkup::new(rows))
}

fn page_button(label: &str, page: usize) -> InlineKeyboardButton {
    // "t:<usize>" is always far below 64 bytes.
    InlineKeyboardButton::callback(label, format!("t:{page}"))
}

/// Three example questions for /start: the first entry of each of the
/// first three topics (tags), so the examples show the range of the
/// knowledge; topped up from the other entries if there are fewer tags.
pub(crate) fn examples(kb: &Knowledge) -> Vec<&Entry> {
    let mut picked: Vec<&Entry> = Vec::new();
    let mut tags: Vec<&str> = Vec::new();
    for e in &kb.entries {
        let tag = e.tags.first().map_or("", String::as_str);
        if !tags.contains(&tag) {
            tags.push(tag);
            picked.push(e);
        }
    }
    for e in &kb.entries {
        if picked.len() >= 3 {
            break;
        }
        if !picked.iter().any(|p| p.id == e.id) {
            picked.push(e);
        }
    }
    picked.truncate(3);
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb(n: usize) -> Knowledge {
        let mut toml = String::from("[article]\ntitle='t'\nparagraphs=1\n");
        for i in 0..n {
            toml.push_str(&format!(
                "[[entry]]\nid='e{i}'\nquestions=['سؤال رقم {i}']\nanswer='جواب'\nparagraph=1\ntags=['وسم {}']\n",
                i % 2
            ));
        }
        Knowledge::from_str(&toml, "k.toml").unwrap()
    }

    fn data(b: &InlineKeyboardButton) -> &str {
        match &b.kind {
            InlineKeyboardButtonKind::CallbackData(d) => d,
            other => panic!("not a callback button: {other:?}"),
        }
    }

    #[test]
    fn callback_data_round_trips_and_fits_in_64_bytes() {
        assert_eq!(Callback::Answer("talks-duration".into()).encode().as_deref(), Some("a:talks-duration"));
        assert_eq!(Callback::Topics(2).encode().as_deref(), Some("t:2"));
        assert_eq!(Callback::Answer("x".repeat(63)).encode(), None);
        assert_eq!(Callback::parse("t:1"), Some(Callback::Topics(1)));
        assert_eq!(Callback::parse("a:overview"), Some(Callback::Answer("overview".into())));
        assert_eq!(Callback::parse("a:"), None);
        assert_eq!(Callback::parse("t:x"), None);
        assert_eq!(Callback::parse("hello"), None);
        let item = "0123456789abcdef".to_string();
        for c in [
            Callback::Suggested { key: 1_764_640_000_000_000, id: "talks-duration".into() },
            Callback::Vote { up: false, key: 0, id: "talks-duration".into() },
            Callback::Vote { up: true, key: 42, id: "visit-date".into() },
            Callback::Inbox { action: InboxAction::Add { force: false }, item: item.clone(), id: Some("x".into()) },
            Callback::Inbox { action: InboxAction::Add { force: true }, item: item.clone(), id: Some("x".into()) },
            Callback::Inbox { action: InboxAction::Refuse { force: false }, item: item.clone(), id: None },
            Callback::Inbox { action: InboxAction::Refuse { force: true }, item: item.clone(), id: None },
            Callback::Inbox { action: InboxAction::Later, item: item.clone(), id: None },
        ] {
            assert_eq!(Callback::parse(&c.encode().unwrap()), Some(c.clone()), "{c:?}");
            assert_eq!(c.for_admins(), matches!(c, Callback::Inbox { .. }));
        }
        // Forged or damaged data is refused, not half-read.
        for bad in [
            "s:x:talks",
            "s:1:",
            "v:?:1:talks",
            "v:+:1",
            "i:+:0123456789abcdef",
            "i:l:nothex",
            "i:x:0123456789abcdef:x",
            "i:q:0123456789abcdef",
        ] {
            assert_eq!(Callback::parse(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        /// Any callback data — forged, cut, or from an older version — is
        /// read or refused, never a panic; what is read encodes back to it.
        #[test]
        fn any_callback_data_is_read_or_refused(data in "[asvit]:[-+!xXl0-9a-f:]{0,70}|\\PC{0,64}") {
            if let Some(c) = Callback::parse(&data) {
                proptest::prop_assert_eq!(Callback::parse(&c.encode().unwrap_or_default()), Some(c));
            }
        }
    }

    #[test]
    fn topics_paginate_and_clamp() {
        let kb = kb(TOPICS_PER_PAGE * 2 + 1);
        assert_eq!(topic_pages(&kb), 3);
        let (_, first) = topics(&kb, 0);
        assert_eq!(first.inline_keyboard.len(), TOPICS_PER_PAGE + 1);
        let nav = first.inline_keyboard.last().unwrap();
        assert_eq!(nav.len(), 1);
        assert_eq!(data(&nav[0]), "t:1");
        let (_, middle) = topics(&kb, 1);
        let nav: Vec<&str> = middle.inline_keyboard.last().unwrap().iter().map(data).collect();
        assert_eq!(nav, ["t:2", "t:0"]);
        let (heading, last) = topics(&kb, 99);
        assert_eq!(heading, texts::topics_page(3, 3));
        assert_eq!(data(&last.inline_keyboard[0][0]), format!("a:e{}", TOPICS_PER_PAGE * 2));
    }

    #[test]
    fn one_page_has_no_page_buttons() {
        let kb = kb(3);
        let (heading, markup) = topics(&kb, 0);
        assert_eq!(heading, texts::TOPICS_HEADING);
        assert_eq!(markup.inline_keyboard.len(), 3);
    }

    #[test]
    fn examples_span_the_tags_and_top_up() {
        let kb = kb(5);
        let ids: Vec<&str> = examples(&kb).iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["e0", "e1", "e2"]);
        let kb = kb_one();
        assert_eq!(examples(&kb).len(), 1);
    }

    fn kb_one() -> Knowledge {
        kb(1)
    }
}
