//! Keeping the DHIS2 mapping, and exporting a period through it: each
//! mapped figure is read from its indicator's published table for the
//! district (so it is suppressed exactly as that table is); suppressed
//! figures and zeros (unless the element stores zeros) are left out.

use std::collections::BTreeMap;

use chrono::Utc;
use serde_json::json;

use crate::access::{AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::audit::chain::{truncate_to_micros, AuditRecord};
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, FieldError, Result};
use crate::reports::catalogue::Dimension;
use crate::reports::dhis2::{not_configured, Dhis2Export, Dhis2Mapping, Dhis2Period, Dhis2Value, ValidElement};
use crate::reports::suppression::Cell;
use crate::reports::tables::{Figure, ReportTable, TableRequest};

impl App {
    /// The mapping as kept (empty before an administrator sets one).
    pub async fn dhis2_mapping(&self, ctx: &Ctx) -> Result<Dhis2Mapping> {
        AuthCheck::new(Permission::ReportsExport).check(&ctx.actor)?;
        Ok(self.store.dhis2_mapping().await?.unwrap_or_default())
    }

    /// Replaces the whole mapping (administrators).
    pub async fn put_dhis2_mapping(&self, ctx: &Ctx, input: &Dhis2Mapping) -> Result<Dhis2Mapping> {
        AuthCheck::new(Permission::ReportsManage).check(&ctx.actor)?;
        let valid = input.validate()?;
        let mut unknown = Vec::new();
        for (i, (district, _)) in valid.org_units.iter().enumerate() {
            if self.store.get_area(district).await?.is_none() {
                unknown.push(
                    FieldError::new(format!("org_units[{i}].district"), "unknown_district")
                        .with("value", district.as_str()),
                );
            }
        }
        if !unknown.is_empty() {
            return Err(Error::Invalid(unknown));
        }
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Update,
            AuditEntity::Dhis2Mapping,
            None,
            json!({
                "data_set": valid.data_set,
                "org_units": valid.org_units.len(),
                "elements": valid.elements.len(),
            }),
        );
        let at = truncate_to_micros(Utc::now());
        self.store.put_dhis2_mapping(&valid, ctx.actor.user_id(), at, &audit).await?;
        Ok(valid.document())
    }

    /// A period's values for every mapped district the caller reports on
    /// (or the one asked for), audited as an export.
    pub async fn dhis2_export(
        &self,
        ctx: &Ctx,
        period: &str,
        district: Option<&str>,
        format: &str,
    ) -> Result<Dhis2Export> {
        let scope = AuthCheck::new(Permission::ReportsExport).check(&ctx.actor)?;
        let period = Dhis2Period::parse("period", period).map_err(|e| Error::Invalid(vec![e]))?;
        let mapping = self.store.dhis2_mapping().await?.ok_or_else(not_configured)?.validate()?;
        if mapping.org_units.is_empty() || mapping.elements.is_empty() {
            return Err(not_configured());
        }
        // Which districts: all for national readers, her own for a district's.
        let home = if scope.covers(Scope::All) {
            None
        } else if scope.covers(Scope::District) {
            Some(ctx.actor.user().and_then(|u| u.home_area.regency()).ok_or(Error::Forbidden)?)
        } else {
            return Err(Error::Forbidden);
        };
        let asked = district.map(str::trim).filter(|d| !d.is_empty());
        let units: Vec<_> = mapping
            .org_units
            .iter()
            .filter(|(d, _)| asked.is_none_or(|a| d.as_str() == a))
            .filter(|(d, _)| home.as_ref().is_none_or(|h| h == d))
            .cloned()
            .collect();
        if let (Some(a), true) = (asked, units.is_empty()) {
            let code = if home.as_ref().is_some_and(|h| h.as_str() != a) { "outside_your_area" } else { "not_mapped" };
            return Err(Error::Invalid(vec![FieldError::new("district", code).with("value", a)]));
        }
        // One table per indicator and row dimension, per district.
        let mut groups: Groups<'_> = BTreeMap::new();
        for e in &mapping.elements {
            let by = e.disaggregation.row.as_ref().map(|(d, _)| *d);
            groups.entry((e.indicator.code, by.map(Dimension::as_str))).or_insert((by, Vec::new())).1.push(e);
        }
        let mut values = Vec::new();
        let mut left_out = 0;
        for (district, unit) in &units {
            for ((code, _), (by, elements)) in &groups {
                let req = TableRequest {
                    indicator: (*code).to_string(),
                    period: Some(period.id.clone()),
                    by: by.map(|d| d.as_str().to_string()),
                    filters: [("district".to_string(), district.as_str().to_string())].into(),
                    ..Default::default()
                };
                let table = self.table_of(ctx, &req, false).await?;
                for e in elements {
                    match figure_value(&table, e) {
                        Some(v) if v != "0" || e.store_zero => values.push(Dhis2Value {
                            data_element: e.data_element.clone(),
                            category_option_combo: e.category_option_combo.clone(),
                            org_unit: unit.clone(),
                            value: v,
                            adx_categories: e.adx_categories.clone(),
                        }),
                        _ => left_out += 1,
                    }
                }
            }
        }
        let export = Dhis2Export {
            data_set: mapping.data_set.clone(),
            period,
            complete_date: self.today(),
            org_units: units.iter().map(|(_, u)| u.clone()).collect(),
            values,
            left_out,
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Export,
            AuditEntity::Report,
            None,
            json!({
                "dhis2": export.period.id,
                "data_set": export.data_set,
                "org_units": export.org_units,
                "format": format,
                "rows": export.values.len(),
            }),
        );
        self.store.append_audit(&audit).await?;
        Ok(export)
    }
}

/// The elements of a mapping by indicator and row dimension (one table each).
type Groups<'a> = BTreeMap<(&'static str, Option<&'static str>), (Option<Dimension>, Vec<&'a ValidElement>)>;

/// The mapped figure of a table as DHIS2 takes it, or none when suppressed
/// or not computable.
fn figure_value(table: &ReportTable, e: &ValidElement) -> Option<String> {
    let zero = Figure { count: Cell::Value(0), base: None, value: None };
    let row = match &e.disaggregation.row {
        None => Some(&table.totals),
        Some((_, key)) => table.rows.iter().find(|r| r.key == *key),
    };
    let figure = match (row, &e.disaggregation.sex) {
        (None, _) => zero,
        (Some(r), None) => r.total,
        (Some(r), Some(sex)) => {
            let i = table.columns.iter().position(|c| c == sex);
            i.and_then(|i| r.cells.get(i)).copied().unwrap_or(zero)
        }
    };
    if table.unit.publishes_value() {
        match (figure.count, figure.value) {
            (Cell::Value(_), Some(v)) => Some(format!("{v}")),
            _ => None,
        }
    } else {
        match figure.count {
            Cell::Value(n) => Some(n.to_string()),
            Cell::Suppressed => None,
        }
    }
}
