//! A CSV file: one table, told by the end of the file name or by its
//! header, whose rows may belong to several submissions. Each row's
//! metadata columns (or else the file name) say whose; the rows are
//! grouped by that key into one submission each.

use super::key::{RawKey, RawMeta, named_report, resolve_key};
use super::records::Collected;
use super::sheet::{self, FIELDS};
use super::{Key, Partial, empty_submission, key_from_file_name};
use crate::diagnostics::{Code, Diagnostic, Location, TableAccount};
use crate::format::{FormatDef, TableDef};
use crate::ingest::{Grid, InputFile};
use crate::normalise::table::{self, RowReader, Table};
use std::collections::HashMap;

/// Reads a CSV file's rows into one submission per key, in the order the
/// keys first appear.
pub(super) fn read_csv(
    format: &FormatDef,
    file: &InputFile,
    grid: &Grid,
    diags: &mut Vec<Diagnostic>,
    accounts: &mut Vec<TableAccount>,
) -> Vec<Partial> {
    let Some(def) = csv_table(format, file, grid) else {
        let names: Vec<String> = format
            .tables
            .iter()
            .filter(|t| t.id != "submission")
            .map(|t| format!("_{}.csv", t.csv_suffix))
            .collect();
        diags.push(
            Diagnostic::new(Code::UnknownTable, &Location::file(&file.display), "the table this CSV holds cannot be told from its name or its header; end the file name with the table (e.g. FR_MA_2025-H2_statistics.csv)")
                .expected(format!("a name ending in one of {}", names.join(", "))),
        );
        accounts.push(table::all_rejected("unknown", grid, None));
        return Vec::new();
    };
    let meta_columns = &format.table("submission").map(|t| t.columns.as_slice()).unwrap_or(&[]);
    let mut local = Vec::new();
    let table = match Table::open(format, def, meta_columns, grid, &file.display, &mut local) {
        Ok(table) => table,
        Err(account) => {
            table::tag(&mut local, named_report(&file.path).as_ref());
            diags.append(&mut local);
            accounts.push(account);
            return Vec::new();
        }
    };
    diags.append(&mut local);
    if let Some(problem) = missing_metadata(&table, file) {
        diags.push(problem);
        accounts.push(table.all_rejected());
        return Vec::new();
    }
    let mut account = table.account();
    let mut submissions = Submissions {
        file,
        by_key: HashMap::new(),
        order: Vec::new(),
        known_keys: HashMap::new(),
    };
    table::read_rows(&mut account, table.data_rows(), |index| {
        submissions.read_row(&mut table.row(index, None), diags)
    });
    accounts.push(account);
    submissions.into_partials(&def.id)
}

/// The table a CSV file holds: by the end of its name, else by its header.
fn csv_table<'a>(format: &'a FormatDef, file: &InputFile, grid: &Grid) -> Option<&'a TableDef> {
    let stem = file
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let by_name = format
        .tables
        .iter()
        .filter(|t| t.id != "submission")
        .find(|t| stem.ends_with(&format!("_{}", t.csv_suffix)) || stem == t.csv_suffix);
    by_name.or_else(|| table::detect_table(format, grid))
}

/// Metadata neither in a column nor in the file name: one problem for the
/// file, not one per row.
fn missing_metadata(table: &Table, file: &InputFile) -> Option<Diagnostic> {
    let (name_ms, name_host, name_sem) = key_from_file_name(&file.path);
    let layout = &table.layout;
    let missing: Vec<&str> = [
        ("member_state", name_ms.is_some()),
        ("host", name_host.is_some()),
        ("semester", name_sem.is_some()),
    ]
    .into_iter()
    .filter(|(id, from_name)| !from_name && !layout.columns.iter().chain(&layout.extra).any(|(_, c)| c.id == *id))
    .map(|(id, _)| id)
    .collect();
    (!missing.is_empty()).then(|| {
        Diagnostic::new(
            Code::MissingMetadata,
            &Location::file(&file.display),
            format!(
                "add the column(s) {} to every row, or name the file like FR_MA_2025-H2_{}.csv",
                missing.join(", "),
                layout.def.csv_suffix
            ),
        )
        .expected(format!("{} for every row", missing.join(", ")))
    })
}

/// The submissions of a CSV file, by key.
struct Submissions<'f> {
    file: &'f InputFile,
    by_key: HashMap<Key, Collected>,
    order: Vec<Key>,
    /// Metadata cells repeat on every row: resolved once per distinct value.
    known_keys: HashMap<RawKey, Key>,
}

impl Submissions<'_> {
    /// Reads a row into its key's submission: the submission fields its
    /// metadata columns give, then its record. Whether the row was used.
    fn read_row(&mut self, row: &mut RowReader, diags: &mut Vec<Diagnostic>) -> bool {
        let Some(key) = self.key(row, diags) else {
            return false;
        };
        row.semester = Some(key.semester);
        let file = self.file;
        let collected = self.by_key.entry(key.clone()).or_insert_with(|| {
            self.order.push(key.clone());
            Collected::new(empty_submission(&key, file))
        });
        for id in FIELDS {
            if row.has_extra(id)
                && let Some(value) = row.read(id)
            {
                sheet::apply_field(&mut collected.submission, (id, value));
            }
        }
        let used = collected.read_row(row);
        table::tag(&mut row.diags, Some(&key.report()));
        diags.append(&mut row.diags);
        used
    }

    /// The row's key from its metadata columns and the file name; when
    /// there is none, why is reported (for the report the name gives).
    fn key(&mut self, row: &RowReader, diags: &mut Vec<Diagnostic>) -> Option<Key> {
        let meta = RawMeta {
            member_state: row.raw("member_state"),
            host: row.raw("host"),
            semester: row.raw("semester"),
        };
        let raw = meta.raw_key();
        if let Some(key) = self.known_keys.get(&raw) {
            return Some(key.clone());
        }
        let mut meta_diags = Vec::new();
        let Some(key) = resolve_key(&meta, self.file, &mut meta_diags) else {
            table::tag(&mut meta_diags, named_report(&self.file.path).as_ref());
            diags.append(&mut meta_diags);
            return None;
        };
        self.known_keys.insert(raw, key.clone());
        Some(key)
    }

    /// One part per key, in the order the keys first appeared.
    fn into_partials(mut self, table: &str) -> Vec<Partial> {
        self.order
            .into_iter()
            .filter_map(|k| self.by_key.remove(&k))
            .map(|collected| Partial {
                tables: vec![table.to_string()],
                submission: collected.submission,
            })
            .collect()
    }
}
