//! `ilo-report serve`, driven over HTTP as a browser would: the server is
//! started on a free port, files are uploaded through its form (a real
//! workbook with a bad cell, a CSV file), listed, validated, built, the PDF
//! downloaded and read, a file removed to the trash; and what it must
//! refuse is refused: no token, no CSRF token, a path from the client, a
//! file too large or of the wrong kind, a public address without a token.

mod common;

use common::*;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    base: String,
    token: String,
    agent: ureq::Agent,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, headers we look at, body.
struct Answer {
    status: u16,
    location: Option<String>,
    cookie: Option<String>,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }
}

impl Server {
    /// Starts `serve` on a free port over `inbox`, writing to `out`.
    fn start(inbox: &Path, out: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ilo-report"))
            .args([
                "serve",
                inbox.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--port",
                "0",
            ])
            .args(extra)
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .last()
            .expect("the address is printed")
            .to_string();
        let (base, token) = url.split_once("/?token=").expect("the address holds the token");
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Server {
            child,
            base: base.to_string(),
            token: token.to_string(),
            agent,
        }
    }

    /// Sends a request with the access token (unless `anonymous`).
    fn send(&self, method: &str, path: &str, content_type: Option<&str>, body: &[u8], anonymous: bool) -> Answer {
        let url = format!("{}{path}", self.base);
        let mut request = ureq::http::Request::builder().method(method).uri(&url);
        if !anonymous {
            request = request.header("Authorization", format!("Bearer {}", self.token));
        }
        if let Some(t) = content_type {
            request = request.header("Content-Type", t);
        }
        let request = request.body(body.to_vec()).unwrap();
        let mut response = self.agent.run(request).expect("the server answers");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let (location, cookie) = (header("location"), header("set-cookie"));
        Answer {
            status: response.status().as_u16(),
            location,
            cookie,
            body: response.body_mut().read_to_vec().unwrap(),
        }
    }

    fn get(&self, path: &str) -> Answer {
        self.send("GET", path, None, &[], false)
    }

    /// The CSRF token of the pages.
    fn csrf(&self) -> String {
        let page = self.get("/").text();
        let start = page.find("data-csrf=\"").expect("the page carries the CSRF token") + 11;
        page[start..start + 32].to_string()
    }

    /// Posts a form (url-encoded pairs).
    fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> Answer {
        let body: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", url_encoded(k), url_encoded(v)))
            .collect();
        self.send(
            "POST",
            path,
            Some("application/x-www-form-urlencoded"),
            body.join("&").as_bytes(),
            false,
        )
    }

    /// Uploads files through the inbox's form: the CSRF field (when
    /// given) first, then each file.
    fn upload(&self, csrf: Option<&str>, files: &[(&str, Vec<u8>)]) -> Answer {
        let fields: Vec<(&str, &str)> = csrf.map(|c| ("csrf", c)).into_iter().collect();
        let files: Vec<(&str, &str, &[u8])> = files.iter().map(|(n, b)| ("file", *n, b.as_slice())).collect();
        self.post_multipart("/upload", &fields, &files)
    }

    /// Posts the workbooks' form: its fields and, when given, a network
    /// file.
    fn send_template(&self, csrf: &str, fields: &[(&str, &str)], network: Option<&[u8]>) -> Answer {
        let mut all = vec![("csrf", csrf)];
        all.extend_from_slice(fields);
        let files: Vec<(&str, &str, &[u8])> = network.map(|n| ("network", "network.csv", n)).into_iter().collect();
        self.post_multipart("/templates", &all, &files)
    }

    /// Posts a multipart form: text fields first, then files (field name,
    /// file name, bytes), as a browser sends them.
    fn post_multipart(&self, path: &str, fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Answer {
        let boundary = "----ilo-report-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (field, name, bytes) in files {
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend(*bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.send("POST", path, Some(&content_type), &body, false)
    }
}

/// A form value as a browser sends it (`application/x-www-form-urlencoded`).
fn url_encoded(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A text as the pages show it (minijinja's HTML escaping).
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

/// France's workbook for Morocco 2025-H2 with a bad count at Postings!B3.
fn french_workbook(dir: &Path) -> Vec<u8> {
    let path = dir.join("FR_MA_2025-H2.xlsx");
    xlsx(
        &path,
        &[
            submission_sheet("FR", "MA", "2025-H2", &[("acting_for_presidency", "yes")]),
            (
                "Postings",
                vec![
                    header(&["member_state", "ilos", "posted_at"]),
                    vec![T("FR"), N(2.0), T("Rabat")],
                    vec![T("FR"), T("three"), T("Casablanca")],
                ],
            ),
            (
                "Narrative",
                vec![
                    header(&["section", "text"]),
                    vec![T("II.3"), T("Forged visas travel through Casablanca.")],
                ],
            ),
        ],
    );
    std::fs::read(path).unwrap()
}

/// The id of a file in a page's listing (the value of the form next to
/// its name).
fn id_near(page: &str, name: &str) -> String {
    let at = page.find(name).unwrap_or_else(|| panic!("{name} not listed in {page}"));
    let rest = &page[at..];
    let start = rest.find("name=\"id\" value=\"").expect("a removal form") + 17;
    rest[start..start + 16].to_string()
}

/// Waits for the build started from the page to end; its status.
fn wait_for_build(server: &Server) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let status: serde_json::Value = serde_json::from_slice(&server.get("/build/status").body).unwrap();
        if status["running"] == false && (status["outcome"].is_string() || status["error"].is_string()) {
            return status;
        }
        assert!(Instant::now() < deadline, "the build ends: {status}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn the_desk_uploads_lists_validates_builds_serves_the_pdf_and_removes_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&inbox).unwrap();
    let server = Server::start(&inbox, &out, &[]);

    // The token: refused without, kept in a cookie after the first visit.
    assert_eq!(server.send("GET", "/", None, &[], true).status, 401);
    let first = server.send("GET", &format!("/?token={}", server.token), None, &[], true);
    assert_eq!((first.status, first.location.as_deref()), (303, Some("/")));
    let cookie = first.cookie.expect("a cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );

    let csrf = server.csrf();
    let csv = b"member_state,ilos,posted_at\nDE,3,Rabat\n".to_vec();
    let answer = server.upload(
        Some(&csrf),
        &[
            ("FR_MA_2025-H2.xlsx", french_workbook(dir.path())),
            ("DE_MA_2025-H2_postings.csv", csv),
        ],
    );
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert!(inbox.join("FR_MA_2025-H2.xlsx").is_file() && inbox.join("DE_MA_2025-H2_postings.csv").is_file());

    // The inbox groups them by report and Member State, with the rows.
    let page = server.get("/").text();
    assert!(page.contains("Morocco — second semester 2025"), "{page}");
    assert!(page.contains("France") && page.contains("Germany"), "{page}");
    assert!(page.contains("status errors"), "the French file has an error: {page}");
    assert!(
        page.contains("1 &#x2f; 1 &#x2f; 0"),
        "Germany's row read and used: {page}"
    );

    // The problem with its cell, and the message to send.
    let problems = server.get("/problems?member_state=FR").text();
    assert!(problems.contains("<td class=\"cell\">B3</td>"), "{problems}");
    assert!(problems.contains("invalid-number"), "{problems}");
    assert!(problems.contains("Dear colleagues"), "{problems}");
    let none = server.get("/problems?member_state=DE").text();
    assert!(
        !none.contains("<td class=\"cell\">B3</td>"),
        "the filter keeps Germany's only"
    );

    // A draft build, followed to its end; the PDF served and read.
    let answer = server.post_form("/build", &[("csrf", &csrf), ("draft", "yes")]);
    assert_eq!(answer.status, 303);
    let status = wait_for_build(&server);
    assert!(
        status["outcome"].as_str().unwrap_or_default().contains("typeset"),
        "{status}"
    );
    let page = server.get("/build").text();
    let pdf_id = {
        let at = page.find("MA_2025-H2.pdf").expect("the report is listed");
        let rest = &page[at..];
        let start = rest.find("/outputs/").unwrap() + 9;
        rest[start..start + 16].to_string()
    };
    let pdf = server.get(&format!("/outputs/{pdf_id}"));
    assert_eq!(pdf.status, 200);
    let saved = dir.path().join("served.pdf");
    std::fs::write(&saved, &pdf.body).unwrap();
    let text = pdf_text(&saved);
    assert!(
        text.contains("DRAFT — not for transmission") && text.contains("Morocco"),
        "{text}"
    );
    assert!(text.contains("Forged visas travel through Casablanca."), "{text}");

    // One build at a time: while another run holds the output folder, a
    // build request is told who holds it.
    {
        let _held = ilo_report::pipeline::lock_output(&out, Duration::ZERO).unwrap();
        let answer = server.post_form("/build", &[("csrf", &csrf), ("report", "MA_2025-H2")]);
        assert_eq!(answer.status, 303);
        let page = server.get("/build").text();
        assert!(page.contains("another ilo-report run (process"), "{page}");
    }

    // The workbooks: one to download, or one per line of a network file.
    let workbook = server.send_template(
        &csrf,
        &[
            ("member_state", "FR"),
            ("host", "MA"),
            ("semester", "2025-H2"),
            ("lang", "fr"),
        ],
        None,
    );
    assert_eq!(workbook.status, 200, "{}", workbook.text());
    assert!(workbook.body.starts_with(b"PK"), "an xlsx");
    let zipped = server.send_template(
        &csrf,
        &[("semester", "2025-H2")],
        Some(b"host,member_state\nMA,FR\nMA,DE\n"),
    );
    assert_eq!(zipped.status, 200, "{}", zipped.text());
    let archive = zip::ZipArchive::new(std::io::Cursor::new(zipped.body)).unwrap();
    let mut names: Vec<String> = archive.file_names().map(|n| n.unwrap().to_string()).collect();
    names.sort();
    assert_eq!(names, ["DE_MA_2025-H2.xlsx", "FR_MA_2025-H2.xlsx"]);

    // Removed to the trash, not deleted.
    let id = id_near(&server.get("/").text(), "DE_MA_2025-H2_postings.csv");
    let answer = server.post_form("/remove", &[("csrf", &csrf), ("id", &id)]);
    assert_eq!(answer.status, 303);
    assert!(!inbox.join("DE_MA_2025-H2_postings.csv").exists());
    let trash: Vec<String> = std::fs::read_dir(inbox.join(".trash"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        trash.iter().any(|n| n.ends_with("DE_MA_2025-H2_postings.csv")),
        "{trash:?}"
    );
    let page = server.get("/").text();
    assert!(
        page.contains("Remove: DE_MA_2025-H2_postings.csv"),
        "the notice says so: {page}"
    );
    assert!(!page.contains(&id), "no longer listed: {page}");
}

#[test]
fn the_desk_refuses_requests_it_must_not_serve() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&inbox).unwrap();
    let secret = dir.path().join("secret.csv");
    std::fs::write(&secret, "not to be served").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, inbox.join("link.csv")).unwrap();
    let server = Server::start(&inbox, &out, &["--max-file-size", "1"]);
    let csrf = server.csrf();

    // No CSRF token, or a wrong one: refused, nothing written.
    let csv = b"member_state,ilos\nFR,2\n".to_vec();
    assert_eq!(
        server
            .upload(None, &[("FR_MA_2025-H2_postings.csv", csv.clone())])
            .status,
        403
    );
    assert_eq!(
        server
            .upload(Some("0123456789abcdef0123456789abcdef"), &[("a.csv", csv.clone())])
            .status,
        403
    );
    assert_eq!(server.post_form("/build", &[("csrf", "forged")]).status, 403);
    assert_eq!(server.post_form("/remove", &[("id", "0000000000000000")]).status, 422);
    assert!(
        std::fs::read_dir(&inbox)
            .unwrap()
            .all(|e| e.unwrap().file_name() == "link.csv")
    );

    // A path from the client never reaches outside the inbox.
    let answer = server.upload(Some(&csrf), &[("../../outside.csv", csv.clone())]);
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert!(inbox.join("outside.csv").is_file() && !dir.path().join("outside.csv").exists());
    for path in [
        "/outputs/..%2F..%2Fsecret.csv",
        "/outputs/../secret.csv",
        "/static/..%2F..%2FCargo.toml",
    ] {
        assert_eq!(server.get(path).status, 404, "{path}");
    }
    // A symbolic link in the inbox is neither listed nor served.
    let page = server.get("/").text();
    assert!(
        !page.contains("link.csv") && !page.contains("not to be served"),
        "{page}"
    );

    // The wrong kind of file, and one over --max-file-size (1 MiB).
    let answer = server.upload(Some(&csrf), &[("run.sh", b"#!/bin/sh\n".to_vec())]);
    assert_eq!(answer.status, 415, "{}", answer.text());
    let big = vec![b'1'; 1024 * 1024 + 10];
    let answer = server.upload(Some(&csrf), &[("FR_MA_2025-H2_statistics.csv", big)]);
    assert_eq!(answer.status, 413, "{}", answer.text());
    assert!(!inbox.join("FR_MA_2025-H2_statistics.csv").exists() && !inbox.join("run.sh").exists());
    // A drafting text over the limit is refused before anything is read
    // or written.
    let long = "a".repeat(1024 * 1024 + 10);
    let answer = server.post_form("/drafting/MA_2025-H2", &[("csrf", &csrf), ("summary", &long)]);
    assert_eq!(answer.status, 413, "{}", answer.text());
    assert!(!inbox.join("MA_2025-H2.drafting.md").exists());

    // Every page carries the security headers.
    let url = format!("{}/", server.base);
    let response = server
        .agent
        .get(&url)
        .header("Authorization", &format!("Bearer {}", server.token))
        .call()
        .unwrap();
    let csp = response
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert_eq!(response.headers().get("x-content-type-options").unwrap(), "nosniff");
}

/// The files of the trash.
fn trash(inbox: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(inbox.join(".trash"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The id of the PDF the build page shows in its preview, once built.
fn previewed(page: &str) -> Option<String> {
    let marker = "class=\"preview\" src=\"/outputs/";
    let start = page.find(marker)? + marker.len();
    Some(page[start..start + 16].to_string())
}

#[test]
fn the_drafting_page_shows_the_contributions_and_writes_the_synthesis() {
    use ilo_report::format::FormatDef;
    use ilo_report::normalise::drafting;
    use ilo_report::reference::{Lang, countries};
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&inbox).unwrap();
    // The sample's Morocco 2025-H2: its submissions and its drafting text.
    for entry in std::fs::read_dir(sample_data()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.contains("MA_2025-H2") {
            std::fs::copy(entry.path(), inbox.join(&name)).unwrap();
        }
    }
    let drafting_file = inbox.join("MA_2025-H2.drafting.md");
    let previous = std::fs::read_to_string(&drafting_file).expect("the sample has a drafting text");
    let analysis = analyse(&inbox);
    let report = analysis
        .reports
        .iter()
        .find(|r| r.key() == "MA_2025-H2")
        .expect("the sample's report");
    let format = FormatDef::builtin();
    let server = Server::start(&inbox, &out, &[]);
    let csrf = server.csrf();

    // The inbox links each report to its drafting page.
    let page = server.get("/").text();
    assert!(page.contains("href=\"/drafting/MA_2025-H2\""), "{page}");

    // Every section with its contributions, read-only, and the boxes
    // filled from the drafting file.
    let answer = server.get("/drafting/MA_2025-H2");
    assert_eq!(answer.status, 200, "{}", answer.text());
    let page = answer.text();
    let mut shown = 0;
    for section in &format.sections {
        assert!(
            page.contains(&html(&format!("{} {}", section.id, section.title.en))),
            "{} on the page",
            section.id
        );
        assert!(
            page.contains(&format!("name=\"section:{}\"", section.id)),
            "{}'s box",
            section.id
        );
        for c in report.narrative.get(&section.id).into_iter().flatten() {
            let name = countries::name(&c.member_state, Lang::En);
            assert!(
                page.contains(&format!(
                    "<blockquote><strong>{}</strong><p>{}</p></blockquote>",
                    html(&name),
                    html(&c.text)
                )),
                "{}: {name}'s contribution on the page",
                section.id
            );
            shown += 1;
        }
    }
    assert!(shown >= 10, "the sample's contributions: {shown}");
    let (before, problems) = drafting::parse(format, &previous, "inbox/MA_2025-H2.drafting.md");
    assert!(problems.is_empty(), "{problems:?}");
    let summary = before.summary.as_deref().expect("the sample has a summary");
    assert!(
        page.contains(&format!(">{}</textarea>", html(summary))),
        "the summary box holds the file's summary"
    );
    assert_eq!(server.get("/drafting/XX_2025-H2").status, 404);
    assert_eq!(server.get("/drafting/..%2F..%2Fsecret_2025-H2").status, 404);

    // Saved: the whole file, read back as typed (a typed heading escaped),
    // the previous version in the trash; the page escapes what was sent.
    let synthesis = "Boats now leave from Dakhla at night.\n# not a heading";
    let form = [
        ("csrf", csrf.as_str()),
        ("summary", "The network met twice. <script>alert(1)</script>"),
        ("section:II.3", synthesis),
        ("section:statistics", "Refusals fell."),
        ("conclusions", "Keep on."),
        ("then", "save"),
    ];
    let answer = server.post_form("/drafting/MA_2025-H2", &form);
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert_eq!(answer.location.as_deref(), Some("/drafting/MA_2025-H2"));
    let written = std::fs::read_to_string(&drafting_file).unwrap();
    let (back, problems) = drafting::parse(format, &written, "inbox/MA_2025-H2.drafting.md");
    assert!(problems.is_empty(), "{problems:?}\n{written}");
    assert_eq!(
        back.summary.as_deref(),
        Some("The network met twice. <script>alert(1)</script>")
    );
    assert_eq!(
        back.sections.get("II.3").map(String::as_str),
        Some("Boats now leave from Dakhla at night.\n\\# not a heading")
    );
    assert_eq!(
        back.sections.get(drafting::STATISTICS).map(String::as_str),
        Some("Refusals fell.")
    );
    assert_eq!(back.sections.len(), 2, "{:?}", back.sections);
    assert_eq!(back.conclusions.as_deref(), Some("Keep on."));
    let kept = trash(&inbox);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].ends_with("-MA_2025-H2.drafting.md"), "{kept:?}");
    assert_eq!(
        std::fs::read_to_string(inbox.join(".trash").join(&kept[0])).unwrap(),
        previous
    );
    let page = server.get("/drafting/MA_2025-H2").text();
    assert!(page.contains("Drafting text saved"), "the notice: {page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;") && !page.contains("<script>alert"),
        "escaped: {page}"
    );
    // The same text again: nothing rewritten, nothing more in the trash.
    let answer = server.post_form("/drafting/MA_2025-H2", &form);
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert_eq!(trash(&inbox).len(), 1);
    assert!(
        server
            .get("/drafting/MA_2025-H2")
            .text()
            .contains("Drafting text unchanged")
    );

    // Without the CSRF token, or with a wrong one: refused, nothing written.
    let forged = [("summary", "Forged."), ("section:II.3", "Forged.")];
    assert_eq!(server.post_form("/drafting/MA_2025-H2", &forged).status, 403);
    let mut wrong = vec![("csrf", "0123456789abcdef0123456789abcdef")];
    wrong.extend_from_slice(&forged);
    assert_eq!(server.post_form("/drafting/MA_2025-H2", &wrong).status, 403);
    assert_eq!(std::fs::read_to_string(&drafting_file).unwrap(), written);
    assert_eq!(trash(&inbox).len(), 1);

    // Built as a draft from the page: the build page shows the PDF, whose
    // body holds the synthesis.
    let mut build = form.to_vec();
    build.pop();
    build.push(("then", "build"));
    let answer = server.post_form("/drafting/MA_2025-H2", &build);
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert_eq!(answer.location.as_deref(), Some("/build?report=MA_2025-H2"));
    let status = wait_for_build(&server);
    assert!(
        status["outcome"].as_str().unwrap_or_default().contains("typeset"),
        "{status}"
    );
    let page = server.get("/build?report=MA_2025-H2").text();
    assert!(page.contains("value=\"MA_2025-H2\" selected"), "{page}");
    let id = previewed(&page).unwrap_or_else(|| panic!("the report's PDF in the preview: {page}"));
    let pdf = server.get(&format!("/outputs/{id}"));
    assert_eq!(pdf.status, 200);
    let saved = dir.path().join("drafted.pdf");
    std::fs::write(&saved, &pdf.body).unwrap();
    let text = pdf_text(&saved);
    assert!(text.contains("Boats now leave from Dakhla at night."), "{text}");
}

#[test]
fn a_public_address_needs_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ilo-report"))
        .args([
            "serve",
            dir.path().to_str().unwrap(),
            "--bind",
            "0.0.0.0",
            "--port",
            "0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--token"), "{stderr}");
}

/// A Chromium driven over the W3C WebDriver protocol (chromedriver), in
/// as few calls as the test needs.
struct Browser {
    driver: Child,
    agent: ureq::Agent,
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.agent.delete(&self.url("")).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    /// Starts chromedriver on a free port and a headless Chromium session.
    fn start() -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while agent.get(&format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver answers");
            std::thread::sleep(Duration::from_millis(100));
        }
        let binary = [
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome",
        ]
        .into_iter()
        .find(|b| Path::new(b).exists())
        .expect("a Chromium binary beside chromedriver");
        let capabilities = serde_json::json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": binary, "args": [
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"
            ]}
        }}});
        let answer: serde_json::Value = agent
            .post(&format!("{base}/session"))
            .send_json(&capabilities)
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap();
        let session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("a session: {answer}"))
            .to_string();
        let mut browser = Browser {
            driver,
            agent,
            session: String::new(),
        };
        browser.session = format!("{base}/session/{session}");
        browser
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.session)
    }

    /// A WebDriver command; its `value`.
    fn command(&self, path: &str, body: Option<serde_json::Value>) -> serde_json::Value {
        let mut response = match body {
            Some(b) => self.agent.post(&self.url(path)).send_json(&b),
            None => self.agent.get(&self.url(path)).call(),
        }
        .expect("the driver answers");
        let answer: serde_json::Value = response.body_mut().read_json().unwrap();
        answer["value"].clone()
    }

    fn go(&self, url: &str) {
        self.command("/url", Some(serde_json::json!({ "url": url })));
    }

    /// The element matching a CSS selector, waiting up to `wait` for it.
    fn find(&self, css: &str, wait: Duration) -> String {
        let deadline = Instant::now() + wait;
        loop {
            let v = self.command(
                "/element",
                Some(serde_json::json!({"using": "css selector", "value": css})),
            );
            // The W3C name of an element reference; an error has none.
            if let Some(id) = v["element-6066-11e4-a52e-4f735466cecf"].as_str() {
                return id.to_string();
            }
            assert!(Instant::now() < deadline, "{css} on the page: {v}");
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    fn click(&self, element: &str) {
        self.command(&format!("/element/{element}/click"), Some(serde_json::json!({})));
    }

    fn type_into(&self, element: &str, text: &str) {
        self.command(
            &format!("/element/{element}/value"),
            Some(serde_json::json!({ "text": text })),
        );
    }

    /// An attribute of an element, as written in the page.
    fn attribute(&self, element: &str, name: &str) -> String {
        self.command(&format!("/element/{element}/attribute/{name}"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits up to `wait` for the page's text to hold `text`.
    fn wait_for_text(&self, text: &str, wait: Duration) {
        let deadline = Instant::now() + wait;
        while !self.text().contains(text) {
            assert!(Instant::now() < deadline, "{text} on the page: {}", self.text());
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// The page's visible text.
    fn text(&self) -> String {
        let body = self.find("body", Duration::from_secs(5));
        self.command(&format!("/element/{body}/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// A PNG of the window.
    fn screenshot(&self) -> Vec<u8> {
        use base64::Engine;
        let data = self.command("/screenshot", None);
        base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap_or_default())
            .expect("a PNG in base64")
    }
}

#[test]
#[cfg_attr(
    not(has_chromedriver),
    ignore = "needs chromium and chromium-driver (.ci/run installs them when it runs as root with apt)"
)]
fn a_real_browser_uploads_through_the_form_sees_the_cell_and_finds_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&inbox).unwrap();
    // The workbook as a Member State sends it, outside the inbox.
    french_workbook(dir.path());
    let workbook = dir.path().join("FR_MA_2025-H2.xlsx");
    let server = Server::start(&inbox, &out, &[]);
    let browser = Browser::start();

    // The address printed at start; the page's own form uploads the file.
    browser.go(&format!("{}/?token={}", server.base, server.token));
    let input = browser.find("#file-input", Duration::from_secs(10));
    browser.type_into(&input, workbook.to_str().unwrap());
    browser.click(&browser.find("#upload button[type=submit]", Duration::from_secs(5)));
    let deadline = Instant::now() + Duration::from_secs(20);
    while !browser.text().contains("Morocco — second semester 2025") {
        assert!(
            Instant::now() < deadline,
            "the inbox lists the report: {}",
            browser.text()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    assert!(inbox.join("FR_MA_2025-H2.xlsx").is_file());
    let shot = browser.screenshot();
    assert!(shot.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-inbox.png"), &shot).unwrap();

    // The problem list names the cell.
    browser.click(&browser.find("nav a[href='/problems']", Duration::from_secs(5)));
    browser.find("table.problems td.cell", Duration::from_secs(10));
    let problems = browser.text();
    assert!(
        problems.contains("B3") && problems.contains("invalid-number"),
        "{problems}"
    );

    // A draft build from the page; its script reloads it with the PDF.
    browser.click(&browser.find("nav a[href='/build']", Duration::from_secs(5)));
    browser.click(&browser.find("input[name=draft]", Duration::from_secs(5)));
    browser.click(&browser.find("#build-form button[type=submit]", Duration::from_secs(5)));
    browser.find("#outputs a[target=preview]", Duration::from_secs(90));
    let page = browser.text();
    assert!(page.contains("MA_2025-H2.pdf"), "{page}");
}

#[test]
#[cfg_attr(
    not(has_chromedriver),
    ignore = "needs chromium and chromium-driver (.ci/run installs them when it runs as root with apt)"
)]
fn a_real_browser_drafts_a_synthesis_builds_the_report_and_finds_it_in_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&inbox).unwrap();
    french_workbook(&inbox);
    let server = Server::start(&inbox, &out, &[]);
    let browser = Browser::start();

    // From the inbox to the report's drafting page: France's contribution
    // beside the box of II.3.
    browser.go(&format!("{}/?token={}", server.base, server.token));
    browser.click(&browser.find("a.drafting[href='/drafting/MA_2025-H2']", Duration::from_secs(20)));
    let section = browser.find("textarea[name='section:II.3']", Duration::from_secs(10));
    assert!(
        browser.text().contains("Forged visas travel through Casablanca."),
        "{}",
        browser.text()
    );

    // The synthesis typed and saved: the drafting file holds it.
    let synthesis = "The network saw fewer forged visas at Casablanca airport.";
    browser.type_into(&section, synthesis);
    browser.click(&browser.find("#drafting-form button[value=save]", Duration::from_secs(5)));
    browser.wait_for_text("Drafting text saved", Duration::from_secs(20));
    let written = std::fs::read_to_string(inbox.join("MA_2025-H2.drafting.md")).unwrap();
    let (text, problems) = ilo_report::normalise::drafting::parse(
        ilo_report::format::FormatDef::builtin(),
        &written,
        "inbox/MA_2025-H2.drafting.md",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(text.sections.get("II.3").map(String::as_str), Some(synthesis));
    let shot = browser.screenshot();
    std::fs::write(Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-drafting.png"), &shot).unwrap();

    // Built as a draft from the page and previewed: the PDF holds it.
    browser.click(&browser.find("#drafting-form button[value=build]", Duration::from_secs(5)));
    let frame = browser.find("iframe.preview[src^='/outputs/']", Duration::from_secs(120));
    let src = browser.attribute(&frame, "src");
    let pdf = server.get(&src);
    assert_eq!(pdf.status, 200, "{src}");
    let saved = dir.path().join("previewed.pdf");
    std::fs::write(&saved, &pdf.body).unwrap();
    let printed = pdf_text(&saved);
    assert!(printed.contains(synthesis), "{printed}");
}
