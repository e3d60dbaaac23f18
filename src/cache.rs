//! The content-addressed cache kept in `OUT/.cache`: what each input file
//! gave when last read (keyed by its size and modification time, with its
//! SHA-256), and the key of every output (a hash of everything the output
//! is made from). A rebuild with no change reads and renders nothing.

use crate::output;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// What a file was when last read, and what reading it gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct InputEntry<T> {
    pub(crate) size: u64,
    pub(crate) modified_ns: u128,
    pub(crate) sha256: String,
    pub(crate) result: T,
}

/// An output as last written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct OutputEntry {
    pub(crate) key: String,
    pub(crate) sha256: String,
    pub(crate) size: u64,
}

#[derive(Serialize, Deserialize)]
struct Stored<T> {
    /// Changes when the tool, the format or the reading limits change.
    reader: String,
    entries: BTreeMap<String, T>,
}

/// The cache of one output folder.
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(out: &Path) -> Self {
        Cache {
            dir: out.join(".cache"),
        }
    }

    fn load<T: DeserializeOwned>(&self, name: &str, reader: &str) -> BTreeMap<String, T> {
        std::fs::read(self.dir.join(name))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Stored<T>>(&bytes).ok())
            .filter(|s| s.reader == reader)
            .map(|s| s.entries)
            .unwrap_or_default()
    }

    fn save<T: Serialize>(&self, name: &str, reader: &str, entries: &BTreeMap<String, T>) -> anyhow::Result<()> {
        #[derive(Serialize)]
        struct StoredRef<'a, T> {
            reader: &'a str,
            entries: &'a BTreeMap<String, T>,
        }
        let stored = StoredRef { reader, entries };
        output::write_atomic(&self.dir.join(name), &serde_json::to_vec(&stored)?)
    }

    /// Input entries by display path, valid for `reader`.
    pub(crate) fn inputs<T: DeserializeOwned>(&self, reader: &str) -> BTreeMap<String, InputEntry<T>> {
        self.load("inputs.json", reader)
    }

    pub(crate) fn save_inputs<T: Serialize>(
        &self,
        reader: &str,
        entries: &BTreeMap<String, InputEntry<T>>,
    ) -> anyhow::Result<()> {
        self.save("inputs.json", reader, entries)
    }

    /// Output entries by path relative to the output folder.
    pub(crate) fn outputs(&self) -> BTreeMap<String, OutputEntry> {
        self.load("outputs.json", env!("CARGO_PKG_VERSION"))
    }

    pub(crate) fn save_outputs(&self, entries: &BTreeMap<String, OutputEntry>) -> anyhow::Result<()> {
        self.save("outputs.json", env!("CARGO_PKG_VERSION"), entries)
    }
}

/// Size and modification time of a file, the cheap part of its identity.
pub(crate) fn stamp(path: &Path) -> Option<(u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
    Some((meta.len(), modified))
}

/// A hash of several parts, each length-prefixed so that parts cannot run
/// into each other.
pub fn key(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    crate::ingest::hex(&hasher.finalize())
}
