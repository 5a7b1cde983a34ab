//! Synthetic people for the demo and the benchmarks: a seeded generator of
//! plausible people of the migrant-worker districts of Java, emitted as rows
//! of the people-import CSV layout ([`COLUMNS`]). The same seed, villages,
//! agencies and date give the same rows. Every name, number and employer is
//! made up; nothing refers to a real person.
//!
//! NIKs follow the real structure (area, birth date with 40 added to the day
//! for women, serial) and are unique within a run: the serial counts up per
//! area, birth date and sex. Phone and PMI numbers are unique too (an affine
//! permutation of a counter).

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

#[path = "synth_names.rs"]
pub(crate) mod names;

/// The columns of the people-import CSV, in order.
pub const COLUMNS: [&str; 26] = [
    "full_name",
    "other_names",
    "sex",
    "birth_date",
    "estimated_age",
    "nik",
    "phone",
    "village_code",
    "address",
    "marital_status",
    "education",
    "disability",
    "note",
    "stage",
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

const FULL_NAME: usize = 0;
const OTHER_NAMES: usize = 1;
const SEX: usize = 2;
const BIRTH_DATE: usize = 3;
const ESTIMATED_AGE: usize = 4;
const NIK: usize = 5;
const PHONE: usize = 6;
const VILLAGE_CODE: usize = 7;
const ADDRESS: usize = 8;
const MARITAL_STATUS: usize = 9;
const EDUCATION: usize = 10;
const DISABILITY: usize = 11;
const STAGE: usize = 13;
const DESTINATION: usize = 14;
const SECTOR: usize = 15;
const OCCUPATION: usize = 16;
const EMPLOYER: usize = 17;
const PLACEMENT_AGENCY: usize = 18;
const DEPARTURE_DATE: usize = 19;
const RETURN_DATE: usize = 20;
const DOCUMENTED: usize = 21;
const PMI_NUMBER: usize = 22;
const RECRUITMENT_COSTS: usize = 23;
const EARNINGS_AMOUNT: usize = 24;
const EARNINGS_CURRENCY: usize = 25;

type Row = [String; 26];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Prospective,
    PreDeparture,
    Abroad,
    Returnee,
    FamilyMember,
}

impl Stage {
    fn as_str(self) -> &'static str {
        match self {
            Stage::Prospective => "prospective",
            Stage::PreDeparture => "pre_departure",
            Stage::Abroad => "abroad",
            Stage::Returnee => "returnee",
            Stage::FamilyMember => "family_member",
        }
    }
}

const STAGES: &[(Stage, u32)] = &[
    (Stage::Prospective, 15),
    (Stage::PreDeparture, 10),
    (Stage::Abroad, 35),
    (Stage::Returnee, 35),
    (Stage::FamilyMember, 5),
];

/// How employers are named in a destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Region {
    HongKong,
    Taiwan,
    Malaysia,
    Singapore,
    Gulf,
    Korea,
    Japan,
    Brunei,
}

struct Destination {
    code: &'static str,
    weight: u32,
    currency: &'static str,
    /// First-month net earnings: minimum, maximum, rounding step.
    earnings: (u32, u32, u32),
    /// Amounts in this currency sometimes have cents.
    cents: bool,
    sectors: Weights,
    region: Region,
    company_suffix: &'static str,
}

type Weights = &'static [(&'static str, u32)];

const HK_SECTORS: Weights = &[("domestic_work", 94), ("caregiving", 5), ("other", 1)];
const TW_SECTORS: Weights =
    &[("caregiving", 52), ("manufacturing", 26), ("fishing", 12), ("domestic_work", 6), ("agriculture", 4)];
const MY_SECTORS: Weights = &[
    ("plantation", 34),
    ("manufacturing", 25),
    ("domestic_work", 20),
    ("construction", 15),
    ("hospitality", 4),
    ("other", 2),
];
const SG_SECTORS: Weights = &[("domestic_work", 90), ("caregiving", 5), ("manufacturing", 3), ("other", 2)];
const KR_SECTORS: Weights = &[("manufacturing", 75), ("fishing", 15), ("agriculture", 7), ("construction", 3)];
const JP_SECTORS: Weights = &[
    ("caregiving", 35),
    ("manufacturing", 35),
    ("agriculture", 10),
    ("construction", 10),
    ("fishing", 5),
    ("hospitality", 5),
];
const BN_SECTORS: Weights =
    &[("domestic_work", 55), ("plantation", 15), ("construction", 15), ("hospitality", 10), ("other", 5)];
const GULF_SECTORS: Weights = &[("domestic_work", 80), ("hospitality", 10), ("construction", 4), ("other", 6)];

/// Destinations with their weight (per mille, after recent placement
/// figures), currency and first-month earnings (min, max, step, cents).
const DESTINATIONS: &[Destination] = &[
    dest("HK", 250, "HKD", (4500, 5200, 10, false), HK_SECTORS, Region::HongKong, "Limited"),
    dest("TW", 240, "TWD", (17000, 22000, 100, false), TW_SECTORS, Region::Taiwan, "Co., Ltd."),
    dest("MY", 200, "MYR", (1200, 2000, 50, false), MY_SECTORS, Region::Malaysia, "Sdn. Bhd."),
    dest("SA", 50, "SAR", (1200, 1800, 50, false), GULF_SECTORS, Region::Gulf, "Est."),
    dest("SG", 50, "SGD", (600, 900, 10, true), SG_SECTORS, Region::Singapore, "Pte. Ltd."),
    dest("KR", 80, "KRW", (1_800_000, 2_300_000, 10_000, false), KR_SECTORS, Region::Korea, "Co., Ltd."),
    dest("JP", 70, "JPY", (150_000, 200_000, 1000, false), JP_SECTORS, Region::Japan, "Co., Ltd."),
    dest("AE", 15, "AED", (1000, 1500, 50, false), GULF_SECTORS, Region::Gulf, "LLC"),
    dest("QA", 10, "QAR", (1200, 1600, 50, false), GULF_SECTORS, Region::Gulf, "W.L.L."),
    dest("BN", 15, "BND", (350, 500, 10, true), BN_SECTORS, Region::Brunei, "Sdn. Bhd."),
    dest("KW", 10, "KWD", (100, 150, 5, true), GULF_SECTORS, Region::Gulf, "Co. W.L.L."),
    dest("OM", 10, "OMR", (100, 150, 5, true), GULF_SECTORS, Region::Gulf, "LLC"),
];

const fn dest(
    code: &'static str,
    weight: u32,
    currency: &'static str,
    (min, max, step, cents): (u32, u32, u32, bool),
    sectors: Weights,
    region: Region,
    company_suffix: &'static str,
) -> Destination {
    Destination { code, weight, currency, earnings: (min, max, step), cents, sectors, region, company_suffix }
}

fn occupations(sector: &str) -> &'static [&'static str] {
    match sector {
        "domestic_work" => &[
            "Penata laksana rumah tangga",
            "Penata laksana rumah tangga",
            "Pekerja rumah tangga",
            "Pengasuh anak",
            "Juru masak keluarga",
        ],
        "caregiving" => &["Perawat lansia", "Perawat lansia", "Pendamping lansia", "Perawat panti jompo"],
        "manufacturing" => &[
            "Operator pabrik",
            "Operator pabrik",
            "Operator mesin",
            "Buruh pabrik elektronik",
            "Pekerja pabrik tekstil",
            "Pengemas barang",
        ],
        "construction" => &["Pekerja konstruksi", "Tukang batu", "Tukang besi", "Tukang las"],
        "agriculture" => &["Pekerja pertanian", "Pekerja kebun sayur", "Pekerja peternakan"],
        "plantation" => &["Pekerja kebun sawit", "Pekerja kebun sawit", "Pemanen sawit", "Penyadap karet"],
        "fishing" => &["Anak buah kapal", "Anak buah kapal", "Nelayan kapal penangkap ikan", "Pekerja tambak ikan"],
        "hospitality" => &["Pelayan restoran", "Petugas kebersihan hotel", "Juru masak", "Pramusaji"],
        _ => &["Penjaga toko", "Sopir", "Petugas kebersihan", "Pekerja gudang"],
    }
}

fn company_word(sector: &str) -> &'static [&'static str] {
    match sector {
        "caregiving" => &["Care Home", "Nursing Home", "Kaigo Center"],
        "manufacturing" => &["Industries", "Electronics", "Precision", "Textile", "Plastics", "Metal Works"],
        "construction" => &["Construction", "Engineering", "Builders"],
        "agriculture" => &["Farm", "Agro", "Greenhouse"],
        "plantation" => &["Plantation", "Estate", "Oil Palm"],
        "fishing" => &["Fishery", "Marine", "Seafood"],
        "hospitality" => &["Hotel", "Restaurant", "Catering"],
        _ => &["Trading", "Services", "Logistics"],
    }
}

/// Recruitment cost items: code and usual range in rupiah.
const COST_ITEMS: [(&str, u32, u32); 7] = [
    ("recruitment_fee", 2_000_000, 25_000_000),
    ("documents", 300_000, 2_500_000),
    ("medical_check", 500_000, 1_500_000),
    ("training", 1_000_000, 7_500_000),
    ("travel", 500_000, 5_000_000),
    ("informal_payment", 500_000, 15_000_000),
    ("other", 200_000, 3_000_000),
];

/// Mobile prefixes (Telkomsel more often, as in the villages).
const PHONE_PREFIXES: &[(&str, u32)] = &[
    ("0812", 14),
    ("0813", 12),
    ("0821", 8),
    ("0822", 8),
    ("0823", 5),
    ("0852", 8),
    ("0853", 6),
    ("0851", 2),
    ("0857", 5),
    ("0856", 4),
    ("0858", 3),
    ("0815", 2),
    ("0817", 3),
    ("0818", 2),
    ("0819", 3),
    ("0877", 4),
    ("0878", 4),
    ("0831", 1),
    ("0838", 2),
    ("0895", 3),
    ("0896", 3),
    ("0897", 1),
    ("0898", 1),
    ("0881", 1),
    ("0882", 1),
];

const MARITAL: &[(&str, u32)] = &[("", 5), ("single", 22), ("married", 55), ("divorced", 12), ("widowed", 6)];
const MARITAL_YOUNG: &[(&str, u32)] = &[("", 5), ("single", 60), ("married", 32), ("divorced", 3)];
const EDUCATION_ADULT: &[(&str, u32)] = &[
    ("", 40),
    ("none", 30),
    ("primary", 220),
    ("junior_secondary", 360),
    ("senior_secondary", 280),
    ("diploma", 40),
    ("bachelor", 25),
    ("postgraduate", 5),
];

/// Multipliers of the affine permutations (coprime to 10).
const PHONE_MUL: u64 = 7_654_321;
const PMI_MUL: u64 = 734_512_968_391;
const PHONE_SPACE: u64 = 100_000_000;
const PMI_SPACE: u64 = 1_000_000_000_000;

struct Village {
    code: String,
    /// The kecamatan part as six digits (`32.09.01.2008` → 320901), when it
    /// can start a NIK.
    area: Option<u32>,
}

fn nik_area(code: &str) -> Option<u32> {
    let mut parts = code.split('.');
    let mut area = 0u32;
    // Province 11 or more, regency and kecamatan not 00 (as `Nik::parse` wants).
    for min in [11, 1, 1] {
        let part = parts.next()?;
        if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = part.parse().ok()?;
        if n < min {
            return None;
        }
        area = area * 100 + n;
    }
    Some(area)
}

/// A seeded generator of synthetic people.
pub struct Synth {
    rng: StdRng,
    villages: Vec<Village>,
    agencies: Vec<String>,
    today: NaiveDate,
    today_days: i32,
    /// The earliest birth date: 1 January 1900, and late enough that the
    /// two-digit NIK year is not read a century late.
    min_birth_days: i32,
    nik_serials: HashMap<u64, u16>,
    /// Added to every NIK serial (0; see [`Synth::apart`]).
    nik_serial_base: u16,
    phone_seq: u64,
    phone_add: u64,
    pmi_seq: u64,
    pmi_add: u64,
    base: String,
    scratch: String,
}

impl Synth {
    /// `villages`: Kemendagri village codes with dots, e.g. "32.09.01.2008" (non-empty);
    /// `agencies`: placement-agency organisation codes (may be empty: then the column stays empty).
    pub fn new(seed: u64, villages: Vec<String>, agencies: Vec<String>, today: chrono::NaiveDate) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let phone_add = rng.random_range(0..PHONE_SPACE);
        let pmi_add = rng.random_range(0..PMI_SPACE);
        let villages = villages.into_iter().map(|code| Village { area: nik_area(&code), code }).collect();
        let today_days = today.num_days_from_ce();
        let floor_1900 = NaiveDate::from_ymd_opt(1900, 1, 1).map_or(0, |d| d.num_days_from_ce());
        let century = NaiveDate::from_ymd_opt(today.year() - 99, 1, 1).map_or(0, |d| d.num_days_from_ce());
        Synth {
            rng,
            villages,
            agencies,
            today,
            today_days,
            min_birth_days: floor_1900.max(century).min(today_days),
            nik_serials: HashMap::new(),
            nik_serial_base: 0,
            phone_seq: 0,
            phone_add,
            pmi_seq: 0,
            pmi_add,
            base: String::with_capacity(64),
            scratch: String::with_capacity(64),
        }
    }

    /// People whose NIKs and phone numbers are none of those a generator
    /// of the same seed gives (NIK serials from 9000, the phone sequence
    /// from its middle): to add to a database loaded with that seed.
    pub fn apart(mut self) -> Self {
        self.nik_serial_base = 9000;
        self.phone_seq = PHONE_SPACE / 2;
        self
    }

    /// One person: 26 strings in COLUMNS order ("" for empty).
    pub fn row(&mut self) -> Vec<String> {
        let mut row: Row = Default::default();
        self.fill(&mut row);
        Vec::from(row)
    }

    /// Header plus `n` rows as CSV.
    pub fn write_csv<W: std::io::Write>(&mut self, n: u64, out: W) -> anyhow::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(COLUMNS)?;
        let mut row: Row = Default::default();
        for _ in 0..n {
            self.fill(&mut row);
            writer.write_record(&row)?;
        }
        writer.flush()?;
        Ok(())
    }

    /// Writes one person into `r` (reusing its strings).
    fn fill(&mut self, r: &mut Row) {
        for s in r.iter_mut() {
            s.clear();
        }
        let female = self.rng.random_bool(0.85);
        let stage = weighted(&mut self.rng, STAGES, Stage::Abroad);
        let age = self.age(stage);
        let birth_days = (self.today_days - age * 365 - age / 4 - self.rng.random_range(0..365))
            .clamp(self.min_birth_days, self.today_days);
        let birth = NaiveDate::from_num_days_from_ce_opt(birth_days).unwrap_or(self.today);

        self.name(female, age, r);
        r[SEX].push_str(if female { "female" } else { "male" });
        let village = if self.villages.is_empty() { None } else { Some(self.rng.random_range(0..self.villages.len())) };
        if self.rng.random_bool(0.05) {
            push_num(&mut r[ESTIMATED_AGE], age);
        } else {
            push_date(&mut r[BIRTH_DATE], birth);
            if self.rng.random_bool(0.895) {
                if let Some(v) = village {
                    self.nik(v, birth, female, &mut r[NIK]);
                }
            }
        }
        if age >= 14 && self.rng.random_bool(0.8) {
            self.phone(&mut r[PHONE]);
        }
        if let Some(v) = village.and_then(|v| self.villages.get(v)) {
            r[VILLAGE_CODE].push_str(&v.code);
        }
        if self.rng.random_bool(0.7) {
            self.address(&mut r[ADDRESS]);
        }
        let marital = match age {
            ..17 => weighted(&mut self.rng, &[("", 10), ("single", 90)], ""),
            17..22 => weighted(&mut self.rng, MARITAL_YOUNG, ""),
            _ => weighted(&mut self.rng, MARITAL, ""),
        };
        r[MARITAL_STATUS].push_str(marital);
        let education = match age {
            ..6 => "",
            6..13 => weighted(&mut self.rng, &[("", 30), ("primary", 70)], ""),
            13..18 => weighted(&mut self.rng, &[("", 10), ("primary", 50), ("junior_secondary", 40)], ""),
            _ => weighted(&mut self.rng, EDUCATION_ADULT, ""),
        };
        r[EDUCATION].push_str(education);
        if self.rng.random_bool(0.02) {
            r[DISABILITY].push_str(pick(&mut self.rng, names::DISABILITIES));
        }
        r[STAGE].push_str(stage.as_str());
        if stage != Stage::FamilyMember {
            self.episode(stage, female, age, r);
        }
    }

    /// Age in years today, by stage.
    fn age(&mut self, stage: Stage) -> i32 {
        let rng = &mut self.rng;
        match stage {
            Stage::Prospective => 18 + rng.random_range(0..12) + rng.random_range(0..12),
            Stage::PreDeparture => 18 + rng.random_range(0..13) + rng.random_range(0..13),
            Stage::Abroad => 19 + rng.random_range(0..16) + rng.random_range(0..16),
            Stage::Returnee => 22 + rng.random_range(0..20) + rng.random_range(0..20),
            Stage::FamilyMember if rng.random_bool(0.35) => rng.random_range(0..18),
            Stage::FamilyMember => 18 + rng.random_range(0..36) + rng.random_range(0..35),
        }
    }

    fn name(&mut self, female: bool, age: i32, r: &mut Row) {
        let rng = &mut self.rng;
        let base = &mut self.base;
        base.clear();
        let (given, nicknames) = if female {
            let given = pick(rng, names::FEMALE_GIVEN);
            let p: f64 = rng.random();
            if p < 0.10 {
                base.push_str(given);
            } else if p < 0.28 {
                let prefix = weighted(rng, &[("Siti", 50), ("Sri", 30), ("Nur", 20)], "Siti");
                if !given.starts_with(prefix) {
                    base.push_str(prefix);
                    base.push(' ');
                }
                base.push_str(given);
                if rng.random_bool(0.3) {
                    push_second(rng, base, given, names::FEMALE_SECOND);
                }
            } else if p < 0.96 {
                base.push_str(given);
                push_second(rng, base, given, names::FEMALE_SECOND);
            } else {
                base.push_str(given);
                base.push_str(" binti ");
                base.push_str(pick(rng, names::MALE_GIVEN));
            }
            (given, names::FEMALE_NICKNAMES)
        } else {
            let given = pick(rng, names::MALE_GIVEN);
            let p: f64 = rng.random();
            if p < 0.11 {
                base.push_str(given);
            } else if p < 0.35 {
                base.push_str(weighted(rng, names::MUHAMMAD, "Muhammad"));
                base.push(' ');
                if rng.random_bool(0.5) {
                    base.push_str(given);
                } else {
                    base.push_str(pick(rng, names::MALE_SECOND));
                }
            } else if p < 0.96 {
                base.push_str(given);
                push_second(rng, base, given, names::MALE_SECOND);
            } else {
                base.push_str(given);
                base.push_str(" bin ");
                base.push_str(pick(rng, names::MALE_GIVEN));
            }
            (given, names::MALE_NICKNAMES)
        };

        let old = rng.random_bool(if age >= 50 { 0.2 } else { 0.07 });
        const _: () = assert!(FULL_NAME == 0 && OTHER_NAMES == 1);
        let [full, other, ..] = r;
        if age >= 40 && rng.random_bool(0.07) {
            full.push_str(if female { "Hj. " } else { "H. " });
        }
        if old {
            old_spelling(base, full);
        } else {
            full.push_str(base);
        }

        if rng.random_bool(0.05) {
            let scratch = &mut self.scratch;
            // A nickname (half), another spelling (30%) or both (20%).
            let p: f64 = rng.random();
            let (nickname, spelling) = (!(0.5..0.8).contains(&p), p >= 0.5);
            if nickname {
                scratch.clear();
                if derived_nickname(given, scratch) {
                    other.push_str(scratch);
                } else {
                    other.push_str(pick(rng, nicknames));
                }
            }
            if spelling {
                scratch.clear();
                if old {
                    scratch.push_str(base);
                } else {
                    old_spelling(base, scratch);
                }
                if scratch != base && scratch != full {
                    if !other.is_empty() {
                        other.push(';');
                    }
                    other.push_str(scratch);
                }
            }
            if other.is_empty() || other == full {
                other.clear();
                other.push_str(pick(rng, nicknames));
                if other == full {
                    other.clear();
                }
            }
        }
    }

    fn nik(&mut self, village: usize, birth: NaiveDate, female: bool, out: &mut String) {
        let Some(area) = self.villages.get(village).and_then(|v| v.area) else { return };
        let key =
            (u64::from(area) << 32) | (u64::from(birth.num_days_from_ce().unsigned_abs()) << 1) | u64::from(female);
        let serial = self.nik_serials.entry(key).or_insert(0);
        if *serial >= 9999 - self.nik_serial_base {
            return;
        }
        *serial += 1;
        let serial = *serial + self.nik_serial_base;
        let day = birth.day() + if female { 40 } else { 0 };
        let _ = write!(out, "{area:06}{day:02}{:02}{:02}{:04}", birth.month(), birth.year().rem_euclid(100), serial);
    }

    fn phone(&mut self, out: &mut String) {
        let prefix = weighted(&mut self.rng, PHONE_PREFIXES, "0812");
        let n = permute(self.phone_seq, PHONE_SPACE, PHONE_MUL, self.phone_add);
        self.phone_seq += 1;
        let _ = write!(out, "{prefix}{n:08}");
    }

    fn address(&mut self, out: &mut String) {
        let rng = &mut self.rng;
        let p: f64 = rng.random();
        let (kind, place) = if p < 0.45 {
            ("Blok", pick(rng, names::BLOKS))
        } else if p < 0.9 {
            ("Dusun", pick(rng, names::DUSUNS))
        } else {
            ("Kp.", pick(rng, names::DUSUNS))
        };
        let rt = rng.random_range(1..=15);
        let rw = rng.random_range(1..=8);
        let _ = write!(out, "{kind} {place} RT {rt:03}/RW {rw:03}");
    }

    /// The migration columns (destination … earnings_currency).
    fn episode(&mut self, stage: Stage, female: bool, age: i32, r: &mut Row) {
        if stage == Stage::Prospective && self.rng.random_bool(0.5) {
            return;
        }
        let dest = self.destination();
        r[DESTINATION].push_str(dest.code);
        let mut sector = weighted(&mut self.rng, dest.sectors, "other");
        if !female && matches!(sector, "domestic_work" | "caregiving") && self.rng.random_bool(0.7) {
            sector = weighted(&mut self.rng, dest.sectors, "other");
        }
        r[SECTOR].push_str(sector);
        r[OCCUPATION].push_str(pick(&mut self.rng, occupations(sector)));
        let worked = matches!(stage, Stage::Abroad | Stage::Returnee);
        if worked && self.rng.random_bool(0.5) {
            self.employer(dest, sector, &mut r[EMPLOYER]);
        }
        if !self.agencies.is_empty() && self.rng.random_bool(0.6) {
            if let Some(a) = self.agencies.choose(&mut self.rng) {
                r[PLACEMENT_AGENCY].push_str(a);
            }
        }
        let adult_days = (age - 18).max(0) * 365;
        let departure = match stage {
            Stage::PreDeparture if self.rng.random_bool(0.75) => Some(self.today_days + self.rng.random_range(0..=90)),
            Stage::Abroad => Some(self.today_days - self.rng.random_range(0..=adult_days.min(6 * 365))),
            Stage::Returnee => Some(self.today_days - self.rng.random_range(365..=adult_days.clamp(365, 10 * 365))),
            _ => None,
        };
        let departure = departure.and_then(NaiveDate::from_num_days_from_ce_opt);
        if let Some(d) = departure {
            push_date(&mut r[DEPARTURE_DATE], d);
            if stage == Stage::Returnee {
                let abroad = (self.today_days - d.num_days_from_ce()).min(6 * 365);
                let back = d.num_days_from_ce() + self.rng.random_range(365.min(abroad)..=abroad);
                if let Some(back) = NaiveDate::from_num_days_from_ce_opt(back) {
                    push_date(&mut r[RETURN_DATE], back);
                }
            }
        }
        if stage == Stage::Prospective {
            return;
        }
        let documented = self.rng.random_bool(0.85);
        r[DOCUMENTED].push_str(if documented { "yes" } else { "no" });
        if documented && self.rng.random_bool(0.7) {
            let n = permute(self.pmi_seq, PMI_SPACE, PMI_MUL, self.pmi_add);
            self.pmi_seq += 1;
            let _ = write!(r[PMI_NUMBER], "PMI{n:012}");
        }
        if !worked {
            return;
        }
        if let Some(d) = departure {
            if self.rng.random_bool(0.7) {
                self.costs(dest, d, &mut r[RECRUITMENT_COSTS]);
            }
        }
        if self.rng.random_bool(0.6) {
            let (min, max, step) = dest.earnings;
            let amount = min + step * self.rng.random_range(0..=(max - min) / step);
            push_num(&mut r[EARNINGS_AMOUNT], amount);
            if dest.cents && self.rng.random_bool(0.25) {
                r[EARNINGS_AMOUNT].push_str(".50");
            }
            r[EARNINGS_CURRENCY].push_str(dest.currency);
        }
    }

    fn destination(&mut self) -> &'static Destination {
        let total: u32 = DESTINATIONS.iter().map(|d| d.weight).sum();
        let mut x = self.rng.random_range(0..total);
        for d in DESTINATIONS {
            if x < d.weight {
                return d;
            }
            x -= d.weight;
        }
        &DESTINATIONS[0]
    }

    fn employer(&mut self, dest: &Destination, sector: &str, out: &mut String) {
        let rng = &mut self.rng;
        let household = matches!(sector, "domestic_work") || (sector == "caregiving" && dest.region != Region::Japan);
        if !household {
            let _ = write!(
                out,
                "{} {} {}",
                pick(rng, names::COMPANY_WORDS),
                pick(rng, company_word(sector)),
                dest.company_suffix
            );
            return;
        }
        let (surname, given) = match dest.region {
            Region::HongKong => {
                let _ = write!(
                    out,
                    "{} {} {}",
                    pick(rng, names::CANTONESE_SURNAMES),
                    pick(rng, names::CANTONESE_FIRST),
                    pick(rng, names::CANTONESE_SECOND)
                );
                return;
            }
            Region::Malaysia | Region::Brunei => {
                if dest.region == Region::Brunei && rng.random_bool(0.3) {
                    out.push_str("Haji ");
                }
                let _ = write!(out, "{} bin {}", pick(rng, names::MALAY_GIVEN), pick(rng, names::MALAY_FATHER));
                return;
            }
            Region::Taiwan => (names::MANDARIN_SURNAMES, names::MANDARIN_GIVEN),
            Region::Singapore => (names::SINGAPORE_SURNAMES, names::SINGAPORE_GIVEN),
            Region::Korea => (names::KOREAN_SURNAMES, names::KOREAN_GIVEN),
            Region::Japan => (names::JAPANESE_SURNAMES, &[][..]),
            Region::Gulf => (names::ARAB_FAMILY, names::ARAB_GIVEN),
        };
        if given.is_empty() || rng.random_bool(0.4) {
            let _ = write!(out, "{} Family", pick(rng, surname));
        } else if dest.region == Region::Gulf {
            let _ = write!(out, "{} {}", pick(rng, given), pick(rng, surname));
        } else {
            let _ = write!(out, "{} {}", pick(rng, surname), pick(rng, given));
        }
    }

    fn costs(&mut self, dest: &Destination, departure: NaiveDate, out: &mut String) {
        let rng = &mut self.rng;
        let k = weighted(rng, &[(1usize, 35), (2, 35), (3, 20), (4, 10)], 1);
        let mut order = [0usize, 1, 2, 3, 4, 5, 6];
        for i in 0..k {
            let j = rng.random_range(i..order.len());
            order.swap(i, j);
        }
        let chosen = &mut order[..k];
        chosen.sort_unstable();
        for &i in chosen.iter() {
            let Some(&(item, min, max)) = COST_ITEMS.get(i) else { continue };
            if !out.is_empty() {
                out.push(';');
            }
            out.push_str(item);
            out.push(':');
            if rng.random_bool(0.03) {
                let (lo, hi, step) = dest.earnings;
                push_num(out, lo / 2 + step * rng.random_range(0..=(hi * 2 - lo / 2) / step));
                out.push(':');
                out.push_str(dest.currency);
            } else {
                push_num(out, 50_000 * rng.random_range(min / 50_000..=max / 50_000));
                out.push_str(":IDR");
            }
            if rng.random_bool(0.4) {
                let days = departure.num_days_from_ce() - rng.random_range(7..=365);
                if let Some(d) = NaiveDate::from_num_days_from_ce_opt(days).filter(|d| *d <= self.today) {
                    out.push(':');
                    push_date(out, d);
                }
            }
        }
    }
}

/// `(x * mul + add) mod space`: a permutation of `0..space` when `mul` is
/// coprime to `space`.
fn permute(x: u64, space: u64, mul: u64, add: u64) -> u64 {
    ((u128::from(x) * u128::from(mul) + u128::from(add)) % u128::from(space)) as u64
}

fn weighted<T: Copy>(rng: &mut StdRng, items: &[(T, u32)], fallback: T) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    if total == 0 {
        return fallback;
    }
    let mut x = rng.random_range(0..total);
    for &(item, w) in items {
        if x < w {
            return item;
        }
        x -= w;
    }
    fallback
}

fn pick(rng: &mut StdRng, list: &[&'static str]) -> &'static str {
    list.choose(rng).copied().unwrap_or("")
}

/// Appends " <second>", a second name different from `given`.
fn push_second(rng: &mut StdRng, out: &mut String, given: &str, list: &[&'static str]) {
    let mut second = pick(rng, list);
    if second == given {
        second = pick(rng, list);
    }
    if second != given && !second.is_empty() {
        out.push(' ');
        out.push_str(second);
    }
}

fn push_num(out: &mut String, n: impl std::fmt::Display) {
    let _ = write!(out, "{n}");
}

fn push_date(out: &mut String, d: NaiveDate) {
    let _ = write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
}

/// The spelling before 1972 (EYD): oe for u, dj for j, tj for c, sj for sy,
/// ch for kh, j for y.
fn old_spelling(src: &str, out: &mut String) {
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        let upper = c.is_ascii_uppercase();
        let next = chars.peek().map(|n| n.to_ascii_lowercase());
        let case = |s: &'static str, u: &'static str| if upper { u } else { s };
        match c.to_ascii_lowercase() {
            's' if next == Some('y') => {
                chars.next();
                out.push_str(case("sj", "Sj"));
            }
            'k' if next == Some('h') => {
                chars.next();
                out.push_str(case("ch", "Ch"));
            }
            'c' if next == Some('h') => {
                chars.next();
                out.push_str(case("ch", "Ch"));
            }
            'c' => out.push_str(case("tj", "Tj")),
            'j' => out.push_str(case("dj", "Dj")),
            'y' => out.push_str(case("j", "J")),
            'u' => out.push_str(case("oe", "Oe")),
            _ => out.push(c),
        }
    }
}

/// A Javanese-style short name from the last syllables of the last word of
/// `given` ("Kartini" → "Tini", "Wahyuni" → "Yuni"), written to `out`.
fn derived_nickname(given: &str, out: &mut String) -> bool {
    let word = given.rsplit(' ').next().unwrap_or(given);
    let chars: Vec<char> = word.chars().collect();
    let vowel = |c: char| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u');
    let groups: Vec<usize> =
        (0..chars.len()).filter(|&i| vowel(chars[i]) && (i == 0 || !vowel(chars[i - 1]))).collect();
    if groups.len() < 3 {
        return false;
    }
    let v = groups[groups.len() - 2];
    let start = if v > 0 && chars[v - 1].is_ascii_alphabetic() { v - 1 } else { v };
    let tail = &chars[start..];
    if tail.len() < 3 || start == 0 {
        return false;
    }
    for (i, c) in tail.iter().enumerate() {
        out.push(if i == 0 { c.to_ascii_uppercase() } else { *c });
    }
    true
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use satuatap_core::registry::person::NewPerson;

    use super::*;

    const VILLAGES: [&str; 3] = ["32.09.01.2008", "35.04.14.2001", "33.01.05.2003"];

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn synth(seed: u64, agencies: &[&str]) -> Synth {
        Synth::new(
            seed,
            VILLAGES.iter().map(|v| v.to_string()).collect(),
            agencies.iter().map(|a| a.to_string()).collect(),
            today(),
        )
    }

    fn opt(s: &str) -> Option<String> {
        (!s.is_empty()).then(|| s.to_string())
    }

    fn person(r: &[String]) -> NewPerson {
        NewPerson {
            full_name: r[FULL_NAME].clone(),
            other_names: r[OTHER_NAMES].split(';').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            sex: r[SEX].clone(),
            birth_date: opt(&r[BIRTH_DATE]),
            estimated_age: opt(&r[ESTIMATED_AGE]).map(|a| a.parse().unwrap()),
            nik: opt(&r[NIK]),
            phone: opt(&r[PHONE]),
            other_phones: Vec::new(),
            village_code: opt(&r[VILLAGE_CODE]),
            address: opt(&r[ADDRESS]),
            marital_status: opt(&r[MARITAL_STATUS]),
            education: opt(&r[EDUCATION]),
            disability: opt(&r[DISABILITY]),
            note: opt(&r[12]),
            confidential: false,
        }
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn plain_decimal(s: &str) -> bool {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.len() <= 2
            && frac.bytes().all(|b| b.is_ascii_digit())
            && frac.is_empty() != s.contains('.')
    }

    #[test]
    fn ten_thousand_rows_are_valid_and_plausible() {
        let mut s = synth(42, &["P3MI-SEJAHTERA", "P3MI-AMANAH"]);
        let n = 10_000;
        let mut female = 0;
        let mut niks = HashSet::new();
        let mut phones = HashSet::new();
        let mut pmis = HashSet::new();
        let mut stages: HashMap<String, u32> = HashMap::new();
        let (mut with_nik, mut with_phone, mut estimated, mut old, mut aliases) = (0, 0, 0, 0, 0);
        for _ in 0..n {
            let r = s.row();
            assert_eq!(r.len(), COLUMNS.len());
            let valid = person(&r).validate(today()).unwrap_or_else(|e| panic!("{r:?}: {e:?}"));
            assert!(valid.warnings.is_empty(), "{r:?}: {:?}", valid.warnings);
            let name = &r[FULL_NAME];
            assert!(name.len() <= 100 && !name.is_empty());
            assert!(name.chars().all(|c| c.is_ascii_alphabetic() || " '.-".contains(c)), "{name}");
            assert!(!name.contains("  ") && name.trim() == name, "{name}");
            for alias in r[OTHER_NAMES].split(';').filter(|a| !a.is_empty()) {
                assert!(alias.chars().all(|c| c.is_ascii_alphabetic() || " '.-".contains(c)), "{alias}");
                assert_ne!(alias, name);
            }
            aliases += usize::from(!r[OTHER_NAMES].is_empty());
            old += usize::from(name.contains("oe") || name.contains("dj") || name.contains("tj"));
            female += usize::from(r[SEX] == "female");
            assert!(r[12].is_empty());
            // Birth date or estimated age, never both.
            assert!(r[BIRTH_DATE].is_empty() != r[ESTIMATED_AGE].is_empty(), "{r:?}");
            if !r[ESTIMATED_AGE].is_empty() {
                estimated += 1;
                assert!((0..=120).contains(&r[ESTIMATED_AGE].parse::<i64>().unwrap()));
                assert!(r[NIK].is_empty());
            } else {
                let b = date(&r[BIRTH_DATE]);
                assert!(b <= today() && b >= NaiveDate::from_ymd_opt(1900, 1, 1).unwrap());
            }
            if !r[NIK].is_empty() {
                with_nik += 1;
                let nik = &r[NIK];
                assert_eq!(nik.len(), 16);
                satuatap_core::registry::nik::Nik::parse("nik", nik, today()).unwrap();
                assert_eq!(nik[..6], r[VILLAGE_CODE][..8].replace('.', ""));
                assert_ne!(&nik[12..], "0000");
                assert!(niks.insert(nik.clone()), "duplicate NIK {nik}");
            }
            if !r[PHONE].is_empty() {
                with_phone += 1;
                let p = &r[PHONE];
                assert!(p.starts_with("08") && (10..=13).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
                assert!(phones.insert(p.clone()), "duplicate phone {p}");
            }
            assert!(VILLAGES.contains(&r[VILLAGE_CODE].as_str()));
            *stages.entry(r[STAGE].clone()).or_default() += 1;
            check_episode(&r, &mut pmis);
        }
        let share = f64::from(female as u32) / f64::from(n);
        assert!((0.84..=0.86).contains(&share), "female share {share}");
        let frac = |x: usize| x as f64 / f64::from(n);
        assert!((0.82..=0.88).contains(&frac(with_nik)), "nik {}", frac(with_nik));
        assert!((0.70..=0.85).contains(&frac(with_phone)), "phone {}", frac(with_phone));
        assert!((0.04..=0.06).contains(&frac(estimated)), "estimated {}", frac(estimated));
        assert!((0.02..=0.10).contains(&frac(old)), "old spelling {}", frac(old));
        assert!((0.04..=0.06).contains(&frac(aliases)), "aliases {}", frac(aliases));
        for (stage, share) in [
            ("prospective", 0.15),
            ("pre_departure", 0.10),
            ("abroad", 0.35),
            ("returnee", 0.35),
            ("family_member", 0.05),
        ] {
            let got = f64::from(stages.get(stage).copied().unwrap_or(0)) / f64::from(n);
            assert!((got - share).abs() < 0.02, "{stage}: {got}");
        }
    }

    fn check_episode(r: &[String], pmis: &mut HashSet<String>) {
        let stage = r[STAGE].as_str();
        let episode = &r[DESTINATION..=EARNINGS_CURRENCY];
        if stage == "family_member" {
            assert!(episode.iter().all(String::is_empty), "{r:?}");
            return;
        }
        let dest = DESTINATIONS.iter().find(|d| d.code == r[DESTINATION]);
        if r[DESTINATION].is_empty() {
            assert_eq!(stage, "prospective");
            assert!(episode.iter().all(String::is_empty), "{r:?}");
            return;
        }
        let dest = dest.unwrap_or_else(|| panic!("destination {}", r[DESTINATION]));
        assert!(dest.sectors.iter().any(|(s, _)| *s == r[SECTOR]), "{r:?}");
        assert!(occupations(&r[SECTOR]).contains(&r[OCCUPATION].as_str()));
        let worked = matches!(stage, "abroad" | "returnee");
        assert!(worked || r[EMPLOYER].is_empty());
        assert!(r[PLACEMENT_AGENCY].is_empty() || r[PLACEMENT_AGENCY].starts_with("P3MI-"));
        let departure = opt(&r[DEPARTURE_DATE]).map(|d| date(&d));
        match stage {
            "prospective" => {
                assert!(departure.is_none() && r[DOCUMENTED].is_empty() && r[PMI_NUMBER].is_empty());
            }
            "pre_departure" => {
                assert!(departure.is_none_or(|d| d >= today() && (d - today()).num_days() <= 90));
            }
            "abroad" => {
                let d = departure.unwrap();
                assert!(d <= today() && (today() - d).num_days() <= 6 * 365);
                assert!(r[RETURN_DATE].is_empty());
            }
            "returnee" => {
                let d = departure.unwrap();
                let back = date(&r[RETURN_DATE]);
                assert!(d < back && back <= today(), "{r:?}");
                assert!((today() - d).num_days() >= 365 && (today() - d).num_days() <= 3650);
            }
            _ => panic!("stage {stage}"),
        }
        if stage != "returnee" {
            assert!(r[RETURN_DATE].is_empty());
        }
        if stage != "prospective" {
            assert!(r[DOCUMENTED] == "yes" || r[DOCUMENTED] == "no");
        }
        if !r[PMI_NUMBER].is_empty() {
            assert_eq!(r[DOCUMENTED], "yes");
            let p = &r[PMI_NUMBER];
            assert!(p.len() == 15 && p.starts_with("PMI") && p[3..].bytes().all(|b| b.is_ascii_digit()));
            assert!(pmis.insert(p.clone()), "duplicate {p}");
        }
        if !worked {
            assert!(r[RECRUITMENT_COSTS..=EARNINGS_CURRENCY].iter().all(String::is_empty));
            return;
        }
        if !r[RECRUITMENT_COSTS].is_empty() {
            let items: Vec<&str> = r[RECRUITMENT_COSTS].split(';').collect();
            assert!((1..=4).contains(&items.len()));
            for item in items {
                let parts: Vec<&str> = item.split(':').collect();
                assert!(parts.len() == 3 || parts.len() == 4, "{item}");
                assert!(COST_ITEMS.iter().any(|(code, _, _)| *code == parts[0]), "{item}");
                assert!(plain_decimal(parts[1]), "{item}");
                assert!(parts[2] == "IDR" || parts[2] == dest.currency, "{item}");
                if let Some(d) = parts.get(3) {
                    let d = date(d);
                    assert!(d < departure.unwrap() && d <= today(), "{item}");
                }
            }
        }
        assert_eq!(r[EARNINGS_AMOUNT].is_empty(), r[EARNINGS_CURRENCY].is_empty());
        if !r[EARNINGS_AMOUNT].is_empty() {
            assert!(plain_decimal(&r[EARNINGS_AMOUNT]));
            assert_eq!(r[EARNINGS_CURRENCY], dest.currency);
            let amount: f64 = r[EARNINGS_AMOUNT].parse().unwrap();
            let (min, max, _) = dest.earnings;
            assert!(amount >= f64::from(min) && amount <= f64::from(max) + 1.0);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_rows() {
        let (mut a, mut b, mut c) = (synth(7, &["A"]), synth(7, &["A"]), synth(8, &["A"]));
        let rows_a: Vec<_> = (0..2000).map(|_| a.row()).collect();
        let rows_b: Vec<_> = (0..2000).map(|_| b.row()).collect();
        let rows_c: Vec<_> = (0..2000).map(|_| c.row()).collect();
        assert_eq!(rows_a, rows_b);
        assert_ne!(rows_a, rows_c);
    }

    #[test]
    fn csv_has_the_header_and_n_rows() {
        let mut out = Vec::new();
        synth(1, &[]).write_csv(500, &mut out).unwrap();
        let mut reader = csv::Reader::from_reader(out.as_slice());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), COLUMNS);
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 500);
        assert!(records.iter().all(|r| r.len() == 26 && r[PLACEMENT_AGENCY].is_empty()));
        // The CSV holds the same rows as `row`.
        let mut again = synth(1, &[]);
        for rec in &records {
            assert_eq!(rec.iter().collect::<Vec<_>>(), again.row());
        }
    }

    #[test]
    fn agencies_are_used_when_given() {
        let mut s = synth(3, &["P3MI-A", "P3MI-B"]);
        let rows: Vec<_> = (0..2000).map(|_| s.row()).collect();
        let with_dest = rows.iter().filter(|r| !r[DESTINATION].is_empty()).count();
        let with_agency = rows.iter().filter(|r| !r[PLACEMENT_AGENCY].is_empty()).count();
        let share = with_agency as f64 / with_dest as f64;
        assert!((0.55..=0.65).contains(&share), "{share}");
    }

    #[test]
    fn name_data_is_large_and_clean() {
        let distinct = |l: &[&str]| l.iter().collect::<HashSet<_>>().len();
        assert!(distinct(names::FEMALE_GIVEN) >= 150, "{}", distinct(names::FEMALE_GIVEN));
        assert!(distinct(names::MALE_GIVEN) >= 100, "{}", distinct(names::MALE_GIVEN));
        assert!(distinct(names::FEMALE_SECOND) >= 80, "{}", distinct(names::FEMALE_SECOND));
        assert!(distinct(names::MALE_SECOND) >= 80, "{}", distinct(names::MALE_SECOND));
        for n in
            names::FEMALE_GIVEN.iter().chain(names::MALE_GIVEN).chain(names::FEMALE_SECOND).chain(names::MALE_SECOND)
        {
            assert!(n.chars().all(|c| c.is_ascii_alphabetic() || " '".contains(c)), "{n}");
        }
    }

    #[test]
    fn spelling_and_nicknames() {
        let old = |s: &str| {
            let mut out = String::new();
            old_spelling(s, &mut out);
            out
        };
        assert_eq!(old("Jubaedah Sumiati"), "Djoebaedah Soemiati");
        assert_eq!(old("Syarifah Khotimah"), "Sjarifah Chotimah");
        assert_eq!(old("Cucu Suryani"), "Tjoetjoe Soerjani");
        assert_eq!(old("Mochamad Yusuf"), "Mochamad Joesoef");
        let nick = |s: &str| {
            let mut out = String::new();
            derived_nickname(s, &mut out).then_some(out)
        };
        assert_eq!(nick("Kartini").as_deref(), Some("Tini"));
        assert_eq!(nick("Wahyuni").as_deref(), Some("Yuni"));
        assert_eq!(nick("Nur'aini").as_deref(), Some("Aini"));
        assert_eq!(nick("Tarsih"), None);
    }

    #[test]
    fn nik_areas() {
        assert_eq!(nik_area("32.09.01.2008"), Some(320901));
        assert_eq!(nik_area("32.09"), None);
        assert_eq!(nik_area("32.00.01.2008"), None);
    }
}
