//! The import of an area list (Kemendagri codes), all rows or none.

use std::collections::HashSet;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::areas::area::{Area, AreaCode};
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, FieldError, Result};
use crate::text::Name;

/// One row of an area list to import, as read from a file.
#[derive(Debug, Clone)]
pub struct AreaRow {
    /// Where the row came from (file and line), for error messages.
    pub origin: String,
    pub code: String,
    pub parent_code: Option<String>,
    pub name: String,
}

/// Why an import row was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub origin: String,
    pub error: FieldError,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    pub rows: u64,
    pub written: u64,
}

impl App {
    /// Validates every row (code shape, parent implied by the code, parent
    /// present in the file or the database, name) and writes nothing unless
    /// all rows are valid. Rows are written parents first.
    pub async fn import_areas(&self, ctx: &Ctx, rows: Vec<AreaRow>) -> Result<ImportSummary, Vec<RowError>> {
        let refuse = |e: Error| vec![RowError { origin: "access".into(), error: FieldError::new("actor", e.code()) }];
        AuthCheck::new(Permission::DirectoryManage).check(&ctx.actor).map_err(refuse)?;
        let mut errors = Vec::new();
        let mut areas = Vec::with_capacity(rows.len());
        let mut seen: HashSet<String> = HashSet::with_capacity(rows.len());
        for row in &rows {
            let fail = |error: FieldError| RowError { origin: row.origin.clone(), error };
            let code = match AreaCode::parse("code", &row.code) {
                Ok(c) => c,
                Err(e) => {
                    errors.push(fail(e));
                    continue;
                }
            };
            let parent = code.parent();
            if let Some(given) = row.parent_code.as_deref().map(str::trim) {
                if parent.as_ref().map(AreaCode::as_str) != Some(given) {
                    errors.push(fail(FieldError::new("parent_code", "parent_mismatch").with("value", given)));
                    continue;
                }
            }
            let name = match Name::parse("name", &row.name) {
                Ok(n) => n,
                Err(e) => {
                    errors.push(fail(e));
                    continue;
                }
            };
            if !seen.insert(code.as_str().to_string()) {
                errors.push(fail(FieldError::new("code", "duplicate_code").with("value", &code)));
                continue;
            }
            let level = code.level();
            areas.push((row.origin.clone(), Area { code, name: name.into_inner(), level, parent_code: parent }));
        }
        // Parents that are neither in the file nor in the database.
        let missing: Vec<AreaCode> = areas
            .iter()
            .filter_map(|(_, a)| a.parent_code.clone())
            .filter(|p| !seen.contains(p.as_str()))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !missing.is_empty() {
            let found: HashSet<String> = match self.store.get_areas(&missing).await {
                Ok(found) => found.into_iter().map(|a| a.code.as_str().to_string()).collect(),
                Err(e) => {
                    return Err(vec![RowError {
                        origin: "database".into(),
                        error: FieldError::new("database", "internal").with("detail", e),
                    }])
                }
            };
            for (origin, area) in &areas {
                if let Some(p) = &area.parent_code {
                    if !seen.contains(p.as_str()) && !found.contains(p.as_str()) {
                        errors.push(RowError {
                            origin: origin.clone(),
                            error: FieldError::new("parent_code", "unknown_area").with("value", p),
                        });
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut areas: Vec<Area> = areas.into_iter().map(|(_, a)| a).collect();
        areas.sort_by_key(|a| (a.level, a.code.clone()));
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Import,
            AuditEntity::Area,
            None,
            serde_json::json!({ "rows": areas.len() }),
        );
        let written = self.store.upsert_areas(&areas, &audit).await.map_err(|e| {
            vec![RowError {
                origin: "database".into(),
                error: FieldError::new("database", "internal").with("detail", e),
            }]
        })?;
        Ok(ImportSummary { rows: rows.len() as u64, written })
    }
}
