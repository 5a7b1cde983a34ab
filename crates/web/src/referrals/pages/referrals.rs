//! Referral pages for users: a case's referral form (with the pathway's
//! suggestions), the organisation's sent and received referrals, one
//! referral with its answers, its printable form, and notifications.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use satuatap_core::access::Permission;
use satuatap_core::directory::model::{ServiceFilter, ServiceStatus};
use satuatap_core::paging::PageRequest;
use satuatap_core::referrals::referral::{
    Need, NewReferral, ReferralAction, ReferralLink, ReferralStatus, ReferralView, SharedItem, Urgency,
};
use satuatap_core::ReferralBox;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{field_errors, render, render_again, some, Choice, ListShape, PageCtx};
use crate::state::AppState;

/// A referral in a list, ready to show.
pub struct ReferralRow {
    pub id: Uuid,
    pub service: String,
    /// The other side: the receiver in "sent", the sender in "received".
    pub other: String,
    pub status: String,
    pub urgency: String,
    pub need: String,
    pub due: String,
    pub overdue: bool,
}

impl ReferralRow {
    pub fn of(ctx: &PageCtx, v: &ReferralView, received: bool) -> Self {
        let r = &v.referral;
        ReferralRow {
            id: r.id,
            service: v.service_name.clone(),
            other: if received { v.from_organisation_name.clone() } else { v.to_organisation_name.clone() },
            status: ctx.label("referral-status", r.status.as_str()),
            urgency: ctx.label("urgency", r.urgency.as_str()),
            need: r.need.map(|n| ctx.label("need", n.as_str())).unwrap_or_default(),
            due: match r.status {
                ReferralStatus::Accepted => r.completion_due.to_string(),
                _ => r.answer_due.format("%Y-%m-%d %H:%M").to_string(),
            },
            overdue: r.overdue,
        }
    }
}

/// A notification as listed.
pub struct NotificationRow {
    pub id: Uuid,
    /// Where the notice leads: the referral, or the accounts to confirm.
    pub href: String,
    pub what: String,
    pub at: String,
    pub unread: bool,
}

/// Referral work shown on "my work" and the caseload.
#[derive(Default)]
pub struct WorkView {
    pub overdue: Vec<ReferralRow>,
    pub inbox: Vec<ReferralRow>,
    /// The organisation's overdue referrals (supervisors).
    pub organisation_overdue: Vec<ReferralRow>,
    pub notifications: Vec<NotificationRow>,
    /// The caller handles referrals.
    pub shown: bool,
}

impl WorkView {
    pub async fn of(
        app: &satuatap_core::App,
        call: &satuatap_core::access::Ctx,
        ctx: &PageCtx,
    ) -> Result<Self, AppError> {
        if call.actor.scope_of(Permission::ReferralsManage).is_none() {
            return Ok(Self::default());
        }
        let w = app.referral_work(call).await?;
        Ok(WorkView {
            overdue: w.overdue_sent.iter().map(|v| ReferralRow::of(ctx, v, false)).collect(),
            inbox: w.inbox.iter().map(|v| ReferralRow::of(ctx, v, true)).collect(),
            organisation_overdue: w.organisation_overdue.iter().map(|v| ReferralRow::of(ctx, v, false)).collect(),
            notifications: w
                .notifications
                .iter()
                .map(|n| NotificationRow {
                    id: n.id,
                    href: match (n.referral_id, n.account_id) {
                        (Some(r), _) => format!("/referrals/{r}"),
                        _ => "/admin/users".to_string(),
                    },
                    what: ctx.label("notification", n.kind.as_str()),
                    at: n.created_at.format("%Y-%m-%d %H:%M").to_string(),
                    unread: n.read_at.is_none(),
                })
                .collect(),
            shown: true,
        })
    }
}

const LIST: ListShape =
    ListShape { action: "/referrals", trigger: "change from:select, submit", none: "referrals-none" };

#[derive(Template)]
#[template(path = "referrals/referrals.html")]
struct ListPage {
    ctx: PageCtx,
    list: ListShape,
    received: bool,
    statuses: Vec<Choice>,
    items: Vec<ReferralRow>,
    pager: crate::page::Pager,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(rename = "box")]
    which: Option<String>,
    status: Option<String>,
    offset: Option<u64>,
}

/// `GET /referrals`: what the organisation sent (`?box=sent`) or received.
pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let received = q.which.as_deref() == Some("received");
    let status = crate::page::optional(&q.status, |s| ReferralStatus::parse("status", s))?;
    let page = state
        .app
        .referrals(
            &call,
            if received { ReferralBox::Received } else { ReferralBox::Sent },
            status.into_iter().collect(),
            PageRequest::new(Some(50), q.offset),
        )
        .await?;
    let status_code = status.map(|s| s.as_str()).unwrap_or("");
    let which = if received { "received" } else { "sent" };
    let pager = ctx.pager(&page, "/referrals", &[("box", which), ("status", status_code)]);
    render(&ListPage {
        list: LIST,
        items: page.items.iter().map(|v| ReferralRow::of(&ctx, v, received)).collect(),
        statuses: Choice::list(&ctx, "referral-status", ReferralStatus::ALL.iter().map(|s| s.as_str()), status_code),
        received,
        pager,
        ctx,
    })
}

/// Labels of what a referral shares, and whether each is restricted content.
pub struct ShareChoice {
    code: &'static str,
    label: String,
    restricted: bool,
    checked: bool,
}

/// A service to choose, with the pathway position when suggested.
pub struct ServiceChoice {
    id: Uuid,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "referrals/referral_new.html")]
struct NewPage {
    ctx: PageCtx,
    case_id: Uuid,
    person: String,
    restricted: bool,
    /// (need label, need code, providers in order)
    suggestions: Vec<(String, String, Vec<ServiceChoice>)>,
    services: Vec<ServiceChoice>,
    needs: Vec<Choice>,
    urgencies: Vec<Choice>,
    shares: Vec<ShareChoice>,
    can_override: bool,
    /// Why the form came back, and what was typed in it.
    errors: Vec<String>,
    f: NewForm,
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    service_id: Option<Uuid>,
    need: Option<String>,
}

/// `GET /cases/{id}/referrals/new`: the referral form, with the providers
/// the district's pathways suggest for the case's needs.
pub async fn new_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let f = NewForm {
        service_id: q.service_id.map(|s| s.to_string()).into_iter().collect(),
        need: q.need.unwrap_or_default(),
        urgency: Urgency::Urgent.as_str().to_string(),
        ..Default::default()
    };
    render(&form_page(&state, &call, ctx, id, f, None, Vec::new()).await?)
}

/// The referral form of case `id` showing `f` (`share`: the items ticked, or
/// the defaults for a new form) and `errors`.
async fn form_page(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    ctx: PageCtx,
    id: Uuid,
    f: NewForm,
    share: Option<&[String]>,
    errors: Vec<String>,
) -> Result<NewPage, AppError> {
    let app = &state.app;
    let case = app.case(call, id).await?;
    let person = app.person_names(call, &[case.person_id]).await?.remove(&case.person_id).unwrap_or_default();
    let chosen = f.service_id.iter().find_map(|s| Uuid::try_parse(s.trim()).ok());
    let suggestions = app
        .referral_suggestions(call, id)
        .await?
        .into_iter()
        .filter(|p| !p.steps.is_empty())
        .map(|p| {
            let steps = p
                .steps
                .iter()
                .map(|s| ServiceChoice {
                    id: s.service_id,
                    label: format!("{}. {} — {}", s.position, s.service_name, s.organisation_name),
                    selected: chosen == Some(s.service_id),
                })
                .collect();
            (ctx.label("need", p.need.as_str()), p.need.as_str().to_string(), steps)
        })
        .collect();
    let filter = ServiceFilter {
        within: Some(case.district_code.regency().unwrap_or_else(|| case.district_code.clone())),
        status: Some(ServiceStatus::Active),
        ..Default::default()
    };
    let services = app
        .services(&filter, PageRequest::first(PageRequest::MAX_LIMIT))
        .await?
        .items
        .into_iter()
        .filter(|s| s.organisation_id != case.organisation_id)
        .map(|s| ServiceChoice {
            selected: chosen == Some(s.id),
            label: format!("{} — {}", s.name, s.organisation_name),
            id: s.id,
        })
        .collect();
    let defaults = SharedItem::defaults(case.restricted);
    Ok(NewPage {
        case_id: id,
        person,
        restricted: case.restricted,
        suggestions,
        services,
        needs: Choice::list(&ctx, "need", Need::ALL.iter().map(|n| n.as_str()), &f.need),
        urgencies: Choice::list(&ctx, "urgency", Urgency::ALL.iter().map(|u| u.as_str()), &f.urgency),
        shares: SharedItem::ALL
            .iter()
            .map(|i| ShareChoice {
                code: i.as_str(),
                label: ctx.label("shared", i.as_str()),
                restricted: i.is_restricted(case.restricted),
                checked: match share {
                    Some(ticked) => ticked.iter().any(|t| t == i.as_str()),
                    None => defaults.contains(i),
                },
            })
            .collect(),
        can_override: call.actor.scope_of(Permission::CasesSupervise).is_some(),
        errors,
        f,
        ctx,
    })
}

#[derive(Deserialize, Default)]
pub struct NewForm {
    /// A suggested provider (radio) or another service (select): the first given.
    #[serde(default)]
    service_id: Vec<String>,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    urgency: String,
    #[serde(default)]
    need: String,
    #[serde(default)]
    answer_due: String,
    #[serde(default)]
    completion_due: String,
    #[serde(default)]
    share: Vec<String>,
    #[serde(default)]
    override_reason: String,
}

/// `POST /cases/{id}/referrals/new`: sends the referral (the same service as
/// the API); a refusal shows the form again with what was entered.
pub async fn send(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    axum_extra::extract::Form(f): axum_extra::extract::Form<NewForm>,
) -> Result<Response, AppError> {
    let sent = match f.service_id.iter().find_map(|s| Uuid::try_parse(s.trim()).ok()) {
        None => Err(satuatap_core::Error::invalid("service_id", "required")),
        Some(service_id) => {
            let input = NewReferral {
                case_id: id,
                service_id,
                reason: f.reason.clone(),
                urgency: f.urgency.clone(),
                need: some(&f.need),
                answer_due: some(&f.answer_due),
                completion_due: some(&f.completion_due),
                share: Some(f.share.clone()),
                override_reason: some(&f.override_reason),
            };
            state.app.send_referral(&call, &input).await
        }
    };
    match sent {
        Ok(sent) => Ok(Redirect::to(&format!("/referrals/{}", sent.id)).into_response()),
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            let share = f.share.clone();
            render_again(&form_page(&state, &call, ctx, id, f, Some(&share), errors).await?)
        }
    }
}

#[derive(Template)]
#[template(path = "referrals/referral.html")]
struct ShowPage {
    ctx: PageCtx,
    v: ReferralView,
    status: String,
    urgency: String,
    need: String,
    shared: Vec<String>,
    received: bool,
    sex: String,
    case_kind: String,
    /// The shared needs: pathway needs by their label, others as written.
    needs: String,
    link: Option<(String, ReferralLink)>,
    can_renew: bool,
}

/// `GET /referrals/{id}`: one referral as the reader may see it.
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, caller): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let v = state.app.referral(&call, id).await?;
    let received = caller.actor().user().is_some_and(|u| u.organisation_id == v.referral.to_organisation_id);
    let link = if v.referral.external && !received {
        let link = state.app.referral_link(&call, id).await?;
        Some((format!("{}/r/{}", state.settings.public_url, link.token), link))
    } else {
        None
    };
    let r = &v.referral;
    let info = v.shared_info.as_ref();
    render(&ShowPage {
        status: ctx.label("referral-status", r.status.as_str()),
        urgency: ctx.label("urgency", r.urgency.as_str()),
        need: r.need.map(|n| ctx.label("need", n.as_str())).unwrap_or_default(),
        shared: r.shared.iter().map(|i| ctx.label("shared", i.as_str())).collect(),
        sex: info.and_then(|i| i.sex.as_deref()).map(|s| ctx.label("sex", s)).unwrap_or_default(),
        case_kind: info.and_then(|i| i.case_kind.as_deref()).map(|k| ctx.label("case-kind", k)).unwrap_or_default(),
        needs: info
            .map(|i| {
                i.needs
                    .iter()
                    .map(|n| n.parse::<Need>().map(|k| ctx.label("need", k.as_str())).unwrap_or_else(|()| n.clone()))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        can_renew: link.is_some() && !r.status.allowed().is_empty(),
        received,
        link,
        v,
        ctx,
    })
}

#[derive(Template)]
#[template(path = "referrals/referral_print.html")]
struct PrintPage {
    ctx: PageCtx,
    v: ReferralView,
    url: String,
    /// Where the code is typed in.
    code_url: String,
    link: ReferralLink,
    urgency: String,
    need: String,
    sex: String,
}

/// `GET /referrals/{id}/print`: the referral form to print for an outside
/// provider, with its link and code.
pub async fn print(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let v = state.app.referral(&call, id).await?;
    let link = state.app.referral_link(&call, id).await?;
    let r = &v.referral;
    render(&PrintPage {
        url: format!("{}/r/{}", state.settings.public_url, link.token),
        code_url: format!("{}/r", state.settings.public_url),
        urgency: ctx.label("urgency", r.urgency.as_str()),
        need: r.need.map(|n| ctx.label("need", n.as_str())).unwrap_or_default(),
        sex: v.shared_info.as_ref().and_then(|i| i.sex.as_deref()).map(|s| ctx.label("sex", s)).unwrap_or_default(),
        link,
        v,
        ctx,
    })
}

#[derive(Deserialize, Default)]
pub struct AnswerForm {
    #[serde(default)]
    text: String,
}

/// A move of a referral from its page, back to the page.
async fn answer(
    state: &AppState,
    call: &satuatap_core::access::Ctx,
    id: Uuid,
    action: ReferralAction,
    f: &AnswerForm,
) -> Result<Response, AppError> {
    state.app.answer_referral(call, id, action, some(&f.text).as_deref()).await?;
    Ok(Redirect::to(&format!("/referrals/{id}")).into_response())
}

/// `POST /referrals/{id}/accept`: the receiving organisation accepts.
pub async fn accept(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<AnswerForm>,
) -> Result<Response, AppError> {
    answer(&state, &call, id, ReferralAction::Accept, &f).await
}

/// `POST /referrals/{id}/decline`: the receiving organisation declines, saying why.
pub async fn decline(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<AnswerForm>,
) -> Result<Response, AppError> {
    answer(&state, &call, id, ReferralAction::Decline, &f).await
}

/// `POST /referrals/{id}/complete`: the receiving organisation reports completion.
pub async fn complete(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<AnswerForm>,
) -> Result<Response, AppError> {
    answer(&state, &call, id, ReferralAction::Complete, &f).await
}

/// `POST /referrals/{id}/cancel`: the sender cancels.
pub async fn cancel(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<AnswerForm>,
) -> Result<Response, AppError> {
    answer(&state, &call, id, ReferralAction::Cancel, &f).await
}

/// `POST /referrals/{id}/link`: a new link (the old one stops working).
pub async fn renew_link(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    state.app.renew_referral_link(&call, id).await?;
    Ok(Redirect::to(&format!("/referrals/{id}#link")).into_response())
}

/// `POST /notifications/{id}/read`, back to where the user was.
pub async fn read_notification(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    state.app.read_notification(&call, id).await?;
    Ok(Redirect::to("/cases#notifications").into_response())
}
