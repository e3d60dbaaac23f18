//! Reading one input table from a grid: finding the header row below any
//! title rows, matching headers against the format's aliases, and turning
//! each data row's cells into typed values, each problem a diagnostic with
//! its cell.

use super::values::{self, DateError, DecimalStyle, NumberError};
use crate::diagnostics::{Code, Diagnostic, Location, TableAccount};
use crate::format::{ColumnDef, ColumnKind, FormatDef, TableDef};
use crate::ingest::{Grid, Value};
use crate::reference::{Semester, countries};
use chrono::NaiveDate;

/// How many rows from the top are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 30;

/// A table located in a grid: which grid column holds which column.
pub struct Layout<'a> {
    pub def: &'a TableDef,
    pub header_index: usize,
    /// (grid column index, column definition)
    pub columns: Vec<(usize, &'a ColumnDef)>,
    /// Metadata columns of CSV tables, by id: (grid column index, definition).
    pub extra: Vec<(usize, &'a ColumnDef)>,
}

/// Finds the header row of `def` in `grid`. `extra` lists columns accepted
/// besides the table's own (the metadata columns of CSV files). Reports
/// unknown and missing columns; `None` when the table cannot be used.
pub fn locate<'a>(
    def: &'a TableDef,
    extra: &'a [ColumnDef],
    grid: &Grid,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Layout<'a>> {
    let sheet = grid.sheet.as_deref();
    let Some(header_index) = find_header(def, extra, grid) else {
        let required: Vec<&str> = def
            .columns
            .iter()
            .filter(|c| c.required)
            .map(|c| c.id.as_str())
            .collect();
        let at = Location::cell(file, sheet, grid.physical_row(0).max(1), grid.first_col);
        diags.push(
            Diagnostic::new(
                Code::MissingColumn,
                &at,
                "no header row was found; put the column names in the first row of the table",
            )
            .expected(format!("a header row with {}", required.join(", "))),
        );
        return None;
    };
    let header_row = grid.physical_row(header_index);
    let mut columns: Vec<(usize, &ColumnDef)> = Vec::new();
    let mut extra_found: Vec<(usize, &ColumnDef)> = Vec::new();
    for (i, cell) in grid.rows[header_index].iter().enumerate() {
        let header = cell.display();
        if header.trim().is_empty() {
            continue;
        }
        let at = Location::cell(file, sheet, header_row, grid.physical_col(i));
        let found = def.column_for_header(&header).map(|c| (c, &mut columns)).or_else(|| {
            extra
                .iter()
                .find(|c| header_matches(c, &header))
                .map(|c| (c, &mut extra_found))
        });
        match found {
            Some((col, list)) if list.iter().any(|(_, c)| c.id == col.id) => diags.push(
                Diagnostic::new(
                    Code::UnknownColumn,
                    &at,
                    format!("the column `{}` appears twice; only the first is read", col.id),
                )
                .found(header),
            ),
            Some((col, list)) => list.push((i, col)),
            None => {
                let known: Vec<&str> = def.columns.iter().map(|c| c.id.as_str()).collect();
                diags.push(
                    Diagnostic::new(Code::UnknownColumn, &at, "this column is not part of the format and is ignored; rename it if it holds one of the expected columns")
                        .found(header)
                        .expected(format!("one of {}", known.join(", "))),
                );
            }
        }
    }
    let missing: Vec<&str> = def
        .columns
        .iter()
        .filter(|c| c.required && !columns.iter().any(|(_, f)| f.id == c.id))
        .map(|c| c.id.as_str())
        .collect();
    if !missing.is_empty() {
        let at = Location::cell(file, sheet, header_row, grid.first_col);
        diags.push(
            Diagnostic::new(
                Code::MissingColumn,
                &at,
                format!("add the required column(s) {} to the header row", missing.join(", ")),
            )
            .expected(missing.join(", ")),
        );
        return None;
    }
    Some(Layout {
        def,
        header_index,
        columns,
        extra: extra_found,
    })
}

/// The index of the header row: among the first rows, the one naming the
/// most of the table's columns (title rows above it are skipped).
pub fn find_header(def: &TableDef, extra: &[ColumnDef], grid: &Grid) -> Option<usize> {
    let matches = |row: &[Value]| {
        row.iter()
            .filter(|v| {
                let h = v.display();
                def.column_for_header(&h).is_some() || extra.iter().any(|c| header_matches(c, &h))
            })
            .count()
    };
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in grid.rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let n = matches(row);
        if n > 0 && best.is_none_or(|(_, m)| n > m) {
            best = Some((i, n));
        }
    }
    best.map(|(i, _)| i)
}

fn header_matches(col: &ColumnDef, header: &str) -> bool {
    col.matches_header(header)
}

/// Evidence gathered over a whole table before its rows are read.
pub struct Evidence {
    pub style: DecimalStyle,
    pub month_first_seen: bool,
}

impl Evidence {
    pub fn gather(layout: &Layout, grid: &Grid) -> Evidence {
        let numeric: Vec<usize> = layout
            .columns
            .iter()
            .filter(|(_, c)| matches!(c.kind, ColumnKind::Count | ColumnKind::Number))
            .map(|(i, _)| *i)
            .collect();
        let dates: Vec<usize> = layout
            .columns
            .iter()
            .filter(|(_, c)| c.kind == ColumnKind::Date)
            .map(|(i, _)| *i)
            .collect();
        let data = grid.rows.iter().skip(layout.header_index + 1);
        let texts_in = |cols: &[usize]| -> Vec<String> {
            data.clone()
                .flat_map(|row| {
                    cols.iter().filter_map(|&i| match row.get(i) {
                        Some(Value::Text(t)) => Some(t.clone()),
                        _ => None,
                    })
                })
                .collect()
        };
        let numbers = texts_in(&numeric);
        Evidence {
            style: values::file_style(numbers.iter().map(String::as_str)),
            month_first_seen: texts_in(&dates).iter().any(|t| values::is_month_first(t)),
        }
    }
}

/// The non-blank data rows of a located table, as grid row indexes.
/// A row that holds only pre-filled cells (a pre-listed indicator, the
/// Member State of the Postings sheet, as the submission workbook provides
/// them) is not a row of data.
pub fn data_rows(layout: &Layout, grid: &Grid) -> Vec<usize> {
    // Only the workbook has pre-filled rows; a CSV row is data as sent.
    let prefilled: Vec<usize> = layout
        .columns
        .iter()
        .filter(|(_, c)| c.prefilled && grid.sheet.is_some())
        .map(|(i, _)| *i)
        .collect();
    (layout.header_index + 1..grid.rows.len())
        .filter(|&i| {
            grid.rows[i]
                .iter()
                .enumerate()
                .any(|(c, v)| !v.is_empty() && !prefilled.contains(&c))
        })
        .collect()
}

/// One data row being read: typed getters that record a diagnostic for
/// every cell that cannot be used.
pub struct RowReader<'a> {
    pub layout: &'a Layout<'a>,
    pub grid: &'a Grid,
    pub index: usize,
    pub file: &'a str,
    pub evidence: &'a Evidence,
    pub format: &'a FormatDef,
    pub semester: Option<Semester>,
    pub diags: Vec<Diagnostic>,
}

impl<'a> RowReader<'a> {
    /// The row's physical location (first cell).
    pub fn location(&self) -> Location {
        Location::cell(
            self.file,
            self.grid.sheet.as_deref(),
            self.grid.physical_row(self.index),
            self.grid.first_col,
        )
    }

    fn cell(&self, id: &str) -> Option<(&'a ColumnDef, &'a Value, Location)> {
        let (i, col) = self
            .layout
            .columns
            .iter()
            .chain(&self.layout.extra)
            .find(|(_, c)| c.id == id)?;
        let value = self.grid.rows.get(self.index)?.get(*i).unwrap_or(&Value::Empty);
        let at = Location::cell(
            self.file,
            self.grid.sheet.as_deref(),
            self.grid.physical_row(self.index),
            self.grid.physical_col(*i),
        );
        Some((col, value, at))
    }

    /// The location of the row's cell in a column.
    pub fn cell_location(&self, id: &str) -> Option<Location> {
        self.cell(id).map(|(_, _, at)| at)
    }

    /// Whether the row has a column with this id at all.
    pub fn has_column(&self, id: &str) -> bool {
        self.cell(id).is_some()
    }

    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// The cell's text when not empty; a missing required value is reported.
    fn present(&mut self, id: &str) -> Option<(&'a ColumnDef, &'a Value, Location)> {
        let (col, value, at) = self.cell(id)?;
        if value.is_empty() {
            if col.required {
                self.push(
                    Diagnostic::new(
                        Code::MissingValue,
                        &at,
                        format!("`{}` is required in every row; fill it in or delete the row", col.id),
                    )
                    .expected(expected_for(col)),
                );
            }
            return None;
        }
        if let Value::Error(e) = value {
            self.push(
                Diagnostic::new(
                    error_code(col.kind),
                    &at,
                    "the cell holds a formula error; correct the formula or type the value",
                )
                .found(e.clone())
                .expected(expected_for(col)),
            );
            return None;
        }
        Some((col, value, at))
    }

    pub fn text(&mut self, id: &str) -> Option<String> {
        let (_, value, _) = self.present(id)?;
        Some(value.display().trim().to_string())
    }

    /// A whole, non-negative number.
    pub fn count(&mut self, id: &str) -> Option<u64> {
        let (col, value, at) = self.present(id)?;
        let number = match value {
            Value::Number(n) => Ok(*n),
            Value::Text(t) => values::parse_number(t, self.evidence.style),
            _ => Err(NumberError::Invalid),
        };
        let found = value.display();
        match number {
            Ok(n) if n < 0.0 => {
                self.push(
                    Diagnostic::new(
                        Code::NegativeCount,
                        &at,
                        "counts cannot be negative; enter the number of persons or events",
                    )
                    .found(found)
                    .expected(expected_for(col)),
                );
                None
            }
            Ok(n) if n.fract() != 0.0 || n > 1e15 => {
                let hint = if matches!(value, Value::Number(_)) && n < 1.0 {
                    "a whole number is expected; a percentage or fraction cannot be used as a count"
                } else {
                    "a whole number of persons or events is expected"
                };
                self.push(
                    Diagnostic::new(Code::InvalidNumber, &at, hint)
                        .found(found)
                        .expected(expected_for(col)),
                );
                None
            }
            Ok(n) => Some(n as u64),
            Err(NumberError::Ambiguous) => {
                self.push(
                    Diagnostic::new(Code::AmbiguousNumber, &at, "it is unclear whether the separator groups thousands or marks decimals, and the file gives no other evidence; write the number without separators")
                        .found(found)
                        .expected(expected_for(col)),
                );
                None
            }
            Err(NumberError::Invalid) => {
                self.push(
                    Diagnostic::new(Code::InvalidNumber, &at, "write digits only, e.g. 1234 or 1 234")
                        .found(found)
                        .expected(expected_for(col)),
                );
                None
            }
        }
    }

    pub fn date(&mut self, id: &str) -> Option<NaiveDate> {
        let (col, value, at) = self.present(id)?;
        let parsed = match value {
            Value::Date(d) => Ok(d.date()),
            Value::Number(n) => values::serial_date(*n, self.grid.date1904).ok_or(DateError::Invalid),
            Value::Text(t) => values::parse_date(t, self.evidence.month_first_seen),
            _ => Err(DateError::Invalid),
        };
        let found = value.display();
        match parsed {
            Ok(date) => {
                if let Some(sem) = self.semester.filter(|s| !s.contains(date)) {
                    self.push(
                        Diagnostic::new(Code::DateOutsideSemester, &at, format!("the date is outside {sem} ({} – {}); check the year or move the entry to the right report", sem.start(), sem.end()))
                            .found(found)
                            .expected(format!("a date in {sem}")),
                    );
                }
                Some(date)
            }
            Err(DateError::Ambiguous) => {
                self.push(
                    Diagnostic::new(
                        Code::AmbiguousDate,
                        &at,
                        "day and month could be read either way round; write the date as 2025-10-09 or 9.10.2025",
                    )
                    .found(found)
                    .expected(expected_for(col)),
                );
                None
            }
            Err(DateError::Invalid) => {
                self.push(
                    Diagnostic::new(Code::InvalidDate, &at, "write the date as 2025-10-09, 9.10.2025 or 09/10/2025 (day first; month-first dates are never guessed)")
                        .found(found)
                        .expected(expected_for(col)),
                );
                None
            }
        }
    }

    /// A country code; `None` when empty or unknown (reported).
    pub fn country(&mut self, id: &str) -> Option<String> {
        let (col, value, at) = self.present(id)?;
        let text = value.display();
        match countries::resolve(&text) {
            Some(c) => Some(c.code.clone()),
            None => {
                self.push(unknown_country(&at, &text, col));
                None
            }
        }
    }

    /// A list of country codes; every name must resolve.
    pub fn countries(&mut self, id: &str, member_states_only: bool) -> Vec<String> {
        let Some((col, value, at)) = self.present(id) else {
            return Vec::new();
        };
        let text = value.display();
        if let Some(c) = countries::resolve(&text) {
            return self
                .check_member_state(c.code.clone(), member_states_only, &at, &text, col)
                .into_iter()
                .collect();
        }
        let mut out = Vec::new();
        for part in values::split_list(&text) {
            match countries::resolve(part) {
                Some(c) => out.extend(self.check_member_state(c.code.clone(), member_states_only, &at, part, col)),
                None => self.push(unknown_country(&at, part, col)),
            }
        }
        out
    }

    fn check_member_state(
        &mut self,
        code: String,
        only: bool,
        at: &Location,
        text: &str,
        col: &ColumnDef,
    ) -> Option<String> {
        if only && !countries::is_network_state(&code) {
            self.push(
                Diagnostic::new(
                    Code::InvalidChoice,
                    at,
                    "only Member States and Schengen associates (IS, NO, CH, LI) take part in ILO networks",
                )
                .found(text)
                .expected(expected_for(col)),
            );
            return None;
        }
        Some(code)
    }

    /// A Member State (or Schengen associate) code.
    pub fn member_state(&mut self, id: &str) -> Option<String> {
        let (col, value, at) = self.present(id)?;
        let text = value.display();
        match countries::resolve(&text) {
            Some(c) => self.check_member_state(c.code.clone(), true, &at, &text, col),
            None => {
                self.push(unknown_country(&at, &text, col));
                None
            }
        }
    }

    /// A Member State code when the text names one, else the text itself
    /// (a chair may be "EU Delegation").
    pub fn member_state_or_text(&mut self, id: &str) -> Option<String> {
        let text = self.text(id)?;
        Some(match countries::resolve(&text) {
            Some(c) if countries::is_network_state(&c.code) => c.code.clone(),
            _ => text,
        })
    }

    pub fn yes_no(&mut self, id: &str) -> Option<bool> {
        let (col, value, at) = self.present(id)?;
        let parsed = match value {
            Value::Bool(b) => Some(*b),
            Value::Number(n) if *n == 1.0 => Some(true),
            Value::Number(n) if *n == 0.0 => Some(false),
            other => values::parse_yes_no(&other.display()),
        };
        if parsed.is_none() {
            self.push(
                Diagnostic::new(
                    Code::InvalidChoice,
                    &at,
                    "answer yes or no (oui/non, ja/nein, true/false, 1/0 and x are accepted too)",
                )
                .found(value.display())
                .expected(expected_for(col)),
            );
        }
        parsed
    }

    /// One of the column's choices (aliases in three languages accepted).
    pub fn choice(&mut self, id: &str) -> Option<String> {
        let (col, value, at) = self.present(id)?;
        let text = value.display();
        match self.format.resolve_choice(&text, &col.choices) {
            Some(c) => Some(c.to_string()),
            None => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidChoice,
                        &at,
                        format!("use one of: {}", col.choices.join(", ")),
                    )
                    .found(text)
                    .expected(expected_for(col)),
                );
                None
            }
        }
    }

    /// A value that must be one of `allowed` (e.g. an indicator's breakdowns).
    pub fn choice_in(&mut self, id: &str, allowed: &[String], hint: &str) -> Option<String> {
        let (_, value, at) = self.present(id)?;
        let text = value.display();
        match self.format.resolve_choice(&text, allowed) {
            Some(c) => Some(c.to_string()),
            None => {
                let expected = if allowed.is_empty() {
                    "empty".to_string()
                } else {
                    format!("one of {}", allowed.join(", "))
                };
                self.push(
                    Diagnostic::new(Code::InvalidChoice, &at, hint)
                        .found(text)
                        .expected(expected),
                );
                None
            }
        }
    }

    pub fn section(&mut self, id: &str) -> Option<String> {
        let (_, value, at) = self.present(id)?;
        let text = value.display();
        match self.format.resolve_section(&text) {
            Some(s) => Some(s.id.clone()),
            None => {
                let ids: Vec<&str> = self.format.sections.iter().map(|s| s.id.as_str()).collect();
                self.push(
                    Diagnostic::new(
                        Code::UnknownSection,
                        &at,
                        "write the section number as in the format, e.g. II.3",
                    )
                    .found(text)
                    .expected(format!("one of {}", ids.join(", "))),
                );
                None
            }
        }
    }

    pub fn indicator(&mut self, id: &str) -> Option<String> {
        let (_, value, at) = self.present(id)?;
        let text = value.display();
        match self.format.resolve_indicator(&text) {
            Some(i) => Some(i.id.clone()),
            None => {
                let ids: Vec<&str> = self.format.indicators.iter().map(|i| i.id.as_str()).collect();
                self.push(
                    Diagnostic::new(
                        Code::UnknownIndicator,
                        &at,
                        "use an indicator id of the catalogue (see the Instructions sheet of the submission workbook)",
                    )
                    .found(text)
                    .expected(format!("one of {}", ids.join(", "))),
                );
                None
            }
        }
    }

    /// The raw text of a cell and its location, for metadata checks.
    pub fn raw(&self, id: &str) -> Option<(String, Location)> {
        let (_, value, at) = self.cell(id)?;
        (!value.is_empty()).then(|| (value.display().trim().to_string(), at))
    }

    /// Records a diagnostic found by the caller.
    pub fn report(&mut self, d: Diagnostic) {
        self.push(d);
    }
}

fn unknown_country(at: &Location, text: &str, col: &ColumnDef) -> Diagnostic {
    let suggestions = countries::suggestions(text);
    let hint = if suggestions.is_empty() {
        "use an ISO country code (MA, SN, TR) or the country's English, French or German name".to_string()
    } else {
        format!("did you mean {}?", suggestions.join(", "))
    };
    Diagnostic::new(Code::UnknownCountry, at, hint)
        .found(text)
        .expected(expected_for(col))
}

fn error_code(kind: ColumnKind) -> Code {
    match kind {
        ColumnKind::Count | ColumnKind::Number => Code::InvalidNumber,
        ColumnKind::Date => Code::InvalidDate,
        ColumnKind::Country
        | ColumnKind::CountryOrEmpty
        | ColumnKind::CountryList
        | ColumnKind::MemberState
        | ColumnKind::MemberStateList => Code::UnknownCountry,
        _ => Code::InvalidChoice,
    }
}

/// What a column expects, in words, for diagnostics.
pub fn expected_for(col: &ColumnDef) -> String {
    match col.kind {
        ColumnKind::Text | ColumnKind::MemberStateOrText => "text".into(),
        ColumnKind::Count | ColumnKind::Number => "a whole number".into(),
        ColumnKind::Date => "a date (2025-10-09 or 9.10.2025)".into(),
        ColumnKind::Country | ColumnKind::CountryOrEmpty => "a country code or name".into(),
        ColumnKind::CountryList => "countries separated by , or ;".into(),
        ColumnKind::MemberState => "a Member State code (e.g. FR)".into(),
        ColumnKind::MemberStateList => "Member State codes separated by , or ;".into(),
        ColumnKind::YesNo => "yes or no".into(),
        ColumnKind::Choice => format!("one of {}", col.choices.join(", ")),
        ColumnKind::Section => "a section number such as II.3".into(),
        ColumnKind::Indicator => "an indicator id".into(),
        ColumnKind::Semester => "a semester such as 2025-H2".into(),
    }
}

/// Accounting for a table whose rows were all rejected because the table
/// itself could not be used: every non-blank row below `header_index` (all
/// rows when no header was found).
pub fn all_rejected(table: &str, grid: &Grid, header_index: Option<usize>) -> TableAccount {
    let skip = header_index.map_or(0, |h| h + 1);
    let rows = grid
        .rows
        .iter()
        .skip(skip)
        .filter(|r| !r.iter().all(Value::is_empty))
        .count();
    TableAccount {
        table: table.to_string(),
        sheet: grid.sheet.clone(),
        rows_read: rows,
        rows_used: 0,
        rows_rejected: rows,
    }
}

/// Resolves merged cells below the header: a range within one column (one
/// date for several meetings, say) gives its value to every row it covers;
/// a range across columns cannot be read as a row of values and is reported
/// with its range.
pub fn unmerge(layout: &Layout, grid: &Grid, file: &str, diags: &mut Vec<Diagnostic>) -> Grid {
    let mut out = grid.clone();
    let header_row = grid.physical_row(layout.header_index);
    for m in grid.merged.iter().filter(|m| m.last_row > header_row) {
        let at = Location::cell(file, grid.sheet.as_deref(), m.first_row, m.first_col);
        if m.first_col != m.last_col {
            diags.push(
                Diagnostic::new(
                    Code::MergedCell,
                    &at,
                    "merged cells across columns cannot be read as separate values; unmerge them and fill in each cell",
                )
                .severity(crate::diagnostics::Severity::Warning)
                .found(m.a1()),
            );
            continue;
        }
        let (Some(r0), Some(c)) = (
            m.first_row.checked_sub(grid.first_row),
            m.first_col.checked_sub(grid.first_col),
        ) else {
            continue;
        };
        let value = grid
            .rows
            .get(r0 as usize)
            .and_then(|row| row.get(c as usize))
            .cloned()
            .unwrap_or(Value::Empty);
        for r in m.first_row.max(header_row + 1)..=m.last_row {
            let Some(row) = out.rows.get_mut((r - grid.first_row) as usize) else {
                break;
            };
            if row.len() <= c as usize {
                row.resize(c as usize + 1, Value::Empty);
            }
            row[c as usize] = value.clone();
        }
    }
    out
}

/// Values in columns that have no header at all are reported once per
/// column: they would otherwise be lost without a word.
pub fn report_headless_columns(layout: &Layout, grid: &Grid, file: &str, diags: &mut Vec<Diagnostic>) {
    let header = grid
        .rows
        .get(layout.header_index)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let width = grid.rows.iter().map(Vec::len).max().unwrap_or(0);
    for col in 0..width {
        if header.get(col).is_some_and(|h| !h.is_empty()) {
            continue;
        }
        let first =
            (layout.header_index + 1..grid.rows.len()).find(|&r| grid.rows[r].get(col).is_some_and(|v| !v.is_empty()));
        if let Some(r) = first {
            let at = Location::cell(
                file,
                grid.sheet.as_deref(),
                grid.physical_row(r),
                grid.physical_col(col),
            );
            diags.push(
                Diagnostic::new(
                    Code::UnknownColumn,
                    &at,
                    "this column has values but no header, so they are ignored; add the column name in the header row",
                )
                .found(grid.rows[r][col].display()),
            );
        }
    }
}

/// Marks diagnostics as belonging to a report.
pub fn tag(diags: &mut [Diagnostic], report: Option<&str>) {
    for d in diags.iter_mut() {
        if d.report.is_none() {
            d.report = report.map(str::to_string);
        }
    }
}
