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

    let mut ilos: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for host in &hosts {
        // The latest semester of the year describes the network as it stands.
        let latest = this_year.iter().filter(|r| r.host == *host).max_by_key(|r| r.semester);
        for p in latest.map(|r| r.composition.as_slice()).unwrap_or_default() {
            *ilos
                .entry(p.item.member_state.clone())
                .or_default()
                .entry(host.to_string())
                .or_default() += p.item.ilos;
        }
    }

    let activity = hosts
        .iter()
        .map(|host| {
            let rs = this_year.iter().filter(|r| r.host == *host);
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
        })
        .collect();

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
    for host in &hosts {
        let indicators: BTreeSet<&str> = this_year
            .iter()
            .filter(|r| r.host == *host)
            .flat_map(|r| r.statistics.iter().map(|t| t.indicator.as_str()))
            .collect();
        for indicator in indicators {
            let h1 = total(host, indicator, &|r| {
                r.semester.year == year && r.semester.half == Half::H1
            });
            let h2 = total(host, indicator, &|r| {
                r.semester.year == year && r.semester.half == Half::H2
            });
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
    AnnualSummary {
        format: reports.first().map(|r| r.format.clone()).unwrap_or_default(),
        year,
        language: language.to_string(),
        coverage,
        ilos,
        activity,
        figures,
        drafters_text,
    }
}
