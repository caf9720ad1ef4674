//! Finding one entity from what a person typed: its id, or its exact name (case-insensitive).
//! Shared by every "name or id" argument of the CLI so they all behave the same.

use crate::error::{Error, Result};

/// The entity whose id is `key`, else the one whose name matches `key`; two matches by name
/// are refused as ambiguous rather than guessed.
pub(crate) fn by_id_or_name<'a, T>(
    all: &'a [T],
    kind: &'static str,
    key: &str,
    id: impl Fn(&T) -> &str,
    name: impl Fn(&T) -> &str,
) -> Result<&'a T> {
    if let Some(hit) = all.iter().find(|t| id(t) == key) {
        return Ok(hit);
    }
    let wanted = key.trim().to_lowercase();
    let hits: Vec<&T> = all.iter().filter(|t| name(t).to_lowercase() == wanted).collect();
    match hits.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::not_found(kind, key)),
        _ => Err(Error::invalid(format!("{} {kind}s are called {key:?}: use the id", hits.len()))),
    }
}
