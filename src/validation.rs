//! The validation report of a run: `validation.json` (the shape of SPEC §5),
//! `validation.html` for a person (rendered with minijinja, HTML escaped,
//! self-contained) and the console summary, grouped per file, errors first.

use crate::diagnostics::{Diagnostic, FileReport, Severity};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

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
    pub format: String,
    pub summary: Summary,
    pub files: Vec<FileReport>,
    pub diagnostics: Vec<Diagnostic>,
}

impl ValidationReport {
    /// Sorts diagnostics (file, errors first, position) and counts them.
    pub fn new(format: &str, files: Vec<FileReport>, mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| {
            (&a.file, a.severity, &a.sheet, a.row, a.column, a.code)
                .cmp(&(&b.file, b.severity, &b.sheet, b.row, b.column, b.code))
        });
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

    pub fn to_json(&self) -> Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// The console text: per file, errors first, with counts.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
        for d in &self.diagnostics {
            by_file.entry(d.file.as_str()).or_default().push(d);
        }
        for (file, diags) in &by_file {
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let file = if file.is_empty() { "(across files)" } else { file };
            out.push_str(&format!(
                "{file}: {errors} error(s), {} warning(s)\n",
                diags.len() - errors
            ));
            for d in diags {
                out.push_str(&format!("  {d}\n"));
            }
        }
        out.push_str(&format!(
            "{} file(s) checked: {} error(s), {} warning(s)\n",
            self.summary.files, self.summary.errors, self.summary.warnings
        ));
        out
    }

    /// The HTML report a secretariat opens in a browser.
    pub fn to_html(&self) -> Result<String> {
        let mut env = minijinja::Environment::new();
        env.add_template("validation.html", include_str!("../report-templates/validation.html"))?;
        let template = env.get_template("validation.html")?;
        Ok(template.render(minijinja::context! { report => minijinja::Value::from(minijinja::value::Serde(self)) })?)
    }
}
