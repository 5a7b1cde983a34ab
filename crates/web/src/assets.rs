//! Static files embedded in the binary, served under a content-hashed prefix
//! so that browsers may cache them for a year.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};

#[derive(RustEmbed)]
#[folder = "static/"]
struct Files;

pub struct Assets {
    /// Short hash of every embedded file: changes whenever any file does.
    version: String,
}

impl Assets {
    pub fn new() -> Self {
        let mut hasher = Sha256::new();
        let mut names: Vec<_> = Files::iter().collect();
        names.sort();
        for name in names {
            if let Some(file) = Files::get(&name) {
                hasher.update(name.as_bytes());
                hasher.update(file.metadata.sha256_hash());
            }
        }
        let version = hex::encode(hasher.finalize())[..12].to_string();
        Self { version }
    }

    /// The URL of an embedded file.
    pub fn url(&self, path: &str) -> String {
        format!("/static/{}/{}", self.version, path)
    }

    pub fn version(&self) -> &str {
        &self.version
    }
}

impl Default for Assets {
    fn default() -> Self {
        Self::new()
    }
}

/// `GET /static/{version}/{*path}`.
pub async fn serve(
    State(assets): State<Arc<Assets>>,
    Path((version, path)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(file) = Files::get(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = format!("\"{}\"", hex::encode(&file.metadata.sha256_hash()[..16]));
    let cache = if version == assets.version() {
        "public, max-age=31536000, immutable"
    } else {
        // An old or made-up version: serve the current file, but briefly.
        "public, max-age=60"
    };
    let mut response = if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Response::new(Body::from(file.data.into_owned()))
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(file.metadata.mimetype()) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    response
}
