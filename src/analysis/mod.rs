//! Analysis: facts about a draft, no judgement.
//!
//! Quotes and their marks, who said them (attribution), the people named and
//! the titles they are given. Rules read these facts and decide what to flag.

pub mod quotes;

use crate::draft::Draft;
use crate::stylebook::Stylebook;

/// Everything copydesk knows about one draft.
#[derive(Debug, Clone)]
pub struct Analysis<'t> {
    pub draft: Draft<'t>,
    pub quotes: quotes::QuoteScan,
}

impl<'t> Analysis<'t> {
    pub fn new(draft: Draft<'t>, stylebook: &Stylebook) -> Analysis<'t> {
        let _ = stylebook;
        let quotes = quotes::scan(&draft);
        Analysis { draft, quotes }
    }
}
