//! Urgency rules: a request is urgent when any rule of its pipeline matches — its category, a
//! keyword in the title or description, or an ordered item's SKU, offer or product id. Rules
//! are data (a tagged JSON list) and the evaluation says which rule matched.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Rule {
    Category { category_id: i64 },
    Keyword { word: String },
    Sku { sku: String },
    OfferId { offer_id: String },
    ProductId { product_id: String },
}

impl Rule {
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::Category { .. } => "category",
            Rule::Keyword { .. } => "keyword",
            Rule::Sku { .. } => "sku",
            Rule::OfferId { .. } => "offer_id",
            Rule::ProductId { .. } => "product_id",
        }
    }

    /// The rule's value as text (the editor's input).
    pub fn value(&self) -> String {
        match self {
            Rule::Category { category_id } => category_id.to_string(),
            Rule::Keyword { word } => word.clone(),
            Rule::Sku { sku } => sku.clone(),
            Rule::OfferId { offer_id } => offer_id.clone(),
            Rule::ProductId { product_id } => product_id.clone(),
        }
    }

    pub fn parse(kind: &str, value: &str) -> Option<Rule> {
        let v = value.trim();
        if v.is_empty() || v.chars().count() > 100 {
            return None;
        }
        Some(match kind {
            "category" => Rule::Category {
                category_id: v.parse().ok()?,
            },
            "keyword" => Rule::Keyword {
                word: v.to_string(),
            },
            "sku" => Rule::Sku { sku: v.to_string() },
            "offer_id" => Rule::OfferId {
                offer_id: v.to_string(),
            },
            "product_id" => Rule::ProductId {
                product_id: v.to_string(),
            },
            _ => return None,
        })
    }
}

/// One ordered item (orders from a CRM).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Item {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "id_text"
    )]
    pub offer_id: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "id_text"
    )]
    pub product_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<f64>,
}

/// Ids arrive as numbers or strings; both are kept as text.
fn id_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Option::<serde_json::Value>::deserialize(d)?;
    Ok(match v {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

/// What the rules look at.
pub struct Facts<'a> {
    pub category_id: Option<i64>,
    pub title: &'a str,
    pub description: &'a str,
    pub items: &'a [Item],
}

/// The first rule that makes the request urgent, if any. Keywords match whole words or word
/// starts, case-insensitively ("затоп" matches "Затопило").
pub fn first_match<'r>(rules: &'r [Rule], f: &Facts<'_>) -> Option<&'r Rule> {
    let text = format!("{} {}", f.title, f.description).to_lowercase();
    rules.iter().find(|r| match r {
        Rule::Category { category_id } => f.category_id == Some(*category_id),
        Rule::Keyword { word } => {
            let w = word.to_lowercase();
            text.match_indices(&w).any(|(i, _)| {
                i == 0
                    || text[..i]
                        .chars()
                        .next_back()
                        .is_some_and(|c| !c.is_alphanumeric())
            })
        }
        Rule::Sku { sku } => f.items.iter().any(|i| {
            i.sku
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case(sku))
        }),
        Rule::OfferId { offer_id } => f
            .items
            .iter()
            .any(|i| i.offer_id.as_deref() == Some(offer_id.as_str())),
        Rule::ProductId { product_id } => f
            .items
            .iter()
            .any(|i| i.product_id.as_deref() == Some(product_id.as_str())),
    })
}

/// The rules editor's rows: `rule_N_type` (`category`, `keyword`, `sku`, `offer_id`,
/// `product_id`), `rule_N_value`, `rule_N_category` (the category select), `rule_N_delete`.
pub fn rules_from_form(
    form: &std::collections::HashMap<String, String>,
) -> Result<Vec<Rule>, Vec<crate::error::FieldError>> {
    let get = |k: &str| form.get(k).map(|v| v.trim()).unwrap_or("");
    let mut rows: Vec<usize> = form
        .keys()
        .filter_map(|k| k.strip_prefix("rule_")?.split('_').next()?.parse().ok())
        .collect();
    rows.sort_unstable();
    rows.dedup();
    let mut out = vec![];
    let mut errors = vec![];
    for i in rows {
        let kind = get(&format!("rule_{i}_type"));
        if kind.is_empty() || matches!(get(&format!("rule_{i}_delete")), "on" | "true") {
            continue;
        }
        let value = if kind == "category" {
            get(&format!("rule_{i}_category"))
        } else {
            get(&format!("rule_{i}_value"))
        };
        match Rule::parse(kind, value) {
            Some(r) => out.push(r),
            None => errors.push(crate::error::FieldError::new(
                format!("rule_{i}_value"),
                "required",
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(title: &'a str, items: &'a [Item]) -> Facts<'a> {
        Facts {
            category_id: Some(3),
            title,
            description: "",
            items,
        }
    }

    #[test]
    fn rules_match_category_keyword_and_items() {
        let rules = vec![
            Rule::Keyword {
                word: "затоп".into(),
            },
            Rule::Category { category_id: 9 },
            Rule::Sku {
                sku: "GIFT-BOX".into(),
            },
            Rule::ProductId {
                product_id: "77".into(),
            },
        ];
        assert_eq!(
            first_match(&rules, &facts("Затопило подвал", &[])),
            Some(&rules[0])
        );
        assert_eq!(
            first_match(&rules, &facts("Незатопляемый", &[])),
            None,
            "inside a word is not a match"
        );
        let items = [Item {
            sku: Some("gift-box".into()),
            ..Default::default()
        }];
        assert_eq!(
            first_match(&rules, &facts("Заказ", &items)),
            Some(&rules[2])
        );
        let items: Vec<Item> =
            match serde_json::from_str(r#"[{"product_id": 77, "offer_id": "5"}]"#) {
                Ok(i) => i,
                Err(e) => panic!("{e}"),
            };
        assert_eq!(
            first_match(&rules, &facts("Заказ", &items)),
            Some(&rules[3]),
            "numeric ids from JSON"
        );
        let f = Facts {
            category_id: Some(9),
            title: "x",
            description: "",
            items: &[],
        };
        assert_eq!(first_match(&rules, &f), Some(&rules[1]));
    }

    #[test]
    fn rules_round_trip_as_tagged_json() {
        let rules = vec![
            Rule::Keyword {
                word: "газ".into()
            },
            Rule::OfferId {
                offer_id: "12".into(),
            },
        ];
        let json = serde_json::to_string(&rules).unwrap_or_default();
        assert_eq!(
            json,
            r#"[{"type":"keyword","word":"газ"},{"type":"offer_id","offer_id":"12"}]"#
        );
        assert_eq!(serde_json::from_str::<Vec<Rule>>(&json).ok(), Some(rules));
        assert_eq!(Rule::parse("category", "x"), None);
        assert_eq!(Rule::parse("keyword", "  "), None);
        assert_eq!(
            Rule::parse("sku", "A-1"),
            Some(Rule::Sku { sku: "A-1".into() })
        );
    }
}
