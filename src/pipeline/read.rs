//! Reading the inbox: every file read (or its earlier reading reused from
//! the cache when it is unchanged) and hashed, then merged into
//! submissions and semester reports with every problem found.

use super::{FileRecord, Options};
use crate::cache::{self, Cache, InputEntry};
use crate::diagnostics::{Code, Diagnostic, FileReport, FileStatus, Location, Severity};
use crate::format::FormatDef;
use crate::ingest::{self, FileKind};
use crate::model::{ReportKey, SemesterReport, Submission};
use crate::normalise::{drafting, merge, personal, submission};
use crate::progress::Progress;
use crate::validation::ValidationReport;
use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The result of reading and merging an inbox.
pub struct Analysis {
    /// Every file read and every problem found.
    pub validation: ValidationReport,
    /// The submissions, merged across files.
    pub submissions: Vec<Submission>,
    /// The semester reports made from them.
    pub reports: Vec<SemesterReport>,
    /// Drafters' Markdown by year (`annual-2025.md`).
    pub(crate) drafters_texts: DraftersTexts,
    /// Every input file with its checksum, for the manifest.
    pub(crate) inputs: Vec<FileRecord>,
    /// Problems a shard other than shard 0 leaves to it: in files it read
    /// but not tied to any report (a CSV file whose host cannot be told).
    pub left_to_full_run: usize,
}

impl Analysis {
    /// Report keys (`MA_2025-H2`) that have errors.
    pub fn blocked_reports(&self) -> BTreeSet<ReportKey> {
        self.validation
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .filter_map(|d| d.report.clone())
            .collect()
    }
}

/// Reads and merges the inbox: every file, every problem.
pub fn analyse(format: &FormatDef, options: &Options) -> Result<Analysis> {
    analyse_with(format, options, None, &Progress::quiet())
}

/// Reads and merges the inbox, reusing the readings a build into `out`
/// cached (and caching its own there): a file read once is not read again
/// until it changes.
pub fn analyse_cached(format: &FormatDef, options: &Options, out: &Path) -> Result<Analysis> {
    analyse_with(
        format,
        options,
        Some(&crate::cache::Cache::new(out)),
        &Progress::quiet(),
    )
}

/// Reads and merges the inbox, reusing and updating the readings in
/// `cache` when given.
pub(super) fn analyse_with(
    format: &FormatDef,
    options: &Options,
    cache: Option<&Cache>,
    progress: &Progress,
) -> Result<Analysis> {
    let mut paths = ingest::discover(&options.inbox)
        .with_context(|| format!("cannot read the inbox {}", options.inbox.display()))?;
    paths.retain(|p| options.needs(p));
    let reader = reader_key(format, options);
    let cached: BTreeMap<String, InputEntry<FileResult>> = cache.map(|c| c.inputs(&reader)).unwrap_or_default();
    let entries = read_files(format, options, &paths, &cached, progress);
    let changed = entries.iter().any(|(_, (_, fresh))| *fresh) || entries.len() != cached.len();
    let entries: Vec<(String, InputEntry<FileResult>)> = entries.into_iter().map(|(d, (e, _))| (d, e)).collect();
    let read = Readings::collect(&entries);
    let received: BTreeMap<String, chrono::NaiveDate> = entries
        .iter()
        .filter_map(|(display, e)| Some((display.clone(), received_on(e.modified_ns)?)))
        .collect();
    if let Some(cache) = cache.filter(|_| changed) {
        save_readings(cache, &reader, entries, cached, options)?;
    }
    let Readings {
        files,
        mut diags,
        partials,
        drafters_texts,
        drafting_files,
        inputs,
    } = read;
    let partials = partials
        .into_iter()
        .filter(|p| options.selects(&p.submission.host, p.submission.semester))
        .map(|mut p| {
            for f in &mut p.submission.files {
                f.received = received.get(f.path.as_str()).copied();
            }
            p
        })
        .collect();
    let submissions = merge::combine(format, partials, &mut diags);
    let mut reports = merge::semester_reports(format, &submissions, &options.report, &mut diags);
    crate::normalise::plausibility::check(
        format,
        &submissions,
        &reports,
        &super::load_reports(&options.previous, "--previous")?,
        &mut diags,
    );
    drafting::attach(
        format,
        &mut reports,
        &drafting_files,
        options.report.language,
        |key| options.selects_report(key),
        &mut diags,
    );
    if options.redact {
        for report in &mut reports {
            personal::redact_report(report).with_context(|| format!("cannot redact {}", report.key()))?;
        }
    }
    let left_to_full_run = keep_own_problems(options, &mut diags);
    let mut files = files;
    if options.deny_personal_data {
        deny_personal_data(&mut diags, &mut files);
    }
    let validation = ValidationReport::new(&format.id, files, diags);
    Ok(Analysis {
        validation,
        submissions,
        reports,
        drafters_texts,
        inputs,
        left_to_full_run,
    })
}

/// The day (UTC) of a file's modification time in nanoseconds since the
/// epoch; none when unknown.
fn received_on(modified_ns: u128) -> Option<chrono::NaiveDate> {
    let secs = i64::try_from(modified_ns / 1_000_000_000).ok().filter(|s| *s > 0)?;
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.date_naive())
}

/// Makes every `personal-data` warning an error, and the files holding
/// one files with errors (`--deny-personal-data`). The readings stay as
/// they are: the text is kept, the report is blocked until it is fixed.
fn deny_personal_data(diags: &mut [Diagnostic], files: &mut [FileReport]) {
    for d in diags.iter_mut().filter(|d| d.code == Code::PersonalData) {
        d.severity = Severity::Error;
        if let Some(f) = files.iter_mut().find(|f| f.path == d.file) {
            f.status = FileStatus::Errors;
        }
    }
}

/// What decides how files are read: a cached reading is reused only when
/// this is the same.
fn reader_key(format: &FormatDef, options: &Options) -> String {
    let limits = &options.limits;
    cache::key(&[
        env!("CARGO_PKG_VERSION").as_bytes(),
        format.sha256.as_bytes(),
        crate::reference::regions::BUILTIN_TEXT.as_bytes(),
        format!(
            "{}/{}/{}",
            limits.max_file_bytes, limits.max_unzipped_bytes, limits.max_zip_entries
        )
        .as_bytes(),
    ])
}

/// The path as diagnostics name it: relative to the inbox's parent, so
/// `inbox/FR_MA_2025-H2.xlsx`.
pub(crate) fn display_path(inbox: &Path, path: &Path) -> String {
    let base = inbox.parent().filter(|p| !p.as_os_str().is_empty());
    let shown = base.and_then(|b| path.strip_prefix(b).ok()).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

/// Reads the files in parallel, each under its displayed path; a file whose
/// size and modification time match its cached reading is not read again.
/// Each reading comes with whether it is new.
fn read_files(
    format: &FormatDef,
    options: &Options,
    paths: &[PathBuf],
    cached: &BTreeMap<String, InputEntry<FileResult>>,
    progress: &Progress,
) -> Vec<(String, (InputEntry<FileResult>, bool))> {
    progress.stage("read", paths.len());
    paths
        .par_iter()
        .map(|path| {
            let display = display_path(&options.inbox, path);
            let stamp = cache::stamp(path).unwrap_or_default();
            let entry = match cached.get(&display) {
                Some(e) if (e.size, e.modified_ns) == stamp => {
                    progress.item("read", &display, "unchanged");
                    (e.clone(), false)
                }
                _ => {
                    let (result, sha256) = read_one(format, options, path, &display);
                    progress.item("read", &display, "read");
                    (
                        InputEntry {
                            size: stamp.0,
                            modified_ns: stamp.1,
                            sha256,
                            result,
                        },
                        true,
                    )
                }
            };
            (display, entry)
        })
        .collect()
}

/// What the files of the inbox gave, gathered over all of them.
struct Readings {
    files: Vec<FileReport>,
    diags: Vec<Diagnostic>,
    partials: Vec<submission::Partial>,
    drafters_texts: DraftersTexts,
    drafting_files: drafting::DraftingFiles,
    inputs: Vec<FileRecord>,
}

impl Readings {
    /// Gathers the readings of the files, in order.
    fn collect(entries: &[(String, InputEntry<FileResult>)]) -> Self {
        let mut read = Readings {
            files: Vec::new(),
            diags: Vec::new(),
            partials: Vec::new(),
            drafters_texts: BTreeMap::new(),
            drafting_files: BTreeMap::new(),
            inputs: Vec::new(),
        };
        for (display, entry) in entries {
            read.inputs.push(FileRecord {
                path: display.clone(),
                sha256: entry.sha256.clone(),
                size: entry.size,
            });
            match &entry.result {
                FileResult::Read(o) => {
                    read.files.push(o.report.clone());
                    read.diags.extend(o.diagnostics.iter().cloned());
                    read.partials.extend(o.partials.iter().cloned());
                }
                FileResult::Unread(report, d) => {
                    read.files.push(report.clone());
                    read.diags.push((**d).clone());
                }
                FileResult::Drafters(year, lang, text) => {
                    read.drafters_texts.insert((*year, lang.clone()), text.clone());
                }
                FileResult::Drafting(key, lang, text) => {
                    read.drafting_files
                        .insert((key.clone(), lang.clone()), (display.clone(), text.clone()));
                }
            }
        }
        read
    }
}

/// Saves the readings in the cache for the next run.
fn save_readings(
    cache: &Cache,
    reader: &str,
    entries: Vec<(String, InputEntry<FileResult>)>,
    cached: BTreeMap<String, InputEntry<FileResult>>,
    options: &Options,
) -> Result<()> {
    let mut keep: BTreeMap<String, InputEntry<FileResult>> = entries.into_iter().collect();
    // A part of the inbox keeps what earlier runs read of the rest.
    if !options.is_whole() {
        for (path, entry) in cached {
            keep.entry(path).or_insert(entry);
        }
    }
    cache.save_inputs(reader, &keep)
}

/// Keeps the problems the run answers for; returns how many it leaves to
/// the full run (or to shard 0).
fn keep_own_problems(options: &Options, diags: &mut Vec<Diagnostic>) -> usize {
    // A part of the inbox answers for its own reports only. Problems tied
    // to no report (whose data they are cannot be told) stay with a
    // `--hosts`/`--semester` run and with shard 0, so that exactly one
    // shard of a split run reports them.
    let mut left_to_full_run = 0;
    if !options.is_whole() {
        let keeps_untied = options.shard.is_none_or(|s| s.index == 0);
        diags.retain(|d| match &d.report {
            Some(key) => options.selects_report(key),
            None if keeps_untied => true,
            None => {
                left_to_full_run += 1;
                false
            }
        });
    }
    left_to_full_run
}

/// What reading one file gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum FileResult {
    Read(submission::FileOutcome),
    /// Not read as a table: unreadable, or not a table format at all.
    Unread(FileReport, Box<Diagnostic>),
    /// The drafters' text of an annual summary: year, language ("" for
    /// any), text.
    Drafters(i32, String, String),
    /// The drafting Member State's text of a semester report: report,
    /// language ("" for any), text.
    Drafting(ReportKey, String, String),
}

/// Reads one file; also returns its SHA-256.
fn read_one(format: &FormatDef, options: &Options, path: &Path, display: &str) -> (FileResult, String) {
    let kind = FileKind::of(path);
    // The report the file's name or folders claim, if any.
    let claimed = submission::claimed_report(display);
    if !matches!(kind, Some(FileKind::Spreadsheet | FileKind::Csv)) {
        return read_other(kind, path, display, claimed);
    }
    let file = match ingest::load(path, display, &options.limits) {
        Ok(f) => f,
        Err(d) => return unread(d, claimed, display, hash_file(path), file_size(path)),
    };
    match ingest::read_grids(&file, &options.limits) {
        Ok(grids) => (
            FileResult::Read(submission::read_file(format, &file, &grids)),
            file.sha256.clone(),
        ),
        Err(d) => unread(d, claimed, display, file.sha256.clone(), file.bytes.len() as u64),
    }
}

/// Reads a file that is no spreadsheet or CSV file: the drafters' text of
/// an annual summary, or else a problem; also returns its SHA-256.
fn read_other(kind: Option<FileKind>, path: &Path, display: &str, claimed: Option<ReportKey>) -> (FileResult, String) {
    let sha = hash_file(path);
    if kind == Some(FileKind::AnnualText) {
        if let Some((year, lang)) = drafters_file(path)
            && let Ok(text) = std::fs::read_to_string(path)
        {
            return (FileResult::Drafters(year, lang, text), sha);
        }
        if let Some((key, lang)) = drafting::drafting_file(path)
            && let Ok(text) = std::fs::read_to_string(path)
        {
            return (FileResult::Drafting(key, lang, text), sha);
        }
    }
    // A file that claims a submission by its name or folder but is no
    // table (Word, PDF, e-mail, image) means that data is missing.
    let d = match &claimed {
        Some(report) => Diagnostic::new(
            Code::UnreadableFile,
            &Location::file(display),
            format!("this file is named as a submission for {report} but is not a spreadsheet or CSV file; ask for the data in the submission workbook (ilo-report template) or as CSV"),
        )
        .expected("xlsx, xlsm, xlsb, xls, ods or csv"),
        None => Diagnostic::new(
            Code::UnknownTable,
            &Location::file(display),
            "not a spreadsheet, CSV file, annual-<year>.md or <HOST>_<semester>.drafting.md; the file is ignored",
        )
        .severity(Severity::Warning)
        .expected("xlsx, xlsm, xlsb, xls, ods or csv"),
    };
    unread(d, claimed, display, sha, file_size(path))
}

/// A file not read as a table, with the problem `d` tied to the report the
/// file claims; also returns its SHA-256.
fn unread(
    mut d: Diagnostic,
    claimed: Option<ReportKey>,
    display: &str,
    sha: String,
    size: u64,
) -> (FileResult, String) {
    d.report = claimed;
    let report = FileReport {
        path: display.to_string(),
        sha256: sha.clone(),
        size,
        status: if d.is_error() {
            FileStatus::Unreadable
        } else {
            FileStatus::Warnings
        },
        tables: Vec::new(),
    };
    (FileResult::Unread(report, Box::new(d)), sha)
}

/// The size of a file on disk, 0 when it cannot be told.
fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// SHA-256 of a file read as a stream (also for files too large to parse).
fn hash_file(path: &Path) -> String {
    use sha2::Digest;
    use std::io::Read;
    let mut hasher = sha2::Sha256::new();
    let Ok(mut file) = std::fs::File::open(path) else {
        return String::new();
    };
    let mut buffer = vec![0; 1 << 16];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buffer[..n]),
            Err(_) => return String::new(),
        }
    }
    crate::ingest::hex(&hasher.finalize())
}

/// The drafters' texts of annual summaries by year and language (`""`
/// for a file that names none).
pub type DraftersTexts = BTreeMap<(i32, String), String>;

/// `annual-2025.md` → (2025, ""); `annual-2025.fr.md` → (2025, "fr").
pub fn drafters_file(path: &Path) -> Option<(i32, String)> {
    let stem = path.file_stem()?.to_str()?.strip_prefix("annual-")?;
    let (year, lang) = stem.split_once('.').unwrap_or((stem, ""));
    ["", "en", "fr", "de"]
        .contains(&lang)
        .then(|| Some((year.parse().ok()?, lang.to_string())))
        .flatten()
}

/// The drafters' text of `year` for a summary in `lang`: the file in that
/// language, else the one that names no language.
pub(crate) fn drafters_text(texts: &DraftersTexts, year: i32, lang: &str) -> Option<String> {
    texts
        .get(&(year, lang.to_string()))
        .or_else(|| texts.get(&(year, String::new())))
        .cloned()
}
