//! The report model of Commission Decision 2005/687/EC (SPEC §2): a Member
//! State's submission, the merged semester report for a host country, and
//! the Commission's annual summary. These are what the normalised JSON
//! holds and what the PDFs show.

use crate::diagnostics::Location;
use crate::format::{BreakdownKind, IndicatorDef, Scope};
use crate::reference::Semester;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod annual;
pub use annual::*;
pub(crate) mod changes;

/// A file a submission came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub sha256: String,
    /// The day the file was saved in the inbox (its modification time),
    /// when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<NaiveDate>,
}

/// I.1 — ILOs a Member State posts in the host country.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Posting {
    pub member_state: String,
    pub ilos: u64,
    pub posted_at: Option<String>,
    pub accredited_to: Vec<String>,
    pub represents: Vec<String>,
}

/// I.2 — a meeting of the local network.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Meeting {
    pub date: NaiveDate,
    pub chair: Option<String>,
    pub participants: Vec<String>,
    pub commission_present: Option<bool>,
    pub frontex_present: Option<bool>,
    pub subjects: Option<String>,
}

/// I.5 — a training session.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Training {
    pub date: NaiveDate,
    pub title: String,
    pub organiser: Option<String>,
    pub audience: String,
    pub participants: Option<u64>,
}

/// A Member State's text for one section.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Narrative {
    pub(crate) section: String,
    pub text: String,
}

/// One statistical observation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Observation {
    pub indicator: String,
    pub citizenship: Option<String>,
    pub breakdown: Option<String>,
    pub value: u64,
    pub(crate) unit: String,
    pub(crate) source: Option<String>,
    pub(crate) note: Option<String>,
    /// The cell the value came from, for conflict diagnostics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) origin: Option<Location>,
}

/// Observations are equal when their data is; where they came from does not count.
impl PartialEq for Observation {
    fn eq(&self, other: &Self) -> bool {
        (
            &self.indicator,
            &self.citizenship,
            &self.breakdown,
            self.value,
            &self.unit,
            &self.source,
            &self.note,
        ) == (
            &other.indicator,
            &other.citizenship,
            &other.breakdown,
            other.value,
            &other.unit,
            &other.source,
            &other.note,
        )
    }
}

/// II.2 — a route.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Route {
    pub origin: String,
    pub transit: Vec<String>,
    pub destination: String,
    pub mode: Option<String>,
    pub trend: Option<String>,
    pub description: Option<String>,
}

/// II.6 — detected document fraud.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentFraud {
    pub document_type: String,
    pub issuing_country: Option<String>,
    pub fraud_type: String,
    pub count: u64,
    pub note: Option<String>,
    /// The cell the count came from, for the plausibility checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Location>,
}

/// Document frauds are equal when their data is; where they came from does not count.
impl PartialEq for DocumentFraud {
    fn eq(&self, other: &Self) -> bool {
        (
            &self.document_type,
            &self.issuing_country,
            &self.fraud_type,
            self.count,
            &self.note,
        ) == (
            &other.document_type,
            &other.issuing_country,
            &other.fraud_type,
            other.count,
            &other.note,
        )
    }
}

/// One Member State's data for one host country and semester.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Submission {
    pub member_state: String,
    pub host: String,
    pub semester: Semester,
    pub files: Vec<SourceFile>,
    pub(crate) drafted_on: Option<NaiveDate>,
    /// The date the drafting Member State gives the whole report.
    #[serde(default)]
    pub(crate) report_date: Option<NaiveDate>,
    pub language: Option<String>,
    pub(crate) acting_for_presidency: bool,
    pub(crate) classification: Option<String>,
    pub(crate) reference: Option<String>,
    pub(crate) postings: Vec<Posting>,
    pub(crate) meetings: Vec<Meeting>,
    pub(crate) training: Vec<Training>,
    pub narrative: Vec<Narrative>,
    pub statistics: Vec<Observation>,
    pub routes: Vec<Route>,
    pub(crate) documents: Vec<DocumentFraud>,
}

impl Submission {
    /// A submission of a Member State for a host and semester from `files`,
    /// with nothing read yet.
    pub(crate) fn new(member_state: &str, host: &str, semester: Semester, files: Vec<SourceFile>) -> Submission {
        Submission {
            member_state: member_state.to_string(),
            host: host.to_string(),
            semester,
            files,
            drafted_on: None,
            report_date: None,
            language: None,
            acting_for_presidency: false,
            classification: None,
            reference: None,
            postings: Vec::new(),
            meetings: Vec::new(),
            training: Vec::new(),
            narrative: Vec::new(),
            statistics: Vec::new(),
            routes: Vec::new(),
            documents: Vec::new(),
        }
    }
}

/// Something attributed to the Member State that reported it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Attributed<T> {
    /// The Member State that reported it.
    #[serde(rename = "reported_by")]
    pub member_state: String,
    /// Other Member States that reported the identical item (merged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_reported_by: Vec<String>,
    #[serde(flatten)]
    pub item: T,
}

impl<T> Attributed<T> {
    /// An item as one Member State reported it.
    pub fn new(member_state: &str, item: T) -> Self {
        Attributed {
            member_state: member_state.to_string(),
            also_reported_by: Vec::new(),
            item,
        }
    }

    /// Notes that another Member State reported the same item.
    pub(crate) fn also_by(&mut self, member_state: &str) {
        if self.member_state != member_state && !self.also_reported_by.iter().any(|m| m == member_state) {
            self.also_reported_by.push(member_state.to_string());
        }
    }
}

/// A Member State's text in a section of the report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Contribution {
    pub member_state: String,
    pub text: String,
}

/// A row of a statistics table: one citizenship (and breakdown).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StatisticsRow {
    /// Country code, or `None` for all citizenships together.
    pub citizenship: Option<String>,
    pub breakdown: Option<String>,
    /// Per-member-state indicators: each reporting Member State's figure.
    pub by_member_state: BTreeMap<String, u64>,
    pub total: u64,
    /// Host-wide indicators: the Member States that sent this figure.
    pub reported_by: Vec<String>,
    /// The sources each Member State named for its figure (for the annex).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<String, Vec<String>>,
}

/// The merged figures of one indicator.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IndicatorTable {
    pub indicator: String,
    pub unit: String,
    pub scope: Scope,
    /// How its breakdowns add up (SPEC §2).
    #[serde(default)]
    pub breakdown_kind: BreakdownKind,
    /// For a subset, the widest breakdown (readmission requests
    /// `submitted`), which is the indicator's figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outer: Option<String>,
    /// Columns of a per-member-state table, in protocol order.
    pub member_states: Vec<String>,
    pub rows: Vec<StatisticsRow>,
    /// The indicator's figure: every row of a partition, the widest level
    /// of a subset, and for multi-count breakdowns only the persons sent as
    /// such (rows without a ground); none when nothing counts as one.
    pub total: Option<u64>,
}

impl IndicatorTable {
    /// The merged table of `ind` from its rows.
    pub fn new(ind: &IndicatorDef, member_states: Vec<String>, rows: Vec<StatisticsRow>) -> IndicatorTable {
        let mut t = IndicatorTable {
            indicator: ind.id.clone(),
            unit: ind.unit.clone(),
            scope: ind.scope,
            breakdown_kind: ind.breakdown_kind,
            outer: (ind.breakdown_kind == BreakdownKind::Subset)
                .then(|| ind.breakdowns.first().cloned())
                .flatten(),
            member_states,
            rows,
            total: None,
        };
        t.total = t.figure(|r| Some(r.total));
        t
    }

    /// Whether a row's figure is part of the indicator's figure (see
    /// `total`); the others are shown beside it, never added to it.
    pub fn counts(&self, breakdown: Option<&str>) -> bool {
        match self.breakdown_kind {
            BreakdownKind::Partition => true,
            BreakdownKind::Subset => breakdown.is_none() || breakdown == self.outer.as_deref(),
            BreakdownKind::MultiCount => breakdown.is_none(),
        }
    }

    /// The indicator's figure from each row's `value` (e.g. one Member
    /// State's share), over the rows that count; none when no row counts.
    pub fn figure(&self, value: impl Fn(&StatisticsRow) -> Option<u64>) -> Option<u64> {
        let values: Vec<u64> = self
            .rows
            .iter()
            .filter(|r| self.counts(r.breakdown.as_deref()))
            .filter_map(value)
            .collect();
        (!values.is_empty()).then(|| values.iter().sum())
    }
}

/// A disagreement between submissions, shown in the report's annex.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Conflict {
    pub what: String,
    pub values: Vec<String>,
}

/// A submission as listed in the report's sources.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SourceEntry {
    pub member_state: String,
    pub files: Vec<SourceFile>,
    pub drafted_on: Option<NaiveDate>,
}

/// The semester report for one host country (SPEC §2).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SemesterReport {
    pub format: String,
    /// Built with `--draft` from inputs with errors: not for transmission,
    /// and everything built from it is marked as a draft too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    pub host: String,
    pub semester: Semester,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub presidency: Option<String>,
    pub drafting_member_state: Option<String>,
    /// Whether the drafting Member State acts on the Presidency's behalf.
    pub acting_on_behalf: bool,
    pub date: Option<NaiveDate>,
    pub reference: String,
    pub classification: Option<String>,
    pub language: String,
    pub composition: Vec<Attributed<Posting>>,
    pub total_ilos: u64,
    pub meetings: Vec<Attributed<Meeting>>,
    pub training: Vec<Attributed<Training>>,
    /// Section id → contributions in protocol order.
    pub narrative: BTreeMap<String, Vec<Contribution>>,
    pub routes: Vec<Attributed<Route>>,
    pub documents: Vec<Attributed<DocumentFraud>>,
    pub statistics: Vec<IndicatorTable>,
    pub conflicts: Vec<Conflict>,
    pub sources: Vec<SourceEntry>,
    /// Member States with ILOs in the host country that sent nothing.
    pub silent_member_states: Vec<String>,
    /// How many passages `--redact` replaced because they seemed to hold
    /// personal data.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub redacted: usize,
    /// The drafting Member State's text, when it wrote one; without it the
    /// report is a compilation of the contributions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drafting_text: Option<DraftingText>,
    /// The Council's document number and revision.
    #[serde(default)]
    pub council: CouncilNumber,
}

/// The drafting Member State's own text of a report (`MA_2025-H2.drafting.md`),
/// in Markdown: its synthesis replaces the contributions in the body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DraftingText {
    /// The file it was read from, as shown in problems.
    pub file: String,
    /// The executive summary.
    pub summary: Option<String>,
    /// The synthesis per section id (and `statistics`).
    pub sections: BTreeMap<String, String>,
    /// The conclusions and recommendations.
    pub conclusions: Option<String>,
}

impl DraftingText {
    /// Whether it holds no text at all (a skeleton not yet written in).
    pub fn is_empty(&self) -> bool {
        self.summary.is_none() && self.sections.is_empty() && self.conclusions.is_none()
    }
}

/// How the Council registers a report: its document number (`14860/25`)
/// and revision (`14860/1/25 REV 1`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CouncilNumber {
    /// The document number the General Secretariat assigned (`14860/25`),
    /// none while not yet assigned.
    pub number: Option<String>,
    /// The revision, 0 for the first version transmitted.
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub revision: u32,
}

impl CouncilNumber {
    /// The number as printed: `14860/25`, `14860/1/25 REV 1`; none while
    /// not assigned.
    pub fn printed(&self) -> Option<String> {
        let number = self.number.as_deref()?;
        if self.revision == 0 {
            return Some(number.to_string());
        }
        Some(match number.split_once('/') {
            Some((n, year)) => format!("{n}/{}/{year} REV {}", self.revision, self.revision),
            None => format!("{number} REV {}", self.revision),
        })
    }
}

/// Whether a revision is the first version (left out of the JSON).
fn is_zero_u32(n: &u32) -> bool {
    *n == 0
}

/// Whether a count is zero (left out of the JSON).
fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl SemesterReport {
    /// The report's key (`MA_2025-H2`), also its file stem.
    pub fn key(&self) -> ReportKey {
        ReportKey::new(&self.host, self.semester)
    }
}

/// A semester report's key: its host (a country code or a region id) and
/// semester, written `MA_2025-H2` in file names, diagnostics and the
/// manifest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportKey {
    pub host: String,
    pub semester: Semester,
}

impl ReportKey {
    /// The key of a host's report for a semester.
    pub fn new(host: &str, semester: Semester) -> ReportKey {
        ReportKey {
            host: host.to_string(),
            semester,
        }
    }
}

impl std::fmt::Display for ReportKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}_{}", self.host, self.semester)
    }
}

impl std::str::FromStr for ReportKey {
    type Err = String;

    /// Reads `MA_2025-H2` or `west-africa_2025-H2`.
    fn from_str(text: &str) -> Result<ReportKey, String> {
        text.rsplit_once('_')
            .and_then(|(host, semester)| Some(ReportKey::new(host, semester.parse().ok()?)))
            .filter(|k| !k.host.is_empty())
            .ok_or_else(|| format!("{text:?} is not a report key such as MA_2025-H2"))
    }
}

/// A key equals its written form (`MA_2025-H2`).
impl PartialEq<&str> for ReportKey {
    fn eq(&self, other: &&str) -> bool {
        other
            .rsplit_once('_')
            .is_some_and(|(host, semester)| host == self.host && semester.parse() == Ok(self.semester))
    }
}

impl PartialEq<String> for ReportKey {
    fn eq(&self, other: &String) -> bool {
        *self == other.as_str()
    }
}

impl Serialize for ReportKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ReportKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ReportKey, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_keys_are_written_and_read_as_host_and_semester() {
        let key: ReportKey = "west-africa_2025-H2".parse().unwrap();
        assert_eq!(
            (key.host.as_str(), key.semester.to_string()),
            ("west-africa", "2025-H2".into())
        );
        assert_eq!(key.to_string(), "west-africa_2025-H2");
        assert_eq!(key, "west-africa_2025-H2");
        assert_ne!(key, "west-africa_2025-H1");
        assert_eq!(serde_json::to_string(&key).unwrap(), "\"west-africa_2025-H2\"");
        let back: ReportKey = serde_json::from_str("\"MA_2025-H1\"").unwrap();
        assert_eq!(back, ReportKey::new("MA", "2025-H1".parse().unwrap()));
        for bad in ["MA-2025-H2", "_2025-H2", "MA_2025-H3", ""] {
            assert!(bad.parse::<ReportKey>().is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<ReportKey>("\"MA\"").is_err());
    }
}
