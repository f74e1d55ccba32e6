//! `GET /api/v1/pipelines`: pipelines with their stages and statuses.

use super::auth::ApiActor;
use super::error::ApiResult;
use crate::router::ServerState;
use app::server::entities::{pipeline, stage, status};
use axum::Json;
use axum::extract::State;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

pub async fn list(
    State(state): State<ServerState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Value>> {
    let db = &state.app.db;
    let company = actor.company_id;
    let pipelines = pipeline::Entity::find()
        .filter(pipeline::Column::CompanyId.eq(company))
        .order_by_asc(pipeline::Column::Position)
        .all(db)
        .await?;
    let stages = stage::Entity::find()
        .filter(stage::Column::CompanyId.eq(company))
        .order_by_asc(stage::Column::Position)
        .all(db)
        .await?;
    let statuses = status::Entity::find()
        .filter(status::Column::CompanyId.eq(company))
        .order_by_asc(status::Column::Position)
        .all(db)
        .await?;
    let items: Vec<Value> = pipelines
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "name": p.name,
                "stages": stages.iter().filter(|s| s.pipeline_id == p.id).map(|s| json!({
                    "id": s.id,
                    "name": s.name,
                    "position": s.position,
                    "statuses": statuses.iter().filter(|st| st.stage_id == s.id).map(|st| json!({
                        "id": st.id,
                        "name": st.name,
                        "closing": st.is_closing,
                        "pauses_sla": st.pauses_sla,
                        "initial": st.is_initial,
                        "external_id": st.external_id,
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}
