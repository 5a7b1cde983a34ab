//! Line lists as files (CSV or XLSX), written page by page into a
//! temporary file and streamed from it, so memory stays flat whatever the
//! length; the API (`GET /api/v1/reports/lines/{list}`) and the page
//! (`/reports/lines`, a form per list) share one writer.

use std::collections::HashMap;
use std::io::Write;

use askama::Template;
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use satuatap_core::access::Ctx;
use satuatap_core::areas::area::AreaCode;
use satuatap_core::cases::case::CaseStatus;
use satuatap_core::referrals::referral::ReferralStatus;
use satuatap_core::registry::episode::MigrationStage;
use satuatap_core::registry::person::Sex;
use satuatap_core::reports::lines::{columns, LineCell, LineFilter, LineList};
use satuatap_core::{Error, FieldError};
use serde::Deserialize;
use tokio_util::io::ReaderStream;

use super::export::neutralise;
use crate::api::{optional, ApiPath, ApiQuery};
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::i18n::{I18n, Lang};
use crate::page::{field_errors, render, render_again, PageCtx};
use crate::state::AppState;

/// The filters of a line list and the file's format. Each list takes its own filters
/// (`within`, `sex`, `stage` for people; `district`, `status` for cases; `box`, `status` for
/// referrals); one given to another list is refused.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LineParams {
    /// `csv` or `xlsx`.
    #[serde(default)]
    pub format: String,
    /// People: the village, or an area the village lies in.
    pub within: Option<String>,
    /// People: `female` or `male`.
    pub sex: Option<String>,
    /// People: the migration stage.
    pub stage: Option<String>,
    /// Cases: a district (regency) code within the reader's scope.
    pub district: Option<String>,
    /// Cases: `open` or `closed`; referrals: a referral status.
    pub status: Option<String>,
    /// Referrals: `sent` (default) or `received`.
    #[serde(rename = "box")]
    pub which: Option<String>,
}

fn invalid(e: FieldError) -> AppError {
    AppError(Error::Invalid(vec![e]))
}

impl LineParams {
    fn filter(&self, list: LineList) -> Result<LineFilter, AppError> {
        let given = |v: &Option<String>| v.as_ref().is_some_and(|v| !v.trim().is_empty());
        let refuse_others = |allowed: &[&str]| -> Result<(), AppError> {
            let all = [
                ("within", given(&self.within)),
                ("sex", given(&self.sex)),
                ("stage", given(&self.stage)),
                ("district", given(&self.district)),
                ("status", given(&self.status)),
                ("box", given(&self.which)),
            ];
            match all.iter().find(|(k, on)| *on && !allowed.contains(k)) {
                Some((k, _)) => Err(invalid(FieldError::new(*k, "not_a_filter").with("list", list.as_str()))),
                None => Ok(()),
            }
        };
        Ok(match list {
            LineList::People => {
                refuse_others(&["within", "sex", "stage"])?;
                LineFilter::People {
                    within: optional(&self.within, |v| AreaCode::parse("within", v))?,
                    sex: optional(&self.sex, |v| Sex::parse("sex", v))?,
                    stage: optional(&self.stage, |v| MigrationStage::parse("stage", v))?,
                }
            }
            LineList::Cases => {
                refuse_others(&["district", "status"])?;
                LineFilter::Cases {
                    district: optional(&self.district, |v| AreaCode::parse("district", v))?,
                    status: optional(&self.status, |v| CaseStatus::parse("status", v))?,
                }
            }
            LineList::Referrals => {
                refuse_others(&["box", "status"])?;
                let received = match self.which.as_deref().map(str::trim) {
                    None | Some("") | Some("sent") => false,
                    Some("received") => true,
                    Some(other) => return Err(invalid(FieldError::new("box", "unknown_code").with("value", other))),
                };
                LineFilter::Referrals {
                    received,
                    status: optional(&self.status, |v| ReferralStatus::parse("status", v))?,
                }
            }
        })
    }
}

fn format_of(raw: &str) -> Result<&'static str, AppError> {
    match raw.trim() {
        "csv" => Ok("csv"),
        "xlsx" => Ok("xlsx"),
        other => Err(invalid(FieldError::new("format", "unknown_code").with("value", other))),
    }
}

fn list_of(raw: &str) -> Result<LineList, AppError> {
    LineList::parse("list", raw).map_err(invalid)
}

/// A line list (`people`, `cases` or `referrals`) as a file, one row per record the caller
/// may read and only the columns of the list; details a person has not agreed to share
/// with the caller's organisation are left empty. Needs the export permission and the
/// list's own read permission; audited with its filters and rows (and the names shown, as
/// a list is).
#[utoipa::path(get, path = "/api/v1/reports/lines/{list}", tag = "reports",
    params(("list" = String, Path, description = "`people`, `cases` or `referrals`"), LineParams),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 403, body = crate::error::ErrorBody),
        (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn lines(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    headers: HeaderMap,
    ApiPath(list): ApiPath<String>,
    ApiQuery(q): ApiQuery<LineParams>,
) -> Result<Response, AppError> {
    let list = LineList::parse("list", &list).map_err(|_| AppError(Error::not_found("line_list")))?;
    respond(&state, &call, crate::page::api_lang(&headers), list, &q).await
}

async fn respond(
    state: &AppState,
    call: &Ctx,
    lang: Lang,
    list: LineList,
    q: &LineParams,
) -> Result<Response, AppError> {
    let format = format_of(&q.format)?;
    let filter = q.filter(list)?;
    let mut ex = state.app.start_lines(call, filter, format).await?;
    let file = tempfile::NamedTempFile::new().map_err(Error::internal)?;
    let mut labels = Labels { i18n: &state.i18n, lang, areas: HashMap::new() };
    let headers: Vec<String> = columns(list).iter().map(|c| state.i18n.t(lang, &format!("line-{c}"))).collect();
    if format == "csv" {
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file.reopen().map_err(Error::internal)?));
        w.write_record(headers.iter().map(|h| neutralise(h))).map_err(Error::internal)?;
        while let Some(rows) = state.app.next_lines(call, &mut ex).await? {
            labels.learn_areas(state, &rows).await?;
            for r in &rows {
                w.write_record(r.iter().map(|c| labels.csv(c))).map_err(Error::internal)?;
            }
        }
        let mut inner = w.into_inner().map_err(|e| Error::internal(e.into_error()))?;
        inner.flush().map_err(Error::internal)?;
    } else {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet_with_constant_memory().map_err(Error::internal)?;
        sheet.set_name(list.as_str()).map_err(Error::internal)?;
        let formats = Formats::new();
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, col(c), neutralise(h), &formats.bold).map_err(Error::internal)?;
        }
        let mut row: u32 = 0;
        while let Some(rows) = state.app.next_lines(call, &mut ex).await? {
            labels.learn_areas(state, &rows).await?;
            for r in &rows {
                row += 1;
                for (c, cell) in r.iter().enumerate() {
                    labels.xlsx(sheet, &formats, row, col(c), cell).map_err(Error::internal)?;
                }
            }
        }
        // Zipping the sheets takes seconds for a long list: off the async workers.
        let path = file.path().to_path_buf();
        tokio::task::spawn_blocking(move || book.save(&path))
            .await
            .map_err(Error::internal)?
            .map_err(Error::internal)?;
    }
    state.app.finish_lines(call, &ex).await?;
    let opened = tokio::fs::File::open(file.path()).await.map_err(Error::internal)?;
    // The open handle keeps the data; the name goes now.
    drop(file);
    let (mime, ext) = if format == "csv" {
        ("text/csv; charset=utf-8", "csv")
    } else {
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
    };
    let name = format!("{}-{}.{ext}", list.as_str(), state.app.today().format("%Y%m%d"));
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from_stream(ReaderStream::new(opened)),
    )
        .into_response())
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

struct Formats {
    bold: Format,
    date: Format,
    time: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            bold: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            time: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        }
    }
}

/// Cells in words: codes by their labels, areas by their names (learnt a page at a time).
struct Labels<'a> {
    i18n: &'a I18n,
    lang: Lang,
    areas: HashMap<AreaCode, String>,
}

impl Labels<'_> {
    async fn learn_areas(&mut self, state: &AppState, rows: &[Vec<LineCell>]) -> Result<(), AppError> {
        let mut missing: Vec<AreaCode> = rows
            .iter()
            .flatten()
            .filter_map(|c| match c {
                LineCell::Area(a) if !self.areas.contains_key(a) => Some(a.clone()),
                _ => None,
            })
            .collect();
        missing.sort();
        missing.dedup();
        if !missing.is_empty() {
            self.areas.extend(state.app.area_names(&missing).await?);
        }
        Ok(())
    }

    fn words(&self, c: &LineCell) -> String {
        match c {
            LineCell::Text(t) => t.clone(),
            LineCell::Code { list, code } => self.i18n.t(self.lang, &format!("{list}-{code}")),
            LineCell::Area(a) => self.areas.get(a).cloned().unwrap_or_else(|| a.as_str().to_string()),
            LineCell::Number(n) => n.to_string(),
            LineCell::Date(d) => d.format("%Y-%m-%d").to_string(),
            LineCell::Time(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            LineCell::Flag(b) => self.i18n.t(self.lang, if *b { "line-yes" } else { "line-no" }),
            LineCell::Empty => String::new(),
        }
    }

    fn csv(&self, c: &LineCell) -> String {
        match c {
            LineCell::Number(n) => n.to_string(),
            other => neutralise(&self.words(other)),
        }
    }

    fn xlsx(&self, sheet: &mut Worksheet, f: &Formats, row: u32, col: u16, c: &LineCell) -> Result<(), XlsxError> {
        match c {
            LineCell::Number(n) => {
                sheet.write_number(row, col, *n as f64)?;
            }
            LineCell::Date(d) => {
                let day = ExcelDateTime::parse_from_str(&d.format("%Y-%m-%d").to_string())?;
                sheet.write_datetime_with_format(row, col, &day, &f.date)?;
            }
            LineCell::Time(t) => {
                let at = ExcelDateTime::parse_from_str(&t.format("%Y-%m-%dT%H:%M:%S").to_string())?;
                sheet.write_datetime_with_format(row, col, &at, &f.time)?;
            }
            LineCell::Empty => {}
            other => {
                sheet.write_string(row, col, neutralise(&self.words(other)))?;
            }
        }
        Ok(())
    }
}

/// The form of each list, with what was typed.
#[derive(Debug, Default)]
struct Typed {
    list: String,
    params: LineParams,
}

#[derive(Template)]
#[template(path = "reports/lines.html")]
struct LinesPage {
    ctx: PageCtx,
    typed: Typed,
    errors: Vec<String>,
    sexes: &'static [Sex],
    stages: &'static [MigrationStage],
    case_statuses: &'static [CaseStatus],
    referral_statuses: &'static [ReferralStatus],
}

impl LinesPage {
    /// What was typed in this list's form (nothing in the others).
    fn typed(&self, list: &str, field: &str) -> String {
        if self.typed.list != list {
            return String::new();
        }
        let p = &self.typed.params;
        let v = match field {
            "format" => Some(&p.format),
            "within" => p.within.as_ref(),
            "sex" => p.sex.as_ref(),
            "stage" => p.stage.as_ref(),
            "district" => p.district.as_ref(),
            "status" => p.status.as_ref(),
            "box" => p.which.as_ref(),
            _ => None,
        };
        v.cloned().unwrap_or_default()
    }
}

fn lenient(raw: Option<&str>) -> Typed {
    let mut t = Typed::default();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let v = v.into_owned();
        match k.as_ref() {
            "list" => t.list = v,
            "format" => t.params.format = v,
            "within" => t.params.within = Some(v),
            "sex" => t.params.sex = Some(v),
            "stage" => t.params.stage = Some(v),
            "district" => t.params.district = Some(v),
            "status" => t.params.status = Some(v),
            "box" => t.params.which = Some(v),
            _ => {}
        }
    }
    t
}

fn lines_page(ctx: PageCtx, typed: Typed, errors: Vec<String>) -> Result<Response, AppError> {
    let page = LinesPage {
        ctx,
        typed,
        errors,
        sexes: Sex::ALL,
        stages: MigrationStage::ALL,
        case_statuses: CaseStatus::ALL,
        referral_statuses: ReferralStatus::ALL,
    };
    if page.errors.is_empty() {
        render(&page)
    } else {
        render_again(&page)
    }
}

/// `GET /reports/lines`: a form per list, for those who may download one (readers of
/// aggregates only are refused here as the downloads refuse them).
pub async fn page(CallCtx(call, _): CallCtx, ctx: PageCtx) -> Result<Response, AppError> {
    if !satuatap_core::reports::lines::may_export_lines(&call.actor) {
        return Err(AppError(Error::Forbidden));
    }
    lines_page(ctx, Typed::default(), Vec::new())
}

/// `GET /reports/lines/export?list=&format=&…`: the file, or the forms again with what was
/// wrong (a refusal of the list itself is the error page of that refusal).
pub async fn download(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    let typed = lenient(raw.as_deref());
    let attempt = async {
        let list = list_of(&typed.list)?;
        respond(&state, &call, lang, list, &typed.params).await
    };
    match attempt.await {
        Ok(r) => Ok(r),
        Err(AppError(e @ Error::Invalid(_))) => {
            let errors = field_errors(&state, &ctx, e)?;
            lines_page(ctx, typed, errors)
        }
        Err(e) => Err(e),
    }
}
