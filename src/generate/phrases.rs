//! The text snippets narrative contributions and tables are made of:
//! sentence templates per section, sentences for any section, and lists of
//! organisations, authorities, documents, meeting subjects and training
//! titles. Data tables only.

/// Sentences for narrative contributions, per section. `{…}` is filled from
/// the network (`{host}`, `{city}`, `{ms}`, main citizenships `{cit}` and
/// `{cit2}`, a neighbour `{nb}`, `{org}`, `{org2}`, `{auth}`, `{doc}`, a month
/// of the semester `{month}` or of the next one `{month2}`, `{year}`, the
/// migrants the host's authorities intercepted `{N}`) or with a number (`{n}`
/// two to nine, `{k}` 20–900, `{pct}`, `{days}`); `[a|b]` picks one of the
/// alternatives.
pub(super) const SENTENCES: [(&str, &[&str]); 13] = [
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
pub(super) const ANY_SECTION: &[&str] = &[
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

/// International organisations the network works with (`{org}`).
pub(super) const ORGANISATIONS: [&str; 7] = [
    "IOM",
    "UNHCR",
    "UNODC",
    "ICMPD",
    "Interpol",
    "UNICEF",
    "the International Committee of the Red Cross",
];

/// The host's authorities (`{auth}`).
pub(super) const AUTHORITIES: [&str; 8] = [
    "the national police",
    "the border police",
    "the Directorate-General for Migration",
    "the immigration service",
    "the gendarmerie",
    "the Ministry of the Interior",
    "the coast guard",
    "the airport police",
];

/// Documents that are forged (`{doc}`).
pub(super) const DOCUMENTS: [&str; 5] = [
    "residence permits",
    "Schengen visas",
    "passports",
    "identity cards",
    "entry stamps",
];

/// Subjects of the network's meetings.
pub(super) const MEETING_SUBJECTS: [&str; 10] = [
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

/// Titles of training sessions.
pub(super) const TRAINING_TITLES: [&str; 10] = [
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
