use super::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One user of the company on the admin page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// Membership in this company is active (a deactivated user cannot sign in here).
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// Shown once after an invitation: the one-time password is never stored in clear.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Invited {
    pub email: String,
    pub one_time_password: String,
}
