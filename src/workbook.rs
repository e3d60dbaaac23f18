//! The submission workbook the secretariat sends to each Member State: one
//! sheet per table of the format, the Submission sheet pre-filled and
//! protected, headers frozen with a note per column, drop-down lists and
//! number and date validation on every constrained column, and an
//! Instructions sheet generated from the format definition.

use crate::format::{ColumnDef, ColumnKind, FormatDef, TableDef};
use crate::normalise::table::expected_for;
use crate::reference::{Lang, Semester, countries, regions};
use anyhow::Result;
use chrono::Datelike;
use rust_xlsxwriter::{DataValidation, DataValidationRule, ExcelDateTime, Format, Formula, Note, Workbook, Worksheet};
use std::path::Path;

/// Rows reserved for data (validation covers them).
const DATA_ROWS: u32 = 500;
const LISTS_SHEET: &str = "Lists";

/// A value written into a data row (by tests and tools that pre-fill).
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Number(f64),
    Date(chrono::NaiveDate),
}

/// Whose workbook and in which language.
pub struct Spec {
    pub member_state: String,
    pub host: String,
    pub semester: Semester,
    pub lang: Lang,
}

impl Spec {
    /// The workbook of the Member State and host named (codes or names in
    /// any of the three languages); the error says which of the two is
    /// not one in that semester: `("--member-state", why)` or
    /// `("--host", why)`.
    pub fn resolve(
        member_state: &str,
        host: &str,
        semester: Semester,
        lang: Lang,
    ) -> Result<Spec, (&'static str, String)> {
        let member_state = countries::resolve(member_state)
            .filter(|c| countries::is_network_state_during(&c.code, semester.start(), semester.end()))
            .map(|c| c.code.clone())
            .ok_or_else(|| {
                let why = format!("{member_state} is not a Member State (or Schengen associate) in {semester}");
                ("--member-state", why)
            })?;
        let host = regions::resolve_host(host)
            .filter(|h| countries::is_eligible_host(h, semester.start()))
            .ok_or_else(|| {
                let why = format!("{host} is neither a non-EU country nor a region id such as west-africa");
                ("--host", why)
            })?;
        Ok(Spec {
            member_state,
            host,
            semester,
            lang,
        })
    }
}

/// A submission workbook being written.
pub struct SubmissionWorkbook<'a> {
    format: &'a FormatDef,
    spec: Spec,
    rows: Vec<(String, Vec<Vec<Cell>>)>,
}

impl<'a> SubmissionWorkbook<'a> {
    pub fn new(format: &'a FormatDef, spec: Spec) -> Self {
        SubmissionWorkbook {
            format,
            spec,
            rows: Vec::new(),
        }
    }

    /// Data rows to write below a table's header, cells in column order.
    pub fn with_rows(mut self, table: &str, rows: Vec<Vec<Cell>>) -> Self {
        self.rows.push((table.to_string(), rows));
        self
    }

    /// The file name the secretariat sends: `FR_MA_2025-H2.xlsx`.
    pub fn file_name(&self) -> String {
        format!(
            "{}_{}_{}.xlsx",
            self.spec.member_state, self.spec.host, self.spec.semester
        )
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let mut wb = Workbook::new();
        let lang = self.spec.lang;
        let country_names = self.write_lists(&mut wb)?;
        self.write_submission(&mut wb)?;
        for table in self.format.tables.iter().filter(|t| t.id != "submission") {
            let sheet = wb.add_worksheet().set_name(table.sheet.get(lang))?;
            self.write_table(sheet, table, country_names)?;
        }
        self.write_instructions(wb.add_worksheet().set_name(self.format.label("instructions", lang))?)?;
        wb.save(path)?;
        Ok(())
    }

    /// The hidden Lists sheet: country names in the chosen language.
    fn write_lists(&self, wb: &mut Workbook) -> Result<u32> {
        let sheet = wb.add_worksheet().set_name(LISTS_SHEET)?;
        sheet.set_hidden(true);
        let mut names: Vec<String> = countries::all().map(|c| c.name(self.spec.lang).to_string()).collect();
        names.sort();
        names.dedup();
        sheet.write_string(0, 0, "country")?;
        for (i, n) in names.iter().enumerate() {
            sheet.write_string(i as u32 + 1, 0, n)?;
        }
        Ok(names.len() as u32)
    }

    fn write_submission(&self, wb: &mut Workbook) -> Result<()> {
        let lang = self.spec.lang;
        let Some(def) = self.format.table("submission") else {
            return Ok(());
        };
        let sheet = wb.add_worksheet().set_name(def.sheet.get(lang))?;
        let bold = Format::new().set_bold().set_background_color("#E6EBF5");
        let open = Format::new().set_unlocked().set_background_color("#FFFFE0");
        let date = Format::new()
            .set_unlocked()
            .set_num_format("yyyy-mm-dd")
            .set_background_color("#FFFFE0");
        sheet.write_string_with_format(0, 0, "field", &bold)?;
        sheet.write_string_with_format(0, 1, "value", &bold)?;
        sheet.set_column_width(0, 26)?;
        sheet.set_column_width(1, 34)?;
        for (i, col) in def.columns.iter().enumerate() {
            let row = i as u32 + 1;
            sheet.write_string(row, 0, &col.id)?;
            sheet.insert_note(row, 0, &Note::new(column_note(col)).set_author("ilo-report"))?;
            match col.id.as_str() {
                "member_state" => sheet.write_string(row, 1, &self.spec.member_state)?,
                "host" => sheet.write_string(row, 1, &self.spec.host)?,
                "semester" => sheet.write_string(row, 1, self.spec.semester.to_string())?,
                "drafted_on" => sheet.write_blank(row, 1, &date)?,
                "language" => sheet.write_string_with_format(row, 1, lang.code(), &open)?,
                "acting_for_presidency" => sheet.write_string_with_format(row, 1, "no", &open)?,
                "classification" => sheet.write_string_with_format(row, 1, "none", &open)?,
                _ => sheet.write_blank(row, 1, &open)?,
            };
            if let Some(v) = self.validation(col, 0) {
                sheet.add_data_validation(row, 1, row, 1, &v)?;
            }
        }
        sheet.protect();
        Ok(())
    }

    /// Pre-fills the table's `prefilled` column by its kind: the
    /// catalogue's indicators one a row, or the Member State in the first
    /// row when no rows are given. Returns the first row left for data.
    fn write_prefilled(&self, sheet: &mut Worksheet, table: &TableDef) -> Result<u32> {
        let Some((c, col)) = table.columns.iter().enumerate().find(|(_, col)| col.prefilled) else {
            return Ok(1);
        };
        let c = c as u16;
        match col.kind {
            ColumnKind::Indicator => {
                for (i, ind) in self.format.indicators.iter().enumerate() {
                    sheet.write_string(i as u32 + 1, c, &ind.id)?;
                }
                return Ok(self.format.indicators.len() as u32 + 1);
            }
            ColumnKind::MemberState if !self.rows.iter().any(|(t, _)| *t == table.id) => {
                sheet.write_string(1, c, &self.spec.member_state)?;
            }
            _ => {}
        }
        Ok(1)
    }

    fn write_table(&self, sheet: &mut Worksheet, table: &TableDef, countries: u32) -> Result<()> {
        let bold = Format::new()
            .set_bold()
            .set_background_color("#E6EBF5")
            .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (c, col) in table.columns.iter().enumerate() {
            let c = c as u16;
            sheet.write_string_with_format(0, c, &col.id, &bold)?;
            sheet.insert_note(0, c, &Note::new(column_note(col)).set_author("ilo-report"))?;
            sheet.set_column_width(c, if matches!(col.kind, ColumnKind::Text) { 40 } else { 18 })?;
            if col.kind == ColumnKind::Date {
                sheet.set_column_format(c, &date)?;
            }
            if let Some(v) = self.validation(col, countries) {
                sheet.add_data_validation(1, c, DATA_ROWS, c, &v)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        let first = self.write_prefilled(sheet, table)?;
        let rows = self.rows.iter().filter(|(t, _)| *t == table.id).flat_map(|(_, r)| r);
        for (r, row) in rows.enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (first + r as u32, c as u16);
                match cell {
                    Cell::Text(t) if t.is_empty() => {}
                    Cell::Text(t) => {
                        sheet.write_string(r, c, t)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(r, c, *n)?;
                    }
                    Cell::Date(d) => {
                        let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                        sheet.write_datetime_with_format(r, c, &dt, &date)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The validation of a column: lists for choices, countries, sections
    /// and indicators; whole numbers for counts; dates inside the semester.
    fn validation(&self, col: &ColumnDef, countries: u32) -> Option<DataValidation> {
        let strings = |values: Vec<String>| DataValidation::new().allow_list_strings(&values).ok();
        let v = match col.kind {
            ColumnKind::Choice => strings(col.choices.clone())?,
            ColumnKind::YesNo => strings(vec!["yes".into(), "no".into()])?,
            ColumnKind::Section => strings(
                self.format
                    .sections
                    .iter()
                    .filter(|s| s.narrative)
                    .map(|s| s.id.clone())
                    .collect(),
            )?,
            ColumnKind::Indicator => strings(self.format.indicators.iter().map(|i| i.id.clone()).collect())?,
            ColumnKind::Country | ColumnKind::CountryOrEmpty if countries > 0 => DataValidation::new()
                .allow_list_formula(Formula::new(format!("={LISTS_SHEET}!$A$2:$A${}", countries + 1))),
            ColumnKind::Count | ColumnKind::Number => {
                DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            }
            ColumnKind::Date => {
                let d = |x: chrono::NaiveDate| {
                    ExcelDateTime::from_ymd(x.year() as u16, x.month() as u8, x.day() as u8).ok()
                };
                let (start, end) = (d(self.spec.semester.start())?, d(self.spec.semester.end())?);
                let v = DataValidation::new().allow_date(DataValidationRule::Between(start, end));
                if col.id == "drafted_on" {
                    DataValidation::new()
                        .allow_date(DataValidationRule::GreaterThanOrEqualTo(d(self.spec.semester.start())?))
                } else {
                    v
                }
            }
            _ => return None,
        };
        Some(v.set_error_message(expected_for(col)).ok()?.ignore_blank(true))
    }

    /// The Instructions sheet, from the format definition.
    fn write_instructions(&self, sheet: &mut Worksheet) -> Result<()> {
        let lang = self.spec.lang;
        let bold = Format::new().set_bold();
        let wrap = Format::new().set_text_wrap();
        sheet.set_column_width(0, 34)?;
        sheet.set_column_width(1, 80)?;
        let mut r = 0u32;
        let mut line = |sheet: &mut Worksheet, a: &str, b: &str, f: Option<&Format>| -> Result<()> {
            match f {
                Some(f) => sheet.write_string_with_format(r, 0, a, f)?,
                None => sheet.write_string(r, 0, a)?,
            };
            sheet.write_string_with_format(r, 1, b, &wrap)?;
            r += 1;
            Ok(())
        };
        line(
            sheet,
            self.format.title.get(lang),
            self.format
                .legal_basis_for(self.spec.semester.end())
                .0
                .citation
                .get(lang),
            Some(&bold),
        )?;
        // A format that is a starting point to adapt says so to whoever fills it in.
        if let Some(about) = &self.format.about {
            line(sheet, "", about, None)?;
        }
        let host = countries::name(&self.spec.host, lang);
        let ms = countries::name(&self.spec.member_state, lang);
        line(
            sheet,
            &format!("{ms} — {host} — {}", self.spec.semester),
            "",
            Some(&bold),
        )?;
        line(sheet, "", "", None)?;
        for part in &self.format.parts {
            line(
                sheet,
                &format!("{} {}", self.format.label("part", lang), part.id),
                part.title.get(lang),
                Some(&bold),
            )?;
            for s in self.format.sections.iter().filter(|s| s.part == part.id) {
                let table = s
                    .table
                    .as_deref()
                    .and_then(|t| self.format.table(t))
                    .map(|t| format!(" [{}]", t.sheet.get(lang)))
                    .unwrap_or_default();
                line(sheet, &s.id, &format!("{}{table}", s.title.get(lang)), None)?;
            }
        }
        line(sheet, "", "", None)?;
        line(sheet, &self.format.label("statistics", lang), "", Some(&bold))?;
        for i in &self.format.indicators {
            line(sheet, &i.id, &self.indicator_text(i), None)?;
        }
        Ok(())
    }

    /// An indicator on the Instructions sheet: title, unit, scope and
    /// breakdowns.
    fn indicator_text(&self, i: &crate::format::IndicatorDef) -> String {
        let lang = self.spec.lang;
        let scope = match i.scope {
            crate::format::Scope::PerMemberState => self.format.label("per-member-state", lang),
            crate::format::Scope::HostWide => self.format.label("host-wide", lang),
        };
        let breakdowns = if i.breakdowns.is_empty() {
            String::new()
        } else {
            format!(
                " — {}: {}",
                self.format.label("breakdown", lang),
                i.breakdowns.join(", ")
            )
        };
        format!(
            "{} ({}; {scope}){breakdowns}",
            i.title.get(lang),
            self.format.label(&i.unit, lang)
        )
    }
}

fn column_note(col: &ColumnDef) -> String {
    let required = if col.required { "Required. " } else { "" };
    format!("{required}{}: {}", col.id, expected_for(col))
}

/// Writes one workbook per line of a network file (CSV with `host` and
/// `member_state` columns) into `out`; returns the files written.
pub fn write_network(
    format: &FormatDef,
    network: &Path,
    semester: Semester,
    lang: Lang,
    out: &Path,
) -> Result<Vec<std::path::PathBuf>> {
    let text = crate::ingest::decode_text(&std::fs::read(network)?);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(crate::ingest::sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers()?.iter().map(crate::reference::fold).collect();
    let column = |name: &str| headers.iter().position(|h| h.replace(' ', "_") == name);
    let (Some(h), Some(m)) = (column("host"), column("member_state")) else {
        anyhow::bail!(
            "{}: the network file needs the columns host and member_state",
            network.display()
        );
    };
    std::fs::create_dir_all(out)?;
    let mut written = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record?;
        let cell = |i: usize| record.get(i).unwrap_or_default().trim();
        let spec = Spec::resolve(cell(m), cell(h), semester, lang)
            .map_err(|(_, why)| anyhow::anyhow!("{} line {}: {why}", network.display(), line + 2))?;
        let wb = SubmissionWorkbook::new(format, spec);
        let path = out.join(wb.file_name());
        wb.save(&path)?;
        written.push(path);
    }
    Ok(written)
}
