//! The person page: details (or only that the person exists, without
//! consent to share), migration episodes, family, visits, consent, and the
//! records that may be the same person.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use satuatap_core::money::Amount;
use satuatap_core::registry::episode::Episode;
use satuatap_core::registry::file::PersonAction;
use satuatap_core::registry::matching::LIKELY;
use satuatap_core::registry::nik::{Nik, NikMismatch, NikSex};
use satuatap_core::registry::person::{NewPerson, Person, Sex};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::page::{render, PageCtx};
use crate::state::AppState;

pub struct EpisodeView {
    stage: String,
    destination: String,
    work: String,
    dates: String,
    documented: String,
    costs: Vec<String>,
    cost_totals: String,
    earnings: String,
}

pub struct Link {
    id: Uuid,
    name: String,
    note: String,
}

#[derive(Template)]
#[template(path = "registry/person.html")]
struct ShowPage {
    ctx: PageCtx,
    p: Person,
    sex: String,
    stage: String,
    village: Option<String>,
    registered_by: String,
    warnings: Vec<String>,
    episodes: Vec<EpisodeView>,
    relatives: Vec<Link>,
    household: Vec<Link>,
    merged_from: Vec<Link>,
    /// (when, channel, desks)
    visits: Vec<(String, String, String)>,
    /// (date, purpose, organisation, status, method)
    consents: Vec<(String, String, String, String, String)>,
    /// Asked for: records that may be the same person.
    duplicates: Option<Vec<Link>>,
    /// (case to open when readable, what the viewer may know)
    cases: Vec<(Option<Uuid>, String)>,
    /// What the reader may do (from core).
    actions: Vec<PersonAction>,
}

impl ShowPage {
    fn may(&self, action: PersonAction) -> bool {
        self.actions.contains(&action)
    }
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    /// Look for records that may be the same person.
    duplicates: Option<String>,
}

fn nik_warnings(ctx: &PageCtx, p: &Person) -> Vec<String> {
    let Some(nik) = p.nik.as_deref().and_then(|n| Nik::parse("nik", n, chrono::Utc::now().date_naive()).ok()) else {
        return Vec::new();
    };
    let sex = match p.sex {
        Sex::Female => NikSex::Female,
        Sex::Male => NikSex::Male,
    };
    nik.mismatches(Some(sex), p.birth_date)
        .into_iter()
        .map(|m| {
            ctx.t(match m {
                NikMismatch::Sex => "people-warning-nik-sex",
                NikMismatch::BirthDate => "people-warning-nik-birth-date",
            })
        })
        .collect()
}

/// An amount as people of the page's language write it: `Rp 12.500.000,50`
/// in Indonesian (rupiah as `Rp`, other currencies by their code,
/// `MYR 4.500`), `IDR 12,500,000.50` in English.
pub(crate) fn money(ctx: &PageCtx, currency: &str, amount: Amount) -> String {
    let written = amount.localised(ctx.lang.number_style());
    match (ctx.lang, currency) {
        (Lang::Id, "IDR") => format!("Rp {written}"),
        _ => format!("{currency} {written}"),
    }
}

fn episode_view(ctx: &PageCtx, e: &Episode, agencies: &[(Uuid, String)]) -> EpisodeView {
    let destination = e
        .destination
        .as_ref()
        .map(|c| {
            let key = format!("country-{}", c.as_str());
            let name = if ctx.has(&key) { ctx.t(&key) } else { c.english_name().to_string() };
            format!("{name} ({})", c.as_str())
        })
        .unwrap_or_default();
    let agency = e.placement_agency_id.and_then(|id| agencies.iter().find(|(a, _)| *a == id)).map(|(_, n)| n.clone());
    let work = [
        e.sector.map(|s| ctx.label("sector", s.as_str())),
        e.occupation.clone(),
        e.employer.clone(),
        agency.map(|a| format!("{}: {a}", ctx.t("field-placement_agency_code"))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let dates = match (e.departure_date, e.return_date) {
        (Some(d), Some(r)) => format!("{d} – {r}"),
        (Some(d), None) => format!("{d} –"),
        (None, Some(r)) => format!("– {r}"),
        (None, None) => String::new(),
    };
    let documented = match e.documented {
        Some(true) => ctx.t("episode-documented"),
        Some(false) => ctx.t("episode-undocumented"),
        None => String::new(),
    };
    EpisodeView {
        stage: ctx.label("stage", e.stage.as_str()),
        destination,
        work,
        dates,
        documented,
        costs: e
            .recruitment_costs
            .iter()
            .map(|c| {
                let date = c.date.map(|d| format!(" ({d})")).unwrap_or_default();
                format!("{}: {}{date}", ctx.label("cost", c.item.as_str()), money(ctx, c.currency.as_str(), c.amount))
            })
            .collect(),
        cost_totals: e.cost_totals().iter().map(|(c, a)| money(ctx, c, *a)).collect::<Vec<_>>().join(" + "),
        earnings: e
            .first_month_earnings
            .as_ref()
            .map(|m| money(ctx, m.currency.as_str(), m.amount))
            .unwrap_or_default(),
    }
}

pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    let app = &state.app;
    // One check of the reader, one audited read, for every part of the page.
    let file = app.person_file(&call, id).await?;
    let p = &file.person;
    let village = match &p.village_code {
        Some(code) => Some(match app.area(code.as_str()).await {
            Ok(a) => format!("{} ({})", a.area.name, code),
            Err(_) => code.to_string(),
        }),
        None => None,
    };
    let registered_by = app
        .organisation(p.registered_by_organisation)
        .await
        .map(|o| format!("{} ({})", o.organisation.name, o.organisation.code))
        .unwrap_or_default();
    let holders: Vec<Uuid> = file.cases.iter().map(|m| m.organisation_id).collect();
    let holders = app.organisation_names(&holders).await?;
    let cases = file
        .cases
        .iter()
        .map(|m| {
            let holder =
                holders.iter().find(|(o, _)| *o == m.organisation_id).map(|(_, n)| n.clone()).unwrap_or_default();
            match &m.case {
                Some(c) => (
                    Some(c.id),
                    format!(
                        "{} · {} · {holder}",
                        ctx.label("case-kind", c.kind.as_str()),
                        ctx.label("case-stage", c.stage.as_str())
                    ),
                ),
                None => (None, holder),
            }
        })
        .collect();
    let consent_orgs: Vec<Uuid> = file.consents.iter().filter_map(|c| c.organisation_id).collect();
    let consent_orgs = app.organisation_names(&consent_orgs).await?;
    let consents = file
        .consents
        .iter()
        .rev()
        .map(|c| {
            let organisation = c
                .organisation_id
                .map(|o| consent_orgs.iter().find(|(id, _)| *id == o).map(|(_, n)| n.clone()).unwrap_or(o.to_string()))
                .unwrap_or_default();
            (
                c.date.to_string(),
                ctx.label("consent-purpose", c.purpose.as_str()),
                organisation,
                ctx.label("consent-status", c.status.as_str()),
                ctx.label("consent-method", c.method.as_str()),
            )
        })
        .collect();
    let agency_ids: Vec<Uuid> = file.episodes.iter().filter_map(|e| e.placement_agency_id).collect();
    let agencies = app.organisation_names(&agency_ids).await?;
    let episodes = file.episodes.iter().rev().map(|e| episode_view(&ctx, e, &agencies)).collect();
    let relatives = file
        .relatives
        .iter()
        .map(|r| Link {
            id: r.person_id,
            name: r.full_name.clone(),
            note: ctx.label("relationship", r.relationship.as_str()),
        })
        .collect();
    let household = file
        .household
        .iter()
        .flat_map(|h| h.members.iter())
        .filter(|m| m.person_id != id)
        .map(|m| Link {
            id: m.person_id,
            name: m.full_name.clone(),
            note: if m.head { ctx.t("household-head") } else { String::new() },
        })
        .collect();
    let merged_from = file
        .merged_from
        .iter()
        .map(|m| Link { id: m.id, name: m.full_name.clone(), note: m.created_at.format("%Y-%m-%d").to_string() })
        .collect();
    let visits = file
        .visits
        .iter()
        .map(|v| {
            (
                v.at.format("%Y-%m-%d %H:%M").to_string(),
                ctx.label("channel", v.channel.as_str()),
                v.desks.iter().map(|d| d.organisation_name.as_str()).collect::<Vec<_>>().join(", "),
            )
        })
        .collect();
    let mut page = ShowPage {
        sex: ctx.label("sex", p.sex.as_str()),
        stage: p.stage.map(|s| ctx.label("stage", s.as_str())).unwrap_or_default(),
        village,
        registered_by,
        warnings: nik_warnings(&ctx, p),
        episodes,
        relatives,
        household,
        merged_from,
        visits,
        consents,
        duplicates: None,
        cases,
        actions: file.actions,
        p: file.person,
        ctx,
    };
    let ctx = &page.ctx;
    if q.duplicates.is_some() && page.may(PersonAction::FindDuplicates) {
        let p = &page.p;
        let input = NewPerson {
            full_name: p.full_name.clone(),
            other_names: p.other_names.clone(),
            sex: p.sex.as_str().to_string(),
            birth_date: p.birth_date.map(|d| d.to_string()),
            estimated_age: p.estimated_age.map(i64::from),
            nik: p.nik.clone(),
            phone: p.phone.clone(),
            other_phones: p.other_phones.clone(),
            village_code: p.village_code.as_ref().map(|v| v.to_string()),
            ..Default::default()
        };
        let candidates: Vec<_> =
            app.match_person(&call, &input).await?.into_iter().filter(|c| c.person_id != id).collect();
        // One audited read of the names of all candidates.
        let names = app.person_names(&call, &candidates.iter().map(|c| c.person_id).collect::<Vec<_>>()).await?;
        let mut found = Vec::new();
        for c in candidates {
            let name = names.get(&c.person_id).cloned().unwrap_or_default();
            let label = ctx.t(if c.score >= LIKELY { "people-likely" } else { "people-possibly" });
            let reasons = c.reasons.iter().map(|r| ctx.label("match-reason", r)).collect::<Vec<_>>().join(", ");
            found.push(Link { id: c.person_id, name, note: format!("{label} ({:.2}): {reasons}", c.score) });
        }
        page.duplicates = Some(found);
    }
    render(&page)
}
