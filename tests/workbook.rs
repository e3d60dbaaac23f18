//! The submission workbook: generated, filled the way a Member State fills
//! it, read back without a single diagnostic, and its figures in the PDF.

mod common;

use common::*;
use ilo_report::format::FormatDef;
use ilo_report::reference::Lang;
use ilo_report::workbook::{Cell, Spec, SubmissionWorkbook};
use std::io::Read;

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn filled(lang: Lang) -> SubmissionWorkbook<'static> {
    let d = |m, day| Cell::Date(chrono::NaiveDate::from_ymd_opt(2025, m, day).unwrap());
    let spec = Spec {
        member_state: "FR".into(),
        host: "MA".into(),
        semester: "2025-H1".parse().unwrap(),
        lang,
    };
    SubmissionWorkbook::new(FormatDef::builtin(), spec)
        .with_rows(
            "postings",
            vec![vec![t("FR"), Cell::Number(3.0), t("Rabat"), t("Mauritanie"), t("")]],
        )
        .with_rows(
            "meetings",
            vec![vec![
                d(3, 12),
                t("PL"),
                t("FR, DE, ES"),
                t("yes"),
                t("no"),
                t("Fraude documentaire"),
            ]],
        )
        .with_rows(
            "training",
            vec![vec![
                d(4, 2),
                t("Détection des faux"),
                t("Ambassade de France"),
                t("consular-staff"),
                Cell::Number(18.0),
            ]],
        )
        .with_rows(
            "narrative",
            vec![vec![t("II.3"), t("Les passeurs utilisent de faux visas.")]],
        )
        .with_rows(
            "statistics",
            vec![
                vec![
                    t("refusals-of-entry"),
                    t("Maroc"),
                    t("B"),
                    Cell::Number(4321.0),
                    t("persons"),
                    t(""),
                    t(""),
                ],
                vec![
                    t("illegal-stay-detections"),
                    t("Guinée"),
                    t(""),
                    Cell::Number(77.0),
                    t(""),
                    t(""),
                    t(""),
                ],
            ],
        )
        .with_rows(
            "routes",
            vec![vec![
                t("Guinée"),
                t("Mali; Algérie"),
                t("France"),
                t("sea"),
                t("up"),
                t("Via Tanger"),
            ]],
        )
        .with_rows(
            "documents",
            vec![vec![t("passport"), t("Maroc"), t("forged"), Cell::Number(9.0), t("")]],
        )
}

#[test]
fn a_filled_workbook_is_read_without_any_diagnostic_and_its_figures_are_in_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let wb = filled(Lang::Fr);
    assert_eq!(wb.file_name(), "FR_MA_2025-H1.xlsx");
    wb.save(&inbox.join(wb.file_name())).unwrap();
    let out = dir.path().join("out");
    let mut options = ilo_report::pipeline::Options {
        inbox: inbox.clone(),
        ..Default::default()
    };
    // Poland, the Presidency, has no ILO in Morocco here (Art. 6(1)): the
    // secretariat settles that France acts on its behalf.
    options.report.drafted_by.insert("MA".into(), "FR".into());
    let (analysis, _) = build_with(options, &out);
    assert_eq!(
        by_design_warnings_only(&analysis),
        2,
        "{}",
        analysis.validation.to_text()
    );
    let s = &analysis.submissions[0];
    assert_eq!(
        (s.member_state.as_str(), s.host.as_str(), s.language.as_deref()),
        ("FR", "MA", Some("fr"))
    );
    assert_eq!(
        s.statistics.len(),
        2,
        "pre-listed indicators without figures are not rows"
    );
    assert_eq!(s.routes[0].transit, ["ML", "DZ"]);
    let text = pdf_text(&out.join("2025-H1/MA_2025-H1.pdf"));
    assert!(
        // Refusal grounds are not persons: the ground's column, and no
        // persons where none were sent as such.
        text.contains("Citizenship B Persons, counted once Member States reporting Morocco 4 321 – 1"),
        "{text}"
    );
    assert!(text.contains("Guinea 77 1"));
    // France sent its refusals by ground only: in the Member States'
    // table as refusals by ground, never as persons.
    assert!(
        text.contains("France 4 321 by ground¹ 77 Total 4 321 by ground¹ 77"),
        "Figures by Member State: {text}"
    );
    assert!(text.contains("France 3 Rabat Mauritania"));
    assert!(text.contains("Les passeurs utilisent de faux visas."));
}

#[test]
fn the_workbook_has_every_sheet_header_note_and_validation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wb.xlsx");
    SubmissionWorkbook::new(
        FormatDef::builtin(),
        Spec {
            member_state: "DE".into(),
            host: "TR".into(),
            semester: "2025-H2".parse().unwrap(),
            lang: Lang::De,
        },
    )
    .save(&path)
    .unwrap();
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    for sheet in [
        "Einreichung",
        "Entsendungen",
        "Sitzungen",
        "Schulung",
        "Text",
        "Statistik",
        "Routen",
        "Dokumente",
        "Anleitung",
        "Lists",
    ] {
        assert!(names.iter().any(|n| n == sheet), "{sheet} missing from {names:?}");
    }
    let stats = wb.worksheet_range("Statistik").unwrap();
    let header: Vec<String> = stats.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "indicator",
            "citizenship",
            "breakdown",
            "value",
            "unit",
            "source",
            "note"
        ]
    );
    let listed: Vec<String> = stats.rows().skip(1).map(|r| r[0].to_string()).collect();
    let catalogue: Vec<String> = FormatDef::builtin().indicators.iter().map(|i| i.id.clone()).collect();
    assert_eq!(listed, catalogue);
    let submission = wb.worksheet_range("Einreichung").unwrap();
    let value = |field: &str| {
        submission
            .rows()
            .find(|r| r[0] == Data::String(field.into()))
            .map(|r| r[1].to_string())
    };
    assert_eq!(value("member_state").as_deref(), Some("DE"));
    assert_eq!(value("semester").as_deref(), Some("2025-H2"));
    let instructions = wb.worksheet_range("Anleitung").unwrap();
    let all: String = instructions
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        all.contains("Vorgehensweise") && all.contains("host-apprehensions"),
        "instructions from the format file"
    );
    let countries = wb.worksheet_range("Lists").unwrap();
    assert!(countries.rows().any(|r| r[0] == Data::String("Marokko".into())));

    // The package holds the validations, the protection and the notes.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut xml = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().is_ok_and(|n| n.starts_with("xl/worksheets/sheet")) {
            f.read_to_string(&mut xml).unwrap();
        }
    }
    assert!(xml.contains("<sheetProtection"), "the Submission sheet is protected");
    assert!(
        xml.contains(r#"type="list""#) && xml.contains("Lists!$A$2"),
        "country drop-downs"
    );
    assert!(xml.contains(r#"type="whole""#), "whole-number validation");
    assert!(xml.contains(r#"type="date""#), "date validation");
    assert!(
        xml.contains("&quot;air,land,sea&quot;") || xml.contains("\"air,land,sea\""),
        "choice lists"
    );
    assert!(xml.contains(r#"<pane ySplit="1""#), "frozen header");
}

#[test]
fn a_network_file_gives_one_workbook_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let network = dir.path().join("network.csv");
    std::fs::write(&network, "host;member_state\nMA;FR\nMorocco;DE\nSN;ES\n").unwrap();
    let out = dir.path().join("workbooks");
    let written = ilo_report::workbook::write_network(
        FormatDef::builtin(),
        &network,
        "2025-H2".parse().unwrap(),
        Lang::En,
        &out,
    )
    .unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    assert_eq!(
        names,
        ["FR_MA_2025-H2.xlsx", "DE_MA_2025-H2.xlsx", "ES_SN_2025-H2.xlsx"]
    );
}

#[test]
#[cfg_attr(
    not(has_soffice),
    ignore = "LibreOffice (soffice) is not installed; .ci/run installs it where it can"
)]
fn libreoffice_round_trip() {
    let office = "soffice";
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("src");
    std::fs::create_dir_all(&source).unwrap();
    let wb = filled(Lang::De);
    wb.save(&source.join(wb.file_name())).unwrap();
    for target in ["xlsx", "ods"] {
        let inbox = dir.path().join(target);
        let status = std::process::Command::new(office)
            .args([
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                inbox.to_str().unwrap(),
                source.join(wb.file_name()).to_str().unwrap(),
            ])
            .status()
            .unwrap();
        assert!(status.success());
        let analysis = analyse(&inbox);
        assert_eq!(
            analysis.validation.summary.errors,
            0,
            "{target}: {}",
            analysis.validation.to_text()
        );
        assert_eq!(analysis.submissions[0].statistics.len(), 2);
    }
}
