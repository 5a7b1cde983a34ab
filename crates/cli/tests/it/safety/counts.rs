//! Lists count only what the reader may see, and the duplicate match never
//! confirms a detail the reader may not read.

use satuatap_store::Engine;
use serde_json::json;

use super::fixture::{survivor, NAME, NIK, PHONE};
use crate::both;
use crate::helpers::{api_get, api_post, api_token, raw_query_strings, raw_sql, spawn_demo};

async fn totals_and_reasons_betray_nothing(engine: Engine) {
    let t = spawn_demo(engine).await;
    let her = survivor(&t).await;
    // The unassigned colleague of the same centre: no case of hers counted.
    let colleague = api_token(&t, "cirebon.wcc.2").await;
    let (_, cases) = api_get(&t, &colleague, "/api/v1/cases").await;
    assert_eq!(cases["total"].as_u64(), Some(cases["items"].as_array().unwrap().len() as u64), "{cases}");
    assert!(!cases.to_string().contains(&her.case));
    let owner = api_token(&t, "cirebon.wcc").await;
    let (_, mine) = api_get(&t, &owner, "/api/v1/cases").await;
    assert!(mine.to_string().contains(&her.case), "the owner lists it: the test could fail");
    assert!(mine["total"].as_u64() > cases["total"].as_u64());
    let (_, sent) = api_get(&t, &colleague, "/api/v1/referrals?box=sent").await;
    assert_eq!(sent["total"].as_u64(), Some(sent["items"].as_array().unwrap().len() as u64), "{sent}");
    assert!(!sent.to_string().contains(&her.referral));
    let (_, sent) = api_get(&t, &owner, "/api/v1/referrals?box=sent").await;
    assert!(sent.to_string().contains(&her.referral));
    // People: searched by name, NIK or phone she is not there for others.
    for q in ["Rukmini", NIK, PHONE] {
        let (_, found) = api_get(&t, &colleague, &format!("/api/v1/people?q={q}")).await;
        assert_eq!(found["total"], 0, "{q}: {found}");
        let (_, found) = api_get(&t, &owner, &format!("/api/v1/people?q={q}")).await;
        assert_eq!(found["total"], 1, "{q}");
    }

    // A person of the union's, without consent to the desk: the desk's
    // match finds her by name but never says her NIK or phone matched.
    let union = api_token(&t, "cirebon.union").await;
    let (s, _) = api_post(
        &t,
        &union,
        "/api/v1/people",
        json!({"full_name": "Waryati Handayani", "sex": "female", "birth_date": "1990-03-05", "nik": "3209154503900002",
               "phone": "081311112222", "village_code": "32.09.30.2001"}),
    )
    .await;
    assert_eq!(s, 201);
    let probe = json!({"full_name": "Waryati Handayani", "sex": "female", "nik": "3209154503900002", "phone": "081311112222",
                       "birth_date": "1990-03-05", "village_code": "32.09.30.2001"});
    let desk = api_token(&t, "cirebon.desk").await;
    let (s, found) = api_post(&t, &desk, "/api/v1/people/match", probe.clone()).await;
    assert_eq!(s, 200, "{found}");
    let reasons = found.to_string();
    for r in ["\"nik\"", "\"phone\"", "\"birth_date\"", "\"birth_year\""] {
        assert!(!reasons.contains(r), "the match confirms {r} to a reader without consent: {found}");
    }
    // Search by her NIK or phone does not confirm them either; by name it finds her.
    for q in ["3209154503900002", "081311112222"] {
        let (_, found) = api_get(&t, &desk, &format!("/api/v1/people?q={q}")).await;
        assert_eq!(found["total"], 0, "{q}: {found}");
        let (_, found) = api_get(&t, &union, &format!("/api/v1/people?q={q}")).await;
        assert_eq!(found["total"], 1, "{q}: her organisation finds her");
    }
    let (_, found) = api_get(&t, &desk, "/api/v1/people?q=Waryati").await;
    assert_eq!((found["total"].as_u64(), found["items"][0]["withheld"].as_bool()), (Some(1), Some(true)));
    let (_, own) = api_post(&t, &union, "/api/v1/people/match", probe).await;
    assert!(own.to_string().contains("\"nik\""), "her organisation is told: {own}");
    // And the survivor herself: not even a candidate.
    let (_, found) = api_post(
        &t,
        &desk,
        "/api/v1/people/match",
        json!({"full_name": NAME, "sex": "female", "nik": NIK, "phone": PHONE, "birth_date": "1991-04-02"}),
    )
    .await;
    assert!(!found.to_string().contains(&her.person), "{found}");
}
both!(totals_and_reasons_betray_nothing);

/// A need-to-know namesake changes nothing in another reader's duplicate
/// match: she never takes a known person's place under the cap on how
/// many people are scored (40 namesakes fill it here, the one the desk is
/// looking for the oldest of them).
async fn a_hidden_namesake_changes_no_match(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = api_token(&t, "cirebon.desk").await;
    let name = "Sulastri Kurniasih Pratiwi";
    let village = "32.09.30.2001";
    let register = |token: String, birth: String| {
        let t = &t;
        async move {
            let (s, p) = api_post(
                t,
                &token,
                "/api/v1/people",
                json!({"full_name": name, "sex": "female", "birth_date": birth, "village_code": village}),
            )
            .await;
            assert_eq!(s, 201, "{p}");
            p["id"].as_str().unwrap().to_string()
        }
    };
    let wanted = register(desk.clone(), "1990-01-01".into()).await;
    for i in 0..39 {
        register(desk.clone(), format!("19{}-0{}-1{}", 60 + i % 30, 2 + i % 7, i % 10)).await;
    }
    let probe = json!({"full_name": name, "sex": "female", "birth_date": "1990-01-01", "village_code": village});
    let (s, before) = api_post(&t, &desk, "/api/v1/people/match", probe.clone()).await;
    assert_eq!(s, 200, "{before}");
    assert_eq!(before["candidates"][0]["person_id"].as_str(), Some(wanted.as_str()), "{before}");

    // The crisis centre registers a namesake of hers, need-to-know.
    let wcc = api_token(&t, "cirebon.wcc").await;
    let hidden = register(wcc.clone(), "1990-01-01".into()).await;
    let (s, after) = api_post(&t, &desk, "/api/v1/people/match", probe.clone()).await;
    assert_eq!(s, 200, "{after}");
    assert!(!after.to_string().contains(&hidden), "{after}");
    assert_eq!(after, before, "the desk's answer changed with a person it may not know");
    // The centre itself is shown her: the test could fail.
    let (_, own) = api_post(&t, &wcc, "/api/v1/people/match", probe).await;
    assert!(own.to_string().contains(&hidden), "{own}");
}
both!(a_hidden_namesake_changes_no_match);

/// The match's keys carry whether their person may be hidden (a copy of
/// `people.confidential`, so that need-to-know is looked up only for such
/// people): should a person become need-to-know after she was filed, her
/// keys follow at once, and a reader outside her circle no longer finds her
/// by name.
async fn a_person_made_need_to_know_leaves_the_match(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = api_token(&t, "cirebon.desk").await;
    let union = api_token(&t, "cirebon.union").await;
    let probe = json!({"full_name": "Wartini Sekarwangi Lestari", "sex": "female", "birth_date": "1988-04-05"});
    let (s, p) = api_post(&t, &desk, "/api/v1/people", probe.clone()).await;
    assert_eq!(s, 201, "{p}");
    let id = p["id"].as_str().unwrap().to_string();
    let (s, found) = api_post(&t, &union, "/api/v1/people/match", probe.clone()).await;
    assert_eq!(s, 200, "{found}");
    assert!(found.to_string().contains(&id), "the union finds her while she is not need-to-know: {found}");

    let whose = "person_id IN (SELECT id FROM people WHERE full_name = 'Wartini Sekarwangi Lestari')";
    let open_keys = format!("SELECT CAST(COUNT(*) AS TEXT) FROM person_name_keys WHERE {whose} AND NOT confidential");
    assert_ne!(raw_query_strings(&t.db_url, &open_keys).await, ["0"], "filed as not need-to-know");
    raw_sql(&t.db_url, &["UPDATE people SET confidential = TRUE WHERE full_name = 'Wartini Sekarwangi Lestari'"])
        .await
        .unwrap();
    assert_eq!(raw_query_strings(&t.db_url, &open_keys).await, ["0"], "her keys follow her row");
    let (s, after) = api_post(&t, &union, "/api/v1/people/match", probe.clone()).await;
    assert_eq!(s, 200, "{after}");
    assert!(!after.to_string().contains(&id), "{after}");
    // The desk that registered her still finds her.
    let (_, own) = api_post(&t, &desk, "/api/v1/people/match", probe).await;
    assert!(own.to_string().contains(&id), "{own}");
}
both!(a_person_made_need_to_know_leaves_the_match);
