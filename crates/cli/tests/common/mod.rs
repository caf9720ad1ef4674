//! What the CLI's integration tests share: running the real `baton` binary on a data
//! directory and reading its answers. (Each test file is its own crate and uses a part.)

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

pub(crate) fn baton(dir: &Path, args: &[&str]) -> Run {
    let out: Output = match Command::new(env!("CARGO_BIN_EXE_baton"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        // Never the real user's data: HOME points into the temp dir too.
        .env("HOME", dir)
        .env_remove("BATON_DATA_DIR")
        .output()
    {
        Ok(o) => o,
        Err(e) => return Run { code: -1, stdout: String::new(), stderr: e.to_string() },
    };
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The JSON answer of a verb that must succeed.
pub(crate) fn ok_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let r = baton(dir, &all);
    assert_eq!(r.code, 0, "baton {args:?} failed: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| Value::String(format!("not JSON ({e}): {}", r.stdout)))
}

/// Human output of a verb that must succeed.
pub(crate) fn ok_text(dir: &Path, args: &[&str]) -> String {
    let r = baton(dir, args);
    assert_eq!(r.code, 0, "baton {args:?} failed: {}", r.stderr);
    r.stdout
}

pub(crate) fn tmp() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => unreachable_dir(e),
    }
}

#[allow(clippy::panic)]
fn unreachable_dir(e: std::io::Error) -> ! {
    panic!("cannot make a temp dir: {e}")
}

pub(crate) fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}
