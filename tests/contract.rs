//! The data contract between the view and the Typst templates, as written
//! down for template authors in `report-templates/README.md`: every field
//! a document's `data` holds is listed there, and every field listed there
//! is one the view gives (checked on the sample data, as a draft with its
//! problems, so that optional fields are present too).

mod common;

use ilo_report::format::FormatDef;
use ilo_report::normalise::annual;
use ilo_report::reference::Lang;
use ilo_report::render::view::{self, Presentation};
use serde_json::Value;
use std::collections::BTreeSet;

/// The paths of a JSON value's leaves and lists: `parts[].sections[].title`;
/// the labels as `labels.*`. A fitted table (an object with `columns` and
/// `widths`) is one entry; its own fields go into `tables`, documented once.
fn paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>, tables: &mut BTreeSet<String>) {
    match value {
        Value::Object(_) if prefix == "labels" => {
            out.insert("labels.*".into());
        }
        Value::Object(map) if map.contains_key("columns") && map.contains_key("widths") => {
            out.insert(prefix.to_string());
            for (k, v) in map {
                paths(v, k, tables, &mut BTreeSet::new());
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                paths(v, &p, out, tables);
            }
        }
        Value::Array(items) => {
            out.insert(format!("{prefix}[]"));
            for v in items {
                paths(v, &format!("{prefix}[]"), out, tables);
            }
        }
        _ => {
            out.insert(prefix.to_string());
        }
    }
}

/// The fields documented for a document: the `- \`path\`` items under its
/// `## <document>` heading of report-templates/README.md.
fn documented(document: &str) -> BTreeSet<String> {
    let text = include_str!("../report-templates/README.md");
    let heading = format!("## {document}");
    let start = text.find(&heading).unwrap_or_else(|| panic!("README has {heading}"));
    let rest = &text[start + heading.len()..];
    let section = rest.split("\n## ").next().unwrap_or(rest);
    section
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

fn compare(document: &str, given: &BTreeSet<String>) {
    let listed = documented(document);
    let undocumented: Vec<&String> = given.difference(&listed).collect();
    let absent: Vec<&String> = listed.difference(given).collect();
    assert!(
        undocumented.is_empty() && absent.is_empty(),
        "{document}: not documented {undocumented:#?}; documented but not given {absent:#?}"
    );
}

#[test]
fn the_template_data_contract_is_documented_field_by_field() {
    let a = common::analyse(&common::sample_data());
    let format = FormatDef::builtin();
    let ctx = Presentation {
        format,
        lang: Lang::En,
        top: 3,
        logo: false,
    };
    let mut semester = BTreeSet::new();
    let mut tables = BTreeSet::new();
    for r in &a.reports {
        let problems = vec!["error[invalid-number] inbox/FR_MA_2025-H2.xlsx [Statistics] D12".to_string()];
        paths(
            &view::semester(&ctx, r, true, &problems),
            "",
            &mut semester,
            &mut tables,
        );
    }
    compare("semester.typ", &semester);

    let refs: Vec<_> = a.reports.iter().collect();
    let summary = annual::summarise(
        FormatDef::builtin(),
        2025,
        &refs,
        "en",
        Some("# Recommendations\n\nText with **strong** words.\n\n1. one\n2. two\n".into()),
    );
    // The sample has no text on human rights aspects: one entry shows
    // their fields.
    let mut summary = summary;
    let mut entry = summary
        .digest
        .first()
        .expect("the sample has difficulties to digest")
        .clone();
    entry.section = "II.10".into();
    summary.human_rights.push(entry);
    let mut annual_paths = BTreeSet::new();
    paths(
        &view::annual(&ctx, &summary, Some("LIMITE"), true),
        "",
        &mut annual_paths,
        &mut tables,
    );
    compare("annual.typ", &annual_paths);
    compare("A table", &tables);
}
