//! The workspace's goals.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::NoArgs;
use crate::error::Result;
use crate::{goals, workspace, Core};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoalView {
    pub id: String,
    pub title: String,
    pub description: String,
    /// How progress is measured.
    pub measure: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GoalCreateReq {
    pub title: String,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub measure: Option<String>,
}

/// Fields left out stay as they are.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GoalUpdateReq {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub title: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub measure: Option<String>,
}

impl From<goals::Goal> for GoalView {
    fn from(g: goals::Goal) -> Self {
        GoalView { id: g.id, title: g.title, description: g.description, measure: g.measure }
    }
}

pub fn goal_list(core: &Core, _: NoArgs) -> Result<Vec<GoalView>> {
    workspace::here(core)?;
    Ok(goals::list(core)?.into_iter().map(Into::into).collect())
}

pub fn goal_create(core: &Core, req: GoalCreateReq) -> Result<GoalView> {
    let me = workspace::me(core)?;
    let (description, measure) = (req.description.as_deref().unwrap_or(""), req.measure.as_deref().unwrap_or(""));
    Ok(goals::create(core, &me, &req.title, description, measure)?.into())
}

pub fn goal_update(core: &Core, req: GoalUpdateReq) -> Result<GoalView> {
    let me = workspace::me(core)?;
    let up = goals::GoalUpdate {
        title: req.title.as_deref(),
        description: req.description.as_deref(),
        measure: req.measure.as_deref(),
    };
    Ok(goals::update(core, &me, &req.id, up)?.into())
}
