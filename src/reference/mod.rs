//! Built-in reference data: the Council Presidency calendar, countries and
//! their names, EU membership and protocol order (SPEC §3), and the regions
//! of particular interest.

pub mod calendar;
pub mod countries;
pub mod regions;

pub use calendar::{Half, Semester};
pub use countries::{Country, Lang};

/// Folds text for lenient matching: transliterated to ASCII, lower case,
/// every run of non-alphanumeric characters turned into one space.
pub(crate) fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    let mut gap = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn fold_ignores_case_accents_and_spacing() {
        assert_eq!(fold("  Staatsangehörigkeit "), "staatsangehorigkeit");
        assert_eq!(fold("Nationalité"), "nationalite");
        assert_eq!(fold("member_state"), "member state");
        assert_eq!(fold("Côte d’Ivoire"), "cote d ivoire");
    }
}
