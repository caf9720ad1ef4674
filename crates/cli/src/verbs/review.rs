//! `baton review request|approve|request-changes|comment|reply|resolve|queue`: the review loop
//! between a junior PM and the senior PM who delegated the item. Stories are named as in
//! `story` (id or exact title); comments by id (`story show` and `delegate show` list them).

use baton_core::api::{self, handlers};

use super::delegate::now;
use super::story::story_of;
use super::{CliResult, Ctx};
use crate::args::ReviewVerb;
use crate::render;

pub(crate) fn run(cx: &Ctx, verb: ReviewVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        ReviewVerb::Request { stories } => {
            let ids = stories.iter().map(|s| story_of(core, s).map(|s| s.id)).collect::<Result<Vec<_>, _>>()?;
            let sent = handlers::review_request(core, api::ReviewRequestReq { ids })?;
            cx.out(&sent, |ss| {
                let titles: Vec<String> = ss.iter().map(|s| format!("{:?}", s.title)).collect();
                format!("sent for review: {}", titles.join(", "))
            })
        }
        ReviewVerb::Approve { story, exception, comment } => {
            let id = story_of(core, &story)?.id;
            let s = handlers::review_approve(core, api::ReviewDecideReq { id, exception, comment })?;
            cx.out(&s, |s| {
                let with =
                    if s.exception.is_empty() { String::new() } else { format!(" (exception: {})", s.exception) };
                format!("approved {:?}{with}", s.title)
            })
        }
        ReviewVerb::RequestChanges { story, comment } => {
            let id = story_of(core, &story)?.id;
            let req = api::ReviewDecideReq { id, exception: None, comment: Some(comment) };
            let s = handlers::review_request_changes(core, req)?;
            cx.out(&s, |s| format!("asked for changes to {:?}", s.title))
        }
        ReviewVerb::Comment { story, text } => {
            let s = story_of(core, &story)?;
            let req = api::CommentAddReq { story_id: Some(s.id), parent_id: None, delegation_id: None, body: text };
            let c = handlers::comment_add(core, req)?;
            cx.out(&c, |c| format!("commented on {:?}\t{}", s.title, c.id))
        }
        ReviewVerb::Reply { comment, text } => {
            let req = api::CommentAddReq { story_id: None, parent_id: Some(comment), delegation_id: None, body: text };
            let c = handlers::comment_add(core, req)?;
            cx.out(&c, |c| format!("replied\t{}", c.id))
        }
        ReviewVerb::Resolve { comment, reopen } => {
            let req = api::CommentResolveReq { id: comment, resolved: Some(!reopen) };
            let c = handlers::comment_resolve(core, req)?;
            cx.out(&c, |c| {
                let what = if c.resolved { "resolved" } else { "opened again" };
                format!("{what} the thread {:?} by {}", render::abbreviate(&c.body), c.author_name)
            })
        }
        ReviewVerb::Queue => {
            let queue = handlers::review_queue(core, api::NoArgs {})?;
            cx.out(&queue, |q| render::review_queue(q, now()))
        }
    }
}
