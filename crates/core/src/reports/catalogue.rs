//! The indicator catalogue: what each published number counts, in what
//! unit, from which records, and by what it may be broken down. Names and
//! definitions are translated (`indicator-<code>` and
//! `indicator-<code>-definition` in the `reports` locale files).

code_list! {
    /// What a number may be broken down by. Labels: `dimension-<code>`.
    Dimension {
        Period = "period",
        District = "district",
        Kecamatan = "kecamatan",
        Village = "village",
        Sex = "sex",
        AgeGroup = "age_group",
        MigrationStage = "migration_stage",
        Organisation = "organisation",
        ServiceCategory = "service_category",
        Channel = "channel",
        Desk = "desk",
        Kind = "kind",
        Stage = "stage",
        Outcome = "outcome",
        Need = "need",
        Status = "status",
        Topic = "topic",
        Participant = "participant",
        Platform = "platform",
    }
}

code_list! {
    /// Labels: `unit-<code>`.
    Unit {
        People = "people",
        Events = "events",
        Records = "records",
        Rupiah = "rupiah",
        Days = "days",
        Hours = "hours",
        Percent = "percent",
        Ratio = "ratio",
    }
}

impl Unit {
    /// The figure published is its value (a share, a median, a sum of
    /// money), not its count; the count decides whether it is suppressed.
    pub fn publishes_value(self) -> bool {
        matches!(self, Unit::Percent | Unit::Days | Unit::Hours | Unit::Ratio | Unit::Rupiah)
    }
}

/// Where a dimension lives in the aggregate tables (the store maps each to
/// its column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    District,
    Kecamatan,
    Village,
    Organisation,
    Sex,
    AgeGroup,
    Stage,
    Category,
    Detail,
}

/// How an indicator is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// The events of an aggregate (`report_days`/`report_months`), optionally
    /// only those of one `detail`.
    Events { aggregate: &'static str, detail: Option<&'static str> },
    /// Unique people served in the period (`report_person_days`): migrant
    /// workers and prospective ones, or family members.
    People { family: bool },
    /// A share of events: numerator over denominator, both aggregates.
    Rate { numerator: (&'static str, Option<&'static str>), denominator: (&'static str, Option<&'static str>) },
    /// The median of whole days (or hours) kept as the `detail` of an
    /// aggregate's rows, or of the records' view when `live`.
    Median { aggregate: &'static str, live: bool },
    /// A sum of money in whole rupiah (the rows of `sum` in the records'
    /// view), with the count of its records (the indicator's own rows): the
    /// sum is published only where its count is.
    Amount { sum: &'static str },
    /// Counted live from its own records (few, written by hand: the view
    /// `report_records`), not from the aggregates; a `stock` counts what
    /// exists at the end of the period rather than what happened in it.
    Records { stock: bool },
    /// Cases showing each of several indicators (`each`, one row per case
    /// and indicator, the indicator as `category`), and the cases showing
    /// any (`any`, one row per case): a table by indicator counts `each`,
    /// its totals and every other table count `any`, so that a case counts
    /// once in any total however many indicators it shows.
    Cases { each: &'static str, any: &'static str },
    /// The events of an aggregate (what is settled) plus the indicator's
    /// own rows in the records' view (what is still counted live, e.g. open
    /// cases past a deadline now).
    EventsAndLive { aggregate: &'static str },
    /// Computed on a page of its own (SDG 10.7.1: a distribution, not a count).
    OwnPage { path: &'static str },
}

/// One indicator of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Indicator {
    pub code: &'static str,
    pub unit: Unit,
    /// What it may be broken down by (beside the period, always), and where.
    pub dimensions: &'static [(Dimension, Column)],
    /// The records it is counted from.
    pub sources: &'static [&'static str],
    /// GBV or trafficking: the higher suppression threshold, and never by organisation.
    pub sensitive: bool,
    /// Values of its category (case kinds, needs, topics) that are GBV or
    /// trafficking: left out of any table by organisation, and a table that
    /// shows them is suppressed at the higher threshold.
    pub sensitive_categories: &'static [&'static str],
    pub measure: Measure,
}

impl Indicator {
    pub fn column(&self, d: Dimension) -> Option<Column> {
        self.dimensions.iter().find(|(x, _)| *x == d).map(|(_, c)| *c)
    }

    pub fn dimension_codes(&self) -> Vec<Dimension> {
        std::iter::once(Dimension::Period).chain(self.dimensions.iter().map(|(d, _)| *d)).collect()
    }

    /// Computed by the indicator tables (the dashboard, the API, exports).
    pub fn available(&self) -> bool {
        matches!(
            self.measure,
            Measure::Events { .. }
                | Measure::People { .. }
                | Measure::Rate { .. }
                | Measure::Median { .. }
                | Measure::Amount { .. }
                | Measure::EventsAndLive { .. }
                | Measure::Cases { .. }
                | Measure::Records { .. }
        )
    }
}

use Column as C;
use Dimension as D;

macro_rules! dims {
    ($($d:ident => $c:ident),* $(,)?) => {
        &[(D::District, C::District), (D::Kecamatan, C::Kecamatan), (D::Village, C::Village), $((D::$d, C::$c)),*]
    };
}

const fn events(aggregate: &'static str) -> Measure {
    Measure::Events { aggregate, detail: None }
}

/// Every indicator, in the order the catalogue page lists them.
pub const INDICATORS: &[Indicator] = &[
    Indicator {
        code: "people_served",
        unit: Unit::People,
        dimensions: dims!(Sex => Sex, AgeGroup => AgeGroup, MigrationStage => Stage, Organisation => Organisation, ServiceCategory => Category),
        sources: &["visits", "visit_desks", "cases", "case_notes", "referrals", "hotline_contacts"],
        sensitive: false,
        sensitive_categories: &[],
        measure: Measure::People { family: false },
    },
    Indicator {
        code: "family_members_served",
        unit: Unit::People,
        dimensions: dims!(Sex => Sex, AgeGroup => AgeGroup, Organisation => Organisation, ServiceCategory => Category),
        sources: &["visits", "visit_desks", "cases", "case_notes", "referrals", "hotline_contacts", "family_links"],
        sensitive: false,
        sensitive_categories: &[],
        measure: Measure::People { family: true },
    },
    Indicator {
        code: "visits",
        unit: Unit::Events,
        dimensions: dims!(Sex => Sex, AgeGroup => AgeGroup, MigrationStage => Stage, Channel => Detail, Organisation => Organisation),
        sources: &["visits"],
        sensitive: false,
        sensitive_categories: &[],
        measure: events("visits"),
    },
    Indicator {
        code: "desk_services",
        unit: Unit::Events,
        dimensions: dims!(Sex => Sex, AgeGroup => AgeGroup, Desk => Organisation, Channel => Detail),
        sources: &["visit_desks"],
        sensitive: false,
        sensitive_categories: &[],
        measure: events("desk_services"),
    },
    Indicator {
        code: "cases_opened",
        unit: Unit::Records,
        dimensions: dims!(Sex => Sex, AgeGroup => AgeGroup, Kind => Category, Organisation => Organisation),
        sources: &["cases"],
        sensitive: false,
        sensitive_categories: GBV_CASES,
        measure: events("cases_opened"),
    },
    Indicator {
        code: "cases_closed",
        unit: Unit::Records,
        dimensions: dims!(Sex => Sex, AgeGroup => AgeGroup, Kind => Category, Outcome => Detail, Organisation => Organisation),
        sources: &["cases"],
        sensitive: false,
        sensitive_categories: GBV_CASES,
        measure: events("cases_closed"),
    },
    Indicator {
        code: "first_actions_overdue",
        unit: Unit::Records,
        dimensions: dims!(Sex => Sex, Kind => Category, Stage => Detail, Organisation => Organisation),
        sources: &["cases"],
        sensitive: false,
        sensitive_categories: GBV_CASES,
        measure: Measure::EventsAndLive { aggregate: "first_actions_late" },
    },
    Indicator {
        code: "gbv_incidents",
        unit: Unit::Records,
        dimensions: DISTRICT_SEX_KIND,
        sources: &["case_incidents (consented to reporting, first report only)"],
        sensitive: true,
        sensitive_categories: &[],
        measure: Measure::Records { stock: false },
    },
    Indicator {
        code: "forced_labour_indicators",
        unit: Unit::Records,
        dimensions: DISTRICT_SEX_KIND,
        sources: &["cases (forced-labour indicators, trafficking dimensions)"],
        sensitive: true,
        sensitive_categories: &[],
        measure: Measure::Cases { each: "forced_labour_indicators", any: "forced_labour_cases" },
    },
    Indicator {
        code: "referrals",
        unit: Unit::Records,
        dimensions: dims!(Sex => Sex, AgeGroup => AgeGroup, Need => Category, Status => Detail, Organisation => Organisation),
        sources: &["referrals"],
        sensitive: false,
        sensitive_categories: GBV_NEEDS,
        measure: events("referrals"),
    },
    Indicator {
        code: "referral_acceptance_rate",
        unit: Unit::Percent,
        dimensions: dims!(Sex => Sex, Need => Category, Organisation => Organisation),
        sources: &["referrals"],
        sensitive: false,
        sensitive_categories: GBV_NEEDS,
        measure: Measure::Rate {
            numerator: ("referrals_answered", Some("accepted")),
            denominator: ("referrals_answered", None),
        },
    },
    Indicator {
        code: "referral_completion_rate",
        unit: Unit::Percent,
        dimensions: dims!(Sex => Sex, Need => Category, Organisation => Organisation),
        sources: &["referrals"],
        sensitive: false,
        sensitive_categories: GBV_NEEDS,
        measure: Measure::Rate {
            numerator: ("referrals_completed", None),
            denominator: ("referrals_answered", Some("accepted")),
        },
    },
    Indicator {
        code: "referral_days_to_acceptance",
        unit: Unit::Days,
        dimensions: dims!(Sex => Sex, Need => Category, Organisation => Organisation),
        sources: &["referrals"],
        sensitive: false,
        sensitive_categories: GBV_NEEDS,
        measure: Measure::Median { aggregate: "referral_days_to_acceptance", live: false },
    },
    Indicator {
        code: "amounts_claimed",
        unit: Unit::Rupiah,
        dimensions: dims!(Sex => Sex, Kind => Category, Organisation => Organisation),
        sources: &["case_complaints", "exchange_rates"],
        sensitive: false,
        sensitive_categories: GBV_CASES,
        measure: Measure::Amount { sum: "amounts_claimed_idr" },
    },
    Indicator {
        code: "amounts_recovered",
        unit: Unit::Rupiah,
        dimensions: dims!(Sex => Sex, Kind => Category, Organisation => Organisation),
        sources: &["case_complaints", "exchange_rates"],
        sensitive: false,
        sensitive_categories: GBV_CASES,
        measure: Measure::Amount { sum: "amounts_recovered_idr" },
    },
    Indicator {
        code: "attendance",
        unit: Unit::People,
        dimensions: dims!(Sex => Sex, AgeGroup => AgeGroup, Kind => Category, Participant => Detail, Organisation => Organisation),
        sources: &["activity_attendance"],
        sensitive: false,
        sensitive_categories: &[],
        measure: events("attendance"),
    },
    Indicator {
        code: "women_reached",
        unit: Unit::People,
        dimensions: dims!(AgeGroup => AgeGroup, Kind => Category, Channel => Detail, Organisation => Organisation),
        sources: &["activity_attendance", "campaigns"],
        sensitive: false,
        sensitive_categories: &[],
        measure: Measure::Records { stock: false },
    },
    Indicator {
        code: "people_trained",
        unit: Unit::People,
        dimensions: dims!(Sex => Sex, AgeGroup => AgeGroup, Topic => Category, Participant => Detail, Organisation => Organisation),
        sources: &["activity_attendance"],
        sensitive: false,
        sensitive_categories: &[],
        measure: Measure::Records { stock: false },
    },
    Indicator {
        code: "people_organised",
        unit: Unit::People,
        dimensions: dims!(Sex => Sex, Organisation => Organisation),
        sources: &["memberships"],
        sensitive: false,
        sensitive_categories: &[],
        measure: Measure::Records { stock: false },
    },
    Indicator {
        code: "competency_tests_passed",
        unit: Unit::People,
        dimensions: dims!(Sex => Sex, Organisation => Organisation),
        sources: &["competency_candidates"],
        sensitive: false,
        sensitive_categories: &[],
        measure: Measure::Records { stock: false },
    },
    Indicator {
        code: "hotline_contacts",
        unit: Unit::Events,
        dimensions: dims!(Sex => Sex, Channel => Detail, Topic => Category, Organisation => Organisation),
        sources: &["hotline_contacts"],
        sensitive: false,
        sensitive_categories: GBV_TOPICS,
        measure: events("hotline_contacts"),
    },
    Indicator {
        code: "early_warnings",
        unit: Unit::Records,
        dimensions: dims!(Kind => Category, Outcome => Detail, Organisation => Organisation),
        sources: &["early_warnings"],
        sensitive: false,
        sensitive_categories: SENSITIVE_WARNINGS,
        measure: Measure::Records { stock: false },
    },
    Indicator {
        code: "warning_hours_to_acknowledge",
        unit: Unit::Hours,
        dimensions: dims!(Kind => Category),
        sources: &["early_warnings"],
        sensitive: false,
        sensitive_categories: SENSITIVE_WARNINGS,
        measure: Measure::Median { aggregate: "warning_hours_to_acknowledge", live: true },
    },
    Indicator {
        code: "village_registrations",
        unit: Unit::Records,
        dimensions: dims!(Status => Detail, Organisation => Organisation),
        sources: &["village_registrations"],
        sensitive: false,
        sensitive_categories: &[],
        measure: Measure::Records { stock: false },
    },
    Indicator {
        code: "departures",
        unit: Unit::Events,
        dimensions: dims!(Sex => Sex, Channel => Detail, Organisation => Organisation),
        sources: &["migration_notices"],
        sensitive: false,
        sensitive_categories: &[],
        measure: Measure::Records { stock: false },
    },
    Indicator {
        code: "returns",
        unit: Unit::Events,
        dimensions: dims!(Sex => Sex, Kind => Category, Outcome => Detail, Organisation => Organisation),
        sources: &["migration_notices"],
        sensitive: false,
        sensitive_categories: &[],
        measure: Measure::Records { stock: false },
    },
    Indicator {
        code: "forum_actions_done",
        unit: Unit::Records,
        dimensions: &[(D::District, C::District), (D::Organisation, C::Organisation)],
        sources: &["forum_actions"],
        sensitive: false,
        sensitive_categories: &[],
        measure: Measure::Records { stock: false },
    },
    Indicator {
        code: "local_regulations",
        unit: Unit::Records,
        dimensions: dims!(Topic => Category, Kind => Detail),
        sources: &["regulations"],
        sensitive: false,
        sensitive_categories: &[],
        measure: Measure::Records { stock: false },
    },
    Indicator {
        code: "villages",
        unit: Unit::Records,
        dimensions: dims!(),
        sources: &["organisations (village governments)"],
        sensitive: false,
        sensitive_categories: &[],
        measure: Measure::Records { stock: true },
    },
    Indicator {
        code: "sdg_10_7_1",
        unit: Unit::Ratio,
        dimensions: &[(D::District, C::District), (D::Sex, C::Sex)],
        sources: &["migration_episodes", "recruitment_costs", "exchange_rates"],
        sensitive: false,
        sensitive_categories: &[],
        measure: Measure::OwnPage { path: "/reports/sdg-10-7-1" },
    },
];

/// GBV and trafficking counts: by district, never below it nor by organisation.
const DISTRICT_SEX_KIND: &[(Dimension, Column)] =
    &[(D::District, C::District), (D::Sex, C::Sex), (D::Kind, C::Category)];

/// Case kinds, referral needs and hotline topics of GBV and trafficking.
const GBV_CASES: &[&str] = &["gbv", "trafficking"];
const GBV_NEEDS: &[&str] =
    &["gbv_shelter", "gbv_medical", "gbv_counselling", "gbv_police_report", "trafficking_support"];
const GBV_TOPICS: &[&str] = &["violence", "trafficking"];
const SENSITIVE_WARNINGS: &[&str] = &["violence_reported", "trafficking_indicators"];

/// An indicator by its code.
pub fn indicator(code: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.code == code)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_are_unique_and_sensitive_ones_never_name_an_organisation() {
        let mut seen = HashSet::new();
        for i in INDICATORS {
            assert!(seen.insert(i.code), "{} twice", i.code);
            assert!(i.dimension_codes().contains(&Dimension::Period), "{}", i.code);
            assert!(!i.sources.is_empty(), "{}", i.code);
            if i.sensitive {
                assert!(i.column(Dimension::Organisation).is_none(), "{} names who reported", i.code);
            }
        }
        assert!(indicator("people_served").is_some() && indicator("nope").is_none());
        for i in INDICATORS.iter().filter(|i| !i.sensitive_categories.is_empty()) {
            assert!(!i.sensitive, "{}: sensitive whole, its categories need no list", i.code);
            assert!(i.dimensions.iter().any(|(_, c)| *c == Column::Category), "{} has no category", i.code);
        }
    }
}
