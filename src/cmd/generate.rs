//! `ilo-report generate`: a synthetic inbox for trials and benchmarks.

use clap::Args;
use ilo_report::error::Failure;
use std::path::PathBuf;

#[derive(Args)]
pub struct GenerateArgs {
    /// How many Member States send submissions (1–27).
    #[arg(long, default_value_t = 27)]
    pub member_states: usize,
    /// How many host countries (1–157); the first dozen are busy networks.
    #[arg(long, default_value_t = 100)]
    pub hosts: usize,
    /// The year; both semesters are generated.
    #[arg(long, default_value_t = 2025)]
    pub year: i32,
    /// Seed of the pseudo-random figures (same seed, same files).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Folder to write into.
    #[arg(long)]
    pub out: PathBuf,
}

/// Runs `ilo-report generate`.
pub fn run(args: &GenerateArgs) -> Result<u8, Failure> {
    let spec = ilo_report::generate::Spec {
        member_states: args.member_states,
        hosts: args.hosts,
        year: args.year,
        seed: args.seed,
    };
    let n = ilo_report::generate::generate(&spec, &args.out)?;
    eprintln!("{n} file(s) written to {}", args.out.display());
    Ok(0)
}
