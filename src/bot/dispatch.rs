//! From the stream of updates to the handler tree: one worker per chat,
//! each with at most [`MAX_PENDING`] updates waiting, so that no chat's
//! backlog delays another chat and polling never waits on a worker.
//!
//! teloxide's dispatcher gives each chat a queue of 64 and blocks the whole
//! loop when one is full: 100 messages from one chat held 20 other chats'
//! questions for over a minute. Here a chat that sends faster than it is
//! answered gets one polite note ([`texts::FLOODED`]) and its extra updates
//! are dropped and counted; a worker that has been idle for a while ends.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use teloxide::dispatching::UpdateHandler;
use teloxide::dptree::di::DependencyMap;
use teloxide::error_handlers::ErrorHandler;
use teloxide::types::{ChatId, Update};
use tokio::sync::mpsc;

use super::inbox::Inbox;
use super::schema::{self, Api};
use crate::texts;

/// The most updates of one chat waiting to be handled, besides the one
/// being handled.
pub(crate) const MAX_PENDING: usize = 5;

/// How long a worker waits for its chat's next update before it ends.
const IDLE: Duration = Duration::from_secs(30);

/// The workers, by chat (`None` for updates without a chat).
pub(crate) struct Workers<R> {
    shared: Arc<Shared<R>>,
}

struct Shared<R> {
    bot: R,
    handler: Arc<UpdateHandler<schema::Error>>,
    /// The dependencies every update is handled with (the bot, `Me`, the state).
    deps: DependencyMap,
    errors: Arc<dyn ErrorHandler<schema::Error> + Send + Sync>,
    chats: Mutex<HashMap<Option<ChatId>, Chat>>,
    /// Updates dropped because their chat had [`MAX_PENDING`] waiting.
    flooded: Arc<AtomicU64>,
    /// The number of the next worker started.
    next_worker: AtomicU64,
    /// Where each handled or dropped update is marked done.
    inbox: Option<Arc<Inbox>>,
}

/// A chat's worker: where its updates go, and whether the chat has been
/// told that its extra questions are dropped (once until it catches up).
struct Chat {
    queue: mpsc::Sender<Update>,
    noted: bool,
    /// Which worker this is, told apart from a later one of the same chat.
    worker: u64,
}

impl<R: Api> Workers<R> {
    /// Workers handling updates with `handler` and `deps`, their errors
    /// going to `errors`; dropped updates are counted in `flooded`; each
    /// update is marked done in `inbox` once handled or dropped.
    pub(crate) fn new(
        bot: R,
        handler: UpdateHandler<schema::Error>,
        deps: DependencyMap,
        errors: Arc<dyn ErrorHandler<schema::Error> + Send + Sync>,
        flooded: Arc<AtomicU64>,
        inbox: Option<Arc<Inbox>>,
    ) -> Self {
        let shared = Shared {
            bot,
            handler: Arc::new(handler),
            deps,
            errors,
            chats: Mutex::new(HashMap::new()),
            flooded,
            next_worker: AtomicU64::new(0),
            inbox,
        };
        Workers { shared: Arc::new(shared) }
    }

    /// Hands `update` to its chat's worker without waiting: started if the
    /// chat has none, dropped (with one note to the chat) if it has
    /// [`MAX_PENDING`] waiting.
    pub(crate) fn route(&self, mut update: Update) {
        let key = update.chat().map(|c| c.id);
        let mut chats = self.shared.chats.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let chat = chats.entry(key).or_insert_with(|| self.start(key));
            match chat.queue.try_send(update) {
                // Caught up (nothing was waiting): a later flood gets a note again.
                Ok(()) if chat.queue.capacity() == MAX_PENDING - 1 => chat.noted = false,
                Ok(()) => {}
                Err(mpsc::error::TrySendError::Full(dropped)) => {
                    self.shared.flooded.fetch_add(1, Ordering::Relaxed);
                    self.shared.done(dropped.id.0);
                    log::info!("a chat had {MAX_PENDING} updates waiting: one more dropped");
                    if !chat.noted
                        && let Some(id) = key
                    {
                        chat.noted = true;
                        let bot = self.shared.bot.clone();
                        tokio::spawn(async move {
                            if let Err(e) = bot.send_message(id, texts::FLOODED).await {
                                log::warn!("cannot send the note about dropped questions: {e}");
                            }
                        });
                    }
                }
                // The worker ended after its last look: a new one takes over.
                Err(mpsc::error::TrySendError::Closed(back)) => {
                    chats.remove(&key);
                    update = back;
                    continue;
                }
            }
            return;
        }
    }

    /// Starts the worker of chat `key`.
    fn start(&self, key: Option<ChatId>) -> Chat {
        let (queue, updates) = mpsc::channel(MAX_PENDING);
        let worker = self.shared.next_worker.fetch_add(1, Ordering::Relaxed);
        tokio::spawn(work(self.shared.clone(), key, worker, updates));
        Chat { queue, noted: false, worker }
    }

    /// Closes every queue and waits until the workers have handled what
    /// they hold (the caller bounds the wait).
    pub(crate) async fn finish(self) {
        self.shared.chats.lock().unwrap_or_else(|e| e.into_inner()).clear();
        // Each worker holds the shared state until it ends.
        while Arc::strong_count(&self.shared) > 1 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// A chat's worker: handles its updates one at a time, in order; ends when
/// its queue is closed, or after [`IDLE`] without updates.
async fn work<R: Api>(shared: Arc<Shared<R>>, key: Option<ChatId>, worker: u64, mut updates: mpsc::Receiver<Update>) {
    loop {
        match tokio::time::timeout(IDLE, updates.recv()).await {
            Ok(Some(update)) => handle(&shared, update).await,
            Ok(None) => return,
            Err(_) => {
                // Under the lock, so that no update is routed to a queue
                // that is about to be dropped.
                let mut chats = shared.chats.lock().unwrap_or_else(|e| e.into_inner());
                if updates.is_empty() {
                    if chats.get(&key).is_some_and(|c| c.worker == worker) {
                        chats.remove(&key);
                    }
                    return;
                }
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
    /// Marks update `id` done in the inbox, if there is one.
    fn done(&self, id: u32) {
        if let Some(inbox) = &self.inbox
            && let Err(e) = inbox.done(id)
        {
            log::error!("inbox {}: cannot mark an update done: {e}", inbox.path().display());
        }
    }
}
