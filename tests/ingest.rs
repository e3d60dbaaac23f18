//! Ingestion and validation on real fixture files: every problem is found
//! with its code and cell, and rows read = rows used + rows rejected.

mod common;

use common::*;
use ilo_report::diagnostics::Severity;
use ilo_report::pipeline::Analysis;
use std::path::Path;

fn inbox() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    (dir, inbox)
}

fn diag<'a>(a: &'a Analysis, code: &str) -> Vec<&'a ilo_report::diagnostics::Diagnostic> {
    a.validation
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == code)
        .collect()
}

fn account(a: &Analysis, file_suffix: &str, table: &str) -> (usize, usize, usize) {
    let f = a
        .validation
        .files
        .iter()
        .find(|f| f.path.ends_with(file_suffix))
        .unwrap_or_else(|| panic!("{file_suffix} not listed"));
    let t = f
        .tables
        .iter()
        .find(|t| t.table == table)
        .unwrap_or_else(|| panic!("{table} not in {file_suffix}: {:?}", f.tables));
    assert_eq!(
        t.rows_read,
        t.rows_used + t.rows_rejected,
        "accounting of {file_suffix} {table}"
    );
    (t.rows_read, t.rows_used, t.rows_rejected)
}

fn stats_workbook(path: &Path, rows: Vec<Vec<C>>) {
    let mut sheet = vec![header(&["indicator", "citizenship", "breakdown", "value", "unit"])];
    sheet.extend(rows);
    xlsx(
        path,
        &[submission_sheet("FR", "MA", "2025-H2", &[]), ("Statistics", sheet)],
    );
}

#[test]
fn bad_values_are_reported_with_their_cells_and_rows_are_accounted() {
    let (_dir, inbox) = inbox();
    stats_workbook(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        vec![
            vec![T("illegal-stay-detections"), T("MA"), E, N(10.0), E],
            vec![T("illegal-stay-detections"), T("SN"), E, T("12O"), E],
            vec![T("illegal-stay-detections"), T("GN"), E, N(-4.0), E],
            vec![T("illegal-stay-detections"), T("Marocco"), E, N(3.0), E],
            vec![T("asylum-applications"), T("MA"), E, N(3.0), E],
            vec![T("refusals-of-entry"), T("MA"), T("Z"), N(3.0), E],
            vec![T("effective-returns"), T("MA"), T("forced"), N(3.0), T("events")],
            vec![T("return-decisions"), T("MA"), E, N(2.5), E],
            vec![T("return-decisions"), T("SN"), E, E, E],
            vec![T("illegal-stay-detections"), T("MA"), E, N(10.0), E],
            vec![T("illegal-stay-detections"), T("CI"), E, T("1 234"), E],
        ],
    );
    let a = analyse(&inbox);
    let expect = [
        ("invalid-number", "D3", "12O"),
        ("negative-count", "D4", "-4"),
        ("unknown-country", "B5", "Marocco"),
        ("unknown-indicator", "A6", "asylum-applications"),
        ("invalid-choice", "C7", "Z"),
        ("invalid-choice", "E8", "events"),
        ("invalid-number", "D9", "2.5"),
    ];
    for (code, cell, found) in expect {
        let d = diag(&a, code);
        assert!(
            d.iter().any(|d| d.cell.as_deref() == Some(cell)
                && d.found.as_deref() == Some(found)
                && d.sheet.as_deref() == Some("Statistics")),
            "{code} at {cell} ({found}) missing: {}",
            a.validation.to_text()
        );
    }
    let missing = diag(&a, "missing-value");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].cell.as_deref(), Some("D10"));
    let suggestion = &diag(&a, "unknown-country")[0].hint;
    assert!(suggestion.contains("Morocco (MA)"), "{suggestion}");
    let dup = diag(&a, "duplicate-row");
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0].severity, Severity::Warning);
    assert_eq!(dup[0].row, Some(11));
    assert!(dup[0].hint.contains("row 2"));
    // 11 rows: MA 10 and CI 1 234 used; 8 errors and 1 duplicate rejected.
    assert_eq!(account(&a, "FR_MA_2025-H2.xlsx", "statistics"), (11, 2, 9));
    let report = &a.reports[0];
    let stay = report
        .statistics
        .iter()
        .find(|t| t.indicator == "illegal-stay-detections")
        .unwrap();
    assert_eq!(stay.total, 1244);
    assert!(a.blocked_reports().contains("MA_2025-H2"));
}

#[test]
fn headers_in_other_languages_below_title_rows_with_unknown_and_missing_columns() {
    let (_dir, inbox) = inbox();
    xlsx(
        &inbox.join("DE_TR_2025-H1.xlsx"),
        &[
            (
                "Einreichung",
                vec![
                    vec![T("Mitgliedstaat"), T("Deutschland")],
                    vec![T("Gastland"), T("Türkei")],
                    vec![T("Halbjahr"), T("1. Halbjahr 2025")],
                ],
            ),
            (
                "Statistik",
                vec![
                    vec![T("Statistik der Verbindungsbeamten — Türkei")],
                    vec![],
                    header(&["Indikator", "Staatsangehörigkeit", "Wert", "Farbe"]),
                    vec![T("illegal-stay-detections"), T("Syrien"), N(7.0), T("rot")],
                ],
            ),
            (
                "Routen",
                vec![
                    header(&["Herkunft", "Transitländer", "Verkehrsweg"]),
                    vec![T("SY"), T("IQ"), T("Luft")],
                ],
            ),
            ("Notizen intern", vec![vec![T("nichts")]]),
        ],
    );
    let a = analyse(&inbox);
    let unknown = diag(&a, "unknown-column");
    assert_eq!(unknown.len(), 1, "{}", a.validation.to_text());
    assert_eq!(unknown[0].cell.as_deref(), Some("D3"));
    assert_eq!(unknown[0].found.as_deref(), Some("Farbe"));
    let missing = diag(&a, "missing-column");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].sheet.as_deref(), Some("Routen"));
    assert!(missing[0].hint.contains("destination"));
    let extra = diag(&a, "unknown-table");
    assert_eq!(extra.len(), 1);
    assert_eq!(extra[0].severity, Severity::Warning);
    assert_eq!(extra[0].found.as_deref(), Some("Notizen intern"));
    assert_eq!(account(&a, "DE_TR_2025-H1.xlsx", "statistics"), (1, 1, 0));
    assert_eq!(account(&a, "DE_TR_2025-H1.xlsx", "routes"), (1, 0, 1));
    let report = &a.reports[0];
    assert_eq!(
        (report.host.as_str(), report.semester.to_string()),
        ("TR", "2025-H1".to_string())
    );
    assert_eq!(report.statistics[0].rows[0].citizenship.as_deref(), Some("SY"));
}

#[test]
fn dates_day_first_ambiguous_invalid_and_outside_the_semester() {
    let (_dir, inbox) = inbox();
    xlsx(
        &inbox.join("FR_SN_2025-H2.xlsx"),
        &[
            submission_sheet("FR", "SN", "2025-H2", &[]),
            (
                "Meetings",
                vec![
                    header(&["date", "chair", "subjects"]),
                    vec![T("09/10/2025"), T("FR"), T("one")],
                    vec![T("10/25/2025"), T("FR"), T("two")],
                    vec![T("31.02.2025"), T("FR"), T("three")],
                    vec![D(2025, 3, 1), T("FR"), T("four")],
                    vec![T("2025-11-05"), T("EU Delegation"), T("five")],
                ],
            ),
        ],
    );
    let a = analyse(&inbox);
    // 10/25/2025 can only be month-first: it is invalid, and it makes 09/10/2025 ambiguous.
    let ambiguous = diag(&a, "ambiguous-date");
    assert_eq!(
        ambiguous.iter().map(|d| d.cell.as_deref()).collect::<Vec<_>>(),
        [Some("A2")]
    );
    let invalid: Vec<_> = diag(&a, "invalid-date")
        .iter()
        .map(|d| d.cell.clone().unwrap())
        .collect();
    assert_eq!(invalid, ["A3", "A4"]);
    let outside = diag(&a, "date-outside-semester");
    assert_eq!(outside.len(), 1);
    assert_eq!(outside[0].cell.as_deref(), Some("A5"));
    assert_eq!(outside[0].severity, Severity::Warning);
    assert_eq!(account(&a, "FR_SN_2025-H2.xlsx", "meetings"), (5, 2, 3));
    let chairs: Vec<_> = a.reports[0]
        .meetings
        .iter()
        .map(|m| m.item.chair.clone().unwrap())
        .collect();
    assert_eq!(chairs, ["FR", "EU Delegation"]);
}

#[test]
fn csv_from_european_offices() {
    let (_dir, inbox) = inbox();
    // Windows-1252, semicolons, French headers, decimal comma evidence.
    let mut latin = b"\xC9tat membre;Pays d'accueil;Semestre;Indicateur;Nationalit\xE9;Valeur\r\n".to_vec();
    latin.extend_from_slice(b"ES;MA;2025-H1;illegal-stay-detections;MA;1.234\r\n");
    latin.extend_from_slice(b"ES;MA;2025-H1;illegal-stay-detections;SN;12,5\r\n");
    std::fs::write(inbox.join("ES_MA_2025-H1_statistics.csv"), latin).unwrap();
    // UTF-16 LE with BOM, tab-delimited, a quoted narrative over two lines.
    let text = "member_state\thost\tsemester\tsection\ttext\nNL\tMA\t2025-H1\tII.3\t\"Line one;\nline two, with a tab-free \"\"quote\"\"\"\nNL\tMA\t2025-H1\tIII.9\tnot a section\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(inbox.join("NL_MA_2025-H1_narrative.csv"), utf16).unwrap();
    // No evidence: 1,234 is ambiguous.
    std::fs::write(
        inbox.join("IT_MA_2025-H1_statistics.csv"),
        "member_state;host;semester;indicator;citizenship;value\nIT;MA;2025-H1;return-decisions;MA;1,234\n",
    )
    .unwrap();
    // A CSV whose table cannot be told.
    std::fs::write(inbox.join("notes.csv"), "a,b\n1,2\n").unwrap();
    let a = analyse(&inbox);
    // 1.234 with decimal-comma evidence is 1 234; 12,5 is not a whole number.
    let invalid = diag(&a, "invalid-number");
    assert_eq!(invalid.len(), 1, "{}", a.validation.to_text());
    assert_eq!(
        (
            invalid[0].cell.as_deref(),
            invalid[0].found.as_deref(),
            invalid[0].sheet.as_deref()
        ),
        (Some("F3"), Some("12,5"), None)
    );
    let es = a.submissions.iter().find(|s| s.member_state == "ES").unwrap();
    assert_eq!(es.statistics[0].value, 1234);
    let ambiguous = diag(&a, "ambiguous-number");
    assert_eq!(ambiguous.len(), 1);
    assert_eq!(ambiguous[0].cell.as_deref(), Some("F2"));
    // The record after the two-line quoted field starts on line 4.
    let section = diag(&a, "unknown-section");
    assert_eq!(section.len(), 1);
    assert_eq!(
        (section[0].row, section[0].column, section[0].cell.as_deref()),
        (Some(4), Some(4), Some("D4"))
    );
    let nl = a.submissions.iter().find(|s| s.member_state == "NL").unwrap();
    assert_eq!(nl.narrative[0].text, "Line one;\nline two, with a tab-free \"quote\"");
    let unknown = diag(&a, "unknown-table");
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].severity, Severity::Error);
    assert!(unknown[0].file.ends_with("notes.csv"));
    assert_eq!(account(&a, "ES_MA_2025-H1_statistics.csv", "statistics"), (2, 1, 1));
    assert_eq!(account(&a, "NL_MA_2025-H1_narrative.csv", "narrative"), (2, 1, 1));
}

#[test]
fn metadata_missing_conflicting_and_from_the_file_name() {
    let (_dir, inbox) = inbox();
    xlsx(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        &[submission_sheet("DE", "MA", "2025-H2", &[])],
    );
    xlsx(
        &inbox.join("report.xlsx"),
        &[("Narrative", vec![header(&["section", "text"]), vec![T("II.1"), T("x")]])],
    );
    xlsx(
        &inbox.join("SE_SN_2025-H1.xlsx"),
        &[(
            "Narrative",
            vec![header(&["section", "text"]), vec![T("II.1"), T("from the name")]],
        )],
    );
    std::fs::write(
        inbox.join("figures.csv"),
        "indicator,citizenship,value\nreturn-decisions,MA,3\nreturn-decisions,SN,4\n",
    )
    .unwrap();
    let a = analyse(&inbox);
    let conflict = diag(&a, "metadata-conflict");
    assert_eq!(conflict.len(), 1);
    assert_eq!(
        (conflict[0].sheet.as_deref(), conflict[0].cell.as_deref()),
        (Some("Submission"), Some("B1"))
    );
    assert_eq!(
        (conflict[0].found.as_deref(), conflict[0].expected.as_deref()),
        (Some("DE"), Some("FR"))
    );
    let missing = diag(&a, "missing-metadata");
    assert!(missing.iter().any(|d| d.file.ends_with("report.xlsx")));
    // One problem for a CSV without metadata, not one per row.
    assert_eq!(missing.iter().filter(|d| d.file.ends_with("figures.csv")).count(), 1);
    assert_eq!(account(&a, "figures.csv", "statistics"), (2, 0, 2));
    assert_eq!(account(&a, "report.xlsx", "narrative"), (1, 0, 1));
    let se = a
        .submissions
        .iter()
        .find(|s| s.member_state == "SE")
        .expect("metadata from the file name");
    assert_eq!(
        (se.host.as_str(), se.semester.to_string()),
        ("SN", "2025-H1".to_string())
    );
}

#[test]
fn the_newer_of_two_submissions_wins_and_both_are_named() {
    let (_dir, inbox) = inbox();
    let narrative = |t: &'static str| ("Narrative", vec![header(&["section", "text"]), vec![T("II.1"), T(t)]]);
    xlsx(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        &[
            submission_sheet("FR", "MA", "2025-H2", &[("drafted_on", "2025-12-01")]),
            narrative("old text"),
        ],
    );
    xlsx(
        &inbox.join("FR_MA_2025-H2_v2.xlsx"),
        &[
            submission_sheet("FR", "MA", "2025-H2", &[("drafted_on", "15.12.2025")]),
            narrative("new text"),
        ],
    );
    let a = analyse(&inbox);
    let d = diag(&a, "duplicate-submission");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].severity, Severity::Warning);
    assert!(d[0].file.ends_with("FR_MA_2025-H2.xlsx"));
    assert!(d[0].hint.contains("FR_MA_2025-H2_v2.xlsx") && d[0].hint.contains("FR_MA_2025-H2.xlsx"));
    assert_eq!(a.reports[0].narrative["II.1"][0].text, "new text");
}

#[test]
fn host_wide_figures_that_differ_are_conflicts_and_block_the_report() {
    let (_dir, inbox) = inbox();
    let stats = |v: f64| {
        (
            "Statistics",
            vec![
                header(&["indicator", "citizenship", "value"]),
                vec![T("host-apprehensions"), T("GN"), N(v)],
                vec![T("host-apprehensions"), T("ML"), N(50.0)],
            ],
        )
    };
    xlsx(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        &[
            submission_sheet("FR", "MA", "2025-H2", &[("acting_for_presidency", "yes")]),
            stats(100.0),
        ],
    );
    xlsx(
        &inbox.join("DE_MA_2025-H2.xlsx"),
        &[submission_sheet("DE", "MA", "2025-H2", &[]), stats(120.0)],
    );
    xlsx(
        &inbox.join("DE_SN_2025-H2.xlsx"),
        &[
            submission_sheet("DE", "SN", "2025-H2", &[("acting_for_presidency", "yes")]),
            stats(7.0),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let (a, outcome) = build(&inbox, out.path());
    let conflicts = diag(&a, "conflicting-value");
    assert_eq!(conflicts.len(), 2, "{}", a.validation.to_text());
    assert!(
        conflicts
            .iter()
            .all(|d| d.cell.as_deref() == Some("C2") && d.report.as_deref() == Some("MA_2025-H2"))
    );
    let mut found: Vec<_> = conflicts.iter().map(|d| d.found.clone().unwrap()).collect();
    found.sort();
    assert_eq!(found, ["100", "120"]);
    assert_eq!(outcome.blocked, ["MA_2025-H2"]);
    assert!(!out.path().join("2025-H2/MA_2025-H2.pdf").exists());
    assert!(
        out.path().join("2025-H2/SN_2025-H2.pdf").exists(),
        "other reports are still built"
    );

    // --draft builds it anyway, marked, with the problems in an annex.
    let draft = tempfile::tempdir().unwrap();
    let options = ilo_report::pipeline::Options {
        inbox: inbox.clone(),
        draft: true,
        ..Default::default()
    };
    build_with(options, draft.path());
    let pages = pdf_pages(&draft.path().join("2025-H2/MA_2025-H2.pdf"));
    assert!(pages.iter().all(|p| p.contains("DRAFT — not for transmission")));
    let text = pages.join(" ");
    assert!(
        text.contains("host-apprehensions — Guinea") && text.contains("DE: 120") && text.contains("FR: 100"),
        "{text}"
    );
}

#[test]
fn unreadable_encrypted_and_oversized_files_are_one_error_each() {
    let (_dir, inbox) = inbox();
    std::fs::write(inbox.join("FR_MA_2025-H2.xlsx"), b"this is not a workbook at all").unwrap();
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend(vec![0; 512]);
    cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(inbox.join("DE_MA_2025-H2.xlsx"), cfb).unwrap();
    std::fs::write(inbox.join("big.csv"), vec![b'a'; 2 * 1024 * 1024]).unwrap();
    xlsx(
        &inbox.join("ES_MA_2025-H2.xlsx"),
        &[submission_sheet("ES", "MA", "2025-H2", &[])],
    );
    let options = ilo_report::pipeline::Options {
        inbox: inbox.clone(),
        limits: ilo_report::ingest::Limits {
            max_file_bytes: 1024 * 1024,
            ..Default::default()
        },
        ..Default::default()
    };
    let a = ilo_report::pipeline::analyse(ilo_report::format::FormatDef::builtin(), &options).unwrap();
    let codes = |suffix: &str| {
        a.validation
            .diagnostics
            .iter()
            .filter(|d| d.file.ends_with(suffix))
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes("FR_MA_2025-H2.xlsx"), ["unreadable-file"]);
    assert_eq!(codes("DE_MA_2025-H2.xlsx"), ["encrypted-file"]);
    assert_eq!(codes("big.csv"), ["file-too-large"]);
    assert!(
        a.validation
            .diagnostics
            .iter()
            .filter(|d| d.file.ends_with("ES_MA_2025-H2.xlsx"))
            .all(|d| !d.is_error())
    );
    let status = |suffix: &str| {
        a.validation
            .files
            .iter()
            .find(|f| f.path.ends_with(suffix))
            .unwrap()
            .status
    };
    assert_eq!(
        status("FR_MA_2025-H2.xlsx"),
        ilo_report::diagnostics::FileStatus::Unreadable
    );
    assert_eq!(a.reports.len(), 1, "the readable submission is still merged");
    assert!(
        a.blocked_reports().contains("MA_2025-H2"),
        "the unreadable file's report is affected"
    );
}

#[test]
fn merged_cells_are_resolved_or_reported() {
    let (_dir, inbox) = inbox();
    let path = inbox.join("FR_MA_2025-H2.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet().set_name("Submission").unwrap();
    for (r, (k, v)) in [("member_state", "FR"), ("host", "MA"), ("semester", "2025-H2")]
        .iter()
        .enumerate()
    {
        s.write_string(r as u32, 0, *k).unwrap();
        s.write_string(r as u32, 1, *v).unwrap();
    }
    let s = wb.add_worksheet().set_name("Meetings").unwrap();
    for (c, h) in ["date", "chair", "subjects", "participants"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    // One date merged over two meetings (A2:A3); subjects merged across two columns in row 4.
    s.merge_range(1, 0, 2, 0, "2025-10-09", &rust_xlsxwriter::Format::new())
        .unwrap();
    s.write_string(1, 1, "FR").unwrap();
    s.write_string(2, 1, "DE").unwrap();
    s.write_string(3, 0, "2025-11-01").unwrap();
    s.merge_range(3, 2, 3, 3, "wide subjects", &rust_xlsxwriter::Format::new())
        .unwrap();
    wb.save(&path).unwrap();
    let a = analyse(&inbox);
    let merged = diag(&a, "merged-cell");
    assert_eq!(merged.len(), 1, "{}", a.validation.to_text());
    assert_eq!(
        (merged[0].cell.as_deref(), merged[0].found.as_deref()),
        (Some("C4"), Some("C4:D4"))
    );
    let dates: Vec<String> = a.reports[0].meetings.iter().map(|m| m.item.date.to_string()).collect();
    assert_eq!(dates, ["2025-10-09", "2025-10-09", "2025-11-01"]);
}

#[test]
fn validate_command_exit_codes_and_json() {
    let (dir, inbox) = inbox();
    stats_workbook(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        vec![vec![T("return-decisions"), T("MA"), E, T("x"), E]],
    );
    let json = dir.path().join("v.json");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ilo-report"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[
        "validate",
        inbox.to_str().unwrap(),
        "--format",
        "json",
        "--out",
        json.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["diagnostics"][0]["code"], "invalid-number");
    assert_eq!(v["diagnostics"][0]["cell"], "D2");
    assert_eq!(v["files"][0]["tables"][1]["rows_rejected"], 1);
    let text = run(&["validate", inbox.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("error[invalid-number]") && stdout.contains("[Statistics] D2"),
        "{stdout}"
    );
    let html = run(&["validate", inbox.to_str().unwrap(), "--format", "html"]);
    let page = String::from_utf8_lossy(&html.stdout);
    assert!(page.contains("<code>D2</code>") && page.contains("invalid-number"));
    assert_eq!(
        run(&["validate", sample_data().to_str().unwrap()]).status.code(),
        Some(0)
    );
    assert_eq!(run(&["validate", "/nonexistent/inbox"]).status.code(), Some(3));
    assert_eq!(run(&["validate", "--format", "pdf"]).status.code(), Some(2));
}

#[test]
fn html_report_escapes_what_files_contain() {
    let (_dir, inbox) = inbox();
    stats_workbook(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        vec![vec![T("<script>alert(1)</script>"), T("MA"), E, N(1.0), E]],
    );
    let a = analyse(&inbox);
    let html = a.validation.to_html().unwrap();
    assert!(!html.contains("<script>alert(1)"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
}
