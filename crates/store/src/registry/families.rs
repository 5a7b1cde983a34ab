//! Family links and households repository.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::registry::family::{FamilyLink, Household, HouseholdMember, Relationship, Relative};
use satuatap_core::registry::person::Sex;
use satuatap_core::repo::FamilyRepository;
use satuatap_core::Result;
use uuid::Uuid;

use crate::audit::audited;
use crate::pool::{db_error, on_pool, stored, Db};

#[derive(sqlx::FromRow)]
struct RelativeRow {
    person_id: Uuid,
    full_name: String,
    sex: String,
    relationship: String,
    /// True when the link was stored from the relative's side.
    inverse: bool,
}

#[derive(sqlx::FromRow)]
struct HouseholdRow {
    id: Uuid,
    district_code: String,
    village_code: Option<String>,
    address: Option<String>,
    head_id: Option<Uuid>,
    created_by: Option<Uuid>,
    created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: Uuid,
    full_name: String,
    sex: String,
}

#[async_trait]
impl FamilyRepository for Db {
    async fn insert_family_link(&self, l: &FamilyLink, mark_relative: bool, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO family_links (person_id, relative_id, relationship, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(l.person_id)
            .bind(l.relative_id)
            .bind(l.relationship.as_str())
            .bind(l.created_by)
            .bind(l.created_at)
            .execute(&mut *tx)
            .await?;
            if mark_relative {
                sqlx::query("UPDATE people SET stage = 'family_member' WHERE id = $1 AND stage IS NULL")
                    .bind(l.relative_id)
                    .execute(&mut *tx)
                    .await?;
            }
        })
    }

    async fn relatives_of(&self, person_id: Uuid) -> Result<Vec<Relative>> {
        let rows: Vec<RelativeRow> = on_pool!(&self.pool, |p, _DB| sqlx::query_as(
            "SELECT p.id AS person_id, p.full_name, p.sex, f.relationship, FALSE AS inverse \
             FROM family_links f JOIN people p ON p.id = f.relative_id WHERE f.person_id = $1 \
             UNION ALL \
             SELECT p.id AS person_id, p.full_name, p.sex, f.relationship, TRUE AS inverse \
             FROM family_links f JOIN people p ON p.id = f.person_id WHERE f.relative_id = $1 \
             ORDER BY full_name"
        )
        .bind(person_id)
        .fetch_all(p)
        .await)
        .map_err(db_error)?;
        rows.into_iter()
            .map(|r| {
                let stored_as = stored("relationship", r.relationship.parse::<Relationship>())?;
                Ok(Relative {
                    person_id: r.person_id,
                    full_name: r.full_name,
                    sex: stored("sex", r.sex.parse::<Sex>())?,
                    relationship: if r.inverse { stored_as.inverse() } else { stored_as },
                })
            })
            .collect()
    }

    async fn insert_household(&self, h: &Household, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO households (id, district_code, village_code, address, head_id, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(h.id)
            .bind(h.district_code.as_str())
            .bind(h.village_code.as_ref().map(AreaCode::as_str))
            .bind(&h.address)
            .bind(h.head_id)
            .bind(h.created_by)
            .bind(h.created_at)
            .execute(&mut *tx)
            .await?;
            for m in &h.members {
                sqlx::query("UPDATE people SET household_id = $1 WHERE id = $2")
                    .bind(h.id)
                    .bind(m.person_id)
                    .execute(&mut *tx)
                    .await?;
            }
        })
    }

    async fn add_household_member(&self, household_id: Uuid, person_id: Uuid, audit: &AuditRecord) -> Result<()> {
        audited!(self, audit, |tx| {
            sqlx::query("UPDATE people SET household_id = $1 WHERE id = $2")
                .bind(household_id)
                .bind(person_id)
                .execute(&mut *tx)
                .await?;
        })
    }

    async fn get_household(&self, id: Uuid) -> Result<Option<Household>> {
        let found: Option<(HouseholdRow, Vec<MemberRow>)> = on_pool!(&self.pool, |p, _DB| {
            let row: Option<HouseholdRow> = match sqlx::query_as(
                "SELECT id, district_code, village_code, address, head_id, created_by, created_at \
                 FROM households WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(p)
            .await
            {
                Ok(r) => r,
                Err(e) => return Err(db_error(e)),
            };
            match row {
                None => Ok(None),
                Some(row) => sqlx::query_as(
                    "SELECT id, full_name, sex FROM people WHERE household_id = $1 AND merged_into IS NULL \
                     ORDER BY full_name",
                )
                .bind(id)
                .fetch_all(p)
                .await
                .map(|m| Some((row, m)))
                .map_err(db_error),
            }
        })?;
        let Some((row, members)) = found else { return Ok(None) };
        let members = members
            .into_iter()
            .map(|m| {
                Ok(HouseholdMember {
                    person_id: m.id,
                    full_name: m.full_name,
                    sex: stored("sex", m.sex.parse::<Sex>())?,
                    head: row.head_id == Some(m.id),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(Household {
            id: row.id,
            district_code: stored("district", AreaCode::parse("district_code", &row.district_code))?,
            village_code: row
                .village_code
                .map(|c| stored("village", AreaCode::parse("village_code", &c)))
                .transpose()?,
            address: row.address,
            head_id: row.head_id,
            members,
            created_by: row.created_by,
            created_at: row.created_at,
        }))
    }
}
