//! What the templates print: the model turned into display strings in the
//! report language (names, labels, EU-style figures and dates), as JSON.
//! Text from submissions is passed as plain strings, which Typst prints
//! literally: nothing is parsed as markup.

use super::style;
use crate::format::{FormatDef, Scope};
use crate::model::*;
use crate::reference::{Lang, countries};
use serde_json::{Value, json};

/// A table as the templates draw it: header cells, rows of cells, and which
/// columns hold figures (right-aligned).
fn table(columns: Vec<String>, rows: Vec<Vec<String>>, numeric: &[usize]) -> Value {
    json!({ "columns": columns, "rows": rows, "numeric": numeric })
}

/// A bar chart: bars in order, and its alternative text giving every
/// figure in words (for screen readers; PDF/UA requires it).
fn chart(ctx: &Ctx, title: &str, what: &str, bars: Vec<(String, u64)>) -> Option<Value> {
    let max = bars.iter().map(|(_, v)| *v).max().filter(|m| *m > 0)?;
    let alt = format!(
        "{} {title}, {what}: {}.",
        ctx.l("bar_chart_of"),
        bars.iter()
            .map(|(l, v)| format!("{l} {}", style::count(*v)))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let bars: Vec<Value> = bars
        .into_iter()
        .map(|(label, value)| json!({ "label": label, "share": value as f64 / max as f64, "display": style::count(value) }))
        .collect();
    Some(json!({ "title": format!("{title} — {what}"), "alt": alt, "bars": bars }))
}

/// Regions of the annual summary (`report-templates/regions.json`).
#[derive(serde::Deserialize)]
struct Regions {
    regions: Vec<Region>,
}

#[derive(serde::Deserialize)]
struct Region {
    title: crate::format::Translated,
    hosts: Vec<String>,
}

fn regions() -> Regions {
    serde_json::from_str(include_str!("../../report-templates/regions.json")).unwrap_or(Regions { regions: Vec::new() })
}

struct Ctx<'a> {
    format: &'a FormatDef,
    lang: Lang,
}

impl Ctx<'_> {
    fn l(&self, key: &str) -> String {
        self.format.label(key, self.lang)
    }
    fn country(&self, code: &str) -> String {
        countries::name(code, self.lang)
    }
    fn countries(&self, codes: &[String]) -> String {
        codes.iter().map(|c| self.country(c)).collect::<Vec<_>>().join(", ")
    }
    fn yes_no(&self, b: Option<bool>) -> String {
        b.map_or(String::new(), |b| self.l(if b { "yes" } else { "no" }))
    }
    fn labels(&self) -> Value {
        Value::Object(
            self.format
                .labels
                .keys()
                .map(|k| (k.clone(), Value::String(self.l(k))))
                .collect(),
        )
    }
}

/// Document-wide fields shared by both kinds of report.
fn page_fields(ctx: &Ctx, title: String, running: String, marking: Option<&str>, draft: bool) -> Value {
    json!({
        "lang": ctx.lang.code(),
        "labels": ctx.labels(),
        "title": title,
        "running": running,
        "marking": marking,
        "draft": draft,
    })
}

/// The view of a semester report.
pub fn semester(format: &FormatDef, r: &SemesterReport, lang: Lang, draft: bool, problems: &[String]) -> Value {
    let ctx = Ctx { format, lang };
    let host = ctx.country(&r.host);
    let semester = r.semester.to_string();
    let mut doc = page_fields(
        &ctx,
        format!("{} — {host} — {semester}", ctx.l("report_title")),
        format!("{host} · {semester}"),
        r.classification.as_deref(),
        draft,
    );
    let period = format!(
        "{} – {}",
        style::date_text(r.period_start, lang),
        style::date_text(r.period_end, lang)
    );
    let drafting = match &r.drafting_member_state {
        Some(ms) if r.acting_on_behalf => format!("{} ({})", ctx.country(ms), ctx.l("acting_on_behalf")),
        Some(ms) => ctx.country(ms),
        None => ctx.l("not_determined"),
    };
    let header = [
        (ctx.l("host"), host.clone()),
        (ctx.l("semester"), format!("{semester} ({period})")),
        (
            ctx.l("presidency"),
            r.presidency
                .as_deref()
                .map_or(ctx.l("not_determined"), |p| ctx.country(p)),
        ),
        (ctx.l("drafting"), drafting),
        (
            ctx.l("date"),
            r.date.map_or(String::new(), |d| style::date_text(d, lang)),
        ),
        (ctx.l("reference"), r.reference.clone()),
    ];
    let parts: Vec<Value> = format
        .parts
        .iter()
        .map(|part| {
            let sections: Vec<Value> = format
                .sections
                .iter()
                .filter(|s| s.part == part.id)
                .map(|s| {
                    let narrative: Vec<Value> = r
                        .narrative
                        .get(&s.id)
                        .map(|v| {
                            v.iter()
                                .map(|c| json!({ "member_state": ctx.country(&c.member_state), "text": c.text }))
                                .collect()
                        })
                        .unwrap_or_default();
                    let structured = s.table.as_deref().and_then(|t| section_table(&ctx, r, t));
                    json!({ "id": s.id, "title": s.title.get(lang), "narrative": narrative, "table": structured })
                })
                .collect();
            json!({ "id": part.id, "title": part.title.get(lang), "sections": sections })
        })
        .collect();
    let statistics: Vec<Value> = r.statistics.iter().map(|t| statistics_table(&ctx, t)).collect();
    let sources: Vec<Vec<String>> = r
        .sources
        .iter()
        .flat_map(|s| {
            s.files.iter().map(|f| {
                vec![
                    ctx.country(&s.member_state),
                    f.path.rsplit('/').next().unwrap_or(&f.path).to_string(),
                    s.drafted_on.map_or(String::new(), style::date_table),
                    f.sha256.chars().take(12).collect(),
                ]
            })
        })
        .collect();
    let conflicts: Vec<Vec<String>> = r
        .conflicts
        .iter()
        .map(|c| vec![c.what.clone(), c.values.join("; ")])
        .collect();
    let obj = doc.as_object_mut().expect("page fields are an object");
    obj.insert(
        "header".into(),
        json!(header.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>()),
    );
    obj.insert("legal_basis".into(), json!(format.legal_basis.get(lang)));
    obj.insert("heading".into(), json!(ctx.l("report_title")));
    obj.insert("subheading".into(), json!(format!("{host} — {semester}")));
    obj.insert("parts".into(), json!(parts));
    obj.insert("statistics".into(), json!(statistics));
    obj.insert(
        "sources".into(),
        table(
            vec![
                ctx.l("member_state"),
                ctx.l("file"),
                ctx.l("drafted_on"),
                ctx.l("checksum"),
            ],
            sources,
            &[],
        ),
    );
    obj.insert(
        "silent".into(),
        json!(
            r.silent_member_states
                .iter()
                .map(|c| ctx.country(c))
                .collect::<Vec<_>>()
        ),
    );
    obj.insert(
        "conflicts".into(),
        table(vec![ctx.l("indicator"), ctx.l("value")], conflicts, &[]),
    );
    obj.insert("problems".into(), json!(problems));
    doc
}

fn section_table(ctx: &Ctx, r: &SemesterReport, table_id: &str) -> Option<Value> {
    let l = |k: &str| ctx.l(k);
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let value = match table_id {
        "postings" => {
            if r.composition.is_empty() {
                return None;
            }
            let mut rows: Vec<Vec<String>> = r
                .composition
                .iter()
                .map(|p| {
                    vec![
                        ctx.country(&p.item.member_state),
                        style::count(p.item.ilos),
                        opt(&p.item.posted_at),
                        ctx.countries(&p.item.accredited_to),
                        ctx.countries(&p.item.represents),
                    ]
                })
                .collect();
            rows.push(vec![
                l("total"),
                style::count(r.total_ilos),
                String::new(),
                String::new(),
                String::new(),
            ]);
            table(
                vec![
                    l("member_state"),
                    l("ilos"),
                    l("posted_at"),
                    l("accredited_to"),
                    l("represents"),
                ],
                rows,
                &[1],
            )
        }
        "meetings" => {
            if r.meetings.is_empty() {
                return None;
            }
            let rows = r
                .meetings
                .iter()
                .map(|m| {
                    let chair = m
                        .item
                        .chair
                        .as_deref()
                        .map(|c| {
                            if countries::is_network_state(c) {
                                ctx.country(c)
                            } else {
                                c.to_string()
                            }
                        })
                        .unwrap_or_default();
                    vec![
                        style::date_table(m.item.date),
                        chair,
                        ctx.countries(&m.item.participants),
                        ctx.yes_no(m.item.commission_present),
                        ctx.yes_no(m.item.frontex_present),
                        opt(&m.item.subjects),
                    ]
                })
                .collect();
            table(
                vec![
                    l("date"),
                    l("chair"),
                    l("participants"),
                    l("commission"),
                    l("frontex"),
                    l("subjects"),
                ],
                rows,
                &[],
            )
        }
        "training" => {
            if r.training.is_empty() {
                return None;
            }
            let rows = r
                .training
                .iter()
                .map(|t| {
                    let audience = if t.item.audience == "ilos" {
                        l("ilos_audience")
                    } else {
                        l(&t.item.audience)
                    };
                    vec![
                        style::date_table(t.item.date),
                        t.item.title.clone(),
                        opt(&t.item.organiser),
                        audience,
                        t.item.participants.map(style::count).unwrap_or_default(),
                    ]
                })
                .collect();
            table(
                vec![
                    l("date"),
                    l("training_title"),
                    l("organiser"),
                    l("audience"),
                    l("participants"),
                ],
                rows,
                &[4],
            )
        }
        "routes" => {
            if r.routes.is_empty() {
                return None;
            }
            let rows = r
                .routes
                .iter()
                .map(|x| {
                    vec![
                        ctx.country(&x.item.origin),
                        ctx.countries(&x.item.transit),
                        ctx.country(&x.item.destination),
                        x.item.mode.as_deref().map(l).unwrap_or_default(),
                        x.item.trend.as_deref().map(l).unwrap_or_default(),
                        opt(&x.item.description),
                        x.member_state.clone(),
                    ]
                })
                .collect();
            table(
                vec![
                    l("origin"),
                    l("transit"),
                    l("destination"),
                    l("mode"),
                    l("trend"),
                    l("description"),
                    l("reported_by"),
                ],
                rows,
                &[],
            )
        }
        "documents" => {
            if r.documents.is_empty() {
                return None;
            }
            let mut rows: Vec<Vec<String>> = r
                .documents
                .iter()
                .map(|d| {
                    vec![
                        l(&d.item.document_type),
                        d.item
                            .issuing_country
                            .as_deref()
                            .map(|c| ctx.country(c))
                            .unwrap_or_default(),
                        l(&d.item.fraud_type),
                        style::count(d.item.count),
                        opt(&d.item.note),
                        d.member_state.clone(),
                    ]
                })
                .collect();
            let total: u64 = r.documents.iter().map(|d| d.item.count).sum();
            rows.push(vec![
                l("total"),
                String::new(),
                String::new(),
                style::count(total),
                String::new(),
                String::new(),
            ]);
            table(
                vec![
                    l("document_type"),
                    l("issuing_country"),
                    l("fraud_type"),
                    l("count"),
                    l("note"),
                    l("reported_by"),
                ],
                rows,
                &[3],
            )
        }
        _ => return None,
    };
    Some(value)
}

fn statistics_table(ctx: &Ctx, t: &IndicatorTable) -> Value {
    let ind = ctx.format.indicator(&t.indicator);
    let title = ind.map_or(t.indicator.clone(), |i| i.title.get(ctx.lang).to_string());
    let has_breakdown = t.rows.iter().any(|r| r.breakdown.is_some());
    let by_citizenship = ind.is_none_or(|i| i.by_citizenship);
    let mut columns = Vec::new();
    if by_citizenship {
        columns.push(ctx.l("citizenship"));
    }
    if has_breakdown || !by_citizenship {
        columns.push(ctx.l("breakdown"));
    }
    let lead = columns.len();
    let label_cells = |r: &StatisticsRow| {
        let mut cells = Vec::new();
        if by_citizenship {
            cells.push(
                r.citizenship
                    .as_deref()
                    .map_or(ctx.l("not_specified"), |c| ctx.country(c)),
            );
        }
        if has_breakdown || !by_citizenship {
            cells.push(r.breakdown.as_deref().map(|b| ctx.l(b)).unwrap_or_default());
        }
        cells
    };
    let mut rows = Vec::new();
    let numeric: Vec<usize>;
    match t.scope {
        Scope::PerMemberState => {
            columns.extend(t.member_states.clone());
            columns.push(ctx.l("total"));
            numeric = (lead..columns.len()).collect();
            for r in &t.rows {
                let mut cells = label_cells(r);
                cells.extend(t.member_states.iter().map(|ms| {
                    r.by_member_state
                        .get(ms)
                        .map(|v| style::count(*v))
                        .unwrap_or_else(|| "–".into())
                }));
                cells.push(style::count(r.total));
                rows.push(cells);
            }
            let mut total = vec![ctx.l("total")];
            total.extend(std::iter::repeat_n(String::new(), lead - 1));
            total.extend(
                t.member_states
                    .iter()
                    .map(|ms| style::count(t.rows.iter().filter_map(|r| r.by_member_state.get(ms)).sum())),
            );
            total.push(style::count(t.total));
            rows.push(total);
        }
        Scope::HostWide => {
            columns.push(ctx.l("value"));
            columns.push(ctx.l("reported_by"));
            numeric = vec![lead];
            for r in &t.rows {
                let mut cells = label_cells(r);
                cells.push(style::count(r.total));
                cells.push(r.reported_by.join(", "));
                rows.push(cells);
            }
            let mut total = vec![ctx.l("total")];
            total.extend(std::iter::repeat_n(String::new(), lead - 1));
            total.push(style::count(t.total));
            total.push(String::new());
            rows.push(total);
        }
    }
    let scope = match t.scope {
        Scope::PerMemberState => "per-member-state",
        Scope::HostWide => "host-wide",
    };
    let main = ind.is_some_and(|i| i.main);
    let bars: Vec<(String, u64)> = t
        .rows
        .iter()
        .take(8)
        .map(|r| {
            (
                label_cells(r)
                    .into_iter()
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
                r.total,
            )
        })
        .collect();
    let chart = if main && t.rows.len() > 1 {
        chart(ctx, &title, &ctx.l("by_citizenship"), bars)
    } else {
        None
    };
    json!({
        "id": t.indicator,
        "chart": chart,
        "title": title,
        "unit": ctx.l(&t.unit),
        "scope": ctx.l(scope),
        "table": table(columns, rows, &numeric),
    })
}

/// The view of an annual summary.
pub fn annual(format: &FormatDef, a: &AnnualSummary, lang: Lang, marking: Option<&str>) -> Value {
    let ctx = Ctx { format, lang };
    let year = a.year.to_string();
    let mut doc = page_fields(
        &ctx,
        format!("{} — {year}", ctx.l("annual_title")),
        format!("{} {year}", ctx.l("year")),
        marking,
        false,
    );
    let mark = |b: bool| ctx.l(if b { "received" } else { "missing" });
    let coverage: Vec<Vec<String>> = a
        .coverage
        .iter()
        .map(|c| vec![ctx.country(&c.host), mark(c.h1), mark(c.h2)])
        .collect();
    let mut hosts: Vec<&String> = a.coverage.iter().map(|c| &c.host).collect();
    hosts.sort();
    let mut states: Vec<&String> = a.ilos.keys().collect();
    states.sort_by_key(|ms| countries::protocol_rank(ms));
    let mut ilo_columns = vec![ctx.l("member_state")];
    ilo_columns.extend(hosts.iter().map(|h| h.to_string()));
    ilo_columns.push(ctx.l("total"));
    let mut ilo_rows: Vec<Vec<String>> = states
        .iter()
        .map(|ms| {
            let per_host = &a.ilos[*ms];
            let mut row = vec![ctx.country(ms)];
            row.extend(
                hosts
                    .iter()
                    .map(|h| per_host.get(*h).map_or("–".to_string(), |v| style::count(*v))),
            );
            row.push(style::count(per_host.values().sum()));
            row
        })
        .collect();
    let mut total_row = vec![ctx.l("total")];
    total_row.extend(
        hosts
            .iter()
            .map(|h| style::count(a.ilos.values().filter_map(|m| m.get(*h)).sum())),
    );
    total_row.push(style::count(a.ilos.values().flat_map(|m| m.values()).sum()));
    ilo_rows.push(total_row);
    let activity: Vec<Vec<String>> = a
        .activity
        .iter()
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
    let figures: Vec<Value> = hosts
        .iter()
        .map(|h| {
            let rows: Vec<Vec<String>> = format
                .indicators
                .iter()
                .filter_map(|ind| a.figures.iter().find(|f| &f.host == *h && f.indicator == ind.id).map(|f| (ind, f)))
                .map(|(ind, f)| {
                    vec![
                        ind.title.get(lang).to_string(),
                        f.h1.map(style::count).unwrap_or_else(|| "–".into()),
                        f.h2.map(style::count).unwrap_or_else(|| "–".into()),
                        style::count(f.year),
                        f.previous_year.map(style::count).unwrap_or_else(|| "–".into()),
                        f.previous_year.and_then(|p| style::change(f.year, p, lang)).unwrap_or_else(|| "–".into()),
                    ]
                })
                .collect();
            json!({
                "host": ctx.country(h),
                "table": table(vec![ctx.l("indicator"), "H1".into(), "H2".into(), year.clone(), (a.year - 1).to_string(), ctx.l("change")], rows, &[1, 2, 3, 4, 5]),
            })
        })
        .collect();
    let obj = doc.as_object_mut().expect("page fields are an object");
    obj.insert("heading".into(), json!(ctx.l("annual_title")));
    obj.insert("subheading".into(), json!(year));
    obj.insert("legal_basis".into(), json!(format.legal_basis.get(lang)));
    obj.insert(
        "coverage".into(),
        table(vec![ctx.l("host"), ctx.l("h1"), ctx.l("h2")], coverage, &[]),
    );
    obj.insert(
        "ilos".into(),
        table(ilo_columns, ilo_rows, &(1..hosts.len() + 2).collect::<Vec<_>>()),
    );
    obj.insert(
        "activity".into(),
        table(
            vec![
                ctx.l("host"),
                ctx.l("meetings"),
                ctx.l("with_commission"),
                ctx.l("with_frontex"),
                ctx.l("trainings"),
                ctx.l("participants"),
            ],
            activity,
            &[1, 2, 3, 4, 5],
        ),
    );
    obj.insert("figures".into(), json!(figures));
    obj.insert(
        "drafters".into(),
        json!(a.drafters_text.as_deref().map(super::markdown::blocks)),
    );
    let year_total =
        |host: &str, indicator: &str| a.figures.iter().find(|f| f.host == host && f.indicator == indicator);
    let main: Vec<&crate::format::IndicatorDef> = format.indicators.iter().filter(|i| i.main).collect();
    let mut charts = Vec::new();
    for ind in &main {
        let mut bars: Vec<(String, u64)> = hosts
            .iter()
            .filter_map(|h| year_total(h, &ind.id).map(|f| (ctx.country(h), f.year)))
            .collect();
        bars.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        bars.truncate(10);
        charts.extend(chart(&ctx, ind.title.get(lang), &ctx.l("by_host"), bars));
    }
    obj.insert("charts".into(), json!(charts));
    let mut region_views = Vec::new();
    let defined = regions();
    let mut placed: Vec<&str> = Vec::new();
    let mut groups: Vec<(String, Vec<&String>)> = defined
        .regions
        .iter()
        .map(|r| {
            let members: Vec<&String> = hosts.iter().copied().filter(|h| r.hosts.contains(h)).collect();
            placed.extend(members.iter().map(|h| h.as_str()));
            (r.title.get(lang).to_string(), members)
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
    for (title, members) in groups.into_iter().filter(|(_, m)| !m.is_empty()) {
        let mut columns = vec![ctx.l("host")];
        columns.extend(main.iter().map(|i| i.title.get(lang).to_string()));
        let rows: Vec<Vec<String>> = members
            .iter()
            .map(|h| {
                let mut row = vec![ctx.country(h)];
                row.extend(main.iter().map(|i| match year_total(h, &i.id) {
                    Some(f) => match f.previous_year.and_then(|p| style::change(f.year, p, lang)) {
                        Some(change) => format!("{} ({change})", style::count(f.year)),
                        None => style::count(f.year),
                    },
                    None => "–".into(),
                }));
                row
            })
            .collect();
        let numeric: Vec<usize> = (1..columns.len()).collect();
        region_views.push(json!({ "title": title, "table": table(columns, rows, &numeric) }));
    }
    obj.insert("regions".into(), json!(region_views));
    doc
}
