//! What the templates print: the model turned into display strings in the
//! report language (names, labels, EU-style figures and dates), as JSON.
//! Text from submissions is passed as plain strings, which Typst prints
//! literally: nothing is parsed as markup.

use super::style;
use super::table::{Draft, Table};
use crate::format::{FormatDef, Scope};
use crate::model::*;
use crate::reference::{Lang, countries, regions};
use serde_json::{Value, json};

/// A bar chart: bars in order, and its alternative text giving every
/// figure in words (for screen readers; PDF/UA requires it).
fn chart(ctx: &Presentation, title: &str, what: &str, bars: Vec<(String, u64)>) -> Option<Value> {
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

/// How the view presents reports: the format's labels, the report
/// language, and how many citizenships each indicator shows.
pub struct Presentation<'a> {
    pub format: &'a FormatDef,
    pub lang: Lang,
    /// Citizenships shown per indicator; the others are shown together.
    pub top: usize,
}

/// Citizenships shown per indicator unless `--top` says otherwise.
pub const DEFAULT_TOP: usize = 10;

impl Presentation<'_> {
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
fn page_fields(ctx: &Presentation, title: String, running: String, marking: Option<&str>, draft: bool) -> Value {
    json!({
        "lang": ctx.lang.code(),
        "labels": ctx.labels(),
        "title": title,
        "running": running,
        "marking": marking,
        "draft": draft,
    })
}

/// What ends the file name of a report's statistical annex.
pub const ANNEX_SUFFIX: &str = "_annex.xlsx";

/// The file name of a report's statistical annex: `MA_2025-H2_annex.xlsx`.
pub fn annex_file_name(report_key: &str) -> String {
    format!("{report_key}{ANNEX_SUFFIX}")
}

/// The view of a semester report.
pub fn semester(ctx: &Presentation, r: &SemesterReport, draft: bool, problems: &[String]) -> Value {
    let lang = ctx.lang;
    let host = ctx.country(&r.host);
    let semester = r.semester.to_string();
    let mut doc = page_fields(
        ctx,
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
    let region = regions::by_id(&r.host).map(|g| (ctx.l("region_countries"), ctx.countries(&g.hosts)));
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
    let parts: Vec<Value> = ctx
        .format
        .parts
        .iter()
        .map(|part| {
            let sections: Vec<Value> = ctx
                .format
                .sections
                .iter()
                .filter(|s| s.part == part.id)
                .map(|s| {
                    let narrative: Vec<Value> = r
                        .narrative
                        .get(&s.id)
                        .map(|v| {
                            v.iter()
                                .map(|c| json!({ "member_state": ctx.country(&c.member_state), "paragraphs": paragraphs(&c.text) }))
                                .collect()
                        })
                        .unwrap_or_default();
                    let title = s.title.get(lang);
                    let tables = s
                        .table
                        .as_deref()
                        .and_then(|t| section_table(ctx, r, t))
                        .map(|d| d.continued(format!("{title} {}", ctx.l("continued"))).fit())
                        .unwrap_or_default();
                    json!({ "id": s.id, "title": title, "narrative": narrative, "tables": tables })
                })
                .collect();
            json!({ "id": part.id, "title": part.title.get(lang), "statistics": part.statistics, "sections": sections })
        })
        .collect();
    // One row per submission: its files, one a line, with the start of
    // their SHA-256.
    let sources: Vec<Vec<String>> = r
        .sources
        .iter()
        .map(|s| {
            let files: Vec<String> = s
                .files
                .iter()
                .map(|f| {
                    let name = f.path.rsplit('/').next().unwrap_or(&f.path);
                    format!("{name} ({})", f.sha256.chars().take(12).collect::<String>())
                })
                .collect();
            vec![
                ctx.country(&s.member_state),
                s.drafted_on.map_or(String::new(), style::date_table),
                files.join("\n"),
            ]
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
        json!(
            header
                .iter()
                .take(1)
                .chain(&region)
                .chain(header.iter().skip(1))
                .map(|(k, v)| json!([k, v]))
                .collect::<Vec<_>>()
        ),
    );
    obj.insert("legal_basis".into(), json!(ctx.format.legal_basis.get(lang)));
    obj.insert("heading".into(), json!(ctx.l("report_title")));
    obj.insert("subheading".into(), json!(format!("{host} — {semester}")));
    obj.insert("parts".into(), json!(parts));
    obj.insert("statistics".into(), statistics(ctx, r));
    let sources_title = ctx.l("sources");
    obj.insert(
        "sources".into(),
        json!(
            Draft::new(
                vec![
                    ctx.l("member_state"),
                    ctx.l("drafted_on"),
                    format!("{} ({})", ctx.l("file"), ctx.l("checksum")),
                ],
                sources,
                [],
            )
            .continued(format!("{sources_title} {}", ctx.l("continued")))
            .fit()
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
    let conflict_tables: Vec<Table> = if conflicts.is_empty() {
        Vec::new()
    } else {
        Draft::new(vec![ctx.l("indicator"), ctx.l("value")], conflicts, []).fit()
    };
    obj.insert("conflicts".into(), json!(conflict_tables));
    obj.insert("problems".into(), json!(problems));
    doc
}

/// Submitted text as paragraphs (split at blank lines), printed literally.
fn paragraphs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(text[s..end].trim());
            }
        } else {
            start.get_or_insert(offset);
            end = offset + line.len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push(text[s..end].trim());
    }
    out
}

fn section_table(ctx: &Presentation, r: &SemesterReport, table_id: &str) -> Option<Draft> {
    let l = |k: &str| ctx.l(k);
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let draft = match table_id {
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
            Draft::new(
                vec![
                    l("member_state"),
                    l("ilos"),
                    l("posted_at"),
                    l("accredited_to"),
                    l("represents"),
                ],
                rows,
                [1],
            )
            .total_last()
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
            Draft::new(
                vec![
                    l("date"),
                    l("chair"),
                    l("participants"),
                    l("commission"),
                    l("frontex"),
                    l("subjects"),
                ],
                rows,
                [],
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
            Draft::new(
                vec![
                    l("date"),
                    l("training_title"),
                    l("organiser"),
                    l("audience"),
                    l("participants"),
                ],
                rows,
                [4],
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
            Draft::new(
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
                [],
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
            Draft::new(
                vec![
                    l("document_type"),
                    l("issuing_country"),
                    l("fraud_type"),
                    l("count"),
                    l("note"),
                    l("reported_by"),
                ],
                rows,
                [3],
            )
            .total_last()
        }
        _ => return None,
    };
    Some(draft)
}

/// The statistics of a semester report: the note naming the annex, the
/// Member States' figures in one table, and per indicator its main
/// citizenships.
fn statistics(ctx: &Presentation, r: &SemesterReport) -> Value {
    let note = ctx
        .l("statistics_note")
        .replace("{n}", &ctx.top.to_string())
        .replace("{file}", &annex_file_name(&r.key()));
    let indicators: Vec<Value> = r.statistics.iter().map(|t| indicator_view(ctx, t)).collect();
    json!({
        "note": note,
        "by_member_state": member_state_shares(ctx, &r.statistics),
        "indicators": indicators,
    })
}

/// One table of every per-Member-State indicator: Member States in
/// protocol order as rows, indicators as columns, totals last.
fn member_state_shares(ctx: &Presentation, tables: &[IndicatorTable]) -> Option<Value> {
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
                    "–".to_string()
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
    let fitted = Draft::new(columns, rows, 1..=tables.len())
        .total_last()
        .group_name(ctx.l("columns"))
        .continued(format!("{title} {}", ctx.l("continued")))
        .fit();
    Some(json!({ "title": title, "tables": fitted }))
}

fn indicator_title(ctx: &Presentation, id: &str) -> String {
    ctx.format
        .indicator(id)
        .map_or(id.to_string(), |i| i.title.get(ctx.lang).to_string())
}

/// The figures of one row of an indicator's table: per breakdown column,
/// the total, and who reported them.
#[derive(Default, Clone)]
struct Line {
    values: Vec<Option<u64>>,
    total: u64,
    reporters: std::collections::BTreeSet<String>,
}

impl Line {
    fn add(&mut self, column: usize, columns: usize, value: u64, reporters: impl IntoIterator<Item = String>) {
        self.values.resize(columns, None);
        let slot = &mut self.values[column];
        *slot = Some(slot.unwrap_or(0) + value);
        self.total += value;
        self.reporters.extend(reporters);
    }

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

    fn cells(&self, columns: usize, with_breakdowns: bool) -> Vec<String> {
        let mut cells: Vec<String> = if with_breakdowns {
            (0..columns)
                .map(|c| {
                    self.values
                        .get(c)
                        .copied()
                        .flatten()
                        .map_or("–".to_string(), style::count)
                })
                .collect()
        } else {
            Vec::new()
        };
        cells.push(style::count(self.total));
        cells.push(style::count(self.reporters.len() as u64));
        cells
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

/// One indicator: its breakdowns as columns, its main citizenships as rows
/// (the others together in one row), and the complete total.
fn indicator_view(ctx: &Presentation, t: &IndicatorTable) -> Value {
    let ind = ctx.format.indicator(&t.indicator);
    let title = indicator_title(ctx, &t.indicator);
    // Breakdown columns in catalogue order; "not specified" for rows sent without one.
    let mut breakdowns: Vec<Option<String>> = ind
        .map(|i| i.breakdowns.iter().cloned().map(Some).collect())
        .unwrap_or_default();
    for r in &t.rows {
        if !breakdowns.contains(&r.breakdown) {
            breakdowns.push(r.breakdown.clone());
        }
    }
    breakdowns.retain(|b| t.rows.iter().any(|r| &r.breakdown == b));
    let with_breakdowns = breakdowns.iter().any(Option::is_some);
    let by_citizenship = ind.is_none_or(|i| i.by_citizenship) || t.rows.iter().any(|r| r.citizenship.is_some());
    let n = breakdowns.len();
    let column_of = |r: &StatisticsRow| breakdowns.iter().position(|b| b == &r.breakdown).unwrap_or(0);
    let breakdown_label = |b: &Option<String>| b.as_deref().map_or(ctx.l("not_specified"), |b| ctx.l(b));

    let mut all = Line::default();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut bars: Vec<(String, u64)> = Vec::new();
    let first_column;
    if by_citizenship {
        first_column = ctx.l("citizenship");
        let mut lines: std::collections::BTreeMap<Option<String>, Line> = std::collections::BTreeMap::new();
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
        bars = ranked
            .iter()
            .take(8)
            .map(|(name, line)| (name.clone(), line.total))
            .collect();
        let mut others = Line::default();
        let mut other_count = 0;
        for (i, (name, line)) in ranked.iter().enumerate() {
            all.merge(line);
            // A single citizenship left over is shown by name, not as "others (1)".
            if i < ctx.top || ranked.len() == ctx.top + 1 {
                let mut row = vec![name.clone()];
                row.extend(line.cells(n, with_breakdowns));
                rows.push(row);
            } else {
                others.merge(line);
                other_count += 1;
            }
        }
        if other_count > 0 {
            let mut row = vec![ctx.l("other_citizenships").replace("{k}", &other_count.to_string())];
            row.extend(others.cells(n, with_breakdowns));
            rows.push(row);
        }
        if let Some(line) = unspecified {
            all.merge(&line);
            let mut row = vec![ctx.l("citizenship_not_specified")];
            row.extend(line.cells(n, with_breakdowns));
            rows.push(row);
        }
    } else {
        first_column = ctx.l("breakdown");
        for (c, b) in breakdowns.iter().enumerate() {
            let mut line = Line::default();
            for r in t.rows.iter().filter(|r| &r.breakdown == b) {
                line.add(c, n, r.total, reporters(r));
            }
            all.merge(&line);
            let mut row = vec![breakdown_label(b)];
            row.extend(line.cells(n, false));
            rows.push(row);
        }
    }
    let mut total = vec![ctx.l("total")];
    total.extend(all.cells(n, by_citizenship && with_breakdowns));
    rows.push(total);

    let mut columns = vec![first_column];
    if by_citizenship && with_breakdowns {
        columns.extend(breakdowns.iter().map(breakdown_label));
    }
    columns.push(ctx.l("total"));
    columns.push(ctx.l("reporting"));
    let figures = 1..columns.len();
    let tables = Draft::new(columns, rows, figures)
        .total_last()
        .group_name(ctx.l("columns"))
        .continued(format!("{title} {}", ctx.l("continued")))
        .fit();
    let scope = match t.scope {
        Scope::PerMemberState => "per-member-state",
        Scope::HostWide => "host-wide",
    };
    let chart = if ind.is_some_and(|i| i.main) && bars.len() > 1 {
        chart(ctx, &title, &ctx.l("by_citizenship"), bars)
    } else {
        None
    };
    json!({
        "id": t.indicator,
        "title": title,
        "unit": ctx.l(&t.unit),
        "scope": ctx.l(scope),
        "tables": tables,
        "chart": chart,
    })
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

/// The view of an annual summary.
pub fn annual(ctx: &Presentation, a: &AnnualSummary, marking: Option<&str>, draft: bool) -> Value {
    let lang = ctx.lang;
    let year = a.year.to_string();
    let mut doc = page_fields(
        ctx,
        format!("{} — {year}", ctx.l("annual_title")),
        format!("{} {year}", ctx.l("year")),
        marking,
        draft,
    );
    let continued = |title: &str| format!("{title} {}", ctx.l("continued"));
    let mark = |b: bool| ctx.l(if b { "received" } else { "missing" });
    let mut hosts: Vec<&String> = a.coverage.iter().map(|c| &c.host).collect();
    hosts.sort_by_cached_key(|h| ctx.country(h));
    let coverage: Vec<Vec<String>> = hosts
        .iter()
        .filter_map(|h| a.coverage.iter().find(|c| &&c.host == h))
        .map(|c| vec![ctx.country(&c.host), mark(c.h1), mark(c.h2)])
        .collect();
    let regions = by_region(ctx, &hosts);

    // Postings: per region, host countries as rows and the Member States
    // posting there in one cell; then one row per Member State.
    let postings_by_host: Vec<Value> = regions
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
                .continued(continued(title))
                .fit();
            json!({ "title": title, "tables": tables })
        })
        .collect();
    let mut states: Vec<&String> = a.ilos.keys().collect();
    states.sort_by_key(|ms| countries::protocol_rank(ms));
    let mut ms_rows: Vec<Vec<String>> = states
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
    ms_rows.push(vec![
        ctx.l("total"),
        style::count(
            hosts
                .iter()
                .filter(|h| a.ilos.values().any(|m| m.contains_key(**h)))
                .count() as u64,
        ),
        style::count(a.ilos.values().flat_map(|m| m.values()).sum()),
    ]);
    let postings_by_ms = Draft::new(
        vec![ctx.l("member_state"), ctx.l("hosts"), ctx.l("ilos")],
        ms_rows,
        [1, 2],
    )
    .total_last()
    .continued(continued(&ctx.l("ilos_per_member_state")))
    .fit();

    let activity: Vec<Vec<String>> = hosts
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
    let figures: Vec<Value> = hosts
        .iter()
        .map(|h| {
            let rows: Vec<Vec<String>> = ctx
                .format
                .indicators
                .iter()
                .filter_map(|ind| {
                    a.figures
                        .iter()
                        .find(|f| &f.host == *h && f.indicator == ind.id)
                        .map(|f| (ind, f))
                })
                .map(|(ind, f)| {
                    vec![
                        ind.title.get(lang).to_string(),
                        f.h1.map(style::count).unwrap_or_else(|| "–".into()),
                        f.h2.map(style::count).unwrap_or_else(|| "–".into()),
                        style::count(f.year),
                        f.previous_year.map(style::count).unwrap_or_else(|| "–".into()),
                        f.previous_year
                            .and_then(|p| style::change(f.year, p, lang))
                            .unwrap_or_else(|| "–".into()),
                    ]
                })
                .collect();
            let columns = vec![
                ctx.l("indicator"),
                "H1".into(),
                "H2".into(),
                year.clone(),
                (a.year - 1).to_string(),
                ctx.l("change"),
            ];
            let tables = if rows.is_empty() {
                Vec::new()
            } else {
                Draft::new(columns, rows, 1..6).fit()
            };
            json!({ "host": ctx.country(h), "tables": tables })
        })
        .collect();
    let obj = doc.as_object_mut().expect("page fields are an object");
    obj.insert("heading".into(), json!(ctx.l("annual_title")));
    obj.insert("subheading".into(), json!(year));
    obj.insert("legal_basis".into(), json!(ctx.format.legal_basis.get(lang)));
    obj.insert(
        "coverage".into(),
        json!(
            Draft::new(vec![ctx.l("host"), ctx.l("h1"), ctx.l("h2")], coverage, [])
                .continued(continued(&ctx.l("coverage")))
                .fit()
        ),
    );
    obj.insert(
        "postings".into(),
        json!({ "by_host": postings_by_host, "by_member_state": postings_by_ms }),
    );
    obj.insert(
        "activity".into(),
        json!(
            Draft::new(
                vec![
                    ctx.l("host"),
                    ctx.l("meetings"),
                    ctx.l("with_commission"),
                    ctx.l("with_frontex"),
                    ctx.l("trainings"),
                    ctx.l("participants"),
                ],
                activity,
                1..6,
            )
            .continued(continued(&ctx.l("activity")))
            .fit()
        ),
    );
    obj.insert("figures".into(), json!(figures));
    obj.insert(
        "drafters".into(),
        json!(a.drafters_text.as_deref().map(super::markdown::blocks)),
    );
    let year_total =
        |host: &str, indicator: &str| a.figures.iter().find(|f| f.host == host && f.indicator == indicator);
    let main: Vec<&crate::format::IndicatorDef> = ctx.format.indicators.iter().filter(|i| i.main).collect();
    let mut charts = Vec::new();
    for ind in &main {
        let mut bars: Vec<(String, u64)> = hosts
            .iter()
            .filter_map(|h| year_total(h, &ind.id).map(|f| (ctx.country(h), f.year)))
            .collect();
        bars.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        bars.truncate(10);
        charts.extend(chart(ctx, ind.title.get(lang), &ctx.l("by_host"), bars));
    }
    obj.insert("charts".into(), json!(charts));
    let region_views: Vec<Value> = regions
        .iter()
        .map(|(title, members)| {
            let mut columns = vec![ctx.l("host")];
            columns.extend(main.iter().map(|i| i.title.get(lang).to_string()));
            let rows: Vec<Vec<String>> = members
                .iter()
                .map(|h| {
                    let mut row = vec![ctx.country(h)];
                    row.extend(main.iter().map(|i| match year_total(h, &i.id) {
                        Some(f) => match f.previous_year.and_then(|p| style::change(f.year, p, lang)) {
                            Some(change) => format!("{}\u{a0}({change})", style::count(f.year)),
                            None => style::count(f.year),
                        },
                        None => "–".into(),
                    }));
                    row
                })
                .collect();
            let figures = 1..columns.len();
            json!({ "title": title, "tables": Draft::new(columns, rows, figures).continued(continued(title)).fit() })
        })
        .collect();
    obj.insert("regions".into(), json!(region_views));
    doc
}
