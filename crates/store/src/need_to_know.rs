//! Need-to-know as SQL: the same rule as `satuatap_core::access`
//! (`Restriction::may_read`, `person_view`), applied before counting and
//! paging so that no total or page betrays a record the reader may not know.

use satuatap_core::access::NeedToKnow;
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
        NeedToKnow::Reader { user_id, organisation_id, supervisor } => {
            qb.push(" AND (p.confidential = FALSE OR p.registered_by = ").push_bind(user_id);
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

/// ` AND <the restricted cases aliased `c` the reader needs to know>`.
pub(crate) fn push_known_restricted<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, reader: NeedToKnow)
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    qb.push(" AND c.restricted = TRUE AND ");
    push_case_circle(qb, reader);
}
