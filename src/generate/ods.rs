//! OpenDocument spreadsheets written directly, byte for byte reproducible.

use super::Cell;
use anyhow::Result;
use chrono::{Datelike, NaiveDate};

/// An OpenDocument spreadsheet of `sheets`, written directly so that the
/// same tables give the same bytes (fixed entries, order and dates).
pub(super) fn ods(sheets: &[(&str, Vec<Vec<Cell>>)], date: NaiveDate) -> Result<Vec<u8>> {
    use std::fmt::Write as _;
    use std::io::Write as _;
    use zip::write::SimpleFileOptions;
    const MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
        r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
        r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">"#,
        "<office:body><office:spreadsheet>"
    ));
    for (name, rows) in sheets {
        write!(
            xml,
            r#"<table:table table:name="{}">"#,
            quick_xml::escape::escape(*name)
        )?;
        for row in rows {
            xml.push_str("<table:table-row>");
            for cell in row {
                match cell {
                    Cell::Text(s) if s.is_empty() => xml.push_str("<table:table-cell/>"),
                    Cell::Text(s) => {
                        xml.push_str(r#"<table:table-cell office:value-type="string">"#);
                        for line in s.split('\n') {
                            write!(xml, "<text:p>{}</text:p>", quick_xml::escape::escape(line))?;
                        }
                        xml.push_str("</table:table-cell>");
                    }
                    Cell::Int(n) => write!(
                        xml,
                        r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#
                    )?,
                    Cell::Date(d) => write!(
                        xml,
                        r#"<table:table-cell office:value-type="date" office:date-value="{d}"><text:p>{}</text:p></table:table-cell>"#,
                        d.format("%d/%m/%Y")
                    )?,
                }
            }
            xml.push_str("</table:table-row>");
        }
        xml.push_str("</table:table>");
    }
    xml.push_str("</office:spreadsheet></office:body></office:document-content>");
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{MIME}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
    );
    let time = zip::DateTime::from_date_and_time(date.year() as u16, date.month() as u8, date.day() as u8, 9, 0, 0)
        .unwrap_or_default();
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(time);
    let deflated = stored.compression_method(zip::CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // The mimetype comes first and uncompressed, as the format requires.
    for (name, bytes, options) in [
        ("mimetype", MIME, stored),
        ("META-INF/manifest.xml", manifest.as_str(), deflated),
        ("content.xml", xml.as_str(), deflated),
    ] {
        zip.start_file(name, options)?;
        zip.write_all(bytes.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}
