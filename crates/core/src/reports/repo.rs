//! What reports need from storage: the exchange rates and, for SDG 10.7.1,
//! each worker's first episode abroad with its costs.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::audit::chain::AuditRecord;
use crate::error::Result;
use crate::reports::exchange::{Rate, ValidRate};
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
}
