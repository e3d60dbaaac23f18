//! Normalisation: from the cells of each file to the report model. Header
//! matching and value reading (`table`, `values`), one file's submissions
//! (`submission`), total rows checked (`totals`), merging into semester
//! reports (`merge`) and the annual summary (`annual`).

pub mod annual;
pub mod drafting;
pub mod merge;
pub(crate) mod personal;
pub(crate) mod plausibility;
pub mod submission;
pub mod table;
pub mod totals;
pub mod values;

pub use merge::ReportOptions;
