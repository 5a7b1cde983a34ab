//! The indicator catalogue: what each published number counts, in what
//! unit, from which records, and by what it may be broken down. Names and
//! definitions are translated (`indicator-<code>` and
//! `indicator-<code>-definition` in the `reports` locale files).

use serde::Serialize;

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
        Percent = "percent",
        Ratio = "ratio",
    }
}

/// One indicator of the catalogue.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct Indicator {
    pub code: &'static str,
    pub unit: Unit,
    /// What it may be broken down by (beside the period, always).
    pub dimensions: &'static [Dimension],
    /// The records it is counted from.
    pub sources: &'static [&'static str],
    /// GBV or trafficking: the higher suppression threshold, and never by organisation.
    pub sensitive: bool,
}

use Dimension as D;

const PLACE: [Dimension; 4] = [D::Period, D::District, D::Kecamatan, D::Village];

macro_rules! dims {
    ($($d:ident),* $(,)?) => { &[D::Period, D::District, D::Kecamatan, D::Village, $(D::$d),*] };
}

/// Every indicator, in the order the catalogue page lists them.
pub const INDICATORS: &[Indicator] = &[
    Indicator {
        code: "people_served",
        unit: Unit::People,
        dimensions: dims!(Sex, AgeGroup, MigrationStage, Organisation, ServiceCategory),
        sources: &["visits", "case_events", "referrals", "hotline_contacts"],
        sensitive: false,
    },
    Indicator {
        code: "family_members_served",
        unit: Unit::People,
        dimensions: dims!(Sex, AgeGroup, Organisation),
        sources: &["visits", "case_events", "referrals", "family_links"],
        sensitive: false,
    },
    Indicator {
        code: "visits",
        unit: Unit::Events,
        dimensions: dims!(Sex, AgeGroup, Channel, Desk, Organisation),
        sources: &["visits"],
        sensitive: false,
    },
    Indicator {
        code: "cases_opened",
        unit: Unit::Records,
        dimensions: dims!(Sex, AgeGroup, Kind, Organisation),
        sources: &["cases"],
        sensitive: false,
    },
    Indicator {
        code: "cases_closed",
        unit: Unit::Records,
        dimensions: dims!(Sex, AgeGroup, Kind, Outcome, Organisation),
        sources: &["cases"],
        sensitive: false,
    },
    Indicator {
        code: "first_actions_overdue",
        unit: Unit::Records,
        dimensions: dims!(Kind, Stage, Organisation),
        sources: &["cases"],
        sensitive: false,
    },
    Indicator {
        code: "gbv_incidents",
        unit: Unit::Records,
        dimensions: dims!(Sex, AgeGroup, Kind),
        sources: &["case_incidents (consented to reporting, first report only)"],
        sensitive: true,
    },
    Indicator {
        code: "forced_labour_indicators",
        unit: Unit::Records,
        dimensions: dims!(Sex, Kind),
        sources: &["case_incidents"],
        sensitive: true,
    },
    Indicator {
        code: "referrals",
        unit: Unit::Records,
        dimensions: dims!(Sex, Need, Status, Organisation, ServiceCategory),
        sources: &["referrals"],
        sensitive: false,
    },
    Indicator {
        code: "referral_acceptance_rate",
        unit: Unit::Percent,
        dimensions: dims!(Need, Organisation),
        sources: &["referrals"],
        sensitive: false,
    },
    Indicator {
        code: "referral_completion_rate",
        unit: Unit::Percent,
        dimensions: dims!(Need, Organisation),
        sources: &["referrals"],
        sensitive: false,
    },
    Indicator {
        code: "referral_days_to_acceptance",
        unit: Unit::Days,
        dimensions: dims!(Need, Organisation),
        sources: &["referrals"],
        sensitive: false,
    },
    Indicator {
        code: "amounts_claimed",
        unit: Unit::Rupiah,
        dimensions: dims!(Sex, Kind, Organisation),
        sources: &["complaints"],
        sensitive: false,
    },
    Indicator {
        code: "amounts_recovered",
        unit: Unit::Rupiah,
        dimensions: dims!(Sex, Kind, Organisation),
        sources: &["complaints"],
        sensitive: false,
    },
    Indicator {
        code: "women_reached",
        unit: Unit::People,
        dimensions: dims!(AgeGroup, Kind, Topic, Organisation, Platform),
        sources: &["activity_attendance", "campaigns"],
        sensitive: false,
    },
    Indicator {
        code: "people_trained",
        unit: Unit::People,
        dimensions: dims!(Sex, Participant, Topic, Organisation),
        sources: &["activity_attendance"],
        sensitive: false,
    },
    Indicator {
        code: "people_organised",
        unit: Unit::People,
        dimensions: dims!(Sex, AgeGroup, Organisation),
        sources: &["memberships"],
        sensitive: false,
    },
    Indicator {
        code: "competency_tests_passed",
        unit: Unit::People,
        dimensions: dims!(Sex, Organisation),
        sources: &["competency_candidates"],
        sensitive: false,
    },
    Indicator {
        code: "hotline_contacts",
        unit: Unit::Events,
        dimensions: dims!(Sex, Channel, Topic, Outcome, Organisation),
        sources: &["hotline_contacts"],
        sensitive: false,
    },
    Indicator {
        code: "early_warnings",
        unit: Unit::Records,
        dimensions: dims!(Kind, Outcome),
        sources: &["early_warnings"],
        sensitive: false,
    },
    Indicator {
        code: "warning_hours_to_acknowledge",
        unit: Unit::Days,
        dimensions: dims!(Kind),
        sources: &["early_warnings"],
        sensitive: false,
    },
    Indicator {
        code: "village_registrations",
        unit: Unit::Records,
        dimensions: dims!(Status),
        sources: &["village_registrations"],
        sensitive: false,
    },
    Indicator {
        code: "departures",
        unit: Unit::Events,
        dimensions: dims!(Channel),
        sources: &["migration_notices"],
        sensitive: false,
    },
    Indicator {
        code: "returns",
        unit: Unit::Events,
        dimensions: dims!(Outcome, Need),
        sources: &["migration_notices"],
        sensitive: false,
    },
    Indicator {
        code: "forum_actions_done",
        unit: Unit::Records,
        dimensions: &[D::Period, D::District, D::Organisation],
        sources: &["forum_actions"],
        sensitive: false,
    },
    Indicator {
        code: "local_regulations",
        unit: Unit::Records,
        dimensions: &PLACE,
        sources: &["regulations"],
        sensitive: false,
    },
    Indicator {
        code: "sdg_10_7_1",
        unit: Unit::Ratio,
        dimensions: &[D::Period, D::District, D::Sex, D::Kind, D::ServiceCategory],
        sources: &["migration_episodes", "recruitment_costs", "exchange_rates"],
        sensitive: false,
    },
];

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
            assert!(i.dimensions.contains(&Dimension::Period), "{}", i.code);
            assert!(!i.sources.is_empty(), "{}", i.code);
            if i.sensitive {
                assert!(!i.dimensions.contains(&Dimension::Organisation), "{} names who reported", i.code);
            }
        }
        assert!(indicator("people_served").is_some() && indicator("nope").is_none());
    }
}
