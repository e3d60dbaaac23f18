//! Reading one input table from a grid: finding the header row below any
//! title rows and matching headers against the format's aliases
//! (`header`), the data rows and the evidence over them (`grid`), each row
//! read cell by cell (`row`) with one value reader per column kind
//! (`cells`), each problem a diagnostic with its cell.

mod cells;
mod grid;
mod header;
mod row;

pub use cells::expected_for;
pub(crate) use cells::{Typed, date_of, invalid_choice, yes_no_of};
pub(crate) use grid::{all_rejected, read_rows};
pub(crate) use header::{detect_table, find_header};
pub(crate) use row::{RowReader, Table};

use crate::diagnostics::Diagnostic;
use crate::model::ReportKey;

/// Marks diagnostics as belonging to a report.
pub(crate) fn tag(diags: &mut [Diagnostic], report: Option<&ReportKey>) {
    for d in diags.iter_mut() {
        if d.report.is_none() {
            d.report = report.cloned();
        }
    }
}
