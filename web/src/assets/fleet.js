// The hosts as the feed last described them, and the filtered, sorted list the overview draws from them.

export const STATES = ["down", "late", "unknown", "up"];
export const LEVELS = ["critical", "warning", "unknown", "ok"];

const rank = (order) => (value) => {
  const i = order.indexOf(value);
  return i < 0 ? order.length : i;
};
const stateRank = rank(STATES);
const levelRank = rank(LEVELS);
// One collator for every comparison: localeCompare with options builds one per call, which made a sort of 10,000 hosts
// take most of a second.
const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
const metric = (key) => (h) => h.summary?.[key] ?? -1;
const time = (h) => (h.last_seen ? Date.parse(h.last_seen) : 0);

/** Sort keys by column; states and levels sort worst first. Ties keep name order (the sort is stable). */
const KEYS = {
  name: null,
  state: (h) => stateRank(h.state),
  level: (h) => levelRank(h.level),
  last_seen: time,
  address: (h) => h.address ?? "",
  os: (h) => h.os ?? "",
  cpu: metric("cpu"),
  memory: metric("memory"),
  disk: metric("disk"),
};

export const SORT_KEYS = Object.keys(KEYS);

export class Fleet {
  constructor() {
    this.hosts = new Map();
    /** The names in name order, made again only when hosts come or go: most changes are to hosts already known. */
    this.order = null;
  }

  replace(hosts) {
    this.hosts = new Map(hosts.map((h) => [h.name, h]));
    this.order = null;
  }

  set(host) {
    if (!this.hosts.has(host.name)) this.order = null;
    this.hosts.set(host.name, host);
  }

  remove(name) {
    if (this.hosts.delete(name)) this.order = null;
  }

  names() {
    this.order ??= [...this.hosts.keys()].sort(collator.compare);
    return this.order;
  }

  /** The names of the classes the fleet's hosts are in, sorted. */
  classNames() {
    const names = new Set();
    for (const h of this.hosts.values()) if (h.class) names.add(h.class);
    return [...names].sort((a, b) => a.localeCompare(b));
  }

  /** Hosts by state and by level, over the whole fleet. */
  counts() {
    const state = Object.fromEntries(STATES.map((s) => [s, 0]));
    const level = Object.fromEntries(LEVELS.map((l) => [l, 0]));
    for (const h of this.hosts.values()) {
      state[h.state] = (state[h.state] ?? 0) + 1;
      level[h.level] = (level[h.level] ?? 0) + 1;
    }
    return { total: this.hosts.size, state, level };
  }

  /** The hosts the view selects, in its order. */
  select(view) {
    const q = view.q.trim().toLowerCase();
    const rows = [];
    for (const name of this.names()) {
      const h = this.hosts.get(name);
      if (view.state.length && !view.state.includes(h.state)) continue;
      if (view.level.length && !view.level.includes(h.level)) continue;
      if (view.classes.length && !view.classes.includes(h.class)) continue;
      if (q && !matches(h, q)) continue;
      rows.push(h);
    }
    const key = KEYS[view.sort] ?? null;
    if (key !== null) rows.sort((a, b) => compareValues(key(a), key(b)));
    // Reversed whole, ties too: "name, descending" and "cpu, descending" read as the exact reverse of ascending.
    if (view.desc) rows.reverse();
    return rows;
  }
}

function matches(h, q) {
  return h.name.toLowerCase().includes(q)
    || (h.address ?? "").toLowerCase().includes(q)
    || (h.os ?? "").toLowerCase().includes(q);
}

function compareValues(a, b) {
  if (typeof a === "string") return collator.compare(a, b);
  return a - b;
}
