//! Checks the Fluent files against each other and against the code that uses them: the same
//! message ids in every locale, every key the UI asks for defined, the dynamic key families
//! (roles, priorities, channels, error codes) complete, and ru/uk actually translated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{AppError, FieldError};
use crate::model::{Channel, Priority, Role};

const EN: &str = include_str!("../locales/en/main.ftl");
const RU: &str = include_str!("../locales/ru/main.ftl");
const UK: &str = include_str!("../locales/uk/main.ftl");

const LOCALES: [(&str, &str); 3] = [("en", EN), ("ru", RU), ("uk", UK)];

/// Codes `FieldError`s carry (`field-error-<code>` in the Fluent files).
const FIELD_ERROR_CODES: [&str; 22] = [
    "required",
    "too_short",
    "too_long",
    "invalid",
    "unknown",
    "invalid_email",
    "invalid_phone",
    "needs_building",
    "unknown_apartment",
    "not_assignable",
    "password_too_short",
    "mismatch",
    "wrong_password",
    "already_member",
    "cannot_demote_self",
    "cannot_deactivate_self",
    "taken",
    "file_too_large",
    "file_type_not_allowed",
    "file_content_mismatch",
    "no_pipeline",
    "no_statuses",
];

/// One value of every `AppError` variant.
fn all_app_errors() -> Vec<AppError> {
    // Adding a variant breaks this match: add it to the list below as well.
    fn _exhaustive(e: &AppError) {
        match e {
            AppError::Unauthorized
            | AppError::Forbidden
            | AppError::NotFound
            | AppError::Validation { .. }
            | AppError::InvalidTransition
            | AppError::MissingField { .. }
            | AppError::Conflict
            | AppError::RateLimited { .. }
            | AppError::InvalidCredentials
            | AppError::Internal
            | AppError::Transport { .. } => {}
        }
    }
    vec![
        AppError::Unauthorized,
        AppError::Forbidden,
        AppError::NotFound,
        AppError::Validation {
            fields: vec![FieldError::new("title", "required")],
        },
        AppError::InvalidTransition,
        AppError::MissingField {
            field: "assignee_id".into(),
        },
        AppError::Conflict,
        AppError::RateLimited { retry_after: 120 },
        AppError::InvalidCredentials,
        AppError::Internal,
        AppError::Transport {
            message: "offline".into(),
        },
    ]
}

fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '-'))
}

/// Message id → its text (the value line plus indented continuation lines).
fn parse(ftl: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in ftl.lines() {
        if let Some((id, value)) = line.split_once(" =")
            && is_id(id)
        {
            out.insert(id.to_string(), value.trim().to_string());
            current = Some(id.to_string());
        } else if line.starts_with([' ', '\t', '}', '*', '[']) && !line.trim().is_empty() {
            if let Some(text) = current.as_ref().and_then(|id| out.get_mut(id)) {
                text.push('\n');
                text.push_str(line.trim());
            }
        } else {
            current = None;
        }
    }
    out
}

fn ids(ftl: &str) -> BTreeSet<String> {
    parse(ftl).into_keys().collect()
}

/// The `$variables` a message uses.
fn variables(text: &str) -> BTreeSet<String> {
    text.split('$')
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect()
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// Literal keys passed to `tr!`, `tr_dyn`, `tr_arg` and the `label` helper.
fn keys_in_source(src: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for call in ["tr!(", "tr_dyn(", "tr_arg(", "label("] {
        let needle = format!("{call}\"");
        let mut from = 0;
        while let Some(pos) = src[from..].find(&needle) {
            let start = from + pos;
            from = start + needle.len();
            let word_start = src[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            if !word_start {
                continue;
            }
            let rest = &src[from..];
            if let Some(end) = rest.find('"') {
                let key = &rest[..end];
                if is_id(key) {
                    keys.push(key.to_string());
                }
            }
        }
    }
    keys
}

#[test]
fn locales_define_the_same_ids() {
    let all: BTreeSet<String> = LOCALES.iter().flat_map(|(_, ftl)| ids(ftl)).collect();
    let mut problems = Vec::new();
    for (lang, ftl) in LOCALES {
        let have = ids(ftl);
        let missing: Vec<_> = all.difference(&have).cloned().collect();
        if !missing.is_empty() {
            problems.push(format!("{lang} is missing: {}", missing.join(", ")));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(all.len() > 100, "the parser found only {} ids", all.len());
}

#[test]
fn locales_parse_as_fluent() {
    use fluent_templates::fluent_bundle::FluentResource;
    for (lang, ftl) in LOCALES {
        if let Err((_, errors)) = FluentResource::try_new(ftl.to_string()) {
            panic!("{lang}/main.ftl does not parse: {errors:?}");
        }
    }
}

#[test]
fn translations_keep_the_variables() {
    let en = parse(EN);
    let mut problems = Vec::new();
    for (lang, ftl) in [("ru", RU), ("uk", UK)] {
        for (id, text) in parse(ftl) {
            if let Some(en_text) = en.get(&id)
                && variables(en_text) != variables(&text)
            {
                problems.push(format!(
                    "{lang} {id}: {:?} instead of {:?}",
                    variables(&text),
                    variables(en_text)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_key_used_in_the_sources_exists() -> std::io::Result<()> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files)?;
    let en = ids(EN);
    let mut used = 0;
    let mut missing = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        for key in keys_in_source(&text) {
            used += 1;
            if !en.contains(&key) {
                let rel = file.strip_prefix(&src).unwrap_or(&file);
                missing.insert(format!("{key} ({})", rel.display()));
            }
        }
    }
    assert!(
        used > 50,
        "found only {used} translated keys in {}",
        src.display()
    );
    assert!(
        missing.is_empty(),
        "keys used in the code but not defined in en/main.ftl:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
    Ok(())
}

#[test]
fn dynamic_key_families_exist_in_every_locale() {
    let mut keys = BTreeSet::new();
    keys.extend(Role::ALL.map(|r| format!("role-{}", r.as_str())));
    keys.extend(Priority::ALL.map(|p| format!("priority-{}", p.as_str())));
    keys.extend(Channel::ALL.map(|c| format!("channel-{}", c.as_str())));
    keys.extend(
        all_app_errors()
            .iter()
            .map(|e| format!("error-{}", e.code())),
    );
    keys.extend(FIELD_ERROR_CODES.map(|c| format!("field-error-{c}")));
    assert_eq!(
        keys.iter().filter(|k| k.starts_with("error-")).count(),
        11,
        "one error key per AppError variant"
    );
    let mut problems = Vec::new();
    for (lang, ftl) in LOCALES {
        let have = ids(ftl);
        let missing: Vec<_> = keys
            .iter()
            .filter(|k| !have.contains(*k))
            .cloned()
            .collect();
        if !missing.is_empty() {
            problems.push(format!("{lang} is missing: {}", missing.join(", ")));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn ru_and_uk_are_translated() {
    let en = parse(EN);
    for (lang, ftl) in [("ru", RU), ("uk", UK)] {
        let other = parse(ftl);
        let shared: Vec<_> = en.keys().filter(|id| other.contains_key(*id)).collect();
        let same: Vec<_> = shared
            .iter()
            .filter(|id| en.get(**id) == other.get(**id))
            .map(|id| id.as_str())
            .collect();
        let differ = shared.len() - same.len();
        assert!(
            !shared.is_empty() && differ * 10 >= shared.len() * 9,
            "{lang}: only {differ} of {} messages differ from English; identical: {}",
            shared.len(),
            same.join(", ")
        );
    }
}

#[test]
fn ru_and_uk_plurals_pick_the_right_form() -> Result<(), String> {
    use fluent_templates::LanguageIdentifier;
    use fluent_templates::fluent_bundle::{FluentArgs, FluentBundle, FluentResource};

    let cases: [(&str, &str, &str, &str, [&str; 4]); 4] = [
        (
            "ru",
            RU,
            "list-total",
            "count",
            ["1 заявка", "3 заявки", "5 заявок", "21 заявка"],
        ),
        (
            "uk",
            UK,
            "list-total",
            "count",
            ["1 заявка", "3 заявки", "5 заявок", "21 заявка"],
        ),
        (
            "ru",
            RU,
            "error-rate_limited",
            "minutes",
            ["1 минуту", "3 минуты", "5 минут", "21 минуту"],
        ),
        (
            "uk",
            UK,
            "error-rate_limited",
            "minutes",
            ["1 хвилину", "3 хвилини", "5 хвилин", "21 хвилину"],
        ),
    ];
    for (lang, ftl, id, var, expected) in cases {
        let lang_id: LanguageIdentifier = lang.parse().map_err(|e| format!("{lang}: {e}"))?;
        let resource = FluentResource::try_new(ftl.to_string())
            .map_err(|(_, e)| format!("{lang}/main.ftl does not parse: {e:?}"))?;
        let mut bundle = FluentBundle::new(vec![lang_id]);
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .map_err(|e| format!("{lang}: {e:?}"))?;
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(|| format!("{lang}: no message {id}"))?;
        for (n, want) in [1, 3, 5, 21].into_iter().zip(expected) {
            let mut args = FluentArgs::new();
            args.set(var, n);
            let mut errors = vec![];
            let got = bundle.format_pattern(pattern, Some(&args), &mut errors);
            assert!(errors.is_empty(), "{lang} {id}: {errors:?}");
            assert!(
                got.contains(want),
                "{lang} {id} with {n}: {got:?} should contain {want:?}"
            );
        }
    }
    Ok(())
}

/// The server keeps a formatted message only when its text follows from its key and numbers:
/// a message with a name or a time in it is formatted each time.
#[cfg(feature = "ssr")]
#[test]
fn kept_messages_are_keyed_by_their_numbers_and_never_by_text() {
    use super::kept::key;
    use fluent_templates::fluent_bundle::FluentValue;
    let args = |pairs: &[(&'static str, FluentValue<'static>)]| -> super::Args {
        pairs
            .iter()
            .map(|(k, v)| (std::borrow::Cow::Borrowed(*k), v.clone()))
            .collect()
    };
    assert_eq!(key("priority-high", None).as_deref(), Some("priority-high"));
    let three = args(&[("n", FluentValue::from(3))]);
    let four = args(&[("n", FluentValue::from(4))]);
    assert_eq!(key("dur-h", Some(&three)).as_deref(), Some("dur-h|n=3"));
    assert_ne!(key("dur-h", Some(&three)), key("dur-h", Some(&four)));
    let both = args(&[("a", FluentValue::from(1)), ("b", FluentValue::from(2))]);
    let swapped = args(&[("b", FluentValue::from(2)), ("a", FluentValue::from(1))]);
    assert_eq!(key("x", Some(&both)), key("x", Some(&swapped)));
    let text = args(&[("time", FluentValue::from("3 h"))]);
    assert_eq!(key("sla-left", Some(&text)), None);
    let mixed = args(&[
        ("n", FluentValue::from(3)),
        ("name", FluentValue::from("Иван")),
    ]);
    assert_eq!(key("x", Some(&mixed)), None);
}
