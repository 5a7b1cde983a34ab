//! A district's referral pathways: for each need, the providers to refer to
//! in order; district coordinators (and administrators) maintain them.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::directory::model::{ServiceFilter, ServiceStatus};
use satuatap_core::paging::PageRequest;
use satuatap_core::referrals::referral::NewPathway;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{render, Choice, PageCtx};
use crate::state::AppState;

/// One need's pathway as shown and edited.
pub struct PathwayView {
    need: String,
    label: String,
    /// (position, service, organisation, active)
    steps: Vec<(i32, String, String, bool)>,
    /// One select per step, and two more to add to the end.
    slots: Vec<Vec<Choice>>,
}

#[derive(Template)]
#[template(path = "referrals/pathways.html")]
struct PathwaysPage {
    ctx: PageCtx,
    district: String,
    district_name: String,
    pathways: Vec<PathwayView>,
    can_edit: bool,
}

/// `GET /districts/{code}/pathways`.
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let app = &state.app;
    let pathways = app.pathways(&code).await?;
    let area = app.area(&code).await?.area;
    let can_edit = satuatap_core::directory::catalogue::may_manage(&call.actor, &area.code);
    let services = if can_edit {
        let filter = ServiceFilter {
            within: Some(area.code.clone()),
            status: Some(ServiceStatus::Active),
            ..Default::default()
        };
        app.services(&filter, PageRequest::first(PageRequest::MAX_LIMIT)).await?.items
    } else {
        Vec::new()
    };
    let choices = |selected: Option<Uuid>| -> Vec<Choice> {
        services
            .iter()
            .map(|s| Choice {
                code: s.id.to_string(),
                label: format!("{} — {}", s.name, s.organisation_name),
                selected: selected == Some(s.id),
            })
            .collect()
    };
    let views = pathways
        .into_iter()
        .map(|p| {
            let mut slots: Vec<Vec<Choice>> = p.steps.iter().map(|s| choices(Some(s.service_id))).collect();
            if can_edit {
                slots.push(choices(None));
                slots.push(choices(None));
            }
            PathwayView {
                need: p.need.as_str().to_string(),
                label: ctx.label("need", p.need.as_str()),
                steps: p
                    .steps
                    .into_iter()
                    .map(|s| (s.position, s.service_name, s.organisation_name, s.active))
                    .collect(),
                slots: if can_edit { slots } else { Vec::new() },
            }
        })
        .collect();
    render(&PathwaysPage { district: area.code.to_string(), district_name: area.name, pathways: views, can_edit, ctx })
}

#[derive(Deserialize, Default)]
pub struct PathwayForm {
    /// The services in order; empty selects are skipped.
    #[serde(default)]
    service_id: Vec<String>,
}

/// `POST /districts/{code}/pathways/{need}`.
pub async fn save(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path((code, need)): Path<(String, String)>,
    axum_extra::extract::Form(f): axum_extra::extract::Form<PathwayForm>,
) -> Result<Response, AppError> {
    let mut ids = Vec::new();
    for (i, raw) in f.service_id.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).enumerate() {
        let id = Uuid::try_parse(raw)
            .map_err(|_| AppError(satuatap_core::Error::invalid(format!("service_ids[{i}]"), "unknown_service")))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    state.app.set_pathway(&call, &code, &need, &NewPathway { service_ids: ids }).await?;
    let code = AreaCode::parse("district", &code).map_err(|e| AppError(satuatap_core::Error::Invalid(vec![e])))?;
    Ok(Redirect::to(&format!("/districts/{code}/pathways#{need}")).into_response())
}
