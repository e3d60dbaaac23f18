//! The items of a semester report's sections merged from its submissions:
//! the composition of the network (I.1), meetings, training, narrative
//! contributions and routes, each attributed to the Member States that
//! reported it.

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::model::*;
use crate::reference::{countries, fold};
use std::collections::{BTreeMap, BTreeSet};

/// I.1: one line per Member State and place of posting. A Member State's own
/// figures win over what others report for it; two others disagreeing is a
/// conflict.
pub(super) fn merge_composition(
    subs: &[&Submission],
    section: &str,
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
                what: format!("{section} ILOs of {ms}").trim_start().to_string(),
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

/// I.2: meetings by date. Only identical items are merged (the same meeting
/// reported by two Member States, participants joined); every distinct one
/// is kept, and the merge is noted.
pub(super) fn merge_meetings(subs: &[&Submission]) -> Vec<Attributed<Meeting>> {
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
    meetings
}

/// I.5: training sessions by date, the same session reported twice merged.
pub(super) fn merge_training(subs: &[&Submission]) -> Vec<Attributed<Training>> {
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
    training
}

/// Narrative contributions per section, in the submissions' order.
pub(super) fn merge_narrative(subs: &[&Submission]) -> BTreeMap<String, Vec<Contribution>> {
    let mut narrative: BTreeMap<String, Vec<Contribution>> = BTreeMap::new();
    for s in subs {
        for n in &s.narrative {
            narrative.entry(n.section.clone()).or_default().push(Contribution {
                member_state: s.member_state.clone(),
                text: n.text.clone(),
            });
        }
    }
    narrative
}

/// II.2: routes, an identical route reported twice merged.
pub(super) fn merge_routes(subs: &[&Submission]) -> Vec<Attributed<Route>> {
    let mut routes: Vec<Attributed<Route>> = Vec::new();
    for s in subs {
        for r in &s.routes {
            match routes.iter_mut().find(|x| x.item == *r) {
                Some(existing) => existing.also_by(&s.member_state),
                None => routes.push(Attributed::new(&s.member_state, r.clone())),
            }
        }
    }
    routes
}
