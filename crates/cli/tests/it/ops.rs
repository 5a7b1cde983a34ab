//! Health, readiness, metrics, headers, static files.

use satuatap_store::Engine;

use crate::both;
use crate::helpers::{raw_query_strings, raw_sql, spawn_app, spawn_demo};

async fn health_and_readiness(engine: Engine) {
    let t = spawn_app(engine).await;
    let (s, v) = t.get_json("/healthz").await;
    assert_eq!((s, v["status"].as_str()), (200, Some("ok")));
    let (s, v) = t.get_json("/readyz").await;
    assert_eq!(s, 200);
    assert_eq!(v["database"], if engine == Engine::Sqlite { "sqlite" } else { "postgres" });
    // With the database gone, the service is alive but not ready.
    t.db.close().await;
    let (s, v) = t.get_json("/readyz").await;
    assert_eq!((s, v["status"].as_str()), (503, Some("unavailable")));
    let (s, _) = t.get_json("/healthz").await;
    assert_eq!(s, 200);
    // A page needing the database answers 500 with a friendly page, not 400.
    let r = t.get("/organisations").await;
    assert_eq!(r.status(), 500);
    assert!(r.text().await.unwrap().contains("Terjadi gangguan"));
}
both!(health_and_readiness);

/// A table filled behind the planner's back (no statistics) has them after
/// `Db::optimize` (run by `serve` at start and every hour); a table never
/// filled is left alone.
async fn optimize_gives_new_tables_statistics(engine: Engine) {
    let t = spawn_app(engine).await;
    raw_sql(
        &t.db_url,
        &[
            "CREATE TABLE optimize_probe (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)",
            "CREATE INDEX optimize_probe_v ON optimize_probe (v)",
            "CREATE TABLE optimize_empty (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)",
            "CREATE INDEX optimize_empty_v ON optimize_empty (v)",
            "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 5000) \
             INSERT INTO optimize_probe (id, v) SELECT i, i % 7 FROM s",
        ],
    )
    .await
    .unwrap();
    let unanalyzed = |table: &str| {
        let sql = if engine == Engine::Sqlite {
            format!("SELECT CAST(count(*) AS TEXT) FROM sqlite_stat1 WHERE tbl = '{table}'")
        } else {
            format!(
                "SELECT CAST(count(*) AS TEXT) FROM pg_stat_user_tables \
                 WHERE relname = '{table}' AND last_analyze IS NOT NULL"
            )
        };
        let url = t.db_url.clone();
        async move { raw_query_strings(&url, &sql).await == ["0"] }
    };
    assert!(unanalyzed("optimize_probe").await, "no statistics before");
    t.db.optimize().await.unwrap();
    assert!(!unanalyzed("optimize_probe").await, "statistics of the filled table after");
    assert!(unanalyzed("optimize_empty").await, "the empty table left alone");
    // Run again, it finds nothing to do and does it without error.
    t.db.optimize().await.unwrap();
}
both!(optimize_gives_new_tables_statistics);

async fn metrics_name_routes_not_paths(engine: Engine) {
    let t = spawn_demo(engine).await;
    t.get("/api/v1/areas/32.09.15.1004").await;
    t.get("/healthz").await;
    // Counts per route say what work is done: for those who run the service.
    assert_eq!(t.get("/metrics").await.status(), 401);
    let desk = crate::helpers::api_token(&t, "cirebon.desk").await;
    assert_eq!(t.client.get(t.url("/metrics")).bearer_auth(&desk).send().await.unwrap().status(), 403);
    let admin = crate::helpers::api_token(&t, "admin").await;
    let r = t.client.get(t.url("/metrics")).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("satuatap_http_requests_total{method=\"GET\",route=\"/api/v1/areas/{code}\",status=\"200\"} 1"),
        "{text}"
    );
    assert!(text.contains("satuatap_http_request_duration_seconds_bucket"));
    assert!(!text.contains("32.09.15.1004"), "no identifiers in metrics");
}
both!(metrics_name_routes_not_paths);

#[tokio::test]
async fn security_headers_compression_and_caching() {
    let t = spawn_app(Engine::Sqlite).await;
    for path in ["/", "/api/v1/areas", "/no-such-page"] {
        let r = t.get(path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "same-origin");
        assert!(h.contains_key("x-operation-id"));
    }
    let home = t.get("/").await.text().await.unwrap();
    let css =
        home.split("href=\"").find_map(|s| s.split('"').next().filter(|u| u.ends_with("app.css"))).unwrap().to_string();
    let r = t.client.get(t.url(&css)).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(r.headers()["content-encoding"], "gzip");
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
    let etag = r.headers()["etag"].clone();
    let r = t.client.get(t.url(&css)).header("if-none-match", etag).send().await.unwrap();
    assert_eq!(r.status(), 304);
    let r = t.get("/static/old/app.css").await;
    assert_eq!(r.headers()["cache-control"], "public, max-age=60");
    let js = t.get(&css.replace("app.css", "vendor/htmx.min.js")).await;
    assert_eq!(js.status(), 200);
    assert!(js.headers()["content-type"].to_str().unwrap().contains("javascript"));
    assert_eq!(t.get(&css.replace("app.css", "missing.css")).await.status(), 404);
}
