//! The `ilo-report` command line.

/// Typesetting allocates many small objects on two threads at once;
/// mimalloc serves them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ilo_report::format::FormatDef;
use ilo_report::ingest::Limits;
use ilo_report::normalise::ReportOptions;
use ilo_report::pipeline::{self, Options};
use ilo_report::progress::{LogFormat, Progress};
use ilo_report::reference::{Lang, Semester, countries, regions};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Semester reports and annual summaries of the EU's immigration liaison
/// officers networks (Regulation (EC) No 377/2004, Commission Decision
/// 2005/687/EC), built from Member States' spreadsheets and CSV files.
///
/// Exit codes: 0 everything built (warnings allowed unless --deny-warnings);
/// 1 input errors (the affected reports are not built, all others are);
/// 2 usage error; 3 environment error (unreadable inbox, unwritable or
/// locked output).
#[derive(Parser)]
#[command(name = "ilo-report", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// A format definition file to use instead of the built-in 2005/687 one
    /// (a copy of report-templates/2005-687.json, adapted). It is checked
    /// when loaded: a missing table or column, a wrong kind or an empty
    /// label is named with its place in the file (exit code 2).
    #[arg(long, global = true, value_name = "FILE")]
    format_file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Check every file of the inbox and build one PDF per host country and
    /// semester, the annual summary per year, validation.json/html and
    /// manifest.json. Unchanged documents are not typeset again.
    Build(BuildArgs),
    /// Check every file of the inbox and list every problem; writes nothing
    /// unless --out is given.
    Validate(ValidateArgs),
    /// Build the annual summaries from the semester reports (JSON) that
    /// earlier runs or shards wrote (e.g. one `build --hosts ...` per shard).
    Annual(AnnualArgs),
    /// Write the submission workbook(s) to send to Member States: one for a
    /// Member State and host, or one per line of a network file.
    Template(TemplateArgs),
    /// Write a synthetic inbox: realistic submissions in the mix of formats
    /// and national habits real offices send (for trials and benchmarks).
    Generate(GenerateArgs),
}

#[derive(Args)]
struct InputArgs {
    /// Folder holding the Member States' files (searched recursively).
    #[arg(default_value = "sample-data")]
    inbox: PathBuf,
    /// Largest file accepted, in MiB.
    #[arg(long, default_value_t = 50, value_name = "MIB")]
    max_file_size: u64,
    /// Only these hosts (country codes or names, or region ids such as
    /// west-africa; comma-separated). Files whose name names another host
    /// are not read; problems and the exit code concern these reports only.
    #[arg(long, value_delimiter = ',')]
    hosts: Vec<String>,
    /// Only this semester, e.g. 2025-H2.
    #[arg(long)]
    semester: Option<String>,
    /// Only the hosts of shard K of N (K from 0 to N-1, e.g. 2/8): each host
    /// falls to exactly one shard. A run limited by --hosts, --semester or
    /// --shard writes no annual summary; build it with `annual --from`
    /// over the shards' output folders.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Print every problem on the console (by default a few examples per
    /// file and code; validation.html always has all of them).
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Args)]
struct RenderArgs {
    /// Report language.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Marking printed on every page, overriding the submissions' own
    /// (e.g. LIMITE, "RESTREINT UE/EU RESTRICTED").
    #[arg(long)]
    marking: Option<String>,
    /// Folder of Typst templates replacing the built-in ones file by file.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Image (PNG, JPEG or SVG) printed on the cover.
    #[arg(long, value_name = "FILE")]
    logo: Option<PathBuf>,
    /// Output folders of earlier runs holding the previous year's reports,
    /// for the year-on-year change in the annual summary.
    #[arg(long, value_name = "DIR")]
    previous: Vec<PathBuf>,
    /// Typeset everything, even documents the cache shows unchanged.
    #[arg(long)]
    force: bool,
    /// Citizenships shown per statistics table; the others are shown
    /// together as "Other citizenships (k)". Every citizenship is in the
    /// statistical annex workbook beside each report.
    #[arg(long, default_value_t = ilo_report::render::view::DEFAULT_TOP as u16, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..))]
    top: u16,
}

#[derive(Args)]
struct RunArgs {
    /// Output folder.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// When another run holds the output folder, wait this many seconds for
    /// it before giving up (exit code 3).
    #[arg(long, default_value_t = 0, value_name = "SECONDS")]
    wait: u64,
    /// No progress output.
    #[arg(long, short)]
    quiet: bool,
    /// Progress as plain lines or one JSON object per event (a progress bar
    /// is shown instead of plain lines on a terminal).
    #[arg(long, value_enum, default_value_t = LogArg::Plain)]
    log_format: LogArg,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    render: RenderArgs,
    #[command(flatten)]
    run: RunArgs,
    /// Build reports even when their inputs have errors, marked "DRAFT — not
    /// for transmission", with the problems listed in an annex.
    #[arg(long)]
    draft: bool,
    /// Treat warnings as failures (exit code 1).
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Args)]
struct AnnualArgs {
    /// Output folders holding semester reports (`2025-H1/MA_2025-H1.json`),
    /// e.g. every shard's: `--from shards/*`. A report found in two folders
    /// with different content is refused (a stale folder, say).
    #[arg(long, required = true, value_name = "DIR", num_args = 1..)]
    from: Vec<PathBuf>,
    /// The drafters' recommendations (Markdown), one file per year, named
    /// annual-<year>.md (as a full build reads them from the inbox).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    text: Vec<PathBuf>,
    #[command(flatten)]
    render: RenderArgs,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Args)]
struct ValidateArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Write the report to this file instead of the console.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Treat warnings as failures (exit code 1).
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Args)]
struct TemplateArgs {
    /// The semester, e.g. 2025-H2.
    #[arg(long)]
    semester: String,
    /// The Member State the workbook is for (with --host).
    #[arg(long, requires = "host", conflicts_with = "network")]
    member_state: Option<String>,
    /// The host country (with --member-state).
    #[arg(long, requires = "member_state")]
    host: Option<String>,
    /// A CSV file with the columns host and member_state: one workbook per line.
    #[arg(long, value_name = "FILE", required_unless_present = "member_state")]
    network: Option<PathBuf>,
    /// Language of the sheet names, lists and instructions.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Output file (one workbook) or folder (with --network); defaults to
    /// FR_MA_2025-H2.xlsx or the current folder.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
struct GenerateArgs {
    /// How many Member States send submissions (1–27).
    #[arg(long, default_value_t = 27)]
    member_states: usize,
    /// How many host countries (1–157); the first dozen are busy networks.
    #[arg(long, default_value_t = 100)]
    hosts: usize,
    /// The year; both semesters are generated.
    #[arg(long, default_value_t = 2025)]
    year: i32,
    /// Seed of the pseudo-random figures (same seed, same files).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write into.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Fr,
    De,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogArg {
    Plain,
    Json,
}

const EXIT_INPUT: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_ENVIRONMENT: u8 = 3;

/// A failure and the exit code it ends the run with.
struct Failure(u8, String);

fn input_options(input: &InputArgs) -> Result<Options, Failure> {
    let mut hosts = Vec::new();
    for h in &input.hosts {
        hosts.push(
            regions::resolve_host(h)
                .ok_or_else(|| Failure(EXIT_USAGE, format!("--hosts: {h} is neither a country nor a region id")))?,
        );
    }
    let shard = match &input.shard {
        Some(text) => Some(
            text.parse::<pipeline::Shard>()
                .map_err(|e| Failure(EXIT_USAGE, format!("--shard: {e}")))?,
        ),
        None => None,
    };
    let semester = match &input.semester {
        Some(s) => Some(s.parse::<Semester>().map_err(|_| {
            Failure(
                EXIT_USAGE,
                format!("--semester: {s:?} is not a semester such as 2025-H2"),
            )
        })?),
        None => None,
    };
    if !input.inbox.is_dir() {
        return Err(Failure(
            EXIT_ENVIRONMENT,
            format!("the inbox {} is not a readable folder", input.inbox.display()),
        ));
    }
    Ok(Options {
        inbox: input.inbox.clone(),
        limits: Limits {
            max_file_bytes: input.max_file_size.saturating_mul(1024 * 1024),
            ..Limits::default()
        },
        hosts,
        semester,
        shard,
        ..Options::default()
    })
}

fn apply_render(options: &mut Options, render: &RenderArgs) {
    options.report = ReportOptions {
        language: lang(render.lang),
        marking: render.marking.clone(),
    };
    options.templates = render.templates.clone();
    options.logo = render.logo.clone();
    options.previous = render.previous.clone();
    options.force = render.force;
    options.top = Some(usize::from(render.top));
}

fn progress(run: &RunArgs) -> Progress {
    let format = match run.log_format {
        LogArg::Plain => LogFormat::Plain,
        LogArg::Json => LogFormat::Json,
    };
    Progress::new(run.quiet, format)
}

fn environment(e: anyhow::Error) -> Failure {
    Failure(EXIT_ENVIRONMENT, format!("{e:#}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let loaded;
    let format = match &cli.format_file {
        Some(path) => match FormatDef::load(path) {
            Ok(f) => {
                loaded = f;
                &loaded
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                return ExitCode::from(EXIT_USAGE);
            }
        },
        None => FormatDef::builtin(),
    };
    let result = match cli.command {
        Command::Build(args) => build(format, &args),
        Command::Validate(args) => validate(format, &args),
        Command::Annual(args) => annual(format, &args),
        Command::Generate(args) => generate(&args),
        Command::Template(args) => template(format, &args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Failure(code, message)) => {
            eprintln!("error: {message}");
            ExitCode::from(code)
        }
    }
}

fn build(format: &FormatDef, args: &BuildArgs) -> Result<u8, Failure> {
    let mut options = input_options(&args.input)?;
    apply_render(&mut options, &args.render);
    options.draft = args.draft;
    let _lock = pipeline::lock_output(&args.run.out, Duration::from_secs(args.run.wait)).map_err(environment)?;
    let progress = progress(&args.run);
    let (analysis, outcome) =
        pipeline::build_with_progress(format, &options, &args.run.out, &progress).map_err(environment)?;
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

fn validate(format: &FormatDef, args: &ValidateArgs) -> Result<u8, Failure> {
    let options = input_options(&args.input)?;
    let analysis = pipeline::analyse(format, &options).map_err(environment)?;
    let report = &analysis.validation;
    let bytes = match args.format {
        // A file gets every problem; the console a summary unless --verbose.
        ReportFormat::Text => Ok(report.console(args.input.verbose || args.out.is_some()).into_bytes()),
        ReportFormat::Json => report.to_json(),
        ReportFormat::Html => report.to_html().map(String::into_bytes),
    }
    .map_err(environment)?;
    match &args.out {
        Some(path) => {
            ilo_report::output::write_atomic(path, &bytes).map_err(environment)?;
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

fn annual(format: &FormatDef, args: &AnnualArgs) -> Result<u8, Failure> {
    let mut options = Options::default();
    apply_render(&mut options, &args.render);
    let mut texts = std::collections::BTreeMap::new();
    for path in &args.text {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure(EXIT_ENVIRONMENT, format!("cannot read {}: {e}", path.display())))?;
        let year = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.strip_prefix("annual-"))
            .and_then(|y| y.parse::<i32>().ok())
            .ok_or_else(|| Failure(EXIT_USAGE, "--text: name the file annual-<year>.md".into()))?;
        texts.insert(year, text);
    }
    let _lock = pipeline::lock_output(&args.run.out, Duration::from_secs(args.run.wait)).map_err(environment)?;
    let progress = progress(&args.run);
    let outcome =
        pipeline::annual_from(format, &args.from, &options, &args.run.out, &texts, &progress).map_err(environment)?;
    if !args.run.quiet && matches!(args.run.log_format, LogArg::Plain) {
        eprintln!(
            "{} annual summary(ies) typeset, {} unchanged",
            outcome.rendered.len(),
            outcome.unchanged.len()
        );
    }
    Ok(0)
}

fn generate(args: &GenerateArgs) -> Result<u8, Failure> {
    let spec = ilo_report::generate::Spec {
        member_states: args.member_states,
        hosts: args.hosts,
        year: args.year,
        seed: args.seed,
    };
    let n = ilo_report::generate::generate(&spec, &args.out).map_err(environment)?;
    eprintln!("{n} file(s) written to {}", args.out.display());
    Ok(0)
}

fn lang(arg: LangArg) -> Lang {
    match arg {
        LangArg::En => Lang::En,
        LangArg::Fr => Lang::Fr,
        LangArg::De => Lang::De,
    }
}

fn template(format: &FormatDef, args: &TemplateArgs) -> Result<u8, Failure> {
    use ilo_report::workbook::{Spec, SubmissionWorkbook, write_network};
    let semester = args.semester.parse::<Semester>().map_err(|_| {
        Failure(
            EXIT_USAGE,
            format!("--semester: {:?} is not a semester such as 2025-H2", args.semester),
        )
    })?;
    if let Some(network) = &args.network {
        let out = args.out.clone().unwrap_or_else(|| PathBuf::from("."));
        let written = write_network(format, network, semester, lang(args.lang), &out).map_err(environment)?;
        eprintln!("{} workbook(s) written to {}", written.len(), out.display());
        return Ok(0);
    }
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    let member_state = countries::resolve(&text(&args.member_state))
        .filter(|c| countries::is_network_state_during(&c.code, semester.start(), semester.end()))
        .map(|c| c.code.clone())
        .ok_or_else(|| {
            Failure(
                EXIT_USAGE,
                format!(
                    "--member-state: {} is not a Member State (or Schengen associate) in {semester}",
                    text(&args.member_state)
                ),
            )
        })?;
    let host = regions::resolve_host(&text(&args.host))
        .filter(|h| countries::is_eligible_host(h, semester.start()))
        .ok_or_else(|| {
            Failure(
                EXIT_USAGE,
                format!(
                    "--host: {} is neither a non-EU country nor a region id such as west-africa",
                    text(&args.host)
                ),
            )
        })?;
    let spec = Spec {
        member_state,
        host,
        semester,
        lang: lang(args.lang),
    };
    let wb = SubmissionWorkbook::new(format, spec);
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from(wb.file_name()));
    wb.save(&out).map_err(environment)?;
    eprintln!("written: {}", out.display());
    Ok(0)
}

fn exit_for(errors: bool, failing_warnings: bool) -> u8 {
    if errors || failing_warnings { EXIT_INPUT } else { 0 }
}
