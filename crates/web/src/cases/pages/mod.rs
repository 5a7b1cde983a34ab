pub(crate) mod case_forms;
pub(crate) mod cases;
pub(crate) mod complaint_forms;
pub(crate) mod complaint_section;
pub(crate) mod refused;
