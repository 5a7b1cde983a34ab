//! Bar charts drawn on the server as SVG (`templates/reports/chart.html`):
//! a title and a description for screen readers, axis labels, and the
//! table beside them as the data's text alternative. No client-side library.

use super::view::Shown;

pub struct Bar {
    pub x: String,
    pub y: String,
    pub w: String,
    pub h: String,
    pub label: String,
    pub text: String,
    pub suppressed: bool,
    /// Where the label is written under the bar.
    pub label_x: String,
}

pub struct Tick {
    pub y: String,
    pub text: String,
}

pub struct Chart {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub x_label: String,
    pub y_label: String,
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
    pub width: u32,
    pub height: u32,
    pub plot_left: u32,
    pub plot_bottom: u32,
    pub plot_right: u32,
    pub mark: String,
}

const HEIGHT: u32 = 240;
const LEFT: u32 = 56;
const TOP: u32 = 16;
const BOTTOM: u32 = 190;

fn px(v: f64) -> String {
    format!("{v:.1}")
}

/// A nice step for about four ticks up to `max`.
fn step(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let n = raw / mag;
    let nice = if n <= 1.0 {
        1.0
    } else if n <= 2.0 {
        2.0
    } else if n <= 5.0 {
        5.0
    } else {
        10.0
    };
    (nice * mag).max(1.0)
}

pub struct ChartText<'a> {
    pub id: &'a str,
    pub title: String,
    pub desc: String,
    pub x_label: String,
    pub y_label: String,
    pub mark: String,
}

/// A chart of labelled values (`text` as shown in the table).
pub fn bars(t: ChartText<'_>, points: &[(String, Shown, String)]) -> Chart {
    let n = points.len().max(1) as f64;
    let slot = (40.0f64).max(480.0 / n).min(72.0);
    let width = (f64::from(LEFT) + slot * n + 16.0).ceil() as u32;
    let max = points.iter().map(|(_, s, _)| s.magnitude()).fold(0.0, f64::max);
    let step = step(max);
    let top_value = (max / step).ceil().max(1.0) * step;
    let span = f64::from(BOTTOM - TOP);
    let scale = |v: f64| f64::from(BOTTOM) - v / top_value * span;
    let mut ticks = Vec::new();
    let mut v = 0.0;
    while v <= top_value + f64::EPSILON {
        ticks.push(Tick { y: px(scale(v)), text: format!("{v}") });
        v += step;
    }
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, (label, s, text))| {
            let x = f64::from(LEFT) + slot * i as f64 + slot * 0.15;
            let w = slot * 0.7;
            let y = scale(s.magnitude());
            Bar {
                x: px(x),
                y: px(y),
                w: px(w),
                h: px(f64::from(BOTTOM) - y),
                label: label.clone(),
                text: text.clone(),
                suppressed: s.is_suppressed(),
                label_x: px(x + w / 2.0),
            }
        })
        .collect();
    Chart {
        id: t.id.to_string(),
        title: t.title,
        desc: t.desc,
        x_label: t.x_label,
        y_label: t.y_label,
        bars,
        ticks,
        width,
        height: HEIGHT,
        plot_left: LEFT,
        plot_bottom: BOTTOM,
        plot_right: width - 8,
        mark: t.mark,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_bars() {
        assert_eq!(step(0.0), 1.0);
        assert_eq!(step(100.0), 50.0);
        assert_eq!(step(7.0), 2.0);
        let c = bars(
            ChartText {
                id: "c",
                title: "t".into(),
                desc: "d".into(),
                x_label: "x".into(),
                y_label: "y".into(),
                mark: "s".into(),
            },
            &[("a".into(), Shown::Number(10), "10".into()), ("b".into(), Shown::Suppressed, "s".into())],
        );
        assert_eq!(c.bars.len(), 2);
        assert_eq!(c.bars[0].y, format!("{:.1}", f64::from(TOP)));
        assert!(c.bars[1].suppressed && c.bars[1].h == "0.0");
    }
}
