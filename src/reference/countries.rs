//! Countries (ISO 3166-1 with the EU's codes `EL` and `UK`, plus Kosovo `XK`),
//! their names in English, French and German, EU membership by date and the
//! protocol order of Member States.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

/// A report or display language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
    De,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
        }
    }
}

/// One country of the built-in list.
#[derive(Debug, Deserialize)]
pub struct Country {
    /// The EU code written on output (`EL` for Greece, `UK` for the United Kingdom).
    pub code: String,
    pub(crate) alpha2: String,
    pub(crate) alpha3: String,
    pub en: String,
    pub(crate) fr: String,
    pub de: String,
    /// Official and common variants accepted on input.
    pub(crate) aliases: Vec<String>,
}

impl Country {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
            Lang::De => &self.de,
        }
    }
}

#[derive(Deserialize)]
struct CountryFile {
    countries: Vec<Country>,
}

struct Registry {
    countries: Vec<Country>,
    by_code: HashMap<String, usize>,
    by_folded_name: HashMap<String, usize>,
}

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    let file: CountryFile =
        serde_json::from_str(include_str!("countries.json")).expect("the built-in country list is valid JSON");
    let mut by_code = HashMap::new();
    let mut by_folded_name = HashMap::new();
    for (i, c) in file.countries.iter().enumerate() {
        by_code.insert(c.code.clone(), i);
        by_code.insert(c.alpha2.clone(), i);
        by_code.insert(c.alpha3.clone(), i);
        for name in [&c.en, &c.fr, &c.de].into_iter().chain(&c.aliases) {
            by_folded_name.entry(super::fold(name)).or_insert(i);
        }
    }
    Registry {
        countries: file.countries,
        by_code,
        by_folded_name,
    }
});

/// Resolves a code (EU, ISO alpha-2 or alpha-3, any case) or a name in
/// English, French or German (case, accents and spacing ignored).
pub fn resolve(text: &str) -> Option<&'static Country> {
    let reg = &*REGISTRY;
    let trimmed = text.trim();
    if trimmed.len() <= 3
        && trimmed.is_ascii()
        && let Some(&i) = reg.by_code.get(&trimmed.to_ascii_uppercase())
    {
        return Some(&reg.countries[i]);
    }
    let folded = super::fold(trimmed);
    reg.by_folded_name.get(&folded).map(|&i| &reg.countries[i])
}

/// Every country of the built-in list.
pub fn all() -> impl Iterator<Item = &'static Country> {
    REGISTRY.countries.iter()
}

/// A country by its EU code.
pub(crate) fn by_code(code: &str) -> Option<&'static Country> {
    let reg = &*REGISTRY;
    reg.by_code.get(code).map(|&i| &reg.countries[i])
}

/// The country's (or region of particular interest's) name in a language,
/// or the code itself when unknown.
pub fn name(code: &str, lang: Lang) -> String {
    match by_code(code) {
        Some(c) => c.name(lang).to_string(),
        None => super::regions::by_id(code).map_or_else(|| code.to_string(), |r| r.title.get(lang).to_string()),
    }
}

/// Up to three names closest to `text`, for a hint.
pub(crate) fn suggestions(text: &str) -> Vec<String> {
    let folded = super::fold(text);
    if folded.is_empty() {
        return Vec::new();
    }
    let reg = &*REGISTRY;
    let mut scored: Vec<(f64, usize)> = reg
        .by_folded_name
        .iter()
        .map(|(name, &i)| {
            let prefix_bonus = if name.starts_with(&folded) { 0.2 } else { 0.0 };
            (strsim::jaro_winkler(&folded, name) + prefix_bonus, i)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out: Vec<String> = Vec::new();
    for (score, i) in scored {
        let c = &reg.countries[i];
        let label = format!("{} ({})", c.en, c.code);
        if score > 0.75 && !out.contains(&label) {
            out.push(label);
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// Member States in protocol order (the UK last, while it was a member).
pub(crate) const PROTOCOL_ORDER: [&str; 28] = [
    "BE", "BG", "CZ", "DK", "DE", "EE", "IE", "EL", "ES", "FR", "HR", "IT", "CY", "LV", "LT", "LU", "HU", "MT", "NL",
    "AT", "PL", "PT", "RO", "SI", "SK", "FI", "SE", "UK",
];

/// Schengen associated countries, which may post ILOs in the network too.
pub(crate) const SCHENGEN_ASSOCIATES: [&str; 4] = ["IS", "NO", "CH", "LI"];

/// Sort key placing Member States in protocol order, then the Schengen
/// associates, then anything else alphabetically.
pub fn protocol_rank(code: &str) -> (usize, String) {
    if let Some(i) = PROTOCOL_ORDER.iter().position(|c| *c == code) {
        return (i, String::new());
    }
    if let Some(i) = SCHENGEN_ASSOCIATES.iter().position(|c| *c == code) {
        return (PROTOCOL_ORDER.len() + i, String::new());
    }
    (usize::MAX, code.to_string())
}

/// When `code` was an EU Member State: first day and, for a state that
/// left, first day outside; `None` for a state that never was one.
pub(crate) fn membership(code: &str) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    match code {
        "BE" | "DE" | "FR" | "IT" | "LU" | "NL" | "DK" | "IE" | "EL" | "ES" | "PT" | "AT" | "FI" | "SE" => {
            Some((None, None))
        }
        "CZ" | "EE" | "CY" | "LV" | "LT" | "HU" | "MT" | "PL" | "SI" | "SK" => Some((d(2004, 5, 1), None)),
        "BG" | "RO" => Some((d(2007, 1, 1), None)),
        "HR" => Some((d(2013, 7, 1), None)),
        "UK" => Some((None, d(2020, 2, 1))),
        _ => None,
    }
}

/// Whether `code` was an EU Member State on `date`.
pub(crate) fn is_member_state_on(code: &str, date: NaiveDate) -> bool {
    membership(code).is_some_and(|(from, until)| from.is_none_or(|f| date >= f) && until.is_none_or(|u| date < u))
}

/// Whether `code` took part in ILO networks at some time from `start` to
/// `end`: a Member State for at least part of it, or a Schengen associate.
pub fn is_network_state_during(code: &str, start: NaiveDate, end: NaiveDate) -> bool {
    SCHENGEN_ASSOCIATES.contains(&code)
        || membership(code)
            .is_some_and(|(from, until)| from.is_none_or(|f| f <= end) && until.is_none_or(|u| u > start))
}

/// When a Member State was one, in words for a hint: "a Member State from
/// 1.7.2013", "a Member State until 31.1.2020".
pub(crate) fn membership_text(code: &str) -> String {
    let day = |d: NaiveDate| d.format("%-d.%-m.%Y").to_string();
    match membership(code) {
        Some((Some(from), None)) => format!("a Member State from {}", day(from)),
        Some((None, Some(until))) => format!("a Member State until {}", day(until.pred_opt().unwrap_or(until))),
        Some((None, None)) => "a Member State throughout".to_string(),
        _ => "never a Member State".to_string(),
    }
}

/// Whether `code` is a Member State at any time, or a Schengen associate:
/// the states that take part in ILO networks.
pub(crate) fn is_network_state(code: &str) -> bool {
    PROTOCOL_ORDER.contains(&code) || SCHENGEN_ASSOCIATES.contains(&code)
}

/// Whether a host code names a non-EU country on `date` (host countries are
/// outside the Union) or a region of particular interest.
pub fn is_eligible_host(code: &str, date: NaiveDate) -> bool {
    (by_code(code).is_some() && !is_member_state_on(code, date)) || super::regions::by_id(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_codes_and_names_in_three_languages() {
        for text in ["MA", "ma", "MAR", "Morocco", "Maroc", "Marokko", " maroc "] {
            assert_eq!(resolve(text).map(|c| c.code.as_str()), Some("MA"), "{text}");
        }
        for text in ["GR", "EL", "GRC", "Greece", "Grèce", "Griechenland", "Ελλάδα"] {
            assert_eq!(resolve(text).map(|c| c.code.as_str()), Some("EL"), "{text}");
        }
        for text in ["GB", "UK", "United Kingdom", "Royaume-Uni"] {
            assert_eq!(resolve(text).map(|c| c.code.as_str()), Some("UK"), "{text}");
        }
        for text in ["Türkiye", "Turkey", "Turquie", "Türkei", "TUR"] {
            assert_eq!(resolve(text).map(|c| c.code.as_str()), Some("TR"), "{text}");
        }
        for text in ["Côte d'Ivoire", "Ivory Coast", "Cote d’Ivoire", "Elfenbeinküste"] {
            assert_eq!(resolve(text).map(|c| c.code.as_str()), Some("CI"), "{text}");
        }
        assert_eq!(resolve("Kosovo").map(|c| c.code.as_str()), Some("XK"));
        assert_eq!(resolve("North Macedonia").map(|c| c.code.as_str()), Some("MK"));
        assert_eq!(resolve("Nordmazedonien").map(|c| c.code.as_str()), Some("MK"));
        assert!(resolve("Atlantis").is_none());
        assert!(resolve("").is_none());
    }

    #[test]
    fn names_per_language() {
        assert_eq!(name("TR", Lang::En), "Türkiye");
        assert_eq!(name("SN", Lang::Fr), "Sénégal");
        assert_eq!(name("MA", Lang::De), "Marokko");
        assert_eq!(name("CZ", Lang::En), "Czechia");
        assert_eq!(name("EL", Lang::En), "Greece");
    }

    #[test]
    fn suggestions_point_at_the_intended_country() {
        let s = suggestions("Marocco");
        assert!(s.iter().any(|n| n.contains("(MA)")), "{s:?}");
        let s = suggestions("Senegall");
        assert!(s.iter().any(|n| n.contains("(SN)")), "{s:?}");
    }

    #[test]
    fn membership_by_date_and_protocol_order() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(!is_member_state_on("PL", d(2004, 4, 30)));
        assert!(is_member_state_on("PL", d(2004, 5, 1)));
        assert!(!is_member_state_on("RO", d(2006, 12, 31)));
        assert!(is_member_state_on("HR", d(2013, 7, 1)));
        assert!(!is_network_state_during("HR", d(2010, 1, 1), d(2010, 6, 30)));
        assert!(is_network_state_during("HR", d(2013, 7, 1), d(2013, 12, 31)));
        assert!(!is_network_state_during("UK", d(2025, 1, 1), d(2025, 6, 30)));
        assert!(is_network_state_during("UK", d(2020, 1, 1), d(2020, 6, 30)));
        assert!(is_network_state_during("NO", d(2025, 1, 1), d(2025, 6, 30)));
        assert_eq!(membership_text("UK"), "a Member State until 31.1.2020");
        assert_eq!(membership_text("HR"), "a Member State from 1.7.2013");
        assert!(is_member_state_on("UK", d(2020, 1, 31)));
        assert!(!is_member_state_on("UK", d(2020, 2, 1)));
        assert!(!is_member_state_on("NO", d(2025, 1, 1)));
        assert!(is_eligible_host("UK", d(2025, 1, 1)));
        assert!(!is_eligible_host("FR", d(2025, 1, 1)));
        let mut states = vec!["SE", "NO", "FR", "BE", "EL", "DE"];
        states.sort_by_key(|c| protocol_rank(c));
        assert_eq!(states, ["BE", "DE", "EL", "FR", "SE", "NO"]);
        assert_eq!(PROTOCOL_ORDER.len(), 28);
    }
}
