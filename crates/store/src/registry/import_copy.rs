//! Bulk import on PostgreSQL: `COPY … FROM STDIN`, several times faster
//! than multi-row INSERTs for a million people.

use std::sync::Arc;

use satuatap_core::areas::area::AreaCode;
use satuatap_core::money::Country;
use satuatap_core::registry::episode::Sector;
use satuatap_core::registry::person::{Education, MaritalStatus};
use satuatap_core::repo::ImportRecord;
use sqlx::PgConnection;

use crate::pg_copy::{copy, NameRows, Rows};

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
    for (d, t, id) in sorted_names(records, |r| &r.tokens) {
        tokens.push(d, t, id);
    }
    // Imported people are never need-to-know (`people.confidential` keeps
    // its default): their keys say so (migration 0060).
    for (d, k, id) in sorted_names(records, |r| &r.keys) {
        keys.push_flagged(d, k, id, false);
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
        keys.copy(
            names,
            "COPY person_name_keys (district_code, key, person_id, confidential) FROM STDIN (FORMAT binary)",
        )
        .await
    };
    let (written, keyed) = tokio::join!(people_and_episodes, search_keys);
    written.and(keyed)
}

/// (district, name, person) rows of the records' names (tokens, keys or
/// phones), sorted as the name tables' primary keys: the order in which
/// the import writes them on either engine.
pub(crate) fn sorted_names(
    records: &[ImportRecord],
    pick: fn(&ImportRecord) -> &Vec<String>,
) -> Vec<(&str, &str, uuid::Uuid)> {
    let mut rows: Vec<(&str, &str, uuid::Uuid)> = records
        .iter()
        .flat_map(|r| pick(r).iter().map(move |t| (r.person.district_code.as_str(), t.as_str(), r.person.id)))
        .collect();
    rows.sort_unstable();
    rows
}
