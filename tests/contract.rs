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

/// The fields of the shared shapes, each documented once: fitted tables
/// and the drafters' Markdown blocks.
#[derive(Default)]
struct Shapes {
    tables: BTreeSet<String>,
    blocks: BTreeSet<String>,
}

/// The paths of a JSON value's leaves and lists: `parts[].sections[].title`;
/// the labels as `labels.*`. A fitted table (an object with `columns` and
/// `widths`) and a Markdown block (`kind` with `spans` or `items`) are one
/// entry; their own fields go into `shapes`, documented once.
fn paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>, shapes: &mut Shapes) {
    match value {
        Value::Object(_) if prefix == "labels" => {
            out.insert("labels.*".into());
        }
        Value::Object(map) if map.contains_key("columns") && map.contains_key("widths") => {
            out.insert(prefix.to_string());
            for (k, v) in map {
                paths(v, k, &mut shapes.tables, &mut Shapes::default());
            }
        }
        Value::Object(map) if map.contains_key("kind") && (map.contains_key("spans") || map.contains_key("items")) => {
            out.insert(prefix.to_string());
            for (k, v) in map {
                paths(v, k, &mut shapes.blocks, &mut Shapes::default());
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                paths(v, &p, out, shapes);
            }
        }
        Value::Array(items) => {
            out.insert(format!("{prefix}[]"));
            for v in items {
                paths(v, &format!("{prefix}[]"), out, shapes);
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
    let mut ctx = Presentation::new(format, Lang::En);
    ctx.top = 3;
    let mut semester = BTreeSet::new();
    let mut shapes = Shapes::default();
    for r in &a.reports {
        let problems = vec!["error[invalid-number] inbox/FR_MA_2025-H2.xlsx [Statistics] D12".to_string()];
        paths(
            &view::semester(&ctx, r, true, &problems),
            "",
            &mut semester,
            &mut shapes,
        );
    }
    // A revision has the annex of changes (compared with itself here: the
    // fields are there, the lists empty).
    let mut revised = a.reports[0].clone();
    revised.council.revision = 1;
    paths(
        &view::semester_revised(&ctx, &revised, false, &[], Some(&a.reports[0])),
        "",
        &mut semester,
        &mut shapes,
    );
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
        &mut shapes,
    );
    compare("annual.typ", &annual_paths);
    compare("A table", &shapes.tables);
    compare("A block", &shapes.blocks);
}
