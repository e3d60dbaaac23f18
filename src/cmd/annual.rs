//! `ilo-report annual`: the annual summaries from earlier runs' semester
//! reports (e.g. every shard's output folder).

use super::{LogArg, RenderArgs, RunArgs, apply_render, progress};
use clap::Args;
use ilo_report::error::Failure;
use ilo_report::format::FormatDef;
use ilo_report::pipeline::{self, Options};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Args)]
pub struct AnnualArgs {
    /// Output folders holding semester reports (`2025-H1/MA_2025-H1.json`),
    /// e.g. every shard's: `--from shards/*`. A report found in two folders
    /// with different content is refused (a stale folder, say).
    #[arg(long, required = true, value_name = "DIR", num_args = 1..)]
    pub from: Vec<PathBuf>,
    /// The drafters' recommendations (Markdown), one file per year, named
    /// annual-<year>.md (as a full build reads them from the inbox).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub text: Vec<PathBuf>,
    #[command(flatten)]
    pub render: RenderArgs,
    #[command(flatten)]
    pub run: RunArgs,
}

/// Runs `ilo-report annual`.
pub fn run(format: &FormatDef, args: &AnnualArgs) -> Result<u8, Failure> {
    let mut options = Options::default();
    apply_render(&mut options, &args.render);
    let mut texts = std::collections::BTreeMap::new();
    for path in &args.text {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Usage(format!("--text: cannot read {}: {e}", path.display())))?;
        let key = pipeline::drafters_file(path).ok_or_else(|| {
            Failure::Usage("--text: name the file annual-<year>.md, or annual-<year>.fr.md for one language".into())
        })?;
        texts.insert(key, text);
    }
    let _lock = pipeline::lock_output(&args.run.out, Duration::from_secs(args.run.wait))?;
    let progress = progress(&args.run);
    let outcome = pipeline::annual_from(format, &args.from, &options, &args.run.out, &texts, &progress)?;
    if !args.run.quiet && matches!(args.run.log_format, LogArg::Plain) {
        eprintln!(
            "{} annual summary(ies) typeset, {} unchanged",
            outcome.rendered.len(),
            outcome.unchanged.len()
        );
    }
    Ok(0)
}
