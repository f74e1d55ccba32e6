//! Figures of settled requests, kept between dashboard views in the server's memory.
//!
//! A request is settled when its current status closes it and no target's clock runs: its
//! figures no longer depend on the time of asking, only on its log and on the company's
//! calendars, policies and statuses. Each entry is keyed by everything the evaluation reads —
//! the request's pipeline, creation time and urgency, its log's [`LogSignature`] and the
//! configuration's fingerprint — so a new event, a re-open, an urgency change or any settings
//! edit makes the next view recompute that request (or, for a settings edit, all of them).
//! Nothing is written to the database; a restart starts empty.

use super::load::Figures;
use crate::server::services::sla::context::LogSignature;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Entries kept per company before the oldest configuration's are dropped wholesale (bounds
/// the memory at roughly 1 KB per request).
const MAX_ENTRIES: usize = 500_000;

/// What a settled request's figures were computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub pipeline_id: i64,
    pub created_at: DateTime<Utc>,
    pub urgent: bool,
    pub log: LogSignature,
}

/// The process-wide store; cheap to clone (shared).
#[derive(Clone, Default)]
pub struct SettledFigures {
    companies: Arc<Mutex<HashMap<i64, Company>>>,
}

#[derive(Default)]
struct Company {
    fingerprint: u64,
    entries: HashMap<i64, (Key, Arc<Figures>)>,
}

impl SettledFigures {
    /// The company has figures under this configuration: reading the signatures first pays.
    pub fn is_warm(&self, company_id: i64, fingerprint: u64) -> bool {
        self.with(|all| {
            all.get(&company_id)
                .is_some_and(|c| c.fingerprint == fingerprint && !c.entries.is_empty())
        })
    }

    /// The company's figures were kept under this configuration (perhaps none: nothing was
    /// settled).
    pub fn knows(&self, company_id: i64, fingerprint: u64) -> bool {
        self.with(|all| {
            all.get(&company_id)
                .is_some_and(|c| c.fingerprint == fingerprint)
        })
    }

    /// Per `(request id, key)`: the kept figures if they were computed from exactly that key.
    pub fn lookup(
        &self,
        company_id: i64,
        fingerprint: u64,
        requests: impl Iterator<Item = (i64, Key)>,
    ) -> Vec<Option<Arc<Figures>>> {
        self.with(|all| {
            let company = all
                .get(&company_id)
                .filter(|c| c.fingerprint == fingerprint);
            requests
                .map(|(id, key)| {
                    let (kept, figures) = company?.entries.get(&id)?;
                    (*kept == key).then(|| figures.clone())
                })
                .collect()
        })
    }

    /// One request's kept figures, if they were computed from exactly `key`.
    pub fn get(
        &self,
        company_id: i64,
        fingerprint: u64,
        id: i64,
        key: Key,
    ) -> Option<Arc<Figures>> {
        self.lookup(company_id, fingerprint, std::iter::once((id, key)))
            .pop()
            .flatten()
    }

    /// Keeps the figures of settled requests computed under `fingerprint`.
    pub fn keep(
        &self,
        company_id: i64,
        fingerprint: u64,
        settled: impl Iterator<Item = (i64, Key, Arc<Figures>)>,
    ) {
        self.with(|all| {
            let company = all.entry(company_id).or_default();
            if company.fingerprint != fingerprint || company.entries.len() > MAX_ENTRIES {
                *company = Company {
                    fingerprint,
                    entries: HashMap::new(),
                };
            }
            company
                .entries
                .extend(settled.map(|(id, key, figures)| (id, (key, figures))));
        });
    }

    /// How many requests' figures are kept for the company.
    pub fn len(&self, company_id: i64) -> usize {
        self.with(|all| all.get(&company_id).map_or(0, |c| c.entries.len()))
    }

    fn with<T>(&self, f: impl FnOnce(&mut HashMap<i64, Company>) -> T) -> T {
        // A panic while holding the lock cannot leave a half-written entry: each is one insert.
        f(&mut self
            .companies
            .lock()
            .unwrap_or_else(PoisonError::into_inner))
    }
}
