//! Stage benchmarks on a generated inbox: reading (cells/s by format, and
//! calamine/csv alone as the floor), normalising, typesetting (pages/s)
//! and the chart files.
//! Run with `cargo bench --bench pipeline` (set ILO_BENCH_HOSTS to change
//! the size; default 10 hosts × 27 Member States × 2 semesters).

use ilo_report::format::FormatDef;
use ilo_report::ingest::{self, FileKind, Limits, Value};
use ilo_report::normalise::{ReportOptions, merge, submission};
use ilo_report::render::{Renderer, Templates, chart, view};
use std::collections::BTreeMap;
use std::time::Instant;

fn main() {
    let hosts: usize = std::env::var("ILO_BENCH_HOSTS")
        .ok()
        .and_then(|h| h.parse().ok())
        .unwrap_or(10);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let spec = ilo_report::generate::Spec {
        member_states: 27,
        hosts,
        year: 2025,
        seed: 1,
    };
    let files = ilo_report::generate::generate(&spec, dir.path()).expect("the generator runs");
    println!("inbox: {files} files (27 Member States × {hosts} hosts × 2 semesters)");
    let format = FormatDef::builtin();
    let limits = Limits::default();
    let paths = ingest::discover(dir.path()).expect("listing");

    // Reading, per format: our reader (ingest + normalise of one file) and the floor.
    let mut by_ext: BTreeMap<String, (usize, u64, f64, f64)> = BTreeMap::new();
    let mut partials = Vec::new();
    for path in &paths {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_string();
        let t = Instant::now();
        let file = ingest::load(path, "f", &limits).expect("load");
        let grids = ingest::read_grids(&file, &limits).expect("read");
        let outcome = submission::read_file(format, &file, &grids);
        let ours = t.elapsed().as_secs_f64();
        let cells: u64 = grids
            .iter()
            .map(|g| {
                g.rows
                    .iter()
                    .map(|r| r.iter().filter(|v| **v != Value::Empty).count() as u64)
                    .sum::<u64>()
            })
            .sum();
        partials.extend(outcome.partials);
        let t = Instant::now();
        floor(path);
        let floor = t.elapsed().as_secs_f64();
        let e = by_ext.entry(ext).or_default();
        *e = (e.0 + 1, e.1 + cells, e.2 + ours, e.3 + floor);
    }
    println!("\n| format | files | cells | ilo-report read+check | cells/s | calamine/csv alone | cells/s |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (ext, (n, cells, ours, floor)) in &by_ext {
        println!(
            "| {ext} | {n} | {cells} | {:.0} ms | {:.0} | {:.0} ms | {:.0} |",
            ours * 1e3,
            *cells as f64 / ours,
            floor * 1e3,
            *cells as f64 / floor
        );
    }

    let t = Instant::now();
    let mut diags = Vec::new();
    let submissions = merge::combine(format, partials, &mut diags);
    let reports = merge::semester_reports(format, &submissions, &ReportOptions::default(), &mut diags);
    println!(
        "\nnormalise: {} submissions → {} reports in {:.0} ms",
        submissions.len(),
        reports.len(),
        t.elapsed().as_secs_f64() * 1e3
    );

    let renderer = Renderer::new(Templates::builtin());
    let sample: Vec<_> = reports.iter().take(6).collect();
    let t = Instant::now();
    let mut pages = 0;
    let mut views = Vec::new();
    for r in &sample {
        let presentation = view::Presentation::new(format, Default::default());
        let data = view::semester(&presentation, r, false, &[]);
        let pdf = renderer
            .pdf("semester.typ", &data, r.period_end, &r.key().to_string())
            .expect("render");
        pages += count_pages(&pdf);
        views.push((data, r.period_end));
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "render (one thread): {} reports, {pages} pages in {:.0} ms = {:.1} pages/s, {:.0} ms per report",
        sample.len(),
        secs * 1e3,
        pages as f64 / secs,
        secs * 1e3 / sample.len() as f64
    );

    // The same reports' charts as files (SVG, PNG, caption).
    let t = Instant::now();
    let mut charts = 0;
    let mut bytes = 0;
    for (data, date) in &views {
        for (_, chart) in chart::charts_in(data) {
            let files = chart::files(&renderer, data, chart, *date).expect("chart");
            charts += 1;
            bytes += files.svg.len() + files.png.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "charts (one thread): {charts} charts as SVG and PNG ({} KB) in {:.0} ms, {:.1} ms per chart",
        bytes / 1024,
        secs * 1e3,
        secs * 1e3 / charts.max(1) as f64
    );

    // The annual summary of all the reports: PDF, its charts, and the DOCX.
    let all: Vec<_> = reports.iter().collect();
    let summary = ilo_report::normalise::annual::summarise(format, 2025, &all, "en", None);
    let presentation = view::Presentation::new(format, Default::default());
    let annual = view::annual_view(&presentation, &summary, None, false);
    let data = serde_json::to_value(&annual).expect("the view as JSON");
    let date = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).expect("a date");
    let t = Instant::now();
    let pdf = renderer.pdf("annual.typ", &data, date, "annual").expect("render");
    let pdf_ms = t.elapsed().as_secs_f64() * 1e3;
    let charts = chart::charts_in(&data);
    let files: Vec<_> = charts
        .iter()
        .map(|(_, c)| chart::files(&renderer, &data, c, date).expect("chart"))
        .collect();
    let pairs: Vec<_> = charts.iter().map(|(_, c)| *c).zip(&files).collect();
    let t = Instant::now();
    let docx = ilo_report::render::docx::annual(&annual, &pairs, date).expect("docx");
    println!(
        "annual summary ({hosts} hosts): PDF {} pages in {pdf_ms:.0} ms; DOCX {} KB in {:.0} ms",
        count_pages(&pdf),
        docx.len() / 1024,
        t.elapsed().as_secs_f64() * 1e3
    );
}

/// The same file read by calamine or csv alone.
fn floor(path: &std::path::Path) {
    use calamine::Reader;
    match FileKind::of(path) {
        Some(FileKind::Csv) => {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_path(path)
                .expect("csv");
            let n = r.records().count();
            std::hint::black_box(n);
        }
        _ => {
            let mut wb = calamine::open_workbook_auto(path).expect("workbook");
            for name in wb.sheet_names() {
                std::hint::black_box(wb.worksheet_range(&name).map(|r| r.get_size()).ok());
            }
        }
    }
}

/// Pages of a PDF (its objects are in compressed object streams, so the
/// page tree is read with lopdf).
fn count_pages(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf).map_or(0, |d| d.get_pages().len())
}
