//! Merging: the parts of one submission joined, a table sent twice set
//! aside (the newer by `drafted_on` wins), and all submissions for a host
//! and semester merged into its semester report (`report`, with the items
//! of each section in `items` and the statistics in `statistics`).

mod items;
mod report;
mod statistics;

pub(crate) use report::highest_marking;
pub use report::{ReportOptions, semester_reports};

use super::submission::{Key, Partial};
use crate::diagnostics::{Code, Diagnostic, Location, Severity};
use crate::format::FormatDef;
use crate::model::Submission;
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

/// The files of a submission, comma-separated.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Narrative, Posting, SourceFile};
    use crate::reference::{Half, Semester};
    use chrono::NaiveDate;

    /// A part from `file` drafted on `drafted` (`None`: undated) holding a
    /// narrative for I.3 that reads `text`.
    fn part(file: &str, drafted: Option<(i32, u32, u32)>, text: &str) -> Partial {
        let source = SourceFile {
            path: file.into(),
            sha256: String::new(),
            received: None,
        };
        Partial {
            tables: vec!["narrative".into()],
            submission: Submission {
                drafted_on: drafted.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
                narrative: vec![Narrative {
                    section: "I.3".into(),
                    text: text.into(),
                }],
                ..Submission::new("FR", "MA", Semester::new(2025, Half::H1), vec![source])
            },
        }
    }

    fn run(partials: Vec<Partial>, diags: &mut Vec<Diagnostic>) -> Vec<Submission> {
        combine(FormatDef::builtin(), partials, diags)
    }

    fn texts(s: &Submission) -> Vec<&str> {
        s.narrative.iter().map(|n| n.text.as_str()).collect()
    }

    fn files(s: &Submission) -> Vec<&str> {
        s.files.iter().map(|f| f.path.as_str()).collect()
    }

    #[test]
    fn the_newer_drafted_on_wins_a_table_whatever_the_file_order() {
        let mut diags = Vec::new();
        let out = run(
            vec![
                part("FR_new.xlsx", Some((2025, 6, 20)), "newer"),
                part("FR_old.xlsx", Some((2025, 6, 1)), "older"),
            ],
            &mut diags,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(texts(&out[0]), ["newer"]);
        assert_eq!(files(&out[0]), ["FR_new.xlsx"]);
        assert_eq!(out[0].drafted_on, NaiveDate::from_ymd_opt(2025, 6, 20));
    }

    #[test]
    fn a_table_sent_twice_is_a_duplicate_submission_naming_both_files() {
        let mut diags = Vec::new();
        run(
            vec![
                part("FR_MA_a.xlsx", Some((2025, 6, 1)), "older"),
                part("FR_MA_b.csv", Some((2025, 6, 20)), "newer"),
            ],
            &mut diags,
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        let d = &diags[0];
        assert_eq!(d.code, Code::DuplicateSubmission);
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.file, "FR_MA_a.xlsx");
        assert_eq!(d.found.as_deref(), Some("FR_MA_a.xlsx"));
        assert_eq!(
            d.expected.as_deref(),
            Some("each table once per Member State, host and semester (FR_MA_b.csv)")
        );
        assert!(d.report.as_ref().is_some_and(|r| *r == "MA_2025-H1"));
        assert!(
            d.hint.starts_with(
                "FR sent the table(s) narrative twice for MA 2025-H1: FR_MA_b.csv (drafted 2025-06-20) is used and FR_MA_a.xlsx (drafted 2025-06-01) is set aside"
            ),
            "{}",
            d.hint
        );
    }

    #[test]
    fn an_undated_part_counts_as_the_oldest() {
        let mut diags = Vec::new();
        let out = run(
            vec![
                part("FR_dated.xlsx", Some((2025, 1, 15)), "dated"),
                part("FR_undated.xlsx", None, "undated"),
            ],
            &mut diags,
        );
        assert_eq!(texts(&out[0]), ["dated"]);
        assert_eq!(files(&out[0]), ["FR_dated.xlsx"]);
        assert_eq!(diags[0].file, "FR_undated.xlsx");
        assert!(
            diags[0].hint.contains("FR_undated.xlsx (drafted no date)"),
            "{}",
            diags[0].hint
        );
    }

    #[test]
    fn on_the_same_date_the_later_file_wins() {
        let mut diags = Vec::new();
        let out = run(
            vec![
                part("FR_first.xlsx", Some((2025, 6, 1)), "first"),
                part("FR_second.xlsx", Some((2025, 6, 1)), "second"),
            ],
            &mut diags,
        );
        assert_eq!(texts(&out[0]), ["second"]);
        assert_eq!(diags[0].file, "FR_first.xlsx");
    }

    #[test]
    fn parts_holding_different_tables_are_joined_without_a_warning() {
        let mut postings = part("FR_postings.csv", Some((2025, 6, 1)), "");
        postings.tables = vec!["postings".into()];
        postings.submission.narrative.clear();
        postings.submission.postings.push(Posting {
            member_state: "FR".into(),
            ilos: 3,
            posted_at: Some("Rabat".into()),
            accredited_to: Vec::new(),
            represents: Vec::new(),
        });
        let mut narrative = part("FR_narrative.csv", Some((2025, 6, 20)), "text");
        narrative.submission.reference = Some("FR/ILO/MA/2025".into());
        let mut diags = Vec::new();
        let out = run(vec![narrative, postings], &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(out.len(), 1);
        assert_eq!(files(&out[0]), ["FR_postings.csv", "FR_narrative.csv"]);
        assert_eq!(out[0].postings.iter().map(|p| p.ilos).collect::<Vec<_>>(), [3]);
        assert_eq!(texts(&out[0]), ["text"]);
        assert_eq!(out[0].reference.as_deref(), Some("FR/ILO/MA/2025"));
        assert_eq!(out[0].drafted_on, NaiveDate::from_ymd_opt(2025, 6, 20));
    }

    #[test]
    fn only_the_losing_table_of_a_part_is_dropped() {
        let mut older = part("FR_old.xlsx", Some((2025, 6, 1)), "older");
        older.tables.push("postings".into());
        older.submission.postings.push(Posting {
            member_state: "FR".into(),
            ilos: 2,
            posted_at: None,
            accredited_to: Vec::new(),
            represents: Vec::new(),
        });
        let mut diags = vec![Diagnostic::new(
            Code::InvalidNumber,
            &Location::file("FR_old.xlsx"),
            "not a number",
        )];
        let out = run(
            vec![older, part("FR_new.csv", Some((2025, 6, 20)), "newer")],
            &mut diags,
        );
        assert_eq!(texts(&out[0]), ["newer"]);
        assert_eq!(out[0].postings.iter().map(|p| p.ilos).collect::<Vec<_>>(), [2]);
        assert_eq!(files(&out[0]), ["FR_old.xlsx", "FR_new.csv"]);
        // The older file still supplies a table: its errors still count.
        assert_eq!(diags[0].code, Code::InvalidNumber);
        assert_eq!(diags[0].severity, Severity::Error);
        assert_eq!(diags[1].code, Code::DuplicateSubmission);
    }

    #[test]
    fn the_errors_of_a_file_set_aside_become_warnings() {
        let mut diags = vec![Diagnostic::new(
            Code::InvalidNumber,
            &Location::file("FR_old.xlsx"),
            "not a number",
        )];
        run(
            vec![
                part("FR_old.xlsx", Some((2025, 6, 1)), "older"),
                part("FR_new.xlsx", Some((2025, 6, 20)), "newer"),
            ],
            &mut diags,
        );
        assert_eq!(diags[0].code, Code::InvalidNumber);
        assert_eq!(diags[0].severity, Severity::Warning);
        assert_eq!(diags[0].hint, "(in a file set aside for a newer one) not a number");
    }
}
