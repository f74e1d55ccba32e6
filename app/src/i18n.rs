//! Translations (Fluent files in `app/locales/{en,ru,uk}`), loaded at compile time.
//!
//! The language comes from the `lang` cookie (set by `/prefs/lang/{code}`), then the browser's
//! `Accept-Language`, then English.

use leptos::prelude::*;
use leptos_fluent::{I18n, leptos_fluent};

/// Provides the translations to `children`, unless a provider above already does (in islands
/// mode the frame's island provides them again for the browser: see `ui::layout`).
#[component]
pub fn I18nProvider(children: Children) -> impl IntoView {
    if use_context::<I18n>().is_some() {
        children()
    } else {
        translations(children).into_any()
    }
}

fn translations(children: Children) -> impl IntoView {
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

/// Arguments of a message.
pub type Args = std::collections::HashMap<
    std::borrow::Cow<'static, str>,
    fluent_templates::fluent_bundle::FluentValue<'static>,
>;

/// `key` in the active language (tracked: a closure calling this re-runs when the language
/// changes), with `args`; the key itself when no translations are provided (a test).
///
/// Every key exists in every language (`i18n_tests`), so the message comes straight from the
/// active language's bundle. leptos-fluent's own lookup negotiates the language list again for
/// each message: a list page formats about 300 messages (a priority, SLA times and titles per
/// row), and that negotiation was a third of their cost. A key missing here still falls back
/// through leptos-fluent (to English).
fn lookup(key: &str, args: Option<&Args>) -> String {
    let Some(i18n) = use_context::<I18n>() else {
        return key.to_string();
    };
    let language = i18n.language.get();
    #[cfg(feature = "ssr")]
    if let Some(cache_key) = kept::key(key, args) {
        return kept::formatted((language.id, cache_key), || {
            format(&i18n, language.id, key, args)
        });
    }
    format(&i18n, language.id, key, args)
}

/// Messages the server formatted before. The bundles are compiled in, so a message without
/// arguments, or with numbers only, reads the same every time: a list page shows the same
/// priority names and time units (`3 h`, `45 m`) in row after row, page after page. (The
/// browser formats a page's texts once; keeping them there would only grow the app.)
#[cfg(feature = "ssr")]
mod kept {
    use super::Args;
    use std::collections::HashMap;
    use std::sync::{LazyLock, RwLock};

    /// Formatted messages by language and [`key`].
    static FORMATTED: LazyLock<RwLock<HashMap<(&'static str, String), String>>> =
        LazyLock::new(Default::default);

    /// Distinct messages kept; more start the cache over.
    const KEPT_MESSAGES: usize = 4096;

    /// `key` with its arguments when all of them are numbers (`dur-h|n=3`); none when an
    /// argument is text (a name, a time), whose messages are rarely the same twice.
    pub fn key(key: &str, args: Option<&Args>) -> Option<String> {
        use fluent_templates::fluent_bundle::FluentValue;
        let mut out = key.to_string();
        let mut args: Vec<_> = args.into_iter().flatten().collect();
        args.sort_by(|a, b| a.0.cmp(b.0));
        for (name, value) in args {
            match value {
                FluentValue::Number(n) if n.options == Default::default() => {
                    out.push_str(&format!("|{name}={}", n.value));
                }
                _ => return None,
            }
        }
        Some(out)
    }

    /// The message kept under `key`, or `format`ted now and kept.
    pub fn formatted(key: (&'static str, String), format: impl FnOnce() -> String) -> String {
        if let Some(text) = FORMATTED.read().ok().and_then(|k| k.get(&key).cloned()) {
            return text;
        }
        let text = format();
        if let Ok(mut kept) = FORMATTED.write() {
            if kept.len() >= KEPT_MESSAGES {
                kept.clear();
            }
            kept.insert(key, text.clone());
        }
        text
    }
}

/// `key` formatted in `language` by its bundle.
fn format(i18n: &I18n, language: &str, key: &str, args: Option<&Args>) -> String {
    let direct = language
        .parse::<fluent_templates::LanguageIdentifier>()
        .ok()
        .and_then(|id| {
            i18n.translations.with(|loaders| {
                loaders
                    .iter()
                    .find_map(|l| l.lookup_single_language(&id, key, args).ok())
            })
        });
    direct.unwrap_or_else(|| match args {
        Some(args) => i18n.tr_with_args(key, args),
        None => i18n.tr(key),
    })
}

/// Translates a key built at run time (an error code, an enum value).
pub fn tr_dyn(key: &str) -> String {
    lookup(key, None)
}

/// Translates a key with one argument.
pub fn tr_arg(
    key: &str,
    name: &'static str,
    value: impl Into<fluent_templates::fluent_bundle::FluentValue<'static>>,
) -> String {
    let mut args = Args::new();
    args.insert(std::borrow::Cow::Borrowed(name), value.into());
    lookup(key, Some(&args))
}

/// Translates a key with several arguments.
pub fn tr_args(key: &str, args: &Args) -> String {
    lookup(key, Some(args))
}

/// The languages the UI offers, with their own names.
pub const LANGUAGES: [(&str, &str); 3] =
    [("en", "English"), ("ru", "Русский"), ("uk", "Українська")];

#[cfg(test)]
#[path = "i18n_tests.rs"]
mod tests;
