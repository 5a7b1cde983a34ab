//! DHIS2: a period's export written as a `dataValueSets` document (JSON)
//! or as ADX (XML, IHE QRPH ADX 2015), identifiers by code; the download
//! page (`/reports/dhis2`) and the administrators' mapping page
//! (`/admin/dhis2`, the mapping as two pasted CSV tables).

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use quick_xml::Writer;
use satuatap_core::access::Ctx;
use satuatap_core::reports::dhis2::{Dhis2Export, Dhis2Mapping, ElementMapping, OrgUnitMapping};
use satuatap_core::{Error, FieldError};
use serde::{Deserialize, Serialize};

use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{field_errors, render, render_again, PageCtx};
use crate::state::AppState;

/// A DHIS2 `dataValueSets` document: values of one data set and period, each with its
/// organisation unit; identifiers are codes (`idScheme`).
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataValueSet {
    pub data_set: String,
    /// `202601`, `2026Q1`, `2026`.
    pub period: String,
    /// `YYYY-MM-DD`.
    pub complete_date: String,
    /// Present when the document holds one organisation unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_unit: Option<String>,
    /// `CODE`: every identifier is a code.
    pub id_scheme: String,
    pub data_values: Vec<DataValue>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataValue {
    pub data_element: String,
    pub period: String,
    pub org_unit: String,
    pub category_option_combo: String,
    pub value: String,
}

pub fn data_value_set(e: &Dhis2Export) -> DataValueSet {
    DataValueSet {
        data_set: e.data_set.clone(),
        period: e.period.id.clone(),
        complete_date: e.complete_date.format("%Y-%m-%d").to_string(),
        org_unit: match e.org_units.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        },
        id_scheme: "CODE".into(),
        data_values: e
            .values
            .iter()
            .map(|v| DataValue {
                data_element: v.data_element.clone(),
                period: e.period.id.clone(),
                org_unit: v.org_unit.clone(),
                category_option_combo: v.category_option_combo.clone(),
                value: v.value.clone(),
            })
            .collect(),
    }
}

/// The ADX namespace (IHE QRPH, Aggregate Data Exchange, 2015).
pub const ADX_NS: &str = "urn:ihe:qrph:adx:2015";

/// ADX: one `group` per organisation unit, the period as an ISO 8601
/// interval, categories as attributes of each `dataValue`.
pub fn adx(e: &Dhis2Export, exported: chrono::DateTime<chrono::Utc>) -> Result<Vec<u8>, std::io::Error> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("adx");
    root.push_attribute(("xmlns", ADX_NS));
    root.push_attribute(("exported", exported.format("%Y-%m-%dT%H:%M:%SZ").to_string().as_str()));
    w.write_event(Event::Start(root))?;
    let complete = e.complete_date.format("%Y-%m-%d").to_string();
    for unit in &e.org_units {
        let mut group = BytesStart::new("group");
        group.push_attribute(("orgUnit", unit.as_str()));
        group.push_attribute(("period", e.period.iso.as_str()));
        group.push_attribute(("dataSet", e.data_set.as_str()));
        group.push_attribute(("completeDate", complete.as_str()));
        w.write_event(Event::Start(group))?;
        for v in e.values.iter().filter(|v| v.org_unit == *unit) {
            let mut dv = BytesStart::new("dataValue");
            dv.push_attribute(("dataElement", v.data_element.as_str()));
            for (c, o) in &v.adx_categories {
                dv.push_attribute((c.as_str(), o.as_str()));
            }
            dv.push_attribute(("value", v.value.as_str()));
            w.write_event(Event::Empty(dv))?;
        }
        w.write_event(Event::End(BytesEnd::new("group")))?;
    }
    w.write_event(Event::End(BytesEnd::new("adx")))?;
    Ok(w.into_inner())
}

/// `json` or `adx`.
fn format_of(raw: &str) -> Result<&'static str, AppError> {
    match raw.trim() {
        "" | "json" => Ok("json"),
        "adx" => Ok("adx"),
        other => Err(AppError(Error::Invalid(vec![FieldError::new("format", "unknown_code").with("value", other)]))),
    }
}

/// The export as a file: JSON or ADX.
pub(crate) async fn respond(
    state: &AppState,
    call: &Ctx,
    period: &str,
    district: Option<&str>,
    format: &str,
) -> Result<Response, AppError> {
    let format = format_of(format)?;
    let export = state.app.dhis2_export(call, period, district, format).await?;
    let name = format!("dhis2-{}-{}", export.data_set, export.period.id);
    let (body, mime, ext) = if format == "adx" {
        (adx(&export, chrono::Utc::now()).map_err(Error::internal)?, "application/adx+xml", "xml")
    } else {
        (serde_json::to_vec_pretty(&data_value_set(&export)).map_err(Error::internal)?, "application/json", "json")
    };
    Ok(super::export::attachment(body, mime, &format!("{name}.{ext}")))
}

#[derive(Debug, Default, Deserialize)]
pub struct ExportForm {
    #[serde(default)]
    period: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    district: String,
}

#[derive(Template)]
#[template(path = "reports/dhis2.html")]
struct ExportPage {
    ctx: PageCtx,
    f: ExportForm,
    mapping: Dhis2Mapping,
    errors: Vec<String>,
}

fn lenient(raw: Option<&str>) -> ExportForm {
    let mut f = ExportForm::default();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "period" => f.period = v.into_owned(),
            "format" => f.format = v.into_owned(),
            "district" => f.district = v.into_owned(),
            _ => {}
        }
    }
    f
}

/// The download form, with what was typed and what was wrong with it.
async fn export_page(
    state: &AppState,
    call: &Ctx,
    ctx: PageCtx,
    f: ExportForm,
    errors: Vec<String>,
) -> Result<Response, AppError> {
    let mapping = state.app.dhis2_mapping(call).await?;
    let page = ExportPage { ctx, f, mapping, errors };
    if page.errors.is_empty() {
        render(&page)
    } else {
        render_again(&page)
    }
}

/// `GET /reports/dhis2`: the form.
pub async fn page(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    export_page(&state, &call, ctx, lenient(raw.as_deref()), Vec::new()).await
}

/// `GET /reports/dhis2/export?period=&format=&district=`: the file, or the form again with what was wrong.
pub async fn download(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let f = lenient(raw.as_deref());
    let district = Some(f.district.as_str()).filter(|d| !d.trim().is_empty());
    match respond(&state, &call, &f.period, district, &f.format).await {
        Ok(r) => Ok(r),
        Err(AppError(e)) => {
            let errors = field_errors(&state, &ctx, e)?;
            export_page(&state, &call, ctx, f, errors).await
        }
    }
}

/// The mapping as two CSV tables, as administrators paste them.
#[derive(Debug, Default, Deserialize)]
pub struct MappingForm {
    #[serde(default)]
    data_set: String,
    #[serde(default)]
    org_units: String,
    #[serde(default)]
    elements: String,
}

const UNITS_HEADER: [&str; 2] = ["district", "org_unit"];
const ELEMENTS_HEADER: [&str; 6] =
    ["indicator", "disaggregation", "data_element", "category_option_combo", "adx_categories", "store_zero"];

fn csv_text<const N: usize>(header: [&str; N], rows: Vec<[String; N]>) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut ok = w.write_record(header).is_ok();
    for r in rows {
        ok &= w.write_record(&r).is_ok();
    }
    let bytes = w.into_inner().unwrap_or_default();
    if ok {
        String::from_utf8(bytes).unwrap_or_default()
    } else {
        String::new()
    }
}

impl MappingForm {
    fn of(m: &Dhis2Mapping) -> Self {
        MappingForm {
            data_set: m.data_set.clone(),
            org_units: csv_text(
                UNITS_HEADER,
                m.org_units.iter().map(|o| [o.district.clone(), o.org_unit.clone()]).collect(),
            ),
            elements: csv_text(
                ELEMENTS_HEADER,
                m.elements
                    .iter()
                    .map(|e| {
                        [
                            e.indicator.clone(),
                            e.disaggregation.clone(),
                            e.data_element.clone(),
                            e.category_option_combo.clone(),
                            e.adx_categories.clone(),
                            if e.store_zero { "yes".into() } else { String::new() },
                        ]
                    })
                    .collect(),
            ),
        }
    }

    /// The tables read back; a table that is not CSV with its header is a field error.
    fn mapping(&self) -> Result<Dhis2Mapping, Error> {
        let rows = |field: &str, text: &str, header: &[&str]| -> Result<Vec<Vec<String>>, Error> {
            let bad = || Error::Invalid(vec![FieldError::new(field, "not_csv")]);
            let mut r = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
            let head: Vec<String> = r.headers().map_err(|_| bad())?.iter().map(str::to_string).collect();
            if !text.trim().is_empty() && head.iter().zip(header).any(|(a, b)| a != b) {
                return Err(Error::Invalid(vec![
                    FieldError::new(field, "missing_column").with("column", header.join(","))
                ]));
            }
            let mut out = Vec::new();
            for rec in r.records() {
                let rec = rec.map_err(|_| bad())?;
                out.push((0..header.len()).map(|i| rec.get(i).unwrap_or_default().to_string()).collect());
            }
            Ok(out)
        };
        let cell = |r: &[String], i: usize| r.get(i).cloned().unwrap_or_default();
        Ok(Dhis2Mapping {
            data_set: self.data_set.clone(),
            org_units: rows("org_units", &self.org_units, &UNITS_HEADER)?
                .iter()
                .map(|r| OrgUnitMapping { district: cell(r, 0), org_unit: cell(r, 1) })
                .collect(),
            elements: rows("elements", &self.elements, &ELEMENTS_HEADER)?
                .iter()
                .map(|r| ElementMapping {
                    indicator: cell(r, 0),
                    disaggregation: cell(r, 1),
                    data_element: cell(r, 2),
                    category_option_combo: cell(r, 3),
                    adx_categories: cell(r, 4),
                    store_zero: matches!(cell(r, 5).to_lowercase().as_str(), "yes" | "ya" | "true" | "1"),
                })
                .collect(),
        })
    }
}

#[derive(Template)]
#[template(path = "reports/dhis2_mapping.html")]
struct MappingPage {
    ctx: PageCtx,
    f: MappingForm,
    errors: Vec<String>,
}

/// `GET /admin/dhis2`.
pub async fn mapping(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    let m = state.app.dhis2_mapping(&call).await?;
    render(&MappingPage { ctx, f: MappingForm::of(&m), errors: Vec::new() })
}

/// `POST /admin/dhis2`: the whole mapping.
pub async fn put_mapping(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(f): Form<MappingForm>,
) -> Result<Response, AppError> {
    let result = match f.mapping() {
        Ok(m) => state.app.put_dhis2_mapping(&call, &m).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/admin/dhis2").into_response()),
        Err(e) => {
            let errors = field_errors(&state, &ctx, e)?;
            render_again(&MappingPage { ctx, f, errors })
        }
    }
}
