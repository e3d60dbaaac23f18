// Shared by the fuzz targets: one file's bytes through the reader and the
// normaliser, as the pipeline runs them.
use ilo_report::format::FormatDef;
use ilo_report::ingest::{self, FileKind, InputFile, Limits};
use ilo_report::normalise::submission;
use std::path::PathBuf;

pub fn read(name: &str, bytes: &[u8]) {
    let path = PathBuf::from(name);
    let file = InputFile {
        kind: FileKind::of(&path),
        display: name.to_string(),
        path,
        sha256: String::new(),
        bytes: bytes.to_vec(),
    };
    if let Ok(grids) = ingest::read_grids(&file, &Limits::default()) {
        let outcome = submission::read_file(FormatDef::builtin(), &file, &grids);
        for t in &outcome.report.tables {
            assert_eq!(t.rows_read, t.rows_used + t.rows_rejected);
        }
    }
}
