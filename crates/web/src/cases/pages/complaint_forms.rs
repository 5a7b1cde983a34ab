//! The forms of the case page's labour complaint (respondent and claims,
//! mediation sessions, settlement, escalations) and of transfers. Each
//! calls the same service as the API; a refused input shows the case page
//! again (422) with the form filled with what was typed and its messages.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::cases::complaint::{NewClaim, NewComplaint, NewEscalation, NewSession, NewSettlement, NewTransfer};
use satuatap_core::money::{NumberStyle, RawAmount};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::cases::pages::cases::show_again;
use crate::cases::pages::refused::Refused;
use crate::error::AppError;
use crate::page::{some, PageCtx};
use crate::state::AppState;

fn to_case(id: Uuid, anchor: &str) -> Response {
    Redirect::to(&format!("/cases/{id}#{anchor}")).into_response()
}

#[derive(Deserialize, Serialize, Default)]
pub struct ComplaintForm {
    #[serde(default)]
    respondent_organisation_code: String,
    #[serde(default)]
    respondent_name: String,
    /// One value per claim row, in the order of the rows.
    #[serde(default)]
    claim_item: Vec<String>,
    #[serde(default)]
    claim_amount: Vec<String>,
    #[serde(default)]
    claim_currency: Vec<String>,
}

impl ComplaintForm {
    /// The claim rows filled in (a row with neither item nor amount is an
    /// unused row, whatever its currency says).
    fn claims(&self, style: NumberStyle) -> Vec<NewClaim> {
        let at = |v: &Vec<String>, i: usize| v.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
        let rows = self.claim_item.len().max(self.claim_amount.len()).max(self.claim_currency.len());
        (0..rows)
            .map(|i| (at(&self.claim_item, i), at(&self.claim_amount, i), at(&self.claim_currency, i)))
            .filter(|(item, amount, _)| !item.is_empty() || !amount.is_empty())
            .map(|(item, amount, currency)| NewClaim { item, amount: RawAmount::Written(amount, style), currency })
            .collect()
    }
}

/// `POST /cases/{id}/complaint`: records (or replaces) the respondent and the claims.
pub async fn complaint(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    axum_extra::extract::Form(f): axum_extra::extract::Form<ComplaintForm>,
) -> Result<Response, AppError> {
    let input = NewComplaint {
        respondent_organisation_code: some(&f.respondent_organisation_code),
        respondent_name: some(&f.respondent_name),
        claims: f.claims(ctx.lang.number_style()),
    };
    match state.app.set_complaint(&call, id, &input).await {
        Ok(_) => Ok(to_case(id, "complaint")),
        Err(e) => show_again(&state, &call, ctx, id, Refused::of("complaint-form", &f), e).await,
    }
}

#[derive(Deserialize, Serialize, Default)]
pub struct SessionForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    parties: String,
    #[serde(default)]
    result: String,
    #[serde(default)]
    note: String,
}

/// `POST /cases/{id}/complaint/sessions`: a mediation session.
pub async fn session(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<SessionForm>,
) -> Result<Response, AppError> {
    let input =
        NewSession { date: f.date.clone(), parties: f.parties.clone(), result: f.result.clone(), note: some(&f.note) };
    match state.app.add_mediation_session(&call, id, &input).await {
        Ok(_) => Ok(to_case(id, "mediation")),
        Err(e) => show_again(&state, &call, ctx, id, Refused::of("session-form", &f), e).await,
    }
}

#[derive(Deserialize, Serialize, Default)]
pub struct SettlementForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    amount_recovered: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    terms: String,
}

/// `POST /cases/{id}/complaint/settlement`: the settlement and the amount recovered.
pub async fn settlement(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<SettlementForm>,
) -> Result<Response, AppError> {
    let input = NewSettlement {
        date: f.date.clone(),
        amount_recovered: RawAmount::Written(f.amount_recovered.clone(), ctx.lang.number_style()),
        currency: f.currency.clone(),
        terms: some(&f.terms),
    };
    match state.app.settle(&call, id, &input).await {
        Ok(_) => Ok(to_case(id, "settlement")),
        Err(e) => show_again(&state, &call, ctx, id, Refused::of("settlement-form", &f), e).await,
    }
}

#[derive(Deserialize, Serialize, Default)]
pub struct EscalationForm {
    #[serde(default)]
    channel: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    reference: String,
}

/// `POST /cases/{id}/complaint/escalations`: an escalation to a formal channel.
pub async fn escalation(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<EscalationForm>,
) -> Result<Response, AppError> {
    let input = NewEscalation { channel: f.channel.clone(), date: f.date.clone(), reference: some(&f.reference) };
    match state.app.escalate(&call, id, &input).await {
        Ok(_) => Ok(to_case(id, "escalations")),
        Err(e) => show_again(&state, &call, ctx, id, Refused::of("escalation-form", &f), e).await,
    }
}

#[derive(Deserialize, Serialize, Default)]
pub struct TransferForm {
    #[serde(default)]
    organisation_code: String,
    #[serde(default)]
    reason: String,
}

/// `POST /cases/{id}/transfer`: asks another organisation to take the case over.
pub async fn transfer(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<TransferForm>,
) -> Result<Response, AppError> {
    let input = NewTransfer { organisation_code: f.organisation_code.clone(), reason: f.reason.clone() };
    match state.app.request_transfer(&call, id, &input).await {
        Ok(_) => Ok(to_case(id, "transfers")),
        Err(e) => show_again(&state, &call, ctx, id, Refused::of("transfer-form", &f), e).await,
    }
}

#[derive(Deserialize, Serialize, Default)]
pub struct AnswerForm {
    #[serde(default)]
    comment: String,
}

/// `POST /transfers/{id}/accept`: the case moves here; its page is now ours.
pub async fn accept(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, AppError> {
    match state.app.decide_transfer(&call, id, true, some(&f.comment).as_deref()).await {
        Ok(transfer) => Ok(to_case(transfer.case_id, "transfers")),
        Err(e) => answer_again(&state, &call, ctx, id, f, e).await,
    }
}

/// `POST /transfers/{id}/decline`: declined, saying why (the comment is required).
pub async fn decline(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<AnswerForm>,
) -> Result<Response, AppError> {
    match state.app.decide_transfer(&call, id, false, some(&f.comment).as_deref()).await {
        Ok(_) => Ok(Redirect::to("/cases/caseload#incoming").into_response()),
        Err(e) => answer_again(&state, &call, ctx, id, f, e).await,
    }
}

/// A refused answer to a transfer: the caseload again (422), the message in
/// that transfer's form, the comment as typed; other errors go to the error
/// page.
async fn answer_again(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    id: Uuid,
    f: AnswerForm,
    e: satuatap_core::Error,
) -> Result<Response, AppError> {
    let errors = crate::page::field_errors(state, &ctx, e)?;
    let refused = crate::cases::pages::cases::TransferRefusal { id, comment: f.comment, errors };
    crate::page::render_again(&crate::cases::pages::cases::caseload_page(state, call, ctx, Some(refused), false).await?)
}
