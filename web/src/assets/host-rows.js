// One row of the overview's table, made once and refilled as the virtual list scrolls.
import { el } from "./dom.js";
import { percent } from "./format.js";
import { ago } from "./times.js";

export const COLUMNS = [
  { key: "name", label: "Host" },
  { key: "state", label: "State" },
  { key: "level", label: "Level" },
  { key: "last_seen", label: "Last seen" },
  { key: "address", label: "Address" },
  { key: "os", label: "OS" },
  { key: "cpu", label: "CPU" },
  { key: "memory", label: "Memory" },
  { key: "disk", label: "Disk" },
];

export function createRow() {
  const row = el("a", "row");
  row.setAttribute("role", "row");
  const cells = {};
  for (const { key } of COLUMNS) {
    const cell = el("span", `cell c-${key}`);
    cell.setAttribute("role", "cell");
    if (key === "state" || key === "level") cell.append(el("span", "badge"));
    if (key === "cpu" || key === "memory" || key === "disk") {
      const bar = el("span", "bar");
      bar.append(el("span", "fill"));
      cell.append(bar, el("span", "value"));
    }
    cells[key] = cell;
    row.append(cell);
  }
  row.cells = cells;
  return row;
}

export function fillRow(row, host, now) {
  const c = row.cells;
  row.dataset.host = host.name;
  row.href = `/hosts/${encodeURIComponent(host.name)}`;
  c.name.textContent = host.name;
  badge(c.state.firstChild, "state", host.state);
  badge(c.level.firstChild, "level", host.level);
  c.last_seen.textContent = ago(host.last_seen, now);
  c.last_seen.dataset.time = host.last_seen ?? "";
  c.address.textContent = host.address ?? "";
  c.os.textContent = host.os ?? "";
  for (const key of ["cpu", "memory", "disk"]) bar(c[key], percent(host.summary?.[key]));
}

/** Only the last-seen texts, for the ticking clock. */
export function tickRow(row, now) {
  const cell = row.cells.last_seen;
  cell.textContent = ago(cell.dataset.time || null, now);
}

function badge(node, kind, value) {
  node.className = `badge ${kind}-${value}`;
  node.textContent = value;
}

function bar(cell, value) {
  const [track, label] = cell.children;
  const fill = track.firstChild;
  // CSSOM, not a style attribute: the page's CSP allows no inline styles.
  fill.style.width = `${value ?? 0}%`;
  fill.className = value === null ? "fill" : value >= 90 ? "fill high" : value >= 75 ? "fill mid" : "fill";
  track.hidden = value === null;
  label.textContent = value === null ? "–" : `${Math.round(value)}%`;
}
