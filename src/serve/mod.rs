//! `ilo-report serve`: a secretariat's desk in the browser. A local web
//! application over the same pipeline: the inbox's files grouped by report
//! and Member State, the problems, builds with live progress and the PDFs,
//! and the submission workbooks. Everything it serves is embedded in the
//! binary; it never sends data anywhere.
//!
//! `guard` checks every request (access token, CSRF token, security
//! headers); `inbox` lists, stores and removes the inbox's files by id;
//! `builds` runs one build at a time in the background; `pages` renders
//! the pages from `report-templates/web/`; `drafting` is a report's
//! drafting page, which writes its drafting text.

mod actions;
mod builds;
mod drafting;
mod guard;
mod inbox;
mod pages;

use crate::format::FormatDef;
use crate::pipeline::Options;
use crate::reference::Lang;
use anyhow::{Context, Result};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The inbox shown and uploaded to.
    pub inbox: PathBuf,
    /// Where builds write.
    pub out: PathBuf,
    /// The address to listen on (loopback by default).
    pub bind: IpAddr,
    /// The port; 0 for any free one.
    pub port: u16,
    /// The access token; one is made when none is given (required for an
    /// address other than loopback).
    pub token: Option<String>,
    /// The largest file accepted by upload, in bytes.
    pub max_file_size: u64,
    /// The language of the interface.
    pub lang: Lang,
    /// The options of every validation and build (language, drafted-by …).
    pub pipeline: Options,
}

impl ServeOptions {
    /// Why these options cannot be served, if they cannot: an address
    /// other than loopback without an access token.
    pub fn refusal(&self) -> Option<String> {
        (!self.bind.is_loopback() && self.token.is_none()).then(|| {
            format!(
                "--bind {}: an address other than loopback is reachable from other machines; give --token so that only those who have it get in",
                self.bind
            )
        })
    }
}

/// What every request handler shares.
struct App {
    format: &'static FormatDef,
    options: ServeOptions,
    /// The access token, checked on every request.
    token: String,
    /// The CSRF token every state-changing request must carry.
    csrf: String,
    /// The build running or last run.
    builds: builds::Builds,
    /// What the last form did, shown once on the next page.
    notice: std::sync::Mutex<Option<String>>,
}

impl App {
    /// Leaves a notice for the next page.
    fn set_notice(&self, text: String) {
        *self.notice.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(text);
    }

    /// The notice left by the last form, once.
    fn take_notice(&self) -> Option<String> {
        self.notice
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

type Shared = Arc<App>;

/// A random token of 32 hex digits from the system's generator.
fn random_token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no random numbers from the system: {e}"))?;
    Ok(crate::ingest::hex(&bytes))
}

/// The routes; every one behind the guard.
fn router(app: Shared) -> Router {
    let limit = usize::try_from(app.options.max_file_size)
        .unwrap_or(usize::MAX)
        .saturating_add(64 * 1024);
    Router::new()
        .route("/", get(pages::inbox))
        .route("/problems", get(pages::problems))
        .route("/build", get(pages::build).post(pages::start_build))
        .route("/build/status", get(pages::build_status))
        .route("/templates", get(pages::templates).post(actions::make_template))
        .route("/upload", post(actions::upload))
        .route("/remove", post(actions::remove))
        .route("/drafting/{key}", get(drafting::show).post(drafting::save))
        .route("/outputs/{id}", get(pages::output))
        .route("/static/{name}", get(pages::asset))
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard::check))
        .with_state(app)
}

/// Serves until the process is stopped. Prints the address to open, with
/// the access token, on stderr (never logged elsewhere).
pub fn run(format: &'static FormatDef, options: ServeOptions) -> Result<()> {
    if let Some(why) = options.refusal() {
        anyhow::bail!(why);
    }
    std::fs::create_dir_all(&options.inbox)
        .with_context(|| format!("cannot create the inbox {}", options.inbox.display()))?;
    let token = match &options.token {
        Some(t) => t.clone(),
        None => random_token()?,
    };
    let app = Arc::new(App {
        format,
        token,
        csrf: random_token()?,
        builds: builds::Builds::default(),
        notice: std::sync::Mutex::new(None),
        options,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the web server's runtime")?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(app.options.bind, app.options.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        eprintln!("ilo-report serve: open http://{local}/?token={}", app.token);
        axum::serve(listener, router(app))
            .await
            .context("the web server stopped")
    })
}
