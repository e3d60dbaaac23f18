//! The format definition (`report-templates/2005-687.json`): parts,
//! sections, the indicator catalogue, the input tables with their column
//! aliases, and every label in English, French and German. Sections and
//! indicators are data, so a newer format is a new file, not new code
//! (`report-templates/2019-1240-network.json` is one).

mod check;
mod items;
pub(crate) mod plausibility;

pub use items::{
    AnnualUse, BreakdownKind, ColumnDef, ColumnKind, IndicatorDef, LegalBasis, PartDef, Scope, SectionDef, TableDef,
    Translated,
};
pub use plausibility::Plausibility;

use crate::reference::{Lang, fold};
use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// The built-in format definition's text.
pub const BUILTIN_TEXT: &str = include_str!("../../report-templates/2005-687.json");

/// The format files shipped in `report-templates/`, by id: `--format-file`
/// takes a path or one of these ids.
pub(crate) const SHIPPED: &[(&str, &str)] = &[
    ("2005-687", BUILTIN_TEXT),
    (
        "2019-1240-network",
        include_str!("../../report-templates/2019-1240-network.json"),
    ),
];

/// How the Council registers and sends a semester report (its first
/// page and footer).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CouncilDef {
    /// The addressee of the NOTE ("Delegations"), unless `--to` names one.
    pub(crate) addressee: Translated,
    /// The Council's subject codes (`MIGR`, `FRONT`, `COMIX`).
    pub(crate) subject_codes: Vec<String>,
    /// The General Secretariat's directorate named in the footer (`JAI.1`).
    pub(crate) directorate: String,
}

/// A whole format definition.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormatDef {
    pub id: String,
    /// What the format is and how far it is adopted (printed nowhere).
    #[serde(default)]
    pub(crate) about: Option<String>,
    pub(crate) title: Translated,
    /// The acts the format follows, oldest first, with the periods they
    /// applied.
    pub(crate) legal_basis: Vec<LegalBasis>,
    /// The cover note of a document dated outside every legal basis's
    /// period: the format is followed voluntarily (`{semester}` is the
    /// semester or year).
    pub(crate) outside_legal_basis: Translated,
    /// How the Council registers and sends a semester report.
    pub(crate) council: CouncilDef,
    pub(crate) parts: Vec<PartDef>,
    pub sections: Vec<SectionDef>,
    pub indicators: Vec<IndicatorDef>,
    pub(crate) tables: Vec<TableDef>,
    /// Accepted spellings of choice values, by canonical value.
    pub(crate) choice_aliases: HashMap<String, Vec<String>>,
    /// Words for "total" in a citizenship or breakdown cell (SPEC §4.1):
    /// such a row totals the others and is checked, never added.
    #[serde(default)]
    pub(crate) total_words: Vec<String>,
    /// Every label the reports print, by key.
    pub(crate) labels: BTreeMap<String, Translated>,
    /// The plausibility checks of the figures (none when not given).
    #[serde(default)]
    pub(crate) plausibility: Plausibility,
    /// SHA-256 of the definition's text: what the caches and the manifest
    /// record of the format in use.
    #[serde(skip)]
    pub sha256: String,
    /// Canonical choice value → its folded spellings.
    #[serde(skip)]
    folded_choices: HashMap<String, Vec<String>>,
    #[serde(skip)]
    folded_totals: Vec<String>,
}

impl FormatDef {
    /// Reads a format definition file (`--format-file`), or a shipped
    /// format by id, and checks it, its labels against the built-in ones.
    pub fn load(path: &std::path::Path) -> Result<FormatDef> {
        let shipped = SHIPPED.iter().find(|(id, _)| path.as_os_str() == *id && !path.exists());
        let text = match shipped {
            Some((_, text)) => (*text).to_string(),
            None => std::fs::read_to_string(path).with_context(|| {
                let ids: Vec<&str> = SHIPPED.iter().map(|(id, _)| *id).collect();
                format!(
                    "cannot read {} (nor is it a shipped format: {})",
                    path.display(),
                    ids.join(", ")
                )
            })?,
        };
        let def = FormatDef::parse(&text).and_then(|def| {
            def.check_labels(FormatDef::builtin())?;
            Ok(def)
        });
        def.with_context(|| format!("the format file {} cannot be used", path.display()))
    }

    /// Parses a format definition and checks it: its JSON shape (a wrong
    /// field is named by its JSON path, e.g. `tables[1].columns[1].kind`),
    /// its internal references, the tables and columns the readers rely
    /// on, and a text in every language for every label and title.
    pub fn parse(text: &str) -> Result<FormatDef> {
        let mut json = serde_json::Deserializer::from_str(text);
        let mut def: FormatDef = serde_path_to_error::deserialize(&mut json)
            .map_err(|e| anyhow::anyhow!("at {}: {}", e.path(), e.inner()))?;
        def.sha256 = crate::ingest::sha256_hex(text.as_bytes());
        def.check()?;
        for table in &mut def.tables {
            table.folded_sheets = [&table.sheet.en, &table.sheet.fr, &table.sheet.de, &table.id]
                .into_iter()
                .chain(&table.sheet_aliases)
                .map(|n| fold(n))
                .collect();
            for col in &mut table.columns {
                col.folded = std::iter::once(&col.id).chain(&col.aliases).map(|n| fold(n)).collect();
            }
        }
        let all_choices: Vec<String> = def
            .tables
            .iter()
            .flat_map(|t| t.columns.iter().flat_map(|c| c.choices.iter().cloned()))
            .chain(
                def.indicators
                    .iter()
                    .flat_map(|i| i.breakdowns.iter().cloned().chain([i.unit.clone()])),
            )
            .collect();
        for choice in all_choices {
            let mut spellings = vec![fold(&choice)];
            spellings.extend(def.choice_aliases.get(&choice).into_iter().flatten().map(|a| fold(a)));
            def.folded_choices.insert(choice, spellings);
        }
        // Folded spellings (accents ignored) of the words, and each word in
        // lower case as written (so `Σ` is not folded to a letter).
        def.folded_totals = def
            .total_words
            .iter()
            .map(|w| fold(w))
            .filter(|w| w.len() > 1)
            .chain(def.total_words.iter().map(|w| w.trim().to_lowercase()))
            .collect();
        Ok(def)
    }

    /// The built-in `2005-687` definition.
    pub fn builtin() -> &'static FormatDef {
        static DEF: std::sync::LazyLock<FormatDef> = std::sync::LazyLock::new(|| {
            FormatDef::parse(BUILTIN_TEXT).expect("the built-in format definition is valid")
        });
        &DEF
    }

    /// Resolves a section written as `II.3`, `ii 3`, `II.3 Modus operandi` or
    /// by its title in any language.
    pub(crate) fn resolve_section(&self, text: &str) -> Option<&SectionDef> {
        let folded = fold(text);
        self.sections.iter().find(|s| {
            let id = fold(&s.id);
            folded == id
                || folded.starts_with(&format!("{id} "))
                || [&s.title.en, &s.title.fr, &s.title.de]
                    .iter()
                    .any(|t| fold(t) == folded)
        })
    }

    /// Whether a cell's text is a word for "total" (Total, Insgesamt,
    /// Total général, Σ …).
    pub(crate) fn is_total_word(&self, text: &str) -> bool {
        let folded = fold(text);
        (folded.len() > 1 && self.folded_totals.contains(&folded))
            || self.folded_totals.contains(&text.trim().to_lowercase())
    }

    /// The legal basis cited for a document about a period ending on
    /// `day`, and whether it applied then: the act in force that day, else
    /// the nearest one (the last before it, or the first after).
    pub(crate) fn legal_basis_for(&self, day: chrono::NaiveDate) -> (&LegalBasis, bool) {
        if let Some(b) = self.legal_basis.iter().find(|b| b.applies_on(day)) {
            return (b, true);
        }
        let nearest = self
            .legal_basis
            .iter()
            .rev()
            .find(|b| b.valid_from <= day)
            .or(self.legal_basis.first());
        (nearest.expect("a format has a legal basis (checked on load)"), false)
    }

    pub fn indicator(&self, id: &str) -> Option<&IndicatorDef> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// Resolves an indicator by id or by its title in any language.
    pub(crate) fn resolve_indicator(&self, text: &str) -> Option<&IndicatorDef> {
        let folded = fold(text);
        self.indicators.iter().find(|i| {
            fold(&i.id) == folded
                || [&i.title.en, &i.title.fr, &i.title.de]
                    .iter()
                    .any(|t| fold(t) == folded)
        })
    }

    pub fn table(&self, id: &str) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// Resolves a choice value against the allowed `choices`, accepting the
    /// canonical spelling and its aliases in any case and accent.
    pub(crate) fn resolve_choice<'a>(&self, text: &str, choices: &'a [String]) -> Option<&'a str> {
        let folded = fold(text);
        choices
            .iter()
            .map(String::as_str)
            .find(|choice| match self.folded_choices.get(*choice) {
                Some(spellings) => spellings.contains(&folded),
                None => fold(choice) == folded,
            })
    }

    /// A label in a language; the key itself when the label is missing.
    pub fn label(&self, key: &str, lang: Lang) -> String {
        self.labels
            .get(key)
            .map_or_else(|| key.to_string(), |t| t.get(lang).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_format_has_the_sections_of_decision_2005_687() {
        let def = FormatDef::builtin();
        let ids: Vec<&str> = def.sections.iter().map(|s| s.id.as_str()).collect();
        // The Decision's sections, with asylum seekers' access to
        // protection (I.9, Art. 4 as amended in 2011) and human rights
        // aspects (II.10, for the Commission's Art. 6(3) summary).
        assert_eq!(
            ids,
            [
                "I.1", "I.2", "I.3", "I.4", "I.5", "I.6", "I.7", "I.8", "I.9", "II.1", "II.2", "II.3", "II.4", "II.5",
                "II.6", "II.7", "II.8", "II.9", "II.10"
            ]
        );
        let supplementary: Vec<&str> = def
            .sections
            .iter()
            .filter(|s| s.supplementary)
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(supplementary, ["I.8", "II.9"]);
        let day = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
        let (basis, applied) = def.legal_basis_for(day("2012-12-31"));
        assert!(applied && basis.citation.en.contains("493/2011"));
        let (basis, applied) = def.legal_basis_for(day("2010-06-30"));
        assert!(applied && !basis.citation.en.contains("493/2011"));
        let (basis, applied) = def.legal_basis_for(day("2020-06-30"));
        assert!(!applied && basis.citation.en.contains("493/2011"));
        assert!(!def.legal_basis_for(day("2004-12-31")).1);
        assert_eq!(def.indicators.len(), 9);
        assert_eq!(
            def.indicator("host-apprehensions").map(|i| i.scope),
            Some(Scope::HostWide)
        );
        assert_eq!(
            def.indicator("effective-returns").map(|i| i.scope),
            Some(Scope::PerMemberState)
        );
        assert_eq!(
            def.resolve_section("II.3").map(|s| s.title.fr.as_str()),
            Some("Modus operandi")
        );
    }

    #[test]
    fn resolves_sections_indicators_and_choices_leniently() {
        let def = FormatDef::builtin();
        assert_eq!(def.resolve_section("ii.3").map(|s| s.id.as_str()), Some("II.3"));
        assert_eq!(
            def.resolve_section("II.3 Modus operandi").map(|s| s.id.as_str()),
            Some("II.3")
        );
        assert_eq!(def.resolve_section("Routen").map(|s| s.id.as_str()), Some("II.2"));
        assert!(def.resolve_section("III.1").is_none());
        assert_eq!(
            def.resolve_indicator("Refusals_of_Entry").map(|i| i.id.as_str()),
            Some("refusals-of-entry")
        );
        let modes = &def.table("routes").and_then(|t| t.column("mode")).unwrap().choices;
        assert_eq!(def.resolve_choice("Maritime", modes), Some("sea"));
        assert_eq!(def.resolve_choice("Luftweg", modes), Some("air"));
        assert_eq!(def.resolve_choice("rail", modes), None);
    }

    #[test]
    fn headers_match_in_three_languages() {
        let def = FormatDef::builtin();
        let stats = def.table("statistics").unwrap();
        for header in ["citizenship", "Nationalité", "Staatsangehörigkeit", " CITIZENSHIP "] {
            assert_eq!(
                stats.column_for_header(header).map(|c| c.id.as_str()),
                Some("citizenship"),
                "{header}"
            );
        }
        assert!(stats.column_for_header("colour").is_none());
        assert!(def.table("statistics").unwrap().matches_sheet("Statistiques"));
    }
}
