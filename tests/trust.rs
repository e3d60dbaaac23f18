//! Trust: no figure lost, none counted twice, no stale or partial document.
//! One test per way an inbox shaped like real offices' broke that promise;
//! each builds its inbox from scratch and asserts the figure, the
//! diagnostic (code, severity, cell) or the file on disk. Every run through
//! the `common` helpers also checks the invariants (rows read = used +
//! rejected; each report's total = the sum of the figures used).

mod common;

use common::*;
use ilo_report::diagnostics::FileStatus;
use ilo_report::format::FormatDef;
use ilo_report::pipeline::{self, Analysis, Options};
use ilo_report::reference::{Lang, Semester};
use std::path::Path;

fn total(a: &Analysis, report: &str, indicator: &str) -> u64 {
    let r = a.reports.iter().find(|r| r.key() == report).expect("the report exists");
    r.statistics
        .iter()
        .find(|t| t.indicator == indicator)
        .unwrap_or_else(|| panic!("{report} has {indicator}"))
        .total
        .unwrap_or_else(|| panic!("{report} has a figure of {indicator}"))
}

/// A statistics workbook for one Member State and host.
fn stats_xlsx(path: &Path, ms: &'static str, host: &'static str, rows: Vec<Vec<C>>) {
    let mut sheet = vec![header(&[
        "indicator",
        "citizenship",
        "breakdown",
        "value",
        "unit",
        "source",
    ])];
    sheet.extend(rows);
    // The semester of the file name (`FR_MA_2025-H2.xlsx`).
    let name = path.file_stem().unwrap().to_str().unwrap();
    let semester: &'static str = name.split('_').nth(2).unwrap().to_string().leak();
    xlsx(
        path,
        &[
            submission_sheet(ms, host, semester, &[("acting_for_presidency", "yes")]),
            ("Statistics", sheet),
        ],
    );
}

/// Item 1: one submission as three CSV files named in the office's own
/// words, metadata in columns; a table sent twice is the only duplicate.
#[test]
fn csv_files_named_in_any_way_are_one_submission() {
    let (_dir, inbox) = inbox();
    write(
        &inbox.join("France/texte.csv"),
        "member_state;host;semester;acting_for_presidency;section;text\nFR;MA;2025-H2;oui;II.3;Les faux visas passent par Casablanca.\n",
    );
    write(
        &inbox.join("France/chiffres.csv"),
        "member_state;host;semester;drafted_on;indicator;citizenship;value\nFR;MA;2025-H2;01/12/2025;return-decisions;SY;70\n",
    );
    write(
        &inbox.join("France/postes.csv"),
        "member_state;host;semester;ilos;posted_at\nFR;MA;2025-H2;3;Rabat\n",
    );
    // The statistics sent again, later: the newer wins, both are named.
    write(
        &inbox.join("France/chiffres corrigés.csv"),
        "member_state;host;semester;drafted_on;indicator;citizenship;value\nFR;MA;2025-H2;10/12/2025;return-decisions;SY;75\n",
    );
    let a = analyse(&inbox);
    let dups = diags(&a, "duplicate-submission");
    assert_eq!(dups.len(), 1, "{}", a.validation.to_text());
    assert!(!dups[0].is_error());
    assert_eq!(dups[0].file, "inbox/France/chiffres.csv");
    assert!(dups[0].hint.contains("chiffres corrigés.csv") && dups[0].hint.contains("statistics"));
    assert!(a.validation.diagnostics.iter().all(|d| !d.is_error()));
    assert_eq!(a.submissions.len(), 1);
    let r = &a.reports[0];
    assert_eq!(r.narrative["II.3"][0].text, "Les faux visas passent par Casablanca.");
    assert_eq!(r.total_ilos, 3);
    assert_eq!(total(&a, "MA_2025-H2", "return-decisions"), 75);
    let files: Vec<&str> = r.sources[0].files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(files.len(), 3, "the set-aside file is not a source: {files:?}");
    assert!(!files.contains(&"inbox/France/chiffres.csv"));
}

/// Item 1, with the workbook: its empty Statistics sheet does not replace
/// the statistics sent as CSV, and an error in a file set aside for a newer
/// one no longer blocks the report.
#[test]
fn an_empty_sheet_does_not_set_aside_a_table_sent_in_another_file() {
    let (_dir, inbox) = inbox();
    xlsx(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        &[
            submission_sheet(
                "FR",
                "MA",
                "2025-H2",
                &[("drafted_on", "2025-12-15"), ("acting_for_presidency", "yes")],
            ),
            (
                "Postings",
                vec![header(&["member_state", "ilos"]), vec![T("FR"), N(2.0)]],
            ),
            (
                "Statistics",
                vec![
                    header(&["indicator", "citizenship", "value"]),
                    vec![T("return-decisions")],
                ],
            ),
        ],
    );
    write(
        &inbox.join("FR_MA_2025-H2_statistics.csv"),
        "indicator,citizenship,value\nreturn-decisions,SY,8\n",
    );
    write(
        &inbox.join("FR_MA_2025-H2_meetings.csv"),
        "drafted_on,date,chair\n2025-12-01,2025-10-99,FR\n",
    );
    write(
        &inbox.join("FR_MA_2025-H2_meetings_v2.csv"),
        "drafted_on,date,chair\n2025-12-02,2025-10-09,FR\n",
    );
    let a = analyse(&inbox);
    assert_eq!(
        total(&a, "MA_2025-H2", "return-decisions"),
        8,
        "{}",
        a.validation.to_text()
    );
    assert_eq!(a.reports[0].meetings.len(), 1);
    let dups = diags(&a, "duplicate-submission");
    assert_eq!(dups.len(), 1, "{}", a.validation.to_text());
    assert_eq!(dups[0].file, "inbox/FR_MA_2025-H2_meetings.csv");
    let date = diags(&a, "invalid-date");
    assert_eq!(date.len(), 1);
    assert!(
        !date[0].is_error() && date[0].hint.contains("set aside"),
        "{:?}",
        date[0]
    );
    assert!(a.blocked_reports().is_empty());
}

/// Item 2: total rows (empty, or "Total"/"Insgesamt"/…) are checks, never
/// added; a total that differs is a conflict naming both; rows differing
/// only by source are one figure.
#[test]
fn total_rows_are_checks_never_added() {
    let (dir, inbox) = inbox();
    stats_xlsx(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        "FR",
        "MA",
        vec![
            vec![T("return-decisions"), T("SY"), E, N(60.0), E, E],
            vec![T("return-decisions"), T("AF"), E, N(40.0), E, E],
            vec![T("return-decisions"), E, E, N(100.0), E, E],
            vec![T("effective-returns"), T("SY"), T("forced"), N(5.0), E, T("Police")],
            vec![T("effective-returns"), T("SY"), T("forced"), N(5.0), E, T("Ministry")],
            vec![T("effective-returns"), T("SY"), T("voluntary"), N(2.0), E, E],
            vec![T("effective-returns"), T("SY"), T("Total"), N(7.0), E, E],
            vec![T("host-apprehensions"), T("SY"), E, N(60.0), E, E],
            vec![T("host-apprehensions"), T("AF"), E, N(40.0), E, E],
            vec![T("illegal-stay-detections"), T("SY"), E, N(6.0), E, E],
            vec![T("illegal-stay-detections"), T("AF"), E, N(4.0), E, E],
            vec![T("illegal-stay-detections"), E, E, N(10.0), E, E],
        ],
    );
    write(
        &inbox.join("DE_MA_2025-H2_statistics.csv"),
        "Indikator;Staatsangehörigkeit;Wert\nreturn-decisions;Syrien;30\nreturn-decisions;Afghanistan;20\nreturn-decisions;Insgesamt;50\nhost-apprehensions;Insgesamt;100\n",
    );
    stats_xlsx(
        &inbox.join("FR_SN_2025-H2.xlsx"),
        "FR",
        "SN",
        vec![
            vec![T("return-decisions"), T("SY"), E, N(10.0), E, E],
            vec![T("return-decisions"), T("ML"), E, N(4.0), E, E],
            vec![T("return-decisions"), T("Total général"), E, N(12.0), E, E],
        ],
    );
    let (a, outcome) = build(&inbox, &dir.path().join("out"));
    assert_eq!(
        total(&a, "MA_2025-H2", "return-decisions"),
        150,
        "{}",
        a.validation.to_text()
    );
    assert_eq!(total(&a, "MA_2025-H2", "effective-returns"), 7);
    let conflicts = diags(&a, "conflicting-value");
    assert_eq!(conflicts.len(), 1, "{}", a.validation.to_text());
    let c = conflicts[0];
    assert!(c.is_error());
    assert_eq!(c.file, "inbox/FR_SN_2025-H2.xlsx");
    assert_eq!((c.cell.as_deref(), c.found.as_deref()), (Some("D4"), Some("12")));
    assert!(
        c.hint.contains("D2") && c.hint.contains("D3") && c.hint.contains("14"),
        "{}",
        c.hint
    );
    assert_eq!(outcome.blocked, ["SN_2025-H2"]);
    assert_eq!(total(&a, "MA_2025-H2", "host-apprehensions"), 100);
    let text = pdf_text(&dir.path().join("out/2025-H2/MA_2025-H2.pdf"));
    assert!(text.contains("150") && !text.contains("250"), "{text}");
}

/// Item 3: a Word document named as a submission is an error for that
/// report; another stray file is listed with a warning.
#[test]
fn a_word_document_claiming_a_submission_blocks_its_report() {
    let (dir, inbox) = inbox();
    stats_xlsx(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        "FR",
        "MA",
        vec![vec![T("return-decisions"), T("SY"), E, N(6.0), E, E]],
    );
    std::fs::create_dir_all(inbox.join("2025.12.15")).unwrap();
    std::fs::write(inbox.join("2025.12.15/NL_MA_2025-H2.docx"), b"PK\x03\x04 word document").unwrap();
    std::fs::write(inbox.join("scan.jpg"), b"\xff\xd8\xff").unwrap();
    let (a, outcome) = build(&inbox, &dir.path().join("out"));
    let unread = diags(&a, "unreadable-file");
    assert_eq!(unread.len(), 1);
    assert!(unread[0].is_error());
    assert_eq!(unread[0].file, "inbox/2025.12.15/NL_MA_2025-H2.docx");
    assert!(unread[0].report.as_ref().is_some_and(|r| *r == "MA_2025-H2"));
    assert_eq!(outcome.blocked, ["MA_2025-H2"]);
    let stray = diags(&a, "unknown-table");
    assert_eq!(stray.len(), 1);
    assert!(!stray[0].is_error());
    let status = |p: &str| a.validation.files.iter().find(|f| f.path == p).map(|f| f.status);
    assert_eq!(
        status("inbox/2025.12.15/NL_MA_2025-H2.docx"),
        Some(FileStatus::Unreadable)
    );
    assert_eq!(status("inbox/scan.jpg"), Some(FileStatus::Warnings));
    assert_eq!(a.validation.summary.files, 3);
}

/// Item 4: a report that becomes blocked loses its earlier outputs, and
/// the manifest says so.
#[test]
fn a_blocked_report_leaves_no_earlier_outputs() {
    let (dir, inbox) = inbox();
    let out = dir.path().join("out");
    stats_xlsx(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        "FR",
        "MA",
        vec![
            vec![T("return-decisions"), T("SY"), E, N(6.0), E, E],
            vec![T("effective-returns"), T("SY"), E, N(5.0), E, E],
            vec![T("effective-returns"), T("AF"), E, N(2.0), E, E],
        ],
    );
    let (_, first) = build(&inbox, &out);
    assert!(first.blocked.is_empty());
    let files = [
        "2025-H2/MA_2025-H2.pdf",
        "2025-H2/MA_2025-H2.json",
        "2025-H2/MA_2025-H2_annex.xlsx",
        "2025-H2/charts/MA_2025-H2_effective-returns.png",
        "2025-H2/charts/MA_2025-H2_effective-returns.svg",
        "2025-H2/charts/MA_2025-H2_effective-returns.txt",
    ];
    for f in files {
        assert!(out.join(f).is_file(), "{f}");
    }
    stats_xlsx(
        &inbox.join("DE_MA_2025-H2.xlsx"),
        "DE",
        "MA",
        vec![vec![T("return-decisions"), T("SY"), E, T("12O"), E, E]],
    );
    let (_, second) = build(&inbox, &out);
    assert_eq!(second.blocked, ["MA_2025-H2"]);
    // The year's only report is blocked: its annual summary goes too.
    let annual = [
        "annual/annual-summary_2025.pdf",
        "annual/annual-summary_2025.json",
        "annual/annual-summary_2025.docx",
        "annual/charts/annual-summary_2025_effective-returns.png",
        "annual/charts/annual-summary_2025_effective-returns.svg",
        "annual/charts/annual-summary_2025_effective-returns.txt",
    ];
    let gone: Vec<&str> = files.iter().chain(&annual).copied().collect();
    assert_eq!(second.removed, gone);
    for f in &gone {
        assert!(!out.join(f).exists(), "{f} is left to look current");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["removed"], serde_json::json!(gone));
    assert_eq!(manifest["blocked"], serde_json::json!(["MA_2025-H2"]));
    assert!(
        manifest["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| !o["path"].as_str().unwrap().contains("MA_2025-H2"))
    );
    // Senegal's only file becomes unreadable: its report and the annual
    // summary of a year with no report built go too.
    let sn = inbox.join("FR_SN_2026-H1.xlsx");
    stats_xlsx(
        &sn,
        "FR",
        "SN",
        vec![vec![T("return-decisions"), T("SY"), E, N(3.0), E, E]],
    );
    let (_, third) = build(&inbox, &out);
    assert!(out.join("2026-H1/SN_2026-H1.pdf").is_file(), "{third:?}");
    assert!(out.join("annual/annual-summary_2026.pdf").is_file());
    std::fs::write(&sn, b"not a workbook").unwrap();
    let (_, fourth) = build(&inbox, &out);
    assert!(fourth.blocked.iter().any(|k| *k == "SN_2026-H1"), "{fourth:?}");
    assert!(
        fourth.removed.contains(&"2026-H1/SN_2026-H1.pdf".to_string()),
        "{fourth:?}"
    );
    assert!(!out.join("2026-H1/SN_2026-H1.pdf").exists());
    assert!(!out.join("annual/annual-summary_2026.pdf").exists());
}

/// Item 5: outputs are created 0666 less the umask, like any program's.
#[cfg(unix)]
#[test]
fn outputs_honour_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, inbox) = inbox();
    stats_xlsx(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        "FR",
        "MA",
        vec![vec![T("return-decisions"), T("SY"), E, N(6.0), E, E]],
    );
    let out = dir.path().join("out");
    build(&inbox, &out);
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let umask = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .map(|m| u32::from_str_radix(m.trim(), 8).unwrap())
        .expect("the process umask");
    for f in [
        "2025-H2/MA_2025-H2.pdf",
        "2025-H2/MA_2025-H2_annex.xlsx",
        "annual/annual-summary_2025.pdf",
        "validation.html",
        "manifest.json",
    ] {
        let mode = std::fs::metadata(out.join(f)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !umask, "{f}: {mode:o}");
    }
}

/// Item 6: a shard is judged on its own reports, reads only the files it
/// needs and writes no partial annual summary.
#[test]
fn a_shard_answers_for_its_own_reports_only() {
    let (dir, inbox) = inbox();
    stats_xlsx(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        "FR",
        "MA",
        vec![vec![T("return-decisions"), T("SY"), E, N(6.0), E, E]],
    );
    stats_xlsx(
        &inbox.join("FR_SN_2025-H2.xlsx"),
        "FR",
        "SN",
        vec![vec![T("return-decisions"), T("SY"), E, T("12O"), E, E]],
    );
    let out = dir.path().join("out");
    let shard = run(&[
        "build",
        inbox.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--hosts",
        "MA",
        "--log-format",
        "json",
    ]);
    let stderr = String::from_utf8_lossy(&shard.stderr);
    assert_eq!(shard.status.code(), Some(0), "{stderr}");
    let events: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect();
    let done = &events.last().expect("events")["summary"];
    assert_eq!(
        (done["errors"].as_u64(), done["annual_left_out"].as_bool()),
        (Some(0), Some(true))
    );
    assert!(out.join("2025-H2/MA_2025-H2.pdf").is_file());
    assert!(!out.join("annual").exists(), "a shard writes no annual summary");
    let validation: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("validation.json")).unwrap()).unwrap();
    assert_eq!(validation["summary"]["errors"], 0);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let inputs: Vec<&str> = manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        inputs,
        ["inbox/FR_MA_2025-H2.xlsx"],
        "the other host's file is not read"
    );
    assert_eq!(manifest["annual_left_out"], true);
    // The whole inbox: exit 1 for Senegal, Morocco built, the annual too.
    let full = run(&[
        "build",
        inbox.to_str().unwrap(),
        "--out",
        dir.path().join("full").to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(full.status.code(), Some(1));
    assert!(dir.path().join("full/annual/annual-summary_2025.pdf").is_file());
    // Shards by index cover every host exactly once.
    let hosts = ["MA", "SN", "TR", "PK", "LY", "NG", "AF", "IQ"];
    for host in hosts {
        let holders: Vec<u32> = (0..3)
            .filter(|i| pipeline::Shard { index: *i, count: 3 }.holds(host))
            .collect();
        assert_eq!(holders.len(), 1, "{host}");
    }
    let bad = run(&["build", inbox.to_str().unwrap(), "--shard", "3/3"]);
    assert_eq!(bad.status.code(), Some(2));
    // A stale copy of a report in another folder is refused, not picked.
    let stale = dir.path().join("stale/2025-H2");
    std::fs::create_dir_all(&stale).unwrap();
    let json = std::fs::read_to_string(out.join("2025-H2/MA_2025-H2.json")).unwrap();
    assert!(json.contains("\"total\": 6"));
    std::fs::write(
        stale.join("MA_2025-H2.json"),
        json.replace("\"total\": 6", "\"total\": 7"),
    )
    .unwrap();
    let annual = run(&[
        "annual",
        "--from",
        out.to_str().unwrap(),
        dir.path().join("stale").to_str().unwrap(),
        "--out",
        dir.path().join("final").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&annual.stderr);
    assert_eq!(annual.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("MA_2025-H2 is in") && stderr.contains("stale"),
        "{stderr}"
    );
}

/// Item 7: `--draft` marks the annual summary built from draft reports.
#[test]
fn an_annual_summary_from_draft_reports_is_a_draft() {
    let (dir, inbox) = inbox();
    stats_xlsx(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        "FR",
        "MA",
        vec![
            vec![T("return-decisions"), T("SY"), E, N(6.0), E, E],
            vec![T("return-decisions"), T("AF"), E, T("12O"), E, E],
        ],
    );
    let out = dir.path().join("out");
    let (_, outcome) = build_with(
        Options {
            inbox: inbox.clone(),
            draft: true,
            ..Options::default()
        },
        &out,
    );
    assert!(outcome.blocked.is_empty());
    let marking = FormatDef::builtin().label("draft_marking", Lang::En);
    let annual = pdf_pages(&out.join("annual/annual-summary_2025.pdf"));
    assert!(annual.iter().all(|p| p.contains(&marking)), "{annual:?}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("2025-H2/MA_2025-H2.json")).unwrap()).unwrap();
    assert_eq!(json["draft"], true);
    // `annual --from` over that output is a draft too.
    let again = dir.path().join("again");
    let r = run(&[
        "annual",
        "--from",
        out.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(pdf_text(&again.join("annual/annual-summary_2025.pdf")).contains(&marking));
}

/// Item 8: a submitting state that was not a Member State in the semester.
#[test]
fn a_submitting_state_must_be_a_member_during_the_semester() {
    let (_dir, inbox) = inbox();
    stats_xlsx(
        &inbox.join("UK_MA_2025-H2.xlsx"),
        "UK",
        "MA",
        vec![vec![T("return-decisions"), T("SY"), E, N(6.0), E, E]],
    );
    xlsx(
        &inbox.join("HR_MA_2010-H1.xlsx"),
        &[submission_sheet("HR", "MA", "2010-H1", &[])],
    );
    let a = analyse(&inbox);
    let invalid = diags(&a, "invalid-choice");
    assert_eq!(invalid.len(), 2, "{}", a.validation.to_text());
    let uk = invalid.iter().find(|d| d.found.as_deref() == Some("UK")).unwrap();
    assert!(uk.is_error() && uk.hint.contains("until 31.1.2020"), "{}", uk.hint);
    assert_eq!(uk.cell.as_deref(), Some("B1"));
    let hr = invalid.iter().find(|d| d.found.as_deref() == Some("HR")).unwrap();
    assert!(hr.hint.contains("from 1.7.2013"), "{}", hr.hint);
    assert!(a.submissions.is_empty());
}

/// Item 9: a workbook made by `template` and returned untouched is not
/// data (its pre-filled rows are not rows of data) and has no error.
#[test]
fn an_untouched_template_workbook_has_no_error() {
    use ilo_report::workbook::{Spec, SubmissionWorkbook};
    let (_dir, inbox) = inbox();
    let wb = SubmissionWorkbook::new(
        FormatDef::builtin(),
        Spec {
            member_state: "FR".into(),
            host: "MA".into(),
            semester: "2025-H2".parse::<Semester>().unwrap(),
            lang: Lang::Fr,
        },
    );
    wb.save(&inbox.join(wb.file_name())).unwrap();
    let a = analyse(&inbox);
    assert!(
        a.validation.diagnostics.iter().all(|d| !d.is_error()),
        "{}",
        a.validation.to_text()
    );
    let postings = a.validation.files[0]
        .tables
        .iter()
        .find(|t| t.table == "postings")
        .unwrap();
    assert_eq!((postings.rows_read, postings.rows_rejected), (0, 0));
    assert_eq!(a.reports.len(), 1);
    assert!(a.reports[0].composition.is_empty() && a.reports[0].statistics.is_empty());
}

/// Item 10: meetings with the same date and chair but other subjects are
/// distinct; only the identical one is merged, and that is noted.
#[test]
fn distinct_meetings_are_kept_and_identical_ones_merged() {
    let (_dir, inbox) = inbox();
    let meetings = |subjects: &[&'static str]| {
        let mut rows = vec![header(&["date", "chair", "participants", "subjects"])];
        rows.extend(
            subjects
                .iter()
                .map(|s| vec![D(2025, 10, 9), T("FR"), T("FR, DE"), T(s)]),
        );
        ("Meetings", rows)
    };
    xlsx(
        &inbox.join("FR_MA_2025-H2.xlsx"),
        &[
            submission_sheet("FR", "MA", "2025-H2", &[("acting_for_presidency", "yes")]),
            meetings(&["Carriers"]),
        ],
    );
    xlsx(
        &inbox.join("DE_MA_2025-H2.xlsx"),
        &[
            submission_sheet("DE", "MA", "2025-H2", &[]),
            meetings(&["carriers", "Document fraud"]),
        ],
    );
    let a = analyse(&inbox);
    let m = &a.reports[0].meetings;
    // Germany comes first in protocol order; France's identical meeting is
    // merged into Germany's.
    let subjects: Vec<String> = m
        .iter()
        .filter_map(|x| x.item.subjects.as_deref().map(str::to_lowercase))
        .collect();
    assert_eq!(subjects, ["carriers", "document fraud"]);
    assert_eq!(m[0].member_state, "DE");
    assert_eq!(m[0].also_reported_by, ["FR"]);
    assert!(m[1].also_reported_by.is_empty());
}

/// Item 12: a report-level warning is said once per report, not per file.
#[test]
fn a_report_level_warning_is_said_once() {
    let (_dir, inbox) = inbox();
    for ms in ["FR", "DE", "ES"] {
        for table in ["statistics", "postings"] {
            let text = if table == "statistics" {
                "indicator,citizenship,value\nreturn-decisions,SY,5\n".to_string()
            } else {
                format!("member_state,ilos\n{ms},2\n")
            };
            write(&inbox.join(format!("{ms}_MA_2025-H2_{table}.csv")), &text);
        }
    }
    let a = analyse(&inbox);
    let warnings = diags(&a, "no-drafting-member-state");
    assert_eq!(warnings.len(), 1, "{}", a.validation.to_text());
    assert_eq!(warnings[0].file, "");
    assert!(warnings[0].report.as_ref().is_some_and(|r| *r == "MA_2025-H2"));
    let console = a.validation.console(false);
    assert_eq!(console.matches("no-drafting-member-state").count(), 1, "{console}");
    assert!(
        console.contains("report MA_2025-H2: 0 error(s), 3 warning(s)"),
        "{console}"
    );
}

/// Item 13: thousands of problems are summed up per file and code on the
/// console; `--verbose` prints every one.
#[test]
fn the_console_sums_up_a_systematic_mistake() {
    let (_dir, inbox) = inbox();
    let mut text = String::from("indicator,citizenship,value\n");
    for _ in 0..400 {
        text.push_str("return-decisions,SY,n/a\n");
    }
    write(&inbox.join("FR_MA_2025-H2_statistics.csv"), &text);
    let short = run(&["validate", inbox.to_str().unwrap()]);
    assert_eq!(short.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&short.stdout);
    assert_eq!(stdout.matches("error[invalid-number]").count(), 3, "{stdout}");
    assert!(stdout.contains("… and 397 more invalid-number here"), "{stdout}");
    assert!(stdout.contains("397 problem(s) not shown here"), "{stdout}");
    assert!(stdout.lines().count() < 12, "{stdout}");
    let verbose = run(&["validate", inbox.to_str().unwrap(), "--verbose"]);
    let stdout = String::from_utf8_lossy(&verbose.stdout);
    assert_eq!(stdout.matches("error[invalid-number]").count(), 400);
}

/// Item 14: a region of particular interest is a report host: in file
/// names, CSV columns, Submission sheets, `template`, the report's title
/// and the annual summary.
#[test]
fn a_region_of_particular_interest_is_a_report_host() {
    let (dir, inbox) = inbox();
    write(
        &inbox.join("FR_west-africa_2025-H2_statistics.csv"),
        "indicator,citizenship,value\nreturn-decisions,SN,9\n",
    );
    write(
        &inbox.join("de.csv"),
        "member_state,host,semester,indicator,citizenship,value\nDE,Westafrika,2025-H2,return-decisions,ML,4\n",
    );
    let template = dir.path().join("ES_west-africa_2025-H2.xlsx");
    let t = run(&[
        "template",
        "--member-state",
        "ES",
        "--host",
        "west-africa",
        "--semester",
        "2025-H2",
        "--out",
        template.to_str().unwrap(),
    ]);
    assert_eq!(t.status.code(), Some(0), "{}", String::from_utf8_lossy(&t.stderr));
    std::fs::copy(&template, inbox.join("ES_west-africa_2025-H2.xlsx")).unwrap();
    let out = dir.path().join("out");
    let (a, outcome) = build(&inbox, &out);
    assert!(
        a.validation.diagnostics.iter().all(|d| !d.is_error()),
        "{}",
        a.validation.to_text()
    );
    assert_eq!(outcome.blocked, Vec::<String>::new());
    assert_eq!(a.submissions.len(), 3);
    assert_eq!(total(&a, "west-africa_2025-H2", "return-decisions"), 13);
    let text = pdf_text(&out.join("2025-H2/west-africa_2025-H2.pdf"));
    assert!(
        text.contains("West Africa") && text.contains("Countries of the region"),
        "{text}"
    );
    assert!(text.contains("Senegal") && text.contains("Cabo Verde"), "{text}");
    let annual = pdf_text(&out.join("annual/annual-summary_2025.pdf"));
    assert!(annual.contains("West Africa"), "{annual}");
    let unknown = run(&[
        "template",
        "--member-state",
        "ES",
        "--host",
        "atlantis",
        "--semester",
        "2025-H2",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("atlantis is neither") && !stderr.contains("Some("),
        "{stderr}"
    );
}

/// The invariants over an inbox of the network's real size: 27 Member
/// States × 100 hosts × 2 semesters (7 920 files, offices adding total rows
/// in their own words), every figure accounted for and none counted twice.
#[test]
fn the_invariants_hold_on_a_generated_eu_scale_inbox() {
    let dir = tempfile::tempdir().unwrap();
    let spec = ilo_report::generate::Spec {
        member_states: 27,
        hosts: 100,
        year: 2025,
        seed: 1,
    };
    let files = ilo_report::generate::generate(&spec, dir.path()).unwrap();
    let a = analyse(dir.path());
    assert_eq!(a.validation.summary.files, files);
    assert_eq!(
        (a.validation.summary.errors, a.validation.summary.warnings),
        (0, 400),
        "{}",
        a.validation.console(false)
    );
    assert_eq!(a.reports.len(), 200);
    assert_eq!(by_design_warnings_only(&a), 400, "two per report, and no other");
    let rows: usize = a
        .validation
        .files
        .iter()
        .flat_map(|f| &f.tables)
        .filter(|t| t.table == "statistics")
        .map(|t| t.rows_used)
        .sum();
    let figures: usize = a.submissions.iter().map(|s| s.statistics.len()).sum();
    assert!(
        figures < rows,
        "total rows are checks, not figures: {figures} of {rows}"
    );
}
