//! Translations (Fluent files in `app/locales/{en,ru,uk}`), loaded at compile time.
//!
//! The language comes from the `lang` cookie (set by `/prefs/lang/{code}`), then the browser's
//! `Accept-Language`, then English.

use leptos::prelude::*;
use leptos_fluent::{I18n, leptos_fluent};

#[component]
pub fn I18nProvider(children: Children) -> impl IntoView {
    leptos_fluent! {
        children: children(),
        locales: "./locales",
        default_language: "en",
        sync_html_tag_lang: true,
        cookie_name: "lang",
        initial_language_from_cookie: true,
        initial_language_from_accept_language_header: true,
        set_language_to_cookie: false,
    }
}

/// The active language code (`en`, `ru`, `uk`).
pub fn lang() -> &'static str {
    use_context::<I18n>().map_or("en", |i| i.language.get().id)
}

/// Translates a key built at run time (an error code, an enum value).
pub fn tr_dyn(key: &str) -> String {
    use_context::<I18n>().map_or_else(|| key.to_string(), |i| i.tr(key))
}

/// Translates a key with one argument.
pub fn tr_arg(
    key: &str,
    name: &'static str,
    value: impl Into<fluent_templates::fluent_bundle::FluentValue<'static>>,
) -> String {
    let mut args = std::collections::HashMap::new();
    args.insert(std::borrow::Cow::Borrowed(name), value.into());
    use_context::<I18n>().map_or_else(|| key.to_string(), |i| i.tr_with_args(key, &args))
}

/// Translates a key with several arguments.
pub fn tr_args(
    key: &str,
    args: &std::collections::HashMap<
        std::borrow::Cow<'static, str>,
        fluent_templates::fluent_bundle::FluentValue<'static>,
    >,
) -> String {
    use_context::<I18n>().map_or_else(|| key.to_string(), |i| i.tr_with_args(key, args))
}

/// The languages the UI offers, with their own names.
pub const LANGUAGES: [(&str, &str); 3] =
    [("en", "English"), ("ru", "Русский"), ("uk", "Українська")];

#[cfg(test)]
#[path = "i18n_tests.rs"]
mod tests;
