//! The one place where a domain error becomes an HTTP answer: a status by
//! meaning, the JSON body of the API and the messages in the caller's
//! language. A leaf of the crate (translations and the operation id aside):
//! `error_page.rs` renders the answers, as JSON or as a page.

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use satuatap_core::{Error, FieldError};
use serde::Serialize;

use crate::i18n::{I18n, Lang};
use crate::observe::current_op_id;

/// A domain error on its way out of a handler.
#[derive(Debug)]
pub struct AppError(pub Error);

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        AppError(e)
    }
}

/// Attached to an error response; the API and page layers render it in the
/// caller's language.
#[derive(Clone, Debug)]
pub struct ErrorInfo(pub Arc<Error>);

pub fn status_of(e: &Error) -> StatusCode {
    match e {
        Error::NotFound { .. } => StatusCode::NOT_FOUND,
        Error::Unauthenticated => StatusCode::UNAUTHORIZED,
        Error::Forbidden | Error::Denied { .. } | Error::ConsentRequired => StatusCode::FORBIDDEN,
        Error::Conflict { .. } | Error::InvalidTransition { .. } => StatusCode::CONFLICT,
        Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Error::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Error::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
        Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = status_of(&self.0);
        if let Error::Internal(detail) = &self.0 {
            // The detail may name a table or a driver message; it stays in the log.
            tracing::error!(op_id = %current_op_id(), error = %detail, "internal error");
        }
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorInfo(Arc::new(self.0)));
        response
    }
}

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        // A body over the limit is cut off while it is read: too large, not malformed.
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return AppError(Error::PayloadTooLarge);
        }
        let code = match r {
            JsonRejection::MissingJsonContentType(_) => "json_content_type",
            JsonRejection::JsonSyntaxError(_) => "invalid_json",
            JsonRejection::JsonDataError(_) => {
                return AppError(Error::Invalid(vec![json_data_problem(&r.body_text())]))
            }
            _ => "invalid_json",
        };
        AppError(Error::Invalid(vec![FieldError::new("body", code).with("detail", r.body_text())]))
    }
}

/// The field a JSON body got wrong, read from serde's message (axum reports
/// it as `…target type: <path>: <problem>`): an unknown field, a missing
/// one, a code not in its list; else the body as a whole.
pub(crate) fn json_data_problem(text: &str) -> FieldError {
    let detail = text.split_once("target type: ").map_or(text, |(_, rest)| rest);
    // serde_path_to_error puts the path first, unless the problem is at the root.
    let (path, problem) = match detail.split_once(": ") {
        Some((path, problem)) if !path.contains(' ') => (Some(path), problem),
        _ => (None, detail),
    };
    let quoted = |after: &str| problem.strip_prefix(after).and_then(|rest| rest.split('`').nth(1)).map(str::to_string);
    // The path of an unknown field already ends with it; that of a missing
    // one is the object that lacks it.
    let within = |name: &str| match path {
        Some(p) if p == name || p.ends_with(&format!(".{name}")) => p.to_string(),
        Some(p) => format!("{p}.{name}"),
        None => name.to_string(),
    };
    let field = path.map_or_else(|| "body".to_string(), str::to_string);
    if let Some(name) = quoted("unknown field ") {
        FieldError::new(within(&name), "unknown_field").with("value", name)
    } else if let Some(name) = quoted("missing field ") {
        FieldError::new(within(&name), "required")
    } else if let Some(value) = quoted("unknown variant ") {
        FieldError::new(field, "unknown_code").with("value", value)
    } else if problem.starts_with("invalid type") || problem.starts_with("invalid value") {
        FieldError::new(field, "invalid_type").with("detail", problem)
    } else {
        FieldError::new(field, "invalid_json_data").with("detail", detail)
    }
}

impl From<QueryRejection> for AppError {
    fn from(r: QueryRejection) -> Self {
        AppError(Error::Invalid(vec![FieldError::new("query", "invalid_query").with("detail", r.body_text())]))
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        AppError(Error::not_found("resource"))
    }
}

/// An error as the API shows it: `{"error": {...}}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `not_found`, `invalid_area_code`.
    pub code: String,
    /// Human-readable message in the caller's language.
    pub message: String,
    /// The offending field (the first one when several are wrong).
    pub field: Option<String>,
    /// The moves allowed now, when a move was refused (`invalid_transition`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
    /// Every field problem, when the input was invalid.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
    /// Quote it when reporting a problem: it finds the request in the log.
    pub operation_id: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// The message of one field error in `lang`: "<field label>: <problem>".
pub fn field_message(i18n: &I18n, lang: Lang, e: &FieldError) -> String {
    let args: Vec<(&str, &str)> = e.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let problem = i18n.t_args(lang, &format!("error-{}", e.code), &args);
    let label_key = format!("field-{}", field_key(&e.field));
    let label = if i18n.has(lang, &label_key) { i18n.t(lang, &label_key) } else { e.field.clone() };
    format!("{label}: {problem}")
}

/// The label key part of a field path: `recruitment_costs[0].amount` is
/// labelled by `field-recruitment_costs-amount`.
fn field_key(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut in_index = false;
    for c in field.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            '.' if !in_index => out.push('-'),
            c if !in_index => out.push(c),
            _ => {}
        }
    }
    out
}

/// The general message of an error in `lang`.
pub fn error_message(i18n: &I18n, lang: Lang, e: &Error) -> String {
    match e {
        Error::Invalid(errors) => errors.iter().map(|fe| field_message(i18n, lang, fe)).collect::<Vec<_>>().join("; "),
        Error::Conflict { code, .. } | Error::Denied { code, .. } => i18n.t(lang, &format!("error-{code}")),
        Error::InvalidTransition { allowed } if allowed.codes().is_empty() => {
            i18n.t(lang, "error-invalid_transition_none")
        }
        Error::InvalidTransition { allowed } => {
            let allowed = allowed.label_keys().map(|key| i18n.t(lang, &key)).collect::<Vec<_>>();
            i18n.t_args(lang, "error-invalid_transition_allowed", &[("allowed", &allowed.join(", "))])
        }
        Error::NotFound { .. } => i18n.t(lang, "error-not_found"),
        Error::Unauthenticated => i18n.t(lang, "error-unauthenticated"),
        Error::Forbidden => i18n.t(lang, "error-forbidden"),
        Error::ConsentRequired => i18n.t(lang, "error-consent_required"),
        Error::PayloadTooLarge => i18n.t(lang, "error-payload_too_large"),
        Error::TooManyAttempts => i18n.t(lang, "error-too_many_attempts"),
        Error::Internal(_) => i18n.t(lang, "error-internal"),
    }
}

pub fn error_body(i18n: &I18n, lang: Lang, e: &Error, op_id: &str) -> ErrorBody {
    let (field, fields) = match e {
        Error::Invalid(errors) => (
            errors.first().map(|fe| fe.field.clone()),
            errors
                .iter()
                .map(|fe| FieldProblem {
                    field: fe.field.clone(),
                    code: fe.code.to_string(),
                    message: field_message(i18n, lang, fe),
                })
                .collect(),
        ),
        Error::Conflict { field, .. } | Error::Denied { field, .. } => (field.clone(), Vec::new()),
        Error::PayloadTooLarge => (Some("body".to_string()), Vec::new()),
        _ => (None, Vec::new()),
    };
    ErrorBody {
        error: ErrorDetail {
            code: e.code().to_string(),
            message: error_message(i18n, lang, e),
            field,
            fields,
            allowed: match e {
                Error::InvalidTransition { allowed } => allowed.codes().iter().map(|a| a.to_string()).collect(),
                _ => Vec::new(),
            },
            operation_id: op_id.to_string(),
        },
    }
}

/// The error behind a bare status that axum or a layer produced itself (no
/// route, wrong method, body too large).
pub fn error_for_status(status: StatusCode) -> Error {
    match status {
        StatusCode::NOT_FOUND => Error::not_found("route"),
        StatusCode::METHOD_NOT_ALLOWED => Error::Conflict { code: "method_not_allowed", field: None },
        StatusCode::UNAUTHORIZED => Error::Unauthenticated,
        StatusCode::FORBIDDEN => Error::Forbidden,
        StatusCode::PAYLOAD_TOO_LARGE => Error::PayloadTooLarge,
        StatusCode::TOO_MANY_REQUESTS => Error::TooManyAttempts,
        s if s.is_client_error() => Error::invalid("request", "bad_request"),
        _ => Error::internal(format!("status {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Lang};
    use satuatap_core::cases::case::Transition;
    use satuatap_core::error::Moves;
    use satuatap_core::referrals::referral::ReferralAction;

    #[test]
    fn a_json_body_problem_names_its_field() {
        let p = |t: &str| {
            let e = json_data_problem(&format!("Failed to deserialize the JSON body into the target type: {t}"));
            (e.field, e.code)
        };
        assert_eq!(
            p("unknown field `id`, expected one of `a`, `b` at line 1 column 5"),
            ("id".into(), "unknown_field")
        );
        assert_eq!(p("id: unknown field `id`, expected one of `a`"), ("id".into(), "unknown_field"));
        assert_eq!(p("names[0].x: unknown field `x`, expected `given`"), ("names[0].x".into(), "unknown_field"));
        assert_eq!(p("names[0]: missing field `given`"), ("names[0].given".into(), "required"));
        assert_eq!(p("missing field `full_name` at line 1 column 2"), ("full_name".into(), "required"));
        assert_eq!(p("kind: unknown variant `foo`, expected one of `gbv`"), ("kind".into(), "unknown_code"));
        assert_eq!(p("sex: invalid type: integer `3`, expected a string"), ("sex".into(), "invalid_type"));
        assert_eq!(p("something odd happened"), ("body".into(), "invalid_json_data"));
    }

    /// Every error that is not about a field has its message in both
    /// languages (a missing one would show its key).
    #[test]
    fn every_error_has_a_message() {
        let i18n = I18n::load().unwrap_or_else(|e| panic!("{e}"));
        let errors = [
            Error::not_found("thing"),
            Error::Unauthenticated,
            Error::Forbidden,
            Error::ConsentRequired,
            Error::PayloadTooLarge,
            Error::TooManyAttempts,
            Error::Conflict { code: "method_not_allowed", field: None },
            Error::InvalidTransition { allowed: Moves::of(&[Transition::Close, Transition::Reopen]) },
            Error::InvalidTransition { allowed: Moves::of(&[ReferralAction::Accept, ReferralAction::Cancel]) },
            Error::InvalidTransition { allowed: Moves::of::<ReferralAction>(&[]) },
            Error::internal("x"),
        ];
        for lang in [Lang::Id, Lang::En] {
            for e in &errors {
                if let Error::InvalidTransition { allowed } = e {
                    for key in allowed.label_keys() {
                        assert!(i18n.has(lang, &key), "{lang:?} lacks {key}");
                    }
                } else {
                    assert!(i18n.has(lang, &format!("error-{}", e.code())), "{lang:?} lacks error-{}", e.code());
                }
                let message = error_message(&i18n, lang, e);
                assert!(!message.is_empty() && !message.contains("error-"), "{lang:?}: {message}");
            }
        }
    }

    #[test]
    fn too_large_and_too_many_have_their_statuses() {
        assert_eq!(status_of(&Error::PayloadTooLarge), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(status_of(&Error::TooManyAttempts), StatusCode::TOO_MANY_REQUESTS);
        assert!(matches!(error_for_status(StatusCode::PAYLOAD_TOO_LARGE), Error::PayloadTooLarge));
        let i18n = I18n::load().unwrap_or_else(|e| panic!("{e}"));
        let body = error_body(&i18n, Lang::En, &Error::PayloadTooLarge, "op");
        assert_eq!((body.error.code.as_str(), body.error.field.as_deref()), ("payload_too_large", Some("body")));
    }
}
