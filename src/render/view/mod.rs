//! What the templates print: the model turned into display strings in the
//! report language (names, labels, EU-style figures and dates). Each
//! document's data is a typed struct, its fields the contract written down
//! in `report-templates/README.md`, handed to Typst as JSON. Text from
//! submissions is passed as plain strings, which Typst prints literally:
//! nothing is parsed as markup.
//!
//! This module holds what both documents share: the presentation, the
//! document-wide fields and bar charts; `semester` (with `sections` and
//! `statistics`) and `annual` build the two documents.

mod annual;
mod changes;
mod digest;
mod lines;
mod network;
mod sections;
mod semester;
mod statistics;

pub use annual::{AnnualView, annual, annual_view};
pub(crate) use digest::HostDigest;
pub use semester::{semester, semester_revised};

use super::style;
use super::table::Table;
use crate::format::{BreakdownKind, FormatDef, IndicatorDef};
use crate::model::ReportKey;
use crate::reference::{Lang, countries};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// How the view presents reports: the format's labels, the report
/// language, and how many citizenships each indicator shows.
pub struct Presentation<'a> {
    /// The format whose labels and titles are printed.
    pub format: &'a FormatDef,
    /// The report language.
    pub lang: Lang,
    /// Citizenships shown per indicator; the others are shown together.
    pub top: usize,
    /// Whether a logo image is printed on the cover (`--logo`).
    pub logo: bool,
    /// Where a drawn-up report prints the Member States' contributions.
    pub contributions: ContributionsPlace,
    /// The addressee of a semester report's NOTE (`--to`), instead of the
    /// format's.
    pub addressee: Option<String>,
}

/// Where a report with a drafting text prints the Member States'
/// contributions (`--contributions`). A compilation (no drafting text)
/// always prints them in its body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ContributionsPlace {
    /// In an annex, grouped by section; the body is the synthesis.
    #[default]
    Annex,
    /// In the body, after each section's synthesis.
    Inline,
}

/// Citizenships shown per indicator unless `--top` says otherwise.
pub const DEFAULT_TOP: usize = 10;

/// What ends the file name of a report's statistical annex.
pub(crate) const ANNEX_SUFFIX: &str = "_annex.xlsx";

/// What a table cell shows for a figure nobody sent.
pub(crate) const MISSING: &str = "–";

impl<'a> Presentation<'a> {
    /// The presentation of `format` in `lang`: the default number of
    /// citizenships, no logo, contributions in an annex, the format's
    /// addressee.
    pub fn new(format: &'a FormatDef, lang: Lang) -> Self {
        Presentation {
            format,
            lang,
            top: DEFAULT_TOP,
            logo: false,
            contributions: ContributionsPlace::default(),
            addressee: None,
        }
    }
}

impl Presentation<'_> {
    /// The format's label `key` in the report language.
    fn l(&self, key: &str) -> String {
        self.format.label(key, self.lang)
    }

    /// A country's name in the report language.
    fn country(&self, code: &str) -> String {
        countries::name(code, self.lang)
    }

    /// Countries' names, comma-separated.
    fn countries(&self, codes: &[String]) -> String {
        codes.iter().map(|c| self.country(c)).collect::<Vec<_>>().join(", ")
    }

    /// "yes", "no", or nothing when not known.
    fn yes_no(&self, b: Option<bool>) -> String {
        b.map_or(String::new(), |b| self.l(if b { "yes" } else { "no" }))
    }

    /// What the repeated header of a table titled `title` says on later
    /// pages.
    fn continued(&self, title: &str) -> String {
        format!("{title} {}", self.l("continued"))
    }
}

/// The cover note of a document about `period` (a semester or year in
/// words), which lies outside every legal basis of the format.
fn outside_legal_basis(ctx: &Presentation, period: &str) -> String {
    ctx.format
        .outside_legal_basis
        .get(ctx.lang)
        .replace("{semester}", period)
}

/// What an indicator's figure counts, for a heading: its unit for a
/// partition, the widest level of a subset (`submitted`), the persons
/// counted once for multi-count grounds.
fn what_is_counted(ctx: &Presentation, kind: BreakdownKind, outer: Option<&str>, unit: &str) -> String {
    match (kind, outer) {
        (BreakdownKind::Subset, Some(outer)) => ctx.l(outer),
        (BreakdownKind::MultiCount, _) => ctx.l("persons_once"),
        _ => ctx.l(unit),
    }
}

/// An indicator's title with what its figure counts: "Readmission
/// requests (submitted)".
fn counted_title(ctx: &Presentation, ind: &IndicatorDef) -> String {
    let outer = ind.breakdowns.first().map(String::as_str);
    let what = what_is_counted(ctx, ind.breakdown_kind, outer, &ind.unit);
    format!("{} ({what})", ind.title.get(ctx.lang))
}

/// A figure as a table cell: written out, or [`MISSING`].
fn figure(value: Option<u64>) -> String {
    value.map_or_else(|| MISSING.to_string(), style::count)
}

/// The file name of a report's statistical annex: `MA_2025-H2_annex.xlsx`.
fn annex_file_name(report_key: &ReportKey) -> String {
    format!("{report_key}{ANNEX_SUFFIX}")
}

/// A document's data as the JSON value the templates read (`/data.json`).
fn json(view: &impl Serialize) -> Value {
    serde_json::to_value(view).expect("a view holds only strings, numbers, lists and string-keyed maps")
}

/// Document-wide fields shared by both kinds of report.
#[derive(Serialize)]
pub(crate) struct Page {
    /// The report language: `en`, `fr` or `de`.
    pub(crate) lang: &'static str,
    /// Every label of the format in the report language.
    pub(crate) labels: BTreeMap<String, String>,
    /// The document title (PDF metadata and cover).
    pub(crate) title: String,
    /// The running head: what the document is about (host and semester,
    /// or the year).
    pub(crate) running: String,
    /// The document's short title, on the other side of the running head.
    pub(crate) running_title: String,
    /// The classification or distribution marking, or none.
    pub(crate) marking: Option<String>,
    /// Whether every page carries the draft marking.
    pub(crate) draft: bool,
    /// Whether the cover prints the logo (at `/logo`).
    pub(crate) logo: bool,
    /// A Council document's footer (number, directorate, language), or
    /// none.
    pub(crate) footer: Option<Footer>,
}

/// The footer of a Council document on every page, beside "page X of Y"
/// and the marking: `14860/25 … JAI.1 LIMITE EN`.
#[derive(Serialize)]
pub(crate) struct Footer {
    /// The document number as on the first page (or its blank).
    pub(crate) number: String,
    /// The General Secretariat's directorate (`JAI.1`).
    pub(crate) directorate: String,
    /// The document's language, in capitals (`EN`).
    pub(crate) language: String,
}

impl Page {
    /// The page fields of a document titled `title` with the running head
    /// `running` (its subject and the document's short title).
    fn new(ctx: &Presentation, title: String, running: [String; 2], marking: Option<&str>, draft: bool) -> Self {
        let [running, running_title] = running;
        Page {
            lang: ctx.lang.code(),
            labels: ctx.format.labels.keys().map(|k| (k.clone(), ctx.l(k))).collect(),
            title,
            running,
            running_title,
            marking: marking.map(str::to_string),
            draft,
            logo: ctx.logo,
            footer: None,
        }
    }
}

impl Page {
    /// The label `key` in the document's language (every label of the
    /// format is in `labels`; the key itself otherwise).
    pub(crate) fn label<'p>(&'p self, key: &'p str) -> &'p str {
        self.labels.get(key).map_or(key, String::as_str)
    }
}

/// A title and its fitted tables.
#[derive(Serialize)]
pub(crate) struct Titled {
    /// The heading printed above the tables.
    pub(crate) title: String,
    /// The fitted tables (one, or several column groups).
    pub(crate) tables: Vec<Table>,
}

/// A bar chart: bars in order, and its alternative text giving every
/// figure in words (for screen readers; PDF/UA requires it).
#[derive(Serialize)]
pub(crate) struct Chart {
    /// What it charts (an indicator id): names its files in `charts/`.
    pub(crate) id: String,
    /// The chart's caption.
    pub(crate) title: String,
    /// The same figures in words.
    pub(crate) alt: String,
    /// The bars, in the order given.
    pub(crate) bars: Vec<Bar>,
}

/// One bar of a [`Chart`].
#[derive(Serialize)]
pub(crate) struct Bar {
    /// The bar's label.
    pub(crate) label: String,
    /// Its length, 0 to 1 of the largest.
    pub(crate) share: f64,
    /// Its figure, written out.
    pub(crate) display: String,
}

/// The chart `id` of `bars` titled "`title` — `what`", or none when no bar
/// has a length.
fn chart(ctx: &Presentation, id: &str, title: &str, what: &str, bars: Vec<(String, u64)>) -> Option<Chart> {
    let max = bars.iter().map(|(_, v)| *v).max().filter(|m| *m > 0)?;
    let alt = format!(
        "{} {title}, {what}: {}.",
        ctx.l("bar_chart_of"),
        bars.iter()
            .map(|(l, v)| format!("{l} {}", style::count(*v)))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let bars = bars
        .into_iter()
        .map(|(label, value)| Bar {
            label,
            share: value as f64 / max as f64,
            display: style::count(value),
        })
        .collect();
    Some(Chart {
        id: id.to_string(),
        title: format!("{title} — {what}"),
        alt,
        bars,
    })
}
