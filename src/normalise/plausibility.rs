//! Plausibility (SPEC §6.1): figures that are valid but cannot be right,
//! as the format's `plausibility` rules define them — a figure above the
//! indicator's bound, the documents table against its indicator, a part
//! above its whole, one indicator above another, and a tenfold change
//! against the previous semester. Each finding is a warning at the cell
//! the figure came from, tied to its report: it asks for a look, it never
//! holds a report back.

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::format::plausibility::{Bound, ChangeRule, DocumentsRule, NotAbove, Parts};
use crate::format::{BreakdownKind, FormatDef, IndicatorDef, Scope};
use crate::model::{IndicatorTable, Observation, SemesterReport, Submission};
use std::collections::BTreeMap;

/// Checks every report's figures against the format's rules; `previous`
/// are semester reports of earlier runs (`--previous`), used where the
/// run itself has no report of the semester before.
pub(crate) fn check(
    format: &FormatDef,
    submissions: &[Submission],
    reports: &[SemesterReport],
    previous: &[SemesterReport],
    diags: &mut Vec<Diagnostic>,
) {
    let rules = &format.plausibility;
    for report in reports {
        let key = report.key();
        let subs: Vec<&Submission> = submissions
            .iter()
            .filter(|s| s.host == report.host && s.semester == report.semester)
            .collect();
        let mut found = Vec::new();
        let ctx = Report { format, report, subs };
        for b in &rules.bounds {
            ctx.bound(b, &mut found);
        }
        if let Some(rule) = &rules.documents {
            ctx.documents(rule, &mut found);
        }
        for n in &rules.not_above {
            ctx.not_above(n, &mut found);
        }
        for p in &rules.parts {
            ctx.parts(p, &mut found);
        }
        if let Some(rule) = &rules.change {
            let before = report.semester.previous();
            let earlier = reports
                .iter()
                .chain(previous)
                .find(|r| r.host == report.host && r.semester == before);
            if let Some(earlier) = earlier {
                ctx.change(rule, earlier, &mut found);
            }
        }
        diags.extend(found.into_iter().map(|mut d| {
            d.report = Some(key.clone());
            d
        }));
    }
}

/// One report with the submissions it was made from.
struct Report<'a> {
    format: &'a FormatDef,
    report: &'a SemesterReport,
    subs: Vec<&'a Submission>,
}

/// A figure and the cells it was added up from.
struct Figure<'o> {
    value: u64,
    cells: Vec<&'o Observation>,
}

impl Figure<'_> {
    /// The cell the figure is shown at: its largest part's.
    fn at(&self, s: &Submission) -> Location {
        self.cells
            .iter()
            .max_by_key(|o| o.value)
            .and_then(|o| o.origin.clone())
            .unwrap_or_else(|| file_of(s))
    }
}

impl<'a> Report<'a> {
    /// The catalogue's indicator `id`, when the report has figures of it.
    fn indicator(&self, id: &str) -> Option<(&'a IndicatorDef, &'a IndicatorTable)> {
        let ind = self.format.indicator(id)?;
        let table = self.report.statistics.iter().find(|t| t.indicator == id)?;
        Some((ind, table))
    }

    /// A Member State's figure of `ind` per citizenship (none: sent
    /// without one), from the cells that make up the indicator's figure.
    fn by_citizenship<'s>(ind: &IndicatorDef, s: &'s Submission) -> BTreeMap<Option<&'s str>, Figure<'s>> {
        let mut out: BTreeMap<Option<&str>, Figure> = BTreeMap::new();
        for o in observations(s, ind).filter(|o| counts(ind, o.breakdown.as_deref())) {
            let f = out.entry(o.citizenship.as_deref()).or_insert(Figure {
                value: 0,
                cells: Vec::new(),
            });
            f.value += o.value;
            f.cells.push(o);
        }
        out
    }

    /// A Member State's figure of `ind`, from the cells that make it up;
    /// none when it sent no such cell.
    fn figure<'s>(ind: &IndicatorDef, s: &'s Submission) -> Option<Figure<'s>> {
        let cells: Vec<&Observation> = observations(s, ind)
            .filter(|o| counts(ind, o.breakdown.as_deref()))
            .collect();
        (!cells.is_empty()).then(|| Figure {
            value: cells.iter().map(|o| o.value).sum(),
            cells,
        })
    }

    /// Bounds: no cell, and no Member State's figure (the host's for a
    /// host-wide indicator), above the indicator's largest possible one.
    fn bound(&self, b: &Bound, found: &mut Vec<Diagnostic>) {
        let Some((ind, table)) = self.indicator(&b.indicator) else {
            return;
        };
        let what = |whose: &str| -> String {
            format!(
                "at most {} for {whose} of `{}` ({}) in one semester",
                number(b.max),
                ind.id,
                ind.title.en
            )
        };
        let whose = match ind.scope {
            Scope::PerMemberState => "one Member State's figure",
            Scope::HostWide => "the host country's figure",
        };
        let hint = |extra: &str| {
            format!(
                "{extra}{}; check the figure with the Member State (a yearly, national or EU-wide total, a figure typed twice, a lost decimal separator?) and correct it, or leave it if it is right",
                b.why.trim_end_matches('.')
            )
        };
        let mut cell_over = false;
        for s in &self.subs {
            let mut over = false;
            for o in observations(s, ind).filter(|o| o.value > b.max) {
                over = true;
                found.push(
                    Diagnostic::new(Code::ImplausibleValue, &at(o, s), hint(""))
                        .found(number(o.value))
                        .expected(what(whose)),
                );
            }
            cell_over |= over;
            if over || ind.scope == Scope::HostWide {
                continue;
            }
            if let Some(f) = Self::figure(ind, s).filter(|f| f.value > b.max) {
                found.push(
                    Diagnostic::new(
                        Code::ImplausibleValue,
                        &f.at(s),
                        hint(&format!(
                            "{}'s figures of `{}` add up to {}: ",
                            s.member_state,
                            ind.id,
                            number(f.value)
                        )),
                    )
                    .found(format!("{} in all{}", number(f.value), in_brackets(&cells(&f.cells))))
                    .expected(what(whose)),
                );
            }
        }
        // The host's figure, made of several Member States' cells.
        if ind.scope == Scope::HostWide
            && !cell_over
            && let Some(total) = table.total.filter(|t| *t > b.max)
            && let Some((s, o)) = self.largest_cell(ind)
        {
            found.push(
                Diagnostic::new(
                    Code::ImplausibleValue,
                    &at(o, s),
                    hint(&format!(
                        "the host country's figures of `{}` add up to {}: ",
                        ind.id,
                        number(total)
                    )),
                )
                .found(format!("{} in all", number(total)))
                .expected(what(whose)),
            );
        }
    }

    /// The largest cell of an indicator's figure in the report, with the
    /// submission it came from (the first Member State to send it).
    fn largest_cell(&self, ind: &IndicatorDef) -> Option<(&'a Submission, &'a Observation)> {
        let mut best: Option<(&Submission, &Observation)> = None;
        for s in &self.subs {
            for o in observations(s, ind).filter(|o| counts(ind, o.breakdown.as_deref())) {
                if best.is_none_or(|(_, b)| o.value > b.value) {
                    best = Some((s, o));
                }
            }
        }
        best
    }

    /// The documents table (II.6) and the indicator counting the same
    /// detections agree, per Member State, within the rule's tolerance.
    fn documents(&self, rule: &DocumentsRule, found: &mut Vec<Diagnostic>) {
        let Some((ind, _)) = self.indicator(&rule.indicator) else {
            return;
        };
        // The section that prints the documents table (II.6).
        let section = self
            .format
            .sections
            .iter()
            .find(|s| s.table.as_deref() == Some("documents"))
            .map_or("documents table".to_string(), |s| s.id.clone());
        for s in self.subs.iter().filter(|s| !s.documents.is_empty()) {
            let Some(f) = Self::figure(ind, s) else { continue };
            let listed: u64 = s.documents.iter().map(|d| d.count).sum();
            let larger = f.value.max(listed);
            let allowed = rule.slack.max((rule.tolerance * larger as f64).ceil() as u64);
            if f.value.abs_diff(listed) <= allowed {
                continue;
            }
            let doc_cells: Vec<Location> = s.documents.iter().filter_map(|d| d.origin.clone()).collect();
            found.push(
                Diagnostic::new(
                    Code::InconsistentFigures,
                    &f.at(s),
                    format!(
                        "{} sent {} for `{}` but its documents table lists {} detections: {}; correct the one that is wrong, so that the report's {section} and its statistics tell the same",
                        s.member_state,
                        number(f.value),
                        ind.id,
                        number(listed),
                        rule.why.trim_end_matches('.')
                    ),
                )
                .found(format!(
                    "{}{} against {} in the documents table{}",
                    number(f.value),
                    in_brackets(&cells(&f.cells)),
                    number(listed),
                    in_brackets(&locations(&doc_cells.iter().collect::<Vec<_>>()))
                ))
                .expected(format!(
                    "the two within {} % or {} of each other",
                    (rule.tolerance * 100.0).round(),
                    rule.slack
                )),
            );
        }
    }

    /// One indicator at most `factor` times another, per Member State and
    /// citizenship (against the host's figure when the other is
    /// host-wide), when both are at least the floor.
    fn not_above(&self, rule: &NotAbove, found: &mut Vec<Diagnostic>) {
        let (Some((ind, _)), Some((limit, limit_table))) =
            (self.indicator(&rule.indicator), self.indicator(&rule.limit))
        else {
            return;
        };
        let host_limits: BTreeMap<Option<&str>, u64> = match limit.scope {
            Scope::HostWide => {
                let mut m: BTreeMap<Option<&str>, u64> = BTreeMap::new();
                for r in limit_table
                    .rows
                    .iter()
                    .filter(|r| limit_table.counts(r.breakdown.as_deref()))
                {
                    *m.entry(r.citizenship.as_deref()).or_default() += r.total;
                }
                m
            }
            Scope::PerMemberState => BTreeMap::new(),
        };
        for s in &self.subs {
            let limits: BTreeMap<Option<&str>, (u64, Vec<&Observation>)> = match limit.scope {
                Scope::PerMemberState => Self::by_citizenship(limit, s)
                    .into_iter()
                    .map(|(c, f)| (c, (f.value, f.cells)))
                    .collect(),
                Scope::HostWide => host_limits.iter().map(|(c, v)| (*c, (*v, Vec::new()))).collect(),
            };
            for (citizenship, f) in Self::by_citizenship(ind, s) {
                let Some((bound, bound_cells)) = limits.get(&citizenship) else {
                    continue;
                };
                if f.value < rule.floor || *bound < rule.floor || f.value as f64 <= rule.factor * *bound as f64 {
                    continue;
                }
                let whose = match limit.scope {
                    Scope::PerMemberState => format!("{}'s", s.member_state),
                    Scope::HostWide => "the host country's".to_string(),
                };
                let times = if rule.factor == 1.0 {
                    String::new()
                } else {
                    format!("{} times ", trim_float(rule.factor))
                };
                let limit_at = in_brackets(&cells(bound_cells));
                found.push(
                    Diagnostic::new(
                        Code::InconsistentFigures,
                        &f.at(s),
                        format!(
                            "{} sent {} for `{}`{}, more than {times}{whose} `{}`: {}; check both figures with the Member State",
                            s.member_state,
                            number(f.value),
                            ind.id,
                            of_citizenship(citizenship),
                            limit.id,
                            rule.why.trim_end_matches('.')
                        ),
                    )
                    .found(format!("{}{}", number(f.value), in_brackets(&cells(&f.cells))))
                    .expected(format!(
                        "at most {times}{} `{}`{}{limit_at}",
                        number(*bound),
                        limit.id,
                        of_citizenship(citizenship)
                    )),
                );
            }
        }
    }

    /// No part above its whole: for a subset, each breakdown above the one
    /// before it (accepted above submitted); for multi-count grounds, a
    /// ground above the persons counted once — per Member State and
    /// citizenship, where both were sent.
    fn parts(&self, rule: &Parts, found: &mut Vec<Diagnostic>) {
        let Some((ind, _)) = self.indicator(&rule.indicator) else {
            return;
        };
        for s in &self.subs {
            let mut by_citizenship: BTreeMap<Option<&str>, BTreeMap<Option<&str>, &Observation>> = BTreeMap::new();
            for o in observations(s, ind) {
                by_citizenship
                    .entry(o.citizenship.as_deref())
                    .or_default()
                    .insert(o.breakdown.as_deref(), o);
            }
            for (citizenship, sent) in by_citizenship {
                for (part, whole) in part_whole_pairs(ind, &sent) {
                    if part.value <= whole.value {
                        continue;
                    }
                    let name = |o: &Observation| o.breakdown.clone().unwrap_or_else(|| "persons counted once".into());
                    found.push(
                        Diagnostic::new(
                            Code::InconsistentFigures,
                            &at(part, s),
                            format!(
                                "{} sent {} `{}` {}{} but only {} {}: {}; check both figures with the Member State",
                                s.member_state,
                                number(part.value),
                                ind.id,
                                name(part),
                                of_citizenship(citizenship),
                                number(whole.value),
                                name(whole),
                                rule.why.trim_end_matches('.')
                            ),
                        )
                        .found(number(part.value))
                        .expected(format!(
                            "at most {}, the {} figure{}",
                            number(whole.value),
                            name(whole),
                            in_brackets(&cells(&[whole]))
                        )),
                    );
                }
            }
        }
    }

    /// A tenfold change against the previous semester, per indicator and
    /// Member State (the host's figure for a host-wide indicator), when
    /// both figures are at least the floor.
    fn change(&self, rule: &ChangeRule, earlier: &SemesterReport, found: &mut Vec<Diagnostic>) {
        for t in self.report.statistics.iter().filter(|t| rule.covers(&t.indicator)) {
            let (Some(ind), Some(before)) = (
                self.format.indicator(&t.indicator),
                earlier.statistics.iter().find(|b| b.indicator == t.indicator),
            ) else {
                continue;
            };
            let pairs: Vec<(Option<&str>, Measure, Measure)> = match t.scope {
                Scope::HostWide => vec![(None, measure(t, None), measure(before, None))],
                Scope::PerMemberState => t
                    .member_states
                    .iter()
                    .filter(|ms| before.member_states.contains(ms))
                    .map(|ms| (Some(ms.as_str()), measure(t, Some(ms)), measure(before, Some(ms))))
                    .collect(),
            };
            for (ms, now, then) in pairs {
                let (Some((now, kind)), Some((then, kind_then))) = (now, then) else {
                    continue;
                };
                let changed = now as f64 > rule.factor * then as f64 || then as f64 > rule.factor * now as f64;
                if kind != kind_then || now < rule.floor || then < rule.floor || !changed {
                    continue;
                }
                let Some((s, o)) = self.cell_of(ind, ms) else { continue };
                let whose = ms.map_or("the host country's".to_string(), |ms| format!("{ms}'s"));
                found.push(
                    Diagnostic::new(
                        Code::ImplausibleChange,
                        &at(o, s),
                        format!(
                            "{whose} `{}`{kind} went from {} in {} to {} in {}, more than {}-fold: {}; check the figure with the Member State (another period, unit or coverage?) and correct it, or leave it if it is right",
                            t.indicator,
                            number(then),
                            earlier.semester,
                            number(now),
                            self.report.semester,
                            trim_float(rule.factor),
                            rule.why.trim_end_matches('.')
                        ),
                    )
                    .found(format!("{} in {}", number(now), self.report.semester))
                    .expected(format!(
                        "from {} to {} ({} in {})",
                        number((then as f64 / rule.factor).ceil() as u64),
                        number((then as f64 * rule.factor).floor() as u64),
                        number(then),
                        earlier.semester
                    )),
                );
            }
        }
    }

    /// The largest cell of a Member State's (or, for none, any Member
    /// State's) figure of an indicator, with its submission; the grounds'
    /// when no persons counted once were sent.
    fn cell_of(&self, ind: &'a IndicatorDef, ms: Option<&str>) -> Option<(&'a Submission, &'a Observation)> {
        let mut best: Option<(&Submission, &Observation)> = None;
        for s in self.subs.iter().filter(|s| ms.is_none_or(|m| m == s.member_state)) {
            let all: Vec<&Observation> = observations(s, ind).collect();
            let counting: Vec<&Observation> = all
                .iter()
                .copied()
                .filter(|o| counts(ind, o.breakdown.as_deref()))
                .collect();
            let cells = if counting.is_empty() { all } else { counting };
            for o in cells {
                if best.is_none_or(|(_, b)| o.value > b.value) {
                    best = Some((s, o));
                }
            }
        }
        best
    }
}

/// What a figure compared over time is: the indicator's figure, or for
/// multi-count grounds sent without the persons, the refusals by ground
/// (never compared with persons).
type Measure = Option<(u64, &'static str)>;

/// The figure of a table, of one Member State or of the host; for
/// multi-count grounds without persons counted once, their sum as
/// "by ground".
fn measure(t: &IndicatorTable, ms: Option<&str>) -> Measure {
    let value = |r: &crate::model::StatisticsRow| match ms {
        Some(ms) => r.by_member_state.get(ms).copied(),
        None => Some(r.total),
    };
    if let Some(v) = t.figure(value) {
        return Some((v, ""));
    }
    if t.breakdown_kind != BreakdownKind::MultiCount {
        return None;
    }
    let grounds: Vec<u64> = t
        .rows
        .iter()
        .filter(|r| r.breakdown.is_some())
        .filter_map(value)
        .collect();
    (!grounds.is_empty()).then(|| (grounds.iter().sum(), " (by ground)"))
}

/// The pairs of cells of one citizenship where the first is part of the
/// second: each subset breakdown and the nearest wider one sent (the
/// first breakdown, or a row without breakdown, being the widest); each
/// ground and the persons counted once.
fn part_whole_pairs<'o>(
    ind: &IndicatorDef,
    cells: &BTreeMap<Option<&str>, &'o Observation>,
) -> Vec<(&'o Observation, &'o Observation)> {
    let mut pairs = Vec::new();
    match ind.breakdown_kind {
        BreakdownKind::Partition => {}
        BreakdownKind::MultiCount => {
            if let Some(persons) = cells.get(&None) {
                pairs.extend(cells.iter().filter(|(b, _)| b.is_some()).map(|(_, o)| (*o, *persons)));
            }
        }
        BreakdownKind::Subset => {
            let mut wider: Option<&Observation> = ind
                .breakdowns
                .first()
                .and_then(|b| cells.get(&Some(b.as_str())))
                .or_else(|| cells.get(&None))
                .copied();
            for b in ind.breakdowns.iter().skip(1) {
                if let Some(part) = cells.get(&Some(b.as_str())) {
                    if let Some(whole) = wider {
                        pairs.push((*part, whole));
                    }
                    wider = Some(part);
                }
            }
        }
    }
    pairs
}

/// The observations of an indicator in a submission.
fn observations<'s>(s: &'s Submission, ind: &IndicatorDef) -> impl Iterator<Item = &'s Observation> {
    let id = ind.id.clone();
    s.statistics.iter().filter(move |o| o.indicator == id)
}

/// Whether a cell makes up the indicator's figure (see
/// [`IndicatorTable::counts`]).
fn counts(ind: &IndicatorDef, breakdown: Option<&str>) -> bool {
    match ind.breakdown_kind {
        BreakdownKind::Partition => true,
        BreakdownKind::Subset => breakdown.is_none() || breakdown == ind.breakdowns.first().map(String::as_str),
        BreakdownKind::MultiCount => breakdown.is_none(),
    }
}

/// Where an observation was read, or its submission's first file.
fn at(o: &Observation, s: &Submission) -> Location {
    o.origin.clone().unwrap_or_else(|| file_of(s))
}

/// A submission's first file.
fn file_of(s: &Submission) -> Location {
    Location::file(s.files.first().map_or("", |f| f.path.as_str()))
}

/// " of Syria", or nothing for figures without a citizenship.
fn of_citizenship(citizenship: Option<&str>) -> String {
    citizenship.map_or(String::new(), |c| {
        format!(
            " for citizens of {}",
            crate::reference::countries::name(c, crate::reference::Lang::En)
        )
    })
}

/// A figure with its thousands grouped: `1 234 567`.
fn number(n: u64) -> String {
    crate::render::style::grouped(n, ' ')
}

/// A factor without a needless decimal: `10`, `2.5`.
fn trim_float(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// The cells of some observations: `inbox/FR_MA_2025-H2.xlsx [Statistics] D5, D9`.
fn cells(observations: &[&Observation]) -> String {
    let locs: Vec<&Location> = observations.iter().filter_map(|o| o.origin.as_ref()).collect();
    locations(&locs)
}

/// ` (text)`, or nothing for no text.
fn in_brackets(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(" ({text})")
    }
}

/// Cells grouped by file and sheet, at most six named.
fn locations(locs: &[&Location]) -> String {
    const NAMED: usize = 6;
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for loc in locs.iter().take(NAMED) {
        let place = match &loc.sheet {
            Some(sheet) => format!("{} [{sheet}]", loc.file),
            None => loc.file.clone(),
        };
        let cell = loc.a1().unwrap_or_default();
        match groups.iter_mut().find(|(p, _)| *p == place) {
            Some((_, cells)) => cells.push(cell),
            None => groups.push((place, vec![cell])),
        }
    }
    let mut text = groups
        .iter()
        .map(|(place, cells)| format!("{place} {}", cells.join(", ")).trim_end().to_string())
        .collect::<Vec<_>>()
        .join("; ");
    if locs.len() > NAMED {
        text.push_str(&format!(" and {} more", locs.len() - NAMED));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceFile;
    use crate::normalise::merge::{ReportOptions, semester_reports};
    use crate::reference::Semester;

    /// An observation read from `cell` (row, column) of FR's workbook.
    fn obs(ind: &str, c: Option<&str>, b: Option<&str>, value: u64, row: u32) -> Observation {
        Observation {
            indicator: ind.into(),
            citizenship: c.map(Into::into),
            breakdown: b.map(Into::into),
            value,
            unit: "persons".into(),
            source: None,
            note: None,
            origin: Some(Location::cell("FR.xlsx", Some("Statistics"), row, 4)),
        }
    }

    fn submission(ms: &str, semester: &str, statistics: Vec<Observation>) -> Submission {
        let file = SourceFile {
            path: format!("{ms}.xlsx"),
            sha256: String::new(),
            received: None,
        };
        let mut s = Submission::new(ms, "MA", semester.parse::<Semester>().unwrap(), vec![file]);
        s.statistics = statistics;
        s
    }

    /// The plausibility warnings of submissions, as (code, cell, found).
    fn warnings(subs: &[Submission]) -> Vec<(String, Option<String>, Option<String>)> {
        warnings_in(FormatDef::builtin(), subs)
    }

    /// The warnings of submissions under a format's rules.
    fn warnings_in(format: &FormatDef, subs: &[Submission]) -> Vec<(String, Option<String>, Option<String>)> {
        let mut diags = Vec::new();
        let reports = semester_reports(format, subs, &ReportOptions::default(), &mut diags);
        let mut found = Vec::new();
        check(format, subs, &reports, &[], &mut found);
        assert!(found.iter().all(|d| !d.is_error() && d.report.is_some()));
        found.into_iter().map(|d| (d.code.as_str(), d.cell, d.found)).collect()
    }

    #[test]
    fn ordinary_figures_raise_nothing() {
        let subs = [
            submission(
                "FR",
                "2025-H1",
                vec![
                    obs("refusals-of-entry", Some("SY"), Some("A"), 30, 2),
                    obs("refusals-of-entry", Some("SY"), None, 40, 3),
                    obs("readmission-requests", None, Some("submitted"), 15, 4),
                    obs("readmission-requests", None, Some("accepted"), 10, 5),
                    obs("return-decisions", Some("MA"), None, 400, 6),
                    obs("effective-returns", Some("MA"), Some("forced"), 80, 7),
                ],
            ),
            submission("FR", "2025-H2", vec![obs("return-decisions", Some("MA"), None, 900, 2)]),
        ];
        assert_eq!(warnings(&subs), []);
    }

    #[test]
    fn each_rule_fires_at_its_cell() {
        let subs = [
            submission(
                "FR",
                "2025-H1",
                vec![
                    obs("return-decisions", Some("MA"), None, 60, 2),
                    obs("illegal-stay-detections", Some("MA"), None, 5_000_000, 3),
                    obs("refusals-of-entry", Some("SY"), Some("C"), 50, 4),
                    obs("refusals-of-entry", Some("SY"), None, 40, 5),
                    obs("readmission-requests", Some("MA"), Some("submitted"), 15, 6),
                    obs("readmission-requests", Some("MA"), Some("accepted"), 16, 7),
                    obs("return-decisions", Some("SN"), None, 100, 8),
                    obs("effective-returns", Some("SN"), Some("forced"), 150, 9),
                    obs("effective-returns", Some("SN"), Some("voluntary"), 100, 10),
                ],
            ),
            submission(
                "FR",
                "2025-H2",
                vec![obs("return-decisions", Some("MA"), None, 6_000, 2)],
            ),
        ];
        let found = warnings(&subs);
        let cell = |code: &str| -> Vec<String> {
            let mut cells: Vec<String> = found
                .iter()
                .filter(|(c, _, _)| c == code)
                .filter_map(|(_, cell, _)| cell.clone())
                .collect();
            cells.sort();
            cells
        };
        assert_eq!(cell("implausible-value"), ["D3"], "{found:?}");
        assert_eq!(cell("inconsistent-figures"), ["D4", "D7", "D9"], "{found:?}");
        assert_eq!(cell("implausible-change"), ["D2"], "{found:?}");
    }

    #[test]
    fn a_figure_above_the_hosts_own_is_inconsistent_where_the_format_says_so() {
        let mut json: serde_json::Value = serde_json::from_str(crate::format::BUILTIN_TEXT).unwrap();
        json["plausibility"]["not_above"] = serde_json::json!([{
            "indicator": "boarding-denied-on-advice",
            "limit": "host-apprehensions",
            "why": "a trial rule"
        }]);
        let format = FormatDef::parse(&json.to_string()).unwrap();
        let subs = [
            submission(
                "FR",
                "2025-H2",
                vec![
                    obs("host-apprehensions", Some("SY"), None, 100, 2),
                    obs("boarding-denied-on-advice", Some("SY"), None, 120, 3),
                    obs("boarding-denied-on-advice", Some("AF"), None, 900, 4),
                ],
            ),
            submission(
                "DE",
                "2025-H2",
                vec![obs("host-apprehensions", Some("SY"), None, 100, 2)],
            ),
        ];
        assert_eq!(
            warnings_in(&format, &subs),
            [(
                "inconsistent-figures".to_string(),
                Some("D3".to_string()),
                Some("120 (FR.xlsx [Statistics] D3)".to_string())
            )],
            "Syrians against the host's Syrians; Afghans the host did not count are not compared"
        );
    }
}
