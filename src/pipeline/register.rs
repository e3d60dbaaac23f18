//! The postings register: which Member State posts how many ILOs where,
//! where they are posted, the countries they are also accredited to and
//! the Member States they represent (Art. 5) — one row per posting, merged
//! across submissions as the reports merge them, hosts by name and Member
//! States in protocol order. Per semester (`2025-H2/postings.*`) and per
//! year (`annual/postings_2025.*`), as CSV, JSON and a workbook.

use crate::model::SemesterReport;
use crate::normalise::merge::highest_marking;
use crate::output::write_atomic;
use crate::reference::{Lang, countries};
use anyhow::Result;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One posting of the register.
#[derive(Serialize)]
struct Row {
    semester: String,
    host: String,
    host_name: String,
    member_state: String,
    member_state_name: String,
    ilos: u64,
    posted_at: String,
    /// Country codes, `;`-separated.
    accredited_to: String,
    /// Member State codes, `;`-separated.
    represents: String,
}

/// The register's columns, as the CSV and JSON name them.
const COLUMNS: [&str; 9] = [
    "semester",
    "host",
    "host_name",
    "member_state",
    "member_state_name",
    "ilos",
    "posted_at",
    "accredited_to",
    "represents",
];

/// Writes the register of every semester and year of `reports` into
/// `out`; returns the files written.
pub(super) fn write_registers(out: &Path, reports: &[&SemesterReport], lang: Lang) -> Result<Vec<PathBuf>> {
    let mut by_semester: BTreeMap<String, Vec<&SemesterReport>> = BTreeMap::new();
    let mut by_year: BTreeMap<i32, Vec<&SemesterReport>> = BTreeMap::new();
    for r in reports {
        by_semester.entry(r.semester.to_string()).or_default().push(r);
        by_year.entry(r.semester.year).or_default().push(r);
    }
    let mut written = Vec::new();
    for (semester, reports) in by_semester {
        written.extend(write_register(&out.join(&semester).join("postings"), &reports, lang)?);
    }
    for (year, reports) in by_year {
        written.extend(write_register(
            &out.join("annual").join(format!("postings_{year}")),
            &reports,
            lang,
        )?);
    }
    Ok(written)
}

/// The rows of `reports`: by semester, host name, then Member State in
/// protocol order.
fn rows(reports: &[&SemesterReport], lang: Lang) -> Vec<Row> {
    let mut sorted: Vec<&&SemesterReport> = reports.iter().collect();
    sorted.sort_by_cached_key(|r| (r.semester, countries::name(&r.host, lang)));
    let mut rows = Vec::new();
    for r in sorted {
        let mut postings: Vec<_> = r.composition.iter().collect();
        postings.sort_by_key(|p| countries::protocol_rank(&p.item.member_state));
        rows.extend(postings.into_iter().map(|p| Row {
            semester: r.semester.to_string(),
            host: r.host.clone(),
            host_name: countries::name(&r.host, lang),
            member_state: p.item.member_state.clone(),
            member_state_name: countries::name(&p.item.member_state, lang),
            ilos: p.item.ilos,
            posted_at: p.item.posted_at.clone().unwrap_or_default(),
            accredited_to: p.item.accredited_to.join(";"),
            represents: p.item.represents.join(";"),
        }));
    }
    rows
}

/// Writes `base`.csv, .json and .xlsx; returns them.
fn write_register(base: &Path, reports: &[&SemesterReport], lang: Lang) -> Result<Vec<PathBuf>> {
    let rows = rows(reports, lang);
    let path = |ext: &str| base.with_extension(ext);

    let mut csv = csv::Writer::from_writer(Vec::new());
    for row in &rows {
        csv.serialize(row)?;
    }
    if rows.is_empty() {
        csv.write_record(COLUMNS)?;
    }
    write_atomic(&path("csv"), &csv.into_inner()?)?;
    write_atomic(&path("json"), &serde_json::to_vec_pretty(&rows)?)?;
    // The workbook is dated by its latest report (so that rebuilds are
    // byte-identical) and carries the highest marking of its reports.
    let date = reports.iter().filter_map(|r| r.date.or(Some(r.period_end))).max();
    let marking = highest_marking(reports.iter().filter_map(|r| r.classification.as_ref()));
    write_atomic(&path("xlsx"), &workbook(&rows, date, marking.as_deref())?)?;
    Ok(vec![path("csv"), path("json"), path("xlsx")])
}

/// The register as a workbook: a frozen header with filters, ILOs as
/// numbers; `date` is its creation date, `marking` in its properties.
fn workbook(rows: &[Row], date: Option<chrono::NaiveDate>, marking: Option<&str>) -> Result<Vec<u8>> {
    use chrono::Datelike;
    let mut wb = Workbook::new();
    let mut properties = DocProperties::new()
        .set_title("Postings register")
        .set_keywords(marking.unwrap_or_default());
    if let Some(d) = date {
        properties = properties.set_creation_datetime(&ExcelDateTime::from_ymd(
            d.year() as u16,
            d.month() as u8,
            d.day() as u8,
        )?);
    }
    wb.set_properties(&properties);
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet().set_name("Postings")?;
    for (c, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &bold)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let texts = [
            &row.semester,
            &row.host,
            &row.host_name,
            &row.member_state,
            &row.member_state_name,
        ];
        for (c, text) in texts.into_iter().enumerate() {
            sheet.write_string(r, c as u16, text)?;
        }
        sheet.write_number(r, 5, row.ilos as f64)?;
        for (c, text) in [&row.posted_at, &row.accredited_to, &row.represents]
            .into_iter()
            .enumerate()
        {
            sheet.write_string(r, 6 + c as u16, text)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, COLUMNS.len() as u16 - 1)?;
    sheet.set_column_width(2, 28)?;
    sheet.set_column_width(4, 24)?;
    sheet.set_column_width(6, 20)?;
    Ok(wb.save_to_buffer()?)
}
