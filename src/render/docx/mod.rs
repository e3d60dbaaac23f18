//! The annual summary as an editable Word document (`.docx`) for the
//! Commission's drafters: the same view as the PDF (`annual.typ`), in the
//! same order — headings, real tables, the charts as images with their
//! figures in words as alternative text, the drafters' text — written with
//! `docx-rs`, then packaged reproducibly by [`package`].

mod package;

use super::chart::ChartFiles;
use super::markdown::{Block, Span};
use super::table::Table as ViewTable;
use super::view::{AnnualView, Chart, HostDigest, Page};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, Footer, Header, IndentLevel, Level, LevelJc, LevelOverride,
    LevelText, NumPages, NumberFormat, Numbering, NumberingId, PageMargin, PageNum, Paragraph, Pic, Run, RunFonts,
    Shading, SpecialIndentType, Start, Style, StyleType, Table, TableCell, TableRow, WidthType,
};
use serde_json::Value;

/// The EU blue of headings, as in the PDF.
const ACCENT: &str = "003399";
/// The fill of table header cells, as in the PDF.
const HEADER_FILL: &str = "E6EBF5";
/// A chart's width on the page: 16 cm in EMU.
const CHART_WIDTH_EMU: u32 = 5_760_000;
/// The numbering of bulleted lists; ordered lists get their own from
/// [`FIRST_ORDERED_LIST`] on, so each starts at 1.
const BULLETS: usize = 1;
const NUMBERS: usize = 2;
const FIRST_ORDERED_LIST: usize = 3;

/// The annual summary `view` as a DOCX document; `charts` are its charts
/// (as in the view's JSON) with their files.
pub fn annual(view: &AnnualView, charts: &[(&Value, &ChartFiles)], date: NaiveDate) -> Result<Vec<u8>> {
    let mut doc = Writer::new(view, date);
    doc.cover(view);
    doc.body(view, charts);
    let mut packed = std::io::Cursor::new(Vec::new());
    doc.docx
        .build()
        .pack(&mut packed)
        .context("the DOCX cannot be written")?;
    let alts: Vec<&str> = doc.pictures.iter().map(String::as_str).collect();
    package::finish(
        &packed.into_inner(),
        &package::Metadata {
            title: &view.page.title,
            lang: view.page.lang,
            date,
            picture_alts: &alts,
        },
    )
}

/// The document being written.
struct Writer {
    docx: Docx,
    /// The alternative text of every picture, in order.
    pictures: Vec<String>,
    /// The next numbering id for an ordered list.
    next_list: usize,
}

impl Writer {
    /// An A4 document with the summary's styles, lists and running head.
    fn new(view: &AnnualView, date: NaiveDate) -> Self {
        let page = &view.page;
        let mut marks: Vec<&str> = page.marking.iter().map(String::as_str).collect();
        if page.draft {
            marks.push(page.label("draft_marking"));
        }
        let (header, footer) = page_frame(page, &marks);
        let docx = styles(Docx::new())
            .page_size(11_906, 16_838)
            .page_margin(PageMargin::new().top(1588).bottom(1474).left(1247).right(1247))
            .default_fonts(RunFonts::new().ascii("Liberation Serif").hi_ansi("Liberation Serif"))
            .default_size(21)
            .header(header)
            .footer(footer)
            .add_abstract_numbering(list_format(BULLETS, NumberFormat::new("bullet"), "•"))
            .add_abstract_numbering(list_format(NUMBERS, NumberFormat::new("decimal"), "%1."))
            .add_numbering(Numbering::new(BULLETS, BULLETS))
            .created_at(&format!("{date}T00:00:00Z"))
            .updated_at(&format!("{date}T00:00:00Z"));
        Writer {
            docx,
            pictures: Vec::new(),
            next_list: FIRST_ORDERED_LIST,
        }
    }

    fn paragraph(&mut self, p: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    fn heading(&mut self, level: usize, text: &str) {
        self.paragraph(
            Paragraph::new()
                .style(&format!("Heading{level}"))
                .keep_next(true)
                .add_run(text_run(text)),
        );
    }

    fn text(&mut self, text: &str) {
        self.paragraph(Paragraph::new().add_run(text_run(text)));
    }

    fn note(&mut self, text: &str) {
        self.paragraph(Paragraph::new().add_run(text_run(text).size(16).italic()));
    }

    /// The legal basis, the title and who sends it to whom.
    fn cover(&mut self, view: &AnnualView) {
        let centred = |run: Run| Paragraph::new().align(AlignmentType::Center).add_run(run);
        self.paragraph(centred(text_run(&view.legal_basis).size(18)));
        if let Some(note) = &view.legal_note {
            self.paragraph(centred(text_run(note).size(17).italic()));
        }
        self.paragraph(Paragraph::new().style("Title").add_run(text_run(&view.heading)));
        self.paragraph(centred(text_run(&view.subheading).size(26)));
    }

    /// The sections of `annual.typ`, in its order.
    fn body(&mut self, view: &AnnualView, charts: &[(&Value, &ChartFiles)]) {
        let l = |key: &'static str| view.page.label(key);
        self.heading(1, l("coverage"));
        self.tables(&view.coverage);
        self.heading(1, l("network_development"));
        self.tables(&view.network);
        self.note(l("network_note"));
        if !view.representation.is_empty() {
            self.heading(2, l("representation"));
            self.tables(&view.representation);
        }
        self.heading(1, l("ilos_per_host"));
        for region in &view.postings.by_host {
            self.heading(2, &region.title);
            self.tables(&region.tables);
        }
        self.heading(2, l("ilos_per_member_state"));
        self.tables(&view.postings.by_member_state);
        self.heading(1, l("activity"));
        self.tables(&view.activity);
        self.heading(1, l("regions"));
        for region in &view.regions {
            self.heading(2, &region.figures.title);
            self.tables(&region.figures.tables);
            self.heading(3, l("digest"));
            self.digest(&region.digest, l("no_digest"));
        }
        // Typst's caption separator in the PDF, per language.
        let separator = if view.page.lang == "fr" { ". – " } else { ": " };
        for (n, chart) in view.charts.iter().enumerate() {
            self.chart(&format!("{} {}{separator}", l("chart"), n + 1), n + 1, chart, charts);
        }
        self.heading(1, l("figures"));
        for host in &view.figures {
            self.heading(2, &host.host);
            self.tables(&host.tables);
        }
        self.heading(1, l("human_rights"));
        self.digest(&view.human_rights, l("no_human_rights"));
        self.heading(1, l("recommendations"));
        match &view.drafters {
            Some(blocks) => self.drafters(blocks),
            None => self.paragraph(Paragraph::new().add_run(text_run(l("no_recommendations")).italic())),
        }
    }

    /// Tables as the view fitted them (a column group under its caption).
    fn tables(&mut self, tables: &[ViewTable]) {
        for t in tables {
            if let Some(caption) = &t.caption {
                self.note(caption);
            }
            let docx = std::mem::take(&mut self.docx);
            self.docx = docx.add_table(table(t));
            // Two tables in a row would merge into one when edited.
            self.paragraph(Paragraph::new());
        }
    }

    /// Per host, its groups of attributed texts; `none` when there are none.
    fn digest(&mut self, hosts: &[HostDigest], none: &str) {
        if hosts.is_empty() {
            self.paragraph(Paragraph::new().add_run(text_run(none).italic()));
        }
        for h in hosts {
            self.paragraph(Paragraph::new().keep_next(true).add_run(text_run(&h.host).bold()));
            for g in &h.groups {
                self.paragraph(Paragraph::new().keep_next(true).add_run(text_run(&g.about).italic()));
                for i in &g.items {
                    self.paragraph(
                        Paragraph::new()
                            .add_run(text_run(format!("{}: ", i.member_state)).bold())
                            .add_run(text_run(&i.text)),
                    );
                }
            }
        }
    }

    /// Chart `n` as its PNG with its figures in words as alternative text,
    /// and its caption after `label` ("Chart 1: "); the figures in words
    /// alone when it has no image.
    fn chart(&mut self, label: &str, n: usize, chart: &Chart, files: &[(&Value, &ChartFiles)]) {
        let found = files.iter().find(|(v, _)| {
            v.get("id").and_then(Value::as_str) == Some(chart.id.as_str())
                && v.get("title").and_then(Value::as_str) == Some(chart.title.as_str())
        });
        match found {
            Some((_, f)) => {
                let (w, h) = f.png_size;
                let height = (u64::from(CHART_WIDTH_EMU) * u64::from(h) / u64::from(w.max(1))) as u32;
                let pic = Pic::new_with_dimensions(f.png.clone(), w, h)
                    .id(format!("rIdChart{n}"))
                    .size(CHART_WIDTH_EMU, height);
                self.pictures.push(chart.alt.clone());
                self.paragraph(Paragraph::new().keep_next(true).add_run(Run::new().add_image(pic)));
            }
            None => self.text(&chart.alt),
        }
        self.paragraph(
            Paragraph::new()
                .style("Caption")
                .add_run(text_run(format!("{label}{}", chart.title))),
        );
    }

    /// The drafters' Markdown: headings under the section's, paragraphs and
    /// lists with their emphasis.
    fn drafters(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Heading { level, spans } => {
                    let style = format!("Heading{}", (usize::from(*level) + 1).min(3));
                    self.paragraph(runs(Paragraph::new().style(&style), spans));
                }
                Block::Paragraph { spans } => self.paragraph(runs(Paragraph::new(), spans)),
                Block::List { ordered, items } => {
                    let id = if *ordered {
                        let id = self.next_list;
                        self.next_list += 1;
                        let docx = std::mem::take(&mut self.docx);
                        self.docx = docx
                            .add_numbering(Numbering::new(id, NUMBERS).add_override(LevelOverride::new(0).start(1)));
                        id
                    } else {
                        BULLETS
                    };
                    for item in items {
                        let p = Paragraph::new().numbering(NumberingId::new(id), IndentLevel::new(0));
                        self.paragraph(runs(p, item));
                    }
                }
            }
        }
    }
}

/// The running head (and marking) above every page, "page X of Y" (and
/// the marking) below, as in the PDF; the page numbers are the word
/// processor's fields.
fn page_frame(page: &Page, marks: &[&str]) -> (Header, Footer) {
    // A paragraph of its own each time: a shared one would give the header
    // and the footer one paragraph id.
    let marking = || {
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(text_run(marks.join(" · ")).bold().color("A00000"))
    };
    let mut header = Header::new();
    if !marks.is_empty() {
        header = header.add_paragraph(marking());
    }
    header = header.add_paragraph(
        Paragraph::new().add_run(
            text_run(format!("{} — {}", page.running, page.running_title))
                .size(16)
                .color("505050"),
        ),
    );
    let mut footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .size(16)
            .add_run(text_run(format!("{} ", page.label("page"))).size(16))
            .add_page_num(PageNum::new())
            .add_run(text_run(format!(" {} ", page.label("of"))).size(16))
            .add_num_pages(NumPages::new()),
    );
    if !marks.is_empty() {
        footer = footer.add_paragraph(marking());
    }
    (header, footer)
}

/// A run of `text` as Word can read it: characters XML 1.0 does not allow
/// (control characters a CSV file may carry) left out, and its line breaks
/// kept as line breaks.
fn text_run(text: impl AsRef<str>) -> Run {
    let allowed = |c: &char| matches!(c, '\t' | '\n') || !(c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}'));
    let clean: String = text
        .as_ref()
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(allowed)
        .collect();
    let mut run = Run::new();
    for (i, line) in clean.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// `spans` as runs of `p`, with their emphasis.
fn runs(mut p: Paragraph, spans: &[Span]) -> Paragraph {
    for s in spans {
        let mut run = text_run(&s.text);
        if s.strong {
            run = run.bold();
        }
        if s.emph {
            run = run.italic();
        }
        p = p.add_run(run);
    }
    p
}

/// A view table as a Word table: the header row repeated on every page
/// (marked by [`package`]), figures right-aligned, totals in bold, the
/// PDF's column widths.
fn table(t: &ViewTable) -> Table {
    // Word and LibreOffice pad cells more than the PDF does (5.4 pt a side).
    let twips = |points: f64| ((points + 8.0) * 20.0).round() as usize;
    let cell = |text: &str, column: usize, bold: bool, fill: bool| {
        let align = if t.numeric.contains(&column) {
            AlignmentType::Right
        } else {
            AlignmentType::Left
        };
        let mut run = text_run(text).size(17);
        if bold {
            run = run.bold();
        }
        let mut c = TableCell::new()
            .width(twips(t.widths.get(column).copied().unwrap_or(60.0)), WidthType::Dxa)
            .add_paragraph(Paragraph::new().align(align).add_run(run));
        if fill {
            c = c.shading(Shading::new().fill(HEADER_FILL));
        }
        c
    };
    let header = TableRow::new(
        t.columns
            .iter()
            .enumerate()
            .map(|(i, c)| cell(c, i, true, true))
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    for (r, row) in t.rows.iter().enumerate() {
        let bold = t.strong.contains(&r);
        rows.push(TableRow::new(
            row.iter().enumerate().map(|(i, c)| cell(c, i, bold, false)).collect(),
        ));
    }
    Table::new(rows).set_grid(t.widths.iter().map(|w| twips(*w)).collect())
}

/// A list level: `format` with `text` (a bullet, or `%1.`), hanging.
fn list_format(id: usize, format: NumberFormat, text: &str) -> AbstractNumbering {
    AbstractNumbering::new(id).add_level(
        Level::new(0, Start::new(1), format, LevelText::new(text), LevelJc::new("left")).indent(
            Some(720),
            Some(SpecialIndentType::Hanging(360)),
            None,
            None,
        ),
    )
}

/// The styles: the title, headings 1–3 in EU blue (in the navigation pane
/// and the outline of the word processor) and captions.
fn styles(docx: Docx) -> Docx {
    let heading = |level: usize, size: usize| {
        Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .size(size)
            .bold()
            .color(ACCENT)
            .outline_lvl(level - 1)
    };
    docx.add_style(heading(1, 28))
        .add_style(heading(2, 24))
        .add_style(heading(3, 21))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(32)
                .bold()
                .color(ACCENT)
                .align(AlignmentType::Center),
        )
        .add_style(
            Style::new("Caption", StyleType::Paragraph)
                .name("caption")
                .size(17)
                .italic(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::BuildXML;

    #[test]
    fn text_keeps_its_line_breaks_and_loses_what_xml_cannot_hold() {
        let xml = String::from_utf8(text_run("one\u{c}two\r\nthree\u{1}").build()).unwrap();
        assert!(xml.contains(">onetwo<"), "{xml}");
        assert!(xml.contains(">three<"), "{xml}");
        assert!(xml.contains("<w:br w:type=\"textWrapping\""), "{xml}");
        assert!(!xml.contains('\u{c}') && !xml.contains('\u{1}'));
    }
}
