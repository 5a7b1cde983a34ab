//! Is this the same person? A score in 0..1 with the reasons behind it:
//! 0.8 or more "likely the same person", 0.5 to 0.8 "possibly".

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use uuid::Uuid;

use crate::registry::names::NameKey;
use crate::registry::person::{Person, ValidPerson};

pub const LIKELY: f64 = 0.8;
pub const POSSIBLE: f64 = 0.5;
pub const MAX_CANDIDATES: usize = 10;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Candidate {
    pub person_id: Uuid,
    /// 0..1; 0.8 or more: likely the same person; 0.5 to 0.8: possibly.
    pub score: f64,
    /// e.g. `nik`, `name`, `name_similar`, `birth_date`, `birth_year`,
    /// `phone`, `village`, `kecamatan`, `sex`.
    pub reasons: Vec<&'static str>,
}

fn year_of(p_birth: Option<NaiveDate>, estimated_age: Option<i32>, today: NaiveDate) -> Option<i32> {
    p_birth.map(|d| d.year()).or_else(|| estimated_age.map(|a| today.year() - a))
}

/// Scores one stored person against a registration.
pub fn score(input: &ValidPerson, input_key: &NameKey, other: &Person, today: NaiveDate) -> Candidate {
    let mut reasons = Vec::new();
    if let (Some(a), Some(b)) = (input.nik.as_ref(), other.nik.as_deref()) {
        if a.as_str() == b {
            return Candidate { person_id: other.id, score: 1.0, reasons: vec!["nik"] };
        }
    }
    let other_key = std::iter::once(other.full_name.as_str())
        .chain(other.other_names.iter().map(String::as_str))
        .map(|n| input_key.similarity(&NameKey::new(n)))
        .fold(0.0, f64::max);
    let mut score = 0.6 * other_key;
    if other_key >= 0.9 {
        reasons.push("name");
    } else if other_key >= 0.75 {
        reasons.push("name_similar");
    }
    match (input.birth_date, other.birth_date) {
        (Some(a), Some(b)) if a == b => {
            score += 0.25;
            reasons.push("birth_date");
        }
        _ => match (
            year_of(input.birth_date, input.estimated_age, today),
            year_of(other.birth_date, other.estimated_age, today),
        ) {
            (Some(a), Some(b)) if (a - b).abs() <= 2 => {
                score += 0.1;
                reasons.push("birth_year");
            }
            (Some(a), Some(b)) if (a - b).abs() > 5 => score -= 0.2,
            _ => {}
        },
    }
    if input.sex == other.sex {
        score += 0.05;
        reasons.push("sex");
    } else {
        score -= 0.3;
    }
    let phones = |p: &Option<String>, more: &[String]| p.iter().chain(more.iter()).cloned().collect::<Vec<_>>();
    let theirs = phones(&other.phone, &other.other_phones);
    if phones(&input.phone, &input.other_phones).iter().any(|p| theirs.contains(p)) {
        score += 0.25;
        reasons.push("phone");
    }
    match (&input.village_code, &other.village_code) {
        (Some(a), Some(b)) if a == b => {
            score += 0.1;
            reasons.push("village");
        }
        (Some(a), Some(b)) if a.parent() == b.parent() => {
            score += 0.05;
            reasons.push("kecamatan");
        }
        _ => {}
    }
    Candidate { person_id: other.id, score: (score.clamp(0.0, 1.0) * 1000.0).round() / 1000.0, reasons }
}

/// The candidates worth showing, best first.
pub fn rank(input: &ValidPerson, others: &[Person], exclude: Option<Uuid>, today: NaiveDate) -> Vec<Candidate> {
    let key = NameKey::new(&input.full_name);
    let mut out: Vec<Candidate> = others
        .iter()
        .filter(|p| Some(p.id) != exclude)
        .map(|p| score(input, &key, p, today))
        .filter(|c| c.score >= POSSIBLE)
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out.truncate(MAX_CANDIDATES);
    out
}
