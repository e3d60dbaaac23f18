//! Real difficult spreadsheets and CSV files from other projects' test
//! suites (calamine, csvkit, frictionless): every one is read or answered
//! with a clear diagnostic, quickly, never a panic. Skipped with a message
//! when the corpora folder is absent (set ILO_CORPORA to point at it).

use ilo_report::format::FormatDef;
use ilo_report::ingest::{self, FileKind, Limits};
use ilo_report::normalise::submission;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn corpora() -> Option<PathBuf> {
    let dir = std::env::var_os("ILO_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    dir.is_dir().then_some(dir)
}

#[test]
fn every_corpus_file_is_read_or_diagnosed_quickly() {
    let Some(root) = corpora() else {
        eprintln!("skipped: no corpora folder (set ILO_CORPORA)");
        return;
    };
    let format = FormatDef::builtin();
    let limits = Limits::default();
    let files = ingest::discover(&root).expect("the corpora folder can be listed");
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in files {
        if !matches!(FileKind::of(&path), Some(FileKind::Spreadsheet | FileKind::Csv)) {
            continue;
        }
        let display = path.strip_prefix(&root).unwrap_or(&path).display().to_string();
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| match ingest::load(&path, &display, &limits) {
            Err(d) => (0, vec![d]),
            Ok(file) => match ingest::read_grids(&file, &limits) {
                Err(d) => (0, vec![d]),
                Ok(grids) => {
                    let o = submission::read_file(format, &file, &grids);
                    for t in &o.report.tables {
                        assert_eq!(t.rows_read, t.rows_used + t.rows_rejected, "accounting of {display}");
                    }
                    (o.report.tables.len(), o.diagnostics)
                }
            },
        });
        let elapsed = started.elapsed();
        match outcome {
            Err(_) => failures.push(format!("{display}: panicked")),
            Ok((tables, diags)) => {
                if tables == 0 && diags.is_empty() {
                    failures.push(format!("{display}: neither read nor diagnosed"));
                }
                if diags.iter().any(|d| d.hint.is_empty()) {
                    failures.push(format!("{display}: a diagnostic without a hint"));
                }
            }
        }
        if elapsed > Duration::from_secs(5) {
            failures.push(format!("{display}: took {elapsed:?}"));
        }
        checked += 1;
    }
    assert!(checked > 100, "only {checked} corpus files found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
