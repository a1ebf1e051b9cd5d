use std::process::ExitCode;

fn main() -> ExitCode {
    giggatek_sync_server::cli::main()
}
