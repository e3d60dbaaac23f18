//! What leaves the building besides the PDFs: the annual summary as an
//! editable DOCX (read back with a reader crate and opened in LibreOffice),
//! and every chart of every document as SVG, PNG and caption file, listed
//! in the manifest and the same bytes on every build.

mod common;

use common::*;
use ilo_report::render::{style, view};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The sample built into a fresh folder; the folder and the output path.
fn built_sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (_, outcome) = build(&sample_data(), &out);
    assert!(outcome.failed.is_empty(), "{:?}", outcome.failed);
    (dir, out)
}

/// Every file under `out/*/charts/`, relative to `out`.
fn chart_files(out: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(out).unwrap() {
        let charts = dir.unwrap().path().join("charts");
        if charts.is_dir() {
            for f in std::fs::read_dir(&charts).unwrap() {
                let path = f.unwrap().path();
                files.push(path.strip_prefix(out).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    files.sort();
    files
}

/// The entries of a zip (a DOCX) by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entries = BTreeMap::new();
    for i in 0..archive.len() {
        let mut e = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        entries.insert(e.name().unwrap().to_string(), data);
    }
    entries
}

#[test]
fn every_chart_is_a_valid_svg_and_png_with_its_caption_listed_in_the_manifest() {
    let (_dir, out) = built_sample();
    let files = chart_files(&out);
    let svgs: Vec<&String> = files.iter().filter(|f| f.ends_with(".svg")).collect();
    // 8 reports with up to three main indicators, and the annual summary's
    // three charts by host.
    assert!(svgs.len() >= 11, "{files:?}");
    assert!(files.contains(&"annual/charts/annual-summary_2025_effective-returns.svg".to_string()));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let listed: BTreeMap<&str, &str> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["path"].as_str().unwrap(), o["sha256"].as_str().unwrap()))
        .collect();
    let mut pdf_texts: BTreeMap<PathBuf, String> = BTreeMap::new();
    for svg in svgs {
        let stem = svg.trim_end_matches(".svg");
        let bytes = std::fs::read(out.join(svg)).unwrap();
        let tree = usvg::Tree::from_data(&bytes, &usvg::Options::default()).unwrap_or_else(|e| panic!("{svg}: {e}"));
        assert!(tree.size().width() > 400.0 && tree.size().height() > 30.0, "{svg}");
        let png = std::fs::read(out.join(format!("{stem}.png"))).unwrap();
        let info = png::Decoder::new(std::io::Cursor::new(&png)).read_info().unwrap();
        assert_eq!(info.info().width, 1361, "{stem}.png");
        let caption = std::fs::read_to_string(out.join(format!("{stem}.txt"))).unwrap();
        let title = caption.lines().next().unwrap();
        let alt = caption.lines().nth(2).unwrap();
        assert!(alt.starts_with("Bar chart of "), "{caption}");
        let svg_text = String::from_utf8(bytes).unwrap();
        let escaped = quick_xml::escape::escape(title);
        assert!(svg_text.contains(&format!("<title>{escaped}</title>")), "{svg}");
        // The chart is the PDF's: its caption is in the document it is from
        // (`2025-H1/charts/PK_2025-H1_…` is from `2025-H1/PK_2025-H1.pdf`).
        let (folder, file) = stem.split_once("/charts/").unwrap();
        let pdf_path = std::fs::read_dir(out.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.extension().is_some_and(|e| e == "pdf")
                    && file.starts_with(&format!("{}_", p.file_stem().unwrap().to_str().unwrap()))
            })
            .unwrap_or_else(|| panic!("no PDF for {stem}"));
        let pdf = pdf_texts
            .entry(pdf_path.clone())
            .or_insert_with(|| pdf_text(&pdf_path).split_whitespace().collect::<Vec<_>>().join(" "));
        let flat_title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(pdf.contains(&flat_title), "{flat_title} not in the PDF of {stem}");
        for ext in ["svg", "png", "txt"] {
            let path = format!("{stem}.{ext}");
            let sha = ilo_report::ingest::sha256_hex(&std::fs::read(out.join(&path)).unwrap());
            assert_eq!(listed.get(path.as_str()), Some(&sha.as_str()), "{path} in the manifest");
        }
    }
}

#[test]
fn the_annual_summary_is_an_editable_document_with_the_tables_and_charts_of_the_pdf() {
    let (_dir, out) = built_sample();
    let bytes = std::fs::read(out.join("annual/annual-summary_2025.docx")).unwrap();
    let text = docx_text(&bytes);
    let lines: Vec<&str> = text.lines().collect();

    // The sections of the PDF, in its order.
    let headings = [
        "Coverage of the semester reports",
        "Development of the networks",
        "ILOs posted per host country",
        "Network activity",
        "Main developments per region",
        "Statistics per host country",
        "Human rights aspects",
    ];
    let at: Vec<usize> = headings
        .iter()
        .map(|h| {
            lines
                .iter()
                .position(|l| l == h)
                .unwrap_or_else(|| panic!("{h}:\n{text}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    assert!(
        lines.contains(&"Morocco | received | Poland | received | France"),
        "{text}"
    );

    // Every yearly figure of the summary's model is in the host's table.
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("annual/annual-summary_2025.json")).unwrap()).unwrap();
    let figures = model["figures"].as_array().unwrap();
    assert!(figures.len() > 20);
    for f in figures {
        let (h1, h2, year) = (&f["h1"], &f["h2"], f["year"].as_u64().unwrap());
        let cell = |v: &serde_json::Value| v.as_u64().map_or("–".to_string(), style::count);
        let row = format!(" | {} | {} | {} | ", cell(h1), cell(h2), style::count(year));
        assert!(text.contains(&row), "{row} ({f}) not in the DOCX");
    }

    // The charts: the PNG files, each with its figures in words as its
    // alternative text and an id of its own.
    let entries = unzip(&bytes);
    let document = String::from_utf8(entries["word/document.xml"].clone()).unwrap();
    let pngs: Vec<&Vec<u8>> = entries
        .iter()
        .filter(|(n, b)| n.starts_with("word/media/") && !b.is_empty())
        .map(|(_, b)| b)
        .collect();
    let charts: Vec<String> = chart_files(&out)
        .into_iter()
        .filter(|f| f.starts_with("annual/") && f.ends_with(".png"))
        .collect();
    assert_eq!(pngs.len(), charts.len());
    for chart in &charts {
        let png = std::fs::read(out.join(chart)).unwrap();
        assert!(pngs.contains(&&png), "{chart} not in the DOCX");
        let caption = std::fs::read_to_string(out.join(chart.replace(".png", ".txt"))).unwrap();
        let alt = caption.lines().nth(2).unwrap();
        let escaped = quick_xml::escape::escape(alt);
        assert!(document.contains(&format!("descr=\"{escaped}\"")), "{alt}");
    }
    for n in 1..=charts.len() {
        assert_eq!(document.matches(&format!("<wp:docPr id=\"{n}\" ")).count(), 1);
    }
    assert!(document.contains("<w:tblHeader />"));
    let core = String::from_utf8(entries["docProps/core.xml"].clone()).unwrap();
    assert!(core.contains("<dc:title>Factual summary on the development"), "{core}");
    assert!(core.contains("<dc:language>en</dc:language>"));
}

#[test]
fn the_drafters_files_are_the_same_bytes_on_every_build() {
    let (_a, first) = built_sample();
    let (_b, second) = built_sample();
    let mut files = chart_files(&first);
    files.push("annual/annual-summary_2025.docx".into());
    assert_eq!(
        files.iter().filter(|f| f.ends_with(".svg")).count() * 3 + 1,
        files.len()
    );
    for f in files {
        assert!(
            std::fs::read(first.join(&f)).unwrap() == std::fs::read(second.join(&f)).unwrap(),
            "{f} differs between two builds"
        );
    }

    // Also when one thread writes the summary twice (as a long-running
    // desk does): nothing carries over from the first document.
    let analysis = analyse(&sample_data());
    let reports: Vec<_> = analysis.reports.iter().collect();
    let format = ilo_report::format::FormatDef::builtin();
    let summary = ilo_report::normalise::annual::summarise(format, 2025, &reports, "en", None);
    let presentation = view::Presentation::new(format, Default::default());
    // With a marking and the draft mark: in the header and the footer.
    let annual = view::annual_view(&presentation, &summary, Some("LIMITE"), true);
    let date = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let once = ilo_report::render::docx::annual(&annual, &[], date).unwrap();
    let again = ilo_report::render::docx::annual(&annual, &[], date).unwrap();
    assert!(once == again, "the DOCX differs when written twice by one thread");
}

#[test]
#[cfg_attr(
    not(has_soffice),
    ignore = "LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui where it can"
)]
fn libreoffice_opens_the_editable_summary() {
    let (dir, out) = built_sample();
    let converted = dir.path().join("converted");
    let profile = dir.path().join("profile");
    let status = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&converted)
        .arg(out.join("annual/annual-summary_2025.docx"))
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let text = pdf_text(&converted.join("annual-summary_2025.pdf"));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Factual summary on the development of the immigration liaison officers networks",
        "From the Commission to the European Parliament and the Council — 2025",
        "Coverage of the semester reports",
        "Statistics per host country",
        "Human rights aspects",
    ] {
        assert!(
            flat.contains(expected),
            "{expected} not in LibreOffice's rendering:\n{flat}"
        );
    }
    assert!(flat.contains("Total 66 57 −9"), "{flat}");
}

#[test]
fn the_editable_summary_is_in_the_report_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let options = ilo_report::pipeline::Options {
        inbox: sample_data(),
        report: ilo_report::normalise::ReportOptions {
            language: ilo_report::reference::Lang::Fr,
            ..Default::default()
        },
        ..Default::default()
    };
    let (_, outcome) = build_with(options, &out);
    assert!(outcome.failed.is_empty(), "{:?}", outcome.failed);
    let bytes = std::fs::read(out.join("annual/annual-summary_2025.docx")).unwrap();
    let text = docx_text(&bytes);
    for expected in [
        "Résumé factuel sur le développement des réseaux d'officiers de liaison",
        "De la Commission au Parlement européen et au Conseil — 2025",
        "Couverture des rapports semestriels",
        "Maroc | reçu | Pologne | reçu | France",
        // The PDF's caption, with Typst's French separator.
        "Graphique 1. – Migrants en situation irrégulière interceptés",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    let pdf = pdf_text(&out.join("annual/annual-summary_2025.pdf"));
    assert!(pdf.contains("Graphique 1. – Migrants"));
    let core = String::from_utf8(unzip(&bytes)["docProps/core.xml"].clone()).unwrap();
    assert!(core.contains("<dc:language>fr</dc:language>"));
    let caption = std::fs::read_to_string(out.join("annual/charts/annual-summary_2025_effective-returns.txt")).unwrap();
    assert!(
        caption.starts_with("Personnes effectivement renvoyées — principaux pays d'accueil\n"),
        "{caption}"
    );
}

#[test]
fn a_chart_that_cannot_be_made_does_not_hold_back_the_documents() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("chart.typ"),
        "#let data = json(\"/data.json\")\n#data.no_such_field\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let options = ilo_report::pipeline::Options {
        inbox: sample_data(),
        templates: Some(templates),
        ..Default::default()
    };
    let (_, outcome) = build_with(options, &out);
    assert!(out.join("2025-H2/MA_2025-H2.pdf").is_file());
    assert!(out.join("annual/annual-summary_2025.pdf").is_file());
    assert!(chart_files(&out).is_empty());
    assert!(!out.join("annual/annual-summary_2025.docx").exists());
    let failed: Vec<&str> = outcome.failed.iter().map(|(name, _)| name.as_str()).collect();
    assert!(failed.contains(&"MA_2025-H2 (charts, editable document)"), "{failed:?}");
    assert!(
        failed.contains(&"annual-2025 (charts, editable document)"),
        "{failed:?}"
    );
    assert!(
        outcome.failed.iter().all(|(_, why)| why.contains("no_such_field")),
        "{:?}",
        outcome.failed
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("2025-H2/MA_2025-H2.pdf") && !manifest.contains("/charts/"));
}
