//! Finding a table in a grid: the header row below any title rows, each
//! header cell matched against the format's column ids and aliases, and
//! the table a sheet of unknown name holds told from its header.

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::format::{ColumnDef, FormatDef, TableDef};
use crate::ingest::{Grid, Value};

/// How many rows from the top are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 30;

/// A table located in a grid: which grid column holds which column.
pub(crate) struct Layout<'a> {
    /// The table's definition.
    pub(crate) def: &'a TableDef,
    /// The grid row holding the headers.
    pub(crate) header_index: usize,
    /// (grid column index, column definition)
    pub(crate) columns: Vec<(usize, &'a ColumnDef)>,
    /// Metadata columns of CSV tables, by id: (grid column index, definition).
    pub(crate) extra: Vec<(usize, &'a ColumnDef)>,
}

/// Finds the header row of `def` in `grid`. `extra` lists columns accepted
/// besides the table's own (the metadata columns of CSV files). Reports
/// unknown and missing columns; `None` when the table cannot be used.
pub(super) fn locate<'a>(
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
    let layout = match_headers(def, extra, grid, header_index, file, diags);
    let missing: Vec<&str> = def
        .columns
        .iter()
        .filter(|c| c.required && !layout.columns.iter().any(|(_, f)| f.id == c.id))
        .map(|c| c.id.as_str())
        .collect();
    if !missing.is_empty() {
        let at = Location::cell(file, sheet, grid.physical_row(header_index), grid.first_col);
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
    Some(layout)
}

/// Matches every header cell of the header row: the table's own columns,
/// then the `extra` ones; a column named twice and a header that names no
/// column are reported.
fn match_headers<'a>(
    def: &'a TableDef,
    extra: &'a [ColumnDef],
    grid: &Grid,
    header_index: usize,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Layout<'a> {
    let header_row = grid.physical_row(header_index);
    let mut columns: Vec<(usize, &ColumnDef)> = Vec::new();
    let mut extra_found: Vec<(usize, &ColumnDef)> = Vec::new();
    for (i, cell) in grid.rows[header_index].iter().enumerate() {
        let header = cell.display();
        if header.trim().is_empty() {
            continue;
        }
        let at = Location::cell(file, grid.sheet.as_deref(), header_row, grid.physical_col(i));
        let found = def.column_for_header(&header).map(|c| (c, &mut columns)).or_else(|| {
            extra
                .iter()
                .find(|c| c.matches_header(&header))
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
    Layout {
        def,
        header_index,
        columns,
        extra: extra_found,
    }
}

/// The index of the header row: among the first rows, the one naming the
/// most of the table's columns (title rows above it are skipped).
pub(crate) fn find_header(def: &TableDef, extra: &[ColumnDef], grid: &Grid) -> Option<usize> {
    let matches = |row: &[Value]| {
        row.iter()
            .filter(|v| {
                let h = v.display();
                def.column_for_header(&h).is_some() || extra.iter().any(|c| c.matches_header(&h))
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

/// A sheet with an unknown name whose header matches a table's required
/// columns (a workbook with a single long-form table, say).
pub(crate) fn detect_table<'a>(format: &'a FormatDef, grid: &Grid) -> Option<&'a TableDef> {
    format.tables.iter().filter(|t| t.id != "submission").find(|def| {
        grid.rows.iter().take(HEADER_SEARCH_ROWS).any(|row| {
            def.columns.iter().filter(|c| c.required).all(|c| {
                row.iter()
                    .any(|v| def.column_for_header(&v.display()).is_some_and(|f| f.id == c.id))
            })
        })
    })
}
