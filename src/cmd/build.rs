//! `ilo-report build`: check the inbox, build every report, the annual
//! summaries, the validation report and the manifest.

use super::{
    CouncilArgs, InputArgs, LogArg, RenderArgs, RunArgs, apply_council, apply_render, exit_for, input_options, progress,
};
use clap::Args;
use ilo_report::error::Failure;
use ilo_report::format::FormatDef;
use ilo_report::pipeline;
use std::time::Duration;

#[derive(Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub council: CouncilArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Build reports even when their inputs have errors, marked "DRAFT — not
    /// for transmission", with the problems listed in an annex.
    #[arg(long)]
    pub draft: bool,
    /// Treat warnings as failures (exit code 1).
    #[arg(long)]
    pub deny_warnings: bool,
    /// The date of every report built (e.g. 2026-01-15), instead of the
    /// drafting Member State's report_date or the end of the semester; a
    /// report is never dated before a meeting or training it lists.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<chrono::NaiveDate>,
}

/// Runs `ilo-report build`.
pub fn run(format: &FormatDef, args: &BuildArgs) -> Result<u8, Failure> {
    let mut options = input_options(&args.input)?;
    apply_render(&mut options, &args.render);
    apply_council(&mut options, &args.council)?;
    options.draft = args.draft;
    options.report.date = args.date;
    let _lock = pipeline::lock_output(&args.run.out, Duration::from_secs(args.run.wait))?;
    let progress = progress(&args.run);
    let (analysis, outcome) = pipeline::build_with_progress(format, &options, &args.run.out, &progress)?;
    // Plain text for a person; with --log-format json the `done` event
    // carries the same (blocked, removed, failed, counts); --quiet: nothing.
    if !args.run.quiet && matches!(args.run.log_format, LogArg::Plain) {
        for key in &outcome.blocked {
            eprintln!("not built: {key} (its inputs have errors; see validation.html, or use --draft)");
        }
        for path in &outcome.removed {
            eprintln!("removed: {path} (its report is blocked; an earlier run wrote it)");
        }
        for (name, why) in &outcome.failed {
            eprintln!("not built: {name}: {why}");
        }
        eprint!("{}", analysis.validation.console(args.input.verbose));
        if analysis.left_to_full_run > 0 {
            eprintln!(
                "{} problem(s) in files not tied to a selected report are left to the full run",
                analysis.left_to_full_run
            );
        }
        if outcome.annual_left_out {
            eprintln!(
                "no annual summary: this run covers only some reports; build it with `ilo-report annual --from` over the output folders"
            );
        }
        eprintln!(
            "{} document(s) typeset, {} unchanged, in {}",
            outcome.rendered.len(),
            outcome.unchanged.len(),
            args.run.out.display()
        );
    }
    Ok(exit_for(
        outcome.has_errors || !outcome.failed.is_empty(),
        outcome.has_warnings && args.deny_warnings,
    ))
}
