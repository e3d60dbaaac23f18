//! Semesters and the Council Presidency calendar 2004-H1 … 2030-H2.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Half of a calendar year: January–June or July–December.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Half {
    H1,
    H2,
}

/// A semester such as `2025-H2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Semester {
    pub(crate) year: i32,
    pub(crate) half: Half,
}

/// Presidencies by year from 2004: (H1, H2), EU country codes.
const PRESIDENCIES: [(&str, &str); 27] = [
    ("IE", "NL"),
    ("LU", "UK"),
    ("AT", "FI"),
    ("DE", "PT"),
    ("SI", "FR"),
    ("CZ", "SE"),
    ("ES", "BE"),
    ("HU", "PL"),
    ("DK", "CY"),
    ("IE", "LT"),
    ("EL", "IT"),
    ("LV", "LU"),
    ("NL", "SK"),
    ("MT", "EE"),
    ("BG", "AT"),
    ("RO", "FI"),
    ("HR", "DE"),
    ("PT", "SI"),
    ("FR", "CZ"),
    ("SE", "ES"),
    ("BE", "HU"),
    ("PL", "DK"),
    ("CY", "IE"),
    ("LT", "EL"),
    ("IT", "LV"),
    ("LU", "NL"),
    ("SK", "MT"),
];
const FIRST_YEAR: i32 = 2004;

/// First and last semester of the built-in Presidency calendar.
pub(crate) const CALENDAR_RANGE: (Semester, Semester) = (
    Semester {
        year: FIRST_YEAR,
        half: Half::H1,
    },
    Semester {
        year: FIRST_YEAR + PRESIDENCIES.len() as i32 - 1,
        half: Half::H2,
    },
);

impl Semester {
    pub fn new(year: i32, half: Half) -> Self {
        Semester { year, half }
    }

    /// The semester before this one.
    pub(crate) fn previous(self) -> Semester {
        match self.half {
            Half::H2 => Semester::new(self.year, Half::H1),
            Half::H1 => Semester::new(self.year - 1, Half::H2),
        }
    }

    /// The semester a date falls in.
    pub(crate) fn of_date(date: NaiveDate) -> Self {
        let half = if date.month() <= 6 { Half::H1 } else { Half::H2 };
        Semester {
            year: date.year(),
            half,
        }
    }

    /// First day of the semester.
    pub fn start(&self) -> NaiveDate {
        let month = if self.half == Half::H1 { 1 } else { 7 };
        NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Last day of the semester.
    pub fn end(&self) -> NaiveDate {
        let (month, day) = if self.half == Half::H1 { (6, 30) } else { (12, 31) };
        NaiveDate::from_ymd_opt(self.year, month, day).unwrap_or(NaiveDate::MAX)
    }

    pub(crate) fn contains(&self, date: NaiveDate) -> bool {
        Semester::of_date(date) == *self
    }

    /// The Member State holding the Council Presidency, when the semester is
    /// inside the built-in calendar.
    pub fn presidency(&self) -> Option<&'static str> {
        let index = usize::try_from(self.year - FIRST_YEAR).ok()?;
        let (h1, h2) = PRESIDENCIES.get(index)?;
        Some(if self.half == Half::H1 { h1 } else { h2 })
    }
}

impl fmt::Display for Semester {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let half = if self.half == Half::H1 { "H1" } else { "H2" };
        write!(f, "{}-{}", self.year, half)
    }
}

/// Accepts `2025-H2`, `2025 H2`, `H2 2025`, `2025-S2`, `S2/2025`,
/// `2. Halbjahr 2025` and similar; the year must have four digits.
impl FromStr for Semester {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        let folded = super::fold(text);
        let tokens: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
        let mut year = None;
        let mut half = None;
        for token in tokens {
            let bytes = token.as_bytes();
            if token.len() == 4 && token.bytes().all(|b| b.is_ascii_digit()) {
                if year.replace(token.parse::<i32>().map_err(|_| ())?).is_some() {
                    return Err(());
                }
            } else if let Some(h) = parse_half(token) {
                if half.replace(h).is_some() {
                    return Err(());
                }
            } else if token.len() == 6 && bytes[..4].iter().all(u8::is_ascii_digit) && parse_half(&token[4..]).is_some()
            {
                year = Some(token[..4].parse().map_err(|_| ())?);
                half = parse_half(&token[4..]);
            } else if !matches!(token, "halbjahr" | "semestre" | "semester" | "half") {
                return Err(());
            }
        }
        match (year, half) {
            (Some(year), Some(half)) => Ok(Semester { year, half }),
            _ => Err(()),
        }
    }
}

fn parse_half(token: &str) -> Option<Half> {
    match token {
        "h1" | "s1" | "1" | "i" => Some(Half::H1),
        "h2" | "s2" | "2" | "ii" => Some(Half::H2),
        _ => None,
    }
}

impl Serialize for Semester {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Semester {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|_| serde::de::Error::custom(format!("not a semester: {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sem(text: &str) -> Semester {
        text.parse().expect(text)
    }

    #[test]
    fn presidency_calendar_matches_the_council_order() {
        assert_eq!(sem("2004-H1").presidency(), Some("IE"));
        assert_eq!(sem("2005-H2").presidency(), Some("UK"));
        assert_eq!(sem("2012-H1").presidency(), Some("DK"));
        assert_eq!(sem("2014-H1").presidency(), Some("EL"));
        assert_eq!(sem("2025-H1").presidency(), Some("PL"));
        assert_eq!(sem("2025-H2").presidency(), Some("DK"));
        assert_eq!(sem("2026-H1").presidency(), Some("CY"));
        assert_eq!(sem("2030-H2").presidency(), Some("MT"));
        assert_eq!(sem("2003-H2").presidency(), None);
        assert_eq!(sem("2031-H1").presidency(), None);
        assert_eq!(CALENDAR_RANGE.1.to_string(), "2030-H2");
    }

    #[test]
    fn semester_spellings() {
        for text in [
            "2025-H2",
            "2025 h2",
            "H2 2025",
            "2025-S2",
            "S2/2025",
            "2. Halbjahr 2025",
            "2025H2",
        ] {
            assert_eq!(sem(text), Semester::new(2025, Half::H2), "{text}");
        }
        assert_eq!(sem("2025-H2").previous(), sem("2025-H1"));
        assert_eq!(sem("2025-H1").previous(), sem("2024-H2"));
        for text in ["2025", "H2", "25-H2", "2025-H3", "2025-H1-H2", ""] {
            assert!(text.parse::<Semester>().is_err(), "{text}");
        }
    }

    #[test]
    fn semester_of_date_and_bounds() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(Semester::of_date(d(2025, 6, 30)), sem("2025-H1"));
        assert_eq!(Semester::of_date(d(2025, 7, 1)), sem("2025-H2"));
        assert_eq!(sem("2025-H2").start(), d(2025, 7, 1));
        assert_eq!(sem("2025-H2").end(), d(2025, 12, 31));
        assert_eq!(sem("2025-H1").end(), d(2025, 6, 30));
        assert!(sem("2025-H2").contains(d(2025, 10, 9)));
    }
}
