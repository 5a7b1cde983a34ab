//! Bulk import of people (from a file, or the synthetic generator): rows
//! are checked in batches, then written in one transaction, so that nothing
//! is stored when any row is refused (unless bad rows are skipped).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::access::{AuthCheck, Ctx, Permission};
use crate::app::App;
use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::error::{Error, FieldError, Result};
use crate::organisations::organisation::{OrgKind, Organisation};
use crate::registry::episode::{Episode, MigrationStage, NewEpisode};
use crate::registry::people::{blocking_keys, name_tokens};
use crate::registry::person::{NewPerson, Person};
use crate::repo::{ImportRecord, ImportSession, Store};

/// One row of an import: a person, and optionally their current stage and
/// one migration episode.
#[derive(Debug, Clone, Default)]
pub struct ImportRow {
    /// Where the row came from (a line number), for error messages.
    pub line: u64,
    pub person: NewPerson,
    /// The person's stage; `family_member` records no episode.
    pub stage: Option<String>,
    pub episode: Option<NewEpisode>,
    /// Errors found while reading the row (e.g. a malformed cost list).
    pub read_errors: Vec<FieldError>,
}

/// The problems of one refused row.
#[derive(Debug, Clone)]
pub struct RowError {
    pub line: u64,
    pub errors: Vec<FieldError>,
}

/// What an import wrote.
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    pub people: u64,
    pub episodes: u64,
}

/// Checks and writes rows for one registering organisation.
pub struct Importer<'a> {
    app: &'a App,
    ctx: Ctx,
    organisation: Organisation,
    today: NaiveDate,
    villages: HashMap<String, bool>,
    agencies: HashMap<String, Option<Uuid>>,
    niks: HashSet<String>,
    writer: ImportWriter,
}

/// Writes checked records in the import's one transaction. It owns what it
/// needs, so that it can write a batch (e.g. on its own task) while the
/// importer checks the next one.
pub struct ImportWriter {
    store: Arc<dyn Store>,
    ctx: Ctx,
    organisation_code: String,
    session: Option<Box<dyn ImportSession>>,
    summary: ImportSummary,
}

impl App {
    /// An importer registering people on behalf of `organisation_code`.
    pub async fn importer(&self, ctx: &Ctx, organisation_code: &str) -> Result<Importer<'_>> {
        let organisation = self
            .store
            .get_organisation_by_code(&organisation_code.trim().to_ascii_uppercase())
            .await?
            .ok_or_else(|| Error::invalid("organisation_code", "unknown_organisation"))?;
        AuthCheck::new(Permission::PeopleWrite)
            .in_area(&organisation.area_code)
            .in_organisation(organisation.id)
            .check(&ctx.actor)?;
        let writer = ImportWriter {
            store: self.store.clone(),
            ctx: ctx.clone(),
            organisation_code: organisation.code.clone(),
            session: None,
            summary: ImportSummary::default(),
        };
        Ok(Importer {
            app: self,
            ctx: ctx.clone(),
            organisation,
            today: Utc::now().date_naive(),
            villages: HashMap::new(),
            agencies: HashMap::new(),
            niks: HashSet::new(),
            writer,
        })
    }
}

impl Importer<'_> {
    /// Checks a batch: the records ready to write, and the refused rows.
    /// A NIK already registered, or seen earlier in the import, is refused.
    pub async fn check(&mut self, rows: Vec<ImportRow>) -> Result<(Vec<ImportRecord>, Vec<RowError>)> {
        let mut records = Vec::with_capacity(rows.len());
        let mut refused = Vec::new();
        let mut checked = Vec::with_capacity(rows.len());
        for row in rows {
            match self.check_row(row).await? {
                Ok(r) => checked.push(r),
                Err(e) => refused.push(e),
            }
        }
        let niks: Vec<String> = checked.iter().filter_map(|(_, r)| r.person.nik.clone()).collect();
        let registered: HashSet<String> = self.app.store.registered_niks(&niks).await?.into_iter().collect();
        for (line, record) in checked {
            if let Some(nik) = &record.person.nik {
                let code = if registered.contains(nik) {
                    Some("nik_registered")
                } else if !self.niks.insert(nik.clone()) {
                    Some("nik_repeated")
                } else {
                    None
                };
                if let Some(code) = code {
                    refused.push(RowError { line, errors: vec![FieldError::new("nik", code)] });
                    continue;
                }
            }
            records.push(record);
        }
        refused.sort_by_key(|e| e.line);
        Ok((records, refused))
    }

    async fn check_row(&mut self, row: ImportRow) -> Result<std::result::Result<(u64, ImportRecord), RowError>> {
        let line = row.line;
        let mut errors = row.read_errors;
        let person = match row.person.validate(self.today) {
            Ok(p) => Some(p),
            Err(Error::Invalid(e)) => {
                errors.extend(e);
                None
            }
            Err(e) => return Err(e),
        };
        let stage = match row.stage.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => match MigrationStage::parse("stage", s) {
                Ok(s) => Some(s),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
        };
        let episode = match (&row.episode, stage) {
            (Some(_), Some(MigrationStage::FamilyMember)) => {
                errors.push(FieldError::new("stage", "not_an_episode"));
                None
            }
            (Some(e), _) => match e.validate(self.today) {
                Ok(v) => Some(v),
                Err(Error::Invalid(e)) => {
                    errors.extend(e);
                    None
                }
                Err(e) => return Err(e),
            },
            (None, _) => None,
        };
        if let Some(v) = person.as_ref().and_then(|p| p.village_code.as_ref()) {
            if !self.village_exists(v).await? {
                errors.push(FieldError::new("village_code", "unknown_area").with("value", v.as_str()));
            }
        }
        let agency = match episode.as_ref().and_then(|e| e.placement_agency_code.as_ref()) {
            None => None,
            Some(code) => match self.agency(code.as_str()).await? {
                Some(id) => Some(id),
                None => {
                    errors.push(FieldError::new("placement_agency_code", "unknown_organisation"));
                    None
                }
            },
        };
        let (Some(valid), true) = (person, errors.is_empty()) else {
            return Ok(Err(RowError { line, errors }));
        };
        let district: AreaCode = valid
            .village_code
            .as_ref()
            .and_then(AreaCode::regency)
            .or_else(|| self.organisation.area_code.regency())
            .unwrap_or_else(|| self.organisation.area_code.clone());
        let mut person = Person::registered(valid, district, self.organisation.id, self.ctx.actor.user_id());
        let episode = episode.map(|e| Episode::new(person.id, e, agency, self.ctx.actor.user_id()));
        person.stage = episode.as_ref().map(|e| e.stage).or(stage);
        let tokens = name_tokens(&person.full_name, &person.other_names);
        let keys = blocking_keys(&person.full_name, &person.other_names);
        Ok(Ok((line, ImportRecord { person, tokens, keys, episode })))
    }

    async fn village_exists(&mut self, code: &AreaCode) -> Result<bool> {
        if let Some(known) = self.villages.get(code.as_str()) {
            return Ok(*known);
        }
        let exists = self.app.store.get_area(code).await?.is_some();
        self.villages.insert(code.as_str().to_string(), exists);
        Ok(exists)
    }

    async fn agency(&mut self, code: &str) -> Result<Option<Uuid>> {
        if let Some(known) = self.agencies.get(code) {
            return Ok(*known);
        }
        let id = self
            .app
            .store
            .get_organisation_by_code(code)
            .await?
            .filter(|o| o.kind == OrgKind::PlacementAgency)
            .map(|o| o.id);
        self.agencies.insert(code.to_string(), id);
        Ok(id)
    }

    /// Writes checked records (in the import's one transaction).
    pub async fn write(&mut self, records: Vec<ImportRecord>) -> Result<()> {
        self.writer.write(records).await
    }

    /// Commits everything written (see [`ImportWriter::commit`]).
    pub async fn commit(self, source: &str) -> Result<ImportSummary> {
        self.writer.commit(source).await
    }

    /// Parts that work at the same time: the importer keeps checking while
    /// the writer writes. The importer's own `write` must not be used then.
    pub fn split_writer(&mut self) -> ImportWriter {
        ImportWriter {
            store: self.writer.store.clone(),
            ctx: self.writer.ctx.clone(),
            organisation_code: self.writer.organisation_code.clone(),
            session: self.writer.session.take(),
            summary: std::mem::take(&mut self.writer.summary),
        }
    }
}

impl ImportWriter {
    /// Writes checked records (in the import's one transaction).
    pub async fn write(&mut self, records: Vec<ImportRecord>) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let session = match &mut self.session {
            Some(s) => s,
            None => self.session.insert(self.store.begin_import().await?),
        };
        let people = records.len() as u64;
        let episodes = records.iter().filter(|r| r.episode.is_some()).count() as u64;
        session.insert_batch(records).await?;
        self.summary.people += people;
        self.summary.episodes += episodes;
        Ok(())
    }

    /// Commits everything written, with one audit entry for the import
    /// (counts only: no personal data). Dropping the writer instead rolls
    /// the import back.
    pub async fn commit(self, source: &str) -> Result<ImportSummary> {
        let Some(session) = self.session else { return Ok(self.summary) };
        let audit = AuditRecord::new(
            &self.ctx,
            AuditAction::Import,
            AuditEntity::Person,
            None,
            json!({
                "source": source,
                "organisation": self.organisation_code,
                "people": self.summary.people,
                "episodes": self.summary.episodes,
            }),
        );
        session.commit(&audit).await?;
        Ok(self.summary)
    }
}
