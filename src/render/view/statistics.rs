//! The statistics of a semester report: the note naming the annex, the
//! Member States' figures in one table, and per indicator its main
//! citizenships (the others together) or its breakdowns, with a chart.

use super::{Chart, MISSING, Presentation, Titled, annex_file_name, chart, figure};
use crate::format::{IndicatorDef, Scope};
use crate::model::{IndicatorTable, SemesterReport, StatisticsRow};
use crate::reference::countries;
use crate::render::style;
use crate::render::table::{Draft, Table};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The statistics section of a semester report.
#[derive(Serialize)]
pub(super) struct Statistics {
    /// The explanation printed above the statistics (main citizenships
    /// shown, the annex named).
    note: String,
    /// The figures by Member State, or none when no indicator is summed
    /// over Member States.
    by_member_state: Option<Titled>,
    /// One entry per indicator with figures, in catalogue order.
    indicators: Vec<Indicator>,
}

/// One indicator's table and chart.
#[derive(Serialize)]
struct Indicator {
    /// The indicator id.
    id: String,
    /// Its title.
    title: String,
    /// Its unit (persons, events).
    unit: String,
    /// How it adds up across Member States.
    scope: String,
    /// Its table, fitted.
    tables: Vec<Table>,
    /// A bar chart of the main citizenships, or none.
    chart: Option<Chart>,
}

/// The statistics of a semester report.
pub(super) fn statistics(ctx: &Presentation, r: &SemesterReport) -> Statistics {
    Statistics {
        note: ctx
            .l("statistics_note")
            .replace("{n}", &ctx.top.to_string())
            .replace("{file}", &annex_file_name(&r.key())),
        by_member_state: member_state_shares(ctx, &r.statistics),
        indicators: r.statistics.iter().map(|t| indicator(ctx, t)).collect(),
    }
}

/// One table of every per-Member-State indicator: Member States in
/// protocol order as rows, indicators as columns, totals last.
fn member_state_shares(ctx: &Presentation, tables: &[IndicatorTable]) -> Option<Titled> {
    let tables: Vec<&IndicatorTable> = tables.iter().filter(|t| t.scope == Scope::PerMemberState).collect();
    let mut states: Vec<&String> = tables.iter().flat_map(|t| &t.member_states).collect();
    states.sort_by_key(|ms| countries::protocol_rank(ms));
    states.dedup();
    if states.is_empty() {
        return None;
    }
    let mut columns = vec![ctx.l("member_state")];
    columns.extend(
        tables
            .iter()
            .map(|t| format!("{} ({})", indicator_title(ctx, &t.indicator), ctx.l(&t.unit))),
    );
    let mut rows: Vec<Vec<String>> = states
        .iter()
        .map(|ms| {
            let mut row = vec![ctx.country(ms)];
            row.extend(tables.iter().map(|t| {
                let values: Vec<u64> = t
                    .rows
                    .iter()
                    .filter_map(|r| r.by_member_state.get(*ms).copied())
                    .collect();
                if values.is_empty() {
                    MISSING.to_string()
                } else {
                    style::count(values.iter().sum())
                }
            }));
            row
        })
        .collect();
    let mut total = vec![ctx.l("total")];
    total.extend(tables.iter().map(|t| style::count(t.total)));
    rows.push(total);
    let title = ctx.l("by_member_state");
    let tables = Draft::new(columns, rows, 1..=tables.len())
        .total_last()
        .group_name(ctx.l("columns"))
        .continued(ctx.continued(&title))
        .fit();
    Some(Titled { title, tables })
}

/// An indicator's title in the report language (its id when the format
/// does not know it).
fn indicator_title(ctx: &Presentation, id: &str) -> String {
    ctx.format
        .indicator(id)
        .map_or(id.to_string(), |i| i.title.get(ctx.lang).to_string())
}

/// The figures of one row of an indicator's table: per breakdown column,
/// the total, and who reported them.
#[derive(Default)]
struct Line {
    /// Per breakdown column, its figure if any was sent.
    values: Vec<Option<u64>>,
    /// The sum of all its figures.
    total: u64,
    /// The Member States that sent them.
    reporters: BTreeSet<String>,
}

impl Line {
    /// Adds `value`, sent by `reporters`, to breakdown `column` of `columns`.
    fn add(&mut self, column: usize, columns: usize, value: u64, reporters: impl IntoIterator<Item = String>) {
        self.values.resize(columns, None);
        let slot = &mut self.values[column];
        *slot = Some(slot.unwrap_or(0) + value);
        self.total += value;
        self.reporters.extend(reporters);
    }

    /// Adds another line's figures to this one.
    fn merge(&mut self, other: &Line) {
        self.values.resize(other.values.len().max(self.values.len()), None);
        for (slot, v) in self.values.iter_mut().zip(&other.values) {
            if let Some(v) = v {
                *slot = Some(slot.unwrap_or(0) + v);
            }
        }
        self.total += other.total;
        self.reporters.extend(other.reporters.iter().cloned());
    }

    /// The line's cells after its label: per breakdown column (when
    /// `with_breakdowns`), the total, and how many reported.
    fn cells(&self, columns: usize, with_breakdowns: bool) -> Vec<String> {
        let mut cells: Vec<String> = if with_breakdowns {
            (0..columns)
                .map(|c| figure(self.values.get(c).copied().flatten()))
                .collect()
        } else {
            Vec::new()
        };
        cells.push(style::count(self.total));
        cells.push(style::count(self.reporters.len() as u64));
        cells
    }

    /// The row labelled `label`.
    fn row(&self, label: String, columns: usize, with_breakdowns: bool) -> Vec<String> {
        let mut row = vec![label];
        row.extend(self.cells(columns, with_breakdowns));
        row
    }
}

/// Who sent a row's figures.
fn reporters(r: &StatisticsRow) -> Vec<String> {
    if r.reported_by.is_empty() {
        r.by_member_state.keys().cloned().collect()
    } else {
        r.reported_by.clone()
    }
}

/// An indicator's breakdown columns: in catalogue order, then "not
/// specified" for rows sent without one; only those with figures.
fn breakdowns(ind: Option<&IndicatorDef>, t: &IndicatorTable) -> Vec<Option<String>> {
    let mut breakdowns: Vec<Option<String>> = ind
        .map(|i| i.breakdowns.iter().cloned().map(Some).collect())
        .unwrap_or_default();
    for r in &t.rows {
        if !breakdowns.contains(&r.breakdown) {
            breakdowns.push(r.breakdown.clone());
        }
    }
    breakdowns.retain(|b| t.rows.iter().any(|r| &r.breakdown == b));
    breakdowns
}

/// A breakdown column's heading.
fn breakdown_label(ctx: &Presentation, b: &Option<String>) -> String {
    b.as_deref().map_or(ctx.l("not_specified"), |b| ctx.l(b))
}

/// The body of an indicator's table: its rows before the total, the line
/// of all its figures, and the bars of its chart.
#[derive(Default)]
struct Body {
    /// The rows, each its label and cells.
    rows: Vec<Vec<String>>,
    /// Every figure of the table, for its total row.
    all: Line,
    /// The chart's bars: label and figure, largest first.
    bars: Vec<(String, u64)>,
}

/// Citizenships as rows: the main ones by name, largest first, the others
/// together, then the figures without a citizenship.
fn by_citizenship(
    ctx: &Presentation,
    t: &IndicatorTable,
    breakdowns: &[Option<String>],
    with_breakdowns: bool,
) -> Body {
    let n = breakdowns.len();
    let column_of = |r: &StatisticsRow| breakdowns.iter().position(|b| b == &r.breakdown).unwrap_or(0);
    let mut lines: BTreeMap<Option<String>, Line> = BTreeMap::new();
    for r in &t.rows {
        lines
            .entry(r.citizenship.clone())
            .or_default()
            .add(column_of(r), n, r.total, reporters(r));
    }
    let unspecified = lines.remove(&None);
    let mut ranked: Vec<(String, Line)> = lines
        .into_iter()
        .map(|(c, line)| (ctx.country(c.as_deref().unwrap_or_default()), line))
        .collect();
    ranked.sort_by(|a, b| b.1.total.cmp(&a.1.total).then_with(|| a.0.cmp(&b.0)));
    let mut body = Body {
        bars: ranked
            .iter()
            .take(8)
            .map(|(name, line)| (name.clone(), line.total))
            .collect(),
        ..Body::default()
    };
    let mut others = Line::default();
    let mut other_count = 0;
    for (i, (name, line)) in ranked.iter().enumerate() {
        body.all.merge(line);
        // A single citizenship left over is shown by name, not as "others (1)".
        if i < ctx.top || ranked.len() == ctx.top + 1 {
            body.rows.push(line.row(name.clone(), n, with_breakdowns));
        } else {
            others.merge(line);
            other_count += 1;
        }
    }
    if other_count > 0 {
        let label = ctx.l("other_citizenships").replace("{k}", &other_count.to_string());
        body.rows.push(others.row(label, n, with_breakdowns));
    }
    if let Some(line) = unspecified {
        body.all.merge(&line);
        body.rows
            .push(line.row(ctx.l("citizenship_not_specified"), n, with_breakdowns));
    }
    body
}

/// Breakdowns as rows, for an indicator not counted by citizenship.
fn by_breakdown(ctx: &Presentation, t: &IndicatorTable, breakdowns: &[Option<String>]) -> Body {
    let n = breakdowns.len();
    let mut body = Body::default();
    for (c, b) in breakdowns.iter().enumerate() {
        let mut line = Line::default();
        for r in t.rows.iter().filter(|r| &r.breakdown == b) {
            line.add(c, n, r.total, reporters(r));
        }
        body.all.merge(&line);
        body.rows.push(line.row(breakdown_label(ctx, b), n, false));
    }
    body
}

/// One indicator: its breakdowns as columns, its main citizenships as rows
/// (the others together in one row), and the complete total.
fn indicator(ctx: &Presentation, t: &IndicatorTable) -> Indicator {
    let ind = ctx.format.indicator(&t.indicator);
    let title = indicator_title(ctx, &t.indicator);
    let breakdowns = breakdowns(ind, t);
    let with_breakdowns = breakdowns.iter().any(Option::is_some);
    let by_citizenship = ind.is_none_or(|i| i.by_citizenship) || t.rows.iter().any(|r| r.citizenship.is_some());
    let n = breakdowns.len();
    let (first_column, mut body) = if by_citizenship {
        (
            ctx.l("citizenship"),
            self::by_citizenship(ctx, t, &breakdowns, with_breakdowns),
        )
    } else {
        (ctx.l("breakdown"), by_breakdown(ctx, t, &breakdowns))
    };
    let split = by_citizenship && with_breakdowns;
    body.rows.push(body.all.row(ctx.l("total"), n, split));

    let mut columns = vec![first_column];
    if split {
        columns.extend(breakdowns.iter().map(|b| breakdown_label(ctx, b)));
    }
    columns.push(ctx.l("total"));
    columns.push(ctx.l("reporting"));
    let figures = 1..columns.len();
    let tables = Draft::new(columns, body.rows, figures)
        .total_last()
        .group_name(ctx.l("columns"))
        .continued(ctx.continued(&title))
        .fit();
    let scope = match t.scope {
        Scope::PerMemberState => "per-member-state",
        Scope::HostWide => "host-wide",
    };
    let chart = if ind.is_some_and(|i| i.main) && body.bars.len() > 1 {
        chart(ctx, &title, &ctx.l("by_citizenship"), body.bars)
    } else {
        None
    };
    Indicator {
        id: t.indicator.clone(),
        title,
        unit: ctx.l(&t.unit),
        scope: ctx.l(scope),
        tables,
        chart,
    }
}
