use serde::{Deserialize, Serialize};

/// A user's role in one company. What each role may do is decided here, once, and checked on
/// the server; the UI asks the same functions only to decide what to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Manager,
    Dispatcher,
    Executor,
    Executive,
    Accountant,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Manager,
        Role::Dispatcher,
        Role::Executor,
        Role::Executive,
        Role::Accountant,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Dispatcher => "dispatcher",
            Role::Executor => "executor",
            Role::Executive => "executive",
            Role::Accountant => "accountant",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Executors see only requests assigned to them; everyone else sees the whole company.
    pub fn sees_all_requests(self) -> bool {
        self != Role::Executor
    }

    /// Create requests (from a phone call, a walk-in).
    pub fn can_create_requests(self) -> bool {
        matches!(self, Role::Admin | Role::Manager | Role::Dispatcher)
    }

    /// Assign or reassign executors.
    pub fn can_assign(self) -> bool {
        matches!(self, Role::Admin | Role::Manager | Role::Dispatcher)
    }

    /// Move requests between statuses (executors: only their own).
    pub fn can_change_status(self) -> bool {
        matches!(
            self,
            Role::Admin | Role::Manager | Role::Dispatcher | Role::Executor
        )
    }

    /// Comment and attach files (executors: only on their own requests).
    pub fn can_comment(self) -> bool {
        self.can_change_status()
    }

    /// Invite users, change roles, deactivate.
    pub fn can_manage_users(self) -> bool {
        self == Role::Admin
    }

    /// Change settings: working calendars, SLA policies, urgency rules.
    pub fn can_manage_settings(self) -> bool {
        matches!(self, Role::Admin | Role::Manager)
    }

    /// Read-only roles never mutate anything.
    pub fn is_read_only(self) -> bool {
        matches!(self, Role::Executive | Role::Accountant | Role::Viewer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn read_only_roles_cannot_mutate() {
        for role in Role::ALL.into_iter().filter(|r| r.is_read_only()) {
            assert!(!role.can_create_requests(), "{role:?}");
            assert!(!role.can_assign(), "{role:?}");
            assert!(!role.can_change_status(), "{role:?}");
            assert!(!role.can_comment(), "{role:?}");
            assert!(!role.can_manage_users(), "{role:?}");
            assert!(!role.can_manage_settings(), "{role:?}");
        }
    }

    #[test]
    fn only_executors_are_limited_to_their_own_requests() {
        let limited: Vec<_> = Role::ALL
            .into_iter()
            .filter(|r| !r.sees_all_requests())
            .collect();
        assert_eq!(limited, vec![Role::Executor]);
    }
}
