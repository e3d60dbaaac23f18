//! Diagnostics: every problem found in the inbox, with its stable code, its
//! severity, the file, sheet and cell it was found in, and a hint a
//! secretariat can act on (SPEC §5). Also the per-file row accounting.

use crate::model::ReportKey;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The value, row or file cannot be used as sent.
    Error,
    /// The data is used but deserves a look.
    Warning,
}

/// The stable diagnostic codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    UnreadableFile,
    EncryptedFile,
    FileTooLarge,
    UnknownTable,
    MissingMetadata,
    MetadataConflict,
    UnknownColumn,
    MissingColumn,
    MissingValue,
    InvalidNumber,
    AmbiguousNumber,
    NegativeCount,
    InvalidDate,
    AmbiguousDate,
    DateOutsideSemester,
    UnknownCountry,
    UnknownIndicator,
    UnknownSection,
    InvalidChoice,
    DuplicateRow,
    ConflictingValue,
    DuplicateSubmission,
    NoDraftingMemberState,
    OutsideLegalBasis,
    PersonalData,
    MergedCell,
    NoDraftingText,
    DraftingText,
    /// A revision (`--revision N`) with no earlier version kept to
    /// compare with.
    NoPreviousVersion,
    /// A figure above what the indicator can be (plausibility bounds).
    ImplausibleValue,
    /// Figures that contradict each other: the documents table and its
    /// indicator, a part above its whole, one indicator above another.
    InconsistentFigures,
    /// A figure changed tenfold (or more) against the previous semester.
    ImplausibleChange,
}

impl Code {
    /// The severity this code has unless a caller decides otherwise.
    pub(crate) fn default_severity(self) -> Severity {
        match self {
            Code::UnknownColumn
            | Code::DateOutsideSemester
            | Code::DuplicateRow
            | Code::DuplicateSubmission
            | Code::NoDraftingMemberState
            | Code::OutsideLegalBasis
            | Code::PersonalData
            | Code::MergedCell
            | Code::NoDraftingText
            | Code::NoPreviousVersion
            | Code::ImplausibleValue
            | Code::InconsistentFigures
            | Code::ImplausibleChange => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The code as written in reports (`invalid-number`).
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str())
    }
}

/// Where in an input something was found: file, sheet (none for CSV), and
/// 1-based physical row and column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Location {
    pub(crate) file: String,
    pub(crate) sheet: Option<String>,
    pub(crate) row: Option<u32>,
    pub(crate) column: Option<u32>,
}

impl Location {
    pub(crate) fn file(file: &str) -> Self {
        Location {
            file: file.to_string(),
            sheet: None,
            row: None,
            column: None,
        }
    }

    pub(crate) fn cell(file: &str, sheet: Option<&str>, row: u32, column: u32) -> Self {
        Location {
            file: file.to_string(),
            sheet: sheet.map(str::to_string),
            row: Some(row),
            column: Some(column),
        }
    }

    /// The A1 reference of the cell, or of the row's first cell.
    pub(crate) fn a1(&self) -> Option<String> {
        let row = self.row?;
        Some(format!("{}{}", column_letters(self.column.unwrap_or(1)), row))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, " [{sheet}]")?;
        }
        if let Some(a1) = self.a1() {
            write!(f, " {a1}")?;
        }
        Ok(())
    }
}

/// Column letters of a 1-based column number: 1 → A, 27 → AA.
pub(crate) fn column_letters(mut column: u32) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        letters.push(b'A' + rem as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// One problem.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub column: Option<u32>,
    pub cell: Option<String>,
    pub found: Option<String>,
    pub expected: Option<String>,
    pub hint: String,
    /// The semester report the problem belongs to (`MA_2025-H2`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportKey>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, at: &Location, hint: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            file: at.file.clone(),
            sheet: at.sheet.clone(),
            row: at.row,
            column: at.column,
            cell: at.a1(),
            found: None,
            expected: None,
            hint: hint.into(),
            report: None,
        }
    }

    pub(crate) fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    pub(crate) fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub(crate) fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub(crate) fn location(&self) -> Location {
        Location {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row: self.row,
            column: self.column,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}[{}] {}", self.code, self.location())?;
        if let Some(found) = &self.found {
            write!(f, ": found {found:?}")?;
        }
        if let Some(expected) = &self.expected {
            write!(f, ", expected {expected}")?;
        }
        write!(f, " — {}", self.hint)
    }
}

/// Rows read, used and rejected for one table of one file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct TableAccount {
    pub table: String,
    pub sheet: Option<String>,
    pub rows_read: usize,
    pub rows_used: usize,
    pub rows_rejected: usize,
}

/// How a file fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Ok,
    Warnings,
    Errors,
    Unreadable,
}

/// One input file in the validation report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileReport {
    pub path: String,
    pub(crate) sha256: String,
    pub(crate) size: u64,
    pub status: FileStatus,
    pub tables: Vec<TableAccount>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
        assert_eq!(Location::cell("f.xlsx", Some("S"), 12, 4).a1().as_deref(), Some("D12"));
    }

    #[test]
    fn codes_are_kebab_case_with_spec_severities() {
        assert_eq!(Code::InvalidNumber.as_str(), "invalid-number");
        assert_eq!(Code::DuplicateSubmission.default_severity(), Severity::Warning);
        assert_eq!(Code::ConflictingValue.default_severity(), Severity::Error);
    }
}
