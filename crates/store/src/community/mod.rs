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
