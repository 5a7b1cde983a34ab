//! `/hotline`: the calls and messages the caller's organisation answered,
//! and the form to record one (anonymous by default).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::community::activity::AttendeeSex;
use satuatap_core::community::hotline::{
    HotlineChannel, HotlineContact, HotlineOutcome, HotlineTopic, NewHotlineContact,
};
use satuatap_core::paging::PageRequest;
use serde::Deserialize;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{field_errors, local_time, render, render_again, some, Choice, PageCtx};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ContactForm {
    #[serde(default)]
    channel: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    caller_sex: String,
    #[serde(default)]
    note: String,
}

pub struct ContactRow {
    at: String,
    channel: String,
    topic: String,
    outcome: String,
    caller: String,
}

#[derive(Template)]
#[template(path = "community/hotline.html")]
struct HotlinePage {
    ctx: PageCtx,
    rows: Vec<ContactRow>,
    channels: Vec<Choice>,
    topics: Vec<Choice>,
    outcomes: Vec<Choice>,
    sexes: Vec<Choice>,
    f: ContactForm,
    errors: Vec<String>,
}

async fn page(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    f: ContactForm,
    errors: Vec<String>,
) -> Result<HotlinePage, AppError> {
    let zone = state.app.time_zone();
    let list = state.app.hotline_contacts(call, PageRequest::first(50)).await?;
    let row = |c: &HotlineContact| ContactRow {
        at: local_time(&ctx, zone, c.at),
        channel: ctx.label("hotline-channel", c.channel.as_str()),
        topic: ctx.label("hotline-topic", c.topic.as_str()),
        outcome: ctx.label("hotline-outcome", c.outcome.as_str()),
        caller: match (&c.person_name, c.caller_sex) {
            (Some(n), _) => n.clone(),
            (None, Some(s)) => format!("{} ({})", ctx.t("hotline-anonymous"), ctx.label("sex", s.as_str())),
            (None, None) => ctx.t("hotline-anonymous"),
        },
    };
    let rows = list.items.iter().map(row).collect();
    // The contacts that name a person or a case are recorded through the API
    // or from her page; the form records the anonymous ones.
    let outcomes = HotlineOutcome::ALL.iter().filter(|o| **o != HotlineOutcome::CaseOpened).map(|o| o.as_str());
    Ok(HotlinePage {
        rows,
        channels: Choice::list(&ctx, "hotline-channel", HotlineChannel::ALL.iter().map(|c| c.as_str()), &f.channel),
        topics: Choice::list(&ctx, "hotline-topic", HotlineTopic::ALL.iter().map(|c| c.as_str()), &f.topic),
        outcomes: Choice::list(&ctx, "hotline-outcome", outcomes, &f.outcome),
        sexes: Choice::list(&ctx, "sex", AttendeeSex::ALL.iter().map(|c| c.as_str()), &f.caller_sex),
        ctx,
        f,
        errors,
    })
}

/// `GET /hotline`.
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    render(&page(&state, &call, ctx, ContactForm::default(), Vec::new()).await?)
}

/// `POST /hotline`: recorded, or the form again.
pub async fn record(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(f): Form<ContactForm>,
) -> Result<Response, AppError> {
    let input = NewHotlineContact {
        channel: f.channel.clone(),
        topic: f.topic.clone(),
        outcome: f.outcome.clone(),
        person_id: None,
        caller_sex: some(&f.caller_sex),
        case_id: None,
        note: some(&f.note),
    };
    match state.app.record_hotline_contact(&call, &input).await {
        Ok(_) => Ok(Redirect::to("/hotline").into_response()),
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            render_again(&page(&state, &call, ctx, f, errors).await?)
        }
    }
}
