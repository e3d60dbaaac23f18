//! Charts as files of their own, for slides and briefings: every bar chart
//! of a document typeset alone by the same Typst code that draws it in the
//! PDF (`bar-chart` in `common.typ`, through `chart.typ`), exported as SVG
//! (its alternative text as the SVG's title) and PNG, with a caption file.

use super::Renderer;
use anyhow::{Context, Result, anyhow};
use chrono::NaiveDate;
use serde_json::{Value, json};

/// Pixels per typographic point of the PNG: 3 gives 216 dpi, sharp on a
/// projected slide (a 16 cm chart is 1 361 pixels wide).
const PNG_PIXELS_PER_POINT: f64 = 3.0;

/// One chart's files.
pub struct ChartFiles {
    /// The chart as SVG, titled with its alternative text.
    pub svg: Vec<u8>,
    /// The chart as PNG.
    pub png: Vec<u8>,
    /// The PNG's width and height in pixels.
    pub png_size: (u32, u32),
    /// The caption file: the caption, the figures in words and the
    /// document the chart is from.
    pub caption: Vec<u8>,
}

/// The charts of a document's view (`data.json`) in a stable order (the
/// view's fields by name, lists in order), each with its file name stem:
/// the chart's id (an indicator), made unique within the document
/// (`refusals`, `refusals-2`).
pub fn charts_in(data: &Value) -> Vec<(String, &Value)> {
    let mut charts = Vec::new();
    collect(data, &mut charts);
    let mut named: Vec<(String, &Value)> = Vec::with_capacity(charts.len());
    for chart in charts {
        let id = chart.get("id").and_then(Value::as_str).unwrap_or("chart");
        let mut name = id.to_string();
        let mut n = 1;
        while named.iter().any(|(taken, _)| *taken == name) {
            n += 1;
            name = format!("{id}-{n}");
        }
        named.push((name, chart));
    }
    named
}

/// Every chart object (one with `bars` and `alt`) under `value`.
fn collect<'v>(value: &'v Value, charts: &mut Vec<&'v Value>) {
    match value {
        Value::Object(map) if map.contains_key("bars") && map.contains_key("alt") => charts.push(value),
        Value::Object(map) => map.values().for_each(|v| collect(v, charts)),
        Value::Array(items) => items.iter().for_each(|v| collect(v, charts)),
        _ => {}
    }
}

/// Typesets `chart` of the document whose view is `document`, with what
/// the document is about (its running head: host and semester, or year)
/// under the caption, since a chart on a slide has no document around it;
/// exports its files.
pub fn files(renderer: &Renderer, document: &Value, chart: &Value, date: NaiveDate) -> Result<ChartFiles> {
    let about = |key: &str| document.get(key).and_then(Value::as_str).unwrap_or_default();
    let data = json!({
        "lang": document.get("lang"),
        "labels": document.get("labels"),
        "chart": chart,
        "source": about("running"),
    });
    let text = |key: &str| chart.get(key).and_then(Value::as_str).unwrap_or_default();
    let laid_out = renderer.layout("chart.typ", &data, date)?;
    let page = laid_out
        .pages()
        .first()
        .ok_or_else(|| anyhow!("chart {} has no page", text("id")))?;
    let svg = typst_svg::svg(page, &typst_svg::SvgOptions::default());
    let pixmap = typst_render::render(
        page,
        &typst_render::RenderOptions {
            pixel_per_pt: PNG_PIXELS_PER_POINT.into(),
            ..Default::default()
        },
    );
    let png_size = (pixmap.width(), pixmap.height());
    let png = pixmap
        .encode_png()
        .with_context(|| format!("chart {}: PNG", text("id")))?;
    let caption = format!("{}\n\n{}\n\n{}\n", text("title"), text("alt"), about("title"));
    Ok(ChartFiles {
        svg: titled(&svg, text("title"), text("alt")).into_bytes(),
        png,
        png_size,
        caption: caption.into_bytes(),
    })
}

/// The SVG with its caption as `<title>` and its figures in words as
/// `<desc>`, which screen readers and slide programs announce.
fn titled(svg: &str, title: &str, alt: &str) -> String {
    let Some(open_end) = svg
        .find("<svg")
        .and_then(|start| svg[start..].find('>').map(|end| start + end + 1))
    else {
        return svg.to_string();
    };
    let (head, rest) = svg.split_at(open_end);
    let head = head.replacen("<svg", "<svg role=\"img\"", 1);
    format!(
        "{head}<title>{}</title><desc>{}</desc>{rest}",
        quick_xml::escape::escape(title),
        quick_xml::escape::escape(alt)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chart_is_found_with_a_unique_name() {
        let chart = |id: &str| json!({"id": id, "title": id, "alt": "", "bars": []});
        let data = json!({
            "statistics": {"indicators": [{"chart": chart("refusals")}, {"chart": null}, {"chart": chart("returns")}]},
            "charts": [chart("refusals")],
        });
        let mut names: Vec<String> = charts_in(&data).into_iter().map(|(n, _)| n).collect();
        names.sort();
        assert_eq!(names, ["refusals", "refusals-2", "returns"]);
    }

    #[test]
    fn the_svg_carries_its_caption_and_figures_in_words() {
        let svg = titled(
            "<?xml?><svg a=\"1\"><g/></svg>",
            "Returns — by host",
            "Bar chart of A <1>",
        );
        assert_eq!(
            svg,
            "<?xml?><svg role=\"img\" a=\"1\"><title>Returns — by host</title><desc>Bar chart of A &lt;1&gt;</desc><g/></svg>"
        );
    }
}
