//! Format definition files (`--format-file`): checked when loaded — a
//! renamed column, a wrong kind or an empty label is refused with its place
//! in the file, never a silent loss of rows — and, once loaded, used for
//! reading, with its checksum in the manifest.

mod common;

use common::{inbox, pdf_text, run};
use ilo_report::format::{BUILTIN_TEXT, FormatDef};
use std::path::Path;

fn error_of(text: &str) -> String {
    format!("{:#}", FormatDef::parse(text).expect_err("the format is refused"))
}

#[test]
fn a_renamed_column_is_refused_when_the_format_is_loaded() {
    let renamed = BUILTIN_TEXT.replacen("\"id\": \"ilos\"", "\"id\": \"officers\"", 1);
    assert_ne!(renamed, BUILTIN_TEXT);
    let e = error_of(&renamed);
    assert!(
        e.contains("tables[postings].columns") && e.contains("`ilos` is missing"),
        "{e}"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("renamed.json");
    std::fs::write(&file, &renamed).unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let out = run(&[
        "validate",
        sample.to_str().unwrap(),
        "--format-file",
        file.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("renamed.json") && stderr.contains("`ilos` is missing"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_wrong_kind_or_an_empty_label_is_named_by_its_place() {
    let kind = BUILTIN_TEXT.replacen("\"kind\": \"count\"", "\"kind\": \"counter\"", 1);
    let e = error_of(&kind);
    assert!(
        e.contains("at tables[1].columns[1].kind") && e.contains("counter"),
        "{e}"
    );

    let as_text = BUILTIN_TEXT.replacen(
        "\"id\": \"ilos\",\n          \"kind\": \"count\"",
        "\"id\": \"ilos\",\n          \"kind\": \"text\"",
        1,
    );
    assert_ne!(as_text, BUILTIN_TEXT);
    let e = error_of(&as_text);
    assert!(e.contains("tables[postings].columns[ilos].kind"), "{e}");

    let label = BUILTIN_TEXT.replacen("\"fr\": \"non déterminé\"", "\"fr\": \" \"", 1);
    assert_ne!(label, BUILTIN_TEXT);
    let e = error_of(&label);
    assert!(e.contains("at labels.not_determined.fr"), "{e}");

    let e = error_of("{ \"id\": ");
    assert!(e.contains("at "), "{e}");
}

#[test]
fn an_adapted_format_file_is_used_and_recorded() {
    // The office's own header for the number of officers, added as an alias.
    let adapted = BUILTIN_TEXT.replacen(
        "\"aliases\": [\n            \"number of ilos\",",
        "\"aliases\": [\n            \"agents en poste\",\n            \"number of ilos\",",
        1,
    );
    assert_ne!(adapted, BUILTIN_TEXT);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("adapted.json");
    std::fs::write(&file, &adapted).unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(
        inbox.join("FR_MA_2025-H2_postings.csv"),
        "member_state;agents en poste;posted_at\nFR;4;Rabat\n",
    )
    .unwrap();

    let builtin = run(&["validate", inbox.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&builtin.stdout).unwrap();
    assert_eq!(builtin.status.code(), Some(1));
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "missing-column"),
        "{v}"
    );

    let out = dir.path().join("out");
    let built = run(&[
        "build",
        inbox.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format-file",
        file.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("2025-H2/MA_2025-H2.json")).unwrap()).unwrap();
    assert_eq!(report["total_ilos"], 4);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["format_sha256"],
        ilo_report::ingest::sha256_hex(adapted.as_bytes())
    );
    assert_ne!(manifest["format_sha256"], FormatDef::builtin().sha256);
}

/// The shipped network activity format (Regulation (EU) 2019/1240): its own
/// parts, sections and indicators, used by `template`, `validate` and
/// `build` from the file alone.
#[test]
fn a_second_format_file_makes_templates_validates_and_builds() {
    use calamine::{Data, Reader, open_workbook_auto};
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates/2019-1240-network.json");
    let format = file.to_str().unwrap();
    let def = FormatDef::load(&file).unwrap();
    let (dir, inbox) = inbox();

    let workbook = inbox.join("DE_MA_2025-H2.xlsx");
    let made = run(&[
        "template",
        "--format-file",
        format,
        "--member-state",
        "DE",
        "--host",
        "MA",
        "--semester",
        "2025-H2",
        "--out",
        workbook.to_str().unwrap(),
    ]);
    assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    let mut wb = open_workbook_auto(&workbook).unwrap();
    let stats = wb.worksheet_range("Statistics").unwrap();
    let prefilled: Vec<String> = stats
        .rows()
        .skip(1)
        .filter_map(|r| match r.first() {
            Some(Data::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        })
        .collect();
    let catalogue: Vec<String> = def.indicators.iter().map(|i| i.id.clone()).collect();
    assert_eq!(prefilled, catalogue);
    assert!(prefilled.contains(&"irregular-departures-prevented".to_string()));

    std::fs::write(
        inbox.join("DE_MA_2025-H2_statistics.csv"),
        "indicator;citizenship;breakdown;value;unit;source\n\
         irregular-departures-prevented;SN;;1200;persons;Gendarmerie royale\n\
         irregular-departures-prevented;GN;;800;persons;Gendarmerie royale\n\
         effective-returns;MA;forced;40;persons;Bundespolizei\n",
    )
    .unwrap();
    std::fs::write(
        inbox.join("DE_MA_2025-H2_narrative.csv"),
        "section;text\nB.2;Smuggling networks moved departures south towards Dakhla.\n\
         C.3 Difficulties and recommendations to the Steering Board;A joint document-fraud training.\n",
    )
    .unwrap();
    std::fs::write(
        inbox.join("DE_MA_2025-H2_postings.csv"),
        "member_state;ilos;posted_at\nDE;2;Rabat\n",
    )
    .unwrap();

    let checked = run(&[
        "validate",
        inbox.to_str().unwrap(),
        "--format-file",
        format,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(checked.status.code(), Some(0), "{v}");
    assert_eq!(v["summary"]["errors"], 0, "{v}");

    let out = dir.path().join("out");
    let built = run(&[
        "build",
        inbox.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format-file",
        format,
        "-q",
    ]);
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let text = pdf_text(&out.join("2025-H2/MA_2025-H2.pdf"));
    for expected in [
        "Activity report of the immigration liaison officers network",
        "Regulation (EU) 2019/1240",
        "Part B — Information collected by the network",
        "B.2 Migrant smuggling and trafficking in human beings",
        "Smuggling networks moved departures south towards Dakhla.",
        "C.3 Difficulties and recommendations to the Steering Board",
        "Irregular departures prevented by the host authorities",
        "Total 2 000",
        "Returns carried out to the host country",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    // The statistics close part B, where the format puts them.
    // (The last occurrence of a heading is in the body, after the contents.)
    let statistics = text.find("Irregular departures prevented").unwrap();
    assert!(text.rfind("B.2 Migrant smuggling").unwrap() < statistics);
    assert!(statistics < text.rfind("Part C — Capacity building").unwrap());
    assert!(!text.contains("Decision 2005/687"), "{text}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "2019-1240-network");
    assert_eq!(manifest["format_sha256"], def.sha256);

    // An indicator of the other format is named at its cell.
    std::fs::write(
        inbox.join("DE_MA_2025-H2_statistics.csv"),
        "indicator;citizenship;breakdown;value;unit;source\nrefusals-of-entry;SY;A;4;persons;\n",
    )
    .unwrap();
    let refused = run(&[
        "validate",
        inbox.to_str().unwrap(),
        "--format-file",
        format,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&refused.stdout).unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "unknown-indicator"
                && d["cell"] == "A2"
                && d["file"].as_str().unwrap().ends_with("DE_MA_2025-H2_statistics.csv")),
        "{v}"
    );
}

/// A format file that lacks a label the documents print, or has a field
/// the reader does not know (a misspelt `breakdown_kind`, say), is refused.
#[test]
fn a_missing_label_or_an_unknown_field_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("adapted.json");
    let mut json: serde_json::Value = serde_json::from_str(BUILTIN_TEXT).unwrap();
    json["labels"].as_object_mut().unwrap().remove("no_information");
    std::fs::write(&file, json.to_string()).unwrap();
    let e = format!("{:#}", FormatDef::load(&file).unwrap_err());
    assert!(
        e.contains("adapted.json") && e.contains("`no_information` is missing"),
        "{e}"
    );

    let misspelt = BUILTIN_TEXT.replacen("\"breakdown_kind\"", "\"breakdown_knd\"", 1);
    assert_ne!(misspelt, BUILTIN_TEXT);
    let e = error_of(&misspelt);
    assert!(e.contains("breakdown_knd") && e.contains("indicators[3]"), "{e}");
}
