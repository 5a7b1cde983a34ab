//! Reading and verifying the audit log.

use std::collections::{BTreeMap, HashSet};

use uuid::Uuid;

use crate::access::{person_view, AuthCheck, Ctx, NeedToKnow, Permission, PersonView, Scope};
use crate::app::App;
use crate::audit::{verify_run, AuditEntry, ChainBreak, GENESIS};
use crate::audit_seal::{check_head, Anchor, StoredCheckpoint};
use crate::error::{Error, Result};
use crate::paging::{Page, PageRequest};
use crate::repo::AuditFilter;

/// What `audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Intact { entries: i64 },
    Broken(ChainBreak),
}

impl App {
    /// The audit log, newest first. Entries about what the reader may not
    /// know (restricted work, need-to-know people, protective
    /// organisations beside a person) show only that they exist, with
    /// their action and time; asking for such a record by id finds nothing.
    pub async fn audit_log(&self, ctx: &Ctx, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>> {
        AuthCheck::new(Permission::AuditRead).check(&ctx.actor)?;
        let mut found = self.store.list_audit(filter, page).await?;
        let hidden = self.hidden_entries(ctx, &found.items).await?;
        if filter.entity_id.is_some() && !hidden.is_empty() {
            return Ok(Page { items: Vec::new(), total: 0, limit: found.limit, offset: found.offset });
        }
        for e in &mut found.items {
            if hidden.contains(&e.seq) {
                withhold(e);
            }
        }
        Ok(found)
    }

    /// The entries (by seq) the reader may not see the details of.
    async fn hidden_entries(&self, ctx: &Ctx, entries: &[AuditEntry]) -> Result<HashSet<i64>> {
        let refs: Vec<(i64, Refs)> = entries.iter().map(|e| (e.seq, Refs::of(e))).collect();
        let all = |f: fn(&Refs) -> &Vec<Uuid>| -> Vec<Uuid> {
            let mut ids: Vec<Uuid> = refs.iter().flat_map(|(_, r)| f(r).iter().copied()).collect();
            ids.sort();
            ids.dedup();
            ids
        };
        let links = self.store.record_links(&all(|r| &r.cases), &all(|r| &r.referrals), &all(|r| &r.visits)).await?;
        let mut case_ids = all(|r| &r.cases);
        case_ids.extend(links.referral_case.values().copied());
        let hidden_cases = self.store.hidden_cases(&case_ids, NeedToKnow::of(&ctx.actor)).await?;
        let mut people = all(|r| &r.people);
        people.extend(links.case_person.values().copied());
        people.extend(links.visit_person.values().copied());
        people.sort();
        people.dedup();
        let labels = self.store.person_labels(&people).await?;
        let confidential: Vec<Uuid> = labels.iter().filter(|l| l.confidential).map(|l| l.id).collect();
        let ties = self.person_ties(ctx, &confidential).await?;
        // Need-to-know only (an auditor reads no person, yet sees the log).
        let hidden_people: HashSet<Uuid> = labels
            .iter()
            .filter(|l| {
                let t = ties.get(&l.id).copied().unwrap_or_default();
                person_view(&ctx.actor, Some(Scope::All), l.subject(), t) == PersonView::Hidden
            })
            .map(|l| l.id)
            .collect();
        let protective = self.protective().await?;
        let case_hidden =
            |c: &Uuid| hidden_cases.contains(c) || links.case_person.get(c).is_some_and(|p| hidden_people.contains(p));
        Ok(refs
            .iter()
            .filter(|(_, r)| {
                r.people.iter().any(|p| hidden_people.contains(p))
                    || r.cases.iter().any(case_hidden)
                    || r.referrals.iter().any(|x| links.referral_case.get(x).is_some_and(case_hidden))
                    || r.visits.iter().any(|v| {
                        links.visit_person.get(v).is_some_and(|p| hidden_people.contains(p))
                            || links
                                .visit_desks
                                .get(v)
                                .is_some_and(|d| d.iter().any(|o| !protective.may_mention(Some(*o), &ctx.actor)))
                    })
                    || r.organisations.iter().any(|o| !protective.may_mention(Some(*o), &ctx.actor))
            })
            .map(|(seq, _)| *seq)
            .collect())
    }

    /// Walks the whole chain, oldest first, then checks its head against the
    /// audit key file and the checkpoint kept outside the database.
    pub async fn verify_audit(&self, ctx: &Ctx) -> Result<Verification> {
        self.verify_audit_against(ctx, None).await
    }

    /// [`Self::verify_audit`], and the head against a checkpoint kept
    /// elsewhere (`audit verify --anchor`).
    pub async fn verify_audit_against(&self, ctx: &Ctx, anchor: Option<&Anchor>) -> Result<Verification> {
        AuthCheck::new(Permission::AuditRead).check(&ctx.actor)?;
        let seal = self.store.audit_seal().await?;
        let key = seal.as_ref().map(|s| &s.key);
        // The entries the witnesses name: their hashes are kept during the walk.
        let mut named: BTreeMap<i64, Option<String>> = BTreeMap::new();
        if let Some(s) = &seal {
            named.insert(s.key.legacy_until(), None);
            if let StoredCheckpoint::Present(c) = &s.checkpoint {
                named.insert(c.seq, None);
            }
        }
        if let Some(a) = anchor {
            named.insert(a.seq, None);
        }
        let mut prev = (0i64, GENESIS.to_string());
        loop {
            let batch = self.store.audit_after(prev.0, 5_000).await?;
            if batch.is_empty() {
                break;
            }
            match verify_run(key, prev.clone(), &batch) {
                Ok(last) => prev = last,
                Err(b) => return Ok(Verification::Broken(b)),
            }
            for e in &batch {
                if let Some(slot) = named.get_mut(&e.seq) {
                    *slot = Some(e.hash.clone());
                }
            }
        }
        let head = prev.0;
        match check_head(seal.as_ref(), anchor, head, |seq| named.get(&seq).cloned().flatten()) {
            Ok(()) => Ok(Verification::Intact { entries: head }),
            Err(b) => Ok(Verification::Broken(b)),
        }
    }

    /// Records an audit entry on its own (e.g. the read of a record).
    pub async fn audit(&self, record: &crate::audit::AuditRecord) -> Result<AuditEntry> {
        self.store.append_audit(record).await.map_err(|e| match e {
            Error::Internal(m) => Error::Internal(format!("audit: {m}")),
            other => other,
        })
    }
}

/// An entry as a reader outside need-to-know sees it: that it exists, what
/// was done, to what kind of record and when; nothing that names or points.
fn withhold(e: &mut AuditEntry) {
    e.actor_id = None;
    e.actor_name = String::new();
    e.entity_id = None;
    e.details = serde_json::json!({ "withheld": true });
    e.op_id = String::new();
}

/// The records an entry points to, by kind.
#[derive(Debug, Default)]
struct Refs {
    people: Vec<Uuid>,
    cases: Vec<Uuid>,
    referrals: Vec<Uuid>,
    visits: Vec<Uuid>,
    organisations: Vec<Uuid>,
}

impl Refs {
    fn of(e: &AuditEntry) -> Self {
        let mut r = Refs::default();
        let id = e.entity_id.as_deref().and_then(|i| Uuid::parse_str(i).ok());
        if let Some(id) = id {
            match e.entity.as_str() {
                "person" | "family_link" => r.people.push(id),
                "case" => r.cases.push(id),
                "referral" => r.referrals.push(id),
                "visit" => r.visits.push(id),
                _ => {}
            }
        }
        let uuid = |v: &serde_json::Value| v.as_str().and_then(|s| Uuid::parse_str(s).ok());
        let d = &e.details;
        for key in ["person_id", "relative_id", "head_id", "duplicate_id"] {
            r.people.extend(d.get(key).and_then(uuid));
        }
        for key in ["ids", "members"] {
            if let Some(list) = d.get(key).and_then(|v| v.as_array()) {
                r.people.extend(list.iter().filter_map(uuid));
            }
        }
        r.cases.extend(d.get("case_id").and_then(uuid));
        r.referrals.extend(d.get("referral_id").and_then(uuid));
        for key in ["organisation_id", "to_organisation_id", "to"] {
            // Organisations beside a person (a consent naming a shelter).
            if e.entity != "user" && e.entity != "office" && e.entity != "organisation" {
                r.organisations.extend(d.get(key).and_then(uuid));
            }
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_names_the_records_it_points_to() {
        let person = Uuid::now_v7();
        let case = Uuid::now_v7();
        let org = Uuid::now_v7();
        let e = AuditEntry {
            seq: 1,
            at: chrono::Utc::now(),
            actor_id: None,
            actor_name: "system".into(),
            action: "create".into(),
            entity: "consent".into(),
            entity_id: Some(Uuid::now_v7().to_string()),
            details: serde_json::json!({ "person_id": person, "organisation_id": org, "case_id": case }),
            op_id: "op".into(),
            prev_hash: String::new(),
            hash: String::new(),
        };
        let r = Refs::of(&e);
        assert_eq!((r.people, r.cases, r.organisations), (vec![person], vec![case], vec![org]));
        let mut w = e.clone();
        withhold(&mut w);
        assert_eq!((w.entity_id, w.actor_name.as_str(), w.details["withheld"].as_bool()), (None, "", Some(true)));
    }
}
