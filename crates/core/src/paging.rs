//! Paged lists.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u32,
    pub offset: u64,
}

impl PageRequest {
    pub const DEFAULT_LIMIT: u32 = 50;
    pub const MAX_LIMIT: u32 = 500;

    /// Clamps a requested page to sane bounds instead of refusing it.
    pub fn new(limit: Option<u32>, offset: Option<u64>) -> Self {
        let limit = limit.unwrap_or(Self::DEFAULT_LIMIT).clamp(1, Self::MAX_LIMIT);
        Self { limit, offset: offset.unwrap_or(0) }
    }

    pub fn first(limit: u32) -> Self {
        Self::new(Some(limit), Some(0))
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self::new(None, None)
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub limit: u32,
    pub offset: u64,
}

impl<T> Page<T> {
    /// No items at all.
    pub fn empty() -> Self {
        Page { items: Vec::new(), total: 0, limit: PageRequest::DEFAULT_LIMIT, offset: 0 }
    }

    pub fn has_next(&self) -> bool {
        self.offset + (self.items.len() as u64) < self.total
    }

    pub fn next_offset(&self) -> u64 {
        self.offset + u64::from(self.limit)
    }

    pub fn prev_offset(&self) -> Option<u64> {
        (self.offset > 0).then(|| self.offset.saturating_sub(u64::from(self.limit)))
    }
}
