//! Charts drawn by ECharts (through charming) in the browser once the page has hydrated. The
//! server renders an empty container (style it `.chart:empty { height: 0 }`, not `display:
//! none`: the chart takes its width); every chart must sit next to an HTML rendering of the same
//! figures (a table, `.chart-table` in the same `.chart-card`), which is what readers without
//! JavaScript get, and which steps aside for screen readers once the chart is drawn.
//! `echarts.min.js` must be on the page (`<Script src="/echarts.min.js"/>`).

use leptos::prelude::*;

/// A weekday × hour heatmap: `rows` labels (top to bottom), `columns` labels, counts per
/// row and column.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HeatmapSpec {
    /// Series name shown in the tooltip.
    pub name: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub values: Vec<Vec<u32>>,
    /// Colour of the highest count: a CSS custom property such as `--danger`.
    pub color_var: String,
}

/// Draws `spec` into a `<div class="chart">` after hydration. In islands mode an island of its
/// own, whose code is fetched only by a page with a chart.
#[cfg_attr(feature = "islands", island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
pub fn HeatmapChart(spec: HeatmapSpec) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            browser::draw(el.into(), spec.clone(), 0);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = spec;
    view! { <div class="chart" node_ref=node aria-hidden="true"></div> }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::HeatmapSpec;
    use charming::component::{Axis, Grid, VisualMap, VisualMapChannel};
    use charming::datatype::DataFrame;
    use charming::element::{
        AxisLabel, AxisLine, AxisTick, AxisType, Emphasis, ItemStyle, Label, LineStyle, Orient,
        SplitLine, TextStyle, Tooltip,
    };
    use charming::series::Heatmap;
    use charming::{Chart, ChartResize, WasmRenderer, df};
    use leptos::prelude::*;
    use std::time::Duration;
    use wasm_bindgen::JsValue;
    use web_sys::Element;
    use web_sys::js_sys::Reflect;

    const HEIGHT: u32 = 300;

    /// A colour from the page's theme (`--text`, `--muted`…), so the chart follows light and
    /// dark mode.
    fn css_var(name: &str) -> String {
        document()
            .document_element()
            .and_then(|el| window().get_computed_style(&el).ok().flatten())
            .and_then(|style| style.get_property_value(name).ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "#888888".to_string())
    }

    fn chart(spec: &HeatmapSpec, wide: bool) -> Chart {
        let max = spec
            .values
            .iter()
            .flatten()
            .copied()
            .max()
            .unwrap_or(0)
            .max(1);
        let data: Vec<DataFrame> = spec
            .values
            .iter()
            .enumerate()
            .flat_map(|(y, row)| {
                row.iter()
                    .enumerate()
                    .filter(|(_, v)| **v > 0)
                    .map(move |(x, v)| df![x as i64, y as i64, i64::from(*v)])
            })
            .collect();
        let (muted, surface, surface_2) = (
            css_var("--muted"),
            css_var("--surface"),
            css_var("--surface-2"),
        );
        let axis = |labels: &[String]| {
            Axis::new()
                .type_(AxisType::Category)
                .data(labels.to_vec())
                .split_line(
                    SplitLine::new()
                        .show(true)
                        .line_style(LineStyle::new().color(surface.as_str()).width(2)),
                )
                .axis_label(AxisLabel::new().color(muted.as_str()))
                .axis_line(AxisLine::new().show(false))
                .axis_tick(AxisTick::new().show(false))
        };
        Chart::new()
            .tooltip(Tooltip::new().position("top"))
            .grid(
                Grid::new()
                    .show(true)
                    .background_color(surface_2.as_str())
                    .border_width(0)
                    .left(8)
                    .right(8)
                    .top(8)
                    .bottom(56)
                    .contain_label(true),
            )
            .x_axis(axis(&spec.columns))
            .y_axis(axis(&spec.rows).inverse(true))
            .visual_map(
                VisualMap::new()
                    .min(0)
                    .max(f64::from(max))
                    .calculable(true)
                    .orient(Orient::Horizontal)
                    .left("center")
                    .bottom(0)
                    .item_height(160)
                    .text_style(TextStyle::new().color(muted.as_str()))
                    .in_range(
                        VisualMapChannel::new()
                            .color(vec![surface_2.clone(), css_var(&spec.color_var)]),
                    ),
            )
            .series(
                Heatmap::new()
                    .name(spec.name.as_str())
                    .data(data)
                    .label(Label::new().show(wide))
                    .item_style(
                        ItemStyle::new()
                            .border_color(surface.as_str())
                            .border_width(2),
                    )
                    .emphasis(
                        Emphasis::new().item_style(
                            ItemStyle::new()
                                .shadow_blur(6)
                                .shadow_color("rgba(0,0,0,0.3)"),
                        ),
                    ),
            )
    }

    thread_local! {
        static CHARTS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }

    /// Draws once `echarts.min.js` has loaded (it may still be loading after a client-side
    /// navigation) and the container is on screen (a suspended view mounts a moment after its
    /// effects run), retrying for a few seconds.
    pub fn draw(el: Element, spec: HeatmapSpec, tries: u32) {
        let loaded = Reflect::has(&window(), &JsValue::from_str("echarts")).unwrap_or(false);
        let w = el.client_width().max(0) as u32;
        if !loaded || w == 0 || !el.is_connected() {
            if tries < 50 {
                // Keep the component's owner, so the resize listener is removed with it.
                let owner = Owner::current();
                let again = move || draw(el, spec, tries + 1);
                set_timeout(
                    move || match owner {
                        Some(owner) => owner.with(again),
                        None => again(),
                    },
                    Duration::from_millis(100),
                );
            }
            return;
        }
        // charming finds its container by id: give this one its own (the view being replaced
        // may still be on the page).
        let n = CHARTS.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        let id = format!("chart-{n}");
        el.set_id(&id);
        let Ok(echarts) = WasmRenderer::new(w, HEIGHT).render(&id, &chart(&spec, w >= 640)) else {
            return;
        };
        // The table with the same figures steps aside (for screen readers).
        let table = el
            .closest(".chart-card")
            .ok()
            .flatten()
            .and_then(|card| card.query_selector(".chart-table").ok().flatten());
        if let Some(table) = table {
            let _ = table.class_list().add_1("sr-only");
        }
        let handle = window_event_listener(leptos::ev::resize, move |_| {
            let w = el.client_width().max(0) as u32;
            if w > 0 {
                WasmRenderer::resize_chart(&echarts, ChartResize::new(w, HEIGHT, false, None));
            }
        });
        on_cleanup(move || handle.remove());
    }
}
