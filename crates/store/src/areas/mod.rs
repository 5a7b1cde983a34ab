//! Areas repository.

use async_trait::async_trait;
use satuatap_core::areas::area::{Area, AreaCode, AreaFilter, AreaLevel, AreaMatch};
use satuatap_core::audit::chain::AuditRecord;
use satuatap_core::paging::{Page, PageRequest};
use satuatap_core::repo::AreaRepository;
use satuatap_core::Result;
use sqlx::QueryBuilder;

use crate::audit::append_audit;
use crate::pool::{bind_list, count, db_error, offset, on_pool, stored, Db};
use crate::search::{contains_pattern, prefix_pattern};

#[derive(sqlx::FromRow)]
struct AreaRow {
    code: String,
    parent_code: Option<String>,
    level: i32,
    name: String,
}

impl AreaRow {
    fn into_area(self) -> Result<Area> {
        let code = stored("area code", AreaCode::parse("code", &self.code))?;
        let parent_code = match self.parent_code {
            Some(p) => Some(stored("area parent", AreaCode::parse("parent_code", &p))?),
            None => None,
        };
        let level = stored("area level", AreaLevel::from_rank(i64::from(self.level)).ok_or(self.level))?;
        Ok(Area { code, parent_code, level, name: self.name })
    }
}

#[derive(sqlx::FromRow)]
struct AreaFoundRow {
    #[sqlx(flatten)]
    area: AreaRow,
    p1: Option<String>,
    p2: Option<String>,
    p3: Option<String>,
}

const AREA_COLUMNS: &str = "SELECT code, parent_code, level, name FROM areas";
/// Rows per multi-row INSERT (4 parameters each, well under SQLite's limit).
const BATCH: usize = 1000;

#[async_trait]
impl AreaRepository for Db {
    async fn upsert_areas(&self, areas: &[Area], audit: &AuditRecord) -> Result<u64> {
        on_pool!(&self.writer, |p, DB| {
            let mut tx = p.begin().await.map_err(db_error)?;
            let mut written = 0u64;
            for chunk in areas.chunks(BATCH) {
                let mut qb: QueryBuilder<DB> = QueryBuilder::new("INSERT INTO areas (code, parent_code, level, name) ");
                qb.push_values(chunk, |mut row, a| {
                    row.push_bind(a.code.as_str())
                        .push_bind(a.parent_code.as_ref().map(AreaCode::as_str))
                        .push_bind(a.level.rank() as i32)
                        .push_bind(a.name.as_str());
                });
                qb.push(
                    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
                     parent_code = excluded.parent_code, level = excluded.level",
                );
                written += qb.build().execute(&mut *tx).await.map_err(db_error)?.rows_affected();
            }
            let appended = append_audit!(self.chain, tx, audit).await.map_err(db_error)?;
            tx.commit().await.map_err(db_error)?;
            self.chain.committed(appended).await;
            Ok(written)
        })
    }

    async fn get_area(&self, code: &AreaCode) -> Result<Option<Area>> {
        let sql = format!("{AREA_COLUMNS} WHERE code = $1");
        let row: Option<AreaRow> =
            on_pool!(&self.pool, |p, _DB| sqlx::query_as(&sql).bind(code.as_str()).fetch_optional(p).await)
                .map_err(db_error)?;
        row.map(AreaRow::into_area).transpose()
    }

    async fn get_areas(&self, codes: &[AreaCode]) -> Result<Vec<Area>> {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        // In chunks well under either engine's limit of bound parameters (a
        // national table by village names tens of thousands).
        let mut rows: Vec<AreaRow> = Vec::with_capacity(codes.len());
        for chunk in codes.chunks(1000) {
            rows.extend(
                on_pool!(&self.pool, |p, DB| {
                    let mut qb: QueryBuilder<DB> = QueryBuilder::new(AREA_COLUMNS);
                    qb.push(" WHERE code IN (");
                    bind_list(&mut qb, chunk.iter().map(|c| c.as_str()));
                    qb.push(")");
                    qb.build_query_as::<AreaRow>().fetch_all(p).await
                })
                .map_err(db_error)?,
            );
        }
        let mut areas = rows.into_iter().map(AreaRow::into_area).collect::<Result<Vec<_>>>()?;
        let order: std::collections::HashMap<&str, usize> =
            codes.iter().enumerate().map(|(i, c)| (c.as_str(), i)).rev().collect();
        areas.sort_by_key(|a| order.get(a.code.as_str()).copied());
        Ok(areas)
    }

    async fn list_areas(&self, filter: &AreaFilter, page: PageRequest) -> Result<Page<Area>> {
        let pattern = filter.name.as_deref().filter(|n| !n.trim().is_empty()).map(contains_pattern);
        let (rows, total): (Vec<AreaRow>, i64) = on_pool!(&self.pool, |p, DB| {
            let push_filters = |qb: &mut QueryBuilder<DB>| {
                qb.push(" WHERE 1 = 1");
                if let Some(parent) = &filter.parent {
                    qb.push(" AND parent_code = ").push_bind(parent.as_str().to_string());
                }
                if let Some(level) = filter.level {
                    qb.push(" AND level = ").push_bind(level.rank() as i32);
                }
                if let Some(pattern) = &pattern {
                    qb.push(" AND lower(name) LIKE ").push_bind(pattern.clone()).push(" ESCAPE '\\'");
                }
            };
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(AREA_COLUMNS);
            push_filters(&mut qb);
            qb.push(" ORDER BY code LIMIT ")
                .push_bind(i64::from(page.limit))
                .push(" OFFSET ")
                .push_bind(offset(page.offset));
            let rows = qb.build_query_as().fetch_all(p).await;
            let mut cq: QueryBuilder<DB> = QueryBuilder::new("SELECT COUNT(*) FROM areas");
            push_filters(&mut cq);
            let total = cq.build_query_scalar().fetch_one(p).await;
            rows.and_then(|r| total.map(|t| (r, t)))
        })
        .map_err(db_error)?;
        let items = rows.into_iter().map(AreaRow::into_area).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total: count(total), limit: page.limit, offset: page.offset })
    }

    async fn count_children(&self, code: &AreaCode) -> Result<u64> {
        let n: i64 =
            on_pool!(&self.pool, |p, _DB| sqlx::query_scalar("SELECT COUNT(*) FROM areas WHERE parent_code = $1")
                .bind(code.as_str())
                .fetch_one(p)
                .await)
            .map_err(db_error)?;
        Ok(count(n))
    }

    async fn search_areas(&self, words: &[String], levels: &[AreaLevel], limit: u32) -> Result<Vec<AreaMatch>> {
        let full = words.join(" ");
        let prefix = prefix_pattern(&full);
        let first = words.first().cloned().unwrap_or_default();
        let first_prefix = prefix_pattern(&first);
        let rows: Vec<AreaFoundRow> = on_pool!(&self.pool, |p, DB| {
            let mut qb: QueryBuilder<DB> = QueryBuilder::new(
                "SELECT a.code, a.parent_code, a.level, a.name, p1.name AS p1, p2.name AS p2, p3.name AS p3 \
                 FROM areas a \
                 LEFT JOIN areas p1 ON p1.code = a.parent_code \
                 LEFT JOIN areas p2 ON p2.code = p1.parent_code \
                 LEFT JOIN areas p3 ON p3.code = p2.parent_code \
                 WHERE a.level IN (",
            );
            bind_list(&mut qb, levels.iter().map(|l| l.rank() as i32));
            qb.push(")");
            for w in words {
                qb.push(" AND lower(a.name || ' ' || COALESCE(p1.name, '') || ' ' || COALESCE(p2.name, '')) LIKE ")
                    .push_bind(contains_pattern(w))
                    .push(" ESCAPE '\\'");
            }
            // Exact names first, then names that are the first word, then
            // names starting with the words, then with the first word.
            qb.push(" ORDER BY CASE WHEN lower(a.name) = ")
                .push_bind(full.clone())
                .push(" THEN 0 WHEN lower(a.name) = ")
                .push_bind(first.clone())
                .push(" THEN 1 WHEN lower(a.name) LIKE ")
                .push_bind(prefix.clone())
                .push(" ESCAPE '\\' THEN 2 WHEN lower(a.name) LIKE ")
                .push_bind(first_prefix.clone())
                .push(" ESCAPE '\\' THEN 3 ELSE 4 END, a.level, a.name, a.code LIMIT ")
                .push_bind(i64::from(limit));
            qb.build_query_as().fetch_all(p).await
        })
        .map_err(db_error)?;
        rows.into_iter()
            .map(|r| {
                let within = [r.p1, r.p2, r.p3].into_iter().flatten().collect();
                r.area.into_area().map(|a| AreaMatch::new(a, within))
            })
            .collect()
    }
}
