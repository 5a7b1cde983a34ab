//! The person page: details (or only that the person exists, without
//! consent to share), migration episodes, family, visits, consent, and the
//! records that may be the same person.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use satuatap_core::access::Permission;
use satuatap_core::money::Amount;
use satuatap_core::registry::episode::Episode;
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
    can_open_case: bool,
    can_write: bool,
    can_merge: bool,
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

/// An amount as people of the page's language write it: `IDR 12.500.000,50`
/// in Indonesian, `IDR 12,500,000.50` in English.
pub(crate) fn money(ctx: &PageCtx, currency: &str, amount: Amount) -> String {
    let (group, decimal) = match ctx.lang {
        Lang::Id => ('.', ','),
        Lang::En => (',', '.'),
    };
    let h = amount.hundredths();
    let units = (h / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push(group);
        }
        grouped.push(c);
    }
    match h % 100 {
        0 => format!("{currency} {grouped}"),
        cents => format!("{currency} {grouped}{decimal}{cents:02}"),
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
    let p = app.person(&call, id).await?;
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
    let mut page = ShowPage {
        sex: ctx.label("sex", p.sex.as_str()),
        stage: p.stage.map(|s| ctx.label("stage", s.as_str())).unwrap_or_default(),
        village,
        registered_by,
        warnings: nik_warnings(&ctx, &p),
        episodes: Vec::new(),
        relatives: Vec::new(),
        household: Vec::new(),
        merged_from: Vec::new(),
        visits: Vec::new(),
        consents: Vec::new(),
        duplicates: None,
        cases: Vec::new(),
        can_open_case: call.actor.scope_of(Permission::CasesWrite).is_some(),
        can_write: call.actor.scope_of(Permission::PeopleWrite).is_some() && p.merged_into.is_none(),
        can_merge: call.actor.scope_of(Permission::PeopleMerge).is_some() && p.merged_into.is_none(),
        p,
        ctx,
    };
    let ctx = &page.ctx;
    let mentions = app.cases_of_person(&call, id).await?;
    let holders: Vec<Uuid> = mentions.iter().map(|m| m.organisation_id).collect();
    let holders = app.organisation_names(&holders).await?;
    page.cases = mentions
        .into_iter()
        .map(|m| {
            let holder =
                holders.iter().find(|(o, _)| *o == m.organisation_id).map(|(_, n)| n.clone()).unwrap_or_default();
            match m.case {
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
    if page.p.withheld {
        page.can_open_case = false;
        return render(&page);
    }
    page.consents = app
        .consents(&call, id)
        .await?
        .into_iter()
        .rev()
        .map(|c| {
            (
                c.date.to_string(),
                ctx.label("consent-purpose", c.purpose.as_str()),
                c.organisation_id.map(|o| o.to_string()).unwrap_or_default(),
                ctx.label("consent-status", c.status.as_str()),
                ctx.label("consent-method", c.method.as_str()),
            )
        })
        .collect();
    let org_ids: Vec<Uuid> = page.consents.iter().filter_map(|c| c.2.parse().ok()).collect();
    let orgs = app.organisation_names(&org_ids).await?;
    for c in &mut page.consents {
        if let Some((_, name)) = orgs.iter().find(|(id, _)| id.to_string() == c.2) {
            c.2 = name.clone();
        }
    }
    let episodes = app.episodes(&call, id).await?;
    let agency_ids: Vec<Uuid> = episodes.iter().filter_map(|e| e.placement_agency_id).collect();
    let agencies = app.organisation_names(&agency_ids).await?;
    page.episodes = episodes.iter().rev().map(|e| episode_view(ctx, e, &agencies)).collect();
    page.relatives = app
        .relatives(&call, id)
        .await?
        .into_iter()
        .map(|r| Link { id: r.person_id, name: r.full_name, note: ctx.label("relationship", r.relationship.as_str()) })
        .collect();
    if let Some(h) = page.p.household_id {
        page.household = app
            .household(&call, h)
            .await?
            .members
            .into_iter()
            .filter(|m| m.person_id != id)
            .map(|m| Link {
                id: m.person_id,
                name: m.full_name,
                note: if m.head { ctx.t("household-head") } else { String::new() },
            })
            .collect();
    }
    page.merged_from = app
        .merged_records(&call, id)
        .await?
        .into_iter()
        .map(|m| Link { id: m.id, name: m.full_name, note: m.created_at.format("%Y-%m-%d").to_string() })
        .collect();
    page.visits = app
        .visits(&call, id)
        .await?
        .into_iter()
        .map(|v| {
            (
                v.at.format("%Y-%m-%d %H:%M").to_string(),
                ctx.label("channel", v.channel.as_str()),
                v.desks.iter().map(|d| d.organisation_name.as_str()).collect::<Vec<_>>().join(", "),
            )
        })
        .collect();
    if q.duplicates.is_some() && page.p.merged_into.is_none() {
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
        let mut found = Vec::new();
        for c in app.match_person(&call, &input).await?.into_iter().filter(|c| c.person_id != id) {
            let name = app.person(&call, c.person_id).await.map(|p| p.full_name).unwrap_or_default();
            let label = ctx.t(if c.score >= LIKELY { "people-likely" } else { "people-possibly" });
            let reasons = c.reasons.iter().map(|r| ctx.label("match-reason", r)).collect::<Vec<_>>().join(", ");
            found.push(Link { id: c.person_id, name, note: format!("{label} ({:.2}): {reasons}", c.score) });
        }
        page.duplicates = Some(found);
    }
    render(&page)
}
