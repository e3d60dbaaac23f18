//! A synthetic inbox: realistic submissions from many Member States for
//! many host countries, in the mix of formats and national habits real
//! offices send (xlsx in English or German, ods in French, CSV with `,` or
//! with `;` and decimal commas). Seeded and reproducible; it feeds the
//! sample data, the scale tests and the benchmarks.

use crate::reference::{Half, Semester, countries};
use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub member_states: usize,
    pub hosts: usize,
    pub year: i32,
    pub seed: u64,
}

/// Member States in the order they are taken (the networks' usual size).
const STATES: [&str; 27] = [
    "FR", "DE", "ES", "IT", "NL", "BE", "PL", "SE", "AT", "PT", "EL", "CZ", "HU", "RO", "FI", "IE", "DK", "BG", "HR",
    "SK", "SI", "LT", "LV", "EE", "LU", "MT", "CY",
];

/// Host countries with a place of posting, neighbours (accreditation,
/// transit) and the main citizenships seen.
const HOSTS: [(&str, &str, [&str; 2], [&str; 4]); 12] = [
    ("MA", "Rabat", ["MR", "DZ"], ["MA", "GN", "CI", "ML"]),
    ("SN", "Dakar", ["GM", "GW"], ["SN", "GM", "GN", "ML"]),
    ("TR", "Ankara", ["GE", "IR"], ["SY", "AF", "IQ", "TR"]),
    ("PK", "Islamabad", ["AF", "IR"], ["PK", "AF", "BD", "IN"]),
    ("NG", "Abuja", ["NE", "BJ"], ["NG", "GH", "CM", "NE"]),
    ("TN", "Tunis", ["LY", "DZ"], ["TN", "CI", "GN", "SD"]),
    ("EG", "Cairo", ["SD", "LY"], ["EG", "SD", "SY", "ER"]),
    ("UA", "Kyiv", ["MD", "BY"], ["UA", "MD", "RU", "BY"]),
    ("RS", "Belgrade", ["BA", "MK"], ["AF", "SY", "MA", "TR"]),
    ("IN", "New Delhi", ["NP", "LK"], ["IN", "NP", "BD", "LK"]),
    ("CN", "Beijing", ["MN", "VN"], ["CN", "VN", "MN", "KP"]),
    ("GH", "Accra", ["TG", "BF"], ["GH", "NG", "TG", "BF"]),
];

const NARRATIVE: [(&str, &str); 12] = [
    (
        "I.3",
        "Information on document fraud trends was shared weekly through ICONet; the network compiled a joint alert on counterfeit residence permits.",
    ),
    (
        "I.4",
        "A common position was presented to the two national carriers on the checking of travel documents at boarding; carriers agreed to refer doubtful cases to the ILOs.",
    ),
    (
        "I.6",
        "The ILOs agreed a common template for recording refusals of boarding, so that figures can be compared across Member States.",
    ),
    (
        "I.7",
        "Regular contacts were held with IOM and UNHCR offices and with the liaison officers of the United Kingdom, Canada and Australia.",
    ),
    (
        "I.8",
        "The rotation of staff in the host authorities made continuity difficult. Recommendation: a standing contact point in the Ministry of the Interior.",
    ),
    (
        "II.1",
        "Departures remained concentrated on the coastal areas; nationals of neighbouring countries transit by land before attempting the crossing.",
    ),
    (
        "II.3",
        "Smugglers increasingly use genuine visas obtained with forged supporting documents, and fraudulent invitations from companies in the EU.",
    ),
    (
        "II.4",
        "Two networks, organised along family lines, were dismantled by the national police; they charged between 3 000 and 7 000 euro per person.",
    ),
    (
        "II.5",
        "Parliamentary elections and a new visa-free agreement with a neighbouring country may change the flows in the coming semester.",
    ),
    (
        "II.7",
        "Training for border police on document examination and the supply of UV lamps and magnifiers would help the authorities detect fraud at the airport.",
    ),
    (
        "II.8",
        "Identification missions by the host country's consular staff speed up return; the readmission procedure still takes on average 60 days.",
    ),
    (
        "II.9",
        "A new law on smuggling of migrants entered into force, raising penalties to up to 10 years of imprisonment.",
    ),
];

/// How a Member State's office writes its files.
#[derive(Clone, Copy, PartialEq)]
enum Habit {
    /// xlsx, English sheet names, dates as real date cells.
    XlsxEnglish,
    /// xlsx, German sheet names and headers, dates as `9.10.2025` text.
    XlsxGerman,
    /// ods, French sheet names and headers.
    OdsFrench,
    /// One CSV per table, `,` delimiter, ISO dates.
    CsvComma,
    /// One CSV per table, `;` delimiter, French headers, `dd/mm/yyyy`, BOM.
    CsvSemicolon,
}

fn habit(ms: &str) -> Habit {
    match ms {
        "DE" | "AT" | "LU" => Habit::XlsxGerman,
        "FR" | "BE" | "RO" => Habit::OdsFrench,
        "ES" | "PT" | "IT" | "EL" | "SI" => Habit::CsvSemicolon,
        "NL" | "SE" | "FI" | "DK" | "EE" => Habit::CsvComma,
        _ => Habit::XlsxEnglish,
    }
}

/// A cell of a generated table.
#[derive(Clone)]
enum Cell {
    Text(String),
    Int(u64),
    Date(NaiveDate),
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

struct Table {
    id: &'static str,
    headers: [&'static [&'static str]; 3], // English, German, French
    rows: Vec<Vec<Cell>>,
}

/// Writes the inbox; returns the number of files written.
pub fn generate(spec: &Spec, out: &Path) -> Result<usize> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut rng = fastrand::Rng::with_seed(spec.seed);
    let states: Vec<&str> = STATES
        .iter()
        .take(spec.member_states.clamp(1, STATES.len()))
        .copied()
        .collect();
    let hosts = host_list(spec.hosts);
    let mut files = 0;
    for half in [Half::H1, Half::H2] {
        let semester = Semester::new(spec.year, half);
        for (h, host) in hosts.iter().enumerate() {
            // Host-wide figures are the host authorities' own: every Member State reports the same.
            let apprehensions: Vec<u64> = (0..4).map(|_| rng.u64(200..9_000)).collect();
            let present: Vec<&str> = states
                .iter()
                .enumerate()
                .filter(|(i, _)| (i + h) % 5 != 4 || states.len() < 5)
                .map(|(_, s)| *s)
                .collect();
            let acting = present.iter().copied().find(|s| *s != "DK");
            for ms in &present {
                let acting_here = semester.presidency() == Some("DK") && Some(*ms) == acting;
                let tables = submission_tables(&mut rng, ms, host, semester, &apprehensions, acting_here, &present);
                files += write_submission(out, ms, &host.0, semester, &tables, acting_here)?;
            }
        }
    }
    Ok(files)
}

/// Host countries: the known ones first, then others outside the EU.
fn host_list(n: usize) -> Vec<(String, String, Vec<String>, Vec<String>)> {
    let mut hosts: Vec<(String, String, Vec<String>, Vec<String>)> = HOSTS
        .iter()
        .map(|(c, city, near, cit)| {
            (
                c.to_string(),
                city.to_string(),
                near.iter().map(|s| s.to_string()).collect(),
                cit.iter().map(|s| s.to_string()).collect(),
            )
        })
        .collect();
    let extra = [
        "AL", "AM", "AO", "AR", "AZ", "BA", "BD", "BF", "BJ", "BO", "BR", "BY", "CD", "CG", "CI", "CL", "CM", "CO",
        "CU", "DZ", "EC", "ER", "ET", "GE", "GM", "GN", "GT", "HT", "ID", "IQ", "IR", "JO", "KE", "KG", "KZ", "LB",
        "LK", "LY", "MD", "ME", "MG", "MK", "ML", "MM", "MN", "MR", "MX", "MY", "MZ", "NE", "NP", "PE", "PH", "PS",
        "PY", "RU", "RW", "SA", "SD", "SL", "SO", "SS", "SY", "TD", "TG", "TH", "TJ", "TM", "TZ", "UG", "UZ", "VE",
        "VN", "XK", "YE", "ZA", "ZM", "ZW", "AE", "AF", "BH", "BI", "BT", "BW", "CF", "CV", "DJ", "DO", "GA", "GQ",
        "GW", "JM", "KH", "KW", "LA", "LR", "LS", "MU",
    ];
    for code in extra {
        if hosts.len() >= n {
            break;
        }
        let city = format!("{} (capital)", countries::name(code, crate::reference::Lang::En));
        hosts.push((
            code.to_string(),
            city,
            vec!["TR".into(), "MA".into()],
            std::iter::once(code.to_string())
                .chain(
                    ["SY", "AF", "NG", "IQ"]
                        .into_iter()
                        .filter(|c| *c != code)
                        .take(3)
                        .map(String::from),
                )
                .collect(),
        ));
    }
    hosts.truncate(n.max(1));
    hosts
}

fn day_in(rng: &mut fastrand::Rng, semester: Semester) -> NaiveDate {
    let days = (semester.end() - semester.start()).num_days();
    semester.start() + chrono::Duration::days(rng.i64(0..=days))
}

#[allow(clippy::type_complexity)]
fn submission_tables(
    rng: &mut fastrand::Rng,
    ms: &str,
    host: &(String, String, Vec<String>, Vec<String>),
    semester: Semester,
    apprehensions: &[u64],
    acting: bool,
    present: &[&str],
) -> Vec<Table> {
    let (code, city, near, citizenships) = host;
    let t = |s: &str| Cell::Text(s.to_string());
    let ilos = rng.u64(1..=4);
    let represents: Vec<&str> = if rng.u8(0..4) == 0 {
        present.iter().copied().filter(|s| s != &ms).take(1).collect()
    } else {
        Vec::new()
    };
    let postings = vec![vec![
        t(ms),
        Cell::Int(ilos),
        t(city),
        t(&near.join(", ")),
        t(&represents.join(", ")),
    ]];
    let mut meetings = Vec::new();
    let chair = if acting {
        ms.to_string()
    } else {
        semester
            .presidency()
            .filter(|p| present.contains(p))
            .unwrap_or(present[0])
            .to_string()
    };
    for m in 0..2 {
        let month = if semester.half == Half::H1 {
            2 + m * 3
        } else {
            8 + m * 3
        };
        let date = NaiveDate::from_ymd_opt(semester.year, month, 10 + m).unwrap_or(semester.start());
        meetings.push(vec![
            Cell::Date(date),
            t(&chair),
            t(&present.iter().take(6).copied().collect::<Vec<_>>().join(", ")),
            t(if m == 0 { "yes" } else { "no" }),
            t(if m == 1 { "yes" } else { "no" }),
            t([
                "Document fraud trends; carriers' liability",
                "Return cooperation; statistics for the semester report",
            ][m as usize]),
        ]);
    }
    let audiences = ["ilos", "consular-staff", "host-authorities"];
    let training = vec![vec![
        Cell::Date(day_in(rng, semester)),
        t(&format!("Detection of forged documents ({ms})")),
        t(&format!("{} embassy", countries::name(ms, crate::reference::Lang::En))),
        t(audiences[rng.usize(0..3)]),
        Cell::Int(rng.u64(6..40)),
    ]];
    let mut narrative = Vec::new();
    for (section, text) in NARRATIVE.iter().filter(|_| rng.u8(0..3) > 0) {
        narrative.push(vec![t(section), Cell::Text(format!("{text} ({ms}, {city})"))]);
    }
    let mut statistics = Vec::new();
    for (i, cit) in citizenships.iter().enumerate() {
        statistics.push(vec![
            t("host-apprehensions"),
            t(cit),
            t(""),
            Cell::Int(apprehensions[i]),
            t("persons"),
            t(&format!(
                "Ministry of the Interior of {}",
                countries::name(code, crate::reference::Lang::En)
            )),
        ]);
        statistics.push(vec![
            t("refusals-of-entry"),
            t(cit),
            t(["A", "B", "C", "E"][i]),
            Cell::Int(rng.u64(3..400)),
            t("persons"),
            t(""),
        ]);
        statistics.push(vec![
            t("illegal-stay-detections"),
            t(cit),
            t(""),
            Cell::Int(rng.u64(10..1_500)),
            t("persons"),
            t(""),
        ]);
        statistics.push(vec![
            t("effective-returns"),
            t(cit),
            t(["forced", "voluntary"][i % 2]),
            Cell::Int(rng.u64(1..200)),
            t("persons"),
            t(""),
        ]);
    }
    statistics.push(vec![
        t("boarding-denied-on-advice"),
        t(&citizenships[0]),
        t(""),
        Cell::Int(rng.u64(0..60)),
        t("persons"),
        t(""),
    ]);
    statistics.push(vec![
        t("return-decisions"),
        t(&citizenships[0]),
        t(""),
        Cell::Int(rng.u64(50..2_500)),
        t("persons"),
        t(""),
    ]);
    statistics.push(vec![
        t("fraudulent-documents-detected"),
        t(""),
        t("passport"),
        Cell::Int(rng.u64(1..90)),
        t("events"),
        t(""),
    ]);
    statistics.push(vec![
        t("readmission-requests"),
        t(""),
        t("submitted"),
        Cell::Int(rng.u64(5..120)),
        t("events"),
        t(""),
    ]);
    let modes = ["air", "land", "sea"];
    let trends = ["up", "stable", "down"];
    let routes = vec![vec![
        t(&citizenships[1]),
        t(&near[0]),
        t(ms),
        t(modes[rng.usize(0..3)]),
        t(trends[rng.usize(0..3)]),
        t("Flights via regional hubs with transit visas obtained on forged invitations"),
    ]];
    let documents = vec![
        vec![
            t("passport"),
            t(code),
            t("forged"),
            Cell::Int(rng.u64(1..40)),
            t("Photo substitution"),
        ],
        vec![
            t("visa"),
            t(ms),
            t(["counterfeit", "fraudulently-obtained", "impostor"][rng.usize(0..3)]),
            Cell::Int(rng.u64(1..25)),
            t(""),
        ],
    ];
    vec![
        Table {
            id: "postings",
            headers: [
                &["member_state", "ilos", "posted_at", "accredited_to", "represents"],
                &[
                    "Mitgliedstaat",
                    "Anzahl Verbindungsbeamte",
                    "Dienstort",
                    "Akkreditiert in",
                    "Vertritt",
                ],
                &[
                    "État membre",
                    "Nombre d'officiers",
                    "Lieu d'affectation",
                    "Accrédité auprès de",
                    "Représente",
                ],
            ],
            rows: postings,
        },
        Table {
            id: "meetings",
            headers: [
                &[
                    "date",
                    "chair",
                    "participants",
                    "commission_present",
                    "frontex_present",
                    "subjects",
                ],
                &["Datum", "Vorsitz", "Teilnehmer", "Kommission", "Frontex", "Themen"],
                &["Date", "Présidence", "Participants", "Commission", "Frontex", "Sujets"],
            ],
            rows: meetings,
        },
        Table {
            id: "training",
            headers: [
                &["date", "title", "organiser", "audience", "participants"],
                &["Datum", "Thema", "Veranstalter", "Zielgruppe", "Teilnehmerzahl"],
                &["Date", "Titre", "Organisateur", "Public", "Nombre de participants"],
            ],
            rows: training,
        },
        Table {
            id: "narrative",
            headers: [&["section", "text"], &["Abschnitt", "Text"], &["Rubrique", "Texte"]],
            rows: narrative,
        },
        Table {
            id: "statistics",
            headers: [
                &["indicator", "citizenship", "breakdown", "value", "unit", "source"],
                &[
                    "Indikator",
                    "Staatsangehörigkeit",
                    "Aufschlüsselung",
                    "Wert",
                    "Einheit",
                    "Quelle",
                ],
                &["Indicateur", "Nationalité", "Ventilation", "Valeur", "Unité", "Source"],
            ],
            rows: statistics,
        },
        Table {
            id: "routes",
            headers: [
                &["origin", "transit", "destination", "mode", "trend", "description"],
                &[
                    "Herkunft",
                    "Transitländer",
                    "Ziel",
                    "Verkehrsweg",
                    "Tendenz",
                    "Beschreibung",
                ],
                &[
                    "Origine",
                    "Pays de transit",
                    "Destination",
                    "Mode",
                    "Tendance",
                    "Description",
                ],
            ],
            rows: routes,
        },
        Table {
            id: "documents",
            headers: [
                &["document_type", "issuing_country", "fraud_type", "count", "note"],
                &["Dokumentenart", "Ausstellungsstaat", "Betrugsart", "Fälle", "Anmerkung"],
                &[
                    "Type de document",
                    "Pays de délivrance",
                    "Type de fraude",
                    "Nombre",
                    "Remarque",
                ],
            ],
            rows: documents,
        },
    ]
}

const SHEETS: [(&str, &str, &str, &str); 8] = [
    ("submission", "Submission", "Einreichung", "Soumission"),
    ("postings", "Postings", "Entsendungen", "Affectations"),
    ("meetings", "Meetings", "Sitzungen", "Réunions"),
    ("training", "Training", "Schulung", "Formation"),
    ("narrative", "Narrative", "Text", "Texte"),
    ("statistics", "Statistics", "Statistik", "Statistiques"),
    ("routes", "Routes", "Routen", "Itinéraires"),
    ("documents", "Documents", "Dokumente", "Documents"),
];

fn sheet_name(id: &str, lang: usize) -> &'static str {
    SHEETS
        .iter()
        .find(|s| s.0 == id)
        .map_or("Sheet", |s| [s.1, s.2, s.3][lang])
}

fn drafted_on(semester: Semester, ms: &str) -> NaiveDate {
    let offset = ms.bytes().map(u64::from).sum::<u64>() % 20;
    semester.end() - chrono::Duration::days(offset as i64 + 5)
}

fn metadata(ms: &str, host: &str, semester: Semester, acting: bool) -> Vec<(&'static str, String)> {
    vec![
        ("member_state", ms.to_string()),
        ("host", host.to_string()),
        ("semester", semester.to_string()),
        ("drafted_on", drafted_on(semester, ms).to_string()),
        ("language", "en".to_string()),
        ("acting_for_presidency", if acting { "yes" } else { "no" }.to_string()),
        (
            "classification",
            if host == "TR" { "LIMITE" } else { "none" }.to_string(),
        ),
        ("reference", format!("{ms}/ILO/{host}/{}", semester.year)),
    ]
}

fn write_submission(
    out: &Path,
    ms: &str,
    host: &str,
    semester: Semester,
    tables: &[Table],
    acting: bool,
) -> Result<usize> {
    let stem = format!("{ms}_{host}_{semester}");
    let meta = metadata(ms, host, semester, acting);
    match habit(ms) {
        Habit::XlsxEnglish | Habit::XlsxGerman => {
            let german = habit(ms) == Habit::XlsxGerman;
            let lang = usize::from(german);
            let mut wb = Workbook::new();
            // A fixed creation date (the day of drafting) keeps the bytes reproducible.
            let drafted = drafted_on(semester, ms);
            wb.set_properties(&DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(
                drafted.year() as u16,
                drafted.month() as u8,
                drafted.day() as u8,
            )?));
            let date_format = Format::new().set_num_format("dd.mm.yyyy");
            let bold = Format::new().set_bold();
            let sheet = wb.add_worksheet().set_name(sheet_name("submission", lang))?;
            for (r, (k, v)) in meta.iter().enumerate() {
                sheet.write_string(r as u32, 0, *k)?;
                sheet.write_string(r as u32, 1, v)?;
            }
            for table in tables {
                let sheet = wb.add_worksheet().set_name(sheet_name(table.id, lang))?;
                for (c, h) in table.headers[lang].iter().enumerate() {
                    sheet.write_string_with_format(0, c as u16, *h, &bold)?;
                }
                for (r, row) in table.rows.iter().enumerate() {
                    for (c, cell) in row.iter().enumerate() {
                        let (r, c) = (r as u32 + 1, c as u16);
                        match cell {
                            Cell::Text(s) if s.is_empty() => {}
                            Cell::Text(s) => {
                                sheet.write_string(r, c, s)?;
                            }
                            Cell::Int(n) => {
                                sheet.write_number(r, c, *n as f64)?;
                            }
                            Cell::Date(d) if german => {
                                sheet.write_string(r, c, format!("{}.{}.{}", d.day(), d.month(), d.year()))?;
                            }
                            Cell::Date(d) => {
                                sheet.write_datetime_with_format(
                                    r,
                                    c,
                                    &ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?,
                                    &date_format,
                                )?;
                            }
                        }
                    }
                }
            }
            wb.save(out.join(format!("{stem}.xlsx")))?;
            Ok(1)
        }
        Habit::OdsFrench => {
            let header = |cells: &[&str]| cells.iter().map(|h| text(h)).collect::<Vec<_>>();
            let mut sheets = vec![(
                sheet_name("submission", 2),
                std::iter::once(header(&["champ", "valeur"]))
                    .chain(meta.iter().map(|(k, v)| vec![text(k), text(v)]))
                    .collect::<Vec<_>>(),
            )];
            for table in tables {
                let rows = std::iter::once(header(table.headers[2]))
                    .chain(table.rows.iter().cloned())
                    .collect();
                sheets.push((sheet_name(table.id, 2), rows));
            }
            std::fs::write(out.join(format!("{stem}.ods")), ods(&sheets, drafted_on(semester, ms))?)?;
            Ok(1)
        }
        Habit::CsvComma | Habit::CsvSemicolon => {
            let french = habit(ms) == Habit::CsvSemicolon;
            let delimiter = if french { b';' } else { b',' };
            for table in tables {
                let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
                let meta_headers: [&str; 4] = if french {
                    ["État membre", "Pays d'accueil", "Semestre", "Date de rédaction"]
                } else {
                    ["member_state", "host", "semester", "drafted_on"]
                };
                let headers = if french { table.headers[2] } else { table.headers[0] };
                let mut header: Vec<&str> = meta_headers.to_vec();
                header.extend(headers.iter().copied());
                if table.id == "postings" {
                    header.remove(0); // the postings' own member_state column serves
                }
                if table.id == "narrative" {
                    header.push(if french {
                        "au nom de la présidence"
                    } else {
                        "acting_for_presidency"
                    });
                }
                w.write_record(&header)?;
                for row in &table.rows {
                    let drafted = drafted_on(semester, ms);
                    let mut record: Vec<String> = if french {
                        vec![
                            ms.into(),
                            host.into(),
                            semester.to_string(),
                            format!("{:02}/{:02}/{}", drafted.day(), drafted.month(), drafted.year()),
                        ]
                    } else {
                        vec![ms.into(), host.into(), semester.to_string(), drafted.to_string()]
                    };
                    if table.id == "postings" {
                        record.remove(0);
                    }
                    record.extend(row.iter().map(|cell| match cell {
                        Cell::Text(s) => s.clone(),
                        Cell::Int(n) if french => crate::render::style::count(*n).replace('\u{a0}', " "),
                        Cell::Int(n) => n.to_string(),
                        Cell::Date(d) if french => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
                        Cell::Date(d) => d.to_string(),
                    }));
                    if table.id == "narrative" {
                        record.push(if acting { "oui" } else { "non" }.into());
                    }
                    w.write_record(&record)?;
                }
                let mut bytes = if french { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
                bytes.extend(w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?);
                std::fs::write(out.join(format!("{stem}_{}.csv", table.id)), bytes)?;
            }
            Ok(tables.len())
        }
    }
}

/// An OpenDocument spreadsheet of `sheets`, written directly so that the
/// same tables give the same bytes (fixed entries, order and dates).
fn ods(sheets: &[(&str, Vec<Vec<Cell>>)], date: NaiveDate) -> Result<Vec<u8>> {
    use std::fmt::Write as _;
    use std::io::Write as _;
    use zip::write::SimpleFileOptions;
    const MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";
    let mut xml = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
        r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
        r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">"#,
        "<office:body><office:spreadsheet>"
    ));
    for (name, rows) in sheets {
        write!(xml, r#"<table:table table:name="{}">"#, escape(name))?;
        for row in rows {
            xml.push_str("<table:table-row>");
            for cell in row {
                match cell {
                    Cell::Text(s) if s.is_empty() => xml.push_str("<table:table-cell/>"),
                    Cell::Text(s) => {
                        xml.push_str(r#"<table:table-cell office:value-type="string">"#);
                        for line in s.split('\n') {
                            write!(xml, "<text:p>{}</text:p>", escape(line))?;
                        }
                        xml.push_str("</table:table-cell>");
                    }
                    Cell::Int(n) => write!(
                        xml,
                        r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#
                    )?,
                    Cell::Date(d) => write!(
                        xml,
                        r#"<table:table-cell office:value-type="date" office:date-value="{d}"><text:p>{}</text:p></table:table-cell>"#,
                        d.format("%d/%m/%Y")
                    )?,
                }
            }
            xml.push_str("</table:table-row>");
        }
        xml.push_str("</table:table>");
    }
    xml.push_str("</office:spreadsheet></office:body></office:document-content>");
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{MIME}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
    );
    let time = zip::DateTime::from_date_and_time(date.year() as u16, date.month() as u8, date.day() as u8, 9, 0, 0)
        .unwrap_or_default();
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(time);
    let deflated = stored.compression_method(zip::CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // The mimetype comes first and uncompressed, as the format requires.
    for (name, bytes, options) in [
        ("mimetype", MIME, stored),
        ("META-INF/manifest.xml", manifest.as_str(), deflated),
        ("content.xml", xml.as_str(), deflated),
    ] {
        zip.start_file(name, options)?;
        zip.write_all(bytes.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Text escaped for XML content and attributes.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
