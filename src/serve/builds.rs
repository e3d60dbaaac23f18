//! One build at a time, in the background: the same lock as the command
//! line (a second request, or a run from the command line, is told who
//! holds it), progress kept for the page to poll, and what came of it.

use super::Shared;
use crate::pipeline::{self, Options};
use crate::progress::{Live, Progress};
use serde::Serialize;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// The build running or last run.
#[derive(Default)]
pub(super) struct Builds {
    live: Arc<Mutex<Live>>,
    status: Arc<Mutex<Status>>,
}

/// What the page shows of a build.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct Status {
    /// A build is running.
    pub(super) running: bool,
    /// What it builds ("all reports", "Morocco, draft").
    pub(super) what: String,
    /// When it started.
    pub(super) started: String,
    /// What it did, once over.
    pub(super) outcome: Option<String>,
    /// Why it failed, if it did.
    pub(super) error: Option<String>,
    /// How far it has come.
    pub(super) progress: Live,
}

impl Builds {
    /// The current status.
    pub(super) fn status(&self) -> Status {
        let mut status = self.status.lock().unwrap_or_else(PoisonError::into_inner).clone();
        status.progress = self.live.lock().unwrap_or_else(PoisonError::into_inner).clone();
        status
    }
}

/// Starts a build of `options` described as `what`, unless one is running
/// here or another run holds the output folder (the answer says who).
pub(super) fn start(app: &Shared, options: Options, what: String) -> Result<(), String> {
    let builds = &app.builds;
    {
        let mut status = builds.status.lock().unwrap_or_else(PoisonError::into_inner);
        if status.running {
            return Err(format!(
                "a build ({}) started at {} is still running; wait for it",
                status.what, status.started
            ));
        }
        let lock = pipeline::lock_output(&app.options.out, Duration::ZERO).map_err(|e| format!("{e:#}"))?;
        *status = Status {
            running: true,
            what,
            started: chrono::Local::now().format("%H:%M:%S").to_string(),
            ..Status::default()
        };
        *builds.live.lock().unwrap_or_else(PoisonError::into_inner) = Live::default();
        let (app, status) = (app.clone(), builds.status.clone());
        std::thread::spawn(move || {
            let progress = Progress::shared(app.builds.live.clone());
            let result = pipeline::build_with_progress(app.format, &options, &app.options.out, &progress);
            drop(lock);
            let mut status = status.lock().unwrap_or_else(PoisonError::into_inner);
            status.running = false;
            match result {
                Ok((_, outcome)) => {
                    status.outcome = Some(format!(
                        "{} document(s) typeset, {} unchanged, {} report(s) not built because of errors, {} failed",
                        outcome.rendered.len(),
                        outcome.unchanged.len(),
                        outcome.blocked.len(),
                        outcome.failed.len()
                    ))
                }
                Err(e) => status.error = Some(format!("{e:#}")),
            }
        });
    }
    Ok(())
}
