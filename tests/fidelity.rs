//! What the Regulation asks, said the way the EU says it: the legal basis
//! that applied in the semester (and a note where none did), figures added
//! only where they add up, the sources and the grounds' legend under the
//! tables, practice-derived items marked, and the Commission's annual
//! factual summary (Art. 6(3)) — asserted on the text of built PDFs in
//! English, French and German.

mod common;

use common::*;
use ilo_report::format::FormatDef;
use ilo_report::normalise::ReportOptions;
use ilo_report::pipeline::Options;
use ilo_report::reference::Lang;
use ilo_report::render::view::{self, Presentation};
use std::path::Path;

/// Statistics of France and Germany for Morocco: readmission requests
/// (accepted ⊂ submitted), refusals by ground with France's persons, and
/// returns forced and voluntary of the same citizenship.
fn statistics(inbox: &Path, semester: &str) {
    write(
        &inbox.join(format!("FR_MA_{semester}_statistics.csv")),
        "indicator,citizenship,breakdown,value,source\n\
         readmission-requests,,submitted,15,Ministère de l'Intérieur\n\
         readmission-requests,,accepted,10,Ministère de l'Intérieur\n\
         refusals-of-entry,SY,A,30,Police aux frontières\n\
         refusals-of-entry,SY,B,20,Police aux frontières\n\
         refusals-of-entry,SY,,40,Police aux frontières\n\
         effective-returns,SY,forced,10,\n\
         effective-returns,SY,voluntary,5,\n\
         effective-returns,AF,forced,3,\n",
    );
    write(
        &inbox.join(format!("DE_MA_{semester}_statistics.csv")),
        "indicator,citizenship,breakdown,value,source\n\
         readmission-requests,,submitted,5,Bundespolizei\n\
         readmission-requests,,accepted,2,Bundespolizei\n\
         refusals-of-entry,SY,A,10,Bundespolizei\n\
         refusals-of-entry,AF,C,5,Bundespolizei\n",
    );
}

/// Postings of `states` (code, ILOs) for Morocco, one file per Member
/// State.
fn postings(inbox: &Path, semester: &str, states: &[(&str, u64)]) {
    for (ms, ilos) in states {
        write(
            &inbox.join(format!("{ms}_MA_{semester}_postings.csv")),
            &format!("member_state,ilos,posted_at\n{ms},{ilos},Rabat\n"),
        );
    }
}

/// Options for `inbox` in `language`, France drawing up Morocco's reports.
fn options(inbox: &Path, language: Lang) -> Options {
    let mut report = ReportOptions {
        language,
        ..Default::default()
    };
    report.drafted_by.insert("MA".into(), "FR".into());
    Options {
        inbox: inbox.to_path_buf(),
        report,
        ..Default::default()
    }
}

/// The text from `start` to `end` (or the end) of a PDF's text.
fn between<'t>(text: &'t str, start: &str, end: &str) -> &'t str {
    let from = text.find(start).unwrap_or_else(|| panic!("`{start}` not in {text}"));
    let rest = &text[from..];
    rest.find(end).map_or(rest, |to| &rest[..to])
}

#[test]
fn figures_are_added_only_where_they_add_up_and_their_sources_are_printed() {
    let (dir, inbox) = inbox();
    statistics(&inbox, "2025-H2");
    postings(&inbox, "2025-H2", &[("FR", 2), ("DE", 1)]);
    let out = dir.path().join("out");
    let (analysis, _) = build_with(options(&inbox, Lang::En), &out);
    let text = pdf_text(&out.join("2025-H2/MA_2025-H2.pdf"));

    // Readmission: accepted is part of submitted; side by side with the
    // rate, per Member State, never 15 + 10.
    let readmission = between(&text, "Readmission requests * events", "Sources: submissions received");
    assert!(readmission.contains("submitted accepted Accepted (%)"), "{readmission}");
    assert!(readmission.contains("France 15 10 66.7 %"), "{readmission}");
    assert!(readmission.contains("Germany 5 2 40.0 %"), "{readmission}");
    assert!(readmission.contains("Total 20 12 60.0 % 2"), "{readmission}");
    assert!(readmission.contains("never added up"), "{readmission}");
    assert_eq!(text.matches("Supplementary item").count(), 1, "the mark explained once");
    assert!(
        !readmission.contains(" 25 ") && !readmission.contains(" 32 "),
        "{readmission}"
    );

    // Refusals: one column per ground, the persons only as France sent
    // them, the grounds never summed; the legend A–I under the table.
    let refusals = between(
        &text,
        "Refusals of entry at the external border persons",
        "Persons returned",
    );
    assert!(refusals.contains("A B C Persons, counted once"), "{refusals}");
    assert!(refusals.contains("Syria 40 20 – 40 2"), "{refusals}");
    assert!(refusals.contains("Afghanistan – – 5 – 1"), "{refusals}");
    assert!(refusals.contains("Total 40 20 5 40 2"), "{refusals}");
    let table = between(refusals, "Citizenship", "A person may");
    assert!(!table.contains(" 90 ") && !table.contains(" 105 "), "{table}");
    for legend in [
        "A person may be refused entry on more than one ground",
        "Regulation (EU) 2016/399, Schengen Borders Code, Annex V, Part B",
        "A — has no valid travel document(s)",
        "I — is considered to be a threat to public policy",
    ] {
        assert!(refusals.contains(legend), "{legend}: {refusals}");
    }
    assert!(
        refusals
            .contains("Sources named by the Member States: Bundespolizei (Germany); Police aux frontières (France)."),
        "{refusals}"
    );

    // The figures by Member State: the refusals' column gives persons, the
    // readmission requests' column the requests submitted.
    let shares = between(&text, "Figures by Member State", "Persons returned persons");
    assert!(
        shares.contains("Refusals of entry at the external border (persons, counted once)"),
        "{shares}"
    );
    let report = &analysis.reports[0];
    let refusals = report
        .statistics
        .iter()
        .find(|t| t.indicator == "refusals-of-entry")
        .unwrap();
    assert_eq!(refusals.total, Some(40));
    let readmission = report
        .statistics
        .iter()
        .find(|t| t.indicator == "readmission-requests")
        .unwrap();
    assert_eq!(readmission.total, Some(20));

    // A chart shows a citizenship once: Syria's forced and voluntary
    // returns are one bar of 15.
    let format = FormatDef::builtin();
    let mut ctx = Presentation::new(format, Lang::En);
    ctx.top = 10;
    let data = view::semester(&ctx, report, false, &[]);
    let indicators = data["statistics"]["indicators"].as_array().unwrap();
    let returns = indicators.iter().find(|i| i["id"] == "effective-returns").unwrap();
    let bars: Vec<(&str, &str)> = returns["chart"]["bars"]
        .as_array()
        .expect("a chart of returns")
        .iter()
        .map(|b| (b["label"].as_str().unwrap(), b["display"].as_str().unwrap()))
        .collect();
    assert_eq!(bars, [("Syria", "15"), ("Afghanistan", "3")]);
    // Grounds without persons give no bar: the refusals' chart has one
    // citizenship only, and is not drawn.
    let refusals = indicators.iter().find(|i| i["id"] == "refusals-of-entry").unwrap();
    assert!(refusals["chart"].is_null(), "{refusals}");
}

#[test]
fn the_legal_basis_is_the_one_that_applied_in_the_semester() {
    let (dir, inbox) = inbox();
    for semester in ["2010-H2", "2012-H1", "2020-H1"] {
        postings(&inbox, semester, &[("FR", 2)]);
    }
    let out = dir.path().join("out");
    let (analysis, _) = build_with(options(&inbox, Lang::En), &out);

    let text = pdf_text(&out.join("2010-H2/MA_2010-H2.pdf"));
    assert!(
        text.contains("Article 6 of Council Regulation (EC) No 377/2004 of 19 February 2004"),
        "{text}"
    );
    assert!(!text.contains("493/2011"), "{text}");
    assert!(text.contains("Recipients the Council and the Commission"), "{text}");
    assert!(!text.contains("follows the format voluntarily"), "{text}");

    let text = pdf_text(&out.join("2012-H1/MA_2012-H1.pdf"));
    assert!(
        text.contains("as amended by Regulation (EU) No 493/2011 of the European Parliament and of the Council"),
        "{text}"
    );
    assert!(
        text.contains("Recipients the European Parliament, the Council and the Commission"),
        "{text}"
    );
    assert!(!text.contains("follows the format voluntarily"), "{text}");

    let text = pdf_text(&out.join("2020-H1/MA_2020-H1.pdf"));
    assert!(
        text.contains("Regulation (EC) No 377/2004, which provided for these reports, was repealed by Regulation (EU) 2019/1240 of the European Parliament and of the Council with effect from 14 August 2019."),
        "{text}"
    );
    assert!(
        text.contains(
            "This document (first semester 2020) follows the structure of former Commission Decision 2005/687/EC voluntarily."
        ),
        "{text}"
    );
    assert!(
        !text.contains("Article 6 of Council Regulation"),
        "no repealed act cited: {text}"
    );

    let warnings = diags(&analysis, "outside-legal-basis");
    assert_eq!(warnings.len(), 1, "{}", analysis.validation.to_text());
    assert!(warnings[0].report.as_ref().is_some_and(|r| *r == "MA_2020-H1"));
    assert_eq!(warnings[0].found.as_deref(), Some("2020-H1"));
}

/// An inbox of Morocco's year 2025: the network changes between June and
/// December; France writes difficulties and human rights aspects, Germany
/// an incident; the drafters' text in English and in French.
fn year_2025(inbox: &Path) {
    postings(inbox, "2025-H1", &[("FR", 2), ("DE", 3)]);
    postings(inbox, "2025-H2", &[("FR", 4), ("IT", 1)]);
    statistics(inbox, "2025-H2");
    write(
        &inbox.join("FR_MA_2025-H1_narrative.csv"),
        "section,text\n\
         I.8,\"Staff rotation in the host ministry slowed the exchange of information. We recommend a standing contact point.\"\n\
         II.10,\"Conditions in the detention centre of Nador remain a concern.\"\n",
    );
    write(
        &inbox.join("DE_MA_2025-H1_narrative.csv"),
        "section,text\nII.5,\"New visa rules for nationals of a neighbouring country may change the flows.\"\n",
    );
    write(
        &inbox.join("annual-2025.md"),
        "# Commission recommendations\n\nText in English.\n",
    );
    write(
        &inbox.join("annual-2025.fr.md"),
        "# Recommandations de la Commission\n\nTexte en français.\n",
    );
}

#[test]
fn the_annual_summary_is_the_commissions_factual_summary() {
    let (dir, inbox) = inbox();
    year_2025(&inbox);
    let out = dir.path().join("out");
    build_with(options(&inbox, Lang::En), &out);
    let text = pdf_text(&out.join("annual/annual-summary_2025.pdf"));
    for expected in [
        "Article 6(3) of Council Regulation (EC) No 377/2004, as amended by Regulation (EU) No 493/2011",
        "Factual summary on the development of the immigration liaison officers networks",
        "From the Commission to the European Parliament and the Council — 2025",
        // Coverage: who drew up each report.
        "Morocco received France received France",
        // The network on 30 June and 31 December, with the changes.
        "Morocco 5 5 +0 Italy Germany",
        // The digest per region, attributed.
        "I.8 Difficulties met and recommendations — first semester 2025",
        "France: Staff rotation in the host ministry slowed the exchange of information. …",
        "II.5 Incidents and events that may change the flows — first semester 2025",
        "Germany: New visa rules",
        // Human rights aspects from the reports.
        "Human rights aspects",
        "II.10 Human rights aspects — first semester 2025",
        "France: Conditions in the detention centre of Nador remain a concern.",
        "Commission recommendations",
    ] {
        assert!(text.contains(expected), "`{expected}` not in {text}");
    }
    assert!(!text.contains("Recommandations de la Commission"), "{text}");
    // Refusal grounds sent without persons give no yearly figure: the
    // grounds are never summed into one.
    assert!(!text.contains(" 65 "), "{text}");
}

#[test]
fn french_and_german_documents_say_it_as_the_eu_does() {
    let (dir, inbox) = inbox();
    year_2025(&inbox);
    write(
        &inbox.join("IT_MA_2025-H2_statistics.csv"),
        "indicator,citizenship,breakdown,value\nboarding-denied-on-advice,SY,,7\nfraudulent-documents-detected,,passport,3\n",
    );
    let fr = dir.path().join("fr");
    build_with(options(&inbox, Lang::Fr), &fr);
    let report = pdf_text(&fr.join("2025-H2/MA_2025-H2.pdf"));
    for expected in [
        "second semestre 2025 (1er juillet 2025 – 31 décembre 2025)",
        "Le règlement (CE) nº 377/2004, qui prévoyait ces rapports, a été abrogé par le règlement (UE) 2019/1240",
        "Destinataires le Parlement européen, le Conseil et la Commission",
        "suit à titre volontaire la structure de l'ancienne décision 2005/687/CE de la Commission",
        "État membre rédacteur France (agissant au nom de la présidence)",
        "Rapport sur les activités du réseau d'officiers de liaison « Immigration » et sur la situation du pays d'accueil en matière d'immigration clandestine",
        "Aucune information n'a été communiquée sur les points I.2, I.3",
        "Rubrique complémentaire",
        "Passeport 3 1",
        "présentées acceptées Acceptées (%)",
        "A — n'est pas en possession d'un document de voyage valable",
    ] {
        assert!(report.contains(expected), "`{expected}` not in {report}");
    }
    assert!(!report.contains("passport"), "codes are translated: {report}");
    assert!(
        !report.contains("Article 6 du règlement"),
        "no repealed act cited: {report}"
    );
    let annual = pdf_text(&fr.join("annual/annual-summary_2025.pdf"));
    for expected in [
        "Résumé factuel sur le développement des réseaux d'officiers de liaison « Immigration »",
        "De la Commission au Parlement européen et au Conseil — 2025",
        "Article 6, paragraphe 3, du règlement (CE) nº 377/2004 du Conseil",
        "premier semestre 2025",
        "Recommandations de la Commission",
    ] {
        assert!(annual.contains(expected), "`{expected}` not in {annual}");
    }
    assert!(!annual.contains("Commission recommendations"), "{annual}");

    let de = dir.path().join("de");
    build_with(options(&inbox, Lang::De), &de);
    let report = pdf_text(&de.join("2025-H2/MA_2025-H2.pdf"));
    for expected in [
        "2. Halbjahr 2025",
        "Die Verordnung (EG) Nr. 377/2004, die diese Berichte vorsah, wurde durch die Verordnung (EU) 2019/1240",
        "folgt freiwillig der Gliederung der früheren Entscheidung 2005/687/EG der Kommission",
        "Personen, denen auf Anraten von Verbindungsbeamten die Beförderung verweigert wurde",
        "Zu den Punkten I.2, I.3",
        "II.10",
        "Ergänzende Rubrik",
    ] {
        assert!(report.contains(expected), "`{expected}` not in {report}");
    }
    assert!(!report.contains("Fluggäste"), "{report}");
    let annual = pdf_text(&de.join("annual/annual-summary_2025.pdf"));
    for expected in [
        "Sachliche Zusammenfassung zur Entwicklung der Netze von Verbindungsbeamten für Einwanderungsfragen",
        "Von der Kommission an das Europäische Parlament und den Rat — 2025",
        "Artikel 6 Absatz 3 der Verordnung (EG) Nr. 377/2004 des Rates",
        "1. Halbjahr 2025",
    ] {
        assert!(annual.contains(expected), "`{expected}` not in {annual}");
    }
}
