//! The SDG 10.7.1 report: the figures of the workers the caller may count,
//! overall and by sex, destination, occupation group and sector, with small
//! groups suppressed.

use chrono::NaiveDate;
use serde::Serialize;

use crate::access::{AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::areas::area::AreaCode;
use crate::error::{Error, FieldError, Result};
use crate::reports::sdg::{summarise, SdgScope, Summary, WorkerCosts};
use crate::reports::suppression::{suppress, Cell};

/// Which workers: of a district, whose first departure falls in a period
/// (inclusive at both ends).
#[derive(Debug, Clone, Default)]
pub struct SdgFilter {
    pub district: Option<AreaCode>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// One group's figures; all of them suppressed when it is small (or when
/// it would let a small one be worked out from the total).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SdgRow {
    /// The group's code (`female`, `HK`, `isco_9`, `domestic_work`, `unknown`); `all` overall.
    pub group: String,
    /// Workers with a ratio.
    pub n: Cell,
    /// The figures, absent when suppressed.
    pub figures: Option<Figures>,
}

/// What a group publishes beside its size (its exclusions are published
/// only overall, where they are suppressed like any small count).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Figures {
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub q1: Option<f64>,
    pub q3: Option<f64>,
    /// Share (0 to 1) of workers whose costs exceed one month's earnings.
    pub share_above_one_month: Option<f64>,
}

impl From<Summary> for Figures {
    fn from(s: Summary) -> Self {
        Figures { mean: s.mean, median: s.median, q1: s.q1, q3: s.q3, share_above_one_month: s.share_above_one_month }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SdgReport {
    pub overall: SdgRow,
    pub by_sex: Vec<SdgRow>,
    pub by_destination: Vec<SdgRow>,
    pub by_occupation_group: Vec<SdgRow>,
    pub by_sector: Vec<SdgRow>,
    /// Workers left out: no earnings recorded; an amount no recorded rate converts.
    pub without_earnings: Cell,
    pub without_rate: Cell,
    /// The suppression threshold applied.
    pub k: i64,
}

/// The rows of one breakdown, suppressed together with the overall total.
fn breakdown(
    workers: &[WorkerCosts],
    rates: &crate::reports::sdg::Rates,
    key: impl Fn(&WorkerCosts) -> String,
    k: i64,
) -> Vec<SdgRow> {
    let mut groups: Vec<(String, Vec<&WorkerCosts>)> = Vec::new();
    for w in workers {
        let g = key(w);
        match groups.iter_mut().find(|(code, _)| *code == g) {
            Some((_, list)) => list.push(w),
            None => groups.push((g, vec![w])),
        }
    }
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let summaries: Vec<Summary> = groups.iter().map(|(_, list)| summarise(list, rates)).collect();
    let table: Vec<Vec<i64>> = summaries.iter().map(|s| vec![s.n as i64]).collect();
    let published = suppress(&table, k);
    groups
        .into_iter()
        .zip(summaries)
        .zip(published.cells)
        .map(|(((group, _), summary), cells)| {
            let n = cells.first().copied().unwrap_or(Cell::Suppressed);
            SdgRow { group, figures: (!n.is_suppressed()).then(|| summary.into()), n }
        })
        .collect()
}

fn small(n: u64, k: i64) -> Cell {
    let n = n as i64;
    if n > 0 && n < k {
        Cell::Suppressed
    } else {
        Cell::Value(n)
    }
}

impl App {
    /// SDG 10.7.1 for the workers the caller may count: every district
    /// (M&E officer, administrators), her district (coordinator), or the
    /// workers her organisation registered (supervisor).
    pub async fn sdg_10_7_1(&self, ctx: &Ctx, filter: &SdgFilter) -> Result<SdgReport> {
        let scope = AuthCheck::new(Permission::ReportsAggregate).check(&ctx.actor)?;
        let user = ctx.actor.user();
        if let Some(d) = &filter.district {
            if d.level() != crate::areas::area::AreaLevel::Regency || self.store.get_area(d).await?.is_none() {
                return Err(Error::Invalid(vec![
                    FieldError::new("district", "unknown_district").with("value", d.as_str())
                ]));
            }
        }
        for (field, day) in [("from", filter.from), ("to", filter.to)] {
            if day.is_some_and(|d| d < crate::community::earliest()) {
                return Err(Error::Invalid(vec![
                    FieldError::new(field, "too_early").with("earliest", crate::community::earliest())
                ]));
            }
        }
        let mut counted = SdgScope { district: filter.district.clone(), organisation_id: None };
        if !scope.covers(Scope::All) {
            let home = user.and_then(|u| u.home_area.regency()).ok_or(Error::Forbidden)?;
            match &filter.district {
                Some(d) if *d != home => {
                    return Err(Error::Invalid(vec![
                        FieldError::new("district", "outside_your_area").with("value", d.as_str())
                    ]))
                }
                _ => counted.district = Some(home),
            }
            if !scope.covers(Scope::District) {
                counted.organisation_id = user.map(|u| u.organisation_id);
            }
        }
        if let (Some(from), Some(to)) = (filter.from, filter.to) {
            if to < from {
                return Err(Error::Invalid(vec![FieldError::new("to", "before_start").with("start", from)]));
            }
        }
        let workers: Vec<WorkerCosts> = self
            .store
            .sdg_workers(&counted)
            .await?
            .into_iter()
            .filter(|w| match w.departure {
                Some(d) => filter.from.is_none_or(|f| d >= f) && filter.to.is_none_or(|t| d <= t),
                None => filter.from.is_none() && filter.to.is_none(),
            })
            .collect();
        let rates = self.rate_table().await?;
        let k = self.suppression_k();
        let all: Vec<&WorkerCosts> = workers.iter().collect();
        let overall = summarise(&all, &rates);
        let n = small(overall.n, k);
        let report = SdgReport {
            without_earnings: small(overall.without_earnings, k),
            without_rate: small(overall.without_rate, k),
            overall: SdgRow { group: "all".into(), figures: (!n.is_suppressed()).then(|| overall.into()), n },
            by_sex: breakdown(&workers, &rates, |w| w.sex.clone(), k),
            by_destination: breakdown(
                &workers,
                &rates,
                |w| w.destination.clone().unwrap_or_else(|| "unknown".into()),
                k,
            ),
            by_occupation_group: breakdown(&workers, &rates, |w| w.occupation_group.clone(), k),
            by_sector: breakdown(&workers, &rates, |w| w.sector.clone().unwrap_or_else(|| "unknown".into()), k),
            k,
        };
        Ok(report)
    }
}
