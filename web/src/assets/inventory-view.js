// Any inventory the agent sends, shown generically: maps as label–value lists, lists of maps as tables, other lists
// as comma-separated text. All of it arrives from the network, so it only ever becomes text.
import { el } from "./dom.js";
import { factList, gridTable, row } from "./facts.js";

/** Sections first for what the reference agent sends, then the rest in the agent's order. */
const FIRST = ["os", "filesystems"];

export function inventoryView(inventory) {
  const root = el("div", "inventory");
  const keys = Object.keys(inventory);
  keys.sort((a, b) => rank(a) - rank(b));
  const plainPairs = keys.filter((k) => !isNested(inventory[k])).map((k) => [k, text(inventory[k])]);
  if (plainPairs.length) root.append(factList(plainPairs));
  for (const key of keys.filter((k) => isNested(inventory[k]))) {
    const section = el("section", "inventory-part");
    section.dataset.key = key;
    section.append(el("h3", null, key), value(inventory[key]));
    root.append(section);
  }
  return root;
}

function rank(key) {
  const i = FIRST.indexOf(key);
  return i < 0 ? FIRST.length : i;
}

function isNested(v) {
  return v !== null && typeof v === "object";
}

/** A node for a value at any depth. */
function value(v) {
  if (Array.isArray(v)) {
    if (v.length > 0 && v.every((item) => isNested(item) && !Array.isArray(item))) return table(v);
    if (v.some(isNested)) {
      const list = el("ul", "inventory-list");
      for (const item of v) {
        const li = el("li");
        li.append(value(item));
        list.append(li);
      }
      return list;
    }
    return el("span", null, v.length ? v.map(text).join(", ") : "–");
  }
  if (isNested(v)) return factList(Object.entries(v).map(([k, item]) => [k, isNested(item) ? value(item) : text(item)]));
  return el("span", null, text(v));
}

/** A list of maps: one row each, one column per key any of them has. */
function table(items) {
  const columns = [...new Set(items.flatMap((item) => Object.keys(item)))];
  const { wrap, body } = gridTable(columns);
  for (const item of items) body.append(row(columns.map((c) => (isNested(item[c]) ? value(item[c]) : text(item[c])))));
  return wrap;
}

function text(v) {
  if (v === null || v === undefined) return "–";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (Array.isArray(v)) return v.map(text).join(", ");
  return String(v);
}
