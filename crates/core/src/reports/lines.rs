//! Line lists: people, cases and referrals one row each, for the roles that
//! may read those records and only as they may read them. A line list is
//! the list the reader could page through on screen (the same services, so
//! scope and need-to-know are never written twice), read page by page so
//! that a writer can stream it, with the columns of the list; details a
//! person has not agreed to share with the reader's organisation stay
//! empty. It needs the export permission besides: copying identities in
//! bulk is a decision of its own (the M&E officer reads aggregates only and
//! is refused).
//!
//! Audit: every page writes the names it shows as a list does (one
//! `read_names` entry, and one of her own for each need-to-know person);
//! a restricted case exported gets an `export` entry of its own (seen only
//! by its circle); the export itself is one `export` entry with the list,
//! the filters, the format and the number of rows, written when the last
//! page has been read.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde_json::json;
use uuid::Uuid;

use crate::access::{Actor, AuthCheck, Ctx, Permission, Scope};
use crate::app::App;
use crate::areas::area::AreaCode;
use crate::audit::chain::AuditRecord;
use crate::audit::{AuditAction, AuditEntity};
use crate::cases::case::CaseStatus;
use crate::cases::record::{Case, CaseFilter};
use crate::error::{Error, Result};
use crate::paging::PageRequest;
use crate::referrals::referral::{ReferralStatus, ReferralView};
use crate::referrals::service::ReferralBox;
use crate::registry::episode::MigrationStage;
use crate::registry::person::{Person, Sex};
use crate::registry::repo::PersonFilter;

code_list! {
    /// The line lists. Labels: `line-list-<code>`.
    LineList {
        People = "people",
        Cases = "cases",
        Referrals = "referrals",
    }
}

/// What a line list keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineFilter {
    People { within: Option<AreaCode>, sex: Option<Sex>, stage: Option<MigrationStage> },
    Cases { district: Option<AreaCode>, status: Option<CaseStatus> },
    Referrals { received: bool, status: Option<ReferralStatus> },
}

impl LineFilter {
    pub fn list(&self) -> LineList {
        match self {
            LineFilter::People { .. } => LineList::People,
            LineFilter::Cases { .. } => LineList::Cases,
            LineFilter::Referrals { .. } => LineList::Referrals,
        }
    }

    /// The filters as the audit entry records them.
    fn audited(&self) -> serde_json::Value {
        match self {
            LineFilter::People { within, sex, stage } => json!({
                "within": within.as_ref().map(|a| a.as_str().to_string()),
                "sex": sex.map(Sex::as_str),
                "stage": stage.map(MigrationStage::as_str),
            }),
            LineFilter::Cases { district, status } => json!({
                "district": district.as_ref().map(|a| a.as_str().to_string()),
                "status": status.map(CaseStatus::as_str),
            }),
            LineFilter::Referrals { received, status } => json!({
                "box": if *received { "received" } else { "sent" },
                "status": status.map(ReferralStatus::as_str),
            }),
        }
    }
}

/// One cell of a line list. A code is shown by its label
/// (`<list>-<code>`), an area by its name.
#[derive(Debug, Clone, PartialEq)]
pub enum LineCell {
    Text(String),
    Code {
        list: &'static str,
        code: &'static str,
    },
    Area(AreaCode),
    Number(i64),
    Date(NaiveDate),
    /// The office's local time.
    Time(NaiveDateTime),
    Flag(bool),
    Empty,
}

/// The columns of a list (header labels: `line-<code>`).
pub fn columns(list: LineList) -> &'static [&'static str] {
    match list {
        LineList::People => &[
            "id",
            "full-name",
            "sex",
            "age",
            "birth-date",
            "nik",
            "phone",
            "village",
            "district",
            "stage",
            "registered-on",
            "details-withheld",
        ],
        LineList::Cases => &[
            "id",
            "person",
            "kind",
            "status",
            "stage",
            "risk",
            "district",
            "organisation",
            "opened-on",
            "first-action-due",
            "first-action-on",
            "closed-on",
            "closure-reason",
            "restricted",
        ],
        LineList::Referrals => &[
            "id",
            "case",
            "need",
            "urgency",
            "status",
            "from",
            "to",
            "service",
            "sent-on",
            "answer-due",
            "answered-on",
            "completed-on",
            "overdue",
        ],
    }
}

/// Whether the caller may download a line list at all: the export
/// permission and a reader of people, cases or referrals (the pages show
/// the link from this).
pub fn may_export_lines(actor: &Actor) -> bool {
    AuthCheck::new(Permission::ReportsExport).check(actor).is_ok()
        && [Permission::PeopleRead, Permission::CasesRead, Permission::ReferralsManage]
            .iter()
            .any(|p| actor.scope_of(*p).is_some())
}

/// An export under way: where the next page starts and what was written.
#[derive(Debug)]
pub struct LineExport {
    filter: LineFilter,
    format: String,
    source: Source,
    /// Where the next page starts: the last (name, id) of people, the last
    /// id of cases, or the offset (referrals, a short list of one
    /// organisation's).
    after_person: Option<(String, Uuid)>,
    after: Option<Uuid>,
    offset: u64,
    rows: u64,
    /// Rows of need-to-know records (confidential people, restricted
    /// cases, referrals of restricted cases): each has an entry of its own,
    /// and the export's entry, which every auditor reads, leaves them out of
    /// its count.
    own_entries: u64,
    done: bool,
    today: NaiveDate,
}

#[derive(Debug)]
enum Source {
    People(Box<PersonFilter>),
    Cases(Box<CaseFilter>),
    /// The box, the statuses, and the sender when the export reaches her own only.
    Referrals(ReferralBox, Vec<ReferralStatus>, Option<Uuid>),
}

impl LineExport {
    pub fn list(&self) -> LineList {
        self.filter.list()
    }

    /// Rows read so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }
}

impl App {
    /// Starts a line list: the caller needs the export permission and the
    /// list's own read permission (refused here, before anything is read).
    pub async fn start_lines(&self, ctx: &Ctx, filter: LineFilter, format: &str) -> Result<LineExport> {
        let export = AuthCheck::new(Permission::ReportsExport).check(&ctx.actor)?;
        // The rows are those of the narrower of the two scopes: the list's
        // read permission and the export permission.
        let (district, organisation, own) = match (ctx.actor.user(), export) {
            (Some(u), Scope::District) => (Some(u.home_area.regency().ok_or(Error::Forbidden)?), None, None),
            (Some(u), Scope::Organisation) => (None, Some(u.organisation_id), None),
            (Some(u), Scope::Own) => (None, None, Some(u.id)),
            _ => (None, None, None),
        };
        let source = match &filter {
            LineFilter::People { within, sex, stage } => {
                let mut f = self.people_scope(ctx)?;
                f.district = f.district.or(district);
                f.registered_by_organisation = f.registered_by_organisation.or(organisation);
                f.registered_by = f.registered_by.or(own);
                f.within = within.clone();
                f.sex = *sex;
                f.stage = *stage;
                f.details_of = ctx.actor.user().map(|u| u.organisation_id);
                Source::People(Box::new(f))
            }
            LineFilter::Cases { district: filter_district, status } => {
                let f = CaseFilter { status: *status, ..Default::default() };
                let mut f = self.readable_cases(ctx, f)?;
                // A district asked for outside the reader's is refused, not
                // quietly replaced by hers.
                let bounds = [f.district.clone(), district];
                if let Some(asked) = filter_district {
                    if bounds.iter().flatten().any(|d| d != asked) {
                        return Err(Error::Forbidden);
                    }
                }
                let [read, exported] = bounds;
                f.district = filter_district.clone().or(read).or(exported);
                f.organisation_id = f.organisation_id.or(organisation);
                f.user_id = f.user_id.or(own);
                Source::Cases(Box::new(f))
            }
            LineFilter::Referrals { received, status } => {
                let user = ctx.actor.user().ok_or(Error::Unauthenticated)?;
                AuthCheck::new(Permission::ReferralsManage).in_organisation(user.organisation_id).check(&ctx.actor)?;
                let which = if *received { ReferralBox::Received } else { ReferralBox::Sent };
                Source::Referrals(which, status.iter().copied().collect(), own)
            }
        };
        let today = self.today();
        Ok(LineExport {
            filter,
            format: format.to_string(),
            source,
            after_person: None,
            after: None,
            offset: 0,
            rows: 0,
            own_entries: 0,
            done: false,
            today,
        })
    }

    /// The next page of rows, or `None` when the list is done.
    pub async fn next_lines(&self, ctx: &Ctx, ex: &mut LineExport) -> Result<Option<Vec<Vec<LineCell>>>> {
        if ex.done {
            return Ok(None);
        }
        let (rows, read, own) = match &ex.source {
            Source::People(f) => {
                let found = self.store.people_after(f, ex.after_person.as_ref(), self.line_page).await?;
                ex.after_person = found.last().map(|p| (p.full_name.clone(), p.id));
                let read = found.len();
                let people = self.as_seen(ctx, found).await?;
                let own = people.iter().filter(|p| p.confidential).count();
                (self.people_lines(ctx, &people, ex.today).await?, read, own)
            }
            Source::Cases(f) => {
                let found = self.store.cases_after(f, ex.after, self.line_page).await?;
                ex.after = found.last().map(|c| c.id);
                let read = found.len();
                let own = found.iter().filter(|c| c.restricted).count();
                (self.case_lines(ctx, &found).await?, read, own)
            }
            Source::Referrals(which, statuses, sent_by) => {
                let page = PageRequest { limit: self.line_page, offset: ex.offset };
                let found = self.referrals(ctx, *which, statuses.clone(), page).await?;
                let read = found.items.len();
                let items: Vec<&ReferralView> =
                    found.items.iter().filter(|v| sent_by.is_none_or(|u| v.referral.sent_by == u)).collect();
                let own = self.referrals_of_restricted(ctx, &items).await?;
                (items.iter().map(|v| referral_line(v, self.time_zone)).collect(), read, own)
            }
        };
        ex.own_entries += own as u64;
        ex.offset += read as u64;
        ex.done = read < self.line_page as usize;
        ex.rows += rows.len() as u64;
        if rows.is_empty() && ex.done {
            return Ok(None);
        }
        Ok(Some(rows))
    }

    /// Records the export (list, filters, format, rows); call it once the
    /// last page has been written, before the file is handed over.
    pub async fn finish_lines(&self, ctx: &Ctx, ex: &LineExport) -> Result<()> {
        let entity = match ex.list() {
            LineList::People => AuditEntity::Person,
            LineList::Cases => AuditEntity::Case,
            LineList::Referrals => AuditEntity::Referral,
        };
        let audit = AuditRecord::new(
            ctx,
            AuditAction::Export,
            entity,
            None,
            json!({
                "list": ex.list().as_str(),
                "filters": ex.filter.audited(),
                "format": ex.format,
                "rows": ex.rows - ex.own_entries,
            }),
        );
        self.store.append_audit(&audit).await?;
        Ok(())
    }

    async fn people_lines(&self, ctx: &Ctx, people: &[Person], today: NaiveDate) -> Result<Vec<Vec<LineCell>>> {
        let shown: Vec<Uuid> = people.iter().map(|p| p.id).collect();
        let confidential: HashSet<Uuid> = people.iter().filter(|p| p.confidential).map(|p| p.id).collect();
        self.record_names_read(ctx, &shown, &confidential).await?;
        Ok(people.iter().map(|p| person_line(p, today, self.time_zone)).collect())
    }

    async fn case_lines(&self, ctx: &Ctx, cases: &[Case]) -> Result<Vec<Vec<LineCell>>> {
        // Names only for a reader of people; the list without them otherwise.
        let person_ids: Vec<Uuid> = cases.iter().map(|c| c.person_id).collect();
        let names = match self.names_seen(ctx, &person_ids).await {
            Ok((names, labels)) => {
                // The person of a restricted case is named in that case's own
                // entry, not in the list's (which would tie her to it).
                let open: HashSet<Uuid> = cases.iter().filter(|c| !c.restricted).map(|c| c.person_id).collect();
                let mut seen = HashSet::new();
                let shown: Vec<Uuid> = person_ids
                    .iter()
                    .copied()
                    .filter(|id| open.contains(id) && names.contains_key(id) && seen.insert(*id))
                    .collect();
                let confidential: HashSet<Uuid> = labels.iter().filter(|l| l.confidential).map(|l| l.id).collect();
                self.record_names_read(ctx, &shown, &confidential).await?;
                names
            }
            Err(Error::Forbidden) => HashMap::new(),
            Err(e) => return Err(e),
        };
        let mut org_ids: Vec<Uuid> = cases.iter().map(|c| c.organisation_id).collect();
        org_ids.sort_unstable();
        org_ids.dedup();
        let orgs: HashMap<Uuid, String> = self.organisation_names(&org_ids).await?.into_iter().collect();
        for c in cases.iter().filter(|c| c.restricted) {
            let named = names.contains_key(&c.person_id).then_some(c.person_id);
            let audit = AuditRecord::new(
                ctx,
                AuditAction::Export,
                AuditEntity::Case,
                Some(c.id.to_string()),
                json!({ "list": LineList::Cases.as_str(), "person": named }),
            );
            self.store.append_audit(&audit).await?;
        }
        Ok(cases
            .iter()
            .map(|c| case_line(c, names.get(&c.person_id), orgs.get(&c.organisation_id), self.time_zone))
            .collect())
    }
}

impl App {
    /// Referrals of restricted cases among `items` get an export entry of
    /// their own (shown only to the case's circle): how many.
    async fn referrals_of_restricted(&self, ctx: &Ctx, items: &[&ReferralView]) -> Result<usize> {
        let mut own = 0;
        for v in items {
            let restricted = self.store.get_case(v.referral.case_id).await?.is_some_and(|c| c.restricted);
            if restricted {
                let audit = AuditRecord::new(
                    ctx,
                    AuditAction::Export,
                    AuditEntity::Referral,
                    Some(v.referral.id.to_string()),
                    json!({ "list": LineList::Referrals.as_str() }),
                );
                self.store.append_audit(&audit).await?;
                own += 1;
            }
        }
        Ok(own)
    }
}

fn text(s: Option<&String>) -> LineCell {
    s.map_or(LineCell::Empty, |s| LineCell::Text(s.clone()))
}

fn time(t: DateTime<Utc>, tz: Tz) -> LineCell {
    LineCell::Time(t.with_timezone(&tz).naive_local())
}

fn date(t: Option<DateTime<Utc>>, tz: Tz) -> LineCell {
    t.map_or(LineCell::Empty, |t| time(t, tz))
}

fn person_line(p: &Person, today: NaiveDate, tz: Tz) -> Vec<LineCell> {
    vec![
        LineCell::Text(p.id.to_string()),
        LineCell::Text(p.full_name.clone()),
        LineCell::Code { list: "sex", code: p.sex.as_str() },
        p.age_on(today).map_or(LineCell::Empty, |a| LineCell::Number(a.into())),
        p.birth_date.map_or(LineCell::Empty, LineCell::Date),
        text(p.nik.as_ref()),
        text(p.phone.as_ref()),
        p.village_code.clone().map_or(LineCell::Empty, LineCell::Area),
        LineCell::Area(p.district_code.clone()),
        p.stage.map_or(LineCell::Empty, |s| LineCell::Code { list: "stage", code: s.as_str() }),
        time(p.created_at, tz),
        LineCell::Flag(p.withheld),
    ]
}

fn case_line(c: &Case, name: Option<&String>, org: Option<&String>, tz: Tz) -> Vec<LineCell> {
    vec![
        LineCell::Text(c.id.to_string()),
        text(name),
        LineCell::Code { list: "case-kind", code: c.kind.as_str() },
        LineCell::Code { list: "case-status", code: c.status.as_str() },
        LineCell::Code { list: "case-stage", code: c.stage.as_str() },
        LineCell::Code { list: "risk", code: c.risk.as_str() },
        LineCell::Area(c.district_code.clone()),
        text(org),
        time(c.opened_at, tz),
        time(c.first_action_due, tz),
        date(c.first_action_at, tz),
        date(c.closed_at, tz),
        c.closure_reason.map_or(LineCell::Empty, |r| LineCell::Code { list: "closure-reason", code: r.as_str() }),
        LineCell::Flag(c.restricted),
    ]
}

fn referral_line(v: &ReferralView, tz: Tz) -> Vec<LineCell> {
    let r = &v.referral;
    vec![
        LineCell::Text(r.id.to_string()),
        LineCell::Text(r.case_id.to_string()),
        r.need.map_or(LineCell::Empty, |n| LineCell::Code { list: "need", code: n.as_str() }),
        LineCell::Code { list: "urgency", code: r.urgency.as_str() },
        LineCell::Code { list: "referral-status", code: r.status.as_str() },
        LineCell::Text(v.from_organisation_name.clone()),
        LineCell::Text(v.to_organisation_name.clone()),
        LineCell::Text(v.service_name.clone()),
        time(r.sent_at, tz),
        time(r.answer_due, tz),
        date(r.answered_at, tz),
        date(r.completed_at, tz),
        LineCell::Flag(r.overdue),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_has_columns_and_codes() {
        for l in LineList::ALL {
            assert!(!columns(*l).is_empty());
            assert_eq!(l.as_str().parse::<LineList>(), Ok(*l));
        }
    }
}
