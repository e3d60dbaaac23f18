//! One Member State's submission for one host and semester: the rows of
//! each table it sends (statistics are in `statistics`).

use super::catalogue::{DOCUMENT_TYPES, DOCUMENTS_TOP, FRAUD_TYPES};
use super::draw::{figure, noise};
use super::network::{Host, Network, Period, day_between, last_event};
use super::phrases::{SENTENCES, TRAINING_TITLES};
use super::words::Words;
use super::world::Region::*;
use super::world::{STATES, WORLD, weight};
use super::write::table;
use super::{Cell, Table, text};
use crate::reference::{Lang, countries};

/// One Member State's submission for one host and semester.
pub(super) struct Submission<'a> {
    pub(super) ms: &'static str,
    /// The language countries are named in, or `None` for codes.
    pub(super) names: Option<Lang>,
    pub(super) host: &'a Host,
    pub(super) net: &'a Network,
    pub(super) period: &'a Period,
    /// The Member State's leaning towards each citizenship.
    pub(super) affinity: &'a [f64],
    /// The seed of the Member State's habits in this host, the same in
    /// both semesters: which indicators and citizenships it reports.
    pub(super) habits: u64,
    /// What its figures are multiplied by ([`super::Figures`]).
    pub(super) magnitude: f64,
}

impl Submission<'_> {
    /// Every table of the submission, drawn in a fixed order.
    pub(super) fn tables(&self, rng: &mut fastrand::Rng) -> Vec<Table> {
        let training = self.training(rng);
        let narrative = self.narrative(rng);
        // The documents table lists the detections the statistics count.
        let documents = self.documents(rng);
        let statistics = self.statistics(rng, &documents);
        vec![
            table("postings", self.postings()),
            table("meetings", self.meetings()),
            table("training", training),
            table("narrative", narrative),
            table("statistics", statistics),
            table("routes", self.routes(rng)),
            table("documents", documents),
        ]
    }

    /// The citizenship of a rank of the host's list, as this office writes it.
    pub(super) fn citizenship(&self, rank: usize) -> Cell {
        self.country(WORLD[self.host.citizenships[rank]].0)
    }

    /// A country as this office writes it: name or code.
    fn country(&self, code: &str) -> Cell {
        Cell::Text(match self.names {
            Some(lang) => countries::name(code, lang),
            None => code.to_string(),
        })
    }

    /// A list of countries; names only where none of them holds a list
    /// separator.
    fn countries(&self, codes: &[&str]) -> Cell {
        let names: Vec<String> = match self.names {
            Some(lang) => codes.iter().map(|c| countries::name(c, lang)).collect(),
            None => Vec::new(),
        };
        if !names.is_empty() && names.iter().all(|n| !n.contains([',', ';'])) {
            Cell::Text(names.join(", "))
        } else {
            Cell::Text(codes.join(", "))
        }
    }

    /// This Member State's places of posting.
    fn postings(&self) -> Vec<Vec<Cell>> {
        self.net
            .postings
            .iter()
            .filter(|p| p.member_state == self.ms)
            .map(|p| {
                vec![
                    text(self.ms),
                    Cell::Int(p.ilos),
                    text(p.place),
                    self.countries(&p.accredited_to),
                    Cell::Text(p.represents.join(", ")),
                ]
            })
            .collect()
    }

    /// The meetings this Member State attended.
    fn meetings(&self) -> Vec<Vec<Cell>> {
        let yes_no = |b: bool| text(if b { "yes" } else { "no" });
        self.period
            .meetings
            .iter()
            .filter(|m| m.participants.contains(&self.ms))
            .map(|m| {
                vec![
                    Cell::Date(m.date),
                    text(self.period.chair),
                    Cell::Text(m.participants.join(", ")),
                    yes_no(m.commission),
                    yes_no(m.frontex),
                    Cell::Text(m.subjects.clone()),
                ]
            })
            .collect()
    }

    /// Training sessions this Member State organised or took part in.
    fn training(&self, rng: &mut fastrand::Rng) -> Vec<Vec<Cell>> {
        let semester = self.period.semester;
        let count = (2.0 * weight(self.ms) * (0.5 + self.host.activity) * rng.f64()).round() as usize;
        let organisers = [
            format!("Embassy of {}", countries::name(self.ms, Lang::En)),
            "Frontex".to_string(),
            "ILO network".to_string(),
            "EUAA".to_string(),
        ];
        let audiences = ["ilos", "consular-staff", "host-authorities"];
        let mut titles = TRAINING_TITLES.to_vec();
        rng.shuffle(&mut titles);
        titles
            .into_iter()
            .take(count)
            .map(|title| {
                vec![
                    Cell::Date(day_between(rng, semester.start(), last_event(semester))),
                    text(title),
                    text(&organisers[rng.usize(0..organisers.len())]),
                    text(audiences[rng.usize(0..audiences.len())]),
                    Cell::Int(rng.u64(6..=60)),
                ]
            })
            .collect()
    }

    /// Contributions to some sections: three and a half (small networks) to
    /// five (the busiest) per section and report on average, shared out by
    /// the Member States' size.
    fn narrative(&self, rng: &mut fastrand::Rng) -> Vec<Vec<Cell>> {
        let words = Words::new(self);
        let network: f64 = self.net.present.iter().map(|ms| weight(ms)).sum();
        let chance = ((3.5 + 1.5 * self.host.activity) * weight(self.ms) / network).min(0.9);
        let mut rows = Vec::new();
        for (section, sentences) in SENTENCES {
            let optional = if section == "II.9" { 0.6 } else { 1.0 };
            if rng.f64() < chance * optional {
                rows.push(vec![text(section), Cell::Text(words.contribution(rng, sentences))]);
            }
        }
        rows
    }

    /// Routes through the host, with the transit countries and how they
    /// are travelled.
    fn routes(&self, rng: &mut fastrand::Rng) -> Vec<Vec<Cell>> {
        let count = rng.usize(0..=(1.0 + 2.0 * weight(self.ms)).round() as usize);
        let modes: &[&str] = match WORLD.iter().find(|c| c.0 == self.host.code).map(|c| c.2) {
            Some(NorthAfrica | WestAfrica | MiddleEast) => &["sea", "sea", "land", "air"],
            Some(Balkans | EasternEurope | Caucasus | CentralAsia) => &["land", "land", "air"],
            _ => &["air", "air", "land"],
        };
        let trends = ["up", "stable", "down"];
        let hubs = ["TR", "AE", "QA", "ET", "EG", "MA", "RS", "RU"];
        let mut seen: Vec<(&str, &str, &str)> = Vec::new();
        let mut rows = Vec::new();
        for _ in 0..count {
            let top = self.host.citizenships.len().min(8);
            let origin = WORLD[self.host.citizenships[rng.usize(0..top)]].0;
            let mode = modes[rng.usize(0..modes.len())];
            let destination = if rng.f64() < 0.6 {
                self.ms
            } else {
                ["DE", "FR", "IT", "ES", "BE", "NL", "AT", "EL"][rng.usize(0..8)]
            };
            if seen.contains(&(origin, mode, destination)) {
                continue;
            }
            seen.push((origin, mode, destination));
            let mut transit: Vec<&str> = Vec::new();
            if origin != self.host.code {
                transit.push(self.host.code);
            }
            let via = match mode {
                "air" => Some(hubs[rng.usize(0..hubs.len())]),
                "land" => self.host.neighbours.first().copied(),
                _ => None,
            };
            if let Some(via) = via.filter(|v| *v != origin && !transit.contains(v))
                && rng.bool()
            {
                transit.push(via);
            }
            let description = route_description(rng, mode, &transit);
            rows.push(vec![
                self.country(origin),
                self.countries(&transit),
                self.country(destination),
                text(mode),
                text(trends[rng.usize(0..3)]),
                Cell::Text(description),
            ]);
        }
        rows
    }

    /// Fraudulent documents detected, by type, issuer and kind of fraud.
    fn documents(&self, rng: &mut fastrand::Rng) -> Vec<Vec<Cell>> {
        let count = rng.usize(1..=(1.0 + 4.0 * weight(self.ms)).round() as usize);
        let mut seen: Vec<(&str, &str, &str)> = Vec::new();
        let mut rows = Vec::new();
        for _ in 0..count {
            // Types as often as detections have them (passports most).
            let mut pick = rng.f64() * DOCUMENT_TYPES.iter().map(|t| t.1).sum::<f64>();
            let (kind, _, by_member_state) = *DOCUMENT_TYPES
                .iter()
                .find(|t| {
                    pick -= t.1;
                    pick < 0.0
                })
                .unwrap_or(&DOCUMENT_TYPES[0]);
            let issuer = if by_member_state {
                if rng.bool() { self.ms } else { STATES[rng.usize(0..8)] }
            } else if rng.bool() {
                self.host.code
            } else {
                WORLD[self.host.citizenships[rng.usize(0..self.host.citizenships.len().min(10))]].0
            };
            let (fraud, notes) = FRAUD_TYPES[rng.usize(0..FRAUD_TYPES.len())];
            if seen.contains(&(kind, issuer, fraud)) {
                continue;
            }
            seen.push((kind, issuer, fraud));
            let count = figure(DOCUMENTS_TOP * self.magnitude * self.host.activity * weight(self.ms) * noise(rng, 0.5));
            rows.push(vec![
                text(kind),
                self.country(issuer),
                text(fraud),
                Cell::Int(count),
                text(notes[rng.usize(0..notes.len())]),
            ]);
        }
        rows
    }
}

/// How migrants travel a route, in the words of a liaison officer.
fn route_description(rng: &mut fastrand::Rng, mode: &str, transit: &[&str]) -> String {
    let through = transit
        .iter()
        .map(|c| with_article(&countries::name(c, Lang::En)))
        .collect::<Vec<_>>()
        .join(" and ");
    match (mode, through.is_empty()) {
        ("sea", _) => [
            "By fishing boats from the coast, departing at night",
            "By rubber dinghies launched from beaches, 40 to 60 persons each",
            "As stowaways on cargo ships",
        ][rng.usize(0..3)]
        .to_string(),
        ("land", false) => format!(
            "{} {through}{}",
            ["Overland through", "In lorries through", "By car and on foot through"][rng.usize(0..3)],
            [", with guides at each border", ", hidden among goods", ""][rng.usize(0..3)]
        ),
        ("air", false) => format!(
            "Flights via {through} with {}",
            [
                "visas obtained on forged supporting documents",
                "transit visas obtained on forged invitations",
                "impostor passports",
            ][rng.usize(0..3)]
        ),
        _ => [
            "Direct flights on tourist visas, with no intention to return",
            "Overland with the help of local guides",
            "Direct flights with visas obtained on forged supporting documents",
        ][rng.usize(0..3)]
        .to_string(),
    }
}

/// A country's English name as it reads inside a sentence.
pub(super) fn with_article(name: &str) -> String {
    const THE: [&str; 11] = [
        "Democratic Republic",
        "Central African",
        "Dominican",
        "United",
        "Philippines",
        "Solomon",
        "Marshall",
        "Bahamas",
        "Maldives",
        "Comoros",
        "Netherlands",
    ];
    if THE.iter().any(|t| name.starts_with(t)) || name == "Gambia" {
        format!("the {name}")
    } else {
        name.to_string()
    }
}
