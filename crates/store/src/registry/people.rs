//! People repository.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use satuatap_core::access::{NeedToKnow, PersonTies};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::registry::episode::MigrationStage;
use satuatap_core::registry::matching::{HitSource, MatchHit};
use satuatap_core::registry::person::{Education, MaritalStatus, Person, Sex};
use satuatap_core::repo::{PersonFilter, PersonLabel, PersonNames, PersonRepository};
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::access::{push_known_restricted, push_person_filter, push_person_known_flagged};
use crate::audit::audited;
use crate::pool::{bind_list, count, db_error, offset, on_pool, stored, Db, Pool};
use crate::search::inside_pattern;

/// Without a district, a reader's people are those they (or their
/// organisation) registered: name lookups go through the person index.
fn push_owner_subset<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, filter: &PersonFilter)
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    if filter.district.is_some() {
        return;
    }
    if let Some(user) = filter.registered_by {
        qb.push(" AND person_id IN (SELECT id FROM people WHERE registered_by = ").push_bind(user).push(")");
    } else if let Some(org) = filter.registered_by_organisation {
        qb.push(" AND person_id IN (SELECT id FROM people WHERE registered_by_organisation = ")
            .push_bind(org)
            .push(")");
    }
}

/// The conditions of a list of people (`p`): not merged, the name parts,
/// the NIK or phone (only where the details are the reader's to see), the
/// area, stage and sex, the reader's scope and need-to-know.
fn push_people_filters<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, filter: &PersonFilter)
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    qb.push(" WHERE p.merged_into IS NULL");
    // Each name part as a prefix range on the district's part of
    // the token index, intersected before any person is read.
    if !filter.name_tokens.is_empty() {
        // On PostgreSQL the ids as an array first: with the need-to-know
        // conditions, an IN made it hash the ids and read every person in
        // parallel (200 ms per search for a common name at a million
        // people, seconds under load), where looking up the few thousand
        // ids by primary key takes 20.
        let postgres = <DB as sqlx::Database>::NAME == <sqlx::Postgres as sqlx::Database>::NAME;
        qb.push(if postgres { " AND p.id = ANY(ARRAY(" } else { " AND p.id IN (" });
        for (i, token) in filter.name_tokens.iter().enumerate() {
            if i > 0 {
                qb.push(" INTERSECT ");
            }
            qb.push("SELECT person_id FROM person_name_tokens WHERE ");
            if let Some(d) = &filter.district {
                qb.push("district_code = ").push_bind(d.as_str().to_string()).push(" AND ");
            }
            qb.push("token >= ").push_bind(token.clone()).push(" AND token < ").push_bind(prefix_end(token));
            push_owner_subset(qb, filter);
        }
        qb.push(if postgres { "))" } else { ")" });
    }
    if let (Some(org), true) = (filter.details_of, filter.nik.is_some() || filter.phone.is_some()) {
        qb.push(" AND (p.registered_by_organisation = ")
            .push_bind(org)
            .push(" OR p.id IN (SELECT s.person_id FROM person_shares s WHERE s.organisation_id = ")
            .push_bind(org)
            .push("))");
    }
    if let Some(nik) = &filter.nik {
        qb.push(" AND p.nik = ").push_bind(nik.clone());
    }
    if let Some(phone) = &filter.phone {
        qb.push(" AND (p.phone = ")
            .push_bind(phone.clone())
            .push(" OR p.id IN (SELECT person_id FROM person_phones WHERE phone = ")
            .push_bind(phone.clone())
            .push("))");
    }
    if let Some(area) = &filter.within {
        qb.push(" AND (p.village_code = ")
            .push_bind(area.as_str().to_string())
            .push(" OR p.village_code LIKE ")
            .push_bind(inside_pattern(area.as_str()))
            .push(")");
    }
    if let Some(stage) = filter.stage {
        qb.push(" AND p.stage = ").push_bind(stage.as_str());
    }
    if let Some(sex) = filter.sex {
        qb.push(" AND p.sex = ").push_bind(sex.as_str());
    }
    // With name parts, the district is enforced by the token index
    // above; naming it here too would lead both planners to walk
    // the whole district in name order instead.
    push_scope(qb, filter, filter.name_tokens.is_empty());
    push_person_filter(qb, filter.need_to_know);
}

/// The reader's scope over people (`p`): their district (when
/// `district`), organisation or own registrations.
fn push_scope<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, filter: &PersonFilter, district: bool)
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    if let (Some(d), true) = (&filter.district, district) {
        qb.push(" AND p.district_code = ").push_bind(d.as_str().to_string());
    }
    if let Some(org) = filter.registered_by_organisation {
        qb.push(" AND p.registered_by_organisation = ").push_bind(org);
    }
    if let Some(user) = filter.registered_by {
        qb.push(" AND p.registered_by = ").push_bind(user);
    }
}

/// The people of the duplicate match found by NIK (source -1) and phone
/// (-2), within need-to-know, as `SELECT`s joined by `UNION ALL`; whether
/// none was pushed. Not within the reader's scope: with the district
/// named, PostgreSQL's generic plan walked the district's people instead
/// of the phone's index (a registration every 10 ms at a few thousand
/// people); the scope is applied to the few people found
/// (`match_people`), and the core's shortlist keeps them apart from the
/// namesakes' cap.
fn push_id_hits<'a, DB: sqlx::Database>(
    qb: &mut QueryBuilder<'a, DB>,
    nik: Option<&str>,
    phones: &[String],
    filter: &PersonFilter,
) -> bool
where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let mut first = true;
    let mut union = |qb: &mut QueryBuilder<'a, DB>| {
        if !std::mem::replace(&mut first, false) {
            qb.push(" UNION ALL ");
        }
    };
    if let Some(nik) = nik {
        union(qb);
        qb.push("SELECT -1 AS s, p.id AS h FROM people p WHERE p.nik = ").push_bind(nik.to_string());
        push_person_filter(qb, filter.need_to_know);
    }
    for phone in phones {
        union(qb);
        qb.push("SELECT -2 AS s, p.id AS h FROM people p WHERE p.phone = ").push_bind(phone.clone());
        push_person_filter(qb, filter.need_to_know);
        qb.push(
            " UNION ALL SELECT -2, p.id FROM person_phones ph JOIN people p ON p.id = ph.person_id WHERE ph.phone = ",
        )
        .push_bind(phone.clone());
        push_person_filter(qb, filter.need_to_know);
    }
    first
}

/// The rest of one key's lookup after `... FROM person_name_keys nk WHERE `:
/// the key (`key` pushes it), the reader's district or own people and
/// need-to-know, the newest `per_key`.
fn push_key_hits<'a, DB: sqlx::Database>(
    qb: &mut QueryBuilder<'a, DB>,
    filter: &PersonFilter,
    per_key: u32,
    key: impl FnOnce(&mut QueryBuilder<'a, DB>),
) where
    Uuid: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    if let Some(d) = &filter.district {
        qb.push("nk.district_code = ").push_bind(d.as_str().to_string()).push(" AND ");
    }
    qb.push("nk.key = ");
    key(qb);
    push_owner_subset(qb, filter);
    push_person_known_flagged(qb, "nk.person_id", "nk.confidential", filter.need_to_know);
    qb.push(" ORDER BY nk.person_id DESC LIMIT ").push_bind(i64::from(per_key));
}

/// One hit of the match as SQLite gives it: `source hex-id`.
fn parse_hit(hit: &str) -> std::result::Result<(i32, Uuid), sqlx::Error> {
    let bad = || sqlx::Error::Protocol(format!("bad match hit {hit:?}"));
    let (source, id) = hit.split_once(' ').ok_or_else(bad)?;
    Ok((source.parse().map_err(|_| bad())?, Uuid::try_parse(id).map_err(|_| bad())?))
}

/// The first string after every string that starts with `prefix`.
fn prefix_end(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    match chars.pop() {
        Some(last) => {
            chars.push(char::from_u32(u32::from(last) + 1).unwrap_or(char::MAX));
            chars.into_iter().collect()
        }
        None => char::MAX.to_string(),
    }
}

/// Inserts the name tokens and blocking keys of a person through `$tx`.
macro_rules! insert_names {
    ($tx:ident, $person:expr, $tokens:expr, $keys:expr) => {
        let person: &Person = $person;
        // One statement per table: a name has a score of keys. The keys
        // carry whether she may be hidden (the match's need-to-know check).
        for (table, column, values) in [
            ("person_name_tokens", "token, person_id", $tokens),
            ("person_name_keys", "key, person_id, confidential", $keys),
        ] {
            let values: &[String] = values;
            if !values.is_empty() {
                let mut qb = sqlx::QueryBuilder::new(format!("INSERT INTO {table} (district_code, {column}) "));
                qb.push_values(values, |mut row, value| {
                    row.push_bind(person.district_code.as_str()).push_bind(value.as_str()).push_bind(person.id);
                    if table == "person_name_keys" {
                        row.push_bind(person.confidential);
                    }
                });
                qb.build().execute(&mut *$tx).await?;
            }
        }
    };
}

#[derive(sqlx::FromRow, serde::Deserialize)]
struct PersonRow {
    id: Uuid,
    full_name: String,
    other_names: String,
    sex: String,
    birth_date: Option<NaiveDate>,
    estimated_age: Option<i32>,
    nik: Option<String>,
    phone: Option<String>,
    other_phones: String,
    village_code: Option<String>,
    address: Option<String>,
    marital_status: Option<String>,
    education: Option<String>,
    disability: Option<String>,
    note: Option<String>,
    district_code: String,
    registered_by_organisation: Uuid,
    registered_by: Option<Uuid>,
    stage: Option<String>,
    household_id: Option<Uuid>,
    merged_into: Option<Uuid>,
    confidential: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<PersonRow> for Person {
    type Error = satuatap_core::Error;
    fn try_from(r: PersonRow) -> Result<Self> {
        Ok(Person {
            id: r.id,
            full_name: r.full_name,
            other_names: stored("other names", serde_json::from_str(&r.other_names))?,
            sex: stored("sex", r.sex.parse::<Sex>())?,
            birth_date: r.birth_date,
            estimated_age: r.estimated_age,
            nik: r.nik,
            phone: r.phone,
            other_phones: stored("other phones", serde_json::from_str(&r.other_phones))?,
            village_code: r.village_code.map(|c| stored("village", AreaCode::parse("village_code", &c))).transpose()?,
            address: r.address,
            marital_status: r
                .marital_status
                .map(|m| stored("marital status", m.parse::<MaritalStatus>()))
                .transpose()?,
            education: r.education.map(|e| stored("education", e.parse::<Education>())).transpose()?,
            disability: r.disability,
            note: r.note,
            district_code: stored("district", AreaCode::parse("district_code", &r.district_code))?,
            registered_by_organisation: r.registered_by_organisation,
            registered_by: r.registered_by,
            stage: r.stage.map(|s| stored("stage", s.parse::<MigrationStage>())).transpose()?,
            household_id: r.household_id,
            merged_into: r.merged_into,
            confidential: r.confidential,
            withheld: false,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

const SELECT: &str =
    "SELECT p.id, p.full_name, p.other_names, p.sex, p.birth_date, p.estimated_age, p.nik, p.phone, p.other_phones, \
     p.village_code, p.address, p.marital_status, p.education, p.disability, p.note, p.district_code, \
     p.registered_by_organisation, p.registered_by, p.stage, p.household_id, p.merged_into, p.confidential, \
     p.created_at, p.updated_at FROM people p";

/// The rows of [`SELECT`] as one JSON array, each person an object of the
/// same names (SQLite; ids as hex, read back by [`PersonRow`]'s serde): the
/// driver hands each row over from its worker thread on its own, and the
/// forty candidates of every duplicate match were a large part of a
/// registration's cost (see `match_hits` for the same on the keys).
const SELECT_JSON: &str = "SELECT json_group_array(json_object('id', hex(p.id), 'full_name', p.full_name, \
     'other_names', p.other_names, 'sex', p.sex, 'birth_date', p.birth_date, 'estimated_age', p.estimated_age, \
     'nik', p.nik, 'phone', p.phone, 'other_phones', p.other_phones, 'village_code', p.village_code, \
     'address', p.address, 'marital_status', p.marital_status, 'education', p.education, \
     'disability', p.disability, 'note', p.note, 'district_code', p.district_code, \
     'registered_by_organisation', hex(p.registered_by_organisation), \
     'registered_by', nullif(hex(p.registered_by), ''), 'stage', p.stage, \
     'household_id', nullif(hex(p.household_id), ''), 'merged_into', nullif(hex(p.merged_into), ''), \
     'confidential', json(iif(p.confidential, 'true', 'false')), 'created_at', p.created_at, \
     'updated_at', p.updated_at)) FROM people p";

#[async_trait]
impl PersonRepository for Db {
    async fn insert_person(&self, p: &Person, tokens: &[String], keys: &[String], audit: &AuditRecord) -> Result<()> {
        let other_names = serde_json::to_string(&p.other_names).map_err(satuatap_core::Error::internal)?;
        let other_phones = serde_json::to_string(&p.other_phones).map_err(satuatap_core::Error::internal)?;
        audited!(self, audit, |tx| {
            sqlx::query(
                "INSERT INTO people (id, full_name, other_names, sex, birth_date, estimated_age, nik, phone, village_code, \
                 address, marital_status, education, disability, note, district_code, registered_by_organisation, \
                 registered_by, stage, household_id, created_at, updated_at, other_phones, confidential) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
                 $23)",
            )
            .bind(p.id)
            .bind(&p.full_name)
            .bind(&other_names)
            .bind(p.sex.as_str())
            .bind(p.birth_date)
            .bind(p.estimated_age)
            .bind(&p.nik)
            .bind(&p.phone)
            .bind(p.village_code.as_ref().map(AreaCode::as_str))
            .bind(&p.address)
            .bind(p.marital_status.map(MaritalStatus::as_str))
            .bind(p.education.map(Education::as_str))
            .bind(&p.disability)
            .bind(&p.note)
            .bind(p.district_code.as_str())
            .bind(p.registered_by_organisation)
            .bind(p.registered_by)
            .bind(p.stage.map(MigrationStage::as_str))
            .bind(p.household_id)
            .bind(p.created_at)
            .bind(p.updated_at)
            .bind(&other_phones)
            .bind(p.confidential)
            .execute(&mut *tx)
            .await?;
            insert_names!(tx, p, tokens, keys);
            for phone in &p.other_phones {
                sqlx::query("INSERT INTO person_phones (phone, person_id) VALUES ($1, $2)")
                    .bind(phone)
                    .bind(p.id)
                    .execute(&mut *tx)
                    .await?;
            }
        })
    }

    async fn merge_people(
        &self,
        s: &Person,
        duplicate_id: Uuid,
        tokens: &[String],
        keys: &[String],
        shares: &[Uuid],
        audit: &AuditRecord,
    ) -> Result<()> {
        let other_names = serde_json::to_string(&s.other_names).map_err(satuatap_core::Error::internal)?;
        let other_phones = serde_json::to_string(&s.other_phones).map_err(satuatap_core::Error::internal)?;
        audited!(self, audit, |tx| {
            sqlx::query(
                "UPDATE people SET other_names = $1, birth_date = $2, estimated_age = $3, nik = $4, phone = $5, \
                 village_code = $6, address = $7, marital_status = $8, education = $9, disability = $10, note = $11, \
                 stage = $12, household_id = $13, updated_at = $14, other_phones = $16 WHERE id = $15",
            )
            .bind(&other_names)
            .bind(s.birth_date)
            .bind(s.estimated_age)
            .bind(&s.nik)
            .bind(&s.phone)
            .bind(s.village_code.as_ref().map(AreaCode::as_str))
            .bind(&s.address)
            .bind(s.marital_status.map(MaritalStatus::as_str))
            .bind(s.education.map(Education::as_str))
            .bind(&s.disability)
            .bind(&s.note)
            .bind(s.stage.map(MigrationStage::as_str))
            .bind(s.household_id)
            .bind(s.updated_at)
            .bind(s.id)
            .bind(&other_phones)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE people SET merged_into = $1, updated_at = $2 WHERE id = $3 OR merged_into = $3")
                .bind(s.id)
                .bind(s.updated_at)
                .bind(duplicate_id)
                .execute(&mut *tx)
                .await?;
            for statement in MOVED_WITH_PERSON {
                sqlx::query(statement).bind(s.id).bind(duplicate_id).execute(&mut *tx).await?;
            }
            // The sharing in force, from the merged consent history.
            for id in [s.id, duplicate_id] {
                sqlx::query("DELETE FROM person_shares WHERE person_id = $1").bind(id).execute(&mut *tx).await?;
            }
            for org in shares {
                sqlx::query("INSERT INTO person_shares (person_id, organisation_id) VALUES ($1, $2)")
                    .bind(s.id)
                    .bind(org)
                    .execute(&mut *tx)
                    .await?;
            }
            for id in [s.id, duplicate_id] {
                sqlx::query("DELETE FROM person_name_tokens WHERE person_id = $1").bind(id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM person_name_keys WHERE person_id = $1").bind(id).execute(&mut *tx).await?;
            }
            insert_names!(tx, s, tokens, keys);
            for id in [s.id, duplicate_id] {
                sqlx::query("DELETE FROM person_phones WHERE person_id = $1").bind(id).execute(&mut *tx).await?;
            }
            for phone in &s.other_phones {
                sqlx::query("INSERT INTO person_phones (phone, person_id) VALUES ($1, $2)")
                    .bind(phone)
                    .bind(s.id)
                    .execute(&mut *tx)
                    .await?;
            }
        })
    }

    async fn merged_into(&self, id: Uuid) -> Result<Vec<Person>> {
        let sql = format!("{SELECT} WHERE p.merged_into = $1 ORDER BY p.created_at");
        let rows: Vec<PersonRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_all(p).await).map_err(db_error)?;
        rows.into_iter().map(Person::try_from).collect()
    }

    async fn get_person(&self, id: Uuid) -> Result<Option<Person>> {
        let sql = format!("{SELECT} WHERE p.id = $1");
        let row: Option<PersonRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(id).fetch_optional(p).await).map_err(db_error)?;
        row.map(Person::try_from).transpose()
    }

    async fn person_labels(&self, ids: &[Uuid]) -> Result<Vec<PersonLabel>> {
        type LabelRow = (Uuid, String, String, Option<String>, Uuid, Option<Uuid>, bool);
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(1000) {
            let rows: Vec<LabelRow> = on_pool!(&self.pool, |p, DB| {
                let mut qb: QueryBuilder<DB> = QueryBuilder::new(
                    "SELECT id, full_name, district_code, village_code, registered_by_organisation, registered_by, \
                     confidential FROM people WHERE id IN (",
                );
                bind_list(&mut qb, chunk.iter().copied());
                qb.push(")");
                qb.build_query_as().fetch_all(p).await
            })
            .map_err(db_error)?;
            for (id, full_name, district, village, registered_by_organisation, registered_by, confidential) in rows {
                out.push(PersonLabel {
                    id,
                    full_name,
                    district_code: stored("district", AreaCode::parse("district_code", &district))?,
                    village_code: village
                        .map(|v| stored("village", AreaCode::parse("village_code", &v)))
                        .transpose()?,
                    registered_by_organisation,
                    registered_by,
                    confidential,
                });
            }
        }
        Ok(out)
    }

    async fn person_ties(
        &self,
        ids: &[Uuid],
        user_id: Uuid,
        organisation_id: Uuid,
        supervisor: bool,
    ) -> Result<HashMap<Uuid, PersonTies>> {
        let mut ties: HashMap<Uuid, PersonTies> = HashMap::new();
        let reader = NeedToKnow::Reader { user_id, organisation_id, supervisor };
        for chunk in ids.chunks(1000) {
            let (shared, cases): (Vec<Uuid>, Vec<Uuid>) = on_pool!(&self.pool, |p, DB| async {
                let mut qb: QueryBuilder<DB> =
                    QueryBuilder::new("SELECT person_id FROM person_shares WHERE organisation_id = ");
                qb.push_bind(organisation_id).push(" AND person_id IN (");
                bind_list(&mut qb, chunk.iter().copied());
                qb.push(")");
                let shared: Vec<Uuid> = qb.build_query_scalar().fetch_all(p).await?;
                let mut qb: QueryBuilder<DB> =
                    QueryBuilder::new("SELECT DISTINCT c.person_id FROM cases c WHERE c.person_id IN (");
                bind_list(&mut qb, chunk.iter().copied());
                qb.push(")");
                push_known_restricted(&mut qb, reader);
                let cases: Vec<Uuid> = qb.build_query_scalar().fetch_all(p).await?;
                Ok::<_, sqlx::Error>((shared, cases))
            }
            .await)
            .map_err(db_error)?;
            for id in shared {
                ties.entry(id).or_default().shared_with_organisation = true;
            }
            for id in cases {
                ties.entry(id).or_default().restricted_case = true;
            }
        }
        Ok(ties)
    }

    async fn match_hits(
        &self,
        nik: Option<&str>,
        phones: &[String],
        keys: &[String],
        filter: &PersonFilter,
        per_key: u32,
    ) -> Result<Vec<MatchHit>> {
        if nik.is_none() && phones.is_empty() && keys.is_empty() {
            return Ok(Vec::new());
        }
        // Each source by its own index, told apart by a number: -1 the NIK,
        // -2 a phone, 0.. the key at that index. Only people the reader
        // may know and has in scope: a hidden namesake must not take a
        // known person's place under a key's limit or the shortlist's cap
        // (the answer would change with her being there).
        let rows: Vec<(i32, Uuid)> = match &self.pool {
            // On SQLite the hits come back as one text (`source hex-id`,
            // comma-separated): the driver hands each row over from its
            // worker thread on its own, and a thousand rows a match made
            // thread switching a large part of a registration's cost.
            Pool::Sqlite(p) => async {
                let mut qb: QueryBuilder<sqlx::Sqlite> =
                    QueryBuilder::new("SELECT group_concat(s || ' ' || hex(h), ',') FROM (");
                let mut first = push_id_hits(&mut qb, nik, phones, filter);
                // The newest people of each key (in the reader's district when
                // scoped): a common name cannot make the hits grow with the registry.
                for (i, k) in keys.iter().enumerate() {
                    if !std::mem::replace(&mut first, false) {
                        qb.push(" UNION ALL ");
                    }
                    qb.push("SELECT ")
                        .push_bind(i32::try_from(i).unwrap_or(i32::MAX))
                        .push(" AS s, person_id AS h FROM (SELECT nk.person_id FROM person_name_keys nk WHERE ");
                    push_key_hits(&mut qb, filter, per_key, |qb| {
                        qb.push_bind(k.clone());
                    });
                    qb.push(format!(") k{i}"));
                }
                qb.push(")");
                let joined: Option<String> = qb.build_query_scalar().fetch_one(p).await?;
                joined.as_deref().unwrap_or("").split(',').filter(|h| !h.is_empty()).map(parse_hit).collect()
            }
            .await,
            // On PostgreSQL the keys as one array, each looked up by a
            // lateral subquery: the same statement whatever the number of
            // keys, prepared once, where a union of thirty subqueries was
            // planned anew at every match (about a millisecond each).
            Pool::Postgres(p) => async {
                let mut qb: QueryBuilder<sqlx::Postgres> = QueryBuilder::new("");
                let first = push_id_hits(&mut qb, nik, phones, filter);
                if !keys.is_empty() {
                    if !first {
                        qb.push(" UNION ALL ");
                    }
                    qb.push("SELECT (k.i - 1)::int4 AS s, x.person_id AS h FROM unnest(")
                        .push_bind(keys.to_vec())
                        .push("::text[]) WITH ORDINALITY AS k(key, i) CROSS JOIN LATERAL (SELECT nk.person_id FROM person_name_keys nk WHERE ");
                    push_key_hits(&mut qb, filter, per_key, |qb| {
                        qb.push("k.key");
                    });
                    qb.push(") x");
                }
                qb.build_query_as().fetch_all(p).await
            }
            .await,
        }
        .map_err(db_error)?;
        Ok(rows
            .into_iter()
            .map(|(source, person_id)| MatchHit {
                source: match source {
                    -1 => HitSource::Nik,
                    -2 => HitSource::Phone,
                    k => HitSource::Key(usize::try_from(k).unwrap_or(usize::MAX)),
                },
                person_id,
            })
            .collect())
    }

    async fn name_keys_version(&self) -> Result<i32> {
        crate::registry::name_keys::version(self).await
    }

    async fn names_after(&self, after: Option<Uuid>, limit: u32) -> Result<Vec<PersonNames>> {
        crate::registry::name_keys::names_after(self, after, limit).await
    }

    async fn replace_name_keys(&self, people: &[(Uuid, String, Vec<String>)], version: Option<i32>) -> Result<()> {
        crate::registry::name_keys::replace(self, people, version).await
    }

    async fn match_people(&self, ids: &[Uuid], filter: &PersonFilter) -> Result<Vec<Person>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // By primary key only: with the scope's columns in the query,
        // SQLite without statistics read the district's index instead (a
        // second per match at a million people). The scope is applied to
        // the few rows below.
        let rows: Vec<PersonRow> = match &self.pool {
            Pool::Sqlite(p) => {
                let mut qb: QueryBuilder<sqlx::Sqlite> = QueryBuilder::new(SELECT_JSON);
                qb.push(" WHERE p.id IN (");
                bind_list(&mut qb, ids.iter().copied());
                qb.push(") AND p.merged_into IS NULL");
                push_person_filter(&mut qb, filter.need_to_know);
                qb.build_query_scalar::<String>()
                    .fetch_one(p)
                    .await
                    .and_then(|json| serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e))))
            }
            // The ids as one array: one statement for any number of them,
            // prepared once (a list of binds was a new statement, parsed
            // and planned, for each length).
            Pool::Postgres(p) => {
                let mut qb: QueryBuilder<sqlx::Postgres> = QueryBuilder::new(SELECT);
                qb.push(" WHERE p.id = ANY(").push_bind(ids.to_vec()).push(") AND p.merged_into IS NULL");
                push_person_filter(&mut qb, filter.need_to_know);
                qb.build_query_as().fetch_all(p).await
            }
        }
        .map_err(db_error)?;
        let people = rows.into_iter().map(Person::try_from).collect::<Result<Vec<_>>>()?;
        Ok(people
            .into_iter()
            .filter(|p| filter.district.as_ref().is_none_or(|d| &p.district_code == d))
            .filter(|p| filter.registered_by_organisation.is_none_or(|o| p.registered_by_organisation == o))
            .filter(|p| filter.registered_by.is_none_or(|u| p.registered_by == Some(u)))
            .collect())
    }

    async fn list_people(&self, filter: &PersonFilter, page: PageRequest) -> Result<Page<Person>> {
        let (rows, total): (Vec<PersonRow>, i64) = on_pool!(&self.pool, |p, DB| {
            let push_filters = |qb: &mut QueryBuilder<DB>| push_people_filters(qb, filter);
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SELECT);
            push_filters(&mut qb);
            qb.push(" ORDER BY p.full_name, p.id LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let rows = qb.build_query_as().fetch_all(p).await;
            let mut cq: QueryBuilder<DB> = QueryBuilder::new("SELECT COUNT(*) FROM people p");
            push_filters(&mut cq);
            let total = cq.build_query_scalar().fetch_one(p).await;
            rows.and_then(|r| total.map(|t| (r, t)))
        })
        .map_err(db_error)?;
        let items = rows.into_iter().map(Person::try_from).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total: count(total), limit: page.limit, offset: page.offset })
    }

    async fn people_after(
        &self,
        filter: &PersonFilter,
        after: Option<&(String, Uuid)>,
        limit: u32,
    ) -> Result<Vec<Person>> {
        let rows: Vec<PersonRow> = on_pool!(&self.pool, |p, DB| {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(SELECT);
            push_people_filters(&mut qb, filter);
            // By name as the list is, along the district's name index.
            if let Some((name, id)) = after {
                qb.push(" AND (p.full_name > ")
                    .push_bind(name.clone())
                    .push(" OR (p.full_name = ")
                    .push_bind(name.clone())
                    .push(" AND p.id > ")
                    .push_bind(*id)
                    .push("))");
            }
            qb.push(" ORDER BY p.full_name, p.id LIMIT ").push_bind(i64::from(limit));
            qb.build_query_as().fetch_all(p).await
        })
        .map_err(db_error)?;
        rows.into_iter().map(Person::try_from).collect()
    }
}

/// What follows a person merged into another (`$1` the survivor, `$2` the
/// duplicate). Family links between the two, or that the survivor already
/// has, are dropped before the rest move.
const MOVED_WITH_PERSON: [&str; 7] = [
    "UPDATE migration_episodes SET person_id = $1 WHERE person_id = $2",
    "UPDATE consents SET person_id = $1 WHERE person_id = $2",
    "UPDATE visits SET person_id = $1 WHERE person_id = $2",
    "DELETE FROM family_links WHERE (person_id = $1 AND relative_id = $2) OR (person_id = $2 AND relative_id = $1) \
     OR (person_id = $2 AND relative_id IN (SELECT f.relative_id FROM family_links f WHERE f.person_id = $1)) \
     OR (relative_id = $2 AND person_id IN (SELECT f.person_id FROM family_links f WHERE f.relative_id = $1))",
    "UPDATE family_links SET person_id = $1 WHERE person_id = $2 AND relative_id <> $1",
    "UPDATE family_links SET relative_id = $1 WHERE relative_id = $2 AND person_id <> $1",
    "UPDATE households SET head_id = $1 WHERE head_id = $2",
];
