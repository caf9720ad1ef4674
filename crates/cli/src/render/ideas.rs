//! Human text for feedback, ideas, decisions and the ideas queue.

use baton_core::api::{self, FeedbackSource, IdeaStage, Impact, Outcome, Triage};

use super::{abbreviate, table, when};

pub(crate) fn source_label(s: FeedbackSource) -> &'static str {
    match s {
        FeedbackSource::Call => "customer call",
        FeedbackSource::Support => "support",
        FeedbackSource::Sales => "sales",
        FeedbackSource::Analytics => "analytics",
        FeedbackSource::Research => "research",
        FeedbackSource::Other => "other",
    }
}

pub(crate) fn outcome_label(o: Outcome) -> &'static str {
    match o {
        Outcome::GoAhead => "go-ahead",
        Outcome::GoAheadWithChanges => "go-ahead with changes",
        Outcome::NotNow => "not now",
        Outcome::No => "no",
    }
}

/// Where an idea stands, in words (with its decision's outcome once decided).
pub(crate) fn stage_label(i: &api::IdeaView) -> String {
    match (i.stage, i.outcome) {
        (IdeaStage::Decided, Some(Outcome::NotNow)) => format!("not now (revisit {})", i.revisit),
        (IdeaStage::Decided, Some(o)) if i.placed_ms > 0 => format!("{} — on the roadmap", outcome_label(o)),
        (IdeaStage::Decided, Some(o)) => outcome_label(o).to_owned(),
        (IdeaStage::Decided, None) | (IdeaStage::Draft, _) => "draft".to_owned(),
        (IdeaStage::AwaitingSponsor, _) => "awaiting sponsor".to_owned(),
        (IdeaStage::Returned, _) => "returned".to_owned(),
        (IdeaStage::Sponsored, _) => "sponsored".to_owned(),
        (IdeaStage::Submitted, _) => "submitted".to_owned(),
    }
}

fn impact_label(i: Option<Impact>) -> &'static str {
    match i {
        None => "—",
        Some(Impact::Minimal) => "minimal",
        Some(Impact::Low) => "low",
        Some(Impact::Medium) => "medium",
        Some(Impact::High) => "high",
        Some(Impact::Massive) => "massive",
    }
}

fn triage_label(f: &api::FeedbackView) -> String {
    match f.triage {
        Triage::New => "new".to_owned(),
        Triage::Linked => match (&f.idea_title, &f.item_title) {
            (Some(t), _) => format!("→ idea {t:?}"),
            (None, Some(t)) => format!("→ item {t:?}"),
            (None, None) => "linked".to_owned(),
        },
        Triage::Dismissed => format!("dismissed: {}", abbreviate(&f.dismissed)),
    }
}

pub(crate) fn feedback_list(l: &api::FeedbackListView) -> String {
    let rows = l.entries.iter().map(|f| {
        vec![
            f.id.clone(),
            f.heard_on.clone(),
            source_label(f.source).to_owned(),
            f.customer.clone(),
            abbreviate(&f.body),
            triage_label(f),
        ]
    });
    let body = table(&["ID", "HEARD", "SOURCE", "CUSTOMER", "FEEDBACK", "TRIAGE"], rows, "no feedback here");
    format!("{body}\n{} waiting for triage", l.new_count)
}

pub(crate) fn feedback_line(f: &api::FeedbackView) -> String {
    format!("{} ({}, {}): {}\t{}", abbreviate(&f.body), source_label(f.source), f.heard_on, triage_label(f), f.id)
}

pub(crate) fn score(i: &api::IdeaView) -> String {
    i.score.map(|s| format!("{s}")).unwrap_or_else(|| "—".into())
}

pub(crate) fn ideas(is: &[api::IdeaView]) -> String {
    let rows = is.iter().map(|i| {
        vec![
            i.id.clone(),
            i.title.clone(),
            i.product_name.clone().unwrap_or_default(),
            stage_label(i),
            score(i),
            if i.feedback_count > 0 { format!("{} (last {})", i.feedback_count, i.last_heard) } else { String::new() },
            i.proposer_name.clone(),
        ]
    });
    table(&["ID", "TITLE", "PRODUCT", "STAGE", "RICE", "FEEDBACK", "PROPOSER"], rows, "no ideas")
}

pub(crate) fn decision_line(d: &api::DecisionView) -> String {
    let mut line = format!("{}  {}  {}", when(d.decided_ms), outcome_label(d.outcome), d.by_name);
    if !d.current {
        line.push_str("  (superseded)");
    }
    line.push_str(&format!("\n    why: {}", d.rationale));
    if !d.changes.is_empty() {
        line.push_str(&format!("\n    changes: {}", d.changes));
    }
    if !d.revisit.is_empty() {
        line.push_str(&format!("\n    revisit: {}", d.revisit));
    }
    line
}

pub(crate) fn idea_detail(d: &api::IdeaDetailView) -> String {
    let i = &d.idea;
    let mut out = vec![format!("{}  [{}]\t{}", i.title, stage_label(i), i.id)];
    out.push(format!("product: {}", i.product_name.as_deref().unwrap_or("none yet")));
    let sponsor = i.sponsor_name.as_deref().map(|s| format!(", sponsored by {s}")).unwrap_or_default();
    out.push(format!("proposed by {}{sponsor}", i.proposer_name));
    if !i.problem.is_empty() {
        out.push(format!("problem: {}", i.problem));
    }
    if !i.proposal.is_empty() {
        out.push(format!("proposal: {}", i.proposal));
    }
    out.push(format!("RICE: {}", i.score_text));
    if i.score.is_none() && (i.reach > 0 || i.confidence > 0 || i.impact.is_some()) {
        out.push(format!(
            "  so far: reach {}, impact {}, confidence {}%",
            i.reach,
            impact_label(i.impact),
            i.confidence
        ));
    }
    if i.stage == IdeaStage::Returned {
        out.push(format!("returned: {}", i.return_note));
    }
    if let Some(item) = &i.item_title {
        out.push(format!("on the roadmap as {item:?}"));
    }
    if !d.evidence.is_empty() {
        out.push("evidence:".into());
        for e in &d.evidence {
            let what = match (e.body.is_empty(), e.url.is_empty()) {
                (false, false) => format!("{} <{}>", e.body, e.url),
                (true, _) => e.url.clone(),
                (false, true) => e.body.clone(),
            };
            out.push(format!("  {}  {what}\t{}", e.kind.as_str(), e.id));
        }
    }
    if !d.feedback.is_empty() {
        out.push(format!("feedback ({}):", d.feedback.len()));
        for f in &d.feedback {
            out.push(format!("  {} {} ({}): {}", f.heard_on, f.customer, source_label(f.source), abbreviate(&f.body)));
        }
    }
    if !d.decisions.is_empty() {
        out.push("decisions:".into());
        for x in &d.decisions {
            out.push(format!("  {}", decision_line(x).replace('\n', "\n  ")));
        }
    }
    if !d.related.is_empty() {
        out.push("decided before on similar ideas:".into());
        for x in &d.related {
            out.push(format!("  {}  {:?}: {}", when(x.decided_ms), x.idea_title, outcome_label(x.outcome)));
        }
    }
    let can = &d.can;
    let mut may = Vec::new();
    for (yes, what) in [
        (can.edit, "edit"),
        (can.sponsor, "sponsor or return"),
        (can.submit, "submit"),
        (can.decide, "decide"),
        (can.place, "place on the roadmap"),
    ] {
        if yes {
            may.push(what);
        }
    }
    if !may.is_empty() {
        out.push(format!("you may: {}", may.join(", ")));
    }
    out.join("\n")
}

pub(crate) fn decisions(ds: &[api::DecisionView]) -> String {
    let rows = ds.iter().map(|d| {
        vec![
            when(d.decided_ms),
            outcome_label(d.outcome).to_owned(),
            d.idea_title.clone(),
            d.product_name.clone().unwrap_or_default(),
            d.by_name.clone(),
            format!("{}{}", abbreviate(&d.rationale), if d.current { "" } else { "  (superseded)" }),
        ]
    });
    table(&["DECIDED", "OUTCOME", "IDEA", "PRODUCT", "BY", "RATIONALE"], rows, "no decisions match")
}

pub(crate) fn queue(q: &api::IdeaQueueView) -> String {
    let mut out = Vec::new();
    let mut part = |title: &str, is: &[api::IdeaView]| {
        if !is.is_empty() {
            out.push(format!("{title} ({}):", is.len()));
            for i in is {
                let by = i.product_name.as_deref().map(|p| format!(" — {p}")).unwrap_or_default();
                out.push(format!("  {}{by}  [RICE {}]  by {}\t{}", i.title, score(i), i.proposer_name, i.id));
            }
        }
    };
    part("awaiting my decision", &q.awaiting_decision);
    part("to sponsor", &q.to_sponsor);
    part("returned to me", &q.returned);
    part("to place on the roadmap", &q.to_place);
    part("to revisit", &q.to_revisit);
    if out.is_empty() {
        out.push("nothing waits on you in the ideas pipeline".into());
    }
    out.push(format!("{} feedback waiting for triage", q.feedback_new));
    out.join("\n")
}
