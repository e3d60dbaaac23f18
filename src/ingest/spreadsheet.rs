//! Workbooks (xlsx, xlsm, xlsb, xls, ods) read with calamine: every sheet,
//! cached formula values, dates in both epochs, error cells kept as such,
//! merged ranges listed (for ods, read from the package's `content.xml`,
//! which calamine does not report).

use super::{Grid, InputFile, Limits, MergedRange, Value};
use crate::diagnostics::{Code, Diagnostic, Location};
use calamine::{Data, Dimensions, Ods, Reader, Sheets, Xls, Xlsb, Xlsx};
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

/// Last serial day Excel can show (31.12.9999).
const MAX_EXCEL_SERIAL: f64 = 2_958_465.0;

/// Rows and columns of the largest sheet (as Excel and calamine have them):
/// merged ranges are never placed beyond.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: u32 = 16_384;

/// Most merged ranges kept for one workbook. A submission has a handful;
/// an ods row repeated a million times with a merge in it must not become a
/// million ranges.
const MAX_MERGED_RANGES: usize = 10_000;

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
    let mut ods = match workbook {
        Sheets::Ods(_) => ods_package(&file.bytes, limits),
        _ => OdsPackage::default(),
    };
    let date1904 = uses_1904_dates(&workbook) || ods.date1904;
    let mut merged_budget = MAX_MERGED_RANGES;
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
        let mut merged = match workbook {
            Sheets::Ods(_) => ods.merged.remove(&sheet.name).unwrap_or_default(),
            _ => merged_ranges(&mut workbook, &sheet.name),
        };
        merged.truncate(merged_budget);
        merged_budget -= merged.len();
        grids.push(Grid {
            merged,
            date1904,
            sheet: Some(sheet.name),
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

/// Whether the workbook counts its serial dates from 1.1.1904 (the date
/// system of old Mac Excel), as calamine reads it from the workbook.
/// Calamine converts date-formatted cells itself; this is for plain numbers.
fn uses_1904_dates(workbook: &Sheets<Cursor<Vec<u8>>>) -> bool {
    match workbook {
        Sheets::Xlsx(wb) => wb.has_1904_epoch(),
        Sheets::Xlsb(wb) => wb.has_1904_epoch(),
        Sheets::Xls(wb) => wb.has_1904_epoch(),
        Sheets::Ods(_) => false,
    }
}

/// The merged ranges of an xlsx or xls sheet, 1-based, without single cells.
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

/// What an OpenDocument spreadsheet's `content.xml` tells that calamine
/// does not: merged ranges by sheet name, and the date system.
#[derive(Debug, Default)]
struct OdsPackage {
    merged: HashMap<String, Vec<MergedRange>>,
    /// `table:null-date` is 1.1.1904 (a workbook converted from the 1904
    /// date system).
    date1904: bool,
}

/// Reads merged ranges and the null date from an ods package, streaming
/// `content.xml` within the unzipped-size limit. Calamine has read the same
/// XML already, so a part that cannot be read here gives what was read
/// before it; nothing fails.
fn ods_package(bytes: &[u8], limits: &Limits) -> OdsPackage {
    let mut package = OdsPackage::default();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return package;
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return package;
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content.take(limits.max_unzipped_bytes)));
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.check_end_names = false;
    let mut buf = Vec::new();
    let mut skip = Vec::new();
    // The sheet being read, how deep inside it a nested table is, and how
    // many more merged ranges may be kept.
    let mut sheet: Option<OdsSheet> = None;
    let mut nested_tables = 0_u32;
    let mut budget = MAX_MERGED_RANGES;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(e)) => match e.name().as_ref() {
                "table:null-date" if sheet.is_none() => {
                    package.date1904 |= attr(&e, "table:date-value").is_some_and(|v| v.starts_with("1904-01-01"));
                }
                "table:table" if sheet.is_none() => sheet = Some(OdsSheet::new(attr(&e, "table:name"), budget)),
                "table:table" => nested_tables += 1,
                _ if nested_tables > 0 => {}
                "table:table-row" => {
                    if let Some(s) = sheet.as_mut() {
                        s.start_row(count(&e, "table:number-rows-repeated"));
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some(s) = sheet.as_mut() {
                        s.cell(
                            count(&e, "table:number-columns-repeated"),
                            count(&e, "table:number-columns-spanned"),
                            count(&e, "table:number-rows-spanned"),
                        );
                    }
                    // The cell's content (paragraphs, notes, even a table
                    // inside the cell) holds nothing for the layout.
                    if reader.read_to_end_into(e.name(), &mut skip).is_err() {
                        break;
                    }
                    skip.clear();
                }
                _ => {}
            },
            Ok(Event::End(e)) => match e.name().as_ref() {
                "table:table" if nested_tables > 0 => nested_tables -= 1,
                "table:table" => {
                    if let Some((name, merged)) = sheet.take().and_then(OdsSheet::finish) {
                        budget = budget.saturating_sub(merged.len());
                        package.merged.entry(name).or_insert(merged);
                    }
                }
                "table:table-row" if nested_tables == 0 => {
                    if let Some(s) = sheet.as_mut() {
                        s.end_row();
                    }
                }
                _ => {}
            },
            Ok(_) => {}
        }
    }
    package
}

/// An attribute's value, unescaped as calamine does (so that sheet names
/// agree).
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    quick_xml::escape::unescape(&a.value).ok().map(Cow::into_owned)
}

/// A repeat or span count: 1 when absent or unreadable, at least 1.
fn count(e: &BytesStart, name: &str) -> u32 {
    attr(e, name).and_then(|v| v.trim().parse().ok()).unwrap_or(1).max(1)
}

/// The position reached in one ods sheet and the merged ranges found.
/// Rows and cells repeated by `number-*-repeated` only move the position:
/// nothing is allocated per repeated row or column beyond `budget` ranges.
struct OdsSheet {
    name: Option<String>,
    /// 0-based row and column of the next row and cell.
    row: u32,
    col: u32,
    /// How many times the current row repeats.
    row_repeat: u32,
    /// Merges started in the current row: (0-based column, columns, rows).
    spans: Vec<(u32, u32, u32)>,
    merged: Vec<MergedRange>,
    /// Most merged ranges this sheet may keep.
    budget: usize,
}

impl OdsSheet {
    fn new(name: Option<String>, budget: usize) -> Self {
        OdsSheet {
            name,
            row: 0,
            col: 0,
            row_repeat: 1,
            spans: Vec::new(),
            merged: Vec::new(),
            budget,
        }
    }

    /// The sheet's name and merged ranges; `None` for a table without a
    /// name, which calamine does not list either.
    fn finish(self) -> Option<(String, Vec<MergedRange>)> {
        Some((self.name?, self.merged))
    }

    /// Starts a row that repeats `repeat` times.
    fn start_row(&mut self, repeat: u32) {
        // As calamine does, rows beyond the last a sheet can have are dropped.
        self.row_repeat = repeat.min(MAX_ROWS.saturating_sub(self.row));
        self.col = 0;
        self.spans.clear();
    }

    /// A cell (or covered cell), repeated `repeat` times across, starting a
    /// merge of `cols` × `rows` cells when either is above 1.
    fn cell(&mut self, repeat: u32, cols: u32, rows: u32) {
        if (cols > 1 || rows > 1) && self.row_repeat > 0 {
            let room = self.budget.saturating_sub(self.merged.len() + self.spans.len());
            let end = self.col.saturating_add(repeat).min(MAX_COLS);
            self.spans
                .extend((self.col..end).take(room).map(|col| (col, cols, rows)));
        }
        self.col = self.col.saturating_add(repeat);
    }

    /// Ends the current row: its merges are placed once for each of its
    /// repetitions, within the budget.
    fn end_row(&mut self) {
        if !self.spans.is_empty() {
            let placed = (0..self.row_repeat).flat_map(|offset| {
                let first_row = self.row.saturating_add(offset).saturating_add(1);
                self.spans.iter().map(move |&(col, cols, rows)| MergedRange {
                    first_row,
                    first_col: col.saturating_add(1),
                    last_row: first_row.saturating_add(rows.saturating_sub(1)).min(MAX_ROWS),
                    last_col: col.saturating_add(cols).min(MAX_COLS),
                })
            });
            let room = self.budget.saturating_sub(self.merged.len());
            self.merged.extend(placed.take(room));
            self.spans.clear();
        }
        self.row = self.row.saturating_add(self.row_repeat);
        self.row_repeat = 1;
    }
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
