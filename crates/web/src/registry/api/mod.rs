pub(crate) mod episodes;
pub(crate) mod families;
pub(crate) mod people;
pub(crate) mod visits;
