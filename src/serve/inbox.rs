//! The files the server shows and changes, always addressed by an id made
//! from their path inside their folder — a path never comes from the
//! browser, so nothing outside the inbox or the output folder can be
//! reached. Uploads are stored under a cleaned name with an allowed
//! extension, written atomically; removed files go to `INBOX/.trash/`.

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Extensions an upload may have: spreadsheets, CSV, the drafters' text.
pub(super) const ALLOWED: [&str; 7] = ["xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "md"];

/// A file of the inbox or of the output folder.
#[derive(Debug, Clone, serde::Serialize)]
pub(super) struct Listed {
    /// Its id in the pages' links and forms.
    pub(super) id: String,
    /// Its path inside the folder, with `/`.
    pub(super) path: String,
    /// Its size in bytes.
    pub(super) size: u64,
}

/// The id of a path inside a folder.
fn id_of(path: &str) -> String {
    crate::ingest::hex(&Sha256::digest(path.as_bytes()))[..16].to_string()
}

/// Every regular file below `root` (no hidden names, no symbolic links:
/// nothing that leads outside), sorted by path.
pub(super) fn list(root: &Path) -> Vec<Listed> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let Ok(kind) = entry.file_type() else { continue };
            if name.starts_with('.') || name.starts_with("~$") || kind.is_symlink() {
                continue;
            }
            let path = entry.path();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                found.push(Listed {
                    id: id_of(&rel),
                    path: rel,
                    size,
                });
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// The file of `root` with the id `id`, if any.
pub(super) fn find(root: &Path, id: &str) -> Option<(Listed, PathBuf)> {
    list(root).into_iter().find(|f| f.id == id).map(|f| {
        let full = root.join(&f.path);
        (f, full)
    })
}

/// A name safe to store: its last component only, letters, digits, `.`,
/// `-` and `_` (others become `_`), not hidden, with an allowed extension.
pub(super) fn clean_name(given: &str) -> Option<String> {
    let last = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_string();
    let extension = cleaned.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    (ALLOWED.contains(&extension.as_str()) && cleaned.len() <= 200).then_some(cleaned)
}

/// Stores an upload in the inbox under `name` (already cleaned), replacing
/// a file of that name, atomically.
pub(super) fn store(inbox: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    crate::output::write_atomic(&inbox.join(name), bytes)
}

/// Moves a file of the inbox to `INBOX/.trash/`, under a name that says
/// when; returns where it went.
pub(super) fn remove(inbox: &Path, file: &Path, path: &str) -> Result<PathBuf> {
    let to = in_trash(inbox, path)?;
    std::fs::rename(file, &to).with_context(|| format!("cannot move {path} to {}", to.display()))?;
    Ok(to)
}

/// Keeps a copy of a file of the inbox in `INBOX/.trash/` before it is
/// replaced, under a name that says when; returns where it went.
pub(super) fn keep_previous(inbox: &Path, file: &Path, path: &str) -> Result<PathBuf> {
    let to = in_trash(inbox, path)?;
    std::fs::copy(file, &to).with_context(|| format!("cannot copy {path} to {}", to.display()))?;
    Ok(to)
}

/// A new name in `INBOX/.trash/` for the file at `path` (inside the
/// inbox): the time, then the path (`20251231-142501-sub_FR.xlsx`); a
/// second one in the same second is numbered, so that none replaces
/// another.
fn in_trash(inbox: &Path, path: &str) -> Result<PathBuf> {
    let trash = inbox.join(".trash");
    std::fs::create_dir_all(&trash).with_context(|| format!("cannot create {}", trash.display()))?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let name = path.replace('/', "_");
    let mut to = trash.join(format!("{stamp}-{name}"));
    let mut n = 1;
    while to.symlink_metadata().is_ok() {
        n += 1;
        to = trash.join(format!("{stamp}.{n}-{name}"));
    }
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn names_are_cleaned_and_kept_to_allowed_extensions() {
        assert_eq!(
            clean_name("../../etc/FR_MA_2025-H2.xlsx").as_deref(),
            Some("FR_MA_2025-H2.xlsx")
        );
        assert_eq!(
            clean_name("C:\\Users\\x\\Chiffres été.csv").as_deref(),
            Some("Chiffres__t_.csv")
        );
        assert_eq!(clean_name(".hidden.csv").as_deref(), Some("hidden.csv"));
        assert_eq!(clean_name("run.sh"), None);
        assert_eq!(clean_name("noextension"), None);
        assert_eq!(clean_name("annual-2025.fr.md").as_deref(), Some("annual-2025.fr.md"));
    }
}
