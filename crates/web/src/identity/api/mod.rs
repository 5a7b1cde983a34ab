pub(crate) mod auth;
pub(crate) mod users;
