//! From one file's grids to submissions: which table each sheet or CSV file
//! holds, whose submission it is (Submission sheet or metadata columns, the
//! file name only as a fallback), and every row turned into a record of the
//! model or rejected with a diagnostic. Rows read = used + rejected.

use super::table::{self, Evidence, RowReader};
use crate::diagnostics::{Code, Diagnostic, FileReport, FileStatus, Location, TableAccount};
use crate::format::{FormatDef, TableDef};
use crate::ingest::{FileKind, Grid, InputFile, Value};
use crate::model::*;
use crate::reference::{Semester, calendar::CALENDAR_RANGE, countries, fold, regions};
use std::collections::HashMap;
use std::path::Path;

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

/// Whose submission: Member State, host country, semester.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub member_state: String,
    pub host: String,
    pub semester: Semester,
}

impl Key {
    pub fn report(&self) -> String {
        report_key(&self.host, self.semester)
    }
}

/// A submission's part read from one file: the tables it holds (a
/// workbook's sheets, a CSV file's one table). The parts of one submission
/// are joined by their key; only the same table twice is a duplicate.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Partial {
    pub tables: Vec<String>,
    pub submission: Submission,
}

/// Everything read from one file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileOutcome {
    pub report: FileReport,
    pub diagnostics: Vec<Diagnostic>,
    pub partials: Vec<Partial>,
}

/// Reads a file's grids into submissions.
pub fn read_file(format: &FormatDef, file: &InputFile, grids: &[Grid]) -> FileOutcome {
    let mut diags = Vec::new();
    let mut accounts = Vec::new();
    let partials = match file.kind {
        Some(FileKind::Csv) => grids
            .first()
            .map(|g| read_csv(format, file, g, &mut diags, &mut accounts))
            .unwrap_or_default(),
        _ => read_workbook(format, file, grids, &mut diags, &mut accounts),
    };
    // A problem of the file belongs to the one report its data is for (or
    // that its name claims), so that a run of that report sees it.
    let reports: std::collections::BTreeSet<String> = partials
        .iter()
        .map(|p| report_key(&p.submission.host, p.submission.semester))
        .collect();
    let report = match reports.len() {
        1 => reports.into_iter().next(),
        _ => claimed_report(&file.display),
    };
    table::tag(&mut diags, report.as_deref());
    let status = if diags.iter().any(Diagnostic::is_error) {
        FileStatus::Errors
    } else if diags.is_empty() {
        FileStatus::Ok
    } else {
        FileStatus::Warnings
    };
    FileOutcome {
        report: FileReport {
            path: file.display.clone(),
            sha256: file.sha256.clone(),
            size: file.bytes.len() as u64,
            status,
            tables: accounts,
        },
        diagnostics: diags,
        partials,
    }
}

fn empty_submission(key: &Key, file: &InputFile) -> Submission {
    Submission {
        member_state: key.member_state.clone(),
        host: key.host.clone(),
        semester: key.semester,
        files: vec![SourceFile {
            path: file.display.clone(),
            sha256: file.sha256.clone(),
        }],
        drafted_on: None,
        language: None,
        acting_for_presidency: false,
        classification: None,
        reference: None,
        postings: Vec::new(),
        meetings: Vec::new(),
        training: Vec::new(),
        narrative: Vec::new(),
        statistics: Vec::new(),
        routes: Vec::new(),
        documents: Vec::new(),
    }
}

/// Member State, host and semester read from a file name such as
/// `FR_MA_2025-H2.xlsx` or `FR_MA_2025-H2_statistics.csv`.
pub fn key_from_file_name(path: &Path) -> (Option<String>, Option<String>, Option<Semester>) {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let tokens: Vec<&str> = stem.split(['_', ' ']).filter(|t| !t.is_empty()).collect();
    let mut ms = None;
    let mut host = None;
    let mut semester = None;
    for token in tokens {
        if semester.is_none()
            && let Ok(s) = token.parse::<Semester>()
        {
            semester = Some(s);
            continue;
        }
        if token.len() == 2 && token.chars().all(|c| c.is_ascii_alphabetic()) {
            let Some(c) = countries::resolve(token) else { continue };
            if ms.is_none() && countries::is_network_state(&c.code) {
                ms = Some(c.code.clone());
            } else if host.is_none() && ms.is_some() {
                host = Some(c.code.clone());
            }
        } else if host.is_none()
            && ms.is_some()
            && let Some(region) = regions::by_id(&token.to_ascii_lowercase())
        {
            host = Some(region.id.clone());
        }
    }
    (ms, host, semester)
}

/// The submission a file that is not a table claims by its path (folders
/// and name, e.g. `NL_MA_2025-H2.docx` or `NL/MA/2025-H2/note.pdf`): the
/// report it concerns.
pub fn claimed_report(display: &str) -> Option<String> {
    let parts: Vec<&str> = display.split(['/', '\\']).collect();
    let (name, folders) = parts.split_last()?;
    let stem = Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name);
    // Joined with `_` as one name, with an extension of its own, so that a
    // dot in a folder (`2025.12.15/`) is not taken for one.
    let joined = format!("{}_{stem}.claim", folders.join("_"));
    let (ms, host, semester) = key_from_file_name(Path::new(&joined));
    ms.and(host.zip(semester)).map(|(h, s)| report_key(&h, s))
}

/// Member State, host and semester cells as written.
type RawKey = (Option<String>, Option<String>, Option<String>);

/// The metadata of a submission as found in the file, before checking.
#[derive(Default)]
struct RawMeta {
    member_state: Option<(String, Location)>,
    host: Option<(String, Location)>,
    semester: Option<(String, Location)>,
}

/// Checks metadata against the file name and the reference data; a key or
/// the diagnostics why there is none.
fn resolve_key(meta: &RawMeta, file: &InputFile, diags: &mut Vec<Diagnostic>) -> Option<Key> {
    let (name_ms, name_host, name_sem) = key_from_file_name(&file.path);
    let file_at = Location::file(&file.display);
    let mut ok = true;
    let mut field = |label: &str,
                     raw: &Option<(String, Location)>,
                     from_name: Option<String>,
                     parse: &dyn Fn(&str) -> Option<String>,
                     expected: &str|
     -> Option<String> {
        match raw {
            Some((text, at)) => {
                let Some(value) = parse(text) else {
                    diags.push(
                        Diagnostic::new(Code::MissingMetadata, at, format!("the {label} could not be read; write it as in the example"))
                            .found(text.clone())
                            .expected(expected.to_string()),
                    );
                    ok = false;
                    return None;
                };
                if let Some(name_value) = from_name.filter(|n| *n != value) {
                    diags.push(
                        Diagnostic::new(Code::MetadataConflict, at, format!("the file name says {name_value} but the file says {value}; correct whichever is wrong"))
                            .found(value.clone())
                            .expected(name_value),
                    );
                    ok = false;
                }
                Some(value)
            }
            None => from_name.or_else(|| {
                diags.push(
                    Diagnostic::new(Code::MissingMetadata, &file_at, format!("the {label} is given neither in the file (Submission sheet or `{label}` column) nor in the file name (e.g. FR_MA_2025-H2.xlsx)"))
                        .expected(expected.to_string()),
                );
                ok = false;
                None
            }),
        }
    };
    let ms = field(
        "member_state",
        &meta.member_state,
        name_ms,
        &|t| countries::resolve(t).map(|c| c.code.clone()),
        "a Member State code such as FR",
    );
    let host = field(
        "host",
        &meta.host,
        name_host,
        &regions::resolve_host,
        "a host country code such as MA, or a region id such as west-africa",
    );
    let semester = field(
        "semester",
        &meta.semester,
        name_sem.map(|s| s.to_string()),
        &|t| t.parse::<Semester>().ok().map(|s| s.to_string()),
        "a semester such as 2025-H2",
    );
    let (ms, host, semester) = (ms?, host?, semester?.parse::<Semester>().ok()?);
    let at = |raw: &Option<(String, Location)>| raw.as_ref().map_or(file_at.clone(), |(_, l)| l.clone());
    if !countries::is_network_state(&ms) {
        diags.push(
            Diagnostic::new(
                Code::InvalidChoice,
                &at(&meta.member_state),
                "the submitting state must be a Member State or a Schengen associate",
            )
            .found(ms.clone())
            .expected("a Member State code such as FR"),
        );
        ok = false;
    } else if !countries::is_network_state_during(&ms, semester.start(), semester.end()) {
        diags.push(
            Diagnostic::new(
                Code::InvalidChoice,
                &at(&meta.member_state),
                format!(
                    "{} was not a Member State in {semester} ({}); check the member_state and the semester",
                    countries::name(&ms, crate::reference::Lang::En),
                    countries::membership_text(&ms)
                ),
            )
            .found(ms.clone())
            .expected(format!("a Member State in {semester}")),
        );
        ok = false;
    }
    if !countries::is_eligible_host(&host, semester.start()) {
        diags.push(
            Diagnostic::new(
                Code::InvalidChoice,
                &at(&meta.host),
                "the host must be a country outside the EU",
            )
            .found(host.clone())
            .expected("a non-EU country code such as MA"),
        );
        ok = false;
    }
    if semester < CALENDAR_RANGE.0 || semester > CALENDAR_RANGE.1 {
        diags.push(
            Diagnostic::new(
                Code::InvalidChoice,
                &at(&meta.semester),
                "the Presidency calendar covers 2004-H1 to 2030-H2",
            )
            .found(semester.to_string())
            .expected(format!("a semester from {} to {}", CALENDAR_RANGE.0, CALENDAR_RANGE.1)),
        );
        ok = false;
    }
    ok.then_some(Key {
        member_state: ms,
        host,
        semester,
    })
}

fn read_workbook(
    format: &FormatDef,
    file: &InputFile,
    grids: &[Grid],
    diags: &mut Vec<Diagnostic>,
    accounts: &mut Vec<TableAccount>,
) -> Vec<Partial> {
    let mut tables: Vec<(&TableDef, &Grid)> = Vec::new();
    let mut meta_grid = None;
    for grid in grids {
        let name = grid.sheet.as_deref().unwrap_or("");
        if let Some(def) = format.tables.iter().find(|t| t.matches_sheet(name)) {
            if def.id == "submission" {
                meta_grid = Some(grid);
            } else {
                tables.push((def, grid));
            }
        } else if grid.rows.iter().all(|r| r.iter().all(Value::is_empty))
            || AUXILIARY_SHEETS.contains(&fold(name).as_str())
        {
            continue;
        } else if let Some(def) = detect_table(format, grid) {
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
                .severity(crate::diagnostics::Severity::Warning)
                .found(name.to_string())
                .expected(format!("one of {}", names.join(", "))),
            );
        }
    }
    let mut meta = RawMeta::default();
    let mut extra_fields = Vec::new();
    if let Some(grid) = meta_grid {
        read_submission_sheet(format, grid, file, &mut meta, &mut extra_fields, diags, accounts);
    }
    let mut local = Vec::new();
    let key = resolve_key(&meta, file, &mut local);
    let report = key.as_ref().map(Key::report);
    table::tag(&mut local, report.as_deref());
    diags.append(&mut local);
    let Some(key) = key else {
        for (def, grid) in tables {
            accounts.push(table::all_rejected(&def.id, grid, table::find_header(def, &[], grid)));
        }
        return Vec::new();
    };
    let mut submission = empty_submission(&key, file);
    apply_submission_fields(&mut submission, extra_fields);
    // A table is sent when its sheet has rows of data: an empty sheet of
    // the workbook does not replace the same table sent in another file.
    let mut present: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    for (def, grid) in tables {
        let mut local = Vec::new();
        let Some(layout) = table::locate(def, &[], grid, &file.display, &mut local) else {
            accounts.push(table::all_rejected(&def.id, grid, table::find_header(def, &[], grid)));
            table::tag(&mut local, report.as_deref());
            diags.append(&mut local);
            continue;
        };
        let unmerged;
        let grid = if grid.merged.is_empty() {
            grid
        } else {
            unmerged = table::unmerge(&layout, grid, &file.display, &mut local);
            &unmerged
        };
        table::report_headless_columns(&layout, grid, &file.display, &mut local);
        let evidence = Evidence::gather(&layout, grid);
        let mut account = TableAccount {
            table: def.id.clone(),
            sheet: grid.sheet.clone(),
            ..Default::default()
        };
        for index in table::data_rows(&layout, grid) {
            let mut row = RowReader {
                layout: &layout,
                grid,
                index,
                file: &file.display,
                evidence: &evidence,
                format,
                semester: Some(key.semester),
                diags: Vec::new(),
            };
            account.rows_read += 1;
            let record = read_record(&mut row);
            let used = accept(record, &mut row, &mut seen, &mut submission);
            if used {
                account.rows_used += 1
            } else {
                account.rows_rejected += 1
            }
            local.append(&mut row.diags);
        }
        table::tag(&mut local, report.as_deref());
        diags.append(&mut local);
        if account.rows_read > 0 && !present.contains(&def.id) {
            present.push(def.id.clone());
        }
        accounts.push(account);
    }
    vec![Partial {
        tables: present,
        submission,
    }]
}

/// A sheet with an unknown name whose header matches a table's required
/// columns (a workbook with a single long-form table, say).
fn detect_table<'a>(format: &'a FormatDef, grid: &Grid) -> Option<&'a TableDef> {
    format.tables.iter().filter(|t| t.id != "submission").find(|def| {
        grid.rows.iter().take(30).any(|row| {
            def.columns.iter().filter(|c| c.required).all(|c| {
                row.iter()
                    .any(|v| def.column_for_header(&v.display()).is_some_and(|f| f.id == c.id))
            })
        })
    })
}

/// Submission fields other than the key, as read.
enum Field {
    DraftedOn(chrono::NaiveDate),
    Language(String),
    Acting(bool),
    Classification(String),
    Reference(String),
}

fn apply_submission_fields(s: &mut Submission, fields: Vec<Field>) {
    for f in fields {
        match f {
            Field::DraftedOn(d) => s.drafted_on = Some(d),
            Field::Language(l) => s.language = Some(l),
            Field::Acting(a) => s.acting_for_presidency = a,
            Field::Classification(c) => s.classification = (c != "none").then_some(c),
            Field::Reference(r) => s.reference = Some(r),
        }
    }
}

/// The Submission sheet: field names in column A, values in column B.
fn read_submission_sheet(
    format: &FormatDef,
    grid: &Grid,
    file: &InputFile,
    meta: &mut RawMeta,
    fields: &mut Vec<Field>,
    diags: &mut Vec<Diagnostic>,
    accounts: &mut Vec<TableAccount>,
) {
    let Some(def) = format.table("submission") else { return };
    let mut account = TableAccount {
        table: def.id.clone(),
        sheet: grid.sheet.clone(),
        ..Default::default()
    };
    let sheet = grid.sheet.as_deref();
    for (index, row) in grid.rows.iter().enumerate() {
        let Some(name_cell) = row.iter().position(|v| !v.is_empty()) else {
            continue;
        };
        let name = row[name_cell].display();
        let value = row.get(name_cell + 1).cloned().unwrap_or(Value::Empty);
        let physical_row = grid.physical_row(index);
        let at = Location::cell(&file.display, sheet, physical_row, grid.physical_col(name_cell + 1));
        let folded = fold(&name);
        if matches!(folded.as_str(), "field" | "champ" | "feld") {
            continue; // optional header row
        }
        account.rows_read += 1;
        let Some(col) = def.column_for_header(&name) else {
            diags.push(
                Diagnostic::new(
                    Code::UnknownColumn,
                    &Location::cell(&file.display, sheet, physical_row, grid.physical_col(name_cell)),
                    "this field is not part of the Submission sheet and is ignored",
                )
                .found(name)
                .expected(def.columns.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")),
            );
            account.rows_rejected += 1;
            continue;
        };
        let text = value.display().trim().to_string();
        if value.is_empty() {
            account.rows_used += 1;
            continue;
        }
        let mut problem = |d: Diagnostic| diags.push(d);
        let ok = match col.id.as_str() {
            "member_state" => {
                meta.member_state = Some((text, at));
                true
            }
            "host" => {
                meta.host = Some((text, at));
                true
            }
            "semester" => {
                meta.semester = Some((text, at));
                true
            }
            "drafted_on" => {
                let date = match &value {
                    Value::Date(d) => Some(d.date()),
                    Value::Number(n) => super::values::serial_date(*n, grid.date1904),
                    _ => super::values::parse_date(&text, false).ok(),
                };
                match date {
                    Some(d) => {
                        fields.push(Field::DraftedOn(d));
                        true
                    }
                    None => {
                        problem(
                            Diagnostic::new(Code::InvalidDate, &at, "write the date as 2025-12-15 or 15.12.2025")
                                .found(text)
                                .expected("a date"),
                        );
                        false
                    }
                }
            }
            "acting_for_presidency" => match super::values::parse_yes_no(&text) {
                Some(b) => {
                    fields.push(Field::Acting(b));
                    true
                }
                None => {
                    problem(
                        Diagnostic::new(Code::InvalidChoice, &at, "answer yes or no")
                            .found(text)
                            .expected("yes or no"),
                    );
                    false
                }
            },
            "language" | "classification" => match format.resolve_choice(&text, &col.choices) {
                Some(c) if col.id == "language" => {
                    fields.push(Field::Language(c.to_string()));
                    true
                }
                Some(c) => {
                    fields.push(Field::Classification(c.to_string()));
                    true
                }
                None => {
                    problem(
                        Diagnostic::new(
                            Code::InvalidChoice,
                            &at,
                            format!("use one of: {}", col.choices.join(", ")),
                        )
                        .found(text)
                        .expected(table::expected_for(col)),
                    );
                    false
                }
            },
            _ => {
                fields.push(Field::Reference(text));
                true
            }
        };
        if ok {
            account.rows_used += 1
        } else {
            account.rows_rejected += 1
        }
    }
    accounts.push(account);
}

fn read_csv(
    format: &FormatDef,
    file: &InputFile,
    grid: &Grid,
    diags: &mut Vec<Diagnostic>,
    accounts: &mut Vec<TableAccount>,
) -> Vec<Partial> {
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
    let Some(def) = by_name.or_else(|| detect_table(format, grid)) else {
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
    let Some(layout) = table::locate(def, meta_columns, grid, &file.display, &mut local) else {
        let (ms, host, sem) = key_from_file_name(&file.path);
        let report = host.zip(sem).filter(|_| ms.is_some()).map(|(h, s)| report_key(&h, s));
        table::tag(&mut local, report.as_deref());
        diags.append(&mut local);
        accounts.push(table::all_rejected(
            &def.id,
            grid,
            table::find_header(def, meta_columns, grid),
        ));
        return Vec::new();
    };
    table::report_headless_columns(&layout, grid, &file.display, &mut local);
    diags.append(&mut local);
    // Metadata neither in a column nor in the file name: one problem for
    // the file, not one per row.
    let (name_ms, name_host, name_sem) = key_from_file_name(&file.path);
    let missing: Vec<&str> = [
        ("member_state", name_ms.is_some()),
        ("host", name_host.is_some()),
        ("semester", name_sem.is_some()),
    ]
    .into_iter()
    .filter(|(id, from_name)| !from_name && !layout.columns.iter().chain(&layout.extra).any(|(_, c)| c.id == *id))
    .map(|(id, _)| id)
    .collect();
    if !missing.is_empty() {
        diags.push(
            Diagnostic::new(
                Code::MissingMetadata,
                &Location::file(&file.display),
                format!(
                    "add the column(s) {} to every row, or name the file like FR_MA_2025-H2_{}.csv",
                    missing.join(", "),
                    def.csv_suffix
                ),
            )
            .expected(format!("{} for every row", missing.join(", "))),
        );
        accounts.push(table::all_rejected(&def.id, grid, Some(layout.header_index)));
        return Vec::new();
    }
    let evidence = Evidence::gather(&layout, grid);
    let mut account = TableAccount {
        table: def.id.clone(),
        sheet: None,
        ..Default::default()
    };
    let mut by_key: HashMap<Key, (Submission, Vec<(Record, Location)>)> = HashMap::new();
    let mut order: Vec<Key> = Vec::new();
    // Metadata cells repeat on every row: resolved once per distinct value.
    let mut known_keys: HashMap<RawKey, Key> = HashMap::new();
    for index in table::data_rows(&layout, grid) {
        account.rows_read += 1;
        let mut row = RowReader {
            layout: &layout,
            grid,
            index,
            file: &file.display,
            evidence: &evidence,
            format,
            semester: None,
            diags: Vec::new(),
        };
        let meta = RawMeta {
            member_state: row.raw("member_state"),
            host: row.raw("host"),
            semester: row.raw("semester"),
        };
        let mut meta_diags = Vec::new();
        let raw = (
            meta.member_state.as_ref().map(|m| m.0.clone()),
            meta.host.as_ref().map(|m| m.0.clone()),
            meta.semester.as_ref().map(|m| m.0.clone()),
        );
        let key = match known_keys.get(&raw) {
            Some(key) => Some(key.clone()),
            None => {
                let key = resolve_key(&meta, file, &mut meta_diags);
                if let Some(k) = &key {
                    known_keys.insert(raw, k.clone());
                }
                key
            }
        };
        let Some(key) = key else {
            let report = {
                let (_, h, s) = key_from_file_name(&file.path);
                h.zip(s).map(|(h, s)| report_key(&h, s))
            };
            table::tag(&mut meta_diags, report.as_deref());
            diags.append(&mut meta_diags);
            account.rows_rejected += 1;
            continue;
        };
        row.semester = Some(key.semester);
        let entry = by_key.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            (empty_submission(&key, file), Vec::new())
        });
        let fields = csv_submission_fields(&mut row);
        apply_submission_fields(&mut entry.0, fields);
        let record = read_record(&mut row);
        let (submission, seen) = entry;
        let used = accept(record, &mut row, seen, submission);
        if used {
            account.rows_used += 1
        } else {
            account.rows_rejected += 1
        }
        table::tag(&mut row.diags, Some(&key.report()));
        diags.append(&mut row.diags);
    }
    accounts.push(account);
    order
        .into_iter()
        .filter_map(|k| by_key.remove(&k))
        .map(|(submission, _)| Partial {
            tables: vec![def.id.clone()],
            submission,
        })
        .collect()
}

/// The optional submission fields a CSV row may carry as columns.
fn csv_submission_fields(row: &mut RowReader) -> Vec<Field> {
    let mut fields = Vec::new();
    if row.layout.extra.iter().any(|(_, c)| c.id == "drafted_on")
        && let Some(d) = row.date("drafted_on")
    {
        fields.push(Field::DraftedOn(d));
    }
    let has = |row: &RowReader, id: &str| row.layout.extra.iter().any(|(_, c)| c.id == id);
    if has(row, "acting_for_presidency")
        && let Some(b) = row.yes_no("acting_for_presidency")
    {
        fields.push(Field::Acting(b));
    }
    if has(row, "language")
        && let Some(l) = row.choice("language")
    {
        fields.push(Field::Language(l));
    }
    if has(row, "classification")
        && let Some(c) = row.choice("classification")
    {
        fields.push(Field::Classification(c));
    }
    if has(row, "reference")
        && let Some(r) = row.text("reference")
    {
        fields.push(Field::Reference(r));
    }
    fields
}

/// One row of any table, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Posting(Posting),
    Meeting(Meeting),
    Training(Training),
    Narrative(Narrative),
    Observation(Observation),
    Route(Route),
    Document(DocumentFraud),
}

/// Reads a row of its layout's table; `None` when a required value is
/// missing (every problem is in `row.diags`).
fn read_record(row: &mut RowReader) -> Option<Record> {
    let record = match row.layout.def.id.as_str() {
        "postings" => {
            let member_state = row.member_state("member_state");
            let ilos = row.count("ilos");
            let posted_at = row.text("posted_at");
            let accredited_to = row.countries("accredited_to", false);
            let represents = row.countries("represents", true);
            Record::Posting(Posting {
                member_state: member_state?,
                ilos: ilos?,
                posted_at,
                accredited_to,
                represents,
            })
        }
        "meetings" => {
            let date = row.date("date");
            let chair = row.member_state_or_text("chair");
            let participants = row.countries("participants", false);
            let commission_present = row.yes_no("commission_present");
            let frontex_present = row.yes_no("frontex_present");
            let subjects = row.text("subjects");
            Record::Meeting(Meeting {
                date: date?,
                chair,
                participants,
                commission_present,
                frontex_present,
                subjects,
            })
        }
        "training" => {
            let date = row.date("date");
            let title = row.text("title");
            let organiser = row.text("organiser");
            let audience = row.choice("audience");
            let participants = row.count("participants");
            Record::Training(Training {
                date: date?,
                title: title?,
                organiser,
                audience: audience?,
                participants,
            })
        }
        "narrative" => {
            let section = row.section("section");
            let text = row.text("text");
            Record::Narrative(Narrative {
                section: section?,
                text: text?,
            })
        }
        "statistics" => read_observation(row)?,
        "routes" => {
            let origin = row.country("origin");
            let transit = row.countries("transit", false);
            let destination = row.country("destination");
            let mode = row.choice("mode");
            let trend = row.choice("trend");
            let description = row.text("description");
            Record::Route(Route {
                origin: origin?,
                transit,
                destination: destination?,
                mode,
                trend,
                description,
            })
        }
        "documents" => {
            let document_type = row.choice("document_type");
            let issuing_country = row.country("issuing_country");
            let fraud_type = row.choice("fraud_type");
            let count = row.count("count");
            let note = row.text("note");
            Record::Document(DocumentFraud {
                document_type: document_type?,
                issuing_country,
                fraud_type: fraud_type?,
                count: count?,
                note,
            })
        }
        _ => return None,
    };
    Some(record)
}

fn read_observation(row: &mut RowReader) -> Option<Record> {
    let format = row.format;
    let indicator_id = row.indicator("indicator");
    let value = row.count("value");
    let origin = row.cell_location("value");
    let source = row.text("source");
    let note = row.text("note");
    let indicator = indicator_id.as_deref().and_then(|id| format.indicator(id));
    let citizenship = match indicator {
        _ if row
            .raw("citizenship")
            .is_some_and(|(text, _)| format.is_total_word(&text)) =>
        {
            None
        }
        Some(ind) if !ind.by_citizenship && row.raw("citizenship").is_some() => {
            let (text, at) = row.raw("citizenship")?;
            row.report(
                Diagnostic::new(
                    Code::InvalidChoice,
                    &at,
                    format!(
                        "`{}` is not broken down by citizenship; leave the citizenship empty",
                        ind.id
                    ),
                )
                .found(text)
                .expected("empty"),
            );
            None
        }
        _ => row.country("citizenship"),
    };
    let breakdown = match indicator {
        Some(ind) => {
            let hint = if ind.breakdowns.is_empty() {
                format!("`{}` has no breakdown; leave the breakdown empty", ind.id)
            } else {
                format!("the breakdowns of `{}` are {}", ind.id, ind.breakdowns.join(", "))
            };
            match row.raw("breakdown") {
                Some((text, _)) if format.is_total_word(&text) => None,
                _ => row.choice_in("breakdown", &ind.breakdowns, &hint),
            }
        }
        None => None,
    };
    let unit = match (indicator, row.raw("unit")) {
        (Some(ind), Some((text, at))) => match format.resolve_choice(&text, std::slice::from_ref(&ind.unit)) {
            Some(u) => Some(u.to_string()),
            None => {
                row.report(
                    Diagnostic::new(
                        Code::InvalidChoice,
                        &at,
                        format!(
                            "`{}` is counted in {}; figures of different units are never added",
                            ind.id, ind.unit
                        ),
                    )
                    .found(text)
                    .expected(ind.unit.clone()),
                );
                None
            }
        },
        (Some(ind), None) => Some(ind.unit.clone()),
        _ => None,
    };
    Some(Record::Observation(Observation {
        indicator: indicator_id?,
        citizenship,
        breakdown,
        value: value?,
        unit: unit?,
        source,
        note,
        origin,
    }))
}

/// Adds a record to the submission unless the row had errors or repeats an
/// earlier row (a `duplicate-row` warning). Same statistics cell with a
/// different value in one submission is a `conflicting-value`.
fn accept(
    record: Option<Record>,
    row: &mut RowReader,
    seen: &mut Vec<(Record, Location)>,
    submission: &mut Submission,
) -> bool {
    let Some(record) = record.filter(|_| !row.has_errors()) else {
        return false;
    };
    let at = row.location();
    if let Some((_, first)) = seen.iter().find(|(r, _)| *r == record) {
        row.report(
            Diagnostic::new(
                Code::DuplicateRow,
                &at,
                format!(
                    "this row repeats row {} exactly; the copy is left out",
                    first.row.unwrap_or(0)
                ),
            )
            .found(format!("row {}", at.row.unwrap_or(0))),
        );
        return false;
    }
    if let Record::Observation(o) = &record {
        let clash = seen.iter().find(|(r, _)| matches!(r, Record::Observation(p)
            if p.indicator == o.indicator && p.citizenship == o.citizenship && p.breakdown == o.breakdown && p.value != o.value));
        if let Some((Record::Observation(p), first)) = clash {
            row.report(
                Diagnostic::new(Code::ConflictingValue, &row.cell_location("value").unwrap_or_else(|| at.clone()), format!("row {} gives {} for the same indicator, citizenship and breakdown; keep one row (add figures up before sending)", first.row.unwrap_or(0), p.value))
                    .found(o.value.to_string())
                    .expected(p.value.to_string()),
            );
            return false;
        }
    }
    seen.push((record.clone(), at));
    match record {
        Record::Posting(x) => submission.postings.push(x),
        Record::Meeting(x) => submission.meetings.push(x),
        Record::Training(x) => submission.training.push(x),
        Record::Narrative(x) => submission.narrative.push(x),
        Record::Observation(x) => submission.statistics.push(x),
        Record::Route(x) => submission.routes.push(x),
        Record::Document(x) => submission.documents.push(x),
    }
    true
}
