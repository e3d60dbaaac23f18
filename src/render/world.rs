//! The Typst `World` of one document: the standard library, the fonts
//! embedded in the binary, the templates and the document's `data.json`,
//! all in memory. Nothing else can be read: no file system, no packages.

use std::collections::HashMap;
use std::sync::Arc;
use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

/// What every document of a run shares: loaded once.
pub(crate) struct Shared {
    library: LazyHash<Library>,
    fonts: FontStore,
}

impl Shared {
    pub fn new() -> Self {
        let mut fonts = FontStore::new();
        fonts.extend(typst_kit::fonts::embedded());
        Shared {
            library: LazyHash::new(Library::builder().build()),
            fonts,
        }
    }
}

impl Default for Shared {
    fn default() -> Self {
        Shared::new()
    }
}

/// One document to compile.
pub(crate) struct DocumentWorld {
    shared: Arc<Shared>,
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

/// The id of an in-memory project file such as `/data.json`.
pub(crate) fn file_id(path: &str) -> Option<FileId> {
    Some(RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).ok()?).intern())
}

impl DocumentWorld {
    /// `templates`: Typst sources by file name; `files`: other files (data, images) by path.
    pub fn new(
        shared: Arc<Shared>,
        main: &str,
        templates: &[(String, String)],
        files: Vec<(String, Vec<u8>)>,
        today: chrono::NaiveDate,
    ) -> Option<Self> {
        let mut sources = HashMap::new();
        for (name, text) in templates {
            let id = file_id(&format!("/{name}"))?;
            sources.insert(id, Source::new(id, text.clone()));
        }
        let files = files
            .into_iter()
            .filter_map(|(path, bytes)| Some((file_id(&path)?, Bytes::new(bytes))))
            .collect();
        use chrono::Datelike;
        let today = Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8);
        Some(DocumentWorld {
            shared,
            main: file_id(&format!("/{main}"))?,
            sources,
            files,
            today,
        })
    }
}

impl World for DocumentWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.shared.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let VirtualRoot::Package(spec) = id.get().root() {
            return Err(FileError::Package(PackageError::NotFound(spec.clone())));
        }
        self.sources
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(std::path::PathBuf::from(id.get().vpath().get_with_slash())))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.get().root() {
            return Err(FileError::Package(PackageError::NotFound(spec.clone())));
        }
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.text().to_string()));
        }
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(std::path::PathBuf::from(id.get().vpath().get_with_slash())))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
