//! Whose submission a file holds: Member State, host and semester read from
//! its name and folders, and the metadata the file itself gives checked
//! against them and against the reference data.

use super::Key;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::ingest::InputFile;
use crate::model::ReportKey;
use crate::reference::{Lang, Semester, calendar::CALENDAR_RANGE, countries, regions};
use std::path::Path;

/// Member State, host and semester read from a file name such as
/// `FR_MA_2025-H2.xlsx` or `FR_MA_2025-H2_statistics.csv`.
pub fn key_from_file_name(path: &Path) -> (Option<String>, Option<String>, Option<Semester>) {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let tokens: Vec<&str> = stem.split(['_', ' ']).filter(|t| !t.is_empty()).collect();
    let mut ms = None;
    let mut host = None;
    let mut semester = None;
    for token in tokens {
        if semester.is_none()
            && let Ok(s) = token.parse::<Semester>()
        {
            semester = Some(s);
            continue;
        }
        if token.len() == 2 && token.chars().all(|c| c.is_ascii_alphabetic()) {
            let Some(c) = countries::resolve(token) else { continue };
            if ms.is_none() && countries::is_network_state(&c.code) {
                ms = Some(c.code.clone());
            } else if host.is_none() && ms.is_some() {
                host = Some(c.code.clone());
            }
        } else if host.is_none()
            && ms.is_some()
            && let Some(region) = regions::by_id(&token.to_ascii_lowercase())
        {
            host = Some(region.id.clone());
        }
    }
    (ms, host, semester)
}

/// The report a file name names (host and semester; a host is only ever
/// read after a Member State).
pub(super) fn named_report(path: &Path) -> Option<ReportKey> {
    let (_, host, semester) = key_from_file_name(path);
    host.zip(semester).map(|(h, s)| ReportKey::new(&h, s))
}

/// The submission a file that is not a table claims by its path (folders
/// and name, e.g. `NL_MA_2025-H2.docx` or `NL/MA/2025-H2/note.pdf`): the
/// report it concerns.
pub fn claimed_report(display: &str) -> Option<ReportKey> {
    let parts: Vec<&str> = display.split(['/', '\\']).collect();
    let (name, folders) = parts.split_last()?;
    let stem = Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name);
    // Joined with `_` as one name, with an extension of its own, so that a
    // dot in a folder (`2025.12.15/`) is not taken for one.
    let joined = format!("{}_{stem}.claim", folders.join("_"));
    named_report(Path::new(&joined))
}

/// Member State, host and semester cells as written.
pub(super) type RawKey = (Option<String>, Option<String>, Option<String>);

/// The metadata of a submission as found in the file, before checking.
#[derive(Default)]
pub(super) struct RawMeta {
    pub(crate) member_state: Option<(String, Location)>,
    pub(crate) host: Option<(String, Location)>,
    pub(crate) semester: Option<(String, Location)>,
}

impl RawMeta {
    /// The cells as written, to tell rows with the same metadata.
    pub(crate) fn raw_key(&self) -> RawKey {
        let text = |m: &Option<(String, Location)>| m.as_ref().map(|(t, _)| t.clone());
        (text(&self.member_state), text(&self.host), text(&self.semester))
    }
}

/// One field of the key: its name, how its text is read, what it should be.
struct KeyField {
    label: &'static str,
    parse: fn(&str) -> Option<String>,
    expected: &'static str,
}

const MEMBER_STATE: KeyField = KeyField {
    label: "member_state",
    parse: |t| countries::resolve(t).map(|c| c.code.clone()),
    expected: "a Member State code such as FR",
};

const HOST: KeyField = KeyField {
    label: "host",
    parse: regions::resolve_host,
    expected: "a host country code such as MA, or a region id such as west-africa",
};

const SEMESTER: KeyField = KeyField {
    label: "semester",
    parse: |t| t.parse::<Semester>().ok().map(|s| s.to_string()),
    expected: "a semester such as 2025-H2",
};

impl KeyField {
    /// The field's value: the file's (checked against the file name's) or
    /// else the file name's. The value, if any, and whether it is sound.
    fn value(
        &self,
        raw: &Option<(String, Location)>,
        from_name: Option<String>,
        file_at: &Location,
        diags: &mut Vec<Diagnostic>,
    ) -> (Option<String>, bool) {
        let label = self.label;
        let Some((text, at)) = raw else {
            if from_name.is_none() {
                diags.push(
                    Diagnostic::new(Code::MissingMetadata, file_at, format!("the {label} is given neither in the file (Submission sheet or `{label}` column) nor in the file name (e.g. FR_MA_2025-H2.xlsx)"))
                        .expected(self.expected),
                );
            }
            let sound = from_name.is_some();
            return (from_name, sound);
        };
        let Some(value) = (self.parse)(text) else {
            diags.push(
                Diagnostic::new(
                    Code::MissingMetadata,
                    at,
                    format!("the {label} could not be read; write it as in the example"),
                )
                .found(text.clone())
                .expected(self.expected),
            );
            return (None, false);
        };
        match from_name.filter(|n| *n != value) {
            Some(name_value) => {
                diags.push(
                    Diagnostic::new(
                        Code::MetadataConflict,
                        at,
                        format!(
                            "the file name says {name_value} but the file says {value}; correct whichever is wrong"
                        ),
                    )
                    .found(value.clone())
                    .expected(name_value),
                );
                (Some(value), false)
            }
            None => (Some(value), true),
        }
    }
}

/// Checks metadata against the file name and the reference data; a key or
/// the diagnostics why there is none.
pub(super) fn resolve_key(meta: &RawMeta, file: &InputFile, diags: &mut Vec<Diagnostic>) -> Option<Key> {
    let (name_ms, name_host, name_sem) = key_from_file_name(&file.path);
    let file_at = Location::file(&file.display);
    let (ms, ms_ok) = MEMBER_STATE.value(&meta.member_state, name_ms, &file_at, diags);
    let (host, host_ok) = HOST.value(&meta.host, name_host, &file_at, diags);
    let (semester, semester_ok) = SEMESTER.value(&meta.semester, name_sem.map(|s| s.to_string()), &file_at, diags);
    let key = Key {
        member_state: ms?,
        host: host?,
        semester: semester?.parse::<Semester>().ok()?,
    };
    let valid = check_key(&key, meta, &file_at, diags);
    (ms_ok && host_ok && semester_ok && valid).then_some(key)
}

/// Whether the key's Member State, host and semester are allowed together;
/// each that is not is reported at its cell (or the file).
fn check_key(key: &Key, meta: &RawMeta, file_at: &Location, diags: &mut Vec<Diagnostic>) -> bool {
    let Key {
        member_state: ms,
        host,
        semester,
    } = key;
    let at = |raw: &Option<(String, Location)>| raw.as_ref().map_or(file_at.clone(), |(_, l)| l.clone());
    let before = diags.len();
    if !countries::is_network_state(ms) {
        diags.push(
            Diagnostic::new(
                Code::InvalidChoice,
                &at(&meta.member_state),
                "the submitting state must be a Member State or a Schengen associate",
            )
            .found(ms.clone())
            .expected("a Member State code such as FR"),
        );
    } else if !countries::is_network_state_during(ms, semester.start(), semester.end()) {
        diags.push(
            Diagnostic::new(
                Code::InvalidChoice,
                &at(&meta.member_state),
                format!(
                    "{} was not a Member State in {semester} ({}); check the member_state and the semester",
                    countries::name(ms, Lang::En),
                    countries::membership_text(ms)
                ),
            )
            .found(ms.clone())
            .expected(format!("a Member State in {semester}")),
        );
    }
    if !countries::is_eligible_host(host, semester.start()) {
        diags.push(
            Diagnostic::new(
                Code::InvalidChoice,
                &at(&meta.host),
                "the host must be a country outside the EU",
            )
            .found(host.clone())
            .expected("a non-EU country code such as MA"),
        );
    }
    if *semester < CALENDAR_RANGE.0 || *semester > CALENDAR_RANGE.1 {
        diags.push(
            Diagnostic::new(
                Code::InvalidChoice,
                &at(&meta.semester),
                "the Presidency calendar covers 2004-H1 to 2030-H2",
            )
            .found(semester.to_string())
            .expected(format!("a semester from {} to {}", CALENDAR_RANGE.0, CALENDAR_RANGE.1)),
        );
    }
    diags.len() == before
}
