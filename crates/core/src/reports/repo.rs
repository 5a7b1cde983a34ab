//! What reports need from storage: the exchange rates and, for SDG 10.7.1,
//! each worker's first episode abroad with its costs.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::audit::chain::AuditRecord;
use crate::error::Result;
use crate::reports::dhis2::{Dhis2Mapping, ValidMapping};
use crate::reports::exchange::{Rate, ValidRate};
use crate::reports::query::{Counts, EventQuery, PeopleQuery};
use crate::reports::sdg::{SdgScope, WorkerCosts};

#[async_trait]
pub trait ReportRepository: Send + Sync {
    /// Records rates (a rate of the same currency and day is replaced), in one transaction.
    async fn put_rates(
        &self,
        rates: &[ValidRate],
        by: Option<Uuid>,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()>;
    /// Newest first; of one currency when given.
    async fn rates(&self, currency: Option<&str>) -> Result<Vec<Rate>>;
    /// Each counted worker's first episode with a destination (the earliest
    /// departure), with its costs and first month's earnings.
    async fn sdg_workers(&self, scope: &SdgScope) -> Result<Vec<WorkerCosts>>;
    /// Events of an aggregate, summed by the slice's group columns.
    async fn count_events(&self, q: &EventQuery<'_>) -> Result<Counts>;
    /// Unique people served in the period, by the slice's group columns.
    async fn count_people(&self, q: &PeopleQuery<'_>) -> Result<Counts>;
    /// Compares the aggregates with what their source rows say; with `fix`,
    /// rebuilds them from those rows instead (in one transaction), after
    /// which they agree by construction and nothing is compared.
    async fn check_aggregates(&self, fix: bool) -> Result<AggregateCheck>;
    /// The local day's offset from UTC the aggregates are kept in; when it
    /// changes, the aggregates are rebuilt. True when it changed.
    async fn set_report_offset(&self, minutes: i32) -> Result<bool>;
    /// The DHIS2 mapping as kept, or none before one is set.
    async fn dhis2_mapping(&self) -> Result<Option<Dhis2Mapping>>;
    /// Replaces the whole DHIS2 mapping, in one transaction with its audit entry.
    async fn put_dhis2_mapping(
        &self,
        mapping: &ValidMapping,
        by: Option<Uuid>,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<()>;
}

/// How far the aggregates are from their source rows: rows that differ,
/// per table (0 everywhere when they agree).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AggregateCheck {
    /// Rows that differ, in the order of [`AggregateCheck::TABLES`] (none
    /// after a rebuild, which compares nothing).
    pub differ: [u64; AGGREGATE_TABLES],
    /// Rows each table holds (after a rebuild, if one ran).
    pub rows: [u64; AGGREGATE_TABLES],
}

/// How many aggregate tables there are (the length of [`AggregateCheck::TABLES`]).
pub const AGGREGATE_TABLES: usize = 21;

impl AggregateCheck {
    /// The tables checked, each finer table before the ones kept from it:
    /// events by day and by month (with villages; by month, by area with
    /// age group and stage and their quarters and years, by area alone and
    /// its quarters and years; without areas below the district, and those by district with one
    /// attribute: category and detail, organisation, stage), person-days, people by day with the
    /// previous day in the month (without kecamatan and village), people first served in a
    /// month (by day), people first served in a month, quarter or year,
    /// people first served in a month by the month of their previous row
    /// (with kecamatan, and without),
    /// people first served in a month, quarter or year by village.
    pub const TABLES: [&'static str; AGGREGATE_TABLES] = [
        "report_days",
        "report_district_days",
        "report_cube_category_days",
        "report_cube_organisation_days",
        "report_cube_stage_days",
        "report_months",
        "report_area_cube_stage",
        "report_area_cube_stage_periods",
        "report_area_months",
        "report_area_periods",
        "report_district_months",
        "report_cube_category",
        "report_cube_organisation",
        "report_cube_stage",
        "report_person_days",
        "report_people_days",
        "report_people_months",
        "report_people_periods",
        "report_people_prev_months",
        "report_people_prev_districts",
        "report_people_village_periods",
    ];

    /// The rows of one of [`Self::TABLES`] (0 for another name).
    pub fn rows_of(&self, table: &str) -> u64 {
        Self::TABLES.iter().position(|t| *t == table).map_or(0, |i| self.rows[i])
    }

    pub fn agrees(&self) -> bool {
        self.differ.iter().all(|d| *d == 0)
    }
}
