//! Format definition files (`--format-file`): checked when loaded — a
//! renamed column, a wrong kind or an empty label is refused with its place
//! in the file, never a silent loss of rows — and, once loaded, used for
//! reading, with its checksum in the manifest.

mod common;

use common::run;
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
