//! PostgreSQL's `COPY … FROM STDIN`, several times faster than multi-row
//! INSERTs for the bulk imports of people and of cases: rows in COPY's text
//! format, name rows in its binary format.

use std::fmt::Display;

use sqlx::PgConnection;

/// Rows in COPY's text format: tab-separated, `\N` for NULL.
#[derive(Default)]
pub(crate) struct Rows {
    pub(crate) buf: String,
    /// Values written in the current row.
    col: usize,
}

impl Rows {
    fn sep(&mut self) {
        if self.col > 0 {
            self.buf.push('\t');
        }
        self.col += 1;
    }

    pub(crate) fn text(&mut self, v: Option<&str>) -> &mut Self {
        self.sep();
        match v {
            None => self.buf.push_str("\\N"),
            Some(s) => {
                for c in s.chars() {
                    match c {
                        '\\' => self.buf.push_str("\\\\"),
                        '\n' => self.buf.push_str("\\n"),
                        '\r' => self.buf.push_str("\\r"),
                        '\t' => self.buf.push_str("\\t"),
                        c => self.buf.push(c),
                    }
                }
            }
        }
        self
    }

    pub(crate) fn value<T: Display>(&mut self, v: Option<T>) -> &mut Self {
        self.sep();
        match v {
            None => self.buf.push_str("\\N"),
            Some(v) => self.buf.push_str(&v.to_string()),
        }
        self
    }

    pub(crate) fn end(&mut self) {
        self.buf.push('\n');
        self.col = 0;
    }
}

/// Name rows (district, name, person) in COPY's binary format: the
/// server parses no text for them (millions of rows in a large import).
#[derive(Default)]
pub(crate) struct NameRows {
    buf: Vec<u8>,
}

impl NameRows {
    fn field(&mut self, bytes: &[u8]) {
        // A field longer than i32::MAX cannot come from a name.
        self.buf.extend_from_slice(&i32::try_from(bytes.len()).unwrap_or(i32::MAX).to_be_bytes());
        self.buf.extend_from_slice(bytes);
    }

    pub(crate) fn push(&mut self, district: &str, name: &str, person: uuid::Uuid) {
        self.row(3);
        self.field(district.as_bytes());
        self.field(name.as_bytes());
        self.field(person.as_bytes());
    }

    /// A row with a boolean after the person (a key's `confidential`).
    pub(crate) fn push_flagged(&mut self, district: &str, name: &str, person: uuid::Uuid, flag: bool) {
        self.row(4);
        self.field(district.as_bytes());
        self.field(name.as_bytes());
        self.field(person.as_bytes());
        self.field(&[u8::from(flag)]);
    }

    fn row(&mut self, fields: i16) {
        if self.buf.is_empty() {
            // Signature, flags, header extension length.
            self.buf.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
            self.buf.extend_from_slice(&[0; 8]);
        }
        self.buf.extend_from_slice(&fields.to_be_bytes());
    }

    pub(crate) async fn copy(mut self, conn: &mut PgConnection, statement: &str) -> Result<(), sqlx::Error> {
        if self.buf.is_empty() {
            return Ok(());
        }
        self.buf.extend_from_slice(&(-1i16).to_be_bytes());
        let mut copy = conn.copy_in_raw(statement).await?;
        copy.send(self.buf).await?;
        copy.finish().await?;
        Ok(())
    }
}

pub(crate) async fn copy(conn: &mut PgConnection, statement: &str, rows: Rows) -> Result<(), sqlx::Error> {
    if rows.buf.is_empty() {
        return Ok(());
    }
    let mut copy = conn.copy_in_raw(statement).await?;
    copy.send(rows.buf.into_bytes()).await?;
    copy.finish().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_format_escapes_and_nulls() {
        let mut rows = Rows::default();
        rows.text(Some("")).text(Some("a\tb\\c\nd")).value(None::<i32>).value(Some(7)).end();
        rows.text(None).end();
        assert_eq!(rows.buf, "\ta\\tb\\\\c\\nd\t\\N\t7\n\\N\n");
    }
}
