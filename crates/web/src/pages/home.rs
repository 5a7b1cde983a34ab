//! The home page: the one-roof offices and where to go next.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use satuatap_core::organisation::{OfficeFilter, OfficeKind, OrgKind};
use satuatap_core::paging::PageRequest;
use uuid::Uuid;

use super::{render, PageCtx};
use crate::error::AppError;
use crate::state::AppState;

pub struct OfficeCard {
    id: Uuid,
    name: String,
    area_code: String,
    regency_name: String,
    address: String,
    members: usize,
    village_centres: u64,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    offices: Vec<OfficeCard>,
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, AppError> {
    let filter = OfficeFilter {
        kind: Some(OfficeKind::LtsaMrcOffice),
        ..Default::default()
    };
    let ltsa = state.app.offices(&filter, PageRequest::first(100)).await?;
    let mut offices = Vec::with_capacity(ltsa.items.len());
    for summary in ltsa.items {
        let detail = state.app.office(summary.id).await?;
        let regency = summary.area_code.regency();
        let regency_name = detail
            .ancestors
            .iter()
            .chain(std::iter::once(&detail.area))
            .find(|a| Some(&a.code) == regency.as_ref())
            .map(|a| a.name.clone())
            .unwrap_or_default();
        let village_centres = match &regency {
            Some(r) => {
                let f = OfficeFilter {
                    kind: Some(OfficeKind::VillageInformationCentre),
                    within: Some(r.clone()),
                    ..Default::default()
                };
                state.app.offices(&f, PageRequest::first(1)).await?.total
            }
            None => 0,
        };
        offices.push(OfficeCard {
            id: summary.id,
            name: summary.name,
            area_code: summary.area_code.as_str().to_string(),
            regency_name,
            address: detail.office.address,
            members: detail
                .members
                .iter()
                .filter(|m| m.kind != OrgKind::DistrictGovernment)
                .count(),
            village_centres,
        });
    }
    render(&HomePage { ctx, offices })
}
