// The host's last beat as tables: its Nagios checks (with their perfdata) and the current value of every metric.
import { el } from "./dom.js";
import { badge, gridTable, row } from "./facts.js";
import { plain, unitOf, withUnit } from "./metric-format.js";

/** The checks panel's content; a check's perfdata is the metric group "check:NAME" of the same beat. */
export function checksTable(host) {
  if (host.checks.length === 0) return el("p", "empty", "This host reports no checks.");
  const { wrap, body } = gridTable(["Check", "Level", "Message", "Perfdata"]);
  for (const check of host.checks) {
    const perf = Object.entries(host.metrics?.[`check:${check.name}`] ?? {})
      .map(([name, m]) => `${name}=${plain(m.value, 4)}`).join(" ");
    const tr = row([check.name, badge("level", check.level), el("span", "check-message", check.message), perf || "–"]);
    tr.dataset.check = check.name;
    body.append(tr);
  }
  return wrap;
}

/** The metrics panel's content: group, metric, value with its unit, level; a group's name on its first row only. */
export function metricsTable(host) {
  const groups = Object.entries(host.metrics ?? {});
  if (groups.length === 0) return el("p", "empty", "This host reports no metrics.");
  const { wrap, body } = gridTable(["Group", "Metric", "Value", "Level"], ["Value"]);
  for (const [group, metrics] of groups) {
    let first = true;
    for (const [name, m] of Object.entries(metrics)) {
      const tr = row([first ? group : "", name, withUnit(m.value, unitOf(group, name)), badge("level", m.level)], [2]);
      tr.dataset.metric = `${group}.${name}`;
      tr.cells[2].title = String(m.value);
      if (first) tr.classList.add("group-start");
      body.append(tr);
      first = false;
    }
  }
  return wrap;
}
