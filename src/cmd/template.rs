//! `ilo-report template`: the submission workbooks to send to Member States.

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
    /// The host country (with --member-state).
    #[arg(long, requires = "member_state")]
    pub host: Option<String>,
    /// A CSV file with the columns host and member_state: one workbook per line.
    #[arg(long, value_name = "FILE", required_unless_present = "member_state")]
    pub network: Option<PathBuf>,
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
