pub(crate) mod api;
pub(crate) mod pages;
