//! Helpers shared by the integration tests: real fixture files written with
//! rust_xlsxwriter and csv, runs of the pipeline, and PDF text extraction.
#![allow(dead_code)]

use ilo_report::format::FormatDef;
use ilo_report::pipeline::{self, Analysis, BuildOutcome, Options};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::{Path, PathBuf};

/// A cell of a fixture sheet.
#[derive(Clone, Debug)]
pub enum C {
    T(&'static str),
    S(String),
    N(f64),
    /// A real date cell.
    D(u16, u8, u8),
    /// A formula with its cached result.
    F(&'static str, f64),
    E,
}

pub use C::*;

/// Writes an xlsx workbook: each sheet a name and rows of cells (row 1 first).
pub fn xlsx(path: &Path, sheets: &[(&str, Vec<Vec<C>>)]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let sheet = wb.add_worksheet().set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    T(s) => {
                        sheet.write_string(r, c, *s).unwrap();
                    }
                    S(s) => {
                        sheet.write_string(r, c, s).unwrap();
                    }
                    N(n) => {
                        sheet.write_number(r, c, *n).unwrap();
                    }
                    D(y, m, d) => {
                        sheet
                            .write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date)
                            .unwrap();
                    }
                    F(f, v) => {
                        sheet
                            .write_formula(r, c, *f)
                            .unwrap()
                            .set_formula_result(r, c, v.to_string());
                    }
                    E => {}
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// The Submission sheet's rows.
pub fn submission_sheet(
    ms: &'static str,
    host: &'static str,
    semester: &'static str,
    extra: &[(&'static str, &'static str)],
) -> (&'static str, Vec<Vec<C>>) {
    let mut rows = vec![
        vec![T("member_state"), T(ms)],
        vec![T("host"), T(host)],
        vec![T("semester"), T(semester)],
    ];
    rows.extend(extra.iter().map(|(k, v)| vec![T(k), T(v)]));
    ("Submission", rows)
}

/// A header row from column names.
pub fn header(names: &[&'static str]) -> Vec<C> {
    names.iter().map(|n| T(n)).collect()
}

/// Runs `build` on an inbox into `out`.
pub fn build(inbox: &Path, out: &Path) -> (Analysis, BuildOutcome) {
    build_with(
        Options {
            inbox: inbox.to_path_buf(),
            ..Options::default()
        },
        out,
    )
}

pub fn build_with(options: Options, out: &Path) -> (Analysis, BuildOutcome) {
    pipeline::build(FormatDef::builtin(), &options, out).expect("the build runs")
}

pub fn analyse(inbox: &Path) -> Analysis {
    pipeline::analyse(
        FormatDef::builtin(),
        &Options {
            inbox: inbox.to_path_buf(),
            ..Options::default()
        },
    )
    .expect("the inbox is read")
}

/// The text of a PDF with white space folded (no-break spaces count as
/// spaces, soft hyphens removed), for assertions.
pub fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    fold(&pdf_extract::extract_text_from_mem(&bytes).expect("the PDF text can be extracted"))
}

/// The text of each page, folded.
pub fn pdf_pages(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    pdf_extract::extract_text_from_mem_by_pages(&bytes)
        .expect("the PDF text can be extracted")
        .iter()
        .map(|p| fold(p))
        .collect()
}

pub fn fold(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
        .replace('\u{ad}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The path of the repository's sample data.
pub fn sample_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

/// Diagnostics of a code, as `(cell, found)`.
pub fn cells_of(analysis: &Analysis, code: &str) -> Vec<(Option<String>, Option<String>)> {
    analysis
        .validation
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == code)
        .map(|d| (d.cell.clone(), d.found.clone()))
        .collect()
}
