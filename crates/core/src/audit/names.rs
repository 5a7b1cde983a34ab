//! The audit log as people read it: who acted and what the entry is about
//! by name, and its details as fields and values, looked up in one batch
//! per kind of record for a whole page. Names follow the reader's own rules
//! (a person's name only where the reader may read her, a case only where
//! the reader may read it); anything else is shown by its kind and a short
//! reference. These lookups are not reads of the records: they write no
//! audit entry (the entries themselves are already within need-to-know).

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use crate::access::{Ctx, Permission};
use crate::app::App;
use crate::audit::chain::AuditEntry;
use crate::audit::AuditEntity;
use crate::cases::read_rule::may_read;
use crate::cases::record::CaseFilter;
use crate::error::Result;
use crate::paging::{Page, PageRequest};
use crate::repo::{AuditFilter, AuditNameIds};

/// A record an entry names, as far as the reader may know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordLabel {
    pub entity: AuditEntity,
    /// The record's id, for its page (`open`).
    pub id: String,
    /// A short reference (the id's last 8 characters), shown when no name may be.
    pub short: String,
    /// Its name where the reader may see it (a person's name, a user's
    /// display name, an organisation's or a service's name, a code).
    pub name: Option<String>,
    /// A code that qualifies it (a case's kind), labelled by the page.
    pub kind: Option<String>,
    /// The reader may open its page.
    pub open: bool,
}

/// Who acted: the account's display name and username.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorLabel {
    pub name: String,
    pub username: String,
}

/// One field of an entry's details, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailValue {
    /// Text or a code, as written.
    Text(String),
    Flag(bool),
    Number(String),
    /// A record, by name where the reader may see it.
    Record(RecordLabel),
    /// Field names (the fields a change touched).
    Fields(Vec<String>),
    /// How many records a list names (their ids are not shown).
    Count(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditDetail {
    pub field: String,
    pub value: DetailValue,
}

/// One entry of the audit log, named for its reader.
#[derive(Debug, Clone)]
pub struct AuditLine {
    pub entry: AuditEntry,
    pub actor: Option<ActorLabel>,
    /// What the entry is about (none: no record, e.g. an import).
    pub record: Option<RecordLabel>,
    pub details: Vec<AuditDetail>,
}

/// Which kind of record a field of the details names.
fn field_entity(field: &str) -> Option<AuditEntity> {
    Some(match field {
        "person_id" | "relative_id" | "duplicate_id" | "head_id" => AuditEntity::Person,
        "case_id" => AuditEntity::Case,
        "referral_id" => AuditEntity::Referral,
        "organisation_id" | "to_organisation_id" | "to" => AuditEntity::Organisation,
        "user" | "owner" => AuditEntity::User,
        "service_id" => AuditEntity::Service,
        "office_id" => AuditEntity::Office,
        _ => return None,
    })
}

/// The record an entry is about: its entity and id (a session's id is its user's).
fn entry_record(e: &AuditEntry) -> Option<(AuditEntity, String)> {
    let entity = e.entity.parse::<AuditEntity>().ok()?;
    let id = e.entity_id.clone()?;
    Some(match entity {
        AuditEntity::Session => (AuditEntity::User, id),
        other => (other, id),
    })
}

/// The last 8 characters of an id: the random end of a UUIDv7 (its first
/// characters are a time shared by every record made in the same minute).
fn short(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    chars[chars.len().saturating_sub(8)..].iter().collect()
}

/// What may be shown of a record: its name, a code qualifying it, whether
/// the reader may open its page.
type Known = (Option<String>, Option<String>, bool);

/// The records of one page, by kind, with what the reader may see of them.
#[derive(Default)]
struct Names {
    wanted: HashMap<AuditEntity, HashSet<Uuid>>,
    /// (kind, id) → name, kind code, may open.
    found: HashMap<(AuditEntity, Uuid), Known>,
    users: HashMap<Uuid, ActorLabel>,
}

impl Names {
    fn want(&mut self, entity: AuditEntity, id: &str) {
        if let Ok(id) = Uuid::parse_str(id) {
            self.wanted.entry(entity).or_default().insert(id);
        }
    }

    fn ids(&self, entity: AuditEntity) -> Vec<Uuid> {
        self.wanted.get(&entity).map(|s| s.iter().copied().collect()).unwrap_or_default()
    }

    fn label(&self, entity: AuditEntity, id: &str) -> RecordLabel {
        let (name, kind, open) = match Uuid::parse_str(id) {
            Ok(uuid) => self.found.get(&(entity, uuid)).cloned().unwrap_or((None, None, false)),
            // Not an id: a code (a role, an area), shown as it is.
            Err(_) => (Some(id.to_string()), None, false),
        };
        RecordLabel { entity, id: id.to_string(), short: short(id), name, kind, open }
    }

    fn details(&self, details: &serde_json::Value) -> Vec<AuditDetail> {
        let Some(map) = details.as_object() else {
            return Vec::new();
        };
        map.iter()
            .filter_map(|(field, v)| {
                let value = match v {
                    serde_json::Value::Null => return None,
                    serde_json::Value::Bool(b) => DetailValue::Flag(*b),
                    serde_json::Value::Number(n) => DetailValue::Number(n.to_string()),
                    serde_json::Value::String(s) => match field_entity(field) {
                        Some(entity) if Uuid::parse_str(s).is_ok() => DetailValue::Record(self.label(entity, s)),
                        // Another id (a task, a note): a short reference.
                        _ if Uuid::parse_str(s).is_ok() => DetailValue::Text(format!("#{}", short(s))),
                        _ => DetailValue::Text(s.clone()),
                    },
                    serde_json::Value::Array(a) if field == "fields" => {
                        DetailValue::Fields(a.iter().filter_map(|f| f.as_str().map(str::to_string)).collect())
                    }
                    serde_json::Value::Array(a) => DetailValue::Count(a.len()),
                    serde_json::Value::Object(o) => DetailValue::Count(o.len()),
                };
                Some(AuditDetail { field: field.clone(), value })
            })
            .collect()
    }
}

impl App {
    /// [`App::audit_log`], named for its reader: the actor's name, the
    /// record's name where the reader may see it, the details as fields.
    pub async fn audit_lines(&self, ctx: &Ctx, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditLine>> {
        let entries = self.audit_log(ctx, filter, page).await?;
        let mut names = Names::default();
        for e in &entries.items {
            if let Some(actor) = e.actor_id {
                names.want(AuditEntity::User, &actor.to_string());
            }
            if let Some((entity, id)) = entry_record(e) {
                names.want(entity, &id);
            }
            if let Some(map) = e.details.as_object() {
                for (field, v) in map {
                    if let (Some(entity), Some(s)) = (field_entity(field), v.as_str()) {
                        names.want(entity, s);
                    }
                }
            }
        }
        self.find_names(ctx, &mut names).await?;
        let Page { items, total, limit, offset } = entries;
        let items = items
            .into_iter()
            .map(|entry| {
                let actor = entry.actor_id.and_then(|a| names.users.get(&a).cloned());
                let record = entry_record(&entry).map(|(entity, id)| names.label(entity, &id));
                let details = names.details(&entry.details);
                AuditLine { entry, actor, record, details }
            })
            .collect();
        Ok(Page { items, total, limit, offset })
    }

    /// Looks up, once per kind, the names of the records of a page, within
    /// what the reader may see.
    async fn find_names(&self, ctx: &Ctx, names: &mut Names) -> Result<()> {
        let actor = &ctx.actor;
        // People: only the names the reader may read (no audit entry: the
        // page shows the log, not the people).
        let people = names.ids(AuditEntity::Person);
        if !people.is_empty() && actor.scope_of(Permission::PeopleRead).is_some() {
            let (seen, _) = self.names_seen(ctx, &people).await?;
            for (id, name) in seen {
                names.found.insert((AuditEntity::Person, id), (Some(name), None, true));
            }
        }
        let rows = self
            .store
            .audit_names(&AuditNameIds {
                users: names.ids(AuditEntity::User),
                offices: names.ids(AuditEntity::Office),
                services: names.ids(AuditEntity::Service),
                referrals: names.ids(AuditEntity::Referral),
            })
            .await?;
        // Cases, and the cases of the referrals: kind and page only where
        // the reader may read the case.
        let mut cases = names.ids(AuditEntity::Case);
        cases.extend(rows.referrals.iter().map(|r| r.1));
        cases.sort_unstable();
        cases.dedup();
        let mut readable = HashSet::new();
        if !cases.is_empty() {
            let filter = CaseFilter {
                ids: Some(cases.clone()),
                need_to_know: crate::access::NeedToKnow::of(actor),
                ..Default::default()
            };
            let limit = u32::try_from(cases.len()).unwrap_or(u32::MAX);
            let found = self.store.list_cases(&filter, PageRequest::first(limit)).await?;
            for c in found.items.iter().filter(|c| may_read(actor, c)) {
                readable.insert(c.id);
                names.found.insert((AuditEntity::Case, c.id), (None, Some(c.kind.as_str().to_string()), true));
            }
        }
        let manages_referrals = actor.scope_of(Permission::ReferralsManage).is_some();
        for (id, case, service) in rows.referrals {
            if readable.contains(&case) {
                names.found.insert((AuditEntity::Referral, id), (Some(service), None, manages_referrals));
            }
        }
        for (id, name, username) in rows.users {
            names.found.insert((AuditEntity::User, id), (Some(format!("{name} ({username})")), None, false));
            names.users.insert(id, ActorLabel { name, username });
        }
        for (id, name) in rows.offices {
            names.found.insert((AuditEntity::Office, id), (Some(name), None, true));
        }
        for (id, name) in rows.services {
            names.found.insert((AuditEntity::Service, id), (Some(name), None, false));
        }
        let organisations = names.ids(AuditEntity::Organisation);
        if !organisations.is_empty() {
            for o in self.store.organisation_summaries(&organisations).await? {
                names.found.insert((AuditEntity::Organisation, o.id), (Some(o.name), None, true));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_become_fields_with_records_by_name_and_no_raw_ids() {
        let mut names = Names::default();
        let person = Uuid::now_v7();
        let task = Uuid::now_v7();
        names.found.insert((AuditEntity::Person, person), (Some("Siti".into()), None, true));
        let details = serde_json::json!({
            "person_id": person.to_string(), "task_id": task.to_string(), "fields": ["password"],
            "ids": ["a", "b"], "shared": true, "days": 3, "via": "password", "none": null
        });
        let shown = names.details(&details);
        let value = |f: &str| shown.iter().find(|d| d.field == f).map(|d| d.value.clone());
        assert_eq!(
            value("person_id"),
            Some(DetailValue::Record(RecordLabel {
                entity: AuditEntity::Person,
                id: person.to_string(),
                short: person.to_string()[28..].to_string(),
                name: Some("Siti".into()),
                kind: None,
                open: true,
            }))
        );
        assert_eq!(value("task_id"), Some(DetailValue::Text(format!("#{}", &task.to_string()[28..]))));
        assert_eq!(value("fields"), Some(DetailValue::Fields(vec!["password".into()])));
        assert_eq!(value("ids"), Some(DetailValue::Count(2)));
        assert_eq!(value("shared"), Some(DetailValue::Flag(true)));
        assert_eq!(value("days"), Some(DetailValue::Number("3".into())));
        assert_eq!(value("via"), Some(DetailValue::Text("password".into())));
        assert_eq!(value("none"), None);
        // A person not found (or not to be named) keeps only her kind and a short reference.
        let other = Uuid::now_v7().to_string();
        let label = names.label(AuditEntity::Person, &other);
        assert_eq!((label.name, label.open, label.short.len()), (None, false, 8));
    }
}
