//! Rendering: the model as PDF, compiled in-process with Typst from the
//! templates in `report-templates/` and a `data.json` view of the report.
//! Fonts are embedded in the binary; output is PDF/A-2b with PDF/UA-1 tags
//! and byte-identical for identical input.

pub mod annex;
pub mod chart;
pub mod docx;
pub mod markdown;
mod measure;
pub mod style;
pub mod table;
pub mod view;
mod world;

use anyhow::{Context, Result, anyhow, bail};
use chrono::NaiveDate;
use std::path::Path;
use std::sync::Arc;
use typst::diag::Severity;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// The built-in templates, by file name.
const BUILTIN_TEMPLATES: [(&str, &str); 4] = [
    ("common.typ", include_str!("../../report-templates/common.typ")),
    ("semester.typ", include_str!("../../report-templates/semester.typ")),
    ("annual.typ", include_str!("../../report-templates/annual.typ")),
    ("chart.typ", include_str!("../../report-templates/chart.typ")),
];

/// The Typst templates of a run: the built-in ones, each replaceable by a
/// file of the same name in a `--templates` folder.
#[derive(Debug, Clone)]
pub struct Templates {
    files: Vec<(String, String)>,
}

impl Templates {
    pub fn builtin() -> Self {
        Templates {
            files: BUILTIN_TEMPLATES
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        }
    }

    /// The built-in templates with every `.typ` file of `dir` replacing or
    /// adding to them.
    pub fn with_overrides(dir: &Path) -> Result<Self> {
        let mut templates = Templates::builtin();
        for entry in
            std::fs::read_dir(dir).with_context(|| format!("cannot read the templates folder {}", dir.display()))?
        {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "typ") {
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .to_string();
                let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
                templates.files.retain(|(n, _)| *n != name);
                templates.files.push((name, text));
            }
        }
        Ok(templates)
    }

    /// Every template's name and text, for cache keys and the manifest.
    pub(crate) fn files(&self) -> &[(String, String)] {
        &self.files
    }
}

/// Runs `f` on every item on plain threads, one per core, keeping the order.
///
/// Typst's PDF export slows down with every document when it runs on a
/// rayon worker thread (its own parallel sections then run inline and
/// their state grows); dedicated threads keep every export as fast as the
/// first.
pub(crate) fn on_threads<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: std::sync::Mutex<Vec<(usize, R)>> = std::sync::Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    results
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((i, r));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Compiles documents; fonts and the Typst library are loaded once.
pub struct Renderer {
    shared: Arc<world::Shared>,
    templates: Templates,
    /// Extra files every document can read (a logo image, say).
    assets: Vec<(String, Vec<u8>)>,
}

impl Renderer {
    pub fn new(templates: Templates) -> Self {
        Renderer {
            shared: Arc::new(world::Shared::new()),
            templates,
            assets: Vec::new(),
        }
    }

    /// Makes a file readable by templates at `/path`.
    pub(crate) fn add_asset(&mut self, path: &str, bytes: Vec<u8>) {
        self.assets.push((path.to_string(), bytes));
    }

    /// Compiles `main` (e.g. `semester.typ`) with `data` as `/data.json` into
    /// a PDF. `date` is the document's date (creation date and `today`);
    /// `ident` a stable identifier of the document.
    pub fn pdf(&self, main: &str, data: &serde_json::Value, date: NaiveDate, ident: &str) -> Result<Vec<u8>> {
        let document = self.layout(main, data, date)?;
        let standards = PdfStandards::new(&[PdfStandard::A_2b, PdfStandard::Ua_1]).map_err(|e| anyhow!("{e:?}"))?;
        use chrono::Datelike;
        let stamp =
            typst::foundations::Datetime::from_ymd_hms(date.year(), date.month() as u8, date.day() as u8, 0, 0, 0)
                .ok_or_else(|| anyhow!("invalid document date {date}"))?;
        let options = PdfOptions {
            ident: typst::foundations::Smart::Custom(ident.to_string()),
            timestamp: Some(Timestamp::new_utc(stamp)),
            standards,
            ..PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&document, &options)
            .map_err(|errors| anyhow!("{main}: PDF export: {}", describe(&errors)))?;
        let pdf = pack_objects(&pdf).with_context(|| format!("{main}: PDF object streams"))?;
        // Results not used since the previous eviction (by either thread)
        // are dropped: the memo cache is shared by the threads, and clearing
        // it entirely would throw away what the other thread's document is
        // using.
        typst::comemo::evict(1);
        Ok(pdf)
    }

    /// Compiles `main` with `data` into laid-out pages (what [`Renderer::pdf`]
    /// exports); tests walk them to check that no text collides or leaves
    /// the page.
    pub fn layout(&self, main: &str, data: &serde_json::Value, date: NaiveDate) -> Result<PagedDocument> {
        let json = serde_json::to_vec(data)?;
        let mut files = vec![("/data.json".to_string(), json)];
        files.extend(self.assets.iter().cloned());
        let world = world::DocumentWorld::new(self.shared.clone(), main, self.templates.files(), files, date)
            .ok_or_else(|| anyhow!("template {main} is missing"))?;
        let compiled = typst::compile::<PagedDocument>(&world);
        for warning in &compiled.warnings {
            let message = warning.message.to_lowercase();
            if message.contains("glyph") || message.contains("font") {
                bail!(
                    "{main}: {} (every character must be in the embedded fonts)",
                    warning.message
                );
            }
        }
        compiled
            .output
            .map_err(|errors| anyhow!("{main}: {}", describe(&errors)))
    }
}

/// The PDF with its objects packed into compressed object streams (allowed
/// by PDF/A-2): the structure tree that tagging adds — an object per table
/// cell and paragraph — is then compressed too, which halves a report's size.
fn pack_objects(pdf: &[u8]) -> Result<Vec<u8>> {
    let mut document = lopdf::Document::load_mem(pdf)?;
    let mut packed = Vec::with_capacity(pdf.len() / 2);
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .max_objects_per_stream(500)
        .compression_level(6)
        .build();
    document.save_with_options(&mut packed, options)?;
    Ok(packed)
}

fn describe(errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors
        .iter()
        .filter(|e| e.severity == Severity::Error)
        .map(|e| {
            let hints: String = e.hints.iter().map(|h| format!(" (hint: {})", h.v)).collect();
            format!("{}{hints}", e.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}
