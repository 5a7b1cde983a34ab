//! `satuatap people match-eval`: how well duplicate detection finds the
//! person being registered again, on a generated evaluation set.
//!
//! The set is made from the synthetic people of [`crate::synth`] in one
//! district's villages:
//! - the registry: pairs of different people sharing a name, sex and village
//!   (each name is used by two people, as in a real village), each with her
//!   own birth date, NIK and phone;
//! - positives: one of the pair registered again elsewhere, under a name
//!   joined or split ("Nur Hayati" / "Nurhayati", "Siti Aminah" /
//!   "Sitiaminah") or with a one-letter typo (a letter inserted, dropped,
//!   doubled, swapped or replaced), with her birth date; some carry her NIK
//!   (and then may lack the birth date), some her phone, half are in
//!   another village;
//! - hard negatives: a third person with the same name, sex and village, her
//!   own birth date, NIK and phone.
//!
//! Recall@1 is the share of positives whose first candidate is the person
//! registered; a false "likely" is a hard negative with any candidate scored
//! [`LIKELY`] or more. The registry is imported (as `people import` does)
//! by the district's government desk, and every question is asked as its
//! desk user, through the same service as `POST /api/v1/people/match`.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use satuatap_core::access::Ctx;
use satuatap_core::registry::matching::LIKELY;
use satuatap_core::registry::person::NewPerson;
use satuatap_core::App;
use serde::Serialize;
use uuid::Uuid;

use crate::people_import::{read_row, Columns};
use crate::synth::{Synth, COLUMNS};

/// Recall@1 the duplicate detection must reach on the set.
pub const RECALL_GOAL: f64 = 0.97;
/// The most hard negatives that may be scored "likely".
pub const FALSE_LIKELY_GOAL: f64 = 0.02;

/// How a positive differs from the registered person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    Joined,
    Split,
    Inserted,
    Dropped,
    Doubled,
    Swapped,
    Replaced,
}

const TYPOS: [Variant; 5] =
    [Variant::Inserted, Variant::Dropped, Variant::Doubled, Variant::Swapped, Variant::Replaced];

/// One question of the set.
#[derive(Debug, Clone)]
pub struct Question {
    pub row: Vec<String>,
    /// The registry row she is (None: a hard negative, nobody).
    pub expect: Option<usize>,
    pub variant: Option<Variant>,
    /// Whether she carries the registered person's NIK.
    pub same_nik: bool,
}

/// The registry and the questions.
#[derive(Debug, Clone)]
pub struct EvalSet {
    pub registry: Vec<Vec<String>>,
    pub questions: Vec<Question>,
}

fn col(name: &str) -> usize {
    COLUMNS.iter().position(|c| *c == name).unwrap_or(0)
}

/// `pairs` pairs of namesakes in `villages` (Kemendagri codes with dots),
/// and as many questions: three positives for each hard negative.
pub fn generate(pairs: usize, seed: u64, villages: Vec<String>, today: NaiveDate) -> EvalSet {
    // Apart from the people `demo --people` loads with the same seed.
    let mut synth = Synth::new(seed, villages.clone(), Vec::new(), today).apart();
    let mut rng = StdRng::seed_from_u64(seed ^ 0x005e_ed0f_e7a1);
    let (name, other, sex, birth, age, nik, phone, village) = (
        col("full_name"),
        col("other_names"),
        col("sex"),
        col("birth_date"),
        col("estimated_age"),
        col("nik"),
        col("phone"),
        col("village_code"),
    );
    // A namesake: another synthetic person of the same sex, given the name
    // and village of `of`, born on another day.
    let namesake = |synth: &mut Synth, of: &[String], not_born: &[&str]| -> Vec<String> {
        loop {
            let mut row = synth.row();
            if row[sex] != of[sex] || not_born.contains(&row[birth].as_str()) {
                continue;
            }
            row[name] = of[name].clone();
            row[other].clear();
            row[village] = of[village].clone();
            return row;
        }
    };
    let mut registry = Vec::with_capacity(2 * pairs);
    let mut questions = Vec::with_capacity(pairs);
    for i in 0..pairs {
        let first = synth.row();
        let second = namesake(&mut synth, &first, &[first[birth].as_str()]);
        let (a, b) = (registry.len(), registry.len() + 1);
        registry.push(first);
        registry.push(second);
        if i % 4 == 3 {
            let born = [registry[a][birth].as_str(), registry[b][birth].as_str()];
            let stranger = namesake(&mut synth, &registry[a], &born);
            questions.push(Question { row: stranger, expect: None, variant: None, same_nik: false });
            continue;
        }
        let who = if i % 4 == 2 { b } else { a };
        let mut row = registry[who].clone();
        let typo = TYPOS[(i / 4) % TYPOS.len()];
        let (written, variant) = match i % 2 {
            0 => join_or_split(&row[name]).unwrap_or_else(|| (misspell(&row[name], typo, &mut rng), typo)),
            _ => (misspell(&row[name], typo, &mut rng), typo),
        };
        row[name] = written;
        row[other].clear();
        // Registered elsewhere: her own details, more or less of them.
        let same_nik = !row[nik].is_empty() && rng.random_bool(0.3);
        if !same_nik {
            row[nik].clear();
        } else if rng.random_bool(0.5) {
            row[birth].clear();
        }
        if !rng.random_bool(0.2) {
            let fresh = synth.row();
            row[phone] = fresh[phone].clone();
        }
        if rng.random_bool(0.5) && !villages.is_empty() {
            row[village] = villages[rng.random_range(0..villages.len())].clone();
        }
        if row[birth].is_empty() && row[age].is_empty() {
            row[age] = "30".into();
        }
        for c in ["address", "marital_status", "education", "disability"] {
            row[col(c)].clear();
        }
        questions.push(Question { row, expect: Some(who), variant: Some(variant), same_nik });
    }
    EvalSet { registry, questions }
}

/// Name parts that are no part of the name proper.
fn is_particle(word: &str) -> bool {
    let w = word.to_lowercase();
    w.ends_with('.') || matches!(w.as_str(), "bin" | "binti")
}

/// Common first elements written joined to the next name or apart.
const JOINABLE: [&str; 4] = ["Nur", "Sri", "Siti", "Dewi"];

/// The name with a prefix split off ("Nurhayati" → "Nur Hayati"), else its
/// first two name words joined ("Siti Aminah" → "Sitiaminah").
fn join_or_split(full: &str) -> Option<(String, Variant)> {
    let words: Vec<&str> = full.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if is_particle(w) {
            continue;
        }
        for p in JOINABLE {
            if w.len() >= p.len() + 3 && w.starts_with(p) {
                let rest = &w[p.len()..];
                let mut cap = rest.chars();
                let split = match cap.next() {
                    Some(c) => format!("{p} {}{}", c.to_uppercase(), cap.as_str()),
                    None => continue,
                };
                let mut out: Vec<String> = words.iter().map(|s| (*s).to_string()).collect();
                out[i] = split;
                return Some((out.join(" "), Variant::Split));
            }
        }
    }
    let at = words.iter().position(|w| !is_particle(w))?;
    let next = words.get(at + 1).filter(|w| !is_particle(w))?;
    let mut out: Vec<String> = words.iter().map(|s| (*s).to_string()).collect();
    out[at] = format!("{}{}", words[at], next.to_lowercase());
    out.remove(at + 1);
    Some((out.join(" "), Variant::Joined))
}

/// The name with a one-letter typo in its longest name word (never its
/// first letter).
fn misspell(full: &str, how: Variant, rng: &mut StdRng) -> String {
    let mut words: Vec<String> = full.split_whitespace().map(str::to_string).collect();
    let Some((i, _)) = words
        .iter()
        .enumerate()
        .filter(|(_, w)| !is_particle(w))
        .max_by_key(|(i, w)| (w.chars().count(), usize::MAX - i))
    else {
        return full.to_string();
    };
    let mut chars: Vec<char> = words[i].chars().collect();
    if chars.len() < 3 {
        return full.to_string();
    }
    let at = rng.random_range(1..chars.len() - 1);
    const LETTERS: &[char] = &['a', 'e', 'i', 'o', 'u', 'n', 'r', 't', 's', 'k', 'm', 'l', 'h'];
    let other = |c: char, rng: &mut StdRng| loop {
        let l = LETTERS[rng.random_range(0..LETTERS.len())];
        if l != c {
            return l;
        }
    };
    match how {
        Variant::Inserted => {
            let l = other(chars[at], rng);
            chars.insert(at, l);
        }
        Variant::Dropped => {
            chars.remove(at);
        }
        Variant::Doubled => {
            let c = chars[at];
            chars.insert(at, c);
        }
        Variant::Swapped => {
            // Two different letters side by side, swapped.
            let at = (1..chars.len() - 1).find(|&j| chars[j] != chars[j + 1] && j >= at).unwrap_or(at);
            chars.swap(at, at + 1);
        }
        Variant::Replaced | Variant::Joined | Variant::Split => {
            chars[at] = other(chars[at], rng);
        }
    }
    words[i] = chars.into_iter().collect();
    words.join(" ")
}

/// Recall of one kind of positive.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Recall {
    pub n: usize,
    pub found_first: usize,
    pub recall_at_1: f64,
}

impl Recall {
    fn add(&mut self, found: bool) {
        self.n += 1;
        self.found_first += usize::from(found);
        self.recall_at_1 = self.found_first as f64 / self.n as f64;
    }
}

/// What the evaluation measured.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EvalReport {
    pub registry: usize,
    pub positives: Recall,
    pub joined_or_split: Recall,
    pub typo: Recall,
    pub same_nik: Recall,
    pub hard_negatives: usize,
    pub false_likely: usize,
    pub false_likely_rate: f64,
    pub match_p50_ms: f64,
    pub match_p95_ms: f64,
    /// A few misses, for whoever tunes the matching (synthetic names only).
    pub misses: Vec<Miss>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub registered: String,
    pub asked: String,
    pub first: Option<f64>,
    pub expected_score: Option<f64>,
}

impl EvalReport {
    pub fn meets_goal(&self) -> bool {
        self.positives.recall_at_1 >= RECALL_GOAL && self.false_likely_rate <= FALSE_LIKELY_GOAL
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{0}")]
    Core(#[from] satuatap_core::Error),
    #[error("{0}")]
    Import(String),
}

/// Imports the registry as `organisation` and asks every question as
/// `desk` (a user of it).
pub async fn run(app: &App, set: &EvalSet, organisation: &str, desk: &str) -> Result<EvalReport, EvalError> {
    let system = Ctx::system();
    let header = csv::StringRecord::from(COLUMNS.to_vec());
    let cols = Columns::from_header(&header).map_err(|e| EvalError::Import(e.to_string()))?;
    let read = |set: &EvalSet| -> Vec<_> {
        set.registry
            .iter()
            .enumerate()
            .map(|(i, r)| read_row(i as u64 + 1, &csv::StringRecord::from(r.clone()), &cols))
            .collect()
    };
    // A NIK a registered person has already (an earlier evaluation's) is
    // left out of the row, and of the questions that carry it.
    let mut set = set.clone();
    let nik = col("nik");
    let (_, refused) = app.importer(&system, organisation).await?.check(read(&set)).await?;
    if refused.len() * 20 > set.registry.len() {
        return Err(EvalError::Import(
            "this database holds this evaluation's people already (their NIKs are registered): run it with \
             another --seed"
                .into(),
        ));
    }
    for r in &refused {
        if r.errors.iter().all(|e| e.code == "nik_registered") {
            let row = r.line as usize - 1;
            set.registry[row][nik].clear();
            for q in set.questions.iter_mut().filter(|q| q.expect == Some(row)) {
                q.row[nik].clear();
                q.same_nik = false;
            }
        }
    }
    let mut importer = app.importer(&system, organisation).await?;
    let (records, refused) = importer.check(read(&set)).await?;
    if let Some(r) = refused.first() {
        return Err(EvalError::Import(format!("registry row {} refused: {:?}", r.line, r.errors)));
    }
    let ids: Vec<Uuid> = records.iter().map(|r| r.person.id).collect();
    importer.write(records).await?;
    importer.commit("match-eval").await?;

    let ctx = app.act_as(&system, desk).await?;
    let name = col("full_name");
    let mut report = EvalReport { registry: set.registry.len(), ..Default::default() };
    let mut times: Vec<Duration> = Vec::with_capacity(set.questions.len());
    for (i, q) in set.questions.iter().enumerate() {
        let person: NewPerson = read_row(i as u64 + 1, &csv::StringRecord::from(q.row.clone()), &cols).person;
        let started = Instant::now();
        let candidates = app.match_person(&ctx, &person).await?;
        times.push(started.elapsed());
        match q.expect {
            None => {
                report.hard_negatives += 1;
                if candidates.first().is_some_and(|c| c.score >= LIKELY) {
                    report.false_likely += 1;
                }
            }
            Some(who) => {
                let id = ids.get(who).copied();
                let found = candidates.first().map(|c| Some(c.person_id) == id).unwrap_or(false);
                report.positives.add(found);
                match q.variant {
                    Some(Variant::Joined | Variant::Split) => report.joined_or_split.add(found),
                    _ => report.typo.add(found),
                }
                if q.same_nik {
                    report.same_nik.add(found);
                }
                if !found && report.misses.len() < 40 {
                    report.misses.push(Miss {
                        registered: set.registry[who][name].clone(),
                        asked: q.row[name].clone(),
                        first: candidates.first().map(|c| c.score),
                        expected_score: candidates.iter().find(|c| Some(c.person_id) == id).map(|c| c.score),
                    });
                }
            }
        }
    }
    report.false_likely_rate =
        if report.hard_negatives == 0 { 0.0 } else { report.false_likely as f64 / report.hard_negatives as f64 };
    times.sort();
    let at =
        |q: f64| times.get(((times.len() as f64 - 1.0) * q).round() as usize).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    report.match_p50_ms = at(0.5);
    report.match_p95_ms = at(0.95);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_joined_split_and_misspelt() {
        assert_eq!(join_or_split("Nurhayati"), Some(("Nur Hayati".into(), Variant::Split)));
        assert_eq!(join_or_split("Hj. Siti Aminah"), Some(("Hj. Sitiaminah".into(), Variant::Joined)));
        assert_eq!(join_or_split("Kartini"), None);
        let mut rng = StdRng::seed_from_u64(1);
        for how in TYPOS {
            let typo = misspell("Siti Sulastri", how, &mut rng);
            assert_ne!(typo, "Siti Sulastri", "{how:?}");
            assert!(typo.starts_with("Siti S"), "{typo}");
            let letters = typo.chars().count() as i64 - "Siti Sulastri".chars().count() as i64;
            let expected = match how {
                Variant::Inserted | Variant::Doubled => 1,
                Variant::Dropped => -1,
                _ => 0,
            };
            assert_eq!(letters, expected, "{how:?} {typo}");
        }
    }

    #[test]
    fn the_set_has_namesakes_positives_and_strangers() {
        let villages = vec!["32.09.01.2001".to_string(), "32.09.02.2002".to_string()];
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let set = generate(40, 7, villages, today);
        assert_eq!(set.registry.len(), 80);
        assert_eq!(set.questions.len(), 40);
        let (name, birth) = (col("full_name"), col("birth_date"));
        for pair in set.registry.chunks(2) {
            assert_eq!(pair[0][name], pair[1][name]);
            assert_ne!(pair[0][birth], pair[1][birth]);
        }
        assert_eq!(set.questions.iter().filter(|q| q.expect.is_none()).count(), 10);
        assert!(set.questions.iter().any(|q| q.same_nik));
        assert!(set.questions.iter().any(|q| matches!(q.variant, Some(Variant::Joined | Variant::Split))));
        let again = generate(40, 7, vec!["32.09.01.2001".to_string(), "32.09.02.2002".to_string()], today);
        assert_eq!(again.questions[5].row, set.questions[5].row, "seeded");
    }
}
