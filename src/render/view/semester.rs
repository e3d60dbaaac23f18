//! The data of a semester report (`semester.typ`): the front page, the
//! format's parts and sections with the Member States' contributions and
//! tables, the statistics, and the annexes (sources, silent Member States,
//! conflicts, problems of a draft).

use super::statistics::{self, Statistics};
use super::{Page, Presentation, json, sections};
use crate::format::SectionDef;
use crate::model::SemesterReport;
use crate::reference::regions;
use crate::render::style;
use crate::render::table::{Draft, Table};
use serde::Serialize;
use serde_json::Value;

/// Everything `semester.typ` reads from `data`.
#[derive(Serialize)]
struct SemesterView {
    /// Language, labels, title, running head, marking, draft, logo.
    #[serde(flatten)]
    page: Page,
    /// The header block: label and value per line.
    header: Vec<(String, String)>,
    /// The legal basis line: the act in force at the end of the semester,
    /// else the nearest.
    legal_basis: String,
    /// The cover note of a semester outside the legal basis's period (the
    /// format followed voluntarily), or none.
    legal_note: Option<String>,
    /// The report's title.
    heading: String,
    /// Host and semester.
    subheading: String,
    /// The format's parts in order.
    parts: Vec<Part>,
    /// The statistics.
    statistics: Statistics,
    /// The sources annex: one row per submission, fitted.
    sources: Vec<Table>,
    /// Under the sources: how many passages `--redact` replaced, or none.
    redacted: Option<String>,
    /// Member States posting ILOs in the host that sent nothing.
    silent: Vec<String>,
    /// Figures the Member States disagree on, fitted.
    conflicts: Vec<Table>,
    /// In a draft, every problem of the report's inputs, one line each.
    problems: Vec<String>,
}

/// A part of the format (Part I, Part II).
#[derive(Serialize)]
struct Part {
    /// The part's id (`I`).
    id: String,
    /// Its title.
    title: String,
    /// Whether the statistics close this part (the format file says).
    statistics: bool,
    /// Its sections in order.
    sections: Vec<Section>,
}

/// A section of a part.
#[derive(Serialize)]
struct Section {
    /// The section id (`I.2`).
    id: String,
    /// Its title.
    title: String,
    /// Whether it comes from the networks' practice rather than the legal
    /// basis (marked so).
    supplementary: bool,
    /// The Member States' contributions, in protocol order.
    narrative: Vec<Contribution>,
    /// The section's table, fitted; empty when nothing was sent.
    tables: Vec<Table>,
}

/// One Member State's text in a section.
#[derive(Serialize)]
struct Contribution {
    /// The contributing Member State's name.
    member_state: String,
    /// Its paragraphs, as written.
    paragraphs: Vec<String>,
}

/// The view of a semester report.
pub fn semester(ctx: &Presentation, r: &SemesterReport, draft: bool, problems: &[String]) -> Value {
    let host = ctx.country(&r.host);
    let semester = style::semester_text(r.semester, ctx.lang);
    let (basis, applied) = ctx.format.legal_basis_for(r.period_end);
    json(&SemesterView {
        page: Page::new(
            ctx,
            format!("{} — {host} — {semester}", ctx.l("report_title")),
            [format!("{host} · {semester}"), ctx.l("running_title")],
            r.classification.as_deref(),
            draft,
        ),
        header: header(ctx, r, &host, &semester, basis.recipients.get(ctx.lang)),
        legal_basis: basis.citation.get(ctx.lang).to_string(),
        legal_note: (!applied).then(|| super::outside_legal_basis(ctx, &semester)),
        heading: ctx.l("report_title"),
        subheading: format!("{host} — {semester}"),
        parts: parts(ctx, r),
        statistics: statistics::statistics(ctx, r),
        sources: sources(ctx, r),
        redacted: (r.redacted > 0).then(|| ctx.l("redacted_note").replace("{n}", &style::count(r.redacted as u64))),
        silent: r.silent_member_states.iter().map(|c| ctx.country(c)).collect(),
        conflicts: conflicts(ctx, r),
        problems: problems.to_vec(),
    })
}

/// The header block: host, the countries of its region (for a regional
/// report), semester with its dates, Presidency, drafting Member State,
/// date, reference.
fn header(
    ctx: &Presentation,
    r: &SemesterReport,
    host: &str,
    semester: &str,
    recipients: &str,
) -> Vec<(String, String)> {
    let lang = ctx.lang;
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
    let mut lines = vec![(ctx.l("host"), host.to_string())];
    lines.extend(regions::by_id(&r.host).map(|g| (ctx.l("region_countries"), ctx.countries(&g.hosts))));
    lines.extend([
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
        (ctx.l("recipients"), recipients.to_string()),
    ]);
    lines
}

/// The format's parts, each with its sections.
fn parts(ctx: &Presentation, r: &SemesterReport) -> Vec<Part> {
    ctx.format
        .parts
        .iter()
        .map(|part| Part {
            id: part.id.clone(),
            title: part.title.get(ctx.lang).to_string(),
            statistics: part.statistics,
            sections: ctx
                .format
                .sections
                .iter()
                .filter(|s| s.part == part.id)
                .map(|s| section(ctx, r, s))
                .collect(),
        })
        .collect()
}

/// A section: its contributions and its table.
fn section(ctx: &Presentation, r: &SemesterReport, s: &SectionDef) -> Section {
    let narrative = r
        .narrative
        .get(&s.id)
        .map(|v| {
            v.iter()
                .map(|c| Contribution {
                    member_state: ctx.country(&c.member_state),
                    paragraphs: paragraphs(&c.text),
                })
                .collect()
        })
        .unwrap_or_default();
    let title = s.title.get(ctx.lang);
    let tables = s
        .table
        .as_deref()
        .and_then(|t| sections::table(ctx, r, t))
        .map(|d| d.continued(ctx.continued(title)).fit())
        .unwrap_or_default();
    Section {
        id: s.id.clone(),
        title: title.to_string(),
        supplementary: s.supplementary,
        narrative,
        tables,
    }
}

/// Submitted text as paragraphs (split at blank lines), printed literally.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(text[s..end].trim().to_string());
            }
        } else {
            start.get_or_insert(offset);
            end = offset + line.len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push(text[s..end].trim().to_string());
    }
    out
}

/// The sources annex: one row per submission, its files one a line with
/// the start of their SHA-256.
fn sources(ctx: &Presentation, r: &SemesterReport) -> Vec<Table> {
    let rows = r
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
    let columns = vec![
        ctx.l("member_state"),
        ctx.l("drafted_on"),
        format!("{} ({})", ctx.l("file"), ctx.l("checksum")),
    ];
    Draft::new(columns, rows, [])
        .continued(ctx.continued(&ctx.l("sources")))
        .fit()
}

/// The figures the Member States disagree on: what, and the values sent.
fn conflicts(ctx: &Presentation, r: &SemesterReport) -> Vec<Table> {
    if r.conflicts.is_empty() {
        return Vec::new();
    }
    let rows = r
        .conflicts
        .iter()
        .map(|c| vec![c.what.clone(), c.values.join("; ")])
        .collect();
    Draft::new(vec![ctx.l("indicator"), ctx.l("value")], rows, []).fit()
}
