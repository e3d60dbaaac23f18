//! Reading single values the way European offices write them: numbers with
//! decimal commas and grouped thousands, dates in ISO and day-first forms,
//! yes/no in three languages, lists.

use chrono::NaiveDate;

/// Which decimal separator a file's own unambiguous numbers show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalStyle {
    /// Numbers like `12.5` or `1,234.5` are present.
    Point,
    /// Numbers like `12,5` or `1.234,5` are present.
    Comma,
    /// No evidence, or contradicting evidence.
    Unknown,
}

/// Why a number could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberError {
    Invalid,
    /// `1,234` or `1.234` with no evidence of the file's decimal separator.
    Ambiguous,
}

const GROUP_SPACES: [char; 4] = [' ', '\u{a0}', '\u{202f}', '\''];

/// Parses a number written with any European convention. `style` decides
/// the one ambiguous shape: a single separator followed by exactly three
/// digits.
pub(crate) fn parse_number(text: &str, style: DecimalStyle) -> Result<f64, NumberError> {
    let mut s: String = text.trim().chars().filter(|c| !GROUP_SPACES.contains(c)).collect();
    let negative = s.starts_with('-') || s.starts_with('\u{2212}');
    if negative || s.starts_with('+') {
        s = s.chars().skip(1).collect();
    }
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(NumberError::Invalid);
    }
    if !s.starts_with(|c: char| c.is_ascii_digit()) || !s.ends_with(|c: char| c.is_ascii_digit()) {
        return Err(NumberError::Invalid);
    }
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let canonical = match (dots, commas) {
        (0, 0) => s.clone(),
        (_, 0) => single_kind(&s, '.', style == DecimalStyle::Comma, style)?,
        (0, _) => single_kind(&s, ',', style != DecimalStyle::Comma, style)?,
        _ => {
            // Both: the last one is the decimal separator, the other groups.
            let last_dot = s.rfind('.').unwrap_or(0);
            let last_comma = s.rfind(',').unwrap_or(0);
            let (decimal, group) = if last_dot > last_comma { ('.', ',') } else { (',', '.') };
            if s.matches(decimal).count() != 1 {
                return Err(NumberError::Invalid);
            }
            let (int, frac) = s.split_once(decimal).ok_or(NumberError::Invalid)?;
            check_groups(int, group)?;
            format!("{}.{}", int.replace(group, ""), frac)
        }
    };
    let value: f64 = canonical.parse().map_err(|_| NumberError::Invalid)?;
    Ok(if negative { -value } else { value })
}

/// A number with only one kind of separator `sep`. Several of them are
/// thousands groups. A single one followed by other than three digits is a
/// decimal separator; followed by exactly three digits it is decided by the
/// file's style (`grouping_when_known` says whether that style makes `sep`
/// a grouping separator).
fn single_kind(s: &str, sep: char, grouping_when_known: bool, style: DecimalStyle) -> Result<String, NumberError> {
    if s.matches(sep).count() > 1 {
        check_groups(s, sep)?;
        return Ok(s.replace(sep, ""));
    }
    let (int, frac) = s.split_once(sep).ok_or(NumberError::Invalid)?;
    if frac.len() != 3 || int.len() > 3 || int == "0" {
        return Ok(format!("{int}.{frac}"));
    }
    match style {
        DecimalStyle::Unknown => Err(NumberError::Ambiguous),
        _ if grouping_when_known => Ok(format!("{int}{frac}")),
        _ => Ok(format!("{int}.{frac}")),
    }
}

/// Thousands groups: one to three leading digits, then groups of three.
fn check_groups(int: &str, sep: char) -> Result<(), NumberError> {
    let mut parts = int.split(sep);
    let first = parts.next().unwrap_or("");
    if first.is_empty() || first.len() > 3 || parts.clone().any(|p| p.len() != 3) {
        return Err(NumberError::Invalid);
    }
    Ok(())
}

/// What a number tells about the file's decimal separator, if anything.
pub(crate) fn decimal_evidence(text: &str) -> Option<DecimalStyle> {
    let s: String = text.trim().chars().filter(|c| !GROUP_SPACES.contains(c)).collect();
    let s = s.trim_start_matches(['-', '+']);
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let (dots, commas) = (s.matches('.').count(), s.matches(',').count());
    let last_dot = s.rfind('.');
    let last_comma = s.rfind(',');
    match (dots, commas) {
        (0, 0) => None,
        (_, 0) if dots > 1 => Some(DecimalStyle::Comma),
        (0, _) if commas > 1 => Some(DecimalStyle::Point),
        (1, 0) => after(s, '.').filter(|f| f.len() != 3).map(|_| DecimalStyle::Point),
        (0, 1) => after(s, ',').filter(|f| f.len() != 3).map(|_| DecimalStyle::Comma),
        _ => Some(if last_dot > last_comma {
            DecimalStyle::Point
        } else {
            DecimalStyle::Comma
        }),
    }
}

fn after(s: &str, sep: char) -> Option<&str> {
    s.split_once(sep).map(|(_, f)| f)
}

/// Combines the evidence of many cells: one style when all agree.
pub(crate) fn file_style<'a>(texts: impl IntoIterator<Item = &'a str>) -> DecimalStyle {
    let mut seen = (false, false);
    for text in texts {
        match decimal_evidence(text) {
            Some(DecimalStyle::Point) => seen.0 = true,
            Some(DecimalStyle::Comma) => seen.1 = true,
            _ => {}
        }
    }
    match seen {
        (true, false) => DecimalStyle::Point,
        (false, true) => DecimalStyle::Comma,
        _ => DecimalStyle::Unknown,
    }
}

/// Why a date could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateError {
    Invalid,
    /// Day and month could be either way round (a two-digit year, or a file
    /// that also holds month-first dates).
    Ambiguous,
}

/// Parses `2025-10-09`, `9.10.2025`, `09/10/2025`, `9-10-2025` (day first),
/// optionally followed by a time. `month_first_seen` says whether the same
/// file holds slash dates that can only be month-first, which makes every
/// day-first reading of its slash dates uncertain.
pub(crate) fn parse_date(text: &str, month_first_seen: bool) -> Result<NaiveDate, DateError> {
    let s = text.trim();
    let date_part = s.split(['T', ' ']).next().unwrap_or("");
    if let Ok(d) = NaiveDate::parse_from_str(date_part, "%Y-%m-%d") {
        return Ok(d);
    }
    let sep = ['.', '/', '-']
        .into_iter()
        .find(|c| date_part.contains(*c))
        .ok_or(DateError::Invalid)?;
    let parts: Vec<&str> = date_part.trim_end_matches('.').split(sep).collect();
    let [day, month, year] = parts.as_slice() else {
        return Err(DateError::Invalid);
    };
    let all_digits = |p: &str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(day) && all_digits(month) && all_digits(year)) || day.len() > 2 || month.len() > 2 {
        return Err(DateError::Invalid);
    }
    if year.len() != 4 {
        return Err(DateError::Ambiguous);
    }
    let (d, m, y): (u32, u32, i32) = (
        day.parse().map_err(|_| DateError::Invalid)?,
        month.parse().map_err(|_| DateError::Invalid)?,
        year.parse().map_err(|_| DateError::Invalid)?,
    );
    if sep == '/' && month_first_seen && d <= 12 && m <= 12 && d != m {
        return Err(DateError::Ambiguous);
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::Invalid)
}

/// Reads a plain number in a date column as an Excel serial day: days since
/// 30.12.1899 in the 1900 date system (which makes 1.3.1900 serial 61, as
/// Excel does), since 1.1.1904 in the 1904 one. Numbers below 3000 (before
/// 1908) are not taken for dates, nor any beyond 31.12.9999.
pub(crate) fn serial_date(serial: f64, date1904: bool) -> Option<NaiveDate> {
    let (epoch, last) = if date1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1)?, 2_957_003.0)
    } else {
        (NaiveDate::from_ymd_opt(1899, 12, 30)?, 2_958_465.0)
    };
    if !(3_000.0..=last).contains(&serial) {
        return None;
    }
    epoch.checked_add_signed(chrono::Duration::days(serial as i64))
}

/// Whether a date text can only be read month-first (`10/25/2025`).
pub(crate) fn is_month_first(text: &str) -> bool {
    let parts: Vec<&str> = text.trim().split('/').collect();
    match parts.as_slice() {
        [a, b, _] => {
            let (a, b) = (a.parse::<u32>().unwrap_or(0), b.parse::<u32>().unwrap_or(0));
            (1..=12).contains(&a) && (13..=31).contains(&b)
        }
        _ => false,
    }
}

/// Reads yes/no in English, French and German, or true/false, 1/0, x.
pub(crate) fn parse_yes_no(text: &str) -> Option<bool> {
    match crate::reference::fold(text).as_str() {
        "yes" | "y" | "true" | "1" | "x" | "oui" | "o" | "ja" | "j" | "vrai" | "wahr" => Some(true),
        "no" | "n" | "false" | "0" | "non" | "nein" | "faux" | "falsch" | "" => Some(false),
        _ => None,
    }
}

/// Splits a list cell on `;`, or on `,` when there is no `;`.
pub(crate) fn split_list(text: &str) -> Vec<&str> {
    let sep = if text.contains(';') { ';' } else { ',' };
    text.split(sep).map(str::trim).filter(|p| !p.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalStyle::*;

    #[test]
    fn numbers_in_european_styles() {
        assert_eq!(parse_number("1234", Unknown), Ok(1234.0));
        assert_eq!(parse_number("1 234", Unknown), Ok(1234.0));
        assert_eq!(parse_number("1\u{a0}234,5", Unknown), Ok(1234.5));
        assert_eq!(parse_number("1.234,5", Unknown), Ok(1234.5));
        assert_eq!(parse_number("1,234.5", Unknown), Ok(1234.5));
        assert_eq!(parse_number("12,5", Unknown), Ok(12.5));
        assert_eq!(parse_number("1.234.567", Unknown), Ok(1_234_567.0));
        assert_eq!(parse_number("-7", Unknown), Ok(-7.0));
        assert_eq!(parse_number("0,250", Unknown), Ok(0.25));
        assert_eq!(parse_number("1,234", Unknown), Err(NumberError::Ambiguous));
        assert_eq!(parse_number("1.234", Unknown), Err(NumberError::Ambiguous));
        assert_eq!(parse_number("1,234", Comma), Ok(1.234));
        assert_eq!(parse_number("1,234", Point), Ok(1234.0));
        assert_eq!(parse_number("1.234", Comma), Ok(1234.0));
        assert_eq!(parse_number("1.234", Point), Ok(1.234));
        for bad in ["12O", "", "1,23,4", "1.2.3", "abc", ",5", "5,", "1,2.3,4", "--5", "25%"] {
            assert_eq!(parse_number(bad, Unknown), Err(NumberError::Invalid), "{bad}");
        }
    }

    #[test]
    fn file_evidence_decides_the_style() {
        assert_eq!(file_style(["12,5", "1,234", "7"]), Comma);
        assert_eq!(file_style(["12.5", "1,234"]), Point);
        assert_eq!(file_style(["1,234", "7"]), Unknown);
        assert_eq!(file_style(["12.5", "12,5"]), Unknown);
        assert_eq!(file_style(["1.234.567"]), Comma);
    }

    #[test]
    fn dates_day_first_never_month_first() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse_date("2025-10-09", false), Ok(d(2025, 10, 9)));
        assert_eq!(parse_date("2025-10-09T00:00:00", false), Ok(d(2025, 10, 9)));
        assert_eq!(parse_date("9.10.2025", false), Ok(d(2025, 10, 9)));
        assert_eq!(parse_date("09/10/2025", false), Ok(d(2025, 10, 9)));
        assert_eq!(parse_date("25/10/2025", false), Ok(d(2025, 10, 25)));
        assert_eq!(parse_date("10/25/2025", false), Err(DateError::Invalid));
        assert_eq!(parse_date("09/10/2025", true), Err(DateError::Ambiguous));
        assert_eq!(parse_date("9.10.25", false), Err(DateError::Ambiguous));
        assert_eq!(parse_date("31.02.2025", false), Err(DateError::Invalid));
        assert_eq!(parse_date("October 9", false), Err(DateError::Invalid));
        assert!(is_month_first("10/25/2025"));
        assert!(!is_month_first("25/10/2025"));
    }

    #[test]
    fn yes_no_and_lists() {
        for yes in ["yes", "Oui", "JA", "true", "1", "x"] {
            assert_eq!(parse_yes_no(yes), Some(true), "{yes}");
        }
        for no in ["no", "Non", "nein", "false", "0", ""] {
            assert_eq!(parse_yes_no(no), Some(false), "{no}");
        }
        assert_eq!(parse_yes_no("maybe"), None);
        assert_eq!(split_list("FR; DE ;ES"), ["FR", "DE", "ES"]);
        assert_eq!(split_list("FR, DE"), ["FR", "DE"]);
    }
}
