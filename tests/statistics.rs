//! Figures are never lost between the model, the PDF and the statistical
//! annex: on a generated EU-scale inbox (27 Member States, each with its own
//! long tail of citizenships), every indicator's total is the same in the
//! report's JSON, in the PDF's total row and in the annex workbook's sums.

mod common;

use calamine::{Data, DataType, Reader, open_workbook_auto};
use common::*;
use ilo_report::format::{BreakdownKind, FormatDef, Scope};
use ilo_report::model::{IndicatorTable, SemesterReport};
use ilo_report::reference::Lang;
use ilo_report::render::style::{self, count};
use std::collections::BTreeSet;

/// The total row the PDF must print for an indicator, computed from the
/// model independently of the view: per breakdown column (catalogue order)
/// its sum where the columns are shown, then by how the breakdowns add up
/// the total (partition), the acceptance rate (subset) or the persons
/// counted once (multi-count grounds), and the number of Member States
/// reporting.
fn expected_total_row(format: &FormatDef, t: &IndicatorTable) -> String {
    let ind = format.indicator(&t.indicator).expect("a catalogue indicator");
    let mut cells = vec!["Total".to_string()];
    let has_citizenships = ind.by_citizenship || t.rows.iter().any(|r| r.citizenship.is_some());
    let mut columns: Vec<Option<String>> = ind.breakdowns.iter().cloned().map(Some).collect();
    for r in &t.rows {
        if !columns.contains(&r.breakdown) {
            columns.push(r.breakdown.clone());
        }
    }
    columns.retain(|b| t.rows.iter().any(|r| &r.breakdown == b));
    let sum = |b: &Option<String>| -> u64 { t.rows.iter().filter(|r| &r.breakdown == b).map(|r| r.total).sum() };
    let figure = |v: Option<u64>| v.map_or("–".to_string(), count);
    match t.breakdown_kind {
        BreakdownKind::Partition => {
            if has_citizenships && t.rows.iter().any(|r| r.breakdown.is_some()) {
                cells.extend(columns.iter().map(|b| count(sum(b))));
            }
            cells.push(figure(t.total));
        }
        BreakdownKind::Subset => {
            cells.extend(columns.iter().map(|b| count(sum(b))));
            let (outer, inner) = (columns.first().cloned().flatten(), columns.last().cloned().flatten());
            if columns.len() > 1 && outer.is_some() && inner.is_some() {
                let rate = style::percent(sum(&inner), sum(&outer), Lang::En).unwrap_or("–".into());
                cells.push(rate);
            }
        }
        BreakdownKind::MultiCount => {
            cells.extend(columns.iter().filter(|b| b.is_some()).map(|b| count(sum(b))));
            let persons = t.rows.iter().any(|r| r.breakdown.is_none()).then(|| sum(&None));
            cells.push(figure(persons));
        }
    }
    let reporting: BTreeSet<&String> = t
        .rows
        .iter()
        .flat_map(|r| match t.scope {
            Scope::PerMemberState => r.by_member_state.keys().collect::<Vec<_>>(),
            Scope::HostWide => r.reported_by.iter().collect(),
        })
        .collect();
    cells.push(count(reporting.len() as u64));
    fold(&cells.join(" "))
}

/// Where the last heading of an indicator's table is in a PDF's text: its
/// title, the mark of a supplementary item if any, and its unit.
fn heading(text: &str, title: &str, unit: &str) -> Option<usize> {
    [format!("{title} {unit}"), format!("{title} * {unit}")]
        .iter()
        .filter_map(|h| text.rfind(&fold(h)))
        .max()
}

#[test]
fn annex_sums_equal_pdf_totals_equal_json_totals() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    let spec = ilo_report::generate::Spec {
        member_states: 27,
        hosts: 1,
        year: 2025,
        seed: 9,
    };
    ilo_report::generate::generate(&spec, &inbox).expect("the generator runs");
    let out = dir.path().join("out");
    let (analysis, outcome) = build(&inbox, &out);
    assert_eq!(
        analysis.validation.summary.errors,
        0,
        "{:?}",
        analysis.validation.diagnostics.first()
    );
    assert!(outcome.failed.is_empty(), "{:?}", outcome.failed);
    let format = FormatDef::builtin();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let listed: Vec<&str> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["path"].as_str().unwrap())
        .collect();

    let mut checked = 0;
    for semester in ["2025-H1", "2025-H2"] {
        let key = format!("MA_{semester}");
        let report: SemesterReport =
            serde_json::from_slice(&std::fs::read(out.join(format!("{semester}/{key}.json"))).unwrap()).unwrap();
        let citizenships: BTreeSet<&String> = report
            .statistics
            .iter()
            .flat_map(|t| t.rows.iter().filter_map(|r| r.citizenship.as_ref()))
            .collect();
        assert!(
            citizenships.len() > 20,
            "an EU-scale report has dozens of citizenships, not {}",
            citizenships.len()
        );
        let annex_path = format!("{semester}/{key}_annex.xlsx");
        assert!(listed.contains(&annex_path.as_str()), "the manifest lists {annex_path}");
        let mut annex = open_workbook_auto(out.join(&annex_path)).unwrap();
        let contents = annex.worksheet_range("Contents").unwrap();
        let text = pdf_text(&out.join(format!("{semester}/{key}.pdf")));
        assert!(text.contains(&format!("statistical annex {key}_annex.xlsx")));

        for (i, t) in report.statistics.iter().enumerate() {
            let ind = format.indicator(&t.indicator).unwrap();
            // The annex: the Contents sheet's total and the sum of the indicator's sheet.
            let entry = contents
                .rows()
                .find(|row| row[0] == Data::String(ind.title.en.clone()))
                .expect("a Contents row per indicator");
            match t.total {
                Some(total) => assert_eq!(entry[3].as_f64(), Some(total as f64), "{}", t.indicator),
                None => assert_eq!(entry[3], Data::String("–".into()), "{}", t.indicator),
            }
            let Data::String(sheet) = &entry[1] else {
                panic!("sheet name of {}", t.indicator)
            };
            let figures = annex.worksheet_range(sheet).unwrap();
            let sum: f64 = figures.rows().skip(1).filter_map(|r| r[5].as_f64()).sum();
            // Every figure sent is in the annex, also those that are not
            // added to the indicator's figure (accepted requests, grounds).
            let json_sum: u64 = t.rows.iter().map(|r| r.total).sum();
            assert_eq!(sum, json_sum as f64, "annex sum of {}", t.indicator);
            if t.breakdown_kind == BreakdownKind::Partition {
                assert_eq!(Some(json_sum), t.total, "JSON rows of {}", t.indicator);
            }

            // The PDF: the indicator's own table ends with its complete total.
            let start =
                heading(&text, &ind.title.en, &t.unit).unwrap_or_else(|| panic!("{} not in the PDF", ind.title.en));
            let end = match report.statistics.get(i + 1) {
                Some(n) => heading(&text, &format.indicator(&n.indicator).unwrap().title.en, &n.unit),
                None => text.rfind("Sources: submissions received"),
            }
            .filter(|end| *end > start)
            .expect("the next heading");
            let section = &text[start..end];
            let row = expected_total_row(format, t);
            assert!(section.contains(&row), "{key}: `{row}` not in {section}");
            checked += 1;
        }
    }
    assert!(checked >= 14, "every indicator of both semesters ({checked})");
}

// ---------------------------------------------------------------------------
// Figures by Member State: every Member State that sent figures shows them

/// Refusals of entry sent three ways — France the persons refused and the
/// grounds, Germany only grounds, Italy the persons of one citizenship and
/// only grounds for another — and readmission requests submitted without
/// the accepted ones: each Member State's figures are in the Member
/// States' table, grounds never added to persons, and the notes say what
/// the tables show.
#[test]
fn figures_sent_only_by_ground_are_in_the_member_states_table() {
    let (dir, inbox) = inbox();
    write(
        &inbox.join("FR_MA_2025-H2_statistics.csv"),
        "indicator,citizenship,breakdown,value\n\
         refusals-of-entry,SY,A,30\n\
         refusals-of-entry,SY,B,20\n\
         refusals-of-entry,SY,,40\n\
         readmission-requests,,submitted,15\n\
         fraudulent-documents-detected,,id-card,3\n\
         fraudulent-documents-detected,,passport,4\n",
    );
    write(
        &inbox.join("DE_MA_2025-H2_statistics.csv"),
        "indicator,citizenship,breakdown,value\n\
         refusals-of-entry,SY,A,10\n\
         refusals-of-entry,AF,C,5\n\
         readmission-requests,,submitted,5\n",
    );
    write(
        &inbox.join("IT_MA_2025-H2_statistics.csv"),
        "indicator,citizenship,breakdown,value\n\
         refusals-of-entry,SY,C,7\n\
         refusals-of-entry,SY,,7\n\
         refusals-of-entry,AF,E,3\n",
    );
    let out = dir.path().join("out");
    let (analysis, outcome) = build(&inbox, &out);
    assert!(outcome.failed.is_empty(), "{:?}", outcome.failed);
    assert_eq!(
        analysis.validation.summary.errors,
        0,
        "{}",
        analysis.validation.to_text()
    );
    let text = pdf_text(&out.join("2025-H2/MA_2025-H2.pdf"));

    let start = text.rfind("Figures by Member State").expect("the Member States' table");
    let end = start
        + text[start..]
            .find("Refusals of entry at the external border persons")
            .expect("the next table");
    let by_ms = &text[start..end];
    // Refusals (persons, counted once), fraudulent documents, readmission
    // requests: Germany sent grounds only (10 + 5 by ground), Italy the
    // persons for Syrians (7) and grounds only for Afghans (3); the total
    // keeps persons and grounds apart.
    assert!(
        by_ms.contains("Refusals of entry at the external border (persons, counted once)"),
        "{by_ms}"
    );
    assert!(by_ms.contains("Germany 15 by ground¹ – 5"), "{by_ms}");
    assert!(by_ms.contains("France 40 7 15"), "{by_ms}");
    assert!(by_ms.contains("Italy 7; 3 by ground¹ – –"), "{by_ms}");
    assert!(by_ms.contains("Total 47; 18 by ground¹ 7 20"), "{by_ms}");
    assert!(
        !by_ms.contains("Germany –"),
        "a Member State that sent figures never shows –: {by_ms}"
    );
    // The mark is explained before the table.
    let intro = &text[text[..start]
        .rfind("Each indicator shows")
        .expect("the statistics note")..start];
    assert!(
        intro.contains("¹ By ground: where a Member State sent its refusals only by ground"),
        "{intro}"
    );

    // Readmission requests: one row per Member State, who reported said by
    // the total only, and a note about what was sent.
    let start = text
        .rfind("Readmission requests * events")
        .expect("the readmission table");
    let readmission = &text[start..];
    assert!(readmission.contains("Germany 5 France 15 Total 20 2"), "{readmission}");
    assert!(
        readmission.contains(
            "The table gives only the figures sent (submitted); no Member State sent the “accepted” figures."
        ),
        "{readmission}"
    );
    assert!(!readmission.contains("shown side by side"), "{readmission}");

    // Document types under "Breakdown" by their labels, as row labels.
    let start = text.rfind("Fraudulent documents detected events").unwrap();
    let documents = &text[start..start + text[start..].find("Readmission requests * events").unwrap()];
    assert!(
        documents.contains("Passport 4 1 Identity card 3 1 Total 7 1"),
        "{documents}"
    );
}

/// Percentages as the Interinstitutional Style Guide writes them: the sign
/// after a no-break space, in English too.
#[test]
fn percentages_have_a_no_break_space_before_the_sign() {
    for (lang, text) in [
        (Lang::En, "56.3\u{a0}%"),
        (Lang::Fr, "56,3\u{a0}%"),
        (Lang::De, "56,3\u{a0}%"),
    ] {
        assert_eq!(style::percent(563, 1000, lang).as_deref(), Some(text));
    }
    assert_eq!(style::change(563, 1000, Lang::En).as_deref(), Some("−43.7\u{a0}%"));
}

// ---------------------------------------------------------------------------
// Plausibility: warnings at the cell, never a blocked report

/// The plausibility warnings of an analysis: (code, file, cell, report).
fn plausibility(a: &ilo_report::pipeline::Analysis) -> Vec<(String, String, Option<String>, String)> {
    let mut found: Vec<_> = a
        .validation
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.code.as_str().as_str(),
                "implausible-value" | "inconsistent-figures" | "implausible-change"
            )
        })
        .map(|d| {
            assert!(!d.is_error(), "a plausibility finding is a warning: {d}");
            assert!(d.found.is_some() && d.expected.is_some() && !d.hint.is_empty(), "{d}");
            let file = d.file.rsplit('/').next().unwrap_or_default().to_string();
            let report = d.report.as_ref().map(|r| r.to_string()).unwrap_or_default();
            (d.code.as_str(), file, d.cell.clone(), report)
        })
        .collect();
    found.sort();
    found
}

/// Each rule of the format's `plausibility` fires on a case planted for it,
/// at the cell the figure came from, tied to its report — which is still
/// built.
#[test]
fn each_plausibility_rule_fires_at_its_cell() {
    let (dir, inbox) = inbox();
    write(
        &inbox.join("FR_MA_2025-H1_statistics.csv"),
        "indicator,citizenship,breakdown,value\n\
         return-decisions,MA,,120\n",
    );
    write(
        &inbox.join("FR_MA_2025-H2_statistics.csv"),
        "indicator,citizenship,breakdown,value\n\
         illegal-stay-detections,MA,,5000000\n\
         fraudulent-documents-detected,,passport,500\n\
         readmission-requests,,submitted,15\n\
         readmission-requests,,accepted,16\n\
         refusals-of-entry,SY,C,50\n\
         refusals-of-entry,SY,,40\n\
         return-decisions,MA,,3000\n\
         return-decisions,SN,,100\n\
         effective-returns,SN,forced,150\n\
         effective-returns,SN,voluntary,100\n",
    );
    write(
        &inbox.join("FR_MA_2025-H2_documents.csv"),
        "document_type,issuing_country,fraud_type,count\n\
         passport,MA,forged,12\n\
         visa,FR,counterfeit,8\n",
    );
    let out = dir.path().join("out");
    let (analysis, outcome) = build(&inbox, &out);
    // (code, cell) in the order listed: by code, then cell as text.
    let expected = [
        // return-decisions 120 in H1, 3 100 in H2: over tenfold.
        ("implausible-change", "D8"),
        // 5 000 000 persons found illegally present: above the EU's year.
        ("implausible-value", "D2"),
        // 250 returned to 100 ordered to leave.
        ("inconsistent-figures", "D10"),
        // 500 fraudulent documents against 20 in the documents table.
        ("inconsistent-figures", "D3"),
        // 16 accepted of 15 submitted.
        ("inconsistent-figures", "D5"),
        // 50 refused on ground C of 40 persons refused.
        ("inconsistent-figures", "D6"),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(code, cell)| {
            (
                code.to_string(),
                "FR_MA_2025-H2_statistics.csv".to_string(),
                Some(cell.to_string()),
                "MA_2025-H2".to_string(),
            )
        })
        .collect();
    assert_eq!(plausibility(&analysis), expected);
    let text = analysis.validation.to_text();
    assert!(
        text.contains("against 20 in the documents table (inbox/FR_MA_2025-H2_documents.csv D2, D3)"),
        "the documents' cells are named: {text}"
    );
    assert!(analysis.blocked_reports().is_empty());
    assert!(
        out.join("2025-H2/MA_2025-H2.pdf").is_file(),
        "warnings never block a report"
    );
    assert!(outcome.failed.is_empty());
}

/// The previous semester from an earlier run's output (`--previous`): a
/// tenfold change against it is found, at its cell.
#[test]
fn a_tenfold_change_against_a_previous_run_is_found() {
    let (dir, inbox) = inbox();
    write(
        &inbox.join("DE_SN_2024-H2_statistics.csv"),
        "indicator,citizenship,breakdown,value\nillegal-stay-detections,SN,,80\n",
    );
    let earlier = analyse(&inbox);
    let previous = dir.path().join("previous");
    for r in &earlier.reports {
        write(
            &previous.join(format!("{}/{}.json", r.semester, r.key())),
            &serde_json::to_string(r).unwrap(),
        );
    }
    std::fs::remove_file(inbox.join("DE_SN_2024-H2_statistics.csv")).unwrap();
    write(
        &inbox.join("DE_SN_2025-H1_statistics.csv"),
        "indicator,citizenship,breakdown,value\nillegal-stay-detections,GM,,60\nillegal-stay-detections,SN,,900\n",
    );
    let options = |previous: Vec<std::path::PathBuf>| ilo_report::pipeline::Options {
        inbox: inbox.clone(),
        previous,
        ..Default::default()
    };
    let format = FormatDef::builtin();
    let without = ilo_report::pipeline::analyse(format, &options(Vec::new())).unwrap();
    assert_eq!(plausibility(&without), [], "no earlier semester, nothing to compare");
    let with = ilo_report::pipeline::analyse(format, &options(vec![previous])).unwrap();
    assert_eq!(
        plausibility(&with),
        [(
            "implausible-change".to_string(),
            "DE_SN_2025-H1_statistics.csv".to_string(),
            Some("D3".to_string()),
            "SN_2025-H1".to_string()
        )]
    );
    let d = &with
        .validation
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "implausible-change")
        .unwrap();
    assert_eq!(d.found.as_deref(), Some("960 in 2025-H1"));
    assert!(d.hint.contains("from 80 in 2024-H2 to 960 in 2025-H1"), "{}", d.hint);
}

/// No rule fires on the sample data, nor on a generated inbox of the
/// network's busiest hosts with every Member State — over both semesters
/// of a year, and against the year before given as an earlier run.
#[test]
fn no_plausibility_warning_on_the_sample_nor_on_a_generated_inbox() {
    assert_eq!(plausibility(&analyse(&sample_data())), []);
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("previous");
    for year in [2024, 2025] {
        let inbox = dir.path().join(format!("inbox-{year}"));
        let spec = ilo_report::generate::Spec {
            member_states: 27,
            hosts: 12,
            year,
            seed: 2025,
        };
        ilo_report::generate::generate(&spec, &inbox).expect("the generator runs");
        let options = ilo_report::pipeline::Options {
            inbox,
            previous: if year == 2025 {
                vec![previous.clone()]
            } else {
                Vec::new()
            },
            ..Default::default()
        };
        let a = ilo_report::pipeline::analyse(FormatDef::builtin(), &options).unwrap();
        assert_eq!(a.reports.len(), 24);
        assert_eq!(plausibility(&a), [], "{year}");
        for r in &a.reports {
            write(
                &previous.join(format!("{}/{}.json", r.semester, r.key())),
                &serde_json::to_string(r).unwrap(),
            );
        }
    }
}
