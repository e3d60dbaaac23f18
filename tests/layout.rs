//! A layout test the sample cannot fool: worst-case documents at the
//! network's real size (27 Member States, 80 citizenships with the longest
//! official names, 7-digit figures, 150 host countries, long texts) are
//! compiled in English and German, and their laid-out pages are walked
//! before PDF export. No two text runs may overlap, none may leave the page,
//! and none may pass the left or right edge of the text block; and what the
//! report must show (every Member State, host, indicator total, contribution)
//! is still printed, so no layout passes by dropping or hiding data.
//!
//! The checker itself is proven able to fail: a tiny override template that
//! prints overlapping and overflowing text must be reported, and an ordinary
//! report must not be.

use chrono::NaiveDate;
use ilo_report::format::{FormatDef, IndicatorDef, Scope};
use ilo_report::model::*;
use ilo_report::reference::{Half, Lang, Semester, countries};
use ilo_report::render::{Renderer, Templates, style, view};
use std::collections::BTreeMap;
use std::fmt;
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::text::TextItem;
use typst::visualize::Paint;
use typst_layout::PagedDocument;

// ---------------------------------------------------------------------------
// The frame walker
// ---------------------------------------------------------------------------

/// A text run's box on its page, in points from the page's top-left corner.
#[derive(Debug, Clone)]
struct TextBox {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    /// The right edge without hanging punctuation: Typst lets a line's
    /// final hyphen, comma, full stop, colon or semicolon hang partly into
    /// the right margin (`text.overhang`), as good typesetting does.
    x1_set: f64,
    /// Whether the run is set as a heading (the templates' headings are in
    /// the accent colour and larger than the body text).
    heading: bool,
}

impl TextBox {
    /// The run's text, shortened for a failure message.
    fn label(&self) -> String {
        let text: String = self.text.chars().take(48).collect();
        let more = if self.text.chars().count() > 48 { "…" } else { "" };
        format!("{:?}", format!("{text}{more}"))
    }
}

impl fmt::Display for TextBox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at ({:.1}, {:.1})–({:.1}, {:.1})",
            self.label(),
            self.x0,
            self.y0,
            self.x1,
            self.y1
        )
    }
}

/// The text runs of one page.
struct PageText {
    /// 1-based physical page number.
    number: usize,
    width: f64,
    height: f64,
    boxes: Vec<TextBox>,
}

/// Every text run of every page of a laid-out document, as boxes in page
/// coordinates.
fn pages_text(document: &PagedDocument) -> Vec<PageText> {
    document
        .pages()
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut boxes = Vec::new();
            walk(&page.frame, Transform::identity(), &mut boxes);
            PageText {
                number: i + 1,
                width: page.frame.width().to_pt(),
                height: page.frame.height().to_pt(),
                boxes,
            }
        })
        .collect()
}

/// Collects the text runs of `frame`, whose origin `ts` maps to the page.
///
/// Each item sits at a position relative to its frame's top-left corner; a
/// group's frame is drawn at its position with its own transform applied
/// on top (the order Typst's PDF exporter uses: translate, then transform).
fn walk(frame: &Frame, ts: Transform, out: &mut Vec<TextBox>) {
    for (pos, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => walk(&group.frame, here.pre_concat(group.transform), out),
            FrameItem::Text(text) => out.extend(text_box(text, here)),
            _ => {}
        }
    }
}

/// The box of one text run whose baseline starts at the origin of `ts`.
///
/// Horizontally: from the first to the last visible glyph, each glyph at the
/// sum of the advances before it plus its own offset and extending over its
/// advance (glyph metrics are in em, scaled by the font size); white space
/// at either end of the run counts for the pen position but not for the
/// box. Vertically: from the font's ascender above the baseline to its
/// descender below it. The four corners are mapped through `ts` and the box
/// is their bounding box, so scaled and rotated text is measured where it
/// is drawn. `None` for a run of white space only.
fn text_box(item: &TextItem, ts: Transform) -> Option<TextBox> {
    let size = item.size.to_pt();
    let mut cursor = 0.0;
    let (mut left, mut right, mut hang) = (f64::INFINITY, f64::NEG_INFINITY, 0.0);
    for glyph in &item.glyphs {
        let start = cursor + glyph.x_offset.get() * size;
        let advance = glyph.x_advance.get() * size;
        let text = item.text.get(glyph.range()).unwrap_or_default();
        if text.is_empty() || text.chars().any(|c| !c.is_whitespace()) {
            left = left.min(start);
            right = right.max(start + advance);
            hang = text.chars().last().map_or(0.0, overhang) * advance;
        }
        cursor += advance;
    }
    if left > right {
        return None;
    }
    let metrics = item.font.metrics();
    let top = -metrics.ascender.get() * size;
    let bottom = -metrics.descender.get() * size;
    let (x0, y0, x1, y1) = bounds(ts, left, top, right, bottom);
    Some(TextBox {
        text: item.text.to_string(),
        x0,
        y0,
        x1,
        y1,
        x1_set: bounds(ts, left, top, right - hang, bottom).2,
        heading: size > BODY_SIZE && matches!(&item.fill, Paint::Solid(c) if c.to_hex() == ACCENT),
    })
}

/// The body text's size in points (`common.typ`); headings are larger.
const BODY_SIZE: f64 = 10.0;

/// The headings' colour (`common.typ`'s `accent`, the EU blue).
const ACCENT: &str = "#003399";

/// The bounding box `(x0, y0, x1, y1)` on the page of the rectangle
/// `left..right` × `top..bottom` given in the coordinates of `ts`.
fn bounds(ts: Transform, left: f64, top: f64, right: f64, bottom: f64) -> (f64, f64, f64, f64) {
    let corners = [(left, top), (right, top), (left, bottom), (right, bottom)].map(|(x, y)| {
        let p = Point::new(Abs::pt(x), Abs::pt(y)).transform(ts);
        (p.x.to_pt(), p.y.to_pt())
    });
    corners.iter().fold(
        (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY),
        |(x0, y0, x1, y1), &(x, y)| (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
    )
}

/// How far a character may hang into the right margin at the end of a
/// line, as a fraction of its advance (Typst's own table, `overhang` in
/// typst-layout's `inline/line.rs`).
fn overhang(c: char) -> f64 {
    match c {
        '–' | '—' => 0.2,
        '-' | '\u{ad}' => 0.55,
        '.' | ',' => 0.8,
        ':' | ';' => 0.3,
        '\u{60C}' | '\u{6D4}' => 0.4,
        _ => 0.0,
    }
}

// ---------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------

/// How far boxes may overlap or pass an edge (in points) before it counts:
/// runs of one line that touch, rounding.
const TOLERANCE: f64 = 0.3;

/// One point = 1/72 inch; one millimetre in points.
const MM: f64 = 72.0 / 25.4;

/// The horizontal page margins of the templates (left, right), in points,
/// read from the first `margin:` of `report-templates/common.typ`
/// (`x: 22mm`, or `left:`/`right:`; lengths in mm, cm or pt).
fn text_block_margins() -> (f64, f64) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/report-templates/common.typ");
    let source = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let start = source
        .find("margin:")
        .unwrap_or_else(|| panic!("{path} sets no page margin"));
    let rest = &source[start + "margin:".len()..];
    let spec = &rest[..rest.find(')').unwrap_or(rest.len())];
    let length = |key: &str| -> Option<f64> {
        let at = spec
            .match_indices(key)
            .find(|(i, _)| *i == 0 || !spec.as_bytes()[i - 1].is_ascii_alphanumeric())?
            .0;
        let value = spec[at + key.len()..].trim_start();
        let end = value
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(value.len());
        let number: f64 = value[..end].parse().ok()?;
        let unit = &value[end..];
        Some(if unit.starts_with("mm") {
            number * MM
        } else if unit.starts_with("cm") {
            number * 10.0 * MM
        } else if unit.starts_with("pt") {
            number
        } else {
            return None;
        })
    };
    let x = length("x:");
    let left = length("left:").or(x);
    let right = length("right:").or(x);
    match (left, right) {
        (Some(l), Some(r)) => (l, r),
        _ => panic!("cannot read the horizontal page margins from {path}: {spec}"),
    }
}

/// A way a text run is misplaced.
#[derive(Debug)]
enum Fault {
    /// Two runs overlap by `w` × `h` points.
    Overlap {
        page: usize,
        a: TextBox,
        b: TextBox,
        w: f64,
        h: f64,
    },
    /// A run is (partly) outside the page.
    OffPage { page: usize, run: TextBox },
    /// A heading is the last line of a page: its text starts on the next.
    StrandedHeading { page: usize, run: TextBox },
    /// A run passes the left or right edge of the text block by `by` points.
    OutsideBlock {
        page: usize,
        run: TextBox,
        side: &'static str,
        by: f64,
    },
}

impl Fault {
    /// The page the fault is on.
    fn page(&self) -> usize {
        match self {
            Fault::Overlap { page, .. }
            | Fault::OffPage { page, .. }
            | Fault::StrandedHeading { page, .. }
            | Fault::OutsideBlock { page, .. } => *page,
        }
    }

    /// The top of the fault's (upper) text run.
    fn top(&self) -> f64 {
        match self {
            Fault::Overlap { a, b, .. } => a.y0.min(b.y0),
            Fault::OffPage { run, .. } | Fault::StrandedHeading { run, .. } | Fault::OutsideBlock { run, .. } => run.y0,
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Overlap { page, a, b, w, h } => {
                write!(f, "page {page}: overlap {w:.1}×{h:.1} pt: {a} and {b}")
            }
            Fault::OffPage { page, run } => write!(f, "page {page}: leaves the page: {run}"),
            Fault::StrandedHeading { page, run } => {
                write!(f, "page {page}: a heading is the page's last line: {run}")
            }
            Fault::OutsideBlock { page, run, side, by } => {
                write!(
                    f,
                    "page {page}: passes the {side} edge of the text block by {by:.1} pt: {run}"
                )
            }
        }
    }
}

/// Every fault of a laid-out document: overlapping runs, runs leaving the
/// page, runs passing the left or right edge of the text block (the page
/// width less the margins, so landscape pages are judged by their own width).
fn faults(document: &PagedDocument) -> Vec<Fault> {
    let (margin_left, margin_right) = text_block_margins();
    let mut found = Vec::new();
    let pages = document.pages().len();
    for page in pages_text(document) {
        let n = page.number;
        let block = (margin_left, page.width - margin_right);
        for run in &page.boxes {
            if run.x0 < -TOLERANCE
                || run.y0 < -TOLERANCE
                || run.x1 > page.width + TOLERANCE
                || run.y1 > page.height + TOLERANCE
            {
                found.push(Fault::OffPage {
                    page: n,
                    run: run.clone(),
                });
            }
            if run.x0 < block.0 - TOLERANCE {
                found.push(Fault::OutsideBlock {
                    page: n,
                    run: run.clone(),
                    side: "left",
                    by: block.0 - run.x0,
                });
            }
            if run.x1_set > block.1 + TOLERANCE {
                found.push(Fault::OutsideBlock {
                    page: n,
                    run: run.clone(),
                    side: "right",
                    by: run.x1_set - block.1,
                });
            }
        }
        if n < pages {
            found.extend(stranded_heading(&page));
        }
        found.extend(overlaps(n, page.boxes));
    }
    // Each page's faults from top to bottom, so that a failure message
    // shows overlaps and overflow of the same spot together.
    found.sort_by(|a, b| a.page().cmp(&b.page()).then(a.top().total_cmp(&b.top())));
    found
}

/// The heading that is the last line of a page's text block (the running
/// head and the footer are in the margins, above and below it), if any.
fn stranded_heading(page: &PageText) -> Option<Fault> {
    let (top, bottom) = (28.0 * MM, page.height - 26.0 * MM);
    // By the runs' tops: a last line's descenders hang below the block.
    let body = page.boxes.iter().filter(|b| b.y0 >= top - TOLERANCE && b.y0 <= bottom);
    let last = body.clone().map(|b| b.y0).fold(f64::NEG_INFINITY, f64::max);
    body.filter(|b| (b.y0 - last).abs() < 2.0)
        .find(|b| b.heading)
        .map(|b| Fault::StrandedHeading {
            page: page.number,
            run: b.clone(),
        })
}

/// Pairs of runs on a page whose boxes overlap by more than the tolerance
/// in both directions. Runs of the same line that merely touch (a run split
/// where the style or font changes) overlap by less and are not reported.
/// A sweep over the boxes sorted by their top keeps this fast on pages with
/// thousands of table cells.
fn overlaps(page: usize, mut boxes: Vec<TextBox>) -> Vec<Fault> {
    boxes.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    let mut found = Vec::new();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            if b.y0 >= a.y1 - TOLERANCE {
                break;
            }
            let w = a.x1.min(b.x1) - a.x0.max(b.x0);
            let h = a.y1.min(b.y1) - a.y0.max(b.y0);
            if w > TOLERANCE && h > TOLERANCE {
                found.push(Fault::Overlap {
                    page,
                    a: a.clone(),
                    b: b.clone(),
                    w,
                    h,
                });
            }
        }
    }
    found
}

/// How many faults a failure message lists.
const SHOWN: usize = 20;

/// Which faults a failure message lists: at most [`SHOWN`], spread over
/// the pages (two per page first, then the next ones), in document order.
fn shown(faults: &[Fault]) -> Vec<&Fault> {
    let mut picked: Vec<usize> = Vec::new();
    let mut per_page: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, f) in faults.iter().enumerate() {
        let n = per_page.entry(f.page()).or_default();
        if *n < 2 && picked.len() < SHOWN {
            *n += 1;
            picked.push(i);
        }
    }
    for i in 0..faults.len() {
        if picked.len() >= SHOWN {
            break;
        }
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked.sort_unstable();
    picked.into_iter().map(|i| &faults[i]).collect()
}

/// A failure message: counts by kind, then up to [`SHOWN`] faults.
fn describe(name: &str, pages: usize, faults: &[Fault]) -> String {
    let count = |f: fn(&Fault) -> bool| faults.iter().filter(|x| f(x)).count();
    let mut message = format!(
        "{name}: {} layout faults on {pages} pages ({} overlaps, {} outside the text block, {} off the page, {} stranded headings)\n",
        faults.len(),
        count(|f| matches!(f, Fault::Overlap { .. })),
        count(|f| matches!(f, Fault::OutsideBlock { .. })),
        count(|f| matches!(f, Fault::OffPage { .. })),
        count(|f| matches!(f, Fault::StrandedHeading { .. })),
    );
    for fault in shown(faults) {
        message.push_str(&format!("  {fault}\n"));
    }
    if faults.len() > SHOWN {
        message.push_str(&format!("  … and {} more\n", faults.len() - SHOWN));
    }
    message
}

/// Text folded for a containment check: white space (no-break spaces
/// too) and soft hyphens removed, so that a name broken over two lines of a
/// table cell or hyphenated at a line end is still found.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '\u{ad}').collect()
}

/// The texts of `shows` that `document` does not print.
fn missing<'a>(document: &PagedDocument, shows: &'a [String]) -> Vec<&'a String> {
    let printed: String = pages_text(document)
        .iter()
        .flat_map(|p| p.boxes.iter().map(|b| squash(&b.text)))
        .collect();
    shows.iter().filter(|s| !printed.contains(&squash(s))).collect()
}

/// Fails the test with the faults of `document` and with every text of
/// `shows` the document does not print: a layout is only clean if it
/// still shows what it must (no data dropped, hidden or cut to make room).
fn assert_clean_and_complete(name: &str, document: &PagedDocument, shows: &[String]) {
    let found = faults(document);
    let missing = missing(document, shows);
    let mut message = String::new();
    if !found.is_empty() {
        message.push_str(&describe(name, document.pages().len(), &found));
    }
    if !missing.is_empty() {
        message.push_str(&format!("{name}: {} texts are not printed:\n", missing.len()));
        for text in missing.iter().take(SHOWN) {
            message.push_str(&format!("  {text:?}\n"));
        }
    }
    assert!(message.is_empty(), "{message}");
}

/// What a semester report must show whatever its layout: the host, every
/// Member State and associate posting ILOs, every indicator's title and full
/// total, and the opening of every long contribution.
fn semester_essentials(report: &SemesterReport, lang: Lang) -> Vec<String> {
    let format = FormatDef::builtin();
    let mut shows = vec![countries::name(&report.host, lang)];
    shows.extend(
        report
            .composition
            .iter()
            .map(|p| countries::name(&p.item.member_state, lang)),
    );
    for table in &report.statistics {
        if let Some(ind) = format.indicator(&table.indicator) {
            shows.push(ind.title.get(lang).to_string());
        }
        if let Some(total) = table.total {
            shows.push(style::count(total));
        }
    }
    for (section, contributions) in &report.narrative {
        for c in contributions {
            shows.push(format!("{} ({section}).", c.member_state));
        }
    }
    shows
}

/// What an annual summary must show whatever its layout: every host, every
/// Member State and the drafters' text.
fn annual_essentials(summary: &AnnualSummary, lang: Lang) -> Vec<String> {
    let mut shows: Vec<String> = summary
        .coverage
        .iter()
        .map(|c| countries::name(&c.host, lang))
        .collect();
    shows.extend(summary.ilos.keys().map(|ms| countries::name(ms, lang)));
    shows.push("Human rights observations".into());
    shows
}

/// The date the test documents are compiled with.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 20).expect("a valid date")
}

/// Lays out a semester report with the built-in templates.
fn layout_semester(report: &SemesterReport, lang: Lang, problems: &[String]) -> PagedDocument {
    let presentation = view::Presentation::new(FormatDef::builtin(), lang);
    let data = view::semester(&presentation, report, true, problems);
    let document = Renderer::new(Templates::builtin())
        .layout("semester.typ", &data, today())
        .expect("the semester report compiles");
    typst::comemo::evict(0);
    document
}

/// Lays out an annual summary with the built-in templates.
fn layout_annual(summary: &AnnualSummary, lang: Lang) -> PagedDocument {
    let presentation = view::Presentation::new(FormatDef::builtin(), lang);
    let data = view::annual(&presentation, summary, Some("LIMITE"), false);
    let document = Renderer::new(Templates::builtin())
        .layout("annual.typ", &data, today())
        .expect("the annual summary compiles");
    typst::comemo::evict(0);
    document
}

// ---------------------------------------------------------------------------
// Worst-case data, built from the model types
// ---------------------------------------------------------------------------

/// The 27 Member States in protocol order.
const MEMBER_STATES: [&str; 27] = [
    "BE", "BG", "CZ", "DK", "DE", "EE", "IE", "EL", "ES", "FR", "HR", "IT", "CY", "LV", "LT", "LU", "HU", "MT", "NL",
    "AT", "PL", "PT", "RO", "SI", "SK", "FI", "SE",
];

/// Schengen associates, which post ILOs too.
const ASSOCIATES: [&str; 4] = ["IS", "NO", "CH", "LI"];

/// The semester of the worst-case report.
fn semester() -> Semester {
    Semester::new(2025, Half::H2)
}

/// Codes of non-EU countries with the longest names (the longer of the
/// English and German name, in characters), longest first.
fn longest_named_countries(n: usize) -> Vec<String> {
    let date = semester().end();
    let mut all: Vec<(usize, String)> = countries::all()
        .filter(|c| countries::is_eligible_host(&c.code, date) && !ASSOCIATES.contains(&c.code.as_str()))
        .map(|c| (c.en.chars().count().max(c.de.chars().count()), c.code.clone()))
        .collect();
    all.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    all.into_iter().take(n).map(|(_, code)| code).collect()
}

/// 80 citizenships: those with the longest official names (Democratic
/// Republic of the Congo, Saint Vincent and the Grenadines, Saint Kitts and
/// Nevis, São Tomé and Príncipe, Bosnia and Herzegovina, …).
fn citizenships() -> Vec<String> {
    let list = longest_named_countries(80);
    for code in ["CD", "VC", "KN", "ST", "CF", "BA"] {
        assert!(list.iter().any(|c| c == code), "{code} is among the longest names");
    }
    list
}

/// 150 host countries: every host of the annual summary's regions, then the
/// non-EU countries with the longest names.
fn hosts() -> Vec<String> {
    let regions: serde_json::Value =
        serde_json::from_str(include_str!("../report-templates/regions.json")).expect("regions.json is valid JSON");
    let mut hosts: Vec<String> = regions["regions"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["hosts"].as_array().into_iter().flatten())
        .filter_map(|h| h.as_str().map(str::to_string))
        .collect();
    for code in longest_named_countries(250) {
        if hosts.len() == 150 {
            break;
        }
        if !hosts.contains(&code) {
            hosts.push(code);
        }
    }
    assert_eq!(hosts.len(), 150);
    hosts
}

/// A deterministic figure for the `n`th cell: 7 digits at most, spread
/// over every width so that columns hold both short and long numbers.
fn figure(n: usize) -> u64 {
    const WIDTHS: [u64; 7] = [9_999_999, 8_765_432, 987_654, 76_543, 6_543, 543, 7];
    WIDTHS[n % WIDTHS.len()] - (n as u64 * 7919) % (WIDTHS[n % WIDTHS.len()] / 2 + 1)
}

/// A SHA-256-like digest for a file name.
fn digest(seed: usize) -> String {
    (0..64)
        .map(|i| char::from_digit(((seed * 31 + i * 7) % 16) as u32, 16).unwrap_or('0'))
        .collect()
}

/// Several hundred words from a Member State for a section, in the report
/// language (Member States write in it): long sentences, long compound
/// words in German, 7-digit figures, an e-mail address and legal references.
fn narrative_text(ms: &str, section: &str, words: usize, lang: Lang) -> String {
    let sentences: &[&str] = match lang {
        Lang::De => &[
            "Im Berichtszeitraum trafen die Verbindungsbeamten für Einwanderungsfragen die Generaldirektion für Migration und die Flughafenpolizei elfmal, um die Umsetzung der Standardarbeitsanweisungen für Dokumentenkontrollen an den Abfluggates zu erörtern.",
            "Das Netz beobachtete eine Zunahme betrügerisch erlangter echter Reisepässe auf der Grundlage gefälschter Personenstandsurkunden, insbesondere Geburtsurkunden und Staatsangehörigkeitsbescheinigungen kommunaler Standesämter.",
            "Die von den Behörden des Gastlandes übermittelten Zahlen (9 999 999 registrierte Grenzübertritte, davon 1 234 567 an Landgrenzen) konnten nicht unabhängig überprüft werden.",
            "Die Zusammenarbeit mit den Beförderungsunternehmen bei der Vorabübermittlung von Fluggastdaten wurde durch eine gemeinsame Schulungsveranstaltung für Bodenabfertigungspersonal und Sicherheitsbeauftragte verstärkt.",
            "Rückübernahmeersuchen wurden weiterhin mit erheblicher Verzögerung beantwortet; die durchschnittliche Bearbeitungsdauer der Identifizierungsverfahren lag bei 147 Tagen.",
            "Kontakt für Rückfragen: verbindungsbeamter.einwanderungsfragen@auswaertiges-amt.example.eu, Referat Grenzpolizeiliche Zusammenarbeit.",
            "Die Schleusernetzwerke nutzen zunehmend Aufenthaltstitelfälschungen und Visaerschleichungen über Reisebüros mit Geschäftssitz in Nachbarstaaten.",
            "Empfehlung: Ausweitung der Dokumentenberatereinsätze an den Drehkreuzflughäfen und Fortsetzung der gemeinsamen Risikoanalyse gemäß Artikel 6 der Verordnung (EG) Nr. 377/2004.",
        ],
        _ => &[
            "During the reporting period the immigration liaison officers met the Directorate-General for Migration and the airport police on eleven occasions to discuss the implementation of the standard operating procedures for document checks at the departure gates.",
            "The network observed an increase in genuine passports obtained fraudulently on the basis of counterfeit breeder documents, in particular birth certificates and certificates of nationality issued by municipal registry offices.",
            "Figures provided by the host authorities (9 999 999 border crossings recorded, of which 1 234 567 at land borders) could not be verified independently and should be read together with the statistics in Part II.",
            "Cooperation with commercial carriers on advance passenger information was strengthened through a joint training session for ground handling staff and aviation security officers.",
            "Readmission requests continued to be answered with considerable delay; the average duration of the identification procedures was 147 days.",
            "Contact for questions: immigration.liaison.officer@ministry-of-the-interior.example.eu, Unit for Border Police Cooperation and Document Security.",
            "Smuggling networks increasingly rely on counterfeit residence permits and on visas obtained by deception through travel agencies established in neighbouring countries.",
            "Recommendation: extend the deployment of document advisers at the hub airports and continue the joint risk analysis under Article 6 of Regulation (EC) No 377/2004.",
        ],
    };
    let mut text = format!("{ms} ({section}). ");
    let mut count = 0;
    let mut i = ms.bytes().map(usize::from).sum::<usize>();
    let mut in_paragraph = 0;
    while count < words {
        let s = sentences[i % sentences.len()];
        text.push_str(s);
        count += s.split_whitespace().count();
        in_paragraph += 1;
        text.push_str(if in_paragraph % 4 == 0 { "\n\n" } else { " " });
        i += 1;
    }
    text.trim_end().to_string()
}

/// I.1: every Member State and Schengen associate, each accredited to eight
/// long-named neighbouring countries and looking after five others.
fn postings(accreditations: &[String]) -> Vec<Attributed<Posting>> {
    MEMBER_STATES
        .iter()
        .chain(&ASSOCIATES)
        .enumerate()
        .map(|(i, ms)| Attributed {
            member_state: ms.to_string(),
            also_reported_by: Vec::new(),
            item: Posting {
                member_state: ms.to_string(),
                ilos: 1 + (i as u64 * 7) % 12,
                posted_at: Some(format!(
                    "Kinshasa (Embassy, Consular and Visa Section, Boulevard du 30 Juin, office {})",
                    100 + i
                )),
                accredited_to: accreditations.iter().cycle().skip(i).take(8).cloned().collect(),
                represents: MEMBER_STATES
                    .iter()
                    .cycle()
                    .skip(i + 1)
                    .take(5)
                    .map(|s| s.to_string())
                    .collect(),
            },
        })
        .collect()
}

/// I.2: a dozen meetings with every Member State present and long subjects.
fn meetings() -> Vec<Attributed<Meeting>> {
    (0..12)
        .map(|i| Attributed {
            member_state: MEMBER_STATES[i * 2 % 27].to_string(),
            also_reported_by: Vec::new(),
            item: Meeting {
                date: semester().start() + chrono::Days::new(i as u64 * 15),
                chair: Some(if i % 3 == 0 {
                    "Commission (Directorate-General for Migration and Home Affairs)".to_string()
                } else {
                    MEMBER_STATES[i * 5 % 27].to_string()
                }),
                participants: MEMBER_STATES.iter().chain(&ASSOCIATES).map(|s| s.to_string()).collect(),
                commission_present: Some(i % 2 == 0),
                frontex_present: if i % 4 == 3 { None } else { Some(true) },
                subjects: Some(format!(
                    "Meeting {}: exchange of information on document fraud at the international airport, \
                     coordinated positions towards commercial carriers, joint training of consular staff, \
                     readmission and return of third-country nationals without authorisation to stay, \
                     preparation of the semester report under Article 6 of Regulation (EC) No 377/2004 \
                     and of the contribution to the Frontex risk analysis network",
                    i + 1
                )),
            },
        })
        .collect()
}

/// I.5: trainings for every audience, with long titles and organisers.
fn training() -> Vec<Attributed<Training>> {
    let audiences = ["ilos", "consular-staff", "host-authorities"];
    (0..9)
        .map(|i| Attributed {
            member_state: MEMBER_STATES[i * 3 % 27].to_string(),
            also_reported_by: Vec::new(),
            item: Training {
                date: semester().start() + chrono::Days::new(i as u64 * 19),
                title: "Detection of falsified travel and identity documents and of impostors at border \
                        crossing points, with practical exercises on breeder documents"
                    .to_string(),
                organiser: Some(
                    "Frontex Centre of Excellence for Combating Document Fraud with the Federal Police".to_string(),
                ),
                audience: audiences[i % 3].to_string(),
                participants: Some(figure(i) / 1000),
            },
        })
        .collect()
}

/// Narrative: every Member State writes several hundred words in I.3, II.1
/// and II.3; a few write shorter texts in every other section.
fn narrative(format: &FormatDef, lang: Lang) -> BTreeMap<String, Vec<Contribution>> {
    let mut sections = BTreeMap::new();
    for s in &format.sections {
        let long = ["I.3", "II.1", "II.3"].contains(&s.id.as_str());
        let writers: Vec<&str> = if long {
            MEMBER_STATES.to_vec()
        } else {
            MEMBER_STATES.iter().step_by(9).copied().collect()
        };
        let words = if long { 320 } else { 90 };
        sections.insert(
            s.id.clone(),
            writers
                .iter()
                .map(|ms| Contribution {
                    member_state: ms.to_string(),
                    text: narrative_text(ms, &s.id, words, lang),
                })
                .collect(),
        );
    }
    sections
}

/// II.2: routes through several long-named transit countries, every mode
/// and trend.
fn routes(names: &[String]) -> Vec<Attributed<Route>> {
    let modes = ["air", "land", "sea"];
    let trends = ["up", "stable", "down"];
    (0..18)
        .map(|i| Attributed {
            member_state: MEMBER_STATES[i % 27].to_string(),
            also_reported_by: Vec::new(),
            item: Route {
                origin: names[i % names.len()].clone(),
                transit: names.iter().cycle().skip(i + 3).take(4).cloned().collect(),
                destination: MEMBER_STATES[(i * 7) % 27].to_string(),
                mode: Some(modes[i % 3].to_string()),
                trend: Some(trends[(i / 3) % 3].to_string()),
                description: Some(
                    "Migrants travel overland to the coast with the help of facilitators, then on overcrowded \
                     boats; payments of 9 999 999 CDF per person via informal money transfer were reported"
                        .to_string(),
                ),
            },
        })
        .collect()
}

/// II.6: every document type with every kind of fraud, long-named issuing
/// countries and 7-digit counts.
fn documents(names: &[String], format: &FormatDef) -> Vec<Attributed<DocumentFraud>> {
    let choices = |table: &str, column: &str| -> Vec<String> {
        format
            .table(table)
            .and_then(|t| t.column(column))
            .map(|c| c.choices.clone())
            .expect("the documents table has its choices")
    };
    let types = choices("documents", "document_type");
    let frauds = choices("documents", "fraud_type");
    let mut out = Vec::new();
    for (i, t) in types.iter().enumerate() {
        for (j, f) in frauds.iter().enumerate() {
            let n = i * frauds.len() + j;
            out.push(Attributed {
                member_state: MEMBER_STATES[n % 27].to_string(),
                also_reported_by: Vec::new(),
                item: DocumentFraud {
                    document_type: t.clone(),
                    issuing_country: Some(names[n % names.len()].clone()),
                    fraud_type: f.clone(),
                    count: figure(n),
                    note: Some(
                        "Detected at the departure gate during a joint check with the airline's security staff".into(),
                    ),
                    origin: None,
                },
            });
        }
    }
    out
}

/// The rows of one indicator: every citizenship (and "not specified")
/// with its breakdowns, or the breakdowns alone where the indicator has no
/// citizenship; per-member-state figures from all 27 Member States,
/// host-wide ones reported by all 27.
fn indicator_table(ind: &IndicatorDef, citizenships: &[String], seed: usize) -> IndicatorTable {
    let mut cits: Vec<Option<String>> = if ind.by_citizenship {
        citizenships.iter().cloned().map(Some).collect()
    } else {
        Vec::new()
    };
    cits.push(None);
    let breakdowns: Vec<Option<String>> = if ind.breakdowns.is_empty() {
        vec![None]
    } else {
        ind.breakdowns.iter().cloned().map(Some).collect()
    };
    let mut rows = Vec::new();
    for (c, citizenship) in cits.iter().enumerate() {
        // The ten main citizenships are reported with every breakdown, the
        // others with three of the refusal grounds (a person is rarely
        // refused on every ground) or both kinds of return.
        let reported: Vec<&Option<String>> = if c < 10 || breakdowns.len() <= 3 {
            breakdowns.iter().collect()
        } else {
            breakdowns.iter().cycle().skip(c).take(3).collect()
        };
        for breakdown in reported {
            let n = seed + rows.len();
            let (by_member_state, total, reported_by) = match ind.scope {
                Scope::PerMemberState => {
                    // The first row carries the widest figures; later rows
                    // fall off so that totals stay at 8 digits.
                    let by: BTreeMap<String, u64> = MEMBER_STATES
                        .iter()
                        .enumerate()
                        .map(|(m, ms)| {
                            let v = if rows.is_empty() {
                                figure(m) / 3
                            } else {
                                figure(n + m) / (n as u64 * 40)
                            };
                            (ms.to_string(), v.max(1))
                        })
                        .collect();
                    let total = by.values().sum();
                    (by, total, Vec::new())
                }
                Scope::HostWide => (
                    BTreeMap::new(),
                    figure(n).max(1),
                    MEMBER_STATES.iter().map(|s| s.to_string()).collect(),
                ),
            };
            rows.push(StatisticsRow {
                citizenship: citizenship.clone(),
                breakdown: breakdown.clone(),
                by_member_state,
                total,
                reported_by,
                sources: BTreeMap::new(),
            });
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.total));
    let member_states = match ind.scope {
        Scope::PerMemberState => MEMBER_STATES.iter().map(|s| s.to_string()).collect(),
        Scope::HostWide => Vec::new(),
    };
    IndicatorTable::new(ind, member_states, rows)
}

/// Every indicator of the catalogue with all its breakdowns.
fn statistics(format: &FormatDef, citizenships: &[String]) -> Vec<IndicatorTable> {
    format
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| indicator_table(ind, citizenships, i * 1000))
        .collect()
}

/// The worst-case semester report: a host with a long name, 27 Member
/// States and the four Schengen associates, 80 citizenships, every indicator
/// with its breakdowns, long texts from everyone, conflicts and sources.
fn worst_semester_report(lang: Lang) -> SemesterReport {
    let format = FormatDef::builtin();
    let semester = semester();
    let citizenships = citizenships();
    let statistics = statistics(format, &citizenships);
    let conflicts = (0..6)
        .map(|i| Conflict {
            what: format!(
                "host-apprehensions — {} (A)",
                countries::name(&citizenships[i], Lang::En)
            ),
            values: MEMBER_STATES
                .iter()
                .enumerate()
                .map(|(m, ms)| format!("{ms}: {}", figure(m + i)))
                .collect(),
        })
        .collect();
    let sources = MEMBER_STATES
        .iter()
        .enumerate()
        .map(|(i, ms)| SourceEntry {
            member_state: ms.to_string(),
            files: (0..2)
                .map(|f| SourceFile {
                    path: format!(
                        "inbox/{ms}/{ms}_CD_{semester}_ILO-network-report_submission-final-revised_v{}.xlsx",
                        f + 2
                    ),
                    sha256: digest(i * 2 + f),
                    received: NaiveDate::from_ymd_opt(2026, 1, 9),
                })
                .collect(),
            drafted_on: Some(semester.end()),
        })
        .collect();
    SemesterReport {
        format: format.id.clone(),
        draft: false,
        host: "CD".into(),
        semester,
        period_start: semester.start(),
        period_end: semester.end(),
        presidency: semester.presidency().map(str::to_string),
        drafting_member_state: Some("NL".into()),
        acting_on_behalf: true,
        date: Some(semester.end()),
        reference: format!("ILO/CD/{semester}/RESTREINT-UE/2025-12-31/0001-rev.2"),
        classification: Some("RESTREINT UE/EU RESTRICTED".into()),
        language: lang.code().into(),
        composition: postings(&citizenships),
        total_ilos: postings(&citizenships).iter().map(|p| p.item.ilos).sum(),
        meetings: meetings(),
        training: training(),
        narrative: narrative(format, lang),
        routes: routes(&citizenships),
        documents: documents(&citizenships, format),
        statistics,
        conflicts,
        sources,
        silent_member_states: ["IE", "CY", "MT", "LU"].iter().map(|s| s.to_string()).collect(),
        redacted: 0,
        drafting_text: Some(drafting_text(lang)),
        council: CouncilNumber {
            number: Some("148601/25".into()),
            revision: 12,
        },
    }
}

/// The drafting Member State's text of the worst-case report: a long
/// summary, a synthesis with subheadings and lists in several sections and
/// the statistics, and conclusions, so that the body is the synthesis and
/// every contribution goes to the annex.
fn drafting_text(lang: Lang) -> DraftingText {
    let long = |topic: &str| narrative_text("NL", topic, 420, lang);
    let mut sections = BTreeMap::new();
    for id in ["I.3", "I.8", "II.1", "II.3", "II.6", "statistics"] {
        sections.insert(
            id.to_string(),
            format!(
                "{}\n\n## A subheading of {id} long enough to wrap onto a second line of the text block\n\n- {}\n- {}\n\n#### A heading three levels down\n\n1. {}",
                long(id),
                long("first point"),
                long("second point"),
                long("numbered point")
            ),
        );
    }
    DraftingText {
        file: "inbox/CD_2025-H2.drafting.md".into(),
        summary: Some(format!("{}\n\n{}", long("summary"), long("summary, continued"))),
        sections,
        conclusions: Some(format!(
            "## Recommendations\n\n1. {}\n2. {}",
            long("recommendation"),
            long("another")
        )),
    }
}

/// Problems of a draft build, with long file names and cells.
fn draft_problems() -> Vec<String> {
    (0..8)
        .map(|i| {
            format!(
                "inbox/{ms}/{ms}_CD_2025-H2_ILO-network-report_submission-final-revised_v2.xlsx, sheet Statistics, \
                 cell D{row}: the value 99999999999 is not a whole number of persons",
                ms = MEMBER_STATES[i * 3],
                row = 1000 + i
            )
        })
        .collect()
}

/// The worst-case annual summary: 150 hosts, 27 Member States posting ILOs
/// in most of them, activity and every indicator's figures for every host,
/// and the drafters' text.
fn worst_annual_summary(lang: Lang) -> AnnualSummary {
    let format = FormatDef::builtin();
    let hosts = hosts();
    let coverage = hosts
        .iter()
        .enumerate()
        .map(|(i, h)| Coverage {
            host: h.clone(),
            h1: i % 7 != 3,
            h2: i % 11 != 5,
            h1_drafted_by: (i % 7 != 3).then(|| MEMBER_STATES[i % 27].to_string()),
            h2_drafted_by: (i % 11 != 5 && i % 4 != 0).then(|| MEMBER_STATES[(i + 5) % 27].to_string()),
        })
        .collect();
    // Every host's network on 30 June and 31 December: Member States come
    // and go, some represent up to five others.
    let network = hosts
        .iter()
        .enumerate()
        .map(|(h, host)| {
            let at = |shift: usize| -> BTreeMap<String, u64> {
                MEMBER_STATES
                    .iter()
                    .enumerate()
                    .filter(|(m, _)| !(h + m + shift).is_multiple_of(5))
                    .map(|(m, ms)| (ms.to_string(), 1 + ((h * 13 + m * 7 + shift) % 40) as u64))
                    .collect()
            };
            let represents = MEMBER_STATES
                .iter()
                .enumerate()
                .filter(|(m, _)| (h + m) % 9 == 0)
                .map(|(m, ms)| {
                    let others = (1..=5).map(|k| MEMBER_STATES[(m + k) % 27].to_string()).collect();
                    (ms.to_string(), others)
                })
                .collect();
            NetworkChange {
                host: host.clone(),
                june: (h % 7 != 3).then(|| at(0)),
                december: (h % 11 != 5).then(|| at(2)),
                represents,
            }
        })
        .collect();
    // Difficulties, recommendations and incidents from several Member
    // States per host and semester, in long official sentences.
    let long = "The host authorities' new border management strategy, adopted after consultation of the \
                International Organization for Migration and the United Nations High Commissioner for Refugees, \
                changed the procedures at the Hamad International Airport and at the land border crossing points; \
                the network recommends a joint training programme for consular staff of the Member States.";
    let entry = |h: usize, host: &String, half: Half, section: &str, m: usize| DigestEntry {
        host: host.clone(),
        semester: if half == Half::H1 { "2025-H1" } else { "2025-H2" }
            .parse()
            .expect("a semester"),
        section: section.into(),
        member_state: MEMBER_STATES[(h + m) % 27].to_string(),
        text: format!("{long}\n\nA second paragraph the digest leaves out."),
    };
    let digest = hosts
        .iter()
        .enumerate()
        .flat_map(|(h, host)| {
            [Half::H1, Half::H2].into_iter().flat_map(move |half| {
                ["I.8", "II.5"]
                    .into_iter()
                    .flat_map(move |section| (0..3).map(move |m| entry(h, host, half, section, m)))
            })
        })
        .collect();
    let human_rights = hosts
        .iter()
        .enumerate()
        .filter(|(h, _)| h % 4 == 0)
        .map(|(h, host)| entry(h, host, Half::H2, "II.10", 1))
        .collect();
    let ilos = MEMBER_STATES
        .iter()
        .enumerate()
        .map(|(m, ms)| {
            let per_host = hosts
                .iter()
                .enumerate()
                .filter(|(h, _)| (h + m) % 5 != 0)
                .map(|(h, host)| (host.clone(), 1 + ((h * 13 + m * 7) % 40) as u64))
                .collect();
            (ms.to_string(), per_host)
        })
        .collect();
    let activity = hosts
        .iter()
        .enumerate()
        .map(|(i, h)| Activity {
            host: h.clone(),
            meetings: 10 + (i as u64 % 90),
            meetings_with_commission: i as u64 % 10,
            meetings_with_frontex: i as u64 % 12,
            trainings: 100 + i as u64,
            training_participants: figure(i),
        })
        .collect();
    let figures = hosts
        .iter()
        .enumerate()
        .flat_map(|(h, host)| {
            format.indicators.iter().enumerate().map(move |(k, ind)| {
                let n = h * 16 + k;
                let (h1, h2) = (figure(n), figure(n + 1));
                AnnualFigure {
                    host: host.clone(),
                    indicator: ind.id.clone(),
                    h1: Some(h1),
                    h2: if n % 13 == 0 { None } else { Some(h2) },
                    year: h1 + h2,
                    previous_year: if n % 5 == 0 { None } else { Some(figure(n + 3) / 7 + 1) },
                }
            })
        })
        .collect();
    let drafters_text = Some(
        "## Main developments\n\nThe networks reported **increasing document fraud** at hub airports and a shift \
         of routes towards the Atlantic. *Readmission cooperation* remained uneven.\n\n\
         - Extend the deployment of document advisers at hub airports in the Democratic Republic of the Congo and \
         Saint Vincent and the Grenadines.\n\
         - Continue the joint risk analysis with Frontex under Article 6 of Regulation (EC) No 377/2004.\n\n\
         ## Human rights observations\n\nReports on the treatment of intercepted migrants in detention centres \
         were received from 17 networks; the Commission will follow them up with the host authorities.\n"
            .to_string(),
    );
    AnnualSummary {
        format: format.id.clone(),
        year: 2025,
        language: lang.code().into(),
        coverage,
        ilos,
        activity,
        figures,
        network,
        digest,
        human_rights,
        drafters_text,
    }
}

/// A small report as one network sends it: two Member States, three
/// citizenships, short figures and texts.
fn modest_semester_report() -> SemesterReport {
    let format = FormatDef::builtin();
    let mut report = worst_semester_report(Lang::En);
    let few = ["MA", "SN", "ML"].map(String::from);
    report.host = "MA".into();
    report.composition.truncate(2);
    report.total_ilos = report.composition.iter().map(|p| p.item.ilos).sum();
    for p in &mut report.composition {
        p.item.accredited_to = vec!["MR".into()];
        p.item.represents.clear();
        p.item.posted_at = Some("Rabat".into());
    }
    report.meetings.truncate(2);
    for m in &mut report.meetings {
        m.item.participants = vec!["BE".into(), "FR".into()];
        m.item.subjects = Some("Document fraud".into());
        m.item.chair = Some("FR".into());
    }
    report.training.truncate(1);
    report.narrative = narrative(format, Lang::En)
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().take(1).collect()))
        .collect();
    report.routes.clear();
    report.documents.clear();
    report.statistics = format
        .indicators
        .iter()
        .filter(|i| i.breakdowns.is_empty())
        .map(|ind| {
            let mut t = indicator_table(ind, &few, 0);
            for r in &mut t.rows {
                r.by_member_state.retain(|ms, _| ms == "BE" || ms == "FR");
                for v in r.by_member_state.values_mut() {
                    *v = *v % 500 + 1;
                }
                r.total = if ind.scope == Scope::HostWide {
                    42
                } else {
                    r.by_member_state.values().sum()
                };
                r.reported_by.truncate(2);
            }
            t.member_states.retain(|ms| ms == "BE" || ms == "FR");
            t.total = t.figure(|r| Some(r.total));
            t
        })
        .collect();
    report.conflicts.clear();
    report.sources.truncate(2);
    for s in &mut report.sources {
        s.files.truncate(1);
        s.files[0].path = format!("{}_MA_2025-H2.xlsx", s.member_state);
    }
    report.silent_member_states.clear();
    report.classification = None;
    report.reference = "ILO/MA/2025-H2".into();
    report
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[test]
fn worst_case_semester_report_lays_out_cleanly_in_english() {
    let report = worst_semester_report(Lang::En);
    let document = layout_semester(&report, Lang::En, &draft_problems());
    assert_clean_and_complete(
        "semester report CD_2025-H2 (en)",
        &document,
        &semester_essentials(&report, Lang::En),
    );
}

#[test]
fn a_table_too_wide_for_a_portrait_page_goes_landscape_with_its_heading() {
    // Nine refusal grounds with 10-digit figures cannot fit a portrait page.
    let mut report = worst_semester_report(Lang::En);
    let refusals = report
        .statistics
        .iter_mut()
        .find(|t| t.indicator == "refusals-of-entry")
        .expect("the worst case has refusals of entry");
    for row in &mut refusals.rows {
        row.total *= 1000;
        row.by_member_state.values_mut().for_each(|v| *v *= 1000);
    }
    refusals.total = refusals.figure(|r| Some(r.total));
    let document = layout_semester(&report, Lang::En, &[]);
    assert_clean_and_complete(
        "semester report with 10-digit refusals",
        &document,
        &semester_essentials(&report, Lang::En),
    );
    let landscape: Vec<String> = pages_text(&document)
        .into_iter()
        .filter(|p| p.width > p.height)
        .map(|p| squash(&p.boxes.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join(" ")))
        .collect();
    assert!(!landscape.is_empty(), "a table that needs a landscape page gets one");
    assert!(
        landscape
            .iter()
            .any(|text| text.contains(&squash("Refusals of entry at the external border persons"))),
        "the heading is on the landscape page of its table"
    );
}

#[test]
fn worst_case_semester_report_lays_out_cleanly_in_german() {
    let report = worst_semester_report(Lang::De);
    let document = layout_semester(&report, Lang::De, &draft_problems());
    assert_clean_and_complete(
        "semester report CD_2025-H2 (de)",
        &document,
        &semester_essentials(&report, Lang::De),
    );
}

#[test]
fn worst_case_annual_summary_lays_out_cleanly_in_english() {
    let summary = worst_annual_summary(Lang::En);
    let document = layout_annual(&summary, Lang::En);
    assert_clean_and_complete(
        "annual summary 2025 (en)",
        &document,
        &annual_essentials(&summary, Lang::En),
    );
}

#[test]
fn worst_case_annual_summary_lays_out_cleanly_in_german() {
    let summary = worst_annual_summary(Lang::De);
    let document = layout_annual(&summary, Lang::De);
    assert_clean_and_complete(
        "annual summary 2025 (de)",
        &document,
        &annual_essentials(&summary, Lang::De),
    );
}

/// The checker raises no false alarm on an ordinary report: justified
/// paragraphs, bold and regular runs side by side, tables, headings, the
/// outline and the running header and footer.
#[test]
fn a_modest_report_lays_out_cleanly() {
    let report = modest_semester_report();
    let document = layout_semester(&report, Lang::En, &[]);
    assert!(document.pages().len() >= 2);
    assert_clean_and_complete(
        "semester report MA_2025-H2 (en)",
        &document,
        &semester_essentials(&report, Lang::En),
    );
}

/// The checker can fail: a template that prints two overlapping texts, a
/// text running past the right margin, a text scaled past it (the group
/// transform must be applied), and a text above the page is reported on
/// every count, while a normal paragraph on the same page is not; and a
/// text the page does not print is found missing.
#[test]
fn the_checker_reports_overlapping_and_overflowing_text() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("semester.typ"),
        r##"
#set page(paper: "a4", margin: (top: 28mm, bottom: 26mm, x: 22mm))
#set text(font: "Libertinus Serif", size: 10pt)
#set par(justify: true)
Control paragraph that fits the text block. It is long enough to be set on several lines and
justified, with *bold* and _italic_ runs beside regular ones, so that runs of one line touch.
#place(top + left, dy: 40mm)[Alpha overlapping text]
#place(top + left, dx: 6mm, dy: 41mm)[Beta overlapping text]
#place(top + left, dx: 150mm, dy: 60mm)[Runs past the right margin of the page]
#place(top + left, dy: 80mm, scale(x: 400%, origin: left, reflow: false)[Stretched far beyond the right margin])
#place(top + left, dy: -40mm)[Above the page]
#show heading: set text(fill: rgb("#003399"), size: 12pt)
#show heading: set block(sticky: false)
#v(1fr)
= Stranded heading
#pagebreak()
Its text, alone on the next page, under a heading that is not stranded:
= Kept heading
With its text.
"##,
    )
    .expect("the template is written");
    let renderer = Renderer::new(Templates::with_overrides(dir.path()).expect("the override is read"));
    let document = renderer
        .layout("semester.typ", &serde_json::json!({}), today())
        .expect("the template compiles");
    let found = faults(&document);
    let report = describe("override template", document.pages().len(), &found);
    let mentions = |f: &Fault, text: &str| match f {
        Fault::Overlap { a, b, .. } => a.text.contains(text) || b.text.contains(text),
        Fault::OffPage { run, .. } | Fault::StrandedHeading { run, .. } | Fault::OutsideBlock { run, .. } => {
            run.text.contains(text)
        }
    };
    assert!(
        found.iter().any(|f| matches!(f, Fault::Overlap { a, b, .. }
            if [a, b].iter().any(|r| r.text.contains("Alpha")) && [a, b].iter().any(|r| r.text.contains("Beta")))),
        "the overlap is reported:\n{report}"
    );
    assert!(
        found
            .iter()
            .any(|f| matches!(f, Fault::OutsideBlock { side: "right", .. }) && mentions(f, "margin")),
        "the text past the right margin is reported:\n{report}"
    );
    assert!(
        found.iter().any(
            |f| matches!(f, Fault::OutsideBlock { side: "right", by, .. } if *by > 50.0) && mentions(f, "Stretched")
        ),
        "the scaled text is measured as drawn:\n{report}"
    );
    assert!(
        found
            .iter()
            .any(|f| matches!(f, Fault::OffPage { .. }) && mentions(f, "Above")),
        "the text above the page is reported:\n{report}"
    );
    assert!(
        found
            .iter()
            .any(|f| matches!(f, Fault::StrandedHeading { page: 1, .. }) && mentions(f, "Stranded")),
        "the heading at the foot of the page is reported:\n{report}"
    );
    assert!(
        !found
            .iter()
            .any(|f| matches!(f, Fault::StrandedHeading { .. }) && mentions(f, "Kept")),
        "a heading followed by its text is not reported:\n{report}"
    );
    assert!(
        !found.iter().any(|f| ["Control", "bold", "italic", "justified"]
            .iter()
            .any(|t| mentions(f, t))),
        "the ordinary paragraph is not reported:\n{report}"
    );
    let shows = ["Control paragraph".to_string(), "Not printed anywhere".to_string()];
    assert_eq!(
        missing(&document, &shows),
        [&shows[1]],
        "a text the page lacks is found missing"
    );
    println!("{report}");
}
