//! Limits that protect a run from oversized and hostile files.

use crate::diagnostics::{Code, Diagnostic, Location};
use std::io::Cursor;

/// Size limits applied before a file is parsed.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Largest total uncompressed size of a zip-based workbook, in bytes.
    pub max_unzipped_bytes: u64,
    /// Most entries a zip-based workbook may hold.
    pub max_zip_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_unzipped_bytes: 500 * 1024 * 1024,
            max_zip_entries: 10_000,
        }
    }
}

impl Limits {
    /// Checks a zip-based workbook's directory (entry count and declared
    /// uncompressed sizes) before any entry is inflated: a zip bomb is
    /// refused with `file-too-large`.
    pub(crate) fn check_zip(&self, bytes: &[u8], at: &Location) -> Result<(), Diagnostic> {
        let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
            return Ok(()); // not a zip: the reader decides
        };
        if archive.len() > self.max_zip_entries {
            return Err(Diagnostic::new(
                Code::FileTooLarge,
                at,
                "the workbook package holds far more parts than a submission needs; save it again from the office software",
            )
            .found(format!("{} zip entries", archive.len()))
            .expected(format!("at most {}", self.max_zip_entries)));
        }
        let mut total: u64 = 0;
        for i in 0..archive.len() {
            let size = archive.by_index_raw(i).map(|f| f.size()).unwrap_or(0);
            total = total.saturating_add(size);
        }
        if total > self.max_unzipped_bytes {
            return Err(Diagnostic::new(
                Code::FileTooLarge,
                at,
                "the workbook would expand to an unreasonable size (a zip bomb or an enormous sheet); send the tables separately",
            )
            .found(format!("{total} bytes uncompressed"))
            .expected(format!("at most {} bytes", self.max_unzipped_bytes)));
        }
        Ok(())
    }
}
