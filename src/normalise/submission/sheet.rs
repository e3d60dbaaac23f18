//! The Submission sheet of a workbook: one field a row, its name in the
//! first filled cell and its value in the next. The key fields are kept as
//! written for `key`; the others are read as their column's kind says and
//! applied to the submission (as are the same columns of a CSV file).

use super::key::RawMeta;
use crate::diagnostics::{Code, Diagnostic, Location, TableAccount};
use crate::format::{ColumnDef, ColumnKind, FormatDef, TableDef};
use crate::ingest::{Grid, Value};
use crate::model::Submission;
use crate::normalise::table::{self, Typed};
use crate::reference::fold;

/// The submission fields besides the key, in the order they are read.
pub(super) const FIELDS: [&str; 6] = [
    "drafted_on",
    "report_date",
    "acting_for_presidency",
    "language",
    "classification",
    "reference",
];

/// A submission field besides the key, as read: its column id and value.
pub(super) type Field<'a> = (&'a str, Typed);

/// Sets a field read from the Submission sheet or a CSV column.
pub(super) fn apply_field(s: &mut Submission, (id, value): Field) {
    match (id, value) {
        ("drafted_on", Typed::Date(d)) => s.drafted_on = Some(d),
        ("report_date", Typed::Date(d)) => s.report_date = Some(d),
        ("acting_for_presidency", Typed::Flag(a)) => s.acting_for_presidency = a,
        ("language", Typed::Text(l)) => s.language = Some(l),
        ("classification", Typed::Text(c)) => s.classification = (c != "none").then_some(c),
        ("reference", Typed::Text(r)) => s.reference = Some(r),
        _ => {}
    }
}

/// The Submission sheet's key fields as written and its other fields as
/// read; each row is accounted for, each problem reported.
pub(super) fn read_submission_sheet<'a>(
    format: &'a FormatDef,
    grid: &Grid,
    file: &str,
    diags: &mut Vec<Diagnostic>,
    accounts: &mut Vec<TableAccount>,
) -> (RawMeta, Vec<Field<'a>>) {
    let mut sheet = Sheet {
        format,
        grid,
        file,
        meta: RawMeta::default(),
        fields: Vec::new(),
        diags,
    };
    let Some(def) = format.table("submission") else {
        return (sheet.meta, sheet.fields);
    };
    let mut account = TableAccount {
        table: def.id.clone(),
        sheet: grid.sheet.clone(),
        ..Default::default()
    };
    table::read_rows(&mut account, field_rows(grid), |index| sheet.read_field(def, index));
    accounts.push(account);
    (sheet.meta, sheet.fields)
}

/// The rows that name a field: neither blank nor the optional header row.
fn field_rows(grid: &Grid) -> Vec<usize> {
    (0..grid.rows.len())
        .filter(|&index| {
            name_cell(&grid.rows[index]).is_some_and(|c| {
                !matches!(
                    fold(&grid.rows[index][c].display()).as_str(),
                    "field" | "champ" | "feld"
                )
            })
        })
        .collect()
}

/// The cell naming the row's field: its first filled one.
fn name_cell(row: &[Value]) -> Option<usize> {
    row.iter().position(|v| !v.is_empty())
}

/// The Submission sheet being read.
struct Sheet<'a, 'd> {
    format: &'a FormatDef,
    grid: &'d Grid,
    file: &'d str,
    meta: RawMeta,
    fields: Vec<Field<'a>>,
    diags: &'d mut Vec<Diagnostic>,
}

impl<'a> Sheet<'a, '_> {
    /// Reads the field of a row; whether it could be used (an empty value
    /// can).
    fn read_field(&mut self, def: &'a TableDef, index: usize) -> bool {
        let grid = self.grid;
        let row = &grid.rows[index];
        let Some(name_cell) = name_cell(row) else { return false };
        let name = row[name_cell].display();
        let value = row.get(name_cell + 1).cloned().unwrap_or(Value::Empty);
        let (sheet, physical_row) = (grid.sheet.as_deref(), grid.physical_row(index));
        let Some(col) = def.column_for_header(&name) else {
            self.diags.push(
                Diagnostic::new(
                    Code::UnknownColumn,
                    &Location::cell(self.file, sheet, physical_row, grid.physical_col(name_cell)),
                    "this field is not part of the Submission sheet and is ignored",
                )
                .found(name)
                .expected(def.columns.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")),
            );
            return false;
        };
        if value.is_empty() {
            return true;
        }
        let at = Location::cell(self.file, sheet, physical_row, grid.physical_col(name_cell + 1));
        let text = value.display().trim().to_string();
        match col.id.as_str() {
            "member_state" => self.meta.member_state = Some((text, at)),
            "host" => self.meta.host = Some((text, at)),
            "semester" => self.meta.semester = Some((text, at)),
            _ => match self.read_value(col, &value, text, &at) {
                Some(typed) => self.fields.push((col.id.as_str(), typed)),
                None => return false,
            },
        }
        true
    }

    /// A field's value read as its column's kind says (a field the readers
    /// do not know, which a format file may add, as text: it is kept as the
    /// reference); `None` when it cannot be read (reported).
    fn read_value(&mut self, col: &ColumnDef, value: &Value, text: String, at: &Location) -> Option<Typed> {
        let kind = if FIELDS.contains(&col.id.as_str()) {
            col.kind
        } else {
            ColumnKind::Text
        };
        let problem = match kind {
            ColumnKind::Date => match table::date_of(value, self.grid.date1904, false) {
                Ok(date) => return Some(Typed::Date(date)),
                Err(_) => Diagnostic::new(Code::InvalidDate, at, "write the date as 2025-12-15 or 15.12.2025")
                    .found(text)
                    .expected("a date"),
            },
            ColumnKind::YesNo => match table::yes_no_of(value) {
                Some(flag) => return Some(Typed::Flag(flag)),
                None => Diagnostic::new(Code::InvalidChoice, at, "answer yes or no")
                    .found(text)
                    .expected("yes or no"),
            },
            ColumnKind::Choice => match self.format.resolve_choice(&text, &col.choices) {
                Some(choice) => return Some(Typed::Text(choice.to_string())),
                None => table::invalid_choice(at, &text, col),
            },
            _ => return Some(Typed::Text(text)),
        };
        self.diags.push(problem);
        None
    }
}
