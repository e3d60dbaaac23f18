//! A located table ready to be read (`Table`) and one of its data rows
//! being read (`RowReader`): its cells by column id, getters for the
//! values of each kind, and the problems found so far.

use super::cells::{Typed, error_code, expected_for};
use super::grid::{self, Evidence};
use super::header::{self, Layout};
use crate::diagnostics::{Code, Diagnostic, Location, TableAccount};
use crate::format::{ColumnDef, FormatDef, TableDef};
use crate::ingest::{Grid, Value};
use crate::reference::Semester;
use chrono::NaiveDate;
use std::borrow::Cow;

/// A table located in its grid, merged cells resolved and the evidence of
/// all its rows gathered.
pub(crate) struct Table<'a> {
    /// Which grid column holds which column.
    pub(crate) layout: Layout<'a>,
    grid: Cow<'a, Grid>,
    file: &'a str,
    format: &'a FormatDef,
    evidence: Evidence,
}

impl<'a> Table<'a> {
    /// Locates `def` in `grid` (`extra`: columns accepted besides the
    /// table's own), resolves merged cells and reports columns without a
    /// header. When the table cannot be used: the account of its rows, all
    /// rejected.
    pub(crate) fn open(
        format: &'a FormatDef,
        def: &'a TableDef,
        extra: &'a [ColumnDef],
        grid: &'a Grid,
        file: &'a str,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<Table<'a>, TableAccount> {
        let Some(layout) = header::locate(def, extra, grid, file, diags) else {
            return Err(grid::all_rejected(&def.id, grid, header::find_header(def, extra, grid)));
        };
        let grid = if grid.merged.is_empty() {
            Cow::Borrowed(grid)
        } else {
            Cow::Owned(grid::unmerge(&layout, grid, file, diags))
        };
        grid::report_headless_columns(&layout, &grid, file, diags);
        let evidence = Evidence::gather(&layout, &grid);
        Ok(Table {
            layout,
            grid,
            file,
            format,
            evidence,
        })
    }

    /// An empty account of the table's rows.
    pub(crate) fn account(&self) -> TableAccount {
        TableAccount {
            table: self.layout.def.id.clone(),
            sheet: self.grid.sheet.clone(),
            ..Default::default()
        }
    }

    /// The account of the table when all its rows are rejected.
    pub(crate) fn all_rejected(&self) -> TableAccount {
        grid::all_rejected(&self.layout.def.id, &self.grid, Some(self.layout.header_index))
    }

    /// The grid indexes of the table's data rows.
    pub(crate) fn data_rows(&self) -> Vec<usize> {
        grid::data_rows(&self.layout, &self.grid)
    }

    /// Starts reading the data row at grid index `index`; `semester`: the
    /// submission's, when known.
    pub(crate) fn row(&self, index: usize, semester: Option<Semester>) -> RowReader<'_> {
        RowReader {
            table: self,
            index,
            semester,
            diags: Vec::new(),
        }
    }
}

/// One data row being read: typed getters that record a diagnostic for
/// every cell that cannot be used.
pub(crate) struct RowReader<'a> {
    table: &'a Table<'a>,
    index: usize,
    /// The semester of the row's submission, when known: a date outside it
    /// is reported.
    pub(crate) semester: Option<Semester>,
    /// The problems found in the row so far.
    pub(crate) diags: Vec<Diagnostic>,
}

impl<'a> RowReader<'a> {
    /// The id of the row's table.
    pub(crate) fn table_id(&self) -> &'a str {
        &self.table.layout.def.id
    }

    /// The format definition the row is read with.
    pub(crate) fn format(&self) -> &'a FormatDef {
        self.table.format
    }

    pub(super) fn evidence(&self) -> &'a Evidence {
        &self.table.evidence
    }

    pub(super) fn date1904(&self) -> bool {
        self.table.grid.date1904
    }

    /// The row's physical location (first cell).
    pub(crate) fn location(&self) -> Location {
        let grid = &self.table.grid;
        Location::cell(
            self.table.file,
            grid.sheet.as_deref(),
            grid.physical_row(self.index),
            grid.first_col,
        )
    }

    fn cell(&self, id: &str) -> Option<(&'a ColumnDef, &'a Value, Location)> {
        let table: &'a Table<'a> = self.table;
        let layout = &table.layout;
        let (i, col) = layout.columns.iter().chain(&layout.extra).find(|(_, c)| c.id == id)?;
        let grid: &'a Grid = &table.grid;
        let value = grid.rows.get(self.index)?.get(*i).unwrap_or(&Value::Empty);
        let at = Location::cell(
            table.file,
            grid.sheet.as_deref(),
            grid.physical_row(self.index),
            grid.physical_col(*i),
        );
        Some((col, value, at))
    }

    /// Whether the table has this metadata column (of a CSV file).
    pub(crate) fn has_extra(&self, id: &str) -> bool {
        self.table.layout.extra.iter().any(|(_, c)| c.id == id)
    }

    /// The location of the row's cell in a column.
    pub(crate) fn cell_location(&self, id: &str) -> Option<Location> {
        self.cell(id).map(|(_, _, at)| at)
    }

    /// Whether a problem of the row is an error.
    pub(crate) fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }

    /// Records a diagnostic of the row.
    pub(crate) fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// The cell when it holds a value; a missing required value and a
    /// formula error are reported.
    pub(super) fn present(&mut self, id: &str) -> Option<(&'a ColumnDef, &'a Value, Location)> {
        let (col, value, at) = self.cell(id)?;
        if value.is_empty() {
            if col.required {
                self.report(
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
            self.report(
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

    /// The raw text of a cell and its location, for metadata checks.
    pub(crate) fn raw(&self, id: &str) -> Option<(String, Location)> {
        let (_, value, at) = self.cell(id)?;
        (!value.is_empty()).then(|| (value.display().trim().to_string(), at))
    }

    /// A text or code cell (text, country, Member State, choice, section,
    /// indicator), read as its kind says.
    pub(crate) fn text(&mut self, id: &str) -> Option<String> {
        match self.read(id)? {
            Typed::Text(t) => Some(t),
            _ => None,
        }
    }

    /// A count cell, read as its kind says.
    pub fn count(&mut self, id: &str) -> Option<u64> {
        match self.read(id)? {
            Typed::Count(n) => Some(n),
            _ => None,
        }
    }

    /// A date cell, read as its kind says.
    pub(crate) fn date(&mut self, id: &str) -> Option<NaiveDate> {
        match self.read(id)? {
            Typed::Date(d) => Some(d),
            _ => None,
        }
    }

    /// A yes/no cell, read as its kind says.
    pub(crate) fn flag(&mut self, id: &str) -> Option<bool> {
        match self.read(id)? {
            Typed::Flag(b) => Some(b),
            _ => None,
        }
    }

    /// A list cell, read as its kind says; empty when the cell is.
    pub(crate) fn list(&mut self, id: &str) -> Vec<String> {
        match self.read(id) {
            Some(Typed::List(codes)) => codes,
            _ => Vec::new(),
        }
    }

    /// A value that must be one of `allowed` (e.g. an indicator's breakdowns).
    pub(crate) fn choice_in(&mut self, id: &str, allowed: &[String], hint: &str) -> Option<String> {
        let (_, value, at) = self.present(id)?;
        let text = value.display();
        match self.format().resolve_choice(&text, allowed) {
            Some(c) => Some(c.to_string()),
            None => {
                let expected = if allowed.is_empty() {
                    "empty".to_string()
                } else {
                    format!("one of {}", allowed.join(", "))
                };
                self.report(
                    Diagnostic::new(Code::InvalidChoice, &at, hint)
                        .found(text)
                        .expected(expected),
                );
                None
            }
        }
    }
}
