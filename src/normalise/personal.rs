//! The personal-data guard: free text from Member States must not carry a
//! passport number, a name, an e-mail address or a phone number into a
//! report distributed to three institutions. Every text cell is checked;
//! a finding is a `personal-data` warning at its cell (an error with
//! `--deny-personal-data`), its match masked.
//!
//! The patterns look for what identifies a person, not for figures: an
//! IBAN must pass its check digits, a phone number must be written as one
//! (`+33 …`, `0033 …`, or after "tel"), a document number must follow the
//! document's name, a date of birth its words, and a name a title (Mr,
//! Mme, Herr …). Case numbers, regulation numbers and statistics pass.

use crate::model::SemesterReport;
use anyhow::Result;
use regex::Regex;
use std::sync::OnceLock;

/// A piece of personal data found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// What it looks like: `e-mail`, `phone number`, `IBAN`, …
    pub(crate) kind: &'static str,
    /// The text matched.
    pub(crate) matched: String,
    /// Where it is in the text (bytes).
    pub(crate) range: std::ops::Range<usize>,
}

/// What replaces personal data in the documents with `--redact`.
pub const REDACTED: &str = "[redacted]";

/// The patterns, by kind, compiled once.
fn patterns() -> &'static [(&'static str, Regex)] {
    static PATTERNS: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        [
            ("IBAN", r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b"),
            ("e-mail address", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
            (
                "phone number",
                r"(?i)(?:\+|\b00)\d{1,3}[ ./-]?(?:\(0\))?[ ./-]?\d(?:[ ./-]?\d){6,12}\b|\b(?:tel|tél|phone|mobile|gsm|fax|handy|telefon)\.?\s*:?\s*\+?\d(?:[ ./-]?\d){6,13}\b",
            ),
            ("machine-readable zone of a travel document", r"\b[A-Z0-9<]{2}[A-Z<]{3}[A-Z0-9<]{20,39}<<[A-Z0-9<]*"),
            (
                "identity or travel document number",
                r"(?i)\b(?:passport|passeport|pasaporte|passaporto|reisepass|id[ -]card|identity card|carte d'identité|personalausweis|document)\s*(?:no\.?|n°|nr\.?|number|numéro|nummer|#)?\s*:?\s*([A-Z0-9]*\d[A-Z0-9]{4,}[A-Z0-9]*)",
            ),
            (
                "date of birth",
                r"(?i)\b(?:born|date of birth|d\.o\.b\.?|dob|né|née|né le|née le|geboren|geb\.)\s*(?:on|le|am)?\s*:?\s*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}",
            ),
            (
                "personal name after a title",
                r"\b(?:Mr|Mrs|Ms|Mme|Mlle|Herr|Frau|Dr)\.?\s+\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)*|\bM\.\s+\p{Lu}[\p{L}'-]{2,}",
            ),
        ]
        .into_iter()
        .map(|(kind, pattern)| (kind, Regex::new(pattern).expect("the patterns are valid (tested)")))
        .collect()
    })
}

/// Every piece of personal data in `text`; where two patterns match the
/// same characters, the first kind listed wins (an IBAN's digits are not
/// also a phone number).
pub(crate) fn find(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for (kind, pattern) in patterns() {
        for m in pattern.find_iter(text) {
            let trimmed = m.as_str().trim_start();
            let start = m.start() + (m.as_str().len() - trimmed.len());
            let matched = trimmed.trim_end().to_string();
            let overlaps = taken.iter().any(|r| r.start < m.end() && m.start() < r.end);
            if overlaps || (*kind == "IBAN" && !iban_checks(&matched)) {
                continue;
            }
            taken.push(m.range());
            found.push(Finding {
                kind,
                range: start..start + matched.len(),
                matched,
            });
        }
    }
    found
}

/// `text` with every piece of personal data replaced by [`REDACTED`], and
/// how many were.
pub(crate) fn redact(text: &str) -> (String, usize) {
    let mut findings = find(text);
    if findings.is_empty() {
        return (text.to_string(), 0);
    }
    findings.sort_by_key(|f| f.range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in &findings {
        out.push_str(&text[at..f.range.start]);
        out.push_str(REDACTED);
        at = f.range.end;
    }
    out.push_str(&text[at..]);
    (out, findings.len())
}

/// Redacts every text of `report` (`--redact`): narratives, table cells,
/// notes and sources alike; records how many passages were replaced.
pub fn redact_report(report: &mut SemesterReport) -> Result<()> {
    let mut value = serde_json::to_value(&*report)?;
    let mut count = 0;
    redact_strings(&mut value, &mut count);
    if count > 0 {
        *report = serde_json::from_value(value)?;
        report.redacted = count;
    }
    Ok(())
}

/// Redacts every string under `value` (not object keys: those are ids).
fn redact_strings(value: &mut serde_json::Value, count: &mut usize) {
    match value {
        serde_json::Value::String(s) => {
            let (redacted, n) = redact(s);
            if n > 0 {
                *s = redacted;
                *count += n;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| redact_strings(v, count)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| redact_strings(v, count)),
        _ => {}
    }
}

/// Whether an IBAN's check digits are right (ISO 13616, mod 97).
fn iban_checks(iban: &str) -> bool {
    let compact: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    // IBANs are ASCII; the pattern's digits may not be (`\d` is Unicode).
    if !compact.is_ascii() || !(15..=34).contains(&compact.len()) {
        return false;
    }
    let (head, tail) = compact.split_at(4);
    let mut remainder: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let Some(value) = c.to_digit(36) else { return false };
        for digit in value.to_string().chars() {
            remainder = (remainder * 10 + digit.to_digit(10).unwrap_or(0)) % 97;
        }
    }
    remainder == 1
}

/// A match as the validation report shows it: its first two characters,
/// the rest hidden.
pub(crate) fn mask(matched: &str) -> String {
    let shown: String = matched.chars().take(2).collect();
    let hidden = matched.chars().count().saturating_sub(2).min(12);
    format!("{shown}{}", "•".repeat(hidden))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<&'static str> {
        find(text).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn planted_personal_data_is_found() {
        assert_eq!(
            kinds("Contact: jan.kowalski@mswia.gov.pl for details."),
            ["e-mail address"]
        );
        assert_eq!(kinds("Call +48 22 601 44 55 or the desk."), ["phone number"]);
        assert_eq!(kinds("Tel: 0612345678"), ["phone number"]);
        assert_eq!(kinds("Paid to DE89 3704 0044 0532 0130 00 last week."), ["IBAN"]);
        assert_eq!(
            kinds("He travelled on passport no. X1234567 issued in Dakar."),
            ["identity or travel document number"]
        );
        assert_eq!(
            kinds("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"),
            ["machine-readable zone of a travel document"]
        );
        assert_eq!(
            kinds("The facilitator, born 12.03.1985, was arrested."),
            ["date of birth"]
        );
        assert_eq!(
            kinds("The meeting was chaired by Mr Jan Kowalski."),
            ["personal name after a title"]
        );
        assert_eq!(
            kinds("Rencontre avec Mme Fatou Diop au ministère."),
            ["personal name after a title"]
        );
        assert_eq!(mask("jan.kowalski@mswia.gov.pl"), "ja••••••••••••");
    }

    #[test]
    fn redaction_replaces_each_match_and_nothing_else() {
        assert_eq!(
            redact("Réunion avec Mme Fatou Diop ; écrire à f.diop@interieur.gouv.sn ou au +221 33 889 10 10."),
            (
                "Réunion avec [redacted] ; écrire à [redacted] ou au [redacted].".to_string(),
                3
            )
        );
        let official = "Case 2025/1234-INT: 1 234 567 persons (Regulation (EU) 2019/1240).";
        assert_eq!(redact(official), (official.to_string(), 0));
    }

    #[test]
    fn an_iban_with_digits_of_another_script_is_not_one_and_no_panic() {
        // `१` is three bytes: cutting the IBAN's first four bytes would
        // split it.
        assert!(!kinds("Ref AB१२CDEFGHIJKLMNOP.").contains(&"IBAN"));
        assert!(!kinds("Paid to DE٨٩ 3704 0044 0532 0130 00.").contains(&"IBAN"));
    }

    #[test]
    fn official_text_and_figures_are_not_personal_data() {
        for text in [
            "Article 6 of Council Regulation (EC) No 377/2004, as amended by Regulation (EU) No 493/2011.",
            "Case 2025/1234-INT was closed; 1 234 567 persons were counted in 2025.",
            "Intercepted: 12 400 persons between 01.07.2025 and 31.12.2025 (+12.5% on 2024).",
            "The ILO of FR met the Ministry of the Interior (DGSN) in Rabat on 9.10.2025.",
            "Reference FR/ILO/MA/2025, document ILO/2025/17, ICAO Doc 9303.",
            "Flights AF1234 and TK 1847 carried 15 000 passengers; call sign DE89 was used.",
            "Refusals under grounds A to I (Annex V, Part B) rose to 4 321.",
        ] {
            assert_eq!(find(text), [], "{text}");
        }
    }
}
