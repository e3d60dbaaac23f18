//! `ilo-report template`: the submission workbooks to send to Member
//! States, and the skeleton of a report's drafting text.

use super::{LangArg, lang};
use clap::Args;
use ilo_report::error::Failure;
use ilo_report::format::FormatDef;
use ilo_report::reference::Semester;
use std::path::PathBuf;

#[derive(Args)]
pub struct TemplateArgs {
    /// The semester, e.g. 2025-H2.
    #[arg(long)]
    pub semester: String,
    /// The Member State the workbook is for (with --host).
    #[arg(long, requires = "host", conflicts_with = "network")]
    pub member_state: Option<String>,
    /// The host country (with --member-state, or with --drafting).
    #[arg(long)]
    pub host: Option<String>,
    /// A CSV file with the columns host and member_state: one workbook per line.
    #[arg(long, value_name = "FILE", required_unless_present_any = ["member_state", "drafting"])]
    pub network: Option<PathBuf>,
    /// Instead of a workbook, the skeleton of the drafting text of the
    /// report of --host and --semester: every heading, with the Member
    /// States' contributions in the inbox quoted beneath as comments to
    /// draft from. Written to HOST_SEMESTER.drafting.md (or --out); an
    /// existing file is never overwritten.
    #[arg(long, requires = "host", conflicts_with_all = ["member_state", "network"])]
    pub drafting: bool,
    /// The inbox the contributions are read from (with --drafting).
    #[arg(long, default_value = "sample-data", value_name = "DIR")]
    pub inbox: PathBuf,
    /// Language of the sheet names, lists and instructions.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Output file (one workbook) or folder (with --network); defaults to
    /// FR_MA_2025-H2.xlsx or the current folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Runs `ilo-report template`.
pub fn run(format: &FormatDef, args: &TemplateArgs) -> Result<u8, Failure> {
    use ilo_report::workbook::{Spec, SubmissionWorkbook, write_network};
    let semester = args.semester.parse::<Semester>().map_err(|_| {
        Failure::Usage(format!(
            "--semester: {:?} is not a semester such as 2025-H2",
            args.semester
        ))
    })?;
    if args.drafting {
        return drafting_skeleton(format, args, semester);
    }
    if args.host.is_some() && args.member_state.is_none() {
        return Err(Failure::Usage(
            "--host: name the Member State too (--member-state), or ask for --drafting".into(),
        ));
    }
    if let Some(network) = &args.network {
        let out = args.out.clone().unwrap_or_else(|| PathBuf::from("."));
        let written = write_network(format, network, semester, lang(args.lang), &out)?;
        eprintln!("{} workbook(s) written to {}", written.len(), out.display());
        return Ok(0);
    }
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    let spec = Spec::resolve(&text(&args.member_state), &text(&args.host), semester, lang(args.lang))
        .map_err(|(argument, why)| Failure::Usage(format!("{argument}: {why}")))?;
    let wb = SubmissionWorkbook::new(format, spec);
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from(wb.file_name()));
    wb.save(&out)?;
    eprintln!("written: {}", out.display());
    Ok(0)
}

/// Writes the skeleton of the drafting text of the report of `--host` and
/// `semester`, from the contributions in the inbox.
fn drafting_skeleton(format: &FormatDef, args: &TemplateArgs, semester: Semester) -> Result<u8, Failure> {
    use ilo_report::model::ReportKey;
    use ilo_report::normalise::drafting;
    use ilo_report::pipeline::{self, Options};
    let given = args.host.clone().unwrap_or_default();
    let host = ilo_report::reference::regions::resolve_host(&given)
        .ok_or_else(|| Failure::Usage(format!("--host: {given} is neither a country nor a region id")))?;
    let key = ReportKey::new(&host, semester);
    if !args.inbox.is_dir() {
        return Err(Failure::Environment(format!(
            "the inbox {} is not a readable folder",
            args.inbox.display()
        )));
    }
    let mut options = Options {
        inbox: args.inbox.clone(),
        hosts: vec![host.clone()],
        semester: Some(semester),
        ..Options::default()
    };
    options.report.language = lang(args.lang);
    let analysis = pipeline::analyse(format, &options).map_err(|e| Failure::Environment(format!("{e:#}")))?;
    let report = analysis.reports.iter().find(|r| r.key() == key).ok_or_else(|| {
        Failure::Usage(format!(
            "no submission for {key} in {}: nothing to draft from",
            args.inbox.display()
        ))
    })?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{key}{}.md", drafting::DRAFTING_SUFFIX)));
    let text = drafting::skeleton(format, report, lang(args.lang));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&out)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Failure::Usage(format!(
                "{} exists: it may hold the drafting text already; move it away or choose --out",
                out.display()
            )),
            _ => Failure::Environment(format!("cannot write {}: {e}", out.display())),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| Failure::Environment(format!("cannot write {}: {e}", out.display())))?;
    eprintln!("written: {}", out.display());
    Ok(0)
}
