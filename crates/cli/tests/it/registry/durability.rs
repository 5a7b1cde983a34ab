//! Nothing acknowledged is lost: the server is killed (SIGKILL) in the middle
//! of a registration load, and every registration it answered 201 to is in
//! the database afterwards, with an audit log that verifies.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use satuatap_core::repo::PersonRepository;
use satuatap_store::Engine;
use serde_json::json;

use crate::backup::{run, satuatap};
use crate::both;
use crate::helpers::{config_for, fresh_database};

async fn acknowledged_registrations_survive_a_kill(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let (url, _keep) = fresh_database(engine).await;
    let (code, _, err) = run(satuatap(dir.path(), &url).arg("demo"));
    assert_eq!(code, 0, "{err}");
    let mut child = satuatap(dir.path(), &url)
        .arg("serve")
        .env("SATUATAP_BIND", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line.trim().rsplit(' ').next().unwrap().trim_end_matches('/').to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{line}");
    let client = reqwest::Client::new();
    let token: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/token"))
        .json(&json!({"username": "cirebon.desk", "password": "demo-password"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["token"].as_str().unwrap().to_string();

    // Eight writers, until the server is gone.
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..8 {
        let (client, base, token, stop) = (client.clone(), base.clone(), token.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let body = json!({
                    "full_name": format!("Ketahanan Uji {w} {n}"),
                    "sex": "female",
                    "birth_date": "1991-02-03",
                    "village_code": "32.09.30.2001",
                });
                let Ok(response) =
                    client.post(format!("{base}/api/v1/people")).bearer_auth(&token).json(&body).send().await
                else {
                    break;
                };
                if response.status() != 201 {
                    break;
                }
                let Ok(created) = response.json::<serde_json::Value>().await else { break };
                acknowledged.push(created["person"]["id"].as_str().or(created["id"].as_str()).unwrap().to_string());
            }
            acknowledged
        }));
    }
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(2500) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    let mut acknowledged = Vec::new();
    for w in writers {
        acknowledged.extend(w.await.unwrap());
    }
    assert!(acknowledged.len() >= 20, "a load before the kill: {}", acknowledged.len());

    // After the kill: every acknowledged registration is there, and the log verifies.
    let db = satuatap::startup::open_database(&url, &config_for(&url)).await.unwrap();
    let mut missing = Vec::new();
    for id in &acknowledged {
        if db.get_person(id.parse().unwrap()).await.unwrap().is_none() {
            missing.push(id.clone());
        }
    }
    db.close().await;
    assert!(missing.is_empty(), "{} of {} acknowledged registrations lost", missing.len(), acknowledged.len());
    let (code, out, err) = run(satuatap(dir.path(), &url).args(["audit", "verify"]));
    assert_eq!(code, 0, "{out}{err}");
}
both!(acknowledged_registrations_survive_a_kill);
