//! The area picker of the pages: one field that takes a village,
//! kecamatan or regency by name (suggested as one types, by `areas.js` and
//! `GET /api/v1/areas/search`) or by code, and without JavaScript comes back
//! with the areas that fit a name to choose from. Every form that asks for an
//! area uses it (`templates/areas/area_field.html`).

use satuatap_core::areas::area::{AreaCode, AreaLevel, AreaMatch, AreaPick};
use satuatap_core::Error;

use crate::error::AppError;
use crate::page::{field_errors, PageCtx};
use crate::state::AppState;

/// An area field of a form, as shown.
pub struct AreaField {
    /// The form field's name, e.g. `village_code`.
    pub name: &'static str,
    pub label: String,
    /// What the field holds: the picker's label of a known area, or what was typed.
    pub value: String,
    /// The level asked (`village`), or empty for any.
    pub level: &'static str,
    pub required: bool,
    /// When a name fits several areas: the question and the choices.
    pub question: String,
    pub choices: Vec<AreaMatch>,
}

/// What a submitted area field gave.
pub enum AreaRead {
    /// The area's code for the service, or nothing when left empty.
    Code(Option<String>),
    /// The form must come back: these messages, the field as it now shows.
    Again(Vec<String>),
}

/// The prefix of the "search with another name" choice.
const AGAIN: char = '?';

impl AreaField {
    /// An area field labelled `field-<name>`, asking one level or any.
    pub fn new(ctx: &PageCtx, name: &'static str, level: Option<AreaLevel>, required: bool) -> Self {
        AreaField {
            name,
            label: ctx.t(&format!("field-{name}")),
            value: String::new(),
            level: level.map(AreaLevel::as_str).unwrap_or(""),
            required,
            question: String::new(),
            choices: Vec::new(),
        }
    }

    /// The field showing an area already chosen (its name, not its code).
    pub async fn showing(mut self, state: &AppState, code: Option<&AreaCode>) -> Result<Self, AppError> {
        if let Some(code) = code {
            self.value = match state.app.area_match(code).await? {
                Some(m) => m.label,
                None => code.to_string(),
            };
        }
        Ok(self)
    }

    /// The field showing a form's value: the area's name when it holds a
    /// known code, else the text as it is.
    pub async fn showing_text(self, state: &AppState, raw: &str) -> Result<Self, AppError> {
        match AreaCode::parse(self.name, raw) {
            Ok(code) => self.showing(state, Some(&code)).await,
            Err(_) => Ok(Self { value: raw.trim().to_string(), ..self }),
        }
    }

    /// Reads what was sent into `value`: the area's code when one was
    /// found (empty when nothing was typed); else the messages of the form
    /// that must come back, `value` left as typed.
    pub async fn read_into(
        &mut self,
        state: &AppState,
        ctx: &PageCtx,
        value: &mut String,
    ) -> Result<Vec<String>, AppError> {
        match self.read(state, ctx, value).await? {
            AreaRead::Code(code) => {
                *value = code.unwrap_or_default();
                Ok(Vec::new())
            }
            AreaRead::Again(errors) => Ok(errors),
        }
    }

    fn levels(&self) -> Vec<AreaLevel> {
        match self.level.parse::<AreaLevel>() {
            Ok(l) => vec![l],
            Err(()) => AreaLevel::ALL.to_vec(),
        }
    }

    /// Reads what was sent in the field.
    pub async fn read(&mut self, state: &AppState, ctx: &PageCtx, raw: &str) -> Result<AreaRead, AppError> {
        let raw = raw.trim();
        if let Some(words) = raw.strip_prefix(AGAIN) {
            self.value = words.trim().to_string();
            return Ok(AreaRead::Again(vec![format!("{}: {}", self.label, ctx.t("area-search-again-hint"))]));
        }
        self.value = raw.to_string();
        match state.app.pick_area(self.name, raw, &self.levels()).await {
            Ok(AreaPick::Empty) => Ok(AreaRead::Code(None)),
            Ok(AreaPick::One(m)) => {
                self.value = m.label;
                Ok(AreaRead::Code(Some(m.area.code.to_string())))
            }
            Ok(AreaPick::Several { choices, more }) => {
                self.question = ctx.t_args("area-choose", &[("value", raw)]);
                self.choices = choices;
                let key = if more { "area-too-many" } else { "area-several" };
                Ok(AreaRead::Again(vec![format!("{}: {}", self.label, ctx.t_args(key, &[("value", raw)]))]))
            }
            Err(e @ Error::Invalid(_)) => Ok(AreaRead::Again(field_errors(state, ctx, e)?)),
            Err(e) => Err(AppError(e)),
        }
    }

    /// The value of the choice that asks again with the typed words.
    pub fn again_value(&self) -> String {
        format!("{AGAIN}{}", self.value)
    }
}

/// For area fields that repeat (the places of a service) or stand in a
/// long form: each value read as the picker reads it into its code; a name
/// that does not fit exactly one area is a message (type more, or pick from
/// the suggestions) and the value stays as typed.
pub async fn read_codes(
    state: &AppState,
    ctx: &PageCtx,
    field: &str,
    levels: &[AreaLevel],
    values: &mut [String],
) -> Result<Vec<String>, AppError> {
    let mut messages = Vec::new();
    for value in values.iter_mut() {
        match state.app.pick_area(field, value, levels).await {
            Ok(AreaPick::Empty) => {}
            Ok(AreaPick::One(m)) => *value = m.area.code.to_string(),
            Ok(AreaPick::Several { .. }) => {
                let label = ctx.t(&format!("field-{field}"));
                messages.push(format!("{label}: {}", ctx.t_args("area-too-many", &[("value", value.trim())])));
            }
            Err(e @ Error::Invalid(_)) => messages.extend(field_errors(state, ctx, e)?),
            Err(e) => return Err(AppError(e)),
        }
    }
    Ok(messages)
}

/// Each value that is a known area's code shown as its label (name, the
/// areas above, the code), the others as they are.
pub async fn show_labels(state: &AppState, values: &mut [String]) -> Result<(), AppError> {
    for value in values.iter_mut() {
        if let Ok(code) = AreaCode::parse("code", value) {
            if let Some(m) = state.app.area_match(&code).await? {
                *value = m.label;
            }
        }
    }
    Ok(())
}
