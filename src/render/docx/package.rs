//! The finishing of a DOCX written by `docx-rs`, for what that crate does
//! not write: every picture's alternative text and a distinct id (it writes
//! `id="1" name="Figure"` for all), table header rows repeated on every
//! page, the title and language in the document properties; and a
//! reproducible package (fixed entry dates), so that the same summary gives
//! the same bytes.

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::io::{Read, Write};
use std::sync::LazyLock;
use zip::write::SimpleFileOptions;

/// What the finished document says about itself.
pub(super) struct Metadata<'a> {
    /// The document title.
    pub(super) title: &'a str,
    /// Its language code (`en`).
    pub(super) lang: &'a str,
    /// The document's date: the package's entries are dated with it.
    pub(super) date: NaiveDate,
    /// The alternative text of every picture, in document order.
    pub(super) picture_alts: &'a [&'a str],
}

/// A picture's non-visual properties as `docx-rs` writes them.
static DOC_PR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<wp:docPr id="\d+" name="[^"]*"\s*/>"#).unwrap_or_else(|e| panic!("{e}")));

/// The package `docx` (a zip) finished as described in the module docs.
pub(super) fn finish(docx: &[u8], meta: &Metadata) -> Result<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).context("the DOCX package")?;
    let date = zip::DateTime::from_date_and_time(
        u16::try_from(meta.date.year()).unwrap_or(1980).max(1980),
        meta.date.month() as u8,
        meta.date.day() as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(date);
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.to_string();
        if entry.is_dir() {
            out.add_directory(name, options)?;
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        let bytes = match name.as_str() {
            "word/document.xml" => document(&String::from_utf8(bytes)?, meta.picture_alts)?.into_bytes(),
            "docProps/core.xml" => core(&String::from_utf8(bytes)?, meta).into_bytes(),
            _ => bytes,
        };
        out.start_file(name, options)?;
        out.write_all(&bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

/// The document body with every picture's alternative text and id, and
/// the header rows (the only rows that may not split) repeated.
fn document(xml: &str, alts: &[&str]) -> Result<String> {
    let found = DOC_PR.find_iter(xml).count();
    if found != alts.len() {
        bail!("the DOCX has {found} pictures, {} expected", alts.len());
    }
    let mut n = 0;
    let described = DOC_PR.replace_all(xml, |_: &regex::Captures| {
        n += 1;
        format!(
            r#"<wp:docPr id="{n}" name="Chart {n}" descr="{}" />"#,
            quick_xml::escape::escape(alts[n - 1])
        )
    });
    Ok(described.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />"))
}

/// The document properties with the title and language.
fn core(xml: &str, meta: &Metadata) -> String {
    let extra = format!(
        "<dc:title>{}</dc:title><dc:language>{}</dc:language></cp:coreProperties>",
        quick_xml::escape::escape(meta.title),
        quick_xml::escape::escape(meta.lang)
    );
    xml.replacen("</cp:coreProperties>", &extra, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_picture_gets_its_own_id_and_description() {
        let xml = r#"<w:p><wp:docPr id="1" name="Figure" /></w:p><w:p><wp:docPr id="1" name="Figure"/></w:p><w:trPr><w:cantSplit /></w:trPr>"#;
        let done = document(xml, &["A 1; B 2", "C \"3\" & D"]).unwrap();
        assert!(done.contains(r#"<wp:docPr id="1" name="Chart 1" descr="A 1; B 2" />"#));
        assert!(done.contains(r#"<wp:docPr id="2" name="Chart 2" descr="C &quot;3&quot; &amp; D" />"#));
        assert!(done.contains("<w:cantSplit /><w:tblHeader />"));
        assert!(document(xml, &["one"]).is_err());
    }
}
