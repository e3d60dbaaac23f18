//! Merging: the parts of one submission joined, a table sent twice set
//! aside (the newer by `drafted_on` wins), and all submissions for a host
//! and semester merged into its semester report.

use super::submission::{Key, Partial};
use crate::diagnostics::{Code, Diagnostic, Location, Severity};
use crate::format::{FormatDef, Scope};
use crate::model::*;
use crate::reference::{Semester, countries, fold};
use std::collections::{BTreeMap, BTreeSet};

/// Joins the parts of each submission (one workbook, or CSV files named in
/// any way) by their key. Only the same table sent twice for one key (a
/// sheet or file with rows of data) is a duplicate: the newer part wins
/// that table — by `drafted_on`, a part without one counting as the oldest,
/// then by file order — and both files are named. The errors of a file set
/// aside altogether no longer block the report (they are kept as warnings).
/// Total rows are then checked.
pub fn combine(format: &FormatDef, partials: Vec<Partial>, diags: &mut Vec<Diagnostic>) -> Vec<Submission> {
    let mut groups: BTreeMap<Key, Vec<Partial>> = BTreeMap::new();
    for partial in partials {
        let s = &partial.submission;
        let key = Key {
            member_state: s.member_state.clone(),
            host: s.host.clone(),
            semester: s.semester,
        };
        groups.entry(key).or_default().push(partial);
    }
    let mut set_aside: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for (key, parts) in groups {
        if let Some(mut submission) = join_parts(&key, parts, diags, &mut set_aside) {
            super::totals::resolve(format, &mut submission, diags);
            out.push(submission);
        }
    }
    if !set_aside.is_empty() {
        for d in diags.iter_mut().filter(|d| d.is_error() && set_aside.contains(&d.file)) {
            d.severity = Severity::Warning;
            d.hint = format!("(in a file set aside for a newer one) {}", d.hint);
        }
    }
    out
}

/// Joins the parts of one submission: each table from the newest part that
/// holds it; every part that loses a table is named in a
/// `duplicate-submission` warning, and the files of a part that loses all
/// of them are added to `set_aside`.
fn join_parts(
    key: &Key,
    mut parts: Vec<Partial>,
    diags: &mut Vec<Diagnostic>,
    set_aside: &mut BTreeSet<String>,
) -> Option<Submission> {
    // Oldest first; equal dates keep file order, the later file winning.
    parts.sort_by_key(|p| p.submission.drafted_on);
    let mut owner: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, p) in parts.iter().enumerate().rev() {
        for t in &p.tables {
            owner.entry(t.as_str()).or_insert(i);
        }
    }
    // The tables each part loses to a newer one.
    let lost: Vec<Vec<String>> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            p.tables
                .iter()
                .filter(|t| owner.get(t.as_str()) != Some(&i))
                .cloned()
                .collect()
        })
        .collect();
    let date = |d: Option<chrono::NaiveDate>| d.map_or("no date".to_string(), |d| d.to_string());
    for (p, lost) in parts.iter().zip(&lost).filter(|(_, lost)| !lost.is_empty()) {
        let winners: BTreeSet<usize> = lost.iter().filter_map(|t| owner.get(t.as_str()).copied()).collect();
        let kept_files = winners
            .iter()
            .map(|w| file_list(&parts[*w].submission))
            .collect::<Vec<_>>()
            .join(", ");
        let newest = winners.iter().filter_map(|w| parts[*w].submission.drafted_on).max();
        let older = &p.submission;
        let mut d = Diagnostic::new(
            Code::DuplicateSubmission,
            &Location::file(&older.files.first().map(|f| f.path.clone()).unwrap_or_default()),
            format!(
                "{} sent the table(s) {} twice for {} {}: {} (drafted {}) is used and {} (drafted {}) is set aside for them; remove the older file from the inbox",
                key.member_state,
                lost.join(", "),
                key.host,
                key.semester,
                kept_files,
                date(newest),
                file_list(older),
                date(older.drafted_on)
            ),
        )
        .found(file_list(older))
        .expected(format!("each table once per Member State, host and semester ({kept_files})"));
        d.report = Some(key.report());
        diags.push(d);
    }
    let mut joined: Option<Submission> = None;
    for (p, lost) in parts.into_iter().zip(lost) {
        if !p.tables.is_empty() && lost.len() == p.tables.len() {
            // Every table it holds came newer: the part is set aside.
            set_aside.extend(p.submission.files.into_iter().map(|f| f.path));
            continue;
        }
        let mut part = p.submission;
        for t in &lost {
            clear_table(&mut part, t);
        }
        match &mut joined {
            None => joined = Some(part),
            Some(into) => join(into, part),
        }
    }
    joined
}

fn file_list(s: &Submission) -> String {
    s.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>().join(", ")
}

/// Empties a table of a submission (its part was sent again, newer).
fn clear_table(s: &mut Submission, table: &str) {
    match table {
        "postings" => s.postings.clear(),
        "meetings" => s.meetings.clear(),
        "training" => s.training.clear(),
        "narrative" => s.narrative.clear(),
        "statistics" => s.statistics.clear(),
        "routes" => s.routes.clear(),
        "documents" => s.documents.clear(),
        _ => {}
    }
}

/// Adds a newer part: its metadata where given, and its tables. Each table
/// has one owner, so the tables of `from` are empty in `into` and the
/// others empty in `from`.
fn join(into: &mut Submission, from: Submission) {
    into.files.extend(from.files);
    into.drafted_on = into.drafted_on.max(from.drafted_on);
    into.language = from.language.or(into.language.take());
    into.acting_for_presidency |= from.acting_for_presidency;
    into.classification = from.classification.or(into.classification.take());
    into.reference = from.reference.or(into.reference.take());
    into.postings.extend(from.postings);
    into.meetings.extend(from.meetings);
    into.training.extend(from.training);
    into.narrative.extend(from.narrative);
    into.statistics.extend(from.statistics);
    into.routes.extend(from.routes);
    into.documents.extend(from.documents);
}

/// Options that decide how reports are written.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    pub language: crate::reference::Lang,
    /// A marking that overrides the submissions' classification.
    pub marking: Option<String>,
}

/// Builds the semester report of every host and semester present.
pub fn semester_reports(
    format: &FormatDef,
    submissions: &[Submission],
    options: &ReportOptions,
    diags: &mut Vec<Diagnostic>,
) -> Vec<SemesterReport> {
    let mut by_report: BTreeMap<(Semester, String), Vec<&Submission>> = BTreeMap::new();
    for s in submissions {
        by_report.entry((s.semester, s.host.clone())).or_default().push(s);
    }
    by_report
        .into_iter()
        .map(|((semester, host), mut subs)| {
            subs.sort_by_key(|s| countries::protocol_rank(&s.member_state));
            build_report(format, &host, semester, &subs, options, diags)
        })
        .collect()
}

const MARKING_RANK: [&str; 2] = ["LIMITE", "RESTREINT UE/EU RESTRICTED"];

fn build_report(
    format: &FormatDef,
    host: &str,
    semester: Semester,
    subs: &[&Submission],
    options: &ReportOptions,
    diags: &mut Vec<Diagnostic>,
) -> SemesterReport {
    let key = report_key(host, semester);
    let mut conflicts = Vec::new();
    let mut report_diag = |d: Diagnostic| {
        let mut d = d;
        d.report = Some(key.clone());
        diags.push(d);
    };
    let presidency = semester.presidency().map(str::to_string);
    let acting: BTreeSet<&str> = subs
        .iter()
        .filter(|s| s.acting_for_presidency)
        .map(|s| s.member_state.as_str())
        .collect();
    let (drafting, acting_on_behalf) = match acting.len() {
        0 if presidency.as_deref() == Some("DK") => (None, false),
        0 => (presidency.clone(), false),
        1 => (acting.first().map(|s| s.to_string()), true),
        _ => {
            let states: Vec<String> = acting.iter().map(|s| s.to_string()).collect();
            conflicts.push(Conflict {
                what: "acting_for_presidency".into(),
                values: states.clone(),
            });
            report_diag(
                Diagnostic::new(Code::ConflictingValue, &Location::file(""), "only one Member State can draw up the report on the Presidency's behalf; set acting_for_presidency to no in the other submissions")
                    .found(states.join(", "))
                    .expected("one Member State"),
            );
            (None, false)
        }
    };
    if drafting.is_none() {
        let p = presidency.clone().unwrap_or_default();
        report_diag(
            Diagnostic::new(
                Code::NoDraftingMemberState,
                &Location::file(""),
                format!("the Presidency ({p}) does not draw up this report and no submission says acting_for_presidency = yes; agree who acts on the Presidency's behalf and mark that Member State's Submission sheet"),
            )
            .severity(Severity::Warning)
            .found("no drafting Member State"),
        );
    }
    let classification = options.marking.clone().or_else(|| {
        subs.iter()
            .filter_map(|s| s.classification.clone())
            .max_by_key(|c| MARKING_RANK.iter().position(|m| m == c))
    });
    let reference = subs
        .iter()
        .find(|s| Some(&s.member_state) == drafting.as_ref())
        .and_then(|s| s.reference.clone())
        .unwrap_or_else(|| format!("ILO/{host}/{semester}"));

    let composition = merge_composition(subs, &mut conflicts, &mut report_diag);
    let total_ilos = composition.iter().map(|p| p.item.ilos).sum();
    // Only identical items are merged (the same meeting reported by two
    // Member States); every distinct one is kept, and the merge is noted.
    let mut meetings: Vec<Attributed<Meeting>> = Vec::new();
    for s in subs {
        for m in &s.meetings {
            let same = meetings.iter_mut().find(|x| {
                x.item.date == m.date
                    && x.item.chair == m.chair
                    && x.item.subjects.as_deref().map(fold) == m.subjects.as_deref().map(fold)
            });
            match same {
                Some(existing) => {
                    for p in &m.participants {
                        if !existing.item.participants.contains(p) {
                            existing.item.participants.push(p.clone());
                        }
                    }
                    existing.item.commission_present = existing.item.commission_present.or(m.commission_present);
                    existing.item.frontex_present = existing.item.frontex_present.or(m.frontex_present);
                    existing.also_by(&s.member_state);
                }
                None => meetings.push(Attributed::new(&s.member_state, m.clone())),
            }
        }
    }
    for m in &mut meetings {
        m.item.participants.sort_by_key(|c| countries::protocol_rank(c));
    }
    meetings.sort_by_key(|a| a.item.date);
    let mut training: Vec<Attributed<Training>> = Vec::new();
    for s in subs {
        for t in &s.training {
            let same = training.iter_mut().find(|x| {
                x.item.date == t.date
                    && fold(&x.item.title) == fold(&t.title)
                    && x.item.audience == t.audience
                    && x.item.organiser.as_deref().map(fold) == t.organiser.as_deref().map(fold)
                    && x.item.participants == t.participants
            });
            match same {
                Some(existing) => existing.also_by(&s.member_state),
                None => training.push(Attributed::new(&s.member_state, t.clone())),
            }
        }
    }
    training.sort_by_key(|a| a.item.date);
    let mut narrative: BTreeMap<String, Vec<Contribution>> = BTreeMap::new();
    for s in subs {
        for n in &s.narrative {
            narrative.entry(n.section.clone()).or_default().push(Contribution {
                member_state: s.member_state.clone(),
                text: n.text.clone(),
            });
        }
    }
    let mut routes: Vec<Attributed<Route>> = Vec::new();
    for s in subs {
        for r in &s.routes {
            match routes.iter_mut().find(|x| x.item == *r) {
                Some(existing) => existing.also_by(&s.member_state),
                None => routes.push(Attributed::new(&s.member_state, r.clone())),
            }
        }
    }
    let documents: Vec<Attributed<DocumentFraud>> = subs
        .iter()
        .flat_map(|s| s.documents.iter().map(|d| Attributed::new(&s.member_state, d.clone())))
        .collect();
    let statistics = merge_statistics(format, subs, &mut conflicts, &mut report_diag);
    let sources = subs
        .iter()
        .map(|s| SourceEntry {
            member_state: s.member_state.clone(),
            files: s.files.clone(),
            drafted_on: s.drafted_on,
        })
        .collect();
    let senders: BTreeSet<&str> = subs.iter().map(|s| s.member_state.as_str()).collect();
    let mut silent: Vec<String> = composition
        .iter()
        .map(|p| p.item.member_state.clone())
        .filter(|ms| !senders.contains(ms.as_str()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    silent.sort_by_key(|c| countries::protocol_rank(c));
    SemesterReport {
        format: format.id.clone(),
        draft: false,
        host: host.to_string(),
        semester,
        period_start: semester.start(),
        period_end: semester.end(),
        presidency,
        drafting_member_state: drafting,
        acting_on_behalf,
        date: subs.iter().filter_map(|s| s.drafted_on).max(),
        reference,
        classification,
        language: options.language.code().to_string(),
        composition,
        total_ilos,
        meetings,
        training,
        narrative,
        routes,
        documents,
        statistics,
        conflicts,
        sources,
        silent_member_states: silent,
    }
}

/// I.1: one line per Member State and place of posting. A Member State's own
/// figures win over what others report for it; two others disagreeing is a
/// conflict.
fn merge_composition(
    subs: &[&Submission],
    conflicts: &mut Vec<Conflict>,
    report: &mut impl FnMut(Diagnostic),
) -> Vec<Attributed<Posting>> {
    let mut lines: BTreeMap<(String, String), Vec<Attributed<Posting>>> = BTreeMap::new();
    for s in subs {
        for p in &s.postings {
            let place = p.posted_at.as_deref().map(fold).unwrap_or_default();
            lines
                .entry((p.member_state.clone(), place))
                .or_default()
                .push(Attributed::new(&s.member_state, p.clone()));
        }
    }
    let mut out = Vec::new();
    for ((ms, _), mut candidates) in lines {
        if let Some(own) = candidates.iter().position(|c| c.member_state == ms) {
            out.push(candidates.swap_remove(own));
            continue;
        }
        let distinct: BTreeSet<u64> = candidates.iter().map(|c| c.item.ilos).collect();
        if distinct.len() > 1 {
            let values: Vec<String> = candidates
                .iter()
                .map(|c| format!("{}: {}", c.member_state, c.item.ilos))
                .collect();
            conflicts.push(Conflict {
                what: format!("I.1 ILOs of {ms}"),
                values: values.clone(),
            });
            report(
                Diagnostic::new(Code::ConflictingValue, &Location::file(""), format!("Member States report different numbers of ILOs for {ms} and {ms} sent none itself; agree on the figure"))
                    .found(values.join("; "))
                    .expected("one figure"),
            );
        }
        if let Some(first) = candidates.into_iter().next() {
            out.push(first);
        }
    }
    out.sort_by_key(|p| countries::protocol_rank(&p.item.member_state));
    out
}

/// A statistics cell: citizenship and breakdown.
type Cell = (Option<String>, Option<String>);

/// Statistics per indicator, in catalogue order: per-member-state figures
/// summed with the per-MS breakdown kept; host-wide figures counted once,
/// differing values reported as conflicts (never summed, never dropped
/// silently: the report cannot be built until they are resolved).
fn merge_statistics(
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
        // Host-wide cells the Member States agree on; a total one Member
        // State sent is then checked against the details others sent.
        let mut agreed: BTreeMap<Cell, StatisticsRow> = BTreeMap::new();
        let mut pooled: Vec<Observation> = Vec::new();
        for (cell, values) in host_values {
            let distinct: BTreeSet<u64> = values.iter().map(|(_, o)| o.value).collect();
            if distinct.len() > 1 {
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
                for (ms, o) in &values {
                    let at = o.origin.clone().unwrap_or_else(|| Location::file(""));
                    report(
                        Diagnostic::new(Code::ConflictingValue, &at, format!("{what} is a host-wide figure and Member States sent different values ({}); {ms} and the others must agree on one figure", listed.join(", ")))
                            .found(o.value.to_string())
                            .expected("the same figure from every Member State"),
                    );
                }
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
        let mut found = Vec::new();
        for o in super::totals::leaves(ind, pooled, &mut found) {
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
        tables.push(IndicatorTable {
            indicator: ind.id.clone(),
            unit: ind.unit.clone(),
            scope: ind.scope,
            member_states,
            total: rows.iter().map(|r| r.total).sum(),
            rows,
        });
    }
    tables
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
