//! The lock of an output folder, so that two runs never write into the same
//! folder at once.

use anyhow::{Context, Result};
use std::path::Path;
use std::time::{Duration, Instant};

/// Takes the lock of an output folder, waiting up to `wait` for another run
/// to finish. The lock is held as long as the returned file is open.
pub fn lock_output(out: &Path, wait: Duration) -> Result<std::fs::File> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create the output folder {}", out.display()))?;
    let path = out.join(".lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(100))
            }
            Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
                "another ilo-report run is writing to {} (waited {} s); try again later or raise --wait",
                out.display(),
                wait.as_secs()
            ),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
    }
}
