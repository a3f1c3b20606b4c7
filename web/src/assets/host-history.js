// The host's metrics over the chosen range: one chart per metric group and unit, fetched with as few calls of
// GET /api/hosts/{name}/history as the API allows (32 metrics each), again now and then while beats come in.
import { api } from "./api.js";
import { MetricChart } from "./chart.js";
import { el } from "./dom.js";

const METRICS_PER_CALL = 32;
/** The least time between two fetches for a range: a point of the 24 h range is a minute wide, of 7 d a quarter hour. */
const REFRESH_MS = { "1h": 5_000, "24h": 60_000, "7d": 300_000 };
const RETRY_MS = 1_000;
const MAX_RETRIES = 5;

export class HostHistory {
  /** @param {HTMLElement} container where the charts go */
  constructor(container) {
    this.container = container;
    this.charts = new Map();
    this.note = el("p", "muted");
    this.key = "";
    this.loadedAt = 0;
    this.timer = 0;
    this.generation = 0;
    this.retries = 0;
  }

  /** Shows the host's metrics for the range: fetched now when the metrics or range changed, else within the refresh time. */
  update(host, range) {
    if (this.disabled) return;
    this.host = host;
    this.range = range;
    const metrics = metricsOf(host);
    const key = `${host.name}|${range}|${metrics.map((m) => m.key).join(",")}`;
    clearTimeout(this.timer);
    const wait = key === this.key ? this.loadedAt + REFRESH_MS[range] - Date.now() : 0;
    if (wait <= 0) this.load(metrics, key);
    else this.timer = setTimeout(() => this.load(metrics, key), wait);
  }

  async load(metrics, key) {
    this.key = key;
    this.loadedAt = Date.now();
    const generation = ++this.generation;
    if (metrics.length === 0) return this.showNote("This host sends no metrics.");
    let answer;
    try {
      answer = await this.fetchSeries(metrics);
    } catch (error) {
      if (generation !== this.generation) return;
      this.key = "";
      // A metric that has just appeared reaches the history a moment after the host shows it: ask again shortly.
      if (error.error === "metric_not_found" && this.retries++ < MAX_RETRIES) {
        this.timer = setTimeout(() => this.update(this.host, this.range), RETRY_MS);
        return;
      }
      if (error.error === "history_disabled") {
        this.disabled = true;
        return this.showNote("Metric history is off on this server (history_days is 0): only the current values are shown.");
      }
      return this.showNote(`The history could not be loaded: ${error.message}`, true);
    }
    if (generation !== this.generation) return;
    this.retries = 0;
    this.render(metrics, answer);
  }

  async fetchSeries(metrics) {
    const calls = [];
    for (let i = 0; i < metrics.length; i += METRICS_PER_CALL) {
      const params = new URLSearchParams();
      for (const m of metrics.slice(i, i + METRICS_PER_CALL)) params.append("metric", m.key);
      params.set("since", `-${this.range}`);
      calls.push(api(`/api/hosts/${encodeURIComponent(this.host.name)}/history?${params}`));
    }
    const answers = await Promise.all(calls);
    const span = [Date.parse(answers[0].since) / 1000, Date.parse(answers[0].until) / 1000];
    return { span, series: answers.flatMap((answer) => answer.series) };
  }

  render(metrics, { span, series }) {
    const byKey = new Map(metrics.map((m) => [m.key, m]));
    const groups = new Map();
    for (const s of series) {
      const metric = byKey.get(s.metric);
      if (!metric) continue;
      const id = `${metric.group}\u0000${s.unit ?? ""}`;
      if (!groups.has(id)) groups.set(id, { group: metric.group, unit: s.unit, series: [] });
      groups.get(id).series.push({ metric: s.metric, label: metric.name, points: s.points });
    }
    for (const [id, entry] of this.charts) {
      if (!groups.has(id)) {
        entry.chart.destroy();
        this.charts.delete(id);
      }
    }
    const shown = [];
    for (const [id, { group, unit, series: groupSeries }] of groups) {
      let entry = this.charts.get(id);
      if (!entry) {
        const node = el("figure", "chart");
        node.dataset.group = group;
        const caption = el("figcaption", null, group);
        if (unit) caption.append(el("span", "muted", ` (${unit})`));
        node.append(caption);
        entry = { node, chart: new MetricChart(node, unit) };
        this.charts.set(id, entry);
      }
      shown.push([entry, groupSeries]);
    }
    // In the page before drawing, so each chart takes its container's width.
    this.container.replaceChildren(...shown.map(([entry]) => entry.node));
    for (const [entry, groupSeries] of shown) entry.chart.setData(groupSeries, span);
  }

  showNote(text, isError = false) {
    for (const { chart } of this.charts.values()) chart.destroy();
    this.charts.clear();
    this.note.className = isError ? "error" : "muted";
    this.note.textContent = text;
    this.container.replaceChildren(this.note);
  }
}

/** Every metric of the host's last beat as GROUP.METRIC, in the order the beat gave them. */
function metricsOf(host) {
  const metrics = [];
  for (const [group, values] of Object.entries(host.metrics ?? {})) {
    for (const name of Object.keys(values)) metrics.push({ key: `${group}.${name}`, group, name });
  }
  return metrics;
}
