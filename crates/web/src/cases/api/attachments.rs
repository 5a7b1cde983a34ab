//! Files attached to a case, sealed at rest, served only to readers of the case.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use satuatap_core::cases::attachment::{Attachment, MAX_BYTES};
use satuatap_core::{Error, FieldError};
use serde::Deserialize;
use uuid::Uuid;

use crate::api::{ApiPath, ApiQuery};
use crate::auth::CallCtx;
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file's name.
    name: String,
}

/// Reads a body of at most the attachment limit.
pub async fn read_limited(body: Body) -> Result<axum::body::Bytes, AppError> {
    axum::body::to_bytes(body, MAX_BYTES + 1).await.map_err(|_| {
        AppError(Error::Invalid(vec![FieldError::new("file", "too_large_mb").with("max", MAX_BYTES / (1024 * 1024))]))
    })
}

/// Attach a file (PDF, JPEG, PNG or WebP, at most 10 MB) as the raw body.
#[utoipa::path(post, path = "/api/v1/cases/{id}/attachments", tag = "cases",
    params(("id" = Uuid, Path), UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 201, body = Attachment),
        (status = 404, body = ErrorBody),
        (status = 422, description = "`file_type`, `too_large_mb`", body = ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn upload(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(q): ApiQuery<UploadQuery>,
    body: Body,
) -> Result<(StatusCode, Json<Attachment>), AppError> {
    let bytes = read_limited(body).await?;
    Ok((StatusCode::CREATED, Json(state.app.attach(&call, id, &q.name, &bytes).await?)))
}

/// The files attached to a case, newest first.
#[utoipa::path(get, path = "/api/v1/cases/{id}/attachments", tag = "cases",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Attachment>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Attachment>>, AppError> {
    Ok(Json(state.app.attachments(&call, id).await?))
}

/// The file, as a download (every download is audited).
#[utoipa::path(get, path = "/api/v1/cases/{id}/attachments/{attachment}", tag = "cases",
    params(("id" = Uuid, Path), ("attachment" = Uuid, Path)),
    responses((status = 200, description = "The file"), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn download(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ApiPath((id, attachment)): ApiPath<(Uuid, Uuid)>,
) -> Result<Response, AppError> {
    let (meta, bytes) = state.app.attachment(&call, id, attachment).await?;
    Ok(file_response(&meta, bytes))
}

/// A file as a download that the browser will not run or sniff.
pub fn file_response(meta: &Attachment, bytes: Vec<u8>) -> Response {
    let encoded = percent_encoding::utf8_percent_encode(&meta.file_name, percent_encoding::NON_ALPHANUMERIC);
    let disposition = format!("attachment; filename=\"attachment\"; filename*=UTF-8''{encoded}");
    (
        [
            (header::CONTENT_TYPE, meta.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'".to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}
