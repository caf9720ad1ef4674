//! The generator's ideas data: customer feedback, ideas with their RICE scores and evidence in
//! every stage of the pipeline, and leadership's decisions — every change an `api::handlers`
//! command on the laptop of the member making it, in passes the other phases already run.
//!
//! - **Junior PMs' laptops** (in the delegation phase, before the pass that publishes the
//!   junior's stories): a share of [`Plan::ideas`](super::Plan), each for a product, scored and
//!   backed by evidence, most sent for sponsorship (some stay drafts), and a few feedback entries.
//! - **Their managers' laptops** (in the first review pass of that junior, when the manager is a
//!   senior PM with a laptop): the ideas sent up are sponsored and submitted, some sponsored and
//!   kept, some returned with a comment; a few stay waiting. A junior whose manager has no
//!   laptop is sponsored by leadership at the end, on the main laptop (leadership may).
//! - **Senior PMs' laptops** (in their last history round, before their one pass): their own
//!   ideas, which sponsor themselves on submission, and a few feedback entries.
//! - **The main laptop** (after its history, before the last pass: nobody else receives it):
//!   leadership's own ideas; the rest of [`Plan::feedback`](super::Plan) (the cheapest place for
//!   the bulk: every member may add feedback, and no other laptop has to receive it), each entry
//!   triaged — linked to an idea (popular ideas collect more), to a roadmap item, dismissed with
//!   a reason, or left in the inbox; then a decision on about nine in ten submitted ideas (the
//!   rest is leadership's queue), with rationales, the changes asked for, revisit dates for
//!   "not now" (a few of those decided again), and nine in ten go-aheads placed on their
//!   product's roadmap under an initiative (the others wait in leadership's queue).
//!
//! Everything is decided by the seed; the decisions' and placements' times are the wall clock's.

use std::time::Instant;

use baton_core::api::{self, handlers, EvidenceKind, FeedbackSource, Horizon, Impact, Outcome};
use baton_core::Result;

use super::execution::day_text;
use super::{split, text, Gen, Rng};

/// Where an idea is left, decided when it is proposed (a submitted one may still be decided).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Draft,
    /// Sent for sponsorship, not answered.
    Awaiting,
    Returned,
    /// Sponsored, not submitted.
    Sponsored,
    Submitted,
}

/// A junior's idea: draft 12%, waiting 10%, returned 7%, sponsored 6%, submitted 65%.
const JUNIOR_FATES: &[(Fate, u32)] =
    &[(Fate::Draft, 120), (Fate::Awaiting, 100), (Fate::Returned, 70), (Fate::Sponsored, 60), (Fate::Submitted, 650)];
/// A senior's or a leader's (sponsoring their own): draft 14%, sponsored 6%, submitted 80%.
const OWN_FATES: &[(Fate, u32)] = &[(Fate::Draft, 140), (Fate::Sponsored, 60), (Fate::Submitted, 800)];

/// Decisions, per mille: leadership says yes to about three ideas in ten.
const OUTCOMES: &[(Outcome, u32)] =
    &[(Outcome::GoAhead, 200), (Outcome::GoAheadWithChanges, 100), (Outcome::NotNow, 330), (Outcome::No, 370)];

/// Feedback sources, per mille.
const SOURCES: &[(FeedbackSource, u32)] = &[
    (FeedbackSource::Call, 250),
    (FeedbackSource::Support, 300),
    (FeedbackSource::Sales, 150),
    (FeedbackSource::Analytics, 100),
    (FeedbackSource::Research, 120),
    (FeedbackSource::Other, 80),
];

/// Share of the ideas proposed on the juniors' laptops and on the seniors' (percent).
const JUNIORS_SHARE: usize = 35;
const SENIORS_SHARE: usize = 30;
/// Submitted ideas left awaiting a decision (per mille).
const UNDECIDED: usize = 90;

fn weighted<T: Copy>(rng: &mut Rng, table: &[(T, u32)], default: T) -> T {
    let mut roll = rng.below(1000) as u32;
    for (t, w) in table {
        if roll < *w {
            return *t;
        }
        roll -= w;
    }
    default
}

struct Idea {
    id: String,
    product: Option<usize>,
    fate: Fate,
    /// A junior's idea: the junior (member index); `settled` once its sponsor acted.
    junior: Option<usize>,
    settled: bool,
}

/// What the ideas phase made, for the progress line.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Made {
    pub(super) ideas: usize,
    pub(super) drafts: usize,
    pub(super) awaiting_sponsor: usize,
    pub(super) returned: usize,
    pub(super) sponsored: usize,
    pub(super) undecided: usize,
    pub(super) go_ahead: usize,
    pub(super) with_changes: usize,
    pub(super) not_now: usize,
    pub(super) no: usize,
    pub(super) decided_again: usize,
    pub(super) placed: usize,
    pub(super) evidence: usize,
    pub(super) feedback: usize,
    pub(super) linked_ideas: usize,
    pub(super) linked_items: usize,
    pub(super) dismissed: usize,
    /// Ops the ideas work made during the delegation phase (told apart from its own).
    pub(super) ops_in_delegation: u64,
}

/// The ideas phase's own state, beside the generator's.
pub(super) struct State {
    rng: Rng,
    ideas: Vec<Idea>,
    feedback: Vec<String>,
    pub(super) made: Made,
}

impl State {
    pub(super) fn new(rng: Rng) -> State {
        State { rng, ideas: Vec::new(), feedback: Vec::new(), made: Made::default() }
    }
}

impl Gen<'_, '_> {
    /// The juniors' and the seniors' laptops: (first, end) laptop indexes.
    fn junior_laptops(&self) -> std::ops::Range<usize> {
        let first = 1 + self.plan.senior_laptops;
        first..(first + self.plan.junior_laptops).min(self.laptops.len())
    }

    /// How many ideas laptop `l` (not the main one) proposes.
    fn ideas_on(&self, l: usize) -> usize {
        let juniors = self.junior_laptops();
        let (share, range) = if juniors.contains(&l) {
            (JUNIORS_SHARE, juniors)
        } else {
            (SENIORS_SHARE, 1..juniors.start.min(self.laptops.len()))
        };
        let weights = vec![1; range.len()];
        let parts = split(self.plan.ideas * share / 100, &weights, 0);
        parts.get(l.wrapping_sub(range.start)).copied().unwrap_or(0)
    }

    /// Feedback entries a laptop other than the main one adds (the main laptop adds the rest).
    fn feedback_on(&self) -> usize {
        self.plan.feedback / 100
    }

    /// Runs `work` on laptop `l`, counting its ops as the ideas phase's made inside the
    /// delegation phase.
    fn counted(&mut self, l: usize, work: impl FnOnce(&mut Self) -> Result<()>) -> Result<()> {
        let before = self.laptops.get_mut(l).map(super::Laptop::count_own).transpose()?.unwrap_or(0);
        work(self)?;
        let after = self.laptops.get_mut(l).map(super::Laptop::count_own).transpose()?.unwrap_or(0);
        self.ideas.made.ops_in_delegation += after.saturating_sub(before);
        Ok(())
    }

    /// The junior's laptop (before its pass publishes): its ideas and a few feedback entries.
    pub(super) fn junior_ideas(&mut self, lj: usize, junior: usize) -> Result<()> {
        let n = self.ideas_on(lj);
        let f = self.feedback_on();
        self.counted(lj, |g| {
            g.propose(lj, n, Some(junior))?;
            g.add_feedback(lj, f)
        })
    }

    /// The sponsor's laptop `r`, in its first review pass of `junior`'s work: when `r` is the
    /// junior's manager's, it answers the ideas the junior sent up.
    pub(super) fn sponsor_ideas(&mut self, r: usize, junior: usize) -> Result<()> {
        let manager = self.members.get(junior).and_then(|m| m.manager);
        if r == 0 || manager.is_none() || self.owner_on(r) != manager {
            return Ok(());
        }
        self.counted(r, |g| g.settle(r, Some(junior)))
    }

    /// A senior's laptop, at the end of its history (before its one pass): its own ideas and a
    /// few feedback entries.
    pub(super) fn senior_ideas(&mut self, l: usize) -> Result<()> {
        if l == 0 || self.junior_laptops().contains(&l) {
            return Ok(());
        }
        let n = self.ideas_on(l);
        let f = self.feedback_on();
        self.propose(l, n, None)?;
        self.add_feedback(l, f)
    }

    /// `n` ideas proposed on laptop `l` (by its member; `junior`: a junior PM's), scored, with
    /// evidence, and sent as far as their fate says.
    fn propose(&mut self, l: usize, n: usize, junior: Option<usize>) -> Result<()> {
        for _ in 0..n {
            let products = self.products.len();
            let st = &mut self.ideas;
            let rng = &mut st.rng;
            let fate = weighted(rng, if junior.is_some() { JUNIOR_FATES } else { OWN_FATES }, Fate::Draft);
            let product = (products > 0 && (fate != Fate::Draft || rng.chance(0.9))).then(|| rng.below(products));
            let (title, problem, proposal) = text::idea(rng);
            let req = api::IdeaAddReq {
                title,
                problem: Some(problem),
                proposal: Some(proposal),
                product_id: product.and_then(|p| self.products.get(p)).map(|p| p.id.clone()),
            };
            let began = Instant::now();
            let id = handlers::idea_add(self.core(l)?, req)?.id;
            self.timed("idea_add", began);
            // Scored: fully when it goes up, often only in part while a draft.
            let rng = &mut self.ideas.rng;
            let full = fate != Fate::Draft || rng.chance(0.5);
            let score = api::IdeaScoreReq {
                id: id.clone(),
                reach: Some([200, 500, 1_000, 2_500, 5_000, 20_000, 80_000][rng.below(7)]),
                impact: full.then(|| Impact::ALL[rng.below(Impact::ALL.len())]),
                confidence: Some([50, 80, 100][rng.below(3)]),
                effort: full.then(|| (1 + rng.below(60)) as f64 / 2.0),
            };
            let began = Instant::now();
            handlers::idea_score(self.core(l)?, score)?;
            self.timed("idea_score", began);
            let pieces = self.ideas.rng.below(4);
            for _ in 0..pieces {
                let rng = &mut self.ideas.rng;
                let req = match rng.below(3) {
                    0 => {
                        let (body, url) = text::evidence_link(rng);
                        api::EvidenceAddReq {
                            idea_id: id.clone(),
                            kind: EvidenceKind::Link,
                            body: Some(body),
                            url: Some(url),
                        }
                    }
                    1 => api::EvidenceAddReq {
                        idea_id: id.clone(),
                        kind: EvidenceKind::Metric,
                        body: Some(text::evidence_metric(rng)),
                        url: None,
                    },
                    _ => api::EvidenceAddReq {
                        idea_id: id.clone(),
                        kind: EvidenceKind::Note,
                        body: Some(text::evidence_note(rng)),
                        url: None,
                    },
                };
                let began = Instant::now();
                handlers::idea_evidence_add(self.core(l)?, req)?;
                self.timed("idea_evidence_add", began);
                self.ideas.made.evidence += 1;
            }
            let began = Instant::now();
            let settled = match (fate, junior) {
                (Fate::Draft, _) => true,
                // Sent to the junior's senior for sponsorship.
                (_, Some(_)) => {
                    handlers::idea_submit(self.core(l)?, api::IdReq { id: id.clone() })?;
                    fate == Fate::Awaiting
                }
                (Fate::Sponsored, None) => {
                    handlers::idea_sponsor(self.core(l)?, api::IdReq { id: id.clone() })?;
                    true
                }
                (_, None) => {
                    handlers::idea_submit(self.core(l)?, api::IdReq { id: id.clone() })?;
                    true
                }
            };
            self.timed("idea_submit", began);
            let made = &mut self.ideas.made;
            made.ideas += 1;
            match fate {
                Fate::Draft => made.drafts += 1,
                Fate::Awaiting => made.awaiting_sponsor += 1,
                Fate::Returned => made.returned += 1,
                Fate::Sponsored => made.sponsored += 1,
                Fate::Submitted => {}
            }
            self.ideas.ideas.push(Idea { id, product, fate, junior, settled });
        }
        Ok(())
    }

    /// The sponsor on laptop `l` answers the juniors' ideas sent up (`junior`'s, or every
    /// junior's still unanswered): returned with a comment, sponsored, or sponsored and submitted.
    fn settle(&mut self, l: usize, junior: Option<usize>) -> Result<()> {
        for k in 0..self.ideas.ideas.len() {
            let Some(idea) = self.ideas.ideas.get(k) else { continue };
            if idea.settled || idea.junior.is_none() || (junior.is_some() && idea.junior != junior) {
                continue;
            }
            let (id, fate) = (idea.id.clone(), idea.fate);
            let began = Instant::now();
            match fate {
                Fate::Returned => {
                    let note = text::return_note(&mut self.ideas.rng);
                    handlers::idea_return(self.core(l)?, api::IdeaReturnReq { id, note })?;
                }
                Fate::Sponsored => {
                    handlers::idea_sponsor(self.core(l)?, api::IdReq { id })?;
                }
                _ => {
                    handlers::idea_sponsor(self.core(l)?, api::IdReq { id: id.clone() })?;
                    handlers::idea_submit(self.core(l)?, api::IdReq { id })?;
                }
            }
            self.timed("idea_sponsor", began);
            if let Some(idea) = self.ideas.ideas.get_mut(k) {
                idea.settled = true;
            }
        }
        Ok(())
    }

    /// `n` feedback entries added on laptop `l` (triaged later, on the main laptop).
    fn add_feedback(&mut self, l: usize, n: usize) -> Result<()> {
        let today = self.exec_today();
        for _ in 0..n {
            let rng = &mut self.ideas.rng;
            let source = weighted(rng, SOURCES, FeedbackSource::Other);
            let (body, link) = text::feedback(rng, source.as_str());
            let customer = (source != FeedbackSource::Analytics || rng.chance(0.2)).then(|| text::customer(rng));
            let who = matches!(source, FeedbackSource::Call | FeedbackSource::Sales | FeedbackSource::Research)
                .then(|| text::contact(rng));
            // Heard over the last year and a half, never today (the laptop's calendar may lag UTC).
            let heard_on = Some(day_text(today - 1 - rng.below(540) as i64));
            let req =
                api::FeedbackAddReq { source, body, customer, who, heard_on, link: (!link.is_empty()).then_some(link) };
            let began = Instant::now();
            let id = handlers::feedback_add(self.core(l)?, req)?.id;
            self.timed("feedback_add", began);
            self.ideas.feedback.push(id);
            self.ideas.made.feedback += 1;
        }
        Ok(())
    }

    /// The main laptop, after its history (see the module doc).
    pub(super) fn ideas_on_main(&mut self) -> Result<()> {
        self.pass(0)?;
        let own = self.plan.ideas.saturating_sub(self.ideas.made.ideas);
        self.propose(0, own, None)?;
        // The juniors whose manager has no laptop (or never reviewed them): leadership sponsors.
        self.settle(0, None)?;
        let rest = self.plan.feedback.saturating_sub(self.ideas.made.feedback);
        self.add_feedback(0, rest)?;
        self.triage()?;
        self.decide()?;
        Ok(())
    }

    /// Every feedback entry triaged on the main laptop: 40% linked to an idea (a tenth of the
    /// ideas collect a third of it), 10% to a one-year item, 12% dismissed, the rest left new.
    fn triage(&mut self) -> Result<()> {
        let mut hot: Vec<usize> = (0..self.ideas.ideas.len()).collect();
        self.ideas.rng.shuffle(&mut hot);
        let items: Vec<usize> = (0..self.items.len())
            .filter(|i| self.items.get(*i).is_some_and(|it| it.horizon == Horizon::OneYear && !it.deleted))
            .collect();
        let entries = std::mem::take(&mut self.ideas.feedback);
        for id in &entries {
            let rng = &mut self.ideas.rng;
            let roll = rng.below(100);
            let began = Instant::now();
            if roll < 40 && !hot.is_empty() {
                let k = if rng.chance(0.33) { rng.below(hot.len().div_ceil(10)) } else { rng.below(hot.len()) };
                let idea_id = hot.get(k).and_then(|i| self.ideas.ideas.get(*i)).map(|i| i.id.clone());
                handlers::feedback_link(
                    self.core(0)?,
                    api::FeedbackLinkReq { id: id.clone(), idea_id, item_id: None },
                )?;
                self.ideas.made.linked_ideas += 1;
            } else if roll < 50 && !items.is_empty() {
                let item_id = items.get(rng.below(items.len())).and_then(|i| self.items.get(*i)).map(|i| i.id.clone());
                handlers::feedback_link(
                    self.core(0)?,
                    api::FeedbackLinkReq { id: id.clone(), idea_id: None, item_id },
                )?;
                self.ideas.made.linked_items += 1;
            } else if roll < 62 {
                let reason = text::dismissal(rng);
                handlers::feedback_dismiss(self.core(0)?, api::FeedbackDismissReq { id: id.clone(), reason })?;
                self.ideas.made.dismissed += 1;
            } else {
                continue;
            }
            self.timed("feedback triage", began);
        }
        Ok(())
    }

    /// Leadership decides on the submitted ideas but about one in eleven; a tenth of the "not
    /// now" are decided again (a go-ahead); nine in ten go-aheads are placed on their product's
    /// roadmap, under one of its initiatives (leadership edits every roadmap; the item is a new
    /// row, so no laptop's edits cross it).
    fn decide(&mut self) -> Result<()> {
        let today = self.exec_today();
        let base = self.opts.base_year;
        for k in 0..self.ideas.ideas.len() {
            let Some(idea) = self.ideas.ideas.get(k) else { continue };
            if idea.fate != Fate::Submitted {
                continue;
            }
            let (id, product) = (idea.id.clone(), idea.product);
            let rng = &mut self.ideas.rng;
            if rng.below(1000) < UNDECIDED {
                self.ideas.made.undecided += 1;
                continue;
            }
            let mut outcome = weighted(rng, OUTCOMES, Outcome::No);
            let mut req = verdict(rng, &id, outcome, today);
            let began = Instant::now();
            handlers::idea_decide(self.core(0)?, req)?;
            self.timed("idea_decide", began);
            if outcome == Outcome::NotNow && self.ideas.rng.chance(0.1) {
                outcome = Outcome::GoAhead;
                req = verdict(&mut self.ideas.rng, &id, outcome, today);
                req.rationale = format!("Revisited early: {}", req.rationale);
                handlers::idea_decide(self.core(0)?, req)?;
                self.ideas.made.decided_again += 1;
            }
            let made = &mut self.ideas.made;
            match outcome {
                Outcome::GoAhead => made.go_ahead += 1,
                Outcome::GoAheadWithChanges => made.with_changes += 1,
                Outcome::NotNow => made.not_now += 1,
                Outcome::No => made.no += 1,
            }
            let Some(p) = product else { continue };
            if !matches!(outcome, Outcome::GoAhead | Outcome::GoAheadWithChanges) || !self.ideas.rng.chance(0.9) {
                continue;
            }
            let initiatives: Vec<usize> = self.products.get(p).map_or(Vec::new(), |p| {
                p.items
                    .iter()
                    .copied()
                    .filter(|i| self.items.get(*i).is_some_and(|it| it.horizon == Horizon::ThreeYear && !it.deleted))
                    .collect()
            });
            let rng = &mut self.ideas.rng;
            let Some(parent) = initiatives.get(rng.below(initiatives.len())).and_then(|i| self.items.get(*i)) else {
                continue;
            };
            let req = api::IdeaPlaceReq {
                id,
                horizon: Horizon::OneYear,
                period: format!("{base}-Q{}", 1 + rng.below(4)),
                parent_id: Some(parent.id.clone()),
                goal_id: None,
            };
            let began = Instant::now();
            handlers::idea_place(self.core(0)?, req)?;
            self.timed("idea_place", began);
            self.ideas.made.placed += 1;
        }
        Ok(())
    }

    fn exec_today(&self) -> i64 {
        self.opts.today
    }

    /// The ideas ops in the main laptop's log (every one, once the last pass ran): rows of the
    /// ideas tables, and the roadmap items placed from ideas.
    pub(super) fn ideas_ops(&self) -> Result<u64> {
        let n: i64 = self.core(0)?.read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM oplog WHERE entity_table IN ('feedback', 'idea', 'evidence', 'decision')
                   OR (entity_table = 'roadmap_item'
                       AND entity_id IN (SELECT item_id FROM idea WHERE item_id IS NOT NULL))",
                [],
                |r| r.get(0),
            )?)
        })?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// A decision of `outcome` on `id`: its rationale, the changes, the revisit date.
fn verdict(rng: &mut Rng, id: &str, outcome: Outcome, today: i64) -> api::IdeaDecideReq {
    api::IdeaDecideReq {
        id: id.to_owned(),
        outcome,
        rationale: text::rationale(rng, outcome.as_str()),
        changes: (outcome == Outcome::GoAheadWithChanges).then(|| text::changes(rng)),
        revisit: (outcome == Outcome::NotNow).then(|| day_text(today + 30 + rng.below(150) as i64)),
    }
}
