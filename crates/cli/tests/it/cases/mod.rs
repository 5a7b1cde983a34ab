//! Cases: the SOP over the API, the case pages, complaints and bulk loading.

mod api;
mod bulk;
mod complaint_pages;
mod forms;
mod pages;
