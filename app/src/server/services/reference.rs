//! A company's reference data — stages, statuses, categories, buildings, executors, member
//! names and the SLA context (calendars, policies) — kept in memory between requests.
//!
//! Every list page, board and export needs all of it, and it changes a few times a day. Each
//! use reads the company row (one query) and compares its `settings_stamp`, which database
//! triggers change with any write to those tables (migration 12): a copy is used only while it
//! is current, from any process, whatever wrote the change. Nothing here is the only copy of
//! anything.

use crate::domain::zone::ZoneRules;
use crate::error::{AppError, AppResult};
use crate::model::{AssigneeOption, Named, StatusRef};
use crate::server::entities::{
    building, calendar, category, company, membership, sla_policy, staff_profile, stage, status,
    team, user,
};
use crate::server::services::dictionaries::status_ref;
use crate::server::services::sla::SlaContext;
use crate::server::services::sla::view::Names;
use crate::server::services::zones;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Reference {
    pub company_id: i64,
    stamp: i64,
    pub timezone: String,
    /// Stages by pipeline and position.
    pub stages: Vec<Named>,
    /// Statuses by pipeline, stage position and position.
    pub statuses: Vec<StatusRef>,
    status_index: HashMap<i64, usize>,
    /// By position, then name.
    pub categories: Vec<Named>,
    /// By name.
    pub buildings: Vec<Named>,
    /// Executors (members with a staff profile), active first, by name; `open` is 0 here (the
    /// load changes with every assignment and is read on each use).
    pub executors: Vec<AssigneeOption>,
    /// Names of the company's members, former ones included (they stay assignees of old
    /// requests).
    users: HashMap<i64, String>,
    categories_by_id: HashMap<i64, String>,
    buildings_by_id: HashMap<i64, String>,
    pub sla: SlaContext,
    pub names: Names,
    /// The company's zone and its calendars' zones, for the browser (`Me::zones`).
    pub zones: Vec<ZoneRules>,
}

impl Reference {
    pub fn status(&self, id: i64) -> Option<&StatusRef> {
        self.status_index.get(&id).map(|i| &self.statuses[*i])
    }

    pub fn category(&self, id: i64) -> Option<&String> {
        self.categories_by_id.get(&id)
    }

    pub fn building(&self, id: i64) -> Option<&String> {
        self.buildings_by_id.get(&id)
    }

    pub fn user(&self, id: i64) -> Option<&String> {
        self.users.get(&id)
    }

    async fn load(db: &impl ConnectionTrait, c: company::Model) -> AppResult<Self> {
        let id = c.id;
        let (stages, statuses, categories, buildings, calendars, policies) = futures::try_join!(
            stage::Entity::find()
                .filter(stage::Column::CompanyId.eq(id))
                .order_by_asc(stage::Column::PipelineId)
                .order_by_asc(stage::Column::Position)
                .all(db),
            status::Entity::find()
                .filter(status::Column::CompanyId.eq(id))
                .all(db),
            category::Entity::find()
                .filter(category::Column::CompanyId.eq(id))
                .order_by_asc(category::Column::Position)
                .order_by_asc(category::Column::Name)
                .all(db),
            building::Entity::find()
                .filter(building::Column::CompanyId.eq(id))
                .order_by_asc(building::Column::Name)
                .all(db),
            calendar::Entity::find()
                .filter(calendar::Column::CompanyId.eq(id))
                .all(db),
            sla_policy::Entity::find()
                .filter(sla_policy::Column::CompanyId.eq(id))
                .all(db),
        )?;
        let (members, profiles, teams) = futures::try_join!(
            membership::Entity::find()
                .filter(membership::Column::CompanyId.eq(id))
                .all(db),
            staff_profile::Entity::find()
                .filter(staff_profile::Column::CompanyId.eq(id))
                .all(db),
            team::Entity::find()
                .filter(team::Column::CompanyId.eq(id))
                .all(db),
        )?;
        let users: HashMap<i64, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(members.iter().map(|m| m.user_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        let zones = zones::used_by(&c.timezone, calendars.iter().map(|k| k.definition.as_str()));
        let sla = SlaContext::build(c.timezone.clone(), calendars, policies, &statuses);
        let names = Names {
            stages: stages.iter().map(|s| (s.id, s.name.clone())).collect(),
            statuses: statuses.iter().map(|s| (s.id, s.name.clone())).collect(),
        };

        let stage_pos: HashMap<i64, (i32, &str)> = stages
            .iter()
            .map(|s| (s.id, (s.position, s.name.as_str())))
            .collect();
        let mut statuses = statuses;
        statuses.sort_by_key(|s| {
            (
                s.pipeline_id,
                stage_pos.get(&s.stage_id).map_or(0, |p| p.0),
                s.position,
            )
        });
        let statuses: Vec<StatusRef> = statuses
            .iter()
            .map(|s| status_ref(s, stage_pos.get(&s.stage_id).map_or("", |p| p.1)))
            .collect();

        let teams: HashMap<i64, String> = teams.into_iter().map(|t| (t.id, t.name)).collect();
        let active: HashMap<i64, bool> = members.iter().map(|m| (m.user_id, m.active)).collect();
        let mut executors: Vec<AssigneeOption> = profiles
            .into_iter()
            .filter(|p| active.get(&p.user_id).copied().unwrap_or(false))
            .filter_map(|p| {
                let u = users.get(&p.user_id)?;
                Some(AssigneeOption {
                    id: u.id,
                    name: u.name.clone(),
                    team: p.team_id.and_then(|t| teams.get(&t).cloned()),
                    open: 0,
                    max_load: p.max_load,
                    active: p.active && u.active,
                })
            })
            .collect();
        executors.sort_by(|a, b| b.active.cmp(&a.active).then_with(|| a.name.cmp(&b.name)));

        let named = |id, name| Named { id, name };
        Ok(Self {
            company_id: id,
            stamp: c.settings_stamp,
            timezone: c.timezone,
            status_index: statuses
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id, i))
                .collect(),
            statuses,
            stages: stages.into_iter().map(|s| named(s.id, s.name)).collect(),
            categories_by_id: categories.iter().map(|c| (c.id, c.name.clone())).collect(),
            categories: categories
                .into_iter()
                .map(|c| named(c.id, c.name))
                .collect(),
            buildings_by_id: buildings.iter().map(|b| (b.id, b.name.clone())).collect(),
            buildings: buildings.into_iter().map(|b| named(b.id, b.name)).collect(),
            executors,
            users: users.into_values().map(|u| (u.id, u.name)).collect(),
            sla,
            names,
            zones,
        })
    }
}

/// The copies this process keeps, one per company.
#[derive(Clone, Default)]
pub struct ReferenceCache(Arc<Mutex<HashMap<i64, Arc<Reference>>>>);

impl ReferenceCache {
    /// The company's reference data as the database has it now.
    pub async fn get(
        &self,
        db: &impl ConnectionTrait,
        company_id: i64,
    ) -> AppResult<Arc<Reference>> {
        let c = company::Entity::find_by_id(company_id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        self.of(db, c).await
    }

    /// The reference data of company `c`, a row just read (its stamp says whether the copy kept
    /// is current).
    pub async fn of(
        &self,
        db: &impl ConnectionTrait,
        c: company::Model,
    ) -> AppResult<Arc<Reference>> {
        let company_id = c.id;
        if let Some(kept) = self.kept(company_id)
            && kept.stamp == c.settings_stamp
            && kept.timezone == c.timezone
        {
            return Ok(kept);
        }
        let fresh = Arc::new(Reference::load(db, c).await?);
        if let Ok(mut map) = self.0.lock() {
            map.insert(company_id, fresh.clone());
        }
        Ok(fresh)
    }

    fn kept(&self, company_id: i64) -> Option<Arc<Reference>> {
        self.0.lock().ok()?.get(&company_id).cloned()
    }
}
