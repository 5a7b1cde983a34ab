//! DHIS2: how the reports map onto a DHIS2 server's metadata (kept by
//! administrators), and a period's values ready to be written as a
//! `dataValueSets` document or as ADX. Identifiers are codes, as DHIS2
//! knows them; districts become organisation units.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::areas::area::{AreaCode, AreaLevel};
use crate::error::{Error, FieldError, Result, Validator};
use crate::reports::catalogue::{indicator, Dimension, Indicator};
use crate::reports::period::Period;

/// The mapping as administrators send it (all of it at once).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Dhis2Mapping {
    /// The data set's code.
    pub data_set: String,
    /// Each district's organisation unit.
    #[serde(default)]
    pub org_units: Vec<OrgUnitMapping>,
    /// Each indicator's (and disaggregation's) data element.
    #[serde(default)]
    pub elements: Vec<ElementMapping>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgUnitMapping {
    /// A district (regency) code, e.g. `32.09`.
    pub district: String,
    /// The organisation unit's code.
    pub org_unit: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ElementMapping {
    /// An indicator of the catalogue that the tables compute.
    pub indicator: String,
    /// Empty for the total; else `dimension=value` pairs joined by `;` — one dimension of the
    /// indicator, sex, or one of them and sex (e.g. `sex=female`, `age_group=18_24;sex=female`).
    #[serde(default)]
    pub disaggregation: String,
    /// The data element's code.
    pub data_element: String,
    /// The category option combo's code (`default` when the element has none).
    #[serde(default)]
    pub category_option_combo: String,
    /// For ADX: `CATEGORY=OPTION` codes joined by `;` (empty for the default combo).
    #[serde(default)]
    pub adx_categories: String,
    /// Send zeros too (else a zero is left out, as a suppressed count always is).
    #[serde(default)]
    pub store_zero: bool,
}

/// Where a mapped figure is read from its indicator's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disaggregation {
    /// The row dimension and its value (none: the total row).
    pub row: Option<(Dimension, String)>,
    /// The sex column (none: the total column).
    pub sex: Option<String>,
}

impl Disaggregation {
    pub fn parse(field: &str, ind: &Indicator, raw: &str) -> std::result::Result<Self, FieldError> {
        let bad = |code: &'static str| FieldError::new(field, code).with("value", raw);
        let mut out = Disaggregation { row: None, sex: None };
        for part in raw.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (d, v) = part.split_once('=').ok_or_else(|| bad("invalid_disaggregation"))?;
            let d: Dimension = d.trim().parse().map_err(|()| bad("invalid_disaggregation"))?;
            let v = v.trim();
            let valid_value = !v.is_empty()
                && v.len() <= 64
                && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-');
            if !valid_value || d == Dimension::Period || ind.column(d).is_none() {
                return Err(bad("not_a_dimension"));
            }
            match d {
                Dimension::Sex if out.sex.is_none() => {
                    if v != "female" && v != "male" {
                        return Err(bad("invalid_disaggregation"));
                    }
                    out.sex = Some(v.to_string());
                }
                _ if out.row.is_none() && d != Dimension::Sex => out.row = Some((d, v.to_string())),
                _ => return Err(bad("invalid_disaggregation")),
            }
        }
        Ok(out)
    }

    /// The canonical text (row first, then sex).
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        if let Some((d, v)) = &self.row {
            parts.push(format!("{}={v}", d.as_str()));
        }
        if let Some(s) = &self.sex {
            parts.push(format!("sex={s}"));
        }
        parts.join(";")
    }
}

/// A DHIS2 code: letters, digits, `_`, `-`, `.`, up to 50 characters (DHIS2's limit).
fn code(field: &str, raw: &str, v: &mut Validator) -> String {
    let s = raw.trim();
    if s.is_empty() {
        v.push(FieldError::new(field, "required"));
    } else if s.len() > 50 || !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.') {
        v.push(FieldError::new(field, "invalid_dhis2_code").with("value", s));
    }
    s.to_string()
}

/// `CATEGORY=OPTION;…` for ADX: each side a code.
fn adx_pairs(field: &str, raw: &str, v: &mut Validator) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for part in raw.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((c, o)) = part.split_once('=') else {
            v.push(FieldError::new(field, "invalid_dhis2_code").with("value", part));
            continue;
        };
        let (c, o) = (c.trim(), o.trim());
        // An ADX attribute name: a letter or `_` first (XML), then a code.
        let name_ok = c.bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && c.len() <= 50
            && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
        let reserved = ["dataElement", "value", "annotation", "orgUnit", "period", "dataSet"];
        if !name_ok || reserved.contains(&c) || out.iter().any(|(x, _)| x == c) {
            v.push(FieldError::new(field, "invalid_dhis2_code").with("value", part));
            continue;
        }
        let o = code(field, o, v);
        out.push((c.to_string(), o));
    }
    out
}

/// A mapping as validated.
#[derive(Debug, Clone)]
pub struct ValidMapping {
    pub data_set: String,
    pub org_units: Vec<(AreaCode, String)>,
    pub elements: Vec<ValidElement>,
}

#[derive(Debug, Clone)]
pub struct ValidElement {
    pub indicator: &'static Indicator,
    pub disaggregation: Disaggregation,
    pub data_element: String,
    pub category_option_combo: String,
    pub adx_categories: Vec<(String, String)>,
    pub store_zero: bool,
}

impl ValidElement {
    pub fn adx_text(&self) -> String {
        self.adx_categories.iter().map(|(c, o)| format!("{c}={o}")).collect::<Vec<_>>().join(";")
    }
}

impl Dhis2Mapping {
    /// Checks codes, indicators and disaggregations (`org_units[i].…`,
    /// `elements[i].…`); district codes are checked against the areas by the service.
    pub fn validate(&self) -> Result<ValidMapping> {
        let mut v = Validator::new();
        let data_set = code("data_set", &self.data_set, &mut v);
        let mut org_units: Vec<(AreaCode, String)> = Vec::new();
        for (i, o) in self.org_units.iter().enumerate() {
            let field = format!("org_units[{i}].district");
            let district = match AreaCode::parse(&field, o.district.trim()) {
                Ok(a) if a.level() == AreaLevel::Regency => Some(a),
                Ok(_) => {
                    v.push(FieldError::new(&field, "wrong_area_level").with("value", o.district.trim()));
                    None
                }
                Err(e) => {
                    v.push(e);
                    None
                }
            };
            let unit = code(&format!("org_units[{i}].org_unit"), &o.org_unit, &mut v);
            if let Some(d) = district {
                if org_units.iter().any(|(x, _)| *x == d) {
                    v.push(FieldError::new(&field, "repeated").with("value", d.as_str()));
                } else if org_units.iter().any(|(_, u)| *u == unit) {
                    v.push(FieldError::new(format!("org_units[{i}].org_unit"), "repeated").with("value", &unit));
                } else {
                    org_units.push((d, unit));
                }
            }
        }
        let mut elements: Vec<ValidElement> = Vec::new();
        for (i, e) in self.elements.iter().enumerate() {
            let f = |name: &str| format!("elements[{i}].{name}");
            let ind = indicator(e.indicator.trim()).filter(|x| x.available());
            if ind.is_none() {
                v.push(FieldError::new(f("indicator"), "unknown_code").with("value", e.indicator.trim()));
            }
            let dis = ind.and_then(|ind| v.check(Disaggregation::parse(&f("disaggregation"), ind, &e.disaggregation)));
            let data_element = code(&f("data_element"), &e.data_element, &mut v);
            let coc = if e.category_option_combo.trim().is_empty() { "default" } else { &e.category_option_combo };
            let category_option_combo = code(&f("category_option_combo"), coc, &mut v);
            let adx_categories = adx_pairs(&f("adx_categories"), &e.adx_categories, &mut v);
            let (Some(ind), Some(dis)) = (ind, dis) else { continue };
            if elements.iter().any(|x| x.indicator.code == ind.code && x.disaggregation == dis) {
                v.push(FieldError::new(f("disaggregation"), "repeated").with("value", dis.text()));
                continue;
            }
            if elements
                .iter()
                .any(|x| x.data_element == data_element && x.category_option_combo == category_option_combo)
            {
                v.push(FieldError::new(f("category_option_combo"), "repeated").with("value", &category_option_combo));
                continue;
            }
            elements.push(ValidElement {
                indicator: ind,
                disaggregation: dis,
                data_element,
                category_option_combo,
                adx_categories,
                store_zero: e.store_zero,
            });
        }
        v.finish()?;
        Ok(ValidMapping { data_set, org_units, elements })
    }
}

impl ValidMapping {
    /// As administrators send it (the stored mapping, read back).
    pub fn document(&self) -> Dhis2Mapping {
        Dhis2Mapping {
            data_set: self.data_set.clone(),
            org_units: self
                .org_units
                .iter()
                .map(|(d, u)| OrgUnitMapping { district: d.as_str().to_string(), org_unit: u.clone() })
                .collect(),
            elements: self
                .elements
                .iter()
                .map(|e| ElementMapping {
                    indicator: e.indicator.code.to_string(),
                    disaggregation: e.disaggregation.text(),
                    data_element: e.data_element.clone(),
                    category_option_combo: e.category_option_combo.clone(),
                    adx_categories: e.adx_text(),
                    store_zero: e.store_zero,
                })
                .collect(),
        }
    }
}

/// A DHIS2 period: its identifier (`202601`, `2026Q1`, `2026`) and its
/// ISO 8601 interval for ADX (`2026-01-01/P1M`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Dhis2Period {
    pub id: String,
    pub iso: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Dhis2Period {
    pub fn parse(field: &str, raw: &str) -> std::result::Result<Self, FieldError> {
        let p = Period::parse(field, raw)?;
        let id = raw.trim().to_ascii_uppercase();
        let duration = match id.len() {
            4 => "P1Y",
            6 if id.contains('Q') => "P3M",
            _ => "P1M",
        };
        Ok(Dhis2Period { iso: format!("{}/{duration}", p.from.format("%Y-%m-%d")), id, from: p.from, to: p.to })
    }

    pub fn period(&self) -> Period {
        Period { from: self.from, to: self.to }
    }
}

/// One value to send.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Dhis2Value {
    pub data_element: String,
    pub category_option_combo: String,
    pub org_unit: String,
    /// As DHIS2 takes it: a whole number, or a decimal for shares and medians.
    pub value: String,
    /// For ADX: category code → option code.
    pub adx_categories: Vec<(String, String)>,
}

/// A period's values for the mapped districts the caller may report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Dhis2Export {
    pub data_set: String,
    pub period: Dhis2Period,
    /// The day the export was made (`completeDate`).
    pub complete_date: NaiveDate,
    /// The organisation units exported.
    pub org_units: Vec<String>,
    pub values: Vec<Dhis2Value>,
    /// Mapped figures left out: suppressed, or zero and not to be stored.
    pub left_out: u64,
}

/// No mapping yet: nothing to export.
pub fn not_configured() -> Error {
    Error::Invalid(vec![FieldError::new("mapping", "dhis2_not_configured")])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(code: &str) -> &'static Indicator {
        indicator(code).unwrap_or(&crate::reports::catalogue::INDICATORS[0])
    }

    #[test]
    fn disaggregations_name_a_row_and_a_sex_column() {
        let served = ind("people_served");
        let d = Disaggregation::parse("d", served, " sex=female ; age_group=18_24 ").map_err(|e| e.code);
        assert_eq!(
            d,
            Ok(Disaggregation { row: Some((Dimension::AgeGroup, "18_24".into())), sex: Some("female".into()) })
        );
        assert_eq!(d.map(|d| d.text()), Ok("age_group=18_24;sex=female".to_string()));
        assert_eq!(
            Disaggregation::parse("d", served, "").map_err(|e| e.code),
            Ok(Disaggregation { row: None, sex: None })
        );
        for (raw, code) in [
            ("sex=other", "invalid_disaggregation"),
            ("age_group=18_24;migration_stage=abroad", "invalid_disaggregation"),
            ("sex=female;sex=male", "invalid_disaggregation"),
            ("platform=tiktok", "not_a_dimension"),
            ("period=2026", "not_a_dimension"),
            ("sex", "invalid_disaggregation"),
            ("age_group=<b>", "not_a_dimension"),
        ] {
            assert_eq!(Disaggregation::parse("d", served, raw).map_err(|e| e.code), Err(code), "{raw}");
        }
    }

    #[test]
    fn a_mapping_is_checked_whole() {
        let m = Dhis2Mapping {
            data_set: "LTSA_MONTHLY".into(),
            org_units: vec![
                OrgUnitMapping { district: "32.09".into(), org_unit: "OU_CRB".into() },
                OrgUnitMapping { district: "32.09".into(), org_unit: "OU_X".into() },
                OrgUnitMapping { district: "32".into(), org_unit: "OU_Y".into() },
            ],
            elements: vec![
                ElementMapping {
                    indicator: "people_served".into(),
                    disaggregation: "sex=female".into(),
                    data_element: "PMI_SERVED".into(),
                    category_option_combo: "F".into(),
                    adx_categories: "SEX=F".into(),
                    store_zero: false,
                },
                ElementMapping {
                    indicator: "people_served".into(),
                    disaggregation: "sex=female".into(),
                    data_element: "PMI_SERVED2".into(),
                    ..Default::default()
                },
                ElementMapping { indicator: "sdg_10_7_1".into(), data_element: "X".into(), ..Default::default() },
                ElementMapping {
                    indicator: "visits".into(),
                    data_element: "bad code!".into(),
                    adx_categories: "value=F".into(),
                    ..Default::default()
                },
            ],
        };
        let Err(Error::Invalid(errors)) = m.validate() else { panic!("refused") };
        let got: Vec<(String, &str)> = errors.iter().map(|e| (e.field.clone(), e.code)).collect();
        let want = [
            ("org_units[1].district", "repeated"),
            ("org_units[2].district", "wrong_area_level"),
            ("elements[1].disaggregation", "repeated"),
            ("elements[2].indicator", "unknown_code"),
            ("elements[3].data_element", "invalid_dhis2_code"),
            ("elements[3].adx_categories", "invalid_dhis2_code"),
        ];
        assert_eq!(got, want.map(|(f, c)| (f.to_string(), c)).to_vec());
        let ok = Dhis2Mapping { elements: vec![m.elements[0].clone()], org_units: vec![m.org_units[0].clone()], ..m };
        let valid = ok.validate().map_err(|e| e.to_string());
        assert_eq!(valid.as_ref().map(|v| v.document().elements[0].category_option_combo.clone()), Ok("F".into()));
        assert_eq!(valid.map(|v| v.document().elements.len()), Ok(1));
    }

    #[test]
    fn periods_as_dhis2_and_adx_name_them() {
        let p =
            |raw: &str| Dhis2Period::parse("period", raw).map(|p| (p.id, p.iso, p.to.to_string())).map_err(|e| e.code);
        assert_eq!(p("202602"), Ok(("202602".into(), "2026-02-01/P1M".into(), "2026-02-28".into())));
        assert_eq!(p("2026q3"), Ok(("2026Q3".into(), "2026-07-01/P3M".into(), "2026-09-30".into())));
        assert_eq!(p("2025"), Ok(("2025".into(), "2025-01-01/P1Y".into(), "2025-12-31".into())));
        assert_eq!(p("2026-01"), Err("invalid_period"));
    }
}
