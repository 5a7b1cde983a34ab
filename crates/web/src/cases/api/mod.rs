pub(crate) mod attachments;
pub(crate) mod case_facts;
pub(crate) mod cases;
pub(crate) mod complaints;
