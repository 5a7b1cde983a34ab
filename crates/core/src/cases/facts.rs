//! What a case is about: its classification (and the restriction that
//! follows from it) and the GBV incident record.

use chrono::{NaiveDate, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::access::Ctx;
use crate::app::App;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::cases::case::{
    reporting_delay, CaseKind, ForcedLabourIndicator, GbvContext, LabourCategory, PerpetratorRelationship,
    TraffickingDimension,
};
use crate::cases::record::{Case, Classification, Incident, NewIncident};
use crate::error::{Error, FieldError, Result, Validator};
use crate::text::optional_text;

fn date(v: &mut Validator, field: &str, raw: &str, today: NaiveDate) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        v.push(FieldError::new(field, "required"));
        return None;
    }
    v.check(
        NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| FieldError::new(field, "invalid_date").with("value", raw))
            .and_then(|d| if d > today { Err(FieldError::new(field, "future_date")) } else { Ok(d) }),
    )
}

impl App {
    /// Sets the classification. Trafficking indicators restrict the case at
    /// once; forced-labour indicators let its owner restrict it.
    pub async fn classify_case(&self, ctx: &Ctx, id: Uuid, input: &Classification) -> Result<Case> {
        let mut case = self.workable_case(ctx, id).await?;
        let mut v = Validator::new();
        case.labour_categories = v.codes("labour_categories", &input.labour_categories, LabourCategory::parse);
        case.forced_labour_indicators =
            v.codes("forced_labour_indicators", &input.forced_labour_indicators, ForcedLabourIndicator::parse);
        case.trafficking_dimensions =
            v.codes("trafficking_dimensions", &input.trafficking_dimensions, TraffickingDimension::parse);
        case.kind.classifications().check(
            &mut v,
            input.labour_categories.len(),
            input.forced_labour_indicators.len(),
            input.trafficking_dimensions.len(),
        );
        v.finish()?;
        let newly = !case.restricted && !case.trafficking_dimensions.is_empty();
        case.restricted |= newly;
        case.updated_at = Utc::now();
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Classify,
            AuditEntity::Case,
            Some(id.to_string()),
            // Counts only: what a restricted case is about stays out of the log.
            json!({
                "labour_categories": case.labour_categories.len(),
                "forced_labour_indicators": case.forced_labour_indicators.len(),
                "trafficking_dimensions": case.trafficking_dimensions.len(),
                "restricted": newly,
            }),
        );
        self.store.classify_case(&case, &audit).await?;
        Ok(case)
    }

    /// Restricts a case that shows forced-labour or trafficking indicators;
    /// only its owner decides.
    pub async fn restrict_case(&self, ctx: &Ctx, id: Uuid) -> Result<Case> {
        let mut case = self.workable_case(ctx, id).await?;
        if ctx.actor.user_id() != Some(case.owner_id) {
            return Err(Error::Forbidden);
        }
        if case.restricted {
            return Err(Error::Conflict { code: "already_restricted", field: None });
        }
        if case.forced_labour_indicators.is_empty() && case.trafficking_dimensions.is_empty() {
            return Err(Error::Conflict { code: "no_indicators", field: None });
        }
        case.restricted = true;
        case.updated_at = Utc::now();
        let audit = AuditRecord::new(ctx, AuditAction::Restrict, AuditEntity::Case, Some(id.to_string()), json!({}));
        self.store.classify_case(&case, &audit).await?;
        Ok(case)
    }

    /// Records (or corrects) the GBV incident: the type is derived from the
    /// answers in the GBVIMS order, the delay from the two dates; the
    /// narrative is sealed.
    pub async fn record_incident(&self, ctx: &Ctx, id: Uuid, input: &NewIncident) -> Result<Incident> {
        let case = self.workable_case(ctx, id).await?;
        if case.kind != CaseKind::Gbv {
            return Err(Error::Conflict { code: "not_a_gbv_case", field: None });
        }
        let today = Utc::now().date_naive();
        let mut v = Validator::new();
        let contexts = v.codes("contexts", &input.contexts, GbvContext::parse);
        let incident_date = date(&mut v, "incident_date", &input.incident_date, today);
        let first_report_date = date(&mut v, "first_report_date", &input.first_report_date, today);
        if let (Some(i), Some(r)) = (incident_date, first_report_date) {
            if r < i {
                v.push(FieldError::new("first_report_date", "before_incident"));
            }
        }
        let perpetrator_relationship = match input.perpetrator_relationship.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) => v.check(PerpetratorRelationship::parse("perpetrator_relationship", p)),
        };
        let narrative = v.check(optional_text("narrative", input.narrative.as_deref(), 20_000)).flatten();
        v.finish()?;
        let (Some(incident_date), Some(first_report_date)) = (incident_date, first_report_date) else {
            return Err(Error::internal("validator passed without dates"));
        };
        let incident = Incident {
            case_id: id,
            answers: input.answers,
            gbv_type: input.answers.gbv_type(),
            contexts,
            incident_date,
            first_report_date,
            reporting_delay: reporting_delay((first_report_date - incident_date).num_days()),
            perpetrator_relationship,
            reporting_consent: input.reporting_consent,
            narrative,
            updated_at: Utc::now(),
        };
        let sealed = match &incident.narrative {
            Some(n) => Some(self.keyring()?.seal(n, &format!("incident:{id}"))?),
            None => None,
        };
        let audit =
            AuditRecord::new(ctx, AuditAction::IncidentRecorded, AuditEntity::Case, Some(id.to_string()), json!({}));
        self.store.put_incident(&incident, sealed.as_deref(), &audit).await?;
        Ok(incident)
    }

    /// The incident of a case, its narrative opened for those who need to know.
    pub async fn incident(&self, ctx: &Ctx, id: Uuid) -> Result<Incident> {
        self.case(ctx, id).await?;
        self.incident_of(id).await?.ok_or(Error::not_found("incident"))
    }

    /// A case's incident, narrative opened (for a reader already checked).
    pub(crate) async fn incident_of(&self, id: Uuid) -> Result<Option<Incident>> {
        let Some((mut incident, sealed)) = self.store.get_incident(id).await? else { return Ok(None) };
        incident.narrative = match sealed {
            Some(s) => Some(self.keyring()?.open(&s, &format!("incident:{id}"))?),
            None => None,
        };
        Ok(Some(incident))
    }
}
