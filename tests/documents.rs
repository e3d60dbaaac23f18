//! The PDFs as they leave the building: languages, markings and page
//! numbers on every page, archival and accessibility identification,
//! year-on-year change, the drafters' Markdown, every country's name.

mod common;

use common::*;
use ilo_report::normalise::ReportOptions;
use ilo_report::pipeline::Options;
use ilo_report::reference::Lang;
use std::path::Path;

fn morocco(inbox: &Path, semester: &'static str, value: f64, extra: &[(&'static str, &'static str)]) {
    let name = format!("FR_MA_{semester}.xlsx");
    let mut fields = vec![
        (
            "drafted_on",
            if semester.ends_with("H1") {
                "2025-06-20"
            } else {
                "2025-12-09"
            },
        ),
        ("acting_for_presidency", "yes"),
    ];
    fields.extend_from_slice(extra);
    let year: &'static str = &semester[..4];
    let fields: Vec<(&'static str, &'static str)> = fields
        .into_iter()
        .map(|(k, v)| {
            if k == "drafted_on" {
                (k, if year == "2024" { "2024-12-09" } else { v })
            } else {
                (k, v)
            }
        })
        .collect();
    xlsx(
        &inbox.join(name),
        &[
            submission_sheet("FR", "MA", semester, &fields),
            (
                "Postings",
                vec![
                    header(&["member_state", "ilos", "posted_at"]),
                    vec![T("FR"), N(2.0), T("Rabat")],
                ],
            ),
            (
                "Meetings",
                vec![
                    header(&["date", "chair"]),
                    vec![
                        D(year.parse().unwrap(), if semester.ends_with("H1") { 3 } else { 10 }, 9),
                        T("FR"),
                    ],
                ],
            ),
            (
                "Narrative",
                vec![
                    header(&["section", "text"]),
                    vec![
                        T("II.1"),
                        T("Flows. Names: Ελλάδα, Česko, Türkiye, Côte d'Ivoire, Ísland, Sénégal."),
                    ],
                ],
            ),
            (
                "Statistics",
                vec![
                    header(&["indicator", "citizenship", "value"]),
                    vec![T("illegal-stay-detections"), T("MA"), N(value)],
                    vec![T("illegal-stay-detections"), T("SN"), N(5.0)],
                ],
            ),
        ],
    );
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    (dir, inbox)
}

#[test]
fn figures_dates_and_labels_follow_the_report_language() {
    let (dir, inbox) = setup();
    morocco(&inbox, "2025-H2", 12345.5 - 0.5, &[]);
    for (lang, expect) in [
        (
            Lang::En,
            [
                "Host country Morocco",
                "Date 31 December 2025",
                "Morocco 12 345 1",
                "9.10.2025",
                "II.3 Modus operandi",
            ],
        ),
        (
            Lang::Fr,
            [
                "Pays d'accueil Maroc",
                "Date 31 décembre 2025",
                "Maroc 12 345 1",
                "9.10.2025",
                "II.1 Flux d'immigrants clandestins",
            ],
        ),
        (
            Lang::De,
            [
                "Gastland Marokko",
                "Datum 31. Dezember 2025",
                "Marokko 12 345 1",
                "9.10.2025",
                "II.2 Routen",
            ],
        ),
    ] {
        let out = dir.path().join(lang.code());
        let options = Options {
            inbox: inbox.clone(),
            report: ReportOptions {
                language: lang,
                ..Default::default()
            },
            ..Default::default()
        };
        build_with(options, &out);
        let text = pdf_text(&out.join("2025-H2/MA_2025-H2.pdf"));
        for e in expect {
            assert!(text.contains(e), "{}: {e:?} missing in {text}", lang.code());
        }
    }
    assert_eq!(ilo_report::render::style::decimal(12.5, Lang::Fr), "12,5");
    assert_eq!(
        ilo_report::render::style::change(150, 100, Lang::De).as_deref(),
        Some("+50,0\u{a0}%")
    );
}

#[test]
fn marking_and_page_numbers_on_every_page_and_archival_metadata() {
    let (dir, inbox) = setup();
    morocco(
        &inbox,
        "2025-H2",
        10.0,
        &[("classification", "RESTREINT UE/EU RESTRICTED")],
    );
    let out = dir.path().join("out");
    build(&inbox, &out);
    let pdf = out.join("2025-H2/MA_2025-H2.pdf");
    let pages = pdf_pages(&pdf);
    assert!(pages.len() >= 2);
    for (i, page) in pages.iter().enumerate() {
        assert_eq!(
            page.matches("RESTREINT UE/EU RESTRICTED").count(),
            2,
            "page {}: {page}",
            i + 1
        );
        assert!(
            page.contains(&format!("page {} of {}", i + 1, pages.len())),
            "page {}",
            i + 1
        );
        assert!(
            page.contains("Morocco · second semester 2025"),
            "running header on page {}",
            i + 1
        );
    }
    // The catalog and the XMP metadata, read through the PDF's object
    // streams: archival (PDF/A-2b) and accessibility (PDF/UA-1)
    // identification, language, tags, title.
    let document = lopdf::Document::load(&pdf).unwrap();
    let catalog = document.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en");
    assert!(catalog.get(b"MarkInfo").is_ok(), "tagged PDF");
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "structure tree");
    let metadata = document
        .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap()
        .get_plain_content()
        .unwrap();
    let xmp = String::from_utf8_lossy(&metadata);
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>") && xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"));
    assert!(xmp.contains("Report on the activities of the immigration liaison officers network"));
    let header = std::fs::read(&pdf).unwrap();
    assert!(header.starts_with(b"%PDF-1.7\n%"), "PDF 1.7 with a binary comment");
    assert!(header[10..14].iter().all(|b| *b >= 128), "PDF/A's binary comment");
    // The names of every alphabet print (a missing glyph would have failed the export).
    assert!(
        pages
            .join(" ")
            .contains("Ελλάδα, Česko, Türkiye, Côte d'Ivoire, Ísland, Sénégal.")
    );
}

#[test]
fn a_character_no_font_has_fails_that_report_only() {
    let (dir, inbox) = setup();
    morocco(&inbox, "2025-H2", 10.0, &[]);
    xlsx(
        &inbox.join("FR_SN_2025-H2.xlsx"),
        &[
            submission_sheet("FR", "SN", "2025-H2", &[("acting_for_presidency", "yes")]),
            (
                "Narrative",
                vec![header(&["section", "text"]), vec![T("II.1"), T("漢字")]],
            ),
        ],
    );
    let out = dir.path().join("out");
    let (_, outcome) = build(&inbox, &out);
    assert_eq!(outcome.failed.len(), 1);
    assert_eq!(outcome.failed[0].0, "SN_2025-H2");
    assert!(
        outcome.failed[0].1.contains("could not be displayed"),
        "{}",
        outcome.failed[0].1
    );
    assert!(out.join("2025-H2/MA_2025-H2.pdf").is_file());
    assert!(!out.join("2025-H2/SN_2025-H2.pdf").exists());
}

#[test]
fn annual_summary_with_previous_year_change_and_drafters_markdown() {
    let (dir, inbox) = setup();
    morocco(&inbox, "2025-H1", 100.0, &[]);
    morocco(&inbox, "2025-H2", 50.0, &[]);
    std::fs::write(
        inbox.join("annual-2025.md"),
        "# Recommendations\n\nThe networks should share **more** figures; issue #12 of the *Steering Board* stays open.\n\n- first point\n- second point\n",
    )
    .unwrap();
    // The previous year comes from an earlier run's output.
    let earlier_inbox = dir.path().join("inbox-2024");
    std::fs::create_dir_all(&earlier_inbox).unwrap();
    morocco(&earlier_inbox, "2024-H2", 80.0, &[]);
    let earlier = dir.path().join("out-2024");
    build(&earlier_inbox, &earlier);
    let out = dir.path().join("out");
    build_with(
        Options {
            inbox: inbox.clone(),
            previous: vec![earlier],
            ..Default::default()
        },
        &out,
    );
    let text = pdf_text(&out.join("annual/annual-summary_2025.pdf"));
    // (100 + 5) + (50 + 5) = 160 against 80 + 5 = 85: +88.2%.
    assert!(
        text.contains("Persons found to be illegally present (persons) 105 55 160 85 +88.2%"),
        "{text}"
    );
    assert!(
        text.contains(
            "Coverage of the semester reports Host country January–June Drafted by July–December Drafted by Morocco received France received France"
        ),
        "{text}"
    );
    assert!(
        text.contains("The networks should share more figures; issue #12 of the Steering Board stays open."),
        "{text}"
    );
    assert!(text.contains("first point") && text.contains("second point"));
    assert!(text.contains("North Africa"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("annual/annual-summary_2025.json")).unwrap()).unwrap();
    let fig = json["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["indicator"] == "illegal-stay-detections")
        .unwrap();
    assert_eq!(
        (fig["year"].as_u64(), fig["previous_year"].as_u64()),
        (Some(160), Some(85))
    );
}

#[test]
fn templates_can_be_replaced_file_by_file() {
    let (dir, inbox) = setup();
    morocco(&inbox, "2025-H2", 10.0, &[]);
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let original =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates/semester.typ")).unwrap();
    std::fs::write(
        templates.join("semester.typ"),
        original.replace(
            "#title-block(data)",
            "#title-block(data)\nSecretariat of the Council Presidency",
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    build_with(
        Options {
            inbox,
            templates: Some(templates),
            ..Default::default()
        },
        &out,
    );
    assert!(pdf_text(&out.join("2025-H2/MA_2025-H2.pdf")).contains("Secretariat of the Council Presidency"));
}

#[test]
fn long_tables_repeat_their_header_with_a_continued_caption() {
    let (dir, inbox) = setup();
    let mut postings = vec![header(&["member_state", "ilos", "posted_at"])];
    for i in 0..90 {
        postings.push(vec![T("FR"), N(1.0), S(format!("Post {i:02}"))]);
    }
    xlsx(
        &inbox.join("FR_MA_2025-H1.xlsx"),
        &[submission_sheet("FR", "MA", "2025-H1", &[]), ("Postings", postings)],
    );
    let out = dir.path().join("out");
    build(&inbox, &out);
    let pages = pdf_pages(&out.join("2025-H1/MA_2025-H1.pdf"));
    let first = pages.iter().position(|p| p.contains("Post 00")).unwrap();
    assert!(!pages[first].contains("(continued)"));
    let next = &pages[first + 1];
    assert!(
        next.contains("Composition of the network (continued) Member State ILOs Place of posting"),
        "{next}"
    );
    assert!(pages.iter().any(|p| p.contains("Post 89")));
}
