//! Ingestion and validation on real fixture files: every problem is found
//! with its code and cell, and rows read = rows used + rows rejected.

mod common;

use common::*;
use ilo_report::diagnostics::Severity;
use ilo_report::pipeline::Analysis;
use std::path::Path;

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
        let d = diags(&a, code);
        assert!(
            d.iter().any(|d| d.cell.as_deref() == Some(cell)
                && d.found.as_deref() == Some(found)
                && d.sheet.as_deref() == Some("Statistics")),
            "{code} at {cell} ({found}) missing: {}",
            a.validation.to_text()
        );
    }
    let missing = diags(&a, "missing-value");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].cell.as_deref(), Some("D10"));
    let suggestion = &diags(&a, "unknown-country")[0].hint;
    assert!(suggestion.contains("Morocco (MA)"), "{suggestion}");
    let dup = diags(&a, "duplicate-row");
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
    assert_eq!(stay.total, Some(1244));
    assert!(a.blocked_reports().iter().any(|k| *k == "MA_2025-H2"));
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
    let unknown = diags(&a, "unknown-column");
    assert_eq!(unknown.len(), 1, "{}", a.validation.to_text());
    assert_eq!(unknown[0].cell.as_deref(), Some("D3"));
    assert_eq!(unknown[0].found.as_deref(), Some("Farbe"));
    let missing = diags(&a, "missing-column");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].sheet.as_deref(), Some("Routen"));
    assert!(missing[0].hint.contains("destination"));
    let extra = diags(&a, "unknown-table");
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
    let ambiguous = diags(&a, "ambiguous-date");
    assert_eq!(
        ambiguous.iter().map(|d| d.cell.as_deref()).collect::<Vec<_>>(),
        [Some("A2")]
    );
    let invalid: Vec<_> = diags(&a, "invalid-date")
        .iter()
        .map(|d| d.cell.clone().unwrap())
        .collect();
    assert_eq!(invalid, ["A3", "A4"]);
    let outside = diags(&a, "date-outside-semester");
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
    let invalid = diags(&a, "invalid-number");
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
    let ambiguous = diags(&a, "ambiguous-number");
    assert_eq!(ambiguous.len(), 1);
    assert_eq!(ambiguous[0].cell.as_deref(), Some("F2"));
    // The record after the two-line quoted field starts on line 4.
    let section = diags(&a, "unknown-section");
    assert_eq!(section.len(), 1);
    assert_eq!(
        (section[0].row, section[0].column, section[0].cell.as_deref()),
        (Some(4), Some(4), Some("D4"))
    );
    let nl = a.submissions.iter().find(|s| s.member_state == "NL").unwrap();
    assert_eq!(nl.narrative[0].text, "Line one;\nline two, with a tab-free \"quote\"");
    let unknown = diags(&a, "unknown-table");
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
    let conflict = diags(&a, "metadata-conflict");
    assert_eq!(conflict.len(), 1);
    assert_eq!(
        (conflict[0].sheet.as_deref(), conflict[0].cell.as_deref()),
        (Some("Submission"), Some("B1"))
    );
    assert_eq!(
        (conflict[0].found.as_deref(), conflict[0].expected.as_deref()),
        (Some("DE"), Some("FR"))
    );
    let missing = diags(&a, "missing-metadata");
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
    let d = diags(&a, "duplicate-submission");
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
    let conflicts = diags(&a, "conflicting-value");
    assert_eq!(conflicts.len(), 2, "{}", a.validation.to_text());
    assert!(
        conflicts
            .iter()
            .all(|d| d.cell.as_deref() == Some("C2") && d.report.as_ref().is_some_and(|r| *r == "MA_2025-H2"))
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
        a.blocked_reports().iter().any(|k| *k == "MA_2025-H2"),
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
    let merged = diags(&a, "merged-cell");
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

/// Writes an OpenDocument spreadsheet as office software does: the
/// `mimetype` first and stored, the manifest, and `content.xml` holding
/// `settings` (any elements before the tables) and each sheet's rows, given
/// as raw `table:table-row` XML.
fn ods_file(path: &Path, settings: &str, sheets: &[(&str, String)]) {
    use std::io::Write as _;
    use zip::write::SimpleFileOptions;
    const MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
        r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
        r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">"#,
        "<office:body><office:spreadsheet>"
    ));
    xml.push_str(settings);
    for (name, rows) in sheets {
        xml.push_str(&format!(
            r#"<table:table table:name="{name}"><table:table-column table:number-columns-repeated="1024"/>{rows}</table:table>"#
        ));
    }
    xml.push_str("</office:spreadsheet></office:body></office:document-content>");
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{MIME}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
    );
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = stored.compression_method(zip::CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text, options) in [
        ("mimetype", MIME, stored),
        ("META-INF/manifest.xml", manifest.as_str(), deflated),
        ("content.xml", xml.as_str(), deflated),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// ods cells as raw XML: a string cell with extra attributes (spans).
fn ods_text(text: &str, attrs: &str) -> String {
    format!(r#"<table:table-cell office:value-type="string" {attrs}><text:p>{text}</text:p></table:table-cell>"#)
}

fn ods_number(n: f64, attrs: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="float" office:value="{n}" {attrs}><text:p>{n}</text:p></table:table-cell>"#
    )
}

fn ods_row(cells: &[String]) -> String {
    format!("<table:table-row>{}</table:table-row>", cells.concat())
}

fn ods_header(names: &[&str]) -> String {
    ods_row(&names.iter().map(|n| ods_text(n, "")).collect::<Vec<_>>())
}

/// The rows that office software appends to every sheet: a million empty
/// rows as one repeated element (with a merge in them, to check that a
/// repeated row is never expanded).
const ODS_TAIL: &str = concat!(
    r#"<table:table-row table:number-rows-repeated="1000000">"#,
    r#"<table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
);

const COVERED: &str = "<table:covered-table-cell/>";

fn ods_submission() -> (&'static str, String) {
    let rows = [("member_state", "FR"), ("host", "MA"), ("semester", "2025-H2")]
        .iter()
        .map(|(k, v)| ods_row(&[ods_text(k, ""), ods_text(v, "")]))
        .collect();
    ("Submission", rows)
}

/// What an analysis gives, without the file it came from: diagnostics
/// (code, severity, sheet, cell, found), table accounts, and the records.
type Essence = (
    Vec<(String, Severity, Option<String>, Option<String>, Option<String>)>,
    Vec<ilo_report::diagnostics::TableAccount>,
    Vec<ilo_report::model::Submission>,
    Vec<ilo_report::model::IndicatorTable>,
);

fn essence(a: &Analysis) -> Essence {
    let diagnostics = a
        .validation
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_string(),
                d.severity,
                d.sheet.clone(),
                d.cell.clone(),
                d.found.clone(),
            )
        })
        .collect();
    let tables = a.validation.files.iter().flat_map(|f| f.tables.clone()).collect();
    let submissions = a
        .submissions
        .iter()
        .cloned()
        .map(|mut s| {
            s.files.clear();
            s
        })
        .collect();
    let statistics = a.reports.iter().flat_map(|r| r.statistics.clone()).collect();
    (diagnostics, tables, submissions, statistics)
}

#[test]
fn ods_merged_cells_are_resolved_as_in_the_equivalent_xlsx() {
    // Meetings: one date merged down over three meetings (A2:A4), subjects
    // merged across two columns in row 5 (C5:D5). Statistics: an indicator
    // merged down over three citizenships (A2:A4), empty cells repeated
    // across, an empty row repeated, and an indicator merged across (A9:B9).
    let (_ods_dir, ods_inbox) = inbox();
    let date_cell = |attrs: &str| {
        format!(
            r#"<table:table-cell office:value-type="date" office:date-value="2025-10-09" {attrs}><text:p>09/10/2025</text:p></table:table-cell>"#
        )
    };
    let meetings = [
        ods_header(&["date", "chair", "subjects", "participants"]),
        ods_row(&[
            date_cell(r#"table:number-rows-spanned="3""#),
            ods_text("FR", ""),
            ods_text("one", ""),
        ]),
        ods_row(&[COVERED.into(), ods_text("DE", ""), ods_text("two", "")]),
        ods_row(&[COVERED.into(), ods_text("IT", ""), ods_text("three", "")]),
        ods_row(&[
            ods_text("2025-11-01", ""),
            ods_text("FR", ""),
            ods_text("wide subjects", r#"table:number-columns-spanned="2""#),
            COVERED.into(),
        ]),
        ODS_TAIL.into(),
    ]
    .concat();
    let two_empty = r#"<table:table-cell table:number-columns-repeated="2"/>"#.to_string();
    let statistics = [
        ods_header(&["indicator", "breakdown", "unit", "citizenship", "value"]),
        ods_row(&[
            ods_text("illegal-stay-detections", r#"table:number-rows-spanned="3""#),
            two_empty.clone(),
            ods_text("MA", ""),
            ods_number(10.0, ""),
        ]),
        ods_row(&[COVERED.into(), two_empty.clone(), ods_text("SN", ""), ods_number(5.0, "")]),
        ods_row(&[COVERED.into(), two_empty.clone(), ods_text("DZ", ""), ods_number(7.0, "")]),
        ods_row(&[ods_text("return-decisions", ""), two_empty, ods_text("MA", ""), ods_number(4.0, "")]),
        r#"<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="5"/></table:table-row>"#.into(),
        ods_row(&[
            ods_text("boarding-denied-on-advice", r#"table:number-columns-spanned="2""#),
            COVERED.into(),
            "<table:table-cell/>".into(),
            ods_text("MA", ""),
            ods_number(3.0, ""),
        ]),
        // A merge in a row repeated a million times, below the table.
        concat!(
            r#"<table:table-row table:number-rows-repeated="1000000">"#,
            r#"<table:table-cell table:number-columns-repeated="20"/>"#,
            r#"<table:table-cell table:number-rows-spanned="2"/></table:table-row>"#
        )
        .into(),
    ]
    .concat();
    ods_file(
        &ods_inbox.join("FR_MA_2025-H2.ods"),
        "",
        &[ods_submission(), ("Meetings", meetings), ("Statistics", statistics)],
    );

    let (_xlsx_dir, xlsx_inbox) = inbox();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let plain = rust_xlsxwriter::Format::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
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
    s.merge_range(1, 0, 3, 0, "", &date).unwrap();
    s.write_datetime_with_format(
        1,
        0,
        rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 10, 9).unwrap(),
        &date,
    )
    .unwrap();
    for (r, (chair, subjects)) in [("FR", "one"), ("DE", "two"), ("IT", "three")].iter().enumerate() {
        s.write_string(r as u32 + 1, 1, *chair).unwrap();
        s.write_string(r as u32 + 1, 2, *subjects).unwrap();
    }
    s.write_string(4, 0, "2025-11-01").unwrap();
    s.write_string(4, 1, "FR").unwrap();
    s.merge_range(4, 2, 4, 3, "wide subjects", &plain).unwrap();
    let s = wb.add_worksheet().set_name("Statistics").unwrap();
    for (c, h) in ["indicator", "breakdown", "unit", "citizenship", "value"]
        .iter()
        .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.merge_range(1, 0, 3, 0, "illegal-stay-detections", &plain).unwrap();
    for (r, (country, value)) in [("MA", 10.0), ("SN", 5.0), ("DZ", 7.0)].iter().enumerate() {
        s.write_string(r as u32 + 1, 3, *country).unwrap();
        s.write_number(r as u32 + 1, 4, *value).unwrap();
    }
    s.write_string(4, 0, "return-decisions").unwrap();
    s.write_string(4, 3, "MA").unwrap();
    s.write_number(4, 4, 4.0).unwrap();
    s.merge_range(8, 0, 8, 1, "boarding-denied-on-advice", &plain).unwrap();
    s.write_string(8, 3, "MA").unwrap();
    s.write_number(8, 4, 3.0).unwrap();
    wb.save(xlsx_inbox.join("FR_MA_2025-H2.xlsx")).unwrap();

    for (inbox, file) in [(&ods_inbox, "FR_MA_2025-H2.ods"), (&xlsx_inbox, "FR_MA_2025-H2.xlsx")] {
        let a = analyse(inbox);
        let report = a.validation.to_text();
        // Each merge across columns is one warning with its range; the
        // merges down the table give every row its value.
        let merged: Vec<_> = diags(&a, "merged-cell")
            .iter()
            .map(|d| {
                (
                    d.sheet.clone().unwrap(),
                    d.cell.clone().unwrap(),
                    d.found.clone().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            merged,
            [
                ("Meetings".to_string(), "C5".to_string(), "C5:D5".to_string()),
                ("Statistics".to_string(), "A9".to_string(), "A9:B9".to_string()),
            ],
            "{file}: {report}"
        );
        // Nothing else is said about the file (no missing value where a
        // merge covers the cell).
        assert_eq!(file_diagnostics(&a).len(), 2, "{file}: {report}");
        assert!(
            a.validation.diagnostics.iter().all(|d| !d.is_error()),
            "{file}: {report}"
        );
        assert_eq!(account(&a, file, "meetings"), (4, 4, 0), "{file}");
        assert_eq!(account(&a, file, "statistics"), (5, 5, 0), "{file}");
        let r = &a.reports[0];
        let meetings: Vec<(String, String, String)> = r
            .meetings
            .iter()
            .map(|m| {
                (
                    m.item.date.to_string(),
                    m.item.chair.clone().unwrap(),
                    m.item.subjects.clone().unwrap(),
                )
            })
            .collect();
        let expected_meetings = [
            ("2025-10-09", "FR", "one"),
            ("2025-10-09", "DE", "two"),
            ("2025-10-09", "IT", "three"),
            ("2025-11-01", "FR", "wide subjects"),
        ]
        .map(|(d, c, s)| (d.to_string(), c.to_string(), s.to_string()));
        assert_eq!(meetings, expected_meetings, "{file}");
        let total = |id: &str| {
            r.statistics
                .iter()
                .find(|t| t.indicator == id)
                .unwrap_or_else(|| panic!("{file}: no {id}"))
                .total
        };
        assert_eq!(
            (
                total("illegal-stay-detections"),
                total("return-decisions"),
                total("boarding-denied-on-advice")
            ),
            (Some(22), Some(4), Some(3)),
            "{file}"
        );
        let stay: std::collections::BTreeMap<_, _> = r
            .statistics
            .iter()
            .find(|t| t.indicator == "illegal-stay-detections")
            .unwrap()
            .rows
            .iter()
            .map(|row| (row.citizenship.clone().unwrap_or_default(), row.total))
            .collect();
        assert_eq!(
            stay.into_iter().collect::<Vec<_>>(),
            [("DZ".to_string(), 7), ("MA".to_string(), 10), ("SN".to_string(), 5)],
            "{file}"
        );
    }
    assert_eq!(essence(&analyse(&ods_inbox)), essence(&analyse(&xlsx_inbox)));
}

/// Sets the workbook of a saved xlsx to the 1904 date system, as a Mac
/// Excel workbook has it (`<workbookPr date1904="1">`).
fn set_date1904(path: &Path) {
    use std::io::{Read as _, Write as _};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        parts.push((part.name().unwrap().to_string(), bytes));
    }
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, mut bytes) in parts {
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            assert!(xml.contains("<workbookPr "), "{xml}");
            bytes = xml
                .replacen("<workbookPr ", r#"<workbookPr date1904="1" "#, 1)
                .into_bytes();
        }
        zip.start_file(name, options).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// The diagnostics about input files (not about a report as a whole).
fn file_diagnostics(a: &Analysis) -> Vec<&ilo_report::diagnostics::Diagnostic> {
    a.validation.diagnostics.iter().filter(|d| !d.file.is_empty()).collect()
}

#[test]
fn dates_of_a_1904_workbook_plain_serials_and_date_cells() {
    use chrono::NaiveDate;
    let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    let serial_1904 = |date: NaiveDate| (date - NaiveDate::from_ymd_opt(1904, 1, 1).unwrap()).num_days() as f64;
    // 9.10.2025 is 44477 in the 1904 system (45939 in the 1900 one).
    assert_eq!(serial_1904(day(10, 9)), 44477.0);
    let write = |path: &Path| {
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
        for (c, h) in ["date", "chair"].iter().enumerate() {
            s.write_string(0, c as u16, *h).unwrap();
        }
        // A2: the serial typed as a plain number; A3: the serial shown as a
        // date (as Excel stores a date cell); A4: a date written as text.
        s.write_number(1, 0, serial_1904(day(10, 9))).unwrap();
        let date = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
        s.write_number_with_format(2, 0, serial_1904(day(11, 5)), &date)
            .unwrap();
        s.write_string(3, 0, "2025-12-01").unwrap();
        for (r, chair) in ["FR", "DE", "IT"].iter().enumerate() {
            s.write_string(r as u32 + 1, 1, *chair).unwrap();
        }
        wb.save(path).unwrap();
    };
    let dates = |a: &Analysis| -> Vec<NaiveDate> { a.reports[0].meetings.iter().map(|m| m.item.date).collect() };

    let (_dir, inbox_1904) = inbox();
    let path = inbox_1904.join("FR_MA_2025-H2.xlsx");
    write(&path);
    set_date1904(&path);
    let a = analyse(&inbox_1904);
    assert!(file_diagnostics(&a).is_empty(), "{}", a.validation.to_text());
    assert_eq!(dates(&a), [day(10, 9), day(11, 5), day(12, 1)]);
    assert_eq!(account(&a, "FR_MA_2025-H2.xlsx", "meetings"), (3, 3, 0));

    // The same serials in a 1900 workbook are four years and a day earlier,
    // outside the semester: the date system is what makes the difference.
    let (_dir, inbox_1900) = inbox();
    write(&inbox_1900.join("FR_MA_2025-H2.xlsx"));
    let a = analyse(&inbox_1900);
    assert_eq!(
        dates(&a),
        [
            NaiveDate::from_ymd_opt(2021, 10, 8).unwrap(),
            NaiveDate::from_ymd_opt(2021, 11, 4).unwrap(),
            day(12, 1)
        ]
    );
    let outside: Vec<_> = diags(&a, "date-outside-semester")
        .iter()
        .map(|d| (d.cell.clone().unwrap(), d.found.clone().unwrap()))
        .collect();
    assert_eq!(
        outside,
        [
            ("A2".to_string(), "44477".to_string()),
            ("A3".to_string(), "2021-11-04".to_string())
        ]
    );

    // An ods converted from a 1904 workbook keeps its null date: a plain
    // number in a date column counts from 1.1.1904 there too.
    let (_dir, inbox_ods) = inbox();
    let meetings = [
        ods_header(&["date", "chair"]),
        ods_row(&[ods_number(serial_1904(day(10, 9)), ""), ods_text("FR", "")]),
        ODS_TAIL.into(),
    ]
    .concat();
    ods_file(
        &inbox_ods.join("FR_MA_2025-H2.ods"),
        r#"<table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>"#,
        &[ods_submission(), ("Meetings", meetings)],
    );
    let a = analyse(&inbox_ods);
    assert!(file_diagnostics(&a).is_empty(), "{}", a.validation.to_text());
    assert_eq!(dates(&a), [day(10, 9)]);
}
