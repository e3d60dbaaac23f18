//! The personal-data guard on real files: every planted item (passport
//! number, e-mail address, phone number, IBAN, a name after a title) is
//! found at its cell, masked in the validation report; nothing is flagged
//! in the sample's narratives; `--deny-personal-data` blocks the report.

mod common;

use common::*;
use ilo_report::pipeline::Options;

/// France's narrative and meetings for Morocco, with five planted items.
fn planted(inbox: &std::path::Path) {
    write(
        &inbox.join("FR_MA_2025-H2_narrative.csv"),
        "section,text\n\
         II.3,\"The facilitator travelled on passport no. X1234567 via Casablanca.\"\n\
         I.3,\"Questions to jan.kowalski@mswia.gov.pl or +48 22 601 44 55.\"\n\
         II.4,\"Payments went to DE89 3704 0044 0532 0130 00.\"\n\
         II.7,\"Case 2025/1234 and Regulation (EU) 2019/1240: 4 321 persons in 2025.\"\n",
    );
    write(
        &inbox.join("FR_MA_2025-H2_meetings.csv"),
        "date,chair,subjects\n2025-10-09,Mr Jan Kowalski,Routes\n",
    );
}

#[test]
fn planted_personal_data_is_found_at_its_cell_and_masked() {
    let (_dir, inbox) = inbox();
    planted(&inbox);
    let a = analyse(&inbox);
    let found = diags(&a, "personal-data");
    let at: Vec<(String, Option<String>)> = found
        .iter()
        .map(|d| (d.file.rsplit('/').next().unwrap().to_string(), d.cell.clone()))
        .collect();
    let cell = |file: &str, c: &str| (file.to_string(), Some(c.to_string()));
    assert_eq!(
        at,
        [
            cell("FR_MA_2025-H2_meetings.csv", "B2"),
            cell("FR_MA_2025-H2_narrative.csv", "B2"),
            cell("FR_MA_2025-H2_narrative.csv", "B3"),
            cell("FR_MA_2025-H2_narrative.csv", "B3"),
            cell("FR_MA_2025-H2_narrative.csv", "B4"),
        ],
        "{}",
        a.validation.to_text()
    );
    let hints: Vec<&str> = found.iter().map(|d| d.hint.as_str()).collect();
    for kind in [
        "personal name",
        "document number",
        "e-mail address",
        "phone number",
        "IBAN",
    ] {
        assert!(hints.iter().any(|h| h.contains(kind)), "{kind}: {hints:?}");
    }
    // Masked in the report: the address, the number, the name never appear.
    let text = a.validation.to_text() + &String::from_utf8(a.validation.to_json().unwrap()).unwrap();
    for secret in ["jan.kowalski@", "X1234567", "601 44 55", "0532 0130", "Jan Kowalski"] {
        assert!(!text.contains(secret), "{secret} in the validation report");
    }
    assert!(
        found
            .iter()
            .all(|d| d.severity == ilo_report::diagnostics::Severity::Warning)
    );
    // The row is read all the same: the text is the Member State's to fix.
    assert_eq!(a.reports[0].narrative.len(), 4);
}

#[test]
fn deny_personal_data_blocks_the_report_and_the_sample_has_none() {
    let (dir, inbox) = inbox();
    planted(&inbox);
    let out = dir.path().join("out");
    let options = Options {
        inbox: inbox.clone(),
        deny_personal_data: true,
        ..Default::default()
    };
    let (a, outcome) = build_with(options, &out);
    assert_eq!(a.validation.summary.errors, 5, "{}", a.validation.to_text());
    assert_eq!(outcome.blocked.len(), 1);
    assert!(!out.join("2025-H2/MA_2025-H2.pdf").exists());

    let sample = analyse(&sample_data());
    assert!(
        diags(&sample, "personal-data").is_empty(),
        "{}",
        sample.validation.to_text()
    );
}

#[test]
fn redact_replaces_every_planted_item_in_the_documents_and_says_so() {
    let (dir, inbox) = inbox();
    planted(&inbox);
    let out = dir.path().join("out");
    let options = Options {
        inbox: inbox.clone(),
        redact: true,
        ..Default::default()
    };
    let (a, outcome) = build_with(options, &out);
    assert!(outcome.failed.is_empty(), "{:?}", outcome.failed);
    // The warnings stay: the Member State still has to correct its text.
    assert_eq!(diags(&a, "personal-data").len(), 5);
    assert_eq!(a.reports[0].redacted, 5);

    let pdf = pdf_text(&out.join("2025-H2/MA_2025-H2.pdf"));
    let model = std::fs::read_to_string(out.join("2025-H2/MA_2025-H2.json")).unwrap();
    let annual = std::fs::read(out.join("annual/annual-summary_2025.docx")).unwrap();
    let annual = docx_text(&annual);
    for secret in ["kowalski", "X1234567", "601 44 55", "0532 0130"] {
        for (name, text) in [("PDF", &pdf), ("JSON", &model), ("DOCX", &annual)] {
            assert!(
                !text.to_lowercase().contains(&secret.to_lowercase()),
                "{secret} in the {name}"
            );
        }
    }
    let flat = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("travelled on [redacted] via Casablanca"), "{flat}");
    assert!(flat.contains("Questions to [redacted] or [redacted]."), "{flat}");
    // Official references and statistics are kept.
    assert!(flat.contains("Case 2025/1234 and Regulation (EU) 2019/1240: 4 321 persons in 2025."));
    assert!(
        flat.contains(
            "Passages replaced by “[redacted]” because they seemed to hold personal data (ilo-report --redact): 5."
        ),
        "{flat}"
    );
}
