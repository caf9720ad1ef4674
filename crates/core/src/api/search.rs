//! Search everything: the command palette's and `baton search`'s one command.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::search::{self, Kind};
use crate::{workspace, Core};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchReq {
    /// Words to look for; each matches as the start of a word, all are required.
    pub query: String,
    /// How many results, 1 to 100 (12 if left out).
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Goal,
    Product,
    Item,
    Story,
    Idea,
    Decision,
}

impl HitKind {
    pub fn label(self) -> &'static str {
        match self {
            HitKind::Goal => "goal",
            HitKind::Product => "product",
            HitKind::Item => "item",
            HitKind::Story => "story",
            HitKind::Idea => "idea",
            HitKind::Decision => "decision",
        }
    }
}

/// One thing found, best first, with what opens it where it lives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHitView {
    pub kind: HitKind,
    pub id: String,
    pub title: String,
    /// Where it sits, in words ("Checkout · one-year · 2027", "Story of “Guest checkout”").
    pub context: String,
    /// The words around the match in its text; empty when only the title matched.
    pub snippet: String,
    /// The product whose roadmap shows it (an item, a product).
    pub product_id: Option<String>,
    /// The delegated item a story belongs to.
    pub delegation_id: Option<String>,
    /// The idea (an idea itself, or the idea a decision was made on).
    pub idea_id: Option<String>,
}

impl From<search::Hit> for SearchHitView {
    fn from(h: search::Hit) -> Self {
        SearchHitView {
            kind: match h.kind {
                Kind::Goal => HitKind::Goal,
                Kind::Product => HitKind::Product,
                Kind::Item => HitKind::Item,
                Kind::Story => HitKind::Story,
                Kind::Idea => HitKind::Idea,
                Kind::Decision => HitKind::Decision,
            },
            id: h.id,
            title: h.title,
            context: h.context,
            snippet: h.snippet,
            product_id: h.product_id,
            delegation_id: h.delegation_id,
            idea_id: h.idea_id,
        }
    }
}

pub fn search(core: &Core, req: SearchReq) -> Result<Vec<SearchHitView>> {
    workspace::here(core)?;
    let limit = req.limit.unwrap_or(search::DEFAULT_LIMIT);
    Ok(core.read(|c| search::search(c, &req.query, limit))?.into_iter().map(Into::into).collect())
}
