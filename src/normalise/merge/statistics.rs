//! The statistics of a semester report: per-Member-State figures summed,
//! host-wide figures counted once and checked for agreement.

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::format::{FormatDef, IndicatorDef, Scope};
use crate::model::*;
use crate::normalise::totals;
use crate::reference::countries;
use std::collections::{BTreeMap, BTreeSet};

/// A statistics cell: citizenship and breakdown.
type Cell = (Option<String>, Option<String>);

/// Statistics per indicator, in catalogue order: per-member-state figures
/// summed with the per-MS breakdown kept; host-wide figures counted once,
/// differing values reported as conflicts (never summed, never dropped
/// silently: the report cannot be built until they are resolved).
pub(super) fn merge_statistics(
    format: &FormatDef,
    subs: &[&Submission],
    conflicts: &mut Vec<Conflict>,
    report: &mut impl FnMut(Diagnostic),
) -> Vec<IndicatorTable> {
    let mut tables = Vec::new();
    for ind in &format.indicators {
        let mut rows: BTreeMap<Cell, StatisticsRow> = BTreeMap::new();
        let mut states: BTreeSet<String> = BTreeSet::new();
        let mut host_values: BTreeMap<Cell, Vec<(&str, &Observation)>> = BTreeMap::new();
        for s in subs {
            for o in s.statistics.iter().filter(|o| o.indicator == ind.id) {
                let cell = (o.citizenship.clone(), o.breakdown.clone());
                match ind.scope {
                    Scope::PerMemberState => {
                        states.insert(s.member_state.clone());
                        let row = rows.entry(cell).or_insert_with(|| empty_row(o));
                        *row.by_member_state.entry(s.member_state.clone()).or_default() += o.value;
                        row.total += o.value;
                        note_source(row, &s.member_state, o);
                    }
                    Scope::HostWide => host_values.entry(cell).or_default().push((&s.member_state, o)),
                }
            }
        }
        rows.extend(host_wide_rows(ind, host_values, conflicts, report));
        if rows.is_empty() {
            continue;
        }
        let mut rows: Vec<StatisticsRow> = rows.into_values().collect();
        rows.sort_by(|a, b| {
            b.total
                .cmp(&a.total)
                .then_with(|| a.citizenship.cmp(&b.citizenship))
                .then_with(|| a.breakdown.cmp(&b.breakdown))
        });
        let mut member_states: Vec<String> = states.into_iter().collect();
        member_states.sort_by_key(|c| countries::protocol_rank(c));
        tables.push(IndicatorTable::new(ind, member_states, rows));
    }
    tables
}

/// The rows of a host-wide indicator: the cells the Member States agree
/// on; a total one Member State sent is then checked against the details
/// others sent. Disagreeing cells are conflicts and left out.
fn host_wide_rows(
    ind: &IndicatorDef,
    host_values: BTreeMap<Cell, Vec<(&str, &Observation)>>,
    conflicts: &mut Vec<Conflict>,
    report: &mut impl FnMut(Diagnostic),
) -> BTreeMap<Cell, StatisticsRow> {
    let mut agreed: BTreeMap<Cell, StatisticsRow> = BTreeMap::new();
    let mut pooled: Vec<Observation> = Vec::new();
    for (cell, values) in host_values {
        let distinct: BTreeSet<u64> = values.iter().map(|(_, o)| o.value).collect();
        if distinct.len() > 1 {
            host_wide_conflict(ind, &cell, &values, conflicts, report);
            continue;
        }
        let Some((_, first)) = values.first() else { continue };
        let mut row = empty_row(first);
        row.total = first.value;
        row.reported_by = values.iter().map(|(ms, _)| ms.to_string()).collect();
        for (ms, o) in &values {
            note_source(&mut row, ms, o);
        }
        agreed.insert(cell, row);
        pooled.push((*first).clone());
    }
    let mut rows = BTreeMap::new();
    let mut found = Vec::new();
    for o in totals::leaves(ind, pooled, &mut found) {
        let cell = (o.citizenship, o.breakdown);
        if let Some(row) = agreed.remove(&cell) {
            rows.insert(cell, row);
        }
    }
    for d in found {
        conflicts.push(Conflict {
            what: format!("{} — total", ind.id),
            values: vec![d.hint.clone()],
        });
        report(d);
    }
    rows
}

/// Records a host-wide cell the Member States sent different values for:
/// one conflict, and a diagnostic at each value.
fn host_wide_conflict(
    ind: &IndicatorDef,
    cell: &Cell,
    values: &[(&str, &Observation)],
    conflicts: &mut Vec<Conflict>,
    report: &mut impl FnMut(Diagnostic),
) {
    let listed: Vec<String> = values.iter().map(|(ms, o)| format!("{ms}: {}", o.value)).collect();
    let what = format!(
        "{} — {}{}",
        ind.id,
        cell.0
            .as_deref()
            .map_or("all citizenships".to_string(), |c| countries::name(
                c,
                crate::reference::Lang::En
            )),
        cell.1.as_deref().map(|b| format!(" ({b})")).unwrap_or_default()
    );
    conflicts.push(Conflict {
        what: what.clone(),
        values: listed.clone(),
    });
    for (ms, o) in values {
        let at = o.origin.clone().unwrap_or_else(|| Location::file(""));
        report(
            Diagnostic::new(Code::ConflictingValue, &at, format!("{what} is a host-wide figure and Member States sent different values ({}); {ms} and the others must agree on one figure", listed.join(", ")))
                .found(o.value.to_string())
                .expected("the same figure from every Member State"),
        );
    }
}

/// Records the source a Member State named for a figure, once.
fn note_source(row: &mut StatisticsRow, member_state: &str, o: &Observation) {
    if let Some(source) = o.source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let sources = row.sources.entry(member_state.to_string()).or_default();
        if !sources.iter().any(|s| s == source) {
            sources.push(source.to_string());
        }
    }
}

/// A row for an observation's cell, with no figures yet.
fn empty_row(o: &Observation) -> StatisticsRow {
    StatisticsRow {
        citizenship: o.citizenship.clone(),
        breakdown: o.breakdown.clone(),
        by_member_state: BTreeMap::new(),
        total: 0,
        reported_by: Vec::new(),
        sources: BTreeMap::new(),
    }
}
