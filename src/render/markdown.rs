//! The drafters' Markdown (`annual-<year>.md`) as blocks the annual
//! template lays out: headings, paragraphs, lists, strong and emphasised
//! text. Everything else (code, HTML, tables, links' targets) is kept as
//! literal text. The text itself is never parsed as Typst markup.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Serialize;

/// A block of the drafters' text, given to the template with its `kind`.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum Block {
    /// A heading.
    Heading {
        /// Its level, 1 to 3.
        level: u8,
        /// Its runs of text.
        spans: Vec<Span>,
    },
    /// A paragraph.
    Paragraph {
        /// Its runs of text.
        spans: Vec<Span>,
    },
    /// A list (nested lists are flattened into it).
    List {
        /// Whether it is numbered.
        ordered: bool,
        /// Its items, each its runs of text.
        items: Vec<Vec<Span>>,
    },
}

/// A run of text with its emphasis, to print literally.
#[derive(Debug, Serialize)]
pub(crate) struct Span {
    /// The text.
    pub(crate) text: String,
    /// Whether it is in bold.
    pub(crate) strong: bool,
    /// Whether it is in italics.
    pub(crate) emph: bool,
}

/// A run of text with its emphasis.
fn span(text: &str, strong: usize, emph: usize) -> Span {
    Span {
        text: text.to_string(),
        strong: strong > 0,
        emph: emph > 0,
    }
}

/// The blocks of `markdown`: headings, paragraphs and lists of runs of text.
pub(crate) fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut items: Vec<Vec<Span>> = Vec::new();
    let mut list_ordered: Vec<bool> = Vec::new();
    let (mut strong, mut emph) = (0usize, 0usize);
    let flush_paragraph = |spans: &mut Vec<Span>, out: &mut Vec<Block>| {
        if !spans.is_empty() {
            out.push(Block::Paragraph {
                spans: std::mem::take(spans),
            });
        }
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => flush_paragraph(&mut spans, &mut out),
            Event::End(TagEnd::Heading(level)) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                };
                out.push(Block::Heading {
                    level,
                    spans: std::mem::take(&mut spans),
                });
            }
            Event::Start(Tag::List(first)) => {
                flush_paragraph(&mut spans, &mut out);
                list_ordered.push(first.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                let ordered = list_ordered.pop().unwrap_or(false);
                if list_ordered.is_empty() {
                    out.push(Block::List {
                        ordered,
                        items: std::mem::take(&mut items),
                    });
                }
            }
            Event::End(TagEnd::Item) if !spans.is_empty() => {
                items.push(std::mem::take(&mut spans));
            }
            Event::End(TagEnd::Paragraph) => {
                if list_ordered.is_empty() {
                    flush_paragraph(&mut spans, &mut out);
                } else {
                    spans.push(span(" ", 0, 0));
                }
            }
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => emph += 1,
            Event::End(TagEnd::Emphasis) => emph = emph.saturating_sub(1),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                spans.push(span(&t, strong, emph))
            }
            Event::SoftBreak | Event::HardBreak => spans.push(span(" ", strong, emph)),
            Event::End(TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::HtmlBlock) => {
                flush_paragraph(&mut spans, &mut out)
            }
            _ => {}
        }
    }
    flush_paragraph(&mut spans, &mut out);
    out
}

/// The blocks of a text placed under a heading of level `parent`: its
/// headings become levels below it, never skipping one (`##` under a
/// level-2 heading is level 3; a `###` with no `##` before it is level 3
/// too), as PDF/UA requires. `#` headings are the drafting text's own
/// structure, so its first level of subheadings is `##`.
pub(crate) fn blocks_under(markdown: &str, parent: u8) -> Vec<Block> {
    let mut blocks = blocks(markdown);
    let mut last = parent;
    for block in &mut blocks {
        if let Block::Heading { level, .. } = block {
            let wanted = parent.saturating_add(level.saturating_sub(1).max(1));
            *level = wanted.min(last + 1);
            last = *level;
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_under_a_heading_never_skip_a_level() {
        let levels = |text: &str, parent: u8| -> Vec<u8> {
            blocks_under(text, parent)
                .iter()
                .filter_map(|b| match b {
                    Block::Heading { level, .. } => Some(*level),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(levels("## A\n\n### B\n\n## C\n", 1), [2, 3, 2]);
        assert_eq!(levels("#### Deep first\n\n## Then\n", 2), [3, 3]);
        assert_eq!(levels("Text only.\n", 2), Vec::<u8>::new());
    }

    #[test]
    fn headings_paragraphs_lists_and_emphasis() {
        let b = serde_json::to_value(blocks(
            "# Title\n\nSome **bold** and *soft* text with a # sign.\n\n- one\n- two `#x`\n\n<b>raw</b>\n",
        ))
        .unwrap();
        assert_eq!(b[0]["kind"], "heading");
        assert_eq!(b[0]["spans"][0]["text"], "Title");
        assert_eq!(b[1]["kind"], "paragraph");
        assert_eq!(b[1]["spans"][1]["text"], "bold");
        assert_eq!(b[1]["spans"][1]["strong"], true);
        assert_eq!(b[1]["spans"][3]["emph"], true);
        assert_eq!(b[1]["spans"][4]["text"], " text with a # sign.");
        assert_eq!(b[2]["kind"], "list");
        assert_eq!(b[2]["items"][1][1]["text"], "#x");
        let raw: String = b[3]["spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap())
            .collect();
        assert_eq!(raw, "<b>raw</b>");
    }
}
