//! What a format definition must hold for the readers and the documents:
//! checked when it is loaded, so that a renamed column or a missing label
//! is refused with its place in the file instead of losing rows.

use super::{ColumnKind, FormatDef};
use anyhow::Result;

/// The tables and columns the readers rely on, with the kind each is read
/// as (`normalise::submission`).
const REQUIRED_COLUMNS: &[(&str, &[(&str, ColumnKind)])] = &[
    (
        "submission",
        &[
            ("member_state", ColumnKind::MemberState),
            ("host", ColumnKind::Country),
            ("semester", ColumnKind::Semester),
            ("drafted_on", ColumnKind::Date),
            ("language", ColumnKind::Choice),
            ("acting_for_presidency", ColumnKind::YesNo),
            ("classification", ColumnKind::Choice),
            ("reference", ColumnKind::Text),
        ],
    ),
    (
        "postings",
        &[
            ("member_state", ColumnKind::MemberState),
            ("ilos", ColumnKind::Count),
            ("posted_at", ColumnKind::Text),
            ("accredited_to", ColumnKind::CountryList),
            ("represents", ColumnKind::MemberStateList),
        ],
    ),
    (
        "meetings",
        &[
            ("date", ColumnKind::Date),
            ("chair", ColumnKind::MemberStateOrText),
            ("participants", ColumnKind::CountryList),
            ("commission_present", ColumnKind::YesNo),
            ("frontex_present", ColumnKind::YesNo),
            ("subjects", ColumnKind::Text),
        ],
    ),
    (
        "training",
        &[
            ("date", ColumnKind::Date),
            ("title", ColumnKind::Text),
            ("organiser", ColumnKind::Text),
            ("audience", ColumnKind::Choice),
            ("participants", ColumnKind::Count),
        ],
    ),
    (
        "narrative",
        &[("section", ColumnKind::Section), ("text", ColumnKind::Text)],
    ),
    (
        "statistics",
        &[
            ("indicator", ColumnKind::Indicator),
            ("citizenship", ColumnKind::CountryOrEmpty),
            ("breakdown", ColumnKind::Text),
            ("value", ColumnKind::Number),
            ("unit", ColumnKind::Choice),
            ("source", ColumnKind::Text),
            ("note", ColumnKind::Text),
        ],
    ),
    (
        "routes",
        &[
            ("origin", ColumnKind::Country),
            ("transit", ColumnKind::CountryList),
            ("destination", ColumnKind::Country),
            ("mode", ColumnKind::Choice),
            ("trend", ColumnKind::Choice),
            ("description", ColumnKind::Text),
        ],
    ),
    (
        "documents",
        &[
            ("document_type", ColumnKind::Choice),
            ("issuing_country", ColumnKind::Country),
            ("fraud_type", ColumnKind::Choice),
            ("count", ColumnKind::Count),
            ("note", ColumnKind::Text),
        ],
    ),
];

impl FormatDef {
    /// The tables and columns the readers rely on are all there, of the
    /// kind they are read as; sections name parts and tables that exist;
    /// every text has its three languages. A format
    /// file that renamed one would otherwise lose rows without a word.
    pub(super) fn check(&self) -> Result<()> {
        for s in &self.sections {
            anyhow::ensure!(
                self.parts.iter().any(|p| p.id == s.part),
                "section {} names an unknown part {}",
                s.id,
                s.part
            );
            if let Some(t) = &s.table {
                anyhow::ensure!(self.table(t).is_some(), "section {} names an unknown table {t}", s.id);
            }
        }
        self.check_legal_basis()?;
        for (table, columns) in REQUIRED_COLUMNS {
            let Some(def) = self.table(table) else {
                anyhow::bail!("at tables: the table `{table}` is missing (the readers need it)");
            };
            for (id, kind) in *columns {
                match def.columns.iter().find(|c| c.id == *id) {
                    None => anyhow::bail!(
                        "at tables[{table}].columns: the column `{id}` is missing (the readers need it; rename its header with `aliases`, not its id)"
                    ),
                    Some(c) if c.kind != *kind => anyhow::bail!(
                        "at tables[{table}].columns[{id}].kind: {:?}, but the readers read `{id}` as {kind:?}",
                        c.kind
                    ),
                    Some(_) => {}
                }
            }
        }
        self.check_texts()?;
        self.check_plausibility()?;
        for t in &self.tables {
            for c in t.columns.iter().filter(|c| c.prefilled) {
                anyhow::ensure!(
                    matches!(c.kind, ColumnKind::Indicator | ColumnKind::MemberState),
                    "at tables[{}].columns[{}].prefilled: only an indicator or member-state column can be pre-filled",
                    t.id,
                    c.id
                );
            }
        }
        for ind in &self.indicators {
            anyhow::ensure!(
                self.labels.contains_key(&ind.unit),
                "at indicators[{}].unit: the unit `{}` has no label",
                ind.id,
                ind.unit
            );
        }
        Ok(())
    }

    /// Every text (labels, titles, sheet names, legal bases) has its three
    /// languages.
    fn check_texts(&self) -> Result<()> {
        let texts = self
            .labels
            .iter()
            .map(|(k, t)| (format!("labels.{k}"), t))
            .chain(
                self.sections
                    .iter()
                    .map(|s| (format!("sections[{}].title", s.id), &s.title)),
            )
            .chain(
                self.indicators
                    .iter()
                    .map(|i| (format!("indicators[{}].title", i.id), &i.title)),
            )
            .chain(
                self.tables
                    .iter()
                    .map(|t| (format!("tables[{}].sheet", t.id), &t.sheet)),
            )
            .chain(self.legal_basis.iter().enumerate().flat_map(|(i, b)| {
                [
                    (format!("legal_basis[{i}].citation"), &b.citation),
                    (format!("legal_basis[{i}].recipients"), &b.recipients),
                    (format!("legal_basis[{i}].annual_citation"), &b.annual_citation),
                    (format!("legal_basis[{i}].annual_recipients"), &b.annual_recipients),
                ]
            }))
            .chain([("outside_legal_basis".to_string(), &self.outside_legal_basis)]);
        for (at, t) in texts {
            for (lang, text) in [("en", &t.en), ("fr", &t.fr), ("de", &t.de)] {
                anyhow::ensure!(!text.trim().is_empty(), "at {at}.{lang}: the text is empty");
            }
        }
        Ok(())
    }

    /// At least one legal basis, the periods in order and apart.
    fn check_legal_basis(&self) -> Result<()> {
        anyhow::ensure!(!self.legal_basis.is_empty(), "at legal_basis: no legal basis is given");
        for (i, b) in self.legal_basis.iter().enumerate() {
            let next = self.legal_basis.get(i + 1);
            anyhow::ensure!(
                b.valid_to.is_none_or(|to| b.valid_from <= to)
                    && next.is_none_or(|n| b.valid_to.is_some_and(|to| to < n.valid_from)),
                "at legal_basis[{i}]: the periods must run from valid_from to valid_to, oldest first, without overlapping"
            );
        }
        Ok(())
    }

    /// Every label the built-in format has is there: the code and the
    /// templates print them by key, and a missing one would print its key.
    pub(super) fn check_labels(&self, builtin: &FormatDef) -> Result<()> {
        for key in builtin.labels.keys() {
            anyhow::ensure!(
                self.labels.contains_key(key),
                "at labels: `{key}` is missing (the documents print it; copy it from report-templates/2005-687.json)"
            );
        }
        Ok(())
    }
}
