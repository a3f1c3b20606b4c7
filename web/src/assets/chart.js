// A uPlot chart of one or more metrics over time: each metric's min–max band and its average line, gaps left open,
// as wide as its container and coloured from the theme's CSS variables (redrawn when the theme changes).
import uPlot from "/assets/vendor/uPlot.esm.js";
import { el } from "./dom.js";
import { withUnit } from "./units.js";

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

  /** @param {{metric: string, label: string, points: (number|null)[][]}[]} series as GET /api/hosts/{name}/history gives them */
  setData(series) {
    const sameMetrics = series.length === this.series.length && series.every((s, i) => s.metric === this.series[i].metric);
    this.series = series;
    const points = series.reduce((n, s) => n + s.points.filter((p) => p[2] !== null).length, 0);
    this.container.dataset.points = String(points);
    if (this.plot && sameMetrics) this.plot.setData(this.data());
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
      const edge = { stroke: translucent(stroke, 0.35), width: 1, spanGaps: false, value: (u, v) => format(v), points: { show: false } };
      series.push(
        { ...edge, label: `${s.label} min` },
        { label: s.label, stroke, width: 2, spanGaps: false, value: (u, v) => format(v) },
        { ...edge, label: `${s.label} max` });
      bands.push({ series: [3 * i + 3, 3 * i + 1], fill: translucent(stroke, 0.18) });
    });
    const axis = { stroke: text, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 } };
    this.plot = new uPlot({
      width: this.width(),
      height: HEIGHT,
      series,
      bands,
      scales: { x: { time: true } },
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

/** A #rrggbb colour with some transparency, for bands behind the line. */
function translucent(hex, alpha) {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return hex;
  const [r, g, b] = match.slice(1).map((h) => parseInt(h, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
