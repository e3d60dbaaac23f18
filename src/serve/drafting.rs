//! The drafting page of a report: each section's contributions beside a
//! box for the drafting Member State's synthesis of it, and boxes for the
//! executive summary, the statistics and the conclusions. Saving writes the
//! whole drafting file (`MA_2025-H2.drafting.md`, or the one already in the
//! inbox for the report) atomically, the previous version kept in
//! `INBOX/.trash/`; it may then build the report as a draft to preview.

use super::pages::{analyse, forbidden, labels, page, start_scoped};
use super::{Shared, guard, inbox};
use crate::model::{DraftingText, ReportKey, SemesterReport};
use crate::normalise::drafting;
use crate::pipeline::display_path;
use crate::reference::countries;
use crate::render::style;
use axum::extract::{Form, Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The form field of a section's synthesis: `section:II.3`.
const SECTION_FIELD: &str = "section:";

/// The drafting file of a report: where it is (or is to be written) and
/// whether it is there.
struct Target {
    /// The file, inside the inbox.
    full: PathBuf,
    /// Its path as the pages show it (`inbox/MA_2025-H2.drafting.md`).
    shown: String,
    /// Whether it exists.
    exists: bool,
}

/// The drafting file the build reads for `key` (the one in the reports'
/// language, else the one naming none; the last by path when several),
/// else `<KEY>.drafting.md` at the top of the inbox. Only files the inbox's
/// listing shows (no hidden name, no symbolic link) are taken.
fn target(app: &Shared, key: &ReportKey) -> Option<Target> {
    let inbox_dir = &app.options.inbox;
    let lang = app.options.pipeline.report.language.code();
    let listed = inbox::list(inbox_dir);
    let of_lang = |wanted: &str| {
        listed
            .iter()
            .rfind(|f| drafting::drafting_file(Path::new(&f.path)).is_some_and(|(k, l)| k == *key && l == wanted))
    };
    let (full, exists) = match of_lang(lang).or_else(|| of_lang("")) {
        Some(f) => (inbox_dir.join(&f.path), true),
        None => {
            let name = format!("{key}{}.md", drafting::DRAFTING_SUFFIX);
            // A key from the inbox's data; still, only a plain name.
            if inbox::clean_name(&name).as_deref() != Some(name.as_str()) {
                return None;
            }
            (inbox_dir.join(name), false)
        }
    };
    Some(Target {
        shown: display_path(inbox_dir, &full),
        full,
        exists,
    })
}

/// The report of the inbox named by the address and its drafting file, or
/// the answer to give.
async fn report_of(app: &Shared, key: &str) -> Result<(SemesterReport, Target), Response> {
    let not_found = || (StatusCode::NOT_FOUND, "no such report in the inbox").into_response();
    let key: ReportKey = key.parse().map_err(|_| not_found())?;
    let analysis = analyse(app).await?;
    let report = analysis
        .reports
        .into_iter()
        .find(|r| r.key() == key)
        .ok_or_else(not_found)?;
    let target = target(app, &key)
        .ok_or_else(|| (StatusCode::BAD_REQUEST, "this report's key makes no file name").into_response())?;
    Ok((report, target))
}

/// The drafting page of a report.
pub(super) async fn show(State(app): State<Shared>, UrlPath(key): UrlPath<String>) -> Response {
    let (report, target) = match report_of(&app, &key).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let key = report.key();
    let (text, problems) = if target.exists {
        match std::fs::read_to_string(&target.full) {
            Ok(file) => drafting::parse(app.format, &file, &target.shown),
            Err(e) => {
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("cannot read {}: {e}", target.shown),
                )
                    .into_response();
            }
        }
    } else {
        (empty(&target.shown), Vec::new())
    };
    let lang = app.options.lang;
    let sections: Vec<Value> = app
        .format
        .sections
        .iter()
        .map(|s| {
            let contributions: Vec<Value> = report
                .narrative
                .get(&s.id)
                .into_iter()
                .flatten()
                .map(|c| json!({ "member_state": countries::name(&c.member_state, lang), "text": c.text }))
                .collect();
            json!({
                "id": s.id, "title": s.title.get(lang), "field": format!("{SECTION_FIELD}{}", s.id),
                "contributions": contributions, "text": text.sections.get(&s.id),
            })
        })
        .collect();
    let problems: Vec<String> = problems
        .iter()
        .map(|d| {
            let line = d.row.map(|r| r.to_string()).unwrap_or_default();
            let found = d.found.as_deref().filter(|f| !f.is_empty());
            let found = found.map(|f| format!("“{f}”: ")).unwrap_or_default();
            format!("{} {line}: {found}{}", labels_word(&app, "line"), d.hint)
        })
        .collect();
    page(
        &app,
        "drafting",
        "drafting.html",
        json!({
            "key": key.to_string(),
            "title": format!("{} — {}", countries::name(&report.host, lang), style::semester_text(report.semester, lang)),
            "file": target.shown, "exists": target.exists, "problems": problems,
            "summary": text.summary, "sections": sections,
            "statistics": text.sections.get(drafting::STATISTICS),
            "statistics_field": format!("{SECTION_FIELD}{}", drafting::STATISTICS),
            "conclusions": text.conclusions,
        }),
    )
}

/// A drafting text with nothing written.
fn empty(file: &str) -> DraftingText {
    DraftingText {
        file: file.to_string(),
        summary: None,
        sections: BTreeMap::new(),
        conclusions: None,
    }
}

/// A word of the interface.
fn labels_word(app: &Shared, key: &str) -> String {
    labels(app.options.lang).remove(key).unwrap_or_else(|| key.to_string())
}

/// Saves the drafting text the form holds; with `then=build`, then builds
/// the report as a draft and shows it.
pub(super) async fn save(
    State(app): State<Shared>,
    headers: HeaderMap,
    UrlPath(key): UrlPath<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    if !guard::csrf_ok(&app, &headers, field("csrf")) {
        return forbidden();
    }
    // The form's size first, before anything is read or written.
    let limit = app.options.max_file_size;
    if fields.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>() as u64 > limit {
        return too_large(limit);
    }
    let (report, target) = match report_of(&app, &key).await {
        Ok(found) => found,
        Err(answer) => return answer,
    };
    let key = report.key();
    // The parts the form holds: the summary, the conclusions and the
    // format's sections and statistics; any other field is not a part.
    let mut text = empty(&target.shown);
    let given = |name: &str| field(name).filter(|v| !v.trim().is_empty()).map(str::to_string);
    text.summary = given("summary");
    text.conclusions = given("conclusions");
    let ids = app
        .format
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .chain([drafting::STATISTICS]);
    for id in ids {
        if let Some(v) = given(&format!("{SECTION_FIELD}{id}")) {
            text.sections.insert(id.to_string(), v);
        }
    }
    let lang = app.options.pipeline.report.language;
    let file = drafting::serialise(app.format, &key, &text, lang);
    if file.len() as u64 > limit {
        return too_large(limit);
    }
    let notice = match write(&app, &target, &file) {
        Ok(true) => format!("{}: {}", labels_word(&app, "drafting_saved"), target.shown),
        Ok(false) => format!("{}: {}", labels_word(&app, "drafting_unchanged"), target.shown),
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")).into_response(),
    };
    app.set_notice(notice);
    if field("then") == Some("build") {
        start_scoped(&app, Some(&key), true);
        return Redirect::to(&format!("/build?report={key}")).into_response();
    }
    Redirect::to(&format!("/drafting/{key}")).into_response()
}

/// The answer to a drafting text over the size limit.
fn too_large(limit: u64) -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the drafting text is larger than the limit of {limit} bytes (--max-file-size); nothing was written"),
    )
        .into_response()
}

/// Writes the drafting file atomically, the previous version kept in the
/// inbox's trash; whether anything changed (the same text is not written
/// again).
fn write(app: &Shared, target: &Target, file: &str) -> anyhow::Result<bool> {
    if target.exists {
        if std::fs::read(&target.full).is_ok_and(|old| old == file.as_bytes()) {
            return Ok(false);
        }
        let inside = target
            .full
            .strip_prefix(&app.options.inbox)
            .unwrap_or(&target.full)
            .to_string_lossy()
            .replace('\\', "/");
        inbox::keep_previous(&app.options.inbox, &target.full, &inside)?;
    }
    crate::output::write_atomic(&target.full, file.as_bytes())?;
    Ok(true)
}
