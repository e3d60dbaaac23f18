//! The statistics of a semester report: the note naming the annex, the
//! Member States' figures in one table, and per indicator its main
//! citizenships (the others together) or its breakdowns, with a chart.

use super::lines::{self, Columns, Line};
use super::{Chart, MISSING, Presentation, Titled, annex_file_name, chart};
use crate::format::{BreakdownKind, Scope};
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
    /// Whether the indicator comes from the networks' practice rather
    /// than the Regulation.
    supplementary: bool,
    /// The format's note on how to read it (grounds not added, their
    /// legend), or none.
    note: Option<String>,
    /// The sources the Member States named, or none.
    sources: Option<String>,
}

/// The statistics of a semester report.
pub(super) fn statistics(ctx: &Presentation, r: &SemesterReport) -> Statistics {
    let shares = member_state_shares(ctx, &r.statistics);
    let mut note = ctx
        .l("statistics_note")
        .replace("{n}", &ctx.top.to_string())
        .replace("{file}", &annex_file_name(&r.key()));
    // The mark of figures by ground, explained before the table that has it.
    if let Some((_, true)) = &shares {
        note.push(' ');
        note.push_str(&ctx.l("by_ground_note"));
    }
    Statistics {
        note,
        by_member_state: shares.map(|(t, _)| t),
        indicators: r.statistics.iter().map(|t| indicator(ctx, t)).collect(),
    }
}

/// The mark of a figure of multi-count breakdowns that counts occurrences
/// (refusals by ground), not units.
const BY_GROUND_MARK: &str = "\u{b9}";

/// One table of every per-Member-State indicator: Member States in
/// protocol order as rows, indicators as columns, totals last; and whether
/// a cell gives figures by ground (marked, explained in the note).
///
/// Every Member State that sent figures of an indicator has them in its
/// cell: for multi-count grounds (refusals A–I), the persons counted once
/// where it sent them, and for the citizenships it sent only by ground the
/// refusals by ground, marked — never added to the persons, in its cell as
/// in the total.
fn member_state_shares(ctx: &Presentation, tables: &[IndicatorTable]) -> Option<(Titled, bool)> {
    let tables: Vec<&IndicatorTable> = tables.iter().filter(|t| t.scope == Scope::PerMemberState).collect();
    let mut states: Vec<&String> = tables.iter().flat_map(|t| &t.member_states).collect();
    states.sort_by_key(|ms| countries::protocol_rank(ms));
    states.dedup();
    if states.is_empty() {
        return None;
    }
    let mut columns = vec![ctx.l("member_state")];
    columns.extend(tables.iter().map(|t| {
        let what = super::what_is_counted(ctx, t.breakdown_kind, t.outer.as_deref(), &t.unit);
        format!("{} ({what})", indicator_title(ctx, &t.indicator))
    }));
    let mut by_ground = false;
    let mut cell = |figure: Option<u64>, grounds: Option<u64>| -> String {
        let grounds = grounds.map(|g| {
            by_ground = true;
            format!("{}\u{a0}{}{BY_GROUND_MARK}", style::count(g), ctx.l("by_ground"))
        });
        match (figure, grounds) {
            (Some(f), Some(g)) => format!("{}; {g}", style::count(f)),
            (Some(f), None) => style::count(f),
            (None, Some(g)) => g,
            (None, None) => MISSING.to_string(),
        }
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for ms in &states {
        let mut row = vec![ctx.country(ms)];
        for t in &tables {
            let figure = t.figure(|r| r.by_member_state.get(*ms).copied());
            row.push(cell(figure, grounds_only(t, ms)));
        }
        rows.push(row);
    }
    let mut total = vec![ctx.l("total")];
    for t in &tables {
        let grounds: Vec<u64> = states.iter().filter_map(|ms| grounds_only(t, ms)).collect();
        total.push(cell(t.total, (!grounds.is_empty()).then(|| grounds.iter().sum())));
    }
    rows.push(total);
    let title = ctx.l("by_member_state");
    let tables = Draft::new(columns, rows, 1..=tables.len())
        .total_last()
        .group_name(ctx.l("columns"))
        .continued(ctx.continued(&title))
        .fit();
    Some((Titled { title, tables }, by_ground))
}

/// For multi-count grounds, a Member State's figures by ground for the
/// citizenships it sent no persons counted once for (none when it sent
/// the persons for all, or no grounds): occurrences of grounds, never
/// persons.
fn grounds_only(t: &IndicatorTable, ms: &str) -> Option<u64> {
    if t.breakdown_kind != BreakdownKind::MultiCount {
        return None;
    }
    let persons: BTreeSet<&Option<String>> = t
        .rows
        .iter()
        .filter(|r| r.breakdown.is_none() && r.by_member_state.contains_key(ms))
        .map(|r| &r.citizenship)
        .collect();
    // Persons sent without a citizenship cover every citizenship.
    if persons.contains(&None) {
        return None;
    }
    let grounds: Vec<u64> = t
        .rows
        .iter()
        .filter(|r| r.breakdown.is_some() && !persons.contains(&r.citizenship))
        .filter_map(|r| r.by_member_state.get(ms).copied())
        .collect();
    (!grounds.is_empty()).then(|| grounds.iter().sum())
}

/// An indicator's title in the report language (its id when the format
/// does not know it).
pub(super) fn indicator_title(ctx: &Presentation, id: &str) -> String {
    ctx.format
        .indicator(id)
        .map_or(id.to_string(), |i| i.title.get(ctx.lang).to_string())
}

/// Who sent a row's figures.
fn reporters(r: &StatisticsRow) -> Vec<String> {
    if r.reported_by.is_empty() {
        r.by_member_state.keys().cloned().collect()
    } else {
        r.reported_by.clone()
    }
}

/// The body of an indicator's table: its rows before the total, the line
/// of all its figures, and the bars of its chart.
#[derive(Default)]
struct Body {
    /// The rows, each its label and cells.
    rows: Vec<Vec<String>>,
    /// Every figure of the table, for its total row.
    all: Line,
    /// The chart's bars: label and figure, largest first; each
    /// citizenship once.
    bars: Vec<(String, u64)>,
}

/// Citizenships as rows: the main ones by name, largest first, the others
/// together, then the figures without a citizenship.
fn by_citizenship(ctx: &Presentation, t: &IndicatorTable, cols: &Columns) -> Body {
    let mut lines: BTreeMap<Option<String>, Line> = BTreeMap::new();
    for r in &t.rows {
        let line = cols.line(r, Some(r.total), reporters(r));
        lines.entry(r.citizenship.clone()).or_default().merge(&line);
    }
    let unspecified = lines.remove(&None);
    let rank = |line: &Line| (cols.headline(line).unwrap_or(0), line.largest());
    let mut ranked: Vec<(String, Line)> = lines
        .into_iter()
        .map(|(c, line)| (ctx.country(c.as_deref().unwrap_or_default()), line))
        .collect();
    ranked.sort_by(|a, b| rank(&b.1).cmp(&rank(&a.1)).then_with(|| a.0.cmp(&b.0)));
    let mut body = Body {
        bars: ranked
            .iter()
            .filter_map(|(name, line)| Some((name.clone(), cols.headline(line)?)))
            .take(8)
            .collect(),
        ..Body::default()
    };
    let mut others = Line::default();
    let mut other_count = 0;
    for (i, (name, line)) in ranked.iter().enumerate() {
        body.all.merge(line);
        // A single citizenship left over is shown by name, not as "others (1)".
        if i < ctx.top || ranked.len() == ctx.top + 1 {
            body.rows.push(cols.row(ctx, name.clone(), line));
        } else {
            others.merge(line);
            other_count += 1;
        }
    }
    if other_count > 0 {
        let label = ctx.l("other_citizenships").replace("{k}", &other_count.to_string());
        body.rows.push(cols.row(ctx, label, &others));
    }
    if let Some(line) = unspecified {
        body.all.merge(&line);
        body.rows.push(cols.row(ctx, ctx.l("citizenship_not_specified"), &line));
    }
    body
}

/// Breakdowns as rows, for a partition not counted by citizenship.
fn by_breakdown(ctx: &Presentation, t: &IndicatorTable, cols: &Columns) -> Body {
    let mut body = Body::default();
    for b in cols.breakdowns() {
        let mut line = Line::default();
        for r in t.rows.iter().filter(|r| &r.breakdown == b) {
            line.merge(&cols.line(r, Some(r.total), reporters(r)));
        }
        body.all.merge(&line);
        // A row label, capitalised as the table's other labels are.
        let label = capitalised(&lines::breakdown_label(ctx, b.as_deref()));
        body.rows.push(cols.row(ctx, label, &line));
    }
    body
}

/// Member States as rows, in protocol order, for a subset or multi-count
/// indicator not counted by citizenship (readmission requests: each
/// Member State's submitted and accepted side by side).
fn by_member_state(ctx: &Presentation, t: &IndicatorTable, cols: &Columns) -> Body {
    let mut body = Body::default();
    for ms in &t.member_states {
        let mut line = Line::default();
        for r in &t.rows {
            let value = r.by_member_state.get(ms).copied();
            line.merge(&cols.line(r, value, value.map(|_| ms.clone()).into_iter().collect()));
        }
        // Each row is one Member State's: who reported is said by the
        // total row only.
        let mut row = cols.row(ctx, ctx.country(ms), &line);
        if let Some(reporting) = row.last_mut() {
            reporting.clear();
        }
        body.rows.push(row);
    }
    for r in &t.rows {
        body.all.merge(&cols.line(r, Some(r.total), reporters(r)));
    }
    body
}

/// The format's note on how to read an indicator's table; for a subset
/// some of whose levels nobody sent, what the table shows instead (the
/// note would speak of columns it does not have).
fn note(ctx: &Presentation, t: &IndicatorTable, cols: &Columns) -> Option<String> {
    let ind = ctx.format.indicator(&t.indicator)?;
    if t.breakdown_kind == BreakdownKind::Subset {
        // A row without a level counts as the widest (see `IndicatorTable::counts`).
        let shown = |b: &str| {
            cols.breakdowns()
                .iter()
                .any(|c| c.as_deref().is_none_or(|c| c == b) && (c.is_some() || t.outer.as_deref() == Some(b)))
        };
        let (sent, missing): (Vec<&String>, Vec<&String>) = ind.breakdowns.iter().partition(|b| shown(b));
        if !missing.is_empty() && !sent.is_empty() {
            let names = |list: Vec<&String>| list.iter().map(|b| ctx.l(b)).collect::<Vec<_>>().join(", ");
            return Some(
                ctx.l("subset_not_sent")
                    .replace("{sent}", &names(sent))
                    .replace("{missing}", &names(missing)),
            );
        }
    }
    ind.note.as_ref().map(|n| n.get(ctx.lang).to_string())
}

/// A label with its first letter in capitals, as a row label.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// The sources the Member States named for an indicator's figures, each
/// with who named it: "Ministry of the Interior (Belgium, France);
/// Bundespolizei (Germany)", or none when none was named.
fn sources(ctx: &Presentation, t: &IndicatorTable) -> Option<String> {
    let mut named: BTreeMap<&String, BTreeSet<&String>> = BTreeMap::new();
    for r in &t.rows {
        for (ms, list) in &r.sources {
            for source in list {
                named.entry(source).or_default().insert(ms);
            }
        }
    }
    let parts: Vec<String> = named
        .iter()
        .map(|(source, states)| {
            let mut states: Vec<&String> = states.iter().copied().collect();
            states.sort_by_key(|ms| countries::protocol_rank(ms));
            let names: Vec<String> = states.iter().map(|ms| ctx.country(ms)).collect();
            format!("{source} ({})", names.join(", "))
        })
        .collect();
    (!parts.is_empty()).then(|| format!("{}: {}.", ctx.l("sources_of_figures"), parts.join("; ")))
}

/// One indicator: its main citizenships (or breakdowns, or Member States)
/// as rows, its breakdowns as columns laid out by how they add up, the
/// total row, the format's note on the indicator and the sources.
fn indicator(ctx: &Presentation, t: &IndicatorTable) -> Indicator {
    let ind = ctx.format.indicator(&t.indicator);
    let title = indicator_title(ctx, &t.indicator);
    let by_citizenship = ind.is_none_or(|i| i.by_citizenship) || t.rows.iter().any(|r| r.citizenship.is_some());
    let catalogue = ind.map(|i| i.breakdowns.as_slice()).unwrap_or_default();
    let cols = Columns::new(t, catalogue, by_citizenship);
    let (first_column, mut body) = if by_citizenship {
        (ctx.l("citizenship"), self::by_citizenship(ctx, t, &cols))
    } else if t.breakdown_kind == BreakdownKind::Partition || t.member_states.is_empty() {
        (ctx.l("breakdown"), by_breakdown(ctx, t, &cols))
    } else {
        (ctx.l("member_state"), by_member_state(ctx, t, &cols))
    };
    body.rows.push(cols.row(ctx, ctx.l("total"), &body.all));

    let mut columns = vec![first_column];
    columns.extend(cols.headings(ctx));
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
        chart(ctx, &t.indicator, &title, &ctx.l("by_citizenship"), body.bars)
    } else {
        None
    };
    Indicator {
        id: t.indicator.clone(),
        title,
        unit: ctx.l(&t.unit),
        scope: ctx.l(scope),
        supplementary: ind.is_some_and(|i| i.supplementary),
        note: note(ctx, t, &cols),
        sources: sources(ctx, t),
        tables,
        chart,
    }
}
