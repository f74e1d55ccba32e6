use super::{Channel, Priority};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Who a list is filtered to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssigneeFilter {
    /// Requests with nobody assigned.
    Nobody,
    /// Requests assigned to the caller.
    Me,
    User(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SortKey {
    Number,
    #[default]
    Created,
    Updated,
    Priority,
    Status,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Number,
        SortKey::Created,
        SortKey::Updated,
        SortKey::Priority,
        SortKey::Status,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Number => "number",
            SortKey::Created => "created",
            SortKey::Updated => "updated",
            SortKey::Priority => "priority",
            SortKey::Status => "status",
        }
    }
}

pub const DEFAULT_PER_PAGE: u32 = 50;
pub const MAX_PER_PAGE: u32 = 200;

/// The state of the requests list: every filter, the search, the sort and the page. It lives in
/// the URL (`?status=3&q=leak&sort=-created&page=2`) so a list can be shared and the back button
/// works; the REST API takes the same parameters.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RequestFilter {
    pub status: Option<i64>,
    pub stage: Option<i64>,
    pub category: Option<i64>,
    pub priority: Option<Priority>,
    pub assignee: Option<AssigneeFilter>,
    pub building: Option<i64>,
    pub channel: Option<Channel>,
    /// Created on or after this day (company timezone).
    pub from: Option<NaiveDate>,
    /// Created on or before this day (company timezone).
    pub to: Option<NaiveDate>,
    /// Number (`R-1024` or `1024`), words of the title or description, or a phone.
    pub q: Option<String>,
    /// Only open (not closed) requests.
    pub open: bool,
    pub sort: SortKey,
    pub descending: bool,
    pub page: u32,
    pub per_page: u32,
}

impl RequestFilter {
    /// Parses a query string (without `?`), like [`Self::from_pairs`].
    pub fn from_query(query: &str) -> Self {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Reads the filter from query parameters. Unknown or malformed values are ignored rather
    /// than failing the page: a stale bookmark still opens.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut f = RequestFilter {
            descending: true,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            ..Default::default()
        };
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let id = || value.parse::<i64>().ok().filter(|v| *v > 0);
            match key {
                "status" => f.status = id(),
                "stage" => f.stage = id(),
                "category" => f.category = id(),
                "building" => f.building = id(),
                "priority" => f.priority = Priority::parse(value),
                "channel" => f.channel = Channel::parse(value),
                "assignee" => {
                    f.assignee = match value {
                        "none" => Some(AssigneeFilter::Nobody),
                        "me" => Some(AssigneeFilter::Me),
                        _ => id().map(AssigneeFilter::User),
                    }
                }
                "from" => f.from = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
                "to" => f.to = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok(),
                "q" => f.q = Some(value.chars().take(100).collect()),
                "open" => f.open = matches!(value, "1" | "true" | "on"),
                "sort" => {
                    let (desc, name) = match value.strip_prefix('-') {
                        Some(rest) => (true, rest),
                        None => (false, value),
                    };
                    if let Some(key) = SortKey::ALL.into_iter().find(|k| k.as_str() == name) {
                        f.sort = key;
                        f.descending = desc;
                    }
                }
                "page" => f.page = value.parse::<u32>().ok().filter(|p| *p > 0).unwrap_or(1),
                "per_page" => {
                    f.per_page = value
                        .parse::<u32>()
                        .ok()
                        .filter(|p| *p > 0)
                        .map(|p| p.min(MAX_PER_PAGE))
                        .unwrap_or(DEFAULT_PER_PAGE)
                }
                _ => {}
            }
        }
        f
    }

    /// The query string for this filter (without `?`); defaults are left out.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<(String, String)> = Vec::new();
        let mut push = |k: &str, v: String| parts.push((k.to_string(), v));
        if let Some(v) = self.status {
            push("status", v.to_string());
        }
        if let Some(v) = self.stage {
            push("stage", v.to_string());
        }
        if let Some(v) = self.category {
            push("category", v.to_string());
        }
        if let Some(v) = self.priority {
            push("priority", v.as_str().into());
        }
        if let Some(v) = self.assignee {
            push(
                "assignee",
                match v {
                    AssigneeFilter::Nobody => "none".into(),
                    AssigneeFilter::Me => "me".into(),
                    AssigneeFilter::User(id) => id.to_string(),
                },
            );
        }
        if let Some(v) = self.building {
            push("building", v.to_string());
        }
        if let Some(v) = self.channel {
            push("channel", v.as_str().into());
        }
        if let Some(v) = self.from {
            push("from", v.format("%Y-%m-%d").to_string());
        }
        if let Some(v) = self.to {
            push("to", v.format("%Y-%m-%d").to_string());
        }
        if let Some(v) = &self.q {
            push("q", v.clone());
        }
        if self.open {
            push("open", "1".into());
        }
        if self.sort != SortKey::Created || !self.descending {
            let sign = if self.descending { "-" } else { "" };
            push("sort", format!("{sign}{}", self.sort.as_str()));
        }
        if self.page > 1 {
            push("page", self.page.to_string());
        }
        if self.per_page != DEFAULT_PER_PAGE && self.per_page > 0 {
            push("per_page", self.per_page.to_string());
        }
        parts
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The same filter on another page.
    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }

    /// The same filter sorted by `key`; sorting by the current key again flips the direction.
    pub fn sorted_by(&self, key: SortKey) -> Self {
        let descending = if self.sort == key {
            !self.descending
        } else {
            true
        };
        Self {
            sort: key,
            descending,
            page: 1,
            ..self.clone()
        }
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_filter_and_writes_it_back() {
        let q = "status=3&stage=2&category=5&priority=high&assignee=me&building=7&channel=phone\
                 &from=2026-03-01&to=2026-03-31&q=%D1%82%D0%B5%D1%87%D1%8C&open=1&sort=priority&page=2&per_page=20";
        let pairs: Vec<(String, String)> = q
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), decode(v)))
            .collect();
        let f = RequestFilter::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(f.status, Some(3));
        assert_eq!(f.stage, Some(2));
        assert_eq!(f.priority, Some(Priority::High));
        assert_eq!(f.assignee, Some(AssigneeFilter::Me));
        assert_eq!(f.channel, Some(Channel::Phone));
        assert_eq!(f.q.as_deref(), Some("течь"));
        assert!(f.open);
        assert_eq!(f.sort, SortKey::Priority);
        assert!(!f.descending);
        assert_eq!(f.page, 2);
        assert_eq!(f.per_page, 20);
        assert_eq!(f.to_query(), q);
    }

    #[test]
    fn malformed_values_are_ignored_not_fatal() {
        let f = RequestFilter::from_pairs([
            ("status", "abc"),
            ("priority", "urgentest"),
            ("from", "31.02.2026"),
            ("page", "-4"),
            ("per_page", "100000"),
        ]);
        assert_eq!(f.status, None);
        assert_eq!(f.priority, None);
        assert_eq!(f.from, None);
        assert_eq!(f.page, 1);
        assert_eq!(f.per_page, MAX_PER_PAGE);
        assert_eq!(f.to_query(), "per_page=200");
    }

    #[test]
    fn sorting_by_the_same_key_flips_direction() {
        let f = RequestFilter::from_pairs([("page", "3")]);
        let by_number = f.sorted_by(SortKey::Number);
        assert!(by_number.descending);
        assert_eq!(by_number.page, 1);
        assert!(!by_number.sorted_by(SortKey::Number).descending);
    }

    fn decode(v: &str) -> String {
        let bytes = v.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap_or_default()
    }
}
