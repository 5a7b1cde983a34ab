//! Activities: the list, the form with its attendance grid (by sex and age
//! group, or by kind of participant for trainings and forum meetings), and
//! an activity's page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::community::activity::{
    Activity, ActivityKind, ActivityTopic, AgeGroup, AttendeeSex, NewActivity, NewAttendance, ParticipantKind,
};
use satuatap_core::paging::PageRequest;
use satuatap_core::FieldError;
use serde::Deserialize;
use uuid::Uuid;

use super::Villages;
use crate::areas::picker::AreaField;
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{field_errors, render, render_again, some, Choice, PageCtx};
use crate::state::AppState;

/// Whether an activity counts by kind of participant (trainings, forum
/// meetings) rather than by age group.
fn by_participant(kind: &str) -> bool {
    matches!(kind.parse::<ActivityKind>(), Ok(ActivityKind::Training | ActivityKind::ForumMeeting))
}

/// A row of the attendance grid: its code, its label, the women and men typed.
pub struct GridRow {
    code: &'static str,
    label: String,
    female: String,
    male: String,
}

#[derive(Template)]
#[template(path = "community/activity_form.html")]
struct FormPage {
    ctx: PageCtx,
    kind: String,
    kinds: Vec<Choice>,
    topics: Vec<Choice>,
    area: AreaField,
    grid: Vec<GridRow>,
    participants: bool,
    f: ActivityForm,
    errors: Vec<String>,
}

/// The form as sent: its fields, and the grid's cells `n.<row>.<sex>`.
#[derive(Default)]
pub struct ActivityForm {
    kind: String,
    date: String,
    area_code: String,
    topic: String,
    title: String,
    notes: String,
    follow_up: String,
    pre_score: String,
    post_score: String,
    /// Named attendees, with their agreement: one NIK per line.
    attendees: String,
    cells: Vec<(String, String)>,
}

impl ActivityForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut f = ActivityForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "kind" => f.kind = v,
                "date" => f.date = v,
                "area_code" => f.area_code = v,
                "topic" => f.topic = v,
                "title" => f.title = v,
                "notes" => f.notes = v,
                "follow_up" => f.follow_up = v,
                "pre_score" => f.pre_score = v,
                "post_score" => f.post_score = v,
                "attendees" => f.attendees = v,
                _ if k.starts_with("n.") => f.cells.push((k, v)),
                _ => {}
            }
        }
        f
    }

    fn cell(&self, row: &str, sex: &str) -> String {
        let key = format!("n.{row}.{sex}");
        self.cells.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// The input for the service, and the cells or scores that are no number.
    fn input(&self) -> (NewActivity, Vec<FieldError>) {
        let mut problems = Vec::new();
        let participants = by_participant(&self.kind);
        let mut attendance = Vec::new();
        for (key, raw) in &self.cells {
            let raw = raw.trim();
            if raw.is_empty() {
                continue;
            }
            let mut parts = key.splitn(3, '.').skip(1);
            let (Some(row), Some(sex)) = (parts.next(), parts.next()) else { continue };
            let Ok(count) = raw.parse::<i64>() else {
                problems.push(FieldError::new("attendance", "invalid_number").with("value", raw));
                continue;
            };
            attendance.push(NewAttendance {
                sex: sex.to_string(),
                age_group: (!participants).then(|| row.to_string()),
                participant: participants.then(|| row.to_string()),
                count,
            });
        }
        let mut score = |field: &'static str, raw: &str| match some(raw) {
            None => None,
            Some(s) => match s.replace(',', ".").parse::<f64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    problems.push(FieldError::new(field, "invalid_number").with("value", s));
                    None
                }
            },
        };
        let pre_score = score("pre_score", &self.pre_score);
        let post_score = score("post_score", &self.post_score);
        let input = NewActivity {
            kind: self.kind.clone(),
            date: self.date.clone(),
            area_code: self.area_code.clone(),
            organiser_code: None,
            topic: some(&self.topic),
            title: self.title.clone(),
            notes: some(&self.notes),
            attendance,
            people: Vec::new(),
            pre_score,
            post_score,
            follow_up: some(&self.follow_up),
        };
        (input, problems)
    }
}

fn form_page(ctx: PageCtx, area: AreaField, f: ActivityForm, errors: Vec<String>) -> FormPage {
    let participants = by_participant(&f.kind);
    let grid = if participants {
        ParticipantKind::ALL
            .iter()
            .map(|p| GridRow {
                code: p.as_str(),
                label: ctx.label("participant", p.as_str()),
                female: f.cell(p.as_str(), AttendeeSex::Female.as_str()),
                male: f.cell(p.as_str(), AttendeeSex::Male.as_str()),
            })
            .collect()
    } else {
        AgeGroup::ALL
            .iter()
            .map(|g| GridRow {
                code: g.as_str(),
                label: ctx.label("age-group", g.as_str()),
                female: f.cell(g.as_str(), AttendeeSex::Female.as_str()),
                male: f.cell(g.as_str(), AttendeeSex::Male.as_str()),
            })
            .collect()
    };
    FormPage {
        kind: f.kind.clone(),
        kinds: Choice::list(&ctx, "activity-kind", ActivityKind::ALL.iter().map(|k| k.as_str()), &f.kind),
        topics: Choice::list(&ctx, "activity-topic", ActivityTopic::ALL.iter().map(|k| k.as_str()), &f.topic),
        area,
        grid,
        participants,
        ctx,
        f,
        errors,
    }
}

#[derive(Deserialize)]
pub struct NewQuery {
    kind: Option<String>,
}

/// `GET /activities/new[?kind=K]`: the kind first, then the form.
pub async fn new_form(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let kind = q.kind.filter(|k| k.parse::<ActivityKind>().is_ok()).unwrap_or_default();
    let home = call.actor.user().map(|u| u.home_area.clone());
    let area = AreaField::new(&ctx, "area_code", None, true).showing(&state, home.as_ref()).await?;
    let f = ActivityForm { kind, date: state.app.today().to_string(), ..Default::default() };
    render(&form_page(ctx, area, f, Vec::new()))
}

/// `POST /activities/new`: to the activity's page, or the form again.
pub async fn create(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut f = ActivityForm::from_pairs(pairs);
    let mut area = AreaField::new(&ctx, "area_code", None, true);
    let mut code = f.area_code.clone();
    let mut errors = area.read_into(&state, &ctx, &mut code).await?;
    let (mut input, mut problems) = f.input();
    input.area_code = code;
    for (i, nik) in f.attendees.lines().map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        let found = if nik.len() == 16 && nik.bytes().all(|b| b.is_ascii_digit()) {
            let filter = satuatap_core::repo::PersonFilter::default();
            // One who reads no people finds no one: the same refusal as a NIK of no one.
            match state.app.people(&call, Some(nik), filter, PageRequest::first(2)).await {
                Ok(found) => found.items,
                Err(satuatap_core::Error::Forbidden) => Vec::new(),
                Err(e) => return Err(e.into()),
            }
        } else {
            Vec::new()
        };
        match found.as_slice() {
            [p] => input.people.push(p.id),
            _ => problems.push(FieldError::new(format!("people[{i}]"), "unknown_nik").with("value", nik)),
        }
    }
    errors.extend(problems.iter().map(|e| crate::error::field_message(&state.i18n, ctx.lang, e)));
    if errors.is_empty() {
        match state.app.record_activity(&call, &input).await {
            Ok(a) => return Ok(Redirect::to(&format!("/activities/{}", a.id)).into_response()),
            Err(e) => errors = field_errors(&state, &ctx, e)?,
        }
    }
    f.area_code = area.value.clone();
    render_again(&form_page(ctx, area, f, errors))
}

/// An activity as a list shows it.
pub struct ActivityRow {
    id: Uuid,
    kind: String,
    title: String,
    date: String,
    place: String,
    total: i64,
    women: i64,
}

impl ActivityRow {
    fn new(ctx: &PageCtx, a: &Activity, villages: &Villages) -> Self {
        ActivityRow {
            id: a.id,
            kind: ctx.label("activity-kind", a.kind.as_str()),
            title: a.title.clone(),
            date: a.date.to_string(),
            place: villages.name(&a.area_code),
            total: a.total,
            women: a.women,
        }
    }
}

#[derive(Template)]
#[template(path = "community/activities.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<ActivityRow>,
    kinds: Vec<Choice>,
    may_write: bool,
}

#[derive(Deserialize)]
pub struct ListQuery {
    kind: Option<String>,
}

/// `GET /activities[?kind=K]`.
pub async fn list(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let raw = q.kind.unwrap_or_default();
    let kind = crate::page::optional(&some(&raw), |v| ActivityKind::parse("kind", v))?;
    let list = state.app.activities(&call, kind, PageRequest::first(100)).await?;
    let villages = Villages::of(&state, list.items.iter().map(|a| &a.area_code)).await?;
    let may_write = satuatap_core::access::AuthCheck::new(satuatap_core::access::Permission::ActivitiesWrite)
        .check(&call.actor)
        .is_ok();
    render(&ListPage {
        rows: list.items.iter().map(|a| ActivityRow::new(&ctx, a, &villages)).collect(),
        kinds: Choice::list(&ctx, "activity-kind", ActivityKind::ALL.iter().map(|k| k.as_str()), &raw),
        may_write,
        ctx,
    })
}

/// A cell of an activity's attendance as shown.
pub struct CellView {
    who: String,
    sex: String,
    count: i64,
}

#[derive(Template)]
#[template(path = "community/activity.html")]
struct ShowPage {
    ctx: PageCtx,
    a: Activity,
    row: ActivityRow,
    topic: Option<String>,
    cells: Vec<CellView>,
}

/// `GET /activities/{id}`.
pub async fn show(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let a = state.app.activity(&call, id).await?;
    let villages = Villages::of(&state, [&a.area_code]).await?;
    let cells = a
        .attendance
        .iter()
        .map(|c| CellView {
            who: match (c.age_group, c.participant) {
                (_, Some(p)) => ctx.label("participant", p.as_str()),
                (Some(g), None) => ctx.label("age-group", g.as_str()),
                (None, None) => String::new(),
            },
            sex: ctx.label("sex", c.sex.as_str()),
            count: c.count,
        })
        .collect();
    render(&ShowPage {
        row: ActivityRow::new(&ctx, &a, &villages),
        topic: a.topic.map(|t| ctx.label("activity-topic", t.as_str())),
        cells,
        ctx,
        a,
    })
}
