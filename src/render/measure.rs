//! How wide a text is when typeset: the advance widths of the embedded
//! Libertinus Serif (the documents' only text face), regular and bold.
//! The view uses them to size table columns before Typst sees the data.

use std::sync::LazyLock;
use ttf_parser::Face;

/// The two faces the tables use, with the advances of the characters of
/// the Latin, Greek and Cyrillic blocks looked up once.
struct Faces {
    regular: Face<'static>,
    bold: Face<'static>,
    regular_advances: Vec<Option<u16>>,
    bold_advances: Vec<Option<u16>>,
}

/// Characters below this code point have their advance in a table.
const TABLED: u32 = 0x0530;

fn advances(face: &Face) -> Vec<Option<u16>> {
    (0..TABLED)
        .map(|code| {
            char::from_u32(code)
                .and_then(|c| face.glyph_index(c))
                .and_then(|g| face.glyph_hor_advance(g))
        })
        .collect()
}

static FACES: LazyLock<Option<Faces>> = LazyLock::new(|| {
    let mut regular = None;
    let mut bold = None;
    for data in typst_assets::fonts() {
        let Ok(face) = Face::parse(data, 0) else { continue };
        let family = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::FAMILY)
            .and_then(|n| n.to_string());
        if family.as_deref() != Some("Libertinus Serif") || face.is_italic() {
            continue;
        }
        if face.is_bold() {
            bold = Some(face);
        } else if face.weight() == ttf_parser::Weight::Normal {
            regular = Some(face);
        }
    }
    let (regular, bold) = (regular?, bold?);
    Some(Faces {
        regular_advances: advances(&regular),
        bold_advances: advances(&bold),
        regular,
        bold,
    })
});

/// Width in points of `text` at `size` points, each of its lines set in one
/// line: the widest line. Characters the face lacks count as one em (wider
/// than any real glyph), so an estimate is never too narrow.
pub(crate) fn width(text: &str, size: f64, bold: bool) -> f64 {
    text.split('\n')
        .map(|line| line_width(line, size, bold))
        .fold(0.0, f64::max)
}

fn line_width(line: &str, size: f64, bold: bool) -> f64 {
    let Some(faces) = FACES.as_ref() else {
        return line.chars().count() as f64 * size * 0.6;
    };
    let (face, table) = if bold {
        (&faces.bold, &faces.bold_advances)
    } else {
        (&faces.regular, &faces.regular_advances)
    };
    let per_unit = size / f64::from(face.units_per_em());
    line.chars()
        .map(|c| {
            let advance = match table.get(c as usize) {
                Some(tabled) => *tabled,
                None => face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)),
            };
            advance.map_or(size, |a| f64::from(a) * per_unit)
        })
        .sum()
}

/// Width of the widest word of `text` (what a column must give it so that
/// no word sticks out when the text wraps).
pub(crate) fn widest_word(text: &str, size: f64, bold: bool) -> f64 {
    text.split([' ', '\n', '\t', '-', '/'])
        .map(|w| width(w, size, bold))
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_faces_are_measured() {
        assert!(FACES.is_some(), "Libertinus Serif regular and bold are embedded");
        let digits = width("1\u{a0}234\u{a0}567", 10.0, false);
        assert!(digits > 25.0 && digits < 45.0, "{digits}");
        assert!(width("Total", 10.0, true) > width("Total", 10.0, false));
        let name = "Saint Vincent and the Grenadines";
        assert!(widest_word(name, 10.0, false) < width(name, 10.0, false) / 2.5);
        assert!((width("ab", 20.0, false) - 2.0 * width("ab", 10.0, false)).abs() < 1e-9);
        assert_eq!(
            width("a\nabc", 10.0, false),
            width("abc", 10.0, false),
            "the widest line"
        );
    }
}
