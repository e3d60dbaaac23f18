//! Ingestion: finds the files of an inbox and reads each into grids of
//! cells with their physical positions, without interpreting them. A file
//! that cannot be read becomes one diagnostic; the others go on.

// A file that cannot be read is answered with one diagnostic, once per file:
// the size of the error value does not matter here.
#![allow(clippy::result_large_err)]

mod csv_file;
mod limits;
mod spreadsheet;

pub use csv_file::{decode as decode_text, sniff_delimiter};
pub use limits::Limits;

use crate::diagnostics::{Code, Diagnostic, Location};
use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A cell value as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell formatted as a date (spreadsheets only).
    Date(NaiveDateTime),
    /// A formula error such as `#DIV/0!`.
    Error(String),
}

impl Value {
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as the user sees it, for the `found` field of diagnostics.
    pub(crate) fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Number(n) => format_plain_number(*n),
            Value::Bool(b) => b.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Error(e) => e.clone(),
        }
    }
}

/// A number without float noise: `12` rather than `12.0`.
pub(crate) fn format_plain_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A merged range of cells, 1-based inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MergedRange {
    pub(crate) first_row: u32,
    pub(crate) first_col: u32,
    pub(crate) last_row: u32,
    pub(crate) last_col: u32,
}

impl MergedRange {
    pub(crate) fn a1(&self) -> String {
        use crate::diagnostics::column_letters;
        format!(
            "{}{}:{}{}",
            column_letters(self.first_col),
            self.first_row,
            column_letters(self.last_col),
            self.last_row
        )
    }
}

/// One sheet of a workbook, or a whole CSV file: rows of cells and the
/// physical position of the first cell.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Sheet name; `None` for CSV.
    pub(crate) sheet: Option<String>,
    /// 1-based physical row of `rows[0]`.
    pub(crate) first_row: u32,
    /// 1-based physical column of each row's first cell.
    pub(crate) first_col: u32,
    pub rows: Vec<Vec<Value>>,
    /// For CSV: the physical line each row starts on (records may span lines).
    pub(crate) lines: Option<Vec<u32>>,
    pub(crate) merged: Vec<MergedRange>,
    /// Whether plain numbers typed in date columns count days from
    /// 1.1.1904 (a workbook in the 1904 date system) rather than from
    /// 30.12.1899. Always `false` for CSV.
    pub(crate) date1904: bool,
}

impl Grid {
    /// The physical row (spreadsheet row or CSV line) of `rows[index]`.
    pub(crate) fn physical_row(&self, index: usize) -> u32 {
        match &self.lines {
            Some(lines) => lines.get(index).copied().unwrap_or(0),
            None => self.first_row.saturating_add(index as u32),
        }
    }

    pub(crate) fn physical_col(&self, index: usize) -> u32 {
        self.first_col.saturating_add(index as u32)
    }
}

/// What kind of file it is, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Spreadsheet,
    Csv,
    /// The drafters' Markdown for the annual summary (`annual-2025.md`).
    AnnualText,
}

impl FileKind {
    pub fn of(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some(FileKind::Spreadsheet),
            "csv" | "tsv" | "txt" => Some(FileKind::Csv),
            "md" => Some(FileKind::AnnualText),
            _ => None,
        }
    }
}

/// One input file, read into memory.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    /// The path as diagnostics name it.
    pub display: String,
    pub kind: Option<FileKind>,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of a digest.
pub(crate) fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lists the files of an inbox, recursively, in a stable order; skips
/// hidden files and the lock files office software leaves behind.
pub fn discover(inbox: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![inbox.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') || name.starts_with("~$") {
                continue;
            }
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Reads a file into memory, within the size limit.
pub fn load(path: &Path, display: &str, limits: &Limits) -> Result<InputFile, Diagnostic> {
    let at = Location::file(display);
    let size = std::fs::metadata(path)
        .map_err(|e| Diagnostic::new(Code::UnreadableFile, &at, format!("the file could not be opened: {e}")))?
        .len();
    if size > limits.max_file_bytes {
        return Err(Diagnostic::new(
            Code::FileTooLarge,
            &at,
            "split the submission or send the tables as separate files; raise --max-file-size if this size is expected",
        )
        .found(format!("{size} bytes"))
        .expected(format!("at most {} bytes", limits.max_file_bytes)));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::new(Code::UnreadableFile, &at, format!("the file could not be read: {e}")))?;
    Ok(InputFile {
        path: path.to_path_buf(),
        display: display.to_string(),
        kind: FileKind::of(path),
        sha256: sha256_hex(&bytes),
        bytes,
    })
}

/// Reads a loaded file into grids: every sheet of a workbook, or the one
/// table of a CSV file.
pub fn read_grids(file: &InputFile, limits: &Limits) -> Result<Vec<Grid>, Diagnostic> {
    match file.kind {
        Some(FileKind::Spreadsheet) => spreadsheet::read(file, limits),
        Some(FileKind::Csv) => csv_file::read(file).map(|g| vec![g]),
        _ => Ok(Vec::new()),
    }
}
