//! Recording a departure or a return (with, for a return with needs, a
//! warning or a referral to the LTSA-MRC in the same step).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::community::notice::{
    DepartureChannel, NewDeparture, NewReturn, ReportedBy, ReturnFollowUp, ReturnNeed, ReturnReason,
};
use satuatap_core::registry::person::Person;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{destination_choices, field_errors, render, render_again, some, Choice, PageCtx};
use crate::state::AppState;

/// One form for both notices: the departure uses `channel`, the return
/// `reason`, `needs`, `follow_up` and `note`.
#[derive(Deserialize, Default)]
pub struct NoticeForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    country_other: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    reported_by: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    needs: Vec<String>,
    #[serde(default)]
    follow_up: String,
    #[serde(default)]
    note: String,
}

impl NoticeForm {
    fn country(&self) -> String {
        some(&self.country_other).or_else(|| some(&self.country)).unwrap_or_default()
    }
}

pub struct NeedChoice {
    code: &'static str,
    label: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "community/notice_form.html")]
struct FormPage {
    ctx: PageCtx,
    p: Person,
    /// `departure` or `return`.
    kind: &'static str,
    countries: Vec<Choice>,
    channels: Vec<Choice>,
    reporters: Vec<Choice>,
    reasons: Vec<Choice>,
    needs: Vec<NeedChoice>,
    follow_ups: Vec<Choice>,
    f: NoticeForm,
    errors: Vec<String>,
}

impl FormPage {
    /// A translation key of this notice's kind, e.g. `return-title`.
    fn key(&self, suffix: &str) -> String {
        format!("{}-{suffix}", self.kind)
    }
}

fn form_page(ctx: PageCtx, p: Person, kind: &'static str, f: NoticeForm, errors: Vec<String>) -> FormPage {
    FormPage {
        countries: destination_choices(&ctx, &f.country),
        channels: Choice::list(&ctx, "departure-channel", DepartureChannel::ALL.iter().map(|c| c.as_str()), &f.channel),
        reporters: Choice::list(&ctx, "reported-by", ReportedBy::ALL.iter().map(|c| c.as_str()), &f.reported_by),
        reasons: Choice::list(&ctx, "return-reason", ReturnReason::ALL.iter().map(|c| c.as_str()), &f.reason),
        needs: ReturnNeed::ALL
            .iter()
            .map(|n| NeedChoice {
                code: n.as_str(),
                label: ctx.label("return-need", n.as_str()),
                checked: f.needs.iter().any(|x| x == n.as_str()),
            })
            .collect(),
        follow_ups: Choice::list(
            &ctx,
            "return-follow-up",
            ReturnFollowUp::ALL.iter().map(|c| c.as_str()),
            &f.follow_up,
        ),
        ctx,
        p,
        kind,
        f,
        errors,
    }
}

/// `GET /people/{id}/departure`.
pub async fn departure_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let p = state.app.person(&call, id).await?;
    render(&form_page(ctx, p, "departure", NoticeForm::default(), Vec::new()))
}

/// `GET /people/{id}/return`.
pub async fn return_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let p = state.app.person(&call, id).await?;
    render(&form_page(ctx, p, "return", NoticeForm::default(), Vec::new()))
}

/// `POST /people/{id}/departure`.
pub async fn departure_save(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<NoticeForm>,
) -> Result<Response, AppError> {
    let input = NewDeparture {
        date: f.date.clone(),
        destination: f.country(),
        channel: f.channel.clone(),
        reported_by: f.reported_by.clone(),
    };
    match state.app.record_departure(&call, id, &input).await {
        Ok(_) => Ok(Redirect::to("/community#notices").into_response()),
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            let p = state.app.person(&call, id).await?;
            render_again(&form_page(ctx, p, "departure", f, errors))
        }
    }
}

/// `POST /people/{id}/return`: with a warning raised, to the warning's page.
pub async fn return_save(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    axum_extra::extract::Form(f): axum_extra::extract::Form<NoticeForm>,
) -> Result<Response, AppError> {
    let input = NewReturn {
        date: f.date.clone(),
        from_country: f.country(),
        reason: f.reason.clone(),
        needs: f.needs.clone(),
        reported_by: f.reported_by.clone(),
        follow_up: some(&f.follow_up),
        note: some(&f.note),
    };
    match state.app.record_return(&call, id, &input).await {
        Ok(n) => Ok(match n.warning_id {
            Some(w) => Redirect::to(&format!("/warnings/{w}")),
            None => Redirect::to("/community#notices"),
        }
        .into_response()),
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            let p = state.app.person(&call, id).await?;
            render_again(&form_page(ctx, p, "return", f, errors))
        }
    }
}
