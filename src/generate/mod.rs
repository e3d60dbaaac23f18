//! A synthetic inbox: submissions from many Member States for many host
//! countries, shaped like the real network. Busy hosts come first and have
//! most Member States present; each Member State reports its own long-tailed
//! set of citizenships per indicator, the same set in both semesters, with
//! figures of the Union's orders of magnitude (Eurostat: some 920 000
//! persons found illegally present, 130 000 refused entry, 480 000 ordered
//! to leave and 110 000 returned a year, shared out over the hosts) —
//! [`Figures::WorstCase`] multiplies them into six and seven digits for
//! layout trials; host-wide figures are drawn once per host and sent
//! identically by every Member State that reports them; the documents
//! table lists the detections the statistics count; narrative
//! contributions run to 100–600 words. Files come in the mix of formats and national habits real offices
//! send (xlsx in English or German, ods in French, CSV with `,` or with `;`,
//! French headers and grouped digits). Seeded and reproducible: the same seed
//! gives the same bytes. It feeds the scale tests and the benchmarks.
//!
//! The world drawn from (`world`), the text snippets (`phrases`) and the
//! tables' contents and headers (`catalogue`) are data; `network` draws each
//! host's network and semesters, `submission`, `statistics` and `words` the
//! rows a Member State sends, and `write` and `ods` the files.

mod catalogue;
mod draw;
mod network;
mod ods;
mod phrases;
mod statistics;
mod submission;
mod words;
mod world;
mod write;

use crate::reference::{Half, Semester};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use draw::seed_of;
use network::{affinities, hosts, network, period};
use std::path::Path;
use submission::Submission;
use world::STATES;
use write::{habit, write_submission};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub member_states: usize,
    pub hosts: usize,
    pub year: i32,
    pub seed: u64,
}

/// How large the generated figures are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Figures {
    /// Of the orders of magnitude Eurostat and Frontex give for the Union,
    /// shared out over the hosts: every plausibility check of the format
    /// passes.
    #[default]
    Plausible,
    /// The same figures multiplied into six and seven digits, for trials
    /// of the layout (they break the plausibility bounds on purpose).
    WorstCase,
}

impl Figures {
    /// What every figure is multiplied by.
    fn magnitude(self) -> f64 {
        match self {
            Figures::Plausible => 1.0,
            Figures::WorstCase => 40.0,
        }
    }
}

/// A cell of a generated table.
#[derive(Clone)]
enum Cell {
    Text(String),
    Int(u64),
    Date(NaiveDate),
}

/// A text cell.
fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// A generated table: its id, headers and rows.
struct Table {
    id: &'static str,
    headers: [&'static [&'static str]; 3], // English, German, French
    rows: Vec<Vec<Cell>>,
}

/// Writes the inbox, with plausible figures; returns the number of files
/// written.
pub fn generate(spec: &Spec, out: &Path) -> Result<usize> {
    generate_with(spec, Figures::Plausible, out)
}

/// Writes the inbox with figures of the size `figures` says; returns the
/// number of files written.
pub fn generate_with(spec: &Spec, figures: Figures, out: &Path) -> Result<usize> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut files = 0;
    each_submission(spec, figures, |ms, host, semester, tables, acting| {
        files += write_submission(out, ms, host, semester, tables, acting)?;
        Ok(())
    })?;
    Ok(files)
}

/// Draws every submission of the inbox in order and hands each to `f`:
/// its Member State, host, semester, tables and whether it acts on the
/// Presidency's behalf.
fn each_submission(
    spec: &Spec,
    figures: Figures,
    mut f: impl FnMut(&str, &str, Semester, &[Table], bool) -> Result<()>,
) -> Result<()> {
    let states: Vec<&'static str> = STATES
        .iter()
        .take(spec.member_states.clamp(1, STATES.len()))
        .copied()
        .collect();
    let affinity = affinities(spec.seed, &states);
    for (h, host) in hosts(spec.seed, spec.hosts, figures.magnitude()).iter().enumerate() {
        let mut rng = fastrand::Rng::with_seed(seed_of(&[spec.seed, 3, h as u64]));
        let net = network(&mut rng, host, &states);
        for half in [Half::H1, Half::H2] {
            let semester = Semester::new(spec.year, half);
            let period = period(&mut rng, host, &net, semester);
            for (i, ms) in states.iter().enumerate().filter(|(_, ms)| net.present.contains(ms)) {
                let mut rng = fastrand::Rng::with_seed(seed_of(&[spec.seed, 4, h as u64, half as u64, i as u64]));
                let writer = Submission {
                    ms,
                    names: habit(ms).names(),
                    host,
                    net: &net,
                    period: &period,
                    affinity: &affinity[i],
                    habits: seed_of(&[spec.seed, 5, h as u64, i as u64]),
                    magnitude: figures.magnitude(),
                };
                let tables = writer.tables(&mut rng);
                let acting = period.acting && period.chair == *ms;
                f(ms, host.code, semester, &tables, acting)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The whole network's figures of a year, per indicator (grounds of
    /// refusal apart: they are not persons), and the largest figure any
    /// Member State sent for one host in a semester.
    fn network_year(figures: Figures) -> (BTreeMap<String, u64>, BTreeMap<String, u64>) {
        let spec = Spec {
            member_states: 27,
            hosts: 100,
            year: 2025,
            seed: 1,
        };
        let mut sums: BTreeMap<String, u64> = BTreeMap::new();
        let mut largest: BTreeMap<String, u64> = BTreeMap::new();
        each_submission(&spec, figures, |_, _, _, tables, _| {
            let mut own: BTreeMap<String, u64> = BTreeMap::new();
            let statistics = tables
                .iter()
                .find(|t| t.id == "statistics")
                .expect("a statistics table");
            for row in &statistics.rows {
                let [
                    Cell::Text(id),
                    Cell::Text(citizenship),
                    Cell::Text(breakdown),
                    Cell::Int(n),
                    ..,
                ] = row.as_slice()
                else {
                    panic!("a statistics row")
                };
                let total_row = ["Total", "Insgesamt", "Total général"].contains(&citizenship.as_str());
                let counted = match id.as_str() {
                    "refusals-of-entry" => breakdown.is_empty(),
                    "readmission-requests" => breakdown == "submitted",
                    _ => true,
                };
                if counted && !total_row {
                    *own.entry(id.clone()).or_default() += n;
                }
            }
            for (id, n) in own {
                *sums.entry(id.clone()).or_default() += n;
                let max = largest.entry(id).or_default();
                *max = (*max).max(n);
            }
            Ok(())
        })
        .expect("the generator draws");
        (sums, largest)
    }

    #[test]
    fn default_figures_have_the_unions_orders_of_magnitude() {
        let (sums, largest) = network_year(Figures::Plausible);
        // Per year in the whole network (both semesters, every host), with
        // Eurostat's and Frontex's yearly figures for the Union in view.
        let expected: [(&str, u64, u64); 6] = [
            ("illegal-stay-detections", 400_000, 2_000_000),  // 918 925 in 2024
            ("return-decisions", 200_000, 1_000_000),         // about 480 000
            ("effective-returns", 40_000, 250_000),           // about 110 000
            ("refusals-of-entry", 20_000, 300_000),           // 120 000–150 000 (persons, where sent)
            ("fraudulent-documents-detected", 3_000, 40_000), // some ten thousand
            ("boarding-denied-on-advice", 2_000, 60_000),
        ];
        for (id, low, high) in expected {
            let sum = sums[id];
            assert!((low..=high).contains(&sum), "{id}: {sum} a year, not {low}–{high}");
        }
        // No figure of one Member State (or host) breaks the format's bounds.
        let format = crate::format::FormatDef::builtin();
        for b in &format.plausibility.bounds {
            let n = largest.get(&b.indicator).copied().unwrap_or(0);
            assert!(n <= b.max, "{}: {n} above {}", b.indicator, b.max);
        }
        // The worst case has the figures the layout must hold.
        let (_, worst) = network_year(Figures::WorstCase);
        assert!(worst["host-apprehensions"] >= 1_000_000, "{worst:?}");
    }

    #[test]
    fn the_same_seed_writes_the_same_bytes() {
        let spec = Spec {
            member_states: 27,
            hosts: 2,
            year: 2025,
            seed: 3,
        };
        let dirs = [
            tempfile::tempdir().expect("a folder"),
            tempfile::tempdir().expect("a folder"),
        ];
        let counts = dirs
            .each_ref()
            .map(|d| generate(&spec, d.path()).expect("the generator runs"));
        assert_eq!(counts[0], counts[1]);
        let mut names: Vec<_> = std::fs::read_dir(dirs[0].path())
            .expect("listing")
            .map(|e| e.expect("an entry").file_name())
            .collect();
        names.sort();
        assert_eq!(names.len(), counts[0]);
        for name in names {
            let read = |d: &tempfile::TempDir| std::fs::read(d.path().join(&name)).expect("the file");
            assert!(read(&dirs[0]) == read(&dirs[1]), "{name:?} differs");
        }
    }
}
