//! CSV as Europe writes it: UTF-8 with or without BOM, UTF-16 with BOM,
//! Windows-1252 otherwise; delimiter `,` `;` or tab sniffed; quoted fields
//! with embedded newlines and delimiters.

use super::{Grid, InputFile, Value};
use crate::diagnostics::{Code, Diagnostic, Location};
use encoding_rs::{Encoding, WINDOWS_1252};

pub(super) fn read(file: &InputFile) -> Result<Grid, Diagnostic> {
    let at = Location::file(&file.display);
    let text = decode(&file.bytes);
    if text.contains('\0') {
        return Err(Diagnostic::new(
            Code::UnreadableFile,
            &at,
            "the file holds binary data, not text; export the table as CSV (UTF-8) and send it again",
        ));
    }
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut counter = LineCounter {
        text: text.as_bytes(),
        offset: 0,
        line: 1,
    };
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = counter.line_at(record.position().map_or(0, |p| p.byte()));
                lines.push(u32::try_from(line).unwrap_or(u32::MAX));
                rows.push(
                    record
                        .iter()
                        .map(|f| {
                            if f.trim().is_empty() {
                                Value::Empty
                            } else {
                                Value::Text(f.to_string())
                            }
                        })
                        .collect(),
                );
            }
            Err(e) => {
                let line = counter.line_at(e.position().map_or(0, |p| p.byte()));
                let at = Location {
                    row: Some(u32::try_from(line).unwrap_or(u32::MAX)),
                    column: Some(1),
                    ..at
                };
                return Err(Diagnostic::new(
                    Code::UnreadableFile,
                    &at,
                    format!("the CSV could not be parsed here ({e}); check quotes and the delimiter"),
                ));
            }
        }
    }
    Ok(Grid {
        sheet: None,
        first_row: 1,
        first_col: 1,
        rows,
        lines: Some(lines),
        merged: Vec::new(),
        date1904: false,
    })
}

/// Physical line numbers of byte offsets, counted forward once. The CSV
/// reader's own line count is unreliable with `\r\n` line ends, and a
/// record's offset may point at the line end before it.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl LineCounter<'_> {
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut target = usize::try_from(byte).unwrap_or(usize::MAX).min(self.text.len());
        while matches!(self.text.get(target), Some(b'\r' | b'\n')) {
            target += 1;
        }
        if target > self.offset {
            self.line += self.text[self.offset..target].iter().filter(|&&b| b == b'\n').count() as u64;
            self.offset = target;
        }
        self.line
    }
}

/// Decodes by BOM (UTF-8, UTF-16 LE/BE), else as UTF-8 when valid, else as
/// Windows-1252, the usual fallback of European office software.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _, _) = WINDOWS_1252.decode(bytes);
            text.into_owned()
        }
    }
}

/// Picks the delimiter that splits the first lines into the most, equally
/// long, fields (quotes respected).
pub fn sniff_delimiter(text: &str) -> u8 {
    let sample: String = text.lines().take(30).collect::<Vec<_>>().join("\n");
    let mut best = (b',', 0usize, false);
    for delimiter in [b',', b';', b'\t', b'|'] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(sample.as_bytes());
        let counts: Vec<usize> = reader.records().filter_map(Result::ok).map(|r| r.len()).collect();
        let Some(&first) = counts.first() else { continue };
        let consistent = counts.iter().all(|&c| c == first);
        let better = match (consistent, best.2) {
            (true, false) => first > 1,
            (false, true) => false,
            _ => first > best.1,
        };
        if better && first > 1 {
            best = (delimiter, first, consistent);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFa;b"), "a;b");
        assert_eq!(decode(b"\xFF\xFEa\0;\0\xE9\0"), "a;é");
        assert_eq!(decode(b"\xFE\xFF\0a\0;\0\xE9"), "a;é");
        assert_eq!(decode(b"Nationalit\xE9;Valeur"), "Nationalité;Valeur");
        assert_eq!(decode("Größe".as_bytes()), "Größe");
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(sniff_delimiter("text;value\n\"a; b, c\";1\n"), b';');
    }
}
