//! A hand-over from the front desk to a partner at the same office: refused
//! without her consent to share with the partner, then found in the
//! partner's "my work" and home page, called from there; on both engines.

use satuatap_store::Engine;
use serde_json::json;

use crate::both;
use crate::helpers::spawn_demo;

async fn the_front_desk_hands_a_person_over_to_the_union(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk_api = t.as_user("cirebon.desk").await;
    let person = desk_api.register_person("Kartini Binti Sahari").await;
    let desk = t.in_browser("cirebon.desk").await;
    let handover = format!("/people/{person}/handover");

    // Her page offers the hand-over; the form lists the partners at the
    // office, none with her consent yet.
    let (_, page) = desk.page(&format!("/people/{person}")).await;
    assert!(page.contains(&format!("href=\"{handover}\"")), "{page}");
    let (s, form) = desk.page(&handover).await;
    assert_eq!(s, 200);
    assert!(form.contains("value=\"SBMI-CRB\"") && form.contains("belum ada persetujuan berbagi"), "{form}");
    assert!(!form.contains("value=\"DISNAKER-CRB\""), "not to her own organisation: {form}");

    // Without her consent the form comes back, as typed.
    let fields = [("organisation_code", "SBMI-CRB"), ("purpose", "gaji tidak dibayar")];
    let (s, again) = desk.post_form(&handover, &fields).await;
    assert_eq!(s, 422, "{again}");
    assert!(again.contains("belum memberi persetujuan untuk membagikan datanya kepada mitra ini"), "{again}");
    assert!(again.contains("value=\"gaji tidak dibayar\"") && again.contains("value=\"SBMI-CRB\" required checked"));
    // The way to record it opens the consent form filled in.
    let consent = format!("/people/{person}/consents/new?purpose=share_with_partners&amp;organisation_code=SBMI-CRB");
    assert!(again.contains(&consent), "{again}");
    let (_, consent_form) = desk.page(&consent.replace("&amp;", "&")).await;
    assert!(consent_form.contains("value=\"share_with_partners\" selected"), "{consent_form}");
    desk_api.consent(&person, "share_with_partners", "SBMI-CRB").await;

    let (s, to) = desk.post_form(&handover, &fields).await;
    assert_eq!((s, to.as_str()), (303, format!("/people/{person}#visits").as_str()));
    // Once is enough: she waits there already.
    let (s, e) =
        desk_api.post(&format!("/api/v1/people/{person}/handovers"), json!({"organisation_code": "sbmi-crb"})).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("already_waiting")), "{e}");

    // The union finds her in its "my work", its home page and its API.
    let union = t.in_browser("cirebon.union").await;
    let (_, home) = union.page("/").await;
    assert!(home.contains("Menunggu di meja kami") && home.contains("href=\"/cases#my-desk\""), "{home}");
    let (_, work) = union.page("/cases").await;
    let section = &work[work.find("id=\"my-desk\"").unwrap()..];
    assert!(section.contains("Kartini Binti Sahari") && section.contains("gaji tidak dibayar"), "{work}");
    let (s, mine) = t.as_user("cirebon.union").await.get("/api/v1/me/desk").await;
    assert_eq!(s, 200);
    let entry = mine.as_array().unwrap().iter().find(|e| e["person_id"] == person.as_str()).unwrap().clone();
    assert_eq!((entry["organisation_code"].as_str(), entry["status"].as_str()), (Some("SBMI-CRB"), Some("waiting")));
    // It calls her from there and comes back to its work.
    let (office, visit) = (entry["office_id"].as_str().unwrap(), entry["visit_id"].as_str().unwrap());
    let (s, to) = union
        .post_form(&format!("/offices/{office}/queue/{visit}/SBMI-CRB"), &[("to", "called"), ("back", "work")])
        .await;
    assert_eq!((s, to.as_str()), (303, "/cases#my-desk"));
    let (_, mine) = t.as_user("cirebon.union").await.get("/api/v1/me/desk").await;
    assert!(mine.to_string().contains("\"called\""), "{mine}");

    // The crisis centre, another desk, finds nothing of hers; another
    // district's front desk cannot hand her over.
    let (_, wcc) = t.as_user("cirebon.wcc").await.get("/api/v1/me/desk").await;
    assert!(!wcc.to_string().contains(&person), "{wcc}");
    let other = t.as_user("blitar.desk").await;
    let (s, _) =
        other.post(&format!("/api/v1/people/{person}/handovers"), json!({"organisation_code": "SBMI-CRB"})).await;
    assert_eq!(s, 404);
    // A partner that does not serve at the office is refused by name.
    let (s, e) =
        desk_api.post(&format!("/api/v1/people/{person}/handovers"), json!({"organisation_code": "SBMI-BLT"})).await;
    assert_eq!((s, e["error"]["fields"][0]["code"].as_str()), (422, Some("not_at_office")), "{e}");
}
both!(the_front_desk_hands_a_person_over_to_the_union);

async fn home_pages_start_with_each_role_s_work(engine: Engine) {
    let t = spawn_demo(engine).await;
    let steps = |html: &str| {
        let nav = &html[html.find("id=\"steps\"").unwrap()..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        nav.split("href=\"").skip(1).map(|s| s.split('"').next().unwrap().to_string()).collect::<Vec<_>>()
    };
    let (_, desk) = t.in_browser("cirebon.desk").await.page("/").await;
    let desk_steps = steps(&desk);
    assert_eq!(desk_steps[..2], ["/people".to_string(), "/people/new".to_string()], "{desk}");
    assert!(desk_steps.iter().any(|s| s.ends_with("/queue")), "{desk_steps:?}");
    let (_, sup) = t.in_browser("cirebon.union.sup").await.page("/").await;
    assert!(steps(&sup).contains(&"/cases/caseload".to_string()), "{sup}");
    let (_, admin) = t.in_browser("admin").await.page("/").await;
    let admin_steps = steps(&admin);
    assert!(admin_steps.contains(&"/admin/users".to_string()) && admin_steps.contains(&"/admin/audit".to_string()));
    assert!(!admin_steps.contains(&"/people/new".to_string()), "{admin_steps:?}");
    // Signed out: the offices, no work.
    let public = t.get("/").await.text().await.unwrap();
    assert!(!public.contains("id=\"steps\"") && public.contains("Layanan Terpadu Satu Atap"), "{public}");
}
both!(home_pages_start_with_each_role_s_work);
