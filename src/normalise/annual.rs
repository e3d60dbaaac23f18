//! The Commission's annual summary, built from a year's semester reports
//! (and the previous year's, for the change).

use crate::format::{AnnualUse, FormatDef};
use crate::model::*;
use crate::reference::Half;
use std::collections::{BTreeMap, BTreeSet};

/// Builds the summary of `year` from all semester reports at hand; the
/// format says which sections it digests.
pub fn summarise(
    format: &FormatDef,
    year: i32,
    reports: &[&SemesterReport],
    language: &str,
    drafters_text: Option<String>,
) -> AnnualSummary {
    let this_year: Vec<&SemesterReport> = reports.iter().copied().filter(|r| r.semester.year == year).collect();
    let hosts: BTreeSet<&str> = this_year.iter().map(|r| r.host.as_str()).collect();
    let report = |host: &str, half: Half| {
        this_year
            .iter()
            .copied()
            .find(|r| r.host == host && r.semester.half == half)
    };
    let coverage = hosts
        .iter()
        .map(|h| {
            let (h1, h2) = (report(h, Half::H1), report(h, Half::H2));
            Coverage {
                host: h.to_string(),
                h1: h1.is_some(),
                h2: h2.is_some(),
                h1_drafted_by: h1.and_then(|r| r.drafting_member_state.clone()),
                h2_drafted_by: h2.and_then(|r| r.drafting_member_state.clone()),
            }
        })
        .collect();
    let network = hosts
        .iter()
        .map(|h| network_change(h, report(h, Half::H1), report(h, Half::H2)))
        .collect();
    AnnualSummary {
        network,
        digest: digest(format, &this_year, AnnualUse::Digest),
        human_rights: digest(format, &this_year, AnnualUse::HumanRights),
        format: reports.first().map(|r| r.format.clone()).unwrap_or_default(),
        year,
        language: language.to_string(),
        coverage,
        ilos: ilos(&hosts, &this_year),
        activity: hosts.iter().map(|host| activity(host, &this_year)).collect(),
        figures: figures(year, &hosts, reports),
        drafters_text,
    }
}

/// ILOs per Member State and host, from the latest semester of the year
/// (it describes the network as it stands).
fn ilos(hosts: &BTreeSet<&str>, this_year: &[&SemesterReport]) -> BTreeMap<String, BTreeMap<String, u64>> {
    let mut ilos: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for host in hosts {
        let latest = this_year.iter().filter(|r| r.host == *host).max_by_key(|r| r.semester);
        for (ms, n) in latest.map(|r| ilos_of(r)).unwrap_or_default() {
            ilos.entry(ms).or_default().insert(host.to_string(), n);
        }
    }
    ilos
}

/// A host's meetings and training over the year.
fn activity(host: &str, this_year: &[&SemesterReport]) -> Activity {
    let rs = this_year.iter().filter(|r| r.host == host);
    let meetings = rs.clone().flat_map(|r| &r.meetings);
    Activity {
        host: host.to_string(),
        meetings: meetings.clone().count() as u64,
        meetings_with_commission: meetings
            .clone()
            .filter(|m| m.item.commission_present == Some(true))
            .count() as u64,
        meetings_with_frontex: meetings.filter(|m| m.item.frontex_present == Some(true)).count() as u64,
        trainings: rs.clone().map(|r| r.training.len() as u64).sum(),
        training_participants: rs.flat_map(|r| &r.training).filter_map(|t| t.item.participants).sum(),
    }
}

/// Every host's indicator totals per half-year, the year and the year before.
fn figures(year: i32, hosts: &BTreeSet<&str>, reports: &[&SemesterReport]) -> Vec<AnnualFigure> {
    let total = |host: &str, indicator: &str, pick: &dyn Fn(&SemesterReport) -> bool| -> Option<u64> {
        let values: Vec<u64> = reports
            .iter()
            .filter(|r| r.host == host && pick(r))
            .flat_map(|r| {
                r.statistics
                    .iter()
                    .filter(|t| t.indicator == indicator)
                    .filter_map(|t| t.total)
            })
            .collect();
        (!values.is_empty()).then(|| values.iter().sum())
    };
    let mut figures = Vec::new();
    for host in hosts {
        let indicators: BTreeSet<&str> = reports
            .iter()
            .filter(|r| r.host == *host && r.semester.year == year)
            .flat_map(|r| r.statistics.iter().map(|t| t.indicator.as_str()))
            .collect();
        for indicator in indicators {
            let half = |h: Half| total(host, indicator, &|r| r.semester.year == year && r.semester.half == h);
            let (h1, h2) = (half(Half::H1), half(Half::H2));
            // Grounds without the persons sent as such give no figure.
            if h1.is_none() && h2.is_none() {
                continue;
            }
            figures.push(AnnualFigure {
                host: host.to_string(),
                indicator: indicator.to_string(),
                h1,
                h2,
                year: h1.unwrap_or(0) + h2.unwrap_or(0),
                previous_year: total(host, indicator, &|r| r.semester.year == year - 1),
            });
        }
    }
    figures
}

/// A host's network on 30 June (its first semester's report) and on 31
/// December (its second's), and the Art. 5 arrangements of the latest.
fn network_change(host: &str, h1: Option<&SemesterReport>, h2: Option<&SemesterReport>) -> NetworkChange {
    let mut represents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in h2.or(h1).map(|r| r.composition.as_slice()).unwrap_or_default() {
        if !p.item.represents.is_empty() {
            represents
                .entry(p.item.member_state.clone())
                .or_default()
                .extend(p.item.represents.iter().cloned());
        }
    }
    NetworkChange {
        host: host.to_string(),
        june: h1.map(ilos_of),
        december: h2.map(ilos_of),
        represents: represents
            .into_iter()
            .map(|(ms, set)| (ms, set.into_iter().collect()))
            .collect(),
    }
}

/// A report's ILOs per Member State.
fn ilos_of(r: &SemesterReport) -> BTreeMap<String, u64> {
    let mut by_state: BTreeMap<String, u64> = BTreeMap::new();
    for p in &r.composition {
        *by_state.entry(p.item.member_state.clone()).or_default() += p.item.ilos;
    }
    by_state
}

/// Every Member State's text in the sections the format marks for `usage`,
/// by host, semester, section (format order) and Member State (protocol
/// order, as in the reports).
fn digest(format: &FormatDef, this_year: &[&SemesterReport], usage: AnnualUse) -> Vec<DigestEntry> {
    let sections: Vec<&str> = format
        .sections
        .iter()
        .filter(|s| s.annual == Some(usage))
        .map(|s| s.id.as_str())
        .collect();
    let mut reports = this_year.to_vec();
    reports.sort_by(|a, b| a.host.cmp(&b.host).then(a.semester.cmp(&b.semester)));
    let mut entries = Vec::new();
    for r in reports {
        for section in &sections {
            for c in r.narrative.get(*section).map(Vec::as_slice).unwrap_or_default() {
                entries.push(DigestEntry {
                    host: r.host.clone(),
                    semester: r.semester,
                    section: section.to_string(),
                    member_state: c.member_state.clone(),
                    text: c.text.clone(),
                });
            }
        }
    }
    entries
}
