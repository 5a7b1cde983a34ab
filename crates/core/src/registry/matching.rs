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
        // Two birth dates written down and different: namesakes born apart
        // (a close year is no sign when both days are known).
        (Some(a), Some(b)) => {
            if (a.year() - b.year()).abs() > 5 {
                score -= 0.2;
            }
        }
        _ => match (
            year_of(input.birth_date, input.estimated_age, today),
            year_of(other.birth_date, other.estimated_age, today),
        ) {
            // An estimated age agreeing is weak: a village has many women
            // of one name and about one age. "Likely" needs a fact that
            // identifies (a birth date, a NIK, a phone).
            (Some(a), Some(b)) if (a - b).abs() <= 2 => {
                score += 0.04;
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

/// Where the store found a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitSource {
    /// Her NIK is the registration's.
    Nik,
    /// One of her phone numbers is one of the registration's.
    Phone,
    /// She is filed under the registration's blocking key at this index.
    Key(usize),
}

/// One person found by one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchHit {
    pub source: HitSource,
    pub person_id: Uuid,
}

/// The people worth scoring, best first: those found by NIK or phone (at
/// most `limit`, the NIK first), then at most `limit` others, each shared
/// blocking key weighing by its rarity among the hits (a key that brought
/// back `per_key` people, the most the store gives, is common; one that
/// brought back one person is rare), so that rare keys come before common
/// ones under the cap. The two caps apart: a NIK or phone found outside the
/// reader's scope (dropped afterwards) takes no namesake's place.
pub fn shortlist(hits: &[MatchHit], keys: usize, per_key: u32, limit: usize) -> Vec<Uuid> {
    let mut per_key_hits = vec![0u32; keys];
    for h in hits {
        if let HitSource::Key(k) = h.source {
            if let Some(n) = per_key_hits.get_mut(k) {
                *n += 1;
            }
        }
    }
    let weight = |source: HitSource| match source {
        HitSource::Nik => 1000.0,
        HitSource::Phone => 20.0,
        HitSource::Key(k) => {
            let n = f64::from(per_key_hits.get(k).copied().unwrap_or(1).max(1));
            (1.0 + f64::from(per_key) / n).ln()
        }
    };
    // Each person's sources, once each (her two phones, one key), summed:
    // sorted and folded rather than hashed (hundreds of hits a registration).
    let mut sources: Vec<(Uuid, usize, HitSource)> = hits
        .iter()
        .map(|h| {
            let slot = match h.source {
                HitSource::Nik => usize::MAX,
                HitSource::Phone => usize::MAX - 1,
                HitSource::Key(k) => k,
            };
            (h.person_id, slot, h.source)
        })
        .collect();
    sources.sort_unstable_by_key(|(id, slot, _)| (*id, *slot));
    sources.dedup_by_key(|(id, slot, _)| (*id, *slot));
    let mut totals: Vec<(Uuid, f64)> = Vec::new();
    for (id, _, source) in sources {
        match totals.last_mut() {
            Some((last, total)) if *last == id => *total += weight(source),
            _ => totals.push((id, weight(source))),
        }
    }
    let mut ranked = totals;
    // The newest first among equals (ids are time-ordered).
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    let (by_id, by_name): (Vec<_>, Vec<_>) =
        ranked.into_iter().partition(|(_, total)| *total >= weight(HitSource::Phone));
    by_id.into_iter().take(limit).chain(by_name.into_iter().take(limit)).map(|(id, _)| id).collect()
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
    // The newest first among equal scores (ids are time-ordered).
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.person_id.cmp(&a.person_id)));
    out.truncate(MAX_CANDIDATES);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn a_nik_decides_and_rare_keys_come_first() {
        let key = |k: usize, p: u128| MatchHit { source: HitSource::Key(k), person_id: id(p) };
        // Key 0 is common (100 people), key 1 rare (one person, number 7).
        let mut hits: Vec<MatchHit> = (100..200).map(|p| key(0, p)).collect();
        hits.push(key(1, 7));
        hits.push(MatchHit { source: HitSource::Nik, person_id: id(3) });
        hits.push(MatchHit { source: HitSource::Phone, person_id: id(4) });
        hits.push(MatchHit { source: HitSource::Phone, person_id: id(4) });
        let list = shortlist(&hits, 2, 100, 3);
        // The NIK and the phone do not count against the namesakes' cap.
        assert_eq!(list, vec![id(3), id(4), id(7), id(199), id(198)]);
        // Two common keys shared beat one; the newest first among equals.
        hits.push(key(1, 150));
        let list = shortlist(&hits, 2, 100, 6);
        assert_eq!(&list[2..5], &[id(150), id(7), id(199)]);
    }
}
