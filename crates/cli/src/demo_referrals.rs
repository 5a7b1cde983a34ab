//! Demo referral pathways of the pilot districts (from `demo/pathways.toml`)
//! and, for each district, referrals in every status: waiting, accepted,
//! declined, completed through an outside provider's link, overdue and
//! cancelled. Everything goes through the services, acting as the demo users.

use std::collections::BTreeMap;

use satuatap_core::access::Ctx;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::cases::case::CaseKind;
use satuatap_core::directory::model::{ServiceCategory, ServiceFilter, ServiceStatus, ServiceSummary};
use satuatap_core::paging::PageRequest;
use satuatap_core::referrals::referral::{NewPathway, NewReferral, ReferralAction};
use satuatap_core::registry::consent::NewConsent;
use satuatap_core::App;
use serde::Deserialize;
use uuid::Uuid;

use crate::demo_common::{DemoDistrict, DemoError};

const PATHWAYS: &str = include_str!("../demo/pathways.toml");

/// Most providers a demo pathway names.
const STEPS: usize = 4;

#[derive(Deserialize)]
struct PathwayFile {
    needs: BTreeMap<String, Vec<String>>,
}

fn err(e: satuatap_core::Error) -> DemoError {
    DemoError::People(format!("demo referrals: {e}"))
}

async fn active_services(app: &App, district: &AreaCode) -> Result<Vec<ServiceSummary>, DemoError> {
    let filter =
        ServiceFilter { within: Some(district.clone()), status: Some(ServiceStatus::Active), ..Default::default() };
    Ok(app.services(&filter, PageRequest::first(PageRequest::MAX_LIMIT)).await.map_err(err)?.items)
}

/// The pathways of one district, set as the system.
pub async fn pathways(app: &App, district: &str) -> Result<u64, DemoError> {
    let file: PathwayFile = toml::from_str(PATHWAYS).map_err(|e| DemoError::File(format!("pathways.toml: {e}")))?;
    let code = AreaCode::parse("district", district).map_err(|e| DemoError::File(e.code.to_string()))?;
    let mut services = active_services(app, &code).await?;
    services.sort_by(|a, b| a.name.cmp(&b.name));
    let mut set = 0;
    for (need, categories) in &file.needs {
        let mut ids: Vec<Uuid> = Vec::new();
        for category in categories {
            let category: ServiceCategory = category
                .parse()
                .map_err(|()| DemoError::File(format!("pathways.toml: unknown category {category}")))?;
            for s in services.iter().filter(|s| s.categories.contains(&category)) {
                if ids.len() < STEPS && !ids.contains(&s.id) {
                    ids.push(s.id);
                }
            }
        }
        app.set_pathway(&Ctx::system(), district, need, &NewPathway { service_ids: ids }).await.map_err(err)?;
        set += 1;
    }
    Ok(set)
}

/// A district's service of `category` held by `organisation` (or, with
/// `None`, by an organisation that is neither of `not`).
fn pick<'a>(
    services: &'a [ServiceSummary],
    category: ServiceCategory,
    organisation: Option<Uuid>,
    not: &[Uuid],
) -> Option<&'a ServiceSummary> {
    services.iter().find(|s| {
        s.categories.contains(&category)
            && organisation.is_none_or(|o| s.organisation_id == o)
            && !not.contains(&s.organisation_id)
    })
}

fn send(
    case: &satuatap_core::cases::record::Case,
    service: &ServiceSummary,
    urgency: &str,
    need: Option<&str>,
    reason: &str,
) -> NewReferral {
    NewReferral {
        case_id: case.id,
        service_id: service.id,
        reason: reason.into(),
        urgency: urgency.into(),
        need: need.map(str::to_string),
        ..Default::default()
    }
}

/// Referrals of one district's demo cases, in every status.
pub async fn add(app: &App, d: &DemoDistrict, users: &str) -> Result<u64, DemoError> {
    let system = Ctx::system();
    let (Ok(union), Ok(union_sup), Ok(crisis), Ok(desk)) = (
        app.act_as(&system, &format!("{users}.union")).await,
        app.act_as(&system, &format!("{users}.union.sup")).await,
        app.act_as(&system, &format!("{users}.wcc")).await,
        app.act_as(&system, &format!("{users}.desk")).await,
    ) else {
        return Ok(0);
    };
    let org_of = |c: &Ctx| c.actor.user().map(|u| u.organisation_id).unwrap_or_default();
    let (union_org, crisis_org) = (org_of(&union), org_of(&crisis));
    let district = AreaCode::parse("district", &d.code).map_err(|e| DemoError::File(e.code.to_string()))?;
    let services = active_services(app, &district).await?;
    let inside = [union_org, crisis_org];
    let counselling = pick(&services, ServiceCategory::PsychosocialCounselling, Some(crisis_org), &[]);
    let case_handling = pick(&services, ServiceCategory::CaseHandling, Some(crisis_org), &[]);
    let hospital = pick(&services, ServiceCategory::HealthAndMedical, None, &inside);
    let repatriation = pick(&services, ServiceCategory::RepatriationSupport, None, &inside);
    let police = pick(&services, ServiceCategory::PoliceReport, None, &inside);
    let shelter = pick(&services, ServiceCategory::Shelter, None, &inside);

    let open = |c: &satuatap_core::cases::record::Case| c.status == satuatap_core::cases::case::CaseStatus::Open;
    let union_cases: Vec<_> = app
        .my_work(&union, satuatap_core::paging::PageRequest { limit: 500, offset: 0 })
        .await
        .map_err(err)?
        .cases
        .into_iter()
        .filter(open)
        .collect();
    let crisis_cases: Vec<_> = app
        .my_work(&crisis, satuatap_core::paging::PageRequest { limit: 500, offset: 0 })
        .await
        .map_err(err)?
        .cases
        .into_iter()
        .filter(open)
        .collect();
    let labour: Vec<_> = union_cases.iter().filter(|c| c.kind == CaseKind::LabourComplaint).collect();
    let gbv = crisis_cases.iter().find(|c| c.kind == CaseKind::Gbv && c.pending_approval.is_none());

    /// What happens to a demo referral after it is sent.
    enum Then {
        Wait,
        Overdue(i64),
        Answer(&'static str, ReferralAction, &'static str),
        ByLink(&'static [(ReferralAction, &'static str)]),
    }
    use ReferralAction::{Accept, Cancel, Complete, Decline};
    let plan = [
        (
            labour.first(),
            counselling,
            "urgent",
            Some("gbv_counselling"),
            "Trauma setelah kekerasan majikan",
            Then::Wait,
        ),
        (labour.get(1), case_handling, "urgent", None, "Perlu pendampingan penyintas", Then::Answer("wcc", Accept, "")),
        (
            labour.get(2),
            counselling,
            "routine",
            None,
            "Konseling keluarga",
            Then::Answer("wcc", Decline, "Konselor penuh bulan ini; silakan ke UPTD PPA provinsi"),
        ),
        (
            labour.get(3),
            hospital,
            "urgent",
            Some("gbv_medical"),
            "Luka belum diobati sejak pulang",
            Then::ByLink(&[(Accept, ""), (Complete, "Diperiksa dan diobati; kontrol dua minggu lagi")]),
        ),
        (
            labour.get(4),
            repatriation,
            "emergency",
            Some("repatriation"),
            "Keluarga meminta pemulangan",
            Then::Overdue(3),
        ),
        (
            labour.first(),
            police,
            "routine",
            None,
            "Laporan penipuan agen",
            Then::Answer("union", Cancel, "Klien memilih mediasi dulu"),
        ),
    ];
    let mut written = 0;
    for (case, service, urgency, need, reason, then) in plan {
        let (Some(case), Some(service)) = (case, service) else { continue };
        let org_code = app.organisation(service.organisation_id).await.map_err(err)?.organisation.code;
        let consent = NewConsent {
            purpose: "referral".into(),
            status: "given".into(),
            method: "verbal".into(),
            organisation_code: Some(org_code),
            ..Default::default()
        };
        app.record_consent(&desk, case.person_id, &consent).await.map_err(err)?;
        let sent = app.send_referral(&union, &send(case, service, urgency, need, reason)).await.map_err(err)?;
        let id = sent.id;
        match then {
            Then::Wait => {}
            Then::Overdue(days) => app.backdate_referral(&system, id, days).await.map_err(err)?,
            Then::Answer(who, action, text) => {
                let by = if who == "wcc" { &crisis } else { &union };
                app.answer_referral(by, id, action, Some(text).filter(|t| !t.is_empty())).await.map_err(err)?;
            }
            Then::ByLink(steps) => {
                let link = app.referral_link(&union, id).await.map_err(err)?;
                let provider = Ctx::anonymous("demo");
                for (action, text) in steps {
                    let text = Some(*text).filter(|t| !t.is_empty());
                    app.answer_by_link(&provider, &link.token, *action, text).await.map_err(err)?;
                }
            }
        }
        written += 1;
    }
    // A GBV survivor referred to a shelter by the crisis centre, sharing only
    // who she is; and a supervisor's referral without consent (an emergency).
    if let (Some(case), Some(shelter)) = (gbv, shelter) {
        let org_code = app.organisation(shelter.organisation_id).await.map_err(err)?.organisation.code;
        let consent = NewConsent {
            purpose: "referral".into(),
            status: "given".into(),
            method: "thumbprint".into(),
            organisation_code: Some(org_code),
            ..Default::default()
        };
        app.record_consent(&desk, case.person_id, &consent).await.map_err(err)?;
        let input = NewReferral {
            share: Some(vec!["identity".into()]),
            ..send(case, shelter, "emergency", Some("gbv_shelter"), "Tidak aman pulang; perlu rumah aman")
        };
        app.send_referral(&crisis, &input).await.map_err(err)?;
        written += 1;
    }
    if let (Some(case), Some(hospital)) = (labour.get(5).or(labour.last()), hospital) {
        let input = NewReferral {
            override_reason: Some("Pingsan di kantor; persetujuan tertulis menyusul setelah sadar".into()),
            ..send(case, hospital, "emergency", Some("gbv_medical"), "Pingsan, perlu pemeriksaan segera")
        };
        app.send_referral(&union_sup, &input).await.map_err(err)?;
        written += 1;
    }
    Ok(written)
}
