//! Bulk import on PostgreSQL: `COPY … FROM STDIN`, several times faster
//! than multi-row INSERTs for a million people.

use std::fmt::Display;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::cases::case::{ClosureReason, PerpetratorRelationship};
use satuatap_core::money::Country;
use satuatap_core::registry::episode::Sector;
use satuatap_core::registry::person::{Education, MaritalStatus};
use satuatap_core::repo::{CaseImportRecord, ImportRecord};
use sqlx::PgConnection;

use crate::cases::import::CaseTexts;

/// Rows in COPY's text format: tab-separated, `\N` for NULL.
#[derive(Default)]
struct Rows {
    buf: String,
    /// Values written in the current row.
    col: usize,
}

impl Rows {
    fn sep(&mut self) {
        if self.col > 0 {
            self.buf.push('\t');
        }
        self.col += 1;
    }

    fn text(&mut self, v: Option<&str>) -> &mut Self {
        self.sep();
        match v {
            None => self.buf.push_str("\\N"),
            Some(s) => {
                for c in s.chars() {
                    match c {
                        '\\' => self.buf.push_str("\\\\"),
                        '\n' => self.buf.push_str("\\n"),
                        '\r' => self.buf.push_str("\\r"),
                        '\t' => self.buf.push_str("\\t"),
                        c => self.buf.push(c),
                    }
                }
            }
        }
        self
    }

    fn value<T: Display>(&mut self, v: Option<T>) -> &mut Self {
        self.sep();
        match v {
            None => self.buf.push_str("\\N"),
            Some(v) => self.buf.push_str(&v.to_string()),
        }
        self
    }

    fn end(&mut self) {
        self.buf.push('\n');
        self.col = 0;
    }
}

/// Name rows (district, name, person) in COPY's binary format: the
/// server parses no text for them (millions of rows in a large import).
#[derive(Default)]
struct NameRows {
    buf: Vec<u8>,
}

impl NameRows {
    fn field(&mut self, bytes: &[u8]) {
        // A field longer than i32::MAX cannot come from a name.
        self.buf.extend_from_slice(&i32::try_from(bytes.len()).unwrap_or(i32::MAX).to_be_bytes());
        self.buf.extend_from_slice(bytes);
    }

    fn push(&mut self, district: &str, name: &str, person: uuid::Uuid) {
        if self.buf.is_empty() {
            // Signature, flags, header extension length.
            self.buf.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
            self.buf.extend_from_slice(&[0; 8]);
        }
        self.buf.extend_from_slice(&3i16.to_be_bytes());
        self.field(district.as_bytes());
        self.field(name.as_bytes());
        self.field(person.as_bytes());
    }

    async fn copy(mut self, conn: &mut PgConnection, statement: &str) -> Result<(), sqlx::Error> {
        if self.buf.is_empty() {
            return Ok(());
        }
        self.buf.extend_from_slice(&(-1i16).to_be_bytes());
        let mut copy = conn.copy_in_raw(statement).await?;
        copy.send(self.buf).await?;
        copy.finish().await?;
        Ok(())
    }
}

async fn copy(conn: &mut PgConnection, statement: &str, rows: Rows) -> Result<(), sqlx::Error> {
    if rows.buf.is_empty() {
        return Ok(());
    }
    let mut copy = conn.copy_in_raw(statement).await?;
    copy.send(rows.buf.into_bytes()).await?;
    copy.finish().await?;
    Ok(())
}

/// The people rows and their other phones.
fn people_rows(records: &[ImportRecord]) -> (Rows, Rows) {
    let mut people = Rows::default();
    let mut phones = Rows::default();
    for r in records {
        let p = &r.person;
        let other_names = serde_json::to_string(&p.other_names).unwrap_or_else(|_| "[]".into());
        let other_phones = serde_json::to_string(&p.other_phones).unwrap_or_else(|_| "[]".into());
        people
            .value(Some(p.id))
            .text(Some(&p.full_name))
            .text(Some(&other_names))
            .text(Some(p.sex.as_str()))
            .value(p.birth_date)
            .value(p.estimated_age)
            .text(p.nik.as_deref())
            .text(p.phone.as_deref())
            .text(p.village_code.as_ref().map(AreaCode::as_str))
            .text(p.address.as_deref())
            .text(p.marital_status.map(MaritalStatus::as_str))
            .text(p.education.map(Education::as_str))
            .text(p.disability.as_deref())
            .text(p.note.as_deref())
            .text(Some(p.district_code.as_str()))
            .value(Some(p.registered_by_organisation))
            .value(p.registered_by)
            .text(p.stage.map(|s| s.as_str()))
            .value(p.household_id)
            .value(Some(p.created_at.to_rfc3339()))
            .value(Some(p.updated_at.to_rfc3339()))
            .text(Some(&other_phones))
            .end();
        for ph in &p.other_phones {
            phones.text(Some(ph)).value(Some(p.id)).end();
        }
    }
    (people, phones)
}

/// The name tokens and the blocking keys, each in the order of its table's
/// primary key (the index takes them page by page).
fn name_rows(records: &[ImportRecord]) -> (NameRows, NameRows) {
    let mut tokens = NameRows::default();
    let mut keys = NameRows::default();
    for (d, t, id) in crate::registry::import::sorted_names(records, |r| &r.tokens) {
        tokens.push(d, t, id);
    }
    for (d, k, id) in crate::registry::import::sorted_names(records, |r| &r.keys) {
        keys.push(d, k, id);
    }
    (tokens, keys)
}

/// The migration episodes and their recruitment costs.
fn episode_rows(records: &[ImportRecord]) -> (Rows, Rows) {
    let mut episodes = Rows::default();
    let mut costs = Rows::default();
    for e in records.iter().filter_map(|r| r.episode.as_ref()) {
        let ids = serde_json::to_string(&e.external_ids).unwrap_or_else(|_| "[]".into());
        episodes
            .value(Some(e.id))
            .value(Some(e.person_id))
            .text(Some(e.stage.as_str()))
            .text(e.destination.as_ref().map(Country::as_str))
            .text(e.sector.map(Sector::as_str))
            .text(e.occupation.as_deref())
            .text(e.employer.as_deref())
            .value(e.placement_agency_id)
            .value(e.departure_date)
            .value(e.return_date)
            .value(e.documented)
            .text(Some(&ids))
            .value(e.first_month_earnings.as_ref().map(|m| m.amount.hundredths()))
            .text(e.first_month_earnings.as_ref().map(|m| m.currency.as_str()))
            .text(e.note.as_deref())
            .value(e.recorded_by)
            .value(Some(e.created_at.to_rfc3339()))
            .end();
        for (i, c) in e.recruitment_costs.iter().enumerate() {
            costs
                .value(Some(e.id))
                .value(Some(i))
                .text(Some(c.item.as_str()))
                .value(Some(c.amount.hundredths()))
                .text(Some(c.currency.as_str()))
                .value(c.date)
                .end();
        }
    }
    (episodes, costs)
}

/// Encodes the rows of `records[range]` on a thread of their own (the
/// encoding of one table overlaps the server's work on another).
fn encode<T: Send + 'static>(
    records: &Arc<Vec<ImportRecord>>,
    range: std::ops::Range<usize>,
    rows: fn(&[ImportRecord]) -> T,
) -> tokio::task::JoinHandle<T> {
    let records = Arc::clone(records);
    tokio::task::spawn_blocking(move || rows(records.get(range).unwrap_or_default()))
}

/// People encoded per part of this many: the server takes the first part
/// while the others are encoded.
const PEOPLE_PART: usize = 2500;

fn joined(e: tokio::task::JoinError) -> sqlx::Error {
    sqlx::Error::Protocol(format!("import encoder stopped: {e}"))
}

/// Copies the people, phones, episodes and costs through `main`, and at the
/// same time their name tokens and keys through `names`, a transaction on a
/// second connection: two server processes share the work.
pub(crate) async fn copy_records(
    main: &mut PgConnection,
    names: &mut PgConnection,
    records: Vec<ImportRecord>,
) -> Result<(), sqlx::Error> {
    let records = Arc::new(records);
    let all = 0..records.len();
    let people: Vec<_> = all
        .clone()
        .step_by(PEOPLE_PART)
        .map(|start| encode(&records, start..(start + PEOPLE_PART).min(all.end), people_rows))
        .collect();
    let name_rows = encode(&records, all.clone(), name_rows);
    let episodes = encode(&records, all, episode_rows);
    let people_and_episodes = async {
        let mut copy_people = main
            .copy_in_raw(
                "COPY people (id, full_name, other_names, sex, birth_date, estimated_age, nik, phone, village_code, \
                 address, marital_status, education, disability, note, district_code, registered_by_organisation, \
                 registered_by, stage, household_id, created_at, updated_at, other_phones) FROM STDIN",
            )
            .await?;
        let mut phones = Rows::default();
        for part in people {
            let (rows, part_phones) = part.await.map_err(joined)?;
            copy_people.send(rows.buf.into_bytes()).await?;
            phones.buf.push_str(&part_phones.buf);
        }
        copy_people.finish().await?;
        copy(main, "COPY person_phones (phone, person_id) FROM STDIN", phones).await?;
        let (episodes, costs) = episodes.await.map_err(joined)?;
        copy(
            main,
            "COPY migration_episodes (id, person_id, stage, destination, sector, occupation, employer, \
             placement_agency_id, departure_date, return_date, documented, external_ids, earnings_hundredths, \
             earnings_currency, note, recorded_by, created_at) FROM STDIN",
            episodes,
        )
        .await?;
        copy(
            main,
            "COPY recruitment_costs (episode_id, position, item, hundredths, currency, paid_on) FROM STDIN",
            costs,
        )
        .await
    };
    let search_keys = async {
        let (tokens, keys) = name_rows.await.map_err(joined)?;
        tokens
            .copy(names, "COPY person_name_tokens (district_code, token, person_id) FROM STDIN (FORMAT binary)")
            .await?;
        keys.copy(names, "COPY person_name_keys (district_code, key, person_id) FROM STDIN (FORMAT binary)").await
    };
    let (written, keyed) = tokio::join!(people_and_episodes, search_keys);
    written.and(keyed)
}

/// Copies imported cases with their need-to-know records, users, tasks,
/// approvals, incidents and consents (`texts`: the JSON lists of each case).
pub(crate) async fn copy_cases(
    conn: &mut PgConnection,
    records: &[CaseImportRecord],
    texts: &[CaseTexts],
) -> Result<(), sqlx::Error> {
    let stamp = |t: DateTime<Utc>| t.to_rfc3339();
    let mut cases = Rows::default();
    let mut restricted = Rows::default();
    let mut assignees = Rows::default();
    let mut need_to_know = Rows::default();
    let mut tasks = Rows::default();
    let mut approvals = Rows::default();
    let mut incidents = Rows::default();
    let mut consents = Rows::default();
    for (r, t) in records.iter().zip(texts) {
        let c = &r.case;
        cases
            .value(Some(c.id))
            .value(Some(c.person_id))
            .text(Some(c.kind.as_str()))
            .text(Some(c.status.as_str()))
            .text(Some(c.stage.as_str()))
            .text(Some(c.risk.as_str()))
            .value(Some(c.owner_id))
            .value(Some(c.organisation_id))
            .text(Some(c.district_code.as_str()))
            .value(Some(c.restricted))
            .text(Some(&t.needs))
            .text(Some(&t.labour))
            .text(Some(&t.indicators))
            .text(Some(&t.dimensions))
            .value(Some(stamp(c.opened_at)))
            .value(Some(stamp(c.first_action_due)))
            .value(c.first_action_at.map(stamp))
            .value(c.closed_at.map(stamp))
            .text(c.closure_reason.map(ClosureReason::as_str))
            .text(c.outcome.as_deref())
            .value(c.pending_approval)
            .value(Some(stamp(c.updated_at)))
            .end();
        if c.restricted {
            restricted
                .text(Some("case"))
                .text(Some(&c.id.to_string()))
                .value(Some(c.owner_id))
                .value(Some(c.organisation_id))
                .value(Some(stamp(c.opened_at)))
                .end();
        }
        for u in &c.assigned {
            assignees.value(Some(c.id)).value(Some(*u)).end();
            if c.restricted {
                need_to_know.text(Some("case")).text(Some(&c.id.to_string())).value(Some(*u)).end();
            }
        }
        for k in &r.tasks {
            tasks
                .value(Some(k.id))
                .value(Some(k.case_id))
                .text(Some(&k.what))
                .value(Some(k.assignee_id))
                .value(k.due)
                .value(k.done_at.map(stamp))
                .value(k.created_by)
                .value(Some(stamp(k.created_at)))
                .end();
        }
        if let Some(a) = &r.approval {
            approvals
                .value(Some(a.id))
                .value(Some(a.case_id))
                .text(Some(a.kind.as_str()))
                .text(Some(a.status.as_str()))
                .text(a.closure_reason.map(ClosureReason::as_str))
                .text(a.outcome.as_deref())
                .value(Some(a.requested_by))
                .value(Some(stamp(a.requested_at)))
                .value(a.decided_by)
                .value(a.decided_at.map(stamp))
                .text(a.comment.as_deref())
                .end();
        }
        if let Some(i) = &r.incident {
            let answers = serde_json::to_string(&i.answers).unwrap_or_else(|_| "{}".into());
            let contexts = serde_json::to_string(&i.contexts).unwrap_or_else(|_| "[]".into());
            incidents
                .value(Some(i.case_id))
                .text(Some(&answers))
                .text(Some(i.gbv_type.as_str()))
                .text(Some(&contexts))
                .value(Some(i.incident_date))
                .value(Some(i.first_report_date))
                .text(Some(i.reporting_delay.as_str()))
                .text(i.perpetrator_relationship.map(PerpetratorRelationship::as_str))
                .value(Some(i.reporting_consent))
                .text(None)
                .value(Some(stamp(i.updated_at)))
                .end();
        }
        if let Some(k) = &r.consent {
            consents
                .value(Some(k.id))
                .value(Some(k.person_id))
                .text(Some(k.purpose.as_str()))
                .text(Some(k.status.as_str()))
                .text(Some(k.method.as_str()))
                .value(Some(k.date))
                .value(k.organisation_id)
                .text(k.note.as_deref())
                .value(k.recorded_by)
                .value(k.recorded_by_organisation)
                .value(Some(stamp(k.created_at)))
                .end();
        }
    }
    copy(
        conn,
        "COPY cases (id, person_id, kind, status, stage, risk, owner_id, organisation_id, district_code, restricted, \
         needs, labour_categories, forced_labour_indicators, trafficking_dimensions, opened_at, first_action_due, \
         first_action_at, closed_at, closure_reason, outcome, pending_approval, updated_at) FROM STDIN",
        cases,
    )
    .await?;
    copy(
        conn,
        "COPY restricted_records (entity, entity_id, owner_id, organisation_id, created_at) FROM STDIN",
        restricted,
    )
    .await?;
    copy(conn, "COPY case_assignees (case_id, user_id) FROM STDIN", assignees).await?;
    copy(conn, "COPY restricted_record_assignees (entity, entity_id, user_id) FROM STDIN", need_to_know).await?;
    copy(
        conn,
        "COPY case_tasks (id, case_id, what, assignee_id, due, done_at, created_by, created_at) FROM STDIN",
        tasks,
    )
    .await?;
    copy(
        conn,
        "COPY case_approvals (id, case_id, kind, status, closure_reason, outcome, requested_by, requested_at, \
         decided_by, decided_at, comment) FROM STDIN",
        approvals,
    )
    .await?;
    copy(
        conn,
        "COPY case_incidents (case_id, answers, gbv_type, contexts, incident_date, first_report_date, \
         reporting_delay, perpetrator_relationship, reporting_consent, sealed_narrative, updated_at) FROM STDIN",
        incidents,
    )
    .await?;
    copy(
        conn,
        "COPY consents (id, person_id, purpose, status, method, date, organisation_id, note, recorded_by, \
         recorded_by_organisation, created_at) FROM STDIN",
        consents,
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_format_escapes_and_nulls() {
        let mut rows = Rows::default();
        rows.text(Some("")).text(Some("a\tb\\c\nd")).value(None::<i32>).value(Some(7)).end();
        rows.text(None).end();
        assert_eq!(rows.buf, "\ta\\tb\\\\c\\nd\t\\N\t7\n\\N\n");
    }
}
