//! From the stream of updates to the handler tree: each chat's updates in
//! order, one at a time; chats taken in turn by at most [`MAX_ACTIVE`]
//! workers; at most [`MAX_PENDING`] updates waiting per chat. No chat's
//! backlog delays another chat, and polling never waits on a worker.
//!
//! teloxide's dispatcher gives each chat a queue of 64 and blocks the whole
//! loop when one is full: 100 messages from one chat held 20 other chats'
//! questions for over a minute; and it runs a task per chat, about 40 kB
//! each with thousands of chats waiting. Here a chat that sends faster than
//! it is answered gets one polite note ([`texts::FLOODED`]) and its extra
//! updates are dropped and counted; a waiting update costs its own size, and
//! only [`MAX_ACTIVE`] handlers run at once (replies leave at Telegram's 30 a
//! second anyway).

use std::collections::{HashMap, VecDeque};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use teloxide::dispatching::UpdateHandler;
use teloxide::dptree::di::DependencyMap;
use teloxide::error_handlers::ErrorHandler;
use teloxide::types::{ChatId, Update};

use futures::FutureExt as _;
use std::panic::AssertUnwindSafe;

use super::api::{Api, Error};
use super::describe_request;
use super::inbox::Inbox;
use crate::texts;

/// The most updates of one chat waiting to be handled, besides the one
/// being handled.
pub(crate) const MAX_PENDING: usize = 5;

/// The most updates handled at once (each of another chat).
pub(crate) const MAX_ACTIVE: usize = 64;

/// What the workers count, for /stats and the metrics.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    /// Updates dropped since start because their chat had [`MAX_PENDING`] waiting.
    pub(crate) flooded: AtomicU64,
    /// Updates waiting for a worker now.
    pub(crate) pending: AtomicU64,
}

/// The workers, and the chats waiting for one.
pub(crate) struct Workers<R> {
    shared: Arc<Shared<R>>,
}

struct Shared<R> {
    bot: R,
    handler: Arc<UpdateHandler<Error>>,
    /// The dependencies every update is handled with (the bot, `Me`, the state).
    deps: DependencyMap,
    errors: Arc<dyn ErrorHandler<Error> + Send + Sync>,
    queues: Mutex<Queues>,
    /// Dropped and waiting updates.
    counts: Arc<Counts>,
    /// Where each handled or dropped update is marked done.
    inbox: Option<Arc<Inbox>>,
}

/// Who waits for what, under one lock.
#[derive(Default)]
struct Queues {
    /// Each chat with updates waiting or being handled (`None`: no chat).
    chats: HashMap<Option<ChatId>, Chat>,
    /// Chats with updates waiting and none being handled, in turn.
    ready: VecDeque<Option<ChatId>>,
    /// Workers running.
    active: usize,
}

/// A chat's waiting updates.
#[derive(Default)]
struct Chat {
    waiting: VecDeque<Update>,
    /// An update of this chat is being handled.
    busy: bool,
    /// The chat was told that its extra questions are dropped (once until
    /// it catches up).
    noted: bool,
}

impl<R: Api> Workers<R> {
    /// Workers handling updates with `handler` and `deps`, their errors
    /// going to `errors`; dropped and waiting updates are counted in `counts`; each
    /// update is marked done in `inbox` once handled or dropped.
    pub(crate) fn new(
        bot: R,
        handler: UpdateHandler<Error>,
        deps: DependencyMap,
        errors: Arc<dyn ErrorHandler<Error> + Send + Sync>,
        counts: Arc<Counts>,
        inbox: Option<Arc<Inbox>>,
    ) -> Self {
        let queues = Mutex::new(Queues::default());
        let shared = Shared { bot, handler: Arc::new(handler), deps, errors, queues, counts, inbox };
        Workers { shared: Arc::new(shared) }
    }

    /// Queues `update` behind its chat's, without waiting; dropped (with one
    /// note to the chat) if the chat has [`MAX_PENDING`] waiting.
    pub(crate) fn route(&self, update: Update) {
        let key = update.chat().map(|c| c.id);
        let mut q = self.shared.lock();
        let chat = q.chats.entry(key).or_default();
        if chat.waiting.len() >= MAX_PENDING {
            let id = update.id.0;
            let note = !chat.noted;
            chat.noted = true;
            drop(q);
            self.shared.counts.flooded.fetch_add(1, Ordering::Relaxed);
            self.shared.done(id);
            log::info!("a chat had {MAX_PENDING} updates waiting: one more dropped");
            if let (true, Some(chat)) = (note, key) {
                let bot = self.shared.bot.clone();
                tokio::spawn(async move {
                    if let Err(e) = bot.send_message(chat, texts::FLOODED).await {
                        log::warn!("cannot send the note about dropped questions: {}", describe_request(&e));
                    }
                });
            }
            return;
        }
        // Caught up (nothing was waiting): a later flood gets a note again.
        if chat.waiting.is_empty() {
            chat.noted = false;
        }
        chat.waiting.push_back(update);
        self.shared.counts.pending.fetch_add(1, Ordering::Relaxed);
        if chat.busy || chat.waiting.len() > 1 {
            return; // already being handled, or already in turn
        }
        if q.active < MAX_ACTIVE {
            q.active += 1;
            drop(q);
            tokio::spawn(work(self.shared.clone(), key));
        } else {
            q.ready.push_back(key);
        }
    }

    /// Waits until every queued update has been handled (the caller bounds
    /// the wait).
    pub(crate) async fn finish(self) {
        loop {
            {
                let q = self.shared.lock();
                if q.active == 0 && q.ready.is_empty() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// A worker: handles one update of chat `key`, then one of the next chat
/// in turn (the chat it left goes to the back if it has more), until no
/// chat is waiting.
async fn work<R: Api>(shared: Arc<Shared<R>>, mut key: Option<ChatId>) {
    loop {
        // A chat in turn has an entry until its worker removes it.
        let update = {
            let mut q = shared.lock();
            q.chats.get_mut(&key).and_then(|chat| {
                chat.busy = true;
                chat.waiting.pop_front()
            })
        };
        if let Some(update) = update {
            shared.counts.pending.fetch_sub(1, Ordering::Relaxed);
            let id = update.id.0;
            // A handler that panics must not keep its chat busy and its
            // worker's place taken for good.
            if AssertUnwindSafe(handle(&shared, update)).catch_unwind().await.is_err() {
                log::error!("the handler panicked on update {id}; it is given up");
                shared.done(id);
            }
        }
        let mut q = shared.lock();
        if let Some(chat) = q.chats.get_mut(&key) {
            chat.busy = false;
            if chat.waiting.is_empty() {
                q.chats.remove(&key);
            } else {
                q.ready.push_back(key);
            }
        }
        match q.ready.pop_front() {
            Some(next) => key = next,
            None => {
                q.active -= 1;
                return;
            }
        }
    }
}

/// Runs the handler tree on one update, as teloxide's dispatcher does: an
/// error goes to the error handler; an update no branch takes is ignored.
async fn handle<R: Api>(shared: &Shared<R>, update: Update) {
    let id = update.id.0;
    let mut deps = shared.deps.clone();
    deps.insert(update);
    match shared.handler.dispatch(deps).await {
        ControlFlow::Break(Ok(())) => {}
        ControlFlow::Break(Err(e)) => shared.errors.clone().handle_error(e).await,
        ControlFlow::Continue(_) => log::debug!("ignored update {id}"),
    }
    shared.done(id);
}

impl<R> Shared<R> {
    fn lock(&self) -> MutexGuard<'_, Queues> {
        self.queues.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Marks update `id` done in the inbox, if there is one.
    fn done(&self, id: u32) {
        if let Some(inbox) = &self.inbox
            && let Err(e) = inbox.done(id)
        {
            log::error!("inbox {}: cannot mark an update done: {e}", inbox.path().display());
        }
    }
}
