//! What every server-rendered page shares: the page context (language,
//! translations, the caller, CSRF), rendering and form helpers. Handlers
//! gather data through the core services and hand it to compiled,
//! auto-escaping askama templates; every visible string comes from the
//! translation layer. Each domain declares its own page routes
//! (`<domain>::routes`); the site's own are in `site.rs`, the error page in
//! `error_page.rs`.

use std::sync::Arc;

use askama::Template;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::CookieJar;
use satuatap_core::access::Permission;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::organisations::organisation::{OfficeFilter, OfficeKind};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::{Error, FieldError};

use crate::assets::Assets;
use crate::auth::Caller;
use crate::error::AppError;
use crate::i18n::{I18n, Lang};
use crate::state::AppState;

pub use crate::language::LANG_COOKIE;

/// The language of the JSON API's messages (and of the HSDS export's
/// labels): the language cookie, else the caller's `Accept-Language`, else
/// Bahasa Indonesia. API callers carry no cookie and no page setting.
pub fn api_lang(headers: &HeaderMap) -> Lang {
    cookie_lang(headers)
        .or_else(|| {
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// The language of a page before the caller is known: the language switch's
/// cookie, else Bahasa Indonesia. The browser's `Accept-Language` does not
/// decide pages (a government PC with an English browser opens in Bahasa
/// Indonesia); a signed-in user's account setting comes first
/// ([`PageCtx::set_caller`]).
pub fn page_lang(headers: &HeaderMap) -> Lang {
    cookie_lang(headers).unwrap_or_default()
}

fn cookie_lang(headers: &HeaderMap) -> Option<Lang> {
    CookieJar::from_headers(headers).get(LANG_COOKIE).and_then(|c| c.value().parse().ok())
}

/// What differs between the list pages that share `list.html` (a filter
/// form, results and the pager): where the form goes, what refreshes the
/// results as one types or picks, and the message when nothing is found.
pub struct ListShape {
    pub action: &'static str,
    /// htmx's `hx-trigger` of the form.
    pub trigger: &'static str,
    /// The Fluent key of the empty-results message.
    pub none: &'static str,
}

/// What every page template needs: language, translations, asset URLs and
/// where we are.
pub struct PageCtx {
    pub lang: Lang,
    i18n: Arc<I18n>,
    assets: Arc<Assets>,
    /// Path and query of this page (the language switch returns here).
    here: String,
    /// The navigation section to highlight.
    pub section: &'static str,
    /// The signed-in user, for the navigation.
    pub user: Option<NavUser>,
    /// The CSRF token forms carry.
    pub csrf: String,
}

/// What the navigation shows of the signed-in user.
pub struct NavUser {
    pub username: String,
    pub can_people: bool,
    pub can_cases: bool,
    pub can_referrals: bool,
    /// Village records, or warnings to handle.
    pub can_community: bool,
    pub can_users: bool,
    pub can_roles: bool,
    pub can_audit: bool,
    /// Aggregate reports.
    pub can_reports: bool,
    /// Exchange rates and what else reports are computed with.
    pub can_manage_reports: bool,
    /// How long the session may stay idle, in seconds (0: not a session).
    pub idle_seconds: i64,
}

pub struct LangLink {
    pub code: &'static str,
    pub label: String,
    pub url: String,
    pub current: bool,
}

impl PageCtx {
    pub fn from_request(state: &AppState, request: &Request, lang: Lang) -> Self {
        Self::build(state, request.uri(), lang)
    }

    fn build(state: &AppState, uri: &axum::http::Uri, lang: Lang) -> Self {
        Self {
            lang,
            i18n: state.i18n.clone(),
            assets: state.assets.clone(),
            here: uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into()),
            section: section_of(uri.path()),
            user: None,
            csrf: String::new(),
        }
    }

    /// Fills in the signed-in user and the CSRF token; the language the user
    /// chose for their account comes before the browser's switch.
    pub fn set_caller(&mut self, caller: &Caller) {
        if let Some(language) = caller.auth.as_ref().and_then(|a| a.language) {
            self.lang = language.into();
        }
        let actor = caller.actor();
        self.user = actor.user().map(|u| NavUser {
            username: u.username.clone(),
            can_people: actor.scope_of(Permission::PeopleRead).is_some(),
            can_cases: actor.scope_of(Permission::CasesRead).is_some(),
            can_referrals: actor.scope_of(Permission::ReferralsManage).is_some(),
            can_community: actor.scope_of(Permission::CommunityRead).is_some()
                || actor.scope_of(Permission::WarningsHandle).is_some()
                || actor.scope_of(Permission::ActivitiesWrite).is_some(),
            can_users: actor.scope_of(Permission::UsersRead).is_some(),
            can_roles: actor.scope_of(Permission::RolesRead).is_some(),
            can_audit: actor.scope_of(Permission::AuditRead).is_some(),
            can_reports: actor.scope_of(Permission::ReportsAggregate).is_some(),
            can_manage_reports: actor.scope_of(Permission::ReportsManage).is_some(),
            idle_seconds: caller.auth.as_ref().and_then(|a| a.idle).map_or(0, |d| d.num_seconds()),
        });
        self.csrf = caller.csrf_token().unwrap_or_default().to_string();
    }

    /// Path and query of this page.
    pub fn here(&self) -> &str {
        &self.here
    }

    /// The translations (for messages built outside a template).
    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    /// Whether a translation exists (for optional labels, e.g. country names).
    pub fn has(&self, key: &str) -> bool {
        self.i18n.has(self.lang, key)
    }

    pub fn t(&self, key: &str) -> String {
        self.i18n.t(self.lang, key)
    }

    pub fn t_args(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.i18n.t_args(self.lang, key, args)
    }

    /// The label of a code in a code list, e.g. `label("org-kind", "ngo")`.
    pub fn label(&self, list: &str, code: &str) -> String {
        self.t(&format!("{list}-{code}"))
    }

    pub fn asset(&self, path: &str) -> String {
        self.assets.url(path)
    }

    pub fn languages(&self) -> Vec<LangLink> {
        Lang::ALL
            .iter()
            .map(|l| LangLink {
                code: l.code(),
                label: self.i18n.t(*l, "language-name"),
                url: format!("/language/{}?{}", l.code(), encode(&[("next", self.here.as_str())])),
                current: *l == self.lang,
            })
            .collect()
    }

    /// "Showing 1–50 of 120" and the neighbouring pages' URLs.
    pub fn pager<T>(&self, page: &Page<T>, base: &str, params: &[(&str, &str)]) -> Pager {
        let first = if page.items.is_empty() { 0 } else { page.offset + 1 };
        let last = page.offset + page.items.len() as u64;
        let url = |offset: u64| {
            let mut all: Vec<(&str, String)> =
                params.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (*k, v.to_string())).collect();
            if offset > 0 {
                all.push(("offset", offset.to_string()));
            }
            let refs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let q = encode(&refs);
            if q.is_empty() {
                base.to_string()
            } else {
                format!("{base}?{q}")
            }
        };
        Pager {
            total: page.total,
            text: self.t_args(
                "pager-showing",
                &[("first", &first.to_string()), ("last", &last.to_string()), ("total", &page.total.to_string())],
            ),
            prev_url: page.prev_offset().map(url),
            next_url: page.has_next().then(|| url(page.next_offset())),
        }
    }
}

/// Where to send a browser that must sign in first.
pub fn sign_in_url(next: &str) -> String {
    format!("/sign-in?{}", encode(&[("next", next)]))
}

fn section_of(path: &str) -> &'static str {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    match first {
        "admin" => "admin",
        "account" => "account",
        "organisations" => "organisations",
        "directory" => "directory",
        "people" => "people",
        "cases" => "cases",
        "referrals" => "referrals",
        "community" | "warnings" | "village-registrations" | "expected-visitors" | "activities" => "community",
        "offices" => "offices",
        "areas" => "areas",
        "reports" => "reports",
        _ => "home",
    }
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let mut ctx = Self::build(state, &parts.uri, page_lang(&parts.headers));
        if let Some(caller) = parts.extensions.get::<Caller>() {
            ctx.set_caller(caller);
        }
        Ok(ctx)
    }
}

pub struct Pager {
    pub total: u64,
    pub text: String,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

/// One option of a `<select>`.
pub struct Choice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

/// A form field: trimmed, `None` when empty.
pub fn some(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl Choice {
    /// The options of a code list (labels `<list>-<code>`), `selected` chosen.
    pub fn list<'a>(
        ctx: &PageCtx,
        list: &str,
        codes: impl IntoIterator<Item = &'a str>,
        selected: &str,
    ) -> Vec<Choice> {
        codes
            .into_iter()
            .map(|c| Choice { code: c.to_string(), label: ctx.label(list, c), selected: c == selected })
            .collect()
    }
}

pub fn encode(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// Renders a template into an HTML response.
pub fn render(template: &impl Template) -> Result<Response, AppError> {
    template
        .render()
        .map(|html| Html(html).into_response())
        .map_err(|e| AppError(Error::internal(format!("template: {e}"))))
}

/// A form shown again, with what was entered and why it was refused (422).
pub fn render_again(template: &impl Template) -> Result<Response, AppError> {
    render(template).map(|page| (axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The field messages of an invalid input, in the reader's language; any
/// other error goes to the error page.
pub fn field_errors(state: &crate::state::AppState, ctx: &PageCtx, e: Error) -> Result<Vec<String>, AppError> {
    match e {
        Error::Invalid(fe) => Ok(fe.iter().map(|e| crate::error::field_message(&state.i18n, ctx.lang, e)).collect()),
        e => Err(AppError(e)),
    }
}

/// As [`field_errors`], and a conflict with the record's state (answered
/// already, waiting already) as a message on the form too.
pub fn form_refusals(state: &crate::state::AppState, ctx: &PageCtx, e: Error) -> Result<Vec<String>, AppError> {
    match e {
        Error::Conflict { code, field } => {
            let e = FieldError::new(field.unwrap_or_default(), code);
            Ok(vec![crate::error::field_message(&state.i18n, ctx.lang, &e)])
        }
        e => field_errors(state, ctx, e),
    }
}

/// The districts (regencies) that have an LTSA-MRC office, for filters.
pub async fn district_choices(state: &AppState, selected: Option<&AreaCode>) -> Result<Vec<Choice>, AppError> {
    let offices = state
        .app
        .offices(&OfficeFilter { kind: Some(OfficeKind::LtsaMrcOffice), ..Default::default() }, PageRequest::first(500))
        .await?;
    let mut codes: Vec<AreaCode> = offices.items.iter().filter_map(|o| o.area_code.regency()).collect();
    codes.sort();
    codes.dedup();
    let mut choices = Vec::new();
    for code in codes {
        let detail = state.app.area(code.as_str()).await?;
        choices.push(Choice {
            selected: selected == Some(&code),
            label: format!("{} ({})", detail.area.name, code),
            code: code.as_str().to_string(),
        });
    }
    Ok(choices)
}

/// Parses an optional filter value, ignoring an empty one.
pub fn optional<T>(raw: &Option<String>, parse: impl Fn(&str) -> Result<T, FieldError>) -> Result<Option<T>, AppError> {
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => parse(v).map(Some).map_err(|e| AppError(Error::Invalid(vec![e]))),
    }
}

/// The usual destinations first (others by ISO code in a field beside).
const DESTINATIONS: [&str; 12] = ["MY", "HK", "TW", "SA", "SG", "KR", "JP", "AE", "QA", "BN", "KW", "OM"];

/// The usual destination countries, by name in the reader's language.
pub fn destination_choices(ctx: &PageCtx, selected: &str) -> Vec<Choice> {
    DESTINATIONS
        .iter()
        .map(|c| {
            let key = format!("country-{c}");
            Choice { code: (*c).to_string(), label: format!("{} ({c})", ctx.t(&key)), selected: selected == *c }
        })
        .collect()
}

/// The placement agencies (P3MI) known to the system.
pub async fn agency_choices(app: &satuatap_core::App, selected: &str) -> Result<Vec<Choice>, AppError> {
    let filter = satuatap_core::organisations::organisation::OrganisationFilter {
        kind: Some(satuatap_core::organisations::organisation::OrgKind::PlacementAgency),
        ..Default::default()
    };
    Ok(app
        .organisations(&filter, satuatap_core::paging::PageRequest::first(200))
        .await?
        .items
        .into_iter()
        .map(|o| Choice { selected: o.code == selected, label: format!("{} ({})", o.name, o.code), code: o.code })
        .collect())
}

/// A time as the office reads it, e.g. "3 Des 2026 14:05 WIB".
pub fn local_time(ctx: &PageCtx, zone: chrono_tz::Tz, at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    let local = at.with_timezone(&zone);
    format!(
        "{} {} {} {}",
        local.day(),
        ctx.t(&format!("month-short-{}", local.month())),
        local.year(),
        local.format("%H:%M %Z")
    )
}
