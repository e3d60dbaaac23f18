//! The Commission's annual summary of a year's semester reports (Art. 6(3)):
//! coverage, the networks' development, figures, and the text it digests.

use crate::reference::Semester;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A host's figure of one indicator for the year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AnnualFigure {
    pub host: String,
    pub indicator: String,
    pub h1: Option<u64>,
    pub h2: Option<u64>,
    pub year: u64,
    pub previous_year: Option<u64>,
}

/// Which semester reports a host country has in the year, and who drew
/// each up.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Coverage {
    pub host: String,
    pub h1: bool,
    pub h2: bool,
    /// The Member State that drew up the first semester's report.
    #[serde(default)]
    pub h1_drafted_by: Option<String>,
    /// The Member State that drew up the second semester's report.
    #[serde(default)]
    pub h2_drafted_by: Option<String>,
}

/// A host's network at the end of each half-year: ILOs per Member State
/// on 30 June and on 31 December (none where that semester has no
/// report), and the Art. 5 arrangements of the latest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NetworkChange {
    pub host: String,
    pub june: Option<BTreeMap<String, u64>>,
    pub december: Option<BTreeMap<String, u64>>,
    /// Member State → the Member States whose interests it looks after.
    pub represents: BTreeMap<String, Vec<String>>,
}

/// A Member State's text in a report section the annual summary digests
/// (difficulties and recommendations, incidents, human rights aspects).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DigestEntry {
    pub host: String,
    pub semester: Semester,
    pub section: String,
    pub member_state: String,
    pub text: String,
}

/// Network activity in a host country over the year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Activity {
    pub host: String,
    pub meetings: u64,
    pub meetings_with_commission: u64,
    pub meetings_with_frontex: u64,
    pub trainings: u64,
    pub training_participants: u64,
}

/// The Commission's annual summary for a calendar year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AnnualSummary {
    pub format: String,
    pub year: i32,
    pub language: String,
    pub coverage: Vec<Coverage>,
    /// Member State → host → ILOs (latest semester of the year).
    pub ilos: BTreeMap<String, BTreeMap<String, u64>>,
    pub activity: Vec<Activity>,
    pub figures: Vec<AnnualFigure>,
    /// The development of every host's network over the year.
    #[serde(default)]
    pub network: Vec<NetworkChange>,
    /// The texts of the sections the format marks for the digest, in
    /// host, semester and section order.
    #[serde(default)]
    pub digest: Vec<DigestEntry>,
    /// The texts of the sections the format marks as human rights aspects.
    #[serde(default)]
    pub human_rights: Vec<DigestEntry>,
    /// The drafters' text (Markdown), when `annual-<year>.md` (or
    /// `annual-<year>.<lang>.md`) is present.
    pub drafters_text: Option<String>,
}
