//! The home page: the one-roof offices and where to go next.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use satuatap_core::organisations::organisation::OfficeOverview;

use crate::error::AppError;
use crate::page::{render, PageCtx};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    offices: Vec<OfficeOverview>,
}

pub async fn show(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, AppError> {
    let offices = state.app.ltsa_overview().await?;
    render(&HomePage { ctx, offices })
}
