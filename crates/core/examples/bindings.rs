//! Regenerates the committed TypeScript bindings: `npm run bindings`
//! (`cargo run -p baton-core --example bindings -- ui/src/bindings`).

fn main() -> std::process::ExitCode {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "ui/src/bindings".to_owned());
    match baton_core::api::write_bindings(std::path::Path::new(&dir)) {
        Ok(()) => {
            println!("wrote TypeScript bindings to {dir}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write bindings to {dir}: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
