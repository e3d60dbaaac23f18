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
            Ok(()) => {
                say_who_holds(&file);
                return Ok(file);
            }
            Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(100))
            }
            Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
                "another ilo-report run ({}) is writing to {} (waited {} s); try again later or raise --wait",
                std::fs::read_to_string(&path).unwrap_or_default().trim(),
                out.display(),
                wait.as_secs()
            ),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
    }
}

/// Writes into the held lock file which run holds it, for the message of
/// a run that finds it taken.
fn say_who_holds(mut file: &std::fs::File) {
    use std::io::Write;
    let holder = format!(
        "process {} since {}",
        std::process::id(),
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
    );
    // Best effort: the lock holds whether or not this is written.
    let _ = file.set_len(0).and_then(|()| file.write_all(holder.as_bytes()));
}
