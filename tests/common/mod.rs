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

/// An empty inbox folder `inbox/` in a temporary folder (kept while the
/// returned guard lives).
pub fn inbox() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    (dir, inbox)
}

/// Runs the `ilo-report` binary with a fixed document date.
pub fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ilo-report"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1767139200")
        .output()
        .expect("the binary runs")
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
    let (analysis, outcome) = pipeline::build(FormatDef::builtin(), &options, out).expect("the build runs");
    assert_invariants(&analysis);
    (analysis, outcome)
}

pub fn analyse(inbox: &Path) -> Analysis {
    let analysis = pipeline::analyse(
        FormatDef::builtin(),
        &Options {
            inbox: inbox.to_path_buf(),
            ..Options::default()
        },
    )
    .expect("the inbox is read");
    assert_invariants(&analysis);
    analysis
}

/// What holds for every inbox (checked by every run of these helpers):
/// rows read = used + rejected for every table of every file, and every
/// report's total per indicator equals the sum of the figures used —
/// per-Member-State figures summed, a host-wide figure counted once —
/// unless the report has a conflict (and is blocked).
pub fn assert_invariants(analysis: &Analysis) {
    use ilo_report::format::Scope;
    use std::collections::BTreeMap;
    for file in &analysis.validation.files {
        for t in &file.tables {
            assert_eq!(
                t.rows_read,
                t.rows_used + t.rows_rejected,
                "{} {:?} {}: rows read = used + rejected",
                file.path,
                t.sheet,
                t.table
            );
        }
    }
    for report in analysis.reports.iter().filter(|r| r.conflicts.is_empty()) {
        let subs: Vec<_> = analysis
            .submissions
            .iter()
            .filter(|s| s.host == report.host && s.semester == report.semester)
            .collect();
        for table in &report.statistics {
            // Only the figures that make up the indicator's figure: all of a
            // partition, the widest level of a subset, the persons (no
            // ground) of multi-count grounds.
            let used = subs
                .iter()
                .flat_map(|s| s.statistics.iter())
                .filter(|o| o.indicator == table.indicator && table.counts(o.breakdown.as_deref()));
            let expected: Option<u64> = match table.scope {
                Scope::PerMemberState => {
                    let values: Vec<u64> = used.map(|o| o.value).collect();
                    (!values.is_empty()).then(|| values.iter().sum())
                }
                Scope::HostWide => {
                    // Each cell once; a cell that totals others sent by
                    // another Member State is a check, not a figure.
                    let cells: BTreeMap<_, u64> = used
                        .map(|o| ((o.citizenship.clone(), o.breakdown.clone()), o.value))
                        .collect();
                    let totals_other = |(c, b): &(Option<String>, Option<String>)| {
                        cells
                            .keys()
                            .any(|(c2, b2)| (c.is_none() || c == c2) && (b.is_none() || b == b2) && (c, b) != (c2, b2))
                    };
                    let values: Vec<u64> = cells
                        .iter()
                        .filter(|(k, _)| !totals_other(k))
                        .map(|(_, v)| *v)
                        .collect();
                    (!values.is_empty()).then(|| values.iter().sum())
                }
            };
            assert_eq!(
                table.total,
                expected,
                "{} {}: the report's total is the sum of the figures used",
                report.key(),
                table.indicator
            );
            assert_eq!(
                table.total,
                table.figure(|r| Some(r.total)),
                "{} {}: the total is the sum of the rows that count",
                report.key(),
                table.indicator
            );
        }
    }
}

/// Writes a text file, making its folder.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// How many diagnostics the run has, asserting that each is one of the
/// two warnings every 2025 report without a drafting text has by design:
/// its semester lies outside the format's legal basis (Regulation
/// 377/2004 was repealed in 2019), and it is a compilation
/// (`no-drafting-text`).
pub fn by_design_warnings_only(analysis: &Analysis) -> usize {
    for d in &analysis.validation.diagnostics {
        assert!(
            ["outside-legal-basis", "no-drafting-text"].contains(&d.code.as_str().as_str()),
            "{}",
            analysis.validation.to_text()
        );
        assert!(d.report.is_some(), "tied to its report");
    }
    analysis.validation.diagnostics.len()
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

/// The diagnostics of a code.
pub fn diags<'a>(analysis: &'a Analysis, code: &str) -> Vec<&'a ilo_report::diagnostics::Diagnostic> {
    analysis
        .validation
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == code)
        .collect()
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

/// The text of a DOCX read back with a reader (docx-rs): every paragraph,
/// and every table row as its cells separated by " | ", one a line.
pub fn docx_text(bytes: &[u8]) -> String {
    use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
    let doc = docx_rs::read_docx(bytes).expect("the DOCX reads back");
    let mut lines = Vec::new();
    for child in &doc.document.children {
        match child {
            DocumentChild::Paragraph(p) => lines.push(p.raw_text()),
            DocumentChild::Table(t) => {
                for TableChild::TableRow(row) in &t.rows {
                    let cells: Vec<String> = row
                        .cells
                        .iter()
                        .map(|TableRowChild::TableCell(cell)| {
                            cell.children
                                .iter()
                                .filter_map(|c| match c {
                                    TableCellContent::Paragraph(p) => Some(p.raw_text()),
                                    _ => None,
                                })
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .collect();
                    lines.push(cells.join(" | "));
                }
            }
            _ => {}
        }
    }
    lines.join("\n")
}
