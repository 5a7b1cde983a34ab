//! A table as a file: CSV or XLSX (rust_xlsxwriter, in constant memory),
//! with translated headers, numbers as numbers and months as dates,
//! suppressed counts marked, and every text cell that a spreadsheet could
//! take for a formula neutralised.

use axum::extract::Query;
use axum::http::{header, Uri};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use satuatap_core::access::Ctx;
use satuatap_core::{Error, FieldError};

use super::params::{ExportFormat, TableParams};
use super::view::{Labeller, Shown, ShownRow, ShownTable};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

/// A text cell as written: one that starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return gets a leading apostrophe, so that no spreadsheet
/// runs it as a formula (OWASP's advice for CSV injection).
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// `GET …/export?format=csv|xlsx&<the table's parameters>`.
pub(crate) async fn respond(state: &AppState, call: &Ctx, lang: Lang, raw: &str) -> Result<Response, AppError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes()).into_owned().collect();
    let asked =
        ExportFormat { format: pairs.iter().find(|(k, _)| k == "format").map(|(_, v)| v.clone()).unwrap_or_default() };
    let format = asked.format.as_str();
    if format != "csv" && format != "xlsx" {
        return Err(AppError(Error::Invalid(vec![FieldError::new("format", "unknown_code").with("value", format)])));
    }
    let rest: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().filter(|(k, _)| k != "format"))
        .finish();
    let uri: Uri =
        format!("/?{rest}").parse().map_err(|_| AppError(Error::Invalid(vec![FieldError::new("query", "invalid")])))?;
    let Query(params) = Query::<TableParams>::try_from_uri(&uri)?;
    let table = state.app.export_table(call, &params.request()?, format).await?;
    let shown = Labeller { i18n: &state.i18n, lang }.table(&table);
    let name = format!("{}-{}-{}", table.indicator, table.from.format("%Y%m%d"), table.to.format("%Y%m%d"));
    let (body, mime, ext) = if format == "csv" {
        (csv_bytes(&shown).map_err(Error::internal)?, "text/csv; charset=utf-8", "csv")
    } else {
        (
            xlsx_bytes(&shown).map_err(Error::internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )
    };
    Ok(attachment(body, mime, &format!("{name}.{ext}")))
}

/// A file to download, never cached.
pub(crate) fn attachment(body: Vec<u8>, mime: &str, file_name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

fn header_row(t: &ShownTable) -> Vec<String> {
    let mut h = vec![t.row_header.clone()];
    h.extend(t.columns.iter().cloned());
    h.push(t.total_header.clone());
    h
}

fn body_rows(t: &ShownTable) -> impl Iterator<Item = &ShownRow> {
    t.rows.iter().chain(std::iter::once(&t.totals))
}

fn csv_bytes(t: &ShownTable) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    w.write_record([neutralise(&t.title), neutralise(&t.period)])?;
    for f in &t.filters {
        w.write_record([neutralise(f)])?;
    }
    w.write_record(header_row(t).iter().map(|h| neutralise(h)))?;
    let cell = |s: &Shown| match s {
        Shown::Number(n) => n.to_string(),
        Shown::Decimal(v) => format!("{v:.1}"),
        Shown::Suppressed => neutralise(&t.mark),
        Shown::Empty => String::new(),
    };
    for r in body_rows(t) {
        let mut rec = vec![neutralise(&r.label)];
        rec.extend(r.cells.iter().map(cell));
        rec.push(cell(&r.total));
        w.write_record(rec)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

fn xlsx_bytes(t: &ShownTable) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let decimal = Format::new().set_num_format("0.0");
    let month = Format::new().set_num_format("yyyy-mm");
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name("table")?;
    let mut row: u32 = 0;
    sheet.write_string_with_format(row, 0, neutralise(&t.title), &bold)?;
    sheet.write_string(row, 1, neutralise(&t.period))?;
    for f in &t.filters {
        row += 1;
        sheet.write_string(row, 0, neutralise(f))?;
    }
    row += 2;
    for (c, h) in header_row(t).iter().enumerate() {
        sheet.write_string_with_format(row, col(c), neutralise(h), &bold)?;
    }
    for r in body_rows(t) {
        row += 1;
        sheet.write_string(row, 0, neutralise(&r.label))?;
        for (c, s) in r.cells.iter().chain(std::iter::once(&r.total)).enumerate() {
            match s {
                Shown::Number(n) => sheet.write_number(row, col(c + 1), *n as f64)?,
                Shown::Decimal(v) => sheet.write_number_with_format(row, col(c + 1), *v, &decimal)?,
                Shown::Suppressed => sheet.write_string(row, col(c + 1), neutralise(&t.mark))?,
                Shown::Empty => sheet,
            };
        }
    }
    let trend = book.add_worksheet_with_constant_memory()?;
    trend.set_name("trend")?;
    trend.write_string_with_format(0, 0, neutralise(&t.title), &bold)?;
    trend.write_string(0, 1, neutralise(&t.unit))?;
    for (i, p) in t.trend.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let day = rust_xlsxwriter::ExcelDateTime::parse_from_str(&p.month.format("%Y-%m-%d").to_string())?;
        trend.write_datetime_with_format(r, 0, &day, &month)?;
        match p.value {
            Shown::Number(n) => trend.write_number(r, 1, n as f64)?,
            Shown::Decimal(v) => trend.write_number_with_format(r, 1, v, &decimal)?,
            Shown::Suppressed => trend.write_string(r, 1, neutralise(&t.mark))?,
            Shown::Empty => trend,
        };
    }
    book.save_to_buffer()
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=1+1", "+62", "-5", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("Cirebon"), "Cirebon");
        assert_eq!(neutralise(""), "");
    }
}
