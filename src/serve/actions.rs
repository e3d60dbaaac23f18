//! What the inbox's and the workbooks' forms change: uploads (cleaned
//! names, allowed extensions, the size limit, atomic writes), removal to
//! the trash, and workbooks made to download.

use super::pages::{forbidden, labels};
use super::{Shared, guard, inbox};
use crate::reference::{Lang, Semester};
use crate::workbook::{Spec, SubmissionWorkbook, write_network};
use axum::extract::{Form, Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write;

/// Stores the uploaded files in the inbox. The CSRF field comes first in
/// the form; a file of a type not allowed, or larger than the limit, is
/// refused and nothing of it is written.
pub(super) async fn upload(State(app): State<Shared>, headers: HeaderMap, mut form: Multipart) -> Response {
    let mut csrf_seen = guard::csrf_ok(&app, &headers, None);
    let mut stored = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return (e.status(), e.body_text()).into_response(),
        };
        if field.name() == Some("csrf") {
            let value = field.text().await.unwrap_or_default();
            csrf_seen = guard::csrf_ok(&app, &headers, Some(&value));
            continue;
        }
        if !csrf_seen {
            return forbidden();
        }
        let given = field.file_name().unwrap_or_default().to_string();
        if given.is_empty() {
            continue;
        }
        let Some(name) = inbox::clean_name(&given) else {
            let allowed = inbox::ALLOWED.join(", ");
            return (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("{given}: only these kinds of file are accepted: {allowed}"),
            )
                .into_response();
        };
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) => return (e.status(), format!("{given}: {}", e.body_text())).into_response(),
        };
        if bytes.len() as u64 > app.options.max_file_size {
            return too_large(&given, app.options.max_file_size);
        }
        if let Err(e) = inbox::store(&app.options.inbox, &name, &bytes) {
            return (StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")).into_response();
        }
        stored.push(name);
    }
    if !csrf_seen {
        return forbidden();
    }
    app.set_notice(format!("{}: {}", labels_word(&app, "upload"), stored.join(", ")));
    Redirect::to("/").into_response()
}

/// The answer to a file over the size limit.
fn too_large(name: &str, limit: u64) -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("{name} is larger than the limit of {limit} bytes (--max-file-size)"),
    )
        .into_response()
}

/// A word of the interface.
fn labels_word(app: &Shared, key: &str) -> String {
    labels(app.options.lang).remove(key).unwrap_or_else(|| key.to_string())
}

/// The removal form.
#[derive(Deserialize)]
pub(super) struct RemoveForm {
    csrf: String,
    id: String,
}

/// Moves a file of the inbox to its trash.
pub(super) async fn remove(State(app): State<Shared>, headers: HeaderMap, Form(form): Form<RemoveForm>) -> Response {
    if !guard::csrf_ok(&app, &headers, Some(&form.csrf)) {
        return forbidden();
    }
    let Some((listed, path)) = inbox::find(&app.options.inbox, &form.id) else {
        return (StatusCode::NOT_FOUND, "no such file in the inbox").into_response();
    };
    match inbox::remove(&app.options.inbox, &path, &listed.path) {
        Ok(_) => {
            app.set_notice(format!("{}: {}", labels_word(&app, "remove"), listed.path));
            Redirect::to("/").into_response()
        }
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")).into_response(),
    }
}

/// Makes the workbook of one Member State and host, or one per line of an
/// uploaded network file (as a zip), to download.
pub(super) async fn make_template(State(app): State<Shared>, headers: HeaderMap, mut form: Multipart) -> Response {
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    let mut network: Option<Vec<u8>> = None;
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        if name == "network" {
            let bytes = field.bytes().await.unwrap_or_default();
            network = (!bytes.is_empty()).then(|| bytes.to_vec());
        } else {
            fields.insert(name, field.text().await.unwrap_or_default());
        }
    }
    if !guard::csrf_ok(&app, &headers, fields.get("csrf").map(String::as_str)) {
        return forbidden();
    }
    let app2 = app.clone();
    let made = tokio::task::spawn_blocking(move || workbooks(&app2, &fields, network.as_deref())).await;
    match made {
        Ok(Ok((name, media, bytes))) => (
            [
                (header::CONTENT_TYPE, media.to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(why)) => (StatusCode::BAD_REQUEST, why).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// The workbook(s) the form asks for: file name, media type and bytes.
fn workbooks(
    app: &Shared,
    fields: &BTreeMap<String, String>,
    network: Option<&[u8]>,
) -> Result<(String, &'static str, Vec<u8>), String> {
    let field = |k: &str| fields.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let semester: Semester = field("semester")
        .parse()
        .map_err(|_| format!("{:?} is not a semester such as 2025-H2", field("semester")))?;
    let lang = match field("lang").as_str() {
        "fr" => Lang::Fr,
        "de" => Lang::De,
        _ => Lang::En,
    };
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    if let Some(network) = network {
        let list = dir.path().join("network.csv");
        std::fs::write(&list, network).map_err(|e| e.to_string())?;
        let out = dir.path().join("workbooks");
        let written = write_network(app.format, &list, semester, lang, &out).map_err(|e| format!("{e:#}"))?;
        let zipped = zip_files(&written).map_err(|e| format!("{e:#}"))?;
        return Ok((format!("workbooks_{semester}.zip"), "application/zip", zipped));
    }
    let spec = Spec::resolve(&field("member_state"), &field("host"), semester, lang).map_err(|(_, why)| why)?;
    let wb = SubmissionWorkbook::new(app.format, spec);
    let path = dir.path().join(wb.file_name());
    wb.save(&path).map_err(|e| format!("{e:#}"))?;
    let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
    Ok((
        wb.file_name(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    ))
}

/// The files in one zip archive, each under its name.
fn zip_files(files: &[std::path::PathBuf]) -> anyhow::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for f in files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        zip.start_file(name, options)?;
        zip.write_all(&std::fs::read(f)?)?;
    }
    Ok(zip.finish()?.into_inner())
}
