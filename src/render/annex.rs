//! The statistical annex beside each semester report,
//! `<host>_<semester>_annex.xlsx`: the complete breakdown the PDF sums up —
//! every citizenship × Member State × breakdown, with units and sources —
//! one sheet per indicator, labels in the report language, figures as
//! numbers. Each sheet's figures add up to the total the PDF prints.

use super::view::Presentation;
use crate::format::Scope;
use crate::model::{IndicatorTable, SemesterReport};
use crate::reference::countries;
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

/// Excel's limit on sheet names.
const SHEET_NAME_MAX: usize = 31;

/// The annex workbook of a report, as bytes. `date` is the document's
/// date (stored as its creation date, so rebuilds are byte-identical);
/// `draft` marks a report built from inputs with errors. The report's
/// classification (and the draft marking) is on the Contents sheet, in the
/// header and footer of every sheet and in the document properties, as on
/// every page of the PDF.
pub(crate) fn workbook(ctx: &Presentation, r: &SemesterReport, date: NaiveDate, draft: bool) -> Result<Vec<u8>> {
    let l = |k: &str| ctx.format.label(k, ctx.lang);
    let mut marks: Vec<String> = r.classification.iter().cloned().collect();
    if draft {
        marks.push(l("draft_marking"));
    }
    let marking = marks.join(" · ");
    // `&` starts a code in Excel's header and footer text.
    let header = (!marking.is_empty()).then(|| format!("&C{}", marking.replace('&', "&&")));
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)?;
    let title = format!(
        "{} — {} — {}",
        l("annex_title"),
        ctx.format.label("report_title", ctx.lang),
        r.key()
    );
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_keywords(&marking)
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold();
    let marked = Format::new().set_bold().set_font_color("#A00000");
    let number = Format::new().set_num_format("#,##0");

    let mut names: Vec<String> = Vec::new();
    let titles: Vec<String> = r
        .statistics
        .iter()
        .map(|t| {
            ctx.format
                .indicator(&t.indicator)
                .map_or(t.indicator.clone(), |i| i.title.get(ctx.lang).to_string())
        })
        .collect();
    for t in &titles {
        names.push(sheet_name(t, &names));
    }

    let contents = wb.add_worksheet().set_name(sheet_name(&l("contents"), &names))?;
    if let Some(header) = &header {
        contents.set_header(header).set_footer(header);
    }
    if !marking.is_empty() {
        contents.write_string_with_format(0, 0, &marking, &marked)?;
    }
    contents.write_string_with_format(1, 0, &title, &bold)?;
    let columns = [l("indicator"), l("sheet"), l("unit"), l("total")];
    for (c, h) in columns.iter().enumerate() {
        contents.write_string_with_format(3, c as u16, h, &bold)?;
    }
    if r.statistics.is_empty() {
        contents.write_string(4, 0, l("no_information"))?;
    }
    for (i, t) in r.statistics.iter().enumerate() {
        let row = 4 + i as u32;
        contents.write_string(row, 0, &titles[i])?;
        contents.write_string(row, 1, &names[i])?;
        contents.write_string(row, 2, l(&t.unit))?;
        match t.total {
            Some(total) => contents.write_number_with_format(row, 3, total as f64, &number)?,
            None => contents.write_string(row, 3, super::view::MISSING)?,
        };
    }
    contents.set_column_width(0, 45)?;
    contents.set_column_width(1, 32)?;
    contents.set_column_width(3, 14)?;

    for (i, t) in r.statistics.iter().enumerate() {
        let sheet = wb.add_worksheet().set_name(&names[i])?;
        if let Some(header) = &header {
            sheet.set_header(header).set_footer(header);
        }
        indicator_sheet(ctx, sheet, t, &bold, &number)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// One indicator: a row per citizenship, breakdown and Member State (for
/// host-wide figures, counted once: one row naming every Member State
/// that sent it).
fn indicator_sheet(
    ctx: &Presentation,
    sheet: &mut Worksheet,
    t: &IndicatorTable,
    bold: &Format,
    number: &Format,
) -> Result<()> {
    let l = |k: &str| ctx.format.label(k, ctx.lang);
    let header = [
        l("citizenship"),
        l("code"),
        l("breakdown"),
        l("member_state"),
        l("code"),
        l("value"),
        l("unit"),
        l("source"),
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, bold)?;
    }
    let unit = l(&t.unit);
    let mut row = 1u32;
    for r in &t.rows {
        let by_citizenship = ctx.format.indicator(&t.indicator).is_none_or(|i| i.by_citizenship);
        let (citizenship, code) = match &r.citizenship {
            Some(c) => (countries::name(c, ctx.lang), c.clone()),
            None if by_citizenship => (l("citizenship_not_specified"), String::new()),
            None => (String::new(), String::new()),
        };
        let breakdown = r.breakdown.as_deref().map(&l).unwrap_or_default();
        let figures: Vec<(String, String, u64, String)> = match t.scope {
            Scope::PerMemberState => {
                let mut states: Vec<(&String, &u64)> = r.by_member_state.iter().collect();
                states.sort_by_key(|(ms, _)| countries::protocol_rank(ms));
                states
                    .into_iter()
                    .map(|(ms, v)| {
                        let sources = r.sources.get(ms).map(|s| s.join("; ")).unwrap_or_default();
                        (countries::name(ms, ctx.lang), ms.clone(), *v, sources)
                    })
                    .collect()
            }
            Scope::HostWide => {
                let mut sources: Vec<&str> = r.sources.values().flatten().map(String::as_str).collect();
                sources.sort_unstable();
                sources.dedup();
                let names: Vec<String> = r.reported_by.iter().map(|c| countries::name(c, ctx.lang)).collect();
                vec![(names.join(", "), r.reported_by.join(", "), r.total, sources.join("; "))]
            }
        };
        for (ms_name, ms_code, value, sources) in figures {
            sheet.write_string(row, 0, &citizenship)?;
            sheet.write_string(row, 1, &code)?;
            sheet.write_string(row, 2, &breakdown)?;
            sheet.write_string(row, 3, &ms_name)?;
            sheet.write_string(row, 4, &ms_code)?;
            sheet.write_number_with_format(row, 5, value as f64, number)?;
            sheet.write_string(row, 6, &unit)?;
            sheet.write_string(row, 7, &sources)?;
            row += 1;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.saturating_sub(1).max(1), 7)?;
    for (c, width) in [32, 8, 18, 24, 8, 14, 10, 40].into_iter().enumerate() {
        sheet.set_column_width(c as u16, width)?;
    }
    Ok(())
}

/// A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters (UTF-16
/// units), not starting or ending with an apostrophe or a space, unique in
/// the workbook whatever the case.
fn sheet_name(title: &str, taken: &[String]) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .collect();
    let cut = |text: &str, max: usize| -> String {
        let mut out = String::new();
        for c in text.chars() {
            if out.encode_utf16().count() + c.len_utf16() > max {
                break;
            }
            out.push(c);
        }
        out.trim_matches(|c: char| c == '\'' || c.is_whitespace()).to_string()
    };
    let base = cut(&clean, SHEET_NAME_MAX);
    let base = if base.is_empty() { "Sheet".to_string() } else { base };
    let is_taken = |name: &str| taken.iter().any(|t| t.to_lowercase() == name.to_lowercase());
    let mut name = base.clone();
    let mut n = 2;
    while is_taken(&name) {
        let suffix = format!(" ({n})");
        name = format!("{}{suffix}", cut(&base, SHEET_NAME_MAX - suffix.len()));
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let long = "Persons denied boarding on the advice of liaison officers";
        let a = sheet_name(long, &[]);
        assert!(a.chars().count() <= 31 && !a.ends_with(' '), "{a:?}");
        assert_eq!(
            sheet_name("Irregular migrants intercepted by the host", &[]),
            "Irregular migrants intercepted"
        );
        assert_eq!(sheet_name("Übersicht", &["ÜBERSICHT".to_string()]), "Übersicht (2)");
        let b = sheet_name(long, std::slice::from_ref(&a));
        assert_ne!(a, b);
        assert!(b.ends_with(" (2)") && b.chars().count() <= 31);
        assert_eq!(sheet_name("a/b: [c]?", &[]), "a-b- -c--");
    }
}
