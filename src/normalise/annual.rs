//! The Commission's annual summary, built from a year's semester reports
//! (and the previous year's, for the change).

use crate::model::*;
use crate::reference::Half;
use std::collections::{BTreeMap, BTreeSet};

/// Builds the summary of `year` from all semester reports at hand.
pub fn summarise(
    year: i32,
    reports: &[&SemesterReport],
    language: &str,
    drafters_text: Option<String>,
) -> AnnualSummary {
    let this_year: Vec<&SemesterReport> = reports.iter().copied().filter(|r| r.semester.year == year).collect();
    let hosts: BTreeSet<&str> = this_year.iter().map(|r| r.host.as_str()).collect();
    let has = |host: &str, half: Half| this_year.iter().any(|r| r.host == host && r.semester.half == half);
    let coverage = hosts
        .iter()
        .map(|h| Coverage {
            host: h.to_string(),
            h1: has(h, Half::H1),
            h2: has(h, Half::H2),
        })
        .collect();
    AnnualSummary {
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
        for p in latest.map(|r| r.composition.as_slice()).unwrap_or_default() {
            *ilos
                .entry(p.item.member_state.clone())
                .or_default()
                .entry(host.to_string())
                .or_default() += p.item.ilos;
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
                    .map(|t| t.total)
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
