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
            .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
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
