//! The data of a semester report (`semester.typ`): the Council's first
//! page, the drafting Member State's text, the format's parts and
//! sections with the Member States' contributions and tables, the
//! statistics, and the annexes (contributions, conflicts and problems of a
//! draft, sources).

use super::statistics::{self, Statistics};
use super::{ContributionsPlace, Footer, Page, Presentation, json, sections};
use crate::format::SectionDef;
use crate::model::SemesterReport;
use crate::normalise::drafting;
use crate::reference::regions;
use crate::render::markdown::{self, Block};
use crate::render::style;
use crate::render::table::{Draft, Table};
use chrono::Datelike;
use serde::Serialize;
use serde_json::Value;

/// Everything `semester.typ` reads from `data`.
#[derive(Serialize)]
struct SemesterView {
    /// Language, labels, title, running head, marking, draft, logo, footer.
    #[serde(flatten)]
    page: Page,
    /// The Council's first page: institution, place and date, number,
    /// original language, marking, subject codes and the NOTE block.
    council: CouncilPage,
    /// On a compilation (no drafting text), what its cover says; none for
    /// a drawn-up report.
    compilation: Option<String>,
    /// The header block: label and value per line.
    header: Vec<(String, String)>,
    /// The legal basis line: the act in force at the end of the semester;
    /// none after every legal basis of the format ended.
    legal_basis: Option<String>,
    /// The cover note of a semester outside the legal basis's period (the
    /// format followed voluntarily), or none.
    legal_note: Option<String>,
    /// What the mark of a supplementary item means, printed once; none
    /// when no heading carries the mark.
    supplementary_note: Option<String>,
    /// The drafting Member State's executive summary (Markdown blocks).
    summary: Vec<Block>,
    /// The format's parts in order.
    parts: Vec<Part>,
    /// The statistics.
    statistics: Statistics,
    /// The drafting Member State's statistics synthesis (blocks).
    statistics_synthesis: Vec<Block>,
    /// The drafting Member State's conclusions and recommendations.
    conclusions: Vec<Block>,
    /// The annexes' headings, numbered in order.
    annexes: Annexes,
    /// The Member States' contributions by section, when they form an
    /// annex (a drawn-up report); empty otherwise.
    contributions: Vec<AnnexSection>,
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
    /// In a revision, the annex of changes since the version transmitted
    /// before; none in an original.
    changes: Option<super::changes::ChangesView>,
}

/// The Council's first page.
#[derive(Serialize)]
struct CouncilPage {
    /// "Council of the European Union".
    institution: String,
    /// "Brussels, 15 January 2026".
    place_date: String,
    /// "(OR. en)": the language the document was drawn up in.
    original: String,
    /// The document number (`14860/1/25 REV 1`), or the visible blank the
    /// General Secretariat fills in.
    number: String,
    /// Whether the number is assigned (else `number` is the blank).
    assigned: bool,
    /// The subject codes, one line.
    codes: String,
    /// The NOTE block's heading.
    note: String,
    /// From, To and Subject: label and value.
    lines: Vec<(String, String)>,
}

/// The annexes' headings, numbered ("Annex I — …") in the order printed.
#[derive(Serialize)]
struct Annexes {
    /// The Member States' contributions, when they form an annex.
    contributions: Option<String>,
    /// The conflicts and, in a draft, the problems.
    conflicts: Option<String>,
    /// The changes since the version transmitted before, in a revision.
    changes: Option<String>,
    /// The submissions received.
    sources: String,
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
    /// Its sections with something to print, in order.
    sections: Vec<Section>,
    /// One line naming the sections nobody wrote about, or none.
    empty: Option<String>,
}

/// A section of a part.
#[derive(Serialize)]
struct Section {
    /// The section id (`I.2`).
    id: String,
    /// Its title.
    title: String,
    /// Whether it comes from the networks' practice rather than the legal
    /// basis (its heading carries the mark `supplementary_note` explains).
    supplementary: bool,
    /// The drafting Member State's synthesis (blocks); empty without one.
    synthesis: Vec<Block>,
    /// The Member States' contributions printed in the body (a
    /// compilation, or `--contributions inline`), identical ones once.
    narrative: Vec<Contribution>,
    /// Where the contributions are when they form an annex: "Contributions
    /// of Belgium and France: see Annex I."; none otherwise.
    see_annex: Option<String>,
    /// The section's table, fitted; empty when nothing was sent.
    tables: Vec<Table>,
}

/// A section's contributions in the annex.
#[derive(Serialize)]
struct AnnexSection {
    /// The section id.
    id: String,
    /// Its title.
    title: String,
    /// Its contributions, identical ones once.
    narrative: Vec<Contribution>,
}

/// A contribution: its text, attributed once to every Member State that
/// sent it.
#[derive(Serialize)]
struct Contribution {
    /// The contributing Member States' names ("Belgium, Germany, Spain").
    by: String,
    /// Its paragraphs, as written.
    paragraphs: Vec<String>,
}

/// The view of a semester report.
pub fn semester(ctx: &Presentation, r: &SemesterReport, draft: bool, problems: &[String]) -> Value {
    semester_revised(ctx, r, draft, problems, None)
}

/// The view of a semester report; a revision lists what changed since
/// `previous`, the version transmitted before (none when not available).
pub fn semester_revised(
    ctx: &Presentation,
    r: &SemesterReport,
    draft: bool,
    problems: &[String],
    previous: Option<&SemesterReport>,
) -> Value {
    let changes = super::changes::changes_view(ctx, r, previous);
    let host = ctx.country(&r.host);
    let semester = style::semester_text(r.semester, ctx.lang);
    let (basis, applied) = ctx.format.legal_basis_for(r.period_end);
    let title = format!("{} — {host} — {semester}", ctx.l("report_title"));
    let drafted = r.drafting_text.as_ref();
    let in_annex = drafted.is_some() && ctx.contributions == ContributionsPlace::Annex;
    let contributions = if in_annex { annexed(ctx, r) } else { Vec::new() };
    let conflicted = !r.conflicts.is_empty() || !problems.is_empty();
    let annexes = annexes(ctx, !contributions.is_empty(), conflicted, changes.is_some());
    let annex_number = annexes.contributions.is_some().then(|| roman(1));
    let parts = parts(ctx, r, in_annex, annex_number.as_deref());
    let blocks = |text: Option<&String>, parent| text.map_or_else(Vec::new, |t| markdown::blocks_under(t, parent));
    let council = council_page(ctx, r, &title);
    let mut page = Page::new(
        ctx,
        title,
        [format!("{host} · {semester}"), ctx.l("running_title")],
        r.classification.as_deref(),
        draft,
    );
    page.footer = Some(Footer {
        number: council.number.clone(),
        directorate: ctx.format.council.directorate.clone(),
        language: ctx.lang.code().to_uppercase(),
    });
    let supplementary = parts.iter().flat_map(|p| &p.sections).any(|s| s.supplementary)
        || r.statistics
            .iter()
            .any(|t| ctx.format.indicator(&t.indicator).is_some_and(|i| i.supplementary));
    json(&SemesterView {
        page,
        council,
        compilation: drafted
            .is_none()
            .then(|| format!("{}. {}", ctx.l("compilation"), ctx.l("compilation_note"))),
        header: header(ctx, r, &host, &semester, basis.recipients.get(ctx.lang)),
        legal_basis: applied.then(|| basis.citation.get(ctx.lang).to_string()),
        legal_note: (!applied).then(|| super::outside_legal_basis(ctx, &semester)),
        supplementary_note: supplementary.then(|| format!("{SUPPLEMENTARY_MARK} {}", ctx.l("supplementary"))),
        summary: blocks(drafted.and_then(|d| d.summary.as_ref()), 1),
        parts,
        statistics: statistics::statistics(ctx, r),
        statistics_synthesis: blocks(drafted.and_then(|d| d.sections.get(drafting::STATISTICS)), 2),
        conclusions: blocks(drafted.and_then(|d| d.conclusions.as_ref()), 1),
        annexes,
        contributions,
        sources: sources(ctx, r),
        redacted: (r.redacted > 0).then(|| ctx.l("redacted_note").replace("{n}", &style::count(r.redacted as u64))),
        silent: r.silent_member_states.iter().map(|c| ctx.country(c)).collect(),
        conflicts: conflicts(ctx, r),
        problems: problems.to_vec(),
        changes,
    })
}

/// The mark on the heading of a supplementary item.
const SUPPLEMENTARY_MARK: &str = "*";

/// The Council's first page of a report titled `title`.
fn council_page(ctx: &Presentation, r: &SemesterReport, title: &str) -> CouncilPage {
    let date = r.date.unwrap_or(r.period_end);
    let number = r.council.printed();
    let blank = match r.council.revision {
        0 => format!("_____/{:02}", date.year() % 100),
        n => format!("_____/{n}/{:02} REV {n}", date.year() % 100),
    };
    let from = match &r.drafting_member_state {
        Some(ms) if r.acting_on_behalf => ctx.l("on_behalf_sender").replace("{member_state}", &ctx.country(ms)),
        _ => ctx.l("presidency_sender"),
    };
    let to = ctx
        .addressee
        .clone()
        .unwrap_or_else(|| ctx.format.council.addressee.get(ctx.lang).to_string());
    CouncilPage {
        institution: ctx.l("council"),
        place_date: ctx.l("place_date").replace("{date}", &style::date_text(date, ctx.lang)),
        original: format!("(OR. {})", ctx.lang.code()),
        assigned: number.is_some(),
        number: number.unwrap_or(blank),
        codes: ctx.format.council.subject_codes.join(" "),
        note: ctx.l("note_block"),
        lines: vec![
            (ctx.l("from"), from),
            (ctx.l("to"), to),
            (ctx.l("subject"), title.to_string()),
        ],
    }
}

/// The annexes' headings, numbered in order: the contributions (when they
/// form an annex), the conflicts (when any), the changes (in a revision),
/// the sources.
fn annexes(ctx: &Presentation, contributions: bool, conflicts: bool, changes: bool) -> Annexes {
    let mut n = 0;
    let mut next = |label: &str| {
        n += 1;
        format!("{} {} — {}", ctx.l("annex"), roman(n), ctx.l(label))
    };
    Annexes {
        contributions: contributions.then(|| next("contributions_annex")),
        conflicts: conflicts.then(|| next("conflicts")),
        changes: changes.then(|| next("changes")),
        sources: next("sources"),
    }
}

/// An annex number in Roman numerals (1 → I), as the Council numbers them.
fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// The header block: host, the countries of its region (for a regional
/// report), semester with its dates, Presidency, drafting Member State,
/// date, the drafting Member State's reference (when it gave one),
/// recipients.
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
    ]);
    if !r.reference.is_empty() {
        lines.push((ctx.l("reference"), r.reference.clone()));
    }
    lines.push((ctx.l("recipients"), recipients.to_string()));
    lines
}

/// The format's parts, each with its sections that have something to
/// print and one line naming those that have not. With `in_annex` the
/// contributions are left out of the body; `annex` numbers their annex.
fn parts(ctx: &Presentation, r: &SemesterReport, in_annex: bool, annex: Option<&str>) -> Vec<Part> {
    ctx.format
        .parts
        .iter()
        .map(|part| {
            let mut sections = Vec::new();
            let mut empty = Vec::new();
            for s in ctx.format.sections.iter().filter(|s| s.part == part.id) {
                let section = section(ctx, r, s, in_annex, annex);
                let contributed = r.narrative.get(&s.id).is_some_and(|c| !c.is_empty());
                if section.synthesis.is_empty() && section.tables.is_empty() && !contributed {
                    empty.push(s.id.clone());
                } else {
                    sections.push(section);
                }
            }
            Part {
                id: part.id.clone(),
                title: part.title.get(ctx.lang).to_string(),
                statistics: part.statistics,
                sections,
                empty: (!empty.is_empty()).then(|| no_information_on(ctx, &empty)),
            }
        })
        .collect()
}

/// Names joined as a sentence says them: "A", "A and B", "A, B and C".
fn listed(ctx: &Presentation, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), ctx.l("and")),
    }
}

/// "No information was submitted on I.4, I.6 and II.9."
fn no_information_on(ctx: &Presentation, ids: &[String]) -> String {
    let key = if ids.len() == 1 {
        "no_information_on_one"
    } else {
        "no_information_on"
    };
    ctx.l(key).replace("{sections}", &listed(ctx, ids))
}

/// A section: the drafting Member State's synthesis, the contributions
/// (or, when they form the annex numbered `annex`, who sent them and
/// where they are), and its table.
fn section(ctx: &Presentation, r: &SemesterReport, s: &SectionDef, in_annex: bool, annex: Option<&str>) -> Section {
    let title = s.title.get(ctx.lang);
    let tables = s
        .table
        .as_deref()
        .and_then(|t| sections::table(ctx, r, t))
        .map(|d| d.continued(ctx.continued(title)).fit())
        .unwrap_or_default();
    let synthesis = r
        .drafting_text
        .as_ref()
        .and_then(|d| d.sections.get(&s.id))
        .map_or_else(Vec::new, |t| markdown::blocks_under(t, 2));
    Section {
        id: s.id.clone(),
        title: title.to_string(),
        supplementary: s.supplementary,
        synthesis,
        narrative: if in_annex {
            Vec::new()
        } else {
            contributions(ctx, r, &s.id)
        },
        see_annex: annex.and_then(|n| see_annex(ctx, r, &s.id, n)),
        tables,
    }
}

/// "Contributions of Belgium and France: see Annex I.", or none when
/// nobody wrote about the section.
fn see_annex(ctx: &Presentation, r: &SemesterReport, section: &str, annex: &str) -> Option<String> {
    let authors: Vec<String> = r
        .narrative
        .get(section)?
        .iter()
        .map(|c| ctx.country(&c.member_state))
        .collect();
    (!authors.is_empty()).then(|| {
        ctx.l("see_annex")
            .replace("{member_states}", &listed(ctx, &authors))
            .replace("{annex}", annex)
    })
}

/// A section's contributions, identical texts (whitespace and case aside)
/// once with all their authors, in protocol order of the first.
fn contributions(ctx: &Presentation, r: &SemesterReport, section: &str) -> Vec<Contribution> {
    let mut groups: Vec<(String, Vec<&str>, &str)> = Vec::new();
    for c in r.narrative.get(section).into_iter().flatten() {
        let key = c.text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, authors, _)) => authors.push(&c.member_state),
            None => groups.push((key, vec![&c.member_state], &c.text)),
        }
    }
    groups
        .into_iter()
        .map(|(_, authors, text)| Contribution {
            by: authors.iter().map(|a| ctx.country(a)).collect::<Vec<_>>().join(", "),
            paragraphs: paragraphs(text),
        })
        .collect()
}

/// The contributions annex: every section someone wrote about, in the
/// format's order.
fn annexed(ctx: &Presentation, r: &SemesterReport) -> Vec<AnnexSection> {
    ctx.format
        .sections
        .iter()
        .filter(|s| r.narrative.get(&s.id).is_some_and(|c| !c.is_empty()))
        .map(|s| AnnexSection {
            id: s.id.clone(),
            title: s.title.get(ctx.lang).to_string(),
            narrative: contributions(ctx, r, &s.id),
        })
        .collect()
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

/// The sources annex: one row per submission — its Member State, its
/// files (one a line), the date it was drafted and the date received (the
/// latest of its files'). Checksums are in `manifest.json`.
fn sources(ctx: &Presentation, r: &SemesterReport) -> Vec<Table> {
    let rows = r
        .sources
        .iter()
        .map(|s| {
            let files: Vec<&str> = s
                .files
                .iter()
                .map(|f| f.path.rsplit('/').next().unwrap_or(&f.path))
                .collect();
            let received = s.files.iter().filter_map(|f| f.received).max();
            vec![
                ctx.country(&s.member_state),
                files.join("\n"),
                s.drafted_on.map_or(String::new(), style::date_table),
                received.map_or(String::new(), style::date_table),
            ]
        })
        .collect();
    let columns = vec![
        ctx.l("member_state"),
        ctx.l("files"),
        ctx.l("drafted_on"),
        ctx.l("date_received"),
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
