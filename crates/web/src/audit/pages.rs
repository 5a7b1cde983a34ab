//! The audit log's page: the entries a reader may know of, newest first,
//! as people read them — translated actions, names of actors and records
//! (where the reader may see them, linked to their pages), details as
//! fields, times in the office's time zone — filtered by action, kind of
//! record and its id, person, case, user and local dates.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use satuatap_core::audit::names::{AuditLine, DetailValue, RecordLabel};
use satuatap_core::audit::{AuditAction, AuditEntity};
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::repo::AuditFilter;
use satuatap_core::{Error, FieldError};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{field_errors, local_time, render, render_again, Choice, ListShape, PageCtx, Pager};
use crate::state::AppState;

/// A record as a row names it: its kind, its name or a short reference,
/// and its page where the reader may open it.
pub struct RecordCell {
    kind: String,
    text: String,
    href: Option<String>,
}

pub struct DetailCell {
    field: String,
    value: String,
    href: Option<String>,
}

pub struct AuditRow {
    seq: i64,
    at: String,
    /// RFC 3339, UTC, for `<time datetime>`.
    at_utc: String,
    actor: String,
    action: String,
    record: Option<RecordCell>,
    details: Vec<DetailCell>,
}

const LIST: ListShape = ListShape { action: "/admin/audit", trigger: "change, submit", none: "audit-none" };

#[derive(Template)]
#[template(path = "audit/admin_audit.html")]
struct AuditPage {
    ctx: PageCtx,
    list: ListShape,
    /// Every action the log records, the chosen one selected.
    actions: Vec<Choice>,
    /// Every kind of record, the chosen one selected.
    entities: Vec<Choice>,
    /// What was typed, as typed.
    q: AuditQuery,
    errors: Vec<String>,
    items: Vec<AuditRow>,
    pager: Pager,
}

#[derive(Deserialize, Default, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    action: String,
    #[serde(default)]
    entity: String,
    #[serde(default)]
    entity_id: String,
    /// A person's id.
    #[serde(default)]
    person: String,
    /// A case's id.
    #[serde(default)]
    case: String,
    /// The username of who acted.
    #[serde(default)]
    actor: String,
    /// `YYYY-MM-DD`, a day of the office's time zone.
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    offset: Option<u64>,
}

fn typed(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

fn id_of(field: &'static str, raw: &str) -> Result<Option<Uuid>, FieldError> {
    typed(raw)
        .map(|v| Uuid::parse_str(v).map_err(|_| FieldError::new(field, "invalid_id").with("value", v)))
        .transpose()
}

fn day_of(field: &'static str, raw: &str) -> Result<Option<NaiveDate>, FieldError> {
    typed(raw)
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map_err(|_| FieldError::new(field, "invalid_date").with("value", v))
        })
        .transpose()
}

/// The filter of what was typed, or every field's message.
fn filter_of(q: &AuditQuery) -> Result<AuditFilter, Vec<FieldError>> {
    fn check<T>(errors: &mut Vec<FieldError>, r: Result<Option<T>, FieldError>) -> Option<T> {
        r.map_err(|e| errors.push(e)).ok().flatten()
    }
    let mut errors = Vec::new();
    let e = &mut errors;
    let filter = AuditFilter {
        action: check(e, typed(&q.action).map(|v| AuditAction::parse("action", v)).transpose()),
        entity: check(e, typed(&q.entity).map(|v| AuditEntity::parse("entity", v)).transpose()),
        entity_id: typed(&q.entity_id).map(str::to_string),
        person_id: check(e, id_of("person", &q.person)),
        case_id: check(e, id_of("case", &q.case)),
        actor_name: typed(&q.actor).map(str::to_string),
        from: check(e, day_of("from", &q.from)),
        to: check(e, day_of("to", &q.to)),
        ..Default::default()
    };
    if errors.is_empty() {
        Ok(filter)
    } else {
        Err(errors)
    }
}

pub async fn audit(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let actions = Choice::list(&ctx, "audit-action", AuditAction::ALL.iter().map(|a| a.as_str()), q.action.trim());
    let entities = Choice::list(&ctx, "audit-entity", AuditEntity::ALL.iter().map(|e| e.as_str()), q.entity.trim());
    let found = match filter_of(&q) {
        Ok(filter) => state.app.audit_lines(&call, &filter, PageRequest::new(None, q.offset)).await,
        Err(errors) => Err(Error::Invalid(errors)),
    };
    let (page, errors) = match found {
        Ok(page) => (page, Vec::new()),
        Err(e) => (Page { items: Vec::new(), total: 0, limit: 0, offset: 0 }, field_errors(&state, &ctx, e)?),
    };
    let pager = ctx.pager(
        &page,
        "/admin/audit",
        &[
            ("action", q.action.trim()),
            ("entity", q.entity.trim()),
            ("entity_id", q.entity_id.trim()),
            ("person", q.person.trim()),
            ("case", q.case.trim()),
            ("actor", q.actor.trim()),
            ("from", q.from.trim()),
            ("to", q.to.trim()),
        ],
    );
    let zone = state.app.time_zone();
    let items = page.items.into_iter().map(|line| row(&ctx, zone, line)).collect();
    let page = AuditPage { ctx, list: LIST, actions, entities, q, errors, items, pager };
    if page.errors.is_empty() {
        render(&page)
    } else {
        render_again(&page)
    }
}

/// A label if the translations have it, else the code as written (an
/// older entry may hold a code no longer written).
fn label_or_code(ctx: &PageCtx, key: &str, code: &str) -> String {
    if ctx.has(key) {
        ctx.t(key)
    } else {
        code.to_string()
    }
}

/// The name of a field of the details: the log's own label, else the
/// field's label shared by the forms, else its key.
fn field_label(ctx: &PageCtx, field: &str) -> String {
    let own = format!("audit-field-{field}");
    if ctx.has(&own) {
        ctx.t(&own)
    } else {
        label_or_code(ctx, &format!("field-{field}"), field)
    }
}

/// Where a record's page is.
fn href(record: &RecordLabel) -> Option<String> {
    if !record.open {
        return None;
    }
    let base = match record.entity {
        AuditEntity::Person => "/people",
        AuditEntity::Case => "/cases",
        AuditEntity::Referral => "/referrals",
        AuditEntity::Organisation => "/organisations",
        AuditEntity::Office => "/offices",
        _ => return None,
    };
    Some(format!("{base}/{}", record.id))
}

/// A record's name, or what may be said of it: its case's kind, a short reference.
fn record_text(ctx: &PageCtx, record: &RecordLabel) -> String {
    match (&record.name, &record.kind) {
        (Some(name), _) => name.clone(),
        (None, Some(kind)) => format!("{} #{}", label_or_code(ctx, &format!("case-kind-{kind}"), kind), record.short),
        (None, None) => format!("#{}", record.short),
    }
}

fn record_cell(ctx: &PageCtx, record: &RecordLabel) -> RecordCell {
    RecordCell {
        kind: ctx.label("audit-entity", record.entity.as_str()),
        text: record_text(ctx, record),
        href: href(record),
    }
}

/// The label list of a field's codes, where the field names one.
fn value_list(field: &str) -> Option<&'static str> {
    Some(match field {
        "kind" => "case-kind",
        "risk" => "risk",
        "from" | "stage" => "case-stage",
        "purpose" => "consent-purpose",
        "relationship" => "relationship",
        "scope" => "scope",
        "status" => "referral-status",
        _ => return None,
    })
}

fn row(ctx: &PageCtx, zone: chrono_tz::Tz, line: AuditLine) -> AuditRow {
    let e = &line.entry;
    let actor = match (&line.actor, e.actor_id) {
        (Some(a), _) => format!("{} ({})", a.name, a.username),
        (None, None) => label_or_code(ctx, &format!("audit-actor-{}", e.actor_name), &e.actor_name),
        (None, Some(_)) => e.actor_name.clone(),
    };
    let details = line
        .details
        .iter()
        .map(|d| {
            let field = field_label(ctx, &d.field);
            let (value, href) = match &d.value {
                DetailValue::Text(code) => {
                    let value = match value_list(&d.field) {
                        Some(list) => label_or_code(ctx, &format!("{list}-{code}"), code),
                        None => label_or_code(ctx, &format!("audit-value-{code}"), code),
                    };
                    (value, None)
                }
                DetailValue::Flag(true) => (ctx.t("audit-yes"), None),
                DetailValue::Flag(false) => (ctx.t("audit-no"), None),
                DetailValue::Number(n) => (n.clone(), None),
                DetailValue::Record(r) => {
                    let cell = record_cell(ctx, r);
                    (format!("{}: {}", cell.kind, cell.text), cell.href)
                }
                DetailValue::Fields(fields) => {
                    (fields.iter().map(|f| field_label(ctx, f)).collect::<Vec<_>>().join(", "), None)
                }
                DetailValue::Count(n) => (ctx.t_args("audit-records", &[("n", &n.to_string())]), None),
            };
            DetailCell { field, value, href }
        })
        .collect();
    AuditRow {
        seq: e.seq,
        at: local_time(ctx, zone, e.at),
        at_utc: e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        actor,
        action: label_or_code(ctx, &format!("audit-action-{}", e.action), &e.action),
        record: line.record.as_ref().map(|r| record_cell(ctx, r)),
        details,
    }
}
