//! Workbooks (xlsx, xlsm, xlsb, xls, ods) read with calamine: every sheet,
//! cached formula values, dates in both epochs, error cells kept as such,
//! merged ranges listed.

use super::{Grid, InputFile, Limits, MergedRange, Value};
use crate::diagnostics::{Code, Diagnostic, Location};
use calamine::{Data, Dimensions, Ods, Reader, SheetVisible, Sheets, Xls, Xlsb, Xlsx};
use std::io::Cursor;

/// Last serial day Excel can show (31.12.9999).
const MAX_EXCEL_SERIAL: f64 = 2_958_465.0;

pub(super) fn read(file: &InputFile, limits: &Limits) -> Result<Vec<Grid>, Diagnostic> {
    let at = Location::file(&file.display);
    if is_encrypted(&file.bytes) {
        return Err(Diagnostic::new(
            Code::EncryptedFile,
            &at,
            "the workbook is password-protected; save an unprotected copy and send it again",
        ));
    }
    limits.check_zip(&file.bytes, &at)?;
    let mut workbook = open(file).map_err(|message| {
        let password = message.to_ascii_lowercase().contains("password");
        let (code, hint) = if password {
            (Code::EncryptedFile, "the workbook is password-protected; save an unprotected copy and send it again".to_string())
        } else {
            (
                Code::UnreadableFile,
                format!("the file is not a readable spreadsheet ({message}); open it in office software, save it as .xlsx or .ods and send it again"),
            )
        };
        Diagnostic::new(code, &at, hint)
    })?;
    let sheets = workbook.sheets_metadata().to_vec();
    let mut grids = Vec::new();
    for sheet in sheets {
        let range = workbook.worksheet_range(&sheet.name).map_err(|e| {
            Diagnostic::new(
                Code::UnreadableFile,
                &Location {
                    sheet: Some(sheet.name.clone()),
                    ..at.clone()
                },
                format!("the sheet could not be read ({e}); save the workbook again and resend it"),
            )
        })?;
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let rows = range.rows().map(|row| row.iter().map(convert).collect()).collect();
        grids.push(Grid {
            merged: merged_ranges(&mut workbook, &sheet.name),
            sheet: Some(sheet.name),
            hidden: sheet.visible != SheetVisible::Visible,
            first_row: first_row.saturating_add(1),
            first_col: first_col.saturating_add(1),
            rows,
            lines: None,
        });
    }
    Ok(grids)
}

/// Opens with the reader the extension names, then tries the others: files
/// are often renamed.
fn open(file: &InputFile) -> Result<Sheets<Cursor<Vec<u8>>>, String> {
    let ext = file
        .path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let cursor = || Cursor::new(file.bytes.clone());
    let first = match ext.as_str() {
        "xlsx" | "xlsm" => calamine::open_workbook_from_rs::<Xlsx<_>, _>(cursor())
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
        "xlsb" => calamine::open_workbook_from_rs::<Xlsb<_>, _>(cursor())
            .map(Sheets::Xlsb)
            .map_err(|e| e.to_string()),
        "xls" => calamine::open_workbook_from_rs::<Xls<_>, _>(cursor())
            .map(Sheets::Xls)
            .map_err(|e| e.to_string()),
        "ods" => calamine::open_workbook_from_rs::<Ods<_>, _>(cursor())
            .map(Sheets::Ods)
            .map_err(|e| e.to_string()),
        _ => Err("unknown extension".to_string()),
    };
    match first {
        Ok(wb) => Ok(wb),
        Err(message) if message.to_ascii_lowercase().contains("password") => Err(message),
        Err(message) => calamine::open_workbook_auto_from_rs(cursor()).map_err(|_| message),
    }
}

/// An OLE compound file holding an `EncryptedPackage` stream: an Office
/// workbook saved with a password.
fn is_encrypted(bytes: &[u8]) -> bool {
    const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if !bytes.starts_with(&CFB_MAGIC) {
        return false;
    }
    let needle: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn merged_ranges(workbook: &mut Sheets<Cursor<Vec<u8>>>, sheet: &str) -> Vec<MergedRange> {
    let dims: Vec<Dimensions> = match workbook {
        Sheets::Xlsx(wb) => wb.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        Sheets::Xls(wb) => wb.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        _ => Vec::new(),
    };
    dims.into_iter()
        .map(|d| MergedRange {
            first_row: d.start.0.saturating_add(1),
            first_col: d.start.1.saturating_add(1),
            last_row: d.end.0.saturating_add(1),
            last_col: d.end.1.saturating_add(1),
        })
        .filter(|m| m.first_row != m.last_row || m.first_col != m.last_col)
        .collect()
}

fn convert(cell: &Data) -> Value {
    match cell {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => {
            if dt.is_datetime() && (0.0..=MAX_EXCEL_SERIAL).contains(&dt.as_f64()) {
                dt.as_datetime().map_or(Value::Number(dt.as_f64()), Value::Date)
            } else {
                Value::Number(dt.as_f64())
            }
        }
        Data::DateTimeIso(s) => {
            let date = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
                .ok()
                .or_else(|| {
                    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                        .ok()
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                });
            date.map_or_else(|| Value::Text(s.clone()), Value::Date)
        }
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}
