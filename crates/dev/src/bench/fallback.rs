//! A stand-in for [`crate::seed::generate`] while the generator is being written: a small
//! workspace made through the api on two laptops syncing through a real folder. Removed once
//! the generator lands.

use std::path::Path;

use baton_core::api::{self, handlers, Horizon, NoArgs, Role};

use super::Result;
use crate::seed::{Generated, Scale};

pub(crate) const VERSION: &str = "fallback1";

pub(crate) fn generate(out: &Path, scale: Scale, _seed: u64) -> Result<Generated> {
    let folder = out.join("folder");
    std::fs::create_dir_all(&folder)?;
    let main_dir = out.join("devices").join("main");
    let peer_dir = out.join("devices").join("peer");
    let main = api::open_dir(&main_dir)?;
    let lee = handlers::workspace_init(
        &main,
        api::WorkspaceInitReq {
            workspace_name: "Bench Corp".into(),
            member_name: "Lee".into(),
            role: Role::Leadership,
        },
    )?;
    let kim = handlers::member_create(
        &main,
        api::MemberCreateReq { name: "Kim".into(), role: Role::Leadership, manager_id: None },
    )?;
    let sam = handlers::member_create(
        &main,
        api::MemberCreateReq { name: "Sam".into(), role: Role::Senior, manager_id: Some(lee.me.id.clone()) },
    )?;
    let (products, per) = match scale {
        Scale::Small => (3, 20),
        Scale::Large => (10, 100),
    };
    let mut goals = Vec::new();
    for g in 0..3 {
        let req = api::GoalCreateReq { title: format!("Goal {g}"), description: None, measure: None };
        goals.push(handlers::goal_create(&main, req)?.id);
    }
    for p in 0..products {
        let req = api::ProductCreateReq {
            name: format!("Product {p}"),
            owner_id: Some(sam.id.clone()),
            family_id: None,
            base_year: Some(2027),
        };
        let product = handlers::product_create(&main, req)?.id;
        let item = |h: Horizon, period: String, title: String, goal: Option<String>, parent: Option<String>| {
            let req = api::ItemCreateReq {
                product_id: product.clone(),
                horizon: h,
                period,
                title,
                goal_id: goal,
                parent_id: parent,
                status: None,
            };
            handlers::item_create(&main, req).map(|i| i.id)
        };
        for (t, goal) in goals.iter().take(2).enumerate() {
            let theme = item(Horizon::FiveYear, "2029".into(), format!("Theme {p}.{t}"), Some(goal.clone()), None)?;
            for i in 0..2 {
                let init = item(
                    Horizon::ThreeYear,
                    "2027".into(),
                    format!("Initiative {p}.{t}.{i}"),
                    None,
                    Some(theme.clone()),
                )?;
                for k in 0..per / 4 {
                    let period = format!("2027-Q{}", 1 + k % 4);
                    let id = item(Horizon::OneYear, period, format!("Item {p}.{t}.{i}.{k}"), None, Some(init.clone()))?;
                    if k % 3 == 0 {
                        let req = api::ItemUpdateReq {
                            id,
                            title: Some(format!("Item {p}.{t}.{i}.{k} (renamed)")),
                            status: None,
                            confidence: None,
                            metric: None,
                            impact: None,
                            requirements: None,
                        };
                        handlers::item_update(&main, req)?;
                    }
                }
            }
        }
    }
    let folder_text = folder.canonicalize()?.to_string_lossy().into_owned();
    handlers::sync_set_folder(&main, api::SyncFolderReq { folder: folder_text.clone() })?;
    let invite = handlers::invite_create(&main, api::InviteCreateReq { member_id: kim.id })?;
    let peer = api::open_dir(&peer_dir)?;
    handlers::workspace_join(&peer, api::JoinReq { folder: folder_text, invite: invite.invite })?;
    handlers::sync_now(&peer, NoArgs {})?;
    handlers::sync_now(&main, NoArgs {})?;
    let ops = main.read(baton_core::oplog::all_ops)?.len() as u64;
    Ok(Generated { main_dir: main_dir.clone(), device_dirs: vec![main_dir, peer_dir], folder, ops })
}
