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
                "No information was submitted on II.2, II.3, II.4",
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
                "Zu den Punkten II.2, II.3",
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
        // Top and bottom of every page, and under the number on the
        // Council's first page.
        assert_eq!(
            page.matches("RESTREINT UE/EU RESTRICTED").count(),
            if i == 0 { 3 } else { 2 },
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
    // (100 + 5) + (50 + 5) = 160 against 80 + 5 = 85: +88.2 %.
    assert!(
        text.contains("Persons found to be illegally present (persons) 105 55 160 85 +88.2 %"),
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
            "#council-cover(data)",
            "#council-cover(data)\nSecretariat of the Council Presidency",
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

/// A Member State's text on a section of Morocco's 2025-H2 report, as a
/// CSV file of its own.
fn narrative_csv(inbox: &Path, ms: &str, section: &str, text: &str) {
    write(
        &inbox.join(format!("{ms}_MA_2025-H2_narrative.csv")),
        &format!("member_state,host,semester,section,text\n{ms},MA,2025-H2,{section},{text}\n"),
    );
}

/// The text of the annex of changes after its heading (the last one: the
/// contents name it first), up to the next annex.
fn changes_annex(text: &str) -> &str {
    let heading = " — Changes since the previous version";
    let start = text
        .rfind(heading)
        .unwrap_or_else(|| panic!("no annex of changes in {text}"));
    let rest = &text[start + heading.len()..];
    let end = rest
        .find(" — Sources: submissions received")
        .and_then(|end| rest[..end].rfind("Annex "))
        .unwrap_or(rest.len());
    rest[..end].trim()
}

#[test]
fn a_revision_is_numbered_and_lists_exactly_what_changed_since_the_version_transmitted() {
    let (dir, inbox) = setup();
    morocco(&inbox, "2025-H2", 120.0, &[]);
    narrative_csv(&inbox, "ES", "I.3", "Weekly exchanges on document fraud.");
    narrative_csv(&inbox, "IT", "I.3", "Joint checks at the port of Tanger Med.");
    write(
        &inbox.join("MA_2025-H2.drafting.md"),
        "# I.3\n\nThe network met weekly.\n",
    );
    let out = dir.path().join("out");
    let options = |revision: u32, draft: bool| Options {
        inbox: inbox.clone(),
        draft,
        report: ReportOptions {
            document_numbers: [("MA_2025-H2".to_string(), "14860/25".to_string())].into(),
            revision,
            ..Default::default()
        },
        ..Default::default()
    };
    let version = |n: u32| out.join(format!("2025-H2/versions/MA_2025-H2_rev{n}.json"));

    // The original is kept as transmitted: the report's JSON, listed in
    // the manifest.
    build_with(options(0, false), &out);
    let original = std::fs::read(out.join("2025-H2/MA_2025-H2.json")).unwrap();
    assert_eq!(std::fs::read(version(0)).unwrap(), original);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert!(
        manifest["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["path"] == "2025-H2/versions/MA_2025-H2_rev0.json"),
        "{manifest}"
    );
    let first = pdf_pages(&out.join("2025-H2/MA_2025-H2.pdf"));
    assert!(
        first[0].contains("14860/25") && !first[0].contains("REV"),
        "{}",
        first[0]
    );
    assert!(!pdf_text(&out.join("2025-H2/MA_2025-H2.pdf")).contains("Changes since the previous version"));

    // Corrections: France's figure for Moroccans 120 → 130 (Senegalese 5
    // unchanged), Spain's text rewritten, Italy's file withdrawn, the
    // Netherlands' added, the synthesis of I.3 corrected.
    morocco(&inbox, "2025-H2", 130.0, &[]);
    narrative_csv(
        &inbox,
        "ES",
        "I.3",
        "Weekly exchanges on document fraud and forged visas.",
    );
    std::fs::remove_file(inbox.join("IT_MA_2025-H2_narrative.csv")).unwrap();
    narrative_csv(&inbox, "NL", "II.5", "An incident at the port of Tanger Med.");
    write(
        &inbox.join("MA_2025-H2.drafting.md"),
        "# I.3\n\nThe network met every week.\n",
    );
    let (analysis, _) = build_with(options(1, false), &out);
    assert!(diags(&analysis, "no-previous-version").is_empty());
    let pdf = out.join("2025-H2/MA_2025-H2.pdf");
    let pages = pdf_pages(&pdf);
    assert!(pages[0].contains("14860/1/25 REV 1"), "{}", pages[0]);
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("14860/1/25 REV 1 "),
            "the footer of page {}: {page}",
            i + 1
        );
    }
    let sha = |name: &str| ilo_report::ingest::sha256_hex(&std::fs::read(inbox.join(name)).unwrap())[..8].to_string();
    let report: serde_json::Value = serde_json::from_slice(&original).unwrap();
    let old_sha = |ms: &str| {
        report["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["member_state"] == ms)
            .unwrap()["files"][0]["sha256"]
            .as_str()
            .unwrap()[..8]
            .to_string()
    };
    let text = pdf_text(&pdf);
    assert_eq!(
        changes_annex(&text),
        format!(
            "Compared with the version transmitted before: 14860/25. \
             Figures Indicator Member State Citizenship Previous version This version \
             Persons found to be illegally present France Morocco 120 130 \
             Texts Section Changed Added Removed \
             I.3 Exchange of information and practical experience Synthesis (drafting Member State), Spain Italy \
             II.5 Incidents and events that may change the flows Netherlands \
             Submissions Member State Change Previous version This version \
             Spain replaced ES_MA_2025-H2_narrative.csv ({es0}…) ES_MA_2025-H2_narrative.csv ({es1}…) \
             France replaced FR_MA_2025-H2.xlsx ({fr0}…) FR_MA_2025-H2.xlsx ({fr1}…) \
             Italy withdrawn IT_MA_2025-H2_narrative.csv ({it0}…) \
             Netherlands added NL_MA_2025-H2_narrative.csv ({nl1}…)",
            fr0 = old_sha("FR"),
            fr1 = sha("FR_MA_2025-H2.xlsx"),
            es0 = old_sha("ES"),
            es1 = sha("ES_MA_2025-H2_narrative.csv"),
            it0 = old_sha("IT"),
            nl1 = sha("NL_MA_2025-H2_narrative.csv"),
        )
    );
    assert!(version(1).exists() && version(0).exists());

    // Revision 2 is compared with the highest revision kept below it.
    build_with(options(2, false), &out);
    assert_eq!(
        changes_annex(&pdf_text(&pdf)),
        "Compared with the version transmitted before: 14860/1/25 REV 1. \
         No figure, text or submission has changed."
    );

    // A draft is compared all the same, but never kept as a version.
    write(
        &inbox.join("DE_MA_2025-H2_statistics.csv"),
        "member_state,host,semester,indicator,value\nDE,MA,2025-H2,return-decisions,12O\n",
    );
    let (analysis, outcome) = build_with(options(3, true), &out);
    assert!(!analysis.validation.diagnostics.iter().all(|d| !d.is_error()));
    assert!(outcome.rendered.iter().any(|r| r == "MA_2025-H2"));
    assert!(pdf_text(&pdf).contains("DRAFT"));
    assert!(
        changes_annex(&pdf_text(&pdf)).starts_with("Compared with the version transmitted before: 14860/2/25 REV 2.")
    );
    assert!(!version(3).exists());

    // Without an earlier version in the output folder, the revision is
    // built with a warning saying where it is expected, and the annex says
    // so.
    std::fs::remove_file(inbox.join("DE_MA_2025-H2_statistics.csv")).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    let (analysis, _) = build_with(options(1, false), &elsewhere);
    let missing = diags(&analysis, "no-previous-version");
    assert_eq!(missing.len(), 1, "{}", analysis.validation.to_text());
    assert_eq!(missing[0].severity, ilo_report::diagnostics::Severity::Warning);
    assert_eq!(
        missing[0].report.as_ref().map(ToString::to_string).as_deref(),
        Some("MA_2025-H2")
    );
    let expected = elsewhere.join("2025-H2/versions/MA_2025-H2_rev0.json");
    assert_eq!(
        missing[0].expected.as_deref(),
        Some(expected.display().to_string().as_str())
    );
    assert!(missing[0].hint.contains("copy its JSON"), "{}", missing[0].hint);
    assert_eq!(
        changes_annex(&pdf_text(&elsewhere.join("2025-H2/MA_2025-H2.pdf"))),
        "The version transmitted before is not available to this build: the changes since it are not listed."
    );
    assert!(elsewhere.join("2025-H2/versions/MA_2025-H2_rev1.json").exists());
}

/// The sample's reports built once into a temporary folder (the sample has
/// a drafting text for MA_2025-H2 only).
fn sample_build() -> (tempfile::TempDir, ilo_report::pipeline::Analysis) {
    let dir = tempfile::tempdir().unwrap();
    let (analysis, _) = build(&sample_data(), &dir.path().join("out"));
    (dir, analysis)
}

/// How often `needle` occurs in `text`.
fn occurrences(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

#[test]
fn a_drawn_up_report_is_a_council_document_with_the_synthesis_in_its_body() {
    let (dir, analysis) = sample_build();
    let pages = pdf_pages(&dir.path().join("out/2025-H2/MA_2025-H2.pdf"));
    let text = pages.join(" ");
    let first = &pages[0];
    // The Council's first page, in the order a reader looks for it.
    let cover = [
        "COUNCIL OF THE EUROPEAN UNION",
        "Brussels, 31 December 2025",
        "(OR. en)",
        "_____/25",
        "LIMITE",
        "MIGR FRONT COMIX",
        "NOTE",
        "From: France, on behalf of the Presidency",
        "To: Delegations",
        "Subject: Report on the activities of the immigration liaison officers network",
    ];
    let mut at = 0;
    for field in cover {
        let found = first[at..].find(field).map(|i| i + at);
        assert!(found.is_some(), "page 1 has {field:?} after position {at}: {first}");
        at = found.unwrap_or(at);
    }
    assert_eq!(
        occurrences(
            &text,
            "Report on the activities of the immigration liaison officers network"
        ),
        1,
        "the title once"
    );
    // The footer on every page: number, page, directorate, marking, language.
    for (i, page) in pages.iter().enumerate() {
        let footer = format!("_____/25 page {} of {} JAI.1 LIMITE EN", i + 1, pages.len());
        assert!(
            page.contains(&footer),
            "page {} has the footer {footer:?}: {page}",
            i + 1
        );
    }
    // Drawn up: no compilation box; the summary, the synthesis, the
    // conclusions in the body, then the contributions in Annex I.
    assert!(!text.contains("Compilation of contributions"), "{text}");
    let order = [
        "Executive summary The local ILO network in Morocco met regularly",
        "II.3 Modus operandi All contributions describe the same shift",
        "Conclusions and recommendations Recommendations to the Member States 1. Train consular staff",
        "Annex I — Contributions of the Member States",
        "Annex II — Sources: submissions received",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|t| text.rfind(t).unwrap_or_else(|| panic!("the report has {t:?}: {text}")))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "in order {order:?}: {positions:?}"
    );
    let annex = positions[3];
    // The contributions only in the annex; each section of the body says
    // whose they are; six identical texts printed once, with all six.
    let identical = "Belgium, Germany, Spain, France, Italy, Poland: Smugglers increasingly use genuine visas";
    assert_eq!(occurrences(&text, identical), 1, "{text}");
    assert!(text.find(identical).unwrap() > annex);
    assert!(
        text[..annex].contains("Contributions of Belgium, Germany, Spain, France, Italy and Poland: see Annex I."),
        "{text}"
    );
    assert_eq!(occurrences(&text, "Smugglers increasingly use genuine visas"), 1);
    // Noise gone: one line for the empty sections, the supplementary
    // mark explained once, no checksums in the sources.
    // One line per part: I.9 in Part I, II.10 in Part II.
    assert_eq!(occurrences(&text, "No information was submitted on"), 2, "{text}");
    assert!(text.contains("No information was submitted on I.9."), "{text}");
    assert!(
        !text.contains("No information was submitted."),
        "no bare line per section"
    );
    assert_eq!(occurrences(&text, "Supplementary item"), 1, "{text}");
    assert!(!text.contains("SHA-256"), "checksums stay in the manifest");
    let sources = &text[positions[4]..];
    assert!(sources.contains("Member State Files Drafted on Received"), "{sources}");
    // No repealed act cited; the voluntary structure said once.
    assert!(!text.contains("Article 6 of Council Regulation"), "{first}");
    assert_eq!(
        occurrences(
            &text,
            "follows the structure of former Commission Decision 2005/687/EC voluntarily"
        ),
        1
    );
    // The drafted report has no compilation warning; the others have one.
    let compilations: Vec<String> = diags(&analysis, "no-drafting-text")
        .iter()
        .filter_map(|d| d.report.as_ref().map(ToString::to_string))
        .collect();
    assert_eq!(compilations.len(), 7, "{compilations:?}");
    assert!(!compilations.iter().any(|c| c == "MA_2025-H2"));
}

#[test]
fn a_report_without_a_drafting_text_says_on_its_cover_that_it_is_a_compilation() {
    let (dir, _) = sample_build();
    let pages = pdf_pages(&dir.path().join("out/2025-H2/PK_2025-H2.pdf"));
    assert!(
        pages[0].contains("Compilation of contributions — no synthesis yet."),
        "{}",
        pages[0]
    );
    let text = pages.join(" ");
    assert!(
        !text.contains("Contributions of the Member States"),
        "no annex: in the body"
    );
    assert!(text.contains("Annex I — Sources: submissions received"));
    // The contributions in the body, each attributed once at its start.
    let start = text.rfind("II.3 Modus operandi").unwrap();
    let modus = &text[start..start + text[start..].find("II.4 Criminal").unwrap()];
    assert!(
        modus.contains("Belgium, France, Italy: Smugglers increasingly use"),
        "{modus}"
    );
}

#[test]
fn the_council_page_speaks_the_report_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let sample = sample_data();
    for (lang, expected) in [
        (
            "fr",
            [
                "CONSEIL DE L'UNION EUROPÉENNE",
                "Bruxelles, le 31 décembre 2025",
                "(OR. fr)",
                "Origine : France, au nom de la présidence",
                "Destinataire : Délégations",
                "Annexe I — Contributions des États membres",
            ],
        ),
        (
            "de",
            [
                "RAT DER EUROPÄISCHEN UNION",
                "Brüssel, den 31. Dezember 2025",
                "(OR. de)",
                "Absender: Frankreich im Namen des Vorsitzes",
                "Empfänger: Delegationen",
                "Anhang I — Beiträge der Mitgliedstaaten",
            ],
        ),
    ] {
        let done = run(&[
            "build",
            sample.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--hosts",
            "MA",
            "--semester",
            "2025-H2",
            "--lang",
            lang,
            "--quiet",
        ]);
        assert_eq!(done.status.code(), Some(0), "{}", String::from_utf8_lossy(&done.stderr));
        let text = pdf_text(&out.join("2025-H2/MA_2025-H2.pdf"));
        for e in expected {
            assert!(text.contains(e), "{lang}: {e:?} in {text}");
        }
        let footer = format!("JAI.1 LIMITE {}", lang.to_uppercase());
        assert!(text.contains(&footer), "{lang}: {footer}");
    }
}

#[test]
fn a_report_of_a_semester_in_the_legal_basis_cites_the_act_with_its_date_and_title() {
    let (dir, inbox) = setup();
    write(
        &inbox.join("FR_MA_2015-H1_narrative.csv"),
        "member_state,host,semester,section,text\nFR,MA,2015-H1,II.3,Boats leave at night.\n",
    );
    let out = dir.path().join("out");
    let (analysis, _) = build(&inbox, &out);
    assert!(diags(&analysis, "outside-legal-basis").is_empty());
    let first = &pdf_pages(&out.join("2015-H1/MA_2015-H1.pdf"))[0];
    assert!(
        first.contains(
            "Article 6 of Council Regulation (EC) No 377/2004 of 19 February 2004 on the creation of an immigration liaison officers network, as amended by Regulation (EU) No 493/2011 of the European Parliament and of the Council of 5 April 2011; format laid down by Commission Decision 2005/687/EC of 29 September 2005"
        ),
        "{first}"
    );
    assert!(!first.contains("voluntarily"), "{first}");
    // 2015-H1: the Latvian Presidency, which has no ILO there; France
    // sent the only submission.
    assert!(first.contains("COUNCIL OF THE EUROPEAN UNION"));
}

#[test]
fn document_numbers_are_printed_on_the_first_page_and_in_every_footer() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let numbers = dir.path().join("numbers.csv");
    write(&numbers, "report;number\nPK_2025-H2;15002/25\n");
    let sample = sample_data();
    let done = run(&[
        "build",
        sample.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--semester",
        "2025-H2",
        "--document-number",
        "MA_2025-H2=14860/25",
        "--document-numbers",
        numbers.to_str().unwrap(),
        "--to",
        "Working Party on Frontiers",
        "--quiet",
    ]);
    assert_eq!(done.status.code(), Some(0), "{}", String::from_utf8_lossy(&done.stderr));
    for (report, number) in [("MA_2025-H2", "14860/25"), ("PK_2025-H2", "15002/25")] {
        let pages = pdf_pages(&out.join(format!("2025-H2/{report}.pdf")));
        assert!(
            pages[0].contains(&format!("{number} LIMITE MIGR FRONT COMIX")),
            "{}",
            pages[0]
        );
        assert!(pages[0].contains("To: Working Party on Frontiers"), "{}", pages[0]);
        for (i, page) in pages.iter().enumerate() {
            assert!(
                page.contains(&format!("{number} page {} of", i + 1)),
                "{report} page {}",
                i + 1
            );
        }
    }
    assert!(pdf_text(&out.join("2025-H2/SN_2025-H2.pdf")).contains("_____/25"));
    // A number that is none, and a bare number for a run of several
    // reports, are usage errors.
    for wrong in [
        &["--document-number", "MA_2025-H2=twelve"][..],
        &["--document-number", "14860/25"][..],
    ] {
        let mut args = vec![
            "build",
            sample.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ];
        args.extend_from_slice(wrong);
        assert_eq!(run(&args).status.code(), Some(2), "{wrong:?}");
    }
}

#[test]
fn the_drafting_skeleton_quotes_the_contributions_and_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let skeleton = dir.path().join("MA_2025-H2.drafting.md");
    let sample = sample_data();
    let args = [
        "template",
        "--drafting",
        "--host",
        "MA",
        "--semester",
        "2025-H2",
        "--inbox",
        sample.to_str().unwrap(),
        "--out",
        skeleton.to_str().unwrap(),
    ];
    let done = run(&args);
    assert_eq!(done.status.code(), Some(0), "{}", String::from_utf8_lossy(&done.stderr));
    let text = std::fs::read_to_string(&skeleton).unwrap();
    for heading in [
        "# Executive summary",
        "# I.1 Composition of the network",
        "# II.3 Modus operandi",
        "# Statistics",
        "# Conclusions and recommendations",
    ] {
        assert!(text.contains(&format!("\n{heading}\n")), "{heading}: {text}");
    }
    let modus = &text[text.find("# II.3").unwrap()..text.find("# II.4").unwrap()];
    assert!(modus.contains("<!-- Contributions:"), "{modus}");
    assert!(
        modus.contains("PL: Smugglers increasingly use genuine visas"),
        "{modus}"
    );
    // Nothing written in yet: the report stays a compilation.
    let (drafting, problems) = ilo_report::normalise::drafting::parse(
        ilo_report::format::FormatDef::builtin(),
        &text,
        "MA_2025-H2.drafting.md",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert!(drafting.is_empty());
    // A second run does not overwrite the drafter's file.
    std::fs::write(&skeleton, "# II.3\nMy synthesis.\n").unwrap();
    assert_eq!(run(&args).status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&skeleton).unwrap(), "# II.3\nMy synthesis.\n");
}

#[test]
fn a_drafting_text_with_a_heading_the_report_lacks_is_an_error_at_its_line() {
    let (dir, inbox) = setup();
    write(
        &inbox.join("FR_MA_2025-H2_narrative.csv"),
        "member_state,host,semester,section,text\nFR,MA,2025-H2,II.3,Boats leave at night.\n",
    );
    write(
        &inbox.join("drafting/MA_2025-H2.drafting.md"),
        "# II.3\nThe network agrees.\n\n# Weather\nSunny.\n",
    );
    write(
        &inbox.join("SN_2025-H2.drafting.md"),
        "# II.3\nNo report for this one.\n",
    );
    let (analysis, outcome) = build(&inbox, &dir.path().join("out"));
    let mut problems: Vec<(String, Option<String>, String)> = diags(&analysis, "drafting-text")
        .iter()
        .map(|d| (d.file.clone(), d.cell.clone(), format!("{:?}", d.severity)))
        .collect();
    problems.sort();
    assert_eq!(
        problems,
        [
            ("inbox/SN_2025-H2.drafting.md".to_string(), None, "Warning".to_string()),
            (
                "inbox/drafting/MA_2025-H2.drafting.md".to_string(),
                Some("A4".to_string()),
                "Error".to_string()
            ),
        ]
    );
    assert!(
        outcome.blocked.iter().any(|k| *k == "MA_2025-H2"),
        "the text would be lost"
    );
}
