//! EU Interinstitutional Style Guide conventions for figures and dates:
//! thousands grouped with a no-break space, decimal point in English and
//! comma in French and German, `9 October 2025` in text and `9.10.2025` in
//! tables.

use crate::reference::{Half, Lang, Semester};
use chrono::{Datelike, NaiveDate};

const NBSP: char = '\u{a0}';

/// A whole number with thousands grouped by a no-break space: `12 345`.
pub fn count(n: u64) -> String {
    grouped(n, NBSP)
}

/// A whole number with its digits grouped by threes with `separator`.
pub(crate) fn grouped(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// A decimal with one digit after the separator of the language: `12.5` / `12,5`.
pub fn decimal(x: f64, lang: Lang) -> String {
    let rounded = (x.abs() * 10.0).round() as u64;
    let int = count(rounded / 10);
    let sep = if lang == Lang::En { '.' } else { ',' };
    let sign = if x < 0.0 && rounded != 0 { "−" } else { "" };
    format!("{sign}{int}{sep}{}", rounded % 10)
}

/// A change in per cent with its sign: `+12.5 %` (en), `+12,5 %` (fr, de).
pub fn change(now: u64, before: u64, lang: Lang) -> Option<String> {
    if before == 0 {
        return None;
    }
    let pct = (now as f64 - before as f64) / before as f64 * 100.0;
    let sign = if pct > 0.0 { "+" } else { "" };
    Some(format!("{sign}{}", per_cent(pct, lang)))
}

/// `part` as a share of `whole`: `66.7 %` (en), `66,7 %` (fr, de); none
/// when `whole` is 0.
pub fn percent(part: u64, whole: u64, lang: Lang) -> Option<String> {
    (whole > 0).then(|| per_cent(part as f64 / whole as f64 * 100.0, lang))
}

/// A percentage, the sign after a no-break space in every language, as
/// the Interinstitutional Style Guide writes it (`56.3 %`, `56,3 %`).
fn per_cent(pct: f64, lang: Lang) -> String {
    format!("{}{NBSP}%", decimal(pct, lang))
}

/// A semester in words: "second semester 2025", "second semestre 2025",
/// "2. Halbjahr 2025".
pub(crate) fn semester_text(semester: Semester, lang: Lang) -> String {
    let first = semester.half == Half::H1;
    let year = semester.year;
    match (lang, first) {
        (Lang::En, true) => format!("first semester {year}"),
        (Lang::En, false) => format!("second semester {year}"),
        (Lang::Fr, true) => format!("premier semestre {year}"),
        (Lang::Fr, false) => format!("second semestre {year}"),
        (Lang::De, true) => format!("1. Halbjahr {year}"),
        (Lang::De, false) => format!("2. Halbjahr {year}"),
    }
}

const MONTHS: [[&str; 12]; 3] = [
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
];

/// The name of a month (0 = January) in a language: `October`, `octobre`, `Oktober`.
pub(crate) fn month_name(month0: usize, lang: Lang) -> &'static str {
    let index = match lang {
        Lang::En => 0,
        Lang::Fr => 1,
        Lang::De => 2,
    };
    MONTHS[index][month0 % 12]
}

/// A date in running text: `9 October 2025`, `9 octobre 2025`, `9. Oktober 2025`.
pub(crate) fn date_text(d: NaiveDate, lang: Lang) -> String {
    let month = month_name(d.month0() as usize, lang);
    match lang {
        Lang::De => format!("{}. {month} {}", d.day(), d.year()),
        Lang::Fr if d.day() == 1 => format!("1er {month} {}", d.year()),
        _ => format!("{} {month} {}", d.day(), d.year()),
    }
}

/// A date in a table: `9.10.2025`.
pub(crate) fn date_table(d: NaiveDate) -> String {
    format!("{}.{}.{}", d.day(), d.month(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_in_eu_style() {
        assert_eq!(count(7), "7");
        assert_eq!(count(1234), "1\u{a0}234");
        assert_eq!(count(1234567), "1\u{a0}234\u{a0}567");
        assert_eq!(decimal(1234.56, Lang::En), "1\u{a0}234.6");
        assert_eq!(decimal(12.5, Lang::Fr), "12,5");
        assert_eq!(change(110, 100, Lang::En).as_deref(), Some("+10.0\u{a0}%"));
        assert_eq!(percent(563, 1000, Lang::En).as_deref(), Some("56.3\u{a0}%"));
        assert_eq!(percent(563, 1000, Lang::Fr).as_deref(), Some("56,3\u{a0}%"));
        assert_eq!(change(90, 100, Lang::De).as_deref(), Some("−10,0\u{a0}%"));
        assert_eq!(change(5, 0, Lang::En), None);
    }

    #[test]
    fn dates_in_three_languages() {
        let d = NaiveDate::from_ymd_opt(2025, 10, 9).unwrap();
        assert_eq!(date_text(d, Lang::En), "9 October 2025");
        assert_eq!(date_text(d, Lang::Fr), "9 octobre 2025");
        assert_eq!(date_text(d, Lang::De), "9. Oktober 2025");
        assert_eq!(date_table(d), "9.10.2025");
    }
}
