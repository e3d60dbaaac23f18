//! The subcommands, one file each, and what they share: the input,
//! rendering and run arguments and how they become pipeline options.

pub mod annual;
pub mod build;
pub mod generate;
pub mod serve;
pub mod template;
pub mod validate;

use clap::{Args, ValueEnum};
use ilo_report::error::{EXIT_INPUT, Failure};
use ilo_report::ingest::Limits;
use ilo_report::pipeline::{self, Options};
use ilo_report::progress::{LogFormat, Progress};
use ilo_report::reference::{Lang, Semester, countries, regions};
use std::path::PathBuf;

#[derive(Args)]
pub struct InputArgs {
    /// Folder holding the Member States' files (searched recursively).
    #[arg(default_value = "sample-data")]
    pub inbox: PathBuf,
    /// Largest file accepted, in MiB.
    #[arg(long, default_value_t = 50, value_name = "MIB")]
    pub max_file_size: u64,
    /// Only these hosts (country codes or names, or region ids such as
    /// west-africa; comma-separated). Files whose name names another host
    /// are not read; problems and the exit code concern these reports only.
    #[arg(long, value_delimiter = ',')]
    pub hosts: Vec<String>,
    /// Only this semester, e.g. 2025-H2.
    #[arg(long)]
    pub semester: Option<String>,
    /// Only the hosts of shard K of N (K from 0 to N-1, e.g. 2/8): each host
    /// falls to exactly one shard. A run limited by --hosts, --semester or
    /// --shard writes no annual summary; build it with `annual --from`
    /// over the shards' output folders.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Who draws up a host's report, when the Presidency has no ILO there
    /// and no submission says acting_for_presidency (Art. 6(1)): HOST=MS,
    /// e.g. PK=SE; repeat or separate with commas for several hosts.
    #[arg(long, value_name = "HOST=MS", value_delimiter = ',')]
    pub drafted_by: Vec<String>,
    /// Personal data in a text (an e-mail address, a phone number, a
    /// document number, a name after a title …) is an error that blocks
    /// the report, not a warning.
    #[arg(long)]
    pub deny_personal_data: bool,
    /// Replace what seems to be personal data with "[redacted]" in the
    /// documents (PDF, JSON, annexes, editable summary); each report's
    /// sources annex says how many passages were replaced. The warnings
    /// stay, so that the Member State can correct its text.
    #[arg(long)]
    pub redact: bool,
    /// Print every problem on the console (by default a few examples per
    /// file and code; validation.html always has all of them).
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Args)]
pub struct RenderArgs {
    /// Report language.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Marking printed on every page, overriding the submissions' own
    /// (e.g. LIMITE, "RESTREINT UE/EU RESTRICTED").
    #[arg(long)]
    pub marking: Option<String>,
    /// Folder of Typst templates replacing the built-in ones file by file.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Image (PNG, JPEG or SVG) printed on the cover.
    #[arg(long, value_name = "FILE")]
    pub logo: Option<PathBuf>,
    /// Output folders of earlier runs holding the previous year's reports,
    /// for the year-on-year change in the annual summary.
    #[arg(long, value_name = "DIR")]
    pub previous: Vec<PathBuf>,
    /// Typeset everything, even documents the cache shows unchanged.
    #[arg(long)]
    pub force: bool,
    /// Citizenships shown per statistics table; the others are shown
    /// together as "Other citizenships (k)". Every citizenship is in the
    /// statistical annex workbook beside each report.
    #[arg(long, default_value_t = ilo_report::render::view::DEFAULT_TOP as u16, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..))]
    pub top: u16,
}

#[derive(Args)]
pub struct RunArgs {
    /// Output folder.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// When another run holds the output folder, wait this many seconds for
    /// it before giving up (exit code 3).
    #[arg(long, default_value_t = 0, value_name = "SECONDS")]
    pub wait: u64,
    /// No progress output.
    #[arg(long, short)]
    pub quiet: bool,
    /// Progress as plain lines or one JSON object per event (a progress bar
    /// is shown instead of plain lines on a terminal).
    #[arg(long, value_enum, default_value_t = LogArg::Plain)]
    pub log_format: LogArg,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    En,
    Fr,
    De,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LogArg {
    Plain,
    Json,
}

/// The pipeline options of the input arguments (hosts, semester, shard
/// checked here: a wrong one is a usage error).
pub fn input_options(input: &InputArgs) -> Result<Options, Failure> {
    let mut hosts = Vec::new();
    for h in &input.hosts {
        hosts.push(
            regions::resolve_host(h)
                .ok_or_else(|| Failure::Usage(format!("--hosts: {h} is neither a country nor a region id")))?,
        );
    }
    let shard = match &input.shard {
        Some(text) => Some(
            text.parse::<pipeline::Shard>()
                .map_err(|e| Failure::Usage(format!("--shard: {e}")))?,
        ),
        None => None,
    };
    let semester = match &input.semester {
        Some(s) => Some(
            s.parse::<Semester>()
                .map_err(|_| Failure::Usage(format!("--semester: {s:?} is not a semester such as 2025-H2")))?,
        ),
        None => None,
    };
    if !input.inbox.is_dir() {
        return Err(Failure::Environment(format!(
            "the inbox {} is not a readable folder",
            input.inbox.display()
        )));
    }
    let mut options = Options {
        inbox: input.inbox.clone(),
        limits: Limits {
            max_file_bytes: input.max_file_size.saturating_mul(1024 * 1024),
            ..Limits::default()
        },
        hosts,
        semester,
        shard,
        deny_personal_data: input.deny_personal_data,
        redact: input.redact,
        ..Options::default()
    };
    for pair in &input.drafted_by {
        let (host, ms) = drafted_by(pair)?;
        options.report.drafted_by.insert(host, ms);
    }
    Ok(options)
}

/// A `--drafted-by HOST=MS` pair: a report host and a Member State.
fn drafted_by(pair: &str) -> Result<(String, String), Failure> {
    let wrong = |why: &str| Failure::Usage(format!("--drafted-by {pair}: {why} (write HOST=MS, e.g. PK=SE)"));
    let (host, ms) = pair.split_once('=').ok_or_else(|| wrong("no ="))?;
    let host = regions::resolve_host(host).ok_or_else(|| wrong("the host is neither a country nor a region id"))?;
    let ms = countries::resolve(ms)
        .filter(|c| countries::is_network_state_during(&c.code, chrono::NaiveDate::MIN, chrono::NaiveDate::MAX))
        .ok_or_else(|| wrong("not a Member State"))?;
    Ok((host, ms.code.clone()))
}

/// Adds the rendering arguments to the options.
pub fn apply_render(options: &mut Options, render: &RenderArgs) {
    options.report.language = lang(render.lang);
    options.report.marking = render.marking.clone();
    options.templates = render.templates.clone();
    options.logo = render.logo.clone();
    options.previous = render.previous.clone();
    options.force = render.force;
    options.top = Some(usize::from(render.top));
}

/// Progress output as the run arguments ask.
pub fn progress(run: &RunArgs) -> Progress {
    let format = match run.log_format {
        LogArg::Plain => LogFormat::Plain,
        LogArg::Json => LogFormat::Json,
    };
    Progress::new(run.quiet, format)
}

/// The report language of a `--lang` argument.
pub fn lang(arg: LangArg) -> Lang {
    match arg {
        LangArg::En => Lang::En,
        LangArg::Fr => Lang::Fr,
        LangArg::De => Lang::De,
    }
}

/// Exit code 1 on input errors or on warnings under `--deny-warnings`.
pub fn exit_for(errors: bool, failing_warnings: bool) -> u8 {
    if errors || failing_warnings { EXIT_INPUT } else { 0 }
}
