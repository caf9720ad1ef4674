//! Alignment: the tree organisation goal → five-year theme → three-year initiative → one-year
//! item, with counts rolled up each level, the items that serve nothing (unaligned), and the
//! goals nothing serves.

use std::collections::HashMap;

use super::{list_in, Filter, Horizon, Item, Status};
use crate::error::Result;
use crate::goals::{self, Goal};
use crate::oplog::Core;

/// How much sits under a node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) themes: u32,
    pub(crate) initiatives: u32,
    pub(crate) items: u32,
    /// Of those, how many are done / in progress.
    pub(crate) done: u32,
    pub(crate) in_progress: u32,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.themes += other.themes;
        self.initiatives += other.initiatives;
        self.items += other.items;
        self.done += other.done;
        self.in_progress += other.in_progress;
    }
    fn of(item: &Item) -> Counts {
        let mut c = Counts::default();
        match item.horizon {
            Horizon::FiveYear => c.themes = 1,
            Horizon::ThreeYear => c.initiatives = 1,
            Horizon::OneYear => c.items = 1,
        }
        c.done = u32::from(item.status == Status::Done);
        c.in_progress = u32::from(item.status == Status::InProgress);
        c
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) item: Item,
    /// Everything below this item (not counting the item itself).
    pub(crate) counts: Counts,
    pub(crate) children: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GoalNode {
    pub(crate) goal: Goal,
    pub(crate) counts: Counts,
    pub(crate) themes: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alignment {
    /// Goals with what serves them (in scope), in goal order; goals nothing serves are here too.
    pub(crate) goals: Vec<GoalNode>,
    /// Items that serve nothing, with whatever serves them.
    pub(crate) unaligned: Vec<Node>,
    /// Goals no live theme of any product serves.
    pub(crate) unserved_goals: Vec<Goal>,
}

/// The alignment tree of one product (or every product).
pub(crate) fn tree(core: &Core, product_id: Option<&str>) -> Result<Alignment> {
    core.read(|c| {
        let goals = goals::list_in(c)?;
        let filter = Filter { product_id: product_id.map(str::to_owned), statuses: Vec::new() };
        let scoped = list_in(c, &filter)?;
        // Goals served count across products, whatever the tree's scope.
        let served = served_goals(c)?;
        Ok(build(goals, scoped, &served))
    })
}

/// The goals some live, aligned five-year theme serves (any product): a theme serves its goal
/// when the goal exists and the theme is no orphan (see `roadmap::row`'s `unaligned`).
fn served_goals(c: &rusqlite::Connection) -> Result<std::collections::HashSet<String>> {
    let mut stmt = c.prepare_cached(
        "SELECT DISTINCT i.goal_id FROM roadmap_item i
         JOIN goal g ON g.id = i.goal_id AND g.deleted = 0
         LEFT JOIN roadmap_item p ON p.id = i.parent_id AND p.deleted = 0
         WHERE i.deleted = 0 AND i.horizon = 'five_year' AND NOT (i.parent_id IS NOT NULL AND p.id IS NULL)",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn build(goals: Vec<Goal>, items: Vec<Item>, served: &std::collections::HashSet<String>) -> Alignment {
    let mut children: HashMap<String, Vec<Item>> = HashMap::new();
    let mut under_goal: HashMap<String, Vec<Item>> = HashMap::new();
    let mut unaligned = Vec::new();
    for item in items {
        if item.unaligned {
            unaligned.push(item);
        } else if item.horizon == Horizon::FiveYear {
            let goal = item.goal_id.clone().unwrap_or_default();
            under_goal.entry(goal).or_default().push(item);
        } else {
            let parent = item.parent_id.clone().unwrap_or_default();
            children.entry(parent).or_default().push(item);
        }
    }
    let unaligned = unaligned.into_iter().map(|i| node(i, &mut children, 0)).collect();
    let unserved_goals = goals.iter().filter(|g| !served.contains(&g.id)).cloned().collect();
    let goals = goals
        .into_iter()
        .map(|goal| {
            let themes: Vec<Node> = under_goal
                .remove(&goal.id)
                .unwrap_or_default()
                .into_iter()
                .map(|t| node(t, &mut children, 0))
                .collect();
            let mut counts = Counts::default();
            for t in &themes {
                counts.add(t.counts);
                counts.add(Counts::of(&t.item));
            }
            GoalNode { goal, counts, themes }
        })
        .collect();
    Alignment { goals, unaligned, unserved_goals }
}

fn node(item: Item, children: &mut HashMap<String, Vec<Item>>, depth: usize) -> Node {
    // Horizons strictly shorten downwards, so depth is at most 3; the bound guards odd data.
    let kids: Vec<Node> = if depth < 3 {
        children.remove(&item.id).unwrap_or_default().into_iter().map(|k| node(k, children, depth + 1)).collect()
    } else {
        Vec::new()
    };
    let mut counts = Counts::default();
    for k in &kids {
        counts.add(k.counts);
        counts.add(Counts::of(&k.item));
    }
    Node { item, counts, children: kids }
}
