//! The files a run writes into its output folder: where each document's
//! outputs go, the removal of outputs of reports not built now, and the
//! reading back of semester reports written by earlier runs.

use crate::error::BadArgument;
use crate::ingest;
use crate::model::{ReportKey, SemesterReport};
use crate::reference::Semester;
use crate::render;
use crate::render::view::ANNEX_SUFFIX;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A semester report's output file, relative to the output folder:
/// `2025-H2/MA_2025-H2.pdf` for the suffix `.pdf`, `…_annex.xlsx` for
/// `_annex.xlsx`.
pub(super) fn semester_output(key: &ReportKey, suffix: &str) -> String {
    format!("{}/{key}{suffix}", key.semester)
}

/// An annual summary's output file: `annual/annual-summary_2025.pdf`.
pub(super) fn annual_output(year: i32, extension: &str) -> String {
    format!("annual/annual-summary_{year}.{extension}")
}

/// A chart of a document and its files.
pub(super) struct ChartOutput {
    /// The chart, as in the document's view.
    pub(super) chart: serde_json::Value,
    /// Its SVG, PNG and caption file, relative to the output folder.
    pub(super) files: [String; 3],
}

/// Every chart of the document `pdf` (relative to the output folder) whose
/// view is `data`, with its SVG, PNG and caption file:
/// `2025-H2/charts/MA_2025-H2_refusals.svg`, `.png`, `.txt`.
pub(super) fn chart_outputs(pdf: &str, data: &serde_json::Value) -> Vec<ChartOutput> {
    let prefix = charts_prefix(pdf);
    render::chart::charts_in(data)
        .into_iter()
        .map(|(name, chart)| ChartOutput {
            chart: chart.clone(),
            files: ["svg", "png", "txt"].map(|ext| format!("{prefix}{name}.{ext}")),
        })
        .collect()
}

/// What the chart files of the document `pdf` start with:
/// `2025-H2/charts/MA_2025-H2_`.
fn charts_prefix(pdf: &str) -> String {
    let (dir, file) = pdf.rsplit_once('/').unwrap_or(("", pdf));
    let stem = file.strip_suffix(".pdf").unwrap_or(file);
    format!("{dir}/charts/{stem}_")
}

/// Removes the chart files of the document `pdf` that are not in `keep`
/// (charts it no longer has); returns what was removed.
pub(super) fn remove_charts_of(out: &Path, pdf: &str, keep: &[&String]) -> Result<Vec<String>> {
    let prefix = charts_prefix(pdf);
    let Some((dir, file_prefix)) = prefix.rsplit_once('/') else {
        return Ok(Vec::new());
    };
    let entries = match std::fs::read_dir(out.join(dir)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", out.join(dir).display())),
    };
    let mut stale = Vec::new();
    for entry in entries {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let rel = format!("{dir}/{name}");
        if name.starts_with(file_prefix) && !keep.iter().any(|k| **k == rel) {
            stale.push(rel);
        }
    }
    stale.sort();
    remove_files(out, &stale)
}

/// Removes the PDF, JSON, annex and charts that earlier runs wrote for
/// reports (`MA_2025-H2`) that are not built now; returns what was removed.
pub(super) fn remove_outputs_of(out: &Path, keys: &[ReportKey]) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for key in keys {
        let files = [".pdf", ".json", ANNEX_SUFFIX].map(|suffix| semester_output(key, suffix));
        removed.extend(remove_files(out, &files)?);
        removed.extend(remove_charts_of(out, &files[0], &[])?);
    }
    Ok(removed)
}

/// Removes the annual summary of every year of `reports` or `blocked`
/// (report keys) in which no report is built now (`to_build`): the earlier
/// summary goes with its reports. Returns what was removed.
pub(super) fn remove_annual_outputs_of_unbuilt_years(
    out: &Path,
    reports: &[SemesterReport],
    blocked: &BTreeSet<ReportKey>,
    to_build: &[&SemesterReport],
) -> Result<Vec<String>> {
    let built: BTreeSet<i32> = to_build.iter().map(|r| r.semester.year).collect();
    let blocked_years = blocked.iter().map(|k| k.semester.year);
    let years: BTreeSet<i32> = reports.iter().map(|r| r.semester.year).chain(blocked_years).collect();
    let mut removed = Vec::new();
    for year in years {
        if !built.contains(&year) {
            let files = ["pdf", "json", "docx"].map(|ext| annual_output(year, ext));
            removed.extend(remove_files(out, &files)?);
            removed.extend(remove_charts_of(out, &files[0], &[])?);
        }
    }
    Ok(removed)
}

/// Removes those of the files (relative to `out`) that exist; returns them.
fn remove_files(out: &Path, paths: &[String]) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for rel in paths {
        let path = out.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove the outdated {}", path.display())),
        }
    }
    Ok(removed)
}

/// The semester reports (JSON) in earlier runs' output folders, given by
/// `argument` (`--previous`, `--from`): a folder that cannot be read, a file
/// that is not a report or two differing copies of one are usage errors
/// (exit code 2), not failures of the machine.
pub fn load_reports(dirs: &[PathBuf], argument: &str) -> Result<Vec<SemesterReport>> {
    read_reports(dirs).map_err(|e| BadArgument(format!("{argument}: {e:#}")).into())
}

/// Semester reports written by earlier runs (`*/MA_2025-H2.json`) under
/// the given folders. The same report in two folders must be the same: a
/// different copy (a stale shard folder, say) is refused, never picked.
fn read_reports(dirs: &[PathBuf]) -> Result<Vec<SemesterReport>> {
    let mut found: BTreeMap<(Semester, String), (SemesterReport, PathBuf)> = BTreeMap::new();
    for dir in dirs {
        let files = ingest::discover(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        for path in files {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let is_report = name.ends_with(".json")
                && name
                    .split_once('_')
                    .is_some_and(|(_, s)| s.trim_end_matches(".json").parse::<Semester>().is_ok());
            if !is_report || name.starts_with("annual-summary") {
                continue;
            }
            let report = read_report(&path)?;
            match found.get(&(report.semester, report.host.clone())) {
                Some((first, first_path)) if first != &report => anyhow::bail!(
                    "{} is in {} and, different, in {}; remove the outdated copy (a folder of an earlier run?)",
                    report.key(),
                    first_path.display(),
                    path.display()
                ),
                Some(_) => {}
                None => {
                    found.insert((report.semester, report.host.clone()), (report, path));
                }
            }
        }
    }
    Ok(found.into_values().map(|(r, _)| r).collect())
}

/// A semester report's JSON as a run wrote it (`MA_2025-H2.json`, or a
/// version kept in `versions/`).
pub(super) fn read_report(path: &Path) -> Result<SemesterReport> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("{} is not a semester report", path.display()))
}
