pub(crate) mod offices;
pub(crate) mod organisations;
