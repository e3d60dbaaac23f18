//! The statistics a Member State sends: which citizenships it reports per
//! indicator (its habit, the same in both semesters), its figures, refusal
//! grounds with or without the persons refused, returns that follow the
//! orders to leave, the documents its documents table lists, and total rows.

use super::catalogue::{BY_CITIZENSHIP, DOCUMENT_TYPES, HOST_WIDE, READMISSION_TOP, REFUSAL_GROUNDS};
use super::draw::{figure, noise, zipf};
use super::network::breadth;
use super::submission::{Submission, with_article};
use super::world::weight;
use super::{Cell, text};
use crate::reference::{Lang, countries};
use std::collections::BTreeMap;

impl Submission<'_> {
    /// The Member State's habits in this host: a generator seeded the same
    /// in both semesters, so that it reports the same indicators and
    /// citizenships in each.
    fn habits(&self) -> fastrand::Rng {
        fastrand::Rng::with_seed(self.habits)
    }

    /// The citizenships (ranks in the host's ordering) this Member State
    /// reports for one indicator: a long-tailed number of them, drawn by
    /// rank and by the Member State's leaning, in rank order.
    fn reported(&self, habits: &mut fastrand::Rng, share: f64) -> Vec<usize> {
        let most = breadth(self.host);
        let mean = most * weight(self.ms) * share * 0.35;
        let n = ((2.0 - mean * (1.0 - habits.f64()).ln()).min(most) as usize).min(self.host.citizenships.len());
        // Weighted sampling without replacement (Efraimidis–Spirakis keys).
        let mut keyed: Vec<(f64, usize)> = self
            .host
            .citizenships
            .iter()
            .enumerate()
            .map(|(rank, &c)| {
                let w = zipf(rank).powf(0.8) * self.affinity[c];
                ((1.0 - habits.f64()).ln() / w, rank)
            })
            .collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut ranks: Vec<usize> = keyed.into_iter().take(n).map(|k| k.1).collect();
        ranks.sort_unstable();
        ranks
    }

    /// The statistics table: host-wide figures, figures per citizenship,
    /// fraudulent documents (those its documents table lists) and
    /// readmission requests.
    pub(super) fn statistics(&self, rng: &mut fastrand::Rng, documents: &[Vec<Cell>]) -> Vec<Vec<Cell>> {
        let mut habits = self.habits();
        let w = weight(self.ms);
        let scale = self.host.activity * w * self.magnitude;
        let mut rows = self.host_wide(&mut habits);
        rows.extend(self.by_citizenship(rng, &mut habits));
        if habits.f64() < 0.55 + 0.4 * w {
            // By document type, the detections the documents table lists.
            let mut by_type: BTreeMap<&str, u64> = BTreeMap::new();
            for row in documents {
                if let [Cell::Text(kind), _, _, Cell::Int(count), ..] = row.as_slice() {
                    *by_type.entry(kind.as_str()).or_default() += count;
                }
            }
            for (kind, _, _) in DOCUMENT_TYPES {
                if let Some(n) = by_type.get(kind) {
                    rows.push(row("fraudulent-documents-detected", None, kind, *n, ""));
                }
            }
        }
        if habits.f64() < 0.4 + 0.5 * w {
            let submitted = figure(READMISSION_TOP * scale * noise(rng, 0.3));
            let accepted = (submitted as f64 * (0.3 + 0.65 * rng.f64())) as u64;
            rows.push(row("readmission-requests", None, "submitted", submitted, ""));
            rows.push(row("readmission-requests", None, "accepted", accepted, ""));
        }
        rows
    }

    /// The host's own figures, the same from every Member State, for the
    /// citizenships this one reports.
    fn host_wide(&self, habits: &mut fastrand::Rng) -> Vec<Vec<Cell>> {
        let host_source = format!(
            "Ministry of the Interior of {}",
            with_article(&countries::name(self.host.code, Lang::En))
        );
        let mut rows = Vec::new();
        for (k, (id, _, share)) in HOST_WIDE.iter().enumerate() {
            if habits.f64() < 0.3 + 0.5 * weight(self.ms) {
                for rank in self.reported(habits, *share) {
                    rows.push(row(
                        id,
                        Some(self.citizenship(rank)),
                        "",
                        self.period.host_wide[k][rank],
                        &host_source,
                    ));
                }
            }
        }
        rows
    }

    /// This Member State's figures per citizenship: refusals split by
    /// ground (with the persons refused, counted once, where the office
    /// counts them), returns into forced and voluntary — a share of the
    /// orders to leave where it reports both — with a total row where the
    /// office adds one.
    fn by_citizenship(&self, rng: &mut fastrand::Rng, habits: &mut fastrand::Rng) -> Vec<Vec<Cell>> {
        let w = weight(self.ms);
        let scale = self.host.activity * w * self.magnitude;
        // Offices that add a total row below their figures, in their words
        // (a check the reader must never add to them).
        let total_word = match (self.names, self.ms) {
            (Some(Lang::De), _) => Some("Insgesamt"),
            (Some(Lang::Fr), _) => Some("Total général"),
            (_, "PL" | "IE" | "NL") => Some("Total"),
            _ => None,
        };
        // Half the offices count the persons refused as well as the grounds.
        let persons_refused = habits.bool();
        let mut ordered: BTreeMap<usize, u64> = BTreeMap::new();
        let mut rows = Vec::new();
        for (id, top, share) in BY_CITIZENSHIP {
            if habits.f64() >= 0.55 + 0.4 * w {
                continue;
            }
            // Returns follow the orders to leave, where both are sent.
            let follows_orders = id == "effective-returns" && !ordered.is_empty();
            let ranks: Vec<usize> = if follows_orders {
                ordered.keys().copied().filter(|_| habits.f64() < 0.7).collect()
            } else {
                self.reported(habits, share)
            };
            let mut sum = 0;
            for rank in ranks {
                let c = self.host.citizenships[rank];
                let total = match ordered.get(&rank) {
                    Some(orders) if follows_orders => figure(*orders as f64 * (0.1 + 0.4 * rng.f64())),
                    _ => figure(top * scale * zipf(rank) * self.affinity[c].sqrt() * noise(rng, 0.35)),
                };
                let who = || Some(self.citizenship(rank));
                match id {
                    "refusals-of-entry" => {
                        for (ground, n) in refusal_grounds(rng, total) {
                            rows.push(row(id, who(), ground, n, ""));
                        }
                        if persons_refused {
                            rows.push(row(id, who(), "", total, ""));
                        }
                    }
                    "effective-returns" => {
                        let total = total.max(2);
                        let forced = figure(total as f64 * (0.3 + 0.5 * rng.f64())).min(total - 1);
                        rows.push(row(id, who(), "forced", forced, ""));
                        rows.push(row(id, who(), "voluntary", total - forced, ""));
                        sum += total;
                    }
                    _ => {
                        if id == "return-decisions" {
                            ordered.insert(rank, total);
                        }
                        rows.push(row(id, who(), "", total, ""));
                        sum += total;
                    }
                }
            }
            // Refusal grounds count a person under each ground: no total.
            if let Some(word) = total_word.filter(|_| id != "refusals-of-entry" && sum > 0) {
                rows.push(row(id, Some(text(word)), "", sum, ""));
            }
        }
        rows
    }
}

/// A row of the statistics table; the unit follows from the indicator.
fn row(indicator: &str, citizenship: Option<Cell>, breakdown: &str, value: u64, source: &str) -> Vec<Cell> {
    let unit = if matches!(indicator, "fraudulent-documents-detected" | "readmission-requests") {
        "events"
    } else {
        "persons"
    };
    vec![
        text(indicator),
        citizenship.unwrap_or_else(|| text("")),
        text(breakdown),
        Cell::Int(value),
        text(unit),
        text(source),
    ]
}

/// Splits a number of refused persons over several grounds: each ground
/// counts at most the persons refused.
fn refusal_grounds(rng: &mut fastrand::Rng, total: u64) -> Vec<(&'static str, u64)> {
    let most = (1 + total.ilog10() as usize).clamp(1, 5);
    let n = rng.usize(1..=most).min(total as usize);
    let mut grounds: Vec<(f64, &str, f64)> = REFUSAL_GROUNDS
        .iter()
        .map(|&(g, w)| ((1.0 - rng.f64()).ln() / w, g, w * (0.5 + rng.f64())))
        .collect();
    grounds.sort_by(|a, b| b.0.total_cmp(&a.0));
    grounds.truncate(n);
    grounds.sort_by_key(|g| g.1);
    let sum: f64 = grounds.iter().map(|g| g.2).sum();
    let spread = total - n as u64;
    grounds
        .iter()
        .map(|&(_, g, w)| (g, 1 + (spread as f64 * w / sum) as u64))
        .collect()
}
