//! The site's own routes — the home page, the language switch, the static
//! files — and the fallback for unknown paths.

use satuatap_core::Error;

use crate::access::Checked;
use crate::error::AppError;
use crate::routes::{Access, Routes};
use crate::{assets, home, language};

pub fn routes() -> Routes {
    Routes::new().get("/", Access::Public, home::show).get("/language/{lang}", Access::Public, language::switch).get(
        "/static/{version}/{*path}",
        Access::Public,
        assets::serve,
    )
}

/// The fallback for unknown paths (it needs no access: it shows nothing).
pub async fn not_found() -> (axum::Extension<Checked>, AppError) {
    (axum::Extension(Checked(Access::Public)), AppError(Error::not_found("page")))
}
