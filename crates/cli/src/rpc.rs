//! `baton rpc`: the core's command list over JSON lines, for programs that drive Baton (the
//! UI's component tests run against it, so they exercise the real rules, not a copy).
//!
//! Each line on stdin is `{"id": N, "command": "item_create", "request": {…}}`; each answer is
//! one line on stdout, in order: `{"id": N, "ok": …}` or `{"id": N, "error": {"code", "message"}}`.
//! A line that is not such an object is answered with an `invalid_input` error and `"id": null`.
//! The loop ends at the end of stdin.

use std::io::{BufRead, Read, Write};

use baton_core::api;
use baton_core::{ApiError, Core, ErrorCode};
use serde::Deserialize;
use serde_json::{json, Value};

/// The longest request line read (a requirements document is at most 100,000 characters).
const MAX_LINE: usize = 8 * 1024 * 1024;

#[derive(Deserialize)]
struct Call {
    id: Value,
    command: String,
    #[serde(default)]
    request: Value,
}

pub(crate) fn serve(core: &Core) -> Result<(), ApiError> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut line = String::new();
    loop {
        line.clear();
        let read = (&mut input).take(MAX_LINE as u64 + 1).read_line(&mut line).map_err(io_error)?;
        if read == 0 {
            return Ok(());
        }
        let answer = if line.len() > MAX_LINE {
            // Skip the rest of the oversized line so the next one is read whole.
            let mut rest = Vec::new();
            input.read_until(b'\n', &mut rest).map_err(io_error)?;
            json!({ "id": Value::Null, "error": invalid(format!("request longer than {MAX_LINE} bytes")) })
        } else if line.trim().is_empty() {
            continue;
        } else {
            answer(core, &line)
        };
        let mut out = stdout.lock();
        writeln!(out, "{answer}").and_then(|()| out.flush()).map_err(io_error)?;
    }
}

fn answer(core: &Core, line: &str) -> Value {
    match serde_json::from_str::<Call>(line) {
        Err(e) => json!({ "id": Value::Null, "error": invalid(format!("not a request line: {e}")) }),
        Ok(call) => {
            let request = if call.request.is_null() { json!({}) } else { call.request };
            match api::dispatch(core, &call.command, request) {
                Ok(ok) => json!({ "id": call.id, "ok": ok }),
                Err(e) => json!({ "id": call.id, "error": e }),
            }
        }
    }
}

fn invalid(message: String) -> ApiError {
    ApiError { code: ErrorCode::InvalidInput, message }
}

fn io_error(e: std::io::Error) -> ApiError {
    ApiError { code: ErrorCode::Io, message: format!("rpc: cannot read or write the pipe: {e}") }
}
