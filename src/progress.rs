//! Feedback while a run goes on: a progress bar on a terminal, plain lines
//! or one JSON object per event otherwise, nothing with `--quiet`.

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

/// How events are written when not shown as a bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    #[default]
    Plain,
    Json,
}

enum Mode {
    Quiet,
    Bar(Mutex<Option<ProgressBar>>),
    Plain,
    Json,
    Shared(Arc<Mutex<Live>>),
}

/// How far a run has come, for a caller that shows it itself (the
/// browser desk of `serve`).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Live {
    /// The current stage (`read`, `render`).
    pub stage: String,
    /// Its items.
    pub total: usize,
    /// Those done.
    pub done: usize,
    /// The last item done and how (`MA_2025-H2 built`).
    pub last: String,
    /// The run is over.
    pub finished: bool,
}

/// Where a run reports its progress (stderr).
pub struct Progress {
    mode: Mode,
}

impl Progress {
    /// A bar when stderr is a terminal and plain lines were asked for.
    pub fn new(quiet: bool, format: LogFormat) -> Self {
        let mode = match (quiet, format) {
            (true, _) => Mode::Quiet,
            (false, LogFormat::Json) => Mode::Json,
            (false, LogFormat::Plain) if std::io::stderr().is_terminal() => Mode::Bar(Mutex::new(None)),
            (false, LogFormat::Plain) => Mode::Plain,
        };
        Progress { mode }
    }

    /// Progress kept in `live` for the caller to show.
    pub fn shared(live: Arc<Mutex<Live>>) -> Self {
        Progress {
            mode: Mode::Shared(live),
        }
    }

    /// Nothing shown: for tests and library use.
    pub fn quiet() -> Self {
        Progress { mode: Mode::Quiet }
    }

    /// A stage begins with `total` items.
    pub(crate) fn stage(&self, stage: &str, total: usize) {
        match &self.mode {
            Mode::Quiet => {}
            Mode::Bar(bar) => {
                let pb = ProgressBar::new(total as u64);
                pb.set_style(
                    ProgressStyle::with_template("{prefix:>9} [{bar:40}] {pos}/{len} {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                );
                pb.set_prefix(stage.to_string());
                if let Some(old) = bar
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .replace(pb)
                {
                    old.finish();
                }
            }
            Mode::Plain => eprintln!("{stage}: {total} item(s)"),
            Mode::Json => eprintln!("{}", json!({ "event": "stage", "stage": stage, "total": total })),
            Mode::Shared(live) => {
                let mut live = live.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                (live.stage, live.total, live.done) = (stage.to_string(), total, 0);
            }
        }
    }

    /// One item of the current stage is done.
    pub(crate) fn item(&self, stage: &str, item: &str, status: &str) {
        match &self.mode {
            Mode::Quiet => {}
            Mode::Bar(bar) => {
                if let Some(pb) = bar.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_ref() {
                    pb.set_message(format!("{item} {status}"));
                    pb.inc(1);
                }
            }
            Mode::Plain => {
                if stage != "read" {
                    eprintln!("{stage}: {item} {status}");
                }
            }
            Mode::Json => eprintln!(
                "{}",
                json!({ "event": "item", "stage": stage, "item": item, "status": status })
            ),
            Mode::Shared(live) => {
                let mut live = live.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                live.done += 1;
                live.last = format!("{item} {status}");
            }
        }
    }

    /// The run is over.
    pub(crate) fn done(&self, summary: serde_json::Value) {
        match &self.mode {
            Mode::Quiet => {}
            Mode::Bar(bar) => {
                if let Some(pb) = bar.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take() {
                    pb.finish_and_clear();
                }
            }
            Mode::Plain => {}
            Mode::Json => eprintln!("{}", json!({ "event": "done", "summary": summary })),
            Mode::Shared(live) => {
                live.lock().unwrap_or_else(std::sync::PoisonError::into_inner).finished = true;
            }
        }
    }
}
