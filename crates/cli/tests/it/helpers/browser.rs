//! A demo user in a browser of their own (cookie jar, CSRF token), using
//! the pages and their forms: `t.in_browser("cirebon.wcc").await`.
//!
//! Like a browser, `post_form` sends the CSRF token with every form. The
//! moves answer the status and, on 303, where it leads, else the page.

use super::steps::{ReferralSteps, Refusal};
use super::{browser, TestApp};

pub struct BrowserUser<'a> {
    t: &'a TestApp,
    username: String,
    client: reqwest::Client,
    csrf: String,
}

impl TestApp {
    /// The demo user `username`, signed in to the pages in a browser of
    /// their own.
    pub async fn in_browser(&self, username: &str) -> BrowserUser<'_> {
        let (client, csrf) = browser(self, username).await;
        BrowserUser { t: self, username: username.to_string(), client, csrf }
    }
}

impl BrowserUser<'_> {
    /// GETs a page: the status and the HTML.
    pub async fn page(&self, path: &str) -> (u16, String) {
        let r = self.client.get(self.t.url(path)).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// GETs a page in the language `lang` (through the language switch of
    /// signed-out pages, set back to Bahasa Indonesia after): the status and
    /// the HTML.
    pub async fn page_in(&self, path: &str, lang: &str) -> (u16, String) {
        super::switch_language(&self.client, self.t, lang).await;
        let got = self.page(path).await;
        super::switch_language(&self.client, self.t, "id").await;
        got
    }

    /// GETs a page with the header `Accept-Language: lang`.
    pub async fn page_accepting(&self, path: &str, lang: &str) -> (u16, String) {
        let r = self.client.get(self.t.url(path)).header("accept-language", lang).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// The browser's cookie jar client (for requests the helpers do not make).
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// POSTs a form with the CSRF token added: the status, and the
    /// redirect's location on 303, else the page.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let mut fields = vec![("csrf", self.csrf.as_str())];
        fields.extend_from_slice(form);
        let r = self.client.post(self.t.url(path)).form(&fields).send().await.unwrap();
        let status = r.status().as_u16();
        let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
        (status, if status == 303 { location } else { r.text().await.unwrap() })
    }

    /// Sends a referral of `case` to `service` with the referral form, the
    /// boxes of what is shared left as the form ticks them.
    pub async fn send_referral(&self, case: &str, service: &str, reason: &str, urgency: &str) -> (u16, String) {
        let path = format!("/cases/{case}/referrals/new");
        let (s, form) = self.page(&path).await;
        assert_eq!(s, 200, "{} opens the referral form of {case}", self.username);
        let shares = ticked(&form, "share");
        let mut fields = vec![("service_id", service), ("urgency", urgency), ("reason", reason)];
        fields.extend(shares.iter().map(|s| ("share", s.as_str())));
        self.post_form(&path, &fields).await
    }

    /// The page of referral `id`.
    pub async fn referral(&self, id: &str) -> (u16, String) {
        self.page(&format!("/referrals/{id}")).await
    }

    /// Accepts referral `id` with the button on its page.
    pub async fn accept_referral(&self, id: &str) -> (u16, String) {
        self.post_form(&format!("/referrals/{id}/accept"), &[]).await
    }

    /// Declines referral `id` with the form on its page.
    pub async fn decline_referral(&self, id: &str, reason: &str) -> (u16, String) {
        self.post_form(&format!("/referrals/{id}/decline"), &[("text", reason)]).await
    }

    /// Reports referral `id` done with the form on its page.
    pub async fn complete_referral(&self, id: &str, feedback: &str) -> (u16, String) {
        self.post_form(&format!("/referrals/{id}/complete"), &[("text", feedback)]).await
    }

    /// Cancels referral `id` with the form on its page (no reason given).
    pub async fn cancel_referral(&self, id: &str) -> (u16, String) {
        self.post_form(&format!("/referrals/{id}/cancel"), &[("text", "")]).await
    }

    /// The ids of the referrals listed on the received tab.
    pub async fn received_referrals(&self) -> Vec<String> {
        let (s, html) = self.page("/referrals?box=received").await;
        assert_eq!(s, 200, "{html}");
        html.split("href=\"/referrals/")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|id| uuid::Uuid::try_parse(id).is_ok())
            .map(str::to_string)
            .collect()
    }
}

/// The values of the ticked checkboxes named `name` in a form.
fn ticked(html: &str, name: &str) -> Vec<String> {
    let marker = format!("name=\"{name}\" value=\"");
    html.split(marker.as_str())
        .skip(1)
        .filter_map(|rest| {
            let (value, after) = rest.split_once('"')?;
            let tag = after.split('>').next().unwrap_or_default();
            tag.contains("checked").then(|| value.to_string())
        })
        .collect()
}

/// What lies between the first `start` and the next `end`.
fn between<'h>(html: &'h str, start: &str, end: &str) -> Option<&'h str> {
    html.split_once(start)?.1.split_once(end).map(|(inside, _)| inside)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// A form's answer as a step's outcome: a redirect is done; anything else is
/// a refusal carrying the error page's message (or the page, when it is the
/// form again).
fn outcome((status, body): (u16, String)) -> Result<String, Refusal> {
    if status == 303 {
        Ok(body)
    } else {
        let message = between(&body, "<section class=\"error\"", "</section>")
            .and_then(|section| between(section, "<p>", "</p>"))
            .map(|m| unescape(m.trim()))
            .unwrap_or(body);
        Err(Refusal { status, message })
    }
}

impl ReferralSteps for BrowserUser<'_> {
    fn who(&self) -> &str {
        &self.username
    }

    async fn send(&self, case: &str, service: &str, reason: &str, urgency: &str) -> Result<String, Refusal> {
        let to = outcome(self.send_referral(case, service, reason, urgency).await)?;
        Ok(to.strip_prefix("/referrals/").unwrap_or_else(|| panic!("sent to {to}")).to_string())
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
        let (s, html) = self.referral(id).await;
        assert_eq!(s, 200, "{} reads {id}: {html}", self.username);
        between(&html, "<dd id=\"feedback\">", "</dd>").map(|f| unescape(f.trim()))
    }
}
