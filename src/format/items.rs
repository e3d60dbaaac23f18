//! The parts of a format definition: parts, sections, indicators, input
//! tables and their columns, and the texts in three languages.

use crate::reference::{Lang, fold};
use serde::{Deserialize, Serialize};

/// A text in the three report languages.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Translated {
    pub en: String,
    pub(crate) fr: String,
    pub(crate) de: String,
}

impl Translated {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
            Lang::De => &self.de,
        }
    }
}

/// The act a format follows, for the period it applied.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    /// The first day it applied.
    pub(crate) valid_from: chrono::NaiveDate,
    /// The last day it applied; none while it is in force.
    #[serde(default)]
    pub(crate) valid_to: Option<chrono::NaiveDate>,
    /// The citation printed on the cover.
    pub(crate) citation: Translated,
    /// To whom the reports go.
    pub(crate) recipients: Translated,
    /// The citation printed on the annual summary's cover.
    pub(crate) annual_citation: Translated,
    /// To whom the Commission sends the annual summary.
    pub(crate) annual_recipients: Translated,
}

impl LegalBasis {
    /// Whether it applied on `day`.
    pub(crate) fn applies_on(&self, day: chrono::NaiveDate) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartDef {
    pub(crate) id: String,
    pub(crate) title: Translated,
    /// The statistics are printed at the end of this part.
    #[serde(default)]
    pub(crate) statistics: bool,
}

/// A section of the report (I.1 … II.9).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    pub id: String,
    pub(crate) part: String,
    pub title: Translated,
    /// The structured input table shown in this section, if any.
    #[serde(default)]
    pub(crate) table: Option<String>,
    /// Whether Member States may contribute text to it.
    #[serde(default)]
    pub(crate) narrative: bool,
    /// An item from the networks' practice rather than the legal basis;
    /// the document marks it as supplementary.
    #[serde(default)]
    pub(crate) supplementary: bool,
    /// What the Commission's annual summary makes of its text, if anything.
    #[serde(default)]
    pub(crate) annual: Option<AnnualUse>,
}

/// How the annual summary uses a section's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnnualUse {
    /// Digested per region (difficulties and recommendations, incidents).
    Digest,
    /// Its human rights section (Art. 6(3)).
    HumanRights,
}

/// How figures of an indicator combine across Member States.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Each Member State's own figure; summed, with the per-MS breakdown kept.
    PerMemberState,
    /// One figure for the host country; counted once, differences are conflicts.
    HostWide,
}

/// An indicator of the statistics catalogue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    pub id: String,
    pub unit: String,
    pub scope: Scope,
    /// Allowed values of the `breakdown` column (empty: none allowed).
    pub breakdowns: Vec<String>,
    /// How the breakdowns add up (SPEC §2).
    #[serde(default)]
    pub(crate) breakdown_kind: BreakdownKind,
    /// Whether rows may name a citizenship.
    pub by_citizenship: bool,
    /// Main indicators get a chart.
    #[serde(default)]
    pub(crate) main: bool,
    pub title: Translated,
    /// An item from the networks' practice rather than the legal basis.
    #[serde(default)]
    pub(crate) supplementary: bool,
    /// How to read its table (grounds not added up, their legend),
    /// printed under it.
    #[serde(default)]
    pub(crate) note: Option<Translated>,
}

/// How an indicator's breakdowns relate to its total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BreakdownKind {
    /// The breakdowns share out the total (forced + voluntary returns).
    #[default]
    Partition,
    /// Each breakdown is part of the one before (accepted ⊂ submitted).
    Subset,
    /// One unit may count under several breakdowns (refusal grounds A–I).
    MultiCount,
}

/// What a column holds, which decides how its cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnKind {
    Text,
    Count,
    Number,
    Date,
    Country,
    CountryOrEmpty,
    CountryList,
    MemberState,
    MemberStateList,
    MemberStateOrText,
    YesNo,
    Choice,
    Section,
    Indicator,
    Semester,
}

/// A column of an input table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    pub(crate) id: String,
    pub(crate) kind: ColumnKind,
    pub(crate) required: bool,
    pub(crate) aliases: Vec<String>,
    #[serde(default)]
    pub choices: Vec<String>,
    /// The submission workbook pre-fills this column; a row holding nothing
    /// else is not data until the Member State adds to it.
    #[serde(default)]
    pub(crate) prefilled: bool,
    /// The id and aliases, folded once (see `FormatDef::parse`).
    #[serde(skip)]
    pub(super) folded: Vec<String>,
}

impl ColumnDef {
    /// Whether a header cell names this column (case, accents, spacing ignored).
    pub(crate) fn matches_header(&self, header: &str) -> bool {
        let folded = fold(header);
        !folded.is_empty() && self.folded.contains(&folded)
    }
}

/// An input table (a sheet of the workbook, or a CSV file).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    pub(crate) id: String,
    pub(crate) sheet: Translated,
    #[serde(default)]
    pub(crate) sheet_aliases: Vec<String>,
    pub(crate) csv_suffix: String,
    pub(crate) columns: Vec<ColumnDef>,
    #[serde(skip)]
    pub(super) folded_sheets: Vec<String>,
}

impl TableDef {
    pub fn column(&self, id: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.id == id)
    }

    /// Whether a sheet name (any language, any spelling) names this table.
    pub(crate) fn matches_sheet(&self, name: &str) -> bool {
        self.folded_sheets.contains(&fold(name))
    }

    /// The column a header cell names, by id or alias, if any.
    pub(crate) fn column_for_header(&self, header: &str) -> Option<&ColumnDef> {
        let folded = fold(header);
        if folded.is_empty() {
            return None;
        }
        self.columns.iter().find(|c| c.folded.contains(&folded))
    }
}
