//! The storage story through the core services, on both engines.

use satuatap_core::access::Ctx;
use satuatap_core::areas::area::{AreaCode, AreaFilter, AreaLevel};
use satuatap_core::areas::import::AreaRow;
use satuatap_core::organisations::organisation::{NewOffice, NewOrganisation, OfficeFilter, OrganisationFilter};
use satuatap_core::paging::PageRequest;
use satuatap_core::Error;
use satuatap_store::Engine;

use crate::both;
use crate::helpers::spawn_app;

fn row(code: &str, parent: Option<&str>, name: &str) -> AreaRow {
    AreaRow {
        origin: format!("test:{code}"),
        code: code.into(),
        parent_code: parent.map(Into::into),
        name: name.into(),
    }
}

fn small_areas() -> Vec<AreaRow> {
    vec![
        // Children before parents on purpose: the import orders them.
        row("32.09.15.1004", Some("32.09.15"), "Sumber"),
        row("32.09.15", Some("32.09"), "Sumber"),
        row("32.09", Some("32"), "Kabupaten Cirebon"),
        row("32", None, "Jawa Barat"),
        row("32.09.30", Some("32.09"), "Gebang"),
        row("32.09.30.2001", Some("32.09.30"), "Dompyong Kulon"),
    ]
}

fn org(code: &str, kind: &str, area: &str) -> NewOrganisation {
    NewOrganisation {
        code: code.into(),
        name: format!("Organisasi {code}"),
        kind: kind.into(),
        area_code: area.into(),
        ..Default::default()
    }
}

async fn areas_and_organisations(engine: Engine) {
    let t = spawn_app(engine).await;
    let app = &t.app;
    let ctx = &Ctx::system();

    let summary = app.import_areas(ctx, small_areas()).await.unwrap();
    assert_eq!(summary.rows, 6);
    // Importing again renames in place, adds nothing.
    let mut renamed = small_areas();
    renamed[2].name = "Kab. Cirebon".into();
    app.import_areas(ctx, renamed).await.unwrap();
    let detail = app.area("32.09.15.1004").await.unwrap();
    assert_eq!(detail.area.level, AreaLevel::Village);
    let names: Vec<_> = detail.ancestors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Jawa Barat", "Kab. Cirebon", "Sumber"]);
    assert_eq!(app.area("32.09").await.unwrap().child_count, 2);

    let parent = AreaCode::parse("p", "32.09").unwrap();
    let page = app
        .areas(&AreaFilter { parent: Some(parent.clone()), ..Default::default() }, PageRequest::first(1))
        .await
        .unwrap();
    assert_eq!((page.total, page.items.len(), page.items[0].code.as_str()), (2, 1, "32.09.15"));
    let by_name = app
        .areas(&AreaFilter { name: Some("GEBANG".into()), ..Default::default() }, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(by_name.total, 1);
    let wildcard =
        app.areas(&AreaFilter { name: Some("%".into()), ..Default::default() }, PageRequest::default()).await.unwrap();
    assert_eq!(wildcard.total, 0, "LIKE wildcards in a search are literal");

    // An invalid file writes nothing.
    let before = app.areas(&AreaFilter::default(), PageRequest::first(1)).await.unwrap().total;
    let errors = app
        .import_areas(
            ctx,
            vec![row("33", None, "Jawa Tengah"), row("33.01", Some("33"), ""), row("34.01", None, "Orphan")],
        )
        .await
        .unwrap_err();
    let codes: Vec<_> = errors.iter().map(|e| (e.origin.as_str(), e.error.code)).collect();
    assert_eq!(codes, [("test:33.01", "required"), ("test:34.01", "unknown_area")]);
    assert_eq!(app.areas(&AreaFilter::default(), PageRequest::first(1)).await.unwrap().total, before);

    // Organisations.
    let union = app.create_organisation(ctx, &org("sbmi-crb", "trade_union", "32.09")).await.unwrap();
    assert_eq!(union.code, "SBMI-CRB");
    match app.create_organisation(ctx, &org("SBMI-CRB", "trade_union", "32.09")).await {
        Err(Error::Conflict { code: "duplicate_code", .. }) => {}
        other => panic!("duplicate accepted: {other:?}"),
    }
    match app.create_organisation(ctx, &org("X-1", "trade_union", "99.99")).await {
        Err(Error::Invalid(e)) => assert_eq!((e[0].field.as_str(), e[0].code), ("area_code", "unknown_area")),
        other => panic!("unknown area accepted: {other:?}"),
    }
    let village_gov =
        app.create_organisation(ctx, &org("DESA-1", "village_government", "32.09.30.2001")).await.unwrap();
    app.create_organisation(
        ctx,
        &NewOrganisation { parent_code: Some("SBMI-CRB".into()), ..org("SBMI-GEBANG", "trade_union", "32.09.30") },
    )
    .await
    .unwrap();

    let within = app
        .organisations(&OrganisationFilter { within: Some(parent), ..Default::default() }, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(within.total, 3);
    let searched = app
        .organisations(
            &OrganisationFilter { query: Some("gebang".into()), ..Default::default() },
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(searched.items.iter().map(|o| o.code.as_str()).collect::<Vec<_>>(), ["SBMI-GEBANG"]);

    // Offices.
    let office_input = NewOffice {
        code: "PID-1".into(),
        name: "Pusat Informasi Desa Dompyong Kulon".into(),
        kind: "village_information_centre".into(),
        area_code: "32.09.30".into(),
        organisation_code: "DESA-1".into(),
        address: "Kantor Desa".into(),
        phone: None,
    };
    match app.create_office(ctx, &office_input).await {
        Err(Error::Invalid(e)) => assert_eq!(e[0].code, "village_required"),
        other => panic!("centre outside a village accepted: {other:?}"),
    }
    let office =
        app.create_office(ctx, &NewOffice { area_code: "32.09.30.2001".into(), ..office_input }).await.unwrap();
    app.add_office_member(ctx, office.id, "SBMI-CRB").await.unwrap();
    app.add_office_member(ctx, office.id, "sbmi-crb").await.unwrap();
    let detail = app.office(office.id).await.unwrap();
    assert_eq!(detail.operator.id, village_gov.id);
    assert_eq!(detail.members.len(), 2);
    let union_detail = app.organisation(union.id).await.unwrap();
    assert_eq!(union_detail.offices.iter().map(|o| o.code.as_str()).collect::<Vec<_>>(), ["PID-1"]);
    let in_gebang = app
        .offices(
            &OfficeFilter { within: Some(AreaCode::parse("w", "32.09.30").unwrap()), ..Default::default() },
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(in_gebang.total, 1);
    assert!(matches!(app.office(uuid::Uuid::now_v7()).await, Err(Error::NotFound { .. })));
}
both!(areas_and_organisations);
