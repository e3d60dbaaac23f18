//! The data of the annual summary (`annual.typ`): the year's coverage,
//! postings and activity per host, each host's figures with the change
//! against the previous year, charts of the main indicators, the main
//! developments per region, and the drafters' text.

use super::digest::{self, HostDigest};
use super::{Chart, MISSING, Page, Presentation, Titled, chart, figure, json, network};
use crate::format::IndicatorDef;
use crate::model::{AnnualFigure, AnnualSummary};
use crate::reference::{countries, regions};
use crate::render::markdown::{self, Block};
use crate::render::style;
use crate::render::table::{Draft, Table};
use serde::Serialize;
use serde_json::Value;

/// Everything `annual.typ` reads from `data`, and the editable summary
/// (`render::docx`) is written from.
#[derive(Serialize)]
pub struct AnnualView {
    /// Language, labels, title, running head, marking, draft, logo.
    #[serde(flatten)]
    pub(crate) page: Page,
    /// The summary's title.
    pub(crate) heading: String,
    /// Who sends it to whom, and the year.
    pub(crate) subheading: String,
    /// The legal basis line: the act in force at the end of the year,
    /// else the nearest.
    pub(crate) legal_basis: String,
    /// The cover note of a year outside the legal basis's period, or none.
    pub(crate) legal_note: Option<String>,
    /// Which hosts had a report in H1 and H2, fitted.
    pub(crate) coverage: Vec<Table>,
    /// ILOs posted, per region and per Member State.
    pub(crate) postings: Postings,
    /// Meetings, Commission and Frontex participation, training, per host,
    /// fitted.
    pub(crate) activity: Vec<Table>,
    /// One entry per host, sorted by name.
    pub(crate) figures: Vec<HostFigures>,
    /// The drafters' text as blocks, or none.
    pub(crate) drafters: Option<Vec<Block>>,
    /// Bar charts of the top hosts for the main indicators.
    pub(crate) charts: Vec<Chart>,
    /// The main developments per region: its hosts' main figures with the
    /// change, and the digest of what the Member States reported.
    pub(crate) regions: Vec<Region>,
    /// The development of the networks: ILOs on 30 June and 31 December
    /// per host with the changes, fitted.
    pub(crate) network: Vec<Table>,
    /// The Art. 5 arrangements, fitted; empty when no report names one.
    pub(crate) representation: Vec<Table>,
    /// The human rights aspects the reports gave, per host.
    pub(crate) human_rights: Vec<HostDigest>,
}

/// A region's main developments.
#[derive(Serialize)]
pub(crate) struct Region {
    /// The region's name and the table of its hosts' main figures.
    #[serde(flatten)]
    pub(crate) figures: Titled,
    /// Per host, the Member States' difficulties, recommendations and
    /// incidents, attributed, each cut to a digest.
    pub(crate) digest: Vec<HostDigest>,
}

/// The ILOs posted in the year.
#[derive(Serialize)]
pub(crate) struct Postings {
    /// Per region, one row per host naming the Member States posting
    /// there with their ILOs.
    pub(crate) by_host: Vec<Titled>,
    /// Per Member State, its host countries and ILOs, fitted.
    pub(crate) by_member_state: Vec<Table>,
}

/// One host's figures for the year.
#[derive(Serialize)]
pub(crate) struct HostFigures {
    /// The host's name.
    pub(crate) host: String,
    /// Its figures per indicator, with the change against the previous
    /// year; empty when it has none.
    pub(crate) tables: Vec<Table>,
}

/// The view of an annual summary, as the templates read it.
pub fn annual(ctx: &Presentation, a: &AnnualSummary, marking: Option<&str>, draft: bool) -> Value {
    json(&annual_view(ctx, a, marking, draft))
}

/// The view of an annual summary.
pub fn annual_view(ctx: &Presentation, a: &AnnualSummary, marking: Option<&str>, draft: bool) -> AnnualView {
    let year = a.year.to_string();
    let year_end = chrono::NaiveDate::from_ymd_opt(a.year, 12, 31).unwrap_or_default();
    let (basis, applied) = ctx.format.legal_basis_for(year_end);
    let mut hosts: Vec<&String> = a.coverage.iter().map(|c| &c.host).collect();
    hosts.sort_by_cached_key(|h| ctx.country(h));
    let regions = by_region(ctx, &hosts);
    let main: Vec<&IndicatorDef> = ctx.format.indicators.iter().filter(|i| i.main).collect();
    AnnualView {
        page: Page::new(
            ctx,
            format!("{} — {year}", ctx.l("annual_title")),
            [format!("{} {year}", ctx.l("year")), ctx.l("running_title_annual")],
            marking,
            draft,
        ),
        heading: ctx.l("annual_title"),
        legal_basis: basis.annual_citation.get(ctx.lang).to_string(),
        legal_note: (!applied).then(|| super::outside_legal_basis(ctx, &year)),
        coverage: coverage(ctx, a, &hosts),
        postings: Postings {
            by_host: postings_by_host(ctx, a, &regions),
            by_member_state: postings_by_member_state(ctx, a, &hosts),
        },
        activity: activity(ctx, a, &hosts),
        figures: hosts.iter().map(|h| host_figures(ctx, a, h)).collect(),
        drafters: a.drafters_text.as_deref().map(markdown::blocks),
        charts: charts(ctx, a, &hosts, &main),
        network: network::development(ctx, a, &hosts),
        representation: network::representation(ctx, a, &hosts),
        human_rights: digest::by_host(ctx, &a.human_rights, &hosts, false),
        regions: regions
            .iter()
            .map(|(title, members)| Region {
                figures: region(ctx, a, title, members, &main),
                digest: digest::by_host(ctx, &a.digest, members, true),
            })
            .collect(),
        subheading: format!(
            "{} — {year}",
            ctx.l("from_commission")
                .replace("{recipients}", basis.annual_recipients.get(ctx.lang))
        ),
    }
}

/// Host countries grouped by the regions of `report-templates/regions.json`
/// (the others last), each group sorted by name in the report language.
fn by_region<'h>(ctx: &Presentation, hosts: &[&'h String]) -> Vec<(String, Vec<&'h String>)> {
    let mut placed: Vec<&str> = Vec::new();
    let mut groups: Vec<(String, Vec<&String>)> = regions::all()
        .iter()
        .map(|r| {
            let members: Vec<&String> = hosts
                .iter()
                .copied()
                .filter(|h| (**h == r.id || r.hosts.contains(h)) && !placed.contains(&h.as_str()))
                .collect();
            placed.extend(members.iter().map(|h| h.as_str()));
            (r.title.get(ctx.lang).to_string(), members)
        })
        .collect();
    groups.push((
        ctx.l("other_region"),
        hosts
            .iter()
            .copied()
            .filter(|h| !placed.contains(&h.as_str()))
            .collect(),
    ));
    for (_, members) in &mut groups {
        members.sort_by_cached_key(|h| ctx.country(h));
    }
    groups.retain(|(_, m)| !m.is_empty());
    groups
}

/// Which hosts had a report in H1 and H2, and who drew each up.
fn coverage(ctx: &Presentation, a: &AnnualSummary, hosts: &[&String]) -> Vec<Table> {
    let mark = |b: bool| ctx.l(if b { "received" } else { "missing" });
    let drafter = |received: bool, ms: &Option<String>| match ms {
        Some(ms) => ctx.country(ms),
        None if received => ctx.l("not_determined"),
        None => String::new(),
    };
    let rows = hosts
        .iter()
        .filter_map(|h| a.coverage.iter().find(|c| &&c.host == h))
        .map(|c| {
            vec![
                ctx.country(&c.host),
                mark(c.h1),
                drafter(c.h1, &c.h1_drafted_by),
                mark(c.h2),
                drafter(c.h2, &c.h2_drafted_by),
            ]
        })
        .collect();
    let columns = ["host", "h1", "drafting", "h2", "drafting"].map(|k| ctx.l(k));
    Draft::new(columns.into(), rows, [])
        .continued(ctx.continued(&ctx.l("coverage")))
        .fit()
}

/// Postings per region: host countries as rows and the Member States
/// posting there in one cell, with the region's total.
fn postings_by_host(ctx: &Presentation, a: &AnnualSummary, regions: &[(String, Vec<&String>)]) -> Vec<Titled> {
    regions
        .iter()
        .map(|(title, members)| {
            let mut total = 0;
            let mut rows: Vec<Vec<String>> = members
                .iter()
                .map(|h| {
                    let mut states: Vec<(&String, u64)> = a
                        .ilos
                        .iter()
                        .filter_map(|(ms, per_host)| per_host.get(*h).map(|n| (ms, *n)))
                        .collect();
                    states.sort_by_key(|(ms, _)| countries::protocol_rank(ms));
                    let sum: u64 = states.iter().map(|(_, n)| n).sum();
                    total += sum;
                    let listed: Vec<String> = states
                        .iter()
                        .map(|(ms, n)| format!("{ms}\u{a0}{}", style::count(*n)))
                        .collect();
                    vec![ctx.country(h), listed.join(", "), style::count(sum)]
                })
                .collect();
            rows.push(vec![ctx.l("total"), String::new(), style::count(total)]);
            let tables = Draft::new(vec![ctx.l("host"), ctx.l("ms_ilos"), ctx.l("ilos")], rows, [2])
                .total_last()
                .continued(ctx.continued(title))
                .fit();
            Titled {
                title: title.clone(),
                tables,
            }
        })
        .collect()
}

/// One row per Member State (protocol order): the hosts it posts ILOs in
/// and how many, with the totals.
fn postings_by_member_state(ctx: &Presentation, a: &AnnualSummary, hosts: &[&String]) -> Vec<Table> {
    let mut states: Vec<&String> = a.ilos.keys().collect();
    states.sort_by_key(|ms| countries::protocol_rank(ms));
    let mut rows: Vec<Vec<String>> = states
        .iter()
        .map(|ms| {
            let per_host = &a.ilos[*ms];
            vec![
                ctx.country(ms),
                style::count(per_host.len() as u64),
                style::count(per_host.values().sum()),
            ]
        })
        .collect();
    // The host countries of the rows are not added up (most have several
    // Member States): the total says how many different ones there are.
    let distinct = hosts
        .iter()
        .filter(|h| a.ilos.values().any(|m| m.contains_key(**h)))
        .count() as u64;
    rows.push(vec![
        ctx.l("total"),
        ctx.l("hosts_distinct")
            .replace("{n}", &style::count(distinct))
            .replace(' ', "\u{a0}"),
        style::count(a.ilos.values().flat_map(|m| m.values()).sum()),
    ]);
    Draft::new(vec![ctx.l("member_state"), ctx.l("hosts"), ctx.l("ilos")], rows, [1, 2])
        .total_last()
        .continued(ctx.continued(&ctx.l("ilos_per_member_state")))
        .fit()
}

/// Meetings and training per host.
fn activity(ctx: &Presentation, a: &AnnualSummary, hosts: &[&String]) -> Vec<Table> {
    let rows = hosts
        .iter()
        .filter_map(|h| a.activity.iter().find(|x| &&x.host == h))
        .map(|x| {
            vec![
                ctx.country(&x.host),
                style::count(x.meetings),
                style::count(x.meetings_with_commission),
                style::count(x.meetings_with_frontex),
                style::count(x.trainings),
                style::count(x.training_participants),
            ]
        })
        .collect();
    let columns = [
        "host",
        "meetings",
        "with_commission",
        "with_frontex",
        "trainings",
        "participants",
    ]
    .map(|k| ctx.l(k));
    Draft::new(columns.into(), rows, 1..6)
        .continued(ctx.continued(&ctx.l("activity")))
        .fit()
}

/// A host's figures per indicator (catalogue order): H1, H2, the year,
/// the previous year and the change.
fn host_figures(ctx: &Presentation, a: &AnnualSummary, host: &str) -> HostFigures {
    let rows: Vec<Vec<String>> = ctx
        .format
        .indicators
        .iter()
        .filter_map(|ind| year_total(a, host, &ind.id).map(|f| (ind, f)))
        .map(|(ind, f)| {
            vec![
                super::counted_title(ctx, ind),
                figure(f.h1),
                figure(f.h2),
                style::count(f.year),
                figure(f.previous_year),
                f.previous_year
                    .and_then(|p| style::change(f.year, p, ctx.lang))
                    .unwrap_or_else(|| MISSING.into()),
            ]
        })
        .collect();
    let columns = vec![
        ctx.l("indicator"),
        "H1".into(),
        "H2".into(),
        a.year.to_string(),
        (a.year - 1).to_string(),
        ctx.l("change"),
    ];
    let tables = if rows.is_empty() {
        Vec::new()
    } else {
        Draft::new(columns, rows, 1..6).fit()
    };
    HostFigures {
        host: ctx.country(host),
        tables,
    }
}

/// A host's figures of an indicator for the year.
fn year_total<'a>(a: &'a AnnualSummary, host: &str, indicator: &str) -> Option<&'a AnnualFigure> {
    a.figures.iter().find(|f| f.host == host && f.indicator == indicator)
}

/// Per main indicator, a chart of the ten hosts with the largest figures.
fn charts(ctx: &Presentation, a: &AnnualSummary, hosts: &[&String], main: &[&IndicatorDef]) -> Vec<Chart> {
    let mut charts = Vec::new();
    for ind in main {
        let mut bars: Vec<(String, u64)> = hosts
            .iter()
            .filter_map(|h| year_total(a, h, &ind.id).map(|f| (ctx.country(h), f.year)))
            .collect();
        bars.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        bars.truncate(10);
        charts.extend(chart(ctx, &ind.id, ind.title.get(ctx.lang), &ctx.l("by_host"), bars));
    }
    charts
}

/// A region's hosts as rows, the main indicators as columns: the year's
/// figure with the change.
fn region(ctx: &Presentation, a: &AnnualSummary, title: &str, members: &[&String], main: &[&IndicatorDef]) -> Titled {
    let mut columns = vec![ctx.l("host")];
    columns.extend(main.iter().map(|i| super::counted_title(ctx, i)));
    let rows: Vec<Vec<String>> = members
        .iter()
        .map(|h| {
            let mut row = vec![ctx.country(h)];
            row.extend(main.iter().map(|i| match year_total(a, h, &i.id) {
                Some(f) => match f.previous_year.and_then(|p| style::change(f.year, p, ctx.lang)) {
                    Some(change) => format!("{}\u{a0}({change})", style::count(f.year)),
                    None => style::count(f.year),
                },
                None => MISSING.into(),
            }));
            row
        })
        .collect();
    let figures = 1..columns.len();
    Titled {
        title: title.to_string(),
        tables: Draft::new(columns, rows, figures).continued(ctx.continued(title)).fit(),
    }
}
