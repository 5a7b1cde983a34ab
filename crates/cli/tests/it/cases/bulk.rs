//! The bulk case loader (`demo --cases N`) on both engines: what it writes
//! keeps the rules of the services (kinds, need-to-know, my work), the audit
//! chain holds, and the case lists look their people's names up at once.

use satuatap::{demo_bulk_cases, demo_people};
use satuatap_core::access::Ctx;
use satuatap_core::audit::{AuditAction, AuditEntity};
use satuatap_core::paging::PageRequest;
use satuatap_core::repo::AuditFilter;
use satuatap_core::Verification;
use satuatap_store::Engine;
use serde_json::Value;

use crate::both;
use crate::helpers::{api_get, api_token, csrf_of, raw_query_strings, raw_sql, spawn_client, spawn_demo, TestApp};

const CASES: u64 = 400;

async fn strings(t: &TestApp, sql: &str) -> Vec<String> {
    raw_query_strings(&t.db_url, sql).await
}

async fn number(t: &TestApp, sql: &str) -> u64 {
    strings(t, sql).await[0].parse().unwrap()
}

/// The caseload's summary tables (migration 0041) say what their source
/// rows say: open cases per organisation, restriction and stage; open tasks
/// of open cases.
pub(super) async fn caseload_summaries_agree(t: &TestApp, with_tasks: bool) {
    let differ = |a: &str, b: &str| {
        format!(
            "SELECT CAST((SELECT COUNT(*) FROM ({a} EXCEPT {b}) x) + (SELECT COUNT(*) FROM ({b} EXCEPT {a}) y) AS TEXT)"
        )
    };
    let counts = "SELECT organisation_id, restricted, stage, CAST(n AS BIGINT) FROM case_stage_counts WHERE n <> 0";
    let open = "SELECT organisation_id, restricted, stage, CAST(COUNT(*) AS BIGINT) FROM cases WHERE status = 'open' \
                GROUP BY organisation_id, restricted, stage";
    assert_eq!(number(t, &differ(counts, open)).await, 0, "open cases per stage");
    let tasks = "SELECT task_id, case_id, organisation_id, restricted, due, assignee_id FROM open_case_tasks";
    let source = "SELECT t.id, t.case_id, c.organisation_id, c.restricted, t.due, t.assignee_id FROM case_tasks t \
                  JOIN cases c ON c.id = t.case_id WHERE t.done_at IS NULL AND c.status = 'open'";
    assert_eq!(number(t, &differ(tasks, source)).await, 0, "open tasks of open cases");
    // And the report aggregates the triggers keep (cases opened and closed,
    // forced-labour indicators, late first actions) say what their views say.
    let check = satuatap_core::repo::ReportRepository::check_aggregates(&t.db, false).await.unwrap();
    assert!(check.agrees(), "{check:?}");
    let tasks = number(t, "SELECT CAST(COUNT(*) AS TEXT) FROM open_case_tasks").await;
    assert_eq!(tasks > 0, with_tasks, "open tasks to compare: {tasks}");
}

/// Cases per kind, as stored.
async fn kinds(t: &TestApp) -> std::collections::BTreeMap<String, u64> {
    let mut out = std::collections::BTreeMap::new();
    for k in strings(t, "SELECT kind FROM cases").await {
        *out.entry(k).or_default() += 1;
    }
    out
}

async fn signed_in(t: &TestApp, username: &str) -> reqwest::Client {
    let b = spawn_client(t);
    let html = b.get(t.url("/sign-in")).send().await.unwrap().text().await.unwrap();
    let form = [("username", username), ("password", "demo-password"), ("csrf", &csrf_of(&html))];
    let r = b.post(t.url("/sign-in")).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 303, "{username} signs in");
    b
}

/// The cases linked in the list under `<div id="{div}">`, in order.
fn case_links(html: &str, div: &str) -> Vec<String> {
    let Some((_, rest)) = html.split_once(&format!("<div id=\"{div}\">")) else { return Vec::new() };
    let list = rest.split("</div>").next().unwrap_or_default();
    list.split("<a href=\"/cases/").skip(1).map(|s| s.split('"').next().unwrap_or_default().to_string()).collect()
}

async fn bulk_cases(engine: Engine) {
    let t = spawn_demo(engine).await;
    demo_people::add(&t.app, 300, 1).await.unwrap();
    let before = kinds(&t).await;
    let summary = demo_bulk_cases::add(&t.app, CASES, 1).await.unwrap();
    assert_eq!(summary.cases, CASES);
    assert!(summary.users_created > 0, "the manpower office gets case workers and a supervisor");
    // The report aggregates, written once from the source rows as the import
    // commits (the triggers paused in its own transaction only), agree now,
    // and the triggers keep them again for the writes that follow (checked
    // below, after cases are changed).
    let paused = strings(&t, "SELECT CASE WHEN paused THEN 'paused' ELSE 'kept' END FROM report_state").await;
    assert_eq!(paused, ["kept"]);
    let check = satuatap_core::repo::ReportRepository::check_aggregates(&t.db, false).await.unwrap();
    assert!(check.agrees() && check.rows.iter().any(|n| *n > 0), "{check:?}");

    // Counts per kind: what was written, as the audit entry says (counts only).
    let after = kinds(&t).await;
    let added: std::collections::BTreeMap<String, u64> = after
        .iter()
        .map(|(k, n)| (k.clone(), n - before.get(k).copied().unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(added.values().sum::<u64>(), CASES);
    let labour = added.get("labour_complaint").copied().unwrap_or(0);
    assert!(added.values().all(|n| *n <= labour), "mostly labour complaints: {added:?}");
    assert!(added.contains_key("gbv") && added.contains_key("trafficking"), "{added:?}");
    let filter =
        AuditFilter { action: Some(AuditAction::Import), entity: Some(AuditEntity::Case), ..Default::default() };
    let entries = t.app.audit_log(&Ctx::system(), &filter, PageRequest::first(10)).await.unwrap().items;
    assert_eq!(entries.len(), 1, "one audit entry for the whole import");
    let details = &entries[0].details;
    assert_eq!(details["cases"], CASES);
    for (kind, n) in &added {
        assert_eq!(details["by_kind"][kind], *n, "{kind}");
    }
    assert_eq!(details["restricted"], summary.restricted);
    assert!(!details.to_string().contains("person_id"), "no ids of people in the entry: {details}");

    // Need-to-know: GBV and trafficking are restricted, each with its record.
    assert_eq!(
        number(&t, "SELECT CAST(COUNT(*) AS TEXT) FROM cases WHERE kind IN ('gbv', 'trafficking') AND NOT restricted")
            .await,
        0
    );
    let restricted = number(&t, "SELECT CAST(COUNT(*) AS TEXT) FROM cases WHERE restricted").await;
    let records = number(&t, "SELECT CAST(COUNT(*) AS TEXT) FROM restricted_records WHERE entity = 'case'").await;
    assert_eq!(restricted, records);
    let owned = strings(
        &t,
        "SELECT r.entity_id || ' ' || u.username FROM restricted_records r JOIN users u ON u.id = r.owner_id \
         WHERE r.entity = 'case' ORDER BY r.entity_id",
    )
    .await;
    assert!(owned.len() as u64 >= summary.restricted);
    for line in owned.iter().take(3) {
        let (id, owner) = line.split_once(' ').unwrap();
        let (s, case) = api_get(&t, &api_token(&t, owner).await, &format!("/api/v1/cases/{id}")).await;
        assert_eq!(s, 200, "its owner {owner} reads it");
        assert_eq!(case["restricted"], true);
        let outsider = if owner.starts_with("cirebon.") { "blitar.union" } else { "cirebon.union" };
        let (s, _) = api_get(&t, &api_token(&t, outsider).await, &format!("/api/v1/cases/{id}")).await;
        assert_eq!(s, 404, "{outsider} of another organisation does not learn it exists");
    }

    // The busy user sees her cases on my work, the bulk ones among them.
    assert!(summary.busy_user_open >= 20, "{summary:?}");
    let tok = api_token(&t, demo_bulk_cases::BUSY_USER).await;
    let (s, work) = api_get(&t, &tok, "/api/v1/me/work").await;
    assert_eq!(s, 200);
    let listed = work["cases"].as_array().unwrap();
    let stored = number(
        &t,
        "SELECT CAST(COUNT(*) AS TEXT) FROM cases c JOIN users u ON u.id = c.owner_id \
         WHERE u.username = 'cirebon.union' AND c.status = 'open'",
    )
    .await;
    assert!(stored >= summary.busy_user_open);
    assert_eq!(listed.iter().filter(|c| c["status"] == "open").count() as u64, stored);
    assert!(listed.iter().any(|c: &Value| c["stage"] != "intake"), "at several stages");

    // The my work page names each case's person with one audited lookup.
    let b = signed_in(&t, demo_bulk_cases::BUSY_USER).await;
    let reads = |action: AuditAction| AuditFilter {
        action: Some(action),
        entity: Some(AuditEntity::Person),
        ..Default::default()
    };
    let count = |f: AuditFilter| {
        let app = t.app.clone();
        async move { app.audit_log(&Ctx::system(), &f, PageRequest::first(1)).await.unwrap().total }
    };
    let (reads_before, names_before) =
        (count(reads(AuditAction::Read)).await, count(reads(AuditAction::ReadNames)).await);
    let r = b.get(t.url("/cases")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert_eq!(count(reads(AuditAction::Read)).await, reads_before, "no read per row");
    assert_eq!(count(reads(AuditAction::ReadNames)).await, names_before + 1, "one lookup for the list");
    let person = listed[0]["person_id"].as_str().unwrap();
    let (_, p) = api_get(&t, &tok, &format!("/api/v1/people/{person}")).await;
    assert!(html.contains(p["full_name"].as_str().unwrap()), "the list names the person");

    // My work pages through her open cases, 25 a page: every one of them once.
    assert_eq!(work["cases_total"], stored);
    assert!(stored > 25, "more than a page: {stored}");
    // A list's size is the same on every page, and past the last one.
    let (_, first) = api_get(&t, &tok, "/api/v1/cases?status=open&limit=7").await;
    let total = first["total"].as_u64().unwrap();
    assert!(total > 7 && first["items"].as_array().unwrap().len() == 7, "{first}");
    for offset in [7, total - 1, total, total + 30] {
        let (_, page) = api_get(&t, &tok, &format!("/api/v1/cases?status=open&limit=7&offset={offset}")).await;
        assert_eq!(page["total"].as_u64(), Some(total), "offset {offset}");
        let want = total.saturating_sub(offset).min(7) as usize;
        assert_eq!(page["items"].as_array().unwrap().len(), want, "offset {offset}");
    }
    let mut paged = Vec::new();
    let mut next = Some("/cases".to_string());
    while let Some(url) = next.take() {
        let html = b.get(t.url(&url)).send().await.unwrap().text().await.unwrap();
        let ids = case_links(&html, "my-cases");
        assert!(!ids.is_empty() && ids.len() <= 25, "{url}: {} cases", ids.len());
        paged.extend(ids);
        next = html.split("rel=\"next\"").next().filter(|_| html.contains("rel=\"next\"")).and_then(|head| {
            head.rsplit("href=\"").next().map(|h| h.split('"').next().unwrap_or_default().replace("&amp;", "&"))
        });
        assert!(paged.len() <= stored as usize, "the pager ends");
    }
    let mut api_ids: Vec<String> = listed.iter().map(|c| c["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(paged.len(), api_ids.len(), "each case once");
    paged.sort();
    api_ids.sort();
    assert_eq!(paged, api_ids);

    // Her open tasks: the first 25 of each list, every one of them one link
    // away (most of her tasks now overdue).
    raw_sql(
        &t.db_url,
        &["UPDATE case_tasks SET due = '2020-01-01' WHERE done_at IS NULL AND case_id IN (SELECT c.id FROM cases c \
           JOIN users u ON u.id = c.owner_id WHERE u.username = 'cirebon.union' AND c.status = 'open') \
           AND id NOT IN (SELECT x.id FROM case_tasks x JOIN cases c ON c.id = x.case_id JOIN users u ON u.id = c.owner_id \
           WHERE u.username = 'cirebon.union' AND c.status = 'open' AND x.done_at IS NULL AND (x.due IS NULL OR x.due >= CURRENT_DATE) \
           ORDER BY x.id LIMIT 5)"],
    )
    .await
    .unwrap();
    let (_, work) = api_get(&t, &tok, "/api/v1/me/work").await;
    assert!(work["tasks_overdue"].as_array().unwrap().len() > 25, "{}", work["tasks_overdue"]);
    assert!(!work["tasks_due"].as_array().unwrap().is_empty(), "{}", work["tasks_due"]);
    let short = b.get(t.url("/cases")).send().await.unwrap().text().await.unwrap();
    let whole = b.get(t.url("/cases?tasks=all")).send().await.unwrap().text().await.unwrap();
    for (div, list) in [("overdue", "tasks_overdue"), ("due", "tasks_due")] {
        let n = work[list].as_array().unwrap().len();
        let items = |html: &str| {
            html.split_once(&format!("<div id=\"{div}\">"))
                .map_or(0, |(_, rest)| rest.split("</div>").next().unwrap_or_default().matches("<li>").count())
        };
        assert_eq!((items(&short), items(&whole)), (n.min(25), n), "{div}");
        assert_eq!(short.contains(&format!("/cases?tasks=all#{div}")), n > 25, "{div}: a link only when cut");
    }

    // A bulk case's page, and the supervisor's caseload: each list's first 25,
    // and the whole lists one link away.
    let id = listed[0]["id"].as_str().unwrap();
    assert_eq!(b.get(t.url(&format!("/cases/{id}"))).send().await.unwrap().status(), 200);
    // Forty of the union's open cases still wait for a first action, now late.
    raw_sql(
        &t.db_url,
        &["UPDATE cases SET first_action_at = NULL, first_action_due = opened_at WHERE id IN (SELECT c.id FROM cases c \
           JOIN organisations o ON o.id = c.organisation_id WHERE o.code = 'SBMI-CRB' AND c.status = 'open' \
           AND c.pending_approval IS NULL ORDER BY c.id LIMIT 40)"],
    )
    .await
    .unwrap();
    let sup = signed_in(&t, "cirebon.union.sup").await;
    let r = sup.get(t.url("/cases/caseload")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let short = r.text().await.unwrap();
    let whole = sup.get(t.url("/cases/caseload?all=1")).send().await.unwrap().text().await.unwrap();
    let (s, load) = api_get(&t, &api_token(&t, "cirebon.union.sup").await, "/api/v1/caseload").await;
    assert_eq!(s, 200);
    let mut cut = 0;
    for (div, list) in
        [("late", "first_action_overdue"), ("without-action", "without_action"), ("approvals", "pending_approvals")]
    {
        let all: Vec<String> =
            load[list].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect();
        let (first, every) = (case_links(&short, div), case_links(&whole, div));
        assert_eq!(first, all.iter().take(25).cloned().collect::<Vec<_>>(), "{div}: the first 25, in order");
        assert_eq!(every, all, "{div}: the whole list");
        let link = format!("/cases/caseload?all=1#{div}");
        assert_eq!(short.contains(&link), all.len() > 25, "{div}: a link to the whole list only when cut");
        cut += usize::from(all.len() > 25);
    }
    assert!(cut > 0, "a list longer than a page");
    assert!(!whole.contains("?all=1#"), "nothing cut on the whole lists");
    let open: u64 = load["open_by_stage"].as_array().unwrap().iter().map(|p| p[1].as_u64().unwrap()).sum();
    let stored = number(
        &t,
        "SELECT CAST(COUNT(*) AS TEXT) FROM cases c JOIN organisations o ON o.id = c.organisation_id \
         WHERE o.code = 'SBMI-CRB' AND c.status = 'open'",
    )
    .await;
    assert_eq!(open, stored, "every open case counted per stage");
    caseload_summaries_agree(&t, true).await;

    // The chain still verifies.
    assert!(matches!(t.app.verify_audit(&Ctx::system()).await.unwrap(), Verification::Intact { .. }));
}
both!(bulk_cases);
