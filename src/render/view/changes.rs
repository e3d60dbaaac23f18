//! The annex of a revision (`--revision N`): what changed since the
//! version transmitted before — the figures (old → new), the texts by
//! section and author, the submissions — as fitted tables, or that the
//! previous version is not available.

use super::{Presentation, figure};
use crate::model::SemesterReport;
use crate::model::changes::{Change, FigureChange, SubmissionChange, TextChange, TextPlace, changes};
use crate::model::{CouncilNumber, SourceFile};
use crate::render::table::{Draft, Table};
use serde::Serialize;

/// What `semester.typ` prints in the annex of changes (`changes`).
#[derive(Serialize)]
pub(super) struct ChangesView {
    /// What the revision is compared with ("Compared with the version
    /// transmitted before: 14860/25."), or that the previous version is
    /// not available.
    note: String,
    /// That nothing changed, when the previous version is the same; none
    /// otherwise.
    unchanged: Option<String>,
    /// The figures changed, added or removed, fitted; empty when none did.
    figures: Vec<Table>,
    /// The texts changed, added or removed per section, fitted; empty when
    /// none did.
    texts: Vec<Table>,
    /// The submissions added, replaced or withdrawn, fitted; empty when
    /// none were.
    submissions: Vec<Table>,
}

/// The annex of changes of a revision compared with `previous` (none when
/// no earlier version is available); none for an original (revision 0).
pub(super) fn changes_view(
    ctx: &Presentation,
    r: &SemesterReport,
    previous: Option<&SemesterReport>,
) -> Option<ChangesView> {
    if r.council.revision == 0 {
        return None;
    }
    let Some(previous) = previous else {
        return Some(ChangesView {
            note: ctx.l("changes_unavailable"),
            unchanged: None,
            figures: Vec::new(),
            texts: Vec::new(),
            submissions: Vec::new(),
        });
    };
    let found = changes(previous, r);
    Some(ChangesView {
        note: ctx
            .l("changes_compared")
            .replace("{previous}", &version_name(ctx, &previous.council)),
        unchanged: found.is_empty().then(|| ctx.l("changes_none")),
        figures: figures(ctx, &found.figures),
        texts: texts(ctx, &found.texts),
        submissions: submissions(ctx, &found.submissions),
    })
}

/// How a version is named: its number as printed (`14860/25`), else
/// "the original version" or "revision 2".
fn version_name(ctx: &Presentation, council: &CouncilNumber) -> String {
    council.printed().unwrap_or_else(|| match council.revision {
        0 => ctx.l("changes_original"),
        n => ctx.l("changes_revision").replace("{n}", &n.to_string()),
    })
}

/// The figures that changed: indicator, Member State (or the host's
/// figure), citizenship, breakdown (when any has one), before and now.
fn figures(ctx: &Presentation, changed: &[FigureChange]) -> Vec<Table> {
    if changed.is_empty() {
        return Vec::new();
    }
    let with_breakdown = changed.iter().any(|f| f.breakdown.is_some());
    let rows = changed
        .iter()
        .map(|f| {
            let mut row = vec![
                super::statistics::indicator_title(ctx, &f.indicator),
                f.member_state
                    .as_deref()
                    .map_or_else(|| ctx.l("changes_host_figure"), |ms| ctx.country(ms)),
                f.citizenship
                    .as_deref()
                    .map_or_else(|| ctx.l("citizenship_not_specified"), |c| ctx.country(c)),
            ];
            if with_breakdown {
                row.push(f.breakdown.as_deref().map_or_else(String::new, |b| ctx.l(b)));
            }
            row.extend([figure(f.before), figure(f.after)]);
            row
        })
        .collect();
    let mut columns = vec![ctx.l("indicator"), ctx.l("member_state"), ctx.l("citizenship")];
    if with_breakdown {
        columns.push(ctx.l("breakdown"));
    }
    columns.extend([ctx.l("changes_before"), ctx.l("changes_after")]);
    let n = columns.len();
    Draft::new(columns, rows, [n - 2, n - 1])
        .continued(ctx.continued(&ctx.l("changes_figures")))
        .fit()
}

/// A place's heading: the section's id and title as the format gives
/// them, the executive summary, the statistics, the conclusions.
fn place_name(ctx: &Presentation, place: &TextPlace) -> String {
    match place {
        TextPlace::Summary => ctx.l("executive_summary"),
        TextPlace::Conclusions => ctx.l("conclusions"),
        TextPlace::Section(id) if id == "statistics" => ctx.l("statistics"),
        TextPlace::Section(id) => ctx
            .format
            .sections
            .iter()
            .find(|s| s.id == *id)
            .map_or_else(|| id.clone(), |s| format!("{id} {}", s.title.get(ctx.lang))),
    }
}

/// Where a place comes in the report: the summary, the sections in the
/// format's order, the statistics, the conclusions.
fn place_rank(ctx: &Presentation, place: &TextPlace) -> usize {
    let sections = ctx.format.sections.len();
    match place {
        TextPlace::Summary => 0,
        TextPlace::Section(id) => ctx
            .format
            .sections
            .iter()
            .position(|s| s.id == *id)
            .map_or(sections + 1, |i| i + 1),
        TextPlace::Conclusions => sections + 2,
    }
}

/// The texts that changed: one row per section, with whose texts changed,
/// were added and were removed (the drafting Member State's own first,
/// then the Member States in protocol order).
fn texts(ctx: &Presentation, changed: &[TextChange]) -> Vec<Table> {
    if changed.is_empty() {
        return Vec::new();
    }
    let mut places: Vec<&TextPlace> = Vec::new();
    for t in changed {
        if !places.contains(&&t.place) {
            places.push(&t.place);
        }
    }
    places.sort_by_key(|p| place_rank(ctx, p));
    let rows = places
        .into_iter()
        .map(|place| {
            let who = |change: Change| {
                changed
                    .iter()
                    .filter(|t| t.place == *place && t.change == change)
                    .map(|t| {
                        t.author
                            .as_deref()
                            .map_or_else(|| ctx.l("changes_synthesis"), |ms| ctx.country(ms))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            vec![
                place_name(ctx, place),
                who(Change::Changed),
                who(Change::Added),
                who(Change::Removed),
            ]
        })
        .collect();
    let columns = ["changes_section", "changes_changed", "changes_added", "changes_removed"].map(|k| ctx.l(k));
    Draft::new(columns.into(), rows, [])
        .continued(ctx.continued(&ctx.l("changes_texts")))
        .fit()
}

/// A submission's files, one a line, each with the start of its checksum
/// (the whole one is in `manifest.json`): a file replaced under the same
/// name shows its other checksum.
fn files(files: &[SourceFile]) -> String {
    files
        .iter()
        .map(|f| {
            let name = f.path.rsplit('/').next().unwrap_or(&f.path);
            format!("{name} ({}…)", f.sha256.get(..8).unwrap_or(&f.sha256))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The submissions added, replaced or withdrawn, with their files before
/// and now.
fn submissions(ctx: &Presentation, changed: &[SubmissionChange]) -> Vec<Table> {
    if changed.is_empty() {
        return Vec::new();
    }
    let rows = changed
        .iter()
        .map(|s| {
            let what = match s.change {
                Change::Added => "changes_submission_added",
                Change::Changed => "changes_submission_replaced",
                Change::Removed => "changes_submission_withdrawn",
            };
            vec![
                ctx.country(&s.member_state),
                ctx.l(what),
                files(&s.before),
                files(&s.after),
            ]
        })
        .collect();
    let columns = ["member_state", "changes_what", "changes_before", "changes_after"].map(|k| ctx.l(k));
    Draft::new(columns.into(), rows, [])
        .continued(ctx.continued(&ctx.l("changes_submissions")))
        .fit()
}
