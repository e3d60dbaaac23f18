//! Regions of particular interest (`report-templates/regions.json`): report
//! hosts in their own right (SPEC §2, e.g. `west-africa`) and the groups of
//! the annual summary.

use super::{Lang, fold};
use crate::format::Translated;
use serde::Deserialize;
use std::sync::LazyLock;

/// A region: its id, title per language and member host countries.
#[derive(Debug, Deserialize)]
pub struct Region {
    pub(crate) id: String,
    pub(crate) title: Translated,
    pub(crate) hosts: Vec<String>,
}

#[derive(Deserialize)]
struct RegionsFile {
    regions: Vec<Region>,
}

/// The text of the built-in regions file.
pub const BUILTIN_TEXT: &str = include_str!("../../report-templates/regions.json");

/// The built-in regions file; a broken file is a build defect, caught by
/// the tests below.
static REGIONS: LazyLock<Vec<Region>> = LazyLock::new(|| {
    serde_json::from_str::<RegionsFile>(BUILTIN_TEXT)
        .map(|f| f.regions)
        .unwrap_or_else(|e| panic!("report-templates/regions.json is invalid: {e}"))
});

/// Every region, in the file's order.
pub fn all() -> &'static [Region] {
    &REGIONS
}

/// A region by its id (`west-africa`).
pub(crate) fn by_id(id: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.id == id)
}

/// A region from its id or its title in any language (case, accents and
/// spacing ignored).
pub fn resolve(text: &str) -> Option<&'static Region> {
    let folded = fold(text);
    if folded.is_empty() {
        return None;
    }
    REGIONS.iter().find(|r| {
        fold(&r.id) == folded
            || [Lang::En, Lang::Fr, Lang::De]
                .iter()
                .any(|l| fold(r.title.get(*l)) == folded)
    })
}

/// A report host from its text: a country (EU code, any code or name) or a
/// region of particular interest (id or title).
pub fn resolve_host(text: &str) -> Option<String> {
    super::countries::resolve(text)
        .map(|c| c.code.clone())
        .or_else(|| resolve(text).map(|r| r.id.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_load_and_resolve_by_id_and_title() {
        assert!(all().len() >= 8);
        assert_eq!(resolve("west-africa").map(|r| r.id.as_str()), Some("west-africa"));
        assert_eq!(
            resolve("Afrique de l'Ouest").map(|r| r.id.as_str()),
            Some("west-africa")
        );
        assert_eq!(resolve_host("Maroc").as_deref(), Some("MA"));
        assert_eq!(resolve_host("Westafrika").as_deref(), Some("west-africa"));
        assert_eq!(resolve_host("Atlantis"), None);
        for r in all() {
            assert!(
                r.hosts.iter().all(|h| super::super::countries::by_code(h).is_some()),
                "{}",
                r.id
            );
        }
    }
}
