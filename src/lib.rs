//! ilo-report: Member States' submissions on the immigration liaison
//! officers networks in, semester reports (Commission Decision 2005/687/EC)
//! and the Commission's annual summary out, as PDF.
//!
//! The modules follow the data: [`ingest`] reads files into cells,
//! [`normalise`] turns cells into the [`model`], [`render`] typesets it.
//! Beside them: [`reference`] data, the [`format`] definition, the
//! [`diagnostics`] and [`validation`] report, and [`output`] writing.
//! [`pipeline`] runs the stages in order; [`error`] holds the failures a
//! run can end with and their exit codes; [`serve`] is the same pipeline
//! as a local web application.

pub mod cache;
pub mod diagnostics;
pub mod error;
pub mod format;
pub mod generate;
pub mod ingest;
pub mod model;
pub mod normalise;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod reference;
pub mod render;
pub mod serve;
pub mod validation;
pub mod workbook;
