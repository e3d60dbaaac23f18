//! The whole run, stage by stage: read every file of the inbox (reusing
//! what an earlier run read when a file is unchanged), merge into semester
//! reports and annual summaries, render what changed, and write the
//! outputs, the validation report and the manifest.
//!
//! This module holds what a run is asked to do ([`Options`], [`Shard`] and
//! which reports they select) and the entry points that run it; the stages
//! are in its submodules: `read` (the inbox), `jobs` (the documents to
//! produce), `rendering` (producing them), `outputs` (output paths and
//! removal), `versions` (each report's versions as transmitted, which a
//! revision is compared with), `manifest` and `lock`.

mod jobs;
mod lock;
mod manifest;
mod outputs;
mod read;
mod register;
mod rendering;
mod versions;

pub use lock::lock_output;
pub use manifest::{FileRecord, Timings};
pub use outputs::load_reports;
pub use read::{Analysis, analyse, analyse_cached};

use jobs::{annual_jobs, semester_jobs};
use manifest::write_manifest;
use outputs::{remove_annual_outputs_of_unbuilt_years, remove_outputs_of};
pub use read::DraftersTexts;
use read::analyse_with;
pub(crate) use read::display_path;
pub use read::drafters_file;
use rendering::render_jobs;

use crate::cache::Cache;
use crate::format::FormatDef;
use crate::ingest::Limits;
use crate::model::{ReportKey, SemesterReport};
use crate::normalise::{ReportOptions, submission};
use crate::output;
use crate::progress::Progress;
use crate::reference::Semester;
use crate::render;
use anyhow::Result;
use serde_json::json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a run reads and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The folder of files to read.
    pub inbox: PathBuf,
    /// How large a file (and a zipped workbook) may be.
    pub limits: Limits,
    /// How the reports are made (language, marking).
    pub report: ReportOptions,
    /// Build reports even when their inputs have errors, marked as drafts.
    pub draft: bool,
    /// Only these host countries (EU codes), when not empty.
    pub hosts: Vec<String>,
    /// Only this semester, when set.
    pub semester: Option<Semester>,
    /// Only the hosts of this shard, when set.
    pub shard: Option<Shard>,
    /// A folder of templates overriding the built-in ones.
    pub templates: Option<PathBuf>,
    /// Output folders of earlier runs, for the previous year's figures.
    pub previous: Vec<PathBuf>,
    /// An image printed on the cover of every document.
    pub logo: Option<PathBuf>,
    /// Render everything, even what the cache says is unchanged.
    pub force: bool,
    /// Citizenships shown per statistics table (default
    /// [`render::view::DEFAULT_TOP`]).
    pub top: Option<usize>,
    /// Personal data in a text (`personal-data`) is an error, not a
    /// warning: the report is not built until the text is corrected.
    pub deny_personal_data: bool,
    /// Personal data in the documents is replaced by "[redacted]"
    /// (`--redact`).
    pub redact: bool,
    /// Where a report with a drafting text prints the contributions
    /// (`--contributions`).
    pub contributions: render::view::ContributionsPlace,
    /// The addressee of the reports' NOTE (`--to`), instead of the
    /// format's.
    pub addressee: Option<String>,
}

/// One of `count` shards of a run (`--shard 2/8`, from 0): the hosts whose
/// stable hash falls to it, so every host is built by exactly one shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, from 0.
    pub index: u32,
    /// How many shards the run is split into.
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (index, count) = text
            .split_once('/')
            .and_then(|(i, n)| Some((i.trim().parse::<u32>().ok()?, n.trim().parse::<u32>().ok()?)))
            .ok_or_else(|| format!("{text:?} is not a shard such as 0/4 (index from 0, then the number of shards)"))?;
        if count == 0 || index >= count {
            return Err(format!(
                "{text:?}: the index must be from 0 to {} for {count} shard(s)",
                count.saturating_sub(1)
            ));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the host's reports belong to this shard (FNV-1a of the
    /// host code, so the split does not depend on the inbox).
    pub fn holds(&self, host: &str) -> bool {
        let hash = host.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        hash % u64::from(self.count) == u64::from(self.index)
    }
}

impl Options {
    /// Whether the run covers every report of the inbox (no `--hosts`,
    /// `--semester` or `--shard`): only such a run writes annual summaries.
    pub(crate) fn is_whole(&self) -> bool {
        self.hosts.is_empty() && self.semester.is_none() && self.shard.is_none()
    }

    /// Whether the run builds the reports of this host.
    fn selects_host(&self, host: &str) -> bool {
        (self.hosts.is_empty() || self.hosts.iter().any(|h| h == host)) && self.shard.is_none_or(|s| s.holds(host))
    }

    /// Whether the run builds the reports of this semester.
    fn selects_semester(&self, semester: Semester) -> bool {
        self.semester.is_none_or(|s| s == semester)
    }

    /// Whether the run builds the report of this host and semester.
    pub(crate) fn selects(&self, host: &str, semester: Semester) -> bool {
        self.selects_host(host) && self.selects_semester(semester)
    }

    /// Whether the run builds the report of a key such as `MA_2025-H2`.
    fn selects_report(&self, key: &ReportKey) -> bool {
        self.selects(&key.host, key.semester)
    }

    /// Whether a file must be read: a file whose name names another host or
    /// semester is left to the run that builds it.
    fn needs(&self, path: &Path) -> bool {
        if self.is_whole() {
            return true;
        }
        let (ms, host, semester) = submission::key_from_file_name(path);
        host.filter(|_| ms.is_some()).is_none_or(|h| self.selects_host(&h))
            && semester.is_none_or(|s| self.selects_semester(s))
    }

    /// How the documents present the data.
    fn presentation<'a>(&self, format: &'a FormatDef) -> render::view::Presentation<'a> {
        render::view::Presentation {
            top: self.top.unwrap_or(render::view::DEFAULT_TOP).max(1),
            logo: self.logo.is_some(),
            contributions: self.contributions,
            addressee: self.addressee.clone(),
            ..render::view::Presentation::new(format, self.report.language)
        }
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildOutcome {
    /// Every output file, written now or unchanged.
    pub(crate) outputs: Vec<PathBuf>,
    /// Documents typeset in this run (`MA_2025-H2`, `annual-2025`).
    pub rendered: Vec<String>,
    /// Documents the cache showed to be unchanged.
    pub unchanged: Vec<String>,
    /// Reports not built because their inputs have errors.
    pub blocked: Vec<ReportKey>,
    /// Earlier outputs of blocked reports, removed so that they cannot be
    /// taken for current (paths relative to the output folder).
    pub removed: Vec<String>,
    /// The annual summaries were not written: the run covers only some
    /// reports (`--hosts`, `--semester`, `--shard`).
    pub annual_left_out: bool,
    /// Documents that could not be typeset, with the reason (a character
    /// no embedded font has, say); the others are still built.
    pub failed: Vec<(String, String)>,
    /// The inputs have errors.
    pub has_errors: bool,
    /// The inputs have warnings.
    pub has_warnings: bool,
}

/// Builds every report of the inbox into `out`.
pub fn build(format: &FormatDef, options: &Options, out: &Path) -> Result<(Analysis, BuildOutcome)> {
    build_with_progress(format, options, out, &Progress::quiet())
}

/// Builds every report of the inbox into `out`, telling `progress` how the
/// stages go.
pub fn build_with_progress(
    format: &FormatDef,
    options: &Options,
    out: &Path,
    progress: &Progress,
) -> Result<(Analysis, BuildOutcome)> {
    let started = Instant::now();
    output::remove_stale_temporaries(out);
    let cache = Cache::new(out);
    let mut analysis = analyse_with(format, options, Some(&cache), progress)?;
    let read_done = started.elapsed();
    let blocked = analysis.blocked_reports();
    // A revision is compared with the version transmitted before, kept in
    // `out`; one without it is said before the validation is written.
    let (previous_versions, missing) = versions::previous_versions(
        out,
        analysis
            .reports
            .iter()
            .filter(|r| options.draft || !blocked.contains(&r.key())),
    );
    analysis.validation.extend(missing);
    let mut outcome = write_validation(&analysis, out)?;

    // Reports with errors are built only as drafts, marked as such.
    let drafts = drafts_of(&analysis.reports, &blocked, options);
    let to_build: Vec<&SemesterReport> = analysis
        .reports
        .iter()
        .filter(|r| !blocked.contains(&r.key()))
        .chain(&drafts)
        .collect();
    let unbuilt = unbuilt_reports(&blocked, &to_build);
    outcome.removed = remove_outputs_of(out, &unbuilt)?;
    outcome.blocked = unbuilt;
    let mut jobs = semester_jobs(format, &to_build, &analysis.validation, &previous_versions, options)?;
    // Only a run over the whole inbox writes annual summaries; a year whose
    // every report is blocked loses its earlier one.
    if options.is_whole() {
        outcome.removed.extend(remove_annual_outputs_of_unbuilt_years(
            out,
            &analysis.reports,
            &blocked,
            &to_build,
        )?);
        let previous = load_reports(&options.previous, "--previous")?;
        jobs.extend(annual_jobs(
            format,
            &to_build,
            &previous,
            &analysis.drafters_texts,
            options,
        )?);
        // The postings register covers the whole network: a part of the
        // inbox would write it incomplete.
        outcome
            .outputs
            .extend(register::write_registers(out, &to_build, options.report.language)?);
    } else {
        outcome.annual_left_out = true;
    }
    let normalise_done = started.elapsed();

    let outputs = render_jobs(format, options, out, &cache, jobs, progress, &mut outcome)?;
    let render_done = started.elapsed();

    let timings = Timings::from_marks(read_done, normalise_done, render_done, started.elapsed());
    write_manifest(format, &analysis, &outcome, &outputs, out, &timings)?;
    progress.done(summary(&analysis, &outcome, &timings));
    Ok((analysis, outcome))
}

/// Writes the validation report (JSON and HTML) into `out`; returns the
/// outcome of the build so far.
fn write_validation(analysis: &Analysis, out: &Path) -> Result<BuildOutcome> {
    let mut outcome = BuildOutcome {
        has_errors: analysis.validation.summary.errors > 0,
        has_warnings: analysis.validation.summary.warnings > 0,
        ..Default::default()
    };
    output::write_atomic(&out.join("validation.json"), &analysis.validation.to_json()?)?;
    output::write_atomic(&out.join("validation.html"), analysis.validation.to_html()?.as_bytes())?;
    outcome.outputs.push(out.join("validation.json"));
    outcome.outputs.push(out.join("validation.html"));
    Ok(outcome)
}

/// The blocked reports as drafts, when the run builds drafts (else none).
fn drafts_of(reports: &[SemesterReport], blocked: &BTreeSet<ReportKey>, options: &Options) -> Vec<SemesterReport> {
    if !options.draft {
        return Vec::new();
    }
    reports
        .iter()
        .filter(|r| blocked.contains(&r.key()))
        .map(|r| SemesterReport {
            draft: true,
            ..r.clone()
        })
        .collect()
}

/// Every blocked report not built as a draft — also one with no readable
/// submission left (its only file now corrupt, say): its earlier outputs
/// must go.
fn unbuilt_reports(blocked: &BTreeSet<ReportKey>, to_build: &[&SemesterReport]) -> Vec<ReportKey> {
    let built: BTreeSet<ReportKey> = to_build.iter().map(|r| r.key()).collect();
    blocked.difference(&built).cloned().collect()
}

/// What a build did, as the last progress message tells it.
fn summary(analysis: &Analysis, outcome: &BuildOutcome, timings: &Timings) -> serde_json::Value {
    json!({
        "rendered": outcome.rendered.len(),
        "unchanged": outcome.unchanged.len(),
        "blocked": outcome.blocked,
        "removed": outcome.removed,
        "failed": outcome.failed.iter().map(|(name, why)| json!({ "document": name, "reason": why })).collect::<Vec<_>>(),
        "annual_left_out": outcome.annual_left_out,
        "errors": analysis.validation.summary.errors,
        "warnings": analysis.validation.summary.warnings,
        "left_to_full_run": analysis.left_to_full_run,
        "timings_ms": timings,
    })
}

/// Builds the annual summaries, and the postings registers, from semester
/// reports that earlier runs (or shards of one run) wrote into `dirs`.
pub fn annual_from(
    format: &FormatDef,
    dirs: &[PathBuf],
    options: &Options,
    out: &Path,
    texts: &DraftersTexts,
    progress: &Progress,
) -> Result<BuildOutcome> {
    let reports = load_reports(dirs, "--from")?;
    let refs: Vec<&SemesterReport> = reports.iter().collect();
    let previous = load_reports(&options.previous, "--previous")?;
    let jobs = annual_jobs(format, &refs, &previous, texts, options)?;
    let mut outcome = BuildOutcome::default();
    // The shards' reports together are the whole network: the postings
    // register a full build writes is written here.
    outcome
        .outputs
        .extend(register::write_registers(out, &refs, options.report.language)?);
    render_jobs(format, options, out, &Cache::new(out), jobs, progress, &mut outcome)?;
    progress.done(json!({ "rendered": outcome.rendered.len(), "unchanged": outcome.unchanged.len() }));
    Ok(outcome)
}
