//! One value reader per column kind: a cell is read as its column's
//! `ColumnKind` says (`RowReader::read`), every problem a diagnostic with
//! the cell's location. The parsing shared with the Submission sheet
//! (`date_of`, `yes_no_of`, `invalid_choice`) is here too.

use super::row::RowReader;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::format::{ColumnDef, ColumnKind};
use crate::ingest::Value;
use crate::normalise::personal;
use crate::normalise::values::{self, DateError, NumberError};
use crate::reference::countries;
use chrono::NaiveDate;

/// A cell's value as its column's kind reads it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Typed {
    /// Text, or a code: a country, Member State, choice, section or indicator.
    Text(String),
    /// A whole, non-negative number.
    Count(u64),
    /// A date.
    Date(NaiveDate),
    /// Yes or no.
    Flag(bool),
    /// A list of country codes.
    List(Vec<String>),
}

impl<'a> RowReader<'a> {
    /// The row's cell in column `id`, read as the column's kind says;
    /// `None` when the cell is empty (a required one is reported) or cannot
    /// be read (reported).
    pub(crate) fn read(&mut self, id: &str) -> Option<Typed> {
        let (col, value, at) = self.present(id)?;
        let text = || value.display();
        match col.kind {
            ColumnKind::Text => {
                let text = text().trim().to_string();
                self.check_personal_data(&text, &at);
                Some(Typed::Text(text))
            }
            ColumnKind::Semester => Some(Typed::Text(text().trim().to_string())),
            ColumnKind::Count | ColumnKind::Number => self.read_count(col, value, &at).map(Typed::Count),
            ColumnKind::Date => self.read_date(col, value, &at).map(Typed::Date),
            ColumnKind::Country | ColumnKind::CountryOrEmpty => self.read_country(col, &text(), &at).map(Typed::Text),
            ColumnKind::CountryList => Some(Typed::List(self.read_countries(col, &text(), &at, false))),
            ColumnKind::MemberStateList => Some(Typed::List(self.read_countries(col, &text(), &at, true))),
            ColumnKind::MemberState => self.read_member_state(col, &text(), &at).map(Typed::Text),
            ColumnKind::MemberStateOrText => {
                let text = member_state_or_text(text().trim());
                self.check_personal_data(&text, &at);
                Some(Typed::Text(text))
            }
            ColumnKind::YesNo => self.read_yes_no(col, value, &at).map(Typed::Flag),
            ColumnKind::Choice => self.read_choice(col, &text(), &at).map(Typed::Text),
            ColumnKind::Section => self.read_section(&text(), &at).map(Typed::Text),
            ColumnKind::Indicator => self.read_indicator(&text(), &at).map(Typed::Text),
        }
    }

    /// Reports the personal data a free-text cell holds, each match
    /// masked (the cell is still read: the text is the Member State's to
    /// correct).
    fn check_personal_data(&mut self, text: &str, at: &Location) {
        for f in personal::find(text) {
            self.report(
                Diagnostic::new(
                    Code::PersonalData,
                    at,
                    format!(
                        "this text seems to hold a {}: reports go to three institutions, so remove it from the text (or name the service, not the person)",
                        f.kind
                    ),
                )
                .found(personal::mask(&f.matched))
                .expected("no personal data"),
            );
        }
    }

    /// A whole, non-negative number.
    fn read_count(&mut self, col: &ColumnDef, value: &Value, at: &Location) -> Option<u64> {
        let number = match value {
            Value::Number(n) => Ok(*n),
            Value::Text(t) => values::parse_number(t, self.evidence().style),
            _ => Err(NumberError::Invalid),
        };
        let found = value.display();
        let (code, hint) = match number {
            Ok(n) if n < 0.0 => (
                Code::NegativeCount,
                "counts cannot be negative; enter the number of persons or events",
            ),
            Ok(n) if n.fract() != 0.0 || n > 1e15 => {
                let hint = if matches!(value, Value::Number(_)) && n < 1.0 {
                    "a whole number is expected; a percentage or fraction cannot be used as a count"
                } else {
                    "a whole number of persons or events is expected"
                };
                (Code::InvalidNumber, hint)
            }
            Ok(n) => return Some(n as u64),
            Err(NumberError::Ambiguous) => (
                Code::AmbiguousNumber,
                "it is unclear whether the separator groups thousands or marks decimals, and the file gives no other evidence; write the number without separators",
            ),
            Err(NumberError::Invalid) => (Code::InvalidNumber, "write digits only, e.g. 1234 or 1 234"),
        };
        self.report(Diagnostic::new(code, at, hint).found(found).expected(expected_for(col)));
        None
    }

    /// A date; one outside the row's semester is reported but kept.
    fn read_date(&mut self, col: &ColumnDef, value: &Value, at: &Location) -> Option<NaiveDate> {
        let parsed = date_of(value, self.date1904(), self.evidence().month_first_seen);
        let found = value.display();
        match parsed {
            Ok(date) => {
                if let Some(sem) = self.semester.filter(|s| !s.contains(date)) {
                    self.report(
                        Diagnostic::new(Code::DateOutsideSemester, at, format!("the date is outside {sem} ({} – {}); check the year or move the entry to the right report", sem.start(), sem.end()))
                            .found(found)
                            .expected(format!("a date in {sem}")),
                    );
                }
                Some(date)
            }
            Err(DateError::Ambiguous) => {
                self.report(
                    Diagnostic::new(
                        Code::AmbiguousDate,
                        at,
                        "day and month could be read either way round; write the date as 2025-10-09 or 9.10.2025",
                    )
                    .found(found)
                    .expected(expected_for(col)),
                );
                None
            }
            Err(DateError::Invalid) => {
                self.report(
                    Diagnostic::new(Code::InvalidDate, at, "write the date as 2025-10-09, 9.10.2025 or 09/10/2025 (day first; month-first dates are never guessed)")
                        .found(found)
                        .expected(expected_for(col)),
                );
                None
            }
        }
    }

    /// A country code; `None` when unknown (reported).
    fn read_country(&mut self, col: &ColumnDef, text: &str, at: &Location) -> Option<String> {
        match countries::resolve(text) {
            Some(c) => Some(c.code.clone()),
            None => {
                self.report(unknown_country(at, text, col));
                None
            }
        }
    }

    /// A list of country codes; every name must resolve.
    fn read_countries(&mut self, col: &ColumnDef, text: &str, at: &Location, member_states_only: bool) -> Vec<String> {
        if let Some(c) = countries::resolve(text) {
            return self
                .check_member_state(c.code.clone(), member_states_only, at, text, col)
                .into_iter()
                .collect();
        }
        let mut out = Vec::new();
        for part in values::split_list(text) {
            match countries::resolve(part) {
                Some(c) => out.extend(self.check_member_state(c.code.clone(), member_states_only, at, part, col)),
                None => self.report(unknown_country(at, part, col)),
            }
        }
        out
    }

    fn check_member_state(
        &mut self,
        code: String,
        only: bool,
        at: &Location,
        text: &str,
        col: &ColumnDef,
    ) -> Option<String> {
        if only && !countries::is_network_state(&code) {
            self.report(
                Diagnostic::new(
                    Code::InvalidChoice,
                    at,
                    "only Member States and Schengen associates (IS, NO, CH, LI) take part in ILO networks",
                )
                .found(text)
                .expected(expected_for(col)),
            );
            return None;
        }
        Some(code)
    }

    /// A Member State (or Schengen associate) code.
    fn read_member_state(&mut self, col: &ColumnDef, text: &str, at: &Location) -> Option<String> {
        match countries::resolve(text) {
            Some(c) => self.check_member_state(c.code.clone(), true, at, text, col),
            None => {
                self.report(unknown_country(at, text, col));
                None
            }
        }
    }

    fn read_yes_no(&mut self, col: &ColumnDef, value: &Value, at: &Location) -> Option<bool> {
        let parsed = yes_no_of(value);
        if parsed.is_none() {
            self.report(
                Diagnostic::new(
                    Code::InvalidChoice,
                    at,
                    "answer yes or no (oui/non, ja/nein, true/false, 1/0 and x are accepted too)",
                )
                .found(value.display())
                .expected(expected_for(col)),
            );
        }
        parsed
    }

    /// One of the column's choices (aliases in three languages accepted).
    fn read_choice(&mut self, col: &ColumnDef, text: &str, at: &Location) -> Option<String> {
        match self.format().resolve_choice(text, &col.choices) {
            Some(c) => Some(c.to_string()),
            None => {
                self.report(invalid_choice(at, text, col));
                None
            }
        }
    }

    fn read_section(&mut self, text: &str, at: &Location) -> Option<String> {
        let format = self.format();
        match format.resolve_section(text) {
            Some(s) => Some(s.id.clone()),
            None => {
                let ids: Vec<&str> = format.sections.iter().map(|s| s.id.as_str()).collect();
                let example = ids.last().copied().unwrap_or_default();
                self.report(
                    Diagnostic::new(
                        Code::UnknownSection,
                        at,
                        format!("write the section number as in the format, e.g. {example}"),
                    )
                    .found(text)
                    .expected(format!("one of {}", ids.join(", "))),
                );
                None
            }
        }
    }

    fn read_indicator(&mut self, text: &str, at: &Location) -> Option<String> {
        let format = self.format();
        match format.resolve_indicator(text) {
            Some(i) => Some(i.id.clone()),
            None => {
                let ids: Vec<&str> = format.indicators.iter().map(|i| i.id.as_str()).collect();
                self.report(
                    Diagnostic::new(
                        Code::UnknownIndicator,
                        at,
                        "use an indicator id of the catalogue (see the Instructions sheet of the submission workbook)",
                    )
                    .found(text)
                    .expected(format!("one of {}", ids.join(", "))),
                );
                None
            }
        }
    }
}

/// A Member State code when the text names one, else the text itself
/// (a chair may be "EU Delegation").
fn member_state_or_text(text: &str) -> String {
    match countries::resolve(text) {
        Some(c) if countries::is_network_state(&c.code) => c.code.clone(),
        _ => text.to_string(),
    }
}

/// A date cell: a date-formatted cell, a plain number as an Excel serial
/// day (`date1904`: the workbook counts from 1904), or text in any of the
/// forms `values::parse_date` reads.
pub(crate) fn date_of(value: &Value, date1904: bool, month_first_seen: bool) -> Result<NaiveDate, DateError> {
    match value {
        Value::Date(d) => Ok(d.date()),
        Value::Number(n) => values::serial_date(*n, date1904).ok_or(DateError::Invalid),
        other => values::parse_date(&other.display(), month_first_seen),
    }
}

/// A yes/no cell: a boolean, 1 or 0, or a word `values::parse_yes_no` reads.
pub(crate) fn yes_no_of(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) if *n == 1.0 => Some(true),
        Value::Number(n) if *n == 0.0 => Some(false),
        other => values::parse_yes_no(&other.display()),
    }
}

/// A value that is not one of the column's choices.
pub(crate) fn invalid_choice(at: &Location, text: &str, col: &ColumnDef) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidChoice,
        at,
        format!("use one of: {}", col.choices.join(", ")),
    )
    .found(text)
    .expected(expected_for(col))
}

fn unknown_country(at: &Location, text: &str, col: &ColumnDef) -> Diagnostic {
    let suggestions = countries::suggestions(text);
    let hint = if suggestions.is_empty() {
        "use an ISO country code (MA, SN, TR) or the country's English, French or German name".to_string()
    } else {
        format!("did you mean {}?", suggestions.join(", "))
    };
    Diagnostic::new(Code::UnknownCountry, at, hint)
        .found(text)
        .expected(expected_for(col))
}

/// The code of a formula error in a column of this kind.
pub(super) fn error_code(kind: ColumnKind) -> Code {
    match kind {
        ColumnKind::Count | ColumnKind::Number => Code::InvalidNumber,
        ColumnKind::Date => Code::InvalidDate,
        ColumnKind::Country
        | ColumnKind::CountryOrEmpty
        | ColumnKind::CountryList
        | ColumnKind::MemberState
        | ColumnKind::MemberStateList => Code::UnknownCountry,
        _ => Code::InvalidChoice,
    }
}

/// What a column expects, in words, for diagnostics.
pub fn expected_for(col: &ColumnDef) -> String {
    match col.kind {
        ColumnKind::Text | ColumnKind::MemberStateOrText => "text".into(),
        ColumnKind::Count | ColumnKind::Number => "a whole number".into(),
        ColumnKind::Date => "a date (2025-10-09 or 9.10.2025)".into(),
        ColumnKind::Country | ColumnKind::CountryOrEmpty => "a country code or name".into(),
        ColumnKind::CountryList => "countries separated by , or ;".into(),
        ColumnKind::MemberState => "a Member State code (e.g. FR)".into(),
        ColumnKind::MemberStateList => "Member State codes separated by , or ;".into(),
        ColumnKind::YesNo => "yes or no".into(),
        ColumnKind::Choice => format!("one of {}", col.choices.join(", ")),
        ColumnKind::Section => "a section number of the format".into(),
        ColumnKind::Indicator => "an indicator id".into(),
        ColumnKind::Semester => "a semester such as 2025-H2".into(),
    }
}
