//! The drafters' Markdown (`annual-<year>.md`) as blocks the annual
//! template lays out: headings, paragraphs, lists, strong and emphasised
//! text. Everything else (code, HTML, tables, links' targets) is kept as
//! literal text. The text itself is never parsed as Typst markup.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::{Value, json};

/// A run of text with its emphasis.
fn span(text: &str, strong: usize, emph: usize) -> Value {
    json!({ "text": text, "strong": strong > 0, "emph": emph > 0 })
}

/// Blocks: `{"kind": "heading", "level": 1, "spans": [...]}`,
/// `{"kind": "paragraph", "spans": [...]}`, `{"kind": "list", "ordered": bool, "items": [[...spans]]}`.
pub fn blocks(markdown: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut spans: Vec<Value> = Vec::new();
    let mut items: Vec<Vec<Value>> = Vec::new();
    let mut list_ordered: Vec<bool> = Vec::new();
    let (mut strong, mut emph) = (0usize, 0usize);
    let flush_paragraph = |spans: &mut Vec<Value>, out: &mut Vec<Value>| {
        if !spans.is_empty() {
            out.push(json!({ "kind": "paragraph", "spans": std::mem::take(spans) }));
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
                out.push(json!({ "kind": "heading", "level": level, "spans": std::mem::take(&mut spans) }));
            }
            Event::Start(Tag::List(first)) => {
                flush_paragraph(&mut spans, &mut out);
                list_ordered.push(first.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                let ordered = list_ordered.pop().unwrap_or(false);
                if list_ordered.is_empty() {
                    out.push(json!({ "kind": "list", "ordered": ordered, "items": std::mem::take(&mut items) }));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_lists_and_emphasis() {
        let b = blocks("# Title\n\nSome **bold** and *soft* text with a # sign.\n\n- one\n- two `#x`\n\n<b>raw</b>\n");
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
