//! The tables a semester report's sections show — postings, meetings,
//! training, routes, documents — as drafts still to be fitted, or none
//! when nothing was sent.

use super::Presentation;
use crate::model::SemesterReport;
use crate::reference::countries;
use crate::render::style;
use crate::render::table::Draft;

/// The draft of the section table `table_id`, or none when the report has
/// no rows for it (or the table is unknown).
pub(super) fn table(ctx: &Presentation, r: &SemesterReport, table_id: &str) -> Option<Draft> {
    match table_id {
        "postings" => postings(ctx, r),
        "meetings" => meetings(ctx, r),
        "training" => training(ctx, r),
        "routes" => routes(ctx, r),
        "documents" => documents(ctx, r),
        _ => None,
    }
}

/// An optional text as a cell, empty when not given.
fn text(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// The ILOs posted by each Member State, with the total.
fn postings(ctx: &Presentation, r: &SemesterReport) -> Option<Draft> {
    if r.composition.is_empty() {
        return None;
    }
    let mut rows: Vec<Vec<String>> = r
        .composition
        .iter()
        .map(|p| {
            vec![
                ctx.country(&p.item.member_state),
                style::count(p.item.ilos),
                text(&p.item.posted_at),
                ctx.countries(&p.item.accredited_to),
                ctx.countries(&p.item.represents),
            ]
        })
        .collect();
    rows.push(vec![
        ctx.l("total"),
        style::count(r.total_ilos),
        String::new(),
        String::new(),
        String::new(),
    ]);
    let columns = ["member_state", "ilos", "posted_at", "accredited_to", "represents"].map(|k| ctx.l(k));
    Some(Draft::new(columns.into(), rows, [1]).total_last())
}

/// The ILO network's meetings.
fn meetings(ctx: &Presentation, r: &SemesterReport) -> Option<Draft> {
    if r.meetings.is_empty() {
        return None;
    }
    let rows = r
        .meetings
        .iter()
        .map(|m| {
            let chair = m
                .item
                .chair
                .as_deref()
                .map(|c| {
                    if countries::is_network_state(c) {
                        ctx.country(c)
                    } else {
                        c.to_string()
                    }
                })
                .unwrap_or_default();
            vec![
                style::date_table(m.item.date),
                chair,
                ctx.countries(&m.item.participants),
                ctx.yes_no(m.item.commission_present),
                ctx.yes_no(m.item.frontex_present),
                text(&m.item.subjects),
            ]
        })
        .collect();
    let columns = ["date", "chair", "participants", "commission", "frontex", "subjects"].map(|k| ctx.l(k));
    Some(Draft::new(columns.into(), rows, []))
}

/// Training given or attended.
fn training(ctx: &Presentation, r: &SemesterReport) -> Option<Draft> {
    if r.training.is_empty() {
        return None;
    }
    let rows = r
        .training
        .iter()
        .map(|t| {
            let audience = if t.item.audience == "ilos" {
                ctx.l("ilos_audience")
            } else {
                ctx.l(&t.item.audience)
            };
            vec![
                style::date_table(t.item.date),
                t.item.title.clone(),
                text(&t.item.organiser),
                audience,
                t.item.participants.map(style::count).unwrap_or_default(),
            ]
        })
        .collect();
    let columns = ["date", "training_title", "organiser", "audience", "participants"].map(|k| ctx.l(k));
    Some(Draft::new(columns.into(), rows, [4]))
}

/// Migration routes observed, with who reported them.
fn routes(ctx: &Presentation, r: &SemesterReport) -> Option<Draft> {
    if r.routes.is_empty() {
        return None;
    }
    let rows = r
        .routes
        .iter()
        .map(|x| {
            vec![
                ctx.country(&x.item.origin),
                ctx.countries(&x.item.transit),
                ctx.country(&x.item.destination),
                x.item.mode.as_deref().map(|m| ctx.l(m)).unwrap_or_default(),
                x.item.trend.as_deref().map(|t| ctx.l(t)).unwrap_or_default(),
                text(&x.item.description),
                x.member_state.clone(),
            ]
        })
        .collect();
    let columns = [
        "origin",
        "transit",
        "destination",
        "mode",
        "trend",
        "description",
        "reported_by",
    ]
    .map(|k| ctx.l(k));
    Some(Draft::new(columns.into(), rows, []))
}

/// Fraudulent documents detected, with the total.
fn documents(ctx: &Presentation, r: &SemesterReport) -> Option<Draft> {
    if r.documents.is_empty() {
        return None;
    }
    let mut rows: Vec<Vec<String>> = r
        .documents
        .iter()
        .map(|d| {
            vec![
                ctx.l(&d.item.document_type),
                d.item
                    .issuing_country
                    .as_deref()
                    .map(|c| ctx.country(c))
                    .unwrap_or_default(),
                ctx.l(&d.item.fraud_type),
                style::count(d.item.count),
                text(&d.item.note),
                d.member_state.clone(),
            ]
        })
        .collect();
    let total: u64 = r.documents.iter().map(|d| d.item.count).sum();
    rows.push(vec![
        ctx.l("total"),
        String::new(),
        String::new(),
        style::count(total),
        String::new(),
        String::new(),
    ]);
    let columns = [
        "document_type",
        "issuing_country",
        "fraud_type",
        "count",
        "note",
        "reported_by",
    ]
    .map(|k| ctx.l(k));
    Some(Draft::new(columns.into(), rows, [3]).total_last())
}
