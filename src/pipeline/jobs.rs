//! The documents a run produces: one job per semester report (its PDF, the
//! JSON of its model and its statistical annex) and per annual summary.

use super::Options;
use super::outputs::{ChartOutput, annual_output, chart_outputs, semester_output};
use super::read::{DraftersTexts, drafters_text};
use super::versions::version_output;
use crate::format::FormatDef;
use crate::model::{ReportKey, SemesterReport};
use crate::normalise::{annual, personal};
use crate::reference::Semester;
use crate::render;
use crate::render::view::ANNEX_SUFFIX;
use crate::validation::ValidationReport;
use anyhow::Result;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// One document to produce: a PDF, the JSON of its model and, for a
/// semester report, its statistical annex workbook.
pub(super) struct Job<'a> {
    pub(super) name: String,
    pub(super) main: &'static str,
    pub(super) data: serde_json::Value,
    pub(super) date: NaiveDate,
    pub(super) pdf: String,
    pub(super) json: String,
    pub(super) model: Vec<u8>,
    /// Where the model is kept as the version transmitted (a semester
    /// report not built as a draft), besides `json`.
    pub(super) version: Option<String>,
    pub(super) annex: Option<Annex<'a>>,
    /// Every chart of `data` with its SVG, PNG and caption file.
    pub(super) charts: Vec<ChartOutput>,
    /// The editable document (an annual summary's DOCX), if any.
    pub(super) docx: Option<Docx>,
}

/// An annual summary's editable document: where it goes and the view it
/// is written from (the one `data` is the JSON of).
pub(super) struct Docx {
    pub(super) path: String,
    pub(super) view: render::view::AnnualView,
}

/// A statistical annex to write (only when its report is rendered).
pub(super) struct Annex<'a> {
    pub(super) path: String,
    pub(super) report: &'a SemesterReport,
    pub(super) presentation: render::view::Presentation<'a>,
    pub(super) draft: bool,
}

impl Job<'_> {
    /// Every file the job writes, relative to the output folder.
    pub(super) fn paths(&self) -> impl Iterator<Item = &String> {
        [&self.pdf, &self.json]
            .into_iter()
            .chain(self.version.as_ref())
            .chain(self.annex.as_ref().map(|a| &a.path))
            .chain(self.charts.iter().flat_map(|c| &c.files))
            .chain(self.docx.as_ref().map(|d| &d.path))
    }
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

/// The job of every report to build; a draft run prints each report's
/// problems in it, a revision what changed since `previous` (its previous
/// version, by report).
pub(super) fn semester_jobs<'a>(
    format: &'a FormatDef,
    to_build: &[&'a SemesterReport],
    validation: &ValidationReport,
    previous: &BTreeMap<ReportKey, SemesterReport>,
    options: &Options,
) -> Result<Vec<Job<'a>>> {
    let mut jobs = Vec::new();
    for &r in to_build {
        let key = r.key();
        let problems: Vec<String> = if options.draft {
            validation
                .diagnostics
                .iter()
                .filter(|d| d.report.as_ref() == Some(&key))
                .map(ToString::to_string)
                // A value found in the wrong column is printed as sent.
                .map(|p| if options.redact { personal::redact(&p).0 } else { p })
                .collect()
        } else {
            Vec::new()
        };
        jobs.push(semester_job(format, r, options, &problems, previous.get(&key))?);
    }
    Ok(jobs)
}

/// The job of one semester report; `problems` are printed in a draft, the
/// changes since `previous` in a revision. A report not built as a draft
/// is kept as the version transmitted.
fn semester_job<'a>(
    format: &'a FormatDef,
    r: &'a SemesterReport,
    options: &Options,
    problems: &[String],
    previous: Option<&SemesterReport>,
) -> Result<Job<'a>> {
    let (draft, key) = (r.draft, r.key());
    let presentation = options.presentation(format);
    let data = render::view::semester_revised(&presentation, r, draft, problems, previous);
    let mut model = serde_json::to_vec_pretty(r)?;
    model.push(b'\n');
    let date = document_date(r.date.unwrap_or(r.period_end));
    let annex = Some(Annex {
        path: semester_output(&key, ANNEX_SUFFIX),
        report: r,
        presentation,
        draft,
    });
    let pdf = semester_output(&key, ".pdf");
    Ok(Job {
        main: "semester.typ",
        charts: chart_outputs(&pdf, &data),
        data,
        date,
        pdf,
        json: semester_output(&key, ".json"),
        // Only a numbered report is registered for transmission: a build
        // without a number (a nightly check) never replaces the version
        // transmitted.
        version: (!draft && r.council.number.is_some()).then(|| version_output(&key, r.council.revision)),
        name: key.to_string(),
        model,
        annex,
        docx: None,
    })
}

/// The annual summary of every year of `reports`; `previous` may add
/// earlier years' reports for the year-on-year change.
pub(super) fn annual_jobs<'a>(
    format: &'a FormatDef,
    reports: &[&SemesterReport],
    previous: &[SemesterReport],
    texts: &DraftersTexts,
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
        let summary = annual::summarise(
            format,
            year,
            &all,
            options.report.language.code(),
            drafters_text(texts, year, options.report.language.code()),
        );
        // Built from any draft report, the summary is a draft too.
        let draft = all.iter().any(|r| r.semester.year == year && r.draft);
        let view = render::view::annual_view(
            &options.presentation(format),
            &summary,
            options.report.marking.as_deref(),
            draft,
        );
        let data = serde_json::to_value(&view)?;
        let last = reports
            .iter()
            .filter(|r| r.semester.year == year)
            .filter_map(|r| r.date)
            .max();
        let mut model = serde_json::to_vec_pretty(&summary)?;
        model.push(b'\n');
        let pdf = annual_output(year, "pdf");
        jobs.push(Job {
            name: format!("annual-{year}"),
            main: "annual.typ",
            charts: chart_outputs(&pdf, &data),
            data,
            date: document_date(last.unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default())),
            pdf,
            json: annual_output(year, "json"),
            model,
            version: None,
            annex: None,
            docx: Some(Docx {
                path: annual_output(year, "docx"),
                view,
            }),
        });
    }
    Ok(jobs)
}
