//! The table `npm run bench` prints.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::Report;

/// The order rows are printed in, by key.
pub(crate) const ORDER: &[&str] = &[
    "apply",
    "apply_pass",
    "apply_batch",
    "apply_decade",
    "local_write",
    "rebuild",
    "roadmap",
    "alignment_product",
    "alignment_org",
    "history",
    "inbox",
    "board",
    "delegated_item",
    "progress_rollup",
    "sprint_board",
    "leadership_queue",
    "decision_search",
    "search_rare",
    "search_common",
    "search_prefix",
    "size",
];

/// One measure: the figure, its baseline, their ratio, the target and whether it is met.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Stable name (`apply`, `local_write`, …).
    pub key: &'static str,
    pub measure: String,
    pub figure: String,
    pub baseline: String,
    /// Figure ÷ baseline (time or size), when both exist.
    pub ratio: Option<f64>,
    /// How the ratio reads when there are two (`12× / 9×`).
    pub ratio_text: String,
    pub target: String,
    /// `None`: no target, or not run.
    pub met: Option<bool>,
    /// Which part of the target was missed, when it was.
    pub missed: String,
    /// The numbers behind the texts (milliseconds, ops/s, bytes), for `--json`.
    pub values: BTreeMap<&'static str, f64>,
}

impl Row {
    pub(crate) fn new(key: &'static str, measure: impl Into<String>) -> Row {
        Row {
            key,
            measure: measure.into(),
            figure: String::new(),
            baseline: String::new(),
            ratio: None,
            ratio_text: String::new(),
            target: "—".into(),
            met: None,
            missed: String::new(),
            values: BTreeMap::new(),
        }
    }

    pub(crate) fn figure(mut self, s: impl Into<String>) -> Row {
        self.figure = s.into();
        self
    }

    pub(crate) fn baseline(mut self, s: impl Into<String>) -> Row {
        self.baseline = s.into();
        self
    }

    /// A ratio text of its own (two ratios in one row).
    pub(crate) fn ratio_text(mut self, s: impl Into<String>) -> Row {
        self.ratio_text = s.into();
        self
    }

    pub(crate) fn ratio(mut self, r: f64) -> Row {
        self.ratio = Some(r);
        self.ratio_text = format!("{r:.1}×");
        self
    }

    /// The target, and its parts with whether each is met.
    pub(crate) fn target(mut self, text: &str, parts: &[(&str, bool)]) -> Row {
        self.target = text.to_owned();
        self.met = Some(parts.iter().all(|(_, ok)| *ok));
        self.missed = parts.iter().filter(|(_, ok)| !ok).map(|(name, _)| *name).collect::<Vec<_>>().join(", ");
        self
    }

    /// No verdict (the measure did not run).
    pub(crate) fn met_none(mut self) -> Row {
        self.met = None;
        self.missed.clear();
        self
    }

    pub(crate) fn value(mut self, name: &'static str, v: f64) -> Row {
        self.values.insert(name, v);
        self
    }
}

/// A result a measure verified.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

fn met_text(row: &Row) -> String {
    match row.met {
        Some(true) => "met".into(),
        Some(false) if row.missed.is_empty() => "MISSED".into(),
        Some(false) => format!("MISSED ({})", row.missed),
        None => "—".into(),
    }
}

pub(crate) fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Baton benchmark — {} workspace (seed {}), {} ops in the main laptop's log; {} build, on-disk SQLite \
         (WAL), warm page cache",
        r.scale,
        r.seed,
        super::stats::int(r.ops as f64),
        if cfg!(debug_assertions) { "DEBUG" } else { "release" }
    );
    out.push('\n');
    let header = ["Measure", "Figure", "Raw SQLite baseline, same file", "Ratio", "Target", "Met"];
    let rows: Vec<[String; 6]> = r
        .rows
        .iter()
        .map(|row| {
            [
                row.measure.clone(),
                row.figure.clone(),
                row.baseline.clone(),
                row.ratio_text.clone(),
                row.target.clone(),
                met_text(row),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let pad = w.saturating_sub(cell.chars().count());
            if i > 0 {
                s.push_str("  ");
            }
            // Ratios right-aligned, the rest left.
            if i == 3 {
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            } else {
                s.push_str(cell);
                if i + 1 < cells.len() {
                    s.push_str(&" ".repeat(pad));
                }
            }
        }
        s.trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", line(&header.map(String::from)));
    let _ = writeln!(out, "{}", line(&widths.map(|w| "-".repeat(w))));
    for row in &rows {
        let _ = writeln!(out, "{}", line(row));
    }
    if !r.notes.is_empty() {
        let _ = writeln!(out, "\nNotes:");
        for n in &r.notes {
            let _ = writeln!(out, "  - {n}");
        }
    }
    let failed = r.failed_checks();
    let _ = writeln!(
        out,
        "\nChecks: {} of {} passed{}",
        r.checks.len() - failed.len(),
        r.checks.len(),
        if failed.is_empty() { "" } else { " — FAILED:" }
    );
    for c in &r.checks {
        if !c.ok {
            let _ = writeln!(out, "  ✗ {}: {}", c.name, c.detail);
        }
    }
    let setup: Vec<String> = r
        .setup
        .iter()
        .map(|s| {
            if s.cached {
                format!("{}: cached (built in {:.0} s)", s.name, s.built_seconds)
            } else {
                format!("{}: {:.1} s", s.name, s.seconds)
            }
        })
        .collect();
    let _ = writeln!(out, "Setup: {}", setup.join("; "));
    let _ = writeln!(out, "Whole run: {:.1} s", r.elapsed_s);
    out
}
