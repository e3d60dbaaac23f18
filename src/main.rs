//! The `ilo-report` command line.

use clap::{Args, Parser, Subcommand, ValueEnum};
use ilo_report::format::FormatDef;
use ilo_report::ingest::Limits;
use ilo_report::normalise::ReportOptions;
use ilo_report::pipeline::{self, Options};
use ilo_report::reference::{Lang, Semester, countries};
use std::path::PathBuf;
use std::process::ExitCode;

/// Semester reports and annual summaries of the EU's immigration liaison
/// officers networks (Regulation (EC) No 377/2004, Commission Decision
/// 2005/687/EC), built from Member States' spreadsheets and CSV files.
///
/// Exit codes: 0 everything built (warnings allowed unless --deny-warnings);
/// 1 input errors (the affected reports are not built, all others are);
/// 2 usage error; 3 environment error (unreadable inbox, unwritable output).
#[derive(Parser)]
#[command(name = "ilo-report", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check every file of the inbox and build one PDF per host country and
    /// semester, the annual summary per year, validation.json/html.
    Build(BuildArgs),
    /// Check every file of the inbox and list every problem; writes nothing
    /// unless --out is given.
    Validate(ValidateArgs),
    /// Write a synthetic inbox: realistic submissions in the mix of formats
    /// and national habits real offices send (for trials and benchmarks).
    Generate(GenerateArgs),
}

#[derive(Args)]
struct GenerateArgs {
    /// How many Member States send submissions (1–27).
    #[arg(long, default_value_t = 27)]
    member_states: usize,
    /// How many host countries (1–112).
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

#[derive(Args)]
struct InputArgs {
    /// Folder holding the Member States' files (searched recursively).
    #[arg(default_value = "sample-data")]
    inbox: PathBuf,
    /// Largest file accepted, in MiB.
    #[arg(long, default_value_t = 50, value_name = "MIB")]
    max_file_size: u64,
    /// Only these host countries (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',')]
    hosts: Vec<String>,
    /// Only this semester, e.g. 2025-H2.
    #[arg(long)]
    semester: Option<String>,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output folder.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Report language.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Marking printed on every page, overriding the submissions' own
    /// (e.g. LIMITE, "RESTREINT UE/EU RESTRICTED").
    #[arg(long)]
    marking: Option<String>,
    /// Build reports even when their inputs have errors, marked "DRAFT — not
    /// for transmission", with the problems listed in an annex.
    #[arg(long)]
    draft: bool,
    /// Treat warnings as failures (exit code 1).
    #[arg(long)]
    deny_warnings: bool,
    /// Folder of Typst templates replacing the built-in ones file by file.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
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

const EXIT_INPUT: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_ENVIRONMENT: u8 = 3;

fn options(input: &InputArgs) -> Result<Options, String> {
    let mut hosts = Vec::new();
    for h in &input.hosts {
        let c = countries::resolve(h).ok_or_else(|| format!("--hosts: unknown country {h:?}"))?;
        hosts.push(c.code.clone());
    }
    let semester = match &input.semester {
        Some(s) => Some(
            s.parse::<Semester>()
                .map_err(|_| format!("--semester: {s:?} is not a semester such as 2025-H2"))?,
        ),
        None => None,
    };
    Ok(Options {
        inbox: input.inbox.clone(),
        limits: Limits {
            max_file_bytes: input.max_file_size.saturating_mul(1024 * 1024),
            ..Limits::default()
        },
        hosts,
        semester,
        ..Options::default()
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = FormatDef::builtin();
    match cli.command {
        Command::Build(args) => {
            let mut opts = match options(&args.input) {
                Ok(o) => o,
                Err(e) => return usage(&e),
            };
            opts.report = ReportOptions {
                language: match args.lang {
                    LangArg::En => Lang::En,
                    LangArg::Fr => Lang::Fr,
                    LangArg::De => Lang::De,
                },
                marking: args.marking.clone(),
            };
            opts.draft = args.draft;
            opts.templates = args.templates.clone();
            if !opts.inbox.is_dir() {
                eprintln!("error: the inbox {} is not a readable folder", opts.inbox.display());
                return ExitCode::from(EXIT_ENVIRONMENT);
            }
            match pipeline::build(format, &opts, &args.out) {
                Ok((analysis, outcome)) => {
                    eprint!("{}", analysis.validation.to_text());
                    for key in &outcome.blocked {
                        eprintln!("not built: {key} (its inputs have errors; see validation.html, or use --draft)");
                    }
                    let pdfs = outcome
                        .written
                        .iter()
                        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                        .count();
                    eprintln!("{pdfs} PDF(s) written to {}", args.out.display());
                    exit_for(outcome.has_errors, outcome.has_warnings && args.deny_warnings)
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(EXIT_ENVIRONMENT)
                }
            }
        }
        Command::Generate(args) => {
            let spec = ilo_report::generate::Spec {
                member_states: args.member_states,
                hosts: args.hosts,
                year: args.year,
                seed: args.seed,
            };
            match ilo_report::generate::generate(&spec, &args.out) {
                Ok(n) => {
                    eprintln!("{n} file(s) written to {}", args.out.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(EXIT_ENVIRONMENT)
                }
            }
        }
        Command::Validate(args) => {
            let opts = match options(&args.input) {
                Ok(o) => o,
                Err(e) => return usage(&e),
            };
            if !opts.inbox.is_dir() {
                eprintln!("error: the inbox {} is not a readable folder", opts.inbox.display());
                return ExitCode::from(EXIT_ENVIRONMENT);
            }
            let analysis = match pipeline::analyse(format, &opts) {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    return ExitCode::from(EXIT_ENVIRONMENT);
                }
            };
            let report = &analysis.validation;
            let rendered = match args.format {
                ReportFormat::Text => Ok(report.to_text().into_bytes()),
                ReportFormat::Json => report.to_json(),
                ReportFormat::Html => report.to_html().map(String::into_bytes),
            };
            let bytes = match rendered {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    return ExitCode::from(EXIT_ENVIRONMENT);
                }
            };
            match &args.out {
                Some(path) => {
                    if let Err(e) = ilo_report::output::write_atomic(path, &bytes) {
                        eprintln!("error: {e:#}");
                        return ExitCode::from(EXIT_ENVIRONMENT);
                    }
                    eprint!("{}", report.to_text());
                }
                None => print!("{}", String::from_utf8_lossy(&bytes)),
            }
            exit_for(
                report.summary.errors > 0,
                report.summary.warnings > 0 && args.deny_warnings,
            )
        }
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE)
}

fn exit_for(errors: bool, failing_warnings: bool) -> ExitCode {
    if errors || failing_warnings {
        ExitCode::from(EXIT_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}
