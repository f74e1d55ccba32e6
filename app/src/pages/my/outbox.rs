//! The executor's status changes go through an outbox kept in the browser's storage: a change
//! is stored first, then sent; without a connection it waits (marked "pending" on the card and
//! the request) and is sent, in order, when the connection is back — on the browser's `online`
//! event, on the next page load, or by a retry every few seconds.

use crate::api::requests::change_status;
use crate::error::AppError;
use crate::i18n::tr_args;
use crate::model::{Me, Outbox, Queued};
use crate::ui::error::message;
use leptos::prelude::*;

/// Seconds between retries while changes wait.
#[cfg(feature = "hydrate")]
const RETRY_SECONDS: u64 = 5;

#[derive(Clone, Copy)]
pub struct OutboxCtx {
    pub items: RwSignal<Outbox>,
    /// Bumped whenever a queued change was applied by the server (pages refetch).
    pub sent: RwSignal<u64>,
    /// Why the last refused change was dropped.
    pub refused: RwSignal<Option<String>>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    /// The browser's storage key: one outbox per user and company, so a change is never sent
    /// under someone else's session.
    key: StoredValue<String>,
    sending: StoredValue<bool>,
}

/// Creates the outbox of the signed-in user (below [`crate::ui::layout::Shell`]), loads what
/// an earlier visit left in it and starts sending.
pub fn provide_outbox(me: &Me) -> OutboxCtx {
    let ctx = OutboxCtx {
        items: RwSignal::new(Outbox::default()),
        sent: RwSignal::new(0),
        refused: RwSignal::new(None),
        key: StoredValue::new(format!("uprava-outbox-{}-{}", me.user_id, me.company.id)),
        sending: StoredValue::new(false),
    };
    provide_context(ctx);
    #[cfg(feature = "hydrate")]
    {
        // After hydration (the server rendered an empty outbox). In islands mode, once every
        // island of the page has hydrated: an island that shows the outbox must first hydrate
        // the server's (empty) view of it.
        let load = move || {
            ctx.items.set(browser::load(&ctx.key.get_value()));
            ctx.flush();
        };
        #[cfg(feature = "islands")]
        let hydrated =
            window_event_listener_untyped(crate::ui::islands::HYDRATED_EVENT, move |_| load());
        #[cfg(not(feature = "islands"))]
        Effect::new(move |_| load());
        let online = window_event_listener(leptos::ev::online, move |_| ctx.flush());
        let retry = set_interval_with_handle(
            move || {
                if !ctx.items.with_untracked(Outbox::is_empty) {
                    ctx.flush();
                }
            },
            std::time::Duration::from_secs(RETRY_SECONDS),
        )
        .ok();
        on_cleanup(move || {
            #[cfg(feature = "islands")]
            hydrated.remove();
            online.remove();
            if let Some(r) = retry {
                r.clear();
            }
        });
    }
    ctx
}

pub fn use_outbox() -> Option<OutboxCtx> {
    use_context::<OutboxCtx>()
}

impl OutboxCtx {
    /// The change waiting for request `id`, if any (tracked).
    pub fn pending(self, id: i64) -> Option<Queued> {
        self.items.with(|o| o.pending(id).cloned())
    }

    /// Stores the change, then tries to send it.
    pub fn send(self, q: Queued) {
        self.refused.set(None);
        self.items.update(|o| o.push(q));
        self.save();
        self.flush();
    }

    fn save(self) {
        #[cfg(feature = "hydrate")]
        self.items
            .with_untracked(|o| browser::save(&self.key.get_value(), o));
    }

    /// Sends the waiting changes in order, until one cannot be sent for lack of a connection.
    pub fn flush(self) {
        if self.sending.get_value() || self.items.with_untracked(Outbox::is_empty) {
            return;
        }
        self.sending.set_value(true);
        leptos::task::spawn_local(async move {
            while let Some(q) = self.items.with_untracked(|o| o.first().cloned()) {
                match change_status(q.request_id, q.status_id, q.comment.clone(), q.version).await {
                    Ok(_) => {
                        self.items.update(|o| {
                            o.pop_first();
                        });
                        self.save();
                        self.sent.update(|n| *n += 1);
                    }
                    // No connection, a server that is down, or a session that ended: keep it.
                    Err(
                        AppError::Transport { .. } | AppError::Internal | AppError::Unauthorized,
                    ) => {
                        break;
                    }
                    // Refused for good (someone else changed the request, a field is missing…):
                    // drop it and the changes queued after it, which assumed it.
                    Err(e) => {
                        self.items.update(|o| {
                            o.drop_request(q.request_id);
                        });
                        self.save();
                        self.refused.set(Some(refusal(&q, &e)));
                        self.sent.update(|n| *n += 1);
                    }
                }
            }
            self.sending.set_value(false);
        });
    }
}

fn refusal(q: &Queued, e: &AppError) -> String {
    let mut args = std::collections::HashMap::new();
    args.insert("number".into(), q.number.clone().into());
    args.insert("status".into(), q.status_name.clone().into());
    args.insert("reason".into(), message(e).into());
    tr_args("my-refused", &args)
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::model::Outbox;

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn load(key: &str) -> Outbox {
        Outbox::parse(storage().and_then(|s| s.get_item(key).ok()?).as_deref())
    }

    pub fn save(key: &str, outbox: &Outbox) {
        if let Some(s) = storage() {
            let _ = if outbox.is_empty() {
                s.remove_item(key)
            } else {
                s.set_item(key, &outbox.to_json())
            };
        }
    }
}
