//! The whole run, stage by stage: read every file of the inbox (reusing
//! what an earlier run read when a file is unchanged), merge into semester
//! reports and annual summaries, render what changed, and write the
//! outputs, the validation report and the manifest.

use crate::cache::{self, Cache, InputEntry, OutputEntry};
use crate::diagnostics::{Code, Diagnostic, FileReport, FileStatus, Location, Severity};
use crate::format::FormatDef;
use crate::ingest::{self, FileKind, Limits};
use crate::model::{SemesterReport, Submission, parse_report_key};
use crate::normalise::{ReportOptions, annual, merge, submission};
use crate::output;
use crate::progress::Progress;
use crate::reference::{Lang, Semester};
use crate::render::view::ANNEX_SUFFIX;
use crate::render::{self, Renderer, Templates};
use crate::validation::ValidationReport;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a run reads and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub inbox: PathBuf,
    pub limits: Limits,
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
}

/// One of `count` shards of a run (`--shard 2/8`, from 0): the hosts whose
/// stable hash falls to it, so every host is built by exactly one shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
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
    pub fn is_whole(&self) -> bool {
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
    pub fn selects(&self, host: &str, semester: Semester) -> bool {
        self.selects_host(host) && self.selects_semester(semester)
    }

    /// Whether the run builds the report of a key such as `MA_2025-H2`.
    fn selects_report(&self, key: &str) -> bool {
        parse_report_key(key).is_some_and(|(host, semester)| self.selects(host, semester))
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
            format,
            lang: self.report.language,
            top: self.top.unwrap_or(render::view::DEFAULT_TOP).max(1),
        }
    }
}

/// The result of reading and merging an inbox.
pub struct Analysis {
    pub validation: ValidationReport,
    pub submissions: Vec<Submission>,
    pub reports: Vec<SemesterReport>,
    /// Drafters' Markdown by year (`annual-2025.md`).
    pub drafters_texts: BTreeMap<i32, String>,
    /// Every input file with its checksum, for the manifest.
    pub inputs: Vec<FileRecord>,
    /// Problems a shard other than shard 0 leaves to it: in files it read
    /// but not tied to any report (a CSV file whose host cannot be told).
    pub left_to_full_run: usize,
}

impl Analysis {
    /// Report keys (`MA_2025-H2`) that have errors.
    pub fn blocked_reports(&self) -> BTreeSet<String> {
        self.validation
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .filter_map(|d| d.report.clone())
            .collect()
    }
}

/// A file in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileRecord {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// The path as diagnostics name it: relative to the inbox's parent, so
/// `inbox/FR_MA_2025-H2.xlsx`.
fn display_path(inbox: &Path, path: &Path) -> String {
    let base = inbox.parent().filter(|p| !p.as_os_str().is_empty());
    let shown = base.and_then(|b| path.strip_prefix(b).ok()).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

/// Reads and merges the inbox: every file, every problem.
pub fn analyse(format: &FormatDef, options: &Options) -> Result<Analysis> {
    analyse_with(format, options, None, &Progress::quiet())
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

fn analyse_with(format: &FormatDef, options: &Options, cache: Option<&Cache>, progress: &Progress) -> Result<Analysis> {
    let mut paths = ingest::discover(&options.inbox)
        .with_context(|| format!("cannot read the inbox {}", options.inbox.display()))?;
    paths.retain(|p| options.needs(p));
    let reader = reader_key(format, options);
    let cached: BTreeMap<String, InputEntry<FileResult>> = cache.map(|c| c.inputs(&reader)).unwrap_or_default();
    progress.stage("read", paths.len());
    let entries: Vec<(String, (InputEntry<FileResult>, bool))> = paths
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
        .collect();
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let mut partials = Vec::new();
    let mut drafters_texts = BTreeMap::new();
    let mut inputs = Vec::new();
    let changed = entries.iter().any(|(_, (_, fresh))| *fresh) || entries.len() != cached.len();
    let entries: Vec<(String, InputEntry<FileResult>)> = entries.into_iter().map(|(d, (e, _))| (d, e)).collect();
    for (display, entry) in &entries {
        inputs.push(FileRecord {
            path: display.clone(),
            sha256: entry.sha256.clone(),
            size: entry.size,
        });
        match &entry.result {
            FileResult::Read(o) => {
                files.push(o.report.clone());
                diags.extend(o.diagnostics.iter().cloned());
                partials.extend(o.partials.iter().cloned());
            }
            FileResult::Unread(report, d) => {
                files.push(report.clone());
                diags.push((**d).clone());
            }
            FileResult::Drafters(year, text) => {
                drafters_texts.insert(*year, text.clone());
            }
        }
    }
    if let Some(cache) = cache.filter(|_| changed) {
        let mut keep: BTreeMap<String, InputEntry<FileResult>> = entries.into_iter().collect();
        // A part of the inbox keeps what earlier runs read of the rest.
        if !options.is_whole() {
            for (path, entry) in cached {
                keep.entry(path).or_insert(entry);
            }
        }
        cache.save_inputs(&reader, &keep)?;
    }
    let partials = partials
        .into_iter()
        .filter(|p| options.selects(&p.submission.host, p.submission.semester))
        .collect();
    let submissions = merge::combine(format, partials, &mut diags);
    let reports = merge::semester_reports(format, &submissions, &options.report, &mut diags);
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

/// What reading one file gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum FileResult {
    Read(submission::FileOutcome),
    /// Not read as a table: unreadable, or not a table format at all.
    Unread(FileReport, Box<Diagnostic>),
    Drafters(i32, String),
}

/// Reads one file; also returns its SHA-256.
fn read_one(format: &FormatDef, options: &Options, path: &Path, display: &str) -> (FileResult, String) {
    let kind = FileKind::of(path);
    let size = || std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    // The report the file's name or folders claim, if any.
    let claimed = submission::claimed_report(display);
    let unread = |d: Diagnostic, sha: String, size: u64| {
        let mut d = d;
        d.report = claimed.clone();
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
    };
    if !matches!(kind, Some(FileKind::Spreadsheet | FileKind::Csv)) {
        let sha = hash_file(path);
        if let (Some(FileKind::AnnualText), Some(year)) = (kind, drafters_year(path))
            && let Ok(text) = std::fs::read_to_string(path)
        {
            return (FileResult::Drafters(year, text), sha);
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
                "not a spreadsheet, CSV file or annual-<year>.md; the file is ignored",
            )
            .severity(Severity::Warning)
            .expected("xlsx, xlsm, xlsb, xls, ods or csv"),
        };
        return unread(d, sha, size());
    }
    let file = match ingest::load(path, display, &options.limits) {
        Ok(f) => f,
        Err(d) => return unread(d, hash_file(path), size()),
    };
    match ingest::read_grids(&file, &options.limits) {
        Ok(grids) => (
            FileResult::Read(submission::read_file(format, &file, &grids)),
            file.sha256.clone(),
        ),
        Err(d) => unread(d, file.sha256.clone(), file.bytes.len() as u64),
    }
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

/// `annual-2025.md` → 2025.
fn drafters_year(path: &Path) -> Option<i32> {
    let stem = path.file_stem()?.to_str()?;
    stem.strip_prefix("annual-")?.parse().ok()
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildOutcome {
    /// Every output file, written now or unchanged.
    pub outputs: Vec<PathBuf>,
    /// Documents typeset in this run (`MA_2025-H2`, `annual-2025`).
    pub rendered: Vec<String>,
    /// Documents the cache showed to be unchanged.
    pub unchanged: Vec<String>,
    /// Reports not built because their inputs have errors.
    pub blocked: Vec<String>,
    /// Earlier outputs of blocked reports, removed so that they cannot be
    /// taken for current (paths relative to the output folder).
    pub removed: Vec<String>,
    /// The annual summaries were not written: the run covers only some
    /// reports (`--hosts`, `--semester`, `--shard`).
    pub annual_left_out: bool,
    /// Documents that could not be typeset, with the reason (a character
    /// no embedded font has, say); the others are still built.
    pub failed: Vec<(String, String)>,
    pub has_errors: bool,
    pub has_warnings: bool,
}

/// The date printed on and embedded in a document: `SOURCE_DATE_EPOCH`
/// when set, else the given date from the data (never the clock).
fn document_date(from_data: NaiveDate) -> NaiveDate {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map_or(from_data, |dt| dt.date_naive())
}

/// One document to produce: a PDF, the JSON of its model and, for a
/// semester report, its statistical annex workbook.
struct Job<'a> {
    name: String,
    main: &'static str,
    data: serde_json::Value,
    date: NaiveDate,
    pdf: String,
    json: String,
    model: Vec<u8>,
    annex: Option<Annex<'a>>,
}

/// A statistical annex to write (only when its report is rendered).
struct Annex<'a> {
    path: String,
    report: &'a SemesterReport,
    presentation: render::view::Presentation<'a>,
    draft: bool,
}

impl Job<'_> {
    /// Every file the job writes, relative to the output folder.
    fn paths(&self) -> impl Iterator<Item = &String> {
        [&self.pdf, &self.json]
            .into_iter()
            .chain(self.annex.as_ref().map(|a| &a.path))
    }
}

/// Renders what changed and writes it; returns the outputs' records.
struct Renderers<'a> {
    renderer: Renderer,
    templates_key: String,
    out: &'a Path,
    force: bool,
    cache: BTreeMap<String, OutputEntry>,
}

impl Renderers<'_> {
    fn key(&self, job: &Job) -> String {
        let data = serde_json::to_vec(&job.data).unwrap_or_default();
        cache::key(&[
            self.templates_key.as_bytes(),
            job.main.as_bytes(),
            &data,
            job.date.to_string().as_bytes(),
            &job.model,
        ])
    }

    fn unchanged(&self, job: &Job, key: &str) -> bool {
        !self.force
            && job.paths().all(|rel| {
                self.cache.get(rel).is_some_and(|e| {
                    e.key == key && std::fs::metadata(self.out.join(rel)).is_ok_and(|m| m.len() == e.size)
                })
            })
    }

    /// Renders the jobs on one thread per core; unchanged ones are skipped.
    fn run(&mut self, jobs: Vec<Job>, progress: &Progress, outcome: &mut BuildOutcome) -> Result<()> {
        progress.stage("render", jobs.len());
        let keyed: Vec<(Job, String)> = jobs
            .into_iter()
            .map(|j| {
                let k = self.key(&j);
                (j, k)
            })
            .collect();
        let results = render::on_threads(&keyed, |(job, key)| -> Result<Option<Vec<(String, OutputEntry)>>> {
            if self.unchanged(job, key) {
                progress.item("render", &job.name, "unchanged");
                return Ok(None);
            }
            // Every file is made before any is written: a failure leaves the
            // earlier outputs as they were.
            let pdf = self.renderer.pdf(job.main, &job.data, job.date, &job.name)?;
            let annex = job
                .annex
                .as_ref()
                .map(|a| render::annex::workbook(&a.presentation, a.report, job.date, a.draft).map(|b| (&a.path, b)))
                .transpose()?;
            let mut files: Vec<(&String, &[u8])> = vec![(&job.pdf, &pdf), (&job.json, &job.model)];
            files.extend(annex.as_ref().map(|(path, bytes)| (*path, bytes.as_slice())));
            let mut entries = Vec::with_capacity(files.len());
            for (path, bytes) in files {
                output::write_atomic(&self.out.join(path), bytes)?;
                let entry = OutputEntry {
                    key: key.clone(),
                    sha256: ingest::sha256_hex(bytes),
                    size: bytes.len() as u64,
                };
                entries.push((path.clone(), entry));
            }
            progress.item("render", &job.name, "built");
            Ok(Some(entries))
        });
        for ((job, _), result) in keyed.iter().zip(results) {
            let result = match result {
                Ok(r) => r,
                Err(e) => {
                    progress.item("render", &job.name, "failed");
                    outcome.failed.push((job.name.clone(), format!("{e:#}")));
                    continue;
                }
            };
            match result {
                Some(entries) => {
                    outcome.rendered.push(job.name.clone());
                    self.cache.extend(entries);
                }
                None => outcome.unchanged.push(job.name.clone()),
            }
            outcome.outputs.extend(job.paths().map(|path| self.out.join(path)));
        }
        Ok(())
    }
}

/// Renders the jobs that changed into `out` and records them in its cache;
/// returns the output records.
fn render_jobs(
    format: &FormatDef,
    options: &Options,
    out: &Path,
    cache: &Cache,
    jobs: Vec<Job>,
    progress: &Progress,
    outcome: &mut BuildOutcome,
) -> Result<BTreeMap<String, OutputEntry>> {
    let (renderer, templates_key) = renderer_for(format, options)?;
    let mut outputs = cache.outputs();
    outputs.retain(|path, _| !outcome.removed.contains(path));
    let mut renderers = Renderers {
        renderer,
        templates_key,
        out,
        force: options.force,
        cache: outputs,
    };
    renderers.run(jobs, progress, outcome)?;
    cache.save_outputs(&renderers.cache)?;
    Ok(renderers.cache)
}

fn renderer_for(format: &FormatDef, options: &Options) -> Result<(Renderer, String)> {
    let templates = match &options.templates {
        Some(dir) => Templates::with_overrides(dir)?,
        None => Templates::builtin(),
    };
    let mut parts: Vec<Vec<u8>> = vec![env!("CARGO_PKG_VERSION").into(), format.sha256.clone().into()];
    for (name, text) in templates.files() {
        parts.push(name.clone().into_bytes());
        parts.push(text.clone().into_bytes());
    }
    let mut renderer = Renderer::new(templates);
    if let Some(logo) = &options.logo {
        let bytes = std::fs::read(logo).with_context(|| format!("cannot read the logo {}", logo.display()))?;
        parts.push(bytes.clone());
        renderer.add_asset("/logo", bytes);
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    Ok((renderer, cache::key(&refs)))
}

fn semester_job<'a>(
    format: &'a FormatDef,
    r: &'a SemesterReport,
    options: &Options,
    problems: &[String],
) -> Result<Job<'a>> {
    let (draft, key) = (r.draft, r.key());
    let presentation = options.presentation(format);
    let mut data = render::view::semester(&presentation, r, draft, problems);
    data["logo"] = json!(options.logo.is_some());
    let mut model = serde_json::to_vec_pretty(r)?;
    model.push(b'\n');
    let date = document_date(r.date.unwrap_or(r.period_end));
    let annex = Some(Annex {
        path: semester_output(r.semester, &key, ANNEX_SUFFIX),
        report: r,
        presentation,
        draft,
    });
    Ok(Job {
        main: "semester.typ",
        data,
        date,
        pdf: semester_output(r.semester, &key, ".pdf"),
        json: semester_output(r.semester, &key, ".json"),
        name: key,
        model,
        annex,
    })
}

/// A semester report's output file, relative to the output folder:
/// `2025-H2/MA_2025-H2.pdf` for the suffix `.pdf`, `…_annex.xlsx` for
/// `_annex.xlsx`.
fn semester_output(semester: Semester, key: &str, suffix: &str) -> String {
    format!("{semester}/{key}{suffix}")
}

/// An annual summary's output file: `annual/annual-summary_2025.pdf`.
fn annual_output(year: i32, extension: &str) -> String {
    format!("annual/annual-summary_{year}.{extension}")
}

/// The annual summary of every year of `reports`; `previous` may add
/// earlier years' reports for the year-on-year change.
fn annual_jobs<'a>(
    format: &'a FormatDef,
    reports: &[&SemesterReport],
    previous: &[SemesterReport],
    texts: &BTreeMap<i32, String>,
    options: &Options,
) -> Result<Vec<Job<'a>>> {
    let years: BTreeSet<i32> = reports.iter().map(|r| r.semester.year).collect();
    let mut all: Vec<&SemesterReport> = reports.to_vec();
    let present: BTreeSet<(String, Semester)> = reports.iter().map(|r| (r.host.clone(), r.semester)).collect();
    all.extend(
        previous
            .iter()
            .filter(|r| !present.contains(&(r.host.clone(), r.semester))),
    );
    let mut jobs = Vec::new();
    for year in years {
        let summary = annual::summarise(year, &all, options.report.language.code(), texts.get(&year).cloned());
        // Built from any draft report, the summary is a draft too.
        let draft = all.iter().any(|r| r.semester.year == year && r.draft);
        let mut data = render::view::annual(
            &options.presentation(format),
            &summary,
            options.report.marking.as_deref(),
            draft,
        );
        data["logo"] = json!(options.logo.is_some());
        let last = reports
            .iter()
            .filter(|r| r.semester.year == year)
            .filter_map(|r| r.date)
            .max();
        let mut model = serde_json::to_vec_pretty(&summary)?;
        model.push(b'\n');
        jobs.push(Job {
            name: format!("annual-{year}"),
            main: "annual.typ",
            data,
            date: document_date(last.unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default())),
            pdf: annual_output(year, "pdf"),
            json: annual_output(year, "json"),
            model,
            annex: None,
        });
    }
    Ok(jobs)
}

/// Semester reports written by earlier runs (`*/MA_2025-H2.json`) under
/// the given folders. The same report in two folders must be the same: a
/// different copy (a stale shard folder, say) is refused, never picked.
pub fn load_reports(dirs: &[PathBuf]) -> Result<Vec<SemesterReport>> {
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
            let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let report: SemesterReport = serde_json::from_slice(&bytes)
                .with_context(|| format!("{} is not a semester report", path.display()))?;
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

/// Builds every report of the inbox into `out`.
pub fn build(format: &FormatDef, options: &Options, out: &Path) -> Result<(Analysis, BuildOutcome)> {
    build_with_progress(format, options, out, &Progress::quiet())
}

pub fn build_with_progress(
    format: &FormatDef,
    options: &Options,
    out: &Path,
    progress: &Progress,
) -> Result<(Analysis, BuildOutcome)> {
    let started = Instant::now();
    output::remove_stale_temporaries(out);
    let cache = Cache::new(out);
    let analysis = analyse_with(format, options, Some(&cache), progress)?;
    let read_done = started.elapsed();
    let blocked = analysis.blocked_reports();
    let mut outcome = BuildOutcome {
        has_errors: analysis.validation.summary.errors > 0,
        has_warnings: analysis.validation.summary.warnings > 0,
        ..Default::default()
    };
    output::write_atomic(&out.join("validation.json"), &analysis.validation.to_json()?)?;
    output::write_atomic(&out.join("validation.html"), analysis.validation.to_html()?.as_bytes())?;
    outcome.outputs.push(out.join("validation.json"));
    outcome.outputs.push(out.join("validation.html"));

    // Reports with errors are built only as drafts, marked as such.
    let drafts: Vec<SemesterReport> = if options.draft {
        analysis
            .reports
            .iter()
            .filter(|r| blocked.contains(&r.key()))
            .map(|r| SemesterReport {
                draft: true,
                ..r.clone()
            })
            .collect()
    } else {
        Vec::new()
    };
    let to_build: Vec<&SemesterReport> = analysis
        .reports
        .iter()
        .filter(|r| !blocked.contains(&r.key()))
        .chain(&drafts)
        .collect();
    // Every blocked report not built as a draft — also one with no readable
    // submission left (its only file now corrupt, say): its earlier outputs
    // must go.
    let built: BTreeSet<String> = to_build.iter().map(|r| r.key()).collect();
    let unbuilt: Vec<String> = blocked.difference(&built).cloned().collect();
    outcome.removed = remove_outputs_of(out, &unbuilt)?;
    outcome.blocked = unbuilt;
    let mut jobs = Vec::new();
    for r in &to_build {
        let key = r.key();
        let problems: Vec<String> = if options.draft {
            analysis
                .validation
                .diagnostics
                .iter()
                .filter(|d| d.report.as_deref() == Some(key.as_str()))
                .map(ToString::to_string)
                .collect()
        } else {
            Vec::new()
        };
        jobs.push(semester_job(format, r, options, &problems)?);
    }
    if options.is_whole() {
        // A year whose every report is blocked has no annual summary now:
        // the earlier one goes with its reports.
        let built: BTreeSet<i32> = to_build.iter().map(|r| r.semester.year).collect();
        let blocked_years = blocked.iter().filter_map(|k| parse_report_key(k)).map(|(_, s)| s.year);
        let years: BTreeSet<i32> = analysis
            .reports
            .iter()
            .map(|r| r.semester.year)
            .chain(blocked_years)
            .collect();
        for year in years {
            if !built.contains(&year) {
                outcome.removed.extend(remove_files(
                    out,
                    &[annual_output(year, "pdf"), annual_output(year, "json")],
                )?);
            }
        }
        let previous = load_reports(&options.previous)?;
        jobs.extend(annual_jobs(
            format,
            &to_build,
            &previous,
            &analysis.drafters_texts,
            options,
        )?);
    } else {
        outcome.annual_left_out = true;
    }
    let normalise_done = started.elapsed();

    let outputs = render_jobs(format, options, out, &cache, jobs, progress, &mut outcome)?;
    let render_done = started.elapsed();

    let timings = Timings {
        read_ms: ms(read_done),
        normalise_ms: ms(normalise_done - read_done),
        render_ms: ms(render_done - normalise_done),
        total_ms: ms(started.elapsed()),
    };
    write_manifest(format, &analysis, &outcome, &outputs, out, &timings)?;
    progress.done(json!({
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
    }));
    Ok((analysis, outcome))
}

/// Builds the annual summaries from semester reports that earlier runs (or
/// shards of one run) wrote into `dirs`.
pub fn annual_from(
    format: &FormatDef,
    dirs: &[PathBuf],
    options: &Options,
    out: &Path,
    texts: &BTreeMap<i32, String>,
    progress: &Progress,
) -> Result<BuildOutcome> {
    let reports = load_reports(dirs)?;
    let refs: Vec<&SemesterReport> = reports.iter().collect();
    let previous = load_reports(&options.previous)?;
    let jobs = annual_jobs(format, &refs, &previous, texts, options)?;
    let mut outcome = BuildOutcome::default();
    render_jobs(format, options, out, &Cache::new(out), jobs, progress, &mut outcome)?;
    progress.done(json!({ "rendered": outcome.rendered.len(), "unchanged": outcome.unchanged.len() }));
    Ok(outcome)
}

/// Removes the PDF, JSON and annex that earlier runs wrote for reports
/// (`MA_2025-H2`) that are not built now; returns what was removed.
fn remove_outputs_of(out: &Path, keys: &[String]) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for key in keys {
        let Some((_, semester)) = parse_report_key(key) else {
            continue;
        };
        let files = [".pdf", ".json", ANNEX_SUFFIX].map(|suffix| semester_output(semester, key, suffix));
        removed.extend(remove_files(out, &files)?);
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

/// Milliseconds spent per stage.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Timings {
    pub read_ms: u64,
    pub normalise_ms: u64,
    pub render_ms: u64,
    pub total_ms: u64,
}

fn ms(d: Duration) -> u64 {
    d.as_millis() as u64
}

/// `OUT/manifest.json`: every input and output with SHA-256 and size, the
/// tool version, the format id, counts and timings.
fn write_manifest(
    format: &FormatDef,
    analysis: &Analysis,
    outcome: &BuildOutcome,
    outputs: &BTreeMap<String, OutputEntry>,
    out: &Path,
    timings: &Timings,
) -> Result<()> {
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

/// The report language from a code.
pub fn parse_lang(code: &str) -> Option<Lang> {
    match code {
        "en" => Some(Lang::En),
        "fr" => Some(Lang::Fr),
        "de" => Some(Lang::De),
        _ => None,
    }
}

/// Takes the lock of an output folder, waiting up to `wait` for another run
/// to finish. The lock is held as long as the returned file is open.
pub fn lock_output(out: &Path, wait: Duration) -> Result<std::fs::File> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create the output folder {}", out.display()))?;
    let path = out.join(".lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(100))
            }
            Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
                "another ilo-report run is writing to {} (waited {} s); try again later or raise --wait",
                out.display(),
                wait.as_secs()
            ),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
    }
}
