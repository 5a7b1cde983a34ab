//! Synthetic people for the demo districts (`satuatap demo --people N`):
//! generated rows go through the same checks and bulk writes as an import.

use indicatif::{ProgressBar, ProgressStyle};
use satuatap_core::access::Ctx;
use satuatap_core::areas::area::{AreaCode, AreaFilter, AreaLevel};
use satuatap_core::paging::PageRequest;
use satuatap_core::App;

use crate::demo::district_codes;
use crate::demo_common::DemoError;
use crate::people_import::{read_row, Columns, BATCH};
use crate::synth::{Synth, COLUMNS};

/// The villages of a regency (through its kecamatan).
async fn villages_of(app: &App, regency: &AreaCode) -> Result<Vec<String>, satuatap_core::Error> {
    let mut villages = Vec::new();
    let all = |parent: &AreaCode, level| AreaFilter { parent: Some(parent.clone()), level: Some(level), name: None };
    let districts = app.areas(&all(regency, AreaLevel::District), PageRequest::first(1000)).await?;
    for d in &districts.items {
        let v = app.areas(&all(&d.code, AreaLevel::Village), PageRequest::first(1000)).await?;
        villages.extend(v.items.into_iter().map(|a| a.code.as_str().to_string()));
    }
    Ok(villages)
}

/// Adds `n` synthetic people, shared out over the demo districts, each
/// registered by the district's manpower office. Returns how many.
pub async fn add(app: &App, n: u64, seed: u64) -> Result<u64, DemoError> {
    let ctx = Ctx::system();
    let districts = district_codes()?;
    let header = csv::StringRecord::from(COLUMNS.to_vec());
    let cols = Columns::from_header(&header).map_err(|e| DemoError::People(e.to_string()))?;
    let bar = ProgressBar::new(n);
    if let Ok(style) = ProgressStyle::with_template("people [{elapsed_precise}] {wide_bar} {pos}/{len} ({eta})") {
        bar.set_style(style);
    }
    let today = chrono::Utc::now().date_naive();
    let count = districts.len() as u64;
    let mut written = 0;
    for (i, d) in districts.iter().enumerate() {
        let share = n / count + u64::from((i as u64) < n % count);
        if share == 0 {
            continue;
        }
        let regency = AreaCode::parse("district", &d.code).map_err(|e| DemoError::People(e.code.to_string()))?;
        let villages = villages_of(app, &regency).await.map_err(|e| DemoError::People(e.to_string()))?;
        let mut synth = Synth::new(seed.wrapping_add(i as u64), villages, d.agencies.clone(), today);
        let mut importer = app.importer(&ctx, &d.organisation).await.map_err(|e| DemoError::People(e.to_string()))?;
        let mut writer = crate::people_import::BackgroundWriter::start(importer.split_writer());
        let mut done = 0;
        while done < share {
            let size = (share - done).min(BATCH as u64);
            let rows =
                (0..size).map(|k| read_row(done + k + 2, &csv::StringRecord::from(synth.row()), &cols)).collect();
            let (records, refused) = importer.check(rows).await.map_err(|e| DemoError::People(e.to_string()))?;
            if let Some(r) = refused.first() {
                let fields: Vec<_> = r.errors.iter().map(|e| format!("{} {}", e.field, e.code)).collect();
                return Err(DemoError::People(format!("generated row refused: {}", fields.join(", "))));
            }
            writer.send(records).await;
            done += size;
            bar.inc(size);
        }
        let writer = writer.finish().await.map_err(|e| DemoError::People(e.to_string()))?;
        let summary = writer.commit("demo generator").await.map_err(|e| DemoError::People(e.to_string()))?;
        written += summary.people;
        if share >= 20 {
            crate::demo_cases::add(app, d, &d.users).await?;
            crate::demo_referrals::add(app, d, &d.users).await?;
            crate::demo_community::add(app, d).await?;
            crate::demo_community_year::add(app, d, seed.wrapping_add(i as u64)).await?;
        }
    }
    bar.finish_and_clear();
    Ok(written)
}
