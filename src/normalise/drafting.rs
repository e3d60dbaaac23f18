//! The drafting Member State's text of a semester report
//! (`MA_2025-H2.drafting.md`): its executive summary, its synthesis per
//! section and its conclusions and recommendations, in Markdown with one
//! level-1 heading per part. With it, the report's body is the synthesis
//! and the Member States' contributions form an annex; without it, the
//! report is a compilation and says so.
//!
//! Also the skeleton `ilo-report template --drafting` writes: every
//! heading with the contributions quoted beneath in comments.

use crate::diagnostics::{Code, Diagnostic, Location, Severity};
use crate::format::FormatDef;
use crate::model::{DraftingText, ReportKey, SemesterReport};
use crate::reference::{Lang, countries, fold};
use std::collections::BTreeMap;
use std::path::Path;

/// What ends the name of a drafting file: `MA_2025-H2.drafting.md`.
pub const DRAFTING_SUFFIX: &str = ".drafting";

/// Where the text under a level-1 heading goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Summary,
    Section(String),
    Conclusions,
}

/// Headings of the executive summary, folded (any language the reader
/// knows).
const SUMMARY_WORDS: &[&str] = &["executive summary", "summary", "resume", "synthese", "zusammenfassung"];

/// Headings of the conclusions and recommendations, folded.
const CONCLUSION_WORDS: &[&str] = &[
    "conclusions",
    "conclusion",
    "recommendations",
    "schlussfolgerungen",
    "schlussfolgerung",
    "empfehlungen",
];

/// The id of the statistics' synthesis, a heading of its own.
pub const STATISTICS: &str = "statistics";

/// Headings of the statistics' synthesis, folded.
const STATISTICS_WORDS: &[&str] = &["statistics", "statistiques", "statistik", "statistiken"];

/// `MA_2025-H2.drafting.md` → (MA_2025-H2, ""); `MA_2025-H2.drafting.fr.md`
/// → (MA_2025-H2, "fr"); any other name → none.
pub fn drafting_file(path: &Path) -> Option<(ReportKey, String)> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".md").or_else(|| name.strip_suffix(".MD"))?;
    let (key, lang) = match stem.rsplit_once('.') {
        Some((rest, lang)) if ["en", "fr", "de"].contains(&lang) => (rest, lang),
        _ => (stem, ""),
    };
    let key = key.strip_suffix(DRAFTING_SUFFIX)?;
    Some((key.parse().ok()?, lang.to_string()))
}

/// Which part a level-1 heading opens, or none when it names no part.
fn part_of(format: &FormatDef, heading: &str) -> Option<Part> {
    if let Some(section) = format.resolve_section(heading) {
        return Some(Part::Section(section.id.clone()));
    }
    let folded = fold(heading);
    let starts = |words: &[&str]| {
        words
            .iter()
            .any(|w| folded == *w || folded.starts_with(&format!("{w} ")))
    };
    if starts(SUMMARY_WORDS) {
        Some(Part::Summary)
    } else if starts(CONCLUSION_WORDS) {
        Some(Part::Conclusions)
    } else if starts(STATISTICS_WORDS) {
        Some(Part::Section(STATISTICS.to_string()))
    } else {
        None
    }
}

/// `text` without its HTML comments (`<!-- … -->`), which hold the
/// skeleton's quotations and the drafter's notes; line breaks inside a
/// comment are kept, so that line numbers stay those of the file.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 4..];
        match after.find("-->") {
            Some(end) => {
                out.extend(after[..end].chars().filter(|&c| c == '\n'));
                rest = &after[end + 3..];
            }
            None => {
                out.extend(after.chars().filter(|&c| c == '\n'));
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A level-1 ATX heading's text (`# I.3 Exchange …` → `I.3 Exchange …`).
fn level_one_heading(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('#')?;
    if rest.starts_with('#') {
        return None;
    }
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then(|| rest.trim().trim_end_matches('#').trim())
}

/// Reads a drafting file's text; `file` is its path as shown in problems.
/// Text the file holds that belongs to no heading the format knows is an
/// error at its line, never dropped silently.
pub fn parse(format: &FormatDef, text: &str, file: &str) -> (DraftingText, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut parts: Vec<(Part, String)> = Vec::new();
    let mut current: Option<usize> = None;
    let mut loose_from: Option<usize> = None;
    let mut unknown = false;
    let mut fences = Fences::default();
    let clean = without_comments(text);
    for (index, line) in clean.lines().enumerate() {
        let number = index + 1;
        if fences.code(line) {
            // A `#` line in a code block is text.
        } else if let Some(heading) = level_one_heading(line) {
            match part_of(format, heading) {
                Some(part) => {
                    unknown = false;
                    current = Some(match parts.iter().position(|(p, _)| *p == part) {
                        Some(i) => {
                            diags.push(problem(
                                file,
                                number,
                                heading,
                                "this heading appears twice; its texts are printed one after the other",
                                "each heading once",
                            ));
                            i
                        }
                        None => {
                            parts.push((part, String::new()));
                            parts.len() - 1
                        }
                    });
                    continue;
                }
                None => {
                    diags.push(
                        problem(
                            file,
                            number,
                            heading,
                            "this heading names no part of the report: its text is not printed; write a section id such as \"# II.3\", or \"# Executive summary\", \"# Statistics\", \"# Conclusions and recommendations\" (a subheading is \"##\")",
                            "a section id, summary, statistics or conclusions",
                        )
                        .severity(Severity::Error),
                    );
                    unknown = true;
                    continue;
                }
            }
        }
        if unknown {
            continue;
        }
        match current {
            Some(i) => {
                parts[i].1.push_str(line);
                parts[i].1.push('\n');
            }
            None if !line.trim().is_empty() => {
                loose_from.get_or_insert(number);
            }
            None => {}
        }
    }
    if let Some(line) = loose_from {
        diags.push(
            problem(
                file,
                line,
                "",
                "text before the first heading belongs to no part of the report and is not printed; put it under \"# Executive summary\" or a section's heading",
                "a level-1 heading first",
            )
            .severity(Severity::Error),
        );
    }
    let mut drafting = DraftingText {
        file: file.to_string(),
        summary: None,
        sections: BTreeMap::new(),
        conclusions: None,
    };
    for (part, body) in parts {
        let body = body.trim();
        if body.is_empty() {
            continue;
        }
        let body = body.to_string();
        match part {
            Part::Summary => drafting.summary = Some(body),
            Part::Conclusions => drafting.conclusions = Some(body),
            Part::Section(id) => {
                drafting.sections.insert(id, body);
            }
        }
    }
    (drafting, diags)
}

/// A problem of a drafting file at a line.
fn problem(file: &str, line: usize, found: &str, message: &str, expected: &str) -> Diagnostic {
    let line = u32::try_from(line).unwrap_or(u32::MAX);
    Diagnostic::new(Code::DraftingText, &Location::cell(file, None, line, 1), message)
        .severity(Severity::Warning)
        .found(found)
        .expected(expected)
}

/// The warning of a report built without a drafting text: a compilation.
pub fn compilation_warning(key: &ReportKey) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::NoDraftingText,
        &Location::file(""),
        format!(
            "no drafting text: the report is a compilation of the Member States' contributions, marked so on its cover; the drafting Member State writes its synthesis in {key}{DRAFTING_SUFFIX}.md beside the submissions (ilo-report template --drafting --host {} --semester {} writes the skeleton)",
            key.host, key.semester
        ),
    )
    .severity(Severity::Warning)
    .found("no drafting text");
    d.report = Some(key.clone());
    d
}

/// The drafting files of an inbox by report and language (`""` for a file
/// that names none): the file's path as shown, and its text.
pub type DraftingFiles = BTreeMap<(ReportKey, String), (String, String)>;

/// Gives each report its drafting text (the file in the report language,
/// else the one naming none), with the problems of that file; a report
/// without one gets the compilation warning. A drafting file for a report
/// that has no submission is a warning: it is printed nowhere.
pub fn attach(
    format: &FormatDef,
    reports: &mut [SemesterReport],
    files: &DraftingFiles,
    lang: Lang,
    selects: impl Fn(&ReportKey) -> bool,
    diags: &mut Vec<Diagnostic>,
) {
    for report in reports.iter_mut() {
        let key = report.key();
        let file = files
            .get(&(key.clone(), lang.code().to_string()))
            .or_else(|| files.get(&(key.clone(), String::new())));
        match file {
            Some((path, text)) => {
                let (drafting, problems) = parse(format, text, path);
                diags.extend(problems.into_iter().map(|mut d| {
                    d.report = Some(key.clone());
                    d
                }));
                if drafting.is_empty() {
                    // A skeleton not yet written in: still a compilation.
                    diags.push(compilation_warning(&key));
                } else {
                    report.drafting_text = Some(drafting);
                }
            }
            None => diags.push(compilation_warning(&key)),
        }
    }
    for ((key, _), (path, _)) in files {
        if selects(key) && !reports.iter().any(|r| r.key() == *key) {
            diags.push(
                Diagnostic::new(
                    Code::DraftingText,
                    &Location::file(path),
                    format!("there is no submission for {key}, so no report to print this drafting text in; check the host and semester in the file name"),
                )
                .severity(Severity::Warning)
                .found(key.to_string()),
            );
        }
    }
}

/// The skeleton of a report's drafting text: every heading, with the
/// Member States' contributions quoted beneath in comments to draft from.
pub fn skeleton(format: &FormatDef, report: &SemesterReport, lang: Lang) -> String {
    let key = report.key();
    let host = countries::name(&report.host, lang);
    let mut out = format!(
        "<!--\n  Drafting text of the semester report {key} ({host}, {}).\n  \
         Write the drafting Member State's text under each heading; headings\n  \
         without text are left out of the report. Text in comments like\n  \
         this one (such as the contributions quoted below) is not printed. Keep each\n  \
         heading as it is: '#' then the section id; use '##' for subheadings.\n  \
         Markdown: paragraphs, lists (- or 1.), **bold**, *italics*.\n-->\n\n",
        report.semester
    );
    let heading = |label: &str| format!("# {}\n\n", format.label(label, lang));
    out.push_str(&heading("executive_summary"));
    for section in &format.sections {
        out.push_str(&format!("# {} {}\n\n", section.id, section.title.get(lang)));
        if let Some(contributions) = report.narrative.get(&section.id) {
            out.push_str("<!-- Contributions:\n");
            for c in contributions {
                let text = c.text.replace("-->", "-- >").replace("<!--", "< !--");
                out.push_str(&format!("\n  {}: {}\n", c.member_state, text.trim()));
            }
            out.push_str("-->\n\n");
        }
    }
    out.push_str(&format!("# {}\n\n", format.label("statistics", lang)));
    out.push_str(&heading("conclusions"));
    out
}

/// A report's drafting text as a file `parse` reads back part by part
/// (what `ilo-report serve`'s drafting page saves): a comment that says
/// what the file is, then every heading — the executive summary, each
/// section of the format (`# II.3 Modus operandi`), the statistics, the
/// conclusions — with its part's text beneath, escaped by [`escape_part`];
/// a heading without text is kept, so that the file stays a skeleton to
/// write in by hand.
pub fn serialise(format: &FormatDef, report: &ReportKey, drafting: &DraftingText, lang: Lang) -> String {
    // No comment marker inside the comment: the first `-->` would end it.
    let mut out = format!(
        "<!--\n  Drafting text of the semester report {report}. Write the drafting\n  \
         Member State's text under each heading (Markdown: paragraphs, lists,\n  \
         **bold**, *italics*, ## subheadings); headings without text are left\n  \
         out of the report, and text in HTML comments is not printed.\n-->\n"
    );
    let mut part = |heading: String, text: Option<&String>| {
        out.push_str(&format!("\n# {heading}\n"));
        let text = text.map(|t| escape_part(t)).unwrap_or_default();
        if !text.is_empty() {
            out.push_str(&format!("\n{text}\n"));
        }
    };
    part(format.label("executive_summary", lang), drafting.summary.as_ref());
    for section in &format.sections {
        part(
            format!("{} {}", section.id, section.title.get(lang)),
            drafting.sections.get(&section.id),
        );
    }
    part(format.label("statistics", lang), drafting.sections.get(STATISTICS));
    part(format.label("conclusions", lang), drafting.conclusions.as_ref());
    out
}

/// A part's text as [`serialise`] puts it under its heading, so that [`parse`]
/// reads back exactly this text, within its part: line ends as `\n`, no
/// blank lines around; a line that would be a level-1 heading (`# …`, `#`
/// alone, up to three spaces in) escaped as `\#`, so that it opens no part
/// and is printed as written; an HTML comment's `<!--` as `<\!--`, printed
/// as written rather than hiding the parts after it; a code block left
/// open closed, so that the next heading is still one. Escaping an escaped
/// text changes nothing.
pub fn escape_part(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n").replace("<!--", "<\\!--");
    let mut out = String::with_capacity(text.len() + 8);
    let mut fences = Fences::default();
    for line in text.trim().lines() {
        if !fences.code(line) && markdown_level_one(line) {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            out.push_str(&line[..indent]);
            out.push('\\');
            out.push_str(trimmed);
            out.push('\n');
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    if let Some(f) = fences.open {
        out.push_str(f);
    }
    out.trim_end().to_string()
}

/// Fenced code blocks followed line by line: inside one, a line that looks
/// like a heading is text.
#[derive(Default)]
struct Fences<'t> {
    /// The fence (```` ``` ```` or `~~~`) of the block the last line was in.
    open: Option<&'t str>,
}

impl<'t> Fences<'t> {
    /// Whether `line` belongs to a fenced code block, its fences included.
    fn code(&mut self, line: &'t str) -> bool {
        let trimmed = line.trim_start();
        if let Some(f) = self.open {
            if trimmed.starts_with(f) {
                self.open = None;
            }
            true
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            self.open = Some(&trimmed[..3]);
            true
        } else {
            false
        }
    }
}

/// Whether a line is a level-1 ATX heading in Markdown: up to three spaces,
/// `#`, then the end of the line, a space or a tab.
fn markdown_level_one(line: &str) -> bool {
    let rest = line.trim_start_matches(' ');
    line.len() - rest.len() <= 3 && level_one_heading(rest).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (DraftingText, Vec<Diagnostic>) {
        parse(FormatDef::builtin(), text, "inbox/MA_2025-H2.drafting.md")
    }

    #[test]
    fn drafting_files_are_told_by_their_name() {
        let (key, lang) = drafting_file(Path::new("inbox/MA_2025-H2.drafting.md")).unwrap();
        assert_eq!((key.to_string(), lang.as_str()), ("MA_2025-H2".into(), ""));
        let (key, lang) = drafting_file(Path::new("west-africa_2025-H1.drafting.fr.md")).unwrap();
        assert_eq!((key.to_string(), lang.as_str()), ("west-africa_2025-H1".into(), "fr"));
        for other in [
            "annual-2025.md",
            "MA_2025-H2.md",
            "notes.drafting.md",
            "MA_2025-H2.drafting.txt",
        ] {
            assert!(drafting_file(Path::new(other)).is_none(), "{other}");
        }
    }

    #[test]
    fn each_heading_takes_its_text_and_comments_are_not_printed() {
        let (d, diags) = parsed(
            "<!-- a note\n over lines -->\n# Executive summary\n\nThe network met **twice**.\n\n# II.3 Modus operandi\n<!-- BE: quoted -->\nSmugglers use boats.\n\n## A subheading\nMore.\n\n# i.8\n\n# Statistics\nFewer refusals.\n# Conclusions and recommendations\n- Keep on.\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(d.summary.as_deref(), Some("The network met **twice**."));
        assert_eq!(
            d.sections.get("II.3").map(String::as_str),
            Some("Smugglers use boats.\n\n## A subheading\nMore.")
        );
        assert!(!d.sections.contains_key("I.8"), "an empty heading is left out");
        assert_eq!(d.sections.get(STATISTICS).map(String::as_str), Some("Fewer refusals."));
        assert_eq!(d.conclusions.as_deref(), Some("- Keep on."));
    }

    #[test]
    fn text_that_belongs_nowhere_is_an_error_at_its_line() {
        let (d, diags) = parsed("Loose text.\n\n# Résumé\nOk.\n# Weather\nSunny.\n# II.3\nOk too.\n");
        let found: Vec<(Code, Option<String>, Severity)> =
            diags.iter().map(|d| (d.code, d.cell.clone(), d.severity)).collect();
        assert_eq!(
            found,
            [
                (Code::DraftingText, Some("A5".into()), Severity::Error),
                (Code::DraftingText, Some("A1".into()), Severity::Error),
            ]
        );
        assert_eq!(d.summary.as_deref(), Some("Ok."));
        assert_eq!(d.sections.get("II.3").map(String::as_str), Some("Ok too."));
    }

    #[test]
    fn a_heading_inside_a_code_block_is_text() {
        let (d, diags) = parsed("# II.3\n```\n# not a heading\n```\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            d.sections.get("II.3").map(String::as_str),
            Some("```\n# not a heading\n```")
        );
    }

    /// A drafting text with every part, in the Markdown the format allows.
    fn every_part() -> DraftingText {
        let sections = [
            (
                "I.3",
                "Monthly meetings in Rabat.\n\n- **Frontex** attended\n- *UNHCR* too",
            ),
            (
                "II.3",
                "Smugglers use boats.\n\n## Casablanca\nForged visas, « guillemets », Ümlaute.",
            ),
            (STATISTICS, "Refusals fell by 12 %."),
        ];
        DraftingText {
            file: "inbox/MA_2025-H2.drafting.md".into(),
            summary: Some("The network met **twice**.".into()),
            sections: sections.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            conclusions: Some("1. Keep on.\n2. Train more.".into()),
        }
    }

    #[test]
    fn what_the_page_saves_is_read_back_identically_in_every_language() {
        let format = FormatDef::builtin();
        let key: ReportKey = "MA_2025-H2".parse().unwrap();
        let text = every_part();
        for lang in [Lang::En, Lang::Fr, Lang::De] {
            let file = serialise(format, &key, &text, lang);
            let (back, diags) = parse(format, &file, &text.file);
            assert!(diags.is_empty(), "{lang:?}: {diags:?}\n{file}");
            assert_eq!(back, text, "{lang:?}:\n{file}");
            assert_eq!(
                serialise(format, &key, &back, lang),
                file,
                "saving again changes nothing"
            );
            for section in &format.sections {
                assert!(
                    file.contains(&format!("\n# {} ", section.id)),
                    "every heading: {}",
                    section.id
                );
            }
        }
        // Nothing written: every heading, no part.
        let empty = DraftingText {
            file: text.file.clone(),
            summary: None,
            sections: BTreeMap::new(),
            conclusions: None,
        };
        let (back, diags) = parse(format, &serialise(format, &key, &empty, Lang::En), &text.file);
        assert!(diags.is_empty() && back.is_empty(), "{diags:?} {back:?}");
    }

    #[test]
    fn a_typed_heading_comment_or_open_code_block_stays_in_its_part_as_written() {
        let format = FormatDef::builtin();
        let key: ReportKey = "MA_2025-H2".parse().unwrap();
        let typed = "\r\n# Conclusions\r\nText.\r\n#\r\n  # indented\r\n## A subheading\r\n<!-- not a note\r\n```\r\n# code\r\n";
        let mut text = every_part();
        text.sections.insert("II.3".into(), typed.into());
        let file = serialise(format, &key, &text, Lang::En);
        let (back, diags) = parse(format, &file, &text.file);
        assert!(diags.is_empty(), "{diags:?}\n{file}");
        let escaped =
            "\\# Conclusions\nText.\n\\#\n  \\# indented\n## A subheading\n<\\!-- not a note\n```\n# code\n```";
        assert_eq!(back.sections.get("II.3").map(String::as_str), Some(escaped));
        assert_eq!(escape_part(escaped), escaped, "escaping twice changes nothing");
        // The other parts are intact: nothing was swallowed or moved.
        let mut expected = every_part();
        expected.sections.insert("II.3".into(), escaped.into());
        assert_eq!(back, expected);
        // Printed as typed: no level-1 heading, the `#` and the `<!--` as
        // text.
        let blocks = serde_json::to_value(crate::render::markdown::blocks(escaped)).unwrap();
        let blocks = blocks.as_array().unwrap();
        assert!(
            blocks.iter().all(|b| b["kind"] != "heading" || b["level"] == 2),
            "{blocks:?}"
        );
        let printed: String = blocks
            .iter()
            .flat_map(|b| b["spans"].as_array().cloned().unwrap_or_default())
            .map(|s| s["text"].as_str().unwrap_or_default().to_string())
            .collect();
        for shown in ["# Conclusions", "# indented", "<!-- not a note", "# code"] {
            assert!(printed.contains(shown), "{shown} in {printed}");
        }
    }
}
