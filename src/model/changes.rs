//! What changed between two versions of a semester report (SPEC §6.1: "a
//! revision lists what changed since the version transmitted before"):
//! the figures, old → new; the texts, by section and author; the
//! submissions added, replaced or withdrawn. A pure comparison of two
//! models; the revision's annex prints it (`render::view::changes`).

use super::{SemesterReport, SourceFile};
use crate::format::Scope;
use crate::reference::countries;
use std::collections::{BTreeMap, BTreeSet};

/// How an item of the report differs from the previous version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// Not in the previous version.
    Added,
    /// In both, different.
    Changed,
    /// In the previous version only.
    Removed,
}

impl Change {
    /// The change from `before` to `after` (either may be missing); none
    /// when they are the same.
    fn of<T: PartialEq>(before: Option<T>, after: Option<T>) -> Option<Change> {
        match (before, after) {
            (None, None) => None,
            (None, Some(_)) => Some(Change::Added),
            (Some(_), None) => Some(Change::Removed),
            (Some(b), Some(a)) => (b != a).then_some(Change::Changed),
        }
    }
}

/// Everything that changed since the previous version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Figures changed, added or removed.
    pub figures: Vec<FigureChange>,
    /// Texts changed, added or removed: by place (sections by id; the
    /// view orders them as the format does), the drafting Member State's
    /// own text first, then the contributions in protocol order.
    pub texts: Vec<TextChange>,
    /// Submissions added, replaced or withdrawn, in protocol order.
    pub submissions: Vec<SubmissionChange>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.figures.is_empty() && self.texts.is_empty() && self.submissions.is_empty()
    }
}

/// One figure of the statistics: a Member State's (or, for a host-wide
/// indicator, the host country's) figure for a citizenship and breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureChange {
    /// The indicator id.
    pub indicator: String,
    /// The Member State whose figure it is; none for a host-wide figure.
    pub member_state: Option<String>,
    /// The citizenship, none for all citizenships together.
    pub citizenship: Option<String>,
    /// The breakdown, none for none.
    pub breakdown: Option<String>,
    /// The figure in the previous version, none when it had none.
    pub before: Option<u64>,
    /// The figure now, none when it is gone.
    pub after: Option<u64>,
}

/// Where a text is printed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TextPlace {
    /// The drafting Member State's executive summary.
    Summary,
    /// A section (`I.3`), or `statistics` for the synthesis of the
    /// statistics.
    Section(String),
    /// The drafting Member State's conclusions and recommendations.
    Conclusions,
}

/// A text that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextChange {
    /// Where it is printed.
    pub place: TextPlace,
    /// The Member State whose contribution it is; none for the drafting
    /// Member State's own text (its synthesis, summary or conclusions).
    pub author: Option<String>,
    /// Added, changed or removed.
    pub change: Change,
}

/// A Member State's submission that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionChange {
    /// The Member State.
    pub member_state: String,
    /// Added, replaced (other files or other contents: `Changed`) or
    /// withdrawn (`Removed`).
    pub change: Change,
    /// Its files in the previous version (none when added).
    pub before: Vec<SourceFile>,
    /// Its files now (none when withdrawn).
    pub after: Vec<SourceFile>,
}

/// What changed from `previous` to `current` (two versions of one report).
pub fn changes(previous: &SemesterReport, current: &SemesterReport) -> Changes {
    Changes {
        figures: figures(previous, current),
        texts: texts(previous, current),
        submissions: submissions(previous, current),
    }
}

/// A figure's place: Member State (none: host-wide), citizenship,
/// breakdown.
type FigureKey = (Option<String>, Option<String>, Option<String>);

/// Every figure of a report's indicator, in the order of its table's rows
/// and, within a row, the Member States in protocol order.
fn figures_of(report: &SemesterReport, indicator: &str) -> Vec<(FigureKey, u64)> {
    let Some(table) = report.statistics.iter().find(|t| t.indicator == indicator) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &table.rows {
        let cell = |ms: Option<&String>| (ms.cloned(), row.citizenship.clone(), row.breakdown.clone());
        match table.scope {
            Scope::HostWide => out.push((cell(None), row.total)),
            Scope::PerMemberState => {
                let mut states: Vec<(&String, &u64)> = row.by_member_state.iter().collect();
                states.sort_by_key(|(ms, _)| countries::protocol_rank(ms));
                out.extend(states.into_iter().map(|(ms, v)| (cell(Some(ms)), *v)));
            }
        }
    }
    out
}

/// The figures that differ: per indicator (the current report's order,
/// then those it no longer has), the current rows' figures, then those
/// only the previous version had.
fn figures(previous: &SemesterReport, current: &SemesterReport) -> Vec<FigureChange> {
    let mut indicators: Vec<&str> = Vec::new();
    for t in current.statistics.iter().chain(&previous.statistics) {
        if !indicators.contains(&t.indicator.as_str()) {
            indicators.push(&t.indicator);
        }
    }
    let mut out = Vec::new();
    for indicator in indicators {
        let before: BTreeMap<FigureKey, u64> = figures_of(previous, indicator).into_iter().collect();
        let after = figures_of(current, indicator);
        let after_keys: BTreeSet<&FigureKey> = after.iter().map(|(k, _)| k).collect();
        let gone = figures_of(previous, indicator)
            .into_iter()
            .filter(|(k, _)| !after_keys.contains(k))
            .map(|(k, v)| (k, Some(v), None));
        let now = after.iter().map(|(k, v)| (k.clone(), before.get(k).copied(), Some(*v)));
        for ((member_state, citizenship, breakdown), old, new) in now.chain(gone) {
            if old != new {
                out.push(FigureChange {
                    indicator: indicator.to_string(),
                    member_state,
                    citizenship,
                    breakdown,
                    before: old,
                    after: new,
                });
            }
        }
    }
    out
}

/// A text with its white space folded: a text re-saved with other line
/// breaks or spaces has not changed.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every text of a report by place and author (none for the drafting
/// Member State's own), folded; a Member State's several texts in one
/// section as one.
fn texts_of(report: &SemesterReport) -> BTreeMap<(TextPlace, Option<String>), String> {
    let mut out: BTreeMap<(TextPlace, Option<String>), String> = BTreeMap::new();
    for (section, contributions) in &report.narrative {
        for c in contributions {
            let text = out
                .entry((TextPlace::Section(section.clone()), Some(c.member_state.clone())))
                .or_default();
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&folded(&c.text));
        }
    }
    if let Some(d) = &report.drafting_text {
        let own = d
            .summary
            .iter()
            .map(|t| (TextPlace::Summary, t))
            .chain(d.sections.iter().map(|(id, t)| (TextPlace::Section(id.clone()), t)))
            .chain(d.conclusions.iter().map(|t| (TextPlace::Conclusions, t)));
        for (place, text) in own {
            out.insert((place, None), folded(text));
        }
    }
    out.retain(|_, t| !t.is_empty());
    out
}

/// The texts that differ, by place, the drafting Member State's first and
/// then the Member States' in protocol order.
fn texts(previous: &SemesterReport, current: &SemesterReport) -> Vec<TextChange> {
    let before = texts_of(previous);
    let after = texts_of(current);
    let keys: BTreeSet<&(TextPlace, Option<String>)> = before.keys().chain(after.keys()).collect();
    let mut keys: Vec<_> = keys.into_iter().collect();
    let rank = |author: &Option<String>| author.as_deref().map(countries::protocol_rank);
    keys.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| rank(&a.1).cmp(&rank(&b.1))));
    keys.into_iter()
        .filter_map(|key| {
            Some(TextChange {
                place: key.0.clone(),
                author: key.1.clone(),
                change: Change::of(before.get(key), after.get(key))?,
            })
        })
        .collect()
}

/// A submission's files as compared: each file's name (without its
/// folders: the inbox may have moved) and checksum, sorted.
fn file_set(files: &[SourceFile]) -> Vec<(&str, &str)> {
    let mut set: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f.path.rsplit('/').next().unwrap_or(&f.path), f.sha256.as_str()))
        .collect();
    set.sort_unstable();
    set
}

/// The submissions that differ, in protocol order.
fn submissions(previous: &SemesterReport, current: &SemesterReport) -> Vec<SubmissionChange> {
    let files = |r: &SemesterReport| -> BTreeMap<String, Vec<SourceFile>> {
        r.sources
            .iter()
            .map(|s| (s.member_state.clone(), s.files.clone()))
            .collect()
    };
    let (before, after) = (files(previous), files(current));
    let mut states: Vec<&String> = before.keys().chain(after.keys()).collect();
    states.sort_by_key(|ms| countries::protocol_rank(ms));
    states.dedup();
    states
        .into_iter()
        .filter_map(|ms| {
            let (old, new) = (before.get(ms), after.get(ms));
            let change = Change::of(old.map(|f| file_set(f)), new.map(|f| file_set(f)))?;
            Some(SubmissionChange {
                member_state: ms.clone(),
                change,
                before: old.cloned().unwrap_or_default(),
                after: new.cloned().unwrap_or_default(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::FormatDef;
    use crate::model::{Contribution, DraftingText, IndicatorTable, SourceEntry, StatisticsRow};

    /// A report with no content (built from nothing).
    fn empty() -> SemesterReport {
        let semester: crate::reference::Semester = "2025-H2".parse().unwrap();
        let json = serde_json::json!({
            "format": "2005-687", "host": "MA", "semester": semester,
            "period_start": semester.start(), "period_end": semester.end(),
            "presidency": "DK", "drafting_member_state": null, "acting_on_behalf": false,
            "date": null, "reference": "", "classification": null, "language": "en",
            "composition": [], "total_ilos": 0, "meetings": [], "training": [],
            "narrative": {}, "routes": [], "documents": [], "statistics": [],
            "conflicts": [], "sources": [], "silent_member_states": []
        });
        serde_json::from_value(json).expect("a report with nothing in it")
    }

    fn row(citizenship: Option<&str>, breakdown: Option<&str>, by: &[(&str, u64)]) -> StatisticsRow {
        StatisticsRow {
            citizenship: citizenship.map(str::to_string),
            breakdown: breakdown.map(str::to_string),
            by_member_state: by.iter().map(|(m, v)| (m.to_string(), *v)).collect(),
            total: by.iter().map(|(_, v)| v).sum(),
            reported_by: Vec::new(),
            sources: BTreeMap::new(),
        }
    }

    fn table(id: &str, rows: Vec<StatisticsRow>) -> IndicatorTable {
        let ind = FormatDef::builtin().indicator(id).expect("a catalogue indicator");
        let states: BTreeSet<String> = rows.iter().flat_map(|r| r.by_member_state.keys().cloned()).collect();
        IndicatorTable::new(ind, states.into_iter().collect(), rows)
    }

    fn file(path: &str, sha: &str) -> SourceFile {
        SourceFile {
            path: path.into(),
            sha256: sha.into(),
            received: None,
        }
    }

    fn source(ms: &str, files: Vec<SourceFile>) -> SourceEntry {
        SourceEntry {
            member_state: ms.into(),
            files,
            drafted_on: None,
        }
    }

    fn said(ms: &str, text: &str) -> Contribution {
        Contribution {
            member_state: ms.into(),
            text: text.into(),
        }
    }

    fn figure(
        indicator: &str,
        ms: Option<&str>,
        citizenship: Option<&str>,
        breakdown: Option<&str>,
        before: Option<u64>,
        after: Option<u64>,
    ) -> FigureChange {
        FigureChange {
            indicator: indicator.into(),
            member_state: ms.map(str::to_string),
            citizenship: citizenship.map(str::to_string),
            breakdown: breakdown.map(str::to_string),
            before,
            after,
        }
    }

    #[test]
    fn the_same_report_has_no_changes() {
        let mut r = empty();
        r.statistics = vec![table("return-decisions", vec![row(Some("MA"), None, &[("FR", 3)])])];
        r.narrative.insert("I.3".into(), vec![said("FR", "Text.")]);
        r.sources = vec![source("FR", vec![file("inbox/FR.xlsx", "aa")])];
        assert!(changes(&r, &r.clone()).is_empty());
    }

    #[test]
    fn figures_changed_added_and_removed_per_member_state_and_host_wide() {
        let mut old = empty();
        old.statistics = vec![
            table(
                "effective-returns",
                vec![
                    row(Some("MA"), Some("forced"), &[("FR", 10), ("DE", 4)]),
                    row(Some("SN"), Some("voluntary"), &[("FR", 2)]),
                ],
            ),
            table("host-apprehensions", vec![row(Some("MA"), None, &[("FR", 900)])]),
            table("return-decisions", vec![row(None, None, &[("IT", 7)])]),
        ];
        let mut new = empty();
        new.statistics = vec![
            table(
                "effective-returns",
                vec![row(Some("MA"), Some("forced"), &[("FR", 12), ("DE", 4), ("ES", 1)])],
            ),
            table("host-apprehensions", vec![row(Some("MA"), None, &[("FR", 950)])]),
        ];
        let got = changes(&old, &new);
        assert_eq!(
            got.figures,
            vec![
                // Within a row, Member States in protocol order (DE unchanged).
                figure(
                    "effective-returns",
                    Some("ES"),
                    Some("MA"),
                    Some("forced"),
                    None,
                    Some(1)
                ),
                figure(
                    "effective-returns",
                    Some("FR"),
                    Some("MA"),
                    Some("forced"),
                    Some(10),
                    Some(12)
                ),
                figure(
                    "effective-returns",
                    Some("FR"),
                    Some("SN"),
                    Some("voluntary"),
                    Some(2),
                    None
                ),
                // A host-wide figure is the host's, not a Member State's.
                figure("host-apprehensions", None, Some("MA"), None, Some(900), Some(950)),
                // An indicator no longer sent: every figure removed.
                figure("return-decisions", Some("IT"), None, None, Some(7), None),
            ]
        );
        assert!(got.texts.is_empty() && got.submissions.is_empty());
    }

    #[test]
    fn texts_changed_added_and_removed_by_section_and_author() {
        let mut old = empty();
        old.narrative.insert(
            "I.3".into(),
            vec![said("FR", "Good cooperation."), said("IT", "Weekly meetings.")],
        );
        old.narrative.insert("II.1".into(), vec![said("DE", "Flows rose.")]);
        old.drafting_text = Some(DraftingText {
            file: "inbox/MA_2025-H2.drafting.md".into(),
            summary: Some("Summary.".into()),
            sections: [("I.3".to_string(), "Synthesis.".to_string())].into(),
            conclusions: None,
        });
        let mut new = old.clone();
        // Only white space differs: not a change.
        new.narrative.insert(
            "I.3".into(),
            vec![said("FR", "Good  cooperation.\n"), said("ES", "New text.")],
        );
        new.narrative.insert("II.1".into(), vec![said("DE", "Flows fell.")]);
        let drafting = new.drafting_text.as_mut().unwrap();
        drafting.sections.insert("I.3".into(), "Synthesis, corrected.".into());
        drafting.conclusions = Some("Conclusions.".into());
        let got = changes(&old, &new);
        let text = |place: TextPlace, author: Option<&str>, change| TextChange {
            place,
            author: author.map(str::to_string),
            change,
        };
        let section = |id: &str| TextPlace::Section(id.into());
        assert_eq!(
            got.texts,
            vec![
                text(section("I.3"), None, Change::Changed),
                text(section("I.3"), Some("ES"), Change::Added),
                text(section("I.3"), Some("IT"), Change::Removed),
                text(section("II.1"), Some("DE"), Change::Changed),
                text(TextPlace::Conclusions, None, Change::Added),
            ]
        );
        assert!(got.figures.is_empty() && got.submissions.is_empty());
    }

    #[test]
    fn submissions_added_replaced_and_withdrawn() {
        let mut old = empty();
        old.sources = vec![
            source("FR", vec![file("inbox/FR_MA_2025-H2.ods", "aa")]),
            source("DE", vec![file("inbox/DE_MA_2025-H2.xlsx", "bb")]),
            source("IT", vec![file("inbox/IT_MA_2025-H2_narrative.csv", "cc")]),
        ];
        let mut new = empty();
        new.sources = vec![
            // The same file in an inbox moved elsewhere: unchanged.
            source("FR", vec![file("other/FR_MA_2025-H2.ods", "aa")]),
            // The same name, other contents: replaced.
            source("DE", vec![file("inbox/DE_MA_2025-H2.xlsx", "b2")]),
            source("ES", vec![file("inbox/ES_MA_2025-H2_narrative.csv", "dd")]),
        ];
        let got = changes(&old, &new);
        let summary: Vec<(&str, Change, usize, usize)> = got
            .submissions
            .iter()
            .map(|s| (s.member_state.as_str(), s.change, s.before.len(), s.after.len()))
            .collect();
        assert_eq!(
            summary,
            [
                ("DE", Change::Changed, 1, 1),
                ("ES", Change::Added, 0, 1),
                ("IT", Change::Removed, 1, 0)
            ]
        );
        assert_eq!(got.submissions[0].after[0].sha256, "b2");
    }
}
