//! What the annual summary makes of the reports' text (Art. 6(3)): per
//! region a digest of the Member States' difficulties and recommendations
//! and of the incidents they reported, each attributed; and the human
//! rights aspects the reports gave, in full.

use super::Presentation;
use crate::model::DigestEntry;
use crate::render::style;
use serde::Serialize;

/// Words a digest keeps at most of one contribution's first sentence.
const DIGEST_WORDS: usize = 40;

/// One host's entries.
#[derive(Serialize)]
pub(crate) struct HostDigest {
    /// The host's name.
    pub(crate) host: String,
    /// Its entries, by semester and section.
    pub(crate) groups: Vec<DigestGroup>,
}

/// The Member States' text of one section of one report.
#[derive(Serialize)]
pub(crate) struct DigestGroup {
    /// Where it comes from: the section and the semester.
    pub(crate) about: String,
    /// The Member States' texts, in protocol order.
    pub(crate) items: Vec<DigestItem>,
}

/// One Member State's text.
#[derive(Serialize)]
pub(crate) struct DigestItem {
    /// The Member State's name.
    pub(crate) member_state: String,
    /// The text: its first sentence, at most [`DIGEST_WORDS`] words, for
    /// a digest; in full for human rights aspects.
    pub(crate) text: String,
}

/// The entries of `hosts` (in that order), each text cut to a digest
/// when `cut`.
pub(super) fn by_host(ctx: &Presentation, entries: &[DigestEntry], hosts: &[&String], cut: bool) -> Vec<HostDigest> {
    hosts
        .iter()
        .filter_map(|h| {
            let mut groups: Vec<DigestGroup> = Vec::new();
            for e in entries.iter().filter(|e| &&e.host == h) {
                let about = about(ctx, e);
                if groups.last().is_none_or(|g| g.about != about) {
                    groups.push(DigestGroup {
                        about,
                        items: Vec::new(),
                    });
                }
                let text = if cut {
                    excerpt(&e.text, DIGEST_WORDS)
                } else {
                    e.text.trim().to_string()
                };
                if let Some(group) = groups.last_mut() {
                    group.items.push(DigestItem {
                        member_state: ctx.country(&e.member_state),
                        text,
                    });
                }
            }
            (!groups.is_empty()).then(|| HostDigest {
                host: ctx.country(h),
                groups,
            })
        })
        .collect()
}

/// "I.8 Difficulties met and recommendations — second semester 2025".
fn about(ctx: &Presentation, e: &DigestEntry) -> String {
    let title = ctx
        .format
        .sections
        .iter()
        .find(|s| s.id == e.section)
        .map_or(String::new(), |s| format!(" {}", s.title.get(ctx.lang)));
    format!("{}{title} — {}", e.section, style::semester_text(e.semester, ctx.lang))
}

/// The first sentence of `text` (of at least six words, so that an
/// abbreviation does not end it), at most `words` words; "…" when more
/// follows.
fn excerpt(text: &str, words: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    let sentence_end = all
        .iter()
        .position(|w| w.ends_with(['.', '!', '?']))
        .filter(|i| *i >= 5)
        .or_else(|| {
            all.iter()
                .skip(5)
                .position(|w| w.ends_with(['.', '!', '?']))
                .map(|i| i + 5)
        });
    let keep = sentence_end.map_or(all.len(), |i| i + 1).min(words);
    let kept = all[..keep].join(" ");
    if keep < all.len() { format!("{kept} …") } else { kept }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn a_digest_keeps_the_first_sentence_up_to_its_word_limit() {
        assert_eq!(excerpt("One two three.", 5), "One two three.");
        assert_eq!(
            excerpt("The first sentence has six words. The second is left out.", 40),
            "The first sentence has six words. …"
        );
        // "e.g." near the start does not end the sentence.
        assert_eq!(
            excerpt("Some, e.g. two, or more officers left. Others stayed.", 40),
            "Some, e.g. two, or more officers left. …"
        );
        assert_eq!(excerpt("one two three four five six seven", 3), "one two three …");
        assert_eq!(
            excerpt("\n\nFirst part of it all here.\n\nSecond part.", 40),
            "First part of it all here. …"
        );
        assert_eq!(excerpt("  ", 3), "");
    }
}
