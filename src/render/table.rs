//! Tables as the templates draw them, and how each fits the page. Column
//! widths are decided here, from the widest content of each column set in
//! the embedded font, not left to Typst: a table that is too wide for the
//! text block is transposed, set on a landscape page, or split into column
//! groups with its row labels repeated. Figures never wrap; text wraps
//! inside its column.

use super::measure;
use serde::Serialize;

/// Size of table text in points (`show table: set text(size: 8.5pt)` in
/// `common.typ`).
pub(crate) const FONT_SIZE: f64 = 8.5;
/// Horizontal inset of a cell on each side, in points (`inset: 4pt`).
const INSET: f64 = 4.0;
/// Points per millimetre.
const MM: f64 = 72.0 / 25.4;
/// Width of the text block of an A4 portrait page with 22 mm side margins.
pub(crate) const PORTRAIT: f64 = (210.0 - 44.0) * MM;
/// Width of the text block of an A4 landscape page.
pub(crate) const LANDSCAPE: f64 = (297.0 - 44.0) * MM;
/// Tables with more rows than this may break across pages: their repeated
/// header then says "(continued)".
const LONG: usize = 24;
/// Leading columns that label the rows, repeated in every column group.
const LABELS: usize = 1;
/// A table with at most this many body rows is transposed rather than set
/// on a landscape page, when its transposition fits a portrait page.
const FEW_ROWS: usize = 8;
/// Tables whose estimated height is at most this many points (a third of
/// the text block) are kept on one page: a short table split over two
/// pages separates its last rows from its heading.
const SHORT: f64 = 250.0;
/// Height of a line of table text and the vertical padding of a row, in
/// points (8.5 pt text, 4 pt insets), for the height estimate.
const LINE: f64 = 10.5;
const ROW_PAD: f64 = 8.0;

/// A table ready for the templates.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Table {
    /// Header cells, repeated on every page.
    pub(crate) columns: Vec<String>,
    /// Body rows, each as many cells as there are columns.
    pub(crate) rows: Vec<Vec<String>>,
    /// Columns holding figures: right-aligned, never wrapped.
    pub(crate) numeric: Vec<usize>,
    /// Rows set in bold (totals).
    pub(crate) strong: Vec<usize>,
    /// Width of every column in points.
    pub(crate) widths: Vec<f64>,
    /// Whether the table is set on a landscape page of its own.
    pub(crate) landscape: bool,
    /// A line above the table naming the column group it shows.
    pub(crate) caption: Option<String>,
    /// What the repeated header says on later pages, for tables long
    /// enough to break across pages.
    pub(crate) continued: Option<String>,
    /// Whether the table is short enough to be kept on one page.
    pub(crate) keep_together: bool,
}

/// A table before it is fitted to the page.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    numeric: Vec<usize>,
    strong: Vec<usize>,
    /// What the data columns are, to name a column group: "Member States"
    /// gives "Member States BE–HU".
    group_name: Option<String>,
    continued: Option<String>,
}

impl Draft {
    /// A table with its header, rows and figure columns; the first column
    /// labels the rows.
    pub fn new(columns: Vec<String>, rows: Vec<Vec<String>>, numeric: impl IntoIterator<Item = usize>) -> Self {
        Draft {
            columns,
            rows,
            numeric: numeric.into_iter().collect(),
            strong: Vec::new(),
            group_name: None,
            continued: None,
        }
    }

    /// Sets the last row in bold (a total row).
    pub(crate) fn total_last(mut self) -> Self {
        if let Some(last) = self.rows.len().checked_sub(1) {
            self.strong.push(last);
        }
        self
    }

    /// What the columns are, to name a column group ("Member States BE–HU").
    pub(crate) fn group_name(mut self, name: impl Into<String>) -> Self {
        self.group_name = Some(name.into());
        self
    }

    /// The repeated header's text on later pages ("Postings (continued)").
    pub(crate) fn continued(mut self, text: impl Into<String>) -> Self {
        self.continued = Some(text.into());
        self
    }

    /// Minimum and natural width of every column: the minimum keeps every
    /// figure and every word on one line; the natural width sets every
    /// cell on one line.
    fn measure(&self) -> Vec<(f64, f64)> {
        let pad = 2.0 * INSET + 1.0;
        (0..self.columns.len())
            .map(|c| {
                let numeric = self.numeric.contains(&c);
                let header = self.columns.get(c).map_or("", String::as_str);
                let mut min = measure::widest_word(header, FONT_SIZE, true);
                let mut natural = measure::width(header, FONT_SIZE, true);
                for (r, row) in self.rows.iter().enumerate() {
                    let cell = row.get(c).map_or("", String::as_str);
                    let bold = self.strong.contains(&r);
                    let full = measure::width(cell, FONT_SIZE, bold);
                    natural = natural.max(full);
                    min = min.max(if numeric {
                        full
                    } else {
                        measure::widest_word(cell, FONT_SIZE, bold)
                    });
                }
                // Shaping and kerning differ a little from the sum of advances.
                (min * 1.02 + pad, natural * 1.02 + pad)
            })
            .collect()
    }

    /// Fits the table to the text block: one table, or several column groups.
    pub(crate) fn fit(self) -> Vec<Table> {
        let sizes = self.measure();
        if let Some(widths) = distribute(&sizes, PORTRAIT, &self.growing()) {
            return vec![self.finish(widths, false, None)];
        }
        if self.rows.len() <= FEW_ROWS
            && let Some(transposed) = self.transposed()
        {
            let sizes = transposed.measure();
            if let Some(widths) = distribute(&sizes, PORTRAIT, &transposed.growing()) {
                return vec![transposed.finish(widths, false, None)];
            }
        }
        if let Some(widths) = distribute(&sizes, LANDSCAPE, &self.growing()) {
            return vec![self.finish(widths, true, None)];
        }
        self.split(&sizes)
    }

    /// Which columns take the space left in the block: the text columns.
    fn growing(&self) -> Vec<bool> {
        (0..self.columns.len()).map(|c| !self.numeric.contains(&c)).collect()
    }

    /// Rows become columns: possible when the table has one label column
    /// and every other column holds figures.
    fn transposed(&self) -> Option<Draft> {
        let n = self.columns.len();
        if n < 2 || (1..n).any(|c| !self.numeric.contains(&c)) {
            return None;
        }
        // The corner stays empty: the old header of the labels names neither
        // the new columns nor the new rows.
        let mut columns = vec![String::new()];
        columns.extend(self.rows.iter().map(|r| r.first().cloned().unwrap_or_default()));
        let rows = (1..n)
            .map(|c| {
                let mut row = vec![self.columns[c].clone()];
                row.extend(self.rows.iter().map(|r| r.get(c).cloned().unwrap_or_default()));
                row
            })
            .collect();
        Some(Draft {
            numeric: (1..columns.len()).collect(),
            columns,
            rows,
            strong: Vec::new(),
            group_name: self.group_name.clone(),
            continued: self.continued.clone(),
        })
    }

    /// Splits the data columns into groups that each fit a portrait page,
    /// every group repeating the label columns.
    fn split(self, sizes: &[(f64, f64)]) -> Vec<Table> {
        let labels = LABELS.min(self.columns.len());
        let label_min: f64 = sizes[..labels].iter().map(|s| s.0).sum();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut current: Vec<usize> = Vec::new();
        let mut used = label_min;
        for (c, (min, _)) in sizes.iter().enumerate().skip(labels) {
            if !current.is_empty() && used + min > PORTRAIT {
                groups.push(std::mem::take(&mut current));
                used = label_min;
            }
            used += min;
            current.push(c);
        }
        if !current.is_empty() || groups.is_empty() {
            groups.push(current);
        }
        groups
            .into_iter()
            .map(|group| {
                let keep: Vec<usize> = (0..labels).chain(group.iter().copied()).collect();
                let pick = |row: &[String]| keep.iter().map(|c| row.get(*c).cloned().unwrap_or_default()).collect();
                let caption = self.group_name.as_ref().map(|name| {
                    let first = group.first().map_or("", |c| self.columns[*c].as_str());
                    let last = group.last().map_or("", |c| self.columns[*c].as_str());
                    if first == last {
                        format!("{name} {first}")
                    } else {
                        format!("{name} {first}–{last}")
                    }
                });
                let part = Draft {
                    columns: pick(&self.columns),
                    rows: self.rows.iter().map(|r| pick(r)).collect(),
                    numeric: keep
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| self.numeric.contains(c))
                        .map(|(i, _)| i)
                        .collect(),
                    strong: self.strong.clone(),
                    group_name: None,
                    continued: self.continued.clone(),
                };
                let part_sizes: Vec<(f64, f64)> = keep.iter().map(|c| sizes[*c]).collect();
                let growing = part.growing();
                let widths = distribute(&part_sizes, PORTRAIT, &growing)
                    .unwrap_or_else(|| squeeze(&part_sizes, PORTRAIT, &growing));
                part.finish(widths, false, caption)
            })
            .collect()
    }

    /// The table's height in points if every cell wraps at its column's
    /// width (an estimate: words are not broken exactly as Typst would).
    fn estimated_height(&self, widths: &[f64]) -> f64 {
        let lines = |row: &[String], bold: bool| {
            row.iter()
                .zip(widths)
                .map(|(cell, w)| {
                    let room = (w - 2.0 * INSET).max(1.0);
                    cell.split('\n')
                        .map(|line| (measure::width(line, FONT_SIZE, bold) / room).ceil().max(1.0))
                        .sum::<f64>()
                })
                .fold(1.0, f64::max)
        };
        std::iter::once(lines(&self.columns, true))
            .chain(
                self.rows
                    .iter()
                    .enumerate()
                    .map(|(r, row)| lines(row, self.strong.contains(&r))),
            )
            .map(|n| n * LINE + ROW_PAD)
            .sum()
    }

    fn finish(self, widths: Vec<f64>, landscape: bool, caption: Option<String>) -> Table {
        let keep_together = self.estimated_height(&widths) <= SHORT;
        let continued = self.continued.filter(|_| self.rows.len() > LONG);
        Table {
            columns: self.columns,
            rows: self.rows,
            numeric: self.numeric,
            strong: self.strong,
            // Rounded down, so that the sum never passes the text block.
            widths: widths.into_iter().map(|w| (w * 100.0).floor() / 100.0).collect(),
            landscape,
            caption,
            continued,
            keep_together,
        }
    }
}

/// Column widths within `available` points, or `None` when even the
/// minimum widths do not fit. Columns get their natural width when all
/// fit, and the columns that `grow` share what is left (in proportion to
/// their natural width), so the table fills the block; otherwise every
/// column gets its minimum and the rest is shared in proportion to what
/// each would need to be set on one line.
fn distribute(sizes: &[(f64, f64)], available: f64, grow: &[bool]) -> Option<Vec<f64>> {
    let min: f64 = sizes.iter().map(|s| s.0).sum();
    let natural: f64 = sizes.iter().map(|s| s.1).sum();
    if min > available {
        return None;
    }
    if natural <= available {
        let growing: f64 = sizes.iter().zip(grow).filter(|(_, g)| **g).map(|(s, _)| s.1).sum();
        let spare = available - natural;
        return Some(
            sizes
                .iter()
                .zip(grow)
                .map(|(s, g)| {
                    if *g && growing > 0.0 {
                        s.1 + spare * s.1 / growing
                    } else {
                        s.1
                    }
                })
                .collect(),
        );
    }
    let share = (available - min) / (natural - min);
    Some(sizes.iter().map(|s| s.0 + (s.1 - s.0) * share).collect())
}

/// Widths for a column group whose minimum does not fit even alone (a
/// single word wider than the page): figures keep their width when they
/// can, and the text columns shrink in proportion (their words then break).
fn squeeze(sizes: &[(f64, f64)], available: f64, text: &[bool]) -> Vec<f64> {
    let figures: f64 = sizes.iter().zip(text).filter(|(_, t)| !**t).map(|(s, _)| s.0).sum();
    let words: f64 = sizes.iter().zip(text).filter(|(_, t)| **t).map(|(s, _)| s.0).sum();
    if figures < available && words > 0.0 {
        let scale = (available - figures) / words;
        return sizes
            .iter()
            .zip(text)
            .map(|(s, t)| if *t { s.0 * scale } else { s.0 })
            .collect();
    }
    let min: f64 = sizes.iter().map(|s| s.0).sum::<f64>().max(1.0);
    sizes.iter().map(|s| s.0 * available / min).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(n: usize, value: &str) -> Vec<String> {
        std::iter::repeat_n(value.to_string(), n).collect()
    }

    #[test]
    fn a_narrow_table_fills_the_block_with_its_text_columns() {
        let t = Draft::new(
            vec!["Citizenship".into(), "Total".into()],
            vec![vec!["Morocco".into(), "12".into()]],
            [1],
        )
        .fit();
        assert_eq!(t.len(), 1);
        let total: f64 = t[0].widths.iter().sum();
        assert!((total - PORTRAIT).abs() < 0.1, "{total}");
        assert!(t[0].widths[0] > t[0].widths[1]);
        assert!(!t[0].landscape);
    }

    #[test]
    fn long_names_wrap_and_figures_keep_their_width() {
        let name = "Saint Vincent and the Grenadines ".repeat(4);
        let t = Draft::new(
            vec!["Citizenship".into(), "A".into(), "B".into()],
            vec![vec![name, "9\u{a0}999\u{a0}999".into(), "1".into()]],
            [1, 2],
        )
        .fit();
        assert_eq!(t.len(), 1);
        let w = &t[0].widths;
        assert!(w.iter().sum::<f64>() <= PORTRAIT + 0.1);
        assert!(w[1] >= measure::width("9\u{a0}999\u{a0}999", FONT_SIZE, false) + 2.0 * INSET);
    }

    #[test]
    fn wide_tables_go_landscape_then_split_into_groups() {
        let mut columns = vec!["Citizenship".to_string()];
        columns.extend((0..27).map(|i| format!("M{i}")));
        let mut row = vec!["Democratic Republic of the Congo".to_string()];
        row.extend(figures(27, "9\u{a0}999\u{a0}999"));
        let rows = vec![row; 20];
        let t = Draft::new(columns.clone(), rows.clone(), 1..28)
            .group_name("Member States")
            .fit();
        assert!(t.len() > 1, "27 seven-digit columns need several groups");
        for group in &t {
            assert!(group.widths.iter().sum::<f64>() <= PORTRAIT + 0.1);
            assert_eq!(group.columns[0], "Citizenship");
            assert!(
                group
                    .caption
                    .as_deref()
                    .is_some_and(|c| c.starts_with("Member States M"))
            );
        }
        let shown: usize = t.iter().map(|g| g.columns.len() - 1).sum();
        assert_eq!(shown, 27, "every column is in exactly one group");

        let few: Vec<Vec<String>> = rows.iter().take(12).cloned().collect();
        let mid = Draft::new(
            columns[..15].to_vec(),
            few.iter().map(|r| r[..15].to_vec()).collect(),
            1..15,
        )
        .fit();
        assert_eq!(mid.len(), 1);
        assert!(mid[0].landscape);
        assert!(mid[0].widths.iter().sum::<f64>() <= LANDSCAPE + 0.1);
    }

    #[test]
    fn a_table_is_never_lost_and_figures_keep_their_width_when_squeezed() {
        let word = "x".repeat(400);
        let t = Draft::new(vec!["Text".into()], vec![vec![word.clone()]], []).fit();
        assert_eq!(t.len(), 1, "a table without figure columns is still drawn");
        let t = Draft::new(
            vec!["Text".into(), "Total".into()],
            vec![vec![word, "9\u{a0}999\u{a0}999".into()]],
            [1],
        )
        .fit();
        assert_eq!(t.len(), 1);
        assert!(t[0].widths.iter().sum::<f64>() <= PORTRAIT);
        assert!(t[0].widths[1] >= measure::width("9\u{a0}999\u{a0}999", FONT_SIZE, false) + 2.0 * INSET);
    }

    #[test]
    fn a_short_wide_table_is_transposed() {
        let mut columns = vec!["Member State".to_string()];
        columns.extend((0..40).map(|i| format!("H{i}")));
        let mut row = vec!["France".to_string()];
        row.extend(figures(40, "12"));
        let t = Draft::new(columns, vec![row.clone(), row], 1..41).fit();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].columns, vec!["", "France", "France"]);
        assert_eq!(t[0].rows.len(), 40);
        assert!(!t[0].landscape);
    }

    #[test]
    fn only_short_tables_are_kept_on_one_page() {
        let row = vec!["Morocco".to_string(), "1".to_string()];
        let short = Draft::new(vec!["a".into(), "b".into()], vec![row.clone(); 9], [1]).fit();
        assert!(short[0].keep_together);
        let wordy = vec!["word ".repeat(400), "1".to_string()];
        let tall = Draft::new(vec!["a".into(), "b".into()], vec![wordy; 3], [1]).fit();
        assert!(!tall[0].keep_together, "three rows of 400 words fill more than a page");
    }

    #[test]
    fn only_long_tables_say_continued() {
        let row = vec!["x".to_string(), "1".to_string()];
        let short = Draft::new(vec!["a".into(), "b".into()], vec![row.clone(); 3], [1])
            .continued("T (continued)")
            .fit();
        assert_eq!(short[0].continued, None);
        let long = Draft::new(vec!["a".into(), "b".into()], vec![row; 60], [1])
            .continued("T (continued)")
            .fit();
        assert_eq!(long[0].continued.as_deref(), Some("T (continued)"));
    }
}
