//! What the generated tables hold: the indicators and their top figures,
//! refusal grounds, document and fraud types, and each table's headers and
//! sheet names in English, German and French. Data tables only.

/// Indicators reported per Member State by citizenship: id, top figure of
/// a large Member State in the busiest host in a semester, and the share of
/// the citizenships it reaches. Calibrated so that the whole network's
/// figures have the Union's yearly orders of magnitude (Eurostat: some
/// 920 000 found illegally present, 130 000 refused entry, 480 000 ordered
/// to leave); effective returns follow the orders to leave (see
/// `statistics`), some 110 000 a year.
pub(super) const BY_CITIZENSHIP: [(&str, f64, f64); 5] = [
    ("boarding-denied-on-advice", 40.0, 0.35),
    ("refusals-of-entry", 260.0, 1.0),
    ("illegal-stay-detections", 1_800.0, 1.0),
    ("return-decisions", 1_000.0, 0.8),
    ("effective-returns", 250.0, 0.6),
];

/// Host-wide indicators: id, top figure in the busiest host in a semester
/// (its largest citizenship), share of the citizenships reported.
pub(super) const HOST_WIDE: [(&str, f64, f64); 2] = [
    ("host-apprehensions", 20_000.0, 1.0),
    ("host-facilitators-arrested", 200.0, 0.5),
];

/// Fraudulent documents a large Member State lists per row of its
/// documents table in the busiest host: some ten thousand a year in the
/// whole network (Frontex EDF).
pub(super) const DOCUMENTS_TOP: f64 = 15.0;

/// Readmission requests a large Member State submits to the busiest host
/// in a semester.
pub(super) const READMISSION_TOP: f64 = 500.0;

/// Grounds for refusal of entry (Eurostat A–I) and how often each is given.
pub(super) const REFUSAL_GROUNDS: [(&str, f64); 9] = [
    ("A", 2.0),
    ("B", 4.0),
    ("C", 25.0),
    ("D", 2.0),
    ("E", 22.0),
    ("F", 12.0),
    ("G", 14.0),
    ("H", 10.0),
    ("I", 9.0),
];

/// Document types, the share of detections each has, and whether a Member
/// State (rather than the host or a country of origin) issues it.
pub(super) const DOCUMENT_TYPES: [(&str, f64, bool); 5] = [
    ("passport", 1.0, false),
    ("visa", 0.5, true),
    ("residence-permit", 0.4, true),
    ("id-card", 0.3, false),
    ("other", 0.15, false),
];

/// Kinds of document fraud with the notes officers write about them.
pub(super) const FRAUD_TYPES: [(&str, &[&str]); 4] = [
    (
        "forged",
        &[
            "Photo substitution",
            "Altered biographical data page",
            "Replaced pages",
            "",
        ],
    ),
    (
        "counterfeit",
        &["Offset print of good quality", "Inkjet print, poor quality", ""],
    ),
    (
        "fraudulently-obtained",
        &["Genuine document issued on false breeder documents", ""],
    ),
    ("impostor", &["Lookalike using a genuine document", ""]),
];

/// Column headers of each table in English, German and French.
pub(super) const HEADERS: [(&str, [&[&str]; 3]); 7] = [
    (
        "postings",
        [
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
    ),
    (
        "meetings",
        [
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
    ),
    (
        "training",
        [
            &["date", "title", "organiser", "audience", "participants"],
            &["Datum", "Thema", "Veranstalter", "Zielgruppe", "Teilnehmerzahl"],
            &["Date", "Titre", "Organisateur", "Public", "Nombre de participants"],
        ],
    ),
    (
        "narrative",
        [&["section", "text"], &["Abschnitt", "Text"], &["Rubrique", "Texte"]],
    ),
    (
        "statistics",
        [
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
    ),
    (
        "routes",
        [
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
    ),
    (
        "documents",
        [
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
    ),
];

/// Sheet names in English, German and French.
pub(super) const SHEETS: [(&str, &str, &str, &str); 8] = [
    ("submission", "Submission", "Einreichung", "Soumission"),
    ("postings", "Postings", "Entsendungen", "Affectations"),
    ("meetings", "Meetings", "Sitzungen", "Réunions"),
    ("training", "Training", "Schulung", "Formation"),
    ("narrative", "Narrative", "Text", "Texte"),
    ("statistics", "Statistics", "Statistik", "Statistiques"),
    ("routes", "Routes", "Routen", "Itinéraires"),
    ("documents", "Documents", "Dokumente", "Documents"),
];
