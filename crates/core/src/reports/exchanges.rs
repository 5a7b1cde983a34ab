//! Keeping the exchange rates: one at a time or a CSV file at once.

use chrono::Utc;
use serde_json::json;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::audit::chain::{truncate_to_micros, AuditRecord};
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, FieldError, Result};
use crate::reports::exchange::{NewRate, Rate, ValidRate};
use crate::reports::sdg::Rates;

impl App {
    /// Records (or corrects) the rate of a currency from a day.
    pub async fn put_rate(&self, ctx: &Ctx, input: &NewRate) -> Result<Rate> {
        AuthCheck::new(Permission::ReportsManage).check(&ctx.actor)?;
        let valid = input.validate(self.today())?;
        let at = truncate_to_micros(Utc::now());
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Update,
            AuditEntity::ExchangeRate,
            Some(format!("{}/{}", valid.currency, valid.date)),
            json!({ "currency": valid.currency, "date": valid.date, "idr_micros": valid.idr_micros }),
        );
        self.store.put_rates(std::slice::from_ref(&valid), ctx.actor.user_id(), at, &audit).await?;
        Ok(Rate::from_valid(&valid, at))
    }

    /// Records the rates of a file: all of them, or none when any is
    /// refused (each refusal names its line: `rows[<line>].<field>`).
    pub async fn import_rates(&self, ctx: &Ctx, rows: &[(u64, NewRate)]) -> Result<u64> {
        AuthCheck::new(Permission::ReportsManage).check(&ctx.actor)?;
        let today = self.today();
        let mut valid: Vec<ValidRate> = Vec::new();
        let mut errors = Vec::new();
        for (line, row) in rows {
            match row.validate(today) {
                Ok(v) => {
                    if valid.iter().any(|o| o.currency == v.currency && o.date == v.date) {
                        errors.push(FieldError::new(format!("rows[{line}].date"), "repeated").with("line", line));
                    } else {
                        valid.push(v);
                    }
                }
                Err(Error::Invalid(found)) => errors.extend(found.into_iter().map(|e| FieldError {
                    field: format!("rows[{line}].{}", e.field),
                    args: e.args.into_iter().chain([("line", line.to_string())]).collect(),
                    ..e
                })),
                Err(e) => return Err(e),
            }
        }
        if valid.is_empty() && errors.is_empty() {
            errors.push(FieldError::new("rows", "required"));
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        let at = truncate_to_micros(Utc::now());
        let audit =
            AuditRecord::new(ctx, AuditAction::Import, AuditEntity::ExchangeRate, None, json!({ "rows": valid.len() }));
        self.store.put_rates(&valid, ctx.actor.user_id(), at, &audit).await?;
        Ok(valid.len() as u64)
    }

    /// The recorded rates, newest first (of one currency, if given): for
    /// those who keep them and those who read the reports.
    pub async fn rates(&self, ctx: &Ctx, currency: Option<&str>) -> Result<Vec<Rate>> {
        if AuthCheck::new(Permission::ReportsManage).check(&ctx.actor).is_err() {
            AuthCheck::new(Permission::ReportsAggregate).check(&ctx.actor)?;
        }
        self.store.rates(currency.map(str::to_ascii_uppercase).as_deref()).await
    }

    /// Every rate, as the SDG computation reads them.
    pub(crate) async fn rate_table(&self) -> Result<Rates> {
        let mut table = Rates::default();
        for r in self.store.rates(None).await? {
            if let Some(micros) = crate::reports::exchange::parse_micros(&r.idr_per_unit) {
                table.add(&r.currency, r.date, micros as f64 / 1_000_000.0);
            }
        }
        Ok(table)
    }
}

impl Rate {
    pub fn from_valid(v: &ValidRate, at: chrono::DateTime<Utc>) -> Self {
        Rate {
            currency: v.currency.clone(),
            date: v.date,
            idr_per_unit: crate::reports::exchange::format_micros(v.idr_micros),
            source: v.source.clone(),
            recorded_at: at,
        }
    }
}
