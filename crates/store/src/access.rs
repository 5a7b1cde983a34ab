//! Need-to-know as SQL: the same rule as `satuatap_core::access`
//! (`Restriction::may_read`, `person_view`), applied before counting and
//! paging so that no total or page betrays a record the reader may not know.

use satuatap_core::access::NeedToKnow;
use satuatap_core::repo::AuditReader;
use sqlx::QueryBuilder;
use uuid::Uuid;

/// ` AND <the case aliased `c` may be known>`: unrestricted, or owned by,
/// assigned to, or (for a confirmed supervisor) held by the reader's
/// organisation.
pub(crate) fn push_case_filter<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, reader: NeedToKnow)
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    match reader {
        NeedToKnow::Everyone => {}
        NeedToKnow::Nobody => {
            qb.push(" AND c.restricted = FALSE");
        }
        NeedToKnow::Reader { .. } => {
            qb.push(" AND (c.restricted = FALSE OR ");
            push_case_circle(qb, reader);
            qb.push(")");
        }
    }
}

/// The restricted cases (aliased `c`) a reader needs to know, as a
/// condition; `FALSE` for nobody.
fn push_case_circle<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, reader: NeedToKnow)
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    match reader {
        NeedToKnow::Everyone => {
            qb.push("TRUE");
        }
        NeedToKnow::Nobody => {
            qb.push("FALSE");
        }
        NeedToKnow::Reader { user_id, organisation_id, supervisor } => {
            qb.push("(c.owner_id = ")
                .push_bind(user_id)
                .push(" OR c.id IN (SELECT a.case_id FROM case_assignees a WHERE a.user_id = ")
                .push_bind(user_id)
                .push(")");
            if supervisor {
                qb.push(" OR c.organisation_id = ").push_bind(organisation_id);
            }
            qb.push(")");
        }
    }
}

/// ` AND <the person aliased `p` may be known>`: not need-to-know, or
/// registered by the reader, by their organisation (confirmed supervisors),
/// shared with their organisation, or the person of a restricted case they
/// need to know.
pub(crate) fn push_person_filter<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, reader: NeedToKnow)
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    match reader {
        NeedToKnow::Everyone => {}
        NeedToKnow::Nobody => {
            qb.push(" AND p.confidential = FALSE");
        }
        NeedToKnow::Reader { .. } => {
            qb.push(" AND (p.confidential = FALSE OR ");
            push_person_circle(qb, reader);
            qb.push(")");
        }
    }
}

/// ` AND <the person whose id is `column` may be known>`, as a lookup per
/// row: for lists cut by a `LIMIT` before the person is read (the duplicate
/// match's keys), so that a hidden person never takes a known one's place.
/// Only for the rows whose `flag` (a copy of `people.confidential` kept
/// beside the id, TRUE when not known) says she may be hidden: the others
/// need no lookup.
pub(crate) fn push_person_known_flagged<'a, DB: sqlx::Database>(
    qb: &mut QueryBuilder<'a, DB>,
    column: &'static str,
    flag: &'static str,
    reader: NeedToKnow,
) where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    if reader == NeedToKnow::Everyone {
        return;
    }
    // Along the small index of need-to-know people: SQLite took the
    // primary key's instead and read every hit's row.
    let sqlite = <DB as sqlx::Database>::NAME == <sqlx::Sqlite as sqlx::Database>::NAME;
    qb.push(" AND (NOT ")
        .push(flag)
        .push(" OR NOT EXISTS (SELECT 1 FROM people p")
        .push(if sqlite { " INDEXED BY people_confidential" } else { "" })
        .push(" WHERE p.id = ")
        .push(column)
        .push(" AND p.confidential");
    if let NeedToKnow::Reader { .. } = reader {
        qb.push(" AND NOT ");
        push_person_circle(qb, reader);
    }
    qb.push("))");
}

/// The need-to-know people (aliased `p`) a reader needs to know, as a
/// condition: registered by them, by their organisation (confirmed
/// supervisors), shared with their organisation, or the person of a
/// restricted case they need to know.
fn push_person_circle<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, reader: NeedToKnow)
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    match reader {
        NeedToKnow::Everyone => {
            qb.push("TRUE");
        }
        NeedToKnow::Nobody => {
            qb.push("FALSE");
        }
        NeedToKnow::Reader { user_id, organisation_id, supervisor } => {
            qb.push("(p.registered_by = ").push_bind(user_id);
            if supervisor {
                qb.push(" OR p.registered_by_organisation = ").push_bind(organisation_id);
            }
            qb.push(" OR p.id IN (SELECT s.person_id FROM person_shares s WHERE s.organisation_id = ")
                .push_bind(organisation_id)
                .push(") OR p.id IN (SELECT c.person_id FROM cases c WHERE c.restricted = TRUE AND ");
            push_case_circle(qb, reader);
            qb.push("))");
        }
    }
}

/// `SELECT` of the need-to-know people the reader may not know.
fn push_hidden_people<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, reader: NeedToKnow)
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    qb.push("SELECT p.id FROM people p WHERE p.confidential = TRUE AND NOT ");
    push_person_circle(qb, reader);
}

/// `SELECT` of the cases the reader may not know of: restricted outside
/// need-to-know, or about a person they may not know.
fn push_hidden_cases<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, reader: NeedToKnow)
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    qb.push("SELECT c.id FROM cases c WHERE (c.restricted = TRUE AND NOT ");
    push_case_circle(qb, reader);
    qb.push(") OR c.person_id IN (");
    push_hidden_people(qb, reader);
    qb.push(")");
}

/// `SELECT` of the restricted early warnings the reader may not know of:
/// all but those she raised or acknowledged and, for a confirmed
/// supervisor, those named to her organisation.
fn push_hidden_warnings<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, reader: NeedToKnow)
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    qb.push("SELECT w.id FROM early_warnings w WHERE w.restricted = TRUE AND NOT ");
    match reader {
        NeedToKnow::Everyone => {
            qb.push("TRUE");
        }
        NeedToKnow::Nobody => {
            qb.push("FALSE");
        }
        NeedToKnow::Reader { user_id, organisation_id, supervisor } => {
            // COALESCE: a column not set yet (NULL) ties nobody.
            qb.push("COALESCE(w.raised_by = ").push_bind(user_id).push(" OR w.acknowledged_by = ").push_bind(user_id);
            if supervisor {
                qb.push(" OR w.partner_id = ").push_bind(organisation_id);
            }
            qb.push(", FALSE)");
        }
    }
}

/// ` AND NOT <the entry aliased-free in audit_log is about what the reader
/// may not know>`: a hidden person, case, referral of a hidden case, visit
/// of a hidden person or at a protective desk elsewhere, or a protective
/// organisation elsewhere beside a person.
pub(crate) fn push_audit_filter<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, reader: &AuditReader)
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let r = reader.need_to_know;
    if r == NeedToKnow::Everyone {
        return;
    }
    let elsewhere = |qb: &mut QueryBuilder<'a, DB>| {
        if reader.protective_elsewhere.is_empty() {
            qb.push("SELECT NULL WHERE FALSE");
        } else {
            qb.push("SELECT o.id FROM organisations o WHERE o.id IN (");
            let mut list = qb.separated(", ");
            for id in &reader.protective_elsewhere {
                list.push_bind(*id);
            }
            qb.push(")");
        }
    };
    qb.push(" AND NOT ((subject_person IS NOT NULL AND subject_person IN (");
    push_hidden_people(qb, r);
    qb.push(")) OR (subject_case IS NOT NULL AND subject_case IN (");
    push_hidden_cases(qb, r);
    qb.push(")) OR (subject_referral IS NOT NULL AND subject_referral IN (SELECT f.id FROM referrals f WHERE f.case_id IN (");
    push_hidden_cases(qb, r);
    qb.push("))) OR (subject_visit IS NOT NULL AND subject_visit IN (SELECT v.id FROM visits v WHERE v.person_id IN (");
    push_hidden_people(qb, r);
    qb.push(") OR v.id IN (SELECT d.visit_id FROM visit_desks d WHERE d.organisation_id IN (");
    elsewhere(qb);
    qb.push(")))) OR (subject_organisation IS NOT NULL AND subject_organisation IN (");
    elsewhere(qb);
    qb.push(")) OR (subject_warning IS NOT NULL AND subject_warning IN (");
    push_hidden_warnings(qb, r);
    qb.push(")))");
}

/// ` AND <the restricted cases aliased `c` the reader needs to know>`.
pub(crate) fn push_known_restricted<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, reader: NeedToKnow)
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    qb.push(" AND c.restricted = TRUE AND ");
    push_case_circle(qb, reader);
}
