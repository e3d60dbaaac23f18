//! The manifest of a build (`OUT/manifest.json`): every input and output
//! with its SHA-256 and size, the counts and the time spent per stage.

use super::{Analysis, BuildOutcome};
use crate::cache::OutputEntry;
use crate::format::FormatDef;
use crate::ingest;
use crate::output;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// A file in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileRecord {
    pub(crate) path: String,
    pub(crate) sha256: String,
    pub(crate) size: u64,
}

/// Milliseconds spent per stage.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Timings {
    pub(crate) read_ms: u64,
    pub(crate) normalise_ms: u64,
    pub(crate) render_ms: u64,
    pub(crate) total_ms: u64,
}

impl Timings {
    /// The stages' times from the moments (since the start) at which
    /// reading, normalising and rendering ended, and the total.
    pub(super) fn from_marks(
        read_done: Duration,
        normalise_done: Duration,
        render_done: Duration,
        total: Duration,
    ) -> Self {
        Timings {
            read_ms: ms(read_done),
            normalise_ms: ms(normalise_done - read_done),
            render_ms: ms(render_done - normalise_done),
            total_ms: ms(total),
        }
    }
}

fn ms(d: Duration) -> u64 {
    d.as_millis() as u64
}

/// `OUT/manifest.json`: every input and output with SHA-256 and size, the
/// tool version, the format id, counts and timings.
pub(super) fn write_manifest(
    format: &FormatDef,
    analysis: &Analysis,
    outcome: &BuildOutcome,
    outputs: &BTreeMap<String, OutputEntry>,
    out: &Path,
    timings: &Timings,
) -> Result<()> {
    let output_records = output_records(outcome, outputs, out)?;
    let manifest = json!({
        "tool": "ilo-report",
        "version": env!("CARGO_PKG_VERSION"),
        "format": format.id,
        "format_sha256": format.sha256,
        "counts": {
            "files": analysis.validation.summary.files,
            "submissions": analysis.submissions.len(),
            "reports": analysis.reports.len(),
            "rendered": outcome.rendered.len(),
            "unchanged": outcome.unchanged.len(),
            "blocked": outcome.blocked.len(),
            "removed": outcome.removed.len(),
            "errors": analysis.validation.summary.errors,
            "warnings": analysis.validation.summary.warnings,
        },
        "timings_ms": timings,
        "blocked": outcome.blocked,
        "removed": outcome.removed,
        "annual_left_out": outcome.annual_left_out,
        "inputs": analysis.inputs,
        "outputs": output_records,
    });
    output::write_json(&out.join("manifest.json"), &manifest)
}

/// The record of every output of the build: from the render cache when it
/// has the file, else read back from the output folder.
fn output_records(
    outcome: &BuildOutcome,
    outputs: &BTreeMap<String, OutputEntry>,
    out: &Path,
) -> Result<Vec<FileRecord>> {
    let mut output_records: Vec<FileRecord> = Vec::new();
    for path in &outcome.outputs {
        let rel = path
            .strip_prefix(out)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let record = match outputs.get(&rel) {
            Some(e) => FileRecord {
                path: rel,
                sha256: e.sha256.clone(),
                size: e.size,
            },
            None => {
                let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
                FileRecord {
                    path: rel,
                    sha256: ingest::sha256_hex(&bytes),
                    size: bytes.len() as u64,
                }
            }
        };
        output_records.push(record);
    }
    Ok(output_records)
}
