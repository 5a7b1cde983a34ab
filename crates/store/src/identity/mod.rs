//! Users, roles, sessions and API tokens repository.

pub(crate) mod sessions;
pub(crate) mod users;
