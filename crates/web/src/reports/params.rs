//! The query of an indicator table, shared by the API, the page and the
//! export.

use chrono::NaiveDate;
use satuatap_core::reports::headline::HeadlineRequest;
use satuatap_core::reports::tables::TableRequest;
use satuatap_core::FieldError;
use serde::{Deserialize, Serialize};

use crate::api::optional;
use crate::error::AppError;

/// Which table of an indicator: the period, the row dimension and the values kept. Every
/// dimension of the catalogue may be given as a filter (as far as the indicator has it).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TableParams {
    /// The indicator's code (see `/api/v1/reports/indicators`).
    #[serde(default)]
    pub indicator: String,
    /// `202601`, `2026Q1` or `2026`; else `from` and `to` (default: the last twelve months).
    pub period: Option<String>,
    /// First day (`YYYY-MM-DD`), inclusive.
    pub from: Option<String>,
    /// Last day (`YYYY-MM-DD`), inclusive.
    pub to: Option<String>,
    /// The row dimension (a dimension code); none for one row.
    pub by: Option<String>,
    /// A district (regency) code, e.g. `32.09`.
    pub district: Option<String>,
    /// A kecamatan code, e.g. `32.09.01`.
    pub kecamatan: Option<String>,
    /// A village code, e.g. `32.09.01.2001`.
    pub village: Option<String>,
    pub sex: Option<String>,
    pub age_group: Option<String>,
    pub migration_stage: Option<String>,
    /// An organisation's id.
    pub organisation: Option<String>,
    pub service_category: Option<String>,
    pub channel: Option<String>,
    /// The desk's organisation id.
    pub desk: Option<String>,
    pub kind: Option<String>,
    pub outcome: Option<String>,
    pub need: Option<String>,
    pub status: Option<String>,
    pub topic: Option<String>,
    pub participant: Option<String>,
}

impl TableParams {
    /// The dimension filters given, by dimension code.
    pub(crate) fn filters(&self) -> Vec<(&'static str, &Option<String>)> {
        vec![
            ("district", &self.district),
            ("kecamatan", &self.kecamatan),
            ("village", &self.village),
            ("sex", &self.sex),
            ("age_group", &self.age_group),
            ("migration_stage", &self.migration_stage),
            ("organisation", &self.organisation),
            ("service_category", &self.service_category),
            ("channel", &self.channel),
            ("desk", &self.desk),
            ("kind", &self.kind),
            ("outcome", &self.outcome),
            ("need", &self.need),
            ("status", &self.status),
            ("topic", &self.topic),
            ("participant", &self.participant),
        ]
    }

    /// The parameters given, as query pairs (for links to the same table).
    pub(crate) fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![("indicator", self.indicator.clone())];
        for (k, v) in [("period", &self.period), ("from", &self.from), ("to", &self.to), ("by", &self.by)]
            .into_iter()
            .chain(self.filters())
        {
            if let Some(v) = v.as_ref().filter(|v| !v.trim().is_empty()) {
                out.push((k, v.clone()));
            }
        }
        out
    }

    pub(crate) fn request(&self) -> Result<TableRequest, AppError> {
        let filters = self
            .filters()
            .into_iter()
            .filter_map(|(k, v)| v.as_ref().filter(|v| !v.trim().is_empty()).map(|v| (k.to_string(), v.clone())))
            .collect();
        Ok(TableRequest {
            indicator: self.indicator.clone(),
            period: self.period.clone(),
            from: optional(&self.from, |v| date("from", v))?,
            to: optional(&self.to, |v| date("to", v))?,
            by: self.by.clone(),
            filters,
        })
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportFormat {
    /// `csv` or `xlsx`.
    pub format: String,
}

/// A day as `YYYY-MM-DD`.
pub(crate) fn date(field: &str, raw: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| FieldError::new(field, "invalid_date").with("value", raw.trim()))
}

/// The period and the place of the headline.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HeadlineParams {
    /// `202601`, `2026Q1` or `2026`; else `from` and `to` (default: the last twelve months).
    pub period: Option<String>,
    /// First day (`YYYY-MM-DD`), inclusive.
    pub from: Option<String>,
    /// Last day (`YYYY-MM-DD`), inclusive.
    pub to: Option<String>,
    /// A district (regency) code, e.g. `32.09`.
    pub district: Option<String>,
}

impl HeadlineParams {
    pub(crate) fn request(&self) -> Result<HeadlineRequest, AppError> {
        Ok(HeadlineRequest {
            period: self.period.clone().filter(|p| !p.trim().is_empty()),
            from: optional(&self.from, |v| date("from", v))?,
            to: optional(&self.to, |v| date("to", v))?,
            district: self.district.clone().filter(|d| !d.trim().is_empty()),
        })
    }
}
