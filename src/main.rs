//! The `ilo-report` command line.

/// Typesetting allocates many small objects on two threads at once;
/// mimalloc serves them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cmd;

use clap::{Parser, Subcommand};
use ilo_report::error::Failure;
use ilo_report::format::FormatDef;
use std::path::PathBuf;
use std::process::ExitCode;

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
    Build(cmd::build::BuildArgs),
    /// Check every file of the inbox and list every problem; writes nothing
    /// unless --out is given.
    Validate(cmd::validate::ValidateArgs),
    /// Build the annual summaries from the semester reports (JSON) that
    /// earlier runs or shards wrote (e.g. one `build --hosts ...` per shard).
    Annual(cmd::annual::AnnualArgs),
    /// Write the submission workbook(s) to send to Member States: one for a
    /// Member State and host, or one per line of a network file.
    Template(cmd::template::TemplateArgs),
    /// Write a synthetic inbox: realistic submissions in the mix of formats
    /// and national habits real offices send (for trials and benchmarks).
    Generate(cmd::generate::GenerateArgs),
    /// The secretariat's desk in the browser: the inbox by report and
    /// Member State, upload and removal of files, the problems, builds with
    /// live progress and the PDFs, the submission workbooks. Local only by
    /// default; every request needs the token of the address it prints.
    Serve(cmd::serve::ServeArgs),
}

/// Parses the command line, loads the format and runs the subcommand;
/// every failure ends here, with its exit code.
fn main() -> ExitCode {
    let cli = Cli::parse();
    // The format lives as long as the process (the web server shares it).
    let format: &'static FormatDef = match &cli.format_file {
        Some(path) => match FormatDef::load(path) {
            Ok(f) => Box::leak(Box::new(f)),
            Err(e) => return fail(&Failure::Usage(format!("{e:#}"))),
        },
        None => FormatDef::builtin(),
    };
    let result = match cli.command {
        Command::Build(args) => cmd::build::run(format, &args),
        Command::Validate(args) => cmd::validate::run(format, &args),
        Command::Annual(args) => cmd::annual::run(format, &args),
        Command::Generate(args) => cmd::generate::run(&args),
        Command::Template(args) => cmd::template::run(format, &args),
        Command::Serve(args) => cmd::serve::run(format, &args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(failure) => fail(&failure),
    }
}

fn fail(failure: &Failure) -> ExitCode {
    eprintln!("error: {failure}");
    ExitCode::from(failure.exit_code())
}
