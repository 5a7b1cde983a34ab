//! What every handler can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use satuatap_core::App;

use crate::assets::Assets;
use crate::code_guard::CodeGuard;
use crate::i18n::I18n;
use crate::observe::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub i18n: Arc<I18n>,
    pub metrics: Arc<Metrics>,
    pub assets: Arc<Assets>,
    pub settings: Arc<WebSettings>,
    /// Counts of wrong referral codes typed at `/r` (in this process).
    pub code_guard: Arc<CodeGuard>,
}

/// The static files' handler needs only them.
impl FromRef<AppState> for Arc<Assets> {
    fn from_ref(state: &AppState) -> Self {
        state.assets.clone()
    }
}

/// Settings of the web layer, from the configuration.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// Cookies get `Secure` (set when the site is served over TLS, directly or
    /// behind a proxy).
    pub secure_cookies: bool,
    /// Where users and outside providers reach the site (links in e-mails
    /// and printed forms), without a trailing `/`.
    pub public_url: String,
    /// How long a client has to send the head (request line and headers)
    /// of a request before its connection is closed.
    pub header_timeout: std::time::Duration,
}
