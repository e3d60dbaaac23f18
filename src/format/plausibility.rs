//! The plausibility checks of a format (its `plausibility` object): bounds
//! per indicator, figures that must agree with each other, parts that may
//! not exceed their whole, and the change against the previous semester.
//! Each rule says why it holds; what breaks one is a warning at its cell
//! (`normalise::plausibility`), never a reason to hold a report back.

use super::{BreakdownKind, FormatDef};
use anyhow::Result;
use serde::Deserialize;

/// The plausibility rules of a format; none when the file gives none.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plausibility {
    /// What the rules are calibrated on: for those who edit the file,
    /// printed nowhere.
    #[serde(default)]
    #[allow(dead_code)]
    pub(crate) about: Option<String>,
    /// The largest figure each indicator can have.
    #[serde(default)]
    pub(crate) bounds: Vec<Bound>,
    /// An indicator that counts what the documents table (II.6) lists.
    #[serde(default)]
    pub(crate) documents: Option<DocumentsRule>,
    /// Indicators whose figure cannot exceed (a multiple of) another's.
    #[serde(default)]
    pub(crate) not_above: Vec<NotAbove>,
    /// Subset and multi-count indicators whose parts (accepted requests,
    /// refusals on one ground) cannot exceed their whole.
    #[serde(default)]
    pub(crate) parts: Vec<Parts>,
    /// The change against the previous semester that deserves a look.
    #[serde(default)]
    pub(crate) change: Option<ChangeRule>,
}

/// The largest figure an indicator can have: of one Member State for one
/// host and semester, or of the host for a host-wide indicator.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    pub(crate) indicator: String,
    pub(crate) max: u64,
    /// Why a larger figure cannot be true (the orders of magnitude).
    pub(crate) why: String,
}

/// An indicator that counts the detections the documents table lists:
/// the two agree within `tolerance` (a share of the larger) or `slack`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentsRule {
    pub(crate) indicator: String,
    /// How far apart the two may be, as a share of the larger (0.25).
    pub(crate) tolerance: f64,
    /// How far apart they may be in any case (small figures).
    #[serde(default)]
    pub(crate) slack: u64,
    pub(crate) why: String,
}

/// A Member State's figure of `indicator` above `factor` times its figure
/// of `limit` (or the host's, for a host-wide `limit`) is inconsistent,
/// when both are at least `floor`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotAbove {
    pub(crate) indicator: String,
    pub(crate) limit: String,
    #[serde(default = "one")]
    pub(crate) factor: f64,
    #[serde(default)]
    pub(crate) floor: u64,
    pub(crate) why: String,
}

/// The parts of a subset indicator (each breakdown after the first) or of
/// a multi-count one (each ground) cannot exceed their whole (the first
/// breakdown; the persons counted once), per Member State and
/// citizenship.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parts {
    pub(crate) indicator: String,
    pub(crate) why: String,
}

/// A figure that changed by more than `factor` (up or down) against the
/// previous semester, both at least `floor`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeRule {
    #[serde(default = "ten")]
    pub(crate) factor: f64,
    #[serde(default = "fifty")]
    pub(crate) floor: u64,
    /// Only these indicators (all when empty).
    #[serde(default)]
    pub(crate) indicators: Vec<String>,
    pub(crate) why: String,
}

impl ChangeRule {
    /// Whether the rule looks at `indicator`.
    pub(crate) fn covers(&self, indicator: &str) -> bool {
        self.indicators.is_empty() || self.indicators.iter().any(|i| i == indicator)
    }
}

fn one() -> f64 {
    1.0
}

fn ten() -> f64 {
    10.0
}

fn fifty() -> u64 {
    50
}

impl FormatDef {
    /// The rules name indicators of the catalogue, compare figures of one
    /// unit only, and have factors and tolerances that can hold.
    pub(super) fn check_plausibility(&self) -> Result<()> {
        let p = &self.plausibility;
        let known = |at: &str, id: &str| -> Result<&super::IndicatorDef> {
            self.indicator(id)
                .ok_or_else(|| anyhow::anyhow!("at plausibility.{at}: the indicator `{id}` is not in the catalogue"))
        };
        let why = |at: &str, text: &str| -> Result<()> {
            anyhow::ensure!(
                !text.trim().is_empty(),
                "at plausibility.{at}.why: say why the rule holds"
            );
            Ok(())
        };
        for b in &p.bounds {
            known(&format!("bounds[{}]", b.indicator), &b.indicator)?;
            why(&format!("bounds[{}]", b.indicator), &b.why)?;
        }
        if let Some(d) = &p.documents {
            let ind = known("documents", &d.indicator)?;
            anyhow::ensure!(
                ind.breakdown_kind == BreakdownKind::Partition,
                "at plausibility.documents: `{}` must add up (a partition) to be compared with the documents table",
                d.indicator
            );
            anyhow::ensure!(
                (0.0..1.0).contains(&d.tolerance),
                "at plausibility.documents.tolerance: a share from 0 to below 1, not {}",
                d.tolerance
            );
            why("documents", &d.why)?;
        }
        for n in &p.not_above {
            let at = format!("not_above[{}]", n.indicator);
            let (a, b) = (known(&at, &n.indicator)?, known(&at, &n.limit)?);
            anyhow::ensure!(
                a.unit == b.unit && a.id != b.id,
                "at plausibility.{at}: `{}` ({}) and `{}` ({}) are not figures of one unit that can be compared",
                a.id,
                a.unit,
                b.id,
                b.unit
            );
            anyhow::ensure!(
                n.factor >= 1.0,
                "at plausibility.{at}.factor: at least 1, not {}",
                n.factor
            );
            why(&at, &n.why)?;
        }
        for part in &p.parts {
            let at = format!("parts[{}]", part.indicator);
            let ind = known(&at, &part.indicator)?;
            anyhow::ensure!(
                ind.breakdown_kind != BreakdownKind::Partition,
                "at plausibility.{at}: `{}` is a partition, whose breakdowns share out its figure; only subset and multi-count breakdowns are parts of a whole",
                part.indicator
            );
            why(&at, &part.why)?;
        }
        if let Some(c) = &p.change {
            anyhow::ensure!(
                c.factor > 1.0,
                "at plausibility.change.factor: more than 1, not {}",
                c.factor
            );
            for id in &c.indicators {
                known("change.indicators", id)?;
            }
            why("change", &c.why)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_formats_have_rules_that_name_their_indicators() {
        for (id, text) in super::super::SHIPPED {
            let def = FormatDef::parse(text).unwrap_or_else(|e| panic!("{id}: {e:#}"));
            let p = &def.plausibility;
            assert!(!p.bounds.is_empty(), "{id}: bounds");
            assert!(p.change.is_some(), "{id}: change");
            assert!(
                def.indicators
                    .iter()
                    .all(|i| p.bounds.iter().any(|b| b.indicator == i.id)),
                "{id}: every indicator has a bound"
            );
        }
    }

    #[test]
    fn a_rule_on_an_unknown_indicator_or_across_units_is_refused() {
        let mut json: serde_json::Value = serde_json::from_str(super::super::BUILTIN_TEXT).unwrap();
        json["plausibility"]["bounds"][0]["indicator"] = "refusals".into();
        let e = FormatDef::parse(&json.to_string()).unwrap_err().to_string();
        assert!(e.contains("plausibility.bounds[refusals]"), "{e}");

        let mut json: serde_json::Value = serde_json::from_str(super::super::BUILTIN_TEXT).unwrap();
        json["plausibility"]["not_above"] = serde_json::json!([
            { "indicator": "readmission-requests", "limit": "return-decisions", "why": "no" }
        ]);
        let e = FormatDef::parse(&json.to_string()).unwrap_err().to_string();
        assert!(e.contains("not figures of one unit"), "{e}");

        let mut json: serde_json::Value = serde_json::from_str(super::super::BUILTIN_TEXT).unwrap();
        json.as_object_mut().unwrap().remove("plausibility");
        let def = FormatDef::parse(&json.to_string()).expect("a format without rules still loads");
        assert!(def.plausibility.bounds.is_empty() && def.plausibility.change.is_none());
    }
}
