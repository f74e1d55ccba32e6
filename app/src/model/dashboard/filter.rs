//! The dashboard's filter, which lives in the URL (`?team=4&from=2026-11-01&sort=-violation`)
//! so a view can be shared, reloaded and left with the back button.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// What the heatmap counts per weekday and hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum HeatmapMode {
    /// The instants SLA limits were reached.
    #[default]
    Breaches,
    /// The instants requests were created.
    Arrivals,
}

impl HeatmapMode {
    pub fn as_str(self) -> &'static str {
        match self {
            HeatmapMode::Breaches => "breaches",
            HeatmapMode::Arrivals => "arrivals",
        }
    }
}

/// Columns the staff table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum StaffSort {
    Name,
    Assigned,
    Breached,
    /// Breached requests per assigned request.
    #[default]
    Violation,
    OnTime,
    Reaction,
    Resolution,
}

impl StaffSort {
    pub const ALL: [StaffSort; 7] = [
        StaffSort::Name,
        StaffSort::Assigned,
        StaffSort::Breached,
        StaffSort::Violation,
        StaffSort::OnTime,
        StaffSort::Reaction,
        StaffSort::Resolution,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffSort::Name => "name",
            StaffSort::Assigned => "assigned",
            StaffSort::Breached => "breached",
            StaffSort::Violation => "violation",
            StaffSort::OnTime => "on_time",
            StaffSort::Reaction => "reaction",
            StaffSort::Resolution => "resolution",
        }
    }
}

/// Near-breach look-ahead offered by the filter, in minutes.
pub const WITHIN_CHOICES: [u32; 5] = [15, 30, 60, 120, 240];
pub const DEFAULT_WITHIN: u32 = 30;
/// The default period: the last 30 days, today included.
pub const DEFAULT_PERIOD_DAYS: i64 = 30;
/// The longest period one dashboard or report covers.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// The dashboard's filter: `?pipeline=1&category=2&building=3&team=4&from=2026-11-01
/// &to=2026-11-20&heatmap=arrivals&within=60&sort=-violation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardFilter {
    pub pipeline: Option<i64>,
    pub category: Option<i64>,
    pub building: Option<i64>,
    /// Requests whose assignee belongs to this team.
    pub team: Option<i64>,
    /// Created on or after this day (company timezone).
    pub from: Option<NaiveDate>,
    /// Created on or before this day (company timezone).
    pub to: Option<NaiveDate>,
    pub heatmap: HeatmapMode,
    /// Near-breach look-ahead in minutes.
    pub within: u32,
    pub sort: StaffSort,
    pub descending: bool,
}

impl Default for DashboardFilter {
    fn default() -> Self {
        Self {
            pipeline: None,
            category: None,
            building: None,
            team: None,
            from: None,
            to: None,
            heatmap: HeatmapMode::Breaches,
            within: DEFAULT_WITHIN,
            sort: StaffSort::Violation,
            descending: true,
        }
    }
}

impl DashboardFilter {
    /// Reads the filter from query parameters; malformed values are ignored (a stale bookmark
    /// still opens).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut f = Self::default();
        for (key, value) in pairs {
            let value = value.trim();
            let id = || value.parse::<i64>().ok().filter(|v| *v > 0);
            let date = || NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
            match key {
                "pipeline" => f.pipeline = id(),
                "category" => f.category = id(),
                "building" => f.building = id(),
                "team" => f.team = id(),
                "from" => f.from = date(),
                "to" => f.to = date(),
                "heatmap" if value == "arrivals" => f.heatmap = HeatmapMode::Arrivals,
                "within" => {
                    f.within = value
                        .parse::<u32>()
                        .ok()
                        .filter(|m| (1..=24 * 60).contains(m))
                        .unwrap_or(DEFAULT_WITHIN)
                }
                "sort" => {
                    let (desc, name) = match value.strip_prefix('-') {
                        Some(rest) => (true, rest),
                        None => (false, value),
                    };
                    if let Some(key) = StaffSort::ALL.into_iter().find(|k| k.as_str() == name) {
                        f.sort = key;
                        f.descending = desc;
                    }
                }
                _ => {}
            }
        }
        f
    }

    /// Parses a query string (without `?`).
    pub fn from_query(query: &str) -> Self {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The query string (without `?`); defaults are left out.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = vec![];
        let ids = [
            ("pipeline", self.pipeline),
            ("category", self.category),
            ("building", self.building),
            ("team", self.team),
        ];
        for (k, v) in ids {
            if let Some(v) = v {
                parts.push(format!("{k}={v}"));
            }
        }
        if let Some(d) = self.from {
            parts.push(format!("from={}", d.format("%Y-%m-%d")));
        }
        if let Some(d) = self.to {
            parts.push(format!("to={}", d.format("%Y-%m-%d")));
        }
        if self.heatmap != HeatmapMode::Breaches {
            parts.push(format!("heatmap={}", self.heatmap.as_str()));
        }
        if self.within != DEFAULT_WITHIN {
            parts.push(format!("within={}", self.within));
        }
        if self.sort != StaffSort::Violation || !self.descending {
            let sign = if self.descending { "-" } else { "" };
            parts.push(format!("sort={sign}{}", self.sort.as_str()));
        }
        parts.join("&")
    }

    /// The same filter with the staff table sorted by `key`; the current key flips direction.
    pub fn sorted_by(&self, key: StaffSort) -> Self {
        let descending = if self.sort == key {
            !self.descending
        } else {
            key != StaffSort::Name
        };
        Self {
            sort: key,
            descending,
            ..self.clone()
        }
    }

    /// The same filter with the heatmap counting `mode`.
    pub fn with_heatmap(&self, mode: HeatmapMode) -> Self {
        Self {
            heatmap: mode,
            ..self.clone()
        }
    }

    /// The period as inclusive days for `today` (company timezone): the last 30 days unless
    /// set, swapped when reversed, at most [`MAX_PERIOD_DAYS`] long (the start moves).
    pub fn period(&self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let to = self.to.unwrap_or(today);
        let from = self
            .from
            .unwrap_or_else(|| to - Duration::days(DEFAULT_PERIOD_DAYS - 1));
        let (from, to) = if from > to { (to, from) } else { (from, to) };
        (from.max(to - Duration::days(MAX_PERIOD_DAYS - 1)), to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn parses_every_parameter_and_writes_it_back() {
        let q = "pipeline=1&category=2&building=3&team=4&from=2026-11-01&to=2026-11-20\
                 &heatmap=arrivals&within=60&sort=assigned";
        let f = DashboardFilter::from_query(q);
        assert_eq!(
            (f.pipeline, f.category, f.building, f.team),
            (Some(1), Some(2), Some(3), Some(4))
        );
        assert_eq!(f.from, Some(day("2026-11-01")));
        assert_eq!(f.heatmap, HeatmapMode::Arrivals);
        assert_eq!(f.within, 60);
        assert_eq!((f.sort, f.descending), (StaffSort::Assigned, false));
        assert_eq!(f.to_query(), q);
        assert_eq!(DashboardFilter::from_query("").to_query(), "");
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        let f = DashboardFilter::from_query("team=abc&from=yesterday&within=0&sort=zzz&heatmap=x");
        assert_eq!(f, DashboardFilter::default());
    }

    #[test]
    fn sorting_again_flips_the_direction() {
        let f = DashboardFilter::default();
        assert_eq!(
            f.sorted_by(StaffSort::Violation).to_query(),
            "sort=violation"
        );
        assert_eq!(
            f.sorted_by(StaffSort::Assigned).to_query(),
            "sort=-assigned"
        );
        assert_eq!(f.sorted_by(StaffSort::Name).to_query(), "sort=name");
    }

    #[test]
    fn the_period_defaults_to_30_days_and_is_bounded() {
        let today = day("2026-11-21");
        let f = DashboardFilter::default();
        assert_eq!(f.period(today), (day("2026-10-23"), today));
        let f = DashboardFilter::from_query("from=2026-11-20&to=2026-11-01");
        assert_eq!(f.period(today), (day("2026-11-01"), day("2026-11-20")));
        let f = DashboardFilter::from_query("from=2020-01-01&to=2026-11-20");
        assert_eq!(f.period(today), (day("2025-11-20"), day("2026-11-20")));
    }
}
