//! Inline SVG charts. Each bar carries its number as `data-value` (and its
//! label as `data-label`), so a test can check the chart against its table.
//! Colours are the Okabe–Ito palette, safe for the common colour-blindnesses;
//! every chart also has a table of its numbers, so colour is never the only cue.

use super::markup::escape;
use std::fmt::Write;

pub const BLUE: &str = "#0072B2";
pub const GREEN: &str = "#009E73";
pub const YELLOW: &str = "#F0E442";
pub const VERMILLION: &str = "#D55E00";

/// One bar: label, numeric value (drawn), text shown at the bar's end.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub shown: String,
}

const W: f64 = 640.0;

fn open(out: &mut String, id: &str, title: &str, desc: &str, h: f64) {
    let _ = write!(
        out,
        r#"<svg id="{id}-svg" class="chart" viewBox="0 0 {W} {h}" width="{W}" height="{h}" role="img" aria-labelledby="{id}-title {id}-desc" data-chart="{id}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(desc)
    );
}

/// Width of one character of a 12px label, generously (digits are about 7px).
const CHAR_W: f64 = 7.5;

/// Where to centre a text of `chars` characters near `x` so that it stays
/// inside the chart: a label centred under the first or last column of a
/// long trend would otherwise hang over the edge and be cut off.
fn centre_inside(x: f64, chars: usize) -> f64 {
    let half = chars as f64 * CHAR_W / 2.0 + 2.0;
    if half * 2.0 >= W {
        return W / 2.0;
    }
    x.clamp(half, W - half)
}

fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let s: String = label.chars().take(max - 1).collect();
        format!("{s}…")
    }
}

/// Horizontal bars, one a row, scaled to `max`.
pub fn hbars(id: &str, title: &str, desc: &str, bars: &[Bar], max: f64, colour: &str) -> String {
    let row = 22.0;
    let label_w = 230.0;
    let bar_w = W - label_w - 110.0;
    let h = (bars.len().max(1) as f64) * row + 8.0;
    let mut out = String::new();
    open(&mut out, id, title, desc, h);
    if bars.is_empty() {
        let _ = write!(out, r#"<text x="4" y="18">Nothing to show.</text>"#);
    }
    for (i, b) in bars.iter().enumerate() {
        let y = 4.0 + i as f64 * row;
        let w = if max > 0.0 { b.value / max * bar_w } else { 0.0 };
        let _ = write!(
            out,
            r#"<g><text x="{}" y="{:.1}" text-anchor="end">{}</text><rect x="{label_w}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{colour}" data-label="{}" data-value="{}"><title>{}: {}</title></rect><text x="{:.1}" y="{:.1}">{}</text></g>"#,
            label_w - 6.0,
            y + 14.0,
            escape(&short(&b.label, 34)),
            row - 6.0,
            escape(&b.label),
            fmt_value(b.value),
            escape(&b.label),
            escape(&b.shown),
            label_w + w + 4.0,
            y + 14.0,
            escape(&b.shown),
        );
    }
    out.push_str("</svg>");
    out
}

/// Vertical columns (a distribution or a trend), scaled to `max`.
pub fn columns(id: &str, title: &str, desc: &str, bars: &[Bar], max: f64, colour: &str) -> String {
    let h = 220.0;
    let base = h - 40.0;
    let top = 16.0;
    let n = bars.len().max(1) as f64;
    let slot = (W - 20.0) / n;
    let bw = (slot * 0.75).max(1.0);
    let mut out = String::new();
    open(&mut out, id, title, desc, h);
    let _ = write!(
        out,
        r##"<line x1="10" y1="{base}" x2="{}" y2="{base}" stroke="#555"/>"##,
        W - 10.0
    );
    // Label every column when the labels fit side by side with a gap, else
    // every n-th column (84 months get 9 labels).
    let widest = bars
        .iter()
        .map(|b| short(&b.label, 8).chars().count())
        .max()
        .unwrap_or(0);
    let every = ((widest as f64 * CHAR_W + 12.0) / slot).ceil().max(1.0) as usize;
    for (i, b) in bars.iter().enumerate() {
        let x = 10.0 + i as f64 * slot + (slot - bw) / 2.0;
        let bh = if max > 0.0 {
            b.value / max * (base - top)
        } else {
            0.0
        };
        let _ = write!(
            out,
            r#"<g><rect x="{x:.1}" y="{:.1}" width="{bw:.1}" height="{bh:.1}" fill="{colour}" data-label="{}" data-value="{}"><title>{}: {}</title></rect>"#,
            base - bh,
            escape(&b.label),
            fmt_value(b.value),
            escape(&b.label),
            escape(&b.shown)
        );
        if i % every == 0 {
            let label = short(&b.label, 8);
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
                centre_inside(x + bw / 2.0, label.chars().count()),
                base + 16.0,
                escape(&label)
            );
            if bars.len() <= 16 {
                let _ = write!(
                    out,
                    r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                    centre_inside(x + bw / 2.0, b.shown.chars().count()),
                    base - bh - 4.0,
                    escape(&b.shown)
                );
            }
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// One part of a stacked bar: count, series name, colour.
pub type Part<'a> = (usize, &'a str, &'a str);

/// 100% stacked horizontal bars: each row's parts.
pub fn stacked(id: &str, title: &str, desc: &str, rows: &[(String, Vec<Part>)]) -> String {
    let row = 26.0;
    let label_w = 230.0;
    let bar_w = W - label_w - 10.0;
    let legend = 24.0;
    let h = rows.len().max(1) as f64 * row + legend + 8.0;
    let mut out = String::new();
    open(&mut out, id, title, desc, h);
    // Legend from the first row's series.
    if let Some((_, parts)) = rows.first() {
        let mut x = label_w;
        for (_, name, colour) in parts {
            let _ = write!(
                out,
                r##"<rect x="{x}" y="4" width="12" height="12" fill="{colour}" stroke="#333" stroke-width="0.5"/><text x="{}" y="14">{}</text>"##,
                x + 16.0,
                escape(name)
            );
            x += 110.0;
        }
    }
    for (i, (label, parts)) in rows.iter().enumerate() {
        let y = legend + 4.0 + i as f64 * row;
        let total: usize = parts.iter().map(|p| p.0).sum();
        let _ = write!(
            out,
            r#"<g><text x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            label_w - 6.0,
            y + 15.0,
            escape(&short(label, 34))
        );
        let mut x = label_w;
        for (count, name, colour) in parts {
            let w = if total > 0 {
                *count as f64 / total as f64 * bar_w
            } else {
                0.0
            };
            let _ = write!(
                out,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{colour}" stroke="#fff" stroke-width="0.5" data-label="{}" data-series="{}" data-value="{count}"><title>{}, {}: {count}</title></rect>"##,
                row - 8.0,
                escape(label),
                escape(name),
                escape(label),
                escape(name),
            );
            x += w;
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// A number as `data-value` writes it: integers plainly, others to one decimal.
pub fn fmt_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}
