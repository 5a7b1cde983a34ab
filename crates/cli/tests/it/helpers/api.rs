//! A demo user calling the JSON API with a bearer token:
//! `t.as_user("cirebon.union").await`.
//!
//! Verbs that set something up (`register_person`, `consent`, `open_case`,
//! `assess`, `send_referral`) assert that it worked and return the new id
//! or the answer; the moves of a referral return the status and the answer,
//! since tests look at refusals too.

use serde_json::{json, Value};

use super::steps::{ReferralSteps, Refusal};
use super::{api_get, api_post, api_token, TestApp};

/// The phone number `register_person` gives everyone.
pub const PHONE: &str = "081223344556";

pub struct ApiUser<'a> {
    t: &'a TestApp,
    username: String,
    token: String,
}

impl TestApp {
    /// The demo user `username`, signed in to the API.
    pub async fn as_user(&self, username: &str) -> ApiUser<'_> {
        ApiUser { t: self, username: username.to_string(), token: api_token(self, username).await }
    }
}

impl ApiUser<'_> {
    /// GET: the status and the JSON answer (null when none).
    pub async fn get(&self, path: &str) -> (u16, Value) {
        api_get(self.t, &self.token, path).await
    }

    /// POST JSON: the status and the JSON answer (null when none).
    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        api_post(self.t, &self.token, path, body).await
    }

    /// PUT JSON: the status and the JSON answer (null when none).
    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self.t.client.put(self.t.url(path)).bearer_auth(&self.token).json(&body).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Registers a woman of 31 named `name` with the phone [`PHONE`]: her id.
    pub async fn register_person(&self, name: &str) -> String {
        let body = json!({"full_name": name, "sex": "female", "estimated_age": 31, "phone": PHONE});
        let (s, p) = self.post("/api/v1/people", body).await;
        assert_eq!(s, 201, "{} registers {name}: {p}", self.username);
        p["id"].as_str().unwrap().to_string()
    }

    /// Records that `person` gave written consent for `purpose` towards the
    /// organisation with the code `org`.
    pub async fn consent(&self, person: &str, purpose: &str, org: &str) {
        self.record_consent(person, purpose, org, "given", "written").await;
    }

    /// Records that `person` withdrew (verbally) the consent for `purpose`
    /// towards `org`.
    pub async fn withdraw_consent(&self, person: &str, purpose: &str, org: &str) {
        self.record_consent(person, purpose, org, "withdrawn", "verbal").await;
    }

    async fn record_consent(&self, person: &str, purpose: &str, org: &str, status: &str, method: &str) {
        let body = json!({"purpose": purpose, "status": status, "method": method, "organisation_code": org});
        let (s, c) = self.post(&format!("/api/v1/people/{person}/consents"), body).await;
        assert_eq!(s, 201, "{} records consent {status} for {purpose} to {org}: {c}", self.username);
    }

    /// Opens a case of `kind` for `person`: its id.
    pub async fn open_case(&self, person: &str, kind: &str) -> String {
        self.open_case_with(json!({"person_id": person, "kind": kind})).await
    }

    /// Opens a case described by `body` (the API's JSON): its id.
    pub async fn open_case_with(&self, body: Value) -> String {
        let (s, c) = self.post("/api/v1/cases", body).await;
        assert_eq!(s, 201, "{} opens a case: {c}", self.username);
        c["id"].as_str().unwrap().to_string()
    }

    /// Assesses `case` with its `needs`.
    pub async fn assess(&self, case: &str, needs: &[&str]) {
        let (s, a) = self.post(&format!("/api/v1/cases/{case}/assess"), json!({"needs": needs})).await;
        assert_eq!(s, 200, "{} assesses {case}: {a}", self.username);
    }

    /// Sends a referral of `case` to `service` (sharing the defaults): the
    /// referral as the API answers it.
    pub async fn send_referral(&self, case: &str, service: &str, reason: &str, urgency: &str) -> Value {
        let body = json!({"case_id": case, "service_id": service, "reason": reason, "urgency": urgency});
        let (s, r) = self.post("/api/v1/referrals", body).await;
        assert_eq!(s, 201, "{} sends a referral: {r}", self.username);
        r
    }

    /// The referral `id` as this user may see it: the status and the answer.
    pub async fn referral(&self, id: &str) -> (u16, Value) {
        self.get(&format!("/api/v1/referrals/{id}")).await
    }

    /// The receiving organisation accepts referral `id`.
    pub async fn accept_referral(&self, id: &str) -> (u16, Value) {
        self.post(&format!("/api/v1/referrals/{id}/accept"), json!({})).await
    }

    /// The receiving organisation declines referral `id`, saying why.
    pub async fn decline_referral(&self, id: &str, reason: &str) -> (u16, Value) {
        self.post(&format!("/api/v1/referrals/{id}/decline"), json!({"reason": reason})).await
    }

    /// The receiving organisation reports referral `id` done, with its feedback.
    pub async fn complete_referral(&self, id: &str, feedback: &str) -> (u16, Value) {
        self.post(&format!("/api/v1/referrals/{id}/complete"), json!({"feedback": feedback})).await
    }

    /// The sender cancels referral `id`.
    pub async fn cancel_referral(&self, id: &str) -> (u16, Value) {
        self.post(&format!("/api/v1/referrals/{id}/cancel"), json!({})).await
    }

    /// The ids of the referrals this user's organisation received.
    pub async fn received_referrals(&self) -> Vec<String> {
        let (s, page) = self.get("/api/v1/referrals?box=received").await;
        assert_eq!(s, 200, "{page}");
        page["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    }

    /// The kinds of this user's notifications.
    pub async fn notification_kinds(&self) -> Vec<String> {
        let (s, v) = self.get("/api/v1/me/notifications").await;
        assert_eq!(s, 200, "{v}");
        v.as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap().to_string()).collect()
    }
}

/// An answer of the API as a step's outcome: a refusal carries the error's
/// message.
fn outcome((status, body): (u16, Value)) -> Result<Value, Refusal> {
    if (200..300).contains(&status) {
        Ok(body)
    } else {
        Err(Refusal { status, message: body["error"]["message"].as_str().unwrap_or_default().to_string() })
    }
}

impl ReferralSteps for ApiUser<'_> {
    fn who(&self) -> &str {
        &self.username
    }

    async fn send(&self, case: &str, service: &str, reason: &str, urgency: &str) -> Result<String, Refusal> {
        let body = json!({"case_id": case, "service_id": service, "reason": reason, "urgency": urgency});
        let r = outcome(self.post("/api/v1/referrals", body).await)?;
        Ok(r["id"].as_str().unwrap().to_string())
    }

    async fn inbox(&self) -> Vec<String> {
        self.received_referrals().await
    }

    async fn accept(&self, id: &str) -> Result<(), Refusal> {
        outcome(self.accept_referral(id).await).map(drop)
    }

    async fn decline(&self, id: &str, reason: &str) -> Result<(), Refusal> {
        outcome(self.decline_referral(id, reason).await).map(drop)
    }

    async fn complete(&self, id: &str, feedback: &str) -> Result<(), Refusal> {
        outcome(self.complete_referral(id, feedback).await).map(drop)
    }

    async fn cancel(&self, id: &str) -> Result<(), Refusal> {
        outcome(self.cancel_referral(id).await).map(drop)
    }

    async fn feedback_on(&self, id: &str) -> Option<String> {
        let r = outcome(self.referral(id).await).unwrap_or_else(|e| panic!("{} reads {id}: {e:?}", self.username));
        r["feedback"].as_str().map(str::to_string)
    }
}
