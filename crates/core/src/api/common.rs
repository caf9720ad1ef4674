//! Small requests several features share.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// For commands that take nothing.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

/// For commands about one entity.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdReq {
    pub id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductScopeReq {
    /// One product, or every product when absent.
    #[serde(default)]
    #[ts(optional)]
    pub product_id: Option<String>,
}
