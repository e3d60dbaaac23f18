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
use ilo_report::model::ReportKey;
use ilo_report::pipeline::{self, Options};
use ilo_report::progress::{LogFormat, Progress};
use ilo_report::reference::{Lang, Semester, countries, regions};
use ilo_report::render::view::ContributionsPlace;
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
    /// Output folders of earlier runs holding earlier reports: the previous
    /// year's, for the year-on-year change in the annual summary, and the
    /// previous semester's, for the check of tenfold changes.
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

/// How the semester reports are transmitted as Council documents.
#[derive(Args)]
pub struct CouncilArgs {
    /// The Council document number of a report, as the General
    /// Secretariat assigned it: KEY=NUMBER (MA_2025-H2=14860/25), repeat or
    /// separate with commas; a bare NUMBER when the run builds one report
    /// (--hosts with one host and --semester). Unassigned numbers are
    /// printed as a blank to fill in.
    #[arg(long, value_name = "KEY=NUMBER", value_delimiter = ',')]
    pub document_number: Vec<String>,
    /// A CSV file of document numbers for many reports: columns report
    /// (MA_2025-H2) and number (14860/25), "," or ";" separated.
    #[arg(long, value_name = "FILE")]
    pub document_numbers: Option<PathBuf>,
    /// Re-issue the reports of this run as revision N (14860/1/25 REV 1),
    /// with an annex of the changes since the version transmitted before.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub revision: Option<u32>,
    /// The addressee of the reports' NOTE (default: the format file's,
    /// "Delegations").
    #[arg(long, value_name = "ADDRESSEE")]
    pub to: Option<String>,
    /// Where a report with a drafting text prints the Member States'
    /// contributions: in an annex grouped by section (the body is then the
    /// drafting Member State's synthesis), or inline after each synthesis.
    /// A report without a drafting text is a compilation and prints them
    /// in its body either way.
    #[arg(long, value_enum, default_value_t = ContributionsArg::Annex)]
    pub contributions: ContributionsArg,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ContributionsArg {
    Annex,
    Inline,
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

/// Adds the transmission arguments to the options; a document number that
/// is not one, or a bare number for a run of several reports, is a usage
/// error.
pub fn apply_council(options: &mut Options, council: &CouncilArgs) -> Result<(), Failure> {
    let mut numbers: Vec<(String, String)> = Vec::new();
    for given in &council.document_number {
        match given.split_once('=') {
            Some((key, number)) => numbers.push((key.trim().to_string(), number.trim().to_string())),
            None => {
                let single = match (options.hosts.as_slice(), options.semester) {
                    ([host], Some(semester)) => ReportKey::new(host, semester).to_string(),
                    _ => {
                        return Err(Failure::Usage(format!(
                            "--document-number {given}: name the report (MA_2025-H2={given}), or build one report with --hosts and --semester"
                        )));
                    }
                };
                numbers.push((single, given.trim().to_string()));
            }
        }
    }
    if let Some(path) = &council.document_numbers {
        numbers.extend(document_numbers_file(path)?);
    }
    for (key, number) in numbers {
        let key: ReportKey = key
            .parse()
            .map_err(|e| Failure::Usage(format!("document number for {key:?}: {e}")))?;
        if !is_council_number(&number) {
            return Err(Failure::Usage(format!(
                "document number {number:?} for {key}: write the Council's number such as 14860/25"
            )));
        }
        options.report.document_numbers.insert(key.to_string(), number);
    }
    options.report.revision = council.revision.unwrap_or(0);
    options.addressee = council.to.clone();
    options.contributions = match council.contributions {
        ContributionsArg::Annex => ContributionsPlace::Annex,
        ContributionsArg::Inline => ContributionsPlace::Inline,
    };
    Ok(())
}

/// Whether `text` is a Council document number: up to six digits, a slash
/// and the year's two digits (`14860/25`).
fn is_council_number(text: &str) -> bool {
    text.split_once('/').is_some_and(|(n, year)| {
        (1..=6).contains(&n.len())
            && n.bytes().all(|b| b.is_ascii_digit())
            && year.len() == 2
            && year.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The pairs of report and number of a `--document-numbers` CSV file.
fn document_numbers_file(path: &std::path::Path) -> Result<Vec<(String, String)>, Failure> {
    let wrong = |why: String| Failure::Usage(format!("--document-numbers {}: {why}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|e| wrong(e.to_string()))?;
    let delimiter = if text.lines().next().is_some_and(|l| l.contains(';')) {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| wrong(e.to_string()))?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
            .ok_or_else(|| wrong(format!("no column {name:?} (write a header line: report,number)")))
    };
    let (report, number) = (column("report")?, column("number")?);
    let mut pairs = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| wrong(e.to_string()))?;
        let (Some(r), Some(n)) = (record.get(report), record.get(number)) else {
            return Err(wrong(format!("line {} has no report or number", line + 2)));
        };
        if !r.is_empty() || !n.is_empty() {
            pairs.push((r.to_string(), n.to_string()));
        }
    }
    Ok(pairs)
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
