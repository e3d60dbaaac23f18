//! End to end: real submission files in, PDFs out, their text asserted.

mod common;

use common::*;
use std::path::Path;

/// Two Member States for Morocco in 2025-H2 (Danish Presidency), one acting
/// on its behalf; overlapping statistics.
fn two_member_states(inbox: &Path) {
    xlsx(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        &[
            submission_sheet(
                "FR",
                "MA",
                "2025-H2",
                &[
                    ("drafted_on", "2025-12-10"),
                    ("report_date", "2026-01-14"),
                    ("acting_for_presidency", "yes"),
                    ("classification", "LIMITE"),
                ],
            ),
            (
                "Postings",
                vec![
                    header(&["member_state", "ilos", "posted_at", "accredited_to"]),
                    vec![T("FR"), N(3.0), T("Rabat"), T("Mauritania")],
                ],
            ),
            (
                "Meetings",
                vec![
                    header(&[
                        "date",
                        "chair",
                        "participants",
                        "commission_present",
                        "frontex_present",
                        "subjects",
                    ]),
                    vec![
                        D(2025, 10, 9),
                        T("FR"),
                        T("FR, DE, ES"),
                        T("yes"),
                        T("no"),
                        T("Carriers"),
                    ],
                ],
            ),
            (
                "Training",
                vec![
                    header(&["date", "title", "organiser", "audience", "participants"]),
                    vec![
                        D(2025, 11, 3),
                        T("Document checks"),
                        T("France"),
                        T("consular-staff"),
                        N(14.0),
                    ],
                ],
            ),
            (
                "Narrative",
                vec![
                    header(&["section", "text"]),
                    vec![T("II.3"), T("Forged invitations are the main modus operandi.")],
                    vec![T("I.8"), T("French difficulties paragraph.")],
                ],
            ),
            (
                "Statistics",
                vec![
                    header(&["indicator", "citizenship", "breakdown", "value", "unit", "source"]),
                    vec![T("refusals-of-entry"), T("MA"), T("B"), N(120.0), T("persons"), E],
                    // The persons refused, counted once whatever their grounds.
                    vec![T("refusals-of-entry"), T("MA"), E, N(100.0), T("persons"), E],
                    vec![
                        T("host-apprehensions"),
                        T("Guinea"),
                        E,
                        N(4321.0),
                        T("persons"),
                        T("Ministry of the Interior"),
                    ],
                    vec![T("effective-returns"), T("MA"), T("forced"), N(77.0), E, E],
                ],
            ),
            (
                "Routes",
                vec![
                    header(&["origin", "transit", "destination", "mode", "trend"]),
                    vec![T("GN"), T("ML; DZ"), T("FR"), T("sea"), T("up")],
                ],
            ),
            (
                "Documents",
                vec![
                    header(&["document_type", "issuing_country", "fraud_type", "count"]),
                    vec![T("passport"), T("MA"), T("forged"), N(12.0)],
                ],
            ),
        ],
    );
    xlsx(
        &inbox.join("DE_MA_2025-H2.xlsx"),
        &[
            submission_sheet("DE", "MA", "2025-H2", &[("drafted_on", "2025-12-12")]),
            (
                "Postings",
                vec![
                    header(&["member_state", "ilos", "posted_at"]),
                    vec![T("DE"), N(2.0), T("Rabat")],
                ],
            ),
            (
                "Narrative",
                vec![
                    header(&["section", "text"]),
                    vec![T("I.8"), T("German difficulties paragraph.")],
                ],
            ),
            (
                "Statistics",
                vec![
                    header(&["indicator", "citizenship", "breakdown", "value"]),
                    vec![T("refusals-of-entry"), T("Marokko"), T("B"), N(35.0)],
                    vec![T("refusals-of-entry"), T("Marokko"), E, N(30.0)],
                    vec![T("host-apprehensions"), T("GN"), E, N(4321.0)],
                ],
            ),
        ],
    );
}

#[test]
fn merged_report_shows_header_sections_and_figures() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    two_member_states(&inbox);
    let out = dir.path().join("out");
    let (analysis, outcome) = build(&inbox, &out);
    assert_eq!(
        analysis.validation.summary.errors,
        0,
        "{}",
        analysis.validation.to_text()
    );
    assert!(outcome.blocked.is_empty());
    let pdf = out.join("2025-H2/MA_2025-H2.pdf");
    let text = pdf_text(&pdf);

    // Header block.
    assert!(text.contains("Host country Morocco"), "{text}");
    assert!(
        text.contains("Semester second semester 2025 (1 July 2025 – 31 December 2025)"),
        "{text}"
    );
    assert!(text.contains("Presidency Denmark"), "{text}");
    assert!(
        text.contains("Drafted by France (acting on behalf of the Presidency)"),
        "{text}"
    );
    // The drafting Member State dates the report; the recipients follow.
    assert!(text.contains("Date 14 January 2026"), "{text}");
    assert!(
        text.contains("Recipients the European Parliament, the Council and the Commission"),
        "{text}"
    );
    assert!(text.contains("LIMITE"), "{text}");
    // The statistical annex carries the same marking.
    {
        use calamine::{Data, Reader, open_workbook_auto};
        let mut annex = open_workbook_auto(out.join("2025-H2/MA_2025-H2_annex.xlsx")).unwrap();
        let contents = annex.worksheet_range("Contents").unwrap();
        assert_eq!(contents.get_value((0, 0)), Some(&Data::String("LIMITE".into())));
    }

    // Every section, in the order of the format, after the table of
    // contents: its heading when something was sent for it, else named in
    // its part's one line of sections nobody wrote about.
    let format = ilo_report::format::FormatDef::builtin();
    let mut last = 0;
    let mut empty = Vec::new();
    for s in &format.sections {
        let heading = format!("{} {}", s.id, s.title.en);
        match text.rfind(&heading) {
            Some(at) => {
                assert!(at > last, "{heading} out of order");
                last = at;
            }
            None => empty.push(s.id.clone()),
        }
    }
    assert!(!empty.is_empty() && empty.len() < format.sections.len(), "{empty:?}");
    let lines: Vec<&str> = text
        .split("No information was submitted on ")
        .skip(1)
        .map(|rest| rest.split_once(". ").map_or(rest, |(line, _)| line))
        .collect();
    assert!(lines.len() <= 2, "one line per part: {lines:?}");
    let named: Vec<&str> = lines
        .iter()
        .flat_map(|l| l.split([',', ' ']).filter(|w| w.contains('.')))
        .map(|w| w.trim_end_matches('.'))
        .collect();
    assert_eq!(named, empty, "{lines:?}");
    let statistics = text.rfind("Statistics").unwrap();
    let sources = text.rfind("Sources: submissions received").unwrap();
    assert!(statistics < sources);
    // The supplementary items carry a mark, explained once.
    assert_eq!(text.matches("Supplementary item").count(), 1, "{text}");
    assert!(
        text.contains("* Supplementary item: from the networks' practice"),
        "{text}"
    );

    // Narrative merged per section, attributed, in protocol order (DE before FR).
    let i8 = &text[text.rfind("I.8 Difficulties met").unwrap()..text.rfind("Part II —").unwrap()];
    let de = i8
        .find("Germany: German difficulties paragraph.")
        .expect("German contribution");
    let fr = i8
        .find("France: French difficulties paragraph.")
        .expect("French contribution");
    assert!(de < fr);

    // Per-member-state figures summed, the ground as a column (DE 35 + FR
    // 120 = 155), the persons counted once beside it (DE 30 + FR 100 =
    // 130), each Member State's persons in the Member States' table.
    let refusals = &text[text.rfind("Refusals of entry at the external border persons").unwrap()..];
    assert!(
        refusals
            .contains("Citizenship B Persons, counted once Member States reporting Morocco 155 130 2 Total 155 130 2"),
        "{refusals}"
    );
    let by_ms = &text[text.rfind("Figures by Member State").unwrap()..];
    assert!(by_ms.contains("Germany 30 "), "{by_ms}");
    assert!(by_ms.contains("France 100 "), "{by_ms}");
    // Host-wide figure sent by both counted once.
    let host_wide = &text[text
        .rfind("Irregular migrants intercepted by the host authorities")
        .unwrap()..];
    assert!(host_wide.contains("Guinea 4 321 2"), "{host_wide}");
    assert!(!text.contains("8 642"));

    // Composition in protocol order with the total.
    let i1 = &text[text.rfind("I.1 Composition of the network").unwrap()..];
    assert!(i1.contains("Germany 2 Rabat France 3 Rabat Mauritania Total 5"), "{i1}");

    // Sources list every file.
    assert!(text[sources..].contains("DE_MA_2025-H2.xlsx"));
    assert!(text[sources..].contains("FR_MA_2025-H2.xlsx"));

    // The normalised model beside the PDF holds the same figures.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("2025-H2/MA_2025-H2.json")).unwrap()).unwrap();
    assert_eq!(json["drafting_member_state"], "FR");
    assert_eq!(json["total_ilos"], 5);
}

#[test]
fn rebuilds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    two_member_states(&inbox);
    build(&inbox, &dir.path().join("a"));
    build(&inbox, &dir.path().join("b"));
    for file in [
        "2025-H2/MA_2025-H2.pdf",
        "annual/annual-summary_2025.pdf",
        "2025-H2/MA_2025-H2.json",
        "2025-H2/MA_2025-H2_annex.xlsx",
    ] {
        let a = std::fs::read(dir.path().join("a").join(file)).unwrap();
        let b = std::fs::read(dir.path().join("b").join(file)).unwrap();
        assert!(a == b, "{file} differs between two builds");
    }
}

#[test]
fn submitted_text_is_printed_literally() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let hostile = r#"#read("/etc/passwd") ] * $x^2$ # @ref <label> _under_ `raw` \ = heading"#;
    xlsx(
        &inbox.join("FR_SN_2025-H1.xlsx"),
        &[
            submission_sheet(
                "FR",
                "SN",
                "2025-H1",
                &[
                    ("acting_for_presidency", "ja"),
                    ("reference", "#import \"@preview/x:1.0.0\""),
                ],
            ),
            (
                "Postings",
                vec![
                    header(&["member_state", "ilos", "posted_at"]),
                    vec![T("FR"), N(1.0), T("*Dakar* ]")],
                ],
            ),
            (
                "Narrative",
                vec![header(&["section", "text"]), vec![T("II.3"), T(hostile)]],
            ),
        ],
    );
    let out = dir.path().join("out");
    let (analysis, _) = build(&inbox, &out);
    assert_eq!(
        analysis.validation.summary.errors,
        0,
        "{}",
        analysis.validation.to_text()
    );
    let text = pdf_text(&out.join("2025-H1/SN_2025-H1.pdf"));
    assert!(text.contains(&fold(hostile)), "{text}");
    assert!(text.contains("*Dakar* ]"));
    assert!(text.contains("#import \"@preview/x:1.0.0\""));
    assert!(!text.contains("root:"), "a template must never read the file system");
}

#[test]
fn danish_presidency_without_an_acting_member_state_warns_and_still_renders() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    xlsx(
        &inbox.join("DE_PK_2025-H2.xlsx"),
        &[
            submission_sheet("DE", "PK", "2025-H2", &[]),
            (
                "Narrative",
                vec![header(&["section", "text"]), vec![T("II.1"), T("Flows.")]],
            ),
        ],
    );
    let out = dir.path().join("out");
    let (analysis, outcome) = build(&inbox, &out);
    let warning = analysis
        .validation
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "no-drafting-member-state")
        .expect("a warning");
    assert_eq!(warning.severity, ilo_report::diagnostics::Severity::Warning);
    assert!(warning.report.as_ref().is_some_and(|r| *r == "PK_2025-H2"));
    assert!(outcome.blocked.is_empty());
    let text = pdf_text(&out.join("2025-H2/PK_2025-H2.pdf"));
    assert!(text.contains("Presidency Denmark Drafted by not determined"), "{text}");
}

/// Art. 6(1): the Presidency draws up a host's report only where it is
/// represented; elsewhere the Member State acting on its behalf does —
/// named by a submission or settled with `--drafted-by`.
#[test]
fn the_presidency_drafts_only_where_it_is_represented() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    // 2025-H1: the Presidency is Poland, which has no ILO in Pakistan.
    xlsx(
        &inbox.join("DE_PK_2025-H1.xlsx"),
        &[
            submission_sheet("DE", "PK", "2025-H1", &[]),
            (
                "Postings",
                vec![
                    header(&["member_state", "ilos", "posted_at"]),
                    vec![T("DE"), N(2.0), T("Islamabad")],
                ],
            ),
        ],
    );
    let out = dir.path().join("out");
    let (analysis, _) = build(&inbox, &out);
    let warning = *diags(&analysis, "no-drafting-member-state").first().expect("a warning");
    assert!(
        warning.hint.contains("(PL) has no ILO in this host country"),
        "{}",
        warning.hint
    );
    assert!(warning.hint.contains("--drafted-by PK=XX"), "{}", warning.hint);
    let text = pdf_text(&out.join("2025-H1/PK_2025-H1.pdf"));
    assert!(text.contains("Presidency Poland Drafted by not determined"), "{text}");

    let settled = run(&[
        "build",
        inbox.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--drafted-by",
        "PK=DE",
        "-q",
    ]);
    assert_eq!(settled.status.code(), Some(0));
    let text = pdf_text(&out.join("2025-H1/PK_2025-H1.pdf"));
    assert!(
        text.contains("Drafted by Germany (acting on behalf of the Presidency)"),
        "{text}"
    );
    let wrong = run(&["validate", inbox.to_str().unwrap(), "--drafted-by", "PK=TR"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("--drafted-by PK=TR: not a Member State"));

    // Once Poland reports from Pakistan, it draws up the report itself.
    std::fs::write(
        inbox.join("PL_PK_2025-H1_postings.csv"),
        "member_state;ilos;posted_at\nPL;1;Islamabad\n",
    )
    .unwrap();
    let (analysis, _) = build(&inbox, &out);
    assert!(diags(&analysis, "no-drafting-member-state").is_empty());
    let text = pdf_text(&out.join("2025-H1/PK_2025-H1.pdf"));
    assert!(text.contains("Presidency Poland Drafted by Poland"), "{text}");
}

#[test]
fn sample_data_builds_every_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_ilo-report"))
        .args(["build", sample_data().to_str().unwrap(), "--out", out.to_str().unwrap()])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    for semester in ["2025-H1", "2025-H2"] {
        for host in ["MA", "SN", "TR", "PK"] {
            assert!(
                out.join(format!("{semester}/{host}_{semester}.pdf")).is_file(),
                "{host} {semester}"
            );
            assert!(out.join(format!("{semester}/{host}_{semester}.json")).is_file());
        }
    }
    assert!(out.join("annual/annual-summary_2025.pdf").is_file());
    let validation: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("validation.json")).unwrap()).unwrap();
    assert_eq!(validation["format"], "2005-687");
    assert_eq!(validation["summary"]["errors"], 0);
    // The one warning of each of the 8 reports: 2025 lies after the repeal
    // of Regulation 377/2004, and the cover says so; and of the 7 without
    // a drafting text: they are compilations (MA_2025-H2 is drawn up).
    assert_eq!(validation["summary"]["warnings"], 15);
    let codes: Vec<&str> = validation["diagnostics"]
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes.iter().filter(|c| **c == "outside-legal-basis").count(), 8);
    assert_eq!(codes.iter().filter(|c| **c == "no-drafting-text").count(), 7);
    assert!(out.join("validation.html").is_file());
    // Poland, Presidency in 2025-H1, has no ILO in Pakistan: the
    // Netherlands draw up that report on its behalf (Art. 6(1)).
    let pk = pdf_text(&out.join("2025-H1/PK_2025-H1.pdf"));
    assert!(
        pk.contains("Presidency Poland Drafted by Netherlands (acting on behalf of the Presidency)"),
        "{pk}"
    );
    let ma = pdf_text(&out.join("2025-H1/MA_2025-H1.pdf"));
    assert!(ma.contains("Presidency Poland Drafted by Poland"), "{ma}");

    // A figure from a sample spreadsheet reaches the model, the statistical
    // annex (its own row), the Member States' table (in Germany's total)
    // and its indicator's table (in Morocco's total).
    use calamine::{Data, DataType, Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(sample_data().join("DE_MA_2025-H2.xlsx")).unwrap();
    let range = wb.worksheet_range("Statistik").unwrap();
    let row = range
        .rows()
        .find(|r| {
            r.first() == Some(&Data::String("illegal-stay-detections".into()))
                && r.get(1) == Some(&Data::String("MA".into()))
        })
        .expect("a DE figure for Moroccans");
    let value = row[3].as_f64().unwrap() as u64;
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("2025-H2/MA_2025-H2.json")).unwrap()).unwrap();
    let table = json["statistics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["indicator"] == "illegal-stay-detections")
        .unwrap();
    let rows = table["rows"].as_array().unwrap();
    let ma = rows.iter().find(|r| r["citizenship"] == "MA").unwrap();
    assert_eq!(ma["by_member_state"]["DE"], value);
    let germany: u64 = rows.iter().filter_map(|r| r["by_member_state"]["DE"].as_u64()).sum();

    let mut annex = open_workbook_auto(out.join("2025-H2/MA_2025-H2_annex.xlsx")).unwrap();
    let sheet = annex.worksheet_range("Persons found to be illegally p").unwrap();
    let annex_row = sheet
        .rows()
        .find(|r| r[1] == Data::String("MA".into()) && r[4] == Data::String("DE".into()))
        .expect("the annex has Germany's figure for Moroccans");
    assert_eq!(annex_row[0], Data::String("Morocco".into()));
    assert_eq!(annex_row[3], Data::String("Germany".into()));
    assert_eq!(annex_row[5].as_f64(), Some(value as f64));

    let count = ilo_report::render::style::count;
    let text = pdf_text(&out.join("2025-H2/MA_2025-H2.pdf"));
    assert!(text.contains("statistical annex MA_2025-H2_annex.xlsx"), "{text}");
    let by_ms = &text[text.rfind("Figures by Member State").unwrap()..];
    let germany_row = &by_ms[by_ms.find("Germany ").unwrap()..];
    let germany_row = &germany_row[..germany_row.find(" Spain").unwrap()];
    assert!(
        fold(germany_row).contains(&fold(&format!(" {} ", count(germany)))),
        "{germany_row} lacks Germany's {germany}"
    );
    let section = &text[text.rfind("Persons found to be illegally present persons").unwrap()..];
    let reporting = ma["by_member_state"].as_object().unwrap().len() as u64;
    let expected = fold(&format!(
        "Morocco {} {}",
        count(ma["total"].as_u64().unwrap()),
        count(reporting)
    ));
    assert!(section.contains(&expected), "{expected} not in {section}");
}

#[test]
fn the_postings_register_adds_up_to_the_reports() {
    use calamine::{DataType, Reader, open_workbook_auto};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (analysis, _) = build(&sample_data(), &out);
    let mut annual_rows = 0;
    for semester in ["2025-H1", "2025-H2"] {
        let mut reader = csv::Reader::from_path(out.join(format!("{semester}/postings.csv"))).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        annual_rows += rows.len();
        // Per host, the register's ILOs are the report's.
        for report in analysis.reports.iter().filter(|r| r.semester.to_string() == semester) {
            let ilos: u64 = rows
                .iter()
                .filter(|r| &r[1] == report.host.as_str())
                .map(|r| r[5].parse::<u64>().unwrap())
                .sum();
            assert_eq!(ilos, report.total_ilos, "{}", report.key());
            assert!(ilos > 0);
        }
        // Member States in protocol order within a host: Germany (DE)
        // before Spain (ES) before France (FR).
        let morocco: Vec<&str> = rows
            .iter()
            .filter(|r| &r[1] == "MA")
            .map(|r| r.get(3).unwrap())
            .collect();
        let rank = |ms: &str| ilo_report::reference::countries::protocol_rank(ms);
        assert!(morocco.windows(2).all(|w| rank(w[0]) <= rank(w[1])), "{morocco:?}");
        // The same rows as JSON and in the workbook, the ILOs as numbers.
        let json: Vec<serde_json::Value> =
            serde_json::from_slice(&std::fs::read(out.join(format!("{semester}/postings.json"))).unwrap()).unwrap();
        assert_eq!(json.len(), rows.len());
        let mut wb = open_workbook_auto(out.join(format!("{semester}/postings.xlsx"))).unwrap();
        let sheet = wb.worksheet_range("Postings").unwrap();
        let sum: f64 = sheet.rows().skip(1).filter_map(|r| r[5].as_f64()).sum();
        let csv_sum: u64 = rows.iter().map(|r| r[5].parse::<u64>().unwrap()).sum();
        assert_eq!((sheet.height() - 1, sum), (rows.len(), csv_sum as f64));
    }
    let year = csv::Reader::from_path(out.join("annual/postings_2025.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(year, annual_rows, "the year's register holds both semesters");
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    for listed in [
        "2025-H2/postings.csv",
        "2025-H2/postings.xlsx",
        "annual/postings_2025.json",
    ] {
        assert!(manifest.contains(listed), "{listed}");
    }
}
