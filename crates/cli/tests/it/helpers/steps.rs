//! Steps that read the same through either channel, so that one scenario
//! runs through the API ([`super::ApiUser`]) and through the pages
//! ([`super::browser::BrowserUser`]).

/// A step the server refused: its status and the message the user reads
/// (the API's `error.message`, or the error page's text).
#[derive(Debug)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
}

/// The moves of a referral, as a user of either channel makes them.
pub trait ReferralSteps {
    /// Who acts (for the messages of failed assertions).
    fn who(&self) -> &str;
    /// Sends a referral of `case` to `service`, sharing the defaults: its id.
    async fn send(&self, case: &str, service: &str, reason: &str, urgency: &str) -> Result<String, Refusal>;
    /// The ids of the referrals the user's organisation received.
    async fn inbox(&self) -> Vec<String>;
    async fn accept(&self, id: &str) -> Result<(), Refusal>;
    async fn decline(&self, id: &str, reason: &str) -> Result<(), Refusal>;
    async fn complete(&self, id: &str, feedback: &str) -> Result<(), Refusal>;
    async fn cancel(&self, id: &str) -> Result<(), Refusal>;
    /// The provider's feedback on referral `id` as the user sees it.
    async fn feedback_on(&self, id: &str) -> Option<String>;
}
