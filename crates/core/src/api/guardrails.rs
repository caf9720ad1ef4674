//! Guardrails on roadmap items, own and inherited.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::IdReq;
use crate::error::Result;
use crate::roadmap::guardrails::{self, GuardrailKind};
use crate::{workspace, Core};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GuardrailView {
    pub id: String,
    /// The item that sets it (an ancestor, when inherited).
    pub item_id: String,
    pub item_title: String,
    pub kind: GuardrailKind,
    pub statement: String,
    pub inherited: bool,
}

impl From<guardrails::Guardrail> for GuardrailView {
    fn from(g: guardrails::Guardrail) -> Self {
        GuardrailView {
            id: g.id,
            item_id: g.item_id,
            item_title: g.item_title,
            kind: g.kind,
            statement: g.statement,
            inherited: g.inherited,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GuardrailAddReq {
    pub item_id: String,
    pub kind: GuardrailKind,
    pub statement: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GuardrailUpdateReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub kind: Option<GuardrailKind>,
    #[serde(default)]
    #[ts(optional)]
    pub statement: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GuardrailListReq {
    pub item_id: String,
}

pub fn guardrail_list(core: &Core, req: GuardrailListReq) -> Result<Vec<GuardrailView>> {
    workspace::here(core)?;
    Ok(guardrails::for_item(core, &req.item_id)?.into_iter().map(Into::into).collect())
}

pub fn guardrail_add(core: &Core, req: GuardrailAddReq) -> Result<GuardrailView> {
    let me = workspace::me(core)?;
    Ok(guardrails::add(core, &me, &req.item_id, req.kind, &req.statement)?.into())
}

pub fn guardrail_update(core: &Core, req: GuardrailUpdateReq) -> Result<GuardrailView> {
    let me = workspace::me(core)?;
    Ok(guardrails::update(core, &me, &req.id, req.kind, req.statement.as_deref())?.into())
}

pub fn guardrail_delete(core: &Core, req: IdReq) -> Result<GuardrailView> {
    let me = workspace::me(core)?;
    Ok(guardrails::delete(core, &me, &req.id)?.into())
}
