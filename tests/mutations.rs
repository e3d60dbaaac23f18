//! Seeded random mutations of real submission files (bytes flipped,
//! inserted, cut) fed to the readers: every variant is read or diagnosed,
//! none panics. The long coverage-guided runs live in `fuzz/`.

mod common;

use ilo_report::format::FormatDef;
use ilo_report::ingest::{self, FileKind, InputFile, Limits};
use ilo_report::normalise::submission;

fn mutate(rng: &mut fastrand::Rng, bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..rng.usize(1..8) {
        if out.is_empty() {
            break;
        }
        let at = rng.usize(0..out.len());
        match rng.u8(0..5) {
            0 => out[at] = rng.u8(..),
            1 => out.insert(at, *b";,\"\n\r\t0.-#".get(rng.usize(0..11)).unwrap_or(&b'x')),
            2 => out.truncate(at),
            3 => {
                let end = (at + rng.usize(1..64)).min(out.len());
                out.drain(at..end);
            }
            _ => {
                let end = (at + rng.usize(1..32)).min(out.len());
                let chunk = out[at..end].to_vec();
                out.splice(at..at, chunk);
            }
        }
    }
    out
}

#[test]
fn mutated_submissions_never_panic() {
    let format = FormatDef::builtin();
    let limits = Limits::default();
    let mut rng = fastrand::Rng::with_seed(377_2004);
    let samples = ingest::discover(&common::sample_data()).unwrap();
    let mut picked: Vec<_> = Vec::new();
    for ext in ["xlsx", "ods", "csv"] {
        picked.extend(
            samples
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .take(2)
                .cloned(),
        );
    }
    let mut runs = 0;
    for path in picked {
        let bytes = std::fs::read(&path).unwrap();
        for _ in 0..1000 {
            let mutated = mutate(&mut rng, &bytes);
            let file = InputFile {
                path: path.clone(),
                display: path.file_name().unwrap().to_string_lossy().to_string(),
                kind: FileKind::of(&path),
                sha256: ingest::sha256_hex(&mutated),
                bytes: mutated,
            };
            let result = std::panic::catch_unwind(|| match ingest::read_grids(&file, &limits) {
                Ok(grids) => {
                    let o = submission::read_file(format, &file, &grids);
                    for t in &o.report.tables {
                        assert_eq!(t.rows_read, t.rows_used + t.rows_rejected);
                    }
                }
                Err(d) => assert!(!d.hint.is_empty()),
            });
            if result.is_err() {
                let keep = std::env::temp_dir().join(format!("ilo-report-crash-{runs}-{}", file.display));
                std::fs::write(&keep, &file.bytes).ok();
                panic!("a mutation of {} panicked; kept as {}", path.display(), keep.display());
            }
            runs += 1;
        }
    }
    assert!(runs >= 6000);
}
