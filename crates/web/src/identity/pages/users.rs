//! Administration pages: users and roles.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use satuatap_core::access::{Ctx, RoleCode};
use satuatap_core::areas::area::AreaCode;
use satuatap_core::identity::users::UserFilter;
use satuatap_core::identity::users::{
    may_add_users_to, may_decide_access, may_manage_roles, may_manage_users, NewUser, RestrictedAccess,
};
use satuatap_core::organisations::organisation::OrganisationFilter;
use satuatap_core::paging::PageRequest;
use serde::Deserialize;

use crate::areas::picker::{AreaField, AreaRead};
use crate::auth::CallCtx;
use crate::error::AppError;
use crate::page::{field_errors, render, render_again, some, Choice, ListShape, PageCtx, Pager};
use crate::state::AppState;

pub struct UserRow {
    id: uuid::Uuid,
    username: String,
    /// Confirmation for restricted records, as a label.
    access: String,
    pending: bool,
    /// The viewer may confirm or refuse this account.
    can_decide: bool,
    roles: Vec<String>,
    disabled: bool,
    organisation: String,
    area: String,
}

const LIST: ListShape =
    ListShape { action: "/admin/users", trigger: "input changed delay:300ms from:#q, submit", none: "users-none" };

#[derive(Template)]
#[template(path = "identity/admin_users.html")]
struct UsersPage {
    ctx: PageCtx,
    list: ListShape,
    q: String,
    items: Vec<UserRow>,
    pager: Pager,
    can_manage: bool,
    /// The organisations the caller may add users to, by district.
    organisations: Vec<(String, Vec<Choice>)>,
    roles: Vec<Choice>,
    /// The new-user form as typed, and why it was refused.
    form: NewUserForm,
    home: AreaField,
    errors: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct UsersQuery {
    q: Option<String>,
    offset: Option<u64>,
}

pub async fn users(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    Query(q): Query<UsersQuery>,
) -> Result<Response, AppError> {
    let home = AreaField::new(&ctx, "home_area_code", None, false);
    render(&users_page(&state, &call, ctx, q, NewUserForm::default(), home, Vec::new()).await?)
}

async fn users_page(
    state: &AppState,
    call: &Ctx,
    ctx: PageCtx,
    q: UsersQuery,
    form: NewUserForm,
    home: AreaField,
    errors: Vec<String>,
) -> Result<UsersPage, AppError> {
    let filter = UserFilter { query: q.q.clone(), ..Default::default() };
    let page = state.app.users(call, filter, PageRequest::new(None, q.offset)).await?;
    let query = q.q.unwrap_or_default();
    let pager = ctx.pager(&page, "/admin/users", &[("q", query.as_str())]);
    let areas: Vec<AreaCode> = page.items.iter().map(|u| u.home_area_code.clone()).collect();
    let areas = state.app.area_names(&areas).await?;
    let items = page
        .items
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            access: ctx.label("restricted-access", u.restricted_access.as_str()),
            pending: u.restricted_access == RestrictedAccess::Pending,
            can_decide: call.actor.user().is_some() && may_decide_access(&call.actor, u.organisation_id, u.id),
            roles: u.roles.iter().map(|r| ctx.label("role", r.as_str())).collect(),
            username: u.username,
            disabled: u.disabled,
            organisation: u.organisation_name,
            area: areas.get(&u.home_area_code).cloned().unwrap_or_else(|| u.home_area_code.to_string()),
        })
        .collect();
    let can_manage = may_manage_users(&call.actor);
    let (organisations, roles) = if can_manage {
        // Only what the caller may give: the organisations within their
        // reach, by district, and the roles they hold all of.
        let orgs = state.app.organisations(&OrganisationFilter::default(), PageRequest::first(500)).await?;
        let mut orgs: Vec<_> =
            orgs.items.into_iter().filter(|o| may_add_users_to(&call.actor, o.id, &o.area_code)).collect();
        let districts: Vec<AreaCode> = orgs.iter().filter_map(|o| o.area_code.regency()).collect();
        let districts = state.app.area_names(&districts).await?;
        let district_of = |o: &satuatap_core::organisations::organisation::OrganisationSummary| {
            o.area_code.regency().and_then(|r| districts.get(&r).cloned()).unwrap_or_else(|| ctx.t("areas-indonesia"))
        };
        orgs.sort_by_cached_key(|o| (district_of(o), o.name.clone()));
        let mut groups: Vec<(String, Vec<Choice>)> = Vec::new();
        for o in orgs {
            let district = district_of(&o);
            let choice = Choice { selected: o.code == form.organisation_code, label: o.name, code: o.code };
            match groups.last_mut() {
                Some((d, list)) if *d == district => list.push(choice),
                _ => groups.push((district, vec![choice])),
            }
        }
        let roles = state
            .app
            .grantable_roles(call)
            .await?
            .iter()
            .map(|r| Choice {
                code: r.as_str().into(),
                label: ctx.label("role", r.as_str()),
                selected: form.roles.iter().any(|x| x == r.as_str()),
            })
            .collect();
        (groups, roles)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(UsersPage { ctx, list: LIST, q: query, items, pager, can_manage, organisations, roles, form, home, errors })
}

/// `POST /admin/users`: a new user (form fields as [`NewUser`]; `roles`
/// repeats). A refused form comes back with its messages and what was typed
/// (the password excepted).
pub async fn create_user(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
    axum_extra::extract::Form(mut form): axum_extra::extract::Form<NewUserForm>,
) -> Result<Response, AppError> {
    let mut home = AreaField::new(&ctx, "home_area_code", None, false);
    let result: Result<(), Vec<String>> = match home.read(&state, &ctx, &form.home_area_code).await? {
        AreaRead::Again(errors) => Err(errors),
        AreaRead::Code(home_area_code) => {
            let input = NewUser {
                username: form.username.clone(),
                display_name: some(&form.display_name),
                organisation_code: form.organisation_code.clone(),
                roles: form.roles.clone(),
                home_area_code,
                password: std::mem::take(&mut form.password),
            };
            match state.app.create_user(&call, &input).await {
                Ok(user) => return Ok(Redirect::to(&format!("/admin/users?q={}", user.username)).into_response()),
                Err(e) => Err(field_errors(&state, &ctx, e)?),
            }
        }
    };
    let errors = result.err().unwrap_or_default();
    form.password.clear();
    render_again(&users_page(&state, &call, ctx, UsersQuery::default(), form, home, errors).await?)
}

#[derive(Deserialize, Default)]
pub struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    organisation_code: String,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    home_area_code: String,
    #[serde(default)]
    password: String,
}

#[derive(Deserialize)]
pub struct AccessForm {
    /// `confirm` or `refuse`.
    decision: String,
}

/// `POST /admin/users/{id}/access`: a supervisor confirms or refuses an
/// account of their organisation for restricted records.
pub async fn decide_access(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(id): Path<uuid::Uuid>,
    Form(form): Form<AccessForm>,
) -> Result<Response, AppError> {
    let confirm = match form.decision.as_str() {
        "confirm" => true,
        "refuse" => false,
        _ => return Err(satuatap_core::Error::invalid("decision", "unknown_code").into()),
    };
    let user = state.app.decide_restricted_access(&call, id, confirm).await?;
    Ok(Redirect::to(&format!("/admin/users?q={}", user.username)).into_response())
}

#[derive(Deserialize)]
pub struct StatusForm {
    disabled: bool,
}

/// `POST /admin/users/{username}/status`: disable or enable.
pub async fn set_status(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(username): Path<String>,
    Form(form): Form<StatusForm>,
) -> Result<Response, AppError> {
    state.app.set_user_disabled(&call, &username, form.disabled).await?;
    Ok(Redirect::to("/admin/users").into_response())
}

pub struct RoleView {
    code: String,
    label: String,
    requires_totp: bool,
    grants: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "identity/admin_roles.html")]
struct RolesPage {
    ctx: PageCtx,
    roles: Vec<RoleView>,
    can_manage: bool,
}

pub async fn roles(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    ctx: PageCtx,
) -> Result<Response, AppError> {
    let roles = state
        .app
        .roles(&call)
        .await?
        .into_iter()
        .map(|r| RoleView {
            code: r.code.as_str().to_string(),
            label: ctx.label("role", r.code.as_str()),
            requires_totp: r.requires_totp,
            grants: r
                .grants
                .iter()
                .map(|g| (ctx.label("permission", g.permission.as_str()), ctx.label("scope", g.scope.as_str())))
                .collect(),
        })
        .collect();
    let can_manage = may_manage_roles(&call.actor);
    render(&RolesPage { ctx, roles, can_manage })
}

#[derive(Deserialize)]
pub struct RoleTotpForm {
    required: bool,
}

/// `POST /admin/roles/{role}/totp`: require (or not) a second factor.
pub async fn set_role_totp(
    State(state): State<AppState>,
    CallCtx(call, _): CallCtx,
    Path(role): Path<String>,
    Form(form): Form<RoleTotpForm>,
) -> Result<Response, AppError> {
    let role: RoleCode = role.parse().map_err(|()| AppError(satuatap_core::Error::not_found("role")))?;
    state.app.set_role_requires_totp(&call, role, form.required).await?;
    Ok(Redirect::to("/admin/roles").into_response())
}
