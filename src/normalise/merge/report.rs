//! A host's semester report from the submissions for it: who draws it up,
//! its classification and reference, each section merged, and the Member
//! States present that sent nothing.

use super::items::{merge_composition, merge_meetings, merge_narrative, merge_routes, merge_training};
use super::statistics::merge_statistics;
use crate::diagnostics::{Code, Diagnostic, Location, Severity};
use crate::format::FormatDef;
use crate::model::*;
use crate::reference::{Semester, countries};
use std::collections::{BTreeMap, BTreeSet};

/// Options that decide how reports are written.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    pub language: crate::reference::Lang,
    /// A marking that overrides the submissions' classification.
    pub marking: Option<String>,
    /// The drafting Member State settled from the command line, by host
    /// (`--drafted-by PK=SE`).
    pub drafted_by: BTreeMap<String, String>,
    /// The date of every report (`--date`), instead of the drafting Member
    /// State's `report_date` or the end of the semester.
    pub date: Option<chrono::NaiveDate>,
    /// The Council's document number of each report by its key
    /// (`MA_2025-H2` → `14860/25`), from `--document-number`.
    pub document_numbers: BTreeMap<String, String>,
    /// The revision of every report of the run (`--revision`), 0 for the
    /// first version.
    pub revision: u32,
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

/// Classification markings from the lowest to the highest.
const MARKING_RANK: [&str; 2] = ["LIMITE", "RESTREINT UE/EU RESTRICTED"];

/// The section that prints the composition of the network, which names
/// conflicts over it (`I.1` in the 2005/687 format).
fn postings_section(format: &FormatDef) -> &str {
    format
        .sections
        .iter()
        .find(|s| s.table.as_deref() == Some("postings"))
        .map_or("", |s| s.id.as_str())
}

/// One host's semester report from its submissions (in protocol order);
/// its diagnostics are tagged with the report's key.
fn build_report(
    format: &FormatDef,
    host: &str,
    semester: Semester,
    subs: &[&Submission],
    options: &ReportOptions,
    diags: &mut Vec<Diagnostic>,
) -> SemesterReport {
    let key = ReportKey::new(host, semester);
    let mut conflicts = Vec::new();
    let mut report_diag = |d: Diagnostic| {
        let mut d = d;
        d.report = Some(key.clone());
        diags.push(d);
    };
    if !format.legal_basis_for(semester.end()).1 {
        report_diag(outside_legal_basis(format, semester));
    }
    let composition = merge_composition(subs, postings_section(format), &mut conflicts, &mut report_diag);
    let presidency = semester.presidency().map(str::to_string);
    let (drafting, acting_on_behalf) = drafting(
        host,
        presidency.as_deref(),
        options.drafted_by.get(host).map(String::as_str),
        subs,
        &composition,
        &mut conflicts,
        &mut report_diag,
    );
    // The drafting Member State's submission dates and numbers the report.
    let drafter = subs.iter().find(|s| Some(&s.member_state) == drafting.as_ref());
    let classification = classification(options, subs);
    let reference = drafter.and_then(|s| s.reference.clone()).unwrap_or_default();

    let total_ilos = composition.iter().map(|p| p.item.ilos).sum();
    let meetings = merge_meetings(subs);
    let training = merge_training(subs);
    let narrative = merge_narrative(subs);
    let routes = merge_routes(subs);
    let statistics = merge_statistics(format, subs, &mut conflicts, &mut report_diag);
    let silent = silent_member_states(subs, &composition);
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
        date: Some(report_date(
            options.date,
            drafter.and_then(|s| s.report_date),
            semester.end(),
            &meetings,
            &training,
        )),
        reference,
        classification,
        language: options.language.code().to_string(),
        composition,
        total_ilos,
        meetings,
        training,
        narrative,
        routes,
        documents: subs
            .iter()
            .flat_map(|s| s.documents.iter().map(|d| Attributed::new(&s.member_state, d.clone())))
            .collect(),
        statistics,
        conflicts,
        sources: sources(subs),
        silent_member_states: silent,
        redacted: 0,
        drafting_text: None,
        council: CouncilNumber {
            number: options.document_numbers.get(&key.to_string()).cloned(),
            revision: options.revision,
        },
    }
}

/// The report's marking: `--marking` (`none` for no marking), else the
/// highest classification a submission names, else `LIMITE`, the
/// distribution the Council gives these reports.
fn classification(options: &ReportOptions, subs: &[&Submission]) -> Option<String> {
    match options.marking.as_deref() {
        Some(m) if m.eq_ignore_ascii_case("none") => None,
        Some(m) => Some(m.to_string()),
        None => highest_marking(subs.iter().filter_map(|s| s.classification.as_ref()))
            .or_else(|| Some(DEFAULT_MARKING.to_string())),
    }
}

/// The distribution marking of a report whose submissions name none.
pub const DEFAULT_MARKING: &str = "LIMITE";

/// The highest of some classification markings.
pub(crate) fn highest_marking<'m>(marks: impl Iterator<Item = &'m String>) -> Option<String> {
    marks.max_by_key(|c| MARKING_RANK.iter().position(|m| m == c)).cloned()
}

/// Each submission's Member State, files and drafting date.
fn sources(subs: &[&Submission]) -> Vec<SourceEntry> {
    subs.iter()
        .map(|s| SourceEntry {
            member_state: s.member_state.clone(),
            files: s.files.clone(),
            drafted_on: s.drafted_on,
        })
        .collect()
}

/// The report's date: `--date`, else the drafting Member State's
/// `report_date`, else the end of the semester — never earlier than a
/// meeting or training the report lists.
fn report_date(
    given: Option<chrono::NaiveDate>,
    drafting_date: Option<chrono::NaiveDate>,
    semester_end: chrono::NaiveDate,
    meetings: &[Attributed<Meeting>],
    training: &[Attributed<Training>],
) -> chrono::NaiveDate {
    let chosen = given.or(drafting_date).unwrap_or(semester_end);
    let events = meetings
        .iter()
        .map(|m| m.item.date)
        .chain(training.iter().map(|t| t.item.date));
    events.fold(chosen, Ord::max)
}

/// The Member State that draws up the report and whether it acts on the
/// Presidency's behalf (Art. 6(1) of Regulation 377/2004): `--drafted-by`
/// settles it; else the one submission that says acting_for_presidency;
/// else the Presidency, when it is represented in the host's network (it
/// sent a submission or has ILOs there; never Denmark). Two submissions
/// acting is a conflict; no drafting Member State is a warning.
fn drafting(
    host: &str,
    presidency: Option<&str>,
    settled: Option<&str>,
    subs: &[&Submission],
    composition: &[Attributed<Posting>],
    conflicts: &mut Vec<Conflict>,
    report: &mut impl FnMut(Diagnostic),
) -> (Option<String>, bool) {
    if let Some(ms) = settled {
        return (Some(ms.to_string()), Some(ms) != presidency);
    }
    let acting: BTreeSet<&str> = subs
        .iter()
        .filter(|s| s.acting_for_presidency)
        .map(|s| s.member_state.as_str())
        .collect();
    let represented = presidency.is_some_and(|p| {
        p != "DK" && (subs.iter().any(|s| s.member_state == p) || composition.iter().any(|c| c.item.member_state == p))
    });
    let (drafting, acting_on_behalf) = match acting.len() {
        0 if represented => (presidency.map(str::to_string), false),
        0 => (None, false),
        1 => (acting.first().map(|s| s.to_string()), true),
        _ => {
            let states: Vec<String> = acting.iter().map(|s| s.to_string()).collect();
            conflicts.push(Conflict {
                what: "acting_for_presidency".into(),
                values: states.clone(),
            });
            report(
                Diagnostic::new(Code::ConflictingValue, &Location::file(""), format!("only one Member State can draw up the report on the Presidency's behalf; set acting_for_presidency to no in the other submissions, or run with --drafted-by {host}=XX"))
                    .found(states.join(", "))
                    .expected("one Member State"),
            );
            (None, false)
        }
    };
    if drafting.is_none() && acting.len() < 2 {
        report(no_drafting_member_state(host, presidency));
    }
    (drafting, acting_on_behalf)
}

/// The warning for a semester after (or before) every legal basis of the
/// format: the report says so on its cover.
fn outside_legal_basis(format: &FormatDef, semester: Semester) -> Diagnostic {
    let from = format.legal_basis.first().map(|b| b.valid_from.to_string());
    let period = match format.legal_basis.last().and_then(|b| b.valid_to) {
        Some(to) => format!("from {} to {to}", from.unwrap_or_default()),
        None => format!("from {}", from.unwrap_or_default()),
    };
    Diagnostic::new(
        Code::OutsideLegalBasis,
        &Location::file(""),
        format!(
            "the format {} applied {period}: the report follows it voluntarily and its cover says so; another format is chosen with --format-file",
            format.id
        ),
    )
    .severity(Severity::Warning)
    .found(semester.to_string())
    .expected(format!("a semester {period}"))
}

/// The warning for a report nobody is known to draw up.
fn no_drafting_member_state(host: &str, presidency: Option<&str>) -> Diagnostic {
    let p = presidency.unwrap_or_default();
    let why = if p == "DK" {
        format!("the Presidency ({p}) does not draw up the semester reports")
    } else {
        format!(
            "the Presidency ({p}) has no ILO in this host country and sent no submission for it, so a Member State acts on its behalf (Art. 6(1))"
        )
    };
    Diagnostic::new(
        Code::NoDraftingMemberState,
        &Location::file(""),
        format!("{why}; agree which, and mark that Member State's Submission sheet acting_for_presidency = yes, or run with --drafted-by {host}=XX"),
    )
    .severity(Severity::Warning)
    .found("no drafting Member State")
}

/// Member States with ILOs in the host (by I.1) that sent no submission,
/// in protocol order.
fn silent_member_states(subs: &[&Submission], composition: &[Attributed<Posting>]) -> Vec<String> {
    let senders: BTreeSet<&str> = subs.iter().map(|s| s.member_state.as_str()).collect();
    let mut silent: Vec<String> = composition
        .iter()
        .map(|p| p.item.member_state.clone())
        .filter(|ms| !senders.contains(ms.as_str()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    silent.sort_by_key(|c| countries::protocol_rank(c));
    silent
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, d).unwrap()
    }

    #[test]
    fn a_report_is_dated_at_the_end_of_its_semester_or_as_given_never_before_its_events() {
        let end = day(12, 31);
        let meeting = |d| {
            Attributed::new(
                "FR",
                Meeting {
                    date: d,
                    chair: None,
                    participants: Vec::new(),
                    commission_present: None,
                    frontex_present: None,
                    subjects: None,
                },
            )
        };
        assert_eq!(report_date(None, None, end, &[], &[]), end);
        assert_eq!(report_date(None, Some(day(12, 14)), end, &[], &[]), day(12, 14));
        assert_eq!(
            report_date(Some(day(12, 20)), Some(day(12, 14)), end, &[], &[]),
            day(12, 20)
        );
        // Dated 14 December, but a meeting on 26 December is listed.
        let meetings = [meeting(day(10, 9)), meeting(day(12, 26))];
        assert_eq!(report_date(None, Some(day(12, 14)), end, &meetings, &[]), day(12, 26));
    }
}
