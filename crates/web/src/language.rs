//! The language switch of signed-out pages: remembers the choice in a
//! cookie and goes back. Signed in, the switch saves the choice with the
//! account too (`POST /account/language`, in `identity`).

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, SameSite};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

pub const LANG_COOKIE: &str = "satuatap_lang";

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// `GET /language/{lang}?next=/path`.
pub async fn switch(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    Query(next): Query<Next>,
    jar: CookieJar,
) -> Result<Response, AppError> {
    let lang: Lang = lang.parse().map_err(|()| AppError(satuatap_core::Error::not_found("language")))?;
    let cookie = lang_cookie(&state, lang);
    let target = next.next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/".to_string());
    let mut response = (jar.add(cookie), Redirect::to(&target)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The cookie that remembers the language of this browser's pages.
pub(crate) fn lang_cookie(state: &AppState, lang: Lang) -> Cookie<'static> {
    Cookie::build((LANG_COOKIE, lang.code()))
        .path("/")
        .max_age(time_year())
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(state.settings.secure_cookies)
        .build()
}

fn time_year() -> time::Duration {
    time::Duration::days(365)
}

/// Only paths on this site: no scheme, no `//host`, no backslashes.
pub(crate) fn is_local_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn refuses_open_redirects() {
        assert!(is_local_path("/organisations?q=sbmi"));
        assert!(!is_local_path("//evil.example/"));
        assert!(!is_local_path("https://evil.example/"));
        assert!(!is_local_path("/\\evil.example"));
    }
}
