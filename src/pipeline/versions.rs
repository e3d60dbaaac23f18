//! The versions of each semester report as transmitted. Every build that is
//! not a draft keeps the report's JSON (the same bytes as
//! `OUT/<semester>/<KEY>.json`) as `OUT/<semester>/versions/<KEY>_rev<N>.json`,
//! N its revision (0 for the original); a rebuild of the same revision
//! replaces it, no run ever removes one. A revision (`--revision N`) is
//! compared with the highest revision kept below N.

use super::outputs::read_report;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::model::{ReportKey, SemesterReport};
use std::collections::BTreeMap;
use std::path::Path;

/// The folder, beside a semester's reports, of the versions kept.
const VERSIONS: &str = "versions";

/// Where the version `revision` of a report is kept, relative to the
/// output folder: `2025-H2/versions/MA_2025-H2_rev0.json`.
pub(super) fn version_output(key: &ReportKey, revision: u32) -> String {
    format!("{}/{VERSIONS}/{key}_rev{revision}.json", key.semester)
}

/// The revisions of a report kept in `out`.
fn kept(out: &Path, key: &ReportKey) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir(out.join(key.semester.to_string()).join(VERSIONS)) else {
        return Vec::new();
    };
    let prefix = format!("{key}_rev");
    entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let n = name.strip_prefix(&prefix)?.strip_suffix(".json")?;
            // `rev1`, not `rev01` or `rev+1`: one file per revision.
            n.parse::<u32>().ok().filter(|r| r.to_string() == n)
        })
        .collect()
}

/// The version each revision among `reports` is compared with: the highest
/// revision of it kept in `out` below its own. A revision with none (or
/// with one that cannot be read) gets a `no-previous-version` warning; its
/// annex then says that the previous version is not available. Originals
/// (revision 0) are compared with nothing.
pub(super) fn previous_versions<'r>(
    out: &Path,
    reports: impl IntoIterator<Item = &'r SemesterReport>,
) -> (BTreeMap<ReportKey, SemesterReport>, Vec<Diagnostic>) {
    let mut found = BTreeMap::new();
    let mut diags = Vec::new();
    for r in reports {
        let (key, revision) = (r.key(), r.council.revision);
        if revision == 0 {
            continue;
        }
        let below = kept(out, &key).into_iter().filter(|n| *n < revision).max();
        let Some(previous) = below else {
            let expected = out.join(version_output(&key, revision - 1));
            diags.push(missing(
                &key,
                format!(
                    "no earlier version of {key} is kept in {}: build the version transmitted before into this output folder first (the same inbox, with --revision {} or, for the original, without --revision), or copy its JSON (the {key}.json built with it) to {}; until then the annex of changes says that the previous version is not available",
                    out.join(key.semester.to_string()).join(VERSIONS).display(),
                    revision - 1,
                    expected.display()
                ),
                format!("no version of {key} below revision {revision}"),
                expected.display().to_string(),
            ));
            continue;
        };
        let path = out.join(version_output(&key, previous));
        match read_report(&path) {
            Ok(report) if report.key() == key => {
                found.insert(key, report);
            }
            Ok(report) => diags.push(missing(
                &key,
                format!(
                    "{} holds the report {}, not {key}: put {key}'s JSON there, or remove the file",
                    path.display(),
                    report.key()
                ),
                report.key().to_string(),
                key.to_string(),
            )),
            Err(e) => diags.push(missing(
                &key,
                format!(
                    "{} cannot be read as a version of {key}: replace it by the JSON ({key}.json) of the version transmitted before",
                    path.display()
                ),
                format!("{e:#}"),
                "a semester report's JSON".to_string(),
            )),
        }
    }
    (found, diags)
}

/// The warning that a revision has no previous version to compare with.
fn missing(key: &ReportKey, hint: String, found: String, expected: String) -> Diagnostic {
    let mut d = Diagnostic::new(Code::NoPreviousVersion, &Location::file(""), hint)
        .found(found)
        .expected(expected);
    d.report = Some(key.clone());
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_named_versions_count() {
        let dir = tempfile::tempdir().unwrap();
        let key: ReportKey = "MA_2025-H2".parse().unwrap();
        let versions = dir.path().join("2025-H2").join(VERSIONS);
        std::fs::create_dir_all(&versions).unwrap();
        for name in [
            "MA_2025-H2_rev0.json",
            "MA_2025-H2_rev2.json",
            "MA_2025-H2_rev01.json",
            "MA_2025-H2_rev3.json.tmp",
            "SN_2025-H2_rev4.json",
            "MA_2025-H2_rev.json",
        ] {
            std::fs::write(versions.join(name), b"{}").unwrap();
        }
        let mut got = kept(dir.path(), &key);
        got.sort_unstable();
        assert_eq!(got, [0, 2]);
        assert_eq!(version_output(&key, 2), "2025-H2/versions/MA_2025-H2_rev2.json");
    }
}
