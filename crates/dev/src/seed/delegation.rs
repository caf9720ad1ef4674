//! The generator's delegation phase, run once the roadmaps exist (before their history): one-year
//! items handed to junior PMs with a brief, the stories the juniors write under them with
//! their guardrail checks, review requests, verdicts, comments and check-ins — every change an
//! `api::handlers` command on the laptop of the member making it.
//!
//! - **Who.** The junior PMs with a laptop ([`Plan::junior_laptops`](super::Plan)) do the
//!   juniors' side: accept (or ask first), write stories, mark guardrails, ask for review, move
//!   approved stories along, answer comments, check in. The delegator's side — offer, answer,
//!   verdicts, comments, completing — is the product owner's laptop when the owner has one and
//!   the junior reports to them, else leadership's main laptop (as for roadmaps, leadership acts
//!   for the seniors without a laptop). Stories need their junior's laptop, so every story is
//!   written by one of those juniors: at [`Scale::Large`](super::Scale) a few juniors carry
//!   years of work — most of their delegations completed, a busy set open.
//! - **What.** [`Plan::delegations`](super::Plan) of the one-year items are delegated;
//!   [`Plan::stories`](super::Plan) stories are spread over the accepted ones, one of them (the
//!   first delegation the first junior got from a senior's laptop) holding
//!   [`Plan::largest_delegation`](super::Plan). Per junior and delegator the last delegations
//!   stay open (one offered, one with a question, one with the question answered, the rest
//!   running: stories drafted, in review, with changes requested, revised, ready, in progress,
//!   in QA, done, blocked, edited after approval); the others are completed, every story done
//!   (some after a round of changes). Guardrail checks: mostly respected, some at risk, a few
//!   violated (approved with an exception). The seniors with a laptop also offer a few items to
//!   their other juniors, who have no laptop: those offers stay pending on their board.
//! - **Sync.** One junior at a time: the junior's laptop passes (receiving everything so far),
//!   works, passes; each of its delegators passes, reviews, passes; and so on until its
//!   completed delegations are closed. Passes receive everything published, so each junior's
//!   first pass costs the whole log so far: that, not the commands, is why few juniors write.

use std::time::Instant;

use baton_core::api::{self, handlers, Criterion, Horizon, Mark, Stage};
use baton_core::{Error, Result};

use super::execution::Work;
use super::{split, text, Gen, Rng};

/// How a delegation stands at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Offered,
    Asked,
    Answered,
    Running,
    Completed,
}

/// Where a story ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Draft,
    InReview,
    Changes,
    /// Changes asked, revised, in review again.
    Revised,
    Ready,
    InProgress,
    InQa,
    Done,
    /// Changes asked, revised, approved, done (completed delegations).
    DoneAfterChanges,
    Blocked,
    /// Approved, then edited: back in review.
    Edited,
}

/// The stories of a running delegation, per mille.
const OUTCOMES: &[(Outcome, u32)] = &[
    (Outcome::Draft, 120),
    (Outcome::InReview, 150),
    (Outcome::Changes, 100),
    (Outcome::Revised, 30),
    (Outcome::Ready, 150),
    (Outcome::InProgress, 150),
    (Outcome::InQa, 70),
    (Outcome::Done, 180),
    (Outcome::Blocked, 30),
    (Outcome::Edited, 20),
];

const POINTS: &[i64] = &[1, 2, 3, 5, 8, 13];

struct Story {
    id: String,
    outcome: Outcome,
    violated: bool,
}

struct Deleg {
    id: String,
    /// The one-year item delegated.
    item: usize,
    /// Index in `workers`.
    worker: usize,
    /// The laptop of the delegator (main: leadership).
    reviewer: usize,
    fate: Fate,
    planned: usize,
    stories: Vec<Story>,
    remark: bool,
}

/// What the phase made, for the progress line and the tests.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Made {
    pub(super) delegations: usize,
    pub(super) stories: usize,
    pub(super) comments: usize,
    pub(super) checks: usize,
}

impl Gen<'_, '_> {
    /// The delegation phase (see the module doc).
    pub(super) fn delegation(&mut self) -> Result<Made> {
        let mut made = Made::default();
        let mut rng = self.rng.fork(0xDE1E_6A7E);
        // The juniors with a laptop: laptops after the seniors'.
        let first = 1 + self.plan.senior_laptops;
        let workers: Vec<(usize, usize)> = (0..self.plan.junior_laptops)
            .map(|j| (first + j, self.junior(j)))
            .filter(|(l, _)| *l < self.laptops.len())
            .collect();
        if workers.is_empty() || self.plan.delegations == 0 {
            return Ok(made);
        }
        let mut one_year: Vec<usize> = (0..self.items.len())
            .filter(|i| self.items.get(*i).is_some_and(|it| it.horizon == Horizon::OneYear && !it.deleted))
            .collect();
        rng.shuffle(&mut one_year);
        let (chosen, rest) = one_year.split_at(self.plan.delegations.min(one_year.len()));

        // Who gets each item, and who delegates it.
        let mut delegs: Vec<(usize, Deleg)> = Vec::new();
        let mut round_robin = 0usize;
        for &i in chosen {
            let Some(p) = self.items.get(i).map(|it| it.product) else { continue };
            let (owner, laptop) = self.products.get(p).map_or((usize::MAX, 0), |p| (p.owner, p.laptop));
            let reports: Vec<usize> =
                (0..workers.len()).filter(|w| self.manager_of(workers[*w].1) == Some(owner)).collect();
            let (worker, reviewer) = match rng.pick(&reports) {
                Some(w) if laptop != 0 => (w, laptop),
                _ => {
                    round_robin += 1;
                    (round_robin % workers.len(), 0)
                }
            };
            delegs.push((
                i,
                Deleg {
                    id: String::new(),
                    item: i,
                    worker,
                    reviewer,
                    fate: Fate::Completed,
                    planned: 0,
                    stories: Vec::new(),
                    remark: false,
                },
            ));
        }
        // The last of each (junior, delegator) pair stay open: all of a senior's laptop's open
        // quota, half of it for leadership.
        let mut big: Option<usize> = None;
        for w in 0..workers.len() {
            for reviewer in 0..self.laptops.len() {
                let group: Vec<usize> = (0..delegs.len())
                    .filter(|k| delegs[*k].1.worker == w && delegs[*k].1.reviewer == reviewer)
                    .collect();
                let quota = if reviewer == 0 { self.plan.open_per_junior / 2 } else { self.plan.open_per_junior };
                let open = quota.min(group.len());
                for (pos, k) in group.iter().skip(group.len() - open).enumerate() {
                    delegs[*k].1.fate = match pos {
                        0 if open >= 3 => Fate::Offered,
                        1 if open >= 4 => Fate::Asked,
                        2 if open >= 5 => Fate::Answered,
                        _ => Fate::Running,
                    };
                }
                if w == 0 && reviewer != 0 && big.is_none() {
                    big = group.last().copied();
                }
            }
        }
        if big.is_none() {
            big = (0..delegs.len()).rev().find(|k| delegs[*k].1.worker == 0);
        }
        if let Some(b) = big {
            delegs[b].1.fate = Fate::Running;
        }
        let storied: Vec<usize> = (0..delegs.len())
            .filter(|k| Some(*k) != big && matches!(delegs[*k].1.fate, Fate::Running | Fate::Completed))
            .collect();
        let largest = self.plan.largest_delegation.min(self.plan.stories);
        let weights: Vec<usize> = storied.iter().map(|_| 5 + rng.below(40)).collect();
        for (k, n) in storied.iter().zip(split(self.plan.stories - largest, &weights, 1)) {
            delegs[*k].1.planned = n;
        }
        if let Some(b) = big {
            delegs[b].1.planned = largest;
        }

        // The offers, on each delegator's laptop, then published.
        let began = Instant::now();
        for (i, d) in &mut delegs {
            let to_id = self.members.get(workers[d.worker].1).map(|m| m.id.clone()).unwrap_or_default();
            d.id = self.offer(&mut rng, d.reviewer, *i, to_id)?;
            made.delegations += 1;
        }
        // Pending offers to the other juniors of the seniors with a laptop.
        let mut spare = rest.to_vec();
        for l in 1..first {
            let Some(senior) = self.owner_on(l) else { continue };
            for j in 0..self.plan.juniors {
                let junior = self.junior(j);
                if self.manager_of(junior) != Some(senior) || workers.iter().any(|w| w.1 == junior) {
                    continue;
                }
                for _ in 0..2 {
                    let Some(pos) = spare
                        .iter()
                        .position(|i| self.items.get(*i).is_some_and(|it| self.product_laptop(it.product) == l))
                    else {
                        break;
                    };
                    let i = spare.remove(pos);
                    let to_id = self.members.get(junior).map(|m| m.id.clone()).unwrap_or_default();
                    self.offer(&mut rng, l, i, to_id)?;
                    made.delegations += 1;
                }
            }
        }
        self.timed("delegate_offer", began);
        // Sprints, templates and launches go out with the offers (`seed/execution.rs`).
        let works: Vec<Work> = delegs
            .iter()
            .filter(|(_, d)| matches!(d.fate, Fate::Running | Fate::Completed))
            .map(|(i, d)| Work {
                item: *i,
                junior: workers.get(d.worker).map_or(0, |w| w.1),
                running: d.fate == Fate::Running,
                stories: d.planned,
            })
            .collect();
        self.execution_setup(&works)?;
        for l in 0..first {
            self.pass(l)?;
        }

        let mut delegs: Vec<Deleg> = delegs.into_iter().map(|(_, d)| d).collect();
        for (w, &(lj, junior)) in workers.iter().enumerate() {
            let mine: Vec<usize> = (0..delegs.len()).filter(|k| delegs[*k].worker == w).collect();
            let mut jrng = rng.fork(w as u64 + 1);
            self.junior_writes(lj, junior, &mine, &mut delegs, &mut jrng, &mut made)?;
            let reviewers = reviewers_of(&mine, &delegs);
            for &r in &reviewers {
                self.first_review(r, junior, &mine, &mut delegs, &mut jrng, &mut made)?;
            }
            self.junior_revises(lj, &mine, &delegs, &mut jrng, &mut made)?;
            for &r in &reviewers {
                self.second_review(r, &mine, &delegs)?;
            }
            self.junior_finishes(lj, &mine, &delegs)?;
            for &r in &reviewers {
                self.complete(r, &mine, &delegs)?;
            }
            let line = format!(
                "delegation: junior {}/{} done ({} delegations, {} stories so far)",
                w + 1,
                workers.len(),
                made.delegations,
                made.stories
            );
            self.say(&line);
        }
        self.close_sprints()?;
        Ok(made)
    }

    fn manager_of(&self, member: usize) -> Option<usize> {
        self.members.get(member).and_then(|m| m.manager)
    }

    pub(super) fn product_laptop(&self, p: usize) -> usize {
        self.products.get(p).map_or(0, |p| p.laptop)
    }

    /// The senior whose laptop `l` is (the owner of its products).
    pub(super) fn owner_on(&self, l: usize) -> Option<usize> {
        let p = self.laptops.get(l)?.products.first()?;
        self.products.get(*p).map(|p| p.owner)
    }

    fn offer(&mut self, rng: &mut Rng, l: usize, item: usize, to_id: String) -> Result<String> {
        let Some(it) = self.items.get(item) else { return Err(Error::invalid("no such item")) };
        let year = self.opts.base_year;
        let brief = api::BriefReq {
            scope: Some(format!("Deliver {} end to end: discovery, stories, launch.", it.title)),
            non_goals: Some(text::out_of_scope(rng)),
            decisions: Some(text::decisions(rng)),
            due: Some(format!("{year}-{:02}-28", 3 * (1 + rng.below(4)))),
            cadence_days: Some([0, 7, 14].get(rng.below(3)).copied().unwrap_or(7)),
        };
        let req = api::DelegateOfferReq { item_id: it.id.clone(), to_id, brief };
        Ok(handlers::delegate_offer(self.core(l)?, req)?.id)
    }

    /// The junior's laptop receives its offers, answers them, writes the stories of those it
    /// accepts with their checks, and asks for review; proposes its ideas (`seed/ideas.rs`);
    /// then publishes.
    fn junior_writes(
        &mut self,
        lj: usize,
        junior: usize,
        mine: &[usize],
        delegs: &mut [Deleg],
        rng: &mut Rng,
        made: &mut Made,
    ) -> Result<()> {
        self.pass(lj)?;
        for &k in mine {
            let Some(d) = delegs.get_mut(k) else { continue };
            let id = api::IdReq { id: d.id.clone() };
            match d.fate {
                Fate::Offered => continue,
                Fate::Asked | Fate::Answered => {
                    let began = Instant::now();
                    handlers::delegate_ask(
                        self.core(lj)?,
                        api::TextReq { id: d.id.clone(), text: text::question(rng) },
                    )?;
                    self.timed("delegate_ask", began);
                    continue;
                }
                Fate::Running | Fate::Completed => {}
            }
            let began = Instant::now();
            handlers::delegate_accept(self.core(lj)?, id)?;
            self.timed("delegate_accept", began);
            let mut ask = Vec::new();
            for _ in 0..d.planned {
                let outcome = if d.fate == Fate::Completed {
                    if rng.chance(0.1) {
                        Outcome::DoneAfterChanges
                    } else {
                        Outcome::Done
                    }
                } else {
                    let mut roll = rng.below(1000) as u32;
                    let mut pick = Outcome::Draft;
                    for (o, w) in OUTCOMES {
                        if roll < *w {
                            pick = *o;
                            break;
                        }
                        roll -= w;
                    }
                    pick
                };
                let (title, as_a, i_want, so_that) = text::story(rng);
                let criteria = text::criteria(rng).into_iter().map(|text| Criterion { text, done: false }).collect();
                let fields = api::StoryFieldsReq {
                    title: Some(title),
                    as_a: Some(as_a),
                    i_want: Some(i_want),
                    so_that: Some(so_that),
                    criteria: Some(criteria),
                    dev: None,
                    qa: None,
                    points: POINTS.get(rng.below(POINTS.len())).copied(),
                };
                let began = Instant::now();
                let view =
                    handlers::story_add(self.core(lj)?, api::StoryAddReq { delegation_id: d.id.clone(), fields })?;
                self.timed("story_add", began);
                made.stories += 1;
                let mut violated = false;
                for check in &view.checks {
                    let roll = rng.below(100);
                    let (mark, note) = match roll {
                        0..=5 => continue,
                        6..=9 => (Mark::Violated, Some(text::violation(rng))),
                        10..=21 => (Mark::AtRisk, None),
                        _ => (Mark::Respected, None),
                    };
                    violated |= mark == Mark::Violated;
                    let req = api::StoryCheckReq {
                        id: view.id.clone(),
                        guardrail_id: check.guardrail_id.clone(),
                        mark,
                        note,
                    };
                    let began = Instant::now();
                    handlers::story_check(self.core(lj)?, req)?;
                    self.timed("story_check", began);
                    made.checks += 1;
                }
                if outcome != Outcome::Draft {
                    ask.push(view.id.clone());
                }
                d.stories.push(Story { id: view.id, outcome, violated });
            }
            if !ask.is_empty() {
                let began = Instant::now();
                handlers::review_request(self.core(lj)?, api::ReviewRequestReq { ids: ask })?;
                self.timed("review_request", began);
            }
            if d.fate == Fate::Running && rng.chance(0.3) {
                let began = Instant::now();
                handlers::delegate_checkin(
                    self.core(lj)?,
                    api::TextReq { id: d.id.clone(), text: text::checkin(rng) },
                )?;
                self.timed("delegate_checkin", began);
            }
        }
        self.junior_ideas(lj, junior)?;
        self.pass(lj)
    }

    fn approve(&mut self, l: usize, s: &Story) -> Result<()> {
        let exception = s.violated.then(|| "Accepted for the pilot; revisit before the general launch.".to_owned());
        let began = Instant::now();
        handlers::review_approve(self.core(l)?, api::ReviewDecideReq { id: s.id.clone(), exception, comment: None })?;
        self.timed("review_approve", began);
        Ok(())
    }

    /// The delegator's laptop receives the junior's work: answers the question, gives verdicts,
    /// comments on some delegations; the junior's manager answers their ideas (`seed/ideas.rs`);
    /// then publishes.
    fn first_review(
        &mut self,
        r: usize,
        junior: usize,
        mine: &[usize],
        delegs: &mut [Deleg],
        rng: &mut Rng,
        made: &mut Made,
    ) -> Result<()> {
        self.pass(r)?;
        for &k in mine {
            let Some(d) = delegs.get_mut(k) else { continue };
            if d.reviewer != r {
                continue;
            }
            match d.fate {
                Fate::Answered => {
                    let began = Instant::now();
                    handlers::delegate_answer(
                        self.core(r)?,
                        api::TextReq { id: d.id.clone(), text: text::answer(rng) },
                    )?;
                    self.timed("delegate_answer", began);
                }
                Fate::Running | Fate::Completed => {
                    for s in &d.stories {
                        match s.outcome {
                            Outcome::Draft | Outcome::InReview => {}
                            Outcome::Changes | Outcome::Revised | Outcome::DoneAfterChanges => {
                                let req = api::ReviewDecideReq {
                                    id: s.id.clone(),
                                    exception: None,
                                    comment: Some(text::change_request(rng)),
                                };
                                let began = Instant::now();
                                handlers::review_request_changes(self.core(r)?, req)?;
                                self.timed("review_request_changes", began);
                                made.comments += 1;
                            }
                            _ => self.approve(r, s)?,
                        }
                    }
                    if d.fate == Fate::Running && rng.chance(0.4) {
                        let req = api::CommentAddReq {
                            story_id: None,
                            parent_id: None,
                            delegation_id: Some(d.id.clone()),
                            body: text::remark(rng),
                        };
                        let began = Instant::now();
                        handlers::comment_add(self.core(r)?, req)?;
                        self.timed("comment_add", began);
                        made.comments += 1;
                        d.remark = true;
                    }
                }
                Fate::Offered | Fate::Asked => {}
            }
        }
        self.sponsor_ideas(r, junior)?;
        self.pass(r)
    }

    /// The junior's laptop receives the verdicts: revises what was sent back (answering the
    /// comment), moves approved stories along, edits one after approval, answers some remarks.
    fn junior_revises(
        &mut self,
        lj: usize,
        mine: &[usize],
        delegs: &[Deleg],
        rng: &mut Rng,
        made: &mut Made,
    ) -> Result<()> {
        self.pass(lj)?;
        let me = handlers::workspace_get(self.core(lj)?, api::NoArgs {})?.map(|w| w.me.id).unwrap_or_default();
        let (mut done, mut worked) = (Vec::new(), Vec::new());
        for &k in mine {
            let Some(d) = delegs.get(k) else { continue };
            if !matches!(d.fate, Fate::Running | Fate::Completed) {
                continue;
            }
            // The stories approved as they stand are planned into sprints before they move.
            let approved: Vec<(String, bool)> = d
                .stories
                .iter()
                .filter(|s| {
                    matches!(
                        s.outcome,
                        Outcome::Ready
                            | Outcome::InProgress
                            | Outcome::InQa
                            | Outcome::Done
                            | Outcome::Blocked
                            | Outcome::Edited
                    )
                })
                .map(|s| (s.id.clone(), s.outcome == Outcome::Done))
                .collect();
            self.plan(lj, d.item, &approved, d.fate == Fate::Running)?;
            done.extend(approved.into_iter().filter(|s| s.1).map(|s| s.0));
            worked.push((d.item, d.id.clone()));
            let sent_back = d
                .stories
                .iter()
                .any(|s| matches!(s.outcome, Outcome::Changes | Outcome::Revised | Outcome::DoneAfterChanges));
            let comments = if sent_back || d.remark {
                handlers::delegation_get(self.core(lj)?, api::IdReq { id: d.id.clone() })?.comments
            } else {
                Vec::new()
            };
            let mut again = Vec::new();
            for s in &d.stories {
                let stage = |stage: Option<Stage>, blocked: Option<String>| api::StoryStageReq {
                    id: s.id.clone(),
                    stage,
                    blocked,
                };
                let req = match s.outcome {
                    Outcome::InProgress => Some(stage(Some(Stage::InProgress), None)),
                    Outcome::InQa => Some(stage(Some(Stage::InQa), None)),
                    Outcome::Done => Some(stage(Some(Stage::Done), None)),
                    Outcome::Blocked => Some(stage(Some(Stage::InProgress), Some(text::blocker(rng)))),
                    _ => None,
                };
                if let Some(req) = req {
                    let began = Instant::now();
                    handlers::story_stage(self.core(lj)?, req)?;
                    self.timed("story_stage", began);
                }
                let revise = matches!(s.outcome, Outcome::Revised | Outcome::DoneAfterChanges);
                if revise || (s.outcome == Outcome::Changes && rng.chance(0.3)) {
                    if let Some(c) =
                        comments.iter().find(|c| c.story_id.as_deref() == Some(s.id.as_str()) && c.author_id != me)
                    {
                        let req = api::CommentAddReq {
                            story_id: None,
                            parent_id: Some(c.id.clone()),
                            delegation_id: None,
                            body: text::reply(rng),
                        };
                        let began = Instant::now();
                        handlers::comment_add(self.core(lj)?, req)?;
                        self.timed("comment_add", began);
                        made.comments += 1;
                    }
                }
                if revise || s.outcome == Outcome::Edited {
                    let (_, _, i_want, _) = text::story(rng);
                    let mut fields = blank_fields();
                    fields.i_want = Some(format!("{i_want}, then {}", text::story(rng).2));
                    let began = Instant::now();
                    handlers::story_update(self.core(lj)?, api::StoryUpdateReq { id: s.id.clone(), fields })?;
                    self.timed("story_update", began);
                }
                if revise {
                    again.push(s.id.clone());
                }
            }
            if !again.is_empty() {
                let began = Instant::now();
                handlers::review_request(self.core(lj)?, api::ReviewRequestReq { ids: again })?;
                self.timed("review_request", began);
            }
            if d.remark && rng.chance(0.5) {
                if let Some(c) = comments.iter().find(|c| c.story_id.is_none() && c.author_id != me) {
                    let req = api::CommentAddReq {
                        story_id: None,
                        parent_id: Some(c.id.clone()),
                        delegation_id: None,
                        body: text::reply(rng),
                    };
                    let began = Instant::now();
                    handlers::comment_add(self.core(lj)?, req)?;
                    self.timed("comment_add", began);
                    made.comments += 1;
                }
            }
        }
        self.journal(lj, &done, &worked)?;
        self.pass(lj)
    }

    /// The delegator approves the revised stories of the delegations about to be completed.
    fn second_review(&mut self, r: usize, mine: &[usize], delegs: &[Deleg]) -> Result<()> {
        let todo: Vec<&Story> = mine
            .iter()
            .filter_map(|k| delegs.get(*k))
            .filter(|d| d.reviewer == r && d.fate == Fate::Completed)
            .flat_map(|d| d.stories.iter().filter(|s| s.outcome == Outcome::DoneAfterChanges))
            .collect();
        if todo.is_empty() {
            return Ok(());
        }
        self.pass(r)?;
        for s in todo {
            self.approve(r, s)?;
        }
        self.pass(r)
    }

    /// The junior marks the stories approved on the second review done.
    fn junior_finishes(&mut self, lj: usize, mine: &[usize], delegs: &[Deleg]) -> Result<()> {
        let todo: Vec<(usize, &Story)> = mine
            .iter()
            .filter_map(|k| delegs.get(*k))
            .filter(|d| d.fate == Fate::Completed)
            .flat_map(|d| d.stories.iter().filter(|s| s.outcome == Outcome::DoneAfterChanges).map(|s| (d.item, s)))
            .collect();
        if todo.is_empty() {
            return Ok(());
        }
        self.pass(lj)?;
        for (item, s) in todo {
            self.plan(lj, item, &[(s.id.clone(), true)], false)?;
            let began = Instant::now();
            handlers::story_stage(
                self.core(lj)?,
                api::StoryStageReq { id: s.id.clone(), stage: Some(Stage::Done), blocked: None },
            )?;
            self.timed("story_stage", began);
        }
        self.pass(lj)
    }

    /// The delegator completes the delegations whose stories are all done.
    fn complete(&mut self, r: usize, mine: &[usize], delegs: &[Deleg]) -> Result<()> {
        let todo: Vec<&Deleg> = mine
            .iter()
            .filter_map(|k| delegs.get(*k))
            .filter(|d| d.reviewer == r && d.fate == Fate::Completed)
            .collect();
        if todo.is_empty() {
            return Ok(());
        }
        self.pass(r)?;
        for d in todo {
            let began = Instant::now();
            handlers::delegate_complete(self.core(r)?, api::IdReq { id: d.id.clone() })?;
            self.timed("delegate_complete", began);
        }
        self.pass(r)
    }
}

fn blank_fields() -> api::StoryFieldsReq {
    api::StoryFieldsReq {
        title: None,
        as_a: None,
        i_want: None,
        so_that: None,
        criteria: None,
        dev: None,
        qa: None,
        points: None,
    }
}

/// The delegators' laptops of these delegations, in order.
fn reviewers_of(mine: &[usize], delegs: &[Deleg]) -> Vec<usize> {
    let mut out: Vec<usize> = mine.iter().filter_map(|k| delegs.get(*k)).map(|d| d.reviewer).collect();
    out.sort_unstable();
    out.dedup();
    out
}
