//! Narrative contributions: sentence templates filled from the network and
//! joined into paragraphs of 100–600 words.

use super::phrases::{ANY_SECTION, AUTHORITIES, DOCUMENTS, ORGANISATIONS};
use super::submission::{Submission, with_article};
use super::world::WORLD;
use crate::reference::{Half, Lang, countries};
use crate::render::style::{grouped, month_name};

/// What narrative sentences are filled with for one submission.
pub(super) struct Words {
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
    /// The words for one submission's contributions.
    pub(super) fn new(s: &Submission) -> Self {
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
    pub(super) fn contribution(&self, rng: &mut fastrand::Rng, sentences: &[&str]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::phrases::SENTENCES;

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
}
