//! Total rows of a submission's statistics (SPEC §4.1 Totals): a row whose
//! citizenship or breakdown is empty (or the word for "total") totals the
//! more specific rows of its indicator. It is checked against their sum —
//! equal: a check, never added; different: `conflicting-value` naming both —
//! and is the figure itself only when nothing more specific was sent. Rows
//! that differ only by source are one figure, never added together.

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::format::{BreakdownKind, FormatDef, IndicatorDef};
use crate::model::{Observation, ReportKey, Submission};

/// Keeps only the figures of each indicator that are not totals of others;
/// totals become checks, their mismatches `conflicting-value` errors.
pub fn resolve(format: &FormatDef, submission: &mut Submission, diags: &mut Vec<Diagnostic>) {
    let report = ReportKey::new(&submission.host, submission.semester);
    let mut kept: Vec<Observation> = Vec::with_capacity(submission.statistics.len());
    let mut found = Vec::new();
    for ind in &format.indicators {
        let rows = one_per_cell(
            submission
                .statistics
                .iter()
                .filter(|o| o.indicator == ind.id)
                .cloned()
                .collect(),
        );
        kept.extend(leaves(ind, rows, &mut found));
    }
    for mut d in found {
        d.report = Some(report.clone());
        diags.push(d);
    }
    submission.statistics = kept;
}

/// Rows for the same cell (within one file they can differ only by source
/// or note: other values are rejected when read) become one figure naming
/// every source.
fn one_per_cell(rows: Vec<Observation>) -> Vec<Observation> {
    let mut out: Vec<Observation> = Vec::with_capacity(rows.len());
    for o in rows {
        match out
            .iter_mut()
            .find(|k| k.citizenship == o.citizenship && k.breakdown == o.breakdown)
        {
            Some(k) => {
                if let Some(source) = o.source.filter(|s| k.source.as_deref() != Some(s.as_str())) {
                    k.source = Some(match k.source.take() {
                        Some(first) => format!("{first}; {source}"),
                        None => source,
                    });
                }
            }
            None => out.push(o),
        }
    }
    out
}

/// Whether `outer` totals `inner`: every dimension `outer` leaves empty may
/// be anything in `inner`, the others are equal. Breakdowns that do not
/// share out a total (subset, multi-count) are never summed: there a row
/// only totals rows of its own breakdown.
fn totals(ind: &IndicatorDef, outer: &Observation, inner: &Observation) -> bool {
    let citizenship = outer.citizenship.is_none() || outer.citizenship == inner.citizenship;
    let breakdown = match ind.breakdown_kind {
        BreakdownKind::Partition => outer.breakdown.is_none() || outer.breakdown == inner.breakdown,
        BreakdownKind::Subset | BreakdownKind::MultiCount => outer.breakdown == inner.breakdown,
    };
    citizenship && breakdown && (&outer.citizenship, &outer.breakdown) != (&inner.citizenship, &inner.breakdown)
}

/// The rows that total no other row; every other row is checked against
/// the sum of the leaves it totals. Partial totals along both dimensions
/// (per citizenship and per breakdown, without the details) would count
/// every unit twice: the per-citizenship ones are kept, the others checked
/// against them.
pub(crate) fn leaves(ind: &IndicatorDef, rows: Vec<Observation>, found: &mut Vec<Diagnostic>) -> Vec<Observation> {
    let is_leaf: Vec<bool> = rows
        .iter()
        .map(|outer| !rows.iter().any(|inner| totals(ind, outer, inner)))
        .collect();
    for (outer, _) in rows.iter().zip(&is_leaf).filter(|(_, leaf)| !**leaf) {
        let parts: Vec<&Observation> = rows
            .iter()
            .zip(&is_leaf)
            .filter(|(inner, leaf)| **leaf && totals(ind, outer, inner))
            .map(|(inner, _)| inner)
            .collect();
        let sum: u64 = parts.iter().map(|p| p.value).sum();
        if parts.is_empty() || sum == outer.value {
            continue;
        }
        found.push(total_differs(ind, outer, &parts, sum));
    }
    let kept: Vec<Observation> = rows
        .into_iter()
        .zip(is_leaf)
        .filter(|(_, leaf)| *leaf)
        .map(|(o, _)| o)
        .collect();
    let (by_breakdown, by_citizenship): (Vec<Observation>, Vec<Observation>) = kept
        .into_iter()
        .partition(|o| o.citizenship.is_none() && o.breakdown.is_some());
    let overlaps = ind.breakdown_kind == BreakdownKind::Partition
        && !by_breakdown.is_empty()
        && by_citizenship.iter().any(|o| o.citizenship.is_some());
    if !overlaps {
        return by_citizenship.into_iter().chain(by_breakdown).collect();
    }
    let sum = |rows: &[Observation]| rows.iter().map(|o| o.value).sum::<u64>();
    let (checks, figures) = (sum(&by_breakdown), sum(&by_citizenship));
    if checks != figures {
        found.push(dimensions_differ(ind, &by_breakdown, checks, figures));
    }
    by_citizenship
}

/// A total row that differs from the sum of the rows it totals, named at
/// the total's cell with the cells it should add up to.
fn total_differs(ind: &IndicatorDef, outer: &Observation, parts: &[&Observation], sum: u64) -> Diagnostic {
    let cells: Vec<String> = parts
        .iter()
        .filter_map(|p| p.origin.as_ref().and_then(Location::a1))
        .collect();
    let shown = if cells.len() > 6 {
        format!(
            "{} … {} ({} cells)",
            cells[..3].join(", "),
            cells[cells.len() - 1],
            cells.len()
        )
    } else {
        cells.join(", ")
    };
    let at = outer.origin.clone().unwrap_or_else(|| Location::file(""));
    let what = match (&outer.citizenship, &outer.breakdown) {
        (None, None) => "the total".to_string(),
        (Some(c), None) => format!("the total for {c}"),
        (None, Some(b)) => format!("the total of breakdown {b}"),
        (Some(c), Some(b)) => format!("the total for {c}, {b}"),
    };
    Diagnostic::new(
        Code::ConflictingValue,
        &at,
        format!(
            "`{}`: {what} ({}) differs from the sum of the rows it totals ({shown}: {sum}); correct the total or the rows",
            ind.id, outer.value
        ),
    )
    .found(outer.value.to_string())
    .expected(format!("{sum}, the sum of {shown}"))
}

/// Totals per breakdown that differ from the figures per citizenship.
fn dimensions_differ(ind: &IndicatorDef, by_breakdown: &[Observation], checks: u64, figures: u64) -> Diagnostic {
    let cells: Vec<String> = by_breakdown
        .iter()
        .filter_map(|p| p.origin.as_ref().and_then(Location::a1))
        .collect();
    let at = by_breakdown[0].origin.clone().unwrap_or_else(|| Location::file(""));
    Diagnostic::new(
        Code::ConflictingValue,
        &at,
        format!(
            "`{}`: the totals per breakdown ({}: {checks}) differ from the figures per citizenship ({figures}); correct one or the other",
            ind.id,
            cells.join(", ")
        ),
    )
    .found(checks.to_string())
    .expected(format!("{figures}, the sum of the figures per citizenship"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::FormatDef;

    fn obs(ind: &str, c: Option<&str>, b: Option<&str>, value: u64) -> Observation {
        Observation {
            indicator: ind.into(),
            citizenship: c.map(Into::into),
            breakdown: b.map(Into::into),
            value,
            unit: "persons".into(),
            source: None,
            note: None,
            origin: None,
        }
    }

    fn run(rows: Vec<Observation>) -> (Vec<Observation>, Vec<Diagnostic>) {
        let format = FormatDef::builtin();
        let ind = format.indicator(&rows[0].indicator).unwrap();
        let mut found = Vec::new();
        let kept = leaves(ind, one_per_cell(rows), &mut found);
        (kept, found)
    }

    #[test]
    fn a_matching_total_is_a_check_and_a_lone_total_is_the_figure() {
        let (kept, found) = run(vec![
            obs("return-decisions", Some("SY"), None, 60),
            obs("return-decisions", Some("AF"), None, 40),
            obs("return-decisions", None, None, 100),
        ]);
        assert!(found.is_empty());
        assert_eq!(kept.iter().map(|o| o.value).sum::<u64>(), 100);
        let (kept, _) = run(vec![obs("return-decisions", None, None, 100)]);
        assert_eq!(kept.len(), 1);
    }

    #[test]
    fn totals_at_two_levels_and_a_mismatch() {
        let (kept, found) = run(vec![
            obs("effective-returns", Some("SY"), Some("forced"), 5),
            obs("effective-returns", Some("SY"), Some("voluntary"), 7),
            obs("effective-returns", Some("SY"), None, 12),
            obs("effective-returns", None, None, 13),
        ]);
        assert_eq!(kept.iter().map(|o| o.value).sum::<u64>(), 12);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].found.as_deref(), Some("13"));
    }

    #[test]
    fn totals_per_breakdown_beside_totals_per_citizenship_are_checks() {
        let (kept, found) = run(vec![
            obs("effective-returns", Some("SY"), None, 60),
            obs("effective-returns", Some("AF"), None, 40),
            obs("effective-returns", None, Some("forced"), 70),
            obs("effective-returns", None, Some("voluntary"), 30),
        ]);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(kept.iter().map(|o| o.value).sum::<u64>(), 100);
        let (_, found) = run(vec![
            obs("effective-returns", Some("SY"), None, 60),
            obs("effective-returns", None, Some("forced"), 70),
        ]);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn multi_count_grounds_are_not_summed_into_persons() {
        let (kept, found) = run(vec![
            obs("refusals-of-entry", Some("SY"), Some("A"), 5),
            obs("refusals-of-entry", Some("SY"), Some("C"), 7),
            obs("refusals-of-entry", Some("SY"), None, 9),
        ]);
        assert!(found.is_empty());
        assert_eq!(kept.len(), 3);
    }
}
