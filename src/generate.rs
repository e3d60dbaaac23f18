//! A synthetic inbox: submissions from many Member States for many host
//! countries, shaped like the real network. Busy hosts come first and have
//! most Member States present; each Member State reports its own long-tailed
//! set of citizenships per indicator, with figures up to seven digits;
//! host-wide figures are drawn once per host and sent identically by every
//! Member State that reports them; narrative contributions run to 100–600
//! words. Files come in the mix of formats and national habits real offices
//! send (xlsx in English or German, ods in French, CSV with `,` or with `;`,
//! French headers and grouped digits). Seeded and reproducible: the same seed
//! gives the same bytes. It feeds the scale tests and the benchmarks.

use crate::reference::{Half, Lang, Semester, countries};
use crate::render::style::{grouped, month_name};
use anyhow::{Context, Result};
use chrono::{Datelike, Duration, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use std::collections::BTreeSet;
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub member_states: usize,
    pub hosts: usize,
    pub year: i32,
    pub seed: u64,
}

/// Member States in the order they are taken: the largest networks first.
const STATES: [&str; 27] = [
    "FR", "DE", "ES", "IT", "NL", "BE", "PL", "SE", "AT", "PT", "EL", "CZ", "HU", "RO", "FI", "IE", "DK", "BG", "HR",
    "SK", "SI", "LT", "LV", "EE", "LU", "MT", "CY",
];

/// Size of a Member State's ILO network, 1 for the largest: it scales how
/// often the Member State is present, how much it reports and its figures.
fn weight(ms: &str) -> f64 {
    match ms {
        "FR" | "DE" | "ES" | "IT" | "NL" | "BE" => 1.0,
        "PL" | "SE" | "AT" | "PT" | "EL" | "CZ" => 0.55,
        _ => 0.25,
    }
}

/// Regions of the world: neighbours, accreditations and transit countries
/// are taken from the host's region.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Region {
    NorthAfrica,
    WestAfrica,
    CentralAfrica,
    EastAfrica,
    SouthernAfrica,
    MiddleEast,
    SouthAsia,
    CentralAsia,
    EastAsia,
    SouthEastAsia,
    EasternEurope,
    Balkans,
    Caucasus,
    Caribbean,
    CentralAmerica,
    SouthAmerica,
    Oceania,
    NorthAmerica,
}

use Region::*;

/// Countries outside the EU and the EEA with their capital (the usual place
/// of posting) and region, in the order they become hosts: the busiest
/// networks first. The order also ranks them as countries of origin.
const WORLD: &[(&str, &str, Region)] = &[
    ("MA", "Rabat", NorthAfrica),
    ("SN", "Dakar", WestAfrica),
    ("TR", "Ankara", MiddleEast),
    ("PK", "Islamabad", SouthAsia),
    ("NG", "Abuja", WestAfrica),
    ("TN", "Tunis", NorthAfrica),
    ("EG", "Cairo", NorthAfrica),
    ("UA", "Kyiv", EasternEurope),
    ("RS", "Belgrade", Balkans),
    ("IN", "New Delhi", SouthAsia),
    ("CN", "Beijing", EastAsia),
    ("GH", "Accra", WestAfrica),
    ("DZ", "Algiers", NorthAfrica),
    ("LY", "Tripoli", NorthAfrica),
    ("IQ", "Baghdad", MiddleEast),
    ("AF", "Kabul", SouthAsia),
    ("SY", "Damascus", MiddleEast),
    ("BD", "Dhaka", SouthAsia),
    ("LK", "Colombo", SouthAsia),
    ("NP", "Kathmandu", SouthAsia),
    ("ET", "Addis Ababa", EastAfrica),
    ("ER", "Asmara", EastAfrica),
    ("SD", "Khartoum", EastAfrica),
    ("SO", "Mogadishu", EastAfrica),
    ("KE", "Nairobi", EastAfrica),
    ("CM", "Yaoundé", CentralAfrica),
    ("CI", "Abidjan", WestAfrica),
    ("GN", "Conakry", WestAfrica),
    ("ML", "Bamako", WestAfrica),
    ("NE", "Niamey", WestAfrica),
    ("BF", "Ouagadougou", WestAfrica),
    ("MR", "Nouakchott", NorthAfrica),
    ("GM", "Banjul", WestAfrica),
    ("GW", "Bissau", WestAfrica),
    ("SL", "Freetown", WestAfrica),
    ("LR", "Monrovia", WestAfrica),
    ("TG", "Lomé", WestAfrica),
    ("BJ", "Cotonou", WestAfrica),
    ("CD", "Kinshasa", CentralAfrica),
    ("CG", "Brazzaville", CentralAfrica),
    ("CF", "Bangui", CentralAfrica),
    ("GQ", "Malabo", CentralAfrica),
    ("ST", "São Tomé", CentralAfrica),
    ("GA", "Libreville", CentralAfrica),
    ("TD", "N'Djamena", CentralAfrica),
    ("AO", "Luanda", CentralAfrica),
    ("RU", "Moscow", EasternEurope),
    ("BY", "Minsk", EasternEurope),
    ("MD", "Chisinau", EasternEurope),
    ("GE", "Tbilisi", Caucasus),
    ("AM", "Yerevan", Caucasus),
    ("AZ", "Baku", Caucasus),
    ("AL", "Tirana", Balkans),
    ("BA", "Sarajevo", Balkans),
    ("ME", "Podgorica", Balkans),
    ("MK", "Skopje", Balkans),
    ("XK", "Pristina", Balkans),
    ("JO", "Amman", MiddleEast),
    ("LB", "Beirut", MiddleEast),
    ("PS", "Ramallah", MiddleEast),
    ("IR", "Tehran", MiddleEast),
    ("SA", "Riyadh", MiddleEast),
    ("YE", "Aden", MiddleEast),
    ("AE", "Abu Dhabi", MiddleEast),
    ("VN", "Hanoi", SouthEastAsia),
    ("PH", "Manila", SouthEastAsia),
    ("ID", "Jakarta", SouthEastAsia),
    ("TH", "Bangkok", SouthEastAsia),
    ("MM", "Yangon", SouthEastAsia),
    ("KH", "Phnom Penh", SouthEastAsia),
    ("LA", "Vientiane", SouthEastAsia),
    ("MY", "Kuala Lumpur", SouthEastAsia),
    ("KZ", "Astana", CentralAsia),
    ("KG", "Bishkek", CentralAsia),
    ("UZ", "Tashkent", CentralAsia),
    ("TJ", "Dushanbe", CentralAsia),
    ("TM", "Ashgabat", CentralAsia),
    ("MN", "Ulaanbaatar", EastAsia),
    ("CO", "Bogotá", SouthAmerica),
    ("VE", "Caracas", SouthAmerica),
    ("EC", "Quito", SouthAmerica),
    ("PE", "Lima", SouthAmerica),
    ("BO", "La Paz", SouthAmerica),
    ("BR", "Brasília", SouthAmerica),
    ("PY", "Asunción", SouthAmerica),
    ("AR", "Buenos Aires", SouthAmerica),
    ("CL", "Santiago", SouthAmerica),
    ("DO", "Santo Domingo", Caribbean),
    ("CU", "Havana", Caribbean),
    ("HT", "Port-au-Prince", Caribbean),
    ("JM", "Kingston", Caribbean),
    ("TT", "Port of Spain", Caribbean),
    ("VC", "Kingstown", Caribbean),
    ("KN", "Basseterre", Caribbean),
    ("AG", "St. John's", Caribbean),
    ("LC", "Castries", Caribbean),
    ("PG", "Port Moresby", Oceania),
    ("SB", "Honiara", Oceania),
    ("FJ", "Suva", Oceania),
    ("MH", "Majuro", Oceania),
    ("FM", "Palikir", Oceania),
    ("TZ", "Dar es Salaam", EastAfrica),
    ("UG", "Kampala", EastAfrica),
    ("RW", "Kigali", EastAfrica),
    ("BI", "Bujumbura", EastAfrica),
    ("DJ", "Djibouti", EastAfrica),
    ("SS", "Juba", EastAfrica),
    ("ZA", "Pretoria", SouthernAfrica),
    ("ZM", "Lusaka", SouthernAfrica),
    ("ZW", "Harare", SouthernAfrica),
    ("MZ", "Maputo", SouthernAfrica),
    ("MG", "Antananarivo", SouthernAfrica),
    ("MX", "Mexico City", CentralAmerica),
    ("GT", "Guatemala City", CentralAmerica),
    ("HN", "Tegucigalpa", CentralAmerica),
    ("SV", "San Salvador", CentralAmerica),
    ("NI", "Managua", CentralAmerica),
    ("CR", "San José", CentralAmerica),
    ("PA", "Panama City", CentralAmerica),
    ("BZ", "Belmopan", CentralAmerica),
    ("UY", "Montevideo", SouthAmerica),
    ("GY", "Georgetown", SouthAmerica),
    ("SR", "Paramaribo", SouthAmerica),
    ("BB", "Bridgetown", Caribbean),
    ("GD", "St. George's", Caribbean),
    ("BS", "Nassau", Caribbean),
    ("DM", "Roseau", Caribbean),
    ("VU", "Port Vila", Oceania),
    ("WS", "Apia", Oceania),
    ("TO", "Nuku'alofa", Oceania),
    ("KI", "Tarawa", Oceania),
    ("AU", "Canberra", Oceania),
    ("NZ", "Wellington", Oceania),
    ("US", "Washington", NorthAmerica),
    ("CA", "Ottawa", NorthAmerica),
    ("KP", "Pyongyang", EastAsia),
    ("KR", "Seoul", EastAsia),
    ("JP", "Tokyo", EastAsia),
    ("OM", "Muscat", MiddleEast),
    ("KW", "Kuwait City", MiddleEast),
    ("QA", "Doha", MiddleEast),
    ("BH", "Manama", MiddleEast),
    ("IL", "Tel Aviv", MiddleEast),
    ("BT", "Thimphu", SouthAsia),
    ("MV", "Malé", SouthAsia),
    ("SG", "Singapore", SouthEastAsia),
    ("TL", "Dili", SouthEastAsia),
    ("BN", "Bandar Seri Begawan", SouthEastAsia),
    ("MW", "Lilongwe", SouthernAfrica),
    ("BW", "Gaborone", SouthernAfrica),
    ("NA", "Windhoek", SouthernAfrica),
    ("LS", "Maseru", SouthernAfrica),
    ("SZ", "Mbabane", SouthernAfrica),
    ("MU", "Port Louis", SouthernAfrica),
    ("KM", "Moroni", SouthernAfrica),
    ("SC", "Victoria", SouthernAfrica),
    ("CV", "Praia", WestAfrica),
];

/// How many of the first hosts have busy networks (most Member States
/// present, dozens of citizenships, the largest figures).
const BUSY: usize = 12;

/// The citizenships a busy host's authorities see most, ahead of its
/// neighbours.
const MAIN_CITIZENSHIPS: [(&str, &[&str]); 12] = [
    ("MA", &["MA", "GN", "CI", "ML"]),
    ("SN", &["SN", "GM", "GN", "ML"]),
    ("TR", &["SY", "AF", "IQ", "TR"]),
    ("PK", &["PK", "AF", "BD", "IN"]),
    ("NG", &["NG", "GH", "CM", "NE"]),
    ("TN", &["TN", "CI", "GN", "SD"]),
    ("EG", &["EG", "SD", "SY", "ER"]),
    ("UA", &["UA", "MD", "RU", "BY"]),
    ("RS", &["AF", "SY", "MA", "TR"]),
    ("IN", &["IN", "NP", "BD", "LK"]),
    ("CN", &["CN", "VN", "MN", "KP"]),
    ("GH", &["GH", "NG", "TG", "BF"]),
];

/// How many of a host's neighbours follow its main citizenships; the rest of
/// its region comes early in the long tail.
const NEAREST: usize = 5;

/// A second place of posting for the large networks in some busy hosts.
const SECOND_POSTS: [(&str, &str); 6] = [
    ("MA", "Casablanca"),
    ("TR", "Istanbul"),
    ("PK", "Karachi"),
    ("NG", "Lagos"),
    ("IN", "Mumbai"),
    ("CN", "Shanghai"),
];

/// Sentences for narrative contributions, per section. `{…}` is filled from
/// the network (`{host}`, `{city}`, `{ms}`, main citizenships `{cit}` and
/// `{cit2}`, a neighbour `{nb}`, `{org}`, `{org2}`, `{auth}`, `{doc}`, a month
/// of the semester `{month}` or of the next one `{month2}`, `{year}`, the
/// migrants the host's authorities intercepted `{N}`) or with a number (`{n}`
/// two to nine, `{k}` 20–900, `{pct}`, `{days}`); `[a|b]` picks one of the
/// alternatives.
const SENTENCES: [(&str, &[&str]); 13] = [
    (
        "I.3",
        &[
            "The liaison officers met [every month|every two weeks|regularly] to exchange information on document fraud, routes and the profiles of travellers refused boarding.",
            "Alerts on new forgeries were circulated through ICONet [within a day|within 48 hours|as soon as they were detected] and shared with the consular sections of the Member States in {city}.",
            "In {month}, the network compiled a joint alert on counterfeit {doc} [presented by|used by] nationals of {cit}.",
            "The liaison officer of {ms} shared specimens of the latest series of passports of {host} with the other liaison officers and with airline staff.",
            "Information on {k} suspected cases of visa shopping was exchanged between the consular sections of the Member States.",
            "A shared list of the focal points in {auth} was updated and circulated to all members of the network.",
            "The network exchanged information on a facilitator [operating|active] between {host} and {nb}, which led to an arrest in {month}.",
            "Practical experience of interviewing techniques was exchanged in a workshop hosted by the embassy of {ms}.",
            "Weekly summaries of refusals of boarding at {city} airport were shared among the liaison officers, which made it possible to spot new patterns quickly.",
        ],
    ),
    (
        "I.4",
        &[
            "A joint briefing was given to the ground staff of the main airlines operating from {city} on the checking of travel documents at boarding.",
            "The network presented a coordinated position to the carriers on passengers with doubtful documents: such cases are referred to the liaison officers before departure.",
            "Carriers were reminded of their obligations under Directive 2001/51/EC and of the penalties for transporting inadequately documented passengers.",
            "{n} airlines now refer doubtful cases to the liaison officer on duty, against [two|three|one] in the previous semester.",
            "The liaison officers agreed to answer carriers' requests within [30 minutes|one hour|two hours] when the request is made before check-in closes.",
            "A document check desk, staffed in turns by the liaison officers, was set up at {city} international airport for flights to the Schengen area.",
            "Carriers reported {k} passengers denied boarding on the advice of the liaison officers, most of them nationals of {cit}.",
            "Advance passenger information is not yet systematically provided by the carriers operating from {host}, which limits checks before departure.",
            "Meetings with the station managers of the main carriers were held in {month} and again at the end of the semester.",
        ],
    ),
    (
        "I.5",
        &[
            "The network organised a joint training session on the detection of forged and counterfeit documents for [the border police|airline staff|consular staff] at {city} airport.",
            "[Twelve|Fifteen|Twenty|Thirty] officers of {auth} attended a [two-day|three-day|one-week] course on document examination given by experts from the Member States.",
            "The consular staff of the Member States took part in a session on visa fraud and on the verification of supporting documents.",
            "Training material in [English|French|the local language] was prepared jointly and can be reused by the network in the coming semesters.",
            "The liaison officer of {ms} gave a presentation on impostor detection and facial comparison to the staff of the main carriers.",
            "A training needs assessment for {auth} was carried out together with {org}.",
            "Further training is planned for {month2}, subject to the availability of funding.",
            "The sessions were well received; participants asked for follow-up sessions on [the security features of residence permits|the new visa sticker|the use of document readers].",
        ],
    ),
    (
        "I.6",
        &[
            "The liaison officers agreed on a common template for recording refusals of boarding, so that figures can be compared across Member States.",
            "Statistics for this report were collected with a common spreadsheet circulated by the Presidency in {month}.",
            "The network agreed to use the Frontex risk analysis indicators as the reference for all figures exchanged.",
            "Information from the host authorities is now requested jointly, which avoids duplicate requests and improves the response rate.",
            "The network keeps a shared calendar of events, such as elections, religious holidays and changes in visa policy, that may affect the flows.",
            "The liaison officers divided the monitoring of open sources between them, each covering [one region of {host}|one type of source|one language].",
            "Returnees who agree to it are debriefed with a common questionnaire, and the answers are pooled by the network.",
            "Data on document fraud are recorded by document type, issuing country and kind of fraud, as the reporting format requires.",
        ],
    ),
    (
        "I.7",
        &[
            "Regular contacts were held with the offices of {org} and {org2} in {city}.",
            "The network met the liaison officers of [the United Kingdom, Canada and Australia|the United States and Canada|Switzerland and Norway] to exchange information on the routes.",
            "Contacts were established with the network of liaison officers in {nb}, with which information on transit routes is now exchanged.",
            "The liaison officer of {ms} represented the network at a regional conference on migration organised by {org} in {month}.",
            "Contacts with the national human rights institution of {host} continued, in particular on the treatment of migrants in detention.",
            "{org} presented its programme of assisted voluntary return and reintegration to the network.",
            "A meeting with the Delegation of the European Union in {city} took place in {month} to coordinate the network's activities with projects funded by the Union.",
            "Exchanges with {org} on the protection of victims of trafficking were held {n} times during the semester.",
        ],
    ),
    (
        "I.8",
        &[
            "The rotation of staff in {auth} made continuity difficult; several contact persons changed during the semester.",
            "Access to the airside areas of the airport [remains|remained] restricted for liaison officers, which limits their ability to advise carriers.",
            "The host authorities are often reluctant to share statistics broken down by citizenship.",
            "Recommendation: a standing contact point for the network in the Ministry of the Interior of {host}.",
            "Recommendation: the Member States should align the reporting periods of their national statistics so that the figures in this report can be compared.",
            "The security situation [in parts of the country|in the border regions|outside the capital] [prevented|limited] field visits by the liaison officers.",
            "Language barriers and the lack of interpreters remain a difficulty in contacts with local authorities outside {city}.",
            "Recommendation: funding for joint training should be made available earlier in the year, so that sessions can be planned in advance.",
            "Several liaison officers are accredited to more than one country, which leaves [little|limited] time for the network's activities.",
        ],
    ),
    (
        "II.1",
        &[
            "Departures [remained concentrated on|shifted towards|increased from] the [coastal areas|southern border|main airport], with nationals of {cit} and {cit2} forming the largest groups.",
            "Nationals of {nb} transit through {host} by land before attempting to reach the European Union.",
            "According to {auth}, {N} irregular migrants were intercepted during the semester, [an increase|a decrease] of {pct} per cent on the previous semester.",
            "The main countries of destination remain [France, Spain and Italy|Germany, France and Belgium|Italy, Greece and Spain|Germany, Austria and the Netherlands].",
            "Most migrants [arrive|travel] on [visa-free|regular] flights to {nb} and continue overland.",
            "The flows towards the European Union are [mostly|largely|partly] mixed and include persons in need of international protection.",
            "Secondary movements of nationals of {cit} who had lived in {host} for several years were also observed.",
            "The share of nationals of {host} among the persons intercepted [rose|fell] to about {pct} per cent.",
            "Seasonal patterns were confirmed: departures peak [in the summer months|after the end of Ramadan|before the rainy season].",
        ],
    ),
    (
        "II.3",
        &[
            "Smugglers increasingly use genuine visas obtained with forged supporting documents, such as false bank statements and employment certificates.",
            "Fraudulent invitations from companies and universities in the European Union are used to obtain [short-stay|student|work] visas.",
            "Impostors using genuine passports of lookalikes were detected at {city} airport, mostly on flights to [Paris|Frankfurt|Madrid|Rome|Brussels|Amsterdam].",
            "Migrants travel in small groups with [a guide|a driver|a facilitator] who changes at each stage of the journey.",
            "Payment is usually made through informal money transfer systems, with part of the fee paid only on arrival.",
            "A new method involves [return tickets that are never used|transit via airports with no airport transit visa requirement|tickets for cruise ships], which makes profiling harder.",
            "Forged Schengen visas are [printed|produced] on stolen blank stickers, [often|sometimes] with the data of real applicants.",
            "Boats leave at night from [beaches|fishing ports|remote coves] and carry between [20 and 40|30 and 60|50 and 120] persons.",
            "Travel agencies in {city} were found to arrange fake hotel bookings and travel insurance for visa applications.",
        ],
    ),
    (
        "II.4",
        &[
            "{n} networks, organised along [family|ethnic|clan] lines, were dismantled by {auth}; they charged between [3 000 and 7 000|5 000 and 12 000|1 500 and 4 000] euro per person.",
            "The networks active in {host} are [loosely connected|well structured|highly flexible] and cooperate with counterparts in {nb} and in the European Union.",
            "{auth} arrested {k} suspected facilitators during the semester, among them nationals of {cit} and {cit2}.",
            "Links between smuggling networks and trafficking in human beings for [sexual exploitation|forced labour|forced begging] were confirmed in several investigations.",
            "The leaders of the networks are often based in the European Union, while recruiters operate in the countries of origin.",
            "Corruption of [officials at border crossing points|airport staff|civil registry officials] facilitates the activities of the networks.",
            "A joint investigation with the police of {ms} led to the conviction of {n} members of a network that had smuggled more than {k} persons.",
            "The fees charged by smugglers [rose|fell] during the semester, reflecting [stricter border controls|new routes|competition between networks].",
        ],
    ),
    (
        "II.5",
        &[
            "[Parliamentary|Presidential|Local] elections in {month} may change the flows in the coming semester.",
            "A new visa-free agreement between {host} and {nb} entered into force in {month}.",
            "The [drought|floods|rise in food prices|security situation] in {nb} led to more arrivals of its nationals in {host}.",
            "A boat carrying {k} migrants capsized off the coast in {month}; {n} bodies were recovered.",
            "The host authorities announced a large operation against irregular migration in {month}, which led to mass arrests in {city}.",
            "The reopening of the border with {nb} in {month} is expected to increase transit movements.",
            "New air links to [Istanbul|Dubai|Doha|Moscow|Addis Ababa] opened in {month}, creating new possibilities for transit.",
            "Protests in {city} over living conditions led to the temporary closure of several consulates.",
        ],
    ),
    (
        "II.7",
        &[
            "Training for the border police on document examination and the supply of UV lamps and magnifiers would help the authorities detect fraud at the airport.",
            "The host authorities asked for support in [setting up a biometric registration system|improving the civil registry|modernising border crossing points].",
            "An integrated border management project funded by the European Union [is under way|is planned|started in {month}], and the network contributes its expertise.",
            "Support for the coast guard, in particular for search and rescue, was requested repeatedly.",
            "Information campaigns on the risks of irregular migration, run with {org}, should be continued and extended to rural areas.",
            "The authorities would benefit from access to Interpol databases at all border crossing points.",
            "Cooperation on the investigation of smuggling networks could be improved through joint investigation teams with {ms} and other Member States.",
            "The equipment for document examination at the [main airport|land border crossings|ports] is outdated and should be replaced.",
        ],
    ),
    (
        "II.8",
        &[
            "Identification missions by the consular staff of {host} speed up return; the readmission procedure still takes {days} days on average.",
            "The acceptance rate of readmission requests [improved|remained stable|deteriorated] during the semester.",
            "Charter flights for return were organised with Frontex in {month}, with {k} returnees.",
            "Assisted voluntary return, with reintegration support from {org}, remains the preferred option where possible.",
            "The host authorities accept the European travel document for return only in exceptional cases and usually require a national travel document.",
            "Returnees reported that reintegration support was helpful, but that finding work remained difficult.",
            "The readmission arrangements between the European Union and {host} [are applied unevenly|work well in practice|are being negotiated].",
            "A working arrangement on return between {ms} and {host} was signed in {month}.",
        ],
    ),
    (
        "II.9",
        &[
            "A new law on the smuggling of migrants entered into force in {month}, raising penalties to up to {n} years of imprisonment.",
            "The host country amended its visa regime: nationals of {cit} now need a visa to enter {host}.",
            "A draft law on asylum is being discussed in parliament; {org} has provided comments.",
            "The law on the residence of foreigners was amended to introduce [biometric residence cards|stricter conditions for work permits|an amnesty for long-term residents].",
            "Exit controls were tightened: minors may now leave the country only with the written consent of both parents.",
            "In practice, the sanctions against carriers provided for in national law are rarely applied.",
            "The law limits the detention of irregular migrants to {days} days, but this limit is not always respected.",
        ],
    ),
];

/// Sentences that fit any section; they lengthen a contribution once the
/// section's own sentences are used.
const ANY_SECTION: &[&str] = &[
    "These observations are shared by the liaison officers of [several|most|the other] Member States present in {city}.",
    "The figures quoted here come from {auth} and have not yet been [verified|consolidated|confirmed] against national data.",
    "The liaison officer of {ms} will continue to follow the matter closely and will report any change at the next network meeting.",
    "A more detailed note was sent to the competent services in the capital of {ms} in {month}.",
    "[In the view of|According to] the embassy of {ms}, the situation is unlikely to change [in the short term|before the end of the year|in the coming months].",
    "Contacts with {auth} remained [good|constructive|regular], although access to [detailed|disaggregated|up-to-date] statistics is still limited.",
    "The same trend was reported by the liaison officers posted in {nb}.",
    "Compared with the previous semester, the number of cases [rose|fell] by about {pct} per cent.",
    "Information was also exchanged with the Frontex liaison officer [covering the region|based in the region|responsible for the region].",
    "Several cases involved nationals of {cit} travelling on genuine documents obtained on the basis of false supporting documents.",
    "The host authorities publish only part of their figures, which makes comparisons over time difficult.",
    "The consular section of {ms} flagged {k} visa applications for additional checks during the period.",
    "No significant change was observed in the profile of the persons concerned, who are mostly young men between 18 and 35 years old.",
    "The number of women and unaccompanied minors among the persons concerned [has increased|remains significant|is rising slowly].",
    "The authorities indicated that they intend to publish a national migration strategy before the end of {year}.",
    "Further details can be provided on request by the liaison officer in {city}.",
    "The network agreed to come back to this point at its next meeting in {month2}.",
    "Cooperation with the airport authorities in {city} [improved markedly|remained satisfactory|was hampered by staff shortages] during the semester.",
    "The liaison officer of {ms} took part in {n} joint operations with {auth} during the period.",
    "This assessment is based on interviews with {auth}, airline staff and international organisations present in {host}.",
    "Press reports on the subject should be read with caution, as they often mix up asylum seekers, labour migrants and irregular migrants.",
    "The economic situation in {host}, with high youth unemployment and rising prices, continues to be the main push factor.",
    "Remittances from the diaspora in Europe remain an important source of income for many families in {host}, which sustains the wish to emigrate.",
    "Social media remain the main channel through which smugglers advertise their services, often with offers of [package journeys|guaranteed visas|jobs in Europe].",
    "Nationals of {cit2} appear more often in the cases handled by the liaison officers than in the host authorities' figures.",
    "The situation in {nb} is followed closely, as any deterioration there is quickly felt in {host}.",
];

const ORGANISATIONS: [&str; 7] = [
    "IOM",
    "UNHCR",
    "UNODC",
    "ICMPD",
    "Interpol",
    "UNICEF",
    "the International Committee of the Red Cross",
];

const AUTHORITIES: [&str; 8] = [
    "the national police",
    "the border police",
    "the Directorate-General for Migration",
    "the immigration service",
    "the gendarmerie",
    "the Ministry of the Interior",
    "the coast guard",
    "the airport police",
];

const DOCUMENTS: [&str; 5] = [
    "residence permits",
    "Schengen visas",
    "passports",
    "identity cards",
    "entry stamps",
];

const MEETING_SUBJECTS: [&str; 10] = [
    "Document fraud trends",
    "Carriers' liability",
    "Return cooperation",
    "Statistics for the semester report",
    "Visa shopping",
    "Smuggling networks",
    "Joint training plan",
    "Contacts with the host authorities",
    "Situation at the airport",
    "Regional developments",
];

const TRAINING_TITLES: [&str; 10] = [
    "Detection of forged and counterfeit travel documents",
    "Impostor detection and facial comparison",
    "Security features of the Schengen visa",
    "Verification of breeder documents",
    "Profiling of passengers at the airport",
    "Advance passenger information",
    "Detection of fraudulent residence permits",
    "Interviewing techniques for visa applicants",
    "Identification of victims of trafficking in human beings",
    "Document checks at boarding",
];

/// How a Member State's office writes its files.
#[derive(Clone, Copy, PartialEq)]
enum Habit {
    /// xlsx, English sheet names, dates as real date cells.
    XlsxEnglish,
    /// xlsx, German sheet names and headers, dates as `9.10.2025` text,
    /// countries by their German names.
    XlsxGerman,
    /// ods, French sheet names and headers, countries by their French names.
    OdsFrench,
    /// One CSV per table, `,` delimiter, ISO dates.
    CsvComma,
    /// One CSV per table, `;` delimiter, French headers, `dd/mm/yyyy`,
    /// digits grouped with spaces, BOM.
    CsvSemicolon,
}

impl Habit {
    /// The language countries are named in, or `None` for codes.
    fn names(self) -> Option<Lang> {
        match self {
            Habit::XlsxGerman => Some(Lang::De),
            Habit::OdsFrench => Some(Lang::Fr),
            _ => None,
        }
    }
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

/// A seed for one part of the inbox (mixed from the run's seed and the
/// part's coordinates), so that each part draws the same numbers whatever
/// else is generated.
fn seed_of(parts: &[u64]) -> u64 {
    parts.iter().fold(0x243F_6A88_85A3_08D3, |h, &p| {
        let mut z = (h ^ p).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    })
}

/// A country code as a number, for [`seed_of`].
fn code_id(code: &str) -> u64 {
    code.bytes().fold(0, |acc, b| acc << 8 | u64::from(b))
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut fastrand::Rng) -> f64 {
    let u = 1.0 - rng.f64();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * rng.f64()).cos()
}

/// A log-normal factor around 1.
fn noise(rng: &mut fastrand::Rng, sigma: f64) -> f64 {
    (sigma * normal(rng)).exp()
}

/// The weight of the citizenship at `rank` in a host's flows (Zipf).
fn zipf(rank: usize) -> f64 {
    (rank as f64 + 1.0).powf(-1.1)
}

/// A figure: at least 1.
fn figure(x: f64) -> u64 {
    x.round().max(1.0) as u64
}

/// A host country and what its authorities see.
struct Host {
    code: &'static str,
    city: &'static str,
    busy: bool,
    /// Size of the flows and of the network: 1 for the busiest host.
    activity: f64,
    /// Countries of the same region, the larger countries of origin first.
    neighbours: Vec<&'static str>,
    /// Citizenships (indices into [`WORLD`]) in the order the host's flows
    /// rank them: the main ones and nationals, the nearest neighbours, then
    /// a long tail.
    citizenships: Vec<usize>,
    /// Host-wide figures per citizenship before the semester's variation,
    /// one list per indicator of [`HOST_WIDE`].
    host_wide: Vec<Vec<f64>>,
}

/// Indicators reported per Member State by citizenship: id, top figure of
/// a large Member State in the busiest host, and the share of the
/// citizenships it reaches.
const BY_CITIZENSHIP: [(&str, f64, f64); 5] = [
    ("boarding-denied-on-advice", 1_000.0, 0.35),
    ("refusals-of-entry", 40_000.0, 1.0),
    ("illegal-stay-detections", 80_000.0, 1.0),
    ("return-decisions", 60_000.0, 0.8),
    ("effective-returns", 15_000.0, 0.6),
];

/// Host-wide indicators: id, top figure in the busiest host, share of the
/// citizenships reported.
const HOST_WIDE: [(&str, f64, f64); 2] = [
    ("host-apprehensions", 3_000_000.0, 1.0),
    ("host-facilitators-arrested", 25_000.0, 0.5),
];

/// Grounds for refusal of entry (Eurostat A–I) and how often each is given.
const REFUSAL_GROUNDS: [(&str, f64); 9] = [
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
const DOCUMENT_TYPES: [(&str, f64, bool); 5] = [
    ("passport", 1.0, false),
    ("visa", 0.5, true),
    ("residence-permit", 0.4, true),
    ("id-card", 0.3, false),
    ("other", 0.15, false),
];

/// Kinds of document fraud with the notes officers write about them.
const FRAUD_TYPES: [(&str, &[&str]); 4] = [
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

/// How many citizenships one Member State reports at most for one
/// indicator in this host.
fn breadth(host: &Host) -> f64 {
    if host.busy { 60.0 } else { 3.0 + 60.0 * host.activity }
}

/// How much rarer a region's nationals are among the migrants the networks
/// see than the region's place in [`WORLD`] suggests (a log-rank offset).
fn remoteness(region: Region) -> f64 {
    match region {
        Oceania | NorthAmerica => 1.5,
        Caribbean => 0.5,
        _ => 0.0,
    }
}

/// The first `n` host countries of [`WORLD`], each with its seeded ordering
/// of citizenships and host-wide figures.
fn hosts(seed: u64, n: usize) -> Vec<Host> {
    WORLD
        .iter()
        .take(n.max(1))
        .enumerate()
        .map(|(h, &(code, city, region))| {
            let mut rng = fastrand::Rng::with_seed(seed_of(&[seed, 1, h as u64]));
            let busy = h < BUSY;
            let activity = if busy {
                0.93f64.powi(h as i32)
            } else {
                0.25 * 0.95f64.powi((h - BUSY) as i32)
            };
            let mut near: Vec<(f64, &str)> = WORLD
                .iter()
                .enumerate()
                .filter(|(_, c)| c.2 == region && c.0 != code)
                .map(|(i, c)| ((i as f64 + 1.0).ln() + 0.5 * normal(&mut rng), c.0))
                .collect();
            near.sort_by(|a, b| a.0.total_cmp(&b.0));
            let neighbours: Vec<&str> = near.into_iter().map(|n| n.1).collect();
            let main = MAIN_CITIZENSHIPS.iter().find(|m| m.0 == code).map_or(&[][..], |m| m.1);
            let mut citizenships: Vec<usize> = Vec::new();
            for c in main.iter().chain([&code]).chain(neighbours.iter().take(NEAREST)) {
                if let Some(i) = WORLD.iter().position(|w| w.0 == *c)
                    && !citizenships.contains(&i)
                {
                    citizenships.push(i);
                }
            }
            let mut tail: Vec<(f64, usize)> = (0..WORLD.len())
                .filter(|i| !citizenships.contains(i))
                .map(|i| {
                    let (_, _, from) = WORLD[i];
                    let nearby = if from == region { 1.0 } else { 0.0 };
                    (
                        (i as f64 + 1.0).ln() + remoteness(from) - nearby + 0.8 * normal(&mut rng),
                        i,
                    )
                })
                .collect();
            tail.sort_by(|a, b| a.0.total_cmp(&b.0));
            citizenships.extend(tail.into_iter().map(|t| t.1));
            citizenships.truncate(if busy { 90 } else { 12 + (100.0 * activity) as usize });
            let host_wide = HOST_WIDE
                .iter()
                .map(|(_, top, _)| {
                    (0..citizenships.len())
                        .map(|rank| top * activity * zipf(rank) * noise(&mut rng, 0.4))
                        .collect()
                })
                .collect();
            Host {
                code,
                city,
                busy,
                activity,
                neighbours,
                citizenships,
                host_wide,
            }
        })
        .collect()
}

/// Each Member State's leaning towards each citizenship (indexed like
/// [`WORLD`]): seeded, the same in every host, with the ties of language
/// and history the figures show.
fn affinities(seed: u64, states: &[&str]) -> Vec<Vec<f64>> {
    states
        .iter()
        .map(|ms| {
            WORLD
                .iter()
                .map(|(code, _, region)| {
                    let mut rng = fastrand::Rng::with_seed(seed_of(&[seed, 2, code_id(ms), code_id(code)]));
                    let ties = match (*ms, region) {
                        ("ES" | "PT", SouthAmerica | CentralAmerica | Caribbean) => 3.0,
                        ("FR" | "BE" | "LU", NorthAfrica | WestAfrica | CentralAfrica) => 2.0,
                        ("IT" | "MT", NorthAfrica | EastAfrica) => 2.0,
                        ("EL" | "CY" | "BG", MiddleEast | SouthAsia) => 2.0,
                        ("PL" | "LT" | "LV" | "EE" | "FI", EasternEurope | Caucasus | CentralAsia) => 3.0,
                        ("AT" | "HR" | "SI" | "HU", Balkans) => 3.0,
                        _ => 1.0,
                    };
                    ties * noise(&mut rng, 0.7)
                })
                .collect()
        })
        .collect()
}

/// One Member State's place of posting in a host.
struct Posting {
    member_state: &'static str,
    ilos: u64,
    place: &'static str,
    accredited_to: Vec<&'static str>,
    represents: Vec<&'static str>,
}

/// The network in a host: which Member States are present, and their
/// postings. It is the same in both semesters.
struct Network {
    present: Vec<&'static str>,
    postings: Vec<Posting>,
}

/// Chance that a Member State has ILOs in a host: large networks and busy
/// hosts most.
fn presence(ms: &str, host: &Host) -> f64 {
    0.2 + 0.8 * (weight(ms) * (0.5 + 2.0 * host.activity)).min(1.0)
}

fn network(rng: &mut fastrand::Rng, host: &Host, states: &[&'static str]) -> Network {
    // The largest network taken is always there, so that no host is empty.
    let present: Vec<&'static str> = states
        .iter()
        .enumerate()
        .filter(|(i, ms)| *i == 0 || rng.f64() < presence(ms, host))
        .map(|(_, ms)| *ms)
        .collect();
    let mut postings: Vec<Posting> = present
        .iter()
        .map(|&ms| {
            let most = 1 + (5.0 * weight(ms) * host.activity.sqrt()).round() as u64;
            let accredited_to = if rng.f64() < 0.15 + 0.35 * (1.0 - host.activity) {
                let n = rng.usize(1..=4).min(host.neighbours.len());
                host.neighbours[..n].to_vec()
            } else {
                Vec::new()
            };
            Posting {
                member_state: ms,
                ilos: rng.u64(1..=most),
                place: host.city,
                accredited_to,
                represents: Vec::new(),
            }
        })
        .collect();
    // Art. 5 arrangements: a present Member State looks after an absent one.
    for ms in STATES.iter().filter(|ms| !present.contains(ms)) {
        if rng.f64() < 0.25 {
            let i = rng.usize(0..postings.len());
            postings[i].represents.push(ms);
        }
    }
    if let Some(&(_, place)) = SECOND_POSTS.iter().find(|p| p.0 == host.code) {
        for ms in present.iter().filter(|ms| weight(ms) >= 1.0) {
            if rng.bool() {
                postings.push(Posting {
                    member_state: ms,
                    ilos: rng.u64(1..=2),
                    place,
                    accredited_to: Vec::new(),
                    represents: Vec::new(),
                });
            }
        }
    }
    Network { present, postings }
}

/// A meeting of the network, as every Member State that attended reports it.
struct Meeting {
    date: NaiveDate,
    participants: Vec<&'static str>,
    commission: bool,
    frontex: bool,
    subjects: String,
}

/// One host's semester: who draws up the report, the meetings held and the
/// host-wide figures.
struct Period {
    semester: Semester,
    /// The Member State that chairs the network and draws up the report.
    chair: &'static str,
    /// Whether the chair acts on behalf of the Presidency.
    acting: bool,
    meetings: Vec<Meeting>,
    /// Host-wide figures per indicator of [`HOST_WIDE`] and citizenship rank.
    host_wide: Vec<Vec<u64>>,
}

/// The last day events are dated: before any Member State drafts.
fn last_event(semester: Semester) -> NaiveDate {
    semester.end() - Duration::days(26)
}

fn day_between(rng: &mut fastrand::Rng, first: NaiveDate, last: NaiveDate) -> NaiveDate {
    first + Duration::days(rng.i64(0..=(last - first).num_days()))
}

fn period(rng: &mut fastrand::Rng, host: &Host, net: &Network, semester: Semester) -> Period {
    // The Presidency drafts where it is in the network (Denmark never does);
    // otherwise the first present Member State acts on its behalf.
    let presidency = semester.presidency().filter(|p| *p != "DK" && net.present.contains(p));
    let (chair, acting) = match presidency {
        Some(p) => (p, false),
        None => net
            .present
            .iter()
            .find(|ms| **ms != "DK")
            .map_or((net.present[0], false), |ms| (*ms, true)),
    };
    let count = if host.busy { rng.usize(3..=6) } else { rng.usize(1..=3) };
    let dates: BTreeSet<NaiveDate> = (0..count)
        .map(|_| day_between(rng, semester.start() + Duration::days(7), last_event(semester)))
        .collect();
    let meetings = dates
        .into_iter()
        .map(|date| {
            let participants = net
                .present
                .iter()
                .copied()
                .filter(|ms| *ms == chair || rng.f64() < 0.8)
                .collect();
            let mut subjects = MEETING_SUBJECTS.to_vec();
            rng.shuffle(&mut subjects);
            Meeting {
                date,
                participants,
                commission: rng.f64() < 0.3,
                frontex: rng.f64() < 0.4,
                subjects: subjects[..rng.usize(2..=4)].join("; "),
            }
        })
        .collect();
    let host_wide = host
        .host_wide
        .iter()
        .map(|figures| figures.iter().map(|f| figure(f * noise(rng, 0.15))).collect())
        .collect();
    Period {
        semester,
        chair,
        acting,
        meetings,
        host_wide,
    }
}

/// Writes the inbox; returns the number of files written.
pub fn generate(spec: &Spec, out: &Path) -> Result<usize> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let states: Vec<&'static str> = STATES
        .iter()
        .take(spec.member_states.clamp(1, STATES.len()))
        .copied()
        .collect();
    let affinity = affinities(spec.seed, &states);
    let mut files = 0;
    for (h, host) in hosts(spec.seed, spec.hosts).iter().enumerate() {
        let mut rng = fastrand::Rng::with_seed(seed_of(&[spec.seed, 3, h as u64]));
        let net = network(&mut rng, host, &states);
        for half in [Half::H1, Half::H2] {
            let semester = Semester::new(spec.year, half);
            let period = period(&mut rng, host, &net, semester);
            for (i, ms) in states.iter().enumerate().filter(|(_, ms)| net.present.contains(ms)) {
                let mut rng = fastrand::Rng::with_seed(seed_of(&[spec.seed, 4, h as u64, half as u64, i as u64]));
                let writer = Submission {
                    ms,
                    names: habit(ms).names(),
                    host,
                    net: &net,
                    period: &period,
                    affinity: &affinity[i],
                };
                let tables = writer.tables(&mut rng);
                let acting = period.acting && period.chair == *ms;
                files += write_submission(out, ms, host.code, semester, &tables, acting)?;
            }
        }
    }
    Ok(files)
}

/// One Member State's submission for one host and semester.
struct Submission<'a> {
    ms: &'static str,
    /// The language countries are named in, or `None` for codes.
    names: Option<Lang>,
    host: &'a Host,
    net: &'a Network,
    period: &'a Period,
    /// The Member State's leaning towards each citizenship.
    affinity: &'a [f64],
}

impl Submission<'_> {
    fn tables(&self, rng: &mut fastrand::Rng) -> Vec<Table> {
        vec![
            table("postings", self.postings()),
            table("meetings", self.meetings()),
            table("training", self.training(rng)),
            table("narrative", self.narrative(rng)),
            table("statistics", self.statistics(rng)),
            table("routes", self.routes(rng)),
            table("documents", self.documents(rng)),
        ]
    }

    /// The citizenship of a rank of the host's list, as this office writes it.
    fn citizenship(&self, rank: usize) -> Cell {
        self.country(WORLD[self.host.citizenships[rank]].0)
    }

    /// A country as this office writes it: name or code.
    fn country(&self, code: &str) -> Cell {
        Cell::Text(match self.names {
            Some(lang) => countries::name(code, lang),
            None => code.to_string(),
        })
    }

    /// A list of countries; names only where none of them holds a list
    /// separator.
    fn countries(&self, codes: &[&str]) -> Cell {
        let names: Vec<String> = match self.names {
            Some(lang) => codes.iter().map(|c| countries::name(c, lang)).collect(),
            None => Vec::new(),
        };
        if !names.is_empty() && names.iter().all(|n| !n.contains([',', ';'])) {
            Cell::Text(names.join(", "))
        } else {
            Cell::Text(codes.join(", "))
        }
    }

    fn postings(&self) -> Vec<Vec<Cell>> {
        self.net
            .postings
            .iter()
            .filter(|p| p.member_state == self.ms)
            .map(|p| {
                vec![
                    text(self.ms),
                    Cell::Int(p.ilos),
                    text(p.place),
                    self.countries(&p.accredited_to),
                    Cell::Text(p.represents.join(", ")),
                ]
            })
            .collect()
    }

    fn meetings(&self) -> Vec<Vec<Cell>> {
        let yes_no = |b: bool| text(if b { "yes" } else { "no" });
        self.period
            .meetings
            .iter()
            .filter(|m| m.participants.contains(&self.ms))
            .map(|m| {
                vec![
                    Cell::Date(m.date),
                    text(self.period.chair),
                    Cell::Text(m.participants.join(", ")),
                    yes_no(m.commission),
                    yes_no(m.frontex),
                    Cell::Text(m.subjects.clone()),
                ]
            })
            .collect()
    }

    fn training(&self, rng: &mut fastrand::Rng) -> Vec<Vec<Cell>> {
        let semester = self.period.semester;
        let count = (2.0 * weight(self.ms) * (0.5 + self.host.activity) * rng.f64()).round() as usize;
        let organisers = [
            format!("Embassy of {}", countries::name(self.ms, Lang::En)),
            "Frontex".to_string(),
            "ILO network".to_string(),
            "EUAA".to_string(),
        ];
        let audiences = ["ilos", "consular-staff", "host-authorities"];
        let mut titles = TRAINING_TITLES.to_vec();
        rng.shuffle(&mut titles);
        titles
            .into_iter()
            .take(count)
            .map(|title| {
                vec![
                    Cell::Date(day_between(rng, semester.start(), last_event(semester))),
                    text(title),
                    text(&organisers[rng.usize(0..organisers.len())]),
                    text(audiences[rng.usize(0..audiences.len())]),
                    Cell::Int(rng.u64(6..=60)),
                ]
            })
            .collect()
    }

    /// Contributions to some sections: three and a half (small networks) to
    /// five (the busiest) per section and report on average, shared out by
    /// the Member States' size.
    fn narrative(&self, rng: &mut fastrand::Rng) -> Vec<Vec<Cell>> {
        let words = Words::new(self);
        let network: f64 = self.net.present.iter().map(|ms| weight(ms)).sum();
        let chance = ((3.5 + 1.5 * self.host.activity) * weight(self.ms) / network).min(0.9);
        let mut rows = Vec::new();
        for (section, sentences) in SENTENCES {
            let optional = if section == "II.9" { 0.6 } else { 1.0 };
            if rng.f64() < chance * optional {
                rows.push(vec![text(section), Cell::Text(words.contribution(rng, sentences))]);
            }
        }
        rows
    }

    /// The citizenships (ranks in the host's ordering) this Member State
    /// reports for one indicator: a long-tailed number of them, drawn by
    /// rank and by the Member State's leaning, in rank order.
    fn reported(&self, rng: &mut fastrand::Rng, share: f64) -> Vec<usize> {
        let most = breadth(self.host);
        let mean = most * weight(self.ms) * share * 0.35;
        let n = ((2.0 - mean * (1.0 - rng.f64()).ln()).min(most) as usize).min(self.host.citizenships.len());
        // Weighted sampling without replacement (Efraimidis–Spirakis keys).
        let mut keyed: Vec<(f64, usize)> = self
            .host
            .citizenships
            .iter()
            .enumerate()
            .map(|(rank, &c)| {
                let w = zipf(rank).powf(0.8) * self.affinity[c];
                ((1.0 - rng.f64()).ln() / w, rank)
            })
            .collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut ranks: Vec<usize> = keyed.into_iter().take(n).map(|k| k.1).collect();
        ranks.sort_unstable();
        ranks
    }

    fn statistics(&self, rng: &mut fastrand::Rng) -> Vec<Vec<Cell>> {
        let w = weight(self.ms);
        let scale = self.host.activity * w;
        let host_source = format!(
            "Ministry of the Interior of {}",
            with_article(&countries::name(self.host.code, Lang::En))
        );
        let mut rows = Vec::new();
        // Offices that add a total row below their figures, in their words
        // (a check the reader must never add to them).
        let total_word = match (self.names, self.ms) {
            (Some(Lang::De), _) => Some("Insgesamt"),
            (Some(Lang::Fr), _) => Some("Total général"),
            (_, "PL" | "IE" | "NL") => Some("Total"),
            _ => None,
        };
        let mut row = |indicator: &str, citizenship: Option<Cell>, breakdown: &str, value: u64, source: &str| {
            let unit = if matches!(indicator, "fraudulent-documents-detected" | "readmission-requests") {
                "events"
            } else {
                "persons"
            };
            rows.push(vec![
                text(indicator),
                citizenship.unwrap_or_else(|| text("")),
                text(breakdown),
                Cell::Int(value),
                text(unit),
                text(source),
            ]);
        };
        for (k, (id, _, share)) in HOST_WIDE.iter().enumerate() {
            if rng.f64() < 0.3 + 0.5 * w {
                for rank in self.reported(rng, *share) {
                    row(
                        id,
                        Some(self.citizenship(rank)),
                        "",
                        self.period.host_wide[k][rank],
                        &host_source,
                    );
                }
            }
        }
        for (id, top, share) in BY_CITIZENSHIP {
            if rng.f64() >= 0.55 + 0.4 * w {
                continue;
            }
            let mut sum = 0;
            for rank in self.reported(rng, share) {
                let c = self.host.citizenships[rank];
                let total = figure(top * scale * zipf(rank) * self.affinity[c].sqrt() * noise(rng, 0.35));
                let who = || Some(self.citizenship(rank));
                match id {
                    "refusals-of-entry" => {
                        for (ground, n) in refusal_grounds(rng, total) {
                            row(id, who(), ground, n, "");
                        }
                    }
                    "effective-returns" => {
                        let total = total.max(2);
                        let forced = figure(total as f64 * (0.3 + 0.5 * rng.f64())).min(total - 1);
                        row(id, who(), "forced", forced, "");
                        row(id, who(), "voluntary", total - forced, "");
                        sum += total;
                    }
                    _ => {
                        row(id, who(), "", total, "");
                        sum += total;
                    }
                }
            }
            // Refusal grounds count a person under each ground: no total.
            if let Some(word) = total_word.filter(|_| id != "refusals-of-entry" && sum > 0) {
                row(id, Some(text(word)), "", sum, "");
            }
        }
        if rng.f64() < 0.55 + 0.4 * w {
            for (kind, share, _) in DOCUMENT_TYPES {
                if kind == "passport" || rng.f64() < 0.6 {
                    let n = figure(4_000.0 * scale * share * noise(rng, 0.6));
                    row("fraudulent-documents-detected", None, kind, n, "");
                }
            }
        }
        if rng.f64() < 0.4 + 0.5 * w {
            let submitted = figure(3_000.0 * scale * noise(rng, 0.6));
            let accepted = (submitted as f64 * (0.3 + 0.65 * rng.f64())) as u64;
            row("readmission-requests", None, "submitted", submitted, "");
            row("readmission-requests", None, "accepted", accepted, "");
        }
        rows
    }

    fn routes(&self, rng: &mut fastrand::Rng) -> Vec<Vec<Cell>> {
        let count = rng.usize(0..=(1.0 + 2.0 * weight(self.ms)).round() as usize);
        let modes: &[&str] = match WORLD.iter().find(|c| c.0 == self.host.code).map(|c| c.2) {
            Some(NorthAfrica | WestAfrica | MiddleEast) => &["sea", "sea", "land", "air"],
            Some(Balkans | EasternEurope | Caucasus | CentralAsia) => &["land", "land", "air"],
            _ => &["air", "air", "land"],
        };
        let trends = ["up", "stable", "down"];
        let hubs = ["TR", "AE", "QA", "ET", "EG", "MA", "RS", "RU"];
        let mut seen: Vec<(&str, &str, &str)> = Vec::new();
        let mut rows = Vec::new();
        for _ in 0..count {
            let top = self.host.citizenships.len().min(8);
            let origin = WORLD[self.host.citizenships[rng.usize(0..top)]].0;
            let mode = modes[rng.usize(0..modes.len())];
            let destination = if rng.f64() < 0.6 {
                self.ms
            } else {
                ["DE", "FR", "IT", "ES", "BE", "NL", "AT", "EL"][rng.usize(0..8)]
            };
            if seen.contains(&(origin, mode, destination)) {
                continue;
            }
            seen.push((origin, mode, destination));
            let mut transit: Vec<&str> = Vec::new();
            if origin != self.host.code {
                transit.push(self.host.code);
            }
            let via = match mode {
                "air" => Some(hubs[rng.usize(0..hubs.len())]),
                "land" => self.host.neighbours.first().copied(),
                _ => None,
            };
            if let Some(via) = via.filter(|v| *v != origin && !transit.contains(v))
                && rng.bool()
            {
                transit.push(via);
            }
            let through = transit
                .iter()
                .map(|c| with_article(&countries::name(c, Lang::En)))
                .collect::<Vec<_>>()
                .join(" and ");
            let description = match (mode, through.is_empty()) {
                ("sea", _) => [
                    "By fishing boats from the coast, departing at night",
                    "By rubber dinghies launched from beaches, 40 to 60 persons each",
                    "As stowaways on cargo ships",
                ][rng.usize(0..3)]
                .to_string(),
                ("land", false) => format!(
                    "{} {through}{}",
                    ["Overland through", "In lorries through", "By car and on foot through"][rng.usize(0..3)],
                    [", with guides at each border", ", hidden among goods", ""][rng.usize(0..3)]
                ),
                ("air", false) => format!(
                    "Flights via {through} with {}",
                    [
                        "visas obtained on forged supporting documents",
                        "transit visas obtained on forged invitations",
                        "impostor passports",
                    ][rng.usize(0..3)]
                ),
                _ => [
                    "Direct flights on tourist visas, with no intention to return",
                    "Overland with the help of local guides",
                    "Direct flights with visas obtained on forged supporting documents",
                ][rng.usize(0..3)]
                .to_string(),
            };
            rows.push(vec![
                self.country(origin),
                self.countries(&transit),
                self.country(destination),
                text(mode),
                text(trends[rng.usize(0..3)]),
                Cell::Text(description),
            ]);
        }
        rows
    }

    fn documents(&self, rng: &mut fastrand::Rng) -> Vec<Vec<Cell>> {
        let count = rng.usize(1..=(1.0 + 4.0 * weight(self.ms)).round() as usize);
        let mut seen: Vec<(&str, &str, &str)> = Vec::new();
        let mut rows = Vec::new();
        for _ in 0..count {
            let (kind, _, by_member_state) = DOCUMENT_TYPES[rng.usize(0..DOCUMENT_TYPES.len())];
            let issuer = if by_member_state {
                if rng.bool() { self.ms } else { STATES[rng.usize(0..8)] }
            } else if rng.bool() {
                self.host.code
            } else {
                WORLD[self.host.citizenships[rng.usize(0..self.host.citizenships.len().min(10))]].0
            };
            let (fraud, notes) = FRAUD_TYPES[rng.usize(0..FRAUD_TYPES.len())];
            if seen.contains(&(kind, issuer, fraud)) {
                continue;
            }
            seen.push((kind, issuer, fraud));
            let count = figure(40.0 * self.host.activity * weight(self.ms) * noise(rng, 0.8));
            rows.push(vec![
                text(kind),
                self.country(issuer),
                text(fraud),
                Cell::Int(count),
                text(notes[rng.usize(0..notes.len())]),
            ]);
        }
        rows
    }
}

/// Splits a number of refused persons over several grounds.
fn refusal_grounds(rng: &mut fastrand::Rng, total: u64) -> Vec<(&'static str, u64)> {
    let most = (1 + total.ilog10() as usize).clamp(1, 5);
    let n = rng.usize(1..=most).min(total as usize);
    let mut grounds: Vec<(f64, &str, f64)> = REFUSAL_GROUNDS
        .iter()
        .map(|&(g, w)| ((1.0 - rng.f64()).ln() / w, g, w * (0.5 + rng.f64())))
        .collect();
    grounds.sort_by(|a, b| b.0.total_cmp(&a.0));
    grounds.truncate(n);
    grounds.sort_by_key(|g| g.1);
    let sum: f64 = grounds.iter().map(|g| g.2).sum();
    let spread = total - n as u64;
    grounds
        .iter()
        .map(|&(_, g, w)| (g, 1 + (spread as f64 * w / sum) as u64))
        .collect()
}

/// A country's English name as it reads inside a sentence.
fn with_article(name: &str) -> String {
    const THE: [&str; 11] = [
        "Democratic Republic",
        "Central African",
        "Dominican",
        "United",
        "Philippines",
        "Solomon",
        "Marshall",
        "Bahamas",
        "Maldives",
        "Comoros",
        "Netherlands",
    ];
    if THE.iter().any(|t| name.starts_with(t)) || name == "Gambia" {
        format!("the {name}")
    } else {
        name.to_string()
    }
}

/// What narrative sentences are filled with for one submission.
struct Words {
    host: String,
    city: &'static str,
    ms: String,
    /// The host's main citizenships.
    citizenships: Vec<String>,
    neighbours: Vec<String>,
    year: i32,
    /// The host-wide count of intercepted migrants, all citizenships.
    intercepted: u64,
    /// The semester's first month (0 = January).
    first_month: usize,
}

impl Words {
    fn new(s: &Submission) -> Self {
        let name = |c: &str| with_article(&countries::name(c, Lang::En));
        Words {
            host: name(s.host.code),
            city: s.host.city,
            ms: name(s.ms),
            citizenships: s.host.citizenships.iter().take(6).map(|&c| name(WORLD[c].0)).collect(),
            neighbours: s.host.neighbours.iter().map(|c| name(c)).collect(),
            year: s.period.semester.year,
            intercepted: s.period.host_wide[0].iter().sum(),
            first_month: if s.period.semester.half == Half::H1 { 0 } else { 6 },
        }
    }

    /// A contribution of 100–600 words: the section's own sentences first,
    /// then general ones, in paragraphs of three to five sentences.
    fn contribution(&self, rng: &mut fastrand::Rng, sentences: &[&str]) -> String {
        let target = 100 + (500.0 * rng.f64().powf(1.6)) as usize;
        let mut own = sentences.to_vec();
        rng.shuffle(&mut own);
        let mut rest: Vec<&str> = own.split_off(2.min(own.len()));
        rest.extend(ANY_SECTION);
        rng.shuffle(&mut rest);
        let (mut out, mut words, mut in_paragraph) = (String::new(), 0, 0);
        let paragraph = rng.usize(3..=5);
        for template in own.into_iter().chain(rest) {
            let sentence = self.fill(rng, template);
            let n = sentence.split_whitespace().count();
            if words >= target || (words >= 100 && words + n > 600) {
                break;
            }
            if in_paragraph == paragraph {
                out.push_str("\n\n");
                in_paragraph = 0;
            } else if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&sentence);
            words += n;
            in_paragraph += 1;
        }
        out
    }

    /// Fills a sentence template: alternatives first, then placeholders.
    fn fill(&self, rng: &mut fastrand::Rng, template: &str) -> String {
        let mut chosen = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(start) = rest.find('[') {
            chosen.push_str(&rest[..start]);
            let Some(len) = rest[start..].find(']') else { break };
            let options: Vec<&str> = rest[start + 1..start + len].split('|').collect();
            chosen.push_str(options[rng.usize(0..options.len())]);
            rest = &rest[start + len + 1..];
        }
        chosen.push_str(rest);
        let (cit, cit2) = self.two(rng, &self.citizenships);
        let pick = |rng: &mut fastrand::Rng, list: &[&str]| list[rng.usize(0..list.len())].to_string();
        let mut out = String::with_capacity(chosen.len() + 40);
        let mut rest = chosen.as_str();
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let Some(len) = rest[start..].find('}') else { break };
            let value = match &rest[start + 1..start + len] {
                "host" => self.host.clone(),
                "city" => self.city.to_string(),
                "ms" => self.ms.clone(),
                "cit" => cit.clone(),
                "cit2" => cit2.clone(),
                "nb" => self.two(rng, &self.neighbours).0,
                "org" | "org2" => pick(rng, &ORGANISATIONS),
                "auth" => pick(rng, &AUTHORITIES),
                "doc" => pick(rng, &DOCUMENTS),
                "month" => month_name(self.first_month + rng.usize(0..6), Lang::En).to_string(),
                "month2" => month_name(self.first_month + 6 + rng.usize(0..6), Lang::En).to_string(),
                "year" => self.year.to_string(),
                "n" => ["two", "three", "four", "five", "six", "seven", "eight", "nine"][rng.usize(0..8)].to_string(),
                "k" => rng.u64(20..=900).to_string(),
                "N" => grouped(self.intercepted, ' '),
                "pct" => rng.u64(5..=45).to_string(),
                "days" => rng.u64(30..=120).to_string(),
                other => other.to_string(),
            };
            out.push_str(&value);
            rest = &rest[start + len + 1..];
        }
        out.push_str(rest);
        let mut chars = out.chars();
        chars
            .next()
            .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
    }

    /// Two different entries of a list (or a stand-in for a short one).
    fn two(&self, rng: &mut fastrand::Rng, list: &[String]) -> (String, String) {
        match list.len() {
            0 => ("the neighbouring countries".into(), "the region".into()),
            1 => (list[0].clone(), self.host.clone()),
            n => {
                let i = rng.usize(0..n);
                let j = (i + rng.usize(1..n)) % n;
                (list[i].clone(), list[j].clone())
            }
        }
    }
}

/// Column headers of each table in English, German and French.
const HEADERS: [(&str, [&[&str]; 3]); 7] = [
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

fn table(id: &'static str, rows: Vec<Vec<Cell>>) -> Table {
    let headers = HEADERS.iter().find(|h| h.0 == id).map_or([&[][..]; 3], |h| h.1);
    Table { id, headers, rows }
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
            // Offices send no file for a table they have nothing to put in.
            let tables: Vec<&Table> = tables.iter().filter(|t| !t.rows.is_empty()).collect();
            for table in &tables {
                let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
                let meta_headers: [&str; 4] = if french {
                    ["État membre", "Pays d'accueil", "Semestre", "Date de rédaction"]
                } else {
                    ["member_state", "host", "semester", "drafted_on"]
                };
                let headers = if french { table.headers[2] } else { table.headers[0] };
                let mut header: Vec<&str> = meta_headers.to_vec();
                header.extend(headers.iter().copied());
                // The postings' own member_state column serves; postings are
                // never empty, so they carry the Presidency flag.
                if table.id == "postings" {
                    header.remove(0);
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
                        Cell::Int(n) if french => grouped(*n, ' '),
                        Cell::Int(n) => n.to_string(),
                        Cell::Date(d) if french => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
                        Cell::Date(d) => d.to_string(),
                    }));
                    if table.id == "postings" {
                        let answer = match (french, acting) {
                            (true, true) => "oui",
                            (true, false) => "non",
                            (false, true) => "yes",
                            (false, false) => "no",
                        };
                        record.push(answer.into());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_citizenships_are_outside_the_union_and_named_in_three_languages() {
        for (code, _, _) in WORLD {
            assert!(!countries::is_network_state(code), "{code}");
            for lang in [Lang::En, Lang::Fr, Lang::De] {
                let name = countries::name(code, lang);
                assert_eq!(
                    countries::resolve(&name).map(|c| c.code.as_str()),
                    Some(*code),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn contributions_run_100_to_600_words_in_the_fonts_scripts() {
        let words = Words {
            host: "the Democratic Republic of the Congo".into(),
            city: "Kinshasa",
            ms: "France".into(),
            citizenships: vec!["Angola".into(), "Chad".into()],
            neighbours: vec!["Sao Tome and Principe".into()],
            year: 2025,
            intercepted: 123_456,
            first_month: 6,
        };
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..50 {
            for (section, sentences) in SENTENCES {
                let text = words.contribution(&mut rng, sentences);
                let n = text.split_whitespace().count();
                assert!((100..=600).contains(&n), "{section}: {n} words");
                assert!(!text.contains(['{', '}', '[', ']', '|']), "{text}");
                assert!(
                    text.chars()
                        .all(|c| matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{24f}' | '\u{370}'..='\u{4ff}')),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn the_same_seed_writes_the_same_bytes() {
        let spec = Spec {
            member_states: 27,
            hosts: 2,
            year: 2025,
            seed: 3,
        };
        let dirs = [
            tempfile::tempdir().expect("a folder"),
            tempfile::tempdir().expect("a folder"),
        ];
        let counts = dirs
            .each_ref()
            .map(|d| generate(&spec, d.path()).expect("the generator runs"));
        assert_eq!(counts[0], counts[1]);
        let mut names: Vec<_> = std::fs::read_dir(dirs[0].path())
            .expect("listing")
            .map(|e| e.expect("an entry").file_name())
            .collect();
        names.sort();
        assert_eq!(names.len(), counts[0]);
        for name in names {
            let read = |d: &tempfile::TempDir| std::fs::read(d.path().join(&name)).expect("the file");
            assert!(read(&dirs[0]) == read(&dirs[1]), "{name:?} differs");
        }
    }
}
