//! The development of the ILO networks over a year, for the annual
//! summary (Art. 6(3)): per host the ILOs on 30 June and on 31 December,
//! the change, the postings opened and ended; and the Member States
//! looking after others' interests (Art. 5).

use super::{MISSING, Presentation, figure};
use crate::model::{AnnualSummary, NetworkChange};
use crate::reference::countries;
use crate::render::style;
use crate::render::table::{Draft, Table};
use std::collections::BTreeMap;

/// One row per host (in the order given) and the totals: ILOs on 30 June
/// and 31 December, the change, the Member States that posted ILOs there
/// in the second half-year and those that left.
pub(super) fn development(ctx: &Presentation, a: &AnnualSummary, hosts: &[&String]) -> Vec<Table> {
    let sum = |m: &Option<BTreeMap<String, u64>>| m.as_ref().map(|m| m.values().sum::<u64>());
    let (mut june, mut december) = (None::<u64>, None::<u64>);
    let mut rows: Vec<Vec<String>> = hosts
        .iter()
        .filter_map(|h| a.network.iter().find(|n| &&n.host == h))
        .map(|n| {
            let (j, d) = (sum(&n.june), sum(&n.december));
            june = add(june, j);
            december = add(december, d);
            let (opened, ended) = moves(n);
            vec![
                ctx.country(&n.host),
                figure(j),
                figure(d),
                change(j, d),
                names(ctx, &opened),
                names(ctx, &ended),
            ]
        })
        .collect();
    rows.push(vec![
        ctx.l("total"),
        figure(june),
        figure(december),
        change(june, december),
        String::new(),
        String::new(),
    ]);
    let columns = [
        "host",
        "ilos_30_june",
        "ilos_31_december",
        "change_ilos",
        "postings_opened",
        "postings_ended",
    ]
    .map(|k| ctx.l(k));
    Draft::new(columns.into(), rows, 1..4)
        .total_last()
        .continued(ctx.continued(&ctx.l("network_development")))
        .fit()
}

/// The Member States that look after other Member States' interests in a
/// host (Art. 5): host, Member State, those it represents; none when no
/// report names an arrangement.
pub(super) fn representation(ctx: &Presentation, a: &AnnualSummary, hosts: &[&String]) -> Vec<Table> {
    let mut rows = Vec::new();
    for n in hosts.iter().filter_map(|h| a.network.iter().find(|n| &&n.host == h)) {
        let mut states: Vec<(&String, &Vec<String>)> = n.represents.iter().collect();
        states.sort_by_key(|(ms, _)| countries::protocol_rank(ms));
        for (ms, represented) in states {
            rows.push(vec![ctx.country(&n.host), ctx.country(ms), names(ctx, represented)]);
        }
    }
    if rows.is_empty() {
        return Vec::new();
    }
    let columns = vec![ctx.l("host"), ctx.l("member_state"), ctx.l("represents")];
    Draft::new(columns, rows, [])
        .continued(ctx.continued(&ctx.l("representation")))
        .fit()
}

/// Two optional figures added; none when both are missing.
fn add(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (None, None) => None,
        _ => Some(a.unwrap_or(0) + b.unwrap_or(0)),
    }
}

/// The change from 30 June to 31 December, signed; missing when either
/// is unknown.
fn change(june: Option<u64>, december: Option<u64>) -> String {
    match (june, december) {
        (Some(j), Some(d)) if d >= j => format!("+{}", style::count(d - j)),
        (Some(j), Some(d)) => format!("−{}", style::count(j - d)),
        _ => MISSING.to_string(),
    }
}

/// The Member States present on 31 December and not on 30 June (opened),
/// and the other way round (ended); none when a half-year has no report.
fn moves(n: &NetworkChange) -> (Vec<String>, Vec<String>) {
    let (Some(june), Some(december)) = (&n.june, &n.december) else {
        return (Vec::new(), Vec::new());
    };
    let present = |m: &BTreeMap<String, u64>, ms: &String| m.get(ms).is_some_and(|n| *n > 0);
    let opened = december.keys().filter(|ms| present(december, ms) && !present(june, ms));
    let ended = june.keys().filter(|ms| present(june, ms) && !present(december, ms));
    (opened.cloned().collect(), ended.cloned().collect())
}

/// Member States' names in protocol order, comma-separated.
fn names(ctx: &Presentation, codes: &[String]) -> String {
    let mut codes: Vec<&String> = codes.iter().collect();
    codes.sort_by_key(|c| countries::protocol_rank(c));
    codes.iter().map(|c| ctx.country(c)).collect::<Vec<_>>().join(", ")
}
