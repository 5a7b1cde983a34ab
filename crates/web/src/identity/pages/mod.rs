pub(crate) mod account;
pub(crate) mod drafts;
pub(crate) mod session;
pub(crate) mod users;
