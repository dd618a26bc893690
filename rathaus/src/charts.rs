//! The evaluation's charts, drawn as SVG by us: bars (a count per label), a line (a count per
//! week) and spreads (first quartile, median and third quartile per label). A chart is for the
//! eye only (`aria-hidden`): the table beside it says the same to a screen reader. A withheld
//! count ("< 5") draws no bar and no point.

use domain::evaluation::SMALL_CELL;
use leptos::prelude::*;

/// Width of every chart's drawing, in its own units (it scales to the page).
const WIDTH: f64 = 640.0;
/// Room for the labels left of bars and spreads.
const LABEL_WIDTH: f64 = 220.0;
const ROW_HEIGHT: f64 = 22.0;

/// What a chart or table shows for a count withheld below `SMALL_CELL`.
pub fn withheld() -> String {
    format!("< {SMALL_CELL}")
}

/// A count as charts and tables show it: a withheld one as "< 5".
pub fn count_text(value: Option<u64>) -> String {
    value.map_or_else(withheld, |value| value.to_string())
}

/// The largest value, at least 1, so a chart of zeros still has a scale.
fn largest(values: impl Iterator<Item = u64>) -> f64 {
    values.max().unwrap_or(0).max(1) as f64
}

/// A text as short as fits beside a bar.
fn shortened(text: &str) -> String {
    const MAX: usize = 30;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        text.chars().take(MAX - 1).chain(['…']).collect()
    }
}

/// One horizontal bar per label, its count written after it.
#[component]
pub fn Bars(bars: Vec<(String, Option<u64>)>) -> impl IntoView {
    let scale = (WIDTH - LABEL_WIDTH - 60.0) / largest(bars.iter().filter_map(|(_, v)| *v));
    let height = ROW_HEIGHT * bars.len().max(1) as f64;
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(row, (label, value))| {
            let y = row as f64 * ROW_HEIGHT;
            let length = value.map_or(0.0, |v| v as f64 * scale);
            let said = count_text(value);
            view! {
                <text x=LABEL_WIDTH - 8.0 y=y + 15.0 text-anchor="end">{shortened(&label)}</text>
                <rect class="bar" x=LABEL_WIDTH y=y + 3.0 width=length height=ROW_HEIGHT - 6.0 />
                <text x=LABEL_WIDTH + length + 6.0 y=y + 15.0>{said}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") aria-hidden="true"
            focusable="false">{rows}</svg>
    }
}

/// A line through a count per week, left to right; a withheld week breaks it.
#[component]
pub fn Line(points: Vec<(String, Option<u64>)>) -> impl IntoView {
    const HEIGHT: f64 = 160.0;
    const MARGIN: f64 = 24.0;
    let top = largest(points.iter().filter_map(|(_, v)| *v));
    let step = (WIDTH - 2.0 * MARGIN) / points.len().saturating_sub(1).max(1) as f64;
    let position = |index: usize, value: u64| {
        (
            MARGIN + index as f64 * step,
            HEIGHT - MARGIN - value as f64 / top * (HEIGHT - 2.0 * MARGIN),
        )
    };
    // Runs of shown weeks, each drawn as one line.
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (index, (_, value)) in points.iter().enumerate() {
        match value {
            Some(value) => runs
                .last_mut()
                .map_or((), |run| run.push(position(index, *value))),
            None => runs.push(Vec::new()),
        }
    }
    let lines = runs
        .into_iter()
        .filter(|run| !run.is_empty())
        .map(|run| {
            let path = run
                .iter()
                .map(|(x, y)| format!("{x:.1},{y:.1}"))
                .collect::<Vec<_>>()
                .join(" ");
            let dots = run
                .into_iter()
                .map(|(x, y)| view! { <circle class="point" cx=x cy=y r="3" /> })
                .collect_view();
            view! { <polyline class="line" points=path />{dots} }
        })
        .collect_view();
    let first = points
        .first()
        .map(|(label, _)| label.clone())
        .unwrap_or_default();
    let last = points
        .last()
        .map(|(label, _)| label.clone())
        .unwrap_or_default();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") aria-hidden="true"
            focusable="false">
            <line class="axis" x1=MARGIN y1=HEIGHT - MARGIN x2=WIDTH - MARGIN y2=HEIGHT - MARGIN />
            {lines}
            <text x=MARGIN y=HEIGHT - 6.0>{first}</text>
            <text x=WIDTH - MARGIN y=HEIGHT - 6.0 text-anchor="end">{last}</text>
            <text x=MARGIN y=14.0>{format!("{top:.0}")}</text>
        </svg>
    }
}

/// Per label a box from the first to the third quartile with the median marked (minutes).
#[component]
pub fn Spreads(spreads: Vec<(String, [f64; 3])>) -> impl IntoView {
    let top = spreads
        .iter()
        .map(|(_, [.., q3])| *q3)
        .fold(1.0_f64, f64::max);
    let scale = (WIDTH - LABEL_WIDTH - 60.0) / top;
    let height = ROW_HEIGHT * spreads.len().max(1) as f64;
    let rows = spreads
        .into_iter()
        .enumerate()
        .map(|(row, (label, [q1, median, q3]))| {
            let y = row as f64 * ROW_HEIGHT;
            view! {
                <text x=LABEL_WIDTH - 8.0 y=y + 15.0 text-anchor="end">{shortened(&label)}</text>
                <rect class="spread" x=LABEL_WIDTH + q1 * scale y=y + 4.0
                    width=((q3 - q1) * scale).max(1.0) height=ROW_HEIGHT - 8.0 />
                <line class="median" x1=LABEL_WIDTH + median * scale y1=y + 2.0
                    x2=LABEL_WIDTH + median * scale y2=y + ROW_HEIGHT - 2.0 />
                <text x=LABEL_WIDTH + q3 * scale + 6.0 y=y + 15.0>{format!("{median:.1}")}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") aria-hidden="true"
            focusable="false">{rows}</svg>
    }
}

/// Two bars per label, one for each of two municipalities (the first filled, the second
/// outlined), each with its count.
#[component]
pub fn PairedBars(pairs: Vec<(String, Option<u64>, Option<u64>)>) -> impl IntoView {
    let scale = (WIDTH - LABEL_WIDTH - 60.0)
        / largest(pairs.iter().flat_map(|(_, a, b)| [*a, *b]).flatten());
    let pair_height = 2.0 * ROW_HEIGHT;
    let height = pair_height * pairs.len().max(1) as f64;
    let bar = |y: f64, value: Option<u64>, class: &'static str| {
        let length = value.map_or(0.0, |v| v as f64 * scale);
        let said = count_text(value);
        view! {
            <rect class=class x=LABEL_WIDTH y=y + 3.0 width=length height=ROW_HEIGHT - 6.0 />
            <text x=LABEL_WIDTH + length + 6.0 y=y + 15.0>{said}</text>
        }
    };
    let rows = pairs
        .into_iter()
        .enumerate()
        .map(|(row, (label, first, second))| {
            let y = row as f64 * pair_height;
            view! {
                <text x=LABEL_WIDTH - 8.0 y=y + ROW_HEIGHT + 4.0 text-anchor="end">{shortened(&label)}</text>
                {bar(y, first, "bar")}
                {bar(y + ROW_HEIGHT, second, "bar second")}
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") aria-hidden="true"
            focusable="false">{rows}</svg>
    }
}
