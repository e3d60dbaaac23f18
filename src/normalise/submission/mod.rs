//! From one file's grids to submissions: which table each sheet or CSV file
//! holds (`workbook`, `csv`), whose submission it is (the Submission sheet
//! in `sheet` or metadata columns, the file name only as a fallback, in
//! `key`), and every row turned into a record of the model or rejected with
//! a diagnostic (`records`). Rows read = used + rejected.

mod csv;
mod key;
mod records;
mod sheet;
mod workbook;

pub use key::{claimed_report, key_from_file_name};

use super::table;
use crate::diagnostics::{Diagnostic, FileReport, FileStatus};
use crate::format::FormatDef;
use crate::ingest::{FileKind, Grid, InputFile};
use crate::model::{ReportKey, SourceFile, Submission};
use crate::reference::Semester;
use std::collections::BTreeSet;

/// Whose submission: Member State, host country, semester.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Key {
    /// The submitting Member State's code.
    pub(crate) member_state: String,
    /// The host country's code or the region's id.
    pub(crate) host: String,
    /// The semester reported on.
    pub(crate) semester: Semester,
}

impl Key {
    /// The key of the report this submission is for.
    pub(crate) fn report(&self) -> ReportKey {
        ReportKey::new(&self.host, self.semester)
    }
}

/// A submission's part read from one file: the tables it holds (a
/// workbook's sheets, a CSV file's one table). The parts of one submission
/// are joined by their key; only the same table twice is a duplicate.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Partial {
    /// The ids of the tables the part holds rows of.
    pub(crate) tables: Vec<String>,
    /// What was read.
    pub(crate) submission: Submission,
}

/// Everything read from one file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileOutcome {
    /// The file's status and the accounting of its tables.
    pub report: FileReport,
    /// Every problem found in the file.
    pub diagnostics: Vec<Diagnostic>,
    /// The submissions' parts the file holds.
    pub partials: Vec<Partial>,
}

/// Reads a file's grids into submissions.
pub fn read_file(format: &FormatDef, file: &InputFile, grids: &[Grid]) -> FileOutcome {
    let mut diags = Vec::new();
    let mut accounts = Vec::new();
    let partials = match file.kind {
        Some(FileKind::Csv) => grids
            .first()
            .map(|g| csv::read_csv(format, file, g, &mut diags, &mut accounts))
            .unwrap_or_default(),
        _ => workbook::read_workbook(format, file, grids, &mut diags, &mut accounts),
    };
    // A problem of the file belongs to the one report its data is for (or
    // that its name claims), so that a run of that report sees it.
    let reports: BTreeSet<ReportKey> = partials
        .iter()
        .map(|p| ReportKey::new(&p.submission.host, p.submission.semester))
        .collect();
    let report = match reports.len() {
        1 => reports.into_iter().next(),
        _ => claimed_report(&file.display),
    };
    table::tag(&mut diags, report.as_ref());
    let status = if diags.iter().any(Diagnostic::is_error) {
        FileStatus::Errors
    } else if diags.is_empty() {
        FileStatus::Ok
    } else {
        FileStatus::Warnings
    };
    FileOutcome {
        report: FileReport {
            path: file.display.clone(),
            sha256: file.sha256.clone(),
            size: file.bytes.len() as u64,
            status,
            tables: accounts,
        },
        diagnostics: diags,
        partials,
    }
}

/// A submission with its key and source file and nothing read yet.
fn empty_submission(key: &Key, file: &InputFile) -> Submission {
    let source = SourceFile {
        path: file.display.clone(),
        sha256: file.sha256.clone(),
        received: None,
    };
    Submission::new(&key.member_state, &key.host, key.semester, vec![source])
}

#[cfg(test)]
mod tests;
