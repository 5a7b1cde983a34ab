//! What kind of record an audit entry is about: one code per kind the
//! system writes. Like [`crate::audit::AuditAction`], the code is stored and
//! hashed, so it never changes once written; entries are read back as text.

code_list! {
    /// Every kind of record the audit log names.
    AuditEntity {
        Area = "area",
        Organisation = "organisation",
        Office = "office",
        User = "user",
        Role = "role",
        Session = "session",
        ApiToken = "api_token",
        Person = "person",
        FamilyLink = "family_link",
        Household = "household",
        Episode = "episode",
        Consent = "consent",
        Visit = "visit",
        Case = "case",
        SealedText = "sealed_text",
        Sop = "sop",
        Referral = "referral",
        Pathway = "pathway",
        Service = "service",
        Directory = "directory",
        VillageRegistration = "village_registration",
        MigrationNotice = "migration_notice",
        EarlyWarning = "early_warning",
        Activity = "activity",
        TaskForceMember = "task_force_member",
        Membership = "membership",
        ForumAction = "forum_action",
        Regulation = "regulation",
        HotlineContact = "hotline_contact",
        CompetencyTest = "competency_test",
        ForumMember = "forum_member",
        Campaign = "campaign",
        ExchangeRate = "exchange_rate",
        Report = "report",
        Dhis2Mapping = "dhis2_mapping",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_entity_round_trips_through_its_unique_code() {
        let mut seen = HashSet::new();
        for e in AuditEntity::ALL {
            assert!(seen.insert(e.as_str()), "{} twice", e.as_str());
            assert_eq!(e.as_str().parse::<AuditEntity>(), Ok(*e));
            assert_eq!(serde_json::to_string(e).unwrap(), format!("\"{}\"", e.as_str()));
        }
    }
}
