//! `satuatap people import FILE`: people from a CSV file (layout in the
//! README; the columns are those of [`crate::synth::COLUMNS`], by header
//! name, in any order; only `full_name` and `sex` are required).
//!
//! The file is read once: every row is checked, and the rows are written in
//! one transaction that is committed only when no row was refused (or bad
//! rows are skipped); otherwise it is rolled back and nothing is written.

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use satuatap_core::access::Ctx;
use satuatap_core::money::RawAmount;
use satuatap_core::registry::episode::{ExternalId, NewCost, NewEpisode, NewMoney};
use satuatap_core::registry::import::{ImportRow, ImportSummary, ImportWriter, RowError};
use satuatap_core::registry::person::NewPerson;
use satuatap_core::repo::ImportRecord;
use satuatap_core::{App, FieldError};

/// Rows checked and written together.
pub const BATCH: usize = 5000;

/// People written at once by the background writer.
const WRITE_CHUNK: usize = 25_000;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {0}: {1}")]
    Read(String, String),
    #[error("{0}")]
    Core(#[from] satuatap_core::Error),
    #[error("the header lacks the required column {0}")]
    MissingColumn(&'static str),
    #[error("unknown column {0} in the header")]
    UnknownColumn(String),
}

/// Columns the generator leaves out.
const EXTRA_COLUMNS: [&str; 1] = ["other_phones"];

/// Where each known column is in the file.
pub struct Columns(HashMap<&'static str, usize>);

impl Columns {
    pub fn from_header(header: &csv::StringRecord) -> Result<Self, ImportError> {
        let mut map = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            let name = name.trim().trim_start_matches('\u{feff}');
            match crate::synth::COLUMNS.iter().chain(EXTRA_COLUMNS.iter()).find(|c| **c == name) {
                Some(c) => {
                    map.insert(*c, i);
                }
                None => return Err(ImportError::UnknownColumn(name.to_string())),
            }
        }
        for required in ["full_name", "sex"] {
            if !map.contains_key(required) {
                return Err(ImportError::MissingColumn(required));
            }
        }
        Ok(Columns(map))
    }

    fn get<'r>(&self, rec: &'r csv::StringRecord, name: &str) -> Option<&'r str> {
        self.0.get(name).and_then(|i| rec.get(*i)).map(str::trim).filter(|s| !s.is_empty())
    }
}

/// One CSV record as an import row (values are checked later, by the core).
pub fn read_row(line: u64, rec: &csv::StringRecord, cols: &Columns) -> ImportRow {
    let s = |name: &str| cols.get(rec, name).map(str::to_string);
    let mut read_errors = Vec::new();
    let estimated_age = match cols.get(rec, "estimated_age") {
        None => None,
        Some(a) => match a.parse::<i64>() {
            Ok(a) => Some(a),
            Err(_) => {
                read_errors.push(FieldError::new("estimated_age", "out_of_range").with("min", 0).with("max", 120));
                None
            }
        },
    };
    let person = NewPerson {
        full_name: cols.get(rec, "full_name").unwrap_or_default().to_string(),
        other_names: cols
            .get(rec, "other_names")
            .map(|n| n.split(';').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect())
            .unwrap_or_default(),
        sex: cols.get(rec, "sex").unwrap_or_default().to_string(),
        birth_date: s("birth_date"),
        estimated_age,
        nik: s("nik"),
        phone: s("phone"),
        other_phones: cols
            .get(rec, "other_phones")
            .map(|n| n.split(';').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect())
            .unwrap_or_default(),
        village_code: s("village_code"),
        address: s("address"),
        marital_status: s("marital_status"),
        education: s("education"),
        disability: s("disability"),
        note: s("note"),
        // Imports are ordinary registrations; survivors are registered one by one.
        confidential: false,
    };
    let stage = s("stage");
    const EPISODE: [&str; 12] = [
        "destination",
        "sector",
        "occupation",
        "employer",
        "placement_agency",
        "departure_date",
        "return_date",
        "documented",
        "pmi_number",
        "recruitment_costs",
        "earnings_amount",
        "earnings_currency",
    ];
    let has_episode =
        EPISODE.iter().any(|c| cols.get(rec, c).is_some()) || stage.as_deref().is_some_and(|st| st != "family_member");
    let episode = has_episode.then(|| {
        let documented = match cols.get(rec, "documented") {
            None => None,
            Some("yes" | "ya" | "true" | "1") => Some(true),
            Some("no" | "tidak" | "false" | "0") => Some(false),
            Some(other) => {
                read_errors.push(FieldError::new("documented", "unknown_code").with("value", other));
                None
            }
        };
        let recruitment_costs = match cols.get(rec, "recruitment_costs") {
            None => Vec::new(),
            Some(list) => parse_costs(list).unwrap_or_else(|e| {
                read_errors.push(e);
                Vec::new()
            }),
        };
        let first_month_earnings = match (s("earnings_amount"), s("earnings_currency")) {
            (None, None) => None,
            (amount, currency) => Some(NewMoney {
                amount: RawAmount::Text(amount.unwrap_or_default()),
                currency: currency.unwrap_or_default(),
            }),
        };
        NewEpisode {
            stage: stage.clone().unwrap_or_default(),
            destination: s("destination"),
            sector: s("sector"),
            occupation: s("occupation"),
            employer: s("employer"),
            placement_agency_code: s("placement_agency"),
            departure_date: s("departure_date"),
            return_date: s("return_date"),
            documented,
            external_ids: s("pmi_number")
                .map(|v| vec![ExternalId { scheme: "siskop2mi".into(), value: v }])
                .unwrap_or_default(),
            recruitment_costs,
            first_month_earnings,
            note: None,
        }
    });
    ImportRow { line, person, stage, episode, read_errors }
}

/// `item:amount:currency[:date]` items separated by `;`.
fn parse_costs(list: &str) -> Result<Vec<NewCost>, FieldError> {
    list.split(';')
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(|item| {
            let parts: Vec<&str> = item.split(':').map(str::trim).collect();
            match parts.as_slice() {
                [item, amount, currency] | [item, amount, currency, _] => Ok(NewCost {
                    item: (*item).to_string(),
                    amount: RawAmount::Text((*amount).to_string()),
                    currency: (*currency).to_string(),
                    date: parts.get(3).map(|d| (*d).to_string()),
                }),
                _ => Err(FieldError::new("recruitment_costs", "invalid_cost_list").with("value", item)),
            }
        })
        .collect()
}

/// How an import should behave.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Check every row, write nothing.
    pub dry_run: bool,
    /// Write the valid rows even when some are refused.
    pub skip_bad_rows: bool,
}

/// What came of an import.
#[derive(Debug, Default)]
pub struct ImportOutcome {
    pub rows: u64,
    pub refused: Vec<RowError>,
    pub written: ImportSummary,
}

fn progress(path: &Path, message: &'static str) -> ProgressBar {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(size);
    if let Ok(style) =
        ProgressStyle::with_template("{msg:12} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({eta})")
    {
        bar.set_style(style);
    }
    bar.set_message(message);
    bar
}

/// Reads the file in batches and hands each batch to `each`.
async fn each_batch<F>(path: &Path, bar: &ProgressBar, mut each: F) -> Result<u64, ImportError>
where
    F: AsyncFnMut(Vec<ImportRow>) -> Result<(), ImportError>,
{
    let file = File::open(path).map_err(|e| ImportError::Read(path.display().to_string(), e.to_string()))?;
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bar.wrap_read(file));
    let header = reader.headers().map_err(|e| ImportError::Read(path.display().to_string(), e.to_string()))?.clone();
    let cols = Columns::from_header(&header)?;
    let mut batch = Vec::with_capacity(BATCH);
    let mut rows = 0;
    for (i, rec) in reader.records().enumerate() {
        // Line numbers as an editor shows them: the header is line 1.
        let line = rec.as_ref().ok().and_then(|r| r.position()).map(|p| p.line()).unwrap_or(i as u64 + 2);
        rows += 1;
        match rec {
            Ok(rec) => batch.push(read_row(line, &rec, &cols)),
            Err(e) => batch.push(ImportRow {
                line,
                read_errors: vec![FieldError::new("row", "unreadable_row").with("value", e.to_string())],
                ..Default::default()
            }),
        }
        if batch.len() == BATCH {
            each(std::mem::take(&mut batch)).await?;
        }
    }
    if !batch.is_empty() {
        each(batch).await?;
    }
    Ok(rows)
}

/// An import's writer on its own task: the database takes one chunk of
/// [`WRITE_CHUNK`] records while the next chunk is checked (a whole chunk,
/// so that the checks never wait for the database, nor it for them).
pub struct BackgroundWriter {
    to_writer: tokio::sync::mpsc::Sender<Vec<ImportRecord>>,
    /// Checked records of the next chunk.
    pending: Vec<ImportRecord>,
    writing: tokio::task::JoinHandle<Result<ImportWriter, satuatap_core::Error>>,
}

impl BackgroundWriter {
    pub fn start(mut writer: ImportWriter) -> Self {
        // One chunk waits while one is written.
        let (to_writer, mut chunks) = tokio::sync::mpsc::channel::<Vec<ImportRecord>>(1);
        let writing = tokio::spawn(async move {
            while let Some(chunk) = chunks.recv().await {
                writer.write(chunk).await?;
            }
            Ok(writer)
        });
        Self { to_writer, pending: Vec::with_capacity(WRITE_CHUNK + BATCH), writing }
    }

    /// Hands checked records over; they are written in chunks (larger writes:
    /// their name rows go to the indexes in key order). If the writer stopped
    /// on an error, [`Self::finish`] tells it.
    pub async fn send(&mut self, records: Vec<ImportRecord>) {
        self.pending.extend(records);
        if self.pending.len() >= WRITE_CHUNK {
            let chunk = std::mem::replace(&mut self.pending, Vec::with_capacity(WRITE_CHUNK + BATCH));
            let _ = self.to_writer.send(chunk).await;
        }
    }

    /// Writes what is left and waits for every chunk to be written: the
    /// writer, to commit or drop (rolling back), or the error that stopped it.
    pub async fn finish(self) -> Result<ImportWriter, satuatap_core::Error> {
        let Self { to_writer, pending, writing } = self;
        if !pending.is_empty() {
            let _ = to_writer.send(pending).await;
        }
        drop(to_writer);
        writing.await.map_err(satuatap_core::Error::internal)?
    }
}

/// Imports people from `path`, registered by `organisation_code`.
pub async fn import_file(
    app: &App,
    ctx: &Ctx,
    path: &Path,
    organisation_code: &str,
    options: ImportOptions,
) -> Result<ImportOutcome, ImportError> {
    let mut importer = app.importer(ctx, organisation_code).await?;
    let mut outcome = ImportOutcome::default();
    // One pass: each batch is checked, then written inside the import's one
    // transaction while nothing has been refused (or bad rows are skipped).
    // The writer runs on its own task, so that the database takes one batch
    // while the next is checked. Once a row is refused without
    // --skip-bad-rows, the rest is only checked, and the transaction is
    // rolled back: nothing is written.
    let bar = progress(path, if options.dry_run { "checking" } else { "importing" });
    let mut writer = BackgroundWriter::start(importer.split_writer());
    let refused = &mut outcome.refused;
    let read = each_batch(path, &bar, async |rows| {
        let (records, bad) = importer.check(rows).await?;
        refused.extend(bad);
        if !options.dry_run && (options.skip_bad_rows || refused.is_empty()) && !records.is_empty() {
            writer.send(records).await;
        }
        Ok(())
    })
    .await;
    let writer = writer.finish().await?;
    outcome.rows = read?;
    bar.finish_and_clear();
    if options.dry_run || (!outcome.refused.is_empty() && !options.skip_bad_rows) {
        // Dropping the writer rolls its transaction back.
        return Ok(outcome);
    }
    outcome.written = writer.commit(&format!("file {}", file_name(path))).await?;
    Ok(outcome)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
