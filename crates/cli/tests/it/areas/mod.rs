//! The area picker: areas found by name in the API and in every form that
//! asks for an area, names (not codes) in lists, on both engines.

use satuatap_store::Engine;
use serde_json::Value;

use crate::both;
use crate::helpers::spawn_demo;

fn codes(v: &Value) -> Vec<&str> {
    v["items"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap()).collect()
}

async fn areas_are_found_by_name(engine: Engine) {
    let t = spawn_demo(engine).await;
    let (s, v) = t.get_json("/api/v1/areas/search?q=dompyong%20kulon&level=village").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(codes(&v), ["32.09.30.2001"]);
    assert_eq!(v["items"][0]["label"], "Dompyong Kulon, Gebang, Kabupaten Cirebon (32.09.30.2001)");
    assert_eq!(v["items"][0]["within"][1], "Kabupaten Cirebon");
    // Two villages are called Sumber; the names above tell them apart.
    let (_, v) = t.get_json("/api/v1/areas/search?q=Sumber&level=village").await;
    assert_eq!(codes(&v)[..2], ["32.09.15.1004", "35.05.07.2003"]);
    let (_, v) = t.get_json("/api/v1/areas/search?q=sumber%20blitar&level=village").await;
    assert_eq!(codes(&v)[0], "35.05.07.2003");
    // Any level: the kecamatan before its villages of the same name.
    let (_, v) = t.get_json("/api/v1/areas/search?q=gebang").await;
    assert_eq!(codes(&v)[..3], ["32.09.30", "32.09.30.2008", "35.04.18.2017"]);
    // A code or the picker's label is that area; control characters are no match-all.
    let (_, v) = t.get_json("/api/v1/areas/search?q=32.09.30.2001").await;
    assert_eq!(codes(&v), ["32.09.30.2001"]);
    let (_, v) =
        t.get_json("/api/v1/areas/search?q=Dompyong%20Kulon%2C%20Gebang%20(32.09.30.2001)&level=district").await;
    assert_eq!(codes(&v), Vec::<&str>::new(), "not a kecamatan");
    let (_, v) = t.get_json("/api/v1/areas/search?q=%00").await;
    assert_eq!(codes(&v), Vec::<&str>::new());
    // Wildcards are text.
    let (_, v) = t.get_json("/api/v1/areas/search?q=%25").await;
    assert_eq!(codes(&v), Vec::<&str>::new());
    let (s, v) = t.get_json("/api/v1/areas/search?q=gebang&level=hamlet").await;
    assert_eq!((s, v["error"]["code"].as_str()), (422, Some("unknown_code")), "{v}");
}
both!(areas_are_found_by_name);

async fn forms_take_a_village_by_name(engine: Engine) {
    let t = spawn_demo(engine).await;
    let desk = t.in_browser("cirebon.desk").await;
    let person = |village: &'static str| {
        vec![("full_name", "Warsini Binti Darma"), ("sex", "female"), ("confirm", "true"), ("village_code", village)]
    };
    // The form shows a name field with suggestions, not a code.
    let (_, form) = desk.page("/people/new").await;
    assert!(form.contains("list=\"village_code-areas\"") && form.contains("data-area-search=\"village\""), "{form}");
    // An unknown name comes back with the message and everything typed.
    let (s, html) = desk.post_form("/people/new", &person("Atlantis")).await;
    assert_eq!(s, 422);
    assert!(html.contains("tidak ada wilayah bernama “Atlantis”") && html.contains("value=\"Warsini Binti Darma\""));
    assert!(html.contains("value=\"Atlantis\""), "{html}");
    // A name that fits two villages asks which one, with the places above.
    let (s, html) = desk.post_form("/people/new", &person("sumber")).await;
    assert_eq!(s, 422);
    let first = "Sumber, Sumber, Kabupaten Cirebon (32.09.15.1004)";
    assert!(html.contains(&format!("type=\"radio\" name=\"village_code\" value=\"{first}\"")), "{html}");
    assert!(html.contains("Sumber, Sanankulon, Kabupaten Blitar (35.05.07.2003)"), "{html}");
    assert!(html.contains("value=\"?sumber\""), "search again keeps the words: {html}");
    // A village of another district is refused in the form, as typed.
    let (s, html) =
        desk.post_form("/people/new", &person("Sumber, Sanankulon, Kabupaten Blitar (35.05.07.2003)")).await;
    assert_eq!(s, 422, "{html}");
    assert!(html.contains("di luar wilayah tempat Anda boleh mendaftarkan orang"), "{html}");
    assert!(html.contains("value=\"Warsini Binti Darma\""), "{html}");
    // Choosing one registers her there; the page and the list show names.
    let (s, page) = desk.post_form("/people/new", &person(first)).await;
    assert_eq!(s, 303, "{page}");
    let (_, html) = desk.page(&page).await;
    assert!(html.contains("Sumber (32.09.15.1004)"), "{html}");
    // A unique name is enough.
    let (s, page) = desk.post_form("/people/new", &person("Dompyong Kulon")).await;
    assert_eq!(s, 303, "{page}");
    let (_, html) = desk.page(&page).await;
    assert!(html.contains("Dompyong Kulon (32.09.30.2001)"), "{html}");
    let (_, list) = desk.page("/people?q=Warsini").await;
    assert!(list.contains("· Dompyong Kulon") && list.contains("· Sumber") && !list.contains("· 32.09"), "{list}");
    // "Search again" brings the words back into the field.
    let (s, html) = desk.post_form("/people/new", &person("?sumber")).await;
    assert_eq!(s, 422);
    assert!(html.contains("name=\"village_code\" value=\"sumber\""), "{html}");
    // A kecamatan is not a village.
    let (s, html) = desk.post_form("/people/new", &person("32.09.30")).await;
    assert_eq!(s, 422);
    assert!(html.contains("bukan wilayah pada tingkat yang diminta"), "{html}");

    // The list's area filter takes a name; several fitting ones are links.
    let (s, list) = desk.page("/people?q=Warsini&within=dompyong%20kulon").await;
    assert_eq!(s, 200);
    assert!(list.contains("· Dompyong Kulon") && !list.contains("· Sumber"), "{list}");
    assert!(list.contains("value=\"Dompyong Kulon, Gebang, Kabupaten Cirebon (32.09.30.2001)\""), "{list}");
    let (_, list) = desk.page("/people?q=Warsini&within=sumber").await;
    assert!(list.contains("banyak wilayah cocok dengan “sumber”"), "{list}");
    assert!(list.contains("within=32.09.15.1004") && list.contains("within=35.05.07.2003"), "{list}");
    assert!(!list.contains("· Dompyong Kulon"), "nobody is listed until the area is chosen: {list}");
}
both!(forms_take_a_village_by_name);

async fn administration_forms_take_areas_by_name(engine: Engine) {
    let t = spawn_demo(engine).await;
    let admin = t.in_browser("admin").await;
    // A user's home area by name; a refused form keeps what was typed.
    let (_, users) = admin.page("/admin/users").await;
    assert!(users.contains("<optgroup label=\"Kabupaten Cirebon\">"), "organisations by district: {users}");
    let user = |area: &'static str, org: &'static str| {
        vec![
            ("username", "gebang.desk"),
            ("display_name", "Meja Gebang"),
            ("organisation_code", org),
            ("roles", "administrator"),
            ("home_area_code", area),
            ("password", "a-long-password-1"),
        ]
    };
    let (s, html) = admin.post_form("/admin/users", &user("Atlantis", "DISNAKER-CRB")).await;
    assert_eq!(s, 422, "{html}");
    assert!(html.contains("value=\"gebang.desk\"") && html.contains("value=\"administrator\" checked"), "{html}");
    assert!(!html.contains("a-long-password-1"), "the password is not sent back");
    let (s, html) = admin.post_form("/admin/users", &user("Kabupaten Cirebon", "NO-SUCH-ORG")).await;
    assert_eq!(s, 422, "{html}");
    assert!(html.contains("value=\"Kabupaten Cirebon, Jawa Barat (32.09)\""), "{html}");
    let (s, _) = admin.post_form("/admin/users", &user("Kabupaten Cirebon", "DISNAKER-CRB")).await;
    assert_eq!(s, 303);
    let (_, users) = admin.page("/admin/users?q=gebang.desk").await;
    assert!(users.contains("Kabupaten Cirebon") && !users.contains(">32.09<"), "{users}");

    // An organisation's area by name; the edit form shows the name.
    let org = [
        ("code", "WCC-GEBANG"),
        ("name", "Pos Krisis Gebang"),
        ("kind", "crisis_centre"),
        ("area_code", "kabupaten cirebon"),
    ];
    let (s, page) = admin.post_form("/organisations/new", &org).await;
    assert_eq!(s, 303, "{page}");
    let (_, form) = admin.page(&format!("{page}/edit")).await;
    assert!(form.contains("value=\"Kabupaten Cirebon, Jawa Barat (32.09)\""), "{form}");
}
both!(administration_forms_take_areas_by_name);
