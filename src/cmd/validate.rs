//! `ilo-report validate`: check the inbox and list every problem.

use super::{InputArgs, exit_for, input_options};
use clap::{Args, ValueEnum};
use ilo_report::error::Failure;
use ilo_report::format::FormatDef;
use ilo_report::pipeline;
use std::path::PathBuf;

#[derive(Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write the report to this file instead of the console.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Treat warnings as failures (exit code 1).
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Html,
}

/// Runs `ilo-report validate`.
pub fn run(format: &FormatDef, args: &ValidateArgs) -> Result<u8, Failure> {
    let options = input_options(&args.input)?;
    let analysis = pipeline::analyse(format, &options)?;
    let report = &analysis.validation;
    let bytes = match args.format {
        // A file gets every problem; the console a summary unless --verbose.
        ReportFormat::Text => Ok(report.console(args.input.verbose || args.out.is_some()).into_bytes()),
        ReportFormat::Json => report.to_json(),
        ReportFormat::Html => report.to_html().map(String::into_bytes),
    }?;
    match &args.out {
        Some(path) => {
            ilo_report::output::write_atomic(path, &bytes)?;
            eprint!("{}", report.console(args.input.verbose));
        }
        None => print!("{}", String::from_utf8_lossy(&bytes)),
    }
    if analysis.left_to_full_run > 0 {
        eprintln!(
            "{} problem(s) in files not tied to a selected report are left to the full run",
            analysis.left_to_full_run
        );
    }
    Ok(exit_for(
        report.summary.errors > 0,
        report.summary.warnings > 0 && args.deny_warnings,
    ))
}
