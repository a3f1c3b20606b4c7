// Label–value lists (a <dl>) and the small pieces the host page's panels share: badges and ticking "… ago" times.
import { el } from "./dom.js";
import { ago, localTime } from "./times.js";

/** A <dl> of [label, value] pairs; a value is text or a node. Pairs whose value is undefined are left out. */
export function factList(pairs, className = "facts") {
  const list = el("dl", className);
  for (const [label, value] of pairs) {
    if (value === undefined) continue;
    const dd = el("dd");
    dd.append(value instanceof Node ? value : String(value ?? "–"));
    list.append(el("dt", null, label), dd);
  }
  return list;
}

/** A state or level badge: kind "state" or "level". */
export function badge(kind, value) {
  return el("span", `badge ${kind}-${value ?? "unknown"}`, value ?? "unknown");
}

/** "12 s ago" with the exact time as its tooltip; tickAgo keeps it current. */
export function agoNode(iso) {
  const node = el("time", "ago", ago(iso));
  if (iso) {
    node.dateTime = iso;
    node.title = localTime(iso);
  }
  return node;
}

/** Redraws every agoNode under root. */
export function tickAgo(root, now = Date.now()) {
  for (const node of root.querySelectorAll("time.ago[datetime]")) node.textContent = ago(node.dateTime, now);
}

/** A table with a header row; rows are filled by the caller. Wrapped so a wide one scrolls on a phone. */
export function gridTable(headings, numeric = []) {
  const wrap = el("div", "table-wrap");
  const table = el("table", "grid");
  const head = el("tr");
  for (const heading of headings) {
    const th = el("th", numeric.includes(heading) ? "num" : null, heading);
    th.scope = "col";
    head.append(th);
  }
  table.createTHead().append(head);
  const body = table.createTBody();
  wrap.append(table);
  return { wrap, table, body };
}

/** A table row of cells: text, or a node for cells that carry markup of their own (badges). */
export function row(cells, numeric = []) {
  const tr = el("tr");
  cells.forEach((cell, i) => {
    const td = el("td", numeric.includes(i) ? "num" : null);
    td.append(cell instanceof Node ? cell : String(cell ?? "–"));
    tr.append(td);
  });
  return tr;
}
