//! The human text `baton` prints without `--json`: labels, tables, an item's detail, the
//! alignment tree, a snapshot diff, sync status, and for delegation a delegated item, a story
//! (with what changed since its review), the inbox and the board. Pure functions of the core's
//! views (and of "now", for "waiting 3 h"); what each verb prints on success in one line stays
//! with the verb. Ideas, feedback and decisions are in `render/ideas.rs`.

pub(crate) mod ideas;

use baton_core::api::{self, ChangeKind, DelegationState, Horizon, Mark, Role, StoryStatus, Verdict};

pub(crate) fn role_label(r: Role) -> &'static str {
    match r {
        Role::Leadership => "leadership",
        Role::Senior => "senior PM",
        Role::Junior => "junior PM",
    }
}

pub(crate) fn horizon_label(h: Horizon) -> &'static str {
    match h {
        Horizon::FiveYear => "5-year",
        Horizon::ThreeYear => "3-year",
        Horizon::OneYear => "1-year",
    }
}

/// The flags as a suffix for one-line messages: " [unaligned]".
pub(crate) fn flags_note(i: &api::ItemView) -> String {
    let f = flags(i);
    if f.is_empty() {
        String::new()
    } else {
        format!(" [{}]", f.join(", "))
    }
}

pub(crate) fn labelled(label: &str, value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        format!(", {label} {value:?}")
    }
}

pub(crate) fn members(ms: &[api::MemberView]) -> String {
    let name_of = |id: &Option<String>| {
        id.as_ref().and_then(|id| ms.iter().find(|m| &m.id == id)).map(|m| m.name.clone()).unwrap_or_default()
    };
    let rows = ms.iter().map(|m| {
        vec![m.id.clone(), m.name.clone(), role_label(m.role).into(), name_of(&m.manager_id), name_of(&m.mentor_id)]
    });
    table(&["ID", "NAME", "ROLE", "MANAGER", "MENTOR"], rows, "no members")
}

pub(crate) fn goals(gs: &[api::GoalView]) -> String {
    let rows = gs.iter().map(|g| vec![g.id.clone(), g.title.clone(), g.measure.clone()]);
    table(&["ID", "GOAL", "MEASURE"], rows, "no goals yet: baton goal add TITLE")
}

pub(crate) fn families(fs: &[api::FamilyView]) -> String {
    let rows = fs.iter().map(|f| vec![f.id.clone(), f.name.clone()]);
    table(&["ID", "FAMILY"], rows, "no product families yet: baton family add NAME")
}

pub(crate) fn products(ps: &[api::ProductView]) -> String {
    let rows = ps.iter().map(|p| {
        vec![
            p.id.clone(),
            p.name.clone(),
            p.owner_name.clone().unwrap_or_default(),
            p.family_name.clone().unwrap_or_default(),
            p.base_year.to_string(),
        ]
    });
    table(&["ID", "PRODUCT", "OWNER", "FAMILY", "BASE YEAR"], rows, "no products yet: baton product add NAME")
}

/// Items with their product's name (`names`: product id → name).
pub(crate) fn items(is: &[api::ItemView], names: &[(String, String)]) -> String {
    let rows = is.iter().map(|i| {
        vec![
            i.id.clone(),
            name_in(names, i.product_id.as_deref()),
            horizon_label(i.horizon).into(),
            i.period.clone(),
            i.status.as_str().into(),
            i.title.clone(),
            flags(i).join(", "),
        ]
    });
    table(&["ID", "PRODUCT", "HORIZON", "PERIOD", "STATUS", "TITLE", "FLAGS"], rows, "no items")
}

pub(crate) fn guardrails(gs: &[api::GuardrailView]) -> String {
    let rows = gs.iter().map(|g| vec![g.id.clone(), g.kind.as_str().into(), g.statement.clone(), guardrail_source(g)]);
    table(&["ID", "KIND", "STATEMENT", "SET BY"], rows, "no guardrails")
}

pub(crate) fn item_detail(d: &api::ItemDetailView, products: &[(String, String)]) -> String {
    let i = &d.item;
    let mut fields: Vec<(&str, String)> = vec![
        ("id", i.id.clone()),
        ("product", name_in(products, i.product_id.as_deref())),
        ("horizon", horizon_label(i.horizon).into()),
        ("period", i.period.clone()),
        ("status", i.status.as_str().into()),
        ("confidence", i.confidence.as_str().into()),
    ];
    if !i.metric.is_empty() {
        fields.push(("metric", i.metric.clone()));
    }
    if !i.impact.is_empty() {
        fields.push(("impact", i.impact.clone()));
    }
    let mut chain: Vec<String> =
        d.ancestors.iter().map(|a| format!("{} ({} {})", a.title, horizon_label(a.horizon), a.period)).collect();
    if let Some(g) = &d.goal {
        chain.push(format!("goal {:?}", g.title));
    }
    fields.push(("serves", if chain.is_empty() { "nothing".into() } else { chain.join(" → ") }));
    let f = flags(i);
    if !f.is_empty() {
        fields.push(("flags", f.join(", ")));
    }
    let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 1;
    let mut lines = vec![i.title.clone()];
    lines.extend(fields.iter().map(|(k, v)| format!("  {:<width$} {v}", format!("{k}:"))));
    lines.push(String::new());
    if d.guardrails.is_empty() {
        lines.push("Guardrails: none".into());
    } else {
        lines.push("Guardrails:".into());
        let rows = d.guardrails.iter().map(|g| vec![g.kind.as_str().into(), g.statement.clone(), guardrail_source(g)]);
        lines.extend(table(&["KIND", "STATEMENT", "SET BY"], rows, "").lines().map(|l| format!("  {l}")));
    }
    lines.push(String::new());
    if d.requirements.trim().is_empty() {
        lines.push("Requirements: none".into());
    } else {
        lines.push("Requirements:".into());
        lines.extend(d.requirements.lines().map(|l| format!("  {l}").trim_end().to_owned()));
    }
    if !d.children.is_empty() {
        lines.push(String::new());
        lines.push("Served by:".into());
        lines.extend(d.children.iter().map(|c| format!("  {}", item_line(c))));
    }
    lines.join("\n")
}

pub(crate) fn alignment(a: &api::AlignmentView, scoped: bool) -> String {
    let mut lines = Vec::new();
    let unserved = |id: &str| a.unserved_goals.iter().any(|g| g.id == id);
    for g in a.goals.iter().filter(|g| !g.themes.is_empty() || (scoped && !unserved(&g.goal.id))) {
        lines.push(format!("Goal: {}{}", g.goal.title, counts_text(&g.counts)));
        if g.themes.is_empty() {
            lines.push("  (served by other products only)".into());
        }
        for t in &g.themes {
            node_lines(t, 1, &mut lines);
        }
    }
    if lines.is_empty() {
        lines.push(
            if a.goals.is_empty() { "no goals yet: baton goal add TITLE" } else { "no theme serves a goal yet" }.into(),
        );
    }
    lines.push(String::new());
    if a.unaligned.is_empty() {
        lines.push("Unaligned: none".into());
    } else {
        lines.push("Unaligned (serving nothing):".into());
        for n in &a.unaligned {
            node_lines(n, 1, &mut lines);
        }
    }
    lines.push(String::new());
    if a.unserved_goals.is_empty() {
        lines.push("Goals nothing serves: none".into());
    } else {
        lines.push("Goals nothing serves:".into());
        lines.extend(a.unserved_goals.iter().map(|g| format!("  {}", g.title)));
    }
    lines.join("\n")
}

/// Snapshots with their product's name (`names`: product id → name).
pub(crate) fn snapshots(ss: &[api::SnapshotView], names: &[(String, String)]) -> String {
    let rows = ss.iter().map(|s| {
        vec![
            s.id.clone(),
            name_in(names, Some(&s.product_id)),
            s.name.clone(),
            taken(&s.taken_at),
            s.taken_by.clone().unwrap_or_default(),
            s.item_count.to_string(),
        ]
    });
    table(&["ID", "PRODUCT", "SNAPSHOT", "TAKEN", "BY", "ITEMS"], rows, "no snapshots")
}

pub(crate) fn snapshot_diff(d: &api::SnapshotDiffView) -> String {
    let to = d.to.as_ref().map_or_else(|| "now".to_owned(), snapshot_label);
    let mut lines = vec![format!("From {} to {to}", snapshot_label(&d.from))];
    if d.entries.is_empty() {
        lines.push("no changes".into());
        return lines.join("\n");
    }
    let shown = |v: &Option<String>| match v.as_deref() {
        None => "nothing".to_owned(),
        Some("") => "(empty)".to_owned(),
        Some(v) => abbreviate(v),
    };
    let mut kind = None;
    for e in &d.entries {
        if kind != Some(e.kind) {
            kind = Some(e.kind);
            lines.push(String::new());
            lines.push(format!("{}:", kind_heading(e.kind)));
        }
        let what = format!("  {} {}", horizon_label(e.horizon), e.title);
        lines.push(match e.kind {
            ChangeKind::Added => format!("{what}  (in {})", shown(&e.after)),
            ChangeKind::Removed => format!("{what}  (was in {})", shown(&e.before)),
            ChangeKind::Moved | ChangeKind::Reparented => {
                format!("{what}: {} → {}", shown(&e.before), shown(&e.after))
            }
            ChangeKind::Changed => {
                format!("{what}  {}: {} → {}", e.field.as_deref().unwrap_or("field"), shown(&e.before), shown(&e.after))
            }
        });
    }
    lines.join("\n")
}

pub(crate) fn sync_status(s: &api::SyncStatusView) -> String {
    let mut lines = vec![match (&s.folder, s.last_pass_ms) {
        (None, _) => "sync is not set up: baton sync --folder DIR".to_owned(),
        (Some(f), Some(t)) => format!("syncing through {f}; last sync {}", when(t)),
        (Some(f), None) => format!("syncing through {f}; not synced yet"),
    }];
    lines.push(format!(
        "{} changes not yet in the folder; {} not yet seen by every other laptop",
        s.unpublished, s.unseen_by_others
    ));
    for d in &s.devices {
        let name = if d.member_name.is_empty() { d.device_id.as_str() } else { d.member_name.as_str() };
        let short: String = d.device_id.chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect();
        let whose = if d.same_laptop {
            format!("this laptop as it was before a restore or copy ({short})")
        } else if d.replaced {
            format!("laptop of {name} as it was before a restore or copy ({short}), replaced, not waited for")
        } else {
            format!("laptop of {name}")
        };
        lines.push(format!(
            "{whose}: {} changes received, last seen {}",
            d.changes_received,
            d.last_seen_ms.map(when).unwrap_or_else(|| "never".into())
        ));
    }
    for e in &s.enrolled {
        let this = if e.this_laptop { " (this laptop)" } else { "" };
        lines.push(format!("enrolled: {}'s laptop{this}, key {}…, {}", e.member_name, e.key_prefix, e.how));
    }
    if s.unseen_conflicts > 0 {
        lines.push(format!("{} new conflicts: baton conflicts", s.unseen_conflicts));
    }
    lines.extend(s.held.iter().map(|h| format!("held: {}", h.sentence)));
    lines.extend(s.problems.iter().map(|p| format!("problem: {p}")));
    lines.join("\n")
}

pub(crate) fn sync_pass(r: &api::SyncPassView) -> String {
    let mut lines =
        vec![format!("sent {} changes, received {}, {} new conflicts", r.published, r.received, r.conflicts)];
    lines.extend(r.problems.iter().map(|p| format!("problem: {p}")));
    lines.join("\n")
}

pub(crate) fn changes(cs: &[api::ChangeView]) -> String {
    cs.iter().map(change_text).collect::<Vec<_>>().join("\n")
}

pub(crate) fn conflicts(cs: &[api::ConflictView]) -> String {
    cs.iter()
        .map(|c| {
            format!(
                "{} of {:?}: {} kept {:?}, overwriting {:?} by {} (restore: baton restore {})",
                c.field,
                c.entity_label,
                c.winner.author_name,
                c.winner.value.as_deref().unwrap_or(""),
                c.loser.value.as_deref().unwrap_or(""),
                c.loser.author_name,
                c.loser.op_id
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One hit per line: what it is, its title, where it sits, its id; the matching text beneath.
pub(crate) fn search_hits(hs: &[api::SearchHitView]) -> String {
    if hs.is_empty() {
        return "nothing matches".into();
    }
    hs.iter()
        .map(|h| {
            let mut line = format!("{:<8}  {}  ({})  {}", h.kind.label(), h.title, h.context, h.id);
            if !h.snippet.is_empty() {
                line.push_str(&format!("\n          {}", h.snippet));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn refused(rs: &[api::RefusedView]) -> String {
    if rs.is_empty() {
        return "no refused changes".into();
    }
    rs.iter()
        .map(|r| {
            format!(
                "{}  {}  {} {} of {} = {} — {}",
                when(r.at_ms as i64),
                r.author_name.as_deref().unwrap_or(&r.author_id),
                r.entity_table,
                r.field,
                r.entity_id,
                abbreviate(&r.value),
                r.reason
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An item's warning flags, in words.
fn flags(i: &api::ItemView) -> Vec<&'static str> {
    let mut out = Vec::new();
    if i.orphan {
        out.push("orphan");
    } else if i.unaligned {
        out.push("unaligned");
    }
    if i.outside_window {
        out.push("outside window");
    }
    out
}

/// One line for an item: horizon, period, title.
fn item_line(i: &api::ItemView) -> String {
    format!("{} {}  {}{}", horizon_label(i.horizon), i.period, i.title, flags_note(i))
}

fn guardrail_source(g: &api::GuardrailView) -> String {
    if g.inherited {
        format!("inherited from {:?}", g.item_title)
    } else {
        "own".into()
    }
}

fn counts_text(c: &api::CountsView) -> String {
    let plural = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = Vec::new();
    if c.themes > 0 {
        parts.push(plural(c.themes, "theme", "themes"));
    }
    if c.initiatives > 0 {
        parts.push(plural(c.initiatives, "initiative", "initiatives"));
    }
    if c.items > 0 {
        parts.push(plural(c.items, "item", "items"));
    }
    if parts.is_empty() {
        return String::new();
    }
    let mut text = parts.join(", ");
    if c.done > 0 || c.in_progress > 0 {
        text.push_str(&format!("; {} done, {} in progress", c.done, c.in_progress));
    }
    format!("  ({text})")
}

fn node_lines(n: &api::AlignNodeView, depth: usize, lines: &mut Vec<String>) {
    let i = &n.item;
    let mut notes = vec![i.status.as_str()];
    notes.extend(flags(i).into_iter().filter(|f| *f != "unaligned"));
    lines.push(format!(
        "{}{} {}  {}  [{}]{}",
        "  ".repeat(depth),
        horizon_label(i.horizon),
        i.period,
        i.title,
        notes.join(", "),
        counts_text(&n.counts)
    ));
    for c in &n.children {
        node_lines(c, depth + 1, lines);
    }
}

fn kind_heading(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Added => "Added",
        ChangeKind::Removed => "Removed",
        ChangeKind::Moved => "Moved",
        ChangeKind::Reparented => "Reparented",
        ChangeKind::Changed => "Changed",
    }
}

fn snapshot_label(s: &api::SnapshotView) -> String {
    format!("{:?} ({})", s.name, taken(&s.taken_at))
}

fn change_text(c: &api::ChangeView) -> String {
    format!(
        "{}\t{}\t{}\t{} = {}{}",
        c.op_id,
        when(c.at_ms),
        if c.author_name.is_empty() { "?" } else { &c.author_name },
        c.field,
        c.value.as_deref().map(|v| format!("{v:?}")).unwrap_or_else(|| "empty".into()),
        if c.current { "  (current)" } else { "" }
    )
}

fn name_in(names: &[(String, String)], id: Option<&str>) -> String {
    id.and_then(|id| names.iter().find(|(pid, _)| pid == id)).map(|(_, n)| n.clone()).unwrap_or_default()
}

/// Rows under a header, each column padded to its widest cell (the last one not padded);
/// `empty` when there are no rows.
fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>, empty: &str) -> String {
    let rows: Vec<Vec<String>> = rows.collect();
    if rows.is_empty() {
        return empty.to_owned();
    }
    let mut all = vec![header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>()];
    all.extend(rows);
    let cols = header.len();
    // A column empty on every row is left out.
    let used: Vec<bool> =
        (0..cols).map(|c| all.iter().skip(1).any(|r| r.get(c).is_some_and(|v| !v.is_empty()))).collect();
    let widths: Vec<usize> =
        (0..cols).map(|c| all.iter().map(|r| r.get(c).map_or(0, |v| v.chars().count())).max().unwrap_or(0)).collect();
    all.iter()
        .map(|r| {
            let cells: Vec<(usize, &String)> = r.iter().enumerate().filter(|(c, _)| used[*c]).collect();
            let last = cells.len().saturating_sub(1);
            let line: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(n, (c, v))| if n == last { (*v).clone() } else { format!("{v:<w$}", w = widths[*c]) })
                .collect();
            line.join("  ").trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A value on one short line: its first line, cut at 60 characters.
pub(crate) fn abbreviate(v: &str) -> String {
    let first = v.lines().next().unwrap_or("");
    let cut: String = first.chars().take(60).collect();
    if cut.len() < first.len() || v.lines().nth(1).is_some() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// A snapshot's RFC 3339 time, in local time.
fn taken(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| at.to_owned())
}

fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "?".into())
}

// Delegation.

/// A delegation's state in words (a question is "asked" until the delegator answers it).
pub(crate) fn delegation_state(d: &api::DelegationView) -> &'static str {
    match d.state {
        DelegationState::Offered => "offered",
        DelegationState::Questioned if d.question_answered => "question answered",
        DelegationState::Questioned => "question asked",
        DelegationState::Accepted => "accepted",
        DelegationState::Completed => "completed",
        DelegationState::Withdrawn => "withdrawn",
    }
}

pub(crate) fn story_status_label(s: StoryStatus) -> &'static str {
    match s {
        StoryStatus::Draft => "draft",
        StoryStatus::InReview => "in review",
        StoryStatus::ChangesRequested => "changes requested",
        StoryStatus::Ready => "ready",
        StoryStatus::InProgress => "in progress",
        StoryStatus::InQa => "in QA",
        StoryStatus::Done => "done",
        StoryStatus::Blocked => "blocked",
    }
}

pub(crate) fn mark_label(m: Mark) -> &'static str {
    match m {
        Mark::Unchecked => "unchecked",
        Mark::Respected => "respected",
        Mark::AtRisk => "at risk",
        Mark::Violated => "violated",
    }
}

/// A length of time, short: "< 1 min", "12 min", "3 h", "4 d".
pub(crate) fn span(ms: i64) -> String {
    let min = ms.max(0) / 60_000;
    match min {
        0 => "< 1 min".into(),
        1..=59 => format!("{min} min"),
        60..=2879 => format!("{} h", min / 60),
        _ => format!("{} d", min / 1440),
    }
}

/// When the next check-in is due, relative to `now`: "due in 6 d", "overdue by 2 h"; empty
/// when none is.
fn checkin_note(d: &api::DelegationView, now: i64) -> String {
    match d.checkin_due_ms {
        Some(t) if d.checkin_overdue => format!("overdue by {}", span(now - t)),
        Some(t) => format!("due in {}", span(t - now)),
        None => String::new(),
    }
}

pub(crate) fn delegations(ds: &[api::DelegationView], now: i64) -> String {
    let rows = ds.iter().map(|d| {
        vec![
            d.id.clone(),
            d.item_title.clone(),
            d.product_name.clone(),
            d.from_name.clone(),
            d.to_name.clone(),
            delegation_state(d).into(),
            d.due.clone(),
            checkin_note(d, now),
        ]
    });
    table(&["ID", "ITEM", "PRODUCT", "FROM", "TO", "STATE", "DUE", "CHECK-IN"], rows, "no delegations")
}

/// `label: value` lines aligned on the values, continuation lines indented under them;
/// empty values left out.
fn fields_block(fields: &[(&str, String)], indent: &str) -> Vec<String> {
    let fields: Vec<&(&str, String)> = fields.iter().filter(|(_, v)| !v.trim().is_empty()).collect();
    let width = fields.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0) + 1;
    let mut out = Vec::new();
    for (k, v) in fields {
        let mut lines = v.lines();
        out.push(format!("{indent}{:<width$} {}", format!("{k}:"), lines.next().unwrap_or("")).trim_end().to_owned());
        out.extend(lines.map(|l| format!("{indent}{:width$} {l}", "").trim_end().to_owned()));
    }
    out
}

pub(crate) fn delegation_detail(v: &api::DelegatedItemView, now: i64) -> String {
    let d = &v.delegation;
    let cadence = match d.cadence_days {
        0 => String::new(),
        1 => "every day".into(),
        n => format!("every {n} days"),
    };
    let next = checkin_note(d, now);
    let next = if next.is_empty() { next } else { format!("next {next}") };
    let checkins = [cadence, next].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>();
    let mut fields = vec![
        ("id", d.id.clone()),
        ("product", d.product_name.clone()),
        (
            "delegated",
            format!(
                "by {} to {}, offered {} ({} ago)",
                d.from_name,
                d.to_name,
                when(d.offered_ms),
                span(now - d.offered_ms)
            ),
        ),
        ("state", delegation_state(d).into()),
        ("due", d.due.clone()),
        ("check-ins", checkins.join("; ")),
    ];
    if d.amended_ms > 0 {
        fields.push(("amended", when(d.amended_ms)));
    }
    let mut lines = vec![d.item_title.clone()];
    lines.extend(fields_block(&fields, "  "));
    lines.push(String::new());
    let brief = [("scope", d.scope.clone()), ("non-goals", d.non_goals.clone()), ("decisions", d.decisions.clone())];
    if brief.iter().all(|(_, t)| t.is_empty()) {
        lines.push("Brief: empty".into());
    } else {
        lines.push("Brief:".into());
        lines.extend(fields_block(&brief, "  "));
    }
    if !d.question.is_empty() {
        lines.push(String::new());
        lines.extend(fields_block(&[(&format!("{} asked", d.to_name), d.question.clone())], ""));
        if !d.answer.is_empty() {
            lines.extend(fields_block(&[(&format!("{} answered", d.from_name), d.answer.clone())], ""));
        }
    }
    lines.push(String::new());
    if v.guardrails.is_empty() {
        lines.push("Guardrails: none".into());
    } else {
        lines.push("Guardrails:".into());
        let rows = v
            .guardrails
            .iter()
            .map(|g| vec![g.kind.as_str().into(), g.statement.clone(), guardrail_source(g), g.id.clone()]);
        lines.extend(table(&["KIND", "STATEMENT", "SET BY", "ID"], rows, "").lines().map(|l| format!("  {l}")));
    }
    lines.push(String::new());
    if v.stories.is_empty() {
        lines.push("Stories: none yet".into());
    } else {
        lines.push(format!("Stories ({} of {} points done):", v.points_done, v.points_total));
        lines.extend(stories(&v.stories, now).lines().map(|l| format!("  {l}")));
    }
    if !v.comments.is_empty() {
        lines.push(String::new());
        lines.push("Comments:".into());
        lines.extend(comment_lines(&v.comments, &v.stories));
    }
    if !v.checkins.is_empty() {
        lines.push(String::new());
        lines.push("Check-ins:".into());
        lines.extend(v.checkins.iter().map(|c| format!("  {}  {}", when(c.at_ms), abbreviate(&c.body))));
    }
    lines.join("\n")
}

/// What a story waits for or on, short: "waiting 3 h", "blocked: no API key".
fn story_note(s: &api::StoryView, now: i64) -> String {
    match (s.waiting_since_ms, s.status) {
        (Some(t), _) => format!("waiting {}", span(now - t)),
        (None, StoryStatus::Blocked) => format!("blocked: {}", abbreviate(&s.blocked)),
        _ => String::new(),
    }
}

/// A delegation's stories in order.
pub(crate) fn stories(ss: &[api::StoryView], now: i64) -> String {
    let rows = ss.iter().enumerate().map(|(n, s)| {
        let met = s.criteria.iter().filter(|c| c.done).count();
        vec![
            (n + 1).to_string(),
            s.title.clone(),
            story_status_label(s.status).into(),
            s.points.to_string(),
            if s.criteria.is_empty() { String::new() } else { format!("{met}/{} met", s.criteria.len()) },
            story_note(s, now),
            s.id.clone(),
        ]
    });
    table(&["#", "STORY", "STATUS", "POINTS", "CRITERIA", "NOTE", "ID"], rows, "no stories yet")
}

/// Comment threads: each first comment, then its replies indented; `[resolved]` on a thread
/// marked so. A story's title names what a thread is on (`stories`: those to look titles up in).
fn comment_lines(cs: &[api::CommentView], stories: &[api::StoryView]) -> Vec<String> {
    let mut out = Vec::new();
    for root in cs.iter().filter(|c| c.parent_id.is_none()) {
        let on = match &root.story_id {
            Some(id) => stories.iter().find(|s| &s.id == id).map(|s| format!(" on {:?}", s.title)).unwrap_or_default(),
            None => String::new(),
        };
        let resolved = if root.resolved { "  [resolved]" } else { "" };
        out.push(format!("  {}{on}, {}: {}{resolved}\t{}", root.author_name, when(root.at_ms), root.body, root.id));
        for r in cs.iter().filter(|r| r.parent_id.as_deref() == Some(root.id.as_str())) {
            out.push(format!("    ↳ {}, {}: {}\t{}", r.author_name, when(r.at_ms), r.body, r.id));
        }
    }
    out
}

pub(crate) fn story_detail(s: &api::StoryView, comments: &[api::CommentView], now: i64) -> String {
    let status = match story_note(s, now) {
        n if n.is_empty() || s.status == StoryStatus::Blocked => story_status_label(s.status).to_owned(),
        n => format!("{} ({n})", story_status_label(s.status)),
    };
    let review = match s.verdict {
        Verdict::None => "not reviewed yet".to_owned(),
        Verdict::Approved => format!("approved {}", when(s.verdict_ms)),
        Verdict::Changes => format!("changes asked for {}", when(s.verdict_ms)),
    };
    let fields = [
        ("id", s.id.clone()),
        ("status", status),
        ("blocked", s.blocked.clone()),
        ("estimate", format!("{} points", s.points)),
        ("dev", s.dev.clone()),
        ("qa", s.qa.clone()),
        ("review", review),
        ("exception", s.exception.clone()),
    ];
    let mut lines = vec![s.title.clone()];
    lines.extend(fields_block(&fields, "  "));
    let sentence = [("As a", &s.as_a), ("I want", &s.i_want), ("so that", &s.so_that)]
        .iter()
        .filter(|(_, t)| !t.is_empty())
        .map(|(k, t)| format!("{k} {t}"))
        .collect::<Vec<_>>();
    if !sentence.is_empty() {
        lines.push(String::new());
        lines.push(format!("{}.", sentence.join(", ")));
    }
    lines.push(String::new());
    if s.criteria.is_empty() {
        lines.push("Acceptance criteria: none".into());
    } else {
        lines.push("Acceptance criteria:".into());
        lines.extend(
            s.criteria
                .iter()
                .enumerate()
                .map(|(n, c)| format!("  {}. [{}] {}", n + 1, if c.done { "x" } else { " " }, c.text)),
        );
    }
    lines.push(String::new());
    if s.checks.is_empty() {
        lines.push("Guardrails: none".into());
    } else {
        lines.push("Guardrails:".into());
        let rows = s
            .checks
            .iter()
            .map(|c| vec![mark_label(c.mark).into(), c.statement.clone(), c.note.clone(), c.guardrail_id.clone()]);
        lines.extend(table(&["MARK", "GUARDRAIL", "NOTE", "ID"], rows, "").lines().map(|l| format!("  {l}")));
    }
    if !s.changes_since_review.is_empty() {
        lines.push(String::new());
        lines.push("Changed since the review:".into());
        lines.extend(s.changes_since_review.iter().map(|c| format!("  {}", field_change(c))));
    }
    if !comments.is_empty() {
        lines.push(String::new());
        lines.push("Comments:".into());
        lines.extend(comment_lines(comments, std::slice::from_ref(s)));
    }
    lines.join("\n")
}

/// `criterion 2: "shows a receipt" → "emails a receipt"`; an absent side is "(none)".
pub(crate) fn field_change(c: &api::FieldChange) -> String {
    let side = |v: &str| if v.is_empty() { "(none)".to_owned() } else { format!("{:?}", abbreviate(v)) };
    format!("{}: {} → {}", c.field, side(&c.before), side(&c.after))
}

pub(crate) fn review_queue(q: &[api::WaitingView], now: i64) -> String {
    let rows = q.iter().map(|w| {
        vec![
            w.story_title.clone(),
            w.item_title.clone(),
            w.junior_name.clone(),
            span(now - w.since_ms),
            w.story_id.clone(),
        ]
    });
    table(&["STORY", "ITEM", "JUNIOR", "WAITING", "ID"], rows, "no stories wait for your review")
}

pub(crate) fn inbox(i: &api::InboxView, now: i64) -> String {
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    let offered = i
        .offered
        .iter()
        .map(|d| {
            format!(
                "  {:?} ({}) from {}, {} ago: {}\t{}",
                d.item_title,
                d.product_name,
                d.from_name,
                span(now - d.offered_ms),
                delegation_state(d),
                d.id
            )
        })
        .collect();
    sections.push((format!("Offered to you ({}):", i.offered.len()), offered));
    let story_on = |a: &api::InboxActionView| match &a.story_title {
        Some(t) => format!("{t:?} ({})", a.item_title),
        None => format!("{:?}", a.item_title),
    };
    let actions = i
        .actions
        .iter()
        .map(|a| {
            let ago = span(now - a.at_ms);
            match a.kind {
                api::InboxKind::ChangesRequested => {
                    format!("  {} asked for changes to {}, {ago} ago", a.from_name, story_on(a))
                }
                api::InboxKind::QuestionAnswered => {
                    format!("  {} answered about {:?}, {ago} ago: {}", a.from_name, a.item_title, abbreviate(&a.text))
                }
                api::InboxKind::Comments => {
                    format!("  {} commented on {}, {ago} ago: {}", a.from_name, story_on(a), abbreviate(&a.text))
                }
            }
        })
        .collect();
    sections.push((format!("Needs you ({}):", i.actions.len()), actions));
    let due = i
        .checkins_due
        .iter()
        .map(|d| format!("  {:?}: check-in {}\t{}", d.item_title, checkin_note(d, now), d.id))
        .collect();
    sections.push((format!("Check-ins due ({}):", i.checkins_due.len()), due));
    let review = i
        .in_review
        .iter()
        .map(|w| {
            format!(
                "  {:?} ({}): waiting {} on {}",
                w.story_title,
                w.item_title,
                span(now - w.since_ms),
                w.reviewer_name
            )
        })
        .collect();
    sections.push((format!("Waiting for review ({}):", i.in_review.len()), review));
    let shown: Vec<String> = sections
        .into_iter()
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(head, rows)| format!("{head}\n{}", rows.join("\n")))
        .collect();
    if shown.is_empty() {
        "nothing waits on you".into()
    } else {
        shown.join("\n\n")
    }
}

pub(crate) fn board(b: &api::BoardView, now: i64) -> String {
    if b.lines.is_empty() {
        return "no junior PM reports to you, and you have delegated nothing".into();
    }
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut blocks = Vec::new();
    for l in &b.lines {
        if l.delegations.is_empty() {
            blocks.push(format!("{}: nothing delegated", l.member_name));
            continue;
        }
        let mut head = vec![
            plural(l.delegations.len(), "delegation", "delegations"),
            format!(
                "{} in flight ({} points)",
                plural(l.stories_in_flight as usize, "story", "stories"),
                l.points_in_flight
            ),
            format!("{} done", l.stories_done),
        ];
        if !l.reviews.is_empty() {
            head.push(plural(l.reviews.len(), "review waiting", "reviews waiting"));
        }
        if l.violated > 0 {
            head.push(format!("{} violated", plural(l.violated as usize, "guardrail", "guardrails")));
        }
        if l.at_risk > 0 {
            head.push(format!("{} at risk", plural(l.at_risk as usize, "guardrail", "guardrails")));
        }
        let mut lines = vec![format!("{}: {}", l.member_name, head.join(", "))];
        for d in &l.delegations {
            let extra = if d.due.is_empty() { String::new() } else { format!(", due {}", d.due) };
            lines.push(format!("  {:?} ({}): {}{extra}\t{}", d.item_title, d.product_name, delegation_state(d), d.id));
        }
        for w in &l.reviews {
            lines.push(format!(
                "  review: {:?} ({}) waiting {}\t{}",
                w.story_title,
                w.item_title,
                span(now - w.since_ms),
                w.story_id
            ));
        }
        for d in &l.overdue_checkins {
            lines.push(format!("  check-in on {:?} {}", d.item_title, checkin_note(d, now)));
        }
        blocks.push(lines.join("\n"));
    }
    if b.reviews_waiting > 0 {
        blocks.push(format!(
            "{} waiting on your review: baton review queue",
            plural(b.reviews_waiting as usize, "story", "stories")
        ));
    }
    blocks.join("\n\n")
}

/// `1234567` as `1,234,567`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod thousands_tests {
    #[test]
    fn groups_by_three() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1_000), "1,000");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
