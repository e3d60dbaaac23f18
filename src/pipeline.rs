//! The whole run, stage by stage: load the inbox, read every file, merge
//! into semester reports and annual summaries, render, and write the
//! outputs. `validate` stops after the reading and merging.

use crate::diagnostics::{Code, Diagnostic, FileReport, FileStatus, Location, Severity};
use crate::format::FormatDef;
use crate::ingest::{self, FileKind, Limits};
use crate::model::{AnnualSummary, SemesterReport, Submission};
use crate::normalise::{ReportOptions, annual, merge, submission};
use crate::output;
use crate::reference::{Lang, Semester};
use crate::render::{self, Renderer, Templates};
use crate::validation::ValidationReport;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    /// A folder of templates overriding the built-in ones.
    pub templates: Option<PathBuf>,
}

/// The result of reading and merging an inbox.
pub struct Analysis {
    pub validation: ValidationReport,
    pub submissions: Vec<Submission>,
    pub reports: Vec<SemesterReport>,
    /// Drafters' Markdown by year (`annual-2025.md`).
    pub drafters_texts: BTreeMap<i32, String>,
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

/// The path as diagnostics name it: relative to the inbox's parent, so
/// `inbox/FR_MA_2025-H2.xlsx`.
fn display_path(inbox: &Path, path: &Path) -> String {
    let base = inbox.parent().filter(|p| !p.as_os_str().is_empty());
    let shown = base.and_then(|b| path.strip_prefix(b).ok()).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

/// Reads and merges the inbox: every file, every problem.
pub fn analyse(format: &FormatDef, options: &Options) -> Result<Analysis> {
    let paths = ingest::discover(&options.inbox)
        .with_context(|| format!("cannot read the inbox {}", options.inbox.display()))?;
    let outcomes: Vec<FileResult> = paths.par_iter().map(|path| read_one(format, options, path)).collect();
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let mut partials = Vec::new();
    let mut drafters_texts = BTreeMap::new();
    for outcome in outcomes {
        match outcome {
            FileResult::Read(o) => {
                files.push(o.report);
                diags.extend(o.diagnostics);
                partials.extend(o.partials);
            }
            FileResult::Failed(report, d) => {
                files.push(report);
                diags.push(*d);
            }
            FileResult::Drafters(year, text) => {
                drafters_texts.insert(year, text);
            }
            FileResult::Ignored(d) => diags.push(*d),
        }
    }
    let partials = partials
        .into_iter()
        .filter(|p| {
            (options.hosts.is_empty() || options.hosts.contains(&p.submission.host))
                && options.semester.is_none_or(|s| s == p.submission.semester)
        })
        .collect();
    let submissions = merge::combine(partials, &mut diags);
    let reports = merge::semester_reports(format, &submissions, &options.report, &mut diags);
    let validation = ValidationReport::new(&format.id, files, diags);
    Ok(Analysis {
        validation,
        submissions,
        reports,
        drafters_texts,
    })
}

enum FileResult {
    Read(submission::FileOutcome),
    Failed(FileReport, Box<Diagnostic>),
    Drafters(i32, String),
    Ignored(Box<Diagnostic>),
}

fn read_one(format: &FormatDef, options: &Options, path: &Path) -> FileResult {
    let display = display_path(&options.inbox, path);
    let kind = FileKind::of(path);
    if kind == Some(FileKind::AnnualText)
        && let Some(year) = drafters_year(path)
        && let Ok(text) = std::fs::read_to_string(path)
    {
        return FileResult::Drafters(year, text);
    }
    if !matches!(kind, Some(FileKind::Spreadsheet | FileKind::Csv)) {
        return FileResult::Ignored(Box::new(
            Diagnostic::new(
                Code::UnknownTable,
                &Location::file(&display),
                "not a spreadsheet, CSV file or annual-<year>.md; the file is ignored",
            )
            .severity(Severity::Warning)
            .expected("xlsx, xlsm, xlsb, xls, ods or csv"),
        ));
    }
    let failed = |d: Diagnostic, sha: String, size: u64| {
        let mut d = d;
        let (ms, host, sem) = submission::key_from_file_name(path);
        d.report = ms.and(host.zip(sem)).map(|(h, s)| crate::model::report_key(&h, s));
        FileResult::Failed(
            FileReport {
                path: display.clone(),
                sha256: sha,
                size,
                status: FileStatus::Unreadable,
                tables: Vec::new(),
            },
            Box::new(d),
        )
    };
    let file = match ingest::load(path, &display, &options.limits) {
        Ok(f) => f,
        Err(d) => return failed(d, String::new(), std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)),
    };
    match ingest::read_grids(&file, &options.limits) {
        Ok(grids) => FileResult::Read(submission::read_file(format, &file, &grids)),
        Err(d) => failed(d, file.sha256.clone(), file.bytes.len() as u64),
    }
}

/// `annual-2025.md` → 2025.
fn drafters_year(path: &Path) -> Option<i32> {
    let stem = path.file_stem()?.to_str()?;
    stem.strip_prefix("annual-")?.parse().ok()
}

/// Files written by a build.
#[derive(Debug, Default)]
pub struct BuildOutcome {
    pub written: Vec<PathBuf>,
    /// Reports not built because their inputs have errors.
    pub blocked: Vec<String>,
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

/// Builds every report of the inbox into `out`.
pub fn build(format: &FormatDef, options: &Options, out: &Path) -> Result<(Analysis, BuildOutcome)> {
    let analysis = analyse(format, options)?;
    let templates = match &options.templates {
        Some(dir) => Templates::with_overrides(dir)?,
        None => Templates::builtin(),
    };
    let renderer = Renderer::new(templates);
    let lang = options.report.language;
    let blocked = analysis.blocked_reports();
    let mut outcome = BuildOutcome {
        has_errors: analysis.validation.summary.errors > 0,
        has_warnings: analysis.validation.summary.warnings > 0,
        ..Default::default()
    };
    output::write_atomic(&out.join("validation.json"), &analysis.validation.to_json()?)?;
    output::write_atomic(&out.join("validation.html"), analysis.validation.to_html()?.as_bytes())?;
    outcome.written.push(out.join("validation.json"));
    outcome.written.push(out.join("validation.html"));

    let to_build: Vec<&SemesterReport> = analysis
        .reports
        .iter()
        .filter(|r| options.draft || !blocked.contains(&r.key()))
        .collect();
    outcome.blocked = analysis
        .reports
        .iter()
        .map(SemesterReport::key)
        .filter(|k| blocked.contains(k) && !options.draft)
        .collect();
    let written: Vec<Result<Vec<PathBuf>>> = render::on_threads(&to_build, |r| {
        let problems: Vec<String> = if options.draft {
            analysis
                .validation
                .diagnostics
                .iter()
                .filter(|d| d.report.as_deref() == Some(&r.key()))
                .map(ToString::to_string)
                .collect()
        } else {
            Vec::new()
        };
        let draft = options.draft && blocked.contains(&r.key());
        let data = render::view::semester(format, r, lang, draft, &problems);
        let date = document_date(r.date.unwrap_or(r.period_end));
        let pdf = renderer.pdf("semester.typ", &data, date, &r.key())?;
        let dir = out.join(r.semester.to_string());
        let pdf_path = dir.join(format!("{}.pdf", r.key()));
        let json_path = dir.join(format!("{}.json", r.key()));
        output::write_atomic(&pdf_path, &pdf)?;
        output::write_json(&json_path, r)?;
        Ok(vec![pdf_path, json_path])
    });
    for w in written {
        outcome.written.extend(w?);
    }
    let years: BTreeSet<i32> = to_build.iter().map(|r| r.semester.year).collect();
    for year in years {
        let summary: AnnualSummary = annual::summarise(
            year,
            &to_build,
            lang.code(),
            analysis.drafters_texts.get(&year).cloned(),
        );
        let data = render::view::annual(format, &summary, lang, options.report.marking.as_deref());
        let last = to_build
            .iter()
            .filter(|r| r.semester.year == year)
            .filter_map(|r| r.date)
            .max();
        let date = document_date(last.unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default()));
        let pdf = renderer.pdf("annual.typ", &data, date, &format!("annual-{year}"))?;
        let dir = out.join("annual");
        let pdf_path = dir.join(format!("annual-summary_{year}.pdf"));
        let json_path = dir.join(format!("annual-summary_{year}.json"));
        output::write_atomic(&pdf_path, &pdf)?;
        output::write_json(&json_path, &summary)?;
        outcome.written.push(pdf_path);
        outcome.written.push(json_path);
    }
    Ok((analysis, outcome))
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
