//! One error type, by meaning. The web layer maps each variant to an HTTP
//! status in exactly one place; the command line maps it to an exit code.

use std::fmt;

/// A problem with one input field. `code` is stable (clients may match on it)
/// and doubles as the translation key `error-<code>` of the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
    /// Named values the translated message may use, e.g. `max` or `value`.
    pub args: Vec<(&'static str, String)>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str) -> Self {
        Self { field: field.into(), code, args: Vec::new() }
    }

    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

/// A move of a workflow (a case's transition, a referral's answer): an
/// enum whose stable code clients see in an `invalid_transition` error.
pub trait Move: Copy {
    /// The code list the labels come from: a move's label is the
    /// translation key `<LABELS>-<code>`.
    const LABELS: &'static str;
    fn code(self) -> &'static str;
}

/// The moves a record allows now, as their codes. Made only from a list of
/// [`Move`]s, so that no free text can stand in for one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moves {
    labels: &'static str,
    codes: Vec<&'static str>,
}

impl Moves {
    pub fn of<M: Move>(moves: &[M]) -> Self {
        Self { labels: M::LABELS, codes: moves.iter().map(|m| m.code()).collect() }
    }

    /// The codes, in the order the workflow lists them.
    pub fn codes(&self) -> &[&'static str] {
        &self.codes
    }

    /// The translation keys of the moves' labels, in the same order.
    pub fn label_keys(&self) -> impl Iterator<Item = String> + '_ {
        self.codes.iter().map(|c| format!("{}-{c}", self.labels))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The thing asked for does not exist (or the caller may not know it does).
    #[error("{entity} not found")]
    NotFound { entity: &'static str },
    /// The caller is not signed in, or the credentials are not valid.
    #[error("not authenticated")]
    Unauthenticated,
    /// The caller is known but may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The caller is known but may not do this, for a reason they can act
    /// on (e.g. `role_not_held`, `restricted_access_pending`).
    #[error("denied: {code}")]
    Denied { code: &'static str, field: Option<String> },
    /// The person has not consented to this sharing (or withdrew).
    #[error("consent required")]
    ConsentRequired,
    /// The request conflicts with the current state (duplicate code, stale
    /// version, invalid transition).
    #[error("conflict: {code}")]
    Conflict { code: &'static str, field: Option<String> },
    /// A move of a workflow that the current state does not allow.
    #[error("invalid transition")]
    InvalidTransition { allowed: Moves },
    /// The request is larger than accepted (its body, before it is even
    /// read as input).
    #[error("payload too large")]
    PayloadTooLarge,
    /// Too many attempts (e.g. wrong codes) in a short time: refused, even
    /// a right one, until the window passes.
    #[error("too many attempts")]
    TooManyAttempts,
    /// Bad input: one or more fields are invalid.
    #[error("invalid input: {}", .0.iter().map(|e| format!("{} ({})", e.field, e.code)).collect::<Vec<_>>().join(", "))]
    Invalid(Vec<FieldError>),
    /// A fault on our side (database down, bug). The message is for the log
    /// only and never shown to the user.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn invalid(field: impl Into<String>, code: &'static str) -> Self {
        Error::Invalid(vec![FieldError::new(field, code)])
    }

    pub fn denied(code: &'static str, field: Option<&str>) -> Self {
        Error::Denied { code, field: field.map(str::to_string) }
    }

    pub fn not_found(entity: &'static str) -> Self {
        Error::NotFound { entity }
    }

    pub fn internal(message: impl fmt::Display) -> Self {
        Error::Internal(message.to_string())
    }

    /// The stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "not_found",
            Error::Unauthenticated => "unauthenticated",
            Error::Forbidden => "forbidden",
            Error::Denied { code, .. } => code,
            Error::ConsentRequired => "consent_required",
            Error::Conflict { code, .. } => code,
            Error::InvalidTransition { .. } => "invalid_transition",
            Error::PayloadTooLarge => "payload_too_large",
            Error::TooManyAttempts => "too_many_attempts",
            Error::Invalid(errors) => errors.first().map(|e| e.code).unwrap_or("invalid"),
            Error::Internal(_) => "internal",
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects field errors while validating a whole input, so that the user
/// sees every problem at once.
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the value of a successful parse, records the error otherwise.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Parses a list of codes, naming a bad one by its index
    /// (`field[i]`); repeats are dropped.
    pub fn codes<T: PartialEq>(
        &mut self,
        field: &str,
        raw: &[String],
        parse: fn(&str, &str) -> Result<T, FieldError>,
    ) -> Vec<T> {
        let mut out = Vec::new();
        for (i, r) in raw.iter().enumerate() {
            if let Some(c) = self.check(parse(&format!("{field}[{i}]"), r)) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn push(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.errors))
        }
    }
}
