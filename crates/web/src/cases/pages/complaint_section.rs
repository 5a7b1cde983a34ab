//! What the case page shows of a labour complaint (respondent and claims,
//! mediation sessions, settlement, escalations) and of transfers of a case
//! to another organisation. The forms that change them are in
//! `complaint_forms.rs`.

use satuatap_core::access::Ctx;
use satuatap_core::cases::complaint::{Complaint, EscalationChannel, MediationResult, Transfer};
use satuatap_core::cases::record::Case;
use satuatap_core::money::Amount;
use satuatap_core::organisations::organisation::{OrgKind, OrganisationFilter};
use satuatap_core::paging::PageRequest;
use satuatap_core::{App, Error};
use uuid::Uuid;

use crate::cases::pages::refused::Refused;
use crate::error::AppError;
use crate::page::{Choice, PageCtx};
use crate::registry::pages::person::money;

/// A claim as shown: what, and the amount written the reader's way.
pub struct ClaimView {
    pub(crate) item: String,
    pub(crate) amount: String,
}

/// A row of the claims form.
pub struct ClaimRow {
    pub(crate) item: String,
    pub(crate) amount: String,
    pub(crate) currency: String,
}

pub struct SessionView {
    pub(crate) date: String,
    pub(crate) parties: String,
    pub(crate) result: String,
    pub(crate) note: String,
}

pub struct SettlementView {
    pub(crate) date: String,
    pub(crate) amount: String,
    pub(crate) terms: String,
}

pub struct EscalationView {
    pub(crate) channel: String,
    pub(crate) date: String,
    pub(crate) reference: String,
}

/// A recorded complaint.
pub struct ComplaintView {
    pub(crate) respondent: String,
    pub(crate) claims: Vec<ClaimView>,
    /// The total claimed per currency, e.g. `IDR 7.750.000`.
    pub(crate) totals: Vec<String>,
    pub(crate) sessions: Vec<SessionView>,
    pub(crate) settlement: Option<SettlementView>,
    pub(crate) escalations: Vec<EscalationView>,
}

/// The complaint part of a labour case's page: what is recorded, and the
/// choices of its forms.
pub struct ComplaintSection {
    pub(crate) recorded: Option<ComplaintView>,
    /// Placement agencies and employers of the directory.
    pub(crate) respondents: Vec<Choice>,
    pub(crate) respondent_name: String,
    /// The claims recorded, then three empty rows.
    pub(crate) claim_rows: Vec<ClaimRow>,
    pub(crate) results: Vec<Choice>,
    pub(crate) channels: Vec<Choice>,
}

/// Amounts summed per currency, in the order the currencies first appear.
fn totals<'a>(amounts: impl IntoIterator<Item = (&'a str, Amount)>) -> Vec<(&'a str, Amount)> {
    let mut out: Vec<(&str, Amount)> = Vec::new();
    for (currency, amount) in amounts {
        match out.iter_mut().find(|(c, _)| *c == currency) {
            Some((_, sum)) => *sum = Amount::from_hundredths(sum.hundredths() + amount.hundredths()),
            None => out.push((currency, amount)),
        }
    }
    out
}

fn complaint_view(ctx: &PageCtx, c: &Complaint, respondent: String) -> ComplaintView {
    ComplaintView {
        respondent,
        claims: c
            .claims
            .iter()
            .map(|cl| ClaimView { item: cl.item.clone(), amount: money(ctx, &cl.currency, cl.amount) })
            .collect(),
        totals: totals(c.claims.iter().map(|cl| (cl.currency.as_str(), cl.amount)))
            .into_iter()
            .map(|(currency, sum)| money(ctx, currency, sum))
            .collect(),
        sessions: c
            .sessions
            .iter()
            .map(|s| SessionView {
                date: s.date.to_string(),
                parties: s.parties.clone(),
                result: ctx.label("mediation-result", s.result.as_str()),
                note: s.note.clone().unwrap_or_default(),
            })
            .collect(),
        settlement: c.settlement.as_ref().map(|s| SettlementView {
            date: s.date.to_string(),
            amount: money(ctx, s.currency.as_str(), s.amount_recovered),
            terms: s.terms.clone().unwrap_or_default(),
        }),
        escalations: c
            .escalations
            .iter()
            .map(|e| EscalationView {
                channel: ctx.label("escalation", e.channel.as_str()),
                date: e.date.to_string(),
                reference: e.reference.clone().unwrap_or_default(),
            })
            .collect(),
    }
}

/// The complaint part of the page of labour case `id`.
pub(crate) async fn complaint_section(
    app: &App,
    ctx: &PageCtx,
    complaint: Option<&Complaint>,
    typed: Option<&Refused>,
) -> Result<ComplaintSection, AppError> {
    let mut directory = Vec::new();
    for kind in [OrgKind::PlacementAgency, OrgKind::Employer] {
        let filter = OrganisationFilter { kind: Some(kind), ..Default::default() };
        directory.extend(app.organisations(&filter, PageRequest::first(PageRequest::MAX_LIMIT)).await?.items);
    }
    let current = complaint.as_ref().and_then(|c| c.respondent_organisation_id);
    let respondents: Vec<Choice> = directory
        .iter()
        .map(|o| Choice {
            code: o.code.clone(),
            label: format!("{} ({})", o.name, o.code),
            selected: Some(o.id) == current,
        })
        .collect();
    let respondent = match current {
        Some(org) => match directory.iter().find(|o| o.id == org) {
            Some(o) => format!("{} ({})", o.name, o.code),
            None => app.organisation_names(&[org]).await?.pop().map(|(_, n)| n).unwrap_or_default(),
        },
        None => complaint.as_ref().and_then(|c| c.respondent_name.clone()).unwrap_or_default(),
    };
    let empty = || ClaimRow { item: String::new(), amount: String::new(), currency: "IDR".into() };
    let style = ctx.lang.number_style();
    let claim_rows = match typed {
        // The rows as typed in the refused form.
        Some(t) => {
            let (items, amounts, currencies) =
                (t.values("claim_item"), t.values("claim_amount"), t.values("claim_currency"));
            let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
            (0..items.len().max(amounts.len()).max(currencies.len()))
                .map(|i| ClaimRow { item: at(&items, i), amount: at(&amounts, i), currency: at(&currencies, i) })
                .collect()
        }
        None => complaint
            .iter()
            .flat_map(|c| c.claims.iter())
            .map(|cl| ClaimRow {
                item: cl.item.clone(),
                amount: cl.amount.localised(style),
                currency: cl.currency.clone(),
            })
            .chain(std::iter::repeat_with(empty).take(3))
            .collect(),
    };
    let respondent_name = match typed {
        Some(t) => t.values("respondent_name").join(""),
        None => complaint.as_ref().and_then(|c| c.respondent_name.clone()).unwrap_or_default(),
    };
    let picked = typed.map(|t| t.values("respondent_organisation_code").join(""));
    let respondents = match &picked {
        Some(code) => respondents.into_iter().map(|c: Choice| Choice { selected: &c.code == code, ..c }).collect(),
        None => respondents,
    };
    Ok(ComplaintSection {
        respondent_name,
        recorded: complaint.as_ref().map(|c| complaint_view(ctx, c, respondent)),
        respondents,
        claim_rows,
        results: Choice::list(ctx, "mediation-result", MediationResult::ALL.iter().map(|r| r.as_str()), ""),
        channels: Choice::list(ctx, "escalation", EscalationChannel::ALL.iter().map(|c| c.as_str()), ""),
    })
}

/// A transfer in the case's history.
pub struct TransferView {
    pub(crate) to: String,
    pub(crate) status: String,
    pub(crate) reason: String,
    pub(crate) comment: String,
    pub(crate) at: String,
}

/// The options of a select, under a heading (an `<optgroup>`).
pub struct ChoiceGroup {
    pub(crate) label: String,
    pub(crate) choices: Vec<Choice>,
}

/// The transfers part of a case's page.
pub struct TransferSection {
    pub(crate) history: Vec<TransferView>,
    /// Organisations that can take the case over, by area.
    pub(crate) destinations: Vec<ChoiceGroup>,
}

pub(crate) async fn transfer_section(
    app: &App,
    ctx: &PageCtx,
    case: &Case,
    transfers: &[Transfer],
    may_request: bool,
) -> Result<TransferSection, AppError> {
    let ids: Vec<Uuid> = transfers.iter().map(|t| t.to_organisation_id).collect();
    let names = app.organisation_names(&ids).await?;
    let history = transfers
        .iter()
        .map(|t| TransferView {
            to: names.iter().find(|(o, _)| *o == t.to_organisation_id).map(|(_, n)| n.clone()).unwrap_or_default(),
            status: ctx.label("transfer-status", t.status.as_str()),
            reason: t.reason.clone(),
            comment: t.comment.clone().unwrap_or_default(),
            at: t.requested_at.format("%Y-%m-%d %H:%M").to_string(),
        })
        .collect::<Vec<_>>();
    let mut destinations: Vec<ChoiceGroup> = Vec::new();
    if may_request {
        let mut found = app.transfer_destinations().await?;
        // The case's own district first, then the others.
        found.sort_by_key(|o| o.area_code.regency().as_ref() != Some(&case.district_code));
        for o in found.into_iter().filter(|o| o.id != case.organisation_id) {
            let choice = Choice { label: format!("{} ({})", o.name, o.code), code: o.code, selected: false };
            match destinations.last_mut() {
                Some(g) if g.label == o.area_name => g.choices.push(choice),
                _ => destinations.push(ChoiceGroup { label: o.area_name, choices: vec![choice] }),
            }
        }
    }
    Ok(TransferSection { history, destinations })
}

/// A transfer waiting for the reader's organisation: who sends it, why and
/// when (the case itself is not shown).
pub struct IncomingView {
    pub(crate) id: Uuid,
    pub(crate) from: String,
    pub(crate) reason: String,
    pub(crate) at: String,
}

/// The transfers waiting for the caller's organisation (none for a caller
/// who may not work on cases).
pub(crate) async fn incoming_transfers(app: &App, call: &Ctx) -> Result<Vec<Transfer>, AppError> {
    match app.incoming_transfers(call).await {
        Ok(t) => Ok(t),
        Err(Error::Forbidden) => Ok(Vec::new()),
        Err(e) => Err(AppError(e)),
    }
}

pub(crate) async fn incoming_views(app: &App, transfers: &[Transfer]) -> Result<Vec<IncomingView>, AppError> {
    let ids: Vec<Uuid> = transfers.iter().map(|t| t.from_organisation_id).collect();
    let names = app.organisation_names(&ids).await?;
    Ok(transfers
        .iter()
        .map(|t| IncomingView {
            id: t.id,
            from: names.iter().find(|(o, _)| *o == t.from_organisation_id).map(|(_, n)| n.clone()).unwrap_or_default(),
            reason: t.reason.clone(),
            at: t.requested_at.format("%Y-%m-%d %H:%M").to_string(),
        })
        .collect())
}
