//! The rows of an indicator's table, laid out by how its breakdowns add up
//! (SPEC §2): a partition is summed to a total; a subset (accepted ⊂
//! submitted) is shown side by side with the rate, never added; multi-count
//! grounds (refusal reasons A–I) are shown per ground, with the persons
//! only where they were sent as such.

use super::{Presentation, figure};
use crate::format::BreakdownKind;
use crate::model::{IndicatorTable, StatisticsRow};
use crate::render::style;
use std::collections::BTreeSet;

/// An indicator's breakdown columns and how they add up.
pub(super) struct Columns<'t> {
    /// The merged table.
    table: &'t IndicatorTable,
    /// The breakdowns with figures: in catalogue order, then "not
    /// specified" (`None`) for rows sent without one.
    breakdowns: Vec<Option<String>>,
    /// Whether a partition's breakdowns are shown as columns.
    pub(super) split: bool,
}

impl<'t> Columns<'t> {
    /// The columns of `table`, whose catalogue breakdowns are `catalogue`;
    /// a partition is split into columns when its rows are citizenships.
    pub(super) fn new(table: &'t IndicatorTable, catalogue: &[String], by_citizenship: bool) -> Self {
        let mut breakdowns: Vec<Option<String>> = catalogue.iter().cloned().map(Some).collect();
        for r in &table.rows {
            if !breakdowns.contains(&r.breakdown) {
                breakdowns.push(r.breakdown.clone());
            }
        }
        breakdowns.retain(|b| table.rows.iter().any(|r| &r.breakdown == b));
        let split = table.breakdown_kind != BreakdownKind::Partition
            || (by_citizenship && breakdowns.iter().any(Option::is_some));
        Columns {
            table,
            breakdowns,
            split,
        }
    }

    /// The breakdowns with figures, in order.
    pub(super) fn breakdowns(&self) -> &[Option<String>] {
        &self.breakdowns
    }

    /// The column a row's figure goes to.
    fn column_of(&self, r: &StatisticsRow) -> usize {
        self.breakdowns.iter().position(|b| b == &r.breakdown).unwrap_or(0)
    }

    /// A line of `row`'s figures (or of one Member State's share of it,
    /// through `value`).
    pub(super) fn line(&self, row: &StatisticsRow, value: Option<u64>, reporters: Vec<String>) -> Line {
        let mut line = Line::default();
        if let Some(v) = value {
            line.add(self.column_of(row), self.breakdowns.len(), v, reporters);
        }
        line
    }

    /// The headings of the figure columns, after the first.
    pub(super) fn headings(&self, ctx: &Presentation) -> Vec<String> {
        let label = |b: &Option<String>| breakdown_label(ctx, b.as_deref());
        let mut headings: Vec<String> = Vec::new();
        match self.table.breakdown_kind {
            BreakdownKind::Partition => {
                if self.split {
                    headings.extend(self.breakdowns.iter().map(label));
                }
                headings.push(ctx.l("total"));
            }
            BreakdownKind::Subset => {
                headings.extend(self.breakdowns.iter().map(label));
                if self.rate_columns().is_some() {
                    headings.push(ctx.l("rate"));
                }
            }
            BreakdownKind::MultiCount => {
                headings.extend(self.breakdowns.iter().flatten().map(|b| ctx.l(b)));
                headings.push(capitalised(&ctx.l("persons_once")));
            }
        }
        headings.push(ctx.l("reporting"));
        headings
    }

    /// For a subset, the columns of the widest and the narrowest level
    /// (submitted, accepted) when both have figures.
    fn rate_columns(&self) -> Option<(usize, usize)> {
        let outer = self
            .breakdowns
            .iter()
            .position(|b| b.as_deref() == self.table.outer.as_deref())?;
        let inner = self.breakdowns.len().checked_sub(1).filter(|i| *i != outer)?;
        self.breakdowns[inner].is_some().then_some((outer, inner))
    }

    /// A line's figure: what counts in the indicator's figure (see
    /// [`IndicatorTable::counts`]); none when nothing does.
    pub(super) fn headline(&self, line: &Line) -> Option<u64> {
        let values: Vec<u64> = self
            .breakdowns
            .iter()
            .zip(&line.values)
            .filter(|(b, _)| self.table.counts(b.as_deref()))
            .filter_map(|(_, v)| *v)
            .collect();
        (!values.is_empty()).then(|| values.iter().sum())
    }

    /// The row labelled `label`: its figure columns and how many reported.
    pub(super) fn row(&self, ctx: &Presentation, label: String, line: &Line) -> Vec<String> {
        let value = |c: usize| line.values.get(c).copied().flatten();
        let mut row = vec![label];
        match self.table.breakdown_kind {
            BreakdownKind::Partition => {
                if self.split {
                    row.extend((0..self.breakdowns.len()).map(|c| figure(value(c))));
                }
                row.push(figure(self.headline(line)));
            }
            BreakdownKind::Subset => {
                row.extend((0..self.breakdowns.len()).map(|c| figure(value(c))));
                if let Some((outer, inner)) = self.rate_columns() {
                    let rate = value(outer).zip(value(inner));
                    row.push(figure_or(rate.and_then(|(o, i)| style::percent(i, o, ctx.lang))));
                }
            }
            BreakdownKind::MultiCount => {
                let grounds = self.breakdowns.iter().enumerate().filter(|(_, b)| b.is_some());
                row.extend(grounds.map(|(c, _)| figure(value(c))));
                row.push(figure(self.headline(line)));
            }
        }
        row.push(style::count(line.reporters.len() as u64));
        row
    }
}

/// A label with its first letter in capitals, as a column heading.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// A rate written out, or the mark of a missing figure.
fn figure_or(text: Option<String>) -> String {
    text.unwrap_or_else(|| figure(None))
}

/// The figures of one row of an indicator's table: per breakdown column,
/// and who reported them.
#[derive(Default, Clone)]
pub(super) struct Line {
    /// Per breakdown column, its figure if any was sent.
    values: Vec<Option<u64>>,
    /// The Member States that sent them.
    reporters: BTreeSet<String>,
}

impl Line {
    /// Adds `value`, sent by `reporters`, to breakdown `column` of `columns`.
    fn add(&mut self, column: usize, columns: usize, value: u64, reporters: impl IntoIterator<Item = String>) {
        self.values.resize(columns, None);
        let slot = &mut self.values[column];
        *slot = Some(slot.unwrap_or(0) + value);
        self.reporters.extend(reporters);
    }

    /// Adds another line's figures to this one.
    pub(super) fn merge(&mut self, other: &Line) {
        self.values.resize(other.values.len().max(self.values.len()), None);
        for (slot, v) in self.values.iter_mut().zip(&other.values) {
            if let Some(v) = v {
                *slot = Some(slot.unwrap_or(0) + v);
            }
        }
        self.reporters.extend(other.reporters.iter().cloned());
    }

    /// The largest of its figures (to rank lines that have no headline).
    pub(super) fn largest(&self) -> u64 {
        self.values.iter().flatten().copied().max().unwrap_or(0)
    }
}

/// A breakdown's label in the report language; rows without one are
/// "not specified".
pub(super) fn breakdown_label(ctx: &Presentation, breakdown: Option<&str>) -> String {
    breakdown.map_or(ctx.l("not_specified"), |b| ctx.l(b))
}
