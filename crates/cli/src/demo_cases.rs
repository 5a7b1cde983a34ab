//! Demo cases: in each pilot district a realistic mix of labour, GBV and
//! trafficking cases at every stage of the SOP, some of them late, opened
//! through the same services as the pages (acting as the demo users).

use chrono::{Duration, Utc};
use satuatap_core::access::Ctx;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::cases::case::Transition;
use satuatap_core::cases::record::{NewCase, NewTask, TransitionInput};
use satuatap_core::paging::PageRequest;
use satuatap_core::registry::consent::NewConsent;
use satuatap_core::repo::PersonFilter;
use satuatap_core::App;

use crate::demo_common::{DemoDistrict, DemoError};

fn err(e: satuatap_core::Error) -> DemoError {
    DemoError::People(format!("demo cases: {e}"))
}

struct Plan {
    kind: &'static str,
    risk: &'static str,
    /// Moves after opening.
    moves: &'static [Transition],
    /// Days ago it was opened.
    days_ago: i64,
    labour: &'static [&'static str],
    indicators: &'static [&'static str],
}

const UNION: [Plan; 7] = [
    Plan {
        kind: "labour_complaint",
        risk: "medium",
        moves: &[],
        days_ago: 0,
        labour: &["unpaid_wages"],
        indicators: &[],
    },
    Plan {
        kind: "labour_complaint",
        risk: "high",
        moves: &[],
        days_ago: 3,
        labour: &["document_retention"],
        indicators: &["retention_of_documents"],
    },
    Plan {
        kind: "labour_complaint",
        risk: "medium",
        moves: &[Transition::Assess],
        days_ago: 6,
        labour: &["recruitment_overcharging"],
        indicators: &[],
    },
    Plan {
        kind: "labour_complaint",
        risk: "low",
        moves: &[Transition::Assess, Transition::Plan],
        days_ago: 20,
        labour: &["contract_substitution"],
        indicators: &[],
    },
    Plan {
        kind: "labour_complaint",
        risk: "medium",
        moves: &[Transition::Assess, Transition::Plan, Transition::StartServices],
        days_ago: 40,
        labour: &["unpaid_wages", "excessive_hours"],
        indicators: &["withholding_of_wages"],
    },
    Plan {
        kind: "labour_complaint",
        risk: "low",
        moves: &[
            Transition::Assess,
            Transition::Plan,
            Transition::StartServices,
            Transition::FollowUp,
            Transition::Close,
        ],
        days_ago: 90,
        labour: &["social_security_claim"],
        indicators: &[],
    },
    Plan {
        kind: "trafficking",
        risk: "high",
        moves: &[Transition::Assess],
        days_ago: 10,
        labour: &[],
        indicators: &["deception", "debt_bondage"],
    },
];

const CRISIS: [Plan; 3] = [
    Plan { kind: "gbv", risk: "high", moves: &[], days_ago: 2, labour: &[], indicators: &[] },
    Plan {
        kind: "gbv",
        risk: "medium",
        moves: &[Transition::Assess, Transition::Plan],
        days_ago: 15,
        labour: &[],
        indicators: &[],
    },
    Plan {
        kind: "other_protection",
        risk: "low",
        moves: &[Transition::Assess],
        days_ago: 8,
        labour: &[],
        indicators: &[],
    },
];

fn input(t: Transition, district_user: &str) -> TransitionInput {
    match t {
        Transition::Assess => TransitionInput { needs: vec!["pendampingan".into()], ..Default::default() },
        Transition::Plan => TransitionInput {
            actions: vec![
                NewTask {
                    what: "Kronologi dan dokumen".into(),
                    who: None,
                    due: Some((Utc::now() - Duration::days(2)).format("%Y-%m-%d").to_string()),
                },
                NewTask {
                    what: "Koordinasi dengan mitra".into(),
                    who: Some(district_user.into()),
                    due: Some((Utc::now() + Duration::days(7)).format("%Y-%m-%d").to_string()),
                },
            ],
            ..Default::default()
        },
        Transition::Close => {
            TransitionInput { reason: Some("needs_met".into()), outcome: Some("Selesai".into()), ..Default::default() }
        }
        _ => TransitionInput::default(),
    }
}

/// Opens the demo cases of one district (needs its synthetic people).
pub async fn add(app: &App, d: &DemoDistrict, users: &str) -> Result<u64, DemoError> {
    let system = Ctx::system();
    let union = app.act_as(&system, &format!("{users}.union")).await;
    let crisis = app.act_as(&system, &format!("{users}.wcc")).await;
    let desk = app.act_as(&system, &format!("{users}.desk")).await.map_err(err)?;
    let district = AreaCode::parse("district", &d.code).map_err(|e| DemoError::People(e.code.to_string()))?;
    let filter = PersonFilter { district: Some(district), ..Default::default() };
    let people = app.people(&system, None, filter, PageRequest::first(50)).await.map_err(err)?.items;
    let mut opened = 0;
    let mut next = people.iter();
    for (worker, plans, partner) in [(union.ok(), &UNION[..], "union"), (crisis.ok(), &CRISIS[..], "wcc")] {
        let Some(worker) = worker else { continue };
        let Some(org) = app
            .organisation_names(&[worker.actor.user().map(|u| u.organisation_id).unwrap_or_default()])
            .await
            .map_err(err)?
            .pop()
        else {
            continue;
        };
        let org_code = app.organisation(org.0).await.map_err(err)?.organisation.code;
        for plan in plans {
            let Some(person) = next.next() else { return Ok(opened) };
            let consent = NewConsent {
                purpose: "share_with_partners".into(),
                status: "given".into(),
                method: "written".into(),
                organisation_code: Some(org_code.clone()),
                ..Default::default()
            };
            app.record_consent(&desk, person.id, &consent).await.map_err(err)?;
            let case = app
                .open_case(
                    &worker,
                    &NewCase {
                        person_id: person.id,
                        kind: plan.kind.into(),
                        risk: Some(plan.risk.into()),
                        labour_categories: plan.labour.iter().map(|s| s.to_string()).collect(),
                        forced_labour_indicators: if plan.kind == "trafficking" {
                            Vec::new()
                        } else {
                            plan.indicators.iter().map(|s| s.to_string()).collect()
                        },
                        trafficking_dimensions: if plan.kind == "trafficking" {
                            vec!["deceptive_recruitment".into(), "exploitative_conditions".into()]
                        } else {
                            Vec::new()
                        },
                    },
                )
                .await
                .map_err(err)?;
            if plan.days_ago > 0 {
                app.backdate_case(&system, case.id, Utc::now() - Duration::days(plan.days_ago)).await.map_err(err)?;
            }
            let colleague = format!("{users}.{partner}.sup");
            for t in plan.moves {
                app.move_case(&worker, case.id, *t, &input(*t, &colleague)).await.map_err(err)?;
            }
            if plan.kind == "labour_complaint" && plan.days_ago >= 20 {
                complaint(app, &worker, case.id, plan.days_ago).await?;
            }
            opened += 1;
        }
    }
    // One closure of a restricted case waits for the crisis centre's supervisor.
    if let Ok(crisis) = app.act_as(&system, &format!("{users}.wcc")).await {
        let mine =
            app.my_work(&crisis, satuatap_core::paging::PageRequest { limit: 500, offset: 0 }).await.map_err(err)?;
        if let Some(gbv) =
            mine.cases.iter().find(|c| c.restricted && c.stage == satuatap_core::cases::case::CaseStage::Plan)
        {
            let close = TransitionInput { reason: Some("referred_accepted".into()), ..Default::default() };
            app.move_case(&crisis, gbv.id, Transition::Close, &close).await.map_err(err)?;
        }
    }
    Ok(opened)
}

/// The complaint of an older labour case: wages and fees claimed (in
/// ringgit and rupiah), settled in part after a month when the case is old
/// enough.
async fn complaint(app: &App, worker: &Ctx, case: uuid::Uuid, days_ago: i64) -> Result<(), DemoError> {
    use satuatap_core::cases::complaint::{NewClaim, NewComplaint, NewSettlement};
    use satuatap_core::money::RawAmount;
    let claim = |item: &str, amount: &str, currency: &str| NewClaim {
        item: item.into(),
        amount: RawAmount::Text(amount.into()),
        currency: currency.into(),
    };
    let wages = (days_ago * 75).to_string();
    let input = NewComplaint {
        respondent_name: Some("Agensi Pekerjaan Demo Sdn Bhd".into()),
        claims: vec![claim("gaji 3 bulan", &wages, "MYR"), claim("biaya penempatan berlebih", "7500000", "IDR")],
        ..Default::default()
    };
    app.set_complaint(worker, case, &input).await.map_err(err)?;
    if days_ago >= 40 {
        let settled = NewSettlement {
            date: (Utc::now() - Duration::days(days_ago - 30)).format("%Y-%m-%d").to_string(),
            amount_recovered: RawAmount::Text((days_ago * 50).to_string()),
            currency: "MYR".into(),
            terms: Some("Dibayar dalam dua kali".into()),
        };
        app.settle(worker, case, &settled).await.map_err(err)?;
    }
    Ok(())
}
