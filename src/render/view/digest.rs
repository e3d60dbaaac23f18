//! What the annual summary makes of the reports' text (Art. 6(3)): per
//! region a digest of the Member States' difficulties and recommendations
//! and of the incidents they reported, each attributed; and the human
//! rights aspects the reports gave, in full.

use super::Presentation;
use crate::model::DigestEntry;
use crate::render::style;
use serde::Serialize;

/// Words a digest keeps of one contribution before it is cut with "…".
const DIGEST_WORDS: usize = 60;

/// One host's entries.
#[derive(Serialize)]
pub(super) struct HostDigest {
    /// The host's name.
    host: String,
    /// Its entries, by semester, section and Member State.
    items: Vec<DigestItem>,
}

/// One Member State's text of one section of one report.
#[derive(Serialize)]
struct DigestItem {
    /// The Member State's name.
    member_state: String,
    /// Where it comes from: the section and the semester.
    about: String,
    /// The text: its first paragraph, cut after [`DIGEST_WORDS`] words,
    /// for a digest; in full for human rights aspects.
    text: String,
}

/// The entries of `hosts` (in that order), each text cut to a digest
/// when `cut`.
pub(super) fn by_host(ctx: &Presentation, entries: &[DigestEntry], hosts: &[&String], cut: bool) -> Vec<HostDigest> {
    hosts
        .iter()
        .filter_map(|h| {
            let items: Vec<DigestItem> = entries
                .iter()
                .filter(|e| &&e.host == h)
                .map(|e| DigestItem {
                    member_state: ctx.country(&e.member_state),
                    about: about(ctx, e),
                    text: if cut {
                        excerpt(&e.text, DIGEST_WORDS)
                    } else {
                        e.text.trim().to_string()
                    },
                })
                .collect();
            (!items.is_empty()).then(|| HostDigest {
                host: ctx.country(h),
                items,
            })
        })
        .collect()
}

/// "I.8 Difficulties met and recommendations, second semester 2025".
fn about(ctx: &Presentation, e: &DigestEntry) -> String {
    let title = ctx
        .format
        .sections
        .iter()
        .find(|s| s.id == e.section)
        .map_or(String::new(), |s| format!(" {}", s.title.get(ctx.lang)));
    format!("{}{title}, {}", e.section, style::semester_text(e.semester, ctx.lang))
}

/// The first paragraph of `text`, cut after `words` words with "…".
fn excerpt(text: &str, words: usize) -> String {
    let first = text
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty())
        .unwrap_or_default();
    let all: Vec<&str> = first.split_whitespace().collect();
    let more = all.len() > words || text.trim().len() > first.len();
    let kept = all[..all.len().min(words)].join(" ");
    if more { format!("{kept} …") } else { kept }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn a_digest_keeps_the_first_paragraph_up_to_its_word_limit() {
        assert_eq!(excerpt("One two three.", 5), "One two three.");
        assert_eq!(excerpt("One two three four.", 2), "One two …");
        assert_eq!(excerpt("\n\nFirst part.\n\nSecond part.", 10), "First part. …");
        assert_eq!(excerpt("  ", 3), "");
    }
}
