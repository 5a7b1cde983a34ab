//! Reading areas: one with its ancestors, lists, checking that a code exists.

use crate::app::App;
use crate::areas::area::{Area, AreaCode, AreaDetail, AreaFilter};
use crate::error::{Error, FieldError, Result};
use crate::paging::{Page, PageRequest};

impl App {
    pub async fn area(&self, code: &str) -> Result<AreaDetail> {
        let code = AreaCode::parse("code", code).map_err(|_| Error::not_found("area"))?;
        let area = self.store.get_area(&code).await?.ok_or(Error::not_found("area"))?;
        let ancestors = self.ancestors(&code).await?;
        let child_count = self.store.count_children(&code).await?;
        Ok(AreaDetail { area, ancestors, child_count })
    }

    pub(crate) async fn ancestors(&self, code: &AreaCode) -> Result<Vec<Area>> {
        let mut codes = Vec::new();
        let mut cur = code.parent();
        while let Some(c) = cur {
            cur = c.parent();
            codes.push(c);
        }
        codes.reverse();
        self.store.get_areas(&codes).await
    }

    /// Checks that an area code is well formed and exists.
    pub async fn existing_area(&self, field: &str, code: &str) -> Result<Area> {
        let code = AreaCode::parse(field, code).map_err(|e| Error::Invalid(vec![e]))?;
        self.store
            .get_area(&code)
            .await?
            .ok_or_else(|| Error::Invalid(vec![FieldError::new(field, "unknown_area").with("value", &code)]))
    }

    pub async fn areas(&self, filter: &AreaFilter, page: PageRequest) -> Result<Page<Area>> {
        self.store.list_areas(filter, page).await
    }
}
