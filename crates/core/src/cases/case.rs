//! Cases by the coordinated SOP: kinds, the workflow (stages and the moves
//! between them), risk and the classifications of `docs/code-lists.md`.

use serde::{Deserialize, Serialize};

code_list! {
    /// Labels: `case-kind-<code>`.
    CaseKind {
        LabourComplaint = "labour_complaint",
        Gbv = "gbv",
        Trafficking = "trafficking",
        OtherProtection = "other_protection",
    }
}

impl CaseKind {
    /// GBV and trafficking cases are need-to-know from the start.
    pub fn restricted_from_start(self) -> bool {
        matches!(self, CaseKind::Gbv | CaseKind::Trafficking)
    }

    /// The classification lists that apply to a case of this kind; forms
    /// ask only these and a command refuses the others (`not_for_kind`).
    /// A GBV case is described by its GBVIMS incident, not by labour
    /// categories; any case may turn out to show trafficking.
    pub fn classifications(self) -> Applies {
        match self {
            CaseKind::LabourComplaint | CaseKind::Trafficking => {
                Applies { labour_categories: true, forced_labour_indicators: true, trafficking_dimensions: true }
            }
            CaseKind::OtherProtection => {
                Applies { labour_categories: false, forced_labour_indicators: true, trafficking_dimensions: true }
            }
            CaseKind::Gbv => {
                Applies { labour_categories: false, forced_labour_indicators: false, trafficking_dimensions: true }
            }
        }
    }
}

/// Which classification lists a kind of case takes (`CaseKind::classifications`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Applies {
    pub labour_categories: bool,
    pub forced_labour_indicators: bool,
    pub trafficking_dimensions: bool,
}

impl Applies {
    /// Refuses each list sent that does not apply (`not_for_kind`), given
    /// how many codes of each were sent.
    pub fn check(self, v: &mut crate::error::Validator, labour: usize, forced: usize, trafficking: usize) {
        for (field, sent, applies) in [
            ("labour_categories", labour, self.labour_categories),
            ("forced_labour_indicators", forced, self.forced_labour_indicators),
            ("trafficking_dimensions", trafficking, self.trafficking_dimensions),
        ] {
            if sent > 0 && !applies {
                v.push(crate::error::FieldError::new(field, "not_for_kind"));
            }
        }
    }
}

code_list! {
    /// Labels: `case-status-<code>`.
    CaseStatus {
        Open = "open",
        Closed = "closed",
    }
}

code_list! {
    /// Where a case is in the SOP. Labels: `case-stage-<code>`.
    CaseStage {
        Intake = "intake",
        Assessment = "assessment",
        Plan = "plan",
        Services = "services",
        FollowUp = "follow_up",
        Closed = "closed",
        Reopened = "reopened",
    }
}

code_list! {
    /// Labels: `risk-<code>`.
    RiskLevel {
        High = "high",
        Medium = "medium",
        Low = "low",
    }
}

code_list! {
    /// Labels: `closure-reason-<code>`.
    ClosureReason {
        NeedsMet = "needs_met",
        ReferredAccepted = "referred_accepted",
        ClientWithdrew = "client_withdrew",
        ClientUnreachable = "client_unreachable",
        Transferred = "transferred",
        Deceased = "deceased",
        Other = "other",
    }
}

code_list! {
    /// Moves of the workflow (the POSTs on a case). Labels: `transition-<code>`.
    Transition {
        Assess = "assess",
        Plan = "plan",
        StartServices = "start_services",
        FollowUp = "follow_up",
        Close = "close",
        Reopen = "reopen",
    }
}

impl crate::error::Move for Transition {
    const LABELS: &'static str = "transition";
    fn code(self) -> &'static str {
        self.as_str()
    }
}

/// The moves allowed from a stage. Closing is allowed from every open
/// stage (a client may withdraw at intake); a closed case can only reopen.
pub fn allowed(stage: CaseStage) -> &'static [Transition] {
    use Transition::*;
    match stage {
        CaseStage::Intake | CaseStage::Reopened => &[Assess, Close],
        CaseStage::Assessment => &[Assess, Plan, Close],
        CaseStage::Plan => &[Plan, StartServices, Close],
        CaseStage::Services => &[Plan, FollowUp, Close],
        CaseStage::FollowUp => &[StartServices, Close],
        CaseStage::Closed => &[Reopen],
    }
}

/// The SOP's next step from a stage (what a case page offers first): the
/// move forward, or closing after follow-up, or reopening a closed case.
pub fn next_step(stage: CaseStage) -> Transition {
    match stage {
        CaseStage::Intake | CaseStage::Reopened => Transition::Assess,
        CaseStage::Assessment => Transition::Plan,
        CaseStage::Plan => Transition::StartServices,
        CaseStage::Services => Transition::FollowUp,
        CaseStage::FollowUp => Transition::Close,
        CaseStage::Closed => Transition::Reopen,
    }
}

/// The stage a move leads to.
pub fn next_stage(t: Transition) -> CaseStage {
    match t {
        Transition::Assess => CaseStage::Assessment,
        Transition::Plan => CaseStage::Plan,
        Transition::StartServices => CaseStage::Services,
        Transition::FollowUp => CaseStage::FollowUp,
        Transition::Close => CaseStage::Closed,
        Transition::Reopen => CaseStage::Reopened,
    }
}

code_list! {
    /// Labour complaint categories. Labels: `labour-<code>`.
    LabourCategory {
        UnpaidWages = "unpaid_wages",
        RecruitmentOvercharging = "recruitment_overcharging",
        DocumentRetention = "document_retention",
        ContractSubstitution = "contract_substitution",
        EarlyTermination = "early_termination",
        ExcessiveHours = "excessive_hours",
        NoRestDays = "no_rest_days",
        UnsafeWork = "unsafe_work",
        DeathAbroad = "death_abroad",
        LostContact = "lost_contact",
        UndocumentedDeportation = "undocumented_deportation",
        SocialSecurityClaim = "social_security_claim",
        AgencyMisconduct = "agency_misconduct",
        Other = "other",
    }
}

code_list! {
    /// The 11 ILO indicators of forced labour. Labels: `ilo-<code>`.
    ForcedLabourIndicator {
        AbuseOfVulnerability = "abuse_of_vulnerability",
        Deception = "deception",
        RestrictionOfMovement = "restriction_of_movement",
        Isolation = "isolation",
        PhysicalSexualViolence = "physical_sexual_violence",
        IntimidationThreats = "intimidation_threats",
        RetentionOfDocuments = "retention_of_documents",
        WithholdingOfWages = "withholding_of_wages",
        DebtBondage = "debt_bondage",
        AbusiveConditions = "abusive_conditions",
        ExcessiveOvertime = "excessive_overtime",
    }
}

code_list! {
    /// ILO/EC trafficking dimensions. Labels: `trafficking-<code>`.
    TraffickingDimension {
        DeceptiveRecruitment = "deceptive_recruitment",
        CoerciveRecruitment = "coercive_recruitment",
        RecruitmentAbuseOfVulnerability = "recruitment_abuse_of_vulnerability",
        ExploitativeConditions = "exploitative_conditions",
        CoercionAtDestination = "coercion_at_destination",
        AbuseOfVulnerabilityAtDestination = "abuse_of_vulnerability_at_destination",
    }
}

code_list! {
    /// GBVIMS incident types, in the order they are checked. Labels: `gbv-type-<code>`.
    GbvType {
        Rape = "rape",
        SexualAssault = "sexual_assault",
        PhysicalAssault = "physical_assault",
        ForcedMarriage = "forced_marriage",
        DenialOfResources = "denial_of_resources",
        PsychologicalAbuse = "psychological_abuse",
        NonGbv = "non_gbv",
    }
}

code_list! {
    /// Context of a GBV incident. Labels: `gbv-context-<code>`.
    GbvContext {
        IntimatePartnerViolence = "intimate_partner_violence",
        ChildSexualAbuse = "child_sexual_abuse",
        EarlyMarriage = "early_marriage",
        SexualExploitation = "sexual_exploitation",
        HarmfulTraditionalPractice = "harmful_traditional_practice",
        WorkplaceAbroad = "workplace_abroad",
    }
}

code_list! {
    /// Incident date to first report. Labels: `delay-<code>`.
    ReportingDelay {
        Days0To3 = "days_0_3",
        Days4To5 = "days_4_5",
        Days6To14 = "days_6_14",
        Weeks2ToMonth = "weeks_2_to_month",
        OverMonth = "over_month",
    }
}

code_list! {
    /// Who the alleged perpetrator is to the survivor. Labels: `perpetrator-<code>`.
    PerpetratorRelationship {
        IntimatePartner = "intimate_partner",
        FamilyMember = "family_member",
        Employer = "employer",
        EmployerHousehold = "employer_household",
        RecruiterOrAgent = "recruiter_or_agent",
        CoWorker = "co_worker",
        Stranger = "stranger",
        Other = "other",
        Unknown = "unknown",
    }
}

/// The answers of the GBVIMS classification tool, asked in this order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct GbvAnswers {
    /// 1. Did the incident involve penetration?
    pub penetration: bool,
    /// 2. Did it involve unwanted sexual contact?
    pub unwanted_sexual_contact: bool,
    /// 3. Did it involve physical assault?
    pub physical_assault: bool,
    /// 4. Was it an act of forced marriage?
    pub forced_marriage: bool,
    /// 5. Did it involve the denial of resources, opportunities or services?
    pub denial_of_resources: bool,
    /// 6. Did it involve psychological or emotional abuse?
    pub psychological_abuse: bool,
}

impl GbvAnswers {
    /// The type: the first question answered yes decides.
    pub fn gbv_type(&self) -> GbvType {
        [
            (self.penetration, GbvType::Rape),
            (self.unwanted_sexual_contact, GbvType::SexualAssault),
            (self.physical_assault, GbvType::PhysicalAssault),
            (self.forced_marriage, GbvType::ForcedMarriage),
            (self.denial_of_resources, GbvType::DenialOfResources),
            (self.psychological_abuse, GbvType::PsychologicalAbuse),
        ]
        .into_iter()
        .find_map(|(yes, t)| yes.then_some(t))
        .unwrap_or(GbvType::NonGbv)
    }
}

/// The reporting-delay bucket of days between an incident and its first report.
pub fn reporting_delay(days: i64) -> ReportingDelay {
    match days {
        i64::MIN..=3 => ReportingDelay::Days0To3,
        4..=5 => ReportingDelay::Days4To5,
        6..=14 => ReportingDelay::Days6To14,
        15..=31 => ReportingDelay::Weeks2ToMonth,
        _ => ReportingDelay::OverMonth,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_step_is_always_a_move_allowed_from_the_stage() {
        for stage in CaseStage::ALL {
            assert!(allowed(*stage).contains(&next_step(*stage)), "{stage:?}");
        }
        assert_eq!(next_step(CaseStage::Plan), Transition::StartServices);
    }

    #[test]
    fn a_gbv_case_takes_no_labour_categories_nor_forced_labour_indicators() {
        let gbv = CaseKind::Gbv.classifications();
        assert!(!gbv.labour_categories && !gbv.forced_labour_indicators && gbv.trafficking_dimensions);
        let mut v = crate::error::Validator::new();
        gbv.check(&mut v, 1, 0, 2);
        let e = v.finish().err().map(|e| format!("{e:?}")).unwrap_or_default();
        assert!(e.contains("labour_categories") && e.contains("not_for_kind") && !e.contains("trafficking"), "{e}");
        let mut v = crate::error::Validator::new();
        CaseKind::LabourComplaint.classifications().check(&mut v, 3, 2, 1);
        assert!(v.finish().is_ok());
    }

    /// The GBVIMS derivation table: each row the answers, then the type.
    #[test]
    fn gbvims_type_follows_the_questions_in_order() {
        let a = |p, s, ph, f, d, ps| GbvAnswers {
            penetration: p,
            unwanted_sexual_contact: s,
            physical_assault: ph,
            forced_marriage: f,
            denial_of_resources: d,
            psychological_abuse: ps,
        };
        let table = [
            (a(true, true, true, true, true, true), GbvType::Rape),
            (a(true, false, false, false, false, false), GbvType::Rape),
            (a(false, true, true, false, false, true), GbvType::SexualAssault),
            (a(false, false, true, true, true, true), GbvType::PhysicalAssault),
            (a(false, false, false, true, true, false), GbvType::ForcedMarriage),
            (a(false, false, false, false, true, true), GbvType::DenialOfResources),
            (a(false, false, false, false, false, true), GbvType::PsychologicalAbuse),
            (a(false, false, false, false, false, false), GbvType::NonGbv),
        ];
        for (answers, want) in table {
            assert_eq!(answers.gbv_type(), want, "{answers:?}");
        }
    }

    #[test]
    fn delay_buckets() {
        let got: Vec<_> = [0, 3, 4, 5, 6, 14, 15, 31, 32, 400].into_iter().map(reporting_delay).collect();
        use ReportingDelay::*;
        assert_eq!(
            got,
            [
                Days0To3,
                Days0To3,
                Days4To5,
                Days4To5,
                Days6To14,
                Days6To14,
                Weeks2ToMonth,
                Weeks2ToMonth,
                OverMonth,
                OverMonth
            ]
        );
    }

    #[test]
    fn workflow_moves() {
        assert_eq!(allowed(CaseStage::Intake), [Transition::Assess, Transition::Close]);
        assert_eq!(allowed(CaseStage::Closed), [Transition::Reopen]);
        for stage in CaseStage::ALL {
            for t in allowed(*stage) {
                assert_ne!(next_stage(*t), CaseStage::Intake, "nothing goes back to intake");
            }
        }
    }
}
