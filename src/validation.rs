//! The validation report of a run: `validation.json` (the shape of SPEC §5),
//! `validation.html` for a person (rendered with minijinja, HTML escaped,
//! self-contained) and the console summary, grouped per file, errors first.

use crate::diagnostics::{Diagnostic, FileReport, Severity};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

/// Problems of one code shown per file on the console (without --verbose).
pub(crate) const EXAMPLES: usize = 3;

/// Counts of the run.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// Everything found in an inbox.
#[derive(Debug, Clone, Serialize)]
pub struct ValidationReport {
    pub(crate) format: String,
    pub summary: Summary,
    pub files: Vec<FileReport>,
    pub diagnostics: Vec<Diagnostic>,
}

impl ValidationReport {
    /// Sorts diagnostics (file, errors first, position; report-level ones
    /// last) and counts them.
    pub fn new(format: &str, files: Vec<FileReport>, mut diagnostics: Vec<Diagnostic>) -> Self {
        // Per file, errors first; then the report-level problems (no
        // file), per report.
        fn key(d: &Diagnostic) -> impl Ord + '_ {
            let report = if d.file.is_empty() { d.report.as_ref() } else { None };
            (
                d.file.is_empty(),
                d.file.as_str(),
                report,
                d.severity,
                d.sheet.as_deref(),
                d.row,
                d.column,
                d.code,
            )
        }
        diagnostics.sort_by(|a, b| key(a).cmp(&key(b)));
        let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        ValidationReport {
            format: format.to_string(),
            summary: Summary {
                files: files.len(),
                errors,
                warnings: diagnostics.len() - errors,
            },
            files,
            diagnostics,
        }
    }

    /// Adds problems found after the inbox was read (a revision without
    /// its previous version, say), sorted and counted with the others.
    pub(crate) fn extend(&mut self, diagnostics: Vec<Diagnostic>) {
        if diagnostics.is_empty() {
            return;
        }
        let mut all = std::mem::take(&mut self.diagnostics);
        all.extend(diagnostics);
        *self = ValidationReport::new(&self.format, std::mem::take(&mut self.files), all);
    }

    pub fn to_json(&self) -> Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// The console text: per file (report-level problems per report),
    /// errors first, with counts. Unless `verbose`, each file shows at most
    /// [`EXAMPLES`] problems of a code and the rest is counted, pointing to
    /// validation.html, so that a systematic mistake does not flood the
    /// console.
    pub fn console(&self, verbose: bool) -> String {
        let mut out = String::new();
        let mut by_place: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
        for d in &self.diagnostics {
            let place = match (&d.file, &d.report) {
                (file, _) if !file.is_empty() => file.clone(),
                (_, Some(report)) => format!("report {report}"),
                _ => "(across files)".to_string(),
            };
            by_place.entry(place).or_default().push(d);
        }
        let mut hidden = 0;
        for (place, diags) in &by_place {
            let errors = diags.iter().filter(|d| d.is_error()).count();
            out.push_str(&format!(
                "{place}: {errors} error(s), {} warning(s)\n",
                diags.len() - errors
            ));
            let mut by_code: BTreeMap<(Severity, String), Vec<&Diagnostic>> = BTreeMap::new();
            for d in diags {
                by_code.entry((d.severity, d.code.as_str())).or_default().push(d);
            }
            for ((_, code), list) in &by_code {
                let shown = if verbose { list.len() } else { list.len().min(EXAMPLES) };
                for d in &list[..shown] {
                    out.push_str(&format!("  {d}\n"));
                }
                if shown < list.len() {
                    hidden += list.len() - shown;
                    out.push_str(&format!("  … and {} more {code} here\n", list.len() - shown));
                }
            }
        }
        out.push_str(&format!(
            "{} file(s) checked: {} error(s), {} warning(s)\n",
            self.summary.files, self.summary.errors, self.summary.warnings
        ));
        if hidden > 0 {
            out.push_str(&format!(
                "{hidden} problem(s) not shown here: run with --verbose, or see validation.html and validation.json (written by build, or by validate --format html|json --out FILE)\n"
            ));
        }
        out
    }

    /// The console text with every problem.
    pub fn to_text(&self) -> String {
        self.console(true)
    }

    /// The HTML report a secretariat opens in a browser.
    pub fn to_html(&self) -> Result<String> {
        let mut env = minijinja::Environment::new();
        env.add_template("validation.html", include_str!("../report-templates/validation.html"))?;
        let template = env.get_template("validation.html")?;
        Ok(template.render(minijinja::context! { report => minijinja::Value::from(minijinja::value::Serde(self)) })?)
    }
}
