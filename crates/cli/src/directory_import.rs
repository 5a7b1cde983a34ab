//! `satuatap directory import FILE` and `satuatap directory export [FILE]`:
//! the service directory as an Open Referral HSDS 3.x JSON document (the one
//! `GET /api/v1/directory/hsds` serves).
//!
//! An import reads the file and checks it against the vendored HSDS schemas
//! before the database is opened; the core checks it again, then against our
//! model and the database (areas, organisation codes, locations), and writes
//! everything in one transaction with one audit entry, or nothing.

use std::path::Path;

use satuatap_core::access::Ctx;
use satuatap_core::directory::model::DirectoryImportSummary;
use satuatap_core::{directory::hsds, App, Error, FieldError};
use satuatap_web::error::field_message;
use satuatap_web::i18n::{I18n, Lang};
use serde_json::Value;

/// Problems shown on the terminal, at most (then a count of the rest).
pub const SHOWN: usize = 50;

#[derive(Debug, thiserror::Error)]
pub enum DirectoryImportError {
    #[error("cannot read {0}: {1}")]
    Read(String, String),
    #[error("{0} is not JSON: {1}")]
    Json(String, String),
    #[error("{} problems", .0.len())]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Core(Error),
}

/// Reads a document and checks it against the HSDS schemas.
pub fn read_file(path: &Path) -> Result<Value, DirectoryImportError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| DirectoryImportError::Read(name.clone(), e.to_string()))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| DirectoryImportError::Json(name, e.to_string()))?;
    hsds::validate(&doc).map_err(DirectoryImportError::Invalid)?;
    Ok(doc)
}

/// Imports a document read by [`read_file`].
pub async fn import(app: &App, ctx: &Ctx, doc: &Value) -> Result<DirectoryImportSummary, DirectoryImportError> {
    app.import_hsds(ctx, doc).await.map_err(|e| match e {
        Error::Invalid(errors) => DirectoryImportError::Invalid(errors),
        e => DirectoryImportError::Core(e),
    })
}

/// One line per problem, each naming its JSON pointer, in `lang`.
pub fn report(errors: &[FieldError], i18n: &I18n, lang: Lang) -> String {
    let mut lines: Vec<String> = errors.iter().take(SHOWN).map(|e| field_message(i18n, lang, e)).collect();
    if errors.len() > SHOWN {
        lines.push(format!("… and {} more", errors.len() - SHOWN));
    }
    lines.join("\n")
}

/// The directory as an HSDS document, labels in `lang`.
pub async fn export(app: &App, i18n: &I18n, lang: Lang) -> Result<Value, Error> {
    let label = |key: &str| i18n.t(lang, key);
    app.hsds_export(&label, lang.code()).await
}
