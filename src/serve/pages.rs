//! The pages of the desk and what their forms do. Pages are rendered from
//! `report-templates/web/` (embedded) with the interface's labels; every
//! state-changing request is a POST carrying the CSRF token, and files are
//! addressed by the ids of the listings.

use super::{Shared, builds, guard, inbox};
use crate::diagnostics::{Diagnostic, FileReport, FileStatus, Severity};
use crate::pipeline::{self, Analysis, display_path};
use crate::reference::{Lang, Semester, countries};
use crate::render::style;
use axum::extract::{Form, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Json, Redirect, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

/// The pages, embedded in the binary.
const PAGES: [(&str, &str); 6] = [
    ("layout.html", include_str!("../../report-templates/web/layout.html")),
    ("inbox.html", include_str!("../../report-templates/web/inbox.html")),
    (
        "problems.html",
        include_str!("../../report-templates/web/problems.html"),
    ),
    ("build.html", include_str!("../../report-templates/web/build.html")),
    (
        "templates.html",
        include_str!("../../report-templates/web/templates.html"),
    ),
    (
        "drafting.html",
        include_str!("../../report-templates/web/drafting.html"),
    ),
];

/// The interface's words in en, fr and de.
const LABELS: &str = include_str!("../../report-templates/web/labels.json");

/// The template environment, made once.
fn environment() -> &'static minijinja::Environment<'static> {
    static ENV: OnceLock<minijinja::Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = minijinja::Environment::new();
        for (name, source) in PAGES {
            env.add_template(name, source)
                .expect("the embedded pages are valid templates (tested)");
        }
        env
    })
}

/// The interface's labels in `lang`.
pub(super) fn labels(lang: Lang) -> BTreeMap<String, String> {
    static ALL: OnceLock<BTreeMap<String, BTreeMap<String, String>>> = OnceLock::new();
    let all = ALL.get_or_init(|| serde_json::from_str(LABELS).expect("the embedded labels are valid JSON (tested)"));
    all.iter()
        .map(|(k, v)| {
            let text = v.get(lang.code()).or_else(|| v.get("en")).cloned().unwrap_or_default();
            (k.clone(), text)
        })
        .collect()
}

/// A page: `template` with `data`, the labels, the CSRF token and any
/// notice left by the last form.
pub(super) fn page(app: &Shared, name: &str, template: &str, data: Value) -> Response {
    let mut context = json!({
        "lang": app.options.lang.code(),
        "l": labels(app.options.lang),
        "csrf": app.csrf,
        "page": name,
        "notice": app.take_notice(),
    });
    if let (Some(c), Value::Object(d)) = (context.as_object_mut(), data) {
        c.extend(d);
    }
    match environment()
        .get_template(template)
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&context))))
    {
        Ok(html) => Html(html).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the page could not be made: {e}"),
        )
            .into_response(),
    }
}

/// The inbox read and merged (with the output folder's reading cache),
/// off the server's threads.
pub(super) async fn analyse(app: &Shared) -> Result<Analysis, Response> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || pipeline::analyse_cached(app.format, &app.options.pipeline, &app.options.out))
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| r.map_err(|e| format!("{e:#}")))
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e).into_response())
}

/// The inbox: files grouped by report and Member State, with their status
/// and rows, and who has sent nothing yet.
pub(super) async fn inbox(State(app): State<Shared>) -> Response {
    let analysis = match analyse(&app).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let lang = app.options.lang;
    let inbox_dir = &app.options.inbox;
    // The inbox's files and their readings, by the path diagnostics name.
    let files: BTreeMap<String, inbox::Listed> = inbox::list(inbox_dir)
        .into_iter()
        .map(|f| (display_path(inbox_dir, &inbox_dir.join(&f.path)), f))
        .collect();
    let readings: HashMap<&str, &FileReport> = analysis.validation.files.iter().map(|r| (r.path.as_str(), r)).collect();
    let row = |display: &str, f: &inbox::Listed, ms: &str| {
        let report = readings.get(display);
        let status = match report.map(|r| r.status) {
            Some(FileStatus::Warnings) => "warnings",
            Some(FileStatus::Errors) => "errors",
            Some(FileStatus::Unreadable) => "unreadable",
            _ => "ok",
        };
        let (read, used, rejected) = report.map_or((0, 0, 0), |r| {
            r.tables.iter().fold((0, 0, 0), |(a, b, c), t| {
                (a + t.rows_read, b + t.rows_used, c + t.rows_rejected)
            })
        });
        json!({
            "id": f.id, "path": display, "status": status, "member_state": ms,
            "rows": format!("{read} / {used} / {rejected}"),
        })
    };
    let mut placed = BTreeSet::new();
    let reports: Vec<Value> = analysis
        .reports
        .iter()
        .map(|r| {
            let mut rows = Vec::new();
            for s in analysis
                .submissions
                .iter()
                .filter(|s| s.host == r.host && s.semester == r.semester)
            {
                let mut paths: Vec<&String> = s.files.iter().map(|f| &f.path).collect();
                paths.sort();
                for (display, f) in paths.into_iter().filter_map(|p| files.get_key_value(p)) {
                    placed.insert(display.as_str());
                    rows.push(row(display, f, &countries::name(&s.member_state, lang)));
                }
            }
            json!({
                "title": format!("{} — {}", countries::name(&r.host, lang), style::semester_text(r.semester, lang)),
                "key": r.key().to_string(),
                "drafted": r.drafting_text.is_some(),
                "files": rows,
                "missing": not_sent(&analysis, &r.host, r.semester, lang),
            })
        })
        .collect();
    let others: Vec<Value> = files
        .iter()
        .filter(|(display, _)| !placed.contains(display.as_str()))
        .map(|(display, f)| row(display, f, ""))
        .collect();
    let accept: Vec<String> = inbox::ALLOWED.iter().map(|e| format!(".{e}")).collect();
    page(
        &app,
        "inbox",
        "inbox.html",
        json!({ "reports": reports, "others": others, "accept": accept.join(",") }),
    )
}

/// Member States with ILOs in the host that sent nothing, and those that
/// sent for the host the semester before but not this one.
fn not_sent(analysis: &Analysis, host: &str, semester: Semester, lang: Lang) -> String {
    let previous = semester.previous();
    let sent = |sem: Semester| -> BTreeSet<&String> {
        analysis
            .submissions
            .iter()
            .filter(|s| s.host == host && s.semester == sem)
            .map(|s| &s.member_state)
            .collect()
    };
    let now = sent(semester);
    let mut missing: BTreeSet<&String> = sent(previous).into_iter().filter(|ms| !now.contains(ms)).collect();
    if let Some(r) = analysis
        .reports
        .iter()
        .find(|r| r.host == host && r.semester == semester)
    {
        missing.extend(r.silent_member_states.iter());
    }
    let mut missing: Vec<&String> = missing.into_iter().collect();
    missing.sort_by_key(|ms| countries::protocol_rank(ms));
    missing
        .iter()
        .map(|ms| countries::name(ms, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The problems, filtered by the query's report, member_state, file, code
/// and severity.
pub(super) async fn problems(State(app): State<Shared>, Query(query): Query<BTreeMap<String, String>>) -> Response {
    let analysis = match analyse(&app).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let l = labels(app.options.lang);
    // Each file's Member State (the first submission naming it).
    let mut member_states: HashMap<&str, &str> = HashMap::new();
    for s in &analysis.submissions {
        for f in &s.files {
            member_states.entry(f.path.as_str()).or_insert(s.member_state.as_str());
        }
    }
    let member_state_of = |d: &Diagnostic| {
        member_states
            .get(d.file.as_str())
            .map(|ms| ms.to_string())
            .unwrap_or_default()
    };
    let facets = |d: &Diagnostic| -> [(&'static str, String); 5] {
        [
            ("report", d.report.as_ref().map(|k| k.to_string()).unwrap_or_default()),
            ("member_state", member_state_of(d)),
            ("file", d.file.clone()),
            ("code", d.code.as_str()),
            (
                "severity",
                if d.severity == Severity::Error {
                    "error".into()
                } else {
                    "warning".into()
                },
            ),
        ]
    };
    let chosen = |name: &str| query.get(name).filter(|v| !v.is_empty());
    let mut values: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut shown = Vec::new();
    for d in &analysis.validation.diagnostics {
        let f = facets(d);
        for (name, value) in &f {
            if !value.is_empty() {
                values.entry(name).or_default().insert(value.clone());
            }
        }
        if f.iter().all(|(name, value)| chosen(name).is_none_or(|c| c == value)) {
            shown.push(problem(d, &f[4].1, &l));
        }
    }
    let filters: Vec<Value> = ["report", "member_state", "file", "code", "severity"]
        .iter()
        .map(|name| {
            json!({
                "name": name, "label": l.get(*name).cloned().unwrap_or_else(|| name.to_string()),
                "values": values.get(name).cloned().unwrap_or_default(),
                "chosen": chosen(name).cloned().unwrap_or_default(),
            })
        })
        .collect();
    page(
        &app,
        "problems",
        "problems.html",
        json!({ "problems": shown, "filters": filters }),
    )
}

/// One problem for the page, with the message a secretariat can send.
fn problem(d: &Diagnostic, severity: &str, l: &BTreeMap<String, String>) -> Value {
    let label = |k: &str| l.get(k).cloned().unwrap_or_default();
    let mut at = vec![format!("{}: {}", label("file"), d.file)];
    at.extend(d.sheet.as_ref().map(|s| format!("{}: {s}", label("sheet"))));
    at.extend(d.cell.as_ref().map(|c| format!("{}: {c}", label("cell"))));
    let mut message = format!("{}\n{} [{}]", label("message_intro"), at.join(", "), d.code.as_str());
    message.extend(d.found.as_ref().map(|f| format!("\n{}: {f}", label("found"))));
    message.extend(d.expected.as_ref().map(|e| format!("\n{}: {e}", label("expected"))));
    message.push_str(&format!("\n{}: {}", label("hint"), d.hint));
    json!({
        "severity": severity, "code": d.code.as_str(),
        "report": d.report.as_ref().map(|k| k.to_string()).unwrap_or_default(),
        "file": d.file, "sheet": d.sheet, "cell": d.cell, "found": d.found, "expected": d.expected,
        "hint": d.hint, "message": message,
    })
}

/// The build page: what to build, the last build's status, the outputs;
/// with `?report=MA_2025-H2` (where a one-report build sends it), that
/// report chosen and its PDF shown once no build runs.
pub(super) async fn build(State(app): State<Shared>, Query(query): Query<BTreeMap<String, String>>) -> Response {
    let analysis = match analyse(&app).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let lang = app.options.lang;
    // Each report by its key (MA_2025-H2), named in words.
    let mut reports: Vec<(String, String)> = analysis
        .reports
        .iter()
        .map(|r| {
            let name = format!(
                "{} — {}",
                countries::name(&r.host, lang),
                style::semester_text(r.semester, lang)
            );
            (name, r.key().to_string())
        })
        .collect();
    reports.sort();
    let listed: Vec<inbox::Listed> = inbox::list(&app.options.out)
        .into_iter()
        .filter(|f| OUTPUT_TYPES.iter().any(|(ext, _)| f.path.ends_with(ext)))
        .collect();
    let outputs: Vec<Value> = listed
        .iter()
        .map(|f| json!({ "id": f.id, "path": f.path, "pdf": f.path.ends_with(".pdf") }))
        .collect();
    let status = app.builds.status();
    let status_text = status.outcome.clone().or(status.error.clone()).unwrap_or_default();
    let chosen = query
        .get("report")
        .and_then(|k| k.parse::<crate::model::ReportKey>().ok());
    // The chosen report's PDF (`2025-H2/MA_2025-H2.pdf`), once built.
    let preview = chosen.as_ref().filter(|_| !status.running).and_then(|key| {
        let pdf = format!("{key}.pdf");
        listed
            .iter()
            .find(|f| f.path == pdf || f.path.ends_with(&format!("/{pdf}")))
            .map(|f| f.id.clone())
    });
    page(
        &app,
        "build",
        "build.html",
        json!({
            "reports": reports.iter().map(|(name, key)| json!({
                "key": key, "name": name, "chosen": chosen.as_ref().is_some_and(|c| c == key),
            })).collect::<Vec<_>>(),
            "outputs": outputs, "status_text": status_text, "running": status.running, "preview": preview,
        }),
    )
}

/// The output files served, with their media types.
const OUTPUT_TYPES: [(&str, &str); 6] = [
    (".pdf", "application/pdf"),
    (
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (".json", "application/json"),
    (".html", "text/html; charset=utf-8"),
    (".md", "text/markdown; charset=utf-8"),
];

/// The build form.
#[derive(Deserialize)]
pub(super) struct BuildForm {
    csrf: String,
    /// One report's key (`MA_2025-H2`), or empty for all.
    #[serde(default)]
    report: String,
    #[serde(default)]
    draft: Option<String>,
}

/// Starts a build (all reports or one, draft or not).
pub(super) async fn start_build(
    State(app): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<BuildForm>,
) -> Response {
    if !guard::csrf_ok(&app, &headers, Some(&form.csrf)) {
        return forbidden();
    }
    if form.report.is_empty() {
        start_scoped(&app, None, form.draft.is_some());
        return Redirect::to("/build").into_response();
    }
    let Ok(key) = form.report.parse::<crate::model::ReportKey>() else {
        return (StatusCode::BAD_REQUEST, "not a report such as MA_2025-H2").into_response();
    };
    start_scoped(&app, Some(&key), form.draft.is_some());
    Redirect::to(&format!("/build?report={key}")).into_response()
}

/// Starts a build of every report or of one, as a draft or not; why it
/// cannot start (another build holds the output folder) is left as the
/// notice.
pub(super) fn start_scoped(app: &Shared, report: Option<&crate::model::ReportKey>, draft: bool) {
    let mut options = app.options.pipeline.clone();
    options.draft = draft;
    let mut what = labels(app.options.lang).get("scope_all").cloned().unwrap_or_default();
    if let Some(key) = report {
        let lang = app.options.lang;
        what = format!(
            "{} — {}",
            countries::name(&key.host, lang),
            style::semester_text(key.semester, lang)
        );
        options.hosts = vec![key.host.clone()];
        options.semester = Some(key.semester);
    }
    if options.draft {
        what.push_str(" (draft)");
    }
    if let Err(why) = builds::start(app, options, what) {
        app.set_notice(why);
    }
}

/// The build's status, for the page's script.
pub(super) async fn build_status(State(app): State<Shared>) -> Json<builds::Status> {
    Json(app.builds.status())
}

/// An output file by id: a PDF shown in the page, others downloaded.
pub(super) async fn output(
    State(app): State<Shared>,
    UrlPath(id): UrlPath<String>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let Some((listed, path)) = inbox::find(&app.options.out, &id) else {
        return (StatusCode::NOT_FOUND, "no such document").into_response();
    };
    let Some((_, media)) = OUTPUT_TYPES.iter().find(|(ext, _)| listed.path.ends_with(ext)) else {
        return (StatusCode::NOT_FOUND, "no such document").into_response();
    };
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return (StatusCode::NOT_FOUND, "no such document").into_response();
    };
    let name = listed.path.rsplit('/').next().unwrap_or("document");
    let disposition = if query.contains_key("download") || !listed.path.ends_with(".pdf") {
        format!("attachment; filename=\"{name}\"")
    } else {
        format!("inline; filename=\"{name}\"")
    };
    (
        [
            (header::CONTENT_TYPE, media.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// The page's script and style.
pub(super) async fn asset(UrlPath(name): UrlPath<String>) -> Response {
    match name.as_str() {
        "app.js" => (
            [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
            include_str!("../../report-templates/web/app.js"),
        )
            .into_response(),
        "app.css" => (
            [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
            include_str!("../../report-templates/web/app.css"),
        )
            .into_response(),
        _ => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}

/// The answer to a state-changing request without the CSRF token.
pub(super) fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        "the form is out of date or did not come from this page: reload it",
    )
        .into_response()
}

/// The form to make submission workbooks.
pub(super) async fn templates(State(app): State<Shared>) -> Response {
    let today = chrono::Local::now().date_naive();
    let semester = Semester::of_date(today);
    page(
        &app,
        "templates",
        "templates.html",
        json!({ "semester": semester.to_string() }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_three_languages_and_every_page_renders_in_each() {
        let all: BTreeMap<String, BTreeMap<String, String>> = serde_json::from_str(LABELS).unwrap();
        for (key, texts) in &all {
            for lang in ["en", "fr", "de"] {
                assert!(texts.get(lang).is_some_and(|t| !t.trim().is_empty()), "{key}.{lang}");
            }
        }
        for lang in [Lang::En, Lang::Fr, Lang::De] {
            let context = json!({
                "lang": lang.code(), "l": labels(lang), "csrf": "c", "page": "inbox", "notice": "n",
                "reports": [], "others": [], "accept": ".csv", "problems": [], "filters": [],
                "reports": [], "outputs": [], "status_text": "", "semester": "2025-H2",
                "key": "MA_2025-H2", "title": "Morocco", "file": "inbox/MA_2025-H2.drafting.md",
                "exists": false, "sections": [{"id": "II.3", "title": "t", "field": "section:II.3",
                "contributions": [{"member_state": "France", "text": "x"}], "text": "y"}],
                "summary": "s", "statistics": null, "statistics_field": "section:statistics", "conclusions": "c",
            });
            for (name, _) in PAGES {
                let html = environment()
                    .get_template(name)
                    .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&context))))
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(html.contains(&format!("lang=\"{}\"", lang.code())), "{name}");
            }
        }
    }
}
