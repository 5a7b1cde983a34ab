//! Villages and community: registrations, notices, early warnings.

mod activities;
mod campaigns;
mod competency;
mod forum;
mod hotline;
mod notices;
mod organising;
mod registrations;
mod warnings;

use satuatap_core::areas::area::AreaCode;
use sqlx::QueryBuilder;

use crate::search::inside_pattern;

/// ` AND (<column> = area OR <column> LIKE 'area.%')`.
pub(crate) fn push_within<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, column: &str, area: &AreaCode)
where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    qb.push(format!(" AND ({column} = "))
        .push_bind(area.as_str().to_string())
        .push(format!(" OR {column} LIKE "))
        .push_bind(inside_pattern(area.as_str()))
        .push(")");
}

/// ` WHERE (…)`: the records an [`ActivityFilter`] reaches — every one, or
/// those within its area or run by its organisation (`area` and
/// `organiser` name the columns).
pub(crate) fn push_reach<'a, DB: sqlx::Database>(
    qb: &mut QueryBuilder<'a, DB>,
    f: &'a satuatap_core::repo::ActivityFilter,
    area: &str,
    organiser: &str,
) where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    uuid::Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    qb.push(" WHERE (");
    if f.all {
        qb.push("1 = 1");
    } else {
        qb.push("1 = 0");
        if let Some(within) = &f.within {
            qb.push(format!(" OR {area} = "))
                .push_bind(within.as_str().to_string())
                .push(format!(" OR {area} LIKE "))
                .push_bind(inside_pattern(within.as_str()));
        }
        if let Some(org) = f.organiser_id {
            qb.push(format!(" OR {organiser} = ")).push_bind(org);
        }
    }
    qb.push(")");
}
