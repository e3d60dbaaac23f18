//! The world the generator draws from: the Member States in the order they
//! are taken and the size of their networks, and the host countries with
//! their capitals, regions, main citizenships and second places of posting.
//! Mostly data tables.

/// Member States in the order they are taken: the largest networks first.
pub(super) const STATES: [&str; 27] = [
    "FR", "DE", "ES", "IT", "NL", "BE", "PL", "SE", "AT", "PT", "EL", "CZ", "HU", "RO", "FI", "IE", "DK", "BG", "HR",
    "SK", "SI", "LT", "LV", "EE", "LU", "MT", "CY",
];

/// Size of a Member State's ILO network, 1 for the largest: it scales how
/// often the Member State is present, how much it reports and its figures.
pub(super) fn weight(ms: &str) -> f64 {
    match ms {
        "FR" | "DE" | "ES" | "IT" | "NL" | "BE" => 1.0,
        "PL" | "SE" | "AT" | "PT" | "EL" | "CZ" => 0.55,
        _ => 0.25,
    }
}

/// Regions of the world: neighbours, accreditations and transit countries
/// are taken from the host's region.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Region {
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
pub(super) const WORLD: &[(&str, &str, Region)] = &[
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
pub(super) const BUSY: usize = 12;

/// The citizenships a busy host's authorities see most, ahead of its
/// neighbours.
pub(super) const MAIN_CITIZENSHIPS: [(&str, &[&str]); 12] = [
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
pub(super) const NEAREST: usize = 5;

/// A second place of posting for the large networks in some busy hosts.
pub(super) const SECOND_POSTS: [(&str, &str); 6] = [
    ("MA", "Casablanca"),
    ("TR", "Istanbul"),
    ("PK", "Karachi"),
    ("NG", "Lagos"),
    ("IN", "Mumbai"),
    ("CN", "Shanghai"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::{Lang, countries};

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
}
