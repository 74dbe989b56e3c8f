//! The `planforge` binary: parse arguments, run, map the outcome to an exit
//! code (0 clean, 1 findings or invalid input, 2 usage or I/O error).

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: lint and diff allocate many
/// small, short-lived buffers on several threads, where glibc's malloc
/// spends much of its time growing and trimming per-thread heaps. Built
/// with `no_thp`: a short-lived process gains nothing from transparent huge
/// pages, and zeroing 2 MiB pages on first touch cost more than the rest of
/// a lint run (`perf stat`: 263 ms of CPU with them, 168 ms without).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = planforge::cli::Cli::parse();
    match planforge::cli::run(cli) {
        Ok(planforge::cli::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(planforge::cli::Outcome::Findings) => ExitCode::from(1),
        Err(err) => {
            let red = anstyle::AnsiColor::Red.on_default().bold();
            let message = format!("{err:#}");
            let message = planforge::diagnostics::escape::terminal(&message, true);
            anstream::eprintln!("{red}error{red:#}: {message}");
            ExitCode::from(2)
        }
    }
}
