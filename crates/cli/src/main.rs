use std::process::ExitCode;

fn main() -> ExitCode {
    giggatek_cli::main()
}
