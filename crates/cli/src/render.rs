//! The human text `baton` prints without `--json`: labels, tables, an item's detail, the
//! alignment tree, a snapshot diff, sync status. Pure functions of the core's views; what
//! each verb prints on success in one line stays with the verb.

use baton_core::api::{self, ChangeKind, Horizon, Role};

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
    let rows = ms.iter().map(|m| vec![m.id.clone(), m.name.clone(), role_label(m.role).into(), name_of(&m.manager_id)]);
    table(&["ID", "NAME", "ROLE", "MANAGER"], rows, "no members")
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
        lines.push(format!(
            "laptop of {name}: {} changes received, last seen {}",
            d.changes_received,
            d.last_seen_ms.map(when).unwrap_or_else(|| "never".into())
        ));
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
fn abbreviate(v: &str) -> String {
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
