//! The timezones a company's pages compute with in the browser: the company's own and those of
//! its working calendars, sent with the signed-in user (`Me::zones`). Worked out when the
//! company's reference data is loaded (`Reference::zones`), not on every page.

use crate::domain::sla::calendar::Calendar;
use crate::domain::zone::{Zone, ZoneRules};
use std::collections::BTreeSet;

/// The zones of a company in `timezone` with calendars stored as `definitions` (JSON), by name;
/// a definition that does not parse or names an unknown zone adds nothing.
pub fn used_by<'a>(
    timezone: &str,
    definitions: impl IntoIterator<Item = &'a str>,
) -> Vec<ZoneRules> {
    let mut names = BTreeSet::from([timezone.to_string()]);
    names.extend(
        definitions
            .into_iter()
            .filter_map(|d| serde_json::from_str::<Calendar>(d).ok())
            .map(|c| c.timezone),
    );
    names
        .iter()
        .filter_map(|n| Zone::parse(n))
        .map(|z| (*z.rules()).clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::used_by;
    use crate::domain::sla::calendar::Calendar;

    #[test]
    fn the_company_zone_and_its_calendars_zones_once_each() {
        let cal = |tz: &str| serde_json::to_string(&Calendar::always(tz)).unwrap_or_default();
        let (kyiv, tashkent) = (cal("Europe/Kyiv"), cal("Asia/Tashkent"));
        let defs = [kyiv.as_str(), tashkent.as_str(), kyiv.as_str(), "not json"];
        let zones = used_by("Europe/Kyiv", defs);
        let names: Vec<&str> = zones.iter().map(|z| z.name.as_str()).collect();
        assert_eq!(names, ["Asia/Tashkent", "Europe/Kyiv"]);
        assert_eq!(used_by("Nowhere/Else", []).len(), 0);
    }
}
