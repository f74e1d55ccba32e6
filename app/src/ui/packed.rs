//! How a page's big resources travel from the server's render to the browser's hydration.
//!
//! Leptos writes each resource's encoded value into the page's hydration script as a JavaScript
//! string, through `Debug` formatting: every quote of a JSON text is escaped, and every
//! non-ASCII character (all Cyrillic text) is checked one by one. For the 50 rows of a list
//! page that escaping was 5 % of the server's time per page, more than rendering the rows'
//! SLA clocks. [`Packed`] sends the same JSON as base64 bytes instead, which have nothing to
//! escape, so the script is written as one copy; the browser decodes base64, then the JSON.

use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The JSON of a value, carried as base64 in the hydration script (leptos encodes bytes so).
pub struct Packed;

impl<T: Serialize> Encoder<T> for Packed {
    type Error = serde_json::Error;
    type Encoded = Vec<u8>;

    fn encode(val: &T) -> Result<Self::Encoded, Self::Error> {
        serde_json::to_vec(val)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Packed {
    type Error = serde_json::Error;
    type Encoded = [u8];

    fn decode(val: &Self::Encoded) -> Result<T, Self::Error> {
        // Bytes, as server functions read their answers: one JSON reader per type in the app.
        serde_json::from_slice(val)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RequestPage, RequestRow};

    #[test]
    fn a_page_comes_back_as_it_went() {
        let json = r##"{"rows":[{"id":7,"number":"R-7","title":"Течёт \"кран\" <b>","category":null,
            "priority":"high","urgent":true,"status":{"id":1,"name":"Новая","color":"#3b82f6",
            "stage_id":1,"stage_name":"Новые","is_closing":false,"pauses_sla":false,
            "requires_assignee":false,"requires_comment":false},"assignee":"Іван Петренко",
            "building":null,"apartment":null,"contact_phone":null,"channel":"web",
            "created_at":"2026-12-06T23:59:48Z","updated_at":"2026-12-06T23:59:48Z"}],
            "total":1,"page":1,"per_page":50}"##;
        let page: RequestPage = match serde_json::from_str(json) {
            Ok(p) => p,
            Err(e) => panic!("sample page: {e}"),
        };
        let bytes = <Packed as Encoder<RequestPage>>::encode(&page).unwrap_or_default();
        // What leptos puts in the script: base64, nothing a JavaScript string must escape.
        let text = leptos::server::IntoEncodedString::into_encoded_string(bytes);
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/'),
            "{text}"
        );
        let back = <[u8] as leptos::server::FromEncodedStr>::from_encoded_str(&text)
            .map_err(|e| format!("{e:?}"))
            .and_then(|b| <Packed as Decoder<RequestPage>>::decode(&b).map_err(|e| e.to_string()));
        assert_eq!(back, Ok(page.clone()));
        let row: &RequestRow = &page.rows[0];
        assert_eq!(row.title, "Течёт \"кран\" <b>");
    }
}
