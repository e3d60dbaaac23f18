//! The errors a run can end with, and the exit code each maps to (SPEC §6).
//!
//! Input problems are not errors of this kind: they are diagnostics, and a
//! run with errors among them exits 1 after building everything else.

/// Why a command could not run to its end.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// An argument, or a file an argument names (`--previous`, `--from`,
    /// `--format-file`, `--text` …), cannot be used: exit code 2.
    #[error("{0}")]
    Usage(String),
    /// The machine stands in the way: an unreadable inbox, an unwritable or
    /// locked output folder: exit code 3.
    #[error("{0}")]
    Environment(String),
}

/// Exit code: input errors (some reports not built) or failing warnings.
pub const EXIT_INPUT: u8 = 1;
/// Exit code: a usage error.
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit code: an environment error.
pub(crate) const EXIT_ENVIRONMENT: u8 = 3;

impl Failure {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::Environment(_) => EXIT_ENVIRONMENT,
        }
    }
}

/// An argument's file that cannot be used, carried inside an
/// `anyhow::Error` from deep in the pipeline so that the run ends with
/// exit code 2, not 3.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct BadArgument(pub(crate) String);

impl From<anyhow::Error> for Failure {
    /// A usage failure when a [`BadArgument`] is anywhere in the chain,
    /// otherwise an environment failure; the message keeps the whole chain.
    fn from(e: anyhow::Error) -> Failure {
        let message = format!("{e:#}");
        if e.chain().any(|c| c.is::<BadArgument>()) {
            Failure::Usage(message)
        } else {
            Failure::Environment(message)
        }
    }
}
