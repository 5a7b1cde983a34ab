pub(crate) mod handover;
pub(crate) mod people;
pub(crate) mod person;
pub(crate) mod person_forms;
pub(crate) mod queue;
