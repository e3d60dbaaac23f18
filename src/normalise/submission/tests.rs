//! Unit tests of reading submissions, on grids built in memory: keys from
//! names and folders, the Submission sheet's values, renamed headers and
//! the cell a problem is reported at.

use super::key::{RawMeta, resolve_key};
use super::sheet::{self, Field};
use super::*;
use crate::diagnostics::{Code, Location};
use crate::ingest::Value;
use crate::normalise::table::Typed;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

fn semester(text: &str) -> Semester {
    text.parse().unwrap()
}

fn text(t: &str) -> Value {
    Value::Text(t.to_string())
}

fn input(name: &str, kind: FileKind) -> InputFile {
    InputFile {
        path: PathBuf::from(name),
        display: name.to_string(),
        kind: Some(kind),
        bytes: Vec::new(),
        sha256: String::new(),
    }
}

/// A grid whose first cell is A1; `sheet`: `None` for a CSV file.
fn grid(sheet: Option<&str>, rows: Vec<Vec<Value>>) -> Grid {
    Grid {
        sheet: sheet.map(str::to_string),
        first_row: 1,
        first_col: 1,
        rows,
        lines: None,
        merged: Vec::new(),
        date1904: false,
    }
}

/// A CSV file's one grid, `;`-separated cells as text.
fn csv_grid(lines: &[&str]) -> Grid {
    grid(None, lines.iter().map(|l| l.split(';').map(text).collect()).collect())
}

/// Reads a Submission sheet of (field, value) rows under a header row.
fn read_sheet(rows: Vec<(&str, Value)>) -> (RawMeta, Vec<Field<'static>>, Vec<Diagnostic>) {
    let mut cells = vec![vec![text("Field"), text("Value")]];
    cells.extend(rows.into_iter().map(|(name, value)| vec![text(name), value]));
    let (mut diags, mut accounts) = (Vec::new(), Vec::new());
    let (meta, fields) = sheet::read_submission_sheet(
        FormatDef::builtin(),
        &grid(Some("Submission"), cells),
        "FR_MA_2025-H2.xlsx",
        &mut diags,
        &mut accounts,
    );
    let account = &accounts[0];
    assert_eq!(account.rows_read, account.rows_used + account.rows_rejected);
    (meta, fields, diags)
}

#[test]
fn key_from_a_file_name() {
    let ma = (
        Some("FR".to_string()),
        Some("MA".to_string()),
        Some(semester("2025-H2")),
    );
    assert_eq!(key_from_file_name(Path::new("FR_MA_2025-H2.xlsx")), ma);
    assert_eq!(key_from_file_name(Path::new("inbox/FR_MA_2025-H2_statistics.csv")), ma);
    assert_eq!(
        key_from_file_name(Path::new("DE west-africa 2025-H1.xlsx")),
        (
            Some("DE".to_string()),
            Some("west-africa".to_string()),
            Some(semester("2025-H1"))
        )
    );
    // A host is only taken after the Member State.
    assert_eq!(
        key_from_file_name(Path::new("MA_FR_2025-H2.xlsx")),
        (Some("FR".to_string()), None, Some(semester("2025-H2")))
    );
    assert_eq!(key_from_file_name(Path::new("report.xlsx")), (None, None, None));
}

#[test]
fn report_claimed_by_folders_and_name() {
    let ma = "MA_2025-H2".parse().ok();
    assert_eq!(claimed_report("NL/MA/2025-H2/note.pdf"), ma);
    assert_eq!(claimed_report("NL_MA_2025-H2.docx"), ma);
    assert_eq!(claimed_report("2025.12.15\\NL_MA_2025-H2.pdf"), ma);
    assert_eq!(claimed_report("NL/note.pdf"), None);
    assert_eq!(claimed_report("MA_2025-H2.pdf"), None, "no Member State");
}

#[test]
fn metadata_that_contradicts_the_file_name_gives_no_key() {
    let file = input("FR_MA_2025-H2.xlsx", FileKind::Spreadsheet);
    let at = Location::cell(&file.display, Some("Submission"), 4, 2);
    let meta = RawMeta {
        semester: Some(("2025-H1".to_string(), at)),
        ..Default::default()
    };
    let mut diags = Vec::new();
    assert_eq!(resolve_key(&meta, &file, &mut diags), None);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::MetadataConflict);
    assert_eq!(diags[0].cell.as_deref(), Some("B4"));
    assert_eq!(diags[0].found.as_deref(), Some("2025-H1"));
    assert_eq!(diags[0].expected.as_deref(), Some("2025-H2"));
    let key = resolve_key(&RawMeta::default(), &file, &mut diags).unwrap();
    assert_eq!(key.report(), "MA_2025-H2");
}

#[test]
fn drafted_on_as_a_date_cell_a_serial_or_text() {
    let dec15 = NaiveDate::from_ymd_opt(2025, 12, 15).unwrap();
    let values = [
        Value::Date(dec15.and_hms_opt(0, 0, 0).unwrap()),
        Value::Number(46006.0),
        text("15.12.2025"),
        text(" 2025-12-15 "),
    ];
    for value in values {
        let (_, fields, diags) = read_sheet(vec![("drafted_on", value.clone())]);
        assert!(diags.is_empty(), "{value:?}: {diags:?}");
        assert_eq!(fields, [("drafted_on", Typed::Date(dec15))], "{value:?}");
    }
}

#[test]
fn sheet_values_by_kind_and_renamed_fields() {
    let (meta, fields, diags) = read_sheet(vec![
        ("État membre", text(" FR ")),
        ("Date de rédaction", text("1.12.2025")),
        ("au nom de la présidence", text("oui")),
        ("Langue", text("FR")),
        ("Marquage", text("limite")),
        ("Ref", text("NL-2025/17")),
        ("Einstufung", Value::Empty),
    ]);
    assert!(diags.is_empty(), "{diags:?}");
    let (ms, at) = meta.member_state.unwrap();
    assert_eq!((ms.as_str(), at.a1().as_deref()), ("FR", Some("B2")));
    assert_eq!(
        fields,
        [
            ("drafted_on", Typed::Date(NaiveDate::from_ymd_opt(2025, 12, 1).unwrap())),
            ("acting_for_presidency", Typed::Flag(true)),
            ("language", Typed::Text("fr".into())),
            ("classification", Typed::Text("LIMITE".into())),
            ("reference", Typed::Text("NL-2025/17".into())),
        ]
    );
}

#[test]
fn sheet_problems_name_the_value_cell() {
    let (_, fields, diags) = read_sheet(vec![
        ("drafted_on", text("soon")),
        ("acting_for_presidency", text("perhaps")),
        ("colour", text("blue")),
    ]);
    assert!(fields.is_empty());
    let found: Vec<(Code, Option<&str>, Option<&str>)> = diags
        .iter()
        .map(|d| (d.code, d.cell.as_deref(), d.found.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (Code::InvalidDate, Some("B2"), Some("soon")),
            (Code::InvalidChoice, Some("B3"), Some("perhaps")),
            (Code::UnknownColumn, Some("A4"), Some("colour")),
        ]
    );
}

#[test]
fn a_bad_cell_rejects_its_row_at_its_a1_cell() {
    let file = input("FR_MA_2025-H2_statistics.csv", FileKind::Csv);
    let grid = csv_grid(&[
        "Indicateur;Nationalité;Valeur",
        "return-decisions;SY;70",
        "return-decisions;Atlantis;5",
        "return-decisions;AF;1,5",
    ]);
    let outcome = read_file(FormatDef::builtin(), &file, &[grid]);
    let found: Vec<(Code, Option<&str>, Option<&str>)> = outcome
        .diagnostics
        .iter()
        .map(|d| (d.code, d.cell.as_deref(), d.found.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (Code::UnknownCountry, Some("B3"), Some("Atlantis")),
            (Code::InvalidNumber, Some("C4"), Some("1,5")),
        ]
    );
    assert!(
        outcome
            .diagnostics
            .iter()
            .all(|d| d.report.as_ref().is_some_and(|r| *r == "MA_2025-H2"))
    );
    let account = &outcome.report.tables[0];
    assert_eq!((account.rows_read, account.rows_used, account.rows_rejected), (3, 1, 2));
    let [part] = outcome.partials.as_slice() else {
        panic!("one submission")
    };
    assert_eq!(part.tables, ["statistics"]);
    let figures: Vec<(&str, Option<&str>, u64)> = part
        .submission
        .statistics
        .iter()
        .map(|o| (o.indicator.as_str(), o.citizenship.as_deref(), o.value))
        .collect();
    assert_eq!(figures, [("return-decisions", Some("SY"), 70)]);
}

#[test]
fn csv_rows_are_grouped_by_their_metadata_columns() {
    let file = input("meetings.csv", FileKind::Csv);
    let grid = csv_grid(&[
        "member_state;host;semester;drafted_on;date;chair",
        "FR;MA;2025-H2;2025-12-01;2025-10-09;FR",
        "DE;SN;2025-H2;2025-12-02;2025-11-03;EU Delegation",
        "FR;MA;2025-H2;2025-12-01;2025-10-23;DE",
    ]);
    let outcome = read_file(FormatDef::builtin(), &file, &[grid]);
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let parts: Vec<(String, usize, Vec<Option<String>>)> = outcome
        .partials
        .iter()
        .map(|p| {
            let s = &p.submission;
            let chairs = s.meetings.iter().map(|m| m.chair.clone()).collect();
            (
                ReportKey::new(&s.host, s.semester).to_string(),
                s.meetings.len(),
                chairs,
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            ("MA_2025-H2".to_string(), 2, vec![Some("FR".into()), Some("DE".into())]),
            ("SN_2025-H2".to_string(), 1, vec![Some("EU Delegation".into())]),
        ]
    );
    assert_eq!(
        outcome.partials[1].submission.drafted_on,
        NaiveDate::from_ymd_opt(2025, 12, 2)
    );
}

#[test]
fn a_workbook_table_below_a_title_row() {
    let file = input("FR_MA_2025-H2.xlsx", FileKind::Spreadsheet);
    let sheet = grid(
        Some("Réunions"),
        vec![
            vec![text("Meetings of the ILO network")],
            vec![text("Date de la réunion"), text("Commission")],
            vec![text("9.10.2025"), text("ja")],
            vec![text("31.13.2025"), text("nein")],
        ],
    );
    let outcome = read_file(FormatDef::builtin(), &file, &[sheet]);
    let found: Vec<(Code, Option<&str>, Option<&str>)> = outcome
        .diagnostics
        .iter()
        .map(|d| (d.code, d.cell.as_deref(), d.sheet.as_deref()))
        .collect();
    assert_eq!(found, [(Code::InvalidDate, Some("A4"), Some("Réunions"))]);
    let [part] = outcome.partials.as_slice() else {
        panic!("one submission")
    };
    assert_eq!(part.submission.meetings.len(), 1);
    assert_eq!(part.submission.meetings[0].commission_present, Some(true));
}
