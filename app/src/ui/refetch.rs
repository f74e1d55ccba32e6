//! Data a page loaded, kept by the part of the page that changes it in place.

use crate::error::AppError;
use leptos::prelude::*;
use std::future::Future;

/// Keeps `initial` and loads it again with `fetch` each time the value of `trigger` changes
/// after its first run. Returns the data and why its last load failed (the data then stays as
/// it was).
pub fn refetched<T, K, Fut>(
    initial: T,
    trigger: impl Fn() -> K + 'static,
    fetch: impl Fn() -> Fut + 'static,
) -> (RwSignal<T>, RwSignal<Option<AppError>>)
where
    T: Send + Sync + 'static,
    K: PartialEq + 'static,
    Fut: Future<Output = Result<T, AppError>> + 'static,
{
    let data = RwSignal::new(initial);
    let failed = RwSignal::new(None::<AppError>);
    Effect::new(move |seen: Option<K>| {
        let now = trigger();
        if seen.is_some_and(|s| s != now) {
            let load = fetch();
            leptos::task::spawn_local(async move {
                match load.await {
                    Ok(v) => {
                        failed.set(None);
                        data.set(v);
                    }
                    Err(e) => failed.set(Some(e)),
                }
            });
        }
        now
    });
    (data, failed)
}
