//! The bell: SLA alerts and other messages for the signed-in user, refreshed live from the stream
//! and every 30 seconds (digests become due without a new row).

use crate::api::notifications::{MarkNotificationsRead, get_notifications, unread_label};
use crate::i18n::{tr_args, tr_dyn};
use crate::ui::format::Time;
use crate::ui::icon::{Icon, Svg};
use crate::ui::sla::use_now;
use leptos::prelude::*;
use leptos_fluent::tr;

/// In islands mode, one of the few parts of a page the browser hydrates.
#[cfg_attr(feature = "islands", island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
pub fn Bell() -> impl IntoView {
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let tick = use_now(chrono::Utc::now(), std::time::Duration::from_secs(30));
    let live = crate::ui::live::use_live();
    let data = Resource::new(
        move || {
            (
                mark.version().get(),
                tick.get().timestamp() / 30,
                live.map(|l| l.notices.get()),
            )
        },
        |_| get_notifications(),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let n = data.await.unwrap_or_default();
                let unread = n.unread;
                view! {
                    <details class="bell">
                        <summary aria-label=tr!("notif-title")>
                            <Svg icon=Icon::Bell />
                            {(unread > 0).then(|| view! { <span class="count" data-testid="bell-count">{unread_label(unread)}</span> })}
                        </summary>
                        <div class="menu notifications">
                            <div class="menu-head">
                                <strong>{tr!("notif-title")}</strong>
                                {(unread > 0).then(|| view! {
                                    <ActionForm action=mark>
                                        <button type="submit" class="btn ghost small">{tr!("notif-mark-read")}</button>
                                    </ActionForm>
                                })}
                            </div>
                            {if n.items.is_empty() {
                                view! { <p class="muted">{tr!("notif-empty")}</p> }.into_any()
                            } else {
                                view! {
                                    <ul>
                                        {n.items.into_iter().map(|i| {
                                            let mut args = std::collections::HashMap::new();
                                            args.insert(std::borrow::Cow::Borrowed("number"), i.number.clone().into());
                                            args.insert(std::borrow::Cow::Borrowed("title"), i.title.clone().into());
                                            args.insert(std::borrow::Cow::Borrowed("target"), tr_dyn(&format!("notif-target-{}", i.target_kind)).into());
                                            let text = tr_args(&format!("notif-{}", i.kind), &args);
                                            let href = i.request_id.map(|id| format!("/requests/{id}")).unwrap_or_else(|| "#".into());
                                            view! {
                                                <li class:unread=!i.read class=format!("n-{}", i.kind)>
                                                    <a href=href>{text}</a>
                                                    <span class="muted small block">
                                                        <Time at=i.at />
                                                        {i.digest.then(|| view! { " · " {tr!("notif-digest")} })}
                                                    </span>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </div>
                    </details>
                }
            })}
        </Suspense>
    }
}
