//! Satu Atap domain core: validated types, rules and the services the web
//! layer and the command line call. It knows neither HTTP nor SQL: storage is
//! reached through the repository traits in [`repo`].

#[macro_use]
mod codes;
pub mod app;
pub mod area;
pub mod error;
pub mod organisation;
pub mod paging;
pub mod repo;
pub mod text;

pub use app::App;
pub use error::{Error, FieldError, Result};
