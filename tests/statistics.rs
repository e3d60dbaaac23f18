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
            let heading = fold(&format!("{} {}", ind.title.en, t.unit));
            let start = text
                .rfind(&heading)
                .unwrap_or_else(|| panic!("{heading} not in the PDF"));
            let next = report
                .statistics
                .get(i + 1)
                .map(|n| {
                    fold(&format!(
                        "{} {}",
                        format.indicator(&n.indicator).unwrap().title.en,
                        n.unit
                    ))
                })
                .unwrap_or_else(|| "Sources: submissions received".to_string());
            let end = text[start..].find(&next).unwrap() + start;
            let section = &text[start..end];
            let row = expected_total_row(format, t);
            assert!(section.contains(&row), "{key}: `{row}` not in {section}");
            checked += 1;
        }
    }
    assert!(checked >= 14, "every indicator of both semesters ({checked})");
}
