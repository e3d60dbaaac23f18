//! Writing a submission the way its Member State's office does: xlsx in
//! English or German, ods in French, or one CSV per table with `,` or `;`.

use super::catalogue::{HEADERS, SHEETS};
use super::ods::ods;
use super::{Cell, Table, text};
use crate::reference::{Lang, Semester};
use crate::render::style::grouped;
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use std::path::Path;

/// How a Member State's office writes its files.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Habit {
    /// xlsx, English sheet names, dates as real date cells.
    XlsxEnglish,
    /// xlsx, German sheet names and headers, dates as `9.10.2025` text,
    /// countries by their German names.
    XlsxGerman,
    /// ods, French sheet names and headers, countries by their French names.
    OdsFrench,
    /// One CSV per table, `,` delimiter, ISO dates.
    CsvComma,
    /// One CSV per table, `;` delimiter, French headers, `dd/mm/yyyy`,
    /// digits grouped with spaces, BOM.
    CsvSemicolon,
}

impl Habit {
    /// The language countries are named in, or `None` for codes.
    pub(super) fn names(self) -> Option<Lang> {
        match self {
            Habit::XlsxGerman => Some(Lang::De),
            Habit::OdsFrench => Some(Lang::Fr),
            _ => None,
        }
    }
}

/// The habit of a Member State's office.
pub(super) fn habit(ms: &str) -> Habit {
    match ms {
        "DE" | "AT" | "LU" => Habit::XlsxGerman,
        "FR" | "BE" | "RO" => Habit::OdsFrench,
        "ES" | "PT" | "IT" | "EL" | "SI" => Habit::CsvSemicolon,
        "NL" | "SE" | "FI" | "DK" | "EE" => Habit::CsvComma,
        _ => Habit::XlsxEnglish,
    }
}

/// A table with its headers in the three languages.
pub(super) fn table(id: &'static str, rows: Vec<Vec<Cell>>) -> Table {
    let headers = HEADERS.iter().find(|h| h.0 == id).map_or([&[][..]; 3], |h| h.1);
    Table { id, headers, rows }
}

/// A sheet's name in English (0), German (1) or French (2).
fn sheet_name(id: &str, lang: usize) -> &'static str {
    SHEETS
        .iter()
        .find(|s| s.0 == id)
        .map_or("Sheet", |s| [s.1, s.2, s.3][lang])
}

/// The day a Member State drafts its submission: a few weeks before the
/// semester ends.
fn drafted_on(semester: Semester, ms: &str) -> NaiveDate {
    let offset = ms.bytes().map(u64::from).sum::<u64>() % 20;
    semester.end() - chrono::Duration::days(offset as i64 + 5)
}

/// The Submission sheet's fields.
fn metadata(ms: &str, host: &str, semester: Semester, acting: bool) -> Vec<(&'static str, String)> {
    vec![
        ("member_state", ms.to_string()),
        ("host", host.to_string()),
        ("semester", semester.to_string()),
        ("drafted_on", drafted_on(semester, ms).to_string()),
        ("language", "en".to_string()),
        ("acting_for_presidency", if acting { "yes" } else { "no" }.to_string()),
        (
            "classification",
            if host == "TR" { "LIMITE" } else { "none" }.to_string(),
        ),
        ("reference", format!("{ms}/ILO/{host}/{}", semester.year)),
    ]
}

/// Writes one Member State's submission for one host and semester in its
/// office's habit; returns the number of files written.
pub(super) fn write_submission(
    out: &Path,
    ms: &str,
    host: &str,
    semester: Semester,
    tables: &[Table],
    acting: bool,
) -> Result<usize> {
    let stem = format!("{ms}_{host}_{semester}");
    let meta = metadata(ms, host, semester, acting);
    let drafted = drafted_on(semester, ms);
    match habit(ms) {
        kind @ (Habit::XlsxEnglish | Habit::XlsxGerman) => {
            let mut workbook = xlsx(kind == Habit::XlsxGerman, &meta, tables, drafted)?;
            workbook.save(out.join(format!("{stem}.xlsx")))?;
            Ok(1)
        }
        Habit::OdsFrench => {
            let header = |cells: &[&str]| cells.iter().map(|h| text(h)).collect::<Vec<_>>();
            let mut sheets = vec![(
                sheet_name("submission", 2),
                std::iter::once(header(&["champ", "valeur"]))
                    .chain(meta.iter().map(|(k, v)| vec![text(k), text(v)]))
                    .collect::<Vec<_>>(),
            )];
            for table in tables {
                let rows = std::iter::once(header(table.headers[2]))
                    .chain(table.rows.iter().cloned())
                    .collect();
                sheets.push((sheet_name(table.id, 2), rows));
            }
            std::fs::write(out.join(format!("{stem}.ods")), ods(&sheets, drafted)?)?;
            Ok(1)
        }
        kind @ (Habit::CsvComma | Habit::CsvSemicolon) => {
            let french = kind == Habit::CsvSemicolon;
            let lead: Vec<String> = if french {
                vec![
                    ms.into(),
                    host.into(),
                    semester.to_string(),
                    format!("{:02}/{:02}/{}", drafted.day(), drafted.month(), drafted.year()),
                ]
            } else {
                vec![ms.into(), host.into(), semester.to_string(), drafted.to_string()]
            };
            // Offices send no file for a table they have nothing to put in.
            let tables: Vec<&Table> = tables.iter().filter(|t| !t.rows.is_empty()).collect();
            for table in &tables {
                let bytes = csv_file(table, french, &lead, acting)?;
                std::fs::write(out.join(format!("{stem}_{}.csv", table.id)), bytes)?;
            }
            Ok(tables.len())
        }
    }
}

/// A workbook with the Submission sheet and one sheet per table, in English
/// or German.
fn xlsx(german: bool, meta: &[(&str, String)], tables: &[Table], drafted: NaiveDate) -> Result<Workbook> {
    let lang = usize::from(german);
    let mut wb = Workbook::new();
    // A fixed creation date (the day of drafting) keeps the bytes reproducible.
    wb.set_properties(&DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(
        drafted.year() as u16,
        drafted.month() as u8,
        drafted.day() as u8,
    )?));
    let date_format = Format::new().set_num_format("dd.mm.yyyy");
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet().set_name(sheet_name("submission", lang))?;
    for (r, (k, v)) in meta.iter().enumerate() {
        sheet.write_string(r as u32, 0, *k)?;
        sheet.write_string(r as u32, 1, v)?;
    }
    for table in tables {
        let sheet = wb.add_worksheet().set_name(sheet_name(table.id, lang))?;
        for (c, h) in table.headers[lang].iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    Cell::Text(s) if s.is_empty() => {}
                    Cell::Text(s) => {
                        sheet.write_string(r, c, s)?;
                    }
                    Cell::Int(n) => {
                        sheet.write_number(r, c, *n as f64)?;
                    }
                    Cell::Date(d) if german => {
                        sheet.write_string(r, c, format!("{}.{}.{}", d.day(), d.month(), d.year()))?;
                    }
                    Cell::Date(d) => {
                        sheet.write_datetime_with_format(
                            r,
                            c,
                            &ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?,
                            &date_format,
                        )?;
                    }
                }
            }
        }
    }
    Ok(wb)
}

/// One table as a CSV file: `lead` (Member State, host, semester, date of
/// drafting) starts every row; French files use `;`, French headers,
/// grouped digits and a BOM.
fn csv_file(table: &Table, french: bool, lead: &[String], acting: bool) -> Result<Vec<u8>> {
    let delimiter = if french { b';' } else { b',' };
    let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
    let meta_headers: [&str; 4] = if french {
        ["État membre", "Pays d'accueil", "Semestre", "Date de rédaction"]
    } else {
        ["member_state", "host", "semester", "drafted_on"]
    };
    let headers = if french { table.headers[2] } else { table.headers[0] };
    let mut header: Vec<&str> = meta_headers.to_vec();
    header.extend(headers.iter().copied());
    // The postings' own member_state column serves; postings are
    // never empty, so they carry the Presidency flag.
    if table.id == "postings" {
        header.remove(0);
        header.push(if french {
            "au nom de la présidence"
        } else {
            "acting_for_presidency"
        });
    }
    w.write_record(&header)?;
    for row in &table.rows {
        let mut record: Vec<String> = lead.to_vec();
        if table.id == "postings" {
            record.remove(0);
        }
        record.extend(row.iter().map(|cell| match cell {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) if french => grouped(*n, ' '),
            Cell::Int(n) => n.to_string(),
            Cell::Date(d) if french => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
            Cell::Date(d) => d.to_string(),
        }));
        if table.id == "postings" {
            let answer = match (french, acting) {
                (true, true) => "oui",
                (true, false) => "non",
                (false, true) => "yes",
                (false, false) => "no",
            };
            record.push(answer.into());
        }
        w.write_record(&record)?;
    }
    let mut bytes = if french { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
    bytes.extend(w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?);
    Ok(bytes)
}
