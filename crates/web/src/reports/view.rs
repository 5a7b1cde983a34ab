//! An indicator table as people read it — translated headers and row
//! labels, figures formatted, suppressed counts marked — shared by the
//! dashboard, the CSV and the XLSX file so that all three say the same.

use chrono::NaiveDate;
use satuatap_core::reports::catalogue::{Dimension, Unit};
use satuatap_core::reports::headline::Headline;
use satuatap_core::reports::suppression::Cell;
use satuatap_core::reports::tables::{AppliedFilter, Figure, ReportTable};

use crate::i18n::{I18n, Lang};

/// One figure as shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shown {
    Number(i64),
    /// A share in percent or a median in days.
    Decimal(f64),
    Suppressed,
    /// Nothing to compute (a share of nothing).
    Empty,
}

impl Shown {
    pub fn of(unit: Unit, f: &Figure) -> Shown {
        if !unit.publishes_value() {
            return match f.count {
                Cell::Value(n) => Shown::Number(n),
                Cell::Suppressed => Shown::Suppressed,
            };
        }
        match f.value {
            // Rupiah are whole.
            Some(v) if unit == Unit::Rupiah => Shown::Number(v.round() as i64),
            Some(v) => Shown::Decimal(v),
            None if f.count.is_suppressed() || f.base.is_some_and(Cell::is_suppressed) => Shown::Suppressed,
            None => Shown::Empty,
        }
    }

    pub fn is_suppressed(&self) -> bool {
        *self == Shown::Suppressed
    }

    /// As text in the page's language (`mark` for a suppressed count).
    pub fn text(&self, lang: Lang, mark: &str) -> String {
        match self {
            Shown::Number(n) => group_thousands(*n, lang),
            Shown::Decimal(v) => {
                let s = format!("{v:.1}");
                if lang == Lang::Id {
                    s.replace('.', ",")
                } else {
                    s
                }
            }
            Shown::Suppressed => mark.to_string(),
            Shown::Empty => "–".into(),
        }
    }

    /// The number a chart draws (0 for what it cannot).
    pub fn magnitude(&self) -> f64 {
        match self {
            Shown::Number(n) => *n as f64,
            Shown::Decimal(v) => *v,
            _ => 0.0,
        }
    }
}

fn group_thousands(n: i64, lang: Lang) -> String {
    let sep = if lang == Lang::Id { '.' } else { ',' };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

pub struct ShownRow {
    pub label: String,
    pub cells: Vec<Shown>,
    pub total: Shown,
}

pub struct ShownPoint {
    pub month: NaiveDate,
    pub label: String,
    pub value: Shown,
}

/// The table in words.
pub struct ShownTable {
    pub title: String,
    pub unit: String,
    pub period: String,
    /// The row dimension's name (or the indicator's, for one row).
    pub row_header: String,
    pub columns: Vec<String>,
    pub total_header: String,
    pub rows: Vec<ShownRow>,
    pub totals: ShownRow,
    pub trend: Vec<ShownPoint>,
    /// "Filter: value" for each value kept.
    pub filters: Vec<String>,
    pub mark: String,
    pub has_suppressed: bool,
}

/// Where a dimension's codes get their labels, tried in order.
fn label_lists(indicator: &str, d: Dimension) -> &'static [&'static str] {
    match d {
        Dimension::Sex => &["sex"],
        Dimension::AgeGroup => &["age-group"],
        Dimension::MigrationStage => &["stage"],
        Dimension::Channel if indicator == "hotline_contacts" => &["hotline-channel"],
        Dimension::Channel if indicator == "women_reached" => &["report-reach"],
        Dimension::Channel if indicator == "departures" => &["departure-channel"],
        Dimension::Channel => &["channel"],
        Dimension::Kind if indicator == "attendance" => &["activity-kind"],
        Dimension::Kind if indicator == "women_reached" => &["activity-kind", "report-source"],
        Dimension::Kind if indicator == "local_regulations" => &["regulation-level"],
        Dimension::Kind if indicator == "early_warnings" => &["warning-kind"],
        Dimension::Kind if indicator == "gbv_incidents" => &["gbv-type"],
        Dimension::Kind if indicator == "forced_labour_indicators" => &["ilo", "trafficking"],
        Dimension::Kind if indicator == "warning_hours_to_acknowledge" => &["warning-kind"],
        Dimension::Stage => &["case-stage"],
        Dimension::Kind if indicator == "returns" => &["return-reason"],
        Dimension::Outcome if indicator == "early_warnings" => &["warning-outcome"],
        Dimension::Outcome if indicator == "returns" => &["return-follow-up"],
        Dimension::Status if indicator == "village_registrations" => &["registration-status"],
        Dimension::Kind => &["case-kind"],
        Dimension::Outcome => &["closure-reason"],
        Dimension::Need => &["need"],
        Dimension::Status => &["referral-status"],
        Dimension::Topic if indicator == "people_trained" || indicator == "local_regulations" => &["activity-topic"],
        Dimension::Topic => &["hotline-topic"],
        Dimension::Participant => &["participant"],
        Dimension::ServiceCategory => &["service-kind"],
        _ => &[],
    }
}

pub struct Labeller<'a> {
    pub i18n: &'a I18n,
    pub lang: Lang,
}

impl Labeller<'_> {
    pub fn t(&self, key: &str) -> String {
        self.i18n.t(self.lang, key)
    }

    /// The label of a value of a dimension: an area's or organisation's
    /// name, a code's translation, "not recorded" for none.
    pub fn value(&self, indicator: &str, d: Dimension, key: &str, name: Option<&str>) -> String {
        if let Some(n) = name {
            return n.to_string();
        }
        if key.is_empty() || key == "unknown" {
            return self.t("report-unknown");
        }
        for list in label_lists(indicator, d) {
            let k = format!("{list}-{key}");
            if self.i18n.has(self.lang, &k) {
                return self.t(&k);
            }
        }
        key.to_string()
    }

    /// "Dimension: value" of a value a table keeps.
    pub fn filter(&self, indicator: &str, f: &AppliedFilter) -> String {
        format!(
            "{}: {}",
            self.t(&format!("dimension-{}", f.dimension.as_str())),
            self.value(indicator, f.dimension, &f.value, f.name.as_deref())
        )
    }

    pub fn month(&self, m: NaiveDate) -> String {
        use chrono::Datelike as _;
        format!("{} {}", self.t(&format!("month-short-{}", m.month())), m.year())
    }

    pub fn table(&self, t: &ReportTable) -> ShownTable {
        let unit = t.unit;
        let mark = self.t("report-suppressed");
        let by = t.by;
        let row = |key: &str, name: Option<&str>, f: &[Figure], total: &Figure| ShownRow {
            label: match by {
                Some(d) => self.value(t.indicator, d, key, name),
                None => self.t("report-all"),
            },
            cells: f.iter().map(|x| Shown::of(unit, x)).collect(),
            total: Shown::of(unit, total),
        };
        let rows: Vec<ShownRow> = t.rows.iter().map(|r| row(&r.key, r.name.as_deref(), &r.cells, &r.total)).collect();
        let mut totals = row("total", None, &t.totals.cells, &t.totals.total);
        totals.label = self.t("report-total");
        let trend: Vec<ShownPoint> = t
            .trend
            .iter()
            .map(|p| ShownPoint { month: p.month, label: self.month(p.month), value: Shown::of(unit, &p.value) })
            .collect();
        let has_suppressed = rows
            .iter()
            .chain(std::iter::once(&totals))
            .any(|r| r.total.is_suppressed() || r.cells.iter().any(Shown::is_suppressed))
            || trend.iter().any(|p| p.value.is_suppressed());
        ShownTable {
            title: self.t(&format!("indicator-{}", t.indicator)),
            unit: self.t(&format!("unit-{}", unit.as_str())),
            period: format!("{} – {}", t.from.format("%Y-%m-%d"), t.to.format("%Y-%m-%d")),
            row_header: match by {
                Some(d) => self.t(&format!("dimension-{}", d.as_str())),
                None => self.t(&format!("indicator-{}", t.indicator)),
            },
            columns: t.columns.iter().map(|c| self.value(t.indicator, Dimension::Sex, c, None)).collect(),
            total_header: self.t("report-total"),
            rows,
            totals,
            trend,
            filters: t.filters.iter().map(|f| self.filter(t.indicator, f)).collect(),
            mark,
            has_suppressed,
        }
    }
}

/// One number of the headline, as shown.
pub struct ShownHeadlineRow {
    pub code: &'static str,
    pub name: String,
    pub definition: String,
    pub unit: String,
    /// Women, men; none when not counted by sex.
    pub cells: Option<Vec<Shown>>,
    pub total: Shown,
}

pub struct ShownHeadline {
    pub period: String,
    pub place: Vec<String>,
    pub columns: Vec<String>,
    pub rows: Vec<ShownHeadlineRow>,
    pub mark: String,
    pub has_suppressed: bool,
}

impl Labeller<'_> {
    pub fn headline(&self, h: &Headline) -> ShownHeadline {
        let rows: Vec<ShownHeadlineRow> = h
            .rows
            .iter()
            .map(|r| ShownHeadlineRow {
                code: r.indicator,
                name: self.t(&format!("indicator-{}", r.indicator)),
                definition: self.t(&format!("indicator-{}-definition", r.indicator)),
                unit: self.t(&format!("unit-{}", r.unit.as_str())),
                cells: (!r.cells.is_empty()).then(|| r.cells.iter().map(|f| Shown::of(r.unit, f)).collect()),
                total: Shown::of(r.unit, &r.total),
            })
            .collect();
        let has_suppressed = rows
            .iter()
            .any(|r| r.total.is_suppressed() || r.cells.as_ref().is_some_and(|c| c.iter().any(Shown::is_suppressed)));
        ShownHeadline {
            period: format!("{} – {}", h.from.format("%Y-%m-%d"), h.to.format("%Y-%m-%d")),
            place: h.filters.iter().map(|f| self.filter("", f)).collect(),
            columns: h.columns.iter().map(|c| self.value("", Dimension::Sex, c, None)).collect(),
            rows,
            mark: self.t("report-suppressed"),
            has_suppressed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_grouped_by_language() {
        assert_eq!(group_thousands(5268, Lang::Id), "5.268");
        assert_eq!(group_thousands(1234567, Lang::En), "1,234,567");
        assert_eq!(group_thousands(12, Lang::En), "12");
        assert_eq!(Shown::Decimal(66.7).text(Lang::Id, "x"), "66,7");
        assert_eq!(Shown::Suppressed.text(Lang::En, "suppressed"), "suppressed");
    }
}
