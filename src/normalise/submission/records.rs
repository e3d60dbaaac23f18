//! The records of every table: a data row read into the model's record of
//! its table, then added to the submission unless it has errors, repeats an
//! earlier row or contradicts an earlier figure.

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::format::IndicatorDef;
use crate::model::*;
use crate::normalise::table::RowReader;

/// One row of any table, typed.
#[derive(Debug, Clone, PartialEq)]
enum Record {
    Posting(Posting),
    Meeting(Meeting),
    Training(Training),
    Narrative(Narrative),
    Observation(Observation),
    Route(Route),
    Document(DocumentFraud),
}

/// A submission being read, with every record added so far and where its
/// row is (to tell repeated rows).
pub(super) struct Collected {
    /// The submission, records included.
    pub(crate) submission: Submission,
    seen: Vec<(Record, Location)>,
}

impl Collected {
    /// A submission with no record yet.
    pub fn new(submission: Submission) -> Collected {
        Collected {
            submission,
            seen: Vec::new(),
        }
    }

    /// Reads a data row into a record of its table and adds it; whether
    /// the row was used (every problem is in `row.diags`).
    pub(crate) fn read_row(&mut self, row: &mut RowReader) -> bool {
        let record = read_record(row);
        self.accept(record, row)
    }

    /// Adds a record to the submission unless the row had errors or repeats
    /// an earlier row (a `duplicate-row` warning). Same statistics cell with
    /// a different value in one submission is a `conflicting-value`.
    fn accept(&mut self, record: Option<Record>, row: &mut RowReader) -> bool {
        let Some(record) = record.filter(|_| !row.has_errors()) else {
            return false;
        };
        let at = row.location();
        if let Some((_, first)) = self.seen.iter().find(|(r, _)| *r == record) {
            row.report(
                Diagnostic::new(
                    Code::DuplicateRow,
                    &at,
                    format!(
                        "this row repeats row {} exactly; the copy is left out",
                        first.row.unwrap_or(0)
                    ),
                )
                .found(format!("row {}", at.row.unwrap_or(0))),
            );
            return false;
        }
        if let Record::Observation(o) = &record {
            let clash = self.seen.iter().find(|(r, _)| matches!(r, Record::Observation(p)
                if p.indicator == o.indicator && p.citizenship == o.citizenship && p.breakdown == o.breakdown && p.value != o.value));
            if let Some((Record::Observation(p), first)) = clash {
                row.report(
                    Diagnostic::new(Code::ConflictingValue, &row.cell_location("value").unwrap_or_else(|| at.clone()), format!("row {} gives {} for the same indicator, citizenship and breakdown; keep one row (add figures up before sending)", first.row.unwrap_or(0), p.value))
                        .found(o.value.to_string())
                        .expected(p.value.to_string()),
                );
                return false;
            }
        }
        self.seen.push((record.clone(), at));
        let s = &mut self.submission;
        match record {
            Record::Posting(x) => s.postings.push(x),
            Record::Meeting(x) => s.meetings.push(x),
            Record::Training(x) => s.training.push(x),
            Record::Narrative(x) => s.narrative.push(x),
            Record::Observation(x) => s.statistics.push(x),
            Record::Route(x) => s.routes.push(x),
            Record::Document(x) => s.documents.push(x),
        }
        true
    }
}

/// Reads a row of its table; `None` when a required value is missing
/// (every problem is in `row.diags`). Each cell is read as its column's
/// kind says; the ids only place the values in the record.
fn read_record(row: &mut RowReader) -> Option<Record> {
    let record = match row.table_id() {
        "postings" => {
            let member_state = row.text("member_state");
            let ilos = row.count("ilos");
            let posted_at = row.text("posted_at");
            let accredited_to = row.list("accredited_to");
            let represents = row.list("represents");
            Record::Posting(Posting {
                member_state: member_state?,
                ilos: ilos?,
                posted_at,
                accredited_to,
                represents,
            })
        }
        "meetings" => {
            let date = row.date("date");
            let chair = row.text("chair");
            let participants = row.list("participants");
            let commission_present = row.flag("commission_present");
            let frontex_present = row.flag("frontex_present");
            let subjects = row.text("subjects");
            Record::Meeting(Meeting {
                date: date?,
                chair,
                participants,
                commission_present,
                frontex_present,
                subjects,
            })
        }
        "training" => {
            let date = row.date("date");
            let title = row.text("title");
            let organiser = row.text("organiser");
            let audience = row.text("audience");
            let participants = row.count("participants");
            Record::Training(Training {
                date: date?,
                title: title?,
                organiser,
                audience: audience?,
                participants,
            })
        }
        "narrative" => {
            let section = row.text("section");
            let text = row.text("text");
            Record::Narrative(Narrative {
                section: section?,
                text: text?,
            })
        }
        "statistics" => read_observation(row)?,
        "routes" => read_route(row)?,
        "documents" => {
            let document_type = row.text("document_type");
            let issuing_country = row.text("issuing_country");
            let fraud_type = row.text("fraud_type");
            let count = row.count("count");
            let origin = row.cell_location("count");
            let note = row.text("note");
            Record::Document(DocumentFraud {
                document_type: document_type?,
                issuing_country,
                fraud_type: fraud_type?,
                count: count?,
                note,
                origin,
            })
        }
        _ => return None,
    };
    Some(record)
}

fn read_route(row: &mut RowReader) -> Option<Record> {
    let origin = row.text("origin");
    let transit = row.list("transit");
    let destination = row.text("destination");
    let mode = row.text("mode");
    let trend = row.text("trend");
    let description = row.text("description");
    Some(Record::Route(Route {
        origin: origin?,
        transit,
        destination: destination?,
        mode,
        trend,
        description,
    }))
}

/// A statistics row: the indicator decides which citizenship, breakdowns
/// and unit the row may give.
fn read_observation(row: &mut RowReader) -> Option<Record> {
    let format = row.format();
    let indicator_id = row.text("indicator");
    let value = row.count("value");
    let origin = row.cell_location("value");
    let source = row.text("source");
    let note = row.text("note");
    let indicator = indicator_id.as_deref().and_then(|id| format.indicator(id));
    let citizenship = citizenship(row, indicator);
    let breakdown = indicator.and_then(|ind| breakdown(row, ind));
    let unit = indicator.and_then(|ind| unit(row, ind));
    Some(Record::Observation(Observation {
        indicator: indicator_id?,
        citizenship,
        breakdown,
        value: value?,
        unit: unit?,
        source,
        note,
        origin,
    }))
}

/// The citizenship: none on a total row or for an indicator not broken
/// down by citizenship (one given is reported), else the country.
fn citizenship(row: &mut RowReader, indicator: Option<&IndicatorDef>) -> Option<String> {
    let format = row.format();
    let raw = row.raw("citizenship");
    if raw.as_ref().is_some_and(|(text, _)| format.is_total_word(text)) {
        return None;
    }
    match (indicator, raw) {
        (Some(ind), Some((text, at))) if !ind.by_citizenship => {
            row.report(
                Diagnostic::new(
                    Code::InvalidChoice,
                    &at,
                    format!(
                        "`{}` is not broken down by citizenship; leave the citizenship empty",
                        ind.id
                    ),
                )
                .found(text)
                .expected("empty"),
            );
            None
        }
        _ => row.text("citizenship"),
    }
}

/// The breakdown: none on a total row, else one of the indicator's.
fn breakdown(row: &mut RowReader, ind: &IndicatorDef) -> Option<String> {
    let hint = if ind.breakdowns.is_empty() {
        format!("`{}` has no breakdown; leave the breakdown empty", ind.id)
    } else {
        format!("the breakdowns of `{}` are {}", ind.id, ind.breakdowns.join(", "))
    };
    match row.raw("breakdown") {
        Some((text, _)) if row.format().is_total_word(&text) => None,
        _ => row.choice_in("breakdown", &ind.breakdowns, &hint),
    }
}

/// The unit: the indicator's, which a row may repeat but not change.
fn unit(row: &mut RowReader, ind: &IndicatorDef) -> Option<String> {
    let Some((text, at)) = row.raw("unit") else {
        return Some(ind.unit.clone());
    };
    match row.format().resolve_choice(&text, std::slice::from_ref(&ind.unit)) {
        Some(u) => Some(u.to_string()),
        None => {
            row.report(
                Diagnostic::new(
                    Code::InvalidChoice,
                    &at,
                    format!(
                        "`{}` is counted in {}; figures of different units are never added",
                        ind.id, ind.unit
                    ),
                )
                .found(text)
                .expected(ind.unit.clone()),
            );
            None
        }
    }
}
