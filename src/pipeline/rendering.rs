//! Rendering the jobs: each document is typeset on one thread per core
//! unless the render cache shows its outputs unchanged, and its files are
//! written only once all of them are made.

use super::jobs::Job;
use super::outputs;
use super::{BuildOutcome, Options};
use crate::cache::{self, Cache, OutputEntry};
use crate::error::BadArgument;
use crate::format::FormatDef;
use crate::ingest;
use crate::output;
use crate::progress::Progress;
use crate::render::{self, Renderer, Templates};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::Path;

/// Renders what changed and writes it; returns the outputs' records.
struct Renderers<'a> {
    renderer: Renderer,
    templates_key: String,
    out: &'a Path,
    force: bool,
    cache: BTreeMap<String, OutputEntry>,
}

impl Renderers<'_> {
    fn key(&self, job: &Job) -> String {
        let data = serde_json::to_vec(&job.data).unwrap_or_default();
        cache::key(&[
            self.templates_key.as_bytes(),
            job.main.as_bytes(),
            &data,
            job.date.to_string().as_bytes(),
            &job.model,
        ])
    }

    fn unchanged(&self, job: &Job, key: &str) -> bool {
        !self.force
            && job.paths().all(|rel| {
                self.cache.get(rel).is_some_and(|e| {
                    e.key == key && std::fs::metadata(self.out.join(rel)).is_ok_and(|m| m.len() == e.size)
                })
            })
    }

    /// Renders the jobs on one thread per core; unchanged ones are skipped.
    fn run(&mut self, jobs: Vec<Job>, progress: &Progress, outcome: &mut BuildOutcome) -> Result<()> {
        progress.stage("render", jobs.len());
        let keyed: Vec<(Job, String)> = jobs
            .into_iter()
            .map(|j| {
                let k = self.key(&j);
                (j, k)
            })
            .collect();
        let results = render::on_threads(&keyed, |(job, key)| self.render_one(job, key, progress));
        for ((job, _), result) in keyed.iter().zip(results) {
            match result {
                Ok(Some(written)) => {
                    outcome.rendered.push(job.name.clone());
                    outcome
                        .outputs
                        .extend(written.entries.iter().map(|(path, _)| self.out.join(path)));
                    self.cache.extend(written.entries);
                    // Not in `outcome.removed` (outputs of blocked reports):
                    // these are charts the rebuilt document no longer has.
                    for path in &written.removed {
                        self.cache.remove(path);
                    }
                    if let Some(reason) = written.extras_failed {
                        outcome
                            .failed
                            .push((format!("{} (charts, editable document)", job.name), reason));
                    }
                }
                Ok(None) => {
                    outcome.unchanged.push(job.name.clone());
                    outcome.outputs.extend(job.paths().map(|path| self.out.join(path)));
                }
                Err(e) => {
                    progress.item("render", &job.name, "failed");
                    outcome.failed.push((job.name.clone(), format!("{e:#}")));
                }
            }
        }
        Ok(())
    }

    /// Renders one job and writes its files, unless it is unchanged (then
    /// `None`).
    fn render_one(&self, job: &Job, key: &str, progress: &Progress) -> Result<Option<Written>> {
        if self.unchanged(job, key) {
            progress.item("render", &job.name, "unchanged");
            return Ok(None);
        }
        // Every file is made before any is written: a failure leaves the
        // earlier outputs as they were. The charts and the editable
        // document come on top: their failure does not hold back the rest.
        let pdf = self.renderer.pdf(job.main, &job.data, job.date, &job.name)?;
        let annex = job
            .annex
            .as_ref()
            .map(|a| render::annex::workbook(&a.presentation, a.report, job.date, a.draft).map(|b| (&a.path, b)))
            .transpose()?;
        let extras = self.extras(job);
        let mut files: Vec<(&String, &[u8])> = vec![(&job.pdf, &pdf), (&job.json, &job.model)];
        files.extend(job.version.as_ref().map(|path| (path, job.model.as_slice())));
        files.extend(annex.as_ref().map(|(path, bytes)| (*path, bytes.as_slice())));
        if let Ok(extras) = &extras {
            files.extend(extras.iter().map(|(path, bytes)| (*path, bytes.as_slice())));
        }
        let mut entries = Vec::with_capacity(files.len());
        for (path, bytes) in files {
            output::write_atomic(&self.out.join(path), bytes)?;
            let entry = OutputEntry {
                key: key.to_string(),
                sha256: ingest::sha256_hex(bytes),
                size: bytes.len() as u64,
            };
            entries.push((path.clone(), entry));
        }
        let removed = match &extras {
            Ok(_) => {
                let keep: Vec<&String> = job.charts.iter().flat_map(|c| &c.files).collect();
                outputs::remove_charts_of(self.out, &job.pdf, &keep)?
            }
            Err(_) => Vec::new(),
        };
        progress.item("render", &job.name, "built");
        Ok(Some(Written {
            entries,
            removed,
            extras_failed: extras.err().map(|e| format!("{e:#}")),
        }))
    }

    /// The job's chart files and editable document, by path.
    fn extras<'j>(&self, job: &'j Job) -> Result<Vec<(&'j String, Vec<u8>)>> {
        let chart_files = job
            .charts
            .iter()
            .map(|c| render::chart::files(&self.renderer, &job.data, &c.chart, job.date))
            .collect::<Result<Vec<_>>>()?;
        let docx = match &job.docx {
            Some(docx) => {
                let pairs: Vec<_> = job.charts.iter().map(|c| &c.chart).zip(&chart_files).collect();
                Some((&docx.path, render::docx::annual(&docx.view, &pairs, job.date)?))
            }
            None => None,
        };
        let mut files = Vec::new();
        for (c, f) in job.charts.iter().zip(chart_files) {
            let [svg, png, caption] = &c.files;
            files.extend([(svg, f.svg), (png, f.png), (caption, f.caption)]);
        }
        files.extend(docx);
        Ok(files)
    }
}

/// What rendering one job wrote.
struct Written {
    /// The cache entries of the files written.
    entries: Vec<(String, OutputEntry)>,
    /// Chart files of earlier runs the document no longer has, removed.
    removed: Vec<String>,
    /// Why the charts or the editable document could not be made, if so:
    /// the PDF, JSON and annex are written all the same.
    extras_failed: Option<String>,
}

/// Renders the jobs that changed into `out` and records them in its cache;
/// returns the output records.
pub(super) fn render_jobs(
    format: &FormatDef,
    options: &Options,
    out: &Path,
    cache: &Cache,
    jobs: Vec<Job>,
    progress: &Progress,
    outcome: &mut BuildOutcome,
) -> Result<BTreeMap<String, OutputEntry>> {
    let (renderer, templates_key) = renderer_for(format, options)?;
    let mut outputs = cache.outputs();
    outputs.retain(|path, _| !outcome.removed.contains(path));
    let mut renderers = Renderers {
        renderer,
        templates_key,
        out,
        force: options.force,
        cache: outputs,
    };
    renderers.run(jobs, progress, outcome)?;
    cache.save_outputs(&renderers.cache)?;
    Ok(renderers.cache)
}

/// The renderer of the templates in use (with the logo), and the key of
/// everything it depends on, for the render cache.
fn renderer_for(format: &FormatDef, options: &Options) -> Result<(Renderer, String)> {
    let templates = match &options.templates {
        Some(dir) => Templates::with_overrides(dir).map_err(|e| BadArgument(format!("--templates: {e:#}")))?,
        None => Templates::builtin(),
    };
    let mut parts: Vec<Vec<u8>> = vec![env!("CARGO_PKG_VERSION").into(), format.sha256.clone().into()];
    for (name, text) in templates.files() {
        parts.push(name.clone().into_bytes());
        parts.push(text.clone().into_bytes());
    }
    let mut renderer = Renderer::new(templates);
    if let Some(logo) = &options.logo {
        let bytes =
            std::fs::read(logo).map_err(|e| BadArgument(format!("--logo: cannot read {}: {e}", logo.display())))?;
        parts.push(bytes.clone());
        renderer.add_asset("/logo", bytes);
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    Ok((renderer, cache::key(&refs)))
}
