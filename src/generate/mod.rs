//! A synthetic inbox: submissions from many Member States for many host
//! countries, shaped like the real network. Busy hosts come first and have
//! most Member States present; each Member State reports its own long-tailed
//! set of citizenships per indicator, with figures up to seven digits;
//! host-wide figures are drawn once per host and sent identically by every
//! Member State that reports them; narrative contributions run to 100–600
//! words. Files come in the mix of formats and national habits real offices
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

/// Writes the inbox; returns the number of files written.
pub fn generate(spec: &Spec, out: &Path) -> Result<usize> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let states: Vec<&'static str> = STATES
        .iter()
        .take(spec.member_states.clamp(1, STATES.len()))
        .copied()
        .collect();
    let affinity = affinities(spec.seed, &states);
    let mut files = 0;
    for (h, host) in hosts(spec.seed, spec.hosts).iter().enumerate() {
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
                };
                let tables = writer.tables(&mut rng);
                let acting = period.acting && period.chair == *ms;
                files += write_submission(out, ms, host.code, semester, &tables, acting)?;
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

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
