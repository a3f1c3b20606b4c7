// A uPlot chart of one or more metrics over time: each metric's min–max band and its average line, gaps left open,
// as wide as its container and coloured from the theme's CSS variables (redrawn when the theme changes).
import uPlot from "/assets/vendor/uPlot.esm.js";
import { el } from "./dom.js";
import { withUnit } from "./metric-format.js";

/** Theme variables the lines take in turn, one per metric of a chart. */
const PALETTE = ["--bar", "--up", "--late", "--down", "--muted"];
const HEIGHT = 180;
const dark = matchMedia("(prefers-color-scheme: dark)");

export class MetricChart {
  /**
   * @param {HTMLElement} container the chart's own element; its data-points says how many points it draws
   * @param {string|null} unit the unit of every metric in it
   */
  constructor(container, unit) {
    this.container = container;
    this.unit = unit;
    this.series = [];
    this.plot = null;
    this.target = el("div", "chart-plot");
    container.append(this.target);
    this.resizes = new ResizeObserver(() => this.fit());
    this.resizes.observe(container);
    this.redraw = () => this.draw();
    dark.addEventListener("change", this.redraw);
  }

  /**
   * @param {{metric: string, label: string, points: (number|null)[][]}[]} series as GET /api/hosts/{name}/history gives them
   * @param {[number, number]} span the range asked for, in Unix seconds: the time axis covers all of it, data or not
   */
  setData(series, span) {
    this.span = span;
    const sameMetrics = series.length === this.series.length && series.every((s, i) => s.metric === this.series[i].metric);
    this.series = series;
    const points = series.reduce((n, s) => n + s.points.filter((p) => p[2] !== null).length, 0);
    this.container.dataset.points = String(points);
    if (this.plot && sameMetrics) this.plot.setData(this.data(), true);
    else this.draw();
  }

  /** uPlot's columns: the times of every series joined, then each metric's min, average and max. */
  data() {
    const tables = this.series.map((s) => [
      s.points.map((p) => p[0]), s.points.map((p) => p[1]), s.points.map((p) => p[2]), s.points.map((p) => p[3]),
    ]);
    if (tables.length === 1) return tables[0];
    return uPlot.join(tables, tables.map(() => [1, 1, 1]));
  }

  draw() {
    this.plot?.destroy();
    const css = getComputedStyle(document.documentElement);
    const color = (name) => css.getPropertyValue(name).trim() || "#888";
    const text = color("--text");
    const line = color("--line");
    const format = (v) => withUnit(v, this.unit);
    const series = [{}];
    const bands = [];
    this.series.forEach((s, i) => {
      const stroke = color(PALETTE[i % PALETTE.length]);
      // The band's edges stay out of the legend: the average's entry gives the point's min and max with it.
      const edge = { stroke: translucent(stroke, 0.35), width: 1, spanGaps: false, points: { show: false }, class: "band-edge" };
      series.push(
        { ...edge, label: `${s.label} min` },
        { label: s.label, stroke, width: 2, spanGaps: false, value: (u, v, si, idx) => spread(u, v, si, idx, format) },
        { ...edge, label: `${s.label} max` });
      bands.push({ series: [3 * i + 3, 3 * i + 1], fill: translucent(stroke, 0.18) });
    });
    const axis = { stroke: text, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 } };
    this.plot = new uPlot({
      width: this.width(),
      height: HEIGHT,
      series,
      bands,
      // Percentages on their whole scale, so 5% does not look like a full chart.
      scales: { x: { time: true, range: () => this.span }, y: this.unit === "%" ? { range: (u, min, max) => [0, Math.max(100, max ?? 0)] } : {} },
      axes: [axis, { ...axis, size: 70, values: (u, splits) => splits.map(format) }],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    }, this.data(), this.target);
  }

  width() {
    return Math.max(200, this.container.clientWidth);
  }

  fit() {
    if (this.plot && this.plot.width !== this.width()) this.plot.setSize({ width: this.width(), height: HEIGHT });
  }

  destroy() {
    this.resizes.disconnect();
    dark.removeEventListener("change", this.redraw);
    this.plot?.destroy();
    this.plot = null;
  }
}

/** The legend's value of an average: "26.3% (10% – 40%)" with the point's min and max, when they differ. */
function spread(u, value, seriesIdx, idx, format) {
  if (value === null || value === undefined) return "–";
  const min = idx === null ? null : u.data[seriesIdx - 1][idx];
  const max = idx === null ? null : u.data[seriesIdx + 1][idx];
  return min === max || min == null || max == null ? format(value) : `${format(value)} (${format(min)} – ${format(max)})`;
}

/** A #rrggbb colour with some transparency, for bands behind the line. */
function translucent(hex, alpha) {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return hex;
  const [r, g, b] = match.slice(1).map((h) => parseInt(h, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
