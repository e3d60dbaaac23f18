//! A workbook: its sheets sorted into the Submission sheet, the format's
//! tables (by sheet name, or by header for a sheet of another name) and
//! sheets that are not data; one submission read from all of them.

use super::key::{RawMeta, resolve_key};
use super::records::Collected;
use super::sheet::{self, Field};
use super::{Key, Partial, empty_submission};
use crate::diagnostics::{Code, Diagnostic, Location, Severity, TableAccount};
use crate::format::{FormatDef, TableDef};
use crate::ingest::{Grid, InputFile, Value};
use crate::normalise::table::{self, Table};
use crate::reference::fold;

/// Sheets that accompany the tables and are not data.
const AUXILIARY_SHEETS: [&str; 8] = [
    "instructions",
    "consignes",
    "anleitung",
    "lists",
    "listes",
    "listen",
    "readme",
    "notes",
];

/// Reads a workbook's sheets into its one submission; none when the
/// submission's key cannot be told (every table's rows are then rejected).
pub(super) fn read_workbook(
    format: &FormatDef,
    file: &InputFile,
    grids: &[Grid],
    diags: &mut Vec<Diagnostic>,
    accounts: &mut Vec<TableAccount>,
) -> Vec<Partial> {
    let (submission_sheet, tables) = sort_sheets(format, file, grids, diags);
    let (meta, fields): (RawMeta, Vec<Field>) = match submission_sheet {
        Some(grid) => sheet::read_submission_sheet(format, grid, &file.display, diags, accounts),
        None => Default::default(),
    };
    let mut local = Vec::new();
    let key = resolve_key(&meta, file, &mut local);
    let report = key.as_ref().map(Key::report);
    table::tag(&mut local, report.as_ref());
    diags.append(&mut local);
    let Some(key) = key else {
        for (def, grid) in tables {
            accounts.push(table::all_rejected(&def.id, grid, table::find_header(def, &[], grid)));
        }
        return Vec::new();
    };
    let mut collected = Collected::new(empty_submission(&key, file));
    for field in fields {
        sheet::apply_field(&mut collected.submission, field);
    }
    // A table is sent when its sheet has rows of data: an empty sheet of
    // the workbook does not replace the same table sent in another file.
    let mut present: Vec<String> = Vec::new();
    for (def, grid) in tables {
        let mut local = Vec::new();
        let account = read_table(format, file, def, grid, &mut collected, &mut local);
        table::tag(&mut local, report.as_ref());
        diags.append(&mut local);
        let account = match account {
            Ok(account) if account.rows_read > 0 && !present.contains(&def.id) => {
                present.push(def.id.clone());
                account
            }
            Ok(account) | Err(account) => account,
        };
        accounts.push(account);
    }
    vec![Partial {
        tables: present,
        submission: collected.submission,
    }]
}

/// The Submission sheet, if any, and the sheets holding the format's
/// tables; a sheet that is neither, nor empty, nor auxiliary is reported.
fn sort_sheets<'a>(
    format: &'a FormatDef,
    file: &InputFile,
    grids: &'a [Grid],
    diags: &mut Vec<Diagnostic>,
) -> (Option<&'a Grid>, Vec<(&'a TableDef, &'a Grid)>) {
    let mut tables: Vec<(&TableDef, &Grid)> = Vec::new();
    let mut submission_sheet = None;
    for grid in grids {
        let name = grid.sheet.as_deref().unwrap_or("");
        if let Some(def) = format.tables.iter().find(|t| t.matches_sheet(name)) {
            if def.id == "submission" {
                submission_sheet = Some(grid);
            } else {
                tables.push((def, grid));
            }
        } else if grid.rows.iter().all(|r| r.iter().all(Value::is_empty))
            || AUXILIARY_SHEETS.contains(&fold(name).as_str())
        {
            continue;
        } else if let Some(def) = table::detect_table(format, grid) {
            tables.push((def, grid));
        } else {
            let at = Location {
                sheet: Some(name.to_string()),
                ..Location::file(&file.display)
            };
            let names: Vec<&str> = format.tables.iter().map(|t| t.sheet.en.as_str()).collect();
            diags.push(
                Diagnostic::new(
                    Code::UnknownTable,
                    &at,
                    "this sheet is not one of the format's tables and is ignored; rename it if it holds one",
                )
                .severity(Severity::Warning)
                .found(name.to_string())
                .expected(format!("one of {}", names.join(", "))),
            );
        }
    }
    (submission_sheet, tables)
}

/// Reads the rows of one table sheet into the submission. The table's
/// account: `Err` when the sheet cannot be read as the table.
fn read_table(
    format: &FormatDef,
    file: &InputFile,
    def: &TableDef,
    grid: &Grid,
    collected: &mut Collected,
    diags: &mut Vec<Diagnostic>,
) -> Result<TableAccount, TableAccount> {
    let table = Table::open(format, def, &[], grid, &file.display, diags)?;
    let mut account = table.account();
    let semester = Some(collected.submission.semester);
    table::read_rows(&mut account, table.data_rows(), |index| {
        let mut row = table.row(index, semester);
        let used = collected.read_row(&mut row);
        diags.append(&mut row.diags);
        used
    });
    Ok(account)
}
