//! The core's layers, kept true by reading the source (in the spirit of rust-analyzer's tidy
//! tests): a module may name `crate::…` paths only in its own layer or the layers below it.
//! ARCHITECTURE.md draws exactly these layers; `lib.rs` lists them.
//!
//! Test modules (`#[cfg(test)]` and everything after it in a file, and `src/tests/`) may reach
//! anywhere: they check the layers, they are not part of them.

#![allow(clippy::panic)]

use std::path::{Path, PathBuf};

/// Lowest first. A module's layer is found from its path below `src/`: the first entry whose
/// pattern matches (`*` stands for any one segment).
const LAYERS: &[(&str, &[&str])] = &[
    ("base", &["error", "access", "lookup"]),
    ("declarations", &["registry", "*::tables"]),
    ("oplog", &["oplog"]),
    ("features", &["workspace", "goals", "products", "roadmap", "delegation", "ideas", "execution"]),
    ("history", &["history", "search", "undo"]),
    ("sync", &["sync"]),
    ("api", &["api", "sample", "lib"]),
];

fn layer_of(module: &[String]) -> Option<usize> {
    // The longest pattern that is a prefix of the path decides (`roadmap::tables::GOAL` is a
    // declaration, `roadmap::guardrails` a feature).
    let mut best: Option<(usize, usize)> = None;
    for (layer, (_, patterns)) in LAYERS.iter().enumerate() {
        for p in *patterns {
            let parts: Vec<&str> = p.split("::").collect();
            let fits =
                parts.len() <= module.len() && parts.iter().zip(module).all(|(want, got)| *want == "*" || want == got);
            if fits && best.is_none_or(|(len, _)| parts.len() > len) {
                best = Some((parts.len(), layer));
            }
        }
    }
    best.map(|(_, layer)| layer)
}

/// `src/roadmap/tables.rs` → ["roadmap", "tables"]; `src/oplog/mod.rs` → ["oplog"].
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `crate::a::b` paths a source text names outside its tests, with their line numbers.
/// Grouped imports (`use crate::{a, b::c}`) count each name.
fn crate_paths(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((n, line)) = lines.next() {
        let code = line.split("//").next().unwrap_or("");
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(grouped) = after.strip_prefix('{') {
                // A grouped import: gather up to the closing brace, across lines.
                let mut group = grouped.to_owned();
                while !group.contains('}') {
                    match lines.next() {
                        Some((_, more)) => group.push_str(more.split("//").next().unwrap_or("")),
                        None => break,
                    }
                }
                let inner = group.split('}').next().unwrap_or("");
                for name in inner.split(',') {
                    let path: Vec<String> = name
                        .trim()
                        .split("::")
                        .map(|s| s.trim_matches(|c: char| !c.is_alphanumeric() && c != '_').to_owned())
                        .filter(|s| !s.is_empty() && s != "self")
                        .collect();
                    if !path.is_empty() {
                        out.push((n + 1, path));
                    }
                }
                break;
            }
            let path: Vec<String> = after
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .next()
                .unwrap_or("")
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if !path.is_empty() {
                out.push((n + 1, path));
            }
            rest = &after[1..];
        }
    }
    out
}

/// Every import that reaches up a layer, as "file:line: a (layer) imports b (layer)".
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let module = module_of(src, &file);
        if module.first().is_some_and(|m| m == "tests") {
            continue;
        }
        let Some(own) = layer_of(&module) else {
            out.push(format!("{}: module {} is in no layer: add it to LAYERS", file.display(), module.join("::")));
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        for (line, path) in crate_paths(&text) {
            // A re-exported name at the crate root (`crate::Core`, `crate::Result`) is judged
            // by where it is defined.
            let target = match path[0].as_str() {
                "Core" => vec!["oplog".to_owned()],
                "Result" | "Error" | "ErrorCode" | "ApiError" => vec!["error".to_owned()],
                _ => path.clone(),
            };
            let Some(theirs) = layer_of(&target) else { continue };
            if theirs > own {
                out.push(format!(
                    "{}:{line}: {} ({}) imports crate::{} ({}), a layer above it",
                    file.display(),
                    module.join("::"),
                    LAYERS[own].0,
                    path.join("::"),
                    LAYERS[theirs].0
                ));
            }
        }
    }
    out
}

#[test]
fn no_module_imports_from_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(found.is_empty(), "upward imports:\n{}", found.join("\n"));
}

#[test]
fn a_planted_upward_import_is_caught() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let src = dir.path();
    let write = |path: &str, text: &str| {
        let file = src.join(path);
        std::fs::create_dir_all(file.parent().unwrap_or(src)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(file, text).unwrap_or_else(|e| panic!("{e}"));
    };
    write("oplog/mod.rs", "use crate::error::Result;\nuse crate::roadmap::tables::ITEM;\n");
    write("roadmap/tables.rs", "use crate::registry::Table;\n");
    write("roadmap/mod.rs", "use crate::oplog::{self, Core};\nuse crate::{goals, history::restore};\n");
    write("access.rs", "fn f() { crate::oplog::apply(); }\n#[cfg(test)]\nmod tests { use crate::api; }\n");
    let found = violations(src);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].contains("access (base) imports crate::oplog::apply (oplog)"), "{found:#?}");
    assert!(found[1].contains("roadmap (features) imports crate::history::restore (history)"), "{found:#?}");
}

#[test]
fn declarations_sit_below_the_log_and_features_above_it() {
    let m = |s: &str| s.split("::").map(str::to_owned).collect::<Vec<_>>();
    assert!(layer_of(&m("roadmap::tables")) < layer_of(&m("oplog")));
    assert!(layer_of(&m("roadmap::guardrails")) > layer_of(&m("oplog")));
    assert!(layer_of(&m("access")) < layer_of(&m("registry")));
    assert!(layer_of(&m("sync::folder")) > layer_of(&m("history")));
}
