//! Referrals from a case to a service of the directory: what they carry,
//! the moves they may make, when they are overdue, and the district's
//! referral pathways (for a need, the providers to refer to, in order).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

code_list! {
    /// Labels: `referral-status-<code>`. `overdue` is derived, never stored.
    ReferralStatus {
        Sent = "sent",
        Accepted = "accepted",
        Declined = "declined",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

code_list! {
    /// How fast an answer is needed. Labels: `urgency-<code>`.
    Urgency {
        Emergency = "emergency",
        Urgent = "urgent",
        Routine = "routine",
    }
}

code_list! {
    /// What a referral answers: the needs the SOP's referral mechanism has
    /// pathways for. Labels: `need-<code>`.
    Need {
        GbvShelter = "gbv_shelter",
        GbvMedical = "gbv_medical",
        GbvCounselling = "gbv_counselling",
        GbvPoliceReport = "gbv_police_report",
        TraffickingSupport = "trafficking_support",
        LegalAid = "legal_aid",
        UnpaidWages = "unpaid_wages",
        DocumentRetention = "document_retention",
        MedicalEmergencyAbroad = "medical_emergency_abroad",
        Repatriation = "repatriation",
        DeathAbroad = "death_abroad",
        SocialSecurityClaim = "social_security_claim",
        Reintegration = "reintegration",
    }
}

code_list! {
    /// What a referral shares with the receiver. Labels: `shared-<code>`.
    SharedItem {
        Identity = "identity",
        Contact = "contact",
        Address = "address",
        CaseSummary = "case_summary",
        Incident = "incident",
        Notes = "notes",
    }
}

code_list! {
    /// How an answer to a referral came in: from a user of the receiving
    /// organisation in the app, or from an outside provider through the
    /// referral's link.
    AnswerChannel {
        App = "app",
        Link = "link",
    }
}

code_list! {
    /// The moves of a referral. Labels: `referral-action-<code>`.
    ReferralAction {
        Accept = "accept",
        Decline = "decline",
        Complete = "complete",
        Cancel = "cancel",
    }
}

impl crate::error::Move for ReferralAction {
    const LABELS: &'static str = "referral-action";
    fn code(self) -> &'static str {
        self.as_str()
    }
}

impl SharedItem {
    /// Restricted content: shared only when chosen, never by default. For a
    /// restricted case its summary (the kind of case) is restricted too.
    pub fn is_restricted(self, case_restricted: bool) -> bool {
        match self {
            SharedItem::Incident | SharedItem::Notes => true,
            SharedItem::CaseSummary => case_restricted,
            SharedItem::Identity | SharedItem::Contact | SharedItem::Address => false,
        }
    }

    /// What is shared when the sender chooses nothing.
    pub fn defaults(case_restricted: bool) -> Vec<SharedItem> {
        [SharedItem::Identity, SharedItem::Contact, SharedItem::CaseSummary]
            .into_iter()
            .filter(|i| !i.is_restricted(case_restricted))
            .collect()
    }
}

impl Urgency {
    /// Hours to answer (accept or decline).
    pub fn answer_hours(self) -> i64 {
        match self {
            Urgency::Emergency => 24,
            Urgency::Urgent => 72,
            Urgency::Routine => 7 * 24,
        }
    }

    /// Days to complete once accepted.
    pub fn completion_days(self) -> i64 {
        match self {
            Urgency::Emergency => 7,
            Urgency::Urgent => 14,
            Urgency::Routine => 30,
        }
    }
}

impl ReferralStatus {
    /// The moves this status allows.
    pub fn allowed(self) -> &'static [ReferralAction] {
        match self {
            ReferralStatus::Sent => &[ReferralAction::Accept, ReferralAction::Decline, ReferralAction::Cancel],
            ReferralStatus::Accepted => &[ReferralAction::Complete, ReferralAction::Cancel],
            ReferralStatus::Declined | ReferralStatus::Completed | ReferralStatus::Cancelled => &[],
        }
    }

    pub fn after(action: ReferralAction) -> ReferralStatus {
        match action {
            ReferralAction::Accept => ReferralStatus::Accepted,
            ReferralAction::Decline => ReferralStatus::Declined,
            ReferralAction::Complete => ReferralStatus::Completed,
            ReferralAction::Cancel => ReferralStatus::Cancelled,
        }
    }
}

/// A referral to send (JSON body of `POST /api/v1/referrals`).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReferral {
    pub case_id: Uuid,
    /// A service of the directory.
    pub service_id: Uuid,
    /// Why: what the person needs from the provider.
    pub reason: String,
    /// `emergency`, `urgent` or `routine`.
    #[schema(value_type = crate::referrals::referral::Urgency)]
    pub urgency: String,
    /// The need it answers (a code of the referral pathways), if any.
    #[schema(value_type = Option<crate::referrals::referral::Need>)]
    pub need: Option<String>,
    /// `YYYY-MM-DD`: answer wanted by then (default from the urgency).
    pub answer_due: Option<String>,
    /// `YYYY-MM-DD`: completion wanted by then (default from the urgency).
    pub completion_due: Option<String>,
    /// What is shared: `identity`, `contact`, `address`, `case_summary`,
    /// `incident`, `notes`. Default: identity, contact and (for a case that
    /// is not restricted) the case summary. Restricted content only when named.
    #[schema(value_type = Option<Vec<crate::referrals::referral::SharedItem>>)]
    pub share: Option<Vec<String>>,
    /// A supervisor sending without the person's referral consent: why (audited).
    pub override_reason: Option<String>,
}

/// A referral as the services and the API show it (texts opened).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Referral {
    pub id: Uuid,
    pub case_id: Uuid,
    pub person_id: Uuid,
    pub service_id: Uuid,
    pub from_organisation_id: Uuid,
    pub to_organisation_id: Uuid,
    pub sent_by: Uuid,
    pub need: Option<Need>,
    pub urgency: Urgency,
    pub reason: String,
    pub shared: Vec<SharedItem>,
    /// The referral consent that covers it …
    pub consent_id: Option<Uuid>,
    /// … or the supervisor who sent it without one, and why.
    pub override_by: Option<Uuid>,
    pub override_reason: Option<String>,
    pub status: ReferralStatus,
    /// Derived: no answer, or no completion, by its due date.
    pub overdue: bool,
    pub sent_at: DateTime<Utc>,
    pub answer_due: DateTime<Utc>,
    pub completion_due: NaiveDate,
    pub answered_at: Option<DateTime<Utc>>,
    pub answered_by: Option<Uuid>,
    /// `app` (a user of the receiving organisation) or `link` (an outside provider).
    #[schema(value_type = Option<String>)]
    pub answered_via: Option<AnswerChannel>,
    pub decline_reason: Option<String>,
    pub completed_at: Option<DateTime<Utc>>,
    /// The provider's feedback on completion.
    pub feedback: Option<String>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The receiver has no users here: it answers through a link.
    pub external: bool,
    pub link_expires_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl Referral {
    /// Not answered by its answer deadline, or not completed by its completion date.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        match self.status {
            ReferralStatus::Sent => now > self.answer_due,
            ReferralStatus::Accepted => now.date_naive() > self.completion_due,
            _ => false,
        }
    }
}

/// A referral as stored: free texts sealed, and the secrets of its link.
#[derive(Debug, Clone)]
pub struct ReferralRecord {
    /// Texts (`reason`, `override_reason`, `feedback`) hold sealed text.
    pub referral: Referral,
    /// Changes when a new link is issued, so that older links stop working.
    pub link_nonce: Option<String>,
    /// The printed form's code: its SHA-256 (hex, to find it by) and the
    /// code sealed (to show it to the sender again).
    pub link_code: Option<(String, String)>,
    /// When the sender was last told it is overdue (once per status).
    pub overdue_notified: Option<ReferralStatus>,
}

/// The default deadlines of a referral sent at `now`.
pub fn default_deadlines(urgency: Urgency, now: DateTime<Utc>) -> (DateTime<Utc>, NaiveDate) {
    (now + Duration::hours(urgency.answer_hours()), (now + Duration::days(urgency.completion_days())).date_naive())
}

/// A referral's link for an outside provider: the URL path's token, the
/// code of the printed form, and when both expire.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReferralLink {
    /// `/r/{token}`.
    pub token: String,
    /// Typed in at `/r` by a provider holding the printed form.
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

/// What an outside provider sees through a referral's link: the minimum
/// needed to act on it. Case notes and incident narratives never travel
/// through a link.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinkView {
    pub referral_id: Uuid,
    pub status: ReferralStatus,
    pub urgency: Urgency,
    pub need: Option<Need>,
    pub reason: String,
    pub answer_due: DateTime<Utc>,
    pub completion_due: NaiveDate,
    pub service_name: String,
    pub to_organisation_name: String,
    pub from_organisation_name: String,
    /// Whom to call back.
    pub from_organisation_phone: Option<String>,
    /// Identity, contact and village, as the sender chose to share.
    pub person: SharedInfo,
    /// `accept`, `decline`, `complete` as the status allows.
    #[schema(value_type = Vec<String>)]
    pub actions: Vec<ReferralAction>,
    pub expires_at: DateTime<Utc>,
}

/// The signed text of a link: the referral, its expiry and its nonce.
pub fn link_message(id: Uuid, expires: i64, nonce: &str) -> String {
    format!("referral-link:v1:{id}:{expires}:{nonce}")
}

/// A link token: `<id>.<expiry>.<nonce>.<signature>`.
pub fn link_token(id: Uuid, expires: i64, nonce: &str, signature: &str) -> String {
    format!("{}.{expires}.{nonce}.{signature}", id.simple())
}

/// The parts of a link token, if it has their shape.
pub fn parse_link_token(token: &str) -> Option<(Uuid, i64, &str, &str)> {
    let mut parts = token.splitn(4, '.');
    let id = Uuid::try_parse(parts.next()?).ok()?;
    let expires = parts.next()?.parse().ok()?;
    let nonce = parts.next().filter(|n| !n.is_empty())?;
    let signature = parts.next().filter(|s| !s.is_empty())?;
    Some((id, expires, nonce, signature))
}

/// How long a link works.
pub const LINK_DAYS: i64 = 45;

/// What the receiver may read of a person and case, as the sender chose.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct SharedInfo {
    pub full_name: Option<String>,
    /// `female` or `male`.
    pub sex: Option<String>,
    pub age: Option<i32>,
    pub phone: Option<String>,
    pub village_code: Option<String>,
    pub village_name: Option<String>,
    pub address: Option<String>,
    /// Case kind and stage codes, and the needs found.
    pub case_kind: Option<String>,
    pub case_stage: Option<String>,
    pub needs: Vec<String>,
    /// The GBV incident: its type and reporting delay codes, and the narrative.
    pub incident_type: Option<String>,
    pub incident_narrative: Option<String>,
    pub notes: Vec<String>,
}

/// A referral with the names a reader needs and, once the receiver may read
/// it, what was shared.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReferralView {
    #[serde(flatten)]
    pub referral: Referral,
    pub service_name: String,
    pub from_organisation_name: String,
    pub to_organisation_name: String,
    /// The moves the reader may make now.
    #[schema(value_type = Vec<String>)]
    pub actions: Vec<ReferralAction>,
    /// For the sender always; for the receiver once accepted (and while the
    /// consent holds).
    pub shared_info: Option<SharedInfo>,
}

/// Which referrals a list shows.
#[derive(Debug, Clone, Default)]
pub struct ReferralFilter {
    pub from_organisation_id: Option<Uuid>,
    pub to_organisation_id: Option<Uuid>,
    pub sent_by: Option<Uuid>,
    pub case_id: Option<Uuid>,
    pub statuses: Vec<ReferralStatus>,
    /// Only referrals of cases this filter lets through (scope and
    /// need-to-know of a reader of the cases).
    pub readable_cases: Option<crate::cases::record::CaseFilter>,
}

/// One step of a district's pathway for a need.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PathwayStep {
    pub position: i32,
    pub service_id: Uuid,
    pub service_name: String,
    pub organisation_id: Uuid,
    pub organisation_name: String,
    /// The service is active (inactive ones are skipped in suggestions).
    pub active: bool,
}

/// A district's pathway for one need.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Pathway {
    pub need: Need,
    pub steps: Vec<PathwayStep>,
}

/// A pathway to set: the services in order.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPathway {
    pub service_ids: Vec<Uuid>,
}

code_list! {
    /// What a notification tells. Labels: `notification-<code>`.
    NotificationKind {
        ReferralReceived = "referral_received",
        ReferralAccepted = "referral_accepted",
        ReferralDeclined = "referral_declined",
        ReferralCompleted = "referral_completed",
        ReferralCancelled = "referral_cancelled",
        ReferralOverdue = "referral_overdue",
        AccountAwaitsConfirmation = "account_awaits_confirmation",
        AccountConfirmed = "account_confirmed",
        AccountRefused = "account_refused",
        WarningRaised = "warning_raised",
        WarningOverdue = "warning_overdue",
    }
}

/// An in-app notification, to a user or to everyone of an organisation who
/// handles referrals. It names the referral or the account, never a person.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Notification {
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub organisation_id: Option<Uuid>,
    pub kind: NotificationKind,
    pub referral_id: Option<Uuid>,
    /// For notices about accounts: the user account concerned.
    pub account_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// An e-mail waiting in the outbox. Its text is written when it is sent, in
/// the language of the deployment; it carries no personal data.
#[derive(Debug, Clone)]
pub struct OutboxMail {
    pub id: Uuid,
    pub to_address: String,
    pub kind: NotificationKind,
    /// What it is about: a referral, or an early warning.
    pub referral_id: Option<Uuid>,
    pub warning_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
}

/// An e-mail ready to send: its outbox entry, the referral's service and
/// organisations by name, and for an outside provider the link.
#[derive(Debug, Clone)]
pub struct MailToSend {
    pub mail: OutboxMail,
    pub service_name: String,
    pub from_organisation_name: String,
    pub urgency: Urgency,
    pub answer_due: DateTime<Utc>,
    /// For outside providers: the link to answer through.
    pub link: Option<ReferralLink>,
    /// For users inside: the referral's page.
    pub internal_path: Option<String>,
}

/// Delivers e-mail; the command line and the server implement it over SMTP.
#[async_trait::async_trait]
pub trait Mailer: Send + Sync {
    /// Sends one message; an error is kept on the outbox entry (and retried).
    async fn send(&self, mail: &MailToSend) -> Result<(), String>;
}

/// The result of one pass of the outbox worker.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OutboxRun {
    pub overdue_found: u64,
    pub sent: u64,
    pub failed: u64,
}

/// Attempts before an e-mail is given up.
pub const MAX_MAIL_ATTEMPTS: i32 = 8;

/// Whether `actor` may open a district's referral pathways page (the link
/// on an office's page): whoever may read the directory.
pub fn may_see_pathways(actor: &crate::access::Actor) -> bool {
    crate::access::AuthCheck::new(crate::access::Permission::DirectoryRead).check(actor).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restricted_content_is_never_a_default() {
        assert_eq!(
            SharedItem::defaults(false),
            vec![SharedItem::Identity, SharedItem::Contact, SharedItem::CaseSummary]
        );
        assert_eq!(SharedItem::defaults(true), vec![SharedItem::Identity, SharedItem::Contact]);
        assert!(SharedItem::Notes.is_restricted(false));
        assert!(SharedItem::CaseSummary.is_restricted(true));
    }

    #[test]
    fn link_tokens_parse_back() {
        let id = Uuid::now_v7();
        let t = link_token(id, 1_900_000_000, "abc_-DEF", "6b31~c2ln");
        assert_eq!(parse_link_token(&t), Some((id, 1_900_000_000, "abc_-DEF", "6b31~c2ln")));
        assert_eq!(parse_link_token("nonsense"), None);
        assert_eq!(parse_link_token(&format!("{}.x.n.s", id.simple())), None);
        assert_eq!(parse_link_token(&format!("{}.1.n.", id.simple())), None);
    }

    #[test]
    fn moves_follow_the_status() {
        assert!(ReferralStatus::Sent.allowed().contains(&ReferralAction::Accept));
        assert!(!ReferralStatus::Sent.allowed().contains(&ReferralAction::Complete));
        assert_eq!(ReferralStatus::Accepted.allowed(), &[ReferralAction::Complete, ReferralAction::Cancel]);
        assert!(ReferralStatus::Completed.allowed().is_empty());
        assert_eq!(ReferralStatus::after(ReferralAction::Decline), ReferralStatus::Declined);
    }
}
