//! The network in each host country: the host's ranked citizenships and
//! host-wide figures, the Member States' leanings, who is present with how
//! many ILOs, and each semester's chair, meetings and figures.

use super::catalogue::HOST_WIDE;
use super::draw::{code_id, figure, noise, normal, seed_of, zipf};
use super::phrases::MEETING_SUBJECTS;
use super::world::Region::{self, *};
use super::world::{BUSY, MAIN_CITIZENSHIPS, NEAREST, SECOND_POSTS, STATES, WORLD, weight};
use crate::reference::Semester;
use chrono::{Duration, NaiveDate};
use std::collections::BTreeSet;

/// A host country and what its authorities see.
pub(super) struct Host {
    pub(super) code: &'static str,
    pub(super) city: &'static str,
    pub(super) busy: bool,
    /// Size of the flows and of the network: 1 for the busiest host.
    pub(super) activity: f64,
    /// Countries of the same region, the larger countries of origin first.
    pub(super) neighbours: Vec<&'static str>,
    /// Citizenships (indices into [`WORLD`]) in the order the host's flows
    /// rank them: the main ones and nationals, the nearest neighbours, then
    /// a long tail.
    pub(super) citizenships: Vec<usize>,
    /// Host-wide figures per citizenship before the semester's variation,
    /// one list per indicator of [`HOST_WIDE`].
    pub(super) host_wide: Vec<Vec<f64>>,
}

/// How many citizenships one Member State reports at most for one
/// indicator in this host.
pub(super) fn breadth(host: &Host) -> f64 {
    if host.busy { 60.0 } else { 3.0 + 60.0 * host.activity }
}

/// How much rarer a region's nationals are among the migrants the networks
/// see than the region's place in [`WORLD`] suggests (a log-rank offset).
fn remoteness(region: Region) -> f64 {
    match region {
        Oceania | NorthAmerica => 1.5,
        Caribbean => 0.5,
        _ => 0.0,
    }
}

/// The first `n` host countries of [`WORLD`], each with its seeded ordering
/// of citizenships and host-wide figures (multiplied by `magnitude`).
pub(super) fn hosts(seed: u64, n: usize, magnitude: f64) -> Vec<Host> {
    WORLD
        .iter()
        .take(n.max(1))
        .enumerate()
        .map(|(h, &(code, city, region))| {
            let mut rng = fastrand::Rng::with_seed(seed_of(&[seed, 1, h as u64]));
            let busy = h < BUSY;
            let activity = if busy {
                0.93f64.powi(h as i32)
            } else {
                0.25 * 0.95f64.powi((h - BUSY) as i32)
            };
            let mut near: Vec<(f64, &str)> = WORLD
                .iter()
                .enumerate()
                .filter(|(_, c)| c.2 == region && c.0 != code)
                .map(|(i, c)| ((i as f64 + 1.0).ln() + 0.5 * normal(&mut rng), c.0))
                .collect();
            near.sort_by(|a, b| a.0.total_cmp(&b.0));
            let neighbours: Vec<&str> = near.into_iter().map(|n| n.1).collect();
            let main = MAIN_CITIZENSHIPS.iter().find(|m| m.0 == code).map_or(&[][..], |m| m.1);
            let mut citizenships: Vec<usize> = Vec::new();
            for c in main.iter().chain([&code]).chain(neighbours.iter().take(NEAREST)) {
                if let Some(i) = WORLD.iter().position(|w| w.0 == *c)
                    && !citizenships.contains(&i)
                {
                    citizenships.push(i);
                }
            }
            let mut tail: Vec<(f64, usize)> = (0..WORLD.len())
                .filter(|i| !citizenships.contains(i))
                .map(|i| {
                    let (_, _, from) = WORLD[i];
                    let nearby = if from == region { 1.0 } else { 0.0 };
                    (
                        (i as f64 + 1.0).ln() + remoteness(from) - nearby + 0.8 * normal(&mut rng),
                        i,
                    )
                })
                .collect();
            tail.sort_by(|a, b| a.0.total_cmp(&b.0));
            citizenships.extend(tail.into_iter().map(|t| t.1));
            citizenships.truncate(if busy { 90 } else { 12 + (100.0 * activity) as usize });
            let host_wide = HOST_WIDE
                .iter()
                .map(|(_, top, _)| {
                    (0..citizenships.len())
                        .map(|rank| top * magnitude * activity * zipf(rank) * noise(&mut rng, 0.4))
                        .collect()
                })
                .collect();
            Host {
                code,
                city,
                busy,
                activity,
                neighbours,
                citizenships,
                host_wide,
            }
        })
        .collect()
}

/// Each Member State's leaning towards each citizenship (indexed like
/// [`WORLD`]): seeded, the same in every host, with the ties of language
/// and history the figures show.
pub(super) fn affinities(seed: u64, states: &[&str]) -> Vec<Vec<f64>> {
    states
        .iter()
        .map(|ms| {
            WORLD
                .iter()
                .map(|(code, _, region)| {
                    let mut rng = fastrand::Rng::with_seed(seed_of(&[seed, 2, code_id(ms), code_id(code)]));
                    let ties = match (*ms, region) {
                        ("ES" | "PT", SouthAmerica | CentralAmerica | Caribbean) => 3.0,
                        ("FR" | "BE" | "LU", NorthAfrica | WestAfrica | CentralAfrica) => 2.0,
                        ("IT" | "MT", NorthAfrica | EastAfrica) => 2.0,
                        ("EL" | "CY" | "BG", MiddleEast | SouthAsia) => 2.0,
                        ("PL" | "LT" | "LV" | "EE" | "FI", EasternEurope | Caucasus | CentralAsia) => 3.0,
                        ("AT" | "HR" | "SI" | "HU", Balkans) => 3.0,
                        _ => 1.0,
                    };
                    ties * noise(&mut rng, 0.7)
                })
                .collect()
        })
        .collect()
}

/// One Member State's place of posting in a host.
pub(super) struct Posting {
    pub(super) member_state: &'static str,
    pub(super) ilos: u64,
    pub(super) place: &'static str,
    pub(super) accredited_to: Vec<&'static str>,
    pub(super) represents: Vec<&'static str>,
}

/// The network in a host: which Member States are present, and their
/// postings. It is the same in both semesters.
pub(super) struct Network {
    pub(super) present: Vec<&'static str>,
    pub(super) postings: Vec<Posting>,
}

/// Chance that a Member State has ILOs in a host: large networks and busy
/// hosts most.
fn presence(ms: &str, host: &Host) -> f64 {
    0.2 + 0.8 * (weight(ms) * (0.5 + 2.0 * host.activity)).min(1.0)
}

/// Draws the network in a host: the Member States present (the first one
/// always), their postings, Art. 5 arrangements and second places of posting.
pub(super) fn network(rng: &mut fastrand::Rng, host: &Host, states: &[&'static str]) -> Network {
    // The largest network taken is always there, so that no host is empty.
    let present: Vec<&'static str> = states
        .iter()
        .enumerate()
        .filter(|(i, ms)| *i == 0 || rng.f64() < presence(ms, host))
        .map(|(_, ms)| *ms)
        .collect();
    let mut postings: Vec<Posting> = present
        .iter()
        .map(|&ms| {
            let most = 1 + (5.0 * weight(ms) * host.activity.sqrt()).round() as u64;
            let accredited_to = if rng.f64() < 0.15 + 0.35 * (1.0 - host.activity) {
                let n = rng.usize(1..=4).min(host.neighbours.len());
                host.neighbours[..n].to_vec()
            } else {
                Vec::new()
            };
            Posting {
                member_state: ms,
                ilos: rng.u64(1..=most),
                place: host.city,
                accredited_to,
                represents: Vec::new(),
            }
        })
        .collect();
    // Art. 5 arrangements: a present Member State looks after an absent one.
    for ms in STATES.iter().filter(|ms| !present.contains(ms)) {
        if rng.f64() < 0.25 {
            let i = rng.usize(0..postings.len());
            postings[i].represents.push(ms);
        }
    }
    if let Some(&(_, place)) = SECOND_POSTS.iter().find(|p| p.0 == host.code) {
        for ms in present.iter().filter(|ms| weight(ms) >= 1.0) {
            if rng.bool() {
                postings.push(Posting {
                    member_state: ms,
                    ilos: rng.u64(1..=2),
                    place,
                    accredited_to: Vec::new(),
                    represents: Vec::new(),
                });
            }
        }
    }
    Network { present, postings }
}

/// A meeting of the network, as every Member State that attended reports it.
pub(super) struct Meeting {
    pub(super) date: NaiveDate,
    pub(super) participants: Vec<&'static str>,
    pub(super) commission: bool,
    pub(super) frontex: bool,
    pub(super) subjects: String,
}

/// One host's semester: who draws up the report, the meetings held and the
/// host-wide figures.
pub(super) struct Period {
    pub(super) semester: Semester,
    /// The Member State that chairs the network and draws up the report.
    pub(super) chair: &'static str,
    /// Whether the chair acts on behalf of the Presidency.
    pub(super) acting: bool,
    pub(super) meetings: Vec<Meeting>,
    /// Host-wide figures per indicator of [`HOST_WIDE`] and citizenship rank.
    pub(super) host_wide: Vec<Vec<u64>>,
}

/// The last day events are dated: before any Member State drafts.
pub(super) fn last_event(semester: Semester) -> NaiveDate {
    semester.end() - Duration::days(26)
}

/// A day from `first` to `last`, both included.
pub(super) fn day_between(rng: &mut fastrand::Rng, first: NaiveDate, last: NaiveDate) -> NaiveDate {
    first + Duration::days(rng.i64(0..=(last - first).num_days()))
}

/// Draws a host's semester: its chair, meetings and host-wide figures.
pub(super) fn period(rng: &mut fastrand::Rng, host: &Host, net: &Network, semester: Semester) -> Period {
    // The Presidency drafts where it is in the network (Denmark never does);
    // otherwise the first present Member State acts on its behalf.
    let presidency = semester.presidency().filter(|p| *p != "DK" && net.present.contains(p));
    let (chair, acting) = match presidency {
        Some(p) => (p, false),
        None => net
            .present
            .iter()
            .find(|ms| **ms != "DK")
            .map_or((net.present[0], false), |ms| (*ms, true)),
    };
    let count = if host.busy { rng.usize(3..=6) } else { rng.usize(1..=3) };
    let dates: BTreeSet<NaiveDate> = (0..count)
        .map(|_| day_between(rng, semester.start() + Duration::days(7), last_event(semester)))
        .collect();
    let meetings = dates
        .into_iter()
        .map(|date| {
            let participants = net
                .present
                .iter()
                .copied()
                .filter(|ms| *ms == chair || rng.f64() < 0.8)
                .collect();
            let mut subjects = MEETING_SUBJECTS.to_vec();
            rng.shuffle(&mut subjects);
            Meeting {
                date,
                participants,
                commission: rng.f64() < 0.3,
                frontex: rng.f64() < 0.4,
                subjects: subjects[..rng.usize(2..=4)].join("; "),
            }
        })
        .collect();
    let host_wide = host
        .host_wide
        .iter()
        .map(|figures| figures.iter().map(|f| figure(f * noise(rng, 0.15))).collect())
        .collect();
    Period {
        semester,
        chair,
        acting,
        meetings,
        host_wide,
    }
}
