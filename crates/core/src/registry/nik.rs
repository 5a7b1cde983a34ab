//! NIK (Nomor Induk Kependudukan): 16 digits. 1–6: the area of registration
//! (province, regency, kecamatan); 7–12: birth date DDMMYY, with 40 added to
//! the day for women; 13–16: a serial, never 0000.

use chrono::{Datelike, NaiveDate};

use crate::error::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NikSex {
    Female,
    Male,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nik {
    digits: String,
    pub birth_date: NaiveDate,
    pub sex: NikSex,
}

/// Where a NIK disagrees with the rest of the record: a warning, not an
/// error (the NIK or the record may be the one that is wrong).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NikMismatch {
    Sex,
    BirthDate,
}

impl Nik {
    /// Checks the structure and the date part. `today` decides the century
    /// of a two-digit year (the latest one not in the future).
    pub fn parse(field: &str, raw: &str, today: NaiveDate) -> Result<Self, FieldError> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
        if digits.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        if digits.len() != 16 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(FieldError::new(field, "nik_format"));
        }
        let num = |a: usize, b: usize| digits[a..b].parse::<u32>().unwrap_or(0);
        if num(0, 2) < 11 || num(2, 4) == 0 || num(4, 6) == 0 {
            return Err(FieldError::new(field, "nik_area"));
        }
        if &digits[12..16] == "0000" {
            return Err(FieldError::new(field, "nik_serial"));
        }
        let (mut day, month, yy) = (num(6, 8), num(8, 10), num(10, 12));
        let sex = if day > 40 {
            day -= 40;
            NikSex::Female
        } else {
            NikSex::Male
        };
        let this_century = (today.year() / 100) * 100;
        let mut year = this_century + yy as i32;
        if year > today.year() {
            year -= 100;
        }
        let birth_date = NaiveDate::from_ymd_opt(year, month, day)
            .filter(|d| *d <= today)
            .ok_or_else(|| FieldError::new(field, "nik_date"))?;
        Ok(Nik { digits, birth_date, sex })
    }

    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// The Kemendagri kecamatan code of registration, `PP.RR.DD`.
    pub fn area_code(&self) -> String {
        format!("{}.{}.{}", &self.digits[0..2], &self.digits[2..4], &self.digits[4..6])
    }

    /// What disagrees with the record's sex and birth date.
    pub fn mismatches(&self, sex: Option<NikSex>, birth_date: Option<NaiveDate>) -> Vec<NikMismatch> {
        let mut out = Vec::new();
        if sex.is_some_and(|s| s != self.sex) {
            out.push(NikMismatch::Sex);
        }
        if birth_date.is_some_and(|d| d != self.birth_date) {
            out.push(NikMismatch::BirthDate);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn reads_sex_and_birth_date() {
        // A woman born 12 March 1990, registered in Kecamatan Sumber (32.09.15).
        let nik = Nik::parse("nik", "3209155203900001", today()).unwrap();
        assert_eq!(nik.sex, NikSex::Female);
        assert_eq!(nik.birth_date, NaiveDate::from_ymd_opt(1990, 3, 12).unwrap());
        assert_eq!(nik.area_code(), "32.09.15");
        let man = Nik::parse("nik", "3504010101050002", today()).unwrap();
        assert_eq!((man.sex, man.birth_date.year()), (NikSex::Male, 2005));
        assert_eq!(
            Nik::parse("nik", "3209 1552 0390 0001", today()).map(|n| n.as_str().to_string()),
            Ok("3209155203900001".into())
        );
    }

    #[test]
    fn impossible_niks_are_refused() {
        for (raw, code) in [
            ("320915520390000", "nik_format"),
            ("32091552039000a1", "nik_format"),
            ("3209153102900001", "nik_date"), // 31 February
            ("3209157203900001", "nik_date"), // day 72 - 40 = 32
            ("3209150013900001", "nik_date"), // month 13... day 00
            ("3209151213900001", "nik_date"), // month 13
            ("3209155203900000", "nik_serial"),
            ("0009155203900001", "nik_area"),
        ] {
            assert_eq!(Nik::parse("nik", raw, today()).map_err(|e| e.code), Err(code), "{raw}");
        }
    }

    #[test]
    fn mismatches_are_warnings() {
        let nik = Nik::parse("nik", "3209155203900001", today()).unwrap();
        let d = NaiveDate::from_ymd_opt(1990, 3, 13).unwrap();
        assert_eq!(nik.mismatches(Some(NikSex::Male), Some(d)), [NikMismatch::Sex, NikMismatch::BirthDate]);
        assert!(nik.mismatches(Some(NikSex::Female), None).is_empty());
    }
}
