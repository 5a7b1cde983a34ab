//! Reading areas: one with its ancestors, lists, checking that a code exists.

use crate::app::App;
use crate::areas::area::{Area, AreaCode, AreaDetail, AreaFilter, AreaLevel, AreaMatch, AreaPick, AreaText};
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

    /// Areas of `levels` found by the words of a name (village, kecamatan
    /// and regency names together: "dompyong gebang"), for the area picker.
    pub async fn search_areas(&self, query: &str, levels: &[AreaLevel], limit: u32) -> Result<Vec<AreaMatch>> {
        // A code (or the picker's label ending in one) is that area.
        if let AreaText::Code(code) = AreaText::read(query) {
            return Ok(self.area_match(&code).await?.into_iter().filter(|m| levels.contains(&m.area.level)).collect());
        }
        let query: String = query.chars().filter(|c| !c.is_control()).collect();
        let words: Vec<String> = query.split_whitespace().take(6).map(str::to_lowercase).collect();
        if words.is_empty() || levels.is_empty() {
            return Ok(Vec::new());
        }
        self.store.search_areas(&words, levels, limit.clamp(1, 50)).await
    }

    /// The names of areas, for lists that show names, not codes.
    pub async fn area_names(&self, codes: &[AreaCode]) -> Result<std::collections::HashMap<AreaCode, String>> {
        let mut codes = codes.to_vec();
        codes.sort();
        codes.dedup();
        Ok(self.store.get_areas(&codes).await?.into_iter().map(|a| (a.code, a.name)).collect())
    }

    /// An area, with the names above it.
    pub async fn area_match(&self, code: &AreaCode) -> Result<Option<AreaMatch>> {
        let Some(area) = self.store.get_area(code).await? else { return Ok(None) };
        let mut within: Vec<String> = self.ancestors(code).await?.into_iter().map(|a| a.name).collect();
        within.reverse();
        Ok(Some(AreaMatch::new(area, within)))
    }

    /// What an area field was given, read as people type it: a code, the
    /// picker's label, or a name. A name that fits one area of `levels` (or
    /// is exactly the name of one) is that area; else the choices.
    pub async fn pick_area(&self, field: &str, raw: &str, levels: &[AreaLevel]) -> Result<AreaPick> {
        const CHOICES: usize = 10;
        match AreaText::read(raw) {
            AreaText::Empty => Ok(AreaPick::Empty),
            AreaText::Code(code) => {
                let found = self
                    .area_match(&code)
                    .await?
                    .ok_or_else(|| Error::Invalid(vec![FieldError::new(field, "unknown_area").with("value", &code)]))?;
                if !levels.contains(&found.area.level) {
                    return Err(Error::Invalid(vec![FieldError::new(field, "area_level").with("value", &found.label)]));
                }
                Ok(AreaPick::One(found))
            }
            AreaText::Words(words) => {
                let mut found = self.search_areas(&words, levels, CHOICES as u32 + 1).await?;
                let exact: Vec<usize> =
                    (0..found.len()).filter(|&i| found[i].area.name.to_lowercase() == words.to_lowercase()).collect();
                match (found.len(), exact.as_slice()) {
                    (0, _) => {
                        Err(Error::Invalid(vec![FieldError::new(field, "unknown_area_name").with("value", &words)]))
                    }
                    (1, _) => Ok(AreaPick::One(found.remove(0))),
                    (_, [one]) => Ok(AreaPick::One(found.remove(*one))),
                    (n, _) => {
                        found.truncate(CHOICES);
                        Ok(AreaPick::Several { choices: found, more: n > CHOICES })
                    }
                }
            }
        }
    }
}
