use super::Role;
use serde::{Deserialize, Serialize};

/// The signed-in user as the UI needs them: who, in which company, with which role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub company: CompanyInfo,
    /// Every company this user may switch to (the current one included).
    pub companies: Vec<CompanyChoice>,
    pub must_change_password: bool,
    /// Offsets of the company's timezone and its calendars' for the browser's clocks
    /// (`domain::zone`).
    pub zones: Vec<crate::domain::zone::ZoneRules>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyInfo {
    pub id: i64,
    pub name: String,
    pub slug: String,
    /// IANA name, e.g. `Europe/Kyiv`; every time on screen is shown in it.
    pub timezone: String,
    pub locale: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyChoice {
    pub id: i64,
    pub name: String,
    pub role: Role,
}
