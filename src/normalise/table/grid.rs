//! The grid around a located table: which rows hold data, the evidence
//! gathered over all of them before any is read, merged cells and columns
//! without a header, the one row loop that counts rows read, used and
//! rejected, and the accounting of a table that cannot be read at all.

use super::header::Layout;
use crate::diagnostics::{Code, Diagnostic, Location, Severity, TableAccount};
use crate::format::ColumnKind;
use crate::ingest::{Grid, Value};
use crate::normalise::values::{self, DecimalStyle};

/// Evidence gathered over a whole table before its rows are read.
pub(super) struct Evidence {
    /// The decimal separator the table's numbers show.
    pub(super) style: DecimalStyle,
    /// Whether a date of the table can only be read month-first.
    pub(super) month_first_seen: bool,
}

impl Evidence {
    /// The evidence of the numeric and date columns of a located table.
    pub(super) fn gather(layout: &Layout, grid: &Grid) -> Evidence {
        let columns_of = |kinds: &[ColumnKind]| -> Vec<usize> {
            layout
                .columns
                .iter()
                .filter(|(_, c)| kinds.contains(&c.kind))
                .map(|(i, _)| *i)
                .collect()
        };
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
        let numbers = texts_in(&columns_of(&[ColumnKind::Count, ColumnKind::Number]));
        Evidence {
            style: values::file_style(numbers.iter().map(String::as_str)),
            month_first_seen: texts_in(&columns_of(&[ColumnKind::Date]))
                .iter()
                .any(|t| values::is_month_first(t)),
        }
    }
}

/// The non-blank data rows of a located table, as grid row indexes.
/// A row that holds only pre-filled cells (a pre-listed indicator, the
/// Member State of the Postings sheet, as the submission workbook provides
/// them) is not a row of data.
pub(super) fn data_rows(layout: &Layout, grid: &Grid) -> Vec<usize> {
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

/// The row loop of every table, the Submission sheet's included: `read`
/// reads the row at a grid index and tells whether it was used; the
/// account counts every row as read, then as used or rejected.
pub(crate) fn read_rows(
    account: &mut TableAccount,
    rows: impl IntoIterator<Item = usize>,
    mut read: impl FnMut(usize) -> bool,
) {
    for index in rows {
        account.rows_read += 1;
        if read(index) {
            account.rows_used += 1;
        } else {
            account.rows_rejected += 1;
        }
    }
}

/// Accounting for a table whose rows were all rejected because the table
/// itself could not be used: every non-blank row below `header_index` (all
/// rows when no header was found).
pub(crate) fn all_rejected(table: &str, grid: &Grid, header_index: Option<usize>) -> TableAccount {
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
pub(super) fn unmerge(layout: &Layout, grid: &Grid, file: &str, diags: &mut Vec<Diagnostic>) -> Grid {
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
                .severity(Severity::Warning)
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
pub(super) fn report_headless_columns(layout: &Layout, grid: &Grid, file: &str, diags: &mut Vec<Diagnostic>) {
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
