//! The DHIS2 mapping: settings, organisation units and data elements,
//! replaced whole in one transaction.

use chrono::{DateTime, Utc};
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::reports::dhis2::{Dhis2Mapping, ElementMapping, OrgUnitMapping, ValidMapping};
use satuatap_core::Result;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{db_error, on_pool, Db};

#[derive(sqlx::FromRow)]
struct ElementRow {
    indicator: String,
    disaggregation: String,
    data_element: String,
    category_option_combo: String,
    adx_categories: String,
    store_zero: bool,
}

impl Db {
    pub(crate) async fn read_dhis2_mapping(&self) -> Result<Option<Dhis2Mapping>> {
        let data_set: Option<String> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_scalar("SELECT data_set FROM dhis2_settings WHERE id = 1")
                .fetch_optional(p)
                .await)
            .map_err(db_error)?;
        let Some(data_set) = data_set else { return Ok(None) };
        let units: Vec<(String, String)> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT district_code, org_unit FROM dhis2_org_units ORDER BY district_code"
        )
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        let elements: Vec<ElementRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT indicator, disaggregation, data_element, category_option_combo, adx_categories, store_zero \
             FROM dhis2_elements ORDER BY indicator, disaggregation"
        )
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        Ok(Some(Dhis2Mapping {
            data_set,
            org_units: units.into_iter().map(|(district, org_unit)| OrgUnitMapping { district, org_unit }).collect(),
            elements: elements
                .into_iter()
                .map(|e| ElementMapping {
                    indicator: e.indicator,
                    disaggregation: e.disaggregation,
                    data_element: e.data_element,
                    category_option_combo: e.category_option_combo,
                    adx_categories: e.adx_categories,
                    store_zero: e.store_zero,
                })
                .collect(),
        }))
    }

    pub(crate) async fn write_dhis2_mapping(
        &self,
        m: &ValidMapping,
        by: Option<Uuid>,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("DELETE FROM dhis2_elements").execute(&mut *tx).await?;
            sqlx::query("DELETE FROM dhis2_org_units").execute(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO dhis2_settings (id, data_set, updated_by, updated_at) VALUES (1, $1, $2, $3) \
                 ON CONFLICT (id) DO UPDATE SET data_set = excluded.data_set, updated_by = excluded.updated_by, \
                 updated_at = excluded.updated_at",
            )
            .bind(&m.data_set)
            .bind(by)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            for (district, unit) in &m.org_units {
                sqlx::query("INSERT INTO dhis2_org_units (district_code, org_unit) VALUES ($1, $2)")
                    .bind(district.as_str())
                    .bind(unit)
                    .execute(&mut *tx)
                    .await?;
            }
            for e in &m.elements {
                sqlx::query(
                    "INSERT INTO dhis2_elements (indicator, disaggregation, data_element, category_option_combo, \
                     adx_categories, store_zero) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(e.indicator.code)
                .bind(e.disaggregation.text())
                .bind(&e.data_element)
                .bind(&e.category_option_combo)
                .bind(e.adx_text())
                .bind(e.store_zero)
                .execute(&mut *tx)
                .await?;
            }
        })
    }
}
