//! Forms under a person: consent, a visit, a migration episode, a relative,
//! and merging a duplicate. Each posts to the same core service as the API;
//! invalid input comes back with every field error named.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::access::Ctx;
use satuatap_core::money::{NumberStyle, RawAmount};
use satuatap_core::organisations::organisation::{OfficeFilter, OrgKind, OrganisationFilter};
use satuatap_core::paging::PageRequest;
use satuatap_core::registry::consent::{ConsentMethod, ConsentPurpose, ConsentStatus, NewConsent};
use satuatap_core::registry::episode::{CostItem, ExternalId, MigrationStage, NewCost, NewEpisode, NewMoney, Sector};
use satuatap_core::registry::family::{NewRelative, Relationship};
use satuatap_core::registry::person::Person;
use satuatap_core::registry::visit::{Channel, NewVisit};
use satuatap_core::repo::PersonFilter;
use satuatap_core::{App, Error};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{field_errors, render, render_again, some, Choice, PageCtx};
use crate::state::AppState;

fn back_to(id: Uuid, anchor: &str) -> Response {
    Redirect::to(&format!("/people/{id}#{anchor}")).into_response()
}

/// Organisations of the person's district (to name in a consent).
async fn district_organisations(app: &App, p: &Person, selected: &str) -> Result<Vec<Choice>, AppError> {
    let filter = OrganisationFilter { within: Some(p.district_code.clone()), ..Default::default() };
    let orgs = app.organisations(&filter, PageRequest::first(200)).await?;
    Ok(orgs
        .items
        .into_iter()
        .filter(|o| !matches!(o.kind, OrgKind::PlacementAgency | OrgKind::Employer))
        .map(|o| Choice { selected: o.code == selected, label: format!("{} ({})", o.name, o.code), code: o.code })
        .collect())
}

// ---- consent -------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ConsentForm {
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    organisation_code: String,
    #[serde(default)]
    note: String,
}

#[derive(Template)]
#[template(path = "registry/person_consent.html")]
struct ConsentPage {
    ctx: PageCtx,
    p: Person,
    purposes: Vec<Choice>,
    statuses: Vec<Choice>,
    methods: Vec<Choice>,
    organisations: Vec<Choice>,
    f: ConsentForm,
    errors: Vec<String>,
}

async fn consent_page(
    app: &App,
    ctx: PageCtx,
    p: Person,
    f: ConsentForm,
    errors: Vec<String>,
) -> Result<ConsentPage, AppError> {
    Ok(ConsentPage {
        purposes: Choice::list(&ctx, "consent-purpose", ConsentPurpose::ALL.iter().map(|c| c.as_str()), &f.purpose),
        statuses: Choice::list(&ctx, "consent-status", ConsentStatus::ALL.iter().map(|c| c.as_str()), &f.status),
        methods: Choice::list(&ctx, "consent-method", ConsentMethod::ALL.iter().map(|c| c.as_str()), &f.method),
        organisations: district_organisations(app, &p, &f.organisation_code).await?,
        ctx,
        p,
        f,
        errors,
    })
}

/// What the consent form may be opened with (from the hand-over page).
#[derive(Deserialize, Default)]
pub struct ConsentPrefill {
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    organisation_code: String,
}

pub async fn consent_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    axum::extract::Query(q): axum::extract::Query<ConsentPrefill>,
) -> Result<Response, AppError> {
    let p = state.app.person(&call, id).await?;
    let f = ConsentForm {
        status: "given".into(),
        purpose: q.purpose,
        organisation_code: q.organisation_code,
        ..Default::default()
    };
    render(&consent_page(&state.app, ctx, p, f, Vec::new()).await?)
}

pub async fn consent_save(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<ConsentForm>,
) -> Result<Response, AppError> {
    let input = NewConsent {
        purpose: f.purpose.clone(),
        status: f.status.clone(),
        method: f.method.clone(),
        date: some(&f.date),
        organisation_code: some(&f.organisation_code),
        note: some(&f.note),
    };
    match state.app.record_consent(&call, id, &input).await {
        Ok(_) => Ok(back_to(id, "consents")),
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            let p = state.app.person(&call, id).await?;
            render_again(&consent_page(&state.app, ctx, p, f, errors).await?)
        }
    }
}

// ---- visit ---------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct VisitForm {
    #[serde(default)]
    office_code: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    purpose: String,
    /// Organisation codes of the desks, `desks=A&desks=B`.
    #[serde(default)]
    desks: Vec<String>,
}

pub struct OfficeChoice {
    code: String,
    name: String,
    selected: bool,
    desks: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "registry/person_visit.html")]
struct VisitPage {
    ctx: PageCtx,
    p: Person,
    offices: Vec<OfficeChoice>,
    channels: Vec<Choice>,
    f: VisitForm,
    errors: Vec<String>,
}

async fn visit_page(
    app: &App,
    ctx: PageCtx,
    p: Person,
    f: VisitForm,
    errors: Vec<String>,
) -> Result<VisitPage, AppError> {
    let filter = OfficeFilter { within: Some(p.district_code.clone()), ..Default::default() };
    let mut offices = Vec::new();
    for o in app.offices(&filter, PageRequest::first(50)).await?.items {
        let detail = app.office(o.id).await?;
        let selected = o.code == f.office_code;
        let desks = detail
            .members
            .into_iter()
            .map(|m| Choice { selected: selected && f.desks.contains(&m.code), label: m.name, code: m.code })
            .collect();
        offices.push(OfficeChoice { selected, code: o.code, name: o.name, desks });
    }
    let channel = if f.channel.is_empty() { "walk_in" } else { f.channel.as_str() };
    Ok(VisitPage {
        channels: Choice::list(&ctx, "channel", Channel::ALL.iter().map(|c| c.as_str()), channel),
        offices,
        ctx,
        p,
        f,
        errors,
    })
}

pub async fn visit_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let p = state.app.person(&call, id).await?;
    render(&visit_page(&state.app, ctx, p, VisitForm::default(), Vec::new()).await?)
}

pub async fn visit_save(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    axum_extra::extract::Form(f): axum_extra::extract::Form<VisitForm>,
) -> Result<Response, AppError> {
    let input = NewVisit {
        office_code: f.office_code.clone(),
        channel: f.channel.clone(),
        desks: f.desks.clone(),
        purpose: some(&f.purpose),
    };
    match state.app.record_visit(&call, id, &input).await {
        Ok(_) => Ok(back_to(id, "visits")),
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            let p = state.app.person(&call, id).await?;
            render_again(&visit_page(&state.app, ctx, p, f, errors).await?)
        }
    }
}

// ---- episode -------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct EpisodeForm {
    #[serde(default)]
    stage: String,
    #[serde(default)]
    destination: String,
    #[serde(default)]
    destination_other: String,
    #[serde(default)]
    sector: String,
    #[serde(default)]
    occupation: String,
    #[serde(default)]
    employer: String,
    #[serde(default)]
    placement_agency_code: String,
    #[serde(default)]
    departure_date: String,
    #[serde(default)]
    return_date: String,
    #[serde(default)]
    documented: String,
    #[serde(default)]
    pmi_number: String,
    #[serde(default)]
    cost_item: Vec<String>,
    #[serde(default)]
    cost_amount: Vec<String>,
    #[serde(default)]
    cost_currency: Vec<String>,
    #[serde(default)]
    cost_date: Vec<String>,
    #[serde(default)]
    earnings_amount: String,
    #[serde(default)]
    earnings_currency: String,
    #[serde(default)]
    note: String,
}

impl EpisodeForm {
    /// The input, amounts read the way of the page's language.
    fn to_input(&self, style: NumberStyle) -> NewEpisode {
        let at = |v: &Vec<String>, i: usize| v.get(i).map(String::as_str).unwrap_or("").trim().to_string();
        let recruitment_costs = (0..self.cost_amount.len())
            .filter(|i| !at(&self.cost_amount, *i).is_empty())
            .map(|i| NewCost {
                item: at(&self.cost_item, i),
                amount: RawAmount::Written(at(&self.cost_amount, i), style),
                currency: at(&self.cost_currency, i),
                date: some(&at(&self.cost_date, i)),
            })
            .collect();
        NewEpisode {
            stage: self.stage.clone(),
            destination: some(&self.destination_other).or_else(|| some(&self.destination)),
            sector: some(&self.sector),
            occupation: some(&self.occupation),
            employer: some(&self.employer),
            placement_agency_code: some(&self.placement_agency_code),
            departure_date: some(&self.departure_date),
            return_date: some(&self.return_date),
            documented: match self.documented.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            external_ids: some(&self.pmi_number)
                .map(|v| vec![ExternalId { scheme: "siskop2mi".into(), value: v }])
                .unwrap_or_default(),
            recruitment_costs,
            first_month_earnings: some(&self.earnings_amount).map(|a| NewMoney {
                amount: RawAmount::Written(a, style),
                currency: self.earnings_currency.trim().to_string(),
            }),
            note: some(&self.note),
        }
    }
}

pub struct CostRow {
    items: Vec<Choice>,
    amount: String,
    currency: String,
    date: String,
}

#[derive(Template)]
#[template(path = "registry/person_episode.html")]
struct EpisodePage {
    ctx: PageCtx,
    p: Person,
    stages: Vec<Choice>,
    destinations: Vec<Choice>,
    sectors: Vec<Choice>,
    agencies: Vec<Choice>,
    costs: Vec<CostRow>,
    f: EpisodeForm,
    errors: Vec<String>,
}

async fn episode_page(
    app: &App,
    ctx: PageCtx,
    p: Person,
    f: EpisodeForm,
    errors: Vec<String>,
) -> Result<EpisodePage, AppError> {
    let stages = MigrationStage::ALL.iter().filter(|s| **s != MigrationStage::FamilyMember).map(|s| s.as_str());
    let destinations = crate::page::destination_choices(&ctx, &f.destination);
    let agencies = crate::page::agency_choices(app, &f.placement_agency_code).await?;
    let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
    let costs = (0..3)
        .map(|i| CostRow {
            items: Choice::list(&ctx, "cost", CostItem::ALL.iter().map(|c| c.as_str()), &at(&f.cost_item, i)),
            amount: at(&f.cost_amount, i),
            currency: Some(at(&f.cost_currency, i)).filter(|c| !c.is_empty()).unwrap_or_else(|| "IDR".into()),
            date: at(&f.cost_date, i),
        })
        .collect();
    Ok(EpisodePage {
        stages: Choice::list(&ctx, "stage", stages, &f.stage),
        sectors: Choice::list(&ctx, "sector", Sector::ALL.iter().map(|s| s.as_str()), &f.sector),
        destinations,
        agencies,
        costs,
        ctx,
        p,
        f,
        errors,
    })
}

pub async fn episode_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let p = state.app.shared_person(&call, id).await?;
    render(&episode_page(&state.app, ctx, p, EpisodeForm::default(), Vec::new()).await?)
}

pub async fn episode_save(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    axum_extra::extract::Form(f): axum_extra::extract::Form<EpisodeForm>,
) -> Result<Response, AppError> {
    match state.app.record_episode(&call, id, &f.to_input(ctx.lang.number_style())).await {
        Ok(_) => Ok(back_to(id, "episodes")),
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            let p = state.app.shared_person(&call, id).await?;
            render_again(&episode_page(&state.app, ctx, p, f, errors).await?)
        }
    }
}

// ---- relative ------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct RelativeQuery {
    q: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct RelativeForm {
    #[serde(default)]
    relative_id: String,
    #[serde(default)]
    relationship: String,
}

#[derive(Template)]
#[template(path = "registry/person_relative.html")]
struct RelativePage {
    ctx: PageCtx,
    p: Person,
    q: String,
    /// (id, name, sex and birth)
    found: Vec<(Uuid, String, String)>,
    relationships: Vec<Choice>,
    errors: Vec<String>,
}

async fn relative_page(
    app: &App,
    call: &Ctx,
    ctx: PageCtx,
    p: Person,
    q: String,
    f: &RelativeForm,
    errors: Vec<String>,
) -> Result<RelativePage, AppError> {
    let mut found = Vec::new();
    if !q.trim().is_empty() {
        let page = app.people(call, Some(&q), PersonFilter::default(), PageRequest::first(20)).await?;
        for r in page.items.into_iter().filter(|r| r.id != p.id) {
            let born = crate::registry::pages::people::born(&ctx, &r);
            found.push((r.id, r.full_name, format!("{} {born}", ctx.label("sex", r.sex.as_str()))));
        }
    }
    let relationships =
        Choice::list(&ctx, "relationship", Relationship::ALL.iter().map(|r| r.as_str()), &f.relationship);
    Ok(RelativePage { ctx, p, q, found, relationships, errors })
}

pub async fn relative_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Query(q): Query<RelativeQuery>,
) -> Result<Response, AppError> {
    let p = state.app.shared_person(&call, id).await?;
    let q = q.q.unwrap_or_default();
    let page = relative_page(&state.app, &call, ctx, p, q, &RelativeForm::default(), Vec::new()).await;
    render(&page?)
}

pub async fn relative_save(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<RelativeForm>,
) -> Result<Response, AppError> {
    let result = match f.relative_id.parse::<Uuid>() {
        Ok(relative_id) => {
            let input = NewRelative { relative_id, relationship: f.relationship.clone() };
            state.app.add_relative(&call, id, &input).await.map(|_| ())
        }
        Err(_) => Err(Error::invalid("relative_id", "required")),
    };
    match result {
        Ok(()) => Ok(back_to(id, "relatives")),
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            let p = state.app.shared_person(&call, id).await?;
            render_again(&relative_page(&state.app, &call, ctx, p, String::new(), &f, errors).await?)
        }
    }
}

// ---- household -----------------------------------------------------------

/// Forms a household with this person as head and their linked relatives
/// as members.
pub async fn form_household(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let member_ids = state.app.relatives(&call, id).await?.into_iter().map(|r| r.person_id).collect();
    let input = satuatap_core::registry::family::NewHousehold { head_id: id, member_ids, ..Default::default() };
    state.app.create_household(&call, &input).await?;
    Ok(back_to(id, "household"))
}

// ---- merge ---------------------------------------------------------------

#[derive(Deserialize)]
pub struct MergeForm {
    duplicate_id: Uuid,
}

/// Merges a duplicate into this record; conflicts and refusals show as the
/// error page with their message.
pub async fn merge(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(id): Path<Uuid>,
    Form(f): Form<MergeForm>,
) -> Result<Response, AppError> {
    state.app.merge_people(&call, id, f.duplicate_id).await?;
    Ok(back_to(id, "merged-from"))
}
