//! Unattended runs: the cache renders only what changed, the manifest lists
//! everything, a second run on the same output is refused, a failed write
//! leaves no partial file, and shards merge into the same annual summary.

mod common;

use common::*;
use ilo_report::format::FormatDef;
use ilo_report::pipeline::{self, Options};
use ilo_report::progress::Progress;
use std::path::Path;

fn inbox_with_two_hosts(inbox: &Path) {
    for (ms, host, value) in [("FR", "MA", 10.0), ("DE", "MA", 20.0), ("FR", "SN", 30.0)] {
        let file = format!("{ms}_{host}_2025-H1.xlsx");
        xlsx(
            &inbox.join(file),
            &[
                (
                    "Submission",
                    vec![
                        vec![T("member_state"), S(ms.to_string())],
                        vec![T("host"), S(host.to_string())],
                        vec![T("semester"), T("2025-H1")],
                        vec![T("drafted_on"), T("2025-06-20")],
                    ],
                ),
                (
                    "Statistics",
                    vec![
                        header(&["indicator", "citizenship", "value"]),
                        vec![T("return-decisions"), T("MA"), N(value)],
                    ],
                ),
            ],
        );
    }
}

#[test]
fn a_rebuild_renders_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    inbox_with_two_hosts(&inbox);
    let out = dir.path().join("out");
    let (_, first) = build(&inbox, &out);
    assert_eq!(first.rendered, ["MA_2025-H1", "SN_2025-H1", "annual-2025"]);
    let pdf_before = std::fs::read(out.join("2025-H1/SN_2025-H1.pdf")).unwrap();

    let (_, second) = build(&inbox, &out);
    assert!(second.rendered.is_empty(), "{:?}", second.rendered);
    assert_eq!(second.unchanged.len(), 3);

    // A changed submission re-renders its report and the annual summary only.
    std::thread::sleep(std::time::Duration::from_millis(20));
    xlsx(
        &inbox.join("DE_MA_2025-H1.xlsx"),
        &[
            submission_sheet("DE", "MA", "2025-H1", &[("drafted_on", "2025-06-20")]),
            (
                "Statistics",
                vec![
                    header(&["indicator", "citizenship", "value"]),
                    vec![T("return-decisions"), T("MA"), N(25.0)],
                ],
            ),
        ],
    );
    let (_, third) = build(&inbox, &out);
    assert_eq!(third.rendered, ["MA_2025-H1", "annual-2025"]);
    assert_eq!(third.unchanged, ["SN_2025-H1"]);
    assert_eq!(std::fs::read(out.join("2025-H1/SN_2025-H1.pdf")).unwrap(), pdf_before);
    let text = pdf_text(&out.join("2025-H1/MA_2025-H1.pdf"));
    assert!(text.contains("Morocco 35 2"), "{text}");
    assert!(text.contains("Germany 25 France 10 Total 35"), "{text}");

    // --force renders everything.
    let (_, forced) = build_with(
        Options {
            inbox: inbox.clone(),
            force: true,
            ..Default::default()
        },
        &out,
    );
    assert_eq!(forced.rendered.len(), 3);

    // The manifest lists every input and output with checksum and size.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "2005-687");
    assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["inputs"].as_array().unwrap().len(), 3);
    let outputs = manifest["outputs"].as_array().unwrap();
    let sn = outputs.iter().find(|o| o["path"] == "2025-H1/SN_2025-H1.pdf").unwrap();
    assert_eq!(sn["sha256"], ilo_report::ingest::sha256_hex(&pdf_before));
    assert_eq!(sn["size"], pdf_before.len());
    assert!(outputs.iter().any(|o| o["path"] == "validation.json"));
    assert!(manifest["timings_ms"]["render_ms"].is_u64());
    assert_eq!(manifest["counts"]["reports"], 2);
}

#[test]
fn a_second_run_on_the_same_output_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let _held = pipeline::lock_output(&out, std::time::Duration::ZERO).unwrap();
    let started = std::time::Instant::now();
    let err = pipeline::lock_output(&out, std::time::Duration::from_millis(300)).unwrap_err();
    assert!(started.elapsed() >= std::time::Duration::from_millis(300), "it waited");
    assert!(err.to_string().contains("another ilo-report run"), "{err}");
    // The command line exits with 3 and says why.
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ilo-report"))
        .args([
            "build",
            inbox.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stderr).contains("another ilo-report run"));
}

#[test]
fn a_failed_write_leaves_the_previous_file_and_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.pdf");
    ilo_report::output::write_atomic(&target, b"previous").unwrap();
    // A folder standing where the new file's name must go makes the final rename fail.
    let blocked = dir.path().join("blocked.pdf");
    std::fs::create_dir_all(blocked.join("inside")).unwrap();
    assert!(ilo_report::output::write_atomic(&blocked, b"new").is_err());
    assert_eq!(std::fs::read(&target).unwrap(), b"previous");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn build_sample_into(out: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ilo-report"));
    command.args([
        "build",
        sample_data().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    command
}

#[test]
fn a_killed_run_leaves_no_partial_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut child = build_sample_into(&out).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    child.kill().ok();
    child.wait().unwrap();
    // Whatever was written is complete: every PDF parses, no temporary file is left visible as output.
    for entry in ilo_report::ingest::discover(&out).unwrap_or_default() {
        let name = entry.file_name().unwrap().to_string_lossy().to_string();
        assert!(!name.ends_with(".tmp"), "{name}");
        if name.ends_with(".pdf") {
            let bytes = std::fs::read(&entry).unwrap();
            assert!(
                bytes.ends_with(b"%%EOF") || bytes.ends_with(b"%%EOF\n"),
                "{name} is truncated"
            );
        }
    }
    // The next run completes and clears what the killed one left behind.
    let status = build_sample_into(&out).status().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                assert!(!p.to_string_lossy().ends_with(".tmp"), "{} left behind", p.display());
            }
        }
    }
}

#[test]
fn shards_and_a_merge_step_give_the_same_annual_summary() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    inbox_with_two_hosts(&inbox);
    let full = dir.path().join("full");
    build(&inbox, &full);
    let shard = |hosts: &[&str], name: &str| {
        let out = dir.path().join(name);
        build_with(
            Options {
                inbox: inbox.clone(),
                hosts: hosts.iter().map(|h| h.to_string()).collect(),
                ..Default::default()
            },
            &out,
        );
        out
    };
    let a = shard(&["MA"], "shard-a");
    let b = shard(&["SN"], "shard-b");
    let merged = dir.path().join("merged");
    pipeline::annual_from(
        FormatDef::builtin(),
        &[a, b],
        &Options::default(),
        &merged,
        &Default::default(),
        &Progress::quiet(),
    )
    .unwrap();
    for file in ["annual/annual-summary_2025.pdf", "annual/annual-summary_2025.json"] {
        assert!(
            std::fs::read(full.join(file)).unwrap() == std::fs::read(merged.join(file)).unwrap(),
            "{file} differs"
        );
    }
}

/// A folder given as `--previous` or `--from` that holds something other
/// than semester reports, or a `--logo` that is not there, is the caller's
/// mistake: exit code 2, naming the argument and the file — not 3, which
/// says the machine failed.
#[test]
fn a_bad_previous_from_or_logo_argument_is_a_usage_error() {
    let (dir, inbox) = inbox();
    let earlier = dir.path().join("earlier/2024-H2");
    std::fs::create_dir_all(&earlier).unwrap();
    std::fs::write(earlier.join("MA_2024-H2.json"), "{ \"not\": \"a report\" }").unwrap();
    let out = dir.path().join("out");
    let earlier = dir.path().join("earlier");
    let missing = dir.path().join("no-such-logo.png");
    let (inbox, earlier, missing) = (
        inbox.to_str().unwrap(),
        earlier.to_str().unwrap(),
        missing.to_str().unwrap(),
    );
    for (args, argument, file) in [
        (
            vec!["build", inbox, "--previous", earlier],
            "--previous",
            "MA_2024-H2.json is not a semester report",
        ),
        (
            vec!["annual", "--from", earlier],
            "--from",
            "MA_2024-H2.json is not a semester report",
        ),
        (vec!["build", inbox, "--logo", missing], "--logo", "no-such-logo.png"),
    ] {
        let mut args = args;
        args.extend(["--out", out.to_str().unwrap(), "--quiet"]);
        let output = run(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(argument) && stderr.contains(file), "{stderr}");
    }
}
