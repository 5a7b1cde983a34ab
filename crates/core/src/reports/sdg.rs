//! SDG indicator 10.7.1: recruitment cost borne by the worker as a
//! proportion of her monthly earnings in the country of destination.
//!
//! Conventions (shown on the report page):
//! - one ratio per worker: her first migration episode with a destination
//!   (the earliest departure);
//! - the numerator is every itemised recruitment cost she paid, each
//!   converted to rupiah at the **recorded exchange rate** of its currency
//!   on the day it was paid (the latest rate on or before that day; a cost
//!   without a date at the rate of the departure day);
//! - the denominator is her first full month's net earnings in the first
//!   job abroad, converted at the rate of the day a month after departure;
//! - workers who paid nothing are included (ratio 0); workers without
//!   earnings, or with an amount no recorded rate converts, are left out and
//!   counted as such;
//! - quartiles and the median by linear interpolation between order
//!   statistics (`R` type 7, Excel `QUARTILE.INC`);
//! - "costs above one month's earnings" is the share of ratios above 1.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::money::Amount;

/// Whom the store counts: every worker, those of a district, or those an
/// organisation registered.
#[derive(Debug, Clone, Default)]
pub struct SdgScope {
    pub district: Option<crate::areas::area::AreaCode>,
    pub organisation_id: Option<uuid::Uuid>,
}

/// Rupiah per unit of each currency, by the day it applies from.
#[derive(Debug, Clone, Default)]
pub struct Rates {
    by_currency: BTreeMap<String, BTreeMap<NaiveDate, f64>>,
}

impl Rates {
    /// `idr_per_unit` rupiah for one unit of `currency` from `on`.
    pub fn add(&mut self, currency: &str, on: NaiveDate, idr_per_unit: f64) {
        self.by_currency.entry(currency.to_ascii_uppercase()).or_default().insert(on, idr_per_unit);
    }

    /// The rate on `on` (the latest recorded on or before it), or the
    /// latest recorded when `on` is not known. Rupiah are rupiah.
    pub fn rate(&self, currency: &str, on: Option<NaiveDate>) -> Option<f64> {
        if currency.eq_ignore_ascii_case("IDR") {
            return Some(1.0);
        }
        let rates = self.by_currency.get(&currency.to_ascii_uppercase())?;
        match on {
            Some(day) => rates.range(..=day).next_back().map(|(_, r)| *r),
            None => rates.values().next_back().copied(),
        }
    }

    /// An amount in rupiah.
    pub fn to_idr(&self, amount: Amount, currency: &str, on: Option<NaiveDate>) -> Option<f64> {
        self.rate(currency, on).map(|r| amount.hundredths() as f64 / 100.0 * r)
    }
}

/// What 10.7.1 needs of one worker's first episode abroad.
#[derive(Debug, Clone)]
pub struct WorkerCosts {
    pub sex: String,
    pub destination: Option<String>,
    pub occupation_group: String,
    pub sector: Option<String>,
    pub departure: Option<NaiveDate>,
    /// Amount, currency, the day it was paid.
    pub costs: Vec<(Amount, String, Option<NaiveDate>)>,
    /// Her first full month's net earnings: amount, currency.
    pub earnings: Option<(Amount, String)>,
}

/// Why a worker has no ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excluded {
    NoEarnings,
    NoRate,
}

impl WorkerCosts {
    /// Her costs as a proportion of a month's earnings.
    pub fn ratio(&self, rates: &Rates) -> Result<f64, Excluded> {
        let Some((earned, currency)) = &self.earnings else { return Err(Excluded::NoEarnings) };
        if earned.hundredths() <= 0 {
            return Err(Excluded::NoEarnings);
        }
        let month_after = self.departure.map(|d| d + Duration::days(30));
        let earnings = rates.to_idr(*earned, currency, month_after).ok_or(Excluded::NoRate)?;
        let mut paid = 0.0;
        for (amount, currency, on) in &self.costs {
            paid += rates.to_idr(*amount, currency, on.or(self.departure)).ok_or(Excluded::NoRate)?;
        }
        Ok(paid / earnings)
    }
}

/// The published figures of one group of workers.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Summary {
    /// Workers with a ratio.
    pub n: u64,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub q1: Option<f64>,
    pub q3: Option<f64>,
    /// Share (0 to 1) of workers whose costs exceed one month's earnings.
    pub share_above_one_month: Option<f64>,
    /// Left out: no first month's earnings recorded.
    pub without_earnings: u64,
    /// Left out: an amount in a currency with no recorded rate.
    pub without_rate: u64,
}

/// The `p`-quantile (0 to 1) of sorted values, by linear interpolation
/// between order statistics (type 7).
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    let (a, b) = (*sorted.get(lo)?, *sorted.get(hi)?);
    Some(a + (h - lo as f64) * (b - a))
}

/// The figures of a group of workers.
pub fn summarise(workers: &[&WorkerCosts], rates: &Rates) -> Summary {
    let mut ratios = Vec::new();
    let (mut without_earnings, mut without_rate) = (0, 0);
    for w in workers {
        match w.ratio(rates) {
            Ok(r) => ratios.push(r),
            Err(Excluded::NoEarnings) => without_earnings += 1,
            Err(Excluded::NoRate) => without_rate += 1,
        }
    }
    ratios.sort_by(f64::total_cmp);
    let n = ratios.len();
    let mean = (n > 0).then(|| ratios.iter().sum::<f64>() / n as f64);
    let above = (n > 0).then(|| ratios.iter().filter(|r| **r > 1.0).count() as f64 / n as f64);
    Summary {
        n: n as u64,
        mean,
        median: quantile(&ratios, 0.5),
        q1: quantile(&ratios, 0.25),
        q3: quantile(&ratios, 0.75),
        share_above_one_month: above,
        without_earnings,
        without_rate,
    }
}

/// The occupation group (ISCO-08 major group) of an occupation as written,
/// for the occupations migrant workers of the pilot districts take up;
/// `unknown` when it is not recognised.
pub fn occupation_group(occupation: Option<&str>) -> &'static str {
    let Some(o) = occupation.map(str::to_lowercase) else { return "unknown" };
    let has = |words: &[&str]| words.iter().any(|w| o.contains(w));
    if has(&["perawat", "caregiver", "pengasuh", "care", "nanny", "lansia", "babysit"]) {
        "isco_5"
    } else if has(&["operator", "pabrik", "factory", "mesin", "machine", "sopir", "driver"]) {
        "isco_8"
    } else if has(&[
        "rumah tangga",
        "domestic",
        "prt",
        "housekeep",
        "cleaner",
        "kebun",
        "plantation",
        "buruh",
        "labour",
        "laborer",
        "konstruksi",
        "construction",
    ]) {
        "isco_9"
    } else if has(&["nelayan", "fisher", "awak kapal", "abk", "petani", "farm"]) {
        "isco_6"
    } else if has(&["restoran", "restaurant", "hotel", "waiter", "pelayan", "koki", "cook", "sales", "toko"]) {
        "isco_5"
    } else if has(&["las", "welder", "tukang", "mechanic", "mekanik", "jahit", "tailor"]) {
        "isco_7"
    } else {
        "unknown"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    fn idr(units: i64) -> Amount {
        Amount::from_hundredths(units * 100)
    }

    fn worker(costs: Vec<(Amount, &str, Option<&str>)>, earnings: Option<(Amount, &str)>) -> WorkerCosts {
        WorkerCosts {
            sex: "female".into(),
            destination: Some("HK".into()),
            occupation_group: "isco_9".into(),
            sector: Some("domestic_work".into()),
            departure: Some(day("2025-03-01")),
            costs: costs.into_iter().map(|(a, c, d)| (a, c.to_string(), d.map(day))).collect(),
            earnings: earnings.map(|(a, c)| (a, c.to_string())),
        }
    }

    /// A hand-computed set. Rates: HKD 2,000 rupiah from 2025-01-01 and
    /// 2,100 from 2025-03-15; USD 15,000 from 2024-01-01.
    /// - A: 10,000,000 IDR + 500 HKD paid 2025-02-01 (at 2,000: 1,000,000)
    ///   = 11,000,000; earns 5,000 HKD, converted on 2025-03-31 at 2,100 =
    ///   10,500,000 → 11,000,000 / 10,500,000 = 1.047619…
    /// - B: nothing paid; earns 4,000 HKD → 0.
    /// - C: 21,000,000 IDR; earns 5,000 HKD (10,500,000) → 2.
    /// - D: 300 USD undated (at the departure's rate, 15,000: 4,500,000);
    ///   earns 9,000,000 IDR → 0.5.
    /// - E: no earnings → left out as such. F: paid in SGD (no rate) → left out.
    #[test]
    fn the_hand_computed_set() {
        let mut rates = Rates::default();
        rates.add("HKD", day("2025-01-01"), 2000.0);
        rates.add("hkd", day("2025-03-15"), 2100.0);
        rates.add("USD", day("2024-01-01"), 15000.0);
        assert_eq!(rates.rate("HKD", Some(day("2025-03-14"))), Some(2000.0));
        assert_eq!(rates.rate("HKD", Some(day("2025-03-15"))), Some(2100.0));
        assert_eq!(rates.rate("HKD", Some(day("2024-12-31"))), None, "no rate before the first recorded");
        assert_eq!(rates.to_idr(idr(500), "HKD", Some(day("2025-02-01"))), Some(1_000_000.0));
        let a = worker(
            vec![(idr(10_000_000), "IDR", None), (idr(500), "HKD", Some("2025-02-01"))],
            Some((idr(5000), "HKD")),
        );
        let b = worker(vec![], Some((idr(4000), "HKD")));
        let c = worker(vec![(idr(21_000_000), "IDR", Some("2025-01-10"))], Some((idr(5000), "HKD")));
        let d = worker(vec![(idr(300), "USD", None)], Some((idr(9_000_000), "IDR")));
        let e = worker(vec![(idr(1_000_000), "IDR", None)], None);
        let f = worker(vec![(idr(100), "SGD", None)], Some((idr(5000), "HKD")));
        let ra = a.ratio(&rates);
        assert!(ra.is_ok_and(|r| (r - 11.0 / 10.5).abs() < 1e-12), "{ra:?}");
        assert_eq!(d.ratio(&rates), Ok(0.5));
        let s = summarise(&[&a, &b, &c, &d, &e, &f], &rates);
        assert_eq!((s.n, s.without_earnings, s.without_rate), (4, 1, 1));
        // Sorted: 0, 0.5, 1.047619, 2.
        let mean = (0.0 + 0.5 + 11.0 / 10.5 + 2.0) / 4.0;
        assert!(s.mean.is_some_and(|v| (v - mean).abs() < 1e-12));
        // Median: halfway between 0.5 and 1.047619 (h = 1.5).
        assert!(s.median.is_some_and(|v| (v - (0.5 + 11.0 / 10.5) / 2.0).abs() < 1e-12));
        // Q1: h = 0.75 → 0 + 0.75 × 0.5 = 0.375. Q3: h = 2.25 → 1.047619 + 0.25 × (2 − 1.047619).
        assert!(s.q1.is_some_and(|v| (v - 0.375).abs() < 1e-12));
        assert!(s.q3.is_some_and(|v| (v - (11.0 / 10.5 + 0.25 * (2.0 - 11.0 / 10.5))).abs() < 1e-12));
        assert_eq!(s.share_above_one_month, Some(0.5), "A and C paid more than a month's earnings");
    }

    #[test]
    fn quantiles_of_small_sets() {
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[3.0], 0.25), Some(3.0));
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.5), Some(3.0));
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.25), Some(1.75));
    }

    #[test]
    fn occupations_fall_into_their_groups() {
        assert_eq!(occupation_group(Some("Pekerja rumah tangga")), "isco_9");
        assert_eq!(occupation_group(Some("Perawat lansia")), "isco_5");
        assert_eq!(occupation_group(Some("Operator pabrik")), "isco_8");
        assert_eq!(occupation_group(Some("Astronaut")), "unknown");
        assert_eq!(occupation_group(None), "unknown");
    }
}
