//! Filing people under new blocking keys (see the core's `name_keys`).

use satuatap_core::repo::PersonNames;
use satuatap_core::Result;
use sqlx::QueryBuilder;
use uuid::Uuid;

use crate::pool::{bind_list, db_error, on_pool, Db};

/// Key rows per INSERT (three parameters each, under SQLite's limit).
const ROWS_PER_INSERT: usize = 5000;

pub(crate) async fn version(db: &Db) -> Result<i32> {
    on_pool!(&db.pool, |p, _DB| sqlx::query_scalar("SELECT name_keys_version FROM registry_state").fetch_one(p).await)
        .map_err(db_error)
}

pub(crate) async fn names_after(db: &Db, after: Option<Uuid>, limit: u32) -> Result<Vec<PersonNames>> {
    let rows: Vec<(Uuid, String, String, String)> = on_pool!(&db.pool, |p, DB| {
        let mut qb: QueryBuilder<DB> =
            QueryBuilder::new("SELECT id, district_code, full_name, other_names FROM people WHERE merged_into IS NULL");
        if let Some(after) = after {
            qb.push(" AND id > ").push_bind(after);
        }
        qb.push(" ORDER BY id LIMIT ").push_bind(i64::from(limit));
        qb.build_query_as().fetch_all(p).await
    })
    .map_err(db_error)?;
    rows.into_iter()
        .map(|(id, district_code, full_name, other_names)| {
            let other_names: Vec<String> =
                serde_json::from_str(&other_names).map_err(satuatap_core::Error::internal)?;
            Ok(PersonNames { id, district_code, full_name, other_names })
        })
        .collect()
}

pub(crate) async fn replace(db: &Db, people: &[(Uuid, String, Vec<String>)], version: Option<i32>) -> Result<()> {
    let rows: Vec<(&str, &str, Uuid)> = people
        .iter()
        .flat_map(|(id, district, keys)| keys.iter().map(move |k| (district.as_str(), k.as_str(), *id)))
        .collect();
    on_pool!(&db.writer, |p, DB| async {
        let mut tx = p.begin().await?;
        for chunk in people.chunks(ROWS_PER_INSERT) {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new("DELETE FROM person_name_keys WHERE person_id IN (");
            bind_list(&mut qb, chunk.iter().map(|(id, _, _)| *id));
            qb.push(")");
            qb.build().execute(&mut *tx).await?;
        }
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            // Each key with whether she may be hidden, read from her row.
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(
                "INSERT INTO person_name_keys (district_code, key, person_id, confidential) \
                 SELECT v.column1, v.column2, v.column3, p.confidential FROM (",
            );
            qb.push_values(chunk, |mut row, (district, key, id)| {
                row.push_bind(*district).push_bind(*key).push_bind(*id);
            });
            qb.push(") v JOIN people p ON p.id = v.column3");
            qb.build().execute(&mut *tx).await?;
        }
        if let Some(v) = version {
            sqlx::query("UPDATE registry_state SET name_keys_version = $1").bind(v).execute(&mut *tx).await?;
        }
        tx.commit().await
    }
    .await)
    .map_err(db_error)
}
